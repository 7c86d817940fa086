/* plz-attachments-sweep.c — deletes uploads never sent in a message, after a grace period */
#define G_LOG_DOMAIN "plaza-messaging"

#include "plz-attachments-sweep.h"
#include "plz-attachments-private.h"
#include "plz-attachments-store.h"

struct _PlzAttachmentsSweep
{
  PlzStore *store;
  PlzJobs  *jobs;
  char     *dir;
  gint64    grace_us;
  guint     batch;
};

typedef struct
{
  char          *dir;
  PlzAttachment *attachment;
} Removal;

static void
removal_free (gpointer data)
{
  Removal *r = data;

  g_free (r->dir);
  plz_attachment_free (r->attachment);
  g_free (r);
}

/* Files go once the rows are gone for good: a rolled-back sweep leaves
 * every file a row may still name. A file that cannot go is only logged:
 * nothing names it any more, and one stuck file must not stop the sweep. */
static void
remove_files_cb (gpointer data,
                 gpointer user_data)
{
  Removal *r = data;
  g_autoptr(GError) error = NULL;

  if (!_plz_attachments_remove_files (r->dir, r->attachment, &error))
    g_warning ("Unsent upload %s: %s", r->attachment->id, error->message);
}

static gboolean
sweep_one (PlzAttachmentsSweep  *self,
           const PlzAttachment  *a,
           gint64                now,
           GError              **error)
{
  int sent = plz_attachments_store_is_sent (self->store, a, error);
  int used;
  Removal *r;

  if (sent < 0)
    return FALSE;
  if (sent)
    return plz_attachments_store_keep (self->store, a->id, now, error);
  if (!plz_attachments_store_delete (self->store, a->id, error))
    return FALSE;
  /* The same bytes uploaded again share the file. */
  used = plz_attachments_store_hash_used (self->store, a->hash, error);
  if (used < 0)
    return FALSE;
  if (used)
    return TRUE;
  r = g_new0 (Removal, 1);
  r->dir = g_strdup (self->dir);
  r->attachment = g_new0 (PlzAttachment, 1);
  r->attachment->id = g_strdup (a->id);
  r->attachment->kind = g_strdup (a->kind);
  r->attachment->content_type = g_strdup (a->content_type);
  r->attachment->hash = g_strdup (a->hash);
  plz_store_after_commit (self->store, remove_files_cb, r, removal_free);
  return TRUE;
}

/* Looks at up to a batch of uploads whose grace is over, then schedules the
 * next run: at once while more wait, else when the oldest upload not looked
 * at comes due, or a grace period on with none (an upload made later is due
 * later still). */
static gboolean
sweep_job (PlzJobs     *jobs,
           const char  *key,
           const char  *payload,
           gpointer     user_data,
           GError     **error)
{
  PlzAttachmentsSweep *self = user_data;
  gint64 now = plz_jobs_now (jobs);
  g_autoptr(GPtrArray) due = plz_attachments_store_unswept (self->store, now - self->grace_us, self->batch, error);
  gint64 oldest, next;

  if (due == NULL)
    return FALSE;
  for (guint i = 0; i < due->len; i++)
    if (!sweep_one (self, g_ptr_array_index (due, i), now, error))
      return FALSE;
  if (due->len == self->batch)
    next = now;
  else
    {
      oldest = plz_attachments_store_oldest_unswept (self->store, error);
      if (oldest < 0)
        return FALSE;
      next = oldest > 0 ? oldest + self->grace_us : now + self->grace_us;
    }
  return plz_jobs_schedule (jobs, PLZ_ATTACHMENTS_JOB_SWEEP, PLZ_ATTACHMENTS_SWEEP_KEY, NULL, next, error);
}

PlzAttachmentsSweep *
plz_attachments_sweep_new (PlzStore   *store,
                           PlzJobs    *jobs,
                           const char *dir,
                           gint64      grace_us)
{
  PlzAttachmentsSweep *self;

  g_return_val_if_fail (grace_us > 0, NULL);
  self = g_new0 (PlzAttachmentsSweep, 1);
  self->store = g_object_ref (store);
  self->jobs = jobs;
  self->dir = g_strdup (dir);
  self->grace_us = grace_us;
  self->batch = 100;
  plz_jobs_register (jobs, PLZ_ATTACHMENTS_JOB_SWEEP, sweep_job, self);
  return self;
}

void
plz_attachments_sweep_free (PlzAttachmentsSweep *self)
{
  if (self == NULL)
    return;
  g_object_unref (self->store);
  g_free (self->dir);
  g_free (self);
}

void
plz_attachments_sweep_set_batch (PlzAttachmentsSweep *self,
                                 guint                batch)
{
  g_return_if_fail (batch > 0);
  self->batch = batch;
}

gboolean
plz_attachments_sweep_schedule (PlzAttachmentsSweep  *self,
                                GError              **error)
{
  return plz_jobs_schedule (self->jobs, PLZ_ATTACHMENTS_JOB_SWEEP, PLZ_ATTACHMENTS_SWEEP_KEY, NULL,
                            plz_jobs_now (self->jobs), error);
}
