/* plz-contact-warning.h — the composer's live check for contact details:
 * highlights what was found, says why, and tells the composer when not to send */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define PLZ_TYPE_CONTACT_WARNING (plz_contact_warning_get_type ())

G_DECLARE_FINAL_TYPE (PlzContactWarning, plz_contact_warning, PLZ, CONTACT_WARNING, AdwBin)

/* The name of the text tag that marks each finding in the attached buffer. */
#define PLZ_CONTACT_WARNING_TAG "plz-contact-finding"

/* A warning, hidden until the attached text needs one; stage "pre_booking". */
PlzContactWarning *plz_contact_warning_new          (void);

/* Checks @buffer (NULL: none) as it changes, about 150 ms after typing stops. */
void               plz_contact_warning_attach       (PlzContactWarning *self,
                                                     GtkTextBuffer     *buffer);

/* Where the conversation is: "pre_booking" or "post_booking" (the server's
 * conversation stage; "booked" is taken too). Checks again at once. */
void               plz_contact_warning_set_stage    (PlzContactWarning *self,
                                                     const char        *stage);

/* "pre_booking" or "post_booking". */
const char        *plz_contact_warning_get_stage    (PlzContactWarning *self);

/* Checks the attached text now instead of after the pause (before a send). */
void               plz_contact_warning_check_now    (PlzContactWarning *self);

/* Shows why the server refused a send (@code "contact_details_not_allowed",
 * "sending_restricted" or another, @message the server's words; NULL gives
 * general words). Send stays blocked with @message until the text changes. */
void               plz_contact_warning_show_refusal (PlzContactWarning *self,
                                                     const char        *code,
                                                     const char        *message);

/* Shows the server's @notice after a send it delivered with details hidden
 * (the "notice" of the send's answer; NULL or empty does nothing). Send
 * stays allowed; the notice goes when the text changes. */
void               plz_contact_warning_show_notice  (PlzContactWarning *self,
                                                     const char        *notice);

/* Whether the composer must not send; the reason is plz_contact_warning_get_reason(). */
gboolean           plz_contact_warning_get_blocked  (PlzContactWarning *self);

/* Why sending is blocked, for the Send button's tooltip and accessible
 * description, or NULL. */
const char        *plz_contact_warning_get_reason   (PlzContactWarning *self);

/* What is shown: "clear", "note" (mild, after a booking), "warning" (would be
 * sent with the details hidden), "blocked", "refused" or "notice" (was sent
 * with the details hidden). */
const char        *plz_contact_warning_get_state    (PlzContactWarning *self);

/* The words shown, or NULL when nothing is shown. */
const char        *plz_contact_warning_get_message  (PlzContactWarning *self);

G_END_DECLS
