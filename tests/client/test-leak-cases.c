/* test-leak-cases.c — the admin's Leak Cases view against a real server:
 * cases made by a consumer sending contact details before a booking, the
 * list, the evidence, a decision that reaches the server, and the bad paths */

#include "config.h"

#include <adwaita.h>

#include "plz-admin-page.h"
#include "plz-catalogue-test.h"
#include "plz-client-test.h"
#include "plz-leak-cases-view.h"

#define ADMIN_EMAIL    "admin@plaza.test"
#define ADMIN_PASSWORD "demo-admin-2026"

static PlzTestServer *server;
static char *listing_id;

/* Five refused attempts before a booking open a case (the server's default
 * case-after): three refused outright, then two while sending is paused. */
static char *
make_leaker (const char *email)
{
  char *token = plz_test_sign_up (server->url, email, FALSE);
  g_autofree char *path = g_strdup_printf ("/api/v1/listings/%s/inquiries", listing_id);

  for (guint i = 0; i < 5; i++)
    {
      g_autofree char *body = g_strdup_printf ("{\"body\":\"Hi, please call me on 082 555 12%02u tonight\","
                                               "\"client_id\":\"leak-%x-%u\"}", i, g_str_hash (email), i);
      g_autoptr(JsonObject) answer = plz_test_api (server->url, "POST", path, body, token, i < 3 ? 422 : 403);
      JsonObject *error = json_object_get_object_member (answer, "error");

      g_assert_cmpstr (json_object_get_string_member (error, "code"), ==,
                       i < 3 ? "contact_details_not_allowed" : "sending_restricted");
    }
  return token;
}

static char *
admin_token (void)
{
  g_autoptr(JsonObject) answer = plz_test_api (server->url, "POST", "/api/v1/sessions",
                                               "{\"email\":\"" ADMIN_EMAIL "\",\"password\":\"" ADMIN_PASSWORD "\"}",
                                               NULL, 200);

  return g_strdup (json_object_get_string_member (answer, "token"));
}

/* The open case of @email, or NULL, as the server has it. */
static char *
case_of (const char *email)
{
  g_autofree char *token = admin_token ();
  g_autoptr(JsonObject) answer = plz_test_api (server->url, "GET", "/api/v1/admin/leak-cases?status=all",
                                               NULL, token, 200);
  JsonArray *cases = json_object_get_array_member (answer, "cases");

  for (guint i = 0; i < json_array_get_length (cases); i++)
    {
      JsonObject *c = json_array_get_object_element (cases, i);

      if (g_str_equal (json_object_get_string_member (json_object_get_object_member (c, "user"), "email"), email))
        return g_strdup (json_object_get_string_member (c, "id"));
    }
  return NULL;
}

static void
signed_in_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(JsonObject) answer = plz_account_call_finish (PLZ_ACCOUNT (source), result, NULL);

  *(gboolean *) user_data = TRUE;
}

typedef struct
{
  PlzAccount       *account;
  GtkWidget        *window;
  PlzAdminPage     *page;
  PlzLeakCasesView *view;
} Ui;

static void
ui_open (Ui *ui)
{
  gboolean done = FALSE;

  ui->account = plz_account_new (server->url);
  plz_account_sign_in_async (ui->account, ADMIN_EMAIL, ADMIN_PASSWORD, NULL, signed_in_cb, &done);
  g_assert_true (plz_test_wait_for_flag (&done, 10000));
  g_assert_true (plz_account_get_is_admin (ui->account));

  ui->window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (ui->window), 1000, 700);
  ui->page = PLZ_ADMIN_PAGE (plz_admin_page_new (ui->account));
  gtk_window_set_child (GTK_WINDOW (ui->window), adw_toast_overlay_new ());
  adw_toast_overlay_set_child (ADW_TOAST_OVERLAY (gtk_window_get_child (GTK_WINDOW (ui->window))),
                               GTK_WIDGET (ui->page));
  ui->view = plz_admin_page_show_leak_cases (ui->page);
  gtk_window_present (GTK_WINDOW (ui->window));
}

