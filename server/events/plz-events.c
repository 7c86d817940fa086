/* plz-events.c — the per-user event log: every change a user must learn about */
#define G_LOG_DOMAIN "plaza-events"

#include "plz-events.h"
#include "plz-error.h"
#include "plz-json.h"
#include "plz-time.h"

#include <string.h>

struct _PlzEvents
{
  PlzStore   *store;
  GArray     *subscribers;   /* Subscriber */
  guint       next_id;
  GHashTable *renderers;     /* kind → Renderer */
  GHashTable *last_seqs;     /* user id → gint64*, the last number written */
  guint64     rollbacks;     /* the store's count when last_seqs was right */
};

/* Users whose last number is kept; past this the table starts afresh. */
#define LAST_SEQS_MAX 100000

typedef struct
{
  PlzEventRenderFunc func;
  gpointer           user_data;
} Renderer;

typedef struct
{
  guint            id;
  PlzEventFunc     func;
  PlzEventFullFunc full_func;
  gpointer         user_data;
} Subscriber;

typedef struct
{
  PlzEvents  *events;
  char       *user_id;
  gint64      seq;
  char       *kind;
  JsonObject *data;
  char       *text;
} Pending;

static void
pending_free (gpointer data)
{
  Pending *p = data;

  g_free (p->user_id);
  g_free (p->kind);
  g_clear_pointer (&p->data, json_object_unref);
  g_free (p->text);
  g_free (p);
}

PlzEvents *
plz_events_new (PlzStore *store)
{
  PlzEvents *self = g_new0 (PlzEvents, 1);

  self->store = g_object_ref (store);
  self->subscribers = g_array_new (FALSE, FALSE, sizeof (Subscriber));
  self->next_id = 1;
  self->renderers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->last_seqs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  return self;
}

void
plz_events_free (PlzEvents *self)
{
  if (self == NULL)
    return;
  g_array_unref (self->subscribers);
  g_hash_table_unref (self->renderers);
  g_hash_table_unref (self->last_seqs);
  g_object_unref (self->store);
  g_free (self);
}

static void
announce (gpointer data,
          gpointer store)
{
  Pending *p = data;
  g_autoptr(GArray) subscribers = g_array_copy (p->events->subscribers);
  PlzEvent event = { p->user_id, p->seq, p->kind, p->data, p->text };

  /* A copy: a subscriber may unsubscribe (or subscribe) as it is told. */
  for (guint i = 0; i < subscribers->len; i++)
    {
      Subscriber *s = &g_array_index (subscribers, Subscriber, i);

      if (s->full_func != NULL)
        s->full_func (&event, s->user_data);
      else
        {
          /* Appended as text: made into an object only for who needs one. */
          if (p->data == NULL)
            p->data = plz_json_parse_object (p->text, strlen (p->text), NULL);
          if (p->data == NULL)
            p->data = json_object_new ();
          s->func (p->user_id, p->seq, p->kind, p->data, s->user_data);
        }
    }
}

static void
set_last_seq (PlzEvents  *self,
              const char *user_id,
              gint64      seq)
{
  gint64 *kept = g_hash_table_lookup (self->last_seqs, user_id);

  if (kept == NULL)
    {
      kept = g_new (gint64, 1);
      g_hash_table_insert (self->last_seqs, g_strdup (user_id), kept);
    }
  *kept = seq;
}

/* The last number written in @user_id's log. Kept in memory: a MAX() per
 * event was an index walk (and the statement a temporary table) for every
 * message. A rollback may have undone numbers kept, so any rollback drops
 * them all; another process writing the log is caught by the primary key. */
static gint64
last_seq (PlzEvents   *self,
          const char  *user_id,
          GError     **error)
{
  guint64 rollbacks = plz_store_get_n_rollbacks (self->store);
  gint64 *kept;
  gint64 seq;

  if (rollbacks != self->rollbacks || g_hash_table_size (self->last_seqs) > LAST_SEQS_MAX)
    {
      g_hash_table_remove_all (self->last_seqs);
      self->rollbacks = rollbacks;
    }
  kept = g_hash_table_lookup (self->last_seqs, user_id);
  if (kept != NULL)
    return *kept;
  seq = plz_store_query_int (self->store, "SELECT COALESCE(MAX(seq), 0) FROM events WHERE user_id = ?1", user_id,
                             error);
  if (seq >= 0)
    set_last_seq (self, user_id, seq);
  return seq;
}

