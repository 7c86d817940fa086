#define _GNU_SOURCE  /* memmem */
/* test-accounts.c — sign-up, sign-in, sessions, throttling, verification,
 * roles and the authorization table, against a real in-process server */
#include "plz-test-server.h"
#include "plz-routes.h"
#include "plz-time.h"
#include "accounts/plz-accounts.h"

#include <stdlib.h>
#include <string.h>

#define PASSWORD "a long enough secret 42"

typedef struct
{
  PlzTestServer *ts;
  char          *dir;
  GString       *log;
} Fixture;

/* Every log record the server writes, to prove no secret reaches it. */
static GString *captured_log;
static GMutex log_lock;

static GLogWriterOutput
capture_writer (GLogLevelFlags   level,
                const GLogField *fields,
                gsize            n_fields,
                gpointer         user_data)
{
  g_mutex_lock (&log_lock);
  for (gsize i = 0; captured_log != NULL && i < n_fields; i++)
    if (fields[i].length < 0)
      g_string_append_printf (captured_log, "%s=%s\n", fields[i].key, (const char *) fields[i].value);
  g_mutex_unlock (&log_lock);
  if (level & (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING))
    return g_log_writer_default (level, fields, n_fields, user_data);
  return G_LOG_WRITER_HANDLED;
}

static PlzTestServer *
start_server (Fixture *f, guint cost)
{
  PlzConfig *config = plz_config_new ();

  g_free (config->data_dir);
  config->data_dir = g_strdup (f->dir);
  config->password_cost = cost;
  config->signin_delay_ms = 40;  /* the schedule, at a sixth of the real pace */
  return plz_test_server_new_with (config);
}

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  f->dir = g_dir_make_tmp ("plaza-accounts-XXXXXX", NULL);
  g_mutex_lock (&log_lock);
  captured_log = f->log = g_string_new (NULL);
  g_mutex_unlock (&log_lock);
  f->ts = start_server (f, 1);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  g_clear_pointer (&f->ts, plz_test_server_free);
  g_mutex_lock (&log_lock);
  captured_log = NULL;
  g_mutex_unlock (&log_lock);
  g_string_free (f->log, TRUE);
  plz_test_rm_rf (f->dir);
  g_free (f->dir);
}

static const char *
error_field (PlzTestResponse *r)
{
  JsonObject *err;

  if (r->json == NULL || !JSON_NODE_HOLDS_OBJECT (r->json) ||
      !json_object_has_member (json_node_get_object (r->json), "error"))
    return NULL;
  err = json_object_get_object_member (json_node_get_object (r->json), "error");
  return json_object_get_string_member_with_default (err, "field", NULL);
}

static JsonObject *
root (PlzTestResponse *r)
{
  g_assert_nonnull (r->json);
  return json_node_get_object (r->json);
}

/* Signs up; returns the token and sets *@id. */
static char *
sign_up (Fixture *f, const char *email, const char *name, char **id)
{
  g_autofree char *body = g_strdup_printf ("{\"email\":\"%s\",\"password\":\"" PASSWORD "\","
                                           "\"display_name\":\"%s\"}", email, name);
  g_autoptr(PlzTestResponse) r = plz_test_request (f->ts, "POST", "/api/v1/accounts", body, NULL);

  if (r->status != 201)
    g_error ("sign-up of %s: %u %s", email, r->status, r->body);
  if (id != NULL)
    *id = g_strdup (json_object_get_string_member (json_object_get_object_member (root (r), "user"), "id"));
  return g_strdup (json_object_get_string_member (root (r), "token"));
}

static PlzTestResponse *
sign_in (Fixture *f, const char *email, const char *password)
{
  g_autofree char *body = g_strdup_printf ("{\"email\":\"%s\",\"password\":\"%s\"}", email, password);
  return plz_test_request (f->ts, "POST", "/api/v1/sessions", body, NULL);
}

/* Reads one value straight from the database through a second connection. */
static char *
db_text (Fixture *f, const char *sql)
{
  g_autofree char *path = g_build_filename (f->dir, "plaza.db", NULL);
  g_autoptr(PlzStore) store = plz_store_open (path, NULL);
  sqlite3_stmt *stmt;
  char *value = NULL;

  g_assert_nonnull (store);
  stmt = plz_store_prepare (store, sql, NULL);
  g_assert_nonnull (stmt);
  if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_text (stmt, 0) != NULL)
    value = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_reset (stmt);
  return value;
}

static gint64
db_count (Fixture *f, const char *sql)
{
  g_autofree char *text = db_text (f, sql);
  return text != NULL ? g_ascii_strtoll (text, NULL, 10) : 0;
}

/* The secret code in the newest outbox message to @recipient. */
static char *
outbox_secret (Fixture *f, const char *recipient, gboolean digits)
{
  g_autofree char *sql = g_strdup_printf ("SELECT body FROM outbox WHERE recipient = '%s' ORDER BY id DESC", recipient);
  g_autofree char *body = db_text (f, sql);
  g_autoptr(GRegex) re = g_regex_new (digits ? "\\b([0-9]{6})\\b"
                                              : "(?<![A-Za-z0-9_-])([A-Za-z0-9_-]{43})(?![A-Za-z0-9_-])",
                                       0, 0, NULL);
  g_autoptr(GMatchInfo) m = NULL;

  g_assert_nonnull (body);
  g_assert_true (g_regex_match (re, body, 0, &m));
  return g_match_info_fetch (m, 1);
}

static void
test_sign_up (Fixture *f, gconstpointer data)
{
  g_autoptr(PlzTestResponse) r = plz_test_request (f->ts, "POST", "/api/v1/accounts",
    "{\"email\":\" Thandi@Example.CO.za \",\"password\":\"" PASSWORD "\",\"display_name\":\"Thandi Mokoena\"}", NULL);
  JsonObject *user;
  const char *token;
  g_autofree char *hash = NULL;

  g_assert_cmpuint (r->status, ==, 201);
  user = json_object_get_object_member (root (r), "user");
  token = json_object_get_string_member (root (r), "token");
  g_assert_cmpuint (strlen (token), ==, 43);
  g_assert_cmpstr (json_object_get_string_member (user, "email"), ==, "thandi@example.co.za");
  g_assert_cmpstr (json_object_get_string_member (user, "account_status"), ==, "active");
  g_assert_true (json_object_get_boolean_member (json_object_get_object_member (user, "roles"), "consumer"));
  g_assert_false (json_object_get_boolean_member (json_object_get_object_member (user, "roles"), "operator"));
  g_assert_false (json_object_has_member (user, "password_hash"));
  g_assert_null (strstr (r->body, "$y$"));

  hash = db_text (f, "SELECT password_hash FROM users");
  g_assert_true (g_str_has_prefix (hash, "$y$"));
  g_assert_cmpint (db_count (f, "SELECT count(*) FROM outbox WHERE channel = 'email'"), ==, 1);

  {
    g_autoptr(PlzTestResponse) me = plz_test_request_auth (f->ts, "GET", "/api/v1/me", NULL, token);
    g_assert_cmpuint (me->status, ==, 200);
  }
}

