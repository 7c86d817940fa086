/* plz-messages-page.c — the Messages area: the conversation list and the chat */

#include "config.h"

#include <glib/gi18n.h>

#include "plz-conversation-item.h"
#include "plz-conversation-row.h"
#include "plz-form.h"
#include "plz-link-sender.h"
#include "plz-messages-page.h"

#define TEXTURE_CACHE_BYTES (16 * 1024 * 1024)

struct _PlzMessagesPage
{
  AdwBin              parent_instance;

  /* Template children */
  AdwLeaflet         *leaflet;
  GtkSearchEntry     *search_entry;
  GtkStack           *list_stack;
  GtkSpinner         *list_spinner;
  AdwStatusPage      *list_error_page;
  GtkListBox         *conversation_list;
  GtkStack           *chat_stack;
  GtkLabel           *chat_title;
  PlzChatView        *chat_view;

  PlzAccount         *account;
  PlzMessageSender   *sender;
  PlzTextureCache    *cache;
  GListStore         *conversations;
  GtkSortListModel   *sorted;
  GtkCustomSorter    *sorter;
  GtkFilterListModel *filtered;
  GtkCustomFilter    *filter;
  GCancellable       *cancellable;
  char               *search;        /* casefolded, or NULL */
  char               *pending_open;  /* a conversation to open once loaded */
  gboolean            loaded;
  gboolean            loading;
  gboolean            failed;
  gboolean            setting_search;  /* the entry's own signals while we set its text */
  gint64              last_seq;
  guint               unread_total;
};

G_DEFINE_FINAL_TYPE (PlzMessagesPage, plz_messages_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_UNREAD_TOTAL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char *
string_of (JsonObject *o,
           const char *name)
{
  JsonNode *node = o != NULL ? json_object_get_member (o, name) : NULL;

  return node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING
         ? json_node_get_string (node) : NULL;
}

static PlzConversationItem *
find_item (PlzMessagesPage *self,
           const char      *id)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->conversations));

  for (guint i = 0; id != NULL && i < n; i++)
    {
      g_autoptr(PlzConversationItem) item = g_list_model_get_item (G_LIST_MODEL (self->conversations), i);

      if (g_strcmp0 (plz_conversation_item_get_id (item), id) == 0)
        return item;  /* the store keeps it alive */
    }
  return NULL;
}

/* ---- states ------------------------------------------------------------------------------ */

static void
update_state (PlzMessagesPage *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->conversations));
  const char *state;

  /* Conversations that arrived live since a failed first load are shown. */
  if (self->loading && !self->loaded && n == 0)
    state = "loading";
  else if (self->failed && !self->loaded && n == 0)
    state = "error";
  else if (n == 0)
    state = "empty";
  else if (g_list_model_get_n_items (G_LIST_MODEL (self->filtered)) == 0)
    state = "no-results";
  else
    state = "list";
  gtk_stack_set_visible_child_name (self->list_stack, state);
  gtk_spinner_set_spinning (self->list_spinner, g_str_equal (state, "loading"));
  plz_form_hide_other_pages (self->list_stack);
}

static void
update_unread (PlzMessagesPage *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->conversations));
  guint total = 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PlzConversationItem) item = g_list_model_get_item (G_LIST_MODEL (self->conversations), i);

      total += plz_conversation_item_get_unread (item);
    }
  if (total == self->unread_total)
    return;
  self->unread_total = total;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_UNREAD_TOTAL]);
}

/* Keeps the open conversation's row selected as rows are made again. */
static void
select_open_row (PlzMessagesPage *self)
{
  PlzConversationItem *open = plz_chat_view_get_item (self->chat_view);

  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->conversation_list));
       row != NULL; row = gtk_widget_get_next_sibling (row))
    if (PLZ_IS_CONVERSATION_ROW (row) && plz_conversation_row_get_item (PLZ_CONVERSATION_ROW (row)) == open)
      {
        gtk_list_box_select_row (self->conversation_list, GTK_LIST_BOX_ROW (row));
        return;
      }
  gtk_list_box_unselect_all (self->conversation_list);
}

