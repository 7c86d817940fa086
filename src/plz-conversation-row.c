/* plz-conversation-row.c — one conversation in the Messages list */

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "plz-chat-format.h"
#include "plz-conversation-row.h"

struct _PlzConversationRow
{
  GtkListBoxRow        parent_instance;

  AdwAvatar           *avatar;
  GtkLabel            *name_label;
  GtkLabel            *time_label;
  GtkLabel            *listing_label;
  GtkLabel            *preview_label;
  GtkLabel            *unread_label;

  PlzConversationItem *item;
};

G_DEFINE_FINAL_TYPE (PlzConversationRow, plz_conversation_row, GTK_TYPE_LIST_BOX_ROW)

static void
update (PlzConversationRow *self)
{
  PlzConversationItem *item = self->item;
  guint unread = plz_conversation_item_get_unread (item);
  const char *preview = plz_conversation_item_get_preview (item);
  g_autofree char *time = plz_chat_format_short_time (plz_conversation_item_get_last_activity (item));
  g_autofree char *count = g_strdup_printf ("%u", unread);
  g_autofree char *accessible = NULL;
  g_autofree char *unread_text = unread == 0 ? g_strdup ("")
    : g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u unread message", "%u unread messages", unread), unread);

  adw_avatar_set_text (self->avatar, plz_conversation_item_get_other_name (item));
  gtk_label_set_text (self->name_label, plz_conversation_item_get_other_name (item));
  gtk_label_set_text (self->time_label, time);
  gtk_label_set_text (self->listing_label, plz_conversation_item_get_listing_title (item));
  gtk_label_set_text (self->preview_label, *preview != '\0' ? preview : _("No messages yet"));
  gtk_label_set_text (self->unread_label, count);
  gtk_widget_set_visible (GTK_WIDGET (self->unread_label), unread > 0);
  if (unread > 0)
    gtk_widget_add_css_class (GTK_WIDGET (self->name_label), "unread");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->name_label), "unread");

  /* One sentence for screen readers instead of five fragments. */
  accessible = g_strdup_printf ("%s, %s. %s. %s %s", plz_conversation_item_get_other_name (item),
                                plz_conversation_item_get_listing_title (item), preview, time, unread_text);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
}

static void
item_changed_cb (PlzConversationRow  *self,
                 PlzConversationItem *item)
{
  update (self);
}

GtkWidget *
plz_conversation_row_new (PlzConversationItem *item,
                          PlzTextureCache     *cache,
                          const char          *base_url)
{
  PlzConversationRow *self;

  g_return_val_if_fail (PLZ_IS_CONVERSATION_ITEM (item), NULL);
  g_return_val_if_fail (PLZ_IS_TEXTURE_CACHE (cache), NULL);

  self = g_object_new (PLZ_TYPE_CONVERSATION_ROW, NULL);
  self->item = g_object_ref (item);
  g_signal_connect_object (item, "changed", G_CALLBACK (item_changed_cb), self, G_CONNECT_SWAPPED);
  update (self);
  plz_chat_load_picture (cache, base_url, plz_conversation_item_get_other_avatar (item),
                         GTK_WIDGET (self->avatar));
  return GTK_WIDGET (self);
}

PlzConversationItem *
plz_conversation_row_get_item (PlzConversationRow *self)
{
  g_return_val_if_fail (PLZ_IS_CONVERSATION_ROW (self), NULL);
  return self->item;
}

static void
plz_conversation_row_dispose (GObject *object)
{
  PlzConversationRow *self = PLZ_CONVERSATION_ROW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), PLZ_TYPE_CONVERSATION_ROW);
  g_clear_object (&self->item);

  G_OBJECT_CLASS (plz_conversation_row_parent_class)->dispose (object);
}

static void
plz_conversation_row_class_init (PlzConversationRowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = plz_conversation_row_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/org/plaza/Plaza/plz-conversation-row.ui");
  gtk_widget_class_bind_template_child (widget_class, PlzConversationRow, avatar);
  gtk_widget_class_bind_template_child (widget_class, PlzConversationRow, name_label);
  gtk_widget_class_bind_template_child (widget_class, PlzConversationRow, time_label);
  gtk_widget_class_bind_template_child (widget_class, PlzConversationRow, listing_label);
  gtk_widget_class_bind_template_child (widget_class, PlzConversationRow, preview_label);
  gtk_widget_class_bind_template_child (widget_class, PlzConversationRow, unread_label);
}

static void
plz_conversation_row_init (PlzConversationRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
