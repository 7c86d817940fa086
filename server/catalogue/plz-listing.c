/* plz-listing.c — a listing and its photos as the server holds them */
#define G_LOG_DOMAIN "plaza-catalogue"

#include "plz-listing.h"
#include "plz-listing-status.h"
#include "plz-time.h"

void
plz_photo_free (PlzPhoto *photo)
{
  if (photo == NULL)
    return;
  g_free (photo->id);
  g_free (photo->hash);
  g_free (photo->mime);
  g_free (photo);
}

void
plz_listing_free (PlzListing *l)
{
  if (l == NULL)
    return;
  g_free (l->id);
  g_free (l->operator_id);
  g_free (l->category_slug);
  g_free (l->title);
  g_free (l->slug);
  g_free (l->description);
  g_free (l->currency);
  g_free (l->pricing_type);
  g_free (l->attributes);
  g_free (l->city);
  g_free (l->country);
  g_free (l->status);
  g_free (l->visibility);
  g_free (l->cover_photo_id);
  g_clear_pointer (&l->photos, g_ptr_array_unref);
  g_free (l);
}

static const char *pricing_types[] = { "fixed", "hourly", "per_night", "per_project", "negotiable", "contact", NULL };
static const char *visibilities[] = { "public", "unlisted", NULL };

gboolean
plz_listing_is_status (const char *text)
{
  return plz_listing_status_is_valid (text);
}

gboolean
plz_listing_is_pricing_type (const char *text)
{
  return text != NULL && g_strv_contains (pricing_types, text);
}

gboolean
plz_listing_is_visibility (const char *text)
{
  return text != NULL && g_strv_contains (visibilities, text);
}

/* The lifecycle is shared with the app, which offers only the legal moves. */
gboolean
plz_listing_can_move (const char *from,
                      const char *to)
{
  return plz_listing_status_can_move (from, to);
}

static void
set_time (JsonObject *o,
          const char *name,
          gint64      usec)
{
  g_autofree char *text = usec != 0 ? plz_time_format_rfc3339 (usec) : NULL;

  if (text == NULL)
    json_object_set_null_member (o, name);
  else
    json_object_set_string_member (o, name, text);
}

static JsonObject *
photo_to_json (const PlzPhoto *p)
{
  JsonObject *o = json_object_new ();
  g_autofree char *url = g_strdup_printf ("/api/v1/photos/%s", p->id);
  g_autofree char *thumb = g_strdup_printf ("/api/v1/photos/%s/thumbnail", p->id);

  json_object_set_string_member (o, "id", p->id);
  json_object_set_string_member (o, "url", url);
  json_object_set_string_member (o, "thumbnail_url", thumb);
  json_object_set_int_member (o, "width", p->width);
  json_object_set_int_member (o, "height", p->height);
  return o;
}

JsonObject *
plz_listing_to_json (const PlzListing *l)
{
  JsonObject *o = json_object_new ();
  JsonObject *price = json_object_new ();
  JsonObject *location = json_object_new ();
  JsonObject *counters = json_object_new ();
  JsonArray *photos = json_array_new ();
  g_autoptr(JsonNode) attrs = json_from_string (l->attributes, NULL);

  json_object_set_string_member (o, "id", l->id);
  json_object_set_string_member (o, "operator_id", l->operator_id);
  json_object_set_int_member (o, "category_id", l->category_id);
  if (l->category_slug != NULL)
    json_object_set_string_member (o, "category", l->category_slug);
  json_object_set_string_member (o, "title", l->title);
  json_object_set_string_member (o, "slug", l->slug);
  json_object_set_string_member (o, "description", l->description);
  json_object_set_int_member (price, "amount_minor", l->price_minor);
  json_object_set_string_member (price, "currency", l->currency);
  json_object_set_object_member (o, "price", price);
  json_object_set_string_member (o, "pricing_type", l->pricing_type);
  json_object_set_member (o, "attributes", attrs != NULL ? g_steal_pointer (&attrs)
                                                         : json_node_init_object (json_node_alloc (), json_object_new ()));
  json_object_set_double_member (location, "lat", l->lat);
  json_object_set_double_member (location, "lng", l->lng);
  json_object_set_string_member (location, "city", l->city);
  json_object_set_string_member (location, "country", l->country);
  json_object_set_object_member (o, "location", location);
  if (l->distance_km >= 0)
    json_object_set_double_member (o, "distance_km", l->distance_km);
  json_object_set_string_member (o, "status", l->status);
  json_object_set_string_member (o, "visibility", l->visibility);
  set_time (o, "featured_until", l->featured_until);
  json_object_set_int_member (counters, "views", l->view_count);
  json_object_set_int_member (counters, "favorites", l->favorite_count);
  json_object_set_int_member (counters, "inquiries", l->inquiry_count);
  json_object_set_object_member (o, "counters", counters);
  if (l->response_time_s >= 0)
    json_object_set_int_member (o, "response_time_s", l->response_time_s);
  else
    json_object_set_null_member (o, "response_time_s");
  if (l->rating_avg >= 0)
    json_object_set_double_member (o, "rating", l->rating_avg);
  else
    json_object_set_null_member (o, "rating");
  json_object_set_int_member (o, "rating_count", l->rating_count);
  set_time (o, "created_at", l->created_at);
  set_time (o, "updated_at", l->updated_at);
  set_time (o, "published_at", l->published_at);
  for (guint i = 0; l->photos != NULL && i < l->photos->len; i++)
    json_array_add_object_element (photos, photo_to_json (l->photos->pdata[i]));
  json_object_set_array_member (o, "photos", photos);
  if (l->cover_photo_id != NULL)
    {
      g_autofree char *thumb = g_strdup_printf ("/api/v1/photos/%s/thumbnail", l->cover_photo_id);
      json_object_set_string_member (o, "cover_thumbnail_url", thumb);
    }
  else
    json_object_set_null_member (o, "cover_thumbnail_url");
  return o;
}
