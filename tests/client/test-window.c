/* test-window.c — the main window, in process, under Xvfb */

#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "plz-bookings-page.h"
#include "plz-client-test.h"
#include "plz-connection-indicator.h"
#include "plz-discover-page.h"
#include "plz-messages-page.h"
#include "plz-server-banner.h"
#include "plz-window.h"

typedef struct
{
  GSettings         *settings;
  PlzConnection     *connection;
  PlzServerLauncher *launcher;
  PlzAccount        *account;
  PlzWindow         *window;
  char              *url;
} Fixture;

/* A consumer signed in without a server, as after a real sign-in. */
static void
sign_in_consumer (PlzAccount *account)
{
  g_autoptr(JsonNode) user = json_from_string ("{\"id\":\"u1\",\"display_name\":\"Thandi Nkosi\","
                                               "\"email\":\"thandi@plaza.test\",\"avatar_url\":null,"
                                               "\"roles\":{\"consumer\":true,\"operator\":false,\"admin\":false}}",
                                               NULL);

  plz_account_set_session (account, "test-token", json_node_get_object (user));
}

static void
reset_settings (GSettings *settings)
{
  g_autoptr(GSettingsSchema) schema = NULL;
  g_auto(GStrv) keys = NULL;

  g_object_get (settings, "settings-schema", &schema, NULL);
  keys = g_settings_schema_list_keys (schema);
  for (guint i = 0; keys[i] != NULL; i++)
    g_settings_reset (settings, keys[i]);
}

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  fixture->settings = g_settings_new (APP_ID);
  reset_settings (fixture->settings);
  fixture->url = g_strdup_printf ("http://127.0.0.1:%u", plz_test_free_port ());
  fixture->connection = plz_connection_new (fixture->url);
  fixture->launcher = plz_server_launcher_new ();
  fixture->account = plz_account_new (fixture->url);
  sign_in_consumer (fixture->account);
}

static gboolean
is_null (gpointer data)
{
  return *(gpointer *) data == NULL;
}

/* Drops the test's reference to *@object and checks that it goes: at once,
 * or once requests the closed window's pages had in flight (a search, say)
 * have finished, since each holds the account until it answers. */
static void
finalize_soon (GObject **object)
{
  g_object_add_weak_pointer (*object, (gpointer *) object);
  g_object_unref (*object);
  g_assert_true (plz_test_wait_until (is_null, object, 5000));
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  if (fixture->window != NULL)
    {
      g_object_add_weak_pointer (G_OBJECT (fixture->window), (gpointer *) &fixture->window);
      gtk_window_destroy (GTK_WINDOW (fixture->window));
      plz_test_spin (50);
      g_assert_null (fixture->window);
    }

  finalize_soon ((GObject **) &fixture->connection);
  finalize_soon ((GObject **) &fixture->launcher);
  finalize_soon ((GObject **) &fixture->account);
  reset_settings (fixture->settings);
  g_clear_object (&fixture->settings);
  g_clear_pointer (&fixture->url, g_free);
}

static PlzWindow *
open_window (Fixture *fixture)
{
  fixture->window = plz_window_new (NULL, fixture->connection, fixture->launcher, fixture->account);
  gtk_window_present (GTK_WINDOW (fixture->window));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (fixture->window));
  return fixture->window;
}

static AdwViewStack *
find_stack (PlzWindow *window)
{
  return ADW_VIEW_STACK (plz_test_find_widget (GTK_WIDGET (window), ADW_TYPE_VIEW_STACK));
}

/* The title of the status page on the visible page ("Discover" and
 * "Messages" for the pages that have their own tests). */
static const char *
visible_status_title (PlzWindow *window)
{
  GtkWidget *page = adw_view_stack_get_visible_child (find_stack (window));

  if (PLZ_IS_DISCOVER_PAGE (page))
    return "Discover";
  if (PLZ_IS_BOOKINGS_PAGE (page))
    return "Bookings";
  if (PLZ_IS_MESSAGES_PAGE (page))
    return "Messages";
  g_assert_true (ADW_IS_STATUS_PAGE (page));
  return adw_status_page_get_title (ADW_STATUS_PAGE (page));
}

