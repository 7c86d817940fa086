/* plz-stream.h — GET /api/v1/stream: the event log live over the hub, and sends
 * with group commit (the protocol is in docs/protocol.md) */
#pragma once

#include <libsoup/soup.h>

#include "accounts/plz-accounts.h"
#include "events/plz-events.h"
#include "messaging/plz-hub.h"
#include "messaging/plz-messaging.h"

G_BEGIN_DECLS

typedef struct _PlzStream PlzStream;

typedef struct
{
  guint burst;          /* frames a user may send at once (sends and typing) */
  guint per_second;     /* and then this many a second */
  guint commit_delay_ms;/* how long the first send waits for others to commit with
                         * (default 0: those that came during the last commit) */
} PlzStreamOptions;

PlzStream *plz_stream_new            (PlzAccounts        *accounts,
                                      PlzMessaging       *messaging,
                                      PlzEvents          *events);
void       plz_stream_free           (PlzStream          *self);

/* Fills @options with the limits in force. */
void       plz_stream_get_options    (PlzStream          *self,
                                      PlzStreamOptions   *options);

/* Changes the send limits and the group commit's delay. */
void       plz_stream_set_options    (PlzStream          *self,
                                      const PlzStreamOptions *options);

/* The hub under the stream (for its limits and timers). */
PlzHub    *plz_stream_get_hub        (PlzStream          *self);

/* Answers the upgrade of GET /api/v1/stream. */
void       plz_stream_upgrade        (PlzStream          *self,
                                      SoupServerMessage  *msg);

/* Commits what waits and closes every link (going away), as at shutdown. */
void       plz_stream_close_all      (PlzStream          *self);

/* Links signed in (after hello). */
guint      plz_stream_get_n_users    (PlzStream          *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PlzStream, plz_stream_free)

G_END_DECLS
