/* plz-window-private.h — the main window's insides, shared by its two files */
#pragma once

#include "plz-bookings-page.h"
#include "plz-connection-indicator.h"
#include "plz-discover-page.h"
#include "plz-link.h"
#include "plz-messages-page.h"
#include "plz-my-listings-page.h"
#include "plz-schedule-page.h"
#include "plz-server-banner.h"
#include "plz-window.h"

G_BEGIN_DECLS

struct _PlzWindow
{
  AdwApplicationWindow    parent_instance;

  /* Template children */
  AdwToastOverlay        *toast_overlay;
  AdwHeaderBar           *header_bar;
  GtkStack               *session_stack;
  GtkSpinner             *restoring_spinner;
  AdwViewStack           *stack;
  AdwViewSwitcherTitle   *switcher_title;
  AdwViewSwitcherBar     *switcher_bar;
  PlzConnectionIndicator *connection_indicator;
  PlzServerBanner        *server_banner;
  GtkWidget              *mode_switch;
  GtkMenuButton          *account_button;
  AdwAvatar              *account_avatar;
  PlzDiscoverPage        *discover_page;
  PlzMessagesPage        *messages_page;
  PlzMyListingsPage      *my_listings_page;
  PlzBookingsPage        *bookings_page;
  PlzSchedulePage        *schedule_page;

  GtkWidget              *welcome_page;
  GtkWidget              *admin_page;
  GSettings              *settings;
  PlzConnection          *connection;
  PlzServerLauncher      *launcher;
  PlzAccount             *account;
  PlzLink                *live_link;   /* the account's link whose events we follow */
  GCancellable           *cancellable;
  char                   *mode;
  PlzConnectionState      last_state;
};

/* plz-window-account.c: the welcome page, the account menu, modes and roles. */
void _plz_window_class_init_account (GtkWidgetClass *widget_class);
void _plz_window_setup_account      (PlzWindow      *self);
void _plz_window_set_mode           (PlzWindow      *self,
                                     const char     *mode);

/* plz-window-bookings.c: win.book-listing, the Bookings and Schedule pages. */
void _plz_window_class_init_bookings (GtkWidgetClass *widget_class);
void _plz_window_setup_bookings      (PlzWindow      *self);
/* plz-window-messages.c: opening conversations, "Message" on a listing, the unread count. */
void _plz_window_class_init_messages (GtkWidgetClass *widget_class);
void _plz_window_setup_messages      (PlzWindow      *self);

/* plz-window-live.c: the account's link feeds the pages and carries Messages' sends. */
void _plz_window_setup_live         (PlzWindow      *self);

/* Hides the pages not shown from assistive technology. */
void _plz_window_hide_other_pages   (PlzWindow      *self);

G_END_DECLS
