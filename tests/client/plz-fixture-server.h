/* plz-fixture-server.h — an in-process HTTP server that answers the bookings
 * routes with JSON fixtures, for app tests written before the server routes
 * exist; it records each request so tests can check what the app sent */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef struct _PlzFixtureServer PlzFixtureServer;

/* A server on a free port of 127.0.0.1. */
PlzFixtureServer *plz_fixture_server_new      (void);

/* Its base address ("http://127.0.0.1:PORT"). */
const char       *plz_fixture_server_get_url  (PlzFixtureServer *self);

/* Answers "@method @path" (path without the query) with @status and @body:
 * JSON text, or "@name.json" for tests/client/data/bookings/@name.json.
 * A later answer for the same request replaces the earlier one. */
void              plz_fixture_server_answer   (PlzFixtureServer *self,
                                               const char       *method,
                                               const char       *path,
                                               guint             status,
                                               const char       *body);

/* Answers "@method @path" with @status and @body (as above) when the request's
 * query has every "key=value" of @query ("scope=past&cursor=p2"); of several
 * that fit, the one naming most parameters wins. Counted with the path's. */
void              plz_fixture_server_answer_query (PlzFixtureServer *self,
                                                   const char       *method,
                                                   const char       *path,
                                                   const char       *query,
                                                   guint             status,
                                                   const char       *body);

/* How many requests "@method @path" came in. */
guint             plz_fixture_server_count    (PlzFixtureServer *self,
                                               const char       *method,
                                               const char       *path);

/* The body (parsed) and the query of the last such request, or NULL. */
JsonObject       *plz_fixture_server_last_body  (PlzFixtureServer *self,
                                                 const char       *method,
                                                 const char       *path);
const char       *plz_fixture_server_last_query (PlzFixtureServer *self,
                                                 const char       *method,
                                                 const char       *path);

/* Stops and frees it. */
void              plz_fixture_server_free     (PlzFixtureServer *self);

/* Reads tests/client/data/bookings/@name as a JSON object. */
JsonObject       *plz_fixture_load            (const char *name);

G_END_DECLS
