/* plz-bookings-page.c — a consumer's bookings, upcoming first, then past,
 * a page at a time: the next page comes when the list is scrolled to its end
 * or "Show More Bookings" is pressed; past bookings wait until every upcoming
 * one is in, so the order never breaks */

#include "config.h"

#include <glib/gi18n.h>
#include <libsoup/soup.h>

#include "plz-booking-dialog.h"
#include "plz-booking-info.h"
#include "plz-booking-row.h"
#include "plz-bookings-page.h"
#include "plz-form.h"

struct _PlzBookingsPage
{
  AdwBin         parent_instance;

  /* Template children */
  GtkStack      *content_stack;
  GtkSpinner    *spinner;
  AdwStatusPage *error_page;
  GtkWidget     *upcoming_label;
  GtkListBox    *upcoming_list;
  GtkWidget     *past_label;
  GtkListBox    *past_list;
  GtkStack      *more_stack;
  GtkSpinner    *more_spinner;
  GtkLabel      *more_error;

  PlzAccount    *account;
  JsonObject    *upcoming;       /* answers, until both are in */
  JsonObject    *past;
  JsonObject    *held_past;      /* the first past page, until upcoming ends */
  char          *upcoming_cursor;
  char          *past_cursor;
  gboolean       loading_more;
  SoupSession   *session;        /* calendar files */
  GCancellable  *load_cancellable;
  GCancellable  *cancellable;
  gboolean       loaded;
};

G_DEFINE_FINAL_TYPE (PlzBookingsPage, plz_bookings_page, ADW_TYPE_BIN)

static const char * const consumer_actions[] = { "reschedule", "cancel", "calendar", NULL };

/* Bookings asked for at a time; the server allows up to MAX_LIMIT. */
#define PAGE_SIZE 50
#define MAX_LIMIT 100

static void reload (PlzBookingsPage *self, gboolean quietly);

static void
show_state (PlzBookingsPage *self,
            const char      *state)
{
  gtk_stack_set_visible_child_name (self->content_stack, state);
  plz_form_hide_other_pages (self->content_stack);
  gtk_spinner_set_spinning (self->spinner, g_strcmp0 (state, "loading") == 0);
}

/* ---- loading ------------------------------------------------------------------------------ */

static gboolean
has_booking (GtkListBox *list,
             const char *id)
{
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (list)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (PLZ_IS_BOOKING_ROW (child)
        && g_strcmp0 (plz_booking_get_string (plz_booking_row_get_booking (PLZ_BOOKING_ROW (child)), "id"), id) == 0)
      return TRUE;
  return FALSE;
}

static guint
count_rows (GtkListBox *list)
{
  guint n = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (list)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n += PLZ_IS_BOOKING_ROW (child);
  return n;
}

static void
clear_list (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}

/* The answer's next_cursor, or NULL at the end. */
static char *
dup_cursor (JsonObject *answer)
{
  const char *cursor = plz_booking_get_string (answer, "next_cursor");

  return cursor != NULL && *cursor != '\0' ? g_strdup (cursor) : NULL;
}

/* Adds the page's bookings after those shown (one that moved between pages
 * is not shown twice) and returns how many rows the list has now. */
static guint
append_page (GtkListBox *list,
             GtkWidget  *label,
             JsonObject *answer)
{
  JsonArray *bookings = plz_booking_get_array (answer, "bookings");
  guint n;

  for (guint i = 0; bookings != NULL && i < json_array_get_length (bookings); i++)
    {
      JsonNode *node = json_array_get_element (bookings, i);
      JsonObject *booking;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      booking = json_node_get_object (node);
      if (has_booking (list, plz_booking_get_string (booking, "id")))
        continue;
      gtk_list_box_append (list, plz_booking_row_new (booking, "consumer", "bookings", consumer_actions));
    }
  n = count_rows (list);
  gtk_widget_set_visible (GTK_WIDGET (list), n > 0);
  gtk_widget_set_visible (label, n > 0);
  return n;
}

/* Once every upcoming booking is in, the past ones follow. */
static void
release_past (PlzBookingsPage *self)
{
  g_autoptr(JsonObject) past = g_steal_pointer (&self->held_past);

  if (self->upcoming_cursor != NULL || past == NULL)
    {
      self->held_past = g_steal_pointer (&past);
      return;
    }
  g_free (self->past_cursor);
  self->past_cursor = dup_cursor (past);
  append_page (self->past_list, self->past_label, past);
}

