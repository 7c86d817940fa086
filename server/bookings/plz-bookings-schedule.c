/* plz-bookings-schedule.c — free slots of a service, an operator's week
 * (open hours and bookings), and the next free times on a conversation's card */
#define G_LOG_DOMAIN "plaza-bookings"

#include "plz-bookings-private.h"
#include "plz-error.h"
#include "plz-json.h"
#include "plz-time.h"

#define MINUTE_US (G_USEC_PER_SEC * G_GINT64_CONSTANT (60))
#define DAY_US    (MINUTE_US * 60 * 24)

/* Slots ------------------------------------------------------------------------------ */

void
_plz_bookings_slots_input (PlzBookings            *self,
                           const PlzAvailability  *a,
                           const PlzService       *service,
                           GTimeZone              *tz,
                           GArray                 *busy,
                           PlzSlotsInput          *input)
{
  memset (input, 0, sizeof *input);
  input->time_zone = tz;
  input->rules = (const PlzSlotRule *) a->rules->data;
  input->n_rules = a->rules->len;
  input->exceptions = (const PlzSlotException *) a->exceptions->data;
  input->n_exceptions = a->exceptions->len;
  input->capacity = a->capacity;
  input->duration_minutes = service->duration_minutes;
  input->buffer_before_minutes = service->buffer_before_minutes;
  input->buffer_after_minutes = service->buffer_after_minutes;
  input->max_per_day = service->max_per_day;
  input->now = _plz_bookings_now (self);
  input->min_notice_us = a->min_notice_minutes * MINUTE_US;
  input->horizon_us = a->horizon_days * DAY_US;
  if (busy != NULL)
    {
      input->busy = (const PlzSlotBusy *) busy->data;
      input->n_busy = busy->len;
    }
}

/* Today in @tz. */
static void
today (PlzBookings *self,
       GTimeZone   *tz,
       GDate       *date)
{
  plz_slots_local_date (tz, _plz_bookings_now (self), date);
}

/* Reads the range @from … @to (defaults: today, and @default_days more). */
static gboolean
parse_range (PlzBookings  *self,
             GTimeZone    *tz,
             const char   *from,
             const char   *to,
             guint         default_days,
             GDate        *from_date,
             GDate        *to_date,
             GError      **error)
{
  if (from == NULL)
    today (self, tz, from_date);
  else if (!_plz_bookings_parse_date (from, from_date))
    {
      plz_error_set_invalid (error, "from", "from is a date, YYYY-MM-DD");
      return FALSE;
    }
  if (to == NULL)
    {
      *to_date = *from_date;
      g_date_add_days (to_date, default_days);
    }
  else if (!_plz_bookings_parse_date (to, to_date))
    {
      plz_error_set_invalid (error, "to", "to is a date, YYYY-MM-DD");
      return FALSE;
    }
  if (g_date_compare (to_date, from_date) < 0)
    {
      plz_error_set_invalid (error, "to", "to comes before from");
      return FALSE;
    }
  if (g_date_days_between (from_date, to_date) >= PLZ_BOOKINGS_MAX_RANGE_DAYS)
    {
      plz_error_set_invalid (error, "to", "Ask for at most %d days at once", PLZ_BOOKINGS_MAX_RANGE_DAYS);
      return FALSE;
    }
  return TRUE;
}

/* µs UTC of local midnight starting @date. */
static gint64
local_midnight (GTimeZone   *tz,
                const GDate *date)
{
  g_autoptr(GDateTime) dt = g_date_time_new (tz, g_date_get_year (date), g_date_get_month (date),
                                             g_date_get_day (date), 0, 0, 0);

  return g_date_time_to_unix (dt) * G_USEC_PER_SEC;
}

