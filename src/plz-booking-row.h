/* plz-booking-row.h — one booking in a list: service, time, the other party,
 * a status pill and buttons for the moves the server allows now */
#pragma once

#include <adwaita.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define PLZ_TYPE_BOOKING_ROW (plz_booking_row_get_type ())

G_DECLARE_FINAL_TYPE (PlzBookingRow, plz_booking_row, PLZ, BOOKING_ROW, AdwActionRow)

/* A row for @booking seen by @role ("consumer" shows the operator, "operator"
 * the customer). Each action of @offered that the booking's "actions" allow
 * (plus "calendar" for a confirmed booking, when offered) gets a button
 * activating "@group.act" with (booking id, action). */
GtkWidget  *plz_booking_row_new         (JsonObject        *booking,
                                         const char        *role,
                                         const char        *group,
                                         const char * const *offered);

/* Hides the status pill (in a list where every booking has the same status). */
void        plz_booking_row_set_show_status (PlzBookingRow *self,
                                             gboolean       show);

/* The booking shown (borrowed). */
JsonObject *plz_booking_row_get_booking (PlzBookingRow *self);

/* The button for @action, or NULL when the row has none. */
GtkWidget  *plz_booking_row_get_button  (PlzBookingRow *self,
                                         const char    *action);

/* The label of a move's button ("Accept" for confirm...). */
const char *plz_booking_action_label    (const char *action);

G_END_DECLS
