/* plz-booking-dialog.c — pick a service, a day with free times and a time, confirm */

#include "config.h"

#include <glib/gi18n.h>
#include <stdlib.h>

#include "plz-booking-dialog.h"
#include "plz-booking-info.h"
#include "plz-error.h"
#include "plz-form.h"
#include "plz-money.h"
#include "plz-time.h"

typedef struct
{
  char  *start;       /* as the server wrote it, sent back unchanged */
  gint64 start_us;
  gint64 end_us;
  int    available;
  GDate  day;         /* in the operator's zone */
} Slot;

struct _PlzBookingDialog
{
  AdwWindow      parent_instance;

  /* Template children */
  GtkStack      *content_stack;
  GtkSpinner    *spinner;
  AdwStatusPage *error_page;
  AdwStatusPage *done_page;
  AdwComboRow   *service_row;
  GtkCalendar   *calendar;
  GtkLabel      *day_label;
  GtkLabel      *slots_status;
  GtkFlowBox    *slots_box;
  GtkLabel      *zone_label;
  GtkWidget     *details_group;
  AdwEntryRow   *note_row;
  AdwComboRow   *repeat_row;
  GtkWidget     *count_row;
  GtkSpinButton *count_spin;
  GtkLabel      *error_label;
  GtkWidget     *confirm_button;

  PlzAccount    *account;
  char          *listing_id;
  JsonObject    *rescheduled;     /* the booking being moved, or NULL */
  JsonArray     *services;
  GPtrArray     *slots;           /* Slot, of the loaded month */
  GTimeZone     *zone;            /* the operator's */
  char          *zone_name;
  int            loaded_year;     /* the month of slots; 0 when none */
  int            loaded_month;
  gboolean       slots_loading;
  gboolean       busy;            /* a booking request is out */
  char          *chosen;          /* start of the chosen slot */
  char          *client_id;       /* kept while retrying the same request */
  GCancellable  *slots_cancellable;
  GCancellable  *cancellable;
};

G_DEFINE_FINAL_TYPE (PlzBookingDialog, plz_booking_dialog, ADW_TYPE_WINDOW)

