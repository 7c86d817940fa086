/* plz-catalogue.c — listings, photos, favorites and search: the rules */
#define G_LOG_DOMAIN "plaza-catalogue"

#include "plz-catalogue.h"
#include "plz-attributes.h"
#include "plz-media.h"
#include "plz-error.h"
#include "plz-json.h"
#include "plz-time.h"
#include "plz-validate.h"
#include "accounts/plz-crypto.h"
#include "moderation/plz-moderation.h"

#include <math.h>
#include <string.h>

struct _PlzCatalogue
{
  PlzStore *store;
  char     *media_dir;
  char     *currency;
  PlzModeration *moderation;  /* checks titles and descriptions; NULL: not checked */
};

void
plz_search_page_free (PlzSearchPage *page)
{
  if (page == NULL)
    return;
  g_clear_pointer (&page->listings, g_ptr_array_unref);
  g_free (page->next_cursor);
  g_free (page);
}

PlzCatalogue *
plz_catalogue_new (PlzStore         *store,
                   const PlzConfig  *config,
                   GError          **error)
{
  g_autoptr(PlzCatalogue) self = g_new0 (PlzCatalogue, 1);

  self->store = g_object_ref (store);
  self->media_dir = g_build_filename (config->data_dir, "media", NULL);
  self->currency = g_strdup (config->currency);
  if (!plz_catalogue_store_setup (store, error))
    return NULL;
  return g_steal_pointer (&self);
}

void
plz_catalogue_free (PlzCatalogue *self)
{
  if (self == NULL)
    return;
  g_clear_object (&self->store);
  g_free (self->media_dir);
  g_free (self->currency);
  g_free (self);
}

PlzStore *
plz_catalogue_get_store (PlzCatalogue *self)
{
  return self->store;
}

const char *
plz_catalogue_get_media_dir (PlzCatalogue *self)
{
  return self->media_dir;
}

void
plz_catalogue_set_moderation (PlzCatalogue  *self,
                              PlzModeration *moderation)
{
  self->moderation = moderation;
}

/* Listings are public text: contact details in them are refused at save time. */
static gboolean
check_public (PlzCatalogue      *self,
              const PlzListing  *l,
              gboolean           creating,
              const char        *field,
              const char        *text,
              GError           **error)
{
  if (self->moderation == NULL)
    return TRUE;
  return plz_moderation_check_public (self->moderation, l->operator_id, PLZ_MODERATION_CONTEXT_LISTING,
                                      creating ? NULL : l->id, field, text, error);
}

static gboolean
invalid (GError     **error,
         const char  *field,
         const char  *message)
{
  plz_error_set_invalid (error, field, "%s", message);
  return FALSE;
}

/* A URL-friendly name: lower-case ASCII words joined by hyphens. */
static char *
make_slug (const char *title,
           const char *id)
{
  g_autofree char *ascii = g_str_to_ascii (title, "C");
  g_autoptr(GString) slug = g_string_new (NULL);

  for (const char *p = ascii; *p != '\0' && slug->len < 60; p++)
    {
      if (g_ascii_isalnum (*p))
        g_string_append_c (slug, g_ascii_tolower (*p));
      else if (slug->len > 0 && slug->str[slug->len - 1] != '-')
        g_string_append_c (slug, '-');
    }
  if (slug->len > 0 && slug->str[slug->len - 1] != '-')
    g_string_append_c (slug, '-');
  g_string_append_len (slug, id, 8);
  return g_string_free (g_steal_pointer (&slug), FALSE);
}

static gboolean
get_double (JsonObject  *o,
            const char  *member,
            const char  *field,
            double       min,
            double       max,
            double      *out,
            GError     **error)
{
  JsonNode *node = json_object_get_member (o, member);
  GType t = node != NULL && JSON_NODE_HOLDS_VALUE (node) ? json_node_get_value_type (node) : G_TYPE_INVALID;

  if (t != G_TYPE_INT64 && t != G_TYPE_DOUBLE)
    return invalid (error, field, "A number is required here");
  *out = json_node_get_double (node);
  if (!isfinite (*out) || *out < min || *out > max)
    {
      g_autofree char *m = g_strdup_printf ("This must be between %g and %g", min, max);
      return invalid (error, field, m);
    }
  return TRUE;
}

static gboolean
replace_text (char       **slot,
              char        *value)
{
  if (value == NULL)
    return FALSE;
  g_free (*slot);
  *slot = value;
  return TRUE;
}

