/* test-messages-page.c — the Messages page in a window against a real server:
 * its states, opening a conversation, paging history, sending through the
 * account's link with receipts, live events (apply_event), the search and
 * the outbox an earlier run left */

#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "plz-catalogue-test.h"
#include "plz-chat-message.h"
#include "plz-client-test.h"
#include "plz-composer.h"
#include "plz-conversation-item.h"
#include "plz-link-sender.h"
#include "plz-message-row.h"
#include "plz-messages-page.h"

#define WAIT_MS 15000

typedef struct
{
  PlzTestServer   *server;
  char            *operator;     /* the operator's token */
  char            *listing;      /* "Valet at your door" */
  char            *garden;       /* a second listing, "Garden service" */
  PlzAccount      *account;      /* the consumer, in the app */
  GtkWindow       *window;
  PlzMessagesPage *page;
} Fixture;

static void
open_page (Fixture    *fixture,
           PlzAccount *account)
{
  fixture->account = account;
  fixture->page = PLZ_MESSAGES_PAGE (plz_messages_page_new ());
  fixture->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (fixture->window, 1000, 700);
  gtk_window_set_child (fixture->window, GTK_WIDGET (fixture->page));
  plz_messages_page_set_account (fixture->page, account);
  gtk_window_present (fixture->window);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (fixture->window));
}

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  fixture->server = plz_test_server_start (FALSE);
  if (fixture->server == NULL)
    return;
  fixture->operator = plz_test_sign_up (fixture->server->url, "op@example.org", TRUE);
  fixture->listing = plz_test_make_listing (fixture->server->url, fixture->operator, "Valet at your door", 350, 1);
  fixture->garden = plz_test_make_listing (fixture->server->url, fixture->operator, "Garden service", 400, 0);
  open_page (fixture, plz_test_consumer (fixture->server->url, "thandi@example.org"));
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  if (fixture->window != NULL)
    {
      gtk_window_destroy (fixture->window);
      plz_test_spin (200);
    }
  g_clear_object (&fixture->account);
  plz_test_server_stop (fixture->server);
  g_free (fixture->operator);
  g_free (fixture->listing);
  g_free (fixture->garden);
}

/* ---- helpers ------------------------------------------------------------------------------ */

typedef struct
{
  Fixture    *fixture;
  const char *state;
} StateWait;

static gboolean
page_in_state (gpointer data)
{
  StateWait *wait = data;

  return g_strcmp0 (plz_messages_page_get_state (wait->fixture->page), wait->state) == 0;
}

static void
wait_state (Fixture    *fixture,
            const char *state)
{
  StateWait wait = { fixture, state };

  if (!plz_test_wait_until (page_in_state, &wait, WAIT_MS))
    g_error ("The page stayed “%s”, not “%s”", plz_messages_page_get_state (fixture->page), state);
}

static gboolean
chat_in_state (gpointer data)
{
  StateWait *wait = data;

  return g_strcmp0 (plz_chat_view_get_state (plz_messages_page_get_chat_view (wait->fixture->page)),
                    wait->state) == 0;
}

static void
wait_chat_state (Fixture    *fixture,
                 const char *state)
{
  StateWait wait = { fixture, state };

  if (!plz_test_wait_until (chat_in_state, &wait, WAIT_MS))
    g_error ("The chat stayed “%s”, not “%s”",
             plz_chat_view_get_state (plz_messages_page_get_chat_view (fixture->page)), state);
}

/* The consumer asks about @listing; returns the conversation id. */
static char *
inquire (Fixture    *fixture,
         const char *listing,
         const char *text)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/listings/%s/inquiries", listing);
  g_autofree char *body = g_strdup_printf ("{\"body\":\"%s\"}", text);
  g_autoptr(JsonObject) answer = plz_test_api (fixture->server->url, "POST", path, body,
                                               plz_account_get_token (fixture->account), 201);

  return g_strdup (json_object_get_string_member (json_object_get_object_member (answer, "conversation"), "id"));
}

/* The operator answers @text in @conversation; returns the server's message. */
static JsonObject *
operator_says (Fixture    *fixture,
               const char *conversation,
               const char *text)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/conversations/%s/messages", conversation);
  g_autofree char *body = g_strdup_printf ("{\"body\":\"%s\"}", text);
  g_autoptr(JsonObject) answer = plz_test_api (fixture->server->url, "POST", path, body, fixture->operator, 201);

  return json_object_ref (json_object_get_object_member (answer, "message"));
}

static PlzConversationItem *
find_conversation (Fixture    *fixture,
                   const char *id)
{
  GListModel *list = plz_messages_page_get_conversations (fixture->page);

  for (guint i = 0; i < g_list_model_get_n_items (list); i++)
    {
      g_autoptr(PlzConversationItem) item = g_list_model_get_item (list, i);

      if (g_strcmp0 (plz_conversation_item_get_id (item), id) == 0)
        return item;
    }
  return NULL;
}

static PlzChatMessage *
message_at (Fixture *fixture,
            guint    position)
{
  GListModel *messages = plz_chat_view_get_messages (plz_messages_page_get_chat_view (fixture->page));
  g_autoptr(PlzChatMessage) m = g_list_model_get_item (messages, position);

  return m;  /* the store keeps it */
}

