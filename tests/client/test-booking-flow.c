/* test-booking-flow.c — booking end to end against a real plaza-server: a
 * consumer books a free time in the booking dialog and sees it under Bookings;
 * the operator finds it in the week and among the requests, accepts it, and
 * both sides see it confirmed; and a time someone else takes first */

#include "config.h"

#include <adwaita.h>

#include "plz-booking-dialog.h"
#include "plz-booking-row.h"
#include "plz-bookings-page.h"
#include "plz-catalogue-test.h"
#include "plz-client-test.h"
#include "plz-schedule-page.h"

#define WAIT_MS   20000
#define ZONE      "Africa/Johannesburg"
#define OPERATOR  "sam@example.org"

typedef struct
{
  PlzTestServer *server;
  char          *operator_token;
  char          *listing_id;
  char          *service_id;
  PlzAccount    *consumer;      /* the app's account, signed in as a consumer */
} Fixture;

/* ---- data, through the API --------------------------------------------------------------- */

static JsonObject *
api (Fixture    *fixture,
     const char *method,
     const char *path,
     const char *body,
     const char *token,
     guint       expected_status)
{
  return plz_test_api (fixture->server->url, method, path, body, token, expected_status);
}

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(JsonObject) service = NULL, availability = NULL;
  g_autofree char *body = NULL;

  fixture->server = plz_test_server_start (FALSE);
  if (fixture->server == NULL)
    return;

  /* An operator with a listing, a service they answer by hand, and mornings
   * every day; a day's notice keeps the first free time clear of "now". */
  fixture->operator_token = plz_test_sign_up (fixture->server->url, OPERATOR, TRUE);
  fixture->listing_id = plz_test_make_listing (fixture->server->url, fixture->operator_token, "Shine Valet Wash",
                                               350, 0);
  body = g_strdup_printf ("{\"listing_id\":\"%s\",\"name\":\"Full Valet\",\"duration_minutes\":60,"
                          "\"price\":{\"amount\":35000,\"currency\":\"ZAR\"},\"instant_confirm\":false}",
                          fixture->listing_id);
  service = api (fixture, "POST", "/api/v1/me/services", body, fixture->operator_token, 201);
  fixture->service_id = g_strdup (json_object_get_string_member (json_object_get_object_member (service, "service"),
                                                                 "id"));
  availability = api (fixture, "PUT", "/api/v1/me/availability",
                      "{\"time_zone\":\"" ZONE "\",\"capacity\":1,\"min_notice_minutes\":1440,"
                      "\"horizon_days\":60,\"rules\":[{\"weekday\":1,\"start\":\"08:00\",\"end\":\"12:00\"},"
                      "{\"weekday\":2,\"start\":\"08:00\",\"end\":\"12:00\"},"
                      "{\"weekday\":3,\"start\":\"08:00\",\"end\":\"12:00\"},"
                      "{\"weekday\":4,\"start\":\"08:00\",\"end\":\"12:00\"},"
                      "{\"weekday\":5,\"start\":\"08:00\",\"end\":\"12:00\"},"
                      "{\"weekday\":6,\"start\":\"08:00\",\"end\":\"12:00\"},"
                      "{\"weekday\":7,\"start\":\"08:00\",\"end\":\"12:00\"}],\"exceptions\":[]}",
                      fixture->operator_token, 200);

  fixture->consumer = plz_test_consumer (fixture->server->url, "thandi@example.org");
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  while (g_list_model_get_n_items (toplevels) > 0)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, 0);
      gtk_window_destroy (window);
    }
  plz_test_spin (50);
  g_clear_object (&fixture->consumer);
  plz_test_server_stop (fixture->server);
  g_free (fixture->operator_token);
  g_free (fixture->listing_id);
  g_free (fixture->service_id);
}

/* The first free time of the service as the server lists it (any consumer may ask). */
static char *
first_free_start (Fixture *fixture)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/services/%s/slots", fixture->service_id);
  g_autoptr(JsonObject) answer = api (fixture, "GET", path, NULL, NULL, 200);
  JsonArray *slots = json_object_get_array_member (answer, "slots");

  g_assert_cmpstr (json_object_get_string_member (answer, "time_zone"), ==, ZONE);
  g_assert_cmpuint (json_array_get_length (slots), >, 0);
  return g_strdup (json_object_get_string_member (json_array_get_object_element (slots, 0), "start"));
}

