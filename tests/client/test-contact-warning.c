/* test-contact-warning.c — the composer's live contact check: words per kind
 * and stage, highlighted spans, blocking, refusals from the server */

#include "config.h"

#include <adwaita.h>

#include "plz-client-test.h"
#include "plz-contact-warning.h"

typedef struct
{
  PlzContactWarning *warning;
  GtkTextBuffer     *buffer;
  guint              blocked_notes;
} Fixture;

static void
blocked_notified_cb (Fixture *f)
{
  f->blocked_notes++;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->warning = g_object_ref_sink (plz_contact_warning_new ());
  f->buffer = gtk_text_buffer_new (NULL);
  plz_contact_warning_attach (f->warning, f->buffer);
  g_signal_connect_swapped (f->warning, "notify::blocked", G_CALLBACK (blocked_notified_cb), f);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->warning);
  g_clear_object (&f->buffer);
}

static gboolean
state_is_not_clear (gpointer data)
{
  return !g_str_equal (plz_contact_warning_get_state (data), "clear");
}

static gboolean
state_is_clear (gpointer data)
{
  return g_str_equal (plz_contact_warning_get_state (data), "clear");
}

/* Types @text as a person would (the check waits for the pause after it). */
static void
type_text (Fixture    *f,
           const char *text)
{
  GtkTextIter end;

  gtk_text_buffer_get_end_iter (f->buffer, &end);
  gtk_text_buffer_insert_interactive (f->buffer, &end, text, -1, TRUE);
}

