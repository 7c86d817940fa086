/* test-preferences.c — the server address in the preferences window */

#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "plz-client-test.h"
#include "plz-preferences-window.h"

typedef struct
{
  GSettings            *settings;
  PlzPreferencesWindow *window;
  AdwEntryRow          *row;
  GtkLabel             *error_label;
} Fixture;

/* The error label is the only label with the "error" style class. */
static GtkLabel *
find_error_label (GtkWidget *root)
{
  if (GTK_IS_LABEL (root) && gtk_widget_has_css_class (root, "error"))
    return GTK_LABEL (root);

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkLabel *found = find_error_label (child);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  fixture->settings = g_settings_new (APP_ID);
  g_settings_reset (fixture->settings, "server-url");

  fixture->window = plz_preferences_window_new (NULL);
  gtk_window_present (GTK_WINDOW (fixture->window));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (fixture->window));

  fixture->row = ADW_ENTRY_ROW (plz_test_find_widget (GTK_WIDGET (fixture->window), ADW_TYPE_ENTRY_ROW));
  fixture->error_label = find_error_label (GTK_WIDGET (fixture->window));
  g_assert_nonnull (fixture->row);
  g_assert_nonnull (fixture->error_label);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  g_object_add_weak_pointer (G_OBJECT (fixture->window), (gpointer *) &fixture->window);
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  plz_test_spin (50);
  g_assert_null (fixture->window);

  g_settings_reset (fixture->settings, "server-url");
  g_clear_object (&fixture->settings);
}

static char *
saved_url (Fixture *fixture)
{
  return g_settings_get_string (fixture->settings, "server-url");
}

static void
test_shows_setting (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autofree char *url = saved_url (fixture);

  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (fixture->row)), ==, url);
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (fixture->row)), ==, "Server Address");
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (fixture->error_label)));
}

static void
test_applies_valid (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autofree char *url = NULL;

  gtk_editable_set_text (GTK_EDITABLE (fixture->row), "  https://plaza.example.org  ");
  g_signal_emit_by_name (fixture->row, "apply");

  url = saved_url (fixture);
  g_assert_cmpstr (url, ==, "https://plaza.example.org");
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (fixture->error_label)));
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (fixture->row), "error"));
}

static void
test_refuses_invalid (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autofree char *before = saved_url (fixture);
  g_autofree char *after = NULL;

  gtk_editable_set_text (GTK_EDITABLE (fixture->row), "ftp://files.example.org");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (fixture->error_label)));
  g_signal_emit_by_name (fixture->row, "apply");

  after = saved_url (fixture);
  g_assert_cmpstr (after, ==, before);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (fixture->error_label)));
  g_assert_nonnull (strstr (gtk_label_get_label (fixture->error_label), "http://"));
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (fixture->row), "error"));
}

static void
test_error_clears_while_typing (Fixture       *fixture,
                                gconstpointer  data)
{
  gtk_editable_set_text (GTK_EDITABLE (fixture->row), "localhost:8470");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (fixture->error_label)));

  gtk_editable_set_text (GTK_EDITABLE (fixture->row), "");
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (fixture->error_label)));

  gtk_editable_set_text (GTK_EDITABLE (fixture->row), "http://localhost:8470");
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (fixture->error_label)));
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (fixture->row), "error"));
}

int
main (int   argc,
      char *argv[])
{
  if (!plz_test_init_gtk (&argc, &argv))
    return 0;

#define ADD(path, func) \
  g_test_add ("/preferences/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("shows-setting", test_shows_setting);
  ADD ("applies-valid", test_applies_valid);
  ADD ("refuses-invalid", test_refuses_invalid);
  ADD ("error-clears-while-typing", test_error_clears_while_typing);

#undef ADD

  return g_test_run ();
}
