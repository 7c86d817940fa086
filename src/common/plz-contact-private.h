/* plz-contact-private.h — shared between the files of the contact detector */
#pragma once

#include "plz-contact-detector.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

G_BEGIN_DECLS

/* Text as the rules see it: lower-case ASCII, digits in every disguise made
 * plain digits, filler between digit groups made spaces, "[at]" made "@".
 * Byte i came from bytes [from[i], to[i]) of the original. */
typedef struct
{
  char    *text;    /* NUL-terminated */
  guint32 *from;
  guint32 *to;
  gsize    len;
  gsize    alloc;
} PlzContactText;

/* Buffers one thread reuses from scan to scan. */
typedef struct
{
  PlzContactText  out;         /* the normalised text */
  PlzContactText  stage;       /* after the first, per-character pass */
  GArray         *tokens;      /* of the stage text */
  GArray         *found;       /* PlzContactFinding of the scan in progress */
  GArray         *protected;   /* gsize pairs: spans of times, dates, percentages */
  GArray         *units;       /* leftover digit runs, for split numbers */
  gpointer        match_data;  /* pcre2_match_data_8, sized for every pattern */
} PlzContactWork;

/* The calling thread's work buffers (created on first use, freed with the thread). */
PlzContactWork       *_plz_contact_work_get        (void);

/* Grows @t to hold @need bytes (the slow path of _plz_contact_text_put). */
void                  _plz_contact_text_grow       (PlzContactText *t,
                                                    gsize           need);

static inline void
_plz_contact_text_reserve (PlzContactText *t,
                           gsize           extra)
{
  if (G_UNLIKELY (t->len + extra + 1 > t->alloc))
    _plz_contact_text_grow (t, t->len + extra + 1);
}

/* Appends byte @c that came from original bytes [@from, @to). */
static inline void
_plz_contact_text_put (PlzContactText *t,
                       char            c,
                       guint32         from,
                       guint32         to)
{
  _plz_contact_text_reserve (t, 1);
  t->text[t->len] = c;
  t->from[t->len] = from;
  t->to[t->len] = to;
  t->len++;
}

/* Pass 1 into @t: other scripts' digits, look-alikes, case and accents folded,
 * spaced-out letters joined. */
void                  _plz_contact_fold            (PlzContactText *t,
                                                    const char     *text,
                                                    gsize           len);

/* Normalises @len bytes of @text (any bytes: invalid UTF-8 becomes spaces) into
 * the work's text, and returns it. */
const PlzContactText *_plz_contact_normalize       (PlzContactWork *work,
                                                    const char     *text,
                                                    gsize           len);

/* One scan in progress. Findings are collected in normalised offsets. */
typedef struct
{
  const PlzContactText *nt;
  const char           *original;
  PlzContactWork       *work;
  GArray               *found;  /* PlzContactFinding, normalised offsets */
  int                   cue;    /* contact words present: -1 not looked yet */
} PlzContactScan;

/* A pattern compiled once with JIT; aborts on a pattern error (a bug). */
pcre2_code           *_plz_contact_compile         (const char     *pattern);

/* Like _plz_contact_compile(), anchored: for matches tried at one position. */
pcre2_code           *_plz_contact_compile_anchored (const char    *pattern);

/* TRUE when @re (anchored) matches at normalised byte @at; the match is in
 * the work's match data. */
gboolean              _plz_contact_match_at        (PlzContactScan *scan,
                                                    pcre2_code     *re,
                                                    gsize           at);

/* The next match of @re in the normalised text from *@offset; advances
 * *@offset past it. NULL at the end (or when a limit is hit). */
PCRE2_SIZE           *_plz_contact_next            (PlzContactScan *scan,
                                                    pcre2_code     *re,
                                                    PCRE2_SIZE     *offset);

/* Matches @re against normalised bytes [@start, @end) only (lookbehinds see
 * before @start); @anchored: the match must begin at @start. */
gboolean              _plz_contact_match_range     (PlzContactScan *scan,
                                                    pcre2_code     *re,
                                                    gsize           start,
                                                    gsize           end,
                                                    gboolean        anchored);

/* Records a finding over normalised bytes [@start, @end). */
void                  _plz_contact_add             (PlzContactScan *scan,
                                                    PlzContactKind  kind,
                                                    gsize           start,
                                                    gsize           end,
                                                    double          confidence);

/* TRUE when the message has words about phoning or numbers. */
gboolean              _plz_contact_has_cue         (PlzContactScan *scan);

/* Phone numbers: digit chains, numbers split across the message. */
void                  _plz_contact_find_numbers    (PlzContactScan *scan);

/* Email addresses around each "@". */
void                  _plz_contact_find_emails     (PlzContactScan *scan);

/* Links, handles, email cues, requests, app invitations, off-platform deals
 * and payment (plz-contact-rules.c). */
void                  _plz_contact_find_rules      (PlzContactScan *scan);

/* TRUE when normalised byte @i is a digit that was not typed as that digit
 * (a word, a look-alike letter, another script). */
gboolean              _plz_contact_is_disguised    (const PlzContactText *nt,
                                                    const char           *original,
                                                    gsize                 i);

/* Frees the buffers of @work (not the match data). */
void                  _plz_contact_work_clear      (PlzContactWork *work);

G_END_DECLS
