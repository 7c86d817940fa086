/* plz-dispatch-store.c — the SQL of on-demand requests and of who takes them */
#define G_LOG_DOMAIN "plaza-bookings"

#include "plz-dispatch-store.h"
#include "plz-error.h"

void
plz_dispatch_operator_free (PlzDispatchOperator *o)
{
  if (o == NULL)
    return;
  g_free (o->operator_id);
  g_free (o);
}

void
plz_dispatch_request_free (PlzDispatchRequest *r)
{
  if (r == NULL)
    return;
  g_free (r->id);
  g_free (r->consumer_id);
  g_free (r->client_id);
  g_free (r->tags);
  g_free (r->note);
  g_free (r->status);
  g_free (r->offer_id);
  g_free (r->offer_operator_id);
  g_free (r->booking_id);
  g_free (r->state);
  g_free (r);
}

void
plz_dispatch_candidate_row_free (PlzDispatchCandidateRow *c)
{
  if (c == NULL)
    return;
  g_free (c->operator_id);
  g_free (c->display_name);
  g_free (c->tags);
  g_free (c);
}

static gpointer
first_row (GPtrArray *rows)
{
  return rows != NULL && rows->len > 0 ? g_ptr_array_steal_index (rows, 0) : NULL;
}

/* Operators ------------------------------------------------------------------ */

static gpointer
read_operator (sqlite3_stmt *stmt)
{
  PlzDispatchOperator *o = g_new0 (PlzDispatchOperator, 1);

  o->operator_id = plz_store_column_text (stmt, 0);
  o->accepting = sqlite3_column_int (stmt, 1) != 0;
  o->lat = sqlite3_column_double (stmt, 2);
  o->lng = sqlite3_column_double (stmt, 3);
  o->updated_at = sqlite3_column_int64 (stmt, 4);
  return o;
}

PlzDispatchOperator *
plz_dispatch_store_get_operator (PlzStore    *store,
                                 const char  *operator_id,
                                 GError     **error)
{
  sqlite3_stmt *stmt = plz_store_prepare (store,
    "SELECT operator_id, accepting, lat, lng, updated_at FROM dispatch_operators WHERE operator_id = ?1", error);
  g_autoptr(GPtrArray) rows = NULL;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, operator_id, -1, SQLITE_TRANSIENT);
  rows = plz_store_collect (store, stmt, read_operator, (GDestroyNotify) plz_dispatch_operator_free,
                            "Reading dispatch settings", error);
  return first_row (rows);
}

gboolean
plz_dispatch_store_put_operator (PlzStore                   *store,
                                 const PlzDispatchOperator  *o,
                                 GError                    **error)
{
  sqlite3_stmt *stmt = plz_store_prepare (store,
    "INSERT INTO dispatch_operators (operator_id, accepting, lat, lng, updated_at) VALUES (?1, ?2, ?3, ?4, ?5) "
    "ON CONFLICT (operator_id) DO UPDATE SET accepting = excluded.accepting, lat = excluded.lat, "
    "lng = excluded.lng, updated_at = excluded.updated_at", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, o->operator_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 2, o->accepting);
  sqlite3_bind_double (stmt, 3, o->lat);
  sqlite3_bind_double (stmt, 4, o->lng);
  sqlite3_bind_int64 (stmt, 5, o->updated_at);
  return plz_store_step_done (store, stmt, error);
}

/* Requests ------------------------------------------------------------------- */

#define REQUEST_COLUMNS \
  "id, consumer_id, client_id, tags, category_id, lat, lng, when_at, note, status, offer_id, " \
  "offer_operator_id, offer_deadline, booking_id, state, created_at, updated_at"

static gpointer
read_request (sqlite3_stmt *stmt)
{
  PlzDispatchRequest *r = g_new0 (PlzDispatchRequest, 1);
  int i = 0;

  r->id = plz_store_column_text (stmt, i++);
  r->consumer_id = plz_store_column_text (stmt, i++);
  r->client_id = plz_store_column_text (stmt, i++);
  r->tags = plz_store_column_text (stmt, i++);
  r->category_id = sqlite3_column_int64 (stmt, i++);
  r->lat = sqlite3_column_double (stmt, i++);
  r->lng = sqlite3_column_double (stmt, i++);
  r->when_at = sqlite3_column_int64 (stmt, i++);
  r->note = plz_store_column_text (stmt, i++);
  r->status = plz_store_column_text (stmt, i++);
  r->offer_id = plz_store_column_text (stmt, i++);
  r->offer_operator_id = plz_store_column_text (stmt, i++);
  r->offer_deadline = sqlite3_column_int64 (stmt, i++);
  r->booking_id = plz_store_column_text (stmt, i++);
  r->state = plz_store_column_text (stmt, i++);
  r->created_at = sqlite3_column_int64 (stmt, i++);
  r->updated_at = sqlite3_column_int64 (stmt, i++);
  return r;
}

