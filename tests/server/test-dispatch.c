/* test-dispatch.c — dispatch scoring and the offer engine, driven by a fake clock */
#include "plz-error.h"
#include "plz-json.h"
#include "bookings/plz-dispatch-engine.h"

#include <string.h>

#define SEC G_USEC_PER_SEC
#define T0 (G_GINT64_CONSTANT (1795000000) * SEC)

/* The host: a clock the test moves, timers in a table, hooks that record. */
typedef struct
{
  gint64             now;
  GHashTable        *timers;      /* offer id → deadline */
  GPtrArray         *offered;     /* operator ids, in offer order */
  guint              n_changed;
  gboolean           fail_booking;
  guint              n_bookings;
  PlzDispatchEngine *engine;
} Host;

static gint64
fake_now (gpointer user_data)
{
  return ((Host *) user_data)->now;
}

static void
fake_schedule (const char *request_id,
               const char *offer_id,
               gint64      deadline_us,
               gpointer    user_data)
{
  Host *h = user_data;

  g_hash_table_insert (h->timers, g_strdup (offer_id),
                       g_memdup2 (&deadline_us, sizeof deadline_us));
}

static void
fake_unschedule (const char *request_id,
                 const char *offer_id,
                 gpointer    user_data)
{
  g_hash_table_remove (((Host *) user_data)->timers, offer_id);
}

static void
offered_cb (PlzDispatchEngine         *engine,
            const PlzDispatchDecision *offer,
            gpointer                   user_data)
{
  g_ptr_array_add (((Host *) user_data)->offered, g_strdup (offer->candidate->operator_id));
}

static char *
create_booking_cb (PlzDispatchEngine         *engine,
                   const PlzDispatchDecision *offer,
                   gpointer                   user_data,
                   GError                   **error)
{
  Host *h = user_data;

  if (h->fail_booking)
    {
      g_set_error_literal (error, PLZ_ERROR, PLZ_ERROR_STORE, "disk full");
      return NULL;
    }
  h->n_bookings++;
  return g_strdup_printf ("b-for-%s", offer->candidate->operator_id);
}

static void
changed_cb (PlzDispatchEngine *engine,
            gpointer           user_data)
{
  ((Host *) user_data)->n_changed++;
}

static const PlzDispatchClock fake_clock = { fake_now, fake_schedule, fake_unschedule };
static const PlzDispatchHooks hooks = { offered_cb, create_booking_cb, changed_cb };

static void
host_init (Host *h)
{
  memset (h, 0, sizeof *h);
  h->now = T0;
  h->timers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  h->offered = g_ptr_array_new_with_free_func (g_free);
}

static void
host_clear (Host *h)
{
  g_clear_pointer (&h->engine, plz_dispatch_engine_free);
  g_hash_table_unref (h->timers);
  g_ptr_array_unref (h->offered);
}

/* Moves the clock on by @delta and fires the timers that are due, earliest first. */
static void
advance (Host   *h,
         gint64  delta)
{
  h->now += delta;
  for (;;)
    {
      GHashTableIter iter;
      gpointer key, value;
      g_autofree char *due = NULL;
      gint64 due_at = G_MAXINT64;

      g_hash_table_iter_init (&iter, h->timers);
      while (g_hash_table_iter_next (&iter, &key, &value))
        if (*(gint64 *) value <= h->now && *(gint64 *) value < due_at)
          {
            g_free (due);
            due = g_strdup (key);
            due_at = *(gint64 *) value;
          }
      if (due == NULL)
        return;
      g_hash_table_remove (h->timers, due);
      plz_dispatch_engine_expire (h->engine, due);
    }
}

static PlzDispatchCandidate *
candidate (const char *id,
           double      km,
           guint       load,
           guint       capacity,
           const char *tags,
           double      rating,
           guint       rating_count)
{
  PlzDispatchCandidate *c = plz_dispatch_candidate_new (id, id);

  c->distance_km = km;
  c->load = load;
  c->capacity = capacity;
  g_strfreev (c->tags);
  c->tags = g_strsplit (tags, ",", -1);
  c->rating = rating;
  c->rating_count = rating_count;
  return c;
}

static GPtrArray *
candidates_new (void)
{
  return g_ptr_array_new_with_free_func ((GDestroyNotify) plz_dispatch_candidate_free);
}

static const char *plumbing[] = { "plumbing", NULL };

