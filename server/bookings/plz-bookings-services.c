/* plz-bookings-services.c — an operator's services: listing, creating,
 * changing and retiring them */
#define G_LOG_DOMAIN "plaza-bookings"

#include "plz-bookings-private.h"
#include "plz-error.h"
#include "plz-json.h"
#include "plz-validate.h"
#include "accounts/plz-crypto.h"

#include <string.h>

static JsonObject *
service_to_json (const PlzService *s)
{
  JsonObject *o = json_object_new ();
  JsonNode *tags = json_from_string (s->tags, NULL);

  json_object_set_string_member (o, "id", s->id);
  json_object_set_string_member (o, "operator_id", s->operator_id);
  if (s->listing_id != NULL)
    json_object_set_string_member (o, "listing_id", s->listing_id);
  else
    json_object_set_null_member (o, "listing_id");
  json_object_set_string_member (o, "name", s->name);
  json_object_set_int_member (o, "duration_minutes", s->duration_minutes);
  json_object_set_object_member (o, "price", _plz_bookings_money (s->price_minor, s->currency));
  json_object_set_int_member (o, "buffer_before_minutes", s->buffer_before_minutes);
  json_object_set_int_member (o, "buffer_after_minutes", s->buffer_after_minutes);
  if (tags == NULL || !JSON_NODE_HOLDS_ARRAY (tags))
    {
      g_clear_pointer (&tags, json_node_unref);
      tags = json_node_init_array (json_node_alloc (), json_array_new ());
    }
  json_object_set_member (o, "tags", tags);
  if (s->max_per_day > 0)
    json_object_set_int_member (o, "max_per_day", s->max_per_day);
  else
    json_object_set_null_member (o, "max_per_day");
  json_object_set_boolean_member (o, "instant_confirm", s->instant_confirm);
  json_object_set_boolean_member (o, "active", s->active);
  return o;
}

/* Adds @text lower-cased to @array. */
static void
json_array_add_lower (JsonArray  *array,
                                      const char *text)
{
  g_autofree char *lower = g_utf8_strdown (text, -1);

  json_array_add_string_element (array, lower);
}

static JsonObject *
wrap (const char *name,
      JsonObject *inner)
{
  JsonObject *o = json_object_new ();

  json_object_set_object_member (o, name, inner);
  return o;
}

static JsonObject *
services_answer (GPtrArray *services)
{
  JsonObject *o = json_object_new ();
  JsonArray *list = json_array_new ();

  for (guint i = 0; i < services->len; i++)
    json_array_add_object_element (list, service_to_json (g_ptr_array_index (services, i)));
  json_object_set_array_member (o, "services", list);
  return o;
}

/* Services ------------------------------------------------------------------------ */

JsonObject *
plz_bookings_listing_services (PlzBookings  *self,
                               const char   *listing_id,
                               GError      **error)
{
  g_autoptr(PlzListing) listing = plz_catalogue_peek (self->catalogue, listing_id, NULL);
  g_autoptr(GPtrArray) services = NULL;

  if (listing == NULL || !g_str_equal (listing->status, "active"))
    {
      g_set_error_literal (error, PLZ_ERROR, PLZ_ERROR_NOT_FOUND, "There is no such listing");
      return NULL;
    }
  services = plz_bookings_store_listing_services (self->store, listing_id, error);
  return services != NULL ? services_answer (services) : NULL;
}

JsonObject *
plz_bookings_operator_services (PlzBookings  *self,
                                const char   *operator_id,
                                GError      **error)
{
  g_autoptr(GPtrArray) services = plz_bookings_store_operator_services (self->store, operator_id, FALSE, error);

  return services != NULL ? services_answer (services) : NULL;
}

JsonObject *
plz_bookings_my_services (PlzBookings    *self,
                          const PlzUser  *user,
                          GError        **error)
{
  g_autoptr(GPtrArray) services = plz_bookings_store_operator_services (self->store, user->id, TRUE, error);

  return services != NULL ? services_answer (services) : NULL;
}

static gboolean
member_is_null (JsonObject *body,
                const char *member)
{
  return json_object_has_member (body, member) && JSON_NODE_HOLDS_NULL (json_object_get_member (body, member));
}

