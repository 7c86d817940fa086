/* plz-account.c — who is signed in: the session token, the user, and every
 * account call to the server */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "plz-account.h"
#include "plz-api.h"
#include "plz-client-private.h"
#include "plz-error.h"
#include "plz-json.h"
#include "plz-link.h"

#define REQUEST_TIMEOUT_S 30

typedef enum
{
  CALL_AUTH         = 1 << 0,  /* sends the token; a 401 ends the session */
  CALL_UPDATES_USER = 1 << 1,  /* the answer's "user" replaces ours */
  CALL_SIGNS_IN     = 1 << 2,  /* the answer has "token" and "user" */
  CALL_SIGNS_OUT    = 1 << 3,  /* forget the session whatever the answer */
} CallFlags;

struct _PlzAccount
{
  GObject          parent_instance;

  SoupSession     *session;
  char            *server_url;
  char            *token;
  JsonObject      *user;
  GdkTexture      *avatar;
  char            *avatar_url;      /* the one avatar is, or is being, loaded from */
  GCancellable    *avatar_cancellable;
  PlzAccountState  state;
  SoupSession     *link_session;    /* the link's own, so its long poll takes no REST connection */
  PlzLink         *link;            /* while signed in */
};

G_DEFINE_FINAL_TYPE (PlzAccount, plz_account, G_TYPE_OBJECT)

G_DEFINE_ENUM_TYPE (PlzAccountState, plz_account_state,
  G_DEFINE_ENUM_VALUE (PLZ_ACCOUNT_STATE_SIGNED_OUT, "signed-out"),
  G_DEFINE_ENUM_VALUE (PLZ_ACCOUNT_STATE_RESTORING, "restoring"),
  G_DEFINE_ENUM_VALUE (PLZ_ACCOUNT_STATE_SIGNED_IN, "signed-in"))

enum {
  PROP_0,
  PROP_SERVER_URL,
  PROP_STATE,
  PROP_SIGNED_IN,
  PROP_TOKEN,
  PROP_USER,
  PROP_DISPLAY_NAME,
  PROP_IS_CONSUMER,
  PROP_IS_OPERATOR,
  PROP_IS_ADMIN,
  PROP_AVATAR,
  PROP_LINK,
  N_PROPS
};

enum {
  SESSION_ENDED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void update_link (PlzAccount *self);
static gboolean ends_session (const GError *error);

typedef struct
{
  CallFlags  flags;
  char      *token;   /* the token the call was made with */
} CallData;

static void
call_data_free (CallData *data)
{
  g_free (data->token);
  g_free (data);
}

/* ---- state ------------------------------------------------------------------ */

static gboolean
role (PlzAccount *self,
      const char *name)
{
  JsonObject *roles;

  if (self->user == NULL || !json_object_has_member (self->user, "roles")
      || !JSON_NODE_HOLDS_OBJECT (json_object_get_member (self->user, "roles")))
    return FALSE;
  roles = json_object_get_object_member (self->user, "roles");
  return json_object_has_member (roles, name) && json_object_get_boolean_member (roles, name);
}

static void
avatar_fetched_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(PlzAccount) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = plz_api_fetch_finish (result, &error);
  g_autoptr(GdkTexture) texture = NULL;

  if (bytes == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("Could not load the account's picture: %s", error->message);
      return;
    }
  texture = gdk_texture_new_from_bytes (bytes, &error);
  if (texture == NULL)
    {
      g_debug ("The account's picture is not an image: %s", error->message);
      return;
    }
  if (g_set_object (&self->avatar, texture))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AVATAR]);
}

static void
update_avatar (PlzAccount *self)
{
  const char *url = plz_account_get_user_string (self, "avatar_url");

  if (!_plz_set_str (&self->avatar_url, url))
    return;

  g_cancellable_cancel (self->avatar_cancellable);
  g_clear_object (&self->avatar_cancellable);
  if (g_steal_pointer (&self->avatar) != NULL)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AVATAR]);
  if (url == NULL)
    return;

  self->avatar_cancellable = g_cancellable_new ();
  plz_api_fetch_async (self->session, self->server_url, url, self->avatar_cancellable,
                       avatar_fetched_cb, g_object_ref (self));
}

