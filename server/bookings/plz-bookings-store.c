/* plz-bookings-store.c — the SQL of services, availability, bookings and their steps */
#define G_LOG_DOMAIN "plaza-bookings"

#include "plz-bookings-store.h"
#include "plz-error.h"

#include <stdio.h>

void
plz_service_free (PlzService *s)
{
  if (s == NULL)
    return;
  g_free (s->id);
  g_free (s->operator_id);
  g_free (s->listing_id);
  g_free (s->name);
  g_free (s->currency);
  g_free (s->tags);
  g_free (s);
}

void
plz_availability_free (PlzAvailability *a)
{
  if (a == NULL)
    return;
  g_free (a->operator_id);
  g_free (a->time_zone);
  g_clear_pointer (&a->rules, g_array_unref);
  g_clear_pointer (&a->exceptions, g_array_unref);
  g_free (a);
}

void
plz_booking_free (PlzBooking *b)
{
  if (b == NULL)
    return;
  g_free (b->id);
  g_free (b->client_id);
  g_free (b->service_id);
  g_free (b->operator_id);
  g_free (b->consumer_id);
  g_free (b->listing_id);
  g_free (b->status);
  g_free (b->time_zone);
  g_free (b->currency);
  g_free (b->note);
  g_free (b->conversation_id);
  g_free (b->series_id);
  g_free (b->cancelled_by);
  g_free (b->reason);
  g_free (b);
}

void
plz_booking_history_free (PlzBookingHistory *h)
{
  if (h == NULL)
    return;
  g_free (h->from_status);
  g_free (h->to_status);
  g_free (h->actor_id);
  g_free (h->actor_role);
  g_free (h->reason);
  g_free (h);
}

/* Services ------------------------------------------------------------------ */

#define SERVICE_COLUMNS \
  "id, operator_id, listing_id, name, duration_minutes, price_minor, currency, buffer_before_minutes, " \
  "buffer_after_minutes, tags, max_per_day, instant_confirm, active, created_at, updated_at"

static gpointer
read_service (sqlite3_stmt *stmt)
{
  PlzService *s = g_new0 (PlzService, 1);
  int i = 0;

  s->id = plz_store_column_text (stmt, i++);
  s->operator_id = plz_store_column_text (stmt, i++);
  s->listing_id = plz_store_column_text (stmt, i++);
  s->name = plz_store_column_text (stmt, i++);
  s->duration_minutes = sqlite3_column_int64 (stmt, i++);
  s->price_minor = sqlite3_column_int64 (stmt, i++);
  s->currency = plz_store_column_text (stmt, i++);
  s->buffer_before_minutes = sqlite3_column_int64 (stmt, i++);
  s->buffer_after_minutes = sqlite3_column_int64 (stmt, i++);
  s->tags = plz_store_column_text (stmt, i++);
  s->max_per_day = sqlite3_column_int64 (stmt, i++);
  s->instant_confirm = sqlite3_column_int (stmt, i++) != 0;
  s->active = sqlite3_column_int (stmt, i++) != 0;
  s->created_at = sqlite3_column_int64 (stmt, i++);
  s->updated_at = sqlite3_column_int64 (stmt, i++);
  return s;
}

/* Binds a service's columns as ?1 … ?15 in SERVICE_COLUMNS order. */
static void
bind_service (sqlite3_stmt     *stmt,
              const PlzService *s)
{
  int i = 1;

  sqlite3_bind_text (stmt, i++, s->id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, i++, s->operator_id, -1, SQLITE_TRANSIENT);
  plz_store_bind_text_or_null (stmt, i++, s->listing_id);
  sqlite3_bind_text (stmt, i++, s->name, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, i++, s->duration_minutes);
  sqlite3_bind_int64 (stmt, i++, s->price_minor);
  sqlite3_bind_text (stmt, i++, s->currency, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, i++, s->buffer_before_minutes);
  sqlite3_bind_int64 (stmt, i++, s->buffer_after_minutes);
  sqlite3_bind_text (stmt, i++, s->tags, -1, SQLITE_TRANSIENT);
  if (s->max_per_day > 0)
    sqlite3_bind_int64 (stmt, i++, s->max_per_day);
  else
    sqlite3_bind_null (stmt, i++);
  sqlite3_bind_int (stmt, i++, s->instant_confirm);
  sqlite3_bind_int (stmt, i++, s->active);
  sqlite3_bind_int64 (stmt, i++, s->created_at);
  sqlite3_bind_int64 (stmt, i++, s->updated_at);
}

