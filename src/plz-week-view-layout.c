/* plz-week-view-layout.c — where things go in the week view: wall-clock
 * hours on a shown day, the blocks of bookings in lanes up to capacity, and
 * the open hours that still have a free seat */

#include "config.h"

#include "plz-booking-info.h"
#include "plz-week-view-private.h"

/* The part of a day column left for free seats when a cluster of bookings is
 * below capacity; its bookings share the rest, wide enough to read. */
#define FREE_SEAT_SHARE 0.25

/* ---- time ---------------------------------------------------------------------------- */

gint64
_plz_week_view_now_us (PlzWeekView *self)
{
  return self->now_override != 0 ? self->now_override : g_get_real_time ();
}

GDateTime *
_plz_week_view_local_time (PlzWeekView *self,
                           gint64       usec)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (usec / G_USEC_PER_SEC);

  return g_date_time_to_timezone (utc, self->zone);
}

/* Which shown day (0..6) @time falls on, or -1; and its wall-clock hours. */
int
_plz_week_view_day_of (PlzWeekView *self,
                       GDateTime   *time,
                       double      *hours)
{
  GDate date;
  int day;

  g_date_clear (&date, 1);
  g_date_set_dmy (&date, g_date_time_get_day_of_month (time), g_date_time_get_month (time),
                  g_date_time_get_year (time));
  day = g_date_days_between (&self->monday, &date);
  if (hours != NULL)
    *hours = g_date_time_get_hour (time) + g_date_time_get_minute (time) / 60.0
             + g_date_time_get_second (time) / 3600.0;
  return day >= 0 && day < 7 ? day : -1;
}

/* Turns the UTC span @start..@end into one span on a shown day, cut at
 * midnight; wall-clock hours, so a day with a DST change still reads 0..24. */
static gboolean
place_span (PlzWeekView *self,
            gint64       start,
            gint64       end,
            Span        *span)
{
  g_autoptr(GDateTime) local_start = _plz_week_view_local_time (self, start);
  g_autoptr(GDateTime) local_end = _plz_week_view_local_time (self, end);
  double end_h;
  int end_day;

  span->day = _plz_week_view_day_of (self, local_start, &span->start_h);
  if (span->day < 0 || end <= start)
    return FALSE;
  end_day = _plz_week_view_day_of (self, local_end, &end_h);
  span->end_h = end_day == span->day ? end_h : 24.0;
  return span->end_h > span->start_h;
}

/* ---- layout ---------------------------------------------------------------------------- */

double
_plz_week_view_column_width (PlzWeekView *self)
{
  return MAX (0, gtk_widget_get_width (GTK_WIDGET (self)) - PLZ_WEEK_VIEW_GUTTER_WIDTH) / 7.0;
}

static double
scroll_offset (PlzWeekView *self)
{
  return self->vadjustment != NULL ? gtk_adjustment_get_value (self->vadjustment) : 0;
}

double
_plz_week_view_hour_y (PlzWeekView *self,
                       double       hours)
{
  return PLZ_WEEK_VIEW_HEADER_HEIGHT + hours * PLZ_WEEK_VIEW_HOUR_HEIGHT - scroll_offset (self);
}

void
_plz_week_view_block_area (PlzWeekView     *self,
                           const Block     *block,
                           graphene_rect_t *area)
{
  double width = _plz_week_view_column_width (self);
  double shared = block->used < block->lanes ? width * (1 - FREE_SEAT_SHARE) : width;
  double lane_width = shared / MAX (1, block->used);
  double y = _plz_week_view_hour_y (self, block->start_h);
  double height = (block->end_h - block->start_h) * PLZ_WEEK_VIEW_HOUR_HEIGHT;

  graphene_rect_init (area,
                      PLZ_WEEK_VIEW_GUTTER_WIDTH + block->day * width + block->lane * lane_width
                      + PLZ_WEEK_VIEW_BLOCK_INSET,
                      y + PLZ_WEEK_VIEW_BLOCK_INSET / 2.0,
                      MAX (1, lane_width - 2 * PLZ_WEEK_VIEW_BLOCK_INSET),
                      MAX (14, height - PLZ_WEEK_VIEW_BLOCK_INSET));
}

void
_plz_week_view_span_area (PlzWeekView     *self,
                          const Span      *span,
                          graphene_rect_t *area)
{
  double width = _plz_week_view_column_width (self);

  graphene_rect_init (area, PLZ_WEEK_VIEW_GUTTER_WIDTH + span->day * width, _plz_week_view_hour_y (self, span->start_h),
                      width, (span->end_h - span->start_h) * PLZ_WEEK_VIEW_HOUR_HEIGHT);
}

static int
compare_blocks (gconstpointer a,
                gconstpointer b)
{
  const Block *x = a, *y = b;

  if (x->day != y->day)
    return x->day - y->day;
  if (x->start_h != y->start_h)
    return x->start_h < y->start_h ? -1 : 1;
  return x->end_h < y->end_h ? -1 : x->end_h > y->end_h;
}

