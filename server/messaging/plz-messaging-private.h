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

G_END_DECLS
