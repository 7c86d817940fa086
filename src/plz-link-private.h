/* plz-link-private.h — what plz-link.c (the WebSocket and the state) and
 * plz-link-http.c (long-poll and POST sends) share */
#pragma once

#include "plz-link.h"

G_BEGIN_DECLS

struct _PlzLink
{
  GObject                  parent_instance;

  SoupSession             *session;
  char                    *server_url;
  char                    *token;
  char                    *state_dir;
  char                    *seq_path;
  PlzOutbox               *outbox;
  PlzLinkState             state;
  guint                    retry_seconds;
  gint64                   last_seq;
  gboolean                 running;

  /* The WebSocket */
  SoupWebsocketConnection *ws;
  GCancellable            *ws_cancellable;   /* the connect in flight */
  gboolean                 ws_ready;         /* "ready" received on ws */
  gboolean                 ws_probe;         /* the attempt is a probe while polling */
  guint                    ws_failures;      /* in a row, for the fall-back to polling */
  gint64                   last_rx_us;       /* anything heard on ws, pongs included */
  guint                    watchdog_id;
  GHashTable              *sent;             /* client_ids sent on this ws */
  GHashTable              *typing_at;        /* conversation_id -> last typing frame (µs) */

  /* Backoff */
  guint                    attempt;          /* failed tries in a row */
  gint64                   retry_at_us;
  guint                    retry_id;
  guint                    countdown_id;
  guint                    flush_id;         /* a resend after a passing refusal */
  guint                    save_id;

  /* Long-poll */
  GCancellable            *poll_cancellable; /* the poll loop runs while set */
  GCancellable            *post_cancellable;
  GHashTable              *posting;          /* client_ids with a POST in flight */
  guint                    probe_id;         /* tries the WebSocket again while polling */
  guint                    probe_interval_ms;
};

void     _plz_link_set_state       (PlzLink      *self,
                                    PlzLinkState  state);
void     _plz_link_emit_event      (PlzLink      *self,
                                    gint64        seq,
                                    const char   *kind,
                                    JsonObject   *data);
void     _plz_link_acked           (PlzLink      *self,
                                    const char   *client_id,
                                    JsonObject   *message);
/* A send refused: for good (emits "refused") or for now (kept, tried again). */
void     _plz_link_send_failed     (PlzLink      *self,
                                    const char   *client_id,
                                    const char   *code,
                                    const char   *message,
                                    gboolean      final);
void     _plz_link_auth_failed     (PlzLink      *self,
                                    const char   *message);
void     _plz_link_schedule_retry  (PlzLink      *self);
void     _plz_link_schedule_flush  (PlzLink      *self);
/* Polling began to work: state POLLING, the WebSocket is tried again every
 * probe-interval (60 s). */
void     _plz_link_polling_works   (PlzLink      *self);

/* plz-link-http.c */
void     _plz_link_poll_start      (PlzLink      *self);
void     _plz_link_poll_stop       (PlzLink      *self);
void     _plz_link_post_next       (PlzLink      *self);
/* Whether a refusal with wire @code is for good (not a passing condition). */
gboolean _plz_link_code_is_final   (const char   *code);

G_END_DECLS
