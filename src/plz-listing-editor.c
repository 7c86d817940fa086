/* plz-listing-editor.c — the window where an operator writes a listing and adds its photos */

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "plz-error.h"
#include "plz-form.h"
#include "plz-json.h"
#include "plz-listing-editor-private.h"
#include "plz-listing-status.h"
#include "plz-money.h"

#define DEFAULT_CURRENCY "ZAR"
#define DEFAULT_COUNTRY  "ZA"
/* How close a listing's place must be to a city's to count as that city. */
#define SAME_PLACE_DEGREES 0.05

G_DEFINE_FINAL_TYPE (PlzListingEditor, plz_listing_editor, ADW_TYPE_WINDOW)

enum {
  SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* In the order of the pricing drop-down. */
static const char * const pricing_types[] = {
  "fixed", "hourly", "per_night", "per_project", "negotiable", "contact",
};

/* Where most of the pilot's operators work; anywhere else takes coordinates. */
static const struct
{
  const char *name;
  double      lat;
  double      lng;
} cities[] = {
  { "Johannesburg", -26.2041, 28.0473 },
  { "Cape Town", -33.9249, 18.4241 },
  { "Durban", -29.8587, 31.0218 },
  { "Pretoria", -25.7479, 28.2293 },
  { "Soweto", -26.2485, 27.8540 },
  { "Gqeberha", -33.9608, 25.6022 },
  { "Bloemfontein", -29.0852, 26.1596 },
  { "East London", -33.0153, 27.9116 },
  { "Pietermaritzburg", -29.6006, 30.3794 },
  { "Polokwane", -23.9045, 29.4689 },
  { "Mbombela", -25.4753, 30.9694 },
  { "Kimberley", -28.7282, 24.7499 },
  { "Stellenbosch", -33.9321, 18.8602 },
};

/* City drop-down: "Choose…", the cities, then "Somewhere else". */
#define CITY_SOMEWHERE_ELSE (G_N_ELEMENTS (cities) + 1)

/* ---- reading the form --------------------------------------------------------- */

static const PlzCategory *
selected_category (PlzListingEditor *self)
{
  guint position = adw_combo_row_get_selected (self->category_row);

  /* Position 0 is "Choose a category". */
  if (self->categories == NULL || position == 0 || position == GTK_INVALID_LIST_POSITION
      || position > plz_categories_get_n (self->categories))
    return NULL;
  return plz_categories_get_nth (self->categories, position - 1);
}

static const char *
selected_pricing (PlzListingEditor *self)
{
  guint position = adw_combo_row_get_selected (self->pricing_row);

  return position < G_N_ELEMENTS (pricing_types) ? pricing_types[position] : "fixed";
}

static const char *
listing_currency (PlzListingEditor *self)
{
  JsonObject *price = self->listing != NULL && json_object_has_member (self->listing, "price")
                      ? json_object_get_object_member (self->listing, "price") : NULL;

  return price != NULL ? json_object_get_string_member_with_default (price, "currency", DEFAULT_CURRENCY)
                       : DEFAULT_CURRENCY;
}

static char *
description_text (PlzListingEditor *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->description_view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return g_strstrip (gtk_text_buffer_get_text (buffer, &start, &end, FALSE));
}

/* A coordinate as typed ("-26.2041", or "-26,2041"); range checks are the server's. */
static gboolean
parse_coordinate (AdwEntryRow *row,
                  double      *out)
{
  g_autofree char *text = plz_form_get_text (GTK_EDITABLE (row));
  char *end = NULL;

  g_strdelimit (text, ",", '.');
  *out = g_ascii_strtod (text, &end);
  return *text != '\0' && end != NULL && *end == '\0' && isfinite (*out);
}

static void
clear_errors (PlzListingEditor *self)
{
  plz_form_set_error (GTK_WIDGET (self->title_row), self->title_error, NULL);
  plz_form_set_error (GTK_WIDGET (self->category_row), self->category_error, NULL);
  plz_form_set_error (self->description_frame, self->description_error, NULL);
  plz_form_set_error (GTK_WIDGET (self->price_row), self->price_error, NULL);
  plz_form_set_error (GTK_WIDGET (self->pricing_row), self->price_error, NULL);
  plz_form_set_error (GTK_WIDGET (self->city_row), self->location_error, NULL);
  plz_form_set_error (GTK_WIDGET (self->place_row), self->location_error, NULL);
  plz_form_set_error (GTK_WIDGET (self->lat_row), self->location_error, NULL);
  plz_form_set_error (GTK_WIDGET (self->lng_row), self->location_error, NULL);
  plz_attribute_form_clear_errors (self->attribute_form);
}

/* Shows @message under @row and remembers the first row to bring into view. */
static void
mark (GtkWidget  **first,
      GtkWidget   *row,
      GtkLabel    *label,
      const char  *message)
{
  plz_form_set_error (row, label, message);
  if (*first == NULL)
    *first = row;
}

static void
focus_row (PlzListingEditor *self,
           GtkWidget        *row)
{
  if (row == NULL)
    return;
  gtk_widget_grab_focus (row);
}

/* The whole listing as the server takes it, or NULL after marking what is
 * missing or unreadable. The server checks the rest and says which field. */
static JsonObject *
collect (PlzListingEditor *self)
{
  g_autoptr(JsonObject) body = json_object_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) attributes = NULL;
  g_autofree char *title = plz_form_get_text (GTK_EDITABLE (self->title_row));
  g_autofree char *description = description_text (self);
  g_autofree char *price_text = plz_form_get_text (GTK_EDITABLE (self->price_row));
  const PlzCategory *category = selected_category (self);
  const char *pricing = selected_pricing (self);
  const char *currency = listing_currency (self);
  guint city = adw_combo_row_get_selected (self->city_row);
  GtkWidget *first = NULL;
  JsonObject *price = json_object_new ();
  JsonObject *location = json_object_new ();
  gint64 amount = 0;

