/* plz-long-poll.c — GET /api/v1/events: the event log for clients without a WebSocket */
#define G_LOG_DOMAIN "plaza-messaging"

#include "plz-long-poll.h"
#include "plz-error.h"
#include "plz-request.h"

struct _PlzLongPoll
{
  PlzEvents  *events;
  guint       subscription;
  GHashTable *waiting;    /* user id → GList of Waiter */
  guint       n_waiting;
};

typedef struct
{
  PlzLongPoll       *poll;
  SoupServerMessage *msg;
  char              *user_id;
  gint64             since;
  guint              timeout_id;
  gulong             disconnected_id;
} Waiter;

/* Replies with the events after the waiter's since (maybe none). */
static void
answer (PlzLongPoll       *self,
        SoupServerMessage *msg,
        const char        *user_id,
        gint64             since)
{
  g_autoptr(GError) error = NULL;
  JsonArray *events = plz_events_since (self->events, user_id, since, PLZ_LONG_POLL_MAX_EVENTS, &error);
  g_autoptr(JsonObject) o = NULL;
  gint64 last = since;

  if (events == NULL)
    {
      plz_message_set_error (msg, PLZ_ERROR_INTERNAL, "Cannot read your events; try again", NULL);
      return;
    }
  if (json_array_get_length (events) > 0)
    last = json_object_get_int_member (json_array_get_object_element (events, json_array_get_length (events) - 1),
                                       "seq");
  o = json_object_new ();
  json_object_set_array_member (o, "events", events);
  json_object_set_int_member (o, "last_seq", last);
  plz_message_set_object (msg, SOUP_STATUS_OK, o);
}

static void
waiter_free (Waiter *w)
{
  if (w->timeout_id != 0)
    {
      GSource *source = g_main_context_find_source_by_id (g_main_context_get_thread_default (), w->timeout_id);

      if (source != NULL)
        g_source_destroy (source);
      w->timeout_id = 0;
    }
  g_clear_signal_handler (&w->disconnected_id, w->msg);
  g_object_unref (w->msg);
  g_free (w->user_id);
  g_free (w);
}

static void
forget (Waiter *w)
{
  PlzLongPoll *self = w->poll;
  GList *list = g_hash_table_lookup (self->waiting, w->user_id);

  list = g_list_remove (list, w);
  if (list != NULL)
    g_hash_table_insert (self->waiting, g_strdup (w->user_id), list);
  else
    g_hash_table_remove (self->waiting, w->user_id);
  self->n_waiting--;
}

/* Answers @w now, then lets libsoup send the answer. */
static void
finish (Waiter *w)
{
  answer (w->poll, w->msg, w->user_id, w->since);
  soup_server_message_unpause (w->msg);
  forget (w);
  waiter_free (w);
}

static gboolean
timeout_cb (gpointer data)
{
  Waiter *w = data;

  w->timeout_id = 0;
  finish (w);
  return G_SOURCE_REMOVE;
}

static void
disconnected_cb (SoupServerMessage *msg,
                 gpointer           data)
{
  Waiter *w = data;

  /* Nobody to answer: just let go. */
  g_clear_signal_handler (&w->disconnected_id, w->msg);
  forget (w);
  waiter_free (w);
}

static void
event_cb (const PlzEvent *event,
          gpointer        user_data)
{
  PlzLongPoll *self = user_data;
  GList *list = g_hash_table_lookup (self->waiting, event->user_id);

  /* finish() edits the list: take the waiters first. */
  list = g_list_copy (list);
  for (GList *l = list; l != NULL; l = l->next)
    finish (l->data);
  g_list_free (list);
}

PlzLongPoll *
plz_long_poll_new (PlzEvents *events)
{
  PlzLongPoll *self = g_new0 (PlzLongPoll, 1);

  self->events = events;
  self->waiting = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->subscription = plz_events_subscribe_full (events, event_cb, self);
  return self;
}

void
plz_long_poll_release_all (PlzLongPoll *self)
{
  GList *all = NULL;
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, self->waiting);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    all = g_list_concat (all, g_list_copy (value));
  for (GList *l = all; l != NULL; l = l->next)
    finish (l->data);
  g_list_free (all);
}

void
plz_long_poll_free (PlzLongPoll *self)
{
  if (self == NULL)
    return;
  plz_long_poll_release_all (self);
  plz_events_unsubscribe (self->events, self->subscription);
  g_hash_table_unref (self->waiting);
  g_free (self);
}

guint
plz_long_poll_get_waiting (PlzLongPoll *self)
{
  return self->n_waiting;
}

void
plz_long_poll_wait (PlzLongPoll       *self,
                    SoupServerMessage *msg,
                    const char        *user_id,
                    gint64             since,
                    guint              timeout_s)
{
  g_autoptr(GError) error = NULL;
  gint64 last = plz_events_last_seq (self->events, user_id, &error);
  Waiter *w;
  GList *list;

  if (last < 0 || last > since || timeout_s == 0)
    {
      answer (self, msg, user_id, since);
      return;
    }

  w = g_new0 (Waiter, 1);
  w->poll = self;
  w->msg = g_object_ref (msg);
  w->user_id = g_strdup (user_id);
  w->since = since;
  {
    /* The server's own context, which is not the default one in tests. */
    g_autoptr(GSource) source = g_timeout_source_new_seconds (MIN (timeout_s, PLZ_LONG_POLL_MAX_TIMEOUT_S));

    g_source_set_callback (source, timeout_cb, w, NULL);
    g_source_set_static_name (source, "[plaza] long poll");
    w->timeout_id = g_source_attach (source, g_main_context_get_thread_default ());
  }
  w->disconnected_id = g_signal_connect (msg, "disconnected", G_CALLBACK (disconnected_cb), w);
  list = g_hash_table_lookup (self->waiting, user_id);
  g_hash_table_insert (self->waiting, g_strdup (user_id), g_list_append (list, w));
  self->n_waiting++;
  soup_server_message_pause (msg);
}
