/* test-dispatch-routes.c — on-demand dispatch over HTTP: order, answers,
 * timeouts by the jobs' clock, the booking, events, restarts and bad input */
#include "plz-test-bookings.h"
#include "plz-config.h"
#include "plz-server.h"
#include "plz-time.h"
#include "accounts/plz-accounts.h"
#include "jobs/plz-jobs.h"

#include <string.h>

#define SEC_US G_USEC_PER_SEC

/* Johannesburg: the consumer, and operators 1.5 km, 9 km and 12 km away. */
#define HERE_LAT  -26.2041
#define HERE_LNG   28.0473

typedef struct
{
  PlzTestServer *ts;
  char          *dir;                 /* our own data dir, kept across restarts */
  char          *buyer, *buyer_id;
  char          *near, *near_id;      /* plumbing, 1.5 km */
  char          *far, *far_id;        /* plumbing, 9 km */
  char          *gardener, *gardener_id; /* no plumbing: skipped */
  char          *stranger;            /* another consumer */
} Fixture;

#define assert_status(r, want) G_STMT_START { \
    if ((r)->status != (want)) g_error ("expected %u, got %u: %s", (guint) (want), (r)->status, (r)->body); \
  } G_STMT_END

static JsonObject *
root (PlzTestResponse *r)
{
  g_assert_nonnull (r->json);
  return json_node_get_object (r->json);
}

static void
start_server (Fixture *f)
{
  PlzConfig *config = plz_config_new ();

  g_free (config->data_dir);
  config->data_dir = g_strdup (f->dir);
  config->password_cost = 1;
  f->ts = plz_test_server_new_with (config);
}

static PlzTestResponse *
req (Fixture *f, const char *method, const char *path, const char *body, const char *token)
{
  return plz_test_request_auth (f->ts, method, path, body, token);
}

/* An operator with a plumbing (or @tag) service, taking jobs on demand from @lat, @lng. */
static char *
make_operator (Fixture *f, const char *email, const char *tag, double lat, double lng, char **id)
{
  char *token = plz_test_sign_up (f->ts, email, TRUE, id);
  g_autofree char *listing = plz_test_make_listing (f->ts, token, "Fix-it", TRUE);
  g_autofree char *extra = g_strdup_printf (",\"tags\":[\"%s\"]", tag);
  g_autofree char *service = plz_test_make_service (f->ts, token, listing, extra);
  g_autofree char *body = g_strdup_printf ("{\"accepting\":true,\"lat\":%f,\"lng\":%f}", lat, lng);
  g_autoptr(PlzTestResponse) r = req (f, "PUT", "/api/v1/me/dispatch/settings", body, token);

  assert_status (r, 200);
  g_assert_true (json_object_get_boolean_member (root (r), "accepting"));
  return token;
}

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  f->dir = g_dir_make_tmp ("plaza-dispatch-XXXXXX", NULL);
  start_server (f);
  f->buyer = plz_test_sign_up (f->ts, "buyer@example.com", FALSE, &f->buyer_id);
  f->stranger = plz_test_sign_up (f->ts, "stranger@example.com", FALSE, NULL);
  f->near = make_operator (f, "near@example.com", "plumbing", -26.1950, 28.0580, &f->near_id);
  f->far = make_operator (f, "far@example.com", "plumbing", -26.1250, 28.0300, &f->far_id);
  f->gardener = make_operator (f, "garden@example.com", "gardening", -26.2000, 28.0500, &f->gardener_id);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  g_clear_pointer (&f->ts, plz_test_server_free);
  plz_test_rm_rf (f->dir);
  g_free (f->dir);
  g_free (f->buyer);
  g_free (f->buyer_id);
  g_free (f->near);
  g_free (f->near_id);
  g_free (f->far);
  g_free (f->far_id);
  g_free (f->gardener);
  g_free (f->gardener_id);
  g_free (f->stranger);
}