  clear_errors (self);
  json_object_set_object_member (body, "price", price);
  json_object_set_object_member (body, "location", location);

  if (*title == '\0')
    mark (&first, GTK_WIDGET (self->title_row), self->title_error, _("Give your listing a title"));
  json_object_set_string_member (body, "title", title);

  if (category == NULL)
    mark (&first, GTK_WIDGET (self->category_row), self->category_error, _("Choose a category"));
  else
    json_object_set_int_member (body, "category_id", category->id);

  json_object_set_string_member (body, "description", description);

  /* "Contact for price" has no amount to show. */
  if (!g_str_equal (pricing, "contact") && !plz_money_parse (price_text, currency, &amount, &error))
    mark (&first, GTK_WIDGET (self->price_row), self->price_error, error->message);
  g_clear_error (&error);
  json_object_set_int_member (price, "amount_minor", amount);
  json_object_set_string_member (price, "currency", currency);
  json_object_set_string_member (body, "pricing_type", pricing);

  if (city > 0 && city <= G_N_ELEMENTS (cities))
    {
      json_object_set_double_member (location, "lat", cities[city - 1].lat);
      json_object_set_double_member (location, "lng", cities[city - 1].lng);
      json_object_set_string_member (location, "city", cities[city - 1].name);
    }
  else if (city == CITY_SOMEWHERE_ELSE)
    {
      g_autofree char *place = plz_form_get_text (GTK_EDITABLE (self->place_row));
      double lat = 0, lng = 0;

      if (!parse_coordinate (self->lat_row, &lat))
        mark (&first, GTK_WIDGET (self->lat_row), self->location_error,
              _("Enter the latitude as a number, such as -26.2041"));
      else if (!parse_coordinate (self->lng_row, &lng))
        mark (&first, GTK_WIDGET (self->lng_row), self->location_error,
              _("Enter the longitude as a number, such as 28.0473"));
      json_object_set_double_member (location, "lat", lat);
      json_object_set_double_member (location, "lng", lng);
      json_object_set_string_member (location, "city", place);
    }
  else
    mark (&first, GTK_WIDGET (self->city_row), self->location_error,
          _("Choose a city or town, or “Somewhere else” to give coordinates"));
  json_object_set_string_member (location, "country", DEFAULT_COUNTRY);

