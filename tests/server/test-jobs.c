/* test-jobs.c — the durable jobs table and its scheduler: due times, retries, restarts, the timer */
#include "jobs/plz-jobs.h"
#include "plz-error.h"
#include "plz-time.h"
#include "plz-test-server.h"

typedef struct
{
  char     *dir;
  char     *path;
  PlzStore *store;
  PlzJobs  *jobs;
  gint64    now;
  GPtrArray *ran;      /* "key payload" of every successful run */
  guint     failures;  /* runs to fail before succeeding */
} Fixture;

static gint64
fake_clock (gpointer user_data)
{
  Fixture *f = user_data;

  return f->now;
}

/* Records the run and writes a row the transaction must keep or undo. */
static gboolean
record_job (PlzJobs *jobs, const char *key, const char *payload, gpointer user_data, GError **error)
{
  Fixture *f = user_data;
  g_autofree char *sql = g_strdup_printf ("INSERT INTO jobs_done (key) VALUES ('%s')", key);

  if (!plz_store_exec (f->store, sql, error))
    return FALSE;
  if (f->failures > 0)
    {
      f->failures--;
      g_set_error_literal (error, PLZ_ERROR, PLZ_ERROR_UNAVAILABLE, "not now");
      return FALSE;
    }
  g_ptr_array_add (f->ran, g_strdup_printf ("%s %s", key, payload));
  return TRUE;
}

static void
open_jobs (Fixture *f)
{
  g_autoptr(GError) error = NULL;

  f->store = plz_store_open_and_migrate (f->path, &error);
  g_assert_no_error (error);
  g_assert_true (plz_store_exec (f->store, "CREATE TABLE IF NOT EXISTS jobs_done (key TEXT)", &error));
  f->jobs = plz_jobs_new (f->store);
  plz_jobs_set_clock (f->jobs, fake_clock, f);
  plz_jobs_register (f->jobs, "test.record", record_job, f);
}

static void
close_jobs (Fixture *f)
{
  g_clear_pointer (&f->jobs, plz_jobs_free);
  if (f->store != NULL)
    plz_store_close (f->store);
  g_clear_object (&f->store);
}

static void
setup (Fixture *f, gconstpointer data)
{
  f->dir = g_dir_make_tmp ("plaza-jobs-XXXXXX", NULL);
  f->path = g_build_filename (f->dir, "plaza.db", NULL);
  f->now = G_GINT64_CONSTANT (1800000000) * G_USEC_PER_SEC;
  f->ran = g_ptr_array_new_with_free_func (g_free);
  open_jobs (f);
}

static void
teardown (Fixture *f, gconstpointer data)
{
  close_jobs (f);
  plz_test_rm_rf (f->dir);
  g_free (f->dir);
  g_free (f->path);
  g_ptr_array_unref (f->ran);
}

static gint64
count (Fixture *f, const char *sql)
{
  return plz_store_query_int (f->store, sql, NULL, NULL);
}

static void
run (Fixture *f, gint expected)
{
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (plz_jobs_run_due (f->jobs, &error), ==, expected);
  g_assert_no_error (error);
}

static void
test_due (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (plz_jobs_schedule (f->jobs, "test.record", "b", "{\"n\":2}", f->now + 2000, &error));
  g_assert_true (plz_jobs_schedule (f->jobs, "test.record", "a", "{\"n\":1}", f->now + 1000, &error));
  g_assert_cmpint (plz_jobs_next_run (f->jobs, &error), ==, f->now + 1000);
  run (f, 0);
  f->now += 1500;
  run (f, 1);
  g_assert_cmpuint (f->ran->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (f->ran, 0), ==, "a {\"n\":1}");
  f->now += 1000;
  run (f, 1);
  g_assert_cmpstr (g_ptr_array_index (f->ran, 1), ==, "b {\"n\":2}");
  g_assert_cmpint (count (f, "SELECT count(*) FROM jobs"), ==, 0);
  g_assert_cmpint (plz_jobs_next_run (f->jobs, &error), ==, 0);
  run (f, 0);
}

static void
test_replace_and_cancel (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (plz_jobs_schedule (f->jobs, "test.record", "a", NULL, f->now + 1000, &error));
  g_assert_true (plz_jobs_schedule (f->jobs, "test.record", "a", "{\"v\":2}", f->now + 5000, &error));
  g_assert_cmpint (count (f, "SELECT count(*) FROM jobs"), ==, 1);
  f->now += 2000;
  run (f, 0);
  f->now += 5000;
  run (f, 1);
  g_assert_cmpstr (g_ptr_array_index (f->ran, 0), ==, "a {\"v\":2}");

  g_assert_true (plz_jobs_schedule (f->jobs, "test.record", "c", NULL, f->now, &error));
  g_assert_true (plz_jobs_cancel (f->jobs, "test.record", "c", &error));
  run (f, 0);
  g_assert_cmpuint (f->ran->len, ==, 1);
}

