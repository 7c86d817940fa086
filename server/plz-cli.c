/* plz-cli.c — plaza-server's command line: serve, migrate, seed-demo, backup, admin, moderation, version */
#define G_LOG_DOMAIN "plaza-server"

#include "config.h"

#include "plz-cli.h"
#include "plz-demo.h"
#include "plz-time.h"
#include "plz-log.h"
#include "plz-server.h"
#include "accounts/plz-accounts.h"
#include "moderation/plz-moderation-scan.h"
#include "store/plz-migrations.h"

#include <gio/gunixinputstream.h>
#include <glib-unix.h>
#include <locale.h>
#include <stdio.h>

#define SHUTDOWN_TIMEOUT_MS 10000

/* Options every command that touches the database shares. */
typedef struct
{
  char     *config_file;
  char     *data_dir;
  char     *listen;
  int       port;
  gint64    max_body_size;
  gboolean  verbose;
  gint64    listings;
  char     *stage;
} Options;

static void
options_clear (Options *o)
{
  g_free (o->config_file);
  g_free (o->data_dir);
  g_free (o->listen);
  g_free (o->stage);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Options, options_clear)

static const char *commands_summary =
  "Commands:\n"
  "  serve            Run the HTTP server\n"
  "  migrate          Bring the database schema up to date\n"
  "  seed-demo        Fill the database with demo data\n"
  "  backup FILE      Copy the database to FILE (safe while serving)\n"
  "  admin create-admin EMAIL   Make an existing account an admin\n"
  "  admin outbox     Print mail and text messages waiting for delivery\n"
  "  moderation scan  Check messages (one per line on stdin) for contact details; JSON out\n"
  "  version          Print the version\n"
  "\n"
  "Run “plaza-server COMMAND --help” for a command's options.\n"
  "Settings come from flags, then PLAZA_* environment variables, then the\n"
  "[server] group of the --config key file (or $PLAZA_CONFIG).";

static void
add_store_entries (GOptionContext *context,
                   Options        *o)
{
  const GOptionEntry entries[] = {
    { "data-dir", 'd', 0, G_OPTION_ARG_FILENAME, &o->data_dir, "Directory for the database and media", "DIR" },
    { "config", 'c', 0, G_OPTION_ARG_FILENAME, &o->config_file, "Key file with a [server] group", "FILE" },
    { "verbose", 'v', 0, G_OPTION_ARG_NONE, &o->verbose, "Log debug messages", NULL },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, NULL);
}

static void
add_moderation_entries (GOptionContext *context,
                        Options        *o)
{
  const GOptionEntry entries[] = {
    { "stage", 's', 0, G_OPTION_ARG_STRING, &o->stage,
      "The stage whose policy gives the action: pre_booking (default) or booked", "STAGE" },
    { "config", 'c', 0, G_OPTION_ARG_FILENAME, &o->config_file, "Key file with a [moderation] group", "FILE" },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, NULL);
  g_option_context_set_description (context,
    "Reads messages one per line on standard input and prints one JSON verdict per line:\n"
    "  {\"risk\":\"high\",\"score\":0.95,\"action\":\"refuse\",\"findings\":[{\"kind\":\"phone\",\n"
    "   \"start\":11,\"end\":23,\"confidence\":0.95,\"text\":\"082 555 1234\"}],\"redacted\":\"…\"}\n"
    "start and end count characters (Unicode code points) of the line, after invalid\n"
    "UTF-8 is replaced by U+FFFD; action is what the [moderation] policy does with such\n"
    "a message at --stage.");
}

static void
add_serve_entries (GOptionContext *context,
                   Options        *o)
{
  const GOptionEntry entries[] = {
    { "listen", 'l', 0, G_OPTION_ARG_STRING, &o->listen, "Address to listen on (default 127.0.0.1)", "ADDRESS" },
    { "port", 'p', 0, G_OPTION_ARG_INT, &o->port, "Port to listen on (default 8470; 0 picks one)", "PORT" },
    { "max-body-size", 0, 0, G_OPTION_ARG_INT64, &o->max_body_size, "Largest request body in bytes", "BYTES" },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, NULL);
}

