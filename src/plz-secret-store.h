/* plz-secret-store.h — the session token in the keyring, one per server address */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define PLZ_TYPE_SECRET_STORE (plz_secret_store_get_type ())

G_DECLARE_FINAL_TYPE (PlzSecretStore, plz_secret_store, PLZ, SECRET_STORE, GObject)

/* A store whose calls give up after @timeout_ms (a locked keyring may wait
 * forever on a password prompt nobody sees). */
PlzSecretStore *plz_secret_store_new          (guint timeout_ms);

/* Keeps @token for @server_url, replacing any earlier one. */
void            plz_secret_store_save_async   (PlzSecretStore      *self,
                                               const char          *server_url,
                                               const char          *token,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);

/* TRUE when saved; otherwise @error says why (G_IO_ERROR_TIMED_OUT when the
 * keyring did not answer). */
gboolean        plz_secret_store_save_finish  (PlzSecretStore  *self,
                                               GAsyncResult    *result,
                                               GError         **error);

/* Looks up the token kept for @server_url. */
void            plz_secret_store_lookup_async (PlzSecretStore      *self,
                                               const char          *server_url,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);

/* The token, or NULL: with @error unset when none is kept. */
char           *plz_secret_store_lookup_finish (PlzSecretStore  *self,
                                                GAsyncResult    *result,
                                                GError         **error);

/* Forgets the token kept for @server_url. */
void            plz_secret_store_clear_async  (PlzSecretStore      *self,
                                               const char          *server_url,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);

/* TRUE when nothing is kept any more for the address. */
gboolean        plz_secret_store_clear_finish (PlzSecretStore  *self,
                                               GAsyncResult    *result,
                                               GError         **error);

G_END_DECLS