static void
test_sign_up_duplicate (Fixture *f, gconstpointer data)
{
  g_autofree char *t = sign_up (f, "dup@example.com", "First", NULL);
  g_autoptr(PlzTestResponse) r = plz_test_request (f->ts, "POST", "/api/v1/accounts",
    "{\"email\":\"DUP@example.com\",\"password\":\"" PASSWORD "\",\"display_name\":\"Second\"}", NULL);

  g_assert_cmpuint (r->status, ==, 409);
  g_assert_cmpstr (plz_test_response_error_code (r), ==, "email_taken");
  g_assert_cmpstr (error_field (r), ==, "email");
  g_assert_cmpint (db_count (f, "SELECT count(*) FROM users"), ==, 1);
}

/* Every bad sign-up is a 400 naming the field, and stores nothing. */
static void
test_sign_up_bad_input (Fixture *f, gconstpointer data)
{
  g_autofree char *long_name = g_strnfill (500, 'a');
  g_autofree char *long_body = g_strdup_printf ("{\"email\":\"a@b.co\",\"password\":\"" PASSWORD "\",\"display_name\":\"%s\"}", long_name);
  const struct { const char *body; guint status; const char *code; const char *field; } cases[] = {
    { "{\"password\":\"" PASSWORD "\",\"display_name\":\"A\"}", 400, "invalid_input", "email" },
    { "{\"email\":\"a@b.co\",\"display_name\":\"A\"}", 400, "invalid_input", "password" },
    { "{\"email\":\"a@b.co\",\"password\":\"" PASSWORD "\"}", 400, "invalid_input", "display_name" },
    { "{\"email\":42,\"password\":\"" PASSWORD "\",\"display_name\":\"A\"}", 400, "invalid_input", "email" },
    { "{\"email\":\"a@b.co\",\"password\":[1],\"display_name\":\"A\"}", 400, "invalid_input", "password" },
    { "{\"email\":\"a@b.co\",\"password\":\"" PASSWORD "\",\"display_name\":{}}", 400, "invalid_input", "display_name" },
    { "{\"email\":\"not-an-email\",\"password\":\"" PASSWORD "\",\"display_name\":\"A B\"}", 400, "invalid_input", "email" },
    { "{\"email\":\"a@b.co\",\"password\":\"short\",\"display_name\":\"A B\"}", 400, "invalid_input", "password" },
    { "{\"email\":\"a@b.co\",\"password\":\"password123\",\"display_name\":\"A B\"}", 400, "invalid_input", "password" },
    { "{\"email\":\"a@b.co\",\"password\":\"" PASSWORD "\",\"display_name\":\"Robert'); DROP TABLE users;--\"}", 400, "invalid_input", "display_name" },
    { "{\"email\":\"a@b.co\",\"password\":\"" PASSWORD "\",\"display_name\":\"<script>alert(1)</script>\"}", 400, "invalid_input", "display_name" },
    { "{\"email\":\"a@b.co' OR '1'='1\",\"password\":\"" PASSWORD "\",\"display_name\":\"A B\"}", 400, "invalid_input", "email" },
    { "{\"email\":\"a@b.co\",\"password\":\"" PASSWORD "\",\"display_name\":\"\\u202Eevil\"}", 400, "invalid_input", "display_name" },
    { "{\"email\":\"a@b.co\",\"password\":\"" PASSWORD "\",\"display_name\":\"   \"}", 400, "invalid_input", "display_name" },
    { "{\"email\":\"a@b.co\",\"password\":\"" PASSWORD "\",\"display_name\":\"A\",\"is_admin\":true}", 400, "invalid_input", "is_admin" },
    { long_body, 400, "invalid_input", "display_name" },
    { "{\"email\":\"a@b.co\",", 400, "invalid_json", NULL },
    { "[]", 400, "invalid_json", NULL },
    { "{\"email\":\"a@b.co\",\"password\":\"\xff\xfe" PASSWORD "\",\"display_name\":\"A\"}", 400, "invalid_json", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(PlzTestResponse) r = plz_test_request (f->ts, "POST", "/api/v1/accounts", cases[i].body, NULL);

      g_test_message ("case %u: %u %s", i, r->status, r->body);
      g_assert_cmpuint (r->status, ==, cases[i].status);
      g_assert_cmpstr (plz_test_response_error_code (r), ==, cases[i].code);
      g_assert_cmpstr (error_field (r), ==, cases[i].field);
    }
  g_assert_cmpint (db_count (f, "SELECT count(*) FROM users"), ==, 0);
  g_assert_cmpint (db_count (f, "SELECT count(*) FROM sessions"), ==, 0);
  g_assert_cmpint (db_count (f, "SELECT count(*) FROM outbox"), ==, 0);
}

static void
test_sign_in (Fixture *f, gconstpointer data)
{
  g_autofree char *t = sign_up (f, "sipho@example.com", "Sipho Dlamini", NULL);
  g_autoptr(PlzTestResponse) ok = sign_in (f, "SIPHO@example.com", PASSWORD);
  g_autoptr(PlzTestResponse) wrong = sign_in (f, "sipho@example.com", "not the password at all");
  g_autoptr(PlzTestResponse) unknown = sign_in (f, "nobody@example.com", "not the password at all");
  g_autoptr(PlzTestResponse) list = NULL;

  g_assert_cmpuint (ok->status, ==, 200);
  g_assert_cmpuint (strlen (json_object_get_string_member (root (ok), "token")), ==, 43);
  /* A wrong password and an unknown email look exactly alike. */
  g_assert_cmpuint (wrong->status, ==, 401);
  g_assert_cmpuint (unknown->status, ==, 401);
  g_assert_cmpstr (plz_test_response_error_code (wrong), ==, "invalid_credentials");
  g_assert_cmpstr (wrong->body, ==, unknown->body);

  list = plz_test_request_auth (f->ts, "GET", "/api/v1/sessions", NULL, t);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root (list), "sessions")), ==, 2);
}

