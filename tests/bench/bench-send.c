/* bench-send.c — the send path's store and domain work alone, in process:
 * what one message costs in SQLite, the contact policy, the event log and
 * the event frames, without sockets or the disk's sync. Seeds N pairs, wires
 * the server's modules as plaza-server does, then commits batches of sends
 * (as the stream's group commit does) with every recipient online and
 * prints the CPU per message. Run under perf to see where it goes.
 *
 * Usage: bench-send [--pairs 500] [--messages 50000] [--batch 50] */
#include "plz-test-seed.h"
#include "plz-config.h"
#include "accounts/plz-accounts.h"
#include "accounts/plz-accounts-store.h"
#include "bookings/plz-bookings.h"
#include "catalogue/plz-catalogue.h"
#include "events/plz-events.h"
#include "jobs/plz-jobs.h"
#include "messaging/plz-messaging.h"
#include "moderation/plz-moderation.h"
#include "store/plz-store.h"
#include "plz-test-server.h"

#include <stdio.h>
#include <sys/resource.h>

static int n_pairs = 500;
static int n_messages = 50000;
static int batch_size = 50;

static GOptionEntry entries[] = {
  { "pairs", 0, 0, G_OPTION_ARG_INT, &n_pairs, "Conversations", "N" },
  { "messages", 0, 0, G_OPTION_ARG_INT, &n_messages, "Messages to send", "N" },
  { "batch", 0, 0, G_OPTION_ARG_INT, &batch_size, "Sends per commit", "N" },
  { NULL }
};

typedef struct
{
  PlzMessaging *messaging;
  GPtrArray    *pairs;
  GPtrArray    *users;    /* PlzUser, consumer then operator per pair */
  guint         next;
  guint         count;
  guint         failed;
} Batch;

static gboolean
always_online (const char *user_id,
               gpointer    data)
{
  return TRUE;
}

/* What the stream does with each event after the commit: its frame text. */
static gsize frame_bytes;

static void
event_cb (const PlzEvent *event,
          gpointer        data)
{
  g_autofree char *text = plz_events_frame_text (event);

  frame_bytes += strlen (text);
}

static gboolean
batch_txn (PlzStore  *store,
           gpointer   data,
           GError   **error)
{
  Batch *b = data;

  for (guint i = 0; i < b->count; i++, b->next++)
    {
      guint p = b->next % b->pairs->len;
      PlzTestPair *pair = b->pairs->pdata[p];
      /* Consumers and operators take turns, as a chat does. */
      PlzUser *user = b->users->pdata[2 * p + (b->next / b->pairs->len) % 2];
      g_autofree char *client_id = g_strdup_printf ("bench-%u", b->next);
      g_autoptr(GError) local = NULL;
      g_autofree char *ack = plz_messaging_send_in_transaction_text (b->messaging, user, pair->conversation_id,
                                                                      "Hi, are you free on Saturday morning to "
                                                                      "look at the geyser? It drips a little.",
                                                                      client_id, &local);

      if (ack == NULL)
        b->failed++;
    }
  return TRUE;
}

static double
cpu_seconds (void)
{
  struct rusage ru;

  getrusage (RUSAGE_SELF, &ru);
  return ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 + ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6;
}

int
main (int argc, char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("— the send path's CPU per message");
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("plaza-bench-send-XXXXXX", NULL);
  g_autoptr(GPtrArray) pairs = NULL;
  g_autoptr(GPtrArray) users = g_ptr_array_new_with_free_func ((GDestroyNotify) plz_user_free);
  PlzConfig *config = plz_config_new ();
  g_autofree char *db_path = NULL;
  PlzStore *store;
  PlzAccounts *accounts;
  PlzCatalogue *catalogue;
  PlzEvents *events;
  PlzMessaging *messaging;
  PlzModeration *moderation;
  PlzJobs *jobs;
  PlzBookings *bookings;
  Batch b = { 0 };
  double start, cpu;
  gint64 wall;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  pairs = plz_test_seed_pairs (dir, n_pairs, &error);
  g_assert_no_error (error);

  g_free (config->data_dir);
  config->data_dir = g_strdup (dir);
  db_path = plz_config_get_db_path (config);
  store = plz_store_open_and_migrate (db_path, &error);
  g_assert_no_error (error);
  /* The CPU of the commit without the disk's latency (the stream syncs on a
   * thread of its own). */
  g_assert_true (plz_store_exec (store, "PRAGMA synchronous = OFF", NULL));
  /* The server checkpoints on a thread of its own (plz-checkpointer.c). */
  g_assert_true (plz_store_exec (store, "PRAGMA wal_autocheckpoint = 0", NULL));
  accounts = plz_accounts_new (store, config);
  catalogue = plz_catalogue_new (store, config, &error);
  g_assert_no_error (error);
  events = plz_events_new (store);
  messaging = plz_messaging_new (store, events, catalogue);
  plz_accounts_set_events (accounts, events);
  moderation = plz_moderation_new (store, config, accounts);
  plz_messaging_set_moderation (messaging, moderation);
  jobs = plz_jobs_new (store);
  bookings = plz_bookings_new (store, events, messaging, catalogue, jobs);
  plz_messaging_set_online_func (messaging, always_online, NULL);
  plz_events_subscribe_full (events, event_cb, NULL);

  for (guint i = 0; i < pairs->len; i++)
    {
      PlzTestPair *pair = pairs->pdata[i];

      g_ptr_array_add (users, plz_accounts_store_get_user (store, pair->consumer_id, NULL));
      g_ptr_array_add (users, plz_accounts_store_get_user (store, pair->operator_id, NULL));
    }
  b = (Batch) { messaging, pairs, users, 0, 0, 0 };

  start = cpu_seconds ();
  wall = g_get_monotonic_time ();
  while (b.next < (guint) n_messages)
    {
      b.count = MIN ((guint) batch_size, n_messages - b.next);
      if (!plz_store_transaction (store, batch_txn, &b, &error))
        g_error ("Cannot commit: %s", error->message);
    }
  cpu = cpu_seconds () - start;
  wall = g_get_monotonic_time () - wall;
  printf ("%d messages in %d conversations, %d per commit: %.1f us CPU per message, %.0f msgs/s on one core; "
          "%u refused; event frames %.0f bytes per message\n",
          n_messages, n_pairs, batch_size, cpu * 1e6 / n_messages, n_messages / (wall / 1e6),
          b.failed, (double) frame_bytes / n_messages);

  plz_bookings_free (bookings);
  plz_jobs_free (jobs);
  plz_moderation_free (moderation);
  plz_messaging_free (messaging);
  plz_events_free (events);
  plz_catalogue_free (catalogue);
  plz_accounts_free (accounts);
  plz_store_close (store);
  g_object_unref (store);
  plz_config_free (config);
  plz_test_rm_rf (dir);
  return b.failed == 0 ? 0 : 1;
}
