/* plz-messaging.h — conversations and messages: who may say what, and who hears of it */
#pragma once

#include <json-glib/json-glib.h>

#include "accounts/plz-user.h"
#include "catalogue/plz-catalogue.h"
#include "events/plz-events.h"
#include "store/plz-store.h"

G_BEGIN_DECLS

typedef struct _PlzMessaging PlzMessaging;

/* Longest message, in characters. */
#define PLZ_MESSAGE_MAX_CHARS 4000

PlzMessaging *plz_messaging_new            (PlzStore      *store,
                                            PlzEvents     *events,
                                            PlzCatalogue  *catalogue);
void          plz_messaging_free           (PlzMessaging  *self);

PlzEvents    *plz_messaging_get_events     (PlzMessaging  *self);

/* Whether @user_id has a live link now (the stream knows). */
typedef gboolean (*PlzMessagingOnlineFunc) (const char *user_id,
                                            gpointer    user_data);

/* A message to someone who is online is marked delivered as it is sent, in
 * its own transaction, rather than by a later commit (NULL: never). */
void          plz_messaging_set_online_func (PlzMessaging           *self,
                                             PlzMessagingOnlineFunc  func,
                                             gpointer                user_data);

struct _PlzModeration;
/* Messages then pass the contact-details policy before they are sent. */
void          plz_messaging_set_moderation (PlzMessaging  *self,
                                            struct _PlzModeration *moderation);

/* What a conversation's context card says about bookings: sets "booking"
 * (the latest, or null) on @into and, with @with_slots, "next_slots". */
typedef void (*PlzMessagingBookingCardFunc) (const char *conversation_id,
                                             const char *listing_id,
                                             const char *operator_id,
                                             gboolean    with_slots,
                                             JsonObject *into,
                                             gpointer    user_data);

/* Conversations then show bookings through @func (the bookings domain). */
void          plz_messaging_set_booking_card (PlzMessaging                *self,
                                              PlzMessagingBookingCardFunc  func,
                                              gpointer                     user_data);

/* The id of the conversation a booking of @listing_id (or of no listing:
 * NULL) between the two belongs in, opened if needed, in the caller's
 * transaction; NULL without an error when there is none to use. */
char         *plz_messaging_booking_conversation (PlzMessaging *self,
                                                  const char   *listing_id,
                                                  const char   *consumer_id,
                                                  const char   *operator_id,
                                                  GError      **error);

/* A "booking_update" message from @sender_id with @body (and @actions, a
 * JSON array text or NULL), in the caller's transaction, announced to both:
 * in @conversation_id, or else the conversation about @listing_id between
 * the two (opened if none), or with neither the latest between them. With
 * @post_booking the conversation moves to the post_booking stage. Returns
 * the conversation's id; NULL without an error when there is none to use. */
char         *plz_messaging_booking_update (PlzMessaging  *self,
                                            const char    *conversation_id,
                                            const char    *listing_id,
                                            const char    *consumer_id,
                                            const char    *operator_id,
                                            const char    *sender_id,
                                            const char    *body,
                                            const char    *actions,
                                            gboolean       post_booking,
                                            GError       **error);

/* @consumer asks about @listing_id: opens the conversation with its operator
 * (or finds it) and sends @body. A retry with the same @client_id answers
 * with the first result and changes nothing. Returns {"conversation",
 * "message", "created"}. */
JsonObject   *plz_messaging_inquire        (PlzMessaging   *self,
                                            const PlzUser  *consumer,
                                            const char     *listing_id,
                                            const char     *body,
                                            const char     *client_id,
                                            GError        **error);

/* plz_messaging_send_with_attachments() without attachments, answering
 * only with the message as JSON text (what the live hub's ack carries);
 * retries answer with the first message. */
char         *plz_messaging_send_in_transaction_text (PlzMessaging   *self,
                                                      const PlzUser  *sender,
                                                      const char     *conversation_id,
                                                      const char     *body,
                                                      const char     *client_id,
                                                      GError        **error);

/* @sender sends @body with @attachments (the send's "attachments" array, or
 * NULL: uploads by id, locations and checklists, checked and stored whole on
 * the message; the body may then be empty) in @conversation_id, idempotent
 * by @client_id. The message, the conversation's state and both
 * participants' events commit together, in the caller's transaction if
 * there is one (a savepoint: the live hub's group commit). Returns
 * {"message", "conversation", "created"}. */
JsonObject   *plz_messaging_send_with_attachments (PlzMessaging   *self,
                                                   const PlzUser  *sender,
                                                   const char     *conversation_id,
                                                   const char     *body,
                                                   JsonArray      *attachments,
                                                   const char     *client_id,
                                                   GError        **error);

/* plz_messaging_send_in_transaction_text() with @attachments, as above. */
char         *plz_messaging_send_in_transaction_text_with_attachments (PlzMessaging   *self,
                                                                      const PlzUser  *sender,
                                                                      const char     *conversation_id,
                                                                      const char     *body,
                                                                      JsonArray      *attachments,
                                                                      const char     *client_id,
                                                                      GError        **error);

/* @user's conversations, most recent first, each with its context card. */
JsonArray    *plz_messaging_conversations  (PlzMessaging   *self,
                                            const PlzUser  *user,
                                            GError        **error);

/* One conversation as @user sees it; NOT_FOUND for anyone not in it. */
JsonObject   *plz_messaging_conversation   (PlzMessaging   *self,
                                            const PlzUser  *user,
                                            const char     *conversation_id,
                                            GError        **error);

/* Up to @limit messages before message @before_id (NULL: the newest), newest
 * first; *@more tells whether older ones exist. */
JsonArray    *plz_messaging_history        (PlzMessaging   *self,
                                            const PlzUser  *user,
                                            const char     *conversation_id,
                                            const char     *before_id,
                                            guint           limit,
                                            gboolean       *more,
                                            GError        **error);

/* @user has read everything in @conversation_id: receipts to the sender. */
JsonObject   *plz_messaging_mark_read      (PlzMessaging   *self,
                                            const PlzUser  *user,
                                            const char     *conversation_id,
                                            GError        **error);

/* Everything sent to @user_id so far has reached one of their devices. */
gboolean      plz_messaging_mark_delivered (PlzMessaging   *self,
                                            const char     *user_id,
                                            GError        **error);

/* The same as plz_messaging_mark_delivered() inside the caller's
 * transaction (the live hub's group commit). */
gboolean      plz_messaging_mark_delivered_in_transaction (PlzMessaging *self,
                                                           const char   *user_id,
                                                           GError      **error);

/* Whether @user_id takes part in @conversation_id (for typing frames). On
 * TRUE, *@other_id is the other participant's id. */
gboolean      plz_messaging_is_participant (PlzMessaging   *self,
                                            const char     *user_id,
                                            const char     *conversation_id,
                                            char          **other_id);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PlzMessaging, plz_messaging_free)

G_END_DECLS
