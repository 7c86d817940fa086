/* plz-log.h — structured logging for the server */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Installs the log writer: the journal when stderr is connected to it, else
 * one line per record on stderr. Debug records only when @verbose. */
void plz_log_init    (gboolean    verbose);

/* Logs one request line: method, path, status and duration, as fields. */
void plz_log_request (const char *method,
                      const char *path,
                      guint       status,
                      double      duration_ms,
                      gboolean    aborted);

G_END_DECLS
