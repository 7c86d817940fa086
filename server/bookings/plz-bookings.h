/* plz-bookings.h — services, availability, slots and bookings: the rules and who may do what */
#pragma once

#include <json-glib/json-glib.h>

#include "accounts/plz-user.h"
#include "catalogue/plz-catalogue.h"
#include "events/plz-events.h"
#include "jobs/plz-jobs.h"
#include "messaging/plz-messaging.h"
#include "store/plz-store.h"

G_BEGIN_DECLS

typedef struct _PlzBookings PlzBookings;
typedef struct _PlzDispatch PlzDispatch;

/* Defaults for an operator who has not set their hours. */
#define PLZ_BOOKINGS_DEFAULT_CAPACITY        1
#define PLZ_BOOKINGS_DEFAULT_NOTICE_MINUTES  120
#define PLZ_BOOKINGS_DEFAULT_HORIZON_DAYS    60
#define PLZ_BOOKINGS_DEFAULT_TTL_MINUTES     1440
/* Consumers cancel free of charge until this long before the start. */
#define PLZ_BOOKINGS_DEFAULT_CANCEL_MINUTES  1440
/* The longest range of days one slots or schedule query may ask for. */
#define PLZ_BOOKINGS_MAX_RANGE_DAYS          62

/* The job kind that expires unanswered requests (payload: {}; key: booking id). */
#define PLZ_BOOKINGS_JOB_EXPIRE "booking.expire"

/* Registers the expiry job with @jobs and the context card with @messaging. */
PlzBookings *plz_bookings_new              (PlzStore       *store,
                                            PlzEvents      *events,
                                            PlzMessaging   *messaging,
                                            PlzCatalogue   *catalogue,
                                            PlzJobs        *jobs);
void         plz_bookings_free             (PlzBookings    *self);

struct _PlzModeration;
/* Notes and reasons then pass the contact-details policy, as chat does. */
void         plz_bookings_set_moderation   (PlzBookings    *self,
                                            struct _PlzModeration *moderation);

/* Services ------------------------------------------------------------------- */

/* {"services": [...]} active services of @listing_id (NOT_FOUND for no such listing). */
JsonObject  *plz_bookings_listing_services (PlzBookings    *self,
                                            const char     *listing_id,
                                            GError        **error);
/* {"services": [...]} active services of @operator_id. */
JsonObject  *plz_bookings_operator_services (PlzBookings   *self,
                                             const char    *operator_id,
                                             GError       **error);
/* {"services": [...]} @user's own services, inactive ones too. */
JsonObject  *plz_bookings_my_services      (PlzBookings    *self,
                                            const PlzUser  *user,
                                            GError        **error);
/* Creates a service from @body; returns {"service"}. */
JsonObject  *plz_bookings_create_service   (PlzBookings    *self,
                                            const PlzUser  *user,
                                            JsonObject     *body,
                                            GError        **error);
/* Changes the members of @body on @user's service @id; returns {"service"}. */
JsonObject  *plz_bookings_update_service   (PlzBookings    *self,
                                            const PlzUser  *user,
                                            const char     *id,
                                            JsonObject     *body,
                                            GError        **error);
/* Deactivates @user's service @id (its bookings keep it); returns {"service"}. */
JsonObject  *plz_bookings_delete_service   (PlzBookings    *self,
                                            const PlzUser  *user,
                                            const char     *id,
                                            GError        **error);

/* Availability --------------------------------------------------------------- */

/* @user's availability (defaults when never set). */
JsonObject  *plz_bookings_get_availability (PlzBookings    *self,
                                            const PlzUser  *user,
                                            GError        **error);
/* Replaces @user's availability with @body; errors name the field ("rules[2].end"). */
JsonObject  *plz_bookings_put_availability (PlzBookings    *self,
                                            const PlzUser  *user,
                                            JsonObject     *body,
                                            GError        **error);

/* Slots and schedule ----------------------------------------------------------- */

/* Free slots of service @id on the operator's local days @from … @to
 * ("YYYY-MM-DD"; NULL: today, and two weeks from @from). */
JsonObject  *plz_bookings_slots            (PlzBookings    *self,
                                            const char     *service_id,
                                            const char     *from,
                                            const char     *to,
                                            GError        **error);
/* @user's open hours and bookings on their local days @from … @to. */
JsonObject  *plz_bookings_schedule         (PlzBookings    *self,
                                            const PlzUser  *user,
                                            const char     *from,
                                            const char     *to,
                                            GError        **error);

/* Bookings ---------------------------------------------------------------------- */

/* Books from @body ({"client_id","service_id","start","note","recurrence"});
 * returns {"booking"} (+ "series" when recurring: every occurrence, booked
 * all or none) and sets *@created (FALSE: a retry, answered with the first). */
JsonObject  *plz_bookings_create           (PlzBookings    *self,
                                            const PlzUser  *user,
                                            JsonObject     *body,
                                            gboolean       *created,
                                            GError        **error);
/* {"booking"} for a participant; NOT_FOUND for anyone else. */
JsonObject  *plz_bookings_get              (PlzBookings    *self,
                                            const PlzUser  *user,
                                            const char     *id,
                                            GError        **error);
/* Takes lifecycle step @action ("confirm" …) with @reason; returns {"booking"}. */
JsonObject  *plz_bookings_act              (PlzBookings    *self,
                                            const PlzUser  *user,
                                            const char     *id,
                                            const char     *action,
                                            const char     *reason,
                                            GError        **error);
/* Moves booking @id to @start (RFC 3339) with the checks of a new booking. */
JsonObject  *plz_bookings_reschedule       (PlzBookings    *self,
                                            const PlzUser  *user,
                                            const char     *id,
                                            const char     *start,
                                            GError        **error);
/* Cancels one occurrence of a series. */
JsonObject  *plz_bookings_skip             (PlzBookings    *self,
                                            const PlzUser  *user,
                                            const char     *id,
                                            GError        **error);
/* The .ics invite (text/calendar) of booking @id for a participant; a
 * booking of a series gives the whole series (RRULE, EXDATE, moved ones).
 * NOT_FOUND for anyone else, NOT_CONFIRMED before confirmation or after a
 * cancellation. *@filename gets a name for the attachment. */
char        *plz_bookings_calendar         (PlzBookings    *self,
                                            const PlzUser  *user,
                                            const char     *id,
                                            char          **filename,
                                            GError        **error);
/* A page of @user's bookings as @role, upcoming or past; {"bookings","next_cursor"}. */
JsonObject  *plz_bookings_list             (PlzBookings    *self,
                                            const PlzUser  *user,
                                            const char     *role,
                                            const char     *scope,
                                            const char     *limit,
                                            const char     *cursor,
                                            GError        **error);
/* The bookings consumer @customer_id made with operator @user. */
JsonObject  *plz_bookings_customer         (PlzBookings    *self,
                                            const PlzUser  *user,
                                            const char     *customer_id,
                                            GError        **error);

/* On-demand dispatch (plz-dispatch.h), which lives as long as @self. */
PlzDispatch *plz_bookings_get_dispatch     (PlzBookings    *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PlzBookings, plz_bookings_free)

G_END_DECLS