static void
item_changed_cb (PlzMessagesPage     *self,
                 PlzConversationItem *item)
{
  gtk_sorter_changed (GTK_SORTER (self->sorter), GTK_SORTER_CHANGE_DIFFERENT);
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
  select_open_row (self);
  update_unread (self);
  update_state (self);
  if (item == plz_chat_view_get_item (self->chat_view))
    gtk_label_set_text (self->chat_title, plz_conversation_item_get_other_name (item));
}

static PlzConversationItem *
add_or_update (PlzMessagesPage *self,
               JsonObject      *conversation)
{
  PlzConversationItem *item = find_item (self, string_of (conversation, "id"));
  g_autoptr(PlzConversationItem) added = NULL;

  if (string_of (conversation, "id") == NULL)
    return NULL;
  if (item != NULL)
    {
      plz_conversation_item_update (item, conversation);
      return item;
    }
  added = plz_conversation_item_new (conversation);
  g_signal_connect_object (added, "changed", G_CALLBACK (item_changed_cb), self, G_CONNECT_SWAPPED);
  g_list_store_append (self->conversations, added);
  return added;
}

/* ---- the list ------------------------------------------------------------------------------ */

static int
compare_activity_cb (gconstpointer a,
                     gconstpointer b,
                     gpointer      user_data)
{
  gint64 x = plz_conversation_item_get_last_activity ((PlzConversationItem *) a);
  gint64 y = plz_conversation_item_get_last_activity ((PlzConversationItem *) b);

  return x > y ? -1 : x < y ? 1 : 0;
}

static gboolean
contains (const char *haystack,
          const char *needle)
{
  g_autofree char *folded = g_utf8_casefold (haystack != NULL ? haystack : "", -1);

  return strstr (folded, needle) != NULL;
}

static gboolean
filter_cb (gpointer item,
           gpointer user_data)
{
  PlzMessagesPage *self = user_data;
  PlzConversationItem *c = item;

  return self->search == NULL
         || contains (plz_conversation_item_get_other_name (c), self->search)
         || contains (plz_conversation_item_get_listing_title (c), self->search)
         || contains (plz_conversation_item_get_preview (c), self->search);
}

static GtkWidget *
create_row_cb (gpointer item,
               gpointer user_data)
{
  PlzMessagesPage *self = user_data;

  return plz_conversation_row_new (item, self->cache, plz_account_get_server_url (self->account));
}

static void
search_changed_cb (PlzMessagesPage *self,
                   GtkSearchEntry  *entry)
{
  if (self->setting_search)
    return;
  plz_messages_page_set_search (self, gtk_editable_get_text (GTK_EDITABLE (entry)));
}

static void
open_item (PlzMessagesPage     *self,
           PlzConversationItem *item)
{
  gtk_label_set_text (self->chat_title, plz_conversation_item_get_other_name (item));
  gtk_stack_set_visible_child_name (self->chat_stack, "chat");
  plz_form_hide_other_pages (self->chat_stack);
  plz_chat_view_show (self->chat_view, item);
  adw_leaflet_set_visible_child_name (self->leaflet, "chat");
  select_open_row (self);
  /* Opening a conversation is to write in it. */
  gtk_widget_grab_focus (GTK_WIDGET (plz_chat_view_get_composer (self->chat_view)));
}

static void
row_activated_cb (PlzMessagesPage *self,
                  GtkListBoxRow   *row,
                  GtkListBox      *list)
{
  if (PLZ_IS_CONVERSATION_ROW (row))
    open_item (self, plz_conversation_row_get_item (PLZ_CONVERSATION_ROW (row)));
}

