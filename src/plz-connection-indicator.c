/* plz-connection-indicator.c — the header bar's Online / Connecting… / Offline,
 * and while signed in the live link's state: Reconnecting in N s, HTTP polling */

#include "config.h"

#include <glib/gi18n.h>

#include "plz-connection-indicator.h"

struct _PlzConnectionIndicator
{
  GtkWidget      parent_instance;

  GtkImage      *icon;
  GtkLabel      *label;
  GtkButton     *retry_button;

  PlzConnection *connection;
  PlzLink       *link;
};

G_DEFINE_FINAL_TYPE (PlzConnectionIndicator, plz_connection_indicator, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_CONNECTION,
  PROP_LINK,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char *classes[] = { "connecting", "online", "offline", "polling", "reconnecting" };

static void
show (PlzConnectionIndicator *self,
      const char             *css_class,
      const char             *icon_name,
      const char             *text,
      const char             *details)
{
  g_autofree char *accessible = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (classes); i++)
    gtk_widget_remove_css_class (GTK_WIDGET (self), classes[i]);
  gtk_widget_add_css_class (GTK_WIDGET (self), css_class);

  gtk_image_set_from_icon_name (self->icon, icon_name);
  gtk_label_set_label (self->label, text);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self), details);

  /* TRANSLATORS: what a screen reader says for the header bar's status, e.g. "Connection: Online" */
  accessible = g_strdup_printf (_("Connection: %s"), text);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, details,
                                  -1);
}

/* Signed in: the live link says more than the health checks. */
static void
update_from_link (PlzConnectionIndicator *self)
{
  guint seconds = plz_link_get_retry_seconds (self->link);
  g_autofree char *text = NULL;
  g_autofree char *details = NULL;
  const char *url = self->connection != NULL ? plz_connection_get_server_url (self->connection) : NULL;
  PlzLinkState state = plz_link_get_state (self->link);

  gtk_widget_set_visible (GTK_WIDGET (self->retry_button),
                          state == PLZ_LINK_STATE_RECONNECTING);
  switch (state)
    {
    case PLZ_LINK_STATE_ONLINE:
      details = url != NULL ? g_strdup_printf (_("Connected to %s; messages arrive as they happen"), url)
                            : g_strdup (_("Messages arrive as they happen"));
      show (self, "online", "network-transmit-receive-symbolic", _("Online"), details);
      break;

    case PLZ_LINK_STATE_POLLING:
      show (self, "polling", "network-transmit-receive-symbolic", _("Using HTTP polling"),
            _("The live connection is blocked on this network; messages still arrive, a little later"));
      break;

    case PLZ_LINK_STATE_RECONNECTING:
      text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Reconnecting in %u s",
                                           "Reconnecting in %u s", seconds), seconds);
      details = url != NULL ? g_strdup_printf (_("Cannot reach %s; what you send waits and goes out when it is back"), url)
                            : g_strdup (_("The connection was lost; what you send waits and goes out when it is back"));
      show (self, "reconnecting", "network-idle-symbolic", text, details);
      break;

    case PLZ_LINK_STATE_CONNECTING:
      details = url != NULL ? g_strdup_printf (_("Connecting to %s…"), url) : g_strdup (_("Connecting…"));
      show (self, "connecting", "network-idle-symbolic", _("Connecting…"), details);
      break;

    case PLZ_LINK_STATE_OFFLINE:
    default:
      show (self, "offline", "network-offline-symbolic", _("Offline"),
            _("Not connected; what you send waits and goes out when Plaza is back online"));
      break;
    }
}

static void
update (PlzConnectionIndicator *self)
{
  PlzConnectionState state = PLZ_CONNECTION_STATE_CONNECTING;
  const char *url = NULL;
  const char *icon_name;
  const char *text;
  g_autofree char *details = NULL;

  if (self->link != NULL)
    {
      update_from_link (self);
      return;
    }
  gtk_widget_set_visible (GTK_WIDGET (self->retry_button), FALSE);
  if (self->connection != NULL)
    {
      state = plz_connection_get_state (self->connection);
      url = plz_connection_get_server_url (self->connection);
    }

  switch (state)
    {
    case PLZ_CONNECTION_STATE_ONLINE:
      icon_name = "network-transmit-receive-symbolic";
      text = _("Online");
      if (plz_connection_get_server_version (self->connection) != NULL)
        details = g_strdup_printf (_("Connected to %s (server version %s)"), url,
                                   plz_connection_get_server_version (self->connection));
      else
        details = g_strdup_printf (_("Connected to %s"), url);
      break;

    case PLZ_CONNECTION_STATE_OFFLINE:
      icon_name = "network-offline-symbolic";
      text = _("Offline");
      if (plz_connection_get_last_error (self->connection) != NULL)
        details = g_strdup_printf (_("%s. Plaza keeps trying to connect."),
                                   plz_connection_get_last_error (self->connection));
      else
        details = g_strdup_printf (_("Cannot reach %s. Plaza keeps trying to connect."), url);
      break;

    case PLZ_CONNECTION_STATE_CONNECTING:
    default:
      icon_name = "network-idle-symbolic";
      text = _("Connecting…");
      details = url != NULL ? g_strdup_printf (_("Connecting to %s…"), url)
                            : g_strdup (_("No server is configured"));
      break;
    }

  show (self, state == PLZ_CONNECTION_STATE_ONLINE ? "online"
              : state == PLZ_CONNECTION_STATE_OFFLINE ? "offline" : "connecting",
        icon_name, text, details);
}

