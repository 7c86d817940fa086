/* plz-outbox.h — messages written but not acknowledged yet, kept on disk */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define PLZ_TYPE_OUTBOX_ITEM (plz_outbox_item_get_type ())
#define PLZ_TYPE_OUTBOX (plz_outbox_get_type ())

G_DECLARE_FINAL_TYPE (PlzOutboxItem, plz_outbox_item, PLZ, OUTBOX_ITEM, GObject)
G_DECLARE_FINAL_TYPE (PlzOutbox, plz_outbox, PLZ, OUTBOX, GObject)

/* A new item written now; @attachments_json may be NULL. */
PlzOutboxItem *plz_outbox_item_new                  (const char *client_id,
                                                     const char *conversation_id,
                                                     const char *body,
                                                     const char *attachments_json);

/* The id the server dedupes by ("c-" + uuid). */
const char    *plz_outbox_item_get_client_id        (PlzOutboxItem *self);

/* The conversation the message goes to. */
const char    *plz_outbox_item_get_conversation_id  (PlzOutboxItem *self);

/* The text of the message. */
const char    *plz_outbox_item_get_body             (PlzOutboxItem *self);

/* The attachments as JSON array text, or NULL. */
const char    *plz_outbox_item_get_attachments_json (PlzOutboxItem *self);

/* When it was written (UTC). */
GDateTime     *plz_outbox_item_get_created_at       (PlzOutboxItem *self);

/* Why the last try failed, in words for people, or NULL. Property "last-error". */
const char    *plz_outbox_item_get_last_error       (PlzOutboxItem *self);

/* Records why the last try failed (NULL clears it). */
void           plz_outbox_item_set_last_error       (PlzOutboxItem *self,
                                                     const char    *last_error);

/* The outbox kept in @path (a JSON file), loaded now. A file that cannot be
 * read as an outbox is moved aside to @path.bad with a warning. */
PlzOutbox     *plz_outbox_new                       (const char *path);

/* The items, oldest first (a GListModel of PlzOutboxItem). */
GListModel    *plz_outbox_get_items                 (PlzOutbox *self);

/* The item with @client_id (owned by the outbox), or NULL. */
PlzOutboxItem *plz_outbox_lookup                    (PlzOutbox  *self,
                                                     const char *client_id);

/* Appends @item and writes the file durably (fsync) before returning. On a
 * write error the item is still kept in memory and FALSE is returned. */
gboolean       plz_outbox_add                       (PlzOutbox      *self,
                                                     PlzOutboxItem  *item,
                                                     GError        **error);

/* Removes the item with @client_id (if any) and rewrites the file. */
gboolean       plz_outbox_remove                    (PlzOutbox   *self,
                                                     const char  *client_id,
                                                     GError     **error);

G_END_DECLS
