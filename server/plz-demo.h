/* plz-demo.h — demo data for trying Plaza out */
#pragma once

#include "plz-config.h"
#include "store/plz-store.h"

G_BEGIN_DECLS

/* Seeds demo accounts into @store (already migrated); running it twice
 * changes nothing. */
gboolean plz_demo_seed            (PlzStore         *store,
                                   const PlzConfig  *config,
                                   GError          **error);

/* Publishes the demo operators' listings, with generated photos, once. */
gboolean plz_demo_seed_listings   (PlzStore         *store,
                                   const PlzConfig  *config,
                                   GError          **error);

/* Gives the demo operators services and opening hours, and Thandi a few
 * bookings with them, once. */
gboolean plz_demo_seed_bookings   (PlzStore         *store,
                                   const PlzConfig  *config,
                                   GError          **error);

/* Adds @n listings (nine in ten active) spread over Gauteng from 500
 * operators who cannot sign in, for load tests; @seed makes them repeatable
 * and distinct from another run's. One transaction. */
gboolean plz_demo_seed_bulk       (PlzStore         *store,
                                   guint             n,
                                   guint32           seed,
                                   GError          **error);

/* Prints the demo sign-ins and their passwords. */
void     plz_demo_print_sign_ins  (void);

G_END_DECLS
