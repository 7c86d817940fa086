/* plz-connection-indicator.h — the header bar's Online / Connecting… / Offline */
#pragma once

#include <gtk/gtk.h>

#include "plz-connection.h"
#include "plz-link.h"

G_BEGIN_DECLS

#define PLZ_TYPE_CONNECTION_INDICATOR (plz_connection_indicator_get_type ())

G_DECLARE_FINAL_TYPE (PlzConnectionIndicator, plz_connection_indicator, PLZ, CONNECTION_INDICATOR, GtkWidget)

/* An indicator showing the state of @connection (which may be NULL). */
GtkWidget     *plz_connection_indicator_new            (PlzConnection *connection);

/* The connection shown, or NULL. */
PlzConnection *plz_connection_indicator_get_connection (PlzConnectionIndicator *self);

/* Shows @connection's state from now on. */
void           plz_connection_indicator_set_connection (PlzConnectionIndicator *self,
                                                        PlzConnection          *connection);

/* The live link shown instead of the connection's health while set (signed in), or NULL. */
PlzLink       *plz_connection_indicator_get_link       (PlzConnectionIndicator *self);

/* Shows @link's state (may be NULL: back to the connection's). */
void           plz_connection_indicator_set_link       (PlzConnectionIndicator *self,
                                                        PlzLink                *link);

G_END_DECLS
