/* test-week-view.c — the week view's layout from schedule JSON: block geometry
 * for overlapping bookings, lanes up to capacity, free hours, a DST day, and
 * what keyboard and screen reader users get */

#include "config.h"

#include <adwaita.h>

#include "plz-client-test.h"
#include "plz-week-view.h"

#define WIDTH  (PLZ_WEEK_VIEW_GUTTER_WIDTH + 7 * 100)
#define HEIGHT (PLZ_WEEK_VIEW_HEADER_HEIGHT + 24 * PLZ_WEEK_VIEW_HOUR_HEIGHT)
#define COLUMN 100.0

typedef struct
{
  GtkWindow   *window;
  PlzWeekView *view;
} Fixture;

static JsonObject *
load_json (const char *text_or_name,
           gboolean    is_file)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();

  if (is_file)
    {
      g_autofree char *path = g_test_build_filename (G_TEST_DIST, "client", "data", "bookings", text_or_name, NULL);

      json_parser_load_from_file (parser, path, &error);
    }
  else
    json_parser_load_from_data (parser, text_or_name, -1, &error);
  g_assert_no_error (error);
  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  fixture->window = GTK_WINDOW (gtk_window_new ());
  fixture->view = PLZ_WEEK_VIEW (plz_week_view_new ());
  /* Exactly 100 px a day and the whole day in view: no scrolling in the sums. */
  gtk_widget_set_size_request (GTK_WIDGET (fixture->view), WIDTH, HEIGHT);
  gtk_window_set_child (fixture->window, GTK_WIDGET (fixture->view));
  gtk_window_set_default_size (fixture->window, WIDTH, HEIGHT);
  gtk_window_present (fixture->window);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  gtk_window_destroy (fixture->window);
}

static void
show (Fixture    *fixture,
      const char *monday,
      const char *zone,
      JsonObject *schedule)
{
  GtkAdjustment *vadjustment;

  g_assert_true (plz_week_view_set_week (fixture->view, monday, zone));
  plz_week_view_set_schedule (fixture->view, schedule);
  gtk_widget_queue_allocate (GTK_WIDGET (fixture->view));
  plz_test_spin (100);
  g_object_get (fixture->view, "vadjustment", &vadjustment, NULL);
  gtk_adjustment_set_value (vadjustment, 0);
  g_object_unref (vadjustment);
  plz_test_spin (50);
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (fixture->view)), ==, WIDTH);
}

static double
y_of (double hours)
{
  return PLZ_WEEK_VIEW_HEADER_HEIGHT + hours * PLZ_WEEK_VIEW_HOUR_HEIGHT;
}

static const char *
id_of (JsonObject *booking)
{
  return json_object_get_string_member (booking, "id");
}

/* Two bookings overlapping on Monday share the column in two lanes (capacity 2);
 * a lone booking of a two-seat operator leaves a quarter of it for the free seat. */
static void
test_overlap (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(JsonObject) schedule = load_json ("schedule.json", TRUE);
  graphene_rect_t a, b, c;
  JsonObject *booking;

  show (fixture, "2026-11-25", NULL, schedule);
  /* bk-7 is in the next week. */
  g_assert_cmpuint (plz_week_view_get_n_blocks (fixture->view), ==, 6);
  g_assert_cmpint (plz_week_view_get_first_hour (fixture->view), ==, 8);

  g_assert_true (plz_week_view_get_block (fixture->view, 0, &a, &booking));
  g_assert_cmpstr (id_of (booking), ==, "bk-1");
  g_assert_true (plz_week_view_get_block (fixture->view, 1, &b, &booking));
  g_assert_cmpstr (id_of (booking), ==, "bk-2");

  /* bk-1: Monday 09:00–10:00 in Johannesburg (07:00Z), lane 0 of 2. */
  g_assert_cmpfloat_with_epsilon (a.origin.x, PLZ_WEEK_VIEW_GUTTER_WIDTH + PLZ_WEEK_VIEW_BLOCK_INSET, 0.01);
  g_assert_cmpfloat_with_epsilon (a.size.width, COLUMN / 2 - 2 * PLZ_WEEK_VIEW_BLOCK_INSET, 0.01);
  g_assert_cmpfloat_with_epsilon (a.origin.y, y_of (9) + PLZ_WEEK_VIEW_BLOCK_INSET / 2.0, 0.01);
  g_assert_cmpfloat_with_epsilon (a.size.height, PLZ_WEEK_VIEW_HOUR_HEIGHT - PLZ_WEEK_VIEW_BLOCK_INSET, 0.01);
  /* bk-2: 09:30–11:00 beside it, lane 1. */
  g_assert_cmpfloat_with_epsilon (b.origin.x, PLZ_WEEK_VIEW_GUTTER_WIDTH + COLUMN / 2 + PLZ_WEEK_VIEW_BLOCK_INSET, 0.01);
  g_assert_cmpfloat_with_epsilon (b.origin.y, y_of (9.5) + PLZ_WEEK_VIEW_BLOCK_INSET / 2.0, 0.01);
  g_assert_cmpfloat_with_epsilon (b.size.height, 1.5 * PLZ_WEEK_VIEW_HOUR_HEIGHT - PLZ_WEEK_VIEW_BLOCK_INSET, 0.01);

  /* bk-3 on Tuesday 14:00 alone: three quarters of the column, the other seat is free. */
  g_assert_true (plz_week_view_get_block (fixture->view, 2, &c, &booking));
  g_assert_cmpstr (id_of (booking), ==, "bk-3");
  g_assert_cmpfloat_with_epsilon (c.origin.x, PLZ_WEEK_VIEW_GUTTER_WIDTH + COLUMN + PLZ_WEEK_VIEW_BLOCK_INSET, 0.01);
  g_assert_cmpfloat_with_epsilon (c.size.width, COLUMN * 0.75 - 2 * PLZ_WEEK_VIEW_BLOCK_INSET, 0.01);
  g_assert_cmpfloat_with_epsilon (c.origin.y, y_of (14) + PLZ_WEEK_VIEW_BLOCK_INSET / 2.0, 0.01);

  g_assert_false (plz_week_view_get_block (fixture->view, 6, &c, NULL));
}

