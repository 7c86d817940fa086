/* plz-messaging-json.c — messages and event data written straight as JSON text */
#define G_LOG_DOMAIN "plaza-messaging"

#include "plz-messaging-json.h"
#include "plz-time.h"

void
plz_messaging_json_string (GString    *out,
                           const char *text)
{
  const char *run = text;

  if (text == NULL)
    {
      g_string_append (out, "null");
      return;
    }
  g_string_append_c (out, '"');
  /* Copy runs of plain bytes at once; UTF-8 passes through as it is. */
  for (const char *p = text; *p != '\0'; p++)
    {
      guchar c = *p;

      if (c >= 0x20 && c != '"' && c != '\\')
        continue;
      g_string_append_len (out, run, p - run);
      run = p + 1;
      switch (c)
        {
        case '"':  g_string_append (out, "\\\""); break;
        case '\\': g_string_append (out, "\\\\"); break;
        case '\b': g_string_append (out, "\\b"); break;
        case '\f': g_string_append (out, "\\f"); break;
        case '\n': g_string_append (out, "\\n"); break;
        case '\r': g_string_append (out, "\\r"); break;
        case '\t': g_string_append (out, "\\t"); break;
        default:   g_string_append_printf (out, "\\u%04x", c); break;
        }
    }
  g_string_append (out, run);
  g_string_append_c (out, '"');
}

void
plz_messaging_json_time (GString *out,
                         gint64   usec)
{
  char text[PLZ_TIME_RFC3339_SIZE];

  /* The text needs no escaping. */
  if (usec <= 0 || !plz_time_format_rfc3339_to (usec, text))
    {
      g_string_append (out, "null");
      return;
    }
  g_string_append_c (out, '"');
  g_string_append (out, text);
  g_string_append_c (out, '"');
}

void
plz_messaging_json_message (GString          *out,
                            const PlzMessage *m)
{
  g_string_append (out, "{\"id\":");
  plz_messaging_json_string (out, m->id);
  g_string_append (out, ",\"conversation_id\":");
  plz_messaging_json_string (out, m->conversation_id);
  g_string_append (out, ",\"sender_id\":");
  plz_messaging_json_string (out, m->sender_id);
  g_string_append (out, ",\"kind\":");
  plz_messaging_json_string (out, m->kind);
  g_string_append (out, ",\"body\":");
  plz_messaging_json_string (out, m->body);
  /* Stored as JSON text written by the server itself. */
  g_string_append (out, ",\"attachments\":");
  g_string_append (out, m->attachments != NULL ? m->attachments : "[]");
  g_string_append (out, ",\"actions\":");
  g_string_append (out, m->actions != NULL ? m->actions : "[]");
  g_string_append (out, ",\"client_id\":");
  plz_messaging_json_string (out, m->client_id);
  g_string_append (out, ",\"created_at\":");
  plz_messaging_json_time (out, m->created_at);
  g_string_append (out, ",\"delivered_at\":");
  plz_messaging_json_time (out, m->delivered_at);
  g_string_append (out, ",\"read_at\":");
  plz_messaging_json_time (out, m->read_at);
  g_string_append_c (out, '}');
}
