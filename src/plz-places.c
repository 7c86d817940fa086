/* plz-places.c — South African cities to search around (there is no geolocation) */

#include "config.h"

#include "plz-places.h"

/* City centres; names are proper names and stay as they are in every language. */
static const PlzPlace places[] = {
  { "Johannesburg",     -26.2041, 28.0473 },
  { "Cape Town",        -33.9249, 18.4241 },
  { "Durban",           -29.8587, 31.0218 },
  { "Pretoria",         -25.7479, 28.2293 },
  { "Gqeberha",         -33.9608, 25.6022 },
  { "Bloemfontein",     -29.0852, 26.1596 },
  { "East London",      -33.0292, 27.8546 },
  { "Pietermaritzburg", -29.6006, 30.3794 },
  { "Polokwane",        -23.9045, 29.4689 },
  { "Mbombela",         -25.4658, 30.9853 },
  { "Kimberley",        -28.7282, 24.7499 },
  { "Rustenburg",       -25.6676, 27.2421 },
  { "George",           -33.9881, 22.4530 },
  { "Stellenbosch",     -33.9321, 18.8602 },
};

static const guint radii[] = { 5, 10, 25, 50, 100, 250, 0 };

const PlzPlace *
plz_places_get (guint *n_places)
{
  g_return_val_if_fail (n_places != NULL, NULL);

  *n_places = G_N_ELEMENTS (places);
  return places;
}

const PlzPlace *
plz_places_lookup (const char *name)
{
  for (guint i = 0; name != NULL && i < G_N_ELEMENTS (places); i++)
    if (g_str_equal (places[i].name, name))
      return &places[i];
  return NULL;
}

const guint *
plz_places_radii (void)
{
  return radii;
}
