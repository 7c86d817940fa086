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

char *
plz_time_format_rfc3339 (gint64 usec)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (usec / G_USEC_PER_SEC);
  g_autofree char *base = NULL;
  gint64 frac = usec % G_USEC_PER_SEC;

  if (dt == NULL)
    return NULL;
  if (frac < 0)
    {
      /* Times before 1970 round toward negative infinity. */
      g_autoptr(GDateTime) earlier = g_date_time_add_seconds (dt, -1);
      g_date_time_unref (g_steal_pointer (&dt));
      dt = g_steal_pointer (&earlier);
      frac += G_USEC_PER_SEC;
    }
  base = g_date_time_format (dt, "%Y-%m-%dT%H:%M:%S");
  return g_strdup_printf ("%s.%06" G_GINT64_FORMAT "Z", base, frac);
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
