/* plz-server-program.c — finding the bundled server and a free port for it */

#include "config.h"

#include <glib/gi18n.h>
#include <gio/gio.h>
#include <string.h>

#include "plz-client-error.h"
#include "plz-server-program.h"

#define SERVER_NAME "plaza-server"

static gboolean
is_program (const char *path)
{
  return g_file_test (path, G_FILE_TEST_IS_EXECUTABLE) && !g_file_test (path, G_FILE_TEST_IS_DIR);
}

/* The folder of the running executable, or NULL where /proc is missing. */
static char *
self_dir (void)
{
  g_autofree char *exe = g_file_read_link ("/proc/self/exe", NULL);

  return exe != NULL ? g_path_get_dirname (exe) : NULL;
}

char *
plz_server_program_find (const char  *explicit_path,
                         GError     **error)
{
  g_autofree char *dir = NULL;
  g_autofree char *in_path = NULL;
  g_autofree char *installed = NULL;
  const char *env;

  if (explicit_path != NULL)
    {
      if (is_program (explicit_path))
        return g_strdup (explicit_path);

      g_set_error (error, PLZ_CLIENT_ERROR, PLZ_CLIENT_ERROR_SERVER_NOT_FOUND,
                   _("The Plaza server program %s does not exist or cannot be run"),
                   explicit_path);
      return NULL;
    }

  /* An explicit choice is never silently replaced by another program. */
  env = g_getenv ("PLAZA_SERVER_BIN");
  if (env != NULL && *env != '\0')
    {
      if (is_program (env))
        return g_strdup (env);

      g_set_error (error, PLZ_CLIENT_ERROR, PLZ_CLIENT_ERROR_SERVER_NOT_FOUND,
                   _("PLAZA_SERVER_BIN is set to %s, which does not exist or cannot be run"),
                   env);
      return NULL;
    }

  dir = self_dir ();
  if (dir != NULL)
    {
      g_autofree char *beside = g_build_filename (dir, SERVER_NAME, NULL);
      g_autofree char *build_tree = g_build_filename (dir, "..", "server", SERVER_NAME, NULL);

      if (is_program (beside))
        return g_steal_pointer (&beside);
      if (is_program (build_tree))
        return g_canonicalize_filename (build_tree, NULL);
    }

  installed = g_build_filename (PLAZA_BINDIR, SERVER_NAME, NULL);
  if (is_program (installed))
    return g_steal_pointer (&installed);

  in_path = g_find_program_in_path (SERVER_NAME);
  if (in_path != NULL)
    return g_steal_pointer (&in_path);

  g_set_error (error, PLZ_CLIENT_ERROR, PLZ_CLIENT_ERROR_SERVER_NOT_FOUND,
               _("The Plaza server program (%s) is not installed: it is not next to Plaza, "
                 "in %s, or on the PATH"),
               SERVER_NAME, PLAZA_BINDIR);
  return NULL;
}

gboolean
plz_server_program_port_free (const char  *host,
                              int          port,
                              GError     **error)
{
  g_autoptr(GSocketAddress) address = NULL;
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (host != NULL, FALSE);

  address = g_inet_socket_address_new_from_string (host, (guint) port);
  if (address == NULL)
    {
      g_set_error (error, PLZ_CLIENT_ERROR, PLZ_CLIENT_ERROR_INVALID_URL,
                   _("%s is not an address this computer can listen on"), host);
      return FALSE;
    }

  socket = g_socket_new (g_socket_address_get_family (address), G_SOCKET_TYPE_STREAM,
                         G_SOCKET_PROTOCOL_TCP, &local_error);
  /* With SO_REUSEADDR, bind fails only when someone listens, not for TIME_WAIT. */
  if (socket != NULL && g_socket_bind (socket, address, TRUE, &local_error))
    return TRUE;

  if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_ADDRESS_IN_USE))
    g_set_error (error, PLZ_CLIENT_ERROR, PLZ_CLIENT_ERROR_PORT_BUSY,
                 _("Port %d is used by another program that does not answer as a Plaza server; "
                   "stop that program or choose another address in Preferences"),
                 port);
  else
    g_set_error (error, PLZ_CLIENT_ERROR, PLZ_CLIENT_ERROR_PORT_BUSY,
                 _("The server cannot listen on %s port %d: %s"),
                 host, port, local_error->message);
  return FALSE;
}

char *
plz_server_program_describe_exit (gboolean exited,
                                  int      status_or_signal)
{
  if (exited)
    return g_strdup_printf (_("exit status %d"), status_or_signal);

  return g_strdup_printf (_("killed by signal %d"), status_or_signal);
}

char *
plz_server_program_log_reason (const char *line)
{
  g_auto(GStrv) parts = NULL;
  const char *message;
  const char *colon;

  g_return_val_if_fail (line != NULL, NULL);

  /* plaza-server logs "2026-11-22T04:47:54.045732Z info plaza-store: Applied ..." */
  parts = g_strsplit (line, " ", 3);
  if (g_strv_length (parts) < 3 || !g_ascii_isdigit (parts[0][0])
      || strchr (parts[0], 'T') == NULL || !g_str_has_suffix (parts[0], "Z"))
    return g_strdup (line);

  /* Notices ("listening on ...") are news, not reasons. */
  if (g_str_equal (parts[1], "debug") || g_str_equal (parts[1], "info")
      || g_str_equal (parts[1], "notice"))
    return NULL;

  colon = strstr (parts[2], ": ");
  message = colon != NULL ? colon + 2 : parts[2];
  return g_strdup (message);
}

typedef struct
{
  GSubprocess *subprocess;
  gboolean     done;
  gboolean     killed;
} Wait;

static void
wait_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  Wait *wait = user_data;

  g_subprocess_wait_finish (G_SUBPROCESS (source), result, NULL);
  wait->done = TRUE;
}

static gboolean
wait_timeout_cb (gpointer user_data)
{
  Wait *wait = user_data;

  wait->killed = TRUE;
  g_subprocess_force_exit (wait->subprocess);
  return G_SOURCE_REMOVE;
}

gboolean
plz_server_program_wait (GSubprocess *subprocess,
                         guint        timeout_ms)
{
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(GSource) timeout = g_timeout_source_new (timeout_ms);
  Wait wait = { subprocess, FALSE, FALSE };

  g_return_val_if_fail (G_IS_SUBPROCESS (subprocess), FALSE);

  g_main_context_push_thread_default (context);
  g_subprocess_wait_async (subprocess, NULL, wait_done_cb, &wait);
  g_source_set_callback (timeout, wait_timeout_cb, &wait, NULL);
  g_source_attach (timeout, context);

  /* SIGKILL cannot be ignored, so this loop ends. */
  while (!wait.done)
    g_main_context_iteration (context, TRUE);

  g_source_destroy (timeout);
  g_main_context_pop_thread_default (context);

  return !wait.killed;
}
