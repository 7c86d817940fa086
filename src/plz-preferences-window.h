/* plz-preferences-window.h — the server address and other settings */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define PLZ_TYPE_PREFERENCES_WINDOW (plz_preferences_window_get_type ())

G_DECLARE_FINAL_TYPE (PlzPreferencesWindow, plz_preferences_window, PLZ, PREFERENCES_WINDOW, AdwPreferencesWindow)

/* A preferences window over @parent (may be NULL). */
PlzPreferencesWindow *plz_preferences_window_new (GtkWindow *parent);

G_END_DECLS
