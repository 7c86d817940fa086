/* plz-window.c — the main window: the welcome page, or the pages of the signed-in user */

#include "config.h"

#include <glib/gi18n.h>

#include "plz-connection-indicator.h"
#include "plz-server-banner.h"
#include "plz-window-private.h"

G_DEFINE_FINAL_TYPE (PlzWindow, plz_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_CONNECTION,
  PROP_LAUNCHER,
  PROP_ACCOUNT,
  PROP_MODE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The banner shows while we could not start a server and nobody else answers. */
static void
update_banner (PlzWindow *self)
{
  gboolean failed = plz_server_launcher_get_state (self->launcher) == PLZ_SERVER_LAUNCHER_STATE_FAILED;
  gboolean online = plz_connection_get_state (self->connection) == PLZ_CONNECTION_STATE_ONLINE;

  if (failed)
    plz_server_banner_set_description (self->server_banner,
                                       plz_server_launcher_get_error_message (self->launcher));
  plz_server_banner_set_revealed (self->server_banner, failed && !online);
}

static void
launcher_changed_cb (PlzWindow         *self,
                     GParamSpec        *pspec,
                     PlzServerLauncher *launcher)
{
  update_banner (self);
}

static void
connection_state_changed_cb (PlzWindow     *self,
                             GParamSpec    *pspec,
                             PlzConnection *connection)
{
  PlzConnectionState state = plz_connection_get_state (self->connection);

  if (state == PLZ_CONNECTION_STATE_ONLINE && self->last_state == PLZ_CONNECTION_STATE_OFFLINE)
    plz_window_add_toast (self, adw_toast_new (_("Connected to the server again")));

  self->last_state = state;
  update_banner (self);
}

/* GTK 4.8 shows the pages an AdwViewStack hides to assistive technology;
 * hiding them explicitly keeps screen readers on the page people see. */
static void
hide_other_pages (PlzWindow *self)
{
  g_autoptr(GtkSelectionModel) pages = adw_view_stack_get_pages (self->stack);
  GtkWidget *visible = adw_view_stack_get_visible_child (self->stack);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (pages));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(AdwViewStackPage) page = g_list_model_get_item (G_LIST_MODEL (pages), i);
      GtkWidget *child = adw_view_stack_page_get_child (page);

      gtk_accessible_update_state (GTK_ACCESSIBLE (child),
                                   GTK_ACCESSIBLE_STATE_HIDDEN, child != visible,
                                   -1);
    }
}

void
_plz_window_hide_other_pages (PlzWindow *self)
{
  hide_other_pages (self);
}

static void
visible_page_changed_cb (PlzWindow    *self,
                         GParamSpec   *pspec,
                         AdwViewStack *stack)
{
  const char *name = adw_view_stack_get_visible_child_name (self->stack);

  hide_other_pages (self);
  if (name != NULL)
    g_settings_set_string (self->settings, "last-view", name);
}

static void
show_page_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  plz_window_set_page (PLZ_WINDOW (widget), g_variant_get_string (parameter, NULL));
}

static void
restore_state (PlzWindow *self)
{
  g_autofree char *page = g_settings_get_string (self->settings, "last-view");
  int width = g_settings_get_int (self->settings, "window-width");
  int height = g_settings_get_int (self->settings, "window-height");

  if (width > 0 && height > 0)
    gtk_window_set_default_size (GTK_WINDOW (self), width, height);
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));

  plz_window_set_page (self, page);
}

static void
save_state (PlzWindow *self)
{
  gboolean maximized = gtk_window_is_maximized (GTK_WINDOW (self));

  g_settings_delay (self->settings);
  /* The default size follows the window's size while it is not maximized. */
  if (!maximized)
    {
      int width, height;

      gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
      if (width > 0 && height > 0)
        {
          g_settings_set_int (self->settings, "window-width", width);
          g_settings_set_int (self->settings, "window-height", height);
        }
    }
  g_settings_set_boolean (self->settings, "window-maximized", maximized);
  g_settings_apply (self->settings);
}

