/* plz-attachments-routes.h — HTTP routes of message attachments */
#pragma once

#include "plz-request.h"

G_BEGIN_DECLS

void plz_attachments_route_upload    (PlzRequest *request);
void plz_attachments_route_file      (PlzRequest *request);
void plz_attachments_route_thumbnail (PlzRequest *request);

G_END_DECLS
