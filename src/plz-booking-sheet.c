/* plz-booking-sheet.c — one booking in full for its operator */

#include "config.h"

#include <glib/gi18n.h>

#include "plz-booking-info.h"
#include "plz-booking-row.h"
#include "plz-booking-sheet.h"

struct _PlzBookingSheet
{
  AdwWindow     parent_instance;

  /* Template children */
  AdwActionRow *status_row;
  AdwActionRow *customer_row;
  AdwActionRow *service_row;
  AdwActionRow *time_row;
  AdwActionRow *note_row;
  GtkBox       *actions_box;
  GtkLabel     *error_label;
  GtkStack     *history_stack;
  GtkSpinner   *history_spinner;
  GtkLabel     *history_message;
  GtkListBox   *history_list;

  PlzAccount   *account;
  JsonObject   *booking;
  GHashTable   *buttons;       /* action → button, borrowed */
  GCancellable *cancellable;
};

G_DEFINE_FINAL_TYPE (PlzBookingSheet, plz_booking_sheet, ADW_TYPE_WINDOW)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* The operator's moves, in the order they are offered. */
static const char * const operator_actions[] = { "decline", "no_show", "cancel", "prepare", "start", "complete",
                                                 "confirm", NULL };

static void
show_booking (PlzBookingSheet *self)
{
  JsonObject *b = self->booking;
  const char *note = plz_booking_get_string (b, "note");
  const char *customer = plz_booking_get_nested (b, "consumer", "display_name");
  const char *service = plz_booking_get_nested (b, "service", "name");
  g_autofree char *when = plz_booking_format_when (b);
  g_autofree char *price = plz_booking_format_price (b);
  g_autofree char *service_text = price != NULL ? g_strdup_printf ("%s · %s", service != NULL ? service : "", price)
                                                : g_strdup (service != NULL ? service : "");
  g_autofree char *zone_text = NULL;
  GtkWidget *child;

  adw_action_row_set_subtitle (self->status_row, plz_booking_status_label (plz_booking_get_string (b, "status")));
  adw_action_row_set_subtitle (self->customer_row, customer != NULL ? customer : _("Unknown"));
  adw_action_row_set_subtitle (self->service_row, service_text);
  zone_text = g_strdup_printf ("%s (%s)", when, plz_booking_get_string (b, "time_zone") != NULL
                                                ? plz_booking_get_string (b, "time_zone") : "UTC");
  adw_action_row_set_subtitle (self->time_row, zone_text);
  adw_action_row_set_subtitle (self->note_row, note != NULL && *note != '\0' ? note : _("No note"));
  gtk_window_set_title (GTK_WINDOW (self), service != NULL ? service : _("Booking"));

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->actions_box))) != NULL)
    gtk_box_remove (self->actions_box, child);
  g_hash_table_remove_all (self->buttons);
  for (guint i = 0; operator_actions[i] != NULL; i++)
    {
      const char *action = operator_actions[i];
      GtkWidget *button;

      if (!plz_booking_can (b, action))
        continue;
      button = gtk_button_new_with_label (plz_booking_action_label (action));
      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "sheet.act");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", action);
      if (g_str_equal (action, "confirm") || g_str_equal (action, "complete") || g_str_equal (action, "start"))
        gtk_widget_add_css_class (button, "suggested-action");
      else if (g_str_equal (action, "cancel") || g_str_equal (action, "decline"))
        gtk_widget_add_css_class (button, "destructive-action");
      gtk_box_append (self->actions_box, button);
      g_hash_table_insert (self->buttons, g_strdup (action), button);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->actions_box), g_hash_table_size (self->buttons) > 0);
}

/* ---- moves ------------------------------------------------------------------------------ */

static void
acted_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(PlzBookingSheet) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) answer = plz_account_call_finish (PLZ_ACCOUNT (source), result, &error);
  JsonNode *booking = answer != NULL ? json_object_get_member (answer, "booking") : NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  gtk_widget_set_sensitive (GTK_WIDGET (self->actions_box), TRUE);
  if (booking == NULL || !JSON_NODE_HOLDS_OBJECT (booking))
    {
      gtk_label_set_label (self->error_label, error != NULL ? error->message
                                                            : _("The server gave an answer Plaza does not understand"));
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
      return;
    }
  g_clear_pointer (&self->booking, json_object_unref);
  self->booking = json_object_ref (json_node_get_object (booking));
  show_booking (self);
  g_signal_emit (self, signals[CHANGED], 0, self->booking);
}

static void
act_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  PlzBookingSheet *self = PLZ_BOOKING_SHEET (widget);
  g_autoptr(JsonObject) body = json_object_new ();
  g_autofree char *escaped = g_uri_escape_string (plz_booking_get_string (self->booking, "id"), NULL, FALSE);
  g_autofree char *path = g_strconcat ("/api/v1/bookings/", escaped, "/actions", NULL);

  json_object_set_string_member (body, "action", g_variant_get_string (parameter, NULL));
  json_object_set_string_member (body, "reason", "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->actions_box), FALSE);
  plz_account_call_async (self->account, "POST", path, body, FALSE, self->cancellable, acted_cb,
                          g_object_ref (self));
}

/* ---- history ------------------------------------------------------------------------------- */

