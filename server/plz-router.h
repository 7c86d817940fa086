/* plz-router.h — the route table: method + path pattern → handler */
#pragma once

#include "plz-request.h"

G_BEGIN_DECLS

/* Who may call a route. There is no default: a route without one is refused
 * when the table is built, so no handler can forget to say. */
typedef enum
{
  PLZ_ACCESS_UNSET,
  PLZ_ACCESS_ANYONE,     /* no sign-in needed (a token, when sent, must still be good) */
  PLZ_ACCESS_SIGNED_IN,  /* any active account; handlers scope data to request->user */
  PLZ_ACCESS_OPERATOR,   /* accounts with the operator role */
  PLZ_ACCESS_ADMIN,      /* admins only */
} PlzAccess;

typedef struct
{
  const char      *method;   /* "GET", "POST", ... */
  const char      *pattern;  /* "/api/v1/things/{id}": {name} matches one segment */
  PlzAccess        access;
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
