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

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PlzAttachment, plz_attachment_free)

G_END_DECLS
