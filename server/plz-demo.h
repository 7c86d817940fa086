/* plz-demo.h — demo data for trying Plaza out */
#pragma once

#include "store/plz-store.h"

G_BEGIN_DECLS

/* Seeds demo data into @store (already migrated); running it twice changes nothing. */
gboolean plz_demo_seed (PlzStore  *store,
                        GError   **error);

G_END_DECLS
