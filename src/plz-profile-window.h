/* plz-profile-window.h — the signed-in person's profile, picture, phone and sessions */
#pragma once

#include <adwaita.h>

#include "plz-account.h"

G_BEGIN_DECLS

#define PLZ_TYPE_PROFILE_WINDOW (plz_profile_window_get_type ())

G_DECLARE_FINAL_TYPE (PlzProfileWindow, plz_profile_window, PLZ, PROFILE_WINDOW, AdwPreferencesWindow)

/* The profile of the person signed in to @account, over @parent (may be NULL). */
PlzProfileWindow *plz_profile_window_new (GtkWindow  *parent,
                                          PlzAccount *account);

G_END_DECLS