static PlzTestResponse *
ask (Fixture *f, const char *client_id)
{
  g_autofree char *body = g_strdup_printf ("{\"client_id\":\"%s\",\"tags\":[\"Plumbing\"],\"lat\":%f,\"lng\":%f,"
                                           "\"when\":\"now\",\"note\":\"Burst pipe in the kitchen\"}",
                                           client_id, HERE_LAT, HERE_LNG);

  return req (f, "POST", "/api/v1/dispatch/requests", body, f->buyer);
}

/* Starts a request; returns its id. */
static char *
ask_ok (Fixture *f)
{
  g_autoptr(PlzTestResponse) r = ask (f, "d-1");

  assert_status (r, 201);
  return g_strdup (json_object_get_string_member (json_object_get_object_member (root (r), "request"), "id"));
}

static PlzTestResponse *
get_request (Fixture *f, const char *token, const char *id)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/dispatch/requests/%s", id);

  return req (f, "GET", path, NULL, token);
}

/* The offer out now to @token's operator, or NULL. */
static char *
current_offer (Fixture *f, const char *token)
{
  g_autoptr(PlzTestResponse) r = req (f, "GET", "/api/v1/me/dispatch/offers", NULL, token);
  JsonArray *offers;
  JsonObject *o;

  assert_status (r, 200);
  offers = json_object_get_array_member (root (r), "offers");
  if (json_array_get_length (offers) == 0)
    return NULL;
  g_assert_cmpuint (json_array_get_length (offers), ==, 1);
  o = json_array_get_object_element (offers, 0);
  /* What the operator needs to decide: where, what, by when, and why them. */
  g_assert_cmpstr (json_object_get_string_member (o, "note"), ==, "Burst pipe in the kitchen");
  g_assert_nonnull (json_object_get_string_member (o, "deadline"));
  g_assert_nonnull (json_object_get_string_member (o, "reason"));
  g_assert_cmpfloat (json_object_get_double_member (o, "lat"), ==, HERE_LAT);
  return g_strdup (json_object_get_string_member (o, "id"));
}

static PlzTestResponse *
answer (Fixture *f, const char *token, const char *offer, const char *how)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/dispatch/offers/%s/%s", offer, how);

  return req (f, "POST", path, NULL, token);
}

static const char *
status_of (PlzTestResponse *r)
{
  return json_object_get_string_member (json_object_get_object_member (root (r), "request"), "status");
}

/* The kinds of @token's events, space-separated. */
static char *
event_kinds (Fixture *f, const char *token)
{
  g_autoptr(PlzTestResponse) r = req (f, "GET", "/api/v1/events?since=0", NULL, token);
  JsonArray *events;
  GString *out = g_string_new (NULL);

  assert_status (r, 200);
  events = json_object_get_array_member (root (r), "events");
  for (guint i = 0; i < json_array_get_length (events); i++)
    g_string_append_printf (out, "%s%s", i > 0 ? " " : "",
                            json_object_get_string_member (json_array_get_object_element (events, i), "kind"));
  return g_string_free (out, FALSE);
}

/* Moves the clock on by @us and waits until @token's operator has an offer
 * (or, with NULL, until request @id is @status). */
static char *
wait_for_offer (Fixture *f, const char *token)
{
  gint64 deadline = g_get_monotonic_time () + 10 * SEC_US;

  for (;;)
    {
      char *offer = current_offer (f, token);

      if (offer != NULL)
        return offer;
      if (g_get_monotonic_time () > deadline)
        g_error ("no offer came");
      plz_jobs_poke (plz_server_get_jobs (plz_test_server_get_server (f->ts)));
      g_usleep (20000);
    }
}

