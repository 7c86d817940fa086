/* test-account.c — PlzAccount against the real plaza-server */

#include "config.h"

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <string.h>

#include "plz-account.h"
#include "plz-client-test.h"
#include "plz-error.h"

typedef struct
{
  PlzTestServer *server;
  PlzAccount    *account;
  GError        *ended;     /* what ::session-ended said */
  guint          n_ended;
} Fixture;

static void
session_ended_cb (PlzAccount   *account,
                  const GError *error,
                  Fixture      *fixture)
{
  g_clear_error (&fixture->ended);
  fixture->ended = g_error_copy (error);
  fixture->n_ended++;
}

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  fixture->server = plz_test_server_start (GPOINTER_TO_INT (data));
  if (fixture->server == NULL)
    return;
  fixture->account = plz_account_new (fixture->server->url);
  g_signal_connect (fixture->account, "session-ended", G_CALLBACK (session_ended_cb), fixture);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  if (fixture->account != NULL)
    g_assert_finalize_object (fixture->account);
  plz_test_server_stop (fixture->server);
  g_clear_error (&fixture->ended);
}

typedef struct
{
  gboolean    done;
  JsonObject *answer;
  GError     *error;
} Call;

static void
called_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  Call *call = user_data;

  call->answer = plz_account_call_finish (PLZ_ACCOUNT (source), result, &call->error);
  call->done = TRUE;
}

/* Waits for a call started with called_cb and @call; returns its answer. */
static JsonObject *
finish (Call    *call,
        GError **error)
{
  g_assert_true (plz_test_wait_for_flag (&call->done, 20000));
  if (call->error != NULL)
    g_propagate_error (error, call->error);
  return call->answer;
}

static void
sign_up (PlzAccount *account, const char *email, const char *password, const char *name, GError **error)
{
  Call call = { 0 };
  g_autoptr(JsonObject) answer = NULL;

  plz_account_sign_up_async (account, email, password, name, NULL, called_cb, &call);
  answer = finish (&call, error);
}

static void
sign_in (PlzAccount *account, const char *email, const char *password, GError **error)
{
  Call call = { 0 };
  g_autoptr(JsonObject) answer = NULL;

  plz_account_sign_in_async (account, email, password, NULL, called_cb, &call);
  answer = finish (&call, error);
}

static void
test_sign_up_to_sign_in (Fixture *fixture, gconstpointer data)
{
  PlzAccount *account = fixture->account;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) changes = json_object_new ();
  g_autoptr(JsonObject) answer = NULL;
  g_autofree char *first_token = NULL;
  Call call = { 0 }, me = { 0 }, out = { 0 };

  if (fixture->server == NULL)
    return;
  g_assert_cmpint (plz_account_get_state (account), ==, PLZ_ACCOUNT_STATE_SIGNED_OUT);

  sign_up (account, "Nomsa@Example.org", "a long and fine password", "Nomsa Dube", &error);
  g_assert_no_error (error);
  g_assert_true (plz_account_get_signed_in (account));
  g_assert_nonnull (plz_account_get_token (account));
  g_assert_cmpstr (plz_account_get_display_name (account), ==, "Nomsa Dube");
  g_assert_cmpstr (plz_account_get_user_string (account, "email"), ==, "nomsa@example.org");
  g_assert_true (plz_account_get_is_consumer (account));
  g_assert_false (plz_account_get_is_operator (account));
  g_assert_false (plz_account_get_is_admin (account));
  first_token = g_strdup (plz_account_get_token (account));

  plz_account_refresh_async (account, NULL, called_cb, &me);
  answer = finish (&me, &error);
  g_assert_no_error (error);
  g_clear_pointer (&answer, json_object_unref);

  json_object_set_string_member (changes, "display_name", "  Nomsa   M. Dube ");
  json_object_set_string_member (changes, "bio", "I book car washes.");
  json_object_set_string_member (changes, "timezone", "Africa/Johannesburg");
  plz_account_update_profile_async (account, changes, NULL, called_cb, &call);
  answer = finish (&call, &error);
  g_assert_no_error (error);
  g_clear_pointer (&answer, json_object_unref);
  g_assert_cmpstr (plz_account_get_display_name (account), ==, "Nomsa M. Dube");
  g_assert_cmpstr (plz_account_get_user_string (account, "bio"), ==, "I book car washes.");

  plz_account_sign_out_async (account, NULL, called_cb, &out);
  answer = finish (&out, &error);
  g_assert_no_error (error);
  g_clear_pointer (&answer, json_object_unref);
  g_assert_false (plz_account_get_signed_in (account));
  g_assert_null (plz_account_get_token (account));
  g_assert_null (plz_account_get_user (account));
  g_assert_cmpuint (fixture->n_ended, ==, 0);

  sign_in (account, "nomsa@example.org", "a long and fine password", &error);
  g_assert_no_error (error);
  g_assert_true (plz_account_get_signed_in (account));
  g_assert_cmpstr (plz_account_get_display_name (account), ==, "Nomsa M. Dube");
  g_assert_cmpstr (plz_account_get_token (account), !=, first_token);
}

