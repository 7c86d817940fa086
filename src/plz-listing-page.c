/* plz-listing-page.c — one listing in full: photos, price, details, place,
 * who offers it, and saving it */

#include "config.h"

#include <glib/gi18n.h>

#include "plz-error.h"
#include "plz-form.h"
#include "plz-listing-page.h"
#include "plz-money.h"
#include "plz-photo-paintable.h"

struct _PlzListingPage
{
  AdwBin            parent_instance;

  /* Template children */
  GtkStack         *state_stack;
  GtkScrolledWindow *scroller;
  GtkStack         *photos_stack;
  AdwCarousel      *carousel;
  AdwCarouselIndicatorDots *dots;
  GtkWidget        *previous_button;
  GtkWidget        *next_button;
  GtkLabel         *category_label;
  GtkLabel         *title_label;
  GtkLabel         *price_label;
  GtkLabel         *rating_label;
  GtkToggleButton  *favorite_button;
  AdwButtonContent *favorite_content;
  AdwPreferencesGroup *description_group;
  GtkLabel         *description_label;
  AdwPreferencesGroup *details_group;
  AdwActionRow     *location_row;
  GtkStack         *operator_stack;
  GtkSpinner       *operator_spinner;
  GtkLabel         *operator_error;
  AdwAvatar        *operator_avatar;
  GtkLabel         *operator_name;
  GtkLabel         *operator_rating;
  GtkLabel         *operator_response;
  GtkFlowBox       *badges_box;
  AdwStatusPage    *error_page;

  PlzAccount       *account;
  PlzTextureCache  *cache;
  PlzFavorites     *favorites;
  PlzCategories    *categories;
  PlzListingItem   *item;
  GPtrArray        *detail_rows;   /* rows added to details_group */
  GCancellable     *cancellable;   /* everything loading for this listing */
  gboolean          detail_loaded;
  gboolean          syncing;       /* the favorite button follows the item */
};

G_DEFINE_FINAL_TYPE (PlzListingPage, plz_listing_page, ADW_TYPE_BIN)

/* ---- pictures ----------------------------------------------------------------- */

static void
photo_loaded_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GtkWidget) stack = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkTexture) texture = plz_texture_cache_load_finish (PLZ_TEXTURE_CACHE (source), result, &error);
  g_autoptr(GdkPaintable) paintable = NULL;
  GtkWidget *picture;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (texture == NULL)
    {
      gtk_stack_set_visible_child_name (GTK_STACK (stack), "missing");
      return;
    }
  paintable = plz_photo_paintable_new (texture, TRUE);
  picture = gtk_stack_get_child_by_name (GTK_STACK (stack), "photo");
  gtk_picture_set_paintable (GTK_PICTURE (picture), paintable);
  gtk_stack_set_visible_child_name (GTK_STACK (stack), "photo");
}

static GtkWidget *
placeholder (const char *icon_name)
{
  GtkWidget *image = gtk_image_new_from_icon_name (icon_name);

  gtk_image_set_pixel_size (GTK_IMAGE (image), 64);
  gtk_widget_add_css_class (image, "listing-thumb-placeholder");
  return image;
}

static GtkWidget *
photo_page (PlzListingPage *self,
            JsonObject     *photo,
            guint           index,
            guint           n)
{
  const char *url = plz_listing_json_string (photo, "url");
  GtkWidget *stack = gtk_stack_new ();
  GtkWidget *picture = gtk_picture_new ();
  /* TRANSLATORS: a photo in the carousel, "Photo 2 of 5" */
  g_autofree char *label = g_strdup_printf (_("Photo %u of %u"), index + 1, n);
  GdkTexture *cached;

  gtk_widget_set_hexpand (stack, TRUE);
  gtk_widget_set_vexpand (stack, TRUE);
  gtk_stack_set_transition_type (GTK_STACK (stack), GTK_STACK_TRANSITION_TYPE_CROSSFADE);
  gtk_stack_add_named (GTK_STACK (stack), placeholder ("image-x-generic-symbolic"), "loading");
  gtk_stack_add_named (GTK_STACK (stack), placeholder ("image-missing-symbolic"), "missing");
  gtk_stack_add_named (GTK_STACK (stack), picture, "photo");
  gtk_picture_set_can_shrink (GTK_PICTURE (picture), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (picture), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (stack), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);

  if (url == NULL)
    gtk_stack_set_visible_child_name (GTK_STACK (stack), "missing");
  else if ((cached = plz_texture_cache_lookup (self->cache, plz_account_get_server_url (self->account), url)) != NULL)
    {
      g_autoptr(GdkPaintable) paintable = plz_photo_paintable_new (cached, TRUE);

      gtk_picture_set_paintable (GTK_PICTURE (picture), paintable);
      gtk_stack_set_visible_child_name (GTK_STACK (stack), "photo");
    }
  else
    plz_texture_cache_load_async (self->cache, plz_account_get_server_url (self->account), url,
                                  self->cancellable, photo_loaded_cb, g_object_ref (stack));
  return stack;
}

