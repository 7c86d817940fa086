/* plz-moderation-routes.h — HTTP routes of the leak-case queue for admins */
#pragma once

#include "plz-request.h"

G_BEGIN_DECLS

/* GET /api/v1/admin/leak-cases?status=open|dismissed|warned|restricted|suspended|all&limit=&offset= */
void plz_moderation_route_list_cases (PlzRequest *request);
/* GET /api/v1/admin/leak-cases/{id} */
void plz_moderation_route_get_case   (PlzRequest *request);
/* POST /api/v1/admin/leak-cases/{id}/actions {"action": "dismiss|warn|restrict|suspend", "reason": "…"} */
void plz_moderation_route_act        (PlzRequest *request);

G_END_DECLS
