/* plz-checkpointer.c — WAL checkpoints on a thread of their own
 *
 * SQLite checkpoints in the connection that commits once the WAL passes
 * 1,000 pages: that commit then copies every page back into the database and
 * syncs it, and the main loop (every link of the live hub) waits. A second
 * connection checkpointing PASSIVE from a thread never blocks the writer. */
#define G_LOG_DOMAIN "plaza-store"

#include "plz-checkpointer.h"
#include "plz-error.h"

#define INTERVAL_US      (50 * 1000)
/* The main connection's own checkpoints, if the thread falls behind: 80 MB. */
#define BACKSTOP_PAGES   "20000"

struct _PlzCheckpointer
{
  sqlite3  *db;
  GThread  *thread;
  GMutex    lock;
  GCond     cond;
  gboolean  stopping;
};

static void
checkpoint (PlzCheckpointer *self)
{
  int frames = 0, done = 0;
  int rc = sqlite3_wal_checkpoint_v2 (self->db, NULL, SQLITE_CHECKPOINT_PASSIVE, &frames, &done);

  if (rc != SQLITE_OK && rc != SQLITE_BUSY)
    g_warning ("Cannot checkpoint: %s", sqlite3_errmsg (self->db));
}

static gpointer
run (gpointer data)
{
  PlzCheckpointer *self = data;

  g_mutex_lock (&self->lock);
  while (!self->stopping)
    {
      gint64 until = g_get_monotonic_time () + INTERVAL_US;

      while (!self->stopping && g_cond_wait_until (&self->cond, &self->lock, until))
        ;
      g_mutex_unlock (&self->lock);
      checkpoint (self);
      g_mutex_lock (&self->lock);
    }
  g_mutex_unlock (&self->lock);
  return NULL;
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
  if (!plz_store_exec (store, "PRAGMA wal_autocheckpoint = " BACKSTOP_PAGES, error))
    {
      sqlite3_close (db);
      return NULL;
    }
  self = g_new0 (PlzCheckpointer, 1);
  self->db = db;
  g_mutex_init (&self->lock);
  g_cond_init (&self->cond);
  /* Opens the WAL and its index now: out of descriptors later, the thread
   * would otherwise take one that a connection was waiting for. */
  checkpoint (self);
  self->thread = g_thread_new ("plaza-checkpoint", run, self);
  return self;
}

void
plz_checkpointer_stop (PlzCheckpointer *self)
{
  if (self == NULL)
    return;
  g_mutex_lock (&self->lock);
  self->stopping = TRUE;
  g_cond_signal (&self->cond);
  g_mutex_unlock (&self->lock);
  g_thread_join (self->thread);
  checkpoint (self);
  sqlite3_close (self->db);
  g_mutex_clear (&self->lock);
  g_cond_clear (&self->cond);
  g_free (self);
}
