/* plz-contact-numbers.c — phone numbers (whole, disguised or split across a
 * message) and email addresses, with times, dates, prices and references
 * left alone */
#include "plz-contact-private.h"

#include <string.h>

#define MAX_E164 15
#define MAX_GROUPS 48

/* Times, dates and percentages: their digits never belong to a number. */
#define PROTECT_PATTERN \
  "(?<![0-9.:,/-])(?:[01]?[0-9]|2[0-3])[:h.][0-5][0-9](?![0-9]|[.:,/-][0-9])" \
  "|(?<![0-9])(?:[01]?[0-9]|2[0-3]) ?(?:am|pm|h)(?![a-z])" \
  "|(?<![0-9./-])(?:0?[1-9]|[12][0-9]|3[01])([./-])(?:0?[1-9]|1[0-2])(?:\\1(?:19|20)?[0-9]{2})?" \
  "(?![0-9]|[./-][0-9])" \
  "|(?<![0-9])(?:19|20)[0-9]{2}([./-])(?:0?[1-9]|1[0-2])\\2(?:0?[1-9]|[12][0-9]|3[01])(?![0-9])" \
  "|[0-9]+(?:[.,][0-9]+)? ?%"

/* Digit groups with a few separators between them, at most MAX_GROUPS at a
 * time. Possessive throughout: separators and digits never overlap, so
 * nothing is worth retrying. */
#define CHAIN_PATTERN "\\+?[0-9]++(?:[ .\\-/()_~*,\\\\|]{1,4}+\\+?[0-9]++){0,47}+"

/* Words right before a number that make it a reference, not a phone. */
#define REFERENCE_PATTERN \
  "(?<![a-z])(?:(?:ref|reference|order|invoice|inv|booking|tracking|policy|meter|id|serial|model" \
  "|job|ticket|quote|transaction|receipt|erf|voucher|pin|otp|claim|case|membership|member|student" \
  "|customer|client|batch|lot|tender|vin|parcel|waybill|consignment|plate|reg|registration|isbn" \
  "|code|token|barcode|sku|item|product|stand|unit|flat|house|room|box|page|exercise|question)" \
  "(?: (?:number|no|nr|num|code|id|ref|#))?|part (?:number|no|nr|#))[ :#.-]*$"

/* What may follow a quantity, so that its digits are not half a number. */
#define UNIT_PATTERN \
  " ?(?:am|pm|h|hrs?|hours?|min|mins|minutes|sec|km|kg|g|m|m2|sqm|cm|mm|l|litres?|liters?|ml|" \
  "metres?|meters?|inch|inches|ft|foot|feet|years?|yrs|days?|weeks?|months?|people|guests|kids|" \
  "children|rooms?|bedrooms?|bathrooms?|stars?|x|times|degrees|percent|rand|bucks|pages?|" \
  "questions?|windows?|chairs|tables|bags|tins|sessions?|lessons?|hundred|thousand|k|st|nd|rd|th)" \
  "(?![a-z])"

/* Words about phoning: they make a split or short number more likely one. */
#define CUE_PATTERN \
  "(?<![a-z])(?:number|numbers|nr|num|cell|cellphone|phone|mobile|call|sms|text|whatsapp|wa|" \
  "nommer|selnommer|inombolo|inamba|bel|fone|tel|digits|contact|reach|ring|dial|ucingo|fonela|" \
  "shaya|ngishayele|save)(?![a-z])|(?:zero|0) in front"

static pcre2_code *protect_re, *chain_re, *reference_re, *unit_re, *cue_re;

static void
compile_patterns (void)
{
  static gsize done = 0;

  if (!g_once_init_enter (&done))
    return;
  protect_re = _plz_contact_compile (PROTECT_PATTERN);
  chain_re = _plz_contact_compile (CHAIN_PATTERN);
  reference_re = _plz_contact_compile (REFERENCE_PATTERN);
  unit_re = _plz_contact_compile (UNIT_PATTERN);
  cue_re = _plz_contact_compile (CUE_PATTERN);
  g_once_init_leave (&done, 1);
}

gboolean
_plz_contact_has_cue (PlzContactScan *scan)
{
  if (scan->cue < 0)
    {
      PCRE2_SIZE offset = 0;

      compile_patterns ();
      scan->cue = _plz_contact_next (scan, cue_re, &offset) != NULL;
    }
  return scan->cue;
}

/* Phone numbers ---------------------------------------------------------------- */

typedef struct
{
  gsize    start, end;   /* digits only, normalised offsets */
  gboolean plus;
  gboolean blocked;      /* part of a time, a date or a percentage */
  gboolean price;        /* right after a currency sign */
  gboolean used;         /* already part of a number */
} Group;

