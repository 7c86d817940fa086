/* plz-chat-view.c — one conversation: context card, messages, typing, composer */

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "plz-chat-format.h"
#include "plz-chat-message.h"
#include "plz-chat-view.h"
#include "plz-contact-warning.h"
#include "plz-form.h"
#include "plz-listing-item.h"
#include "plz-message-row.h"
#include "plz-money.h"
#include "plz-outbox.h"
#include "plz-time.h"

#define HISTORY_PAGE 30
#define TYPING_SECONDS 5
/* How close to the top (px) scrolling has to come to load older messages. */
#define LOAD_OLDER_MARGIN 48

struct _PlzChatView
{
  GtkWidget            parent_instance;

  /* Template children */
  GtkWidget           *context_card;
  GtkPicture          *listing_picture;
  GtkLabel            *title_label;
  GtkLabel            *price_label;
  GtkBox              *badges_box;
  GtkLabel            *response_label;
  GtkLabel            *booking_label;
  GtkButton           *book_button;
  GtkStack            *state_stack;
  GtkSpinner          *loading_spinner;
  AdwStatusPage       *error_page;
  GtkScrolledWindow   *scroller;
  GtkSpinner          *older_spinner;
  GtkListBox          *message_list;
  GtkRevealer         *typing_revealer;
  GtkLabel            *typing_label;
  PlzComposer         *composer;
  PlzContactWarning   *warning;     /* in the composer: contact details before booking */

  PlzAccount          *account;
  PlzTextureCache     *cache;
  PlzMessageSender    *sender;
  PlzConversationItem *item;
  GListStore          *messages;
  GCancellable        *cancellable;    /* loads of the conversation shown */
  gboolean             has_more;
  gboolean             loading_older;
  gboolean             marking_read;
  gboolean             stick_to_bottom;
  double               keep_from_bottom; /* after "load older": upper - value to restore, or < 0 */
  guint                typing_id;
};

G_DEFINE_FINAL_TYPE (PlzChatView, plz_chat_view, GTK_TYPE_WIDGET)

static const char *
string_of (JsonObject *o,
           const char *name)
{
  JsonNode *node = o != NULL ? json_object_get_member (o, name) : NULL;

  return node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING
         ? json_node_get_string (node) : NULL;
}

static const char *
my_id (PlzChatView *self)
{
  return self->account != NULL ? plz_account_get_user_string (self->account, "id") : NULL;
}

static char *
conversation_path (PlzChatView *self,
                   const char  *tail)
{
  g_autofree char *escaped = g_uri_escape_string (plz_conversation_item_get_id (self->item), NULL, FALSE);

  return g_strconcat ("/api/v1/conversations/", escaped, tail, NULL);
}

/* ---- the context card ---------------------------------------------------------------- */

static void
add_badge (PlzChatView *self,
           const char  *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_widget_add_css_class (label, "badge");
  gtk_widget_add_css_class (label, "caption");
  gtk_box_append (self->badges_box, label);
}

