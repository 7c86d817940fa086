/* screenshot.c — plaza-screenshot: saves the main window as a PNG
 *
 * Runs the real application (its own instance, with settings in memory so that
 * nothing of the user's changes), waits until the connection has settled, then
 * renders the window through its own GSK renderer and writes OUTPUT.png.
 *
 *   plaza-screenshot OUTPUT.png [--page NAME] [--size WxH] [--server URL]
 *                    [--sign-in EMAIL:PASSWORD] [--open-listing] [--window editor]
 *                    [--fixture schedule|booking|availability|services]
 *                    [--admin-leaks] [--demo contact-warning]
 *                    [--week next-booking] [--book LISTING_ID]
 *                    [--messages]
 *
 * With --sign-in it signs in first (the session goes to the keyring: run it in
 * a session with an unlocked one) and waits for Discover's results and their
 * thumbnails; --open-listing then opens the first result and waits for its
 * photos and operator. --window editor shoots the listing editor of the first
 * listing on the operator's Listings page instead of the main window.
 * --fixture draws the Schedule page, the booking dialog, the availability
 * editor or the services editor from the bookings fixtures instead (no server, no application).
 * --admin-leaks (signed in as an admin) opens Admin → Leak Cases and the
 * first case. --demo contact-warning shoots no app at all: a conversation
 * with hidden contact details and a composer whose text the contact warning
 * blocks, built from the real widgets (plz-screenshot-demo.c).
 * With --page schedule or bookings it waits for that page (--week next-booking
 * shows the week of the operator's next booking); --book opens the booking
 * dialog of that listing, picks the first free day and a time, and saves the
 * dialog (at --size).
 * --messages (with --sign-in) shows Messages with the first conversation open.
 */

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <stdlib.h>

#include "plz-application.h"
#include "plz-admin-page.h"
#include "plz-discover-page.h"
#include "plz-leak-cases-view.h"
#include "plz-listing-card.h"
#include "plz-messages-page.h"
#include "plz-my-listings-page.h"
#include "plz-screenshot-demo.h"
#include "plz-window.h"
#include "screenshot-private.h"

#define SETTLE_MS 600

typedef struct
{
  PlzApplication *app;
  const char     *output;
  char           *page;
  char           *sign_in;        /* EMAIL:PASSWORD, or NULL */
  gboolean        open_listing;
  gboolean        messages;
  gboolean        signing_in;
  gboolean        opened;
  int             timeout_s;
  gint64          deadline;
  gboolean        saved;
  guint           source_id;
  char           *window;         /* "editor", or NULL for the main window */
  int             editor_width;
  int             editor_height;
  gboolean        admin_leaks;
  gboolean        leaks_opened;
  PlzShotLive     live;
} Shot;

gboolean
save_window (GtkWidget   *window,
             const char  *output,
             GError     **error)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (window);
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  GskRenderer *renderer = gtk_native_get_renderer (GTK_NATIVE (window));
  int width = gtk_widget_get_width (window);
  int height = gtk_widget_get_height (window);

  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  if (node == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, "The window drew nothing");
      return FALSE;
    }

  texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  if (!gdk_texture_save_to_png (texture, output))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "Cannot write %s", output);
      return FALSE;
    }

  g_print ("Saved %s (%d×%d)\n", output, width, height);
  return TRUE;
}

static GtkWidget *
find_widget (GtkWidget *root,
             GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget (child, type);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* Whether a card or a photo below @root still waits for its picture. */
static gboolean
pictures_loading (GtkWidget *root)
{
  if (PLZ_IS_LISTING_CARD (root) && plz_listing_card_get_item (PLZ_LISTING_CARD (root)) != NULL
      && g_strcmp0 (plz_listing_card_get_picture_state (PLZ_LISTING_CARD (root)), "loading") == 0)
    return TRUE;
  if (GTK_IS_STACK (root) && g_strcmp0 (gtk_stack_get_visible_child_name (GTK_STACK (root)), "loading") == 0
      && gtk_widget_get_mapped (root))
    return TRUE;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL; child = gtk_widget_get_next_sibling (child))
    if (pictures_loading (child))
      return TRUE;
  return FALSE;
}

