/* plz-messaging.c — conversations and messages: who may say what, and who hears of it */
#define G_LOG_DOMAIN "plaza-messaging"

#include "plz-messaging.h"
#include "plz-messaging-private.h"
#include "plz-attachments-private.h"
#include "plz-messaging-json.h"
#include "plz-messaging-store.h"
#include "plz-error.h"
#include "plz-json.h"
#include "plz-time.h"
#include "plz-validate.h"
#include "accounts/plz-accounts-store.h"
#include "accounts/plz-crypto.h"
#include "moderation/plz-moderation.h"

#include <string.h>


void
plz_messaging_set_moderation (PlzMessaging  *self,
                              PlzModeration *moderation)
{
  self->moderation = moderation;
}

void
plz_messaging_set_booking_card (PlzMessaging                *self,
                                PlzMessagingBookingCardFunc  func,
                                gpointer                     user_data)
{
  self->booking_card = func;
  self->booking_card_data = user_data;
}

/* Sets "booking" (and with @with_slots "next_slots") of @c's card on @o. */
void
_plz_messaging_set_booking_members (PlzMessaging          *self,
                                    const PlzConversation *c,
                                    gboolean               with_slots,
                                    JsonObject            *o)
{
  json_object_set_null_member (o, "booking");
  if (with_slots)
    json_object_set_array_member (o, "next_slots", json_array_new ());
  if (self->booking_card != NULL)
    self->booking_card (c->id, c->listing_id, c->operator_id, with_slots, o, self->booking_card_data);
}


PlzMessaging *
plz_messaging_new (PlzStore     *store,
                   PlzEvents    *events,
                   PlzCatalogue *catalogue)
{
  PlzMessaging *self = g_new0 (PlzMessaging, 1);

  self->store = g_object_ref (store);
  self->events = events;
  self->catalogue = catalogue;
  self->cards = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) _plz_messaging_cached_card_free);
  plz_events_set_renderer (events, "message.created", _plz_messaging_render_created, self);
  return self;
}

void
plz_messaging_free (PlzMessaging *self)
{
  if (self == NULL)
    return;
  plz_events_set_renderer (self->events, "message.created", NULL, NULL);
  g_object_unref (self->store);
  g_hash_table_unref (self->cards);
  g_free (self);
}

void
plz_messaging_set_online_func (PlzMessaging           *self,
                               PlzMessagingOnlineFunc  func,
                               gpointer                user_data)
{
  self->online = func;
  self->online_data = user_data;
}

PlzEvents *
plz_messaging_get_events (PlzMessaging *self)
{
  return self->events;
}

/* JSON ----------------------------------------------------------------------- */

static void
set_time (JsonObject *o,
          const char *name,
          gint64      usec)
{
  if (usec > 0)
    {
      g_autofree char *text = plz_time_format_rfc3339 (usec);

      json_object_set_string_member (o, name, text);
    }
  else
    json_object_set_null_member (o, name);
}

static void
set_json_text (JsonObject *o,
               const char *name,
               const char *text)
{
  JsonNode *node = text != NULL ? json_from_string (text, NULL) : NULL;

  if (node == NULL)
    {
      g_autoptr(JsonArray) empty = json_array_new ();

      node = json_node_init_array (json_node_alloc (), empty);
    }
  json_object_set_member (o, name, node);
}

JsonObject *
_plz_messaging_message_to_json (const PlzMessage *m)
{
  JsonObject *o = json_object_new ();

  json_object_set_string_member (o, "id", m->id);
  json_object_set_string_member (o, "conversation_id", m->conversation_id);
  json_object_set_string_member (o, "sender_id", m->sender_id);
  json_object_set_string_member (o, "kind", m->kind);
  json_object_set_string_member (o, "body", m->body);
  set_json_text (o, "attachments", m->attachments);
  set_json_text (o, "actions", m->actions);
  if (m->client_id != NULL)
    json_object_set_string_member (o, "client_id", m->client_id);
  else
    json_object_set_null_member (o, "client_id");
  set_time (o, "created_at", m->created_at);
  set_time (o, "delivered_at", m->delivered_at);
  set_time (o, "read_at", m->read_at);
  return o;
}