enum {
  BOOKED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void load_slots (PlzBookingDialog *self);

static void
slot_free (Slot *slot)
{
  g_free (slot->start);
  g_free (slot);
}

static void
show_state (PlzBookingDialog *self,
            const char       *state)
{
  gtk_stack_set_visible_child_name (self->content_stack, state);
  plz_form_hide_other_pages (self->content_stack);
  gtk_spinner_set_spinning (self->spinner, g_strcmp0 (state, "loading") == 0);
  gtk_widget_set_visible (self->confirm_button, g_strcmp0 (state, "form") == 0);
}

static void
show_message (PlzBookingDialog *self,
              const char       *message)
{
  gtk_label_set_label (self->error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

static void
update_confirm (PlzBookingDialog *self)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "booking.confirm", self->chosen != NULL && !self->busy);
}

/* A new choice is a new request: the server must not answer it with the last one. */
static void
choice_changed (PlzBookingDialog *self)
{
  g_clear_pointer (&self->client_id, g_free);
  show_message (self, NULL);
  update_confirm (self);
}

static JsonObject *
selected_service (PlzBookingDialog *self)
{
  guint selected = adw_combo_row_get_selected (self->service_row);

  if (self->services == NULL || selected >= json_array_get_length (self->services))
    return NULL;
  return json_array_get_object_element (self->services, selected);
}

/* ---- the day's free times ------------------------------------------------------------ */

static void
calendar_month (PlzBookingDialog *self,
                int              *year,
                int              *month)
{
  g_autoptr(GDateTime) date = gtk_calendar_get_date (self->calendar);

  *year = g_date_time_get_year (date);
  *month = g_date_time_get_month (date);
}

static void
slot_toggled_cb (GtkToggleButton  *button,
                 PlzBookingDialog *self)
{
  if (!gtk_toggle_button_get_active (button))
    return;
  g_free (self->chosen);
  self->chosen = g_strdup (g_object_get_data (G_OBJECT (button), "start"));
  choice_changed (self);
}

static void
show_day (PlzBookingDialog *self)
{
  g_autoptr(GDateTime) date = gtk_calendar_get_date (self->calendar);
  g_autofree char *heading = g_date_time_format (date, _("%A %e %B"));
  GtkToggleButton *group = NULL;
  GtkWidget *child;
  GDate day;
  guint n = 0;

  gtk_label_set_label (self->day_label, g_strstrip (heading));
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->slots_box))) != NULL)
    gtk_flow_box_remove (self->slots_box, child);

  g_date_clear (&day, 1);
  g_date_set_dmy (&day, g_date_time_get_day_of_month (date), g_date_time_get_month (date),
                  g_date_time_get_year (date));
  for (guint i = 0; self->slots != NULL && i < self->slots->len; i++)
    {
      Slot *slot = g_ptr_array_index (self->slots, i);
      g_autoptr(GDateTime) utc = NULL, local = NULL;
      g_autofree char *label = NULL, *span = NULL, *description = NULL;
      GtkWidget *button;

      if (g_date_compare (&slot->day, &day) != 0)
        continue;
      utc = g_date_time_new_from_unix_utc (slot->start_us / G_USEC_PER_SEC);
      local = g_date_time_to_timezone (utc, self->zone);
      label = g_date_time_format (local, "%H:%M");
      button = gtk_toggle_button_new_with_label (label);
      gtk_widget_add_css_class (button, "slot-time");
      span = plz_booking_format_span (slot->start_us, slot->end_us, self->zone);
      /* TRANSLATORS: a free time to book: its span and how many places are left */
      description = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s, %d place free", "%s, %d places free",
                                                  slot->available), span, slot->available);
      gtk_widget_set_tooltip_text (button, description);
      gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, description, -1);
      g_object_set_data_full (G_OBJECT (button), "start", g_strdup (slot->start), g_free);
      if (group != NULL)
        gtk_toggle_button_set_group (GTK_TOGGLE_BUTTON (button), group);
      else
        group = GTK_TOGGLE_BUTTON (button);
      if (g_strcmp0 (self->chosen, slot->start) == 0)
        gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (button), TRUE);
      g_signal_connect_object (button, "toggled", G_CALLBACK (slot_toggled_cb), self, 0);
      gtk_flow_box_append (self->slots_box, button);
      n++;
    }

  if (self->slots_loading)
    gtk_label_set_label (self->slots_status, _("Looking for free times…"));
  else if (self->slots == NULL)
    gtk_label_set_label (self->slots_status, _("The free times could not be loaded. Pick a day to try again."));
  else if (n == 0)
    gtk_label_set_label (self->slots_status, _("No free times on this day. Days with free times are marked."));
  gtk_widget_set_visible (GTK_WIDGET (self->slots_status), self->slots_loading || n == 0);
}

/* GTK 4.8 keeps marks but does not draw them; the day labels get a style class. */
static void
style_marked_days (PlzBookingDialog *self,
                   GtkWidget        *widget)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_LABEL (child) && gtk_widget_has_css_class (child, "day-number"))
        {
          int day = atoi (gtk_label_get_label (GTK_LABEL (child)));
          gboolean marked = !gtk_widget_has_css_class (child, "other-month") && day >= 1 && day <= 31
                            && gtk_calendar_get_day_is_marked (self->calendar, day);

          if (marked)
            gtk_widget_add_css_class (child, "free-day");
          else
            gtk_widget_remove_css_class (child, "free-day");
        }
      style_marked_days (self, child);
    }
}

static void
mark_days (PlzBookingDialog *self)
{
  int year, month;

  calendar_month (self, &year, &month);
  gtk_calendar_clear_marks (self->calendar);
  for (guint i = 0; self->slots != NULL && i < self->slots->len; i++)
    {
      Slot *slot = g_ptr_array_index (self->slots, i);

      if (g_date_get_year (&slot->day) == year && (int) g_date_get_month (&slot->day) == month)
        gtk_calendar_mark_day (self->calendar, g_date_get_day (&slot->day));
    }
  style_marked_days (self, GTK_WIDGET (self->calendar));
}

