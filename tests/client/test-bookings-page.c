/* test-bookings-page.c — My Bookings against fixture answers: upcoming then
 * past, the buttons each booking's "actions" allow, empty and error states,
 * and more bookings than a page */

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

/* A page of @n bookings "@prefix-@first"… an hour apart, going forward from
 * 1 Dec (upcoming) or back from 20 Nov (past), then @cursor. */
static char *
page_json (const char *prefix,
           guint       first,
           guint       n,
           gboolean    upcoming,
           const char *cursor)
{
  g_autoptr(GString) json = g_string_new ("{\"bookings\":[");
  g_autoptr(GDateTime) base = g_date_time_new_utc (2026, upcoming ? 12 : 11, upcoming ? 1 : 20, 8, 0, 0);

  for (guint i = first; i < first + n; i++)
    {
      g_autoptr(GDateTime) start = g_date_time_add_hours (base, upcoming ? (int) i : -(int) i);
      g_autoptr(GDateTime) end = g_date_time_add_hours (start, 1);
      g_autofree char *start_text = g_date_time_format_iso8601 (start);
      g_autofree char *end_text = g_date_time_format_iso8601 (end);

      g_string_append_printf (json,
                              "%s{\"id\":\"%s-%u\",\"status\":\"%s\","
                              "\"service\":{\"id\":\"sv-1\",\"name\":\"%s %u\",\"duration_minutes\":60},"
                              "\"listing\":null,\"consumer\":{\"id\":\"u-thandi\",\"display_name\":\"Thandi Nkosi\"},"
                              "\"operator\":{\"id\":\"u-sipho\",\"display_name\":\"Sipho Dlamini\"},"
                              "\"start\":\"%s\",\"end\":\"%s\",\"time_zone\":\"Africa/Johannesburg\","
                              "\"price\":{\"amount\":35000,\"currency\":\"ZAR\"},\"actions\":[%s]}",
                              i > first ? "," : "", prefix, i, upcoming ? "confirmed" : "completed",
                              upcoming ? "Clean" : "Past clean", i, start_text, end_text,
                              upcoming ? "\"cancel\"" : "");
    }
  if (cursor != NULL)
    g_string_append_printf (json, "],\"next_cursor\":\"%s\"}", cursor);
  else
    g_string_append (json, "],\"next_cursor\":null}");
  return g_string_free (g_steal_pointer (&json), FALSE);
}

static const char *
title_at (Fixture  *fixture,
          gboolean  upcoming,
          int       index)
{
  PlzBookingRow *row = row_at (fixture, upcoming, index);

  return row != NULL ? adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)) : NULL;
}

static gboolean
more_settled (gpointer data)
{
  return g_strcmp0 (plz_bookings_page_get_more_state (data), "loading") != 0;
}

static void
load_more (Fixture *fixture)
{
  gtk_widget_activate_action (GTK_WIDGET (fixture->page), "bookings.more", NULL);
  g_assert_true (plz_test_wait_until (more_settled, fixture->page, WAIT_MS));
}

/* 60 upcoming and 55 past bookings, 50 to a page: past ones wait until every
 * upcoming one is in; a failed page keeps what is shown and can be tried again. */