static void
start_engine (Host      *h,
              GPtrArray *candidates)
{
  PlzDispatchNeed need = { plumbing, 25.0 };

  h->engine = plz_dispatch_engine_new ("r1", &need, candidates, 0, &fake_clock, &hooks, h);
  plz_dispatch_engine_start (h->engine);
}

static const PlzDispatchDecision *
offer (Host *h)
{
  const PlzDispatchDecision *o = plz_dispatch_engine_get_offer (h->engine);

  g_assert_nonnull (o);
  return o;
}

static const PlzDispatchDecision *
decision_at (Host  *h,
             guint  i)
{
  GPtrArray *decisions = plz_dispatch_engine_get_decisions (h->engine);

  g_assert_cmpuint (i, <, decisions->len);
  return decisions->pdata[i];
}

static void
test_score_components (void)
{
  const char *wanted[] = { "plumbing", "geysers", NULL };
  PlzDispatchNeed need = { wanted, 25.0 };
  g_autoptr(PlzDispatchCandidate) c = candidate ("a", 5.0, 1, 2, "Plumbing,tiling", 4.8, 20);
  g_autoptr(PlzDispatchCandidate) fresh = candidate ("b", 2.1, 0, 1, "plumbing,geysers", 0, 0);
  PlzDispatchScore s, t;

  plz_dispatch_score (&need, c, &s);
  g_assert_cmpint (s.fit, ==, PLZ_DISPATCH_CAN_SERVE);
  g_assert_cmpfloat_with_epsilon (s.components.distance, 0.8, 1e-9);
  g_assert_cmpfloat_with_epsilon (s.components.load, 0.5, 1e-9);
  /* One of two wanted tags, matched without regard to case. */
  g_assert_cmpfloat_with_epsilon (s.components.expertise, 0.5, 1e-9);
  /* (4.8 × 20 + 3.5 × 5) / 25 = 4.54 stars → 0.885 */
  g_assert_cmpfloat_with_epsilon (s.components.rating, 0.885, 1e-9);
  g_assert_cmpfloat_with_epsilon (s.score, 0.4 * 0.8 + 0.25 * 0.5 + 0.2 * 0.5 + 0.15 * 0.885, 1e-9);
  /* Strongest weighted component first. */
  g_assert_cmpstr (s.reason, ==, "5.0 km away, rated 4.8, matches plumbing, room for 1 more");

  /* Unrated: the prior alone (3.5 stars), and nothing said about it. */
  plz_dispatch_score (&need, fresh, &t);
  g_assert_cmpfloat_with_epsilon (t.components.rating, 0.625, 1e-9);
  g_assert_cmpstr (t.reason, ==, "2.1 km away, matches plumbing and geysers, free now");
  g_assert_cmpfloat (t.score, <=, 1.0);
  g_assert_cmpfloat (t.score, >, s.score);
  plz_dispatch_score_clear (&s);
  plz_dispatch_score_clear (&t);
}

static void
test_order_by_score (void)
{
  Host h;
  g_autoptr(GPtrArray) cs = candidates_new ();
  GPtrArray *decisions;

  host_init (&h);
  g_ptr_array_add (cs, candidate ("far", 20.0, 0, 1, "plumbing", 5.0, 100));
  g_ptr_array_add (cs, candidate ("near", 2.0, 0, 1, "plumbing", 4.8, 40));
  g_ptr_array_add (cs, candidate ("busy", 3.0, 2, 3, "plumbing", 4.8, 40));
  start_engine (&h, cs);

  g_assert_cmpint (plz_dispatch_engine_get_status (h.engine), ==, PLZ_DISPATCH_OFFERED);
  g_assert_cmpstr (offer (&h)->candidate->operator_id, ==, "near");
  g_assert_cmpstr (offer (&h)->score.reason, ==,
                   "2.0 km away, matches plumbing, free now, rated 4.8");
  g_assert_cmpstr (offer (&h)->offer_id, ==, "r1-o1");
  g_assert_cmpint (offer (&h)->deadline_us, ==, T0 + 60 * SEC);
  g_assert_true (g_hash_table_contains (h.timers, "r1-o1"));
  g_assert_cmpuint (plz_dispatch_engine_get_n_waiting (h.engine), ==, 2);

  g_assert_true (plz_dispatch_engine_decline (h.engine, "r1-o1", NULL));
  g_assert_true (plz_dispatch_engine_decline (h.engine, "r1-o2", NULL));
  g_assert_cmpuint (h.offered->len, ==, 3);
  g_assert_cmpstr (h.offered->pdata[0], ==, "near");
  g_assert_cmpstr (h.offered->pdata[1], ==, "busy");
  g_assert_cmpstr (h.offered->pdata[2], ==, "far");

  decisions = plz_dispatch_engine_get_decisions (h.engine);
  g_assert_cmpuint (decisions->len, ==, 3);
  for (guint i = 1; i < decisions->len; i++)
    g_assert_cmpfloat (((PlzDispatchDecision *) decisions->pdata[i - 1])->score.score, >=,
                       ((PlzDispatchDecision *) decisions->pdata[i])->score.score);
  host_clear (&h);
}