gboolean
plz_bookings_store_insert_service (PlzStore          *store,
                                   const PlzService  *s,
                                   GError           **error)
{
  sqlite3_stmt *stmt = plz_store_prepare (store,
    "INSERT INTO services (" SERVICE_COLUMNS ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, "
    "?13, ?14, ?15)", error);

  if (stmt == NULL)
    return FALSE;
  bind_service (stmt, s);
  return plz_store_step_done (store, stmt, error);
}

gboolean
plz_bookings_store_update_service (PlzStore          *store,
                                   const PlzService  *s,
                                   GError           **error)
{
  sqlite3_stmt *stmt = plz_store_prepare (store,
    "UPDATE services SET listing_id = ?3, name = ?4, duration_minutes = ?5, price_minor = ?6, currency = ?7, "
    "buffer_before_minutes = ?8, buffer_after_minutes = ?9, tags = ?10, max_per_day = ?11, "
    "instant_confirm = ?12, active = ?13, updated_at = ?15 WHERE id = ?1 AND operator_id = ?2",
    error);

  if (stmt == NULL)
    return FALSE;
  bind_service (stmt, s);
  return plz_store_step_done (store, stmt, error);
}

static gpointer
one_row (PlzStore         *store,
         sqlite3_stmt     *stmt,
         PlzStoreRowFunc   read,
         GDestroyNotify    free_func,
         const char       *what,
         gboolean          missing_is_error,
         GError          **error)
{
  g_autoptr(GPtrArray) rows = plz_store_collect (store, stmt, read, free_func, what, error);

  if (rows == NULL)
    return NULL;
  if (rows->len == 0)
    {
      if (missing_is_error)
        g_set_error (error, PLZ_ERROR, PLZ_ERROR_NOT_FOUND, "%s: there is no such thing", what);
      return NULL;
    }
  return g_ptr_array_steal_index (rows, 0);
}

PlzService *
plz_bookings_store_get_service (PlzStore    *store,
                                const char  *id,
                                GError     **error)
{
  sqlite3_stmt *stmt = plz_store_prepare (store, "SELECT " SERVICE_COLUMNS " FROM services WHERE id = ?1", error);

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  return one_row (store, stmt, read_service, (GDestroyNotify) plz_service_free, "Reading a service", TRUE, error);
}

GPtrArray *
plz_bookings_store_operator_services (PlzStore    *store,
                                      const char  *operator_id,
                                      gboolean     inactive_too,
                                      GError     **error)
{
  sqlite3_stmt *stmt = plz_store_prepare (store,
    "SELECT " SERVICE_COLUMNS " FROM services WHERE operator_id = ?1 AND (active OR ?2) ORDER BY num", error);

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, operator_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 2, inactive_too);
  return plz_store_collect (store, stmt, read_service, (GDestroyNotify) plz_service_free,
                            "Reading services", error);
}

GPtrArray *
plz_bookings_store_listing_services (PlzStore    *store,
                                     const char  *listing_id,
                                     GError     **error)
{
  sqlite3_stmt *stmt = plz_store_prepare (store,
    "SELECT " SERVICE_COLUMNS " FROM services WHERE listing_id = ?1 AND active ORDER BY num", error);

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, listing_id, -1, SQLITE_TRANSIENT);
  return plz_store_collect (store, stmt, read_service, (GDestroyNotify) plz_service_free,
                            "Reading a listing's services", error);
}

/* Availability -------------------------------------------------------------- */

static gpointer
read_rule (sqlite3_stmt *stmt)
{
  PlzSlotRule *r = g_new0 (PlzSlotRule, 1);

  r->weekday = sqlite3_column_int (stmt, 0);
  r->start_minute = sqlite3_column_int (stmt, 1);
  r->end_minute = sqlite3_column_int (stmt, 2);
  return r;
}

static gpointer
read_exception (sqlite3_stmt *stmt)
{
  PlzSlotException *e = g_new0 (PlzSlotException, 1);
  const char *date = (const char *) sqlite3_column_text (stmt, 0);

  if (date == NULL || sscanf (date, "%4u-%2u-%2u", &e->year, &e->month, &e->day) != 3)
    e->year = e->month = e->day = 0;
  e->closed = g_strcmp0 ((const char *) sqlite3_column_text (stmt, 1), "closed") == 0;
  e->start_minute = sqlite3_column_int (stmt, 2);
  e->end_minute = sqlite3_column_int (stmt, 3);
  return e;
}

