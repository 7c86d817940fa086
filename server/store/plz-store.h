/* plz-store.h — the SQLite store: the only code that speaks SQL */
#pragma once

#include <glib-object.h>
#include <sqlite3.h>

G_BEGIN_DECLS

#define PLZ_TYPE_STORE (plz_store_get_type ())
G_DECLARE_FINAL_TYPE (PlzStore, plz_store, PLZ, STORE, GObject)

/* A unit of work run inside one transaction by plz_store_transaction(). */
typedef gboolean (*PlzStoreTxnFunc) (PlzStore  *store,
                                     gpointer   user_data,
                                     GError   **error);

/* Opens (creating if needed) the database at @path with WAL, foreign keys,
 * a busy timeout and synchronous=NORMAL. Does not migrate. */
PlzStore     *plz_store_open              (const char      *path,
                                           GError         **error);

/* Opens and brings the schema up to date; refuses a newer schema. */
PlzStore     *plz_store_open_and_migrate  (const char      *path,
                                           GError         **error);

/* The file this store was opened on. */
const char   *plz_store_get_path          (PlzStore        *self);

/* The raw handle, for the store layer only. */
sqlite3      *plz_store_get_db            (PlzStore        *self);

/* A cached prepared statement for @sql, reset and with bindings cleared.
 * Owned by the store; valid until the store is closed. */
sqlite3_stmt *plz_store_prepare           (PlzStore        *self,
                                           const char      *sql,
                                           GError         **error);

/* Runs @sql (one or more statements, no parameters). */
gboolean      plz_store_exec              (PlzStore        *self,
                                           const char      *sql,
                                           GError         **error);

/* Steps @stmt to completion, expecting no rows; resets it afterwards. */
gboolean      plz_store_step_done         (PlzStore        *self,
                                           sqlite3_stmt    *stmt,
                                           GError         **error);

/* Calls @func (@data, @self) once the current transaction has committed,
 * or never if it (or the savepoint that registered it) rolls back; at once
 * outside a transaction. Announcements of a change (waking a long poll,
 * pushing to a socket) go here, so nothing announces an uncommitted change. */
void          plz_store_after_commit      (PlzStore        *self,
                                           GFunc            func,
                                           gpointer         data,
                                           GDestroyNotify   destroy);

/* How many transactions and savepoints have rolled back so far: state kept
 * in memory beside the database is stale once this changes. */
guint64       plz_store_get_n_rollbacks   (PlzStore        *self);

/* Runs @func inside BEGIN IMMEDIATE … COMMIT; rolls back when @func fails
 * or the commit fails. Nested calls use savepoints. */
gboolean      plz_store_transaction       (PlzStore        *self,
                                           PlzStoreTxnFunc  func,
                                           gpointer         user_data,
                                           GError         **error);

/* Syncs the commits of plz_store_transaction_deferred() on a thread, for a
 * store whose commits are synchronous=FULL (durability "full"). */
gboolean      plz_store_enable_deferred_sync (PlzStore      *self,
                                              GError       **error);

/* Like plz_store_transaction(), but when deferred syncs are enabled the
 * commit does not wait for the disk: its after-commit hooks (acks, events)
 * run once a sync thread has made it durable, in commit order with every
 * other commit's. Without them, the same as plz_store_transaction(). */
gboolean      plz_store_transaction_deferred (PlzStore         *self,
                                              PlzStoreTxnFunc   func,
                                              gpointer          user_data,
                                              GError          **error);

/* Deferred commits whose hooks still wait for their sync. */
guint         plz_store_get_n_unsynced    (PlzStore        *self);

/* Syncs now and runs the hooks of every deferred commit. */
void          plz_store_sync_deferred     (PlzStore        *self);

/* Sets @error from the connection's last SQLite error, prefixed by @what. */
gboolean      plz_store_set_error         (PlzStore        *self,
                                           const char      *what,
                                           GError         **error);

/* The number of statements currently cached (for tests). */
guint         plz_store_get_cached_statements (PlzStore    *self);

/* A value of the instance table, or NULL. */
char         *plz_store_get_meta          (PlzStore        *self,
                                           const char      *key,
                                           GError         **error);

/* Sets a value in the instance table. */
gboolean      plz_store_set_meta          (PlzStore        *self,
                                           const char      *key,
                                           const char      *value,
                                           GError         **error);

/* Copies the live database into @dest_path with SQLite's online backup API;
 * consistent even while another connection writes. */
gboolean      plz_store_backup            (PlzStore        *self,
                                           const char      *dest_path,
                                           GError         **error);

/* The integer the one-row query @sql gives with ?1 bound to @text; -1 on error. */
gint64        plz_store_query_int         (PlzStore        *self,
                                           const char      *sql,
                                           const char      *text,
                                           GError         **error);

/* Column @i of the current row as a new string, or NULL for NULL. */
char         *plz_store_column_text       (sqlite3_stmt    *stmt,
                                           int              i);

/* Binds @value, or NULL when @value is NULL. */
void          plz_store_bind_text_or_null (sqlite3_stmt    *stmt,
                                           int              i,
                                           const char      *value);

/* Binds a time in µs, with 0 meaning "none" (NULL). */
void          plz_store_bind_time         (sqlite3_stmt    *stmt,
                                           int              i,
                                           gint64           usec);

/* Reads one row into a new value. */
typedef gpointer (*PlzStoreRowFunc) (sqlite3_stmt *stmt);

/* Steps @stmt (bound already) to the end, reading each row with @read into a
 * new array that frees its values with @free_func, and resets it. NULL, with
 * @error saying "@what" failed, when a step fails. */
GPtrArray    *plz_store_collect           (PlzStore        *self,
                                           sqlite3_stmt    *stmt,
                                           PlzStoreRowFunc  read,
                                           GDestroyNotify   free_func,
                                           const char      *what,
                                           GError         **error);

/* Closes the database; later calls fail. Idempotent. */
void          plz_store_close             (PlzStore        *self);

G_END_DECLS