static void
test_throttling (Fixture *f, gconstpointer data)
{
  g_autofree char *t = sign_up (f, "lerato@example.com", "Lerato Khumalo", NULL);
  gint64 slow_start, slow_ms = 0;

  for (guint i = 1; i <= PLZ_SIGNIN_LOCK_AFTER; i++)
    {
      g_autoptr(PlzTestResponse) r = NULL;
      gint64 start = g_get_monotonic_time ();

      r = sign_in (f, "lerato@example.com", "guessing wrongly again");
      g_assert_cmpuint (r->status, ==, 401);
      if (i == PLZ_SIGNIN_SLOW_AFTER + 2)
        slow_ms = (g_get_monotonic_time () - start) / 1000;
    }
  /* Failures past the first few are answered later (2 × 40 ms here). */
  g_assert_cmpint (slow_ms, >=, 80);

  /* Locked now, even with the right password, and for unknown emails alike. */
  {
    g_autoptr(PlzTestResponse) locked = sign_in (f, "lerato@example.com", PASSWORD);

    g_assert_cmpuint (locked->status, ==, 429);
    g_assert_cmpstr (plz_test_response_error_code (locked), ==, "too_many_attempts");
    g_assert_nonnull (soup_message_headers_get_one (locked->headers, "Retry-After"));
  }
  for (guint i = 0; i < PLZ_SIGNIN_LOCK_AFTER; i++)
    {
      g_autoptr(PlzTestResponse) r = sign_in (f, "ghost@example.com", "guessing wrongly again");
      (void) r;
    }
  {
    g_autoptr(PlzTestResponse) ghost = sign_in (f, "ghost@example.com", "anything at all here");
    g_assert_cmpuint (ghost->status, ==, 429);
  }

  /* The lock lifts after a while. */
  slow_start = PLZ_SIGNIN_LOCK_US + G_USEC_PER_SEC;
  plz_time_shift (slow_start);
  {
    g_autoptr(PlzTestResponse) again = sign_in (f, "lerato@example.com", PASSWORD);
    g_assert_cmpuint (again->status, ==, 200);
  }
  plz_time_shift (-slow_start);
}

static void
test_tokens (Fixture *f, gconstpointer data)
{
  g_autofree char *t = sign_up (f, "nomsa@example.com", "Nomsa Zulu", NULL);
  g_autoptr(PlzTestResponse) second = sign_in (f, "nomsa@example.com", PASSWORD);
  g_autofree char *t2 = g_strdup (json_object_get_string_member (root (second), "token"));
  const char *garbage[] = { "x", "Bearer", "' OR 1=1 --", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
                            "\xff\xfe\xfd", "<script>" };

  for (guint i = 0; i < G_N_ELEMENTS (garbage); i++)
    {
      g_autoptr(PlzTestResponse) r = plz_test_request_auth (f->ts, "GET", "/api/v1/me", NULL, garbage[i]);
      g_assert_cmpuint (r->status, ==, 401);
      g_assert_cmpstr (plz_test_response_error_code (r), ==, "unauthorized");
    }

  /* A stale token does not block public routes such as signing in again. */
  {
    g_autoptr(PlzTestResponse) health = plz_test_request_auth (f->ts, "GET", "/api/v1/health", NULL, "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
    g_assert_cmpuint (health->status, ==, 200);
  }

  /* Sign out ends this session only. */
  {
    g_autoptr(PlzTestResponse) out = plz_test_request_auth (f->ts, "DELETE", "/api/v1/sessions/current", NULL, t2);
    g_autoptr(PlzTestResponse) after = plz_test_request_auth (f->ts, "GET", "/api/v1/me", NULL, t2);
    g_autoptr(PlzTestResponse) other = plz_test_request_auth (f->ts, "GET", "/api/v1/me", NULL, t);

    g_assert_cmpuint (out->status, ==, 200);
    g_assert_cmpuint (after->status, ==, 401);
    g_assert_cmpuint (other->status, ==, 200);
  }

  /* Sliding expiry: used every 20 days, the session lives on. */
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(PlzTestResponse) r = NULL;

      plz_time_shift ((gint64) 20 * 24 * 3600 * G_USEC_PER_SEC);
      r = plz_test_request_auth (f->ts, "GET", "/api/v1/me", NULL, t);
      g_assert_cmpuint (r->status, ==, 200);
    }
  /* Unused for 31 days, it expires. */
  plz_time_shift ((gint64) 31 * 24 * 3600 * G_USEC_PER_SEC);
  {
    g_autoptr(PlzTestResponse) r = plz_test_request_auth (f->ts, "GET", "/api/v1/me", NULL, t);
    g_assert_cmpuint (r->status, ==, 401);
    g_assert_cmpstr (plz_test_response_error_code (r), ==, "session_expired");
  }
  plz_time_shift (-(gint64) 91 * 24 * 3600 * G_USEC_PER_SEC);
}

static void
test_sessions_are_own (Fixture *f, gconstpointer data)
{
  g_autofree char *a = sign_up (f, "a@example.com", "Ann", NULL);
  g_autofree char *b = sign_up (f, "b@example.com", "Ben", NULL);
  g_autoptr(PlzTestResponse) list = plz_test_request_auth (f->ts, "GET", "/api/v1/sessions", NULL, b);
  JsonObject *s = json_array_get_object_element (json_object_get_array_member (root (list), "sessions"), 0);
  g_autofree char *path = g_strdup_printf ("/api/v1/sessions/%s", json_object_get_string_member (s, "id"));
  g_autoptr(PlzTestResponse) steal = plz_test_request_auth (f->ts, "DELETE", path, NULL, a);
  g_autoptr(PlzTestResponse) still = plz_test_request_auth (f->ts, "GET", "/api/v1/me", NULL, b);
  g_autoptr(PlzTestResponse) own = plz_test_request_auth (f->ts, "DELETE", path, NULL, b);
  g_autoptr(PlzTestResponse) gone = plz_test_request_auth (f->ts, "GET", "/api/v1/me", NULL, b);

  g_assert_true (json_object_get_boolean_member (s, "current"));
  g_assert_cmpuint (steal->status, ==, 404);
  g_assert_cmpuint (still->status, ==, 200);
  g_assert_cmpuint (own->status, ==, 200);
  g_assert_cmpuint (gone->status, ==, 401);
}

static PlzTestResponse *
set_status (Fixture *f, const char *admin, const char *id, const char *status, const char *reason)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/admin/users/%s/status", id);
  g_autofree char *body = g_strdup_printf ("{\"status\":\"%s\",\"reason\":\"%s\"}", status, reason);
  return plz_test_request_auth (f->ts, "POST", path, body, admin);
}

static char *
make_admin (Fixture *f, const char *email)
{
  g_autofree char *t = sign_up (f, email, "Admin Person", NULL);
  g_autofree char *path = g_build_filename (f->dir, "plaza.db", NULL);
  g_autoptr(PlzStore) store = plz_store_open (path, NULL);
  g_autoptr(PlzConfig) config = plz_config_new ();
  g_autoptr(PlzAccounts) accounts = plz_accounts_new (store, config);
  g_autoptr(GError) error = NULL;
  g_autoptr(PlzUser) user = plz_accounts_grant_admin (accounts, email, &error);

  g_assert_no_error (error);
  g_assert_true (user->is_admin);
  return g_steal_pointer (&t);
}

