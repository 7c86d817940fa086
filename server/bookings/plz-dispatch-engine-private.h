/* plz-dispatch-engine-private.h — the dispatch engine's insides, shared by the
 * engine (plz-dispatch-engine.c) and its JSON (plz-dispatch-json.c) */
#pragma once

#include "plz-dispatch-engine.h"

G_BEGIN_DECLS

struct _PlzDispatchEngine
{
  char                   *request_id;
  GStrv                   tags;
  double                  radius_km;
  gint64                  window_us;
  PlzDispatchStatus       status;
  char                   *booking_id;
  guint                   n_offers;    /* offers made, for offer ids */
  GPtrArray              *decisions;   /* PlzDispatchDecision*, decided or out now */
  GPtrArray              *waiting;     /* PlzDispatchDecision*, best first, not offered yet */
  PlzDispatchDecision    *offer;       /* in @decisions, or NULL */

  const PlzDispatchClock *clock;
  const PlzDispatchHooks *hooks;
  gpointer                user_data;
};

/* An empty engine bound to its host. */
PlzDispatchEngine *_plz_dispatch_engine_alloc       (const PlzDispatchClock *clock,
                                                     const PlzDispatchHooks *hooks,
                                                     gpointer                user_data);

/* Frees a PlzDispatchDecision (a GDestroyNotify). */
void               _plz_dispatch_decision_free      (gpointer                decision);

/* Parse the names of plz_dispatch_status_name() and _outcome_name(). */
gboolean           _plz_dispatch_status_from_name   (const char             *name,
                                                     PlzDispatchStatus      *out);
gboolean           _plz_dispatch_outcome_from_name  (const char             *name,
                                                     PlzDispatchOutcome     *out);

G_END_DECLS
