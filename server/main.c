/* main.c — plaza-server's entry point */
#include "plz-cli.h"

int
main (int    argc,
      char **argv)
{
  return plz_cli_run (argc, argv);
}
