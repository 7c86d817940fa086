/* plz-jobs-store.h — the SQL of the jobs table */
#pragma once

#include "store/plz-store.h"

G_BEGIN_DECLS

typedef struct
{
  gint64  id;
  char   *kind;
  char   *key;
  char   *payload;
  gint64  run_at;
  gint64  attempts;
} PlzJob;

void       plz_job_free                (PlzJob *job);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PlzJob, plz_job_free)

/* Inserts or replaces job @kind/@key. */
gboolean   plz_jobs_store_upsert       (PlzStore *store, const char *kind, const char *key,
                                        const char *payload, gint64 run_at, gint64 now, GError **error);
gboolean   plz_jobs_store_delete       (PlzStore *store, const char *kind, const char *key, GError **error);
gboolean   plz_jobs_store_delete_id    (PlzStore *store, gint64 id, GError **error);
/* Up to @limit jobs due at @now (PlzJob), soonest first. */
GPtrArray *plz_jobs_store_due          (PlzStore *store, gint64 now, guint limit, GError **error);
/* Counts a failed attempt and moves the job to @run_at. */
gboolean   plz_jobs_store_retry        (PlzStore *store, gint64 id, gint64 run_at, const char *error_text,
                                        GError **error);
/* The earliest run_at, 0 with none, -1 on error. */
gint64     plz_jobs_store_next_run     (PlzStore *store, GError **error);

G_END_DECLS