static void
update_photo_buttons (PlzListingPage *self)
{
  guint n = adw_carousel_get_n_pages (self->carousel);
  guint position = (guint) (adw_carousel_get_position (self->carousel) + 0.5);

  gtk_widget_set_visible (self->previous_button, n > 1);
  gtk_widget_set_visible (self->next_button, n > 1);
  gtk_widget_set_visible (GTK_WIDGET (self->dots), n > 1);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "listing.previous-photo", n > 1 && position > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "listing.next-photo", n > 1 && position + 1 < n);
}

static void
page_changed_cb (PlzListingPage *self)
{
  update_photo_buttons (self);
}

static void
show_photos (PlzListingPage *self,
             JsonObject     *listing)
{
  JsonNode *node = json_object_get_member (listing, "photos");
  JsonArray *photos = node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
  guint n = photos != NULL ? json_array_get_length (photos) : 0;

  while (adw_carousel_get_n_pages (self->carousel) > 0)
    adw_carousel_remove (self->carousel, adw_carousel_get_nth_page (self->carousel, 0));
  for (guint i = 0; i < n; i++)
    {
      JsonNode *photo = json_array_get_element (photos, i);

      if (JSON_NODE_HOLDS_OBJECT (photo))
        adw_carousel_append (self->carousel, photo_page (self, json_node_get_object (photo), i, n));
    }
  gtk_stack_set_visible_child_name (self->photos_stack,
                                    adw_carousel_get_n_pages (self->carousel) > 0 ? "photos" : "none");
  plz_form_hide_other_pages (self->photos_stack);
  update_photo_buttons (self);
}

/* ---- text ----------------------------------------------------------------------- */

static void
clear_details (PlzListingPage *self)
{
  for (guint i = 0; i < self->detail_rows->len; i++)
    adw_preferences_group_remove (self->details_group, self->detail_rows->pdata[i]);
  g_ptr_array_set_size (self->detail_rows, 0);
}

static void
add_detail (PlzListingPage *self,
            const char     *label,
            const char     *value)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *value_label = gtk_label_new (value);
  g_autofree char *accessible = g_strdup_printf ("%s: %s", label, value);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), label);
  /* Short values stay on one line; long free text wraps. */
  gtk_label_set_wrap (GTK_LABEL (value_label), g_utf8_strlen (value, -1) > 24);
  gtk_label_set_max_width_chars (GTK_LABEL (value_label), 40);
  gtk_label_set_xalign (GTK_LABEL (value_label), 1);
  gtk_label_set_selectable (GTK_LABEL (value_label), TRUE);
  gtk_widget_add_css_class (value_label, "dim-label");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), value_label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
  adw_preferences_group_add (self->details_group, row);
  g_ptr_array_add (self->detail_rows, row);
}

/* A value as people read it; amounts kept in cents are shown as money. */
static char *
format_attribute (const PlzCategory *category,
                  const char        *key,
                  JsonNode          *value,
                  const char        *currency)
{
  JsonObject *def = category != NULL ? plz_category_find_attribute (category, key) : NULL;

  if (g_strcmp0 (plz_listing_json_string (def, "unit"), "cents") == 0
      && JSON_NODE_HOLDS_VALUE (value) && json_node_get_value_type (value) == G_TYPE_INT64)
    return plz_money_format (json_node_get_int (value), currency);
  if (category == NULL)
    {
      g_autoptr(JsonGenerator) generator = json_generator_new ();

      json_generator_set_root (generator, value);
      return JSON_NODE_HOLDS_VALUE (value) && json_node_get_value_type (value) == G_TYPE_STRING
             ? g_strdup (json_node_get_string (value)) : json_generator_to_data (generator, NULL);
    }
  return plz_category_format_value (category, key, value);
}

