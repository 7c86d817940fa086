/* plz-listing-editor.h — the window where an operator writes a listing and adds its photos */
#pragma once

#include <adwaita.h>

#include "plz-account.h"
#include "plz-categories.h"

G_BEGIN_DECLS

#define PLZ_TYPE_LISTING_EDITOR (plz_listing_editor_get_type ())

G_DECLARE_FINAL_TYPE (PlzListingEditor, plz_listing_editor, PLZ, LISTING_EDITOR, AdwWindow)

/* An editor over @parent (may be NULL) for @listing as the server sent it, or
 * a new listing when @listing is NULL; @categories fill the category list.
 * Emits ::saved with the server's copy whenever it changes there. */
PlzListingEditor *plz_listing_editor_new         (GtkWindow     *parent,
                                                  PlzAccount    *account,
                                                  PlzCategories *categories,
                                                  JsonObject    *listing);

/* The listing as the server last sent it, or NULL while a new one is unsaved. */
JsonObject       *plz_listing_editor_get_listing (PlzListingEditor *self);

/* Whether something typed has not been saved yet. */
gboolean          plz_listing_editor_get_dirty   (PlzListingEditor *self);

G_END_DECLS
