/* plz-availability-dialog.h — an operator's weekly opening hours, capacity,
 * notice and horizon, and dated exceptions (closed days, extra hours) */
#pragma once

#include <adwaita.h>

#include "plz-account.h"

G_BEGIN_DECLS

#define PLZ_TYPE_AVAILABILITY_DIALOG (plz_availability_dialog_get_type ())

G_DECLARE_FINAL_TYPE (PlzAvailabilityDialog, plz_availability_dialog, PLZ, AVAILABILITY_DIALOG, AdwWindow)

/* Loads GET /api/v1/me/availability of @account's user to edit. */
PlzAvailabilityDialog *plz_availability_dialog_new (GtkWindow  *parent,
                                                    PlzAccount *account);

/* "loading", "error" or "form". */
const char *plz_availability_dialog_get_state        (PlzAvailabilityDialog *self);

/* How many weekly periods and exceptions the form holds. */
guint       plz_availability_dialog_get_n_periods    (PlzAvailabilityDialog *self);
guint       plz_availability_dialog_get_n_exceptions (PlzAvailabilityDialog *self);

/* Adds a weekly period (@weekday 1 = Monday) or an exception (@kind
 * "closed" or "extra"; @start and @end only for "extra"), as the buttons do. */
void        plz_availability_dialog_add_period       (PlzAvailabilityDialog *self,
                                                      int                    weekday,
                                                      const char            *start,
                                                      const char            *end);
void        plz_availability_dialog_add_exception    (PlzAvailabilityDialog *self,
                                                      const char            *date,
                                                      const char            *kind,
                                                      const char            *start,
                                                      const char            *end);

/* The entry of member @member ("start", "end", "date") of period or
 * exception @index, for tests. */
GtkWidget  *plz_availability_dialog_get_entry        (PlzAvailabilityDialog *self,
                                                      gboolean               exception,
                                                      guint                  index,
                                                      const char            *member);

/* The problem shown under the form, or NULL. */
const char *plz_availability_dialog_get_message      (PlzAvailabilityDialog *self);

G_END_DECLS
