/* test-checkpointer.c — WAL checkpoints on their own thread: woken once per
 * step of new pages rather than by every commit, and still keeping up */
#include "plz-test-server.h"
#include "store/plz-checkpointer.h"

#include <glib/gstdio.h>

#define COMMITS 4000

typedef struct
{
  char      *dir;
  PlzStore  *store;
} Fixture;

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  f->dir = g_dir_make_tmp ("plaza-checkpointer-XXXXXX", NULL);
  path = g_build_filename (f->dir, "plaza.db", NULL);
  f->store = plz_store_open_and_migrate (path, &error);
  g_assert_no_error (error);
  g_assert_true (plz_store_exec (f->store, "CREATE TABLE t (n INTEGER PRIMARY KEY, v BLOB NOT NULL)", &error));
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  g_clear_object (&f->store);
  plz_test_rm_rf (f->dir);
  g_free (f->dir);
}

static void
test_steps (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  PlzCheckpointer *checkpointer = plz_checkpointer_start (f->store, &error);
  guint runs = G_MAXUINT, before;
  g_autofree char *path = g_build_filename (f->dir, "plaza.db", NULL);
  GStatBuf st;

  g_assert_no_error (error);
  g_assert_nonnull (checkpointer);
  before = plz_checkpointer_get_n_runs (checkpointer);
  /* One row of a page and more each: some 3 frames a commit, past the
   * threshold for ~3,000 of them. */
  for (guint i = 0; i < COMMITS; i++)
    {
      sqlite3_stmt *stmt = plz_store_prepare (f->store, "INSERT INTO t (v) VALUES (zeroblob(4096))", &error);

      g_assert_no_error (error);
      g_assert_true (plz_store_exec (f->store, "BEGIN IMMEDIATE", &error));
      g_assert_true (plz_store_step_done (f->store, stmt, &error));
      g_assert_true (plz_store_exec (f->store, "COMMIT", &error));
      g_assert_no_error (error);
      /* As the hub commits: with gaps in which the thread could run. */
      g_usleep (200);
    }
  /* The thread's last run may still be going: wait until the count rests. */
  for (guint i = 0; i < 100 && runs != plz_checkpointer_get_n_runs (checkpointer) - before; i++)
    {
      runs = plz_checkpointer_get_n_runs (checkpointer) - before;
      g_usleep (50 * 1000);
    }
  g_test_message ("%u checkpoints for %u commits", runs, COMMITS);
  /* Woken by every commit past 1,000 pages, as before, it ran ~2,300 times. */
  g_assert_cmpuint (runs, >=, 2);
  g_assert_cmpuint (runs, <=, COMMITS / 40);
  /* It kept up: the database file holds every row but the last step's
   * (each row a page of its own). */
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_test_message ("database file %" G_GINT64_FORMAT " bytes", (gint64) st.st_size);
  g_assert_cmpint (st.st_size, >=, (gint64) (COMMITS - 500) * 4096);
  plz_checkpointer_stop (checkpointer);
  g_assert_cmpint (plz_store_query_int (f->store, "SELECT count(*) FROM t", NULL, &error), ==, COMMITS);
  g_assert_no_error (error);
  g_assert_cmpint (plz_store_query_int (f->store, "SELECT count(*) FROM pragma_integrity_check WHERE integrity_check = 'ok'",
                                        NULL, &error), ==, 1);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/checkpointer/steps", Fixture, NULL, fixture_setup, test_steps, fixture_teardown);
  return g_test_run ();
}
