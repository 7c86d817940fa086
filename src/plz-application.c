/* plz-application.c — the Plaza application: settings, connection, bundled server */

#include "config.h"

#include <glib/gi18n.h>

#include "plz-application.h"
#include "plz-error.h"
#include "plz-preferences-window.h"
#include "plz-secret-store.h"
#include "plz-server-address.h"
#include "plz-window.h"

struct _PlzApplication
{
  AdwApplication     parent_instance;

  GSettings         *settings;
  PlzConnection     *connection;
  PlzServerLauncher *launcher;
  PlzAccount        *account;
  PlzSecretStore    *secrets;
  GCancellable      *cancellable;
  GCancellable      *restore_cancellable;
  char              *remembered_token;  /* what the keyring holds for this address */
  PlzAccountState    last_account_state;
  gboolean           refreshing;
  gboolean           keyring_warned;
  char              *server_override;  /* --server, for this run only */
  char              *launching_url;    /* the address a start is under way for */
  gboolean           server_requested;
};

G_DEFINE_FINAL_TYPE (PlzApplication, plz_application, ADW_TYPE_APPLICATION)

static void restore_session (PlzApplication *self);

static const GOptionEntry option_entries[] = {
  { "server", 's', G_OPTION_FLAG_NONE, G_OPTION_ARG_STRING, NULL,
    N_("Use the server at URL for this run instead of the one in Preferences"), N_("URL") },
  { "version", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_NONE, NULL,
    N_("Show the version and exit"), NULL },
  { NULL }
};

static const char *
effective_server_url (PlzApplication  *self,
                      char           **owned)
{
  if (self->server_override != NULL)
    return self->server_override;

  *owned = g_settings_get_string (self->settings, "server-url");
  return *owned;
}

static void
server_started_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(PlzApplication) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *launched_url = g_steal_pointer (&self->launching_url);

  /* A failure is in the launcher's state, which the window shows with Retry. */
  if (!plz_server_launcher_start_finish (PLZ_SERVER_LAUNCHER (source), result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      g_debug ("Could not start the bundled server: %s", error->message);
    }

  /* The address changed while the server started: see to the new one. */
  if (g_strcmp0 (launched_url, plz_connection_get_server_url (self->connection)) != 0)
    plz_application_ensure_server (self);
  else
    plz_connection_reconnect (self->connection);
}

void
plz_application_ensure_server (PlzApplication *self)
{
  const char *url;
  g_autoptr(GUri) uri = NULL;

  g_return_if_fail (PLZ_IS_APPLICATION (self));
  g_return_if_fail (self->connection != NULL);

  self->server_requested = TRUE;
  url = plz_connection_get_server_url (self->connection);
  uri = plz_server_address_parse (url, NULL);

  if (uri != NULL && plz_server_address_is_local (uri))
    {
      /* One start at a time; server_started_cb looks at the address again. */
      if (self->launching_url == NULL)
        {
          self->launching_url = g_strdup (url);
          plz_server_launcher_start_async (self->launcher, url, self->cancellable,
                                           server_started_cb, g_object_ref (self));
        }
      return;
    }

  plz_connection_reconnect (self->connection);
}

static void
apply_server_url (PlzApplication *self)
{
  g_autofree char *owned = NULL;
  const char *url = effective_server_url (self, &owned);

  if (g_strcmp0 (url, plz_connection_get_server_url (self->connection)) == 0)
    return;

  plz_connection_set_server_url (self->connection, url);
  if (self->account != NULL)
    {
      /* The session stays remembered for the old address; look for one for the new. */
      g_clear_pointer (&self->remembered_token, g_free);
      plz_account_set_server_url (self->account, url);
      restore_session (self);
    }
  if (self->server_requested)
    plz_application_ensure_server (self);
}

static void
server_url_setting_changed_cb (PlzApplication *self,
                               const char     *key,
                               GSettings      *settings)
{
  /* Choosing an address in Preferences replaces the one from the command line. */
  g_clear_pointer (&self->server_override, g_free);
  apply_server_url (self);
}

/* ---- the remembered session ------------------------------------------------- */

/* Says once per run that sign-ins cannot be remembered; the app works on. */
static void
keyring_failed (PlzApplication *self,
                const GError   *error)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_debug ("Keyring: %s", error->message);
  if (self->keyring_warned || window == NULL)
    return;
  self->keyring_warned = TRUE;
  plz_window_add_toast (PLZ_WINDOW (window),
                        adw_toast_new (_("Your sign-in can’t be remembered: no keyring is available")));
}

