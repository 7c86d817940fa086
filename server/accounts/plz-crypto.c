/* plz-crypto.c — password hashing (libxcrypt yescrypt), tokens, digests */
#define G_LOG_DOMAIN "plaza-accounts"

#include "plz-crypto.h"
#include "plz-error.h"

#include <crypt.h>
#include <errno.h>
#include <string.h>
#include <sys/random.h>

static void
fill_random (void  *buf,
             gsize  len)
{
  guint8 *p = buf;

  while (len > 0)
    {
      ssize_t n = getrandom (p, len, 0);

      if (n < 0)
        {
          if (errno == EINTR)
            continue;
          g_error ("getrandom failed: %s", g_strerror (errno));
        }
      p += n;
      len -= (gsize) n;
    }
}

/* The "$y$PARAMS$" prefix yescrypt writes for @cost, with a fresh salt after it. */
static char *
make_setting (guint    cost,
              GError **error)
{
  char *setting = crypt_gensalt_ra ("$y$", cost, NULL, 0);

  if (setting == NULL || setting[0] == '*')
    {
      g_set_error (error, PLZ_ERROR, PLZ_ERROR_INTERNAL, "Cannot make a password salt: %s",
                   g_strerror (errno));
      free (setting);
      return NULL;
    }
  return setting;
}

char *
plz_password_hash (const char  *password,
                   guint        cost,
                   GError     **error)
{
  g_autofree struct crypt_data *data = g_new0 (struct crypt_data, 1);
  char *setting;
  char *out;
  char *hash;

  g_return_val_if_fail (password != NULL, NULL);

  setting = make_setting (cost, error);
  if (setting == NULL)
    return NULL;
  out = crypt_rn (password, setting, data, sizeof *data);
  free (setting);
  if (out == NULL || out[0] == '*')
    {
      g_set_error_literal (error, PLZ_ERROR, PLZ_ERROR_INTERNAL, "Cannot hash the password");
      return NULL;
    }
  hash = g_strdup (out);
  explicit_bzero (data, sizeof *data);
  return hash;
}

gboolean
plz_password_verify (const char *password,
                     const char *hash)
{
  g_autofree struct crypt_data *data = g_new0 (struct crypt_data, 1);
  gboolean ok;
  char *out;

  if (password == NULL || hash == NULL || hash[0] != '$')
    return FALSE;
  out = crypt_rn (password, hash, data, sizeof *data);
  ok = out != NULL && out[0] != '*' && plz_constant_time_equal (out, hash);
  explicit_bzero (data, sizeof *data);
  return ok;
}

/* The parameters are everything up to the last '$' before the salt. */
static gsize
params_length (const char *s)
{
  const char *p = s;
  guint dollars = 0;

  for (; *p != '\0'; p++)
    if (*p == '$' && ++dollars == 3)
      return (gsize) (p - s) + 1;
  return 0;
}

gboolean
plz_password_needs_rehash (const char *hash,
                           guint       cost)
{
  g_autoptr(GError) error = NULL;
  char *setting;
  gsize n;
  gboolean differs;

  if (hash == NULL || !g_str_has_prefix (hash, "$y$"))
    return TRUE;
  setting = make_setting (cost, &error);
  if (setting == NULL)
    return FALSE;
  n = params_length (setting);
  differs = n == 0 || params_length (hash) != n || strncmp (hash, setting, n) != 0;
  free (setting);
  return differs;
}

void
plz_password_burn (const char *password,
                   guint       cost)
{
  g_autofree char *hash = plz_password_hash (password != NULL ? password : "", cost, NULL);
}

char *
plz_random_token (gsize n_bytes)
{
  g_autofree guint8 *buf = g_malloc (n_bytes);
  char *text;

  fill_random (buf, n_bytes);
  text = g_base64_encode (buf, n_bytes);
  g_strdelimit (text, "+", '-');
  g_strdelimit (text, "/", '_');
  for (char *p = text + strlen (text); p > text && p[-1] == '='; p--)
    p[-1] = '\0';
  explicit_bzero (buf, n_bytes);
  return text;
}

char *
plz_random_id (void)
{
  guint8 buf[16];
  GString *s = g_string_sized_new (33);

  fill_random (buf, sizeof buf);
  for (guint i = 0; i < sizeof buf; i++)
    g_string_append_printf (s, "%02x", buf[i]);
  return g_string_free (s, FALSE);
}

char *
plz_random_digits (guint n)
{
  GString *s = g_string_sized_new (n + 1);

  while (s->len < n)
    {
      guint8 b;

      fill_random (&b, 1);
      /* Reject 250–255 so every digit is equally likely. */
      if (b < 250)
        g_string_append_c (s, (char) ('0' + b % 10));
    }
  return g_string_free (s, FALSE);
}

char *
plz_sha256_hex (const char *text)
{
  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, text, -1);
}

gboolean
plz_constant_time_equal (const char *a,
                         const char *b)
{
  gsize la = strlen (a), lb = strlen (b);
  guint8 diff = la != lb;

  for (gsize i = 0; i < MIN (la, lb); i++)
    diff |= (guint8) (a[i] ^ b[i]);
  return diff == 0;
}
