/* test-booking-dialog.c — the consumer's booking dialog against fixture answers
 * in the shape of the bookings wire contract: states, the calendar of free
 * days, what Confirm sends, refusals, retries and rescheduling */

#include "config.h"

#include <adwaita.h>

#include "plz-booking-dialog.h"
#include "plz-client-test.h"
#include "plz-fixture-server.h"

#define WAIT_MS 10000

typedef struct
{
  PlzFixtureServer *server;
  PlzAccount       *account;
  PlzBookingDialog *dialog;
} Fixture;

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(JsonNode) user = json_from_string ("{\"id\":\"u-thandi\",\"display_name\":\"Thandi Nkosi\","
                                               "\"roles\":[\"consumer\"]}", NULL);

  fixture->server = plz_fixture_server_new ();
  fixture->account = plz_account_new (plz_fixture_server_get_url (fixture->server));
  plz_account_set_session (fixture->account, "test-token", json_node_get_object (user));
  plz_fixture_server_answer (fixture->server, "GET", "/api/v1/listings/l-1/services", 200, "services.json");
  plz_fixture_server_answer (fixture->server, "GET", "/api/v1/services/sv-1/slots", 200, "slots.json");
  plz_fixture_server_answer (fixture->server, "POST", "/api/v1/bookings", 201, "booking-created.json");
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  if (fixture->dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (fixture->dialog));
  g_clear_object (&fixture->account);
  plz_fixture_server_free (fixture->server);
}

static gboolean
not_loading (gpointer data)
{
  const char *state = plz_booking_dialog_get_state (data);

  return g_strcmp0 (state, "loading") != 0;
}

static gboolean
times_loaded (gpointer data)
{
  return !plz_booking_dialog_get_times_loading (data);
}

static void
open_dialog (Fixture *fixture)
{
  fixture->dialog = plz_booking_dialog_new (NULL, fixture->account, "l-1");
  gtk_window_present (GTK_WINDOW (fixture->dialog));
  g_assert_true (plz_test_wait_until (not_loading, fixture->dialog, WAIT_MS));
}

/* Shows 24 November 2026 with its times loaded. */
static void
show_day (Fixture    *fixture,
          const char *date)
{
  g_assert_true (plz_booking_dialog_select_day (fixture->dialog, date));
  g_assert_true (plz_test_wait_until (times_loaded, fixture->dialog, WAIT_MS));
}

/* Whether the Confirm button can be pressed (its action is enabled). */
static gboolean
confirm_enabled (Fixture *fixture)
{
  GtkWidget *button = plz_test_find_labelled (GTK_WIDGET (fixture->dialog), GTK_TYPE_BUTTON, "Confirm Booking");

  g_assert_nonnull (button);
  return gtk_widget_get_sensitive (button);
}

static void
confirm (Fixture *fixture,
         guint    expected_posts)
{
  gtk_widget_activate_action (GTK_WIDGET (fixture->dialog), "booking.confirm", NULL);
  for (guint i = 0; i < WAIT_MS / 10 && plz_fixture_server_count (fixture->server, "POST", "/api/v1/bookings")
                                        + plz_fixture_server_count (fixture->server, "POST",
                                                                    "/api/v1/bookings/bk-1/reschedule")
                                        < expected_posts; i++)
    plz_test_spin (10);
  plz_test_spin (100);
}

/* The marked days, the day's times, and what Confirm sends. */
static void
test_books (Fixture       *fixture,
            gconstpointer  data)
{
  JsonObject *body;
  const char *query;

  open_dialog (fixture);
  g_assert_cmpstr (plz_booking_dialog_get_state (fixture->dialog), ==, "form");
  show_day (fixture, "2026-11-24");
  query = plz_fixture_server_last_query (fixture->server, "GET", "/api/v1/services/sv-1/slots");
  g_assert_cmpstr (query, ==, "from=2026-11-01&to=2026-12-01");

  /* Days in Johannesburg: 24, 26, and 28 (22:30Z on the 27th is 00:30 on the 28th). */
  g_assert_true (plz_booking_dialog_get_day_marked (fixture->dialog, 24));
  g_assert_true (plz_booking_dialog_get_day_marked (fixture->dialog, 26));
  g_assert_true (plz_booking_dialog_get_day_marked (fixture->dialog, 28));
  g_assert_false (plz_booking_dialog_get_day_marked (fixture->dialog, 25));
  g_assert_false (plz_booking_dialog_get_day_marked (fixture->dialog, 27));
  g_assert_cmpuint (plz_booking_dialog_get_n_times (fixture->dialog), ==, 3);

  /* Nothing to confirm before a time is chosen. */
  g_assert_false (confirm_enabled (fixture));
  g_assert_cmpuint (plz_fixture_server_count (fixture->server, "POST", "/api/v1/bookings"), ==, 0);

  g_assert_true (plz_booking_dialog_choose_time (fixture->dialog, 1));
  g_assert_false (plz_booking_dialog_choose_time (fixture->dialog, 3));
  confirm (fixture, 1);
  g_assert_cmpstr (plz_booking_dialog_get_state (fixture->dialog), ==, "done");
  body = plz_fixture_server_last_body (fixture->server, "POST", "/api/v1/bookings");
  g_assert_nonnull (body);
  g_assert_true (g_str_has_prefix (json_object_get_string_member (body, "client_id"), "b-"));
  g_assert_cmpstr (json_object_get_string_member (body, "service_id"), ==, "sv-1");
  g_assert_cmpstr (json_object_get_string_member (body, "start"), ==, "2026-11-24T08:30:00Z");
  g_assert_cmpstr (json_object_get_string_member (body, "note"), ==, "");
  g_assert_false (json_object_has_member (body, "recurrence"));

  /* Another day with no times says so and offers none. */
  show_day (fixture, "2026-11-25");
  g_assert_cmpuint (plz_booking_dialog_get_n_times (fixture->dialog), ==, 0);
}

