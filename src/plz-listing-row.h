/* plz-listing-row.h — one of an operator's listings in their list: photo,
 * title, price, status, counters, and the moves its status allows */
#pragma once

#include <gtk/gtk.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define PLZ_TYPE_LISTING_ROW (plz_listing_row_get_type ())

G_DECLARE_FINAL_TYPE (PlzListingRow, plz_listing_row, PLZ, LISTING_ROW, GtkListBoxRow)

/* A row for @listing as the server sent it. Its buttons activate
 * listings.set-status (id, status), listings.edit (id) and listings.delete (id). */
GtkWidget  *plz_listing_row_new            (JsonObject    *listing);

/* The listing the row shows. */
JsonObject *plz_listing_row_get_listing    (PlzListingRow *self);

/* Shows @thumbnail (the cover photo) instead of the camera icon. */
void        plz_listing_row_set_thumbnail  (PlzListingRow *self,
                                            GdkPaintable  *thumbnail);

/* In a narrow window the Edit button goes into the menu (the row itself
 * opens the editor too). */
void        plz_listing_row_set_narrow     (PlzListingRow *self,
                                            gboolean       narrow);

/* The photo @bytes cut to a centred square of @pixels a side (twice the size
 * shown, for sharp HiDPI), or NULL with @error. */
GdkTexture *plz_listing_row_make_thumbnail (GBytes        *bytes,
                                            int            pixels,
                                            GError       **error);

/* The button for moving to @status ("Publish"…), as a person would say it
 * for a listing that is @from. */
const char *plz_listing_row_move_label     (const char    *from,
                                            const char    *status);

G_END_DECLS
