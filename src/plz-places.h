/* plz-places.h — South African cities to search around (there is no geolocation) */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  const char *name;
  double      lat;
  double      lng;
} PlzPlace;

/* The cities, largest first; *@n_places is set to their number. */
const PlzPlace *plz_places_get    (guint      *n_places);

/* The city called @name, or NULL. */
const PlzPlace *plz_places_lookup (const char *name);

/* The distances offered around a place, in km, smallest first, ending in 0. */
const guint    *plz_places_radii  (void);

G_END_DECLS