static void
test_order_decline_accept (Fixture *f, gconstpointer data)
{
  g_autofree char *id = NULL;
  g_autofree char *offer1 = NULL;
  g_autofree char *offer2 = NULL;
  g_autofree char *consumer_events = NULL;
  g_autofree char *far_events = NULL;
  g_autoptr(PlzTestResponse) r = ask (f, "d-1");
  g_autoptr(PlzTestResponse) retry = NULL;
  g_autoptr(PlzTestResponse) declined = NULL;
  g_autoptr(PlzTestResponse) stolen = NULL;
  g_autoptr(PlzTestResponse) accepted = NULL;
  g_autoptr(PlzTestResponse) after = NULL;
  g_autoptr(PlzTestResponse) booking = NULL;
  JsonObject *request, *b;
  JsonArray *decisions;
  g_autofree char *booking_path = NULL;

  assert_status (r, 201);
  request = json_object_get_object_member (root (r), "request");
  id = g_strdup (json_object_get_string_member (request, "id"));
  g_assert_cmpstr (json_object_get_string_member (request, "status"), ==, "offered");
  /* The gardener is recorded as skipped, with the reason; the nearest plumber is offered first. */
  decisions = json_object_get_array_member (request, "decisions");
  g_assert_cmpuint (json_array_get_length (decisions), ==, 2);
  {
    JsonObject *skipped = json_array_get_object_element (decisions, 0);
    JsonObject *offered = json_array_get_object_element (decisions, 1);

    g_assert_cmpstr (json_object_get_string_member (skipped, "decision"), ==, "skipped");
    g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (skipped, "operator"), "id"), ==,
                     f->gardener_id);
    g_assert_nonnull (strstr (json_object_get_string_member (skipped, "reason"), "plumbing"));
    g_assert_cmpstr (json_object_get_string_member (offered, "decision"), ==, "offered");
    g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (offered, "operator"), "id"), ==,
                     f->near_id);
    g_assert_cmpfloat (json_object_get_double_member (offered, "score"), >, 0);
  }
  retry = ask (f, "d-1");
  assert_status (retry, 200);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (root (retry), "request"), "id"),
                   ==, id);

  offer1 = current_offer (f, f->near);
  g_assert_nonnull (offer1);
  g_assert_null (current_offer (f, f->far));
  /* Someone else's offer looks like none. */
  stolen = answer (f, f->far, offer1, "accept");
  assert_status (stolen, 404);

  declined = answer (f, f->near, offer1, "decline");
  assert_status (declined, 200);
  g_assert_null (current_offer (f, f->near));
  offer2 = current_offer (f, f->far);
  g_assert_nonnull (offer2);

  accepted = answer (f, f->far, offer2, "accept");
  assert_status (accepted, 200);
  b = json_object_get_object_member (root (accepted), "booking");
  g_assert_cmpstr (json_object_get_string_member (b, "status"), ==, "confirmed");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (b, "consumer"), "id"), ==,
                   f->buyer_id);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (b, "operator"), "id"), ==,
                   f->far_id);
  g_assert_nonnull (json_object_get_string_member (b, "conversation_id"));

  after = get_request (f, f->buyer, id);
  assert_status (after, 200);
  g_assert_cmpstr (status_of (after), ==, "accepted");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (root (after), "request"),
                                                  "booking_id"), ==, json_object_get_string_member (b, "id"));
  booking_path = g_strdup_printf ("/api/v1/bookings/%s", json_object_get_string_member (b, "id"));
  booking = req (f, "GET", booking_path, NULL, f->buyer);
  assert_status (booking, 200);

  consumer_events = event_kinds (f, f->buyer);
  far_events = event_kinds (f, f->far);
  /* Created (offered near), declined (offered far), accepted; and the booking. */
  g_assert_nonnull (strstr (consumer_events, "dispatch.updated dispatch.updated"));
  g_assert_nonnull (strstr (consumer_events, "booking.updated"));
  g_assert_nonnull (strstr (far_events, "dispatch.offer"));
  g_assert_nonnull (strstr (far_events, "booking.updated"));
  {
    g_autofree char *gardener_events = event_kinds (f, f->gardener);

    g_assert_null (strstr (gardener_events, "dispatch.offer"));
  }
}

