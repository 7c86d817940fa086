/* plz-server-banner.h — a bar across the window saying what went wrong, with Retry */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define PLZ_TYPE_SERVER_BANNER (plz_server_banner_get_type ())

G_DECLARE_FINAL_TYPE (PlzServerBanner, plz_server_banner, PLZ, SERVER_BANNER, GtkWidget)

/* A hidden banner. */
GtkWidget  *plz_server_banner_new             (void);

/* The bold first line. */
void        plz_server_banner_set_title       (PlzServerBanner *self,
                                               const char      *title);

/* The reason, under the title. */
void        plz_server_banner_set_description (PlzServerBanner *self,
                                               const char      *description);

/* The reason shown, or NULL. */
const char *plz_server_banner_get_description (PlzServerBanner *self);

/* Slides the banner in or out. */
void        plz_server_banner_set_revealed    (PlzServerBanner *self,
                                               gboolean         revealed);

/* Whether the banner is shown. */
gboolean    plz_server_banner_get_revealed    (PlzServerBanner *self);

G_END_DECLS
