/* plz-message-body.h — a chat message's text, with the contact details Plaza
 * hid shown as "contact hidden" pills, and the note that goes under the bubble */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define PLZ_TYPE_MESSAGE_BODY (plz_message_body_get_type ())

G_DECLARE_FINAL_TYPE (PlzMessageBody, plz_message_body, PLZ, MESSAGE_BODY, GtkWidget)

/* An empty message body. */
GtkWidget  *plz_message_body_new            (void);

/* Shows @body (a message's "body" as the server sends it; NULL is empty):
 * each "[contact hidden]" the server put in its place becomes a pill. */
void        plz_message_body_set_text       (PlzMessageBody  *self,
                                             const char      *body);

/* The text as shown (pills as their words). */
const char *plz_message_body_get_text       (PlzMessageBody  *self);

/* How many pills it shows. */
guint       plz_message_body_get_n_hidden   (PlzMessageBody  *self);

/* The characters of pill @index in plz_message_body_get_text(); FALSE when
 * there is no such pill. */
gboolean    plz_message_body_get_hidden_range (PlzMessageBody *self,
                                               guint           index,
                                               guint          *start,
                                               guint          *end);

/* Where pill @index is drawn (its first line), in the body's coordinates;
 * FALSE before it is laid out or when there is no such pill. */
gboolean    plz_message_body_get_pill_bounds (PlzMessageBody  *self,
                                              guint            index,
                                              graphene_rect_t *out);

/* The label inside, for the caller's wrapping and selection settings. */
GtkLabel   *plz_message_body_get_label      (PlzMessageBody  *self);

/* How many spans of @body the server hid. */
guint       plz_message_count_hidden        (const char      *body);

/* The note under a bubble whose body had contact details hidden: for the
 * sender (@from_me) "Contact details hidden — share them after booking",
 * for the other side "Some details were hidden by Plaza". */
GtkWidget  *plz_message_hidden_note_new     (gboolean         from_me);

/* The words of that note. */
const char *plz_message_hidden_note_text    (gboolean         from_me);

G_END_DECLS
