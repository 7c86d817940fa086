/* test-availability-dialog.c — the availability editor against fixture
 * answers: loading, adding and removing, local checks that send nothing, the
 * server's field errors shown at the field, and what Save sends */

#include "config.h"

#include <adwaita.h>

#include "plz-availability-dialog.h"
#include "plz-client-test.h"
#include "plz-fixture-server.h"

#define WAIT_MS 10000

typedef struct
{
  PlzFixtureServer      *server;
  PlzAccount            *account;
  PlzAvailabilityDialog *dialog;
} Fixture;

static gboolean
not_loading (gpointer data)
{
  return g_strcmp0 (plz_availability_dialog_get_state (data), "loading") != 0;
}

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(JsonNode) user = json_from_string ("{\"id\":\"u-sipho\",\"display_name\":\"Sipho Dlamini\"}", NULL);

  fixture->server = plz_fixture_server_new ();
  fixture->account = plz_account_new (plz_fixture_server_get_url (fixture->server));
  plz_account_set_session (fixture->account, "test-token", json_node_get_object (user));
  plz_fixture_server_answer (fixture->server, "GET", "/api/v1/me/availability", 200, "availability.json");
  plz_fixture_server_answer (fixture->server, "PUT", "/api/v1/me/availability", 200, "availability.json");
  fixture->dialog = plz_availability_dialog_new (NULL, fixture->account);
  g_object_ref_sink (fixture->dialog);
  gtk_window_present (GTK_WINDOW (fixture->dialog));
  g_assert_true (plz_test_wait_until (not_loading, fixture->dialog, WAIT_MS));
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (fixture->dialog));
  g_object_unref (fixture->dialog);
  g_clear_object (&fixture->account);
  plz_fixture_server_free (fixture->server);
}

static void
save (Fixture *fixture,
      guint    expected_puts)
{
  gtk_widget_activate_action (GTK_WIDGET (fixture->dialog), "availability.save", NULL);
  for (guint i = 0; i < WAIT_MS / 10
                    && plz_fixture_server_count (fixture->server, "PUT", "/api/v1/me/availability") < expected_puts; i++)
    plz_test_spin (10);
  plz_test_spin (100);
  g_assert_cmpuint (plz_fixture_server_count (fixture->server, "PUT", "/api/v1/me/availability"), ==, expected_puts);
}

static void
set_text (Fixture    *fixture,
          gboolean    exception,
          guint       index,
          const char *member,
          const char *text)
{
  GtkWidget *entry = plz_availability_dialog_get_entry (fixture->dialog, exception, index, member);

  g_assert_nonnull (entry);
  gtk_editable_set_text (GTK_EDITABLE (entry), text);
}

