/* plz-catalogue-store.h — the SQL of categories, listings, photos, favorites and search */
#pragma once

#include "store/plz-store.h"
#include "plz-listing.h"
#include "plz-search.h"

G_BEGIN_DECLS

/* Registers plz_distance_km(lat1, lng1, lat2, lng2) on the connection. */
gboolean    plz_catalogue_store_setup          (PlzStore *store, GError **error);

/* Registers plz_rank(), the FTS5 ranking search orders by (plz-catalogue-rank.c). */
gboolean    plz_catalogue_store_register_rank  (PlzStore *store, GError **error);

/* Every category as JSON objects (id, slug, name, parent_id, icon, schema), in tree order. */
JsonArray  *plz_catalogue_store_categories     (PlzStore *store, GError **error);
/* The schema (JSON text) of category @id; NULL with NOT_FOUND when there is none. */
char       *plz_catalogue_store_category_schema (PlzStore *store, gint64 id, GError **error);

/* Inserts @listing (without photos). */
gboolean    plz_catalogue_store_insert_listing (PlzStore *store, const PlzListing *listing, GError **error);
/* Writes the editable columns, status, times and counters of @listing. */
gboolean    plz_catalogue_store_update_listing (PlzStore *store, const PlzListing *listing, GError **error);
/* The listing with @id and its photos, or NULL with NOT_FOUND. */
PlzListing *plz_catalogue_store_get_listing    (PlzStore *store, const char *id, GError **error);
/* Deletes listing @id (its photos and favorites go with it). */
gboolean    plz_catalogue_store_delete_listing (PlzStore *store, const char *id, GError **error);
/* The listings of @operator_id, newest first. */
GPtrArray  *plz_catalogue_store_by_operator    (PlzStore *store, const char *operator_id, GError **error);
/* Adds one inquiry to listing @id. */
gboolean    plz_catalogue_store_count_inquiry  (PlzStore *store, const char *id, GError **error);
/* Sets response_time_s on every listing of @operator_id. */
gboolean    plz_catalogue_store_set_response_time (PlzStore *store, const char *operator_id, gint64 seconds,
                                                   GError **error);
/* The rating of @operator_id over all their listings (each listing's average
 * weighted by its number of ratings): *@average < 0 and *@count 0 when unrated. */
gboolean    plz_catalogue_store_operator_rating (PlzStore *store, const char *operator_id, double *average,
                                                 gint64 *count, GError **error);
/* Adds one view to listing @id. */
gboolean    plz_catalogue_store_count_view     (PlzStore *store, const char *id, GError **error);

/* Inserts @photo for @listing_id at the end of its photos. */
gboolean    plz_catalogue_store_insert_photo   (PlzStore *store, const char *listing_id, PlzPhoto *photo,
                                                GError **error);
/* The photo @id and the listing it belongs to, or NULL with NOT_FOUND. */
PlzPhoto   *plz_catalogue_store_get_photo      (PlzStore *store, const char *id, char **listing_id,
                                                GError **error);
/* Deletes photo @id. */
gboolean    plz_catalogue_store_delete_photo   (PlzStore *store, const char *id, GError **error);
/* How many photo rows use the file @hash. */
gint64      plz_catalogue_store_hash_refs      (PlzStore *store, const char *hash, GError **error);

/* Marks @listing_id a favorite of @user_id; *@added is FALSE when it was already. */
gboolean    plz_catalogue_store_add_favorite   (PlzStore *store, const char *user_id, const char *listing_id,
                                                gboolean *added, GError **error);
/* Removes the favorite; *@removed is FALSE when there was none. */
gboolean    plz_catalogue_store_remove_favorite (PlzStore *store, const char *user_id, const char *listing_id,
                                                 gboolean *removed, GError **error);
/* Moves the favorite counter of @listing_id by @delta. */
gboolean    plz_catalogue_store_bump_favorites (PlzStore *store, const char *listing_id, int delta,
                                                GError **error);
/* The active listings @user_id marked, most recent first. */
GPtrArray  *plz_catalogue_store_favorites      (PlzStore *store, const char *user_id, GError **error);
/* Whether @user_id marked @listing_id. */
gboolean    plz_catalogue_store_is_favorite    (PlzStore *store, const char *user_id, const char *listing_id);

/* Runs @search over active public listings; returns up to limit + 1 rows (the
 * extra one tells there is a next page) and each row's sort value. */
GPtrArray  *plz_catalogue_store_search         (PlzStore *store, const PlzSearch *search,
                                                GPtrArray **sort_values, GError **error);

G_END_DECLS