static void
conversations_loaded_cb (GObject      *source,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  g_autoptr(PlzMessagesPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) answer = plz_account_call_finish (PLZ_ACCOUNT (source), result, &error);
  JsonArray *list;
  g_autoptr(GHashTable) seen = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->loading = FALSE;
  if (answer == NULL || (list = json_object_get_array_member (answer, "conversations")) == NULL)
    {
      self->failed = TRUE;
      adw_status_page_set_description (self->list_error_page,
                                       error != NULL ? error->message : _("The server's answer had no conversations"));
      /* A list already shown stays; only the first load shows the error page. */
      if (self->loaded && error != NULL)
        {
          g_autofree char *text = g_strdup_printf (_("Could not refresh your messages: %s"), error->message);
          plz_form_add_toast (GTK_WIDGET (self), text);
        }
      update_state (self);
      return;
    }
  self->failed = FALSE;
  self->loaded = TRUE;
  seen = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      JsonNode *node = json_array_get_element (list, i);
      PlzConversationItem *item;

      if (JSON_NODE_HOLDS_OBJECT (node) && (item = add_or_update (self, json_node_get_object (node))) != NULL)
        g_hash_table_add (seen, (gpointer) plz_conversation_item_get_id (item));
    }
  /* Conversations the server no longer lists (archived elsewhere, say) go. */
  for (guint i = g_list_model_get_n_items (G_LIST_MODEL (self->conversations)); i > 0; i--)
    {
      g_autoptr(PlzConversationItem) item = g_list_model_get_item (G_LIST_MODEL (self->conversations), i - 1);

      if (!g_hash_table_contains (seen, plz_conversation_item_get_id (item)))
        g_list_store_remove (self->conversations, i - 1);
    }
  update_unread (self);
  update_state (self);
  if (self->pending_open != NULL)
    {
      g_autofree char *id = g_steal_pointer (&self->pending_open);
      PlzConversationItem *item = find_item (self, id);

      if (item != NULL)
        open_item (self, item);
      else
        plz_form_add_toast (GTK_WIDGET (self), _("That conversation is no longer there"));
    }
  select_open_row (self);
}

void
plz_messages_page_reload (PlzMessagesPage *self)
{
  g_return_if_fail (PLZ_IS_MESSAGES_PAGE (self));

  if (self->account == NULL || !plz_account_get_signed_in (self->account))
    return;
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->loading = TRUE;
  update_state (self);
  plz_account_call_async (self->account, "GET", "/api/v1/conversations", NULL, FALSE, self->cancellable,
                          conversations_loaded_cb, g_object_ref (self));
  if (plz_chat_view_get_item (self->chat_view) != NULL)
    plz_chat_view_reload (self->chat_view);
}

