/* plz-listing-item.c — one listing as the app shows it, read from the server's JSON */

#include "config.h"

#include <glib/gi18n.h>

#include "plz-listing-item.h"
#include "plz-money.h"

struct _PlzListingItem
{
  GObject     parent_instance;

  JsonObject *json;
  char       *id;
  gboolean    favorite;
};

G_DEFINE_FINAL_TYPE (PlzListingItem, plz_listing_item, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_FAVORITE,
  PROP_TITLE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

const char *
plz_listing_json_string (JsonObject *object,
                         const char *member)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, member) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

double
plz_listing_json_number (JsonObject *object,
                         const char *member,
                         double      fallback)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, member) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return fallback;
  if (json_node_get_value_type (node) == G_TYPE_INT64)
    return (double) json_node_get_int (node);
  if (json_node_get_value_type (node) == G_TYPE_DOUBLE)
    return json_node_get_double (node);
  return fallback;
}

JsonObject *
plz_listing_json_object (JsonObject *object,
                         const char *member)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, member) : NULL;

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

static JsonObject *
copy_object (JsonObject *object)
{
  g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), object);

  return json_node_dup_object (node);
}

PlzListingItem *
plz_listing_item_new (JsonObject *listing)
{
  const char *id = plz_listing_json_string (listing, "id");
  PlzListingItem *self;

  if (id == NULL || *id == '\0')
    return NULL;
  self = g_object_new (PLZ_TYPE_LISTING_ITEM, NULL);
  self->json = copy_object (listing);
  self->id = g_strdup (id);
  return self;
}

void
plz_listing_item_update (PlzListingItem *self,
                         JsonObject     *listing)
{
  g_return_if_fail (PLZ_IS_LISTING_ITEM (self));
  g_return_if_fail (g_strcmp0 (plz_listing_json_string (listing, "id"), self->id) == 0);

  g_clear_pointer (&self->json, json_object_unref);
  self->json = copy_object (listing);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
}

JsonObject *
plz_listing_item_get_json (PlzListingItem *self)
{
  g_return_val_if_fail (PLZ_IS_LISTING_ITEM (self), NULL);
  return self->json;
}

const char *
plz_listing_item_get_id (PlzListingItem *self)
{
  g_return_val_if_fail (PLZ_IS_LISTING_ITEM (self), NULL);
  return self->id;
}

const char *
plz_listing_item_get_title (PlzListingItem *self)
{
  const char *title;

  g_return_val_if_fail (PLZ_IS_LISTING_ITEM (self), NULL);
  title = plz_listing_json_string (self->json, "title");
  return title != NULL ? title : "";
}

const char *
plz_listing_item_get_description (PlzListingItem *self)
{
  const char *text;

  g_return_val_if_fail (PLZ_IS_LISTING_ITEM (self), NULL);
  text = plz_listing_json_string (self->json, "description");
  return text != NULL ? text : "";
}

gint64
plz_listing_item_get_category_id (PlzListingItem *self)
{
  g_return_val_if_fail (PLZ_IS_LISTING_ITEM (self), 0);
  return (gint64) plz_listing_json_number (self->json, "category_id", 0);
}

const char *
plz_listing_item_get_thumbnail_url (PlzListingItem *self)
{
  g_return_val_if_fail (PLZ_IS_LISTING_ITEM (self), NULL);
  return plz_listing_json_string (self->json, "cover_thumbnail_url");
}

char *
plz_listing_item_format_price (PlzListingItem *self)
{
  JsonObject *price;
  const char *currency, *pricing_type;

  g_return_val_if_fail (PLZ_IS_LISTING_ITEM (self), NULL);
  price = plz_listing_json_object (self->json, "price");
  currency = plz_listing_json_string (price, "currency");
  pricing_type = plz_listing_json_string (self->json, "pricing_type");
  return plz_money_format_price ((gint64) plz_listing_json_number (price, "amount_minor", 0),
                                 currency != NULL ? currency : "ZAR",
                                 pricing_type != NULL ? pricing_type : "fixed");
}

double
plz_listing_item_get_distance_km (PlzListingItem *self)
{
  g_return_val_if_fail (PLZ_IS_LISTING_ITEM (self), -1);
  return plz_listing_json_number (self->json, "distance_km", -1);
}

char *
plz_listing_item_format_place (PlzListingItem *self)
{
  g_autofree char *distance = NULL;
  JsonObject *location;
  const char *city;
  double km;

  g_return_val_if_fail (PLZ_IS_LISTING_ITEM (self), NULL);
  location = plz_listing_json_object (self->json, "location");
  city = plz_listing_json_string (location, "city");
  if (city != NULL && *city == '\0')
    city = NULL;
  km = plz_listing_item_get_distance_km (self);
  if (km < 0)
    return g_strdup (city);

  /* A tenth of a kilometre matters close by, not further out. */
  distance = km < 10 ? g_strdup_printf (_("%.1f km away"), km) : g_strdup_printf (_("%.0f km away"), km);
  if (city == NULL)
    return g_steal_pointer (&distance);
  /* TRANSLATORS: a listing's city and its distance, "Johannesburg · 3.2 km away" */
  return g_strdup_printf (_("%s · %s"), city, distance);
}

char *
plz_listing_item_format_rating (PlzListingItem *self)
{
  double rating;
  gint64 count;

  g_return_val_if_fail (PLZ_IS_LISTING_ITEM (self), NULL);
  rating = plz_listing_json_number (self->json, "rating", -1);
  count = (gint64) plz_listing_json_number (self->json, "rating_count", 0);
  if (rating < 0 || count <= 0)
    return NULL;
  return g_strdup_printf ("★ %.1f (%" G_GINT64_FORMAT ")", rating, count);
}

gboolean
plz_listing_item_get_favorite (PlzListingItem *self)
{
  g_return_val_if_fail (PLZ_IS_LISTING_ITEM (self), FALSE);
  return self->favorite;
}

void
plz_listing_item_set_favorite (PlzListingItem *self,
                               gboolean        favorite)
{
  g_return_if_fail (PLZ_IS_LISTING_ITEM (self));

  favorite = !!favorite;
  if (self->favorite == favorite)
    return;
  self->favorite = favorite;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FAVORITE]);
}

static void
plz_listing_item_finalize (GObject *object)
{
  PlzListingItem *self = PLZ_LISTING_ITEM (object);

  g_clear_pointer (&self->json, json_object_unref);
  g_free (self->id);
  G_OBJECT_CLASS (plz_listing_item_parent_class)->finalize (object);
}

static void
plz_listing_item_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  PlzListingItem *self = PLZ_LISTING_ITEM (object);

  switch (prop_id)
    {
    case PROP_FAVORITE:
      g_value_set_boolean (value, self->favorite);
      break;

    case PROP_TITLE:
      g_value_set_string (value, plz_listing_item_get_title (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
plz_listing_item_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  PlzListingItem *self = PLZ_LISTING_ITEM (object);

  switch (prop_id)
    {
    case PROP_FAVORITE:
      plz_listing_item_set_favorite (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
plz_listing_item_class_init (PlzListingItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = plz_listing_item_finalize;
  object_class->get_property = plz_listing_item_get_property;
  object_class->set_property = plz_listing_item_set_property;

  properties[PROP_FAVORITE] =
    g_param_spec_boolean ("favorite", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  /* Notified whenever the data is replaced, so that views redraw. */
  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
plz_listing_item_init (PlzListingItem *self)
{
}
