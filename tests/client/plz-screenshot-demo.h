/* plz-screenshot-demo.h — windows of real widgets for plaza-screenshot --demo */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* A window showing demo @name ("contact-warning"), not yet presented; NULL
 * with @error for an unknown name. */
GtkWidget *plz_screenshot_demo_new (const char  *name,
                                    GError     **error);

G_END_DECLS
