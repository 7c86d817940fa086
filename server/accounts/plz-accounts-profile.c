/* plz-accounts-profile.c — profile changes, operator profiles and avatars */
#define G_LOG_DOMAIN "plaza-accounts"

#include "plz-accounts.h"
#include "plz-accounts-private.h"
#include "catalogue/plz-media.h"
#include "moderation/plz-moderation.h"
#include "plz-crypto.h"
#include "plz-error.h"
#include "plz-json.h"
#include "plz-time.h"
#include "plz-validate.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <string.h>

/* Profile -------------------------------------------------------------------- */

PlzUser *
_plz_accounts_reload (PlzAccounts  *self,
        const char   *id,
        GError      **error)
{
  return plz_accounts_store_get_user (self->store, id, error);
}

gboolean
_plz_accounts_replace_member (char       **slot,
                char        *value)
{
  if (value == NULL)
    return FALSE;
  g_free (*slot);
  *slot = value;
  return TRUE;
}

PlzUser *
plz_accounts_update_profile (PlzAccounts    *self,
                             const PlzUser  *current,
                             JsonObject     *changes,
                             GError        **error)
{
  g_autoptr(PlzUser) user = _plz_accounts_reload (self, current->id, error);
  JsonObjectIter iter;
  const char *name;
  JsonNode *node;

  if (user == NULL)
    return NULL;
  if (json_object_get_size (changes) == 0)
    return _plz_accounts_field_error (error, PLZ_ERROR_INVALID_INPUT, NULL, "Nothing to change"), NULL;

  json_object_iter_init (&iter, changes);
  while (json_object_iter_next (&iter, &name, &node))
    {
      const char *text = NULL;

      if (!g_str_equal (name, "display_name") && !g_str_equal (name, "bio") &&
          !g_str_equal (name, "timezone") && !g_str_equal (name, "locale"))
        {
          g_autofree char *message = g_strdup_printf ("“%s” cannot be changed here", name);
          return _plz_accounts_field_error (error, PLZ_ERROR_INVALID_INPUT, name, message), NULL;
        }
      if (!plz_json_get_string (changes, name, TRUE, &text, error))
        {
          plz_error_set_field (*error, name);
          return NULL;
        }
      if (g_str_equal (name, "display_name"))
        {
          if (!_plz_accounts_replace_member (&user->display_name, plz_validate_name (name, text, error)))
            return NULL;
        }
      else if (g_str_equal (name, "bio"))
        {
          if (!_plz_accounts_replace_member (&user->bio, plz_validate_text (name, text, PLZ_BIO_MAX_CHARS, error)))
            return NULL;
          /* A bio is public: no phone numbers, handles or "pay me directly" in it. */
          if (self->moderation != NULL &&
              !plz_moderation_check_public (self->moderation, user->id, PLZ_MODERATION_CONTEXT_BIO, user->id,
                                            name, user->bio, error))
            return NULL;
        }
      else if (g_str_equal (name, "timezone"))
        {
          if (!plz_validate_timezone (name, text, error))
            return NULL;
          _plz_accounts_replace_member (&user->timezone, g_strdup (text));
        }
      else if (!_plz_accounts_replace_member (&user->locale, plz_validate_locale (name, text, error)))
        return NULL;
    }

  user->updated_at = plz_time_now_us ();
  if (!plz_accounts_store_update_user (self->store, user, error))
    return NULL;
  return g_steal_pointer (&user);
}

static gboolean
get_number (JsonObject  *o,
            const char  *member,
            double       min,
            double       max,
            double      *out,
            GError     **error)
{
  JsonNode *node = json_object_get_member (o, member);
  g_autofree char *field = g_strconcat ("service_area.", member, NULL);
  GType type;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return _plz_accounts_field_error (error, PLZ_ERROR_INVALID_INPUT, field, "A number is required here");
  type = json_node_get_value_type (node);
  if (type != G_TYPE_INT64 && type != G_TYPE_DOUBLE)
    return _plz_accounts_field_error (error, PLZ_ERROR_INVALID_INPUT, field, "This must be a number");
  *out = json_node_get_double (node);
  if (!(*out >= min && *out <= max))
    {
      g_autofree char *message = g_strdup_printf ("This must be between %g and %g", min, max);
      return _plz_accounts_field_error (error, PLZ_ERROR_INVALID_INPUT, field, message);
    }
  return TRUE;
}