/* With one seat, three bookings of which two overlap: the overlapping pair
 * takes two lanes, the later one the whole column again. */
static void
test_capacity_one (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(JsonObject) schedule = load_json (
    "{\"time_zone\":\"UTC\",\"capacity\":1,\"open\":[],\"bookings\":["
    "{\"id\":\"a\",\"status\":\"confirmed\",\"start\":\"2026-11-23T08:00:00Z\",\"end\":\"2026-11-23T10:00:00Z\"},"
    "{\"id\":\"b\",\"status\":\"requested\",\"start\":\"2026-11-23T09:00:00Z\",\"end\":\"2026-11-23T11:00:00Z\"},"
    "{\"id\":\"c\",\"status\":\"confirmed\",\"start\":\"2026-11-23T11:00:00Z\",\"end\":\"2026-11-23T12:00:00Z\"},"
    "{\"id\":\"bad\",\"status\":\"confirmed\",\"start\":\"yesterday\",\"end\":\"2026-11-23T12:00:00Z\"},"
    "{\"id\":\"backwards\",\"status\":\"confirmed\",\"start\":\"2026-11-23T12:00:00Z\",\"end\":\"2026-11-23T11:00:00Z\"}"
    "]}", FALSE);
  graphene_rect_t a, b, c;

  show (fixture, "2026-11-23", NULL, schedule);
  /* Unreadable and backwards times are left out, not drawn somewhere odd. */
  g_assert_cmpuint (plz_week_view_get_n_blocks (fixture->view), ==, 3);
  plz_week_view_get_block (fixture->view, 0, &a, NULL);
  plz_week_view_get_block (fixture->view, 1, &b, NULL);
  plz_week_view_get_block (fixture->view, 2, &c, NULL);
  g_assert_cmpfloat_with_epsilon (a.size.width, COLUMN / 2 - 2 * PLZ_WEEK_VIEW_BLOCK_INSET, 0.01);
  g_assert_cmpfloat_with_epsilon (b.origin.x - a.origin.x, COLUMN / 2, 0.01);
  g_assert_cmpfloat_with_epsilon (c.size.width, COLUMN - 2 * PLZ_WEEK_VIEW_BLOCK_INSET, 0.01);
  g_assert_cmpint (plz_week_view_get_n_free_areas (fixture->view), ==, 0);
}

/* Open hours are shaded where a seat is free: Monday 09:30–10:00 has both
 * seats taken, so Monday's morning is cut in two. */