  attributes = plz_attribute_form_get_values (self->attribute_form, &error);
  if (attributes == NULL && first == NULL && plz_error_get_field (error) != NULL
      && g_str_has_prefix (plz_error_get_field (error), "attributes."))
    first = plz_attribute_form_get_row (self->attribute_form, plz_error_get_field (error) + strlen ("attributes."));
  if (attributes != NULL)
    json_object_set_object_member (body, "attributes", g_steal_pointer (&attributes));

  if (first != NULL || error != NULL)
    {
      focus_row (self, first);
      return NULL;
    }
  return g_steal_pointer (&body);
}

static gboolean
same_member (JsonObject *a,
             JsonObject *b,
             const char *member)
{
  JsonNode *x = a != NULL ? json_object_get_member (a, member) : NULL;
  JsonNode *y = b != NULL ? json_object_get_member (b, member) : NULL;

  if (x == NULL || y == NULL)
    return x == y;
  /* Coordinates come back through a double; a hair's difference is no change. */
  if (JSON_NODE_HOLDS_VALUE (x) && JSON_NODE_HOLDS_VALUE (y)
      && json_node_get_value_type (x) == G_TYPE_DOUBLE && json_node_get_value_type (y) == G_TYPE_DOUBLE)
    return fabs (json_node_get_double (x) - json_node_get_double (y)) < 1e-9;
  return plz_json_equal (x, y);
}

static JsonObject *
member_object (JsonObject *o,
               const char *member)
{
  JsonNode *node = o != NULL ? json_object_get_member (o, member) : NULL;

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

/* Against what the form showed when loaded or saved: a listing made
 * elsewhere may lack a switch's value, which the form then gives as "no". */
static gboolean
attributes_changed (PlzListingEditor *self,
                    JsonObject       *body)
{
  g_autoptr(JsonNode) saved = NULL;

  if (self->saved_attributes == NULL)
    return TRUE;
  saved = json_node_init_object (json_node_alloc (), self->saved_attributes);
  return !plz_json_equal (json_object_get_member (body, "attributes"), saved);
}

/* Of @body, what differs from the server's copy: a PATCH sends only that. */
static JsonObject *
changes_of (PlzListingEditor *self,
            JsonObject       *body)
{
  static const char * const plain[] = { "title", "description", "category_id", "pricing_type" };
  static const char * const place[] = { "lat", "lng", "city", "country" };
  JsonObject *changes = json_object_new ();
  JsonObject *price = member_object (body, "price");
  JsonObject *location = member_object (body, "location");
  gboolean moved = FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (plain); i++)
    if (json_object_has_member (body, plain[i]) && !same_member (body, self->listing, plain[i]))
      json_object_set_member (changes, plain[i], json_node_copy (json_object_get_member (body, plain[i])));
  if (!same_member (price, member_object (self->listing, "price"), "amount_minor"))
    json_object_set_object_member (changes, "price", json_object_ref (price));
  for (guint i = 0; i < G_N_ELEMENTS (place); i++)
    moved |= !same_member (location, member_object (self->listing, "location"), place[i]);
  if (moved)
    json_object_set_object_member (changes, "location", json_object_ref (location));
  /* A new category checks the attributes again, so they go along. */
  if (json_object_has_member (changes, "category_id") || attributes_changed (self, body))
    json_object_set_member (changes, "attributes", json_node_copy (json_object_get_member (body, "attributes")));
  return changes;
}

/* ---- answers -------------------------------------------------------------------- */

void
_plz_listing_editor_toast (PlzListingEditor *self,
                           const char       *message)
{
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (message));
}

