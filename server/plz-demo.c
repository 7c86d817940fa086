/* plz-demo.c — demo data for trying Plaza out */
#define G_LOG_DOMAIN "plaza-server"

#include "plz-demo.h"
#include "plz-time.h"

static gboolean
seed_instance (PlzStore  *store,
               gpointer   user_data,
               GError   **error)
{
  g_autofree char *seeded = NULL;
  g_autofree char *now = NULL;

  seeded = plz_store_get_meta (store, "demo_seeded_at", error);
  if (seeded != NULL)
    return TRUE;
  now = plz_time_format_rfc3339 (plz_time_now_us ());
  return plz_store_set_meta (store, "name", "Plaza Demo", error) &&
         plz_store_set_meta (store, "demo_seeded_at", now, error);
}

gboolean
plz_demo_seed (PlzStore  *store,
               GError   **error)
{
  return plz_store_transaction (store, seed_instance, NULL, error);
}
