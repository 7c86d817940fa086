/* plz-discover-filters.c — the form in the Discover page's filter popover:
 * order, category (with its attributes), price range and place */

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "plz-discover-filters.h"
#include "plz-error.h"
#include "plz-form.h"
#include "plz-listing-item.h"
#include "plz-money.h"
#include "plz-places.h"

#define CURRENCY "ZAR"

typedef struct
{
  char      *key;
  char      *label;
  char      *type;       /* enum, boolean, integer or number */
  char      *unit;       /* NULL, or "min", "m²", "cents" ... */
  JsonArray *values;     /* an enum's values */
  GtkWidget *row;        /* the combo or switch row, or the "at least" entry row */
  GtkWidget *max_row;    /* the "at most" entry row of a number */
  GtkWidget *toggle;     /* a boolean's switch */
} AttrRow;

struct _PlzDiscoverFilters
{
  AdwBin          parent_instance;

  /* Template children */
  AdwComboRow    *sort_row;
  GtkLabel       *sort_error;
  AdwComboRow    *category_row;
  GtkListBox     *attribute_list;
  GtkLabel       *attribute_error;
  GtkLabel       *categories_error;
  AdwEntryRow    *min_price_row;
  AdwEntryRow    *max_price_row;
  GtkLabel       *price_error;
  AdwComboRow    *place_row;
  AdwComboRow    *radius_row;

  PlzCategories  *categories;
  GArray         *category_ids;   /* gint64 per category row position; 0: all */
  GPtrArray      *attr_rows;      /* AttrRow */
  PlzSearchQuery *base;           /* text of the query last set */
};

G_DEFINE_FINAL_TYPE (PlzDiscoverFilters, plz_discover_filters, ADW_TYPE_BIN)

