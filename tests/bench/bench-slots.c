/* bench-slots.c — a month of free slots for an operator with 500 bookings.
 * Usage: bench-slots [--bookings N] [--runs N].
 * Measures the pure computation (plz_slots_compute) and the whole request
 * path without HTTP (plz_bookings_slots: service, availability and busy
 * times read from SQLite, slots, JSON), and prints p50/p99 of each. The
 * target is under 5 ms for the month. */
#include "plz-test-seed.h"
#include "plz-test-server.h"
#include "plz-time.h"
#include "accounts/plz-accounts-store.h"
#include "bookings/plz-bookings.h"
#include "bookings/plz-bookings-store.h"
#include "bookings/plz-slots.h"

#include <string.h>
#include <time.h>

#define MIN_US (G_GINT64_CONSTANT (60) * G_USEC_PER_SEC)

static gint64
now_ns (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);
  return (gint64) ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static int
compare_doubles (gconstpointer a, gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

static void
report (const char *what, GArray *ms, guint n_slots)
{
  g_array_sort (ms, compare_doubles);
  g_print ("%-34s p50 %.3f ms  p99 %.3f ms  max %.3f ms  (%u slots, %u runs)\n", what,
           g_array_index (ms, double, ms->len / 2), g_array_index (ms, double, (ms->len * 99) / 100),
           g_array_index (ms, double, ms->len - 1), n_slots, ms->len);
}

int
main (int argc, char **argv)
{
  gint n_bookings = 500, runs = 1000;
  GOptionEntry entries[] = {
    { "bookings", 0, 0, G_OPTION_ARG_INT, &n_bookings, "Bookings in the month (500)", "N" },
    { "runs", 0, 0, G_OPTION_ARG_INT, &runs, "Runs of each measurement (1000)", "N" },
    { NULL }
  };
  g_autoptr(GOptionContext) ctx = g_option_context_new ("— a month of slots with many bookings");
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("plaza-bench-slots-XXXXXX", NULL);
  g_autofree char *db = g_build_filename (dir, "plaza.db", NULL);
  g_autoptr(GPtrArray) pairs = NULL;
  g_autoptr(PlzStore) store = NULL;
  g_autoptr(PlzService) service = g_new0 (PlzService, 1);
  g_autoptr(PlzAvailability) a = g_new0 (PlzAvailability, 1);
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier ("Africa/Johannesburg");
  g_autoptr(GArray) busy = NULL;
  g_autoptr(GArray) pure_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) full_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(PlzConfig) config = plz_config_new ();
  g_autoptr(PlzEvents) events = NULL;
  g_autoptr(PlzCatalogue) catalogue = NULL;
  g_autoptr(PlzMessaging) messaging = NULL;
  g_autoptr(PlzJobs) jobs = NULL;
  g_autoptr(PlzBookings) bookings = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  PlzTestPair *pair;
  PlzSlotsInput input;
  GDate from, to;
  char from_text[16], to_text[16];
  guint n_slots = 0, full_slots = 0;
  gint64 now = plz_time_now_us ();

  g_option_context_add_main_entries (ctx, entries, NULL);
  if (!g_option_context_parse (ctx, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  g_log_set_handler ("plaza-store", G_LOG_LEVEL_INFO | G_LOG_LEVEL_MESSAGE, (GLogFunc) g_log_default_handler, NULL);
  pairs = plz_test_seed_pairs (dir, 1, &error);
  g_assert_no_error (error);
  pair = g_ptr_array_index (pairs, 0);
  store = plz_store_open_and_migrate (db, &error);
  g_assert_no_error (error);

  /* A 60-minute job with 15 minutes to pack up, Monday to Saturday 07:00–19:00, three teams. */
  service->id = g_strdup ("bench-service");
  service->operator_id = g_strdup (pair->operator_id);
  service->listing_id = g_strdup (pair->listing_id);
  service->name = g_strdup ("Full wash");
  service->duration_minutes = 60;
  service->buffer_after_minutes = 15;
  service->price_minor = 35000;
  service->currency = g_strdup ("ZAR");
  service->tags = g_strdup ("[]");
  service->active = TRUE;
  service->created_at = service->updated_at = now;
  g_assert_true (plz_bookings_store_insert_service (store, service, &error));
  a->operator_id = g_strdup (pair->operator_id);
  a->time_zone = g_strdup ("Africa/Johannesburg");
  a->capacity = 3;
  a->horizon_days = 60;
  a->request_ttl_minutes = 1440;
  a->cancel_window_minutes = 1440;
  a->rules = g_array_new (FALSE, FALSE, sizeof (PlzSlotRule));
  a->exceptions = g_array_new (FALSE, FALSE, sizeof (PlzSlotException));
  for (guint day = 1; day <= 6; day++)
    g_array_append_val (a->rules, ((PlzSlotRule) { day, 7 * 60, 19 * 60 }));
  g_assert_true (plz_bookings_store_put_availability (store, a, now, &error));

  /* The bookings: random quarter hours inside the month's opening hours. */
  g_assert_true (plz_store_exec (store, "BEGIN", &error));
  for (gint i = 0; i < n_bookings; i++)
    {
      g_autoptr(PlzBooking) b = g_new0 (PlzBooking, 1);
      gint64 day_start = (now / (86400 * G_GINT64_CONSTANT (1000000)) + 1 + g_rand_int_range (rand, 0, 30))
                         * 86400 * G_GINT64_CONSTANT (1000000);

      b->id = g_strdup_printf ("bench-%d", i);
      b->service_id = g_strdup (service->id);
      b->operator_id = g_strdup (pair->operator_id);
      b->consumer_id = g_strdup (pair->consumer_id);
      b->status = g_strdup ("confirmed");
      /* 07:00–18:00 local is 05:00–16:00 UTC in Johannesburg. */
      b->start_at = day_start + (5 * 60 + 15 * g_rand_int_range (rand, 0, 44)) * MIN_US;
      b->end_at = b->start_at + 60 * MIN_US;
      b->block_start = b->start_at;
      b->block_end = b->end_at + 15 * MIN_US;
      b->time_zone = g_strdup ("Africa/Johannesburg");
      b->price_minor = 35000;
      b->currency = g_strdup ("ZAR");
      b->created_at = b->updated_at = now;
      g_assert_true (plz_bookings_store_insert_booking (store, b, &error));
    }
  g_assert_true (plz_store_exec (store, "COMMIT", &error));

  plz_slots_local_date (tz, now, &from);
  g_date_add_days (&from, 1);
  to = from;
  g_date_add_days (&to, 30);
  g_date_strftime (from_text, sizeof from_text, "%Y-%m-%d", &from);
  g_date_strftime (to_text, sizeof to_text, "%Y-%m-%d", &to);

  /* The computation alone, from busy times already read. */
  busy = plz_bookings_store_busy (store, pair->operator_id, service->id, NULL, now, now + 40 * 86400 * G_GINT64_CONSTANT (1000000),
                                  &error);
  g_assert_no_error (error);
  memset (&input, 0, sizeof input);
  input.time_zone = tz;
  input.rules = (const PlzSlotRule *) a->rules->data;
  input.n_rules = a->rules->len;
  input.capacity = a->capacity;
  input.duration_minutes = 60;
  input.buffer_after_minutes = 15;
  input.now = now;
  input.horizon_us = 60 * 86400 * G_GINT64_CONSTANT (1000000);
  input.busy = (const PlzSlotBusy *) busy->data;
  input.n_busy = busy->len;
  for (gint r = 0; r < runs; r++)
    {
      gint64 t0 = now_ns ();
      g_autoptr(GArray) slots = plz_slots_compute (&input, &from, &to);
      double ms = (now_ns () - t0) / 1e6;

      g_array_append_val (pure_ms, ms);
      n_slots = slots->len;
    }

  /* The whole path a request takes, less HTTP. */
  g_free (config->data_dir);
  config->data_dir = g_strdup (dir);
  events = plz_events_new (store);
  catalogue = plz_catalogue_new (store, config, &error);
  g_assert_no_error (error);
  messaging = plz_messaging_new (store, events, catalogue);
  jobs = plz_jobs_new (store);
  bookings = plz_bookings_new (store, events, messaging, catalogue, jobs);
  for (gint r = 0; r < runs; r++)
    {
      gint64 t0 = now_ns ();
      g_autoptr(JsonObject) o = plz_bookings_slots (bookings, service->id, from_text, to_text, &error);
      double ms = (now_ns () - t0) / 1e6;

      g_assert_no_error (error);
      g_array_append_val (full_ms, ms);
      full_slots = json_array_get_length (json_object_get_array_member (o, "slots"));
    }

  g_print ("A month (%s … %s) for an operator with %u bookings in it (capacity 3):\n", from_text, to_text,
           busy->len);
  report ("plz_slots_compute (pure)", pure_ms, n_slots);
  report ("plz_bookings_slots (SQL + JSON)", full_ms, full_slots);

  g_clear_pointer (&bookings, plz_bookings_free);
  plz_store_close (store);
  plz_test_rm_rf (dir);
  return 0;
}
