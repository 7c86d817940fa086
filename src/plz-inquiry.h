/* plz-inquiry.h — "Message" on a listing: asks for the first question and
 * starts the conversation (POST /api/v1/listings/{id}/inquiries) */
#pragma once

#include <adwaita.h>

#include "plz-account.h"

G_BEGIN_DECLS

/* Asks the question in a dialog over @parent (prefilled "Hi, is this
 * available?") and sends it as @account's user. The dialog comes back with
 * the server's error when sending fails. Finish with plz_inquiry_ask_finish. */
void        plz_inquiry_ask_async  (GtkWindow           *parent,
                                    PlzAccount          *account,
                                    const char          *listing_id,
                                    const char          *listing_title,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data);

/* The conversation the question went to, or NULL: G_IO_ERROR_CANCELLED when
 * the person closed the dialog. */
JsonObject *plz_inquiry_ask_finish (GAsyncResult        *result,
                                    GError             **error);

G_END_DECLS
