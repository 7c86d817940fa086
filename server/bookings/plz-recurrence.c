/* plz-recurrence.c — a booking series: an RRULE (libical) from a start in the
 * operator's zone, expanded to occurrences, with skipped and moved ones
 *
 * libical steps through the rule in wall-clock fields (a floating DTSTART), and
 * GLib's GTimeZone turns each wall-clock time into an instant in the operator's
 * zone; so a weekly 09:00 stays 09:00 across a daylight-saving change. A
 * wall-clock time that the change skips (02:30 on the spring-forward night)
 * moves forward by the gap, as RFC 5545 reads it (see wall_clock_to_date_time).
 *
 * Month ends follow libical, which follows RFC 5545: a monthly series from
 * the 31st happens only in months that have a 31st (Jan 31, Mar 31, May 31 …);
 * months without one are left out, not moved to their last day, and COUNT
 * counts only the occurrences that happen. */
#define G_LOG_DOMAIN "plaza-bookings"

#include "plz-recurrence.h"
#include "plz-error.h"

#include <libical/ical.h>
#include <string.h>

/* Longer rule text than this is not a rule a person wrote for a booking. */
#define MAX_RULE_LENGTH 512

struct _PlzRecurrence
{
  char       *rule;
  char       *time_zone;
  GTimeZone  *tz;
  GDateTime  *start;
  GPtrArray  *originals;   /* GDateTime, one per occurrence of the rule */
  GPtrArray  *moved_to;    /* GDateTime or NULL, parallel to originals */
  GArray     *skipped;     /* gboolean, parallel to originals */
};

static void
unref_date_time_or_null (gpointer data)
{
  if (data != NULL)
    g_date_time_unref (data);
}

static const char *frequency_names[] = {
  [PLZ_RECURRENCE_WEEKLY] = "weekly",
  [PLZ_RECURRENCE_BIWEEKLY] = "biweekly",
  [PLZ_RECURRENCE_MONTHLY] = "monthly",
};

const char *
plz_recurrence_frequency_name (PlzRecurrenceFrequency frequency)
{
  g_return_val_if_fail (frequency <= PLZ_RECURRENCE_MONTHLY, NULL);

  return frequency_names[frequency];
}

gboolean
plz_recurrence_frequency_from_name (const char             *name,
                                    PlzRecurrenceFrequency *out,
                                    GError                **error)
{
  for (guint i = 0; i < G_N_ELEMENTS (frequency_names); i++)
    if (g_strcmp0 (name, frequency_names[i]) == 0)
      {
        *out = (PlzRecurrenceFrequency) i;
        return TRUE;
      }
  plz_error_set_invalid (error, "recurrence.frequency",
                         "A booking repeats weekly, biweekly or monthly");
  return FALSE;
}

char *
plz_recurrence_rule_from_spec (const PlzRecurrenceSpec *spec,
                               GError                 **error)
{
  g_autoptr(GString) rule = g_string_new (NULL);

  g_return_val_if_fail (spec != NULL, NULL);

  switch (spec->frequency)
    {
    case PLZ_RECURRENCE_WEEKLY:
      g_string_append (rule, "FREQ=WEEKLY");
      break;
    case PLZ_RECURRENCE_BIWEEKLY:
      g_string_append (rule, "FREQ=WEEKLY;INTERVAL=2");
      break;
    case PLZ_RECURRENCE_MONTHLY:
      g_string_append (rule, "FREQ=MONTHLY");
      break;
    default:
      plz_error_set_invalid (error, "recurrence.frequency",
                             "A booking repeats weekly, biweekly or monthly");
      return NULL;
    }

  if ((spec->count == 0) == (spec->until == NULL))
    {
      plz_error_set_invalid (error, "recurrence.count",
                             "Give either how many times the booking repeats or until when");
      return NULL;
    }
  if (spec->until != NULL)
    {
      g_autoptr(GDateTime) utc = g_date_time_to_utc (spec->until);
      g_autofree char *text = g_date_time_format (utc, "%Y%m%dT%H%M%SZ");

      g_string_append_printf (rule, ";UNTIL=%s", text);
    }
  else if (spec->count > PLZ_RECURRENCE_MAX_COUNT)
    {
      plz_error_set_invalid (error, "recurrence.count",
                             "A booking repeats at most %d times", PLZ_RECURRENCE_MAX_COUNT);
      return NULL;
    }
  else
    g_string_append_printf (rule, ";COUNT=%u", spec->count);

  return g_string_free (g_steal_pointer (&rule), FALSE);
}