static void
secret_saved_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(PlzApplication) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!plz_secret_store_save_finish (PLZ_SECRET_STORE (source), result, &error))
    keyring_failed (self, error);
}

static void
secret_cleared_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(PlzApplication) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!plz_secret_store_clear_finish (PLZ_SECRET_STORE (source), result, &error))
    keyring_failed (self, error);
}

static void
refreshed_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(PlzApplication) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) answer = plz_account_call_finish (PLZ_ACCOUNT (source), result, &error);

  self->refreshing = FALSE;
  /* A 401 signed the account out already; a server that did not answer gets
   * another try when the connection comes back (see connection_state_cb). */
  if (answer == NULL && error->domain == PLZ_ERROR
      && plz_account_get_state (self->account) == PLZ_ACCOUNT_STATE_RESTORING)
    plz_account_forget (self->account);
}

/* Checks a remembered token with the server once the server answers. */
static void
maybe_refresh (PlzApplication *self)
{
  if (self->refreshing
      || plz_account_get_state (self->account) != PLZ_ACCOUNT_STATE_RESTORING
      || plz_account_get_token (self->account) == NULL
      || plz_connection_get_state (self->connection) != PLZ_CONNECTION_STATE_ONLINE)
    return;

  self->refreshing = TRUE;
  plz_account_refresh_async (self->account, self->cancellable, refreshed_cb, g_object_ref (self));
}

static void
connection_state_cb (PlzApplication *self)
{
  maybe_refresh (self);
}

static void
token_looked_up_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(PlzApplication) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *token = plz_secret_store_lookup_finish (PLZ_SECRET_STORE (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (error != NULL)
    keyring_failed (self, error);
  /* Someone signed in by hand meanwhile: theirs wins. */
  if (plz_account_get_state (self->account) != PLZ_ACCOUNT_STATE_RESTORING)
    return;

  g_free (self->remembered_token);
  self->remembered_token = g_strdup (token);
  if (token == NULL)
    {
      plz_account_forget (self->account);
      return;
    }
  plz_account_begin_restore (self->account, token);
  maybe_refresh (self);
}

/* Looks for a session remembered for the account's server. */
static void
restore_session (PlzApplication *self)
{
  g_cancellable_cancel (self->restore_cancellable);
  g_clear_object (&self->restore_cancellable);
  self->restore_cancellable = g_cancellable_new ();
  self->refreshing = FALSE;

  plz_account_begin_restore (self->account, NULL);
  self->last_account_state = PLZ_ACCOUNT_STATE_RESTORING;
  plz_secret_store_lookup_async (self->secrets, plz_account_get_server_url (self->account),
                                 self->restore_cancellable, token_looked_up_cb, g_object_ref (self));
}

/* Keeps the keyring in step: a new session is remembered, an ended one forgotten. */
static void
account_state_cb (PlzApplication *self)
{
  PlzAccountState state = plz_account_get_state (self->account);
  const char *server_url = plz_account_get_server_url (self->account);
  const char *token = plz_account_get_token (self->account);

  if (state == PLZ_ACCOUNT_STATE_SIGNED_IN && g_strcmp0 (token, self->remembered_token) != 0)
    {
      g_free (self->remembered_token);
      self->remembered_token = g_strdup (token);
      plz_secret_store_save_async (self->secrets, server_url, token, self->cancellable,
                                   secret_saved_cb, g_object_ref (self));
    }
  else if (state == PLZ_ACCOUNT_STATE_SIGNED_OUT && self->remembered_token != NULL)
    {
      g_clear_pointer (&self->remembered_token, g_free);
      plz_secret_store_clear_async (self->secrets, server_url, self->cancellable,
                                    secret_cleared_cb, g_object_ref (self));
    }
  self->last_account_state = state;
}

/* ---- actions --------------------------------------------------------------- */

static void
quit_activated (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  GApplication *app = G_APPLICATION (user_data);
  g_autoptr(GList) windows = g_list_copy (gtk_application_get_windows (GTK_APPLICATION (app)));

  /* Closing (not destroying) lets each window save its size. */
  for (GList *l = windows; l != NULL; l = l->next)
    gtk_window_close (GTK_WINDOW (l->data));

  g_application_quit (app);
}

static void
about_activated (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       user_data)
{
  PlzApplication *self = PLZ_APPLICATION (user_data);
  g_autofree char *debug_info = NULL;
  g_autoptr(GEnumClass) states = g_type_class_ref (PLZ_TYPE_CONNECTION_STATE);
  const char *version = plz_connection_get_server_version (self->connection);
  AdwAboutWindow *about;
  const char *developers[] = { _("The Plaza developers"), NULL };

  debug_info = g_strdup_printf ("Plaza %s\nServer address: %s\nServer version: %s\n"
                                "Connection: %s\nData folder: %s\n",
                                PACKAGE_VERSION,
                                plz_connection_get_server_url (self->connection),
                                version != NULL ? version : "unknown",
                                g_enum_get_value (states, plz_connection_get_state (self->connection))->value_nick,
                                plz_server_launcher_get_data_dir (self->launcher));

  about = ADW_ABOUT_WINDOW (adw_about_window_new ());
  gtk_window_set_transient_for (GTK_WINDOW (about),
                                gtk_application_get_active_window (GTK_APPLICATION (self)));
  adw_about_window_set_application_name (about, _("Plaza"));
  adw_about_window_set_application_icon (about, APP_ID);
  adw_about_window_set_version (about, PACKAGE_VERSION);
  adw_about_window_set_developer_name (about, _("The Plaza developers"));
  adw_about_window_set_developers (about, developers);
  adw_about_window_set_comments (about, _("Find local services, ask questions, book and pay — "
                                          "for customers, operators and the people who run the marketplace."));
  adw_about_window_set_license_type (about, GTK_LICENSE_GPL_3_0);
  adw_about_window_set_copyright (about, _("© The Plaza developers"));
  /* TRANSLATORS: put your name here, one per line, to be credited */
  adw_about_window_set_translator_credits (about, _("translator-credits"));
  adw_about_window_set_debug_info (about, debug_info);
  adw_about_window_set_debug_info_filename (about, "plaza-debug-info.txt");
  gtk_window_present (GTK_WINDOW (about));
}

static void
preferences_activated (GSimpleAction *action,
                       GVariant      *parameter,
                       gpointer       user_data)
{
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (user_data));

  gtk_window_present (GTK_WINDOW (plz_preferences_window_new (parent)));
}

