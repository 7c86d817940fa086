/* screenshot-bookings.c — plaza-screenshot --fixture: the Schedule page and
 * the booking dialog drawn from the bookings fixtures, no plaza-server needed */

#include "config.h"

#include <adwaita.h>
#include <stdlib.h>

#include "plz-availability-dialog.h"
#include "plz-booking-dialog.h"
#include "plz-client-test.h"
#include "plz-fixture-server.h"
#include "plz-schedule-page.h"
#include "plz-services-dialog.h"
#include "plz-time.h"
#include "screenshot-private.h"

#define WAIT_MS 10000

/* Serves fixture @file for "GET @path". */
static void
serve (PlzFixtureServer *server,
       const char       *path,
       const char       *file)
{
  g_autofree char *name = g_build_filename (PLAZA_BOOKING_FIXTURES, file, NULL);
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;

  if (!g_file_get_contents (name, &text, NULL, &error))
    g_error ("plaza-screenshot: %s", error->message);
  plz_fixture_server_answer (server, "GET", path, 200, text);
}

static gboolean
schedule_ready (gpointer data)
{
  return g_strcmp0 (plz_schedule_page_get_state (data), "loading") != 0;
}

static GtkWidget *
schedule_window (PlzFixtureServer *server,
                 PlzAccount       *account,
                 int               width,
                 int               height)
{
  g_autofree char *deadline = plz_time_format_rfc3339 (plz_time_now_us () + 42 * G_USEC_PER_SEC + 500000);
  g_autofree char *offers = g_strdup_printf ("{\"offers\":[{\"id\":\"of-1\",\"request_id\":\"rq-1\",\"deadline\":\"%s\","
                                             "\"score\":0.82,\"reason\":\"closest with matching expertise\","
                                             "\"distance_km\":3.1,\"tags\":[\"plumbing\"],\"note\":\"Burst pipe under the sink\","
                                             "\"lat\":-26.2,\"lng\":28.04}]}", deadline);
  GtkWidget *window = adw_window_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *page = plz_schedule_page_new ();
  PlzWeekView *view = plz_schedule_page_get_week_view (PLZ_SCHEDULE_PAGE (page));
  gint64 wednesday;

  serve (server, "/api/v1/me/schedule", "schedule.json");
  serve (server, "/api/v1/me/bookings", "operator-upcoming.json");
  plz_fixture_server_answer (server, "GET", "/api/v1/me/dispatch/offers", 200, offers);

  adw_header_bar_set_title_widget (ADW_HEADER_BAR (header), adw_window_title_new ("Schedule", NULL));
  gtk_box_append (GTK_BOX (box), header);
  gtk_widget_set_vexpand (page, TRUE);
  gtk_box_append (GTK_BOX (box), page);
  adw_window_set_content (ADW_WINDOW (window), box);

  plz_schedule_page_set_account (PLZ_SCHEDULE_PAGE (page), account);
  plz_week_view_set_week (view, "2026-11-23", "Africa/Johannesburg");
  /* Wednesday 25 November, 10:40 in Johannesburg. */
  plz_time_parse_rfc3339 ("2026-11-25T08:40:00Z", &wednesday);
  plz_week_view_set_now (view, wednesday);
  if (width > 0)
    gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  gtk_window_present (GTK_WINDOW (window));
  plz_test_wait_until (schedule_ready, page, WAIT_MS);
  return window;
}

static gboolean
dialog_ready (gpointer data)
{
  return g_strcmp0 (plz_booking_dialog_get_state (data), "loading") != 0;
}

static gboolean
times_ready (gpointer data)
{
  return !plz_booking_dialog_get_times_loading (data);
}

