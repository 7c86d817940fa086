/* plz-listing-card.c — one listing in the results grid: photo, title, price,
 * place, rating and the saved mark; clicking it opens the listing */

#include "config.h"

#include <glib/gi18n.h>

#include "plz-listing-card.h"
#include "plz-photo-paintable.h"

struct _PlzListingCard
{
  GtkButton        parent_instance;

  /* Template children */
  GtkStack        *picture_stack;
  GtkPicture      *picture;
  GtkImage        *favorite_mark;
  GtkLabel        *title_label;
  GtkLabel        *price_label;
  GtkLabel        *place_label;
  GtkLabel        *rating_label;

  PlzTextureCache *cache;
  PlzAccount      *account;
  PlzListingItem  *item;
  GCancellable    *cancellable;  /* the picture on its way */
};

G_DEFINE_FINAL_TYPE (PlzListingCard, plz_listing_card, GTK_TYPE_BUTTON)

static void
update_accessible (PlzListingCard *self)
{
  g_autoptr(GString) label = g_string_new (NULL);
  g_autofree char *price = NULL, *place = NULL, *rating = NULL;

  if (self->item == NULL)
    return;
  price = plz_listing_item_format_price (self->item);
  place = plz_listing_item_format_place (self->item);
  rating = plz_listing_item_format_rating (self->item);
  g_string_append (label, plz_listing_item_get_title (self->item));
  g_string_append_printf (label, ", %s", price);
  if (place != NULL)
    g_string_append_printf (label, ", %s", place);
  if (rating != NULL)
    g_string_append_printf (label, ", %s", rating);
  if (plz_listing_item_get_favorite (self->item))
    g_string_append_printf (label, ", %s", _("saved"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, label->str, -1);
}

static void
favorite_changed_cb (PlzListingCard *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self->favorite_mark), plz_listing_item_get_favorite (self->item));
  update_accessible (self);
}

static void
show_texture (PlzListingCard *self,
              GdkTexture     *texture)
{
  g_autoptr(GdkPaintable) paintable = plz_photo_paintable_new (texture, FALSE);

  gtk_picture_set_paintable (self->picture, paintable);
  gtk_stack_set_visible_child_name (self->picture_stack, "photo");
}

static void
texture_loaded_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(PlzListingCard) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkTexture) texture = plz_texture_cache_load_finish (PLZ_TEXTURE_CACHE (source), result, &error);

  /* The card shows another listing by now. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (texture == NULL)
    {
      gtk_stack_set_visible_child_name (self->picture_stack, "missing");
      return;
    }
  show_texture (self, texture);
}

static void
load_picture (PlzListingCard *self)
{
  const char *path = plz_listing_item_get_thumbnail_url (self->item);
  const char *base = plz_account_get_server_url (self->account);
  GdkTexture *cached;

  gtk_picture_set_paintable (self->picture, NULL);
  if (path == NULL)
    {
      gtk_stack_set_visible_child_name (self->picture_stack, "missing");
      return;
    }
  /* From the cache without a flash of the placeholder. */
  if ((cached = plz_texture_cache_lookup (self->cache, base, path)) != NULL)
    {
      gtk_stack_set_transition_type (self->picture_stack, GTK_STACK_TRANSITION_TYPE_NONE);
      show_texture (self, cached);
      gtk_stack_set_transition_type (self->picture_stack, GTK_STACK_TRANSITION_TYPE_CROSSFADE);
      return;
    }
  gtk_stack_set_visible_child_name (self->picture_stack, "loading");
  self->cancellable = g_cancellable_new ();
  plz_texture_cache_load_async (self->cache, base, path, self->cancellable,
                                texture_loaded_cb, g_object_ref (self));
}

static void
set_label (GtkLabel   *label,
           const char *text)
{
  gtk_label_set_text (label, text != NULL ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (label), text != NULL && *text != '\0');
}

void
plz_listing_card_set_item (PlzListingCard *self,
                           PlzListingItem *item)
{
  g_autofree char *price = NULL, *place = NULL, *rating = NULL;

  g_return_if_fail (PLZ_IS_LISTING_CARD (self));
  g_return_if_fail (item == NULL || PLZ_IS_LISTING_ITEM (item));

  if (self->item == item)
    return;
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->item != NULL)
    g_signal_handlers_disconnect_by_data (self->item, self);
  g_set_object (&self->item, item);
  if (item == NULL)
    {
      gtk_picture_set_paintable (self->picture, NULL);
      return;
    }

  price = plz_listing_item_format_price (item);
  place = plz_listing_item_format_place (item);
  rating = plz_listing_item_format_rating (item);
  set_label (self->title_label, plz_listing_item_get_title (item));
  set_label (self->price_label, price);
  set_label (self->place_label, place);
  set_label (self->rating_label, rating);
  /* The target first: the action takes a string and would refuse a card without one. */
  gtk_actionable_set_action_target (GTK_ACTIONABLE (self), "s", plz_listing_item_get_id (item));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self), "discover.open-listing");
  g_signal_connect_swapped (item, "notify::favorite", G_CALLBACK (favorite_changed_cb), self);
  favorite_changed_cb (self);
  load_picture (self);
}

PlzListingItem *
plz_listing_card_get_item (PlzListingCard *self)
{
  g_return_val_if_fail (PLZ_IS_LISTING_CARD (self), NULL);
  return self->item;
}

const char *
plz_listing_card_get_picture_state (PlzListingCard *self)
{
  g_return_val_if_fail (PLZ_IS_LISTING_CARD (self), NULL);
  return gtk_stack_get_visible_child_name (self->picture_stack);
}

GtkWidget *
plz_listing_card_new (PlzTextureCache *cache,
                      PlzAccount      *account)
{
  PlzListingCard *self;

  g_return_val_if_fail (PLZ_IS_TEXTURE_CACHE (cache), NULL);
  g_return_val_if_fail (PLZ_IS_ACCOUNT (account), NULL);

  self = g_object_new (PLZ_TYPE_LISTING_CARD, NULL);
  self->cache = g_object_ref (cache);
  self->account = g_object_ref (account);
  return GTK_WIDGET (self);
}

static void
plz_listing_card_dispose (GObject *object)
{
  PlzListingCard *self = PLZ_LISTING_CARD (object);

  plz_listing_card_set_item (self, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), PLZ_TYPE_LISTING_CARD);
  g_clear_object (&self->cache);
  g_clear_object (&self->account);
  G_OBJECT_CLASS (plz_listing_card_parent_class)->dispose (object);
}

static void
plz_listing_card_class_init (PlzListingCardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = plz_listing_card_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/org/plaza/Plaza/plz-listing-card.ui");
  gtk_widget_class_bind_template_child (widget_class, PlzListingCard, picture_stack);
  gtk_widget_class_bind_template_child (widget_class, PlzListingCard, picture);
  gtk_widget_class_bind_template_child (widget_class, PlzListingCard, favorite_mark);
  gtk_widget_class_bind_template_child (widget_class, PlzListingCard, title_label);
  gtk_widget_class_bind_template_child (widget_class, PlzListingCard, price_label);
  gtk_widget_class_bind_template_child (widget_class, PlzListingCard, place_label);
  gtk_widget_class_bind_template_child (widget_class, PlzListingCard, rating_label);
}

static void
plz_listing_card_init (PlzListingCard *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_widget_set_size_request (GTK_WIDGET (self), 220, -1);
}
