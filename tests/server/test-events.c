/* test-events.c — the per-user event log's numbers: one after another with no
 * gaps, kept in memory yet right after rollbacks and after another process
 * wrote to the log */
#include "events/plz-events.h"
#include "plz-error.h"
#include "plz-test-seed.h"
#include "plz-test-server.h"

#include <sqlite3.h>

typedef struct
{
  char        *dir;
  char        *path;
  PlzStore    *store;
  PlzEvents   *events;
  PlzTestPair *pair;
  GArray      *heard;   /* seq of every event announced */
} Fixture;

static void
heard_cb (const PlzEvent *event,
          gpointer        user_data)
{
  Fixture *f = user_data;

  g_array_append_val (f->heard, event->seq);
}

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) pairs = NULL;

  f->dir = g_dir_make_tmp ("plaza-events-XXXXXX", NULL);
  pairs = plz_test_seed_pairs (f->dir, 1, &error);
  g_assert_no_error (error);
  f->pair = g_ptr_array_steal_index (pairs, 0);
  f->path = g_build_filename (f->dir, "plaza.db", NULL);
  g_assert_true (g_file_test (f->path, G_FILE_TEST_EXISTS));
  f->store = plz_store_open_and_migrate (f->path, &error);
  g_assert_no_error (error);
  f->events = plz_events_new (f->store);
  f->heard = g_array_new (FALSE, FALSE, sizeof (gint64));
  plz_events_subscribe_full (f->events, heard_cb, f);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  plz_events_free (f->events);
  plz_store_close (f->store);
  g_object_unref (f->store);
  g_array_unref (f->heard);
  plz_test_pair_free (f->pair);
  plz_test_rm_rf (f->dir);
  g_free (f->path);
  g_free (f->dir);
}

typedef struct
{
  Fixture    *f;
  const char *user_id;
  guint       n;
  gboolean    fail;     /* fail after appending: the transaction rolls back */
  gint64      last;
} Append;

static gboolean
append_txn (PlzStore  *store,
            gpointer   data,
            GError   **error)
{
  Append *a = data;

  for (guint i = 0; i < a->n; i++)
    {
      a->last = plz_events_append_text (a->f->events, a->user_id, "test.thing", "{\"i\":1}", error);
      if (a->last == 0)
        return FALSE;
    }
  if (a->fail)
    {
      g_set_error_literal (error, PLZ_ERROR, PLZ_ERROR_CONFLICT, "changed my mind");
      return FALSE;
    }
  return TRUE;
}

static gint64
append (Fixture    *f,
        const char *user_id,
        guint       n,
        gboolean    fail)
{
  Append a = { f, user_id, n, fail, 0 };
  g_autoptr(GError) error = NULL;
  gboolean ok = plz_store_transaction (f->store, append_txn, &a, &error);

  g_assert_true (ok == !fail);
  return fail ? 0 : a.last;
}

/* In the seeded pair's log: the seed wrote the inquiry's events already. */
static void
test_numbers (Fixture *f, gconstpointer data)
{
  gint64 start = plz_events_last_seq (f->events, f->pair->consumer_id, NULL);
  gint64 other = plz_events_last_seq (f->events, f->pair->operator_id, NULL);
  g_autoptr(JsonArray) since = NULL;

  g_assert_cmpint (start, >, 0);
  g_assert_cmpint (append (f, f->pair->consumer_id, 3, FALSE), ==, start + 3);
  /* Each user counts on their own. */
  g_assert_cmpint (append (f, f->pair->operator_id, 1, FALSE), ==, other + 1);
  g_assert_cmpint (plz_events_last_seq (f->events, f->pair->consumer_id, NULL), ==, start + 3);

  /* A rolled-back transaction leaves no gap: its numbers are used again. */
  g_array_set_size (f->heard, 0);
  append (f, f->pair->consumer_id, 2, TRUE);
  g_assert_cmpuint (f->heard->len, ==, 0);
  g_assert_cmpint (append (f, f->pair->consumer_id, 1, FALSE), ==, start + 4);
  g_assert_cmpuint (f->heard->len, ==, 1);
  g_assert_cmpint (g_array_index (f->heard, gint64, 0), ==, start + 4);

  since = plz_events_since (f->events, f->pair->consumer_id, start, 100, NULL);
  g_assert_cmpuint (json_array_get_length (since), ==, 4);
  for (guint i = 0; i < 4; i++)
    g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (since, i), "seq"), ==,
                     start + 1 + i);
}

/* A savepoint rolled back inside a transaction that commits. */
static gboolean
savepoint_txn (PlzStore  *store,
               gpointer   data,
               GError   **error)
{
  Append *a = data;
  Append inner = { a->f, a->user_id, 2, TRUE, 0 };
  g_autoptr(GError) local = NULL;

  a->last = plz_events_append_text (a->f->events, a->user_id, "test.kept", "{}", error);
  g_assert_false (plz_store_transaction (store, append_txn, &inner, &local));
  a->last = plz_events_append_text (a->f->events, a->user_id, "test.kept", "{}", error);
  return a->last != 0;
}

static void
test_savepoint (Fixture *f, gconstpointer data)
{
  gint64 start = plz_events_last_seq (f->events, f->pair->consumer_id, NULL);
  Append a = { f, f->pair->consumer_id, 0, FALSE, 0 };
  g_autoptr(JsonArray) since = NULL;

  g_assert_true (plz_store_transaction (f->store, savepoint_txn, &a, NULL));
  g_assert_cmpint (a.last, ==, start + 2);
  since = plz_events_since (f->events, f->pair->consumer_id, start, 100, NULL);
  g_assert_cmpuint (json_array_get_length (since), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (since, 1), "kind"), ==,
                   "test.kept");
}

/* Another process (a command run beside the server) appended to the log
 * after this one learnt its numbers: the clash is noticed and the next
 * free number taken, once, with nothing lost. */
static void
test_other_writer (Fixture *f, gconstpointer data)
{
  gint64 start = append (f, f->pair->consumer_id, 1, FALSE);
  sqlite3 *db = NULL;
  g_autofree char *sql = g_strdup_printf (
    "INSERT INTO events (user_id, seq, kind, data, created_at) VALUES ('%s', %" G_GINT64_FORMAT
    ", 'test.elsewhere', '{}', 0), ('%s', %" G_GINT64_FORMAT ", 'test.elsewhere', '{}', 0)",
    f->pair->consumer_id, start + 1, f->pair->consumer_id, start + 2);
  g_autoptr(JsonArray) since = NULL;

  g_assert_cmpint (sqlite3_open (f->path, &db), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 5000);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  g_assert_cmpint (append (f, f->pair->consumer_id, 1, FALSE), ==, start + 3);
  g_assert_cmpint (append (f, f->pair->consumer_id, 1, FALSE), ==, start + 4);
  since = plz_events_since (f->events, f->pair->consumer_id, start, 100, NULL);
  g_assert_cmpuint (json_array_get_length (since), ==, 4);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (since, 2), "kind"), ==,
                   "test.thing");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/events/numbers", Fixture, NULL, fixture_setup, test_numbers, fixture_teardown);
  g_test_add ("/events/savepoint", Fixture, NULL, fixture_setup, test_savepoint, fixture_teardown);
  g_test_add ("/events/other-writer", Fixture, NULL, fixture_setup, test_other_writer, fixture_teardown);
  return g_test_run ();
}
