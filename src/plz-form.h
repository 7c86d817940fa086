/* plz-form.h — inline errors under form rows, shared by the account forms */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Shows @message in @label and marks @row (may be NULL) as invalid, for eyes
 * (the "error" style class) and for screen readers; NULL clears both. */
void   plz_form_set_error  (GtkWidget  *row,
                            GtkLabel   *label,
                            const char *message);

/* The text of @editable, trimmed (a new string). */
char  *plz_form_get_text   (GtkEditable *editable);

/* Shows @toast in the nearest toast overlay or preferences window above @widget. */
void   plz_form_add_toast  (GtkWidget  *widget,
                            const char *title);

/* Hides the pages of @stack that are not shown from assistive technology
 * (GTK 4.8 exposes them all). */
void   plz_form_hide_other_pages (GtkStack *stack);

G_END_DECLS
