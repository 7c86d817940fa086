/* test-contact-detector.c — the contact detector case by case: each disguise,
 * each thing it must leave alone, spans in the original text, redaction, and
 * inputs built to hurt (huge, invalid, backtracking bait) */
#include "plz-contact-detector.h"

#include <string.h>

/* The finding of @kind in @r, or NULL. */
static const PlzContactFinding *
find_kind (const PlzContactResult *r,
           PlzContactKind          kind)
{
  for (guint i = 0; i < r->findings->len; i++)
    {
      const PlzContactFinding *f = &g_array_index (r->findings, PlzContactFinding, i);

      if (f->kind == kind)
        return f;
    }
  return NULL;
}

static char *
describe (const char             *text,
          const PlzContactResult *r)
{
  GString *s = g_string_new (NULL);

  g_string_append_printf (s, "“%s” → %s %.2f", text, plz_contact_risk_name (r->risk), r->score);
  for (guint i = 0; i < r->findings->len; i++)
    {
      const PlzContactFinding *f = &g_array_index (r->findings, PlzContactFinding, i);

      g_string_append_printf (s, "; %s %.2f “%.*s”", plz_contact_kind_name (f->kind), f->confidence,
                              (int) (f->end - f->start), text + f->start);
    }
  return g_string_free (s, FALSE);
}

/* @text must be flagged (medium or high) with a finding of @kind, whose span
 * in the original text is exactly @span when @span is not NULL. */
static void
assert_found (const char     *text,
              PlzContactKind  kind,
              const char     *span)
{
  g_autoptr(PlzContactResult) r = plz_contact_scan (text, -1);
  g_autofree char *what = describe (text, r);
  const PlzContactFinding *f = find_kind (r, kind);

  /* Every case is tried, and each failing one named, before the test fails. */
  if (r->risk < PLZ_CONTACT_RISK_MEDIUM || f == NULL)
    {
      g_test_message ("Expected %s: %s", plz_contact_kind_name (kind), what);
      g_test_fail ();
    }
  else if (span != NULL &&
           (f->end - f->start != strlen (span) || memcmp (text + f->start, span, strlen (span)) != 0))
    {
      g_test_message ("Expected the span “%s”: %s", span, what);
      g_test_fail ();
    }
}

/* @text must stay at low risk or below. */
static void
assert_clean (const char *text)
{
  g_autoptr(PlzContactResult) r = plz_contact_scan (text, -1);

  if (r->risk >= PLZ_CONTACT_RISK_MEDIUM)
    {
      g_autofree char *what = describe (text, r);

      g_test_message ("Expected no contact: %s", what);
      g_test_fail ();
    }
}

#define FOUND(kind, ...) \
  G_STMT_START { \
    const char *cases[] = { __VA_ARGS__ }; \
    for (guint i = 0; i < G_N_ELEMENTS (cases); i++) \
      assert_found (cases[i], kind, NULL); \
  } G_STMT_END

#define CLEAN(...) \
  G_STMT_START { \
    const char *cases[] = { __VA_ARGS__ }; \
    for (guint i = 0; i < G_N_ELEMENTS (cases); i++) \
      assert_clean (cases[i]); \
  } G_STMT_END

/* Phone numbers, plain and disguised ------------------------------------------------ */

static void
test_phone_forms (void)
{
  assert_found ("call me on 082 555 1234 please", PLZ_CONTACT_KIND_PHONE, "082 555 1234");
  assert_found ("+27 82 555 1234", PLZ_CONTACT_KIND_PHONE, "+27 82 555 1234");
  assert_found ("cell 0825551234", PLZ_CONTACT_KIND_PHONE, "0825551234");
  assert_found ("office (011) 555-1234", PLZ_CONTACT_KIND_PHONE, "011) 555-1234");
  assert_found ("+27 (0)21 555 8890", PLZ_CONTACT_KIND_PHONE, "+27 (0)21 555 8890");
  FOUND (PLZ_CONTACT_KIND_PHONE,
         "27825551234", "0027 82 555 1234", "083.412.7765", "083/412/7765", "072-341-9988",
         "+44 7700 900123", "+1 (415) 555-0132", "+263 77 123 4567", "00263 77 998 1122",
         "reach me on 0861 112 233", "R350 082 555 1234");
}