static void
update_card (PlzChatView *self)
{
  JsonObject *listing = plz_conversation_item_get_listing (self->item);
  JsonObject *price = plz_listing_json_object (listing, "price");
  JsonObject *booking = plz_conversation_item_get_booking (self->item);
  JsonObject *other = plz_conversation_item_get_other (self->item);
  JsonObject *badges = plz_listing_json_object (other, "badges");
  double rating = plz_listing_json_number (listing, "rating", -1);
  g_autofree char *price_text = NULL, *response = NULL;
  gboolean consumer = plz_conversation_item_get_is_consumer (self->item);
  GtkWidget *child;

  gtk_label_set_text (self->title_label, plz_conversation_item_get_listing_title (self->item));
  /* Narrow windows cut the title short: the whole of it is a hover away. */
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->title_label), plz_conversation_item_get_listing_title (self->item));
  if (price != NULL)
    price_text = plz_money_format_price ((gint64) plz_listing_json_number (price, "amount_minor", 0),
                                         plz_listing_json_string (price, "currency"),
                                         plz_listing_json_string (listing, "pricing_type"));
  gtk_label_set_text (self->price_label, price_text != NULL ? price_text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->price_label), price_text != NULL);

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->badges_box))) != NULL)
    gtk_box_remove (self->badges_box, child);
  if (rating > 0)
    {
      g_autofree char *text = g_strdup_printf ("★ %.1f", rating);
      add_badge (self, text);
    }
  if (badges != NULL && json_object_get_boolean_member_with_default (badges, "identity_verified", FALSE))
    add_badge (self, _("ID verified"));
  else if (badges != NULL && json_object_get_boolean_member_with_default (badges, "phone_verified", FALSE))
    add_badge (self, _("Phone verified"));
  if (g_strcmp0 (plz_listing_json_string (listing, "status"), "active") != 0
      && plz_listing_json_string (listing, "status") != NULL)
    add_badge (self, _("Not available"));

  response = plz_chat_format_response_time (plz_listing_json_number (listing, "response_time_s", -1));
  gtk_label_set_text (self->response_label, response != NULL ? response : "");
  gtk_widget_set_visible (GTK_WIDGET (self->response_label), consumer && response != NULL);

  if (booking != NULL)
    {
      const char *stage = string_of (booking, "stage");
      const char *when = string_of (booking, "starts_at");
      gint64 usec = 0;
      g_autofree char *date = NULL, *text = NULL;

      if (stage == NULL)
        stage = string_of (booking, "status");
      if (when == NULL)
        when = string_of (booking, "date");
      if (when != NULL && plz_time_parse_rfc3339 (when, &usec))
        {
          g_autoptr(GDateTime) dt = g_date_time_new_from_unix_local (usec / G_USEC_PER_SEC);
          date = g_date_time_format (dt, "%a %-d %b, %H:%M");
        }
      text = g_strdup_printf (_("Booking: %s%s%s"), stage != NULL ? stage : _("made"),
                              date != NULL ? " · " : "", date != NULL ? date : when != NULL ? when : "");
      gtk_label_set_text (self->booking_label, text);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->booking_label), booking != NULL);
  gtk_button_set_label (self->book_button, booking != NULL ? _("Book Again") : _("Check Availability"));
  gtk_widget_set_visible (GTK_WIDGET (self->book_button), consumer);

  gtk_picture_set_paintable (self->listing_picture, NULL);
  plz_chat_load_picture (self->cache, plz_account_get_server_url (self->account),
                         plz_listing_json_string (listing, "cover_thumbnail_url"),
                         GTK_WIDGET (self->listing_picture));
}

static void update_stage (PlzChatView *self);

static void
item_changed_cb (PlzChatView         *self,
                 PlzConversationItem *item)
{
  update_stage (self);
  update_card (self);
}

/* Bookings are built elsewhere; the window's "win.book-listing" takes the listing id. */
static void
book_listing (PlzChatView *self)
{
  const char *listing_id = self->item != NULL ? plz_conversation_item_get_listing_id (self->item) : NULL;

  if (listing_id == NULL)
    return;
  if (!gtk_widget_activate_action (GTK_WIDGET (self), "win.book-listing", "s", listing_id))
    plz_form_add_toast (GTK_WIDGET (self), _("Booking arrives in a coming release of Plaza"));
}

static void
book_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  book_listing (PLZ_CHAT_VIEW (widget));
}

/* ---- states ------------------------------------------------------------------------------ */

static void
set_state (PlzChatView *self,
           const char  *state)
{
  gtk_stack_set_visible_child_name (self->state_stack, state);
  gtk_spinner_set_spinning (self->loading_spinner, g_str_equal (state, "loading"));
  plz_form_hide_other_pages (self->state_stack);
}

static void
update_list_state (PlzChatView *self)
{
  set_state (self, g_list_model_get_n_items (G_LIST_MODEL (self->messages)) > 0 ? "messages" : "empty");
}

/* ---- messages ---------------------------------------------------------------------------- */

static PlzChatMessage *
find_message (PlzChatView *self,
              const char  *id,
              const char  *client_id,
              guint       *position)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->messages));

  /* Newest first: events and acks are about recent messages. */
  for (guint i = n; i > 0; i--)
    {
      g_autoptr(PlzChatMessage) m = g_list_model_get_item (G_LIST_MODEL (self->messages), i - 1);

      if ((id != NULL && g_strcmp0 (plz_chat_message_get_id (m), id) == 0)
          || (client_id != NULL && g_strcmp0 (plz_chat_message_get_client_id (m), client_id) == 0))
        {
          if (position != NULL)
            *position = i - 1;
          return g_steal_pointer (&m);
        }
    }
  return NULL;
}

static GtkWidget *
create_row_cb (gpointer item,
               gpointer user_data)
{
  PlzChatView *self = user_data;
  PlzChatMessage *message = item;

  return plz_message_row_new (message, g_strcmp0 (plz_chat_message_get_sender_id (message), my_id (self)) == 0,
                              self->cache, plz_account_get_server_url (self->account));
}

