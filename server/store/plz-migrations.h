/* plz-migrations.h — numbered schema migrations embedded as resources */
#pragma once

#include "plz-store.h"

G_BEGIN_DECLS

/* The highest migration this build knows. */
gint64   plz_migrations_latest_version  (void);

/* The version recorded in the database (0 for a new one). */
gint64   plz_migrations_current_version (PlzStore  *store,
                                         GError   **error);

/* Applies every migration newer than the database's, one transaction each.
 * Fails with PLZ_ERROR_SCHEMA_TOO_NEW when the database is newer than this
 * build. Sets *@applied to how many were applied when not NULL. */
gboolean plz_migrations_apply           (PlzStore  *store,
                                         guint     *applied,
                                         GError   **error);

G_END_DECLS