static void
reload_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  plz_messages_page_reload (PLZ_MESSAGES_PAGE (widget));
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  adw_leaflet_navigate (PLZ_MESSAGES_PAGE (widget)->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

/* ---- the account and the sender ----------------------------------------------------------- */

static void
clear (PlzMessagesPage *self)
{
  g_cancellable_cancel (self->cancellable);
  plz_chat_view_show (self->chat_view, NULL);
  gtk_stack_set_visible_child_name (self->chat_stack, "none");
  g_list_store_remove_all (self->conversations);
  self->loaded = FALSE;
  self->failed = FALSE;
  self->last_seq = 0;
  g_clear_pointer (&self->pending_open, g_free);
  update_unread (self);
  update_state (self);
}

static void
account_state_changed_cb (PlzMessagesPage *self,
                          GParamSpec      *pspec,
                          PlzAccount      *account)
{
  /* Someone else may sign in: nothing of the last user's stays. */
  clear (self);
  if (plz_account_get_signed_in (account))
    plz_messages_page_reload (self);
}

static void
acked_cb (PlzMessagesPage  *self,
          const char       *client_id,
          JsonObject       *message,
          PlzMessageSender *sender)
{
  PlzConversationItem *item = find_item (self, string_of (message, "conversation_id"));

  if (item != NULL)
    plz_conversation_item_set_last_message (item, message);
}

static void
use_sender (PlzMessagesPage  *self,
            PlzMessageSender *sender)
{
  if (self->sender != NULL)
    g_signal_handlers_disconnect_by_data (self->sender, self);
  g_set_object (&self->sender, sender);
  if (sender != NULL)
    g_signal_connect_object (sender, "acked", G_CALLBACK (acked_cb), self, G_CONNECT_SWAPPED);
  if (self->account != NULL)
    plz_chat_view_setup (self->chat_view, self->account, self->cache, sender);
}

void
plz_messages_page_set_sender (PlzMessagesPage  *self,
                              PlzMessageSender *sender)
{
  g_return_if_fail (PLZ_IS_MESSAGES_PAGE (self));
  g_return_if_fail (PLZ_IS_MESSAGE_SENDER (sender));

  use_sender (self, sender);
}

/* Sends go through the signed-in user's link, so that they wait in its
 * outbox while offline; with no link (signed out) nothing is sent. */
static void
link_changed_cb (PlzMessagesPage *self,
                 GParamSpec      *pspec,
                 PlzAccount      *account)
{
  PlzLink *link = plz_account_get_link (account);
  g_autoptr(PlzMessageSender) sender = link != NULL ? plz_link_sender_new (link) : NULL;

  use_sender (self, sender);
}

PlzMessageSender *
plz_messages_page_get_sender (PlzMessagesPage *self)
{
  g_return_val_if_fail (PLZ_IS_MESSAGES_PAGE (self), NULL);
  return self->sender;
}

void
plz_messages_page_set_account (PlzMessagesPage *self,
                               PlzAccount      *account)
{
  g_return_if_fail (PLZ_IS_MESSAGES_PAGE (self));
  g_return_if_fail (PLZ_IS_ACCOUNT (account));
  g_return_if_fail (self->account == NULL);

  self->account = g_object_ref (account);
  g_signal_connect_object (account, "notify::link", G_CALLBACK (link_changed_cb), self, G_CONNECT_SWAPPED);
  link_changed_cb (self, NULL, account);
  g_signal_connect_object (account, "notify::state", G_CALLBACK (account_state_changed_cb), self,
                           G_CONNECT_SWAPPED);
  if (plz_account_get_signed_in (account))
    plz_messages_page_reload (self);
}

/* ---- events ---------------------------------------------------------------------------------- */

static void
notify_message (PlzMessagesPage     *self,
                PlzConversationItem *item,
                JsonObject          *message)
{
  GApplication *app = g_application_get_default ();
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  g_autoptr(GNotification) notification = NULL;
  g_autofree char *notification_id = NULL;
  const char *body = string_of (message, "body");

  /* Someone looking at the window sees the message; only others are told. */
  if (app == NULL || (GTK_IS_WINDOW (root) && gtk_window_is_active (GTK_WINDOW (root))))
    return;
  notification = g_notification_new (plz_conversation_item_get_other_name (item));
  g_notification_set_body (notification, body != NULL && *body != '\0' ? body : _("Sent an attachment"));
  g_notification_set_default_action_and_target (notification, "app.open-conversation", "s",
                                                 plz_conversation_item_get_id (item));
  notification_id = g_strconcat ("message-", plz_conversation_item_get_id (item), NULL);
  g_application_send_notification (app, notification_id, notification);
}

static void
message_created (PlzMessagesPage *self,
                 JsonObject      *data)
{
  JsonNode *m_node = json_object_get_member (data, "message");
  JsonNode *c_node = json_object_get_member (data, "conversation");
  JsonObject *message = m_node != NULL && JSON_NODE_HOLDS_OBJECT (m_node) ? json_node_get_object (m_node) : NULL;
  PlzConversationItem *item;
  gboolean mine, shown;

  if (message == NULL)
    return;
  if (c_node != NULL && JSON_NODE_HOLDS_OBJECT (c_node))
    item = add_or_update (self, json_node_get_object (c_node));
  else if ((item = find_item (self, string_of (message, "conversation_id"))) != NULL)
    {
      /* Most message events carry just the message and our unread count. */
      plz_conversation_item_set_last_message (item, message);
      if (json_object_has_member (data, "unread"))
        plz_conversation_item_set_unread (item, json_object_get_int_member (data, "unread"));
      else if (g_strcmp0 (string_of (message, "sender_id"), plz_account_get_user_string (self->account, "id")) != 0)
        plz_conversation_item_set_unread (item, plz_conversation_item_get_unread (item) + 1);
    }
  if (item == NULL)
    {
      /* A conversation we do not know, with no card: fetch the list. */
      plz_messages_page_reload (self);
      return;
    }
  mine = g_strcmp0 (string_of (message, "sender_id"), plz_account_get_user_string (self->account, "id")) == 0;
  shown = plz_chat_view_get_item (self->chat_view) == item;
  if (shown)
    {
      plz_chat_view_add_message (self->chat_view, message);
      /* Our own message, to someone online: their having it comes along. */
      if (mine && json_object_has_member (data, "delivered_at"))
        {
          g_autoptr(JsonArray) ids = json_array_new ();

          json_array_add_string_element (ids, string_of (message, "id"));
          plz_chat_view_apply_receipt (self->chat_view, ids, string_of (data, "delivered_at"), NULL);
        }
      plz_chat_view_mark_read (self->chat_view);
    }
  if (!mine)
    notify_message (self, item, message);
  update_state (self);
}

void
plz_messages_page_apply_event (PlzMessagesPage *self,
                               const char      *kind,
                               JsonObject      *data,
                               gint64           seq)
{
  PlzConversationItem *item;
  JsonNode *node;

  g_return_if_fail (PLZ_IS_MESSAGES_PAGE (self));
  g_return_if_fail (kind != NULL);

  if (data == NULL || self->account == NULL)
    return;
  if (seq > 0 && seq <= self->last_seq)
    return;
  if (seq > 0)
    self->last_seq = seq;

  if (g_str_equal (kind, "message.created"))
    message_created (self, data);
  else if (g_str_equal (kind, "message.receipt"))
    {
      item = find_item (self, string_of (data, "conversation_id"));
      node = json_object_get_member (data, "message_ids");
      if (item != NULL && item == plz_chat_view_get_item (self->chat_view) && node != NULL && JSON_NODE_HOLDS_ARRAY (node))
        plz_chat_view_apply_receipt (self->chat_view, json_node_get_array (node),
                                     string_of (data, "delivered_at"), string_of (data, "read_at"));
    }
  else if (g_str_equal (kind, "conversation.updated"))
    {
      node = json_object_get_member (data, "conversation");
      if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
        add_or_update (self, json_node_get_object (node));
      update_state (self);
    }
  else if (g_str_equal (kind, "typing"))
    plz_messages_page_apply_typing (self, string_of (data, "conversation_id"), string_of (data, "user_id"));
}

void
plz_messages_page_apply_typing (PlzMessagesPage *self,
                                const char      *conversation_id,
                                const char      *user_id)
{
  PlzConversationItem *item;

  g_return_if_fail (PLZ_IS_MESSAGES_PAGE (self));

  item = find_item (self, conversation_id);
  if (item != NULL && item == plz_chat_view_get_item (self->chat_view)
      && g_strcmp0 (user_id, plz_account_get_user_string (self->account, "id")) != 0)
    plz_chat_view_show_typing (self->chat_view);
}

/* ---- public ---------------------------------------------------------------------------------- */

GtkWidget *
plz_messages_page_new (void)
{
  return g_object_new (PLZ_TYPE_MESSAGES_PAGE, NULL);
}

const char *
plz_messages_page_get_state (PlzMessagesPage *self)
{
  g_return_val_if_fail (PLZ_IS_MESSAGES_PAGE (self), NULL);
  return self->account == NULL ? "idle" : gtk_stack_get_visible_child_name (self->list_stack);
}

GListModel *
plz_messages_page_get_conversations (PlzMessagesPage *self)
{
  g_return_val_if_fail (PLZ_IS_MESSAGES_PAGE (self), NULL);
  return G_LIST_MODEL (self->sorted);
}

GListModel *
plz_messages_page_get_shown (PlzMessagesPage *self)
{
  g_return_val_if_fail (PLZ_IS_MESSAGES_PAGE (self), NULL);
  return G_LIST_MODEL (self->filtered);
}

void
plz_messages_page_set_search (PlzMessagesPage *self,
                              const char      *text)
{
  g_autofree char *stripped = g_strstrip (g_strdup (text != NULL ? text : ""));

  g_return_if_fail (PLZ_IS_MESSAGES_PAGE (self));

  g_free (self->search);
  self->search = *stripped != '\0' ? g_utf8_casefold (stripped, -1) : NULL;
  if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (self->search_entry)), text != NULL ? text : "") != 0)
    {
      /* Replacing the text empties it first, and an empty search is announced at once. */
      self->setting_search = TRUE;
      gtk_editable_set_text (GTK_EDITABLE (self->search_entry), text != NULL ? text : "");
      self->setting_search = FALSE;
    }
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
  update_state (self);
  select_open_row (self);
}

