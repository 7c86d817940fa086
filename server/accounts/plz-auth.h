/* plz-auth.h — the one authorization layer: every route passes through it */
#pragma once

#include "plz-router.h"

G_BEGIN_DECLS

/* Resolves the bearer token (if any) into request->user and checks @access;
 * answers 401/403 itself and returns FALSE when the caller may not go on. */
gboolean plz_auth_check (PlzRequest *request,
                         PlzAccess   access);

G_END_DECLS
