/* plz-leak-cases-view.h — for admins: the queue of leak cases (people who
 * kept sharing contact details) beside the case chosen */
#pragma once

#include <adwaita.h>

#include "plz-account.h"
#include "plz-leak-case-detail.h"

G_BEGIN_DECLS

#define PLZ_TYPE_LEAK_CASES_VIEW (plz_leak_cases_view_get_type ())

G_DECLARE_FINAL_TYPE (PlzLeakCasesView, plz_leak_cases_view, PLZ, LEAK_CASES_VIEW, AdwBin)

/* The queue, acting as the admin signed in to @account; loads when first shown. */
GtkWidget         *plz_leak_cases_view_new        (PlzAccount       *account);

/* Loads the cases of the chosen status again. */
void               plz_leak_cases_view_reload     (PlzLeakCasesView *self);

/* Which cases to list: "open" (the default), "warned", "restricted",
 * "suspended", "dismissed" or "all"; FALSE (nothing changes) for others. */
gboolean           plz_leak_cases_view_set_status (PlzLeakCasesView *self,
                                                   const char       *status);

/* What the list shows: "loading", "empty", "error" or "results". */
const char        *plz_leak_cases_view_get_state  (PlzLeakCasesView *self);

/* How many cases are listed. */
guint              plz_leak_cases_view_get_n_cases (PlzLeakCasesView *self);

/* Opens the case @id (listed or not) beside the list. */
void               plz_leak_cases_view_open_case  (PlzLeakCasesView *self,
                                                   const char       *id);

/* The detail beside the list. */
PlzLeakCaseDetail *plz_leak_cases_view_get_detail (PlzLeakCasesView *self);

G_END_DECLS