static void
test_timeout_and_late_accept (Fixture *f, gconstpointer data)
{
  g_autofree char *id = ask_ok (f);
  g_autofree char *offer1 = current_offer (f, f->near);
  g_autofree char *offer2 = NULL;
  g_autoptr(PlzTestResponse) late = NULL;
  g_autoptr(PlzTestResponse) r = NULL;

  g_assert_nonnull (offer1);
  plz_time_shift (61 * SEC_US);
  offer2 = wait_for_offer (f, f->far);
  late = answer (f, f->near, offer1, "accept");
  plz_time_shift (-61 * SEC_US);
  assert_status (late, 409);
  g_assert_cmpstr (plz_test_response_error_code (late), ==, "offer_expired");
  r = get_request (f, f->buyer, id);
  {
    JsonArray *decisions = json_object_get_array_member (json_object_get_object_member (root (r), "request"),
                                                         "decisions");

    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (decisions, 1), "decision"), ==,
                     "expired");
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (decisions, 2), "decision"), ==,
                     "offered");
  }
}

static void
test_exhausted_and_cancel (Fixture *f, gconstpointer data)
{
  g_autofree char *id = ask_ok (f);
  g_autofree char *offer1 = current_offer (f, f->near);
  g_autofree char *offer2 = NULL;
  g_autofree char *second = NULL;
  g_autofree char *cancel_path = NULL;
  g_autoptr(PlzTestResponse) r = NULL;
  g_autoptr(PlzTestResponse) r2 = NULL;
  g_autoptr(PlzTestResponse) cancelled = NULL;
  g_autoptr(PlzTestResponse) again = NULL;
  g_autoptr(PlzTestResponse) nosy = NULL;
  g_autoptr(PlzTestResponse) gone = NULL;

  r = answer (f, f->near, offer1, "decline");
  assert_status (r, 200);
  offer2 = current_offer (f, f->far);
  r2 = answer (f, f->far, offer2, "decline");
  assert_status (r2, 200);
  g_clear_pointer (&r, plz_test_response_free);
  r = get_request (f, f->buyer, id);
  g_assert_cmpstr (status_of (r), ==, "exhausted");

  /* A second request, cancelled while offered. */
  {
    g_autoptr(PlzTestResponse) s = ask (f, "d-2");

    assert_status (s, 201);
    second = g_strdup (json_object_get_string_member (json_object_get_object_member (root (s), "request"), "id"));
  }
  cancel_path = g_strdup_printf ("/api/v1/dispatch/requests/%s/cancel", second);
  nosy = req (f, "POST", cancel_path, NULL, f->stranger);
  assert_status (nosy, 404);
  g_clear_pointer (&nosy, plz_test_response_free);
  nosy = get_request (f, f->stranger, second);
  assert_status (nosy, 404);
  cancelled = req (f, "POST", cancel_path, NULL, f->buyer);
  assert_status (cancelled, 200);
  g_assert_cmpstr (status_of (cancelled), ==, "cancelled");
  g_assert_null (current_offer (f, f->near));
  again = req (f, "POST", cancel_path, NULL, f->buyer);
  assert_status (again, 409);
  g_assert_cmpstr (plz_test_response_error_code (again), ==, "request_finished");
  gone = get_request (f, f->buyer, "no-such-request");
  assert_status (gone, 404);
}

static void
test_admin_sees_decisions (Fixture *f, gconstpointer data)
{
  g_autofree char *id = ask_ok (f);
  g_autofree char *admin = plz_test_sign_up (f->ts, "boss@example.com", FALSE, NULL);
  g_autofree char *path = g_build_filename (f->dir, "plaza.db", NULL);
  g_autoptr(PlzStore) store = plz_store_open (path, NULL);
  g_autoptr(PlzConfig) config = plz_config_new ();
  g_autoptr(PlzAccounts) accounts = plz_accounts_new (store, config);
  g_autoptr(GError) error = NULL;
  g_autoptr(PlzUser) user = plz_accounts_grant_admin (accounts, "boss@example.com", &error);
  g_autoptr(PlzTestResponse) r = NULL;
  JsonObject *offered;

  g_assert_no_error (error);
  r = get_request (f, admin, id);
  assert_status (r, 200);
  offered = json_array_get_object_element (json_object_get_array_member (json_object_get_object_member (root (r),
                                                                                                        "request"),
                                                                         "decisions"), 1);
  g_assert_true (json_object_has_member (json_object_get_object_member (offered, "components"), "distance_km"));
  g_assert_cmpfloat (json_object_get_double_member (json_object_get_object_member (offered, "components"),
                                                    "distance_km"), <, 3.0);
}

