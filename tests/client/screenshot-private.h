/* screenshot-private.h — plaza-screenshot's parts shared by its two files */
#pragma once

#include <gtk/gtk.h>

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

G_END_DECLS
