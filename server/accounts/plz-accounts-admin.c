/* plz-accounts-admin.c — account status changes and admin grants, audited */
#define G_LOG_DOMAIN "plaza-accounts"

#include "plz-accounts.h"
#include "plz-accounts-private.h"
#include "plz-crypto.h"
#include "plz-error.h"
#include "plz-json.h"
#include "plz-time.h"
#include "plz-validate.h"
#include "events/plz-events.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <string.h>

/* Admin ------------------------------------------------------------------------ */

GPtrArray *
plz_accounts_search (PlzAccounts  *self,
                     const char   *query,
                     guint         limit,
                     guint         offset,
                     GError      **error)
{
  return plz_accounts_store_search_users (self->store, query, limit, offset, error);
}

typedef struct
{
  PlzAccounts      *self;
  const PlzUser    *admin;
  const char       *target_id;
  PlzAccountStatus  status;
  const char       *reason;
  PlzUser          *result;
  PlzEvents        *events;
} SetStatus;

static gboolean
set_status_txn (PlzStore  *store,
                gpointer   data,
                GError   **error)
{
  SetStatus *s = data;
  g_autoptr(PlzUser) target = plz_accounts_store_get_user (store, s->target_id, error);
  static const char *actions[] = { "reactivate", "suspend", "ban" };
  gint64 now = plz_time_now_us ();

  if (target == NULL)
    return FALSE;
  target->status = s->status;
  g_free (target->status_reason);
  target->status_reason = s->status == PLZ_ACCOUNT_ACTIVE ? NULL : g_strdup (s->reason);
  target->updated_at = now;
  /* While suspended or banned the old sessions answer 403; coming back, they
   * all end, so a token that was stolen before the ban is worthless. */
  if (s->status == PLZ_ACCOUNT_ACTIVE &&
      !plz_accounts_store_delete_sessions (store, target->id, NULL, error))
    return FALSE;
  if (!plz_accounts_store_update_user (store, target, error) ||
      !plz_accounts_store_audit (store, s->admin->id, actions[s->status], target->id, s->reason, now, error))
    return FALSE;
  /* The user's live links hear of it (and close) once this commits. */
  if (s->events != NULL)
    {
      g_autoptr(JsonObject) notice = json_object_new ();

      json_object_set_string_member (notice, "status", plz_account_status_to_string (s->status));
      if (plz_events_append (s->events, target->id, "account.status", notice, error) == 0)
        return FALSE;
    }
  s->result = g_steal_pointer (&target);
  return TRUE;
}

PlzUser *
plz_accounts_set_status (PlzAccounts      *self,
                         const PlzUser    *admin,
                         const char       *target_id,
                         PlzAccountStatus  status,
                         const char       *reason,
                         GError          **error)
{
  g_autofree char *clean = plz_validate_text ("reason", reason, 500, error);
  SetStatus s = { self, admin, target_id, status, NULL, NULL, self->events };

  if (clean == NULL)
    return NULL;
  if (clean[0] == '\0')
    return _plz_accounts_field_error (error, PLZ_ERROR_INVALID_INPUT, "reason", "Give a reason; it is kept in the audit log"), NULL;
  if (g_strcmp0 (admin->id, target_id) == 0)
    return _plz_accounts_field_error (error, PLZ_ERROR_CONFLICT, NULL, "You cannot change your own account’s status"), NULL;
  s.reason = clean;
  if (!plz_store_transaction (self->store, set_status_txn, &s, error))
    return NULL;
  return s.result;
}

typedef struct
{
  const char *email;
  PlzUser    *result;
} Grant;

static gboolean
grant_admin_txn (PlzStore  *store,
                 gpointer   data,
                 GError   **error)
{
  Grant *g = data;
  g_autoptr(PlzUser) user = plz_accounts_store_find_by_email (store, g->email, error);
  gint64 now = plz_time_now_us ();

  if (user == NULL)
    {
      g_prefix_error (error, "No account has the email %s (sign up first): ", g->email);
      return FALSE;
    }
  user->is_admin = TRUE;
  user->updated_at = now;
  if (!plz_accounts_store_update_user (store, user, error) ||
      !plz_accounts_store_audit (store, NULL, "grant_admin", user->id, "command line", now, error))
    return FALSE;
  g->result = g_steal_pointer (&user);
  return TRUE;
}

PlzUser *
plz_accounts_grant_admin (PlzAccounts  *self,
                          const char   *email,
                          GError      **error)
{
  g_autofree char *normal = plz_validate_email ("email", email, error);
  Grant g = { NULL, NULL };

  if (normal == NULL)
    return NULL;
  g.email = normal;
  if (!plz_store_transaction (self->store, grant_admin_txn, &g, error))
    return NULL;
  return g.result;
}
