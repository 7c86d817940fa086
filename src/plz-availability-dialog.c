/* plz-availability-dialog.c — weekly hours, capacity, notice, horizon and exceptions */

#include "config.h"

#include <glib/gi18n.h>

#include "plz-availability-dialog.h"
#include "plz-booking-info.h"
#include "plz-error.h"
#include "plz-form.h"

struct _PlzAvailabilityDialog
{
  AdwWindow      parent_instance;

  /* Template children */
  GtkStack      *content_stack;
  GtkSpinner    *spinner;
  AdwStatusPage *error_page;
  GtkListBox    *periods_list;
  GtkWidget     *capacity_row;
  GtkSpinButton *capacity_spin;
  GtkWidget     *notice_row;
  GtkSpinButton *notice_spin;
  GtkWidget     *horizon_row;
  GtkSpinButton *horizon_spin;
  GtkListBox    *exceptions_list;
  GtkLabel      *error_label;

  PlzAccount    *account;
  char          *time_zone;
  gint64         request_ttl;     /* kept as loaded: not edited here */
  gboolean       busy;
  GCancellable  *cancellable;
};

G_DEFINE_FINAL_TYPE (PlzAvailabilityDialog, plz_availability_dialog, ADW_TYPE_WINDOW)

enum {
  SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const char * const weekdays[] = { N_("Monday"), N_("Tuesday"), N_("Wednesday"), N_("Thursday"),
                                         N_("Friday"), N_("Saturday"), N_("Sunday"), NULL };

static void
show_state (PlzAvailabilityDialog *self,
            const char            *state)
{
  gtk_stack_set_visible_child_name (self->content_stack, state);
  plz_form_hide_other_pages (self->content_stack);
  gtk_spinner_set_spinning (self->spinner, g_strcmp0 (state, "loading") == 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "availability.save", g_strcmp0 (state, "form") == 0);
}

static void
show_message (PlzAvailabilityDialog *self,
              GtkWidget             *widget,
              const char            *message)
{
  plz_form_set_error (widget, self->error_label, message);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
  if (widget != NULL && message != NULL)
    gtk_widget_grab_focus (widget);
}

/* ---- rows ---------------------------------------------------------------------------------- */

static void
remove_clicked_cb (GtkButton *button,
                   GtkWidget *row)
{
  gtk_list_box_remove (GTK_LIST_BOX (gtk_widget_get_parent (row)), row);
}

static GtkWidget *
time_entry (GtkWidget  *box,
            GtkWidget  *row,
            const char *member,
            const char *value,
            const char *accessible)
{
  GtkWidget *entry = gtk_entry_new ();

  gtk_editable_set_text (GTK_EDITABLE (entry), value != NULL ? value : "");
  gtk_editable_set_width_chars (GTK_EDITABLE (entry), 6);
  gtk_editable_set_max_width_chars (GTK_EDITABLE (entry), 6);
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), "09:00");
  gtk_entry_set_input_purpose (GTK_ENTRY (entry), GTK_INPUT_PURPOSE_DIGITS);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
  gtk_box_append (GTK_BOX (box), entry);
  g_object_set_data (G_OBJECT (row), member, entry);
  return entry;
}

static GtkWidget *
new_row (GtkWidget **box)
{
  GtkWidget *row = gtk_list_box_row_new ();

  *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_widget_set_margin_top (*box, 6);
  gtk_widget_set_margin_bottom (*box, 6);
  gtk_widget_set_margin_start (*box, 12);
  gtk_widget_set_margin_end (*box, 6);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), *box);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  return row;
}

static void
add_remove_button (GtkWidget  *box,
                   GtkWidget  *row,
                   const char *accessible)
{
  GtkWidget *spacer = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  GtkWidget *button = gtk_button_new_from_icon_name ("user-trash-symbolic");

  gtk_widget_set_hexpand (spacer, TRUE);
  gtk_box_append (GTK_BOX (box), spacer);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_tooltip_text (button, accessible);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
  g_signal_connect (button, "clicked", G_CALLBACK (remove_clicked_cb), row);
  gtk_box_append (GTK_BOX (box), button);
}