static void
show_details (PlzListingPage    *self,
              JsonObject        *listing,
              const PlzCategory *category)
{
  JsonObject *attributes = plz_listing_json_object (listing, "attributes");
  const char *currency = plz_listing_json_string (plz_listing_json_object (listing, "price"), "currency");
  g_autoptr(GList) members = attributes != NULL ? json_object_get_members (attributes) : NULL;
  g_autoptr(GHashTable) shown = g_hash_table_new (g_str_hash, g_str_equal);

  clear_details (self);
  if (currency == NULL)
    currency = "ZAR";
  /* In the schema's order first, then anything the schema does not know. */
  for (guint i = 0; category != NULL && attributes != NULL && i < json_array_get_length (category->attributes); i++)
    {
      const char *key = plz_listing_json_string (json_array_get_object_element (category->attributes, i), "key");
      JsonNode *value = key != NULL ? json_object_get_member (attributes, key) : NULL;
      g_autofree char *text = NULL;

      if (value == NULL || JSON_NODE_HOLDS_NULL (value))
        continue;
      text = format_attribute (category, key, value, currency);
      add_detail (self, plz_category_attribute_label (category, key), text);
      g_hash_table_add (shown, (gpointer) key);
    }
  for (GList *l = members; l != NULL; l = l->next)
    {
      const char *key = l->data;
      g_autofree char *text = NULL;

      if (g_hash_table_contains (shown, key))
        continue;
      text = format_attribute (category, key, json_object_get_member (attributes, key), currency);
      add_detail (self, category != NULL ? plz_category_attribute_label (category, key) : key, text);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->details_group), self->detail_rows->len > 0);
}

static char *
category_path (PlzListingPage    *self,
               const PlzCategory *category)
{
  const PlzCategory *parent = category->parent_id > 0 ? plz_categories_lookup (self->categories, category->parent_id)
                                                      : NULL;

  if (parent == NULL)
    return g_strdup (category->name);
  /* TRANSLATORS: a category under its parent, "Cleaning › Home cleaning" */
  return g_strdup_printf (_("%s › %s"), parent->name, category->name);
}

static void
show_location (PlzListingPage *self,
               JsonObject     *listing)
{
  JsonObject *location = plz_listing_json_object (listing, "location");
  const char *city = plz_listing_json_string (location, "city");
  const char *country = plz_listing_json_string (location, "country");
  double km = plz_listing_item_get_distance_km (self->item);
  g_autofree char *distance = km >= 0 ? g_strdup_printf (_("%.1f km from the place you searched around"), km) : NULL;

  if (g_strcmp0 (country, "ZA") == 0)
    country = _("South Africa");
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->location_row),
                                 city != NULL && *city != '\0' ? city : _("Place not given"));
  adw_action_row_set_subtitle (self->location_row, distance != NULL ? distance : country != NULL ? country : "");
}

/* ---- the operator --------------------------------------------------------------- */

static char *
format_response_time (JsonObject *card)
{
  double seconds = plz_listing_json_number (card, "response_time_s", -1);

  if (seconds < 0)
    return g_strdup (_("Response time not known yet"));
  if (seconds < 3600)
    {
      guint minutes = MAX (1, (guint) ((seconds + 59) / 60));
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Usually answers within %u minute",
                                           "Usually answers within %u minutes", minutes), minutes);
    }
  if (seconds < 86400)
    {
      guint hours = (guint) ((seconds + 3599) / 3600);
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Usually answers within %u hour",
                                           "Usually answers within %u hours", hours), hours);
    }
  return g_strdup (_("Usually answers within a few days"));
}

static gboolean
json_true (JsonObject *object,
           const char *member)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, member) : NULL;

  return node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_BOOLEAN
         && json_node_get_boolean (node);
}

static void
add_badge (PlzListingPage *self,
           const char     *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_widget_add_css_class (label, "badge");
  gtk_flow_box_append (self->badges_box, label);
}