gboolean
plz_dispatch_store_insert (PlzStore            *store,
                           PlzDispatchRequest  *r,
                           GError             **error)
{
  sqlite3_stmt *stmt = plz_store_prepare (store,
    "INSERT INTO dispatch_requests (" REQUEST_COLUMNS ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, "
    "?12, ?13, ?14, ?15, ?16, ?17)", error);
  int i = 1;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, i++, r->id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, i++, r->consumer_id, -1, SQLITE_TRANSIENT);
  plz_store_bind_text_or_null (stmt, i++, r->client_id);
  sqlite3_bind_text (stmt, i++, r->tags, -1, SQLITE_TRANSIENT);
  if (r->category_id > 0)
    sqlite3_bind_int64 (stmt, i++, r->category_id);
  else
    sqlite3_bind_null (stmt, i++);
  sqlite3_bind_double (stmt, i++, r->lat);
  sqlite3_bind_double (stmt, i++, r->lng);
  sqlite3_bind_int64 (stmt, i++, r->when_at);
  sqlite3_bind_text (stmt, i++, r->note != NULL ? r->note : "", -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, i++, r->status, -1, SQLITE_TRANSIENT);
  plz_store_bind_text_or_null (stmt, i++, r->offer_id);
  plz_store_bind_text_or_null (stmt, i++, r->offer_operator_id);
  plz_store_bind_time (stmt, i++, r->offer_deadline);
  plz_store_bind_text_or_null (stmt, i++, r->booking_id);
  sqlite3_bind_text (stmt, i++, r->state, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, i++, r->created_at);
  sqlite3_bind_int64 (stmt, i++, r->updated_at);
  return plz_store_step_done (store, stmt, error);
}

gboolean
plz_dispatch_store_update (PlzStore                  *store,
                           const PlzDispatchRequest  *r,
                           GError                   **error)
{
  sqlite3_stmt *stmt = plz_store_prepare (store,
    "UPDATE dispatch_requests SET status = ?2, offer_id = ?3, offer_operator_id = ?4, offer_deadline = ?5, "
    "booking_id = ?6, state = ?7, updated_at = ?8 WHERE id = ?1", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, r->id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, r->status, -1, SQLITE_TRANSIENT);
  plz_store_bind_text_or_null (stmt, 3, r->offer_id);
  plz_store_bind_text_or_null (stmt, 4, r->offer_operator_id);
  plz_store_bind_time (stmt, 5, r->offer_deadline);
  plz_store_bind_text_or_null (stmt, 6, r->booking_id);
  sqlite3_bind_text (stmt, 7, r->state, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 8, r->updated_at);
  return plz_store_step_done (store, stmt, error);
}

PlzDispatchRequest *
plz_dispatch_store_get (PlzStore    *store,
                        const char  *id,
                        GError     **error)
{
  sqlite3_stmt *stmt = plz_store_prepare (store,
    "SELECT " REQUEST_COLUMNS " FROM dispatch_requests WHERE id = ?1", error);
  g_autoptr(GPtrArray) rows = NULL;
  PlzDispatchRequest *r;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  rows = plz_store_collect (store, stmt, read_request, (GDestroyNotify) plz_dispatch_request_free,
                            "Reading a dispatch request", error);
  if (rows == NULL)
    return NULL;
  r = first_row (rows);
  if (r == NULL)
    g_set_error_literal (error, PLZ_ERROR, PLZ_ERROR_NOT_FOUND, "There is no such request");
  return r;
}