static void
ui_close (Ui *ui)
{
  gtk_window_destroy (GTK_WINDOW (ui->window));
  g_clear_object (&ui->account);
}

/* Whether a shown label below @root starts with @prefix. */
static gboolean
has_label_starting (GtkWidget  *root,
                    const char *prefix)
{
  if (GTK_IS_LABEL (root) && plz_test_widget_is_shown (root)
      && g_str_has_prefix (gtk_label_get_text (GTK_LABEL (root)), prefix))
    return TRUE;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL; child = gtk_widget_get_next_sibling (child))
    if (has_label_starting (child, prefix))
      return TRUE;
  return FALSE;
}

static gboolean
list_settled (gpointer data)
{
  const char *state = plz_leak_cases_view_get_state (data);

  return gtk_widget_get_mapped (data) && !g_str_equal (state, "loading");
}

static gboolean
detail_settled (gpointer data)
{
  return !g_str_equal (plz_leak_case_detail_get_state (data), "loading");
}

static void
test_empty (void)
{
  Ui ui = { 0 };

  ui_open (&ui);
  g_assert_true (plz_test_wait_until (list_settled, ui.view, 10000));
  g_assert_cmpstr (plz_leak_cases_view_get_state (ui.view), ==, "empty");
  g_assert_nonnull (plz_test_find_labelled (GTK_WIDGET (ui.view), GTK_TYPE_LABEL, "No Cases"));
  g_assert_cmpstr (plz_leak_case_detail_get_state (plz_leak_cases_view_get_detail (ui.view)), ==, "none");
  ui_close (&ui);
}

/* Nothing answers: the list says so, with a way to try again. */
static void
test_error (void)
{
  g_autofree char *url = g_strdup_printf ("http://127.0.0.1:%u", plz_test_free_port ());
  g_autoptr(PlzAccount) account = plz_account_new (url);
  g_autoptr(JsonParser) parser = json_parser_new ();
  GtkWidget *window = gtk_window_new ();
  GtkWidget *view;

  g_assert_true (json_parser_load_from_data (parser, "{\"id\":\"u1\",\"roles\":{\"admin\":true}}", -1, NULL));
  plz_account_set_session (account, "not-a-real-token", json_node_get_object (json_parser_get_root (parser)));
  view = plz_leak_cases_view_new (account);
  gtk_window_set_child (GTK_WINDOW (window), view);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (plz_test_wait_until (list_settled, view, 10000));
  g_assert_cmpstr (plz_leak_cases_view_get_state (PLZ_LEAK_CASES_VIEW (view)), ==, "error");
  g_assert_nonnull (plz_test_find_labelled (view, GTK_TYPE_BUTTON, "Try Again"));

  /* A case that cannot load shows its own error. */
  plz_leak_cases_view_open_case (PLZ_LEAK_CASES_VIEW (view), "no-such-case");
  g_assert_true (plz_test_wait_until (detail_settled, plz_leak_cases_view_get_detail (PLZ_LEAK_CASES_VIEW (view)),
                                      10000));
  g_assert_cmpstr (plz_leak_case_detail_get_state (plz_leak_cases_view_get_detail (PLZ_LEAK_CASES_VIEW (view))),
                   ==, "error");
  gtk_window_destroy (GTK_WINDOW (window));
}

static AdwMessageDialog *
find_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();  /* not ours */

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return ADW_MESSAGE_DIALOG (window);
    }
  return NULL;
}

static gboolean
dialog_shown (gpointer data)
{
  return find_dialog () != NULL;
}

/* Asks for @action on the case shown and answers the dialog with @reason. */
static void
decide (PlzLeakCaseDetail *detail,
        const char        *action,
        const char        *reason)
{
  AdwMessageDialog *dialog;
  GtkEditable *entry;

  gtk_widget_activate_action (GTK_WIDGET (detail), "case.act", "s", action);
  g_assert_true (plz_test_wait_until (dialog_shown, NULL, 5000));
  dialog = find_dialog ();
  entry = GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog));
  /* No reason, no decision: the audit log needs one. */
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "confirm"));
  gtk_editable_set_text (entry, "   ");
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "confirm"));
  gtk_editable_set_text (entry, reason);
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, "confirm"));
  /* The dialog closes itself after a response. */
  adw_message_dialog_response (dialog, "confirm");
}

