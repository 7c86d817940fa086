/* plz-bookings.c — services, availability, slots and the schedule */
#define G_LOG_DOMAIN "plaza-bookings"

#include "plz-bookings-private.h"
#include "plz-dispatch.h"
#include "plz-error.h"
#include "plz-json.h"
#include "plz-time.h"
#include "plz-validate.h"
#include "accounts/plz-crypto.h"
#include "accounts/plz-accounts-store.h"
#include "moderation/plz-moderation.h"

#include <stdio.h>
#include <string.h>

#define MINUTE_US (G_USEC_PER_SEC * G_GINT64_CONSTANT (60))
#define DAY_US    (MINUTE_US * 60 * 24)

PlzBookings *
plz_bookings_new (PlzStore     *store,
                  PlzEvents    *events,
                  PlzMessaging *messaging,
                  PlzCatalogue *catalogue,
                  PlzJobs      *jobs)
{
  PlzBookings *self = g_new0 (PlzBookings, 1);

  self->store = g_object_ref (store);
  self->events = events;
  self->messaging = messaging;
  self->catalogue = catalogue;
  self->jobs = jobs;
  plz_jobs_register (jobs, PLZ_BOOKINGS_JOB_EXPIRE, _plz_bookings_expire_job, self);
  plz_messaging_set_booking_card (messaging, _plz_bookings_card, self);
  self->dispatch = plz_dispatch_new (self);
  return self;
}

PlzDispatch *
plz_bookings_get_dispatch (PlzBookings *self)
{
  return self->dispatch;
}

void
plz_bookings_free (PlzBookings *self)
{
  if (self == NULL)
    return;
  plz_messaging_set_booking_card (self->messaging, NULL, NULL);
  g_clear_pointer (&self->dispatch, plz_dispatch_free);
  g_object_unref (self->store);
  g_free (self);
}

void
plz_bookings_set_moderation (PlzBookings   *self,
                             PlzModeration *moderation)
{
  self->moderation = moderation;
}

gint64
_plz_bookings_now (PlzBookings *self)
{
  return plz_jobs_now (self->jobs);
}

/* JSON helpers ------------------------------------------------------------------ */

void
_plz_bookings_set_time (JsonObject *o,
                        const char *name,
                        gint64      usec)
{
  if (usec != 0)
    {
      g_autofree char *text = plz_time_format_rfc3339 (usec);

      json_object_set_string_member (o, name, text);
    }
  else
    json_object_set_null_member (o, name);
}

JsonObject *
_plz_bookings_money (gint64      amount,
                     const char *currency)
{
  JsonObject *o = json_object_new ();

  json_object_set_int_member (o, "amount", amount);
  json_object_set_string_member (o, "currency", currency);
  return o;
}

gboolean
_plz_bookings_parse_date (const char *text,
                          GDate      *date)
{
  guint y, m, d;
  int end = 0;

  g_date_clear (date, 1);
  if (text == NULL || strlen (text) != 10 || sscanf (text, "%4u-%2u-%2u%n", &y, &m, &d, &end) != 3 || end != 10 ||
      text[4] != '-' || text[7] != '-' || !g_date_valid_dmy (d, m, y) || y < 2000 || y > 2999)
    return FALSE;
  g_date_set_dmy (date, d, m, y);
  return TRUE;
}

static char *
format_minutes (guint minutes)
{
  return g_strdup_printf ("%02u:%02u", minutes / 60, minutes % 60);
}

/* "HH:MM" (00:00 … 24:00) into minutes, or -1. */
static gint
parse_minutes (const char *text)
{
  guint h, m;
  int end = 0;

  if (text == NULL || strlen (text) != 5 || sscanf (text, "%2u:%2u%n", &h, &m, &end) != 2 || end != 5 ||
      text[2] != ':' || m > 59 || h > 24 || (h == 24 && m != 0))
    return -1;
  return (gint) (h * 60 + m);
}

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

