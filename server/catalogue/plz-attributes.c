/* plz-attributes.c — a category's attribute schema and the values listings give */
#define G_LOG_DOMAIN "plaza-catalogue"

#include "plz-attributes.h"
#include "plz-error.h"
#include "plz-validate.h"

#include <math.h>

static const char *type_names[] = { "enum", "integer", "number", "boolean", "text" };

static JsonObject *
find_definition (JsonArray  *schema,
                 const char *key)
{
  for (guint i = 0; i < json_array_get_length (schema); i++)
    {
      JsonObject *def = json_array_get_object_element (schema, i);

      if (def != NULL && g_strcmp0 (json_object_get_string_member_with_default (def, "key", NULL), key) == 0)
        return def;
    }
  return NULL;
}

static gboolean
type_of (JsonObject       *def,
         PlzAttributeType *type)
{
  const char *name = json_object_get_string_member_with_default (def, "type", "");

  for (guint i = 0; i < G_N_ELEMENTS (type_names); i++)
    if (g_str_equal (name, type_names[i]))
      {
        *type = (PlzAttributeType) i;
        return TRUE;
      }
  return FALSE;
}

gboolean
plz_attributes_lookup (const char       *schema,
                       const char       *key,
                       PlzAttributeType *type,
                       gboolean         *filterable)
{
  g_autoptr(JsonNode) root = json_from_string (schema, NULL);
  JsonObject *def;

  if (root == NULL || !JSON_NODE_HOLDS_ARRAY (root))
    return FALSE;
  def = find_definition (json_node_get_array (root), key);
  if (def == NULL || !type_of (def, type))
    return FALSE;
  *filterable = json_object_get_boolean_member_with_default (def, "filterable", FALSE);
  return TRUE;
}

static gboolean
fail (GError     **error,
      const char  *key,
      const char  *message)
{
  g_autofree char *field = g_strconcat ("attributes.", key, NULL);

  plz_error_set_invalid (error, field, "%s", message);
  return FALSE;
}

static gboolean
number_in_bounds (JsonObject  *def,
                  double       value,
                  const char  *key,
                  GError     **error)
{
  if (json_object_has_member (def, "min") && value < json_object_get_double_member (def, "min"))
    {
      g_autofree char *m = g_strdup_printf ("%s must be at least %g",
                                            json_object_get_string_member_with_default (def, "label", key),
                                            json_object_get_double_member (def, "min"));
      return fail (error, key, m);
    }
  if (json_object_has_member (def, "max") && value > json_object_get_double_member (def, "max"))
    {
      g_autofree char *m = g_strdup_printf ("%s must be at most %g",
                                            json_object_get_string_member_with_default (def, "label", key),
                                            json_object_get_double_member (def, "max"));
      return fail (error, key, m);
    }
  return TRUE;
}

/* Checks one value; adds its clean form to @out. */
static gboolean
check_value (JsonObject  *def,
             const char  *key,
             JsonNode    *value,
             JsonObject  *out,
             GError     **error)
{
  const char *label = json_object_get_string_member_with_default (def, "label", key);
  GType vt = JSON_NODE_HOLDS_VALUE (value) ? json_node_get_value_type (value) : G_TYPE_INVALID;
  PlzAttributeType type;
  g_autofree char *message = NULL;

  if (!type_of (def, &type))
    return fail (error, key, "This attribute is not set up correctly");

  switch (type)
    {
    case PLZ_ATTRIBUTE_BOOLEAN:
      if (vt != G_TYPE_BOOLEAN)
        return fail (error, key, (message = g_strdup_printf ("%s must be true or false", label)));
      json_object_set_boolean_member (out, key, json_node_get_boolean (value));
      return TRUE;

    case PLZ_ATTRIBUTE_INTEGER:
      if (vt != G_TYPE_INT64)
        return fail (error, key, (message = g_strdup_printf ("%s must be a whole number", label)));
      if (!number_in_bounds (def, (double) json_node_get_int (value), key, error))
        return FALSE;
      json_object_set_int_member (out, key, json_node_get_int (value));
      return TRUE;

    case PLZ_ATTRIBUTE_NUMBER:
      if (vt != G_TYPE_INT64 && vt != G_TYPE_DOUBLE)
        return fail (error, key, (message = g_strdup_printf ("%s must be a number", label)));
      if (!isfinite (json_node_get_double (value)) ||
          !number_in_bounds (def, json_node_get_double (value), key, error))
        return error != NULL && *error != NULL ? FALSE : fail (error, key, "This number is not usable");
      json_object_set_double_member (out, key, json_node_get_double (value));
      return TRUE;

    case PLZ_ATTRIBUTE_ENUM:
      {
        JsonArray *values = json_object_get_array_member (def, "values");
        const char *text;

        if (vt != G_TYPE_STRING)
          return fail (error, key, (message = g_strdup_printf ("%s must be one of the listed choices", label)));
        text = json_node_get_string (value);
        for (guint i = 0; values != NULL && i < json_array_get_length (values); i++)
          if (g_strcmp0 (json_array_get_string_element (values, i), text) == 0)
            {
              json_object_set_string_member (out, key, text);
              return TRUE;
            }
        return fail (error, key, (message = g_strdup_printf ("“%s” is not one of the choices for %s", text, label)));
      }

    case PLZ_ATTRIBUTE_TEXT:
    default:
      {
        g_autofree char *field = g_strconcat ("attributes.", key, NULL);
        guint max = (guint) json_object_get_int_member_with_default (def, "max_length", PLZ_ATTRIBUTE_TEXT_MAX);
        g_autofree char *clean = NULL;

        if (vt != G_TYPE_STRING)
          return fail (error, key, (message = g_strdup_printf ("%s must be text", label)));
        clean = plz_validate_text (field, json_node_get_string (value), MIN (max, PLZ_ATTRIBUTE_TEXT_MAX), error);
        if (clean == NULL)
          return FALSE;
        json_object_set_string_member (out, key, clean);
        return TRUE;
      }
    }
}

char *
plz_attributes_validate (const char  *schema,
                         JsonNode    *input,
                         GError     **error)
{
  g_autoptr(JsonNode) root = json_from_string (schema, NULL);
  g_autoptr(JsonObject) out = json_object_new ();
  g_autoptr(JsonNode) out_node = NULL;
  JsonObjectIter iter;
  const char *key;
  JsonNode *value;

  if (root == NULL || !JSON_NODE_HOLDS_ARRAY (root))
    {
      g_set_error_literal (error, PLZ_ERROR, PLZ_ERROR_INTERNAL, "The category has no usable schema");
      return NULL;
    }
  if (input != NULL && !JSON_NODE_HOLDS_NULL (input))
    {
      if (!JSON_NODE_HOLDS_OBJECT (input))
        {
          plz_error_set_invalid (error, "attributes", "Attributes must be an object of names and values");
          return NULL;
        }
      json_object_iter_init (&iter, json_node_get_object (input));
      while (json_object_iter_next (&iter, &key, &value))
        {
          JsonObject *def = find_definition (json_node_get_array (root), key);

          if (def == NULL)
            {
              g_autofree char *m = g_strdup_printf ("This category has no attribute “%s”", key);
              fail (error, key, m);
              return NULL;
            }
          if (JSON_NODE_HOLDS_NULL (value))
            continue;
          if (!check_value (def, key, value, out, error))
            return NULL;
        }
    }

  out_node = json_node_init_object (json_node_alloc (), out);
  return json_to_string (out_node, FALSE);
}