/* Applies the members of @body to @l; on create every required one must be there. */
static gboolean
apply_fields (PlzCatalogue  *self,
              PlzListing    *l,
              JsonObject    *body,
              gboolean       creating,
              GError       **error)
{
  static const char * const known[] = { "category_id", "title", "description", "price", "pricing_type",
                                        "attributes", "location", "visibility", NULL };
  g_autofree char *schema = NULL;
  const char *text = NULL;
  JsonNode *node;
  JsonObjectIter iter;
  const char *name;
  gint64 category = l->category_id;

  json_object_iter_init (&iter, body);
  while (json_object_iter_next (&iter, &name, &node))
    if (!g_strv_contains (known, name))
      {
        g_autofree char *m = g_strdup_printf ("“%s” is not part of a listing", name);
        return invalid (error, name, m);
      }

  if (creating || json_object_has_member (body, "category_id"))
    {
      if (!plz_json_get_int (body, "category_id", TRUE, &category, error))
        return FALSE;
    }
  schema = plz_catalogue_store_category_schema (self->store, category, error);
  if (schema == NULL)
    return FALSE;
  l->category_id = category;

  if (creating || json_object_has_member (body, "title"))
    {
      g_autofree char *title = NULL;

      if (!plz_json_get_string (body, "title", TRUE, &text, error))
        return FALSE;
      title = plz_validate_text ("title", text, PLZ_LISTING_TITLE_MAX, error);
      if (title == NULL)
        return FALSE;
      if (g_utf8_strlen (title, -1) < 3 || strchr (title, '\n') != NULL)
        return invalid (error, "title", "Title needs at least 3 characters, on one line");
      if (!check_public (self, l, creating, "title", title, error))
        return FALSE;
      replace_text (&l->title, g_steal_pointer (&title));
      replace_text (&l->slug, make_slug (l->title, l->id));
    }

  if (json_object_has_member (body, "description") || creating)
    {
      text = "";
      if (!plz_json_get_string (body, "description", FALSE, &text, error) ||
          !replace_text (&l->description, plz_validate_text ("description", text, PLZ_LISTING_DESCRIPTION_MAX, error)) ||
          !check_public (self, l, creating, "description", l->description, error))
        return FALSE;
    }

  if (creating || json_object_has_member (body, "price"))
    {
      JsonNode *price = json_object_get_member (body, "price");
      JsonObject *po;
      const char *currency = self->currency;
      gint64 amount = -1;

      if (price == NULL || !JSON_NODE_HOLDS_OBJECT (price))
        return invalid (error, "price", "Price must be {\"amount_minor\": cents, \"currency\": \"ZAR\"}");
      po = json_node_get_object (price);
      if (!plz_json_get_int (po, "amount_minor", TRUE, &amount, error) ||
          !plz_json_get_string (po, "currency", FALSE, &currency, error))
        {
          plz_error_set_field (*error, "price");
          return FALSE;
        }
      if (amount < 0 || amount > PLZ_PRICE_MAX_MINOR)
        return invalid (error, "price", "The price must be between 0 and 1 000 000 000");
      if (strlen (currency) != 3 || !g_ascii_isupper (currency[0]) || !g_ascii_isupper (currency[1]) ||
          !g_ascii_isupper (currency[2]))
        return invalid (error, "price", "Currency must be a three-letter ISO 4217 code such as ZAR");
      l->price_minor = amount;
      replace_text (&l->currency, g_strdup (currency));
    }

  if (creating || json_object_has_member (body, "pricing_type"))
    {
      text = "fixed";
      if (!plz_json_get_string (body, "pricing_type", FALSE, &text, error))
        return FALSE;
      if (!plz_listing_is_pricing_type (text))
        return invalid (error, "pricing_type",
                        "Pricing must be fixed, hourly, per_night, per_project, negotiable or contact");
      replace_text (&l->pricing_type, g_strdup (text));
    }

  /* Attributes are checked against the (possibly new) category every time. */
  {
    JsonNode *attrs = json_object_get_member (body, "attributes");
    g_autoptr(JsonNode) current = NULL;
    char *clean;

    if (attrs == NULL && l->attributes != NULL)
      attrs = current = json_from_string (l->attributes, NULL);
    clean = plz_attributes_validate (schema, attrs, error);
    if (!replace_text (&l->attributes, clean))
      return FALSE;
  }

  if (creating || json_object_has_member (body, "location"))
    {
      JsonNode *loc = json_object_get_member (body, "location");
      JsonObject *lo;
      const char *city = "", *country = "ZA";
      g_autofree char *clean_city = NULL;

      if (loc == NULL || !JSON_NODE_HOLDS_OBJECT (loc))
        return invalid (error, "location", "Location must be {\"lat\", \"lng\", \"city\", \"country\"}");
      lo = json_node_get_object (loc);
      if (!get_double (lo, "lat", "location.lat", -90, 90, &l->lat, error) ||
          !get_double (lo, "lng", "location.lng", -180, 180, &l->lng, error))
        return FALSE;
      if (!plz_json_get_string (lo, "city", FALSE, &city, error) ||
          !plz_json_get_string (lo, "country", FALSE, &country, error))
        return FALSE;
      clean_city = city[0] != '\0' ? plz_validate_name ("location.city", city, error) : g_strdup ("");
      if (clean_city == NULL)
        return FALSE;
      if (strlen (country) != 2 || !g_ascii_isupper (country[0]) || !g_ascii_isupper (country[1]))
        return invalid (error, "location.country", "Country must be a two-letter code such as ZA");
      replace_text (&l->city, g_steal_pointer (&clean_city));
      replace_text (&l->country, g_strdup (country));
    }

  if (creating || json_object_has_member (body, "visibility"))
    {
      text = "public";
      if (!plz_json_get_string (body, "visibility", FALSE, &text, error))
        return FALSE;
      if (!plz_listing_is_visibility (text))
        return invalid (error, "visibility", "Visibility must be public or unlisted");
      replace_text (&l->visibility, g_strdup (text));
    }
  return TRUE;
}

