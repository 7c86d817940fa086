/* plz-server-address.h — parsing and checking the server's address */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Parses @url as a server address: http or https, a host, no query or fragment.
 * Fails with PLZ_CLIENT_ERROR_INVALID_URL and a message for people. */
GUri     *plz_server_address_parse        (const char *url,
                                           GError    **error);

/* Whether @uri's host is this machine (localhost or a loopback address). */
gboolean  plz_server_address_is_local     (GUri       *uri);

/* The port of @uri, or the default port of its scheme. */
int       plz_server_address_get_port     (GUri       *uri);

/* The loopback address a bundled server for @uri listens on ("127.0.0.1", "::1"). */
char     *plz_server_address_listen_host  (GUri       *uri);

/* @base (a server address) joined with @path, which starts with "/". */
char     *plz_server_address_build        (const char *base,
                                           const char *path);

G_END_DECLS
