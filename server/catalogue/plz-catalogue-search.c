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
#define N_SEARCH_COLUMNS 28

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
      /* plz_rank's value; newest first when there is no text to rank by. */
      return has_query ? "f.rank" : "l.created_at";
    case PLZ_SORT_PRICE_ASC:
    case PLZ_SORT_PRICE_DESC:
      return "l.price_minor";
    case PLZ_SORT_DISTANCE:
      return NULL;  /* the distance expression itself */
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
add_distance (Builder         *b,
              const PlzSearch *s)
{
  g_string_append (b->sql, "plz_distance_km(");
  add_double (b, s->lat);
  g_string_append (b->sql, ", ");
  add_double (b, s->lng);
  g_string_append (b->sql, ", l.lat, l.lng)");
}

static void
add_sort_key (Builder         *b,
              const PlzSearch *s)
{
  const char *expr = sort_expr (s->sort, s->query != NULL);

  if (expr != NULL)
    g_string_append (b->sql, expr);
  else
    add_distance (b, s);
}

/* The bounding box of the search circle, in degrees. */
static void
box_of (const PlzSearch *s,
        double          *dlat,
        double          *dlng)
{
  *dlat = s->radius_km / 111.2;
  *dlng = s->radius_km / (111.2 * MAX (cos (s->lat * G_PI / 180), 0.01));
}

/* The listings inside the box, from the R*Tree. */
static void
add_box_query (Builder         *b,
               const PlzSearch *s)
{
  double dlat, dlng;

  box_of (s, &dlat, &dlng);
  g_string_append (b->sql, "(SELECT num FROM listings_geo WHERE max_lat >= ");
  add_double (b, s->lat - dlat);
  g_string_append (b->sql, " AND min_lat <= ");
  add_double (b, s->lat + dlat);
  g_string_append (b->sql, " AND max_lng >= ");
  add_double (b, s->lng - dlng);
  g_string_append (b->sql, " AND min_lng <= ");
  add_double (b, s->lng + dlng);
  g_string_append (b->sql, ")");
}

static void
add_box_check (Builder         *b,
               const PlzSearch *s)
{
  double dlat, dlng;

  box_of (s, &dlat, &dlng);
  g_string_append (b->sql, " AND l.lat BETWEEN ");
  add_double (b, s->lat - dlat);
  g_string_append (b->sql, " AND ");
  add_double (b, s->lat + dlat);
  g_string_append (b->sql, " AND l.lng BETWEEN ");
  add_double (b, s->lng - dlng);
  g_string_append (b->sql, " AND ");
  add_double (b, s->lng + dlng);
}

/* How a search reads its first phase. */
typedef enum
{
  /* Text by relevance: the best matches by plz_rank straight from the FTS5
   * index (which holds only searchable listings) with a top-N sort. */
  READ_PROBE,
  /* The same, only among the listings that pass the filters. */
  READ_PROBE_FILTERED,
  /* Which of a list of candidates (a JSON array of numbers) pass the filters. */
  READ_CHECK,
  /* The numbers of every listing that passes the filters (a subquery). */
  READ_FILTER,
  /* Anything else, in sort order: through the R*Tree for a place, else the
   * (status, visibility, key) indexes. */
  READ_SORTED,
} ReadMode;

static gboolean
has_filters (const PlzSearch *s)
{
  return s->category_id > 0 || s->min_price >= 0 || s->max_price >= 0 || s->operator_id != NULL ||
         s->near || s->attr_filters->len > 0;
}

static void build (Builder *b, const PlzSearch *s, ReadMode mode, const char *candidates, gboolean fts_first);