static void
connection_changed_cb (PlzConnectionIndicator *self,
                       GParamSpec             *pspec,
                       PlzConnection          *connection)
{
  update (self);
}

PlzConnection *
plz_connection_indicator_get_connection (PlzConnectionIndicator *self)
{
  g_return_val_if_fail (PLZ_IS_CONNECTION_INDICATOR (self), NULL);

  return self->connection;
}

void
plz_connection_indicator_set_connection (PlzConnectionIndicator *self,
                                         PlzConnection          *connection)
{
  g_return_if_fail (PLZ_IS_CONNECTION_INDICATOR (self));
  g_return_if_fail (!connection || PLZ_IS_CONNECTION (connection));

  if (self->connection == connection)
    return;

  if (self->connection != NULL)
    g_signal_handlers_disconnect_by_data (self->connection, self);

  g_set_object (&self->connection, connection);

  if (connection != NULL)
    {
      static const char *signals[] = {
        "notify::state", "notify::server-url", "notify::server-version", "notify::last-error",
      };

      for (guint i = 0; i < G_N_ELEMENTS (signals); i++)
        g_signal_connect_object (connection, signals[i],
                                 G_CALLBACK (connection_changed_cb), self, G_CONNECT_SWAPPED);
    }

  update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONNECTION]);
}

PlzLink *
plz_connection_indicator_get_link (PlzConnectionIndicator *self)
{
  g_return_val_if_fail (PLZ_IS_CONNECTION_INDICATOR (self), NULL);

  return self->link;
}

void
plz_connection_indicator_set_link (PlzConnectionIndicator *self,
                                   PlzLink                *link)
{
  g_return_if_fail (PLZ_IS_CONNECTION_INDICATOR (self));
  g_return_if_fail (!link || PLZ_IS_LINK (link));

  if (self->link == link)
    return;
  if (self->link != NULL)
    g_signal_handlers_disconnect_by_data (self->link, self);
  g_set_object (&self->link, link);
  if (link != NULL)
    {
      g_signal_connect_object (link, "notify::state", G_CALLBACK (connection_changed_cb), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (link, "notify::retry-seconds", G_CALLBACK (connection_changed_cb), self,
                               G_CONNECT_SWAPPED);
    }
  update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LINK]);
}

static void
retry_activated (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  PlzConnectionIndicator *self = PLZ_CONNECTION_INDICATOR (widget);

  if (self->link != NULL)
    plz_link_reconnect_now (self->link);
}

GtkWidget *
plz_connection_indicator_new (PlzConnection *connection)
{
  return g_object_new (PLZ_TYPE_CONNECTION_INDICATOR, "connection", connection, NULL);
}

static void
plz_connection_indicator_dispose (GObject *object)
{
  PlzConnectionIndicator *self = PLZ_CONNECTION_INDICATOR (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), PLZ_TYPE_CONNECTION_INDICATOR);
  if (self->connection != NULL)
    g_signal_handlers_disconnect_by_data (self->connection, self);
  g_clear_object (&self->connection);
  if (self->link != NULL)
    g_signal_handlers_disconnect_by_data (self->link, self);
  g_clear_object (&self->link);

  G_OBJECT_CLASS (plz_connection_indicator_parent_class)->dispose (object);
}

static void
plz_connection_indicator_get_property (GObject    *object,
                                       guint       prop_id,
                                       GValue     *value,
                                       GParamSpec *pspec)
{
  PlzConnectionIndicator *self = PLZ_CONNECTION_INDICATOR (object);

  switch (prop_id)
    {
    case PROP_CONNECTION:
      g_value_set_object (value, self->connection);
      break;

    case PROP_LINK:
      g_value_set_object (value, self->link);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
plz_connection_indicator_set_property (GObject      *object,
                                       guint         prop_id,
                                       const GValue *value,
                                       GParamSpec   *pspec)
{
  PlzConnectionIndicator *self = PLZ_CONNECTION_INDICATOR (object);

  switch (prop_id)
    {
    case PROP_CONNECTION:
      plz_connection_indicator_set_connection (self, g_value_get_object (value));
      break;

    case PROP_LINK:
      plz_connection_indicator_set_link (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
plz_connection_indicator_class_init (PlzConnectionIndicatorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = plz_connection_indicator_dispose;
  object_class->get_property = plz_connection_indicator_get_property;
  object_class->set_property = plz_connection_indicator_set_property;

  properties[PROP_CONNECTION] =
    g_param_spec_object ("connection", NULL, NULL,
                         PLZ_TYPE_CONNECTION,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LINK] =
    g_param_spec_object ("link", NULL, NULL,
                         PLZ_TYPE_LINK,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/plaza/Plaza/plz-connection-indicator.ui");
  gtk_widget_class_bind_template_child (widget_class, PlzConnectionIndicator, icon);
  gtk_widget_class_bind_template_child (widget_class, PlzConnectionIndicator, label);
  gtk_widget_class_bind_template_child (widget_class, PlzConnectionIndicator, retry_button);
  gtk_widget_class_install_action (widget_class, "indicator.retry", NULL, retry_activated);

  gtk_widget_class_set_css_name (widget_class, "connectionindicator");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_STATUS);
}

static void
plz_connection_indicator_init (PlzConnectionIndicator *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  update (self);
}