/* @rfc3339 in the operator's zone, formatted with @format. */
static char *
local_format (const char *rfc3339,
              const char *format)
{
  g_autoptr(GTimeZone) zone = g_time_zone_new_identifier (ZONE);
  g_autoptr(GDateTime) utc = g_date_time_new_from_iso8601 (rfc3339, NULL);
  g_autoptr(GDateTime) local = NULL;

  g_assert_nonnull (utc);
  local = g_date_time_to_timezone (utc, zone);
  return g_date_time_format (local, format);
}

/* The consumer's upcoming bookings as the server has them. */
static JsonArray *
consumer_bookings (Fixture *fixture)
{
  g_autoptr(JsonObject) answer = api (fixture, "GET", "/api/v1/me/bookings?role=consumer&scope=upcoming", NULL,
                                      plz_account_get_token (fixture->consumer), 200);

  return json_array_ref (json_object_get_array_member (answer, "bookings"));
}

/* ---- the booking dialog --------------------------------------------------------------------- */

static gboolean
dialog_not_loading (gpointer data)
{
  return g_strcmp0 (plz_booking_dialog_get_state (data), "loading") != 0;
}

static gboolean
times_loaded (gpointer data)
{
  return !plz_booking_dialog_get_times_loading (data);
}

static gboolean
dialog_done (gpointer data)
{
  return g_strcmp0 (plz_booking_dialog_get_state (data), "done") == 0;
}

static gboolean
dialog_says_something (gpointer data)
{
  return plz_booking_dialog_get_message (data) != NULL && !plz_booking_dialog_get_times_loading (data);
}

/* Opens the dialog for the listing, as win.book-listing does. */
static PlzBookingDialog *
open_dialog (Fixture *fixture)
{
  PlzBookingDialog *dialog = plz_booking_dialog_new (NULL, fixture->consumer, fixture->listing_id);

  gtk_window_present (GTK_WINDOW (dialog));
  g_assert_true (plz_test_wait_until (dialog_not_loading, dialog, WAIT_MS));
  g_assert_cmpstr (plz_booking_dialog_get_state (dialog), ==, "form");
  g_assert_true (plz_test_wait_until (times_loaded, dialog, WAIT_MS));
  return dialog;
}

/* Selects @date and waits for its times. */
static void
show_day (PlzBookingDialog *dialog,
          const char       *date)
{
  g_assert_true (plz_booking_dialog_select_day (dialog, date));
  g_assert_true (plz_test_wait_until (times_loaded, dialog, WAIT_MS));
}

/* Goes to the first day the calendar marks as free, this month or the next,
 * as a person would; returns it ("2026-11-23"). */
static char *
show_first_free_day (PlzBookingDialog *dialog)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) next = g_date_time_add_months (now, 1);

  for (guint month = 0; month < 2; month++)
    {
      GDateTime *shown = month == 0 ? now : next;
      g_autofree char *first = g_date_time_format (shown, "%Y-%m-01");

      show_day (dialog, first);
      for (guint day = 1; day <= 31; day++)
        if (plz_booking_dialog_get_day_marked (dialog, day))
          {
            g_autofree char *month_text = g_date_time_format (shown, "%Y-%m");
            g_autofree char *date = g_strdup_printf ("%s-%02u", month_text, day);

            show_day (dialog, date);
            return g_steal_pointer (&date);
          }
    }
  g_assert_not_reached ();
}

/* The toggle of the chosen day's first free time. */
static GtkWidget *
first_time_button (PlzBookingDialog *dialog)
{
  GtkFlowBox *box = GTK_FLOW_BOX (plz_test_find_widget (GTK_WIDGET (dialog), GTK_TYPE_FLOW_BOX));
  GtkFlowBoxChild *child;

  g_assert_nonnull (box);
  child = gtk_flow_box_get_child_at_index (box, 0);
  g_assert_nonnull (child);
  return gtk_flow_box_child_get_child (child);
}

static void
press_confirm (PlzBookingDialog *dialog)
{
  GtkWidget *button = plz_test_find_labelled (GTK_WIDGET (dialog), GTK_TYPE_BUTTON, "Confirm Booking");

  g_assert_nonnull (button);
  g_assert_true (gtk_widget_get_sensitive (button));
  g_signal_emit_by_name (button, "clicked");
}

/* ---- the consumer's Bookings page ------------------------------------------------------------- */

