/* test-schedule-page.c — the operator's Schedule against fixture answers: the
 * week, requests and their answers, live offers counting down, the booking
 * sheet's moves and customer history, and the error state */

#include "config.h"

#include <adwaita.h>

#include "plz-booking-row.h"
#include "plz-booking-sheet.h"
#include "plz-client-test.h"
#include "plz-dispatch-offer.h"
#include "plz-fixture-server.h"
#include "plz-schedule-page.h"
#include "plz-time.h"

#define WAIT_MS 10000

typedef struct
{
  PlzFixtureServer *server;
  PlzAccount       *account;
  GtkWindow        *window;
  PlzSchedulePage  *page;
} Fixture;

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(JsonNode) user = json_from_string ("{\"id\":\"u-sipho\",\"display_name\":\"Sipho Dlamini\","
                                               "\"timezone\":\"Africa/Johannesburg\"}", NULL);

  fixture->server = plz_fixture_server_new ();
  fixture->account = plz_account_new (plz_fixture_server_get_url (fixture->server));
  plz_account_set_session (fixture->account, "test-token", json_node_get_object (user));
  plz_fixture_server_answer (fixture->server, "GET", "/api/v1/me/schedule", 200, "schedule.json");
  plz_fixture_server_answer (fixture->server, "GET", "/api/v1/me/bookings", 200, "operator-upcoming.json");
  plz_fixture_server_answer (fixture->server, "GET", "/api/v1/me/dispatch/offers", 200, "{\"offers\":[]}");
  plz_fixture_server_answer (fixture->server, "GET", "/api/v1/me/customers/u-thandi/bookings", 200,
                             "customer-history.json");
  fixture->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (fixture->window, 1100, 720);
  fixture->page = PLZ_SCHEDULE_PAGE (plz_schedule_page_new ());
  gtk_window_set_child (fixture->window, GTK_WIDGET (fixture->page));
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  GtkWindow *sheet = plz_schedule_page_get_sheet (fixture->page);

  if (sheet != NULL)
    gtk_window_destroy (sheet);
  gtk_window_destroy (fixture->window);
  g_clear_object (&fixture->account);
  plz_fixture_server_free (fixture->server);
}

static gboolean
not_loading (gpointer data)
{
  return g_strcmp0 (plz_schedule_page_get_state (data), "loading") != 0;
}

static void
show (Fixture *fixture)
{
  plz_schedule_page_set_account (fixture->page, fixture->account);
  plz_week_view_set_week (plz_schedule_page_get_week_view (fixture->page), "2026-11-23", NULL);
  gtk_window_present (fixture->window);
  g_assert_true (plz_test_wait_until (not_loading, fixture->page, WAIT_MS));
  plz_test_spin (100);
}

static guint
count_children (GtkWidget *widget)
{
  guint n = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    n += gtk_widget_get_visible (child);
  return n;
}

static void
wait_for_posts (Fixture    *fixture,
                const char *path,
                guint       n)
{
  for (guint i = 0; i < WAIT_MS / 10 && plz_fixture_server_count (fixture->server, "POST", path) < n; i++)
    plz_test_spin (10);
  g_assert_cmpuint (plz_fixture_server_count (fixture->server, "POST", path), ==, n);
}

