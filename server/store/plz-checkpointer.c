/* plz-checkpointer.c — WAL checkpoints on a thread of their own
 *
 * SQLite checkpoints in the connection that commits once the WAL passes
 * 1,000 pages: that commit then copies every page back into the database and
 * syncs it, and the main loop (every link of the live hub) waits. Here the
 * commit only wakes a thread, which checkpoints PASSIVE on a second
 * connection and so never blocks the writer.
 *
 * Past the threshold the thread is woken once per CHECKPOINT_STEP new pages,
 * not after every commit: a page rewritten by each commit (a user's newest
 * events, a conversation) is copied once per step, and a run costs two
 * fsyncs. Woken by every commit it ran ~600 times a second at 2,000 msgs/s.
 * The thread keeps normal priority: as SCHED_IDLE it was preempted while
 * holding WAL locks and the writer's p99 went from ~12 to ~30 ms. */
#define G_LOG_DOMAIN "plaza-store"

#include "plz-checkpointer.h"
#include "plz-error.h"

/* SQLite's own threshold: a WAL of 1,000 pages (4 MB) is checkpointed. */
#define CHECKPOINT_FRAMES 1000
/* Then again each time it has grown by this much (2 MB). */
#define CHECKPOINT_STEP   500
/* Should the thread fall this far behind, the committer checkpoints itself. */
#define BACKSTOP_FRAMES   20000

struct _PlzCheckpointer
{
  sqlite3  *main_db;   /* the store's connection, whose commits wake us */
  sqlite3  *db;        /* ours, used on the thread only */
  GThread  *thread;
  GMutex    lock;
  GCond     cond;
  gboolean  wanted;
  gboolean  stopping;
  guint     n_runs;       /* atomic */
  /* Main thread only (the hook runs in the committing connection). */
  int       last_frames;  /* the WAL's size after the last commit */
  int       next_frames;  /* the size that wakes the thread next */
};

static void
checkpoint (PlzCheckpointer *self)
{
  int frames = 0, done = 0;
  int rc = sqlite3_wal_checkpoint_v2 (self->db, NULL, SQLITE_CHECKPOINT_PASSIVE, &frames, &done);

  g_atomic_int_inc (&self->n_runs);

  if (rc != SQLITE_OK && rc != SQLITE_BUSY)
    g_warning ("Cannot checkpoint: %s", sqlite3_errmsg (self->db));
}

static gpointer
run (gpointer data)
{
  PlzCheckpointer *self = data;

  g_mutex_lock (&self->lock);
  for (;;)
    {
      while (!self->wanted && !self->stopping)
        g_cond_wait (&self->cond, &self->lock);
      if (self->stopping)
        break;
      self->wanted = FALSE;
      g_mutex_unlock (&self->lock);
      checkpoint (self);
      g_mutex_lock (&self->lock);
    }
  g_mutex_unlock (&self->lock);
  return NULL;
}

/* After every commit of the store's connection, with the WAL's size. */
static int
wal_hook_cb (gpointer    data,
             sqlite3    *db,
             const char *name,
             int         frames)
{
  PlzCheckpointer *self = data;

  /* Smaller than after the last commit: the WAL started again. */
  if (frames < self->last_frames)
    self->next_frames = CHECKPOINT_FRAMES;
  self->last_frames = frames;
  if (frames >= BACKSTOP_FRAMES)
    sqlite3_wal_checkpoint_v2 (db, name, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
  else if (frames >= self->next_frames)
    {
      self->next_frames = frames + CHECKPOINT_STEP;
      g_mutex_lock (&self->lock);
      self->wanted = TRUE;
      g_cond_signal (&self->cond);
      g_mutex_unlock (&self->lock);
    }
  return SQLITE_OK;
}

PlzCheckpointer *
plz_checkpointer_start (PlzStore  *store,
                        GError   **error)
{
  PlzCheckpointer *self;
  sqlite3 *db = NULL;
  int rc;

  g_return_val_if_fail (PLZ_IS_STORE (store), NULL);

  rc = sqlite3_open_v2 (plz_store_get_path (store), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL);
  /* Copies are synced (the WAL before, the database after) before the WAL
   * may be reused: a checkpoint never loses a commit. */
  if (rc == SQLITE_OK)
    rc = sqlite3_exec (db, "PRAGMA synchronous = FULL", NULL, NULL, NULL);
  if (rc != SQLITE_OK)
    {
      g_set_error (error, PLZ_ERROR, PLZ_ERROR_STORE, "Cannot open the database for checkpoints: %s",
                   db != NULL ? sqlite3_errmsg (db) : sqlite3_errstr (rc));
      sqlite3_close (db);
      return NULL;
    }
  self = g_new0 (PlzCheckpointer, 1);
  self->main_db = plz_store_get_db (store);
  self->next_frames = CHECKPOINT_FRAMES;
  self->db = db;
  g_mutex_init (&self->lock);
  g_cond_init (&self->cond);
  /* Opens the WAL and its index now rather than when descriptors may have
   * run out. */
  checkpoint (self);
  self->thread = g_thread_new ("plaza-checkpoint", run, self);
  /* Replaces SQLite's automatic checkpoints on that connection. */
  sqlite3_wal_hook (self->main_db, wal_hook_cb, self);
  return self;
}

guint
plz_checkpointer_get_n_runs (PlzCheckpointer *self)
{
  return g_atomic_int_get (&self->n_runs);
}

void
plz_checkpointer_stop (PlzCheckpointer *self)
{
  if (self == NULL)
    return;
  /* Back to SQLite's own checkpoints (this also removes our hook). */
  sqlite3_wal_autocheckpoint (self->main_db, CHECKPOINT_FRAMES);
  g_mutex_lock (&self->lock);
  self->stopping = TRUE;
  g_cond_signal (&self->cond);
  g_mutex_unlock (&self->lock);
  g_thread_join (self->thread);
  sqlite3_close (self->db);
  g_mutex_clear (&self->lock);
  g_cond_clear (&self->cond);
  g_free (self);
}