static void
update_more (PlzBookingsPage *self)
{
  gboolean more = self->upcoming_cursor != NULL || self->past_cursor != NULL;

  gtk_widget_set_visible (GTK_WIDGET (self->more_stack), more || self->loading_more);
  if (self->loading_more)
    gtk_stack_set_visible_child_name (self->more_stack, "loading");
  else if (g_strcmp0 (gtk_stack_get_visible_child_name (self->more_stack), "error") != 0)
    gtk_stack_set_visible_child_name (self->more_stack, "more");
  gtk_spinner_set_spinning (self->more_spinner, self->loading_more);
}

static void
show_when_both_in (PlzBookingsPage *self)
{
  guint n;

  if (self->upcoming == NULL || self->past == NULL)
    return;
  clear_list (self->upcoming_list);
  clear_list (self->past_list);
  g_clear_pointer (&self->held_past, json_object_unref);
  g_clear_pointer (&self->upcoming_cursor, g_free);
  g_clear_pointer (&self->past_cursor, g_free);
  self->upcoming_cursor = dup_cursor (self->upcoming);
  n = append_page (self->upcoming_list, self->upcoming_label, self->upcoming);
  self->held_past = g_steal_pointer (&self->past);
  gtk_widget_set_visible (GTK_WIDGET (self->past_list), FALSE);
  gtk_widget_set_visible (self->past_label, FALSE);
  release_past (self);
  n += count_rows (self->past_list);
  g_clear_pointer (&self->upcoming, json_object_unref);
  gtk_stack_set_visible_child_name (self->more_stack, "more");
  update_more (self);
  show_state (self, n > 0 || self->upcoming_cursor != NULL ? "list" : "empty");
}

/* Which list an answer is for. */
typedef struct
{
  PlzBookingsPage *self;
  gboolean         upcoming;
} Scope;

static void
scope_free (Scope *scope)
{
  g_object_unref (scope->self);
  g_free (scope);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Scope, scope_free)

