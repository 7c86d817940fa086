/* plz-cli.h — plaza-server's command line: serve, migrate, seed-demo, backup, version */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Runs the command named in @argv; returns the process exit status. */
int plz_cli_run (int    argc,
                 char **argv);

G_END_DECLS
