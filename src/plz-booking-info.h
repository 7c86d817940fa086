/* plz-booking-info.h — reading the booking JSON of the bookings wire contract:
 * statuses for people, times in the operator's zone, allowed actions */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* @status ("requested", "confirmed" ...) as a person reads it ("Awaiting Reply"...). */
const char *plz_booking_status_label   (const char *status);

/* Whether @status is finished for good (declined, expired, cancelled, no_show,
 * completed, reviewed). */
gboolean    plz_booking_status_is_final (const char *status);

/* A string member of @object, or NULL when absent or not a string. */
const char *plz_booking_get_string     (JsonObject *object,
                                        const char *member);

/* The name inside an object member ("service" → "name", "consumer" →
 * "display_name"...), or NULL. */
const char *plz_booking_get_nested     (JsonObject *object,
                                        const char *member,
                                        const char *name);

/* Parses the RFC 3339 @member of @object into µs; FALSE when absent or bad. */
gboolean    plz_booking_get_time       (JsonObject *object,
                                        const char *member,
                                        gint64     *usec);

/* Whether "actions" of @booking holds @action. */
gboolean    plz_booking_can            (JsonObject *booking,
                                        const char *action);

/* The zone @booking's times are shown in ("time_zone", else UTC). */
GTimeZone  *plz_booking_get_zone       (JsonObject *booking,
                                        const char *fallback_zone);

/* "Mon 23 Nov, 09:00–10:00" for @start_us..@end_us in @zone. */
char       *plz_booking_format_span    (gint64      start_us,
                                        gint64      end_us,
                                        GTimeZone  *zone);

/* "Mon 23 Nov, 09:00–10:00" for @booking in its own zone. */
char       *plz_booking_format_when    (JsonObject *booking);

/* @booking's price ("R350.00"), or NULL when it has none. */
char       *plz_booking_format_price   (JsonObject *booking);

/* The array member @name of @object, or NULL. */
JsonArray  *plz_booking_get_array      (JsonObject *object,
                                        const char *name);

/* A fresh client id for an idempotent request ("b-" and a UUID). */
char       *plz_booking_new_client_id  (void);

G_END_DECLS
