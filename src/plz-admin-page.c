/* plz-admin-page.c — for admins: find people and suspend, ban or reactivate them;
 * leak cases in a view of their own (plz-leak-cases-view.c) */

#include "config.h"

#include <glib/gi18n.h>

#include "plz-admin-page.h"
#include "plz-form.h"
#include "plz-leak-cases-view.h"

struct _PlzAdminPage
{
  AdwBin          parent_instance;

  /* Template children */
  AdwViewStack   *view_stack;
  GtkSearchEntry *search_entry;
  GtkStack       *content_stack;
  GtkSpinner     *spinner;
  AdwStatusPage  *error_page;
  GtkListBox     *users_list;

  GtkWidget      *leak_cases;
  PlzAccount     *account;
  GCancellable   *search_cancellable;
  GCancellable   *cancellable;
  gboolean        loaded;
};

G_DEFINE_FINAL_TYPE (PlzAdminPage, plz_admin_page, ADW_TYPE_BIN)

static const char *
status_label (const char *status)
{
  if (g_strcmp0 (status, "suspended") == 0)
    return _("Suspended");
  if (g_strcmp0 (status, "banned") == 0)
    return _("Banned");
  return _("Active");
}

static void
show_state (PlzAdminPage *self,
            const char   *state)
{
  gtk_stack_set_visible_child_name (self->content_stack, state);
  plz_form_hide_other_pages (self->content_stack);
  gtk_spinner_set_spinning (self->spinner, g_str_equal (state, "loading"));
}

static GtkWidget *
status_button (const char *id,
               const char *name,
               const char *status,
               const char *label,
               char       *accessible)
{
  GtkWidget *button = gtk_button_new_with_label (label);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "admin.set-status");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "(sss)", id, status, name);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
  g_free (accessible);
  /* Red text, not a red block on every row: the dialog asks before anything happens. */
  if (g_str_equal (status, "banned"))
    {
      gtk_widget_add_css_class (button, "flat");
      gtk_widget_add_css_class (button, "error");
    }
  return button;
}

static GtkWidget *
user_row (PlzAdminPage *self,
          JsonObject   *user)
{
  const char *id = json_object_get_string_member_with_default (user, "id", "");
  const char *name = json_object_get_string_member_with_default (user, "display_name", "");
  const char *email = json_object_get_string_member_with_default (user, "email", "");
  const char *status = json_object_get_string_member_with_default (user, "account_status", "active");
  g_autofree char *subtitle = g_strdup_printf ("%s · %s", email, status_label (status));
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), name);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  /* Admins do not lock themselves out. */
  if (g_strcmp0 (id, plz_account_get_user_string (self->account, "id")) == 0)
    {
      GtkWidget *you = gtk_label_new (_("You"));

      gtk_widget_add_css_class (you, "dim-label");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), you);
      return row;
    }
  if (!g_str_equal (status, "active"))
    adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                               /* TRANSLATORS: %s is a person's name */
                               status_button (id, name, "active", _("Reactivate"),
                                              g_strdup_printf (_("Reactivate %s"), name)));
  if (g_str_equal (status, "active"))
    adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                               status_button (id, name, "suspended", _("Suspend"),
                                              g_strdup_printf (_("Suspend %s"), name)));
  if (!g_str_equal (status, "banned"))
    adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                               status_button (id, name, "banned", _("Ban"),
                                              g_strdup_printf (_("Ban %s"), name)));
  return row;
}

static void
searched_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(PlzAdminPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) answer = plz_account_call_finish (PLZ_ACCOUNT (source), result, &error);
  JsonArray *users;
  GtkWidget *child;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (answer == NULL || !json_object_has_member (answer, "users")
      || !JSON_NODE_HOLDS_ARRAY (json_object_get_member (answer, "users")))
    {
      adw_status_page_set_description (self->error_page, error != NULL ? error->message
                                       : _("The server gave an answer Plaza does not understand"));
      show_state (self, "error");
      return;
    }

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->users_list))) != NULL)
    gtk_list_box_remove (self->users_list, child);
  users = json_object_get_array_member (answer, "users");
  for (guint i = 0; i < json_array_get_length (users); i++)
    {
      JsonNode *node = json_array_get_element (users, i);

      if (JSON_NODE_HOLDS_OBJECT (node))
        gtk_list_box_append (self->users_list, user_row (self, json_node_get_object (node)));
    }
  show_state (self, json_array_get_length (users) > 0 ? "results" : "empty");
}