/* A day separator above the first message of each day. */
static void
header_cb (GtkListBoxRow *row,
           GtkListBoxRow *before,
           gpointer       user_data)
{
  gint64 at = plz_chat_message_get_created_at (plz_message_row_get_message (PLZ_MESSAGE_ROW (row)));
  GtkWidget *header;
  g_autofree char *day = NULL;

  if (before != NULL
      && plz_chat_format_same_day (at, plz_chat_message_get_created_at (plz_message_row_get_message (PLZ_MESSAGE_ROW (before)))))
    {
      gtk_list_box_row_set_header (row, NULL);
      return;
    }
  day = plz_chat_format_day (at);
  header = gtk_list_box_row_get_header (row);
  if (header == NULL)
    {
      header = gtk_label_new (NULL);
      gtk_widget_add_css_class (header, "day-separator");
      gtk_widget_add_css_class (header, "caption-heading");
      gtk_list_box_row_set_header (row, header);
    }
  gtk_label_set_text (GTK_LABEL (header), day);
}

static void
scroll_to_bottom (PlzChatView *self)
{
  self->stick_to_bottom = TRUE;
}

static gboolean
near_bottom (PlzChatView *self)
{
  GtkAdjustment *adj = gtk_scrolled_window_get_vadjustment (self->scroller);

  return gtk_adjustment_get_value (adj) + gtk_adjustment_get_page_size (adj) >= gtk_adjustment_get_upper (adj) - 48;
}

/* Keeps the view where it should be as rows come and go: at the bottom for
 * new messages, on the same message after older ones went in above. */
static void
adjustment_changed_cb (PlzChatView   *self,
                       GtkAdjustment *adj)
{
  if (self->keep_from_bottom >= 0)
    {
      gtk_adjustment_set_value (adj, gtk_adjustment_get_upper (adj) - self->keep_from_bottom);
      self->keep_from_bottom = -1;
    }
  else if (self->stick_to_bottom)
    gtk_adjustment_set_value (adj, gtk_adjustment_get_upper (adj) - gtk_adjustment_get_page_size (adj));
}

static void
value_changed_cb (PlzChatView   *self,
                  GtkAdjustment *adj)
{
  self->stick_to_bottom = near_bottom (self);
  if (gtk_adjustment_get_value (adj) < LOAD_OLDER_MARGIN
      && gtk_adjustment_get_upper (adj) > gtk_adjustment_get_page_size (adj))
    plz_chat_view_load_older (self);
}

/* Appends @list (newest first, as the server sends it) in time order, at the
 * start when @older. Messages in @reuse (by id or client_id) are updated and
 * kept rather than made again, so that whoever holds one keeps the live one. */
static void
take_history (PlzChatView *self,
              JsonArray   *list,
              gboolean     older,
              GHashTable  *reuse)
{
  g_autoptr(GPtrArray) add = g_ptr_array_new_with_free_func (g_object_unref);
  guint n = list != NULL ? json_array_get_length (list) : 0;

  for (guint i = n; i > 0; i--)
    {
      JsonNode *node = json_array_get_element (list, i - 1);
      JsonObject *o = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      g_autoptr(PlzChatMessage) known = NULL;
      PlzChatMessage *same = NULL;

      if (o == NULL || (known = find_message (self, string_of (o, "id"), NULL, NULL)) != NULL)
        continue;
      if (reuse != NULL && string_of (o, "id") != NULL)
        same = g_hash_table_lookup (reuse, string_of (o, "id"));
      if (reuse != NULL && same == NULL && string_of (o, "client_id") != NULL)
        same = g_hash_table_lookup (reuse, string_of (o, "client_id"));
      if (same != NULL && !g_ptr_array_find (add, same, NULL))
        {
          plz_chat_message_update (same, o);
          g_ptr_array_add (add, g_object_ref (same));
        }
      else
        g_ptr_array_add (add, plz_chat_message_new (o));
    }
  g_list_store_splice (self->messages, older ? 0 : g_list_model_get_n_items (G_LIST_MODEL (self->messages)),
                       0, add->pdata, add->len);
}

/* What the sender still holds for this conversation, earlier runs' outbox
 * included, shows as pending until its ack or refusal arrives. */
static void
add_pending (PlzChatView *self)
{
  GListModel *pending;
  guint n;

  if (self->item == NULL || self->sender == NULL
      || (pending = plz_message_sender_get_pending (self->sender)) == NULL)
    return;
  n = g_list_model_get_n_items (pending);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PlzOutboxItem) item = g_list_model_get_item (pending, i);
      g_autoptr(PlzChatMessage) known = NULL;
      g_autoptr(PlzChatMessage) message = NULL;
      const char *client_id = plz_outbox_item_get_client_id (item);
      GDateTime *at = plz_outbox_item_get_created_at (item);

      if (g_strcmp0 (plz_outbox_item_get_conversation_id (item), plz_conversation_item_get_id (self->item)) != 0
          || (known = find_message (self, NULL, client_id, NULL)) != NULL)
        continue;
      message = plz_chat_message_new_pending_at (client_id, plz_outbox_item_get_conversation_id (item), my_id (self),
                                                 plz_outbox_item_get_body (item),
                                                 g_date_time_to_unix (at) * G_USEC_PER_SEC
                                                   + g_date_time_get_microsecond (at));
      g_list_store_append (self->messages, message);
    }
}

