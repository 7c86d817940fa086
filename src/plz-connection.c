/* plz-connection.c — the client's link to the server and its visible state */

#include "config.h"

#include <glib/gi18n.h>

#include "plz-connection.h"
#include "plz-health.h"
#include "plz-client-private.h"

#define ONLINE_INTERVAL_MS   5000
#define BACKOFF_FIRST_MS     1000
#define BACKOFF_MAX_MS      30000
#define REQUEST_TIMEOUT_S       5

struct _PlzConnection
{
  GObject             parent_instance;

  SoupSession        *session;
  char               *server_url;
  char               *server_version;
  char               *last_error;
  GCancellable       *cancellable;      /* the periodic check in flight */
  PlzConnectionState  state;
  guint               timeout_id;
  guint               failures;
  guint               generation;       /* bumped when the address changes */
  gboolean            running;
};

G_DEFINE_FINAL_TYPE (PlzConnection, plz_connection, G_TYPE_OBJECT)

G_DEFINE_ENUM_TYPE (PlzConnectionState, plz_connection_state,
  G_DEFINE_ENUM_VALUE (PLZ_CONNECTION_STATE_CONNECTING, "connecting"),
  G_DEFINE_ENUM_VALUE (PLZ_CONNECTION_STATE_ONLINE, "online"),
  G_DEFINE_ENUM_VALUE (PLZ_CONNECTION_STATE_OFFLINE, "offline"))

enum {
  PROP_0,
  PROP_STATE,
  PROP_SERVER_URL,
  PROP_SERVER_VERSION,
  PROP_LAST_ERROR,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void schedule_check (PlzConnection *self);

static void
set_state (PlzConnection      *self,
           PlzConnectionState  state,
           const char         *version,
           const char         *error_message)
{
  g_object_freeze_notify (G_OBJECT (self));

  if (self->state != state)
    {
      self->state = state;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
    }

  if (version != NULL && _plz_set_str (&self->server_version, version))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SERVER_VERSION]);

  if (_plz_set_str (&self->last_error, error_message))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_ERROR]);

  g_object_thaw_notify (G_OBJECT (self));
}

/* Records the outcome of one health check. */
static void
apply_health (PlzConnection *self,
              const char    *version,
              const GError  *error)
{
  if (version != NULL)
    {
      self->failures = 0;
      set_state (self, PLZ_CONNECTION_STATE_ONLINE, version, NULL);
    }
  else
    {
      self->failures++;
      set_state (self, PLZ_CONNECTION_STATE_OFFLINE, NULL, error->message);
    }
}

static void
health_checked_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  PlzConnection *self = g_task_get_source_object (task);
  guint generation = GPOINTER_TO_UINT (g_task_get_task_data (task));
  g_autoptr(GError) error = NULL;
  g_autofree char *version = NULL;

  version = plz_health_check_finish (result, &error);

  /* An answer about an address we no longer use says nothing about the new one. */
  if (generation == self->generation && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    apply_health (self, version, error);

  if (version != NULL)
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, g_steal_pointer (&error));
}

