/* plz-messaging-events.c — how messages are announced: the message.created
 * and message.receipt events, their cards, and message events read back
 * from the log */
#define G_LOG_DOMAIN "plaza-messaging"

#include "plz-messaging-private.h"
#include "plz-messaging-json.h"
#include "plz-json.h"

#include <string.h>

/* A listing's or a person's card as JSON text, and when it was read. */
typedef struct
{
  char   *json;
  gint64  at;
} CachedCard;

void
_plz_messaging_cached_card_free (gpointer data)
{
  CachedCard *card = data;

  g_free (card->json);
  g_free (card);
}

/* Event cards ------------------------------------------------------------------ */

/* The listing and people cards in message events are kept as text for this
 * long, so that a lively conversation does not read and serialize them for
 * every message; reads (GET) always build them afresh. */
#define CARD_TTL_US     G_USEC_PER_SEC
#define CARD_CACHE_MAX  50000

/* The card of listing (@kind 'l') or user ('u') @id as JSON text. The text
 * stays valid until the cache is trimmed or the card read again. */
static const char *
event_card (PlzMessaging *self,
            char          kind,
            const char   *id)
{
  char key[128];
  CachedCard *card;
  gint64 now = g_get_monotonic_time ();
  g_autoptr(JsonObject) o = NULL;

  g_snprintf (key, sizeof key, "%c:%s", kind, id);
  card = g_hash_table_lookup (self->cards, key);
  if (card != NULL && now - card->at < CARD_TTL_US)
    return card->json;
  o = kind == 'l' ? _plz_messaging_listing_card (self, id) : _plz_messaging_user_card (self, id);
  if (card == NULL)
    {
      card = g_new0 (CachedCard, 1);
      g_hash_table_insert (self->cards, g_strdup (key), card);
    }
  g_free (card->json);
  card->json = plz_json_object_to_string (o);
  card->at = now;
  return card->json;
}

/* Appends @c as @viewer_id sees it, with the cards and last message given
 * as JSON text: the members of conversation_with_cards(), in its order. */
static void
append_view (GString               *out,
             const PlzConversation *c,
             const char            *viewer_id,
             const char            *listing,
             const char            *consumer,
             const char            *operator,
             const char            *last_message,
             const char            *booking)
{
  gboolean is_consumer = g_strcmp0 (viewer_id, c->consumer_id) == 0;

  g_string_append (out, "{\"id\":");
  plz_messaging_json_string (out, c->id);
  g_string_append (out, ",\"stage\":");
  plz_messaging_json_string (out, c->stage);
  g_string_append (out, ",\"status\":");
  plz_messaging_json_string (out, c->status);
  g_string_append (out, is_consumer ? ",\"role\":\"consumer\"" : ",\"role\":\"operator\"");
  g_string_append (out, ",\"listing\":");
  g_string_append (out, listing);
  g_string_append (out, ",\"consumer\":");
  g_string_append (out, consumer);
  g_string_append (out, ",\"operator\":");
  g_string_append (out, operator);
  g_string_append_printf (out, ",\"unread\":%" G_GINT64_FORMAT ",\"last_message\":",
                          is_consumer ? c->consumer_unread : c->operator_unread);
  g_string_append (out, last_message);
  g_string_append (out, ",\"last_message_at\":");
  plz_messaging_json_time (out, c->last_message_at);
  g_string_append (out, ",\"created_at\":");
  plz_messaging_json_time (out, c->created_at);
  g_string_append (out, ",\"booking\":");
  g_string_append (out, booking);
  g_string_append_c (out, '}');
}

/* @c's latest booking as JSON text ("null" without one) for its event card:
 * events carry it; the free slots only come with reads. */
static char *
event_booking (PlzMessaging          *self,
               const PlzConversation *c)
{
  g_autoptr(JsonObject) members = NULL;

  if (self->booking_card == NULL)
    return g_strdup ("null");
  members = json_object_new ();
  _plz_messaging_set_booking_members (self, c, FALSE, members);
  return plz_json_to_string (json_object_get_member (members, "booking"));
}

/* Appends the data of a message.created event for @viewer_id: @message (a
 * message of @c as JSON text) and @c as they see it, whose last message is
 * @last and booking @booking (JSON texts). */
static void
append_created (PlzMessaging          *self,
                GString               *out,
                const PlzConversation *c,
                const char            *viewer_id,
                const char            *message,
                const char            *last,
                const char            *booking)
{
  const char *listing, *consumer, *operator;

  if (g_hash_table_size (self->cards) > CARD_CACHE_MAX)
    g_hash_table_remove_all (self->cards);
  listing = event_card (self, 'l', c->listing_id);
  consumer = event_card (self, 'u', c->consumer_id);
  operator = event_card (self, 'u', c->operator_id);
  g_string_append (out, "{\"message\":");
  g_string_append (out, message);
  g_string_append (out, ",\"conversation\":");
  append_view (out, c, viewer_id, listing, consumer, operator, last, booking);
  g_string_append_c (out, '}');
}