static gint64
offset_seconds_at (GTimeZone *tz,
                   gint64     unix_time)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (unix_time);
  g_autoptr(GDateTime) local = utc != NULL ? g_date_time_to_timezone (utc, tz) : NULL;

  return local != NULL ? g_date_time_get_utc_offset (local) / G_TIME_SPAN_SECOND : 0;
}

static gboolean
same_wall_clock (GDateTime                 *t,
                 const struct icaltimetype *w)
{
  return g_date_time_get_year (t) == w->year && g_date_time_get_month (t) == w->month
         && g_date_time_get_day_of_month (t) == w->day && g_date_time_get_hour (t) == w->hour
         && g_date_time_get_minute (t) == w->minute && g_date_time_get_second (t) == w->second;
}

/* A wall-clock time in @tz read as RFC 5545 (3.3.5) reads a TZID time, as
 * calendar programs reading our .ics will: a time that occurs twice (autumn)
 * is the first of the two; a time that a change skips (spring) is read with
 * the offset before the gap, so 02:30 becomes 03:30 summer time. */
static GDateTime *
wall_clock_to_date_time (GTimeZone                 *tz,
                         const struct icaltimetype *t)
{
  g_autoptr(GDateTime) as_utc = g_date_time_new_utc (t->year, t->month, t->day,
                                                     t->hour, t->minute, t->second);
  gint64 wall, before, after;
  g_autoptr(GDateTime) first = NULL;
  g_autoptr(GDateTime) second = NULL;

  if (as_utc == NULL)
    return NULL;
  wall = g_date_time_to_unix (as_utc);
  /* Zones change offset at most once in two days. */
  before = offset_seconds_at (tz, wall - 2 * 86400);
  after = offset_seconds_at (tz, wall + 2 * 86400);

  first = g_date_time_new_from_unix_utc (wall - before);
  second = g_date_time_new_from_unix_utc (wall - after);
  if (first == NULL || second == NULL)
    return NULL;
  {
    g_autoptr(GDateTime) a = g_date_time_to_timezone (first, tz);
    g_autoptr(GDateTime) b = g_date_time_to_timezone (second, tz);
    gboolean a_ok = same_wall_clock (a, t);
    gboolean b_ok = same_wall_clock (b, t);

    if (a_ok && b_ok)
      return g_date_time_compare (a, b) <= 0 ? g_steal_pointer (&a) : g_steal_pointer (&b);
    if (b_ok)
      return g_steal_pointer (&b);
    /* Either @a is right, or the time falls in a gap and @a reads it with
     * the offset before the gap. */
    return g_steal_pointer (&a);
  }
}

/* UNTIL as an instant: UTC as it is, a floating time in the series' zone, a
 * date up to the end of that day there. */
static GDateTime *
until_to_date_time (GTimeZone                 *tz,
                    const struct icaltimetype *until)
{
  if (until->is_date)
    {
      struct icaltimetype last = *until;

      last.hour = 23;
      last.minute = 59;
      last.second = 59;
      return wall_clock_to_date_time (tz, &last);
    }
  if (icaltime_is_utc (*until))
    return g_date_time_new_utc (until->year, until->month, until->day,
                                until->hour, until->minute, until->second);
  return wall_clock_to_date_time (tz, until);
}

static gboolean
expand_rule (PlzRecurrence              *self,
             struct icalrecurrencetype   rt,
             GError                    **error)
{
  g_autoptr(GDateTime) until = NULL;
  struct icaltimetype dtstart = icaltime_null_time ();
  icalrecur_iterator *it;
  gboolean ok = TRUE;

  if (!icaltime_is_null_time (rt.until))
    {
      until = until_to_date_time (self->tz, &rt.until);
      if (until == NULL)
        {
          plz_error_set_invalid (error, "recurrence",
                                 "The repeat rule's end (UNTIL) is not a date");
          return FALSE;
        }
      /* We apply UNTIL ourselves, in GLib's zone rules, so that libical never
       * compares floating times with UTC ones. */
      rt.until = icaltime_null_time ();
    }

  dtstart.year = g_date_time_get_year (self->start);
  dtstart.month = g_date_time_get_month (self->start);
  dtstart.day = g_date_time_get_day_of_month (self->start);
  dtstart.hour = g_date_time_get_hour (self->start);
  dtstart.minute = g_date_time_get_minute (self->start);
  dtstart.second = g_date_time_get_second (self->start);

  it = icalrecur_iterator_new (rt, dtstart);
  if (it == NULL)
    {
      plz_error_set_invalid (error, "recurrence", "libical cannot repeat this rule");
      return FALSE;
    }
  for (struct icaltimetype t = icalrecur_iterator_next (it);
       !icaltime_is_null_time (t);
       t = icalrecur_iterator_next (it))
    {
      g_autoptr(GDateTime) when = wall_clock_to_date_time (self->tz, &t);

      if (when == NULL || (until != NULL && g_date_time_compare (when, until) > 0))
        break;
      if (self->originals->len == PLZ_RECURRENCE_MAX_COUNT)
        {
          plz_error_set_invalid (error, "recurrence",
                                 "A booking repeats at most %d times", PLZ_RECURRENCE_MAX_COUNT);
          ok = FALSE;
          break;
        }
      g_ptr_array_add (self->originals, g_steal_pointer (&when));
    }
  icalrecur_iterator_free (it);

  if (ok && self->originals->len == 0)
    {
      plz_error_set_invalid (error, "recurrence", "The repeat rule gives no dates");
      ok = FALSE;
    }
  return ok;
}

