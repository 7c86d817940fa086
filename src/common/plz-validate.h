/* plz-validate.h — checks on user input, shared by the client (as you type) and the server */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define PLZ_PASSWORD_MIN_CHARS 10
#define PLZ_PASSWORD_MAX_BYTES 256
#define PLZ_NAME_MAX_CHARS 80
#define PLZ_BIO_MAX_CHARS 1000
#define PLZ_EMAIL_MAX_BYTES 254

/* All functions take the wire name of @field ("display_name") and fail with
 * PLZ_ERROR_INVALID_INPUT and a message naming it in words ("Display name …").
 * @text may be NULL or any bytes; lengths count Unicode characters. */

/* Checks a plain mailbox address (local@domain.tld, ASCII, ≤ 254 bytes) and returns it
 * trimmed and lower-cased. */
char     *plz_validate_email        (const char  *field,
                                     const char  *text,
                                     GError     **error);

/* Checks a person's or business's name and returns it trimmed, NFC and with runs of
 * spaces collapsed. */
char     *plz_validate_name         (const char  *field,
                                     const char  *text,
                                     GError     **error);

/* Checks free text of at most @max_chars characters without control characters or
 * markup tags, and returns it trimmed and NFC; empty text gives "". */
char     *plz_validate_text         (const char  *field,
                                     const char  *text,
                                     guint        max_chars,
                                     GError     **error);

/* Checks a new password's length and rejects trivial and very common ones; the
 * message never quotes it. */
gboolean  plz_validate_password     (const char  *field,
                                     const char  *text,
                                     GError     **error);

/* Checks a phone number and returns it in E.164 (+27825551234); national forms
 * starting with 0 are read in @default_region (ZA, GB, US, DE, NG, KE; may be NULL). */
char     *plz_validate_phone        (const char  *field,
                                     const char  *text,
                                     const char  *default_region,
                                     GError     **error);

/* Checks an IANA time zone identifier ("Africa/Johannesburg", "UTC") known to GLib. */
gboolean  plz_validate_timezone     (const char  *field,
                                     const char  *text,
                                     GError     **error);

/* Checks a locale tag ("en", "af-ZA", "zu_ZA.UTF-8") and returns it as language[_REGION]. */
char     *plz_validate_locale       (const char  *field,
                                     const char  *text,
                                     GError     **error);

G_END_DECLS
