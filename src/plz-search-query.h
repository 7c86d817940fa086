/* plz-search-query.h — what a person searches for: text, filters and order,
 * turned into the query of GET /api/v1/listings */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  char       *text;         /* NULL: no text */
  gint64      category_id;  /* 0: every category */
  gint64      min_price;    /* minor units; -1: no bound */
  gint64      max_price;
  char       *place;        /* the place's name; NULL: anywhere */
  double      lat;
  double      lng;
  double      radius_km;
  char       *sort;         /* relevance, newest, price_asc, ...; NULL: the server's default */
  GHashTable *attributes;   /* "KEY", "KEY.min" or "KEY.max" → the value as text */
} PlzSearchQuery;

/* A query for everything, in the server's default order. */
PlzSearchQuery *plz_search_query_new           (void);

PlzSearchQuery *plz_search_query_copy          (const PlzSearchQuery *query);

void            plz_search_query_free          (PlzSearchQuery       *query);

/* Sets (or with @value NULL, removes) the filter on attribute @name, which is
 * "KEY" for equality or "KEY.min" / "KEY.max" for a bound. */
void            plz_search_query_set_attribute (PlzSearchQuery       *query,
                                                const char           *name,
                                                const char           *value);

/* Searches around @name at @lat, @lng within @radius_km; @name NULL: anywhere. */
void            plz_search_query_set_place     (PlzSearchQuery       *query,
                                                const char           *name,
                                                double                lat,
                                                double                lng,
                                                double                radius_km);

/* Drops every filter (category, price, place, attributes); keeps text and order. */
void            plz_search_query_clear_filters (PlzSearchQuery       *query);

/* How many filters are on: the category, the price range, the place and each
 * attribute bound count one each. Text and order are not filters. */
guint           plz_search_query_count_filters (const PlzSearchQuery *query);

/* The URL query (without "?") for one page of @limit after @cursor (may be
 * NULL). Leaves out what the server would refuse: attribute filters without
 * a category, distance order without a place, relevance without text. */
char           *plz_search_query_to_string     (const PlzSearchQuery *query,
                                                const char           *cursor,
                                                guint                 limit);

/* Whether the two ask the server the same thing. */
gboolean        plz_search_query_equal         (const PlzSearchQuery *a,
                                                const PlzSearchQuery *b);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PlzSearchQuery, plz_search_query_free)

G_END_DECLS