/* The week as the server sent it, and one request to answer. */
static void
test_week_and_requests (Fixture       *fixture,
                        gconstpointer  data)
{
  PlzWeekView *view = plz_schedule_page_get_week_view (fixture->page);
  GtkListBox *requests = plz_schedule_page_get_requests (fixture->page);
  PlzBookingRow *row;
  JsonObject *body;
  guint loads;

  show (fixture);
  g_assert_cmpstr (plz_schedule_page_get_state (fixture->page), ==, "week");
  g_assert_cmpstr (plz_fixture_server_last_query (fixture->server, "GET", "/api/v1/me/schedule"), ==,
                   "from=2026-11-23&to=2026-11-30");
  g_assert_cmpuint (plz_week_view_get_n_blocks (view), ==, 6);
  g_assert_nonnull (plz_test_find_labelled (GTK_WIDGET (fixture->page), GTK_TYPE_LABEL, "23 – 29 November 2026"));
  g_assert_nonnull (plz_test_find_labelled (GTK_WIDGET (fixture->page), GTK_TYPE_LABEL, "6 bookings"));

  /* Only the requested booking is a request. */
  g_assert_cmpuint (count_children (GTK_WIDGET (requests)), ==, 1);
  row = PLZ_BOOKING_ROW (gtk_list_box_get_row_at_index (requests, 0));
  g_assert_cmpstr (json_object_get_string_member (plz_booking_row_get_booking (row), "id"), ==, "bk-2");
  g_assert_nonnull (plz_booking_row_get_button (row, "confirm"));
  g_assert_nonnull (plz_booking_row_get_button (row, "decline"));

  plz_fixture_server_answer (fixture->server, "POST", "/api/v1/bookings/bk-2/actions", 200, "booking-created.json");
  loads = plz_fixture_server_count (fixture->server, "GET", "/api/v1/me/schedule");
  gtk_widget_activate_action (GTK_WIDGET (fixture->page), "schedule.act", "(ss)", "bk-2", "confirm");
  wait_for_posts (fixture, "/api/v1/bookings/bk-2/actions", 1);
  body = plz_fixture_server_last_body (fixture->server, "POST", "/api/v1/bookings/bk-2/actions");
  g_assert_cmpstr (json_object_get_string_member (body, "action"), ==, "confirm");
  /* The page fetches the week again after an answer. */
  for (guint i = 0; i < 100 && plz_fixture_server_count (fixture->server, "GET", "/api/v1/me/schedule") == loads; i++)
    plz_test_spin (10);
  g_assert_cmpuint (plz_fixture_server_count (fixture->server, "GET", "/api/v1/me/schedule"), >, loads);

  /* Next week asks for its own range. */
  gtk_widget_activate_action (GTK_WIDGET (fixture->page), "schedule.next-week", NULL);
  plz_test_spin (200);
  g_assert_cmpstr (plz_fixture_server_last_query (fixture->server, "GET", "/api/v1/me/schedule"), ==,
                   "from=2026-11-30&to=2026-12-07");
}

/* An offer counts down to its deadline, then can no longer be accepted; a live
 * "dispatch.offer" event adds one, once. */
