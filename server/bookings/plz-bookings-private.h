/* plz-bookings-private.h — the bookings service's insides, shared by its files */
#pragma once

#include "plz-bookings.h"
#include "plz-error.h"
#include "plz-bookings-store.h"
#include "plz-booking-status.h"
#include "plz-slots.h"
#include "plz-recurrence.h"

G_BEGIN_DECLS

struct _PlzBookings
{
  PlzStore     *store;
  PlzEvents    *events;
  PlzMessaging *messaging;
  PlzCatalogue *catalogue;
  PlzJobs      *jobs;
  struct _PlzModeration *moderation;   /* NULL: notes and reasons unchecked */
  PlzDispatch  *dispatch;
};

/* Now, by the jobs' clock (tests move it). */
gint64           _plz_bookings_now              (PlzBookings            *self);

/* @operator_id's availability, or the defaults (no hours) when never set. */
PlzAvailability *_plz_bookings_availability     (PlzBookings            *self,
                                                 const char             *operator_id,
                                                 GError                **error);

/* The slots input for @service under @a, with @busy (borrowed, may be NULL). */
void             _plz_bookings_slots_input      (PlzBookings            *self,
                                                 const PlzAvailability  *a,
                                                 const PlzService       *service,
                                                 GTimeZone              *tz,
                                                 GArray                 *busy,
                                                 PlzSlotsInput          *input);

/* The party @user_id is in @b, or 0 for neither (plz-bookings-rules.c). */
PlzParty         _plz_bookings_party_of         (const PlzBooking       *b,
                                                 const char             *user_id);

/* Why @party may not take @action on @b at @now (a time rule: too late to
 * cancel, already started...), with @message for people; 0 when it may. */
PlzErrorCode     _plz_bookings_time_rule        (const PlzBooking       *b,
                                                 const char             *action,
                                                 PlzParty                party,
                                                 gint64                  cancel_window_us,
                                                 gint64                  now,
                                                 const char            **message);

/* Whether @party may reschedule @b at all (time rules aside). */
gboolean         _plz_bookings_may_reschedule   (const PlzBooking       *b,
                                                 PlzParty                party);

/* The actions @party may take on @b at @now, as a JSON array of names. */
JsonArray       *_plz_bookings_actions_for      (const PlzBooking       *b,
                                                 PlzParty                party,
                                                 gint64                  cancel_window_us,
                                                 gint64                  now);

/* How long before the start @operator_id lets consumers cancel free, in µs. */
gint64           _plz_bookings_cancel_window_us (PlzBookings            *self,
                                                 const char             *operator_id);

/* Whether @service may be booked at @start under @a (slot free, within
 * hours, notice, horizon and daily limit), not counting booking @except_id;
 * the refusal as a PLZ_ERROR naming "start". */
gboolean         _plz_bookings_check_time       (PlzBookings            *self,
                                                 const PlzService       *service,
                                                 const PlzAvailability  *a,
                                                 gint64                  start,
                                                 const char             *except_id,
                                                 GError                **error);

/* @text (a note or a reason) after the contact policy at the stage
 * @accepted says: as it is, redacted, or NULL when refused (naming @field). */
char            *_plz_bookings_moderate         (PlzBookings            *self,
                                                 const PlzUser          *user,
                                                 const char             *conversation_id,
                                                 gboolean                accepted,
                                                 const char             *field,
                                                 const char             *text,
                                                 GError                **error);

/* Whether the operator has accepted @b and it still holds its seat. */
gboolean         _plz_bookings_is_accepted      (const PlzBooking       *b);

/* Parses the wire's "start" (RFC 3339); errors name the field. */
gboolean         _plz_bookings_parse_start      (const char             *text,
                                                 gint64                 *start,
                                                 GError                **error);

/* @b as @viewer_id sees it, with the actions they may take now. */
JsonObject      *_plz_bookings_booking_to_json  (PlzBookings            *self,
                                                 const PlzBooking       *b,
                                                 const char             *viewer_id);

/* {"booking": @b as @viewer_id sees it}. */
JsonObject      *_plz_bookings_booking_answer   (PlzBookings            *self,
                                                 const PlzBooking       *b,
                                                 const char             *viewer_id);

/* Records a step of @b (saved in its new state, from @from_status) by
 * @actor_id as @role: its history, the conversation's line unless @quiet,
 * and booking.updated to both parties; in the caller's transaction. */
gboolean         _plz_bookings_announce         (PlzBookings            *self,
                                                 PlzBooking             *b,
                                                 const char             *from_status,
                                                 const char             *action,
                                                 const char             *actor_id,
                                                 PlzParty                role,
                                                 const char             *reason,
                                                 gboolean                quiet,
                                                 GError                **error);

/* A JSON array of @bookings (PlzBooking) as @viewer_id sees it. */
JsonArray       *_plz_bookings_list_to_json     (PlzBookings            *self,
                                                 GPtrArray              *bookings,
                                                 const char             *viewer_id);

/* Reads the wire's "recurrence" ({"frequency","count"}) into @spec; errors
 * name the field "recurrence". */
gboolean         _plz_bookings_parse_recurrence (JsonNode               *node,
                                                 PlzRecurrenceSpec      *spec,
                                                 GError                **error);

/* Sets @name to @usec as RFC 3339, or null for 0. */
void             _plz_bookings_set_time         (JsonObject             *o,
                                                 const char             *name,
                                                 gint64                  usec);

/* {"amount","currency"}. */
JsonObject      *_plz_bookings_money            (gint64                  amount,
                                                 const char             *currency);

/* Reads an integer member of @body in [@min, @max] into *@out; absent
 * leaves it (an error when @required). Errors name the member. */
gboolean         _plz_bookings_get_bounded      (JsonObject             *body,
                                                 const char             *member,
                                                 gboolean                required,
                                                 gint64                  min,
                                                 gint64                  max,
                                                 gint64                 *out,
                                                 GError                **error);

/* Parses "YYYY-MM-DD" into @date; FALSE when it is not a real date. */
gboolean         _plz_bookings_parse_date       (const char             *text,
                                                 GDate                  *date);

/* Books @service for @consumer_id at @start, confirmed at once (an
 * operator's yes to an on-demand request: no slot checks), announced like
 * any booking with @reason; in the caller's transaction. */
PlzBooking      *_plz_bookings_create_confirmed (PlzBookings            *self,
                                                 const char             *consumer_id,
                                                 const PlzService       *service,
                                                 gint64                  start,
                                                 const char             *note,
                                                 const char             *reason,
                                                 GError                **error);

/* The expiry job's handler. */
gboolean         _plz_bookings_expire_job       (PlzJobs                *jobs,
                                                 const char             *key,
                                                 const char             *payload,
                                                 gpointer                user_data,
                                                 GError                **error);

/* The context card hook of messaging. */
void             _plz_bookings_card             (const char             *conversation_id,
                                                 const char             *listing_id,
                                                 const char             *operator_id,
                                                 gboolean                with_slots,
                                                 JsonObject             *into,
                                                 gpointer                user_data);

G_END_DECLS
