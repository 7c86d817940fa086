/* plz-store.c — the SQLite store: the only code that speaks SQL */
#define G_LOG_DOMAIN "plaza-store"

#include "plz-store.h"
#include "plz-migrations.h"
#include "plz-syncer.h"
#include "plz-error.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#define BUSY_TIMEOUT_MS 5000

struct _PlzStore
{
  GObject     parent_instance;

  sqlite3    *db;
  char       *path;
  GHashTable *statements;  /* sql → sqlite3_stmt* */
  GHashTable *by_address;  /* sql's address → sqlite3_stmt* (not owned) */
  guint       txn_depth;
  guint64     rollbacks;    /* transactions and savepoints rolled back */
  GArray     *after_commit; /* Hook, in the order registered */
  PlzSyncer  *syncer;       /* deferred syncs: NULL unless enabled */
  GQueue      unsynced;     /* Unsynced: committed, waiting for the sync */
  guint64     written;      /* the ticket of the last deferred commit */
};

/* The hooks of a deferred commit, held until the sync that covers it. */
typedef struct
{
  guint64  ticket;
  GArray  *hooks;
} Unsynced;

typedef struct
{
  guint          depth;     /* the transaction level that registered it */
  GFunc          func;
  gpointer       data;
  GDestroyNotify destroy;
} Hook;

static void
hook_clear (Hook *hook)
{
  if (hook->destroy != NULL)
    hook->destroy (hook->data);
}

G_DEFINE_FINAL_TYPE (PlzStore, plz_store, G_TYPE_OBJECT)

static void sync_deferred_now (PlzStore *self);

static void
finalize_statement (gpointer data)
{
  sqlite3_finalize (data);
}

static void
plz_store_finalize (GObject *object)
{
  PlzStore *self = PLZ_STORE (object);

  plz_store_close (self);
  g_clear_pointer (&self->by_address, g_hash_table_unref);
  g_clear_pointer (&self->statements, g_hash_table_unref);
  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->after_commit, g_array_unref);

  G_OBJECT_CLASS (plz_store_parent_class)->finalize (object);
}

static void
plz_store_class_init (PlzStoreClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = plz_store_finalize;
}

static void
plz_store_init (PlzStore *self)
{
  self->statements = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, finalize_statement);
  self->by_address = g_hash_table_new (g_direct_hash, g_direct_equal);
  self->after_commit = g_array_new (FALSE, FALSE, sizeof (Hook));
  g_array_set_clear_func (self->after_commit, (GDestroyNotify) hook_clear);
}

void
plz_store_after_commit (PlzStore       *self,
                        GFunc           func,
                        gpointer        data,
                        GDestroyNotify  destroy)
{
  Hook hook = { self->txn_depth, func, data, destroy };

  g_return_if_fail (PLZ_IS_STORE (self));
  if (self->txn_depth == 0)
    {
      sync_deferred_now (self);
      func (data, self);
      if (destroy != NULL)
        destroy (data);
      return;
    }
  g_array_append_val (self->after_commit, hook);
}

static GArray *
take_hooks (PlzStore *self)
{
  GArray *hooks = self->after_commit;

  self->after_commit = g_array_new (FALSE, FALSE, sizeof (Hook));
  g_array_set_clear_func (self->after_commit, (GDestroyNotify) hook_clear);
  return hooks;
}

static void
run_hooks (PlzStore *self,
           GArray   *hooks)
{
  for (guint i = 0; i < hooks->len; i++)
    {
      Hook *hook = &g_array_index (hooks, Hook, i);

      hook->func (hook->data, self);
    }
}

/* Runs the held hooks of deferred commits up to @ticket, oldest first. Each
 * leaves the queue before it runs: hooks may commit (and so drain) again. */
static void
run_synced (PlzStore *self,
            guint64   ticket)
{
  Unsynced *u;

  while ((u = g_queue_peek_head (&self->unsynced)) != NULL && u->ticket <= ticket)
    {
      g_autoptr(GArray) hooks = u->hooks;

      g_queue_pop_head (&self->unsynced);
      g_free (u);
      run_hooks (self, hooks);
    }
}

