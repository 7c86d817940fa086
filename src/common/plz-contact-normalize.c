/* plz-contact-normalize.c — undoes the disguises people put on contact details:
 * after the character pass (plz-contact-fold.c), digits as words, look-alike
 * letters inside numbers, filler between digit groups and "[at]"/"dot", still
 * remembering where every byte came from */
#include "plz-contact-private.h"

#include <string.h>

/* Tokens -------------------------------------------------------------------------- */

enum { T_ALPHA, T_DIGIT, T_SPACE, T_PUNCT };

enum
{
  A_COPY,    /* as typed */
  A_DIGITS,  /* a number word: its digits */
  A_MAP,     /* look-alike letters: their digits */
  A_SEP,     /* filler between digit groups: a space */
  A_DROP,    /* nothing */
  A_AT,      /* "@" */
  A_DOT,     /* "." */
  A_REPEAT,  /* "double"/"triple": the next digit again, n - 1 times */
};

#define MAX_WORD_DIGITS 16

typedef struct
{
  guint32 b, e;
  guint8  type;
  guint8  action;
  guint8  numeric;   /* stands for digits */
  guint8  ndigits;
  char    digits[MAX_WORD_DIGITS];
} Token;

static void
tokenize (const PlzContactText *t,
          GArray               *tokens)
{
  const char *s = t->text;
  gsize i = 0;

  g_array_set_size (tokens, 0);
  while (i < t->len)
    {
      Token tok = { 0 };
      char c = s[i];
      gsize j = i + 1;

      if (g_ascii_isalpha (c))
        {
          tok.type = T_ALPHA;
          while (j < t->len && g_ascii_isalpha (s[j]))
            j++;
        }
      else if (g_ascii_isdigit (c))
        {
          tok.type = T_DIGIT;
          while (j < t->len && g_ascii_isdigit (s[j]))
            j++;
        }
      else if (c == ' ')
        {
          tok.type = T_SPACE;
          while (j < t->len && s[j] == ' ')
            j++;
        }
      else
        tok.type = T_PUNCT;
      tok.b = (guint32) i;
      tok.e = (guint32) j;
      g_array_append_val (tokens, tok);
      i = j;
    }
}

/* Number words -------------------------------------------------------------------- */

enum { W_PLAIN, W_CONTEXT, W_TENS, W_REPEAT };

typedef struct
{
  const char *word;
  const char *digits;
  guint8      flag;
} NumberWord;

