/* plz-catalogue-search.c — the search query: built from fixed fragments, every
 * value bound, so the statement cache holds one plan per shape of search */
#define G_LOG_DOMAIN "plaza-catalogue"

#include "plz-catalogue-store.h"
#include "plz-catalogue-private.h"
#include "plz-error.h"

#include <math.h>

/* Same columns as plz-catalogue-store.c reads with read_listing(). */
#define SEARCH_COLUMNS \
  "l.id, l.operator_id, l.category_id, c.slug, l.title, l.slug AS lslug, l.description, l.price_minor, " \
  "l.currency, l.pricing_type, l.attributes, l.lat, l.lng, l.city, l.country, l.status, " \
  "l.visibility, l.featured_until, l.view_count, l.favorite_count, l.inquiry_count, " \
  "l.response_time_s, l.rating_avg, l.rating_count, l.created_at, l.updated_at, l.published_at, " \
  "(SELECT p.id FROM listing_photos p WHERE p.listing_id = l.id ORDER BY p.position LIMIT 1)"
#define N_COLUMNS 28

typedef enum { BIND_INT, BIND_DOUBLE, BIND_TEXT } BindType;

typedef struct
{
  BindType    type;
  gint64      i;
  double      d;
  const char *t;
} Bind;

typedef struct
{
  GString *sql;
  GArray  *binds;
} Builder;

static void
add_int (Builder *b, gint64 v)
{
  Bind x = { BIND_INT, v, 0, NULL };
  g_array_append_val (b->binds, x);
  g_string_append_printf (b->sql, "?%u", b->binds->len);
}

static void
add_double (Builder *b, double v)
{
  Bind x = { BIND_DOUBLE, 0, v, NULL };
  g_array_append_val (b->binds, x);
  g_string_append_printf (b->sql, "?%u", b->binds->len);
}

static void
add_text (Builder *b, const char *v)
{
  Bind x = { BIND_TEXT, 0, 0, v };
  g_array_append_val (b->binds, x);
  g_string_append_printf (b->sql, "?%u", b->binds->len);
}

/* Binds a JSON scalar as SQLite would store it in json_extract(). */
static void
add_json_value (Builder  *b,
                JsonNode *v)
{
  GType t = json_node_get_value_type (v);

  if (t == G_TYPE_BOOLEAN)
    add_int (b, json_node_get_boolean (v) ? 1 : 0);
  else if (t == G_TYPE_INT64)
    add_int (b, json_node_get_int (v));
  else if (t == G_TYPE_DOUBLE)
    add_double (b, json_node_get_double (v));
  else
    add_text (b, json_node_get_string (v));
}

static const char *
sort_expr (PlzSort sort,
           gboolean has_query)
{
  switch (sort)
    {
    case PLZ_SORT_RELEVANCE:
      /* Title counts most, then category, attributes, description. */
      return has_query ? "bm25(listings_fts, 10.0, 1.0, 4.0, 2.0)" : "l.created_at";
    case PLZ_SORT_PRICE_ASC:
    case PLZ_SORT_PRICE_DESC:
      return "l.price_minor";
    case PLZ_SORT_DISTANCE:
      return "0";  /* the outer query sorts by dist itself */
    case PLZ_SORT_RATING:
      return "COALESCE(l.rating_avg, -1)";
    case PLZ_SORT_NEWEST:
    default:
      return "l.created_at";
    }
}

static gboolean
descending (PlzSort  sort,
            gboolean has_query)
{
  return sort == PLZ_SORT_NEWEST || sort == PLZ_SORT_PRICE_DESC || sort == PLZ_SORT_RATING ||
         (sort == PLZ_SORT_RELEVANCE && !has_query);
}

