/* test-secret-store.c — the session token in the keyring: a round trip through
 * the test session's unlocked gnome-keyring, no keyring at all, and a keyring
 * that never answers */

#include "config.h"

#include "plz-client-test.h"
#include "plz-secret-store.h"

typedef struct
{
  gboolean  done;
  gboolean  ok;
  char     *token;
  GError   *error;
} Op;

static void
saved_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Op *op = user_data;

  op->ok = plz_secret_store_save_finish (PLZ_SECRET_STORE (source), result, &op->error);
  op->done = TRUE;
}

static void
looked_up_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Op *op = user_data;

  op->token = plz_secret_store_lookup_finish (PLZ_SECRET_STORE (source), result, &op->error);
  op->ok = op->error == NULL;
  op->done = TRUE;
}

static void
cleared_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Op *op = user_data;

  op->ok = plz_secret_store_clear_finish (PLZ_SECRET_STORE (source), result, &op->error);
  op->done = TRUE;
}

static gboolean
save (PlzSecretStore *store, const char *url, const char *token, GError **error)
{
  Op op = { 0 };

  plz_secret_store_save_async (store, url, token, NULL, saved_cb, &op);
  g_assert_true (plz_test_wait_for_flag (&op.done, 20000));
  if (op.error)
    g_propagate_error (error, op.error);
  return op.ok;
}

static char *
lookup (PlzSecretStore *store, const char *url, GError **error)
{
  Op op = { 0 };

  plz_secret_store_lookup_async (store, url, NULL, looked_up_cb, &op);
  g_assert_true (plz_test_wait_for_flag (&op.done, 20000));
  if (op.error)
    g_propagate_error (error, op.error);
  return op.token;
}

static gboolean
clear (PlzSecretStore *store, const char *url, GError **error)
{
  Op op = { 0 };

  plz_secret_store_clear_async (store, url, NULL, cleared_cb, &op);
  g_assert_true (plz_test_wait_for_flag (&op.done, 20000));
  if (op.error)
    g_propagate_error (error, op.error);
  return op.ok;
}

