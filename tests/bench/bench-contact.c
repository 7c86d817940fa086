/* bench-contact.c — contact detector throughput on one core: typical chat
 * messages of about 100 characters, mostly ordinary, some sharing contact.
 * Usage: bench-contact [--seconds S] [--contact-share PERCENT].
 * Prints messages per second and µs per message (p50, p99). Throughput is
 * given per second of this thread's CPU time, so that other work on a shared
 * machine does not count; pin it to a core with taskset all the same. */
#include "plz-contact-detector.h"

#include <locale.h>
#include <string.h>
#include <time.h>

static gint64
clock_ns (clockid_t clock)
{
  struct timespec ts;

  clock_gettime (clock, &ts);
  return (gint64) ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static gint64
now_ns (void)
{
  return clock_ns (CLOCK_MONOTONIC);
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

static const char *clean[] = {
  "Hi, are you available on Saturday morning for a deep clean? It's 3 bedrooms and 2 bathrooms.",
  "For that size it's R1 200.00 including materials, I'll be there at 08:30 if that works for you.",
  "The address is 12 Main Road, Rondebosch, 7700. It's the house with the green gate, dogs are friendly.",
  "Booking PLZ-4821 confirmed for Tuesday, 14h00 to 17h30. Please bring the pressure washer for the paving.",
  "My son needs help with grade 10 maths, mostly algebra. He's writing the June exams in 3 weeks' time.",
  "The leak is under the kitchen sink and the toilet runs non-stop since Tuesday. Can you come today?",
  "My car is CA 123-456, a white Corolla parked in bay 14. The keys are with the guard at gate 3.",
  "Rated you 5 stars, thanks so much! The house looks amazing, see you again in two weeks on the 12th.",
  "Can you do R1 050 for both bathrooms? I'm a pensioner. I'll pay through the app as usual, of course.",
  "Lessons on Tuesdays from 17:00 till 18:30 at the Randburg library, room 3. Past papers from 2021 please.",
  "The room is 3.5m x 2.4m, about 60 m2 of tiling. The grout needs redoing in the shower, 2 coats of sealer.",
  "Sorry, running 10 minutes late, stuck behind a truck on the N1. I'll message you here when I'm outside.",
  "Eish, loadshedding from 16:00 to 18:30 today, can we start at 9 so we finish before the power goes?",
  "Please send the updated quote through Plaza with the extra room, then I'll accept it in the app tonight.",
};

static const char *contact[] = {
  "Hi, it's easier if you just call me on 082 555 1234, I don't check this app very often to be honest.",
  "Whatsapp me on 079 884 2210 and I'll send you pictures of my previous work, much quicker than here.",
  "my number is zero eight two five five five one two three four, save it and sms me when you arrive",
  "Pay me directly and we avoid the app fee, I'll give you my banking details: Capitec, acc 1234567890.",
  "email me at thandi.mokoena@gmail.com and I'll send the full price list for the deep clean packages",
  "Follow me on insta @glowbynaledi for before and after pics, then DM me there for a better price ok",
};

int
main (int argc, char **argv)
{
  double seconds = 3;
  int share = 30;
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  const GOptionEntry entries[] = {
    { "seconds", 's', 0, G_OPTION_ARG_DOUBLE, &seconds, "How long to run (default 3)", "S" },
    { "contact-share", 'c', 0, G_OPTION_ARG_INT, &share, "Percent of messages with contact (default 30)", "PERCENT" },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) mix = g_ptr_array_new ();
  g_autoptr(GRand) rand = g_rand_new_with_seed (6);
  g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) lengths = g_array_new (FALSE, FALSE, sizeof (glong));
  gint64 deadline, total_ns = 0, cpu_start, cpu_ns;
  gsize chars = 0, flagged = 0;
  guint n = 0;

  setlocale (LC_ALL, "");
  g_option_context_add_main_entries (context, entries, NULL);
  g_option_context_set_summary (context, "Contact detector throughput on typical chat messages.");
  if (!g_option_context_parse (context, &argc, &argv, &error) || seconds <= 0 || share < 0 || share > 100)
    {
      g_printerr ("bench-contact: %s\n", error != NULL ? error->message : "bad --seconds or --contact-share");
      return 2;
    }

  /* A shuffled mix of 1000 messages with the asked share of contact. */
  for (guint i = 0; i < 1000; i++)
    {
      gboolean c = g_rand_int_range (rand, 0, 100) < share;

      g_ptr_array_add (mix, (gpointer) (c ? contact[g_rand_int_range (rand, 0, G_N_ELEMENTS (contact))]
                                          : clean[g_rand_int_range (rand, 0, G_N_ELEMENTS (clean))]));
    }

  /* Warm up: compiles the patterns and sizes the per-thread buffers. */
  for (guint i = 0; i < mix->len; i++)
    {
      glong chars_i = g_utf8_strlen (mix->pdata[i], -1);

      g_array_append_val (lengths, chars_i);
      plz_contact_result_free (plz_contact_scan (mix->pdata[i], -1));
    }

  deadline = now_ns () + (gint64) (seconds * 1e9);
  cpu_start = clock_ns (CLOCK_THREAD_CPUTIME_ID);
  while (now_ns () < deadline)
    for (guint i = 0; i < mix->len; i++, n++)
      {
        const char *text = mix->pdata[i];
        gint64 t0 = now_ns ();
        PlzContactResult *r = plz_contact_scan (text, -1);
        gint64 t1 = now_ns ();
        double us = (t1 - t0) / 1000.0;

        flagged += r->risk >= PLZ_CONTACT_RISK_MEDIUM;
        chars += g_array_index (lengths, glong, i);
        total_ns += t1 - t0;
        g_array_append_val (times, us);
        plz_contact_result_free (r);
      }

  cpu_ns = clock_ns (CLOCK_THREAD_CPUTIME_ID) - cpu_start;
  g_array_sort (times, compare_doubles);
  {
    const double *t = (const double *) times->data;

    g_print ("messages: %u (%.0f characters on average, %.0f %% flagged)\n", n, (double) chars / n,
             100.0 * flagged / n);
    g_print ("throughput: %.0f messages/s per second of CPU time on one core "
             "(%.0f per second of wall time inside plz_contact_scan)\n",
             n / (cpu_ns / 1e9), n / (total_ns / 1e9));
    g_print ("per message: p50 %.1f µs, p99 %.1f µs, max %.1f µs\n", t[times->len / 2],
             t[(gsize) (times->len * 0.99)], t[times->len - 1]);
  }
  return 0;
}