static void
test_error_mapping (Fixture *fixture, gconstpointer data)
{
  PlzAccount *account = fixture->account;
  g_autoptr(GError) error = NULL;

  if (fixture->server == NULL)
    return;

  sign_in (account, "thandi@plaza.test", "not her password", &error);
  g_assert_error (error, PLZ_ERROR, PLZ_ERROR_INVALID_CREDENTIALS);
  g_assert_cmpstr (error->message, ==, "The email or password is not right");
  g_assert_false (plz_account_get_signed_in (account));
  g_assert_cmpuint (fixture->n_ended, ==, 0);
  g_clear_error (&error);

  sign_up (account, "thandi@plaza.test", "another fine password", "Thandi Again", &error);
  g_assert_error (error, PLZ_ERROR, PLZ_ERROR_EMAIL_TAKEN);
  g_assert_cmpstr (plz_error_get_field (error), ==, "email");
  g_clear_error (&error);

  sign_up (account, "new@example.org", "short", "New Person", &error);
  g_assert_error (error, PLZ_ERROR, PLZ_ERROR_INVALID_INPUT);
  g_assert_cmpstr (plz_error_get_field (error), ==, "password");
  g_clear_error (&error);

  sign_up (account, "new@example.org", "a long and fine password", "", &error);
  g_assert_error (error, PLZ_ERROR, PLZ_ERROR_INVALID_INPUT);
  g_assert_cmpstr (plz_error_get_field (error), ==, "display_name");
  g_clear_error (&error);

  sign_up (account, "not an address", "a long and fine password", "New Person", &error);
  g_assert_error (error, PLZ_ERROR, PLZ_ERROR_INVALID_INPUT);
  g_assert_cmpstr (plz_error_get_field (error), ==, "email");
  g_clear_error (&error);

  /* A field error on a signed-in call keeps the session. */
  sign_in (account, "thandi@plaza.test", "demo-consumer-2026", &error);
  g_assert_no_error (error);
  {
    g_autoptr(JsonObject) changes = json_object_new ();
    Call call = { 0 };

    json_object_set_string_member (changes, "timezone", "Mars/Olympus_Mons");
    plz_account_update_profile_async (account, changes, NULL, called_cb, &call);
    g_assert_null (finish (&call, &error));
    g_assert_error (error, PLZ_ERROR, PLZ_ERROR_INVALID_INPUT);
    g_assert_cmpstr (plz_error_get_field (error), ==, "timezone");
    g_assert_true (plz_account_get_signed_in (account));
  }
}