static void
test_suspend_and_ban (Fixture *f, gconstpointer data)
{
  g_autofree char *admin = make_admin (f, "boss@example.com");
  g_autofree char *id = NULL;
  g_autofree char *t = sign_up (f, "user@example.com", "Some User", &id);
  g_autoptr(PlzTestResponse) suspend = set_status (f, admin, id, "suspended", "Spam reports");
  g_autoptr(PlzTestResponse) blocked = plz_test_request_auth (f->ts, "GET", "/api/v1/me", NULL, t);
  g_autoptr(PlzTestResponse) blocked_any = plz_test_request_auth (f->ts, "GET", "/api/v1/health", NULL, t);
  g_autoptr(PlzTestResponse) cannot_sign_in = sign_in (f, "user@example.com", PASSWORD);
  g_autoptr(PlzTestResponse) reactivate = set_status (f, admin, id, "active", "Appeal accepted");
  g_autoptr(PlzTestResponse) old_token = plz_test_request_auth (f->ts, "GET", "/api/v1/me", NULL, t);
  g_autoptr(PlzTestResponse) again = sign_in (f, "user@example.com", PASSWORD);
  g_autofree char *t2 = g_strdup (json_object_get_string_member (root (again), "token"));
  g_autoptr(PlzTestResponse) back = plz_test_request_auth (f->ts, "GET", "/api/v1/me", NULL, t2);
  g_autoptr(PlzTestResponse) ban = set_status (f, admin, id, "banned", "Fraud");
  g_autoptr(PlzTestResponse) banned = plz_test_request_auth (f->ts, "GET", "/api/v1/me", NULL, t2);
  g_autoptr(PlzTestResponse) audit = plz_test_request_auth (f->ts, "GET", "/api/v1/admin/audit", NULL, admin);
  g_autofree char *admin_id = db_text (f, "SELECT id FROM users WHERE email = 'boss@example.com'");
  g_autoptr(PlzTestResponse) self = set_status (f, admin, admin_id, "suspended", "Oops");
  g_autoptr(PlzTestResponse) no_reason = set_status (f, admin, id, "active", "");
  g_autoptr(PlzTestResponse) bad_status = set_status (f, admin, id, "deleted", "x");
  g_autoptr(PlzTestResponse) unknown = set_status (f, admin, "0000", "banned", "x");

  g_assert_cmpuint (suspend->status, ==, 200);
  g_assert_cmpuint (blocked->status, ==, 403);
  g_assert_cmpstr (plz_test_response_error_code (blocked), ==, "account_suspended");
  g_assert_cmpuint (blocked_any->status, ==, 403);
  g_assert_cmpuint (cannot_sign_in->status, ==, 403);
  g_assert_cmpuint (reactivate->status, ==, 200);
  /* Reactivation ended the old sessions. */
  g_assert_cmpuint (old_token->status, ==, 401);
  g_assert_cmpuint (back->status, ==, 200);
  g_assert_cmpuint (ban->status, ==, 200);
  g_assert_cmpuint (banned->status, ==, 403);
  g_assert_cmpstr (plz_test_response_error_code (banned), ==, "account_banned");
  /* grant_admin + suspend + reactivate + ban, newest first. */
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root (audit), "entries")), ==, 4);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (
                     json_object_get_array_member (root (audit), "entries"), 0), "action"), ==, "ban");
  g_assert_cmpuint (self->status, ==, 409);
  g_assert_cmpuint (no_reason->status, ==, 400);
  g_assert_cmpstr (error_field (no_reason), ==, "reason");
  g_assert_cmpuint (bad_status->status, ==, 400);
  g_assert_cmpstr (error_field (bad_status), ==, "status");
  g_assert_cmpuint (unknown->status, ==, 404);
}

/* Every route that needs a sign-in refuses without one, and admin routes
 * refuse consumers: a table over the whole route index, so new routes are
 * covered the day they are added. */
static void
test_authorization_table (Fixture *f, gconstpointer data)
{
  g_autofree char *consumer = sign_up (f, "c@example.com", "Consumer", NULL);
  gsize n;
  const PlzRoute *routes = plz_routes_get (&n);
  guint checked = 0;

  for (gsize i = 0; i < n; i++)
    {
      g_autoptr(GRegex) re = g_regex_new ("\\{[a-z_]+\\}", 0, 0, NULL);
      g_autofree char *path = g_regex_replace_literal (re, routes[i].pattern, -1, 0, "0123abcd", 0, NULL);
      const char *body = g_str_equal (routes[i].method, "GET") || g_str_equal (routes[i].method, "DELETE") ? NULL : "{}";

      g_assert_cmpint (routes[i].access, !=, PLZ_ACCESS_UNSET);
      if (routes[i].access == PLZ_ACCESS_ANYONE)
        continue;

      {
        g_autoptr(PlzTestResponse) anon = plz_test_request_auth (f->ts, routes[i].method, path, body, NULL);
        g_test_message ("%s %s anonymous: %u", routes[i].method, path, anon->status);
        g_assert_cmpuint (anon->status, ==, 401);
        g_assert_cmpstr (plz_test_response_error_code (anon), ==, "unauthorized");
      }
      if (routes[i].access == PLZ_ACCESS_ADMIN || routes[i].access == PLZ_ACCESS_OPERATOR)
        {
          g_autoptr(PlzTestResponse) r = plz_test_request_auth (f->ts, routes[i].method, path, body, consumer);
          g_test_message ("%s %s consumer: %u", routes[i].method, path, r->status);
          g_assert_cmpuint (r->status, ==, 403);
          g_assert_cmpstr (plz_test_response_error_code (r), ==, "forbidden");
        }
      checked++;
    }
  g_assert_cmpuint (checked, >=, 10);
}

static void
test_email_verification (Fixture *f, gconstpointer data)
{
  g_autofree char *t = sign_up (f, "verify@example.com", "Vee Rify", NULL);
  g_autofree char *token = outbox_secret (f, "verify@example.com", FALSE);
  g_autofree char *body = g_strdup_printf ("{\"token\":\"%s\"}", token);
  g_autoptr(PlzTestResponse) ok = plz_test_request (f->ts, "POST", "/api/v1/email-verification/confirm", body, NULL);
  g_autoptr(PlzTestResponse) again = plz_test_request (f->ts, "POST", "/api/v1/email-verification/confirm", body, NULL);
  g_autoptr(PlzTestResponse) garbage = plz_test_request (f->ts, "POST", "/api/v1/email-verification/confirm", "{\"token\":\"nope\"}", NULL);
  g_autoptr(PlzTestResponse) me = plz_test_request_auth (f->ts, "GET", "/api/v1/me", NULL, t);
  g_autoptr(PlzTestResponse) resend = plz_test_request_auth (f->ts, "POST", "/api/v1/me/email-verification", NULL, t);

  g_assert_cmpuint (ok->status, ==, 200);
  g_assert_cmpuint (again->status, ==, 400);
  g_assert_cmpstr (plz_test_response_error_code (again), ==, "invalid_token");
  g_assert_cmpuint (garbage->status, ==, 400);
  g_assert_false (JSON_NODE_HOLDS_NULL (json_object_get_member (json_object_get_object_member (root (me), "user"), "email_verified_at")));
  g_assert_cmpuint (resend->status, ==, 409);
}