/* Someone else took the time: say so, refresh the times, and the next try is a
 * new request (a new client id); an answer Plaza cannot read keeps the id so
 * that Confirm again gets the server's first answer. */
static void
test_refusals (Fixture       *fixture,
               gconstpointer  data)
{
  g_autofree char *first_id = NULL;
  guint slot_loads;

  plz_fixture_server_answer (fixture->server, "POST", "/api/v1/bookings", 409,
                             "{\"error\":{\"code\":\"slot_unavailable\",\"message\":\"That time is taken\"}}");
  open_dialog (fixture);
  show_day (fixture, "2026-11-24");
  slot_loads = plz_fixture_server_count (fixture->server, "GET", "/api/v1/services/sv-1/slots");
  plz_booking_dialog_choose_time (fixture->dialog, 0);
  confirm (fixture, 1);
  g_assert_true (plz_test_wait_until (times_loaded, fixture->dialog, WAIT_MS));
  g_assert_cmpstr (plz_booking_dialog_get_state (fixture->dialog), ==, "form");
  g_assert_nonnull (strstr (plz_booking_dialog_get_message (fixture->dialog), "Someone else just took this time"));
  g_assert_cmpuint (plz_fixture_server_count (fixture->server, "GET", "/api/v1/services/sv-1/slots"), ==, slot_loads + 1);
  first_id = g_strdup (json_object_get_string_member (
    plz_fixture_server_last_body (fixture->server, "POST", "/api/v1/bookings"), "client_id"));
  /* The chosen time is gone with the refusal. */
  g_assert_false (confirm_enabled (fixture));
  g_assert_cmpuint (plz_fixture_server_count (fixture->server, "POST", "/api/v1/bookings"), ==, 1);

  /* Too soon: the server's own words. */
  plz_fixture_server_answer (fixture->server, "POST", "/api/v1/bookings", 409,
                             "{\"error\":{\"code\":\"too_soon\",\"message\":\"Book at least 2 hours ahead\"}}");
  plz_booking_dialog_choose_time (fixture->dialog, 2);
  confirm (fixture, 2);
  g_assert_cmpstr (plz_booking_dialog_get_message (fixture->dialog), ==, "Book at least 2 hours ahead");
  g_assert_cmpstr (json_object_get_string_member (plz_fixture_server_last_body (fixture->server, "POST",
                                                                                "/api/v1/bookings"), "client_id"),
                   !=, first_id);

  /* An answer that is no booking: the same request again, same id. */
  plz_fixture_server_answer (fixture->server, "POST", "/api/v1/bookings", 200, "{}");
  plz_booking_dialog_choose_time (fixture->dialog, 1);
  confirm (fixture, 3);
  g_assert_nonnull (plz_booking_dialog_get_message (fixture->dialog));
  g_clear_pointer (&first_id, g_free);
  first_id = g_strdup (json_object_get_string_member (
    plz_fixture_server_last_body (fixture->server, "POST", "/api/v1/bookings"), "client_id"));
  plz_fixture_server_answer (fixture->server, "POST", "/api/v1/bookings", 200, "booking-created.json");
  confirm (fixture, 4);
  g_assert_cmpstr (json_object_get_string_member (plz_fixture_server_last_body (fixture->server, "POST",
                                                                                "/api/v1/bookings"), "client_id"),
                   ==, first_id);
  g_assert_cmpstr (plz_booking_dialog_get_state (fixture->dialog), ==, "done");
}