static void
build (Builder         *b,
       const PlzSearch *s)
{
  gboolean fts = s->query != NULL;
  gboolean desc = descending (s->sort, fts);
  const char *dir = desc ? "DESC" : "ASC";
  const char *key = s->sort == PLZ_SORT_DISTANCE ? "dist" : "sk";

  if (s->category_id > 0)
    {
      g_string_append (b->sql, "WITH RECURSIVE sub(id) AS (SELECT ");
      add_int (b, s->category_id);
      g_string_append (b->sql, " UNION ALL SELECT c2.id FROM categories c2 JOIN sub ON c2.parent_id = sub.id) ");
    }

  g_string_append (b->sql, "SELECT * FROM (SELECT " SEARCH_COLUMNS ", ");
  if (s->near)
    {
      g_string_append (b->sql, "plz_distance_km(");
      add_double (b, s->lat);
      g_string_append (b->sql, ", ");
      add_double (b, s->lng);
      g_string_append (b->sql, ", l.lat, l.lng) AS dist, ");
    }
  else
    g_string_append (b->sql, "-1.0 AS dist, ");
  g_string_append_printf (b->sql, "%s AS sk FROM listings l JOIN categories c ON c.id = l.category_id ",
                          sort_expr (s->sort, fts));
  if (fts)
    g_string_append (b->sql, "JOIN listings_fts ON listings_fts.rowid = l.num ");
  g_string_append (b->sql, "WHERE l.status = 'active' AND l.visibility = 'public'");

  if (fts)
    {
      g_string_append (b->sql, " AND listings_fts MATCH ");
      add_text (b, s->query);
    }
  if (s->category_id > 0)
    g_string_append (b->sql, " AND l.category_id IN (SELECT id FROM sub)");
  if (s->min_price >= 0)
    {
      g_string_append (b->sql, " AND l.price_minor >= ");
      add_int (b, s->min_price);
    }
  if (s->max_price >= 0)
    {
      g_string_append (b->sql, " AND l.price_minor <= ");
      add_int (b, s->max_price);
    }
  if (s->operator_id != NULL)
    {
      g_string_append (b->sql, " AND l.operator_id = ");
      add_text (b, s->operator_id);
    }
  if (s->near)
    {
      /* The bounding box lets the (status, lat) index do the first cut. */
      double dlat = s->radius_km / 111.2;
      double dlng = s->radius_km / (111.2 * MAX (cos (s->lat * G_PI / 180), 0.01));

      g_string_append (b->sql, " AND l.lat BETWEEN ");
      add_double (b, s->lat - dlat);
      g_string_append (b->sql, " AND ");
      add_double (b, s->lat + dlat);
      g_string_append (b->sql, " AND l.lng BETWEEN ");
      add_double (b, s->lng - dlng);
      g_string_append (b->sql, " AND ");
      add_double (b, s->lng + dlng);
    }
  for (guint i = 0; i < s->attr_filters->len; i++)
    {
      PlzAttrFilter *f = s->attr_filters->pdata[i];
      g_autofree char *path = g_strdup_printf ("$.\"%s\"", f->key);
      static const char *ops[] = { " = ", " >= ", " <= " };

      g_string_append (b->sql, " AND json_extract(l.attributes, ");
      add_text (b, g_intern_string (path));
      g_string_append (b->sql, ")");
      g_string_append (b->sql, ops[f->op]);
      add_json_value (b, f->value);
    }
  g_string_append (b->sql, ")");

  g_string_append (b->sql, " WHERE 1");
  if (s->near)
    {
      g_string_append (b->sql, " AND dist <= ");
      add_double (b, s->radius_km);
    }
  if (s->has_after)
    {
      g_string_append_printf (b->sql, " AND (%s, id) %s (", key, desc ? "<" : ">");
      add_json_value (b, s->after_value);
      g_string_append (b->sql, ", ");
      add_text (b, s->after_id);
      g_string_append (b->sql, ")");
    }
  g_string_append_printf (b->sql, " ORDER BY %s %s, id %s LIMIT ", key, dir, dir);
  add_int (b, s->limit + 1);
}

GPtrArray *
plz_catalogue_store_search (PlzStore         *store,
                            const PlzSearch  *search,
                            GPtrArray       **sort_values,
                            GError          **error)
{
  Builder b = { g_string_new (NULL), g_array_new (FALSE, FALSE, sizeof (Bind)) };
  g_autoptr(GPtrArray) results = g_ptr_array_new_with_free_func ((GDestroyNotify) plz_listing_free);
  g_autoptr(GPtrArray) values = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);
  sqlite3_stmt *stmt;
  int rc;

  build (&b, search);
  stmt = plz_store_prepare (store, b.sql->str, error);
  g_string_free (b.sql, TRUE);
  if (stmt == NULL)
    {
      g_array_unref (b.binds);
      return NULL;
    }
  for (guint i = 0; i < b.binds->len; i++)
    {
      Bind *x = &g_array_index (b.binds, Bind, i);

      if (x->type == BIND_INT)
        sqlite3_bind_int64 (stmt, (int) i + 1, x->i);
      else if (x->type == BIND_DOUBLE)
        sqlite3_bind_double (stmt, (int) i + 1, x->d);
      else
        sqlite3_bind_text (stmt, (int) i + 1, x->t, -1, SQLITE_TRANSIENT);
    }
  g_array_unref (b.binds);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      PlzListing *l = _plz_catalogue_read_listing (stmt);
      JsonNode *v = json_node_alloc ();

      if (search->near)
        l->distance_km = sqlite3_column_double (stmt, N_COLUMNS);
      {
        int col = search->sort == PLZ_SORT_DISTANCE ? N_COLUMNS : N_COLUMNS + 1;

        if (sqlite3_column_type (stmt, col) == SQLITE_INTEGER)
          json_node_init_int (v, sqlite3_column_int64 (stmt, col));
        else
          json_node_init_double (v, sqlite3_column_double (stmt, col));
      }
      g_ptr_array_add (results, l);
      g_ptr_array_add (values, v);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      plz_store_set_error (store, "Search failed", error);
      return NULL;
    }
  if (sort_values != NULL)
    *sort_values = g_steal_pointer (&values);
  return g_steal_pointer (&results);
}