static void
test_email_token_expires (Fixture *f, gconstpointer data)
{
  g_autofree char *t = sign_up (f, "late@example.com", "Late Person", NULL);
  g_autofree char *token = outbox_secret (f, "late@example.com", FALSE);
  g_autofree char *body = g_strdup_printf ("{\"token\":\"%s\"}", token);
  g_autoptr(PlzTestResponse) r = NULL;

  plz_time_shift (PLZ_VERIFY_EMAIL_TTL_US + G_USEC_PER_SEC);
  r = plz_test_request (f->ts, "POST", "/api/v1/email-verification/confirm", body, NULL);
  plz_time_shift (-(PLZ_VERIFY_EMAIL_TTL_US + G_USEC_PER_SEC));
  g_assert_cmpuint (r->status, ==, 400);
  g_assert_nonnull (strstr (r->body, "expired"));
}

static void
test_password_reset (Fixture *f, gconstpointer data)
{
  g_autofree char *t = sign_up (f, "forgot@example.com", "For Got", NULL);
  g_autoptr(PlzTestResponse) unknown = plz_test_request (f->ts, "POST", "/api/v1/password-reset", "{\"email\":\"nobody@example.com\"}", NULL);
  g_autoptr(PlzTestResponse) known = plz_test_request (f->ts, "POST", "/api/v1/password-reset", "{\"email\":\"forgot@example.com\"}", NULL);
  g_autofree char *token = NULL;
  g_autofree char *body = NULL;
  g_autoptr(PlzTestResponse) weak = NULL, reset = NULL, old_session = NULL, old_pw = NULL, new_pw = NULL, reuse = NULL;

  /* The same answer whether or not the account exists. */
  g_assert_cmpuint (unknown->status, ==, 202);
  g_assert_cmpuint (known->status, ==, 202);
  g_assert_cmpstr (unknown->body, ==, known->body);
  g_assert_cmpint (db_count (f, "SELECT count(*) FROM outbox WHERE recipient = 'nobody@example.com'"), ==, 0);

  token = db_text (f, "SELECT body FROM outbox WHERE subject LIKE 'Reset%'");
  g_assert_nonnull (token);
  g_free (token);
  token = outbox_secret (f, "forgot@example.com", FALSE);

  body = g_strdup_printf ("{\"token\":\"%s\",\"password\":\"short\"}", token);
  weak = plz_test_request (f->ts, "POST", "/api/v1/password-reset/confirm", body, NULL);
  g_assert_cmpuint (weak->status, ==, 400);
  g_assert_cmpstr (error_field (weak), ==, "password");

  g_free (body);
  body = g_strdup_printf ("{\"token\":\"%s\",\"password\":\"a brand new secret 77\"}", token);
  reset = plz_test_request (f->ts, "POST", "/api/v1/password-reset/confirm", body, NULL);
  g_assert_cmpuint (reset->status, ==, 200);
  old_session = plz_test_request_auth (f->ts, "GET", "/api/v1/me", NULL, t);
  g_assert_cmpuint (old_session->status, ==, 401);
  old_pw = sign_in (f, "forgot@example.com", PASSWORD);
  g_assert_cmpuint (old_pw->status, ==, 401);
  new_pw = sign_in (f, "forgot@example.com", "a brand new secret 77");
  g_assert_cmpuint (new_pw->status, ==, 200);
  reuse = plz_test_request (f->ts, "POST", "/api/v1/password-reset/confirm", body, NULL);
  g_assert_cmpuint (reuse->status, ==, 400);
}

static void
test_phone_verification (Fixture *f, gconstpointer data)
{
  g_autofree char *t = sign_up (f, "phone@example.com", "Phone Owner", NULL);
  g_autoptr(PlzTestResponse) bad = plz_test_request_auth (f->ts, "POST", "/api/v1/me/phone-verification", "{\"phone\":\"call me\"}", t);
  g_autoptr(PlzTestResponse) sent = plz_test_request_auth (f->ts, "POST", "/api/v1/me/phone-verification", "{\"phone\":\"082 555 1234\"}", t);
  g_autofree char *code = outbox_secret (f, "+27825551234", TRUE);
  g_autofree char *wrong_code = g_strdup_printf ("%06d", (atoi (code) + 1) % 1000000);
  g_autofree char *wrong = g_strdup_printf ("{\"code\":\"%s\"}", wrong_code);
  g_autofree char *right = g_strdup_printf ("{\"code\":\"%s\"}", code);
  g_autoptr(PlzTestResponse) malformed = plz_test_request_auth (f->ts, "POST", "/api/v1/me/phone-verification/confirm", "{\"code\":\"12ab56\"}", t);

  g_assert_cmpuint (bad->status, ==, 400);
  g_assert_cmpstr (error_field (bad), ==, "phone");
  g_assert_cmpuint (sent->status, ==, 202);
  g_assert_cmpuint (malformed->status, ==, 400);

  for (guint i = 0; i < PLZ_PHONE_CODE_MAX_TRIES; i++)
    {
      g_autoptr(PlzTestResponse) r = plz_test_request_auth (f->ts, "POST", "/api/v1/me/phone-verification/confirm", wrong, t);
      g_assert_cmpuint (r->status, ==, 400);
      g_assert_cmpstr (plz_test_response_error_code (r), ==, "invalid_token");
    }
  {
    /* Too many tries: even the right code fails now. */
    g_autoptr(PlzTestResponse) r = plz_test_request_auth (f->ts, "POST", "/api/v1/me/phone-verification/confirm", right, t);
    g_assert_cmpuint (r->status, ==, 400);
  }

  {
    g_autoptr(PlzTestResponse) again = plz_test_request_auth (f->ts, "POST", "/api/v1/me/phone-verification", "{\"phone\":\"+27 82 555 1234\"}", t);
    g_autofree char *code2 = outbox_secret (f, "+27825551234", TRUE);
    g_autofree char *right2 = g_strdup_printf ("{\"code\":\"%s\"}", code2);
    g_autoptr(PlzTestResponse) ok = plz_test_request_auth (f->ts, "POST", "/api/v1/me/phone-verification/confirm", right2, t);
    JsonObject *user;

    g_assert_cmpuint (again->status, ==, 202);
    g_assert_cmpuint (ok->status, ==, 200);
    user = json_object_get_object_member (root (ok), "user");
    g_assert_cmpstr (json_object_get_string_member (user, "phone"), ==, "+27825551234");
    g_assert_true (json_object_get_boolean_member (json_object_get_object_member (user, "badges"), "phone_verified"));
  }
}

