/* plz-jobs.c — durable jobs: rows with a kind, a payload and a time, run by a main-loop timer */
#define G_LOG_DOMAIN "plaza-jobs"

#include "plz-jobs.h"
#include "plz-jobs-store.h"
#include "plz-error.h"
#include "plz-time.h"

/* A job that keeps failing is retried after 2^attempts s, up to an hour. */
#define MAX_BACKOFF_S   3600
/* The timer looks at least this often, so a moved clock is noticed. */
#define MAX_SLEEP_MS    60000
/* Jobs run per wake-up; the rest on the next, soon after. */
#define BATCH           100

typedef struct
{
  PlzJobHandler handler;
  gpointer      user_data;
} Handler;

struct _PlzJobs
{
  PlzStore     *store;
  PlzJobsClock  clock;
  gpointer      clock_data;
  GHashTable   *handlers;   /* kind → Handler */
  GMainContext *context;    /* where the timer runs; NULL until started */
  GSource      *timer;
  GMutex        lock;       /* guards context and poke_source across threads */
  GSource      *poke_source;
  const PlzJob *running;    /* the job whose handler runs now, or NULL */
  gboolean      rescheduled; /* ...and that handler scheduled it again */
};

static gint64
default_clock (gpointer user_data)
{
  return plz_time_now_us ();
}

PlzJobs *
plz_jobs_new (PlzStore *store)
{
  PlzJobs *self = g_new0 (PlzJobs, 1);

  self->store = g_object_ref (store);
  self->clock = default_clock;
  self->handlers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_mutex_init (&self->lock);
  return self;
}

void
plz_jobs_free (PlzJobs *self)
{
  if (self == NULL)
    return;
  plz_jobs_stop (self);
  g_object_unref (self->store);
  g_hash_table_unref (self->handlers);
  g_mutex_clear (&self->lock);
  g_free (self);
}

void
plz_jobs_set_clock (PlzJobs      *self,
                    PlzJobsClock  clock,
                    gpointer      user_data)
{
  self->clock = clock != NULL ? clock : default_clock;
  self->clock_data = user_data;
}

gint64
plz_jobs_now (PlzJobs *self)
{
  return self->clock (self->clock_data);
}

void
plz_jobs_register (PlzJobs       *self,
                   const char    *kind,
                   PlzJobHandler  handler,
                   gpointer       user_data)
{
  Handler *h = g_new0 (Handler, 1);

  h->handler = handler;
  h->user_data = user_data;
  g_hash_table_replace (self->handlers, g_strdup (kind), h);
}

static void rearm (PlzJobs *self);

static void
rearm_after_commit_cb (gpointer data,
                       gpointer user_data)
{
  rearm (data);
}

gboolean
plz_jobs_schedule (PlzJobs     *self,
                   const char  *kind,
                   const char  *key,
                   const char  *payload,
                   gint64       run_at,
                   GError     **error)
{
  g_return_val_if_fail (kind != NULL && key != NULL, FALSE);

  if (!plz_jobs_store_upsert (self->store, kind, key, payload, run_at, plz_jobs_now (self), error))
    return FALSE;
  /* A recurring job: the upsert kept its row, which must then outlive the run. */
  if (self->running != NULL && g_str_equal (self->running->kind, kind) && g_str_equal (self->running->key, key))
    self->rescheduled = TRUE;
  /* The timer may need to wake sooner, once the job is there to find. */
  if (self->timer != NULL)
    plz_store_after_commit (self->store, rearm_after_commit_cb, self, NULL);
  return TRUE;
}

gboolean
plz_jobs_cancel (PlzJobs     *self,
                 const char  *kind,
                 const char  *key,
                 GError     **error)
{
  return plz_jobs_store_delete (self->store, kind, key, error);
}

typedef struct
{
  PlzJobs      *self;
  const PlzJob *job;
  Handler      *handler;
} RunWork;

static gboolean
run_txn (PlzStore  *store,
         gpointer   data,
         GError   **error)
{
  RunWork *w = data;
  gboolean ok;

  w->self->running = w->job;
  w->self->rescheduled = FALSE;
  ok = w->handler->handler (w->self, w->job->key, w->job->payload, w->handler->user_data, error);
  w->self->running = NULL;
  return ok && (w->self->rescheduled || plz_jobs_store_delete_id (store, w->job->id, error));
}