/* Announces @message (a message of @c as JSON text, its last) to both
 * participants. With @whole, each gets the conversation as they see it (a
 * new conversation, or one whose card changed); the log keeps the message
 * alone, and _plz_messaging_render_created() adds the conversation again
 * when the log is read. Otherwise the message and each one's unread count say all that
 * changed, at a tenth of the size, and the log keeps just that; then the
 * event of @sender_id also says when the other had it (@delivered_at, 0 for
 * not yet), which saves a message.receipt event of its own. */
gboolean
_plz_messaging_announce_message (PlzMessaging          *self,
                                 const PlzConversation *c,
                                 const char            *message,
                                 gboolean               whole,
                                 const char            *sender_id,
                                 gint64                 delivered_at,
                                 GError               **error)
{
  const char *who[] = { c->consumer_id, c->operator_id };
  const gint64 unread[] = { c->consumer_unread, c->operator_unread };
  g_autofree char *stored = whole ? g_strconcat ("{\"message\":", message, "}", NULL) : NULL;
  g_autoptr(GString) data = g_string_sized_new (whole ? 4096 : strlen (message) + 32);
  g_autofree char *booking = whole ? event_booking (self, c) : NULL;

  for (guint i = 0; i < G_N_ELEMENTS (who); i++)
    {
      gint64 seq;

      g_string_truncate (data, 0);
      if (whole)
        {
          append_created (self, data, c, who[i], message, message, booking);
          seq = plz_events_append_rendered (self->events, who[i], "message.created", stored, data->str, error);
        }
      else
        {
          g_string_append (data, "{\"message\":");
          g_string_append (data, message);
          g_string_append_printf (data, ",\"unread\":%" G_GINT64_FORMAT, unread[i]);
          if (delivered_at > 0 && g_str_equal (who[i], sender_id))
            {
              g_string_append (data, ",\"delivered_at\":");
              plz_messaging_json_time (data, delivered_at);
            }
          g_string_append_c (data, '}');
          seq = plz_events_append_text (self->events, who[i], "message.created", data->str, error);
        }
      if (seq == 0)
        return FALSE;
    }
  return TRUE;
}

/* Tells the sender that @recipient has @m: the message.receipt event that
 * marking deliveries would write later (plz-messaging-read.c). */
gboolean
_plz_messaging_announce_delivered (PlzMessaging      *self,
                                   const PlzMessage  *m,
                                   const char        *recipient,
                                   gint64             at,
                                   GError           **error)
{
  g_autoptr(GString) data = g_string_sized_new (256);

  g_string_append (data, "{\"conversation_id\":");
  plz_messaging_json_string (data, m->conversation_id);
  g_string_append (data, ",\"message_ids\":[");
  plz_messaging_json_string (data, m->id);
  g_string_append (data, "],\"by\":");
  plz_messaging_json_string (data, recipient);
  g_string_append (data, ",\"delivered_at\":");
  plz_messaging_json_time (data, at);
  g_string_append_c (data, '}');
  return plz_events_append_text (self->events, m->sender_id, "message.receipt", data->str, error) != 0;
}

/* A message.created event read from the log: the stored message with the
 * conversation as @user_id sees it now. Logs written whole (before the
 * message was kept alone) are left as they are. */
char *
_plz_messaging_render_created (const char *user_id,
                               const char *kind,
                               const char *stored_json,
                               gpointer    user_data)
{
  PlzMessaging *self = user_data;
  static const char prefix[] = "{\"message\":";
  g_autoptr(JsonObject) stored = plz_json_parse_object (stored_json, strlen (stored_json), NULL);
  JsonObject *message = stored != NULL ? json_object_get_object_member (stored, "message") : NULL;
  const char *conversation_id = message != NULL
                                ? json_object_get_string_member_with_default (message, "conversation_id", NULL)
                                : NULL;
  g_autoptr(PlzConversation) c = NULL;
  g_autofree char *text = NULL;
  g_autofree char *last = NULL;
  g_autofree char *booking = NULL;
  g_autoptr(GString) out = NULL;

  /* Whole already, or kept as sent (the message and the unread count). */
  if (conversation_id == NULL || json_object_has_member (stored, "conversation") ||
      json_object_has_member (stored, "unread") || !g_str_has_prefix (stored_json, prefix))
    return NULL;
  c = _plz_messaging_conversation_for (self, user_id, conversation_id, NULL);
  if (c == NULL)
    return NULL;
  /* As _plz_messaging_announce_message() wrote it: the prefix, the message, "}". */
  text = g_strndup (stored_json + strlen (prefix), strlen (stored_json) - strlen (prefix) - 1);
  if (c->last_message_id != NULL && g_strcmp0 (c->last_message_id,
                                               json_object_get_string_member_with_default (message, "id", "")) != 0)
    {
      g_autoptr(PlzMessage) m = plz_messaging_store_get_message (self->store, c->last_message_id, NULL);
      g_autoptr(GString) m_text = g_string_new (NULL);

      if (m != NULL)
        plz_messaging_json_message (m_text, m);
      else
        g_string_append (m_text, "null");
      last = g_string_free (g_steal_pointer (&m_text), FALSE);
    }
  out = g_string_sized_new (4096);
  booking = event_booking (self, c);
  append_created (self, out, c, user_id, text, last != NULL ? last : text, booking);
  return g_string_free (g_steal_pointer (&out), FALSE);
}