/* Builds the effective config: defaults < key file < environment < flags. */
static PlzConfig *
resolve_config (Options  *o,
                GError  **error)
{
  g_autoptr(PlzConfig) config = plz_config_new ();
  g_auto(GStrv) env = g_get_environ ();
  const char *config_file = o->config_file != NULL ? o->config_file : g_environ_getenv (env, "PLAZA_CONFIG");

  if (config_file != NULL && !plz_config_load_file (config, config_file, error))
    return NULL;
  if (!plz_config_load_env (config, (const char * const *) env, error))
    return NULL;

  if (o->listen != NULL)
    {
      g_free (config->listen);
      config->listen = g_strdup (o->listen);
    }
  if (o->port >= 0)
    {
      if (o->port > 65535)
        {
          g_set_error (error, PLZ_ERROR, PLZ_ERROR_INVALID_INPUT, "--port must be 0–65535");
          return NULL;
        }
      config->port = (guint) o->port;
    }
  if (o->max_body_size > 0)
    config->max_body_size = o->max_body_size;
  if (o->data_dir != NULL)
    {
      g_free (config->data_dir);
      config->data_dir = g_strdup (o->data_dir);
    }
  return g_steal_pointer (&config);
}

static int
fail (const char   *what,
      const GError *error)
{
  g_printerr ("plaza-server %s: %s\n", what, error->message);
  return 1;
}

typedef struct
{
  GMainLoop *loop;
  PlzServer *server;
  gboolean   clean;
  gboolean   stopping;
} ServeState;

static void
shutdown_done_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  ServeState *state = user_data;
  g_autoptr(GError) error = NULL;

  state->clean = plz_server_shutdown_finish (PLZ_SERVER (object), result, &error);
  if (!state->clean)
    g_warning ("Shutdown was not clean: %s", error->message);
  g_main_loop_quit (state->loop);
}

static gboolean
signal_cb (gpointer user_data)
{
  ServeState *state = user_data;

  if (state->stopping)
    return G_SOURCE_CONTINUE;
  state->stopping = TRUE;
  g_message ("Stopping: finishing requests in flight");
  plz_server_shutdown_async (state->server, SHUTDOWN_TIMEOUT_MS, NULL, shutdown_done_cb, state);
  return G_SOURCE_CONTINUE;
}

static int
cmd_serve (Options *o)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PlzServer) server = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autofree char *url = NULL;
  PlzConfig *config;
  ServeState state = { 0 };
  guint sigint_id, sigterm_id;

  config = resolve_config (o, &error);
  if (config == NULL)
    return fail ("serve", error);
  server = plz_server_new (config, &error);
  if (server == NULL || !plz_server_start (server, &error))
    return fail ("serve", error);

  url = plz_server_get_base_url (server);
  g_message ("Plaza %s listening on %s (data in %s)", PACKAGE_VERSION, url,
             plz_server_get_config (server)->data_dir);

  loop = g_main_loop_new (NULL, FALSE);
  state.loop = loop;
  state.server = server;
  sigint_id = g_unix_signal_add (SIGINT, signal_cb, &state);
  sigterm_id = g_unix_signal_add (SIGTERM, signal_cb, &state);
  g_main_loop_run (loop);
  g_source_remove (sigint_id);
  g_source_remove (sigterm_id);

  g_message ("Stopped");
  return state.clean ? 0 : 1;
}

static PlzStore *
open_store (Options  *o,
            gboolean  migrate,
            GError  **error)
{
  g_autoptr(PlzConfig) config = resolve_config (o, error);
  g_autofree char *path = NULL;

  if (config == NULL)
    return NULL;
  path = plz_config_get_db_path (config);
  if (!migrate)
    {
      if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
        {
          g_set_error (error, PLZ_ERROR, PLZ_ERROR_NOT_FOUND, "There is no database at “%s”", path);
          return NULL;
        }
      return plz_store_open (path, error);
    }
  if (!plz_config_ensure_data_dir (config, error))
    return NULL;
  return plz_store_open (path, error);
}

static int
cmd_migrate (Options *o)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PlzStore) store = open_store (o, TRUE, &error);
  guint applied = 0;

  if (store == NULL || !plz_migrations_apply (store, &applied, &error))
    return fail ("migrate", error);
  g_print ("Schema at version %" G_GINT64_FORMAT " (%u migration%s applied) in %s\n",
           plz_migrations_latest_version (), applied, applied == 1 ? "" : "s",
           plz_store_get_path (store));
  return 0;
}

