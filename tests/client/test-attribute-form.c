/* test-attribute-form.c — schema → rows → JSON, bounds, and category changes */

#include "config.h"

#include <adwaita.h>

#include "plz-attribute-form.h"
#include "plz-client-test.h"
#include "plz-error.h"
#include "plz-json.h"

/* One attribute of every type, like the server's categories. */
static const char *cleaning_schema =
  "[{\"key\":\"property_type\",\"label\":\"Property type\",\"type\":\"enum\","
  "  \"values\":[\"apartment\",\"house\",\"office\"]},"
  " {\"key\":\"bedrooms\",\"label\":\"Bedrooms\",\"type\":\"integer\",\"min\":0,\"max\":20},"
  " {\"key\":\"eco_products\",\"label\":\"Eco-friendly products\",\"type\":\"boolean\"},"
  " {\"key\":\"area_m2\",\"label\":\"Floor area\",\"type\":\"number\",\"unit\":\"m²\",\"min\":1,\"max\":5000},"
  " {\"key\":\"notes\",\"label\":\"Access notes\",\"type\":\"text\",\"max_length\":10}]";

/* Shares bedrooms (integer) and property_type (enum, fewer choices) with
 * cleaning; area_m2 is text here, so a number cannot be kept. */
static const char *other_schema =
  "[{\"key\":\"property_type\",\"label\":\"Property type\",\"type\":\"enum\",\"values\":[\"house\",\"farm\"]},"
  " {\"key\":\"bedrooms\",\"label\":\"Bedrooms\",\"type\":\"integer\",\"min\":1,\"max\":10},"
  " {\"key\":\"area_m2\",\"label\":\"Area\",\"type\":\"text\"},"
  " {\"key\":\"duration_min\",\"label\":\"Duration\",\"type\":\"integer\",\"unit\":\"min\",\"min\":10,\"max\":600}]";

static JsonNode *
parse (const char *text)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node = json_from_string (text, &error);

  g_assert_no_error (error);
  return node;
}

static JsonObject *
def_of (JsonNode   *schema,
        const char *key)
{
  JsonArray *array = json_node_get_array (schema);

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *def = json_array_get_object_element (array, i);

      if (g_str_equal (json_object_get_string_member (def, "key"), key))
        return def;
    }
  g_assert_not_reached ();
}

static PlzAttributeForm *
form_with (const char *schema_text)
{
  g_autoptr(JsonNode) schema = parse (schema_text);
  PlzAttributeForm *form = PLZ_ATTRIBUTE_FORM (g_object_ref_sink (plz_attribute_form_new ()));

  plz_attribute_form_set_schema (form, json_node_get_array (schema));
  return form;
}

/* The widget of @key that takes input: a switch, spin button, entry or combo row. */
static GtkWidget *
input_of (PlzAttributeForm *form,
          const char       *key,
          GType             type)
{
  GtkWidget *row = plz_attribute_form_get_row (form, key);
  GtkWidget *input;

  g_assert_nonnull (row);
  input = plz_test_find_widget (row, type);
  g_assert_nonnull (input);
  return input;
}

static void
assert_json (JsonObject *object,
             const char *expected)
{
  g_autoptr(JsonNode) want = parse (expected);
  g_autoptr(JsonNode) got = json_node_init_object (json_node_alloc (), object);

  if (!plz_json_equal (got, want))
    {
      g_autofree char *text = plz_json_to_string (got);
      g_error ("got %s, expected %s", text, expected);
    }
}