static void
test_more_pages (Fixture       *fixture,
                 gconstpointer  data)
{
  const char *path = "/api/v1/me/bookings";
  g_autofree char *upcoming1 = page_json ("up", 0, 50, TRUE, "u2");
  g_autofree char *upcoming2 = page_json ("up", 50, 10, TRUE, NULL);
  g_autofree char *past1 = page_json ("past", 0, 50, FALSE, "p2");
  g_autofree char *past2 = page_json ("past", 50, 5, FALSE, NULL);
  GtkWidget *button;

  plz_fixture_server_answer_query (fixture->server, "GET", path, "scope=upcoming", 200, upcoming1);
  plz_fixture_server_answer_query (fixture->server, "GET", path, "scope=upcoming&cursor=u2", 503,
                                   "{\"error\":{\"code\":\"unavailable\",\"message\":\"The server is busy\"}}");
  plz_fixture_server_answer_query (fixture->server, "GET", path, "scope=past", 200, past1);
  plz_fixture_server_answer_query (fixture->server, "GET", path, "scope=past&cursor=p2", 200, past2);
  show (fixture);
  g_assert_cmpstr (plz_bookings_page_get_state (fixture->page), ==, "list");
  g_assert_cmpstr (title_at (fixture, TRUE, 49), ==, "Clean 49");
  g_assert_null (row_at (fixture, TRUE, 50));
  /* The past page is in but held back: it would sit above upcoming bookings not yet loaded. */
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (plz_bookings_page_get_list (fixture->page, FALSE))));
  g_assert_cmpstr (plz_bookings_page_get_more_state (fixture->page), ==, "more");
  button = plz_test_find_labelled (GTK_WIDGET (fixture->page), GTK_TYPE_BUTTON, "Show More Bookings");
  g_assert_nonnull (button);
  g_assert_true (gtk_widget_get_visible (button));

  /* The next page fails: the 50 stay, the footer says why and offers another try. */
  load_more (fixture);
  g_assert_cmpstr (plz_bookings_page_get_more_state (fixture->page), ==, "error");
  g_assert_nonnull (plz_test_find_labelled (GTK_WIDGET (fixture->page), GTK_TYPE_LABEL, "The server is busy"));
  g_assert_nonnull (row_at (fixture, TRUE, 49));
  g_assert_null (row_at (fixture, TRUE, 50));
  g_assert_cmpstr (plz_fixture_server_last_query (fixture->server, "GET", path), ==,
                   "role=consumer&scope=upcoming&limit=50&cursor=u2");

  /* Tried again, the rest of the upcoming ones come, then the first past page. */
  plz_fixture_server_answer_query (fixture->server, "GET", path, "scope=upcoming&cursor=u2", 200, upcoming2);
  load_more (fixture);
  g_assert_cmpstr (title_at (fixture, TRUE, 50), ==, "Clean 50");
  g_assert_cmpstr (title_at (fixture, TRUE, 59), ==, "Clean 59");
  g_assert_null (row_at (fixture, TRUE, 60));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (plz_bookings_page_get_list (fixture->page, FALSE))));
  g_assert_cmpstr (title_at (fixture, FALSE, 0), ==, "Past clean 0");
  g_assert_null (row_at (fixture, FALSE, 50));
  g_assert_cmpstr (plz_bookings_page_get_more_state (fixture->page), ==, "more");

  load_more (fixture);
  g_assert_cmpstr (plz_fixture_server_last_query (fixture->server, "GET", path), ==,
                   "role=consumer&scope=past&limit=50&cursor=p2");
  g_assert_cmpstr (title_at (fixture, FALSE, 54), ==, "Past clean 54");
  g_assert_null (row_at (fixture, FALSE, 55));
  g_assert_cmpstr (plz_bookings_page_get_more_state (fixture->page), ==, "none");

  /* A quiet reload (after a cancel, a live event) keeps as many as were shown. */
  plz_bookings_page_reload (fixture->page);
  g_assert_true (plz_test_wait_until (not_loading, fixture->page, WAIT_MS));
  plz_test_spin (300);
  g_assert_true (g_str_has_suffix (plz_fixture_server_last_query (fixture->server, "GET", path), "&limit=60")
                 || g_str_has_suffix (plz_fixture_server_last_query (fixture->server, "GET", path), "&limit=55"));
}

static gboolean
second_page_in (gpointer data)
{
  return gtk_list_box_get_row_at_index (plz_bookings_page_get_list (data, TRUE), 52) != NULL
         && more_settled (data);
}

/* Scrolling to the end of the list asks for the next page by itself. */
static void
test_more_on_scroll (Fixture       *fixture,
                     gconstpointer  data)
{
  const char *path = "/api/v1/me/bookings";
  g_autofree char *upcoming1 = page_json ("up", 0, 50, TRUE, "u2");
  g_autofree char *upcoming2 = page_json ("up", 50, 3, TRUE, NULL);
  GtkScrolledWindow *scrolled;
  GtkAdjustment *adjustment;

  plz_fixture_server_answer_query (fixture->server, "GET", path, "scope=upcoming", 200, upcoming1);
  plz_fixture_server_answer_query (fixture->server, "GET", path, "scope=upcoming&cursor=u2", 200, upcoming2);
  plz_fixture_server_answer_query (fixture->server, "GET", path, "scope=past", 200, "{\"bookings\":[],\"next_cursor\":null}");
  show (fixture);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (fixture->window));
  scrolled = GTK_SCROLLED_WINDOW (gtk_widget_get_ancestor (GTK_WIDGET (plz_bookings_page_get_list (fixture->page, TRUE)),
                                                           GTK_TYPE_SCROLLED_WINDOW));
  adjustment = gtk_scrolled_window_get_vadjustment (scrolled);
  g_assert_cmpfloat (gtk_adjustment_get_upper (adjustment), >, gtk_adjustment_get_page_size (adjustment));
  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment));
  g_assert_true (plz_test_wait_until (second_page_in, fixture->page, WAIT_MS));
  g_assert_cmpstr (title_at (fixture, TRUE, 52), ==, "Clean 52");
  g_assert_cmpstr (plz_bookings_page_get_more_state (fixture->page), ==, "none");
  /* Nothing past: its heading stays away. */
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (plz_bookings_page_get_list (fixture->page, FALSE))));
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
  g_test_add ("/bookings-page/more-pages", Fixture, NULL, fixture_setup, test_more_pages, fixture_teardown);
  g_test_add ("/bookings-page/more-on-scroll", Fixture, NULL, fixture_setup, test_more_on_scroll, fixture_teardown);
  return g_test_run ();
}