/* Puts the server's word on the row it is about; a toast when there is none. */
static void
show_server_error (PlzListingEditor *self,
                   const GError     *error)
{
  const char *field = plz_error_get_field (error);
  GtkWidget *row = NULL;
  GtkLabel *label = NULL;

  if (g_strcmp0 (field, "title") == 0)
    row = GTK_WIDGET (self->title_row), label = self->title_error;
  else if (g_strcmp0 (field, "category_id") == 0)
    row = GTK_WIDGET (self->category_row), label = self->category_error;
  else if (g_strcmp0 (field, "description") == 0)
    row = self->description_frame, label = self->description_error;
  else if (g_strcmp0 (field, "price") == 0)
    row = GTK_WIDGET (self->price_row), label = self->price_error;
  else if (g_strcmp0 (field, "pricing_type") == 0)
    row = GTK_WIDGET (self->pricing_row), label = self->price_error;
  else if (g_strcmp0 (field, "location.lat") == 0)
    row = GTK_WIDGET (self->lat_row), label = self->location_error;
  else if (g_strcmp0 (field, "location.lng") == 0)
    row = GTK_WIDGET (self->lng_row), label = self->location_error;
  else if (g_strcmp0 (field, "location.city") == 0 && gtk_widget_get_visible (GTK_WIDGET (self->place_row)))
    row = GTK_WIDGET (self->place_row), label = self->location_error;
  else if (field != NULL && g_str_has_prefix (field, "location"))
    row = GTK_WIDGET (self->city_row), label = self->location_error;
  else if (field != NULL && g_str_has_prefix (field, "attributes.")
           && plz_attribute_form_set_error (self->attribute_form, field + strlen ("attributes."), error->message))
    {
      focus_row (self, plz_attribute_form_get_row (self->attribute_form, field + strlen ("attributes.")));
      return;
    }

  /* Lat and long rows only show for "Somewhere else". */
  if (row != NULL && !gtk_widget_get_visible (row))
    row = GTK_WIDGET (self->city_row);
  if (row == NULL)
    {
      _plz_listing_editor_toast (self, error->message);
      return;
    }
  plz_form_set_error (row, label, error->message);
  focus_row (self, row);
}

static void
update_actions (PlzListingEditor *self)
{
  gboolean saved = self->listing != NULL;

  gtk_button_set_label (GTK_BUTTON (self->save_button), saved ? _("Save") : _("Save Draft"));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.save", !self->saving && (!saved || self->dirty));
  gtk_widget_set_visible (GTK_WIDGET (self->saving_spinner), self->saving);
  gtk_spinner_set_spinning (self->saving_spinner, self->saving);
}

void
_plz_listing_editor_set_listing (PlzListingEditor *self,
                                 JsonObject       *listing)
{
  const char *status;

  if (listing != self->listing)
    {
      g_clear_pointer (&self->listing, json_object_unref);
      self->listing = json_object_ref (listing);
    }
  status = json_object_get_string_member_with_default (listing, "status", "draft");
  gtk_window_set_title (GTK_WINDOW (self), _("Edit Listing"));
  adw_window_title_set_subtitle (self->window_title, plz_listing_status_label (status));
  update_actions (self);
  _plz_listing_editor_update_photos (self);
  g_signal_emit (self, signals[SAVED], 0, self->listing);
}

static void
saved_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(PlzListingEditor) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) answer = plz_account_call_finish (PLZ_ACCOUNT (source), result, &error);
  gboolean created = self->listing == NULL;
  JsonObject *listing;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->saving = FALSE;
  listing = answer != NULL ? member_object (answer, "listing") : NULL;
  if (listing == NULL)
    {
      self->photos_after_save = FALSE;
      update_actions (self);
      if (error != NULL)
        show_server_error (self, error);
      else
        _plz_listing_editor_toast (self, _("The server gave an answer Plaza does not understand"));
      return;
    }

  g_clear_pointer (&self->saved_attributes, json_object_unref);
  self->saved_attributes = plz_attribute_form_get_values (self->attribute_form, NULL);
  self->dirty = FALSE;
  _plz_listing_editor_set_listing (self, listing);
  _plz_listing_editor_toast (self, created ? _("Draft saved. Add photos, then publish it from My Listings.")
                                           : _("Changes saved"));
  if (self->photos_after_save)
    {
      self->photos_after_save = FALSE;
      _plz_listing_editor_choose_photos (self);
    }
}

static void
save (PlzListingEditor *self)
{
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(JsonObject) changes = NULL;
  g_autofree char *path = NULL;

  if (self->saving)
    return;
  body = collect (self);
  if (body == NULL)
    {
      self->photos_after_save = FALSE;
      return;
    }

  if (self->listing == NULL)
    {
      self->saving = TRUE;
      plz_account_call_async (self->account, "POST", "/api/v1/listings", body, FALSE,
                              self->cancellable, saved_cb, g_object_ref (self));
    }
  else
    {
      g_autofree char *escaped = g_uri_escape_string (json_object_get_string_member (self->listing, "id"), NULL, FALSE);

      changes = changes_of (self, body);
      if (json_object_get_size (changes) == 0)
        {
          self->dirty = FALSE;
          update_actions (self);
          return;
        }
      self->saving = TRUE;
      path = g_strconcat ("/api/v1/listings/", escaped, NULL);
      plz_account_call_async (self->account, "PATCH", path, changes, FALSE,
                              self->cancellable, saved_cb, g_object_ref (self));
    }
  update_actions (self);
}

