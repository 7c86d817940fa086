/* plz-secret-store.c — the session token in the keyring, one per server address */

#include "config.h"

#include <glib/gi18n.h>
#include <libsecret/secret.h>

#include "plz-secret-store.h"

struct _PlzSecretStore
{
  GObject parent_instance;

  guint   timeout_ms;
};

G_DEFINE_FINAL_TYPE (PlzSecretStore, plz_secret_store, G_TYPE_OBJECT)

/* One operation: libsecret's call runs with its own cancellable, which our
 * caller's cancellable and the timeout both cancel. */
typedef struct
{
  GCancellable *cancellable;
  GCancellable *caller_cancellable;
  gulong        caller_handler;
  guint         timeout_id;
  gboolean      returned;
} Op;

static const SecretSchema *
session_schema (void)
{
  static const SecretSchema schema = {
    "org.plaza.Plaza.Session", SECRET_SCHEMA_NONE,
    {
      { "server", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    }
  };
  return &schema;
}

static void
op_free (Op *op)
{
  g_clear_handle_id (&op->timeout_id, g_source_remove);
  if (op->caller_cancellable != NULL)
    g_cancellable_disconnect (op->caller_cancellable, op->caller_handler);
  g_clear_object (&op->caller_cancellable);
  g_clear_object (&op->cancellable);
  g_free (op);
}

static void
caller_cancelled_cb (GCancellable *cancellable,
                     GCancellable *ours)
{
  g_cancellable_cancel (ours);
}

/* Gives up without waiting for libsecret, which may be stuck on a prompt. */
static gboolean
timed_out_cb (gpointer user_data)
{
  GTask *task = user_data;
  Op *op = g_task_get_task_data (task);

  op->timeout_id = 0;
  op->returned = TRUE;
  g_cancellable_cancel (op->cancellable);
  g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
                           _("The keyring did not answer in time"));
  return G_SOURCE_REMOVE;
}

static GTask *
op_new (PlzSecretStore      *self,
        gpointer             source_tag,
        GCancellable        *cancellable,
        GAsyncReadyCallback  callback,
        gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  Op *op = g_new0 (Op, 1);

  g_task_set_source_tag (task, source_tag);
  op->cancellable = g_cancellable_new ();
  if (cancellable != NULL)
    {
      op->caller_cancellable = g_object_ref (cancellable);
      op->caller_handler = g_cancellable_connect (cancellable, G_CALLBACK (caller_cancelled_cb),
                                                  op->cancellable, NULL);
    }
  g_task_set_task_data (task, op, (GDestroyNotify) op_free);
  /* The timeout holds a reference, released when the task data goes. */
  op->timeout_id = g_timeout_add_full (G_PRIORITY_DEFAULT, self->timeout_ms, timed_out_cb,
                                       g_object_ref (task), g_object_unref);
  return task;
}

/* TRUE when the task still waits for its answer; stops the timeout. */
static gboolean
op_answered (GTask *task)
{
  Op *op = g_task_get_task_data (task);

  g_clear_handle_id (&op->timeout_id, g_source_remove);
  if (op->returned)
    return FALSE;
  op->returned = TRUE;
  return TRUE;
}

static void
saved_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  gboolean ok = secret_password_store_finish (result, &error);

  if (!op_answered (task))
    return;
  if (ok)
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, g_steal_pointer (&error));
}

void
plz_secret_store_save_async (PlzSecretStore      *self,
                             const char          *server_url,
                             const char          *token,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *label = NULL;
  Op *op;

  g_return_if_fail (PLZ_IS_SECRET_STORE (self));
  g_return_if_fail (server_url != NULL && token != NULL);

  task = op_new (self, plz_secret_store_save_async, cancellable, callback, user_data);
  op = g_task_get_task_data (task);
  /* TRANSLATORS: the label of the keyring item; %s is the server address */
  label = g_strdup_printf (_("Plaza sign-in for %s"), server_url);
  secret_password_store (session_schema (), SECRET_COLLECTION_DEFAULT, label, token,
                         op->cancellable, saved_cb, g_steal_pointer (&task),
                         "server", server_url, NULL);
}

gboolean
plz_secret_store_save_finish (PlzSecretStore  *self,
                              GAsyncResult    *result,
                              GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
looked_up_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  char *token = secret_password_lookup_finish (result, &error);

  if (!op_answered (task))
    {
      secret_password_free (token);
      return;
    }
  if (error != NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    {
      /* Out of libsecret's non-pageable memory into ours; callers free with g_free. */
      g_task_return_pointer (task, g_strdup (token), g_free);
      secret_password_free (token);
    }
}

void
plz_secret_store_lookup_async (PlzSecretStore      *self,
                               const char          *server_url,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Op *op;

  g_return_if_fail (PLZ_IS_SECRET_STORE (self));
  g_return_if_fail (server_url != NULL);

  task = op_new (self, plz_secret_store_lookup_async, cancellable, callback, user_data);
  op = g_task_get_task_data (task);
  secret_password_lookup (session_schema (), op->cancellable, looked_up_cb,
                          g_steal_pointer (&task), "server", server_url, NULL);
}

char *
plz_secret_store_lookup_finish (PlzSecretStore  *self,
                                GAsyncResult    *result,
                                GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
cleared_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  /* FALSE without an error means there was nothing to forget: fine too. */
  secret_password_clear_finish (result, &error);
  if (!op_answered (task))
    return;
  if (error != NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

void
plz_secret_store_clear_async (PlzSecretStore      *self,
                              const char          *server_url,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Op *op;

  g_return_if_fail (PLZ_IS_SECRET_STORE (self));
  g_return_if_fail (server_url != NULL);

  task = op_new (self, plz_secret_store_clear_async, cancellable, callback, user_data);
  op = g_task_get_task_data (task);
  secret_password_clear (session_schema (), op->cancellable, cleared_cb,
                         g_steal_pointer (&task), "server", server_url, NULL);
}

gboolean
plz_secret_store_clear_finish (PlzSecretStore  *self,
                               GAsyncResult    *result,
                               GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

PlzSecretStore *
plz_secret_store_new (guint timeout_ms)
{
  PlzSecretStore *self = g_object_new (PLZ_TYPE_SECRET_STORE, NULL);

  self->timeout_ms = timeout_ms > 0 ? timeout_ms : 5000;
  return self;
}

static void
plz_secret_store_class_init (PlzSecretStoreClass *klass)
{
}

static void
plz_secret_store_init (PlzSecretStore *self)
{
  self->timeout_ms = 5000;
}
