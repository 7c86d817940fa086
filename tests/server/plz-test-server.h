/* plz-test-server.h — an in-process server on port 0 in its own thread, and
 * small HTTP/JSON helpers for server tests */
#pragma once

#include <libsoup/soup.h>
#include <json-glib/json-glib.h>

#include "plz-server.h"

G_BEGIN_DECLS

typedef struct _PlzTestServer PlzTestServer;

typedef struct
{
  guint               status;
  char               *body;       /* NUL-terminated */
  gsize               length;
  JsonNode           *json;       /* NULL when the body is not JSON */
  SoupMessageHeaders *headers;
} PlzTestResponse;

/* Starts a server with a fresh temporary data directory. */
PlzTestServer   *plz_test_server_new          (void);

/* Starts a server with @config (port and listen are forced to 127.0.0.1:0;
 * a NULL data_dir gets a temporary one). Takes @config. */
PlzTestServer   *plz_test_server_new_with     (PlzConfig       *config);

/* Like plz_test_server_new_with(), serving @routes instead of the API's. */
PlzTestServer   *plz_test_server_new_with_routes (PlzConfig    *config,
                                                  const PlzRoute *routes,
                                                  gsize         n_routes);

/* Shuts the server down gracefully, joins its thread, removes the temp dir. */
void             plz_test_server_free         (PlzTestServer   *ts);

/* The server object (touch only what is thread-safe, or after stopping). */
PlzServer       *plz_test_server_get_server   (PlzTestServer   *ts);

/* "http://127.0.0.1:PORT". */
const char      *plz_test_server_get_url      (PlzTestServer   *ts);

/* The data directory in use. */
const char      *plz_test_server_get_data_dir (PlzTestServer   *ts);

/* Signs up @email (becoming an operator too when @operator) and returns the
 * session token; *@user_id gets the account id when not NULL. */
char            *plz_test_sign_up             (PlzTestServer   *ts,
                                               const char      *email,
                                               gboolean         operator,
                                               char           **user_id);

/* Creates (and with @publish, publishes) a car-wash listing titled @title as
 * the operator holding @token; returns its id. */
char            *plz_test_make_listing        (PlzTestServer   *ts,
                                               const char      *token,
                                               const char      *title,
                                               gboolean         publish);

/* Sends a request; @body may be NULL. Content type defaults to JSON. */
PlzTestResponse *plz_test_request             (PlzTestServer   *ts,
                                               const char      *method,
                                               const char      *path,
                                               const char      *body,
                                               const char      *content_type);

/* Like plz_test_request(), with "Authorization: Bearer @token" when not NULL. */
PlzTestResponse *plz_test_request_auth        (PlzTestServer   *ts,
                                               const char      *method,
                                               const char      *path,
                                               const char      *body,
                                               const char      *token);

/* Sends raw @bytes as the body with @content_type and @token. */
PlzTestResponse *plz_test_request_bytes       (PlzTestServer   *ts,
                                               const char      *method,
                                               const char      *path,
                                               GBytes          *bytes,
                                               const char      *content_type,
                                               const char      *token);

/* Writes @raw as-is to a new connection and reads until the server closes or
 * 5 s pass; returns what came back. For malformed or oversized requests. */
char            *plz_test_raw_request         (PlzTestServer   *ts,
                                               const char      *raw,
                                               gsize            raw_length);

/* Frees @response. */
void             plz_test_response_free       (PlzTestResponse *response);

/* The error code of an error answer, or NULL. */
const char      *plz_test_response_error_code (PlzTestResponse *response);

/* Removes @path and everything under it. */
void             plz_test_rm_rf               (const char      *path);

/* Fails the test unless @actual equals the JSON text @expected (member order
 * and int/double spelling do not matter). */
#define plz_assert_json_equal(actual, expected) \
  plz_test_assert_json_equal (__FILE__, __LINE__, G_STRFUNC, #actual, (actual), (expected))

void             plz_test_assert_json_equal   (const char      *file,
                                               int              line,
                                               const char      *func,
                                               const char      *expr,
                                               JsonNode        *actual,
                                               const char      *expected);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PlzTestResponse, plz_test_response_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PlzTestServer, plz_test_server_free)

G_END_DECLS