/* Makes every deferred commit durable now and runs its hooks: before any
 * other announcement, so that events still go out in commit order. */
static void
sync_deferred_now (PlzStore *self)
{
  if (g_queue_is_empty (&self->unsynced))
    return;
  plz_syncer_sync_now (self->syncer);
  run_synced (self, G_MAXUINT64);
}

static void
synced_cb (guint64  ticket,
           gpointer user_data)
{
  run_synced (user_data, ticket);
}

/* Runs (on commit) or drops (on rollback) the hooks of the outermost
 * transaction. Hooks may start transactions of their own. */
static void
finish_hooks (PlzStore *self,
              gboolean  committed)
{
  g_autoptr(GArray) hooks = take_hooks (self);

  if (committed)
    {
      sync_deferred_now (self);
      run_hooks (self, hooks);
    }
}

/* A deferred commit: its hooks wait for the sync thread. */
static void
hold_hooks (PlzStore *self)
{
  Unsynced *u = g_new0 (Unsynced, 1);

  u->ticket = ++self->written;
  u->hooks = take_hooks (self);
  g_queue_push_tail (&self->unsynced, u);
  plz_syncer_request (self->syncer, u->ticket);
}

/* A savepoint released: its hooks now belong to the level around it. A
 * savepoint rolled back: its hooks go. */
static void
finish_savepoint_hooks (PlzStore *self,
                        gboolean  released)
{
  for (guint i = self->after_commit->len; i > 0; i--)
    {
      Hook *hook = &g_array_index (self->after_commit, Hook, i - 1);

      /* Depths never fall along the array: the outer levels' hooks come first. */
      if (hook->depth <= self->txn_depth)
        break;
      if (released)
        hook->depth = self->txn_depth;
      else
        g_array_remove_index (self->after_commit, i - 1);
    }
}

static PlzErrorCode
code_for_sqlite (int rc)
{
  switch (rc & 0xff)
    {
    case SQLITE_CONSTRAINT:
      return PLZ_ERROR_CONFLICT;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return PLZ_ERROR_UNAVAILABLE;
    default:
      return PLZ_ERROR_STORE;
    }
}

gboolean
plz_store_set_error (PlzStore    *self,
                     const char  *what,
                     GError     **error)
{
  int rc = self->db != NULL ? sqlite3_extended_errcode (self->db) : SQLITE_MISUSE;

  g_set_error (error, PLZ_ERROR, code_for_sqlite (rc), "%s: %s", what,
               self->db != NULL ? sqlite3_errmsg (self->db) : "database is closed");
  return FALSE;
}

/* Memory statistics cost a global mutex around every SQLite malloc and free
 * (a tenth of a busy server's time); nothing reads them. Only possible
 * before SQLite initializes, hence at the first open. */
static void
configure_sqlite (void)
{
  static gsize done = 0;

  if (g_once_init_enter (&done))
    {
      sqlite3_config (SQLITE_CONFIG_MEMSTATUS, 0);
      g_once_init_leave (&done, 1);
    }
}