/* The latest page replaces what is shown; messages not stored yet (pending,
 * or refused) stay after it, and the sender's pending ones join them. */
static void
take_latest (PlzChatView *self,
             JsonArray   *list)
{
  /* Keys copied: an update replaces the JSON they were read from. */
  g_autoptr(GHashTable) shown = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  g_autoptr(GPtrArray) unstored = g_ptr_array_new_with_free_func (g_object_unref);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->messages));

  for (guint i = 0; i < n; i++)
    {
      PlzChatMessage *m = g_list_model_get_item (G_LIST_MODEL (self->messages), i);
      const char *key = plz_chat_message_get_id (m) != NULL ? plz_chat_message_get_id (m)
                                                            : plz_chat_message_get_client_id (m);

      if (plz_chat_message_get_id (m) == NULL)
        g_ptr_array_add (unstored, g_object_ref (m));
      if (key != NULL)
        g_hash_table_replace (shown, g_strdup (key), m);
      else
        g_object_unref (m);
    }
  g_list_store_remove_all (self->messages);
  take_history (self, list, FALSE, shown);
  for (guint i = 0; i < unstored->len; i++)
    {
      PlzChatMessage *m = g_ptr_array_index (unstored, i);
      g_autoptr(PlzChatMessage) known = find_message (self, NULL, plz_chat_message_get_client_id (m), NULL);

      if (known == NULL)
        g_list_store_append (self->messages, m);
    }
  add_pending (self);
}

static void
history_loaded_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(PlzChatView) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) answer = plz_account_call_finish (PLZ_ACCOUNT (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (answer == NULL)
    {
      g_autofree char *text = NULL;

      /* Messages already shown (those waiting to be sent, say) stay in sight. */
      if (g_list_model_get_n_items (G_LIST_MODEL (self->messages)) == 0)
        {
          adw_status_page_set_description (self->error_page, error->message);
          set_state (self, "error");
          return;
        }
      text = g_strdup_printf (_("Could not load this conversation: %s"), error->message);
      plz_form_add_toast (GTK_WIDGET (self), text);
      return;
    }
  take_latest (self, json_object_get_array_member (answer, "messages"));
  self->has_more = json_object_get_boolean_member_with_default (answer, "more", FALSE);
  scroll_to_bottom (self);
  update_list_state (self);
  plz_chat_view_mark_read (self);
}

static void
older_loaded_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(PlzChatView) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) answer = plz_account_call_finish (PLZ_ACCOUNT (source), result, &error);
  GtkAdjustment *adj = gtk_scrolled_window_get_vadjustment (self->scroller);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->loading_older = FALSE;
  gtk_widget_set_visible (GTK_WIDGET (self->older_spinner), FALSE);
  gtk_spinner_set_spinning (self->older_spinner, FALSE);
  if (answer == NULL)
    {
      g_autofree char *text = g_strdup_printf (_("Could not load older messages: %s"), error->message);
      plz_form_add_toast (GTK_WIDGET (self), text);
      return;
    }
  self->keep_from_bottom = gtk_adjustment_get_upper (adj) - gtk_adjustment_get_value (adj);
  self->stick_to_bottom = FALSE;
  take_history (self, json_object_get_array_member (answer, "messages"), TRUE, NULL);
  self->has_more = json_object_get_boolean_member_with_default (answer, "more", FALSE);
}

void
plz_chat_view_load_older (PlzChatView *self)
{
  g_autoptr(PlzChatMessage) oldest = NULL;
  g_autofree char *path = NULL, *tail = NULL, *escaped = NULL;

  g_return_if_fail (PLZ_IS_CHAT_VIEW (self));

  if (self->item == NULL || !self->has_more || self->loading_older
      || g_list_model_get_n_items (G_LIST_MODEL (self->messages)) == 0)
    return;
  oldest = g_list_model_get_item (G_LIST_MODEL (self->messages), 0);
  if (plz_chat_message_get_id (oldest) == NULL)
    return;
  self->loading_older = TRUE;
  gtk_widget_set_visible (GTK_WIDGET (self->older_spinner), TRUE);
  gtk_spinner_set_spinning (self->older_spinner, TRUE);
  escaped = g_uri_escape_string (plz_chat_message_get_id (oldest), NULL, FALSE);
  tail = g_strdup_printf ("/messages?limit=%d&before=%s", HISTORY_PAGE, escaped);
  path = conversation_path (self, tail);
  plz_account_call_async (self->account, "GET", path, NULL, FALSE, self->cancellable,
                          older_loaded_cb, g_object_ref (self));
}

