/* plz-contact-detector.c — finds contact details and off-platform deals in chat
 * text, sees through disguise, leaves prices, times and addresses alone */
#include "plz-contact-private.h"

#include <string.h>

/* Patterns and work buffers -------------------------------------------------------- */

static gboolean no_jit;  /* some pattern could not be JIT-compiled */
static pcre2_match_context *match_context;

static pcre2_code *
compile_with (const char *pattern,
              guint32     options)
{
  int error_code;
  PCRE2_SIZE error_offset;
  pcre2_code *re = pcre2_compile ((PCRE2_SPTR) pattern, PCRE2_ZERO_TERMINATED, options, &error_code,
                                  &error_offset, NULL);

  if (re == NULL)
    {
      PCRE2_UCHAR message[256];

      pcre2_get_error_message (error_code, message, sizeof message);
      g_error ("Contact pattern does not compile at %zu: %s", (gsize) error_offset, message);
    }
  /* Without JIT (some architectures) the interpreter does the same work, slower. */
  if (pcre2_jit_compile (re, PCRE2_JIT_COMPLETE) != 0)
    no_jit = TRUE;
  return re;
}

pcre2_code *
_plz_contact_compile (const char *pattern)
{
  return compile_with (pattern, 0);
}

pcre2_code *
_plz_contact_compile_anchored (const char *pattern)
{
  return compile_with (pattern, PCRE2_ANCHORED);
}

static void
ensure_match_context (void)
{
  static gsize done = 0;

  if (!g_once_init_enter (&done))
    return;
  /* Bounds on one match attempt, so that no input can make a pattern spin. */
  match_context = pcre2_match_context_create (NULL);
  pcre2_set_match_limit (match_context, 1000000);
  pcre2_set_depth_limit (match_context, 10000);
  g_once_init_leave (&done, 1);
}

static void
work_free (gpointer data)
{
  PlzContactWork *work = data;

  _plz_contact_work_clear (work);
  pcre2_match_data_free (work->match_data);
  g_free (work);
}

static GPrivate work_key = G_PRIVATE_INIT (work_free);

PlzContactWork *
_plz_contact_work_get (void)
{
  PlzContactWork *work = g_private_get (&work_key);

  if (work == NULL)
    {
      work = g_new0 (PlzContactWork, 1);
      work->match_data = pcre2_match_data_create (16, NULL);
      g_private_replace (&work_key, work);
    }
  return work;
}

PCRE2_SIZE *
_plz_contact_next (PlzContactScan *scan,
                   pcre2_code     *re,
                   PCRE2_SIZE     *offset)
{
  const PlzContactText *nt = scan->nt;
  PCRE2_SIZE *ov;
  int rc;

  if (*offset > nt->len)
    return NULL;
  rc = pcre2_match (re, (PCRE2_SPTR) nt->text, nt->len, *offset, 0, scan->work->match_data,
                    match_context);
  if (rc < 0)
    {
      if (rc != PCRE2_ERROR_NOMATCH)
        g_debug ("Contact pattern stopped early: error %d", rc);
      *offset = nt->len + 1;
      return NULL;
    }
  ov = pcre2_get_ovector_pointer (scan->work->match_data);
  *offset = ov[1] > ov[0] ? ov[1] : ov[0] + 1;
  return ov;
}

gboolean
_plz_contact_match_range (PlzContactScan *scan,
                          pcre2_code     *re,
                          gsize           start,
                          gsize           end,
                          gboolean        anchored)
{
  return pcre2_match (re, (PCRE2_SPTR) scan->nt->text, end, start, anchored ? PCRE2_ANCHORED : 0,
                      scan->work->match_data, match_context) >= 0;
}

void
_plz_contact_add (PlzContactScan *scan,
                  PlzContactKind  kind,
                  gsize           start,
                  gsize           end,
                  double          confidence)
{
  PlzContactFinding f = { kind, start, end, CLAMP (confidence, 0.0, 1.0) };

  if (end > start && confidence > 0)
    g_array_append_val (scan->found, f);
}

gboolean
_plz_contact_match_at (PlzContactScan *scan,
                       pcre2_code     *re,
                       gsize           at)
{
  const PlzContactText *nt = scan->nt;

  /* Tried at almost every word: the direct JIT entry saves the checks. */
  if (no_jit)
    return pcre2_match (re, (PCRE2_SPTR) nt->text, nt->len, at, 0, scan->work->match_data,
                        match_context) >= 0;
  return pcre2_jit_match (re, (PCRE2_SPTR) nt->text, nt->len, at, 0, scan->work->match_data,
                          match_context) >= 0;
}

