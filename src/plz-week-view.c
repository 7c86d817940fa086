/* plz-week-view.c — an operator's week, drawn in snapshot: free open hours
 * shaded, bookings as rounded blocks by status, side by side up to capacity.
 * Each block also has a flat button on top of it so that keyboard and screen
 * reader users reach and activate it (GTK 4.8 has no custom accessibles). */

#include "config.h"

#include <glib/gi18n.h>

#include "plz-booking-info.h"
#include "plz-week-view.h"

typedef struct
{
  JsonObject *booking;
  const char *status;      /* inside booking */
  int         day;         /* 0 = Monday */
  double      start_h;     /* local wall-clock hours on that day */
  double      end_h;
  int         lane;
  int         lanes;       /* of its cluster: the lanes it needs, at least capacity */
  int         used;        /* of those, how many hold bookings */
  GtkWidget  *button;
} Block;

/* The part of a day column left for free seats when a cluster of bookings is
 * below capacity; its bookings share the rest, wide enough to read. */
#define FREE_SEAT_SHARE 0.25

typedef struct
{
  int    day;
  double start_h;
  double end_h;
} Span;

struct _PlzWeekView
{
  GtkWidget      parent_instance;

  GtkAdjustment *hadjustment;
  GtkAdjustment *vadjustment;
  guint          hscroll_policy : 1;
  guint          vscroll_policy : 1;
  gboolean       scroll_pending;  /* to the first open hour at the next allocation */

  GTimeZone     *zone;
  char          *zone_name;
  GDate          monday;
  int            capacity;
  JsonObject    *schedule;
  GArray        *blocks;          /* Block, by day then start */
  GArray        *free_areas;      /* Span */
  int            first_hour;
  gint64         now_override;
  guint          tick_id;
};

enum {
  PROP_0,
  PROP_HADJUSTMENT,
  PROP_VADJUSTMENT,
  PROP_HSCROLL_POLICY,
  PROP_VSCROLL_POLICY,
  N_PROPS
};

enum {
  BOOKING_ACTIVATED,
  WEEK_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE_WITH_CODE (PlzWeekView, plz_week_view, GTK_TYPE_WIDGET,
                               G_IMPLEMENT_INTERFACE (GTK_TYPE_SCROLLABLE, NULL))

/* ---- time ---------------------------------------------------------------------------- */

static gint64
now_us (PlzWeekView *self)
{
  return self->now_override != 0 ? self->now_override : g_get_real_time ();
}

static GDateTime *
local_time (PlzWeekView *self,
            gint64       usec)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (usec / G_USEC_PER_SEC);

  return g_date_time_to_timezone (utc, self->zone);
}

/* Which shown day (0..6) @time falls on, or -1; and its wall-clock hours. */
static int
day_of (PlzWeekView *self,
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
  g_autoptr(GDateTime) local_start = local_time (self, start);
  g_autoptr(GDateTime) local_end = local_time (self, end);
  double end_h;
  int end_day;

  span->day = day_of (self, local_start, &span->start_h);
  if (span->day < 0 || end <= start)
    return FALSE;
  end_day = day_of (self, local_end, &end_h);
  span->end_h = end_day == span->day ? end_h : 24.0;
  return span->end_h > span->start_h;
}

/* ---- layout ---------------------------------------------------------------------------- */

static double
column_width (PlzWeekView *self)
{
  return MAX (0, gtk_widget_get_width (GTK_WIDGET (self)) - PLZ_WEEK_VIEW_GUTTER_WIDTH) / 7.0;
}

static double
scroll_offset (PlzWeekView *self)
{
  return self->vadjustment != NULL ? gtk_adjustment_get_value (self->vadjustment) : 0;
}

static double
hour_y (PlzWeekView *self,
        double       hours)
{
  return PLZ_WEEK_VIEW_HEADER_HEIGHT + hours * PLZ_WEEK_VIEW_HOUR_HEIGHT - scroll_offset (self);
}

static void
block_area (PlzWeekView     *self,
            const Block     *block,
            graphene_rect_t *area)
{
  double width = column_width (self);
  double shared = block->used < block->lanes ? width * (1 - FREE_SEAT_SHARE) : width;
  double lane_width = shared / MAX (1, block->used);
  double y = hour_y (self, block->start_h);
  double height = (block->end_h - block->start_h) * PLZ_WEEK_VIEW_HOUR_HEIGHT;

  graphene_rect_init (area,
                      PLZ_WEEK_VIEW_GUTTER_WIDTH + block->day * width + block->lane * lane_width
                      + PLZ_WEEK_VIEW_BLOCK_INSET,
                      y + PLZ_WEEK_VIEW_BLOCK_INSET / 2.0,
                      MAX (1, lane_width - 2 * PLZ_WEEK_VIEW_BLOCK_INSET),
                      MAX (14, height - PLZ_WEEK_VIEW_BLOCK_INSET));
}

