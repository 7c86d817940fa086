/* plz-operator-group.c — the form that makes a consumer an operator too */

#include "config.h"

#include <glib/gi18n.h>
#include <stdlib.h>

#include "plz-error.h"
#include "plz-form.h"
#include "plz-operator-group.h"
#include "plz-validate.h"

struct _PlzOperatorGroup
{
  AdwPreferencesGroup  parent_instance;

  /* Template children */
  AdwEntryRow         *business_row;
  AdwEntryRow         *lat_row;
  AdwEntryRow         *lng_row;
  AdwEntryRow         *radius_row;
  AdwEntryRow         *expertise_row;
  GtkLabel            *error_label;

  PlzAccount          *account;
  GCancellable        *cancellable;
  GtkWidget           *error_row;
  gboolean             busy;
};

G_DEFINE_FINAL_TYPE (PlzOperatorGroup, plz_operator_group, ADW_TYPE_PREFERENCES_GROUP)

static void
show_error (PlzOperatorGroup *self,
            GtkWidget        *row,
            const char       *message)
{
  if (self->error_row != NULL && self->error_row != row)
    plz_form_set_error (self->error_row, self->error_label, NULL);
  self->error_row = row;
  plz_form_set_error (row, self->error_label, message);
}

/* Reads a number between @min and @max from @row, saying what is wrong if not. */
static gboolean
read_number (PlzOperatorGroup *self,
             AdwEntryRow      *row,
             const char       *what,
             double            min,
             double            max,
             double           *out)
{
  g_autofree char *text = plz_form_get_text (GTK_EDITABLE (row));
  char *end = NULL;

  g_strdelimit (text, ",", '.');
  *out = g_ascii_strtod (text, &end);
  if (*text == '\0' || end == NULL || *end != '\0' || !(*out >= min && *out <= max))
    {
      /* TRANSLATORS: "Latitude must be a number from -90 to 90" */
      g_autofree char *message = g_strdup_printf (_("%s must be a number from %g to %g"), what, min, max);
      show_error (self, GTK_WIDGET (row), message);
      return FALSE;
    }
  return TRUE;
}

/* The profile to send, or NULL with the first problem shown. */
static JsonObject *
collect (PlzOperatorGroup *self)
{
  g_autoptr(JsonObject) profile = json_object_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *business = plz_validate_name ("business_name",
                                                 gtk_editable_get_text (GTK_EDITABLE (self->business_row)), &error);
  g_auto(GStrv) tags = g_strsplit (gtk_editable_get_text (GTK_EDITABLE (self->expertise_row)), ",", -1);
  JsonObject *area = json_object_new ();
  JsonArray *expertise = json_array_new ();
  double lat, lng, radius;

  json_object_set_object_member (profile, "service_area", area);
  json_object_set_array_member (profile, "expertise", expertise);
  if (business == NULL)
    {
      show_error (self, GTK_WIDGET (self->business_row), error->message);
      return NULL;
    }
  if (!read_number (self, self->lat_row, _("Latitude"), -90, 90, &lat) ||
      !read_number (self, self->lng_row, _("Longitude"), -180, 180, &lng) ||
      !read_number (self, self->radius_row, _("Radius"), 0.5, 500, &radius))
    return NULL;
  for (guint i = 0; tags[i] != NULL; i++)
    {
      g_autofree char *tag = NULL;

      if (*g_strstrip (tags[i]) == '\0')
        continue;
      tag = plz_validate_name ("expertise", tags[i], &error);
      if (tag == NULL)
        {
          show_error (self, GTK_WIDGET (self->expertise_row), error->message);
          return NULL;
        }
      json_array_add_string_element (expertise, tag);
    }

  json_object_set_string_member (profile, "business_name", business);
  json_object_set_double_member (area, "lat", lat);
  json_object_set_double_member (area, "lng", lng);
  json_object_set_double_member (area, "radius_km", radius);
  show_error (self, NULL, NULL);
  return g_steal_pointer (&profile);
}

static void
changed_cb (PlzOperatorGroup *self)
{
  /* A row being fixed loses its mark as soon as it changes. */
  if (self->error_row != NULL)
    show_error (self, NULL, NULL);
}

static void
submitted_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(PlzOperatorGroup) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) answer = plz_account_call_finish (PLZ_ACCOUNT (source), result, &error);
  const char *field;
  GtkWidget *row = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->busy = FALSE;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "operator.submit", TRUE);
  if (answer != NULL)
    {
      plz_form_add_toast (GTK_WIDGET (self), _("You are now an operator too. Switch modes in the header bar."));
      return;
    }
  field = plz_error_get_field (error);
  if (g_strcmp0 (field, "business_name") == 0)
    row = GTK_WIDGET (self->business_row);
  else if (g_strcmp0 (field, "service_area.lat") == 0)
    row = GTK_WIDGET (self->lat_row);
  else if (g_strcmp0 (field, "service_area.lng") == 0)
    row = GTK_WIDGET (self->lng_row);
  else if (g_strcmp0 (field, "service_area.radius_km") == 0)
    row = GTK_WIDGET (self->radius_row);
  else if (g_strcmp0 (field, "expertise") == 0)
    row = GTK_WIDGET (self->expertise_row);
  show_error (self, row, error->message);
}

static void
submit_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  PlzOperatorGroup *self = PLZ_OPERATOR_GROUP (widget);
  g_autoptr(JsonObject) profile = NULL;

  if (self->busy || self->account == NULL || (profile = collect (self)) == NULL)
    return;
  self->busy = TRUE;
  gtk_widget_action_set_enabled (widget, "operator.submit", FALSE);
  plz_account_become_operator_async (self->account, profile, self->cancellable,
                                     submitted_cb, g_object_ref (self));
}

void
plz_operator_group_set_account (PlzOperatorGroup *self,
                                PlzAccount       *account)
{
  g_return_if_fail (PLZ_IS_OPERATOR_GROUP (self));
  g_set_object (&self->account, account);
}

static void
plz_operator_group_dispose (GObject *object)
{
  PlzOperatorGroup *self = PLZ_OPERATOR_GROUP (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), PLZ_TYPE_OPERATOR_GROUP);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->account);

  G_OBJECT_CLASS (plz_operator_group_parent_class)->dispose (object);
}

static void
plz_operator_group_class_init (PlzOperatorGroupClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = plz_operator_group_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/org/plaza/Plaza/plz-operator-group.ui");
  gtk_widget_class_bind_template_child (widget_class, PlzOperatorGroup, business_row);
  gtk_widget_class_bind_template_child (widget_class, PlzOperatorGroup, lat_row);
  gtk_widget_class_bind_template_child (widget_class, PlzOperatorGroup, lng_row);
  gtk_widget_class_bind_template_child (widget_class, PlzOperatorGroup, radius_row);
  gtk_widget_class_bind_template_child (widget_class, PlzOperatorGroup, expertise_row);
  gtk_widget_class_bind_template_child (widget_class, PlzOperatorGroup, error_label);
  gtk_widget_class_bind_template_callback (widget_class, changed_cb);

  gtk_widget_class_install_action (widget_class, "operator.submit", NULL, submit_action);
}

static void
plz_operator_group_init (PlzOperatorGroup *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
}