static void
signed_in_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) answer = plz_account_call_finish (PLZ_ACCOUNT (source), result, &error);

  if (answer == NULL)
    g_printerr ("plaza-screenshot: could not sign in: %s\n", error->message);
}

/* Signs in when asked; TRUE once signed in (or not asked to). */
static gboolean
signed_in (Shot *shot)
{
  PlzAccount *account = plz_application_get_account (shot->app);

  if (shot->sign_in == NULL)
    return TRUE;
  if (plz_account_get_state (account) == PLZ_ACCOUNT_STATE_RESTORING)
    return FALSE;
  if (!plz_account_get_signed_in (account))
    {
      g_auto(GStrv) parts = g_strsplit (shot->sign_in, ":", 2);

      if (!shot->signing_in && g_strv_length (parts) == 2)
        plz_account_sign_in_async (account, parts[0], parts[1], NULL, signed_in_cb, NULL);
      shot->signing_in = TRUE;
      return FALSE;
    }
  return TRUE;
}

/* The Listings page has loaded and the first listing's editor is open. */
static gboolean
editor_ready (Shot *shot)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (shot->app));
  GtkWidget *found = window != NULL ? find_widget (GTK_WIDGET (window), PLZ_TYPE_MY_LISTINGS_PAGE) : NULL;
  PlzMyListingsPage *page = found != NULL ? PLZ_MY_LISTINGS_PAGE (found) : NULL;
  GtkWidget *row;

  if (page == NULL || g_strcmp0 (plz_my_listings_page_get_state (page), "loading") == 0)
    return FALSE;
  if (plz_my_listings_page_get_editor (page) == NULL
      && (row = find_widget (GTK_WIDGET (page), GTK_TYPE_LIST_BOX_ROW)) != NULL)
    {
      g_signal_emit_by_name (row, "activate");
      /* --size is the editor's then. */
      if (shot->editor_width > 0 && plz_my_listings_page_get_editor (page) != NULL)
        gtk_window_set_default_size (GTK_WINDOW (plz_my_listings_page_get_editor (page)),
                                     shot->editor_width, shot->editor_height);
    }
  return plz_my_listings_page_get_editor (page) != NULL
         && gtk_widget_get_mapped (GTK_WIDGET (plz_my_listings_page_get_editor (page)));
}

/* Opens the first listing when asked; TRUE once Discover shows it all. */
static gboolean
discover_settled (Shot *shot)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (shot->app));
  GtkWidget *page;
  const char *state;

  if (shot->sign_in == NULL)
    return TRUE;
  if (window == NULL || (page = find_widget (GTK_WIDGET (window), PLZ_TYPE_DISCOVER_PAGE)) == NULL)
    return FALSE;
  state = plz_discover_page_get_state (PLZ_DISCOVER_PAGE (page));
  if (g_strcmp0 (state, "loading") == 0)
    return FALSE;
  if (shot->open_listing && !shot->opened)
    {
      PlzListingModel *model = plz_discover_page_get_model (PLZ_DISCOVER_PAGE (page));
      g_autoptr(PlzListingItem) first = g_list_model_get_item (G_LIST_MODEL (model), 0);

      if (first == NULL || plz_discover_page_get_categories (PLZ_DISCOVER_PAGE (page)) == NULL)
        return FALSE;
      shot->opened = plz_discover_page_open_listing (PLZ_DISCOVER_PAGE (page), plz_listing_item_get_id (first));
      return FALSE;
    }
  if (shot->opened
      && g_strcmp0 (plz_listing_page_get_operator_state (plz_discover_page_get_listing_page (PLZ_DISCOVER_PAGE (page))),
                    "loading") == 0)
    return FALSE;
  return !pictures_loading (page);
}