static void
avatar_loaded_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(PlzListingPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkTexture) texture = plz_texture_cache_load_finish (PLZ_TEXTURE_CACHE (source), result, &error);

  /* Without the picture the initials stay, which is what a missing picture shows anyway. */
  if (texture != NULL)
    adw_avatar_set_custom_image (self->operator_avatar, GDK_PAINTABLE (texture));
}

static void
show_operator (PlzListingPage *self,
               JsonObject     *card)
{
  JsonObject *profile = plz_listing_json_object (card, "operator");
  JsonObject *badges = plz_listing_json_object (card, "badges");
  const char *business = plz_listing_json_string (profile, "business_name");
  const char *person = plz_listing_json_string (card, "display_name");
  const char *avatar = plz_listing_json_string (card, "avatar_url");
  double rating = plz_listing_json_number (card, "rating", -1);
  gint64 count = (gint64) plz_listing_json_number (card, "rating_count", 0);
  g_autofree char *rating_text = NULL, *response = NULL, *accessible = NULL;
  const char *name = business != NULL && *business != '\0' ? business : person != NULL ? person : "";
  GtkWidget *child;

  gtk_label_set_text (self->operator_name, name);
  adw_avatar_set_text (self->operator_avatar, name);
  adw_avatar_set_custom_image (self->operator_avatar, NULL);
  if (avatar != NULL)
    plz_texture_cache_load_async (self->cache, plz_account_get_server_url (self->account), avatar,
                                  self->cancellable, avatar_loaded_cb, g_object_ref (self));

  if (rating >= 0 && count > 0)
    /* TRANSLATORS: an operator's average rating and how many people rated, "★ 4.6 from 12 ratings" */
    rating_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "★ %.1f from %u rating", "★ %.1f from %u ratings",
                                                (gulong) count),
                                   rating, (guint) MIN (count, G_MAXUINT));
  else
    rating_text = g_strdup (_("No ratings yet"));
  gtk_label_set_text (self->operator_rating, rating_text);
  response = format_response_time (card);
  gtk_label_set_text (self->operator_response, response);

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->badges_box))) != NULL)
    gtk_flow_box_remove (self->badges_box, child);
  if (json_true (badges, "identity_verified"))
    add_badge (self, _("ID verified"));
  if (json_true (badges, "phone_verified"))
    add_badge (self, _("Phone verified"));
  if (json_true (badges, "email_verified"))
    add_badge (self, _("Email verified"));
  gtk_widget_set_visible (GTK_WIDGET (self->badges_box),
                          gtk_widget_get_first_child (GTK_WIDGET (self->badges_box)) != NULL);

  /* TRANSLATORS: the operator card for screen readers: name, rating, response time */
  accessible = g_strdup_printf (_("Offered by %s, %s, %s"), name, rating_text, response);
  gtk_accessible_update_property (GTK_ACCESSIBLE (gtk_stack_get_child_by_name (self->operator_stack, "card")),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
}

static void
set_operator_state (PlzListingPage *self,
                    const char     *state)
{
  gtk_stack_set_visible_child_name (self->operator_stack, state);
  plz_form_hide_other_pages (self->operator_stack);
  gtk_spinner_set_spinning (self->operator_spinner, g_str_equal (state, "loading"));
}

/* ---- the whole ------------------------------------------------------------------ */

static void
sync_favorite (PlzListingPage *self)
{
  gboolean favorite = self->item != NULL && plz_listing_item_get_favorite (self->item);
  const char *label = favorite ? _("Saved") : _("Save");

  self->syncing = TRUE;
  gtk_toggle_button_set_active (self->favorite_button, favorite);
  self->syncing = FALSE;
  adw_button_content_set_label (self->favorite_content, label);
  adw_button_content_set_icon_name (self->favorite_content, favorite ? "starred-symbolic" : "non-starred-symbolic");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->favorite_button),
                               favorite ? _("Remove from your saved listings") : _("Keep it in your saved listings"));
}

