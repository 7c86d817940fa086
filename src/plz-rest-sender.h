/* plz-rest-sender.h — a PlzMessageSender over POST .../messages, until the
 * live link takes over */
#pragma once

#include "plz-account.h"
#include "plz-message-sender.h"

G_BEGIN_DECLS

#define PLZ_TYPE_REST_SENDER (plz_rest_sender_get_type ())
G_DECLARE_FINAL_TYPE (PlzRestSender, plz_rest_sender, PLZ, REST_SENDER, GObject)

/* A sender that posts as whoever is signed in to @account. */
PlzMessageSender *plz_rest_sender_new (PlzAccount *account);

G_END_DECLS