/* What was loaded goes back unchanged, plus what was added. */
static void
test_round_trip (Fixture       *fixture,
                 gconstpointer  data)
{
  JsonObject *body, *rule, *exception;
  JsonArray *rules, *exceptions;

  g_assert_cmpstr (plz_availability_dialog_get_state (fixture->dialog), ==, "form");
  g_assert_cmpuint (plz_availability_dialog_get_n_periods (fixture->dialog), ==, 3);
  g_assert_cmpuint (plz_availability_dialog_get_n_exceptions (fixture->dialog), ==, 2);

  plz_availability_dialog_add_period (fixture->dialog, 3, "07:30", "11:00");
  gtk_widget_activate_action (GTK_WIDGET (fixture->dialog), "availability.add-closed", NULL);
  set_text (fixture, TRUE, 2, "date", "2027-01-01");
  save (fixture, 1);
  body = plz_fixture_server_last_body (fixture->server, "PUT", "/api/v1/me/availability");
  g_assert_cmpstr (json_object_get_string_member (body, "time_zone"), ==, "Africa/Johannesburg");
  g_assert_cmpint (json_object_get_int_member (body, "capacity"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (body, "min_notice_minutes"), ==, 120);
  g_assert_cmpint (json_object_get_int_member (body, "horizon_days"), ==, 60);
  g_assert_cmpint (json_object_get_int_member (body, "request_ttl_minutes"), ==, 1440);
  rules = json_object_get_array_member (body, "rules");
  g_assert_cmpuint (json_array_get_length (rules), ==, 4);
  rule = json_array_get_object_element (rules, 3);
  g_assert_cmpint (json_object_get_int_member (rule, "weekday"), ==, 3);
  g_assert_cmpstr (json_object_get_string_member (rule, "start"), ==, "07:30");
  g_assert_cmpstr (json_object_get_string_member (rule, "end"), ==, "11:00");
  exceptions = json_object_get_array_member (body, "exceptions");
  g_assert_cmpuint (json_array_get_length (exceptions), ==, 3);
  exception = json_array_get_object_element (exceptions, 1);
  g_assert_cmpstr (json_object_get_string_member (exception, "kind"), ==, "extra");
  g_assert_cmpstr (json_object_get_string_member (exception, "start"), ==, "09:00");
  exception = json_array_get_object_element (exceptions, 2);
  g_assert_cmpstr (json_object_get_string_member (exception, "date"), ==, "2027-01-01");
  g_assert_cmpstr (json_object_get_string_member (exception, "kind"), ==, "closed");
  g_assert_false (json_object_has_member (exception, "start"));
}

/* Bad times and dates are caught here: a message at the field, nothing sent. */
static void
test_local_checks (Fixture       *fixture,
                   gconstpointer  data)
{
  set_text (fixture, FALSE, 1, "end", "25:00");
  save (fixture, 0);
  g_assert_nonnull (plz_availability_dialog_get_message (fixture->dialog));
  g_assert_true (gtk_widget_has_css_class (plz_availability_dialog_get_entry (fixture->dialog, FALSE, 1, "end"), "error"));

  set_text (fixture, FALSE, 1, "end", "12:30");
  set_text (fixture, FALSE, 1, "start", "13:00");
  save (fixture, 0);
  g_assert_cmpstr (plz_availability_dialog_get_message (fixture->dialog), ==, "A period must end after it starts.");

  set_text (fixture, FALSE, 1, "start", "12:00");
  set_text (fixture, TRUE, 0, "date", "2026-02-30");
  save (fixture, 0);
  g_assert_true (gtk_widget_has_css_class (plz_availability_dialog_get_entry (fixture->dialog, TRUE, 0, "date"), "error"));
  g_assert_false (gtk_widget_has_css_class (plz_availability_dialog_get_entry (fixture->dialog, FALSE, 1, "end"), "error"));

  set_text (fixture, TRUE, 0, "date", "2026-12-25");
  save (fixture, 1);
}

/* The server names the field; the dialog marks that very entry and stays open. */
static void
test_server_field (Fixture       *fixture,
                   gconstpointer  data)
{
  plz_fixture_server_answer (fixture->server, "PUT", "/api/v1/me/availability", 400,
                             "{\"error\":{\"code\":\"invalid_input\",\"message\":\"Periods on the same day overlap\","
                             "\"field\":\"rules[1].start\"}}");
  set_text (fixture, FALSE, 1, "start", "11:00");
  save (fixture, 1);
  g_assert_cmpstr (plz_availability_dialog_get_message (fixture->dialog), ==, "Periods on the same day overlap");
  g_assert_true (gtk_widget_has_css_class (plz_availability_dialog_get_entry (fixture->dialog, FALSE, 1, "start"),
                                           "error"));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (fixture->dialog)));

  plz_fixture_server_answer (fixture->server, "PUT", "/api/v1/me/availability", 400,
                             "{\"error\":{\"code\":\"invalid_input\",\"message\":\"At most 20\","
                             "\"field\":\"capacity\"}}");
  save (fixture, 2);
  g_assert_cmpstr (plz_availability_dialog_get_message (fixture->dialog), ==, "At most 20");
}

static void
test_load_error (Fixture       *fixture,
                 gconstpointer  data)
{
  plz_fixture_server_answer (fixture->server, "GET", "/api/v1/me/availability", 403,
                             "{\"error\":{\"code\":\"forbidden\",\"message\":\"Only operators have hours\"}}");
  gtk_widget_activate_action (GTK_WIDGET (fixture->dialog), "availability.reload", NULL);
  g_assert_true (plz_test_wait_until (not_loading, fixture->dialog, WAIT_MS));
  g_assert_cmpstr (plz_availability_dialog_get_state (fixture->dialog), ==, "error");
  /* Nothing to save from an error page. */
  save (fixture, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  if (!plz_test_init_gtk (&argc, &argv))
    return 0;

  g_test_add ("/availability-dialog/round-trip", Fixture, NULL, fixture_setup, test_round_trip, fixture_teardown);
  g_test_add ("/availability-dialog/local-checks", Fixture, NULL, fixture_setup, test_local_checks, fixture_teardown);
  g_test_add ("/availability-dialog/server-field", Fixture, NULL, fixture_setup, test_server_field, fixture_teardown);
  g_test_add ("/availability-dialog/load-error", Fixture, NULL, fixture_setup, test_load_error, fixture_teardown);
  return g_test_run ();
}
