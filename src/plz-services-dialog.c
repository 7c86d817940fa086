/* plz-services-dialog.c — an operator's services: list, add, change, stop offering */

#include "config.h"

#include <glib/gi18n.h>

#include "plz-booking-info.h"
#include "plz-error.h"
#include "plz-form.h"
#include "plz-money.h"
#include "plz-services-dialog.h"

/* Prices are typed and shown in rand: Plaza's pilot runs in South Africa. */
#define CURRENCY "ZAR"

struct _PlzServicesDialog
{
  AdwWindow       parent_instance;

  /* Template children */
  AdwWindowTitle *window_title;
  GtkWidget      *back_button;
  GtkWidget      *save_button;
  GtkWidget      *new_button;
  GtkStack       *content_stack;
  GtkSpinner     *spinner;
  AdwStatusPage  *error_page;
  GtkListBox     *services_list;
  AdwEntryRow    *name_row;
  AdwEntryRow    *price_row;
  GtkSpinButton  *duration_spin;
  GtkSpinButton  *before_spin;
  GtkSpinButton  *after_spin;
  AdwEntryRow    *tags_row;
  GtkSwitch      *instant_switch;
  GtkLabel       *error_label;
  GtkWidget      *remove_button;

  PlzAccount     *account;
  JsonArray      *services;
  char           *editing;        /* id of the service in the form; NULL for a new one */
  gboolean        busy;
  GCancellable   *cancellable;
};

G_DEFINE_FINAL_TYPE (PlzServicesDialog, plz_services_dialog, ADW_TYPE_WINDOW)

static void load (PlzServicesDialog *self);

static void
show_state (PlzServicesDialog *self,
            const char        *state)
{
  gboolean editing = g_strcmp0 (state, "edit") == 0;

  gtk_stack_set_visible_child_name (self->content_stack, state);
  plz_form_hide_other_pages (self->content_stack);
  gtk_spinner_set_spinning (self->spinner, g_strcmp0 (state, "loading") == 0);
  gtk_widget_set_visible (self->save_button, editing);
  gtk_widget_set_visible (self->new_button, g_strcmp0 (state, "list") == 0);
  gtk_button_set_label (GTK_BUTTON (self->back_button), editing ? _("_Back") : _("_Close"));
  adw_window_title_set_title (self->window_title, editing ? (self->editing != NULL ? _("Change Service")
                                                                                   : _("New Service"))
                                                          : _("Services"));
}

static void
show_message (PlzServicesDialog *self,
              GtkWidget         *row,
              const char        *message)
{
  plz_form_set_error (row, self->error_label, message);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

static JsonObject *
find_service (PlzServicesDialog *self,
              const char        *id)
{
  for (guint i = 0; self->services != NULL && i < json_array_get_length (self->services); i++)
    {
      JsonObject *service = json_array_get_object_element (self->services, i);

      if (g_strcmp0 (plz_booking_get_string (service, "id"), id) == 0)
        return service;
    }
  return NULL;
}

/* ---- the list -------------------------------------------------------------------------- */

static char *
describe (JsonObject *service)
{
  gint64 minutes = json_object_get_int_member_with_default (service, "duration_minutes", 0);
  g_autofree char *price = plz_booking_format_price (service);
  JsonArray *tags = plz_booking_get_array (service, "tags");
  g_autoptr(GString) text = g_string_new (NULL);

  g_string_append_printf (text, _("%d min"), (int) minutes);
  if (price != NULL)
    g_string_append_printf (text, " · %s", price);
  for (guint i = 0; tags != NULL && i < json_array_get_length (tags); i++)
    g_string_append_printf (text, "%s%s", i == 0 ? " · " : ", ", json_array_get_string_element (tags, i));
  if (json_object_get_boolean_member_with_default (service, "instant_confirm", FALSE))
    g_string_append_printf (text, " · %s", _("confirmed at once"));
  if (!json_object_get_boolean_member_with_default (service, "active", TRUE))
    g_string_append_printf (text, " · %s", _("not offered"));
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
fill_list (PlzServicesDialog *self)
{
  GtkWidget *child;
  guint n = json_array_get_length (self->services);

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->services_list))) != NULL)
    gtk_list_box_remove (self->services_list, child);
  for (guint i = 0; i < n; i++)
    {
      JsonObject *service = json_array_get_object_element (self->services, i);
      GtkWidget *row = adw_action_row_new ();
      g_autofree char *subtitle = NULL;

      if (service == NULL)
        continue;
      subtitle = describe (service);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), plz_booking_get_string (service, "name"));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      g_object_set_data_full (G_OBJECT (row), "service-id", g_strdup (plz_booking_get_string (service, "id")), g_free);
      gtk_list_box_append (self->services_list, row);
    }
  show_state (self, n > 0 ? "list" : "empty");
}

