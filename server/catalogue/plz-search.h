/* plz-search.h — what a catalogue search asks for, and its opaque cursor */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define PLZ_SEARCH_MAX_LIMIT        50
#define PLZ_SEARCH_MAX_ATTR_FILTERS 6

typedef enum
{
  PLZ_SORT_RELEVANCE,
  PLZ_SORT_NEWEST,
  PLZ_SORT_PRICE_ASC,
  PLZ_SORT_PRICE_DESC,
  PLZ_SORT_DISTANCE,
  PLZ_SORT_RATING,
} PlzSort;

typedef enum
{
  PLZ_ATTR_EQ,
  PLZ_ATTR_MIN,
  PLZ_ATTR_MAX,
} PlzAttrOp;

typedef struct
{
  char      *key;
  PlzAttrOp  op;
  JsonNode  *value;  /* typed by the schema: boolean, integer, number or string */
} PlzAttrFilter;

typedef struct
{
  char      *query;          /* FTS5 query built from the user's words, or NULL */
  gint64     category_id;    /* 0: any; else this category and its descendants */
  gint64     min_price;      /* -1: no bound */
  gint64     max_price;
  gboolean   near;           /* lat/lng/radius_km given */
  double     lat;
  double     lng;
  double     radius_km;
  char      *operator_id;
  GPtrArray *attr_filters;   /* PlzAttrFilter */
  PlzSort    sort;
  guint      limit;
  /* The position after which to continue (from the cursor). */
  gboolean   has_after;
  JsonNode  *after_value;
  char      *after_id;
} PlzSearch;

/* A search with no filters, newest first, 20 a page. */
PlzSearch  *plz_search_new            (void);
/* Frees @search. */
void        plz_search_free           (PlzSearch   *search);

/* Turns what a person typed into a safe FTS5 query: each word becomes a
 * quoted prefix term, operators and punctuation are dropped. NULL when
 * nothing searchable is left. */
char       *plz_search_fts_query      (const char  *text);

/* Parses a sort name ("relevance", "newest", "price_asc", "price_desc",
 * "distance", "rating"). */
gboolean    plz_search_parse_sort     (const char  *text,
                                       PlzSort     *sort);

/* Encodes the position after @sort_value/@id for @sort as an opaque cursor. */
char       *plz_search_encode_cursor  (PlzSort      sort,
                                       JsonNode    *sort_value,
                                       const char  *id);

/* Decodes @cursor into @search (which must already have its sort); fails
 * with PLZ_ERROR_INVALID_INPUT ("cursor") when it is not ours or for
 * another sort. */
gboolean    plz_search_decode_cursor  (PlzSearch   *search,
                                       const char  *cursor,
                                       GError     **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PlzSearch, plz_search_free)

G_END_DECLS
