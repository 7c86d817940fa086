/* plz-bookings-book.c — a booking after it is made: reading it, moving it
 * through its lifecycle, skipping and rescheduling, expiry, and the lists
 * (making one is plz-bookings-create.c, its rules plz-bookings-rules.c) */
#define G_LOG_DOMAIN "plaza-bookings"

#include "plz-bookings-private.h"
#include "plz-series-store.h"
#include "plz-error.h"
#include "plz-json.h"
#include "plz-time.h"
#include "plz-validate.h"

#include <stdio.h>

#define MINUTE_US (G_USEC_PER_SEC * G_GINT64_CONSTANT (60))
#define REASON_MAX_CHARS 500

/* Reading ---------------------------------------------------------------------------------- */

/* Booking @id if @user_id takes part in it; otherwise NOT_FOUND, the same
 * answer as for one that does not exist. */
static PlzBooking *
booking_for (PlzBookings  *self,
             const char   *user_id,
             const char   *id,
             GError      **error)
{
  GError *local = NULL;
  g_autoptr(PlzBooking) b = plz_bookings_store_get_booking (self->store, id, &local);

  if (b == NULL || _plz_bookings_party_of (b, user_id) == 0)
    {
      if (local != NULL && local->code != PLZ_ERROR_NOT_FOUND)
        {
          g_propagate_error (error, local);
          return NULL;
        }
      g_clear_error (&local);
      g_set_error_literal (error, PLZ_ERROR, PLZ_ERROR_NOT_FOUND, "There is no such booking");
      return NULL;
    }
  return g_steal_pointer (&b);
}

JsonObject *
plz_bookings_get (PlzBookings    *self,
                  const PlzUser  *user,
                  const char     *id,
                  GError        **error)
{
  g_autoptr(PlzBooking) b = booking_for (self, user->id, id, error);
  g_autoptr(GPtrArray) steps = NULL;
  JsonObject *o;
  JsonArray *history;

  if (b == NULL)
    return NULL;
  steps = plz_bookings_store_steps (self->store, b->id, error);
  if (steps == NULL)
    return NULL;
  o = _plz_bookings_booking_answer (self, b, user->id);
  /* The history, added to the contract: each step, who took it, and why. */
  history = json_array_new ();
  for (guint i = 0; i < steps->len; i++)
    {
      const PlzBookingHistory *h = g_ptr_array_index (steps, i);
      JsonObject *ho = json_object_new ();

      if (h->from_status != NULL)
        json_object_set_string_member (ho, "from", h->from_status);
      else
        json_object_set_null_member (ho, "from");
      json_object_set_string_member (ho, "to", h->to_status);
      json_object_set_string_member (ho, "by", h->actor_role);
      json_object_set_string_member (ho, "reason", h->reason != NULL ? h->reason : "");
      _plz_bookings_set_time (ho, "at", h->created_at);
      json_array_add_object_element (history, ho);
    }
  json_object_set_array_member (json_object_get_object_member (o, "booking"), "history", history);
  return o;
}

/* Steps -------------------------------------------------------------------------------------- */

typedef struct
{
  PlzBookings    *self;
  const PlzUser  *user;          /* NULL: the system */
  const char     *id;
  const char     *action;
  const char     *reason;
  gint64          start;         /* reschedule */
  PlzBooking     *result;
} StepWork;

static void
step_work_clear (StepWork *w)
{
  g_clear_pointer (&w->result, plz_booking_free);
}

/* Moves @b by @step (already allowed) taken by @party. */
static void
apply_step (StepWork               *w,
            PlzBooking             *b,
            const PlzBookingStep   *step,
            PlzParty                party)
{
  g_free (b->status);
  b->status = g_strdup (step->to);
  b->updated_at = _plz_bookings_now (w->self);
  if (g_str_equal (step->action, "cancel"))
    {
      g_free (b->cancelled_by);
      b->cancelled_by = g_strdup (plz_party_name (party));
    }
  if (w->reason != NULL && *w->reason != '\0')
    {
      g_free (b->reason);
      b->reason = g_strdup (w->reason);
    }
  if (!g_str_equal (b->status, "requested"))
    b->expires_at = 0;
}