void
plz_messages_page_open_conversation (PlzMessagesPage *self,
                                     const char      *id)
{
  PlzConversationItem *item;

  g_return_if_fail (PLZ_IS_MESSAGES_PAGE (self));
  g_return_if_fail (id != NULL);

  if ((item = find_item (self, id)) != NULL)
    {
      open_item (self, item);
      return;
    }
  g_free (self->pending_open);
  self->pending_open = g_strdup (id);
  plz_messages_page_reload (self);
}

const char *
plz_messages_page_find_for_listing (PlzMessagesPage *self,
                                    const char      *listing_id)
{
  guint n;

  g_return_val_if_fail (PLZ_IS_MESSAGES_PAGE (self), NULL);

  n = g_list_model_get_n_items (G_LIST_MODEL (self->conversations));
  for (guint i = 0; listing_id != NULL && i < n; i++)
    {
      g_autoptr(PlzConversationItem) item = g_list_model_get_item (G_LIST_MODEL (self->conversations), i);

      if (plz_conversation_item_get_is_consumer (item)
          && g_strcmp0 (plz_conversation_item_get_listing_id (item), listing_id) == 0)
        return plz_conversation_item_get_id (item);
    }
  return NULL;
}

void
plz_messages_page_add_conversation (PlzMessagesPage *self,
                                    JsonObject      *conversation)
{
  g_return_if_fail (PLZ_IS_MESSAGES_PAGE (self));
  g_return_if_fail (conversation != NULL);

  add_or_update (self, conversation);
  update_unread (self);
  update_state (self);
}

