/* plz-stream.c — GET /api/v1/stream: the event log live over the hub, and sends
 * with group commit (the protocol is in docs/protocol.md) */
#define G_LOG_DOMAIN "plaza-messaging"

#include "plz-stream.h"
#include "plz-messaging-json.h"
#include "plz-error.h"
#include "plz-json.h"
#include "plz-time.h"
#include "accounts/plz-accounts-store.h"

#include <string.h>

/* Close codes of the protocol (RFC 6455 leaves 4000-4999 to applications). */
#define CLOSE_HELLO_FIRST   4000
#define CLOSE_UNAUTHORIZED  4001
#define CLOSE_SUSPENDED     4003

/* Replayed events are read this many at a time. */
#define REPLAY_CHUNK 500

/* Delivery receipts wait this long for sends to commit with. */
#define RECEIPT_DELAY_MS 50

struct _PlzStream
{
  PlzAccounts      *accounts;
  PlzMessaging     *messaging;
  PlzEvents        *events;
  PlzStore         *store;
  PlzHub           *hub;
  guint             subscription;
  GHashTable       *links;       /* user id → GPtrArray of Link (not owned) */
  GHashTable       *buckets;     /* user id → Bucket */
  GPtrArray        *pending;     /* Send waiting for the group commit */
  GHashTable       *delivered;   /* user ids whose links got a message */
  GSource          *commit_source;
  gint64            commit_due;    /* monotonic µs */
  PlzStreamOptions  options;
};

/* One WebSocket's state, kept as the hub connection's data. */
typedef struct
{
  PlzStream  *stream;
  PlzHubConn *conn;      /* not owned: the data lives as long as it */
  PlzUser    *user;      /* after hello; kept after closing for sends still pending */
  gint64      sent_seq;  /* the last event this link has been sent */
  gboolean    closed;    /* no longer among its user's links */
} Link;

typedef struct
{
  double  tokens;
  gint64  at;
} Bucket;

typedef struct
{
  PlzHubConn *conn;      /* owned reference: the ack goes here, and it keeps the
                          * link, and so its user, alive */
  char       *client_id;
  char       *conversation_id;
  char       *body;
  JsonArray  *attachments;  /* or NULL */
} Send;

static void
send_free (Send *s)
{
  plz_hub_conn_unref (s->conn);
  g_free (s->client_id);
  g_free (s->conversation_id);
  g_free (s->body);
  g_clear_pointer (&s->attachments, json_array_unref);
  g_free (s);
}

static void
send_object (PlzHubConn *conn,
             JsonObject *o)
{
  g_autofree char *text = plz_json_object_to_string (o);

  plz_hub_conn_send_text (conn, text, -1);
}

/* {"type":"error","code","message","field"?,"client_id"?}: the link stays open. */
static void
send_error (PlzHubConn   *conn,
            const GError *error,
            const char   *client_id)
{
  g_autoptr(JsonObject) o = json_object_new ();
  PlzErrorCode code = error->domain == PLZ_ERROR ? (PlzErrorCode) error->code : PLZ_ERROR_INTERNAL;
  const char *field = error->domain == PLZ_ERROR ? plz_error_get_field (error) : NULL;

  json_object_set_string_member (o, "type", "error");
  json_object_set_string_member (o, "code", plz_error_code_name (code));
  json_object_set_string_member (o, "message", code == PLZ_ERROR_INTERNAL || code == PLZ_ERROR_STORE
                                               ? "Something went wrong on the server; send again"
                                               : error->message);
  if (field != NULL)
    json_object_set_string_member (o, "field", field);
  if (client_id != NULL)
    json_object_set_string_member (o, "client_id", client_id);
  send_object (conn, o);
}

static void
send_error_literal (PlzHubConn   *conn,
                    PlzErrorCode  code,
                    const char   *message,
                    const char   *field)
{
  g_autoptr(GError) error = g_error_new_literal (PLZ_ERROR, code, message);

  if (field != NULL)
    plz_error_set_field (error, field);
  send_error (conn, error, NULL);
}

/* Links of a user --------------------------------------------------------------- */

static void
add_link (PlzStream *self,
          Link      *link)
{
  GPtrArray *list = g_hash_table_lookup (self->links, link->user->id);

  if (list == NULL)
    {
      list = g_ptr_array_new ();
      g_hash_table_insert (self->links, g_strdup (link->user->id), list);
    }
  g_ptr_array_add (list, link);
}

