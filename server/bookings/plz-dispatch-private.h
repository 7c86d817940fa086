/* plz-dispatch-private.h — the on-demand service's insides, shared by
 * plz-dispatch.c, plz-dispatch-create.c and plz-dispatch-settings.c (the
 * engine's own are in plz-dispatch-engine-private.h) */
#pragma once

#include "plz-dispatch.h"
#include "plz-bookings-private.h"
#include "plz-dispatch-engine.h"
#include "plz-dispatch-store.h"

G_BEGIN_DECLS

struct _PlzDispatch
{
  PlzBookings *bookings;
  double       radius_km;
  gint64       window_us;
};

/* One call's view of one request: what the engine's hooks need and what they did. */
typedef struct
{
  PlzDispatch         *self;
  PlzDispatchRequest  *req;        /* borrowed */
  gboolean             changed;
  GError              *hook_error; /* the first failure of a hook that cannot fail itself */
  PlzBooking          *booking;    /* made by an accepted offer */
} PlzDispatchCtx;

/* The engine's clock (the jobs' clock, timeouts as durable jobs) and hooks
 * (offers as events, a booking for an accepted offer); user data a PlzDispatchCtx. */
extern const PlzDispatchClock _plz_dispatch_clock;
extern const PlzDispatchHooks _plz_dispatch_hooks;

/* Frees what @ctx holds (not @ctx). */
void               _plz_dispatch_ctx_clear      (PlzDispatchCtx     *ctx);

/* The store the bookings service writes to. */
PlzStore          *_plz_dispatch_store_of       (PlzDispatch        *self);

/* The tags of a request row (a JSON array of strings) as a vector. */
GStrv              _plz_dispatch_parse_tags     (const char         *json);

/* The wire's request: the engine's decisions with the row's details, as
 * @viewer_id may see them. */
JsonObject        *_plz_dispatch_request_json   (PlzDispatchCtx     *ctx,
                                                 PlzDispatchEngine  *engine,
                                                 const char         *viewer_id);

/* {@name: @member}, taking @member. */
JsonObject        *_plz_dispatch_wrap           (const char         *name,
                                                 JsonObject         *member);

/* The engine of @ctx's request, bound to the durable clock and hooks. */
PlzDispatchEngine *_plz_dispatch_load_engine    (PlzDispatchCtx     *ctx,
                                                 GError            **error);

/* Writes the engine's state into the request row and tells its consumer. */
gboolean           _plz_dispatch_save           (PlzDispatchCtx     *ctx,
                                                 PlzDispatchEngine  *engine,
                                                 GError            **error);

/* Reads number @member of @body within ±@limit into *@out. */
gboolean           _plz_dispatch_get_coordinate (JsonObject         *body,
                                                 const char         *member,
                                                 double              limit,
                                                 double             *out,
                                                 GError            **error);

/* Refuses members of @body not in @allowed, naming the first. */
gboolean           _plz_dispatch_check_members  (JsonObject         *body,
                                                 const char * const *allowed,
                                                 GError            **error);

G_END_DECLS