static guint
n_messages (Fixture *fixture)
{
  return g_list_model_get_n_items (plz_chat_view_get_messages (plz_messages_page_get_chat_view (fixture->page)));
}

typedef struct
{
  PlzChatMessage     *message;
  PlzChatMessageState state;
} MessageWait;

static gboolean
message_in_state (gpointer data)
{
  MessageWait *wait = data;

  return plz_chat_message_get_state (wait->message) == wait->state;
}

/* The row that shows @message. */
static PlzMessageRow *
row_of (GtkWidget      *root,
        PlzChatMessage *message)
{
  if (PLZ_IS_MESSAGE_ROW (root) && plz_message_row_get_message (PLZ_MESSAGE_ROW (root)) == message)
    return PLZ_MESSAGE_ROW (root);
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      PlzMessageRow *row = row_of (child, message);

      if (row != NULL)
        return row;
    }
  return NULL;
}

/* ---- tests ------------------------------------------------------------------------------------ */

static void
test_states (Fixture *fixture, gconstpointer data)
{
  g_autofree char *id = NULL;

  if (fixture->server == NULL)
    return;
  wait_state (fixture, "empty");
  g_assert_cmpstr (plz_chat_view_get_state (plz_messages_page_get_chat_view (fixture->page)), ==, "none");

  id = inquire (fixture, fixture->listing, "Hi, is this available?");
  plz_messages_page_reload (fixture->page);
  wait_state (fixture, "list");
  g_assert_cmpuint (g_list_model_get_n_items (plz_messages_page_get_conversations (fixture->page)), ==, 1);
  g_assert_cmpstr (plz_messages_page_find_for_listing (fixture->page, fixture->listing), ==, id);
  g_assert_null (plz_messages_page_find_for_listing (fixture->page, fixture->garden));
}

static void
test_error_state (Fixture *fixture, gconstpointer data)
{
  g_autofree char *url = g_strdup_printf ("http://127.0.0.1:%u", plz_test_free_port ());
  PlzAccount *account = plz_account_new (url);
  g_autoptr(JsonNode) user = json_from_string ("{\"id\":\"u1\",\"display_name\":\"Thandi\","
                                               "\"roles\":{\"consumer\":true}}", NULL);
  g_autoptr(JsonNode) event = NULL;
  GtkWidget *retry;

  plz_account_set_session (account, "token", json_node_get_object (user));
  open_page (fixture, account);
  wait_state (fixture, "error");
  retry = plz_test_find_labelled (GTK_WIDGET (fixture->page), GTK_TYPE_BUTTON, "_Try Again");
  g_assert_nonnull (retry);
  gtk_widget_activate_action (GTK_WIDGET (fixture->page), "messages.reload", NULL);
  g_assert_cmpstr (plz_messages_page_get_state (fixture->page), ==, "loading");
  wait_state (fixture, "error");
  g_assert_cmpuint (g_list_model_get_n_items (plz_messages_page_get_conversations (fixture->page)), ==, 0);

  /* A conversation that comes live (the stream may work while the list
   * request failed) is shown instead of the error. */
  event = json_from_string ("{\"conversation\":{\"id\":\"c1\",\"consumer_id\":\"u1\",\"operator_id\":\"u2\","
                            "\"status\":\"active\",\"listing\":{\"id\":\"l1\",\"title\":\"Car wash\"}}}", NULL);
  g_assert_nonnull (event);
  plz_messages_page_apply_event (fixture->page, "conversation.updated", json_node_get_object (event), 1);
  g_assert_cmpuint (g_list_model_get_n_items (plz_messages_page_get_conversations (fixture->page)), ==, 1);
  g_assert_cmpstr (plz_messages_page_get_state (fixture->page), ==, "list");
}

static void
test_open_and_page_history (Fixture *fixture, gconstpointer data)
{
  g_autofree char *id = NULL;
  PlzChatView *chat;
  guint total = 45;

  if (fixture->server == NULL)
    return;
  id = inquire (fixture, fixture->listing, "Message 0");
  for (guint i = 1; i < total; i++)
    {
      g_autofree char *text = g_strdup_printf ("Message %u", i);
      g_autoptr(JsonObject) m = operator_says (fixture, id, text);
    }
  plz_messages_page_reload (fixture->page);
  wait_state (fixture, "list");
  g_assert_cmpuint (plz_messages_page_get_unread_total (fixture->page), ==, total - 1);

  plz_messages_page_open_conversation (fixture->page, id);
  chat = plz_messages_page_get_chat_view (fixture->page);
  g_assert_cmpstr (plz_conversation_item_get_id (plz_chat_view_get_item (chat)), ==, id);
  wait_chat_state (fixture, "messages");
  /* The latest page, oldest first. */
  g_assert_cmpuint (n_messages (fixture), ==, 30);
  g_assert_cmpstr (plz_chat_message_get_body (message_at (fixture, 0)), ==, "Message 15");
  g_assert_cmpstr (plz_chat_message_get_body (message_at (fixture, 29)), ==, "Message 44");
  g_assert_true (plz_chat_view_get_has_more (chat));

  plz_chat_view_load_older (chat);
  for (guint waited = 0; n_messages (fixture) < total && waited < WAIT_MS; waited += 50)
    plz_test_spin (50);
  g_assert_cmpuint (n_messages (fixture), ==, total);
  g_assert_false (plz_chat_view_get_has_more (chat));
  for (guint i = 0; i < total; i++)
    {
      g_autofree char *text = g_strdup_printf ("Message %u", i);
      g_assert_cmpstr (plz_chat_message_get_body (message_at (fixture, i)), ==, text);
    }
  /* Nothing more to load: asking again changes nothing. */
  plz_chat_view_load_older (chat);
  plz_test_spin (300);
  g_assert_cmpuint (n_messages (fixture), ==, total);
}

