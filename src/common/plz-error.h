/* plz-error.h — the one error domain shared by client and server */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define PLZ_ERROR (plz_error_quark ())

/* Each code maps to one wire code (snake_case) and one HTTP status. */
typedef enum
{
  PLZ_ERROR_INTERNAL,           /* 500 internal_error */
  PLZ_ERROR_INVALID_JSON,       /* 400 invalid_json */
  PLZ_ERROR_INVALID_INPUT,      /* 400 invalid_input */
  PLZ_ERROR_NOT_FOUND,          /* 404 not_found */
  PLZ_ERROR_METHOD_NOT_ALLOWED, /* 405 method_not_allowed */
  PLZ_ERROR_PAYLOAD_TOO_LARGE,  /* 413 payload_too_large */
  PLZ_ERROR_UNSUPPORTED_MEDIA,  /* 415 unsupported_media_type */
  PLZ_ERROR_UNAUTHORIZED,       /* 401 unauthorized */
  PLZ_ERROR_FORBIDDEN,          /* 403 forbidden */
  PLZ_ERROR_CONFLICT,           /* 409 conflict */
  PLZ_ERROR_UNAVAILABLE,        /* 503 unavailable */
  PLZ_ERROR_SCHEMA_TOO_NEW,     /* 500 schema_too_new */
  PLZ_ERROR_STORE,              /* 500 store_error */
} PlzErrorCode;

GQuark       plz_error_quark       (void);

/* The wire code ("not_found") for @code. */
const char  *plz_error_code_name   (PlzErrorCode code);

/* The HTTP status a server answers @code with. */
guint        plz_error_code_status (PlzErrorCode code);

/* Parses a wire code back into a PlzErrorCode; unknown names give PLZ_ERROR_INTERNAL. */
PlzErrorCode plz_error_code_from_name (const char *name);

G_END_DECLS
