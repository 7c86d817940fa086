/* plz-categories.h — the server's category tree and attribute schemas, as the app reads them */
#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef struct
{
  gint64      id;
  gint64      parent_id;   /* 0 for a top-level category */
  const char *slug;
  const char *name;
  const char *icon;        /* a symbolic icon name */
  guint       depth;       /* 0 for top level */
  JsonArray  *attributes;  /* effective schema: the parent's attributes, then its own */
} PlzCategory;

#define PLZ_TYPE_CATEGORIES (plz_categories_get_type ())
G_DECLARE_FINAL_TYPE (PlzCategories, plz_categories, PLZ, CATEGORIES, GObject)

/* From the "categories" array of GET /api/v1/categories, parents listed before
 * their children. Malformed rows are skipped with a warning. */
PlzCategories     *plz_categories_new              (JsonArray     *categories);

guint              plz_categories_get_n            (PlzCategories *self);

/* Tree order: each parent followed by its children. */
const PlzCategory *plz_categories_get_nth          (PlzCategories *self,
                                                    guint          i);

const PlzCategory *plz_categories_lookup           (PlzCategories *self,
                                                    gint64         id);

const PlzCategory *plz_categories_lookup_slug      (PlzCategories *self,
                                                    const char    *slug);

/* The schema entry for @key in @category, or NULL. */
JsonObject        *plz_category_find_attribute     (const PlzCategory *category,
                                                    const char        *key);

/* "Bedrooms", or @key itself when the schema does not know it. */
const char        *plz_category_attribute_label    (const PlzCategory *category,
                                                    const char        *key);

/* An attribute value as people read it: "Yes"/"No" for booleans, "90 min" with
 * the unit, "Physical science" for enum values. */
char              *plz_category_format_value       (const PlzCategory *category,
                                                    const char        *key,
                                                    JsonNode          *value);

G_END_DECLS