static void
span_area (PlzWeekView     *self,
           const Span      *span,
           graphene_rect_t *area)
{
  double width = column_width (self);

  graphene_rect_init (area, PLZ_WEEK_VIEW_GUTTER_WIDTH + span->day * width, hour_y (self, span->start_h),
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

/* ---- blocks for people ------------------------------------------------------------------- */

static char *
describe_block (PlzWeekView *self,
                Block       *block)
{
  g_autofree char *when = NULL;
  gint64 start, end;
  const char *service = plz_booking_get_nested (block->booking, "service", "name");
  const char *customer = plz_booking_get_nested (block->booking, "consumer", "display_name");

  if (service != NULL && *service == '\0')
    service = NULL;
  if (customer != NULL && *customer == '\0')
    customer = NULL;
  if (plz_booking_get_time (block->booking, "start", &start) && plz_booking_get_time (block->booking, "end", &end))
    when = plz_booking_format_span (start, end, self->zone);
  /* TRANSLATORS: a booking in the week view: service, customer, time, status */
  return g_strdup_printf (_("%s for %s, %s, %s"), service != NULL ? service : _("Booking"),
                          customer != NULL ? customer : _("a customer"), when != NULL ? when : "",
                          plz_booking_status_label (block->status));
}

static void
block_clicked_cb (GtkButton   *button,
                  PlzWeekView *self)
{
  JsonObject *booking = g_object_get_data (G_OBJECT (button), "booking");

  g_signal_emit (self, signals[BOOKING_ACTIVATED], 0, booking);
}

static void
clear_blocks (PlzWeekView *self)
{
  for (guint i = 0; i < self->blocks->len; i++)
    g_clear_pointer (&g_array_index (self->blocks, Block, i).button, gtk_widget_unparent);
  g_array_set_size (self->blocks, 0);
  g_array_set_size (self->free_areas, 0);
}

static void
rebuild (PlzWeekView *self)
{
  JsonArray *bookings = plz_booking_get_array (self->schedule, "bookings");
  JsonArray *open = plz_booking_get_array (self->schedule, "open");
  int first_hour = 24;

  clear_blocks (self);
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

  for (guint i = 0; i < self->blocks->len; i++)
    {
      Block *block = &g_array_index (self->blocks, Block, i);
      g_autofree char *description = describe_block (self, block);

      block->button = gtk_button_new ();
      gtk_widget_add_css_class (block->button, "week-block");
      gtk_widget_set_tooltip_text (block->button, description);
      gtk_accessible_update_property (GTK_ACCESSIBLE (block->button),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, description, -1);
      g_object_set_data (G_OBJECT (block->button), "booking", block->booking);
      g_signal_connect_object (block->button, "clicked", G_CALLBACK (block_clicked_cb), self, 0);
      gtk_widget_set_parent (block->button, GTK_WIDGET (self));
    }
  gtk_widget_queue_allocate (GTK_WIDGET (self));
}

/* ---- scrolling --------------------------------------------------------------------------- */

static void
adjustment_changed_cb (PlzWeekView *self)
{
  gtk_widget_queue_allocate (GTK_WIDGET (self));
}

static void
set_adjustment (PlzWeekView    *self,
                GtkAdjustment **slot,
                GtkAdjustment  *adjustment)
{
  if (adjustment == NULL)
    adjustment = gtk_adjustment_new (0, 0, 0, 0, 0, 0);
  if (*slot == adjustment)
    return;
  if (*slot != NULL)
    g_signal_handlers_disconnect_by_func (*slot, adjustment_changed_cb, self);
  g_object_ref_sink (adjustment);
  g_clear_object (slot);
  *slot = adjustment;
  g_signal_connect_swapped (adjustment, "value-changed", G_CALLBACK (adjustment_changed_cb), self);
}

static void
scroll_to_block (PlzWeekView *self,
                 Block       *block)
{
  double body = gtk_widget_get_height (GTK_WIDGET (self)) - PLZ_WEEK_VIEW_HEADER_HEIGHT;
  double top = block->start_h * PLZ_WEEK_VIEW_HOUR_HEIGHT;
  double bottom = block->end_h * PLZ_WEEK_VIEW_HOUR_HEIGHT;
  double value = gtk_adjustment_get_value (self->vadjustment);

  if (top < value)
    gtk_adjustment_set_value (self->vadjustment, top);
  else if (bottom > value + body)
    gtk_adjustment_set_value (self->vadjustment, MIN (top, bottom - body));
}

/* Up/Left and Down/Right move between blocks in time order. */
static void
move_block (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  PlzWeekView *self = PLZ_WEEK_VIEW (widget);
  int step = g_str_equal (action_name, "week.next-block") ? 1 : -1;
  int current = -1, next;

  for (guint i = 0; i < self->blocks->len; i++)
    if (gtk_widget_is_focus (g_array_index (self->blocks, Block, i).button))
      current = i;
  if (self->blocks->len == 0)
    return;
  next = current < 0 ? 0 : CLAMP (current + step, 0, (int) self->blocks->len - 1);
  scroll_to_block (self, &g_array_index (self->blocks, Block, next));
  gtk_widget_grab_focus (g_array_index (self->blocks, Block, next).button);
}

/* ---- drawing ------------------------------------------------------------------------------ */

static void
lookup_color (GtkWidget  *widget,
              const char *name,
              const char *fallback,
              GdkRGBA    *color)
{
  GtkStyleContext *context = gtk_widget_get_style_context (widget);

  if (!gtk_style_context_lookup_color (context, name, color))
    gdk_rgba_parse (color, fallback);
}

/* The fill of a block and the colour of its text, by status. */
static void
status_colors (GtkWidget  *widget,
               const char *status,
               GdkRGBA    *fill,
               GdkRGBA    *text)
{
  gboolean dark_text = FALSE;

  if (g_strcmp0 (status, "requested") == 0)
    {
      lookup_color (widget, "orange_3", "#ff7800", fill);
      dark_text = TRUE;
    }
  else if (g_strcmp0 (status, "confirmed") == 0)
    lookup_color (widget, "blue_4", "#1c71d8", fill);
  else if (g_strcmp0 (status, "preparation") == 0)
    lookup_color (widget, "purple_3", "#9141ac", fill);
  else if (g_strcmp0 (status, "active") == 0)
    lookup_color (widget, "green_5", "#26a269", fill);
  else
    {
      lookup_color (widget, "light_4", "#c0bfbc", fill);
      dark_text = TRUE;
    }
  if (dark_text)
    gtk_style_context_get_color (gtk_widget_get_style_context (widget), text);
  else
    gdk_rgba_parse (text, "#ffffff");
}

static void
draw_text (GtkWidget   *widget,
           GtkSnapshot *snapshot,
           const char  *markup,
           double       x,
           double       y,
           double       width,
           double       height,
           PangoAlignment alignment,
           const GdkRGBA *color)
{
  g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (widget, NULL);

  pango_layout_set_markup (layout, markup, -1);
  pango_layout_set_width (layout, MAX (1, (int) width) * PANGO_SCALE);
  pango_layout_set_height (layout, MAX (1, (int) height) * PANGO_SCALE);
  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
  pango_layout_set_alignment (layout, alignment);
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (x, y));
  gtk_snapshot_append_layout (snapshot, layout, color);
  gtk_snapshot_restore (snapshot);
}

/* Room around a block's text. */
#define BLOCK_PADDING_X 4
#define BLOCK_PADDING_Y 2
/* Enough of a service's name to recognise it ("Deep C…"). */
#define MIN_SERVICE_WIDTH 36

static PangoLayout *
line_layout (GtkWidget  *widget,
             const char *text,
             gboolean    bold)
{
  PangoLayout *layout = gtk_widget_create_pango_layout (widget, NULL);
  g_autofree char *markup = g_markup_printf_escaped (bold ? "<b><small>%s</small></b>" : "<small>%s</small>", text);

  pango_layout_set_markup (layout, markup, -1);
  return layout;
}

static int
line_width (GtkWidget  *widget,
            const char *text,
            gboolean    bold,
            int        *height)
{
  g_autoptr(PangoLayout) layout = line_layout (widget, text, bold);
  int width;

  pango_layout_get_pixel_size (layout, &width, height);
  return width;
}

/* The first of @candidates (NULLs skipped) that fits @width, or else the
 * last, which the drawing cuts with an ellipsis. */
static char *
first_fitting (GtkWidget          *widget,
               const char * const *candidates,
               guint               n,
               gboolean            bold,
               double              width)
{
  const char *last = NULL;

  for (guint i = 0; i < n; i++)
    {
      if (candidates[i] == NULL || *candidates[i] == '\0')
        continue;
      last = candidates[i];
      if (line_width (widget, last, bold, NULL) <= width)
        return g_strdup (last);
    }
  return g_strdup (last != NULL ? last : "");
}

static gboolean
fits_any (GtkWidget          *widget,
          const char * const *candidates,
          guint               n,
          gboolean            bold,
          double              width)
{
  for (guint i = 0; i < n; i++)
    if (candidates[i] != NULL && line_width (widget, candidates[i], bold, NULL) <= width)
      return TRUE;
  return FALSE;
}

/* What a block of @width × @height says, a line each, the first in bold: who
 * it is for, then the service, then the time when there is room (the grid
 * already places it in time). Each line takes the longest form that fits
 * (the full name, else the first name); a block with room for one line says
 * "customer · service". The second line may wrap over @service_lines lines
 * (a long service name in a tall block). The whole description is in the tooltip. */
static GPtrArray *
block_lines (PlzWeekView *self,
             const Block *block,
             double       width,
             double       height,
             int         *service_lines)
{
  GtkWidget *widget = GTK_WIDGET (self);
  GPtrArray *lines = g_ptr_array_new_with_free_func (g_free);
  const char *service = plz_booking_get_nested (block->booking, "service", "name");
  const char *customer = plz_booking_get_nested (block->booking, "consumer", "display_name");
  g_autofree char *first_name = NULL, *both = NULL, *first_and_service = NULL, *times = NULL, *from = NULL;
  double text_width = width - 2 * BLOCK_PADDING_X;
  gint64 start_us, end_us;
  int line_height = 1, n_lines;

  if (service_lines != NULL)
    *service_lines = 1;
  if (service == NULL || *service == '\0')
    service = _("Booking");
  if (customer != NULL && *customer == '\0')
    customer = NULL;
  if (customer != NULL)
    {
      const char *space = strchr (customer, ' ');

      first_name = space != NULL ? g_strndup (customer, space - customer) : NULL;
      /* TRANSLATORS: a short booking's one line in the week view: customer · service */
      both = g_strdup_printf (_("%s · %s"), customer, service);
      if (first_name != NULL)
        first_and_service = g_strdup_printf (_("%s · %s"), first_name, service);
    }
  if (plz_booking_get_time (block->booking, "start", &start_us) && plz_booking_get_time (block->booking, "end", &end_us))
    {
      g_autoptr(GDateTime) start = local_time (self, start_us);
      g_autoptr(GDateTime) end = local_time (self, end_us);
      g_autofree char *to = g_date_time_format (end, "%H:%M");

      from = g_date_time_format (start, "%H:%M");
      times = g_strdup_printf ("%s–%s", from, to);
    }

  line_width (widget, "Ag", FALSE, &line_height);
  n_lines = MAX (1, (int) ((height - BLOCK_PADDING_Y) / MAX (1, line_height)));
  if (customer == NULL)
    {
      const char *one[] = { service };
      const char *time_forms[] = { times, from };

      g_ptr_array_add (lines, first_fitting (widget, one, 1, TRUE, text_width));
      if (n_lines >= 2 && times != NULL)
        g_ptr_array_add (lines, first_fitting (widget, time_forms, 2, FALSE, text_width));
      return lines;
    }
  if (n_lines == 1)
    {
      const char *whole[] = { both, first_and_service };
      const char *names[] = { customer, first_name };
      const char *name = first_name != NULL ? first_name : customer;
      g_autofree char *prefix = g_strdup_printf (_("%s · %s"), name, "");

      if (fits_any (widget, whole, G_N_ELEMENTS (whole), TRUE, text_width)
          || line_width (widget, prefix, TRUE, NULL) + MIN_SERVICE_WIDTH <= text_width)
        {
          /* The service, cut short if need be, says more than a surname. */
          g_ptr_array_add (lines, first_fitting (widget, whole, G_N_ELEMENTS (whole), TRUE, text_width));
          return lines;
        }
      g_ptr_array_add (lines, first_fitting (widget, names, G_N_ELEMENTS (names), TRUE, text_width));
      return lines;
    }
  {
    const char *names[] = { customer, first_name };
    const char *services[] = { service };
    const char *time_forms[] = { times, from };

    g_ptr_array_add (lines, first_fitting (widget, names, G_N_ELEMENTS (names), TRUE, text_width));
    g_ptr_array_add (lines, first_fitting (widget, services, 1, FALSE, text_width));
    /* A tall block lets a long service name run over the lines it has spare. */
    if (service_lines != NULL)
      *service_lines = MAX (1, n_lines - 1 - (times != NULL));
    if (n_lines >= 3 && times != NULL)
      g_ptr_array_add (lines, first_fitting (widget, time_forms, G_N_ELEMENTS (time_forms), FALSE, text_width));
  }
  return lines;
}

static void
draw_block (PlzWeekView *self,
            GtkSnapshot *snapshot,
            Block       *block)
{
  GtkWidget *widget = GTK_WIDGET (self);
  graphene_rect_t area;
  GskRoundedRect outline;
  GdkRGBA fill, text;

  block_area (self, block, &area);
  gsk_rounded_rect_init_from_rect (&outline, &area, 6);
  status_colors (widget, block->status, &fill, &text);

  gtk_snapshot_push_rounded_clip (snapshot, &outline);
  if (g_strcmp0 (block->status, "requested") == 0)
    {
      /* Not yet accepted: a pale block with stripes, outlined. */
      GskColorStop stops[] = {
        { 0.0, { fill.red, fill.green, fill.blue, 0.18 } },
        { 0.5, { fill.red, fill.green, fill.blue, 0.18 } },
        { 0.5, { fill.red, fill.green, fill.blue, 0.32 } },
        { 1.0, { fill.red, fill.green, fill.blue, 0.32 } },
      };
      float widths[4] = { 1.5, 1.5, 1.5, 1.5 };
      GdkRGBA colors[4] = { fill, fill, fill, fill };

      gtk_snapshot_append_repeating_linear_gradient (snapshot, &area,
                                                     &GRAPHENE_POINT_INIT (area.origin.x, area.origin.y),
                                                     &GRAPHENE_POINT_INIT (area.origin.x + 8, area.origin.y + 8),
                                                     stops, G_N_ELEMENTS (stops));
      gtk_snapshot_append_border (snapshot, &outline, widths, colors);
    }
  else if (plz_booking_status_is_final (block->status) && g_strcmp0 (block->status, "completed") != 0)
    {
      float widths[4] = { 1, 1, 1, 1 };
      GdkRGBA colors[4] = { fill, fill, fill, fill };

      gtk_snapshot_append_border (snapshot, &outline, widths, colors);
    }
  else
    gtk_snapshot_append_color (snapshot, &fill, &area);

  {
    int service_lines;
    g_autoptr(GPtrArray) lines = block_lines (self, block, area.size.width, area.size.height, &service_lines);
    double y = area.origin.y + BLOCK_PADDING_Y;

    for (guint i = 0; i < lines->len; i++)
      {
        g_autoptr(PangoLayout) layout = line_layout (widget, g_ptr_array_index (lines, i), i == 0);
        int line_height;

        pango_layout_set_width (layout, MAX (1, (int) area.size.width - 2 * BLOCK_PADDING_X) * PANGO_SCALE);
        pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
        if (i == 1 && service_lines > 1)
          {
            pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
            pango_layout_set_height (layout, -service_lines);
          }
        pango_layout_get_pixel_size (layout, NULL, &line_height);
        gtk_snapshot_save (snapshot);
        gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (area.origin.x + BLOCK_PADDING_X, y));
        gtk_snapshot_append_layout (snapshot, layout, &text);
        gtk_snapshot_restore (snapshot);
        y += line_height;
      }
  }
  gtk_snapshot_pop (snapshot);
}