/* Admin → Leak Cases with the first case open. */
static gboolean
leaks_settled (Shot *shot)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (shot->app));
  GtkWidget *page = window != NULL ? find_widget (GTK_WIDGET (window), PLZ_TYPE_ADMIN_PAGE) : NULL;
  PlzLeakCasesView *view;
  PlzLeakCaseDetail *detail;
  GtkWidget *row;

  if (page == NULL || !plz_window_set_page (PLZ_WINDOW (window), "admin"))
    return FALSE;
  view = plz_admin_page_show_leak_cases (PLZ_ADMIN_PAGE (page));
  detail = plz_leak_cases_view_get_detail (view);
  if (g_strcmp0 (plz_leak_cases_view_get_state (view), "loading") == 0)
    return FALSE;
  if (!shot->leaks_opened && (row = find_widget (GTK_WIDGET (view), ADW_TYPE_ACTION_ROW)) != NULL)
    {
      g_signal_emit_by_name (gtk_widget_get_parent (row), "row-activated", row);
      gtk_list_box_select_row (GTK_LIST_BOX (gtk_widget_get_parent (row)), GTK_LIST_BOX_ROW (row));
      shot->leaks_opened = TRUE;
      return FALSE;
    }
  return g_strcmp0 (plz_leak_case_detail_get_state (detail), "loading") != 0;
}

/* Messages shows the first conversation with its messages and pictures. */
static gboolean
messages_settled (Shot *shot)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (shot->app));
  GtkWidget *found = window != NULL ? find_widget (GTK_WIDGET (window), PLZ_TYPE_MESSAGES_PAGE) : NULL;
  PlzMessagesPage *page = found != NULL ? PLZ_MESSAGES_PAGE (found) : NULL;
  PlzChatView *chat;

  if (page == NULL || !plz_window_set_page (PLZ_WINDOW (window), "messages")
      || g_strcmp0 (plz_messages_page_get_state (page), "list") != 0)
    return FALSE;
  chat = plz_messages_page_get_chat_view (page);
  if (plz_chat_view_get_item (chat) == NULL)
    {
      g_autoptr(PlzConversationItem) first = g_list_model_get_item (plz_messages_page_get_conversations (page), 0);

      plz_messages_page_open_conversation (page, plz_conversation_item_get_id (first));
      return FALSE;
    }
  return g_strcmp0 (plz_chat_view_get_state (chat), "messages") == 0 && !pictures_loading (GTK_WIDGET (page));
}

static gboolean
settled (Shot *shot)
{
  PlzConnection *connection = plz_application_get_connection (shot->app);
  PlzServerLauncher *launcher = plz_application_get_launcher (shot->app);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (shot->app));

  if (plz_connection_get_state (connection) == PLZ_CONNECTION_STATE_CONNECTING
      || plz_server_launcher_get_state (launcher) == PLZ_SERVER_LAUNCHER_STATE_STARTING
      || !signed_in (shot))
    return FALSE;
  if (plz_shot_live_wanted (&shot->live, shot->page))
    return plz_shot_live_settled (&shot->live, GTK_WIDGET (window), plz_application_get_account (shot->app),
                                  shot->page);
  return g_strcmp0 (shot->window, "editor") == 0 ? editor_ready (shot)
         : shot->admin_leaks ? leaks_settled (shot)
         : shot->messages ? messages_settled (shot) : discover_settled (shot);
}

static gboolean
take_cb (gpointer user_data)
{
  Shot *shot = user_data;
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (shot->app));
  g_autoptr(GError) error = NULL;

  shot->source_id = 0;
  if (g_strcmp0 (shot->window, "editor") == 0 && window != NULL)
    {
      GtkWidget *page = find_widget (GTK_WIDGET (window), PLZ_TYPE_MY_LISTINGS_PAGE);

      window = page != NULL ? GTK_WINDOW (plz_my_listings_page_get_editor (PLZ_MY_LISTINGS_PAGE (page))) : NULL;
    }
  else if (shot->live.book != NULL)
    window = plz_shot_live_get_window (&shot->live);
  if (window == NULL)
    g_printerr ("plaza-screenshot: the application opened no window\n");
  else if (!save_window (GTK_WIDGET (window), shot->output, &error))
    g_printerr ("plaza-screenshot: %s\n", error->message);
  else
    shot->saved = TRUE;

  g_action_group_activate_action (G_ACTION_GROUP (shot->app), "quit", NULL);
  return G_SOURCE_REMOVE;
}

