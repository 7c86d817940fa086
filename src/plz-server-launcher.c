/* plz-server-launcher.c — starts and stops the bundled plaza-server */

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <errno.h>
#include <libsoup/soup.h>
#include <signal.h>
#include <sys/prctl.h>

#include "plz-client-error.h"
#include "plz-health.h"
#include "plz-server-address.h"
#include "plz-server-launcher.h"
#include "plz-server-program.h"
#include "plz-client-private.h"

#define DEFAULT_STARTUP_TIMEOUT_MS 10000
#define POLL_INTERVAL_MS             200
#define PROBE_TIMEOUT_S                2
#define STOP_TIMEOUT_MS             5000
#define STDERR_GRACE_MS              500

struct _PlzServerLauncher
{
  GObject                 parent_instance;

  SoupSession            *session;        /* short timeouts, for probes only */
  char                   *program;
  char                   *data_dir;
  guint                   startup_timeout_ms;
  PlzServerLauncherState  state;
  char                   *error_message;

  /* The start in progress. */
  GTask                  *start_task;
  guint                   poll_id;
  guint                   deadline_id;

  /* The server we started. */
  GSubprocess            *subprocess;
  GDataInputStream       *stderr_stream;
  GCancellable           *child_cancellable;
  char                   *last_stderr_line;
  guint                   grace_id;
  gboolean                child_exited;
  gboolean                stderr_eof;
  gboolean                stopping;
};

G_DEFINE_FINAL_TYPE (PlzServerLauncher, plz_server_launcher, G_TYPE_OBJECT)

G_DEFINE_ENUM_TYPE (PlzServerLauncherState, plz_server_launcher_state,
  G_DEFINE_ENUM_VALUE (PLZ_SERVER_LAUNCHER_STATE_IDLE, "idle"),
  G_DEFINE_ENUM_VALUE (PLZ_SERVER_LAUNCHER_STATE_STARTING, "starting"),
  G_DEFINE_ENUM_VALUE (PLZ_SERVER_LAUNCHER_STATE_RUNNING, "running"),
  G_DEFINE_ENUM_VALUE (PLZ_SERVER_LAUNCHER_STATE_FAILED, "failed"))

enum {
  PROP_0,
  PROP_STATE,
  PROP_ERROR_MESSAGE,
  PROP_DATA_DIR,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

typedef struct
{
  char *url;
  char *listen_host;
  int   port;
} StartData;

static void
start_data_free (StartData *data)
{
  g_free (data->url);
  g_free (data->listen_host);
  g_free (data);
}

static void
set_state (PlzServerLauncher      *self,
           PlzServerLauncherState  state,
           const char             *error_message)
{
  g_object_freeze_notify (G_OBJECT (self));
  if (self->state != state)
    {
      self->state = state;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
    }
  if (_plz_set_str (&self->error_message, error_message))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR_MESSAGE]);
  g_object_thaw_notify (G_OBJECT (self));
}

/* Ends our child, if any, and forgets it. */
static void
stop_child (PlzServerLauncher *self,
            guint              timeout_ms)
{
  if (self->subprocess == NULL)
    return;

  self->stopping = TRUE;
  if (g_subprocess_get_identifier (self->subprocess) != NULL)
    {
      g_subprocess_send_signal (self->subprocess, SIGTERM);
      if (!plz_server_program_wait (self->subprocess, timeout_ms))
        g_warning ("The Plaza server did not stop within %u ms of SIGTERM and was killed", timeout_ms);
    }

  g_cancellable_cancel (self->child_cancellable);
  g_clear_object (&self->child_cancellable);
  g_clear_object (&self->stderr_stream);
  g_clear_object (&self->subprocess);
  g_clear_pointer (&self->last_stderr_line, g_free);
  g_clear_handle_id (&self->grace_id, g_source_remove);
  self->child_exited = FALSE;
  self->stderr_eof = FALSE;
  self->stopping = FALSE;
}

/* ---- finishing a start ----------------------------------------------------- */

