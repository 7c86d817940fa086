/* plz-user.c — an account as the server holds it */
#define G_LOG_DOMAIN "plaza-accounts"

#include "plz-user.h"
#include "plz-time.h"

#include <string.h>

void
plz_user_free (PlzUser *user)
{
  if (user == NULL)
    return;
  g_free (user->id);
  g_free (user->email);
  if (user->password_hash != NULL)
    explicit_bzero (user->password_hash, strlen (user->password_hash));
  g_free (user->password_hash);
  g_free (user->display_name);
  g_free (user->avatar);
  g_free (user->bio);
  g_free (user->phone);
  g_free (user->timezone);
  g_free (user->locale);
  g_free (user->business_name);
  g_free (user->expertise);
  g_free (user->status_reason);
  g_free (user);
}

static const char *status_names[] = { "active", "suspended", "banned" };

const char *
plz_account_status_to_string (PlzAccountStatus status)
{
  g_return_val_if_fail (status <= PLZ_ACCOUNT_BANNED, "active");
  return status_names[status];
}

gboolean
plz_account_status_from_string (const char       *text,
                                PlzAccountStatus *status)
{
  for (guint i = 0; i < G_N_ELEMENTS (status_names); i++)
    if (g_strcmp0 (text, status_names[i]) == 0)
      {
        *status = (PlzAccountStatus) i;
        return TRUE;
      }
  return FALSE;
}

static void
set_time (JsonObject *o,
          const char *name,
          gint64      usec)
{
  g_autofree char *text = NULL;

  if (usec == 0)
    {
      json_object_set_null_member (o, name);
      return;
    }
  text = plz_time_format_rfc3339 (usec);
  json_object_set_string_member (o, name, text);
}

static void
set_nullable (JsonObject *o,
              const char *name,
              const char *value)
{
  if (value == NULL)
    json_object_set_null_member (o, name);
  else
    json_object_set_string_member (o, name, value);
}

static JsonNode *
parse_tags (const char *json)
{
  JsonNode *node = json_from_string (json != NULL ? json : "[]", NULL);

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    {
      g_clear_pointer (&node, json_node_unref);
      node = json_node_init_array (json_node_alloc (), json_array_new ());
    }
  return node;
}

static JsonObject *
operator_profile (const PlzUser *user)
{
  JsonObject *op = json_object_new ();

  set_nullable (op, "business_name", user->business_name);
  if (user->has_area)
    {
      JsonObject *area = json_object_new ();

      json_object_set_double_member (area, "lat", user->area_lat);
      json_object_set_double_member (area, "lng", user->area_lng);
      json_object_set_double_member (area, "radius_km", user->area_radius_km);
      json_object_set_object_member (op, "service_area", area);
    }
  else
    json_object_set_null_member (op, "service_area");
  json_object_set_member (op, "expertise", parse_tags (user->expertise));
  return op;
}

static JsonObject *
badges (const PlzUser *user)
{
  JsonObject *b = json_object_new ();

  json_object_set_boolean_member (b, "email_verified", user->email_verified_at != 0);
  json_object_set_boolean_member (b, "phone_verified", user->phone_verified_at != 0);
  json_object_set_boolean_member (b, "identity_verified", user->kyc_verified_at != 0);
  return b;
}

static void
set_avatar (JsonObject    *o,
            const PlzUser *user)
{
  g_autofree char *url = NULL;

  if (user->avatar == NULL)
    {
      json_object_set_null_member (o, "avatar_url");
      return;
    }
  url = g_strdup_printf ("/api/v1/users/%s/avatar?v=%.12s", user->id, user->avatar);
  json_object_set_string_member (o, "avatar_url", url);
}

JsonObject *
plz_user_to_json_public (const PlzUser *user)
{
  JsonObject *o = json_object_new ();

  json_object_set_string_member (o, "id", user->id);
  json_object_set_string_member (o, "display_name", user->display_name);
  set_avatar (o, user);
  json_object_set_string_member (o, "bio", user->bio != NULL ? user->bio : "");
  json_object_set_boolean_member (o, "is_operator", user->is_operator);
  json_object_set_object_member (o, "badges", badges (user));
  if (user->is_operator)
    json_object_set_object_member (o, "operator", operator_profile (user));
  return o;
}

JsonObject *
plz_user_to_json_private (const PlzUser *user)
{
  JsonObject *o = plz_user_to_json_public (user);
  JsonObject *roles = json_object_new ();

  json_object_set_string_member (o, "email", user->email);
  set_nullable (o, "phone", user->phone);
  json_object_set_string_member (o, "timezone", user->timezone);
  json_object_set_string_member (o, "locale", user->locale);
  json_object_set_boolean_member (roles, "consumer", user->is_consumer);
  json_object_set_boolean_member (roles, "operator", user->is_operator);
  json_object_set_boolean_member (roles, "admin", user->is_admin);
  json_object_set_object_member (o, "roles", roles);
  if (!json_object_has_member (o, "operator"))
    json_object_set_null_member (o, "operator");
  set_time (o, "email_verified_at", user->email_verified_at);
  set_time (o, "phone_verified_at", user->phone_verified_at);
  set_time (o, "kyc_verified_at", user->kyc_verified_at);
  json_object_set_string_member (o, "account_status", plz_account_status_to_string (user->status));
  set_nullable (o, "status_reason", user->status_reason);
  set_time (o, "created_at", user->created_at);
  set_time (o, "updated_at", user->updated_at);
  set_time (o, "last_login_at", user->last_login_at);
  return o;
}