static gboolean
wait_cb (gpointer user_data)
{
  Shot *shot = user_data;

  if (!settled (shot) && g_get_monotonic_time () < shot->deadline)
    return G_SOURCE_CONTINUE;

  if (!settled (shot))
    g_printerr ("plaza-screenshot: the connection did not settle within %d s; "
                "taking the picture anyway\n", shot->timeout_s);

  /* Let banners and switchers finish their animations. */
  shot->source_id = g_timeout_add (SETTLE_MS, take_cb, shot);
  return G_SOURCE_REMOVE;
}

static void
activated_cb (GApplication *app,
              Shot         *shot)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  if (shot->source_id != 0 || shot->saved)
    return;

  /* Operator pages appear only once signed in; the live pictures ask again then. */
  if (shot->page != NULL && !plz_window_set_page (PLZ_WINDOW (window), shot->page)
      && !(shot->sign_in != NULL && plz_shot_live_wanted (&shot->live, shot->page)))
    g_printerr ("plaza-screenshot: there is no page called “%s”\n", shot->page);

  shot->deadline = g_get_monotonic_time () + shot->timeout_s * G_USEC_PER_SEC;
  shot->source_id = g_timeout_add (100, wait_cb, shot);
}

/* Screenshots must not depend on, or change, the user's own settings. */
static void
prepare_environment (void)
{
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  g_setenv ("GSETTINGS_SCHEMA_DIR", PLAZA_BUILD_SCHEMA_DIR, FALSE);
  g_setenv ("PLAZA_SERVER_BIN", PLAZA_BUILD_SERVER, FALSE);
  g_setenv ("GSK_RENDERER", "cairo", FALSE);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GSettings) settings = NULL;
  g_autoptr(GPtrArray) app_argv = g_ptr_array_new ();
  g_autofree char *size = NULL;
  g_autofree char *server = NULL;
  g_autofree char *fixture = NULL;
  g_autofree char *demo = NULL;
  Shot shot = { .timeout_s = 20 };
  int width = 0, height = 0;
  int status;
  GOptionEntry entries[] = {
    { "page", 'p', 0, G_OPTION_ARG_STRING, &shot.page, "Page to show: discover, messages or bookings", "NAME" },
    { "size", 0, 0, G_OPTION_ARG_STRING, &size, "Window size, e.g. 1100x720", "WxH" },
    { "server", 0, 0, G_OPTION_ARG_STRING, &server, "Server address to use", "URL" },
    { "timeout", 0, 0, G_OPTION_ARG_INT, &shot.timeout_s, "Seconds to wait for the connection (20)", "S" },
    { "sign-in", 0, 0, G_OPTION_ARG_STRING, &shot.sign_in, "Sign in first and wait for Discover's results", "EMAIL:PASSWORD" },
    { "window", 0, 0, G_OPTION_ARG_STRING, &shot.window, "Window to save: main (default) or editor", "NAME" },
    { "open-listing", 0, 0, G_OPTION_ARG_NONE, &shot.open_listing, "Open the first listing of the results (with --sign-in)", NULL },
    { "fixture", 0, 0, G_OPTION_ARG_STRING, &fixture, "Draw schedule, booking, availability or services from the bookings fixtures", "NAME" },
    { "admin-leaks", 0, 0, G_OPTION_ARG_NONE, &shot.admin_leaks, "Show Admin → Leak Cases and the first case (with --sign-in as an admin)", NULL },
    { "demo", 0, 0, G_OPTION_ARG_STRING, &demo, "Shoot a demo of widgets instead of the app: contact-warning", "NAME" },
    { "week", 0, 0, G_OPTION_ARG_STRING, &shot.live.week, "With --page schedule: next-booking shows the week of the next booking", "WHICH" },
    { "book", 0, 0, G_OPTION_ARG_STRING, &shot.live.book, "Open the booking dialog of a listing and save it (with --sign-in)", "LISTING_ID" },
    { "messages", 0, 0, G_OPTION_ARG_NONE, &shot.messages, "Show Messages with the first conversation open (with --sign-in)", NULL },
    { NULL }
  };

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  context = g_option_context_new ("OUTPUT.png — save a screenshot of Plaza's main window");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || argc != 2)
    {
      g_printerr ("%s\n", error != NULL ? error->message
                                        : "Usage: plaza-screenshot OUTPUT.png [--page NAME] [--size WxH] [--server URL]");
      return EXIT_FAILURE;
    }
  shot.output = argv[1];

  if (size != NULL && (sscanf (size, "%dx%d", &width, &height) != 2 || width <= 0 || height <= 0))
    {
      g_printerr ("plaza-screenshot: --size wants WIDTHxHEIGHT, such as 1100x720\n");
      return EXIT_FAILURE;
    }

  if (shot.live.week != NULL && g_strcmp0 (shot.live.week, "next-booking") != 0)
    {
      g_printerr ("plaza-screenshot: --week wants next-booking\n");
      return EXIT_FAILURE;
    }

  prepare_environment ();
  if (fixture != NULL)
    {
      gtk_init ();
      return plz_screenshot_fixture (fixture, shot.output, width, height);
    }

  if (demo != NULL)
    {
      GtkWidget *window;
      gint64 until;

      gtk_init ();
      adw_init ();
      window = plz_screenshot_demo_new (demo, &error);
      if (window == NULL)
        {
          g_printerr ("plaza-screenshot: %s\n", error->message);
          return EXIT_FAILURE;
        }
      gtk_window_set_default_size (GTK_WINDOW (window), width > 0 ? width : 720, height > 0 ? height : 560);
      gtk_window_present (GTK_WINDOW (window));
      /* Long enough for the check after typing and the revealer's animation. */
      until = g_get_monotonic_time () + G_USEC_PER_SEC;
      while (g_get_monotonic_time () < until)
        g_main_context_iteration (NULL, FALSE);
      status = save_window (window, shot.output, &error) ? EXIT_SUCCESS : EXIT_FAILURE;
      if (error != NULL)
        g_printerr ("plaza-screenshot: %s\n", error->message);
      gtk_window_destroy (GTK_WINDOW (window));
      return status;
    }

  settings = g_settings_new (APP_ID);
  if (width > 0 && g_strcmp0 (shot.window, "editor") == 0)
    {
      shot.editor_width = width;
      shot.editor_height = height;
    }
  else if (width > 0 && shot.live.book != NULL)
    {
      shot.live.width = width;
      shot.live.height = height;
    }
  else if (width > 0)
    {
      g_settings_set_int (settings, "window-width", width);
      g_settings_set_int (settings, "window-height", height);
    }

  g_ptr_array_add (app_argv, argv[0]);
  if (server != NULL)
    {
      g_ptr_array_add (app_argv, (char *) "--server");
      g_ptr_array_add (app_argv, server);
    }
  g_ptr_array_add (app_argv, NULL);

  shot.app = plz_application_new ();
  /* Our own instance, even if Plaza is already running in this session. */
  g_application_set_flags (G_APPLICATION (shot.app),
                           G_APPLICATION_HANDLES_COMMAND_LINE | G_APPLICATION_NON_UNIQUE);
  g_signal_connect_after (shot.app, "activate", G_CALLBACK (activated_cb), &shot);

  status = g_application_run (G_APPLICATION (shot.app), (int) app_argv->len - 1,
                              (char **) app_argv->pdata);

  g_clear_handle_id (&shot.source_id, g_source_remove);
  g_clear_object (&shot.app);
  g_free (shot.page);
  g_free (shot.sign_in);
  g_free (shot.window);
  g_free (shot.live.week);
  g_free (shot.live.book);

  return status == EXIT_SUCCESS && shot.saved ? EXIT_SUCCESS : EXIT_FAILURE;
}