static void
test_free_areas (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(JsonObject) schedule = load_json ("schedule.json", TRUE);
  graphene_rect_t area;

  show (fixture, "2026-11-23", NULL, schedule);
  /* 11 open periods, Monday morning split into two. */
  g_assert_cmpuint (plz_week_view_get_n_free_areas (fixture->view), ==, 12);
  g_assert_true (plz_week_view_get_free_area (fixture->view, 0, &area));
  g_assert_cmpfloat_with_epsilon (area.origin.x, PLZ_WEEK_VIEW_GUTTER_WIDTH, 0.01);
  g_assert_cmpfloat_with_epsilon (area.size.width, COLUMN, 0.01);
  g_assert_cmpfloat_with_epsilon (area.origin.y, y_of (8), 0.01);
  g_assert_cmpfloat_with_epsilon (area.origin.y + area.size.height, y_of (9.5), 0.01);
  g_assert_true (plz_week_view_get_free_area (fixture->view, 1, &area));
  g_assert_cmpfloat_with_epsilon (area.origin.y, y_of (10), 0.01);
  g_assert_cmpfloat_with_epsilon (area.origin.y + area.size.height, y_of (12), 0.01);
  /* Saturday 09:00–13:00 (07:00Z–11:00Z). */
  g_assert_true (plz_week_view_get_free_area (fixture->view, 11, &area));
  g_assert_cmpfloat_with_epsilon (area.origin.x, PLZ_WEEK_VIEW_GUTTER_WIDTH + 5 * COLUMN, 0.01);
  g_assert_cmpfloat_with_epsilon (area.origin.y, y_of (9), 0.01);
  g_assert_false (plz_week_view_get_free_area (fixture->view, 12, &area));
}

/* Berlin moves to summer time on Sunday 29 March 2026 at 02:00. Times sit at
 * their wall-clock hour on either side, and a booking across the change is
 * drawn from 01:30 to 03:30 though it lasts one hour. */
static void
test_dst_day (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(JsonObject) schedule = load_json (
    "{\"time_zone\":\"Europe/Berlin\",\"capacity\":1,"
    "\"open\":[{\"start\":\"2026-03-28T08:00:00Z\",\"end\":\"2026-03-28T12:00:00Z\"},"
    "{\"start\":\"2026-03-29T07:00:00Z\",\"end\":\"2026-03-29T11:00:00Z\"}],\"bookings\":["
    "{\"id\":\"sat\",\"status\":\"confirmed\",\"start\":\"2026-03-28T09:00:00Z\",\"end\":\"2026-03-28T10:00:00Z\"},"
    "{\"id\":\"night\",\"status\":\"confirmed\",\"start\":\"2026-03-29T00:30:00Z\",\"end\":\"2026-03-29T01:30:00Z\"},"
    "{\"id\":\"sun\",\"status\":\"confirmed\",\"start\":\"2026-03-29T08:00:00Z\",\"end\":\"2026-03-29T09:00:00Z\"}"
    "]}", FALSE);
  graphene_rect_t sat, night, sun, open;

  show (fixture, "2026-03-23", "Europe/Berlin", schedule);
  g_assert_cmpuint (plz_week_view_get_n_blocks (fixture->view), ==, 3);
  plz_week_view_get_block (fixture->view, 0, &sat, NULL);
  plz_week_view_get_block (fixture->view, 1, &night, NULL);
  plz_week_view_get_block (fixture->view, 2, &sun, NULL);
  /* 10:00 on both days, an hour apart in UTC offset. */
  g_assert_cmpfloat_with_epsilon (sat.origin.y, y_of (10) + PLZ_WEEK_VIEW_BLOCK_INSET / 2.0, 0.01);
  g_assert_cmpfloat_with_epsilon (sun.origin.y, sat.origin.y, 0.01);
  g_assert_cmpfloat_with_epsilon (sat.origin.x, PLZ_WEEK_VIEW_GUTTER_WIDTH + 5 * COLUMN + PLZ_WEEK_VIEW_BLOCK_INSET, 0.01);
  g_assert_cmpfloat_with_epsilon (sun.origin.x, PLZ_WEEK_VIEW_GUTTER_WIDTH + 6 * COLUMN + PLZ_WEEK_VIEW_BLOCK_INSET, 0.01);
  g_assert_cmpfloat_with_epsilon (night.origin.y, y_of (1.5) + PLZ_WEEK_VIEW_BLOCK_INSET / 2.0, 0.01);
  g_assert_cmpfloat_with_epsilon (night.size.height, 2 * PLZ_WEEK_VIEW_HOUR_HEIGHT - PLZ_WEEK_VIEW_BLOCK_INSET, 0.01);
  /* Both days open 09:00 local; Sunday's 10:00–11:00 is taken (one seat). */
  g_assert_cmpuint (plz_week_view_get_n_free_areas (fixture->view), ==, 4);
  plz_week_view_get_free_area (fixture->view, 2, &open);
  g_assert_cmpfloat_with_epsilon (open.origin.y, y_of (9), 0.01);
  g_assert_cmpfloat_with_epsilon (open.size.height, PLZ_WEEK_VIEW_HOUR_HEIGHT, 0.01);
}