static void
test_skip_reasons (void)
{
  Host h;
  g_autoptr(GPtrArray) cs = candidates_new ();
  PlzDispatchCandidate *off = candidate ("off", 1.0, 0, 1, "plumbing", 4.0, 3);
  GPtrArray *decisions;
  const struct { const char *id; PlzDispatchFit fit; const char *reason; } expected[] = {
    { "off", PLZ_DISPATCH_SKIP_NOT_ACCEPTING, "not taking on-demand jobs now" },
    { "far", PLZ_DISPATCH_SKIP_TOO_FAR, "31.2 km away, beyond the 25.0 km radius" },
    { "full", PLZ_DISPATCH_SKIP_AT_CAPACITY, "fully booked now (2 of 2 jobs under way)" },
    { "painter", PLZ_DISPATCH_SKIP_NO_MATCHING_TAG, "does not do plumbing" },
  };

  host_init (&h);
  off->accepting = FALSE;
  g_ptr_array_add (cs, off);
  g_ptr_array_add (cs, candidate ("far", 31.2, 0, 1, "plumbing", 5.0, 9));
  g_ptr_array_add (cs, candidate ("full", 1.0, 2, 2, "plumbing", 5.0, 9));
  g_ptr_array_add (cs, candidate ("painter", 1.0, 0, 1, "painting", 5.0, 9));
  g_ptr_array_add (cs, candidate ("ok", 10.0, 0, 1, "plumbing", 3.0, 2));
  h.now = T0 + 5;
  start_engine (&h, cs);

  decisions = plz_dispatch_engine_get_decisions (h.engine);
  g_assert_cmpuint (decisions->len, ==, 5);
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      const PlzDispatchDecision *d = decisions->pdata[i];

      g_assert_cmpstr (d->candidate->operator_id, ==, expected[i].id);
      g_assert_cmpint (d->outcome, ==, PLZ_DISPATCH_OUTCOME_SKIPPED);
      g_assert_cmpint (d->score.fit, ==, expected[i].fit);
      g_assert_cmpstr (d->score.reason, ==, expected[i].reason);
      g_assert_cmpfloat (d->score.score, ==, 0.0);
      g_assert_cmpint (d->at_us, ==, T0 + 5);
      g_assert_null (d->offer_id);
    }
  g_assert_cmpstr (offer (&h)->candidate->operator_id, ==, "ok");
  host_clear (&h);
}

