/* plz-demo.c — demo data for trying Plaza out */
#define G_LOG_DOMAIN "plaza-server"

#include "plz-demo.h"
#include "plz-error.h"
#include "plz-time.h"
#include "accounts/plz-accounts.h"

/* Documented in the README; the passwords are for a local demo only. */
static const struct
{
  const char *email;
  const char *password;
  const char *name;
  const char *role;
  const char *business;   /* operators only */
  const char *expertise;
  double      lat, lng;
  gboolean    admin;
} demo_users[] = {
  { "thandi@plaza.test", "demo-consumer-2026", "Thandi Mokoena", "consumer", NULL, NULL, 0, 0, FALSE },
  { "sipho@plaza.test", "demo-operator-2026", "Sipho Dlamini", "operator", "Sipho's Mobile Car Wash",
    "[\"car wash\",\"valet\"]", -26.1076, 28.0567, FALSE },
  { "lerato@plaza.test", "demo-operator-2026", "Lerato Khumalo", "consumer and operator", "Lerato Gardens",
    "[\"gardening\",\"landscaping\"]", -26.2041, 28.0473, FALSE },
  { "nomsa@plaza.test", "demo-operator-2026", "Nomsa Ndlovu", "operator", "Nomsa's Cleaning Co",
    "[\"cleaning\",\"carpets\"]", -26.2485, 27.8540, FALSE },
  { "pieter@plaza.test", "demo-operator-2026", "Pieter van Wyk", "operator", "Van Wyk Plumbing & Electrical",
    "[\"plumbing\",\"electrical\"]", -25.7479, 28.2293, FALSE },
  { "ayesha@plaza.test", "demo-operator-2026", "Ayesha Patel", "operator", "Ayesha Tutors",
    "[\"mathematics\",\"science\",\"coding\"]", -33.9249, 18.4241, FALSE },
  { "admin@plaza.test", "demo-admin-2026", "Plaza Admin", "admin", NULL, NULL, 0, 0, TRUE },
};

typedef struct
{
  PlzAccounts *accounts;
  guint        i;
} Seed;

/* One demo account, whole or not at all (sign-up nests as a savepoint). */
static gboolean
seed_user_txn (PlzStore  *unused,
               gpointer   data,
               GError   **error)
{
  Seed *seed = data;
  PlzAccounts *accounts = seed->accounts;
  guint i = seed->i;
  PlzStore *store = plz_accounts_get_store (accounts);
  g_autoptr(PlzUser) user = NULL;
  g_autoptr(PlzNewSession) ns = NULL;
  g_autoptr(GError) lookup_error = NULL;

  user = plz_accounts_store_find_by_email (store, demo_users[i].email, &lookup_error);
  if (user != NULL)
    return TRUE;
  user = plz_accounts_sign_up (accounts, demo_users[i].email, demo_users[i].password,
                               demo_users[i].name, NULL, &ns, error);
  if (user == NULL)
    return FALSE;
  /* Seeding signs nobody in. */
  if (!plz_accounts_store_delete_sessions (store, user->id, NULL, error))
    return FALSE;

  user->email_verified_at = plz_time_now_us ();
  if (demo_users[i].business != NULL)
    {
      user->is_operator = TRUE;
      user->is_consumer = g_str_has_prefix (demo_users[i].role, "consumer");
      user->business_name = g_strdup (demo_users[i].business);
      user->expertise = (g_free (user->expertise), g_strdup (demo_users[i].expertise));
      user->has_area = TRUE;
      user->area_lat = demo_users[i].lat;
      user->area_lng = demo_users[i].lng;
      user->area_radius_km = 25;
    }
  user->is_admin = demo_users[i].admin;
  /* Demo addresses are confirmed already: no verification mail waits. */
  return plz_accounts_store_retire_verifications (store, user->id, "email", plz_time_now_us (), error) &&
         plz_accounts_store_update_user (store, user, error);
}

gboolean
plz_demo_seed (PlzStore         *store,
               const PlzConfig  *config,
               GError          **error)
{
  g_autoptr(PlzAccounts) accounts = plz_accounts_new (store, config);
  g_autofree char *seeded = NULL;
  g_autofree char *now = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (demo_users); i++)
    if (!plz_store_transaction (store, seed_user_txn, &(Seed) { accounts, i }, error))
      {
        g_prefix_error (error, "Demo account %s: ", demo_users[i].email);
        return FALSE;
      }

  if (!plz_demo_seed_listings (store, config, error))
    return FALSE;
  if (!plz_demo_seed_bookings (store, config, error))
    return FALSE;

  seeded = plz_store_get_meta (store, "demo_seeded_at", error);
  if (seeded != NULL)
    return TRUE;
  now = plz_time_format_rfc3339 (plz_time_now_us ());
  return plz_store_set_meta (store, "name", "Plaza Demo", error) &&
         plz_store_set_meta (store, "demo_seeded_at", now, error);
}

void
plz_demo_print_sign_ins (void)
{
  g_print ("Demo sign-ins:\n");
  for (guint i = 0; i < G_N_ELEMENTS (demo_users); i++)
    g_print ("  %-22s %-20s %s\n", demo_users[i].email, demo_users[i].password, demo_users[i].role);
}