static void
plz_week_view_snapshot (GtkWidget   *widget,
                        GtkSnapshot *snapshot)
{
  PlzWeekView *self = PLZ_WEEK_VIEW (widget);
  double width = gtk_widget_get_width (widget), height = gtk_widget_get_height (widget);
  double column = column_width (self);
  double body = height - PLZ_WEEK_VIEW_HEADER_HEIGHT;
  GdkRGBA fg, line, shade, accent, now_color, header_bg;
  g_autoptr(GDateTime) now = local_time (self, now_us (self));
  double now_h;
  int today = day_of (self, now, &now_h);

  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &fg);
  line = fg;
  line.alpha = 0.12;
  lookup_color (widget, "accent_color", "#1c71d8", &accent);
  shade = accent;
  shade.alpha = 0.10;
  lookup_color (widget, "red_3", "#e01b24", &now_color);
  lookup_color (widget, "view_bg_color", "#ffffff", &header_bg);

  /* The body: free open hours, hour lines, blocks, "now". */
  gtk_snapshot_push_clip (snapshot, &GRAPHENE_RECT_INIT (0, PLZ_WEEK_VIEW_HEADER_HEIGHT, width, MAX (0, body)));
  for (guint i = 0; i < self->free_areas->len; i++)
    {
      graphene_rect_t area;

      span_area (self, &g_array_index (self->free_areas, Span, i), &area);
      gtk_snapshot_append_color (snapshot, &shade, &area);
    }
  for (int hour = 0; hour <= 24; hour++)
    {
      double y = hour_y (self, hour);
      g_autofree char *label = g_strdup_printf ("%02d:00", hour);
      GdkRGBA dim = fg;

      if (y < PLZ_WEEK_VIEW_HEADER_HEIGHT - PLZ_WEEK_VIEW_HOUR_HEIGHT || y > height)
        continue;
      gtk_snapshot_append_color (snapshot, &line, &GRAPHENE_RECT_INIT (PLZ_WEEK_VIEW_GUTTER_WIDTH, y, width, 1));
      dim.alpha = 0.6;
      if (hour < 24)
        draw_text (widget, snapshot, label, 0, y - 8, PLZ_WEEK_VIEW_GUTTER_WIDTH - 8, 18,
                   PANGO_ALIGN_RIGHT, &dim);
    }
  for (int day = 0; day <= 7; day++)
    gtk_snapshot_append_color (snapshot, &line,
                               &GRAPHENE_RECT_INIT (PLZ_WEEK_VIEW_GUTTER_WIDTH + day * column,
                                                    PLZ_WEEK_VIEW_HEADER_HEIGHT, 1, body));
  for (guint i = 0; i < self->blocks->len; i++)
    draw_block (self, snapshot, &g_array_index (self->blocks, Block, i));
  if (today >= 0)
    {
      double y = hour_y (self, now_h);
      double x = PLZ_WEEK_VIEW_GUTTER_WIDTH + today * column;
      GskRoundedRect dot;

      gtk_snapshot_append_color (snapshot, &now_color, &GRAPHENE_RECT_INIT (x, y - 1, column, 2));
      gsk_rounded_rect_init_from_rect (&dot, &GRAPHENE_RECT_INIT (x - 4, y - 4, 8, 8), 4);
      gtk_snapshot_push_rounded_clip (snapshot, &dot);
      gtk_snapshot_append_color (snapshot, &now_color, &dot.bounds);
      gtk_snapshot_pop (snapshot);
    }
  for (guint i = 0; i < self->blocks->len; i++)
    gtk_widget_snapshot_child (widget, g_array_index (self->blocks, Block, i).button, snapshot);
  gtk_snapshot_pop (snapshot);

  /* The header: day names, today in the accent colour. */
  gtk_snapshot_append_color (snapshot, &header_bg, &GRAPHENE_RECT_INIT (0, 0, width, PLZ_WEEK_VIEW_HEADER_HEIGHT));
  gtk_snapshot_append_color (snapshot, &line, &GRAPHENE_RECT_INIT (0, PLZ_WEEK_VIEW_HEADER_HEIGHT - 1, width, 1));
  for (int day = 0; day < 7; day++)
    {
      GDate date = self->monday;
      char name[64], number[16];
      g_autofree char *markup = NULL;

      g_date_add_days (&date, day);
      g_date_strftime (name, sizeof name, "%a", &date);
      g_snprintf (number, sizeof number, "%d", g_date_get_day (&date));
      markup = g_markup_printf_escaped ("<small>%s</small>\n<b>%s</b>", name, number);
      draw_text (widget, snapshot, markup, PLZ_WEEK_VIEW_GUTTER_WIDTH + day * column, 4, column, 38,
                 PANGO_ALIGN_CENTER, day == today ? &accent : &fg);
    }
}

