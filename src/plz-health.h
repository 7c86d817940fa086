/* plz-health.h — one request to the server's health endpoint */
#pragma once

#include <gio/gio.h>
#include <libsoup/soup.h>

G_BEGIN_DECLS

/* GET @base_url/api/v1/health over @session. */
void   plz_health_check_async  (SoupSession         *session,
                                const char          *base_url,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data);

/* The server's version when it answered {"status":"ok"}; otherwise NULL and
 * @error says why in words for people. */
char  *plz_health_check_finish (GAsyncResult  *result,
                                GError       **error);

/* @error of a request to @base_url reworded as a person would say it; keeps
 * domain and code. */
GError *plz_health_describe_transport_error (const GError *error,
                                             const char   *base_url);

G_END_DECLS
