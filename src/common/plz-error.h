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
  PLZ_ERROR_INVALID_CREDENTIALS,/* 401 invalid_credentials */
  PLZ_ERROR_SESSION_EXPIRED,    /* 401 session_expired */
  PLZ_ERROR_ACCOUNT_SUSPENDED,  /* 403 account_suspended */
  PLZ_ERROR_ACCOUNT_BANNED,     /* 403 account_banned */
  PLZ_ERROR_TOO_MANY_ATTEMPTS,  /* 429 too_many_attempts */
  PLZ_ERROR_EMAIL_TAKEN,        /* 409 email_taken */
  PLZ_ERROR_INVALID_TOKEN,      /* 400 invalid_token */
  PLZ_ERROR_LENGTH_REQUIRED,    /* 411 length_required */
  PLZ_ERROR_CONTACT_NOT_ALLOWED,/* 422 contact_details_not_allowed */
  PLZ_ERROR_SENDING_RESTRICTED, /* 403 sending_restricted */
  PLZ_ERROR_SLOT_UNAVAILABLE,   /* 409 slot_unavailable (bookings) */
  PLZ_ERROR_OUTSIDE_HOURS,      /* 409 outside_hours */
  PLZ_ERROR_TOO_SOON,           /* 409 too_soon */
  PLZ_ERROR_TOO_FAR,            /* 409 too_far */
  PLZ_ERROR_DAILY_LIMIT,        /* 409 daily_limit */
  PLZ_ERROR_OWN_SERVICE,        /* 403 own_service */
  PLZ_ERROR_INVALID_TRANSITION, /* 409 invalid_transition */
  PLZ_ERROR_TOO_LATE_TO_CANCEL, /* 409 too_late_to_cancel */
  PLZ_ERROR_NOT_CONFIRMED,      /* 409 not_confirmed (no invite before confirmation) */
  PLZ_ERROR_OFFER_EXPIRED,      /* 409 offer_expired (dispatch) */
  PLZ_ERROR_OFFER_NOT_CURRENT,  /* 409 offer_not_current */
  PLZ_ERROR_REQUEST_FINISHED,   /* 409 request_finished */
} PlzErrorCode;

#define PLZ_ERROR_LAST PLZ_ERROR_REQUEST_FINISHED

GQuark       plz_error_quark       (void);

/* The wire code ("not_found") for @code. */
const char  *plz_error_code_name   (PlzErrorCode code);

/* The HTTP status a server answers @code with. */
guint        plz_error_code_status (PlzErrorCode code);

/* Names the input field @error is about (an error of PLZ_ERROR only). */
void         plz_error_set_field   (GError       *error,
                                    const char   *field);

/* The input field @error is about, or NULL. */
const char  *plz_error_get_field   (const GError *error);

/* Keeps the server's own code ("slot_unavailable") on @error (of PLZ_ERROR),
 * for codes that have no PlzErrorCode here. */
void         plz_error_set_wire_code (GError       *error,
                                      const char   *wire_code);

/* The wire code @error came with, else its code's name; NULL outside PLZ_ERROR. */
const char  *plz_error_get_wire_code (const GError *error);

/* Sets @error to PLZ_ERROR_INVALID_INPUT about @field. */
void         plz_error_set_invalid (GError      **error,
                                    const char   *field,
                                    const char   *format,
                                    ...) G_GNUC_PRINTF (3, 4);

/* Parses a wire code back into a PlzErrorCode; unknown names give PLZ_ERROR_INTERNAL. */
PlzErrorCode plz_error_code_from_name (const char *name);

G_END_DECLS
