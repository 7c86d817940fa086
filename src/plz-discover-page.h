/* plz-discover-page.h — the consumer's Discover page: search, filters, the
 * results grid, the saved listings and a listing's own page */
#pragma once

#include <adwaita.h>

#include "plz-account.h"
#include "plz-listing-model.h"
#include "plz-listing-page.h"

G_BEGIN_DECLS

#define PLZ_TYPE_DISCOVER_PAGE (plz_discover_page_get_type ())
G_DECLARE_FINAL_TYPE (PlzDiscoverPage, plz_discover_page, PLZ, DISCOVER_PAGE, AdwBin)

/* A page that does nothing until it gets an account. */
GtkWidget       *plz_discover_page_new          (void);

/* Searches as @account (once; the page follows its sign-ins from then on). */
void             plz_discover_page_set_account  (PlzDiscoverPage *self,
                                                 PlzAccount      *account);

/* Asks the server again for the categories and the results. */
void             plz_discover_page_reload       (PlzDiscoverPage *self);

/* Shows listing @id of the results; FALSE when it is not among them. */
gboolean         plz_discover_page_open_listing (PlzDiscoverPage *self,
                                                 const char      *id);

/* "loading", "results", "empty", "saved-empty" or "error" for the results,
 * "listing" while a listing is open. */
const char      *plz_discover_page_get_state    (PlzDiscoverPage *self);

/* The results, the listing page and the categories (NULL until loaded), for tests and screenshots. */
PlzListingModel *plz_discover_page_get_model    (PlzDiscoverPage *self);
PlzListingPage  *plz_discover_page_get_listing_page (PlzDiscoverPage *self);
PlzCategories   *plz_discover_page_get_categories   (PlzDiscoverPage *self);

G_END_DECLS
