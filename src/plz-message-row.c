/* plz-message-row.c — one message in a chat. Built in code: most of a row
 * (attachments, actions) depends on what the message carries. */

#include "config.h"

#include <glib/gi18n.h>

#include "plz-chat-format.h"
#include "plz-message-row.h"
#include "plz-message-body.h"

struct _PlzMessageRow
{
  GtkListBoxRow    parent_instance;

  GtkWidget       *bubble;
  PlzMessageBody  *body;        /* hidden contact details drawn as pills */
  GtkLabel        *body_label;
  GtkLabel        *meta_label;
  PlzChatMessage  *message;
  gboolean         own;
};

G_DEFINE_FINAL_TYPE (PlzMessageRow, plz_message_row, GTK_TYPE_LIST_BOX_ROW)

static const char *
string_of (JsonObject *o,
           const char *name)
{
  JsonNode *node = o != NULL ? json_object_get_member (o, name) : NULL;

  return node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING
         ? json_node_get_string (node) : NULL;
}

static GtkWidget *
caption (const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  return label;
}

/* An attachment as it shows inline: a thumbnail, a document row, a place, a checklist. */
static GtkWidget *
attachment_widget (JsonObject      *a,
                   PlzTextureCache *cache,
                   const char      *base_url)
{
  const char *kind = string_of (a, "kind");
  const char *name = string_of (a, "filename");
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);

  gtk_widget_add_css_class (box, "attachment");
  if (g_strcmp0 (kind, "image") == 0)
    {
      GtkWidget *picture = gtk_picture_new ();
      const char *thumb = string_of (a, "thumbnail_url");

      gtk_picture_set_content_fit (GTK_PICTURE (picture), GTK_CONTENT_FIT_COVER);
      gtk_widget_set_size_request (picture, 220, 160);
      gtk_widget_add_css_class (picture, "attachment-image");
      gtk_accessible_update_property (GTK_ACCESSIBLE (picture), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      name != NULL ? name : _("Picture"), -1);
      plz_chat_load_picture (cache, base_url, thumb != NULL ? thumb : string_of (a, "url"), picture);
      gtk_box_append (GTK_BOX (box), picture);
    }
  else if (g_strcmp0 (kind, "location") == 0)
    {
      const char *label = string_of (a, "label");
      double lat = json_object_get_double_member_with_default (a, "lat", 0);
      double lng = json_object_get_double_member_with_default (a, "lng", 0);
      g_autofree char *uri = g_strdup_printf ("https://www.openstreetmap.org/?mlat=%.5f&mlon=%.5f#map=16/%.5f/%.5f",
                                              lat, lng, lat, lng);
      g_autofree char *text = label != NULL ? g_strdup (label) : g_strdup_printf ("%.4f, %.4f", lat, lng);

      gtk_box_append (GTK_BOX (box), gtk_image_new_from_icon_name ("mark-location-symbolic"));
      gtk_box_append (GTK_BOX (box), gtk_link_button_new_with_label (uri, text));
    }
  else if (g_strcmp0 (kind, "checklist") == 0)
    {
      JsonNode *items = json_object_get_member (a, "items");
      GtkWidget *list = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);

      if (string_of (a, "title") != NULL)
        gtk_box_append (GTK_BOX (list), caption (string_of (a, "title")));
      for (guint i = 0; items != NULL && JSON_NODE_HOLDS_ARRAY (items) && i < json_array_get_length (json_node_get_array (items)); i++)
        {
          JsonNode *node = json_array_get_element (json_node_get_array (items), i);
          JsonObject *item = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
          const char *text = item != NULL ? string_of (item, "text") : NULL;
          gboolean done = item != NULL && json_object_get_boolean_member_with_default (item, "done", FALSE);
          g_autofree char *line = g_strdup_printf ("%s %s", done ? "☑" : "☐", text != NULL ? text : "");

          gtk_box_append (GTK_BOX (list), caption (line));
        }
      gtk_box_append (GTK_BOX (box), list);
    }
  else
    {
      gint64 size = json_object_get_int_member_with_default (a, "size", 0);
      g_autofree char *size_text = size > 0 ? g_format_size (size) : g_strdup ("");
      GtkWidget *labels = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
      GtkWidget *size_label = caption (size_text);

      gtk_box_append (GTK_BOX (box), gtk_image_new_from_icon_name ("text-x-generic-symbolic"));
      gtk_box_append (GTK_BOX (labels), caption (name != NULL ? name : _("Document")));
      gtk_widget_add_css_class (size_label, "caption");
      gtk_box_append (GTK_BOX (labels), size_label);
      gtk_box_append (GTK_BOX (box), labels);
    }
  return box;
}

