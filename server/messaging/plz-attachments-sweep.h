/* plz-attachments-sweep.h — deletes uploads never sent in a message, after a grace period */
#pragma once

#include "jobs/plz-jobs.h"
#include "store/plz-store.h"

G_BEGIN_DECLS

/* The durable job that sweeps: one row, rescheduled by each run. */
#define PLZ_ATTACHMENTS_JOB_SWEEP  "attachments.sweep"
#define PLZ_ATTACHMENTS_SWEEP_KEY  "unsent"

typedef struct _PlzAttachmentsSweep PlzAttachmentsSweep;

/* Registers the sweep with @jobs: uploads in @store not in any message
 * @grace_us after they were made are deleted, row and file (under @dir,
 * see plz_attachments_dir()). Those found in a message are kept for good. */
PlzAttachmentsSweep *plz_attachments_sweep_new       (PlzStore            *store,
                                                      PlzJobs             *jobs,
                                                      const char          *dir,
                                                      gint64               grace_us);
void                 plz_attachments_sweep_free      (PlzAttachmentsSweep *self);

/* Uploads looked at per run (and transaction); the default is 100. */
void                 plz_attachments_sweep_set_batch (PlzAttachmentsSweep *self,
                                                      guint                batch);

/* Schedules a sweep now: at every start, so a changed grace period and
 * uploads from before the sweep existed are looked at. */
gboolean             plz_attachments_sweep_schedule  (PlzAttachmentsSweep *self,
                                                      GError             **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PlzAttachmentsSweep, plz_attachments_sweep_free)

G_END_DECLS
