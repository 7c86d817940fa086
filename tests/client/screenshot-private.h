/* screenshot-private.h — plaza-screenshot's parts shared by its two files */
#pragma once

#include <gtk/gtk.h>

#include "plz-account.h"
#include "plz-schedule-page.h"

G_BEGIN_DECLS

/* Renders @window through its own renderer into the PNG @output. */
gboolean save_window            (GtkWidget   *window,
                                 const char  *output,
                                 GError     **error);

/* --fixture NAME: renders "schedule" (the operator's Schedule page),
 * "booking" (the booking dialog), "availability" or "services" (their editors) from the JSON fixtures in
 * tests/client/data/bookings, served in-process, at @width×@height. */
int      plz_screenshot_fixture (const char  *name,
                                 const char  *output,
                                 int          width,
                                 int          height);

/* What the booking pictures from a real server wait for (screenshot-live.c). */
typedef struct
{
  char            *week;          /* --week: "next-booking", or NULL for this week */
  char            *book;          /* --book: the listing to book, or NULL */
  int              width;         /* the dialog's size with --book */
  int              height;
  PlzSchedulePage *schedule;
  gboolean         week_asked;
  gboolean         week_moved;
  gboolean         dialog_opened;
  gboolean         day_chosen;
  int              months_looked;
} PlzShotLive;

/* Whether @page or --book is one that plz_shot_live_settled waits for. */
gboolean   plz_shot_live_wanted   (PlzShotLive *live,
                                   const char  *page);

/* Moves the main @window to @page (or opens the booking dialog), and TRUE
 * once what is to be shown has loaded. */
gboolean   plz_shot_live_settled  (PlzShotLive *live,
                                   GtkWidget   *window,
                                   PlzAccount  *account,
                                   const char  *page);

/* The window to save instead of the main one (the booking dialog), or NULL. */
GtkWindow *plz_shot_live_get_window (PlzShotLive *live);

G_END_DECLS