static void
test_check_and_parse (void)
{
  g_autoptr(JsonNode) schema = parse (cleaning_schema);
  g_autoptr(JsonNode) three = json_node_init_int (json_node_alloc (), 3);
  g_autoptr(JsonNode) many = json_node_init_int (json_node_alloc (), 21);
  g_autoptr(JsonNode) half = json_node_init_double (json_node_alloc (), 2.5);
  g_autoptr(JsonNode) yes = json_node_init_boolean (json_node_alloc (), TRUE);
  g_autoptr(JsonNode) house = json_node_init_string (json_node_alloc (), "house");
  g_autoptr(JsonNode) castle = json_node_init_string (json_node_alloc (), "castle");
  g_autoptr(JsonNode) parsed = NULL;
  g_autoptr(JsonNode) bad_def = parse ("{\"key\":\"x\",\"type\":\"colour\"}");
  g_autoptr(GError) error = NULL;

  g_assert_true (plz_attribute_check (def_of (schema, "bedrooms"), three, NULL));
  g_assert_false (plz_attribute_check (def_of (schema, "bedrooms"), many, &error));
  g_assert_error (error, PLZ_ERROR, PLZ_ERROR_INVALID_INPUT);
  g_assert_cmpstr (plz_error_get_field (error), ==, "attributes.bedrooms");
  g_assert_cmpstr (error->message, ==, "Bedrooms must be at most 20");
  g_clear_error (&error);

  /* A whole number is not a fraction, and a fraction is a number. */
  g_assert_false (plz_attribute_check (def_of (schema, "bedrooms"), half, &error));
  g_assert_cmpstr (error->message, ==, "Bedrooms must be a whole number");
  g_clear_error (&error);
  g_assert_true (plz_attribute_check (def_of (schema, "area_m2"), half, NULL));
  g_assert_true (plz_attribute_check (def_of (schema, "area_m2"), three, NULL));
  g_assert_false (plz_attribute_check (def_of (schema, "area_m2"), yes, NULL));

  g_assert_true (plz_attribute_check (def_of (schema, "eco_products"), yes, NULL));
  g_assert_false (plz_attribute_check (def_of (schema, "eco_products"), three, NULL));
  g_assert_true (plz_attribute_check (def_of (schema, "property_type"), house, NULL));
  g_assert_false (plz_attribute_check (def_of (schema, "property_type"), castle, &error));
  g_assert_cmpstr (plz_error_get_field (error), ==, "attributes.property_type");
  g_clear_error (&error);
  g_assert_false (plz_attribute_check (json_node_get_object (bad_def), three, &error));
  g_assert_error (error, PLZ_ERROR, PLZ_ERROR_INVALID_INPUT);
  g_clear_error (&error);

  /* What people type. */
  parsed = plz_attribute_parse (def_of (schema, "bedrooms"), " 4 ", &error);
  g_assert_no_error (error);
  g_assert_cmpint (json_node_get_int (parsed), ==, 4);
  g_clear_pointer (&parsed, json_node_unref);
  g_assert_null (plz_attribute_parse (def_of (schema, "bedrooms"), "four", &error));
  g_assert_cmpstr (error->message, ==, "Bedrooms must be a whole number");
  g_clear_error (&error);
  g_assert_null (plz_attribute_parse (def_of (schema, "bedrooms"), "-1", &error));
  g_assert_cmpstr (error->message, ==, "Bedrooms must be at least 0");
  g_clear_error (&error);
  parsed = plz_attribute_parse (def_of (schema, "area_m2"), "120,5", &error);
  g_assert_no_error (error);
  g_assert_cmpfloat (json_node_get_double (parsed), ==, 120.5);
  g_clear_pointer (&parsed, json_node_unref);
  g_assert_null (plz_attribute_parse (def_of (schema, "area_m2"), "1e999", &error));
  g_clear_error (&error);
  g_assert_null (plz_attribute_parse (def_of (schema, "area_m2"), "0.5", &error));
  g_assert_cmpstr (error->message, ==, "Floor area must be at least 1");
  g_clear_error (&error);
  parsed = plz_attribute_parse (def_of (schema, "notes"), " Gate 4 ", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_node_get_string (parsed), ==, "Gate 4");
  g_clear_pointer (&parsed, json_node_unref);
  g_assert_null (plz_attribute_parse (def_of (schema, "notes"), "Ring the bell twice", &error));
  g_assert_cmpstr (plz_error_get_field (error), ==, "attributes.notes");
  g_clear_error (&error);
}