void
_plz_listing_editor_save_then_photos (PlzListingEditor *self)
{
  self->photos_after_save = TRUE;
  save (self);
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  save (PLZ_LISTING_EDITOR (widget));
}

/* ---- the form's rows ---------------------------------------------------------- */

static void
field_changed_cb (PlzListingEditor *self,
                  GtkWidget        *source)
{
  if (self->loading)
    return;
  /* A row being fixed loses its old complaint. */
  if (source == GTK_WIDGET (self->title_row))
    plz_form_set_error (source, self->title_error, NULL);
  else if (source == GTK_WIDGET (self->price_row))
    plz_form_set_error (source, self->price_error, NULL);
  else if (source == GTK_WIDGET (self->place_row) || source == GTK_WIDGET (self->lat_row)
           || source == GTK_WIDGET (self->lng_row))
    plz_form_set_error (source, self->location_error, NULL);
  self->dirty = TRUE;
  update_actions (self);
}

static void
description_changed_cb (PlzListingEditor *self)
{
  plz_form_set_error (self->description_frame, self->description_error, NULL);
  field_changed_cb (self, NULL);
}

static void
category_changed_cb (PlzListingEditor *self)
{
  const PlzCategory *category = selected_category (self);

  plz_attribute_form_set_schema (self->attribute_form, category != NULL ? category->attributes : NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->attribute_form),
                          plz_attribute_form_get_n_fields (self->attribute_form) > 0);
  if (category != NULL)
    {
      /* TRANSLATORS: %s is a category, e.g. "Optional details for Home cleaning…" */
      g_autofree char *description = g_strdup_printf (_("Optional details for %s, shown on your listing and used by search filters."),
                                                      category->name);
      adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (self->attribute_form), description);
      plz_form_set_error (GTK_WIDGET (self->category_row), self->category_error, NULL);
    }
  field_changed_cb (self, NULL);
}

static void
pricing_changed_cb (PlzListingEditor *self)
{
  gboolean contact = g_str_equal (selected_pricing (self), "contact");

  gtk_widget_set_sensitive (GTK_WIDGET (self->price_row), !contact);
  if (contact)
    plz_form_set_error (GTK_WIDGET (self->price_row), self->price_error, NULL);
  field_changed_cb (self, NULL);
}

static void
city_changed_cb (PlzListingEditor *self)
{
  gboolean elsewhere = adw_combo_row_get_selected (self->city_row) == CITY_SOMEWHERE_ELSE;

  gtk_widget_set_visible (GTK_WIDGET (self->place_row), elsewhere);
  gtk_widget_set_visible (GTK_WIDGET (self->lat_row), elsewhere);
  gtk_widget_set_visible (GTK_WIDGET (self->lng_row), elsewhere);
  plz_form_set_error (GTK_WIDGET (self->city_row), self->location_error, NULL);
  field_changed_cb (self, NULL);
}

/* Categories indented under their parents, in the drop-down's list. */
static void
category_item_setup_cb (GtkSignalListItemFactory *factory,
                        GtkListItem              *item)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_list_item_set_child (item, label);
}

static void
category_item_bind_cb (GtkSignalListItemFactory *factory,
                       GtkListItem              *item,
                       PlzListingEditor         *self)
{
  GtkWidget *label = gtk_list_item_get_child (item);
  guint position = gtk_list_item_get_position (item);
  GtkStringObject *name = gtk_list_item_get_item (item);
  const PlzCategory *category = position > 0 && position <= plz_categories_get_n (self->categories)
                                ? plz_categories_get_nth (self->categories, position - 1) : NULL;

  gtk_label_set_label (GTK_LABEL (label), gtk_string_object_get_string (name));
  gtk_widget_set_margin_start (label, category != NULL ? 18 * category->depth : 0);
  if (category != NULL && category->depth == 0)
    gtk_widget_add_css_class (label, "heading");
  else
    gtk_widget_remove_css_class (label, "heading");
}

