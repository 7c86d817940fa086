/* plz-catalogue.h — listings, photos, favorites and search: the rules */
#pragma once

#include "plz-config.h"
#include "plz-catalogue-store.h"
#include "accounts/plz-user.h"

G_BEGIN_DECLS

#define PLZ_LISTING_TITLE_MAX        120
#define PLZ_LISTING_DESCRIPTION_MAX  5000
#define PLZ_LISTING_MAX_PHOTOS       12
#define PLZ_PRICE_MAX_MINOR          G_GINT64_CONSTANT (100000000000)

typedef struct _PlzCatalogue PlzCatalogue;
struct _PlzModeration;

/* A page of search results and the cursor of the next page (NULL at the end). */
typedef struct
{
  GPtrArray *listings;  /* PlzListing */
  char      *next_cursor;
} PlzSearchPage;

/* Frees @page. */
void           plz_search_page_free          (PlzSearchPage *page);

/* The catalogue over @store, keeping photos under @config's data directory. */
PlzCatalogue  *plz_catalogue_new             (PlzStore        *store,
                                              const PlzConfig *config,
                                              GError         **error);
/* Frees @self. */
void           plz_catalogue_free            (PlzCatalogue    *self);

/* The store. */
PlzStore      *plz_catalogue_get_store       (PlzCatalogue    *self);
/* Where photos live. */
const char    *plz_catalogue_get_media_dir   (PlzCatalogue    *self);

/* Checks titles and descriptions for contact details with @moderation (not
 * owned) from now on. */
void           plz_catalogue_set_moderation  (PlzCatalogue    *self,
                                              struct _PlzModeration *moderation);

/* Creates a draft listing for @operator from @body (category_id, title,
 * description, price {amount_minor, currency}, pricing_type, attributes,
 * location {lat, lng, city, country}, visibility). */
PlzListing    *plz_catalogue_create          (PlzCatalogue    *self,
                                              const PlzUser   *operator,
                                              JsonObject      *body,
                                              GError         **error);

/* Changes the members of @body on @operator's listing @id. */
PlzListing    *plz_catalogue_update          (PlzCatalogue    *self,
                                              const PlzUser   *operator,
                                              const char      *id,
                                              JsonObject      *body,
                                              GError         **error);

/* Moves @operator's listing @id to @status, if the lifecycle allows it. */
PlzListing    *plz_catalogue_set_status      (PlzCatalogue    *self,
                                              const PlzUser   *operator,
                                              const char      *id,
                                              const char      *status,
                                              GError         **error);

/* Deletes @operator's listing @id and every photo file nothing else uses. */
gboolean       plz_catalogue_delete          (PlzCatalogue    *self,
                                              const PlzUser   *operator,
                                              const char      *id,
                                              GError         **error);

/* The listing @id as @viewer (NULL: anonymous) may see it; counts a view
 * when the viewer is not its operator. */
PlzListing    *plz_catalogue_get             (PlzCatalogue    *self,
                                              const PlzUser   *viewer,
                                              const char      *id,
                                              GError         **error);

/* Listing @id whatever its status, counting no view: for other domains
 * (messaging's context card) that have checked who may see what. */
PlzListing    *plz_catalogue_peek            (PlzCatalogue    *self,
                                              const char      *id,
                                              GError         **error);

/* Counts one inquiry on listing @id; call inside the transaction that
 * records the inquiry. */
gboolean       plz_catalogue_count_inquiry   (PlzCatalogue    *self,
                                              const char      *id,
                                              GError         **error);

/* Sets the typical response time shown on every listing of @operator_id. */
gboolean       plz_catalogue_set_response_time (PlzCatalogue  *self,
                                              const char      *operator_id,
                                              gint64           seconds,
                                              GError         **error);

/* @operator's own listings in every status. */
GPtrArray     *plz_catalogue_mine            (PlzCatalogue    *self,
                                              const PlzUser   *operator,
                                              GError         **error);

/* Adds a photo (checked by content) to @operator's listing @id. */
PlzListing    *plz_catalogue_add_photo       (PlzCatalogue    *self,
                                              const PlzUser   *operator,
                                              const char      *id,
                                              GBytes          *data,
                                              GError         **error);

/* Removes photo @photo_id from @operator's listing @id. */
PlzListing    *plz_catalogue_remove_photo    (PlzCatalogue    *self,
                                              const PlzUser   *operator,
                                              const char      *id,
                                              const char      *photo_id,
                                              GError         **error);

/* The photo @id of a listing @viewer may see, and its file path. */
PlzPhoto      *plz_catalogue_photo           (PlzCatalogue    *self,
                                              const char      *id,
                                              gboolean         thumbnail,
                                              char           **path,
                                              GError         **error);

/* Marks or unmarks @listing_id as @user's favorite; idempotent. */
PlzListing    *plz_catalogue_set_favorite    (PlzCatalogue    *self,
                                              const PlzUser   *user,
                                              const char      *listing_id,
                                              gboolean         favorite,
                                              GError         **error);

/* @user's favorites. */
GPtrArray     *plz_catalogue_favorites       (PlzCatalogue    *self,
                                              const PlzUser   *user,
                                              GError         **error);

/* One page of @search. */
PlzSearchPage *plz_catalogue_search          (PlzCatalogue    *self,
                                              const PlzSearch *search,
                                              GError         **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PlzSearchPage, plz_search_page_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PlzCatalogue, plz_catalogue_free)

G_END_DECLS
