/* plz-search.c — what a catalogue search asks for, and its opaque cursor */
#define G_LOG_DOMAIN "plaza-catalogue"

#include "plz-search.h"
#include "plz-error.h"

#include <string.h>

static const char *sort_names[] = { "relevance", "newest", "price_asc", "price_desc", "distance", "rating" };

static void
attr_filter_free (gpointer data)
{
  PlzAttrFilter *f = data;

  g_free (f->key);
  g_clear_pointer (&f->value, json_node_unref);
  g_free (f);
}

PlzSearch *
plz_search_new (void)
{
  PlzSearch *s = g_new0 (PlzSearch, 1);

  s->min_price = -1;
  s->max_price = -1;
  s->sort = PLZ_SORT_NEWEST;
  s->limit = 20;
  s->attr_filters = g_ptr_array_new_with_free_func (attr_filter_free);
  return s;
}

void
plz_search_free (PlzSearch *s)
{
  if (s == NULL)
    return;
  g_free (s->query);
  g_free (s->operator_id);
  g_ptr_array_unref (s->attr_filters);
  g_clear_pointer (&s->after_value, json_node_unref);
  g_free (s->after_id);
  g_free (s);
}

char *
plz_search_fts_query (const char *text)
{
  g_autoptr(GString) q = g_string_new (NULL);
  const char *p = text;
  guint words = 0;

  if (text == NULL || !g_utf8_validate (text, -1, NULL))
    return NULL;

  /* Words are runs of letters and digits; everything else separates them,
   * so no FTS5 syntax ("NEAR", quotes, '*', ':') can come through. */
  while (*p != '\0' && words < 12)
    {
      g_autoptr(GString) word = g_string_new (NULL);

      while (*p != '\0' && !g_unichar_isalnum (g_utf8_get_char (p)))
        p = g_utf8_next_char (p);
      while (*p != '\0' && g_unichar_isalnum (g_utf8_get_char (p)))
        {
          g_string_append_unichar (word, g_utf8_get_char (p));
          p = g_utf8_next_char (p);
        }
      if (word->len == 0 || word->len > 64)
        continue;
      if (q->len > 0)
        g_string_append_c (q, ' ');
      g_string_append_printf (q, "\"%s\"*", word->str);
      words++;
    }
  return q->len > 0 ? g_string_free (g_steal_pointer (&q), FALSE) : NULL;
}

gboolean
plz_search_parse_sort (const char *text,
                       PlzSort    *sort)
{
  for (guint i = 0; i < G_N_ELEMENTS (sort_names); i++)
    if (g_strcmp0 (text, sort_names[i]) == 0)
      {
        *sort = (PlzSort) i;
        return TRUE;
      }
  return FALSE;
}

char *
plz_search_encode_cursor (PlzSort     sort,
                          JsonNode   *sort_value,
                          const char *id)
{
  g_autoptr(JsonObject) o = json_object_new ();
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *text = NULL;
  char *b64;

  json_object_set_string_member (o, "s", sort_names[sort]);
  json_object_set_member (o, "v", json_node_copy (sort_value));
  json_object_set_string_member (o, "i", id);
  node = json_node_init_object (json_node_alloc (), o);
  text = json_to_string (node, FALSE);
  b64 = g_base64_encode ((const guchar *) text, strlen (text));
  g_strdelimit (b64, "+", '-');
  g_strdelimit (b64, "/", '_');
  return b64;
}

gboolean
plz_search_decode_cursor (PlzSearch   *search,
                          const char  *cursor,
                          GError     **error)
{
  g_autofree char *b64 = NULL;
  g_autofree guchar *raw = NULL;
  g_autofree char *text = NULL;
  g_autoptr(JsonNode) node = NULL;
  JsonObject *o;
  JsonNode *v;
  gsize len = 0;

  if (cursor == NULL || strlen (cursor) > 512)
    goto bad;
  b64 = g_strdup (cursor);
  g_strdelimit (b64, "-", '+');
  g_strdelimit (b64, "_", '/');
  raw = g_base64_decode (b64, &len);
  if (raw == NULL || len == 0)
    goto bad;
  text = g_strndup ((const char *) raw, len);
  if (!g_utf8_validate (text, -1, NULL))
    goto bad;
  node = json_from_string (text, NULL);
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    goto bad;
  o = json_node_get_object (node);
  v = json_object_get_member (o, "v");
  if (g_strcmp0 (json_object_get_string_member_with_default (o, "s", ""), sort_names[search->sort]) != 0 ||
      json_object_get_string_member_with_default (o, "i", NULL) == NULL || v == NULL ||
      !JSON_NODE_HOLDS_VALUE (v))
    goto bad;

  search->has_after = TRUE;
  search->after_value = json_node_copy (v);
  search->after_id = g_strdup (json_object_get_string_member (o, "i"));
  return TRUE;

bad:
  plz_error_set_invalid (error, "cursor", "This page cursor is not valid here; start the search again");
  return FALSE;
}