#define MAX_EXPERTISE_TAGS 20

/* Validates the expertise tags and returns them as JSON array text. */
static char *
expertise_from_json (JsonNode  *node,
                     GError   **error)
{
  g_autoptr(JsonArray) clean = json_array_new ();
  g_autoptr(JsonNode) out = NULL;
  JsonArray *array;
  guint n;

  if (node == NULL)
    return g_strdup ("[]");
  if (!JSON_NODE_HOLDS_ARRAY (node))
    return _plz_accounts_field_error (error, PLZ_ERROR_INVALID_INPUT, "expertise", "Expertise must be a list of words"), NULL;
  array = json_node_get_array (node);
  n = json_array_get_length (array);
  if (n > MAX_EXPERTISE_TAGS)
    return _plz_accounts_field_error (error, PLZ_ERROR_INVALID_INPUT, "expertise", "At most 20 kinds of expertise"), NULL;
  for (guint i = 0; i < n; i++)
    {
      JsonNode *el = json_array_get_element (array, i);
      g_autofree char *tag = NULL;

      if (!JSON_NODE_HOLDS_VALUE (el) || json_node_get_value_type (el) != G_TYPE_STRING)
        return _plz_accounts_field_error (error, PLZ_ERROR_INVALID_INPUT, "expertise", "Expertise must be a list of words"), NULL;
      tag = plz_validate_name ("expertise", json_node_get_string (el), error);
      if (tag == NULL)
        return NULL;
      json_array_add_string_element (clean, tag);
    }
  out = json_node_init_array (json_node_alloc (), clean);
  return json_to_string (out, FALSE);
}

PlzUser *
plz_accounts_become_operator (PlzAccounts    *self,
                              const PlzUser  *current,
                              JsonObject     *profile,
                              GError        **error)
{
  g_autoptr(PlzUser) user = _plz_accounts_reload (self, current->id, error);
  g_autofree char *business = NULL;
  g_autofree char *expertise = NULL;
  const char *business_text = NULL;
  JsonNode *area_node;

  if (user == NULL)
    return NULL;
  if (!plz_json_get_string (profile, "business_name", TRUE, &business_text, error))
    {
      plz_error_set_field (*error, "business_name");
      return NULL;
    }
  business = plz_validate_name ("business_name", business_text, error);
  if (business == NULL)
    return NULL;

  area_node = json_object_get_member (profile, "service_area");
  if (area_node == NULL || !JSON_NODE_HOLDS_OBJECT (area_node))
    return _plz_accounts_field_error (error, PLZ_ERROR_INVALID_INPUT, "service_area",
                            "Say where you work: a centre (lat, lng) and a radius in km"), NULL;
  if (!get_number (json_node_get_object (area_node), "lat", -90, 90, &user->area_lat, error) ||
      !get_number (json_node_get_object (area_node), "lng", -180, 180, &user->area_lng, error) ||
      !get_number (json_node_get_object (area_node), "radius_km", 0.5, 500, &user->area_radius_km, error))
    return NULL;

  expertise = expertise_from_json (json_object_get_member (profile, "expertise"), error);
  if (expertise == NULL)
    return NULL;

  for (JsonObjectIter iter, *it = (json_object_iter_init (&iter, profile), &iter); it; it = NULL)
    {
      const char *name;
      JsonNode *node;

      while (json_object_iter_next (it, &name, &node))
        if (!g_str_equal (name, "business_name") && !g_str_equal (name, "service_area") &&
            !g_str_equal (name, "expertise"))
          {
            g_autofree char *message = g_strdup_printf ("“%s” is not part of an operator profile", name);
            return _plz_accounts_field_error (error, PLZ_ERROR_INVALID_INPUT, name, message), NULL;
          }
    }

  _plz_accounts_replace_member (&user->business_name, g_steal_pointer (&business));
  _plz_accounts_replace_member (&user->expertise, g_steal_pointer (&expertise));
  user->has_area = TRUE;
  user->is_operator = TRUE;
  user->updated_at = plz_time_now_us ();
  if (!plz_accounts_store_update_user (self->store, user, error))
    return NULL;
  return g_steal_pointer (&user);
}