static gpointer
read_availability (sqlite3_stmt *stmt)
{
  PlzAvailability *a = g_new0 (PlzAvailability, 1);

  a->operator_id = plz_store_column_text (stmt, 0);
  a->time_zone = plz_store_column_text (stmt, 1);
  a->capacity = sqlite3_column_int64 (stmt, 2);
  a->min_notice_minutes = sqlite3_column_int64 (stmt, 3);
  a->horizon_days = sqlite3_column_int64 (stmt, 4);
  a->request_ttl_minutes = sqlite3_column_int64 (stmt, 5);
  a->cancel_window_minutes = sqlite3_column_int64 (stmt, 6);
  return a;
}

/* Copies the structs of @rows (pointers to @size bytes) into an array. */
static GArray *
to_array (GPtrArray *rows,
          gsize      size)
{
  GArray *out = g_array_sized_new (FALSE, FALSE, size, rows->len);

  for (guint i = 0; i < rows->len; i++)
    g_array_append_vals (out, g_ptr_array_index (rows, i), 1);
  return out;
}

PlzAvailability *
plz_bookings_store_get_availability (PlzStore    *store,
                                     const char  *operator_id,
                                     GError     **error)
{
  sqlite3_stmt *stmt = plz_store_prepare (store,
    "SELECT operator_id, time_zone, capacity, min_notice_minutes, horizon_days, request_ttl_minutes, "
    "cancel_window_minutes FROM availability WHERE operator_id = ?1", error);
  g_autoptr(PlzAvailability) a = NULL;
  g_autoptr(GPtrArray) rules = NULL;
  g_autoptr(GPtrArray) exceptions = NULL;
  GError *local = NULL;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, operator_id, -1, SQLITE_TRANSIENT);
  a = one_row (store, stmt, read_availability, (GDestroyNotify) plz_availability_free,
               "Reading availability", FALSE, &local);
  if (a == NULL)
    {
      if (local != NULL)
        g_propagate_error (error, local);
      return NULL;
    }

  stmt = plz_store_prepare (store,
    "SELECT weekday, start_minute, end_minute FROM availability_rules WHERE operator_id = ?1 "
    "ORDER BY weekday, start_minute", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, operator_id, -1, SQLITE_TRANSIENT);
  rules = plz_store_collect (store, stmt, read_rule, g_free, "Reading availability rules", error);
  if (rules == NULL)
    return NULL;

  stmt = plz_store_prepare (store,
    "SELECT date, kind, start_minute, end_minute FROM availability_exceptions WHERE operator_id = ?1 "
    "ORDER BY date, kind, start_minute", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, operator_id, -1, SQLITE_TRANSIENT);
  exceptions = plz_store_collect (store, stmt, read_exception, g_free, "Reading availability exceptions", error);
  if (exceptions == NULL)
    return NULL;

  a->rules = to_array (rules, sizeof (PlzSlotRule));
  a->exceptions = to_array (exceptions, sizeof (PlzSlotException));
  return g_steal_pointer (&a);
}