static void
shortcuts_activated (GSimpleAction *action,
                     GVariant      *parameter,
                     gpointer       user_data)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (user_data));

  if (window != NULL)
    gtk_widget_activate_action (GTK_WIDGET (window), "win.show-help-overlay", NULL);
}

static void
retry_server_activated (GSimpleAction *action,
                        GVariant      *parameter,
                        gpointer       user_data)
{
  plz_application_ensure_server (PLZ_APPLICATION (user_data));
}

/* A notification was clicked: the window comes up with that conversation open. */
static void
open_conversation_activated (GSimpleAction *action,
                             GVariant      *parameter,
                             gpointer       user_data)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (user_data));

  if (window == NULL)
    return;
  gtk_window_present (window);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.open-conversation", "s",
                              g_variant_get_string (parameter, NULL));
}

static const GActionEntry app_actions[] = {
  { "quit", quit_activated },
  { "about", about_activated },
  { "preferences", preferences_activated },
  { "shortcuts", shortcuts_activated },
  { "retry-server", retry_server_activated },
  { "open-conversation", open_conversation_activated, "s" },
};

/* ---- GApplication ---------------------------------------------------------- */

static int
plz_application_handle_local_options (GApplication *app,
                                      GVariantDict *options)
{
  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("plaza %s\n", PACKAGE_VERSION);
      return EXIT_SUCCESS;
    }

  return G_APPLICATION_CLASS (plz_application_parent_class)->handle_local_options (app, options);
}

static int
plz_application_command_line (GApplication            *app,
                              GApplicationCommandLine *command_line)
{
  PlzApplication *self = PLZ_APPLICATION (app);
  GVariantDict *options = g_application_command_line_get_options_dict (command_line);
  const char *server = NULL;

  if (g_variant_dict_lookup (options, "server", "&s", &server))
    {
      g_autoptr(GUri) uri = NULL;
      g_autoptr(GError) error = NULL;

      uri = plz_server_address_parse (server, &error);
      if (uri == NULL)
        {
          g_application_command_line_printerr (command_line, "plaza: --server %s: %s\n",
                                               server, error->message);
          return EXIT_FAILURE;
        }

      g_free (self->server_override);
      self->server_override = g_strdup (server);
      apply_server_url (self);
    }

  g_application_activate (app);
  return EXIT_SUCCESS;
}

static void
plz_application_activate (GApplication *app)
{
  PlzApplication *self = PLZ_APPLICATION (app);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  if (window == NULL)
    {
      window = GTK_WINDOW (plz_window_new (GTK_APPLICATION (app), self->connection, self->launcher,
                                           self->account));
      if (plz_account_get_state (self->account) == PLZ_ACCOUNT_STATE_RESTORING
          && self->restore_cancellable == NULL)
        restore_session (self);
    }

  gtk_window_present (window);

  if (!self->server_requested)
    plz_application_ensure_server (self);
}

