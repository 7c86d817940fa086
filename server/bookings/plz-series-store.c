/* plz-series-store.c — the SQL of booking series and their occurrences */
#define G_LOG_DOMAIN "plaza-bookings"

#include "plz-series-store.h"
#include "plz-error.h"

void
plz_series_free (PlzSeries *series)
{
  if (series == NULL)
    return;
  g_free (series->id);
  g_free (series->consumer_id);
  g_free (series->operator_id);
  g_free (series->service_id);
  g_free (series->rule);
  g_free (series->time_zone);
  g_free (series);
}

void
plz_series_occurrence_free (PlzSeriesOccurrence *occurrence)
{
  if (occurrence == NULL)
    return;
  g_free (occurrence->booking_id);
  g_free (occurrence);
}

gboolean
plz_series_store_insert (PlzStore         *store,
                         const PlzSeries  *series,
                         GError          **error)
{
  sqlite3_stmt *stmt = plz_store_prepare (store,
    "INSERT INTO booking_series (id, consumer_id, operator_id, service_id, rule, start_at, time_zone, created_at) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, series->id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, series->consumer_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, series->operator_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, series->service_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 5, series->rule, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 6, series->start_at);
  sqlite3_bind_text (stmt, 7, series->time_zone, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 8, series->created_at);
  return plz_store_step_done (store, stmt, error);
}

static gpointer
read_series (sqlite3_stmt *stmt)
{
  PlzSeries *s = g_new0 (PlzSeries, 1);

  s->id = plz_store_column_text (stmt, 0);
  s->consumer_id = plz_store_column_text (stmt, 1);
  s->operator_id = plz_store_column_text (stmt, 2);
  s->service_id = plz_store_column_text (stmt, 3);
  s->rule = plz_store_column_text (stmt, 4);
  s->start_at = sqlite3_column_int64 (stmt, 5);
  s->time_zone = plz_store_column_text (stmt, 6);
  s->created_at = sqlite3_column_int64 (stmt, 7);
  return s;
}

PlzSeries *
plz_series_store_get (PlzStore    *store,
                      const char  *id,
                      GError     **error)
{
  sqlite3_stmt *stmt = plz_store_prepare (store,
    "SELECT id, consumer_id, operator_id, service_id, rule, start_at, time_zone, created_at "
    "FROM booking_series WHERE id = ?1", error);
  g_autoptr(GPtrArray) rows = NULL;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  rows = plz_store_collect (store, stmt, read_series, (GDestroyNotify) plz_series_free, "Reading a series", error);
  if (rows == NULL)
    return NULL;
  if (rows->len == 0)
    {
      g_set_error_literal (error, PLZ_ERROR, PLZ_ERROR_NOT_FOUND, "There is no such series");
      return NULL;
    }
  return g_ptr_array_steal_index (rows, 0);
}

gboolean
plz_series_store_add_occurrence (PlzStore    *store,
                                 const char  *series_id,
                                 const char  *booking_id,
                                 guint        idx,
                                 gint64       original_at,
                                 GError     **error)
{
  sqlite3_stmt *stmt = plz_store_prepare (store,
    "INSERT INTO booking_occurrences (booking_id, series_id, idx, original_at) VALUES (?1, ?2, ?3, ?4)", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, booking_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, series_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 3, idx);
  sqlite3_bind_int64 (stmt, 4, original_at);
  return plz_store_step_done (store, stmt, error);
}

static gpointer
read_occurrence (sqlite3_stmt *stmt)
{
  PlzSeriesOccurrence *o = g_new0 (PlzSeriesOccurrence, 1);

  o->booking_id = plz_store_column_text (stmt, 0);
  o->idx = (guint) sqlite3_column_int64 (stmt, 1);
  o->original_at = sqlite3_column_int64 (stmt, 2);
  return o;
}

GPtrArray *
plz_series_store_occurrences (PlzStore    *store,
                              const char  *series_id,
                              GError     **error)
{
  sqlite3_stmt *stmt = plz_store_prepare (store,
    "SELECT booking_id, idx, original_at FROM booking_occurrences WHERE series_id = ?1 ORDER BY idx", error);

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, series_id, -1, SQLITE_TRANSIENT);
  return plz_store_collect (store, stmt, read_occurrence, (GDestroyNotify) plz_series_occurrence_free,
                            "Reading a series' occurrences", error);
}
