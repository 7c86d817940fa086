/* plz-dispatch-routes.h — HTTP routes of on-demand dispatch */
#pragma once

#include "plz-request.h"

G_BEGIN_DECLS

void plz_dispatch_route_get_settings (PlzRequest *request);
void plz_dispatch_route_put_settings (PlzRequest *request);
void plz_dispatch_route_create       (PlzRequest *request);
void plz_dispatch_route_get          (PlzRequest *request);
void plz_dispatch_route_cancel       (PlzRequest *request);
void plz_dispatch_route_offers       (PlzRequest *request);
void plz_dispatch_route_accept       (PlzRequest *request);
void plz_dispatch_route_decline      (PlzRequest *request);

G_END_DECLS