static void
plz_application_startup (GApplication *app)
{
  PlzApplication *self = PLZ_APPLICATION (app);
  g_autofree char *owned = NULL;
  static const struct { const char *action; const char *accels[2]; } accels[] = {
    { "app.quit", { "<Primary>q", NULL } },
    { "app.preferences", { "<Primary>comma", NULL } },
  };

  G_APPLICATION_CLASS (plz_application_parent_class)->startup (app);

  g_action_map_add_action_entries (G_ACTION_MAP (app), app_actions, G_N_ELEMENTS (app_actions), app);
  for (guint i = 0; i < G_N_ELEMENTS (accels); i++)
    gtk_application_set_accels_for_action (GTK_APPLICATION (app), accels[i].action, accels[i].accels);

  self->cancellable = g_cancellable_new ();
  self->settings = g_settings_new (APP_ID);
  self->connection = plz_connection_new (effective_server_url (self, &owned));
  self->launcher = plz_server_launcher_new ();
  self->account = plz_account_new (plz_connection_get_server_url (self->connection));
  self->secrets = plz_secret_store_new (5000);
  /* Until the keyring has answered, nobody is signed out or in. */
  plz_account_begin_restore (self->account, NULL);
  self->last_account_state = PLZ_ACCOUNT_STATE_RESTORING;

  g_signal_connect_object (self->account, "notify::state",
                           G_CALLBACK (account_state_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->connection, "notify::state",
                           G_CALLBACK (connection_state_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "changed::server-url",
                           G_CALLBACK (server_url_setting_changed_cb), self, G_CONNECT_SWAPPED);
}

static void
plz_application_shutdown (GApplication *app)
{
  PlzApplication *self = PLZ_APPLICATION (app);

  g_cancellable_cancel (self->cancellable);
  g_cancellable_cancel (self->restore_cancellable);
  if (self->connection != NULL)
    plz_connection_stop (self->connection);
  /* Stops the server only if we started it. */
  if (self->launcher != NULL)
    plz_server_launcher_stop (self->launcher);

  G_APPLICATION_CLASS (plz_application_parent_class)->shutdown (app);
}

PlzConnection *
plz_application_get_connection (PlzApplication *self)
{
  g_return_val_if_fail (PLZ_IS_APPLICATION (self), NULL);

  return self->connection;
}

PlzAccount *
plz_application_get_account (PlzApplication *self)
{
  g_return_val_if_fail (PLZ_IS_APPLICATION (self), NULL);

  return self->account;
}

PlzServerLauncher *
plz_application_get_launcher (PlzApplication *self)
{
  g_return_val_if_fail (PLZ_IS_APPLICATION (self), NULL);

  return self->launcher;
}

PlzApplication *
plz_application_new (void)
{
  return g_object_new (PLZ_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_HANDLES_COMMAND_LINE,
                       "resource-base-path", "/org/plaza/Plaza",
                       NULL);
}

static void
plz_application_dispose (GObject *object)
{
  PlzApplication *self = PLZ_APPLICATION (object);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->restore_cancellable);
  g_clear_object (&self->account);
  g_clear_object (&self->secrets);
  g_clear_object (&self->settings);
  g_clear_object (&self->connection);
  g_clear_object (&self->launcher);

  G_OBJECT_CLASS (plz_application_parent_class)->dispose (object);
}

static void
plz_application_finalize (GObject *object)
{
  PlzApplication *self = PLZ_APPLICATION (object);

  g_clear_pointer (&self->server_override, g_free);
  g_clear_pointer (&self->launching_url, g_free);
  g_clear_pointer (&self->remembered_token, g_free);

  G_OBJECT_CLASS (plz_application_parent_class)->finalize (object);
}

static void
plz_application_class_init (PlzApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = plz_application_dispose;
  object_class->finalize = plz_application_finalize;
  app_class->handle_local_options = plz_application_handle_local_options;
  app_class->command_line = plz_application_command_line;
  app_class->activate = plz_application_activate;
  app_class->startup = plz_application_startup;
  app_class->shutdown = plz_application_shutdown;
}

static void
plz_application_init (PlzApplication *self)
{
  g_application_add_main_option_entries (G_APPLICATION (self), option_entries);
  g_application_set_option_context_parameter_string (G_APPLICATION (self), NULL);
  g_application_set_option_context_summary (G_APPLICATION (self),
                                            _("Book local services and chat with the people who provide them."));
}
