/* plz-recurrence.h — a booking series: an RRULE (libical) from a start in the
 * operator's zone, expanded to occurrences, with skipped and moved ones */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* More occurrences than this in one series is refused: a year of weeks. */
#define PLZ_RECURRENCE_MAX_COUNT 52

typedef enum
{
  PLZ_RECURRENCE_WEEKLY,
  PLZ_RECURRENCE_BIWEEKLY,
  /* On the start's day of the month; as libical and RFC 5545 have it, months
   * without that day (the 31st, the 30th in February) are left out. */
  PLZ_RECURRENCE_MONTHLY,
} PlzRecurrenceFrequency;

/* The small struct the API's "recurrence" object becomes. Exactly one of
 * @count (1..PLZ_RECURRENCE_MAX_COUNT) and @until (inclusive; any zone) is set. */
typedef struct
{
  PlzRecurrenceFrequency  frequency;
  guint                   count;
  GDateTime              *until;
} PlzRecurrenceSpec;

/* One occurrence of a series. @index counts from 0 over the rule's
 * occurrences, skipped ones included, so it names the same occurrence
 * whatever is skipped or moved. */
typedef struct
{
  guint      index;
  GDateTime *original;   /* where the rule puts it, in the series' zone */
  GDateTime *start;      /* where it happens: @original, or where it was moved */
  gboolean   moved;
} PlzOccurrence;

typedef struct _PlzRecurrence PlzRecurrence;

/* The wire name ("weekly", "biweekly", "monthly") of @frequency. */
const char     *plz_recurrence_frequency_name      (PlzRecurrenceFrequency frequency);

/* Parses a wire name; unknown names fail with PLZ_ERROR_INVALID_INPUT. */
gboolean        plz_recurrence_frequency_from_name (const char             *name,
                                                    PlzRecurrenceFrequency *out,
                                                    GError                **error);

/* RRULE text for @spec, e.g. "FREQ=WEEKLY;INTERVAL=2;COUNT=4" (UNTIL in UTC). */
char           *plz_recurrence_rule_from_spec      (const PlzRecurrenceSpec *spec,
                                                    GError                 **error);

/* A series from @rrule (with or without the "RRULE:" prefix), starting at
 * @start, repeating in wall-clock time of @time_zone (an IANA name): 09:00
 * stays 09:00 across daylight-saving changes. The rule is checked with
 * libical; it must repeat at most daily and have an end (COUNT or UNTIL) that
 * keeps it within PLZ_RECURRENCE_MAX_COUNT occurrences. Bad input fails with
 * PLZ_ERROR_INVALID_INPUT naming "recurrence". */
PlzRecurrence  *plz_recurrence_new                 (const char              *rrule,
                                                    GDateTime               *start,
                                                    const char              *time_zone,
                                                    GError                 **error);

/* plz_recurrence_new() with the rule built from @spec. */
PlzRecurrence  *plz_recurrence_new_from_spec       (const PlzRecurrenceSpec *spec,
                                                    GDateTime               *start,
                                                    const char              *time_zone,
                                                    GError                 **error);

void            plz_recurrence_free                (PlzRecurrence           *recurrence);

/* The normalised rule text (no "RRULE:" prefix) to store and to put in .ics. */
const char     *plz_recurrence_get_rule            (const PlzRecurrence     *recurrence);

/* The first occurrence (DTSTART) in the series' zone. */
GDateTime      *plz_recurrence_get_start           (const PlzRecurrence     *recurrence);

/* The IANA zone the series repeats in. */
const char     *plz_recurrence_get_time_zone       (const PlzRecurrence     *recurrence);

/* Skips the occurrence the rule puts at @original (an EXDATE). Fails with
 * PLZ_ERROR_NOT_FOUND when the rule has no occurrence there. */
gboolean        plz_recurrence_skip                (PlzRecurrence           *recurrence,
                                                    GDateTime               *original,
                                                    GError                 **error);

/* Moves the occurrence the rule puts at @original to @start (an overridden
 * occurrence, RECURRENCE-ID in iCalendar). Moving a skipped one un-skips it;
 * moving it again replaces the earlier move. */
gboolean        plz_recurrence_move                (PlzRecurrence           *recurrence,
                                                    GDateTime               *original,
                                                    GDateTime               *start,
                                                    GError                 **error);

/* The skipped occurrences' original starts, in order (EXDATEs). */
GPtrArray      *plz_recurrence_get_skipped         (const PlzRecurrence     *recurrence);

/* The occurrences, skipped ones left out, ordered by rule (index), at most
 * PLZ_RECURRENCE_MAX_COUNT; @until (inclusive, may be NULL) cuts the series
 * short. An array of PlzOccurrence, freed with g_array_unref(). */
GArray         *plz_recurrence_expand              (const PlzRecurrence     *recurrence,
                                                    GDateTime               *until);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PlzRecurrence, plz_recurrence_free)

G_END_DECLS