/* English, Afrikaans, isiZulu, isiXhosa and Sesotho/Setswana forms people type. */
static const NumberWord number_words[] = {
  { "zero", "0", W_PLAIN }, { "nought", "0", W_PLAIN }, { "null", "0", W_PLAIN },
  { "nil", "0", W_PLAIN }, { "oh", "0", W_CONTEXT }, { "one", "1", W_PLAIN },
  { "two", "2", W_PLAIN }, { "three", "3", W_PLAIN }, { "four", "4", W_PLAIN },
  { "five", "5", W_PLAIN }, { "six", "6", W_PLAIN }, { "seven", "7", W_PLAIN },
  { "eight", "8", W_PLAIN }, { "nine", "9", W_PLAIN }, { "ten", "10", W_PLAIN },
  { "eleven", "11", W_PLAIN }, { "twelve", "12", W_PLAIN }, { "thirteen", "13", W_PLAIN },
  { "fourteen", "14", W_PLAIN }, { "fifteen", "15", W_PLAIN }, { "sixteen", "16", W_PLAIN },
  { "seventeen", "17", W_PLAIN }, { "eighteen", "18", W_PLAIN }, { "nineteen", "19", W_PLAIN },
  { "twenty", "2", W_TENS }, { "thirty", "3", W_TENS }, { "forty", "4", W_TENS },
  { "fourty", "4", W_TENS }, { "fifty", "5", W_TENS }, { "sixty", "6", W_TENS },
  { "seventy", "7", W_TENS }, { "eighty", "8", W_TENS }, { "ninety", "9", W_TENS },
  { "double", "2", W_REPEAT }, { "triple", "3", W_REPEAT }, { "treble", "3", W_REPEAT },
  /* Afrikaans */
  { "nul", "0", W_PLAIN }, { "een", "1", W_PLAIN }, { "twee", "2", W_PLAIN },
  { "drie", "3", W_PLAIN }, { "vier", "4", W_PLAIN }, { "vyf", "5", W_PLAIN },
  { "ses", "6", W_PLAIN }, { "sewe", "7", W_PLAIN }, { "agt", "8", W_PLAIN },
  { "ag", "8", W_CONTEXT }, { "nege", "9", W_PLAIN }, { "tien", "10", W_PLAIN },
  { "elf", "11", W_CONTEXT }, { "twaalf", "12", W_PLAIN }, { "twintig", "2", W_TENS },
  { "dertig", "3", W_TENS }, { "veertig", "4", W_TENS }, { "vyftig", "5", W_TENS },
  { "sestig", "6", W_TENS }, { "sewentig", "7", W_TENS }, { "tagtig", "8", W_TENS },
  { "negentig", "9", W_TENS }, { "dubbel", "2", W_REPEAT }, { "trippel", "3", W_REPEAT },
  /* isiZulu */
  { "iqanda", "0", W_PLAIN }, { "qanda", "0", W_PLAIN }, { "kunye", "1", W_PLAIN },
  { "nye", "1", W_CONTEXT }, { "inye", "1", W_CONTEXT }, { "okukodwa", "1", W_PLAIN },
  { "kubili", "2", W_PLAIN }, { "mbili", "2", W_PLAIN }, { "bili", "2", W_CONTEXT },
  { "zimbili", "2", W_PLAIN }, { "kuthathu", "3", W_PLAIN }, { "ntathu", "3", W_PLAIN },
  { "thathu", "3", W_PLAIN }, { "zintathu", "3", W_PLAIN }, { "kune", "4", W_PLAIN },
  { "ne", "4", W_CONTEXT }, { "zine", "4", W_CONTEXT }, { "kuhlanu", "5", W_PLAIN },
  { "hlanu", "5", W_PLAIN }, { "sihlanu", "5", W_PLAIN }, { "zinhlanu", "5", W_PLAIN },
  { "isithupha", "6", W_PLAIN }, { "sithupha", "6", W_PLAIN }, { "yisithupha", "6", W_PLAIN },
  { "isikhombisa", "7", W_PLAIN }, { "sikhombisa", "7", W_PLAIN }, { "khombisa", "7", W_PLAIN },
  { "isishiyagalombili", "8", W_PLAIN }, { "shiyagalombili", "8", W_PLAIN },
  { "isishiyagalolunye", "9", W_PLAIN }, { "shiyagalolunye", "9", W_PLAIN },
  /* isiXhosa */
  { "mbini", "2", W_PLAIN }, { "ntlanu", "5", W_PLAIN }, { "ntandathu", "6", W_PLAIN },
  { "sixhenxe", "7", W_PLAIN }, { "sibhozo", "8", W_PLAIN }, { "lithoba", "9", W_PLAIN },
  /* Sesotho, Setswana */
  { "lefela", "0", W_PLAIN }, { "nngwe", "1", W_PLAIN }, { "pedi", "2", W_CONTEXT },
  { "tharo", "3", W_PLAIN }, { "nne", "4", W_CONTEXT }, { "hlano", "5", W_PLAIN },
  { "tshelela", "6", W_PLAIN }, { "supa", "7", W_CONTEXT }, { "robedi", "8", W_PLAIN },
  { "robong", "9", W_PLAIN }, { "robongwe", "9", W_PLAIN },
};

/* Said between digit groups to pace them ("082 and then 555"). */
static const char * const fillers[] = {
  "and", "then", "dash", "hyphen", "space", "comma", "en", "dan", "n", "nd", "pause",
  "stop", "slash", "dot", "point", "na", "le", "next", "followed", "by", NULL
};

static const char * const mail_providers[] = {
  "gmail", "googlemail", "yahoo", "ymail", "hotmail", "outlook", "live", "icloud", "mweb",
  "telkomsa", "vodamail", "webmail", "iafrica", "absamail", "protonmail", "proton", "aol",
  "gmx", "zoho", "msn", "lantic", "afrihost", "cybersmart", "mail", NULL
};