enum {
  APPLIED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const struct { const char *value; const char *label; } sorts[] = {
  { NULL,         N_("Best match") },
  { "newest",     N_("Newest") },
  { "price_asc",  N_("Price: low to high") },
  { "price_desc", N_("Price: high to low") },
  { "distance",   N_("Nearest first") },
  { "rating",     N_("Top rated") },
};

static void
attr_row_free (AttrRow *row)
{
  g_free (row->key);
  g_free (row->label);
  g_free (row->type);
  g_free (row->unit);
  g_clear_pointer (&row->values, json_array_unref);
  g_free (row);
}

/* ---- building the form --------------------------------------------------------- */

static const PlzCategory *
selected_category (PlzDiscoverFilters *self)
{
  guint i = adw_combo_row_get_selected (self->category_row);
  gint64 id = i < self->category_ids->len ? g_array_index (self->category_ids, gint64, i) : 0;

  return id > 0 && self->categories != NULL ? plz_categories_lookup (self->categories, id) : NULL;
}

static GtkWidget *
entry_row (PlzDiscoverFilters *self,
           const char         *title)
{
  GtkWidget *row = adw_entry_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_entry_row_set_input_purpose (ADW_ENTRY_ROW (row), GTK_INPUT_PURPOSE_NUMBER);
  g_signal_connect_swapped (row, "entry-activated", G_CALLBACK (plz_discover_filters_apply), self);
  return row;
}

/* Number filters read "Garden size: at least (m²)"; amounts in cents are typed in rand. */
static char *
bound_title (AttrRow    *attr,
             gboolean    max)
{
  const char *unit = g_strcmp0 (attr->unit, "cents") == 0 ? plz_money_symbol (CURRENCY) : attr->unit;

  if (unit != NULL)
    /* TRANSLATORS: a filter's bound, "Duration: at least (min)" */
    return g_strdup_printf (max ? _("%s: at most (%s)") : _("%s: at least (%s)"), attr->label, unit);
  /* TRANSLATORS: a filter's bound, "Bedrooms: at least" */
  return g_strdup_printf (max ? _("%s: at most") : _("%s: at least"), attr->label);
}

static void
add_attribute (PlzDiscoverFilters *self,
               const PlzCategory  *category,
               JsonObject         *def)
{
  const char *key = plz_listing_json_string (def, "key");
  const char *type = plz_listing_json_string (def, "type");
  JsonNode *filterable = json_object_get_member (def, "filterable");
  AttrRow *attr;

  if (key == NULL || type == NULL || filterable == NULL || !JSON_NODE_HOLDS_VALUE (filterable)
      || json_node_get_value_type (filterable) != G_TYPE_BOOLEAN || !json_node_get_boolean (filterable))
    return;
  if (!g_str_equal (type, "enum") && !g_str_equal (type, "boolean")
      && !g_str_equal (type, "integer") && !g_str_equal (type, "number"))
    return;

  attr = g_new0 (AttrRow, 1);
  attr->key = g_strdup (key);
  attr->label = g_strdup (plz_category_attribute_label (category, key));
  attr->type = g_strdup (type);
  attr->unit = g_strdup (plz_listing_json_string (def, "unit"));

  if (g_str_equal (type, "enum"))
    {
      JsonNode *values = json_object_get_member (def, "values");
      g_autoptr(GtkStringList) strings = gtk_string_list_new (NULL);

      attr->values = values != NULL && JSON_NODE_HOLDS_ARRAY (values)
                     ? json_array_ref (json_node_get_array (values)) : json_array_new ();
      gtk_string_list_append (strings, _("Any"));
      for (guint i = 0; i < json_array_get_length (attr->values); i++)
        {
          g_autofree char *text = plz_category_format_value (category, key,
                                                             json_array_get_element (attr->values, i));
          gtk_string_list_append (strings, text);
        }
      attr->row = adw_combo_row_new ();
      adw_combo_row_set_model (ADW_COMBO_ROW (attr->row), G_LIST_MODEL (strings));
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (attr->row), attr->label);
    }
  else if (g_str_equal (type, "boolean"))
    {
      attr->row = adw_action_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (attr->row), attr->label);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (attr->row), _("Only listings with this"));
      attr->toggle = gtk_switch_new ();
      gtk_widget_set_valign (attr->toggle, GTK_ALIGN_CENTER);
      gtk_accessible_update_property (GTK_ACCESSIBLE (attr->toggle), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      attr->label, -1);
      adw_action_row_add_suffix (ADW_ACTION_ROW (attr->row), attr->toggle);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (attr->row), attr->toggle);
    }
  else
    {
      g_autofree char *min_title = bound_title (attr, FALSE);
      g_autofree char *max_title = bound_title (attr, TRUE);

      attr->row = entry_row (self, min_title);
      attr->max_row = entry_row (self, max_title);
    }

  gtk_list_box_append (self->attribute_list, attr->row);
  if (attr->max_row != NULL)
    gtk_list_box_append (self->attribute_list, attr->max_row);
  g_ptr_array_add (self->attr_rows, attr);
}

static void
rebuild_attributes (PlzDiscoverFilters *self)
{
  const PlzCategory *category = selected_category (self);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->attribute_list))) != NULL)
    gtk_list_box_remove (self->attribute_list, child);
  g_ptr_array_set_size (self->attr_rows, 0);
  plz_form_set_error (NULL, self->attribute_error, NULL);

  for (guint i = 0; category != NULL && i < json_array_get_length (category->attributes); i++)
    {
      JsonNode *node = json_array_get_element (category->attributes, i);

      if (JSON_NODE_HOLDS_OBJECT (node))
        add_attribute (self, category, json_node_get_object (node));
    }
  gtk_widget_set_visible (GTK_WIDGET (self->attribute_list), self->attr_rows->len > 0);
}

static void
category_changed_cb (PlzDiscoverFilters *self)
{
  rebuild_attributes (self);
}

static void
place_changed_cb (PlzDiscoverFilters *self)
{
  gtk_widget_set_sensitive (GTK_WIDGET (self->radius_row), adw_combo_row_get_selected (self->place_row) > 0);
}

static void
sort_changed_cb (PlzDiscoverFilters *self)
{
  plz_form_set_error (NULL, self->sort_error, NULL);
}

static void
entry_activated_cb (PlzDiscoverFilters *self)
{
  plz_discover_filters_apply (self);
}

