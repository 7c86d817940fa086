/* plz-listing-card.h — one listing in the results grid: photo, title, price,
 * place, rating and the saved mark; clicking it opens the listing */
#pragma once

#include <gtk/gtk.h>

#include "plz-account.h"
#include "plz-listing-item.h"
#include "plz-texture-cache.h"

G_BEGIN_DECLS

#define PLZ_TYPE_LISTING_CARD (plz_listing_card_get_type ())
G_DECLARE_FINAL_TYPE (PlzListingCard, plz_listing_card, PLZ, LISTING_CARD, GtkButton)

/* A card loading pictures through @cache from @account's server. Clicking it
 * activates "discover.open-listing" with the listing's id. */
GtkWidget      *plz_listing_card_new      (PlzTextureCache *cache,
                                           PlzAccount      *account);

/* Shows @item (NULL: nothing, as when a grid recycles the card). */
void            plz_listing_card_set_item (PlzListingCard  *self,
                                           PlzListingItem  *item);

PlzListingItem *plz_listing_card_get_item (PlzListingCard  *self);

/* "photo", "loading" or "missing": what the picture area shows (for tests). */
const char     *plz_listing_card_get_picture_state (PlzListingCard *self);

G_END_DECLS