/* How much @d (@n digits) looks like a phone number: 0 when it does not. */
static double
phone_confidence (const char *d,
                  gsize       n,
                  gboolean    plus,
                  gboolean    cue)
{
  /* Nothing shorter is a number anywhere, and the checks below look at up to
   * four digits. */
  if (n < 9)
    return 0;
  if (plus)
    {
      if (d[0] == '2' && d[1] == '7')
        {
          if (n == 12 && d[2] == '0')  /* +27 (0)82 … */
            return d[3] >= '1' && d[3] <= '8' ? 0.97 : 0;
          return n == 11 && d[2] >= '1' && d[2] <= '8' ? 0.97 : 0;
        }
      return d[0] != '0' && n >= 9 && n <= MAX_E164 ? 0.9 : 0;
    }
  if (n >= 11 && d[0] == '0' && d[1] == '0' && d[2] != '0')
    return n - 2 >= 9 && n - 2 <= 13 ? 0.9 : 0;
  if (d[0] == '2' && d[1] == '7' &&
      ((n == 11 && d[2] >= '1' && d[2] <= '8') || (n == 12 && d[2] == '0' && d[3] >= '1' && d[3] <= '8')))
    return 0.85;
  if (n == 10 && d[0] == '0' && d[1] >= '1' && d[1] <= '8')
    return 0.95;
  if (n == 9 && d[0] >= '6' && d[0] <= '8')  /* a mobile number without its 0 */
    return cue ? 0.7 : 0.55;
  return 0;
}

static gboolean
overlaps_protected (GArray *protected,
                    gsize   start,
                    gsize   end)
{
  for (guint i = 0; i + 1 < protected->len; i += 2)
    if (g_array_index (protected, gsize, i) < end && start < g_array_index (protected, gsize, i + 1))
      return TRUE;
  return FALSE;
}

/* A currency sign right before @start: R350, R 350, $45, ZAR 100. */
static gboolean
after_currency (const char *s,
                gsize       start)
{
  gsize k = start;

  if (k > 0 && s[k - 1] == ' ')
    k--;
  if (k > 0 && s[k - 1] == '$')
    return TRUE;
  if (k > 0 && s[k - 1] == 'r' && (k == 1 || !g_ascii_isalpha (s[k - 2])))
    return TRUE;
  return k >= 3 && (memcmp (s + k - 3, "zar", 3) == 0 || memcmp (s + k - 3, "usd", 3) == 0 ||
                    memcmp (s + k - 3, "eur", 3) == 0);
}

static guint
count_disguised (PlzContactScan *scan,
                 Group          *groups,
                 guint           first,
                 guint           last)
{
  guint n = 0;

  for (guint g = first; g <= last; g++)
    for (gsize k = groups[g].start; k < groups[g].end; k++)
      n += _plz_contact_is_disguised (scan->nt, scan->original, k);
  return n;
}

/* The best number starting at group @i of @groups[0..n), or -1. */
static int
best_from (PlzContactScan *scan,
           Group          *groups,
           guint           n,
           guint           i,
           double         *confidence)
{
  char digits[MAX_E164 + 2];
  gsize len = 0;
  int best = -1;

  *confidence = 0;
  if (groups[i].price || groups[i].blocked)
    return -1;
  for (guint j = i; j < n && !groups[j].blocked; j++)
    {
      gsize glen = groups[j].end - groups[j].start;
      double c;

      if (len + glen > MAX_E164 + 1)
        break;
      memcpy (digits + len, scan->nt->text + groups[j].start, glen);
      len += glen;
      c = phone_confidence (digits, len, groups[i].plus, FALSE);
      if (c == 0.55 || c == 0.0)
        {
          /* Digits spelt out or disguised, nine or more of them: nobody does
           * that by accident, whatever the number turns out to be. */
          if (len >= 9 && len <= 13 && count_disguised (scan, groups, i, j) >= 3)
            c = MAX (c, 0.75);
          else if (c == 0.55 && _plz_contact_has_cue (scan))
            c = 0.7;
        }
      if (c > 0 && c >= *confidence)
        {
          *confidence = c;
          best = (int) j;
        }
    }
  return best;
}

static gboolean
is_reference (PlzContactScan *scan,
              gsize           start)
{
  gsize from = start > 40 ? start - 40 : 0;

  return _plz_contact_match_range (scan, reference_re, from, start, FALSE);
}

/* Bare digits, not stuck to letters or followed by a unit: "082", not "23rd" or "45 minutes". */
static gboolean
is_bare (PlzContactScan *scan,
         gsize           start,
         gsize           end)
{
  const char *s = scan->nt->text;

  if ((start > 0 && g_ascii_isalpha (s[start - 1])) || g_ascii_isalpha (s[end]))
    return FALSE;
  if (after_currency (s, start) || is_reference (scan, start))
    return FALSE;
  return !_plz_contact_match_range (scan, unit_re, end, MIN (end + 16, scan->nt->len), TRUE);
}