static void
test_rows_per_type (void)
{
  g_autoptr(PlzAttributeForm) form = form_with (cleaning_schema);
  AdwComboRow *combo;
  GListModel *names;
  GtkSpinButton *spin;
  GtkAdjustment *adjustment;
  g_autoptr(GtkStringObject) first = NULL;
  g_autoptr(GtkStringObject) second = NULL;

  g_assert_cmpuint (plz_attribute_form_get_n_fields (form), ==, 5);
  g_assert_null (plz_attribute_form_get_row (form, "nope"));

  /* enum → a drop-down: "Not set", then the choices as people read them. */
  combo = ADW_COMBO_ROW (plz_attribute_form_get_row (form, "property_type"));
  g_assert_true (ADW_IS_COMBO_ROW (combo));
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (combo)), ==, "Property type");
  names = adw_combo_row_get_model (combo);
  g_assert_cmpuint (g_list_model_get_n_items (names), ==, 4);
  first = g_list_model_get_item (names, 0);
  second = g_list_model_get_item (names, 2);
  g_assert_cmpstr (gtk_string_object_get_string (first), ==, "Not set");
  g_assert_cmpstr (gtk_string_object_get_string (second), ==, "House");

  /* boolean → a switch, named for screen readers. */
  g_assert_true (GTK_IS_SWITCH (input_of (form, "eco_products", GTK_TYPE_SWITCH)));

  /* integer → a spin button within the schema's bounds, no decimals. */
  spin = GTK_SPIN_BUTTON (input_of (form, "bedrooms", GTK_TYPE_SPIN_BUTTON));
  adjustment = gtk_spin_button_get_adjustment (spin);
  g_assert_cmpfloat (gtk_adjustment_get_lower (adjustment), ==, 0);
  g_assert_cmpfloat (gtk_adjustment_get_upper (adjustment), ==, 20);
  g_assert_cmpuint (gtk_spin_button_get_digits (spin), ==, 0);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (spin)), ==, "");
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (plz_attribute_form_get_row (form, "bedrooms"))),
                   ==, "From 0 to 20");

  /* number → a spin button with decimals, and its unit beside it. */
  spin = GTK_SPIN_BUTTON (input_of (form, "area_m2", GTK_TYPE_SPIN_BUTTON));
  g_assert_cmpuint (gtk_spin_button_get_digits (spin), ==, 2);
  g_assert_nonnull (plz_test_find_labelled (plz_attribute_form_get_row (form, "area_m2"), GTK_TYPE_LABEL, "m²"));

  /* text → an entry row. */
  g_assert_true (ADW_IS_ENTRY_ROW (plz_attribute_form_get_row (form, "notes")));

  /* A new schema replaces the rows; none leaves the form empty. */
  plz_attribute_form_set_schema (form, NULL);
  g_assert_cmpuint (plz_attribute_form_get_n_fields (form), ==, 0);
}

static void
test_round_trip (void)
{
  g_autoptr(PlzAttributeForm) form = form_with (cleaning_schema);
  const char *full = "{\"property_type\":\"office\",\"bedrooms\":0,\"eco_products\":true,"
                     "\"area_m2\":120.5,\"notes\":\"Gate 4\"}";
  g_autoptr(JsonNode) values = parse (full);
  g_autoptr(JsonNode) foreign = parse ("{\"bedrooms\":99,\"colour\":\"red\",\"property_type\":\"castle\"}");
  g_autoptr(JsonObject) out = NULL;
  g_autoptr(GError) error = NULL;

  /* Nothing given: only the switch speaks (off is "no"). */
  out = plz_attribute_form_get_values (form, &error);
  g_assert_no_error (error);
  assert_json (out, "{\"eco_products\":false}");
  g_clear_pointer (&out, json_object_unref);

  /* A listing's values come back as they went in (0 is a value, not "empty"). */
  plz_attribute_form_set_values (form, json_node_get_object (values));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (input_of (form, "bedrooms", GTK_TYPE_SPIN_BUTTON))), ==, "0");
  out = plz_attribute_form_get_values (form, &error);
  g_assert_no_error (error);
  assert_json (out, full);
  g_clear_pointer (&out, json_object_unref);

  /* Changed through the widgets, as a person would. */
  adw_combo_row_set_selected (ADW_COMBO_ROW (plz_attribute_form_get_row (form, "property_type")), 0);
  gtk_switch_set_active (GTK_SWITCH (input_of (form, "eco_products", GTK_TYPE_SWITCH)), FALSE);
  gtk_editable_set_text (GTK_EDITABLE (input_of (form, "bedrooms", GTK_TYPE_SPIN_BUTTON)), "3");
  gtk_editable_set_text (GTK_EDITABLE (input_of (form, "area_m2", GTK_TYPE_SPIN_BUTTON)), "");
  gtk_editable_set_text (GTK_EDITABLE (plz_attribute_form_get_row (form, "notes")), "  ");
  out = plz_attribute_form_get_values (form, &error);
  g_assert_no_error (error);
  assert_json (out, "{\"bedrooms\":3,\"eco_products\":false}");
  g_clear_pointer (&out, json_object_unref);

  /* Stepping up from an empty field shows, and gives, a number. */
  gtk_spin_button_spin (GTK_SPIN_BUTTON (input_of (form, "area_m2", GTK_TYPE_SPIN_BUTTON)), GTK_SPIN_STEP_FORWARD, 0.5);
  out = plz_attribute_form_get_values (form, &error);
  g_assert_no_error (error);
  g_assert_true (json_object_has_member (out, "area_m2"));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (input_of (form, "area_m2", GTK_TYPE_SPIN_BUTTON))), !=, "");
  g_clear_pointer (&out, json_object_unref);

  /* Leaving a spin button (its update) keeps a comma decimal, and keeps empty empty. */
  gtk_editable_set_text (GTK_EDITABLE (input_of (form, "area_m2", GTK_TYPE_SPIN_BUTTON)), "80,5");
  gtk_spin_button_update (GTK_SPIN_BUTTON (input_of (form, "area_m2", GTK_TYPE_SPIN_BUTTON)));
  gtk_editable_set_text (GTK_EDITABLE (input_of (form, "bedrooms", GTK_TYPE_SPIN_BUTTON)), "");
  gtk_spin_button_update (GTK_SPIN_BUTTON (input_of (form, "bedrooms", GTK_TYPE_SPIN_BUTTON)));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (input_of (form, "bedrooms", GTK_TYPE_SPIN_BUTTON))), ==, "");
  out = plz_attribute_form_get_values (form, &error);
  g_assert_no_error (error);
  assert_json (out, "{\"area_m2\":80.5,\"eco_products\":false}");
  g_clear_pointer (&out, json_object_unref);

  /* Keys the schema lacks, and values that do not fit it, are left out. */
  plz_attribute_form_set_values (form, json_node_get_object (foreign));
  out = plz_attribute_form_get_values (form, &error);
  g_assert_no_error (error);
  assert_json (out, "{\"eco_products\":false}");
}