static gboolean
case_status_is_warned (gpointer data)
{
  JsonObject *c = plz_leak_case_detail_get_case (data);

  return c != NULL && g_strcmp0 (json_object_get_string_member (c, "status"), "warned") == 0;
}

static void
test_list_detail_and_warn (void)
{
  g_autofree char *consumer = make_leaker ("leaker@example.com");
  g_autofree char *id = case_of ("leaker@example.com");
  g_autofree char *token = NULL, *path = NULL;
  g_autoptr(JsonObject) after = NULL;
  PlzLeakCaseDetail *detail;
  GtkWidget *row, *excerpt;
  JsonObject *c;
  Ui ui = { 0 };

  g_assert_nonnull (id);
  ui_open (&ui);
  g_assert_true (plz_test_wait_until (list_settled, ui.view, 10000));
  g_assert_cmpstr (plz_leak_cases_view_get_state (ui.view), ==, "results");
  g_assert_cmpuint (plz_leak_cases_view_get_n_cases (ui.view), ==, 1);

  /* The row: who, how many attempts, and the level of the worst. */
  row = plz_test_find_widget (GTK_WIDGET (ui.view), ADW_TYPE_ACTION_ROW);
  g_assert_nonnull (row);
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==, "Sam Dube");
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), "leaker@example.com"));
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), "5 attempts"));
  g_assert_nonnull (plz_test_find_labelled (row, GTK_TYPE_LABEL, "High"));

  /* Choosing it shows the evidence, the number marked in each excerpt. */
  g_signal_emit_by_name (gtk_widget_get_parent (row), "row-activated", row);
  detail = plz_leak_cases_view_get_detail (ui.view);
  g_assert_cmpstr (plz_leak_case_detail_get_id (detail), ==, id);
  g_assert_true (plz_test_wait_until (detail_settled, detail, 10000));
  g_assert_cmpstr (plz_leak_case_detail_get_state (detail), ==, "case");
  g_assert_nonnull (plz_test_find_labelled (GTK_WIDGET (detail), GTK_TYPE_LABEL, "Evidence: 5 attempts"));
  excerpt = plz_test_find_labelled (GTK_WIDGET (detail), GTK_TYPE_LABEL,
                                    "Hi, please call me on <span bgcolor=\"#f5c211\" bgalpha=\"45%\" "
                                    "underline=\"error\">082 555 1204</span> tonight");
  g_assert_nonnull (excerpt);
  g_assert_true (has_label_starting (GTK_WIDGET (detail), "Before a booking · Not sent · "));
  g_assert_true (has_label_starting (GTK_WIDGET (detail), "5 attempts: 5 not sent, 0 sent with details hidden; 0 warnings, messages paused until "));

  /* Warn, with a reason; the answer shows at once and the queue empties. */
  decide (detail, "warn", "Shared a number five times before booking");
  g_assert_true (plz_test_wait_until (case_status_is_warned, detail, 10000));
  g_assert_true (plz_test_wait_until (list_settled, ui.view, 10000));
  g_assert_cmpstr (plz_leak_cases_view_get_state (ui.view), ==, "empty");
  g_assert_true (has_label_starting (GTK_WIDGET (detail), "Warned at "));

  /* And the server has it. */
  token = admin_token ();
  path = g_strdup_printf ("/api/v1/admin/leak-cases/%s", id);
  after = plz_test_api (server->url, "GET", path, NULL, token, 200);
  c = json_object_get_object_member (after, "case");
  g_assert_cmpstr (json_object_get_string_member (c, "status"), ==, "warned");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (c, "resolution"), "reason"), ==,
                   "Shared a number five times before booking");
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (c, "counters"), "warnings"), ==, 1);

  /* Decided cases are still there under their status. */
  g_assert_true (plz_leak_cases_view_set_status (ui.view, "warned"));
  g_assert_false (plz_leak_cases_view_set_status (ui.view, "bogus"));
  g_assert_true (plz_test_wait_until (list_settled, ui.view, 10000));
  g_assert_cmpuint (plz_leak_cases_view_get_n_cases (ui.view), ==, 1);
  ui_close (&ui);
}

