/* plz-bookings-store.h — the SQL of services, availability, bookings and their steps */
#pragma once

#include "store/plz-store.h"
#include "plz-slots.h"

G_BEGIN_DECLS

typedef struct
{
  char     *id;
  char     *operator_id;
  char     *listing_id;         /* NULL: not tied to a listing */
  char     *name;
  gint64    duration_minutes;
  gint64    price_minor;
  char     *currency;
  gint64    buffer_before_minutes;
  gint64    buffer_after_minutes;
  char     *tags;               /* JSON array text */
  gint64    max_per_day;        /* 0: no limit */
  gboolean  instant_confirm;
  gboolean  active;
  gint64    created_at;
  gint64    updated_at;
} PlzService;

typedef struct
{
  char    *operator_id;
  char    *time_zone;
  gint64   capacity;
  gint64   min_notice_minutes;
  gint64   horizon_days;
  gint64   request_ttl_minutes;
  gint64   cancel_window_minutes;
  GArray  *rules;               /* PlzSlotRule, by weekday and start */
  GArray  *exceptions;          /* PlzSlotException, by date */
} PlzAvailability;

typedef struct
{
  gint64  num;
  char   *id;
  char   *client_id;
  char   *service_id;
  char   *operator_id;
  char   *consumer_id;
  char   *listing_id;
  char   *status;
  gint64  start_at;
  gint64  end_at;
  gint64  block_start;
  gint64  block_end;
  char   *time_zone;
  gint64  price_minor;
  char   *currency;
  char   *note;
  char   *conversation_id;
  char   *series_id;
  char   *cancelled_by;
  char   *reason;
  gint64  expires_at;           /* 0: none */
  gint64  created_at;
  gint64  updated_at;
} PlzBooking;

/* One step of a booking's history. */
typedef struct
{
  char   *from_status;          /* NULL for the creation */
  char   *to_status;
  char   *actor_id;
  char   *actor_role;
  char   *reason;
  gint64  created_at;
} PlzBookingHistory;

void             plz_booking_history_free (PlzBookingHistory *h);
void             plz_service_free       (PlzService *s);
void             plz_availability_free  (PlzAvailability *a);
void             plz_booking_free       (PlzBooking *b);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PlzService, plz_service_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PlzAvailability, plz_availability_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PlzBooking, plz_booking_free)

/* Services ------------------------------------------------------------------ */

gboolean         plz_bookings_store_insert_service  (PlzStore *store, const PlzService *s, GError **error);
/* Writes every column but id, operator and created_at. */
gboolean         plz_bookings_store_update_service  (PlzStore *store, const PlzService *s, GError **error);
/* The service, or NULL (NOT_FOUND). */
PlzService      *plz_bookings_store_get_service     (PlzStore *store, const char *id, GError **error);
/* @operator_id's services (only active ones unless @inactive_too), oldest first. */
GPtrArray       *plz_bookings_store_operator_services (PlzStore *store, const char *operator_id,
                                                      gboolean inactive_too, GError **error);
/* The active services linked to @listing_id, oldest first. */
GPtrArray       *plz_bookings_store_listing_services (PlzStore *store, const char *listing_id, GError **error);

/* Availability -------------------------------------------------------------- */

/* @operator_id's availability, or NULL without an error when never set. */
PlzAvailability *plz_bookings_store_get_availability (PlzStore *store, const char *operator_id, GError **error);
/* Replaces @a (row, rules and exceptions) in the caller's transaction. */
gboolean         plz_bookings_store_put_availability (PlzStore *store, const PlzAvailability *a, gint64 now,
                                                      GError **error);

/* Bookings ------------------------------------------------------------------ */

gboolean         plz_bookings_store_insert_booking  (PlzStore *store, PlzBooking *b, GError **error);
/* Writes status, times, note, conversation, cancellation, expiry, updated_at. */
gboolean         plz_bookings_store_update_booking  (PlzStore *store, const PlzBooking *b, GError **error);
PlzBooking      *plz_bookings_store_get_booking     (PlzStore *store, const char *id, GError **error);
/* The booking @consumer_id made with @client_id, or NULL without an error. */
PlzBooking      *plz_bookings_store_find_by_client  (PlzStore *store, const char *consumer_id,
                                                     const char *client_id, GError **error);
/* The bookings of series @series_id, by start. */
GPtrArray       *plz_bookings_store_series_bookings (PlzStore *store, const char *series_id, GError **error);
/* Seats held at @operator_id between @from and @to (blocks overlapping),
 * sorted by start; same_service marks @service_id's. @except_id (or NULL)
 * is left out (a booking being rescheduled). */
GArray          *plz_bookings_store_busy            (PlzStore *store, const char *operator_id,
                                                     const char *service_id, const char *except_id,
                                                     gint64 from, gint64 to, GError **error);
/* @operator_id's bookings in @statuses (NULL-terminated) starting in [@from, @to), by start. */
GPtrArray       *plz_bookings_store_operator_range  (PlzStore *store, const char *operator_id,
                                                     gint64 from, gint64 to, GError **error);
/* A page of @user_id's bookings as @role ("consumer"/"operator"): upcoming
 * (holding a seat, not yet over at @now) soonest first, or past latest
 * first; after the booking (@after_start, @after_num) when @after_num > 0. */
GPtrArray       *plz_bookings_store_page            (PlzStore *store, const char *user_id, const char *role,
                                                     gboolean upcoming, gint64 now, gint64 after_start,
                                                     gint64 after_num, guint limit, GError **error);
/* @consumer_id's bookings with @operator_id, latest first. */
GPtrArray       *plz_bookings_store_customer        (PlzStore *store, const char *operator_id,
                                                     const char *consumer_id, GError **error);
/* The latest booking in @conversation_id, or NULL without an error. */
PlzBooking      *plz_bookings_store_latest_in_conversation (PlzStore *store, const char *conversation_id,
                                                            GError **error);
/* Appends a step to @booking_id's history. */
gboolean         plz_bookings_store_add_step        (PlzStore *store, const char *booking_id,
                                                     const char *from_status, const char *to_status,
                                                     const char *actor_id, const char *actor_role,
                                                     const char *reason, gint64 now, GError **error);
/* The history of @booking_id (PlzBookingHistory), oldest first. */
GPtrArray       *plz_bookings_store_steps           (PlzStore *store, const char *booking_id, GError **error);

G_END_DECLS
