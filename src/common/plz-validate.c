/* plz-validate.c — checks on user input, shared by the client (as you type) and the server */
#include "plz-validate.h"
#include "plz-error.h"

#include <string.h>

#define EMAIL_LOCAL_MAX_BYTES 64
#define EMAIL_LABEL_MAX_BYTES 63
#define TIMEZONE_MAX_BYTES 64
#define LOCALE_MAX_BYTES 64
#define LOCALE_SHAPE "must be a language code such as “en” or “en_ZA”"

/* Normalisation can shrink text (e + U+0301 → é), so allow this much slack before it,
 * which also bounds GLib's canonical reordering, quadratic in the worst case. */
#define NFC_SLACK 4

static void set_invalid_valist (GError     **error,
                                const char  *field,
                                const char  *format,
                                va_list      args) G_GNUC_PRINTF (3, 0);
static gboolean invalid (GError     **error,
                         const char  *field,
                         const char  *format,
                         ...) G_GNUC_PRINTF (3, 4);
static char *invalid_str (GError     **error,
                          const char  *field,
                          const char  *format,
                          ...) G_GNUC_PRINTF (3, 4);

/* "display_name" → "Display name" */
static char *
field_label (const char *field)
{
  char *label;

  if (field[0] == '\0')
    return g_strdup ("Value");
  label = g_strdelimit (g_strdup (field), "_", ' ');
  label[0] = g_ascii_toupper (label[0]);
  return label;
}

/* Sets a PLZ_ERROR_INVALID_INPUT error reading "<Label> <format…>". */
static void
set_invalid_valist (GError     **error,
                    const char  *field,
                    const char  *format,
                    va_list      args)
{
  g_autofree char *label = field_label (field);
  g_autofree char *rest = g_strdup_vprintf (format, args);

  g_set_error (error, PLZ_ERROR, PLZ_ERROR_INVALID_INPUT, "%s %s", label, rest);
  if (error != NULL)
    plz_error_set_field (*error, field);
}

/* set_invalid_valist() for functions returning gboolean. */
static gboolean
invalid (GError     **error,
         const char  *field,
         const char  *format,
         ...)
{
  va_list args;

  va_start (args, format);
  set_invalid_valist (error, field, format, args);
  va_end (args);
  return FALSE;
}

/* set_invalid_valist() for functions returning a string. */
static char *
invalid_str (GError     **error,
             const char  *field,
             const char  *format,
             ...)
{
  va_list args;

  va_start (args, format);
  set_invalid_valist (error, field, format, args);
  va_end (args);
  return NULL;
}

static const char *
plural (guint n)
{
  return n == 1 ? "" : "s";
}

/* Invisible and text-direction characters, used to make one string look like another. */
static gboolean
is_spoofing_char (gunichar c)
{
  return (c >= 0x200B && c <= 0x200F)     /* zero-width space/non-joiner/joiner, LRM, RLM */
         || (c >= 0x202A && c <= 0x202E)  /* bidi embeddings and overrides */
         || (c >= 0x2066 && c <= 0x2069)  /* bidi isolates */
         || c == 0x2060                   /* word joiner */
         || c == 0xFEFF                   /* zero-width no-break space (BOM) */
         || c == 0x061C;                  /* Arabic letter mark */
}

static gboolean
check_utf8 (const char  *field,
            const char  *text,
            GError     **error)
{
  if (text == NULL)
    return invalid (error, field, "is required");
  if (!g_utf8_validate (text, -1, NULL))
    return invalid (error, field, "is not valid text (it is not UTF-8)");
  return TRUE;
}

/* Copies valid UTF-8 @text without surrounding whitespace (any script's spaces). */
static char *
strip_utf8 (const char *text)
{
  const char *start = text;
  const char *end = text + strlen (text);

  while (*start != '\0' && g_unichar_isspace (g_utf8_get_char (start)))
    start = g_utf8_next_char (start);
  while (end > start)
    {
      const char *prev = g_utf8_prev_char (end);

      if (!g_unichar_isspace (g_utf8_get_char (prev)))
        break;
      end = prev;
    }
  return g_strndup (start, end - start);
}

