/* plz-client-error.h — the desktop client's error domain */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define PLZ_CLIENT_ERROR (plz_client_error_quark ())

typedef enum
{
  PLZ_CLIENT_ERROR_INVALID_URL,       /* not an http(s) address with a host */
  PLZ_CLIENT_ERROR_NOT_LOCAL,         /* the server is on another machine */
  PLZ_CLIENT_ERROR_SERVER_NOT_FOUND,  /* no plaza-server program to start */
  PLZ_CLIENT_ERROR_PORT_BUSY,         /* another program holds the port */
  PLZ_CLIENT_ERROR_SERVER_EXITED,     /* the server stopped while starting or later */
  PLZ_CLIENT_ERROR_TIMED_OUT,         /* the server did not answer in time */
  PLZ_CLIENT_ERROR_SPAWN_FAILED,      /* the program could not be run */
  PLZ_CLIENT_ERROR_BAD_RESPONSE,      /* the server answered something unexpected */
} PlzClientErrorCode;

/* The error domain of libplaza-client. */
GQuark plz_client_error_quark (void);

G_END_DECLS
