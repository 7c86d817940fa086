/* plz-composer.c — writing a message: the entry, attachments and Send */

#include "config.h"

#include <glib/gi18n.h>
#include <libsoup/soup.h>

#include "plz-api.h"
#include "plz-composer.h"
#include "plz-form.h"

struct _PlzComposer
{
  GtkWidget          parent_instance;

  /* Template children */
  GtkBox            *warning_slot;
  GtkFlowBox        *attachments_box;
  GtkButton         *attach_button;
  GtkTextView       *text_view;
  GtkWidget         *placeholder_label;
  GtkButton         *send_button;

  PlzAccount        *account;
  char              *conversation_id;
  JsonArray         *attachments;   /* [{"id", ...}] uploaded, not sent */
  SoupSession       *session;       /* uploads carry headers PlzAccount does not set */
  GCancellable      *cancellable;   /* uploads for this conversation */
  GtkNativeDialog   *chooser;
  guint              uploading;
  gboolean           blocked;
};

G_DEFINE_FINAL_TYPE (PlzComposer, plz_composer, GTK_TYPE_WIDGET)

enum {
  SEND,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static char *
get_text (PlzComposer *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->text_view);
  GtkTextIter start, end;
  g_autofree char *text = NULL;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  return g_strdup (g_strstrip (text));
}

static void
update_actions (PlzComposer *self)
{
  g_autofree char *text = get_text (self);
  gboolean has_content = *text != '\0' || json_array_get_length (self->attachments) > 0;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "composer.send",
                                 has_content && !self->blocked && self->uploading == 0
                                 && self->conversation_id != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "composer.attach",
                                 self->conversation_id != NULL && self->account != NULL);
  gtk_widget_set_visible (self->placeholder_label,
                          gtk_text_buffer_get_char_count (gtk_text_view_get_buffer (self->text_view)) == 0);
  gtk_widget_set_visible (GTK_WIDGET (self->attachments_box), json_array_get_length (self->attachments) > 0
                                                              || self->uploading > 0);
}

static void
buffer_changed_cb (PlzComposer   *self,
                   GtkTextBuffer *buffer)
{
  update_actions (self);
}

static void
clear_attachments (PlzComposer *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->attachments_box))) != NULL)
    gtk_flow_box_remove (self->attachments_box, child);
  g_clear_pointer (&self->attachments, json_array_unref);
  self->attachments = json_array_new ();
}

gboolean
plz_composer_send (PlzComposer *self)
{
  g_autofree char *text = NULL;
  g_autofree char *attachments_json = NULL;

  g_return_val_if_fail (PLZ_IS_COMPOSER (self), FALSE);

  text = get_text (self);
  if (self->blocked || self->uploading > 0 || self->conversation_id == NULL
      || (*text == '\0' && json_array_get_length (self->attachments) == 0))
    return FALSE;
  if (json_array_get_length (self->attachments) > 0)
    {
      g_autoptr(JsonNode) node = json_node_init_array (json_node_alloc (), self->attachments);

      attachments_json = json_to_string (node, FALSE);
    }
  g_signal_emit (self, signals[SEND], 0, text, attachments_json);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->text_view), "", -1);
  clear_attachments (self);
  update_actions (self);
  return TRUE;
}

static void
send_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  plz_composer_send (PLZ_COMPOSER (widget));
}

/* Enter sends; Shift+Enter (and Ctrl+Enter) is a new line. */
static gboolean
key_pressed_cb (PlzComposer           *self,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                GtkEventControllerKey *controller)
{
  if ((keyval != GDK_KEY_Return && keyval != GDK_KEY_KP_Enter)
      || (state & (GDK_SHIFT_MASK | GDK_CONTROL_MASK)) != 0)
    return FALSE;
  plz_composer_send (self);
  return TRUE;
}

/* ---- attachments ------------------------------------------------------------------ */

typedef struct
{
  PlzComposer *self;
  char        *name;
  GtkWidget   *chip;
} Upload;

static void
upload_free (Upload *upload)
{
  g_object_unref (upload->self);
  g_object_unref (upload->chip);
  g_free (upload->name);
  g_free (upload);
}

static GtkWidget *
make_chip (const char *name)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *spinner = gtk_spinner_new ();
  GtkWidget *label = gtk_label_new (name);

  gtk_spinner_start (GTK_SPINNER (spinner));
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_MIDDLE);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 24);
  gtk_box_append (GTK_BOX (box), spinner);
  gtk_box_append (GTK_BOX (box), label);
  gtk_widget_add_css_class (box, "attachment-chip");
  return box;
}

