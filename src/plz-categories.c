/* plz-categories.c — the server's category tree and attribute schemas, as the app reads them */
#include "config.h"

#include "plz-categories.h"

#include <glib/gi18n.h>

struct _PlzCategories
{
  GObject     parent_instance;

  JsonArray  *rows;        /* keeps the strings and schemas alive */
  GArray     *categories;  /* PlzCategory, tree order */
};

G_DEFINE_FINAL_TYPE (PlzCategories, plz_categories, G_TYPE_OBJECT)

static void
plz_categories_finalize (GObject *object)
{
  PlzCategories *self = PLZ_CATEGORIES (object);

  for (guint i = 0; i < self->categories->len; i++)
    json_array_unref (g_array_index (self->categories, PlzCategory, i).attributes);
  g_array_unref (self->categories);
  g_clear_pointer (&self->rows, json_array_unref);
  G_OBJECT_CLASS (plz_categories_parent_class)->finalize (object);
}

static void
plz_categories_class_init (PlzCategoriesClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = plz_categories_finalize;
}

static void
plz_categories_init (PlzCategories *self)
{
  self->categories = g_array_new (FALSE, TRUE, sizeof (PlzCategory));
}

static const char *
string_member (JsonObject *o,
               const char *name)
{
  JsonNode *node = json_object_get_member (o, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static gint64
int_member (JsonObject *o,
            const char *name)
{
  JsonNode *node = json_object_get_member (o, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    return 0;
  return json_node_get_int (node);
}

/* Inserts each child right after its parent's last descendant so that the
 * array reads as the tree does, whatever order the server used. */
static guint
insertion_point (PlzCategories *self,
                 gint64         parent_id,
                 guint         *depth)
{
  guint i;

  for (i = 0; i < self->categories->len; i++)
    if (g_array_index (self->categories, PlzCategory, i).id == parent_id)
      break;
  if (i == self->categories->len)
    {
      *depth = 0;
      return self->categories->len;
    }
  *depth = g_array_index (self->categories, PlzCategory, i).depth + 1;
  for (i++; i < self->categories->len; i++)
    if (g_array_index (self->categories, PlzCategory, i).depth < *depth)
      break;
  return i;
}

PlzCategories *
plz_categories_new (JsonArray *categories)
{
  PlzCategories *self = g_object_new (PLZ_TYPE_CATEGORIES, NULL);

  g_return_val_if_fail (categories != NULL, self);

  self->rows = json_array_ref (categories);
  for (guint i = 0; i < json_array_get_length (categories); i++)
    {
      JsonNode *node = json_array_get_element (categories, i);
      JsonObject *o = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      JsonNode *attrs = o != NULL ? json_object_get_member (o, "attributes") : NULL;
      const PlzCategory *parent;
      PlzCategory c = { 0 };

      if (o == NULL || (c.id = int_member (o, "id")) <= 0 ||
          (c.name = string_member (o, "name")) == NULL || (c.slug = string_member (o, "slug")) == NULL)
        {
          g_warning ("Skipping a malformed category at index %u", i);
          continue;
        }
      c.parent_id = int_member (o, "parent_id");
      c.icon = string_member (o, "icon");
      c.attributes = json_array_new ();

      /* The server sends each category's effective schema; merging the
       * parent's in again is harmless and keeps older servers working. */
      parent = c.parent_id > 0 ? plz_categories_lookup (self, c.parent_id) : NULL;
      if (parent != NULL)
        for (guint j = 0; j < json_array_get_length (parent->attributes); j++)
          json_array_add_element (c.attributes, json_node_copy (json_array_get_element (parent->attributes, j)));
      if (attrs != NULL && JSON_NODE_HOLDS_ARRAY (attrs))
        {
          JsonArray *own = json_node_get_array (attrs);

          for (guint j = 0; j < json_array_get_length (own); j++)
            {
              JsonNode *a = json_array_get_element (own, j);
              const char *key;

              if (!JSON_NODE_HOLDS_OBJECT (a) || (key = string_member (json_node_get_object (a), "key")) == NULL)
                continue;
              if (plz_category_find_attribute (&c, key) == NULL)
                json_array_add_element (c.attributes, json_node_copy (a));
            }
        }
      g_array_insert_val (self->categories, insertion_point (self, c.parent_id, &c.depth), c);
    }
  return self;
}

guint
plz_categories_get_n (PlzCategories *self)
{
  g_return_val_if_fail (PLZ_IS_CATEGORIES (self), 0);
  return self->categories->len;
}

const PlzCategory *
plz_categories_get_nth (PlzCategories *self,
                        guint          i)
{
  g_return_val_if_fail (PLZ_IS_CATEGORIES (self), NULL);
  g_return_val_if_fail (i < self->categories->len, NULL);
  return &g_array_index (self->categories, PlzCategory, i);
}

const PlzCategory *
plz_categories_lookup (PlzCategories *self,
                       gint64         id)
{
  g_return_val_if_fail (PLZ_IS_CATEGORIES (self), NULL);
  for (guint i = 0; i < self->categories->len; i++)
    if (g_array_index (self->categories, PlzCategory, i).id == id)
      return &g_array_index (self->categories, PlzCategory, i);
  return NULL;
}

const PlzCategory *
plz_categories_lookup_slug (PlzCategories *self,
                            const char    *slug)
{
  g_return_val_if_fail (PLZ_IS_CATEGORIES (self), NULL);
  for (guint i = 0; i < self->categories->len; i++)
    if (g_strcmp0 (g_array_index (self->categories, PlzCategory, i).slug, slug) == 0)
      return &g_array_index (self->categories, PlzCategory, i);
  return NULL;
}

JsonObject *
plz_category_find_attribute (const PlzCategory *category,
                             const char        *key)
{
  g_return_val_if_fail (category != NULL, NULL);
  for (guint i = 0; i < json_array_get_length (category->attributes); i++)
    {
      JsonObject *a = json_array_get_object_element (category->attributes, i);

      if (g_strcmp0 (string_member (a, "key"), key) == 0)
        return a;
    }
  return NULL;
}

const char *
plz_category_attribute_label (const PlzCategory *category,
                              const char        *key)
{
  JsonObject *a = plz_category_find_attribute (category, key);
  const char *label = a != NULL ? string_member (a, "label") : NULL;

  return label != NULL ? label : key;
}

char *
plz_category_format_value (const PlzCategory *category,
                           const char        *key,
                           JsonNode          *value)
{
  JsonObject *a = plz_category_find_attribute (category, key);
  const char *unit = a != NULL ? string_member (a, "unit") : NULL;
  g_autofree char *text = NULL;

  if (value == NULL || JSON_NODE_HOLDS_NULL (value))
    return g_strdup ("—");
  if (!JSON_NODE_HOLDS_VALUE (value))
    return g_strdup ("…");

  switch (json_node_get_value_type (value))
    {
    case G_TYPE_BOOLEAN:
      return g_strdup (json_node_get_boolean (value) ? _("Yes") : _("No"));
    case G_TYPE_INT64:
      text = g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (value));
      break;
    case G_TYPE_DOUBLE:
      text = g_strdup_printf ("%g", json_node_get_double (value));
      break;
    case G_TYPE_STRING:
      {
        const char *s = json_node_get_string (value);

        /* Enum values are stored lower-case ("physical science"); show them
         * capitalised, free text as written. */
        if (a != NULL && g_strcmp0 (string_member (a, "type"), "enum") == 0 && *s != '\0')
          {
            gunichar first = g_unichar_totitle (g_utf8_get_char (s));
            char buf[8] = { 0 };

            g_unichar_to_utf8 (first, buf);
            return g_strconcat (buf, g_utf8_next_char (s), NULL);
          }
        return g_strdup (s);
      }
    default:
      return g_strdup ("…");
    }

  return unit != NULL ? g_strdup_printf ("%s %s", text, unit) : g_steal_pointer (&text);
}