static gboolean
bookings_not_loading (gpointer data)
{
  return g_strcmp0 (plz_bookings_page_get_state (data), "loading") != 0;
}

static PlzBookingsPage *
show_bookings_page (PlzAccount *account)
{
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());
  GtkWidget *overlay = adw_toast_overlay_new ();
  PlzBookingsPage *page = PLZ_BOOKINGS_PAGE (plz_bookings_page_new ());

  gtk_window_set_default_size (window, 900, 640);
  adw_toast_overlay_set_child (ADW_TOAST_OVERLAY (overlay), GTK_WIDGET (page));
  gtk_window_set_child (window, overlay);
  plz_bookings_page_set_account (page, account);
  gtk_window_present (window);
  g_assert_true (plz_test_wait_until (bookings_not_loading, page, WAIT_MS));
  return page;
}

/* The page's only upcoming booking is @id and its pill says @pill. */
static void
assert_listed (PlzBookingsPage *page,
               const char      *id,
               const char      *pill)
{
  GtkListBox *list = plz_bookings_page_get_list (page, TRUE);
  GtkListBoxRow *row = gtk_list_box_get_row_at_index (list, 0);

  g_assert_cmpstr (plz_bookings_page_get_state (page), ==, "list");
  g_assert_nonnull (row);
  g_assert_null (gtk_list_box_get_row_at_index (list, 1));
  g_assert_cmpstr (json_object_get_string_member (plz_booking_row_get_booking (PLZ_BOOKING_ROW (row)), "id"), ==, id);
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==, "Full Valet");
  g_assert_nonnull (plz_test_find_labelled (GTK_WIDGET (row), GTK_TYPE_LABEL, pill));
}

/* ---- the operator's Schedule ------------------------------------------------------------------ */

static void
signed_in_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  gboolean *done = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) answer = plz_account_call_finish (PLZ_ACCOUNT (source), result, &error);

  g_assert_no_error (error);
  *done = TRUE;
}

static PlzAccount *
operator_account (Fixture *fixture)
{
  PlzAccount *account = plz_account_new (fixture->server->url);
  gboolean done = FALSE;

  plz_account_sign_in_async (account, OPERATOR, PLZ_TEST_PASSWORD, NULL, signed_in_cb, &done);
  g_assert_true (plz_test_wait_for_flag (&done, WAIT_MS));
  g_assert_true (plz_account_get_is_operator (account));
  return account;
}

/* The week is shown and laid out. */
static gboolean
schedule_shows_week (gpointer data)
{
  return g_strcmp0 (plz_schedule_page_get_state (data), "week") == 0
         && gtk_widget_get_width (GTK_WIDGET (plz_schedule_page_get_week_view (data))) > PLZ_WEEK_VIEW_GUTTER_WIDTH;
}

typedef struct
{
  PlzSchedulePage *page;
  const char      *status;
  guint            requests;
} ScheduleWait;

/* The week's one block has the wanted status and the requests list holds the
 * wanted number of rows. */
static gboolean
schedule_settled (gpointer data)
{
  ScheduleWait *wait = data;
  PlzWeekView *view = plz_schedule_page_get_week_view (wait->page);
  GtkListBox *requests = plz_schedule_page_get_requests (wait->page);
  JsonObject *booking = NULL;
  guint n = 0;

  while (gtk_list_box_get_row_at_index (requests, (int) n) != NULL)
    n++;
  return plz_week_view_get_n_blocks (view) == 1 && plz_week_view_get_block (view, 0, NULL, &booking)
         && g_strcmp0 (json_object_get_string_member (booking, "status"), wait->status) == 0
         && n == wait->requests && gtk_widget_get_visible (GTK_WIDGET (requests)) == (n > 0);
}

static void
wait_for_schedule (PlzSchedulePage *page,
                   const char      *status,
                   guint            requests)
{
  ScheduleWait wait = { page, status, requests };

  if (!plz_test_wait_until (schedule_settled, &wait, WAIT_MS))
    g_error ("the schedule never showed one %s booking and %u requests", status, requests);
}

/* The block of the week's only booking sits in the column of @start's
 * weekday at @start's hour (the operator's zone), and says what it is. */