/* Trims @text, bounds its length and returns it in NFC, or NULL with @error set. */
static char *
trim_and_normalize (const char  *field,
                    const char  *text,
                    guint        max_chars,
                    GError     **error)
{
  g_autofree char *stripped = NULL;

  if (!check_utf8 (field, text, error))
    return NULL;
  stripped = strip_utf8 (text);
  if ((guint64) g_utf8_strlen (stripped, -1) > (guint64) max_chars * NFC_SLACK)
    return invalid_str (error, field, "is too long (at most %u character%s)",
                        max_chars, plural (max_chars));
  /* ASCII is NFC already; most messages are, and normalizing costs more
   * than checking. */
  for (const char *p = stripped; *p != '\0'; p++)
    if ((guchar) *p >= 0x80)
      return g_utf8_normalize (stripped, -1, G_NORMALIZE_NFC);
  return g_steal_pointer (&stripped);
}

/* Email */

static gboolean
is_email_local_char (char c)
{
  return g_ascii_isalnum (c) || (c != '\0' && strchr (".!#$%&'*+/=?^_`{|}~-", c) != NULL);
}

static gboolean
check_email_local (const char  *field,
                   const char  *local,
                   gsize        len,
                   GError     **error)
{
  if (len == 0)
    return invalid (error, field, "needs a name before “@”, like name@example.com");
  if (len > EMAIL_LOCAL_MAX_BYTES)
    return invalid (error, field, "has too long a name before “@” (at most %d characters)",
                    EMAIL_LOCAL_MAX_BYTES);
  for (gsize i = 0; i < len; i++)
    {
      if (local[i] == ' ')
        return invalid (error, field, "cannot contain spaces");
      if (!is_email_local_char (local[i]))
        return invalid (error, field, "cannot contain “%c”", local[i]);
    }
  if (local[0] == '.' || local[len - 1] == '.' || g_strstr_len (local, len, "..") != NULL)
    return invalid (error, field, "cannot start or end with a dot, or have two dots in a row");
  return TRUE;
}

static gboolean
check_email_domain (const char  *field,
                    const char  *domain,
                    GError     **error)
{
  g_auto(GStrv) labels = NULL;
  const char *tld;
  guint n;

  if (domain[0] == '\0')
    return invalid (error, field, "needs a domain after “@”, like example.com");
  for (const char *p = domain; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '-' && *p != '.')
      return invalid (error, field, "domain can only contain letters, digits, hyphens and dots");

  labels = g_strsplit (domain, ".", -1);
  n = g_strv_length (labels);
  if (n < 2)
    return invalid (error, field, "domain must have an ending such as .com or .co.za");
  for (guint i = 0; i < n; i++)
    {
      gsize len = strlen (labels[i]);

      if (len == 0)
        return invalid (error, field,
                        "domain cannot start or end with a dot, or have two dots in a row");
      if (len > EMAIL_LABEL_MAX_BYTES)
        return invalid (error, field, "domain has a part longer than %d characters",
                        EMAIL_LABEL_MAX_BYTES);
      if (labels[i][0] == '-' || labels[i][len - 1] == '-')
        return invalid (error, field, "domain parts cannot start or end with a hyphen");
    }

  tld = labels[n - 1];
  for (const char *p = tld; *p != '\0'; p++)
    if (!g_ascii_isalpha (*p))
      return invalid (error, field, "domain must end in letters, like .com or .za");
  if (strlen (tld) < 2)
    return invalid (error, field, "domain must end in at least two letters, like .com or .za");
  return TRUE;
}