static const char * const tlds[] = {
  "com", "co", "za", "net", "org", "io", "me", "info", "biz", "africa", "uk", "us", "de",
  "au", "ly", "ee", "gl", "tv", "xyz", "web", "gov", "ac", "edu", NULL
};

static GHashTable *number_table;  /* word → NumberWord */
static guint8 *number_prefixes;   /* bit set over the first three letters of number words */

static inline guint
prefix_index (const char *w)
{
  return (guint) (w[0] - 'a') * 676 + (guint) (w[1] - 'a') * 26 + (guint) (w[2] - 'a');
}

static void
init_tables (void)
{
  static gsize done = 0;

  if (!g_once_init_enter (&done))
    return;
  number_table = g_hash_table_new (g_str_hash, g_str_equal);
  number_prefixes = g_new0 (guint8, 26 * 26 * 26 / 8 + 1);
  for (guint i = 0; i < G_N_ELEMENTS (number_words); i++)
    {
      const char *w = number_words[i].word;

      g_hash_table_insert (number_table, (gpointer) w, (gpointer) &number_words[i]);
      if (strlen (w) >= 3)
        number_prefixes[prefix_index (w) / 8] |= 1u << (prefix_index (w) % 8);
    }
  g_once_init_leave (&done, 1);
}

static const NumberWord *
lookup_number (const char *w,
               gsize       n)
{
  char buf[24];

  if (n >= sizeof buf || n < 2)
    return NULL;
  if (n >= 3 && !(number_prefixes[prefix_index (w) / 8] & (1u << (prefix_index (w) % 8))))
    return NULL;
  memcpy (buf, w, n);
  buf[n] = '\0';
  return g_hash_table_lookup (number_table, buf);
}

static gboolean
word_is (const char         *w,
         gsize               n,
         const char * const *list)
{
  for (guint i = 0; list[i] != NULL; i++)
    if (list[i][0] == w[0] && strncmp (list[i], w, n) == 0 && list[i][n] == '\0')
      return TRUE;
  return FALSE;
}

/* "fivefivefive", "zeroeighttwo": a word made only of plain number words. */
static gboolean
segment_number_words (const char *w,
                      gsize       n,
                      Token      *tok)
{
  gsize i = 0;
  guint parts = 0;

  if (n < 6 || !(number_prefixes[prefix_index (w) / 8] & (1u << (prefix_index (w) % 8))))
    return FALSE;
  tok->ndigits = 0;
  while (i < n)
    {
      const NumberWord *best = NULL;
      gsize best_len = 0;

      for (gsize k = MIN (n - i, 17); k >= 3; k--)
        {
          const NumberWord *nw = lookup_number (w + i, k);

          if (nw != NULL && nw->flag == W_PLAIN)
            {
              best = nw;
              best_len = k;
              break;
            }
        }
      if (best == NULL || tok->ndigits + strlen (best->digits) > MAX_WORD_DIGITS)
        return FALSE;
      memcpy (tok->digits + tok->ndigits, best->digits, strlen (best->digits));
      tok->ndigits += (guint8) strlen (best->digits);
      i += best_len;
      parts++;
    }
  return parts >= 2;
}

static inline gboolean
is_lookalike (char c)
{
  return c == 'o' || c == 'i' || c == 'l' || c == 's' || c == 'b' || c == 'z' || c == 'e' ||
         c == 'g' || c == 'q';
}

static char
lookalike_digit (char c)
{
  switch (c)
    {
    case 'o': return '0';
    case 'i': case 'l': return '1';
    case 's': return '5';
    case 'b': return '8';
    case 'z': return '2';
    case 'e': return '3';
    case 'g': case 'q': return '9';
    default: return c;
    }
}

/* Decisions ---------------------------------------------------------------------- */

#define TOK(i) (&g_array_index (tokens, Token, (i)))

static gssize
next_word (GArray *tokens,
           gssize  i)
{
  for (i++; i < (gssize) tokens->len; i++)
    if (TOK (i)->type != T_SPACE)
      return i;
  return -1;
}

static gssize
prev_word (GArray *tokens,
           gssize  i)
{
  for (i--; i >= 0; i--)
    if (TOK (i)->type != T_SPACE)
      return i;
  return -1;
}

/* The neighbour of @i in direction @dir, across at most one separator
 * (a space, or one of - . , / _ ). */
