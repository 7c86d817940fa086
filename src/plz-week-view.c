/* plz-week-view.c — an operator's week, drawn in snapshot: free open hours
 * shaded, bookings as rounded blocks by status, side by side up to capacity.
 * Each block also has a flat button on top of it so that keyboard and screen
 * reader users reach and activate it (GTK 4.8 has no custom accessibles).
 *
 * This file holds the widget (scrolling, size, the public calls); where
 * things go is plz-week-view-layout.c, drawing plz-week-view-draw.c, and the
 * buttons and keys plz-week-view-a11y.c. */

#include "config.h"

#include <glib/gi18n.h>

#include "plz-booking-info.h"
#include "plz-week-view-private.h"


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

      _plz_week_view_block_area (self, block, &area);
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
  _plz_week_view_rebuild (self);
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
  _plz_week_view_rebuild (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_signal_emit (self, signals[WEEK_CHANGED], 0);
}

void
plz_week_view_show_today (PlzWeekView *self)
{
  g_autoptr(GDateTime) now = NULL;
  GDate today;

  g_return_if_fail (PLZ_IS_WEEK_VIEW (self));

  now = _plz_week_view_local_time (self, _plz_week_view_now_us (self));
  g_date_clear (&today, 1);
  g_date_set_dmy (&today, g_date_time_get_day_of_month (now), g_date_time_get_month (now),
                  g_date_time_get_year (now));
  go_to_monday_of (self, &today);
  g_clear_pointer (&self->schedule, json_object_unref);
  _plz_week_view_rebuild (self);
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
  _plz_week_view_rebuild (self);
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
    _plz_week_view_block_area (self, block, area);
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
  _plz_week_view_block_area (self, block, &area);
  lines = _plz_week_view_block_lines (self, block, area.size.width, area.size.height, NULL);
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
  _plz_week_view_span_area (self, &g_array_index (self->free_areas, Span, index), area);
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

  _plz_week_view_clear_blocks (self);
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
  widget_class->snapshot = _plz_week_view_snapshot;
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

  gtk_widget_class_install_action (widget_class, "week.next-block", NULL, _plz_week_view_move_block);
  gtk_widget_class_install_action (widget_class, "week.previous-block", NULL, _plz_week_view_move_block);
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