/* A failing handler's writes roll back; the job stays, later, and succeeds. */
static void
test_retry (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  f->failures = 2;
  g_assert_true (plz_jobs_schedule (f->jobs, "test.record", "r", NULL, f->now, &error));
  g_test_expect_message ("plaza-jobs", G_LOG_LEVEL_WARNING, "*failed (attempt 1)*not now*");
  run (f, 1);
  g_test_assert_expected_messages ();
  g_assert_cmpint (count (f, "SELECT count(*) FROM jobs_done"), ==, 0);
  g_assert_cmpint (count (f, "SELECT attempts FROM jobs"), ==, 1);
  g_assert_cmpint (count (f, "SELECT run_at FROM jobs") - f->now, ==, 1 * G_USEC_PER_SEC);
  run (f, 0);   /* not yet due again */
  f->now += G_USEC_PER_SEC;
  g_test_expect_message ("plaza-jobs", G_LOG_LEVEL_WARNING, "*failed (attempt 2)*");
  run (f, 1);
  g_test_assert_expected_messages ();
  g_assert_cmpint (count (f, "SELECT run_at FROM jobs") - f->now, ==, 2 * G_USEC_PER_SEC);
  f->now += 2 * G_USEC_PER_SEC;
  run (f, 1);
  g_assert_cmpuint (f->ran->len, ==, 1);
  g_assert_cmpint (count (f, "SELECT count(*) FROM jobs_done"), ==, 1);
  g_assert_cmpint (count (f, "SELECT count(*) FROM jobs"), ==, 0);
}

static void
test_unknown_kind (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (plz_jobs_schedule (f->jobs, "test.nobody", "x", NULL, f->now, &error));
  g_test_expect_message ("plaza-jobs", G_LOG_LEVEL_WARNING, "*No handler*test.nobody*");
  run (f, 1);
  g_test_assert_expected_messages ();
  g_assert_cmpint (count (f, "SELECT count(*) FROM jobs"), ==, 1);
}

static void
test_survives_restart (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (plz_jobs_schedule (f->jobs, "test.record", "kept", NULL, f->now + 10, &error));
  close_jobs (f);
  open_jobs (f);
  f->now += 10;
  run (f, 1);
  g_assert_cmpstr (g_ptr_array_index (f->ran, 0), ==, "kept {}");
}

/* Runs three times, each run scheduling the next a second later; a
 * failed run must undo its rescheduling like any other write. */
static gboolean
recurring_job (PlzJobs *jobs, const char *key, const char *payload, gpointer user_data, GError **error)
{
  Fixture *f = user_data;

  if (f->failures > 0)
    {
      f->failures--;
      if (!plz_jobs_schedule (jobs, "test.recurring", key, "{\"bad\":1}", f->now + 999 * G_USEC_PER_SEC, error))
        return FALSE;
      g_set_error_literal (error, PLZ_ERROR, PLZ_ERROR_UNAVAILABLE, "not now");
      return FALSE;
    }
  g_ptr_array_add (f->ran, g_strdup_printf ("%s %s", key, payload));
  if (f->ran->len < 3)
    return plz_jobs_schedule (jobs, "test.recurring", key, "{\"again\":true}", f->now + G_USEC_PER_SEC, error);
  return TRUE;
}

static void
test_recurring (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  plz_jobs_register (f->jobs, "test.recurring", recurring_job, f);
  g_assert_true (plz_jobs_schedule (f->jobs, "test.recurring", "sweep", NULL, f->now, &error));
  run (f, 1);
  g_assert_cmpint (count (f, "SELECT count(*) FROM jobs"), ==, 1);
  g_assert_cmpint (plz_jobs_next_run (f->jobs, &error), ==, f->now + G_USEC_PER_SEC);
  run (f, 0);
  f->now += G_USEC_PER_SEC;
  f->failures = 1;
  g_test_expect_message ("plaza-jobs", G_LOG_LEVEL_WARNING, "*test.recurring/sweep failed*not now*");
  run (f, 1);
  g_test_assert_expected_messages ();
  /* The failed run's rescheduling rolled back: the retry follows the backoff. */
  g_assert_cmpint (plz_jobs_next_run (f->jobs, &error), ==, f->now + G_USEC_PER_SEC);
  f->now += G_USEC_PER_SEC;
  run (f, 1);
  f->now += G_USEC_PER_SEC;
  run (f, 1);
  g_assert_cmpuint (f->ran->len, ==, 3);
  g_assert_cmpstr (g_ptr_array_index (f->ran, 0), ==, "sweep {}");
  g_assert_cmpstr (g_ptr_array_index (f->ran, 2), ==, "sweep {\"again\":true}");
  /* The third run did not reschedule: done. */
  g_assert_cmpint (count (f, "SELECT count(*) FROM jobs"), ==, 0);
}

static gint64
real_clock (gpointer user_data)
{
  return plz_time_now_us ();
}

static gboolean
timeout_cb (gpointer data)
{
  g_error ("The jobs timer did not run the job");
  return G_SOURCE_REMOVE;
}

/* The timer wakes for the nearest job, found after the commit that made it. */
static void
test_timer (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  guint guard = g_timeout_add_seconds (10, timeout_cb, NULL);

  plz_jobs_set_clock (f->jobs, real_clock, NULL);
  plz_jobs_start (f->jobs);
  g_assert_true (plz_jobs_schedule (f->jobs, "test.record", "t", NULL, plz_time_now_us () + 50000, &error));
  while (f->ran->len == 0)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpstr (g_ptr_array_index (f->ran, 0), ==, "t {}");
  g_source_remove (guard);
  plz_jobs_stop (f->jobs);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/jobs/due", Fixture, NULL, setup, test_due, teardown);
  g_test_add ("/jobs/replace-and-cancel", Fixture, NULL, setup, test_replace_and_cancel, teardown);
  g_test_add ("/jobs/retry", Fixture, NULL, setup, test_retry, teardown);
  g_test_add ("/jobs/unknown-kind", Fixture, NULL, setup, test_unknown_kind, teardown);
  g_test_add ("/jobs/recurring", Fixture, NULL, setup, test_recurring, teardown);
  g_test_add ("/jobs/survives-restart", Fixture, NULL, setup, test_survives_restart, teardown);
  g_test_add ("/jobs/timer", Fixture, NULL, setup, test_timer, teardown);
  return g_test_run ();
}
