/* plz-preferences-window.c — the server address and other settings */

#include "config.h"

#include <glib/gi18n.h>

#include "plz-preferences-window.h"
#include "plz-server-address.h"

struct _PlzPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  /* Template children */
  AdwEntryRow          *server_row;
  GtkLabel             *server_error_label;

  GSettings            *settings;
};

G_DEFINE_FINAL_TYPE (PlzPreferencesWindow, plz_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

/* Shows @message under the row, or hides it when NULL. */
static void
show_server_error (PlzPreferencesWindow *self,
                   const char           *message)
{
  gtk_label_set_label (self->server_error_label, message);
  gtk_widget_set_visible (GTK_WIDGET (self->server_error_label), message != NULL);

  if (message != NULL)
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->server_row), "error");
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->server_row),
                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, message,
                                      -1);
      gtk_accessible_update_state (GTK_ACCESSIBLE (self->server_row),
                                   GTK_ACCESSIBLE_STATE_INVALID, GTK_ACCESSIBLE_INVALID_TRUE,
                                   -1);
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->server_row), "error");
      gtk_accessible_reset_property (GTK_ACCESSIBLE (self->server_row),
                                     GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
      gtk_accessible_reset_state (GTK_ACCESSIBLE (self->server_row),
                                  GTK_ACCESSIBLE_STATE_INVALID);
    }
}

static void
server_row_changed_cb (PlzPreferencesWindow *self)
{
  g_autofree char *text = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->server_row)));
  g_autoptr(GUri) uri = NULL;
  g_autoptr(GError) error = NULL;

  /* Say what is wrong while typing, but not about an empty field yet. */
  uri = plz_server_address_parse (g_strstrip (text), &error);
  if (uri == NULL && *text != '\0')
    show_server_error (self, error->message);
  else
    show_server_error (self, NULL);
}

static void
server_row_applied_cb (PlzPreferencesWindow *self)
{
  g_autofree char *text = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->server_row)));
  g_autoptr(GUri) uri = NULL;
  g_autoptr(GError) error = NULL;

  g_strstrip (text);
  uri = plz_server_address_parse (text, &error);
  if (uri == NULL)
    {
      show_server_error (self, error->message);
      gtk_widget_grab_focus (GTK_WIDGET (self->server_row));
      return;
    }

  show_server_error (self, NULL);
  g_settings_set_string (self->settings, "server-url", text);
  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self),
                                    adw_toast_new (_("Server address saved")));
}

PlzPreferencesWindow *
plz_preferences_window_new (GtkWindow *parent)
{
  g_return_val_if_fail (!parent || GTK_IS_WINDOW (parent), NULL);

  return g_object_new (PLZ_TYPE_PREFERENCES_WINDOW,
                       "transient-for", parent,
                       "modal", parent != NULL,
                       NULL);
}

static void
plz_preferences_window_dispose (GObject *object)
{
  PlzPreferencesWindow *self = PLZ_PREFERENCES_WINDOW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), PLZ_TYPE_PREFERENCES_WINDOW);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (plz_preferences_window_parent_class)->dispose (object);
}

static void
plz_preferences_window_class_init (PlzPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = plz_preferences_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/org/plaza/Plaza/plz-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, PlzPreferencesWindow, server_row);
  gtk_widget_class_bind_template_child (widget_class, PlzPreferencesWindow, server_error_label);
  gtk_widget_class_bind_template_callback (widget_class, server_row_applied_cb);
  gtk_widget_class_bind_template_callback (widget_class, server_row_changed_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
plz_preferences_window_init (PlzPreferencesWindow *self)
{
  g_autofree char *url = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = g_settings_new (APP_ID);
  url = g_settings_get_string (self->settings, "server-url");
  gtk_editable_set_text (GTK_EDITABLE (self->server_row), url);
}
