/* plz-server-program.h — finding the bundled server and a free port for it */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The plaza-server to run: @explicit_path when given, else $PLAZA_SERVER_BIN,
 * else next to this program, ../server/ from it (a build tree), the install
 * bindir, then PATH. Fails with PLZ_CLIENT_ERROR_SERVER_NOT_FOUND. */
char     *plz_server_program_find      (const char  *explicit_path,
                                        GError     **error);

/* Fails with PLZ_CLIENT_ERROR_PORT_BUSY when another program listens on
 * @host:@port, so that a server started there would not get it. */
gboolean  plz_server_program_port_free (const char  *host,
                                        int          port,
                                        GError     **error);

/* "exit status 3" or "killed by signal 9" for a finished process. */
char     *plz_server_program_describe_exit (gboolean exited,
                                            int      status_or_signal);

/* Waits for @subprocess to exit, killing it after @timeout_ms; FALSE when it
 * had to be killed. Runs a private main context, so nothing else of the app
 * runs meanwhile. */
gboolean  plz_server_program_wait       (GSubprocess *subprocess,
                                         guint        timeout_ms);

/* What a line of the server's stderr says, for people: the message of a
 * "TIME LEVEL DOMAIN: message" log line, or the line itself; NULL for routine
 * (debug, info and notice) lines. */
char     *plz_server_program_log_reason (const char *line);

G_END_DECLS