static void
clear_start_sources (PlzServerLauncher *self)
{
  g_clear_handle_id (&self->poll_id, g_source_remove);
  g_clear_handle_id (&self->deadline_id, g_source_remove);
}

static void
start_succeeded (PlzServerLauncher *self)
{
  g_autoptr(GTask) task = g_steal_pointer (&self->start_task);

  clear_start_sources (self);
  set_state (self, PLZ_SERVER_LAUNCHER_STATE_RUNNING, NULL);
  g_task_return_boolean (task, TRUE);
}

static void
start_failed (PlzServerLauncher *self,
              GError            *error)
{
  g_autoptr(GTask) task = g_steal_pointer (&self->start_task);

  clear_start_sources (self);
  /* A server that never became healthy is of no use to anybody. */
  stop_child (self, 1000);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    set_state (self, PLZ_SERVER_LAUNCHER_STATE_IDLE, NULL);
  else
    set_state (self, PLZ_SERVER_LAUNCHER_STATE_FAILED, error->message);

  g_task_return_error (task, error);
}

/* ---- watching the child ---------------------------------------------------- */

static void
handle_child_exit (PlzServerLauncher *self)
{
  g_autofree char *how = NULL;
  g_autofree char *message = NULL;
  const char *line = self->last_stderr_line;

  g_clear_handle_id (&self->grace_id, g_source_remove);

  if (g_subprocess_get_if_exited (self->subprocess))
    how = plz_server_program_describe_exit (TRUE, g_subprocess_get_exit_status (self->subprocess));
  else
    how = plz_server_program_describe_exit (FALSE, g_subprocess_get_term_sig (self->subprocess));

  if (self->start_task != NULL)
    message = g_strdup_printf (_("The Plaza server stopped while starting (%s)%s%s"),
                               how, line ? ": " : "", line ? line : "");
  else
    message = g_strdup_printf (_("The Plaza server stopped unexpectedly (%s)%s%s"),
                               how, line ? ": " : "", line ? line : "");

  if (self->start_task != NULL)
    {
      start_failed (self, g_error_new_literal (PLZ_CLIENT_ERROR, PLZ_CLIENT_ERROR_SERVER_EXITED,
                                               message));
      return;
    }

  stop_child (self, 0);
  set_state (self, PLZ_SERVER_LAUNCHER_STATE_FAILED, message);
}

static gboolean
stderr_grace_cb (gpointer user_data)
{
  PlzServerLauncher *self = user_data;

  self->grace_id = 0;
  handle_child_exit (self);
  return G_SOURCE_REMOVE;
}

/* No reference on self: stop_child and dispose cancel child_cancellable. */
static void
child_exited_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  PlzServerLauncher *self;
  g_autoptr(GError) error = NULL;

  if (!g_subprocess_wait_finish (G_SUBPROCESS (source), result, &error)
      && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self = PLZ_SERVER_LAUNCHER (user_data);
  if (self->stopping)
    return;

  self->child_exited = TRUE;
  /* The last words on stderr may still be in the pipe. */
  if (self->stderr_eof)
    handle_child_exit (self);
  else
    self->grace_id = g_timeout_add (STDERR_GRACE_MS, stderr_grace_cb, self);
}

static void
stderr_line_read_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  PlzServerLauncher *self;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;

  line = g_data_input_stream_read_line_finish (G_DATA_INPUT_STREAM (source), result, NULL, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self = PLZ_SERVER_LAUNCHER (user_data);
  if (line == NULL)
    {
      self->stderr_eof = TRUE;
      if (self->child_exited && self->grace_id != 0)
        {
          g_clear_handle_id (&self->grace_id, g_source_remove);
          handle_child_exit (self);
        }
      return;
    }

  g_strstrip (line);
  if (*line != '\0')
    {
      g_autofree char *valid = g_utf8_make_valid (line, -1);
      g_autofree char *reason = plz_server_program_log_reason (valid);

      g_debug ("plaza-server: %s", valid);
      if (reason != NULL)
        {
          g_free (self->last_stderr_line);
          self->last_stderr_line = g_steal_pointer (&reason);
        }
    }

  g_data_input_stream_read_line_async (self->stderr_stream, G_PRIORITY_DEFAULT,
                                       self->child_cancellable, stderr_line_read_cb, self);
}

