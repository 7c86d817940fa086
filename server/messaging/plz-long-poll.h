/* plz-long-poll.h — GET /api/v1/events: the event log for clients without a WebSocket */
#pragma once

#include <libsoup/soup.h>

#include "events/plz-events.h"

G_BEGIN_DECLS

typedef struct _PlzLongPoll PlzLongPoll;

/* Most events one answer carries; the client asks again for the rest. */
#define PLZ_LONG_POLL_MAX_EVENTS 200
/* Longest wait, under the server's 30 s idle timeout on sockets. */
#define PLZ_LONG_POLL_MAX_TIMEOUT_S 25

PlzLongPoll *plz_long_poll_new       (PlzEvents         *events);
/* Answers every waiting request (with what it has) and frees @self. */
void         plz_long_poll_free      (PlzLongPoll       *self);

/* Answers @msg with @user_id's events after @since: at once when there are
 * any, else when the first arrives or @timeout_s pass (an empty list).
 * The answer is {"events": [...], "last_seq": N}. */
void         plz_long_poll_wait      (PlzLongPoll       *self,
                                      SoupServerMessage *msg,
                                      const char        *user_id,
                                      gint64             since,
                                      guint              timeout_s);

/* Answers every waiting request now, as at shutdown. */
void         plz_long_poll_release_all (PlzLongPoll     *self);

/* How many requests wait. */
guint        plz_long_poll_get_waiting (PlzLongPoll     *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PlzLongPoll, plz_long_poll_free)

G_END_DECLS
