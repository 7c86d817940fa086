/* plz-request.h — one HTTP request as handlers see it, and JSON answers */
#pragma once

#include <libsoup/soup.h>
#include <json-glib/json-glib.h>

#include "plz-error.h"
#include "accounts/plz-user.h"
#include "accounts/plz-accounts-store.h"

G_BEGIN_DECLS

typedef struct _PlzServer PlzServer;

typedef struct
{
  PlzServer         *server;
  SoupServerMessage *msg;
  const char        *path;
  GHashTable        *params;   /* {name} in the route pattern → segment */
  PlzUser           *user;     /* the caller, when signed in */
  PlzSession        *session;  /* the caller's session, when signed in */
} PlzRequest;

/* A route's handler: parse and validate, call the domain, answer. */
typedef void (*PlzRouteHandler) (PlzRequest *request);

/* The value of path parameter @name, or NULL. */
const char *plz_request_get_param       (PlzRequest  *request,
                                         const char  *name);

/* Parses the body as a JSON object, checking the content type; on failure
 * answers 400/415 itself and returns NULL. */
JsonObject *plz_request_parse_body      (PlzRequest  *request);

/* Answers @status with @object as JSON. */
void        plz_request_reply_object    (PlzRequest  *request,
                                         guint        status,
                                         JsonObject  *object);

/* Answers @status with @o (taken) when it is not NULL, else with *@error: a
 * pointer, because @o's own call sets it and C does not order the evaluation
 * of arguments. */
void        plz_request_reply_taken     (PlzRequest  *request,
                                         guint        status,
                                         JsonObject  *o,
                                         GError     **error);

/* Answers with the error shape of ARCHITECTURE.md; @field may be NULL. */
void        plz_request_reply_error     (PlzRequest  *request,
                                         PlzErrorCode code,
                                         const char  *message,
                                         const char  *field);

/* Answers from a GError; PLZ_ERROR codes keep their status, anything else is 500. */
void        plz_request_reply_gerror    (PlzRequest  *request,
                                         const GError *error);

/* Fails with a 400 naming the first member of @body not in @allowed
 * (NULL-terminated); TRUE when all are known. */
gboolean    plz_request_check_members   (PlzRequest  *request,
                                         JsonObject  *body,
                                         const char * const *allowed);

/* A query parameter, or NULL. */
const char *plz_request_get_query       (PlzRequest  *request,
                                         const char  *name);

/* Holds the (already set) answer back for @delay_ms without blocking others. */
void        plz_request_delay           (PlzRequest  *request,
                                         guint        delay_ms);

/* Pauses @request's message and returns a copy that outlives the handler, for
 * an answer that comes from work on another thread. Only server and msg are
 * set in the copy. */
PlzRequest *plz_request_hold            (PlzRequest  *request);

/* Lets libsoup send the answer set on @held after @delay_ms (0: now) and frees
 * @held. Safe when the client has gone meanwhile. */
void        plz_request_release         (PlzRequest  *held,
                                         guint        delay_ms);

/* The client's address, for throttling and the session list. */
const char *plz_request_get_client_addr (PlzRequest  *request);

/* Sets a JSON error answer directly on a message (for code outside a route). */
/* Sets @object as @msg's JSON answer (for answers given after the handler). */
void        plz_message_set_object      (SoupServerMessage *msg,
                                         guint              status,
                                         JsonObject        *object);

void        plz_message_set_error       (SoupServerMessage *msg,
                                         PlzErrorCode       code,
                                         const char        *message,
                                         const char        *field);

G_END_DECLS
