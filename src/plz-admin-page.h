/* plz-admin-page.h — for admins: find people and suspend, ban or reactivate them;
 * decide leak cases */
#pragma once

#include <adwaita.h>

#include "plz-account.h"
#include "plz-leak-cases-view.h"

G_BEGIN_DECLS

#define PLZ_TYPE_ADMIN_PAGE (plz_admin_page_get_type ())

G_DECLARE_FINAL_TYPE (PlzAdminPage, plz_admin_page, PLZ, ADMIN_PAGE, AdwBin)

/* The admin page, acting as the admin signed in to @account. */
GtkWidget *plz_admin_page_new    (PlzAccount   *account);

/* Searches again with the text in the search entry. */
void       plz_admin_page_reload (PlzAdminPage *self);

/* Shows the Leak Cases view and returns it. */
PlzLeakCasesView *plz_admin_page_show_leak_cases (PlzAdminPage *self);

/* What the page shows: "loading", "empty", "error" or "results". */
const char *plz_admin_page_get_state (PlzAdminPage *self);

G_END_DECLS