gboolean
plz_bookings_store_put_availability (PlzStore               *store,
                                     const PlzAvailability  *a,
                                     gint64                  now,
                                     GError                **error)
{
  sqlite3_stmt *stmt = plz_store_prepare (store,
    "INSERT INTO availability (operator_id, time_zone, capacity, min_notice_minutes, horizon_days, "
    "request_ttl_minutes, cancel_window_minutes, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) "
    "ON CONFLICT (operator_id) DO UPDATE SET time_zone = excluded.time_zone, capacity = excluded.capacity, "
    "min_notice_minutes = excluded.min_notice_minutes, horizon_days = excluded.horizon_days, "
    "request_ttl_minutes = excluded.request_ttl_minutes, "
    "cancel_window_minutes = excluded.cancel_window_minutes, updated_at = excluded.updated_at", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, a->operator_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, a->time_zone, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 3, a->capacity);
  sqlite3_bind_int64 (stmt, 4, a->min_notice_minutes);
  sqlite3_bind_int64 (stmt, 5, a->horizon_days);
  sqlite3_bind_int64 (stmt, 6, a->request_ttl_minutes);
  sqlite3_bind_int64 (stmt, 7, a->cancel_window_minutes);
  sqlite3_bind_int64 (stmt, 8, now);
  if (!plz_store_step_done (store, stmt, error))
    return FALSE;

  stmt = plz_store_prepare (store, "DELETE FROM availability_rules WHERE operator_id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, a->operator_id, -1, SQLITE_TRANSIENT);
  if (!plz_store_step_done (store, stmt, error))
    return FALSE;
  stmt = plz_store_prepare (store, "DELETE FROM availability_exceptions WHERE operator_id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, a->operator_id, -1, SQLITE_TRANSIENT);
  if (!plz_store_step_done (store, stmt, error))
    return FALSE;

  for (guint i = 0; i < a->rules->len; i++)
    {
      const PlzSlotRule *r = &g_array_index (a->rules, PlzSlotRule, i);

      stmt = plz_store_prepare (store,
        "INSERT INTO availability_rules (operator_id, weekday, start_minute, end_minute) VALUES (?1, ?2, ?3, ?4)",
        error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, a->operator_id, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int (stmt, 2, r->weekday);
      sqlite3_bind_int (stmt, 3, r->start_minute);
      sqlite3_bind_int (stmt, 4, r->end_minute);
      if (!plz_store_step_done (store, stmt, error))
        return FALSE;
    }
  for (guint i = 0; i < a->exceptions->len; i++)
    {
      const PlzSlotException *e = &g_array_index (a->exceptions, PlzSlotException, i);
      char date[16];

      g_snprintf (date, sizeof date, "%04u-%02u-%02u", e->year, e->month, e->day);
      stmt = plz_store_prepare (store,
        "INSERT INTO availability_exceptions (operator_id, date, kind, start_minute, end_minute) "
        "VALUES (?1, ?2, ?3, ?4, ?5)", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, a->operator_id, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 2, date, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 3, e->closed ? "closed" : "extra", -1, SQLITE_STATIC);
      if (e->closed)
        {
          sqlite3_bind_null (stmt, 4);
          sqlite3_bind_null (stmt, 5);
        }
      else
        {
          sqlite3_bind_int (stmt, 4, e->start_minute);
          sqlite3_bind_int (stmt, 5, e->end_minute);
        }
      if (!plz_store_step_done (store, stmt, error))
        return FALSE;
    }
  return TRUE;
}

/* Bookings ------------------------------------------------------------------ */

#define BOOKING_COLUMNS \
  "num, id, client_id, service_id, operator_id, consumer_id, listing_id, status, start_at, end_at, " \
  "block_start, block_end, time_zone, price_minor, currency, note, conversation_id, series_id, " \
  "cancelled_by, reason, expires_at, created_at, updated_at"

static gpointer
read_booking (sqlite3_stmt *stmt)
{
  PlzBooking *b = g_new0 (PlzBooking, 1);
  int i = 0;

  b->num = sqlite3_column_int64 (stmt, i++);
  b->id = plz_store_column_text (stmt, i++);
  b->client_id = plz_store_column_text (stmt, i++);
  b->service_id = plz_store_column_text (stmt, i++);
  b->operator_id = plz_store_column_text (stmt, i++);
  b->consumer_id = plz_store_column_text (stmt, i++);
  b->listing_id = plz_store_column_text (stmt, i++);
  b->status = plz_store_column_text (stmt, i++);
  b->start_at = sqlite3_column_int64 (stmt, i++);
  b->end_at = sqlite3_column_int64 (stmt, i++);
  b->block_start = sqlite3_column_int64 (stmt, i++);
  b->block_end = sqlite3_column_int64 (stmt, i++);
  b->time_zone = plz_store_column_text (stmt, i++);
  b->price_minor = sqlite3_column_int64 (stmt, i++);
  b->currency = plz_store_column_text (stmt, i++);
  b->note = plz_store_column_text (stmt, i++);
  b->conversation_id = plz_store_column_text (stmt, i++);
  b->series_id = plz_store_column_text (stmt, i++);
  b->cancelled_by = plz_store_column_text (stmt, i++);
  b->reason = plz_store_column_text (stmt, i++);
  b->expires_at = sqlite3_column_int64 (stmt, i++);
  b->created_at = sqlite3_column_int64 (stmt, i++);
  b->updated_at = sqlite3_column_int64 (stmt, i++);
  return b;
}

gboolean
plz_bookings_store_insert_booking (PlzStore    *store,
                                   PlzBooking  *b,
                                   GError     **error)
{
  sqlite3_stmt *stmt = plz_store_prepare (store,
    "INSERT INTO bookings (id, client_id, service_id, operator_id, consumer_id, listing_id, status, start_at, "
    "end_at, block_start, block_end, time_zone, price_minor, currency, note, conversation_id, series_id, "
    "cancelled_by, reason, expires_at, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, "
    "?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22) RETURNING num", error);
  int i = 1, rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, i++, b->id, -1, SQLITE_TRANSIENT);
  plz_store_bind_text_or_null (stmt, i++, b->client_id);
  sqlite3_bind_text (stmt, i++, b->service_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, i++, b->operator_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, i++, b->consumer_id, -1, SQLITE_TRANSIENT);
  plz_store_bind_text_or_null (stmt, i++, b->listing_id);
  sqlite3_bind_text (stmt, i++, b->status, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, i++, b->start_at);
  sqlite3_bind_int64 (stmt, i++, b->end_at);
  sqlite3_bind_int64 (stmt, i++, b->block_start);
  sqlite3_bind_int64 (stmt, i++, b->block_end);
  sqlite3_bind_text (stmt, i++, b->time_zone, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, i++, b->price_minor);
  sqlite3_bind_text (stmt, i++, b->currency, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, i++, b->note != NULL ? b->note : "", -1, SQLITE_TRANSIENT);
  plz_store_bind_text_or_null (stmt, i++, b->conversation_id);
  plz_store_bind_text_or_null (stmt, i++, b->series_id);
  plz_store_bind_text_or_null (stmt, i++, b->cancelled_by);
  plz_store_bind_text_or_null (stmt, i++, b->reason);
  plz_store_bind_time (stmt, i++, b->expires_at);
  sqlite3_bind_int64 (stmt, i++, b->created_at);
  sqlite3_bind_int64 (stmt, i++, b->updated_at);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      plz_store_set_error (store, "Saving a booking", error);
      sqlite3_reset (stmt);
      return FALSE;
    }
  b->num = sqlite3_column_int64 (stmt, 0);
  sqlite3_step (stmt);
  sqlite3_reset (stmt);
  return TRUE;
}

gboolean
plz_bookings_store_update_booking (PlzStore          *store,
                                   const PlzBooking  *b,
                                   GError           **error)
{
  sqlite3_stmt *stmt = plz_store_prepare (store,
    "UPDATE bookings SET status = ?2, start_at = ?3, end_at = ?4, block_start = ?5, block_end = ?6, "
    "note = ?7, conversation_id = ?8, cancelled_by = ?9, reason = ?10, expires_at = ?11, updated_at = ?12 "
    "WHERE id = ?1", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, b->id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, b->status, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 3, b->start_at);
  sqlite3_bind_int64 (stmt, 4, b->end_at);
  sqlite3_bind_int64 (stmt, 5, b->block_start);
  sqlite3_bind_int64 (stmt, 6, b->block_end);
  sqlite3_bind_text (stmt, 7, b->note != NULL ? b->note : "", -1, SQLITE_TRANSIENT);
  plz_store_bind_text_or_null (stmt, 8, b->conversation_id);
  plz_store_bind_text_or_null (stmt, 9, b->cancelled_by);
  plz_store_bind_text_or_null (stmt, 10, b->reason);
  plz_store_bind_time (stmt, 11, b->expires_at);
  sqlite3_bind_int64 (stmt, 12, b->updated_at);
  return plz_store_step_done (store, stmt, error);
}

PlzBooking *
plz_bookings_store_get_booking (PlzStore    *store,
                                const char  *id,
                                GError     **error)
{
  sqlite3_stmt *stmt = plz_store_prepare (store, "SELECT " BOOKING_COLUMNS " FROM bookings WHERE id = ?1", error);

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  return one_row (store, stmt, read_booking, (GDestroyNotify) plz_booking_free, "Reading a booking", TRUE, error);
}

PlzBooking *
plz_bookings_store_find_by_client (PlzStore    *store,
                                   const char  *consumer_id,
                                   const char  *client_id,
                                   GError     **error)
{
  sqlite3_stmt *stmt = plz_store_prepare (store,
    "SELECT " BOOKING_COLUMNS " FROM bookings WHERE consumer_id = ?1 AND client_id = ?2", error);

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, consumer_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, client_id, -1, SQLITE_TRANSIENT);
  return one_row (store, stmt, read_booking, (GDestroyNotify) plz_booking_free, "Reading a booking", FALSE, error);
}