/* Sets everything at once and notifies what changed. */
static void
set_all (PlzAccount      *self,
         PlzAccountState  state,
         const char      *token,
         JsonObject      *user)
{
  g_autofree char *old_name = g_strdup (plz_account_get_display_name (self));
  gboolean old_roles[3] = { role (self, "consumer"), role (self, "operator"), role (self, "admin") };
  PlzAccountState old_state = self->state;

  g_object_freeze_notify (G_OBJECT (self));

  if (_plz_set_str (&self->token, token))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TOKEN]);

  if (user != self->user)
    {
      g_clear_pointer (&self->user, json_object_unref);
      self->user = user != NULL ? json_object_ref (user) : NULL;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_USER]);
    }

  if (g_strcmp0 (old_name, plz_account_get_display_name (self)) != 0)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DISPLAY_NAME]);
  if (old_roles[0] != role (self, "consumer"))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_IS_CONSUMER]);
  if (old_roles[1] != role (self, "operator"))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_IS_OPERATOR]);
  if (old_roles[2] != role (self, "admin"))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_IS_ADMIN]);

  update_avatar (self);

  if (old_state != state)
    {
      self->state = state;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
      if ((old_state == PLZ_ACCOUNT_STATE_SIGNED_IN) != (state == PLZ_ACCOUNT_STATE_SIGNED_IN))
        g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SIGNED_IN]);
    }

  update_link (self);
  g_object_thaw_notify (G_OBJECT (self));
}

typedef struct
{
  GWeakRef  account;   /* weak: a check in flight must not keep the account alive */
  char     *token;
} LinkCheck;

static void
link_checked_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  LinkCheck *check = user_data;
  g_autoptr(PlzAccount) self = g_weak_ref_get (&check->account);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) answer = plz_api_request_finish (result, &error);
  g_autofree char *token = check->token;

  g_weak_ref_clear (&check->account);
  g_free (check);
  if (self == NULL || g_strcmp0 (token, self->token) != 0)
    return;
  if (answer != NULL)
    {
      /* The session still works (the stream's refusal passed): go live again. */
      if (self->link != NULL)
        plz_link_reconnect_now (self->link);
    }
  else if (ends_session (error))
    {
      plz_account_forget (self);
      g_signal_emit (self, signals[SESSION_ENDED], 0, error);
    }
}

/* The stream refused the token: the server's answer to GET /api/v1/me says
 * why (expired, suspended with its reason) and ends the session as usual. */
static void
link_auth_failed_cb (PlzLink    *link,
                     const char *message,
                     PlzAccount *self)
{
  LinkCheck *check;

  if (self->state != PLZ_ACCOUNT_STATE_SIGNED_IN)
    return;
  check = g_new0 (LinkCheck, 1);
  g_weak_ref_init (&check->account, self);
  check->token = g_strdup (self->token);
  plz_api_request_async (self->session, self->server_url, self->token, SOUP_METHOD_GET, "/api/v1/me",
                         NULL, NULL, NULL, link_checked_cb, check);
}

/* $XDG_STATE_HOME/plaza/<host>-<port>/<user id>: one per account and server. */
static char *
link_state_dir (PlzAccount *self,
                const char *user_id)
{
  g_autoptr(GUri) uri = g_uri_parse (self->server_url, G_URI_FLAGS_NONE, NULL);
  g_autofree char *host_port = NULL;

  if (uri == NULL || g_uri_get_host (uri) == NULL)
    return NULL;
  host_port = g_strdup_printf ("%s-%d", g_uri_get_host (uri),
                               g_uri_get_port (uri) > 0 ? g_uri_get_port (uri)
                               : g_str_equal (g_uri_get_scheme (uri), "https") ? 443 : 80);
  return g_build_filename (g_get_user_state_dir (), "plaza", host_port, user_id, NULL);
}