/* Gives overlapping blocks lanes: a cluster of overlapping blocks has
 * max (capacity, lanes it needs) lanes; below capacity its bookings share
 * most of the column and a strip of it shows the free seat (block_area). */
static void
assign_lanes (PlzWeekView *self)
{
  guint cluster_start = 0;
  double cluster_end = -1;
  int cluster_day = -1;
  double lane_end[64];
  int used = 0;

  for (guint i = 0; i <= self->blocks->len; i++)
    {
      Block *block = i < self->blocks->len ? &g_array_index (self->blocks, Block, i) : NULL;
      int lane;

      if (block == NULL || block->day != cluster_day || block->start_h >= cluster_end)
        {
          for (guint j = cluster_start; j < i; j++)
            {
              g_array_index (self->blocks, Block, j).lanes = MAX (used, self->capacity);
              g_array_index (self->blocks, Block, j).used = used;
            }
          if (block == NULL)
            break;
          cluster_start = i;
          cluster_day = block->day;
          cluster_end = block->end_h;
          used = 0;
        }
      for (lane = 0; lane < used && lane_end[lane] > block->start_h; lane++)
        ;
      if (lane == used && used < (int) G_N_ELEMENTS (lane_end))
        used++;
      lane = MIN (lane, (int) G_N_ELEMENTS (lane_end) - 1);
      lane_end[lane] = block->end_h;
      block->lane = lane;
      cluster_end = MAX (cluster_end, block->end_h);
    }
}

/* How many blocks of @day cover the moment @hours. */
static int
count_at (PlzWeekView *self,
          int          day,
          double       hours)
{
  int n = 0;

  for (guint i = 0; i < self->blocks->len; i++)
    {
      Block *block = &g_array_index (self->blocks, Block, i);

      n += block->day == day && block->start_h <= hours && hours < block->end_h;
    }
  return n;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

/* Cuts @open into the parts where a seat is still free. */
static void
add_free_areas (PlzWeekView *self,
                const Span  *open)
{
  g_autoptr(GArray) points = g_array_new (FALSE, FALSE, sizeof (double));

  g_array_append_val (points, open->start_h);
  g_array_append_val (points, open->end_h);
  for (guint i = 0; i < self->blocks->len; i++)
    {
      Block *block = &g_array_index (self->blocks, Block, i);

      if (block->day != open->day)
        continue;
      if (block->start_h > open->start_h && block->start_h < open->end_h)
        g_array_append_val (points, block->start_h);
      if (block->end_h > open->start_h && block->end_h < open->end_h)
        g_array_append_val (points, block->end_h);
    }
  g_array_sort (points, compare_doubles);

  for (guint i = 0; i + 1 < points->len; i++)
    {
      double from = g_array_index (points, double, i), to = g_array_index (points, double, i + 1);
      Span *last = self->free_areas->len > 0
                   ? &g_array_index (self->free_areas, Span, self->free_areas->len - 1) : NULL;

      if (to <= from || count_at (self, open->day, (from + to) / 2) >= self->capacity)
        continue;
      if (last != NULL && last->day == open->day && last->end_h == from)
        last->end_h = to;
      else
        g_array_append_vals (self->free_areas, &(Span) { open->day, from, to }, 1);
    }
}

void
_plz_week_view_rebuild (PlzWeekView *self)
{
  JsonArray *bookings = plz_booking_get_array (self->schedule, "bookings");
  JsonArray *open = plz_booking_get_array (self->schedule, "open");
  int first_hour = 24;

  _plz_week_view_clear_blocks (self);
  for (guint i = 0; bookings != NULL && i < json_array_get_length (bookings); i++)
    {
      JsonNode *node = json_array_get_element (bookings, i);
      JsonObject *booking = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      gint64 start, end;
      Span span;
      Block block = { 0 };

      if (booking == NULL || !plz_booking_get_time (booking, "start", &start)
          || !plz_booking_get_time (booking, "end", &end) || !place_span (self, start, end, &span))
        continue;
      block.booking = booking;
      block.status = plz_booking_get_string (booking, "status");
      block.day = span.day;
      block.start_h = span.start_h;
      block.end_h = span.end_h;
      g_array_append_val (self->blocks, block);
    }
  g_array_sort (self->blocks, compare_blocks);
  assign_lanes (self);

  for (guint i = 0; open != NULL && i < json_array_get_length (open); i++)
    {
      JsonNode *node = json_array_get_element (open, i);
      JsonObject *period = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      gint64 start, end;
      Span span;

      if (period == NULL || !plz_booking_get_time (period, "start", &start)
          || !plz_booking_get_time (period, "end", &end) || !place_span (self, start, end, &span))
        continue;
      first_hour = MIN (first_hour, (int) span.start_h);
      add_free_areas (self, &span);
    }
  self->first_hour = first_hour < 24 ? first_hour : 8;

  _plz_week_view_add_buttons (self);
  gtk_widget_queue_allocate (GTK_WIDGET (self));
}