static void
test_unauthorized_ends_session (Fixture *fixture, gconstpointer data)
{
  g_autoptr(PlzAccount) other = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL;
  Call out = { 0 }, me = { 0 };
  g_autoptr(JsonObject) answer = NULL;

  if (fixture->server == NULL)
    return;

  /* The same session, remembered by a second copy of the app... */
  sign_in (fixture->account, "thandi@plaza.test", "demo-consumer-2026", &error);
  g_assert_no_error (error);
  token = g_strdup (plz_account_get_token (fixture->account));
  other = plz_account_new (fixture->server->url);
  plz_account_begin_restore (other, token);
  g_assert_cmpint (plz_account_get_state (other), ==, PLZ_ACCOUNT_STATE_RESTORING);

  /* ...which the first signs out of. */
  plz_account_sign_out_async (fixture->account, NULL, called_cb, &out);
  answer = finish (&out, &error);
  g_assert_no_error (error);

  g_signal_connect (other, "session-ended", G_CALLBACK (session_ended_cb), fixture);
  plz_account_refresh_async (other, NULL, called_cb, &me);
  g_assert_null (finish (&me, &error));
  g_assert_true (g_error_matches (error, PLZ_ERROR, PLZ_ERROR_UNAUTHORIZED)
                 || g_error_matches (error, PLZ_ERROR, PLZ_ERROR_SESSION_EXPIRED));
  g_assert_cmpint (plz_account_get_state (other), ==, PLZ_ACCOUNT_STATE_SIGNED_OUT);
  g_assert_null (plz_account_get_token (other));
  g_assert_cmpuint (fixture->n_ended, ==, 1);
  g_assert_true (fixture->ended->domain == PLZ_ERROR);
}

static void
test_sessions_and_revoke (Fixture *fixture, gconstpointer data)
{
  g_autoptr(PlzAccount) laptop = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) answer = NULL;
  g_autoptr(JsonObject) after = NULL;
  JsonArray *sessions;
  const char *other_id = NULL;
  Call list = { 0 }, revoke = { 0 }, me = { 0 };

  if (fixture->server == NULL)
    return;

  laptop = plz_account_new (fixture->server->url);
  sign_in (laptop, "thandi@plaza.test", "demo-consumer-2026", &error);
  g_assert_no_error (error);
  sign_in (fixture->account, "thandi@plaza.test", "demo-consumer-2026", &error);
  g_assert_no_error (error);

  plz_account_list_sessions_async (fixture->account, NULL, called_cb, &list);
  answer = finish (&list, &error);
  g_assert_no_error (error);
  sessions = json_object_get_array_member (answer, "sessions");
  g_assert_cmpuint (json_array_get_length (sessions), ==, 2);
  for (guint i = 0; i < 2; i++)
    {
      JsonObject *s = json_array_get_object_element (sessions, i);

      g_assert_true (g_str_has_prefix (json_object_get_string_member (s, "user_agent"), "Plaza/"));
      if (!json_object_get_boolean_member (s, "current"))
        other_id = json_object_get_string_member (s, "id");
    }
  g_assert_nonnull (other_id);

  plz_account_revoke_session_async (fixture->account, other_id, NULL, called_cb, &revoke);
  after = finish (&revoke, &error);
  g_assert_no_error (error);

  plz_account_refresh_async (laptop, NULL, called_cb, &me);
  g_assert_null (finish (&me, &error));
  g_assert_nonnull (error);
  g_assert_false (plz_account_get_signed_in (laptop));
  g_assert_true (plz_account_get_signed_in (fixture->account));
}

static void
avatar_notified_cb (PlzAccount *account, GParamSpec *pspec, gboolean *seen)
{
  if (plz_account_get_avatar (account) != NULL)
    *seen = TRUE;
}

static void
test_avatar_and_operator (Fixture *fixture, gconstpointer data)
{
  PlzAccount *account = fixture->account;
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, 64, 64);
  g_autofree char *png = NULL;
  gsize png_len = 0;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(JsonObject) answer = NULL;
  g_autoptr(JsonObject) profile = NULL;
  JsonObject *area = json_object_new ();
  JsonArray *tags = json_array_new ();
  gboolean seen = FALSE;
  Call upload = { 0 }, op = { 0 };

  if (fixture->server == NULL)
    return;
  sign_in (account, "thandi@plaza.test", "demo-consumer-2026", &error);
  g_assert_no_error (error);

  gdk_pixbuf_fill (pixbuf, 0x3366ccff);
  g_assert_true (gdk_pixbuf_save_to_buffer (pixbuf, &png, &png_len, "png", NULL, NULL));
  bytes = g_bytes_new_take (g_steal_pointer (&png), png_len);
  g_signal_connect (account, "notify::avatar", G_CALLBACK (avatar_notified_cb), &seen);
  plz_account_set_avatar_async (account, bytes, "image/png", NULL, called_cb, &upload);
  answer = finish (&upload, &error);
  g_assert_no_error (error);
  g_assert_nonnull (plz_account_get_user_string (account, "avatar_url"));
  g_assert_true (plz_test_wait_for_flag (&seen, 10000));
  g_assert_cmpint (gdk_texture_get_width (plz_account_get_avatar (account)), ==, 64);

  profile = json_object_new ();
  json_object_set_string_member (profile, "business_name", "Thandi's Tutoring");
  json_object_set_double_member (area, "lat", -26.2);
  json_object_set_double_member (area, "lng", 28.04);
  json_object_set_double_member (area, "radius_km", 10);
  json_object_set_object_member (profile, "service_area", area);
  json_array_add_string_element (tags, "Maths");
  json_object_set_array_member (profile, "expertise", tags);
  plz_account_become_operator_async (account, profile, NULL, called_cb, &op);
  g_clear_pointer (&answer, json_object_unref);
  answer = finish (&op, &error);
  g_assert_no_error (error);
  g_assert_true (plz_account_get_is_operator (account));
  g_assert_true (plz_account_get_is_consumer (account));
  g_signal_handlers_disconnect_by_func (account, avatar_notified_cb, &seen);
}