/* The link lives while a user is signed in with one token. */
static void
update_link (PlzAccount *self)
{
  const char *user_id = plz_account_get_user_string (self, "id");
  gboolean wanted = self->state == PLZ_ACCOUNT_STATE_SIGNED_IN && self->token != NULL && user_id != NULL;
  g_autofree char *dir = NULL;

  if (self->link != NULL && wanted && g_object_get_data (G_OBJECT (self->link), "plz-token") != NULL &&
      g_str_equal (g_object_get_data (G_OBJECT (self->link), "plz-token"), self->token))
    return;
  if (self->link != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->link, self);
      plz_link_stop (self->link);
      g_clear_object (&self->link);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LINK]);
    }
  if (!wanted || (dir = link_state_dir (self, user_id)) == NULL)
    return;

  self->link = plz_link_new (self->link_session, self->server_url, self->token, dir);
  g_object_set_data_full (G_OBJECT (self->link), "plz-token", g_strdup (self->token), g_free);
  g_signal_connect (self->link, "auth-failed", G_CALLBACK (link_auth_failed_cb), self);
  plz_link_start (self->link);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LINK]);
}

/* A copy of the "user" member of @answer, or NULL. */
static JsonObject *
answer_user (JsonObject *answer)
{
  JsonNode *node = json_object_get_member (answer, "user");

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;
  return json_node_dup_object (node);
}

/* ---- calls ------------------------------------------------------------------ */

static gboolean
ends_session (const GError *error)
{
  return g_error_matches (error, PLZ_ERROR, PLZ_ERROR_UNAUTHORIZED)
         || g_error_matches (error, PLZ_ERROR, PLZ_ERROR_SESSION_EXPIRED)
         || g_error_matches (error, PLZ_ERROR, PLZ_ERROR_ACCOUNT_SUSPENDED)
         || g_error_matches (error, PLZ_ERROR, PLZ_ERROR_ACCOUNT_BANNED);
}

static void
call_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  PlzAccount *self = g_task_get_source_object (task);
  CallData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) answer = plz_api_request_finish (result, &error);
  /* An answer about a session we no longer hold changes nothing here. */
  gboolean current = g_strcmp0 (data->token, self->token) == 0;

  if ((data->flags & CALL_SIGNS_OUT) && current)
    plz_account_forget (self);

  if (answer == NULL)
    {
      if ((data->flags & CALL_AUTH) && current && ends_session (error)
          && self->state != PLZ_ACCOUNT_STATE_SIGNED_OUT)
        {
          plz_account_forget (self);
          g_signal_emit (self, signals[SESSION_ENDED], 0, error);
        }
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (data->flags & CALL_SIGNS_IN)
    {
      g_autoptr(JsonObject) user = answer_user (answer);
      const char *token = NULL;

      if (user == NULL || !plz_json_get_string (answer, "token", TRUE, &token, NULL))
        {
          g_task_return_new_error (task, PLZ_ERROR, PLZ_ERROR_INTERNAL,
                                   _("The server gave an answer Plaza does not understand"));
          return;
        }
      set_all (self, PLZ_ACCOUNT_STATE_SIGNED_IN, token, user);
    }
  else if ((data->flags & CALL_UPDATES_USER) && current && self->token != NULL)
    {
      g_autoptr(JsonObject) user = answer_user (answer);

      if (user != NULL)
        set_all (self, PLZ_ACCOUNT_STATE_SIGNED_IN, self->token, user);
    }

  g_task_return_pointer (task, g_steal_pointer (&answer), (GDestroyNotify) json_object_unref);
}

static void
call (PlzAccount          *self,
      const char          *method,
      const char          *path,
      GBytes              *body,
      const char          *content_type,
      CallFlags            flags,
      GCancellable        *cancellable,
      GAsyncReadyCallback  callback,
      gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  CallData *data = g_new0 (CallData, 1);

  g_task_set_source_tag (task, plz_account_call_async);
  data->flags = flags;
  data->token = (flags & CALL_AUTH) ? g_strdup (self->token) : NULL;
  g_task_set_task_data (task, data, (GDestroyNotify) call_data_free);

  if ((flags & CALL_AUTH) && self->token == NULL)
    {
      g_task_return_new_error (task, PLZ_ERROR, PLZ_ERROR_UNAUTHORIZED, _("Sign in to do this"));
      return;
    }

  plz_api_request_async (self->session, self->server_url, data->token, method, path, body,
                         content_type, cancellable, call_done_cb, g_steal_pointer (&task));
}

