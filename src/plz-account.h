/* plz-account.h — who is signed in: the session token, the user, and every
 * account call to the server */
#pragma once

#include <gtk/gtk.h>
#include <json-glib/json-glib.h>

#include "plz-link.h"

G_BEGIN_DECLS

typedef enum
{
  PLZ_ACCOUNT_STATE_SIGNED_OUT,
  PLZ_ACCOUNT_STATE_RESTORING,   /* a remembered session is being checked */
  PLZ_ACCOUNT_STATE_SIGNED_IN,
} PlzAccountState;

#define PLZ_TYPE_ACCOUNT_STATE (plz_account_state_get_type ())
#define PLZ_TYPE_ACCOUNT (plz_account_get_type ())

/* The GType of PlzAccountState. */
GType plz_account_state_get_type (void);

G_DECLARE_FINAL_TYPE (PlzAccount, plz_account, PLZ, ACCOUNT, GObject)

/* An account on the server at @server_url, signed out. */
PlzAccount      *plz_account_new                (const char *server_url);

/* The server's base address. */
const char      *plz_account_get_server_url     (PlzAccount *self);

/* Points at another server; a session belongs to one server, so this forgets it. */
void             plz_account_set_server_url     (PlzAccount *self,
                                                 const char *server_url);

/* Signed out, restoring or signed in. */
PlzAccountState  plz_account_get_state          (PlzAccount *self);

/* Whether a user is signed in. */
gboolean         plz_account_get_signed_in      (PlzAccount *self);

/* The bearer token, or NULL. */
const char      *plz_account_get_token          (PlzAccount *self);

/* The signed-in user as the server sent it ("user" of GET /api/v1/me), or NULL. */
JsonObject      *plz_account_get_user           (PlzAccount *self);

/* A string member of the user, or NULL. */
const char      *plz_account_get_user_string    (PlzAccount *self,
                                                 const char *member);

/* The user's display name, or NULL. */
const char      *plz_account_get_display_name   (PlzAccount *self);

/* Whether the user has these roles. */
gboolean         plz_account_get_is_consumer    (PlzAccount *self);
gboolean         plz_account_get_is_operator    (PlzAccount *self);
gboolean         plz_account_get_is_admin       (PlzAccount *self);

/* The user's picture once loaded, or NULL. */
GdkTexture      *plz_account_get_avatar         (PlzAccount *self);

/* The live link (events, sending, outbox) while signed in, else NULL; it is
 * made and started on sign-in and stopped on sign-out (property "link"). */
PlzLink         *plz_account_get_link           (PlzAccount *self);

/* Signs in with a known @token and @user (a copy is kept), as after sign-in. */
void             plz_account_set_session        (PlzAccount *self,
                                                 const char *token,
                                                 JsonObject *user);

/* Holds @token as "restoring" until plz_account_refresh_async says whether it
 * still works; @token NULL just shows that a lookup is under way. */
void             plz_account_begin_restore      (PlzAccount *self,
                                                 const char *token);

/* Forgets token and user here (the server's session stays). */
void             plz_account_forget             (PlzAccount *self);

/* Generic call: @method @path with @body (may be NULL) as the signed-in user.
 * A 401, or 403 account_suspended/account_banned, ends the session here and
 * emits ::session-ended. When @updates_user, the answer's "user" replaces the
 * current one. Finish with plz_account_call_finish. */
void             plz_account_call_async         (PlzAccount          *self,
                                                 const char          *method,
                                                 const char          *path,
                                                 JsonObject          *body,
                                                 gboolean             updates_user,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);

/* The answer of any plz_account_*_async call, or NULL with @error set
 * (PLZ_ERROR with plz_error_get_field, or a transport error). */
JsonObject      *plz_account_call_finish        (PlzAccount    *self,
                                                 GAsyncResult  *result,
                                                 GError       **error);

/* POST /api/v1/accounts, then signed in. */
void             plz_account_sign_up_async      (PlzAccount *self, const char *email,
                                                 const char *password, const char *display_name,
                                                 GCancellable *cancellable,
                                                 GAsyncReadyCallback callback, gpointer user_data);

/* POST /api/v1/sessions, then signed in. */
void             plz_account_sign_in_async      (PlzAccount *self, const char *email,
                                                 const char *password, GCancellable *cancellable,
                                                 GAsyncReadyCallback callback, gpointer user_data);

/* DELETE /api/v1/sessions/current; signed out here whatever the server says. */
void             plz_account_sign_out_async     (PlzAccount *self, GCancellable *cancellable,
                                                 GAsyncReadyCallback callback, gpointer user_data);

/* GET /api/v1/me; a restoring account becomes signed in. */
void             plz_account_refresh_async      (PlzAccount *self, GCancellable *cancellable,
                                                 GAsyncReadyCallback callback, gpointer user_data);

/* PATCH /api/v1/me with @changes (display_name, bio, timezone, locale). */
void             plz_account_update_profile_async (PlzAccount *self, JsonObject *changes,
                                                   GCancellable *cancellable,
                                                   GAsyncReadyCallback callback, gpointer user_data);

/* PUT /api/v1/me/avatar with @image (PNG, JPEG or WebP) of @content_type. */
void             plz_account_set_avatar_async   (PlzAccount *self, GBytes *image,
                                                 const char *content_type,
                                                 GCancellable *cancellable,
                                                 GAsyncReadyCallback callback, gpointer user_data);

/* POST /api/v1/me/phone-verification: the server texts a code to @phone. */
void             plz_account_request_phone_code_async (PlzAccount *self, const char *phone,
                                                       GCancellable *cancellable,
                                                       GAsyncReadyCallback callback,
                                                       gpointer user_data);

/* POST /api/v1/me/phone-verification/confirm with the @code received. */
void             plz_account_confirm_phone_async (PlzAccount *self, const char *code,
                                                  GCancellable *cancellable,
                                                  GAsyncReadyCallback callback, gpointer user_data);

/* POST /api/v1/me/operator with @profile (business_name, service_area, expertise). */
void             plz_account_become_operator_async (PlzAccount *self, JsonObject *profile,
                                                    GCancellable *cancellable,
                                                    GAsyncReadyCallback callback,
                                                    gpointer user_data);

/* GET /api/v1/sessions: {"sessions": [...]}. */
void             plz_account_list_sessions_async (PlzAccount *self, GCancellable *cancellable,
                                                  GAsyncReadyCallback callback, gpointer user_data);

/* DELETE /api/v1/sessions/@id. */
void             plz_account_revoke_session_async (PlzAccount *self, const char *id,
                                                   GCancellable *cancellable,
                                                   GAsyncReadyCallback callback, gpointer user_data);

/* GET /api/v1/admin/users?q=@query: {"users": [...]}. */
void             plz_account_admin_search_async (PlzAccount *self, const char *query,
                                                 GCancellable *cancellable,
                                                 GAsyncReadyCallback callback, gpointer user_data);

/* POST /api/v1/admin/users/@id/status with @status (active, suspended, banned) and @reason. */
void             plz_account_admin_set_status_async (PlzAccount *self, const char *id,
                                                     const char *status, const char *reason,
                                                     GCancellable *cancellable,
                                                     GAsyncReadyCallback callback,
                                                     gpointer user_data);

G_END_DECLS
