/* plz-server-banner.c — a bar across the window saying what went wrong, with Retry
 *
 * AdwBanner arrives in libadwaita 1.3; this is the same idea for 1.2, with a
 * second line for the reason.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "plz-server-banner.h"

struct _PlzServerBanner
{
  GtkWidget    parent_instance;

  GtkRevealer *revealer;
  GtkLabel    *title_label;
  GtkLabel    *description_label;
  GtkButton   *button;
};

G_DEFINE_FINAL_TYPE (PlzServerBanner, plz_server_banner, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_TITLE,
  PROP_DESCRIPTION,
  PROP_REVEALED,
  PROP_ACTION_NAME,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
update_accessible (PlzServerBanner *self)
{
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  gtk_label_get_label (self->title_label),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  gtk_label_get_label (self->description_label),
                                  -1);
}

void
plz_server_banner_set_title (PlzServerBanner *self,
                             const char      *title)
{
  g_return_if_fail (PLZ_IS_SERVER_BANNER (self));

  if (g_strcmp0 (title, gtk_label_get_label (self->title_label)) == 0)
    return;

  gtk_label_set_label (self->title_label, title);
  update_accessible (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
}

void
plz_server_banner_set_description (PlzServerBanner *self,
                                   const char      *description)
{
  g_return_if_fail (PLZ_IS_SERVER_BANNER (self));

  if (g_strcmp0 (description, gtk_label_get_label (self->description_label)) == 0)
    return;

  gtk_label_set_label (self->description_label, description);
  gtk_widget_set_visible (GTK_WIDGET (self->description_label),
                          description != NULL && *description != '\0');
  update_accessible (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DESCRIPTION]);
}

const char *
plz_server_banner_get_description (PlzServerBanner *self)
{
  g_return_val_if_fail (PLZ_IS_SERVER_BANNER (self), NULL);

  return gtk_label_get_label (self->description_label);
}

void
plz_server_banner_set_revealed (PlzServerBanner *self,
                                gboolean         revealed)
{
  g_return_if_fail (PLZ_IS_SERVER_BANNER (self));

  revealed = !!revealed;
  if (revealed == gtk_revealer_get_reveal_child (self->revealer))
    return;

  gtk_revealer_set_reveal_child (self->revealer, revealed);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REVEALED]);
}

gboolean
plz_server_banner_get_revealed (PlzServerBanner *self)
{
  g_return_val_if_fail (PLZ_IS_SERVER_BANNER (self), FALSE);

  return gtk_revealer_get_reveal_child (self->revealer);
}

GtkWidget *
plz_server_banner_new (void)
{
  return g_object_new (PLZ_TYPE_SERVER_BANNER, NULL);
}

static void
plz_server_banner_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), PLZ_TYPE_SERVER_BANNER);

  G_OBJECT_CLASS (plz_server_banner_parent_class)->dispose (object);
}

static void
plz_server_banner_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  PlzServerBanner *self = PLZ_SERVER_BANNER (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      g_value_set_string (value, gtk_label_get_label (self->title_label));
      break;

    case PROP_DESCRIPTION:
      g_value_set_string (value, gtk_label_get_label (self->description_label));
      break;

    case PROP_REVEALED:
      g_value_set_boolean (value, plz_server_banner_get_revealed (self));
      break;

    case PROP_ACTION_NAME:
      g_value_set_string (value, gtk_actionable_get_action_name (GTK_ACTIONABLE (self->button)));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
plz_server_banner_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  PlzServerBanner *self = PLZ_SERVER_BANNER (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      plz_server_banner_set_title (self, g_value_get_string (value));
      break;

    case PROP_DESCRIPTION:
      plz_server_banner_set_description (self, g_value_get_string (value));
      break;

    case PROP_REVEALED:
      plz_server_banner_set_revealed (self, g_value_get_boolean (value));
      break;

    case PROP_ACTION_NAME:
      gtk_actionable_set_action_name (GTK_ACTIONABLE (self->button), g_value_get_string (value));
      g_object_notify_by_pspec (object, pspec);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
plz_server_banner_class_init (PlzServerBannerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = plz_server_banner_dispose;
  object_class->get_property = plz_server_banner_get_property;
  object_class->set_property = plz_server_banner_set_property;

  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_DESCRIPTION] =
    g_param_spec_string ("description", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_REVEALED] =
    g_param_spec_boolean ("revealed", NULL, NULL,
                          FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /* The action the Retry button activates. */
  properties[PROP_ACTION_NAME] =
    g_param_spec_string ("action-name", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/plaza/Plaza/plz-server-banner.ui");
  gtk_widget_class_bind_template_child (widget_class, PlzServerBanner, revealer);
  gtk_widget_class_bind_template_child (widget_class, PlzServerBanner, title_label);
  gtk_widget_class_bind_template_child (widget_class, PlzServerBanner, description_label);
  gtk_widget_class_bind_template_child (widget_class, PlzServerBanner, button);

  gtk_widget_class_set_css_name (widget_class, "serverbanner");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_ALERT);
}

static void
plz_server_banner_init (PlzServerBanner *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_widget_set_visible (GTK_WIDGET (self->description_label), FALSE);
}