PlzDispatchRequest *
plz_dispatch_store_find_by_client (PlzStore    *store,
                                   const char  *consumer_id,
                                   const char  *client_id,
                                   GError     **error)
{
  sqlite3_stmt *stmt = plz_store_prepare (store,
    "SELECT " REQUEST_COLUMNS " FROM dispatch_requests WHERE consumer_id = ?1 AND client_id = ?2", error);
  g_autoptr(GPtrArray) rows = NULL;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, consumer_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, client_id, -1, SQLITE_TRANSIENT);
  rows = plz_store_collect (store, stmt, read_request, (GDestroyNotify) plz_dispatch_request_free,
                            "Reading a dispatch request", error);
  return first_row (rows);
}

GPtrArray *
plz_dispatch_store_offered (PlzStore    *store,
                            const char  *operator_id,
                            GError     **error)
{
  sqlite3_stmt *stmt = plz_store_prepare (store,
    "SELECT " REQUEST_COLUMNS " FROM dispatch_requests WHERE status = 'offered' "
    "AND (?1 IS NULL OR offer_operator_id = ?1) ORDER BY num", error);

  if (stmt == NULL)
    return NULL;
  plz_store_bind_text_or_null (stmt, 1, operator_id);
  return plz_store_collect (store, stmt, read_request, (GDestroyNotify) plz_dispatch_request_free,
                            "Reading dispatch offers", error);
}

/* Candidates ----------------------------------------------------------------- */

static gpointer
read_candidate (sqlite3_stmt *stmt)
{
  PlzDispatchCandidateRow *c = g_new0 (PlzDispatchCandidateRow, 1);

  c->operator_id = plz_store_column_text (stmt, 0);
  c->display_name = plz_store_column_text (stmt, 1);
  c->lat = sqlite3_column_double (stmt, 2);
  c->lng = sqlite3_column_double (stmt, 3);
  c->capacity = sqlite3_column_int64 (stmt, 4);
  c->tags = plz_store_column_text (stmt, 5);
  return c;
}

GPtrArray *
plz_dispatch_store_candidates (PlzStore    *store,
                               const char  *except_id,
                               gint64       category_id,
                               double       lat,
                               double       lng,
                               double       dlat,
                               double       dlng,
                               GError     **error)
{
  sqlite3_stmt *stmt = plz_store_prepare (store,
    "SELECT d.operator_id, u.display_name, d.lat, d.lng, COALESCE (a.capacity, 1), "
    "  (SELECT json_group_array (DISTINCT t.value) FROM services s, json_each (s.tags) t "
    "   WHERE s.operator_id = d.operator_id AND s.active) "
    "FROM dispatch_operators d JOIN users u ON u.id = d.operator_id "
    "LEFT JOIN availability a ON a.operator_id = d.operator_id "
    "WHERE d.accepting AND d.operator_id != ?1 AND u.is_operator "
    "AND d.lat BETWEEN ?3 - ?5 AND ?3 + ?5 AND d.lng BETWEEN ?4 - ?6 AND ?4 + ?6 "
    "AND EXISTS (SELECT 1 FROM services s WHERE s.operator_id = d.operator_id AND s.active "
    "  AND (?2 IS NULL OR s.listing_id IN (SELECT id FROM listings WHERE category_id = ?2))) "
    "ORDER BY d.operator_id", error);

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, except_id, -1, SQLITE_TRANSIENT);
  if (category_id > 0)
    sqlite3_bind_int64 (stmt, 2, category_id);
  else
    sqlite3_bind_null (stmt, 2);
  sqlite3_bind_double (stmt, 3, lat);
  sqlite3_bind_double (stmt, 4, lng);
  sqlite3_bind_double (stmt, 5, dlat);
  sqlite3_bind_double (stmt, 6, dlng);
  return plz_store_collect (store, stmt, read_candidate, (GDestroyNotify) plz_dispatch_candidate_row_free,
                            "Finding dispatch candidates", error);
}

gint64
plz_dispatch_store_load (PlzStore    *store,
                         const char  *operator_id,
                         gint64       now,
                         GError     **error)
{
  sqlite3_stmt *stmt = plz_store_prepare (store,
    "SELECT count(*) FROM bookings WHERE operator_id = ?1 AND status IN ('confirmed', 'preparation', 'active') "
    "AND start_at <= ?2 AND end_at > ?2", error);
  gint64 n = -1;

  if (stmt == NULL)
    return -1;
  sqlite3_bind_text (stmt, 1, operator_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, now);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  else
    plz_store_set_error (store, "Counting an operator's load", error);
  sqlite3_reset (stmt);
  return n;
}