void
plz_availability_dialog_add_period (PlzAvailabilityDialog *self,
                                    int                    weekday,
                                    const char            *start,
                                    const char            *end)
{
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  GtkWidget *box, *row = new_row (&box);
  GtkWidget *day;

  g_return_if_fail (PLZ_IS_AVAILABILITY_DIALOG (self));

  for (guint i = 0; weekdays[i] != NULL; i++)
    gtk_string_list_append (names, _(weekdays[i]));
  day = gtk_drop_down_new (G_LIST_MODEL (g_steal_pointer (&names)), NULL);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (day), CLAMP (weekday, 1, 7) - 1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (day), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Day of the week"), -1);
  gtk_widget_set_size_request (day, 140, -1);
  gtk_box_append (GTK_BOX (box), day);
  g_object_set_data (G_OBJECT (row), "weekday", day);
  time_entry (box, row, "start", start, _("Opens at"));
  gtk_box_append (GTK_BOX (box), gtk_label_new ("–"));
  time_entry (box, row, "end", end, _("Closes at"));
  add_remove_button (box, row, _("Remove this period"));
  gtk_list_box_append (self->periods_list, row);
}

void
plz_availability_dialog_add_exception (PlzAvailabilityDialog *self,
                                       const char            *date,
                                       const char            *kind,
                                       const char            *start,
                                       const char            *end)
{
  GtkWidget *box, *row = new_row (&box);
  GtkWidget *entry = gtk_entry_new ();
  gboolean extra = g_strcmp0 (kind, "extra") == 0;
  GtkWidget *label;

  g_return_if_fail (PLZ_IS_AVAILABILITY_DIALOG (self));

  gtk_editable_set_text (GTK_EDITABLE (entry), date != NULL ? date : "");
  gtk_editable_set_width_chars (GTK_EDITABLE (entry), 11);
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), "2026-12-25");
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Date"), -1);
  gtk_box_append (GTK_BOX (box), entry);
  g_object_set_data (G_OBJECT (row), "date", entry);
  g_object_set_data (G_OBJECT (row), "kind", (gpointer) (extra ? "extra" : "closed"));
  label = gtk_label_new (extra ? _("Extra hours") : _("Closed all day"));
  gtk_widget_set_margin_start (label, 6);
  gtk_box_append (GTK_BOX (box), label);
  if (extra)
    {
      time_entry (box, row, "start", start, _("Opens at"));
      gtk_box_append (GTK_BOX (box), gtk_label_new ("–"));
      time_entry (box, row, "end", end, _("Closes at"));
    }
  add_remove_button (box, row, _("Remove this exception"));
  gtk_list_box_append (self->exceptions_list, row);
}

static guint
count_rows (GtkListBox *list)
{
  guint n = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (list)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n += GTK_IS_LIST_BOX_ROW (child);
  return n;
}

static void
clear_list (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}

/* ---- loading ------------------------------------------------------------------------------ */

static const char *
member_string (JsonObject *object,
               const char *name)
{
  return plz_booking_get_string (object, name);
}

static void
take_availability (PlzAvailabilityDialog *self,
                   JsonObject            *availability)
{
  JsonArray *rules = plz_booking_get_array (availability, "rules");
  JsonArray *exceptions = plz_booking_get_array (availability, "exceptions");

  g_free (self->time_zone);
  self->time_zone = g_strdup (member_string (availability, "time_zone"));
  self->request_ttl = json_object_get_int_member_with_default (availability, "request_ttl_minutes", 1440);
  gtk_spin_button_set_value (self->capacity_spin, json_object_get_int_member_with_default (availability, "capacity", 1));
  gtk_spin_button_set_value (self->notice_spin,
                             json_object_get_int_member_with_default (availability, "min_notice_minutes", 120) / 60.0);
  gtk_spin_button_set_value (self->horizon_spin, json_object_get_int_member_with_default (availability, "horizon_days", 60));
  clear_list (self->periods_list);
  clear_list (self->exceptions_list);
  for (guint i = 0; rules != NULL && i < json_array_get_length (rules); i++)
    {
      JsonObject *rule = json_array_get_object_element (rules, i);

      if (rule != NULL)
        plz_availability_dialog_add_period (self, json_object_get_int_member_with_default (rule, "weekday", 1),
                                            member_string (rule, "start"), member_string (rule, "end"));
    }
  for (guint i = 0; exceptions != NULL && i < json_array_get_length (exceptions); i++)
    {
      JsonObject *exception = json_array_get_object_element (exceptions, i);

      if (exception != NULL)
        plz_availability_dialog_add_exception (self, member_string (exception, "date"),
                                               member_string (exception, "kind"), member_string (exception, "start"),
                                               member_string (exception, "end"));
    }
  show_state (self, "form");
}

