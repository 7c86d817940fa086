/* plz-bookings-json.c — a booking as each party sees it on the wire, and
 * the announcement of every step (events to both parties, a chat line) */
#define G_LOG_DOMAIN "plaza-bookings"

#include "plz-bookings-private.h"
#include "plz-json.h"
#include "plz-time.h"
#include "accounts/plz-accounts-store.h"

#define MINUTE_US (G_USEC_PER_SEC * G_GINT64_CONSTANT (60))

/* JSON ------------------------------------------------------------------------------ */

static JsonObject *
person (PlzBookings *self,
        const char  *id)
{
  g_autoptr(PlzUser) user = plz_accounts_store_get_user (self->store, id, NULL);
  JsonObject *o = json_object_new ();

  json_object_set_string_member (o, "id", id);
  json_object_set_string_member (o, "display_name", user != NULL ? user->display_name : "Former member");
  return o;
}

JsonObject *
_plz_bookings_booking_to_json (PlzBookings      *self,
                               const PlzBooking *b,
                               const char       *viewer_id)
{
  JsonObject *o = json_object_new ();
  JsonObject *service = json_object_new ();
  g_autoptr(PlzService) s = plz_bookings_store_get_service (self->store, b->service_id, NULL);
  g_autoptr(PlzListing) listing = b->listing_id != NULL ? plz_catalogue_peek (self->catalogue, b->listing_id, NULL)
                                                        : NULL;

  json_object_set_string_member (o, "id", b->id);
  json_object_set_string_member (o, "status", b->status);
  json_object_set_string_member (service, "id", b->service_id);
  json_object_set_string_member (service, "name", s != NULL ? s->name : "");
  json_object_set_int_member (service, "duration_minutes", (b->end_at - b->start_at) / MINUTE_US);
  json_object_set_object_member (o, "service", service);
  if (listing != NULL)
    {
      JsonObject *lo = json_object_new ();

      json_object_set_string_member (lo, "id", listing->id);
      json_object_set_string_member (lo, "title", listing->title);
      if (listing->cover_photo_id != NULL)
        {
          g_autofree char *url = g_strdup_printf ("/api/v1/photos/%s/thumbnail", listing->cover_photo_id);

          json_object_set_string_member (lo, "cover_url", url);
        }
      else
        json_object_set_null_member (lo, "cover_url");
      json_object_set_object_member (o, "listing", lo);
    }
  else
    json_object_set_null_member (o, "listing");
  json_object_set_object_member (o, "consumer", person (self, b->consumer_id));
  json_object_set_object_member (o, "operator", person (self, b->operator_id));
  _plz_bookings_set_time (o, "start", b->start_at);
  _plz_bookings_set_time (o, "end", b->end_at);
  json_object_set_string_member (o, "time_zone", b->time_zone);
  json_object_set_object_member (o, "price", _plz_bookings_money (b->price_minor, b->currency));
  json_object_set_string_member (o, "note", b->note != NULL ? b->note : "");
  if (b->conversation_id != NULL)
    json_object_set_string_member (o, "conversation_id", b->conversation_id);
  else
    json_object_set_null_member (o, "conversation_id");
  if (b->series_id != NULL)
    json_object_set_string_member (o, "series_id", b->series_id);
  else
    json_object_set_null_member (o, "series_id");
  if (b->client_id != NULL && _plz_bookings_party_of (b, viewer_id) == PLZ_PARTY_CONSUMER)
    json_object_set_string_member (o, "client_id", b->client_id);
  _plz_bookings_set_time (o, "created_at", b->created_at);
  _plz_bookings_set_time (o, "updated_at", b->updated_at);
  _plz_bookings_set_time (o, "expires_at", g_strcmp0 (b->status, "requested") == 0 ? b->expires_at : 0);
  if (b->cancelled_by != NULL)
    json_object_set_string_member (o, "cancelled_by", b->cancelled_by);
  else
    json_object_set_null_member (o, "cancelled_by");
  if (b->reason != NULL)
    json_object_set_string_member (o, "reason", b->reason);
  else
    json_object_set_null_member (o, "reason");
  json_object_set_array_member (o, "actions",
                                _plz_bookings_actions_for (b, _plz_bookings_party_of (b, viewer_id),
                                                           _plz_bookings_cancel_window_us (self, b->operator_id),
                                                           _plz_bookings_now (self)));
  return o;
}

JsonObject *
_plz_bookings_booking_answer (PlzBookings      *self,
                              const PlzBooking *b,
                              const char       *viewer_id)
{
  JsonObject *o = json_object_new ();

  json_object_set_object_member (o, "booking", _plz_bookings_booking_to_json (self, b, viewer_id));
  return o;
}

JsonArray *
_plz_bookings_list_to_json (PlzBookings *self,
                            GPtrArray   *bookings,
                            const char  *viewer_id)
{
  JsonArray *list = json_array_new ();

  for (guint i = 0; i < bookings->len; i++)
    json_array_add_object_element (list, _plz_bookings_booking_to_json (self, g_ptr_array_index (bookings, i),
                                                                        viewer_id));
  return list;
}