/* The text of each run tagged as a finding, joined by "|". */
static char *
tagged_text (GtkTextBuffer *buffer)
{
  GtkTextTag *tag = gtk_text_tag_table_lookup (gtk_text_buffer_get_tag_table (buffer), PLZ_CONTACT_WARNING_TAG);
  g_autoptr(GString) out = g_string_new (NULL);
  GtkTextIter iter;

  if (tag == NULL)
    return g_strdup ("");
  gtk_text_buffer_get_start_iter (buffer, &iter);
  while (gtk_text_iter_starts_tag (&iter, tag) || gtk_text_iter_forward_to_tag_toggle (&iter, tag))
    {
      GtkTextIter end = iter;
      g_autofree char *run = NULL;

      if (!gtk_text_iter_starts_tag (&iter, tag))
        break;
      gtk_text_iter_forward_to_tag_toggle (&end, tag);
      run = gtk_text_iter_get_text (&iter, &end);
      if (out->len > 0)
        g_string_append_c (out, '|');
      g_string_append (out, run);
      iter = end;
      if (gtk_text_iter_is_end (&iter))
        break;
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static void
test_words_per_kind (Fixture       *f,
                     gconstpointer  data)
{
  const struct
  {
    const char *text;
    const char *state;
    const char *words;
    const char *tagged;
  } cases[] = {
    { "Call me on 082 555 1234 tomorrow", "blocked", "“082 555 1234” looks like a phone number", "082 555 1234" },
    { "Mail me at thandi.nkosi@gmail.com please", "blocked", "looks like an email address", "Mail me|thandi.nkosi@gmail.com" },
    { "Find me on insta @shine_valet_jhb", "blocked", "“@shine_valet_jhb” looks like a social media or messaging handle", NULL },
    { "see www.shinevalet.co.za for prices", "blocked", "is a link away from Plaza", "www.shinevalet.co.za" },
    { "Just pay me cash and we skip the fee", "blocked", "asks for payment outside Plaza", "pay me cash|skip the fee" },
    { "WhatsApp me", "warning", "“WhatsApp me” invites them to another messaging app", "WhatsApp me" },
    { "what's your number?", "warning", "asks for contact details", "what's your number" },
    { "lets take this off the app", "warning", "suggests dealing outside Plaza", "take this off" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *tagged = NULL;

      g_test_message ("%s", cases[i].text);
      gtk_text_buffer_set_text (f->buffer, "", -1);
      plz_contact_warning_check_now (f->warning);
      g_assert_cmpstr (plz_contact_warning_get_state (f->warning), ==, "clear");

      type_text (f, cases[i].text);
      /* Typing stays quick: the check waits for the pause. */
      g_assert_cmpstr (plz_contact_warning_get_state (f->warning), ==, "clear");
      g_assert_true (plz_test_wait_until (state_is_not_clear, f->warning, 2000));

      g_assert_cmpstr (plz_contact_warning_get_state (f->warning), ==, cases[i].state);
      g_assert_nonnull (strstr (plz_contact_warning_get_message (f->warning), cases[i].words));
      g_assert_cmpint (plz_contact_warning_get_blocked (f->warning), ==, g_str_equal (cases[i].state, "blocked"));
      if (g_str_equal (cases[i].state, "blocked"))
        g_assert_nonnull (strstr (plz_contact_warning_get_reason (f->warning), "to send"));
      else
        {
          g_assert_null (plz_contact_warning_get_reason (f->warning));
          /* Medium risk is delivered with the details hidden: the sender is told. */
          g_assert_nonnull (strstr (plz_contact_warning_get_message (f->warning), "Plaza will hide it"));
        }
      tagged = tagged_text (f->buffer);
      if (cases[i].tagged != NULL)
        g_assert_cmpstr (tagged, ==, cases[i].tagged);
      else
        g_assert_cmpstr (tagged, !=, "");
    }
}

static void
test_ordinary_text (Fixture       *f,
                    gconstpointer  data)
{
  type_text (f, "Can you come at 10:30 on Saturday? R1 200.00 is fine, unit 4B, 12 Main Road.");
  plz_test_spin (400);
  g_assert_cmpstr (plz_contact_warning_get_state (f->warning), ==, "clear");
  g_assert_null (plz_contact_warning_get_message (f->warning));
  g_assert_false (plz_contact_warning_get_blocked (f->warning));
  g_assert_cmpuint (f->blocked_notes, ==, 0);
}

/* The detector counts bytes, the buffer characters: é is two bytes, ☕ three. */
static void
test_span_offsets (Fixture       *f,
                   gconstpointer  data)
{
  GtkTextTag *tag;
  GtkTextIter iter;
  g_autofree char *tagged = NULL;

  type_text (f, "Café owner ☕ here, bel my 082 555 1234 asseblief");
  g_assert_true (plz_test_wait_until (state_is_not_clear, f->warning, 2000));
  tag = gtk_text_tag_table_lookup (gtk_text_buffer_get_tag_table (f->buffer), PLZ_CONTACT_WARNING_TAG);
  g_assert_nonnull (tag);

  gtk_text_buffer_get_iter_at_offset (f->buffer, &iter, 26);
  g_assert_true (gtk_text_iter_starts_tag (&iter, tag));
  gtk_text_buffer_get_iter_at_offset (f->buffer, &iter, 25);
  g_assert_false (gtk_text_iter_has_tag (&iter, tag));
  gtk_text_buffer_get_iter_at_offset (f->buffer, &iter, 38);
  g_assert_true (gtk_text_iter_ends_tag (&iter, tag));
  tagged = tagged_text (f->buffer);
  g_assert_cmpstr (tagged, ==, "082 555 1234");
}

static void
test_high_blocks_and_editing_clears (Fixture       *f,
                                     gconstpointer  data)
{
  GtkTextIter start, end;
  g_autofree char *tagged = NULL;

  type_text (f, "Hi! My number is 082 555 1234, see you then");
  g_assert_true (plz_test_wait_until (state_is_not_clear, f->warning, 2000));
  g_assert_true (plz_contact_warning_get_blocked (f->warning));
  g_assert_cmpuint (f->blocked_notes, ==, 1);
  g_assert_cmpstr (plz_contact_warning_get_reason (f->warning), ==,
                   "Remove the phone number to send: contact details stay on Plaza until a booking is confirmed.");

  /* Deleting the number (and the words leading to it) clears everything. */
  gtk_text_buffer_get_iter_at_offset (f->buffer, &start, 4);
  gtk_text_buffer_get_iter_at_offset (f->buffer, &end, 30);
  gtk_text_buffer_delete_interactive (f->buffer, &start, &end, TRUE);
  g_assert_true (plz_test_wait_until (state_is_clear, f->warning, 2000));
  g_assert_false (plz_contact_warning_get_blocked (f->warning));
  g_assert_null (plz_contact_warning_get_reason (f->warning));
  g_assert_null (plz_contact_warning_get_message (f->warning));
  g_assert_cmpuint (f->blocked_notes, ==, 2);
  tagged = tagged_text (f->buffer);
  g_assert_cmpstr (tagged, ==, "");
}

static void
test_post_booking (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *tagged = NULL;

  plz_contact_warning_set_stage (f->warning, "post_booking");
  g_assert_cmpstr (plz_contact_warning_get_stage (f->warning), ==, "post_booking");
  type_text (f, "Great, booked! My number is 082 555 1234 for the day");
  plz_test_spin (400);
  g_assert_cmpstr (plz_contact_warning_get_state (f->warning), ==, "clear");
  g_assert_false (plz_contact_warning_get_blocked (f->warning));
  tagged = tagged_text (f->buffer);
  g_assert_cmpstr (tagged, ==, "");

  /* Paying outside Plaza still earns a mild note, never a block. */
  gtk_text_buffer_set_text (f->buffer, "Just pay me cash on the day and we skip the fee", -1);
  g_assert_true (plz_test_wait_until (state_is_not_clear, f->warning, 2000));
  g_assert_cmpstr (plz_contact_warning_get_state (f->warning), ==, "note");
  g_assert_false (plz_contact_warning_get_blocked (f->warning));
  g_assert_nonnull (strstr (plz_contact_warning_get_message (f->warning), "not protected"));

  /* Back before a booking (a cancelled one), the same text blocks at once. */
  plz_contact_warning_set_stage (f->warning, "pre_booking");
  g_assert_cmpstr (plz_contact_warning_get_state (f->warning), ==, "blocked");
  g_assert_true (plz_contact_warning_get_blocked (f->warning));
}

static void
test_bad_stage (Fixture       *f,
                gconstpointer  data)
{
  type_text (f, "082 555 1234");
  plz_contact_warning_check_now (f->warning);
  g_test_expect_message ("plaza", G_LOG_LEVEL_WARNING, "*Unknown conversation stage*");
  plz_contact_warning_set_stage (f->warning, "sometime");
  g_test_assert_expected_messages ();
  g_assert_cmpstr (plz_contact_warning_get_stage (f->warning), ==, "pre_booking");
  g_assert_true (plz_contact_warning_get_blocked (f->warning));
}

static void
test_refusal (Fixture       *f,
              gconstpointer  data)
{
  const char *words = "Messages before a booking are paused until 14:05 UTC because contact details were shared "
                      "again and again. Messages about confirmed bookings still go through.";

  type_text (f, "Can I come on Tuesday?");
  plz_contact_warning_check_now (f->warning);
  g_assert_false (plz_contact_warning_get_blocked (f->warning));

  plz_contact_warning_show_refusal (f->warning, "sending_restricted", words);
  g_assert_cmpstr (plz_contact_warning_get_state (f->warning), ==, "refused");
  g_assert_cmpstr (plz_contact_warning_get_message (f->warning), ==, words);
  g_assert_true (plz_contact_warning_get_blocked (f->warning));
  g_assert_cmpstr (plz_contact_warning_get_reason (f->warning), ==, words);

  /* A change to the text is a new attempt: the server's words go. */
  type_text (f, " Or Wednesday?");
  g_assert_true (plz_test_wait_until (state_is_clear, f->warning, 2000));
  g_assert_false (plz_contact_warning_get_blocked (f->warning));

  /* Without the server's words, plain ones for the code. */
  plz_contact_warning_show_refusal (f->warning, "contact_details_not_allowed", NULL);
  g_assert_nonnull (strstr (plz_contact_warning_get_message (f->warning), "was not sent"));
  plz_contact_warning_show_refusal (f->warning, "something_else", "");
  g_assert_cmpstr (plz_contact_warning_get_message (f->warning), ==, "The server did not accept this message.");
  g_assert_true (plz_contact_warning_get_blocked (f->warning));
}

/* After a send delivered with details hidden the composer empties its text and
 * shows the server's notice, which stays until the next change. */
static void
test_notice (Fixture       *f,
             gconstpointer  data)
{
  const char *notice = "Your message was delivered with an invitation to another messaging app hidden.";

  type_text (f, "WhatsApp me");
  plz_contact_warning_check_now (f->warning);
  g_assert_cmpstr (plz_contact_warning_get_state (f->warning), ==, "warning");
  gtk_text_buffer_set_text (f->buffer, "", -1);
  plz_contact_warning_show_notice (f->warning, notice);
  plz_test_spin (300);
  g_assert_cmpstr (plz_contact_warning_get_state (f->warning), ==, "notice");
  g_assert_cmpstr (plz_contact_warning_get_message (f->warning), ==, notice);
  g_assert_false (plz_contact_warning_get_blocked (f->warning));

  /* Nothing to say changes nothing. */
  plz_contact_warning_show_notice (f->warning, "");
  plz_contact_warning_show_notice (f->warning, NULL);
  g_assert_cmpstr (plz_contact_warning_get_message (f->warning), ==, notice);

  type_text (f, "Thanks");
  g_assert_true (plz_test_wait_until (state_is_clear, f->warning, 2000));
}

/* The Why? link names itself for screen readers and explains the three reasons. */
static void
test_why (Fixture       *f,
          gconstpointer  data)
{
  GtkWidget *button = plz_test_find_widget (GTK_WIDGET (f->warning), GTK_TYPE_MENU_BUTTON);
  GtkPopover *popover;

  g_assert_nonnull (button);
  popover = gtk_menu_button_get_popover (GTK_MENU_BUTTON (button));
  g_assert_nonnull (popover);
  for (const char * const *word = (const char * const[]) { "Why contact stays on Plaza", "Protection:", "Payment:",
                                                           "Reviews:", NULL };
       *word != NULL; word++)
    {
      gboolean found = FALSE;

      for (GtkWidget *child = gtk_widget_get_first_child (gtk_popover_get_child (popover));
           child != NULL; child = gtk_widget_get_next_sibling (child))
        found |= GTK_IS_LABEL (child) && g_str_has_prefix (gtk_label_get_label (GTK_LABEL (child)), *word);
      g_assert_true (found);
    }
  g_assert_true (gtk_widget_get_visible (button));
}

static void
test_detach (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *tagged = NULL;

  type_text (f, "082 555 1234");
  plz_contact_warning_check_now (f->warning);
  g_assert_true (plz_contact_warning_get_blocked (f->warning));
  plz_contact_warning_attach (f->warning, NULL);
  g_assert_false (plz_contact_warning_get_blocked (f->warning));
  tagged = tagged_text (f->buffer);
  g_assert_cmpstr (tagged, ==, "");
  /* A detached buffer is not watched any more. */
  type_text (f, " and jo@example.com");
  plz_test_spin (300);
  g_assert_cmpstr (plz_contact_warning_get_state (f->warning), ==, "clear");
}

/* 100 KB pasted at once: the paste itself does no scanning, and the scan
 * and the highlighting that follow stay well under a frame budget or two. */
static void
test_big_paste (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GString) text = g_string_new (NULL);
  gint64 before, pasted, checked;
  g_autofree char *tagged = NULL;

  for (guint i = 0; text->len < 100 * 1024; i++)
    {
      if (i % 50 == 49)
        g_string_append_printf (text, "Ring me on 082 555 %04u please. ", i % 10000);
      else
        g_string_append (text, "The car wash at 10:30 costs R350 and takes about 45 minutes, ok? ");
    }

  before = g_get_monotonic_time ();
  type_text (f, text->str);
  pasted = g_get_monotonic_time ();
  plz_contact_warning_check_now (f->warning);
  checked = g_get_monotonic_time ();
  g_test_message ("paste %.1f ms, check %.1f ms", (pasted - before) / 1000.0, (checked - pasted) / 1000.0);

  g_assert_cmpint (checked - pasted, <, 500 * 1000);
  g_assert_true (plz_contact_warning_get_blocked (f->warning));
  tagged = tagged_text (f->buffer);
  g_assert_nonnull (strstr (tagged, "082 555 0049"));

  /* A 100 KB run of digits, the detector's worst kind of input. */
  gtk_text_buffer_set_text (f->buffer, "", -1);
  g_string_truncate (text, 0);
  for (guint i = 0; i < 100 * 1024; i++)
    g_string_append_c (text, (char) ('0' + i % 10));
  type_text (f, text->str);
  before = g_get_monotonic_time ();
  plz_contact_warning_check_now (f->warning);
  checked = g_get_monotonic_time ();
  g_test_message ("digits: check %.1f ms", (checked - before) / 1000.0);
  g_assert_cmpint (checked - before, <, 500 * 1000);
}

int
main (int   argc,
      char *argv[])
{
  if (!plz_test_init_gtk (&argc, &argv))
    return 0;

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/contact-warning/words-per-kind", test_words_per_kind);
  ADD ("/contact-warning/ordinary-text", test_ordinary_text);
  ADD ("/contact-warning/span-offsets", test_span_offsets);
  ADD ("/contact-warning/high-blocks-editing-clears", test_high_blocks_and_editing_clears);
  ADD ("/contact-warning/post-booking", test_post_booking);
  ADD ("/contact-warning/bad-stage", test_bad_stage);
  ADD ("/contact-warning/refusal", test_refusal);
  ADD ("/contact-warning/notice", test_notice);
  ADD ("/contact-warning/why", test_why);
  ADD ("/contact-warning/detach", test_detach);
  ADD ("/contact-warning/big-paste", test_big_paste);
#undef ADD

  return g_test_run ();
}
