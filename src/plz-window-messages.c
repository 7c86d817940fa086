/* plz-window-messages.c — the window's side of Messages: opening a
 * conversation from anywhere, "Message" on a listing, and the unread count
 * in the title */

#include "config.h"

#include <glib/gi18n.h>

#include "plz-form.h"
#include "plz-inquiry.h"
#include "plz-window-private.h"

static void
open_conversation (PlzWindow  *self,
                   const char *id)
{
  plz_window_set_page (self, "messages");
  plz_messages_page_open_conversation (self->messages_page, id);
}

static void
open_conversation_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  open_conversation (PLZ_WINDOW (widget), g_variant_get_string (parameter, NULL));
}

static void
inquired_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(PlzWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) conversation = plz_inquiry_ask_finish (result, &error);

  if (conversation == NULL)
    return;  /* closed: nothing was sent */
  plz_messages_page_add_conversation (self->messages_page, conversation);
  open_conversation (self, json_object_get_string_member (conversation, "id"));
}

/* "Message" on a listing: its conversation when there is one, else the first question. */
static void
message_listing_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  PlzWindow *self = PLZ_WINDOW (widget);
  const char *listing_id, *title, *existing;

  g_variant_get (parameter, "(&s&s)", &listing_id, &title);
  if ((existing = plz_messages_page_find_for_listing (self->messages_page, listing_id)) != NULL)
    {
      g_autofree char *id = g_strdup (existing);
      open_conversation (self, id);
      return;
    }
  plz_inquiry_ask_async (GTK_WINDOW (self), self->account, listing_id, title, self->cancellable,
                         inquired_cb, g_object_ref (self));
}

static void
unread_changed_cb (PlzWindow       *self,
                   GParamSpec      *pspec,
                   PlzMessagesPage *page)
{
  guint unread = plz_messages_page_get_unread_total (page);
  g_autofree char *title = unread > 0 ? g_strdup_printf (_("Plaza (%u)"), unread) : g_strdup (_("Plaza"));
  AdwViewStackPage *stack_page = adw_view_stack_get_page (self->stack, GTK_WIDGET (page));

  gtk_window_set_title (GTK_WINDOW (self), title);
  adw_view_stack_page_set_badge_number (stack_page, unread);
  adw_view_stack_page_set_needs_attention (stack_page, unread > 0);
}

void
_plz_window_class_init_messages (GtkWidgetClass *widget_class)
{
  g_type_ensure (PLZ_TYPE_MESSAGES_PAGE);
  gtk_widget_class_bind_template_child (widget_class, PlzWindow, messages_page);
  gtk_widget_class_install_action (widget_class, "win.open-conversation", "s", open_conversation_action);
  gtk_widget_class_install_action (widget_class, "win.message-listing", "(ss)", message_listing_action);
}

void
_plz_window_setup_messages (PlzWindow *self)
{
  plz_messages_page_set_account (self->messages_page, self->account);
  g_signal_connect_object (self->messages_page, "notify::unread-total", G_CALLBACK (unread_changed_cb), self,
                           G_CONNECT_SWAPPED);
}