static void
assert_block_at (PlzWeekView *view,
                 const char  *id,
                 const char  *start,
                 const char  *status_label)
{
  g_autofree char *weekday = local_format (start, "%u");
  g_autofree char *hour = local_format (start, "%H");
  g_autofree char *minute = local_format (start, "%M");
  g_autofree char *clock = local_format (start, "%H:%M");
  GtkWidget *scrolled = gtk_widget_get_ancestor (GTK_WIDGET (view), GTK_TYPE_SCROLLED_WINDOW);
  double scroll, column;
  double hours = g_ascii_strtod (hour, NULL) + g_ascii_strtod (minute, NULL) / 60.0;
  JsonObject *booking = NULL;
  graphene_rect_t area, bounds;
  GtkWidget *button;
  const char *description;

  /* The blocks' buttons are placed at the next allocation. */
  gtk_test_widget_wait_for_draw (GTK_WIDGET (view));
  scroll = scrolled != NULL
           ? gtk_adjustment_get_value (gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled))) : 0;
  column = (gtk_widget_get_width (GTK_WIDGET (view)) - PLZ_WEEK_VIEW_GUTTER_WIDTH) / 7.0;
  g_assert_cmpuint (plz_week_view_get_n_blocks (view), ==, 1);
  g_assert_true (plz_week_view_get_block (view, 0, &area, &booking));
  g_assert_cmpstr (json_object_get_string_member (booking, "id"), ==, id);
  g_assert_cmpfloat (column, >, 0);
  /* Day column: Monday is the first. */
  g_assert_cmpint ((int) ((area.origin.x - PLZ_WEEK_VIEW_GUTTER_WIDTH) / column), ==,
                   (int) g_ascii_strtoll (weekday, NULL, 10) - 1);
  /* Top edge at the start, an hour tall. */
  g_assert_cmpfloat_with_epsilon (area.origin.y + scroll - PLZ_WEEK_VIEW_BLOCK_INSET / 2.0,
                                  PLZ_WEEK_VIEW_HEADER_HEIGHT + hours * PLZ_WEEK_VIEW_HOUR_HEIGHT, 0.5);
  g_assert_cmpfloat_with_epsilon (area.size.height, PLZ_WEEK_VIEW_HOUR_HEIGHT - PLZ_WEEK_VIEW_BLOCK_INSET, 0.5);

  /* The block's button is where the block is drawn and names it. */
  button = plz_week_view_get_block_widget (view, 0);
  g_assert_nonnull (button);
  g_assert_true (gtk_widget_compute_bounds (button, GTK_WIDGET (view), &bounds));
  g_assert_cmpfloat_with_epsilon (bounds.origin.x, area.origin.x, 1);
  g_assert_cmpfloat_with_epsilon (bounds.origin.y, area.origin.y, 1);
  description = gtk_widget_get_tooltip_text (button);
  g_assert_nonnull (description);
  g_assert_nonnull (strstr (description, "Full Valet for Thandi Nkosi"));
  g_assert_nonnull (strstr (description, clock));
  g_assert_true (g_str_has_suffix (description, status_label));
}

static PlzSchedulePage *
show_schedule_page (PlzAccount *account,
                    const char *start)
{
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());
  GtkWidget *overlay = adw_toast_overlay_new ();
  PlzSchedulePage *page = PLZ_SCHEDULE_PAGE (plz_schedule_page_new ());
  g_autofree char *date = local_format (start, "%Y-%m-%d");
  g_autofree char *from = NULL, *to = NULL;

  gtk_window_set_default_size (window, 1100, 720);
  adw_toast_overlay_set_child (ADW_TOAST_OVERLAY (overlay), GTK_WIDGET (page));
  gtk_window_set_child (window, overlay);
  plz_schedule_page_set_account (page, account);
  /* The page opens on this week; the booking may be in the next one. */
  g_assert_true (plz_week_view_set_week (plz_schedule_page_get_week_view (page), date, NULL));
  gtk_window_present (window);
  g_assert_true (plz_test_wait_until (schedule_shows_week, page, WAIT_MS));
  plz_week_view_get_range (plz_schedule_page_get_week_view (page), &from, &to);
  g_assert_cmpstr (from, <=, date);
  g_assert_cmpstr (date, <, to);
  return page;
}

/* ---- the tests --------------------------------------------------------------------------------- */

static gboolean
booking_confirmed_on_server (gpointer data)
{
  Fixture *fixture = ((gpointer *) data)[0];
  const char *path = ((gpointer *) data)[1];
  g_autoptr(JsonObject) answer = api (fixture, "GET", path, NULL, fixture->operator_token, 200);

  return g_strcmp0 (json_object_get_string_member (json_object_get_object_member (answer, "booking"), "status"),
                    "confirmed") == 0;
}

