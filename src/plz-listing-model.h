/* plz-listing-model.h — search results (or the saved listings) as a GListModel
 * of PlzListingItem that pages in from the server as it is scrolled */
#pragma once

#include <gio/gio.h>

#include "plz-account.h"
#include "plz-favorites.h"
#include "plz-search-query.h"

G_BEGIN_DECLS

typedef enum
{
  PLZ_LISTING_MODEL_IDLE,     /* nothing asked yet */
  PLZ_LISTING_MODEL_LOADING,  /* the first page is on its way */
  PLZ_LISTING_MODEL_READY,    /* some listings are here (more may follow) */
  PLZ_LISTING_MODEL_EMPTY,    /* the server found nothing */
  PLZ_LISTING_MODEL_ERROR,    /* the first page failed: see error-message */
} PlzListingModelState;

#define PLZ_TYPE_LISTING_MODEL_STATE (plz_listing_model_state_get_type ())
#define PLZ_TYPE_LISTING_MODEL (plz_listing_model_get_type ())

/* The GType of PlzListingModelState. */
GType plz_listing_model_state_get_type (void);

G_DECLARE_FINAL_TYPE (PlzListingModel, plz_listing_model, PLZ, LISTING_MODEL, GObject)

/* Listings fetched as @account; items carry the saved marks of @favorites. */
PlzListingModel      *plz_listing_model_new        (PlzAccount      *account,
                                                    PlzFavorites    *favorites);

/* Starts over with @query: what was listed goes, and a request still on its
 * way is cancelled so that its answer never shows. */
void                  plz_listing_model_search     (PlzListingModel      *self,
                                                    const PlzSearchQuery *query);

/* Starts over with the saved listings (GET /api/v1/me/favorites). */
void                  plz_listing_model_show_favorites (PlzListingModel *self);

/* Asks for the next page when there is one and nothing is on its way;
 * returns whether it did. */
gboolean              plz_listing_model_load_more  (PlzListingModel *self);

/* After an error: asks again for what failed (the first or the next page). */
void                  plz_listing_model_retry      (PlzListingModel *self);

PlzListingModelState  plz_listing_model_get_state  (PlzListingModel *self);

/* Whether a request is on its way. */
gboolean              plz_listing_model_get_loading (PlzListingModel *self);

/* Whether the server has more pages. */
gboolean              plz_listing_model_get_has_more (PlzListingModel *self);

/* Why the last request failed, for people, or NULL. */
const char           *plz_listing_model_get_error_message (PlzListingModel *self);

/* The query shown (NULL for the saved listings or before any search). */
const PlzSearchQuery *plz_listing_model_get_query  (PlzListingModel *self);

/* Whether the saved listings are shown. */
gboolean              plz_listing_model_get_favorites_only (PlzListingModel *self);

/* How many listings a page asks for (default 24, at most 100). */
void                  plz_listing_model_set_page_size (PlzListingModel *self,
                                                       guint            page_size);

/* The item of listing @id, or NULL. */
PlzListingItem       *plz_listing_model_lookup     (PlzListingModel *self,
                                                    const char      *id);

G_END_DECLS