/* The server goes down with an offer out and comes back after its deadline:
 * the offer is expired and the next operator gets theirs. */
static void
test_restart_mid_offer (Fixture *f, gconstpointer data)
{
  g_autofree char *id = ask_ok (f);
  g_autofree char *offer1 = current_offer (f, f->near);
  g_autofree char *offer2 = NULL;

  g_assert_nonnull (offer1);
  g_clear_pointer (&f->ts, plz_test_server_free);
  plz_time_shift (90 * SEC_US);
  start_server (f);
  offer2 = wait_for_offer (f, f->far);
  plz_time_shift (-90 * SEC_US);
  g_assert_cmpstr (offer1, !=, offer2);
  g_assert_null (current_offer (f, f->near));
}

static void
test_bad_input (Fixture *f, gconstpointer data)
{
  static const struct { const char *body; const char *field; } bad[] = {
    { "{\"tags\":[\"plumbing\"],\"lat\":91,\"lng\":28}", "lat" },
    { "{\"tags\":[\"plumbing\"],\"lat\":-26,\"lng\":-181}", "lng" },
    { "{\"tags\":[\"plumbing\"],\"lat\":\"-26\",\"lng\":28}", "lat" },
    { "{\"tags\":[\"plumbing\"],\"lng\":28}", "lat" },
    { "{\"tags\":[],\"lat\":-26,\"lng\":28}", "tags" },
    { "{\"lat\":-26,\"lng\":28}", "tags" },
    { "{\"tags\":[\"\"],\"lat\":-26,\"lng\":28}", "tags" },
    { "{\"tags\":[3],\"lat\":-26,\"lng\":28}", "tags" },
    { "{\"tags\":[\"plumbing\"],\"lat\":-26,\"lng\":28,\"when\":\"soon\"}", "when" },
    { "{\"tags\":[\"plumbing\"],\"lat\":-26,\"lng\":28,\"when\":\"2020-01-01T10:00:00Z\"}", "when" },
    { "{\"tags\":[\"plumbing\"],\"lat\":-26,\"lng\":28,\"category_id\":\"x\"}", "category_id" },
    { "{\"tags\":[\"plumbing\"],\"lat\":-26,\"lng\":28,\"client_id\":\"no spaces\"}", "client_id" },
    { "{\"tags\":[\"plumbing\"],\"lat\":-26,\"lng\":28,\"radius\":5}", "radius" },
  };
  g_autoptr(PlzTestResponse) settings = NULL;
  g_autoptr(PlzTestResponse) offers = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(PlzTestResponse) r = req (f, "POST", "/api/v1/dispatch/requests", bad[i].body, f->buyer);
      JsonObject *err;

      assert_status (r, 400);
      g_assert_cmpstr (plz_test_response_error_code (r), ==, "invalid_input");
      err = json_object_get_object_member (root (r), "error");
      g_assert_cmpstr (json_object_get_string_member (err, "field"), ==, bad[i].field);
    }
  /* Nothing was asked of anyone. */
  {
    g_autofree char *near_events = event_kinds (f, f->near);

    g_assert_null (strstr (near_events, "dispatch.offer"));
  }
  settings = req (f, "PUT", "/api/v1/me/dispatch/settings", "{\"accepting\":true,\"lat\":100,\"lng\":0}", f->near);
  assert_status (settings, 400);
  offers = req (f, "GET", "/api/v1/me/dispatch/offers", NULL, f->buyer);
  assert_status (offers, 403);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
#define ADD(name, func) g_test_add ("/dispatch-routes/" name, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("order-decline-accept", test_order_decline_accept);
  ADD ("timeout-and-late-accept", test_timeout_and_late_accept);
  ADD ("exhausted-and-cancel", test_exhausted_and_cancel);
  ADD ("admin-sees-decisions", test_admin_sees_decisions);
  ADD ("restart-mid-offer", test_restart_mid_offer);
  ADD ("bad-input", test_bad_input);
  return g_test_run ();
}
