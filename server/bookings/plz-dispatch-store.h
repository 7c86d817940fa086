/* plz-dispatch-store.h — the SQL of on-demand requests and of who takes them */
#pragma once

#include "store/plz-store.h"

G_BEGIN_DECLS

/* Whether an operator takes on-demand jobs, and where they work from. */
typedef struct
{
  char     *operator_id;
  gboolean  accepting;
  double    lat;
  double    lng;
  gint64    updated_at;
} PlzDispatchOperator;

typedef struct
{
  char    *id;
  char    *consumer_id;
  char    *client_id;
  char    *tags;                /* JSON array text */
  gint64   category_id;         /* 0: any */
  double   lat;
  double   lng;
  gint64   when_at;
  char    *note;
  char    *status;
  char    *offer_id;            /* the offer out now, or NULL */
  char    *offer_operator_id;
  gint64   offer_deadline;
  char    *booking_id;
  char    *state;               /* the engine's JSON */
  gint64   created_at;
  gint64   updated_at;
} PlzDispatchRequest;

/* An accepting operator near a point, as the store knows them. */
typedef struct
{
  char    *operator_id;
  char    *display_name;
  double   lat;
  double   lng;
  gint64   capacity;
  char    *tags;                /* JSON array: every active service's tags */
} PlzDispatchCandidateRow;

void                  plz_dispatch_operator_free      (PlzDispatchOperator *o);
void                  plz_dispatch_request_free       (PlzDispatchRequest *r);
void                  plz_dispatch_candidate_row_free (PlzDispatchCandidateRow *c);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PlzDispatchOperator, plz_dispatch_operator_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PlzDispatchRequest, plz_dispatch_request_free)

/* @operator_id's settings, or NULL without an error when never set. */
PlzDispatchOperator  *plz_dispatch_store_get_operator  (PlzStore *store, const char *operator_id, GError **error);
gboolean              plz_dispatch_store_put_operator  (PlzStore *store, const PlzDispatchOperator *o, GError **error);

gboolean              plz_dispatch_store_insert        (PlzStore *store, PlzDispatchRequest *r, GError **error);
/* Writes status, offer, booking, state and updated_at. */
gboolean              plz_dispatch_store_update        (PlzStore *store, const PlzDispatchRequest *r, GError **error);
/* The request, or NULL (NOT_FOUND). */
PlzDispatchRequest   *plz_dispatch_store_get           (PlzStore *store, const char *id, GError **error);
/* The request @consumer_id made with @client_id, or NULL without an error. */
PlzDispatchRequest   *plz_dispatch_store_find_by_client (PlzStore *store, const char *consumer_id,
                                                         const char *client_id, GError **error);
/* Requests with an offer out, to @operator_id (NULL: to anyone), oldest first. */
GPtrArray            *plz_dispatch_store_offered       (PlzStore *store, const char *operator_id, GError **error);
/* Accepting operators other than @except_id with an active service (in
 * @category_id unless 0) whose point lies in the box @lat ± @dlat, @lng ± @dlng. */
GPtrArray            *plz_dispatch_store_candidates    (PlzStore *store, const char *except_id, gint64 category_id,
                                                        double lat, double lng, double dlat, double dlng,
                                                        GError **error);
/* How many of @operator_id's bookings are confirmed, in preparation or active at @now. */
gint64                plz_dispatch_store_load          (PlzStore *store, const char *operator_id, gint64 now,
                                                        GError **error);

G_END_DECLS
