/* test-contact-corpus.c — the contact detector against a labelled corpus of
 * marketplace chat: recall on messages that share or ask for contact, false
 * positives on ordinary ones, on the tuning set and on a held-out set */
#include "plz-contact-detector.h"

#include <string.h>

#define MIN_RECALL 0.97
#define MAX_FALSE_POSITIVES 0.02

typedef struct
{
  guint  total;
  guint  flagged;
  GPtrArray *wrong;  /* messages on the wrong side, with what was found */
} Tally;

static gboolean
flagged (const PlzContactResult *r)
{
  return r->risk >= PLZ_CONTACT_RISK_MEDIUM;
}

static char *
describe (const char             *line,
          const PlzContactResult *r)
{
  GString *s = g_string_new (NULL);

  g_string_append_printf (s, "[%s %.2f] %s", plz_contact_risk_name (r->risk), r->score, line);
  for (guint i = 0; i < r->findings->len; i++)
    {
      const PlzContactFinding *f = &g_array_index (r->findings, PlzContactFinding, i);

      g_string_append_printf (s, "\n      %s %.2f “%.*s”", plz_contact_kind_name (f->kind),
                              f->confidence, (int) (f->end - f->start), line + f->start);
    }
  return g_string_free (s, FALSE);
}

static Tally
run_file (const char *name,
          gboolean    contact)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "contact-corpus", name, NULL);
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) lines = NULL;
  Tally t = { 0, 0, g_ptr_array_new_with_free_func (g_free) };

  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autoptr(PlzContactResult) r = NULL;

      if (lines[i][0] == '\0')
        continue;
      r = plz_contact_scan (lines[i], -1);
      t.total++;
      if (flagged (r))
        t.flagged++;
      if (flagged (r) != contact)
        g_ptr_array_add (t.wrong, describe (lines[i], r));
    }
  return t;
}

static void
report (const char *what,
        Tally      *contact,
        Tally      *clean,
        gboolean    list,
        double     *recall,
        double     *fp)
{
  *recall = (double) contact->flagged / contact->total;
  *fp = (double) clean->flagged / clean->total;
  g_test_message ("%s: recall %.1f %% (%u of %u contact messages), false positives %.1f %% (%u of %u clean)",
          what, 100 * *recall, contact->flagged, contact->total, 100 * *fp, clean->flagged, clean->total);
  if (!list)
    return;
  for (guint i = 0; i < contact->wrong->len; i++)
    g_test_message ("  missed: %s", (char *) contact->wrong->pdata[i]);
  for (guint i = 0; i < clean->wrong->len; i++)
    g_test_message ("  false positive: %s", (char *) clean->wrong->pdata[i]);
}

/* Tuned on: misses are listed so they can be studied. */
static void
test_tuning_set (void)
{
  Tally contact = run_file ("contact.txt", TRUE);
  Tally clean = run_file ("clean.txt", FALSE);
  double recall, fp;

  g_assert_cmpuint (contact.total, >=, 350);
  g_assert_cmpuint (clean.total, >=, 350);
  report ("tuning set", &contact, &clean, TRUE, &recall, &fp);
  g_assert_cmpfloat (recall, >=, MIN_RECALL);
  g_assert_cmpfloat (fp, <=, MAX_FALSE_POSITIVES);
  g_ptr_array_unref (contact.wrong);
  g_ptr_array_unref (clean.wrong);
}

/* Never tuned on: only the figures are shown, unless PLAZA_SHOW_HELDOUT is set,
 * so that the rules cannot be fitted to it by accident. */
static void
test_held_out_set (void)
{
  Tally contact = run_file ("contact-heldout.txt", TRUE);
  Tally clean = run_file ("clean-heldout.txt", FALSE);
  double recall, fp;

  g_assert_cmpuint (contact.total, >=, 100);
  g_assert_cmpuint (clean.total, >=, 100);
  report ("held-out set", &contact, &clean, g_getenv ("PLAZA_SHOW_HELDOUT") != NULL, &recall, &fp);
  g_assert_cmpfloat (recall, >=, MIN_RECALL);
  g_assert_cmpfloat (fp, <=, MAX_FALSE_POSITIVES);
  g_ptr_array_unref (contact.wrong);
  g_ptr_array_unref (clean.wrong);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/contact-corpus/tuning", test_tuning_set);
  g_test_add_func ("/contact-corpus/held-out", test_held_out_set);
  return g_test_run ();
}
