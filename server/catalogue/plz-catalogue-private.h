/* plz-catalogue-private.h — shared inside the catalogue's store layer */
#pragma once

#include <sqlite3.h>

#include "plz-listing.h"

G_BEGIN_DECLS

/* Reads a listing from the first columns of a row (LISTING_COLUMNS order). */
PlzListing *_plz_catalogue_read_listing (sqlite3_stmt *stmt);

G_END_DECLS
