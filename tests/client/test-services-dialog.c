/* test-services-dialog.c — the services editor against fixture answers: the
 * list, a new service's JSON, a change, stopping one, and refused input */

#include "config.h"

#include <adwaita.h>

#include "plz-client-test.h"
#include "plz-fixture-server.h"
#include "plz-services-dialog.h"

#define WAIT_MS 10000

typedef struct
{
  PlzFixtureServer  *server;
  PlzAccount        *account;
  PlzServicesDialog *dialog;
} Fixture;

static gboolean
not_loading (gpointer data)
{
  return g_strcmp0 (plz_services_dialog_get_state (data), "loading") != 0;
}

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(JsonNode) user = json_from_string ("{\"id\":\"u-sipho\",\"display_name\":\"Sipho Dlamini\"}", NULL);

  fixture->server = plz_fixture_server_new ();
  fixture->account = plz_account_new (plz_fixture_server_get_url (fixture->server));
  plz_account_set_session (fixture->account, "test-token", json_node_get_object (user));
  plz_fixture_server_answer (fixture->server, "GET", "/api/v1/me/services", 200, "my-services.json");
  fixture->dialog = plz_services_dialog_new (NULL, fixture->account);
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
set_text (Fixture    *fixture,
          const char *field,
          const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (plz_services_dialog_get_field (fixture->dialog, field)), text);
}

static void
send (Fixture    *fixture,
      const char *action,
      const char *method,
      const char *path,
      guint       expected)
{
  gtk_widget_activate_action (GTK_WIDGET (fixture->dialog), action, NULL);
  for (guint i = 0; i < WAIT_MS / 10 && plz_fixture_server_count (fixture->server, method, path) < expected; i++)
    plz_test_spin (10);
  plz_test_spin (100);
  g_assert_cmpuint (plz_fixture_server_count (fixture->server, method, path), ==, expected);
}

static void
test_new_service (Fixture       *fixture,
                  gconstpointer  data)
{
  JsonObject *body, *price;
  JsonArray *tags;

  g_assert_cmpstr (plz_services_dialog_get_state (fixture->dialog), ==, "list");
  g_assert_cmpuint (plz_services_dialog_get_n_services (fixture->dialog), ==, 2);
  g_assert_nonnull (plz_test_find_labelled (GTK_WIDGET (fixture->dialog), GTK_TYPE_LABEL,
                                            "45 min · R220.50 · confirmed at once · not offered"));

  plz_fixture_server_answer (fixture->server, "POST", "/api/v1/me/services", 201, "{\"service\":{\"id\":\"sv-9\"}}");
  gtk_widget_activate_action (GTK_WIDGET (fixture->dialog), "services.new", NULL);
  g_assert_cmpstr (plz_services_dialog_get_state (fixture->dialog), ==, "edit");

  /* Nothing goes out without a name or with a price that is no amount. */
  set_text (fixture, "price", "350");
  send (fixture, "services.save", "POST", "/api/v1/me/services", 0);
  g_assert_nonnull (plz_services_dialog_get_message (fixture->dialog));
  set_text (fixture, "name", "Carpet Shampoo");
  set_text (fixture, "price", "three hundred");
  send (fixture, "services.save", "POST", "/api/v1/me/services", 0);
  g_assert_true (gtk_widget_has_css_class (plz_services_dialog_get_field (fixture->dialog, "price"), "error"));

  set_text (fixture, "price", "1 250.50");
  set_text (fixture, "tags", "cleaning, carpets, ");
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (plz_services_dialog_get_field (fixture->dialog, "duration")), 90);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (plz_services_dialog_get_field (fixture->dialog, "after")), 15);
  gtk_switch_set_active (GTK_SWITCH (plz_services_dialog_get_field (fixture->dialog, "instant")), TRUE);
  send (fixture, "services.save", "POST", "/api/v1/me/services", 1);
  body = plz_fixture_server_last_body (fixture->server, "POST", "/api/v1/me/services");
  g_assert_cmpstr (json_object_get_string_member (body, "name"), ==, "Carpet Shampoo");
  price = json_object_get_object_member (body, "price");
  g_assert_cmpint (json_object_get_int_member (price, "amount"), ==, 125050);
  g_assert_cmpstr (json_object_get_string_member (price, "currency"), ==, "ZAR");
  g_assert_cmpint (json_object_get_int_member (body, "duration_minutes"), ==, 90);
  g_assert_cmpint (json_object_get_int_member (body, "buffer_before_minutes"), ==, 0);
  g_assert_cmpint (json_object_get_int_member (body, "buffer_after_minutes"), ==, 15);
  g_assert_true (json_object_get_boolean_member (body, "instant_confirm"));
  tags = json_object_get_array_member (body, "tags");
  g_assert_cmpuint (json_array_get_length (tags), ==, 2);
  g_assert_cmpstr (json_array_get_string_element (tags, 1), ==, "carpets");
  /* Saved: the list again, fetched anew. */
  g_assert_true (plz_test_wait_until (not_loading, fixture->dialog, WAIT_MS));
  g_assert_cmpstr (plz_services_dialog_get_state (fixture->dialog), ==, "list");
}