static void
test_timeout_moves_on (void)
{
  Host h;
  g_autoptr(GPtrArray) cs = candidates_new ();
  const PlzDispatchDecision *first;

  host_init (&h);
  g_ptr_array_add (cs, candidate ("a", 1.0, 0, 1, "plumbing", 5.0, 9));
  g_ptr_array_add (cs, candidate ("b", 2.0, 0, 1, "plumbing", 5.0, 9));
  start_engine (&h, cs);
  first = offer (&h);

  advance (&h, 59 * SEC);
  g_assert_true (offer (&h) == first);
  g_assert_cmpint (first->outcome, ==, PLZ_DISPATCH_OUTCOME_OFFERED);

  advance (&h, 1 * SEC);
  g_assert_cmpint (first->outcome, ==, PLZ_DISPATCH_OUTCOME_EXPIRED);
  g_assert_cmpint (first->at_us, ==, T0 + 60 * SEC);
  g_assert_cmpstr (offer (&h)->candidate->operator_id, ==, "b");
  g_assert_cmpint (offer (&h)->offered_at_us, ==, T0 + 60 * SEC);
  g_assert_cmpint (offer (&h)->deadline_us, ==, T0 + 120 * SEC);
  g_assert_false (g_hash_table_contains (h.timers, "r1-o1"));
  g_assert_true (g_hash_table_contains (h.timers, "r1-o2"));

  /* A stale timer for the first offer changes nothing. */
  g_assert_false (plz_dispatch_engine_expire (h.engine, "r1-o1"));
  /* Nor does one that fires early: it is put back. */
  g_hash_table_remove (h.timers, "r1-o2");
  g_assert_false (plz_dispatch_engine_expire (h.engine, "r1-o2"));
  g_assert_true (g_hash_table_contains (h.timers, "r1-o2"));
  g_assert_cmpstr (offer (&h)->candidate->operator_id, ==, "b");

  /* Answering after the deadline, before the timer ran, is too late. */
  {
    g_autoptr(GError) error = NULL;

    h.now = T0 + 120 * SEC;
    g_assert_false (plz_dispatch_engine_accept (h.engine, "r1-o2", &error));
    g_assert_error (error, PLZ_DISPATCH_ERROR, PLZ_DISPATCH_ERROR_OFFER_EXPIRED);
    g_assert_cmpstr (plz_dispatch_error_code_name (error->code), ==, "offer_expired");
    g_assert_cmpuint (h.n_bookings, ==, 0);
  }
  g_assert_cmpint (plz_dispatch_engine_get_status (h.engine), ==, PLZ_DISPATCH_EXHAUSTED);
  host_clear (&h);
}

static void
test_decline (void)
{
  Host h;
  g_autoptr(GPtrArray) cs = candidates_new ();
  g_autoptr(GError) error = NULL;
  guint changed;

  host_init (&h);
  g_ptr_array_add (cs, candidate ("a", 1.0, 0, 1, "plumbing", 5.0, 9));
  g_ptr_array_add (cs, candidate ("b", 2.0, 0, 1, "plumbing", 5.0, 9));
  start_engine (&h, cs);

  h.now += 10 * SEC;
  g_assert_true (plz_dispatch_engine_decline (h.engine, "r1-o1", &error));
  g_assert_no_error (error);
  g_assert_false (g_hash_table_contains (h.timers, "r1-o1"));
  g_assert_cmpint (decision_at (&h, 0)->outcome, ==,
                   PLZ_DISPATCH_OUTCOME_DECLINED);
  g_assert_cmpstr (offer (&h)->candidate->operator_id, ==, "b");
  /* The new offer has its own full window. */
  g_assert_cmpint (offer (&h)->deadline_us, ==, T0 + 70 * SEC);

  /* Wrong answers change nothing. */
  changed = h.n_changed;
  g_assert_false (plz_dispatch_engine_decline (h.engine, "r1-o1", &error));
  g_assert_error (error, PLZ_DISPATCH_ERROR, PLZ_DISPATCH_ERROR_OFFER_EXPIRED);
  g_clear_error (&error);
  g_assert_false (plz_dispatch_engine_accept (h.engine, "r9-o1", &error));
  g_assert_error (error, PLZ_DISPATCH_ERROR, PLZ_DISPATCH_ERROR_OFFER_NOT_CURRENT);
  g_clear_error (&error);
  g_assert_false (plz_dispatch_engine_decline (h.engine, NULL, &error));
  g_assert_error (error, PLZ_DISPATCH_ERROR, PLZ_DISPATCH_ERROR_OFFER_NOT_CURRENT);
  g_clear_error (&error);
  g_assert_cmpuint (h.n_changed, ==, changed);
  g_assert_cmpstr (offer (&h)->candidate->operator_id, ==, "b");
  host_clear (&h);
}

