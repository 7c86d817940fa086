/* plz-contact-fold.c — the detector's first pass over the characters: other
 * scripts' digits, look-alike letters, case and accents folded to ASCII, and
 * spaced-out letters joined, remembering where every byte came from */
#include "plz-contact-private.h"

#include <string.h>

void
_plz_contact_text_grow (PlzContactText *t,
                        gsize           need)
{
  t->alloc = MAX (need, MAX (t->alloc * 2, 256));
  t->text = g_realloc (t->text, t->alloc);
  t->from = g_realloc_n (t->from, t->alloc, sizeof (guint32));
  t->to = g_realloc_n (t->to, t->alloc, sizeof (guint32));
}

static void
text_clear (PlzContactText *t)
{
  g_clear_pointer (&t->text, g_free);
  g_clear_pointer (&t->from, g_free);
  g_clear_pointer (&t->to, g_free);
  t->len = t->alloc = 0;
}

void
_plz_contact_work_clear (PlzContactWork *work)
{
  text_clear (&work->out);
  text_clear (&work->stage);
  g_clear_pointer (&work->tokens, g_array_unref);
  g_clear_pointer (&work->found, g_array_unref);
  g_clear_pointer (&work->protected, g_array_unref);
  g_clear_pointer (&work->units, g_array_unref);
}

/* Cyrillic and Greek letters that look like Latin ones. */
static char
confusable (gunichar c)
{
  switch (c)
    {
    case 0x0430: case 0x03B1: return 'a';
    case 0x0432: case 0x03B2: return 'b';
    case 0x0441: case 0x03F2: return 'c';
    case 0x0435: case 0x03B5: return 'e';
    case 0x043D: case 0x04BB: return 'h';
    case 0x0456: case 0x03B9: return 'i';
    case 0x0458: return 'j';
    case 0x043A: case 0x03BA: return 'k';
    case 0x043C: return 'm';
    case 0x043E: case 0x03BF: case 0x03C3: return 'o';
    case 0x0440: case 0x03C1: return 'p';
    case 0x0455: return 's';
    case 0x0442: case 0x03C4: return 't';
    case 0x03C5: return 'u';
    case 0x03BD: return 'v';
    case 0x0445: case 0x03C7: return 'x';
    case 0x0443: case 0x03B3: return 'y';
    default: return 0;
    }
}

static inline char
ascii_fold (guchar b)
{
  if (b >= 'A' && b <= 'Z')
    return (char) (b + ('a' - 'A'));
  if (b < 0x20 || b == 0x7f)
    return ' ';
  return (char) b;
}

static inline gboolean
is_apostrophe (gunichar c)
{
  return c == '\'' || c == '`' || c == 0x2018 || c == 0x2019 || c == 0x02BC || c == 0x00B4 ||
         c == 0x2032;
}

/* One code point that is not ASCII: a digit of any script, a compatibility
 * form (full-width, circled, mathematical) of an ASCII character, a
 * look-alike letter, or else a space; marks and format characters vanish. */
static void
put_unichar (PlzContactText *t,
             gunichar        c,
             guint32         from,
             guint32         to)
{
  gunichar decomposed[G_UNICHAR_MAX_DECOMPOSITION_LENGTH];
  gsize n;
  gint digit = g_unichar_digit_value (c);
  gboolean any = FALSE;
  GUnicodeType type;
  char l;

  if (digit >= 0)
    {
      _plz_contact_text_put (t, (char) ('0' + digit), from, to);
      return;
    }
  if (is_apostrophe (c))
    return;
  type = g_unichar_type (c);
  if (type == G_UNICODE_NON_SPACING_MARK || type == G_UNICODE_ENCLOSING_MARK ||
      type == G_UNICODE_SPACING_MARK || type == G_UNICODE_FORMAT)
    return;

  n = g_unichar_fully_decompose (c, TRUE, decomposed, G_N_ELEMENTS (decomposed));
  for (gsize i = 0; i < n; i++)
    {
      gunichar d = decomposed[i];

      if (d < 0x80)
        {
          if (!is_apostrophe (d))
            _plz_contact_text_put (t, ascii_fold ((guchar) d), from, to);
          any = TRUE;
        }
      else if ((digit = g_unichar_digit_value (d)) >= 0)
        {
          _plz_contact_text_put (t, (char) ('0' + digit), from, to);
          any = TRUE;
        }
      else if ((l = confusable (g_unichar_tolower (d))) != 0)
        {
          _plz_contact_text_put (t, l, from, to);
          any = TRUE;
        }
    }
  if (!any)
    _plz_contact_text_put (t, ' ', from, to);
}

static void
fold_characters (PlzContactText *t,
                 const char     *text,
                 gsize           len)
{
  gsize i = 0;

  t->len = 0;
  _plz_contact_text_reserve (t, len);
  while (i < len)
    {
      guchar b = (guchar) text[i];
      gunichar c;
      gsize next;

      if (b < 0x80)
        {
          if (b != '\'' && b != '`')
            _plz_contact_text_put (t, ascii_fold (b), i, i + 1);
          i++;
          continue;
        }
      c = g_utf8_get_char_validated (text + i, (gssize) (len - i));
      if (c == (gunichar) -1 || c == (gunichar) -2)
        {
          _plz_contact_text_put (t, ' ', i, i + 1);  /* invalid or cut-off sequence */
          i++;
          continue;
        }
      next = (gsize) (g_utf8_next_char (text + i) - text);
      put_unichar (t, c, i, next);
      i = next;
    }
}

/* "w h a t s a p p", "g.m.a.i.l": three or more lone letters with one
 * separator between each are joined into a word. */
static void
join_spaced_letters (PlzContactText *t)
{
  char *s = t->text;
  gsize n = t->len, w = 0, i = 0;

#define IS_ALNUM(k) ((k) < n && g_ascii_isalnum (s[k]))
#define IS_LONE(k) \
  (g_ascii_isalpha (s[k]) && ((k) == 0 || !g_ascii_isalnum (s[(k) - 1])) && !IS_ALNUM ((k) + 1))
#define IS_JOINER(c) ((c) == ' ' || (c) == '.' || (c) == '-' || (c) == '_' || (c) == '*')
#define GONE '\x01'

  /* Mark the separators inside runs first, then squeeze them out, so that
   * every test reads the text as typed. */
  while (i < n)
    {
      gsize letters = 0, k = i;

      if (IS_LONE (i))
        {
          letters = 1;
          while (k + 2 < n && IS_JOINER (s[k + 1]) && IS_LONE (k + 2))
            {
              k += 2;
              letters++;
            }
        }
      if (letters >= 3)
        for (gsize j = i + 1; j < k; j += 2)
          s[j] = GONE;
      i = letters >= 3 ? k + 1 : i + 1;
    }
  for (i = 0; i < n; i++)
    if (s[i] != GONE)
      {
        s[w] = s[i];
        t->from[w] = t->from[i];
        t->to[w] = t->to[i];
        w++;
      }
  t->len = w;
  s[w] = '\0';
#undef IS_ALNUM
#undef IS_LONE
#undef IS_JOINER
#undef GONE
}

void
_plz_contact_fold (PlzContactText *t,
                   const char     *text,
                   gsize           len)
{
  fold_characters (t, text, len);
  t->text[t->len] = '\0';
  join_spaced_letters (t);
}