static void
test_send_and_receipts (Fixture *fixture, gconstpointer data)
{
  g_autofree char *id = NULL;
  g_autofree char *read_path = NULL;
  PlzChatView *chat;
  PlzComposer *composer;
  PlzChatMessage *sent;
  PlzMessageRow *row;
  MessageWait wait;
  g_autoptr(JsonObject) read = NULL;
  g_autoptr(JsonNode) receipt = NULL;
  g_autofree char *receipt_json = NULL;

  if (fixture->server == NULL)
    return;
  id = inquire (fixture, fixture->listing, "Hi, is this available?");
  plz_messages_page_open_conversation (fixture->page, id);
  wait_chat_state (fixture, "messages");
  chat = plz_messages_page_get_chat_view (fixture->page);
  composer = plz_chat_view_get_composer (chat);
  /* Sends go through the account's live link. */
  g_assert_true (PLZ_IS_LINK_SENDER (plz_messages_page_get_sender (fixture->page)));

  /* Nothing written: nothing sent. */
  plz_composer_set_text (composer, "   ");
  g_assert_false (plz_composer_send (composer));
  g_assert_cmpuint (n_messages (fixture), ==, 1);

  plz_composer_set_text (composer, "Is Saturday possible?");
  g_assert_true (plz_composer_send (composer));
  g_assert_cmpint (gtk_text_buffer_get_char_count (plz_composer_get_buffer (composer)), ==, 0);
  g_assert_cmpuint (n_messages (fixture), ==, 2);
  sent = message_at (fixture, 1);
  g_assert_cmpint (plz_chat_message_get_state (sent), ==, PLZ_CHAT_MESSAGE_PENDING);
  row = row_of (GTK_WIDGET (chat), sent);
  g_assert_nonnull (row);
  g_assert_cmpstr (plz_message_row_get_receipt (row), ==, "Sending…");

  wait = (MessageWait) { sent, PLZ_CHAT_MESSAGE_SENT };
  g_assert_true (plz_test_wait_until (message_in_state, &wait, WAIT_MS));
  g_assert_nonnull (plz_chat_message_get_id (sent));
  g_assert_cmpstr (plz_message_row_get_receipt (row), ==, "Sent ✓");
  /* The list shows it as the last message. */
  g_assert_cmpstr (plz_conversation_item_get_preview (find_conversation (fixture, id)), ==, "Is Saturday possible?");

  /* The operator reads it; the receipt event reaches the sender. */
  read_path = g_strdup_printf ("/api/v1/conversations/%s/read", id);
  read = plz_test_api (fixture->server->url, "POST", read_path, NULL, fixture->operator, 200);
  receipt_json = g_strdup_printf ("{\"conversation_id\":\"%s\",\"message_ids\":[\"%s\"],\"by\":\"x\","
                                  "\"read_at\":\"2026-11-22T10:00:00Z\"}", id, plz_chat_message_get_id (sent));
  receipt = json_from_string (receipt_json, NULL);
  plz_messages_page_apply_event (fixture->page, "message.receipt", json_node_get_object (receipt), 5);
  g_assert_cmpint (plz_chat_message_get_state (sent), ==, PLZ_CHAT_MESSAGE_READ);
  g_assert_cmpstr (plz_message_row_get_receipt (row), ==, "Read ✓✓");

  /* What the server refuses shows as not sent, and stays in the chat. */
  {
    g_autoptr(GString) long_text = g_string_new (NULL);
    PlzChatMessage *refused;

    for (guint i = 0; i < 410; i++)
      g_string_append (long_text, "0123456789");
    plz_composer_set_text (composer, long_text->str);
    g_assert_true (plz_composer_send (composer));
    refused = message_at (fixture, 2);
    wait = (MessageWait) { refused, PLZ_CHAT_MESSAGE_FAILED };
    g_assert_true (plz_test_wait_until (message_in_state, &wait, WAIT_MS));
    g_assert_nonnull (plz_chat_message_get_error (refused));
    g_assert_cmpstr (plz_message_row_get_receipt (row_of (GTK_WIDGET (chat), refused)), ==, "Not sent");
  }
}

