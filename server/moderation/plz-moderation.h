/* plz-moderation.h — keeping deals on the platform: what happens to contact
 * details in listings, bios and messages, escalation, and the leak-case queue */
#pragma once

#include "plz-config.h"
#include "plz-moderation-store.h"
#include "accounts/plz-user.h"

G_BEGIN_DECLS

#define PLZ_MODERATION_EXCERPT_MAX 1000  /* characters of a caught text kept as evidence */

typedef struct _PlzModeration PlzModeration;
struct _PlzAccounts;

/* Where two people are in their dealings; the policy depends on it. */
typedef enum
{
  PLZ_MODERATION_STAGE_PRE_BOOKING,  /* "pre_booking": no confirmed booking between them yet */
  PLZ_MODERATION_STAGE_BOOKED,       /* "booked": a confirmed booking, the deal is on Plaza */
} PlzModerationStage;

/* What text was being saved or sent. */
typedef enum
{
  PLZ_MODERATION_CONTEXT_LISTING,  /* "listing": title or description */
  PLZ_MODERATION_CONTEXT_BIO,      /* "bio": a profile's bio */
  PLZ_MODERATION_CONTEXT_MESSAGE,  /* "message": chat */
} PlzModerationContext;

/* What an admin decides about a leak case. */
typedef enum
{
  PLZ_LEAK_CASE_DISMISS,   /* "dismiss": nothing wrong */
  PLZ_LEAK_CASE_WARN,      /* "warn": a formal warning, mailed to the person */
  PLZ_LEAK_CASE_RESTRICT,  /* "restrict": sending before a booking paused for a while */
  PLZ_LEAK_CASE_SUSPEND,   /* "suspend": the account is suspended */
} PlzLeakCaseAction;

/* The policy over @store with @config's [moderation] settings; @accounts
 * (not owned) suspends accounts for the "suspend" case action. */
PlzModeration *plz_moderation_new              (PlzStore             *store,
                                                const PlzConfig      *config,
                                                struct _PlzAccounts  *accounts);
/* Frees @self. */
void           plz_moderation_free             (PlzModeration        *self);

/* Checks text @user_id is about to publish (@context listing or bio, input
 * @field). Refuses, with PLZ_ERROR_CONTACT_NOT_ALLOWED about @field and a
 * reason naming what was found, text at or above the configured risk; every
 * refusal is recorded with @reference_id (may be NULL) and counts towards
 * escalation. TRUE when the text may be saved. */
gboolean       plz_moderation_check_public     (PlzModeration        *self,
                                                const char           *user_id,
                                                PlzModerationContext  context,
                                                const char           *reference_id,
                                                const char           *field,
                                                const char           *text,
                                                GError              **error);

/* Checks a chat message @user_id sends in @conversation_id at @stage, for
 * the send path. Sets *@out_action: ALLOW (send @text as it is), REDACT
 * (send *@redacted instead and show the sender *@notice) or REFUSE (not
 * sent; FALSE with PLZ_ERROR_CONTACT_NOT_ALLOWED, or PLZ_ERROR_SENDING_RESTRICTED
 * while the sender's sending is paused). Caught attempts are recorded and
 * escalate: a warning, then a pause on sending, then a case for an admin;
 * *@notice (may be NULL) says so. @redacted and @notice may be NULL. */
gboolean       plz_moderation_check_message    (PlzModeration        *self,
                                                const char           *user_id,
                                                const char           *conversation_id,
                                                PlzModerationStage    stage,
                                                const char           *text,
                                                PlzModerationAction  *out_action,
                                                char                **redacted,
                                                char                **notice,
                                                GError              **error);

/* What @policy does with a message of @risk at @stage (low and none: allow). */
PlzModerationAction plz_moderation_policy_action (const PlzModerationConfig *policy,
                                                  PlzModerationStage         stage,
                                                  PlzContactRisk             risk);

/* @user_id's counters: attempts, refused, redacted, warnings, pause. */
gboolean       plz_moderation_get_counters     (PlzModeration        *self,
                                                const char           *user_id,
                                                PlzModerationCounters *out,
                                                GError              **error);

/* Admin: cases with @status ("open" … or NULL for all), the open queue oldest first. */
GPtrArray     *plz_moderation_list_cases       (PlzModeration        *self,
                                                const char           *status,
                                                guint                 limit,
                                                guint                 offset,
                                                GError              **error);

/* Admin: the case @id (PLZ_ERROR_NOT_FOUND when there is none). */
PlzLeakCase   *plz_moderation_get_case         (PlzModeration        *self,
                                                const char           *id,
                                                GError              **error);

/* Admin: decides the open case @id with @action and @reason, in one
 * transaction with its effect on the person and an audit entry. A closed
 * case is PLZ_ERROR_CONFLICT; so is one's own. */
PlzLeakCase   *plz_moderation_act_on_case      (PlzModeration        *self,
                                                const PlzUser        *admin,
                                                const char           *id,
                                                PlzLeakCaseAction     action,
                                                const char           *reason,
                                                GError              **error);

/* The store. */
PlzStore      *plz_moderation_get_store        (PlzModeration        *self);

/* "pre_booking", "booked". */
const char    *plz_moderation_stage_name       (PlzModerationStage    stage);
/* Parses a stage name; FALSE when unknown. */
gboolean       plz_moderation_stage_from_name  (const char           *name,
                                                PlzModerationStage   *stage);
/* "listing", "bio", "message". */
const char    *plz_moderation_context_name     (PlzModerationContext  context);
/* "dismiss", "warn", "restrict", "suspend". */
const char    *plz_leak_case_action_name       (PlzLeakCaseAction     action);
/* Parses a case action name; FALSE when unknown. */
gboolean       plz_leak_case_action_from_name  (const char           *name,
                                                PlzLeakCaseAction    *action);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PlzModeration, plz_moderation_free)

G_END_DECLS