/* New codes cannot be asked for without end: each would reset the count of
 * wrong tries, and each sends a text message. */
static void
test_code_requests_capped (Fixture *f, gconstpointer data)
{
  g_autofree char *t = sign_up (f, "spam@example.com", "Spam Target", NULL);

  for (guint i = 0; i < PLZ_CODES_PER_HOUR; i++)
    {
      g_autoptr(PlzTestResponse) r = plz_test_request_auth (f->ts, "POST", "/api/v1/me/phone-verification", "{\"phone\":\"082 555 1234\"}", t);
      g_assert_cmpuint (r->status, ==, 202);
    }
  {
    g_autoptr(PlzTestResponse) r = plz_test_request_auth (f->ts, "POST", "/api/v1/me/phone-verification", "{\"phone\":\"082 555 1234\"}", t);
    g_assert_cmpuint (r->status, ==, 429);
  }
  g_assert_cmpint (db_count (f, "SELECT count(*) FROM outbox WHERE channel = 'sms'"), ==, PLZ_CODES_PER_HOUR);
  /* Password resets stay silent past the cap, and send nothing more. */
  for (guint i = 0; i < PLZ_CODES_PER_HOUR + 2; i++)
    {
      g_autoptr(PlzTestResponse) r = plz_test_request (f->ts, "POST", "/api/v1/password-reset", "{\"email\":\"spam@example.com\"}", NULL);
      g_assert_cmpuint (r->status, ==, 202);
    }
  g_assert_cmpint (db_count (f, "SELECT count(*) FROM outbox WHERE subject LIKE 'Reset%'"), ==, PLZ_CODES_PER_HOUR);
  /* An hour later the cap lifts. */
  plz_time_shift ((gint64) 3601 * G_USEC_PER_SEC);
  {
    g_autoptr(PlzTestResponse) r = plz_test_request_auth (f->ts, "POST", "/api/v1/me/phone-verification", "{\"phone\":\"082 555 1234\"}", t);
    plz_time_shift (-(gint64) 3601 * G_USEC_PER_SEC);
    g_assert_cmpuint (r->status, ==, 202);
  }
}