static void
loaded_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(PlzAvailabilityDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) answer = plz_account_call_finish (PLZ_ACCOUNT (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (plz_booking_get_array (answer, "rules") == NULL)
    {
      adw_status_page_set_description (self->error_page,
                                       error != NULL ? error->message
                                                     : _("The server gave an answer Plaza does not understand"));
      show_state (self, "error");
      return;
    }
  take_availability (self, answer);
}

static void
load (PlzAvailabilityDialog *self)
{
  show_state (self, "loading");
  plz_account_call_async (self->account, "GET", "/api/v1/me/availability", NULL, FALSE, self->cancellable,
                          loaded_cb, g_object_ref (self));
}

static void
reload_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  load (PLZ_AVAILABILITY_DIALOG (widget));
}

/* ---- saving ---------------------------------------------------------------------------------- */

/* "HH:MM", 00:00 to 24:00. */
static gboolean
valid_time (const char *text,
            int        *minutes)
{
  int h, m;

  if (strlen (text) != 5 || text[2] != ':' || sscanf (text, "%2d:%2d", &h, &m) != 2
      || h < 0 || m < 0 || m > 59 || h * 60 + m > 24 * 60)
    return FALSE;
  *minutes = h * 60 + m;
  return TRUE;
}

/* The row @index of @list, or NULL. */
static GtkWidget *
row_at (GtkListBox *list,
        guint       index)
{
  GtkListBoxRow *row = gtk_list_box_get_row_at_index (list, index);

  return row != NULL ? GTK_WIDGET (row) : NULL;
}

/* Checks one start–end pair of @row; TRUE when fine, else shows why. */
static gboolean
check_span (PlzAvailabilityDialog *self,
            GtkWidget             *row,
            JsonObject            *into)
{
  GtkWidget *start = g_object_get_data (G_OBJECT (row), "start");
  GtkWidget *end = g_object_get_data (G_OBJECT (row), "end");
  g_autofree char *from = plz_form_get_text (GTK_EDITABLE (start));
  g_autofree char *to = plz_form_get_text (GTK_EDITABLE (end));
  int a, b;

  if (!valid_time (from, &a))
    {
      show_message (self, start, _("Write times as hours and minutes, such as 08:00."));
      return FALSE;
    }
  if (!valid_time (to, &b))
    {
      show_message (self, end, _("Write times as hours and minutes, such as 17:30."));
      return FALSE;
    }
  if (b <= a)
    {
      show_message (self, end, _("A period must end after it starts."));
      return FALSE;
    }
  json_object_set_string_member (into, "start", from);
  json_object_set_string_member (into, "end", to);
  return TRUE;
}

/* The form as the PUT body, or NULL after showing what is wrong. */
static JsonObject *
build_body (PlzAvailabilityDialog *self)
{
  g_autoptr(JsonObject) body = json_object_new ();
  JsonArray *rules = json_array_new ();
  JsonArray *exceptions = json_array_new ();
  GtkWidget *row;

  json_object_set_array_member (body, "rules", rules);
  json_object_set_array_member (body, "exceptions", exceptions);
  json_object_set_string_member (body, "time_zone", self->time_zone != NULL ? self->time_zone : "UTC");
  json_object_set_int_member (body, "capacity", gtk_spin_button_get_value_as_int (self->capacity_spin));
  json_object_set_int_member (body, "min_notice_minutes", (gint64) (gtk_spin_button_get_value (self->notice_spin) * 60));
  json_object_set_int_member (body, "horizon_days", gtk_spin_button_get_value_as_int (self->horizon_spin));
  json_object_set_int_member (body, "request_ttl_minutes", self->request_ttl);

  for (guint i = 0; (row = row_at (self->periods_list, i)) != NULL; i++)
    {
      JsonObject *rule = json_object_new ();

      json_array_add_object_element (rules, rule);
      json_object_set_int_member (rule, "weekday",
                                  gtk_drop_down_get_selected (g_object_get_data (G_OBJECT (row), "weekday")) + 1);
      if (!check_span (self, row, rule))
        return NULL;
    }
  for (guint i = 0; (row = row_at (self->exceptions_list, i)) != NULL; i++)
    {
      JsonObject *exception = json_object_new ();
      GtkWidget *date_entry = g_object_get_data (G_OBJECT (row), "date");
      g_autofree char *date = plz_form_get_text (GTK_EDITABLE (date_entry));
      const char *kind = g_object_get_data (G_OBJECT (row), "kind");
      int y, m, d;

      json_array_add_object_element (exceptions, exception);
      if (strlen (date) != 10 || sscanf (date, "%4d-%2d-%2d", &y, &m, &d) != 3 || !g_date_valid_dmy (d, m, y))
        {
          show_message (self, date_entry, _("Write the date as year-month-day, such as 2026-12-25."));
          return NULL;
        }
      json_object_set_string_member (exception, "date", date);
      json_object_set_string_member (exception, "kind", kind);
      if (g_str_equal (kind, "extra") && !check_span (self, row, exception))
        return NULL;
    }
  return g_steal_pointer (&body);
}

