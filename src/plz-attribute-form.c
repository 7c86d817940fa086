/* plz-attribute-form.c — a category's attribute schema as form rows, and the
 * rows' values as the JSON object a listing carries */

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "plz-attribute-form.h"
#include "plz-error.h"
#include "plz-form.h"
#include "plz-validate.h"

/* The server's cap on text attributes, whatever a schema says. */
#define TEXT_MAX 200
/* Spin buttons need bounds; these stand in when a schema gives none. */
#define NO_BOUND 1e9

typedef enum
{
  TYPE_ENUM,
  TYPE_INTEGER,
  TYPE_NUMBER,
  TYPE_BOOLEAN,
  TYPE_TEXT,
} AttrType;

static const char * const type_names[] = { "enum", "integer", "number", "boolean", "text" };

typedef struct
{
  PlzAttributeForm *form;         /* unowned: the form owns the field */
  char             *key;
  AttrType          type;
  JsonObject       *def;
  GtkWidget        *row;          /* in the group */
  GtkWidget        *input;        /* AdwComboRow, GtkSwitch, GtkSpinButton or AdwEntryRow */
  GtkWidget        *error_row;
  GtkLabel         *error_label;
  gboolean          present;      /* spin buttons: a number is shown, not left empty */
  gboolean          loading;      /* changes come from us, not from a person */
} Field;

struct _PlzAttributeForm
{
  AdwPreferencesGroup  parent_instance;

  GPtrArray           *fields;    /* Field, in schema order */
};

G_DEFINE_FINAL_TYPE (PlzAttributeForm, plz_attribute_form, ADW_TYPE_PREFERENCES_GROUP)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* ---- the schema, without widgets --------------------------------------------- */

