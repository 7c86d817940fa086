/* plz-messaging-routes.h — HTTP routes of conversations, messages and events */
#pragma once

#include "plz-request.h"

G_BEGIN_DECLS

void plz_messaging_route_inquire       (PlzRequest *request);
void plz_messaging_route_conversations (PlzRequest *request);
void plz_messaging_route_conversation  (PlzRequest *request);
void plz_messaging_route_history       (PlzRequest *request);
void plz_messaging_route_send          (PlzRequest *request);
void plz_messaging_route_read          (PlzRequest *request);
void plz_messaging_route_events        (PlzRequest *request);
void plz_messaging_route_stream        (PlzRequest *request);

G_END_DECLS
