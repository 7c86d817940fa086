/* plz-window-account.c — the main window's account side: the welcome page,
 * the account menu, the consumer/operator mode and the admin page */

#include "config.h"

#include <glib/gi18n.h>

#include "plz-admin-page.h"
#include "plz-error.h"
#include "plz-form.h"
#include "plz-profile-window.h"
#include "plz-welcome-page.h"
#include "plz-window-private.h"

static const char * const consumer_pages[] = { "discover", "messages", "bookings", NULL };
static const char * const operator_pages[] = { "schedule", "my_listings", "dashboard", NULL };

static void
set_page_visible (PlzWindow  *self,
                  const char *name,
                  gboolean    visible)
{
  GtkWidget *child = adw_view_stack_get_child_by_name (self->stack, name);

  adw_view_stack_page_set_visible (adw_view_stack_get_page (self->stack, child), visible);
}

/* Shows the pages this user's roles and mode call for. */
static void
update_pages (PlzWindow *self)
{
  gboolean consumer = plz_account_get_is_consumer (self->account);
  gboolean operator = plz_account_get_is_operator (self->account);
  gboolean operator_view = operator && (!consumer || g_strcmp0 (self->mode, "operator") == 0);
  const char *current = adw_view_stack_get_visible_child_name (self->stack);
  GtkWidget *child;

  for (guint i = 0; consumer_pages[i] != NULL; i++)
    set_page_visible (self, consumer_pages[i], !operator_view);
  for (guint i = 0; operator_pages[i] != NULL; i++)
    set_page_visible (self, operator_pages[i], operator_view);
  set_page_visible (self, "admin", plz_account_get_is_admin (self->account));
  gtk_widget_set_visible (self->mode_switch, consumer && operator);

  /* The page shown may just have gone: show the first of this mode. */
  child = current != NULL ? adw_view_stack_get_child_by_name (self->stack, current) : NULL;
  if (child == NULL || !adw_view_stack_page_get_visible (adw_view_stack_get_page (self->stack, child)))
    adw_view_stack_set_visible_child_name (self->stack, operator_view ? operator_pages[0] : consumer_pages[0]);
  _plz_window_hide_other_pages (self);
}

static void
update_account_button (PlzWindow *self)
{
  const char *name = plz_account_get_display_name (self->account);
  g_autofree char *label = NULL;

  adw_avatar_set_text (self->account_avatar, name);
  adw_avatar_set_custom_image (self->account_avatar,
                               GDK_PAINTABLE (plz_account_get_avatar (self->account)));
  /* TRANSLATORS: the account menu button; %s is the signed-in person's name */
  label = g_strdup_printf (_("Account: %s"), name != NULL ? name : "");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->account_button), label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->account_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
}

static gboolean
focus_welcome_cb (gpointer user_data)
{
  g_autoptr(PlzWindow) self = user_data;

  if (self->welcome_page != NULL && plz_account_get_state (self->account) == PLZ_ACCOUNT_STATE_SIGNED_OUT)
    plz_welcome_page_focus (PLZ_WELCOME_PAGE (self->welcome_page));
  return G_SOURCE_REMOVE;
}

static void
update_view (PlzWindow *self)
{
  PlzAccountState state = plz_account_get_state (self->account);
  gboolean signed_in = state == PLZ_ACCOUNT_STATE_SIGNED_IN;
  const char *view = signed_in ? "main" : state == PLZ_ACCOUNT_STATE_RESTORING ? "restoring" : "welcome";
  gboolean to_welcome = g_str_equal (view, "welcome")
                        && g_strcmp0 (gtk_stack_get_visible_child_name (self->session_stack), "welcome") != 0;

  gtk_stack_set_visible_child_name (self->session_stack, view);
  plz_form_hide_other_pages (self->session_stack);
  gtk_accessible_update_state (GTK_ACCESSIBLE (self->switcher_title),
                               GTK_ACCESSIBLE_STATE_HIDDEN, !signed_in, -1);
  gtk_spinner_set_spinning (self->restoring_spinner, state == PLZ_ACCOUNT_STATE_RESTORING);
  gtk_widget_set_visible (GTK_WIDGET (self->account_button), signed_in);
  adw_view_switcher_title_set_view_switcher_enabled (self->switcher_title, signed_in);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.profile", signed_in);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.sign-out", signed_in);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.show-page", signed_in);

  if (signed_in)
    {
      update_pages (self);
      plz_welcome_page_set_message (PLZ_WELCOME_PAGE (self->welcome_page), NULL);
    }
  else
    gtk_widget_set_visible (self->mode_switch, FALSE);

  if (to_welcome)
    {
      /* Whoever comes next most likely has an account already. */
      plz_welcome_page_set_sign_up (PLZ_WELCOME_PAGE (self->welcome_page), FALSE);
      /* After the account menu has closed and given the focus back. */
      g_idle_add_full (G_PRIORITY_LOW, focus_welcome_cb, g_object_ref (self), NULL);
    }
  update_account_button (self);
}

