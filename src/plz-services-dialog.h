/* plz-services-dialog.h — an operator's bookable services: the list, and a
 * form to add or change one (name, duration, price, buffers, tags, instant
 * confirmation) or take it off offer */
#pragma once

#include <adwaita.h>

#include "plz-account.h"

G_BEGIN_DECLS

#define PLZ_TYPE_SERVICES_DIALOG (plz_services_dialog_get_type ())

G_DECLARE_FINAL_TYPE (PlzServicesDialog, plz_services_dialog, PLZ, SERVICES_DIALOG, AdwWindow)

/* Loads GET /api/v1/me/services of @account's user. */
PlzServicesDialog *plz_services_dialog_new (GtkWindow  *parent,
                                            PlzAccount *account);

/* "loading", "error", "empty", "list" or "edit". */
const char *plz_services_dialog_get_state   (PlzServicesDialog *self);

/* How many services the list shows. */
guint       plz_services_dialog_get_n_services (PlzServicesDialog *self);

/* Opens the form for service @id, or a new one when NULL. */
void        plz_services_dialog_edit        (PlzServicesDialog *self,
                                             const char        *id);

/* The form's rows, for tests: "name", "price", "tags" (AdwEntryRow),
 * "duration", "before", "after" (GtkSpinButton), "instant" (GtkSwitch). */
GtkWidget  *plz_services_dialog_get_field   (PlzServicesDialog *self,
                                             const char        *name);

/* The problem shown under the form, or NULL. */
const char *plz_services_dialog_get_message (PlzServicesDialog *self);

G_END_DECLS