/* Reads an integer member in [@min, @max] into *@out; absent leaves it. */
static gboolean
get_bounded (JsonObject  *body,
             const char  *member,
             gboolean     required,
             gint64       min,
             gint64       max,
             gint64      *out,
             GError     **error)
{
  gint64 value = *out;

  if (!plz_json_get_int (body, member, required, &value, error))
    return FALSE;
  if (value < min || value > max)
    {
      plz_error_set_invalid (error, member, "%s must be from %" G_GINT64_FORMAT " to %" G_GINT64_FORMAT,
                             member, min, max);
      return FALSE;
    }
  *out = value;
  return TRUE;
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

  if (!get_bounded (body, "duration_minutes", creating, 5, 24 * 60, &s->duration_minutes, error) ||
      !get_bounded (body, "buffer_before_minutes", FALSE, 0, 240, &s->buffer_before_minutes, error) ||
      !get_bounded (body, "buffer_after_minutes", FALSE, 0, 240, &s->buffer_after_minutes, error) ||
      !plz_json_get_bool (body, "instant_confirm", FALSE, &s->instant_confirm, error) ||
      !plz_json_get_bool (body, "active", FALSE, &s->active, error))
    return FALSE;

  if (member_is_null (body, "max_per_day"))
    s->max_per_day = 0;
  else if (json_object_has_member (body, "max_per_day") &&
           !get_bounded (body, "max_per_day", FALSE, 1, 100, &s->max_per_day, error))
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

/* Availability ---------------------------------------------------------------------- */

PlzAvailability *
_plz_bookings_availability (PlzBookings  *self,
                            const char   *operator_id,
                            GError      **error)
{
  GError *local = NULL;
  PlzAvailability *a = plz_bookings_store_get_availability (self->store, operator_id, &local);
  g_autoptr(PlzUser) user = NULL;

  if (a != NULL || local != NULL)
    {
      if (local != NULL)
        g_propagate_error (error, local);
      return a;
    }
  user = plz_accounts_store_get_user (self->store, operator_id, NULL);
  a = g_new0 (PlzAvailability, 1);
  a->operator_id = g_strdup (operator_id);
  a->time_zone = g_strdup (user != NULL && user->timezone != NULL ? user->timezone : "Africa/Johannesburg");
  a->capacity = PLZ_BOOKINGS_DEFAULT_CAPACITY;
  a->min_notice_minutes = PLZ_BOOKINGS_DEFAULT_NOTICE_MINUTES;
  a->horizon_days = PLZ_BOOKINGS_DEFAULT_HORIZON_DAYS;
  a->request_ttl_minutes = PLZ_BOOKINGS_DEFAULT_TTL_MINUTES;
  a->cancel_window_minutes = PLZ_BOOKINGS_DEFAULT_CANCEL_MINUTES;
  a->rules = g_array_new (FALSE, FALSE, sizeof (PlzSlotRule));
  a->exceptions = g_array_new (FALSE, FALSE, sizeof (PlzSlotException));
  return a;
}

static JsonObject *
availability_to_json (const PlzAvailability *a)
{
  JsonObject *o = json_object_new ();
  JsonArray *rules = json_array_new ();
  JsonArray *exceptions = json_array_new ();

  json_object_set_string_member (o, "time_zone", a->time_zone);
  json_object_set_int_member (o, "capacity", a->capacity);
  json_object_set_int_member (o, "min_notice_minutes", a->min_notice_minutes);
  json_object_set_int_member (o, "horizon_days", a->horizon_days);
  json_object_set_int_member (o, "request_ttl_minutes", a->request_ttl_minutes);
  json_object_set_int_member (o, "cancel_window_minutes", a->cancel_window_minutes);
  for (guint i = 0; i < a->rules->len; i++)
    {
      const PlzSlotRule *r = &g_array_index (a->rules, PlzSlotRule, i);
      JsonObject *ro = json_object_new ();
      g_autofree char *start = format_minutes (r->start_minute);
      g_autofree char *end = format_minutes (r->end_minute);

      json_object_set_int_member (ro, "weekday", r->weekday);
      json_object_set_string_member (ro, "start", start);
      json_object_set_string_member (ro, "end", end);
      json_array_add_object_element (rules, ro);
    }
  for (guint i = 0; i < a->exceptions->len; i++)
    {
      const PlzSlotException *e = &g_array_index (a->exceptions, PlzSlotException, i);
      JsonObject *eo = json_object_new ();
      g_autofree char *date = g_strdup_printf ("%04u-%02u-%02u", e->year, e->month, e->day);
      g_autofree char *start = format_minutes (e->start_minute);
      g_autofree char *end = format_minutes (e->end_minute);

      json_object_set_string_member (eo, "date", date);
      json_object_set_string_member (eo, "kind", e->closed ? "closed" : "extra");
      if (!e->closed)
        {
          json_object_set_string_member (eo, "start", start);
          json_object_set_string_member (eo, "end", end);
        }
      json_array_add_object_element (exceptions, eo);
    }
  json_object_set_array_member (o, "rules", rules);
  json_object_set_array_member (o, "exceptions", exceptions);
  return o;
}

JsonObject *
plz_bookings_get_availability (PlzBookings    *self,
                               const PlzUser  *user,
                               GError        **error)
{
  g_autoptr(PlzAvailability) a = _plz_bookings_availability (self, user->id, error);

  return a != NULL ? availability_to_json (a) : NULL;
}

/* The array member @name of @body (absent: empty, unless @required), as
 * objects; errors name "@name[i]". */
static JsonArray *
get_object_array (JsonObject  *body,
                  const char  *name,
                  gboolean     required,
                  guint        max,
                  GError     **error)
{
  JsonNode *node = json_object_get_member (body, name);
  JsonArray *array;

  if (node == NULL && !required)
    return json_array_new ();
  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    {
      plz_error_set_invalid (error, name, "%s must be a list", name);
      return NULL;
    }
  array = json_node_get_array (node);
  if (json_array_get_length (array) > max)
    {
      plz_error_set_invalid (error, name, "At most %u %s", max, name);
      return NULL;
    }
  for (guint i = 0; i < json_array_get_length (array); i++)
    if (!JSON_NODE_HOLDS_OBJECT (json_array_get_element (array, i)))
      {
        g_autofree char *field = g_strdup_printf ("%s[%u]", name, i);

        plz_error_set_invalid (error, field, "Each of %s is an object", name);
        return NULL;
      }
  return json_array_ref (array);
}

/* Reads "start" and "end" of @o into minutes; errors name "@prefix.start". */
static gboolean
get_period (JsonObject  *o,
            const char  *prefix,
            guint       *start,
            guint       *end,
            GError     **error)
{
  g_autofree char *start_field = g_strdup_printf ("%s.start", prefix);
  g_autofree char *end_field = g_strdup_printf ("%s.end", prefix);
  const char *start_text = NULL, *end_text = NULL;
  gint s, e;

  if (!plz_json_get_string (o, "start", TRUE, &start_text, error) ||
      !plz_json_get_string (o, "end", TRUE, &end_text, error))
    {
      plz_error_set_field (*error, start_text == NULL ? start_field : end_field);
      return FALSE;
    }
  s = parse_minutes (start_text);
  e = parse_minutes (end_text);
  if (s < 0 || s >= 1440)
    {
      plz_error_set_invalid (error, start_field, "A time is HH:MM, from 00:00 to 23:59");
      return FALSE;
    }
  if (e < 0)
    {
      plz_error_set_invalid (error, end_field, "A time is HH:MM, from 00:01 to 24:00");
      return FALSE;
    }
  if (e <= s)
    {
      plz_error_set_invalid (error, end_field, "The end must come after the start");
      return FALSE;
    }
  *start = s;
  *end = e;
  return TRUE;
}

static gboolean
parse_availability (const PlzUser    *user,
                    JsonObject       *body,
                    PlzAvailability  *a,
                    GError          **error)
{
  static const char * const allowed[] = {
    "time_zone", "capacity", "min_notice_minutes", "horizon_days", "request_ttl_minutes",
    "cancel_window_minutes", "rules", "exceptions", NULL
  };
  JsonObjectIter iter;
  const char *member, *tz = NULL;
  JsonNode *node;
  g_autoptr(JsonArray) rules = NULL;
  g_autoptr(JsonArray) exceptions = NULL;

  json_object_iter_init (&iter, body);
  while (json_object_iter_next (&iter, &member, &node))
    if (!g_strv_contains (allowed, member))
      {
        plz_error_set_invalid (error, member, "“%s” is not expected here", member);
        return FALSE;
      }
  if (!plz_json_get_string (body, "time_zone", TRUE, &tz, error) ||
      !plz_validate_timezone ("time_zone", tz, error))
    return FALSE;
  g_free (a->time_zone);
  a->time_zone = g_strdup (tz);
  if (!get_bounded (body, "capacity", FALSE, 1, 50, &a->capacity, error) ||
      !get_bounded (body, "min_notice_minutes", FALSE, 0, 60 * 24 * 30, &a->min_notice_minutes, error) ||
      !get_bounded (body, "horizon_days", FALSE, 1, 365, &a->horizon_days, error) ||
      !get_bounded (body, "request_ttl_minutes", FALSE, 5, 60 * 24 * 14, &a->request_ttl_minutes, error) ||
      !get_bounded (body, "cancel_window_minutes", FALSE, 0, 60 * 24 * 14, &a->cancel_window_minutes, error))
    return FALSE;

  rules = get_object_array (body, "rules", TRUE, 100, error);
  if (rules == NULL)
    return FALSE;
  for (guint i = 0; i < json_array_get_length (rules); i++)
    {
      JsonObject *r = json_array_get_object_element (rules, i);
      g_autofree char *prefix = g_strdup_printf ("rules[%u]", i);
      g_autofree char *weekday_field = g_strdup_printf ("%s.weekday", prefix);
      PlzSlotRule rule = { 0 };
      gint64 weekday = 0;

      if (!plz_json_get_int (r, "weekday", TRUE, &weekday, error))
        {
          plz_error_set_field (*error, weekday_field);
          return FALSE;
        }
      if (weekday < 1 || weekday > 7)
        {
          plz_error_set_invalid (error, weekday_field, "A weekday is 1 (Monday) to 7 (Sunday)");
          return FALSE;
        }
      rule.weekday = weekday;
      if (!get_period (r, prefix, &rule.start_minute, &rule.end_minute, error))
        return FALSE;
      for (guint j = 0; j < a->rules->len; j++)
        {
          const PlzSlotRule *other = &g_array_index (a->rules, PlzSlotRule, j);

          if (other->weekday == rule.weekday && rule.start_minute < other->end_minute &&
              other->start_minute < rule.end_minute)
            {
              g_autofree char *field = g_strdup_printf ("%s.start", prefix);

              plz_error_set_invalid (error, field, "This period overlaps rules[%u] on the same day", j);
              return FALSE;
            }
        }
      g_array_append_val (a->rules, rule);
    }

  exceptions = get_object_array (body, "exceptions", FALSE, 400, error);
  if (exceptions == NULL)
    return FALSE;
  for (guint i = 0; i < json_array_get_length (exceptions); i++)
    {
      JsonObject *e = json_array_get_object_element (exceptions, i);
      g_autofree char *prefix = g_strdup_printf ("exceptions[%u]", i);
      g_autofree char *date_field = g_strdup_printf ("%s.date", prefix);
      g_autofree char *kind_field = g_strdup_printf ("%s.kind", prefix);
      const char *date_text = NULL, *kind = NULL;
      PlzSlotException ex = { 0 };
      GDate date;

      if (!plz_json_get_string (e, "date", TRUE, &date_text, error) ||
          !plz_json_get_string (e, "kind", TRUE, &kind, error))
        {
          plz_error_set_field (*error, date_text == NULL ? date_field : kind_field);
          return FALSE;
        }
      if (!_plz_bookings_parse_date (date_text, &date))
        {
          plz_error_set_invalid (error, date_field, "A date is YYYY-MM-DD");
          return FALSE;
        }
      ex.year = g_date_get_year (&date);
      ex.month = g_date_get_month (&date);
      ex.day = g_date_get_day (&date);
      if (g_str_equal (kind, "closed"))
        ex.closed = TRUE;
      else if (g_str_equal (kind, "extra"))
        {
          if (!get_period (e, prefix, &ex.start_minute, &ex.end_minute, error))
            return FALSE;
        }
      else
        {
          plz_error_set_invalid (error, kind_field, "An exception is “closed” or “extra”");
          return FALSE;
        }
      g_array_append_val (a->exceptions, ex);
    }
  return TRUE;
}

typedef struct
{
  PlzBookings     *self;
  PlzAvailability *a;
} PutWork;

static gboolean
put_txn (PlzStore  *store,
         gpointer   data,
         GError   **error)
{
  PutWork *w = data;

  return plz_bookings_store_put_availability (store, w->a, _plz_bookings_now (w->self), error);
}

JsonObject *
plz_bookings_put_availability (PlzBookings    *self,
                               const PlzUser  *user,
                               JsonObject     *body,
                               GError        **error)
{
  g_autoptr(PlzAvailability) a = _plz_bookings_availability (self, user->id, error);
  PutWork w = { self, NULL };

  if (a == NULL)
    return NULL;
  /* Everything given replaces what was there; what is left out keeps its value. */
  g_array_set_size (a->rules, 0);
  g_array_set_size (a->exceptions, 0);
  if (!parse_availability (user, body, a, error))
    return NULL;
  w.a = a;
  if (!plz_store_transaction (self->store, put_txn, &w, error))
    return NULL;
  return availability_to_json (a);
}

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
