/* plz-window.h — the main window: Discover, Messages and Bookings */
#pragma once

#include <adwaita.h>

#include "plz-connection.h"
#include "plz-server-launcher.h"

G_BEGIN_DECLS

#define PLZ_TYPE_WINDOW (plz_window_get_type ())

G_DECLARE_FINAL_TYPE (PlzWindow, plz_window, PLZ, WINDOW, AdwApplicationWindow)

/* A window of @application (may be NULL) showing @connection and @launcher. */
PlzWindow  *plz_window_new          (GtkApplication    *application,
                                     PlzConnection     *connection,
                                     PlzServerLauncher *launcher);

/* The name of the page shown: "discover", "messages" or "bookings". */
const char *plz_window_get_page     (PlzWindow  *self);

/* Shows the page called @name; FALSE when there is no such page. */
gboolean    plz_window_set_page     (PlzWindow  *self,
                                     const char *name);

/* Shows @toast over the window's content; takes ownership of it. */
void        plz_window_add_toast    (PlzWindow  *self,
                                     AdwToast   *toast);

G_END_DECLS
