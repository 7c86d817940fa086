/* test-welcome-page.c — the welcome page's forms: validation as you type keeps
 * the button off, and what the server says lands on the right row */

#include "config.h"

#include <adwaita.h>

#include "plz-client-test.h"
#include "plz-welcome-page.h"

typedef struct
{
  PlzTestServer *server;
  PlzAccount    *account;
  GtkWindow     *window;
  GtkWidget     *page;
} Fixture;

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  const char *url = "http://127.0.0.1:1";

  if (GPOINTER_TO_INT (data))
    {
      fixture->server = plz_test_server_start (TRUE);
      if (fixture->server == NULL)
        return;
      url = fixture->server->url;
    }
  fixture->account = plz_account_new (url);
  fixture->page = plz_welcome_page_new (fixture->account);
  fixture->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (fixture->window, 600, 800);
  gtk_window_set_child (fixture->window, fixture->page);
  gtk_window_present (fixture->window);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (fixture->window));
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  if (fixture->window != NULL)
    {
      gtk_window_destroy (fixture->window);
      plz_test_spin (50);
    }
  if (fixture->account != NULL)
    g_assert_finalize_object (fixture->account);
  plz_test_server_stop (fixture->server);
}

/* The entry row titled @title. */
static GtkWidget *
row (Fixture *fixture, const char *title)
{
  GtkWidget *found = NULL;
  GtkWidget *w = GTK_WIDGET (fixture->page);

  /* Depth-first walk over the page. */
  GPtrArray *todo = g_ptr_array_new ();
  g_ptr_array_add (todo, w);
  while (todo->len > 0 && found == NULL)
    {
      GtkWidget *cur = g_ptr_array_steal_index (todo, todo->len - 1);

      if (ADW_IS_ENTRY_ROW (cur) && g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (cur)), title) == 0)
        found = cur;
      for (GtkWidget *c = gtk_widget_get_first_child (cur); c != NULL; c = gtk_widget_get_next_sibling (c))
        g_ptr_array_add (todo, c);
    }
  g_ptr_array_unref (todo);
  g_assert_nonnull (found);
  return found;
}

static void
type (Fixture *fixture, const char *title, const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (row (fixture, title)), text);
}

static GtkWidget *
submit_button (Fixture *fixture, const char *label)
{
  GtkWidget *button = plz_test_find_labelled (fixture->page, GTK_TYPE_BUTTON, label);

  g_assert_nonnull (button);
  return button;
}

static gboolean
has_shown_label (GtkWidget *root, const char *text)
{
  return plz_test_find_labelled (root, GTK_TYPE_LABEL, text) != NULL;
}

static void
test_validation_disables_button (Fixture *fixture, gconstpointer data)
{
  PlzWelcomePage *page = PLZ_WELCOME_PAGE (fixture->page);
  GtkWidget *email;

  /* Sign in: an empty form cannot be sent. */
  g_assert_false (gtk_widget_is_sensitive (submit_button (fixture, "Sign In")));
  type (fixture, "Email", "thandi@plaza.test");
  g_assert_false (gtk_widget_is_sensitive (submit_button (fixture, "Sign In")));
  type (fixture, "Password", "anything");
  g_assert_true (gtk_widget_is_sensitive (submit_button (fixture, "Sign In")));
  type (fixture, "Email", "thandi@");
  g_assert_false (gtk_widget_is_sensitive (submit_button (fixture, "Sign In")));

  /* Create an account: the name is needed and the password has rules. */
  plz_welcome_page_set_sign_up (page, TRUE);
  g_assert_true (gtk_widget_get_visible (row (fixture, "Your Name")));
  type (fixture, "Email", "new@example.org");
  type (fixture, "Password", "short");
  g_assert_false (gtk_widget_is_sensitive (submit_button (fixture, "Create Account")));
  g_assert_true (gtk_widget_has_css_class (row (fixture, "Password"), "error"));
  type (fixture, "Your Name", "New Person");
  g_assert_false (gtk_widget_is_sensitive (submit_button (fixture, "Create Account")));
  type (fixture, "Password", "a long and fine password");
  g_assert_false (gtk_widget_has_css_class (row (fixture, "Password"), "error"));
  g_assert_true (gtk_widget_is_sensitive (submit_button (fixture, "Create Account")));

  /* A bad email shows its message once the row has been left. */
  email = row (fixture, "Email");
  gtk_widget_grab_focus (email);
  type (fixture, "Email", "not-an-address");
  gtk_widget_grab_focus (row (fixture, "Password"));
  plz_test_spin (50);
  g_assert_true (gtk_widget_has_css_class (email, "error"));
  g_assert_false (gtk_widget_is_sensitive (submit_button (fixture, "Create Account")));
}

static gboolean
is_sensitive (gpointer data)
{
  return gtk_widget_is_sensitive (data);
}

static void
test_server_error_on_row (Fixture *fixture, gconstpointer data)
{
  PlzWelcomePage *page = PLZ_WELCOME_PAGE (fixture->page);
  GtkWidget *button;

  if (fixture->server == NULL)
    return;

  /* The address is taken: the message goes under the email row. */
  plz_welcome_page_set_sign_up (page, TRUE);
  type (fixture, "Your Name", "Thandi Again");
  type (fixture, "Email", "thandi@plaza.test");
  type (fixture, "Password", "a long and fine password");
  button = submit_button (fixture, "Create Account");
  g_assert_true (gtk_widget_activate_action (fixture->page, "welcome.submit", NULL));
  g_assert_false (gtk_widget_is_sensitive (button));
  g_assert_true (plz_test_wait_until (is_sensitive, button, 15000));
  g_assert_true (gtk_widget_has_css_class (row (fixture, "Email"), "error"));
  g_assert_true (has_shown_label (fixture->page,
                                  "There is already an account with this email address. Sign in instead?"));
  g_assert_false (plz_account_get_signed_in (fixture->account));

  /* A wrong password: a message people understand, still signed out. */
  plz_welcome_page_set_sign_up (page, FALSE);
  type (fixture, "Password", "not her password");
  button = submit_button (fixture, "Sign In");
  g_assert_true (gtk_widget_activate_action (fixture->page, "welcome.submit", NULL));
  g_assert_true (plz_test_wait_until (is_sensitive, button, 15000));
  g_assert_true (has_shown_label (fixture->page, "The email or password is not right"));
  g_assert_false (plz_account_get_signed_in (fixture->account));

  /* The right one signs in, and the password does not linger in the form. */
  type (fixture, "Password", "demo-consumer-2026");
  g_assert_false (has_shown_label (fixture->page, "The email or password is not right"));
  g_assert_true (gtk_widget_activate_action (fixture->page, "welcome.submit", NULL));
  g_assert_true (plz_test_wait_until ((gboolean (*) (gpointer)) plz_account_get_signed_in,
                                      fixture->account, 15000));
  plz_test_spin (50);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row (fixture, "Password"))), ==, "");
}

int
main (int   argc,
      char *argv[])
{
  if (!plz_test_init_gtk (&argc, &argv))
    return 0;

  g_test_add ("/welcome-page/validation-disables-button", Fixture, GINT_TO_POINTER (FALSE),
              fixture_setup, test_validation_disables_button, fixture_teardown);
  g_test_add ("/welcome-page/server-error-on-row", Fixture, GINT_TO_POINTER (TRUE),
              fixture_setup, test_server_error_on_row, fixture_teardown);

  return g_test_run ();
}
