/* screenshot-live.c — plaza-screenshot's booking pictures from a real server:
 * the operator's Schedule at the week of their next booking, the consumer's
 * Bookings, and the booking dialog of a listing with a free time chosen */

#include "config.h"

#include <adwaita.h>

#include "plz-booking-dialog.h"
#include "plz-booking-info.h"
#include "plz-bookings-page.h"
#include "plz-schedule-page.h"
#include "plz-window.h"
#include "screenshot-private.h"

static GtkWidget *
find_widget (GtkWidget *root,
             GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget (child, type);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* ---- the Schedule ---------------------------------------------------------------------------- */

static void
next_booking_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  PlzShotLive *live = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) answer = plz_account_call_finish (PLZ_ACCOUNT (source), result, &error);
  JsonArray *bookings = plz_booking_get_array (answer, "bookings");
  JsonObject *first = bookings != NULL && json_array_get_length (bookings) > 0
                      ? json_array_get_object_element (bookings, 0) : NULL;
  const char *zone_name = plz_booking_get_string (first, "time_zone");
  g_autoptr(GTimeZone) zone = zone_name != NULL ? g_time_zone_new_identifier (zone_name) : NULL;
  gint64 start;

  live->week_moved = TRUE;
  if (first == NULL || zone == NULL || !plz_booking_get_time (first, "start", &start))
    {
      g_printerr ("plaza-screenshot: no upcoming booking to show the week of%s%s\n",
                  error != NULL ? ": " : "", error != NULL ? error->message : "");
      return;
    }
  {
    g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (start / G_USEC_PER_SEC);
    g_autoptr(GDateTime) local = g_date_time_to_timezone (utc, zone);
    g_autofree char *date = g_date_time_format (local, "%Y-%m-%d");

    plz_week_view_set_week (plz_schedule_page_get_week_view (live->schedule), date, zone_name);
    plz_schedule_page_reload (live->schedule);
  }
}

static gboolean
schedule_settled (PlzShotLive *live,
                  GtkWidget   *window,
                  PlzAccount  *account)
{
  GtkWidget *page = find_widget (window, PLZ_TYPE_SCHEDULE_PAGE);

  if (page == NULL)
    return FALSE;
  live->schedule = PLZ_SCHEDULE_PAGE (page);
  if (g_strcmp0 (plz_schedule_page_get_state (live->schedule), "loading") == 0)
    return FALSE;
  if (g_strcmp0 (live->week, "next-booking") != 0)
    return TRUE;
  if (!live->week_asked)
    {
      live->week_asked = TRUE;
      plz_account_call_async (account, "GET", "/api/v1/me/bookings?role=operator&scope=upcoming&limit=1", NULL,
                              FALSE, NULL, next_booking_cb, live);
    }
  return live->week_moved && g_strcmp0 (plz_schedule_page_get_state (live->schedule), "loading") != 0;
}

/* ---- the booking dialog ---------------------------------------------------------------------------- */

static PlzBookingDialog *
find_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (PLZ_IS_BOOKING_DIALOG (window))
        return PLZ_BOOKING_DIALOG (window);
    }
  return NULL;
}

/* Shows the first day with free times of this month or the next, then a time. */
static gboolean
choose_time (PlzShotLive      *live,
             PlzBookingDialog *dialog)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) shown = g_date_time_add_months (now, live->months_looked);
  g_autofree char *month = g_date_time_format (shown, "%Y-%m");

  if (plz_booking_dialog_get_times_loading (dialog))
    return FALSE;
  if (live->day_chosen)
    {
      guint n = plz_booking_dialog_get_n_times (dialog);

      /* The second time, so that the picture shows one chosen among others. */
      plz_booking_dialog_choose_time (dialog, n > 1 ? 1 : 0);
      return TRUE;
    }
  for (guint day = 1; day <= 31; day++)
    if (plz_booking_dialog_get_day_marked (dialog, day))
      {
        g_autofree char *date = g_strdup_printf ("%s-%02u", month, day);

        live->day_chosen = plz_booking_dialog_select_day (dialog, date);
        return FALSE;
      }
  if (live->months_looked++ < 2)
    {
      g_autoptr(GDateTime) next = g_date_time_add_months (now, live->months_looked);
      g_autofree char *first = g_date_time_format (next, "%Y-%m-01");

      plz_booking_dialog_select_day (dialog, first);
      return FALSE;
    }
  g_printerr ("plaza-screenshot: the listing has no free times in three months\n");
  return TRUE;
}

static gboolean
dialog_settled (PlzShotLive *live,
                GtkWidget   *window)
{
  PlzBookingDialog *dialog = find_dialog ();

  if (dialog == NULL)
    {
      if (!live->dialog_opened)
        live->dialog_opened = gtk_widget_activate_action (window, "win.book-listing", "s", live->book);
      if (live->dialog_opened && live->width > 0)
        {
          dialog = find_dialog ();
          if (dialog != NULL)
            gtk_window_set_default_size (GTK_WINDOW (dialog), live->width, live->height);
        }
      return FALSE;
    }
  if (g_strcmp0 (plz_booking_dialog_get_state (dialog), "loading") == 0)
    return FALSE;
  if (g_strcmp0 (plz_booking_dialog_get_state (dialog), "form") != 0)
    return TRUE;
  return choose_time (live, dialog);
}

/* ---- public ------------------------------------------------------------------------------------- */

gboolean
plz_shot_live_wanted (PlzShotLive *live,
                      const char  *page)
{
  return live->book != NULL || g_strcmp0 (page, "schedule") == 0 || g_strcmp0 (page, "bookings") == 0;
}

gboolean
plz_shot_live_settled (PlzShotLive *live,
                       GtkWidget   *window,
                       PlzAccount  *account,
                       const char  *page)
{
  GtkWidget *found;

  if (window == NULL)
    return FALSE;
  if (live->book != NULL)
    return dialog_settled (live, window);
  /* Operator pages appear only once signed in: ask again. */
  if (g_strcmp0 (plz_window_get_page (PLZ_WINDOW (window)), page) != 0)
    {
      plz_window_set_page (PLZ_WINDOW (window), page);
      return FALSE;
    }
  if (g_strcmp0 (page, "schedule") == 0)
    return schedule_settled (live, window, account);
  found = find_widget (window, PLZ_TYPE_BOOKINGS_PAGE);
  return found != NULL && g_strcmp0 (plz_bookings_page_get_state (PLZ_BOOKINGS_PAGE (found)), "loading") != 0;
}

GtkWindow *
plz_shot_live_get_window (PlzShotLive *live)
{
  return live->book != NULL ? GTK_WINDOW (find_dialog ()) : NULL;
}