static void
test_apply_event (Fixture *fixture, gconstpointer data)
{
  g_autofree char *id = NULL, *other = NULL, *path = NULL;
  g_autoptr(JsonObject) message = NULL;
  g_autoptr(JsonObject) conversation = NULL;
  g_autoptr(JsonObject) event = json_object_new ();
  PlzConversationItem *item;
  guint before;

  if (fixture->server == NULL)
    return;
  id = inquire (fixture, fixture->listing, "Hi, is this available?");
  other = inquire (fixture, fixture->garden, "Do you cut hedges?");
  plz_messages_page_reload (fixture->page);
  wait_state (fixture, "list");
  plz_messages_page_open_conversation (fixture->page, other);
  wait_chat_state (fixture, "messages");
  before = plz_messages_page_get_unread_total (fixture->page);

  /* The operator answers in the conversation that is not open. */
  message = operator_says (fixture, id, "Yes, it is!");
  path = g_strdup_printf ("/api/v1/conversations/%s", id);
  conversation = plz_test_api (fixture->server->url, "GET", path, NULL, plz_account_get_token (fixture->account), 200);
  json_object_set_object_member (event, "message", json_object_ref (message));
  json_object_set_object_member (event, "conversation",
                                 json_object_ref (json_object_get_object_member (conversation, "conversation")));
  plz_messages_page_apply_event (fixture->page, "message.created", event, 7);
  item = find_conversation (fixture, id);
  g_assert_cmpstr (plz_conversation_item_get_preview (item), ==, "Yes, it is!");
  g_assert_cmpuint (plz_conversation_item_get_unread (item), ==, 1);
  g_assert_cmpuint (plz_messages_page_get_unread_total (fixture->page), ==, before + 1);
  /* Latest activity first. */
  {
    g_autoptr(PlzConversationItem) first = g_list_model_get_item (plz_messages_page_get_conversations (fixture->page), 0);
    g_assert_true (first == item);
  }

  /* The same event again (a replay) changes nothing. */
  plz_conversation_item_set_unread (item, 1);
  plz_messages_page_apply_event (fixture->page, "message.created", event, 7);
  g_assert_cmpuint (plz_messages_page_get_unread_total (fixture->page), ==, before + 1);

  /* In the open conversation, a new message joins the chat; typing shows, then ends with it. */
  {
    g_autoptr(JsonObject) answer = operator_says (fixture, other, "Hedges too, yes.");
    g_autoptr(JsonObject) live = json_object_new ();
    g_autoptr(JsonObject) typing = json_object_new ();
    guint n = n_messages (fixture);
    PlzChatView *chat = plz_messages_page_get_chat_view (fixture->page);

    json_object_set_string_member (typing, "conversation_id", other);
    json_object_set_string_member (typing, "user_id", json_object_get_string_member (answer, "sender_id"));
    plz_messages_page_apply_event (fixture->page, "typing", typing, 0);
    g_assert_true (plz_chat_view_get_typing (chat));

    json_object_set_object_member (live, "message", json_object_ref (answer));
    plz_messages_page_apply_event (fixture->page, "message.created", live, 8);
    g_assert_cmpuint (n_messages (fixture), ==, n + 1);
    g_assert_cmpstr (plz_chat_message_get_body (message_at (fixture, n)), ==, "Hedges too, yes.");
    g_assert_false (plz_chat_view_get_typing (chat));
    /* And the history fetched again does not show it twice. */
    plz_chat_view_reload (chat);
    plz_test_spin (500);
    wait_chat_state (fixture, "messages");
    g_assert_cmpuint (n_messages (fixture), ==, n + 1);
  }

  /* Unknown kinds and events without data are ignored. */
  plz_messages_page_apply_event (fixture->page, "booking.created", event, 9);
  {
    g_autoptr(JsonObject) empty = json_object_new ();
    plz_messages_page_apply_event (fixture->page, "message.created", empty, 10);
  }

  /* A later message comes as the server sends most: the message and our
   * unread count, without the conversation. */
  {
    g_autoptr(JsonObject) again = operator_says (fixture, id, "Saturday works.");
    g_autoptr(JsonObject) slim = json_object_new ();

    json_object_set_object_member (slim, "message", json_object_ref (again));
    json_object_set_int_member (slim, "unread", 2);
    plz_messages_page_apply_event (fixture->page, "message.created", slim, 11);
    g_assert_cmpstr (plz_conversation_item_get_preview (item), ==, "Saturday works.");
    g_assert_cmpuint (plz_conversation_item_get_unread (item), ==, 2);
    g_assert_cmpuint (plz_messages_page_get_unread_total (fixture->page), ==, before + 2);
  }
}

