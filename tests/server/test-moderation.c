/* test-moderation.c — keeping deals on the platform: the message policy by
 * stage, escalation, counters and cases called directly, as the send path
 * will; and over HTTP, listings and bios refused at save time and the
 * admin leak-case queue with its authorization and bad input */
#include "plz-test-server.h"
#include "plz-time.h"
#include "accounts/plz-accounts.h"
#include "moderation/plz-moderation.h"

#include <string.h>

#define PASSWORD "a long enough secret 42"
#define HOUR_US ((gint64) 3600 * G_USEC_PER_SEC)

/* The service, called directly ---------------------------------------------------- */

typedef struct
{
  char          *dir;
  PlzStore      *store;
  PlzConfig     *config;
  PlzAccounts   *accounts;
  PlzModeration *moderation;
  gint64         shifted;  /* how far the clock was moved, undone in teardown */
} Service;

static void
service_setup (Service *s, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  s->dir = g_dir_make_tmp ("plaza-moderation-XXXXXX", NULL);
  path = g_build_filename (s->dir, "plaza.db", NULL);
  s->store = plz_store_open_and_migrate (path, &error);
  g_assert_no_error (error);
  s->config = plz_config_new ();
  g_free (s->config->data_dir);
  s->config->data_dir = g_strdup (s->dir);
  s->config->password_cost = 1;
  s->accounts = plz_accounts_new (s->store, s->config);
  s->moderation = plz_moderation_new (s->store, s->config, s->accounts);
  plz_accounts_set_moderation (s->accounts, s->moderation);
}

static void
service_teardown (Service *s, gconstpointer data)
{
  plz_time_shift (-s->shifted);
  plz_moderation_free (s->moderation);
  plz_accounts_free (s->accounts);
  plz_config_free (s->config);
  plz_store_close (s->store);
  g_object_unref (s->store);
  plz_test_rm_rf (s->dir);
  g_free (s->dir);
}

static void
shift_clock (Service *s, gint64 delta)
{
  plz_time_shift (delta);
  s->shifted += delta;
}

static PlzUser *
make_user (Service *s, const char *email)
{
  g_autoptr(GError) error = NULL;
  PlzClientInfo client = { "test", "127.0.0.1" };
  g_autoptr(PlzNewSession) session = NULL;
  PlzUser *user = plz_accounts_sign_up (s->accounts, email, PASSWORD, "Test Person", &client, &session, &error);

  g_assert_no_error (error);
  return user;
}

static gint64
count (Service *s, const char *sql, const char *arg)
{
  g_autoptr(GError) error = NULL;
  gint64 n = plz_store_query_int (s->store, sql, arg, &error);

  g_assert_no_error (error);
  return n;
}

/* Sends @text at @stage; returns the action and fills what came back. */
static PlzModerationAction
send (Service             *s,
      const PlzUser       *user,
      PlzModerationStage   stage,
      const char          *text,
      char               **redacted,
      char               **notice,
      GError             **error)
{
  PlzModerationAction action = PLZ_MODERATION_ALLOW;
  gboolean ok = plz_moderation_check_message (s->moderation, user->id, "conv-1", stage, text, &action,
                                              redacted, notice, error);

  g_assert_true (ok == (action != PLZ_MODERATION_REFUSE));
  return action;
}

static void
test_message_stages (Service *s, gconstpointer data)
{
  g_autoptr(PlzUser) user = make_user (s, "sender@example.com");
  g_autoptr(GError) refused = NULL;
  g_autofree char *redacted = NULL, *notice = NULL, *booked_redacted = NULL;

  /* Ordinary chat goes through untouched, prices, times and all. */
  g_assert_cmpint (send (s, user, PLZ_MODERATION_STAGE_PRE_BOOKING, "R350 at 10:30 on 12/05, unit 4B",
                         &redacted, &notice, NULL), ==, PLZ_MODERATION_ALLOW);
  g_assert_null (redacted);
  g_assert_null (notice);

  /* Before a booking: the number itself is refused, with a reason naming it. */
  g_assert_cmpint (send (s, user, PLZ_MODERATION_STAGE_PRE_BOOKING, "call me on 082 555 1234",
                         NULL, NULL, &refused), ==, PLZ_MODERATION_REFUSE);
  g_assert_error (refused, PLZ_ERROR, PLZ_ERROR_CONTACT_NOT_ALLOWED);
  g_assert_nonnull (strstr (refused->message, "a phone number"));
  g_assert_cmpstr (plz_error_get_field (refused), ==, "text");

  /* A request for details is delivered with it hidden, and the sender told. */
  g_assert_cmpint (send (s, user, PLZ_MODERATION_STAGE_PRE_BOOKING, "Great, what's your number?",
                         &redacted, &notice, NULL), ==, PLZ_MODERATION_REDACT);
  g_assert_cmpstr (redacted, ==, "Great, [contact hidden]?");
  g_assert_nonnull (strstr (notice, "a request for contact details"));

  /* After a confirmed booking, sharing is allowed and nothing is recorded. */
  g_assert_cmpint (send (s, user, PLZ_MODERATION_STAGE_BOOKED, "my cell is 082 555 1234",
                         &booked_redacted, NULL, NULL), ==, PLZ_MODERATION_ALLOW);
  g_assert_null (booked_redacted);

  g_assert_cmpint (count (s, "SELECT count(*) FROM moderation_events WHERE user_id = ?1", user->id), ==, 2);
  g_assert_cmpint (count (s, "SELECT count(*) FROM moderation_events WHERE user_id = ?1 AND action = 'refused' "
                          "AND stage = 'pre_booking' AND context = 'message' AND conversation_id = 'conv-1' "
                          "AND kinds LIKE '%\"phone\"%' AND risk = 'high'", user->id), ==, 1);
  g_assert_cmpint (count (s, "SELECT count(*) FROM moderation_events WHERE user_id = ?1 AND action = 'redacted' "
                          "AND kinds LIKE '%contact_request%' AND risk = 'medium'", user->id), ==, 1);
}

