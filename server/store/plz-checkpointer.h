/* plz-checkpointer.h — WAL checkpoints on a thread of their own, so that no
 * commit on the main loop waits for pages to be copied back and synced */
#pragma once

#include "plz-store.h"

G_BEGIN_DECLS

typedef struct _PlzCheckpointer PlzCheckpointer;

/* Opens a second connection to @store's database and checkpoints from a
 * thread, woken by the store's commits once its WAL passes 1,000 pages and
 * then after every 500 more; the store's connection checkpoints itself
 * only if the thread falls far behind. */
PlzCheckpointer *plz_checkpointer_start (PlzStore         *store,
                                         GError          **error);

/* How many checkpoints the thread has run (for tests). */
guint            plz_checkpointer_get_n_runs (PlzCheckpointer *self);

/* Stops the thread, closes its connection and gives the store's connection
 * its automatic checkpoints back. */
void             plz_checkpointer_stop  (PlzCheckpointer  *self);

G_END_DECLS
