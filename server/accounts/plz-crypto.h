/* plz-crypto.h — password hashing (libxcrypt yescrypt), tokens, digests */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define PLZ_PASSWORD_DEFAULT_COST 5   /* yescrypt's own default: ~30 ms here */

/* Hashes @password with yescrypt at @cost (1–11); a crypt(3) string. */
char     *plz_password_hash         (const char  *password,
                                     guint        cost,
                                     GError     **error);

/* TRUE when @password matches @hash. Compares in constant time. */
gboolean  plz_password_verify       (const char  *password,
                                     const char  *hash);

/* TRUE when @hash was made with other parameters than @cost gives now. */
gboolean  plz_password_needs_rehash (const char  *hash,
                                     guint        cost);

/* Spends the time of one verification, for answers that must not reveal
 * whether an account exists. */
void      plz_password_burn         (const char  *password,
                                     guint        cost);

/* @n_bytes from getrandom(2), base64url without padding. */
char     *plz_random_token          (gsize        n_bytes);

/* A short random id for rows (128 bits, hex). */
char     *plz_random_id             (void);

/* @n decimal digits from getrandom(2), uniformly distributed. */
char     *plz_random_digits         (guint        n);

/* Lower-case hex SHA-256 of @text. */
char     *plz_sha256_hex            (const char  *text);

/* Constant-time string equality. */
gboolean  plz_constant_time_equal   (const char  *a,
                                     const char  *b);

G_END_DECLS
