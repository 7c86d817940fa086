/* plz-application.h — the Plaza application: settings, connection, bundled server */
#pragma once

#include <adwaita.h>

#include "plz-account.h"
#include "plz-connection.h"
#include "plz-server-launcher.h"

G_BEGIN_DECLS

#define PLZ_TYPE_APPLICATION (plz_application_get_type ())

G_DECLARE_FINAL_TYPE (PlzApplication, plz_application, PLZ, APPLICATION, AdwApplication)

/* The application, org.plaza.Plaza, one instance per session. */
PlzApplication    *plz_application_new            (void);

/* The connection to the server; NULL before startup. */
PlzConnection     *plz_application_get_connection (PlzApplication *self);

/* Who is signed in; NULL before startup. */
PlzAccount        *plz_application_get_account    (PlzApplication *self);

/* The launcher of the bundled server; NULL before startup. */
PlzServerLauncher *plz_application_get_launcher   (PlzApplication *self);

/* Starts the bundled server when the address is local and nothing answers,
 * then (re)connects. */
void               plz_application_ensure_server  (PlzApplication *self);

G_END_DECLS