void
plz_chat_view_reload (PlzChatView *self)
{
  g_autofree char *tail = NULL, *path = NULL;

  g_return_if_fail (PLZ_IS_CHAT_VIEW (self));

  if (self->item == NULL || self->account == NULL)
    return;
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->loading_older = FALSE;
  self->marking_read = FALSE;
  if (g_list_model_get_n_items (G_LIST_MODEL (self->messages)) == 0)
    set_state (self, "loading");
  tail = g_strdup_printf ("/messages?limit=%d", HISTORY_PAGE);
  path = conversation_path (self, tail);
  plz_account_call_async (self->account, "GET", path, NULL, FALSE, self->cancellable,
                          history_loaded_cb, g_object_ref (self));
}

static void
reload_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  plz_chat_view_reload (PLZ_CHAT_VIEW (widget));
}

/* ---- reading ------------------------------------------------------------------------------ */

static void
marked_read_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(PlzChatView) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) answer = plz_account_call_finish (PLZ_ACCOUNT (source), result, &error);
  JsonObject *conversation;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->marking_read = FALSE;
  /* Not worth a toast: the next visit marks them again. */
  if (answer == NULL)
    g_debug ("Could not mark the conversation read: %s", error->message);
  else if ((conversation = json_object_get_object_member (answer, "conversation")) != NULL
           && g_strcmp0 (string_of (conversation, "id"), plz_conversation_item_get_id (self->item)) == 0)
    plz_conversation_item_update (self->item, conversation);
}

void
plz_chat_view_mark_read (PlzChatView *self)
{
  GtkRoot *root;
  g_autofree char *path = NULL;

  g_return_if_fail (PLZ_IS_CHAT_VIEW (self));

  root = gtk_widget_get_root (GTK_WIDGET (self));
  if (self->item == NULL || self->marking_read || plz_conversation_item_get_unread (self->item) == 0
      || !gtk_widget_get_mapped (GTK_WIDGET (self))
      || !GTK_IS_WINDOW (root) || !gtk_window_is_active (GTK_WINDOW (root)))
    return;
  self->marking_read = TRUE;
  path = conversation_path (self, "/read");
  plz_account_call_async (self->account, "POST", path, NULL, FALSE, self->cancellable,
                          marked_read_cb, g_object_ref (self));
}

/* ---- the contact warning ------------------------------------------------------------------ */

/* Sharing contact details is fine once a booking is confirmed. */
static void
update_stage (PlzChatView *self)
{
  JsonObject *json = self->item != NULL ? plz_conversation_item_get_json (self->item) : NULL;
  const char *stage = json != NULL ? string_of (json, "stage") : NULL;

  plz_contact_warning_set_stage (self->warning, g_strcmp0 (stage, "post_booking") == 0 ? "post_booking"
                                                                                       : "pre_booking");
}

static void
blocked_changed_cb (PlzChatView       *self,
                    GParamSpec        *pspec,
                    PlzContactWarning *warning)
{
  plz_composer_set_send_blocked (self->composer, plz_contact_warning_get_blocked (warning),
                                 plz_contact_warning_get_reason (warning));
}

/* Tells the other side (the link throttles). */
static void
text_changed_cb (PlzChatView   *self,
                 GtkTextBuffer *buffer)
{
  if (self->item != NULL && self->sender != NULL && gtk_text_buffer_get_char_count (buffer) > 0)
    plz_message_sender_typing (self->sender, plz_conversation_item_get_id (self->item));
}

/* ---- sending ------------------------------------------------------------------------------ */

static void
send_text (PlzChatView *self,
           const char  *body,
           const char  *attachments_json)
{
  g_autofree char *client_id = NULL;
  g_autoptr(PlzChatMessage) pending = NULL;

  if (self->item == NULL)
    return;
  if (self->sender == NULL)
    {
      plz_form_add_toast (GTK_WIDGET (self), _("Your message was not sent: Plaza is not connected"));
      return;
    }
  client_id = plz_message_sender_send (self->sender, plz_conversation_item_get_id (self->item), body,
                                       attachments_json);
  if (client_id == NULL)
    return;
  /* The ack may have come already (a synchronous sender). */
  if ((pending = find_message (self, NULL, client_id, NULL)) != NULL)
    return;
  pending = plz_chat_message_new_pending (client_id, plz_conversation_item_get_id (self->item), my_id (self), body);
  scroll_to_bottom (self);
  g_list_store_append (self->messages, pending);
  update_list_state (self);
}