/* The free slots of @service between the local days, as a GArray of PlzSlot. */
static GArray *
compute_slots (PlzBookings      *self,
               const PlzService *service,
               PlzAvailability  *a,
               GTimeZone        *tz,
               const GDate      *from,
               const GDate      *to,
               GError          **error)
{
  GDate after = *to;
  g_autoptr(GArray) busy = NULL;
  PlzSlotsInput input;

  g_date_add_days (&after, 1);
  busy = plz_bookings_store_busy (self->store, service->operator_id, service->id, NULL,
                                  local_midnight (tz, from), local_midnight (tz, &after), error);
  if (busy == NULL)
    return NULL;
  _plz_bookings_slots_input (self, a, service, tz, busy, &input);
  return plz_slots_compute (&input, from, to);
}

/* An active service anyone may book, or NOT_FOUND. */
static PlzService *
bookable_service (PlzBookings  *self,
                  const char   *id,
                  GError      **error)
{
  GError *local = NULL;
  g_autoptr(PlzService) s = plz_bookings_store_get_service (self->store, id, &local);

  if (s == NULL || !s->active)
    {
      if (local != NULL && local->code != PLZ_ERROR_NOT_FOUND)
        {
          g_propagate_error (error, local);
          return NULL;
        }
      g_clear_error (&local);
      g_set_error_literal (error, PLZ_ERROR, PLZ_ERROR_NOT_FOUND, "There is no such service");
      plz_error_set_field (*error, "service_id");
      return NULL;
    }
  return g_steal_pointer (&s);
}

JsonObject *
plz_bookings_slots (PlzBookings  *self,
                    const char   *service_id,
                    const char   *from,
                    const char   *to,
                    GError      **error)
{
  g_autoptr(PlzService) service = bookable_service (self, service_id, error);
  g_autoptr(PlzAvailability) a = NULL;
  g_autoptr(GTimeZone) tz = NULL;
  g_autoptr(GArray) slots = NULL;
  GDate from_date, to_date;
  JsonObject *o;
  JsonArray *list;

  if (service == NULL)
    return NULL;
  a = _plz_bookings_availability (self, service->operator_id, error);
  if (a == NULL)
    return NULL;
  tz = g_time_zone_new_identifier (a->time_zone);
  if (tz == NULL)
    tz = g_time_zone_new_utc ();
  if (!parse_range (self, tz, from, to, 13, &from_date, &to_date, error))
    return NULL;
  slots = compute_slots (self, service, a, tz, &from_date, &to_date, error);
  if (slots == NULL)
    return NULL;

  o = json_object_new ();
  list = json_array_new ();
  json_object_set_string_member (o, "time_zone", a->time_zone);
  json_object_set_string_member (o, "service_id", service->id);
  for (guint i = 0; i < slots->len; i++)
    {
      const PlzSlot *slot = &g_array_index (slots, PlzSlot, i);
      JsonObject *so = json_object_new ();

      _plz_bookings_set_time (so, "start", slot->start);
      _plz_bookings_set_time (so, "end", slot->end);
      json_object_set_int_member (so, "available", slot->available);
      json_array_add_object_element (list, so);
    }
  json_object_set_array_member (o, "slots", list);
  return o;
}

