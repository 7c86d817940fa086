/* test-validate.c — user input checks: good and hostile values for every validator */
#include "plz-error.h"
#include "plz-validate.h"

#include <string.h>

typedef enum
{
  EMAIL,
  NAME,
  TEXT,
  PASSWORD,
  PHONE,
  TIMEZONE,
  LOCALE,
  N_KINDS
} Kind;

#define ONLY(k) (1u << (k))
#define NONE 0u

static const struct
{
  const char *field;
  const char *label;
} kinds[N_KINDS] = {
  [EMAIL] = { "email", "Email" },
  [NAME] = { "display_name", "Display name" },
  [TEXT] = { "bio", "Bio" },
  [PASSWORD] = { "new_password", "New password" },
  [PHONE] = { "phone_number", "Phone number" },
  [TIMEZONE] = { "time_zone", "Time zone" },
  [LOCALE] = { "preferred_locale", "Preferred locale" },
};

/* Runs one validator with its usual extra arguments; gboolean ones give a copy of @text. */
static char *
validate (Kind        kind,
          const char *text,
          GError    **error)
{
  const char *field = kinds[kind].field;

  switch (kind)
    {
    case EMAIL:
      return plz_validate_email (field, text, error);
    case NAME:
      return plz_validate_name (field, text, error);
    case TEXT:
      return plz_validate_text (field, text, PLZ_BIO_MAX_CHARS, error);
    case PASSWORD:
      return plz_validate_password (field, text, error) ? g_strdup (text) : NULL;
    case PHONE:
      return plz_validate_phone (field, text, "ZA", error);
    case TIMEZONE:
      return plz_validate_timezone (field, text, error) ? g_strdup (text) : NULL;
    case LOCALE:
      return plz_validate_locale (field, text, error);
    case N_KINDS:
    default:
      g_assert_not_reached ();
    }
}

/* A printable, bounded rendering of any input for failure messages. */
static char *
describe (const char *text)
{
  g_autofree char *head = NULL;
  g_autofree char *escaped = NULL;

  if (text == NULL)
    return g_strdup ("NULL");
  head = g_strndup (text, 60);
  escaped = g_strescape (head, NULL);
  return g_strdup_printf ("\"%s\"%s", escaped, strlen (text) > 60 ? "…" : "");
}

static void
expect_valid (Kind        kind,
              const char *text,
              const char *expected)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *result = validate (kind, text, &error);
  g_autofree char *what = describe (text);

  if (error != NULL)
    g_error ("%s: %s should be valid but got: %s", kinds[kind].field, what, error->message);
  g_assert_nonnull (result);
  if (expected != NULL && strcmp (result, expected) != 0)
    g_error ("%s: %s gave \"%s\", expected \"%s\"", kinds[kind].field, what, result, expected);
}

/* Checks the failure is PLZ_ERROR_INVALID_INPUT, names the field in words, mentions
 * @needle (when given) and never echoes a password. */
static void
expect_invalid_error (Kind        kind,
                      const char *text,
                      const char *needle,
                      char       *result,
                      GError     *error)
{
  g_autofree char *what = describe (text);

  if (result != NULL)
    g_error ("%s: %s should be rejected but gave \"%s\"", kinds[kind].field, what, result);
  if (error == NULL)
    g_error ("%s: %s was rejected without an error", kinds[kind].field, what);
  g_assert_error (error, PLZ_ERROR, PLZ_ERROR_INVALID_INPUT);
  if (!g_str_has_prefix (error->message, kinds[kind].label))
    g_error ("%s: “%s” does not start with “%s”",
             kinds[kind].field, error->message, kinds[kind].label);
  if (needle != NULL && strstr (error->message, needle) == NULL)
    g_error ("%s: %s: “%s” does not mention “%s”",
             kinds[kind].field, what, error->message, needle);
  if (kind == PASSWORD && text != NULL && strlen (text) >= 4
      && strstr (error->message, text) != NULL)
    g_error ("password error message quotes the password: “%s”", error->message);
}

static void
expect_invalid (Kind        kind,
                const char *text,
                const char *needle)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *result = validate (kind, text, &error);

  expect_invalid_error (kind, text, needle, result, error);
}

/* Hostile and malformed values thrown at every validator; @ok_for lists the kinds that
 * may accept them (free text and passwords legitimately contain SQL-looking text). */