static const char *
def_string (JsonObject *def,
            const char *member)
{
  JsonNode *node = json_object_get_member (def, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

/* A numeric member of @def (min, max, step), or FALSE when it has none. */
static gboolean
def_number (JsonObject *def,
            const char *member,
            double     *out)
{
  JsonNode *node = json_object_get_member (def, member);
  GType t = node != NULL && JSON_NODE_HOLDS_VALUE (node) ? json_node_get_value_type (node) : G_TYPE_INVALID;

  if (t != G_TYPE_INT64 && t != G_TYPE_DOUBLE)
    return FALSE;
  *out = json_node_get_double (node);
  return TRUE;
}

static gboolean
def_type (JsonObject *def,
          AttrType   *type)
{
  const char *name = def_string (def, "type");

  for (guint i = 0; name != NULL && i < G_N_ELEMENTS (type_names); i++)
    if (g_str_equal (name, type_names[i]))
      {
        *type = (AttrType) i;
        return TRUE;
      }
  return FALSE;
}

static const char *
def_label (JsonObject *def)
{
  const char *label = def_string (def, "label");

  return label != NULL ? label : def_string (def, "key");
}

static gboolean
fail (GError     **error,
      JsonObject  *def,
      const char  *message)
{
  g_autofree char *field = g_strconcat ("attributes.", def_string (def, "key"), NULL);

  plz_error_set_invalid (error, field, "%s", message);
  return FALSE;
}

/* "12", "2.5": short, and the same in every locale. */
static char *
format_number (double value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  return g_strdup (g_ascii_formatd (buf, sizeof buf, "%.10g", value));
}

static gboolean
check_bounds (JsonObject  *def,
              double       value,
              GError     **error)
{
  double bound;

  if (def_number (def, "min", &bound) && value < bound)
    {
      g_autofree char *text = format_number (bound);
      /* TRANSLATORS: "Bedrooms must be at least 1" */
      g_autofree char *message = g_strdup_printf (_("%s must be at least %s"), def_label (def), text);
      return fail (error, def, message);
    }
  if (def_number (def, "max", &bound) && value > bound)
    {
      g_autofree char *text = format_number (bound);
      g_autofree char *message = g_strdup_printf (_("%s must be at most %s"), def_label (def), text);
      return fail (error, def, message);
    }
  return TRUE;
}

static guint
text_max (JsonObject *def)
{
  double max = TEXT_MAX;

  def_number (def, "max_length", &max);
  return (guint) CLAMP (max, 1, TEXT_MAX);
}

gboolean
plz_attribute_check (JsonObject  *def,
                     JsonNode    *value,
                     GError     **error)
{
  GType vt;
  AttrType type;
  g_autofree char *message = NULL;

  g_return_val_if_fail (def != NULL, FALSE);
  g_return_val_if_fail (value != NULL, FALSE);

  if (!def_type (def, &type) || def_string (def, "key") == NULL)
    {
      g_set_error_literal (error, PLZ_ERROR, PLZ_ERROR_INVALID_INPUT,
                           _("This attribute is not set up correctly"));
      return FALSE;
    }
  vt = JSON_NODE_HOLDS_VALUE (value) ? json_node_get_value_type (value) : G_TYPE_INVALID;

  switch (type)
    {
    case TYPE_BOOLEAN:
      if (vt != G_TYPE_BOOLEAN)
        return fail (error, def, (message = g_strdup_printf (_("%s must be yes or no"), def_label (def))));
      return TRUE;

    case TYPE_INTEGER:
      if (vt != G_TYPE_INT64)
        return fail (error, def, (message = g_strdup_printf (_("%s must be a whole number"), def_label (def))));
      return check_bounds (def, (double) json_node_get_int (value), error);

    case TYPE_NUMBER:
      if ((vt != G_TYPE_INT64 && vt != G_TYPE_DOUBLE) || !isfinite (json_node_get_double (value)))
        return fail (error, def, (message = g_strdup_printf (_("%s must be a number"), def_label (def))));
      return check_bounds (def, json_node_get_double (value), error);

    case TYPE_ENUM:
      {
        JsonNode *values = json_object_get_member (def, "values");
        JsonArray *choices = values != NULL && JSON_NODE_HOLDS_ARRAY (values) ? json_node_get_array (values) : NULL;

        for (guint i = 0; vt == G_TYPE_STRING && choices != NULL && i < json_array_get_length (choices); i++)
          {
            JsonNode *choice = json_array_get_element (choices, i);

            if (JSON_NODE_HOLDS_VALUE (choice) && json_node_get_value_type (choice) == G_TYPE_STRING
                && g_strcmp0 (json_node_get_string (choice), json_node_get_string (value)) == 0)
              return TRUE;
          }
        /* TRANSLATORS: "Choose one of the choices for Property type" */
        return fail (error, def, (message = g_strdup_printf (_("Choose one of the choices for %s"), def_label (def))));
      }

    case TYPE_TEXT:
    default:
      {
        g_autofree char *field = g_strconcat ("attributes.", def_string (def, "key"), NULL);
        g_autofree char *clean = NULL;

        if (vt != G_TYPE_STRING)
          return fail (error, def, (message = g_strdup_printf (_("%s must be text"), def_label (def))));
        clean = plz_validate_text (field, json_node_get_string (value), text_max (def), error);
        return clean != NULL;
      }
    }
}

JsonNode *
plz_attribute_parse (JsonObject  *def,
                     const char  *text,
                     GError     **error)
{
  g_autoptr(JsonNode) node = json_node_alloc ();
  g_autofree char *clean = g_strstrip (g_strdup (text != NULL ? text : ""));
  g_autofree char *message = NULL;
  AttrType type = TYPE_TEXT;

  g_return_val_if_fail (def != NULL, NULL);

  def_type (def, &type);
  switch (type)
    {
    case TYPE_INTEGER:
      {
        gint64 n;

        if (!g_ascii_string_to_signed (clean, 10, G_MININT64, G_MAXINT64, &n, NULL))
          {
            fail (error, def, (message = g_strdup_printf (_("%s must be a whole number"), def_label (def))));
            return NULL;
          }
        json_node_init_int (node, n);
        break;
      }

    case TYPE_NUMBER:
      {
        char *end = NULL;
        double d;

        /* People write 2,5 as often as 2.5. */
        g_strdelimit (clean, ",", '.');
        d = g_ascii_strtod (clean, &end);
        if (*clean == '\0' || end == NULL || *end != '\0' || !isfinite (d))
          {
            fail (error, def, (message = g_strdup_printf (_("%s must be a number"), def_label (def))));
            return NULL;
          }
        json_node_init_double (node, d);
        break;
      }

    case TYPE_BOOLEAN:
      if (!g_str_equal (clean, "true") && !g_str_equal (clean, "false"))
        {
          fail (error, def, (message = g_strdup_printf (_("%s must be yes or no"), def_label (def))));
          return NULL;
        }
      json_node_init_boolean (node, g_str_equal (clean, "true"));
      break;

    case TYPE_ENUM:
    case TYPE_TEXT:
    default:
      json_node_init_string (node, clean);
      break;
    }

  if (!plz_attribute_check (def, node, error))
    return NULL;
  return g_steal_pointer (&node);
}

/* ---- fields ------------------------------------------------------------------ */

static void
field_free (Field *field)
{
  g_free (field->key);
  g_clear_pointer (&field->def, json_object_unref);
  g_free (field);
}

static JsonArray *
enum_choices (Field *field)
{
  JsonNode *values = json_object_get_member (field->def, "values");

  return values != NULL && JSON_NODE_HOLDS_ARRAY (values) ? json_node_get_array (values) : NULL;
}

/* Enum values are stored lower-case ("physical science"); people read them capitalised. */
static char *
capitalise (const char *text)
{
  char first[8] = { 0 };

  if (text == NULL || *text == '\0')
    return g_strdup ("");
  g_unichar_to_utf8 (g_unichar_totitle (g_utf8_get_char (text)), first);
  return g_strconcat (first, g_utf8_next_char (text), NULL);
}

static Field *
find_field (PlzAttributeForm *self,
            const char       *key)
{
  for (guint i = 0; i < self->fields->len; i++)
    {
      Field *field = g_ptr_array_index (self->fields, i);

      if (g_strcmp0 (field->key, key) == 0)
        return field;
    }
  return NULL;
}

static void
emit_changed (Field *field)
{
  if (!field->loading)
    g_signal_emit (field->form, signals[CHANGED], 0);
}

/* The text a person typed into a spin button or entry, trimmed. */
static char *
field_text (Field *field)
{
  return plz_form_get_text (GTK_EDITABLE (field->input));
}

/* What the field holds right now: NULL when empty; with @error when what was
 * typed does not fit. */
static JsonNode *
field_value (Field   *field,
             GError **error)
{
  switch (field->type)
    {
    case TYPE_ENUM:
      {
        guint selected = adw_combo_row_get_selected (ADW_COMBO_ROW (field->input));
        JsonArray *choices = enum_choices (field);

        if (selected == 0 || selected == GTK_INVALID_LIST_POSITION || choices == NULL
            || selected > json_array_get_length (choices))
          return NULL;
        return json_node_copy (json_array_get_element (choices, selected - 1));
      }

    case TYPE_BOOLEAN:
      /* A switch always says something: off is "no". */
      return json_node_init_boolean (json_node_alloc (), gtk_switch_get_active (GTK_SWITCH (field->input)));

    case TYPE_INTEGER:
    case TYPE_NUMBER:
    case TYPE_TEXT:
    default:
      {
        g_autofree char *text = field_text (field);

        if (*text == '\0')
          return NULL;
        return plz_attribute_parse (field->def, text, error);
      }
    }
}

static void
field_set_error (Field      *field,
                 const char *message)
{
  plz_form_set_error (field->row, field->error_label, message);
}

static void
field_clear (Field *field)
{
  field->loading = TRUE;
  switch (field->type)
    {
    case TYPE_ENUM:
      adw_combo_row_set_selected (ADW_COMBO_ROW (field->input), 0);
      break;
    case TYPE_BOOLEAN:
      gtk_switch_set_active (GTK_SWITCH (field->input), FALSE);
      break;
    case TYPE_INTEGER:
    case TYPE_NUMBER:
      field->present = FALSE;
      gtk_editable_set_text (GTK_EDITABLE (field->input), "");
      break;
    case TYPE_TEXT:
    default:
      gtk_editable_set_text (GTK_EDITABLE (field->input), "");
      break;
    }
  field->loading = FALSE;
  field_set_error (field, NULL);
}

/* Shows @value, which plz_attribute_check accepted for this field. */
static void
field_show (Field    *field,
            JsonNode *value)
{
  field->loading = TRUE;
  switch (field->type)
    {
    case TYPE_ENUM:
      {
        JsonArray *choices = enum_choices (field);

        for (guint i = 0; choices != NULL && i < json_array_get_length (choices); i++)
          if (g_strcmp0 (json_array_get_string_element (choices, i), json_node_get_string (value)) == 0)
            adw_combo_row_set_selected (ADW_COMBO_ROW (field->input), i + 1);
        break;
      }
    case TYPE_BOOLEAN:
      gtk_switch_set_active (GTK_SWITCH (field->input), json_node_get_boolean (value));
      break;
    case TYPE_INTEGER:
    case TYPE_NUMBER:
      {
        double number = json_node_get_double (value);
        g_autofree char *text = field->type == TYPE_INTEGER
                                ? g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (value))
                                : format_number (number);

        field->present = TRUE;
        gtk_spin_button_set_value (GTK_SPIN_BUTTON (field->input), number);
        /* The value may equal the adjustment's already, which then shows nothing new. */
        gtk_editable_set_text (GTK_EDITABLE (field->input), text);
        break;
      }
    case TYPE_TEXT:
    default:
      gtk_editable_set_text (GTK_EDITABLE (field->input), json_node_get_string (value));
      break;
    }
  field->loading = FALSE;
  field_set_error (field, NULL);
}

/* ---- widgets ------------------------------------------------------------------ */

static void
combo_selected_cb (Field *field)
{
  field_set_error (field, NULL);
  emit_changed (field);
}

static void
switch_active_cb (Field *field)
{
  emit_changed (field);
}

/* Checks what is being typed, so that a bound is known before saving. */
static void
text_changed_cb (Field *field)
{
  g_autofree char *text = field_text (field);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) value = NULL;

  if (field->type == TYPE_INTEGER || field->type == TYPE_NUMBER)
    field->present = *text != '\0';
  if (*text != '\0')
    value = plz_attribute_parse (field->def, text, &error);
  field_set_error (field, error != NULL ? error->message : NULL);
  emit_changed (field);
}