static void
test_bounds (void)
{
  g_autoptr(PlzAttributeForm) form = form_with (cleaning_schema);
  GtkWidget *bedrooms = input_of (form, "bedrooms", GTK_TYPE_SPIN_BUTTON);
  GtkWidget *row = plz_attribute_form_get_row (form, "bedrooms");
  GtkWidget *error_label;
  g_autoptr(JsonObject) out = NULL;
  g_autoptr(GError) error = NULL;

  gtk_editable_set_text (GTK_EDITABLE (bedrooms), "25");
  /* Shown as it is typed, before anything is saved. */
  error_label = plz_test_find_labelled (GTK_WIDGET (form), GTK_TYPE_LABEL, "Bedrooms must be at most 20");
  g_assert_nonnull (error_label);

  out = plz_attribute_form_get_values (form, &error);
  g_assert_null (out);
  g_assert_error (error, PLZ_ERROR, PLZ_ERROR_INVALID_INPUT);
  g_assert_cmpstr (plz_error_get_field (error), ==, "attributes.bedrooms");
  g_assert_true (gtk_widget_has_css_class (row, "error"));
  g_clear_error (&error);

  /* Every bad field is marked at once; the error names the first. */
  gtk_editable_set_text (GTK_EDITABLE (bedrooms), "two");
  gtk_editable_set_text (GTK_EDITABLE (input_of (form, "area_m2", GTK_TYPE_SPIN_BUTTON)), "9000");
  gtk_editable_set_text (GTK_EDITABLE (plz_attribute_form_get_row (form, "notes")), "far too long a note");
  g_assert_null (plz_attribute_form_get_values (form, &error));
  g_assert_cmpstr (error->message, ==, "Bedrooms must be a whole number");
  g_clear_error (&error);
  g_assert_nonnull (plz_test_find_labelled (GTK_WIDGET (form), GTK_TYPE_LABEL, "Floor area must be at most 5000"));
  g_assert_true (gtk_widget_has_css_class (plz_attribute_form_get_row (form, "notes"), "error"));

  /* Fixed, the errors go. */
  gtk_editable_set_text (GTK_EDITABLE (bedrooms), "20");
  gtk_editable_set_text (GTK_EDITABLE (input_of (form, "area_m2", GTK_TYPE_SPIN_BUTTON)), "5000");
  gtk_editable_set_text (GTK_EDITABLE (plz_attribute_form_get_row (form, "notes")), "Gate 4");
  out = plz_attribute_form_get_values (form, &error);
  g_assert_no_error (error);
  assert_json (out, "{\"bedrooms\":20,\"area_m2\":5000,\"eco_products\":false,\"notes\":\"Gate 4\"}");
  g_assert_false (gtk_widget_has_css_class (row, "error"));
  g_assert_null (plz_test_find_labelled (GTK_WIDGET (form), GTK_TYPE_LABEL, "Bedrooms must be at most 20"));
}

