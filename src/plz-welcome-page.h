/* plz-welcome-page.h — first run: sign in or create an account */
#pragma once

#include <adwaita.h>

#include "plz-account.h"

G_BEGIN_DECLS

#define PLZ_TYPE_WELCOME_PAGE (plz_welcome_page_get_type ())

G_DECLARE_FINAL_TYPE (PlzWelcomePage, plz_welcome_page, PLZ, WELCOME_PAGE, AdwBin)

/* A welcome page that signs @account in or up. */
GtkWidget *plz_welcome_page_new         (PlzAccount     *account);

/* Whether the page shows the form to create an account (or to sign in). */
gboolean   plz_welcome_page_get_sign_up (PlzWelcomePage *self);

/* Shows the form to create an account (TRUE) or to sign in (FALSE). */
void       plz_welcome_page_set_sign_up (PlzWelcomePage *self,
                                         gboolean        sign_up);

/* Shows @message (say, why the session ended) above the button; NULL hides it. */
void       plz_welcome_page_set_message (PlzWelcomePage *self,
                                         const char     *message);

/* Puts the keyboard focus in the first row of the form. */
void       plz_welcome_page_focus       (PlzWelcomePage *self);

G_END_DECLS