PlzStore *
plz_store_open (const char  *path,
                GError     **error)
{
  g_autoptr(PlzStore) self = NULL;
  int rc;

  g_return_val_if_fail (path != NULL, NULL);

  configure_sqlite ();

  self = g_object_new (PLZ_TYPE_STORE, NULL);
  self->path = g_strdup (path);

  rc = sqlite3_open_v2 (path, &self->db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                        NULL);
  if (rc != SQLITE_OK)
    {
      g_set_error (error, PLZ_ERROR, PLZ_ERROR_STORE, "Cannot open database “%s”: %s",
                   path, self->db != NULL ? sqlite3_errmsg (self->db) : sqlite3_errstr (rc));
      sqlite3_close (self->db);
      self->db = NULL;
      return NULL;
    }

  sqlite3_extended_result_codes (self->db, TRUE);
  sqlite3_busy_timeout (self->db, BUSY_TIMEOUT_MS);

  /* NORMAL with WAL: a commit survives a crash of the process, and the database
   * never corrupts; only a power cut can lose the last commits before a checkpoint. */
  if (!plz_store_exec (self,
                       "PRAGMA journal_mode = WAL;"
                       "PRAGMA synchronous = NORMAL;"
                       "PRAGMA foreign_keys = ON;"
                       "PRAGMA temp_store = MEMORY;"
                       /* Reads come from mapped pages and a 64 MB cache rather than
                        * a pread() per page: at 100,000 listings the search index
                        * outgrows the default 2 MB cache and searches were spending a
                        * fifth of their time copying pages out of the kernel. */
                       "PRAGMA mmap_size = 268435456;"
                       "PRAGMA cache_size = -65536;",
                       error))
    return NULL;

  return g_steal_pointer (&self);
}

PlzStore *
plz_store_open_and_migrate (const char  *path,
                            GError     **error)
{
  g_autoptr(PlzStore) self = plz_store_open (path, error);

  if (self == NULL)
    return NULL;
  if (!plz_migrations_apply (self, NULL, error))
    return NULL;
  return g_steal_pointer (&self);
}

const char *
plz_store_get_path (PlzStore *self)
{
  g_return_val_if_fail (PLZ_IS_STORE (self), NULL);
  return self->path;
}

sqlite3 *
plz_store_get_db (PlzStore *self)
{
  g_return_val_if_fail (PLZ_IS_STORE (self), NULL);
  return self->db;
}

sqlite3_stmt *
plz_store_prepare (PlzStore    *self,
                   const char  *sql,
                   GError     **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (PLZ_IS_STORE (self), NULL);
  g_return_val_if_fail (sql != NULL, NULL);

  if (self->db == NULL)
    {
      plz_store_set_error (self, "Cannot prepare", error);
      return NULL;
    }

  /* Most SQL is a literal, asked for again at the same address: found by
   * it without hashing its text (which showed in profiles of sending). The
   * text is still compared: an address may be reused. */
  stmt = g_hash_table_lookup (self->by_address, sql);
  if (stmt == NULL || strcmp (sqlite3_sql (stmt), sql) != 0)
    {
      stmt = g_hash_table_lookup (self->statements, sql);
      if (stmt != NULL)
        g_hash_table_insert (self->by_address, (gpointer) sql, stmt);
    }
  if (stmt != NULL)
    {
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
      return stmt;
    }

  if (sqlite3_prepare_v3 (self->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL) != SQLITE_OK)
    {
      plz_store_set_error (self, "Cannot prepare statement", error);
      return NULL;
    }
  g_hash_table_insert (self->statements, g_strdup (sql), stmt);
  g_hash_table_insert (self->by_address, (gpointer) sql, stmt);
  return stmt;
}

gboolean
plz_store_exec (PlzStore    *self,
                const char  *sql,
                GError     **error)
{
  char *message = NULL;

  g_return_val_if_fail (PLZ_IS_STORE (self), FALSE);

  if (self->db == NULL)
    return plz_store_set_error (self, "Cannot execute", error);

  if (sqlite3_exec (self->db, sql, NULL, NULL, &message) != SQLITE_OK)
    {
      int rc = sqlite3_extended_errcode (self->db);

      g_set_error (error, PLZ_ERROR, code_for_sqlite (rc), "SQL failed: %s",
                   message != NULL ? message : sqlite3_errstr (rc));
      sqlite3_free (message);
      return FALSE;
    }
  return TRUE;
}

gboolean
plz_store_step_done (PlzStore      *self,
                     sqlite3_stmt  *stmt,
                     GError       **error)
{
  int rc = sqlite3_step (stmt);
  gboolean ok = rc == SQLITE_DONE || rc == SQLITE_ROW;

  if (!ok)
    plz_store_set_error (self, "Statement failed", error);
  sqlite3_reset (stmt);
  return ok;
}

