/* plz-dispatch-score.h — how well an operator fits an on-demand request, and why */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* The score is a weighted sum of four components, each in 0..1; the weights
 * add up to 1, so the score is in 0..1 too. Distance counts most: on demand
 * means soon, and travel is the wait. */
#define PLZ_DISPATCH_WEIGHT_DISTANCE  0.40
#define PLZ_DISPATCH_WEIGHT_EXPERTISE 0.25
#define PLZ_DISPATCH_WEIGHT_LOAD      0.20
#define PLZ_DISPATCH_WEIGHT_RATING    0.15

/* Unrated operators (and thinly rated ones) are pulled towards this rating,
 * as if they had PLZ_DISPATCH_RATING_PRIOR_COUNT reviews of it. */
#define PLZ_DISPATCH_RATING_PRIOR       3.5
#define PLZ_DISPATCH_RATING_PRIOR_COUNT 5

#define PLZ_DISPATCH_DEFAULT_RADIUS_KM  25.0

/* An operator who might take the job, as the store describes them now. */
typedef struct
{
  char     *operator_id;
  char     *display_name;
  double    distance_km;
  guint     load;          /* jobs under way now */
  guint     capacity;      /* jobs at once */
  GStrv     tags;          /* expertise */
  double    rating;        /* mean of 1..5 stars; ignored when rating_count is 0 */
  guint     rating_count;
  gboolean  accepting;     /* takes on-demand jobs */
} PlzDispatchCandidate;

/* What the consumer asked for. */
typedef struct
{
  const char *const *tags;       /* wanted expertise; NULL or empty: any */
  double             radius_km;  /* 0: PLZ_DISPATCH_DEFAULT_RADIUS_KM */
} PlzDispatchNeed;

typedef enum
{
  PLZ_DISPATCH_CAN_SERVE,
  PLZ_DISPATCH_SKIP_NOT_ACCEPTING,
  PLZ_DISPATCH_SKIP_TOO_FAR,
  PLZ_DISPATCH_SKIP_AT_CAPACITY,
  PLZ_DISPATCH_SKIP_NO_MATCHING_TAG,
} PlzDispatchFit;

/* Each in 0..1, 1 best:
 * distance  1 at the door, falling in a straight line to 0 at the radius;
 * load      the share of capacity that is free (1: free now);
 * expertise the share of wanted tags the operator has (1 when none wanted);
 * rating    the prior-weighted mean rating mapped from 1..5 stars to 0..1. */
typedef struct
{
  double distance;
  double load;
  double expertise;
  double rating;
} PlzDispatchComponents;

typedef struct
{
  PlzDispatchFit         fit;
  double                 score;       /* 0 when the candidate cannot serve */
  PlzDispatchComponents  components;
  char                  *reason;      /* plain words: why chosen, or why skipped */
} PlzDispatchScore;

PlzDispatchCandidate *plz_dispatch_candidate_new   (const char                 *operator_id,
                                                    const char                 *display_name);
PlzDispatchCandidate *plz_dispatch_candidate_copy  (const PlzDispatchCandidate *candidate);
void                  plz_dispatch_candidate_free  (PlzDispatchCandidate       *candidate);

/* The candidate as JSON, and back (FALSE with PLZ_ERROR_INVALID_INPUT on a
 * missing or mistyped member). */
JsonNode             *plz_dispatch_candidate_to_json   (const PlzDispatchCandidate *candidate);
PlzDispatchCandidate *plz_dispatch_candidate_from_json (JsonObject                 *object,
                                                        GError                    **error);

/* Scores @candidate for @need. A candidate that cannot serve (not taking
 * on-demand jobs, beyond the radius, at capacity, or without any wanted tag)
 * gets fit != PLZ_DISPATCH_CAN_SERVE, score 0 and the reason it was skipped,
 * e.g. "31.2 km away, beyond the 25 km radius". Otherwise the reason names
 * the strongest components, strongest first, e.g.
 * "2.1 km away, matches plumbing, free now, rated 4.8". */
void                  plz_dispatch_score           (const PlzDispatchNeed      *need,
                                                    const PlzDispatchCandidate *candidate,
                                                    PlzDispatchScore           *out);

/* Frees what plz_dispatch_score() put in @score. */
void                  plz_dispatch_score_clear     (PlzDispatchScore           *score);

/* The wire name of @fit: "ok", "not_accepting", "too_far", "at_capacity",
 * "no_matching_tag". */
const char           *plz_dispatch_fit_name        (PlzDispatchFit              fit);

/* Parses a name from plz_dispatch_fit_name(); FALSE when unknown. */
gboolean              plz_dispatch_fit_from_name   (const char                 *name,
                                                    PlzDispatchFit             *out);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PlzDispatchCandidate, plz_dispatch_candidate_free)

G_END_DECLS