static struct icalrecurrencetype
parse_rule (const char  *rrule,
            GError     **error)
{
  struct icalrecurrencetype rt;

  icalrecurrencetype_clear (&rt);
  if (rrule == NULL || *rrule == '\0' || strlen (rrule) > MAX_RULE_LENGTH)
    {
      plz_error_set_invalid (error, "recurrence", "The repeat rule is empty or too long");
      return rt;
    }
  if (g_ascii_strncasecmp (rrule, "RRULE:", 6) == 0)
    rrule += 6;
  /* libical reads numbers with atoi and stops at anything odd: "COUNT=2\r\n…"
   * would pass, so only the characters a rule is made of get through. */
  for (const char *p = rrule; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && strchr ("=;,+-", *p) == NULL)
      {
        plz_error_set_invalid (error, "recurrence",
                               "A repeat rule has letters, digits and =;,+- only");
        return rt;
      }

  rt = icalrecurrencetype_from_string (rrule);
  if (rt.freq == ICAL_NO_RECURRENCE)
    plz_error_set_invalid (error, "recurrence",
                           "“%s” is not a repeat rule (RFC 5545 RRULE)", rrule);
  else if (rt.freq == ICAL_SECONDLY_RECURRENCE || rt.freq == ICAL_MINUTELY_RECURRENCE
           || rt.freq == ICAL_HOURLY_RECURRENCE)
    plz_error_set_invalid (error, "recurrence", "A booking repeats at most once a day");
  else if (rt.count > 0 && !icaltime_is_null_time (rt.until))
    plz_error_set_invalid (error, "recurrence", "A repeat rule has COUNT or UNTIL, not both");
  else if (rt.count == 0 && icaltime_is_null_time (rt.until))
    plz_error_set_invalid (error, "recurrence", "A repeat rule needs an end: COUNT or UNTIL");
  else if (rt.count > PLZ_RECURRENCE_MAX_COUNT)
    plz_error_set_invalid (error, "recurrence",
                           "A booking repeats at most %d times", PLZ_RECURRENCE_MAX_COUNT);
  else
    return rt;

  icalrecurrencetype_clear (&rt);
  return rt;
}