static void
build_probe (Builder         *b,
             const PlzSearch *s,
             ReadMode         mode,
             gint64           limit)
{
  /* Column weights: title counts most, then category, attributes, description. */
  g_string_append (b->sql, "SELECT f.rowid, plz_rank(listings_fts, 10.0, 1.0, 4.0, 2.0) AS sk "
                           "FROM listings_fts f WHERE listings_fts MATCH ");
  add_text (b, s->query);
  /* The unary plus keeps SQLite from handing the list to FTS5, which would
   * look each number up; as a filter it costs one set probe a row. */
  if (mode == READ_PROBE_FILTERED)
    {
      g_string_append (b->sql, " AND +f.rowid IN (");
      build (b, s, READ_FILTER, NULL, FALSE);
      g_string_append (b->sql, ")");
    }
  else if (s->near)
    {
      g_string_append (b->sql, " AND +f.rowid IN ");
      add_box_query (b, s);
    }
  if (s->has_after)
    {
      /* plz_rank values are unique: the value alone marks the place. */
      g_string_append (b->sql, " AND sk > ");
      add_json_value (b, s->after_value);
    }
  g_string_append (b->sql, " ORDER BY sk LIMIT ");
  add_int (b, limit);
}

/* @fts_first: for text in another order, whether the few text matches drive
 * the query (then sorted) or the sort index does (each row then checked
 * against the set of matches). */