static GBytes *
json_bytes (JsonObject *object)
{
  char *text;

  if (object == NULL)
    return NULL;
  text = plz_json_object_to_string (object);
  return g_bytes_new_take (text, strlen (text));
}

void
plz_account_call_async (PlzAccount          *self,
                        const char          *method,
                        const char          *path,
                        JsonObject          *body,
                        gboolean             updates_user,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GBytes) bytes = json_bytes (body);

  g_return_if_fail (PLZ_IS_ACCOUNT (self));
  g_return_if_fail (method != NULL && path != NULL);

  call (self, method, path, bytes, NULL, CALL_AUTH | (updates_user ? CALL_UPDATES_USER : 0),
        cancellable, callback, user_data);
}

JsonObject *
plz_account_call_finish (PlzAccount    *self,
                         GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (PLZ_IS_ACCOUNT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
plz_account_sign_up_async (PlzAccount *self, const char *email, const char *password,
                           const char *display_name, GCancellable *cancellable,
                           GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr(JsonObject) body = json_object_new ();
  g_autoptr(GBytes) bytes = NULL;

  g_return_if_fail (PLZ_IS_ACCOUNT (self));

  json_object_set_string_member (body, "email", email ? email : "");
  json_object_set_string_member (body, "password", password ? password : "");
  json_object_set_string_member (body, "display_name", display_name ? display_name : "");
  bytes = json_bytes (body);
  call (self, SOUP_METHOD_POST, "/api/v1/accounts", bytes, NULL, CALL_SIGNS_IN,
        cancellable, callback, user_data);
}

void
plz_account_sign_in_async (PlzAccount *self, const char *email, const char *password,
                           GCancellable *cancellable, GAsyncReadyCallback callback,
                           gpointer user_data)
{
  g_autoptr(JsonObject) body = json_object_new ();
  g_autoptr(GBytes) bytes = NULL;

  g_return_if_fail (PLZ_IS_ACCOUNT (self));

  json_object_set_string_member (body, "email", email ? email : "");
  json_object_set_string_member (body, "password", password ? password : "");
  bytes = json_bytes (body);
  call (self, SOUP_METHOD_POST, "/api/v1/sessions", bytes, NULL, CALL_SIGNS_IN,
        cancellable, callback, user_data);
}

void
plz_account_sign_out_async (PlzAccount *self, GCancellable *cancellable,
                            GAsyncReadyCallback callback, gpointer user_data)
{
  g_return_if_fail (PLZ_IS_ACCOUNT (self));

  call (self, SOUP_METHOD_DELETE, "/api/v1/sessions/current", NULL, NULL,
        CALL_AUTH | CALL_SIGNS_OUT, cancellable, callback, user_data);
}

void
plz_account_refresh_async (PlzAccount *self, GCancellable *cancellable,
                           GAsyncReadyCallback callback, gpointer user_data)
{
  g_return_if_fail (PLZ_IS_ACCOUNT (self));

  call (self, SOUP_METHOD_GET, "/api/v1/me", NULL, NULL, CALL_AUTH | CALL_UPDATES_USER,
        cancellable, callback, user_data);
}

void
plz_account_update_profile_async (PlzAccount *self, JsonObject *changes,
                                  GCancellable *cancellable,
                                  GAsyncReadyCallback callback, gpointer user_data)
{
  plz_account_call_async (self, "PATCH", "/api/v1/me", changes, TRUE,
                          cancellable, callback, user_data);
}

void
plz_account_set_avatar_async (PlzAccount *self, GBytes *image, const char *content_type,
                              GCancellable *cancellable, GAsyncReadyCallback callback,
                              gpointer user_data)
{
  g_return_if_fail (PLZ_IS_ACCOUNT (self));
  g_return_if_fail (image != NULL && content_type != NULL);

  call (self, SOUP_METHOD_PUT, "/api/v1/me/avatar", image, content_type,
        CALL_AUTH | CALL_UPDATES_USER, cancellable, callback, user_data);
}

void
plz_account_request_phone_code_async (PlzAccount *self, const char *phone,
                                      GCancellable *cancellable,
                                      GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr(JsonObject) body = json_object_new ();

  json_object_set_string_member (body, "phone", phone ? phone : "");
  plz_account_call_async (self, SOUP_METHOD_POST, "/api/v1/me/phone-verification", body, FALSE,
                          cancellable, callback, user_data);
}

void
plz_account_confirm_phone_async (PlzAccount *self, const char *code,
                                 GCancellable *cancellable,
                                 GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr(JsonObject) body = json_object_new ();

  json_object_set_string_member (body, "code", code ? code : "");
  plz_account_call_async (self, SOUP_METHOD_POST, "/api/v1/me/phone-verification/confirm", body,
                          TRUE, cancellable, callback, user_data);
}

void
plz_account_become_operator_async (PlzAccount *self, JsonObject *profile,
                                   GCancellable *cancellable,
                                   GAsyncReadyCallback callback, gpointer user_data)
{
  plz_account_call_async (self, SOUP_METHOD_POST, "/api/v1/me/operator", profile, TRUE,
                          cancellable, callback, user_data);
}

void
plz_account_list_sessions_async (PlzAccount *self, GCancellable *cancellable,
                                 GAsyncReadyCallback callback, gpointer user_data)
{
  plz_account_call_async (self, SOUP_METHOD_GET, "/api/v1/sessions", NULL, FALSE,
                          cancellable, callback, user_data);
}

void
plz_account_revoke_session_async (PlzAccount *self, const char *id,
                                  GCancellable *cancellable,
                                  GAsyncReadyCallback callback, gpointer user_data)
{
  g_autofree char *escaped = g_uri_escape_string (id, NULL, FALSE);
  g_autofree char *path = g_strconcat ("/api/v1/sessions/", escaped, NULL);

  plz_account_call_async (self, SOUP_METHOD_DELETE, path, NULL, FALSE,
                          cancellable, callback, user_data);
}

void
plz_account_admin_search_async (PlzAccount *self, const char *query,
                                GCancellable *cancellable,
                                GAsyncReadyCallback callback, gpointer user_data)
{
  g_autofree char *escaped = g_uri_escape_string (query ? query : "", NULL, FALSE);
  g_autofree char *path = g_strconcat ("/api/v1/admin/users?limit=100&q=", escaped, NULL);

  plz_account_call_async (self, SOUP_METHOD_GET, path, NULL, FALSE, cancellable, callback, user_data);
}

void
plz_account_admin_set_status_async (PlzAccount *self, const char *id, const char *status,
                                    const char *reason, GCancellable *cancellable,
                                    GAsyncReadyCallback callback, gpointer user_data)
{
  g_autofree char *escaped = g_uri_escape_string (id, NULL, FALSE);
  g_autofree char *path = g_strdup_printf ("/api/v1/admin/users/%s/status", escaped);
  g_autoptr(JsonObject) body = json_object_new ();

  json_object_set_string_member (body, "status", status);
  json_object_set_string_member (body, "reason", reason ? reason : "");
  plz_account_call_async (self, SOUP_METHOD_POST, path, body, FALSE, cancellable, callback, user_data);
}

/* ---- accessors ---------------------------------------------------------------- */

const char *
plz_account_get_server_url (PlzAccount *self)
{
  g_return_val_if_fail (PLZ_IS_ACCOUNT (self), NULL);
  return self->server_url;
}

void
plz_account_set_server_url (PlzAccount *self,
                            const char *server_url)
{
  g_return_if_fail (PLZ_IS_ACCOUNT (self));
  g_return_if_fail (server_url != NULL);

  if (!_plz_set_str (&self->server_url, server_url))
    return;
  plz_account_forget (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SERVER_URL]);
}

PlzAccountState
plz_account_get_state (PlzAccount *self)
{
  g_return_val_if_fail (PLZ_IS_ACCOUNT (self), PLZ_ACCOUNT_STATE_SIGNED_OUT);
  return self->state;
}

gboolean
plz_account_get_signed_in (PlzAccount *self)
{
  g_return_val_if_fail (PLZ_IS_ACCOUNT (self), FALSE);
  return self->state == PLZ_ACCOUNT_STATE_SIGNED_IN;
}

const char *
plz_account_get_token (PlzAccount *self)
{
  g_return_val_if_fail (PLZ_IS_ACCOUNT (self), NULL);
  return self->token;
}

JsonObject *
plz_account_get_user (PlzAccount *self)
{
  g_return_val_if_fail (PLZ_IS_ACCOUNT (self), NULL);
  return self->user;
}

const char *
plz_account_get_user_string (PlzAccount *self,
                             const char *member)
{
  JsonNode *node;

  g_return_val_if_fail (PLZ_IS_ACCOUNT (self), NULL);

  if (self->user == NULL || (node = json_object_get_member (self->user, member)) == NULL
      || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

const char *
plz_account_get_display_name (PlzAccount *self)
{
  return plz_account_get_user_string (self, "display_name");
}

gboolean
plz_account_get_is_consumer (PlzAccount *self)
{
  g_return_val_if_fail (PLZ_IS_ACCOUNT (self), FALSE);
  return role (self, "consumer");
}

gboolean
plz_account_get_is_operator (PlzAccount *self)
{
  g_return_val_if_fail (PLZ_IS_ACCOUNT (self), FALSE);
  return role (self, "operator");
}

gboolean
plz_account_get_is_admin (PlzAccount *self)
{
  g_return_val_if_fail (PLZ_IS_ACCOUNT (self), FALSE);
  return role (self, "admin");
}

GdkTexture *
plz_account_get_avatar (PlzAccount *self)
{
  g_return_val_if_fail (PLZ_IS_ACCOUNT (self), NULL);
  return self->avatar;
}

void
plz_account_set_session (PlzAccount *self,
                         const char *token,
                         JsonObject *user)
{
  g_autoptr(JsonObject) copy = NULL;

  g_return_if_fail (PLZ_IS_ACCOUNT (self));
  g_return_if_fail (token != NULL && user != NULL);

  /* A deep copy, so that nobody changes our user behind our back. */
  {
    g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), user);
    copy = json_node_dup_object (node);
  }
  set_all (self, PLZ_ACCOUNT_STATE_SIGNED_IN, token, copy);
}

void
plz_account_begin_restore (PlzAccount *self,
                           const char *token)
{
  g_return_if_fail (PLZ_IS_ACCOUNT (self));
  set_all (self, PLZ_ACCOUNT_STATE_RESTORING, token, NULL);
}

void
plz_account_forget (PlzAccount *self)
{
  g_return_if_fail (PLZ_IS_ACCOUNT (self));
  set_all (self, PLZ_ACCOUNT_STATE_SIGNED_OUT, NULL, NULL);
}

PlzLink *
plz_account_get_link (PlzAccount *self)
{
  g_return_val_if_fail (PLZ_IS_ACCOUNT (self), NULL);
  return self->link;
}

/* ---- GObject ------------------------------------------------------------------ */

PlzAccount *
plz_account_new (const char *server_url)
{
  g_return_val_if_fail (server_url != NULL, NULL);

  return g_object_new (PLZ_TYPE_ACCOUNT, "server-url", server_url, NULL);
}

static void
plz_account_dispose (GObject *object)
{
  PlzAccount *self = PLZ_ACCOUNT (object);

  g_cancellable_cancel (self->avatar_cancellable);
  g_clear_object (&self->avatar_cancellable);
  g_clear_object (&self->avatar);
  if (self->link != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->link, self);
      plz_link_stop (self->link);
      g_clear_object (&self->link);
    }
  g_clear_object (&self->link_session);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (plz_account_parent_class)->dispose (object);
}

