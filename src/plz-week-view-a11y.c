/* plz-week-view-a11y.c — the week view for keyboard and screen reader
 * users: a flat button over each block, named with the booking's whole
 * description, and the arrow keys moving between blocks in time order */

#include "config.h"

#include <glib/gi18n.h>

#include "plz-booking-info.h"
#include "plz-week-view-private.h"

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

  g_signal_emit_by_name (self, "booking-activated", booking);
}

void
_plz_week_view_clear_blocks (PlzWeekView *self)
{
  for (guint i = 0; i < self->blocks->len; i++)
    g_clear_pointer (&g_array_index (self->blocks, Block, i).button, gtk_widget_unparent);
  g_array_set_size (self->blocks, 0);
  g_array_set_size (self->free_areas, 0);
}

/* A button over each block, named with its description, for keyboard and
 * screen reader users. */
void
_plz_week_view_add_buttons (PlzWeekView *self)
{
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
}

/* ---- keyboard ----------------------------------------------------------------------------- */

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
void
_plz_week_view_move_block (GtkWidget  *widget,
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