static void
test_stage_policy_is_configurable (Service *s, gconstpointer data)
{
  g_autoptr(PlzUser) user = make_user (s, "strict@example.com");
  g_autoptr(GError) error = NULL;
  g_autofree char *redacted = NULL;

  /* An operator of the platform who wants contact kept in-app even after booking. */
  s->config->moderation.booked_high = PLZ_MODERATION_REDACT;
  s->config->moderation.pre_booking_high = PLZ_MODERATION_REDACT;
  plz_moderation_free (s->moderation);
  s->moderation = plz_moderation_new (s->store, s->config, s->accounts);

  g_assert_cmpint (send (s, user, PLZ_MODERATION_STAGE_BOOKED, "mail me: thandi@gmail.com", &redacted, NULL,
                         &error), ==, PLZ_MODERATION_REDACT);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (redacted, "[contact hidden]"));
  g_assert_null (strstr (redacted, "thandi@gmail.com"));
  g_assert_cmpint (count (s, "SELECT count(*) FROM moderation_events WHERE user_id = ?1 AND stage = 'booked'",
                          user->id), ==, 1);
}

static void
test_escalation (Service *s, gconstpointer data)
{
  g_autoptr(PlzUser) user = make_user (s, "leaker@example.com");
  g_autoptr(PlzUser) other = make_user (s, "other@example.com");
  PlzModerationCounters counters;
  g_autoptr(GError) error = NULL;

  /* Attempts 1 and 2: a warning that says where this leads. */
  for (guint i = 1; i <= 2; i++)
    {
      g_autoptr(GError) refused = NULL;

      send (s, user, PLZ_MODERATION_STAGE_PRE_BOOKING, "whatsapp me on 079 884 2210", NULL, NULL, &refused);
      g_assert_error (refused, PLZ_ERROR, PLZ_ERROR_CONTACT_NOT_ALLOWED);
      g_assert_nonnull (strstr (refused->message, "warning"));
    }
  {
    g_autoptr(GError) clean = NULL;

    g_assert_cmpint (send (s, user, PLZ_MODERATION_STAGE_PRE_BOOKING, "See you on Saturday", NULL, NULL, &clean),
                     ==, PLZ_MODERATION_ALLOW);
  }

  /* Attempt 3 (a redacted one counts too): sending before a booking is paused. */
  {
    g_autofree char *notice = NULL;

    g_assert_cmpint (send (s, user, PLZ_MODERATION_STAGE_PRE_BOOKING, "what's your email?", NULL, &notice, NULL),
                     ==, PLZ_MODERATION_REDACT);
    g_assert_nonnull (strstr (notice, "paused until"));
  }
  {
    g_autoptr(GError) paused = NULL;
    g_autoptr(GError) booked_error = NULL;

    g_assert_cmpint (send (s, user, PLZ_MODERATION_STAGE_PRE_BOOKING, "See you on Saturday", NULL, NULL, &paused),
                     ==, PLZ_MODERATION_REFUSE);
    g_assert_error (paused, PLZ_ERROR, PLZ_ERROR_SENDING_RESTRICTED);
    /* Customers with a confirmed booking are still answered. */
    g_assert_cmpint (send (s, user, PLZ_MODERATION_STAGE_BOOKED, "On my way", NULL, NULL, &booked_error),
                     ==, PLZ_MODERATION_ALLOW);
    g_assert_no_error (booked_error);
  }
  /* Nobody else is affected. */
  g_assert_cmpint (send (s, other, PLZ_MODERATION_STAGE_PRE_BOOKING, "See you on Saturday", NULL, NULL, NULL),
                   ==, PLZ_MODERATION_ALLOW);

  /* The pause ends by itself. */
  shift_clock (s, 2 * HOUR_US);
  g_assert_cmpint (send (s, user, PLZ_MODERATION_STAGE_PRE_BOOKING, "See you on Saturday", NULL, NULL, NULL),
                   ==, PLZ_MODERATION_ALLOW);
  g_assert_cmpint (count (s, "SELECT count(*) FROM leak_cases", NULL), ==, 0);

  /* Attempt 4 in the window pauses sending again; attempt 5, made while
   * paused, still counts: a case opens, with every attempt as evidence. */
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(GError) refused = NULL;

      send (s, user, PLZ_MODERATION_STAGE_PRE_BOOKING, "pay me directly and skip the app fee", NULL, NULL, &refused);
      if (i == 0)
        g_assert_error (refused, PLZ_ERROR, PLZ_ERROR_CONTACT_NOT_ALLOWED);
      else
        {
          g_assert_error (refused, PLZ_ERROR, PLZ_ERROR_SENDING_RESTRICTED);
          g_assert_nonnull (strstr (refused->message, "review"));
        }
    }
  g_assert_cmpint (count (s, "SELECT count(*) FROM leak_cases WHERE status = 'open'", NULL), ==, 1);
  g_assert_cmpint (count (s, "SELECT count(*) FROM moderation_events WHERE case_id IS NOT NULL AND user_id = ?1",
                          user->id), ==, 5);

  /* A sixth joins the open case rather than opening another. */
  shift_clock (s, 2 * HOUR_US);
  send (s, user, PLZ_MODERATION_STAGE_PRE_BOOKING, "thandi at gmail dot com", NULL, NULL, NULL);
  g_assert_cmpint (count (s, "SELECT count(*) FROM leak_cases", NULL), ==, 1);
  g_assert_cmpint (count (s, "SELECT count(*) FROM moderation_events WHERE case_id IS NOT NULL", NULL), ==, 6);

  g_assert_true (plz_moderation_get_counters (s->moderation, user->id, &counters, &error));
  g_assert_cmpint (counters.attempts, ==, 6);
  g_assert_cmpint (counters.refused, ==, 5);
  g_assert_cmpint (counters.redacted, ==, 1);
  g_assert_cmpint (counters.restricted_until, >, plz_time_now_us ());
  g_assert_true (plz_moderation_get_counters (s->moderation, other->id, &counters, &error));
  g_assert_cmpint (counters.attempts, ==, 0);
}

