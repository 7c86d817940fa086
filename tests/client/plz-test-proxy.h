/* plz-test-proxy.h — a TCP proxy in front of a server for client tests: it
 * forwards bytes both ways and, while refusing WebSockets, answers a request
 * that asks to upgrade with 400, as a proxy that does not carry them would */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _PlzTestProxy PlzTestProxy;

/* A proxy on a free port of 127.0.0.1 to the server at @target_url
 * ("http://host:port"), refusing WebSockets. It runs in the default main context. */
PlzTestProxy *plz_test_proxy_new                 (const char   *target_url);

/* Its address ("http://127.0.0.1:PORT"). */
const char   *plz_test_proxy_get_url             (PlzTestProxy *self);

/* Whether connections from now on that open with an upgrade request get 400;
 * connections already carried stay as they are. */
void          plz_test_proxy_set_refuse_websockets (PlzTestProxy *self,
                                                    gboolean      refuse);

/* How many upgrade requests it refused. */
guint         plz_test_proxy_get_n_refused       (PlzTestProxy *self);

/* How many upgrade requests it carried to the server. */
guint         plz_test_proxy_get_n_upgrades      (PlzTestProxy *self);

/* Closes it and every connection it carries. */
void          plz_test_proxy_free                (PlzTestProxy *self);

G_END_DECLS