PlzListing *
plz_catalogue_create (PlzCatalogue   *self,
                      const PlzUser  *operator,
                      JsonObject     *body,
                      GError        **error)
{
  g_autoptr(PlzListing) l = g_new0 (PlzListing, 1);

  l->id = plz_random_id ();
  l->operator_id = g_strdup (operator->id);
  l->status = g_strdup ("draft");
  l->created_at = l->updated_at = plz_time_now_us ();
  if (!apply_fields (self, l, body, TRUE, error) ||
      !plz_catalogue_store_insert_listing (self->store, l, error))
    return NULL;
  return plz_catalogue_store_get_listing (self->store, l->id, error);
}

/* @operator's listing @id; someone else's is "not found", as if it did not exist. */
static PlzListing *
own_listing (PlzCatalogue   *self,
             const PlzUser  *operator,
             const char     *id,
             GError        **error)
{
  g_autoptr(PlzListing) l = plz_catalogue_store_get_listing (self->store, id, error);

  if (l == NULL)
    return NULL;
  if (g_strcmp0 (l->operator_id, operator->id) != 0)
    {
      g_set_error_literal (error, PLZ_ERROR, PLZ_ERROR_NOT_FOUND, "You have no such listing");
      return NULL;
    }
  return g_steal_pointer (&l);
}

PlzListing *
plz_catalogue_update (PlzCatalogue   *self,
                      const PlzUser  *operator,
                      const char     *id,
                      JsonObject     *body,
                      GError        **error)
{
  g_autoptr(PlzListing) l = own_listing (self, operator, id, error);

  if (l == NULL)
    return NULL;
  if (json_object_get_size (body) == 0)
    return invalid (error, NULL, "Nothing to change"), NULL;
  if (g_str_equal (l->status, "archived"))
    {
      g_set_error_literal (error, PLZ_ERROR, PLZ_ERROR_CONFLICT, "An archived listing cannot be changed");
      return NULL;
    }
  l->updated_at = plz_time_now_us ();
  if (!apply_fields (self, l, body, FALSE, error) ||
      !plz_catalogue_store_update_listing (self->store, l, error))
    return NULL;
  return plz_catalogue_store_get_listing (self->store, id, error);
}

PlzListing *
plz_catalogue_set_status (PlzCatalogue   *self,
                          const PlzUser  *operator,
                          const char     *id,
                          const char     *status,
                          GError        **error)
{
  g_autoptr(PlzListing) l = NULL;

  if (!plz_listing_is_status (status))
    return invalid (error, "status", "Status must be draft, active, paused, sold or archived"), NULL;
  l = own_listing (self, operator, id, error);
  if (l == NULL)
    return NULL;
  if (g_str_equal (l->status, status))
    return g_steal_pointer (&l);  /* already there: a retry changes nothing */
  if (!plz_listing_can_move (l->status, status))
    {
      g_set_error (error, PLZ_ERROR, PLZ_ERROR_CONFLICT, "A listing that is %s cannot become %s",
                   l->status, status);
      plz_error_set_field (*error, "status");
      return NULL;
    }
  g_free (l->status);
  l->status = g_strdup (status);
  l->updated_at = plz_time_now_us ();
  if (g_str_equal (status, "active") && l->published_at == 0)
    l->published_at = l->updated_at;
  if (!plz_catalogue_store_update_listing (self->store, l, error))
    return NULL;
  return g_steal_pointer (&l);
}

