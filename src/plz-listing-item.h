/* plz-listing-item.h — one listing as the app shows it, read from the server's JSON */
#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define PLZ_TYPE_LISTING_ITEM (plz_listing_item_get_type ())
G_DECLARE_FINAL_TYPE (PlzListingItem, plz_listing_item, PLZ, LISTING_ITEM, GObject)

/* An item for @listing (a copy is kept); NULL when it has no string "id". */
PlzListingItem *plz_listing_item_new             (JsonObject     *listing);

/* Replaces the data with a newer copy of the same listing (the detail answer). */
void            plz_listing_item_update          (PlzListingItem *self,
                                                  JsonObject     *listing);

/* The listing as the server sent it. */
JsonObject     *plz_listing_item_get_json        (PlzListingItem *self);

const char     *plz_listing_item_get_id          (PlzListingItem *self);
const char     *plz_listing_item_get_title       (PlzListingItem *self);
const char     *plz_listing_item_get_description (PlzListingItem *self);
gint64          plz_listing_item_get_category_id (PlzListingItem *self);

/* The cover photo's thumbnail path, or NULL. */
const char     *plz_listing_item_get_thumbnail_url (PlzListingItem *self);

/* "R350 / hour" for the person's eyes (a new string). */
char           *plz_listing_item_format_price    (PlzListingItem *self);

/* "Johannesburg · 3.2 km away", or the city alone, or NULL (a new string). */
char           *plz_listing_item_format_place    (PlzListingItem *self);

/* "★ 4.6 (12)", or NULL when nobody rated it (a new string). */
char           *plz_listing_item_format_rating   (PlzListingItem *self);

/* The distance from the searched place in km, or < 0 when unknown. */
double          plz_listing_item_get_distance_km (PlzListingItem *self);

/* Whether the signed-in person saved it. */
gboolean        plz_listing_item_get_favorite    (PlzListingItem *self);
void            plz_listing_item_set_favorite    (PlzListingItem *self,
                                                  gboolean        favorite);

/* Lenient readers for the server's JSON: NULL, or @fallback, when the member
 * is missing, null or of another type (numbers may be integers or doubles). */
const char     *plz_listing_json_string          (JsonObject     *object,
                                                  const char     *member);
double          plz_listing_json_number          (JsonObject     *object,
                                                  const char     *member,
                                                  double          fallback);
JsonObject     *plz_listing_json_object          (JsonObject     *object,
                                                  const char     *member);

G_END_DECLS
