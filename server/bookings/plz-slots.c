/* plz-slots.c — free slots from weekly rules, exceptions, capacity and bookings (pure) */
#define G_LOG_DOMAIN "plaza-bookings"

#include "plz-slots.h"

#define MINUTE_US (G_USEC_PER_SEC * G_GINT64_CONSTANT (60))

typedef struct
{
  guint start;
  guint end;
} Minutes;

/* @minute after local midnight of @date as µs UTC, -1 on error. A wall-clock
 * time inside a spring-forward gap gives GLib's forward-adjusted time; 1440
 * is the next day's midnight. */
static gint64
local_to_utc (GTimeZone   *tz,
              const GDate *date,
              guint        minute)
{
  GDate d = *date;
  g_autoptr(GDateTime) dt = NULL;

  if (minute >= 1440)
    {
      g_date_add_days (&d, minute / 1440);
      minute %= 1440;
    }
  dt = g_date_time_new (tz, g_date_get_year (&d), g_date_get_month (&d), g_date_get_day (&d),
                        minute / 60, minute % 60, 0);
  if (dt == NULL)
    return -1;
  return g_date_time_to_unix (dt) * G_USEC_PER_SEC;
}

void
plz_slots_local_date (GTimeZone *time_zone,
                      gint64     usec,
                      GDate     *date)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (usec / G_USEC_PER_SEC);
  g_autoptr(GDateTime) local = g_date_time_to_timezone (utc, time_zone);

  g_date_clear (date, 1);
  g_date_set_dmy (date, g_date_time_get_day_of_month (local), g_date_time_get_month (local),
                  g_date_time_get_year (local));
}

static gint
compare_minutes (gconstpointer a,
                 gconstpointer b)
{
  const Minutes *x = a, *y = b;

  return x->start < y->start ? -1 : x->start > y->start;
}

/* The open periods of @date in minutes, sorted and merged. */
static GArray *
day_minutes (const PlzSlotsInput *in,
             const GDate         *date)
{
  GArray *out = g_array_new (FALSE, FALSE, sizeof (Minutes));
  gboolean closed = FALSE;
  guint weekday = g_date_get_weekday (date);
  guint y = g_date_get_year (date), m = g_date_get_month (date), d = g_date_get_day (date);
  guint merged = 0;

  for (guint i = 0; i < in->n_exceptions; i++)
    {
      const PlzSlotException *e = &in->exceptions[i];

      if (e->year != y || e->month != m || e->day != d)
        continue;
      if (e->closed)
        closed = TRUE;
      else
        g_array_append_val (out, ((Minutes) { e->start_minute, e->end_minute }));
    }
  /* A closed day drops the weekly hours; extra hours that day still count. */
  if (!closed)
    for (guint i = 0; i < in->n_rules; i++)
      if (in->rules[i].weekday == weekday)
        g_array_append_val (out, ((Minutes) { in->rules[i].start_minute, in->rules[i].end_minute }));

  g_array_sort (out, compare_minutes);
  for (guint i = 0; i < out->len; i++)
    {
      Minutes *cur = &g_array_index (out, Minutes, i);

      if (merged > 0 && cur->start <= g_array_index (out, Minutes, merged - 1).end)
        {
          Minutes *last = &g_array_index (out, Minutes, merged - 1);

          last->end = MAX (last->end, cur->end);
        }
      else
        g_array_index (out, Minutes, merged++) = *cur;
    }
  g_array_set_size (out, merged);
  return out;
}

guint
plz_slots_max_overlap (const PlzSlotBusy *busy,
                       guint              n_busy,
                       gint64             start,
                       gint64             end)
{
  guint lo = 0, hi = n_busy, best = 0;

  /* Busy is sorted by start: only those starting before @end can overlap. */
  while (lo < hi)
    {
      guint mid = (lo + hi) / 2;

      if (busy[mid].start < end)
        lo = mid + 1;
      else
        hi = mid;
    }
  /* The busiest moment is @start or the start of one of the overlapping. */
  for (guint i = 0; i < lo; i++)
    {
      gint64 point;
      guint count = 0;

      if (busy[i].end <= start)
        continue;
      point = MAX (busy[i].start, start);
      for (guint j = 0; j < lo; j++)
        if (busy[j].start <= point && busy[j].end > point)
          count++;
      best = MAX (best, count);
    }
  return best;
}

/* How many bookings of this service start on local day @date. */
static guint
day_count (const PlzSlotsInput *in,
           const GDate         *date)
{
  gint64 day_start = local_to_utc (in->time_zone, date, 0);
  gint64 day_end = local_to_utc (in->time_zone, date, 1440);
  gint64 before = in->buffer_before_minutes * MINUTE_US;
  guint count = 0;

  for (guint i = 0; i < in->n_busy && in->busy[i].start < day_end; i++)
    if (in->busy[i].same_service && in->busy[i].start + before >= day_start)
      count++;
  return count;
}

static void
for_each_day (const GDate *from,
              const GDate *to,
              void       (*func) (const GDate *day, gpointer data),
              gpointer     data)
{
  GDate day = *from;

  while (g_date_compare (&day, to) <= 0)
    {
      func (&day, data);
      g_date_add_days (&day, 1);
    }
}

