/* plz-router.h — the route table: method + path pattern → handler */
#pragma once

#include "plz-request.h"

G_BEGIN_DECLS

typedef struct
{
  const char      *method;   /* "GET", "POST", ... */
  const char      *pattern;  /* "/api/v1/things/{id}": {name} matches one segment */
  PlzRouteHandler  handler;
} PlzRoute;

typedef struct _PlzRouter PlzRouter;

/* Compiles @n_routes routes; @routes must outlive the router. */
PlzRouter *plz_router_new      (const PlzRoute    *routes,
                                gsize              n_routes);

/* Frees @router. */
void       plz_router_free     (PlzRouter         *router);

/* Runs the matching handler, or answers 404 (no such path) or 405 (path
 * exists, method does not; with an Allow header). */
void       plz_router_dispatch (PlzRouter         *router,
                                PlzServer         *server,
                                SoupServerMessage *msg);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PlzRouter, plz_router_free)

G_END_DECLS
