/* plz-operator-group.h — the form that makes a consumer an operator too */
#pragma once

#include <adwaita.h>

#include "plz-account.h"

G_BEGIN_DECLS

#define PLZ_TYPE_OPERATOR_GROUP (plz_operator_group_get_type ())

G_DECLARE_FINAL_TYPE (PlzOperatorGroup, plz_operator_group, PLZ, OPERATOR_GROUP, AdwPreferencesGroup)

/* The account the form sends to. */
void plz_operator_group_set_account (PlzOperatorGroup *self,
                                     PlzAccount       *account);

G_END_DECLS
