/* plz-server-launcher.h — starts and stops the bundled plaza-server */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef enum
{
  PLZ_SERVER_LAUNCHER_STATE_IDLE,     /* nothing asked yet, or stopped */
  PLZ_SERVER_LAUNCHER_STATE_STARTING, /* looking for or starting a server */
  PLZ_SERVER_LAUNCHER_STATE_RUNNING,  /* a server answers (ours or not) */
  PLZ_SERVER_LAUNCHER_STATE_FAILED,   /* see the error-message property */
} PlzServerLauncherState;

#define PLZ_TYPE_SERVER_LAUNCHER_STATE (plz_server_launcher_state_get_type ())
#define PLZ_TYPE_SERVER_LAUNCHER (plz_server_launcher_get_type ())

/* The GType of PlzServerLauncherState. */
GType plz_server_launcher_state_get_type (void);

G_DECLARE_FINAL_TYPE (PlzServerLauncher, plz_server_launcher, PLZ, SERVER_LAUNCHER, GObject)

/* A launcher that has started nothing. */
PlzServerLauncher      *plz_server_launcher_new               (void);

/* Uses @program instead of searching for plaza-server; NULL searches again. */
void                    plz_server_launcher_set_program       (PlzServerLauncher *self,
                                                               const char        *program);

/* Where the server keeps its data; NULL means $XDG_DATA_HOME/plaza/server. */
void                    plz_server_launcher_set_data_dir      (PlzServerLauncher *self,
                                                               const char        *data_dir);

/* The folder the server is (or would be) given as --data-dir. */
const char             *plz_server_launcher_get_data_dir      (PlzServerLauncher *self);

/* How long a started server has to answer its health check (default 10 s). */
void                    plz_server_launcher_set_startup_timeout (PlzServerLauncher *self,
                                                                 guint              timeout_ms);

/* The current state. */
PlzServerLauncherState  plz_server_launcher_get_state         (PlzServerLauncher *self);

/* Why the last start failed or the server stopped, for people; NULL otherwise. */
const char             *plz_server_launcher_get_error_message (PlzServerLauncher *self);

/* Whether this launcher started the server that is running now. */
gboolean                plz_server_launcher_owns_server       (PlzServerLauncher *self);

/* The process id of the server this launcher started, or NULL. */
const char             *plz_server_launcher_get_identifier    (PlzServerLauncher *self);

/* Makes sure a server answers at @server_url, a local address: returns at once
 * when one answers, otherwise starts plaza-server and waits for its health. */
void                    plz_server_launcher_start_async       (PlzServerLauncher   *self,
                                                               const char          *server_url,
                                                               GCancellable        *cancellable,
                                                               GAsyncReadyCallback  callback,
                                                               gpointer             user_data);

/* TRUE when a server answers; otherwise FALSE and @error in PLZ_CLIENT_ERROR. */
gboolean                plz_server_launcher_start_finish      (PlzServerLauncher  *self,
                                                               GAsyncResult       *result,
                                                               GError            **error);

/* Stops the server this launcher started (SIGTERM, then SIGKILL after a few
 * seconds) and waits for it; a pending start fails as cancelled. */
void                    plz_server_launcher_stop              (PlzServerLauncher *self);

G_END_DECLS