static void
build (Builder         *b,
       const PlzSearch *s,
       ReadMode         mode,
       const char      *candidates,
       gboolean         fts_first)
{
  gboolean desc = descending (s->sort, s->query != NULL);
  const char *dir = desc ? "DESC" : "ASC";

  if (s->category_id > 0)
    {
      g_string_append (b->sql, "WITH RECURSIVE sub(id) AS (SELECT ");
      add_int (b, s->category_id);
      g_string_append (b->sql, " UNION ALL SELECT c2.id FROM categories c2 JOIN sub ON c2.parent_id = sub.id) ");
    }

  g_string_append (b->sql, "SELECT l.num");
  if (mode == READ_SORTED)
    {
      g_string_append (b->sql, ", ");
      add_sort_key (b, s);
    }
  g_string_append (b->sql, " FROM listings l WHERE l.status = 'active' AND l.visibility = 'public'");

  if (mode == READ_CHECK)
    {
      g_string_append (b->sql, " AND l.num IN (SELECT value FROM json_each(");
      add_text (b, candidates);
      g_string_append (b->sql, "))");
    }
  else if (mode == READ_SORTED && s->query != NULL)
    {
      g_string_append (b->sql, fts_first ? " AND l.num IN " : " AND +l.num IN ");
      g_string_append (b->sql, "(SELECT rowid FROM listings_fts WHERE listings_fts MATCH ");
      add_text (b, s->query);
      g_string_append (b->sql, ")");
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
      /* When the rows are already known the box is a cheap check per row;
       * otherwise the R*Tree finds the candidates. */
      if (mode == READ_CHECK)
        add_box_check (b, s);
      else
        {
          g_string_append (b->sql, " AND l.num IN ");
          add_box_query (b, s);
        }
      g_string_append (b->sql, " AND ");
      add_distance (b, s);
      g_string_append (b->sql, " <= ");
      add_double (b, s->radius_km);
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
  if (mode != READ_SORTED)
    return;

  if (s->has_after)
    {
      g_string_append (b->sql, " AND (");
      add_sort_key (b, s);
      g_string_append_printf (b->sql, ", l.id) %s (", desc ? "<" : ">");
      add_json_value (b, s->after_value);
      g_string_append (b->sql, ", ");
      add_text (b, s->after_id);
      g_string_append (b->sql, ")");
    }
  g_string_append (b->sql, " ORDER BY ");
  add_sort_key (b, s);
  g_string_append_printf (b->sql, " %s, l.id %s LIMIT ", dir, dir);
  add_int (b, s->limit + 1);
}

static gboolean
bind_all (sqlite3_stmt *stmt,
          GArray       *binds)
{
  for (guint i = 0; i < binds->len; i++)
    {
      Bind *x = &g_array_index (binds, Bind, i);
      int rc;

      if (x->type == BIND_INT)
        rc = sqlite3_bind_int64 (stmt, (int) i + 1, x->i);
      else if (x->type == BIND_DOUBLE)
        rc = sqlite3_bind_double (stmt, (int) i + 1, x->d);
      else
        rc = sqlite3_bind_text (stmt, (int) i + 1, x->t, -1, SQLITE_TRANSIENT);
      if (rc != SQLITE_OK)
        return FALSE;
    }
  return TRUE;
}

typedef struct
{
  gint64    num;
  JsonNode *value;   /* the sort key, for the cursor; NULL from READ_CHECK */
} Hit;

static void
hit_clear (Hit *hit)
{
  g_clear_pointer (&hit->value, json_node_unref);
}

/* Runs one first-phase read, appending its rows to @hits. */
static gboolean
read_hits (PlzStore        *store,
           const PlzSearch *search,
           ReadMode         mode,
           gint64           limit,
           const char      *candidates,
           gboolean         fts_first,
           GArray          *hits,
           GError         **error)
{
  Builder b = { g_string_new (NULL), g_array_new (FALSE, FALSE, sizeof (Bind)) };
  sqlite3_stmt *stmt;
  gboolean bound;
  int rc;

  if (mode == READ_PROBE || mode == READ_PROBE_FILTERED)
    build_probe (&b, search, mode, limit);
  else
    build (&b, search, mode, candidates, fts_first);
  stmt = plz_store_prepare (store, b.sql->str, error);
  g_string_free (b.sql, TRUE);
  bound = stmt != NULL && bind_all (stmt, b.binds);
  g_array_unref (b.binds);
  if (stmt == NULL)
    return FALSE;
  if (!bound)
    {
      sqlite3_reset (stmt);
      return plz_store_set_error (store, "Search failed", error);
    }

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      Hit hit = { sqlite3_column_int64 (stmt, 0), NULL };

      if (mode != READ_CHECK)
        {
          hit.value = json_node_alloc ();
          if (sqlite3_column_type (stmt, 1) == SQLITE_INTEGER)
            json_node_init_int (hit.value, sqlite3_column_int64 (stmt, 1));
          else
            json_node_init_double (hit.value, sqlite3_column_double (stmt, 1));
        }
      g_array_append_val (hits, hit);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return plz_store_set_error (store, "Search failed", error);
  return TRUE;
}

/* Ranked text with filters. First the best PROBE matches by relevance and
 * which of those pass the filters: when a page's worth pass (or the probe saw
 * every match) they are exactly the page, since every match outside the probe
 * ranks below all of them. That serves filters that most matches pass. When
 * few pass, the filters are narrow, so the set of listings passing them is
 * small: rank only the matches inside it. */
#define PROBE 256

static gboolean
read_ranked_filtered (PlzStore        *store,
                      const PlzSearch *search,
                      GArray          *hits,
                      GError         **error)
{
  g_autoptr(GArray) probe = g_array_new (FALSE, FALSE, sizeof (Hit));
  g_autoptr(GArray) passed = g_array_new (FALSE, FALSE, sizeof (Hit));
  g_autoptr(GHashTable) passing = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr(GString) list = g_string_new ("[");

  g_array_set_clear_func (probe, (GDestroyNotify) hit_clear);
  g_array_set_clear_func (passed, (GDestroyNotify) hit_clear);
  if (!read_hits (store, search, READ_PROBE, PROBE, NULL, FALSE, probe, error))
    return FALSE;
  for (guint i = 0; i < probe->len; i++)
    g_string_append_printf (list, "%s%" G_GINT64_FORMAT, i > 0 ? "," : "", g_array_index (probe, Hit, i).num);
  g_string_append_c (list, ']');
  if (probe->len > 0 && !read_hits (store, search, READ_CHECK, 0, list->str, FALSE, passed, error))
    return FALSE;
  if (passed->len < (guint) search->limit + 1 && probe->len == PROBE)
    return read_hits (store, search, READ_PROBE_FILTERED, search->limit + 1, NULL, FALSE, hits, error);

  for (guint j = 0; j < passed->len; j++)
    g_hash_table_add (passing, &g_array_index (passed, Hit, j).num);
  for (guint i = 0; i < probe->len && hits->len < (guint) search->limit + 1; i++)
    {
      Hit *p = &g_array_index (probe, Hit, i);

      if (g_hash_table_contains (passing, &p->num))
        {
          Hit hit = { p->num, json_node_ref (p->value) };

          g_array_append_val (hits, hit);
        }
    }
  return TRUE;
}

/* How many listings match the text: a count reads only the index. */
static gint64
count_matches (PlzStore    *store,
               const char  *query,
               GError     **error)
{
  sqlite3_stmt *stmt = plz_store_prepare (store, "SELECT count(*) FROM listings_fts WHERE listings_fts MATCH ?1",
                                          error);
  gint64 n = -1;

  if (stmt == NULL)
    return -1;
  sqlite3_bind_text (stmt, 1, query, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  else
    plz_store_set_error (store, "Search failed", error);
  sqlite3_reset (stmt);
  return n;
}

/* Below this many text matches, reading them all and sorting beats walking
 * a sort index until a page of them turns up. */
#define FEW_MATCHES 4000

GPtrArray *
plz_catalogue_store_search (PlzStore         *store,
                            const PlzSearch  *search,
                            GPtrArray       **sort_values,
                            GError          **error)
{
  g_autoptr(GPtrArray) results = g_ptr_array_new_with_free_func ((GDestroyNotify) plz_listing_free);
  g_autoptr(GPtrArray) values = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);
  g_autoptr(GArray) hits = g_array_new (FALSE, FALSE, sizeof (Hit));
  sqlite3_stmt *row;
  gboolean ok;

  g_array_set_clear_func (hits, (GDestroyNotify) hit_clear);
  if (search->query != NULL && search->sort == PLZ_SORT_RELEVANCE)
    ok = has_filters (search) ? read_ranked_filtered (store, search, hits, error)
                              : read_hits (store, search, READ_PROBE, search->limit + 1, NULL, FALSE, hits, error);
  else if (search->query != NULL)
    {
      gint64 n = count_matches (store, search->query, error);

      ok = n >= 0 && read_hits (store, search, READ_SORTED, 0, NULL, n <= FEW_MATCHES, hits, error);
    }
  else
    ok = read_hits (store, search, READ_SORTED, 0, NULL, FALSE, hits, error);
  if (!ok)
    return NULL;

  /* Phase two: the full rows of this page only. */
  row = plz_store_prepare (store, "SELECT " SEARCH_COLUMNS ", plz_distance_km(?2, ?3, l.lat, l.lng) "
                           "FROM listings l JOIN categories c ON c.id = l.category_id WHERE l.num = ?1", error);
  if (row == NULL)
    return NULL;
  sqlite3_bind_double (row, 2, search->lat);
  sqlite3_bind_double (row, 3, search->lng);
  for (guint i = 0; i < hits->len; i++)
    {
      Hit *hit = &g_array_index (hits, Hit, i);
      PlzListing *l;

      sqlite3_bind_int64 (row, 1, hit->num);
      if (sqlite3_step (row) != SQLITE_ROW)
        {
          sqlite3_reset (row);
          plz_store_set_error (store, "Search failed", error);
          return NULL;
        }
      l = _plz_catalogue_read_listing (row);
      if (search->near)
        l->distance_km = sqlite3_column_double (row, N_SEARCH_COLUMNS);
      sqlite3_reset (row);
      g_ptr_array_add (results, l);
      g_ptr_array_add (values, json_node_ref (hit->value));
    }

  if (sort_values != NULL)
    *sort_values = g_steal_pointer (&values);
  return g_steal_pointer (&results);
}