static void
test_search (Fixture *fixture, gconstpointer data)
{
  g_autofree char *id = NULL, *other = NULL;
  GListModel *shown;

  if (fixture->server == NULL)
    return;
  id = inquire (fixture, fixture->listing, "Hi, is this available?");
  other = inquire (fixture, fixture->garden, "Do you cut hedges?");
  plz_messages_page_reload (fixture->page);
  wait_state (fixture, "list");
  shown = plz_messages_page_get_shown (fixture->page);
  g_assert_cmpuint (g_list_model_get_n_items (shown), ==, 2);

  plz_messages_page_set_search (fixture->page, "GARDEN");
  g_assert_cmpuint (g_list_model_get_n_items (shown), ==, 1);
  {
    g_autoptr(PlzConversationItem) item = g_list_model_get_item (shown, 0);
    g_assert_cmpstr (plz_conversation_item_get_id (item), ==, other);
  }
  plz_messages_page_set_search (fixture->page, "hedges");   /* the last message */
  g_assert_cmpuint (g_list_model_get_n_items (shown), ==, 1);
  plz_messages_page_set_search (fixture->page, "nothing like this");
  g_assert_cmpuint (g_list_model_get_n_items (shown), ==, 0);
  g_assert_cmpstr (plz_messages_page_get_state (fixture->page), ==, "no-results");
  plz_messages_page_set_search (fixture->page, "");
  g_assert_cmpuint (g_list_model_get_n_items (shown), ==, 2);
  g_assert_cmpstr (plz_messages_page_get_state (fixture->page), ==, "list");
}

/* ---- the outbox of an earlier run -------------------------------------------------------------- */

static guint
count_client_id (Fixture    *fixture,
                 const char *client_id)
{
  guint n = 0;

  for (guint i = 0; i < n_messages (fixture); i++)
    n += g_strcmp0 (plz_chat_message_get_client_id (message_at (fixture, i)), client_id) == 0;
  return n;
}

/* Saves the window as PLAZA_SHOT_DIR/messages-@name.png, when asked to. */
static void
shoot (Fixture    *fixture,
       const char *name)
{
  const char *dir = g_getenv ("PLAZA_SHOT_DIR");
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *file = NULL, *path = NULL;
  GtkWidget *window = GTK_WIDGET (fixture->window);

  if (dir == NULL)
    return;
  paintable = gtk_widget_paintable_new (window);
  /* Nothing to draw until the next frame, now and then. */
  for (guint i = 0; i < 20 && node == NULL; i++)
    {
      GtkSnapshot *snapshot = gtk_snapshot_new ();

      plz_test_spin (200);
      gdk_paintable_snapshot (paintable, snapshot, gtk_widget_get_width (window), gtk_widget_get_height (window));
      node = gtk_snapshot_free_to_node (snapshot);
    }
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (window)), node, NULL);
  file = g_strdup_printf ("messages-%s.png", name);
  path = g_build_filename (dir, file, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));
}

static gboolean
history_in_order (gpointer data)
{
  Fixture *fixture = data;

  return n_messages (fixture) > 0
         && g_strcmp0 (plz_chat_message_get_body (message_at (fixture, 0)), "Hi, is this available?") == 0;
}

/* The link's events reach the page, as the window wires them. */
static void
link_event_cb (PlzLink         *link,
               const char      *kind,
               JsonObject      *data,
               gint64           seq,
               PlzMessagesPage *page)
{
  plz_messages_page_apply_event (page, kind, data, seq);
}