/* ---- size and children -------------------------------------------------------------------- */

static void
plz_week_view_measure (GtkWidget      *widget,
                       GtkOrientation  orientation,
                       int             for_size,
                       int            *minimum,
                       int            *natural,
                       int            *minimum_baseline,
                       int            *natural_baseline)
{
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = PLZ_WEEK_VIEW_GUTTER_WIDTH + 7 * 40;
      *natural = PLZ_WEEK_VIEW_GUTTER_WIDTH + 7 * 120;
    }
  else
    {
      *minimum = PLZ_WEEK_VIEW_HEADER_HEIGHT + 3 * PLZ_WEEK_VIEW_HOUR_HEIGHT;
      *natural = PLZ_WEEK_VIEW_HEADER_HEIGHT + 10 * PLZ_WEEK_VIEW_HOUR_HEIGHT;
    }
}

static void
plz_week_view_size_allocate (GtkWidget *widget,
                             int        width,
                             int        height,
                             int        baseline)
{
  PlzWeekView *self = PLZ_WEEK_VIEW (widget);
  double content = 24 * PLZ_WEEK_VIEW_HOUR_HEIGHT;
  double page = MAX (0, height - PLZ_WEEK_VIEW_HEADER_HEIGHT);
  double value = gtk_adjustment_get_value (self->vadjustment);

  if (self->scroll_pending)
    {
      value = MAX (0, self->first_hour - 0.5) * PLZ_WEEK_VIEW_HOUR_HEIGHT;
      self->scroll_pending = FALSE;
    }
  gtk_adjustment_configure (self->vadjustment, CLAMP (value, 0, MAX (0, content - page)), 0, content,
                            PLZ_WEEK_VIEW_HOUR_HEIGHT / 2.0, page * 0.9, page);
  gtk_adjustment_configure (self->hadjustment, 0, 0, width, 0, 0, width);

  for (guint i = 0; i < self->blocks->len; i++)
    {
      Block *block = &g_array_index (self->blocks, Block, i);
      graphene_rect_t area;
      int ignored;

      block_area (self, block, &area);
      gtk_widget_measure (block->button, GTK_ORIENTATION_HORIZONTAL, -1, &ignored, NULL, NULL, NULL);
      gtk_widget_size_allocate (block->button,
                                &(GtkAllocation) { (int) area.origin.x, (int) area.origin.y,
                                                   (int) area.size.width, (int) area.size.height }, -1);
    }
}