static gboolean
case_is_dismissed (gpointer data)
{
  JsonObject *c = plz_leak_case_detail_get_case (data);

  return c != NULL && g_strcmp0 (json_object_get_string_member (c, "status"), "dismissed") == 0;
}

/* Another admin decided first: the server refuses (409), the view says so,
 * shows the case as it is now, and nothing else changes. */
static void
test_decided_elsewhere (void)
{
  g_autofree char *consumer = make_leaker ("second@example.com");
  g_autofree char *id = case_of ("second@example.com");
  g_autofree char *token = admin_token ();
  g_autofree char *path = g_strdup_printf ("/api/v1/admin/leak-cases/%s/actions", id);
  g_autofree char *case_path = g_strdup_printf ("/api/v1/admin/leak-cases/%s", id);
  g_autoptr(JsonObject) first = NULL, after = NULL;
  PlzLeakCaseDetail *detail;
  Ui ui = { 0 };

  ui_open (&ui);
  plz_leak_cases_view_open_case (ui.view, id);
  detail = plz_leak_cases_view_get_detail (ui.view);
  g_assert_true (plz_test_wait_until (detail_settled, detail, 10000));
  g_assert_cmpstr (plz_leak_case_detail_get_state (detail), ==, "case");

  first = plz_test_api (server->url, "POST", path, "{\"action\":\"dismiss\",\"reason\":\"Talked to them\"}", token, 200);
  decide (detail, "suspend", "Too many attempts");
  g_assert_true (plz_test_wait_until (case_is_dismissed, detail, 10000));
  g_assert_cmpstr (plz_leak_case_detail_get_state (detail), ==, "case");

  after = plz_test_api (server->url, "GET", case_path, NULL, token, 200);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (after, "case"), "status"), ==,
                   "dismissed");
  g_assert_cmpstr (json_object_get_string_member (
                     json_object_get_object_member (json_object_get_object_member (after, "case"), "user"),
                     "account_status"), ==, "active");
  ui_close (&ui);
}

static void
test_evidence_markup (void)
{
  g_autofree char *plain = plz_leak_evidence_markup ("See you at 10:30 <b>sharp</b> & R350");
  g_autofree char *marked = plz_leak_evidence_markup ("Café ☕ bel 082 555 1234 & mail jo@example.com");
  g_autofree char *bad = plz_leak_evidence_markup ("bad \xff 082 555 1234");

  g_assert_cmpstr (plain, ==, "See you at 10:30 &lt;b&gt;sharp&lt;/b&gt; &amp; R350");
  g_assert_nonnull (strstr (marked, "underline=\"error\">082 555 1234</span> &amp; mail "));
  g_assert_nonnull (strstr (marked, "underline=\"error\">jo@example.com</span>"));
  g_assert_true (g_utf8_validate (bad, -1, NULL));
  g_assert_true (pango_parse_markup (marked, -1, 0, NULL, NULL, NULL, NULL));
}

int
main (int   argc,
      char *argv[])
{
  int status;

  if (!plz_test_init_gtk (&argc, &argv))
    return 0;

  g_test_add_func ("/leak-cases/evidence-markup", test_evidence_markup);
  g_test_add_func ("/leak-cases/error", test_error);
  if (g_getenv ("PLAZA_SERVER_BIN") != NULL)
    {
      g_autofree char *operator = NULL;

      server = plz_test_server_start (TRUE);
      operator = plz_test_sign_up (server->url, "shine@example.com", TRUE);
      listing_id = plz_test_make_listing (server->url, operator, "Shine Valet full wash", 350, 0);
      g_test_add_func ("/leak-cases/empty", test_empty);
      g_test_add_func ("/leak-cases/list-detail-and-warn", test_list_detail_and_warn);
      g_test_add_func ("/leak-cases/decided-elsewhere", test_decided_elsewhere);
    }
  status = g_test_run ();
  plz_test_server_stop (server);
  g_free (listing_id);
  return status;
}