static void
test_offers (Fixture       *fixture,
             gconstpointer  data)
{
  g_autofree char *deadline = plz_time_format_rfc3339 (plz_time_now_us () + 30 * G_USEC_PER_SEC);
  g_autofree char *offers = g_strdup_printf ("{\"offers\":[{\"id\":\"of-1\",\"request_id\":\"rq-1\",\"deadline\":\"%s\","
                                             "\"score\":0.82,\"reason\":\"closest with matching expertise\","
                                             "\"distance_km\":3.1,\"tags\":[\"plumbing\"],\"note\":\"Burst pipe\","
                                             "\"lat\":-26.2,\"lng\":28.04}]}", deadline);
  g_autoptr(JsonNode) event = NULL;
  GtkBox *box = plz_schedule_page_get_offers (fixture->page);
  PlzDispatchOffer *offer;

  plz_fixture_server_answer (fixture->server, "GET", "/api/v1/me/dispatch/offers", 200, offers);
  show (fixture);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (box)));
  g_assert_cmpuint (count_children (GTK_WIDGET (box)), ==, 1);
  offer = PLZ_DISPATCH_OFFER (gtk_widget_get_first_child (GTK_WIDGET (box)));
  g_assert_cmpint (plz_dispatch_offer_get_seconds_left (offer), <=, 30);
  g_assert_cmpint (plz_dispatch_offer_get_seconds_left (offer), >=, 28);
  g_assert_nonnull (strstr (plz_dispatch_offer_get_countdown (offer), "seconds left"));
  g_assert_nonnull (plz_test_find_labelled (GTK_WIDGET (offer), GTK_TYPE_LABEL,
                                            "Why you: closest with matching expertise"));

  /* Accept goes to the offer's route. */
  plz_fixture_server_answer (fixture->server, "POST", "/api/v1/dispatch/offers/of-1/accept", 409,
                             "{\"error\":{\"code\":\"offer_expired\",\"message\":\"This offer has expired\"}}");
  gtk_widget_activate_action (GTK_WIDGET (fixture->page), "schedule.offer", "(ss)", "of-1", "accept");
  wait_for_posts (fixture, "/api/v1/dispatch/offers/of-1/accept", 1);

  /* Past the deadline: expired, buttons off, and Accept does nothing. */
  plz_time_shift (31 * G_USEC_PER_SEC);
  plz_test_spin (200);
  offer = PLZ_DISPATCH_OFFER (gtk_widget_get_first_child (GTK_WIDGET (box)));
  plz_dispatch_offer_tick (offer);
  g_assert_cmpint (plz_dispatch_offer_get_seconds_left (offer), ==, 0);
  g_assert_true (g_str_has_prefix (plz_dispatch_offer_get_countdown (offer), "Expired"));
  g_assert_false (gtk_widget_get_sensitive (plz_test_find_labelled (GTK_WIDGET (offer), GTK_TYPE_BUTTON, "Accept Job")));
  gtk_widget_activate_action (GTK_WIDGET (fixture->page), "schedule.offer", "(ss)", "of-1", "accept");
  plz_test_spin (100);
  g_assert_cmpuint (plz_fixture_server_count (fixture->server, "POST", "/api/v1/dispatch/offers/of-1/accept"), ==, 1);
  plz_time_shift (-31 * G_USEC_PER_SEC);

  g_free (deadline);
  deadline = plz_time_format_rfc3339 (plz_time_now_us () + 60 * G_USEC_PER_SEC);
  g_free (offers);
  offers = g_strdup_printf ("{\"offer\":{\"id\":\"of-2\",\"request_id\":\"rq-2\",\"deadline\":\"%s\",\"score\":0.7,"
                            "\"reason\":\"free now\",\"distance_km\":8,\"tags\":[\"gardening\"],\"note\":\"\"}}",
                            deadline);
  event = json_from_string (offers, NULL);
  plz_schedule_page_apply_event (fixture->page, "dispatch.offer", json_node_get_object (event));
  plz_schedule_page_apply_event (fixture->page, "dispatch.offer", json_node_get_object (event));
  plz_schedule_page_apply_event (fixture->page, "dispatch.offer", NULL);
  g_assert_cmpuint (count_children (GTK_WIDGET (box)), ==, 2);
}

static gboolean
history_loaded (gpointer data)
{
  return g_strcmp0 (plz_booking_sheet_get_history_state (data), "loading") != 0;
}

/* A click on a block opens the sheet: only the moves "actions" allows, the
 * customer's other bookings, and a move's answer. */