/* Applies the members of @body to @s; @creating requires name, duration, price. */
static gboolean
apply_service (PlzBookings    *self,
               const PlzUser  *user,
               PlzService     *s,
               JsonObject     *body,
               gboolean        creating,
               GError        **error)
{
  static const char * const allowed[] = {
    "listing_id", "name", "duration_minutes", "price", "buffer_before_minutes", "buffer_after_minutes",
    "tags", "max_per_day", "instant_confirm", "active", NULL
  };
  JsonObjectIter iter;
  const char *member;
  JsonNode *node;
  const char *name = NULL;

  json_object_iter_init (&iter, body);
  while (json_object_iter_next (&iter, &member, &node))
    if (!g_strv_contains (allowed, member))
      {
        plz_error_set_invalid (error, member, "“%s” is not expected here", member);
        return FALSE;
      }

  if (!plz_json_get_string (body, "name", creating, &name, error))
    return FALSE;
  if (name != NULL)
    {
      g_autofree char *clean = plz_validate_text ("name", name, 80, error);

      if (clean == NULL)
        return FALSE;
      if (*clean == '\0')
        {
          plz_error_set_invalid (error, "name", "Give the service a name");
          return FALSE;
        }
      g_free (s->name);
      s->name = g_steal_pointer (&clean);
    }

  if (!_plz_bookings_get_bounded (body, "duration_minutes", creating, 5, 24 * 60, &s->duration_minutes, error) ||
      !_plz_bookings_get_bounded (body, "buffer_before_minutes", FALSE, 0, 240, &s->buffer_before_minutes, error) ||
      !_plz_bookings_get_bounded (body, "buffer_after_minutes", FALSE, 0, 240, &s->buffer_after_minutes, error) ||
      !plz_json_get_bool (body, "instant_confirm", FALSE, &s->instant_confirm, error) ||
      !plz_json_get_bool (body, "active", FALSE, &s->active, error))
    return FALSE;

  if (member_is_null (body, "max_per_day"))
    s->max_per_day = 0;
  else if (json_object_has_member (body, "max_per_day") &&
           !_plz_bookings_get_bounded (body, "max_per_day", FALSE, 1, 100, &s->max_per_day, error))
    return FALSE;

  if (json_object_has_member (body, "price") || creating)
    {
      JsonNode *price = json_object_get_member (body, "price");
      JsonObject *p = price != NULL && JSON_NODE_HOLDS_OBJECT (price) ? json_node_get_object (price) : NULL;
      const char *currency = NULL;
      gint64 amount = -1;

      if (p == NULL)
        {
          plz_error_set_invalid (error, "price", "price is {\"amount\": minor units, \"currency\": \"ZAR\"}");
          return FALSE;
        }
      if (!plz_json_get_int (p, "amount", TRUE, &amount, error) ||
          !plz_json_get_string (p, "currency", TRUE, &currency, error))
        {
          g_autofree char *field = g_strdup_printf ("price.%s", plz_error_get_field (*error));

          plz_error_set_field (*error, field);
          return FALSE;
        }
      if (amount < 0 || amount > G_GINT64_CONSTANT (100000000000))
        {
          plz_error_set_invalid (error, "price.amount", "The price must be 0 or more");
          return FALSE;
        }
      if (strlen (currency) != 3 || strspn (currency, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") != 3)
        {
          plz_error_set_invalid (error, "price.currency", "A currency is a three-letter ISO 4217 code");
          return FALSE;
        }
      s->price_minor = amount;
      g_free (s->currency);
      s->currency = g_strdup (currency);
    }

  if (json_object_has_member (body, "tags"))
    {
      JsonNode *tags = json_object_get_member (body, "tags");
      JsonArray *array = JSON_NODE_HOLDS_ARRAY (tags) ? json_node_get_array (tags) : NULL;
      g_autoptr(JsonArray) clean = json_array_new ();
      g_autoptr(JsonNode) clean_node = NULL;

      if (array == NULL || json_array_get_length (array) > 20)
        {
          plz_error_set_invalid (error, "tags", "tags is a list of up to 20 words");
          return FALSE;
        }
      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *tag = json_array_get_element (array, i);
          g_autofree char *field = g_strdup_printf ("tags[%u]", i);
          g_autofree char *text = NULL;

          if (!JSON_NODE_HOLDS_VALUE (tag) || json_node_get_value_type (tag) != G_TYPE_STRING)
            {
              plz_error_set_invalid (error, field, "A tag is text");
              return FALSE;
            }
          text = plz_validate_text (field, json_node_get_string (tag), 40, error);
          if (text == NULL)
            return FALSE;
          if (*text == '\0')
            {
              plz_error_set_invalid (error, field, "A tag cannot be empty");
              return FALSE;
            }
          json_array_add_lower (clean, text);
        }
      clean_node = json_node_init_array (json_node_alloc (), clean);
      g_free (s->tags);
      s->tags = plz_json_to_string (clean_node);
    }

  if (member_is_null (body, "listing_id"))
    g_clear_pointer (&s->listing_id, g_free);
  else if (json_object_has_member (body, "listing_id"))
    {
      const char *listing_id = NULL;
      g_autoptr(PlzListing) listing = NULL;

      if (!plz_json_get_string (body, "listing_id", FALSE, &listing_id, error))
        return FALSE;
      listing = plz_catalogue_peek (self->catalogue, listing_id, NULL);
      if (listing == NULL || !g_str_equal (listing->operator_id, user->id))
        {
          g_set_error_literal (error, PLZ_ERROR, PLZ_ERROR_NOT_FOUND, "You have no such listing");
          plz_error_set_field (*error, "listing_id");
          return FALSE;
        }
      g_free (s->listing_id);
      s->listing_id = g_strdup (listing_id);
    }
  return TRUE;
}

JsonObject *
plz_bookings_create_service (PlzBookings    *self,
                             const PlzUser  *user,
                             JsonObject     *body,
                             GError        **error)
{
  g_autoptr(PlzService) s = g_new0 (PlzService, 1);

  s->id = plz_random_id ();
  s->operator_id = g_strdup (user->id);
  s->tags = g_strdup ("[]");
  s->active = TRUE;
  if (!apply_service (self, user, s, body, TRUE, error))
    return NULL;
  s->created_at = s->updated_at = _plz_bookings_now (self);
  if (!plz_bookings_store_insert_service (self->store, s, error))
    return NULL;
  return wrap ("service", service_to_json (s));
}

/* @user's service @id, or NOT_FOUND (also for someone else's). */
static PlzService *
own_service (PlzBookings    *self,
             const PlzUser  *user,
             const char     *id,
             GError        **error)
{
  GError *local = NULL;
  g_autoptr(PlzService) s = plz_bookings_store_get_service (self->store, id, &local);

  if (s == NULL || !g_str_equal (s->operator_id, user->id))
    {
      if (local != NULL && local->code != PLZ_ERROR_NOT_FOUND)
        {
          g_propagate_error (error, local);
          return NULL;
        }
      g_clear_error (&local);
      g_set_error_literal (error, PLZ_ERROR, PLZ_ERROR_NOT_FOUND, "You have no such service");
      return NULL;
    }
  return g_steal_pointer (&s);
}

JsonObject *
plz_bookings_update_service (PlzBookings    *self,
                             const PlzUser  *user,
                             const char     *id,
                             JsonObject     *body,
                             GError        **error)
{
  g_autoptr(PlzService) s = own_service (self, user, id, error);

  if (s == NULL || !apply_service (self, user, s, body, FALSE, error))
    return NULL;
  s->updated_at = _plz_bookings_now (self);
  if (!plz_bookings_store_update_service (self->store, s, error))
    return NULL;
  return wrap ("service", service_to_json (s));
}

JsonObject *
plz_bookings_delete_service (PlzBookings    *self,
                             const PlzUser  *user,
                             const char     *id,
                             GError        **error)
{
  g_autoptr(PlzService) s = own_service (self, user, id, error);

  if (s == NULL)
    return NULL;
  s->active = FALSE;
  s->updated_at = _plz_bookings_now (self);
  if (!plz_bookings_store_update_service (self->store, s, error))
    return NULL;
  return wrap ("service", service_to_json (s));
}
