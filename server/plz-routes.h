/* plz-routes.h — the API's index: every route the server answers */
#pragma once

#include "plz-router.h"

G_BEGIN_DECLS

/* The route table; sets *@n_routes to its length. */
const PlzRoute *plz_routes_get (gsize *n_routes);

G_END_DECLS