static void
test_window (Service *s, gconstpointer data)
{
  g_autoptr(PlzUser) user = make_user (s, "slow@example.com");

  /* Attempts a day and more apart never add up to a pause. */
  for (guint i = 0; i < 6; i++)
    {
      g_autoptr(GError) refused = NULL;

      send (s, user, PLZ_MODERATION_STAGE_PRE_BOOKING, "082 555 1234", NULL, NULL, &refused);
      g_assert_error (refused, PLZ_ERROR, PLZ_ERROR_CONTACT_NOT_ALLOWED);
      shift_clock (s, 25 * HOUR_US);
    }
  g_assert_cmpint (send (s, user, PLZ_MODERATION_STAGE_PRE_BOOKING, "hello", NULL, NULL, NULL), ==,
                   PLZ_MODERATION_ALLOW);
  g_assert_cmpint (count (s, "SELECT count(*) FROM leak_cases", NULL), ==, 0);
  g_assert_cmpint (count (s, "SELECT attempts FROM moderation_users WHERE user_id = ?1", user->id), ==, 6);
}

static void
test_public_text (Service *s, gconstpointer data)
{
  g_autoptr(PlzUser) user = make_user (s, "writer@example.com");
  const char *refused[] = {
    "Deep cleans in Durban. Call 072 341 9988", "WhatsApp me for specials", "Find us on insta @sparkle_dbn",
    "Pay cash and skip the booking fee", "Website: sparkleclean.co.za",
  };
  const char *allowed[] = {
    "Deep cleans from R1 200.00, weekdays 08:00–17:00, 4.9 stars since 2015",
    "I use eco products; 3 bedrooms take about 4 hours", "Book and pay through the app, easy",
  };

  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_false (plz_moderation_check_public (s->moderation, user->id, PLZ_MODERATION_CONTEXT_LISTING,
                                                   "listing-1", "description", refused[i], &error));
      g_assert_error (error, PLZ_ERROR, PLZ_ERROR_CONTACT_NOT_ALLOWED);
      g_assert_cmpstr (plz_error_get_field (error), ==, "description");
    }
  for (guint i = 0; i < G_N_ELEMENTS (allowed); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_true (plz_moderation_check_public (s->moderation, user->id, PLZ_MODERATION_CONTEXT_BIO, user->id,
                                                  "bio", allowed[i], &error));
      g_assert_no_error (error);
    }
  g_assert_cmpint (count (s, "SELECT count(*) FROM moderation_events WHERE context = 'listing' AND stage = 'public' "
                          "AND reference_id = 'listing-1' AND action = 'refused'", NULL), ==, 5);

  /* With public-refuse-from=high, an invitation alone passes but a number does not. */
  s->config->moderation.public_refuse_from = PLZ_CONTACT_RISK_HIGH;
  plz_moderation_free (s->moderation);
  s->moderation = plz_moderation_new (s->store, s->config, s->accounts);
  g_assert_true (plz_moderation_check_public (s->moderation, user->id, PLZ_MODERATION_CONTEXT_BIO, NULL, "bio",
                                              "WhatsApp me for specials", NULL));
  g_assert_false (plz_moderation_check_public (s->moderation, user->id, PLZ_MODERATION_CONTEXT_BIO, NULL, "bio",
                                               "Call 072 341 9988", NULL));
}

