/* plz-attachments-store.h — the attachments table: files uploaded into conversations */
#pragma once

#include "store/plz-store.h"

G_BEGIN_DECLS

typedef struct
{
  char   *id;
  char   *conversation_id;
  char   *uploader_id;
  char   *kind;          /* "image" or "document" */
  char   *content_type;
  char   *name;
  gint64  size;
  char   *hash;          /* SHA-256 hex of the bytes: their name on disk */
  int     width;         /* images only; 0 otherwise */
  int     height;
  gint64  created_at;
} PlzAttachment;

/* Frees @a. */
void           plz_attachment_free                (PlzAttachment *a);

/* Saves @a as a new row. */
gboolean       plz_attachments_store_insert       (PlzStore      *store,
                                                   const PlzAttachment *a,
                                                   GError       **error);

/* The attachment @id; NOT_FOUND when there is none. */
PlzAttachment *plz_attachments_store_get          (PlzStore      *store,
                                                   const char    *id,
                                                   GError       **error);

/* Up to @limit uploads (PlzAttachment) the sweep has not looked at yet,
 * made at or before @cutoff (µs UTC), oldest first. */
GPtrArray     *plz_attachments_store_unswept      (PlzStore      *store,
                                                   gint64         cutoff,
                                                   guint          limit,
                                                   GError       **error);

/* When the oldest upload the sweep has not looked at was made; 0 with none,
 * -1 on error. */
gint64         plz_attachments_store_oldest_unswept (PlzStore    *store,
                                                   GError       **error);

/* Whether a message of its conversation carries @a; -1 on error. */
int            plz_attachments_store_is_sent      (PlzStore      *store,
                                                   const PlzAttachment *a,
                                                   GError       **error);

/* Marks @id as found in a message at @now: the sweep passes it by for good. */
gboolean       plz_attachments_store_keep         (PlzStore      *store,
                                                   const char    *id,
                                                   gint64         now,
                                                   GError       **error);

/* Deletes the row of @id. */
gboolean       plz_attachments_store_delete       (PlzStore      *store,
                                                   const char    *id,
                                                   GError       **error);

/* Whether any upload's bytes are the file named @hash; -1 on error. */
int            plz_attachments_store_hash_used    (PlzStore      *store,
                                                   const char    *hash,
                                                   GError       **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PlzAttachment, plz_attachment_free)

G_END_DECLS