/* The public card of user @id, or a placeholder if the account is gone. */
JsonObject *
_plz_messaging_user_card (PlzMessaging *self,
                          const char   *id)
{
  g_autoptr(PlzUser) user = plz_accounts_store_get_user (self->store, id, NULL);
  JsonObject *o;

  if (user != NULL)
    return plz_user_to_json_public (user);
  o = json_object_new ();
  json_object_set_string_member (o, "id", id);
  json_object_set_string_member (o, "display_name", "Former member");
  return o;
}

/* The listing part of the context card: what the chat is about. */
JsonObject *
_plz_messaging_listing_card (PlzMessaging *self,
                             const char   *listing_id)
{
  g_autoptr(PlzListing) l = plz_catalogue_peek (self->catalogue, listing_id, NULL);
  g_autoptr(JsonObject) full = NULL;
  JsonObject *o = json_object_new ();
  static const char *keep[] = { "id", "title", "price", "pricing_type", "cover_thumbnail_url", "status",
                                "response_time_s", "rating", "rating_count", "category", "location" };

  if (l == NULL)
    {
      json_object_set_string_member (o, "id", listing_id);
      json_object_set_string_member (o, "title", "Listing no longer available");
      return o;
    }
  full = plz_listing_to_json (l);
  for (guint i = 0; i < G_N_ELEMENTS (keep); i++)
    if (json_object_has_member (full, keep[i]))
      json_object_set_member (o, keep[i], json_node_copy (json_object_get_member (full, keep[i])));
  return o;
}

/* What a view of a conversation shows besides its own columns. */
typedef struct
{
  JsonObject *listing;
  JsonObject *consumer;
  JsonObject *operator;
  JsonObject *last_message;  /* NULL: none */
  JsonObject *booking;       /* "booking" and "next_slots" */
} Cards;