static gssize
near_token (GArray     *tokens,
            const char *s,
            gssize      i,
            int         dir)
{
  gssize j = i + dir;

  if (j < 0 || j >= (gssize) tokens->len)
    return -1;
  if (TOK (j)->type == T_SPACE ||
      (TOK (j)->type == T_PUNCT && strchr ("-.,/_()", s[TOK (j)->b]) != NULL))
    {
      j += dir;
      if (j >= 0 && j < (gssize) tokens->len && TOK (j)->type == T_SPACE)
        j += dir;
    }
  return j >= 0 && j < (gssize) tokens->len ? j : -1;
}

static gboolean
near_numeric (GArray     *tokens,
              const char *s,
              gssize      i)
{
  gssize p = near_token (tokens, s, i, -1), n = near_token (tokens, s, i, +1);

  return (p >= 0 && TOK (p)->numeric) || (n >= 0 && TOK (n)->numeric);
}

/* The letter a digit stands in for inside a word ("zer0", "f1ve", "s3ven"). */
static char
leet_letter (char d,
             gboolean l_for_1)
{
  switch (d)
    {
    case '0': return 'o';
    case '1': return l_for_1 ? 'l' : 'i';
    case '3': return 'e';
    case '4': return 'a';
    case '5': return 's';
    case '7': return 't';
    default: return 0;
    }
}

/* "zer0 e1ght tw0": number words with digits for some letters. A run of
 * touching letter and digit tokens whose digits read as letters spells one
 * or more number words; the run becomes their digits. */
static void
decide_leet_words (GArray     *tokens,
                   const char *s)
{
  for (guint i = 0; i < tokens->len; i++)
    {
      guint j = i, letters = 0, digits = 0;
      gsize b = TOK (i)->b, e;

      while (j < tokens->len && (TOK (j)->type == T_ALPHA || TOK (j)->type == T_DIGIT) &&
             (j == i || TOK (j - 1)->e == TOK (j)->b))
        {
          if (TOK (j)->type == T_ALPHA)
            letters++;
          else
            digits++;
          j++;
        }
      if (j == i)
        continue;
      e = TOK (j - 1)->e;
      if (letters == 0 || digits == 0 || e - b < 3 || e - b > 20)
        {
          i = j - 1;
          continue;
        }
      for (int variant = 0; variant < 2; variant++)
        {
          char word[24];
          Token probe = { 0 };
          const NumberWord *nw;
          gboolean ok = TRUE;

          for (gsize k = b; k < e && ok; k++)
            {
              word[k - b] = g_ascii_isdigit (s[k]) ? leet_letter (s[k], variant == 1) : s[k];
              ok = word[k - b] != 0;
            }
          if (!ok)
            break;
          nw = lookup_number (word, e - b);
          if (nw != NULL && (nw->flag == W_PLAIN || nw->flag == W_TENS))
            {
              probe.ndigits = (guint8) strlen (nw->digits);
              memcpy (probe.digits, nw->digits, probe.ndigits);
            }
          else if (nw != NULL || !segment_number_words (word, e - b, &probe))
            continue;
          /* The first token speaks for the run; the rest say nothing. */
          TOK (i)->numeric = TRUE;
          TOK (i)->action = A_DIGITS;
          TOK (i)->ndigits = probe.ndigits;
          memcpy (TOK (i)->digits, probe.digits, probe.ndigits);
          TOK (i)->e = (guint32) e;
          for (guint k = i + 1; k < j; k++)
            {
              TOK (k)->action = A_DROP;
              TOK (k)->type = T_PUNCT;
            }
          break;
        }
      i = j - 1;
    }
}

