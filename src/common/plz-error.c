/* plz-error.c — the one error domain shared by client and server */
#include "plz-error.h"

/* An extended error domain, so that an error can say which field it is about. */
typedef struct
{
  char *field;
  char *wire_code;   /* as the server sent it, also when this side has no enum for it */
} PlzErrorPrivate;

static void
plz_error_private_init (PlzErrorPrivate *priv)
{
  priv->field = NULL;
  priv->wire_code = NULL;
}

static void
plz_error_private_copy (const PlzErrorPrivate *src,
                        PlzErrorPrivate       *dest)
{
  dest->field = g_strdup (src->field);
  dest->wire_code = g_strdup (src->wire_code);
}

static void
plz_error_private_clear (PlzErrorPrivate *priv)
{
  g_clear_pointer (&priv->field, g_free);
  g_clear_pointer (&priv->wire_code, g_free);
}

G_DEFINE_EXTENDED_ERROR (PlzError, plz_error)

static const struct
{
  const char *name;
  guint       status;
} codes[] = {
  [PLZ_ERROR_INTERNAL] = { "internal_error", 500 },
  [PLZ_ERROR_INVALID_JSON] = { "invalid_json", 400 },
  [PLZ_ERROR_INVALID_INPUT] = { "invalid_input", 400 },
  [PLZ_ERROR_NOT_FOUND] = { "not_found", 404 },
  [PLZ_ERROR_METHOD_NOT_ALLOWED] = { "method_not_allowed", 405 },
  [PLZ_ERROR_PAYLOAD_TOO_LARGE] = { "payload_too_large", 413 },
  [PLZ_ERROR_UNSUPPORTED_MEDIA] = { "unsupported_media_type", 415 },
  [PLZ_ERROR_UNAUTHORIZED] = { "unauthorized", 401 },
  [PLZ_ERROR_FORBIDDEN] = { "forbidden", 403 },
  [PLZ_ERROR_CONFLICT] = { "conflict", 409 },
  [PLZ_ERROR_UNAVAILABLE] = { "unavailable", 503 },
  [PLZ_ERROR_SCHEMA_TOO_NEW] = { "schema_too_new", 500 },
  [PLZ_ERROR_STORE] = { "store_error", 500 },
  [PLZ_ERROR_INVALID_CREDENTIALS] = { "invalid_credentials", 401 },
  [PLZ_ERROR_SESSION_EXPIRED] = { "session_expired", 401 },
  [PLZ_ERROR_ACCOUNT_SUSPENDED] = { "account_suspended", 403 },
  [PLZ_ERROR_ACCOUNT_BANNED] = { "account_banned", 403 },
  [PLZ_ERROR_TOO_MANY_ATTEMPTS] = { "too_many_attempts", 429 },
  [PLZ_ERROR_EMAIL_TAKEN] = { "email_taken", 409 },
  [PLZ_ERROR_INVALID_TOKEN] = { "invalid_token", 400 },
  [PLZ_ERROR_LENGTH_REQUIRED] = { "length_required", 411 },
  [PLZ_ERROR_CONTACT_NOT_ALLOWED] = { "contact_details_not_allowed", 422 },
  [PLZ_ERROR_SENDING_RESTRICTED] = { "sending_restricted", 403 },
  [PLZ_ERROR_SLOT_UNAVAILABLE] = { "slot_unavailable", 409 },
  [PLZ_ERROR_OUTSIDE_HOURS] = { "outside_hours", 409 },
  [PLZ_ERROR_TOO_SOON] = { "too_soon", 409 },
  [PLZ_ERROR_TOO_FAR] = { "too_far", 409 },
  [PLZ_ERROR_DAILY_LIMIT] = { "daily_limit", 409 },
  [PLZ_ERROR_OWN_SERVICE] = { "own_service", 403 },
  [PLZ_ERROR_INVALID_TRANSITION] = { "invalid_transition", 409 },
  [PLZ_ERROR_TOO_LATE_TO_CANCEL] = { "too_late_to_cancel", 409 },
  [PLZ_ERROR_NOT_CONFIRMED] = { "not_confirmed", 409 },
  [PLZ_ERROR_OFFER_EXPIRED] = { "offer_expired", 409 },
  [PLZ_ERROR_OFFER_NOT_CURRENT] = { "offer_not_current", 409 },
  [PLZ_ERROR_REQUEST_FINISHED] = { "request_finished", 409 },
};

G_STATIC_ASSERT (G_N_ELEMENTS (codes) == PLZ_ERROR_LAST + 1);

void
plz_error_set_field (GError     *error,
                     const char *field)
{
  PlzErrorPrivate *priv;

  g_return_if_fail (error != NULL);

  if (error->domain != PLZ_ERROR)
    return;
  priv = plz_error_get_private (error);
  g_free (priv->field);
  priv->field = g_strdup (field);
}

const char *
plz_error_get_field (const GError *error)
{
  PlzErrorPrivate *priv;

  if (error == NULL || error->domain != PLZ_ERROR)
    return NULL;
  priv = plz_error_get_private (error);
  return priv != NULL ? priv->field : NULL;
}

void
plz_error_set_wire_code (GError     *error,
                         const char *wire_code)
{
  PlzErrorPrivate *priv;

  g_return_if_fail (error != NULL);

  if (error->domain != PLZ_ERROR)
    return;
  priv = plz_error_get_private (error);
  g_free (priv->wire_code);
  priv->wire_code = g_strdup (wire_code);
}

const char *
plz_error_get_wire_code (const GError *error)
{
  PlzErrorPrivate *priv;

  if (error == NULL || error->domain != PLZ_ERROR)
    return NULL;
  priv = plz_error_get_private (error);
  if (priv != NULL && priv->wire_code != NULL)
    return priv->wire_code;
  return plz_error_code_name (error->code);
}

void
plz_error_set_invalid (GError     **error,
                       const char  *field,
                       const char  *format,
                       ...)
{
  g_autofree char *message = NULL;
  va_list args;

  if (error == NULL)
    return;
  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error_literal (error, PLZ_ERROR, PLZ_ERROR_INVALID_INPUT, message);
  plz_error_set_field (*error, field);
}

const char *
plz_error_code_name (PlzErrorCode code)
{
  if ((guint) code >= G_N_ELEMENTS (codes))
    return codes[PLZ_ERROR_INTERNAL].name;
  return codes[code].name;
}

guint
plz_error_code_status (PlzErrorCode code)
{
  if ((guint) code >= G_N_ELEMENTS (codes))
    return 500;
  return codes[code].status;
}

PlzErrorCode
plz_error_code_from_name (const char *name)
{
  g_return_val_if_fail (name != NULL, PLZ_ERROR_INTERNAL);

  for (guint i = 0; i < G_N_ELEMENTS (codes); i++)
    if (g_strcmp0 (codes[i].name, name) == 0)
      return (PlzErrorCode) i;
  return PLZ_ERROR_INTERNAL;
}