static GtkWidget *
action_button (JsonObject *action)
{
  const char *kind = string_of (action, "kind");
  const char *label = string_of (action, "label");
  JsonNode *payload = json_object_get_member (action, "payload");
  g_autofree char *payload_text = payload != NULL ? json_to_string (payload, FALSE) : g_strdup ("null");
  GtkWidget *button;

  if (label == NULL)
    label = g_strcmp0 (kind, "book_now") == 0 ? _("Book Now")
          : g_strcmp0 (kind, "view_availability") == 0 ? _("Check Availability")
          : _("Reply");
  button = gtk_button_new_with_label (label);
  gtk_widget_add_css_class (button, "pill");
  gtk_widget_add_css_class (button, "suggested-reply");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "chat.suggested-action");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "(ss)", kind != NULL ? kind : "", payload_text);
  return button;
}

static void
update_meta (PlzMessageRow *self)
{
  g_autofree char *clock = plz_chat_format_clock (plz_chat_message_get_created_at (self->message));
  g_autofree char *text = NULL;
  const char *receipt = plz_message_row_get_receipt (self);

  text = *receipt != '\0' ? g_strdup_printf ("%s · %s", clock, receipt) : g_strdup (clock);
  gtk_label_set_text (self->meta_label, text);
  /* Why it was not sent, for whoever wonders (a toast said it once). */
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->meta_label), plz_chat_message_get_error (self->message));
  if (plz_chat_message_get_state (self->message) == PLZ_CHAT_MESSAGE_FAILED)
    gtk_widget_add_css_class (GTK_WIDGET (self->meta_label), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->meta_label), "error");
  if (plz_chat_message_get_state (self->message) == PLZ_CHAT_MESSAGE_PENDING)
    gtk_widget_add_css_class (self->bubble, "pending");
  else
    gtk_widget_remove_css_class (self->bubble, "pending");
}

static void
message_changed_cb (PlzMessageRow  *self,
                    PlzChatMessage *message)
{
  plz_message_body_set_text (self->body, plz_chat_message_get_body (message));
  update_meta (self);
}

