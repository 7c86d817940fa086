/* plz-moderation.c — keeping deals on the platform: what happens to contact
 * details in listings, bios and messages, escalation, and the leak-case queue */
#define G_LOG_DOMAIN "plaza-moderation"

#include "plz-moderation.h"
#include "accounts/plz-accounts.h"
#include "accounts/plz-accounts-store.h"
#include "accounts/plz-crypto.h"
#include "plz-contact-detector.h"
#include "plz-error.h"
#include "plz-json.h"
#include "plz-time.h"
#include "plz-validate.h"

#include <string.h>

struct _PlzModeration
{
  PlzStore            *store;
  PlzAccounts         *accounts;
  PlzModerationConfig  policy;
};

/* How far a caught attempt escalated. */
typedef enum
{
  ESCALATION_WARNING,
  ESCALATION_RESTRICTED,
  ESCALATION_CASE,
} Escalation;

typedef struct
{
  Escalation escalation;
  gint64     attempts;          /* in the window, this one included */
  gint64     restricted_until;
} Outcome;

static const char * const stage_names[] = { "pre_booking", "booked" };
static const char * const context_names[] = { "listing", "bio", "message" };
static const char * const case_action_names[] = { "dismiss", "warn", "restrict", "suspend" };
static const char * const case_statuses[] = { "dismissed", "warned", "restricted", "suspended" };

PlzModeration *
plz_moderation_new (PlzStore         *store,
                    const PlzConfig  *config,
                    PlzAccounts      *accounts)
{
  PlzModeration *self = g_new0 (PlzModeration, 1);

  self->store = g_object_ref (store);
  self->accounts = accounts;
  self->policy = config->moderation;
  return self;
}

void
plz_moderation_free (PlzModeration *self)
{
  if (self == NULL)
    return;
  g_clear_object (&self->store);
  g_free (self);
}

PlzStore *
plz_moderation_get_store (PlzModeration *self)
{
  return self->store;
}

/* Words ------------------------------------------------------------------------ */

/* "a phone number", "a phone number and an email address": what was found,
 * strongest first, at most two kinds. */
static char *
describe_findings (const PlzContactResult *result)
{
  double best[PLZ_CONTACT_KIND_LAST + 1] = { 0 };
  int first = -1, second = -1;

  for (guint i = 0; i < result->findings->len; i++)
    {
      const PlzContactFinding *f = &g_array_index (result->findings, PlzContactFinding, i);

      best[f->kind] = MAX (best[f->kind], f->confidence);
    }
  for (int k = 0; k <= PLZ_CONTACT_KIND_LAST; k++)
    {
      if (best[k] < PLZ_CONTACT_REDACT_MIN)
        continue;
      if (first < 0 || best[k] > best[first])
        {
          second = first;
          first = k;
        }
      else if (second < 0 || best[k] > best[second])
        second = k;
    }
  if (first < 0)
    return g_strdup ("contact details");
  if (second < 0)
    return g_strdup (plz_contact_kind_describe (first));
  return g_strdup_printf ("%s and %s", plz_contact_kind_describe (first), plz_contact_kind_describe (second));
}

static char *
kinds_json (const PlzContactResult *result)
{
  g_autoptr(JsonArray) array = json_array_new ();
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_ARRAY);
  guint kinds = plz_contact_result_kinds (result, PLZ_CONTACT_REDACT_MIN);

  for (guint k = 0; k <= PLZ_CONTACT_KIND_LAST; k++)
    if (kinds & (1u << k))
      json_array_add_string_element (array, plz_contact_kind_name (k));
  json_node_set_array (node, array);
  return plz_json_to_string (node);
}

static char *
format_clock (gint64 usec)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (usec / G_USEC_PER_SEC);

  return g_date_time_format (dt, "%H:%M UTC");
}

/* What the person is told about where their attempts are leading. */
static char *
describe_escalation (PlzModeration *self,
                     const Outcome *o)
{
  g_autofree char *until = NULL;

  switch (o->escalation)
    {
    case ESCALATION_CASE:
      until = format_clock (o->restricted_until);
      return g_strdup_printf ("This keeps happening, so messages before a booking are paused until %s and "
                              "our team will review your account.", until);
    case ESCALATION_RESTRICTED:
      until = format_clock (o->restricted_until);
      return g_strdup_printf ("You have tried this %" G_GINT64_FORMAT " times, so messages before a booking "
                              "are paused until %s.", o->attempts, until);
    case ESCALATION_WARNING:
    default:
      return g_strdup_printf ("This is a warning: after %u attempts within %u hours, messages before a "
                              "booking are paused.", self->policy.restrict_after, self->policy.window_hours);
    }
}

