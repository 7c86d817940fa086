/* plz-discover-filters.h — the form in the Discover page's filter popover:
 * order, category (with its attributes), price range and place */
#pragma once

#include <adwaita.h>

#include "plz-categories.h"
#include "plz-search-query.h"

G_BEGIN_DECLS

#define PLZ_TYPE_DISCOVER_FILTERS (plz_discover_filters_get_type ())
G_DECLARE_FINAL_TYPE (PlzDiscoverFilters, plz_discover_filters, PLZ, DISCOVER_FILTERS, AdwBin)

/* An empty form. ::applied (PlzSearchQuery *query) is emitted when the person
 * asks for results with a valid form (or clears it); the query is the form's
 * filters on top of the text of the query last set. */
GtkWidget      *plz_discover_filters_new            (void);

/* The categories to offer (NULL when they could not be loaded). */
void            plz_discover_filters_set_categories (PlzDiscoverFilters   *self,
                                                     PlzCategories        *categories);

/* Fills the form from @query. */
void            plz_discover_filters_set_query      (PlzDiscoverFilters   *self,
                                                     const PlzSearchQuery *query);

/* The query the form asks for, or NULL with the reasons shown under the rows
 * at fault (and in @error, the first of them). */
PlzSearchQuery *plz_discover_filters_build_query    (PlzDiscoverFilters   *self,
                                                     GError              **error);

/* Checks the form and emits ::applied when it is valid; returns whether it was. */
gboolean        plz_discover_filters_apply          (PlzDiscoverFilters   *self);

/* Empties the form (keeping the order) and emits ::applied. */
void            plz_discover_filters_clear          (PlzDiscoverFilters   *self);

G_END_DECLS