static void
fill_choices (PlzListingEditor *self)
{
  g_autoptr(GtkStringList) categories = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) places = gtk_string_list_new (NULL);
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();

  gtk_string_list_append (categories, _("Choose a category"));
  for (guint i = 0; i < plz_categories_get_n (self->categories); i++)
    gtk_string_list_append (categories, plz_categories_get_nth (self->categories, i)->name);
  g_signal_connect (factory, "setup", G_CALLBACK (category_item_setup_cb), NULL);
  g_signal_connect_object (factory, "bind", G_CALLBACK (category_item_bind_cb), self, 0);
  adw_combo_row_set_list_factory (self->category_row, factory);
  adw_combo_row_set_model (self->category_row, G_LIST_MODEL (categories));

  gtk_string_list_append (places, _("Choose a city or town"));
  for (guint i = 0; i < G_N_ELEMENTS (cities); i++)
    gtk_string_list_append (places, cities[i].name);
  gtk_string_list_append (places, _("Somewhere else"));
  adw_combo_row_set_model (self->city_row, G_LIST_MODEL (places));
}

/* "350", "1200.50": what a person would type, in the listing's currency. */
static char *
amount_text (gint64      amount_minor,
             const char *currency)
{
  guint exponent = plz_money_exponent (currency);
  gint64 scale = 1;

  for (guint i = 0; i < exponent; i++)
    scale *= 10;
  if (amount_minor % scale == 0)
    return g_strdup_printf ("%" G_GINT64_FORMAT, amount_minor / scale);
  return g_strdup_printf ("%" G_GINT64_FORMAT ".%0*" G_GINT64_FORMAT, amount_minor / scale,
                          (int) exponent, amount_minor % scale);
}

static void
load_location (PlzListingEditor *self,
               JsonObject       *location)
{
  const char *city = location != NULL ? json_object_get_string_member_with_default (location, "city", "") : "";
  double lat = location != NULL ? json_object_get_double_member_with_default (location, "lat", 0) : 0;
  double lng = location != NULL ? json_object_get_double_member_with_default (location, "lng", 0) : 0;
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (location == NULL)
    return;
  for (guint i = 0; i < G_N_ELEMENTS (cities); i++)
    if (g_ascii_strcasecmp (cities[i].name, city) == 0 && fabs (cities[i].lat - lat) < SAME_PLACE_DEGREES
        && fabs (cities[i].lng - lng) < SAME_PLACE_DEGREES)
      {
        adw_combo_row_set_selected (self->city_row, i + 1);
        return;
      }
  adw_combo_row_set_selected (self->city_row, CITY_SOMEWHERE_ELSE);
  gtk_editable_set_text (GTK_EDITABLE (self->place_row), city);
  gtk_editable_set_text (GTK_EDITABLE (self->lat_row), g_ascii_formatd (buf, sizeof buf, "%.6g", lat));
  gtk_editable_set_text (GTK_EDITABLE (self->lng_row), g_ascii_formatd (buf, sizeof buf, "%.6g", lng));
}

/* Fills the form from the server's copy of the listing. */
static void
load (PlzListingEditor *self)
{
  JsonObject *l = self->listing;
  JsonObject *price = member_object (l, "price");
  gint64 category_id = json_object_get_int_member_with_default (l, "category_id", 0);
  const char *pricing = json_object_get_string_member_with_default (l, "pricing_type", "fixed");
  const char *currency = listing_currency (self);
  g_autofree char *amount = NULL;

  self->loading = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->title_row), json_object_get_string_member_with_default (l, "title", ""));
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->description_view),
                            json_object_get_string_member_with_default (l, "description", ""), -1);
  for (guint i = 0; i < plz_categories_get_n (self->categories); i++)
    if (plz_categories_get_nth (self->categories, i)->id == category_id)
      adw_combo_row_set_selected (self->category_row, i + 1);
  for (guint i = 0; i < G_N_ELEMENTS (pricing_types); i++)
    if (g_str_equal (pricing_types[i], pricing))
      adw_combo_row_set_selected (self->pricing_row, i);
  amount = amount_text (price != NULL ? json_object_get_int_member_with_default (price, "amount_minor", 0) : 0,
                        currency);
  gtk_editable_set_text (GTK_EDITABLE (self->price_row), amount);
  load_location (self, member_object (l, "location"));
  plz_attribute_form_set_values (self->attribute_form, member_object (l, "attributes"));
  self->saved_attributes = plz_attribute_form_get_values (self->attribute_form, NULL);
  self->loading = FALSE;
  self->dirty = FALSE;
}