/* Inserts the event with the next sequence number of @user_id, storing
 * @stored (NULL: @text); announces it after the commit with @data (may be
 * NULL) and @text (taken). */
static gint64
append (PlzEvents   *self,
        const char  *user_id,
        const char  *kind,
        JsonObject  *data,
        const char  *stored,
        char        *text,
        GError     **error)
{
  sqlite3_stmt *stmt;
  Pending *pending;
  gint64 seq = 0;

  /* The write lock is held (BEGIN IMMEDIATE): no writer in this process
   * interleaves. A number taken meanwhile by another process is learnt
   * from the store and the insert tried once more. */
  stmt = plz_store_prepare (self->store,
                            "INSERT INTO events (user_id, seq, kind, data, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
                            error);
  for (guint attempt = 0; stmt != NULL; attempt++)
    {
      int rc;

      seq = last_seq (self, user_id, error);
      if (seq < 0)
        break;
      seq++;
      sqlite3_bind_text (stmt, 1, user_id, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 2, seq);
      sqlite3_bind_text (stmt, 3, kind, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 4, stored != NULL ? stored : text, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 5, plz_time_now_us ());
      rc = sqlite3_step (stmt);
      if (rc != SQLITE_DONE)
        {
          g_hash_table_remove (self->last_seqs, user_id);
          if ((rc & 0xff) != SQLITE_CONSTRAINT || attempt > 0)
            {
              plz_store_set_error (self->store, "Cannot record the event", error);
              seq = -1;
            }
        }
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
      if (rc == SQLITE_DONE || seq < 0)
        break;
    }
  if (stmt == NULL || seq < 0)
    {
      g_free (text);
      return 0;
    }
  set_last_seq (self, user_id, seq);

  pending = g_new0 (Pending, 1);
  pending->events = self;
  pending->user_id = g_strdup (user_id);
  pending->seq = seq;
  pending->kind = g_strdup (kind);
  pending->data = data != NULL ? json_object_ref (data) : NULL;
  pending->text = text;
  plz_store_after_commit (self->store, announce, pending, pending_free);
  return seq;
}

gint64
plz_events_append (PlzEvents   *self,
                   const char  *user_id,
                   const char  *kind,
                   JsonObject  *data,
                   GError     **error)
{
  g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), data);

  return append (self, user_id, kind, data, NULL, json_to_string (node, FALSE), error);
}

gint64
plz_events_append_text (PlzEvents   *self,
                        const char  *user_id,
                        const char  *kind,
                        const char  *data_json,
                        GError     **error)
{
  return append (self, user_id, kind, NULL, NULL, g_strdup (data_json), error);
}

gint64
plz_events_append_rendered (PlzEvents   *self,
                            const char  *user_id,
                            const char  *kind,
                            const char  *stored_json,
                            const char  *data_json,
                            GError     **error)
{
  return append (self, user_id, kind, NULL, stored_json, g_strdup (data_json), error);
}

void
plz_events_set_renderer (PlzEvents          *self,
                         const char         *kind,
                         PlzEventRenderFunc  func,
                         gpointer            user_data)
{
  Renderer *r;

  if (func == NULL)
    {
      g_hash_table_remove (self->renderers, kind);
      return;
    }
  r = g_new0 (Renderer, 1);
  r->func = func;
  r->user_data = user_data;
  g_hash_table_replace (self->renderers, g_strdup (kind), r);
}

typedef struct
{
  gint64  seq;
  char   *kind;
  char   *text;
  gint64  created_at;
} Row;

static void
row_clear (Row *row)
{
  g_free (row->kind);
  g_free (row->text);
}