static void
account_changed_cb (PlzWindow  *self,
                    GParamSpec *pspec,
                    PlzAccount *account)
{
  update_view (self);
}

static void
session_ended_cb (PlzWindow    *self,
                  const GError *error,
                  PlzAccount   *account)
{
  /* A suspended or banned person needs the reason where they will try again. */
  if (g_error_matches (error, PLZ_ERROR, PLZ_ERROR_ACCOUNT_SUSPENDED)
      || g_error_matches (error, PLZ_ERROR, PLZ_ERROR_ACCOUNT_BANNED))
    plz_welcome_page_set_message (PLZ_WELCOME_PAGE (self->welcome_page), error->message);
  else
    plz_window_add_toast (self, adw_toast_new (error->message));
}

void
_plz_window_set_mode (PlzWindow  *self,
                      const char *mode)
{
  if (g_strcmp0 (mode, "operator") != 0)
    mode = "consumer";
  if (g_strcmp0 (self->mode, mode) == 0)
    return;

  g_free (self->mode);
  self->mode = g_strdup (mode);
  if (self->account != NULL && plz_account_get_signed_in (self->account))
    update_pages (self);
  g_object_notify (G_OBJECT (self), "mode");
}

const char *
plz_window_get_view (PlzWindow *self)
{
  g_return_val_if_fail (PLZ_IS_WINDOW (self), NULL);
  return gtk_stack_get_visible_child_name (self->session_stack);
}

static void
signed_out_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(PlzWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) answer = plz_account_call_finish (PLZ_ACCOUNT (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  /* Signed out here either way; say so when the server may still hold the session. */
  if (answer == NULL && error->domain != PLZ_ERROR)
    plz_window_add_toast (self, adw_toast_new (_("Signed out on this computer. The server could not be told.")));
  else
    plz_window_add_toast (self, adw_toast_new (_("You are signed out")));
}

static void
sign_out_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  PlzWindow *self = PLZ_WINDOW (widget);

  plz_account_sign_out_async (self->account, self->cancellable, signed_out_cb, g_object_ref (self));
}

static void
profile_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  PlzWindow *self = PLZ_WINDOW (widget);

  gtk_window_present (GTK_WINDOW (plz_profile_window_new (GTK_WINDOW (self), self->account)));
}

static void
abandon_restore_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  plz_account_forget (PLZ_WINDOW (widget)->account);
}

void
_plz_window_class_init_account (GtkWidgetClass *widget_class)
{
  g_type_ensure (ADW_TYPE_AVATAR);

  gtk_widget_class_install_action (widget_class, "win.profile", NULL, profile_action);
  gtk_widget_class_install_action (widget_class, "win.sign-out", NULL, sign_out_action);
  gtk_widget_class_install_action (widget_class, "win.abandon-restore", NULL, abandon_restore_action);
  gtk_widget_class_install_property_action (widget_class, "win.mode", "mode");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_P, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "win.profile", NULL);
}

void
_plz_window_setup_account (PlzWindow *self)
{
  AdwViewStackPage *page;

  self->welcome_page = plz_welcome_page_new (self->account);
  gtk_stack_add_named (self->session_stack, self->welcome_page, "welcome");

  plz_my_listings_page_set_account (self->my_listings_page, self->account);

  self->admin_page = plz_admin_page_new (self->account);
  page = adw_view_stack_add_titled (self->stack, self->admin_page, "admin", _("Admin"));
  adw_view_stack_page_set_icon_name (page, "security-high-symbolic");
  adw_view_stack_page_set_visible (page, FALSE);

  g_signal_connect_object (self->account, "notify::state",
                           G_CALLBACK (account_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->account, "notify::user",
                           G_CALLBACK (account_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->account, "notify::avatar",
                           G_CALLBACK (account_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->account, "session-ended",
                           G_CALLBACK (session_ended_cb), self, G_CONNECT_SWAPPED);
  update_view (self);
}
