/* plz-attribute-form.h — a category's attribute schema as form rows, and the
 * rows' values as the JSON object a listing carries */
#pragma once

#include <adwaita.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define PLZ_TYPE_ATTRIBUTE_FORM (plz_attribute_form_get_type ())

G_DECLARE_FINAL_TYPE (PlzAttributeForm, plz_attribute_form, PLZ, ATTRIBUTE_FORM, AdwPreferencesGroup)

/* An empty form; give it a schema with plz_attribute_form_set_schema. */
GtkWidget  *plz_attribute_form_new            (void);

/* Rebuilds the rows for @schema (an effective schema as in PlzCategory, may be
 * NULL): enum → drop-down, boolean → switch, integer → spin button within
 * min/max, number → spin button with decimals, text → entry; units shown.
 * Values whose key (and type) the new schema still has are kept. */
void        plz_attribute_form_set_schema     (PlzAttributeForm *self,
                                               JsonArray        *schema);

/* How many rows the form shows. */
guint       plz_attribute_form_get_n_fields   (PlzAttributeForm *self);

/* Replaces every value with those of @values (a listing's "attributes"; may be
 * NULL). Keys the schema lacks and values that do not fit it are left out. */
void        plz_attribute_form_set_values     (PlzAttributeForm *self,
                                               JsonObject       *values);

/* The values as the server takes them: fields left empty are not there.
 * Checks types and bounds first; on the first bad one shows every error
 * inline and fails with PLZ_ERROR_INVALID_INPUT about "attributes.KEY". */
JsonObject *plz_attribute_form_get_values     (PlzAttributeForm *self,
                                               GError          **error);

/* Shows @message (NULL clears it) under the row of @key; FALSE when the form
 * has no such row. */
gboolean    plz_attribute_form_set_error      (PlzAttributeForm *self,
                                               const char       *key,
                                               const char       *message);

/* Clears every inline error. */
void        plz_attribute_form_clear_errors   (PlzAttributeForm *self);

/* The row of @key (to focus it), or NULL. */
GtkWidget  *plz_attribute_form_get_row        (PlzAttributeForm *self,
                                               const char       *key);

/* Checks @value against the schema entry @def (type, bounds, choices, length);
 * the error names "attributes.KEY" and reads like the server's. */
gboolean    plz_attribute_check               (JsonObject       *def,
                                               JsonNode         *value,
                                               GError          **error);

/* Parses what a person typed for an integer, number or text attribute @def
 * into a checked value; NULL with @error when it does not fit. */
JsonNode   *plz_attribute_parse               (JsonObject       *def,
                                               const char       *text,
                                               GError          **error);

G_END_DECLS