static void
test_accept_stops (void)
{
  Host h;
  g_autoptr(GPtrArray) cs = candidates_new ();
  g_autoptr(GError) error = NULL;
  const PlzDispatchDecision *first;

  host_init (&h);
  g_ptr_array_add (cs, candidate ("a", 1.0, 0, 1, "plumbing", 5.0, 9));
  g_ptr_array_add (cs, candidate ("b", 2.0, 0, 1, "plumbing", 5.0, 9));
  start_engine (&h, cs);
  first = offer (&h);

  /* The booking fails: the offer stays out, the operator may try again. */
  h.fail_booking = TRUE;
  g_assert_false (plz_dispatch_engine_accept (h.engine, "r1-o1", &error));
  g_assert_error (error, PLZ_ERROR, PLZ_ERROR_STORE);
  g_clear_error (&error);
  g_assert_true (offer (&h) == first);
  g_assert_cmpint (first->outcome, ==, PLZ_DISPATCH_OUTCOME_OFFERED);
  g_assert_true (g_hash_table_contains (h.timers, "r1-o1"));

  h.fail_booking = FALSE;
  h.now += 20 * SEC;
  g_assert_true (plz_dispatch_engine_accept (h.engine, "r1-o1", &error));
  g_assert_no_error (error);
  g_assert_cmpint (plz_dispatch_engine_get_status (h.engine), ==, PLZ_DISPATCH_ACCEPTED);
  g_assert_cmpstr (plz_dispatch_engine_get_booking_id (h.engine), ==, "b-for-a");
  g_assert_null (plz_dispatch_engine_get_offer (h.engine));
  g_assert_cmpint (first->outcome, ==, PLZ_DISPATCH_OUTCOME_ACCEPTED);
  g_assert_cmpint (first->at_us, ==, T0 + 20 * SEC);
  g_assert_cmpuint (g_hash_table_size (h.timers), ==, 0);
  g_assert_cmpuint (h.n_bookings, ==, 1);

  /* Over: nothing more is offered, answered or cancelled. */
  advance (&h, 600 * SEC);
  g_assert_cmpuint (h.offered->len, ==, 1);
  g_assert_false (plz_dispatch_engine_accept (h.engine, "r1-o1", &error));
  g_assert_error (error, PLZ_DISPATCH_ERROR, PLZ_DISPATCH_ERROR_FINISHED);
  g_clear_error (&error);
  g_assert_false (plz_dispatch_engine_cancel (h.engine, &error));
  g_assert_error (error, PLZ_DISPATCH_ERROR, PLZ_DISPATCH_ERROR_FINISHED);
  g_assert_cmpuint (h.n_bookings, ==, 1);
  host_clear (&h);
}

static void
test_exhaustion (void)
{
  Host h;
  g_autoptr(GPtrArray) cs = candidates_new ();
  g_autoptr(GPtrArray) none = candidates_new ();

  host_init (&h);
  g_ptr_array_add (cs, candidate ("a", 1.0, 0, 1, "plumbing", 5.0, 9));
  g_ptr_array_add (cs, candidate ("b", 2.0, 0, 1, "plumbing", 5.0, 9));
  g_ptr_array_add (cs, candidate ("c", 99.0, 0, 1, "plumbing", 5.0, 9));
  start_engine (&h, cs);
  advance (&h, 60 * SEC);
  advance (&h, 60 * SEC);
  g_assert_cmpint (plz_dispatch_engine_get_status (h.engine), ==, PLZ_DISPATCH_EXHAUSTED);
  g_assert_null (plz_dispatch_engine_get_offer (h.engine));
  g_assert_cmpuint (g_hash_table_size (h.timers), ==, 0);
  g_assert_cmpuint (plz_dispatch_engine_get_decisions (h.engine)->len, ==, 3);
  g_assert_cmpuint (h.n_bookings, ==, 0);
  host_clear (&h);

  /* Nobody at all: exhausted at once. */
  host_init (&h);
  start_engine (&h, none);
  g_assert_cmpint (plz_dispatch_engine_get_status (h.engine), ==, PLZ_DISPATCH_EXHAUSTED);
  g_assert_cmpuint (h.n_changed, ==, 1);
  host_clear (&h);
}

static void
test_cancel (void)
{
  Host h;
  g_autoptr(GPtrArray) cs = candidates_new ();

  host_init (&h);
  g_ptr_array_add (cs, candidate ("a", 1.0, 0, 1, "plumbing", 5.0, 9));
  g_ptr_array_add (cs, candidate ("b", 2.0, 0, 1, "plumbing", 5.0, 9));
  start_engine (&h, cs);
  g_assert_true (plz_dispatch_engine_cancel (h.engine, NULL));
  g_assert_cmpint (plz_dispatch_engine_get_status (h.engine), ==, PLZ_DISPATCH_CANCELLED);
  g_assert_cmpint (decision_at (&h, 0)->outcome, ==,
                   PLZ_DISPATCH_OUTCOME_WITHDRAWN);
  g_assert_cmpuint (g_hash_table_size (h.timers), ==, 0);
  g_assert_cmpuint (h.offered->len, ==, 1);
  host_clear (&h);
}

