/* plz-attachments.h — files, places and checklists sent in conversations */
#pragma once

#include "plz-messaging.h"

G_BEGIN_DECLS

/* Largest upload, and most attachments on one message. */
#define PLZ_ATTACHMENT_MAX_BYTES   (10 * 1024 * 1024)
#define PLZ_ATTACHMENTS_MAX        10
#define PLZ_ATTACHMENT_NAME_MAX    200
#define PLZ_ATTACHMENT_TEXT_MAX    200
#define PLZ_CHECKLIST_ITEMS_MAX    30

/* @user uploads @data (declared as @content_type, named @filename, may be
 * NULL) into @conversation_id: checked by content (PNG, JPEG or WebP images,
 * with a thumbnail; PDF documents) and stored. NOT_FOUND unless @user takes
 * part. Returns the attachment as JSON, as messages carry it. */
JsonObject *plz_messaging_upload_attachment (PlzMessaging  *self,
                                             const PlzUser *user,
                                             const char    *conversation_id,
                                             const char    *content_type,
                                             const char    *filename,
                                             GBytes        *data,
                                             GError       **error);

/* The file of attachment @id (its thumbnail with @thumbnail) for @user: its
 * path, MIME type and an entity tag; NOT_FOUND unless @user takes part in
 * its conversation, or when there is no thumbnail. */
gboolean    plz_messaging_attachment_file   (PlzMessaging  *self,
                                             const PlzUser *user,
                                             const char    *id,
                                             gboolean       thumbnail,
                                             char         **path,
                                             char         **mime,
                                             char         **etag,
                                             GError       **error);

/* Where uploads' files live: under @catalogue's media directory, apart
 * from listing photos. */
char       *plz_attachments_dir             (PlzCatalogue  *catalogue);

G_END_DECLS