static void
loaded_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(Scope) scope = user_data;
  PlzBookingsPage *self = scope->self;
  gboolean upcoming = scope->upcoming;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) answer = plz_account_call_finish (PLZ_ACCOUNT (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (plz_booking_get_array (answer, "bookings") == NULL)
    {
      g_cancellable_cancel (self->load_cancellable);
      g_clear_pointer (&self->upcoming, json_object_unref);
      g_clear_pointer (&self->past, json_object_unref);
      adw_status_page_set_description (self->error_page,
                                       error != NULL ? error->message
                                                     : _("The server gave an answer Plaza does not understand"));
      show_state (self, "error");
      return;
    }
  if (upcoming)
    self->upcoming = g_steal_pointer (&answer);
  else
    self->past = g_steal_pointer (&answer);
  show_when_both_in (self);
}

static void
load_scope (PlzBookingsPage *self,
            gboolean         upcoming)
{
  Scope *scope = g_new0 (Scope, 1);
  /* A quiet reload keeps as many bookings on screen as were there. */
  guint shown = count_rows (upcoming ? self->upcoming_list : self->past_list);
  g_autofree char *path = g_strdup_printf ("/api/v1/me/bookings?role=consumer&scope=%s&limit=%u",
                                           upcoming ? "upcoming" : "past", CLAMP (shown, PAGE_SIZE, MAX_LIMIT));

  scope->self = g_object_ref (self);
  scope->upcoming = upcoming;
  plz_account_call_async (self->account, "GET", path, NULL, FALSE, self->load_cancellable, loaded_cb, scope);
}

/* ---- more pages ------------------------------------------------------------------------------ */

static void
more_loaded_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(Scope) scope = user_data;
  PlzBookingsPage *self = scope->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) answer = plz_account_call_finish (PLZ_ACCOUNT (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->loading_more = FALSE;
  if (plz_booking_get_array (answer, "bookings") == NULL)
    {
      /* What is shown stays; the footer says why no more came and offers another try. */
      gtk_label_set_text (self->more_error,
                          error != NULL ? error->message : _("The server gave an answer Plaza does not understand"));
      gtk_stack_set_visible_child_name (self->more_stack, "error");
      update_more (self);
      return;
    }
  if (scope->upcoming)
    {
      g_free (self->upcoming_cursor);
      self->upcoming_cursor = dup_cursor (answer);
      append_page (self->upcoming_list, self->upcoming_label, answer);
      release_past (self);
    }
  else
    {
      g_free (self->past_cursor);
      self->past_cursor = dup_cursor (answer);
      append_page (self->past_list, self->past_label, answer);
    }
  gtk_stack_set_visible_child_name (self->more_stack, "more");
  update_more (self);
}

/* The next page of upcoming bookings, or of past ones once those are all in. */
static void
load_more (PlzBookingsPage *self)
{
  gboolean upcoming = self->upcoming_cursor != NULL;
  const char *cursor = upcoming ? self->upcoming_cursor : self->past_cursor;
  g_autofree char *escaped = NULL, *path = NULL;
  Scope *scope;

  if (self->loading_more || cursor == NULL || self->account == NULL
      || g_strcmp0 (gtk_stack_get_visible_child_name (self->content_stack), "list") != 0)
    return;
  escaped = g_uri_escape_string (cursor, NULL, FALSE);
  path = g_strdup_printf ("/api/v1/me/bookings?role=consumer&scope=%s&limit=%d&cursor=%s",
                          upcoming ? "upcoming" : "past", PAGE_SIZE, escaped);
  scope = g_new0 (Scope, 1);
  scope->self = g_object_ref (self);
  scope->upcoming = upcoming;
  self->loading_more = TRUE;
  update_more (self);
  plz_account_call_async (self->account, "GET", path, NULL, FALSE, self->load_cancellable, more_loaded_cb, scope);
}

static void
edge_reached_cb (GtkScrolledWindow *scrolled,
                 GtkPositionType    position,
                 PlzBookingsPage   *self)
{
  /* After a failure only "Try Again" asks again, so a stuck server is not hammered. */
  if (position == GTK_POS_BOTTOM && g_strcmp0 (gtk_stack_get_visible_child_name (self->more_stack), "more") == 0)
    load_more (self);
}

static void
reload (PlzBookingsPage *self,
        gboolean         quietly)
{
  const char *state = gtk_stack_get_visible_child_name (self->content_stack);

  if (self->account == NULL || !plz_account_get_signed_in (self->account))
    return;
  g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  self->load_cancellable = g_cancellable_new ();
  g_clear_pointer (&self->upcoming, json_object_unref);
  g_clear_pointer (&self->past, json_object_unref);
  self->loading_more = FALSE;
  self->loaded = TRUE;
  if (!quietly || (g_strcmp0 (state, "list") != 0 && g_strcmp0 (state, "empty") != 0))
    show_state (self, "loading");
  load_scope (self, TRUE);
  load_scope (self, FALSE);
}

/* ---- finding a booking ---------------------------------------------------------------------- */

static JsonObject *
find_booking (PlzBookingsPage *self,
              const char      *id)
{
  GtkListBox *lists[] = { self->upcoming_list, self->past_list };

  for (guint l = 0; l < G_N_ELEMENTS (lists); l++)
    for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (lists[l]));
         child != NULL; child = gtk_widget_get_next_sibling (child))
      {
        JsonObject *booking = PLZ_IS_BOOKING_ROW (child) ? plz_booking_row_get_booking (PLZ_BOOKING_ROW (child)) : NULL;

        if (g_strcmp0 (plz_booking_get_string (booking, "id"), id) == 0)
          return booking;
      }
  return NULL;
}

static char *
booking_path (const char *id,
              const char *suffix)
{
  g_autofree char *escaped = g_uri_escape_string (id, NULL, FALSE);

  return g_strconcat ("/api/v1/bookings/", escaped, suffix, NULL);
}

/* ---- cancelling ------------------------------------------------------------------------------- */

static void
cancelled_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(PlzBookingsPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) answer = plz_account_call_finish (PLZ_ACCOUNT (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  plz_form_add_toast (GTK_WIDGET (self), answer != NULL ? _("Booking cancelled") : error->message);
  reload (self, TRUE);
}

static void
cancel_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    PlzBookingsPage  *self)
{
  g_autoptr(JsonObject) body = NULL;
  g_autofree char *path = NULL;

  if (!g_str_equal (response, "cancel-booking"))
    return;
  body = json_object_new ();
  json_object_set_string_member (body, "action", "cancel");
  json_object_set_string_member (body, "reason", "");
  path = booking_path (g_object_get_data (G_OBJECT (dialog), "booking-id"), "/actions");
  plz_account_call_async (self->account, "POST", path, body, FALSE, self->cancellable, cancelled_cb,
                          g_object_ref (self));
}