static void
test_sheet (Fixture       *fixture,
            gconstpointer  data)
{
  PlzWeekView *view = plz_schedule_page_get_week_view (fixture->page);
  PlzBookingSheet *sheet;
  JsonObject *body;

  show (fixture);
  g_signal_emit_by_name (plz_week_view_get_block_widget (view, 0), "clicked");
  sheet = PLZ_BOOKING_SHEET (plz_schedule_page_get_sheet (fixture->page));
  g_assert_nonnull (sheet);
  g_assert_cmpstr (json_object_get_string_member (plz_booking_sheet_get_booking (sheet), "id"), ==, "bk-1");
  g_assert_nonnull (plz_booking_sheet_get_button (sheet, "prepare"));
  g_assert_nonnull (plz_booking_sheet_get_button (sheet, "cancel"));
  g_assert_nonnull (plz_booking_sheet_get_button (sheet, "no_show"));
  g_assert_null (plz_booking_sheet_get_button (sheet, "confirm"));
  g_assert_nonnull (plz_test_find_labelled (GTK_WIDGET (sheet), GTK_TYPE_LABEL, "Two dogs, please close the gate."));
  g_assert_true (plz_test_wait_until (history_loaded, sheet, WAIT_MS));
  g_assert_cmpstr (plz_booking_sheet_get_history_state (sheet), ==, "list");

  /* Refused: the server's words, the buttons stay. */
  plz_fixture_server_answer (fixture->server, "POST", "/api/v1/bookings/bk-1/actions", 409,
                             "{\"error\":{\"code\":\"invalid_transition\",\"message\":\"This booking has moved on\"}}");
  gtk_widget_activate_action (GTK_WIDGET (sheet), "sheet.act", "s", "prepare");
  wait_for_posts (fixture, "/api/v1/bookings/bk-1/actions", 1);
  plz_test_spin (100);
  body = plz_fixture_server_last_body (fixture->server, "POST", "/api/v1/bookings/bk-1/actions");
  g_assert_cmpstr (json_object_get_string_member (body, "action"), ==, "prepare");
  g_assert_nonnull (plz_test_find_labelled (GTK_WIDGET (sheet), GTK_TYPE_LABEL, "This booking has moved on"));
  g_assert_nonnull (plz_booking_sheet_get_button (sheet, "prepare"));

  /* Accepted: the sheet shows the booking as the server now has it. */
  plz_fixture_server_answer (fixture->server, "POST", "/api/v1/bookings/bk-1/actions", 200, "booking-created.json");
  gtk_widget_activate_action (GTK_WIDGET (sheet), "sheet.act", "s", "prepare");
  wait_for_posts (fixture, "/api/v1/bookings/bk-1/actions", 2);
  plz_test_spin (100);
  g_assert_cmpstr (json_object_get_string_member (plz_booking_sheet_get_booking (sheet), "id"), ==, "bk-9");
  g_assert_null (plz_booking_sheet_get_button (sheet, "prepare"));
  g_assert_nonnull (plz_booking_sheet_get_button (sheet, "cancel"));
}

static void
test_error (Fixture       *fixture,
            gconstpointer  data)
{
  plz_fixture_server_answer (fixture->server, "GET", "/api/v1/me/schedule", 403,
                             "{\"error\":{\"code\":\"forbidden\",\"message\":\"Only operators have a schedule\"}}");
  show (fixture);
  g_assert_cmpstr (plz_schedule_page_get_state (fixture->page), ==, "error");
  g_assert_nonnull (plz_test_find_labelled (GTK_WIDGET (fixture->page), GTK_TYPE_LABEL,
                                            "Only operators have a schedule"));
  plz_fixture_server_answer (fixture->server, "GET", "/api/v1/me/schedule", 200, "schedule.json");
  gtk_widget_activate_action (GTK_WIDGET (fixture->page), "schedule.reload", NULL);
  g_assert_true (plz_test_wait_until (not_loading, fixture->page, WAIT_MS));
  g_assert_cmpstr (plz_schedule_page_get_state (fixture->page), ==, "week");
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  if (!plz_test_init_gtk (&argc, &argv))
    return 0;

  g_test_add ("/schedule-page/week-and-requests", Fixture, NULL, fixture_setup, test_week_and_requests,
              fixture_teardown);
  g_test_add ("/schedule-page/offers", Fixture, NULL, fixture_setup, test_offers, fixture_teardown);
  g_test_add ("/schedule-page/sheet", Fixture, NULL, fixture_setup, test_sheet, fixture_teardown);
  g_test_add ("/schedule-page/error", Fixture, NULL, fixture_setup, test_error, fixture_teardown);
  return g_test_run ();
}
