/* plz-booking-dialog.h — a consumer books a service: pick the service, a day
 * with free times and a time, add a note or a repeat, confirm; also used to
 * move an existing booking to another time */
#pragma once

#include <adwaita.h>

#include "plz-account.h"

G_BEGIN_DECLS

#define PLZ_TYPE_BOOKING_DIALOG (plz_booking_dialog_get_type ())

G_DECLARE_FINAL_TYPE (PlzBookingDialog, plz_booking_dialog, PLZ, BOOKING_DIALOG, AdwWindow)

/* Books one of the services of listing @listing_id as the user of @account. */
PlzBookingDialog *plz_booking_dialog_new            (GtkWindow  *parent,
                                                     PlzAccount *account,
                                                     const char *listing_id);

/* Moves @booking (booking JSON) to another free time of its service. */
PlzBookingDialog *plz_booking_dialog_new_reschedule (GtkWindow  *parent,
                                                     PlzAccount *account,
                                                     JsonObject *booking);

/* "loading", "empty", "error", "form" or "done". */
const char       *plz_booking_dialog_get_state      (PlzBookingDialog *self);

/* Shows @date ("2026-11-24", a day in the operator's zone) in the calendar
 * and its free times; loads that month's times when needed. */
gboolean          plz_booking_dialog_select_day     (PlzBookingDialog *self,
                                                     const char       *date);

/* How many free times the chosen day shows, and whether the month's times
 * are still loading. */
guint             plz_booking_dialog_get_n_times    (PlzBookingDialog *self);
gboolean          plz_booking_dialog_get_times_loading (PlzBookingDialog *self);

/* Whether calendar day @day (1..31) of the shown month is marked as having free times. */
gboolean          plz_booking_dialog_get_day_marked (PlzBookingDialog *self,
                                                     guint             day);

/* Chooses the free time number @index of the chosen day. */
gboolean          plz_booking_dialog_choose_time    (PlzBookingDialog *self,
                                                     guint             index);

/* The refusal or problem shown above the confirm button, or NULL. */
const char       *plz_booking_dialog_get_message    (PlzBookingDialog *self);

G_END_DECLS