static void
test_hostile (void)
{
  const struct { const char *text; guint ok_for; } cases[] = {
    { NULL, NONE },
    { "", ONLY (TEXT) },
    { "   ", ONLY (TEXT) },
    { " \t\n\r ", ONLY (TEXT) },
    { "\xff\xfe", NONE },
    { "\xc3\x28", NONE },
    { "Thandi\xc3", NONE },                      /* truncated sequence */
    { "\xc0\xaf" "etc", NONE },                  /* overlong encoding of '/' */
    { "\xed\xa0\x80" "abcdefghijk", NONE },      /* encoded UTF-16 surrogate */
    { "abc\x01" "defghijk", NONE },
    { "abc\x1b[31mdefghijk", NONE },             /* terminal escape */
    { "abc\x7f" "defghijk", NONE },
    { "line one\rline two", NONE },
    { "Robert'); DROP TABLE users;--", ONLY (TEXT) | ONLY (PASSWORD) },
    { "' OR '1'='1", ONLY (TEXT) | ONLY (PASSWORD) },
    { "1; DROP TABLE users", ONLY (TEXT) | ONLY (PASSWORD) },
    { "<script>alert(1)</script>", ONLY (PASSWORD) },
    { "<img src=x onerror=alert(1)>", ONLY (PASSWORD) },
    { "<!-- hidden -->", ONLY (PASSWORD) },
    { "javascript:alert(1)", ONLY (TEXT) | ONLY (PASSWORD) },
    { "{{7*7}} ${7*7}", ONLY (TEXT) | ONLY (PASSWORD) },
    { "%s%s%s%n%x", ONLY (TEXT) | ONLY (PASSWORD) },
    { "../../etc/passwd", ONLY (TEXT) | ONLY (PASSWORD) },
    { "\u202Efdp.exe", NONE },
    { "Thandi\u200BNdlovu", NONE },
    { "\uFEFFThandiwe Ndlovu", NONE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    for (Kind kind = 0; kind < N_KINDS; kind++)
      {
        if (cases[i].ok_for & ONLY (kind))
          expect_valid (kind, cases[i].text, NULL);
        else
          expect_invalid (kind, cases[i].text, NULL);
      }
}

/* Invisible and text-direction characters are refused everywhere, even mid-word. */
static void
test_invisible (void)
{
  const gunichar spoofing[] = {
    0x200B, 0x200C, 0x200D, 0x200E, 0x200F, 0x2060, 0xFEFF, 0x061C,
    0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2066, 0x2067, 0x2068, 0x2069,
  };
  const char *hosts[N_KINDS] = {
    [EMAIL] = "thandi@example.co.za",
    [NAME] = "Thandiwe Ndlovu",
    [TEXT] = "I sell vetkoek in Soweto",
    [PASSWORD] = "correct horse battery",
    [PHONE] = "082 555 1234",
    [TIMEZONE] = "Africa/Johannesburg",
    [LOCALE] = "zu_ZA",
  };

  for (Kind kind = 0; kind < N_KINDS; kind++)
    {
      expect_valid (kind, hosts[kind], NULL);
      for (guint i = 0; i < G_N_ELEMENTS (spoofing); i++)
        {
          char utf8[7] = { 0 };
          g_autoptr(GString) text = g_string_new (hosts[kind]);

          g_unichar_to_utf8 (spoofing[i], utf8);
          g_string_insert (text, 3, utf8);
          expect_invalid (kind, text->str, NULL);
          g_string_append (text, utf8);
          expect_invalid (kind, text->str + 3, NULL);
        }
    }
}

static char *
repeat (const char *unit,
        guint       times)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < times; i++)
    g_string_append (s, unit);
  return g_string_free (s, FALSE);
}