/* Runs a statement without parameters from the cache: savepoints come and go
 * for every send of a group commit, and sqlite3_exec() parses each anew. */
static gboolean
exec_cached (PlzStore    *self,
             const char  *sql,
             GError     **error)
{
  sqlite3_stmt *stmt = plz_store_prepare (self, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    return plz_store_set_error (self, "Cannot run a savepoint", error);
  return TRUE;
}

static gboolean
transaction (PlzStore         *self,
             PlzStoreTxnFunc   func,
             gpointer          user_data,
             gboolean          deferred,
             GError          **error)
{
  g_autofree char *savepoint = NULL;
  GError *local_error = NULL;
  gboolean ok;

  g_return_val_if_fail (PLZ_IS_STORE (self), FALSE);
  g_return_val_if_fail (func != NULL, FALSE);

  deferred = deferred && self->txn_depth == 0 && self->syncer != NULL;
  if (self->txn_depth == 0)
    {
      /* The commit writes the WAL without syncing it; the sync thread does. */
      if (deferred && !exec_cached (self, "PRAGMA synchronous = NORMAL", error))
        return FALSE;
      /* IMMEDIATE takes the write lock now, so a busy database fails here
       * rather than half-way through the work. */
      if (!plz_store_exec (self, "BEGIN IMMEDIATE", error))
        {
          if (deferred)
            exec_cached (self, "PRAGMA synchronous = FULL", NULL);
          return FALSE;
        }
    }
  else
    {
      savepoint = g_strdup_printf ("SAVEPOINT plz_%u", self->txn_depth);
      if (!exec_cached (self, savepoint, error))
        return FALSE;
    }

  self->txn_depth++;
  ok = func (self, user_data, &local_error);
  self->txn_depth--;

  if (ok)
    {
      g_autofree char *release = NULL;

      if (savepoint == NULL)
        ok = plz_store_exec (self, "COMMIT", &local_error);
      else
        {
          release = g_strdup_printf ("RELEASE plz_%u", self->txn_depth);
          ok = exec_cached (self, release, &local_error);
        }
      if (ok && savepoint == NULL && deferred)
        hold_hooks (self);
      else if (ok && savepoint == NULL)
        finish_hooks (self, TRUE);
      else if (ok)
        finish_savepoint_hooks (self, TRUE);
    }
  else if (local_error == NULL)
    {
      g_critical ("Transaction function failed without setting an error");
      g_set_error_literal (&local_error, PLZ_ERROR, PLZ_ERROR_INTERNAL, "Transaction failed");
    }

  if (!ok)
    {
      self->rollbacks++;
      if (savepoint == NULL)
        {
          if (sqlite3_get_autocommit (self->db) == 0)
            plz_store_exec (self, "ROLLBACK", NULL);
          finish_hooks (self, FALSE);
        }
      else
        {
          g_autofree char *rollback = g_strdup_printf ("ROLLBACK TO plz_%u; RELEASE plz_%u",
                                                       self->txn_depth, self->txn_depth);
          plz_store_exec (self, rollback, NULL);
          finish_savepoint_hooks (self, FALSE);
        }
    }
  if (deferred && !exec_cached (self, "PRAGMA synchronous = FULL", ok ? &local_error : NULL))
    {
      /* Without FULL again, later commits would be acked unsynced: stop here. */
      g_error ("Cannot restore synchronous commits: %s", local_error != NULL ? local_error->message : "");
    }
  if (!ok)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }

  return TRUE;
}

guint64
plz_store_get_n_rollbacks (PlzStore *self)
{
  g_return_val_if_fail (PLZ_IS_STORE (self), 0);

  return self->rollbacks;
}

gboolean
plz_store_transaction (PlzStore         *self,
                       PlzStoreTxnFunc   func,
                       gpointer          user_data,
                       GError          **error)
{
  return transaction (self, func, user_data, FALSE, error);
}