static void
plz_account_finalize (GObject *object)
{
  PlzAccount *self = PLZ_ACCOUNT (object);

  g_clear_pointer (&self->server_url, g_free);
  g_clear_pointer (&self->token, g_free);
  g_clear_pointer (&self->avatar_url, g_free);
  g_clear_pointer (&self->user, json_object_unref);

  G_OBJECT_CLASS (plz_account_parent_class)->finalize (object);
}

static void
plz_account_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  PlzAccount *self = PLZ_ACCOUNT (object);

  switch (prop_id)
    {
    case PROP_SERVER_URL: g_value_set_string (value, self->server_url); break;
    case PROP_STATE: g_value_set_enum (value, self->state); break;
    case PROP_SIGNED_IN: g_value_set_boolean (value, plz_account_get_signed_in (self)); break;
    case PROP_TOKEN: g_value_set_string (value, self->token); break;
    case PROP_USER: g_value_set_boxed (value, self->user); break;
    case PROP_DISPLAY_NAME: g_value_set_string (value, plz_account_get_display_name (self)); break;
    case PROP_IS_CONSUMER: g_value_set_boolean (value, role (self, "consumer")); break;
    case PROP_IS_OPERATOR: g_value_set_boolean (value, role (self, "operator")); break;
    case PROP_IS_ADMIN: g_value_set_boolean (value, role (self, "admin")); break;
    case PROP_AVATAR: g_value_set_object (value, self->avatar); break;
    case PROP_LINK: g_value_set_object (value, self->link); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
plz_account_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  PlzAccount *self = PLZ_ACCOUNT (object);

  switch (prop_id)
    {
    case PROP_SERVER_URL:
      plz_account_set_server_url (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
plz_account_class_init (PlzAccountClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags ro = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->dispose = plz_account_dispose;
  object_class->finalize = plz_account_finalize;
  object_class->get_property = plz_account_get_property;
  object_class->set_property = plz_account_set_property;

  properties[PROP_SERVER_URL] =
    g_param_spec_string ("server-url", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, PLZ_TYPE_ACCOUNT_STATE, PLZ_ACCOUNT_STATE_SIGNED_OUT, ro);
  properties[PROP_SIGNED_IN] = g_param_spec_boolean ("signed-in", NULL, NULL, FALSE, ro);
  properties[PROP_TOKEN] = g_param_spec_string ("token", NULL, NULL, NULL, ro);
  properties[PROP_USER] = g_param_spec_boxed ("user", NULL, NULL, JSON_TYPE_OBJECT, ro);
  properties[PROP_DISPLAY_NAME] = g_param_spec_string ("display-name", NULL, NULL, NULL, ro);
  properties[PROP_IS_CONSUMER] = g_param_spec_boolean ("is-consumer", NULL, NULL, FALSE, ro);
  properties[PROP_IS_OPERATOR] = g_param_spec_boolean ("is-operator", NULL, NULL, FALSE, ro);
  properties[PROP_IS_ADMIN] = g_param_spec_boolean ("is-admin", NULL, NULL, FALSE, ro);
  properties[PROP_AVATAR] = g_param_spec_object ("avatar", NULL, NULL, GDK_TYPE_TEXTURE, ro);
  properties[PROP_LINK] = g_param_spec_object ("link", NULL, NULL, PLZ_TYPE_LINK, ro);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* The server ended the session (@error says why); the account is signed out. */
  signals[SESSION_ENDED] =
    g_signal_new ("session-ended", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_ERROR);
}

static void
plz_account_init (PlzAccount *self)
{
  /* Shown in the list of sessions, so that people can tell their devices apart. */
  g_autofree char *user_agent = g_strdup_printf ("Plaza/%s (%s)", PACKAGE_VERSION, g_get_host_name ());

  self->session = soup_session_new_with_options ("timeout", REQUEST_TIMEOUT_S,
                                                 "idle-timeout", 60,
                                                 "user-agent", user_agent,
                                                 NULL);
  /* Long polls wait 25 s; the timeout must outlast them. */
  self->link_session = soup_session_new_with_options ("timeout", 40,
                                                      "user-agent", user_agent,
                                                      NULL);
}