static void
uploaded_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  Upload *upload = user_data;
  PlzComposer *self = upload->self;
  SoupMessage *msg = soup_session_get_async_result_message (SOUP_SESSION (source), result);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);
  g_autoptr(JsonNode) node = NULL;
  JsonObject *attachment = NULL;
  GtkWidget *spinner = gtk_widget_get_first_child (upload->chip);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      upload_free (upload);
      return;
    }
  self->uploading--;
  if (body != NULL && soup_message_get_status (msg) == SOUP_STATUS_CREATED)
    {
      node = json_from_string (g_bytes_get_data (body, NULL), NULL);
      if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
        attachment = json_object_get_object_member (json_node_get_object (node), "attachment");
    }
  if (attachment != NULL && json_object_has_member (attachment, "id"))
    {
      gtk_widget_set_visible (spinner, FALSE);
      json_array_add_object_element (self->attachments, json_object_ref (attachment));
    }
  else
    {
      g_autoptr(GError) answer_error = body != NULL && error == NULL
        ? plz_api_error_from_body (soup_message_get_status (msg), body) : NULL;
      g_autofree char *text = g_strdup_printf (_("Could not attach “%s”: %s"), upload->name,
                                               error != NULL ? error->message
                                               : answer_error != NULL ? answer_error->message
                                               : _("the server sent no attachment"));

      if (gtk_widget_get_parent (upload->chip) != NULL)
        gtk_flow_box_remove (self->attachments_box, gtk_widget_get_parent (upload->chip));
      plz_form_add_toast (GTK_WIDGET (self), text);
    }
  update_actions (self);
  upload_free (upload);
}

static void
file_read_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  Upload *upload = user_data;
  PlzComposer *self = upload->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = g_file_load_bytes_finish (G_FILE (source), result, NULL, &error);
  g_autofree char *type = NULL, *escaped = NULL, *url = NULL, *auth = NULL;
  g_autoptr(SoupMessage) msg = NULL;

  if (bytes == NULL || self->conversation_id == NULL)
    {
      g_autofree char *text = g_strdup_printf (_("Could not read “%s”: %s"), upload->name,
                                               error != NULL ? error->message : "");

      self->uploading--;
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        plz_form_add_toast (GTK_WIDGET (self), text);
      if (gtk_widget_get_parent (upload->chip) != NULL)
        gtk_flow_box_remove (self->attachments_box, gtk_widget_get_parent (upload->chip));
      update_actions (self);
      upload_free (upload);
      return;
    }
  type = g_content_type_guess (upload->name, g_bytes_get_data (bytes, NULL),
                               MIN (g_bytes_get_size (bytes), 4096), NULL);
  g_free (type), type = g_content_type_get_mime_type (type != NULL ? type : "application/octet-stream");
  escaped = g_uri_escape_string (self->conversation_id, NULL, FALSE);
  url = g_strconcat (plz_account_get_server_url (self->account), "/api/v1/conversations/", escaped,
                     "/attachments", NULL);
  msg = soup_message_new ("POST", url);
  if (msg == NULL)
    {
      self->uploading--;
      plz_form_add_toast (GTK_WIDGET (self), _("The server address is not valid"));
      upload_free (upload);
      return;
    }
  auth = g_strconcat ("Bearer ", plz_account_get_token (self->account), NULL);
  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", auth);
  soup_message_headers_replace (soup_message_get_request_headers (msg), "X-Filename", upload->name);
  soup_message_set_request_body_from_bytes (msg, type != NULL ? type : "application/octet-stream", bytes);
  soup_session_send_and_read_async (self->session, msg, G_PRIORITY_DEFAULT, self->cancellable,
                                    uploaded_cb, upload);
}

void
plz_composer_attach_file (PlzComposer *self,
                          GFile       *file)
{
  Upload *upload;

  g_return_if_fail (PLZ_IS_COMPOSER (self));
  g_return_if_fail (G_IS_FILE (file));

  if (self->conversation_id == NULL || self->account == NULL)
    return;
  upload = g_new0 (Upload, 1);
  upload->self = g_object_ref (self);
  upload->name = g_file_get_basename (file);
  upload->chip = g_object_ref_sink (make_chip (upload->name));
  gtk_flow_box_append (self->attachments_box, upload->chip);
  self->uploading++;
  update_actions (self);
  g_file_load_bytes_async (file, self->cancellable, file_read_cb, upload);
}

static void
chooser_response_cb (PlzComposer     *self,
                     int              response,
                     GtkNativeDialog *chooser)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GListModel) files = gtk_file_chooser_get_files (GTK_FILE_CHOOSER (chooser));

      for (guint i = 0; i < g_list_model_get_n_items (files); i++)
        {
          g_autoptr(GFile) file = g_list_model_get_item (files, i);

          plz_composer_attach_file (self, file);
        }
    }
  g_clear_object (&self->chooser);
}

static void
attach_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  PlzComposer *self = PLZ_COMPOSER (widget);
  GtkRoot *root = gtk_widget_get_root (widget);

  if (self->chooser != NULL)
    return;
  self->chooser = GTK_NATIVE_DIALOG (gtk_file_chooser_native_new (_("Attach Files"),
                                                                  GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                                                  GTK_FILE_CHOOSER_ACTION_OPEN,
                                                                  _("_Attach"), _("_Cancel")));
  gtk_file_chooser_set_select_multiple (GTK_FILE_CHOOSER (self->chooser), TRUE);
  gtk_native_dialog_set_modal (self->chooser, TRUE);
  g_signal_connect_object (self->chooser, "response", G_CALLBACK (chooser_response_cb), self, G_CONNECT_SWAPPED);
  gtk_native_dialog_show (self->chooser);
}

