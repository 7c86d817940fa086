/* plz-week-view-private.h — the week view's insides, shared by
 * plz-week-view.c, -layout.c, -draw.c and -a11y.c */
#pragma once

#include "plz-week-view.h"

G_BEGIN_DECLS

/* A booking placed on a shown day. */
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

/* Some hours of a shown day. */
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

/* Layout (plz-week-view-layout.c) */

/* Now in µs since the epoch, or the pinned time of plz_week_view_set_now(). */
gint64     _plz_week_view_now_us       (PlzWeekView     *self);

/* @usec in the week's time zone. */
GDateTime *_plz_week_view_local_time   (PlzWeekView     *self,
                                        gint64           usec);

/* Which shown day (0..6) @time falls on, or -1; and its wall-clock @hours. */
int        _plz_week_view_day_of       (PlzWeekView     *self,
                                        GDateTime       *time,
                                        double          *hours);

/* The width of a day column, and the y of @hours at the current scroll. */
double     _plz_week_view_column_width (PlzWeekView     *self);
double     _plz_week_view_hour_y       (PlzWeekView     *self,
                                        double           hours);

/* Where @block, or the hours @span, are drawn (widget coordinates). */
void       _plz_week_view_block_area   (PlzWeekView     *self,
                                        const Block     *block,
                                        graphene_rect_t *area);
void       _plz_week_view_span_area    (PlzWeekView     *self,
                                        const Span      *span,
                                        graphene_rect_t *area);

/* Places the schedule's bookings and free hours anew, with their buttons. */
void       _plz_week_view_rebuild      (PlzWeekView     *self);

/* Drawing (plz-week-view-draw.c) */

/* GtkWidget::snapshot. */
void       _plz_week_view_snapshot     (GtkWidget       *widget,
                                        GtkSnapshot     *snapshot);

/* The text of @block at @width × @height, a line each (the first bold);
 * the second may wrap over *@service_lines lines (may be NULL). */
GPtrArray *_plz_week_view_block_lines  (PlzWeekView     *self,
                                        const Block     *block,
                                        double           width,
                                        double           height,
                                        int             *service_lines);

/* Keyboard and screen readers (plz-week-view-a11y.c) */

/* A named button over each block. */
void       _plz_week_view_add_buttons  (PlzWeekView     *self);

/* Drops the blocks, their buttons and the free areas. */
void       _plz_week_view_clear_blocks (PlzWeekView     *self);

/* The "week.next-block" and "week.previous-block" actions. */
void       _plz_week_view_move_block   (GtkWidget       *widget,
                                        const char      *action_name,
                                        GVariant        *parameter);

G_END_DECLS
