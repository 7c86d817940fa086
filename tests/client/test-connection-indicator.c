/* test-connection-indicator.c — the header bar's status shows the live link's
 * states in words (Online, Reconnecting in N s with Retry now, Using HTTP
 * polling, Offline). With PLAZA_SHOT_DIR set it saves each state as a PNG. */

#include "config.h"

#include <adwaita.h>

#include "plz-catalogue-test.h"
#include "plz-client-test.h"
#include "plz-connection-indicator.h"

typedef struct
{
  GtkWidget   *window;
  PlzConnectionIndicator *indicator;
  SoupSession *session;
  char        *dir;
  PlzLink     *link;
} Fixture;

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  static GtkWidget *window;

  /* One window for all: wide enough for every state, so none resizes it. */
  if (window == NULL)
    {
      window = gtk_window_new ();
      gtk_window_set_default_size (GTK_WINDOW (window), 380, 48);
      gtk_window_present (GTK_WINDOW (window));
    }
  fixture->window = window;
  fixture->indicator = PLZ_CONNECTION_INDICATOR (plz_connection_indicator_new (NULL));
  gtk_widget_set_halign (GTK_WIDGET (fixture->indicator), GTK_ALIGN_CENTER);
  gtk_window_set_child (GTK_WINDOW (fixture->window), GTK_WIDGET (fixture->indicator));
  fixture->session = soup_session_new ();
  fixture->dir = g_dir_make_tmp ("plaza-indicator-XXXXXX", &error);
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  plz_connection_indicator_set_link (fixture->indicator, NULL);
  gtk_window_set_child (GTK_WINDOW (fixture->window), NULL);
  if (fixture->link != NULL)
    {
      plz_link_stop (fixture->link);
      g_assert_finalize_object (fixture->link);
    }
  g_object_unref (fixture->session);
  plz_test_remove_tree (fixture->dir);
  g_free (fixture->dir);
}

static void
use_link (Fixture    *fixture,
          const char *url,
          const char *token)
{
  fixture->link = plz_link_new (fixture->session, url, token, fixture->dir);
  plz_connection_indicator_set_link (fixture->indicator, fixture->link);
}

static const char *
label_text (Fixture *fixture)
{
  GtkWidget *label = plz_test_find_widget (GTK_WIDGET (fixture->indicator), GTK_TYPE_LABEL);

  return gtk_label_get_label (GTK_LABEL (label));
}

static GtkWidget *
retry_button (Fixture *fixture)
{
  return plz_test_find_labelled (GTK_WIDGET (fixture->indicator), GTK_TYPE_BUTTON, "Retry now");
}

/* Saves the window as PLAZA_SHOT_DIR/indicator-@name.png, when asked to. */
static void
shoot (Fixture    *fixture,
       const char *name)
{
  const char *dir = g_getenv ("PLAZA_SHOT_DIR");
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GtkSnapshot) snapshot = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *file = NULL;
  g_autofree char *path = NULL;
  GskRenderer *renderer;

  if (dir == NULL)
    return;
  paintable = gtk_widget_paintable_new (fixture->window);
  /* A window shown a moment ago may not have drawn its first frame yet. */
  for (guint i = 0; i < 20 && node == NULL; i++)
    {
      plz_test_spin (200);
      snapshot = gtk_snapshot_new ();
      gdk_paintable_snapshot (paintable, snapshot, gtk_widget_get_width (fixture->window),
                              gtk_widget_get_height (fixture->window));
      node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
    }
  g_assert_nonnull (node);
  renderer = gtk_native_get_renderer (GTK_NATIVE (fixture->window));
  texture = gsk_renderer_render_texture (renderer, node, NULL);
  file = g_strdup_printf ("indicator-%s.png", name);
  path = g_build_filename (dir, file, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));
}

typedef struct
{
  PlzLink      *link;
  PlzLinkState  state;
} StateWait;

static gboolean
state_is (gpointer data)
{
  StateWait *wait = data;

  return plz_link_get_state (wait->link) == wait->state;
}

static void
wait_state (PlzLink      *link,
            PlzLinkState  state)
{
  StateWait wait = { link, state };

  g_assert_true (plz_test_wait_until (state_is, &wait, 15000));
}