static void
activated_cb (PlzWeekView *view,
              JsonObject  *booking,
              char       **id)
{
  g_free (*id);
  *id = g_strdup (json_object_get_string_member (booking, "id"));
}

/* Each block is a button a screen reader names and the keyboard reaches;
 * arrows move between blocks, activating one emits ::booking-activated. */
static void
test_accessible_blocks (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(JsonObject) schedule = load_json ("schedule.json", TRUE);
  g_autofree char *activated = NULL;
  const char *label;
  GtkWidget *first, *second;
  guint n = 0;

  show (fixture, "2026-11-23", NULL, schedule);
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (fixture->view));
       child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      g_assert_true (GTK_IS_BUTTON (child));
      g_assert_true (gtk_widget_get_focusable (child));
      n++;
    }
  g_assert_cmpuint (n, ==, plz_week_view_get_n_blocks (fixture->view));

  first = plz_week_view_get_block_widget (fixture->view, 0);
  second = plz_week_view_get_block_widget (fixture->view, 1);
  label = gtk_widget_get_tooltip_text (first);
  g_assert_nonnull (strstr (label, "Deep Clean"));
  g_assert_nonnull (strstr (label, "Thandi Nkosi"));
  g_assert_nonnull (strstr (label, "09:00–10:00"));
  g_assert_nonnull (strstr (label, "Confirmed"));
  g_assert_true (plz_test_widget_is_shown (first));

  gtk_widget_grab_focus (first);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->view), "week.next-block", NULL));
  g_assert_true (gtk_widget_is_focus (second));
  gtk_widget_activate_action (GTK_WIDGET (fixture->view), "week.previous-block", NULL);
  g_assert_true (gtk_widget_is_focus (first));

  g_signal_connect (fixture->view, "booking-activated", G_CALLBACK (activated_cb), &activated);
  g_signal_emit_by_name (second, "clicked");
  g_assert_cmpstr (activated, ==, "bk-2");
}

#define BLOCK_JSON(id, customer, service, start, end) \
  "{\"id\":\"" id "\",\"status\":\"confirmed\",\"service\":{\"id\":\"sv\",\"name\":\"" service "\"}," \
  "\"consumer\":{\"id\":\"u\",\"display_name\":\"" customer "\"},\"start\":\"" start "\",\"end\":\"" end "\"}"

/* A block says who first, then what, then when as it grows taller; a short
 * one fits customer and service on one line as far as it can, and every
 * block's tooltip and accessible name keep the whole description. */
static void
test_block_text (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(JsonObject) schedule = load_json (
    "{\"time_zone\":\"UTC\",\"capacity\":1,\"open\":[],\"bookings\":["
    BLOCK_JSON ("short", "Thandi Nkosi", "Deep Clean", "2026-11-23T09:00:00Z", "2026-11-23T09:30:00Z") ","
    BLOCK_JSON ("hour", "Thandi Nkosi", "Deep Clean", "2026-11-24T09:00:00Z", "2026-11-24T10:00:00Z") ","
    BLOCK_JSON ("long", "Thandi Nkosi", "Deep Clean", "2026-11-25T09:00:00Z", "2026-11-25T11:00:00Z") ","
    BLOCK_JSON ("tiny", "Bongani Sithebe-Dlamini", "Full Valet and Interior Shampoo",
                "2026-11-26T09:00:00Z", "2026-11-26T09:30:00Z") ","
    BLOCK_JSON ("beside", "Ayesha Patel", "Ironing", "2026-11-26T09:00:00Z", "2026-11-26T09:45:00Z") ","
    BLOCK_JSON ("nameless", "", "Window Wash", "2026-11-27T09:00:00Z", "2026-11-27T11:00:00Z")
    "]}", FALSE);
  g_autofree char *short_text = NULL, *hour_text = NULL, *long_text = NULL, *tiny_text = NULL;
  g_autofree char *nameless_text = NULL;
  g_auto(GStrv) long_lines = NULL;
  const char *tooltip;

  show (fixture, "2026-11-23", NULL, schedule);
  g_assert_cmpuint (plz_week_view_get_n_blocks (fixture->view), ==, 6);
  short_text = plz_week_view_get_block_text (fixture->view, 0);
  hour_text = plz_week_view_get_block_text (fixture->view, 1);
  long_text = plz_week_view_get_block_text (fixture->view, 2);
  tiny_text = plz_week_view_get_block_text (fixture->view, 3);
  nameless_text = plz_week_view_get_block_text (fixture->view, 5);

  /* Half an hour: one line, the customer first (with the service when the
   * column has room for a useful part of it, not at 100 px). */
  g_assert_null (strchr (short_text, '\n'));
  g_assert_true (g_str_has_prefix (short_text, "Thandi"));
  /* Half a column: no room for the service; the first name, not a cut full name. */
  g_assert_cmpstr (tiny_text, ==, "Bongani");
  /* Taller: who, then what, then (with room for a third line) when. */
  g_assert_true (g_str_has_prefix (hour_text, "Thandi Nkosi\nDeep Clean"));
  long_lines = g_strsplit (long_text, "\n", -1);
  g_assert_cmpuint (g_strv_length (long_lines), ==, 3);
  g_assert_cmpstr (long_lines[0], ==, "Thandi Nkosi");
  g_assert_cmpstr (long_lines[1], ==, "Deep Clean");
  g_assert_cmpstr (long_lines[2], ==, "09:00–11:00");
  /* No name to show: the service leads. */
  g_assert_true (g_str_has_prefix (nameless_text, "Window Wash\n09:00"));

  tooltip = gtk_widget_get_tooltip_text (plz_week_view_get_block_widget (fixture->view, 3));
  g_assert_nonnull (strstr (tooltip, "Full Valet and Interior Shampoo"));
  g_assert_nonnull (strstr (tooltip, "Bongani Sithebe-Dlamini"));
  g_assert_nonnull (strstr (tooltip, "09:00–09:30"));
  g_assert_nonnull (strstr (tooltip, "Confirmed"));
}

