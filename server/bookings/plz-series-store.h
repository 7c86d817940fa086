/* plz-series-store.h — the SQL of booking series and their occurrences */
#pragma once

#include "store/plz-store.h"

G_BEGIN_DECLS

typedef struct
{
  char    *id;
  char    *consumer_id;
  char    *operator_id;
  char    *service_id;
  char    *rule;          /* RRULE text, no prefix */
  gint64   start_at;      /* DTSTART, µs UTC */
  char    *time_zone;
  gint64   created_at;
} PlzSeries;

/* Which occurrence of its series a booking is. */
typedef struct
{
  char    *booking_id;
  guint    idx;
  gint64   original_at;   /* where the rule puts it, µs UTC */
} PlzSeriesOccurrence;

void         plz_series_free                   (PlzSeries *series);
void         plz_series_occurrence_free        (PlzSeriesOccurrence *occurrence);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PlzSeries, plz_series_free)

/* Saves @series in the caller's transaction. */
gboolean     plz_series_store_insert           (PlzStore *store, const PlzSeries *series, GError **error);
/* The series @id, or NULL (NOT_FOUND). */
PlzSeries   *plz_series_store_get              (PlzStore *store, const char *id, GError **error);
/* Records that @booking_id is occurrence @idx of @series_id, put by the rule at @original_at. */
gboolean     plz_series_store_add_occurrence   (PlzStore *store, const char *series_id, const char *booking_id,
                                                guint idx, gint64 original_at, GError **error);
/* @series_id's occurrences (PlzSeriesOccurrence), by index. */
GPtrArray   *plz_series_store_occurrences      (PlzStore *store, const char *series_id, GError **error);

G_END_DECLS