static void
test_outbox_from_last_run (Fixture *fixture, gconstpointer data)
{
  g_autofree char *token = NULL, *path = NULL, *dir = NULL, *outbox = NULL, *port = NULL, *id = NULL;
  g_autofree char *outbox_json = NULL;
  g_autoptr(JsonObject) me = NULL, asked = NULL, conversation = NULL, history = NULL;
  g_autoptr(GString) too_long = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(PlzChatMessage) waiting = NULL, refused = NULL;
  PlzAccount *account;
  PlzChatView *chat;
  PlzLink *link;
  MessageWait wait;
  JsonArray *stored;
  guint n_stored = 0;

  if (fixture->server == NULL)
    return;
  token = plz_test_sign_up (fixture->server->url, "lindiwe@example.org", FALSE);
  me = plz_test_api (fixture->server->url, "GET", "/api/v1/me", NULL, token, 200);
  path = g_strdup_printf ("/api/v1/listings/%s/inquiries", fixture->listing);
  asked = plz_test_api (fixture->server->url, "POST", path, "{\"body\":\"Hi, is this available?\"}", token, 201);
  id = g_strdup (json_object_get_string_member (json_object_get_object_member (asked, "conversation"), "id"));
  g_free (path);
  path = g_strdup_printf ("/api/v1/conversations/%s", id);
  conversation = plz_test_api (fixture->server->url, "GET", path, NULL, token, 200);

  /* What a closed app leaves: two messages in the account's outbox, one the
   * server will take and one it refuses for good (over 4,000 characters). */
  for (guint i = 0; i < 410; i++)
    g_string_append (too_long, "0123456789");
  port = g_strdup_printf ("127.0.0.1-%s", strrchr (fixture->server->url, ':') + 1);
  dir = g_build_filename (g_get_user_state_dir (), "plaza", port,
                          json_object_get_string_member (json_object_get_object_member (me, "user"), "id"), NULL);
  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  outbox = g_build_filename (dir, "outbox.json", NULL);
  outbox_json = g_strdup_printf ("[{\"client_id\":\"c-from-last-run\",\"conversation_id\":\"%s\","
                                 "\"body\":\"Written while offline\",\"created_at\":\"2026-11-21T18:30:00Z\"},"
                                 "{\"client_id\":\"c-too-long\",\"conversation_id\":\"%s\","
                                 "\"body\":\"%s\",\"created_at\":\"2026-11-21T18:31:00Z\"}]",
                                 id, id, too_long->str);
  g_file_set_contents (outbox, outbox_json, -1, &error);
  g_assert_no_error (error);

  /* The app starts again while the server is down. */
  plz_test_server_kill (fixture->server);
  account = plz_account_new (fixture->server->url);
  plz_account_set_session (account, token, json_object_get_object_member (me, "user"));
  link = plz_account_get_link (account);
  g_assert_nonnull (link);
  g_assert_cmpuint (g_list_model_get_n_items (plz_link_get_outbox (link)), ==, 2);
  open_page (fixture, account);
  g_signal_connect_object (link, "event", G_CALLBACK (link_event_cb), fixture->page, 0);
  wait_state (fixture, "error");

  /* Opening the conversation shows both as pending at once. */
  plz_messages_page_add_conversation (fixture->page, json_object_get_object_member (conversation, "conversation"));
  plz_messages_page_open_conversation (fixture->page, id);
  chat = plz_messages_page_get_chat_view (fixture->page);
  g_assert_cmpstr (plz_chat_view_get_state (chat), ==, "messages");
  g_assert_cmpuint (n_messages (fixture), ==, 2);
  waiting = g_object_ref (message_at (fixture, 0));
  refused = g_object_ref (message_at (fixture, 1));
  g_assert_cmpstr (plz_chat_message_get_client_id (waiting), ==, "c-from-last-run");
  g_assert_cmpstr (plz_chat_message_get_body (waiting), ==, "Written while offline");
  g_assert_cmpint (plz_chat_message_get_state (waiting), ==, PLZ_CHAT_MESSAGE_PENDING);
  g_assert_cmpint (plz_chat_message_get_created_at (waiting), ==, G_GINT64_CONSTANT (1795285800) * G_USEC_PER_SEC);
  g_assert_cmpstr (plz_chat_message_get_client_id (refused), ==, "c-too-long");
  gtk_test_widget_wait_for_draw (GTK_WIDGET (fixture->window));
  g_assert_cmpstr (plz_message_row_get_receipt (row_of (GTK_WIDGET (chat), waiting)), ==, "Sending…");
  /* The history cannot load: what is shown stays, and says it is waiting. */
  plz_test_spin (1000);
  g_assert_cmpstr (plz_chat_view_get_state (chat), ==, "messages");
  g_assert_cmpuint (n_messages (fixture), ==, 2);
  g_assert_cmpint (plz_chat_message_get_state (waiting), ==, PLZ_CHAT_MESSAGE_PENDING);
  shoot (fixture, "outbox-pending");

  /* The server is back: the link sends, the row turns Sent, the other Not sent. */
  plz_test_server_restart (fixture->server);
  plz_link_reconnect_now (link);
  wait = (MessageWait) { waiting, PLZ_CHAT_MESSAGE_SENT };
  g_assert_true (plz_test_wait_until (message_in_state, &wait, WAIT_MS));
  g_assert_nonnull (plz_chat_message_get_id (waiting));
  g_assert_cmpstr (plz_message_row_get_receipt (row_of (GTK_WIDGET (chat), waiting)), ==, "Sent ✓");
  wait = (MessageWait) { refused, PLZ_CHAT_MESSAGE_FAILED };
  g_assert_true (plz_test_wait_until (message_in_state, &wait, WAIT_MS));
  g_assert_nonnull (plz_chat_message_get_error (refused));
  g_assert_cmpstr (plz_message_row_get_receipt (row_of (GTK_WIDGET (chat), refused)), ==, "Not sent");
  g_assert_cmpuint (g_list_model_get_n_items (plz_link_get_outbox (link)), ==, 0);

  /* Exactly once: after the ack, the replayed events and the history loaded again. */
  plz_test_spin (500);
  g_assert_cmpuint (count_client_id (fixture, "c-from-last-run"), ==, 1);
  /* Until now the inquiry came as a replayed event, after the two. */
  g_assert_true (message_at (fixture, 0) == waiting);
  plz_chat_view_reload (chat);
  g_assert_true (plz_test_wait_until (history_in_order, fixture, WAIT_MS));
  g_assert_cmpstr (plz_chat_view_get_state (chat), ==, "messages");
  g_assert_cmpuint (n_messages (fixture), ==, 3);
  g_assert_true (message_at (fixture, 1) == waiting);
  g_assert_cmpint (plz_chat_message_get_state (waiting), ==, PLZ_CHAT_MESSAGE_SENT);
  g_assert_true (message_at (fixture, 2) == refused);
  g_assert_cmpuint (count_client_id (fixture, "c-from-last-run"), ==, 1);
  shoot (fixture, "outbox-sent");

  g_free (path);
  path = g_strdup_printf ("/api/v1/conversations/%s/messages?limit=100", id);
  history = plz_test_api (fixture->server->url, "GET", path, NULL, token, 200);
  stored = json_object_get_array_member (history, "messages");
  for (guint i = 0; i < json_array_get_length (stored); i++)
    n_stored += g_strcmp0 (json_object_get_string_member_with_default (json_array_get_object_element (stored, i),
                                                                       "client_id", ""), "c-from-last-run") == 0;
  g_assert_cmpuint (n_stored, ==, 1);
  g_assert_cmpuint (json_array_get_length (stored), ==, 2);
}

