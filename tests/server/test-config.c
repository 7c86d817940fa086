/* test-config.c — defaults, key file, environment, and their order */
#include "plz-test-server.h"
#include "plz-error.h"

#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

static char *
write_key_file (const char *contents)
{
  g_autoptr(GError) error = NULL;
  char *path = NULL;
  int fd = g_file_open_tmp ("plaza-config-XXXXXX.ini", &path, &error);

  g_assert_no_error (error);
  close (fd);
  g_assert_true (g_file_set_contents (path, contents, -1, &error));
  return path;
}

static void
test_defaults (void)
{
  g_autoptr(PlzConfig) c = plz_config_new ();
  g_autofree char *db = plz_config_get_db_path (c);

  g_assert_cmpstr (c->listen, ==, "127.0.0.1");
  g_assert_cmpuint (c->port, ==, PLZ_DEFAULT_PORT);
  g_assert_cmpint (c->max_body_size, ==, PLZ_DEFAULT_MAX_BODY_SIZE);
  g_assert_true (g_str_has_suffix (db, "plaza.db"));
  /* Safe by default: every acknowledged write survives a power cut. */
  g_assert_true (c->durable);
}

static void
test_file_then_env (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PlzConfig) c = plz_config_new ();
  g_autofree char *path = write_key_file ("[server]\nlisten=0.0.0.0\nport=9000\ndata-dir=/srv/plaza\n"
                                          "max-body-size=2048\n");
  const char *env[] = { "PLAZA_PORT=9100", "PLAZA_DATA_DIR=/var/lib/plaza", NULL };

  g_assert_true (plz_config_load_file (c, path, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (c->listen, ==, "0.0.0.0");
  g_assert_cmpuint (c->port, ==, 9000);
  g_assert_cmpstr (c->data_dir, ==, "/srv/plaza");
  g_assert_cmpint (c->max_body_size, ==, 2048);

  /* The environment wins over the file for what it sets, and only that. */
  g_assert_true (plz_config_load_env (c, env, &error));
  g_assert_cmpuint (c->port, ==, 9100);
  g_assert_cmpstr (c->data_dir, ==, "/var/lib/plaza");
  g_assert_cmpstr (c->listen, ==, "0.0.0.0");
  g_unlink (path);

  {
    g_autofree char *p2 = write_key_file ("[server]\ndurability=process\n");
    const char *env2[] = { "PLAZA_DURABILITY=full", NULL };

    g_assert_true (plz_config_load_file (c, p2, &error));
    g_assert_false (c->durable);
    g_assert_true (plz_config_load_env (c, env2, &error));
    g_assert_true (c->durable);
    g_unlink (p2);
  }

  {
    g_autofree char *p3 = write_key_file ("[server]\nsend-burst=500\nsend-rate=100\n");
    const char *env3[] = { "PLAZA_SEND_RATE=250", NULL };

    g_assert_cmpuint (c->send_burst, ==, 30);
    g_assert_cmpuint (c->send_rate, ==, 20);
    g_assert_true (plz_config_load_file (c, p3, &error));
    g_assert_cmpuint (c->send_burst, ==, 500);
    g_assert_cmpuint (c->send_rate, ==, 100);
    g_assert_true (plz_config_load_env (c, env3, &error));
    g_assert_cmpuint (c->send_rate, ==, 250);
    g_assert_cmpuint (c->send_burst, ==, 500);
    g_unlink (p3);
  }
}

static void
test_bad_values (void)
{
  const char *bad_files[] = {
    "[server]\nport=99999\n",
    "[server]\nport=eighty\n",
    "[server]\nmax-body-size=-5\n",
    "[server]\ndurability=sometimes\n",
    "[server]\nsend-rate=0\n",
    "[server]\nsend-burst=lots\n",
    "not a key file",
  };
  const char *bad_env[][2] = {
    { "PLAZA_PORT=-1", NULL },
    { "PLAZA_PORT=80a", NULL },
    { "PLAZA_MAX_BODY_SIZE=0", NULL },
    { "PLAZA_DURABILITY=fast", NULL },
    { "PLAZA_SEND_RATE=-3", NULL },
    { "PLAZA_SEND_BURST=0", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad_files); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(PlzConfig) c = plz_config_new ();
      g_autofree char *path = write_key_file (bad_files[i]);

      g_assert_false (plz_config_load_file (c, path, &error));
      g_assert_nonnull (error);
      g_assert_cmpuint (c->port, ==, PLZ_DEFAULT_PORT);
      g_unlink (path);
    }

  for (guint i = 0; i < G_N_ELEMENTS (bad_env); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(PlzConfig) c = plz_config_new ();

      g_assert_false (plz_config_load_env (c, bad_env[i], &error));
      g_assert_error (error, PLZ_ERROR, PLZ_ERROR_INVALID_INPUT);
    }
}

static void
test_moderation (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PlzConfig) c = plz_config_new ();
  g_autofree char *path = write_key_file ("[moderation]\npre-booking-high=redact\npre-booking-medium=allow\n"
                                          "booked-high=refuse\nbooked-medium=redact\n"
                                          "public-refuse-from=high\nwindow-hours=48\nrestrict-after=2\n"
                                          "restrict-minutes=15\ncase-after=4\n");
  const char *bad[] = {
    "[moderation]\npre-booking-high=block\n",
    "[moderation]\nbooked-medium=\n",
    "[moderation]\npublic-refuse-from=low\n",
    "[moderation]\nwindow-hours=0\n",
    "[moderation]\nrestrict-after=many\n",
    "[moderation]\ncase-after=5\nrestrict-minutes=99999999\n",
  };

  /* Defaults: the policy of the issue. */
  g_assert_cmpint (c->moderation.pre_booking_high, ==, PLZ_MODERATION_REFUSE);
  g_assert_cmpint (c->moderation.pre_booking_medium, ==, PLZ_MODERATION_REDACT);
  g_assert_cmpint (c->moderation.booked_high, ==, PLZ_MODERATION_ALLOW);
  g_assert_cmpint (c->moderation.public_refuse_from, ==, PLZ_CONTACT_RISK_MEDIUM);

  g_assert_true (plz_config_load_file (c, path, &error));
  g_assert_no_error (error);
  g_assert_cmpint (c->moderation.pre_booking_high, ==, PLZ_MODERATION_REDACT);
  g_assert_cmpint (c->moderation.pre_booking_medium, ==, PLZ_MODERATION_ALLOW);
  g_assert_cmpint (c->moderation.booked_high, ==, PLZ_MODERATION_REFUSE);
  g_assert_cmpint (c->moderation.booked_medium, ==, PLZ_MODERATION_REDACT);
  g_assert_cmpint (c->moderation.public_refuse_from, ==, PLZ_CONTACT_RISK_HIGH);
  g_assert_cmpuint (c->moderation.window_hours, ==, 48);
  g_assert_cmpuint (c->moderation.restrict_after, ==, 2);
  g_assert_cmpuint (c->moderation.restrict_minutes, ==, 15);
  g_assert_cmpuint (c->moderation.case_after, ==, 4);
  g_unlink (path);

  /* A bad key names itself and changes nothing in the group. */
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) bad_error = NULL;
      g_autoptr(PlzConfig) fresh = plz_config_new ();
      g_autofree char *bad_path = write_key_file (bad[i]);

      g_assert_false (plz_config_load_file (fresh, bad_path, &bad_error));
      g_assert_error (bad_error, PLZ_ERROR, PLZ_ERROR_INVALID_INPUT);
      g_assert_nonnull (strstr (bad_error->message, "[moderation]"));
      g_assert_cmpuint (fresh->moderation.case_after, ==, 5);
      g_unlink (bad_path);
    }
}

static void
test_missing_file (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PlzConfig) c = plz_config_new ();

  g_assert_false (plz_config_load_file (c, "/nonexistent/plaza.ini", &error));
  g_assert_nonnull (strstr (error->message, "/nonexistent/plaza.ini"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/config/defaults", test_defaults);
  g_test_add_func ("/config/file-then-env", test_file_then_env);
  g_test_add_func ("/config/bad-values", test_bad_values);
  g_test_add_func ("/config/missing-file", test_missing_file);
  g_test_add_func ("/config/moderation", test_moderation);
  return g_test_run ();
}