/* Reads the answer of GET /services/{id}/slots; FALSE when it is not one. */
static gboolean
take_slots (PlzBookingDialog *self,
            JsonObject       *answer)
{
  JsonArray *slots = plz_booking_get_array (answer, "slots");
  const char *zone_name = plz_booking_get_string (answer, "time_zone");
  g_autoptr(GTimeZone) zone = zone_name != NULL ? g_time_zone_new_identifier (zone_name) : NULL;
  g_autofree char *zone_text = NULL;

  if (slots == NULL || zone == NULL)
    return FALSE;
  g_clear_pointer (&self->zone, g_time_zone_unref);
  self->zone = g_steal_pointer (&zone);
  g_free (self->zone_name);
  self->zone_name = g_strdup (zone_name);
  g_clear_pointer (&self->slots, g_ptr_array_unref);
  self->slots = g_ptr_array_new_with_free_func ((GDestroyNotify) slot_free);

  for (guint i = 0; i < json_array_get_length (slots); i++)
    {
      JsonNode *node = json_array_get_element (slots, i);
      JsonObject *object = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      g_autoptr(GDateTime) utc = NULL, local = NULL;
      Slot *slot;
      gint64 start, end;

      if (object == NULL || !plz_booking_get_time (object, "start", &start)
          || !plz_booking_get_time (object, "end", &end))
        continue;
      slot = g_new0 (Slot, 1);
      slot->start = g_strdup (plz_booking_get_string (object, "start"));
      slot->start_us = start;
      slot->end_us = end;
      slot->available = json_object_get_int_member_with_default (object, "available", 1);
      utc = g_date_time_new_from_unix_utc (start / G_USEC_PER_SEC);
      local = g_date_time_to_timezone (utc, self->zone);
      g_date_clear (&slot->day, 1);
      g_date_set_dmy (&slot->day, g_date_time_get_day_of_month (local), g_date_time_get_month (local),
                      g_date_time_get_year (local));
      g_ptr_array_add (self->slots, slot);
    }
  /* TRANSLATORS: %s is a time zone such as Africa/Johannesburg */
  zone_text = g_strdup_printf (_("Times are in the operator’s time zone, %s."), zone_name);
  gtk_label_set_label (self->zone_label, zone_text);
  return TRUE;
}

static void
slots_loaded_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(PlzBookingDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) answer = plz_account_call_finish (PLZ_ACCOUNT (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->slots_loading = FALSE;
  if (answer == NULL || !take_slots (self, answer))
    {
      g_clear_pointer (&self->slots, g_ptr_array_unref);
      self->loaded_year = 0;
      if (error != NULL)
        show_message (self, error->message);
    }
  mark_days (self);
  show_day (self);
}

static void
load_slots (PlzBookingDialog *self)
{
  JsonObject *service = selected_service (self);
  const char *service_id = plz_booking_get_string (service, "id");
  g_autofree char *escaped = NULL, *path = NULL;
  int year, month;

  if (service_id == NULL)
    return;
  calendar_month (self, &year, &month);
  g_cancellable_cancel (self->slots_cancellable);
  g_clear_object (&self->slots_cancellable);
  self->slots_cancellable = g_cancellable_new ();
  self->loaded_year = year;
  self->loaded_month = month;
  self->slots_loading = TRUE;
  g_clear_pointer (&self->slots, g_ptr_array_unref);
  mark_days (self);
  show_day (self);

  escaped = g_uri_escape_string (service_id, NULL, FALSE);
  /* The whole shown month, in the operator's days; "to" is the next month's first. */
  path = g_strdup_printf ("/api/v1/services/%s/slots?from=%04d-%02d-01&to=%04d-%02d-01", escaped, year, month,
                          month == 12 ? year + 1 : year, month == 12 ? 1 : month + 1);
  plz_account_call_async (self->account, "GET", path, NULL, FALSE, self->slots_cancellable,
                          slots_loaded_cb, g_object_ref (self));
}

/* Loads the shown month when it is not the loaded one, then shows the day. */
static void
sync_month (PlzBookingDialog *self)
{
  int year, month;

  calendar_month (self, &year, &month);
  if (year != self->loaded_year || month != self->loaded_month || (self->slots == NULL && !self->slots_loading))
    load_slots (self);
  else
    show_day (self);
}

static void
day_selected_cb (PlzBookingDialog *self)
{
  sync_month (self);
}

static void
month_changed_cb (PlzBookingDialog *self)
{
  sync_month (self);
}

/* ---- services --------------------------------------------------------------------------- */

static char *
describe_service (JsonObject *service)
{
  gint64 minutes = json_object_get_int_member_with_default (service, "duration_minutes", 0);
  JsonNode *price_node = json_object_get_member (service, "price");
  g_autofree char *duration = NULL, *price = NULL;

  if (minutes >= 60 && minutes % 60 == 0)
    duration = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d hour", "%d hours", minutes / 60), (int) (minutes / 60));
  else if (minutes > 60)
    /* TRANSLATORS: a duration, hours and minutes */
    duration = g_strdup_printf (_("%d h %02d min"), (int) (minutes / 60), (int) (minutes % 60));
  else
    duration = g_strdup_printf (_("%d min"), (int) minutes);
  if (price_node != NULL && JSON_NODE_HOLDS_OBJECT (price_node))
    {
      JsonObject *p = json_node_get_object (price_node);

      price = plz_money_format (json_object_get_int_member_with_default (p, "amount", 0),
                                json_object_get_string_member_with_default (p, "currency", "ZAR"));
    }
  return price != NULL ? g_strdup_printf ("%s · %s", duration, price) : g_steal_pointer (&duration);
}

static void
service_selected_cb (PlzBookingDialog *self)
{
  JsonObject *service = selected_service (self);
  g_autofree char *subtitle = service != NULL ? describe_service (service) : NULL;

  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->service_row), subtitle != NULL ? subtitle : "");
  g_clear_pointer (&self->chosen, g_free);
  choice_changed (self);
  if (service != NULL)
    load_slots (self);
}