static void
ask_to_cancel (PlzBookingsPage *self,
               JsonObject      *booking)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  const char *service = plz_booking_get_nested (booking, "service", "name");
  g_autofree char *when = plz_booking_format_when (booking);
  /* TRANSLATORS: service and time of a booking */
  g_autofree char *body = g_strdup_printf (_("%s on %s. The operator is told at once."),
                                           service != NULL ? service : _("Booking"), when);
  AdwMessageDialog *dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                                                         _("Cancel This Booking?"), body));

  adw_message_dialog_add_responses (dialog, "keep", _("_Keep It"), "cancel-booking", _("_Cancel Booking"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "cancel-booking", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "keep");
  adw_message_dialog_set_close_response (dialog, "keep");
  g_object_set_data_full (G_OBJECT (dialog), "booking-id", g_strdup (plz_booking_get_string (booking, "id")), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (cancel_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* ---- add to calendar ----------------------------------------------------------------------------- */

static void
saved_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(PlzBookingsPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *uri = g_file_get_uri (G_FILE (source));

  if (!g_file_replace_contents_finish (G_FILE (source), result, NULL, &error))
    {
      plz_form_add_toast (GTK_WIDGET (self), error->message);
      return;
    }
  /* The desktop's calendar offers to import the event. */
  if (!g_app_info_launch_default_for_uri (uri, NULL, &error))
    plz_form_add_toast (GTK_WIDGET (self), _("Saved. Open the file with your calendar to add it."));
}

static void
chooser_response_cb (GtkNativeDialog *chooser,
                     int              response,
                     PlzBookingsPage *self)
{
  GBytes *ics = g_object_get_data (G_OBJECT (chooser), "ics");
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT
      && (file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser))) != NULL)
    g_file_replace_contents_bytes_async (file, ics, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION,
                                         self->cancellable, saved_cb, g_object_ref (self));
  g_object_unref (chooser);
}

static void
ics_fetched_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(PlzBookingsPage) self = user_data;
  SoupMessage *message = soup_session_get_async_result_message (SOUP_SESSION (source), result);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkFileChooserNative *chooser;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (bytes == NULL || soup_message_get_status (message) != SOUP_STATUS_OK)
    {
      plz_form_add_toast (GTK_WIDGET (self), _("The calendar file could not be fetched. Try again later."));
      return;
    }
  chooser = gtk_file_chooser_native_new (_("Save Calendar Event"), GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), "plaza-booking.ics");
  g_object_set_data_full (G_OBJECT (chooser), "ics", g_bytes_ref (bytes), (GDestroyNotify) g_bytes_unref);
  g_signal_connect_object (chooser, "response", G_CALLBACK (chooser_response_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* The .ics is text/calendar, not JSON, so it is fetched here with the session token. */
static void
add_to_calendar (PlzBookingsPage *self,
                 const char      *id)
{
  g_autofree char *path = booking_path (id, "/calendar.ics");
  g_autofree char *url = g_strconcat (plz_account_get_server_url (self->account), path, NULL);
  g_autoptr(SoupMessage) message = soup_message_new ("GET", url);
  g_autofree char *bearer = g_strconcat ("Bearer ", plz_account_get_token (self->account), NULL);

  if (message == NULL)
    return;
  soup_message_headers_replace (soup_message_get_request_headers (message), "Authorization", bearer);
  soup_session_send_and_read_async (self->session, message, G_PRIORITY_DEFAULT, self->cancellable,
                                    ics_fetched_cb, g_object_ref (self));
}

/* ---- actions ------------------------------------------------------------------------------------- */

static void
rescheduled_cb (PlzBookingsPage *self)
{
  reload (self, TRUE);
}

static void
act_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  PlzBookingsPage *self = PLZ_BOOKINGS_PAGE (widget);
  const char *id, *action;
  JsonObject *booking;

  g_variant_get (parameter, "(&s&s)", &id, &action);
  if ((booking = find_booking (self, id)) == NULL)
    return;
  if (g_str_equal (action, "cancel"))
    ask_to_cancel (self, booking);
  else if (g_str_equal (action, "calendar"))
    add_to_calendar (self, id);
  else if (g_str_equal (action, "reschedule"))
    {
      GtkRoot *root = gtk_widget_get_root (widget);
      PlzBookingDialog *dialog = plz_booking_dialog_new_reschedule (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                                                    self->account, booking);

      g_signal_connect_object (dialog, "booked", G_CALLBACK (rescheduled_cb), self, G_CONNECT_SWAPPED);
      gtk_window_present (GTK_WINDOW (dialog));
    }
}

static void
more_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  load_more (PLZ_BOOKINGS_PAGE (widget));
}

static void
reload_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  reload (PLZ_BOOKINGS_PAGE (widget), FALSE);
}