/* Limits count characters, not bytes, except the password's byte cap. */
static void
test_lengths (void)
{
  g_autofree char *huge = repeat ("a", 10000);
  g_autofree char *huge_accents = repeat ("e\u0301", 10000);
  g_autofree char *name_80 = repeat ("a", PLZ_NAME_MAX_CHARS);
  g_autofree char *name_81 = repeat ("a", PLZ_NAME_MAX_CHARS + 1);
  g_autofree char *han_80 = repeat ("龍", PLZ_NAME_MAX_CHARS);
  g_autofree char *han_81 = repeat ("龍", PLZ_NAME_MAX_CHARS + 1);
  g_autofree char *bio_1000 = repeat ("é", PLZ_BIO_MAX_CHARS);
  g_autofree char *bio_1001 = repeat ("é", PLZ_BIO_MAX_CHARS + 1);
  g_autofree char *bio_decomposed = repeat ("e\u0301", PLZ_BIO_MAX_CHARS);
  g_autofree char *pw_256 = repeat ("ab", PLZ_PASSWORD_MAX_BYTES / 2);
  g_autofree char *pw_257 = g_strconcat (pw_256, "c", NULL);
  g_autofree char *pw_euro = repeat ("€x", 65);  /* 130 characters but 260 bytes */
  g_autofree char *local_64 = repeat ("a", 64);
  g_autofree char *local_65 = repeat ("a", 65);
  g_autofree char *label_63 = repeat ("b", 63);
  g_autofree char *label_64 = repeat ("b", 64);
  g_autofree char *email_64 = g_strconcat (local_64, "@example.com", NULL);
  g_autofree char *email_65 = g_strconcat (local_65, "@example.com", NULL);
  g_autofree char *email_label_63 = g_strconcat ("a@", label_63, ".com", NULL);
  g_autofree char *email_label_64 = g_strconcat ("a@", label_64, ".com", NULL);
  /* 64 + 1 + 63 + 1 + 63 + 1 + 57 + 1 + 3 = 254 bytes */
  g_autofree char *label_57 = repeat ("c", 57);
  g_autofree char *email_254 = g_strdup_printf ("%s@%s.%s.%s.com",
                                                local_64, label_63, label_63, label_57);
  g_autofree char *email_255 = g_strdup_printf ("%s@%s.%s.%sc.com",
                                                local_64, label_63, label_63, label_57);
  g_autofree char *tz_60 = repeat ("J", 60);
  g_autofree char *tz_long = g_strconcat ("Africa/", tz_60, NULL);

  for (Kind kind = 0; kind < N_KINDS; kind++)
    expect_invalid (kind, huge, NULL);
  expect_invalid (TEXT, huge_accents, "at most 1000 characters");

  expect_valid (NAME, name_80, name_80);
  expect_invalid (NAME, name_81, "is too long (at most 80 characters)");
  expect_valid (NAME, han_80, han_80);
  expect_invalid (NAME, han_81, "too long");

  expect_valid (TEXT, bio_1000, bio_1000);
  expect_valid (TEXT, bio_decomposed, bio_1000);
  expect_invalid (TEXT, bio_1001, "at most 1000 characters");

  expect_valid (PASSWORD, pw_256, NULL);
  expect_invalid (PASSWORD, pw_257, "too long");
  expect_invalid (PASSWORD, pw_euro, "too long");

  expect_valid (EMAIL, email_64, NULL);
  expect_invalid (EMAIL, email_65, "64");
  expect_valid (EMAIL, email_label_63, NULL);
  expect_invalid (EMAIL, email_label_64, "63");
  g_assert_cmpuint (strlen (email_254), ==, PLZ_EMAIL_MAX_BYTES);
  expect_valid (EMAIL, email_254, email_254);
  expect_invalid (EMAIL, email_255, "254");

  expect_invalid (TIMEZONE, tz_long, NULL);
}

/* The message starts with a label made from the wire name. */
static void
test_messages (void)
{
  g_autofree char *long_name = repeat ("x", PLZ_NAME_MAX_CHARS + 1);
  g_autoptr(GError) error = NULL;
  char *result;

  result = plz_validate_name ("display_name", long_name, &error);
  g_assert_null (result);
  g_assert_error (error, PLZ_ERROR, PLZ_ERROR_INVALID_INPUT);
  g_assert_cmpstr (error->message, ==, "Display name is too long (at most 80 characters)");
  g_clear_error (&error);

  result = plz_validate_text ("description", "abcdef", 1, &error);
  g_assert_null (result);
  g_assert_cmpstr (error->message, ==, "Description is too long (at most 1 character)");
  g_clear_error (&error);

  g_assert_false (plz_validate_password ("password", NULL, &error));
  g_assert_cmpstr (error->message, ==, "Password is required");
  g_clear_error (&error);

  result = plz_validate_email ("contact_email_address", "nope", &error);
  g_assert_null (result);
  g_assert_true (g_str_has_prefix (error->message, "Contact email address "));
  g_clear_error (&error);

  /* NULL @error is allowed, as everywhere in GLib. */
  g_assert_null (plz_validate_phone ("phone", "phone", "ZA", NULL));
}

