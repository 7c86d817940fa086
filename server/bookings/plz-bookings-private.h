/* plz-bookings-private.h — the bookings service's insides, shared by its files */
#pragma once

#include "plz-bookings.h"
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

/* @b as @viewer_id sees it, with the actions they may take now. */
JsonObject      *_plz_bookings_booking_to_json  (PlzBookings            *self,
                                                 const PlzBooking       *b,
                                                 const char             *viewer_id);

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
