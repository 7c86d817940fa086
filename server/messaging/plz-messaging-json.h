/* plz-messaging-json.h — messages and event data written straight as JSON
 * text, for the hot path of sending (no json-glib tree to build, serialize
 * and free for every message) */
#pragma once

#include <glib.h>

#include "plz-messaging-store.h"

G_BEGIN_DECLS

/* Appends @text as a JSON string (quoted and escaped); NULL as null. */
void plz_messaging_json_string  (GString          *out,
                                 const char       *text);

/* Appends an RFC 3339 time, or null for 0. */
void plz_messaging_json_time    (GString          *out,
                                 gint64            usec);

/* Appends @m as the API shows a message: the same members, in the same
 * order, as the json-glib form in plz-messaging.c. */
void plz_messaging_json_message (GString          *out,
                                 const PlzMessage *m);

G_END_DECLS