const char *
plz_window_get_page (PlzWindow *self)
{
  g_return_val_if_fail (PLZ_IS_WINDOW (self), NULL);

  return adw_view_stack_get_visible_child_name (self->stack);
}

gboolean
plz_window_set_page (PlzWindow  *self,
                     const char *name)
{
  g_return_val_if_fail (PLZ_IS_WINDOW (self), FALSE);

  if (name == NULL || adw_view_stack_get_child_by_name (self->stack, name) == NULL)
    return FALSE;
  /* Pages of another mode, or for admins only, are not there for everyone. */
  if (!adw_view_stack_page_get_visible (adw_view_stack_get_page (self->stack,
                                        adw_view_stack_get_child_by_name (self->stack, name))))
    return FALSE;

  adw_view_stack_set_visible_child_name (self->stack, name);
  return TRUE;
}

void
plz_window_add_toast (PlzWindow *self,
                      AdwToast  *toast)
{
  g_return_if_fail (PLZ_IS_WINDOW (self));
  g_return_if_fail (ADW_IS_TOAST (toast));

  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

PlzWindow *
plz_window_new (GtkApplication    *application,
                PlzConnection     *connection,
                PlzServerLauncher *launcher,
                PlzAccount        *account)
{
  g_return_val_if_fail (!application || GTK_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (PLZ_IS_CONNECTION (connection), NULL);
  g_return_val_if_fail (PLZ_IS_SERVER_LAUNCHER (launcher), NULL);
  g_return_val_if_fail (PLZ_IS_ACCOUNT (account), NULL);

  return g_object_new (PLZ_TYPE_WINDOW,
                       "application", application,
                       "connection", connection,
                       "launcher", launcher,
                       "account", account,
                       NULL);
}

static gboolean
plz_window_close_request (GtkWindow *window)
{
  save_state (PLZ_WINDOW (window));

  return GTK_WINDOW_CLASS (plz_window_parent_class)->close_request (window);
}

static void
plz_window_constructed (GObject *object)
{
  PlzWindow *self = PLZ_WINDOW (object);

  G_OBJECT_CLASS (plz_window_parent_class)->constructed (object);

  g_return_if_fail (self->connection != NULL && self->launcher != NULL && self->account != NULL);

  plz_connection_indicator_set_connection (self->connection_indicator, self->connection);
  g_object_bind_property (self->account, "link", self->connection_indicator, "link", G_BINDING_SYNC_CREATE);
  self->last_state = plz_connection_get_state (self->connection);
  g_signal_connect_object (self->connection, "notify::state",
                           G_CALLBACK (connection_state_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->launcher, "notify::state",
                           G_CALLBACK (launcher_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->launcher, "notify::error-message",
                           G_CALLBACK (launcher_changed_cb), self, G_CONNECT_SWAPPED);
  update_banner (self);
  plz_discover_page_set_account (self->discover_page, self->account);
  _plz_window_setup_account (self);
  _plz_window_setup_bookings (self);
  _plz_window_setup_messages (self);
  _plz_window_setup_live (self);
}

static void
plz_window_dispose (GObject *object)
{
  PlzWindow *self = PLZ_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), PLZ_TYPE_WINDOW);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->live_link);
  g_clear_object (&self->account);
  g_clear_pointer (&self->mode, g_free);
  g_clear_object (&self->settings);
  g_clear_object (&self->connection);
  g_clear_object (&self->launcher);

  G_OBJECT_CLASS (plz_window_parent_class)->dispose (object);
}

static void
plz_window_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  PlzWindow *self = PLZ_WINDOW (object);

  switch (prop_id)
    {
    case PROP_CONNECTION:
      g_value_set_object (value, self->connection);
      break;

    case PROP_LAUNCHER:
      g_value_set_object (value, self->launcher);
      break;

    case PROP_ACCOUNT:
      g_value_set_object (value, self->account);
      break;

    case PROP_MODE:
      g_value_set_string (value, self->mode);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
plz_window_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  PlzWindow *self = PLZ_WINDOW (object);

  switch (prop_id)
    {
    case PROP_CONNECTION:
      self->connection = g_value_dup_object (value);
      break;

    case PROP_LAUNCHER:
      self->launcher = g_value_dup_object (value);
      break;

    case PROP_ACCOUNT:
      self->account = g_value_dup_object (value);
      break;

    case PROP_MODE:
      _plz_window_set_mode (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
plz_window_class_init (PlzWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);
  static const struct { guint key; const char *page; } pages[] = {
    { GDK_KEY_1, "discover" },
    { GDK_KEY_2, "messages" },
    { GDK_KEY_3, "bookings" },
  };

  object_class->constructed = plz_window_constructed;
  object_class->dispose = plz_window_dispose;
  object_class->get_property = plz_window_get_property;
  object_class->set_property = plz_window_set_property;
  window_class->close_request = plz_window_close_request;

  properties[PROP_CONNECTION] =
    g_param_spec_object ("connection", NULL, NULL,
                         PLZ_TYPE_CONNECTION,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  properties[PROP_LAUNCHER] =
    g_param_spec_object ("launcher", NULL, NULL,
                         PLZ_TYPE_SERVER_LAUNCHER,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  properties[PROP_ACCOUNT] =
    g_param_spec_object ("account", NULL, NULL,
                         PLZ_TYPE_ACCOUNT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /* "consumer" or "operator": which side of an account with both roles is shown. */
  properties[PROP_MODE] =
    g_param_spec_string ("mode", NULL, NULL, "consumer",
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (PLZ_TYPE_CONNECTION_INDICATOR);
  g_type_ensure (PLZ_TYPE_SERVER_BANNER);
  g_type_ensure (PLZ_TYPE_DISCOVER_PAGE);
  g_type_ensure (PLZ_TYPE_MY_LISTINGS_PAGE);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/plaza/Plaza/plz-window.ui");
  gtk_widget_class_bind_template_child (widget_class, PlzWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, PlzWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, PlzWindow, switcher_title);
  gtk_widget_class_bind_template_child (widget_class, PlzWindow, switcher_bar);
  gtk_widget_class_bind_template_child (widget_class, PlzWindow, connection_indicator);
  gtk_widget_class_bind_template_child (widget_class, PlzWindow, server_banner);
  gtk_widget_class_bind_template_child (widget_class, PlzWindow, header_bar);
  gtk_widget_class_bind_template_child (widget_class, PlzWindow, session_stack);
  gtk_widget_class_bind_template_child (widget_class, PlzWindow, restoring_spinner);
  gtk_widget_class_bind_template_child (widget_class, PlzWindow, mode_switch);
  gtk_widget_class_bind_template_child (widget_class, PlzWindow, account_button);
  gtk_widget_class_bind_template_child (widget_class, PlzWindow, account_avatar);
  gtk_widget_class_bind_template_child (widget_class, PlzWindow, discover_page);
  gtk_widget_class_bind_template_child (widget_class, PlzWindow, my_listings_page);

  _plz_window_class_init_account (widget_class);
  _plz_window_class_init_bookings (widget_class);
  _plz_window_class_init_messages (widget_class);

  gtk_widget_class_install_action (widget_class, "win.show-page", "s", show_page_action);
  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    gtk_widget_class_add_binding_action (widget_class, pages[i].key, GDK_ALT_MASK,
                                         "win.show-page", "s", pages[i].page);
}

static void
plz_window_init (PlzWindow *self)
{
  /* The mode buttons ask for the mode's state while the template is built. */
  self->mode = g_strdup ("consumer");
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->settings = g_settings_new (APP_ID);
  restore_state (self);
  hide_other_pages (self);
  g_signal_connect_object (self->stack, "notify::visible-child-name",
                           G_CALLBACK (visible_page_changed_cb), self, G_CONNECT_SWAPPED);
}