static void
remove_link (PlzStream *self,
             Link      *link)
{
  GPtrArray *list;

  if (link->user == NULL)
    return;
  list = g_hash_table_lookup (self->links, link->user->id);
  if (list != NULL)
    {
      g_ptr_array_remove_fast (list, link);
      if (list->len == 0)
        g_hash_table_remove (self->links, link->user->id);
    }
}

static void
link_free (Link *link)
{
  if (!link->closed)
    remove_link (link->stream, link);
  g_clear_pointer (&link->user, plz_user_free);
  g_free (link);
}

/* Token bucket per user, shared by their links: a flood gets a clear error. */
static gboolean
take_token (PlzStream  *self,
            const char *user_id)
{
  Bucket *b = g_hash_table_lookup (self->buckets, user_id);
  gint64 now = g_get_monotonic_time ();

  if (b == NULL)
    {
      b = g_new0 (Bucket, 1);
      b->tokens = self->options.burst;
      b->at = now;
      g_hash_table_insert (self->buckets, g_strdup (user_id), b);
    }
  b->tokens = MIN (self->options.burst, b->tokens + (now - b->at) / 1e6 * self->options.per_second);
  b->at = now;
  if (b->tokens < 1)
    return FALSE;
  b->tokens -= 1;
  return TRUE;
}

/* Events ------------------------------------------------------------------------ */

static void
event_cb (const PlzEvent *event,
          gpointer        user_data)
{
  PlzStream *self = user_data;
  GPtrArray *list = g_hash_table_lookup (self->links, event->user_id);
  g_autofree char *text = NULL;

  if (list == NULL)
    return;
  for (guint i = 0; i < list->len; i++)
    {
      Link *link = list->pdata[i];

      if (event->seq <= link->sent_seq)
        continue;
      /* The stored text, not the object serialized again. */
      if (text == NULL)
        text = plz_events_frame_text (event);
      plz_hub_conn_send_text (link->conn, text, -1);
      link->sent_seq = event->seq;
    }
  if (g_str_equal (event->kind, "message.created"))
    g_hash_table_add (self->delivered, g_strdup (event->user_id));
  /* A suspended or banned account's links close at once. */
  if (g_str_equal (event->kind, "account.status") && event->data != NULL &&
      g_strcmp0 (json_object_get_string_member_with_default (event->data, "status", "active"), "active") != 0)
    for (guint i = list->len; i > 0; i--)
      plz_hub_conn_close (((Link *) list->pdata[i - 1])->conn, CLOSE_SUSPENDED, "Account suspended");
}

/* Group commit -------------------------------------------------------------------- */

typedef struct
{
  PlzStream  *self;
  GPtrArray  *sends;
  GPtrArray  *results;   /* the message as JSON text, or NULL, per send */
  GPtrArray  *errors;    /* GError or NULL per send */
  GHashTable *delivered; /* user ids whose links were sent messages */
} Batch;

/* Slots of a batch without an error hold NULL. */
static void
error_free (gpointer e)
{
  if (e != NULL)
    g_error_free (e);
}

static void
batch_free (Batch *b)
{
  g_ptr_array_unref (b->sends);
  g_ptr_array_unref (b->results);
  g_ptr_array_unref (b->errors);
  g_hash_table_unref (b->delivered);
  g_free (b);
}

static void schedule_commit_in (PlzStream *self,
                                guint      delay_ms);

/* Answers every send of @b: an ack, or why it was refused (@failed: the
 * commit itself failed). */
static void
answer_batch (Batch        *b,
              const GError *failed)
{
  for (guint i = 0; i < b->sends->len; i++)
    {
      Send *s = b->sends->pdata[i];
      const char *result = i < b->results->len ? b->results->pdata[i] : NULL;
      GError *refused = i < b->errors->len ? b->errors->pdata[i] : NULL;

      if (failed == NULL && result != NULL)
        {
          g_autoptr(GString) ack = g_string_sized_new (strlen (result) + 64);

          g_string_append (ack, "{\"type\":\"ack\",\"client_id\":");
          plz_messaging_json_string (ack, s->client_id);
          g_string_append (ack, ",\"message\":");
          g_string_append (ack, result);
          g_string_append_c (ack, '}');
          plz_hub_conn_send_text (s->conn, ack->str, ack->len);
        }
      else
        send_error (s->conn, failed != NULL ? failed : refused, s->client_id);
    }
}