char *
plz_validate_email (const char  *field,
                    const char  *text,
                    GError     **error)
{
  g_autofree char *email = NULL;
  const char *at;

  g_return_val_if_fail (field != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (text == NULL)
    return invalid_str (error, field, "is required");

  email = g_strstrip (g_strdup (text));
  if (email[0] == '\0')
    return invalid_str (error, field, "is required");
  if (strlen (email) > PLZ_EMAIL_MAX_BYTES)
    return invalid_str (error, field, "is too long (at most %d characters)", PLZ_EMAIL_MAX_BYTES);
  for (const char *p = email; *p != '\0'; p++)
    if ((guchar) *p >= 0x80 || g_ascii_iscntrl (*p))
      return invalid_str (error, field,
                          "can only contain unaccented letters, digits and punctuation");

  at = strchr (email, '@');
  if (at == NULL)
    return invalid_str (error, field, "must contain “@”, like name@example.com");
  if (strchr (at + 1, '@') != NULL)
    return invalid_str (error, field, "must contain only one “@”");
  if (!check_email_local (field, email, at - email, error)
      || !check_email_domain (field, at + 1, error))
    return NULL;

  /* Plaza compares addresses case-insensitively, local part included. */
  return g_ascii_strdown (email, -1);
}

/* Names */

static gboolean
is_name_char (gunichar c)
{
  return g_unichar_isalpha (c) || g_unichar_ismark (c) || g_unichar_isdigit (c)
         || (c < 0x80 && strchr (".,'-&()", (char) c) != NULL)
         || c == 0x2019;  /* ’ */
}

char *
plz_validate_name (const char  *field,
                   const char  *text,
                   GError     **error)
{
  g_autofree char *normalized = NULL;
  g_autoptr(GString) clean = NULL;
  gboolean has_letter = FALSE;
  guint n_chars = 0;

  g_return_val_if_fail (field != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  normalized = trim_and_normalize (field, text, PLZ_NAME_MAX_CHARS, error);
  if (normalized == NULL)
    return NULL;
  if (normalized[0] == '\0')
    return invalid_str (error, field, "is required");

  clean = g_string_sized_new (strlen (normalized));
  for (const char *p = normalized; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      GUnicodeType type = g_unichar_type (c);

      if (is_spoofing_char (c))
        return invalid_str (error, field, "cannot contain invisible or text-direction characters");
      if (c == ' ' || type == G_UNICODE_SPACE_SEPARATOR)
        {
          if (clean->len > 0 && clean->str[clean->len - 1] != ' ')
            {
              g_string_append_c (clean, ' ');
              n_chars++;
            }
          continue;
        }
      if (g_unichar_iscntrl (c) || type == G_UNICODE_LINE_SEPARATOR
          || type == G_UNICODE_PARAGRAPH_SEPARATOR)
        return invalid_str (error, field, "cannot contain tabs, line breaks or control characters");
      if (!is_name_char (c))
        {
          char utf8[7] = { 0 };

          g_unichar_to_utf8 (c, utf8);
          return invalid_str (error, field, "cannot contain “%s” (use letters, digits, spaces "
                              "and . , ' - & ( ) only)", utf8);
        }
      has_letter |= g_unichar_isalpha (c);
      g_string_append_unichar (clean, c);
      n_chars++;
    }

  if (n_chars > PLZ_NAME_MAX_CHARS)
    return invalid_str (error, field, "is too long (at most %d characters)", PLZ_NAME_MAX_CHARS);
  if (!has_letter)
    return invalid_str (error, field, "must contain at least one letter");
  return g_string_free (g_steal_pointer (&clean), FALSE);
}

/* Free text */

static gboolean
starts_markup_tag (const char *p)
{
  return p[0] == '<' && (g_ascii_isalpha (p[1]) || p[1] == '/' || p[1] == '!' || p[1] == '?');
}

char *
plz_validate_text (const char  *field,
                   const char  *text,
                   guint        max_chars,
                   GError     **error)
{
  g_autoptr(GString) unix_text = NULL;
  g_autofree char *normalized = NULL;
  guint n_chars = 0;

  g_return_val_if_fail (field != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!check_utf8 (field, text, error))
    return NULL;

  /* Pasted Windows line ends are not worth an error; a lone CR still is one. */
  unix_text = g_string_new (text);
  g_string_replace (unix_text, "\r\n", "\n", 0);

  normalized = trim_and_normalize (field, unix_text->str, max_chars, error);
  if (normalized == NULL)
    return NULL;

  /* Checked after NFC, which can turn a lookalike (U+212A KELVIN SIGN) into ASCII. */
  for (const char *p = normalized; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (is_spoofing_char (c))
        return invalid_str (error, field, "cannot contain invisible or text-direction characters");
      if (g_unichar_iscntrl (c) && c != '\n' && c != '\t')
        return invalid_str (error, field, "cannot contain control characters");
      if (starts_markup_tag (p))
        return invalid_str (error, field, "cannot contain HTML or other markup tags");
      n_chars++;
    }

  if (n_chars > max_chars)
    return invalid_str (error, field, "is too long (at most %u character%s)",
                        max_chars, plural (max_chars));
  return g_steal_pointer (&normalized);
}

/* Passwords */

/* The most common passwords that pass the other rules, from public breach lists. */
static const char * const common_passwords[] = {
  "password123", "password12", "password1!", "password1234", "passw0rd12", "p@ssw0rd12",
  "p@ssword123", "qwertyuiop", "qwerty1234", "qwerty12345", "qwerty123!", "1q2w3e4r5t",
  "q1w2e3r4t5", "1qaz2wsx3edc", "zaq12wsxcde", "asdfghjkl1", "zxcvbnm123", "abcdefghij",
  "abcd123456", "abc1234567", "iloveyou12", "iloveyou123", "letmein123", "welcome123",
  "welcome1234", "admin12345", "administrator", "changeme123", "football12", "sunshine12",
  "princess12", "monkey1234", "dragon1234", "trustno1234",
};

gboolean
plz_validate_password (const char  *field,
                       const char  *text,
                       GError     **error)
{
  gboolean all_same = TRUE;
  gboolean all_digits = TRUE;
  gunichar first;
  guint n_chars = 0;

  g_return_val_if_fail (field != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  /* Never quote @text in a message: it may be someone's real password. */
  if (text == NULL || text[0] == '\0')
    return invalid (error, field, "is required");
  if (strlen (text) > PLZ_PASSWORD_MAX_BYTES)
    return invalid (error, field, "is too long (at most %d characters, "
                    "fewer with accented or non-Latin letters)", PLZ_PASSWORD_MAX_BYTES);
  if (!check_utf8 (field, text, error))
    return FALSE;

  first = g_utf8_get_char (text);
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (is_spoofing_char (c))
        return invalid (error, field, "cannot contain invisible or text-direction characters");
      if (g_unichar_iscntrl (c))
        return invalid (error, field, "cannot contain control characters");
      all_same &= c == first;
      all_digits &= g_unichar_isdigit (c);
      n_chars++;
    }

  if (n_chars < PLZ_PASSWORD_MIN_CHARS)
    return invalid (error, field, "is too short (at least %d characters)", PLZ_PASSWORD_MIN_CHARS);
  if (all_same)
    return invalid (error, field, "cannot be one character repeated");
  if (all_digits && n_chars < 16)
    return invalid (error, field, "must be at least 16 digits long if it is only digits");
  for (guint i = 0; i < G_N_ELEMENTS (common_passwords); i++)
    if (g_ascii_strcasecmp (text, common_passwords[i]) == 0)
      return invalid (error, field, "is one of the most common passwords; choose another");
  return TRUE;
}

/* Phone numbers */

typedef struct
{
  const char *region;
  const char *country;
  const char *code;
  gboolean    trunk_zero;  /* national numbers start with 0, never written after the code */
  guint       min_digits;  /* national significant number, after the country code */
  guint       max_digits;
} PhoneRegion;

static const PhoneRegion phone_regions[] = {
  { "ZA", "South Africa", "27", TRUE, 9, 9 },
  { "GB", "the United Kingdom", "44", TRUE, 7, 10 },
  { "US", "the United States and Canada", "1", FALSE, 10, 10 },
  { "DE", "Germany", "49", TRUE, 6, 13 },
  { "NG", "Nigeria", "234", TRUE, 8, 10 },
  { "KE", "Kenya", "254", TRUE, 9, 9 },
};

static const PhoneRegion *
phone_region_by_name (const char *region)
{
  for (guint i = 0; region != NULL && i < G_N_ELEMENTS (phone_regions); i++)
    if (g_ascii_strcasecmp (region, phone_regions[i].region) == 0)
      return &phone_regions[i];
  return NULL;
}

static const PhoneRegion *
phone_region_by_code (const char *digits)
{
  for (guint i = 0; i < G_N_ELEMENTS (phone_regions); i++)
    if (g_str_has_prefix (digits, phone_regions[i].code))
      return &phone_regions[i];
  return NULL;
}

/* Keeps the digits of @text, allowing only a leading + and balanced (…) as punctuation. */
static gboolean
extract_phone_digits (const char  *field,
                      const char  *text,
                      GString     *digits,
                      gboolean    *plus,
                      GError     **error)
{
  gboolean in_parens = FALSE;

  *plus = text[0] == '+';
  for (const char *p = text + (*plus ? 1 : 0); *p != '\0'; p++)
    {
      if (g_ascii_isdigit (*p))
        g_string_append_c (digits, *p);
      else if (*p == '(' && !in_parens)
        in_parens = TRUE;
      else if (*p == ')' && in_parens)
        in_parens = FALSE;
      else if (*p == '+')
        return invalid (error, field, "can only have “+” at the start");
      else if (*p != ' ' && *p != '-' && *p != '.' && *p != '(' && *p != ')')
        return invalid (error, field, "can only contain digits, spaces, dashes, dots, brackets "
                        "and a leading “+”");
      else if (*p == '(' || *p == ')')
        return invalid (error, field, "has unmatched brackets");

      if (digits->len > 20)
        return invalid (error, field, "is too long (at most 15 digits)");
    }
  if (in_parens)
    return invalid (error, field, "has unmatched brackets");
  if (digits->len == 0)
    return invalid (error, field, "must contain digits");
  return TRUE;
}

char *
plz_validate_phone (const char  *field,
                    const char  *text,
                    const char  *default_region,
                    GError     **error)
{
  g_autofree char *trimmed = NULL;
  g_autoptr(GString) digits = g_string_new (NULL);
  g_autoptr(GString) e164 = g_string_new ("+");
  const PhoneRegion *home = phone_region_by_name (default_region);
  const PhoneRegion *region;
  const char *national;
  gboolean plus;

  g_return_val_if_fail (field != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (text == NULL)
    return invalid_str (error, field, "is required");
  trimmed = g_strstrip (g_strdup (text));
  if (trimmed[0] == '\0')
    return invalid_str (error, field, "is required");
  if (!extract_phone_digits (field, trimmed, digits, &plus, error))
    return NULL;

  if (plus)
    g_string_append (e164, digits->str);
  else if (g_str_has_prefix (digits->str, "00"))
    g_string_append (e164, digits->str + 2);
  else if (home != NULL && !home->trunk_zero && g_str_has_prefix (digits->str, "011"))
    g_string_append (e164, digits->str + 3);  /* the NANP international prefix */
  else if (home != NULL && home->trunk_zero && digits->str[0] == '0')
    g_string_append_printf (e164, "%s%s", home->code, digits->str + 1);
  else if (home != NULL && !home->trunk_zero && digits->len == 10)
    g_string_append_printf (e164, "%s%s", home->code, digits->str);
  else if (home != NULL && !home->trunk_zero && digits->len == 11 && digits->str[0] == '1')
    g_string_append (e164, digits->str);
  else if (home != NULL && !home->trunk_zero)
    return invalid_str (error, field,
                        "should have %u digits for %s, or start with “+” and the country code",
                        home->min_digits, home->country);
  else if (home != NULL)
    return invalid_str (error, field, "must start with 0, or with “+” and the country code");
  else
    return invalid_str (error, field,
                        "must be in international form, starting with “+” and the country code");

  if (e164->len < 2 || e164->str[1] == '0')
    return invalid_str (error, field, "has an invalid country code (it cannot start with 0)");

  region = phone_region_by_code (e164->str + 1);
  if (region != NULL)
    {
      gsize code_len = strlen (region->code);

      /* "+27 (0)82 …" and "+27 082 …": the trunk 0 is never dialled after the code. */
      if (region->trunk_zero && e164->str[1 + code_len] == '0')
        g_string_erase (e164, 1 + code_len, 1);

      national = e164->str + 1 + code_len;
      if (strlen (national) < region->min_digits || strlen (national) > region->max_digits)
        {
          if (region->min_digits == region->max_digits)
            return invalid_str (error, field, "should have %u digits after +%s for %s",
                                region->min_digits, region->code, region->country);
          return invalid_str (error, field, "should have %u to %u digits after +%s for %s",
                              region->min_digits, region->max_digits,
                              region->code, region->country);
        }
      /* North American area codes and exchanges start with 2–9. */
      if (!region->trunk_zero && (national[0] < '2' || national[3] < '2'))
        return invalid_str (error, field, "is not a valid number for %s", region->country);
    }

  if (e164->len - 1 < 8 || e164->len - 1 > 15)
    return invalid_str (error, field, "must have 8 to 15 digits including the country code");
  return g_string_free (g_steal_pointer (&e164), FALSE);
}

/* Time zones */

/* Single-word zones whose digits are part of the name rather than a POSIX offset. */
static const char * const legacy_zones_with_digits[] = {
  "EST5EDT", "CST6CDT", "MST7MDT", "PST8PDT", "GMT0", "GMT+0", "GMT-0", NULL
};

/* "Area/Location[/Sub]" with every part starting with a capital, as in the tz database.
 * GLib also accepts POSIX rules ("Mars3"), offsets ("+02"), "localtime" and
 * "posix/…" paths, none of which we want stored as a zone. */
static gboolean
has_timezone_shape (const char *text)
{
  gboolean has_digit = FALSE;

  if (strlen (text) > TIMEZONE_MAX_BYTES || strstr (text, "..") != NULL)
    return FALSE;
  for (const char *p = text; *p != '\0'; p++)
    {
      gboolean part_start = p == text || p[-1] == '/';

      if (part_start && !g_ascii_isupper (*p))
        return FALSE;
      if (!g_ascii_isalnum (*p) && strchr ("_+-/", *p) == NULL)
        return FALSE;
      has_digit |= g_ascii_isdigit (*p);
    }
  if (strlen (text) < 2 || g_str_has_suffix (text, "/"))
    return FALSE;
  if (has_digit && strchr (text, '/') == NULL)
    return g_strv_contains (legacy_zones_with_digits, text);
  return TRUE;
}

gboolean
plz_validate_timezone (const char  *field,
                       const char  *text,
                       GError     **error)
{
  GTimeZone *tz;

  g_return_val_if_fail (field != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (text == NULL || text[0] == '\0')
    return invalid (error, field, "is required");
  if (!has_timezone_shape (text))
    return invalid (error, field,
                    "must be a time zone name such as “Africa/Johannesburg” or “UTC”");

  tz = g_time_zone_new_identifier (text);
  if (tz == NULL)
    return invalid (error, field, "“%s” is not known on this system", text);
  g_time_zone_unref (tz);
  return TRUE;
}

/* Locales */

char *
plz_validate_locale (const char  *field,
                     const char  *text,
                     GError     **error)
{
  g_autofree char *tag = NULL;
  g_autoptr(GString) out = NULL;
  char *codeset;
  gsize lang_len = 0;
  const char *region;

  g_return_val_if_fail (field != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (text == NULL)
    return invalid_str (error, field, "is required");
  tag = g_strstrip (g_strdup (text));
  if (tag[0] == '\0')
    return invalid_str (error, field, "is required");
  if (strlen (tag) > LOCALE_MAX_BYTES)
    return invalid_str (error, field, LOCALE_SHAPE);

  /* The codeset ("zu_ZA.UTF-8") says nothing about the language; drop it. */
  codeset = strchr (tag, '.');
  if (codeset != NULL)
    {
      for (const char *p = codeset + 1; *p != '\0'; p++)
        if (!g_ascii_isalnum (*p) && *p != '-' && *p != '_')
          return invalid_str (error, field, LOCALE_SHAPE);
      if (codeset[1] == '\0')
        return invalid_str (error, field, LOCALE_SHAPE);
      *codeset = '\0';
    }

  while (g_ascii_isalpha (tag[lang_len]))
    lang_len++;
  region = tag + lang_len;
  if (lang_len < 2 || lang_len > 3)
    return invalid_str (error, field, LOCALE_SHAPE);
  /* The && chains stop at the NUL, so short tags are never read past. */
  if (region[0] != '\0')
    {
      gboolean letters = g_ascii_isalpha (region[1]) && g_ascii_isalpha (region[2])
                         && region[3] == '\0';
      gboolean numbers = g_ascii_isdigit (region[1]) && g_ascii_isdigit (region[2])
                         && g_ascii_isdigit (region[3]) && region[4] == '\0';

      if ((region[0] != '_' && region[0] != '-') || (!letters && !numbers))
        return invalid_str (error, field, LOCALE_SHAPE);
    }

  out = g_string_new (NULL);
  for (gsize i = 0; i < lang_len; i++)
    g_string_append_c (out, g_ascii_tolower (tag[i]));
  if (region[0] != '\0')
    {
      g_string_append_c (out, '_');
      for (const char *p = region + 1; *p != '\0'; p++)
        g_string_append_c (out, g_ascii_toupper (*p));
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}