gboolean
plz_store_transaction_deferred (PlzStore         *self,
                                PlzStoreTxnFunc   func,
                                gpointer          user_data,
                                GError          **error)
{
  return transaction (self, func, user_data, TRUE, error);
}

gboolean
plz_store_enable_deferred_sync (PlzStore  *self,
                                GError   **error)
{
  g_autofree char *wal = NULL;

  g_return_val_if_fail (PLZ_IS_STORE (self), FALSE);
  if (self->syncer != NULL)
    return TRUE;
  if (self->db == NULL)
    return plz_store_set_error (self, "Cannot sync", error);
  /* The WAL exists once a connection has used it: touch it to be sure. */
  if (!plz_store_exec (self, "PRAGMA synchronous = FULL; BEGIN IMMEDIATE; COMMIT", error))
    return FALSE;
  wal = g_strconcat (self->path, "-wal", NULL);
  self->syncer = plz_syncer_start (wal, synced_cb, self, error);
  return self->syncer != NULL;
}

guint
plz_store_get_n_unsynced (PlzStore *self)
{
  g_return_val_if_fail (PLZ_IS_STORE (self), 0);
  return g_queue_get_length (&self->unsynced);
}

void
plz_store_sync_deferred (PlzStore *self)
{
  g_return_if_fail (PLZ_IS_STORE (self));
  if (self->syncer != NULL)
    sync_deferred_now (self);
}

guint
plz_store_get_cached_statements (PlzStore *self)
{
  g_return_val_if_fail (PLZ_IS_STORE (self), 0);
  return g_hash_table_size (self->statements);
}