static void
test_profile (Fixture *f, gconstpointer data)
{
  g_autofree char *t = sign_up (f, "profile@example.com", "Pro File", NULL);
  const struct { const char *body; guint status; const char *field; } cases[] = {
    { "{\"display_name\":\"Zoë Mkhize-Nkosi\",\"bio\":\"I fix things.\\nFast.\",\"timezone\":\"Europe/London\",\"locale\":\"af-ZA\"}", 200, NULL },
    { "{\"timezone\":\"Mars/Olympus\"}", 400, "timezone" },
    { "{\"bio\":\"<script>alert(1)</script>\"}", 400, "bio" },
    { "{\"bio\":42}", 400, "bio" },
    { "{\"email\":\"new@example.com\"}", 400, "email" },
    { "{\"is_admin\":true}", 400, "is_admin" },
    { "{}", 400, NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(PlzTestResponse) r = plz_test_request_auth (f->ts, "PATCH", "/api/v1/me", cases[i].body, t);

      g_test_message ("case %u: %s", i, r->body);
      g_assert_cmpuint (r->status, ==, cases[i].status);
      g_assert_cmpstr (error_field (r), ==, cases[i].field);
    }
  {
    g_autoptr(PlzTestResponse) me = plz_test_request_auth (f->ts, "GET", "/api/v1/me", NULL, t);
    JsonObject *user = json_object_get_object_member (root (me), "user");

    g_assert_cmpstr (json_object_get_string_member (user, "display_name"), ==, "Zoë Mkhize-Nkosi");
    g_assert_cmpstr (json_object_get_string_member (user, "timezone"), ==, "Europe/London");
    g_assert_cmpstr (json_object_get_string_member (user, "locale"), ==, "af_ZA");
    g_assert_false (json_object_get_boolean_member (json_object_get_object_member (user, "roles"), "admin"));
  }
}

static void
test_become_operator (Fixture *f, gconstpointer data)
{
  g_autofree char *t = sign_up (f, "op@example.com", "Opera Tor", NULL);
  g_autofree char *other = sign_up (f, "viewer@example.com", "View Er", NULL);
  g_autofree char *id = db_text (f, "SELECT id FROM users WHERE email = 'op@example.com'");
  g_autofree char *card_path = g_strdup_printf ("/api/v1/users/%s", id);
  const struct { const char *body; const char *field; } bad[] = {
    { "{\"service_area\":{\"lat\":-26.1,\"lng\":28,\"radius_km\":10}}", "business_name" },
    { "{\"business_name\":\"Shine\"}", "service_area" },
    { "{\"business_name\":\"Shine\",\"service_area\":{\"lat\":-126.1,\"lng\":28,\"radius_km\":10}}", "service_area.lat" },
    { "{\"business_name\":\"Shine\",\"service_area\":{\"lat\":-26.1,\"lng\":\"28\",\"radius_km\":10}}", "service_area.lng" },
    { "{\"business_name\":\"Shine\",\"service_area\":{\"lat\":-26.1,\"lng\":28,\"radius_km\":0}}", "service_area.radius_km" },
    { "{\"business_name\":\"Shine\",\"service_area\":{\"lat\":-26.1,\"lng\":28,\"radius_km\":10},\"expertise\":\"car wash\"}", "expertise" },
    { "{\"business_name\":\"Shine\",\"service_area\":{\"lat\":-26.1,\"lng\":28,\"radius_km\":10},\"expertise\":[\"<b>\"]}", "expertise" },
    { "{\"business_name\":\"Shine; DROP TABLE users\",\"service_area\":{\"lat\":-26.1,\"lng\":28,\"radius_km\":10}}", "business_name" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(PlzTestResponse) r = plz_test_request_auth (f->ts, "POST", "/api/v1/me/operator", bad[i].body, t);

      g_test_message ("case %u: %s", i, r->body);
      g_assert_cmpuint (r->status, ==, 400);
      g_assert_cmpstr (error_field (r), ==, bad[i].field);
    }
  g_assert_cmpint (db_count (f, "SELECT count(*) FROM users WHERE is_operator = 1"), ==, 0);

  {
    g_autoptr(PlzTestResponse) ok = plz_test_request_auth (f->ts, "POST", "/api/v1/me/operator",
      "{\"business_name\":\"Shine Car Wash\",\"service_area\":{\"lat\":-26.1,\"lng\":28,\"radius_km\":15},"
      "\"expertise\":[\"car wash\",\"valet\"]}", t);
    g_autoptr(PlzTestResponse) card = plz_test_request_auth (f->ts, "GET", card_path, NULL, other);
    JsonObject *user = json_object_get_object_member (root (ok), "user");
    JsonObject *public;

    g_assert_cmpuint (ok->status, ==, 200);
    g_assert_true (json_object_get_boolean_member (json_object_get_object_member (user, "roles"), "operator"));
    g_assert_true (json_object_get_boolean_member (json_object_get_object_member (user, "roles"), "consumer"));
    g_assert_cmpuint (card->status, ==, 200);
    public = json_object_get_object_member (root (card), "user");
    g_assert_false (json_object_has_member (public, "email"));
    g_assert_false (json_object_has_member (public, "phone"));
    plz_assert_json_equal (json_object_get_member (public, "operator"),
                           "{\"business_name\":\"Shine Car Wash\",\"service_area\":{\"lat\":-26.1,\"lng\":28,"
                           "\"radius_km\":15},\"expertise\":[\"car wash\",\"valet\"]}");
  }
}

static void
test_avatar (Fixture *f, gconstpointer data)
{
  static const guint8 png[] = {
    0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R', 0, 0, 0, 1, 0, 0, 0, 1,
    8, 6, 0, 0, 0, 0x1f, 0x15, 0xc4, 0x89, 0, 0, 0, 13, 'I', 'D', 'A', 'T', 0x78, 0x9c, 0x63, 0xf8, 0xcf,
    0xc0, 0xf0, 0x1f, 0, 5, 0, 1, 0xff, 0x89, 0x99, 0x3d, 0x1d, 0, 0, 0, 0, 'I', 'E', 'N', 'D', 0xae,
    0x42, 0x60, 0x82 };
  g_autofree char *t = sign_up (f, "pic@example.com", "Pic Ture", NULL);
  g_autoptr(GBytes) good = g_bytes_new_static (png, sizeof png);
  g_autoptr(GBytes) bad = g_bytes_new_static ("<svg onload=alert(1)>", 21);
  g_autoptr(PlzTestResponse) up = plz_test_request_bytes (f->ts, "PUT", "/api/v1/me/avatar", good, "image/png", t);
  g_autoptr(PlzTestResponse) wrong = plz_test_request_bytes (f->ts, "PUT", "/api/v1/me/avatar", bad, "image/png", t);
  const char *url;

  g_test_message ("upload: %u %s", up->status, up->body);
  g_assert_cmpuint (up->status, ==, 200);
  url = json_object_get_string_member (json_object_get_object_member (root (up), "user"), "avatar_url");
  g_autoptr(PlzTestResponse) get = NULL;

  g_assert_cmpuint (up->status, ==, 200);
  g_assert_cmpuint (wrong->status, ==, 415);
  g_assert_cmpstr (error_field (wrong), ==, "avatar");
  get = plz_test_request (f->ts, "GET", url, NULL, NULL);
  g_assert_cmpuint (get->status, ==, 200);
  g_assert_cmpstr (soup_message_headers_get_content_type (get->headers, NULL), ==, "image/png");
  g_assert_cmpuint (get->length, ==, sizeof png);
  g_assert_true (memcmp (get->body, png, sizeof png) == 0);
}

static gboolean
file_contains (const char *path, const char *needle)
{
  g_autofree char *contents = NULL;
  gsize length = 0;

  if (!g_file_get_contents (path, &contents, &length, NULL))
    return FALSE;
  return memmem (contents, length, needle, strlen (needle)) != NULL;
}

/* No password or session token, in any form, in the database or the logs. */
static void
test_no_secrets_stored (Fixture *f, gconstpointer data)
{
  g_autofree char *t = sign_up (f, "secret@example.com", "Keeper", NULL);
  g_autoptr(PlzTestResponse) in = sign_in (f, "secret@example.com", PASSWORD);
  g_autoptr(PlzTestResponse) wrong = sign_in (f, "secret@example.com", "my other secret 991");
  g_autofree char *t2 = g_strdup (json_object_get_string_member (root (in), "token"));
  const char *files[] = { "plaza.db", "plaza.db-wal" };
  const char *secrets[] = { PASSWORD, "my other secret 991", t, t2 };

  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *path = g_build_filename (f->dir, files[i], NULL);

      for (guint j = 0; j < G_N_ELEMENTS (secrets); j++)
        g_assert_false (file_contains (path, secrets[j]));
    }
  g_mutex_lock (&log_lock);
  g_assert_nonnull (strstr (f->log->str, "/api/v1/sessions"));
  for (guint j = 0; j < G_N_ELEMENTS (secrets); j++)
    g_assert_null (strstr (f->log->str, secrets[j]));
  g_mutex_unlock (&log_lock);
}

static void
test_rehash_when_cost_rises (Fixture *f, gconstpointer data)
{
  g_autofree char *t = sign_up (f, "rehash@example.com", "Re Hash", NULL);
  g_autofree char *before = db_text (f, "SELECT password_hash FROM users");
  g_autofree char *after = NULL;
  g_autoptr(PlzTestResponse) r = NULL;

  plz_test_server_free (g_steal_pointer (&f->ts));
  f->ts = start_server (f, 3);
  r = sign_in (f, "rehash@example.com", PASSWORD);
  g_assert_cmpuint (r->status, ==, 200);
  after = db_text (f, "SELECT password_hash FROM users");
  g_assert_cmpstr (before, !=, after);
  g_assert_true (g_str_has_prefix (after, "$y$"));
  /* And the new hash still opens the account. */
  {
    g_autoptr(PlzTestResponse) again = sign_in (f, "rehash@example.com", PASSWORD);
    g_autofree char *third = db_text (f, "SELECT password_hash FROM users");

    g_assert_cmpuint (again->status, ==, 200);
    g_assert_cmpstr (third, ==, after);
  }
}

typedef struct
{
  int  done;      /* answers so far */
  int  health_at; /* the health answer's place among them */
} Race;

static void
answered_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      data)
{
  Race *race = data;
  g_autoptr(GBytes) body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, NULL);

  g_assert_nonnull (body);
  race->done++;
}

static void
health_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      data)
{
  Race *race = data;

  answered_cb (source, result, data);
  race->health_at = race->done;
}