PlzChatView *
plz_messages_page_get_chat_view (PlzMessagesPage *self)
{
  g_return_val_if_fail (PLZ_IS_MESSAGES_PAGE (self), NULL);
  return self->chat_view;
}

guint
plz_messages_page_get_unread_total (PlzMessagesPage *self)
{
  g_return_val_if_fail (PLZ_IS_MESSAGES_PAGE (self), 0);
  return self->unread_total;
}

/* Without the live link, coming back to the window is when to look again. */
static void
window_active_cb (PlzMessagesPage *self,
                  GParamSpec      *pspec,
                  GtkWindow       *window)
{
  if (!gtk_window_is_active (window) || !gtk_widget_get_mapped (GTK_WIDGET (self)))
    return;
  plz_messages_page_reload (self);
}

static void
plz_messages_page_root (GtkWidget *widget)
{
  GtkRoot *root;

  GTK_WIDGET_CLASS (plz_messages_page_parent_class)->root (widget);
  root = gtk_widget_get_root (widget);
  if (GTK_IS_WINDOW (root))
    g_signal_connect_object (root, "notify::is-active", G_CALLBACK (window_active_cb), widget, G_CONNECT_SWAPPED);
}

static void
plz_messages_page_unroot (GtkWidget *widget)
{
  GtkRoot *root = gtk_widget_get_root (widget);

  if (root != NULL)
    g_signal_handlers_disconnect_by_func (root, window_active_cb, widget);
  GTK_WIDGET_CLASS (plz_messages_page_parent_class)->unroot (widget);
}

