/* plz-listing.h — a listing and its photos as the server holds them */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef struct
{
  char   *id;
  char   *hash;
  char   *mime;
  gint64  width;
  gint64  height;
  gint64  position;
} PlzPhoto;

typedef struct
{
  char      *id;
  char      *operator_id;
  gint64     category_id;
  char      *category_slug;
  char      *title;
  char      *slug;
  char      *description;
  gint64     price_minor;
  char      *currency;
  char      *pricing_type;
  char      *attributes;      /* JSON object text */
  double     lat;
  double     lng;
  char      *city;
  char      *country;
  char      *status;
  char      *visibility;
  gint64     featured_until;
  gint64     view_count;
  gint64     favorite_count;
  gint64     inquiry_count;
  gint64     response_time_s; /* -1 when unknown */
  double     rating_avg;      /* < 0 when unrated */
  gint64     rating_count;
  gint64     created_at;
  gint64     updated_at;
  gint64     published_at;
  double     distance_km;     /* set by searches from a point; < 0 otherwise */
  char      *cover_photo_id;  /* the first photo, for cards; NULL when none */
  GPtrArray *photos;          /* PlzPhoto, by position */
} PlzListing;

/* Frees @photo. */
void        plz_photo_free            (PlzPhoto         *photo);
/* Frees @listing. */
void        plz_listing_free          (PlzListing       *listing);

/* The listing as JSON: money as {amount_minor, currency}, times in RFC 3339,
 * photo and thumbnail URLs. */
JsonObject *plz_listing_to_json       (const PlzListing *listing);

/* The statuses a listing may move to from @from ("draft" → "active" ...). */
gboolean    plz_listing_can_move      (const char       *from,
                                       const char       *to);

/* TRUE for a known status, pricing type, or visibility name. */
gboolean    plz_listing_is_status       (const char *text);
gboolean    plz_listing_is_pricing_type (const char *text);
gboolean    plz_listing_is_visibility   (const char *text);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PlzPhoto, plz_photo_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PlzListing, plz_listing_free)

G_END_DECLS