static void
test_phone_words (void)
{
  assert_found ("my number is zero eight two five five five one two three four ok",
                PLZ_CONTACT_KIND_PHONE, "zero eight two five five five one two three four");
  FOUND (PLZ_CONTACT_KIND_PHONE,
         "Oh eight one, three three four, five five six six",
         "ZERO SEVEN TWO FOUR FOUR ONE ZERO ZERO NINE EIGHT",
         "zero sixty one, seven seven eight, nine zero two one",
         "twenty seven eighty two five five five one two three four",
         "082 fivefivefive onetwothreefour",
         /* Afrikaans */
         "nul agt twee vyf vyf vyf een twee drie vier",
         "bel nul sewe twee agt agt een nege nege nul ses",
         /* isiZulu */
         "iqanda isishiyagalombili mbili, ntathu ntathu, ne hlanu hlanu isithupha isikhombisa",
         /* isiXhosa and Sesotho forms mixed with digits */
         "0 sibhozo 2 5 5 5 lithoba 2 3 4");
}

static void
test_phone_double_triple (void)
{
  FOUND (PLZ_CONTACT_KIND_PHONE,
         "zero eight two double five five one two three four",
         "zero seven two triple four one nine nine two",
         "0 double 8, triple 3, 12 34", "oh seven one, double oh eight, eight two two one",
         "nul agt twee dubbel vyf vyf een twee drie vier");
}

static void
test_phone_lookalikes (void)
{
  assert_found ("call O82 555 l234 now", PLZ_CONTACT_KIND_PHONE, "O82 555 l234");
  FOUND (PLZ_CONTACT_KIND_PHONE,
         "my number is O72 S55 8l9O", "O8Two 5S5 1234", "Cell o82 5S5 12E4",
         "o six three, 441, eight eight two o", "08B 555 I234",
         /* digits for letters inside number words */
         "reach me: zer0 eight tw0 5 5 5 one 2 3 4", "0 e1ght 2 f1ve f1ve 5 0ne 2 thr33 4");
}

static void
test_phone_unicode_digits (void)
{
  /* Full-width, Arabic-Indic, circled, keycap emoji, mathematical bold. */
  assert_found ("call ０８２ ５５５ １２３４", PLZ_CONTACT_KIND_PHONE, "０８２ ５５５ １２３４");
  FOUND (PLZ_CONTACT_KIND_PHONE,
         "٠٨٢ ٥٥٥ ١٢٣٤", "⓪⑧② ⑤⑤⑤ ①②③④", "0️⃣8️⃣2️⃣ 5️⃣5️⃣5️⃣ 1️⃣2️⃣3️⃣4️⃣",
         "𝟎𝟖𝟐 𝟓𝟓𝟓 𝟏𝟐𝟑𝟒", "०८२ ५५५ १२३४",
         /* zero-width spaces, a soft hyphen and strike-through marks inside */
         "082\u200b555\u200b1234", "082\u00ad555\u00ad1234", "0̶8̶2̶ 5̶5̶5̶ 1̶2̶3̶4̶");
}

static void
test_phone_separators (void)
{
  FOUND (PLZ_CONTACT_KIND_PHONE,
         "0 8 2 5 5 5 1 2 3 4", "0-8-2-5-5-5-1-2-3-4", "0.7.2.4.4.1.0.0.9.8", "082~555~1234",
         "0 8 2 _ 5 5 5 _ 1 2 3 4", "my cell is 082 and then 555 and then 1234",
         "082 dash 555 dash 1234", "081 pause 334 pause 5566", "0 82 55 51 234",
         "The digits are 0, 8, 2, 5, 5, 5, 1, 2, 3, 4", "My number: 0 (eight) 2 - 555 - (one) 234");
}

static void
test_phone_split (void)
{
  FOUND (PLZ_CONTACT_KIND_PHONE,
         "My number starts 082 555 and ends with 1234",
         "the number is 083 then the rest is 412 7765",
         "I'll give you my number in two parts: 071 229. Second part: 8841",
         "082 555 (that's the start) 1234 (the end)",
         "My number ends in 1234 and starts with 082 555");
}