static void
child_setup (gpointer user_data)
{
  /* If Plaza dies without a clean shutdown, its server goes too. */
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

static gboolean
spawn_server (PlzServerLauncher  *self,
              StartData          *data,
              GError            **error)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *program = NULL;
  g_autofree char *port = NULL;
  const char *data_dir = plz_server_launcher_get_data_dir (self);

  program = plz_server_program_find (self->program, error);
  if (program == NULL)
    return FALSE;

  if (!plz_server_program_port_free (data->listen_host, data->port, error))
    return FALSE;

  if (g_mkdir_with_parents (data_dir, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, PLZ_CLIENT_ERROR, PLZ_CLIENT_ERROR_SPAWN_FAILED,
                   _("Cannot create the server’s data folder %s: %s"),
                   data_dir, g_strerror (saved_errno));
      return FALSE;
    }

  port = g_strdup_printf ("%d", data->port);
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_set_child_setup (launcher, child_setup, NULL, NULL);
  self->subprocess = g_subprocess_launcher_spawn (launcher, &local_error,
                                                  program, "serve",
                                                  "--listen", data->listen_host,
                                                  "--port", port,
                                                  "--data-dir", data_dir,
                                                  NULL);
  if (self->subprocess == NULL)
    {
      g_set_error (error, PLZ_CLIENT_ERROR, PLZ_CLIENT_ERROR_SPAWN_FAILED,
                   _("Cannot run %s: %s"), program, local_error->message);
      return FALSE;
    }

  g_debug ("Started %s (pid %s) for %s", program,
           g_subprocess_get_identifier (self->subprocess), data->url);

  self->child_cancellable = g_cancellable_new ();
  self->stderr_stream = g_data_input_stream_new (g_subprocess_get_stderr_pipe (self->subprocess));
  g_data_input_stream_read_line_async (self->stderr_stream, G_PRIORITY_DEFAULT,
                                       self->child_cancellable, stderr_line_read_cb, self);
  g_subprocess_wait_async (self->subprocess, self->child_cancellable, child_exited_cb, self);

  return TRUE;
}

/* ---- probing health -------------------------------------------------------- */

static gboolean poll_cb (gpointer user_data);

static void
poll_answered_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  PlzServerLauncher *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  g_autofree char *version = plz_health_check_finish (result, &error);

  /* The start already ended: the deadline passed or the child exited. */
  if (self->start_task != task)
    return;

  if (version != NULL)
    start_succeeded (self);
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    start_failed (self, g_steal_pointer (&error));
  else
    self->poll_id = g_timeout_add (POLL_INTERVAL_MS, poll_cb, self);
}

static gboolean
poll_cb (gpointer user_data)
{
  PlzServerLauncher *self = user_data;
  StartData *data = g_task_get_task_data (self->start_task);

  self->poll_id = 0;
  plz_health_check_async (self->session, data->url, g_task_get_cancellable (self->start_task),
                          poll_answered_cb, g_object_ref (self->start_task));
  return G_SOURCE_REMOVE;
}

static gboolean
deadline_cb (gpointer user_data)
{
  PlzServerLauncher *self = user_data;
  guint seconds = (self->startup_timeout_ms + 999) / 1000;

  self->deadline_id = 0;
  start_failed (self, g_error_new (PLZ_CLIENT_ERROR, PLZ_CLIENT_ERROR_TIMED_OUT,
                                   ngettext ("The Plaza server did not answer within %u second "
                                             "of starting%s%s",
                                             "The Plaza server did not answer within %u seconds "
                                             "of starting%s%s", seconds),
                                   seconds,
                                   self->last_stderr_line ? ": " : "",
                                   self->last_stderr_line ? self->last_stderr_line : ""));
  return G_SOURCE_REMOVE;
}