typedef struct
{
  gsize start, end;
  guint digits;
  char  lead[2];
} Unit;

/* "082 555 … and the rest is 1234": runs of leftover digits that only
 * together make a number. */
static void
find_split (PlzContactScan *scan,
            GArray         *units)
{
  gboolean cue = _plz_contact_has_cue (scan);

  for (guint i = 0; i < units->len; i++)
    {
      Unit *u = &g_array_index (units, Unit, i);
      guint total = u->digits;
      gboolean national = u->lead[0] == '0' && u->lead[1] >= '1' && u->lead[1] <= '8';

      if (!national || u->digits >= 10)
        continue;
      for (guint j = i + 1; j < units->len && total < 10; j++)
        {
          Unit *v = &g_array_index (units, Unit, j);

          total += v->digits;
          if (total == 10)
            {
              _plz_contact_add (scan, PLZ_CONTACT_KIND_PHONE, u->start, v->end, cue ? 0.85 : 0.7);
              return;
            }
        }
    }

  /* "ends in 1234 and starts with 082 555": out of order, so only with words about numbers. */
  if (!cue || units->len > 8)
    return;
  for (guint i = 0; i < units->len; i++)
    {
      Unit *u = &g_array_index (units, Unit, i);

      if (!(u->lead[0] == '0' && u->lead[1] >= '1' && u->lead[1] <= '8'))
        continue;
      for (guint j = 0; j < units->len; j++)
        {
          Unit *v = &g_array_index (units, Unit, j);

          if (j != i && u->digits + v->digits == 10)
            {
              _plz_contact_add (scan, PLZ_CONTACT_KIND_PHONE, MIN (u->start, v->start),
                                MAX (u->end, v->end), 0.65);
              return;
            }
        }
    }
}

void
_plz_contact_find_numbers (PlzContactScan *scan)
{
  const char *s = scan->nt->text;
  GArray *protected, *units;
  PCRE2_SIZE offset = 0, *ov;

  compile_patterns ();
  if (strpbrk (s, "0123456789") == NULL)
    return;
  /* Reused from scan to scan, like the rest of the thread's work buffers. */
  if (scan->work->protected == NULL)
    {
      scan->work->protected = g_array_new (FALSE, FALSE, sizeof (gsize));
      scan->work->units = g_array_new (FALSE, FALSE, sizeof (Unit));
    }
  protected = scan->work->protected;
  units = scan->work->units;
  g_array_set_size (protected, 0);
  g_array_set_size (units, 0);

  while ((ov = _plz_contact_next (scan, protect_re, &offset)) != NULL)
    {
      g_array_append_val (protected, ov[0]);
      g_array_append_val (protected, ov[1]);
    }

  offset = 0;
  while ((ov = _plz_contact_next (scan, chain_re, &offset)) != NULL)
    {
      Group groups[MAX_GROUPS];
      gsize chain_end = ov[1], k = ov[0], ov0 = ov[0];
      guint n = 0;

      /* Split the chain into digit groups. */
      while (k < chain_end && n < MAX_GROUPS)
        {
          Group *g = &groups[n];

          memset (g, 0, sizeof *g);
          if (s[k] == '+')
            {
              g->plus = TRUE;
              k++;
            }
          if (!g_ascii_isdigit (s[k]))
            {
              k++;
              continue;
            }
          g->start = k;
          while (k < chain_end && g_ascii_isdigit (s[k]))
            k++;
          g->end = k;
          g->blocked = overlaps_protected (protected, g->start, g->end);
          g->price = n == 0 ? after_currency (s, g->start) : FALSE;
          n++;
          while (k < chain_end && !g_ascii_isdigit (s[k]) && s[k] != '+')
            k++;
        }

      for (guint i = 0; i < n; i++)
        {
          double confidence;
          int last = best_from (scan, groups, n, i, &confidence);
          gsize start;

          if (last < 0)
            continue;
          start = groups[i].plus ? groups[i].start - 1 : groups[i].start;
          if (is_reference (scan, start))
            confidence *= 0.3;
          _plz_contact_add (scan, PLZ_CONTACT_KIND_PHONE, start, groups[last].end, confidence);
          for (guint g = i; g <= (guint) last; g++)
            groups[g].used = TRUE;
          i = (guint) last;
        }

      /* What is left, run by run, for numbers split across the message. */
      for (guint i = 0; i < n; i++)
        {
          Unit u = { 0 };
          guint j = i;

          if (groups[i].used || groups[i].blocked)
            continue;
          while (j + 1 < n && !groups[j + 1].used && !groups[j + 1].blocked)
            j++;
          u.start = groups[i].start;
          u.end = groups[j].end;
          for (guint g = i; g <= j; g++)
            u.digits += (guint) (groups[g].end - groups[g].start);
          u.lead[0] = s[u.start];
          if (groups[i].end - groups[i].start > 1)
            u.lead[1] = s[u.start + 1];
          else if (i < j)
            u.lead[1] = s[groups[i + 1].start];  /* "0 8 2 …": one digit per group */
          if (u.digits <= 8 && is_bare (scan, u.start, u.end))
            g_array_append_val (units, u);
          i = j;
        }

      /* A chain cut at MAX_GROUPS goes on in the next match: start that one a
       * few groups back, so that a number across the cut is still whole. */
      if (n == MAX_GROUPS && groups[n - 3].start > ov0)
        offset = groups[n - 3].plus ? groups[n - 3].start - 1 : groups[n - 3].start;
    }
  if (units->len >= 2)
    find_split (scan, units);
}