static void
take_services (PlzBookingDialog *self,
               JsonArray        *services)
{
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);

  g_clear_pointer (&self->services, json_array_unref);
  self->services = json_array_ref (services);
  for (guint i = 0; i < json_array_get_length (services); i++)
    {
      JsonNode *node = json_array_get_element (services, i);
      const char *name = JSON_NODE_HOLDS_OBJECT (node)
                         ? plz_booking_get_string (json_node_get_object (node), "name") : NULL;

      gtk_string_list_append (names, name != NULL ? name : _("Service"));
    }
  if (json_array_get_length (services) == 0)
    {
      show_state (self, "empty");
      return;
    }
  show_state (self, "form");
  adw_combo_row_set_model (self->service_row, G_LIST_MODEL (names));
  adw_combo_row_set_selected (self->service_row, 0);
  /* notify::selected does not fire when 0 was selected before. */
  service_selected_cb (self);
}

static void
services_loaded_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(PlzBookingDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) answer = plz_account_call_finish (PLZ_ACCOUNT (source), result, &error);
  JsonArray *services = plz_booking_get_array (answer, "services");

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (services == NULL)
    {
      adw_status_page_set_description (self->error_page,
                                       error != NULL ? error->message
                                                     : _("The server gave an answer Plaza does not understand"));
      show_state (self, "error");
      return;
    }
  take_services (self, services);
}

static void
load (PlzBookingDialog *self)
{
  g_autofree char *escaped = NULL, *path = NULL;

  if (self->rescheduled != NULL)
    {
      g_autoptr(JsonArray) services = json_array_new ();
      JsonNode *service = json_object_get_member (self->rescheduled, "service");

      if (service != NULL && JSON_NODE_HOLDS_OBJECT (service))
        json_array_add_object_element (services, json_object_ref (json_node_get_object (service)));
      take_services (self, services);
      return;
    }
  show_state (self, "loading");
  escaped = g_uri_escape_string (self->listing_id, NULL, FALSE);
  path = g_strconcat ("/api/v1/listings/", escaped, "/services", NULL);
  plz_account_call_async (self->account, "GET", path, NULL, FALSE, self->cancellable,
                          services_loaded_cb, g_object_ref (self));
}

static void
reload_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  load (PLZ_BOOKING_DIALOG (widget));
}

static void
repeat_selected_cb (PlzBookingDialog *self)
{
  gtk_widget_set_visible (self->count_row, adw_combo_row_get_selected (self->repeat_row) > 0);
  choice_changed (self);
}

/* ---- confirming ------------------------------------------------------------------------- */