static void
cards_clear (Cards *cards)
{
  g_clear_pointer (&cards->listing, json_object_unref);
  g_clear_pointer (&cards->consumer, json_object_unref);
  g_clear_pointer (&cards->operator, json_object_unref);
  g_clear_pointer (&cards->last_message, json_object_unref);
  g_clear_pointer (&cards->booking, json_object_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Cards, cards_clear)

/* Reads the cards and the last message of @c. */
static void
load_cards (PlzMessaging          *self,
            const PlzConversation *c,
            Cards                 *cards)
{
  cards->listing = _plz_messaging_listing_card (self, c->listing_id);
  cards->consumer = _plz_messaging_user_card (self, c->consumer_id);
  cards->operator = _plz_messaging_user_card (self, c->operator_id);
  cards->booking = json_object_new ();
  _plz_messaging_set_booking_members (self, c, TRUE, cards->booking);
  if (c->last_message_id != NULL)
    {
      g_autoptr(PlzMessage) m = plz_messaging_store_get_message (self->store, c->last_message_id, NULL);

      cards->last_message = m != NULL ? _plz_messaging_message_to_json (m) : NULL;
    }
}

/* @c as @viewer_id sees it, with @cards (referenced, not copied). */
static JsonObject *
conversation_with_cards (const PlzConversation *c,
                         const char            *viewer_id,
                         const Cards           *cards)
{
  JsonObject *o = json_object_new ();
  gboolean is_consumer = g_strcmp0 (viewer_id, c->consumer_id) == 0;

  json_object_set_string_member (o, "id", c->id);
  json_object_set_string_member (o, "stage", c->stage);
  json_object_set_string_member (o, "status", c->status);
  json_object_set_string_member (o, "role", is_consumer ? "consumer" : "operator");
  json_object_set_object_member (o, "listing", json_object_ref (cards->listing));
  json_object_set_object_member (o, "consumer", json_object_ref (cards->consumer));
  json_object_set_object_member (o, "operator", json_object_ref (cards->operator));
  json_object_set_int_member (o, "unread", is_consumer ? c->consumer_unread : c->operator_unread);
  if (cards->last_message != NULL)
    json_object_set_object_member (o, "last_message", json_object_ref (cards->last_message));
  else
    json_object_set_null_member (o, "last_message");
  set_time (o, "last_message_at", c->last_message_at);
  set_time (o, "created_at", c->created_at);
  /* The latest booking, and the next free slots for the context card. */
  json_object_set_member (o, "booking", json_node_copy (json_object_get_member (cards->booking, "booking")));
  json_object_set_member (o, "next_slots",
                          json_node_copy (json_object_get_member (cards->booking, "next_slots")));
  return o;
}

JsonObject *
_plz_messaging_conversation_to_json (PlzMessaging          *self,
                                     const PlzConversation *c,
                                     const char            *viewer_id)
{
  g_auto(Cards) cards = { 0 };

  load_cards (self, c, &cards);
  return conversation_with_cards (c, viewer_id, &cards);
}

/* Validation ----------------------------------------------------------------- */

static char *
check_body (const char  *body,
            GError     **error)
{
  g_autofree char *clean = NULL;

  if (body == NULL)
    {
      plz_error_set_invalid (error, "body", "Write a message");
      return NULL;
    }
  clean = plz_validate_text ("body", body, PLZ_MESSAGE_MAX_CHARS, error);
  if (clean == NULL)
    return NULL;
  if (*clean == '\0')
    {
      plz_error_set_invalid (error, "body", "Write a message");
      return NULL;
    }
  return g_steal_pointer (&clean);
}

/* A body beside attachments may be empty: "" then. */
static char *
check_optional_body (const char  *body,
                     GError     **error)
{
  if (body == NULL)
    return g_strdup ("");
  return plz_validate_text ("body", body, PLZ_MESSAGE_MAX_CHARS, error);
}

static gboolean
check_client_id (const char  *client_id,
                 GError     **error)
{
  gsize len = client_id != NULL ? strlen (client_id) : 0;

  if (client_id == NULL)
    return TRUE;
  if (len == 0 || len > 64 || strspn (client_id, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.:")
                              != len)
    {
      plz_error_set_invalid (error, "client_id", "A client id is 1 to 64 letters, digits, '-', '_', '.' or ':'");
      return FALSE;
    }
  return TRUE;
}

/* Sending --------------------------------------------------------------------- */

/* The answer to a send: {"message", "conversation" as @viewer_id sees it,
 * "created"}, read afresh. */
static JsonObject *
answer_for (PlzMessaging          *self,
            const PlzConversation *c,
            const PlzMessage      *m,
            const char            *viewer_id,
            gboolean               created)
{
  JsonObject *o = json_object_new ();

  json_object_set_object_member (o, "message", _plz_messaging_message_to_json (m));
  json_object_set_object_member (o, "conversation", _plz_messaging_conversation_to_json (self, c, viewer_id));
  json_object_set_boolean_member (o, "created", created);
  return o;
}

/* A message id: 128 bits as 32 hex digits like every id, the first 48 the
 * time in ms. Ids made in order land side by side in the indexes keyed by
 * them (messages.id, receipts), so a group commit writes a few pages rather
 * than one page per message. Unique by the 80 random bits, not secret. */
static char *
message_id (void)
{
  return g_strdup_printf ("%012" G_GINT64_MODIFIER "x%04x%08x%08x",
                          (g_get_real_time () / 1000) & G_GINT64_CONSTANT (0xffffffffffff),
                          g_random_int () & 0xffff, g_random_int (), g_random_int ());
}

/* A message from @sender_id in @c: saved with its receipt, the conversation's
 * state, the response-time figures and both event logs, in the caller's
 * transaction. @kind NULL is an inquiry or response by sender; @actions and
 * @attachments are JSON array texts or NULL. Returns the message; *@message_json gets it as
 * JSON text. */
static PlzMessage *
add_message_full (PlzMessaging     *self,
                  PlzConversation  *c,
                  const char       *sender_id,
                  const char       *kind,
                  const char       *body,
                  const char       *actions,
                  const char       *attachments,
                  const char       *client_id,
                  char            **message_json,
                  GError          **error)
{
  gboolean from_consumer = g_strcmp0 (sender_id, c->consumer_id) == 0;
  const char *recipient = from_consumer ? c->operator_id : c->consumer_id;
  g_autoptr(PlzMessage) m = g_new0 (PlzMessage, 1);
  g_autoptr(GString) text = g_string_sized_new (512);
  gint64 now = plz_time_now_us ();
  /* Online, they get it as this commits: delivered now, with no row in the
   * undelivered index to add and remove and no later commit to say so. */
  gboolean online = self->online != NULL && self->online (recipient, self->online_data);
  /* The events carry the whole conversation when it is new or its card
   * changes: a notice, a booking's step, an archived one reopened, the
   * operator's first answer (their response time). */
  gboolean whole = c->last_message_id == NULL || kind != NULL || !g_str_equal (c->status, "active") ||
                   (!from_consumer && c->first_response_s < 0);

  m->id = message_id ();
  m->conversation_id = g_strdup (c->id);
  m->sender_id = g_strdup (sender_id);
  m->kind = g_strdup (kind != NULL ? kind : from_consumer ? "inquiry" : "response");
  m->body = g_strdup (body);
  m->actions = g_strdup (actions);
  m->attachments = g_strdup (attachments);
  m->client_id = g_strdup (client_id);
  m->created_at = now;
  /* The message itself says what it said before it went out (as the ack
   * and the events carry it); the receipt event brings the delivery. */
  if (!plz_messaging_store_insert_message (self->store, m, recipient, online ? now : 0, error))
    return NULL;

  c->last_message_at = now;
  g_free (c->last_message_id);
  c->last_message_id = g_strdup (m->id);
  if (from_consumer)
    c->operator_unread++;
  else
    c->consumer_unread++;
  if (g_str_equal (c->status, "archived"))
    {
      g_free (c->status);
      c->status = g_strdup ("active");
    }

  /* The operator's first answer sets this conversation's response time and
   * the median shown on their listings. */
  if (!from_consumer && kind == NULL && c->first_response_s < 0)
    {
      gint64 median;

      c->first_response_s = MAX (0, (now - c->created_at) / G_USEC_PER_SEC);
      if (!plz_messaging_store_update_conversation (self->store, c, error))
        return NULL;
      median = plz_messaging_store_median_response (self->store, c->operator_id, error);
      if (median < 0 || !plz_catalogue_set_response_time (self->catalogue, c->operator_id, median, error))
        return NULL;
      /* Their listings' cards now say so. */
      g_hash_table_remove_all (self->cards);
    }
  else if (!plz_messaging_store_update_conversation (self->store, c, error))
    return NULL;

  plz_messaging_json_message (text, m);
  if (!_plz_messaging_announce_message (self, c, text->str, whole, sender_id, online ? now : 0, error) ||
      (online && whole && !_plz_messaging_announce_delivered (self, m, recipient, now, error)))
    return NULL;
  *message_json = g_string_free (g_steal_pointer (&text), FALSE);
  return g_steal_pointer (&m);
}

static PlzMessage *
add_message (PlzMessaging     *self,
             PlzConversation  *c,
             const PlzUser    *sender,
             const char       *body,
             const char       *attachments,
             const char       *client_id,
             char            **message_json,
             GError          **error)
{
  return add_message_full (self, c, sender->id, NULL, body, NULL, attachments, client_id, message_json, error);
}

/* The conversation @conversation_id, or else the one about @listing_id
 * between the two (opened if none), or with neither the latest between
 * them; NULL without an error when there is none to use. */
static PlzConversation *
booking_conversation (PlzMessaging  *self,
                      const char    *conversation_id,
                      const char    *listing_id,
                      const char    *consumer_id,
                      const char    *operator_id,
                      GError       **error)
{
  g_autoptr(PlzConversation) c = NULL;
  GError *local = NULL;

  if (conversation_id != NULL)
    c = plz_messaging_store_get_conversation (self->store, conversation_id, &local);
  else if (listing_id != NULL)
    c = plz_messaging_store_find_conversation (self->store, listing_id, consumer_id, operator_id, &local);
  else
    c = plz_messaging_store_latest_between (self->store, consumer_id, operator_id, &local);
  if (local != NULL)
    {
      g_propagate_error (error, local);
      return NULL;
    }
  if (c == NULL && listing_id != NULL)
    {
      c = g_new0 (PlzConversation, 1);
      c->id = plz_random_id ();
      c->listing_id = g_strdup (listing_id);
      c->consumer_id = g_strdup (consumer_id);
      c->operator_id = g_strdup (operator_id);
      c->stage = g_strdup ("pre_booking");
      c->status = g_strdup ("active");
      c->first_response_s = -1;
      c->created_at = c->last_message_at = plz_time_now_us ();
      if (!plz_messaging_store_insert_conversation (self->store, c, error))
        return NULL;
    }
  return g_steal_pointer (&c);
}

char *
plz_messaging_booking_conversation (PlzMessaging  *self,
                                    const char    *listing_id,
                                    const char    *consumer_id,
                                    const char    *operator_id,
                                    GError       **error)
{
  g_autoptr(PlzConversation) c = booking_conversation (self, NULL, listing_id, consumer_id, operator_id, error);

  return c != NULL ? g_strdup (c->id) : NULL;
}

char *
plz_messaging_booking_update (PlzMessaging  *self,
                              const char    *conversation_id,
                              const char    *listing_id,
                              const char    *consumer_id,
                              const char    *operator_id,
                              const char    *sender_id,
                              const char    *body,
                              const char    *actions,
                              gboolean       post_booking,
                              GError       **error)
{
  GError *local = NULL;
  g_autoptr(PlzConversation) c = booking_conversation (self, conversation_id, listing_id, consumer_id, operator_id,
                                                       &local);
  g_autoptr(PlzMessage) m = NULL;
  g_autofree char *text = NULL;

  if (c == NULL)
    {
      if (local != NULL)
        g_propagate_error (error, local);
      return NULL;  /* without an error: no listing to talk about, and no talk yet */
    }
  if (post_booking && g_strcmp0 (c->stage, "post_booking") != 0)
    {
      /* Saved with the message below (update_conversation writes the stage). */
      g_free (c->stage);
      c->stage = g_strdup ("post_booking");
    }
  m = add_message_full (self, c, sender_id, "booking_update", body, actions, NULL, NULL, &text, error);
  if (m == NULL)
    return NULL;
  return g_strdup (c->id);
}

typedef struct
{
  PlzMessaging  *self;
  const PlzUser *user;
  const char    *target;        /* listing id or conversation id */
  const char    *body;
  const char    *client_id;
  gboolean       text_only;     /* answer with message_json alone */
  JsonObject    *result;        /* {"message", "conversation", "created"} */
  char          *message_json;  /* the message, for an ack */
  char          *retry_of;      /* a retry: the conversation of the first send */
  gboolean       fresh;         /* the client id is known to be unused */
  JsonArray     *attachments;   /* as sent (not owned), or NULL */
  char          *attachments_json; /* as checked and stored */
  PlzConversation *conversation; /* as read by run_send() (not owned) */
} SendWork;

static void
send_work_clear (SendWork *w)
{
  g_clear_pointer (&w->result, json_object_unref);
  g_clear_pointer (&w->message_json, g_free);
  g_clear_pointer (&w->retry_of, g_free);
  g_clear_pointer (&w->attachments_json, g_free);
}

/* Fills in the answer for @m in @c, sent now or before. */
static void
answer (SendWork              *w,
        const PlzConversation *c,
        const PlzMessage      *m,
        gboolean               created)
{
  if (w->text_only)
    {
      if (w->message_json == NULL)
        {
          g_autoptr(GString) text = g_string_new (NULL);

          plz_messaging_json_message (text, m);
          w->message_json = g_string_free (g_steal_pointer (&text), FALSE);
        }
    }
  else
    w->result = answer_for (w->self, c, m, w->user->id, created);
}

/* A retry: the message @sender already sent with @client_id, if any, is the
 * answer. */
static gboolean
find_retry (SendWork  *w,
            GError   **error)
{
  g_autoptr(PlzMessage) m = NULL;
  g_autoptr(PlzConversation) c = NULL;
  GError *local = NULL;

  if (w->client_id == NULL)
    return TRUE;
  m = plz_messaging_store_find_by_client_id (w->self->store, w->user->id, w->client_id, &local);
  if (local != NULL)
    {
      g_propagate_error (error, local);
      return FALSE;
    }
  if (m == NULL)
    return TRUE;
  c = plz_messaging_store_get_conversation (w->self->store, m->conversation_id, error);
  if (c == NULL)
    return FALSE;
  w->retry_of = g_strdup (m->conversation_id);
  answer (w, c, m, FALSE);
  return TRUE;
}

/* Sends in @c and answers. */
static gboolean
send_in (SendWork        *w,
         PlzConversation *c,
         GError         **error)
{
  g_autofree char *text = NULL;
  g_autoptr(PlzMessage) m = add_message (w->self, c, w->user, w->body, w->attachments_json, w->client_id, &text,
                                            error);

  if (m == NULL)
    return FALSE;
  w->message_json = g_steal_pointer (&text);
  answer (w, c, m, TRUE);
  return TRUE;
}

static gboolean
inquire_txn (PlzStore  *store,
             gpointer   data,
             GError   **error)
{
  SendWork *w = data;
  g_autoptr(PlzListing) listing = NULL;
  g_autoptr(PlzConversation) c = NULL;
  GError *local = NULL;

  if (!find_retry (w, error))
    return FALSE;
  if (w->retry_of != NULL)
    return TRUE;

  listing = plz_catalogue_peek (w->self->catalogue, w->target, &local);
  if (listing == NULL || !g_str_equal (listing->status, "active"))
    {
      g_clear_error (&local);
      g_set_error_literal (error, PLZ_ERROR, PLZ_ERROR_NOT_FOUND, "There is no such listing");
      return FALSE;
    }
  if (g_str_equal (listing->operator_id, w->user->id))
    {
      g_set_error_literal (error, PLZ_ERROR, PLZ_ERROR_FORBIDDEN, "This is your own listing");
      return FALSE;
    }

  c = plz_messaging_store_find_conversation (store, listing->id, w->user->id, listing->operator_id, &local);
  if (local != NULL)
    {
      g_propagate_error (error, local);
      return FALSE;
    }
  if (c == NULL)
    {
      c = g_new0 (PlzConversation, 1);
      c->id = plz_random_id ();
      c->listing_id = g_strdup (listing->id);
      c->consumer_id = g_strdup (w->user->id);
      c->operator_id = g_strdup (listing->operator_id);
      c->stage = g_strdup ("pre_booking");
      c->status = g_strdup ("active");
      c->first_response_s = -1;
      c->created_at = c->last_message_at = plz_time_now_us ();
      /* The listing counts inquiries: one per conversation opened. */
      if (!plz_messaging_store_insert_conversation (store, c, error) ||
          !plz_catalogue_count_inquiry (w->self->catalogue, listing->id, error))
        return FALSE;
    }
  else if (g_str_equal (c->status, "spam"))
    {
      g_set_error_literal (error, PLZ_ERROR, PLZ_ERROR_FORBIDDEN, "This conversation is closed");
      return FALSE;
    }
  return send_in (w, c, error);
}

static char *check_policy (PlzMessaging   *self,
                           const PlzUser  *sender,
                           const char     *conversation_id,
                           const char     *stage,
                           const char     *body,
                           char          **notice,
                           GError        **error);

/* The body to send after the contact-details policy for @stage: @body, its
 * redacted form (with *@notice for the sender), or NULL when refused. A
 * retry of a message already sent is not checked (nor counted) again. */
static char *
moderate (PlzMessaging   *self,
          const PlzUser  *sender,
          const char     *conversation_id,
          const char     *stage,
          const char     *body,
          const char     *client_id,
          char          **notice,
          GError        **error)
{
  if (self->moderation == NULL)
    return g_strdup (body);
  if (client_id != NULL)
    {
      g_autoptr(PlzMessage) earlier = plz_messaging_store_find_by_client_id (self->store, sender->id, client_id, NULL);

      if (earlier != NULL)
        return g_strdup (body);
    }
  return check_policy (self, sender, conversation_id, stage, body, notice, error);
}

/* The body to send after the contact-details policy (as moderate(), for a
 * message known not to be a retry). */
static char *
check_policy (PlzMessaging   *self,
              const PlzUser  *sender,
              const char     *conversation_id,
              const char     *stage,
              const char     *body,
              char          **notice,
              GError        **error)
{
  PlzModerationAction action = PLZ_MODERATION_ALLOW;
  g_autofree char *redacted = NULL;

  if (self->moderation == NULL)
    return g_strdup (body);
  if (!plz_moderation_check_message (self->moderation, sender->id, conversation_id,
                                     g_strcmp0 (stage, "post_booking") == 0 ? PLZ_MODERATION_STAGE_BOOKED
                                                                           : PLZ_MODERATION_STAGE_PRE_BOOKING,
                                     body, &action, &redacted, notice, error))
    {
      if (error != NULL && *error != NULL)
        plz_error_set_field (*error, "body");
      return NULL;
    }
  return action == PLZ_MODERATION_REDACT && redacted != NULL ? g_steal_pointer (&redacted) : g_strdup (body);
}

JsonObject *
plz_messaging_inquire (PlzMessaging   *self,
                       const PlzUser  *consumer,
                       const char     *listing_id,
                       const char     *body,
                       const char     *client_id,
                       GError        **error)
{
  g_autofree char *clean = check_body (body, error);
  g_autofree char *to_send = NULL;
  g_autofree char *notice = NULL;
  SendWork w = { self, consumer, listing_id, NULL, client_id, FALSE };
  JsonObject *result;

  if (clean == NULL || !check_client_id (client_id, error))
    return NULL;
  /* First contact is before any booking. The check records its own attempt
   * even when the message is then refused. */
  to_send = moderate (self, consumer, NULL, "pre_booking", clean, client_id, &notice, error);
  if (to_send == NULL)
    return NULL;
  w.body = to_send;
  if (!plz_store_transaction (self->store, inquire_txn, &w, error))
    {
      send_work_clear (&w);
      return NULL;
    }
  result = g_steal_pointer (&w.result);
  send_work_clear (&w);
  if (notice != NULL)
    json_object_set_string_member (result, "notice", notice);
  return result;
}

/* The conversation @id if @user_id takes part in it; otherwise NOT_FOUND, the
 * same answer as for one that does not exist. */
PlzConversation *
_plz_messaging_conversation_for (PlzMessaging  *self,
                                 const char    *user_id,
                                 const char    *id,
                                 GError       **error)
{
  g_autoptr(PlzConversation) c = plz_messaging_store_get_conversation (self->store, id, error);

  if (c == NULL)
    return NULL;
  if (g_strcmp0 (c->consumer_id, user_id) != 0 && g_strcmp0 (c->operator_id, user_id) != 0)
    {
      g_set_error_literal (error, PLZ_ERROR, PLZ_ERROR_NOT_FOUND, "There is no such conversation");
      return NULL;
    }
  return g_steal_pointer (&c);
}

static gboolean
send_txn (PlzStore  *store,
          gpointer   data,
          GError   **error)
{
  SendWork *w = data;
  /* run_send() read it just now, in this turn of the loop: nothing else
   * can have written it since. */
  PlzConversation *c = w->conversation;

  if (!w->fresh && !find_retry (w, error))
    return FALSE;
  if (w->retry_of != NULL)
    {
      /* A client id names one message: reusing it elsewhere is a mistake. */
      if (g_strcmp0 (w->retry_of, w->target) != 0)
        {
          plz_error_set_invalid (error, "client_id", "This client id was used for another message");
          return FALSE;
        }
      return TRUE;
    }
  if (g_str_equal (c->status, "spam"))
    {
      g_set_error_literal (error, PLZ_ERROR, PLZ_ERROR_FORBIDDEN, "This conversation is closed");
      return FALSE;
    }
  return send_in (w, c, error);
}

/* Runs a send in a savepoint (one refused send in a batch leaves the others
 * alone); FALSE with @error when refused. */
static gboolean
run_send (SendWork  *w,
          char     **notice,
          GError   **error)
{
  gboolean with_attachments = w->attachments != NULL && json_array_get_length (w->attachments) > 0;
  g_autofree char *clean = with_attachments ? check_optional_body (w->body, error) : check_body (w->body, error);
  g_autofree char *to_send = NULL;
  g_autofree char *body = NULL;
  g_autoptr(PlzConversation) c = NULL;
  g_autoptr(JsonArray) attachments = NULL;

  if (clean == NULL || !check_client_id (w->client_id, error))
    return FALSE;
  /* Only participants get as far as the policy (and its records). */
  c = _plz_messaging_conversation_for (w->self, w->user->id, w->target, error);
  if (c == NULL)
    return FALSE;
  if (with_attachments)
    {
      /* Labels and checklist items pass the policy with the body, as one text. */
      attachments = _plz_attachments_check (w->self, w->user->id, c->id, w->attachments, error);
      if (attachments == NULL)
        return FALSE;
      body = _plz_attachments_moderation_text (attachments, clean);
      g_free (clean);
      clean = g_steal_pointer (&body);
    }
  /* One look for a retry serves the policy (a retry is not checked again)
   * and the send (which answers it); nothing runs in between. */
  if (w->client_id != NULL)
    {
      GError *local = NULL;
      g_autoptr(PlzMessage) earlier = plz_messaging_store_find_by_client_id (w->self->store, w->user->id,
                                                                            w->client_id, &local);

      if (local != NULL)
        {
          g_propagate_error (error, local);
          return FALSE;
        }
      w->fresh = earlier == NULL;
    }
  else
    w->fresh = TRUE;
  to_send = w->fresh ? check_policy (w->self, w->user, c->id, c->stage, clean, notice, error) : g_strdup (clean);
  if (to_send == NULL)
    return FALSE;
  w->body = to_send;
  w->conversation = c;
  if (attachments != NULL)
    {
      g_autoptr(JsonNode) node = json_node_init_array (json_node_alloc (), attachments);

      body = _plz_attachments_take_moderated (attachments, to_send, error);
      if (body == NULL)
        return FALSE;
      w->body = body;
      w->attachments_json = plz_json_to_string (node);
    }
  if (!plz_store_transaction (w->self->store, send_txn, w, error))
    {
      send_work_clear (w);
      return FALSE;
    }
  return TRUE;
}

JsonObject *
plz_messaging_send_with_attachments (PlzMessaging   *self,
                                     const PlzUser  *sender,
                                     const char     *conversation_id,
                                     const char     *body,
                                     JsonArray      *attachments,
                                     const char     *client_id,
                                     GError        **error)
{
  SendWork w = { self, sender, conversation_id, body, client_id, FALSE };
  g_autofree char *notice = NULL;
  JsonObject *result;

  w.attachments = attachments;
  if (!run_send (&w, &notice, error))
    return NULL;
  result = g_steal_pointer (&w.result);
  send_work_clear (&w);
  if (notice != NULL && result != NULL)
    json_object_set_string_member (result, "notice", notice);
  return result;
}

char *
plz_messaging_send_in_transaction_text (PlzMessaging   *self,
                                        const PlzUser  *sender,
                                        const char     *conversation_id,
                                        const char     *body,
                                        const char     *client_id,
                                        GError        **error)
{
  return plz_messaging_send_in_transaction_text_with_attachments (self, sender, conversation_id, body, NULL,
                                                                  client_id, error);
}

char *
plz_messaging_send_in_transaction_text_with_attachments (PlzMessaging   *self,
                                                         const PlzUser  *sender,
                                                         const char     *conversation_id,
                                                         const char     *body,
                                                         JsonArray      *attachments,
                                                         const char     *client_id,
                                                         GError        **error)
{
  SendWork w = { self, sender, conversation_id, body, client_id, TRUE };
  char *text;

  w.attachments = attachments;
  /* The stream's acks carry the message alone: a redaction shows in its body. */
  if (!run_send (&w, NULL, error))
    return NULL;
  text = g_steal_pointer (&w.message_json);
  send_work_clear (&w);
  return text;
}