GPtrArray *
plz_bookings_store_series_bookings (PlzStore    *store,
                                    const char  *series_id,
                                    GError     **error)
{
  sqlite3_stmt *stmt = plz_store_prepare (store,
    "SELECT " BOOKING_COLUMNS " FROM bookings WHERE series_id = ?1 ORDER BY start_at, num", error);

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, series_id, -1, SQLITE_TRANSIENT);
  return plz_store_collect (store, stmt, read_booking, (GDestroyNotify) plz_booking_free,
                            "Reading a series' bookings", error);
}

/* The statuses that hold a seat, as SQL (plz_booking_status_holds_seat()). */
#define HOLDS_SEAT "status IN ('requested', 'confirmed', 'preparation', 'active')"

GArray *
plz_bookings_store_busy (PlzStore    *store,
                         const char  *operator_id,
                         const char  *service_id,
                         const char  *except_id,
                         gint64       from,
                         gint64       to,
                         GError     **error)
{
  /* A block never spans more than a day, so the index on block_start bounds
   * the scan; block_end filters exactly. */
  sqlite3_stmt *stmt = plz_store_prepare (store,
    "SELECT block_start, block_end, service_id = ?2 FROM bookings WHERE operator_id = ?1 AND " HOLDS_SEAT
    " AND block_start < ?4 AND block_start >= ?3 - 86400000000 AND block_end > ?3 AND id IS NOT ?5 "
    "ORDER BY block_start", error);
  GArray *out;
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, operator_id, -1, SQLITE_TRANSIENT);
  plz_store_bind_text_or_null (stmt, 2, service_id);
  sqlite3_bind_int64 (stmt, 3, from);
  sqlite3_bind_int64 (stmt, 4, to);
  plz_store_bind_text_or_null (stmt, 5, except_id);
  out = g_array_new (FALSE, FALSE, sizeof (PlzSlotBusy));
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      PlzSlotBusy busy = { sqlite3_column_int64 (stmt, 0), sqlite3_column_int64 (stmt, 1),
                           sqlite3_column_int (stmt, 2) != 0 };

      g_array_append_val (out, busy);
    }
  if (rc != SQLITE_DONE)
    {
      plz_store_set_error (store, "Reading busy times", error);
      g_array_unref (out);
      out = NULL;
    }
  sqlite3_reset (stmt);
  return out;
}