static int
cmd_seed_demo (Options *o)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PlzConfig) config = resolve_config (o, &error);
  g_autoptr(PlzStore) store = config != NULL ? open_store (o, TRUE, &error) : NULL;

  if (store == NULL || !plz_migrations_apply (store, NULL, &error))
    return fail ("seed-demo", error);
  if (!plz_demo_seed (store, config, &error))
    return fail ("seed-demo", error);
  if (o->listings > 0)
    {
      gint64 start = g_get_monotonic_time ();

      if (!plz_demo_seed_bulk (store, (guint) o->listings, (guint32) plz_time_now_us (), &error))
        return fail ("seed-demo", error);
      g_print ("Added %" G_GINT64_FORMAT " generated listings in %.1f s\n", o->listings,
               (g_get_monotonic_time () - start) / 1e6);
    }
  g_print ("Demo data is in %s\n", plz_store_get_path (store));
  plz_demo_print_sign_ins ();
  return 0;
}

static int
cmd_admin (Options  *o,
           int       argc,
           char    **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PlzConfig) config = NULL;
  g_autoptr(PlzStore) store = NULL;
  g_autoptr(PlzAccounts) accounts = NULL;

  if (argc < 2 || (g_str_equal (argv[1], "create-admin") && argc != 3) ||
      (g_str_equal (argv[1], "outbox") && argc != 2) ||
      (!g_str_equal (argv[1], "create-admin") && !g_str_equal (argv[1], "outbox")))
    {
      g_printerr ("Usage: plaza-server admin create-admin EMAIL | admin outbox\n");
      return 2;
    }
  config = resolve_config (o, &error);
  store = config != NULL ? open_store (o, TRUE, &error) : NULL;
  if (store == NULL || !plz_migrations_apply (store, NULL, &error))
    return fail ("admin", error);
  accounts = plz_accounts_new (store, config);

  if (g_str_equal (argv[1], "create-admin"))
    {
      g_autoptr(PlzUser) user = plz_accounts_grant_admin (accounts, argv[2], &error);

      if (user == NULL)
        return fail ("admin create-admin", error);
      g_print ("%s (%s) is now an admin\n", user->email, user->display_name);
      return 0;
    }
  else
    {
      g_autoptr(JsonArray) rows = plz_accounts_store_list_outbox (store, &error);

      if (rows == NULL)
        return fail ("admin outbox", error);
      for (guint i = 0; i < json_array_get_length (rows); i++)
        {
          JsonObject *m = json_array_get_object_element (rows, i);

          g_print ("#%" G_GINT64_FORMAT " %s to %s at %s%s\n", json_object_get_int_member (m, "id"),
                   json_object_get_string_member (m, "channel"),
                   json_object_get_string_member (m, "recipient"),
                   json_object_get_string_member (m, "created_at"),
                   json_object_get_null_member (m, "sent_at") ? "" : " (sent)");
          if (*json_object_get_string_member (m, "subject"))
            g_print ("Subject: %s\n", json_object_get_string_member (m, "subject"));
          g_print ("%s\n\n", json_object_get_string_member (m, "body"));
        }
      if (json_array_get_length (rows) == 0)
        g_print ("The outbox is empty\n");
      return 0;
    }
}

static int
cmd_moderation (Options  *o,
                int       argc,
                char    **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PlzConfig) config = NULL;
  g_autoptr(GInputStream) in = NULL;
  PlzModerationStage stage = PLZ_MODERATION_STAGE_PRE_BOOKING;

  if (argc != 2 || !g_str_equal (argv[1], "scan"))
    {
      g_printerr ("Usage: plaza-server moderation scan [--stage pre_booking|booked] [--config FILE] < messages\n");
      return 2;
    }
  if (o->stage != NULL && !plz_moderation_stage_from_name (o->stage, &stage))
    {
      g_printerr ("plaza-server moderation: --stage must be pre_booking or booked, not “%s”\n", o->stage);
      return 2;
    }
  config = resolve_config (o, &error);
  if (config == NULL)
    return fail ("moderation", error);
  in = g_unix_input_stream_new (0, FALSE);
  if (!plz_moderation_scan_stream (&config->moderation, stage, in, stdout, NULL, &error))
    return fail ("moderation scan", error);
  return 0;
}