/* The widget the server's "field" names ("rules[2].end", "capacity"...), or NULL. */
static GtkWidget *
widget_for_field (PlzAvailabilityDialog *self,
                  const char            *field)
{
  guint index;
  char member[16] = "";
  GtkWidget *row;

  if (field == NULL)
    return NULL;
  if (g_str_equal (field, "capacity"))
    return GTK_WIDGET (self->capacity_spin);
  if (g_str_equal (field, "min_notice_minutes"))
    return GTK_WIDGET (self->notice_spin);
  if (g_str_equal (field, "horizon_days"))
    return GTK_WIDGET (self->horizon_spin);
  if (sscanf (field, "rules[%u].%15s", &index, member) == 2 && (row = row_at (self->periods_list, index)) != NULL)
    return g_object_get_data (G_OBJECT (row), member);
  if (sscanf (field, "exceptions[%u].%15s", &index, member) == 2
      && (row = row_at (self->exceptions_list, index)) != NULL)
    return g_object_get_data (G_OBJECT (row), member);
  return NULL;
}

static void
saved_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(PlzAvailabilityDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) answer = plz_account_call_finish (PLZ_ACCOUNT (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->busy = FALSE;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "availability.save", TRUE);
  if (answer == NULL)
    {
      show_message (self, widget_for_field (self, plz_error_get_field (error)), error->message);
      return;
    }
  g_signal_emit (self, signals[SAVED], 0);
  gtk_window_close (GTK_WINDOW (self));
}

static void
clear_errors (GtkWidget *widget)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      gtk_widget_remove_css_class (child, "error");
      clear_errors (child);
    }
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  PlzAvailabilityDialog *self = PLZ_AVAILABILITY_DIALOG (widget);
  g_autoptr(JsonObject) body = NULL;

  if (self->busy)
    return;
  clear_errors (GTK_WIDGET (self->content_stack));
  show_message (self, NULL, NULL);
  if ((body = build_body (self)) == NULL)
    return;
  self->busy = TRUE;
  gtk_widget_action_set_enabled (widget, "availability.save", FALSE);
  plz_account_call_async (self->account, "PUT", "/api/v1/me/availability", body, FALSE, self->cancellable,
                          saved_cb, g_object_ref (self));
}

static void
add_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  PlzAvailabilityDialog *self = PLZ_AVAILABILITY_DIALOG (widget);
  g_autoptr(GDateTime) tomorrow = NULL, now = g_date_time_new_now_local ();
  g_autofree char *date = NULL;

  if (g_str_equal (action_name, "availability.add-period"))
    {
      plz_availability_dialog_add_period (self, 1, "09:00", "17:00");
      return;
    }
  tomorrow = g_date_time_add_days (now, 1);
  date = g_date_time_format (tomorrow, "%Y-%m-%d");
  if (g_str_equal (action_name, "availability.add-closed"))
    plz_availability_dialog_add_exception (self, date, "closed", NULL, NULL);
  else
    plz_availability_dialog_add_exception (self, date, "extra", "09:00", "13:00");
}

/* ---- public ------------------------------------------------------------------------------------ */

