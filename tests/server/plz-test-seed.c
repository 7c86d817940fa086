/* plz-test-seed.c — pairs of signed-in users with a conversation each, written
 * straight into a data directory before a server starts on it */
#include "plz-test-seed.h"
#include "plz-config.h"
#include "plz-json.h"
#include "plz-time.h"
#include "accounts/plz-accounts-store.h"
#include "accounts/plz-crypto.h"
#include "catalogue/plz-catalogue.h"
#include "events/plz-events.h"
#include "messaging/plz-messaging.h"

#include <string.h>

/* Session tokens are 32 random bytes, as sign-in makes them. */
#define TOKEN_BYTES 32

void
plz_test_pair_free (PlzTestPair *pair)
{
  if (pair == NULL)
    return;
  g_free (pair->consumer_id);
  g_free (pair->consumer_token);
  g_free (pair->operator_id);
  g_free (pair->operator_token);
  g_free (pair->listing_id);
  g_free (pair->conversation_id);
  g_free (pair);
}

typedef struct
{
  PlzCatalogue *catalogue;
  PlzMessaging *messaging;
  guint         n;
  GPtrArray    *pairs;
} Seed;

/* An account that cannot sign in with a password ("!" is no hash) but holds
 * a session whose token is returned. */
static PlzUser *
add_user (PlzStore    *store,
          const char  *email,
          const char  *name,
          gboolean     operator,
          char       **token,
          GError     **error)
{
  g_autoptr(PlzUser) u = g_new0 (PlzUser, 1);
  g_autofree char *hash = NULL;
  PlzSession session = { 0 };
  gint64 now = plz_time_now_us ();

  u->id = plz_random_id ();
  u->email = g_strdup (email);
  u->password_hash = g_strdup ("!");
  u->display_name = g_strdup (name);
  u->timezone = g_strdup ("Africa/Johannesburg");
  u->locale = g_strdup ("en_ZA");
  u->is_consumer = TRUE;
  u->is_operator = operator;
  u->business_name = operator ? g_strdup (name) : NULL;
  u->status = PLZ_ACCOUNT_ACTIVE;
  u->created_at = u->updated_at = now;
  if (!plz_accounts_store_insert_user (store, u, error))
    return NULL;

  *token = plz_random_token (TOKEN_BYTES);
  hash = plz_sha256_hex (*token);
  session.id = plz_random_id ();
  session.user_id = u->id;
  session.user_agent = (char *) "plaza-test-seed";
  session.client_addr = (char *) "127.0.0.1";
  session.created_at = session.last_used_at = now;
  session.expires_at = now + 30 * G_TIME_SPAN_DAY;
  if (!plz_accounts_store_insert_session (store, &session, hash, error))
    {
      g_clear_pointer (token, g_free);
      g_free (session.id);
      return NULL;
    }
  g_free (session.id);
  return g_steal_pointer (&u);
}

static gboolean
seed_txn (PlzStore  *store,
          gpointer   data,
          GError   **error)
{
  Seed *s = data;

  for (guint i = 0; i < s->n; i++)
    {
      g_autoptr(PlzTestPair) pair = g_new0 (PlzTestPair, 1);
      g_autofree char *consumer_email = g_strdup_printf ("pair-%u-consumer@plaza.test", i);
      g_autofree char *operator_email = g_strdup_printf ("pair-%u-operator@plaza.test", i);
      g_autofree char *consumer_name = g_strdup_printf ("Consumer %u", i);
      g_autofree char *operator_name = g_strdup_printf ("Operator %u", i);
      g_autofree char *body = g_strdup_printf (
        "{\"category_id\":10,\"title\":\"Car wash %u\",\"description\":\"Hand wash and polish\","
        "\"price\":{\"amount_minor\":15000,\"currency\":\"ZAR\"},\"pricing_type\":\"fixed\","
        "\"location\":{\"lat\":-26.1,\"lng\":28.0,\"city\":\"Johannesburg\",\"country\":\"ZA\"}}", i);
      g_autoptr(JsonObject) fields = plz_json_parse_object (body, strlen (body), error);
      g_autoptr(PlzUser) consumer = NULL;
      g_autoptr(PlzUser) operator = NULL;
      g_autoptr(PlzListing) draft = NULL;
      g_autoptr(PlzListing) listing = NULL;
      g_autoptr(JsonObject) opened = NULL;

      if (fields == NULL)
        return FALSE;
      consumer = add_user (store, consumer_email, consumer_name, FALSE, &pair->consumer_token, error);
      if (consumer == NULL)
        return FALSE;
      operator = add_user (store, operator_email, operator_name, TRUE, &pair->operator_token, error);
      if (operator == NULL)
        return FALSE;
      draft = plz_catalogue_create (s->catalogue, operator, fields, error);
      if (draft == NULL)
        return FALSE;
      listing = plz_catalogue_set_status (s->catalogue, operator, draft->id, "active", error);
      if (listing == NULL)
        return FALSE;
      opened = plz_messaging_inquire (s->messaging, consumer, listing->id, "Hello", NULL, error);
      if (opened == NULL)
        return FALSE;
      pair->consumer_id = g_strdup (consumer->id);
      pair->operator_id = g_strdup (operator->id);
      pair->listing_id = g_strdup (listing->id);
      pair->conversation_id = g_strdup (json_object_get_string_member (
        json_object_get_object_member (opened, "conversation"), "id"));
      g_ptr_array_add (s->pairs, g_steal_pointer (&pair));
    }
  return TRUE;
}

GPtrArray *
plz_test_seed_pairs (const char  *data_dir,
                     guint        n,
                     GError     **error)
{
  g_autoptr(PlzConfig) config = plz_config_new ();
  g_autofree char *db_path = NULL;
  g_autoptr(PlzStore) store = NULL;
  g_autoptr(PlzCatalogue) catalogue = NULL;
  g_autoptr(PlzEvents) events = NULL;
  g_autoptr(PlzMessaging) messaging = NULL;
  g_autoptr(GPtrArray) pairs = g_ptr_array_new_with_free_func ((GDestroyNotify) plz_test_pair_free);
  Seed seed;

  g_free (config->data_dir);
  config->data_dir = g_strdup (data_dir);
  if (!plz_config_ensure_data_dir (config, error))
    return NULL;
  db_path = plz_config_get_db_path (config);
  store = plz_store_open_and_migrate (db_path, error);
  if (store == NULL)
    return NULL;
  /* One transaction for everything; nothing here needs to survive a crash. */
  if (!plz_store_exec (store, "PRAGMA synchronous = OFF", error))
    return NULL;
  catalogue = plz_catalogue_new (store, config, error);
  if (catalogue == NULL)
    return NULL;
  events = plz_events_new (store);
  messaging = plz_messaging_new (store, events, catalogue);
  seed = (Seed) { catalogue, messaging, n, pairs };
  if (!plz_store_transaction (store, seed_txn, &seed, error))
    return NULL;
  plz_store_close (store);
  return g_steal_pointer (&pairs);
}