/* Runs before the spin button's own handler: stepping from an empty field
 * shows the number stepped to. */
static void
adjustment_changed_cb (Field *field)
{
  if (!field->loading)
    field->present = TRUE;
}

/* An empty field stays empty rather than showing the adjustment's value. */
static gboolean
spin_output_cb (GtkSpinButton *spin,
                Field         *field)
{
  if (field->present)
    return FALSE;
  if (*gtk_editable_get_text (GTK_EDITABLE (spin)) != '\0')
    gtk_editable_set_text (GTK_EDITABLE (spin), "");
  return TRUE;
}

/* Emptying the field means "not given", not zero; "2,5" reads as 2.5. */
static int
spin_input_cb (GtkSpinButton *spin,
               double        *value,
               Field         *field)
{
  g_autofree char *text = field_text (field);
  char *end = NULL;

  g_strdelimit (text, ",", '.');
  *value = g_ascii_strtod (text, &end);
  if (*text == '\0' || end == NULL || *end != '\0' || !isfinite (*value))
    return GTK_INPUT_ERROR;
  return TRUE;
}

static void
build_spin (Field *field)
{
  gboolean integer = field->type == TYPE_INTEGER;
  double min = -NO_BOUND, max = NO_BOUND, step = integer ? 1 : 0.5;
  GtkAdjustment *adjustment;
  GtkWidget *spin;

  def_number (field->def, "min", &min);
  def_number (field->def, "max", &max);
  def_number (field->def, "step", &step);
  adjustment = gtk_adjustment_new (MAX (min, MIN (0, max)), min, max, step, step * 10, 0);
  g_signal_connect_swapped (adjustment, "value-changed", G_CALLBACK (adjustment_changed_cb), field);

  field->input = spin = gtk_spin_button_new (adjustment, step, integer ? 0 : 2);
  gtk_spin_button_set_update_policy (GTK_SPIN_BUTTON (spin), GTK_UPDATE_IF_VALID);
  gtk_widget_set_valign (spin, GTK_ALIGN_CENTER);
  gtk_editable_set_width_chars (GTK_EDITABLE (spin), integer ? 6 : 8);
  g_signal_connect (spin, "output", G_CALLBACK (spin_output_cb), field);
  g_signal_connect (spin, "input", G_CALLBACK (spin_input_cb), field);
  g_signal_connect_swapped (spin, "changed", G_CALLBACK (text_changed_cb), field);
  gtk_editable_set_text (GTK_EDITABLE (spin), "");
}

