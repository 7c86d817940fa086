/* plz-listing-status.h — a listing's lifecycle: its statuses and the moves between them */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Whether @status is one of draft, active, paused, sold, archived. */
gboolean            plz_listing_status_is_valid  (const char *status);

/* Whether a listing that is @from may become @to: drafts are published or
 * archived; live listings pause, sell or retire; paused and sold ones come
 * back or retire; archived is final. */
gboolean            plz_listing_status_can_move  (const char *from,
                                                  const char *to);

/* The statuses a listing that is @from may become, in the order an operator
 * would want them offered (NULL-terminated; empty for archived or unknown). */
const char * const *plz_listing_status_moves     (const char *from);

/* The status as people read it: "Draft", "Active", "Paused", "Sold", "Archived". */
const char         *plz_listing_status_label     (const char *status);

G_END_DECLS