void
plz_admin_page_reload (PlzAdminPage *self)
{
  g_autofree char *query = NULL;

  g_return_if_fail (PLZ_IS_ADMIN_PAGE (self));

  if (!plz_account_get_is_admin (self->account))
    return;
  g_cancellable_cancel (self->search_cancellable);
  g_clear_object (&self->search_cancellable);
  self->search_cancellable = g_cancellable_new ();
  self->loaded = TRUE;

  query = plz_form_get_text (GTK_EDITABLE (self->search_entry));
  show_state (self, "loading");
  plz_account_admin_search_async (self->account, query, self->search_cancellable,
                                  searched_cb, g_object_ref (self));
}

PlzLeakCasesView *
plz_admin_page_show_leak_cases (PlzAdminPage *self)
{
  g_return_val_if_fail (PLZ_IS_ADMIN_PAGE (self), NULL);
  adw_view_stack_set_visible_child (self->view_stack, self->leak_cases);
  return PLZ_LEAK_CASES_VIEW (self->leak_cases);
}

const char *
plz_admin_page_get_state (PlzAdminPage *self)
{
  g_return_val_if_fail (PLZ_IS_ADMIN_PAGE (self), NULL);
  return gtk_stack_get_visible_child_name (self->content_stack);
}

static void
search_changed_cb (PlzAdminPage *self)
{
  plz_admin_page_reload (self);
}

static void
reload_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  plz_admin_page_reload (PLZ_ADMIN_PAGE (widget));
}

static void
status_set_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(PlzAdminPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) answer = plz_account_call_finish (PLZ_ACCOUNT (source), result, &error);
  JsonObject *user;
  const char *name, *status;
  g_autofree char *message = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (answer == NULL)
    {
      plz_form_add_toast (GTK_WIDGET (self), error->message);
      return;
    }
  user = json_object_get_object_member (answer, "user");
  name = json_object_get_string_member_with_default (user, "display_name", "");
  status = json_object_get_string_member_with_default (user, "account_status", "");
  if (g_str_equal (status, "suspended"))
    message = g_strdup_printf (_("%s is suspended"), name);
  else if (g_str_equal (status, "banned"))
    message = g_strdup_printf (_("%s is banned"), name);
  else
    message = g_strdup_printf (_("%s can use Plaza again"), name);
  plz_form_add_toast (GTK_WIDGET (self), message);
  plz_admin_page_reload (self);
}

static void
reason_changed_cb (GtkEditable      *entry,
                   AdwMessageDialog *dialog)
{
  g_autofree char *reason = plz_form_get_text (entry);

  adw_message_dialog_set_response_enabled (dialog, "confirm", *reason != '\0');
}

static void
dialog_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    PlzAdminPage     *self)
{
  GtkEditable *entry = GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog));
  g_autofree char *reason = plz_form_get_text (entry);
  const char *id = g_object_get_data (G_OBJECT (dialog), "user-id");
  const char *status = g_object_get_data (G_OBJECT (dialog), "status");

  if (!g_str_equal (response, "confirm") || *reason == '\0')
    return;
  plz_account_admin_set_status_async (self->account, id, status, reason, self->cancellable,
                                      status_set_cb, g_object_ref (self));
}