/* No services: the empty state; a server error: the error state, then Try Again. */
static void
test_states (Fixture       *fixture,
             gconstpointer  data)
{
  plz_fixture_server_answer (fixture->server, "GET", "/api/v1/listings/l-1/services", 200, "{\"services\":[]}");
  open_dialog (fixture);
  g_assert_cmpstr (plz_booking_dialog_get_state (fixture->dialog), ==, "empty");
  gtk_window_destroy (GTK_WINDOW (fixture->dialog));

  plz_fixture_server_answer (fixture->server, "GET", "/api/v1/listings/l-1/services", 404,
                             "{\"error\":{\"code\":\"not_found\",\"message\":\"This listing is gone\"}}");
  open_dialog (fixture);
  g_assert_cmpstr (plz_booking_dialog_get_state (fixture->dialog), ==, "error");
  plz_fixture_server_answer (fixture->server, "GET", "/api/v1/listings/l-1/services", 200, "services.json");
  gtk_widget_activate_action (GTK_WIDGET (fixture->dialog), "booking.reload", NULL);
  g_assert_true (plz_test_wait_until (not_loading, fixture->dialog, WAIT_MS));
  g_assert_cmpstr (plz_booking_dialog_get_state (fixture->dialog), ==, "form");

  /* Free times that cannot be loaded: said on the day, nothing to pick. */
  plz_fixture_server_answer (fixture->server, "GET", "/api/v1/services/sv-1/slots", 500,
                             "{\"error\":{\"code\":\"internal_error\",\"message\":\"Broken\"}}");
  show_day (fixture, "2027-01-12");
  g_assert_cmpuint (plz_booking_dialog_get_n_times (fixture->dialog), ==, 0);
  g_assert_nonnull (plz_booking_dialog_get_message (fixture->dialog));
  g_assert_false (plz_booking_dialog_select_day (fixture->dialog, "2027-02-30"));
}

/* A repeat goes out as the contract's recurrence. */
static void
test_repeat (Fixture       *fixture,
             gconstpointer  data)
{
  JsonObject *body, *recurrence;
  GtkWidget *repeat;

  open_dialog (fixture);
  show_day (fixture, "2026-11-26");
  g_assert_cmpuint (plz_booking_dialog_get_n_times (fixture->dialog), ==, 2);
  repeat = plz_test_find_labelled (GTK_WIDGET (fixture->dialog), ADW_TYPE_COMBO_ROW, "Repeat");
  g_assert_nonnull (repeat);
  adw_combo_row_set_selected (ADW_COMBO_ROW (repeat), 2);
  plz_booking_dialog_choose_time (fixture->dialog, 0);
  confirm (fixture, 1);
  body = plz_fixture_server_last_body (fixture->server, "POST", "/api/v1/bookings");
  recurrence = json_object_get_object_member (body, "recurrence");
  g_assert_cmpstr (json_object_get_string_member (recurrence, "frequency"), ==, "biweekly");
  g_assert_cmpint (json_object_get_int_member (recurrence, "count"), ==, 4);
}

/* Rescheduling posts only the new start to the booking's reschedule route. */
static void
test_reschedule (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(JsonObject) upcoming = plz_fixture_load ("my-upcoming.json");
  JsonObject *booking = json_array_get_object_element (json_object_get_array_member (upcoming, "bookings"), 0);
  JsonObject *body;

  plz_fixture_server_answer (fixture->server, "POST", "/api/v1/bookings/bk-1/reschedule", 200,
                             "booking-created.json");
  fixture->dialog = plz_booking_dialog_new_reschedule (NULL, fixture->account, booking);
  gtk_window_present (GTK_WINDOW (fixture->dialog));
  g_assert_true (plz_test_wait_until (not_loading, fixture->dialog, WAIT_MS));
  g_assert_cmpstr (plz_booking_dialog_get_state (fixture->dialog), ==, "form");
  /* No services to fetch: the booking's own. */
  g_assert_cmpuint (plz_fixture_server_count (fixture->server, "GET", "/api/v1/listings/l-1/services"), ==, 0);
  show_day (fixture, "2026-11-24");
  plz_booking_dialog_choose_time (fixture->dialog, 2);
  confirm (fixture, 1);
  body = plz_fixture_server_last_body (fixture->server, "POST", "/api/v1/bookings/bk-1/reschedule");
  g_assert_nonnull (body);
  g_assert_cmpstr (json_object_get_string_member (body, "start"), ==, "2026-11-24T11:00:00Z");
  g_assert_false (json_object_has_member (body, "client_id"));
  g_assert_cmpstr (plz_booking_dialog_get_state (fixture->dialog), ==, "done");
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  if (!plz_test_init_gtk (&argc, &argv))
    return 0;

  g_test_add ("/booking-dialog/books", Fixture, NULL, fixture_setup, test_books, fixture_teardown);
  g_test_add ("/booking-dialog/refusals", Fixture, NULL, fixture_setup, test_refusals, fixture_teardown);
  g_test_add ("/booking-dialog/states", Fixture, NULL, fixture_setup, test_states, fixture_teardown);
  g_test_add ("/booking-dialog/repeat", Fixture, NULL, fixture_setup, test_repeat, fixture_teardown);
  g_test_add ("/booking-dialog/reschedule", Fixture, NULL, fixture_setup, test_reschedule, fixture_teardown);
  return g_test_run ();
}