/* Avatars --------------------------------------------------------------------- */

/* Avatars are stored as HASH.EXT; the extension gives the type back. */
static const char *
content_type_for (const char *name)
{
  if (g_str_has_suffix (name, ".png"))
    return "image/png";
  if (g_str_has_suffix (name, ".jpg"))
    return "image/jpeg";
  return "image/webp";
}

PlzUser *
plz_accounts_set_avatar (PlzAccounts    *self,
                         const PlzUser  *current,
                         GBytes         *data,
                         GError        **error)
{
  g_autoptr(PlzUser) user = _plz_accounts_reload (self, current->id, error);
  gsize size = 0;
  const guint8 *bytes = g_bytes_get_data (data, &size);
  const char *mime = bytes != NULL ? plz_media_sniff (bytes, size) : NULL;
  const char *ext = mime != NULL ? plz_media_extension (mime) : NULL;
  g_autofree char *digest = NULL;
  g_autofree char *name = NULL;
  g_autofree char *path = NULL;
  g_autofree char *old = NULL;

  if (user == NULL)
    return NULL;
  if (ext == NULL)
    return _plz_accounts_field_error (error, PLZ_ERROR_UNSUPPORTED_MEDIA, "avatar",
                            "A picture must be a PNG, JPEG or WebP image"), NULL;
  if (size > PLZ_AVATAR_MAX_BYTES)
    return _plz_accounts_field_error (error, PLZ_ERROR_PAYLOAD_TOO_LARGE, "avatar",
                            "A picture can be at most 1 MB"), NULL;

  /* Stored by content hash: the same picture twice is one file. */
  digest = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, data);
  name = g_strdup_printf ("%s.%s", digest, ext);
  path = g_build_filename (self->media_dir, name, NULL);
  if (g_mkdir_with_parents (self->media_dir, 0700) != 0 ||
      (!g_file_test (path, G_FILE_TEST_EXISTS) &&
       !g_file_set_contents_full (path, (const char *) bytes, (gssize) size,
                                  G_FILE_SET_CONTENTS_CONSISTENT, 0600, error)))
    {
      if (error != NULL && *error == NULL)
        g_set_error (error, PLZ_ERROR, PLZ_ERROR_STORE, "Cannot store the picture: %s", g_strerror (errno));
      return NULL;
    }

  old = g_steal_pointer (&user->avatar);
  user->avatar = g_strdup (name);
  user->updated_at = plz_time_now_us ();
  if (!plz_accounts_store_update_user (self->store, user, error))
    return NULL;

  /* Remove the previous picture when nobody else uses it. */
  if (old != NULL && !g_str_equal (old, name) &&
      plz_accounts_store_count_avatar_refs (self->store, old, NULL) == 0)
    {
      g_autofree char *old_path = g_build_filename (self->media_dir, old, NULL);
      g_unlink (old_path);
    }
  return g_steal_pointer (&user);
}

char *
plz_accounts_avatar_path (PlzAccounts  *self,
                          const char   *id,
                          const char  **content_type,
                          GError      **error)
{
  g_autoptr(PlzUser) user = plz_accounts_store_get_user (self->store, id, error);

  if (user == NULL)
    return NULL;
  if (user->avatar == NULL)
    {
      g_set_error_literal (error, PLZ_ERROR, PLZ_ERROR_NOT_FOUND, "This person has no picture");
      return NULL;
    }
  *content_type = content_type_for (user->avatar);
  return g_build_filename (self->media_dir, user->avatar, NULL);
}
