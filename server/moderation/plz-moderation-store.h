/* plz-moderation-store.h — the SQL of caught attempts, per-person counters and leak cases */
#pragma once

#include "store/plz-store.h"

G_BEGIN_DECLS

/* One caught attempt to share contact details or pay outside the platform. */
typedef struct
{
  gint64  id;
  char   *user_id;
  char   *context;          /* "listing", "bio", "message" */
  char   *reference_id;     /* the listing, profile or message, or NULL */
  char   *conversation_id;  /* for messages, or NULL */
  char   *kinds;            /* JSON array of detector kinds */
  char   *risk;             /* "medium", "high" */
  char   *stage;            /* "public", "pre_booking", "booked" */
  char   *action;           /* "refused", "redacted" */
  char   *excerpt;          /* the text as written, cut short: the evidence */
  char   *case_id;          /* the case it is evidence in, or NULL */
  gint64  created_at;
} PlzModerationEvent;

/* A person's counters and pause on sending (all zero when nothing was caught). */
typedef struct
{
  gint64 attempts;
  gint64 refused;
  gint64 redacted;
  gint64 warnings;
  gint64 restricted_until;  /* µs; 0 when not paused */
  gint64 last_attempt_at;
} PlzModerationCounters;

/* A person whose attempts kept coming, for an admin to decide on. */
typedef struct
{
  char   *id;
  char   *user_id;
  char   *status;       /* "open", "dismissed", "warned", "restricted", "suspended" */
  gint64  attempts;     /* attempts in the window when it opened */
  gint64  opened_at;
  gint64  updated_at;
  char   *resolved_by;  /* the admin, or NULL while open */
  gint64  resolved_at;
  char   *resolution;   /* the admin's reason, or NULL */
} PlzLeakCase;

/* Frees @event. */
void         plz_moderation_event_free           (PlzModerationEvent *event);
/* Frees @c. */
void         plz_leak_case_free                  (PlzLeakCase        *c);

/* Inserts @event and sets its id. */
gboolean     plz_moderation_store_insert_event   (PlzStore *store, PlzModerationEvent *event,
                                                  GError **error);
/* Caught attempts of @user_id at or after @since; -1 on error. */
gint64       plz_moderation_store_count_since    (PlzStore *store, const char *user_id, gint64 since,
                                                  GError **error);
/* The counters of @user_id (zeros when there are none). */
gboolean     plz_moderation_store_get_counters   (PlzStore *store, const char *user_id,
                                                  PlzModerationCounters *out, GError **error);
/* Counts one more attempt of @user_id that was @action ("refused" or "redacted"). */
gboolean     plz_moderation_store_count_attempt  (PlzStore *store, const char *user_id, const char *action,
                                                  gint64 now, GError **error);
/* Pauses @user_id's sending until @until (0 lifts the pause). */
gboolean     plz_moderation_store_set_restriction (PlzStore *store, const char *user_id, gint64 until,
                                                   gint64 now, GError **error);
/* Counts one more formal warning given to @user_id. */
gboolean     plz_moderation_store_add_warning    (PlzStore *store, const char *user_id, gint64 now,
                                                  GError **error);

/* Inserts @c; PLZ_ERROR_CONFLICT when @c->user_id already has an open case. */
gboolean     plz_moderation_store_insert_case    (PlzStore *store, const PlzLeakCase *c, GError **error);
/* Writes the status and resolution of @c. */
gboolean     plz_moderation_store_update_case    (PlzStore *store, const PlzLeakCase *c, GError **error);
/* The open case of @user_id, or NULL (no error when there is none). */
PlzLeakCase *plz_moderation_store_open_case_of   (PlzStore *store, const char *user_id, GError **error);
/* The case @id; NULL with PLZ_ERROR_NOT_FOUND when there is none. */
PlzLeakCase *plz_moderation_store_get_case       (PlzStore *store, const char *id, GError **error);
/* Cases with @status (all when NULL), open ones oldest first, others newest first. */
GPtrArray   *plz_moderation_store_list_cases     (PlzStore *store, const char *status, guint limit,
                                                  guint offset, GError **error);
/* Makes @user_id's attempts since @since that are in no case evidence in @case_id. */
gboolean     plz_moderation_store_attach_events  (PlzStore *store, const char *case_id, const char *user_id,
                                                  gint64 since, GError **error);
/* The evidence of @case_id, newest first, at most @limit. */
GPtrArray   *plz_moderation_store_case_events    (PlzStore *store, const char *case_id, guint limit,
                                                  GError **error);
/* How many events @case_id has. */
gint64       plz_moderation_store_count_case_events (PlzStore *store, const char *case_id, GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PlzModerationEvent, plz_moderation_event_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PlzLeakCase, plz_leak_case_free)

G_END_DECLS
