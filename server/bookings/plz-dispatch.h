/* plz-dispatch.h — on-demand requests: candidates from the store, the engine's
 * offers as durable jobs, and the booking an accepted offer makes */
#pragma once

#include <json-glib/json-glib.h>

#include "plz-bookings.h"

G_BEGIN_DECLS

/* The job kind that times an offer out (key: offer id; payload {"request_id"}). */
#define PLZ_DISPATCH_JOB_TIMEOUT "dispatch.offer_timeout"

/* Registers the timeout job and resumes requests left mid-offer (an offer
 * that ran out while the server was down goes to the next candidate). */
PlzDispatch *plz_dispatch_new            (PlzBookings    *bookings);
void         plz_dispatch_free           (PlzDispatch    *self);

/* How far candidates may be (km; default PLZ_DISPATCH_DEFAULT_RADIUS_KM) and
 * how long an offer stands (µs; default 60 s). */
void         plz_dispatch_set_radius     (PlzDispatch    *self,
                                          double          radius_km);
void         plz_dispatch_set_window     (PlzDispatch    *self,
                                          gint64          window_us);

/* {"accepting","lat","lng"} of operator @user (accepting false, no point, when never set). */
JsonObject  *plz_dispatch_get_settings   (PlzDispatch    *self,
                                          const PlzUser  *user,
                                          GError        **error);
/* Sets them from @body ({"accepting":bool,"lat","lng"}). */
JsonObject  *plz_dispatch_put_settings   (PlzDispatch    *self,
                                          const PlzUser  *user,
                                          JsonObject     *body,
                                          GError        **error);

/* Starts a request from @body; {"request"}; *@created FALSE for a retry. */
JsonObject  *plz_dispatch_create         (PlzDispatch    *self,
                                          const PlzUser  *user,
                                          JsonObject     *body,
                                          gboolean       *created,
                                          GError        **error);
/* {"request"} for its consumer or an admin; NOT_FOUND for anyone else. */
JsonObject  *plz_dispatch_get            (PlzDispatch    *self,
                                          const PlzUser  *user,
                                          const char     *id,
                                          GError        **error);
/* The consumer gives up; {"request"}. */
JsonObject  *plz_dispatch_cancel         (PlzDispatch    *self,
                                          const PlzUser  *user,
                                          const char     *id,
                                          GError        **error);
/* {"offers":[...]} out now to operator @user. */
JsonObject  *plz_dispatch_offers         (PlzDispatch    *self,
                                          const PlzUser  *user,
                                          GError        **error);
/* Operator @user takes offer @offer_id: {"booking"}. */
JsonObject  *plz_dispatch_accept         (PlzDispatch    *self,
                                          const PlzUser  *user,
                                          const char     *offer_id,
                                          GError        **error);
/* Operator @user turns offer @offer_id down: {"request_id","status"}. */
JsonObject  *plz_dispatch_decline        (PlzDispatch    *self,
                                          const PlzUser  *user,
                                          const char     *offer_id,
                                          GError        **error);

G_END_DECLS
