/* plz-week-view-draw.c — drawing the week: hour lines, shaded free hours,
 * the blocks by status with the text that fits them, the "now" line and
 * the day names */

#include "config.h"

#include <glib/gi18n.h>

#include "plz-booking-info.h"
#include "plz-week-view-private.h"

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
GPtrArray *
_plz_week_view_block_lines (PlzWeekView *self,
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
  if (plz_booking_get_time (block->booking, "start", &start_us)
      && plz_booking_get_time (block->booking, "end", &end_us))
    {
      g_autoptr(GDateTime) start = _plz_week_view_local_time (self, start_us);
      g_autoptr(GDateTime) end = _plz_week_view_local_time (self, end_us);
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

  _plz_week_view_block_area (self, block, &area);
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
    g_autoptr(GPtrArray) lines = _plz_week_view_block_lines (self, block, area.size.width, area.size.height,
                                                             &service_lines);
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

void
_plz_week_view_snapshot (GtkWidget   *widget,
                         GtkSnapshot *snapshot)
{
  PlzWeekView *self = PLZ_WEEK_VIEW (widget);
  double width = gtk_widget_get_width (widget), height = gtk_widget_get_height (widget);
  double column = _plz_week_view_column_width (self);
  double body = height - PLZ_WEEK_VIEW_HEADER_HEIGHT;
  GdkRGBA fg, line, shade, accent, now_color, header_bg;
  g_autoptr(GDateTime) now = _plz_week_view_local_time (self, _plz_week_view_now_us (self));
  double now_h;
  int today = _plz_week_view_day_of (self, now, &now_h);

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

      _plz_week_view_span_area (self, &g_array_index (self->free_areas, Span, i), &area);
      gtk_snapshot_append_color (snapshot, &shade, &area);
    }
  for (int hour = 0; hour <= 24; hour++)
    {
      double y = _plz_week_view_hour_y (self, hour);
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
      double y = _plz_week_view_hour_y (self, now_h);
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