PlzAvailabilityDialog *
plz_availability_dialog_new (GtkWindow  *parent,
                             PlzAccount *account)
{
  PlzAvailabilityDialog *self;

  g_return_val_if_fail (PLZ_IS_ACCOUNT (account), NULL);

  self = g_object_new (PLZ_TYPE_AVAILABILITY_DIALOG, "transient-for", parent, NULL);
  self->account = g_object_ref (account);
  load (self);
  return self;
}

const char *
plz_availability_dialog_get_state (PlzAvailabilityDialog *self)
{
  g_return_val_if_fail (PLZ_IS_AVAILABILITY_DIALOG (self), NULL);
  return gtk_stack_get_visible_child_name (self->content_stack);
}

guint
plz_availability_dialog_get_n_periods (PlzAvailabilityDialog *self)
{
  g_return_val_if_fail (PLZ_IS_AVAILABILITY_DIALOG (self), 0);
  return count_rows (self->periods_list);
}

guint
plz_availability_dialog_get_n_exceptions (PlzAvailabilityDialog *self)
{
  g_return_val_if_fail (PLZ_IS_AVAILABILITY_DIALOG (self), 0);
  return count_rows (self->exceptions_list);
}

GtkWidget *
plz_availability_dialog_get_entry (PlzAvailabilityDialog *self,
                                   gboolean               exception,
                                   guint                  index,
                                   const char            *member)
{
  GtkWidget *row;

  g_return_val_if_fail (PLZ_IS_AVAILABILITY_DIALOG (self), NULL);
  row = row_at (exception ? self->exceptions_list : self->periods_list, index);
  return row != NULL ? g_object_get_data (G_OBJECT (row), member) : NULL;
}

const char *
plz_availability_dialog_get_message (PlzAvailabilityDialog *self)
{
  g_return_val_if_fail (PLZ_IS_AVAILABILITY_DIALOG (self), NULL);
  return gtk_widget_get_visible (GTK_WIDGET (self->error_label)) ? gtk_label_get_label (self->error_label) : NULL;
}

static void
plz_availability_dialog_dispose (GObject *object)
{
  PlzAvailabilityDialog *self = PLZ_AVAILABILITY_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), PLZ_TYPE_AVAILABILITY_DIALOG);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->account);
  g_clear_pointer (&self->time_zone, g_free);

  G_OBJECT_CLASS (plz_availability_dialog_parent_class)->dispose (object);
}

static void
plz_availability_dialog_class_init (PlzAvailabilityDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = plz_availability_dialog_dispose;

  /* The server took the new availability. */
  signals[SAVED] = g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                 G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/plaza/Plaza/plz-availability-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, PlzAvailabilityDialog, content_stack);
  gtk_widget_class_bind_template_child (widget_class, PlzAvailabilityDialog, spinner);
  gtk_widget_class_bind_template_child (widget_class, PlzAvailabilityDialog, error_page);
  gtk_widget_class_bind_template_child (widget_class, PlzAvailabilityDialog, periods_list);
  gtk_widget_class_bind_template_child (widget_class, PlzAvailabilityDialog, capacity_row);
  gtk_widget_class_bind_template_child (widget_class, PlzAvailabilityDialog, capacity_spin);
  gtk_widget_class_bind_template_child (widget_class, PlzAvailabilityDialog, notice_row);
  gtk_widget_class_bind_template_child (widget_class, PlzAvailabilityDialog, notice_spin);
  gtk_widget_class_bind_template_child (widget_class, PlzAvailabilityDialog, horizon_row);
  gtk_widget_class_bind_template_child (widget_class, PlzAvailabilityDialog, horizon_spin);
  gtk_widget_class_bind_template_child (widget_class, PlzAvailabilityDialog, exceptions_list);
  gtk_widget_class_bind_template_child (widget_class, PlzAvailabilityDialog, error_label);

  gtk_widget_class_install_action (widget_class, "availability.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "availability.reload", NULL, reload_action);
  gtk_widget_class_install_action (widget_class, "availability.add-period", NULL, add_action);
  gtk_widget_class_install_action (widget_class, "availability.add-closed", NULL, add_action);
  gtk_widget_class_install_action (widget_class, "availability.add-extra", NULL, add_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
plz_availability_dialog_init (PlzAvailabilityDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  self->request_ttl = 1440;
}