/* "From 10 to 600 min", "At most 20", or NULL. */
static char *
bounds_hint (JsonObject *def)
{
  const char *unit = def_string (def, "unit");
  g_autofree char *min_text = NULL, *max_text = NULL, *hint = NULL;
  double min, max;
  gboolean has_min = def_number (def, "min", &min), has_max = def_number (def, "max", &max);

  if (has_min)
    min_text = format_number (min);
  if (has_max)
    max_text = format_number (max);
  if (has_min && has_max)
    /* TRANSLATORS: the range a number may take, e.g. "From 10 to 600" */
    hint = g_strdup_printf (_("From %s to %s"), min_text, max_text);
  else if (has_min)
    hint = g_strdup_printf (_("At least %s"), min_text);
  else if (has_max)
    hint = g_strdup_printf (_("At most %s"), max_text);
  else
    return unit != NULL ? g_strdup (unit) : NULL;
  return unit != NULL ? g_strdup_printf ("%s %s", hint, unit) : g_steal_pointer (&hint);
}

static void
build_row (Field *field)
{
  const char *label = def_label (field->def);
  const char *unit = def_string (field->def, "unit");

  /* The error goes right under its row, shown only when there is one. */
  field->error_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (field->error_label, TRUE);
  gtk_label_set_xalign (field->error_label, 0);
  gtk_widget_set_visible (GTK_WIDGET (field->error_label), FALSE);
  gtk_widget_add_css_class (GTK_WIDGET (field->error_label), "error");
  gtk_widget_add_css_class (GTK_WIDGET (field->error_label), "caption");
  gtk_widget_add_css_class (GTK_WIDGET (field->error_label), "form-error");
  field->error_row = adw_preferences_row_new ();
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (field->error_row), GTK_WIDGET (field->error_label));
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (field->error_row), FALSE);
  gtk_list_box_row_set_selectable (GTK_LIST_BOX_ROW (field->error_row), FALSE);
  gtk_widget_set_focusable (field->error_row, FALSE);

  switch (field->type)
    {
    case TYPE_ENUM:
      {
        GtkStringList *names = gtk_string_list_new (NULL);
        JsonArray *choices = enum_choices (field);

        gtk_string_list_append (names, _("Not set"));
        for (guint i = 0; choices != NULL && i < json_array_get_length (choices); i++)
          {
            g_autofree char *name = capitalise (json_array_get_string_element (choices, i));
            gtk_string_list_append (names, name);
          }
        field->row = field->input = adw_combo_row_new ();
        adw_combo_row_set_model (ADW_COMBO_ROW (field->row), G_LIST_MODEL (names));
        g_object_unref (names);
        g_signal_connect_swapped (field->row, "notify::selected", G_CALLBACK (combo_selected_cb), field);
        break;
      }

    case TYPE_BOOLEAN:
      field->row = adw_action_row_new ();
      field->input = gtk_switch_new ();
      gtk_widget_set_valign (field->input, GTK_ALIGN_CENTER);
      adw_action_row_add_suffix (ADW_ACTION_ROW (field->row), field->input);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (field->row), field->input);
      gtk_accessible_update_property (GTK_ACCESSIBLE (field->input), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
      g_signal_connect_swapped (field->input, "notify::active", G_CALLBACK (switch_active_cb), field);
      break;

    case TYPE_INTEGER:
    case TYPE_NUMBER:
      {
        g_autofree char *hint = bounds_hint (field->def);
        g_autofree char *accessible = unit != NULL ? g_strdup_printf ("%s (%s)", label, unit) : g_strdup (label);

        field->row = adw_action_row_new ();
        build_spin (field);
        if (hint != NULL)
          adw_action_row_set_subtitle (ADW_ACTION_ROW (field->row), hint);
        adw_action_row_add_suffix (ADW_ACTION_ROW (field->row), field->input);
        if (unit != NULL)
          {
            GtkWidget *unit_label = gtk_label_new (unit);

            gtk_widget_add_css_class (unit_label, "dim-label");
            adw_action_row_add_suffix (ADW_ACTION_ROW (field->row), unit_label);
          }
        adw_action_row_set_activatable_widget (ADW_ACTION_ROW (field->row), field->input);
        gtk_accessible_update_property (GTK_ACCESSIBLE (field->input), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
        break;
      }

    case TYPE_TEXT:
    default:
      field->row = field->input = adw_entry_row_new ();
      g_signal_connect_swapped (field->row, "changed", G_CALLBACK (text_changed_cb), field);
      break;
    }

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (field->row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (field->row), label);

  g_object_bind_property (field->error_label, "visible", field->error_row, "visible", G_BINDING_SYNC_CREATE);
}

