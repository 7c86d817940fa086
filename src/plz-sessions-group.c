/* plz-sessions-group.c — the devices a person is signed in on, each with Sign Out */

#include "config.h"

#include <glib/gi18n.h>

#include "plz-form.h"
#include "plz-sessions-group.h"

struct _PlzSessionsGroup
{
  AdwPreferencesGroup  parent_instance;

  /* Template children */
  GtkSpinner          *spinner;
  GtkLabel            *error_label;

  PlzAccount          *account;
  GCancellable        *cancellable;
  GPtrArray           *rows;
};

G_DEFINE_FINAL_TYPE (PlzSessionsGroup, plz_sessions_group, ADW_TYPE_PREFERENCES_GROUP)

/* "Plaza on laptop" from "Plaza/0.1.0 (laptop)"; other agents as they are. */
static char *
describe_agent (const char *agent)
{
  const char *open, *close;

  if (agent == NULL || *agent == '\0')
    return g_strdup (_("Unknown device"));
  if (g_str_has_prefix (agent, "Plaza/") && (open = strchr (agent, '(')) != NULL
      && (close = strchr (open, ')')) != NULL && close > open + 1)
    {
      g_autofree char *host = g_strndup (open + 1, close - open - 1);
      /* TRANSLATORS: %s is a computer's name */
      return g_strdup_printf (_("Plaza on %s"), host);
    }
  return g_strdup (agent);
}

static char *
describe_time (const char *rfc3339)
{
  g_autoptr(GDateTime) utc = rfc3339 ? g_date_time_new_from_iso8601 (rfc3339, NULL) : NULL;
  g_autoptr(GDateTime) local = utc ? g_date_time_to_local (utc) : NULL;

  if (local == NULL)
    return g_strdup (_("some time ago"));
  /* TRANSLATORS: a date and time as strftime would write it */
  return g_date_time_format (local, _("%-d %B %Y at %H:%M"));
}

static void
clear_rows (PlzSessionsGroup *self)
{
  for (guint i = 0; i < self->rows->len; i++)
    adw_preferences_group_remove (ADW_PREFERENCES_GROUP (self), self->rows->pdata[i]);
  g_ptr_array_set_size (self->rows, 0);
}

static GtkWidget *
session_row (JsonObject *session)
{
  const char *id = json_object_get_string_member_with_default (session, "id", "");
  g_autofree char *device = describe_agent (json_object_get_string_member_with_default (session, "user_agent", NULL));
  g_autofree char *when = describe_time (json_object_get_string_member_with_default (session, "last_used_at", NULL));
  /* TRANSLATORS: "Last used 3 May 2026 at 14:05 from 127.0.0.1" */
  g_autofree char *subtitle = g_strdup_printf (_("Last used %s from %s"), when,
                                               json_object_get_string_member_with_default (session, "client_addr", "?"));
  gboolean current = json_object_get_boolean_member_with_default (session, "current", FALSE);
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *suffix;

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), device);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  if (current)
    {
      suffix = gtk_label_new (_("This Device"));
      gtk_widget_add_css_class (suffix, "accent");
    }
  else
    {
      /* TRANSLATORS: the accessible name of a session's button; %s names the device */
      g_autofree char *accessible = g_strdup_printf (_("Sign out of %s"), device);

      suffix = gtk_button_new_with_label (_("Sign Out"));
      gtk_widget_set_valign (suffix, GTK_ALIGN_CENTER);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (suffix), "sessions.revoke");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (suffix), "s", id);
      gtk_accessible_update_property (GTK_ACCESSIBLE (suffix), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
    }
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), suffix);
  return row;
}

static void
listed_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(PlzSessionsGroup) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) answer = plz_account_call_finish (PLZ_ACCOUNT (source), result, &error);
  JsonArray *sessions;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  gtk_spinner_set_spinning (self->spinner, FALSE);
  if (answer == NULL || !json_object_has_member (answer, "sessions"))
    {
      plz_form_set_error (NULL, self->error_label,
                          error ? error->message : _("The server gave an answer Plaza does not understand"));
      return;
    }
  plz_form_set_error (NULL, self->error_label, NULL);
  clear_rows (self);
  sessions = json_object_get_array_member (answer, "sessions");
  for (guint i = 0; i < json_array_get_length (sessions); i++)
    {
      GtkWidget *row = session_row (json_array_get_object_element (sessions, i));

      g_ptr_array_add (self->rows, row);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (self), row);
    }
}

void
plz_sessions_group_reload (PlzSessionsGroup *self)
{
  g_return_if_fail (PLZ_IS_SESSIONS_GROUP (self));

  if (self->account == NULL || !plz_account_get_signed_in (self->account))
    return;
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  gtk_spinner_set_spinning (self->spinner, TRUE);
  plz_account_list_sessions_async (self->account, self->cancellable, listed_cb, g_object_ref (self));
}

static void
revoked_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(PlzSessionsGroup) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) answer = plz_account_call_finish (PLZ_ACCOUNT (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (answer == NULL)
    plz_form_set_error (NULL, self->error_label, error->message);
  else
    plz_form_add_toast (GTK_WIDGET (self), _("That device is signed out"));
  plz_sessions_group_reload (self);
}

static void
revoke_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  PlzSessionsGroup *self = PLZ_SESSIONS_GROUP (widget);

  plz_account_revoke_session_async (self->account, g_variant_get_string (parameter, NULL),
                                    self->cancellable, revoked_cb, g_object_ref (self));
}

void
plz_sessions_group_set_account (PlzSessionsGroup *self,
                                PlzAccount       *account)
{
  g_return_if_fail (PLZ_IS_SESSIONS_GROUP (self));

  if (g_set_object (&self->account, account))
    plz_sessions_group_reload (self);
}

static void
plz_sessions_group_dispose (GObject *object)
{
  PlzSessionsGroup *self = PLZ_SESSIONS_GROUP (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), PLZ_TYPE_SESSIONS_GROUP);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->account);
  g_clear_pointer (&self->rows, g_ptr_array_unref);

  G_OBJECT_CLASS (plz_sessions_group_parent_class)->dispose (object);
}

static void
plz_sessions_group_class_init (PlzSessionsGroupClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = plz_sessions_group_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/org/plaza/Plaza/plz-sessions-group.ui");
  gtk_widget_class_bind_template_child (widget_class, PlzSessionsGroup, spinner);
  gtk_widget_class_bind_template_child (widget_class, PlzSessionsGroup, error_label);

  gtk_widget_class_install_action (widget_class, "sessions.revoke", "s", revoke_action);
}

static void
plz_sessions_group_init (PlzSessionsGroup *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->rows = g_ptr_array_new ();
  self->cancellable = g_cancellable_new ();
}