/* After the batch's commit is durable (its events went out just before). */
static void
batch_committed_cb (gpointer data,
                    gpointer store)
{
  Batch *b = data;
  PlzStream *self = b->self;

  answer_batch (b, NULL);
  batch_free (b);
  /* Sends held back while this batch was being synced commit now; what it
   * delivered is receipted by the next commit, which sends arriving soon
   * bring forward: under load receipts cost no commit. */
  if (self->pending->len > 0)
    schedule_commit_in (self, self->options.commit_delay_ms);
  else if (g_hash_table_size (self->delivered) > 0)
    schedule_commit_in (self, RECEIPT_DELAY_MS);
}

static gboolean
batch_txn (PlzStore  *store,
           gpointer   data,
           GError   **error)
{
  Batch *b = data;
  GHashTableIter iter;
  gpointer user_id;

  /* Receipts for what the last commits delivered ride along: no commit (and
   * no sync) of their own. First: what this batch sends was not delivered
   * by then, even to someone who has gone since. */
  g_hash_table_iter_init (&iter, b->delivered);
  while (g_hash_table_iter_next (&iter, &user_id, NULL))
    {
      g_autoptr(GError) local = NULL;

      if (!plz_messaging_mark_delivered_in_transaction (b->self->messaging, user_id, &local))
        g_warning ("Cannot record deliveries: %s", local->message);
    }
  for (guint i = 0; i < b->sends->len; i++)
    {
      Send *s = b->sends->pdata[i];
      Link *link = plz_hub_conn_get_data (s->conn);
      GError *local = NULL;
      char *result = plz_messaging_send_in_transaction_text_with_attachments (b->self->messaging, link->user,
                                                                              s->conversation_id, s->body,
                                                                              s->attachments, s->client_id, &local);

      g_ptr_array_add (b->results, result);
      g_ptr_array_add (b->errors, local);
    }
  /* Last: the events of the batch are announced before its acks. Not freed
   * on a rollback: commit_pending() answers then. */
  plz_store_after_commit (store, batch_committed_cb, b, NULL);
  return TRUE;
}

/* Every send that arrived since the last commit commits in one transaction
 * (each in its own savepoint, so one refusal spares the rest), with the
 * delivery receipts of what earlier commits sent out. With durability
 * "full" the commit does not wait for the disk: acks (and events) go out
 * once the sync thread has made it durable. */
static void
commit_pending (PlzStream *self)
{
  g_autoptr(GError) error = NULL;
  Batch *b;

  /* After shutdown closed the store: unacked sends are sent again by their
   * clients (a retry creates nothing twice), receipts are not recorded. */
  if ((self->pending->len == 0 && g_hash_table_size (self->delivered) == 0) ||
      plz_store_get_db (self->store) == NULL)
    return;
  b = g_new0 (Batch, 1);
  b->self = self;
  b->sends = g_steal_pointer (&self->pending);
  b->delivered = g_steal_pointer (&self->delivered);
  b->results = g_ptr_array_new_with_free_func (g_free);
  b->errors = g_ptr_array_new_with_free_func (error_free);
  self->pending = g_ptr_array_new_with_free_func ((GDestroyNotify) send_free);
  self->delivered = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  if (!plz_store_transaction_deferred (self->store, batch_txn, b, &error))
    {
      g_warning ("Cannot commit %u messages: %s", b->sends->len, error->message);
      answer_batch (b, error);
      batch_free (b);
    }
}

static gboolean
commit_cb (gpointer data)
{
  PlzStream *self = data;

  g_clear_pointer (&self->commit_source, g_source_unref);
  /* One batch being synced and the next waiting for that sync: the sends
   * gather until the first is done (its hook calls again), so batches grow
   * with the disk's latency rather than commits queueing behind it. */
  if (plz_store_get_n_unsynced (self->store) < 2)
    commit_pending (self);
  return G_SOURCE_REMOVE;
}