/* Deletes files of @photos that no row uses any more (after the commit). */
static void
remove_orphans (PlzCatalogue *self,
                GPtrArray    *photos)
{
  for (guint i = 0; photos != NULL && i < photos->len; i++)
    {
      PlzPhoto *p = photos->pdata[i];

      if (plz_catalogue_store_hash_refs (self->store, p->hash, NULL) == 0)
        plz_media_remove (self->media_dir, p->hash, p->mime);
    }
}

gboolean
plz_catalogue_delete (PlzCatalogue   *self,
                      const PlzUser  *operator,
                      const char     *id,
                      GError        **error)
{
  g_autoptr(PlzListing) l = own_listing (self, operator, id, error);

  if (l == NULL || !plz_catalogue_store_delete_listing (self->store, id, error))
    return FALSE;
  remove_orphans (self, l->photos);
  return TRUE;
}

PlzListing *
plz_catalogue_get (PlzCatalogue   *self,
                   const PlzUser  *viewer,
                   const char     *id,
                   GError        **error)
{
  g_autoptr(PlzListing) l = plz_catalogue_store_get_listing (self->store, id, error);
  gboolean owner, admin;

  if (l == NULL)
    return NULL;
  owner = viewer != NULL && g_strcmp0 (viewer->id, l->operator_id) == 0;
  admin = viewer != NULL && viewer->is_admin;
  /* Drafts and retired listings are the operator's business alone. */
  if (!owner && !admin && !g_str_equal (l->status, "active") && !g_str_equal (l->status, "sold"))
    {
      g_set_error_literal (error, PLZ_ERROR, PLZ_ERROR_NOT_FOUND, "There is no such listing");
      return NULL;
    }
  if (!owner)
    {
      if (!plz_catalogue_store_count_view (self->store, id, error))
        return NULL;
      l->view_count++;
    }
  return g_steal_pointer (&l);
}

PlzListing *
plz_catalogue_peek (PlzCatalogue  *self,
                    const char    *id,
                    GError       **error)
{
  return plz_catalogue_store_get_listing (self->store, id, error);
}

gboolean
plz_catalogue_count_inquiry (PlzCatalogue  *self,
                             const char    *id,
                             GError       **error)
{
  return plz_catalogue_store_count_inquiry (self->store, id, error);
}

gboolean
plz_catalogue_set_response_time (PlzCatalogue  *self,
                                 const char    *operator_id,
                                 gint64         seconds,
                                 GError       **error)
{
  return plz_catalogue_store_set_response_time (self->store, operator_id, seconds, error);
}

GPtrArray *
plz_catalogue_mine (PlzCatalogue   *self,
                    const PlzUser  *operator,
                    GError        **error)
{
  return plz_catalogue_store_by_operator (self->store, operator->id, error);
}

PlzListing *
plz_catalogue_add_photo (PlzCatalogue   *self,
                         const PlzUser  *operator,
                         const char     *id,
                         GBytes         *data,
                         GError        **error)
{
  g_autoptr(PlzListing) l = own_listing (self, operator, id, error);
  g_autoptr(PlzStoredPhoto) stored = NULL;
  g_autoptr(PlzPhoto) photo = NULL;

  if (l == NULL)
    return NULL;
  if (l->photos->len >= PLZ_LISTING_MAX_PHOTOS)
    {
      g_set_error (error, PLZ_ERROR, PLZ_ERROR_CONFLICT, "A listing can have at most %d photos",
                   PLZ_LISTING_MAX_PHOTOS);
      return NULL;
    }
  stored = plz_media_store_photo (self->media_dir, data, error);
  if (stored == NULL)
    return NULL;
  photo = g_new0 (PlzPhoto, 1);
  photo->id = plz_random_id ();
  photo->hash = g_strdup (stored->hash);
  photo->mime = g_strdup (stored->mime);
  photo->width = stored->width;
  photo->height = stored->height;
  if (!plz_catalogue_store_insert_photo (self->store, id, photo, error))
    {
      /* The file may now belong to nobody. */
      g_autoptr(GPtrArray) one = g_ptr_array_new ();

      g_ptr_array_add (one, photo);
      remove_orphans (self, one);
      return NULL;
    }
  return plz_catalogue_store_get_listing (self->store, id, error);
}