/* Same candidates in any order: the same offers in the same order. */
static void
test_ties_stable (void)
{
  const char *orders[][3] = { { "x", "y", "z" }, { "z", "y", "x" }, { "y", "z", "x" } };

  for (guint n = 0; n < G_N_ELEMENTS (orders); n++)
    {
      Host h;
      g_autoptr(GPtrArray) cs = candidates_new ();

      host_init (&h);
      for (guint i = 0; i < 3; i++)
        g_ptr_array_add (cs, candidate (orders[n][i], 4.0, 0, 1, "plumbing", 4.5, 10));
      /* Same score, nearer: goes before the tied ones. */
      g_ptr_array_add (cs, candidate ("w-near", 4.0 - 1e-12, 0, 1, "plumbing", 4.5, 10));
      start_engine (&h, cs);
      advance (&h, 60 * SEC);
      advance (&h, 60 * SEC);
      advance (&h, 60 * SEC);
      advance (&h, 60 * SEC);
      g_assert_cmpuint (h.offered->len, ==, 4);
      g_assert_cmpstr (h.offered->pdata[0], ==, "w-near");
      g_assert_cmpstr (h.offered->pdata[1], ==, "x");
      g_assert_cmpstr (h.offered->pdata[2], ==, "y");
      g_assert_cmpstr (h.offered->pdata[3], ==, "z");
      host_clear (&h);
    }
}

static JsonNode *
round_trip_text (PlzDispatchEngine *engine)
{
  g_autoptr(JsonNode) node = plz_dispatch_engine_to_json (engine);
  g_autofree char *text = plz_json_to_string (node);

  return json_from_string (text, NULL);
}

static void
test_restart_mid_offer (void)
{
  Host h, h2;
  g_autoptr(GPtrArray) cs = candidates_new ();
  g_autoptr(JsonNode) saved = NULL;
  g_autoptr(JsonNode) again = NULL;
  g_autoptr(GError) error = NULL;

  host_init (&h);
  g_ptr_array_add (cs, candidate ("a", 1.0, 0, 1, "plumbing", 5.0, 9));
  g_ptr_array_add (cs, candidate ("b", 2.0, 0, 1, "plumbing", 5.0, 9));
  g_ptr_array_add (cs, candidate ("c", 3.0, 0, 1, "plumbing", 5.0, 9));
  g_ptr_array_add (cs, candidate ("far", 80.0, 0, 1, "plumbing", 5.0, 9));
  start_engine (&h, cs);
  g_assert_true (plz_dispatch_engine_decline (h.engine, "r1-o1", NULL));
  advance (&h, 30 * SEC);
  saved = round_trip_text (h.engine);
  g_assert_nonnull (saved);

  /* The server goes down 30 s into b's offer and is back 10 s later, with no
   * timers and a fresh host. */
  host_init (&h2);
  h2.now = h.now + 10 * SEC;
  h2.engine = plz_dispatch_engine_from_json (saved, &fake_clock, &hooks, &h2, &error);
  g_assert_no_error (error);
  g_assert_nonnull (h2.engine);
  again = plz_dispatch_engine_to_json (h2.engine);
  g_assert_true (plz_json_equal (saved, again));
  host_clear (&h);

  plz_dispatch_engine_resume (h2.engine);
  g_assert_cmpint (plz_dispatch_engine_get_status (h2.engine), ==, PLZ_DISPATCH_OFFERED);
  g_assert_cmpstr (offer (&h2)->candidate->operator_id, ==, "b");
  g_assert_cmpstr (offer (&h2)->offer_id, ==, "r1-o2");
  /* The deadline is the one first given: 20 s are left. */
  g_assert_cmpint (*(gint64 *) g_hash_table_lookup (h2.timers, "r1-o2"), ==, T0 + 60 * SEC);
  advance (&h2, 19 * SEC);
  g_assert_cmpstr (offer (&h2)->candidate->operator_id, ==, "b");
  advance (&h2, 1 * SEC);
  g_assert_cmpstr (offer (&h2)->candidate->operator_id, ==, "c");
  /* Offer ids go on from where they were. */
  g_assert_cmpstr (offer (&h2)->offer_id, ==, "r1-o3");
  g_assert_true (plz_dispatch_engine_accept (h2.engine, "r1-o3", NULL));
  g_assert_cmpstr (plz_dispatch_engine_get_booking_id (h2.engine), ==, "b-for-c");
  g_assert_cmpuint (plz_dispatch_engine_get_decisions (h2.engine)->len, ==, 4);
  host_clear (&h2);
}

