/* plz-system-routes.h — routes about the server itself */
#pragma once

#include "plz-request.h"

G_BEGIN_DECLS

/* GET /api/v1/health: status, version, schema version and uptime. */
void plz_system_health (PlzRequest *request);

G_END_DECLS
