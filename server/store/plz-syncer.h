/* plz-syncer.h — syncs the WAL on a thread of its own, so that a durable
 * commit does not stop the main loop while the disk flushes */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _PlzSyncer PlzSyncer;

/* Called on the main context once everything written before the request for
 * @ticket is on disk. */
typedef void (*PlzSyncedFunc) (guint64  ticket,
                               gpointer user_data);

/* Opens @wal_path (which must exist) and starts the thread; @func is called
 * on the thread-default main context of the caller. */
PlzSyncer *plz_syncer_start    (const char     *wal_path,
                                PlzSyncedFunc   func,
                                gpointer        user_data,
                                GError        **error);

/* Asks for a sync of what was written so far, named @ticket (increasing).
 * Requests that arrive during a sync are served together by the next one. */
void       plz_syncer_request  (PlzSyncer      *self,
                                guint64         ticket);

/* Syncs on the calling thread, now. */
void       plz_syncer_sync_now (PlzSyncer      *self);

/* Stops the thread (after the sync in progress) and closes the file; no
 * callback runs after this. */
void       plz_syncer_stop     (PlzSyncer      *self);

G_END_DECLS