GPtrArray *
plz_bookings_store_operator_range (PlzStore    *store,
                                   const char  *operator_id,
                                   gint64       from,
                                   gint64       to,
                                   GError     **error)
{
  sqlite3_stmt *stmt = plz_store_prepare (store,
    "SELECT " BOOKING_COLUMNS " FROM bookings WHERE operator_id = ?1 AND block_start >= ?2 - 86400000000 "
    "AND block_start < ?3 AND start_at >= ?2 AND start_at < ?3 AND status IN ('requested', 'confirmed', "
    "'preparation', 'active', 'completed') ORDER BY start_at, num", error);

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, operator_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, from);
  sqlite3_bind_int64 (stmt, 3, to);
  return plz_store_collect (store, stmt, read_booking, (GDestroyNotify) plz_booking_free,
                            "Reading a schedule", error);
}

GPtrArray *
plz_bookings_store_page (PlzStore    *store,
                         const char  *user_id,
                         const char  *role,
                         gboolean     upcoming,
                         gint64       now,
                         gint64       after_start,
                         gint64       after_num,
                         guint        limit,
                         GError     **error)
{
  gboolean as_operator = g_strcmp0 (role, "operator") == 0;
  sqlite3_stmt *stmt;

  if (upcoming)
    stmt = plz_store_prepare (store, as_operator
      ? "SELECT " BOOKING_COLUMNS " FROM bookings WHERE operator_id = ?1 AND " HOLDS_SEAT " AND end_at >= ?2 "
        "AND (?4 = 0 OR start_at > ?3 OR (start_at = ?3 AND num > ?4)) ORDER BY start_at, num LIMIT ?5"
      : "SELECT " BOOKING_COLUMNS " FROM bookings WHERE consumer_id = ?1 AND " HOLDS_SEAT " AND end_at >= ?2 "
        "AND (?4 = 0 OR start_at > ?3 OR (start_at = ?3 AND num > ?4)) ORDER BY start_at, num LIMIT ?5", error);
  else
    stmt = plz_store_prepare (store, as_operator
      ? "SELECT " BOOKING_COLUMNS " FROM bookings WHERE operator_id = ?1 AND NOT (" HOLDS_SEAT " AND end_at >= ?2) "
        "AND (?4 = 0 OR start_at < ?3 OR (start_at = ?3 AND num < ?4)) ORDER BY start_at DESC, num DESC LIMIT ?5"
      : "SELECT " BOOKING_COLUMNS " FROM bookings WHERE consumer_id = ?1 AND NOT (" HOLDS_SEAT " AND end_at >= ?2) "
        "AND (?4 = 0 OR start_at < ?3 OR (start_at = ?3 AND num < ?4)) ORDER BY start_at DESC, num DESC LIMIT ?5",
      error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, user_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, now);
  sqlite3_bind_int64 (stmt, 3, after_start);
  sqlite3_bind_int64 (stmt, 4, after_num);
  sqlite3_bind_int (stmt, 5, (int) limit);
  return plz_store_collect (store, stmt, read_booking, (GDestroyNotify) plz_booking_free,
                            "Reading bookings", error);
}

