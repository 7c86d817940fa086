/* plz-schedule-page.c — an operator's week, requests, live offers and bookings in full */

#include "config.h"

#include <glib/gi18n.h>

#include "plz-availability-dialog.h"
#include "plz-booking-info.h"
#include "plz-booking-row.h"
#include "plz-booking-sheet.h"
#include "plz-dispatch-offer.h"
#include "plz-form.h"
#include "plz-schedule-page.h"
#include "plz-services-dialog.h"

struct _PlzSchedulePage
{
  AdwBin         parent_instance;

  /* Template children */
  GtkStack      *content_stack;
  GtkSpinner    *spinner;
  AdwStatusPage *error_page;
  GtkLabel      *week_title;
  GtkLabel      *week_status;
  PlzWeekView   *week_view;
  GtkBox        *offers_box;
  GtkLabel      *requests_empty;
  GtkListBox    *requests_list;

  PlzAccount    *account;
  GtkWindow     *sheet;            /* weak */
  GCancellable  *load_cancellable;
  GCancellable  *cancellable;
  gboolean       loaded;
};

G_DEFINE_FINAL_TYPE (PlzSchedulePage, plz_schedule_page, ADW_TYPE_BIN)

static const char * const request_actions[] = { "decline", "confirm", NULL };

static void reload (PlzSchedulePage *self, gboolean quietly);

static void
show_state (PlzSchedulePage *self,
            const char      *state)
{
  gtk_stack_set_visible_child_name (self->content_stack, state);
  plz_form_hide_other_pages (self->content_stack);
  gtk_spinner_set_spinning (self->spinner, g_strcmp0 (state, "loading") == 0);
}

static void
update_title (PlzSchedulePage *self)
{
  g_autofree char *title = plz_week_view_get_title (self->week_view);

  gtk_label_set_label (self->week_title, title);
}

/* ---- the week ------------------------------------------------------------------------------- */

static void
schedule_loaded_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(PlzSchedulePage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) answer = plz_account_call_finish (PLZ_ACCOUNT (source), result, &error);
  JsonArray *bookings = plz_booking_get_array (answer, "bookings");
  JsonArray *open = plz_booking_get_array (answer, "open");
  guint n;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (bookings == NULL)
    {
      adw_status_page_set_description (self->error_page,
                                       error != NULL ? error->message
                                                     : _("The server gave an answer Plaza does not understand"));
      show_state (self, "error");
      return;
    }
  plz_week_view_set_schedule (self->week_view, answer);
  n = plz_week_view_get_n_blocks (self->week_view);
  if (n == 0 && (open == NULL || json_array_get_length (open) == 0))
    gtk_label_set_label (self->week_status, _("Closed all week, nothing booked"));
  else if (n == 0)
    gtk_label_set_label (self->week_status, _("Nothing booked this week"));
  else
    {
      g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u booking", "%u bookings", n), n);

      gtk_label_set_label (self->week_status, text);
    }
  show_state (self, "week");
}

static void
load_week (PlzSchedulePage *self)
{
  g_autofree char *from = NULL, *to = NULL, *path = NULL;

  plz_week_view_get_range (self->week_view, &from, &to);
  path = g_strdup_printf ("/api/v1/me/schedule?from=%s&to=%s", from, to);
  update_title (self);
  plz_account_call_async (self->account, "GET", path, NULL, FALSE, self->load_cancellable,
                          schedule_loaded_cb, g_object_ref (self));
}

static void
week_changed_cb (PlzSchedulePage *self)
{
  if (self->account == NULL)
    return;
  update_title (self);
  gtk_label_set_label (self->week_status, _("Loading…"));
  load_week (self);
}

static void
shift_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  PlzSchedulePage *self = PLZ_SCHEDULE_PAGE (widget);

  if (g_str_equal (action_name, "schedule.this-week"))
    plz_week_view_show_today (self->week_view);
  else
    plz_week_view_shift_week (self->week_view, g_str_equal (action_name, "schedule.next-week") ? 1 : -1);
}

/* ---- requests ------------------------------------------------------------------------------- */