static void
test_book_and_confirm (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autofree char *expected_start = NULL, *day = NULL, *expected_day = NULL, *clock = NULL, *id = NULL;
  g_autofree char *path = NULL;
  g_autoptr(JsonArray) bookings = NULL;
  g_autoptr(PlzAccount) operator = NULL;
  PlzBookingDialog *dialog;
  PlzBookingsPage *bookings_page;
  PlzSchedulePage *schedule;
  JsonObject *booking;
  GtkWidget *time_button, *accept;
  gpointer wait[2];

  if (fixture->server == NULL)
    return;

  /* The consumer picks the first free day and its first time. */
  expected_start = first_free_start (fixture);
  dialog = open_dialog (fixture);
  day = show_first_free_day (dialog);
  expected_day = local_format (expected_start, "%Y-%m-%d");
  g_assert_cmpstr (day, ==, expected_day);
  g_assert_cmpuint (plz_booking_dialog_get_n_times (dialog), >, 0);
  time_button = first_time_button (dialog);
  clock = local_format (expected_start, "%H:%M");
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (time_button)), ==, clock);
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (time_button), TRUE);
  press_confirm (dialog);
  g_assert_true (plz_test_wait_until (dialog_done, dialog, WAIT_MS));
  g_assert_null (plz_booking_dialog_get_message (dialog));
  g_assert_nonnull (plz_test_find_labelled (GTK_WIDGET (dialog), GTK_TYPE_LABEL, "Booking Requested"));
  gtk_window_destroy (GTK_WINDOW (dialog));

  /* The server has it, waiting for the operator. */
  bookings = consumer_bookings (fixture);
  g_assert_cmpuint (json_array_get_length (bookings), ==, 1);
  booking = json_array_get_object_element (bookings, 0);
  id = g_strdup (json_object_get_string_member (booking, "id"));
  g_assert_cmpstr (json_object_get_string_member (booking, "status"), ==, "requested");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (booking, "service"), "id"), ==,
                   fixture->service_id);
  g_assert_cmpstr (json_object_get_string_member (booking, "start"), ==, expected_start);

  /* The consumer's Bookings page lists it as waiting for a reply. */
  bookings_page = show_bookings_page (fixture->consumer);
  assert_listed (bookings_page, id, "Awaiting Reply");

  /* The operator's week has it at its day and time, and among the requests. */
  operator = operator_account (fixture);
  schedule = show_schedule_page (operator, expected_start);
  wait_for_schedule (schedule, "requested", 1);
  assert_block_at (plz_schedule_page_get_week_view (schedule), id, expected_start, "Awaiting Reply");
  booking = plz_booking_row_get_booking (PLZ_BOOKING_ROW (gtk_list_box_get_row_at_index (
    plz_schedule_page_get_requests (schedule), 0)));
  g_assert_cmpstr (json_object_get_string_member (booking, "id"), ==, id);

  /* Accept. */
  accept = plz_booking_row_get_button (PLZ_BOOKING_ROW (gtk_list_box_get_row_at_index (
    plz_schedule_page_get_requests (schedule), 0)), "confirm");
  g_assert_nonnull (accept);
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (accept)), ==, "Accept");
  g_signal_emit_by_name (accept, "clicked");
  path = g_strdup_printf ("/api/v1/bookings/%s", id);
  wait[0] = fixture;
  wait[1] = path;
  g_assert_true (plz_test_wait_until (booking_confirmed_on_server, wait, WAIT_MS));

  /* The week shows it confirmed and no request is left. */
  wait_for_schedule (schedule, "confirmed", 0);
  assert_block_at (plz_schedule_page_get_week_view (schedule), id, expected_start, "Confirmed");

  /* The consumer's page, reloaded, says Confirmed. */
  plz_bookings_page_reload (bookings_page);
  g_assert_true (plz_test_wait_until (bookings_not_loading, bookings_page, WAIT_MS));
  plz_test_spin (200);
  assert_listed (bookings_page, id, "Confirmed");
}

/* Another consumer takes the chosen time first: the dialog says so, loads
 * the times again without it, and nothing is booked for this consumer. */