static void
test_change_and_stop (Fixture       *fixture,
                      gconstpointer  data)
{
  JsonObject *body;

  plz_fixture_server_answer (fixture->server, "PATCH", "/api/v1/me/services/sv-1", 400,
                             "{\"error\":{\"code\":\"invalid_input\",\"message\":\"Name is too long\",\"field\":\"name\"}}");
  plz_services_dialog_edit (fixture->dialog, "sv-1");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (plz_services_dialog_get_field (fixture->dialog, "price"))),
                   ==, "650.00");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (plz_services_dialog_get_field (fixture->dialog, "tags"))),
                   ==, "cleaning");
  send (fixture, "services.save", "PATCH", "/api/v1/me/services/sv-1", 1);
  g_assert_cmpstr (plz_services_dialog_get_message (fixture->dialog), ==, "Name is too long");
  g_assert_true (gtk_widget_has_css_class (plz_services_dialog_get_field (fixture->dialog, "name"), "error"));
  body = plz_fixture_server_last_body (fixture->server, "PATCH", "/api/v1/me/services/sv-1");
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (body, "price"), "amount"), ==, 65000);
  g_assert_cmpint (json_object_get_int_member (body, "buffer_after_minutes"), ==, 30);

  plz_fixture_server_answer (fixture->server, "DELETE", "/api/v1/me/services/sv-1", 200, "{}");
  send (fixture, "services.remove", "DELETE", "/api/v1/me/services/sv-1", 1);
  g_assert_true (plz_test_wait_until (not_loading, fixture->dialog, WAIT_MS));
  g_assert_cmpstr (plz_services_dialog_get_state (fixture->dialog), ==, "list");
}

static void
test_states (Fixture       *fixture,
             gconstpointer  data)
{
  plz_fixture_server_answer (fixture->server, "GET", "/api/v1/me/services", 200, "{\"services\":[]}");
  gtk_widget_activate_action (GTK_WIDGET (fixture->dialog), "services.reload", NULL);
  g_assert_true (plz_test_wait_until (not_loading, fixture->dialog, WAIT_MS));
  g_assert_cmpstr (plz_services_dialog_get_state (fixture->dialog), ==, "empty");
  plz_fixture_server_answer (fixture->server, "GET", "/api/v1/me/services", 500,
                             "{\"error\":{\"code\":\"internal_error\",\"message\":\"Broken\"}}");
  gtk_widget_activate_action (GTK_WIDGET (fixture->dialog), "services.reload", NULL);
  g_assert_true (plz_test_wait_until (not_loading, fixture->dialog, WAIT_MS));
  g_assert_cmpstr (plz_services_dialog_get_state (fixture->dialog), ==, "error");
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  if (!plz_test_init_gtk (&argc, &argv))
    return 0;

  g_test_add ("/services-dialog/new-service", Fixture, NULL, fixture_setup, test_new_service, fixture_teardown);
  g_test_add ("/services-dialog/change-and-stop", Fixture, NULL, fixture_setup, test_change_and_stop, fixture_teardown);
  g_test_add ("/services-dialog/states", Fixture, NULL, fixture_setup, test_states, fixture_teardown);
  return g_test_run ();
}