/* Makes @user's attempts open a case; returns its id. */
static char *
open_case_for (Service *s, const PlzUser *user)
{
  g_autoptr(GPtrArray) cases = NULL;

  for (guint i = 0; i < s->config->moderation.case_after; i++)
    send (s, user, PLZ_MODERATION_STAGE_PRE_BOOKING, "my number is 082 555 1234", NULL, NULL, NULL);
  cases = plz_moderation_list_cases (s->moderation, "open", 10, 0, NULL);
  for (guint i = 0; i < cases->len; i++)
    if (g_str_equal (((PlzLeakCase *) cases->pdata[i])->user_id, user->id))
      return g_strdup (((PlzLeakCase *) cases->pdata[i])->id);
  g_assert_not_reached ();
}

static void
test_case_actions (Service *s, gconstpointer data)
{
  g_autoptr(PlzUser) admin = make_user (s, "admin@example.com");
  const struct { const char *email; PlzLeakCaseAction action; const char *status; } cases[] = {
    { "a@example.com", PLZ_LEAK_CASE_DISMISS, "dismissed" },
    { "b@example.com", PLZ_LEAK_CASE_WARN, "warned" },
    { "c@example.com", PLZ_LEAK_CASE_RESTRICT, "restricted" },
    { "d@example.com", PLZ_LEAK_CASE_SUSPEND, "suspended" },
  };

  admin->is_admin = TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(PlzUser) user = make_user (s, cases[i].email);
      g_autofree char *id = open_case_for (s, user);
      g_autoptr(GError) error = NULL;
      g_autoptr(GError) again_error = NULL;
      g_autoptr(PlzLeakCase) c = NULL;
      g_autoptr(PlzLeakCase) again = NULL;
      g_autoptr(PlzUser) after = NULL;
      PlzModerationCounters counters;

      /* Sending was paused by the attempts themselves; lift that to see the action's own effect. */
      g_assert_true (plz_moderation_store_set_restriction (s->store, user->id, 0, plz_time_now_us (), NULL));
      c = plz_moderation_act_on_case (s->moderation, admin, id, cases[i].action, "Reviewed the chat", &error);
      g_assert_no_error (error);
      g_assert_cmpstr (c->status, ==, cases[i].status);
      g_assert_cmpstr (c->resolved_by, ==, admin->id);
      g_assert_cmpstr (c->resolution, ==, "Reviewed the chat");

      /* Audited like the other admin actions, with the case named. */
      {
        g_autofree char *action = g_strconcat ("leak_case_", plz_leak_case_action_name (cases[i].action), NULL);
        g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM audit_log WHERE action = '%s' AND "
                                                "target_id = ?1 AND reason LIKE '%%%s%%'", action, id);

        g_assert_cmpint (count (s, sql, user->id), ==, 1);
      }

      g_assert_true (plz_moderation_get_counters (s->moderation, user->id, &counters, NULL));
      after = plz_accounts_store_get_user (s->store, user->id, NULL);
      switch (cases[i].action)
        {
        case PLZ_LEAK_CASE_DISMISS:
          g_assert_cmpint (counters.warnings, ==, 0);
          g_assert_cmpint (counters.restricted_until, ==, 0);
          break;
        case PLZ_LEAK_CASE_WARN:
          g_assert_cmpint (counters.warnings, ==, 1);
          g_assert_cmpint (count (s, "SELECT count(*) FROM outbox WHERE recipient = ?1 AND subject LIKE '%warning%'",
                                  cases[i].email), ==, 1);
          break;
        case PLZ_LEAK_CASE_RESTRICT:
          g_assert_cmpint (counters.restricted_until, >, plz_time_now_us ());
          g_assert_cmpint (send (s, user, PLZ_MODERATION_STAGE_PRE_BOOKING, "hello", NULL, NULL, NULL), ==,
                           PLZ_MODERATION_REFUSE);
          break;
        case PLZ_LEAK_CASE_SUSPEND:
          g_assert_cmpint (after->status, ==, PLZ_ACCOUNT_SUSPENDED);
          g_assert_cmpint (count (s, "SELECT count(*) FROM audit_log WHERE action = 'suspend' AND target_id = ?1",
                                  user->id), ==, 1);
          break;
        default:
          g_assert_not_reached ();
        }
      if (cases[i].action != PLZ_LEAK_CASE_SUSPEND)
        g_assert_cmpint (after->status, ==, PLZ_ACCOUNT_ACTIVE);

      /* A closed case stays closed. */
      again = plz_moderation_act_on_case (s->moderation, admin, id, PLZ_LEAK_CASE_WARN, "Again", &again_error);
      g_assert_null (again);
      g_assert_error (again_error, PLZ_ERROR, PLZ_ERROR_CONFLICT);
    }
}

