/* plz-client-error.c — the desktop client's error domain */

#include "config.h"

#include "plz-client-error.h"

G_DEFINE_QUARK (plz-client-error-quark, plz_client_error)