/* Categories indented under their parents in the open list. */
static void
category_item_setup_cb (GtkSignalListItemFactory *factory,
                        GtkListItem              *item,
                        PlzDiscoverFilters       *self)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_list_item_set_child (item, label);
}

static void
category_item_bind_cb (GtkSignalListItemFactory *factory,
                       GtkListItem              *item,
                       PlzDiscoverFilters       *self)
{
  GtkStringObject *string = gtk_list_item_get_item (item);
  guint position = gtk_list_item_get_position (item);
  gint64 id = position < self->category_ids->len ? g_array_index (self->category_ids, gint64, position) : 0;
  const PlzCategory *category = id > 0 && self->categories != NULL ? plz_categories_lookup (self->categories, id)
                                                                   : NULL;
  GtkWidget *label = gtk_list_item_get_child (item);

  gtk_label_set_label (GTK_LABEL (label), gtk_string_object_get_string (string));
  gtk_widget_set_margin_start (label, category != NULL ? 18 * category->depth : 0);
}

void
plz_discover_filters_set_categories (PlzDiscoverFilters *self,
                                     PlzCategories      *categories)
{
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  gint64 all = 0;

  g_return_if_fail (PLZ_IS_DISCOVER_FILTERS (self));
  g_return_if_fail (categories == NULL || PLZ_IS_CATEGORIES (categories));

  g_set_object (&self->categories, categories);
  g_array_set_size (self->category_ids, 0);
  gtk_string_list_append (names, _("All categories"));
  g_array_append_val (self->category_ids, all);
  for (guint i = 0; categories != NULL && i < plz_categories_get_n (categories); i++)
    {
      const PlzCategory *category = plz_categories_get_nth (categories, i);

      gtk_string_list_append (names, category->name);
      g_array_append_val (self->category_ids, category->id);
    }
  adw_combo_row_set_model (self->category_row, G_LIST_MODEL (names));
  gtk_widget_set_visible (GTK_WIDGET (self->categories_error), categories == NULL);
  rebuild_attributes (self);
}

/* ---- query → form ---------------------------------------------------------------- */

/* "1200" or "1200.50": what a person would type, for plz_money_parse. */
static char *
format_amount (gint64 minor)
{
  guint exponent = plz_money_exponent (CURRENCY);
  gint64 unit = 1;

  for (guint i = 0; i < exponent; i++)
    unit *= 10;
  if (minor % unit == 0)
    return g_strdup_printf ("%" G_GINT64_FORMAT, minor / unit);
  return g_strdup_printf ("%" G_GINT64_FORMAT ".%0*" G_GINT64_FORMAT, minor / unit, (int) exponent, minor % unit);
}

static void
set_entry (GtkWidget  *row,
           const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (row), text != NULL ? text : "");
}

static void
fill_attribute (AttrRow    *attr,
                GHashTable *values)
{
  const char *value = g_hash_table_lookup (values, attr->key);

  if (g_str_equal (attr->type, "enum"))
    {
      guint selected = 0;

      for (guint i = 0; value != NULL && i < json_array_get_length (attr->values); i++)
        if (g_strcmp0 (json_array_get_string_element (attr->values, i), value) == 0)
          selected = i + 1;
      adw_combo_row_set_selected (ADW_COMBO_ROW (attr->row), selected);
    }
  else if (g_str_equal (attr->type, "boolean"))
    gtk_switch_set_active (GTK_SWITCH (attr->toggle), g_strcmp0 (value, "true") == 0);
  else
    {
      g_autofree char *min_key = g_strconcat (attr->key, ".min", NULL);
      g_autofree char *max_key = g_strconcat (attr->key, ".max", NULL);
      const char *bounds[2] = { g_hash_table_lookup (values, min_key), g_hash_table_lookup (values, max_key) };
      GtkWidget *rows[2] = { attr->row, attr->max_row };

      for (guint i = 0; i < 2; i++)
        {
          gint64 minor = 0;

          if (bounds[i] != NULL && g_strcmp0 (attr->unit, "cents") == 0
              && g_ascii_string_to_signed (bounds[i], 10, 0, G_MAXINT64, &minor, NULL))
            {
              g_autofree char *amount = format_amount (minor);
              set_entry (rows[i], amount);
            }
          else
            set_entry (rows[i], bounds[i]);
        }
    }
}