static void
decide_numbers (GArray     *tokens,
                const char *s)
{
  decide_leet_words (tokens, s);

  /* Plain number words, and whole-word concatenations of them. */
  for (guint i = 0; i < tokens->len; i++)
    {
      Token *t = TOK (i);
      const NumberWord *nw;

      if (t->action != A_COPY)
        continue;
      if (t->type == T_DIGIT)
        {
          t->numeric = TRUE;
          continue;
        }
      if (t->type != T_ALPHA)
        continue;
      nw = lookup_number (s + t->b, t->e - t->b);
      if (nw != NULL && (nw->flag == W_PLAIN || nw->flag == W_TENS))
        {
          t->numeric = TRUE;
          t->action = A_DIGITS;
          t->ndigits = (guint8) strlen (nw->digits);
          memcpy (t->digits, nw->digits, t->ndigits);
          if (nw->flag == W_TENS)
            t->digits[t->ndigits++] = '0';  /* "twenty" alone; see below for "twenty two" */
        }
      else if (nw == NULL && segment_number_words (s + t->b, t->e - t->b, t))
        {
          t->numeric = TRUE;
          t->action = A_DIGITS;
        }
    }

  /* "twenty two" is 22: the tens word gives its first digit only. */
  for (guint i = 0; i < tokens->len; i++)
    {
      Token *t = TOK (i);
      const NumberWord *nw;
      gssize n;

      if (t->action != A_DIGITS || t->ndigits != 2 || t->digits[1] != '0')
        continue;
      nw = lookup_number (s + t->b, t->e - t->b);
      if (nw == NULL || nw->flag != W_TENS)
        continue;
      n = near_token (tokens, s, i, +1);
      if (n >= 0 && TOK (n)->action == A_DIGITS && TOK (n)->ndigits == 1 && TOK (n)->digits[0] != '0')
        t->ndigits = 1;
    }

  /* Words that are numbers only among numbers, look-alike letters, "double". */
  for (guint i = 0; i < tokens->len; i++)
    {
      Token *t = TOK (i);
      const char *w = s + t->b;
      gsize n = t->e - t->b;
      const NumberWord *nw;
      gboolean all_lookalike = TRUE;

      if (t->type != T_ALPHA || t->numeric)
        continue;
      nw = lookup_number (w, n);
      if (nw != NULL && nw->flag == W_CONTEXT && near_numeric (tokens, s, i))
        {
          t->numeric = TRUE;
          t->action = A_DIGITS;
          t->ndigits = (guint8) strlen (nw->digits);
          memcpy (t->digits, nw->digits, t->ndigits);
          continue;
        }
      if (nw != NULL && nw->flag == W_REPEAT)
        continue;  /* below, once the next word is known */
      for (gsize k = 0; k < n; k++)
        all_lookalike = all_lookalike && is_lookalike (w[k]);
      if (!all_lookalike)
        continue;
      /* "O82", "l234": touching digits; "o 8 2": a lone letter among numbers. */
      if ((i > 0 && TOK (i - 1)->type == T_DIGIT) ||
          (i + 1 < tokens->len && TOK (i + 1)->type == T_DIGIT) ||
          (n == 1 && near_numeric (tokens, s, i)))
        {
          t->numeric = TRUE;
          t->action = A_MAP;
        }
    }

  /* "double five", "double oh": repeats the number that follows. */
  for (guint i = 0; i < tokens->len; i++)
    {
      Token *t = TOK (i);
      const NumberWord *nw;
      gssize next;

      if (t->type != T_ALPHA || t->numeric || t->action != A_COPY)
        continue;
      nw = lookup_number (s + t->b, t->e - t->b);
      if (nw == NULL || nw->flag != W_REPEAT)
        continue;
      next = near_token (tokens, s, i, +1);
      if (next >= 0 && TOK (next)->numeric)
        {
          t->action = A_REPEAT;
          t->ndigits = (guint8) (nw->digits[0] - '0');
        }
    }

  /* "082 and then 555": filler between numbers becomes a separator. */
  for (guint i = 0; i < tokens->len; i++)
    {
      Token *t = TOK (i);
      gssize p, nx;

      if (t->type != T_ALPHA || t->numeric || t->action != A_COPY || t->e - t->b > 8 ||
          (p = prev_word (tokens, i)) < 0 || !(TOK (p)->numeric || TOK (p)->type == T_ALPHA) ||
          !word_is (s + t->b, t->e - t->b, fillers))
        continue;
      while (p >= 0 && TOK (p)->type == T_ALPHA && !TOK (p)->numeric &&
             word_is (s + TOK (p)->b, TOK (p)->e - TOK (p)->b, fillers))
        p = prev_word (tokens, p);
      nx = next_word (tokens, i);
      while (nx >= 0 && TOK (nx)->type == T_ALPHA && !TOK (nx)->numeric &&
             word_is (s + TOK (nx)->b, TOK (nx)->e - TOK (nx)->b, fillers))
        nx = next_word (tokens, nx);
      if (p >= 0 && nx >= 0 && TOK (p)->numeric && (TOK (nx)->numeric || TOK (nx)->action == A_REPEAT))
        t->action = A_SEP;
    }
}

