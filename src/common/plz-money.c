/* plz-money.c — amounts in minor units: formatting for people, parsing what they type */
#include "config.h"

#include "plz-money.h"

#include <glib/gi18n.h>
#include <string.h>

#include "plz-error.h"

typedef struct
{
  const char *code;
  const char *symbol;
  guint       exponent;
} Currency;

/* The currencies a pilot is likely to meet; others print as their code. */
static const Currency currencies[] = {
  { "ZAR", "R", 2 },   { "USD", "$", 2 },   { "EUR", "€", 2 },
  { "GBP", "£", 2 },   { "NAD", "N$", 2 },  { "BWP", "P", 2 },
  { "KES", "KSh", 2 }, { "NGN", "₦", 2 },   { "AUD", "A$", 2 },
  { "CAD", "C$", 2 },  { "INR", "₹", 2 },   { "JPY", "¥", 0 },
  { "KRW", "₩", 0 },   { "CHF", "CHF ", 2 },
};

static const Currency *
find_currency (const char *code)
{
  for (gsize i = 0; code != NULL && i < G_N_ELEMENTS (currencies); i++)
    if (g_ascii_strcasecmp (currencies[i].code, code) == 0)
      return &currencies[i];
  return NULL;
}

guint
plz_money_exponent (const char *currency)
{
  const Currency *c = find_currency (currency);

  return c != NULL ? c->exponent : 2;
}

const char *
plz_money_symbol (const char *currency)
{
  const Currency *c = find_currency (currency);

  return c != NULL ? c->symbol : (currency != NULL ? currency : "");
}

static guint64
power_of_ten (guint exponent)
{
  guint64 p = 1;

  while (exponent-- > 0)
    p *= 10;
  return p;
}

/* Appends @value with a narrow no-break space between groups of three: it reads
 * as a number everywhere and never wraps across lines. */
static void
append_grouped (GString *s,
                guint64  value)
{
  char digits[32];
  gsize n = g_snprintf (digits, sizeof digits, "%" G_GUINT64_FORMAT, value);

  for (gsize i = 0; i < n; i++)
    {
      if (i > 0 && (n - i) % 3 == 0)
        g_string_append (s, "\u202f");
      g_string_append_c (s, digits[i]);
    }
}

static char *
format (gint64      amount_minor,
        const char *currency,
        gboolean    drop_zero_cents)
{
  guint exponent = plz_money_exponent (currency);
  guint64 scale = power_of_ten (exponent);
  guint64 magnitude = amount_minor < 0 ? (guint64) -(amount_minor + 1) + 1 : (guint64) amount_minor;
  guint64 major = magnitude / scale;
  guint64 minor = magnitude % scale;
  GString *s = g_string_new (NULL);

  if (amount_minor < 0)
    g_string_append (s, "−");
  g_string_append (s, plz_money_symbol (currency));
  append_grouped (s, major);
  if (exponent > 0 && !(drop_zero_cents && minor == 0))
    g_string_append_printf (s, ".%0*" G_GUINT64_FORMAT, (int) exponent, minor);
  return g_string_free (s, FALSE);
}

char *
plz_money_format (gint64      amount_minor,
                  const char *currency)
{
  return format (amount_minor, currency, FALSE);
}

char *
plz_money_format_price (gint64      amount_minor,
                        const char *currency,
                        const char *pricing_type)
{
  g_autofree char *amount = NULL;

  if (g_strcmp0 (pricing_type, "contact") == 0)
    return g_strdup (_("Contact for price"));

  amount = format (amount_minor, currency, TRUE);
  if (g_strcmp0 (pricing_type, "hourly") == 0)
    /* Translators: a price per hour, e.g. "R350 / hour" */
    return g_strdup_printf (_("%s / hour"), amount);
  if (g_strcmp0 (pricing_type, "per_night") == 0)
    return g_strdup_printf (_("%s / night"), amount);
  if (g_strcmp0 (pricing_type, "per_project") == 0)
    return g_strdup_printf (_("%s per project"), amount);
  if (g_strcmp0 (pricing_type, "negotiable") == 0)
    return g_strdup_printf (_("%s (negotiable)"), amount);
  return g_steal_pointer (&amount);
}

gboolean
plz_money_parse (const char  *text,
                 const char  *currency,
                 gint64      *amount_minor,
                 GError     **error)
{
  guint exponent = plz_money_exponent (currency);
  const char *symbol = plz_money_symbol (currency);
  const char *p;
  guint64 major = 0, minor = 0;
  guint decimals = 0, digits = 0;
  gboolean in_fraction = FALSE;

  g_return_val_if_fail (amount_minor != NULL, FALSE);

  p = text != NULL ? text : "";
  while (g_unichar_isspace (g_utf8_get_char (p)))
    p = g_utf8_next_char (p);
  if (g_str_has_prefix (p, symbol) && *symbol != '\0')
    p += strlen (symbol);
  else if (currency != NULL && g_ascii_strncasecmp (p, currency, strlen (currency)) == 0)
    p += strlen (currency);

  for (; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c >= '0' && c <= '9')
        {
          digits++;
          if (in_fraction)
            {
              if (++decimals > exponent)
                {
                  plz_error_set_invalid (error, "price",
                                         exponent == 0 ? _("This currency has no cents")
                                                       : _("Use at most %u decimals"), exponent);
                  return FALSE;
                }
              minor = minor * 10 + (c - '0');
            }
          else
            {
              if (major > (G_MAXINT64 / 1000) / 10)
                {
                  plz_error_set_invalid (error, "price", _("That amount is too large"));
                  return FALSE;
                }
              major = major * 10 + (c - '0');
            }
        }
      /* A comma is a decimal separator only when it ends the number with one or
       * two digits ("12,50"); "1,200" groups thousands. */
      else if ((c == '.' || (c == ',' && strlen (p + 1) <= 2 && strlen (p + 1) > 0
                             && strspn (p + 1, "0123456789") == strlen (p + 1)))
               && !in_fraction && digits > 0)
        in_fraction = TRUE;
      else if (c == ',' || c == ' ' || c == '\'' || c == 0x202f || c == 0xa0 || c == 0x2009)
        {
          if (in_fraction)
            break;
        }
      else if (g_unichar_isspace (c))
        break;
      else
        {
          plz_error_set_invalid (error, "price", _("Enter an amount such as 350 or 1 200.50"));
          return FALSE;
        }
    }

  for (; *p != '\0'; p = g_utf8_next_char (p))
    if (!g_unichar_isspace (g_utf8_get_char (p)))
      {
        plz_error_set_invalid (error, "price", _("Enter an amount such as 350 or 1 200.50"));
        return FALSE;
      }

  if (digits == 0)
    {
      plz_error_set_invalid (error, "price", _("Enter an amount"));
      return FALSE;
    }

  while (decimals++ < exponent)
    minor *= 10;
  *amount_minor = (gint64) (major * power_of_ten (exponent) + minor);
  return TRUE;
}