static gboolean
step_txn (PlzStore  *store,
          gpointer   data,
          GError   **error)
{
  StepWork *w = data;
  PlzBookings *self = w->self;
  g_autoptr(PlzBooking) b = NULL;
  g_autofree char *from = NULL;
  const PlzBookingStep *step;
  PlzParty party;
  PlzErrorCode code;
  const char *message = NULL;

  if (w->user != NULL)
    b = booking_for (self, w->user->id, w->id, error);
  else
    b = plz_bookings_store_get_booking (store, w->id, error);
  if (b == NULL)
    return FALSE;
  party = w->user != NULL ? _plz_bookings_party_of (b, w->user->id) : PLZ_PARTY_SYSTEM;
  step = plz_booking_step_find (w->action, b->status);
  if (step == NULL)
    {
      g_set_error (error, PLZ_ERROR, PLZ_ERROR_INVALID_TRANSITION, "A %s booking cannot be %s",
                   b->status, w->action);
      plz_error_set_field (*error, "action");
      return FALSE;
    }
  if ((step->parties & party) == 0)
    {
      g_set_error (error, PLZ_ERROR, PLZ_ERROR_FORBIDDEN, "Only the %s may %s this booking",
                   (step->parties & PLZ_PARTY_OPERATOR) ? "operator" : "customer", w->action);
      return FALSE;
    }
  code = _plz_bookings_time_rule (b, w->action, party, _plz_bookings_cancel_window_us (self, b->operator_id),
                                  _plz_bookings_now (self), &message);
  if (code != 0)
    {
      g_set_error_literal (error, PLZ_ERROR, code, message);
      plz_error_set_field (*error, "action");
      return FALSE;
    }
  from = g_strdup (b->status);
  apply_step (w, b, step, party);
  if (!plz_bookings_store_update_booking (store, b, error) ||
      (g_str_equal (from, "requested") && !plz_jobs_cancel (self->jobs, PLZ_BOOKINGS_JOB_EXPIRE, b->id, error)) ||
      !_plz_bookings_announce (self, b, from, w->action, w->user != NULL ? w->user->id : NULL, party, w->reason, FALSE,
                              error))
    return FALSE;
  w->result = g_steal_pointer (&b);
  return TRUE;
}

static gboolean
check_reason (const char  *reason,
              char       **clean,
              GError     **error)
{
  if (reason == NULL)
    return TRUE;
  *clean = plz_validate_text ("reason", reason, REASON_MAX_CHARS, error);
  return *clean != NULL;
}

JsonObject *
plz_bookings_act (PlzBookings    *self,
                  const PlzUser  *user,
                  const char     *id,
                  const char     *action,
                  const char     *reason,
                  GError        **error)
{
  g_autofree char *clean = NULL;
  StepWork w = { self, user, id, action };
  JsonObject *o;

  if (action == NULL || !g_strv_contains (plz_booking_actions (), action))
    {
      plz_error_set_invalid (error, "action", "action is one of confirm, decline, prepare, start, complete, "
                                              "cancel, no_show");
      return NULL;
    }
  if (!check_reason (reason, &clean, error))
    return NULL;
  if (clean != NULL && *clean != '\0')
    {
      g_autoptr(PlzBooking) b = booking_for (self, user->id, id, error);
      g_autofree char *checked = NULL;

      if (b == NULL)
        return NULL;
      checked = _plz_bookings_moderate (self, user, b->conversation_id, _plz_bookings_is_accepted (b), "reason",
                                        clean, error);
      if (checked == NULL)
        return NULL;
      g_free (clean);
      clean = g_steal_pointer (&checked);
    }
  w.reason = clean;
  if (!plz_store_transaction (self->store, step_txn, &w, error))
    {
      step_work_clear (&w);
      return NULL;
    }
  o = _plz_bookings_booking_answer (self, w.result, user->id);
  step_work_clear (&w);
  return o;
}

JsonObject *
plz_bookings_skip (PlzBookings    *self,
                   const PlzUser  *user,
                   const char     *id,
                   GError        **error)
{
  g_autoptr(PlzBooking) b = booking_for (self, user->id, id, error);

  if (b == NULL)
    return NULL;
  if (b->series_id == NULL)
    {
      g_set_error_literal (error, PLZ_ERROR, PLZ_ERROR_INVALID_TRANSITION,
                           "This booking is not part of a series: cancel it instead");
      return NULL;
    }
  return plz_bookings_act (self, user, id, "cancel", "Skipped this occurrence", error);
}

/* One person is not at two occurrences of their series at once: moving
 * @b to @start must not overlap another occurrence that still holds a seat. */
