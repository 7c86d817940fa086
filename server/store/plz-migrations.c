/* plz-migrations.c — numbered schema migrations embedded as resources */
#define G_LOG_DOMAIN "plaza-store"

#include "plz-migrations.h"
#include "plz-error.h"
#include "plz-time.h"

#include <gio/gio.h>
#include <stdlib.h>

#define MIGRATIONS_PATH "/org/plaza/server/migrations/"

typedef struct
{
  gint64  version;
  char   *name;
} Migration;

static void
migration_clear (gpointer data)
{
  Migration *m = data;
  g_free (m->name);
}

static int
compare_migrations (gconstpointer a,
                    gconstpointer b)
{
  const Migration *ma = a, *mb = b;
  return (ma->version > mb->version) - (ma->version < mb->version);
}

/* Migration files are named NNNN-what.sql; the number is the version. */
static GArray *
list_migrations (void)
{
  g_auto(GStrv) names = g_resources_enumerate_children (MIGRATIONS_PATH, 0, NULL);
  GArray *list = g_array_new (FALSE, FALSE, sizeof (Migration));

  g_array_set_clear_func (list, migration_clear);
  for (guint i = 0; names != NULL && names[i] != NULL; i++)
    {
      Migration m;
      char *end;

      if (!g_str_has_suffix (names[i], ".sql"))
        continue;
      m.version = g_ascii_strtoll (names[i], &end, 10);
      if (end == names[i] || *end != '-' || m.version <= 0)
        continue;
      m.name = g_strdup (names[i]);
      g_array_append_val (list, m);
    }
  g_array_sort (list, compare_migrations);
  return list;
}

gint64
plz_migrations_latest_version (void)
{
  g_autoptr(GArray) list = list_migrations ();

  return list->len > 0 ? g_array_index (list, Migration, list->len - 1).version : 0;
}

static gboolean
ensure_schema_table (PlzStore  *store,
                     GError   **error)
{
  return plz_store_exec (store,
                         "CREATE TABLE IF NOT EXISTS schema_migrations ("
                         "  version INTEGER PRIMARY KEY,"
                         "  name TEXT NOT NULL,"
                         "  applied_at INTEGER NOT NULL)",
                         error);
}

gint64
plz_migrations_current_version (PlzStore  *store,
                                GError   **error)
{
  sqlite3_stmt *stmt;
  gint64 version = -1;

  if (!ensure_schema_table (store, error))
    return -1;
  stmt = plz_store_prepare (store, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations", error);
  if (stmt == NULL)
    return -1;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    version = sqlite3_column_int64 (stmt, 0);
  else
    plz_store_set_error (store, "Cannot read schema version", error);
  sqlite3_reset (stmt);
  return version;
}

static gboolean
apply_one (PlzStore  *store,
           gpointer   user_data,
           GError   **error)
{
  const Migration *m = user_data;
  g_autofree char *path = g_strconcat (MIGRATIONS_PATH, m->name, NULL);
  g_autoptr(GBytes) bytes = g_resources_lookup_data (path, 0, error);
  g_autofree char *sql = NULL;
  sqlite3_stmt *stmt;

  if (bytes == NULL)
    return FALSE;

  /* Another process may have applied it since we looked: check again under
   * the write lock this transaction holds. */
  stmt = plz_store_prepare (store, "SELECT 1 FROM schema_migrations WHERE version = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, m->version);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      sqlite3_reset (stmt);
      return TRUE;
    }
  sqlite3_reset (stmt);

  sql = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  if (!plz_store_exec (store, sql, error))
    {
      g_prefix_error (error, "Migration %s: ", m->name);
      return FALSE;
    }

  stmt = plz_store_prepare (store,
                            "INSERT INTO schema_migrations (version, name, applied_at) "
                            "VALUES (?1, ?2, ?3)",
                            error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, m->version);
  sqlite3_bind_text (stmt, 2, m->name, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, plz_time_now_us ());
  return plz_store_step_done (store, stmt, error);
}

gboolean
plz_migrations_apply (PlzStore  *store,
                      guint     *applied,
                      GError   **error)
{
  g_autoptr(GArray) list = list_migrations ();
  gint64 current;
  gint64 latest;
  guint count = 0;

  g_return_val_if_fail (PLZ_IS_STORE (store), FALSE);

  if (applied != NULL)
    *applied = 0;

  current = plz_migrations_current_version (store, error);
  if (current < 0)
    return FALSE;

  latest = list->len > 0 ? g_array_index (list, Migration, list->len - 1).version : 0;
  if (current > latest)
    {
      g_set_error (error, PLZ_ERROR, PLZ_ERROR_SCHEMA_TOO_NEW,
                   "The database “%s” has schema version %" G_GINT64_FORMAT
                   ", newer than this Plaza knows (%" G_GINT64_FORMAT "); "
                   "upgrade plaza-server instead of starting an older one",
                   plz_store_get_path (store), current, latest);
      return FALSE;
    }

  for (guint i = 0; i < list->len; i++)
    {
      Migration *m = &g_array_index (list, Migration, i);

      if (m->version <= current)
        continue;
      if (!plz_store_transaction (store, apply_one, m, error))
        return FALSE;
      g_info ("Applied migration %s", m->name);
      count++;
    }

  if (applied != NULL)
    *applied = count;
  return TRUE;
}