/* Scoring ------------------------------------------------------------------------- */

static int
compare_findings (gconstpointer a,
                  gconstpointer b)
{
  const PlzContactFinding *fa = a, *fb = b;

  if (fa->start != fb->start)
    return fa->start < fb->start ? -1 : 1;
  if (fa->end != fb->end)
    return fa->end > fb->end ? -1 : 1;
  return (int) fa->kind - (int) fb->kind;
}

/* Maps findings back to the original bytes, merges those of one kind that
 * overlap, and combines the evidence: overlapping findings count once (the
 * strongest), separate ones add up as independent signals. */
static void
finish (PlzContactScan   *scan,
        PlzContactResult *result)
{
  GArray *out = result->findings;
  double none = 1.0, cluster = 0;
  gsize cluster_end = 0;
  gint last_of[PLZ_CONTACT_KIND_LAST + 1];
  guint kept = 0;

  for (guint k = 0; k <= PLZ_CONTACT_KIND_LAST; k++)
    last_of[k] = -1;

  for (guint i = 0; i < scan->found->len; i++)
    {
      PlzContactFinding f = g_array_index (scan->found, PlzContactFinding, i);

      f.start = scan->nt->from[f.start];
      f.end = scan->nt->to[f.end - 1];
      g_array_append_val (out, f);
    }
  g_array_sort (out, compare_findings);

  /* One pass: the last kept finding of each kind is the one a later finding
   * of that kind can overlap, since they are in order of start. */
  for (guint i = 0; i < out->len; i++)
    {
      PlzContactFinding f = g_array_index (out, PlzContactFinding, i);
      PlzContactFinding *last = NULL;

      if (last_of[f.kind] >= 0)
        last = &g_array_index (out, PlzContactFinding, last_of[f.kind]);

      if (last != NULL && f.start < last->end)
        {
          last->end = MAX (last->end, f.end);
          last->confidence = MAX (last->confidence, f.confidence);
          continue;
        }
      last_of[f.kind] = (gint) kept;
      g_array_index (out, PlzContactFinding, kept++) = f;
    }
  g_array_set_size (out, kept);

  for (guint i = 0; i < out->len; i++)
    {
      PlzContactFinding *f = &g_array_index (out, PlzContactFinding, i);

      if (i > 0 && f->start < cluster_end)
        cluster = MAX (cluster, f->confidence);
      else
        {
          none *= 1.0 - cluster;
          cluster = f->confidence;
        }
      cluster_end = MAX (cluster_end, f->end);
    }
  none *= 1.0 - cluster;
  result->score = 1.0 - none;
  if (result->score >= 0.8)
    result->risk = PLZ_CONTACT_RISK_HIGH;
  else if (result->score >= 0.5)
    result->risk = PLZ_CONTACT_RISK_MEDIUM;
  else if (result->score > 0)
    result->risk = PLZ_CONTACT_RISK_LOW;
  else
    result->risk = PLZ_CONTACT_RISK_NONE;
}

/* Public API ---------------------------------------------------------------------- */

PlzContactResult *
plz_contact_scan (const char *text,
                  gssize      len)
{
  PlzContactResult *result = g_new0 (PlzContactResult, 1);
  PlzContactScan scan = { 0 };

  result->findings = g_array_new (FALSE, FALSE, sizeof (PlzContactFinding));
  g_return_val_if_fail (text != NULL || len == 0, result);

  if (len < 0)
    len = (gssize) strlen (text);
  if (len == 0 || (guint64) len >= G_MAXUINT32)
    return result;

  ensure_match_context ();
  scan.work = _plz_contact_work_get ();
  scan.original = text;
  scan.cue = -1;
  if (scan.work->found == NULL)
    scan.work->found = g_array_new (FALSE, FALSE, sizeof (PlzContactFinding));
  scan.found = scan.work->found;
  g_array_set_size (scan.found, 0);
  scan.nt = _plz_contact_normalize (scan.work, text, (gsize) len);

  if (scan.nt->len > 0)
    {
      _plz_contact_find_numbers (&scan);
      _plz_contact_find_emails (&scan);
      _plz_contact_find_rules (&scan);
    }
  finish (&scan, result);
  return result;
}

void
plz_contact_result_free (PlzContactResult *result)
{
  if (result == NULL)
    return;
  g_clear_pointer (&result->findings, g_array_unref);
  g_free (result);
}

static void
append_valid (GString    *out,
              const char *text,
              gsize       len)
{
  g_autofree char *valid = g_utf8_make_valid (text, (gssize) len);

  g_string_append (out, valid);
}