/* ---- the form ------------------------------------------------------------------- */

static void
remove_fields (PlzAttributeForm *self)
{
  for (guint i = 0; i < self->fields->len; i++)
    {
      Field *field = g_ptr_array_index (self->fields, i);

      /* The widgets may outlive the field a moment; their handlers must not. */
      g_signal_handlers_disconnect_by_data (field->row, field);
      g_signal_handlers_disconnect_by_data (field->input, field);
      if (GTK_IS_SPIN_BUTTON (field->input))
        g_signal_handlers_disconnect_by_data (gtk_spin_button_get_adjustment (GTK_SPIN_BUTTON (field->input)), field);
      adw_preferences_group_remove (ADW_PREFERENCES_GROUP (self), field->row);
      adw_preferences_group_remove (ADW_PREFERENCES_GROUP (self), field->error_row);
    }
  g_ptr_array_set_size (self->fields, 0);
}

/* Every value the form holds that reads as one, checked or not. */
static JsonObject *
current_values (PlzAttributeForm *self)
{
  JsonObject *values = json_object_new ();

  for (guint i = 0; i < self->fields->len; i++)
    {
      Field *field = g_ptr_array_index (self->fields, i);
      JsonNode *value = field_value (field, NULL);

      if (value != NULL)
        json_object_set_member (values, field->key, value);
    }
  return values;
}