static void
render (PlzListingPage *self)
{
  JsonObject *listing = plz_listing_item_get_json (self->item);
  gint64 category_id = plz_listing_item_get_category_id (self->item);
  const PlzCategory *category = self->categories != NULL ? plz_categories_lookup (self->categories, category_id)
                                                         : NULL;
  JsonObject *card = plz_listing_json_object (listing, "operator");
  g_autofree char *price = plz_listing_item_format_price (self->item);
  g_autofree char *rating = plz_listing_item_format_rating (self->item);
  g_autofree char *path = category != NULL ? category_path (self, category) : NULL;
  const char *description = plz_listing_item_get_description (self->item);

  gtk_label_set_text (self->title_label, plz_listing_item_get_title (self->item));
  gtk_label_set_text (self->price_label, price);
  gtk_label_set_text (self->category_label, path != NULL ? path : "");
  gtk_widget_set_visible (GTK_WIDGET (self->category_label), path != NULL);
  gtk_label_set_text (self->rating_label, rating != NULL ? rating : "");
  gtk_widget_set_visible (GTK_WIDGET (self->rating_label), rating != NULL);
  gtk_label_set_text (self->description_label, description);
  gtk_widget_set_visible (GTK_WIDGET (self->description_group), *description != '\0');
  show_details (self, listing, category);
  show_location (self, listing);
  show_photos (self, listing);
  sync_favorite (self);

  if (card != NULL)
    {
      show_operator (self, card);
      set_operator_state (self, "card");
    }
  else if (!self->detail_loaded)
    set_operator_state (self, "loading");
}

static void
detail_loaded_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(PlzListingPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) answer = plz_account_call_finish (PLZ_ACCOUNT (source), result, &error);
  JsonObject *listing = answer != NULL ? plz_listing_json_object (answer, "listing") : NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (g_error_matches (error, PLZ_ERROR, PLZ_ERROR_NOT_FOUND))
    {
      adw_status_page_set_description (self->error_page,
                                       _("The operator has taken it down or it was sold. Other listings may suit you."));
      gtk_stack_set_visible_child_name (self->state_stack, "error");
      plz_form_hide_other_pages (self->state_stack);
      return;
    }
  if (listing == NULL || g_strcmp0 (plz_listing_json_string (listing, "id"), plz_listing_item_get_id (self->item)) != 0)
    {
      gtk_label_set_text (self->operator_error, error != NULL ? error->message
                          : _("The server gave an answer Plaza does not understand"));
      set_operator_state (self, "error");
      return;
    }

  self->detail_loaded = TRUE;
  /* The photos already shown stay where the person swiped to. */
  {
    guint position = (guint) (adw_carousel_get_position (self->carousel) + 0.5);

    plz_listing_item_update (self->item, listing);
    g_cancellable_cancel (self->cancellable);
    g_clear_object (&self->cancellable);
    self->cancellable = g_cancellable_new ();
    render (self);
    if (position > 0 && position < adw_carousel_get_n_pages (self->carousel))
      adw_carousel_scroll_to (self->carousel, adw_carousel_get_nth_page (self->carousel, position), FALSE);
  }
  if (plz_listing_json_object (listing, "operator") == NULL)
    {
      gtk_label_set_text (self->operator_error, _("Who offers this is not known any more."));
      set_operator_state (self, "error");
    }
}

void
plz_listing_page_reload (PlzListingPage *self)
{
  g_autofree char *escaped = NULL;
  g_autofree char *path = NULL;

  g_return_if_fail (PLZ_IS_LISTING_PAGE (self));

  if (self->item == NULL)
    return;
  if (plz_listing_json_object (plz_listing_item_get_json (self->item), "operator") == NULL)
    set_operator_state (self, "loading");
  escaped = g_uri_escape_string (plz_listing_item_get_id (self->item), NULL, FALSE);
  path = g_strdup_printf ("/api/v1/listings/%s", escaped);
  plz_account_call_async (self->account, "GET", path, NULL, FALSE, self->cancellable,
                          detail_loaded_cb, g_object_ref (self));
}

static void
favorite_item_changed_cb (PlzListingPage *self)
{
  sync_favorite (self);
}

void
plz_listing_page_show (PlzListingPage *self,
                       PlzListingItem *item)
{
  g_return_if_fail (PLZ_IS_LISTING_PAGE (self));
  g_return_if_fail (PLZ_IS_LISTING_ITEM (item));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  if (self->item != NULL)
    g_signal_handlers_disconnect_by_data (self->item, self);
  g_set_object (&self->item, item);
  g_signal_connect_swapped (item, "notify::favorite", G_CALLBACK (favorite_item_changed_cb), self);
  self->detail_loaded = FALSE;

  gtk_stack_set_visible_child_name (self->state_stack, "content");
  plz_form_hide_other_pages (self->state_stack);
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->scroller), 0);
  render (self);
  plz_listing_page_reload (self);
}