static void
test_opens (Fixture       *fixture,
            gconstpointer  data)
{
  PlzWindow *window = open_window (fixture);
  GtkWidget *indicator = plz_test_find_widget (GTK_WIDGET (window), PLZ_TYPE_CONNECTION_INDICATOR);
  GtkWidget *banner = plz_test_find_widget (GTK_WIDGET (window), PLZ_TYPE_SERVER_BANNER);
  GtkWidget *label;

  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (window)));
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, "Plaza");
  g_assert_cmpstr (plz_window_get_page (window), ==, "discover");
  g_assert_cmpstr (visible_status_title (window), ==, "Discover");

  g_assert_nonnull (indicator);
  g_assert_true (plz_connection_indicator_get_connection (PLZ_CONNECTION_INDICATOR (indicator)) == fixture->connection);
  label = plz_test_find_widget (indicator, GTK_TYPE_LABEL);
  /* Signed in, it shows the live link, whose first try fails fast here. */
  g_assert_true (g_str_equal (gtk_label_get_label (GTK_LABEL (label)), "Connecting…") ||
                 g_str_has_prefix (gtk_label_get_label (GTK_LABEL (label)), "Reconnecting in "));
  g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (indicator), fixture->url));

  g_assert_nonnull (banner);
  g_assert_false (plz_server_banner_get_revealed (PLZ_SERVER_BANNER (banner)));
}

static void
test_pages_by_name (Fixture       *fixture,
                    gconstpointer  data)
{
  PlzWindow *window = open_window (fixture);
  const struct { const char *name; const char *title; } pages[] = {
    { "messages", "Messages" },
    { "bookings", "Bookings" },
    { "discover", "Discover" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    {
      g_autofree char *saved = NULL;

      adw_view_stack_set_visible_child_name (find_stack (window), pages[i].name);
      g_assert_cmpstr (plz_window_get_page (window), ==, pages[i].name);
      g_assert_cmpstr (visible_status_title (window), ==, pages[i].title);
      saved = g_settings_get_string (fixture->settings, "last-view");
      g_assert_cmpstr (saved, ==, pages[i].name);
    }

  g_assert_false (plz_window_set_page (window, "no-such-page"));
  g_assert_cmpstr (plz_window_get_page (window), ==, "discover");
  g_assert_true (plz_window_set_page (window, "bookings"));
  g_assert_cmpstr (plz_window_get_page (window), ==, "bookings");
}

static void
test_pages_by_switcher (Fixture       *fixture,
                        gconstpointer  data)
{
  PlzWindow *window = open_window (fixture);
  GtkWidget *title = plz_test_find_widget (GTK_WIDGET (window), ADW_TYPE_VIEW_SWITCHER_TITLE);
  const struct { const char *label; const char *name; } buttons[] = {
    { "Messages", "messages" },
    { "Bookings", "bookings" },
    { "Discover", "discover" },
  };

  g_assert_nonnull (title);
  for (guint i = 0; i < G_N_ELEMENTS (buttons); i++)
    {
      GtkWidget *button = plz_test_find_labelled (title, GTK_TYPE_TOGGLE_BUTTON, buttons[i].label);

      g_test_message ("switcher button %s", buttons[i].label);
      g_assert_nonnull (button);
      g_assert_true (plz_test_widget_is_shown (button));
      g_signal_emit_by_name (button, "clicked");
      plz_test_spin (50);
      g_assert_cmpstr (plz_window_get_page (window), ==, buttons[i].name);
      g_assert_true (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (button)));
    }
}

/* Once revealed and slid in, the bar shows its buttons. */
static gboolean
bar_button_shown (gpointer data)
{
  return adw_view_switcher_bar_get_reveal (data)
         && plz_test_find_labelled (data, GTK_TYPE_TOGGLE_BUTTON, "Bookings") != NULL;
}

static void
test_narrow_uses_bottom_bar (Fixture       *fixture,
                             gconstpointer  data)
{
  PlzWindow *window;
  GtkWidget *bar;
  GtkWidget *button;

  g_settings_set_int (fixture->settings, "window-width", 360);
  g_settings_set_int (fixture->settings, "window-height", 640);
  window = open_window (fixture);
  bar = plz_test_find_widget (GTK_WIDGET (window), ADW_TYPE_VIEW_SWITCHER_BAR);

  g_assert_nonnull (bar);
  g_assert_true (plz_test_wait_until (bar_button_shown, bar, 3000));

  button = plz_test_find_labelled (bar, GTK_TYPE_TOGGLE_BUTTON, "Bookings");
  g_assert_nonnull (button);
  g_signal_emit_by_name (button, "clicked");
  plz_test_spin (50);
  g_assert_cmpstr (plz_window_get_page (window), ==, "bookings");
}

static void
test_page_shortcut_action (Fixture       *fixture,
                           gconstpointer  data)
{
  PlzWindow *window = open_window (fixture);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", "messages"));
  g_assert_cmpstr (plz_window_get_page (window), ==, "messages");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", "bookings"));
  g_assert_cmpstr (plz_window_get_page (window), ==, "bookings");
}

static void
test_restores_state (Fixture       *fixture,
                     gconstpointer  data)
{
  PlzWindow *window;
  int width, height;

  g_settings_set_int (fixture->settings, "window-width", 812);
  g_settings_set_int (fixture->settings, "window-height", 633);
  g_settings_set_string (fixture->settings, "last-view", "bookings");

  window = open_window (fixture);
  gtk_window_get_default_size (GTK_WINDOW (window), &width, &height);
  g_assert_cmpint (width, ==, 812);
  g_assert_cmpint (height, ==, 633);
  /* The surface has that size; the widget is smaller by the client-side border. */
  g_assert_cmpint (gdk_surface_get_width (gtk_native_get_surface (GTK_NATIVE (window))), ==, 812);
  g_assert_cmpint (gdk_surface_get_height (gtk_native_get_surface (GTK_NATIVE (window))), ==, 633);
  g_assert_cmpstr (plz_window_get_page (window), ==, "bookings");
}

static void
test_ignores_unknown_last_view (Fixture       *fixture,
                                gconstpointer  data)
{
  g_settings_set_string (fixture->settings, "last-view", "removed-in-an-update");
  g_assert_cmpstr (plz_window_get_page (open_window (fixture)), ==, "discover");
}

static void
test_saves_on_close (Fixture       *fixture,
                     gconstpointer  data)
{
  PlzWindow *window = open_window (fixture);

  gtk_window_set_default_size (GTK_WINDOW (window), 900, 650);
  plz_test_spin (200);
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &fixture->window);
  gtk_window_close (GTK_WINDOW (window));
  plz_test_spin (50);
  g_assert_null (fixture->window);

  g_assert_cmpint (g_settings_get_int (fixture->settings, "window-width"), ==, 900);
  g_assert_cmpint (g_settings_get_int (fixture->settings, "window-height"), ==, 650);
  g_assert_false (g_settings_get_boolean (fixture->settings, "window-maximized"));
}