/* Recording and escalation ------------------------------------------------------- */

typedef struct
{
  PlzModeration          *self;
  const char             *user_id;
  PlzModerationContext    context;
  const char             *reference_id;
  const char             *conversation_id;
  const char             *stage;
  const char             *action;
  const char             *text;
  const PlzContactResult *result;
  Outcome                 outcome;
} Attempt;

static gboolean
open_case (PlzStore    *store,
           const char  *user_id,
           gint64       attempts,
           gint64       since,
           gint64       now,
           GError     **error)
{
  g_autoptr(GError) local = NULL;
  g_autoptr(PlzLeakCase) open = plz_moderation_store_open_case_of (store, user_id, &local);

  if (local != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  if (open == NULL)
    {
      open = g_new0 (PlzLeakCase, 1);
      open->id = plz_random_id ();
      open->user_id = g_strdup (user_id);
      open->attempts = attempts;
      open->opened_at = now;
      if (!plz_moderation_store_insert_case (store, open, error))
        return FALSE;
    }
  /* Every attempt of the window becomes evidence, and later ones join while it is open. */
  return plz_moderation_store_attach_events (store, open->id, user_id, since, error);
}

static gboolean
record_txn (PlzStore  *store,
            gpointer   data,
            GError   **error)
{
  Attempt *a = data;
  const PlzModerationConfig *p = &a->self->policy;
  gint64 now = plz_time_now_us ();
  gint64 since = now - (gint64) p->window_hours * 3600 * G_USEC_PER_SEC;
  g_autofree char *valid = g_utf8_make_valid (a->text, -1);
  g_autoptr(PlzModerationEvent) event = g_new0 (PlzModerationEvent, 1);
  PlzModerationCounters counters;
  gint64 n;

  event->user_id = g_strdup (a->user_id);
  event->context = g_strdup (context_names[a->context]);
  event->reference_id = g_strdup (a->reference_id);
  event->conversation_id = g_strdup (a->conversation_id);
  event->kinds = kinds_json (a->result);
  event->risk = g_strdup (plz_contact_risk_name (a->result->risk));
  event->stage = g_strdup (a->stage);
  event->action = g_strdup (a->action);
  event->excerpt = g_utf8_substring (valid, 0, MIN (g_utf8_strlen (valid, -1), PLZ_MODERATION_EXCERPT_MAX));
  event->created_at = now;

  if (!plz_moderation_store_insert_event (store, event, error) ||
      !plz_moderation_store_count_attempt (store, a->user_id, a->action, now, error) ||
      !plz_moderation_store_get_counters (store, a->user_id, &counters, error))
    return FALSE;
  n = plz_moderation_store_count_since (store, a->user_id, since, error);
  if (n < 0)
    return FALSE;

  a->outcome.attempts = n;
  a->outcome.escalation = ESCALATION_WARNING;
  a->outcome.restricted_until = counters.restricted_until;
  if (n >= p->restrict_after)
    {
      gint64 until = now + (gint64) p->restrict_minutes * 60 * G_USEC_PER_SEC;

      a->outcome.restricted_until = MAX (until, counters.restricted_until);
      a->outcome.escalation = ESCALATION_RESTRICTED;
      if (!plz_moderation_store_set_restriction (store, a->user_id, a->outcome.restricted_until, now, error))
        return FALSE;
    }
  if (n >= p->case_after)
    {
      a->outcome.escalation = ESCALATION_CASE;
      if (!open_case (store, a->user_id, n, since, now, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
record (Attempt  *a,
        GError  **error)
{
  return plz_store_transaction (a->self->store, record_txn, a, error);
}

/* Listings and bios -------------------------------------------------------------- */

gboolean
plz_moderation_check_public (PlzModeration         *self,
                             const char            *user_id,
                             PlzModerationContext   context,
                             const char            *reference_id,
                             const char            *field,
                             const char            *text,
                             GError               **error)
{
  g_autoptr(PlzContactResult) result = NULL;
  g_autofree char *found = NULL, *escalation = NULL, *where = NULL;
  Attempt a = { self, user_id, context, reference_id, NULL, "public", "refused", text, NULL, { 0 } };

  g_return_val_if_fail (self != NULL && user_id != NULL && text != NULL, FALSE);

  result = plz_contact_scan (text, -1);
  if (result->risk < self->policy.public_refuse_from)
    return TRUE;

  a.result = result;
  if (!record (&a, error))
    return FALSE;
  found = describe_findings (result);
  escalation = describe_escalation (self, &a.outcome);
  where = g_strdup (context == PLZ_MODERATION_CONTEXT_BIO ? "A bio" : "A listing");
  g_set_error (error, PLZ_ERROR, PLZ_ERROR_CONTACT_NOT_ALLOWED,
               "%s can’t include %s: people meet, book and pay through Plaza, which protects both "
               "sides. Take it out and save again. %s", where, found, escalation);
  if (error != NULL)
    plz_error_set_field (*error, field);
  return FALSE;
}

/* Messages --------------------------------------------------------------------- */

PlzModerationAction
plz_moderation_policy_action (const PlzModerationConfig *p,
                              PlzModerationStage         stage,
                              PlzContactRisk             risk)
{
  if (risk < PLZ_CONTACT_RISK_MEDIUM)
    return PLZ_MODERATION_ALLOW;
  if (stage == PLZ_MODERATION_STAGE_BOOKED)
    return risk == PLZ_CONTACT_RISK_HIGH ? p->booked_high : p->booked_medium;
  return risk == PLZ_CONTACT_RISK_HIGH ? p->pre_booking_high : p->pre_booking_medium;
}

gboolean
plz_moderation_check_message (PlzModeration        *self,
                              const char           *user_id,
                              const char           *conversation_id,
                              PlzModerationStage    stage,
                              const char           *text,
                              PlzModerationAction  *out_action,
                              char                **redacted,
                              char                **notice,
                              GError              **error)
{
  g_autoptr(PlzContactResult) result = NULL;
  g_autofree char *found = NULL, *escalation = NULL;
  PlzModerationCounters counters;
  PlzModerationAction action;
  Attempt a = {
    self, user_id, PLZ_MODERATION_CONTEXT_MESSAGE, NULL, conversation_id, NULL, NULL, text, NULL, { 0 }
  };

  g_return_val_if_fail (self != NULL && user_id != NULL && text != NULL && out_action != NULL, FALSE);
  g_return_val_if_fail ((guint) stage < G_N_ELEMENTS (stage_names), FALSE);

  *out_action = PLZ_MODERATION_REFUSE;
  if (redacted != NULL)
    *redacted = NULL;
  if (notice != NULL)
    *notice = NULL;

  if (!plz_moderation_store_get_counters (self->store, user_id, &counters, error))
    return FALSE;
  result = plz_contact_scan (text, -1);
  action = plz_moderation_policy_action (&self->policy, stage, result->risk);
  a.stage = stage_names[stage];
  a.result = result;

  /* A pause on sending holds for every message before a booking (booked
   * customers are still answered); trying to share details while paused
   * still counts, and can open a case. */
  if (stage == PLZ_MODERATION_STAGE_PRE_BOOKING && counters.restricted_until > plz_time_now_us ())
    {
      g_autofree char *until = NULL;

      a.action = "refused";
      a.outcome.restricted_until = counters.restricted_until;
      if (action != PLZ_MODERATION_ALLOW && !record (&a, error))
        return FALSE;
      until = format_clock (MAX (counters.restricted_until, a.outcome.restricted_until));
      g_set_error (error, PLZ_ERROR, PLZ_ERROR_SENDING_RESTRICTED,
                   "Messages before a booking are paused until %s because contact details were shared "
                   "again and again. Messages about confirmed bookings still go through.%s", until,
                   a.outcome.escalation == ESCALATION_CASE ? " Our team will review your account." : "");
      return FALSE;
    }

  if (action == PLZ_MODERATION_ALLOW)
    {
      *out_action = PLZ_MODERATION_ALLOW;
      return TRUE;
    }


  a.action = action == PLZ_MODERATION_REFUSE ? "refused" : "redacted";
  if (!record (&a, error))
    return FALSE;
  found = describe_findings (result);
  escalation = describe_escalation (self, &a.outcome);

  if (action == PLZ_MODERATION_REFUSE)
    {
      g_set_error (error, PLZ_ERROR, PLZ_ERROR_CONTACT_NOT_ALLOWED,
                   "This message was not sent: it includes %s. %s keep contact and payment on Plaza, "
                   "so that both of you are protected. %s", found,
                   stage == PLZ_MODERATION_STAGE_PRE_BOOKING ? "Until a booking is confirmed, please"
                                                             : "Please", escalation);
      if (error != NULL)
        plz_error_set_field (*error, "text");
      return FALSE;
    }

  *out_action = PLZ_MODERATION_REDACT;
  if (redacted != NULL)
    *redacted = plz_contact_redact (text, -1, result);
  if (notice != NULL)
    *notice = g_strdup_printf ("Your message was delivered with %s hidden. %s keep contact on Plaza. %s",
                               found, stage == PLZ_MODERATION_STAGE_PRE_BOOKING ? "Until a booking is "
                               "confirmed, please" : "Please", escalation);
  return TRUE;
}

gboolean
plz_moderation_get_counters (PlzModeration          *self,
                             const char             *user_id,
                             PlzModerationCounters  *out,
                             GError                **error)
{
  return plz_moderation_store_get_counters (self->store, user_id, out, error);
}

/* Leak cases ------------------------------------------------------------------- */

GPtrArray *
plz_moderation_list_cases (PlzModeration  *self,
                           const char     *status,
                           guint           limit,
                           guint           offset,
                           GError        **error)
{
  return plz_moderation_store_list_cases (self->store, status, limit, offset, error);
}

PlzLeakCase *
plz_moderation_get_case (PlzModeration  *self,
                         const char     *id,
                         GError        **error)
{
  return plz_moderation_store_get_case (self->store, id, error);
}

typedef struct
{
  PlzModeration     *self;
  const PlzUser     *admin;
  const char        *id;
  PlzLeakCaseAction  action;
  const char        *reason;
  PlzLeakCase       *result;
} CaseDecision;

/* Tells the person by mail (the outbox delivers it), so a warning is not silent. */
static gboolean
mail_person (PlzStore     *store,
             const char   *user_id,
             const char   *subject,
             const char   *body,
             gint64        now,
             GError      **error)
{
  g_autoptr(PlzUser) user = plz_accounts_store_get_user (store, user_id, error);

  return user != NULL &&
         plz_accounts_store_queue_outbox (store, "email", user->email, subject, body, now, error);
}

static gboolean
decide_txn (PlzStore  *store,
            gpointer   data,
            GError   **error)
{
  CaseDecision *d = data;
  g_autoptr(PlzLeakCase) c = plz_moderation_store_get_case (store, d->id, error);
  g_autofree char *audit_action = NULL, *audit_reason = NULL, *body = NULL;
  gint64 now = plz_time_now_us ();

  if (c == NULL)
    return FALSE;
  if (!g_str_equal (c->status, "open"))
    {
      g_set_error (error, PLZ_ERROR, PLZ_ERROR_CONFLICT, "This case is already closed (%s)", c->status);
      return FALSE;
    }
  if (g_strcmp0 (c->user_id, d->admin->id) == 0)
    {
      g_set_error_literal (error, PLZ_ERROR, PLZ_ERROR_CONFLICT, "You cannot decide a case about yourself");
      return FALSE;
    }

  switch (d->action)
    {
    case PLZ_LEAK_CASE_DISMISS:
      break;
    case PLZ_LEAK_CASE_WARN:
      body = g_strdup_printf ("Hello,\n\nMessages and listings on Plaza keep contact details and "
                              "payments on the platform until a booking is confirmed. Yours shared them "
                              "again and again, so this is a formal warning. If it continues, your "
                              "account may be suspended.\n\nReason given: %s\n", d->reason);
      if (!plz_moderation_store_add_warning (store, c->user_id, now, error) ||
          !mail_person (store, c->user_id, "A warning about sharing contact details on Plaza", body,
                        now, error))
        return FALSE;
      break;
    case PLZ_LEAK_CASE_RESTRICT:
      {
        gint64 until = now + (gint64) d->self->policy.restrict_minutes * 60 * G_USEC_PER_SEC;
        g_autofree char *clock = format_clock (until);

        body = g_strdup_printf ("Hello,\n\nBecause contact details were shared again and again "
                                "before bookings, your messages before a booking are paused until %s. "
                                "Messages about confirmed bookings still go through.\n\n"
                                "Reason given: %s\n", clock, d->reason);
        if (!plz_moderation_store_set_restriction (store, c->user_id, until, now, error) ||
            !mail_person (store, c->user_id, "Your messages on Plaza are paused", body, now, error))
          return FALSE;
      }
      break;
    case PLZ_LEAK_CASE_SUSPEND:
      {
        /* The accounts service suspends and audits that in the same transaction. */
        g_autoptr(PlzUser) suspended = plz_accounts_set_status (d->self->accounts, d->admin, c->user_id,
                                                                 PLZ_ACCOUNT_SUSPENDED, d->reason, error);

        if (suspended == NULL)
          return FALSE;
      }
      break;
    default:
      g_assert_not_reached ();
    }

  g_free (c->status);
  c->status = g_strdup (case_statuses[d->action]);
  c->resolved_by = g_strdup (d->admin->id);
  c->resolved_at = now;
  c->resolution = g_strdup (d->reason);
  c->updated_at = now;
  audit_action = g_strconcat ("leak_case_", case_action_names[d->action], NULL);
  audit_reason = g_strdup_printf ("case %s: %s", c->id, d->reason);
  if (!plz_moderation_store_update_case (store, c, error) ||
      !plz_accounts_store_audit (store, d->admin->id, audit_action, c->user_id, audit_reason, now, error))
    return FALSE;
  d->result = g_steal_pointer (&c);
  return TRUE;
}

PlzLeakCase *
plz_moderation_act_on_case (PlzModeration      *self,
                            const PlzUser      *admin,
                            const char         *id,
                            PlzLeakCaseAction   action,
                            const char         *reason,
                            GError            **error)
{
  g_autofree char *clean = NULL;
  CaseDecision d = { self, admin, id, action, NULL, NULL };

  g_return_val_if_fail (self != NULL && admin != NULL && id != NULL, NULL);

  if ((guint) action >= G_N_ELEMENTS (case_action_names))
    {
      plz_error_set_invalid (error, "action", "Action must be dismiss, warn, restrict or suspend");
      return NULL;
    }
  clean = plz_validate_text ("reason", reason != NULL ? reason : "", 500, error);
  if (clean == NULL)
    return NULL;
  if (clean[0] == '\0')
    {
      plz_error_set_invalid (error, "reason", "Give a reason; it is kept in the audit log");
      return NULL;
    }
  d.reason = clean;
  if (!plz_store_transaction (self->store, decide_txn, &d, error))
    return NULL;
  return d.result;
}

/* Names ------------------------------------------------------------------------ */

static gboolean
index_of (const char * const *names,
          guint               n,
          const char         *name,
          guint              *out)
{
  for (guint i = 0; name != NULL && i < n; i++)
    if (g_str_equal (names[i], name))
      {
        *out = i;
        return TRUE;
      }
  return FALSE;
}

const char *
plz_moderation_stage_name (PlzModerationStage stage)
{
  g_return_val_if_fail ((guint) stage < G_N_ELEMENTS (stage_names), NULL);
  return stage_names[stage];
}

gboolean
plz_moderation_stage_from_name (const char         *name,
                                PlzModerationStage *stage)
{
  guint i;

  if (!index_of (stage_names, G_N_ELEMENTS (stage_names), name, &i))
    return FALSE;
  *stage = (PlzModerationStage) i;
  return TRUE;
}

const char *
plz_moderation_context_name (PlzModerationContext context)
{
  g_return_val_if_fail ((guint) context < G_N_ELEMENTS (context_names), NULL);
  return context_names[context];
}

const char *
plz_leak_case_action_name (PlzLeakCaseAction action)
{
  g_return_val_if_fail ((guint) action < G_N_ELEMENTS (case_action_names), NULL);
  return case_action_names[action];
}

gboolean
plz_leak_case_action_from_name (const char        *name,
                                PlzLeakCaseAction *action)
{
  guint i;

  if (!index_of (case_action_names, G_N_ELEMENTS (case_action_names), name, &i))
    return FALSE;
  *action = (PlzLeakCaseAction) i;
  return TRUE;
}