void
plz_connection_check_async (PlzConnection       *self,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (PLZ_IS_CONNECTION (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, plz_connection_check_async);
  g_task_set_task_data (task, GUINT_TO_POINTER (self->generation), NULL);

  plz_health_check_async (self->session, self->server_url, cancellable,
                          health_checked_cb, g_steal_pointer (&task));
}

gboolean
plz_connection_check_finish (PlzConnection  *self,
                             GAsyncResult   *result,
                             GError        **error)
{
  g_return_val_if_fail (PLZ_IS_CONNECTION (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Holds no reference: dispose cancels the request, and a cancelled check
 * reports G_IO_ERROR_CANCELLED even if its answer had already arrived. */
static void
periodic_check_done_cb (GObject      *source,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  PlzConnection *self;
  g_autoptr(GError) error = NULL;
  g_autofree char *version = NULL;

  version = plz_health_check_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self = PLZ_CONNECTION (user_data);
  apply_health (self, version, error);
  g_clear_object (&self->cancellable);
  if (self->running)
    schedule_check (self);
}

static void
check_now (PlzConnection *self)
{
  g_clear_handle_id (&self->timeout_id, g_source_remove);
  if (self->cancellable != NULL)
    {
      g_cancellable_cancel (self->cancellable);
      g_clear_object (&self->cancellable);
    }

  self->cancellable = g_cancellable_new ();
  plz_health_check_async (self->session, self->server_url, self->cancellable,
                          periodic_check_done_cb, self);
}

static gboolean
check_timeout_cb (gpointer user_data)
{
  PlzConnection *self = user_data;

  self->timeout_id = 0;
  check_now (self);
  return G_SOURCE_REMOVE;
}

/* Exponential backoff with jitter, so that many clients do not retry in step. */
static guint
next_delay_ms (PlzConnection *self)
{
  guint delay = BACKOFF_FIRST_MS;

  if (self->state == PLZ_CONNECTION_STATE_ONLINE)
    return ONLINE_INTERVAL_MS;

  for (guint i = 1; i < self->failures && delay < BACKOFF_MAX_MS; i++)
    delay *= 2;
  delay = MIN (delay, BACKOFF_MAX_MS);

  return delay / 2 + (guint) g_random_int_range (0, (gint32) delay / 2 + 1);
}

static void
schedule_check (PlzConnection *self)
{
  g_clear_handle_id (&self->timeout_id, g_source_remove);
  self->timeout_id = g_timeout_add (next_delay_ms (self), check_timeout_cb, self);
}

void
plz_connection_start (PlzConnection *self)
{
  g_return_if_fail (PLZ_IS_CONNECTION (self));

  if (self->running)
    return;

  self->running = TRUE;
  check_now (self);
}

void
plz_connection_stop (PlzConnection *self)
{
  g_return_if_fail (PLZ_IS_CONNECTION (self));

  self->running = FALSE;
  g_clear_handle_id (&self->timeout_id, g_source_remove);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
}

void
plz_connection_reconnect (PlzConnection *self)
{
  g_return_if_fail (PLZ_IS_CONNECTION (self));

  self->failures = 0;
  self->running = TRUE;
  check_now (self);
}

PlzConnectionState
plz_connection_get_state (PlzConnection *self)
{
  g_return_val_if_fail (PLZ_IS_CONNECTION (self), PLZ_CONNECTION_STATE_OFFLINE);

  return self->state;
}

const char *
plz_connection_get_server_url (PlzConnection *self)
{
  g_return_val_if_fail (PLZ_IS_CONNECTION (self), NULL);

  return self->server_url;
}

void
plz_connection_set_server_url (PlzConnection *self,
                               const char    *server_url)
{
  g_return_if_fail (PLZ_IS_CONNECTION (self));
  g_return_if_fail (server_url != NULL);

  if (!_plz_set_str (&self->server_url, server_url))
    return;

  self->generation++;
  self->failures = 0;

  g_object_freeze_notify (G_OBJECT (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SERVER_URL]);
  if (_plz_set_str (&self->server_version, NULL))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SERVER_VERSION]);
  set_state (self, PLZ_CONNECTION_STATE_CONNECTING, NULL, NULL);
  g_object_thaw_notify (G_OBJECT (self));

  if (self->running)
    check_now (self);
}

const char *
plz_connection_get_server_version (PlzConnection *self)
{
  g_return_val_if_fail (PLZ_IS_CONNECTION (self), NULL);

  return self->server_version;
}

const char *
plz_connection_get_last_error (PlzConnection *self)
{
  g_return_val_if_fail (PLZ_IS_CONNECTION (self), NULL);

  return self->last_error;
}

SoupSession *
plz_connection_get_session (PlzConnection *self)
{
  g_return_val_if_fail (PLZ_IS_CONNECTION (self), NULL);

  return self->session;
}

PlzConnection *
plz_connection_new (const char *server_url)
{
  g_return_val_if_fail (server_url != NULL, NULL);

  return g_object_new (PLZ_TYPE_CONNECTION, "server-url", server_url, NULL);
}

static void
plz_connection_dispose (GObject *object)
{
  PlzConnection *self = PLZ_CONNECTION (object);

  plz_connection_stop (self);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (plz_connection_parent_class)->dispose (object);
}

static void
plz_connection_finalize (GObject *object)
{
  PlzConnection *self = PLZ_CONNECTION (object);

  g_clear_pointer (&self->server_url, g_free);
  g_clear_pointer (&self->server_version, g_free);
  g_clear_pointer (&self->last_error, g_free);

  G_OBJECT_CLASS (plz_connection_parent_class)->finalize (object);
}

static void
plz_connection_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  PlzConnection *self = PLZ_CONNECTION (object);

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;

    case PROP_SERVER_URL:
      g_value_set_string (value, self->server_url);
      break;

    case PROP_SERVER_VERSION:
      g_value_set_string (value, self->server_version);
      break;

    case PROP_LAST_ERROR:
      g_value_set_string (value, self->last_error);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
plz_connection_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  PlzConnection *self = PLZ_CONNECTION (object);

  switch (prop_id)
    {
    case PROP_SERVER_URL:
      plz_connection_set_server_url (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
plz_connection_class_init (PlzConnectionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = plz_connection_dispose;
  object_class->finalize = plz_connection_finalize;
  object_class->get_property = plz_connection_get_property;
  object_class->set_property = plz_connection_set_property;

  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL,
                       PLZ_TYPE_CONNECTION_STATE, PLZ_CONNECTION_STATE_CONNECTING,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_SERVER_URL] =
    g_param_spec_string ("server-url", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_SERVER_VERSION] =
    g_param_spec_string ("server-version", NULL, NULL,
                         NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_LAST_ERROR] =
    g_param_spec_string ("last-error", NULL, NULL,
                         NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
plz_connection_init (PlzConnection *self)
{
  g_autofree char *user_agent = g_strdup_printf ("Plaza/%s ", PACKAGE_VERSION);

  self->state = PLZ_CONNECTION_STATE_CONNECTING;
  self->session = soup_session_new_with_options ("timeout", REQUEST_TIMEOUT_S,
                                                 "idle-timeout", 60,
                                                 "user-agent", user_agent,
                                                 NULL);
}
