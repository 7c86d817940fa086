/* plz-json.h — strict JSON parsing and typed getters */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define PLZ_JSON_MAX_DEPTH 32

/* Parses @data (@length bytes, not NUL-terminated) as one JSON object.
 * Fails with PLZ_ERROR_INVALID_JSON naming the line and column, or when it
 * nests deeper than PLZ_JSON_MAX_DEPTH. */
JsonObject *plz_json_parse_object  (const char  *data,
                                    gsize        length,
                                    GError     **error);

/* Typed getters: fail with PLZ_ERROR_INVALID_INPUT naming @member when it is
 * missing (and @required) or has the wrong type. Absent optional members leave
 * the output untouched and return TRUE. */
gboolean    plz_json_get_string    (JsonObject  *object,
                                    const char  *member,
                                    gboolean     required,
                                    const char **out,
                                    GError     **error);
gboolean    plz_json_get_int       (JsonObject  *object,
                                    const char  *member,
                                    gboolean     required,
                                    gint64      *out,
                                    GError     **error);
gboolean    plz_json_get_bool      (JsonObject  *object,
                                    const char  *member,
                                    gboolean     required,
                                    gboolean    *out,
                                    GError     **error);

/* Serialises @node compactly. */
char       *plz_json_to_string     (JsonNode    *node);

/* Serialises @object compactly. */
char       *plz_json_object_to_string (JsonObject *object);

/* Deep equality of two JSON values; member order does not matter, and integer
 * 1 equals double 1.0. */
gboolean    plz_json_equal         (JsonNode    *a,
                                    JsonNode    *b);

G_END_DECLS