static GtkWidget *
booking_window (PlzFixtureServer *server,
                PlzAccount       *account,
                int               width,
                int               height)
{
  PlzBookingDialog *dialog;

  serve (server, "/api/v1/listings/l-1/services", "services.json");
  serve (server, "/api/v1/services/sv-1/slots", "slots.json");
  dialog = plz_booking_dialog_new (NULL, account, "l-1");
  if (width > 0)
    gtk_window_set_default_size (GTK_WINDOW (dialog), width, height);
  gtk_window_present (GTK_WINDOW (dialog));
  plz_test_wait_until (dialog_ready, dialog, WAIT_MS);
  plz_booking_dialog_select_day (dialog, "2026-11-24");
  plz_test_wait_until (times_ready, dialog, WAIT_MS);
  plz_booking_dialog_choose_time (dialog, 1);
  return GTK_WIDGET (dialog);
}

static gboolean
availability_ready (gpointer data)
{
  return g_strcmp0 (plz_availability_dialog_get_state (data), "loading") != 0;
}

static GtkWidget *
availability_window (PlzFixtureServer *server,
                     PlzAccount       *account,
                     int               width,
                     int               height)
{
  PlzAvailabilityDialog *dialog;

  serve (server, "/api/v1/me/availability", "availability.json");
  dialog = plz_availability_dialog_new (NULL, account);
  if (width > 0)
    gtk_window_set_default_size (GTK_WINDOW (dialog), width, height);
  gtk_window_present (GTK_WINDOW (dialog));
  plz_test_wait_until (availability_ready, dialog, WAIT_MS);
  return GTK_WIDGET (dialog);
}

static gboolean
services_ready (gpointer data)
{
  return g_strcmp0 (plz_services_dialog_get_state (data), "loading") != 0;
}

/* The form of the first service, as an operator changing it sees it. */
static GtkWidget *
services_window (PlzFixtureServer *server,
                 PlzAccount       *account,
                 int               width,
                 int               height)
{
  PlzServicesDialog *dialog;

  serve (server, "/api/v1/me/services", "my-services.json");
  dialog = plz_services_dialog_new (NULL, account);
  if (width > 0)
    gtk_window_set_default_size (GTK_WINDOW (dialog), width, height);
  gtk_window_present (GTK_WINDOW (dialog));
  plz_test_wait_until (services_ready, dialog, WAIT_MS);
  plz_services_dialog_edit (dialog, "sv-1");
  return GTK_WIDGET (dialog);
}

int
plz_screenshot_fixture (const char *name,
                        const char *output,
                        int         width,
                        int         height)
{
  g_autoptr(JsonNode) user = json_from_string ("{\"id\":\"u-sipho\",\"display_name\":\"Sipho Dlamini\","
                                               "\"timezone\":\"Africa/Johannesburg\"}", NULL);
  g_autoptr(PlzAccount) account = NULL;
  g_autoptr(GError) error = NULL;
  PlzFixtureServer *server;
  GtkWidget *window = NULL;
  gboolean saved;

  adw_init ();
  {
    /* AdwApplication loads the app's style sheet by itself; here there is none. */
    g_autoptr(GtkCssProvider) css = gtk_css_provider_new ();

    gtk_css_provider_load_from_resource (css, "/org/plaza/Plaza/style.css");
    gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (css),
                                                GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  }
  server = plz_fixture_server_new ();
  account = plz_account_new (plz_fixture_server_get_url (server));
  plz_account_set_session (account, "fixture-token", json_node_get_object (user));

  if (g_strcmp0 (name, "schedule") == 0)
    window = schedule_window (server, account, width, height);
  else if (g_strcmp0 (name, "booking") == 0)
    window = booking_window (server, account, width, height);
  else if (g_strcmp0 (name, "availability") == 0)
    window = availability_window (server, account, width, height);
  else if (g_strcmp0 (name, "services") == 0)
    window = services_window (server, account, width, height);
  else
    {
      g_printerr ("plaza-screenshot: --fixture wants schedule, booking, availability or services\n");
      plz_fixture_server_free (server);
      return EXIT_FAILURE;
    }
  /* Let the size settle, lists fill and the first frame draw. */
  plz_test_spin (1200);
  saved = save_window (window, output, &error);
  if (!saved)
    g_printerr ("plaza-screenshot: %s\n", error->message);
  gtk_window_destroy (GTK_WINDOW (window));
  plz_fixture_server_free (server);
  return saved ? EXIT_SUCCESS : EXIT_FAILURE;
}