static void
show_done (PlzBookingDialog *self,
           JsonObject       *booking,
           JsonArray        *series)
{
  const char *status = plz_booking_get_string (booking, "status");
  const char *operator = plz_booking_get_nested (booking, "operator", "display_name");
  const char *service = plz_booking_get_nested (booking, "service", "name");
  g_autofree char *when = plz_booking_format_when (booking);
  g_autofree char *description = NULL;
  guint visits = series != NULL ? json_array_get_length (series) : 1;

  if (operator == NULL)
    operator = _("The operator");
  if (g_strcmp0 (status, "requested") == 0)
    {
      adw_status_page_set_title (self->done_page, self->rescheduled != NULL ? _("New Time Requested")
                                                                             : _("Booking Requested"));
      /* TRANSLATORS: service, time, operator */
      description = g_strdup_printf (_("%s on %s. %s will confirm or decline; you will find it under Bookings."),
                                     service != NULL ? service : "", when, operator);
    }
  else
    {
      adw_status_page_set_title (self->done_page, self->rescheduled != NULL ? _("Booking Moved") : _("Booked"));
      description = g_strdup_printf (_("%s on %s with %s. You will find it under Bookings."),
                                     service != NULL ? service : "", when, operator);
    }
  if (visits > 1)
    {
      g_autofree char *more = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s (%u visit in all.)",
                                                            "%s (%u visits in all.)", visits),
                                               description, visits);
      g_free (description);
      description = g_steal_pointer (&more);
    }
  adw_status_page_set_description (self->done_page, description);
  show_state (self, "done");
}

static void
booked_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(PlzBookingDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) answer = plz_account_call_finish (PLZ_ACCOUNT (source), result, &error);
  JsonNode *booking = answer != NULL ? json_object_get_member (answer, "booking") : NULL;
  const char *code;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->busy = FALSE;
  update_confirm (self);
  if (booking != NULL && JSON_NODE_HOLDS_OBJECT (booking))
    {
      show_done (self, json_node_get_object (booking), plz_booking_get_array (answer, "series"));
      g_signal_emit (self, signals[BOOKED], 0, json_node_get_object (booking));
      return;
    }
  if (error == NULL || error->domain != PLZ_ERROR)
    {
      /* No answer: the same client id lets Confirm again find out what happened. */
      show_message (self, error != NULL ? error->message : _("The server gave an answer Plaza does not understand"));
      return;
    }

  g_clear_pointer (&self->client_id, g_free);
  if (g_strcmp0 (plz_error_get_field (error), "recurrence") == 0)
    {
      g_autofree char *text = NULL;

      /* A series is booked whole or not at all; the server names the visit
       * that cannot be had, so the person can pick fewer repeats or another time. */
      text = g_strdup_printf (_("Not every visit of this series can be booked: %s"), error->message);
      show_message (self, text);
      return;
    }
  code = plz_error_get_wire_code (error);
  if (g_strcmp0 (code, "slot_unavailable") == 0 || g_strcmp0 (code, "outside_hours") == 0
      || g_strcmp0 (code, "daily_limit") == 0)
    {
      g_clear_pointer (&self->chosen, g_free);
      update_confirm (self);
      show_message (self, _("Someone else just took this time. The free times are updated: pick another one."));
      load_slots (self);
      return;
    }
  show_message (self, error->message);
}

