/* plz-attachments-private.h — attachments on the send path, for plz-messaging.c */
#pragma once

#include "plz-attachments.h"
#include "plz-attachments-store.h"

G_BEGIN_DECLS

/* Checks @list, the "attachments" of a message @user_id sends in
 * @conversation_id: uploads ({"id"}) must be @user_id's own in that
 * conversation (else NOT_FOUND); places and checklists are checked and
 * cleaned. Returns the attachments as messages carry them. */
JsonArray *_plz_attachments_check            (PlzMessaging  *self,
                                              const char    *user_id,
                                              const char    *conversation_id,
                                              JsonArray     *list,
                                              GError       **error);

/* The text of @list (labels, titles, items), a line each, then @body: what
 * the contact-details policy reads, so that a number split across items is
 * still one number. */
char      *_plz_attachments_moderation_text  (JsonArray     *list,
                                              const char    *body);

/* Puts the lines of @moderated (the policy's answer to
 * _plz_attachments_moderation_text()) back into @list; returns the body. */
char      *_plz_attachments_take_moderated   (JsonArray     *list,
                                              const char    *moderated,
                                              GError       **error);

/* Deletes the file(s) of @a under @dir (from plz_attachments_dir()): a
 * file already gone is no error. Call once no upload has @a's hash. */
gboolean   _plz_attachments_remove_files     (const char    *dir,
                                              const PlzAttachment *a,
                                              GError       **error);

G_END_DECLS
