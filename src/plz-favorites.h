/* plz-favorites.h — which listings the signed-in person saved, changed
 * optimistically and put back when the server says no */
#pragma once

#include "plz-account.h"
#include "plz-listing-item.h"

G_BEGIN_DECLS

#define PLZ_TYPE_FAVORITES (plz_favorites_get_type ())
G_DECLARE_FINAL_TYPE (PlzFavorites, plz_favorites, PLZ, FAVORITES, GObject)

/* The favorites of whoever is signed in to @account; loads them at each sign-in.
 * ::changed (const char *id) tells that @id was saved or unsaved; id NULL
 * means any may have changed. */
PlzFavorites *plz_favorites_new         (PlzAccount     *account);

/* Loads the saved listings' ids again (GET /api/v1/me/favorites). */
void          plz_favorites_reload      (PlzFavorites   *self);

/* Whether listing @id is saved, as far as we know. */
gboolean      plz_favorites_contains    (PlzFavorites   *self,
                                         const char     *id);

/* Saves or unsaves @item: at once here (the item's "favorite" and ::changed),
 * then on the server; when the server refuses, both go back and the call
 * fails with the reason. */
void          plz_favorites_set_async   (PlzFavorites        *self,
                                         PlzListingItem      *item,
                                         gboolean             favorite,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data);

gboolean      plz_favorites_set_finish  (PlzFavorites   *self,
                                         GAsyncResult   *result,
                                         GError        **error);

G_END_DECLS
