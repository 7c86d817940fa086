/* plz-schedule-page.h — an operator's Schedule: the week, requests to answer,
 * live dispatch offers, and each booking in full */
#pragma once

#include <adwaita.h>

#include "plz-account.h"
#include "plz-week-view.h"

G_BEGIN_DECLS

#define PLZ_TYPE_SCHEDULE_PAGE (plz_schedule_page_get_type ())

G_DECLARE_FINAL_TYPE (PlzSchedulePage, plz_schedule_page, PLZ, SCHEDULE_PAGE, AdwBin)

/* An empty page; give it an account to load. */
GtkWidget   *plz_schedule_page_new          (void);

/* Shows the schedule of whoever is signed in to @account (loaded when shown). */
void         plz_schedule_page_set_account  (PlzSchedulePage *self,
                                             PlzAccount      *account);

/* Fetches the week, the requests and the offers again. */
void         plz_schedule_page_reload       (PlzSchedulePage *self);

/* A live event for this operator: "dispatch.offer" ({"offer":{...}}) shows
 * the offer; "booking.updated" ({"booking":{...}}) refreshes the page. */
void         plz_schedule_page_apply_event  (PlzSchedulePage *self,
                                             const char      *kind,
                                             JsonObject      *data);

/* "loading", "error" or "week". */
const char  *plz_schedule_page_get_state    (PlzSchedulePage *self);

/* The week view, the requests list and the box of offers (for tests and pictures). */
PlzWeekView *plz_schedule_page_get_week_view (PlzSchedulePage *self);
GtkListBox  *plz_schedule_page_get_requests (PlzSchedulePage *self);
GtkBox      *plz_schedule_page_get_offers   (PlzSchedulePage *self);

/* The booking sheet this page opened and that is still open, or NULL. */
GtkWindow   *plz_schedule_page_get_sheet    (PlzSchedulePage *self);

G_END_DECLS