/* ---- closing -------------------------------------------------------------------- */

static void
discard_response_cb (AdwMessageDialog *dialog,
                     const char       *response,
                     PlzListingEditor *self)
{
  if (!g_str_equal (response, "discard"))
    return;
  self->dirty = FALSE;
  gtk_window_close (GTK_WINDOW (self));
}

static gboolean
plz_listing_editor_close_request (GtkWindow *window)
{
  PlzListingEditor *self = PLZ_LISTING_EDITOR (window);
  AdwMessageDialog *dialog;

  if (!self->dirty || !plz_account_get_signed_in (self->account))
    return GTK_WINDOW_CLASS (plz_listing_editor_parent_class)->close_request (window);

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (window, _("Discard Changes?"),
                                                       _("What you changed in this listing has not been saved.")));
  adw_message_dialog_add_responses (dialog, "keep", _("_Keep Editing"), "discard", _("_Discard"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "discard", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "keep");
  adw_message_dialog_set_close_response (dialog, "keep");
  g_signal_connect_object (dialog, "response", G_CALLBACK (discard_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  return TRUE;
}

static void
signed_in_changed_cb (PlzListingEditor *self)
{
  /* Signed out: nothing here is theirs to see any more. */
  if (!plz_account_get_signed_in (self->account))
    gtk_window_destroy (GTK_WINDOW (self));
}

static JsonObject *
copy_object (JsonObject *object)
{
  g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), object);
  g_autofree char *text = json_to_string (node, FALSE);
  g_autoptr(JsonNode) copy = json_from_string (text, NULL);

  return json_node_dup_object (copy);
}

/* ---- GObject ---------------------------------------------------------------------- */

PlzListingEditor *
plz_listing_editor_new (GtkWindow     *parent,
                        PlzAccount    *account,
                        PlzCategories *categories,
                        JsonObject    *listing)
{
  PlzListingEditor *self;

  g_return_val_if_fail (!parent || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (PLZ_IS_ACCOUNT (account), NULL);
  g_return_val_if_fail (PLZ_IS_CATEGORIES (categories), NULL);

  self = g_object_new (PLZ_TYPE_LISTING_EDITOR,
                       "transient-for", parent,
                       "modal", parent != NULL,
                       NULL);
  self->account = g_object_ref (account);
  self->categories = g_object_ref (categories);
  g_signal_connect_object (account, "notify::signed-in", G_CALLBACK (signed_in_changed_cb), self,
                           G_CONNECT_SWAPPED);
  fill_choices (self);
  if (listing != NULL)
    {
      /* A copy of its own: the photos fetched are written into it. */
      self->listing = copy_object (listing);
      load (self);
      gtk_window_set_title (GTK_WINDOW (self), _("Edit Listing"));
      adw_window_title_set_subtitle (self->window_title,
                                     plz_listing_status_label (json_object_get_string_member_with_default (listing, "status", "")));
      _plz_listing_editor_fetch_photos (self);
    }
  self->dirty = FALSE;
  update_actions (self);
  _plz_listing_editor_update_photos (self);
  /* A new listing starts with its title; an existing one is looked at first. */
  if (listing == NULL)
    gtk_widget_grab_focus (GTK_WIDGET (self->title_row));
  return self;
}

JsonObject *
plz_listing_editor_get_listing (PlzListingEditor *self)
{
  g_return_val_if_fail (PLZ_IS_LISTING_EDITOR (self), NULL);
  return self->listing;
}

gboolean
plz_listing_editor_get_dirty (PlzListingEditor *self)
{
  g_return_val_if_fail (PLZ_IS_LISTING_EDITOR (self), FALSE);
  return self->dirty;
}

static void
plz_listing_editor_dispose (GObject *object)
{
  PlzListingEditor *self = PLZ_LISTING_EDITOR (object);

  g_cancellable_cancel (self->cancellable);
  _plz_listing_editor_dispose_photos (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), PLZ_TYPE_LISTING_EDITOR);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->session);
  g_clear_object (&self->account);
  g_clear_object (&self->categories);
  g_clear_pointer (&self->listing, json_object_unref);
  g_clear_pointer (&self->saved_attributes, json_object_unref);

  G_OBJECT_CLASS (plz_listing_editor_parent_class)->dispose (object);
}

