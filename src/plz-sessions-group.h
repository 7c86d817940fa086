/* plz-sessions-group.h — the devices a person is signed in on, each with Sign Out */
#pragma once

#include <adwaita.h>

#include "plz-account.h"

G_BEGIN_DECLS

#define PLZ_TYPE_SESSIONS_GROUP (plz_sessions_group_get_type ())

G_DECLARE_FINAL_TYPE (PlzSessionsGroup, plz_sessions_group, PLZ, SESSIONS_GROUP, AdwPreferencesGroup)

/* Lists the sessions of @account, now and after each change. */
void plz_sessions_group_set_account (PlzSessionsGroup *self,
                                     PlzAccount       *account);

/* Loads the list again. */
void plz_sessions_group_reload      (PlzSessionsGroup *self);

G_END_DECLS