static void
launcher_done_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  plz_server_launcher_start_finish (PLZ_SERVER_LAUNCHER (source), result, NULL);
  *(gboolean *) user_data = TRUE;
}

static gboolean
retry_shown (gpointer data)
{
  return plz_test_find_labelled (data, GTK_TYPE_BUTTON, "_Retry") != NULL;
}

static void
test_banner_shows_failure (Fixture       *fixture,
                           gconstpointer  data)
{
  PlzWindow *window = open_window (fixture);
  GtkWidget *banner = plz_test_find_widget (GTK_WIDGET (window), PLZ_TYPE_SERVER_BANNER);
  GtkWidget *retry;
  gboolean done = FALSE;

  plz_server_launcher_set_program (fixture->launcher, "/nonexistent/plaza-server");
  plz_server_launcher_start_async (fixture->launcher, fixture->url, NULL, launcher_done_cb, &done);
  g_assert_true (plz_test_wait_for_flag (&done, 10000));

  g_assert_true (plz_server_banner_get_revealed (PLZ_SERVER_BANNER (banner)));
  g_assert_nonnull (strstr (plz_server_banner_get_description (PLZ_SERVER_BANNER (banner)),
                            "/nonexistent/plaza-server"));
  g_assert_true (plz_test_wait_until (retry_shown, banner, 3000));
  retry = plz_test_find_labelled (banner, GTK_TYPE_BUTTON, "_Retry");
  g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (retry)), ==, "app.retry-server");
}

static gboolean
connection_settled (gpointer data)
{
  return plz_connection_get_state (data) != PLZ_CONNECTION_STATE_CONNECTING;
}

static void
test_indicator_offline (Fixture       *fixture,
                        gconstpointer  data)
{
  PlzWindow *window = open_window (fixture);
  GtkWidget *indicator = plz_test_find_widget (GTK_WIDGET (window), PLZ_TYPE_CONNECTION_INDICATOR);
  GtkWidget *label = plz_test_find_widget (indicator, GTK_TYPE_LABEL);

  /* Signed out there is no live link: the health checks speak. */
  plz_account_forget (fixture->account);
  plz_connection_start (fixture->connection);
  g_assert_true (plz_test_wait_until (connection_settled, fixture->connection, 10000));
  plz_connection_stop (fixture->connection);

  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (label)), ==, "Offline");
  g_assert_true (gtk_widget_has_css_class (indicator, "offline"));
  g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (indicator), "keeps trying"));
}