PlzListingItem *
plz_listing_page_get_item (PlzListingPage *self)
{
  g_return_val_if_fail (PLZ_IS_LISTING_PAGE (self), NULL);
  return self->item;
}

const char *
plz_listing_page_get_state (PlzListingPage *self)
{
  g_return_val_if_fail (PLZ_IS_LISTING_PAGE (self), NULL);
  return gtk_stack_get_visible_child_name (self->state_stack);
}

const char *
plz_listing_page_get_operator_state (PlzListingPage *self)
{
  g_return_val_if_fail (PLZ_IS_LISTING_PAGE (self), NULL);
  return gtk_stack_get_visible_child_name (self->operator_stack);
}

void
plz_listing_page_set_categories (PlzListingPage *self,
                                 PlzCategories  *categories)
{
  g_return_if_fail (PLZ_IS_LISTING_PAGE (self));

  if (g_set_object (&self->categories, categories) && self->item != NULL)
    render (self);
}

/* ---- actions -------------------------------------------------------------------- */

static void
favorite_set_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(PlzListingPage) self = user_data;
  g_autoptr(GError) error = NULL;

  /* The mark went back by itself; say why. */
  if (!plz_favorites_set_finish (PLZ_FAVORITES (source), result, &error))
    {
      /* TRANSLATORS: %s says why, in the server's or the network's words */
      g_autofree char *message = g_strdup_printf (_("Could not change your saved listings: %s"), error->message);

      plz_form_add_toast (GTK_WIDGET (self), message);
    }
}

static void
favorite_toggled_cb (PlzListingPage *self)
{
  if (self->syncing || self->item == NULL)
    return;
  plz_favorites_set_async (self->favorites, self->item, gtk_toggle_button_get_active (self->favorite_button),
                           NULL, favorite_set_cb, g_object_ref (self));
}

static void
scroll_photo (PlzListingPage *self,
              int             delta)
{
  int n = (int) adw_carousel_get_n_pages (self->carousel);
  int position = (int) (adw_carousel_get_position (self->carousel) + 0.5) + delta;

  if (n == 0)
    return;
  position = CLAMP (position, 0, n - 1);
  adw_carousel_scroll_to (self->carousel, adw_carousel_get_nth_page (self->carousel, position), TRUE);
}

static void
previous_photo_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  scroll_photo (PLZ_LISTING_PAGE (widget), -1);
}

static void
next_photo_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  scroll_photo (PLZ_LISTING_PAGE (widget), 1);
}

static void
message_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  PlzListingItem *item = PLZ_LISTING_PAGE (widget)->item;

  /* The window opens the conversation, or asks the first question. */
  if (item != NULL)
    gtk_widget_activate_action (widget, "win.message-listing", "(ss)",
                                plz_listing_item_get_id (item), plz_listing_item_get_title (item));
}

static void
book_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  PlzListingPage *self = PLZ_LISTING_PAGE (widget);

  /* The window opens the booking dialog (win.book-listing). */
  if (self->item != NULL)
    gtk_widget_activate_action (widget, "win.book-listing", "s", plz_listing_item_get_id (self->item));
}

static void
reload_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  plz_listing_page_reload (PLZ_LISTING_PAGE (widget));
}

/* ---- object --------------------------------------------------------------------- */

GtkWidget *
plz_listing_page_new (PlzAccount      *account,
                      PlzTextureCache *cache,
                      PlzFavorites    *favorites)
{
  PlzListingPage *self;

  g_return_val_if_fail (PLZ_IS_ACCOUNT (account), NULL);
  g_return_val_if_fail (PLZ_IS_TEXTURE_CACHE (cache), NULL);
  g_return_val_if_fail (PLZ_IS_FAVORITES (favorites), NULL);

  self = g_object_new (PLZ_TYPE_LISTING_PAGE, NULL);
  self->account = g_object_ref (account);
  self->cache = g_object_ref (cache);
  self->favorites = g_object_ref (favorites);
  return GTK_WIDGET (self);
}

