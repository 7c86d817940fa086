/* test-store.c — pragmas, statement cache, transactions, backup */
#include "plz-test-server.h"
#include "plz-error.h"
#include "store/plz-migrations.h"

typedef struct
{
  char     *dir;
  char     *path;
  PlzStore *store;
} Fixture;

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("plaza-store-XXXXXX", NULL);
  f->path = g_build_filename (f->dir, "plaza.db", NULL);
  f->store = plz_store_open_and_migrate (f->path, &error);
  g_assert_no_error (error);
  g_assert_true (plz_store_exec (f->store, "CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL UNIQUE)", &error));
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  g_clear_object (&f->store);
  plz_test_rm_rf (f->dir);
  g_free (f->dir);
  g_free (f->path);
}

static gint64
query_int (PlzStore *store, const char *sql)
{
  g_autoptr(GError) error = NULL;
  sqlite3_stmt *stmt = plz_store_prepare (store, sql, &error);
  gint64 v;

  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  v = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return v;
}

static char *
query_text (PlzStore *store, const char *sql)
{
  g_autoptr(GError) error = NULL;
  sqlite3_stmt *stmt = plz_store_prepare (store, sql, &error);
  char *v;

  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  v = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_reset (stmt);
  return v;
}

static void
test_pragmas (Fixture *f, gconstpointer data)
{
  g_autofree char *mode = query_text (f->store, "PRAGMA journal_mode");

  g_assert_cmpstr (mode, ==, "wal");
  g_assert_cmpint (query_int (f->store, "PRAGMA foreign_keys"), ==, 1);
  g_assert_cmpint (query_int (f->store, "PRAGMA synchronous"), ==, 1);  /* NORMAL */
  g_assert_cmpint (query_int (f->store, "PRAGMA busy_timeout"), >, 0);
}

static void
test_statement_cache (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  guint before;
  sqlite3_stmt *a, *b;

  g_assert_true (plz_store_exec (f->store, "INSERT INTO t (v) VALUES ('left bound')", &error));
  before = plz_store_get_cached_statements (f->store);
  a = plz_store_prepare (f->store, "SELECT count(*) FROM t WHERE v = ?1", &error);
  sqlite3_bind_text (a, 1, "left bound", -1, SQLITE_STATIC);
  g_assert_cmpint (sqlite3_step (a), ==, SQLITE_ROW);
  g_assert_cmpint (sqlite3_column_int (a, 0), ==, 1);

  b = plz_store_prepare (f->store, "SELECT count(*) FROM t WHERE v = ?1", &error);
  g_assert_no_error (error);
  g_assert_true (a == b);
  /* Bindings do not leak from one use into the next: ?1 is NULL now. */
  g_assert_cmpint (sqlite3_step (b), ==, SQLITE_ROW);
  g_assert_cmpint (sqlite3_column_int (b, 0), ==, 0);
  sqlite3_reset (b);
  g_assert_cmpuint (plz_store_get_cached_statements (f->store), ==, before + 1);

  g_assert_null (plz_store_prepare (f->store, "SELECT nonsense FROM nowhere", &error));
  g_assert_error (error, PLZ_ERROR, PLZ_ERROR_STORE);
  g_assert_cmpuint (plz_store_get_cached_statements (f->store), ==, before + 1);
}

