/* plz-syncer.c — syncs the WAL on a thread of its own
 *
 * With synchronous=FULL the commit itself calls fdatasync(), and the main loop
 * (every link of the live hub) waits for the disk: 0.35 ms on a quiet disk,
 * several ms on a busy one. Here the commit only writes the WAL (as with
 * synchronous=NORMAL) and this thread syncs it; the store holds back what a
 * commit announces (acks, events) until the sync that covers it is done, so
 * nothing is acknowledged before it is on disk. fsync works on the file, not
 * the descriptor: our own descriptor on the WAL flushes SQLite's writes too. */
#define G_LOG_DOMAIN "plaza-store"

#include "plz-syncer.h"
#include "plz-error.h"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

struct _PlzSyncer
{
  gint           ref_count;
  int            fd;
  GThread       *thread;
  GMutex         lock;
  GCond          cond;
  guint64        wanted;    /* the last ticket asked for */
  guint64        synced;    /* the last ticket covered by a finished sync */
  gboolean       stopping;
  GMainContext  *context;
  PlzSyncedFunc  func;      /* main context only; NULL once stopped */
  gpointer       user_data;
};

static PlzSyncer *
syncer_ref (PlzSyncer *self)
{
  g_atomic_int_inc (&self->ref_count);
  return self;
}

static void
syncer_unref (PlzSyncer *self)
{
  if (!g_atomic_int_dec_and_test (&self->ref_count))
    return;
  g_mutex_clear (&self->lock);
  g_cond_clear (&self->cond);
  g_main_context_unref (self->context);
  g_free (self);
}

static void
sync_fd (PlzSyncer *self)
{
  /* A failed fsync may have dropped the dirty pages: what was written can no
   * longer be promised durable, and carrying on would ack it on a retry.
   * Stop, as PostgreSQL does; a restart reads what the disk really has. */
  while (fdatasync (self->fd) != 0)
    if (errno != EINTR)
      g_error ("Cannot sync the write-ahead log: %s", g_strerror (errno));
}

static gboolean
synced_cb (gpointer data)
{
  PlzSyncer *self = data;
  guint64 synced;

  g_mutex_lock (&self->lock);
  synced = self->synced;
  g_mutex_unlock (&self->lock);
  if (self->func != NULL)
    self->func (synced, self->user_data);
  return G_SOURCE_REMOVE;
}

/* Always a source on the main context: g_main_context_invoke() would run
 * the callback right here when the main loop happens to be idle. */
static void
tell_main (PlzSyncer *self)
{
  GSource *source = g_idle_source_new ();

  g_source_set_priority (source, G_PRIORITY_HIGH);
  g_source_set_callback (source, synced_cb, syncer_ref (self), (GDestroyNotify) syncer_unref);
  g_source_set_static_name (source, "[plaza] WAL synced");
  g_source_attach (source, self->context);
  g_source_unref (source);
}

static gpointer
run (gpointer data)
{
  PlzSyncer *self = data;

  g_mutex_lock (&self->lock);
  for (;;)
    {
      guint64 target;

      while (self->wanted == self->synced && !self->stopping)
        g_cond_wait (&self->cond, &self->lock);
      if (self->wanted == self->synced)
        break;
      /* Everything asked for so far was written before this sync starts. */
      target = self->wanted;
      g_mutex_unlock (&self->lock);
      sync_fd (self);
      g_mutex_lock (&self->lock);
      self->synced = target;
      tell_main (self);
    }
  g_mutex_unlock (&self->lock);
  return NULL;
}

PlzSyncer *
plz_syncer_start (const char     *wal_path,
                  PlzSyncedFunc   func,
                  gpointer        user_data,
                  GError        **error)
{
  PlzSyncer *self;
  int fd = open (wal_path, O_RDWR | O_CLOEXEC);

  g_return_val_if_fail (func != NULL, NULL);
  if (fd < 0)
    {
      int errsv = errno;

      g_set_error (error, PLZ_ERROR, PLZ_ERROR_STORE, "Cannot open the write-ahead log “%s”: %s", wal_path,
                   g_strerror (errsv));
      return NULL;
    }
  self = g_new0 (PlzSyncer, 1);
  self->ref_count = 1;
  self->fd = fd;
  self->func = func;
  self->user_data = user_data;
  self->context = g_main_context_ref_thread_default ();
  g_mutex_init (&self->lock);
  g_cond_init (&self->cond);
  self->thread = g_thread_new ("plaza-sync", run, self);
  return self;
}

void
plz_syncer_request (PlzSyncer *self,
                    guint64    ticket)
{
  g_mutex_lock (&self->lock);
  if (ticket > self->wanted)
    {
      self->wanted = ticket;
      g_cond_signal (&self->cond);
    }
  g_mutex_unlock (&self->lock);
}

void
plz_syncer_sync_now (PlzSyncer *self)
{
  sync_fd (self);
}

void
plz_syncer_stop (PlzSyncer *self)
{
  if (self == NULL)
    return;
  g_mutex_lock (&self->lock);
  self->stopping = TRUE;
  g_cond_signal (&self->cond);
  g_mutex_unlock (&self->lock);
  g_thread_join (self->thread);
  self->func = NULL;
  close (self->fd);
  self->fd = -1;
  syncer_unref (self);
}