/* Email addresses ---------------------------------------------------------------- */

static const char * const providers[] = {
  "gmail", "googlemail", "yahoo", "ymail", "hotmail", "outlook", "live", "icloud", "mweb",
  "telkomsa", "vodamail", "webmail", "iafrica", "absamail", "protonmail", "proton", "aol",
  "gmx", "zoho", "msn", "lantic", "afrihost", "cybersmart", NULL
};

static inline gboolean
is_local_char (char c)
{
  return g_ascii_isalnum (c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-';
}

static inline gboolean
is_label_char (char c)
{
  return g_ascii_isalnum (c) || c == '-';
}

static void
scan_address (PlzContactScan *scan,
              gsize           at)
{
  const char *s = scan->nt->text;
  gsize n = scan->nt->len, start = at, k, end;
  guint labels = 0, alnum = 0;
  gsize first_label_start = 0, first_label_end = 0, last_label_start = 0, last_label_end = 0;
  gboolean provider = FALSE, tld = TRUE;

  /* Left: the name, with one space allowed before the "@" and around dots. */
  if (start > 0 && s[start - 1] == ' ')
    start--;
  while (start > 0 && at - start < 64)
    {
      char c = s[start - 1];

      if (is_local_char (c))
        start--;
      else if (c == ' ' && start >= 2 && (s[start - 2] == '.' || s[start] == '.'))
        start--;
      else
        break;
    }
  while (start < at && !g_ascii_isalnum (s[start]))
    start++;
  for (k = start; k < at; k++)
    alnum += g_ascii_isalnum (s[k]) != 0;
  if (alnum == 0)
    return;

  /* Right: labels separated by dots, with a space allowed around each. */
  k = at + 1;
  if (k < n && s[k] == ' ')
    k++;
  end = k;
  while (k < n && labels < 6)
    {
      gsize label = k;

      while (k < n && is_label_char (s[k]) && k - label < 63)
        k++;
      if (k == label)
        break;
      if (labels == 0)
        {
          first_label_start = label;
          first_label_end = k;
        }
      last_label_start = label;
      last_label_end = k;
      labels++;
      end = k;
      if (k + 1 < n && s[k] == ' ' && s[k + 1] == '.')
        k++;
      if (k < n && s[k] == '.')
        {
          k++;
          if (k < n && s[k] == ' ')
            k++;
          continue;
        }
      break;
    }
  if (labels == 0)
    return;

  for (guint i = 0; providers[i] != NULL; i++)
    if (strlen (providers[i]) == first_label_end - first_label_start &&
        memcmp (providers[i], s + first_label_start, first_label_end - first_label_start) == 0)
      provider = TRUE;
  for (gsize i = last_label_start; i < last_label_end; i++)
    tld = tld && g_ascii_isalpha (s[i]);
  tld = tld && last_label_end - last_label_start >= 2 && last_label_end - last_label_start <= 12;

  if (labels >= 2 && tld)
    _plz_contact_add (scan, PLZ_CONTACT_KIND_EMAIL, start, end, 0.95);
  else if (provider)
    _plz_contact_add (scan, PLZ_CONTACT_KIND_EMAIL, start, end, 0.85);
  else if (at - start >= 2 && first_label_end - first_label_start >= 3 && at > 0 && s[at - 1] != ' ')
    _plz_contact_add (scan, PLZ_CONTACT_KIND_EMAIL, start, end, 0.55);
}

void
_plz_contact_find_emails (PlzContactScan *scan)
{
  const char *s = scan->nt->text, *p = s;

  while ((p = memchr (p, '@', scan->nt->len - (gsize) (p - s))) != NULL)
    {
      scan_address (scan, (gsize) (p - s));
      p++;
    }
}
