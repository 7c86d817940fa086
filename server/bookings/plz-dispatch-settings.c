/* plz-dispatch-settings.c — an operator's on-demand settings: whether they
 * take offers, and where they are */
#define G_LOG_DOMAIN "plaza-bookings"

#include "plz-dispatch-private.h"
#include "plz-json.h"

/* Settings ------------------------------------------------------------------------ */

static JsonObject *
settings_json (const PlzDispatchOperator *o)
{
  JsonObject *out = json_object_new ();

  json_object_set_boolean_member (out, "accepting", o != NULL && o->accepting);
  if (o != NULL)
    {
      json_object_set_double_member (out, "lat", o->lat);
      json_object_set_double_member (out, "lng", o->lng);
    }
  else
    {
      json_object_set_null_member (out, "lat");
      json_object_set_null_member (out, "lng");
    }
  return out;
}

JsonObject *
plz_dispatch_get_settings (PlzDispatch    *self,
                           const PlzUser  *user,
                           GError        **error)
{
  GError *local = NULL;
  g_autoptr(PlzDispatchOperator) o = plz_dispatch_store_get_operator (_plz_dispatch_store_of (self), user->id, &local);

  if (local != NULL)
    {
      g_propagate_error (error, local);
      return NULL;
    }
  return settings_json (o);
}

JsonObject *
plz_dispatch_put_settings (PlzDispatch    *self,
                           const PlzUser  *user,
                           JsonObject     *body,
                           GError        **error)
{
  static const char * const allowed[] = { "accepting", "lat", "lng", NULL };
  PlzDispatchOperator o = { (char *) user->id };

  if (!_plz_dispatch_check_members (body, allowed, error) ||
      !plz_json_get_bool (body, "accepting", TRUE, &o.accepting, error) ||
      !_plz_dispatch_get_coordinate (body, "lat", 90, &o.lat, error) ||
      !_plz_dispatch_get_coordinate (body, "lng", 180, &o.lng, error))
    return NULL;
  o.updated_at = _plz_bookings_now (self->bookings);
  if (!plz_dispatch_store_put_operator (_plz_dispatch_store_of (self), &o, error))
    return NULL;
  return settings_json (&o);
}
