/* plz-json.c — strict JSON parsing and typed getters */
#include "plz-json.h"
#include "plz-error.h"

/* json-glib recurses once per nesting level: refuse deep documents before it
 * sees them, or a small body could exhaust the stack. */
static gboolean
nesting_within (const char *data,
                gsize       length,
                guint       max_depth)
{
  gboolean in_string = FALSE, escaped = FALSE;
  guint depth = 0;

  for (gsize i = 0; i < length; i++)
    {
      char c = data[i];

      if (in_string)
        {
          if (escaped)
            escaped = FALSE;
          else if (c == '\\')
            escaped = TRUE;
          else if (c == '"')
            in_string = FALSE;
        }
      else if (c == '"')
        in_string = TRUE;
      else if (c == '{' || c == '[')
        {
          if (++depth > max_depth)
            return FALSE;
        }
      else if ((c == '}' || c == ']') && depth > 0)
        depth--;
    }
  return TRUE;
}

JsonObject *
plz_json_parse_object (const char  *data,
                       gsize        length,
                       GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GError) local_error = NULL;
  JsonNode *root;

  g_return_val_if_fail (data != NULL || length == 0, NULL);

  if (length == 0)
    {
      g_set_error_literal (error, PLZ_ERROR, PLZ_ERROR_INVALID_JSON,
                           "The request body is empty; a JSON object was expected");
      return NULL;
    }

  if (!g_utf8_validate_len (data, length, NULL))
    {
      g_set_error_literal (error, PLZ_ERROR, PLZ_ERROR_INVALID_JSON,
                           "The request body is not valid UTF-8");
      return NULL;
    }

  if (!nesting_within (data, length, PLZ_JSON_MAX_DEPTH))
    {
      g_set_error (error, PLZ_ERROR, PLZ_ERROR_INVALID_JSON,
                   "The JSON is nested more than %d levels deep", PLZ_JSON_MAX_DEPTH);
      return NULL;
    }

  if (!json_parser_load_from_data (parser, data, (gssize) length, &local_error))
    {
      /* json-glib puts "<data>:LINE:COL: " in front of its message. */
      g_set_error (error, PLZ_ERROR, PLZ_ERROR_INVALID_JSON,
                   "Malformed JSON at %s", local_error->message + (g_str_has_prefix (local_error->message, "<data>:") ? 7 : 0));
      return NULL;
    }

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error_literal (error, PLZ_ERROR, PLZ_ERROR_INVALID_JSON,
                           "The request body must be a JSON object");
      return NULL;
    }

  return json_object_ref (json_node_get_object (root));
}

/* Finds @member holding a value of @type. *@node is NULL (and TRUE is
 * returned) when an optional member is absent or null. */
static gboolean
lookup (JsonObject  *object,
        const char  *member,
        gboolean     required,
        GType        type,
        const char  *expected,
        JsonNode   **node,
        GError     **error)
{
  JsonNode *found;

  g_return_val_if_fail (object != NULL, FALSE);

  found = json_object_get_member (object, member);
  *node = NULL;
  if (found == NULL || JSON_NODE_HOLDS_NULL (found))
    {
      if (!required)
        return TRUE;
      g_set_error (error, PLZ_ERROR, PLZ_ERROR_INVALID_INPUT, "“%s” is required", member);
    }
  else if (!JSON_NODE_HOLDS_VALUE (found) || json_node_get_value_type (found) != type)
    g_set_error (error, PLZ_ERROR, PLZ_ERROR_INVALID_INPUT, "“%s” must be %s", member, expected);
  else
    {
      *node = found;
      return TRUE;
    }

  if (error != NULL)
    plz_error_set_field (*error, member);
  return FALSE;
}

gboolean
plz_json_get_string (JsonObject  *object,
                     const char  *member,
                     gboolean     required,
                     const char **out,
                     GError     **error)
{
  JsonNode *node;

  g_return_val_if_fail (out != NULL, FALSE);

  if (!lookup (object, member, required, G_TYPE_STRING, "a string", &node, error))
    return FALSE;
  if (node != NULL)
    *out = json_node_get_string (node);
  return TRUE;
}

gboolean
plz_json_get_int (JsonObject  *object,
                  const char  *member,
                  gboolean     required,
                  gint64      *out,
                  GError     **error)
{
  JsonNode *node;

  g_return_val_if_fail (out != NULL, FALSE);

  if (!lookup (object, member, required, G_TYPE_INT64, "an integer", &node, error))
    return FALSE;
  if (node != NULL)
    *out = json_node_get_int (node);
  return TRUE;
}

gboolean
plz_json_get_bool (JsonObject  *object,
                   const char  *member,
                   gboolean     required,
                   gboolean    *out,
                   GError     **error)
{
  JsonNode *node;

  g_return_val_if_fail (out != NULL, FALSE);

  if (!lookup (object, member, required, G_TYPE_BOOLEAN, "true or false", &node, error))
    return FALSE;
  if (node != NULL)
    *out = json_node_get_boolean (node);
  return TRUE;
}

char *
plz_json_to_string (JsonNode *node)
{
  g_return_val_if_fail (node != NULL, NULL);
  return json_to_string (node, FALSE);
}

char *
plz_json_object_to_string (JsonObject *object)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);

  g_return_val_if_fail (object != NULL, NULL);
  json_node_set_object (node, object);
  return json_to_string (node, FALSE);
}

static gboolean
values_equal (JsonNode *a,
              JsonNode *b)
{
  GType ta = json_node_get_value_type (a);
  GType tb = json_node_get_value_type (b);

  if ((ta == G_TYPE_INT64 || ta == G_TYPE_DOUBLE) && (tb == G_TYPE_INT64 || tb == G_TYPE_DOUBLE))
    return json_node_get_double (a) == json_node_get_double (b);
  if (ta != tb)
    return FALSE;
  if (ta == G_TYPE_STRING)
    return g_strcmp0 (json_node_get_string (a), json_node_get_string (b)) == 0;
  if (ta == G_TYPE_BOOLEAN)
    return json_node_get_boolean (a) == json_node_get_boolean (b);
  return FALSE;
}

gboolean
plz_json_equal (JsonNode *a,
                JsonNode *b)
{
  if (a == NULL || b == NULL)
    return a == b;
  if (JSON_NODE_TYPE (a) != JSON_NODE_TYPE (b))
    return FALSE;

  switch (JSON_NODE_TYPE (a))
    {
    case JSON_NODE_NULL:
      return TRUE;

    case JSON_NODE_VALUE:
      return values_equal (a, b);

    case JSON_NODE_ARRAY:
      {
        JsonArray *xa = json_node_get_array (a);
        JsonArray *xb = json_node_get_array (b);
        guint n = json_array_get_length (xa);

        if (n != json_array_get_length (xb))
          return FALSE;
        for (guint i = 0; i < n; i++)
          if (!plz_json_equal (json_array_get_element (xa, i), json_array_get_element (xb, i)))
            return FALSE;
        return TRUE;
      }

    case JSON_NODE_OBJECT:
      {
        JsonObject *oa = json_node_get_object (a);
        JsonObject *ob = json_node_get_object (b);
        JsonObjectIter iter;
        const char *name;
        JsonNode *value;

        if (json_object_get_size (oa) != json_object_get_size (ob))
          return FALSE;
        json_object_iter_init (&iter, oa);
        while (json_object_iter_next (&iter, &name, &value))
          if (!plz_json_equal (value, json_object_get_member (ob, name)))
            return FALSE;
        return TRUE;
      }

    default:
      return FALSE;
    }
}