static void
first_probe_answered_cb (GObject      *source,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  PlzServerLauncher *self = g_task_get_source_object (task);
  StartData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autofree char *version = plz_health_check_finish (result, &error);

  if (self->start_task != task)
    return;

  if (version != NULL)
    {
      g_debug ("A Plaza server %s already answers at %s", version, data->url);
      start_succeeded (self);
      return;
    }

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      start_failed (self, g_steal_pointer (&error));
      return;
    }

  g_clear_error (&error);
  stop_child (self, STOP_TIMEOUT_MS);
  if (!spawn_server (self, data, &error))
    {
      start_failed (self, g_steal_pointer (&error));
      return;
    }

  self->deadline_id = g_timeout_add (self->startup_timeout_ms, deadline_cb, self);
  self->poll_id = g_timeout_add (POLL_INTERVAL_MS, poll_cb, self);
}

void
plz_server_launcher_start_async (PlzServerLauncher   *self,
                                 const char          *server_url,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GUri) uri = NULL;
  g_autoptr(GError) error = NULL;
  StartData *data;

  g_return_if_fail (PLZ_IS_SERVER_LAUNCHER (self));
  g_return_if_fail (server_url != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, plz_server_launcher_start_async);

  if (self->start_task != NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_PENDING,
                               _("The Plaza server is already being started"));
      return;
    }

  uri = plz_server_address_parse (server_url, &error);
  if (uri == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (!plz_server_address_is_local (uri))
    {
      g_task_return_new_error (task, PLZ_CLIENT_ERROR, PLZ_CLIENT_ERROR_NOT_LOCAL,
                               _("The server %s is on another computer, so Plaza cannot "
                                 "start it"),
                               g_uri_get_host (uri));
      return;
    }

  data = g_new0 (StartData, 1);
  data->url = g_strdup (server_url);
  data->listen_host = plz_server_address_listen_host (uri);
  data->port = plz_server_address_get_port (uri);
  g_task_set_task_data (task, data, (GDestroyNotify) start_data_free);

  self->start_task = g_object_ref (task);
  set_state (self, PLZ_SERVER_LAUNCHER_STATE_STARTING, NULL);

  plz_health_check_async (self->session, server_url, cancellable,
                          first_probe_answered_cb, g_steal_pointer (&task));
}

gboolean
plz_server_launcher_start_finish (PlzServerLauncher  *self,
                                  GAsyncResult       *result,
                                  GError            **error)
{
  g_return_val_if_fail (PLZ_IS_SERVER_LAUNCHER (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

void
plz_server_launcher_stop (PlzServerLauncher *self)
{
  g_return_if_fail (PLZ_IS_SERVER_LAUNCHER (self));

  if (self->start_task != NULL)
    start_failed (self, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                             _("Stopped before the server was ready")));

  if (self->subprocess != NULL)
    {
      stop_child (self, STOP_TIMEOUT_MS);
      set_state (self, PLZ_SERVER_LAUNCHER_STATE_IDLE, NULL);
    }
}

/* ---- properties ------------------------------------------------------------ */

PlzServerLauncherState
plz_server_launcher_get_state (PlzServerLauncher *self)
{
  g_return_val_if_fail (PLZ_IS_SERVER_LAUNCHER (self), PLZ_SERVER_LAUNCHER_STATE_IDLE);

  return self->state;
}

const char *
plz_server_launcher_get_error_message (PlzServerLauncher *self)
{
  g_return_val_if_fail (PLZ_IS_SERVER_LAUNCHER (self), NULL);

  return self->error_message;
}

gboolean
plz_server_launcher_owns_server (PlzServerLauncher *self)
{
  g_return_val_if_fail (PLZ_IS_SERVER_LAUNCHER (self), FALSE);

  return self->subprocess != NULL && !self->child_exited;
}

const char *
plz_server_launcher_get_identifier (PlzServerLauncher *self)
{
  g_return_val_if_fail (PLZ_IS_SERVER_LAUNCHER (self), NULL);

  return self->subprocess != NULL ? g_subprocess_get_identifier (self->subprocess) : NULL;
}

void
plz_server_launcher_set_program (PlzServerLauncher *self,
                                 const char        *program)
{
  g_return_if_fail (PLZ_IS_SERVER_LAUNCHER (self));

  _plz_set_str (&self->program, program);
}

void
plz_server_launcher_set_data_dir (PlzServerLauncher *self,
                                  const char        *data_dir)
{
  g_autofree char *fallback = NULL;

  g_return_if_fail (PLZ_IS_SERVER_LAUNCHER (self));

  if (data_dir == NULL)
    data_dir = fallback = g_build_filename (g_get_user_data_dir (), "plaza", "server", NULL);

  if (_plz_set_str (&self->data_dir, data_dir))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DATA_DIR]);
}

