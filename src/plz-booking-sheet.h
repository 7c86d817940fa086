/* plz-booking-sheet.h — one booking in full for its operator: customer,
 * service, time, note, the moves allowed now, and the customer's history */
#pragma once

#include <adwaita.h>

#include "plz-account.h"

G_BEGIN_DECLS

#define PLZ_TYPE_BOOKING_SHEET (plz_booking_sheet_get_type ())

G_DECLARE_FINAL_TYPE (PlzBookingSheet, plz_booking_sheet, PLZ, BOOKING_SHEET, AdwWindow)

/* Shows @booking and loads the customer's earlier bookings with this operator. */
PlzBookingSheet *plz_booking_sheet_new         (GtkWindow  *parent,
                                                PlzAccount *account,
                                                JsonObject *booking);

/* The booking as last known (borrowed). */
JsonObject      *plz_booking_sheet_get_booking (PlzBookingSheet *self);

/* The button for move @action ("confirm"...), or NULL when not allowed now. */
GtkWidget       *plz_booking_sheet_get_button  (PlzBookingSheet *self,
                                                const char      *action);

/* "loading", "message" or "list": the customer history's state. */
const char      *plz_booking_sheet_get_history_state (PlzBookingSheet *self);

G_END_DECLS
