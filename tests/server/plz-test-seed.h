/* plz-test-seed.h — pairs of signed-in users with a conversation each, written
 * straight into a data directory before a server starts on it (for load and
 * crash tests that run the real plaza-server) */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  char *consumer_id;
  char *consumer_token;   /* a session token, as sign-in would give */
  char *operator_id;
  char *operator_token;
  char *listing_id;
  char *conversation_id;  /* opened by the consumer's inquiry "Hello" */
} PlzTestPair;

/* Frees @pair. */
void       plz_test_pair_free  (PlzTestPair  *pair);

/* Creates (and migrates) the database in @data_dir and adds @n pairs: a
 * consumer and an operator (accounts without a password, each with a
 * session), the operator's published listing, and the conversation the
 * consumer opened on it, all through the server's own store and domain code
 * in one transaction. Returns the pairs (PlzTestPair) or NULL with @error. */
GPtrArray *plz_test_seed_pairs (const char   *data_dir,
                                guint         n,
                                GError      **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PlzTestPair, plz_test_pair_free)

G_END_DECLS
