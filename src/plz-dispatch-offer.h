/* plz-dispatch-offer.h — a live job offer to an operator: why they were
 * chosen, a countdown to the deadline, Accept and Decline */
#pragma once

#include <gtk/gtk.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define PLZ_TYPE_DISPATCH_OFFER (plz_dispatch_offer_get_type ())

G_DECLARE_FINAL_TYPE (PlzDispatchOffer, plz_dispatch_offer, PLZ, DISPATCH_OFFER, GtkBox)

/* A card for @offer (id, request_id, deadline, score, reason, distance_km,
 * tags, note); its buttons activate "@group.offer" with (offer id, "accept"|"decline"). */
GtkWidget  *plz_dispatch_offer_new          (JsonObject       *offer,
                                             const char       *group);

/* The offer's id. */
const char *plz_dispatch_offer_get_id       (PlzDispatchOffer *self);

/* Whole seconds left before the deadline (0 once past), by plz_time_now_us. */
gint64      plz_dispatch_offer_get_seconds_left (PlzDispatchOffer *self);

/* The countdown as shown ("42 s left", "Expired"). */
const char *plz_dispatch_offer_get_countdown (PlzDispatchOffer *self);

/* Redraws the countdown now (it ticks every second by itself). */
void        plz_dispatch_offer_tick         (PlzDispatchOffer *self);

/* Disables the buttons while an answer is on its way, or for good once expired. */
void        plz_dispatch_offer_set_busy     (PlzDispatchOffer *self,
                                             gboolean          busy);

G_END_DECLS