static void
loaded_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(PlzServicesDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) answer = plz_account_call_finish (PLZ_ACCOUNT (source), result, &error);
  JsonArray *services = plz_booking_get_array (answer, "services");

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (services == NULL)
    {
      adw_status_page_set_description (self->error_page,
                                       error != NULL ? error->message
                                                     : _("The server gave an answer Plaza does not understand"));
      show_state (self, "error");
      return;
    }
  g_clear_pointer (&self->services, json_array_unref);
  self->services = json_array_ref (services);
  fill_list (self);
}

static void
load (PlzServicesDialog *self)
{
  show_state (self, "loading");
  plz_account_call_async (self->account, "GET", "/api/v1/me/services", NULL, FALSE, self->cancellable,
                          loaded_cb, g_object_ref (self));
}

static void
row_activated_cb (PlzServicesDialog *self,
                  GtkListBoxRow     *row)
{
  plz_services_dialog_edit (self, g_object_get_data (G_OBJECT (row), "service-id"));
}

/* ---- the form ---------------------------------------------------------------------------- */

void
plz_services_dialog_edit (PlzServicesDialog *self,
                          const char        *id)
{
  JsonObject *service;
  JsonArray *tags;
  g_autofree char *price = NULL;
  g_autoptr(GString) tag_text = g_string_new (NULL);
  JsonNode *price_node;

  g_return_if_fail (PLZ_IS_SERVICES_DIALOG (self));

  service = id != NULL ? find_service (self, id) : NULL;
  g_free (self->editing);
  self->editing = service != NULL ? g_strdup (id) : NULL;
  price_node = service != NULL ? json_object_get_member (service, "price") : NULL;
  if (price_node != NULL && JSON_NODE_HOLDS_OBJECT (price_node))
    {
      gint64 amount = json_object_get_int_member_with_default (json_node_get_object (price_node), "amount", 0);

      price = g_strdup_printf ("%" G_GINT64_FORMAT ".%02d", amount / 100, (int) (amount % 100));
    }
  tags = plz_booking_get_array (service, "tags");
  for (guint i = 0; tags != NULL && i < json_array_get_length (tags); i++)
    g_string_append_printf (tag_text, "%s%s", i > 0 ? ", " : "", json_array_get_string_element (tags, i));

  gtk_editable_set_text (GTK_EDITABLE (self->name_row), service != NULL ? plz_booking_get_string (service, "name") : "");
  gtk_editable_set_text (GTK_EDITABLE (self->price_row), price != NULL ? price : "");
  gtk_editable_set_text (GTK_EDITABLE (self->tags_row), tag_text->str);
  gtk_spin_button_set_value (self->duration_spin,
                             service != NULL ? json_object_get_int_member_with_default (service, "duration_minutes", 60) : 60);
  gtk_spin_button_set_value (self->before_spin,
                             service != NULL ? json_object_get_int_member_with_default (service, "buffer_before_minutes", 0) : 0);
  gtk_spin_button_set_value (self->after_spin,
                             service != NULL ? json_object_get_int_member_with_default (service, "buffer_after_minutes", 0) : 0);
  gtk_switch_set_active (self->instant_switch,
                         service != NULL && json_object_get_boolean_member_with_default (service, "instant_confirm", FALSE));
  gtk_widget_set_visible (self->remove_button, service != NULL
                                               && json_object_get_boolean_member_with_default (service, "active", TRUE));
  gtk_widget_remove_css_class (GTK_WIDGET (self->name_row), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->price_row), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->tags_row), "error");
  show_message (self, NULL, NULL);
  show_state (self, "edit");
  gtk_widget_grab_focus (GTK_WIDGET (self->name_row));
}