/* Commits within @delay_ms, or sooner if one is already due sooner. */
static void
schedule_commit_in (PlzStream *self,
                    guint      delay_ms)
{
  gint64 due = g_get_monotonic_time () + (gint64) delay_ms * 1000;

  if (self->commit_source != NULL)
    {
      if (self->commit_due <= due)
        return;
      g_source_destroy (self->commit_source);
      g_clear_pointer (&self->commit_source, g_source_unref);
    }
  self->commit_due = due;
  self->commit_source = g_timeout_source_new (delay_ms);
  g_source_set_callback (self->commit_source, commit_cb, self, NULL);
  g_source_set_static_name (self->commit_source, "[plaza] group commit");
  g_source_attach (self->commit_source, g_main_context_get_thread_default ());
}

static void
schedule_commit (PlzStream *self)
{
  schedule_commit_in (self, self->options.commit_delay_ms);
}

/* Frames -------------------------------------------------------------------------- */

static void
replay_and_ready (Link   *link,
                  gint64  since)
{
  PlzStream *self = link->stream;
  g_autoptr(JsonObject) ready = json_object_new ();
  gint64 seq = since;

  for (;;)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonArray) events = plz_events_since (self->events, link->user->id, seq, REPLAY_CHUNK, &error);
      guint n;

      if (events == NULL)
        {
          send_error (link->conn, error, NULL);
          plz_hub_conn_close (link->conn, PLZ_HUB_CLOSE_GOING_AWAY, "Cannot read events; reconnect");
          return;
        }
      n = json_array_get_length (events);
      for (guint i = 0; i < n; i++)
        {
          JsonObject *e = json_array_get_object_element (events, i);
          g_autoptr(JsonObject) frame = plz_events_frame (json_object_get_int_member (e, "seq"),
                                                          json_object_get_string_member (e, "kind"),
                                                          json_object_get_object_member (e, "data"));

          send_object (link->conn, frame);
          seq = json_object_get_int_member (e, "seq");
        }
      if (n < REPLAY_CHUNK)
        break;
    }
  link->sent_seq = seq;
  json_object_set_string_member (ready, "type", "ready");
  json_object_set_int_member (ready, "seq", seq);
  send_object (link->conn, ready);
  g_hash_table_add (self->delivered, g_strdup (link->user->id));
  schedule_commit_in (self, RECEIPT_DELAY_MS);
}

static void
on_hello (Link       *link,
          JsonObject *frame)
{
  PlzStream *self = link->stream;
  const char *token = json_object_get_string_member_with_default (frame, "token", NULL);
  JsonNode *since_node = json_object_get_member (frame, "since");
  g_autoptr(GError) error = NULL;
  g_autoptr(PlzSession) session = NULL;
  gint64 since = 0;

  if (link->user != NULL)
    {
      send_error_literal (link->conn, PLZ_ERROR_INVALID_INPUT, "Say hello once", "type");
      return;
    }
  if (since_node != NULL)
    {
      if (!JSON_NODE_HOLDS_VALUE (since_node) || json_node_get_value_type (since_node) != G_TYPE_INT64 ||
          json_node_get_int (since_node) < 0)
        {
          send_error_literal (link->conn, PLZ_ERROR_INVALID_INPUT, "since is the last sequence number seen, 0 or more",
                              "since");
          plz_hub_conn_close (link->conn, CLOSE_HELLO_FIRST, "Bad hello");
          return;
        }
      since = json_node_get_int (since_node);
    }
  link->user = token != NULL ? plz_accounts_authenticate (self->accounts, token, &session, &error) : NULL;
  if (link->user == NULL)
    {
      if (error == NULL)
        error = g_error_new_literal (PLZ_ERROR, PLZ_ERROR_UNAUTHORIZED, "Sign in first: hello needs a token");
      send_error (link->conn, error, NULL);
      plz_hub_conn_close (link->conn, error->code == PLZ_ERROR_ACCOUNT_SUSPENDED ||
                                      error->code == PLZ_ERROR_ACCOUNT_BANNED ? CLOSE_SUSPENDED : CLOSE_UNAUTHORIZED,
                          "Not signed in");
      return;
    }
  add_link (self, link);
  replay_and_ready (link, since);
}