static void
test_phone_leaves_alone (void)
{
  CLEAN ("R1 200.00 for the whole house", "$45.99 for the brush kit", "R 750,00",
         "Can you come between 09:00 and 11:30?", "I'm free from 14h00 until 17h30",
         "08:30 - 09:15 and 10:00 to 12:00", "10.30 or 11.45, and 12.15 at the latest",
         "Available 05/10, 12/10 and 19/10", "Lessons start 15.06.2025, then 2025-06-22",
         "It takes 2-3 days, about 45 minutes a room", "We need 6 chairs and 2 tables, 20 litres",
         "The job is at 12 Main Road, Rondebosch, 7700", "Unit 4B, 33 Smith Street, Woodstock 7925",
         "Flat 1203, 45 Beach Road", "House 2245, Zone 6, Pimville",
         "Booking PLZ-4821 confirmed", "Order 1002345678 arrives Thursday",
         "Ref 0825551234 on the invoice", "Policy number 0012345678 for the claim",
         "Meter number 04123456789 for the pump", "The room is 3.5m x 2.4m, about 60 m2",
         "Rated 4.8/5 from 87 jobs, 10/10 service", "Been doing this since 2015, the 2019 Polo",
         "10% off for pensioners, 15 % for recurring", "My car is CA 123-456, a white Corolla",
         "Registration ND 456 789 and GP: BC 12 DE GP", "Questions 1 to 12 on page 84",
         "Five rooms, two bathrooms, one kitchen", "I have two dogs, one cat and five chickens",
         "Send it through the app", "Message me here on Plaza", "Pay directly in the app, it's safer",
         "The app will call you when the cleaner is near", "Meet at the gate at 9",
         "See you at 10 on the dot", "The curtains are polka dot");
}

/* Email -------------------------------------------------------------------------- */

static void
test_email (void)
{
  assert_found ("mail thandi.mokoena@gmail.com now", PLZ_CONTACT_KIND_EMAIL, "thandi.mokoena@gmail.com");
  assert_found ("thandi dot mokoena at gmail dot com", PLZ_CONTACT_KIND_EMAIL,
                "thandi dot mokoena at gmail dot com");
  assert_found ("my gmail is nomsa.cleaning", PLZ_CONTACT_KIND_EMAIL, "nomsa.cleaning");
  FOUND (PLZ_CONTACT_KIND_EMAIL,
         "pieter [at] vdmerwe [dot] co [dot] za", "bongi(at)webmail(dot)co(dot)za",
         "nick{at}proton{dot}me", "t h a n d i @ g m a i l . c o m",
         "zanele . ndlovu @ icloud . com", "thabo.molefe＠gmail.com", "ayanda.z at hotmail",
         "gmail: sparklecleanct", "Send the quote to my yahoo, kagiso_m",
         "jobs at sparkleclean dot co dot za",
         /* Cyrillic а inside */
         "thаndi@gmаil.com");
  CLEAN ("The email from Plaza says confirmed", "Check your email from Plaza for the receipt",
         "I got the confirmation email and SMS from the app", "We're at the beach, at home by 4",
         "Meet me at the mall at 2");
}

/* Apps, handles, links ------------------------------------------------------------- */

static void
test_handles_and_apps (void)
{
  assert_found ("follow me on insta @glowbynaledi", PLZ_CONTACT_KIND_HANDLE, "@glowbynaledi");
  assert_found ("IG: capetown_carwash", PLZ_CONTACT_KIND_HANDLE, "capetown_carwash");
  FOUND (PLZ_CONTACT_KIND_HANDLE,
         "my snap is zee.nails", "Add me on Discord: mathsguru#4421", "DM me @nails_by_nomsa",
         "You'll find me on Instagram as sparkleclean_ct", "Skype me, my username is tutor.priya");
  FOUND (PLZ_CONTACT_KIND_MESSAGING_APP,
         "Whatsapp me", "w h a t s a p p me", "Watsapp me pls", "Lets chat on whatsapp rather",
         "can we move to whatsapp?", "add me on telegram", "signal me", "Add me on fb, Lerato",
         "hmu on insta", "Search Sparkle Clean Durban on FB and message us", "w/app me",
         "Lets connect on LinkedIn");
  CLEAN ("I don't use WhatsApp, let's keep it here", "Whatsapp is down for everyone today",
         "I saw your post on Facebook and found you here", "There's no signal in the back room",
         "I'll signal you from the window", "Snap a photo of the meter and send it here",
         "See you @10am", "I'm @home all day", "Snap peas and spinach for the garden",
         "The signal is weak in the bedroom", "Our whatsapp group for the estate says the water is off",
         "I follow your page on Instagram, love the work!");
}

