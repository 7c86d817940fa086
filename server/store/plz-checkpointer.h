/* plz-checkpointer.h — WAL checkpoints on a thread of their own, so that no
 * commit on the main loop waits for pages to be copied back and synced */
#pragma once

#include "plz-store.h"

G_BEGIN_DECLS

typedef struct _PlzCheckpointer PlzCheckpointer;

/* Opens a second connection to @store's database and checkpoints from a
 * thread every few tens of milliseconds; the store's own connection then
 * checkpoints only if the thread falls far behind. */
PlzCheckpointer *plz_checkpointer_start (PlzStore         *store,
                                         GError          **error);

/* Stops the thread (after a last checkpoint) and closes its connection. */
void             plz_checkpointer_stop  (PlzCheckpointer  *self);

G_END_DECLS