static void
set_status_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  PlzAdminPage *self = PLZ_ADMIN_PAGE (widget);
  const char *id, *status, *name;
  g_autofree char *heading = NULL;
  const char *body, *verb;
  AdwMessageDialog *dialog;
  GtkWidget *entry = gtk_entry_new ();

  g_variant_get (parameter, "(&s&s&s)", &id, &status, &name);
  if (g_str_equal (status, "suspended"))
    {
      heading = g_strdup_printf (_("Suspend %s?"), name);
      body = _("They cannot sign in or use Plaza until an admin reactivates the account. They will see the reason.");
      verb = _("_Suspend");
    }
  else if (g_str_equal (status, "banned"))
    {
      heading = g_strdup_printf (_("Ban %s?"), name);
      body = _("They are signed out everywhere and their profile disappears from Plaza. They will see the reason.");
      verb = _("_Ban");
    }
  else
    {
      heading = g_strdup_printf (_("Reactivate %s?"), name);
      body = _("They can sign in and use Plaza again.");
      verb = _("_Reactivate");
    }

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (widget)), heading, body));
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("Reason (required)"));
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Reason"), -1);
  adw_message_dialog_set_extra_child (dialog, entry);
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "confirm", verb, NULL);
  adw_message_dialog_set_response_appearance (dialog, "confirm",
                                              g_str_equal (status, "active") ? ADW_RESPONSE_SUGGESTED
                                                                             : ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_response_enabled (dialog, "confirm", FALSE);
  adw_message_dialog_set_default_response (dialog, "confirm");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "user-id", g_strdup (id), g_free);
  g_object_set_data_full (G_OBJECT (dialog), "status", g_strdup (status), g_free);
  g_signal_connect (entry, "changed", G_CALLBACK (reason_changed_cb), dialog);
  g_signal_connect_object (dialog, "response", G_CALLBACK (dialog_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (entry);
}

static void
admin_changed_cb (PlzAdminPage *self)
{
  /* A new admin (or none) signed in: what was listed is not theirs. */
  self->loaded = FALSE;
  if (plz_account_get_is_admin (self->account) && gtk_widget_get_mapped (GTK_WIDGET (self)))
    plz_admin_page_reload (self);
}

static void
plz_admin_page_map (GtkWidget *widget)
{
  PlzAdminPage *self = PLZ_ADMIN_PAGE (widget);

  GTK_WIDGET_CLASS (plz_admin_page_parent_class)->map (widget);
  /* Admins come here to find someone: let them type at once. */
  if (g_strcmp0 (adw_view_stack_get_visible_child_name (self->view_stack), "people") == 0)
    gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
  if (!self->loaded)
    plz_admin_page_reload (self);
}

GtkWidget *
plz_admin_page_new (PlzAccount *account)
{
  PlzAdminPage *self;

  g_return_val_if_fail (PLZ_IS_ACCOUNT (account), NULL);

  self = g_object_new (PLZ_TYPE_ADMIN_PAGE, NULL);
  self->account = g_object_ref (account);
  self->leak_cases = plz_leak_cases_view_new (account);
  adw_view_stack_page_set_icon_name (adw_view_stack_add_titled (self->view_stack, self->leak_cases, "leak-cases",
                                                                _("Leak Cases")),
                                     "mail-mark-junk-symbolic");
  g_signal_connect_object (account, "notify::is-admin", G_CALLBACK (admin_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (account, "notify::token", G_CALLBACK (admin_changed_cb), self,
                           G_CONNECT_SWAPPED);
  return GTK_WIDGET (self);
}

static void
plz_admin_page_dispose (GObject *object)
{
  PlzAdminPage *self = PLZ_ADMIN_PAGE (object);

  g_cancellable_cancel (self->search_cancellable);
  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), PLZ_TYPE_ADMIN_PAGE);
  g_clear_object (&self->search_cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->account);

  G_OBJECT_CLASS (plz_admin_page_parent_class)->dispose (object);
}

static void
plz_admin_page_class_init (PlzAdminPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = plz_admin_page_dispose;
  widget_class->map = plz_admin_page_map;

  gtk_widget_class_set_template_from_resource (widget_class, "/org/plaza/Plaza/plz-admin-page.ui");
  gtk_widget_class_bind_template_child (widget_class, PlzAdminPage, view_stack);
  gtk_widget_class_bind_template_child (widget_class, PlzAdminPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, PlzAdminPage, content_stack);
  gtk_widget_class_bind_template_child (widget_class, PlzAdminPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, PlzAdminPage, error_page);
  gtk_widget_class_bind_template_child (widget_class, PlzAdminPage, users_list);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);

  gtk_widget_class_install_action (widget_class, "admin.reload", NULL, reload_action);
  gtk_widget_class_install_action (widget_class, "admin.set-status", "(sss)", set_status_action);
}

static void
plz_admin_page_init (PlzAdminPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
}