JsonArray *
plz_events_since (PlzEvents   *self,
                  const char  *user_id,
                  gint64       since,
                  guint        limit,
                  GError     **error)
{
  sqlite3_stmt *stmt = plz_store_prepare (self->store,
                                          "SELECT seq, kind, data, created_at FROM events "
                                          "WHERE user_id = ?1 AND seq > ?2 ORDER BY seq LIMIT ?3", error);
  g_autoptr(JsonArray) events = json_array_new ();
  g_autoptr(GArray) rows = g_array_new (FALSE, TRUE, sizeof (Row));
  int rc;

  if (stmt == NULL)
    return NULL;
  g_array_set_clear_func (rows, (GDestroyNotify) row_clear);
  sqlite3_bind_text (stmt, 1, user_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, since);
  sqlite3_bind_int64 (stmt, 3, limit);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      Row row = { sqlite3_column_int64 (stmt, 0), g_strdup ((const char *) sqlite3_column_text (stmt, 1)),
                  g_strdup ((const char *) sqlite3_column_text (stmt, 2)), sqlite3_column_int64 (stmt, 3) };

      g_array_append_val (rows, row);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      plz_store_set_error (self->store, "Cannot read events", error);
      return NULL;
    }

  /* Rendered after the read: renderers read the store themselves. */
  for (guint i = 0; i < rows->len; i++)
    {
      Row *row = &g_array_index (rows, Row, i);
      Renderer *r = g_hash_table_lookup (self->renderers, row->kind);
      g_autofree char *rendered = r != NULL ? r->func (user_id, row->kind, row->text, r->user_data) : NULL;
      const char *text = rendered != NULL ? rendered : row->text;
      JsonObject *e = json_object_new ();
      JsonObject *data = plz_json_parse_object (text, strlen (text), NULL);
      g_autofree char *at = plz_time_format_rfc3339 (row->created_at);

      json_object_set_int_member (e, "seq", row->seq);
      json_object_set_string_member (e, "kind", row->kind);
      json_object_set_object_member (e, "data", data != NULL ? data : json_object_new ());
      json_object_set_string_member (e, "created_at", at);
      json_array_add_object_element (events, e);
    }
  return g_steal_pointer (&events);
}

gint64
plz_events_last_seq (PlzEvents   *self,
                     const char  *user_id,
                     GError     **error)
{
  return last_seq (self, user_id, error);
}

guint
plz_events_subscribe (PlzEvents    *self,
                      PlzEventFunc  func,
                      gpointer      user_data)
{
  Subscriber s = { self->next_id++, func, NULL, user_data };

  g_array_append_val (self->subscribers, s);
  return s.id;
}

guint
plz_events_subscribe_full (PlzEvents        *self,
                           PlzEventFullFunc  func,
                           gpointer          user_data)
{
  Subscriber s = { self->next_id++, NULL, func, user_data };

  g_array_append_val (self->subscribers, s);
  return s.id;
}

void
plz_events_unsubscribe (PlzEvents *self,
                        guint      id)
{
  for (guint i = 0; i < self->subscribers->len; i++)
    if (g_array_index (self->subscribers, Subscriber, i).id == id)
      {
        g_array_remove_index (self->subscribers, i);
        return;
      }
}

JsonObject *
plz_events_frame (gint64      seq,
                  const char *kind,
                  JsonObject *data)
{
  JsonObject *o = json_object_new ();

  json_object_set_string_member (o, "type", "event");
  json_object_set_int_member (o, "seq", seq);
  json_object_set_string_member (o, "kind", kind);
  json_object_set_object_member (o, "data", json_object_ref (data));
  return o;
}

/* Kinds are names like "message.created": written as they are when they
 * need no escaping. */
static gboolean
is_plain_name (const char *text)
{
  for (const char *p = text; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '.' && *p != '_' && *p != '-')
      return FALSE;
  return TRUE;
}

char *
plz_events_frame_text (const PlzEvent *event)
{
  gsize data_len = strlen (event->data_json);
  GString *out = g_string_sized_new (data_len + 96);

  /* The members of plz_events_frame(), in its order. Sent for every event
   * to every link: no json-glib tree, no printf of the whole data. */
  g_string_append_printf (out, "{\"type\":\"event\",\"seq\":%" G_GINT64_FORMAT ",\"kind\":", event->seq);
  if (is_plain_name (event->kind))
    {
      g_string_append_c (out, '"');
      g_string_append (out, event->kind);
      g_string_append_c (out, '"');
    }
  else
    {
      g_autoptr(JsonNode) kind = json_node_init_string (json_node_alloc (), event->kind);
      g_autofree char *kind_json = json_to_string (kind, FALSE);

      g_string_append (out, kind_json);
    }
  g_string_append (out, ",\"data\":");
  g_string_append_len (out, event->data_json, data_len);
  g_string_append_c (out, '}');
  return g_string_free (out, FALSE);
}