static void
test_round_trip (void)
{
  g_autoptr(PlzSecretStore) store = plz_secret_store_new (10000);
  g_autoptr(GError) error = NULL;
  g_autofree char *one = g_strdup_printf ("http://127.0.0.1:%u", plz_test_free_port ());
  g_autofree char *two = g_strdup_printf ("https://plaza-%u.example.org", g_random_int ());
  g_autofree char *token = NULL;

  if (g_getenv ("DBUS_SESSION_BUS_ADDRESS") == NULL)
    {
      g_test_skip ("no session bus (run under dbus-run-session with an unlocked gnome-keyring)");
      return;
    }
  if (!save (store, one, "token-one", &error))
    {
      g_autofree char *why = g_strdup_printf ("no unlocked keyring in this session: %s", error->message);
      g_test_skip (why);
      return;
    }
  g_assert_true (save (store, two, "token-two", &error));
  g_assert_no_error (error);

  token = lookup (store, one, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (token, ==, "token-one");
  g_clear_pointer (&token, g_free);

  /* Saving again replaces, rather than adds. */
  g_assert_true (save (store, one, "token-one-b", &error));
  token = lookup (store, one, &error);
  g_assert_cmpstr (token, ==, "token-one-b");
  g_clear_pointer (&token, g_free);

  g_assert_true (clear (store, one, &error));
  g_assert_no_error (error);
  token = lookup (store, one, &error);
  g_assert_no_error (error);
  g_assert_null (token);

  /* The other server's session is untouched. */
  token = lookup (store, two, &error);
  g_assert_cmpstr (token, ==, "token-two");
  g_clear_pointer (&token, g_free);
  g_assert_true (clear (store, two, &error));

  /* Forgetting what is not there is fine. */
  g_assert_true (clear (store, two, &error));
  g_assert_no_error (error);
}

/* Runs in a child: a private bus on which nothing provides org.freedesktop.secrets. */
static void
no_keyring_child (void)
{
  /* Not freed: finalizing waits for libsecret to let go of the bus, which it never does. */
  GTestDBus *bus = g_test_dbus_new (G_TEST_DBUS_NONE);
  g_autoptr(PlzSecretStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL;
  gint64 start;

  g_test_dbus_up (bus);
  store = plz_secret_store_new (5000);
  start = g_get_monotonic_time ();
  g_assert_false (save (store, "http://127.0.0.1:8470", "secret", &error));
  g_assert_nonnull (error);
  g_printerr ("save failed as it should: %s\n", error->message);
  g_clear_error (&error);

  token = lookup (store, "http://127.0.0.1:8470", &error);
  g_assert_null (token);
  g_clear_error (&error);
  clear (store, "http://127.0.0.1:8470", &error);
  g_clear_error (&error);
  /* Each failed at once or at the timeout, never later. */
  g_assert_cmpint (g_get_monotonic_time () - start, <, 16 * G_USEC_PER_SEC);

  g_clear_object (&store);
  /* libsecret keeps the session bus; stop the daemon without waiting for that. */
  g_test_dbus_stop (bus);
}

static GDBusMessage *
drop_everything (GDBusConnection *connection,
                 GDBusMessage    *message,
                 gboolean         incoming,
                 gpointer         user_data)
{
  if (incoming && g_dbus_message_get_message_type (message) == G_DBUS_MESSAGE_TYPE_METHOD_CALL)
    {
      g_object_unref (message);
      return NULL;
    }
  return message;
}

/* Runs in a child: org.freedesktop.secrets is there but never answers, like a
 * locked keyring waiting on a prompt nobody sees. */
static void
silent_keyring_child (void)
{
  GTestDBus *bus = g_test_dbus_new (G_TEST_DBUS_NONE);  /* not freed, as above */
  g_autoptr(GDBusConnection) service = NULL;
  g_autoptr(PlzSecretStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = NULL;
  gint64 start;

  g_test_dbus_up (bus);
  service = g_dbus_connection_new_for_address_sync (g_test_dbus_get_bus_address (bus),
                                                    G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT |
                                                    G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION,
                                                    NULL, NULL, &error);
  g_assert_no_error (error);
  reply = g_dbus_connection_call_sync (service, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                       "org.freedesktop.DBus", "RequestName",
                                       g_variant_new ("(su)", "org.freedesktop.secrets", 0),
                                       NULL, G_DBUS_CALL_FLAGS_NONE, -1, NULL, &error);
  g_assert_no_error (error);
  g_dbus_connection_add_filter (service, drop_everything, NULL, NULL);

  store = plz_secret_store_new (500);
  start = g_get_monotonic_time ();
  g_assert_false (save (store, "http://127.0.0.1:8470", "secret", &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 5 * G_USEC_PER_SEC);
  g_clear_error (&error);
  g_assert_null (lookup (store, "http://127.0.0.1:8470", &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT);

  g_clear_object (&store);
  g_dbus_connection_close_sync (service, NULL, NULL);
  /* libsecret keeps the session bus; stop the daemon without waiting for that. */
  g_test_dbus_stop (bus);
}

static void
test_no_keyring (void)
{
  g_test_trap_subprocess ("/secret-store/subprocess/no-keyring", 60 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

static void
test_silent_keyring (void)
{
  g_test_trap_subprocess ("/secret-store/subprocess/silent-keyring", 60 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/secret-store/round-trip", test_round_trip);
  g_test_add_func ("/secret-store/no-keyring", test_no_keyring);
  g_test_add_func ("/secret-store/silent-keyring", test_silent_keyring);
  g_test_add_func ("/secret-store/subprocess/no-keyring", no_keyring_child);
  g_test_add_func ("/secret-store/subprocess/silent-keyring", silent_keyring_child);

  return g_test_run ();
}