/* The form as JSON, or NULL after showing what is wrong. */
static JsonObject *
build_body (PlzServicesDialog *self)
{
  g_autoptr(JsonObject) body = json_object_new ();
  g_autofree char *name = plz_form_get_text (GTK_EDITABLE (self->name_row));
  g_autofree char *price_text = plz_form_get_text (GTK_EDITABLE (self->price_row));
  g_autofree char *tag_text = plz_form_get_text (GTK_EDITABLE (self->tags_row));
  g_auto(GStrv) tags = g_strsplit (tag_text, ",", -1);
  g_autoptr(GError) error = NULL;
  JsonObject *price = json_object_new ();
  JsonArray *tag_array = json_array_new ();
  gint64 amount;

  json_object_set_object_member (body, "price", price);
  json_object_set_array_member (body, "tags", tag_array);
  if (*name == '\0')
    {
      show_message (self, GTK_WIDGET (self->name_row), _("Give the service a name customers understand."));
      return NULL;
    }
  if (!plz_money_parse (price_text, CURRENCY, &amount, &error))
    {
      show_message (self, GTK_WIDGET (self->price_row), error->message);
      return NULL;
    }
  json_object_set_string_member (body, "name", name);
  json_object_set_int_member (price, "amount", amount);
  json_object_set_string_member (price, "currency", CURRENCY);
  json_object_set_int_member (body, "duration_minutes", gtk_spin_button_get_value_as_int (self->duration_spin));
  json_object_set_int_member (body, "buffer_before_minutes", gtk_spin_button_get_value_as_int (self->before_spin));
  json_object_set_int_member (body, "buffer_after_minutes", gtk_spin_button_get_value_as_int (self->after_spin));
  json_object_set_boolean_member (body, "instant_confirm", gtk_switch_get_active (self->instant_switch));
  for (guint i = 0; tags[i] != NULL; i++)
    {
      g_strstrip (tags[i]);
      if (*tags[i] != '\0')
        json_array_add_string_element (tag_array, tags[i]);
    }
  return g_steal_pointer (&body);
}

static GtkWidget *
row_for_field (PlzServicesDialog *self,
               const char        *field)
{
  if (g_strcmp0 (field, "name") == 0)
    return GTK_WIDGET (self->name_row);
  if (field != NULL && g_str_has_prefix (field, "price"))
    return GTK_WIDGET (self->price_row);
  if (field != NULL && g_str_has_prefix (field, "tags"))
    return GTK_WIDGET (self->tags_row);
  return NULL;
}

static void
saved_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(PlzServicesDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) answer = plz_account_call_finish (PLZ_ACCOUNT (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->busy = FALSE;
  if (answer == NULL)
    {
      show_message (self, row_for_field (self, plz_error_get_field (error)), error->message);
      return;
    }
  load (self);
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  PlzServicesDialog *self = PLZ_SERVICES_DIALOG (widget);
  g_autoptr(JsonObject) body = NULL;
  g_autofree char *path = NULL;

  if (self->busy)
    return;
  gtk_widget_remove_css_class (GTK_WIDGET (self->name_row), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->price_row), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->tags_row), "error");
  show_message (self, NULL, NULL);
  if ((body = build_body (self)) == NULL)
    return;
  if (self->editing != NULL)
    {
      g_autofree char *escaped = g_uri_escape_string (self->editing, NULL, FALSE);

      path = g_strconcat ("/api/v1/me/services/", escaped, NULL);
    }
  self->busy = TRUE;
  plz_account_call_async (self->account, self->editing != NULL ? "PATCH" : "POST",
                          path != NULL ? path : "/api/v1/me/services", body, FALSE, self->cancellable,
                          saved_cb, g_object_ref (self));
}

static void
remove_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  PlzServicesDialog *self = PLZ_SERVICES_DIALOG (widget);
  g_autofree char *escaped = NULL, *path = NULL;

  if (self->editing == NULL || self->busy)
    return;
  escaped = g_uri_escape_string (self->editing, NULL, FALSE);
  path = g_strconcat ("/api/v1/me/services/", escaped, NULL);
  self->busy = TRUE;
  /* The server keeps it (bookings refer to it) but stops offering it. */
  plz_account_call_async (self->account, "DELETE", path, NULL, FALSE, self->cancellable, saved_cb,
                          g_object_ref (self));
}

static void
new_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  plz_services_dialog_edit (PLZ_SERVICES_DIALOG (widget), NULL);
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  PlzServicesDialog *self = PLZ_SERVICES_DIALOG (widget);

  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->content_stack), "edit") == 0 && self->services != NULL)
    fill_list (self);
  else
    gtk_window_close (GTK_WINDOW (self));
}

static void
reload_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  load (PLZ_SERVICES_DIALOG (widget));
}

/* ---- public --------------------------------------------------------------------------------- */

PlzServicesDialog *
plz_services_dialog_new (GtkWindow  *parent,
                         PlzAccount *account)
{
  PlzServicesDialog *self;

  g_return_val_if_fail (PLZ_IS_ACCOUNT (account), NULL);

  self = g_object_new (PLZ_TYPE_SERVICES_DIALOG, "transient-for", parent, NULL);
  self->account = g_object_ref (account);
  load (self);
  return self;
}