typedef struct
{
  const PlzSlotsInput *in;
  GArray              *out;
} Walk;

static void
add_periods_cb (const GDate *day,
                gpointer     data)
{
  Walk *w = data;
  g_autoptr(GArray) minutes = day_minutes (w->in, day);

  for (guint i = 0; i < minutes->len; i++)
    {
      const Minutes *m = &g_array_index (minutes, Minutes, i);
      PlzSlotPeriod p = { local_to_utc (w->in->time_zone, day, m->start),
                          local_to_utc (w->in->time_zone, day, m->end) };

      if (p.start >= 0 && p.end > p.start)
        g_array_append_val (w->out, p);
    }
}

GArray *
plz_slots_open_periods (const PlzSlotsInput *input,
                        const GDate         *from,
                        const GDate         *to)
{
  Walk w = { input, g_array_new (FALSE, FALSE, sizeof (PlzSlotPeriod)) };

  g_return_val_if_fail (input != NULL && input->time_zone != NULL, NULL);
  for_each_day (from, to, add_periods_cb, &w);
  return w.out;
}

static guint
round_up (guint minutes)
{
  return (minutes + PLZ_SLOT_GRID_MINUTES - 1) / PLZ_SLOT_GRID_MINUTES * PLZ_SLOT_GRID_MINUTES;
}

static void
add_slots_cb (const GDate *day,
              gpointer     data)
{
  Walk *w = data;
  const PlzSlotsInput *in = w->in;
  g_autoptr(GArray) minutes = NULL;
  gint64 before = in->buffer_before_minutes * MINUTE_US;
  gint64 after = in->buffer_after_minutes * MINUTE_US;
  gint64 duration = in->duration_minutes * MINUTE_US;
  gint64 earliest = in->now + in->min_notice_us;
  gint64 latest = in->now + in->horizon_us;
  guint step = MAX (round_up (in->duration_minutes + in->buffer_before_minutes + in->buffer_after_minutes),
                    PLZ_SLOT_GRID_MINUTES);

  if (local_to_utc (in->time_zone, day, 1440) <= earliest ||
      local_to_utc (in->time_zone, day, 0) > latest)
    return;
  if (in->max_per_day > 0 && day_count (in, day) >= in->max_per_day)
    return;
  minutes = day_minutes (in, day);
  for (guint i = 0; i < minutes->len; i++)
    {
      const Minutes *m = &g_array_index (minutes, Minutes, i);
      gint64 period_start = local_to_utc (in->time_zone, day, m->start);
      gint64 period_end = local_to_utc (in->time_zone, day, m->end);
      gint64 first = local_to_utc (in->time_zone, day, round_up (m->start + in->buffer_before_minutes));

      /* Steps in real time from the first start on the local grid: a
       * spring-forward day has an hour less to fill, a fall-back day an
       * hour more (whole-hour and half-hour offsets keep the grid). */

      for (gint64 start = first; start >= 0; start += step * MINUTE_US)
        {
          guint taken;

          if (start + duration + after > period_end)
            break;
          if (start - before < period_start || start < earliest)
            continue;
          if (start > latest)
            return;
          taken = plz_slots_max_overlap (in->busy, in->n_busy, start - before, start + duration + after);
          if (taken < in->capacity)
            g_array_append_val (w->out, ((PlzSlot) { start, start + duration, in->capacity - taken }));
        }
    }
}

GArray *
plz_slots_compute (const PlzSlotsInput *input,
                   const GDate         *from,
                   const GDate         *to)
{
  Walk w = { input, g_array_new (FALSE, FALSE, sizeof (PlzSlot)) };

  g_return_val_if_fail (input != NULL && input->time_zone != NULL, NULL);
  for_each_day (from, to, add_slots_cb, &w);
  return w.out;
}

PlzSlotVerdict
plz_slots_check (const PlzSlotsInput *input,
                 gint64               start)
{
  gint64 before = input->buffer_before_minutes * MINUTE_US;
  gint64 end = start + input->duration_minutes * MINUTE_US + input->buffer_after_minutes * MINUTE_US;
  g_autoptr(GArray) periods = NULL;
  gboolean fits = FALSE;
  GDate day;

  if (start < input->now + input->min_notice_us)
    return PLZ_SLOT_TOO_SOON;
  if (start > input->now + input->horizon_us)
    return PLZ_SLOT_TOO_FAR;
  plz_slots_local_date (input->time_zone, start, &day);
  periods = plz_slots_open_periods (input, &day, &day);
  for (guint i = 0; i < periods->len && !fits; i++)
    {
      const PlzSlotPeriod *p = &g_array_index (periods, PlzSlotPeriod, i);

      fits = p->start <= start - before && end <= p->end;
    }
  if (!fits)
    return PLZ_SLOT_OUTSIDE_HOURS;
  if (input->max_per_day > 0 && day_count (input, &day) >= input->max_per_day)
    return PLZ_SLOT_DAILY_LIMIT;
  if (plz_slots_max_overlap (input->busy, input->n_busy, start - before, end) >= input->capacity)
    return PLZ_SLOT_UNAVAILABLE;
  return PLZ_SLOT_OK;
}
