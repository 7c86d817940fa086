/* plz-booking-info.c — reading the booking JSON of the bookings wire contract */

#include "config.h"

#include <glib/gi18n.h>

#include "plz-booking-info.h"
#include "plz-money.h"
#include "plz-time.h"

const char *
plz_booking_status_label (const char *status)
{
  static const struct { const char *status; const char *label; } labels[] = {
    { "requested", N_("Awaiting Reply") },
    { "confirmed", N_("Confirmed") },
    { "preparation", N_("Preparing") },
    { "active", N_("In Progress") },
    { "completed", N_("Completed") },
    { "reviewed", N_("Reviewed") },
    { "declined", N_("Declined") },
    { "expired", N_("Expired") },
    { "cancelled", N_("Cancelled") },
    { "no_show", N_("No-Show") },
  };

  for (guint i = 0; status != NULL && i < G_N_ELEMENTS (labels); i++)
    if (g_str_equal (labels[i].status, status))
      return _(labels[i].label);
  return _("Unknown");
}

gboolean
plz_booking_status_is_final (const char *status)
{
  static const char * const final[] = { "declined", "expired", "cancelled", "no_show",
                                        "completed", "reviewed", NULL };

  return status != NULL && g_strv_contains (final, status);
}

const char *
plz_booking_get_string (JsonObject *object,
                        const char *member)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, member) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

const char *
plz_booking_get_nested (JsonObject *object,
                        const char *member,
                        const char *name)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, member) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;
  return plz_booking_get_string (json_node_get_object (node), name);
}

gboolean
plz_booking_get_time (JsonObject *object,
                      const char *member,
                      gint64     *usec)
{
  const char *text = plz_booking_get_string (object, member);

  return text != NULL && plz_time_parse_rfc3339 (text, usec);
}

JsonArray *
plz_booking_get_array (JsonObject *object,
                       const char *name)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;

  return node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

gboolean
plz_booking_can (JsonObject *booking,
                 const char *action)
{
  JsonArray *actions = plz_booking_get_array (booking, "actions");

  for (guint i = 0; actions != NULL && i < json_array_get_length (actions); i++)
    {
      JsonNode *node = json_array_get_element (actions, i);

      if (JSON_NODE_HOLDS_VALUE (node) && g_strcmp0 (json_node_get_string (node), action) == 0)
        return TRUE;
    }
  return FALSE;
}

GTimeZone *
plz_booking_get_zone (JsonObject *booking,
                      const char *fallback_zone)
{
  const char *name = plz_booking_get_string (booking, "time_zone");
  GTimeZone *zone;

  if (name == NULL)
    name = fallback_zone;
  /* An unknown identifier gives NULL; UTC is then the honest choice. */
  zone = name != NULL ? g_time_zone_new_identifier (name) : NULL;
  return zone != NULL ? zone : g_time_zone_new_utc ();
}

char *
plz_booking_format_span (gint64     start_us,
                         gint64     end_us,
                         GTimeZone *zone)
{
  g_autoptr(GDateTime) utc_start = g_date_time_new_from_unix_utc (start_us / G_USEC_PER_SEC);
  g_autoptr(GDateTime) utc_end = g_date_time_new_from_unix_utc (end_us / G_USEC_PER_SEC);
  g_autoptr(GDateTime) start = g_date_time_to_timezone (utc_start, zone);
  g_autoptr(GDateTime) end = g_date_time_to_timezone (utc_end, zone);
  /* TRANSLATORS: a booking's day as in "Mon 23 Nov"; strftime format */
  g_autofree char *day = g_date_time_format (start, _("%a %e %b"));
  g_autofree char *from = g_date_time_format (start, "%H:%M");
  g_autofree char *to = g_date_time_format (end, "%H:%M");

  g_strstrip (day);
  /* TRANSLATORS: day, start time and end time of a booking */
  return g_strdup_printf (_("%s, %s–%s"), day, from, to);
}

char *
plz_booking_format_when (JsonObject *booking)
{
  g_autoptr(GTimeZone) zone = plz_booking_get_zone (booking, NULL);
  gint64 start, end;

  if (!plz_booking_get_time (booking, "start", &start) || !plz_booking_get_time (booking, "end", &end))
    return g_strdup (_("Time unknown"));
  return plz_booking_format_span (start, end, zone);
}

char *
plz_booking_format_price (JsonObject *booking)
{
  JsonNode *node = booking != NULL ? json_object_get_member (booking, "price") : NULL;
  JsonObject *price;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;
  price = json_node_get_object (node);
  if (!json_object_has_member (price, "amount"))
    return NULL;
  return plz_money_format (json_object_get_int_member (price, "amount"),
                           json_object_get_string_member_with_default (price, "currency", "ZAR"));
}

char *
plz_booking_new_client_id (void)
{
  g_autofree char *uuid = g_uuid_string_random ();

  return g_strconcat ("b-", uuid, NULL);
}