GtkWidget *
plz_message_row_new (PlzChatMessage  *message,
                     gboolean         own,
                     PlzTextureCache *cache,
                     const char      *base_url)
{
  PlzMessageRow *self;
  JsonArray *attachments, *actions;
  GtkWidget *outer;

  g_return_val_if_fail (PLZ_IS_CHAT_MESSAGE (message), NULL);
  g_return_val_if_fail (PLZ_IS_TEXTURE_CACHE (cache), NULL);

  self = g_object_new (PLZ_TYPE_MESSAGE_ROW, "activatable", FALSE, "selectable", FALSE, NULL);
  self->message = g_object_ref (message);
  self->own = own;

  outer = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  gtk_widget_set_halign (outer, own ? GTK_ALIGN_END : GTK_ALIGN_START);
  gtk_widget_set_margin_start (outer, own ? 64 : 12);
  gtk_widget_set_margin_end (outer, own ? 12 : 64);
  gtk_widget_set_margin_top (outer, 3);
  gtk_widget_set_margin_bottom (outer, 3);

  self->bubble = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  gtk_widget_add_css_class (self->bubble, "message-bubble");
  gtk_widget_add_css_class (self->bubble, own ? "own" : "theirs");
  if (g_strcmp0 (plz_chat_message_get_kind (message), "system") == 0
      || g_strcmp0 (plz_chat_message_get_kind (message), "booking-update") == 0)
    gtk_widget_add_css_class (self->bubble, "system");

  self->body = PLZ_MESSAGE_BODY (plz_message_body_new ());
  plz_message_body_set_text (self->body, plz_chat_message_get_body (message));
  self->body_label = plz_message_body_get_label (self->body);
  gtk_label_set_selectable (self->body_label, TRUE);
  gtk_widget_set_can_focus (GTK_WIDGET (self->body_label), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->body), *plz_chat_message_get_body (message) != '\0');
  gtk_box_append (GTK_BOX (self->bubble), GTK_WIDGET (self->body));

  attachments = plz_chat_message_get_attachments (message);
  for (guint i = 0; attachments != NULL && i < json_array_get_length (attachments); i++)
    {
      JsonNode *node = json_array_get_element (attachments, i);

      if (JSON_NODE_HOLDS_OBJECT (node))
        gtk_box_append (GTK_BOX (self->bubble), attachment_widget (json_node_get_object (node), cache, base_url));
    }

  self->meta_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->meta_label, 1);
  gtk_widget_add_css_class (GTK_WIDGET (self->meta_label), "caption");
  gtk_widget_add_css_class (GTK_WIDGET (self->meta_label), "message-meta");
  gtk_box_append (GTK_BOX (self->bubble), GTK_WIDGET (self->meta_label));
  gtk_box_append (GTK_BOX (outer), self->bubble);
  /* Both sides learn that Plaza hid something, in words for each. */
  if (plz_message_count_hidden (plz_chat_message_get_body (message)) > 0)
    {
      GtkWidget *note = plz_message_hidden_note_new (own);

      gtk_widget_set_halign (note, own ? GTK_ALIGN_END : GTK_ALIGN_START);
      gtk_box_append (GTK_BOX (outer), note);
    }

  actions = plz_chat_message_get_actions (message);
  if (actions != NULL)
    {
      GtkWidget *row = gtk_flow_box_new ();

      gtk_flow_box_set_selection_mode (GTK_FLOW_BOX (row), GTK_SELECTION_NONE);
      gtk_flow_box_set_max_children_per_line (GTK_FLOW_BOX (row), 4);
      gtk_widget_set_halign (row, own ? GTK_ALIGN_END : GTK_ALIGN_START);
      for (guint i = 0; i < json_array_get_length (actions); i++)
        {
          JsonNode *node = json_array_get_element (actions, i);

          if (JSON_NODE_HOLDS_OBJECT (node))
            gtk_flow_box_append (GTK_FLOW_BOX (row), action_button (json_node_get_object (node)));
        }
      gtk_box_append (GTK_BOX (outer), row);
    }

  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (self), outer);
  g_signal_connect_object (message, "changed", G_CALLBACK (message_changed_cb), self, G_CONNECT_SWAPPED);
  update_meta (self);
  return GTK_WIDGET (self);
}

PlzChatMessage *
plz_message_row_get_message (PlzMessageRow *self)
{
  g_return_val_if_fail (PLZ_IS_MESSAGE_ROW (self), NULL);
  return self->message;
}

const char *
plz_message_row_get_receipt (PlzMessageRow *self)
{
  g_return_val_if_fail (PLZ_IS_MESSAGE_ROW (self), "");

  if (!self->own)
    return "";
  switch (plz_chat_message_get_state (self->message))
    {
    case PLZ_CHAT_MESSAGE_PENDING:
      return _("Sending…");
    case PLZ_CHAT_MESSAGE_FAILED:
      return _("Not sent");
    case PLZ_CHAT_MESSAGE_SENT:
      return _("Sent ✓");
    case PLZ_CHAT_MESSAGE_DELIVERED:
      return _("Delivered ✓✓");
    case PLZ_CHAT_MESSAGE_READ:
      return _("Read ✓✓");
    default:
      return "";
    }
}

static void
plz_message_row_dispose (GObject *object)
{
  PlzMessageRow *self = PLZ_MESSAGE_ROW (object);

  g_clear_object (&self->message);

  G_OBJECT_CLASS (plz_message_row_parent_class)->dispose (object);
}

static void
plz_message_row_class_init (PlzMessageRowClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = plz_message_row_dispose;
}

static void
plz_message_row_init (PlzMessageRow *self)
{
}