static void
test_email (void)
{
  const struct { const char *text, *expected; } good[] = {
    { "Thandi@Example.CO.ZA", "thandi@example.co.za" },
    { "  user@example.com\t", "user@example.com" },
    { "first.last+tag@sub.example.org", "first.last+tag@sub.example.org" },
    { "o'brien@example.ie", "o'brien@example.ie" },
    { "a@b.co", "a@b.co" },
    { "x_y-z@my-domain.africa", "x_y-z@my-domain.africa" },
    { "shop@123.example.com", "shop@123.example.com" },
    { "!#$%&'*+/=?^_`{|}~-@example.com", "!#$%&'*+/=?^_`{|}~-@example.com" },
  };
  const struct { const char *text, *needle; } bad[] = {
    { "a@b", "ending" },
    { "a@@b.com", "only one" },
    { "a@b@c.com", "only one" },
    { "a b@c.com", "spaces" },
    { "a@-b.com", "hyphen" },
    { "a@b-.com", "hyphen" },
    { "a..b@c.com", "dot" },
    { ".a@c.com", "dot" },
    { "a.@c.com", "dot" },
    { "a@c.com.", "dot" },
    { "a@.c.com", "dot" },
    { "a@c..com", "dot" },
    { "x@[127.0.0.1]", "domain" },
    { "x@127.0.0.1", "letters" },
    { "\"q\"@c.com", "“\"”" },
    { "a(comment)@c.com", NULL },
    { "@c.com", "before" },
    { "a@", "after" },
    { "plainaddress", "@" },
    { "a@b.c", "two letters" },
    { "a@b.c0m", "letters" },
    { "a@exämple.com", NULL },
    { "tändi@example.com", NULL },
    { "a\n@b.com", NULL },
    { "a@b_c.com", "domain" },
    { "Thandi <thandi@example.com>", NULL },
    { "mailto:thandi@example.com", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    expect_valid (EMAIL, good[i].text, good[i].expected);
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    expect_invalid (EMAIL, bad[i].text, bad[i].needle);
}

static void
test_name (void)
{
  const struct { const char *text, *expected; } good[] = {
    { "Zoë Mkhize-Nkosi", "Zoë Mkhize-Nkosi" },
    { "Thandiwe Ndlovu", "Thandiwe Ndlovu" },
    { "José Álvarez", "José Álvarez" },
    { "李小龍", "李小龍" },
    { "O'Brien & Sons (Pty) Ltd", "O'Brien & Sons (Pty) Ltd" },
    { "Nomvula’s Car Wash", "Nomvula’s Car Wash" },
    { "  Thandiwe    Ndlovu \t", "Thandiwe Ndlovu" },
    { "Thandiwe\u00A0\u00A0Ndlovu", "Thandiwe Ndlovu" },
    { "Zoe\u0308", "Zo\u00EB" },
    { "Дмитрий Иванов", "Дмитрий Иванов" },
    { "محمد علي", "محمد علي" },
    { "אורי כהן", "אורי כהן" },
    { "नमस्ते स्टोर", "नमस्ते स्टोर" },
    { "Shop 24", "Shop 24" },
    { "J.R.R. Tolkien", "J.R.R. Tolkien" },
    { "Ndlovu, Thandiwe", "Ndlovu, Thandiwe" },
    { "A", "A" },
  };
  const struct { const char *text, *needle; } bad[] = {
    { "", "required" },
    { " \u00A0 ", "required" },
    { "12345", "letter" },
    { "- & -", "letter" },
    { "<b>Bob</b>", "“<”" },
    { "Bob; DROP TABLE users", "“;”" },
    { "Bob \"The Builder\"", "“\"”" },
    { "Bob=1", "“=”" },
    { "javascript:alert(1)", "“:”" },
    { "Bob@home", "“@”" },
    { "Thandi\nNdlovu", "line breaks" },
    { "Thandi\tNdlovu", "tabs" },
    { "Thandi\u2028Ndlovu", "line breaks" },
    { "Smiley 😀", NULL },
    { "Bob\\", NULL },
    { "Bob_Smith", NULL },
    { "Bob/Alice", NULL },
    { "Bob#1", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    expect_valid (NAME, good[i].text, good[i].expected);
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    expect_invalid (NAME, bad[i].text, bad[i].needle);
}

static void
test_text (void)
{
  const struct { const char *text, *expected; guint max; } good[] = {
    { "", "", 10 },
    { " \n\t ", "", 10 },
    { "", "", 0 },
    { "  Hello  ", "Hello", 5 },
    { "Hello\nworld", "Hello\nworld", 100 },
    { "Col\tumns", "Col\tumns", 100 },
    { "Line one\r\nLine two\r\n", "Line one\nLine two", 100 },
    { "I <3 Plaza", "I <3 Plaza", 100 },
    { "a < b and c > d", "a < b and c > d", 100 },
    { "Robert'); DROP TABLE users;--", "Robert'); DROP TABLE users;--", 100 },
    { "Cafe\u0301", "Caf\u00E9", 4 },
    { "Emoji 😀 welcome", "Emoji 😀 welcome", 100 },
    { "李小龍 的 商店", "李小龍 的 商店", 100 },
  };
  const struct { const char *text, *needle; guint max; } bad[] = {
    { "<script>alert(1)</script>", "markup", 100 },
    { "<SCRIPT>", "markup", 100 },
    { "Hi </b>", "markup", 100 },
    { "<!-- x -->", "markup", 100 },
    { "<img src=x onerror=alert(1)>", "markup", 100 },
    { "<?php system('id'); ?>", "markup", 100 },
    { "<\u212Ascript>", "markup", 100 },  /* KELVIN SIGN becomes K in NFC */
    { "a\rb", "control", 100 },
    { "bell\a", "control", 100 },
    { "x\xc2\x85y", "control", 100 },   /* U+0085 NEXT LINE */
    { "nul\x01", "control", 100 },
    { "abcdef", "at most 5 characters", 5 },
    { "a", "at most 0 characters", 0 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *result = plz_validate_text ("bio", good[i].text, good[i].max, &error);

      g_assert_no_error (error);
      g_assert_cmpstr (result, ==, good[i].expected);
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      char *result = plz_validate_text ("bio", bad[i].text, bad[i].max, &error);

      expect_invalid_error (TEXT, bad[i].text, bad[i].needle, result, error);
    }
}

static void
test_password (void)
{
  const char *good[] = {
    "correct horse battery staple",
    "Tr0ub4dor&3xyz",
    "ünïcödé-pässwörd",
    "パスワードは長いです",
    "1234567890123456",
    " spaces around are kept ",
    "Robert'); DROP TABLE users;--",
  };
  const struct { const char *text, *needle; } bad[] = {
    { "", "required" },
    { "short1", "at least 10" },
    { "パスワード", "at least 10" },
    { "aaaaaaaaaaaa", "repeated" },
    { "ééééééééééé", "repeated" },
    { "123456789012345", "digits" },
    { "1234567890", "digits" },
    { "password123", "common" },
    { "PASSWORD123", "common" },
    { "Password1!", "common" },
    { "qwertyuiop", "common" },
    { "iloveyou12", "common" },
    { "letmein123", "common" },
    { "welcome123", "common" },
    { "passw0rd12", "common" },
    { "abcdefghij", "common" },
    { "qwerty1234", "common" },
    { "password1!", "common" },
    { "secret\tpassword", "control" },
    { "secret\npassword", "control" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    expect_valid (PASSWORD, good[i], NULL);
  /* expect_invalid() also checks that no message quotes the password. */
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    expect_invalid (PASSWORD, bad[i].text, bad[i].needle);
}

static void
test_phone (void)
{
  const struct { const char *text, *region, *expected; } good[] = {
    { "082 555 1234", "ZA", "+27825551234" },
    { "+27 82 555 1234", "ZA", "+27825551234" },
    { "0825551234", "ZA", "+27825551234" },
    { "(011) 555-1234", "ZA", "+27115551234" },
    { "0027825551234", "ZA", "+27825551234" },
    { "+27 (0)82 555 1234", "ZA", "+27825551234" },
    { "082.555.1234", "za", "+27825551234" },
    { "  082 555 1234  ", "ZA", "+27825551234" },
    { "+27825551234", NULL, "+27825551234" },
    { "+44 20 7946 0958", "ZA", "+442079460958" },
    { "020 7946 0958", "GB", "+442079460958" },
    { "(415) 555-2671", "US", "+14155552671" },
    { "1 415 555 2671", "US", "+14155552671" },
    { "+1 415.555.2671", NULL, "+14155552671" },
    { "011 27 82 555 1234", "US", "+27825551234" },
    { "030 1234 5678", "DE", "+493012345678" },
    { "0803 123 4567", "NG", "+2348031234567" },
    { "0712 345678", "KE", "+254712345678" },
    { "+263 77 123 4567", NULL, "+263771234567" },
  };
  const struct { const char *text, *region, *needle; } bad[] = {
    { "082 555 123", "ZA", "9 digits after +27" },
    { "phone", "ZA", "digits" },
    { "+27 82 555 12345", "ZA", "9 digits after +27" },
    { "12", "ZA", "start with 0" },
    { "+0 123", "ZA", "country code" },
    { "082 555 1234", NULL, "international" },
    { "0612345678", "FR", "international" },
    { "+27 82 555 1234 ext 5", "ZA", NULL },
    { "+27-82-555-1234+", "ZA", "“+”" },
    { "082 555 1234)", "ZA", "brackets" },
    { "((011)) 555 1234", "ZA", "brackets" },
    { "(011 555 1234", "ZA", "brackets" },
    { "0825551234x", "ZA", NULL },
    { "+", "ZA", "digits" },
    { "()", "ZA", "digits" },
    { "+1 015 555 2671", "ZA", "United States" },
    { "(415) 055-2671", "US", "United States" },
    { "555-2671", "US", NULL },
    { "+99 1234", NULL, "8 to 15" },
    { "+123456789012345678", NULL, NULL },
    { "\u0660\u0668\u0662\u0665\u0665\u0665\u0661\u0662\u0663\u0664", "ZA", NULL },
    { "+27 82 555 1234\u00A0", "ZA", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *result = plz_validate_phone ("phone_number", good[i].text,
                                                    good[i].region, &error);

      if (error != NULL)
        g_error ("%s (%s): %s", good[i].text, good[i].region, error->message);
      g_assert_cmpstr (result, ==, good[i].expected);
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      char *result = plz_validate_phone ("phone_number", bad[i].text, bad[i].region, &error);

      expect_invalid_error (PHONE, bad[i].text, bad[i].needle, result, error);
    }
}

static void
test_timezone (void)
{
  const char *good[] = {
    "Africa/Johannesburg", "UTC", "America/Argentina/Buenos_Aires", "Europe/London",
    "America/Port-au-Prince", "Etc/GMT+2", "EST5EDT",
  };
  const char *bad[] = {
    "Mars/Olympus", "../etc/passwd", "/etc/localtime", "", "Africa/johannesburg",
    "africa/johannesburg", "Mars3", "+02:00", "+0200", "Z", "localtime", "posixrules",
    "posix/Africa/Johannesburg", "Africa//Johannesburg", "Africa/", "Africa",
    "Africa/Johannesburg ", "Africa/Johannesburg\n", "Africa/../Europe/London",
    "Africa\\Johannesburg",
  };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    expect_valid (TIMEZONE, good[i], good[i]);
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    expect_invalid (TIMEZONE, bad[i], NULL);
}

static void
test_locale (void)
{
  const struct { const char *text, *expected; } good[] = {
    { "en", "en" },
    { "en_ZA", "en_ZA" },
    { "af-ZA", "af_ZA" },
    { "zu_ZA.UTF-8", "zu_ZA" },
    { "EN-za", "en_ZA" },
    { "es_419", "es_419" },
    { "es-419", "es_419" },
    { "nso_ZA", "nso_ZA" },
    { " xh.utf8 ", "xh" },
    { "de_DE.ISO-8859-1", "de_DE" },
  };
  const char *bad[] = {
    "e", "english", "en_", "en_Z", "en_ZAF", "en-12", "en_1234", "en_ZA@latin", "sr-Latn-RS",
    "C", "POSIX", "en_ZA.", "en ZA", "en_ZA.UTF 8", "../en", "é", "en_ZA;DROP", ".UTF-8",
    "en__ZA", "en_ZA_ZA",
  };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    expect_valid (LOCALE, good[i].text, good[i].expected);
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    expect_invalid (LOCALE, bad[i], NULL);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/validate/hostile", test_hostile);
  g_test_add_func ("/validate/invisible", test_invisible);
  g_test_add_func ("/validate/lengths", test_lengths);
  g_test_add_func ("/validate/messages", test_messages);
  g_test_add_func ("/validate/email", test_email);
  g_test_add_func ("/validate/name", test_name);
  g_test_add_func ("/validate/text", test_text);
  g_test_add_func ("/validate/password", test_password);
  g_test_add_func ("/validate/phone", test_phone);
  g_test_add_func ("/validate/timezone", test_timezone);
  g_test_add_func ("/validate/locale", test_locale);
  return g_test_run ();
}