static void
clear_errors (PlzDiscoverFilters *self)
{
  plz_form_set_error (NULL, self->sort_error, NULL);
  plz_form_set_error (GTK_WIDGET (self->min_price_row), self->price_error, NULL);
  plz_form_set_error (GTK_WIDGET (self->max_price_row), self->price_error, NULL);
  plz_form_set_error (NULL, self->attribute_error, NULL);
  for (guint i = 0; i < self->attr_rows->len; i++)
    {
      AttrRow *attr = self->attr_rows->pdata[i];

      plz_form_set_error (attr->row, self->attribute_error, NULL);
      if (attr->max_row != NULL)
        plz_form_set_error (attr->max_row, self->attribute_error, NULL);
    }
}

void
plz_discover_filters_set_query (PlzDiscoverFilters   *self,
                                const PlzSearchQuery *query)
{
  const guint *radii = plz_places_radii ();
  guint n_places = 0, sort = 0, category = 0, place = 0, radius = 0;
  const PlzPlace *places = plz_places_get (&n_places);
  g_autofree char *min = NULL, *max = NULL;

  g_return_if_fail (PLZ_IS_DISCOVER_FILTERS (self));
  g_return_if_fail (query != NULL);

  g_clear_pointer (&self->base, plz_search_query_free);
  self->base = plz_search_query_copy (query);
  clear_errors (self);

  for (guint i = 0; i < G_N_ELEMENTS (sorts); i++)
    if (g_strcmp0 (sorts[i].value, query->sort) == 0)
      sort = i;
  adw_combo_row_set_selected (self->sort_row, sort);

  for (guint i = 0; i < self->category_ids->len; i++)
    if (g_array_index (self->category_ids, gint64, i) == query->category_id)
      category = i;
  if (adw_combo_row_get_selected (self->category_row) != category)
    adw_combo_row_set_selected (self->category_row, category);
  else
    rebuild_attributes (self);
  for (guint i = 0; i < self->attr_rows->len; i++)
    fill_attribute (self->attr_rows->pdata[i], query->attributes);

  min = query->min_price >= 0 ? format_amount (query->min_price) : NULL;
  max = query->max_price >= 0 ? format_amount (query->max_price) : NULL;
  set_entry (GTK_WIDGET (self->min_price_row), min);
  set_entry (GTK_WIDGET (self->max_price_row), max);

  for (guint i = 0; query->place != NULL && i < n_places; i++)
    if (g_str_equal (places[i].name, query->place))
      place = i + 1;
  adw_combo_row_set_selected (self->place_row, place);
  /* The offered distance nearest to the one asked. */
  for (guint i = 0; radii[i] != 0; i++)
    if (query->radius_km > 0 && ABS (radii[i] - query->radius_km) < ABS (radii[radius] - query->radius_km))
      radius = i;
  if (query->place == NULL)
    for (guint i = 0; radii[i] != 0; i++)
      if (radii[i] == 25)
        radius = i;
  adw_combo_row_set_selected (self->radius_row, radius);
  place_changed_cb (self);
}

/* ---- form → query ---------------------------------------------------------------- */

static gboolean
parse_price (PlzDiscoverFilters *self,
             AdwEntryRow        *row,
             gint64             *out,
             GError            **error)
{
  g_autofree char *text = plz_form_get_text (GTK_EDITABLE (row));
  g_autoptr(GError) local = NULL;

  *out = -1;
  if (*text == '\0')
    return TRUE;
  if (!plz_money_parse (text, CURRENCY, out, &local))
    {
      plz_form_set_error (GTK_WIDGET (row), self->price_error, local->message);
      if (error != NULL && *error == NULL)
        *error = g_steal_pointer (&local);
      return FALSE;
    }
  return TRUE;
}

static gboolean
attribute_error (PlzDiscoverFilters *self,
                 GtkWidget          *row,
                 GError            **error,
                 const char         *message)
{
  plz_form_set_error (row, self->attribute_error, message);
  if (error != NULL && *error == NULL)
    g_set_error_literal (error, PLZ_ERROR, PLZ_ERROR_INVALID_INPUT, message);
  return FALSE;
}

