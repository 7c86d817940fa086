/* plz-test-ws.h — a WebSocket client for the stream tests, on the default main context */
#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

G_BEGIN_DECLS

typedef struct
{
  SoupWebsocketConnection *ws;
  GQueue                   frames;   /* JsonObject, as they came */
  gboolean                 closed;
} PlzTestWs;

/* Connects to @url (ws over http://…/api/v1/stream) and fails the test if
 * that takes over 5 s. */
PlzTestWs  *plz_test_ws_new        (const char *url);

/* Closes (if open), waits briefly for the close and frees. */
void        plz_test_ws_free       (PlzTestWs  *c);

void        plz_test_ws_send       (PlzTestWs  *c,
                                    const char *format,
                                    ...) G_GNUC_PRINTF (2, 3);

/* Spins the default main context until @done (@data) or @ms pass. */
gboolean    plz_test_ws_spin_until (gboolean  (*done) (gpointer),
                                    gpointer    data,
                                    guint       ms);

/* Waits (5 s at most, else fails) for a frame of @type; removes it and every
 * frame before it from the queue, those into @skipped (may be NULL). */
JsonObject *plz_test_ws_wait_frame (PlzTestWs  *c,
                                    const char *type,
                                    GPtrArray  *skipped);

/* Says hello and waits for ready; the replay goes to @replayed (may be
 * NULL). Returns ready's seq. */
gint64      plz_test_ws_hello      (PlzTestWs  *c,
                                    const char *token,
                                    gint64      since,
                                    GPtrArray  *replayed);

/* Whether the connection has closed (for plz_test_ws_spin_until). */
gboolean    plz_test_ws_is_closed  (gpointer    c);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PlzTestWs, plz_test_ws_free)

G_END_DECLS
