/* plz-link.h — the live link: the event stream (WebSocket, long-poll fallback),
 * sending with acks, and the offline outbox. One per signed-in account. */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "plz-outbox.h"

G_BEGIN_DECLS

typedef enum
{
  PLZ_LINK_STATE_OFFLINE,       /* not started, signed out, or no network */
  PLZ_LINK_STATE_CONNECTING,    /* an attempt is in progress */
  PLZ_LINK_STATE_ONLINE,        /* WebSocket up, "ready" received */
  PLZ_LINK_STATE_POLLING,       /* WebSockets failing; using GET /api/v1/events */
  PLZ_LINK_STATE_RECONNECTING,  /* waiting to retry; see get_retry_seconds */
} PlzLinkState;

#define PLZ_TYPE_LINK_STATE (plz_link_state_get_type ())
#define PLZ_TYPE_LINK (plz_link_get_type ())

/* The GType of PlzLinkState. */
GType plz_link_state_get_type (void);

G_DECLARE_FINAL_TYPE (PlzLink, plz_link, PLZ, LINK, GObject)

/* A link for the account with @token at @server_url (e.g. "http://127.0.0.1:8470")
 * over @session; it keeps its last seen seq and its outbox in @state_dir (made
 * when missing), a directory only this account uses. Nothing happens until started. */
PlzLink      *plz_link_new               (SoupSession *session,
                                          const char  *server_url,
                                          const char  *token,
                                          const char  *state_dir);

/* Connects, replays what was missed and goes live. */
void          plz_link_start             (PlzLink *self);

/* Closes the link; the outbox stays on disk. */
void          plz_link_stop              (PlzLink *self);

/* The state (property "state", notified). */
PlzLinkState  plz_link_get_state         (PlzLink *self);

/* Seconds until the next try while reconnecting (property "retry-seconds"). */
guint         plz_link_get_retry_seconds (PlzLink *self);

/* The last event seq delivered (property "last-seq"). */
gint64        plz_link_get_last_seq      (PlzLink *self);

/* Tries now instead of waiting (the "Retry now" button); starts a stopped link. */
void          plz_link_reconnect_now     (PlzLink *self);

/* Queues a message: written to the outbox file (fsync'd) before returning, sent
 * when the link is up, resent after reconnects until acked, never twice (the
 * server dedupes by client_id). Returns the new client_id ("c-" + uuid).
 * @attachments_json may be NULL or a JSON array text as the server accepts it. */
char         *plz_link_send              (PlzLink    *self,
                                          const char *conversation_id,
                                          const char *body,
                                          const char *attachments_json);

/* Messages written but not acked yet, oldest first (GListModel of PlzOutboxItem). */
GListModel   *plz_link_get_outbox        (PlzLink *self);

/* How often the WebSocket is tried again while polling, in ms (property
 * "probe-interval", 60000 unless set). For tests, which cannot wait a minute. */
void          plz_link_set_probe_interval (PlzLink *self,
                                           guint    interval_ms);

/* Sends a typing frame (dropped when not on the WebSocket; at most one per 3 s
 * per conversation). */
void          plz_link_send_typing       (PlzLink    *self,
                                          const char *conversation_id);

/* Signals:
 *  "event"       (const char *kind, JsonObject *data, gint64 seq)  every event once, in order
 *  "acked"       (const char *client_id, JsonObject *message)      the server stored it
 *  "refused"     (const char *client_id, const char *code, const char *message)
 *  "typing"      (const char *conversation_id, const char *user_id)
 *  "auth-failed" (const char *message)  the token no longer works or the account
 *                is suspended; the link has stopped (state OFFLINE)
 */

G_END_DECLS
