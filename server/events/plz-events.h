/* plz-events.h — the per-user event log: every change a user must learn about */
#pragma once

#include <json-glib/json-glib.h>

#include "store/plz-store.h"

G_BEGIN_DECLS

typedef struct _PlzEvents PlzEvents;

/* Called on the main thread once the event's transaction has committed. */
typedef void (*PlzEventFunc) (const char *user_id,
                              gint64      seq,
                              const char *kind,
                              JsonObject *data,
                              gpointer    user_data);

/* An event as full subscribers hear of it. */
typedef struct
{
  const char *user_id;
  gint64      seq;
  const char *kind;
  JsonObject *data;        /* NULL when appended as text */
  const char *data_json;   /* the data as the JSON text stored in the log */
} PlzEvent;

/* Like PlzEventFunc, with the stored text too (no need to serialize again). */
typedef void (*PlzEventFullFunc) (const PlzEvent *event,
                                  gpointer        user_data);

PlzEvents  *plz_events_new          (PlzStore     *store);
void        plz_events_free         (PlzEvents    *self);

/* Appends an event for @user_id with the next sequence number; call it inside
 * the transaction that makes the change, so that both commit or neither.
 * Subscribers hear of it after the commit. Returns the sequence number, or 0
 * with @error set. */
gint64      plz_events_append       (PlzEvents    *self,
                                     const char   *user_id,
                                     const char   *kind,
                                     JsonObject   *data,
                                     GError      **error);

/* The same with @data_json, a JSON object as text, written as it is (for
 * callers that made it without json-glib). */
gint64      plz_events_append_text  (PlzEvents    *self,
                                     const char   *user_id,
                                     const char   *kind,
                                     const char   *data_json,
                                     GError      **error);

/* The same, storing @stored_json and announcing @data_json: for kinds whose
 * renderer (plz_events_set_renderer()) makes the full data from a smaller
 * stored form when the log is read. */
gint64      plz_events_append_rendered (PlzEvents  *self,
                                        const char *user_id,
                                        const char *kind,
                                        const char *stored_json,
                                        const char *data_json,
                                        GError    **error);

/* Makes the data of an event of @kind read from the log out of @stored_json
 * (a JSON object as text): a new string, or NULL to use it as it is. */
typedef char *(*PlzEventRenderFunc) (const char *user_id,
                                     const char *kind,
                                     const char *stored_json,
                                     gpointer    user_data);

/* Events of @kind read from the log (plz_events_since()) go through @func
 * (NULL: no longer). */
void        plz_events_set_renderer (PlzEvents          *self,
                                     const char         *kind,
                                     PlzEventRenderFunc  func,
                                     gpointer            user_data);

/* Up to @limit events of @user_id after @since, oldest first, each as
 * {"seq", "kind", "data", "created_at"}; NULL with @error on failure. */
JsonArray  *plz_events_since        (PlzEvents    *self,
                                     const char   *user_id,
                                     gint64        since,
                                     guint         limit,
                                     GError      **error);

/* The last sequence number of @user_id (0 with none), or -1 with @error. */
gint64      plz_events_last_seq     (PlzEvents    *self,
                                     const char   *user_id,
                                     GError      **error);

/* Every committed event goes to @func until unsubscribed. */
guint       plz_events_subscribe    (PlzEvents    *self,
                                     PlzEventFunc  func,
                                     gpointer      user_data);

/* The same with the whole event; unsubscribe with plz_events_unsubscribe(). */
guint       plz_events_subscribe_full (PlzEvents       *self,
                                       PlzEventFullFunc func,
                                       gpointer         user_data);

void        plz_events_unsubscribe  (PlzEvents    *self,
                                     guint         id);

/* The frame the stream sends for an event: {"type":"event","seq","kind","data"}. */
JsonObject *plz_events_frame        (gint64        seq,
                                     const char   *kind,
                                     JsonObject   *data);

/* The same frame as text, made from the event's stored text. */
char       *plz_events_frame_text   (const PlzEvent *event);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PlzEvents, plz_events_free)

G_END_DECLS