static void
requests_loaded_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(PlzSchedulePage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) answer = plz_account_call_finish (PLZ_ACCOUNT (source), result, &error);
  JsonArray *bookings = plz_booking_get_array (answer, "bookings");
  GtkWidget *child;
  guint n = 0;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->requests_list))) != NULL)
    gtk_list_box_remove (self->requests_list, child);
  for (guint i = 0; bookings != NULL && i < json_array_get_length (bookings); i++)
    {
      JsonNode *node = json_array_get_element (bookings, i);
      JsonObject *booking = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      GtkWidget *row;

      if (g_strcmp0 (plz_booking_get_string (booking, "status"), "requested") != 0)
        continue;
      row = plz_booking_row_new (booking, "operator", "schedule", request_actions);
      plz_booking_row_set_show_status (PLZ_BOOKING_ROW (row), FALSE);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      gtk_list_box_append (self->requests_list, row);
      n++;
    }
  if (bookings == NULL)
    {
      g_autofree char *text = g_strdup_printf (_("Requests could not be loaded: %s"),
                                               error != NULL ? error->message : _("unexpected answer"));

      gtk_label_set_label (self->requests_empty, text);
    }
  else
    gtk_label_set_label (self->requests_empty, _("No requests are waiting for an answer."));
  gtk_widget_set_visible (GTK_WIDGET (self->requests_empty), n == 0);
  gtk_widget_set_visible (GTK_WIDGET (self->requests_list), n > 0);
}

static JsonObject *
find_request (PlzSchedulePage *self,
              const char      *id)
{
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->requests_list));
       child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      JsonObject *booking = PLZ_IS_BOOKING_ROW (child) ? plz_booking_row_get_booking (PLZ_BOOKING_ROW (child)) : NULL;

      if (g_strcmp0 (plz_booking_get_string (booking, "id"), id) == 0)
        return booking;
    }
  return NULL;
}

/* What a request's answer is about, until the server replies. */
typedef struct
{
  PlzSchedulePage *self;
  char            *action;
  char            *customer;
} Answer;

static void
answer_free (Answer *answer)
{
  g_object_unref (answer->self);
  g_free (answer->action);
  g_free (answer->customer);
  g_free (answer);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Answer, answer_free)

static void
answered_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(Answer) answer = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) reply = plz_account_call_finish (PLZ_ACCOUNT (source), result, &error);
  g_autofree char *message = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (reply == NULL)
    message = g_strdup (error->message);
  else if (g_str_equal (answer->action, "confirm"))
    /* TRANSLATORS: %s is a customer's name */
    message = g_strdup_printf (_("Accepted: %s is told the booking is confirmed"), answer->customer);
  else if (g_str_equal (answer->action, "decline"))
    message = g_strdup_printf (_("Declined: %s is told"), answer->customer);
  else if (g_str_equal (answer->action, "accept"))
    message = g_strdup (_("Job accepted: it is in your schedule"));
  else
    message = g_strdup (_("Offer declined"));
  plz_form_add_toast (GTK_WIDGET (answer->self), message);
  reload (answer->self, TRUE);
}

static void
act_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  PlzSchedulePage *self = PLZ_SCHEDULE_PAGE (widget);
  g_autoptr(JsonObject) body = json_object_new ();
  g_autofree char *escaped = NULL, *path = NULL;
  const char *id, *action, *customer;
  JsonObject *booking;
  Answer *answer;

  g_variant_get (parameter, "(&s&s)", &id, &action);
  if ((booking = find_request (self, id)) == NULL)
    return;
  customer = plz_booking_get_nested (booking, "consumer", "display_name");
  escaped = g_uri_escape_string (id, NULL, FALSE);
  path = g_strconcat ("/api/v1/bookings/", escaped, "/actions", NULL);
  json_object_set_string_member (body, "action", action);
  json_object_set_string_member (body, "reason", "");
  answer = g_new0 (Answer, 1);
  answer->self = g_object_ref (self);
  answer->action = g_strdup (action);
  answer->customer = g_strdup (customer != NULL ? customer : _("The customer"));
  plz_account_call_async (self->account, "POST", path, body, FALSE, self->cancellable, answered_cb, answer);
}