static void
test_offline_and_reconnecting (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autofree char *url = g_strdup_printf ("http://127.0.0.1:%u", plz_test_free_port ());
  GtkWidget *button;

  use_link (fixture, url, "token");
  g_assert_cmpstr (label_text (fixture), ==, "Offline");
  g_assert_null (retry_button (fixture));  /* only shown ones are found */
  shoot (fixture, "offline");

  /* Nothing listens there: the link waits and counts down. */
  plz_link_start (fixture->link);
  wait_state (fixture->link, PLZ_LINK_STATE_RECONNECTING);
  g_assert_true (g_str_has_prefix (label_text (fixture), "Reconnecting in "));
  g_assert_true (g_str_has_suffix (label_text (fixture), " s"));
  button = retry_button (fixture);
  g_assert_nonnull (button);
  g_assert_true (plz_test_widget_is_shown (button));
  shoot (fixture, "reconnecting");

  /* Retry now tries at once: connecting, then waiting again. */
  g_assert_true (gtk_widget_activate_action (button, "indicator.retry", NULL));
  g_assert_cmpint (plz_link_get_state (fixture->link), ==, PLZ_LINK_STATE_CONNECTING);
  g_assert_cmpstr (label_text (fixture), ==, "Connecting…");
  wait_state (fixture->link, PLZ_LINK_STATE_RECONNECTING);
}

static gboolean
unpause_cb (gpointer data)
{
  g_object_set_data (data, "plz-timeout", NULL);
  soup_server_message_unpause (data);
  return G_SOURCE_REMOVE;
}

/* The client went away (the link stopped): nothing left to answer. */
static void
disconnected_cb (SoupServerMessage *msg)
{
  guint id = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (msg), "plz-timeout"));

  if (id != 0)
    g_source_remove (id);
  g_object_set_data (G_OBJECT (msg), "plz-timeout", NULL);
}

/* A server whose WebSockets never work but whose long poll does (a long
 * poll with a timeout answers after a while, as the real one does). */
static void
no_ws_cb (SoupServer        *server,
          SoupServerMessage *msg,
          const char        *path,
          GHashTable        *query,
          gpointer           user_data)
{
  static const char empty[] = "{\"events\":[],\"last_seq\":0}";

  if (g_str_equal (path, "/api/v1/events"))
    soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC, empty, strlen (empty));
  soup_server_message_set_status (msg, g_str_equal (path, "/api/v1/events") ? 200 : 502, NULL);
  if (query != NULL && g_strcmp0 (g_hash_table_lookup (query, "timeout"), "0") != 0)
    {
      soup_server_message_pause (msg);
      g_object_set_data (G_OBJECT (msg), "plz-timeout",
                         GUINT_TO_POINTER (g_timeout_add_full (G_PRIORITY_DEFAULT, 500, unpause_cb,
                                                               g_object_ref (msg), g_object_unref)));
      g_signal_connect (msg, "disconnected", G_CALLBACK (disconnected_cb), NULL);
    }
}

static void
test_polling (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(SoupServer) server = soup_server_new (NULL, NULL);
  g_autoptr(GError) error = NULL;
  g_autoslist(GUri) uris = NULL;
  g_autofree char *url = NULL;

  soup_server_add_handler (server, NULL, no_ws_cb, NULL, NULL);
  soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (server);
  url = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));

  use_link (fixture, url, "token");
  plz_link_start (fixture->link);
  wait_state (fixture->link, PLZ_LINK_STATE_POLLING);
  g_assert_cmpstr (label_text (fixture), ==, "Using HTTP polling");
  shoot (fixture, "polling");
  plz_link_stop (fixture->link);
  soup_server_disconnect (server);
}

static void
test_online (Fixture       *fixture,
             gconstpointer  data)
{
  PlzTestServer *server = plz_test_server_start (FALSE);
  g_autofree char *token = NULL;

  if (server == NULL)
    return;
  token = plz_test_sign_up (server->url, "indicator@plaza.test", FALSE);
  use_link (fixture, server->url, token);
  plz_link_start (fixture->link);
  wait_state (fixture->link, PLZ_LINK_STATE_ONLINE);
  g_assert_cmpstr (label_text (fixture), ==, "Online");
  g_assert_null (retry_button (fixture));  /* only shown ones are found */
  shoot (fixture, "online");

  /* Without a link it shows the connection's health again. */
  plz_connection_indicator_set_link (fixture->indicator, NULL);
  g_assert_cmpstr (label_text (fixture), ==, "Connecting…");
  plz_link_stop (fixture->link);
  plz_test_server_stop (server);
}

int
main (int    argc,
      char **argv)
{
  if (!plz_test_init_gtk (&argc, &argv))
    return 0;

#define ADD(path, func) g_test_add ("/connection-indicator/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("offline-and-reconnecting", test_offline_and_reconnecting);
  ADD ("polling", test_polling);
  ADD ("online", test_online);
#undef ADD
  return g_test_run ();
}