static void
test_links (void)
{
  assert_found ("Click wa.me/27721234567 to chat", PLZ_CONTACT_KIND_LINK, "wa.me/27721234567");
  assert_found ("see www.dlaminiplumbing.co.za.", PLZ_CONTACT_KIND_LINK, "www.dlaminiplumbing.co.za");
  FOUND (PLZ_CONTACT_KIND_LINK,
         "https://capegardens.co.za", "sparkleclean.co.za has specials", "bit.ly/mowmasters",
         "linktr.ee/glowbynaledi", "instagram.com/braidsbyzee", "visit capegardens dot co dot za",
         "t.me/sparkle_ct");
  CLEAN ("Exercise 3.2 number 7", "e.g. the oven, i.e. inside", "R3.20 per kWh",
         "Done.Thanks for today", "The memo is on the department website");
}

/* Payment and dealing off the platform ----------------------------------------------- */

static void
test_payment (void)
{
  FOUND (PLZ_CONTACT_KIND_PAYMENT,
         "Pay me directly and we avoid the app fee", "If you pay cash we can skip the Plaza fee",
         "EFT directly please", "My banking details: Capitec, acc 1234567890",
         "please pay into my account, not through the app", "You can pay me via paypal.me/sipho",
         "Use SnapScan to pay me", "cut out the middleman", "Send via Mama Money",
         "I'll knock R100 off if you pay cash", "We can do it cheaper without Plaza",
         "Betaal my direk, dan is dit goedkoper");
  FOUND (PLZ_CONTACT_KIND_OFF_PLATFORM,
         "let's move this off the app", "Book me directly next time",
         "Don't book through the app", "Cancel the booking and I'll come anyway",
         "I can come without a booking, just pay me on the day");
  CLEAN ("I'll pay through the app as usual", "Payment is through Plaza as usual",
         "The fee on the app is fair, happy to pay it", "I left a cash tip on the counter",
         "No cash needed, everything is on the app", "The app holds the money until the job is done",
         "Can I pay the deposit now in the app?", "Go directly to the back, the front door is locked",
         "I'll come directly from my previous job", "Sorry, I need to cancel, my mom is in hospital",
         "I'll transfer the balance in the app tonight", "Snapscan didn't work at the shop",
         "Not the app's fault, my phone was off", "Cash flow is tight this month",
         "Do you give 10% off for pensioners?", "My account on the app says unverified");
}

static void
test_requests (void)
{
  FOUND (PLZ_CONTACT_KIND_REQUEST,
         "What's your number?", "whats ur cell no", "Send me your whatsapp number",
         "Can I have your email please", "Do you have whatsapp?", "drop your digits",
         "Wat is jou nommer?", "Ngicela inombolo yakho", "How can I reach you outside the app?",
         "Give me a missed call", "Mind sharing your personal cell?");
  CLEAN ("What's your booking number? I can't find it", "Whats the number of the unit?",
         "What number is your house on the street?", "Send me your booking reference please",
         "Call me Thandi, not Mrs Mokoena haha", "My number one priority is the kitchen",
         "The app asked for my phone number to verify, done", "What's your rate per hour?",
         "Give me your best price for the whole house", "Do you have a pressure washer?",
         "How can I reach the back garden? Through the garage?", "Call me when you're at the gate");
}

/* Results and redaction ---------------------------------------------------------------- */

static void
test_risk_levels (void)
{
  const struct { const char *text; PlzContactRisk risk; } cases[] = {
    { "", PLZ_CONTACT_RISK_NONE },
    { "See you on Saturday at 10:30", PLZ_CONTACT_RISK_NONE },
    { "Whatsapp is down for everyone", PLZ_CONTACT_RISK_LOW },
    { "What's your number?", PLZ_CONTACT_RISK_MEDIUM },
    { "Whatsapp me", PLZ_CONTACT_RISK_MEDIUM },
    { "082 555 1234", PLZ_CONTACT_RISK_HIGH },
    { "Pay me directly and skip the app fee", PLZ_CONTACT_RISK_HIGH },
    /* two separate signals are stronger than either */
    { "Whatsapp me, what's your number?", PLZ_CONTACT_RISK_HIGH },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(PlzContactResult) r = plz_contact_scan (cases[i].text, -1);

      g_assert_cmpstr (plz_contact_risk_name (r->risk), ==, plz_contact_risk_name (cases[i].risk));
      g_assert_cmpfloat (r->score, >=, 0);
      g_assert_cmpfloat (r->score, <=, 1);
    }
}