static void
test_admin_suspends (Fixture *fixture, gconstpointer data)
{
  g_autoptr(PlzAccount) admin = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) found = NULL;
  g_autoptr(JsonObject) set = NULL;
  JsonArray *users;
  JsonObject *thandi;
  Call search = { 0 }, status = { 0 }, me = { 0 };

  if (fixture->server == NULL)
    return;
  sign_in (fixture->account, "thandi@plaza.test", "demo-consumer-2026", &error);
  g_assert_no_error (error);

  admin = plz_account_new (fixture->server->url);
  sign_in (admin, "admin@plaza.test", "demo-admin-2026", &error);
  g_assert_no_error (error);
  g_assert_true (plz_account_get_is_admin (admin));

  plz_account_admin_search_async (admin, "thandi", NULL, called_cb, &search);
  found = finish (&search, &error);
  g_assert_no_error (error);
  users = json_object_get_array_member (found, "users");
  g_assert_cmpuint (json_array_get_length (users), ==, 1);
  thandi = json_array_get_object_element (users, 0);

  plz_account_admin_set_status_async (admin, json_object_get_string_member (thandi, "id"),
                                      "suspended", "Testing suspension", NULL, called_cb, &status);
  set = finish (&status, &error);
  g_assert_no_error (error);

  /* Thandi's next call learns it, and her session ends with the reason. */
  plz_account_refresh_async (fixture->account, NULL, called_cb, &me);
  g_assert_null (finish (&me, &error));
  g_assert_error (error, PLZ_ERROR, PLZ_ERROR_ACCOUNT_SUSPENDED);
  g_assert_false (plz_account_get_signed_in (fixture->account));
  g_assert_cmpuint (fixture->n_ended, ==, 1);
  g_assert_nonnull (strstr (fixture->ended->message, "Testing suspension"));
}

static void
test_transport_error (Fixture *fixture, gconstpointer data)
{
  g_autofree char *url = g_strdup_printf ("http://127.0.0.1:%u", plz_test_free_port ());
  g_autoptr(PlzAccount) account = plz_account_new (url);
  g_autoptr(GError) error = NULL;

  sign_in (account, "a@example.org", "whatever password", &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED);
  g_assert_nonnull (strstr (error->message, url));
  g_assert_false (plz_account_get_signed_in (account));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, seed, func) \
  g_test_add ("/account/" path, Fixture, GINT_TO_POINTER (seed), fixture_setup, func, fixture_teardown)

  ADD ("sign-up-to-sign-in", FALSE, test_sign_up_to_sign_in);
  ADD ("error-mapping", TRUE, test_error_mapping);
  ADD ("unauthorized-ends-session", TRUE, test_unauthorized_ends_session);
  ADD ("sessions-and-revoke", TRUE, test_sessions_and_revoke);
  ADD ("avatar-and-operator", TRUE, test_avatar_and_operator);
  ADD ("admin-suspends", TRUE, test_admin_suspends);
  ADD ("transport-error", FALSE, test_transport_error);

#undef ADD

  return g_test_run ();
}
