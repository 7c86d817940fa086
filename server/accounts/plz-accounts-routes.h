/* plz-accounts-routes.h — HTTP routes of accounts, sessions and admin */
#pragma once

#include "plz-request.h"

G_BEGIN_DECLS

/* POST /api/v1/accounts: sign up. */
void plz_accounts_route_sign_up            (PlzRequest *request);
/* POST /api/v1/sessions: sign in. */
void plz_accounts_route_sign_in            (PlzRequest *request);
/* GET /api/v1/sessions: the caller's sessions. */
void plz_accounts_route_list_sessions      (PlzRequest *request);
/* DELETE /api/v1/sessions/current: sign out. */
void plz_accounts_route_sign_out           (PlzRequest *request);
/* DELETE /api/v1/sessions/{id}: revoke one of the caller's sessions. */
void plz_accounts_route_revoke_session     (PlzRequest *request);
/* GET /api/v1/me */
void plz_accounts_route_get_me             (PlzRequest *request);
/* PATCH /api/v1/me */
void plz_accounts_route_update_me          (PlzRequest *request);
/* PUT /api/v1/me/avatar (image body) */
void plz_accounts_route_set_avatar         (PlzRequest *request);
/* POST /api/v1/me/operator */
void plz_accounts_route_become_operator    (PlzRequest *request);
/* POST /api/v1/me/email-verification */
void plz_accounts_route_send_email_code    (PlzRequest *request);
/* POST /api/v1/email-verification/confirm */
void plz_accounts_route_confirm_email      (PlzRequest *request);
/* POST /api/v1/password-reset */
void plz_accounts_route_request_reset      (PlzRequest *request);
/* POST /api/v1/password-reset/confirm */
void plz_accounts_route_confirm_reset      (PlzRequest *request);
/* POST /api/v1/me/phone-verification */
void plz_accounts_route_send_phone_code    (PlzRequest *request);
/* POST /api/v1/me/phone-verification/confirm */
void plz_accounts_route_confirm_phone      (PlzRequest *request);
/* GET /api/v1/users/{id}: a public card. */
void plz_accounts_route_get_user           (PlzRequest *request);
/* GET /api/v1/users/{id}/avatar */
void plz_accounts_route_get_avatar         (PlzRequest *request);
/* GET /api/v1/admin/users?q=&limit=&offset= */
void plz_accounts_route_admin_search       (PlzRequest *request);
/* GET /api/v1/admin/users/{id} */
void plz_accounts_route_admin_get_user     (PlzRequest *request);
/* POST /api/v1/admin/users/{id}/status */
void plz_accounts_route_admin_set_status   (PlzRequest *request);
/* GET /api/v1/admin/audit?target= */
void plz_accounts_route_admin_audit        (PlzRequest *request);

G_END_DECLS
