/* plz-week-view.h — an operator's week: seven day columns of hours, open hours
 * shaded, bookings as blocks side by side up to capacity, and a "now" line */
#pragma once

#include <gtk/gtk.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* The layout, in pixels: the day names on top, the hours on the left. */
#define PLZ_WEEK_VIEW_HEADER_HEIGHT 44
#define PLZ_WEEK_VIEW_GUTTER_WIDTH  56
#define PLZ_WEEK_VIEW_HOUR_HEIGHT   48
/* Space kept around a block inside its lane. */
#define PLZ_WEEK_VIEW_BLOCK_INSET   2

#define PLZ_TYPE_WEEK_VIEW (plz_week_view_get_type ())

G_DECLARE_FINAL_TYPE (PlzWeekView, plz_week_view, PLZ, WEEK_VIEW, GtkWidget)

/* An empty week view showing this week in UTC. */
GtkWidget  *plz_week_view_new              (void);

/* Shows the week starting on the Monday of @date ("2026-11-23") in @time_zone
 * (an IANA identifier; NULL keeps the current one). FALSE for a bad date. */
gboolean    plz_week_view_set_week         (PlzWeekView *self,
                                            const char  *date,
                                            const char  *time_zone);

/* Moves by @weeks weeks (negative: back); emits ::week-changed. */
void        plz_week_view_shift_week       (PlzWeekView *self,
                                            int          weeks);

/* Goes to the week holding today; emits ::week-changed. */
void        plz_week_view_show_today       (PlzWeekView *self);

/* The days shown, as GET /api/v1/me/schedule wants them: @from the Monday,
 * @to the next Monday ("2026-11-23", "2026-11-30"). */
void        plz_week_view_get_range        (PlzWeekView *self,
                                            char       **from,
                                            char       **to);

/* A title for the shown week ("23 – 29 November 2026"). */
char       *plz_week_view_get_title        (PlzWeekView *self);

/* Shows @schedule, the answer of GET /api/v1/me/schedule (time_zone,
 * capacity, open, bookings); NULL clears the week. */
void        plz_week_view_set_schedule     (PlzWeekView *self,
                                            JsonObject  *schedule);

/* Pins "now" at @usec (µs since the epoch) for tests and pictures; 0 follows the clock. */
void        plz_week_view_set_now          (PlzWeekView *self,
                                            gint64       usec);

/* How many blocks are drawn (a booking crossing midnight counts once, on its first day). */
guint       plz_week_view_get_n_blocks     (PlzWeekView *self);

/* Block @index (by day, then start) in widget coordinates at the current
 * scroll position, and its booking (borrowed). FALSE past the end. */
gboolean    plz_week_view_get_block        (PlzWeekView     *self,
                                            guint            index,
                                            graphene_rect_t *area,
                                            JsonObject     **booking);

/* The text drawn on block @index, one line each, at its current size. */
char       *plz_week_view_get_block_text   (PlzWeekView *self,
                                            guint        index);

/* The widget that stands for block @index to keyboard and assistive
 * technology (a button with the booking's description), or NULL. */
GtkWidget  *plz_week_view_get_block_widget (PlzWeekView *self,
                                            guint        index);

/* How many shaded areas the week has: open hours with a seat still free (a
 * period at capacity is left unshaded), and the area of one (widget coordinates). */
guint       plz_week_view_get_n_free_areas (PlzWeekView *self);
gboolean    plz_week_view_get_free_area    (PlzWeekView     *self,
                                            guint            index,
                                            graphene_rect_t *area);

/* The hour the view scrolls to first: the earliest open hour of the week
 * (8 when nothing is open). */
int         plz_week_view_get_first_hour   (PlzWeekView *self);

G_END_DECLS