gint
plz_jobs_run_due (PlzJobs  *self,
                  GError  **error)
{
  g_autoptr(GPtrArray) due = plz_jobs_store_due (self->store, plz_jobs_now (self), BATCH, error);

  if (due == NULL)
    return -1;
  for (guint i = 0; i < due->len; i++)
    {
      const PlzJob *job = g_ptr_array_index (due, i);
      RunWork w = { self, job, g_hash_table_lookup (self->handlers, job->kind) };
      g_autoptr(GError) local = NULL;
      gint64 backoff_s;

      if (w.handler == NULL)
        local = g_error_new (PLZ_ERROR, PLZ_ERROR_INTERNAL, "No handler for jobs of kind “%s”", job->kind);
      else if (plz_store_transaction (self->store, run_txn, &w, &local))
        continue;
      /* Kept, not dropped: a later start (or a fixed handler) runs it. */
      backoff_s = MIN (MAX_BACKOFF_S, G_GINT64_CONSTANT (1) << MIN (job->attempts, 12));
      g_warning ("Job %s/%s failed (attempt %" G_GINT64_FORMAT "): %s", job->kind, job->key,
                 job->attempts + 1, local->message);
      if (!plz_jobs_store_retry (self->store, job->id, plz_jobs_now (self) + backoff_s * G_USEC_PER_SEC,
                                 local->message, error))
        return -1;
    }
  return (gint) due->len;
}

gint64
plz_jobs_next_run (PlzJobs  *self,
                   GError  **error)
{
  return plz_jobs_store_next_run (self->store, error);
}

static gboolean
timer_cb (gpointer data)
{
  PlzJobs *self = data;
  g_autoptr(GError) error = NULL;

  g_clear_pointer (&self->timer, g_source_unref);
  if (plz_jobs_run_due (self, &error) < 0)
    g_warning ("Cannot run jobs: %s", error->message);
  rearm (self);
  return G_SOURCE_REMOVE;
}

/* Sets the timer for the nearest job (or a minute, with none). */
static void
rearm (PlzJobs *self)
{
  g_autoptr(GError) error = NULL;
  gint64 next, delay_ms = MAX_SLEEP_MS;

  if (self->context == NULL)
    return;
  next = plz_jobs_next_run (self, &error);
  if (next < 0)
    g_warning ("Cannot read the jobs table: %s", error->message);
  else if (next > 0)
    delay_ms = CLAMP ((next - plz_jobs_now (self) + 999) / 1000, 0, MAX_SLEEP_MS);
  if (self->timer != NULL)
    {
      g_source_destroy (self->timer);
      g_clear_pointer (&self->timer, g_source_unref);
    }
  self->timer = g_timeout_source_new ((guint) delay_ms);
  g_source_set_callback (self->timer, timer_cb, self, NULL);
  g_source_set_static_name (self->timer, "[plaza] jobs");
  g_source_attach (self->timer, self->context);
}

void
plz_jobs_start (PlzJobs *self)
{
  g_mutex_lock (&self->lock);
  self->context = g_main_context_ref_thread_default ();
  g_mutex_unlock (&self->lock);
  rearm (self);
}

static gboolean
poke_cb (gpointer data)
{
  PlzJobs *self = data;

  g_mutex_lock (&self->lock);
  g_clear_pointer (&self->poke_source, g_source_unref);
  g_mutex_unlock (&self->lock);
  if (self->timer != NULL)
    {
      g_source_destroy (self->timer);
      g_clear_pointer (&self->timer, g_source_unref);
    }
  return timer_cb (self);
}

void
plz_jobs_poke (PlzJobs *self)
{
  g_mutex_lock (&self->lock);
  if (self->context != NULL && self->poke_source == NULL)
    {
      self->poke_source = g_idle_source_new ();
      g_source_set_callback (self->poke_source, poke_cb, self, NULL);
      g_source_set_static_name (self->poke_source, "[plaza] jobs poke");
      g_source_attach (self->poke_source, self->context);
    }
  g_mutex_unlock (&self->lock);
}

void
plz_jobs_stop (PlzJobs *self)
{
  if (self->timer != NULL)
    {
      g_source_destroy (self->timer);
      g_clear_pointer (&self->timer, g_source_unref);
    }
  g_mutex_lock (&self->lock);
  if (self->poke_source != NULL)
    {
      g_source_destroy (self->poke_source);
      g_clear_pointer (&self->poke_source, g_source_unref);
    }
  g_clear_pointer (&self->context, g_main_context_unref);
  g_mutex_unlock (&self->lock);
}