static void
test_redact (void)
{
  const struct { const char *text; const char *redacted; } cases[] = {
    { "Call me on 082 555 1234 tomorrow", "Call me on [contact hidden] tomorrow" },
    { "either thandi@gmail.com or 0825551234", "either [contact hidden] or [contact hidden]" },
    { "Whatsapp me on 079 884 2210", "[contact hidden] on [contact hidden]" },
    { "my insta is braidsbyzee", "[contact hidden]" },
    { "No contact here, just R350 at 10:30", "No contact here, just R350 at 10:30" },
    { "０８２ ５５５ １２３４ ✨", "[contact hidden] ✨" },
    { "", "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(PlzContactResult) r = plz_contact_scan (cases[i].text, -1);
      g_autofree char *redacted = plz_contact_redact (cases[i].text, -1, r);

      g_assert_cmpstr (redacted, ==, cases[i].redacted);
    }
}

static void
test_names (void)
{
  for (guint k = 0; k <= PLZ_CONTACT_KIND_LAST; k++)
    {
      PlzContactKind back;

      g_assert_true (plz_contact_kind_from_name (plz_contact_kind_name (k), &back));
      g_assert_cmpint (back, ==, k);
      g_assert_nonnull (plz_contact_kind_describe (k));
    }
  for (guint r = PLZ_CONTACT_RISK_NONE; r <= PLZ_CONTACT_RISK_HIGH; r++)
    {
      PlzContactRisk back;

      g_assert_true (plz_contact_risk_from_name (plz_contact_risk_name (r), &back));
      g_assert_cmpint (back, ==, r);
    }
  {
    PlzContactKind k;
    PlzContactRisk r;

    g_assert_false (plz_contact_kind_from_name ("fax", &k));
    g_assert_false (plz_contact_kind_from_name (NULL, &k));
    g_assert_false (plz_contact_risk_from_name ("extreme", &r));
  }
}

/* Bad and huge input ------------------------------------------------------------------ */

static void
check_sane (const char *text,
            gsize       len)
{
  g_autoptr(PlzContactResult) r = plz_contact_scan (text, (gssize) len);
  g_autofree char *redacted = plz_contact_redact (text, (gssize) len, r);

  g_assert_true (g_utf8_validate (redacted, -1, NULL));
  for (guint i = 0; i < r->findings->len; i++)
    {
      const PlzContactFinding *f = &g_array_index (r->findings, PlzContactFinding, i);

      g_assert_cmpuint (f->start, <, f->end);
      g_assert_cmpuint (f->end, <=, len);
      g_assert_cmpfloat (f->confidence, >, 0);
      g_assert_cmpfloat (f->confidence, <=, 1);
    }
}

static void
test_invalid_utf8 (void)
{
  const char *cases[] = {
    "082 555 \xff\xfe 1234", "\xc3", "\xe2\x82", "caf\xc3\xa9 \xed\xa0\x80 0825551234",
    "\xc0\xaf overlong", "\xf4\x90\x80\x80 beyond", "\x80\x80\x80", "mail \xff@gmail.com",
  };
  const char with_nul[] = "082 555\0 1234 whatsapp me";

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    check_sane (cases[i], strlen (cases[i]));
  check_sane (with_nul, sizeof with_nul - 1);

  /* Invalid bytes read as spaces: the number around them is still found,
   * and its span points at the original bytes. */
  {
    const char *text = "082 555 \xff 1234";
    g_autoptr(PlzContactResult) r = plz_contact_scan (text, -1);
    const PlzContactFinding *f = find_kind (r, PLZ_CONTACT_KIND_PHONE);

    g_assert_nonnull (f);
    g_assert_cmpuint (f->start, ==, 0);
    g_assert_cmpuint (f->end, ==, strlen (text));
  }

  /* Every byte value, shuffled, must never crash. */
  {
    g_autoptr(GRand) rand = g_rand_new_with_seed (6);

    for (guint round = 0; round < 200; round++)
      {
        char buf[256];
        gsize n = g_rand_int_range (rand, 1, sizeof buf);

        for (gsize i = 0; i < n; i++)
          buf[i] = (char) g_rand_int_range (rand, 0, 256);
        check_sane (buf, n);
      }
  }
}

/* Scans @text and fails if that takes more than @max_ms. */
static void
check_fast (const char *what,
            const char *text,
            gsize       len,
            double      max_ms)
{
  gint64 start = g_get_monotonic_time ();
  g_autoptr(PlzContactResult) r = plz_contact_scan (text, (gssize) len);
  g_autofree char *redacted = plz_contact_redact (text, (gssize) len, r);
  double ms = (g_get_monotonic_time () - start) / 1000.0;

  g_test_message ("%s: %zu bytes in %.1f ms, %u findings", what, len, ms, r->findings->len);
  if (ms > max_ms)
    g_error ("%s took %.1f ms (limit %.0f ms)", what, ms, max_ms);
}

static char *
repeat (const char *piece,
        gsize       total)
{
  gsize n = strlen (piece);
  char *s = g_malloc (total + 1);

  for (gsize i = 0; i < total; i++)
    s[i] = piece[i % n];
  s[total] = '\0';
  return s;
}

static void
test_pathological (void)
{
  /* Generous limits: sanitizer builds run several times slower. */
  const double limit = g_getenv ("PLAZA_SLOW_CHECKS") != NULL ? 20000 : 5000;
  const struct { const char *what; const char *piece; } baits[] = {
    { "digits", "7" },
    { "spaced digits", "1 " },
    { "dashed digits", "0-" },
    { "letters", "a" },
    { "at signs", "@" },
    { "name at name", "ab@" },
    { "dotted labels", "a." },
    { "number words", "five " },
    { "look-alikes", "O0l1S5 " },
    { "spaced letters", "w h " },
    { "requests", "whats your " },
    { "payment words", "pay me directly cheaper " },
    { "long words", "abcdefghijklmnopqrstuvwxyz" },
    { "dates", "12/12/" },
    { "prices", "R1 200 " },
    { "urls", "http://a" },
    { "brackets", "[at](dot){" },
    { "phones", "082 555 1234 " },
    { "unicode digits", "٥" },
    { "leet words", "z3r0" },
    { "invalid", "\xff" },
  };
  const gsize size = 1024 * 1024;

  for (guint i = 0; i < G_N_ELEMENTS (baits); i++)
    {
      g_autofree char *text = repeat (baits[i].piece, size);

      check_fast (baits[i].what, text, size, limit);
    }
}

static gpointer
scan_in_thread (gpointer data)
{
  const char * const *texts = data;
  GString *out = g_string_new (NULL);

  for (guint round = 0; round < 200; round++)
    for (guint i = 0; texts[i] != NULL; i++)
      {
        g_autoptr(PlzContactResult) r = plz_contact_scan (texts[i], -1);

        if (round == 0)
          g_string_append_printf (out, "%s:%u;", plz_contact_risk_name (r->risk), r->findings->len);
      }
  return g_string_free (out, FALSE);
}

static void
test_threads (void)
{
  const char *texts[] = {
    "call 082 555 1234", "thandi@gmail.com", "see you at 10:30", "zero eight two five five five one two three four",
    "whatsapp me", "R1 200 for the house", NULL
  };
  g_autofree char *expected = scan_in_thread (texts);
  GThread *threads[4];

  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    threads[i] = g_thread_new ("scan", scan_in_thread, texts);
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    {
      g_autofree char *got = g_thread_join (threads[i]);

      g_assert_cmpstr (got, ==, expected);
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/contact/phone/forms", test_phone_forms);
  g_test_add_func ("/contact/phone/words", test_phone_words);
  g_test_add_func ("/contact/phone/double-triple", test_phone_double_triple);
  g_test_add_func ("/contact/phone/lookalikes", test_phone_lookalikes);
  g_test_add_func ("/contact/phone/unicode-digits", test_phone_unicode_digits);
  g_test_add_func ("/contact/phone/separators", test_phone_separators);
  g_test_add_func ("/contact/phone/split", test_phone_split);
  g_test_add_func ("/contact/phone/leaves-alone", test_phone_leaves_alone);
  g_test_add_func ("/contact/email", test_email);
  g_test_add_func ("/contact/handles-and-apps", test_handles_and_apps);
  g_test_add_func ("/contact/links", test_links);
  g_test_add_func ("/contact/payment", test_payment);
  g_test_add_func ("/contact/requests", test_requests);
  g_test_add_func ("/contact/risk-levels", test_risk_levels);
  g_test_add_func ("/contact/redact", test_redact);
  g_test_add_func ("/contact/names", test_names);
  g_test_add_func ("/contact/invalid-utf8", test_invalid_utf8);
  g_test_add_func ("/contact/pathological", test_pathological);
  g_test_add_func ("/contact/threads", test_threads);
  return g_test_run ();
}
