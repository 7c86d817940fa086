/* plz-log.c — structured logging for the server */
#define G_LOG_DOMAIN "plaza-server"

#include "plz-log.h"

#include <stdio.h>
#include <unistd.h>

static gboolean log_verbose;

static const char *
level_name (GLogLevelFlags level)
{
  if (level & G_LOG_LEVEL_ERROR)
    return "error";
  if (level & G_LOG_LEVEL_CRITICAL)
    return "critical";
  if (level & G_LOG_LEVEL_WARNING)
    return "warning";
  if (level & G_LOG_LEVEL_MESSAGE)
    return "notice";
  if (level & G_LOG_LEVEL_INFO)
    return "info";
  return "debug";
}

static GLogWriterOutput
writer_cb (GLogLevelFlags   level,
           const GLogField *fields,
           gsize            n_fields,
           gpointer         user_data)
{
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *stamp = NULL;
  const char *message = NULL;
  const char *domain = NULL;

  if ((level & G_LOG_LEVEL_DEBUG) && !log_verbose)
    return G_LOG_WRITER_HANDLED;

  if (g_log_writer_is_journald (fileno (stderr)))
    return g_log_writer_journald (level, fields, n_fields, user_data);

  for (gsize i = 0; i < n_fields; i++)
    {
      if (g_strcmp0 (fields[i].key, "MESSAGE") == 0)
        message = fields[i].value;
      else if (g_strcmp0 (fields[i].key, "GLIB_DOMAIN") == 0)
        domain = fields[i].value;
    }

  now = g_date_time_new_now_utc ();
  stamp = g_date_time_format (now, "%Y-%m-%dT%H:%M:%S.%fZ");
  fprintf (stderr, "%s %s %s: %s\n", stamp, level_name (level),
           domain != NULL ? domain : "plaza", message != NULL ? message : "");
  fflush (stderr);
  return G_LOG_WRITER_HANDLED;
}

void
plz_log_init (gboolean verbose)
{
  log_verbose = verbose;
  g_log_set_writer_func (writer_cb, NULL, NULL);
}

void
plz_log_request (const char *method,
                 const char *path,
                 guint       status,
                 double      duration_ms,
                 gboolean    aborted)
{
  g_autofree char *status_text = g_strdup_printf ("%u", status);
  g_autofree char *duration_text = g_strdup_printf ("%.3f", duration_ms);
  g_autofree char *message = g_strdup_printf ("%s %s %u %.1fms%s", method, path, status,
                                              duration_ms, aborted ? " aborted" : "");
  const GLogField fields[] = {
    { "GLIB_DOMAIN", G_LOG_DOMAIN, -1 },
    { "PRIORITY", "6", -1 },
    { "MESSAGE", message, -1 },
    { "PLAZA_METHOD", method, -1 },
    { "PLAZA_PATH", path, -1 },
    { "PLAZA_STATUS", status_text, -1 },
    { "PLAZA_DURATION_MS", duration_text, -1 },
  };

  g_log_structured_array (G_LOG_LEVEL_INFO, fields, G_N_ELEMENTS (fields));
}