/* One bound of a number attribute as the server reads it, or NULL when empty. */
static gboolean
parse_bound (PlzDiscoverFilters  *self,
             AttrRow             *attr,
             GtkWidget           *row,
             char               **out,
             double              *value,
             GError             **error)
{
  g_autofree char *text = plz_form_get_text (GTK_EDITABLE (row));
  g_autofree char *message = NULL;

  *out = NULL;
  if (*text == '\0')
    return TRUE;

  if (g_strcmp0 (attr->unit, "cents") == 0)
    {
      g_autoptr(GError) local = NULL;
      gint64 minor;

      if (!plz_money_parse (text, CURRENCY, &minor, &local))
        {
          message = g_strdup_printf ("%s: %s", attr->label, local->message);
          return attribute_error (self, row, error, message);
        }
      *value = (double) minor;
      *out = g_strdup_printf ("%" G_GINT64_FORMAT, minor);
      return TRUE;
    }
  if (g_str_equal (attr->type, "integer"))
    {
      gint64 n;

      if (!g_ascii_string_to_signed (text, 10, G_MININT32, G_MAXINT32, &n, NULL))
        {
          /* TRANSLATORS: %s is what a filter is about, "Bedrooms" */
          message = g_strdup_printf (_("%s: type a whole number, such as 3"), attr->label);
          return attribute_error (self, row, error, message);
        }
      *value = (double) n;
      *out = g_strdup_printf ("%" G_GINT64_FORMAT, n);
      return TRUE;
    }
  {
    char *end = NULL;
    double d = g_ascii_strtod (text, &end);
    char buf[G_ASCII_DTOSTR_BUF_SIZE];

    if (end == text || *end != '\0' || !isfinite (d))
      {
        /* TRANSLATORS: %s is what a filter is about, "Garden size" */
        message = g_strdup_printf (_("%s: type a number, such as 2.5"), attr->label);
        return attribute_error (self, row, error, message);
      }
    *value = d;
    *out = g_strdup (g_ascii_dtostr (buf, sizeof buf, d));
    return TRUE;
  }
}

static gboolean
read_attribute (PlzDiscoverFilters  *self,
                AttrRow             *attr,
                PlzSearchQuery      *query,
                GError             **error)
{
  if (g_str_equal (attr->type, "enum"))
    {
      guint selected = adw_combo_row_get_selected (ADW_COMBO_ROW (attr->row));

      if (selected > 0 && selected <= json_array_get_length (attr->values))
        plz_search_query_set_attribute (query, attr->key, json_array_get_string_element (attr->values, selected - 1));
      return TRUE;
    }
  if (g_str_equal (attr->type, "boolean"))
    {
      if (gtk_switch_get_active (GTK_SWITCH (attr->toggle)))
        plz_search_query_set_attribute (query, attr->key, "true");
      return TRUE;
    }
  {
    g_autofree char *min = NULL, *max = NULL;
    g_autofree char *min_key = g_strconcat (attr->key, ".min", NULL);
    g_autofree char *max_key = g_strconcat (attr->key, ".max", NULL);
    double lo = 0, hi = 0;
    gboolean ok = parse_bound (self, attr, attr->row, &min, &lo, error);

    ok = parse_bound (self, attr, attr->max_row, &max, &hi, error) && ok;
    if (!ok)
      return FALSE;
    if (min != NULL && max != NULL && lo > hi)
      {
        /* TRANSLATORS: %s is what a filter is about, "Bedrooms" */
        g_autofree char *message = g_strdup_printf (_("%s: the most is less than the least"), attr->label);
        return attribute_error (self, attr->max_row, error, message);
      }
    plz_search_query_set_attribute (query, min_key, min);
    plz_search_query_set_attribute (query, max_key, max);
    return TRUE;
  }
}

