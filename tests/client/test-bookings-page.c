/* test-bookings-page.c — My Bookings against fixture answers: upcoming then
 * past, the buttons each booking's "actions" allow, empty and error states */

#include "config.h"

#include <adwaita.h>

#include "plz-booking-row.h"
#include "plz-bookings-page.h"
#include "plz-client-test.h"
#include "plz-fixture-server.h"

#define WAIT_MS 10000

typedef struct
{
  PlzFixtureServer *server;
  PlzAccount       *account;
  GtkWindow        *window;
  PlzBookingsPage  *page;
} Fixture;

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(JsonNode) user = json_from_string ("{\"id\":\"u-thandi\",\"display_name\":\"Thandi Nkosi\"}", NULL);

  fixture->server = plz_fixture_server_new ();
  fixture->account = plz_account_new (plz_fixture_server_get_url (fixture->server));
  plz_account_set_session (fixture->account, "test-token", json_node_get_object (user));
  plz_fixture_server_answer (fixture->server, "GET", "/api/v1/me/bookings", 200, "my-upcoming.json");
  fixture->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (fixture->window, 900, 640);
  fixture->page = PLZ_BOOKINGS_PAGE (plz_bookings_page_new ());
  gtk_window_set_child (fixture->window, GTK_WIDGET (fixture->page));
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  gtk_window_destroy (fixture->window);
  g_clear_object (&fixture->account);
  plz_fixture_server_free (fixture->server);
}

static gboolean
not_loading (gpointer data)
{
  return g_strcmp0 (plz_bookings_page_get_state (data), "loading") != 0;
}

/* The fixture server answers one path whatever the query, so the page's two
 * calls (upcoming, past) get the same answer unless a test waits between them. */
static void
show (Fixture *fixture)
{
  plz_bookings_page_set_account (fixture->page, fixture->account);
  gtk_window_present (fixture->window);
  g_assert_true (plz_test_wait_until (not_loading, fixture->page, WAIT_MS));
}

static PlzBookingRow *
row_at (Fixture  *fixture,
        gboolean  upcoming,
        int       index)
{
  GtkListBoxRow *row = gtk_list_box_get_row_at_index (plz_bookings_page_get_list (fixture->page, upcoming), index);

  return row != NULL ? PLZ_BOOKING_ROW (row) : NULL;
}

static void
test_list (Fixture       *fixture,
           gconstpointer  data)
{
  PlzBookingRow *confirmed, *requested;
  const char *query;

  show (fixture);
  g_assert_cmpstr (plz_bookings_page_get_state (fixture->page), ==, "list");
  g_assert_cmpuint (plz_fixture_server_count (fixture->server, "GET", "/api/v1/me/bookings"), ==, 2);
  query = plz_fixture_server_last_query (fixture->server, "GET", "/api/v1/me/bookings");
  g_assert_true (g_str_has_prefix (query, "role=consumer&scope="));

  confirmed = row_at (fixture, TRUE, 0);
  requested = row_at (fixture, TRUE, 1);
  g_assert_nonnull (confirmed);
  g_assert_nonnull (requested);
  g_assert_null (row_at (fixture, TRUE, 2));
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (confirmed)), ==, "Deep Clean");
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (confirmed)), "Mon 23 Nov, 09:00–10:00"));
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (confirmed)), "Sipho Dlamini"));

  /* Buttons only for what "actions" allows, and the calendar once confirmed. */
  g_assert_nonnull (plz_booking_row_get_button (confirmed, "cancel"));
  g_assert_nonnull (plz_booking_row_get_button (confirmed, "reschedule"));
  g_assert_nonnull (plz_booking_row_get_button (confirmed, "calendar"));
  g_assert_nonnull (plz_booking_row_get_button (requested, "cancel"));
  g_assert_null (plz_booking_row_get_button (requested, "reschedule"));
  g_assert_null (plz_booking_row_get_button (requested, "calendar"));
  g_assert_nonnull (plz_test_find_labelled (GTK_WIDGET (requested), GTK_TYPE_LABEL, "Awaiting Reply"));
  g_assert_nonnull (plz_test_find_labelled (GTK_WIDGET (confirmed), GTK_TYPE_LABEL, "Confirmed"));
}

/* Past bookings: status pills, no moves. */
static void
test_past (Fixture       *fixture,
           gconstpointer  data)
{
  PlzBookingRow *completed, *cancelled;

  plz_fixture_server_answer (fixture->server, "GET", "/api/v1/me/bookings", 200, "my-past.json");
  show (fixture);
  completed = row_at (fixture, FALSE, 0);
  cancelled = row_at (fixture, FALSE, 1);
  g_assert_nonnull (plz_test_find_labelled (GTK_WIDGET (completed), GTK_TYPE_LABEL, "Completed"));
  g_assert_nonnull (plz_test_find_labelled (GTK_WIDGET (cancelled), GTK_TYPE_LABEL, "Cancelled"));
  g_assert_null (plz_booking_row_get_button (completed, "cancel"));
  g_assert_null (plz_booking_row_get_button (completed, "calendar"));
  g_assert_null (plz_booking_row_get_button (cancelled, "reschedule"));
}

static void
test_empty_and_error (Fixture       *fixture,
                      gconstpointer  data)
{
  plz_fixture_server_answer (fixture->server, "GET", "/api/v1/me/bookings", 200,
                             "{\"bookings\":[],\"next_cursor\":null}");
  show (fixture);
  g_assert_cmpstr (plz_bookings_page_get_state (fixture->page), ==, "empty");

  plz_fixture_server_answer (fixture->server, "GET", "/api/v1/me/bookings", 503,
                             "{\"error\":{\"code\":\"unavailable\",\"message\":\"The server is busy\"}}");
  plz_bookings_page_reload (fixture->page);
  g_assert_true (plz_test_wait_until (not_loading, fixture->page, WAIT_MS));
  /* A quiet reload keeps the old state on screen until the answer. */
  plz_test_spin (200);
  g_assert_cmpstr (plz_bookings_page_get_state (fixture->page), ==, "error");
  g_assert_nonnull (plz_test_find_labelled (GTK_WIDGET (fixture->page), GTK_TYPE_LABEL, "The server is busy"));

  plz_fixture_server_answer (fixture->server, "GET", "/api/v1/me/bookings", 200, "my-upcoming.json");
  gtk_widget_activate_action (GTK_WIDGET (fixture->page), "bookings.reload", NULL);
  g_assert_true (plz_test_wait_until (not_loading, fixture->page, WAIT_MS));
  g_assert_cmpstr (plz_bookings_page_get_state (fixture->page), ==, "list");

  /* An answer without bookings is an error too, not an empty list. */
  plz_fixture_server_answer (fixture->server, "GET", "/api/v1/me/bookings", 200, "{\"items\":[]}");
  gtk_widget_activate_action (GTK_WIDGET (fixture->page), "bookings.reload", NULL);
  g_assert_true (plz_test_wait_until (not_loading, fixture->page, WAIT_MS));
  g_assert_cmpstr (plz_bookings_page_get_state (fixture->page), ==, "error");
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  if (!plz_test_init_gtk (&argc, &argv))
    return 0;

  g_test_add ("/bookings-page/list", Fixture, NULL, fixture_setup, test_list, fixture_teardown);
  g_test_add ("/bookings-page/past", Fixture, NULL, fixture_setup, test_past, fixture_teardown);
  g_test_add ("/bookings-page/empty-and-error", Fixture, NULL, fixture_setup, test_empty_and_error,
              fixture_teardown);
  return g_test_run ();
}
