/* plz-my-listings-page.h — an operator's listings: create, edit, publish, pause, archive, delete */
#pragma once

#include <adwaita.h>

#include "plz-account.h"
#include "plz-listing-editor.h"

G_BEGIN_DECLS

#define PLZ_TYPE_MY_LISTINGS_PAGE (plz_my_listings_page_get_type ())

G_DECLARE_FINAL_TYPE (PlzMyListingsPage, plz_my_listings_page, PLZ, MY_LISTINGS_PAGE, AdwBin)

/* A page that shows nothing until it has an account. */
GtkWidget        *plz_my_listings_page_new         (void);

/* Lists the listings of whoever is signed in to @account (loaded when shown). */
void              plz_my_listings_page_set_account (PlzMyListingsPage *self,
                                                    PlzAccount        *account);

/* Fetches the listings again. */
void              plz_my_listings_page_reload      (PlzMyListingsPage *self);

/* What the page shows: "loading", "empty", "error" or "list". */
const char       *plz_my_listings_page_get_state   (PlzMyListingsPage *self);

/* The editor this page opened and that is still open, or NULL. */
PlzListingEditor *plz_my_listings_page_get_editor  (PlzMyListingsPage *self);

G_END_DECLS