static void
plz_listing_page_dispose (GObject *object)
{
  PlzListingPage *self = PLZ_LISTING_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->item != NULL)
    g_signal_handlers_disconnect_by_data (self->item, self);
  g_clear_object (&self->item);
  gtk_widget_dispose_template (GTK_WIDGET (self), PLZ_TYPE_LISTING_PAGE);
  g_clear_object (&self->account);
  g_clear_object (&self->cache);
  g_clear_object (&self->favorites);
  g_clear_object (&self->categories);
  G_OBJECT_CLASS (plz_listing_page_parent_class)->dispose (object);
}

static void
plz_listing_page_finalize (GObject *object)
{
  g_ptr_array_unref (PLZ_LISTING_PAGE (object)->detail_rows);
  G_OBJECT_CLASS (plz_listing_page_parent_class)->finalize (object);
}

static void
plz_listing_page_class_init (PlzListingPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = plz_listing_page_dispose;
  object_class->finalize = plz_listing_page_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, "/org/plaza/Plaza/plz-listing-page.ui");
  gtk_widget_class_bind_template_child (widget_class, PlzListingPage, state_stack);
  gtk_widget_class_bind_template_child (widget_class, PlzListingPage, scroller);
  gtk_widget_class_bind_template_child (widget_class, PlzListingPage, photos_stack);
  gtk_widget_class_bind_template_child (widget_class, PlzListingPage, carousel);
  gtk_widget_class_bind_template_child (widget_class, PlzListingPage, dots);
  gtk_widget_class_bind_template_child (widget_class, PlzListingPage, previous_button);
  gtk_widget_class_bind_template_child (widget_class, PlzListingPage, next_button);
  gtk_widget_class_bind_template_child (widget_class, PlzListingPage, category_label);
  gtk_widget_class_bind_template_child (widget_class, PlzListingPage, title_label);
  gtk_widget_class_bind_template_child (widget_class, PlzListingPage, price_label);
  gtk_widget_class_bind_template_child (widget_class, PlzListingPage, rating_label);
  gtk_widget_class_bind_template_child (widget_class, PlzListingPage, favorite_button);
  gtk_widget_class_bind_template_child (widget_class, PlzListingPage, favorite_content);
  gtk_widget_class_bind_template_child (widget_class, PlzListingPage, description_group);
  gtk_widget_class_bind_template_child (widget_class, PlzListingPage, description_label);
  gtk_widget_class_bind_template_child (widget_class, PlzListingPage, details_group);
  gtk_widget_class_bind_template_child (widget_class, PlzListingPage, location_row);
  gtk_widget_class_bind_template_child (widget_class, PlzListingPage, operator_stack);
  gtk_widget_class_bind_template_child (widget_class, PlzListingPage, operator_spinner);
  gtk_widget_class_bind_template_child (widget_class, PlzListingPage, operator_error);
  gtk_widget_class_bind_template_child (widget_class, PlzListingPage, operator_avatar);
  gtk_widget_class_bind_template_child (widget_class, PlzListingPage, operator_name);
  gtk_widget_class_bind_template_child (widget_class, PlzListingPage, operator_rating);
  gtk_widget_class_bind_template_child (widget_class, PlzListingPage, operator_response);
  gtk_widget_class_bind_template_child (widget_class, PlzListingPage, badges_box);
  gtk_widget_class_bind_template_child (widget_class, PlzListingPage, error_page);
  gtk_widget_class_bind_template_callback (widget_class, page_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, favorite_toggled_cb);

  gtk_widget_class_install_action (widget_class, "listing.previous-photo", NULL, previous_photo_action);
  gtk_widget_class_install_action (widget_class, "listing.next-photo", NULL, next_photo_action);
  gtk_widget_class_install_action (widget_class, "listing.message", NULL, message_action);
  gtk_widget_class_install_action (widget_class, "listing.book", NULL, book_action);
  gtk_widget_class_install_action (widget_class, "listing.reload", NULL, reload_action);
}

static void
plz_listing_page_init (PlzListingPage *self)
{
  self->detail_rows = g_ptr_array_new ();
  self->cancellable = g_cancellable_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
}