PlzRecurrence *
plz_recurrence_new (const char  *rrule,
                    GDateTime   *start,
                    const char  *time_zone,
                    GError     **error)
{
  g_autoptr(PlzRecurrence) self = NULL;
  g_autoptr(GTimeZone) tz = NULL;
  struct icalrecurrencetype rt;

  g_return_val_if_fail (start != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  tz = time_zone != NULL ? g_time_zone_new_identifier (time_zone) : NULL;
  if (tz == NULL)
    {
      plz_error_set_invalid (error, "time_zone", "“%s” is not a time zone",
                             time_zone != NULL ? time_zone : "");
      return NULL;
    }
  rt = parse_rule (rrule, error);
  if (rt.freq == ICAL_NO_RECURRENCE)
    return NULL;

  self = g_new0 (PlzRecurrence, 1);
  self->tz = g_steal_pointer (&tz);
  self->time_zone = g_strdup (time_zone);
  self->start = g_date_time_to_timezone (start, self->tz);
  self->originals = g_ptr_array_new_with_free_func ((GDestroyNotify) g_date_time_unref);
  self->moved_to = g_ptr_array_new_with_free_func (unref_date_time_or_null);
  self->skipped = g_array_new (FALSE, TRUE, sizeof (gboolean));

  {
    char *text = icalrecurrencetype_as_string_r (&rt);

    self->rule = g_strdup (text != NULL ? text : "");
    icalmemory_free_buffer (text);
  }

  if (!expand_rule (self, rt, error))
    return NULL;

  g_ptr_array_set_size (self->moved_to, (gint) self->originals->len);
  g_array_set_size (self->skipped, self->originals->len);
  return g_steal_pointer (&self);
}

PlzRecurrence *
plz_recurrence_new_from_spec (const PlzRecurrenceSpec *spec,
                              GDateTime               *start,
                              const char              *time_zone,
                              GError                 **error)
{
  g_autofree char *rule = plz_recurrence_rule_from_spec (spec, error);

  return rule != NULL ? plz_recurrence_new (rule, start, time_zone, error) : NULL;
}

void
plz_recurrence_free (PlzRecurrence *self)
{
  if (self == NULL)
    return;
  g_free (self->rule);
  g_free (self->time_zone);
  g_clear_pointer (&self->tz, g_time_zone_unref);
  g_clear_pointer (&self->start, g_date_time_unref);
  g_clear_pointer (&self->originals, g_ptr_array_unref);
  g_clear_pointer (&self->moved_to, g_ptr_array_unref);
  g_clear_pointer (&self->skipped, g_array_unref);
  g_free (self);
}

const char *
plz_recurrence_get_rule (const PlzRecurrence *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->rule;
}

GDateTime *
plz_recurrence_get_start (const PlzRecurrence *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->start;
}

const char *
plz_recurrence_get_time_zone (const PlzRecurrence *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->time_zone;
}

static gboolean
find_original (const PlzRecurrence  *self,
               GDateTime            *original,
               guint                *index,
               GError              **error)
{
  for (guint i = 0; i < self->originals->len; i++)
    if (g_date_time_equal (self->originals->pdata[i], original))
      {
        *index = i;
        return TRUE;
      }
  g_set_error_literal (error, PLZ_ERROR, PLZ_ERROR_NOT_FOUND,
                       "The series has no occurrence at that time");
  return FALSE;
}

gboolean
plz_recurrence_skip (PlzRecurrence  *self,
                     GDateTime      *original,
                     GError        **error)
{
  guint i;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (original != NULL, FALSE);

  if (!find_original (self, original, &i, error))
    return FALSE;
  g_array_index (self->skipped, gboolean, i) = TRUE;
  g_clear_pointer (&self->moved_to->pdata[i], g_date_time_unref);
  return TRUE;
}

gboolean
plz_recurrence_move (PlzRecurrence  *self,
                     GDateTime      *original,
                     GDateTime      *start,
                     GError        **error)
{
  guint i;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (original != NULL, FALSE);
  g_return_val_if_fail (start != NULL, FALSE);

  if (!find_original (self, original, &i, error))
    return FALSE;
  g_array_index (self->skipped, gboolean, i) = FALSE;
  g_clear_pointer (&self->moved_to->pdata[i], g_date_time_unref);
  if (!g_date_time_equal (original, start))
    self->moved_to->pdata[i] = g_date_time_to_timezone (start, self->tz);
  return TRUE;
}

GPtrArray *
plz_recurrence_get_skipped (const PlzRecurrence *self)
{
  GPtrArray *skipped = g_ptr_array_new_with_free_func ((GDestroyNotify) g_date_time_unref);

  g_return_val_if_fail (self != NULL, skipped);

  for (guint i = 0; i < self->originals->len; i++)
    if (g_array_index (self->skipped, gboolean, i))
      g_ptr_array_add (skipped, g_date_time_ref (self->originals->pdata[i]));
  return skipped;
}

static void
clear_occurrence (gpointer data)
{
  PlzOccurrence *o = data;

  g_clear_pointer (&o->original, g_date_time_unref);
  g_clear_pointer (&o->start, g_date_time_unref);
}

GArray *
plz_recurrence_expand (const PlzRecurrence *self,
                       GDateTime           *until)
{
  GArray *out = g_array_new (FALSE, TRUE, sizeof (PlzOccurrence));

  g_array_set_clear_func (out, clear_occurrence);
  g_return_val_if_fail (self != NULL, out);

  for (guint i = 0; i < self->originals->len; i++)
    {
      GDateTime *moved = self->moved_to->pdata[i];
      PlzOccurrence o = { i, NULL, NULL, moved != NULL };

      if (g_array_index (self->skipped, gboolean, i))
        continue;
      o.original = g_date_time_ref (self->originals->pdata[i]);
      o.start = g_date_time_ref (moved != NULL ? moved : o.original);
      if (until != NULL && g_date_time_compare (o.start, until) > 0)
        {
          clear_occurrence (&o);
          continue;
        }
      g_array_append_val (out, o);
    }
  return out;
}
