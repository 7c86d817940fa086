/* plz-window.h — the main window: the welcome page, or the pages of the signed-in user */
#pragma once

#include <adwaita.h>

#include "plz-account.h"
#include "plz-connection.h"
#include "plz-server-launcher.h"

G_BEGIN_DECLS

#define PLZ_TYPE_WINDOW (plz_window_get_type ())

G_DECLARE_FINAL_TYPE (PlzWindow, plz_window, PLZ, WINDOW, AdwApplicationWindow)

/* A window of @application (may be NULL) showing @connection and @launcher,
 * for whoever is signed in to @account (the welcome page when nobody is). */
PlzWindow  *plz_window_new          (GtkApplication    *application,
                                     PlzConnection     *connection,
                                     PlzServerLauncher *launcher,
                                     PlzAccount        *account);

/* The name of the main page shown: "discover", "messages", "bookings",
 * "schedule", "dashboard" or "admin". */
const char *plz_window_get_page     (PlzWindow  *self);

/* Shows the page called @name; FALSE when there is no such page for this user. */
gboolean    plz_window_set_page     (PlzWindow  *self,
                                     const char *name);

/* Shows @toast over the window's content; takes ownership of it. */
void        plz_window_add_toast    (PlzWindow  *self,
                                     AdwToast   *toast);

/* What the window shows: "restoring", "welcome" or "main". */
const char *plz_window_get_view     (PlzWindow  *self);

G_END_DECLS