static void
post_sign_in (SoupSession *session,
              const char  *url,
              Race        *race)
{
  g_autofree char *uri = g_strconcat (url, "/api/v1/sessions", NULL);
  g_autoptr(SoupMessage) msg = soup_message_new ("POST", uri);
  static const char body[] = "{\"email\":\"slow@example.com\",\"password\":\"" PASSWORD "\"}";
  g_autoptr(GBytes) bytes = g_bytes_new_static (body, sizeof body - 1);

  soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
  soup_session_send_and_read_async (session, msg, G_PRIORITY_DEFAULT, NULL, answered_cb, race);
}

/* Password hashing runs on worker threads: while sign-ins at a high cost
 * are being checked, the server's loop still answers other requests. */
static void
test_hashing_off_the_loop (Fixture *f, gconstpointer data)
{
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(SoupSession) session = NULL;
  g_autofree char *health = NULL;
  g_autoptr(SoupMessage) msg = NULL;
  Race race = { 0, 0 };

  plz_test_server_free (g_steal_pointer (&f->ts));
  f->ts = start_server (f, 8);  /* hundreds of milliseconds a hash */
  g_main_context_push_thread_default (context);
  session = soup_session_new_with_options ("max-conns-per-host", 8, NULL);
  for (int i = 0; i < 3; i++)
    post_sign_in (session, plz_test_server_get_url (f->ts), &race);
  /* Let the three reach the server before asking for its health. */
  g_usleep (50 * 1000);
  while (g_main_context_iteration (context, FALSE))
    ;
  health = g_strconcat (plz_test_server_get_url (f->ts), "/api/v1/health", NULL);
  msg = soup_message_new ("GET", health);
  soup_session_send_and_read_async (session, msg, G_PRIORITY_DEFAULT, NULL, health_cb, &race);
  while (race.done < 4)
    g_main_context_iteration (context, TRUE);
  g_main_context_pop_thread_default (context);

  g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
  g_assert_cmpint (race.health_at, ==, 1);
}

static void
reset_answered_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      data)
{
  Race *race = data;
  SoupMessage *msg = soup_session_get_async_result_message (SOUP_SESSION (source), result);
  g_autoptr(GBytes) body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, NULL);

  g_assert_nonnull (body);
  if (soup_message_get_status (msg) != 200)
    g_error ("reset: %u %.*s", soup_message_get_status (msg), (int) g_bytes_get_size (body),
             (const char *) g_bytes_get_data (body, NULL));
  race->done++;
}

/* Password resets hash on worker threads too: while three hash at a high
 * cost, health answers first; then each new password opens its account. */
static void
test_reset_hashing_off_the_loop (Fixture *f, gconstpointer data)
{
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(SoupSession) session = NULL;
  g_autofree char *health = NULL;
  g_autoptr(SoupMessage) msg = NULL;
  g_autofree char *confirm = NULL;
  char *tokens[3];
  Race race = { 0, 0 };

  for (int i = 0; i < 3; i++)
    {
      g_autofree char *email = g_strdup_printf ("reset%d@example.com", i);
      g_autofree char *body = g_strdup_printf ("{\"email\":\"%s\"}", email);
      g_autofree char *t = sign_up (f, email, "Re Set", NULL);
      g_autoptr(PlzTestResponse) r = plz_test_request (f->ts, "POST", "/api/v1/password-reset", body, NULL);

      g_assert_cmpuint (r->status, ==, 202);
      tokens[i] = outbox_secret (f, email, FALSE);
    }
  plz_test_server_free (g_steal_pointer (&f->ts));
  f->ts = start_server (f, 8);  /* hundreds of milliseconds a hash */
  confirm = g_strconcat (plz_test_server_get_url (f->ts), "/api/v1/password-reset/confirm", NULL);
  g_main_context_push_thread_default (context);
  session = soup_session_new_with_options ("max-conns-per-host", 8, NULL);
  for (int i = 0; i < 3; i++)
    {
      g_autoptr(SoupMessage) post = soup_message_new ("POST", confirm);
      g_autofree char *text = g_strdup_printf ("{\"token\":\"%s\",\"password\":\"new secret number %d\"}",
                                               tokens[i], i);
      g_autoptr(GBytes) bytes = g_bytes_new_take (text, strlen (text));

      text = NULL;
      soup_message_set_request_body_from_bytes (post, "application/json", bytes);
      soup_session_send_and_read_async (session, post, G_PRIORITY_DEFAULT, NULL, reset_answered_cb, &race);
      g_free (tokens[i]);
    }
  g_usleep (50 * 1000);
  while (g_main_context_iteration (context, FALSE))
    ;
  health = g_strconcat (plz_test_server_get_url (f->ts), "/api/v1/health", NULL);
  msg = soup_message_new ("GET", health);
  soup_session_send_and_read_async (session, msg, G_PRIORITY_DEFAULT, NULL, health_cb, &race);
  while (race.done < 4)
    g_main_context_iteration (context, TRUE);
  g_main_context_pop_thread_default (context);

  g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
  g_assert_cmpint (race.health_at, ==, 1);
  {
    g_autoptr(PlzTestResponse) r = sign_in (f, "reset2@example.com", "new secret number 2");

    g_assert_cmpuint (r->status, ==, 200);
  }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_log_set_writer_func (capture_writer, NULL, NULL);

#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_setup, fn, fixture_teardown)
  ADD ("/accounts/sign-up", test_sign_up);
  ADD ("/accounts/sign-up/duplicate", test_sign_up_duplicate);
  ADD ("/accounts/sign-up/bad-input", test_sign_up_bad_input);
  ADD ("/accounts/sign-in", test_sign_in);
  ADD ("/accounts/sign-in/throttling", test_throttling);
  ADD ("/accounts/tokens", test_tokens);
  ADD ("/accounts/sessions-are-own", test_sessions_are_own);
  ADD ("/accounts/suspend-and-ban", test_suspend_and_ban);
  ADD ("/accounts/authorization-table", test_authorization_table);
  ADD ("/accounts/email-verification", test_email_verification);
  ADD ("/accounts/email-token-expires", test_email_token_expires);
  ADD ("/accounts/password-reset", test_password_reset);
  ADD ("/accounts/phone-verification", test_phone_verification);
  ADD ("/accounts/code-requests-capped", test_code_requests_capped);
  ADD ("/accounts/profile", test_profile);
  ADD ("/accounts/become-operator", test_become_operator);
  ADD ("/accounts/avatar", test_avatar);
  ADD ("/accounts/no-secrets-stored", test_no_secrets_stored);
  ADD ("/accounts/rehash-when-cost-rises", test_rehash_when_cost_rises);
  ADD ("/accounts/hashing-off-the-loop", test_hashing_off_the_loop);
  ADD ("/accounts/reset-hashing-off-the-loop", test_reset_hashing_off_the_loop);
#undef ADD

  return g_test_run ();
}