static void
test_slot_taken (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autofree char *expected_start = NULL, *day = NULL, *other = NULL, *body = NULL, *clock = NULL;
  g_autoptr(JsonObject) taken = NULL;
  g_autoptr(JsonArray) bookings = NULL;
  PlzBookingDialog *dialog;
  GtkWidget *time_button;
  guint n_times;

  if (fixture->server == NULL)
    return;

  expected_start = first_free_start (fixture);
  dialog = open_dialog (fixture);
  day = show_first_free_day (dialog);
  n_times = plz_booking_dialog_get_n_times (dialog);
  time_button = first_time_button (dialog);
  clock = local_format (expected_start, "%H:%M");
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (time_button)), ==, clock);
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (time_button), TRUE);

  other = plz_test_sign_up (fixture->server->url, "lindiwe@example.org", FALSE);
  body = g_strdup_printf ("{\"client_id\":\"b-other\",\"service_id\":\"%s\",\"start\":\"%s\",\"note\":\"\"}",
                          fixture->service_id, expected_start);
  taken = api (fixture, "POST", "/api/v1/bookings", body, other, 201);

  press_confirm (dialog);
  g_assert_true (plz_test_wait_until (dialog_says_something, dialog, WAIT_MS));
  g_assert_cmpstr (plz_booking_dialog_get_state (dialog), ==, "form");
  g_assert_nonnull (strstr (plz_booking_dialog_get_message (dialog), "Someone else just took this time"));
  /* The times came again from the server, without the taken one, and none is chosen. */
  g_assert_cmpuint (plz_booking_dialog_get_n_times (dialog), ==, n_times - 1);
  if (n_times > 1)
    g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (first_time_button (dialog))), !=, clock);
  g_assert_false (gtk_widget_get_sensitive (plz_test_find_labelled (GTK_WIDGET (dialog), GTK_TYPE_BUTTON,
                                                                    "Confirm Booking")));
  bookings = consumer_bookings (fixture);
  g_assert_cmpuint (json_array_get_length (bookings), ==, 0);
}

/* A weekly repeat books the whole series in one go: every visit shares one
 * series id, a week apart. */
static void
test_repeat_series (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autofree char *day = NULL;
  g_autoptr(JsonArray) after = NULL;
  PlzBookingDialog *dialog;
  GtkWidget *repeat;
  const char *series_id = NULL;
  gint64 previous = 0;

  if (fixture->server == NULL)
    return;

  dialog = open_dialog (fixture);
  day = show_first_free_day (dialog);
  repeat = plz_test_find_labelled (GTK_WIDGET (dialog), ADW_TYPE_COMBO_ROW, "Repeat");
  g_assert_nonnull (repeat);
  adw_combo_row_set_selected (ADW_COMBO_ROW (repeat), 1);
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (first_time_button (dialog)), TRUE);
  press_confirm (dialog);
  g_assert_true (plz_test_wait_until (dialog_done, dialog, WAIT_MS));

  after = consumer_bookings (fixture);
  g_assert_cmpuint (json_array_get_length (after), >=, 2);
  for (guint i = 0; i < json_array_get_length (after); i++)
    {
      JsonObject *booking = json_array_get_object_element (after, i);
      g_autoptr(GDateTime) start = g_date_time_new_from_iso8601 (json_object_get_string_member (booking, "start"), NULL);
      gint64 at = g_date_time_to_unix (start);

      g_assert_cmpstr (json_object_get_string_member (booking, "status"), ==, "requested");
      g_assert_false (json_object_get_null_member (booking, "series_id"));
      if (series_id == NULL)
        series_id = json_object_get_string_member (booking, "series_id");
      g_assert_cmpstr (json_object_get_string_member (booking, "series_id"), ==, series_id);
      /* Upcoming lists come soonest first; local 09:00 stays 09:00 a week on. */
      if (previous != 0)
        g_assert_cmpint (at - previous, ==, 7 * 24 * 3600);
      previous = at;
    }
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  if (!plz_test_init_gtk (&argc, &argv))
    return 0;

  g_test_add ("/booking-flow/book-and-confirm", Fixture, NULL, fixture_setup, test_book_and_confirm,
              fixture_teardown);
  g_test_add ("/booking-flow/slot-taken", Fixture, NULL, fixture_setup, test_slot_taken, fixture_teardown);
  g_test_add ("/booking-flow/repeat-series", Fixture, NULL, fixture_setup, test_repeat_series, fixture_teardown);
  return g_test_run ();
}