void
plz_attribute_form_set_schema (PlzAttributeForm *self,
                               JsonArray        *schema)
{
  g_autoptr(JsonObject) kept = NULL;

  g_return_if_fail (PLZ_IS_ATTRIBUTE_FORM (self));

  kept = current_values (self);
  remove_fields (self);
  for (guint i = 0; schema != NULL && i < json_array_get_length (schema); i++)
    {
      JsonNode *node = json_array_get_element (schema, i);
      JsonObject *def = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      Field *field;
      AttrType type;

      if (def == NULL || def_string (def, "key") == NULL || !def_type (def, &type)
          || find_field (self, def_string (def, "key")) != NULL)
        continue;
      field = g_new0 (Field, 1);
      field->form = self;
      field->key = g_strdup (def_string (def, "key"));
      field->type = type;
      field->def = json_object_ref (def);
      build_row (field);
      g_ptr_array_add (self->fields, field);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (self), field->row);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (self), field->error_row);
    }

  plz_attribute_form_set_values (self, kept);
}

guint
plz_attribute_form_get_n_fields (PlzAttributeForm *self)
{
  g_return_val_if_fail (PLZ_IS_ATTRIBUTE_FORM (self), 0);
  return self->fields->len;
}

void
plz_attribute_form_set_values (PlzAttributeForm *self,
                               JsonObject       *values)
{
  g_return_if_fail (PLZ_IS_ATTRIBUTE_FORM (self));

  for (guint i = 0; i < self->fields->len; i++)
    {
      Field *field = g_ptr_array_index (self->fields, i);
      JsonNode *value = values != NULL ? json_object_get_member (values, field->key) : NULL;

      field_clear (field);
      if (value != NULL && plz_attribute_check (field->def, value, NULL))
        field_show (field, value);
    }
  g_signal_emit (self, signals[CHANGED], 0);
}