static void
test_category_change (void)
{
  g_autoptr(PlzAttributeForm) form = form_with (cleaning_schema);
  g_autoptr(JsonNode) values = parse ("{\"property_type\":\"house\",\"bedrooms\":3,\"eco_products\":true,"
                                      "\"area_m2\":80,\"notes\":\"Gate 4\"}");
  g_autoptr(JsonNode) other = parse (other_schema);
  g_autoptr(JsonNode) cleaning = parse (cleaning_schema);
  g_autoptr(JsonNode) apartment = parse ("{\"property_type\":\"apartment\",\"bedrooms\":0}");
  g_autoptr(JsonObject) out = NULL;
  g_autoptr(GError) error = NULL;

  plz_attribute_form_set_values (form, json_node_get_object (values));
  plz_attribute_form_set_schema (form, json_node_get_array (other));
  g_assert_cmpuint (plz_attribute_form_get_n_fields (form), ==, 4);
  out = plz_attribute_form_get_values (form, &error);
  g_assert_no_error (error);
  /* Same key and a value that fits: kept. A number where text is wanted, a
   * key that is gone: dropped. */
  assert_json (out, "{\"property_type\":\"house\",\"bedrooms\":3}");
  g_clear_pointer (&out, json_object_unref);

  /* And back: what the other schema never had stays empty. */
  plz_attribute_form_set_schema (form, json_node_get_array (cleaning));
  out = plz_attribute_form_get_values (form, &error);
  g_assert_no_error (error);
  assert_json (out, "{\"property_type\":\"house\",\"bedrooms\":3,\"eco_products\":false}");
  g_clear_pointer (&out, json_object_unref);

  /* Values the new schema's choices or bounds refuse are dropped. */
  plz_attribute_form_set_values (form, json_node_get_object (apartment));
  plz_attribute_form_set_schema (form, json_node_get_array (other));
  out = plz_attribute_form_get_values (form, &error);
  g_assert_no_error (error);
  assert_json (out, "{}");
}

static void
count_cb (guint *count)
{
  (*count)++;
}

static void
test_errors_and_signal (void)
{
  g_autoptr(PlzAttributeForm) form = form_with (cleaning_schema);
  GtkWidget *row = plz_attribute_form_get_row (form, "property_type");
  guint changes = 0;

  g_assert_true (plz_attribute_form_set_error (form, "property_type", "Choose one of the choices"));
  g_assert_true (gtk_widget_has_css_class (row, "error"));
  g_assert_nonnull (plz_test_find_labelled (GTK_WIDGET (form), GTK_TYPE_LABEL, "Choose one of the choices"));
  g_assert_false (plz_attribute_form_set_error (form, "colour", "No such thing"));
  plz_attribute_form_clear_errors (form);
  g_assert_false (gtk_widget_has_css_class (row, "error"));
  g_assert_null (plz_test_find_labelled (GTK_WIDGET (form), GTK_TYPE_LABEL, "Choose one of the choices"));

  /* A person's change is announced, once. */
  g_signal_connect_swapped (form, "changed", G_CALLBACK (count_cb), &changes);
  gtk_switch_set_active (GTK_SWITCH (input_of (form, "eco_products", GTK_TYPE_SWITCH)), TRUE);
  g_assert_cmpuint (changes, ==, 1);
  adw_combo_row_set_selected (ADW_COMBO_ROW (row), 2);
  g_assert_cmpuint (changes, ==, 2);
  gtk_editable_set_text (GTK_EDITABLE (input_of (form, "bedrooms", GTK_TYPE_SPIN_BUTTON)), "2");
  g_assert_cmpuint (changes, ==, 3);
}

int
main (int   argc,
      char *argv[])
{
  if (!plz_test_init_gtk (&argc, &argv))
    return 0;

  g_test_add_func ("/attribute-form/check-and-parse", test_check_and_parse);
  g_test_add_func ("/attribute-form/rows-per-type", test_rows_per_type);
  g_test_add_func ("/attribute-form/round-trip", test_round_trip);
  g_test_add_func ("/attribute-form/bounds", test_bounds);
  g_test_add_func ("/attribute-form/category-change", test_category_change);
  g_test_add_func ("/attribute-form/errors-and-signal", test_errors_and_signal);
  return g_test_run ();
}
