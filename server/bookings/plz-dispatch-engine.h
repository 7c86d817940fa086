/* plz-dispatch-engine.h — one on-demand request: offer to the best operator,
 * then the next on decline or timeout, until one accepts or none is left
 *
 * Pure and clock-driven: the engine never reads the wall clock nor arms a
 * timer itself. It asks its PlzDispatchClock for the time and to schedule
 * "expire this offer at T"; the host (a durable job in the server, a fake
 * clock in tests) calls plz_dispatch_engine_expire() when T comes. Its whole
 * state goes to JSON and back, so a request survives a restart mid-offer. */
#pragma once

#include "plz-dispatch-score.h"

G_BEGIN_DECLS

#define PLZ_DISPATCH_DEFAULT_WINDOW_US (60 * G_USEC_PER_SEC)

#define PLZ_DISPATCH_ERROR (plz_dispatch_error_quark ())

/* Refusals of an operator's answer; each maps to one wire code (409). */
typedef enum
{
  PLZ_DISPATCH_ERROR_OFFER_EXPIRED,     /* offer_expired: answered after its deadline */
  PLZ_DISPATCH_ERROR_OFFER_NOT_CURRENT, /* offer_not_current: not the offer out now */
  PLZ_DISPATCH_ERROR_FINISHED,          /* request_finished: accepted, exhausted or cancelled */
} PlzDispatchErrorCode;

typedef enum
{
  PLZ_DISPATCH_SEARCHING,   /* not started yet */
  PLZ_DISPATCH_OFFERED,
  PLZ_DISPATCH_ACCEPTED,
  PLZ_DISPATCH_EXHAUSTED,
  PLZ_DISPATCH_CANCELLED,
} PlzDispatchStatus;

typedef enum
{
  PLZ_DISPATCH_OUTCOME_SKIPPED,
  PLZ_DISPATCH_OUTCOME_OFFERED,    /* out now, waiting for an answer */
  PLZ_DISPATCH_OUTCOME_DECLINED,
  PLZ_DISPATCH_OUTCOME_EXPIRED,
  PLZ_DISPATCH_OUTCOME_ACCEPTED,
  PLZ_DISPATCH_OUTCOME_WITHDRAWN,  /* the consumer cancelled while it was out */
} PlzDispatchOutcome;

/* One candidate's record: how they scored and what became of them. */
typedef struct
{
  PlzDispatchCandidate *candidate;
  PlzDispatchScore      score;
  PlzDispatchOutcome    outcome;
  gint64                at_us;          /* when @outcome was decided */
  char                 *offer_id;       /* NULL unless offered */
  gint64                offered_at_us;  /* 0 unless offered */
  gint64                deadline_us;    /* 0 unless offered */
} PlzDispatchDecision;

typedef struct _PlzDispatchEngine PlzDispatchEngine;

/* Time and timers, from the host. */
typedef struct
{
  /* Now, in µs since the epoch. */
  gint64 (*now_us)     (gpointer user_data);
  /* Call plz_dispatch_engine_expire (engine, @offer_id) at @deadline_us.
   * Asked again for the same offer by plz_dispatch_engine_resume(): must be
   * idempotent (an upsert of a job keyed by @offer_id). */
  void   (*schedule)   (const char *request_id,
                        const char *offer_id,
                        gint64      deadline_us,
                        gpointer    user_data);
  /* The offer was answered; its timer may go (expiring it is harmless). */
  void   (*unschedule) (const char *request_id,
                        const char *offer_id,
                        gpointer    user_data);
} PlzDispatchClock;

/* What the host does at each step. Called from inside the engine's calls;
 * they must not free the engine. Any may be NULL but create_booking. */
typedef struct
{
  /* @offer went out to its operator (send dispatch.offer). */
  void  (*offered)        (PlzDispatchEngine         *engine,
                           const PlzDispatchDecision *offer,
                           gpointer                   user_data);
  /* The operator accepted @offer: create the booking and return its id, or
   * NULL and an error; the offer then stays out and the answer fails. */
  char *(*create_booking) (PlzDispatchEngine         *engine,
                           const PlzDispatchDecision *offer,
                           gpointer                   user_data,
                           GError                   **error);
  /* The state changed (persist plz_dispatch_engine_to_json(), send
   * dispatch.updated). */
  void  (*changed)        (PlzDispatchEngine         *engine,
                           gpointer                   user_data);
} PlzDispatchHooks;

GQuark              plz_dispatch_error_quark         (void);

/* The wire code ("offer_expired") of @code. */
const char         *plz_dispatch_error_code_name     (PlzDispatchErrorCode code);

/* Wire names: "searching", "offered", "accepted", "exhausted", "cancelled";
 * "skipped", "offered", "declined", "expired", "accepted", "withdrawn". */