static gboolean
tick_cb (gpointer user_data)
{
  gtk_widget_queue_draw (GTK_WIDGET (user_data));
  return G_SOURCE_CONTINUE;
}

static void
plz_week_view_map (GtkWidget *widget)
{
  PlzWeekView *self = PLZ_WEEK_VIEW (widget);

  GTK_WIDGET_CLASS (plz_week_view_parent_class)->map (widget);
  /* The "now" line moves a pixel about every minute. */
  self->tick_id = g_timeout_add_seconds (60, tick_cb, self);
}

static void
plz_week_view_unmap (GtkWidget *widget)
{
  PlzWeekView *self = PLZ_WEEK_VIEW (widget);

  g_clear_handle_id (&self->tick_id, g_source_remove);
  GTK_WIDGET_CLASS (plz_week_view_parent_class)->unmap (widget);
}

/* ---- public -------------------------------------------------------------------------------- */

GtkWidget *
plz_week_view_new (void)
{
  return g_object_new (PLZ_TYPE_WEEK_VIEW, NULL);
}

static void
go_to_monday_of (PlzWeekView *self,
                 GDate       *date)
{
  self->monday = *date;
  g_date_subtract_days (&self->monday, g_date_get_weekday (date) - G_DATE_MONDAY);
}

gboolean
plz_week_view_set_week (PlzWeekView *self,
                        const char  *date,
                        const char  *time_zone)
{
  GDate parsed;
  int year, month, day;

  g_return_val_if_fail (PLZ_IS_WEEK_VIEW (self), FALSE);
  g_return_val_if_fail (date != NULL, FALSE);

  if (sscanf (date, "%4d-%2d-%2d", &year, &month, &day) != 3 || !g_date_valid_dmy (day, month, year))
    return FALSE;
  if (time_zone != NULL && g_strcmp0 (time_zone, self->zone_name) != 0)
    {
      GTimeZone *zone = g_time_zone_new_identifier (time_zone);

      if (zone == NULL)
        return FALSE;
      g_time_zone_unref (self->zone);
      self->zone = zone;
      g_free (self->zone_name);
      self->zone_name = g_strdup (time_zone);
    }
  g_date_clear (&parsed, 1);
  g_date_set_dmy (&parsed, day, month, year);
  go_to_monday_of (self, &parsed);
  rebuild (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  return TRUE;
}

void
plz_week_view_shift_week (PlzWeekView *self,
                          int          weeks)
{
  g_return_if_fail (PLZ_IS_WEEK_VIEW (self));

  if (weeks >= 0)
    g_date_add_days (&self->monday, 7 * weeks);
  else
    g_date_subtract_days (&self->monday, 7 * -weeks);
  /* The bookings shown belong to the old week until the page loads the new one. */
  g_clear_pointer (&self->schedule, json_object_unref);
  rebuild (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_signal_emit (self, signals[WEEK_CHANGED], 0);
}

void
plz_week_view_show_today (PlzWeekView *self)
{
  g_autoptr(GDateTime) now = NULL;
  GDate today;

  g_return_if_fail (PLZ_IS_WEEK_VIEW (self));

  now = local_time (self, now_us (self));
  g_date_clear (&today, 1);
  g_date_set_dmy (&today, g_date_time_get_day_of_month (now), g_date_time_get_month (now),
                  g_date_time_get_year (now));
  go_to_monday_of (self, &today);
  g_clear_pointer (&self->schedule, json_object_unref);
  rebuild (self);
  self->scroll_pending = TRUE;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_signal_emit (self, signals[WEEK_CHANGED], 0);
}

void
plz_week_view_get_range (PlzWeekView *self,
                         char       **from,
                         char       **to)
{
  GDate next;

  g_return_if_fail (PLZ_IS_WEEK_VIEW (self));

  next = self->monday;
  g_date_add_days (&next, 7);
  *from = g_strdup_printf ("%04d-%02d-%02d", g_date_get_year (&self->monday), g_date_get_month (&self->monday),
                           g_date_get_day (&self->monday));
  *to = g_strdup_printf ("%04d-%02d-%02d", g_date_get_year (&next), g_date_get_month (&next), g_date_get_day (&next));
}

char *
plz_week_view_get_title (PlzWeekView *self)
{
  GDate sunday;
  char first[64], last[64];

  g_return_val_if_fail (PLZ_IS_WEEK_VIEW (self), NULL);

  sunday = self->monday;
  g_date_add_days (&sunday, 6);
  g_date_strftime (last, sizeof last, "%e %B %Y", &sunday);
  if (g_date_get_month (&sunday) == g_date_get_month (&self->monday))
    g_date_strftime (first, sizeof first, "%e", &self->monday);
  else if (g_date_get_year (&sunday) == g_date_get_year (&self->monday))
    g_date_strftime (first, sizeof first, "%e %B", &self->monday);
  else
    g_date_strftime (first, sizeof first, "%e %B %Y", &self->monday);
  return g_strdup_printf ("%s – %s", g_strstrip (first), g_strstrip (last));
}

void
plz_week_view_set_schedule (PlzWeekView *self,
                            JsonObject  *schedule)
{
  const char *zone_name;
  JsonNode *capacity;

  g_return_if_fail (PLZ_IS_WEEK_VIEW (self));

  if (schedule != NULL)
    json_object_ref (schedule);
  g_clear_pointer (&self->schedule, json_object_unref);
  self->schedule = schedule;

  zone_name = plz_booking_get_string (schedule, "time_zone");
  if (zone_name != NULL && g_strcmp0 (zone_name, self->zone_name) != 0)
    {
      GTimeZone *zone = g_time_zone_new_identifier (zone_name);

      if (zone != NULL)
        {
          g_time_zone_unref (self->zone);
          self->zone = zone;
          g_free (self->zone_name);
          self->zone_name = g_strdup (zone_name);
        }
    }
  capacity = schedule != NULL ? json_object_get_member (schedule, "capacity") : NULL;
  self->capacity = capacity != NULL && JSON_NODE_HOLDS_VALUE (capacity)
                   ? CLAMP (json_node_get_int (capacity), 1, 32) : 1;
  rebuild (self);
  self->scroll_pending = TRUE;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
plz_week_view_set_now (PlzWeekView *self,
                       gint64       usec)
{
  g_return_if_fail (PLZ_IS_WEEK_VIEW (self));

  self->now_override = usec;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

guint
plz_week_view_get_n_blocks (PlzWeekView *self)
{
  g_return_val_if_fail (PLZ_IS_WEEK_VIEW (self), 0);
  return self->blocks->len;
}

gboolean
plz_week_view_get_block (PlzWeekView     *self,
                         guint            index,
                         graphene_rect_t *area,
                         JsonObject     **booking)
{
  Block *block;

  g_return_val_if_fail (PLZ_IS_WEEK_VIEW (self), FALSE);

  if (index >= self->blocks->len)
    return FALSE;
  block = &g_array_index (self->blocks, Block, index);
  if (area != NULL)
    block_area (self, block, area);
  if (booking != NULL)
    *booking = block->booking;
  return TRUE;
}

char *
plz_week_view_get_block_text (PlzWeekView *self,
                              guint        index)
{
  g_autoptr(GPtrArray) lines = NULL;
  graphene_rect_t area;
  Block *block;

  g_return_val_if_fail (PLZ_IS_WEEK_VIEW (self), NULL);

  if (index >= self->blocks->len)
    return NULL;
  block = &g_array_index (self->blocks, Block, index);
  block_area (self, block, &area);
  lines = block_lines (self, block, area.size.width, area.size.height, NULL);
  g_ptr_array_add (lines, NULL);
  return g_strjoinv ("\n", (char **) lines->pdata);
}

GtkWidget *
plz_week_view_get_block_widget (PlzWeekView *self,
                                guint        index)
{
  g_return_val_if_fail (PLZ_IS_WEEK_VIEW (self), NULL);
  return index < self->blocks->len ? g_array_index (self->blocks, Block, index).button : NULL;
}

guint
plz_week_view_get_n_free_areas (PlzWeekView *self)
{
  g_return_val_if_fail (PLZ_IS_WEEK_VIEW (self), 0);
  return self->free_areas->len;
}

gboolean
plz_week_view_get_free_area (PlzWeekView     *self,
                             guint            index,
                             graphene_rect_t *area)
{
  g_return_val_if_fail (PLZ_IS_WEEK_VIEW (self), FALSE);

  if (index >= self->free_areas->len)
    return FALSE;
  span_area (self, &g_array_index (self->free_areas, Span, index), area);
  return TRUE;
}

int
plz_week_view_get_first_hour (PlzWeekView *self)
{
  g_return_val_if_fail (PLZ_IS_WEEK_VIEW (self), 8);
  return self->first_hour;
}

/* ---- GObject -------------------------------------------------------------------------------- */

static void
plz_week_view_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  PlzWeekView *self = PLZ_WEEK_VIEW (object);

  switch (prop_id)
    {
    case PROP_HADJUSTMENT:
      g_value_set_object (value, self->hadjustment);
      break;
    case PROP_VADJUSTMENT:
      g_value_set_object (value, self->vadjustment);
      break;
    case PROP_HSCROLL_POLICY:
      g_value_set_enum (value, self->hscroll_policy);
      break;
    case PROP_VSCROLL_POLICY:
      g_value_set_enum (value, self->vscroll_policy);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
plz_week_view_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  PlzWeekView *self = PLZ_WEEK_VIEW (object);

  switch (prop_id)
    {
    case PROP_HADJUSTMENT:
      set_adjustment (self, &self->hadjustment, g_value_get_object (value));
      break;
    case PROP_VADJUSTMENT:
      set_adjustment (self, &self->vadjustment, g_value_get_object (value));
      gtk_widget_queue_allocate (GTK_WIDGET (self));
      break;
    case PROP_HSCROLL_POLICY:
      self->hscroll_policy = g_value_get_enum (value);
      break;
    case PROP_VSCROLL_POLICY:
      self->vscroll_policy = g_value_get_enum (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
plz_week_view_dispose (GObject *object)
{
  PlzWeekView *self = PLZ_WEEK_VIEW (object);

  clear_blocks (self);
  g_clear_handle_id (&self->tick_id, g_source_remove);
  if (self->vadjustment != NULL)
    g_signal_handlers_disconnect_by_func (self->vadjustment, adjustment_changed_cb, self);
  if (self->hadjustment != NULL)
    g_signal_handlers_disconnect_by_func (self->hadjustment, adjustment_changed_cb, self);
  g_clear_object (&self->hadjustment);
  g_clear_object (&self->vadjustment);
  g_clear_pointer (&self->schedule, json_object_unref);

  G_OBJECT_CLASS (plz_week_view_parent_class)->dispose (object);
}

static void
plz_week_view_finalize (GObject *object)
{
  PlzWeekView *self = PLZ_WEEK_VIEW (object);

  g_array_unref (self->blocks);
  g_array_unref (self->free_areas);
  g_time_zone_unref (self->zone);
  g_free (self->zone_name);

  G_OBJECT_CLASS (plz_week_view_parent_class)->finalize (object);
}

static void
plz_week_view_class_init (PlzWeekViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = plz_week_view_get_property;
  object_class->set_property = plz_week_view_set_property;
  object_class->dispose = plz_week_view_dispose;
  object_class->finalize = plz_week_view_finalize;
  widget_class->snapshot = plz_week_view_snapshot;
  widget_class->measure = plz_week_view_measure;
  widget_class->size_allocate = plz_week_view_size_allocate;
  widget_class->map = plz_week_view_map;
  widget_class->unmap = plz_week_view_unmap;

  g_object_class_override_property (object_class, PROP_HADJUSTMENT, "hadjustment");
  g_object_class_override_property (object_class, PROP_VADJUSTMENT, "vadjustment");
  g_object_class_override_property (object_class, PROP_HSCROLL_POLICY, "hscroll-policy");
  g_object_class_override_property (object_class, PROP_VSCROLL_POLICY, "vscroll-policy");

  /* A block was clicked or activated from the keyboard; the booking is borrowed. */
  signals[BOOKING_ACTIVATED] =
    g_signal_new ("booking-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, JSON_TYPE_OBJECT | G_SIGNAL_TYPE_STATIC_SCOPE);
  /* Another week is shown; its schedule needs loading. */
  signals[WEEK_CHANGED] =
    g_signal_new ("week-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  gtk_widget_class_install_action (widget_class, "week.next-block", NULL, move_block);
  gtk_widget_class_install_action (widget_class, "week.previous-block", NULL, move_block);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Down, 0, "week.next-block", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Right, 0, "week.next-block", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Up, 0, "week.previous-block", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, 0, "week.previous-block", NULL);

  gtk_widget_class_set_css_name (widget_class, "weekview");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
plz_week_view_init (PlzWeekView *self)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  GDate today;

  self->blocks = g_array_new (FALSE, TRUE, sizeof (Block));
  self->free_areas = g_array_new (FALSE, TRUE, sizeof (Span));
  self->zone = g_time_zone_new_utc ();
  self->zone_name = g_strdup ("UTC");
  self->capacity = 1;
  self->first_hour = 8;
  self->scroll_pending = TRUE;
  set_adjustment (self, &self->hadjustment, NULL);
  set_adjustment (self, &self->vadjustment, NULL);

  g_date_clear (&today, 1);
  g_date_set_dmy (&today, g_date_time_get_day_of_month (now), g_date_time_get_month (now),
                  g_date_time_get_year (now));
  go_to_monday_of (self, &today);

  gtk_widget_set_focusable (GTK_WIDGET (self), FALSE);
  gtk_widget_set_overflow (GTK_WIDGET (self), GTK_OVERFLOW_HIDDEN);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Week schedule"), -1);
}
