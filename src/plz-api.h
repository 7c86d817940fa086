/* plz-api.h — one REST request to the server: JSON in, JSON or a PLZ_ERROR out */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

G_BEGIN_DECLS

/* Sends @method @base_url@path over @session with @token as bearer (may be NULL)
 * and @body (may be NULL) of @content_type ("application/json" when NULL). */
void        plz_api_request_async  (SoupSession         *session,
                                    const char          *base_url,
                                    const char          *token,
                                    const char          *method,
                                    const char          *path,
                                    GBytes              *body,
                                    const char          *content_type,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data);

/* The answer's JSON object. Error answers become PLZ_ERROR with the wire code,
 * a message for people and the field (plz_error_get_field); transport failures
 * keep their GIO domain with a reworded message. */
JsonObject *plz_api_request_finish (GAsyncResult  *result,
                                    GError       **error);

/* GETs the raw bytes at @base_url@path (an avatar, say). */
void        plz_api_fetch_async    (SoupSession         *session,
                                    const char          *base_url,
                                    const char          *path,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data);

/* The bytes fetched, or NULL with @error set. */
GBytes     *plz_api_fetch_finish   (GAsyncResult  *result,
                                    GError       **error);

/* @error (of PLZ_ERROR) parsed from the error answer @body with HTTP @status. */
GError     *plz_api_error_from_body (guint   status,
                                     GBytes *body);

G_END_DECLS