JsonObject *
plz_attribute_form_get_values (PlzAttributeForm  *self,
                               GError           **error)
{
  g_autoptr(JsonObject) values = json_object_new ();
  g_autoptr(GError) first = NULL;

  g_return_val_if_fail (PLZ_IS_ATTRIBUTE_FORM (self), NULL);

  for (guint i = 0; i < self->fields->len; i++)
    {
      Field *field = g_ptr_array_index (self->fields, i);
      g_autoptr(GError) field_error = NULL;
      JsonNode *value = field_value (field, &field_error);

      field_set_error (field, field_error != NULL ? field_error->message : NULL);
      if (value != NULL)
        json_object_set_member (values, field->key, value);
      else if (field_error != NULL && first == NULL)
        first = g_steal_pointer (&field_error);
    }
  if (first != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&first));
      return NULL;
    }
  return g_steal_pointer (&values);
}

gboolean
plz_attribute_form_set_error (PlzAttributeForm *self,
                              const char       *key,
                              const char       *message)
{
  Field *field;

  g_return_val_if_fail (PLZ_IS_ATTRIBUTE_FORM (self), FALSE);

  field = find_field (self, key);
  if (field == NULL)
    return FALSE;
  field_set_error (field, message);
  return TRUE;
}

void
plz_attribute_form_clear_errors (PlzAttributeForm *self)
{
  g_return_if_fail (PLZ_IS_ATTRIBUTE_FORM (self));

  for (guint i = 0; i < self->fields->len; i++)
    field_set_error (g_ptr_array_index (self->fields, i), NULL);
}

GtkWidget *
plz_attribute_form_get_row (PlzAttributeForm *self,
                            const char       *key)
{
  Field *field;

  g_return_val_if_fail (PLZ_IS_ATTRIBUTE_FORM (self), NULL);

  field = find_field (self, key);
  return field != NULL ? field->row : NULL;
}

GtkWidget *
plz_attribute_form_new (void)
{
  return g_object_new (PLZ_TYPE_ATTRIBUTE_FORM, NULL);
}

static void
plz_attribute_form_dispose (GObject *object)
{
  PlzAttributeForm *self = PLZ_ATTRIBUTE_FORM (object);

  /* The rows go with the group; their signal handlers point at the fields. */
  if (self->fields != NULL)
    remove_fields (self);
  g_clear_pointer (&self->fields, g_ptr_array_unref);

  G_OBJECT_CLASS (plz_attribute_form_parent_class)->dispose (object);
}

static void
plz_attribute_form_class_init (PlzAttributeFormClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = plz_attribute_form_dispose;

  /* A value changed, by a person or by set_values/set_schema. */
  signals[CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
plz_attribute_form_init (PlzAttributeForm *self)
{
  self->fields = g_ptr_array_new_with_free_func ((GDestroyNotify) field_free);
}