static void
composer_send_cb (PlzChatView *self,
                  const char  *body,
                  const char  *attachments_json,
                  PlzComposer *composer)
{
  send_text (self, body, attachments_json);
}

static void
acked_cb (PlzChatView      *self,
          const char       *client_id,
          JsonObject       *message,
          PlzMessageSender *sender)
{
  if (self->item != NULL && g_strcmp0 (string_of (message, "conversation_id"), plz_conversation_item_get_id (self->item)) == 0)
    plz_chat_view_add_message (self, message);
}

static void
refused_cb (PlzChatView      *self,
            const char       *client_id,
            const char       *code,
            const char       *message,
            PlzMessageSender *sender)
{
  g_autoptr(PlzChatMessage) pending = find_message (self, NULL, client_id, NULL);
  g_autofree char *text = NULL;

  if (g_strcmp0 (code, "contact_details_not_allowed") == 0 || g_strcmp0 (code, "sending_restricted") == 0)
    plz_contact_warning_show_refusal (self->warning, code, message);
  if (pending == NULL)
    return;
  plz_chat_message_set_failed (pending, message);
  text = g_strdup_printf (_("Your message was not sent: %s"), message);
  plz_form_add_toast (GTK_WIDGET (self), text);
}

/* Suggested actions: booking ones go to the window, quick replies are sent. */
static void
suggested_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  PlzChatView *self = PLZ_CHAT_VIEW (widget);
  const char *kind, *payload_text;
  g_autoptr(JsonNode) payload = NULL;
  const char *reply = NULL;

  g_variant_get (parameter, "(&s&s)", &kind, &payload_text);
  if (g_str_equal (kind, "book_now") || g_str_equal (kind, "view_availability"))
    {
      book_listing (self);
      return;
    }
  payload = json_from_string (payload_text, NULL);
  if (payload != NULL && JSON_NODE_HOLDS_VALUE (payload) && json_node_get_value_type (payload) == G_TYPE_STRING)
    reply = json_node_get_string (payload);
  else if (payload != NULL && JSON_NODE_HOLDS_OBJECT (payload))
    reply = string_of (json_node_get_object (payload), "text");
  if (reply != NULL && *reply != '\0')
    send_text (self, reply, NULL);
}

/* ---- typing ------------------------------------------------------------------------------- */

static gboolean
typing_over_cb (gpointer user_data)
{
  PlzChatView *self = user_data;

  self->typing_id = 0;
  gtk_revealer_set_reveal_child (self->typing_revealer, FALSE);
  return G_SOURCE_REMOVE;
}

void
plz_chat_view_show_typing (PlzChatView *self)
{
  g_autofree char *text = NULL;

  g_return_if_fail (PLZ_IS_CHAT_VIEW (self));

  if (self->item == NULL)
    return;
  text = g_strdup_printf (_("%s is typing…"), plz_conversation_item_get_other_name (self->item));
  gtk_label_set_text (self->typing_label, text);
  gtk_revealer_set_reveal_child (self->typing_revealer, TRUE);
  g_clear_handle_id (&self->typing_id, g_source_remove);
  self->typing_id = g_timeout_add_seconds (TYPING_SECONDS, typing_over_cb, self);
}

gboolean
plz_chat_view_get_typing (PlzChatView *self)
{
  g_return_val_if_fail (PLZ_IS_CHAT_VIEW (self), FALSE);
  return gtk_revealer_get_reveal_child (self->typing_revealer);
}

/* ---- public ------------------------------------------------------------------------------- */

GtkWidget *
plz_chat_view_new (void)
{
  return g_object_new (PLZ_TYPE_CHAT_VIEW, NULL);
}