static void
on_send (Link       *link,
         JsonObject *frame)
{
  PlzStream *self = link->stream;
  const char *conversation = json_object_get_string_member_with_default (frame, "conversation_id", NULL);
  const char *body = json_object_get_string_member_with_default (frame, "body", NULL);
  const char *client_id = json_object_get_string_member_with_default (frame, "client_id", NULL);
  JsonNode *attachments = json_object_get_member (frame, "attachments");
  Send *s;

  if (client_id == NULL)
    {
      send_error_literal (link->conn, PLZ_ERROR_INVALID_INPUT, "A send needs a client_id for its ack", "client_id");
      return;
    }
  if (attachments != NULL && !JSON_NODE_HOLDS_ARRAY (attachments))
    {
      g_autoptr(GError) error = g_error_new_literal (PLZ_ERROR, PLZ_ERROR_INVALID_INPUT, "“attachments” must be a list");

      plz_error_set_field (error, "attachments");
      send_error (link->conn, error, client_id);
      return;
    }
  /* With attachments the body may be left out (the send path checks it). */
  if (conversation == NULL || (body == NULL && attachments == NULL))
    {
      g_autoptr(GError) error = g_error_new_literal (PLZ_ERROR, PLZ_ERROR_INVALID_INPUT,
                                                     "A send needs conversation_id and body as text");

      plz_error_set_field (error, conversation == NULL ? "conversation_id" : "body");
      send_error (link->conn, error, client_id);
      return;
    }
  s = g_new0 (Send, 1);
  s->conn = plz_hub_conn_ref (link->conn);
  s->client_id = g_strdup (client_id);
  s->conversation_id = g_strdup (conversation);
  s->body = g_strdup (body);
  s->attachments = attachments != NULL ? json_array_ref (json_node_get_array (attachments)) : NULL;
  g_ptr_array_add (self->pending, s);
  schedule_commit (self);
}

static void
on_typing (Link       *link,
           JsonObject *frame)
{
  PlzStream *self = link->stream;
  const char *conversation = json_object_get_string_member_with_default (frame, "conversation_id", NULL);
  g_autofree char *other = NULL;
  g_autoptr(JsonObject) relay = NULL;
  GPtrArray *list;

  /* Not a participant: say nothing, as if the conversation did not exist. */
  if (conversation == NULL || !plz_messaging_is_participant (self->messaging, link->user->id, conversation, &other))
    {
      send_error_literal (link->conn, PLZ_ERROR_NOT_FOUND, "There is no such conversation", "conversation_id");
      return;
    }
  list = g_hash_table_lookup (self->links, other);
  relay = json_object_new ();
  json_object_set_string_member (relay, "type", "typing");
  json_object_set_string_member (relay, "conversation_id", conversation);
  json_object_set_string_member (relay, "user_id", link->user->id);
  for (guint i = 0; list != NULL && i < list->len; i++)
    send_object (((Link *) list->pdata[i])->conn, relay);
}

static void
text_cb (PlzHub     *hub,
         PlzHubConn *conn,
         const char *data,
         gsize       len,
         gpointer    user_data)
{
  Link *link = plz_hub_conn_get_data (conn);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) frame = plz_json_parse_object (data, len, &error);
  const char *type;

  if (link == NULL)
    return;
  if (frame == NULL)
    {
      send_error (conn, error, NULL);
      return;
    }
  type = json_object_get_string_member_with_default (frame, "type", "");
  if (link->user == NULL && !g_str_equal (type, "hello"))
    {
      send_error_literal (conn, PLZ_ERROR_UNAUTHORIZED, "The first frame is hello", "type");
      plz_hub_conn_close (conn, CLOSE_HELLO_FIRST, "Hello first");
      return;
    }
  if (g_str_equal (type, "hello"))
    on_hello (link, frame);
  else if ((g_str_equal (type, "send") || g_str_equal (type, "typing")) &&
           !take_token (link->stream, link->user->id))
    {
      g_autoptr(GError) slow = g_error_new_literal (PLZ_ERROR, PLZ_ERROR_TOO_MANY_ATTEMPTS,
                                                    "Too many messages at once; wait a moment and send again");

      send_error (conn, slow, json_object_get_string_member_with_default (frame, "client_id", NULL));
    }
  else if (g_str_equal (type, "send"))
    on_send (link, frame);
  else if (g_str_equal (type, "typing"))
    on_typing (link, frame);
  else
    send_error_literal (conn, PLZ_ERROR_INVALID_INPUT, "Unknown frame type", "type");
}

static void
opened_cb (PlzHub     *hub,
           PlzHubConn *conn,
           gpointer    user_data)
{
  Link *link = g_new0 (Link, 1);

  link->stream = user_data;
  link->conn = conn;
  plz_hub_conn_set_data (conn, link, (GDestroyNotify) link_free);
}

