/* test-store-sync.c — deferred syncs: hooks wait for the sync, in commit order */
#include "plz-test-server.h"
#include "plz-error.h"

typedef struct
{
  char      *dir;
  PlzStore  *store;
  GString   *log;    /* the hooks that ran, in order */
} Fixture;

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  f->dir = g_dir_make_tmp ("plaza-store-sync-XXXXXX", NULL);
  path = g_build_filename (f->dir, "plaza.db", NULL);
  f->store = plz_store_open_and_migrate (path, &error);
  g_assert_no_error (error);
  g_assert_true (plz_store_exec (f->store, "CREATE TABLE t (v TEXT NOT NULL UNIQUE)", &error));
  g_assert_true (plz_store_enable_deferred_sync (f->store, &error));
  g_assert_no_error (error);
  f->log = g_string_new (NULL);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  g_clear_object (&f->store);
  g_string_free (f->log, TRUE);
  plz_test_rm_rf (f->dir);
  g_free (f->dir);
}

typedef struct
{
  Fixture    *f;
  const char *value;
} Work;

static void
logged_cb (gpointer data,
           gpointer store)
{
  Work *w = data;

  g_string_append (w->f->log, w->value);
}

/* Inserts the value; a duplicate fails (and rolls back). */
static gboolean
insert_txn (PlzStore *store, gpointer data, GError **error)
{
  Work *w = data;
  sqlite3_stmt *stmt = plz_store_prepare (store, "INSERT INTO t (v) VALUES (?1)", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, w->value, -1, SQLITE_STATIC);
  plz_store_after_commit (store, logged_cb, w, NULL);
  return plz_store_step_done (store, stmt, error);
}

static void
wait_for_syncs (Fixture *f)
{
  gint64 end = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (plz_store_get_n_unsynced (f->store) > 0 && g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (plz_store_get_n_unsynced (f->store), ==, 0);
}

static void
test_hooks_wait_for_sync (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  Work a = { f, "a" }, b = { f, "b" };

  g_assert_true (plz_store_transaction_deferred (f->store, insert_txn, &a, &error));
  g_assert_no_error (error);
  /* Committed (visible), not yet announced: the sync thread has it. */
  g_assert_cmpint (plz_store_query_int (f->store, "SELECT count(*) FROM t WHERE v = ?1", "a", NULL), ==, 1);
  g_assert_cmpstr (f->log->str, ==, "");
  g_assert_cmpuint (plz_store_get_n_unsynced (f->store), ==, 1);
  g_assert_true (plz_store_transaction_deferred (f->store, insert_txn, &b, &error));
  wait_for_syncs (f);
  g_assert_cmpstr (f->log->str, ==, "ab");
}

static void
test_synced_commit_runs_earlier_hooks_first (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  Work a = { f, "a" }, b = { f, "b" };

  g_assert_true (plz_store_transaction_deferred (f->store, insert_txn, &a, &error));
  /* A synchronous commit syncs the WAL: what came before is announced first. */
  g_assert_true (plz_store_transaction (f->store, insert_txn, &b, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (f->log->str, ==, "ab");
  g_assert_cmpuint (plz_store_get_n_unsynced (f->store), ==, 0);
  /* The sync thread's late word changes nothing. */
  g_usleep (50000);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_cmpstr (f->log->str, ==, "ab");
}

static void
test_rollback_and_close (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  Work a = { f, "a" }, again = { f, "a" }, c = { f, "c" };

  g_assert_true (plz_store_transaction_deferred (f->store, insert_txn, &a, &error));
  g_assert_false (plz_store_transaction_deferred (f->store, insert_txn, &again, &error));
  g_assert_error (error, PLZ_ERROR, PLZ_ERROR_CONFLICT);
  /* A failed deferred commit leaves later commits synchronous again. */
  g_assert_cmpint (plz_store_query_int (f->store, "PRAGMA synchronous", NULL, NULL), ==, 2);
  g_assert_true (plz_store_transaction_deferred (f->store, insert_txn, &c, NULL));
  /* Closing syncs and announces what is still held. */
  plz_store_close (f->store);
  g_assert_cmpstr (f->log->str, ==, "ac");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/store-sync/hooks-wait-for-sync", Fixture, NULL, fixture_setup, test_hooks_wait_for_sync,
              fixture_teardown);
  g_test_add ("/store-sync/synced-commit-runs-earlier-hooks-first", Fixture, NULL, fixture_setup,
              test_synced_commit_runs_earlier_hooks_first, fixture_teardown);
  g_test_add ("/store-sync/rollback-and-close", Fixture, NULL, fixture_setup, test_rollback_and_close,
              fixture_teardown);
  return g_test_run ();
}