PlzListing *
plz_catalogue_remove_photo (PlzCatalogue   *self,
                            const PlzUser  *operator,
                            const char     *id,
                            const char     *photo_id,
                            GError        **error)
{
  g_autoptr(PlzListing) l = own_listing (self, operator, id, error);
  g_autofree char *owner_listing = NULL;
  g_autoptr(PlzPhoto) photo = NULL;
  g_autoptr(GPtrArray) gone = NULL;

  if (l == NULL)
    return NULL;
  photo = plz_catalogue_store_get_photo (self->store, photo_id, &owner_listing, error);
  if (photo == NULL)
    return NULL;
  if (g_strcmp0 (owner_listing, id) != 0)
    {
      g_set_error_literal (error, PLZ_ERROR, PLZ_ERROR_NOT_FOUND, "This listing has no such photo");
      return NULL;
    }
  if (!plz_catalogue_store_delete_photo (self->store, photo_id, error))
    return NULL;
  gone = g_ptr_array_new ();
  g_ptr_array_add (gone, photo);
  remove_orphans (self, gone);
  return plz_catalogue_store_get_listing (self->store, id, error);
}

PlzPhoto *
plz_catalogue_photo (PlzCatalogue  *self,
                     const char    *id,
                     gboolean       thumbnail,
                     char         **path,
                     GError       **error)
{
  g_autoptr(PlzPhoto) photo = plz_catalogue_store_get_photo (self->store, id, NULL, error);

  if (photo == NULL)
    return NULL;
  *path = plz_media_photo_path (self->media_dir, photo->hash, photo->mime, thumbnail);
  return g_steal_pointer (&photo);
}

typedef struct
{
  const char *user_id;
  const char *listing_id;
  gboolean    favorite;
} Favorite;

static gboolean
favorite_txn (PlzStore  *store,
              gpointer   data,
              GError   **error)
{
  Favorite *f = data;
  gboolean changed = FALSE;

  if (f->favorite)
    {
      if (!plz_catalogue_store_add_favorite (store, f->user_id, f->listing_id, &changed, error))
        return FALSE;
    }
  else if (!plz_catalogue_store_remove_favorite (store, f->user_id, f->listing_id, &changed, error))
    return FALSE;
  /* The counter moves with the row, in the same transaction. */
  return !changed || plz_catalogue_store_bump_favorites (store, f->listing_id, f->favorite ? 1 : -1, error);
}

PlzListing *
plz_catalogue_set_favorite (PlzCatalogue   *self,
                            const PlzUser  *user,
                            const char     *listing_id,
                            gboolean        favorite,
                            GError        **error)
{
  g_autoptr(PlzListing) l = plz_catalogue_store_get_listing (self->store, listing_id, error);
  Favorite f = { user->id, listing_id, favorite };

  if (l == NULL)
    return NULL;
  if (favorite && !g_str_equal (l->status, "active"))
    {
      g_set_error_literal (error, PLZ_ERROR, PLZ_ERROR_NOT_FOUND, "There is no such listing");
      return NULL;
    }
  if (!plz_store_transaction (self->store, favorite_txn, &f, error))
    return NULL;
  return plz_catalogue_store_get_listing (self->store, listing_id, error);
}

GPtrArray *
plz_catalogue_favorites (PlzCatalogue   *self,
                         const PlzUser  *user,
                         GError        **error)
{
  return plz_catalogue_store_favorites (self->store, user->id, error);
}

PlzSearchPage *
plz_catalogue_search (PlzCatalogue     *self,
                      const PlzSearch  *search,
                      GError          **error)
{
  g_autoptr(GPtrArray) values = NULL;
  g_autoptr(GPtrArray) rows = plz_catalogue_store_search (self->store, search, &values, error);
  PlzSearchPage *page;

  if (rows == NULL)
    return NULL;
  page = g_new0 (PlzSearchPage, 1);
  if (rows->len > search->limit)
    {
      PlzListing *last = rows->pdata[search->limit - 1];

      page->next_cursor = plz_search_encode_cursor (search->sort, values->pdata[search->limit - 1], last->id);
      g_ptr_array_set_size (rows, search->limit);
    }
  page->listings = g_steal_pointer (&rows);
  return page;
}
