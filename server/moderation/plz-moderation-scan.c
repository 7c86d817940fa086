/* plz-moderation-scan.c — `plaza-server moderation scan`: one message per line
 * in, one JSON verdict per line out */
#define G_LOG_DOMAIN "plaza-moderation"

#include "plz-moderation-scan.h"
#include "plz-contact-detector.h"

#include <string.h>

/* JSON by hand: json-glib prints 0.95 as 0.94999999999999996. */
static void
append_string (GString    *out,
               const char *s,
               gssize      len)
{
  const char *end = len < 0 ? s + strlen (s) : s + len;

  g_string_append_c (out, '"');
  for (; s < end; s++)
    {
      guchar c = (guchar) *s;

      if (c == '"' || c == '\\')
        {
          g_string_append_c (out, '\\');
          g_string_append_c (out, (char) c);
        }
      else if (c < 0x20 || c == 0x7f)
        g_string_append_printf (out, "\\u%04x", c);
      else
        g_string_append_c (out, (char) c);
    }
  g_string_append_c (out, '"');
}

static void
append_number (GString *out,
               double   value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  g_string_append (out, g_ascii_formatd (buf, sizeof buf, "%.2f", value));
}

char *
plz_moderation_verdict_json (const PlzModerationConfig *policy,
                             PlzModerationStage         stage,
                             const char                *line,
                             gsize                      len)
{
  g_autofree char *text = g_utf8_make_valid (line, (gssize) len);
  g_autoptr(PlzContactResult) r = plz_contact_scan (text, -1);
  g_autofree char *redacted = plz_contact_redact (text, -1, r);
  GString *out = g_string_sized_new (128 + 2 * strlen (text));

  g_string_append (out, "{\"risk\":");
  append_string (out, plz_contact_risk_name (r->risk), -1);
  g_string_append (out, ",\"score\":");
  append_number (out, r->score);
  g_string_append (out, ",\"action\":");
  append_string (out, plz_moderation_action_name (plz_moderation_policy_action (policy, stage, r->risk)), -1);
  g_string_append (out, ",\"findings\":[");
  for (guint i = 0; i < r->findings->len; i++)
    {
      const PlzContactFinding *f = &g_array_index (r->findings, PlzContactFinding, i);

      if (i > 0)
        g_string_append_c (out, ',');
      g_string_append (out, "{\"kind\":");
      append_string (out, plz_contact_kind_name (f->kind), -1);
      g_string_append_printf (out, ",\"start\":%ld,\"end\":%ld,\"confidence\":",
                              g_utf8_pointer_to_offset (text, text + f->start),
                              g_utf8_pointer_to_offset (text, text + f->end));
      append_number (out, f->confidence);
      g_string_append (out, ",\"text\":");
      append_string (out, text + f->start, (gssize) (f->end - f->start));
      g_string_append_c (out, '}');
    }
  g_string_append (out, "],\"redacted\":");
  append_string (out, redacted, -1);
  g_string_append_c (out, '}');
  return g_string_free (out, FALSE);
}

gboolean
plz_moderation_scan_stream (const PlzModerationConfig  *policy,
                            PlzModerationStage          stage,
                            GInputStream               *in,
                            FILE                       *out,
                            guint64                    *lines,
                            GError                    **error)
{
  g_autoptr(GDataInputStream) data = g_data_input_stream_new (in);
  guint64 n = 0;

  g_data_input_stream_set_newline_type (data, G_DATA_STREAM_NEWLINE_TYPE_LF);
  for (;;)
    {
      g_autoptr(GError) local = NULL;
      gsize len = 0;
      g_autofree char *line = g_data_input_stream_read_line (data, &len, NULL, &local);
      g_autofree char *verdict = NULL;

      if (local != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local));
          return FALSE;
        }
      if (line == NULL)
        break;
      if (len > 0 && line[len - 1] == '\r')
        len--;
      verdict = plz_moderation_verdict_json (policy, stage, line, len);
      fputs (verdict, out);
      fputc ('\n', out);
      fflush (out);
      n++;
    }
  if (lines != NULL)
    *lines = n;
  return TRUE;
}