static void
server_setup (Fixture       *fixture,
              gconstpointer  data)
{
  fixture->server = plz_test_server_start (FALSE);
  if (fixture->server == NULL)
    return;
  fixture->operator = plz_test_sign_up (fixture->server->url, "op@example.org", TRUE);
  fixture->listing = plz_test_make_listing (fixture->server->url, fixture->operator, "Valet at your door", 350, 1);
}

/* ---- notifications: a stand-in for the desktop's notification service ------------------------ */

static const char notifications_xml[] =
  "<node><interface name='org.freedesktop.Notifications'>"
  "<method name='Notify'><arg type='s' direction='in'/><arg type='u' direction='in'/>"
  "<arg type='s' direction='in'/><arg type='s' direction='in'/><arg type='s' direction='in'/>"
  "<arg type='as' direction='in'/><arg type='a{sv}' direction='in'/><arg type='i' direction='in'/>"
  "<arg type='u' direction='out'/></method>"
  "<method name='CloseNotification'><arg type='u' direction='in'/></method>"
  "<method name='GetCapabilities'><arg type='as' direction='out'/></method>"
  "<method name='GetServerInformation'><arg type='s' direction='out'/><arg type='s' direction='out'/>"
  "<arg type='s' direction='out'/><arg type='s' direction='out'/></method>"
  "<signal name='ActionInvoked'><arg type='u'/><arg type='s'/></signal>"
  "<signal name='NotificationClosed'><arg type='u'/><arg type='u'/></signal>"
  "</interface></node>";

typedef struct
{
  GPtrArray *notified;     /* the Notify parameters, one GVariant each */
  gboolean   owned;
  char      *opened;       /* the target of app.open-conversation, once activated */
} Notifications;

static void
notifications_method_cb (GDBusConnection       *connection,
                         const char            *sender,
                         const char            *path,
                         const char            *interface,
                         const char            *method,
                         GVariant              *parameters,
                         GDBusMethodInvocation *invocation,
                         gpointer               user_data)
{
  Notifications *n = user_data;

  if (g_str_equal (method, "Notify"))
    {
      g_ptr_array_add (n->notified, g_variant_ref (parameters));
      g_dbus_method_invocation_return_value (invocation, g_variant_new ("(u)", n->notified->len));
    }
  else if (g_str_equal (method, "GetCapabilities"))
    {
      const char *caps[] = { "actions", "body", NULL };
      g_dbus_method_invocation_return_value (invocation, g_variant_new ("(^as)", caps));
    }
  else if (g_str_equal (method, "GetServerInformation"))
    g_dbus_method_invocation_return_value (invocation, g_variant_new ("(ssss)", "test", "plaza", "1", "1.2"));
  else
    g_dbus_method_invocation_return_value (invocation, NULL);
}

static void
name_acquired_cb (GDBusConnection *connection,
                  const char      *name,
                  gpointer         user_data)
{
  ((Notifications *) user_data)->owned = TRUE;
}

static void
open_conversation_cb (GSimpleAction *action,
                      GVariant      *parameter,
                      gpointer       user_data)
{
  Notifications *n = user_data;

  g_free (n->opened);
  n->opened = g_variant_dup_string (parameter, NULL);
}