static void
test_case_bad_input (Service *s, gconstpointer data)
{
  g_autoptr(PlzUser) admin = make_user (s, "admin@example.com");
  g_autoptr(PlzUser) user = make_user (s, "user@example.com");
  g_autofree char *id = NULL;
  g_autofree char *own = NULL;
  gint64 audit_before;

  admin->is_admin = TRUE;
  id = open_case_for (s, user);
  own = open_case_for (s, admin);
  audit_before = count (s, "SELECT count(*) FROM audit_log", NULL);
  {
    g_autoptr(GError) error = NULL;

    g_assert_null (plz_moderation_act_on_case (s->moderation, admin, id, PLZ_LEAK_CASE_WARN, "  ", &error));
    g_assert_error (error, PLZ_ERROR, PLZ_ERROR_INVALID_INPUT);
    g_assert_cmpstr (plz_error_get_field (error), ==, "reason");
  }
  {
    g_autoptr(GError) error = NULL;

    g_assert_null (plz_moderation_act_on_case (s->moderation, admin, id, (PlzLeakCaseAction) 42, "x", &error));
    g_assert_error (error, PLZ_ERROR, PLZ_ERROR_INVALID_INPUT);
    g_assert_cmpstr (plz_error_get_field (error), ==, "action");
  }
  {
    g_autoptr(GError) error = NULL;

    g_assert_null (plz_moderation_act_on_case (s->moderation, admin, "no-such-case", PLZ_LEAK_CASE_WARN, "x", &error));
    g_assert_error (error, PLZ_ERROR, PLZ_ERROR_NOT_FOUND);
  }
  {
    g_autoptr(GError) error = NULL;

    g_assert_null (plz_moderation_act_on_case (s->moderation, admin, own, PLZ_LEAK_CASE_DISMISS, "mine", &error));
    g_assert_error (error, PLZ_ERROR, PLZ_ERROR_CONFLICT);
  }
  /* Nothing changed: no audit entry, the cases still open. */
  g_assert_cmpint (count (s, "SELECT count(*) FROM audit_log", NULL), ==, audit_before);
  g_assert_cmpint (count (s, "SELECT count(*) FROM leak_cases WHERE status = 'open'", NULL), ==, 2);
}

/* Over HTTP ---------------------------------------------------------------------- */

typedef struct
{
  PlzTestServer *ts;
  char          *op;       /* an operator's token */
  char          *op_id;
  char          *admin;    /* an admin's token */
  char          *buyer;    /* a consumer's token */
} Http;

static JsonObject *
root (PlzTestResponse *r)
{
  g_assert_nonnull (r->json);
  return json_node_get_object (r->json);
}

static const char *
error_field (PlzTestResponse *r)
{
  JsonObject *err;

  if (r->json == NULL || !json_object_has_member (root (r), "error"))
    return NULL;
  err = json_object_get_object_member (root (r), "error");
  return json_object_get_string_member_with_default (err, "field", NULL);
}

static const char *
error_message (PlzTestResponse *r)
{
  return json_object_get_string_member (json_object_get_object_member (root (r), "error"), "message");
}

static char *
http_sign_up (Http *h, const char *email, gboolean operator, char **id)
{
  g_autofree char *body = g_strdup_printf ("{\"email\":\"%s\",\"password\":\"" PASSWORD "\",\"display_name\":\"Person\"}",
                                           email);
  g_autoptr(PlzTestResponse) r = plz_test_request (h->ts, "POST", "/api/v1/accounts", body, NULL);
  char *token;

  g_assert_cmpuint (r->status, ==, 201);
  token = g_strdup (json_object_get_string_member (root (r), "token"));
  if (id != NULL)
    *id = g_strdup (json_object_get_string_member (json_object_get_object_member (root (r), "user"), "id"));
  if (operator)
    {
      g_autoptr(PlzTestResponse) op = plz_test_request_auth (h->ts, "POST", "/api/v1/me/operator",
        "{\"business_name\":\"Shine\",\"service_area\":{\"lat\":-26.1,\"lng\":28.0,\"radius_km\":30}}", token);
      g_assert_cmpuint (op->status, ==, 200);
    }
  return token;
}

static void
http_setup (Http *h, gconstpointer data)
{
  PlzConfig *config = plz_config_new ();
  g_autofree char *path = NULL;

  g_clear_pointer (&config->data_dir, g_free);
  config->password_cost = 1;
  h->ts = plz_test_server_new_with (config);
  h->op = http_sign_up (h, "op@example.com", TRUE, &h->op_id);
  h->buyer = http_sign_up (h, "buyer@example.com", FALSE, NULL);
  h->admin = http_sign_up (h, "admin@example.com", FALSE, NULL);

  /* The first admin comes from the command line: here, a second connection. */
  path = g_build_filename (plz_test_server_get_data_dir (h->ts), "plaza.db", NULL);
  {
    g_autoptr(PlzStore) store = plz_store_open (path, NULL);
    g_autoptr(PlzConfig) c = plz_config_new ();
    g_autoptr(PlzAccounts) accounts = plz_accounts_new (store, c);
    g_autoptr(PlzUser) admin = plz_accounts_grant_admin (accounts, "admin@example.com", NULL);

    g_assert_nonnull (admin);
  }
}

static void
http_teardown (Http *h, gconstpointer data)
{
  g_clear_pointer (&h->ts, plz_test_server_free);
  g_free (h->op);
  g_free (h->op_id);
  g_free (h->admin);
  g_free (h->buyer);
}

static PlzTestResponse *
create_listing (Http *h, const char *title, const char *description)
{
  g_autofree char *body = g_strdup_printf (
    "{\"category_id\":10,\"title\":\"%s\",\"description\":\"%s\","
    "\"price\":{\"amount_minor\":35000,\"currency\":\"ZAR\"},\"pricing_type\":\"fixed\","
    "\"attributes\":{},\"location\":{\"lat\":-26.1,\"lng\":28.0,\"city\":\"Johannesburg\",\"country\":\"ZA\"}}",
    title, description);

  return plz_test_request_auth (h->ts, "POST", "/api/v1/listings", body, h->op);
}