/* ---- dispatch offers --------------------------------------------------------------------------- */

static PlzDispatchOffer *
find_offer (PlzSchedulePage *self,
            const char      *id)
{
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->offers_box));
       child != NULL; child = gtk_widget_get_next_sibling (child))
    if (PLZ_IS_DISPATCH_OFFER (child) && g_strcmp0 (plz_dispatch_offer_get_id (PLZ_DISPATCH_OFFER (child)), id) == 0)
      return PLZ_DISPATCH_OFFER (child);
  return NULL;
}

static void
add_offer (PlzSchedulePage *self,
           JsonObject      *offer)
{
  const char *id = plz_booking_get_string (offer, "id");

  if (id == NULL || find_offer (self, id) != NULL)
    return;
  gtk_box_append (self->offers_box, plz_dispatch_offer_new (offer, "schedule"));
  gtk_widget_set_visible (GTK_WIDGET (self->offers_box), TRUE);
}

static void
offers_loaded_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(PlzSchedulePage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) answer = plz_account_call_finish (PLZ_ACCOUNT (source), result, &error);
  JsonArray *offers = plz_booking_get_array (answer, "offers");
  GtkWidget *child;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (offers == NULL)
    {
      /* Offers also arrive as events; a failed look here is not worth a page error. */
      g_debug ("Dispatch offers could not be loaded: %s", error != NULL ? error->message : "bad answer");
      return;
    }
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->offers_box))) != NULL)
    gtk_box_remove (self->offers_box, child);
  for (guint i = 0; i < json_array_get_length (offers); i++)
    {
      JsonNode *node = json_array_get_element (offers, i);

      if (JSON_NODE_HOLDS_OBJECT (node))
        add_offer (self, json_node_get_object (node));
    }
  gtk_widget_set_visible (GTK_WIDGET (self->offers_box), gtk_widget_get_first_child (GTK_WIDGET (self->offers_box)) != NULL);
}

static void
offer_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  PlzSchedulePage *self = PLZ_SCHEDULE_PAGE (widget);
  g_autofree char *escaped = NULL, *path = NULL;
  const char *id, *answer_name;
  PlzDispatchOffer *offer;
  Answer *answer;

  g_variant_get (parameter, "(&s&s)", &id, &answer_name);
  if ((offer = find_offer (self, id)) == NULL || plz_dispatch_offer_get_seconds_left (offer) == 0)
    return;
  plz_dispatch_offer_set_busy (offer, TRUE);
  escaped = g_uri_escape_string (id, NULL, FALSE);
  path = g_strconcat ("/api/v1/dispatch/offers/", escaped,
                      g_str_equal (answer_name, "accept") ? "/accept" : "/decline", NULL);
  answer = g_new0 (Answer, 1);
  answer->self = g_object_ref (self);
  answer->action = g_strdup (g_str_equal (answer_name, "accept") ? "accept" : "decline-offer");
  plz_account_call_async (self->account, "POST", path, NULL, FALSE, self->cancellable, answered_cb, answer);
}

/* ---- a booking in full ---------------------------------------------------------------------------- */

static void
sheet_changed_cb (PlzSchedulePage *self)
{
  reload (self, TRUE);
}

static void
open_sheet (PlzSchedulePage *self,
            JsonObject      *booking)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  PlzBookingSheet *sheet;

  if (self->account == NULL)
    return;
  sheet = plz_booking_sheet_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, self->account, booking);
  g_signal_connect_object (sheet, "changed", G_CALLBACK (sheet_changed_cb), self, G_CONNECT_SWAPPED);
  g_set_weak_pointer (&self->sheet, GTK_WINDOW (sheet));
  gtk_window_present (GTK_WINDOW (sheet));
}

static void
booking_activated_cb (PlzSchedulePage *self,
                      JsonObject      *booking)
{
  open_sheet (self, booking);
}