/* ---- public ---------------------------------------------------------------------------------------- */

GtkWidget *
plz_bookings_page_new (void)
{
  return g_object_new (PLZ_TYPE_BOOKINGS_PAGE, NULL);
}

void
plz_bookings_page_set_account (PlzBookingsPage *self,
                               PlzAccount      *account)
{
  g_return_if_fail (PLZ_IS_BOOKINGS_PAGE (self));

  if (g_set_object (&self->account, account))
    {
      self->loaded = FALSE;
      if (gtk_widget_get_mapped (GTK_WIDGET (self)))
        reload (self, FALSE);
    }
}

void
plz_bookings_page_reload (PlzBookingsPage *self)
{
  g_return_if_fail (PLZ_IS_BOOKINGS_PAGE (self));
  if (self->loaded)
    reload (self, TRUE);
}

const char *
plz_bookings_page_get_state (PlzBookingsPage *self)
{
  g_return_val_if_fail (PLZ_IS_BOOKINGS_PAGE (self), NULL);
  return gtk_stack_get_visible_child_name (self->content_stack);
}

GtkListBox *
plz_bookings_page_get_list (PlzBookingsPage *self,
                            gboolean         upcoming)
{
  g_return_val_if_fail (PLZ_IS_BOOKINGS_PAGE (self), NULL);
  return upcoming ? self->upcoming_list : self->past_list;
}

const char *
plz_bookings_page_get_more_state (PlzBookingsPage *self)
{
  g_return_val_if_fail (PLZ_IS_BOOKINGS_PAGE (self), NULL);
  if (!gtk_widget_get_visible (GTK_WIDGET (self->more_stack)))
    return "none";
  return gtk_stack_get_visible_child_name (self->more_stack);
}

static void
plz_bookings_page_map (GtkWidget *widget)
{
  PlzBookingsPage *self = PLZ_BOOKINGS_PAGE (widget);

  GTK_WIDGET_CLASS (plz_bookings_page_parent_class)->map (widget);
  if (!self->loaded)
    reload (self, FALSE);
}

static void
plz_bookings_page_dispose (GObject *object)
{
  PlzBookingsPage *self = PLZ_BOOKINGS_PAGE (object);

  g_cancellable_cancel (self->load_cancellable);
  g_cancellable_cancel (self->cancellable);
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), PLZ_TYPE_BOOKINGS_PAGE);
  g_clear_object (&self->load_cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->account);
  g_clear_object (&self->session);
  g_clear_pointer (&self->upcoming, json_object_unref);
  g_clear_pointer (&self->past, json_object_unref);
  g_clear_pointer (&self->held_past, json_object_unref);
  g_clear_pointer (&self->upcoming_cursor, g_free);
  g_clear_pointer (&self->past_cursor, g_free);

  G_OBJECT_CLASS (plz_bookings_page_parent_class)->dispose (object);
}

static void
plz_bookings_page_class_init (PlzBookingsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = plz_bookings_page_dispose;
  widget_class->map = plz_bookings_page_map;

  gtk_widget_class_set_template_from_resource (widget_class, "/org/plaza/Plaza/plz-bookings-page.ui");
  gtk_widget_class_bind_template_child (widget_class, PlzBookingsPage, content_stack);
  gtk_widget_class_bind_template_child (widget_class, PlzBookingsPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, PlzBookingsPage, error_page);
  gtk_widget_class_bind_template_child (widget_class, PlzBookingsPage, upcoming_label);
  gtk_widget_class_bind_template_child (widget_class, PlzBookingsPage, upcoming_list);
  gtk_widget_class_bind_template_child (widget_class, PlzBookingsPage, past_label);
  gtk_widget_class_bind_template_child (widget_class, PlzBookingsPage, past_list);
  gtk_widget_class_bind_template_child (widget_class, PlzBookingsPage, more_stack);
  gtk_widget_class_bind_template_child (widget_class, PlzBookingsPage, more_spinner);
  gtk_widget_class_bind_template_child (widget_class, PlzBookingsPage, more_error);
  gtk_widget_class_bind_template_callback (widget_class, edge_reached_cb);

  gtk_widget_class_install_action (widget_class, "bookings.act", "(ss)", act_action);
  gtk_widget_class_install_action (widget_class, "bookings.more", NULL, more_action);
  gtk_widget_class_install_action (widget_class, "bookings.reload", NULL, reload_action);
}

static void
plz_bookings_page_init (PlzBookingsPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  self->session = soup_session_new ();
  show_state (self, "loading");
}