static gint64
db_count (Http *h, const char *sql)
{
  g_autofree char *path = g_build_filename (plz_test_server_get_data_dir (h->ts), "plaza.db", NULL);
  g_autoptr(PlzStore) store = plz_store_open (path, NULL);

  return plz_store_query_int (store, sql, NULL, NULL);
}

static void
test_listing_refused (Http *h, gconstpointer data)
{
  g_autoptr(PlzTestResponse) phone = create_listing (h, "Car wash in Sandton",
                                                     "Hand wash and polish. Call 072 341 9988 to book.");
  g_autoptr(PlzTestResponse) email = create_listing (h, "Wash: sipho at gmail dot com", "Hand wash");
  g_autoptr(PlzTestResponse) ok = create_listing (h, "Car wash in Sandton, R350",
                                                  "Hand wash and polish from 08:00 to 17:00, CA 123-456 welcome. "
                                                  "Book and pay through the app.");
  g_autoptr(PlzTestResponse) mine = plz_test_request_auth (h->ts, "GET", "/api/v1/me/listings", NULL, h->op);
  const char *id;
  g_autofree char *path = NULL;

  g_assert_cmpuint (phone->status, ==, 422);
  g_assert_cmpstr (plz_test_response_error_code (phone), ==, "contact_details_not_allowed");
  g_assert_cmpstr (error_field (phone), ==, "description");
  g_assert_nonnull (strstr (error_message (phone), "a phone number"));
  g_assert_cmpuint (email->status, ==, 422);
  g_assert_cmpstr (error_field (email), ==, "title");
  g_assert_nonnull (strstr (error_message (email), "an email address"));
  g_assert_cmpuint (ok->status, ==, 201);
  /* The refused ones were never saved. */
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root (mine), "listings")), ==, 1);

  /* An edit is checked too, and leaves the listing as it was. */
  id = json_object_get_string_member (json_object_get_object_member (root (ok), "listing"), "id");
  path = g_strdup_printf ("/api/v1/listings/%s", id);
  {
    g_autoptr(PlzTestResponse) edit = plz_test_request_auth (h->ts, "PATCH", path,
      "{\"description\":\"Cheaper if you pay me directly, no app fee\"}", h->op);
    g_autoptr(PlzTestResponse) get = plz_test_request_auth (h->ts, "GET", path, NULL, h->op);

    g_assert_cmpuint (edit->status, ==, 422);
    g_assert_cmpstr (error_field (edit), ==, "description");
    g_assert_nonnull (strstr (json_object_get_string_member (json_object_get_object_member (root (get), "listing"),
                                                             "description"), "through the app"));
  }
  g_assert_cmpint (db_count (h, "SELECT count(*) FROM moderation_events WHERE context = 'listing' "
                                "AND action = 'refused' AND stage = 'public'"), ==, 3);
  g_assert_cmpint (db_count (h, "SELECT count(*) FROM moderation_events WHERE reference_id IS NOT NULL"), ==, 1);
}

static void
test_bio_refused (Http *h, gconstpointer data)
{
  g_autoptr(PlzTestResponse) refused = plz_test_request_auth (h->ts, "PATCH", "/api/v1/me",
    "{\"bio\":\"Reliable cleaner. WhatsApp me on zero eight two five five five one two three four\"}", h->buyer);
  g_autoptr(PlzTestResponse) ok = plz_test_request_auth (h->ts, "PATCH", "/api/v1/me",
    "{\"bio\":\"Reliable cleaner since 2015, R350 per visit, 5 stars on 40 jobs\"}", h->buyer);

  g_assert_cmpuint (refused->status, ==, 422);
  g_assert_cmpstr (plz_test_response_error_code (refused), ==, "contact_details_not_allowed");
  g_assert_cmpstr (error_field (refused), ==, "bio");
  g_assert_cmpuint (ok->status, ==, 200);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (root (ok), "user"), "bio"), ==,
                   "Reliable cleaner since 2015, R350 per visit, 5 stars on 40 jobs");
  g_assert_cmpint (db_count (h, "SELECT count(*) FROM moderation_events WHERE context = 'bio'"), ==, 1);
}

/* Five refused listings: enough for a case. */
static void
make_case (Http *h)
{
  for (guint i = 0; i < 5; i++)
    {
      g_autoptr(PlzTestResponse) r = create_listing (h, "Garden service", "Whatsapp 079 884 2210 for a quote");

      g_assert_cmpuint (r->status, ==, 422);
    }
}

static PlzTestResponse *
act (Http *h, const char *token, const char *id, const char *body)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/admin/leak-cases/%s/actions", id);

  return plz_test_request_auth (h->ts, "POST", path, body, token);
}

