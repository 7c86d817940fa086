/* plz-listing-page.h — one listing in full: photos, price, details, place,
 * who offers it, and saving it */
#pragma once

#include <adwaita.h>

#include "plz-account.h"
#include "plz-categories.h"
#include "plz-favorites.h"
#include "plz-listing-item.h"
#include "plz-texture-cache.h"

G_BEGIN_DECLS

#define PLZ_TYPE_LISTING_PAGE (plz_listing_page_get_type ())
G_DECLARE_FINAL_TYPE (PlzListingPage, plz_listing_page, PLZ, LISTING_PAGE, AdwBin)

/* A page that loads through @account and @cache and saves through @favorites.
 * Its back button activates "discover.back". */
GtkWidget      *plz_listing_page_new            (PlzAccount      *account,
                                                 PlzTextureCache *cache,
                                                 PlzFavorites    *favorites);

/* The category tree, for names and attribute labels (may be NULL). */
void            plz_listing_page_set_categories (PlzListingPage  *self,
                                                 PlzCategories   *categories);

/* Shows @item at once with what it has, and loads the rest (the operator,
 * every photo) from the server. */
void            plz_listing_page_show           (PlzListingPage  *self,
                                                 PlzListingItem  *item);

/* Loads the listing again. */
void            plz_listing_page_reload         (PlzListingPage  *self);

/* The listing shown, or NULL. */
PlzListingItem *plz_listing_page_get_item       (PlzListingPage  *self);

/* "content" or "error" (the listing is gone); and for the operator card
 * "loading", "error" or "card" (for tests). */
const char     *plz_listing_page_get_state      (PlzListingPage  *self);
const char     *plz_listing_page_get_operator_state (PlzListingPage *self);

G_END_DECLS
