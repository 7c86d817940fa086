/* plz-error.c — the one error domain shared by client and server */
#include "plz-error.h"

G_DEFINE_QUARK (plz-error-quark, plz_error)

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
};

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