static void
test_admin_queue (Http *h, gconstpointer data)
{
  g_autoptr(PlzTestResponse) list = NULL;
  g_autoptr(PlzTestResponse) warn = NULL;
  g_autoptr(PlzTestResponse) again = NULL;
  g_autoptr(PlzTestResponse) closed = NULL;
  g_autoptr(PlzTestResponse) audit = NULL;
  g_autoptr(PlzTestResponse) detail = NULL;
  JsonArray *cases, *evidence;
  JsonObject *c, *first;
  g_autofree char *id = NULL;
  g_autofree char *detail_path = NULL;

  make_case (h);
  list = plz_test_request_auth (h->ts, "GET", "/api/v1/admin/leak-cases", NULL, h->admin);
  g_assert_cmpuint (list->status, ==, 200);
  cases = json_object_get_array_member (root (list), "cases");
  g_assert_cmpuint (json_array_get_length (cases), ==, 1);
  c = json_array_get_object_element (cases, 0);
  id = g_strdup (json_object_get_string_member (c, "id"));
  g_assert_cmpstr (json_object_get_string_member (c, "status"), ==, "open");
  g_assert_cmpint (json_object_get_int_member (c, "attempts"), ==, 5);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (c, "user"), "email"), ==,
                   "op@example.com");
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (c, "counters"), "refused"), ==, 5);
  g_assert_cmpint (json_object_get_int_member (c, "evidence_count"), ==, 5);
  evidence = json_object_get_array_member (c, "evidence");
  g_assert_cmpuint (json_array_get_length (evidence), ==, 5);
  first = json_array_get_object_element (evidence, 0);
  g_assert_cmpstr (json_object_get_string_member (first, "excerpt"), ==, "Whatsapp 079 884 2210 for a quote");
  g_assert_cmpstr (json_object_get_string_member (first, "context"), ==, "listing");
  g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (first, "kinds"), 0), ==, "phone");
  g_assert_true (json_object_get_null_member (c, "resolution"));

  detail_path = g_strdup_printf ("/api/v1/admin/leak-cases/%s", id);
  detail = plz_test_request_auth (h->ts, "GET", detail_path, NULL, h->admin);
  g_assert_cmpuint (detail->status, ==, 200);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (root (detail), "case"), "id"), ==, id);

  warn = act (h, h->admin, id, "{\"action\":\"warn\",\"reason\":\"Phone number in five listing drafts\"}");
  g_assert_cmpuint (warn->status, ==, 200);
  c = json_object_get_object_member (root (warn), "case");
  g_assert_cmpstr (json_object_get_string_member (c, "status"), ==, "warned");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (c, "resolution"), "reason"), ==,
                   "Phone number in five listing drafts");
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (c, "counters"), "warnings"), ==, 1);

  again = act (h, h->admin, id, "{\"action\":\"dismiss\",\"reason\":\"Changed my mind\"}");
  g_assert_cmpuint (again->status, ==, 409);
  g_assert_cmpstr (plz_test_response_error_code (again), ==, "conflict");

  /* The queue is of open cases; closed ones are asked for by status. */
  {
    g_autoptr(PlzTestResponse) open = plz_test_request_auth (h->ts, "GET", "/api/v1/admin/leak-cases", NULL, h->admin);

    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root (open), "cases")), ==, 0);
  }
  closed = plz_test_request_auth (h->ts, "GET", "/api/v1/admin/leak-cases?status=warned", NULL, h->admin);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root (closed), "cases")), ==, 1);

  audit = plz_test_request_auth (h->ts, "GET", "/api/v1/admin/audit", NULL, h->admin);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (
                     json_object_get_array_member (root (audit), "entries"), 0), "action"), ==, "leak_case_warn");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (
                     json_object_get_array_member (root (audit), "entries"), 0), "target_id"), ==, h->op_id);
}

static void
test_admin_suspend (Http *h, gconstpointer data)
{
  g_autoptr(PlzTestResponse) list = NULL;
  g_autoptr(PlzTestResponse) suspend = NULL;
  g_autoptr(PlzTestResponse) blocked = NULL;
  g_autofree char *id = NULL;

  make_case (h);
  list = plz_test_request_auth (h->ts, "GET", "/api/v1/admin/leak-cases?status=open&limit=10", NULL, h->admin);
  id = g_strdup (json_object_get_string_member (json_array_get_object_element (
                   json_object_get_array_member (root (list), "cases"), 0), "id"));
  suspend = act (h, h->admin, id, "{\"action\":\"suspend\",\"reason\":\"Takes customers off the platform\"}");
  g_assert_cmpuint (suspend->status, ==, 200);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (
                     json_object_get_object_member (root (suspend), "case"), "user"), "account_status"), ==, "suspended");
  blocked = plz_test_request_auth (h->ts, "GET", "/api/v1/me", NULL, h->op);
  g_assert_cmpuint (blocked->status, ==, 403);
  g_assert_cmpstr (plz_test_response_error_code (blocked), ==, "account_suspended");
}

static void
test_admin_authorization (Http *h, gconstpointer data)
{
  const char *paths[][2] = {
    { "GET", "/api/v1/admin/leak-cases" },
    { "GET", "/api/v1/admin/leak-cases/abc" },
    { "POST", "/api/v1/admin/leak-cases/abc/actions" },
  };
  const char *tokens[] = { NULL, "buyer", "op" };

  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    for (guint t = 0; t < G_N_ELEMENTS (tokens); t++)
      {
        const char *token = tokens[t] == NULL ? NULL : g_str_equal (tokens[t], "buyer") ? h->buyer : h->op;
        const char *body = g_str_equal (paths[i][0], "POST") ? "{\"action\":\"dismiss\",\"reason\":\"x\"}" : NULL;
        g_autoptr(PlzTestResponse) r = plz_test_request_auth (h->ts, paths[i][0], paths[i][1], body, token);

        g_assert_cmpuint (r->status, ==, token == NULL ? 401 : 403);
      }
}