const char *
plz_server_launcher_get_data_dir (PlzServerLauncher *self)
{
  g_return_val_if_fail (PLZ_IS_SERVER_LAUNCHER (self), NULL);

  if (self->data_dir == NULL)
    plz_server_launcher_set_data_dir (self, NULL);

  return self->data_dir;
}

void
plz_server_launcher_set_startup_timeout (PlzServerLauncher *self,
                                         guint              timeout_ms)
{
  g_return_if_fail (PLZ_IS_SERVER_LAUNCHER (self));
  g_return_if_fail (timeout_ms > 0);

  self->startup_timeout_ms = timeout_ms;
}

PlzServerLauncher *
plz_server_launcher_new (void)
{
  return g_object_new (PLZ_TYPE_SERVER_LAUNCHER, NULL);
}

static void
plz_server_launcher_dispose (GObject *object)
{
  PlzServerLauncher *self = PLZ_SERVER_LAUNCHER (object);

  /* A pending start holds a reference, so none is pending here. */
  clear_start_sources (self);
  stop_child (self, STOP_TIMEOUT_MS);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (plz_server_launcher_parent_class)->dispose (object);
}

static void
plz_server_launcher_finalize (GObject *object)
{
  PlzServerLauncher *self = PLZ_SERVER_LAUNCHER (object);

  g_clear_pointer (&self->program, g_free);
  g_clear_pointer (&self->data_dir, g_free);
  g_clear_pointer (&self->error_message, g_free);

  G_OBJECT_CLASS (plz_server_launcher_parent_class)->finalize (object);
}

static void
plz_server_launcher_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  PlzServerLauncher *self = PLZ_SERVER_LAUNCHER (object);

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;

    case PROP_ERROR_MESSAGE:
      g_value_set_string (value, self->error_message);
      break;

    case PROP_DATA_DIR:
      g_value_set_string (value, plz_server_launcher_get_data_dir (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
plz_server_launcher_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  PlzServerLauncher *self = PLZ_SERVER_LAUNCHER (object);

  switch (prop_id)
    {
    case PROP_DATA_DIR:
      plz_server_launcher_set_data_dir (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
plz_server_launcher_class_init (PlzServerLauncherClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = plz_server_launcher_dispose;
  object_class->finalize = plz_server_launcher_finalize;
  object_class->get_property = plz_server_launcher_get_property;
  object_class->set_property = plz_server_launcher_set_property;

  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL,
                       PLZ_TYPE_SERVER_LAUNCHER_STATE, PLZ_SERVER_LAUNCHER_STATE_IDLE,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_ERROR_MESSAGE] =
    g_param_spec_string ("error-message", NULL, NULL,
                         NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_DATA_DIR] =
    g_param_spec_string ("data-dir", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
plz_server_launcher_init (PlzServerLauncher *self)
{
  self->startup_timeout_ms = DEFAULT_STARTUP_TIMEOUT_MS;
  self->session = soup_session_new_with_options ("timeout", PROBE_TIMEOUT_S, NULL);
}
