/* plz-time.h — times as int64 microseconds inside, RFC 3339 UTC on the wire */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Wall-clock time in microseconds since the Unix epoch (plus any shift). */
gint64  plz_time_now_us         (void);

/* Moves plz_time_now_us() by @delta_us from now on; tests use it to expire
 * tokens and locks without waiting. */
void    plz_time_shift          (gint64      delta_us);

/* Formats @usec (µs since the epoch) as RFC 3339 UTC, e.g. 2026-11-22T10:00:00.000000Z. */
char   *plz_time_format_rfc3339 (gint64      usec);

/* As plz_time_format_rfc3339(), into @out without allocating; FALSE (and
 * @out untouched) outside the years 1 to 9999. */
#define PLZ_TIME_RFC3339_SIZE 28
gboolean plz_time_format_rfc3339_to (gint64 usec,
                                     char   out[PLZ_TIME_RFC3339_SIZE]);

/* Parses an RFC 3339 time with an offset into µs since the epoch. */
gboolean plz_time_parse_rfc3339 (const char *text,
                                 gint64     *usec);

G_END_DECLS
