/* plz-link-sender.h — the Messages UI's PlzMessageSender over the live link:
 * sends go to the link's outbox, acks and refusals come back from it */
#pragma once

#include "plz-link.h"
#include "plz-message-sender.h"

G_BEGIN_DECLS

#define PLZ_TYPE_LINK_SENDER (plz_link_sender_get_type ())
G_DECLARE_FINAL_TYPE (PlzLinkSender, plz_link_sender, PLZ, LINK_SENDER, GObject)

/* A sender that queues on @link (kept alive by the sender). */
PlzMessageSender *plz_link_sender_new (PlzLink *link);

G_END_DECLS
