/* test-migrations.c — migrating from empty, re-running, refusing newer schemas */
#include "plz-test-server.h"
#include "plz-error.h"
#include "store/plz-migrations.h"

#include <string.h>

typedef struct
{
  char *dir;
  char *path;
} Fixture;

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  f->dir = g_dir_make_tmp ("plaza-migrate-XXXXXX", NULL);
  f->path = g_build_filename (f->dir, "plaza.db", NULL);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  plz_test_rm_rf (f->dir);
  g_free (f->dir);
  g_free (f->path);
}

static gint64
count_rows (PlzStore *store, const char *sql)
{
  sqlite3_stmt *stmt = plz_store_prepare (store, sql, NULL);
  gint64 n;

  g_assert_nonnull (stmt);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  n = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return n;
}

/* How many migrations are embedded: numbers may skip one that another
 * branch holds (0013 while 0014 is here), so this is not the latest. */
static guint
n_embedded (void)
{
  g_auto(GStrv) names = g_resources_enumerate_children ("/org/plaza/server/migrations/", 0, NULL);
  guint n = 0;

  for (guint i = 0; names != NULL && names[i] != NULL; i++)
    n += g_str_has_suffix (names[i], ".sql");
  return n;
}

static void
test_from_empty (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PlzStore) store = plz_store_open (f->path, &error);
  guint applied = 0;
  gint64 latest = plz_migrations_latest_version ();

  g_assert_no_error (error);
  g_assert_cmpint (latest, >=, 1);
  g_assert_cmpint (plz_migrations_current_version (store, &error), ==, 0);
  g_assert_true (plz_migrations_apply (store, &applied, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (applied, ==, n_embedded ());
  g_assert_cmpint (plz_migrations_current_version (store, &error), ==, latest);
  g_assert_cmpint (count_rows (store, "SELECT count(*) FROM schema_migrations"), ==, n_embedded ());
  g_assert_cmpint (count_rows (store, "SELECT count(*) FROM sqlite_master WHERE name = 'instance'"), ==, 1);
}

static void
test_rerun_is_noop (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PlzStore) store = plz_store_open_and_migrate (f->path, &error);
  guint applied = 99;
  gint64 before;

  g_assert_no_error (error);
  before = count_rows (store, "SELECT total_changes()");
  g_assert_true (plz_migrations_apply (store, &applied, &error));
  g_assert_cmpuint (applied, ==, 0);
  g_assert_cmpint (count_rows (store, "SELECT total_changes()"), ==, before);
  g_assert_cmpint (count_rows (store, "SELECT count(*) FROM schema_migrations"), ==, n_embedded ());

  /* Reopening migrates nothing either. */
  g_clear_object (&store);
  store = plz_store_open (f->path, &error);
  g_assert_true (plz_migrations_apply (store, &applied, &error));
  g_assert_cmpuint (applied, ==, 0);
}

static void
test_refuses_newer (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PlzStore) store = plz_store_open_and_migrate (f->path, &error);
  g_autofree char *sql = g_strdup_printf ("INSERT INTO schema_migrations VALUES (%" G_GINT64_FORMAT ", "
                                          "'9999-from-the-future.sql', 0)",
                                          plz_migrations_latest_version () + 1);
  g_autoptr(PlzStore) again = NULL;
  PlzConfig *config;
  PlzServer *server;

  g_assert_true (plz_store_exec (store, sql, &error));
  g_clear_object (&store);

  again = plz_store_open_and_migrate (f->path, &error);
  g_assert_null (again);
  g_assert_error (error, PLZ_ERROR, PLZ_ERROR_SCHEMA_TOO_NEW);
  g_assert_nonnull (strstr (error->message, "newer"));
  g_clear_error (&error);

  /* The server refuses to start on it. */
  config = plz_config_new ();
  g_free (config->data_dir);
  config->data_dir = g_strdup (f->dir);
  server = plz_server_new (config, &error);
  g_assert_null (server);
  g_assert_error (error, PLZ_ERROR, PLZ_ERROR_SCHEMA_TOO_NEW);
}

/* A migrated database has the same schema as one made by the same migrations
 * in another file: nothing depends on the path taken. */
static void
test_schema_is_reproducible (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *other = g_build_filename (f->dir, "other.db", NULL);
  g_autoptr(PlzStore) a = plz_store_open_and_migrate (f->path, &error);
  g_autoptr(PlzStore) b = plz_store_open_and_migrate (other, &error);
  const char *sql = "SELECT group_concat(sql, ';') FROM (SELECT sql FROM sqlite_master "
                    "WHERE sql IS NOT NULL ORDER BY name)";
  sqlite3_stmt *sa = plz_store_prepare (a, sql, &error);
  sqlite3_stmt *sb = plz_store_prepare (b, sql, &error);

  g_assert_cmpint (sqlite3_step (sa), ==, SQLITE_ROW);
  g_assert_cmpint (sqlite3_step (sb), ==, SQLITE_ROW);
  g_assert_cmpstr ((const char *) sqlite3_column_text (sa, 0), ==, (const char *) sqlite3_column_text (sb, 0));
  sqlite3_reset (sa);
  sqlite3_reset (sb);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_setup, fn, fixture_teardown)
  ADD ("/migrations/from-empty", test_from_empty);
  ADD ("/migrations/rerun-is-noop", test_rerun_is_noop);
  ADD ("/migrations/refuses-newer", test_refuses_newer);
  ADD ("/migrations/reproducible", test_schema_is_reproducible);
#undef ADD

  return g_test_run ();
}