/* Down past the deadline: resuming expires the offer and moves on at once. */
static void
test_restart_after_deadline (void)
{
  Host h, h2;
  g_autoptr(GPtrArray) cs = candidates_new ();
  g_autoptr(JsonNode) saved = NULL;

  host_init (&h);
  g_ptr_array_add (cs, candidate ("a", 1.0, 0, 1, "plumbing", 5.0, 9));
  g_ptr_array_add (cs, candidate ("b", 2.0, 0, 1, "plumbing", 5.0, 9));
  start_engine (&h, cs);
  saved = round_trip_text (h.engine);
  host_clear (&h);

  host_init (&h2);
  h2.now = T0 + 300 * SEC;
  h2.engine = plz_dispatch_engine_from_json (saved, &fake_clock, &hooks, &h2, NULL);
  g_assert_nonnull (h2.engine);
  plz_dispatch_engine_resume (h2.engine);
  g_assert_cmpstr (offer (&h2)->candidate->operator_id, ==, "b");
  g_assert_cmpint (offer (&h2)->deadline_us, ==, T0 + 360 * SEC);
  g_assert_cmpint (decision_at (&h2, 0)->outcome, ==,
                   PLZ_DISPATCH_OUTCOME_EXPIRED);
  host_clear (&h2);
}

static void
assert_state_refused (JsonNode   *good,
                      const char *member,
                      JsonNode   *value)
{
  g_autofree char *text = plz_json_to_string (good);
  /* json_node_copy() shares the object: a real copy goes through text. */
  g_autoptr(JsonNode) bad = json_from_string (text, NULL);
  g_autoptr(GError) error = NULL;
  PlzDispatchEngine *engine;
  Host h;

  if (value != NULL)
    json_object_set_member (json_node_get_object (bad), member, value);
  else
    json_object_remove_member (json_node_get_object (bad), member);
  host_init (&h);
  engine = plz_dispatch_engine_from_json (bad, &fake_clock, &hooks, &h, &error);
  g_assert_null (engine);
  g_assert_error (error, PLZ_ERROR, PLZ_ERROR_INVALID_INPUT);
  g_test_message ("%s: %s", member, error->message);
  host_clear (&h);
}

static void
test_bad_state (void)
{
  Host h;
  g_autoptr(GPtrArray) cs = candidates_new ();
  g_autoptr(JsonNode) good = NULL;
  g_autoptr(JsonNode) not_object = json_from_string ("[]", NULL);
  g_autoptr(GError) error = NULL;
  JsonObject *first;
  JsonNode *two_offers;

  host_init (&h);
  g_ptr_array_add (cs, candidate ("a", 1.0, 0, 1, "plumbing", 5.0, 9));
  g_ptr_array_add (cs, candidate ("b", 2.0, 0, 1, "plumbing", 5.0, 9));
  start_engine (&h, cs);
  good = plz_dispatch_engine_to_json (h.engine);
  host_clear (&h);

  assert_state_refused (good, "version", json_from_string ("2", NULL));
  assert_state_refused (good, "status", json_from_string ("\"sleeping\"", NULL));
  assert_state_refused (good, "status", json_from_string ("\"exhausted\"", NULL));
  assert_state_refused (good, "request_id", NULL);
  assert_state_refused (good, "waiting", json_from_string ("{}", NULL));
  assert_state_refused (good, "tags", json_from_string ("[1]", NULL));
  assert_state_refused (good, "decisions", json_from_string ("[{\"candidate\":{}}]", NULL));

  /* Two offers out at once cannot be. */
  {
    JsonNode *decisions = json_object_get_member (json_node_get_object (good), "decisions");
    g_autofree char *text = plz_json_to_string (decisions);
    /* "[{…}]" becomes "[{…},{…}]" */
    g_autofree char *doubled = g_strdup_printf ("[%.*s,%s", (int) strlen (text) - 2,
                                                text + 1, text + 1);

    two_offers = json_from_string (doubled, NULL);
    g_assert_nonnull (two_offers);
  }
  g_assert_cmpuint (json_array_get_length (json_node_get_array (two_offers)), ==, 2);
  first = json_array_get_object_element (json_node_get_array (two_offers), 0);
  g_assert_cmpstr (json_object_get_string_member (first, "outcome"), ==, "offered");
  assert_state_refused (good, "decisions", two_offers);

  host_init (&h);
  g_assert_null (plz_dispatch_engine_from_json (not_object, &fake_clock, &hooks, &h, &error));
  g_assert_error (error, PLZ_ERROR, PLZ_ERROR_INVALID_INPUT);
  host_clear (&h);
}

