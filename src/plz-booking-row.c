/* plz-booking-row.c — one booking in a list, with the moves allowed now */

#include "config.h"

#include <glib/gi18n.h>

#include "plz-booking-info.h"
#include "plz-booking-row.h"

struct _PlzBookingRow
{
  AdwActionRow  parent_instance;

  JsonObject   *booking;
  GHashTable   *buttons;    /* action → GtkWidget, borrowed */
  GtkWidget    *pill;
};

G_DEFINE_FINAL_TYPE (PlzBookingRow, plz_booking_row, ADW_TYPE_ACTION_ROW)

const char *
plz_booking_action_label (const char *action)
{
  static const struct { const char *action; const char *label; } labels[] = {
    { "confirm", N_("Accept") },
    { "decline", N_("Decline") },
    { "prepare", N_("Start Preparing") },
    { "start", N_("Start Job") },
    { "complete", N_("Mark Done") },
    { "cancel", N_("Cancel Booking") },
    { "no_show", N_("No-Show") },
    { "reschedule", N_("Reschedule") },
    { "calendar", N_("Add to Calendar") },
  };

  for (guint i = 0; action != NULL && i < G_N_ELEMENTS (labels); i++)
    if (g_str_equal (labels[i].action, action))
      return _(labels[i].label);
  return action;
}

/* A calendar entry only makes sense once the time is settled (the server
 * serves .ics for confirmed bookings and later). */
static gboolean
allows_calendar (JsonObject *booking)
{
  const char *status = plz_booking_get_string (booking, "status");
  static const char * const settled[] = { "confirmed", "preparation", "active", NULL };

  return status != NULL && g_strv_contains (settled, status);
}

GtkWidget *
plz_booking_row_new (JsonObject         *booking,
                     const char         *role,
                     const char         *group,
                     const char * const *offered)
{
  PlzBookingRow *self;
  const char *status, *service, *other, *id;
  g_autofree char *when = NULL, *subtitle = NULL, *status_class = NULL, *action_name = NULL;
  GtkWidget *pill, *box;

  g_return_val_if_fail (booking != NULL, NULL);

  self = g_object_new (PLZ_TYPE_BOOKING_ROW, NULL);
  self->booking = json_object_ref (booking);
  id = plz_booking_get_string (booking, "id");
  status = plz_booking_get_string (booking, "status");
  service = plz_booking_get_nested (booking, "service", "name");
  other = plz_booking_get_nested (booking, g_strcmp0 (role, "operator") == 0 ? "consumer" : "operator",
                                  "display_name");
  when = plz_booking_format_when (booking);
  subtitle = other != NULL ? g_strdup_printf ("%s · %s", when, other) : g_strdup (when);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self), service != NULL ? service : _("Booking"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self), subtitle);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (self), FALSE);

  box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_widget_set_valign (box, GTK_ALIGN_CENTER);
  pill = self->pill = gtk_label_new (plz_booking_status_label (status));
  gtk_widget_add_css_class (pill, "status-pill");
  status_class = g_strconcat ("booking-", status != NULL ? status : "unknown", NULL);
  gtk_widget_add_css_class (pill, status_class);
  gtk_widget_set_valign (pill, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (box), pill);

  action_name = g_strconcat (group, ".act", NULL);
  for (guint i = 0; offered != NULL && offered[i] != NULL; i++)
    {
      const char *action = offered[i];
      g_autofree char *accessible = NULL;
      GtkWidget *button;

      if (g_str_equal (action, "calendar") ? !allows_calendar (booking) : !plz_booking_can (booking, action))
        continue;
      button = gtk_button_new_with_label (plz_booking_action_label (action));
      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action_name);
      gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "(ss)", id != NULL ? id : "", action);
      /* TRANSLATORS: a button's name for screen readers: move, service, time */
      accessible = g_strdup_printf (_("%s: %s, %s"), plz_booking_action_label (action),
                                    service != NULL ? service : _("Booking"), when);
      gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
      if (g_str_equal (action, "confirm"))
        gtk_widget_add_css_class (button, "suggested-action");
      gtk_box_append (GTK_BOX (box), button);
      g_hash_table_insert (self->buttons, g_strdup (action), button);
    }
  adw_action_row_add_suffix (ADW_ACTION_ROW (self), box);
  return GTK_WIDGET (self);
}

void
plz_booking_row_set_show_status (PlzBookingRow *self,
                                 gboolean       show)
{
  g_return_if_fail (PLZ_IS_BOOKING_ROW (self));
  gtk_widget_set_visible (self->pill, show);
}

JsonObject *
plz_booking_row_get_booking (PlzBookingRow *self)
{
  g_return_val_if_fail (PLZ_IS_BOOKING_ROW (self), NULL);
  return self->booking;
}

GtkWidget *
plz_booking_row_get_button (PlzBookingRow *self,
                            const char    *action)
{
  g_return_val_if_fail (PLZ_IS_BOOKING_ROW (self), NULL);
  return g_hash_table_lookup (self->buttons, action);
}

static void
plz_booking_row_finalize (GObject *object)
{
  PlzBookingRow *self = PLZ_BOOKING_ROW (object);

  g_clear_pointer (&self->booking, json_object_unref);
  g_hash_table_unref (self->buttons);
  G_OBJECT_CLASS (plz_booking_row_parent_class)->finalize (object);
}

static void
plz_booking_row_class_init (PlzBookingRowClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = plz_booking_row_finalize;
}

static void
plz_booking_row_init (PlzBookingRow *self)
{
  self->buttons = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}