static void
sign_in_with_roles (PlzAccount *account,
                    gboolean    consumer,
                    gboolean    operator,
                    gboolean    admin)
{
  g_autofree char *json = g_strdup_printf ("{\"id\":\"u2\",\"display_name\":\"Lerato Mokoena\","
                                           "\"roles\":{\"consumer\":%s,\"operator\":%s,\"admin\":%s}}",
                                           consumer ? "true" : "false", operator ? "true" : "false",
                                           admin ? "true" : "false");
  g_autoptr(JsonNode) user = json_from_string (json, NULL);

  plz_account_set_session (account, "other-token", json_node_get_object (user));
}

static void
test_signed_out_shows_welcome (Fixture       *fixture,
                               gconstpointer  data)
{
  PlzWindow *window = open_window (fixture);

  g_assert_cmpstr (plz_window_get_view (window), ==, "main");
  plz_account_forget (fixture->account);
  g_assert_cmpstr (plz_window_get_view (window), ==, "welcome");
  g_assert_nonnull (plz_test_find_labelled (GTK_WIDGET (window), GTK_TYPE_LABEL, "Welcome to Plaza"));
  plz_account_begin_restore (fixture->account, "remembered");
  g_assert_cmpstr (plz_window_get_view (window), ==, "restoring");
  sign_in_consumer (fixture->account);
  g_assert_cmpstr (plz_window_get_view (window), ==, "main");
}

static void
test_modes_and_admin (Fixture       *fixture,
                      gconstpointer  data)
{
  PlzWindow *window = open_window (fixture);
  GtkWidget *operator_button;

  /* A consumer sees neither the mode switch, nor operator or admin pages. */
  g_assert_null (plz_test_find_labelled (GTK_WIDGET (window), GTK_TYPE_TOGGLE_BUTTON, "Operator"));
  g_assert_false (plz_window_set_page (window, "schedule"));
  g_assert_false (plz_window_set_page (window, "my_listings"));
  g_assert_false (plz_window_set_page (window, "admin"));

  /* Both roles: the switch appears; operator mode swaps the pages. */
  sign_in_with_roles (fixture->account, TRUE, TRUE, FALSE);
  operator_button = plz_test_find_labelled (GTK_WIDGET (window), GTK_TYPE_TOGGLE_BUTTON, "Operator");
  g_assert_nonnull (operator_button);
  g_signal_emit_by_name (operator_button, "clicked");
  plz_test_spin (50);
  g_assert_cmpstr (plz_window_get_page (window), ==, "schedule");
  g_assert_false (plz_window_set_page (window, "discover"));
  g_assert_true (plz_window_set_page (window, "dashboard"));
  g_assert_true (plz_window_set_page (window, "my_listings"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.mode", "s", "consumer"));
  g_assert_cmpstr (plz_window_get_page (window), ==, "discover");

  /* An operator only: operator pages and no switch. */
  sign_in_with_roles (fixture->account, FALSE, TRUE, FALSE);
  g_assert_null (plz_test_find_labelled (GTK_WIDGET (window), GTK_TYPE_TOGGLE_BUTTON, "Operator"));
  g_assert_cmpstr (plz_window_get_page (window), ==, "schedule");

  /* An admin gets the admin page. */
  sign_in_with_roles (fixture->account, TRUE, FALSE, TRUE);
  g_assert_true (plz_window_set_page (window, "admin"));
}

int
main (int   argc,
      char *argv[])
{
  if (!plz_test_init_gtk (&argc, &argv))
    return 0;

#define ADD(path, func) \
  g_test_add ("/window/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("opens", test_opens);
  ADD ("pages-by-name", test_pages_by_name);
  ADD ("pages-by-switcher", test_pages_by_switcher);
  ADD ("narrow-uses-bottom-bar", test_narrow_uses_bottom_bar);
  ADD ("page-shortcut-action", test_page_shortcut_action);
  ADD ("restores-state", test_restores_state);
  ADD ("ignores-unknown-last-view", test_ignores_unknown_last_view);
  ADD ("saves-on-close", test_saves_on_close);
  ADD ("banner-shows-failure", test_banner_shows_failure);
  ADD ("indicator-offline", test_indicator_offline);
  ADD ("signed-out-shows-welcome", test_signed_out_shows_welcome);
  ADD ("modes-and-admin", test_modes_and_admin);

#undef ADD

  return g_test_run ();
}
