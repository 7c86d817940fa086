/* plz-acceptor.h — the listening socket: accepts in batches, keeps within
 * the descriptor budget, and keeps going after EMFILE */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct _PlzAcceptor PlzAcceptor;

/* Gets each accepted socket (non-blocking); keep a reference to keep it. */
typedef void (*PlzAcceptorFunc) (GSocket  *socket,
                                 gpointer  user_data);

/* Listens on @address (port 0 picks one; @bound gets the real address) in the
 * thread-default main context. The budget starts at the descriptor limit
 * less a reserve for files and the database. */
PlzAcceptor *plz_acceptor_new             (GSocketAddress   *address,
                                           PlzAcceptorFunc   func,
                                           gpointer          user_data,
                                           GSocketAddress  **bound,
                                           GError          **error);

/* Accepted sockets allowed open at once; beyond it new connections wait in
 * the kernel's queue until some close. */
void         plz_acceptor_set_max_sockets (PlzAcceptor      *acceptor,
                                           guint             max_sockets);

/* The current budget. */
guint        plz_acceptor_get_max_sockets (PlzAcceptor      *acceptor);

/* Accepted sockets not yet finalized. */
guint        plz_acceptor_get_n_sockets   (PlzAcceptor      *acceptor);

/* Stops accepting and closes the listening socket; accepted ones live on. */
void         plz_acceptor_free            (PlzAcceptor      *acceptor);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PlzAcceptor, plz_acceptor_free)

G_END_DECLS