static gboolean
only_spaces (const char *text,
             gsize       start,
             gsize       end)
{
  if (end - start > 3)
    return FALSE;
  for (gsize i = start; i < end; i++)
    if (text[i] != ' ')
      return FALSE;
  return TRUE;
}

char *
plz_contact_redact (const char             *text,
                    gssize                  len,
                    const PlzContactResult *result)
{
  GString *out;
  gsize at = 0;

  g_return_val_if_fail (text != NULL || len == 0, NULL);
  g_return_val_if_fail (result != NULL, NULL);

  if (len < 0)
    len = (gssize) strlen (text);
  out = g_string_sized_new ((gsize) len + 16);
  for (guint i = 0; i < result->findings->len; i++)
    {
      const PlzContactFinding *f = &g_array_index (result->findings, PlzContactFinding, i);
      gsize end = f->end;

      if (f->confidence < PLZ_CONTACT_REDACT_MIN || f->end > (gsize) len)
        continue;
      /* Overlapping and touching findings make one marker. */
      for (guint j = i + 1; j < result->findings->len; j++)
        {
          const PlzContactFinding *g = &g_array_index (result->findings, PlzContactFinding, j);

          /* Findings only spaces apart make one marker too. */
          if (g->start > end && !only_spaces (text, end, g->start))
            break;
          if (g->confidence >= PLZ_CONTACT_REDACT_MIN && g->end <= (gsize) len)
            end = MAX (end, g->end);
          i = j;
        }
      append_valid (out, text + at, f->start - at);
      g_string_append (out, PLZ_CONTACT_MARKER);
      at = end;
    }
  if ((gsize) len > at)
    append_valid (out, text + at, (gsize) len - at);
  return g_string_free (out, FALSE);
}

guint
plz_contact_result_kinds (const PlzContactResult *result,
                          double                  min_confidence)
{
  guint kinds = 0;

  g_return_val_if_fail (result != NULL, 0);

  for (guint i = 0; i < result->findings->len; i++)
    {
      const PlzContactFinding *f = &g_array_index (result->findings, PlzContactFinding, i);

      if (f->confidence >= min_confidence)
        kinds |= 1u << f->kind;
    }
  return kinds;
}

static const struct
{
  const char *name;
  const char *describe;
} kinds[] = {
  [PLZ_CONTACT_KIND_PHONE] = { "phone", "a phone number" },
  [PLZ_CONTACT_KIND_EMAIL] = { "email", "an email address" },
  [PLZ_CONTACT_KIND_HANDLE] = { "handle", "a social media or messaging handle" },
  [PLZ_CONTACT_KIND_MESSAGING_APP] = { "messaging_app", "an invitation to another messaging app" },
  [PLZ_CONTACT_KIND_LINK] = { "link", "a link to somewhere else" },
  [PLZ_CONTACT_KIND_PAYMENT] = { "payment", "a request to pay outside Plaza" },
  [PLZ_CONTACT_KIND_REQUEST] = { "contact_request", "a request for contact details" },
  [PLZ_CONTACT_KIND_OFF_PLATFORM] = { "off_platform", "an invitation to deal outside Plaza" },
};

G_STATIC_ASSERT (G_N_ELEMENTS (kinds) == PLZ_CONTACT_KIND_LAST + 1);

static const char * const risks[] = { "none", "low", "medium", "high" };

const char *
plz_contact_kind_name (PlzContactKind kind)
{
  g_return_val_if_fail ((guint) kind <= PLZ_CONTACT_KIND_LAST, NULL);
  return kinds[kind].name;
}

gboolean
plz_contact_kind_from_name (const char     *name,
                            PlzContactKind *kind)
{
  for (guint i = 0; name != NULL && i < G_N_ELEMENTS (kinds); i++)
    if (g_str_equal (kinds[i].name, name))
      {
        *kind = (PlzContactKind) i;
        return TRUE;
      }
  return FALSE;
}

const char *
plz_contact_kind_describe (PlzContactKind kind)
{
  g_return_val_if_fail ((guint) kind <= PLZ_CONTACT_KIND_LAST, NULL);
  return kinds[kind].describe;
}

const char *
plz_contact_risk_name (PlzContactRisk risk)
{
  g_return_val_if_fail ((guint) risk < G_N_ELEMENTS (risks), NULL);
  return risks[risk];
}

gboolean
plz_contact_risk_from_name (const char     *name,
                            PlzContactRisk *risk)
{
  for (guint i = 0; name != NULL && i < G_N_ELEMENTS (risks); i++)
    if (g_str_equal (risks[i], name))
      {
        *risk = (PlzContactRisk) i;
        return TRUE;
      }
  return FALSE;
}