static void
count_cb (guint *count)
{
  (*count)++;
}

/* Navigation moves by weeks and asks for the new range; a bad date changes nothing. */
static void
test_navigation (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(JsonObject) schedule = load_json ("schedule.json", TRUE);
  g_autofree char *from = NULL, *to = NULL, *title = NULL;
  guint changed = 0;

  show (fixture, "2026-11-26", "Africa/Johannesburg", schedule);
  plz_week_view_get_range (fixture->view, &from, &to);
  g_assert_cmpstr (from, ==, "2026-11-23");
  g_assert_cmpstr (to, ==, "2026-11-30");
  title = plz_week_view_get_title (fixture->view);
  g_assert_cmpstr (title, ==, "23 – 29 November 2026");

  g_signal_connect_swapped (fixture->view, "week-changed", G_CALLBACK (count_cb), &changed);
  plz_week_view_shift_week (fixture->view, 1);
  g_assert_cmpuint (changed, ==, 1);
  /* The old week's bookings are gone until the new week's arrive. */
  g_assert_cmpuint (plz_week_view_get_n_blocks (fixture->view), ==, 0);
  g_clear_pointer (&from, g_free);
  g_clear_pointer (&to, g_free);
  g_clear_pointer (&title, g_free);
  plz_week_view_get_range (fixture->view, &from, &to);
  g_assert_cmpstr (from, ==, "2026-11-30");
  title = plz_week_view_get_title (fixture->view);
  g_assert_cmpstr (title, ==, "30 November – 6 December 2026");

  g_assert_false (plz_week_view_set_week (fixture->view, "2026-02-30", NULL));
  g_assert_false (plz_week_view_set_week (fixture->view, "2026-11-23", "Mars/Olympus_Mons"));
  g_clear_pointer (&from, g_free);
  g_clear_pointer (&to, g_free);
  plz_week_view_get_range (fixture->view, &from, &to);
  g_assert_cmpstr (from, ==, "2026-11-30");
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  if (!plz_test_init_gtk (&argc, &argv))
    return 0;

  g_test_add ("/week-view/overlap", Fixture, NULL, fixture_setup, test_overlap, fixture_teardown);
  g_test_add ("/week-view/capacity-one", Fixture, NULL, fixture_setup, test_capacity_one, fixture_teardown);
  g_test_add ("/week-view/free-areas", Fixture, NULL, fixture_setup, test_free_areas, fixture_teardown);
  g_test_add ("/week-view/dst-day", Fixture, NULL, fixture_setup, test_dst_day, fixture_teardown);
  g_test_add ("/week-view/accessible-blocks", Fixture, NULL, fixture_setup, test_accessible_blocks, fixture_teardown);
  g_test_add ("/week-view/block-text", Fixture, NULL, fixture_setup, test_block_text, fixture_teardown);
  g_test_add ("/week-view/navigation", Fixture, NULL, fixture_setup, test_navigation, fixture_teardown);
  return g_test_run ();
}
