/* plz-attributes.h — a category's attribute schema and the values listings give */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define PLZ_ATTRIBUTE_TEXT_MAX 200

typedef enum
{
  PLZ_ATTRIBUTE_ENUM,
  PLZ_ATTRIBUTE_INTEGER,
  PLZ_ATTRIBUTE_NUMBER,
  PLZ_ATTRIBUTE_BOOLEAN,
  PLZ_ATTRIBUTE_TEXT,
} PlzAttributeType;

/* Checks @input (a JSON object, or NULL for none) against @schema (the
 * category's JSON array) and returns the values as compact JSON object text.
 * Unknown keys, wrong types, values outside the allowed set or bounds fail
 * with PLZ_ERROR_INVALID_INPUT naming "attributes.KEY". */
char     *plz_attributes_validate (const char  *schema,
                                   JsonNode    *input,
                                   GError     **error);

/* Looks up @key in @schema: its type, and whether search may filter on it.
 * FALSE when the schema has no such key. */
gboolean  plz_attributes_lookup   (const char       *schema,
                                   const char       *key,
                                   PlzAttributeType *type,
                                   gboolean         *filterable);

G_END_DECLS
