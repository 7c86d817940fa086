/* plz-bookings-availability.c — an operator's weekly hours, exceptions,
 * capacity and booking limits: reading them and replacing them */
#define G_LOG_DOMAIN "plaza-bookings"

#include "plz-bookings-private.h"
#include "plz-error.h"
#include "plz-json.h"
#include "plz-time.h"
#include "plz-validate.h"
#include "accounts/plz-accounts-store.h"

#include <stdio.h>
#include <string.h>

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
  if (!_plz_bookings_get_bounded (body, "capacity", FALSE, 1, 50, &a->capacity, error) ||
      !_plz_bookings_get_bounded (body, "min_notice_minutes", FALSE, 0, 60 * 24 * 30, &a->min_notice_minutes, error) ||
      !_plz_bookings_get_bounded (body, "horizon_days", FALSE, 1, 365, &a->horizon_days, error) ||
      !_plz_bookings_get_bounded (body, "request_ttl_minutes", FALSE, 5, 60 * 24 * 14, &a->request_ttl_minutes,
                                  error) ||
      !_plz_bookings_get_bounded (body, "cancel_window_minutes", FALSE, 0, 60 * 24 * 14, &a->cancel_window_minutes,
                                  error))
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