static void
closed_cb (PlzHub     *hub,
           PlzHubConn *conn,
           gpointer    user_data)
{
  Link *link = plz_hub_conn_get_data (conn);

  /* Nothing more goes to a closed link; its data goes with the connection. */
  if (link != NULL && !link->closed)
    {
      remove_link (link->stream, link);
      link->closed = TRUE;
    }
}

/* Life ------------------------------------------------------------------------------ */

static gboolean
online_cb (const char *user_id,
           gpointer    user_data)
{
  PlzStream *self = user_data;

  return g_hash_table_contains (self->links, user_id);
}

PlzStream *
plz_stream_new (PlzAccounts  *accounts,
                PlzMessaging *messaging,
                PlzEvents    *events)
{
  static const PlzHubCallbacks callbacks = { opened_cb, text_cb, closed_cb };
  PlzStream *self = g_new0 (PlzStream, 1);

  self->accounts = accounts;
  self->messaging = messaging;
  self->events = events;
  self->store = plz_accounts_get_store (accounts);
  self->links = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_ptr_array_unref);
  self->buckets = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->delivered = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->pending = g_ptr_array_new_with_free_func ((GDestroyNotify) send_free);
  self->options.burst = 30;
  self->options.per_second = 20;
  /* No timer: sends that arrive while a commit is being written wait for
   * it and then commit together, so batches grow with the load by
   * themselves and a lone message commits at once. */
  self->options.commit_delay_ms = 0;
  self->hub = plz_hub_new (&callbacks, self);
  self->subscription = plz_events_subscribe_full (events, event_cb, self);
  plz_messaging_set_online_func (messaging, online_cb, self);
  return self;
}

void
plz_stream_get_options (PlzStream        *self,
                        PlzStreamOptions *options)
{
  *options = self->options;
}

void
plz_stream_set_options (PlzStream              *self,
                        const PlzStreamOptions *options)
{
  self->options = *options;
}

PlzHub *
plz_stream_get_hub (PlzStream *self)
{
  return self->hub;
}

void
plz_stream_upgrade (PlzStream         *self,
                    SoupServerMessage *msg)
{
  g_autoptr(GError) error = NULL;

  /* plz_hub_upgrade answers a bad upgrade itself. */
  if (!plz_hub_upgrade (self->hub, msg, &error))
    g_debug ("Refused a stream upgrade: %s", error->message);
}

void
plz_stream_close_all (PlzStream *self)
{
  /* The sends, then the receipts of what they delivered, and no timer left
   * to fire once the store is closed. */
  for (guint i = 0; i < 2; i++)
    {
      if (self->commit_source != NULL)
        {
          g_source_destroy (self->commit_source);
          g_clear_pointer (&self->commit_source, g_source_unref);
        }
      commit_pending (self);
      plz_store_sync_deferred (self->store);
    }
  if (self->commit_source != NULL)
    {
      g_source_destroy (self->commit_source);
      g_clear_pointer (&self->commit_source, g_source_unref);
    }
  plz_hub_close_all (self->hub, PLZ_HUB_CLOSE_GOING_AWAY, "Server shutting down");
}

guint
plz_stream_get_n_users (PlzStream *self)
{
  return g_hash_table_size (self->links);
}

void
plz_stream_free (PlzStream *self)
{
  if (self == NULL)
    return;
  if (self->commit_source != NULL)
    {
      g_source_destroy (self->commit_source);
      g_clear_pointer (&self->commit_source, g_source_unref);
    }
  commit_pending (self);
  if (plz_store_get_db (self->store) != NULL)
    plz_store_sync_deferred (self->store);
  /* The acks just sent may have asked for another commit: not any more. */
  if (self->commit_source != NULL)
    {
      g_source_destroy (self->commit_source);
      g_clear_pointer (&self->commit_source, g_source_unref);
    }
  plz_events_unsubscribe (self->events, self->subscription);
  plz_messaging_set_online_func (self->messaging, NULL, NULL);
  plz_hub_free (self->hub);
  g_hash_table_unref (self->links);
  g_hash_table_unref (self->buckets);
  g_hash_table_unref (self->delivered);
  g_ptr_array_unref (self->pending);
  g_free (self);
}