/* Announcing a step ---------------------------------------------------------------------- */

/* "Mon 23 Nov 2026, 10:00" in the booking's zone. */
static char *
local_when (const PlzBooking *b)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier (b->time_zone);
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (b->start_at / G_USEC_PER_SEC);
  g_autoptr(GDateTime) local = g_date_time_to_timezone (utc, tz != NULL ? tz : g_time_zone_new_utc ());

  return g_date_time_format (local, "%a %-d %b %Y, %H:%M");
}

/* The line the conversation shows for a step to @status. */
static char *
step_text (const PlzBooking *b,
           const char       *service_name,
           const char       *action,
           const char       *reason)
{
  g_autofree char *when = local_when (b);
  const char *what;

  if (g_strcmp0 (action, "reschedule") == 0)
    what = "Booking moved";
  else if (g_str_equal (b->status, "requested"))
    what = "Booking requested";
  else if (g_str_equal (b->status, "confirmed"))
    what = "Booking confirmed";
  else if (g_str_equal (b->status, "declined"))
    what = "Booking declined";
  else if (g_str_equal (b->status, "expired"))
    what = "Booking request expired unanswered";
  else if (g_str_equal (b->status, "cancelled"))
    what = g_strcmp0 (b->cancelled_by, "operator") == 0 ? "Booking cancelled by the operator"
                                                         : "Booking cancelled by the customer";
  else if (g_str_equal (b->status, "preparation"))
    what = "Getting ready for the booking";
  else if (g_str_equal (b->status, "active"))
    what = "Booking started";
  else if (g_str_equal (b->status, "completed"))
    what = "Booking completed";
  else if (g_str_equal (b->status, "no_show"))
    what = "Customer did not show up";
  else
    what = "Booking updated";
  if (reason != NULL && *reason != '\0')
    return g_strdup_printf ("%s · %s · %s — “%s”", what, service_name, when, reason);
  return g_strdup_printf ("%s · %s · %s", what, service_name, when);
}

/* Records a step of @b (already saved in its new state) by @actor_id as
 * @role: the history row, the conversation's line (and stage) unless
 * @quiet, and booking.updated in both logs, all in the caller's transaction.
 * A series speaks once in the conversation, for its first occurrence. */
gboolean
_plz_bookings_announce (PlzBookings  *self,
                        PlzBooking   *b,
                        const char   *from_status,
                        const char   *action,
                        const char   *actor_id,
                        PlzParty      role,
                        const char   *reason,
                        gboolean      quiet,
                        GError      **error)
{
  const char *who[] = { b->consumer_id, b->operator_id };
  g_autoptr(PlzService) s = plz_bookings_store_get_service (self->store, b->service_id, NULL);
  g_autofree char *text = step_text (b, s != NULL ? s->name : "Booking", action, reason);
  g_autofree char *actions = g_strdup_printf ("[{\"kind\":\"booking\",\"booking_id\":\"%s\",\"status\":\"%s\"}]",
                                              b->id, b->status);
  g_autofree char *conversation_id = NULL;
  GError *local = NULL;
  gint64 now = _plz_bookings_now (self);

  if (!plz_bookings_store_add_step (self->store, b->id, from_status, b->status, actor_id,
                                    plz_party_name (role), reason, now, error))
    return FALSE;
  if (quiet)
    goto events;
  /* The booking knows its conversation before the message goes out, so that
   * the message's event already shows the booking on the context card. */
  if (b->conversation_id == NULL)
    {
      b->conversation_id = plz_messaging_booking_conversation (self->messaging, b->listing_id, b->consumer_id,
                                                               b->operator_id, &local);
      if (local != NULL)
        {
          g_propagate_error (error, local);
          return FALSE;
        }
      if (b->conversation_id != NULL && !plz_bookings_store_update_booking (self->store, b, error))
        return FALSE;
    }

  conversation_id = plz_messaging_booking_update (self->messaging, b->conversation_id, b->listing_id,
                                                  b->consumer_id, b->operator_id,
                                                  actor_id != NULL ? actor_id : b->operator_id, text, actions,
                                                  g_str_equal (b->status, "confirmed"), &local);
  if (local != NULL)
    {
      g_propagate_error (error, local);
      return FALSE;
    }
  if (conversation_id != NULL && g_strcmp0 (conversation_id, b->conversation_id) != 0)
    {
      g_free (b->conversation_id);
      b->conversation_id = g_steal_pointer (&conversation_id);
      if (!plz_bookings_store_update_booking (self->store, b, error))
        return FALSE;
    }

events:
  for (guint i = 0; i < G_N_ELEMENTS (who); i++)
    {
      g_autoptr(JsonObject) data = _plz_bookings_booking_answer (self, b, who[i]);

      if (plz_events_append (self->events, who[i], "booking.updated", data, error) == 0)
        return FALSE;
    }
  return TRUE;
}