static void
confirm_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  PlzBookingDialog *self = PLZ_BOOKING_DIALOG (widget);
  static const char * const frequencies[] = { NULL, "weekly", "biweekly", "monthly" };
  g_autoptr(JsonObject) body = json_object_new ();
  g_autofree char *path = NULL;
  g_autofree char *note = NULL;
  guint repeat = adw_combo_row_get_selected (self->repeat_row);

  if (self->chosen == NULL || self->busy)
    return;
  json_object_set_string_member (body, "start", self->chosen);
  if (self->rescheduled != NULL)
    {
      g_autofree char *escaped = g_uri_escape_string (plz_booking_get_string (self->rescheduled, "id"), NULL, FALSE);

      path = g_strconcat ("/api/v1/bookings/", escaped, "/reschedule", NULL);
    }
  else
    {
      if (self->client_id == NULL)
        self->client_id = plz_booking_new_client_id ();
      path = g_strdup ("/api/v1/bookings");
      json_object_set_string_member (body, "client_id", self->client_id);
      json_object_set_string_member (body, "service_id", plz_booking_get_string (selected_service (self), "id"));
      note = plz_form_get_text (GTK_EDITABLE (self->note_row));
      json_object_set_string_member (body, "note", note);
      if (repeat > 0 && repeat < G_N_ELEMENTS (frequencies))
        {
          JsonObject *recurrence = json_object_new ();

          json_object_set_string_member (recurrence, "frequency", frequencies[repeat]);
          json_object_set_int_member (recurrence, "count", gtk_spin_button_get_value_as_int (self->count_spin));
          json_object_set_object_member (body, "recurrence", recurrence);
        }
    }
  self->busy = TRUE;
  show_message (self, NULL);
  update_confirm (self);
  plz_account_call_async (self->account, "POST", path, body, FALSE, self->cancellable, booked_cb,
                          g_object_ref (self));
}

/* ---- public ------------------------------------------------------------------------------ */

static PlzBookingDialog *
dialog_new (GtkWindow  *parent,
            PlzAccount *account)
{
  PlzBookingDialog *self = g_object_new (PLZ_TYPE_BOOKING_DIALOG, "transient-for", parent, NULL);

  self->account = g_object_ref (account);
  return self;
}

PlzBookingDialog *
plz_booking_dialog_new (GtkWindow  *parent,
                        PlzAccount *account,
                        const char *listing_id)
{
  PlzBookingDialog *self;

  g_return_val_if_fail (PLZ_IS_ACCOUNT (account), NULL);
  g_return_val_if_fail (listing_id != NULL, NULL);

  self = dialog_new (parent, account);
  self->listing_id = g_strdup (listing_id);
  load (self);
  return self;
}

PlzBookingDialog *
plz_booking_dialog_new_reschedule (GtkWindow  *parent,
                                   PlzAccount *account,
                                   JsonObject *booking)
{
  PlzBookingDialog *self;

  g_return_val_if_fail (PLZ_IS_ACCOUNT (account), NULL);
  g_return_val_if_fail (booking != NULL, NULL);

  self = dialog_new (parent, account);
  self->rescheduled = json_object_ref (booking);
  gtk_window_set_title (GTK_WINDOW (self), _("Reschedule"));
  gtk_button_set_label (GTK_BUTTON (self->confirm_button), _("Move Booking"));
  gtk_widget_set_visible (self->details_group, FALSE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->service_row), FALSE);
  load (self);
  return self;
}

const char *
plz_booking_dialog_get_state (PlzBookingDialog *self)
{
  g_return_val_if_fail (PLZ_IS_BOOKING_DIALOG (self), NULL);
  return gtk_stack_get_visible_child_name (self->content_stack);
}

gboolean
plz_booking_dialog_select_day (PlzBookingDialog *self,
                               const char       *date)
{
  g_autoptr(GDateTime) day = NULL;
  int year, month, mday;

  g_return_val_if_fail (PLZ_IS_BOOKING_DIALOG (self), FALSE);

  if (date == NULL || sscanf (date, "%4d-%2d-%2d", &year, &month, &mday) != 3
      || !g_date_valid_dmy (mday, month, year))
    return FALSE;
  day = g_date_time_new_local (year, month, mday, 12, 0, 0);
  gtk_calendar_select_day (self->calendar, day);
  sync_month (self);
  return TRUE;
}

guint
plz_booking_dialog_get_n_times (PlzBookingDialog *self)
{
  guint n = 0;

  g_return_val_if_fail (PLZ_IS_BOOKING_DIALOG (self), 0);

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->slots_box));
       child != NULL; child = gtk_widget_get_next_sibling (child))
    n++;
  return n;
}

gboolean
plz_booking_dialog_get_times_loading (PlzBookingDialog *self)
{
  g_return_val_if_fail (PLZ_IS_BOOKING_DIALOG (self), FALSE);
  return self->slots_loading;
}

gboolean
plz_booking_dialog_get_day_marked (PlzBookingDialog *self,
                                   guint             day)
{
  g_return_val_if_fail (PLZ_IS_BOOKING_DIALOG (self), FALSE);
  return gtk_calendar_get_day_is_marked (self->calendar, day);
}

