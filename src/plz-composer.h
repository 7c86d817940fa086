/* plz-composer.h — writing a message: a multi-line entry (Enter sends,
 * Shift+Enter starts a new line), attaching files, and Send */
#pragma once

#include <gtk/gtk.h>

#include "plz-account.h"

G_BEGIN_DECLS

#define PLZ_TYPE_COMPOSER (plz_composer_get_type ())
G_DECLARE_FINAL_TYPE (PlzComposer, plz_composer, PLZ, COMPOSER, GtkWidget)

/* An empty composer; it uploads attachments once it has a conversation. */
GtkWidget     *plz_composer_new              (void);

/* Uploads go to conversation @conversation_id (NULL: none) as @account's user;
 * a new conversation clears the text and attachments. */
void           plz_composer_set_conversation (PlzComposer *self,
                                              PlzAccount  *account,
                                              const char  *conversation_id);

/* The text being written (the contact-warning widget watches it). */
GtkTextBuffer *plz_composer_get_buffer       (PlzComposer *self);

/* The box above the entry where a warning about the text can go. */
GtkBox        *plz_composer_get_warning_slot (PlzComposer *self);

/* Stops sending while @blocked, saying @reason on the Send button. */
void           plz_composer_set_send_blocked (PlzComposer *self,
                                              gboolean     blocked,
                                              const char  *reason);

/* Sends what is written now, as Enter would; FALSE when there is nothing
 * to send, sending is blocked or an upload is under way. */
gboolean       plz_composer_send             (PlzComposer *self);

/* Sets the text (tests, quick replies). */
void           plz_composer_set_text         (PlzComposer *self,
                                              const char  *text);

/* Uploads @file as an attachment (what the file chooser calls). */
void           plz_composer_attach_file      (PlzComposer *self,
                                              GFile       *file);

/* Attachments uploaded and not sent yet. */
guint          plz_composer_get_n_attachments (PlzComposer *self);

G_END_DECLS