PlzSearchQuery *
plz_discover_filters_build_query (PlzDiscoverFilters  *self,
                                  GError             **error)
{
  g_autoptr(PlzSearchQuery) query = NULL;
  guint sort = adw_combo_row_get_selected (self->sort_row);
  guint place = adw_combo_row_get_selected (self->place_row);
  guint radius = adw_combo_row_get_selected (self->radius_row);
  guint n_places = 0;
  const PlzPlace *places = plz_places_get (&n_places);
  const guint *radii = plz_places_radii ();
  const PlzCategory *category = selected_category (self);
  gboolean ok = TRUE;

  g_return_val_if_fail (PLZ_IS_DISCOVER_FILTERS (self), NULL);

  clear_errors (self);
  query = self->base != NULL ? plz_search_query_copy (self->base) : plz_search_query_new ();
  plz_search_query_clear_filters (query);

  g_clear_pointer (&query->sort, g_free);
  query->sort = g_strdup (sort < G_N_ELEMENTS (sorts) ? sorts[sort].value : NULL);
  if (place > 0 && place <= n_places)
    {
      guint n_radii = 0;

      while (radii[n_radii] != 0)
        n_radii++;
      plz_search_query_set_place (query, places[place - 1].name, places[place - 1].lat, places[place - 1].lng,
                                  radii[MIN (radius, n_radii - 1)]);
    }
  else if (g_strcmp0 (query->sort, "distance") == 0)
    {
      const char *message = _("Choose a place below to sort by distance");

      plz_form_set_error (NULL, self->sort_error, message);
      g_set_error_literal (error, PLZ_ERROR, PLZ_ERROR_INVALID_INPUT, message);
      ok = FALSE;
    }

  query->category_id = category != NULL ? category->id : 0;
  for (guint i = 0; category != NULL && i < self->attr_rows->len; i++)
    ok = read_attribute (self, self->attr_rows->pdata[i], query, error) && ok;

  ok = parse_price (self, self->min_price_row, &query->min_price, error) && ok;
  ok = parse_price (self, self->max_price_row, &query->max_price, error) && ok;
  if (query->min_price >= 0 && query->max_price >= 0 && query->min_price > query->max_price)
    {
      const char *message = _("The highest price is below the lowest");

      plz_form_set_error (GTK_WIDGET (self->max_price_row), self->price_error, message);
      if (error != NULL && *error == NULL)
        g_set_error_literal (error, PLZ_ERROR, PLZ_ERROR_INVALID_INPUT, message);
      ok = FALSE;
    }

  return ok ? g_steal_pointer (&query) : NULL;
}

gboolean
plz_discover_filters_apply (PlzDiscoverFilters *self)
{
  g_autoptr(PlzSearchQuery) query = NULL;

  g_return_val_if_fail (PLZ_IS_DISCOVER_FILTERS (self), FALSE);

  query = plz_discover_filters_build_query (self, NULL);
  if (query == NULL)
    return FALSE;
  g_clear_pointer (&self->base, plz_search_query_free);
  self->base = plz_search_query_copy (query);
  g_signal_emit (self, signals[APPLIED], 0, query);
  return TRUE;
}

void
plz_discover_filters_clear (PlzDiscoverFilters *self)
{
  g_autoptr(PlzSearchQuery) query = NULL;

  g_return_if_fail (PLZ_IS_DISCOVER_FILTERS (self));

  query = self->base != NULL ? plz_search_query_copy (self->base) : plz_search_query_new ();
  plz_search_query_clear_filters (query);
  /* Nearest first means nothing without a place. */
  if (g_strcmp0 (query->sort, "distance") == 0)
    g_clear_pointer (&query->sort, g_free);
  plz_discover_filters_set_query (self, query);
  g_signal_emit (self, signals[APPLIED], 0, query);
}

static void
apply_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  plz_discover_filters_apply (PLZ_DISCOVER_FILTERS (widget));
}

static void
clear_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  plz_discover_filters_clear (PLZ_DISCOVER_FILTERS (widget));
}

GtkWidget *
plz_discover_filters_new (void)
{
  return g_object_new (PLZ_TYPE_DISCOVER_FILTERS, NULL);
}

static void
plz_discover_filters_dispose (GObject *object)
{
  PlzDiscoverFilters *self = PLZ_DISCOVER_FILTERS (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), PLZ_TYPE_DISCOVER_FILTERS);
  g_clear_object (&self->categories);
  G_OBJECT_CLASS (plz_discover_filters_parent_class)->dispose (object);
}