static gboolean
token_is (GArray     *tokens,
          const char *s,
          gssize      i,
          const char *word)
{
  return i >= 0 && TOK (i)->type == T_ALPHA && s[TOK (i)->b] == word[0] &&
         strncmp (s + TOK (i)->b, word, TOK (i)->e - TOK (i)->b) == 0 &&
         word[TOK (i)->e - TOK (i)->b] == '\0';
}

static gboolean
token_in (GArray             *tokens,
          const char         *s,
          gssize              i,
          const char * const *list)
{
  return i >= 0 && TOK (i)->type == T_ALPHA && word_is (s + TOK (i)->b, TOK (i)->e - TOK (i)->b, list);
}

static gboolean
token_punct (GArray     *tokens,
             const char *s,
             gssize      i,
             const char *chars)
{
  return i >= 0 && TOK (i)->type == T_PUNCT && strchr (chars, s[TOK (i)->b]) != NULL;
}

/* Drops the spaces right around token @i. */
static void
drop_spaces_around (GArray *tokens,
                    gssize  i)
{
  if (i > 0 && TOK (i - 1)->type == T_SPACE)
    TOK (i - 1)->action = A_DROP;
  if (i + 1 < (gssize) tokens->len && TOK (i + 1)->type == T_SPACE)
    TOK (i + 1)->action = A_DROP;
}

/* A "dot" or "." before a top-level domain word, from token @i on. */
static gboolean
dot_then_tld (GArray     *tokens,
              const char *s,
              gssize      i)
{
  if (i < 0)
    return FALSE;
  if (!token_punct (tokens, s, i, ".") && !token_is (tokens, s, i, "dot") &&
      !(token_punct (tokens, s, i, "[({<") && token_is (tokens, s, next_word (tokens, i), "dot")))
    return FALSE;
  if (token_punct (tokens, s, i, "[({<"))
    i = next_word (tokens, next_word (tokens, i));
  return token_in (tokens, s, next_word (tokens, i), tlds);
}

static void
decide_at_and_dot (GArray     *tokens,
                   const char *s)
{
  gboolean any = FALSE;

  /* Most messages have neither word: look once, cheaply. */
  for (guint i = 0; i < tokens->len && !any; i++)
    {
      Token *t = TOK (i);

      any = t->type == T_ALPHA && ((t->e - t->b == 2 && s[t->b] == 'a' && s[t->b + 1] == 't') ||
                                   (t->e - t->b == 3 && s[t->b] == 'd' && s[t->b + 1] == 'o' &&
                                    s[t->b + 2] == 't'));
    }
  if (!any)
    return;

  /* "[at]", "(dot)", "{at}", "<at>" */
  for (guint i = 0; i < tokens->len; i++)
    {
      gssize open = prev_word (tokens, i), close = next_word (tokens, i);
      gboolean at = token_is (tokens, s, i, "at"), dot = token_is (tokens, s, i, "dot");

      if ((!at && !dot) || !token_punct (tokens, s, open, "[({<") || !token_punct (tokens, s, close, "])}>"))
        continue;
      TOK (i)->action = at ? A_AT : A_DOT;
      for (gssize k = open; k <= close; k++)
        if (k != (gssize) i)
          TOK (k)->action = A_DROP;
      drop_spaces_around (tokens, open);
      drop_spaces_around (tokens, close);
    }

  /* " dot " before a domain ending, or after "www". */
  for (guint i = 0; i < tokens->len; i++)
    if (token_is (tokens, s, i, "dot") && TOK (i)->action == A_COPY &&
        (token_in (tokens, s, next_word (tokens, i), tlds) ||
         token_is (tokens, s, prev_word (tokens, i), "www")))
      {
        TOK (i)->action = A_DOT;
        drop_spaces_around (tokens, i);
      }

  /* " at " before a mail provider, or before a word and a domain ending. */
  for (guint i = 0; i < tokens->len; i++)
    {
      gssize prev = prev_word (tokens, i), next = next_word (tokens, i);

      if (!token_is (tokens, s, i, "at") || TOK (i)->action != A_COPY || prev < 0 || next < 0 ||
          (TOK (prev)->type != T_ALPHA && TOK (prev)->type != T_DIGIT))
        continue;
      if (token_in (tokens, s, next, mail_providers) ||
          (TOK (next)->type == T_ALPHA && dot_then_tld (tokens, s, next_word (tokens, next))))
        {
          TOK (i)->action = A_AT;
          drop_spaces_around (tokens, i);
        }
    }

  /* "thandi dot m at gmail": a dot inside the name before the "@". */
  for (guint i = 0; i < tokens->len; i++)
    if (token_is (tokens, s, i, "dot") && TOK (i)->action == A_COPY)
      {
        gssize after = next_word (tokens, next_word (tokens, i));

        if (after >= 0 && TOK (after)->action == A_AT)
          {
            TOK (i)->action = A_DOT;
            drop_spaces_around (tokens, i);
          }
      }
}