static void
plz_listing_editor_class_init (PlzListingEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = plz_listing_editor_dispose;
  window_class->close_request = plz_listing_editor_close_request;

  /* The listing changed on the server (created, saved, a photo added or removed). */
  signals[SAVED] =
    g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, JSON_TYPE_OBJECT);

  g_type_ensure (PLZ_TYPE_ATTRIBUTE_FORM);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/plaza/Plaza/plz-listing-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, PlzListingEditor, window_title);
  gtk_widget_class_bind_template_child (widget_class, PlzListingEditor, save_button);
  gtk_widget_class_bind_template_child (widget_class, PlzListingEditor, saving_spinner);
  gtk_widget_class_bind_template_child (widget_class, PlzListingEditor, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, PlzListingEditor, scroller);
  gtk_widget_class_bind_template_child (widget_class, PlzListingEditor, title_row);
  gtk_widget_class_bind_template_child (widget_class, PlzListingEditor, title_error);
  gtk_widget_class_bind_template_child (widget_class, PlzListingEditor, category_row);
  gtk_widget_class_bind_template_child (widget_class, PlzListingEditor, category_error);
  gtk_widget_class_bind_template_child (widget_class, PlzListingEditor, description_frame);
  gtk_widget_class_bind_template_child (widget_class, PlzListingEditor, description_view);
  gtk_widget_class_bind_template_child (widget_class, PlzListingEditor, description_error);
  gtk_widget_class_bind_template_child (widget_class, PlzListingEditor, pricing_row);
  gtk_widget_class_bind_template_child (widget_class, PlzListingEditor, price_row);
  gtk_widget_class_bind_template_child (widget_class, PlzListingEditor, currency_label);
  gtk_widget_class_bind_template_child (widget_class, PlzListingEditor, price_error);
  gtk_widget_class_bind_template_child (widget_class, PlzListingEditor, city_row);
  gtk_widget_class_bind_template_child (widget_class, PlzListingEditor, place_row);
  gtk_widget_class_bind_template_child (widget_class, PlzListingEditor, lat_row);
  gtk_widget_class_bind_template_child (widget_class, PlzListingEditor, lng_row);
  gtk_widget_class_bind_template_child (widget_class, PlzListingEditor, location_error);
  gtk_widget_class_bind_template_child (widget_class, PlzListingEditor, attribute_form);
  gtk_widget_class_bind_template_child (widget_class, PlzListingEditor, photos_group);
  gtk_widget_class_bind_template_child (widget_class, PlzListingEditor, add_photos_button);
  gtk_widget_class_bind_template_child (widget_class, PlzListingEditor, photos_hint);
  gtk_widget_class_bind_template_child (widget_class, PlzListingEditor, photos_box);
  gtk_widget_class_bind_template_child (widget_class, PlzListingEditor, uploads_list);
  gtk_widget_class_bind_template_callback (widget_class, field_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, category_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, pricing_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, city_changed_cb);

  gtk_widget_class_install_action (widget_class, "editor.save", NULL, save_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "editor.save", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  _plz_listing_editor_class_init_photos (widget_class);
}

static void
plz_listing_editor_init (PlzListingEditor *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  /* Uploads of big photos on slow links need longer than the account's calls. */
  self->session = soup_session_new_with_options ("timeout", 120, NULL);
  self->thumbnails = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  g_queue_init (&self->queue);
  g_signal_connect_object (gtk_text_view_get_buffer (self->description_view), "changed",
                           G_CALLBACK (description_changed_cb), self, G_CONNECT_SWAPPED);
}