static void
plz_messages_page_map (GtkWidget *widget)
{
  PlzMessagesPage *self = PLZ_MESSAGES_PAGE (widget);

  GTK_WIDGET_CLASS (plz_messages_page_parent_class)->map (widget);
  /* Showing the page is a refresh too, as long as the link is not there. */
  if (self->loaded && !self->loading)
    plz_messages_page_reload (self);
}

static void
plz_messages_page_dispose (GObject *object)
{
  PlzMessagesPage *self = PLZ_MESSAGES_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  /* The leaflet is a named template child and AdwBin's child: let AdwBin drop it first. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), PLZ_TYPE_MESSAGES_PAGE);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->filtered);
  g_clear_object (&self->sorted);
  g_clear_object (&self->conversations);
  g_clear_object (&self->sender);
  g_clear_object (&self->cache);
  g_clear_object (&self->account);
  g_clear_pointer (&self->search, g_free);
  g_clear_pointer (&self->pending_open, g_free);

  G_OBJECT_CLASS (plz_messages_page_parent_class)->dispose (object);
}

static void
plz_messages_page_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  PlzMessagesPage *self = PLZ_MESSAGES_PAGE (object);

  switch (prop_id)
    {
    case PROP_UNREAD_TOTAL:
      g_value_set_uint (value, self->unread_total);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
plz_messages_page_class_init (PlzMessagesPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = plz_messages_page_dispose;
  object_class->get_property = plz_messages_page_get_property;
  widget_class->root = plz_messages_page_root;
  widget_class->unroot = plz_messages_page_unroot;
  widget_class->map = plz_messages_page_map;

  properties[PROP_UNREAD_TOTAL] =
    g_param_spec_uint ("unread-total", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (PLZ_TYPE_CHAT_VIEW);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/plaza/Plaza/plz-messages-page.ui");
  gtk_widget_class_bind_template_child (widget_class, PlzMessagesPage, leaflet);
  gtk_widget_class_bind_template_child (widget_class, PlzMessagesPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, PlzMessagesPage, list_stack);
  gtk_widget_class_bind_template_child (widget_class, PlzMessagesPage, list_spinner);
  gtk_widget_class_bind_template_child (widget_class, PlzMessagesPage, list_error_page);
  gtk_widget_class_bind_template_child (widget_class, PlzMessagesPage, conversation_list);
  gtk_widget_class_bind_template_child (widget_class, PlzMessagesPage, chat_stack);
  gtk_widget_class_bind_template_child (widget_class, PlzMessagesPage, chat_title);
  gtk_widget_class_bind_template_child (widget_class, PlzMessagesPage, chat_view);

  gtk_widget_class_install_action (widget_class, "messages.reload", NULL, reload_action);
  gtk_widget_class_install_action (widget_class, "messages.back", NULL, back_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK, "messages.reload", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "messages.reload", NULL);
}

static void
plz_messages_page_init (PlzMessagesPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cache = plz_texture_cache_new (TEXTURE_CACHE_BYTES);
  self->cancellable = g_cancellable_new ();
  self->conversations = g_list_store_new (PLZ_TYPE_CONVERSATION_ITEM);
  self->sorter = gtk_custom_sorter_new (compare_activity_cb, NULL, NULL);
  self->sorted = gtk_sort_list_model_new (G_LIST_MODEL (g_object_ref (self->conversations)),
                                          GTK_SORTER (self->sorter));
  self->filter = gtk_custom_filter_new (filter_cb, self, NULL);
  self->filtered = gtk_filter_list_model_new (G_LIST_MODEL (g_object_ref (self->sorted)), GTK_FILTER (self->filter));
  gtk_list_box_bind_model (self->conversation_list, G_LIST_MODEL (self->filtered), create_row_cb, self, NULL);
  g_signal_connect_object (self->conversation_list, "row-activated", G_CALLBACK (row_activated_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->search_entry, "search-changed", G_CALLBACK (search_changed_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_stack_set_visible_child_name (self->chat_stack, "none");
  update_state (self);
}