static void
test_request_json (void)
{
  Host h;
  g_autoptr(GPtrArray) cs = candidates_new ();
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(JsonNode) offer_node = NULL;
  JsonObject *o, *d, *k;
  JsonArray *decisions;

  host_init (&h);
  g_ptr_array_add (cs, candidate ("a", 3.1, 0, 1, "plumbing", 4.7, 12));
  g_ptr_array_add (cs, candidate ("far", 80.0, 0, 1, "plumbing", 4.7, 12));
  start_engine (&h, cs);
  node = plz_dispatch_engine_request_to_json (h.engine);
  o = json_node_get_object (node);
  g_assert_cmpstr (json_object_get_string_member (o, "id"), ==, "r1");
  g_assert_cmpstr (json_object_get_string_member (o, "status"), ==, "offered");
  g_assert_true (json_object_get_null_member (o, "booking_id"));
  decisions = json_object_get_array_member (o, "decisions");
  g_assert_cmpuint (json_array_get_length (decisions), ==, 2);
  d = json_array_get_object_element (decisions, 0);
  g_assert_cmpstr (json_object_get_string_member (d, "decision"), ==, "skipped");
  d = json_array_get_object_element (decisions, 1);
  k = json_object_get_object_member (d, "operator");
  g_assert_cmpstr (json_object_get_string_member (k, "id"), ==,
                   "a");
  g_assert_cmpstr (json_object_get_string_member (d, "decision"), ==, "offered");
  g_assert_cmpstr (json_object_get_string_member (d, "at"), ==, "2026-11-18T11:06:40.000000Z");
  g_assert_cmpstr (json_object_get_string_member (d, "deadline"), ==,
                   "2026-11-18T11:07:40.000000Z");
  k = json_object_get_object_member (d, "components");
  g_assert_cmpfloat (json_object_get_double_member (k, "distance_km"), ==, 3.1);
  g_assert_cmpint (json_object_get_int_member (k, "load"), ==, 0);
  g_assert_cmpfloat (json_object_get_double_member (k, "expertise"), ==, 1.0);
  g_assert_cmpfloat (json_object_get_double_member (k, "rating"), ==, 4.7);
  g_assert_true (json_object_has_member (json_object_get_object_member (d, "scores"), "distance"));
  g_assert_cmpstr (json_object_get_string_member (d, "reason"), ==,
                   "3.1 km away, matches plumbing, free now, rated 4.7");

  offer_node = plz_dispatch_offer_to_json (h.engine, offer (&h));
  o = json_node_get_object (offer_node);
  g_assert_cmpstr (json_object_get_string_member (o, "id"), ==, "r1-o1");
  g_assert_cmpstr (json_object_get_string_member (o, "request_id"), ==, "r1");
  g_assert_cmpstr (json_object_get_string_member (o, "deadline"), ==,
                   "2026-11-18T11:07:40.000000Z");
  g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (o, "tags"), 0), ==,
                   "plumbing");
  host_clear (&h);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/dispatch/score-components", test_score_components);
  g_test_add_func ("/dispatch/order-by-score", test_order_by_score);
  g_test_add_func ("/dispatch/skip-reasons", test_skip_reasons);
  g_test_add_func ("/dispatch/timeout-moves-on", test_timeout_moves_on);
  g_test_add_func ("/dispatch/decline", test_decline);
  g_test_add_func ("/dispatch/accept-stops", test_accept_stops);
  g_test_add_func ("/dispatch/exhaustion", test_exhaustion);
  g_test_add_func ("/dispatch/cancel", test_cancel);
  g_test_add_func ("/dispatch/ties-stable", test_ties_stable);
  g_test_add_func ("/dispatch/restart-mid-offer", test_restart_mid_offer);
  g_test_add_func ("/dispatch/restart-after-deadline", test_restart_after_deadline);
  g_test_add_func ("/dispatch/bad-state", test_bad_state);
  g_test_add_func ("/dispatch/request-json", test_request_json);

  return g_test_run ();
}