const char *
plz_services_dialog_get_state (PlzServicesDialog *self)
{
  g_return_val_if_fail (PLZ_IS_SERVICES_DIALOG (self), NULL);
  return gtk_stack_get_visible_child_name (self->content_stack);
}

guint
plz_services_dialog_get_n_services (PlzServicesDialog *self)
{
  guint n = 0;

  g_return_val_if_fail (PLZ_IS_SERVICES_DIALOG (self), 0);
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->services_list)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n++;
  return n;
}

GtkWidget *
plz_services_dialog_get_field (PlzServicesDialog *self,
                               const char        *name)
{
  const struct { const char *name; gsize offset; } fields[] = {
    { "name", G_STRUCT_OFFSET (PlzServicesDialog, name_row) },
    { "price", G_STRUCT_OFFSET (PlzServicesDialog, price_row) },
    { "tags", G_STRUCT_OFFSET (PlzServicesDialog, tags_row) },
    { "duration", G_STRUCT_OFFSET (PlzServicesDialog, duration_spin) },
    { "before", G_STRUCT_OFFSET (PlzServicesDialog, before_spin) },
    { "after", G_STRUCT_OFFSET (PlzServicesDialog, after_spin) },
    { "instant", G_STRUCT_OFFSET (PlzServicesDialog, instant_switch) },
  };

  g_return_val_if_fail (PLZ_IS_SERVICES_DIALOG (self), NULL);
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    if (g_strcmp0 (fields[i].name, name) == 0)
      return G_STRUCT_MEMBER (GtkWidget *, self, fields[i].offset);
  return NULL;
}

const char *
plz_services_dialog_get_message (PlzServicesDialog *self)
{
  g_return_val_if_fail (PLZ_IS_SERVICES_DIALOG (self), NULL);
  return gtk_widget_get_visible (GTK_WIDGET (self->error_label)) ? gtk_label_get_label (self->error_label) : NULL;
}

static void
plz_services_dialog_dispose (GObject *object)
{
  PlzServicesDialog *self = PLZ_SERVICES_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), PLZ_TYPE_SERVICES_DIALOG);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->account);
  g_clear_pointer (&self->services, json_array_unref);
  g_clear_pointer (&self->editing, g_free);

  G_OBJECT_CLASS (plz_services_dialog_parent_class)->dispose (object);
}

static void
plz_services_dialog_class_init (PlzServicesDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = plz_services_dialog_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/org/plaza/Plaza/plz-services-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, PlzServicesDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, PlzServicesDialog, back_button);
  gtk_widget_class_bind_template_child (widget_class, PlzServicesDialog, save_button);
  gtk_widget_class_bind_template_child (widget_class, PlzServicesDialog, new_button);
  gtk_widget_class_bind_template_child (widget_class, PlzServicesDialog, content_stack);
  gtk_widget_class_bind_template_child (widget_class, PlzServicesDialog, spinner);
  gtk_widget_class_bind_template_child (widget_class, PlzServicesDialog, error_page);
  gtk_widget_class_bind_template_child (widget_class, PlzServicesDialog, services_list);
  gtk_widget_class_bind_template_child (widget_class, PlzServicesDialog, name_row);
  gtk_widget_class_bind_template_child (widget_class, PlzServicesDialog, price_row);
  gtk_widget_class_bind_template_child (widget_class, PlzServicesDialog, duration_spin);
  gtk_widget_class_bind_template_child (widget_class, PlzServicesDialog, before_spin);
  gtk_widget_class_bind_template_child (widget_class, PlzServicesDialog, after_spin);
  gtk_widget_class_bind_template_child (widget_class, PlzServicesDialog, tags_row);
  gtk_widget_class_bind_template_child (widget_class, PlzServicesDialog, instant_switch);
  gtk_widget_class_bind_template_child (widget_class, PlzServicesDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, PlzServicesDialog, remove_button);
  gtk_widget_class_bind_template_callback (widget_class, row_activated_cb);

  gtk_widget_class_install_action (widget_class, "services.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "services.remove", NULL, remove_action);
  gtk_widget_class_install_action (widget_class, "services.new", NULL, new_action);
  gtk_widget_class_install_action (widget_class, "services.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "services.reload", NULL, reload_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "services.back", NULL);
}

static void
plz_services_dialog_init (PlzServicesDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
}