gboolean
plz_booking_dialog_choose_time (PlzBookingDialog *self,
                                guint             index)
{
  GtkFlowBoxChild *child;

  g_return_val_if_fail (PLZ_IS_BOOKING_DIALOG (self), FALSE);

  child = gtk_flow_box_get_child_at_index (self->slots_box, index);
  if (child == NULL)
    return FALSE;
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (gtk_flow_box_child_get_child (child)), TRUE);
  return TRUE;
}

const char *
plz_booking_dialog_get_message (PlzBookingDialog *self)
{
  g_return_val_if_fail (PLZ_IS_BOOKING_DIALOG (self), NULL);
  return gtk_widget_get_visible (GTK_WIDGET (self->error_label)) ? gtk_label_get_label (self->error_label) : NULL;
}

/* ---- GObject ------------------------------------------------------------------------------ */

static void
plz_booking_dialog_dispose (GObject *object)
{
  PlzBookingDialog *self = PLZ_BOOKING_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  g_cancellable_cancel (self->slots_cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), PLZ_TYPE_BOOKING_DIALOG);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->slots_cancellable);
  g_clear_object (&self->account);
  g_clear_pointer (&self->listing_id, g_free);
  g_clear_pointer (&self->rescheduled, json_object_unref);
  g_clear_pointer (&self->services, json_array_unref);
  g_clear_pointer (&self->slots, g_ptr_array_unref);
  g_clear_pointer (&self->zone, g_time_zone_unref);
  g_clear_pointer (&self->zone_name, g_free);
  g_clear_pointer (&self->chosen, g_free);
  g_clear_pointer (&self->client_id, g_free);

  G_OBJECT_CLASS (plz_booking_dialog_parent_class)->dispose (object);
}

static void
plz_booking_dialog_class_init (PlzBookingDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = plz_booking_dialog_dispose;

  /* The server accepted the booking (requested or confirmed); the booking JSON. */
  signals[BOOKED] = g_signal_new ("booked", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                  G_TYPE_NONE, 1, JSON_TYPE_OBJECT | G_SIGNAL_TYPE_STATIC_SCOPE);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/plaza/Plaza/plz-booking-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, PlzBookingDialog, content_stack);
  gtk_widget_class_bind_template_child (widget_class, PlzBookingDialog, spinner);
  gtk_widget_class_bind_template_child (widget_class, PlzBookingDialog, error_page);
  gtk_widget_class_bind_template_child (widget_class, PlzBookingDialog, done_page);
  gtk_widget_class_bind_template_child (widget_class, PlzBookingDialog, service_row);
  gtk_widget_class_bind_template_child (widget_class, PlzBookingDialog, calendar);
  gtk_widget_class_bind_template_child (widget_class, PlzBookingDialog, day_label);
  gtk_widget_class_bind_template_child (widget_class, PlzBookingDialog, slots_status);
  gtk_widget_class_bind_template_child (widget_class, PlzBookingDialog, slots_box);
  gtk_widget_class_bind_template_child (widget_class, PlzBookingDialog, zone_label);
  gtk_widget_class_bind_template_child (widget_class, PlzBookingDialog, details_group);
  gtk_widget_class_bind_template_child (widget_class, PlzBookingDialog, note_row);
  gtk_widget_class_bind_template_child (widget_class, PlzBookingDialog, repeat_row);
  gtk_widget_class_bind_template_child (widget_class, PlzBookingDialog, count_row);
  gtk_widget_class_bind_template_child (widget_class, PlzBookingDialog, count_spin);
  gtk_widget_class_bind_template_child (widget_class, PlzBookingDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, PlzBookingDialog, confirm_button);
  gtk_widget_class_bind_template_callback (widget_class, service_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, day_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, month_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, repeat_selected_cb);

  gtk_widget_class_install_action (widget_class, "booking.confirm", NULL, confirm_action);
  gtk_widget_class_install_action (widget_class, "booking.reload", NULL, reload_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
plz_booking_dialog_init (PlzBookingDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  self->zone = g_time_zone_new_utc ();
  show_state (self, "loading");
  update_confirm (self);
}