static gboolean
insert_values (PlzStore *store, gpointer user_data, GError **error)
{
  const char * const *values = user_data;

  for (guint i = 0; values[i] != NULL; i++)
    {
      sqlite3_stmt *stmt = plz_store_prepare (store, "INSERT INTO t (v) VALUES (?1)", error);

      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, values[i], -1, SQLITE_TRANSIENT);
      if (!plz_store_step_done (store, stmt, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
insert_then_fail (PlzStore *store, gpointer user_data, GError **error)
{
  const char *values[] = { "written-then-undone", NULL };

  if (!insert_values (store, (gpointer) values, error))
    return FALSE;
  g_set_error_literal (error, PLZ_ERROR, PLZ_ERROR_INVALID_INPUT, "changed my mind");
  return FALSE;
}

static void
test_transaction_commit (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  const char *values[] = { "a", "b", "c", NULL };

  g_assert_true (plz_store_transaction (f->store, insert_values, (gpointer) values, &error));
  g_assert_no_error (error);
  g_assert_cmpint (query_int (f->store, "SELECT count(*) FROM t"), ==, 3);
}

static void
test_transaction_rollback (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  const char *dupes[] = { "x", "y", "x", NULL };

  /* A function that fails by its own decision. */
  g_assert_false (plz_store_transaction (f->store, insert_then_fail, NULL, &error));
  g_assert_error (error, PLZ_ERROR, PLZ_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  g_assert_cmpint (query_int (f->store, "SELECT count(*) FROM t"), ==, 0);

  /* A constraint failure half-way through undoes the first rows too. */
  g_assert_false (plz_store_transaction (f->store, insert_values, (gpointer) dupes, &error));
  g_assert_error (error, PLZ_ERROR, PLZ_ERROR_CONFLICT);
  g_assert_cmpint (query_int (f->store, "SELECT count(*) FROM t"), ==, 0);

  /* And the connection is usable afterwards. */
  g_clear_error (&error);
  g_assert_true (plz_store_transaction (f->store, insert_values, (gpointer) (const char *[]) { "z", NULL }, &error));
  g_assert_cmpint (query_int (f->store, "SELECT count(*) FROM t"), ==, 1);
}

static gboolean
outer_with_failing_inner (PlzStore *store, gpointer user_data, GError **error)
{
  const char *outer[] = { "outer", NULL };
  g_autoptr(GError) inner_error = NULL;

  if (!insert_values (store, (gpointer) outer, error))
    return FALSE;
  /* The inner unit fails; only its own work is undone. */
  g_assert_false (plz_store_transaction (store, insert_then_fail, NULL, &inner_error));
  g_assert_error (inner_error, PLZ_ERROR, PLZ_ERROR_INVALID_INPUT);
  return TRUE;
}

static void
test_transaction_nested (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *v = NULL;

  g_assert_true (plz_store_transaction (f->store, outer_with_failing_inner, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (query_int (f->store, "SELECT count(*) FROM t"), ==, 1);
  v = query_text (f->store, "SELECT v FROM t");
  g_assert_cmpstr (v, ==, "outer");
}

/* After-commit hooks: the log of what ran, as letters. */
static void
hook_note (gpointer data, gpointer store)
{
  GString *log = g_object_get_data (G_OBJECT (store), "hook-log");

  g_string_append (log, data);
}

static gboolean
txn_hooks_inner_fails (PlzStore *store, gpointer data, GError **error)
{
  plz_store_after_commit (store, hook_note, "x", NULL);
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, "inner fails");
  return FALSE;
}

static gboolean
txn_hooks_inner_ok (PlzStore *store, gpointer data, GError **error)
{
  plz_store_after_commit (store, hook_note, "b", NULL);
  return TRUE;
}

static gboolean
txn_hooks (PlzStore *store, gpointer data, GError **error)
{
  GString *log = g_object_get_data (G_OBJECT (store), "hook-log");
  g_autoptr(GError) inner = NULL;

  plz_store_after_commit (store, hook_note, "a", NULL);
  g_assert_true (plz_store_transaction (store, txn_hooks_inner_ok, NULL, error));
  g_assert_false (plz_store_transaction (store, txn_hooks_inner_fails, NULL, &inner));
  plz_store_after_commit (store, hook_note, "c", NULL);
  /* Nothing runs before the commit. */
  g_assert_cmpstr (log->str, ==, "");
  if (!GPOINTER_TO_INT (data))
    g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, "outer fails");
  return GPOINTER_TO_INT (data);
}

static void
free_log (gpointer log)
{
  g_string_free (log, TRUE);
}

static void
test_after_commit (Fixture *f, gconstpointer data)
{
  GString *log = g_string_new (NULL);
  g_autoptr(GError) error = NULL;

  g_object_set_data_full (G_OBJECT (f->store), "hook-log", log, free_log);
  g_assert_true (plz_store_transaction (f->store, txn_hooks, GINT_TO_POINTER (TRUE), &error));
  g_assert_no_error (error);
  /* In order; the rolled-back savepoint's hook never runs. */
  g_assert_cmpstr (log->str, ==, "abc");

  g_string_truncate (log, 0);
  g_assert_false (plz_store_transaction (f->store, txn_hooks, GINT_TO_POINTER (FALSE), NULL));
  g_assert_cmpstr (log->str, ==, "");

  /* Outside a transaction a hook runs at once. */
  plz_store_after_commit (f->store, hook_note, "z", NULL);
  g_assert_cmpstr (log->str, ==, "z");
}

static void
test_meta (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *missing = plz_store_get_meta (f->store, "k", &error);
  g_autofree char *v1 = NULL;
  g_autofree char *v2 = NULL;

  g_assert_no_error (error);
  g_assert_null (missing);
  g_assert_true (plz_store_set_meta (f->store, "k", "one", &error));
  v1 = plz_store_get_meta (f->store, "k", &error);
  g_assert_cmpstr (v1, ==, "one");
  g_assert_true (plz_store_set_meta (f->store, "k", "two", &error));
  v2 = plz_store_get_meta (f->store, "k", &error);
  g_assert_cmpstr (v2, ==, "two");
}

typedef struct
{
  char     *path;
  gint      stop;
  guint     written;
} Writer;

static gpointer
writer_thread (gpointer data)
{
  Writer *w = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(PlzStore) store = plz_store_open (w->path, &error);

  g_assert_no_error (error);
  while (!g_atomic_int_get (&w->stop))
    {
      g_autofree char *v = g_strdup_printf ("row-%u", w->written);
      const char *values[] = { v, NULL };

      g_assert_true (plz_store_transaction (store, insert_values, values, &error));
      w->written++;
    }
  return NULL;
}

/* A backup taken while another connection writes is a consistent snapshot
 * that opens, passes an integrity check and has whole transactions only. */
static void
test_backup_while_writing (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dest = g_build_filename (f->dir, "backup.db", NULL);
  g_autoptr(PlzStore) copy = NULL;
  g_autofree char *integrity = NULL;
  g_autofree char *partial = NULL;
  Writer w = { f->path, 0, 0 };
  GThread *thread;
  gint64 rows;

  thread = g_thread_new ("writer", writer_thread, &w);
  while (g_atomic_int_get ((gint *) &w.written) < 50)
    g_usleep (1000);
  g_assert_true (plz_store_backup (f->store, dest, &error));
  g_assert_no_error (error);
  g_atomic_int_set (&w.stop, 1);
  g_thread_join (thread);

  partial = g_strconcat (dest, ".partial", NULL);
  g_assert_false (g_file_test (partial, G_FILE_TEST_EXISTS));
  copy = plz_store_open (dest, &error);
  g_assert_no_error (error);
  integrity = query_text (copy, "PRAGMA integrity_check");
  g_assert_cmpstr (integrity, ==, "ok");
  rows = query_int (copy, "SELECT count(*) FROM t");
  g_assert_cmpint (rows, >=, 50);
  g_assert_cmpint (rows, <=, w.written);
  /* Rows are numbered without gaps: no transaction is half in the copy. */
  g_assert_cmpint (query_int (copy, "SELECT max(id) FROM t"), ==, rows);
  g_assert_cmpint (plz_migrations_current_version (copy, &error), ==, plz_migrations_latest_version ());
}

static void
test_backup_bad_target (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (plz_store_backup (f->store, "/nonexistent-dir/backup.db", &error));
  g_assert_error (error, PLZ_ERROR, PLZ_ERROR_STORE);
}

static void
test_closed (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  plz_store_close (f->store);
  plz_store_close (f->store);
  g_assert_null (plz_store_prepare (f->store, "SELECT 1", &error));
  g_assert_error (error, PLZ_ERROR, PLZ_ERROR_STORE);
}

static void
test_open_failure (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PlzStore) store = plz_store_open ("/nonexistent-dir/x/plaza.db", &error);

  g_assert_null (store);
  g_assert_error (error, PLZ_ERROR, PLZ_ERROR_STORE);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_setup, fn, fixture_teardown)
  ADD ("/store/pragmas", test_pragmas);
  ADD ("/store/statement-cache", test_statement_cache);
  ADD ("/store/transaction/commit", test_transaction_commit);
  ADD ("/store/transaction/rollback", test_transaction_rollback);
  ADD ("/store/transaction/nested", test_transaction_nested);
  ADD ("/store/meta", test_meta);
  ADD ("/store/after-commit", test_after_commit);
  ADD ("/store/backup/while-writing", test_backup_while_writing);
  ADD ("/store/backup/bad-target", test_backup_bad_target);
  ADD ("/store/closed", test_closed);
#undef ADD
  g_test_add_func ("/store/open-failure", test_open_failure);

  return g_test_run ();
}
