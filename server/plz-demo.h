/* plz-demo.h — demo data for trying Plaza out */
#pragma once

#include "plz-config.h"
#include "store/plz-store.h"

G_BEGIN_DECLS

/* Seeds demo accounts into @store (already migrated); running it twice
 * changes nothing. */
gboolean plz_demo_seed            (PlzStore         *store,
                                   const PlzConfig  *config,
                                   GError          **error);

/* Prints the demo sign-ins and their passwords. */
void     plz_demo_print_sign_ins  (void);

G_END_DECLS
