/* plz-bookings-page.h — a consumer's bookings: upcoming first, then past, with
 * cancel, reschedule and add to calendar where the rules allow */
#pragma once

#include <adwaita.h>

#include "plz-account.h"

G_BEGIN_DECLS

#define PLZ_TYPE_BOOKINGS_PAGE (plz_bookings_page_get_type ())

G_DECLARE_FINAL_TYPE (PlzBookingsPage, plz_bookings_page, PLZ, BOOKINGS_PAGE, AdwBin)

/* An empty page; give it an account to load. */
GtkWidget  *plz_bookings_page_new         (void);

/* Lists the bookings of whoever is signed in to @account (loaded when shown). */
void        plz_bookings_page_set_account (PlzBookingsPage *self,
                                           PlzAccount      *account);

/* Fetches the bookings again (a no-op until it was first shown). */
void        plz_bookings_page_reload      (PlzBookingsPage *self);

/* "loading", "empty", "error" or "list". */
const char *plz_bookings_page_get_state   (PlzBookingsPage *self);

/* The list of upcoming or past bookings (for tests). */
GtkListBox *plz_bookings_page_get_list    (PlzBookingsPage *self,
                                           gboolean         upcoming);

/* The footer that loads the next page: "more", "loading", "error", or "none"
 * when every booking is shown. */
const char *plz_bookings_page_get_more_state (PlzBookingsPage *self);

G_END_DECLS