static void
test_notification (Fixture *fixture, gconstpointer data)
{
  static const GDBusInterfaceVTable vtable = { notifications_method_cb, NULL, NULL, { 0 } };
  g_autoptr(GDBusNodeInfo) info = g_dbus_node_info_new_for_xml (notifications_xml, NULL);
  g_autoptr(GDBusConnection) bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);
  g_autoptr(GtkApplication) app = NULL;
  g_autoptr(GSimpleAction) action = g_simple_action_new ("open-conversation", G_VARIANT_TYPE_STRING);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) message = NULL, conversation = NULL, event = json_object_new ();
  g_autofree char *id = NULL, *path = NULL;
  Notifications n = { g_ptr_array_new_with_free_func ((GDestroyNotify) g_variant_unref) };
  const char *summary, *body, **actions;
  guint object_id, owner_id;
  gboolean has_default = FALSE;
  GtkWindow *hidden;

  if (fixture->server == NULL)
    return;
  if (bus == NULL)
    {
      g_test_skip ("No session bus");
      return;
    }
  object_id = g_dbus_connection_register_object (bus, "/org/freedesktop/Notifications", info->interfaces[0],
                                                 &vtable, &n, NULL, &error);
  g_assert_no_error (error);
  owner_id = g_bus_own_name_on_connection (bus, "org.freedesktop.Notifications", G_BUS_NAME_OWNER_FLAGS_REPLACE,
                                           name_acquired_cb, NULL, &n, NULL);
  g_assert_true (plz_test_wait_for_flag (&n.owned, WAIT_MS));

  /* The app as GNotification needs it: registered on the bus, the default application. */
  app = gtk_application_new ("org.plaza.Plaza.MessagesTest", G_APPLICATION_NON_UNIQUE);
  g_signal_connect (action, "activate", G_CALLBACK (open_conversation_cb), &n);
  g_action_map_add_action (G_ACTION_MAP (app), G_ACTION (action));
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_assert_no_error (error);
  g_application_set_default (G_APPLICATION (app));

  /* The page in a window nobody is looking at. */
  gtk_window_set_child (fixture->window, NULL);
  gtk_window_destroy (fixture->window);
  hidden = GTK_WINDOW (gtk_window_new ());
  fixture->window = hidden;
  fixture->page = PLZ_MESSAGES_PAGE (plz_messages_page_new ());
  gtk_window_set_child (hidden, GTK_WIDGET (fixture->page));
  plz_messages_page_set_account (fixture->page, fixture->account);
  g_assert_false (gtk_window_is_active (hidden));

  id = inquire (fixture, fixture->listing, "Hi, is this available?");
  plz_messages_page_reload (fixture->page);
  wait_state (fixture, "list");
  message = operator_says (fixture, id, "Yes, it is!");
  path = g_strdup_printf ("/api/v1/conversations/%s", id);
  conversation = plz_test_api (fixture->server->url, "GET", path, NULL, plz_account_get_token (fixture->account), 200);
  json_object_set_object_member (event, "message", json_object_ref (message));
  json_object_set_object_member (event, "conversation",
                                 json_object_ref (json_object_get_object_member (conversation, "conversation")));
  plz_messages_page_apply_event (fixture->page, "message.created", event, 3);

  for (guint waited = 0; n.notified->len == 0 && waited < WAIT_MS; waited += 50)
    plz_test_spin (50);
  g_assert_cmpuint (n.notified->len, ==, 1);
  g_variant_get (g_ptr_array_index (n.notified, 0), "(&su&s&s&s^a&sa{sv}i)", NULL, NULL, NULL, &summary, &body,
                 &actions, NULL, NULL);
  g_assert_cmpstr (summary, ==, "Sam Dube");
  g_assert_cmpstr (body, ==, "Yes, it is!");
  for (guint i = 0; actions[i] != NULL; i += 2)
    has_default |= g_str_equal (actions[i], "default");
  g_assert_true (has_default);
  g_free (actions);

  /* Clicking it opens the conversation: the app's action with its id. */
  g_dbus_connection_emit_signal (bus, NULL, "/org/freedesktop/Notifications", "org.freedesktop.Notifications",
                                 "ActionInvoked", g_variant_new ("(us)", 1, "default"), &error);
  g_assert_no_error (error);
  for (guint waited = 0; n.opened == NULL && waited < WAIT_MS; waited += 50)
    plz_test_spin (50);
  g_assert_cmpstr (n.opened, ==, id);

  /* Own messages are never announced. */
  {
    g_autofree char *send_path = g_strdup_printf ("/api/v1/conversations/%s/messages", id);
    g_autoptr(JsonObject) mine = plz_test_api (fixture->server->url, "POST", send_path, "{\"body\":\"Thanks\"}",
                                               plz_account_get_token (fixture->account), 201);
    g_autoptr(JsonObject) own_event = json_object_new ();

    json_object_set_object_member (own_event, "message", json_object_ref (json_object_get_object_member (mine, "message")));
    plz_messages_page_apply_event (fixture->page, "message.created", own_event, 4);
    plz_test_spin (300);
    g_assert_cmpuint (n.notified->len, ==, 1);
  }

  g_application_set_default (NULL);
  g_bus_unown_name (owner_id);
  g_dbus_connection_unregister_object (bus, object_id);
  g_ptr_array_unref (n.notified);
  g_free (n.opened);
}

static void
empty_setup (Fixture       *fixture,
             gconstpointer  data)
{
}

int
main (int   argc,
      char *argv[])
{
  /* Accounts' links keep their outboxes there: never in the real home. */
  g_autofree char *state = g_dir_make_tmp ("plaza-messages-state-XXXXXX", NULL);
  int status;

  g_setenv ("XDG_STATE_HOME", state, TRUE);
  if (!plz_test_init_gtk (&argc, &argv))
    return 0;

  g_test_add ("/messages-page/states", Fixture, NULL, fixture_setup, test_states, fixture_teardown);
  g_test_add ("/messages-page/error-state", Fixture, NULL, empty_setup, test_error_state, fixture_teardown);
  g_test_add ("/messages-page/open-and-page-history", Fixture, NULL, fixture_setup,
              test_open_and_page_history, fixture_teardown);
  g_test_add ("/messages-page/send-and-receipts", Fixture, NULL, fixture_setup,
              test_send_and_receipts, fixture_teardown);
  g_test_add ("/messages-page/apply-event", Fixture, NULL, fixture_setup, test_apply_event, fixture_teardown);
  g_test_add ("/messages-page/search", Fixture, NULL, fixture_setup, test_search, fixture_teardown);
  g_test_add ("/messages-page/notification", Fixture, NULL, fixture_setup, test_notification, fixture_teardown);
  g_test_add ("/messages-page/outbox-from-last-run", Fixture, NULL, server_setup, test_outbox_from_last_run,
              fixture_teardown);

  status = g_test_run ();
  plz_test_remove_tree (state);
  return status;
}
