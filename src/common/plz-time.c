/* plz-time.c — times as int64 microseconds inside, RFC 3339 UTC on the wire */
#include "plz-time.h"

#include <string.h>

static gint64 shift_us;

gint64
plz_time_now_us (void)
{
  return g_get_real_time () + shift_us;
}

void
plz_time_shift (gint64 delta_us)
{
  shift_us += delta_us;
}

/* Days since 1970-01-01 to a proleptic Gregorian date (H. Hinnant's
 * civil_from_days): plain arithmetic, as every message's times are written. */
static void
civil_from_days (gint64  days,
                 gint64 *year,
                 guint  *month,
                 guint  *day)
{
  gint64 z = days + 719468;
  gint64 era = (z >= 0 ? z : z - 146096) / 146097;
  guint doe = (guint) (z - era * 146097);
  guint yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  guint doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  guint mp = (5 * doy + 2) / 153;

  *day = doy - (153 * mp + 2) / 5 + 1;
  *month = mp < 10 ? mp + 3 : mp - 9;
  *year = (gint64) yoe + era * 400 + (*month <= 2);
}

static char *
put_digits (char   *p,
            guint64 value,
            int     width)
{
  for (int i = width - 1; i >= 0; i--, value /= 10)
    p[i] = '0' + value % 10;
  return p + width;
}

gboolean
plz_time_format_rfc3339_to (gint64 usec,
                            char   out[PLZ_TIME_RFC3339_SIZE])
{
  /* Floor division: times before 1970 round toward negative infinity. */
  gint64 secs = usec / G_USEC_PER_SEC - (usec % G_USEC_PER_SEC < 0);
  gint64 frac = usec - secs * G_USEC_PER_SEC;
  gint64 days = secs / 86400 - (secs % 86400 < 0);
  gint64 sod = secs - days * 86400;
  gint64 year;
  guint month, day;
  char *p = out;

  civil_from_days (days, &year, &month, &day);
  if (year < 1 || year > 9999)
    return FALSE;
  p = put_digits (p, year, 4);
  *p++ = '-';
  p = put_digits (p, month, 2);
  *p++ = '-';
  p = put_digits (p, day, 2);
  *p++ = 'T';
  p = put_digits (p, sod / 3600, 2);
  *p++ = ':';
  p = put_digits (p, sod / 60 % 60, 2);
  *p++ = ':';
  p = put_digits (p, sod % 60, 2);
  *p++ = '.';
  p = put_digits (p, frac, 6);
  *p++ = 'Z';
  *p = '\0';
  return TRUE;
}

char *
plz_time_format_rfc3339 (gint64 usec)
{
  char text[PLZ_TIME_RFC3339_SIZE];

  return plz_time_format_rfc3339_to (usec, text) ? g_strdup (text) : NULL;
}

gboolean
plz_time_parse_rfc3339 (const char *text,
                        gint64     *usec)
{
  g_autoptr(GDateTime) dt = NULL;

  g_return_val_if_fail (usec != NULL, FALSE);

  if (text == NULL)
    return FALSE;
  /* RFC 3339 requires the 'T' and an explicit offset; ISO 8601 allows more. */
  if (strlen (text) < 20 || (text[10] != 'T' && text[10] != 't'))
    return FALSE;
  dt = g_date_time_new_from_iso8601 (text, NULL);
  if (dt == NULL)
    return FALSE;
  *usec = g_date_time_to_unix (dt) * G_USEC_PER_SEC + g_date_time_get_microsecond (dt);
  return TRUE;
}