const char         *plz_dispatch_status_name         (PlzDispatchStatus  status);
const char         *plz_dispatch_outcome_name        (PlzDispatchOutcome outcome);

/* A request @request_id for @need among @candidates (PlzDispatchCandidate*,
 * copied). Every candidate is scored now: those who cannot serve are recorded
 * as skipped with their reason, the rest queue best first; equal scores go
 * closer first, then by operator id, so the order never depends on the
 * order given. @window_us is how long each offer stands (0: 60 s). @clock and
 * @hooks must outlive the engine. Nothing is offered before _start(). */
PlzDispatchEngine  *plz_dispatch_engine_new          (const char              *request_id,
                                                      const PlzDispatchNeed   *need,
                                                      GPtrArray               *candidates,
                                                      gint64                   window_us,
                                                      const PlzDispatchClock  *clock,
                                                      const PlzDispatchHooks  *hooks,
                                                      gpointer                 user_data);

void                plz_dispatch_engine_free         (PlzDispatchEngine       *engine);

/* Offers to the best candidate, or ends exhausted when there is none. */
void                plz_dispatch_engine_start        (PlzDispatchEngine       *engine);

/* The operator of @offer_id accepts it. Fails with PLZ_DISPATCH_ERROR when
 * @offer_id is not the offer out now, the request is over, or the deadline
 * has passed (the offer is then recorded as expired and the next one goes
 * out), or with create_booking's error (nothing changes). */
gboolean            plz_dispatch_engine_accept       (PlzDispatchEngine       *engine,
                                                      const char              *offer_id,
                                                      GError                 **error);

/* The operator of @offer_id declines it; the next candidate gets an offer.
 * Fails as _accept() does. */
gboolean            plz_dispatch_engine_decline      (PlzDispatchEngine       *engine,
                                                      const char              *offer_id,
                                                      GError                 **error);

/* The timer of @offer_id fired. An offer already answered, or a timer early
 * (it is scheduled again), changes nothing and returns FALSE. */
gboolean            plz_dispatch_engine_expire       (PlzDispatchEngine       *engine,
                                                      const char              *offer_id);

/* The consumer gives up: the offer out now is withdrawn. Fails with
 * PLZ_DISPATCH_ERROR_FINISHED when the request is over already. */
gboolean            plz_dispatch_engine_cancel       (PlzDispatchEngine       *engine,
                                                      GError                 **error);

/* After plz_dispatch_engine_from_json(): expires an offer whose deadline
 * passed while the server was down, or schedules its timer again. */
void                plz_dispatch_engine_resume       (PlzDispatchEngine       *engine);

const char         *plz_dispatch_engine_get_request_id (PlzDispatchEngine     *engine);
PlzDispatchStatus   plz_dispatch_engine_get_status   (PlzDispatchEngine       *engine);
/* The booking made on acceptance, or NULL. */
const char         *plz_dispatch_engine_get_booking_id (PlzDispatchEngine     *engine);
/* The offer out now, or NULL. */
const PlzDispatchDecision *plz_dispatch_engine_get_offer (PlzDispatchEngine   *engine);
/* Every decision so far (PlzDispatchDecision*): skipped ones first, then
 * offers in the order they went out. */
GPtrArray          *plz_dispatch_engine_get_decisions (PlzDispatchEngine      *engine);
/* How many servable candidates still wait for an offer. */
guint               plz_dispatch_engine_get_n_waiting (PlzDispatchEngine      *engine);

/* The whole state, for the store. */
JsonNode           *plz_dispatch_engine_to_json      (PlzDispatchEngine       *engine);

/* An engine from plz_dispatch_engine_to_json()'s output; call
 * plz_dispatch_engine_resume() next. Bad JSON fails with
 * PLZ_ERROR_INVALID_INPUT naming the member. */
PlzDispatchEngine  *plz_dispatch_engine_from_json    (JsonNode                *node,
                                                      const PlzDispatchClock  *clock,
                                                      const PlzDispatchHooks  *hooks,
                                                      gpointer                 user_data,
                                                      GError                 **error);

/* The request as the wire contract has it: {"id","status","booking_id",
 * "decisions":[{"operator":{"id","display_name"},"score","components":
 * {"distance_km","load","expertise","rating"},"scores":{…0..1},"reason",
 * "decision","at"}]} with RFC 3339 times. */
JsonNode           *plz_dispatch_engine_request_to_json (PlzDispatchEngine    *engine);

/* An offer as the operator sees it: {"id","request_id","deadline","score",
 * "reason","distance_km","tags"} (the host adds note, lat, lng). */
JsonNode           *plz_dispatch_offer_to_json       (PlzDispatchEngine         *engine,
                                                      const PlzDispatchDecision *offer);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PlzDispatchEngine, plz_dispatch_engine_free)

G_END_DECLS