static void
request_activated_cb (PlzSchedulePage *self,
                      GtkListBoxRow   *row)
{
  if (PLZ_IS_BOOKING_ROW (row))
    open_sheet (self, plz_booking_row_get_booking (PLZ_BOOKING_ROW (row)));
}

/* ---- availability ------------------------------------------------------------------------------ */

static void
availability_saved_cb (PlzSchedulePage *self)
{
  plz_form_add_toast (GTK_WIDGET (self), _("Availability saved"));
  reload (self, TRUE);
}

static void
availability_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  PlzSchedulePage *self = PLZ_SCHEDULE_PAGE (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  PlzAvailabilityDialog *dialog;

  if (self->account == NULL)
    return;
  dialog = plz_availability_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, self->account);
  g_signal_connect_object (dialog, "saved", G_CALLBACK (availability_saved_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
services_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  PlzSchedulePage *self = PLZ_SCHEDULE_PAGE (widget);
  GtkRoot *root = gtk_widget_get_root (widget);

  if (self->account != NULL)
    gtk_window_present (GTK_WINDOW (plz_services_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                                             self->account)));
}

/* ---- loading ------------------------------------------------------------------------------------- */

static void
reload (PlzSchedulePage *self,
        gboolean         quietly)
{
  if (self->account == NULL || !plz_account_get_signed_in (self->account))
    return;
  g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  self->load_cancellable = g_cancellable_new ();
  self->loaded = TRUE;
  if (!quietly || g_strcmp0 (gtk_stack_get_visible_child_name (self->content_stack), "week") != 0)
    show_state (self, "loading");
  load_week (self);
  plz_account_call_async (self->account, "GET", "/api/v1/me/bookings?role=operator&scope=upcoming&limit=50",
                          NULL, FALSE, self->load_cancellable, requests_loaded_cb, g_object_ref (self));
  plz_account_call_async (self->account, "GET", "/api/v1/me/dispatch/offers", NULL, FALSE,
                          self->load_cancellable, offers_loaded_cb, g_object_ref (self));
}

static void
reload_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  reload (PLZ_SCHEDULE_PAGE (widget), FALSE);
}

/* ---- public -------------------------------------------------------------------------------------- */

GtkWidget *
plz_schedule_page_new (void)
{
  return g_object_new (PLZ_TYPE_SCHEDULE_PAGE, NULL);
}

void
plz_schedule_page_set_account (PlzSchedulePage *self,
                               PlzAccount      *account)
{
  g_return_if_fail (PLZ_IS_SCHEDULE_PAGE (self));

  if (!g_set_object (&self->account, account))
    return;
  if (account != NULL)
    {
      /* "This week" in the operator's own zone; the schedule's zone rules after. */
      const char *zone = plz_account_get_user_string (account, "timezone");
      g_autoptr(GTimeZone) tz = zone != NULL ? g_time_zone_new_identifier (zone) : NULL;
      g_autoptr(GDateTime) now = tz != NULL ? g_date_time_new_now (tz) : NULL;
      g_autofree char *today = now != NULL ? g_date_time_format (now, "%Y-%m-%d") : NULL;

      if (today != NULL)
        plz_week_view_set_week (self->week_view, today, zone);
    }
  self->loaded = FALSE;
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    reload (self, FALSE);
}

void
plz_schedule_page_reload (PlzSchedulePage *self)
{
  g_return_if_fail (PLZ_IS_SCHEDULE_PAGE (self));
  reload (self, FALSE);
}

void
plz_schedule_page_apply_event (PlzSchedulePage *self,
                               const char      *kind,
                               JsonObject      *data)
{
  JsonNode *node;

  g_return_if_fail (PLZ_IS_SCHEDULE_PAGE (self));
  g_return_if_fail (kind != NULL);

  if (g_str_equal (kind, "dispatch.offer"))
    {
      node = data != NULL ? json_object_get_member (data, "offer") : NULL;
      if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
        add_offer (self, json_node_get_object (node));
    }
  else if (g_str_equal (kind, "booking.updated") && self->loaded)
    reload (self, TRUE);
}