/* Output ------------------------------------------------------------------------- */

static char
first_digit (GArray     *tokens,
             const char *s,
             gssize      i)
{
  Token *t = TOK (i);

  if (t->type == T_DIGIT)
    return s[t->b];
  if (t->action == A_DIGITS && t->ndigits > 0)
    return t->digits[0];
  if (t->action == A_MAP)
    return lookalike_digit (s[t->b]);
  return 0;
}

static void
emit (GArray               *tokens,
      const PlzContactText *in,
      PlzContactText       *out)
{
  const char *s = in->text;

  out->len = 0;
  _plz_contact_text_reserve (out, in->len);
  for (guint i = 0; i < tokens->len; i++)
    {
      Token *t = TOK (i);
      guint32 from = in->from[t->b], to = in->to[t->e - 1];
      gboolean after_space = out->len == 0 || out->text[out->len - 1] == ' ';

      switch (t->action)
        {
        case A_DROP:
          break;
        case A_SEP:
          if (!after_space)
            _plz_contact_text_put (out, ' ', from, to);
          break;
        case A_AT:
          _plz_contact_text_put (out, '@', from, to);
          break;
        case A_DOT:
          _plz_contact_text_put (out, '.', from, to);
          break;
        case A_DIGITS:
          for (guint k = 0; k < t->ndigits; k++)
            _plz_contact_text_put (out, t->digits[k], from, to);
          break;
        case A_MAP:
          for (guint32 k = t->b; k < t->e; k++)
            _plz_contact_text_put (out, lookalike_digit (s[k]), in->from[k], in->to[k]);
          break;
        case A_REPEAT:
          {
            gssize next = near_token (tokens, s, i, +1);
            char d = next >= 0 ? first_digit (tokens, s, next) : 0;

            for (guint k = 1; d != 0 && k < t->ndigits; k++)
              _plz_contact_text_put (out, d, from, to);
          }
          break;
        default:
          if (t->type == T_SPACE)
            {
              if (!after_space)
                _plz_contact_text_put (out, ' ', from, to);
            }
          else
            for (guint32 k = t->b; k < t->e; k++)
              _plz_contact_text_put (out, s[k], in->from[k], in->to[k]);
          break;
        }
    }
  out->text[out->len] = '\0';
}

const PlzContactText *
_plz_contact_normalize (PlzContactWork *work,
                        const char     *text,
                        gsize           len)
{
  init_tables ();
  if (work->tokens == NULL)
    work->tokens = g_array_new (FALSE, FALSE, sizeof (Token));

  _plz_contact_fold (&work->stage, text, len);
  tokenize (&work->stage, work->tokens);
  decide_numbers (work->tokens, work->stage.text);
  decide_at_and_dot (work->tokens, work->stage.text);
  emit (work->tokens, &work->stage, &work->out);
  return &work->out;
}

gboolean
_plz_contact_is_disguised (const PlzContactText *nt,
                           const char           *original,
                           gsize                 i)
{
  return g_ascii_isdigit (nt->text[i]) &&
         (nt->to[i] - nt->from[i] != 1 || original[nt->from[i]] != nt->text[i]);
}