static gboolean
check_series_overlap (PlzBookings       *self,
                      const PlzBooking  *b,
                      gint64             start,
                      const PlzService  *service,
                      GError           **error)
{
  g_autoptr(GPtrArray) series = plz_bookings_store_series_bookings (self->store, b->series_id, error);
  gint64 end = start + service->duration_minutes * MINUTE_US;

  if (series == NULL)
    return FALSE;
  for (guint i = 0; i < series->len; i++)
    {
      const PlzBooking *other = g_ptr_array_index (series, i);

      if (g_strcmp0 (other->id, b->id) != 0 && plz_booking_status_holds_seat (other->status) &&
          other->start_at < end && start < other->end_at)
        {
          g_set_error_literal (error, PLZ_ERROR, PLZ_ERROR_SLOT_UNAVAILABLE,
                               "Another booking of this series is at that time");
          plz_error_set_field (*error, "start");
          return FALSE;
        }
    }
  return TRUE;
}

static gboolean
reschedule_txn (PlzStore  *store,
                gpointer   data,
                GError   **error)
{
  StepWork *w = data;
  PlzBookings *self = w->self;
  g_autoptr(PlzBooking) b = booking_for (self, w->user->id, w->id, error);
  g_autoptr(PlzService) service = NULL;
  g_autoptr(PlzAvailability) a = NULL;
  g_autofree char *from = NULL;
  PlzParty party;
  PlzErrorCode code;
  const char *message = NULL;
  gint64 now = _plz_bookings_now (self);

  if (b == NULL)
    return FALSE;
  party = _plz_bookings_party_of (b, w->user->id);
  if (!_plz_bookings_may_reschedule (b, party))
    {
      g_set_error (error, PLZ_ERROR, PLZ_ERROR_INVALID_TRANSITION, "A %s booking cannot be moved", b->status);
      return FALSE;
    }
  code = _plz_bookings_time_rule (b, "reschedule", party, _plz_bookings_cancel_window_us (self, b->operator_id), now,
                                  &message);
  if (code != 0)
    {
      g_set_error_literal (error, PLZ_ERROR, code, message);
      return FALSE;
    }
  service = plz_bookings_store_get_service (store, b->service_id, error);
  if (service == NULL)
    return FALSE;
  a = _plz_bookings_availability (self, b->operator_id, error);
  if (a == NULL || !_plz_bookings_check_time (self, service, a, w->start, b->id, error))
    return FALSE;
  if (b->series_id != NULL && !check_series_overlap (self, b, w->start, service, error))
    return FALSE;

  from = g_strdup (b->status);
  b->start_at = w->start;
  b->end_at = w->start + service->duration_minutes * MINUTE_US;
  b->block_start = b->start_at - service->buffer_before_minutes * MINUTE_US;
  b->block_end = b->end_at + service->buffer_after_minutes * MINUTE_US;
  b->updated_at = now;
  /* A customer's new time needs the operator's yes again (unless the
   * service confirms instantly); the operator's own move stands. */
  if (party == PLZ_PARTY_CONSUMER && !service->instant_confirm)
    {
      g_free (b->status);
      b->status = g_strdup ("requested");
      b->expires_at = MIN (now + a->request_ttl_minutes * MINUTE_US, b->start_at);
      if (!plz_jobs_schedule (self->jobs, PLZ_BOOKINGS_JOB_EXPIRE, b->id, NULL, b->expires_at, error))
        return FALSE;
    }
  else if (g_str_equal (b->status, "requested"))
    {
      b->expires_at = MIN (b->expires_at, b->start_at);
      if (!plz_jobs_schedule (self->jobs, PLZ_BOOKINGS_JOB_EXPIRE, b->id, NULL, b->expires_at, error))
        return FALSE;
    }
  if (!plz_bookings_store_update_booking (store, b, error) ||
      !_plz_bookings_announce (self, b, from, "reschedule", w->user->id, party, NULL, FALSE, error))
    return FALSE;
  w->result = g_steal_pointer (&b);
  return TRUE;
}

JsonObject *
plz_bookings_reschedule (PlzBookings    *self,
                         const PlzUser  *user,
                         const char     *id,
                         const char     *start,
                         GError        **error)
{
  StepWork w = { self, user, id, "reschedule" };
  JsonObject *o;

  if (start == NULL)
    {
      plz_error_set_invalid (error, "start", "Say when to move the booking to");
      return NULL;
    }
  if (!_plz_bookings_parse_start (start, &w.start, error))
    return NULL;
  if (!plz_store_transaction (self->store, reschedule_txn, &w, error))
    {
      step_work_clear (&w);
      return NULL;
    }
  o = _plz_bookings_booking_answer (self, w.result, user->id);
  step_work_clear (&w);
  return o;
}