static void
history_loaded_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(PlzBookingSheet) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) answer = plz_account_call_finish (PLZ_ACCOUNT (source), result, &error);
  JsonArray *bookings = plz_booking_get_array (answer, "bookings");
  const char *id = plz_booking_get_string (self->booking, "id");
  guint n = 0;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  gtk_spinner_set_spinning (self->history_spinner, FALSE);
  if (bookings == NULL)
    {
      g_autofree char *text = g_strdup_printf (_("The customer’s history could not be loaded: %s"),
                                               error != NULL ? error->message : _("unexpected answer"));

      gtk_label_set_label (self->history_message, text);
      gtk_stack_set_visible_child_name (self->history_stack, "message");
      return;
    }
  for (guint i = 0; i < json_array_get_length (bookings); i++)
    {
      JsonNode *node = json_array_get_element (bookings, i);

      /* This booking is shown above already. */
      if (!JSON_NODE_HOLDS_OBJECT (node)
          || g_strcmp0 (plz_booking_get_string (json_node_get_object (node), "id"), id) == 0)
        continue;
      gtk_list_box_append (self->history_list, plz_booking_row_new (json_node_get_object (node), "consumer",
                                                                    "sheet", NULL));
      n++;
    }
  if (n == 0)
    {
      gtk_label_set_label (self->history_message, _("This is their first booking with you."));
      gtk_stack_set_visible_child_name (self->history_stack, "message");
    }
  else
    gtk_stack_set_visible_child_name (self->history_stack, "list");
}

static void
load_history (PlzBookingSheet *self)
{
  const char *customer = plz_booking_get_nested (self->booking, "consumer", "id");
  g_autofree char *escaped = NULL, *path = NULL;

  if (customer == NULL)
    {
      gtk_label_set_label (self->history_message, _("No customer history for this booking."));
      gtk_stack_set_visible_child_name (self->history_stack, "message");
      return;
    }
  escaped = g_uri_escape_string (customer, NULL, FALSE);
  path = g_strconcat ("/api/v1/me/customers/", escaped, "/bookings", NULL);
  gtk_spinner_set_spinning (self->history_spinner, TRUE);
  gtk_stack_set_visible_child_name (self->history_stack, "loading");
  plz_account_call_async (self->account, "GET", path, NULL, FALSE, self->cancellable, history_loaded_cb,
                          g_object_ref (self));
}

/* ---- public ---------------------------------------------------------------------------------- */

PlzBookingSheet *
plz_booking_sheet_new (GtkWindow  *parent,
                       PlzAccount *account,
                       JsonObject *booking)
{
  PlzBookingSheet *self;

  g_return_val_if_fail (PLZ_IS_ACCOUNT (account), NULL);
  g_return_val_if_fail (booking != NULL, NULL);

  self = g_object_new (PLZ_TYPE_BOOKING_SHEET, "transient-for", parent, NULL);
  self->account = g_object_ref (account);
  self->booking = json_object_ref (booking);
  show_booking (self);
  load_history (self);
  return self;
}

JsonObject *
plz_booking_sheet_get_booking (PlzBookingSheet *self)
{
  g_return_val_if_fail (PLZ_IS_BOOKING_SHEET (self), NULL);
  return self->booking;
}

GtkWidget *
plz_booking_sheet_get_button (PlzBookingSheet *self,
                              const char      *action)
{
  g_return_val_if_fail (PLZ_IS_BOOKING_SHEET (self), NULL);
  return g_hash_table_lookup (self->buttons, action);
}

const char *
plz_booking_sheet_get_history_state (PlzBookingSheet *self)
{
  g_return_val_if_fail (PLZ_IS_BOOKING_SHEET (self), NULL);
  return gtk_stack_get_visible_child_name (self->history_stack);
}

static void
plz_booking_sheet_dispose (GObject *object)
{
  PlzBookingSheet *self = PLZ_BOOKING_SHEET (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), PLZ_TYPE_BOOKING_SHEET);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->account);
  g_clear_pointer (&self->booking, json_object_unref);
  g_clear_pointer (&self->buttons, g_hash_table_unref);

  G_OBJECT_CLASS (plz_booking_sheet_parent_class)->dispose (object);
}

static void
plz_booking_sheet_class_init (PlzBookingSheetClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = plz_booking_sheet_dispose;

  /* A move went through; the booking as the server now has it. */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                   G_TYPE_NONE, 1, JSON_TYPE_OBJECT | G_SIGNAL_TYPE_STATIC_SCOPE);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/plaza/Plaza/plz-booking-sheet.ui");
  gtk_widget_class_bind_template_child (widget_class, PlzBookingSheet, status_row);
  gtk_widget_class_bind_template_child (widget_class, PlzBookingSheet, customer_row);
  gtk_widget_class_bind_template_child (widget_class, PlzBookingSheet, service_row);
  gtk_widget_class_bind_template_child (widget_class, PlzBookingSheet, time_row);
  gtk_widget_class_bind_template_child (widget_class, PlzBookingSheet, note_row);
  gtk_widget_class_bind_template_child (widget_class, PlzBookingSheet, actions_box);
  gtk_widget_class_bind_template_child (widget_class, PlzBookingSheet, error_label);
  gtk_widget_class_bind_template_child (widget_class, PlzBookingSheet, history_stack);
  gtk_widget_class_bind_template_child (widget_class, PlzBookingSheet, history_spinner);
  gtk_widget_class_bind_template_child (widget_class, PlzBookingSheet, history_message);
  gtk_widget_class_bind_template_child (widget_class, PlzBookingSheet, history_list);

  gtk_widget_class_install_action (widget_class, "sheet.act", "s", act_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
plz_booking_sheet_init (PlzBookingSheet *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  self->buttons = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}