void
plz_chat_view_setup (PlzChatView      *self,
                     PlzAccount       *account,
                     PlzTextureCache  *cache,
                     PlzMessageSender *sender)
{
  g_return_if_fail (PLZ_IS_CHAT_VIEW (self));
  g_return_if_fail (PLZ_IS_ACCOUNT (account));
  g_return_if_fail (PLZ_IS_TEXTURE_CACHE (cache));
  g_return_if_fail (sender == NULL || PLZ_IS_MESSAGE_SENDER (sender));

  g_set_object (&self->account, account);
  g_set_object (&self->cache, cache);
  if (self->sender != NULL)
    g_signal_handlers_disconnect_by_data (self->sender, self);
  g_set_object (&self->sender, sender);
  if (sender == NULL)
    return;
  g_signal_connect_object (sender, "acked", G_CALLBACK (acked_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (sender, "refused", G_CALLBACK (refused_cb), self, G_CONNECT_SWAPPED);
  /* A new sender may hold messages for the conversation shown. */
  if (self->item != NULL)
    {
      add_pending (self);
      if (g_list_model_get_n_items (G_LIST_MODEL (self->messages)) > 0)
        update_list_state (self);
    }
}

void
plz_chat_view_show (PlzChatView         *self,
                    PlzConversationItem *item)
{
  g_return_if_fail (PLZ_IS_CHAT_VIEW (self));
  g_return_if_fail (item == NULL || PLZ_IS_CONVERSATION_ITEM (item));

  if (item == self->item)
    {
      if (item != NULL)
        plz_chat_view_reload (self);
      return;
    }
  if (self->item != NULL)
    g_signal_handlers_disconnect_by_data (self->item, self);
  g_set_object (&self->item, item);
  g_list_store_remove_all (self->messages);
  self->has_more = FALSE;
  g_clear_handle_id (&self->typing_id, g_source_remove);
  gtk_revealer_set_reveal_child (self->typing_revealer, FALSE);
  plz_composer_set_conversation (self->composer, self->account, item != NULL ? plz_conversation_item_get_id (item) : NULL);
  if (item == NULL)
    {
      g_cancellable_cancel (self->cancellable);
      set_state (self, "empty");
      return;
    }
  g_signal_connect_object (item, "changed", G_CALLBACK (item_changed_cb), self, G_CONNECT_SWAPPED);
  update_stage (self);
  update_card (self);
  /* What waits to be sent shows at once, before the history arrives. */
  add_pending (self);
  if (g_list_model_get_n_items (G_LIST_MODEL (self->messages)) > 0)
    {
      scroll_to_bottom (self);
      update_list_state (self);
    }
  plz_chat_view_reload (self);
}

PlzConversationItem *
plz_chat_view_get_item (PlzChatView *self)
{
  g_return_val_if_fail (PLZ_IS_CHAT_VIEW (self), NULL);
  return self->item;
}

const char *
plz_chat_view_get_state (PlzChatView *self)
{
  g_return_val_if_fail (PLZ_IS_CHAT_VIEW (self), NULL);
  return self->item == NULL ? "none" : gtk_stack_get_visible_child_name (self->state_stack);
}

GListModel *
plz_chat_view_get_messages (PlzChatView *self)
{
  g_return_val_if_fail (PLZ_IS_CHAT_VIEW (self), NULL);
  return G_LIST_MODEL (self->messages);
}

gboolean
plz_chat_view_get_has_more (PlzChatView *self)
{
  g_return_val_if_fail (PLZ_IS_CHAT_VIEW (self), FALSE);
  return self->has_more;
}

void
plz_chat_view_add_message (PlzChatView *self,
                           JsonObject  *message)
{
  g_autoptr(PlzChatMessage) known = NULL;
  g_autoptr(PlzChatMessage) added = NULL;

  g_return_if_fail (PLZ_IS_CHAT_VIEW (self));
  g_return_if_fail (message != NULL);

  if (self->item == NULL
      || g_strcmp0 (string_of (message, "conversation_id"), plz_conversation_item_get_id (self->item)) != 0)
    return;
  known = find_message (self, string_of (message, "id"), string_of (message, "client_id"), NULL);
  if (known != NULL)
    {
      plz_chat_message_update (known, message);
      return;
    }
  /* Someone else's message ends typing, as it does in person. */
  if (g_strcmp0 (string_of (message, "sender_id"), my_id (self)) != 0)
    {
      g_clear_handle_id (&self->typing_id, g_source_remove);
      gtk_revealer_set_reveal_child (self->typing_revealer, FALSE);
    }
  if (near_bottom (self))
    scroll_to_bottom (self);
  added = plz_chat_message_new (message);
  g_list_store_append (self->messages, added);
  if (g_str_equal (plz_chat_view_get_state (self), "empty"))
    update_list_state (self);
}

void
plz_chat_view_apply_receipt (PlzChatView *self,
                             JsonArray   *message_ids,
                             const char  *delivered_at,
                             const char  *read_at)
{
  g_return_if_fail (PLZ_IS_CHAT_VIEW (self));

  for (guint i = 0; message_ids != NULL && i < json_array_get_length (message_ids); i++)
    {
      g_autoptr(PlzChatMessage) m = find_message (self, json_array_get_string_element (message_ids, i), NULL, NULL);

      if (m != NULL)
        plz_chat_message_apply_receipt (m, delivered_at, read_at);
    }
}

PlzComposer *
plz_chat_view_get_composer (PlzChatView *self)
{
  g_return_val_if_fail (PLZ_IS_CHAT_VIEW (self), NULL);
  return self->composer;
}

static void
plz_chat_view_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (plz_chat_view_parent_class)->map (widget);
  plz_chat_view_mark_read (PLZ_CHAT_VIEW (widget));
}

static void
plz_chat_view_dispose (GObject *object)
{
  PlzChatView *self = PLZ_CHAT_VIEW (object);
  GtkWidget *child;

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->typing_id, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), PLZ_TYPE_CHAT_VIEW);
  /* The bin layout's child is ours to unparent. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->item);
  g_clear_object (&self->messages);
  g_clear_object (&self->sender);
  g_clear_object (&self->cache);
  g_clear_object (&self->account);

  G_OBJECT_CLASS (plz_chat_view_parent_class)->dispose (object);
}

static void
plz_chat_view_class_init (PlzChatViewClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = plz_chat_view_dispose;
  widget_class->map = plz_chat_view_map;

  g_type_ensure (PLZ_TYPE_COMPOSER);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/plaza/Plaza/plz-chat-view.ui");
  gtk_widget_class_bind_template_child (widget_class, PlzChatView, context_card);
  gtk_widget_class_bind_template_child (widget_class, PlzChatView, listing_picture);
  gtk_widget_class_bind_template_child (widget_class, PlzChatView, title_label);
  gtk_widget_class_bind_template_child (widget_class, PlzChatView, price_label);
  gtk_widget_class_bind_template_child (widget_class, PlzChatView, badges_box);
  gtk_widget_class_bind_template_child (widget_class, PlzChatView, response_label);
  gtk_widget_class_bind_template_child (widget_class, PlzChatView, booking_label);
  gtk_widget_class_bind_template_child (widget_class, PlzChatView, book_button);
  gtk_widget_class_bind_template_child (widget_class, PlzChatView, state_stack);
  gtk_widget_class_bind_template_child (widget_class, PlzChatView, loading_spinner);
  gtk_widget_class_bind_template_child (widget_class, PlzChatView, error_page);
  gtk_widget_class_bind_template_child (widget_class, PlzChatView, scroller);
  gtk_widget_class_bind_template_child (widget_class, PlzChatView, older_spinner);
  gtk_widget_class_bind_template_child (widget_class, PlzChatView, message_list);
  gtk_widget_class_bind_template_child (widget_class, PlzChatView, typing_revealer);
  gtk_widget_class_bind_template_child (widget_class, PlzChatView, typing_label);
  gtk_widget_class_bind_template_child (widget_class, PlzChatView, composer);

  gtk_widget_class_install_action (widget_class, "chat.book", NULL, book_action);
  gtk_widget_class_install_action (widget_class, "chat.reload", NULL, reload_action);
  gtk_widget_class_install_action (widget_class, "chat.suggested-action", "(ss)", suggested_action);
}

static void
plz_chat_view_init (PlzChatView *self)
{
  GtkAdjustment *adj;

  gtk_widget_init_template (GTK_WIDGET (self));
  self->messages = g_list_store_new (PLZ_TYPE_CHAT_MESSAGE);
  self->cancellable = g_cancellable_new ();
  self->keep_from_bottom = -1;
  self->stick_to_bottom = TRUE;
  gtk_list_box_bind_model (self->message_list, G_LIST_MODEL (self->messages), create_row_cb, self, NULL);
  gtk_list_box_set_header_func (self->message_list, header_cb, NULL, NULL);
  adj = gtk_scrolled_window_get_vadjustment (self->scroller);
  g_signal_connect_object (adj, "changed", G_CALLBACK (adjustment_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (adj, "value-changed", G_CALLBACK (value_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->composer, "send", G_CALLBACK (composer_send_cb), self, G_CONNECT_SWAPPED);
  self->warning = plz_contact_warning_new ();
  gtk_box_append (plz_composer_get_warning_slot (self->composer), GTK_WIDGET (self->warning));
  plz_contact_warning_attach (self->warning, plz_composer_get_buffer (self->composer));
  g_signal_connect_object (self->warning, "notify::blocked", G_CALLBACK (blocked_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (plz_composer_get_buffer (self->composer), "changed", G_CALLBACK (text_changed_cb), self,
                           G_CONNECT_SWAPPED);
  set_state (self, "empty");
}
