/* plz-jobs.h — durable jobs: rows with a kind, a payload and a time, run by a main-loop timer */
#pragma once

#include "store/plz-store.h"

G_BEGIN_DECLS

typedef struct _PlzJobs PlzJobs;

/* Runs one job inside a transaction that also deletes it; FALSE with @error
 * rolls both back and retries later. Must be idempotent: a job may run again
 * after a crash between its work and its commit is impossible, but a
 * handler may find its work already done by someone else. */
typedef gboolean (*PlzJobHandler) (PlzJobs     *jobs,
                                   const char  *key,
                                   const char  *payload,
                                   gpointer     user_data,
                                   GError     **error);

/* The time jobs are due against, µs UTC. */
typedef gint64   (*PlzJobsClock)  (gpointer     user_data);

PlzJobs  *plz_jobs_new        (PlzStore      *store);
void      plz_jobs_free       (PlzJobs       *self);

/* Replaces the clock (default plz_time_now_us()); tests move it. */
void      plz_jobs_set_clock  (PlzJobs       *self,
                               PlzJobsClock   clock,
                               gpointer       user_data);

/* Now, by the jobs' clock. */
gint64    plz_jobs_now        (PlzJobs       *self);

/* Jobs of @kind go to @handler (registered before plz_jobs_start()). */
void      plz_jobs_register   (PlzJobs       *self,
                               const char    *kind,
                               PlzJobHandler  handler,
                               gpointer       user_data);

/* Schedules job @kind/@key at @run_at (µs UTC) with @payload (JSON text or
 * NULL), replacing one with the same kind and key; call it in the
 * transaction that makes it necessary. A handler may schedule its own
 * kind and key again (a recurring job): the job then stays, at @run_at. */
gboolean  plz_jobs_schedule   (PlzJobs       *self,
                               const char    *kind,
                               const char    *key,
                               const char    *payload,
                               gint64         run_at,
                               GError       **error);

/* Drops job @kind/@key if it is still waiting (in the caller's transaction). */
gboolean  plz_jobs_cancel     (PlzJobs       *self,
                               const char    *kind,
                               const char    *key,
                               GError       **error);

/* Runs every job due now, each in its own transaction; returns how many ran
 * (succeeded or not), or -1 with @error when the table cannot be read. */
gint      plz_jobs_run_due    (PlzJobs       *self,
                               GError       **error);

/* When the next job is due (µs UTC), or 0 with none. */
gint64    plz_jobs_next_run   (PlzJobs       *self,
                               GError       **error);

/* Starts the timer in the thread-default main context: it wakes for the
 * nearest run_at (at least once a minute, so a moved clock is noticed). */
void      plz_jobs_start      (PlzJobs       *self);

/* Makes the timer look again soon; safe from any thread (tests, after
 * moving the clock). */
void      plz_jobs_poke       (PlzJobs       *self);

/* Stops the timer. */
void      plz_jobs_stop       (PlzJobs       *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PlzJobs, plz_jobs_free)

G_END_DECLS
