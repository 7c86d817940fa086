/* plz-window-bookings.c — the main window's part in booking: win.book-listing,
 * and the consumer's Bookings and the operator's Schedule pages */

#include "config.h"

#include <glib/gi18n.h>

#include "plz-booking-dialog.h"
#include "plz-window-private.h"

static void
booked_cb (PlzWindow  *self,
           JsonObject *booking)
{
  plz_bookings_page_reload (self->bookings_page);
}

/* win.book-listing (listing id): the listing page's Book button. */
static void
book_listing_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  PlzWindow *self = PLZ_WINDOW (widget);
  PlzBookingDialog *dialog;

  if (!plz_account_get_signed_in (self->account))
    return;
  dialog = plz_booking_dialog_new (GTK_WINDOW (self), self->account, g_variant_get_string (parameter, NULL));
  g_signal_connect_object (dialog, "booked", G_CALLBACK (booked_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

void
_plz_window_class_init_bookings (GtkWidgetClass *widget_class)
{
  g_type_ensure (PLZ_TYPE_BOOKINGS_PAGE);
  g_type_ensure (PLZ_TYPE_SCHEDULE_PAGE);

  gtk_widget_class_install_action (widget_class, "win.book-listing", "s", book_listing_action);
  gtk_widget_class_bind_template_child (widget_class, PlzWindow, bookings_page);
  gtk_widget_class_bind_template_child (widget_class, PlzWindow, schedule_page);
}

void
_plz_window_setup_bookings (PlzWindow *self)
{
  plz_bookings_page_set_account (self->bookings_page, self->account);
  plz_schedule_page_set_account (self->schedule_page, self->account);
}