static void
plz_discover_filters_finalize (GObject *object)
{
  PlzDiscoverFilters *self = PLZ_DISCOVER_FILTERS (object);

  g_array_unref (self->category_ids);
  g_ptr_array_unref (self->attr_rows);
  g_clear_pointer (&self->base, plz_search_query_free);
  G_OBJECT_CLASS (plz_discover_filters_parent_class)->finalize (object);
}

static void
plz_discover_filters_class_init (PlzDiscoverFiltersClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = plz_discover_filters_dispose;
  object_class->finalize = plz_discover_filters_finalize;

  signals[APPLIED] = g_signal_new ("applied", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_POINTER);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/plaza/Plaza/plz-discover-filters.ui");
  gtk_widget_class_bind_template_child (widget_class, PlzDiscoverFilters, sort_row);
  gtk_widget_class_bind_template_child (widget_class, PlzDiscoverFilters, sort_error);
  gtk_widget_class_bind_template_child (widget_class, PlzDiscoverFilters, category_row);
  gtk_widget_class_bind_template_child (widget_class, PlzDiscoverFilters, attribute_list);
  gtk_widget_class_bind_template_child (widget_class, PlzDiscoverFilters, attribute_error);
  gtk_widget_class_bind_template_child (widget_class, PlzDiscoverFilters, categories_error);
  gtk_widget_class_bind_template_child (widget_class, PlzDiscoverFilters, min_price_row);
  gtk_widget_class_bind_template_child (widget_class, PlzDiscoverFilters, max_price_row);
  gtk_widget_class_bind_template_child (widget_class, PlzDiscoverFilters, price_error);
  gtk_widget_class_bind_template_child (widget_class, PlzDiscoverFilters, place_row);
  gtk_widget_class_bind_template_child (widget_class, PlzDiscoverFilters, radius_row);
  gtk_widget_class_bind_template_callback (widget_class, category_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, place_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, sort_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, entry_activated_cb);

  gtk_widget_class_install_action (widget_class, "filters.apply", NULL, apply_action);
  gtk_widget_class_install_action (widget_class, "filters.clear", NULL, clear_action);
}

static void
plz_discover_filters_init (PlzDiscoverFilters *self)
{
  g_autoptr(GtkStringList) sort_names = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) place_names = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) radius_names = gtk_string_list_new (NULL);
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
  const guint *radii = plz_places_radii ();
  guint n_places = 0;
  const PlzPlace *places = plz_places_get (&n_places);

  self->category_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->attr_rows = g_ptr_array_new_with_free_func ((GDestroyNotify) attr_row_free);
  gtk_widget_init_template (GTK_WIDGET (self));

  for (guint i = 0; i < G_N_ELEMENTS (sorts); i++)
    gtk_string_list_append (sort_names, _(sorts[i].label));
  adw_combo_row_set_model (self->sort_row, G_LIST_MODEL (sort_names));

  gtk_string_list_append (place_names, _("Anywhere"));
  for (guint i = 0; i < n_places; i++)
    gtk_string_list_append (place_names, places[i].name);
  adw_combo_row_set_model (self->place_row, G_LIST_MODEL (place_names));

  for (guint i = 0; radii[i] != 0; i++)
    {
      /* TRANSLATORS: a distance around a city, "25 km" */
      g_autofree char *text = g_strdup_printf (_("%u km"), radii[i]);
      gtk_string_list_append (radius_names, text);
    }
  adw_combo_row_set_model (self->radius_row, G_LIST_MODEL (radius_names));

  g_signal_connect (factory, "setup", G_CALLBACK (category_item_setup_cb), self);
  g_signal_connect (factory, "bind", G_CALLBACK (category_item_bind_cb), self);
  adw_combo_row_set_list_factory (self->category_row, factory);
  plz_discover_filters_set_categories (self, NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->categories_error), FALSE);

  {
    g_autoptr(PlzSearchQuery) empty = plz_search_query_new ();
    plz_discover_filters_set_query (self, empty);
  }
}
