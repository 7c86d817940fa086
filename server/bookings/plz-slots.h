/* plz-slots.h — free slots from weekly rules, exceptions, capacity and bookings (pure) */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Slots start on this grid (minutes after local midnight). */
#define PLZ_SLOT_GRID_MINUTES 15

/* A weekly opening period: ISO weekday, minutes after local midnight. */
typedef struct
{
  guint weekday;       /* 1 = Monday … 7 = Sunday */
  guint start_minute;  /* 0 … 1439 */
  guint end_minute;    /* 1 … 1440, after start */
} PlzSlotRule;

/* A dated change: the day closed, or extra hours on it. */
typedef struct
{
  guint     year, month, day;
  gboolean  closed;
  guint     start_minute;  /* extra only */
  guint     end_minute;
} PlzSlotException;

/* Time someone already holds: a booking with its buffers, µs UTC. */
typedef struct
{
  gint64    start;
  gint64    end;
  gboolean  same_service;  /* counts towards the service's max per day */
} PlzSlotBusy;

typedef struct
{
  GTimeZone              *time_zone;
  const PlzSlotRule      *rules;
  guint                   n_rules;
  const PlzSlotException *exceptions;
  guint                   n_exceptions;
  guint                   capacity;         /* jobs at once, ≥ 1 */
  guint                   duration_minutes;
  guint                   buffer_before_minutes;
  guint                   buffer_after_minutes;
  guint                   max_per_day;      /* of this service; 0: no limit */
  gint64                  now;              /* µs UTC */
  gint64                  min_notice_us;
  gint64                  horizon_us;
  const PlzSlotBusy      *busy;             /* sorted by start */
  guint                   n_busy;
} PlzSlotsInput;

typedef struct
{
  gint64 start;      /* µs UTC */
  gint64 end;
  guint  available;  /* seats left, ≥ 1 */
} PlzSlot;

typedef struct
{
  gint64 start;
  gint64 end;
} PlzSlotPeriod;

/* Why a start time cannot be booked. */
typedef enum
{
  PLZ_SLOT_OK,
  PLZ_SLOT_TOO_SOON,      /* before now + min notice */
  PLZ_SLOT_TOO_FAR,       /* after now + horizon */
  PLZ_SLOT_OUTSIDE_HOURS, /* the service with its buffers does not fit an open period */
  PLZ_SLOT_DAILY_LIMIT,   /* the service's max per day is reached on that day */
  PLZ_SLOT_UNAVAILABLE,   /* every seat is taken at some moment of it */
} PlzSlotVerdict;

/* The free slots (PlzSlot) of the local days @from … @to (inclusive), on the
 * grid, soonest first: each slot's service time and buffers inside one open
 * period, after min notice, within the horizon, under the daily limit, with
 * a seat free throughout. Slots follow each other in real time, so a
 * spring-forward day has an hour fewer and a fall-back day an hour more. */
GArray         *plz_slots_compute        (const PlzSlotsInput *input,
                                          const GDate         *from,
                                          const GDate         *to);

/* The open periods (PlzSlotPeriod, µs UTC) of the local days @from … @to
 * after exceptions, soonest first. */
GArray         *plz_slots_open_periods   (const PlzSlotsInput *input,
                                          const GDate         *from,
                                          const GDate         *to);

/* Whether the service may start at @start (any minute, not only the grid). */
PlzSlotVerdict  plz_slots_check          (const PlzSlotsInput *input,
                                          gint64               start);

/* Seats taken at the busiest moment of [@start, @end). */
guint           plz_slots_max_overlap    (const PlzSlotBusy   *busy,
                                          guint                n_busy,
                                          gint64               start,
                                          gint64               end);

/* The local date of @usec in @time_zone. */
void            plz_slots_local_date     (GTimeZone           *time_zone,
                                          gint64               usec,
                                          GDate               *date);

G_END_DECLS
