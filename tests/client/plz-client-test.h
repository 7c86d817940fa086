/* plz-client-test.h — helpers shared by the client tests */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* A TCP port on 127.0.0.1 that nothing listened on a moment ago. */
guint16    plz_test_free_port        (void);

/* Deletes @path and everything under it. */
void       plz_test_remove_tree      (const char *path);

/* Spins the default main context until *@flag is TRUE or @timeout_ms pass;
 * returns *@flag. */
gboolean   plz_test_wait_for_flag    (gboolean *flag,
                                      guint     timeout_ms);

/* Spins the default main context until @condition (@data) holds or
 * @timeout_ms pass; returns whether it holds. */
gboolean   plz_test_wait_until       (gboolean (*condition) (gpointer data),
                                      gpointer  data,
                                      guint     timeout_ms);

/* Spins the default main context for @ms milliseconds. */
void       plz_test_spin             (guint     ms);

/* The first descendant of @root (depth first, @root included) of @type. */
GtkWidget *plz_test_find_widget      (GtkWidget *root,
                                      GType      type);

/* The first shown descendant of @root of @type that shows the text @label
 * (as its button label or in a label inside it). */
GtkWidget *plz_test_find_labelled    (GtkWidget  *root,
                                      GType       type,
                                      const char *label);

/* Whether @widget and all its ancestors are visible and child-visible. */
gboolean   plz_test_widget_is_shown  (GtkWidget *widget);

/* gtk_test_init plus libadwaita; FALSE (after printing a TAP skip plan) when
 * there is no display to run on. */
gboolean   plz_test_init_gtk         (int    *argc,
                                      char ***argv);

/* A real plaza-server ($PLAZA_SERVER_BIN) on a free port with its data in a
 * temporary folder and fast password hashing. */
typedef struct
{
  GSubprocess *process;
  char        *dir;
  char        *url;
} PlzTestServer;

/* Starts the server (after seed-demo when @seed_demo); NULL, with the test
 * marked skipped, when PLAZA_SERVER_BIN names no program. */
PlzTestServer *plz_test_server_start (gboolean       seed_demo);

/* SIGKILLs the server (its data stays), as a crash or a pulled plug would. */
void           plz_test_server_kill    (PlzTestServer *server);

/* Starts a killed server again on the same port and data; returns once it answers. */
void           plz_test_server_restart (PlzTestServer *server);

/* Stops the server and removes its data. */
void           plz_test_server_stop  (PlzTestServer *server);

G_END_DECLS