static void
test_admin_bad_input (Http *h, gconstpointer data)
{
  g_autoptr(PlzTestResponse) list = NULL;
  g_autofree char *id = NULL;
  const struct { const char *body; guint status; const char *code; const char *field; } bodies[] = {
    { "{\"action\":\"ban\",\"reason\":\"x\"}", 400, "invalid_input", "action" },
    { "{\"action\":\"warn\"}", 400, "invalid_input", "reason" },
    { "{\"action\":\"warn\",\"reason\":\"\"}", 400, "invalid_input", "reason" },
    { "{\"action\":\"warn\",\"reason\":42}", 400, "invalid_input", "reason" },
    { "{\"reason\":\"x\"}", 400, "invalid_input", "action" },
    { "{\"action\":\"warn\",\"reason\":\"x\",\"minutes\":5}", 400, "invalid_input", "minutes" },
    { "{\"action\":", 400, "invalid_json", NULL },
    { "[]", 400, "invalid_json", NULL },
  };
  const struct { const char *query; const char *field; } queries[] = {
    { "?status=closed", "status" },
    { "?limit=1000", "limit" },
    { "?limit=ten", "limit" },
    { "?offset=-1", "offset" },
  };

  make_case (h);
  list = plz_test_request_auth (h->ts, "GET", "/api/v1/admin/leak-cases", NULL, h->admin);
  id = g_strdup (json_object_get_string_member (json_array_get_object_element (
                   json_object_get_array_member (root (list), "cases"), 0), "id"));
  for (guint i = 0; i < G_N_ELEMENTS (bodies); i++)
    {
      g_autoptr(PlzTestResponse) r = act (h, h->admin, id, bodies[i].body);

      g_test_message ("%s → %u %s", bodies[i].body, r->status, r->body);
      g_assert_cmpuint (r->status, ==, bodies[i].status);
      g_assert_cmpstr (plz_test_response_error_code (r), ==, bodies[i].code);
      g_assert_cmpstr (error_field (r), ==, bodies[i].field);
    }
  for (guint i = 0; i < G_N_ELEMENTS (queries); i++)
    {
      g_autofree char *path = g_strconcat ("/api/v1/admin/leak-cases", queries[i].query, NULL);
      g_autoptr(PlzTestResponse) r = plz_test_request_auth (h->ts, "GET", path, NULL, h->admin);

      g_assert_cmpuint (r->status, ==, 400);
      g_assert_cmpstr (error_field (r), ==, queries[i].field);
    }
  {
    g_autoptr(PlzTestResponse) unknown = act (h, h->admin, "nope", "{\"action\":\"warn\",\"reason\":\"x\"}");
    g_autoptr(PlzTestResponse) unknown_get = plz_test_request_auth (h->ts, "GET", "/api/v1/admin/leak-cases/nope",
                                                                    NULL, h->admin);

    g_assert_cmpuint (unknown->status, ==, 404);
    g_assert_cmpuint (unknown_get->status, ==, 404);
  }
  /* None of it changed the case. */
  g_assert_cmpint (db_count (h, "SELECT count(*) FROM leak_cases WHERE status = 'open'"), ==, 1);
  g_assert_cmpint (db_count (h, "SELECT count(*) FROM audit_log WHERE action LIKE 'leak_case_%'"), ==, 0);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/moderation/message/stages", Service, NULL, service_setup, test_message_stages, service_teardown);
  g_test_add ("/moderation/message/configurable", Service, NULL, service_setup, test_stage_policy_is_configurable,
              service_teardown);
  g_test_add ("/moderation/escalation", Service, NULL, service_setup, test_escalation, service_teardown);
  g_test_add ("/moderation/window", Service, NULL, service_setup, test_window, service_teardown);
  g_test_add ("/moderation/public-text", Service, NULL, service_setup, test_public_text, service_teardown);
  g_test_add ("/moderation/case/actions", Service, NULL, service_setup, test_case_actions, service_teardown);
  g_test_add ("/moderation/case/bad-input", Service, NULL, service_setup, test_case_bad_input, service_teardown);
  g_test_add ("/moderation/http/listing-refused", Http, NULL, http_setup, test_listing_refused, http_teardown);
  g_test_add ("/moderation/http/bio-refused", Http, NULL, http_setup, test_bio_refused, http_teardown);
  g_test_add ("/moderation/http/admin-queue", Http, NULL, http_setup, test_admin_queue, http_teardown);
  g_test_add ("/moderation/http/admin-suspend", Http, NULL, http_setup, test_admin_suspend, http_teardown);
  g_test_add ("/moderation/http/admin-authorization", Http, NULL, http_setup, test_admin_authorization,
              http_teardown);
  g_test_add ("/moderation/http/admin-bad-input", Http, NULL, http_setup, test_admin_bad_input, http_teardown);
  return g_test_run ();
}