const char *
plz_schedule_page_get_state (PlzSchedulePage *self)
{
  g_return_val_if_fail (PLZ_IS_SCHEDULE_PAGE (self), NULL);
  return gtk_stack_get_visible_child_name (self->content_stack);
}

PlzWeekView *
plz_schedule_page_get_week_view (PlzSchedulePage *self)
{
  g_return_val_if_fail (PLZ_IS_SCHEDULE_PAGE (self), NULL);
  return self->week_view;
}

GtkListBox *
plz_schedule_page_get_requests (PlzSchedulePage *self)
{
  g_return_val_if_fail (PLZ_IS_SCHEDULE_PAGE (self), NULL);
  return self->requests_list;
}

GtkBox *
plz_schedule_page_get_offers (PlzSchedulePage *self)
{
  g_return_val_if_fail (PLZ_IS_SCHEDULE_PAGE (self), NULL);
  return self->offers_box;
}

GtkWindow *
plz_schedule_page_get_sheet (PlzSchedulePage *self)
{
  g_return_val_if_fail (PLZ_IS_SCHEDULE_PAGE (self), NULL);
  return self->sheet;
}

static void
plz_schedule_page_map (GtkWidget *widget)
{
  PlzSchedulePage *self = PLZ_SCHEDULE_PAGE (widget);

  GTK_WIDGET_CLASS (plz_schedule_page_parent_class)->map (widget);
  if (!self->loaded)
    reload (self, FALSE);
}

static void
plz_schedule_page_dispose (GObject *object)
{
  PlzSchedulePage *self = PLZ_SCHEDULE_PAGE (object);

  g_cancellable_cancel (self->load_cancellable);
  g_cancellable_cancel (self->cancellable);
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), PLZ_TYPE_SCHEDULE_PAGE);
  g_clear_weak_pointer (&self->sheet);
  g_clear_object (&self->load_cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->account);

  G_OBJECT_CLASS (plz_schedule_page_parent_class)->dispose (object);
}

static void
plz_schedule_page_class_init (PlzSchedulePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = plz_schedule_page_dispose;
  widget_class->map = plz_schedule_page_map;

  g_type_ensure (PLZ_TYPE_WEEK_VIEW);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/plaza/Plaza/plz-schedule-page.ui");
  gtk_widget_class_bind_template_child (widget_class, PlzSchedulePage, content_stack);
  gtk_widget_class_bind_template_child (widget_class, PlzSchedulePage, spinner);
  gtk_widget_class_bind_template_child (widget_class, PlzSchedulePage, error_page);
  gtk_widget_class_bind_template_child (widget_class, PlzSchedulePage, week_title);
  gtk_widget_class_bind_template_child (widget_class, PlzSchedulePage, week_status);
  gtk_widget_class_bind_template_child (widget_class, PlzSchedulePage, week_view);
  gtk_widget_class_bind_template_child (widget_class, PlzSchedulePage, offers_box);
  gtk_widget_class_bind_template_child (widget_class, PlzSchedulePage, requests_empty);
  gtk_widget_class_bind_template_child (widget_class, PlzSchedulePage, requests_list);
  gtk_widget_class_bind_template_callback (widget_class, booking_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, week_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, request_activated_cb);

  gtk_widget_class_install_action (widget_class, "schedule.act", "(ss)", act_action);
  gtk_widget_class_install_action (widget_class, "schedule.offer", "(ss)", offer_action);
  gtk_widget_class_install_action (widget_class, "schedule.reload", NULL, reload_action);
  gtk_widget_class_install_action (widget_class, "schedule.availability", NULL, availability_action);
  gtk_widget_class_install_action (widget_class, "schedule.services", NULL, services_action);
  gtk_widget_class_install_action (widget_class, "schedule.previous-week", NULL, shift_action);
  gtk_widget_class_install_action (widget_class, "schedule.next-week", NULL, shift_action);
  gtk_widget_class_install_action (widget_class, "schedule.this-week", NULL, shift_action);
}

static void
plz_schedule_page_init (PlzSchedulePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  show_state (self, "loading");
}