char *
plz_store_get_meta (PlzStore    *self,
                    const char  *key,
                    GError     **error)
{
  sqlite3_stmt *stmt;
  char *value = NULL;
  int rc;

  g_return_val_if_fail (PLZ_IS_STORE (self), NULL);

  stmt = plz_store_prepare (self, "SELECT value FROM instance WHERE key = ?1", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    value = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  else if (rc != SQLITE_DONE)
    plz_store_set_error (self, "Cannot read instance data", error);
  sqlite3_reset (stmt);
  return value;
}

gboolean
plz_store_set_meta (PlzStore    *self,
                    const char  *key,
                    const char  *value,
                    GError     **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (PLZ_IS_STORE (self), FALSE);

  stmt = plz_store_prepare (self,
                            "INSERT INTO instance (key, value) VALUES (?1, ?2) "
                            "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                            error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, value, -1, SQLITE_STATIC);
  return plz_store_step_done (self, stmt, error);
}

gboolean
plz_store_backup (PlzStore    *self,
                  const char  *dest_path,
                  GError     **error)
{
  g_autofree char *tmp_path = NULL;
  sqlite3 *dest = NULL;
  sqlite3_backup *backup;
  int rc;

  g_return_val_if_fail (PLZ_IS_STORE (self), FALSE);
  g_return_val_if_fail (dest_path != NULL, FALSE);

  if (self->db == NULL)
    return plz_store_set_error (self, "Cannot back up", error);

  /* Write beside the target and rename, so a failed backup never leaves a
   * half-written file under the name the admin asked for. */
  tmp_path = g_strconcat (dest_path, ".partial", NULL);
  g_unlink (tmp_path);
  {
    /* The copy holds everything the database does: readable by its owner only. */
    int fd = g_open (tmp_path, O_WRONLY | O_CREAT | O_EXCL, 0600);

    if (fd < 0)
      {
        int errsv = errno;
        g_set_error (error, PLZ_ERROR, PLZ_ERROR_STORE, "Cannot create “%s”: %s", dest_path, g_strerror (errsv));
        return FALSE;
      }
    close (fd);
  }

  rc = sqlite3_open_v2 (tmp_path, &dest, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
  if (rc != SQLITE_OK)
    {
      g_set_error (error, PLZ_ERROR, PLZ_ERROR_STORE, "Cannot create “%s”: %s", dest_path,
                   dest != NULL ? sqlite3_errmsg (dest) : sqlite3_errstr (rc));
      sqlite3_close (dest);
      return FALSE;
    }

  backup = sqlite3_backup_init (dest, "main", self->db, "main");
  if (backup == NULL)
    {
      g_set_error (error, PLZ_ERROR, PLZ_ERROR_STORE, "Cannot start backup: %s", sqlite3_errmsg (dest));
      sqlite3_close (dest);
      g_unlink (tmp_path);
      return FALSE;
    }

  /* One step copies every page under a single read transaction: a snapshot,
   * however busy the writers are (WAL lets them carry on meanwhile). */
  do
    {
      rc = sqlite3_backup_step (backup, -1);
      if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
        sqlite3_sleep (50);
    }
  while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);

  sqlite3_backup_finish (backup);
  if (rc != SQLITE_DONE)
    {
      g_set_error (error, PLZ_ERROR, PLZ_ERROR_STORE, "Backup failed: %s", sqlite3_errstr (rc));
      sqlite3_close (dest);
      g_unlink (tmp_path);
      return FALSE;
    }

  /* The copy keeps WAL mode from the source; fold it into one plain file. */
  sqlite3_exec (dest, "PRAGMA journal_mode = DELETE", NULL, NULL, NULL);
  sqlite3_close (dest);

  if (g_rename (tmp_path, dest_path) != 0)
    {
      int errsv = errno;

      g_set_error (error, PLZ_ERROR, PLZ_ERROR_STORE, "Cannot move backup into place: %s",
                   g_strerror (errsv));
      g_unlink (tmp_path);
      return FALSE;
    }
  return TRUE;
}

gint64
plz_store_query_int (PlzStore    *self,
                     const char  *sql,
                     const char  *text,
                     GError     **error)
{
  sqlite3_stmt *stmt = plz_store_prepare (self, sql, error);
  gint64 n = -1;

  if (stmt == NULL)
    return -1;
  sqlite3_bind_text (stmt, 1, text, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  else
    plz_store_set_error (self, "Query failed", error);
  sqlite3_reset (stmt);
  return n;
}

char *
plz_store_column_text (sqlite3_stmt *stmt,
                       int           i)
{
  return g_strdup ((const char *) sqlite3_column_text (stmt, i));
}

void
plz_store_bind_text_or_null (sqlite3_stmt *stmt,
                             int           i,
                             const char   *value)
{
  if (value == NULL)
    sqlite3_bind_null (stmt, i);
  else
    sqlite3_bind_text (stmt, i, value, -1, SQLITE_TRANSIENT);
}

void
plz_store_bind_time (sqlite3_stmt *stmt,
                     int           i,
                     gint64        usec)
{
  if (usec == 0)
    sqlite3_bind_null (stmt, i);
  else
    sqlite3_bind_int64 (stmt, i, usec);
}

void
plz_store_close (PlzStore *self)
{
  g_return_if_fail (PLZ_IS_STORE (self));

  if (self->db == NULL)
    return;

  if (self->syncer != NULL)
    {
      /* What deferred commits announce goes out now, durable. */
      sync_deferred_now (self);
      g_clear_pointer (&self->syncer, plz_syncer_stop);
    }
  g_hash_table_remove_all (self->by_address);
  g_hash_table_remove_all (self->statements);
  /* A clean close checkpoints the WAL, so the next start has nothing to replay. */
  if (sqlite3_close_v2 (self->db) != SQLITE_OK)
    g_warning ("Closing the database failed: %s", sqlite3_errmsg (self->db));
  self->db = NULL;
}

GPtrArray *
plz_store_collect (PlzStore         *self,
                   sqlite3_stmt     *stmt,
                   PlzStoreRowFunc   read,
                   GDestroyNotify    free_func,
                   const char       *what,
                   GError          **error)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (free_func);
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (rows, read (stmt));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      plz_store_set_error (self, what, error);
      return NULL;
    }
  return g_steal_pointer (&rows);
}