static int
cmd_backup (Options    *o,
            const char *dest)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PlzStore) store = open_store (o, FALSE, &error);

  if (store == NULL || !plz_store_backup (store, dest, &error))
    return fail ("backup", error);
  g_print ("Backed up %s to %s\n", plz_store_get_path (store), dest);
  return 0;
}

static const struct
{
  const char *name;
  const char *params;
  const char *summary;
  gboolean    store;
  gboolean    serve;
  gboolean    moderation;
} commands[] = {
  { "serve", NULL, "Run the HTTP server", TRUE, TRUE },
  { "migrate", NULL, "Bring the database schema up to date", TRUE, FALSE },
  { "seed-demo", NULL, "Fill the database with demo data", TRUE, FALSE },
  { "backup", "FILE", "Copy the database to FILE, safely while serving", TRUE, FALSE },
  { "admin", "create-admin EMAIL | outbox", "Administer accounts from the command line", TRUE, FALSE },
  { "moderation", "scan", "Check messages for contact details: one per line in, one JSON verdict per line out",
    FALSE, FALSE, TRUE },
  { "version", NULL, "Print the version", FALSE, FALSE },
};

int
plz_cli_run (int    argc,
             char **argv)
{
  g_auto(Options) o = { .port = -1 };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *params = NULL;
  const char *name;
  guint i;

  setlocale (LC_ALL, "");

  if (argc < 2 || g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h") ||
      g_str_equal (argv[1], "help"))
    {
      g_print ("Usage: plaza-server COMMAND [OPTION…]\n\n%s\n", commands_summary);
      return argc < 2 ? 2 : 0;
    }

  name = argv[1];
  for (i = 0; i < G_N_ELEMENTS (commands); i++)
    if (g_str_equal (commands[i].name, name))
      break;
  if (i == G_N_ELEMENTS (commands))
    {
      g_printerr ("plaza-server: unknown command “%s”\n\n%s\n", name, commands_summary);
      return 2;
    }

  params = g_strdup_printf ("%s%s%s", name, commands[i].params ? " " : "",
                            commands[i].params ? commands[i].params : "");
  context = g_option_context_new (params);
  g_option_context_set_summary (context, commands[i].summary);
  if (commands[i].store)
    add_store_entries (context, &o);
  if (commands[i].serve)
    add_serve_entries (context, &o);
  if (g_str_equal (name, "seed-demo"))
    {
      const GOptionEntry entries[] = {
        { "listings", 0, 0, G_OPTION_ARG_INT64, &o.listings,
          "Also add N generated listings, for load tests (up to 1,000,000)", "N" },
        { NULL }
      };

      g_option_context_add_main_entries (context, entries, NULL);
    }
  if (commands[i].moderation)
    add_moderation_entries (context, &o);

  /* Parse after the command name, keeping argv[0] for messages. */
  argv[1] = argv[0];
  argc--;
  argv++;
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("plaza-server %s: %s\n", name, error->message);
      return 2;
    }

  plz_log_init (o.verbose);

  if (g_str_equal (name, "version"))
    {
      g_print ("plaza-server %s (schema %" G_GINT64_FORMAT ")\n", PACKAGE_VERSION,
               plz_migrations_latest_version ());
      return 0;
    }
  if (g_str_equal (name, "backup"))
    {
      if (argc != 2)
        {
          g_printerr ("plaza-server backup: give exactly one FILE to write\n");
          return 2;
        }
      return cmd_backup (&o, argv[1]);
    }
  if (g_str_equal (name, "admin"))
    return cmd_admin (&o, argc, argv);
  if (g_str_equal (name, "moderation"))
    return cmd_moderation (&o, argc, argv);
  if (argc != 1)
    {
      g_printerr ("plaza-server %s: unexpected argument “%s”\n", name, argv[1]);
      return 2;
    }
  if (o.listings < 0 || o.listings > 1000000)
    {
      g_printerr ("plaza-server seed-demo: --listings takes 0 to 1000000\n");
      return 2;
    }
  if (g_str_equal (name, "serve"))
    return cmd_serve (&o);
  if (g_str_equal (name, "migrate"))
    return cmd_migrate (&o);
  return cmd_seed_demo (&o);
}