GPtrArray *
plz_bookings_store_customer (PlzStore    *store,
                             const char  *operator_id,
                             const char  *consumer_id,
                             GError     **error)
{
  sqlite3_stmt *stmt = plz_store_prepare (store,
    "SELECT " BOOKING_COLUMNS " FROM bookings WHERE consumer_id = ?2 AND operator_id = ?1 "
    "ORDER BY start_at DESC, num DESC LIMIT 200", error);

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, operator_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, consumer_id, -1, SQLITE_TRANSIENT);
  return plz_store_collect (store, stmt, read_booking, (GDestroyNotify) plz_booking_free,
                            "Reading a customer's bookings", error);
}

PlzBooking *
plz_bookings_store_latest_in_conversation (PlzStore    *store,
                                           const char  *conversation_id,
                                           GError     **error)
{
  sqlite3_stmt *stmt = plz_store_prepare (store,
    "SELECT " BOOKING_COLUMNS " FROM bookings WHERE conversation_id = ?1 ORDER BY created_at DESC, num DESC "
    "LIMIT 1", error);

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, conversation_id, -1, SQLITE_TRANSIENT);
  return one_row (store, stmt, read_booking, (GDestroyNotify) plz_booking_free, "Reading a booking", FALSE, error);
}

gboolean
plz_bookings_store_add_step (PlzStore    *store,
                             const char  *booking_id,
                             const char  *from_status,
                             const char  *to_status,
                             const char  *actor_id,
                             const char  *actor_role,
                             const char  *reason,
                             gint64       now,
                             GError     **error)
{
  sqlite3_stmt *stmt = plz_store_prepare (store,
    "INSERT INTO booking_steps (booking_id, from_status, to_status, actor_id, actor_role, reason, created_at) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, booking_id, -1, SQLITE_TRANSIENT);
  plz_store_bind_text_or_null (stmt, 2, from_status);
  sqlite3_bind_text (stmt, 3, to_status, -1, SQLITE_TRANSIENT);
  plz_store_bind_text_or_null (stmt, 4, actor_id);
  sqlite3_bind_text (stmt, 5, actor_role, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 6, reason != NULL ? reason : "", -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 7, now);
  return plz_store_step_done (store, stmt, error);
}

static gpointer
read_history (sqlite3_stmt *stmt)
{
  PlzBookingHistory *h = g_new0 (PlzBookingHistory, 1);

  h->from_status = plz_store_column_text (stmt, 0);
  h->to_status = plz_store_column_text (stmt, 1);
  h->actor_id = plz_store_column_text (stmt, 2);
  h->actor_role = plz_store_column_text (stmt, 3);
  h->reason = plz_store_column_text (stmt, 4);
  h->created_at = sqlite3_column_int64 (stmt, 5);
  return h;
}

GPtrArray *
plz_bookings_store_steps (PlzStore    *store,
                          const char  *booking_id,
                          GError     **error)
{
  sqlite3_stmt *stmt = plz_store_prepare (store,
    "SELECT from_status, to_status, actor_id, actor_role, reason, created_at FROM booking_steps "
    "WHERE booking_id = ?1 ORDER BY id", error);

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, booking_id, -1, SQLITE_TRANSIENT);
  return plz_store_collect (store, stmt, read_history, (GDestroyNotify) plz_booking_history_free,
                            "Reading a booking's history", error);
}