/* ---- public ------------------------------------------------------------------------- */

GtkWidget *
plz_composer_new (void)
{
  return g_object_new (PLZ_TYPE_COMPOSER, NULL);
}

void
plz_composer_set_conversation (PlzComposer *self,
                               PlzAccount  *account,
                               const char  *conversation_id)
{
  g_return_if_fail (PLZ_IS_COMPOSER (self));
  g_return_if_fail (account == NULL || PLZ_IS_ACCOUNT (account));

  g_set_object (&self->account, account);
  if (g_strcmp0 (self->conversation_id, conversation_id) != 0)
    {
      g_cancellable_cancel (self->cancellable);
      g_clear_object (&self->cancellable);
      self->cancellable = g_cancellable_new ();
      self->uploading = 0;
      g_free (self->conversation_id);
      self->conversation_id = g_strdup (conversation_id);
      gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->text_view), "", -1);
      clear_attachments (self);
    }
  update_actions (self);
}

GtkTextBuffer *
plz_composer_get_buffer (PlzComposer *self)
{
  g_return_val_if_fail (PLZ_IS_COMPOSER (self), NULL);
  return gtk_text_view_get_buffer (self->text_view);
}

GtkBox *
plz_composer_get_warning_slot (PlzComposer *self)
{
  g_return_val_if_fail (PLZ_IS_COMPOSER (self), NULL);
  return self->warning_slot;
}

void
plz_composer_set_send_blocked (PlzComposer *self,
                               gboolean     blocked,
                               const char  *reason)
{
  g_return_if_fail (PLZ_IS_COMPOSER (self));

  self->blocked = blocked;
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->send_button),
                               blocked && reason != NULL ? reason : _("Send (Enter)"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->send_button), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  blocked && reason != NULL ? reason : "", -1);
  update_actions (self);
}

void
plz_composer_set_text (PlzComposer *self,
                       const char  *text)
{
  g_return_if_fail (PLZ_IS_COMPOSER (self));
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->text_view), text != NULL ? text : "", -1);
}

guint
plz_composer_get_n_attachments (PlzComposer *self)
{
  g_return_val_if_fail (PLZ_IS_COMPOSER (self), 0);
  return json_array_get_length (self->attachments);
}

static gboolean
plz_composer_grab_focus (GtkWidget *widget)
{
  return gtk_widget_grab_focus (GTK_WIDGET (PLZ_COMPOSER (widget)->text_view));
}

static void
plz_composer_dispose (GObject *object)
{
  PlzComposer *self = PLZ_COMPOSER (object);
  GtkWidget *child;

  g_cancellable_cancel (self->cancellable);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (self->chooser);
  g_clear_object (&self->chooser);
  gtk_widget_dispose_template (GTK_WIDGET (self), PLZ_TYPE_COMPOSER);
  /* The bin layout's child is ours to unparent. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->session);
  g_clear_object (&self->account);
  g_clear_pointer (&self->conversation_id, g_free);
  g_clear_pointer (&self->attachments, json_array_unref);

  G_OBJECT_CLASS (plz_composer_parent_class)->dispose (object);
}

static void
plz_composer_class_init (PlzComposerClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = plz_composer_dispose;
  widget_class->grab_focus = plz_composer_grab_focus;

  /* The user sends @body (trimmed) with @attachments_json (a JSON array text, or NULL). */
  signals[SEND] =
    g_signal_new ("send", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/plaza/Plaza/plz-composer.ui");
  gtk_widget_class_bind_template_child (widget_class, PlzComposer, warning_slot);
  gtk_widget_class_bind_template_child (widget_class, PlzComposer, attachments_box);
  gtk_widget_class_bind_template_child (widget_class, PlzComposer, attach_button);
  gtk_widget_class_bind_template_child (widget_class, PlzComposer, text_view);
  gtk_widget_class_bind_template_child (widget_class, PlzComposer, placeholder_label);
  gtk_widget_class_bind_template_child (widget_class, PlzComposer, send_button);

  gtk_widget_class_install_action (widget_class, "composer.send", NULL, send_action);
  gtk_widget_class_install_action (widget_class, "composer.attach", NULL, attach_action);
}

static void
plz_composer_init (PlzComposer *self)
{
  GtkEventController *keys = gtk_event_controller_key_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
  self->attachments = json_array_new ();
  self->session = soup_session_new ();
  self->cancellable = g_cancellable_new ();
  /* Before the text view's own handling, which would insert the newline. */
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect_object (keys, "key-pressed", G_CALLBACK (key_pressed_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self->text_view), keys);
  g_signal_connect_object (gtk_text_view_get_buffer (self->text_view), "changed",
                           G_CALLBACK (buffer_changed_cb), self, G_CONNECT_SWAPPED);
  update_actions (self);
}
