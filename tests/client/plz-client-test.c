/* plz-client-test.c — helpers shared by the client tests */

#include "config.h"

#include <adwaita.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>

#include "plz-client-test.h"

guint16
plz_test_free_port (void)
{
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GSocketAddress) address = NULL;
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;

  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &error);
  g_assert_no_error (error);
  address = g_inet_socket_address_new_from_string ("127.0.0.1", 0);
  g_socket_bind (socket, address, TRUE, &error);
  g_assert_no_error (error);
  bound = g_socket_get_local_address (socket, &error);
  g_assert_no_error (error);

  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
}

static void
remove_file_tree (GFile *file)
{
  g_autoptr(GFileEnumerator) children = NULL;

  children = g_file_enumerate_children (file, G_FILE_ATTRIBUTE_STANDARD_NAME,
                                        G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, NULL, NULL);
  while (children != NULL)
    {
      GFile *child = NULL;

      if (!g_file_enumerator_iterate (children, NULL, &child, NULL, NULL) || child == NULL)
        break;
      remove_file_tree (child);
    }

  g_file_delete (file, NULL, NULL);
}

void
plz_test_remove_tree (const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);

  remove_file_tree (file);
}

static gboolean
timeout_cb (gpointer user_data)
{
  gboolean *timed_out = user_data;

  *timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

gboolean
plz_test_wait_until (gboolean (*condition) (gpointer data),
                     gpointer  data,
                     guint     timeout_ms)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add (timeout_ms, timeout_cb, &timed_out);

  while (!condition (data) && !timed_out)
    g_main_context_iteration (NULL, TRUE);

  if (!timed_out)
    g_source_remove (id);

  return condition (data);
}

static gboolean
flag_is_set (gpointer data)
{
  return *(gboolean *) data;
}

gboolean
plz_test_wait_for_flag (gboolean *flag,
                        guint     timeout_ms)
{
  return plz_test_wait_until (flag_is_set, flag, timeout_ms);
}

static gboolean
never (gpointer data)
{
  return FALSE;
}

void
plz_test_spin (guint ms)
{
  plz_test_wait_until (never, NULL, ms);
}

GtkWidget *
plz_test_find_widget (GtkWidget *root,
                      GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type))
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = plz_test_find_widget (child, type);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static gboolean
has_label (GtkWidget  *widget,
           const char *label)
{
  if (GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0)
    return TRUE;

  if (GTK_IS_LABEL (widget) && g_strcmp0 (gtk_label_get_label (GTK_LABEL (widget)), label) == 0)
    return TRUE;

  /* A view switcher button shows its title in a label deep inside. */
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (has_label (child, label))
      return TRUE;

  return FALSE;
}

GtkWidget *
plz_test_find_labelled (GtkWidget  *root,
                        GType       type,
                        const char *label)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type) && has_label (root, label)
      && plz_test_widget_is_shown (root))
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = plz_test_find_labelled (child, type, label);

      if (found != NULL)
        return found;
    }

  return NULL;
}

gboolean
plz_test_widget_is_shown (GtkWidget *widget)
{
  for (; widget != NULL; widget = gtk_widget_get_parent (widget))
    if (!gtk_widget_get_visible (widget) || !gtk_widget_get_child_visible (widget))
      return FALSE;

  return TRUE;
}

gboolean
plz_test_init_gtk (int    *argc,
                   char ***argv)
{
  /* gtk_init_check would have to run before gtk_test_init, which refuses that. */
  if (g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL)
    {
      printf ("1..0 # SKIP no display (run under xvfb-run -a dbus-run-session)\n");
      return FALSE;
    }

  gtk_test_init (argc, argv, NULL);
  adw_init ();
  return TRUE;
}

static gboolean
server_answers (guint16 port)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) connection = NULL;

  connection = g_socket_client_connect_to_host (client, "127.0.0.1", port, NULL, NULL);
  return connection != NULL;
}

/* A test that fails aborts without stopping its server; the server would
 * keep the test's output open and meson would wait for it until the timeout. */
static void
die_with_parent (gpointer data)
{
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

PlzTestServer *
plz_test_server_start (gboolean seed_demo)
{
  const char *program = g_getenv ("PLAZA_SERVER_BIN");
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *port_text = NULL;
  PlzTestServer *server;
  guint16 port;

  if (program == NULL || !g_file_test (program, G_FILE_TEST_IS_EXECUTABLE))
    {
      g_test_skip ("PLAZA_SERVER_BIN does not name a built plaza-server");
      return NULL;
    }

  server = g_new0 (PlzTestServer, 1);
  server->dir = g_dir_make_tmp ("plaza-client-server-XXXXXX", &error);
  g_assert_no_error (error);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE);
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  g_subprocess_launcher_setenv (launcher, "PLAZA_PASSWORD_COST", "1", TRUE);
  if (seed_demo)
    {
      g_autoptr(GSubprocess) seed = g_subprocess_launcher_spawn (launcher, &error, program, "seed-demo",
                                                                 "--data-dir", server->dir, NULL);
      g_assert_no_error (error);
      g_subprocess_wait_check (seed, NULL, &error);
      g_assert_no_error (error);
    }

  port = plz_test_free_port ();
  port_text = g_strdup_printf ("%u", port);
  server->url = g_strdup_printf ("http://127.0.0.1:%u", port);
  server->process = g_subprocess_launcher_spawn (launcher, &error, program, "serve",
                                                 "--listen", "127.0.0.1", "--port", port_text,
                                                 "--data-dir", server->dir, NULL);
  g_assert_no_error (error);

  for (guint i = 0; i < 150 && !server_answers (port); i++)
    g_usleep (100 * 1000);
  g_assert_true (server_answers (port));
  return server;
}

void
plz_test_server_kill (PlzTestServer *server)
{
  g_return_if_fail (server != NULL && server->process != NULL);

  g_subprocess_send_signal (server->process, SIGKILL);
  g_subprocess_wait (server->process, NULL, NULL);
  g_clear_object (&server->process);
}

void
plz_test_server_restart (PlzTestServer *server)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE);
  g_autoptr(GError) error = NULL;
  const char *port = strrchr (server->url, ':') + 1;

  g_return_if_fail (server->process == NULL);

  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  g_subprocess_launcher_setenv (launcher, "PLAZA_PASSWORD_COST", "1", TRUE);
  server->process = g_subprocess_launcher_spawn (launcher, &error, g_getenv ("PLAZA_SERVER_BIN"), "serve",
                                                 "--listen", "127.0.0.1", "--port", port,
                                                 "--data-dir", server->dir, NULL);
  g_assert_no_error (error);
  for (guint i = 0; i < 150 && !server_answers ((guint16) atoi (port)); i++)
    g_usleep (100 * 1000);
  g_assert_true (server_answers ((guint16) atoi (port)));
}

void
plz_test_server_stop (PlzTestServer *server)
{
  if (server == NULL)
    return;
  if (server->process != NULL)
    {
      g_subprocess_send_signal (server->process, SIGTERM);
      g_subprocess_wait (server->process, NULL, NULL);
      g_clear_object (&server->process);
    }
  plz_test_remove_tree (server->dir);
  g_free (server->dir);
  g_free (server->url);
  g_free (server);
}
