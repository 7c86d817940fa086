/* plz-messaging-private.h — the messaging service's insides, shared by its files */
#pragma once

#include "plz-messaging.h"
#include "plz-messaging-store.h"

G_BEGIN_DECLS

struct _PlzMessaging
{
  PlzStore              *store;
  PlzEvents             *events;
  PlzCatalogue          *catalogue;
  GHashTable            *cards;       /* "l:ID" or "u:ID" → CachedCard, for message events */
  struct _PlzModeration *moderation;
  PlzMessagingBookingCardFunc booking_card;
  gpointer               booking_card_data;
  PlzMessagingOnlineFunc online;
  gpointer               online_data;
};

/* The conversation @id if @user_id takes part in it; otherwise NOT_FOUND, the
 * same answer as for one that does not exist. */
PlzConversation *_plz_messaging_conversation_for     (PlzMessaging          *self,
                                                      const char            *user_id,
                                                      const char            *id,
                                                      GError               **error);

/* @c as @viewer_id sees it, with its context card. */
JsonObject      *_plz_messaging_conversation_to_json (PlzMessaging          *self,
                                                      const PlzConversation *c,
                                                      const char            *viewer_id);

JsonObject      *_plz_messaging_message_to_json      (const PlzMessage      *m);

/* The cards of the conversation view: a person's public card, the listing's
 * part, and the booking members ("booking", with @with_slots "next_slots"). */
JsonObject      *_plz_messaging_user_card            (PlzMessaging          *self,
                                                      const char            *id);
JsonObject      *_plz_messaging_listing_card         (PlzMessaging          *self,
                                                      const char            *listing_id);
void             _plz_messaging_set_booking_members  (PlzMessaging          *self,
                                                      const PlzConversation *c,
                                                      gboolean               with_slots,
                                                      JsonObject            *o);

/* plz-messaging-events.c: the events a message makes, in the caller's
 * transaction, and message.created read back from the log. */
void             _plz_messaging_cached_card_free     (gpointer               card);
gboolean         _plz_messaging_announce_message     (PlzMessaging          *self,
                                                      const PlzConversation *c,
                                                      const char            *message,
                                                      gboolean               whole,
                                                      const char            *sender_id,
                                                      gint64                 delivered_at,
                                                      GError               **error);
gboolean         _plz_messaging_announce_delivered   (PlzMessaging          *self,
                                                      const PlzMessage      *m,
                                                      const char            *recipient,
                                                      gint64                 at,
                                                      GError               **error);
char            *_plz_messaging_render_created       (const char            *user_id,
                                                      const char            *kind,
                                                      const char            *stored_json,
                                                      gpointer               user_data);

G_END_DECLS
