/* plz-routes.c — the API's index: every route the server answers */
#include "plz-routes.h"

#include "system/plz-system-routes.h"

static const PlzRoute routes[] = {
  { "GET", "/api/v1/health", plz_system_health },
};

const PlzRoute *
plz_routes_get (gsize *n_routes)
{
  *n_routes = G_N_ELEMENTS (routes);
  return routes;
}
