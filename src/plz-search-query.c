/* plz-search-query.c — what a person searches for: text, filters and order,
 * turned into the query of GET /api/v1/listings */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "plz-search-query.h"

PlzSearchQuery *
plz_search_query_new (void)
{
  PlzSearchQuery *query = g_new0 (PlzSearchQuery, 1);

  query->min_price = -1;
  query->max_price = -1;
  query->attributes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  return query;
}

PlzSearchQuery *
plz_search_query_copy (const PlzSearchQuery *query)
{
  PlzSearchQuery *copy;
  GHashTableIter iter;
  gpointer key, value;

  g_return_val_if_fail (query != NULL, NULL);

  copy = plz_search_query_new ();
  copy->text = g_strdup (query->text);
  copy->category_id = query->category_id;
  copy->min_price = query->min_price;
  copy->max_price = query->max_price;
  plz_search_query_set_place (copy, query->place, query->lat, query->lng, query->radius_km);
  copy->sort = g_strdup (query->sort);
  g_hash_table_iter_init (&iter, query->attributes);
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_hash_table_insert (copy->attributes, g_strdup (key), g_strdup (value));
  return copy;
}

void
plz_search_query_free (PlzSearchQuery *query)
{
  if (query == NULL)
    return;
  g_free (query->text);
  g_free (query->place);
  g_free (query->sort);
  g_hash_table_unref (query->attributes);
  g_free (query);
}

void
plz_search_query_set_attribute (PlzSearchQuery *query,
                                const char     *name,
                                const char     *value)
{
  g_return_if_fail (query != NULL && name != NULL);

  if (value == NULL || *value == '\0')
    g_hash_table_remove (query->attributes, name);
  else
    g_hash_table_insert (query->attributes, g_strdup (name), g_strdup (value));
}

void
plz_search_query_set_place (PlzSearchQuery *query,
                            const char     *name,
                            double          lat,
                            double          lng,
                            double          radius_km)
{
  g_return_if_fail (query != NULL);

  g_free (query->place);
  query->place = g_strdup (name);
  query->lat = name != NULL ? lat : 0;
  query->lng = name != NULL ? lng : 0;
  query->radius_km = name != NULL ? radius_km : 0;
}

void
plz_search_query_clear_filters (PlzSearchQuery *query)
{
  g_return_if_fail (query != NULL);

  query->category_id = 0;
  query->min_price = -1;
  query->max_price = -1;
  plz_search_query_set_place (query, NULL, 0, 0, 0);
  g_hash_table_remove_all (query->attributes);
}

guint
plz_search_query_count_filters (const PlzSearchQuery *query)
{
  guint n = 0;

  g_return_val_if_fail (query != NULL, 0);

  if (query->category_id > 0)
    n += 1 + g_hash_table_size (query->attributes);
  if (query->min_price >= 0 || query->max_price >= 0)
    n++;
  if (query->place != NULL)
    n++;
  return n;
}

static gboolean
has_text (const PlzSearchQuery *query)
{
  return query->text != NULL && *query->text != '\0';
}

static void
append (GString    *out,
        const char *name,
        const char *value)
{
  g_autofree char *escaped = g_uri_escape_string (value, NULL, FALSE);

  if (out->len > 0)
    g_string_append_c (out, '&');
  g_string_append_printf (out, "%s=%s", name, escaped);
}

static void
append_double (GString    *out,
               const char *name,
               double      value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  append (out, name, g_ascii_formatd (buf, sizeof buf, "%.6f", value));
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

char *
plz_search_query_to_string (const PlzSearchQuery *query,
                            const char           *cursor,
                            guint                 limit)
{
  GString *out = g_string_new (NULL);
  char number[32];

  g_return_val_if_fail (query != NULL, NULL);

  if (has_text (query))
    append (out, "q", query->text);
  if (query->category_id > 0)
    {
      g_autofree gpointer *keys = g_hash_table_get_keys_as_array (query->attributes, NULL);
      guint n = g_hash_table_size (query->attributes);

      g_snprintf (number, sizeof number, "%" G_GINT64_FORMAT, query->category_id);
      append (out, "category", number);
      /* In a stable order, so that equal queries read the same. */
      qsort (keys, n, sizeof (gpointer), compare_strings);
      for (guint i = 0; i < n; i++)
        {
          g_autofree char *name = g_strconcat ("attr.", (const char *) keys[i], NULL);

          append (out, name, g_hash_table_lookup (query->attributes, keys[i]));
        }
    }
  if (query->min_price >= 0)
    {
      g_snprintf (number, sizeof number, "%" G_GINT64_FORMAT, query->min_price);
      append (out, "min_price", number);
    }
  if (query->max_price >= 0)
    {
      g_snprintf (number, sizeof number, "%" G_GINT64_FORMAT, query->max_price);
      append (out, "max_price", number);
    }
  if (query->place != NULL)
    {
      append_double (out, "lat", query->lat);
      append_double (out, "lng", query->lng);
      append_double (out, "radius_km", query->radius_km);
    }
  if (query->sort != NULL
      && !(g_str_equal (query->sort, "distance") && query->place == NULL)
      && !(g_str_equal (query->sort, "relevance") && !has_text (query)))
    append (out, "sort", query->sort);
  if (cursor != NULL)
    append (out, "cursor", cursor);
  if (limit > 0)
    {
      g_snprintf (number, sizeof number, "%u", limit);
      append (out, "limit", number);
    }
  return g_string_free (out, FALSE);
}

gboolean
plz_search_query_equal (const PlzSearchQuery *a,
                        const PlzSearchQuery *b)
{
  g_autofree char *sa = NULL, *sb = NULL;

  if (a == NULL || b == NULL)
    return a == b;
  sa = plz_search_query_to_string (a, NULL, 0);
  sb = plz_search_query_to_string (b, NULL, 0);
  return g_str_equal (sa, sb);
}