JsonObject *
plz_bookings_schedule (PlzBookings    *self,
                       const PlzUser  *user,
                       const char     *from,
                       const char     *to,
                       GError        **error)
{
  g_autoptr(PlzAvailability) a = _plz_bookings_availability (self, user->id, error);
  g_autoptr(GTimeZone) tz = NULL;
  g_autoptr(GArray) periods = NULL;
  g_autoptr(GPtrArray) bookings = NULL;
  GDate from_date, to_date, after;
  PlzSlotsInput input = { 0 };
  JsonObject *o;
  JsonArray *open, *list;

  if (a == NULL)
    return NULL;
  tz = g_time_zone_new_identifier (a->time_zone);
  if (tz == NULL)
    tz = g_time_zone_new_utc ();
  if (!parse_range (self, tz, from, to, 6, &from_date, &to_date, error))
    return NULL;
  after = to_date;
  g_date_add_days (&after, 1);
  bookings = plz_bookings_store_operator_range (self->store, user->id, local_midnight (tz, &from_date),
                                                local_midnight (tz, &after), error);
  if (bookings == NULL)
    return NULL;
  input.time_zone = tz;
  input.rules = (const PlzSlotRule *) a->rules->data;
  input.n_rules = a->rules->len;
  input.exceptions = (const PlzSlotException *) a->exceptions->data;
  input.n_exceptions = a->exceptions->len;
  periods = plz_slots_open_periods (&input, &from_date, &to_date);

  o = json_object_new ();
  open = json_array_new ();
  list = json_array_new ();
  json_object_set_string_member (o, "time_zone", a->time_zone);
  json_object_set_int_member (o, "capacity", a->capacity);
  for (guint i = 0; i < periods->len; i++)
    {
      const PlzSlotPeriod *p = &g_array_index (periods, PlzSlotPeriod, i);
      JsonObject *po = json_object_new ();

      _plz_bookings_set_time (po, "start", p->start);
      _plz_bookings_set_time (po, "end", p->end);
      json_array_add_object_element (open, po);
    }
  for (guint i = 0; i < bookings->len; i++)
    json_array_add_object_element (list, _plz_bookings_booking_to_json (self, g_ptr_array_index (bookings, i),
                                                                        user->id));
  json_object_set_array_member (o, "open", open);
  json_object_set_array_member (o, "bookings", list);
  return o;
}

/* The context card ---------------------------------------------------------------------- */

#define CARD_SLOTS      3
#define CARD_SLOT_DAYS  14

void
_plz_bookings_card (const char *conversation_id,
                    const char *listing_id,
                    const char *operator_id,
                    gboolean    with_slots,
                    JsonObject *into,
                    gpointer    user_data)
{
  PlzBookings *self = user_data;
  g_autoptr(PlzBooking) b = plz_bookings_store_latest_in_conversation (self->store, conversation_id, NULL);
  g_autoptr(GPtrArray) services = NULL;
  g_autoptr(PlzAvailability) a = NULL;
  g_autoptr(GTimeZone) tz = NULL;
  g_autoptr(GArray) slots = NULL;
  JsonArray *next;
  GDate from, to;

  if (b != NULL)
    {
      JsonObject *bo = json_object_new ();

      json_object_set_string_member (bo, "id", b->id);
      json_object_set_string_member (bo, "status", b->status);
      _plz_bookings_set_time (bo, "start", b->start_at);
      _plz_bookings_set_time (bo, "end", b->end_at);
      json_object_set_object_member (into, "booking", bo);
    }
  if (!with_slots)
    return;

  /* The next free slots of the listing's first service (or the operator's). */
  services = plz_bookings_store_listing_services (self->store, listing_id, NULL);
  if (services != NULL && services->len == 0)
    g_clear_pointer (&services, g_ptr_array_unref);
  if (services == NULL)
    services = plz_bookings_store_operator_services (self->store, operator_id, FALSE, NULL);
  if (services == NULL || services->len == 0)
    return;
  a = _plz_bookings_availability (self, operator_id, NULL);
  if (a == NULL || a->rules->len + a->exceptions->len == 0)
    return;
  tz = g_time_zone_new_identifier (a->time_zone);
  if (tz == NULL)
    return;
  today (self, tz, &from);
  to = from;
  g_date_add_days (&to, CARD_SLOT_DAYS);
  slots = compute_slots (self, g_ptr_array_index (services, 0), a, tz, &from, &to, NULL);
  if (slots == NULL)
    return;
  next = json_object_get_array_member (into, "next_slots");
  for (guint i = 0; i < slots->len && i < CARD_SLOTS; i++)
    {
      const PlzSlot *slot = &g_array_index (slots, PlzSlot, i);
      JsonObject *so = json_object_new ();

      _plz_bookings_set_time (so, "start", slot->start);
      _plz_bookings_set_time (so, "end", slot->end);
      json_object_set_string_member (so, "service_id", ((PlzService *) g_ptr_array_index (services, 0))->id);
      json_array_add_object_element (next, so);
    }
}