/* Expiry ------------------------------------------------------------------------------------ */

gboolean
_plz_bookings_expire_job (PlzJobs     *jobs,
                          const char  *key,
                          const char  *payload,
                          gpointer     user_data,
                          GError     **error)
{
  PlzBookings *self = user_data;
  g_autoptr(PlzBooking) b = NULL;
  StepWork w = { self, NULL, key, "expire" };
  GError *local = NULL;
  gboolean ok;

  /* Idempotent: a booking answered (or gone) meanwhile is left alone. */
  b = plz_bookings_store_get_booking (self->store, key, &local);
  if (b == NULL)
    {
      if (local->code == PLZ_ERROR_NOT_FOUND)
        {
          g_error_free (local);
          return TRUE;
        }
      g_propagate_error (error, local);
      return FALSE;
    }
  if (!g_str_equal (b->status, "requested") || b->expires_at > _plz_bookings_now (self))
    return TRUE;
  ok = step_txn (self->store, &w, error);
  step_work_clear (&w);
  return ok;
}

/* Lists ---------------------------------------------------------------------------------------- */

static JsonObject *
bookings_answer (PlzBookings *self,
                 GPtrArray   *bookings,
                 const char  *viewer_id)
{
  JsonObject *o = json_object_new ();
  JsonArray *list = json_array_new ();

  for (guint i = 0; i < bookings->len; i++)
    json_array_add_object_element (list, _plz_bookings_booking_to_json (self, g_ptr_array_index (bookings, i),
                                                                        viewer_id));
  json_object_set_array_member (o, "bookings", list);
  return o;
}

JsonObject *
plz_bookings_list (PlzBookings    *self,
                   const PlzUser  *user,
                   const char     *role,
                   const char     *scope,
                   const char     *limit,
                   const char     *cursor,
                   GError        **error)
{
  gint64 after_start = 0, after_num = 0, n = 20;
  g_autoptr(GPtrArray) page = NULL;
  JsonObject *o;
  char *end = NULL;

  if (role == NULL)
    role = "consumer";
  if (scope == NULL)
    scope = "upcoming";
  if (!g_str_equal (role, "consumer") && !g_str_equal (role, "operator"))
    {
      plz_error_set_invalid (error, "role", "role is consumer or operator");
      return NULL;
    }
  if (!g_str_equal (scope, "upcoming") && !g_str_equal (scope, "past"))
    {
      plz_error_set_invalid (error, "scope", "scope is upcoming or past");
      return NULL;
    }
  if (limit != NULL)
    {
      n = g_ascii_strtoll (limit, &end, 10);
      if (end == limit || *end != '\0' || n < 1 || n > 100)
        {
          plz_error_set_invalid (error, "limit", "limit is from 1 to 100");
          return NULL;
        }
    }
  if (cursor != NULL &&
      (sscanf (cursor, "%" G_GINT64_FORMAT ".%" G_GINT64_FORMAT, &after_start, &after_num) != 2 || after_num <= 0))
    {
      plz_error_set_invalid (error, "cursor", "This cursor was not given by the server");
      return NULL;
    }
  page = plz_bookings_store_page (self->store, user->id, role, g_str_equal (scope, "upcoming"),
                                  _plz_bookings_now (self), after_start, after_num, (guint) n + 1, error);
  if (page == NULL)
    return NULL;
  if (page->len > (guint) n)
    {
      const PlzBooking *last = g_ptr_array_index (page, n - 1);
      g_autofree char *next = g_strdup_printf ("%" G_GINT64_FORMAT ".%" G_GINT64_FORMAT, last->start_at, last->num);

      g_ptr_array_set_size (page, n);
      o = bookings_answer (self, page, user->id);
      json_object_set_string_member (o, "next_cursor", next);
      return o;
    }
  o = bookings_answer (self, page, user->id);
  json_object_set_null_member (o, "next_cursor");
  return o;
}

JsonObject *
plz_bookings_customer (PlzBookings    *self,
                       const PlzUser  *user,
                       const char     *customer_id,
                       GError        **error)
{
  g_autoptr(GPtrArray) bookings = plz_bookings_store_customer (self->store, user->id, customer_id, error);

  if (bookings == NULL)
    return NULL;
  /* Someone who never booked with this operator looks like no one at all. */
  if (bookings->len == 0)
    {
      g_set_error_literal (error, PLZ_ERROR, PLZ_ERROR_NOT_FOUND, "There is no such customer");
      return NULL;
    }
  return bookings_answer (self, bookings, user->id);
}
