/* plz-welcome-page.c — first run: sign in or create an account */

#include "config.h"

#include <glib/gi18n.h>

#include "plz-error.h"
#include "plz-form.h"
#include "plz-server-address.h"
#include "plz-validate.h"
#include "plz-welcome-page.h"

struct _PlzWelcomePage
{
  AdwBin        parent_instance;

  /* Template children */
  GtkLabel     *form_title;
  AdwEntryRow  *name_row;
  AdwEntryRow  *email_row;
  AdwEntryRow  *password_row;
  GtkLabel     *name_error;
  GtkLabel     *email_error;
  GtkLabel     *password_error;
  GtkLabel     *message_label;
  GtkWidget    *submit_button;
  GtkLabel     *submit_label;
  GtkSpinner   *spinner;
  GtkButton    *switch_button;
  GtkWidget    *demo_hint;

  PlzAccount   *account;
  GCancellable *cancellable;
  gboolean      sign_up;
  gboolean      busy;
  /* Rows someone has left: only those say what is wrong while typing. */
  gboolean      name_touched;
  gboolean      email_touched;
};

G_DEFINE_FINAL_TYPE (PlzWelcomePage, plz_welcome_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_ACCOUNT,
  PROP_SIGN_UP,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Checks every row, shows what is wrong where allowed, and enables Submit when
 * all is well; returns whether all is well. */
static gboolean
validate (PlzWelcomePage *self)
{
  g_autoptr(GError) name_error = NULL;
  g_autoptr(GError) email_error = NULL;
  g_autoptr(GError) password_error = NULL;
  g_autofree char *name = NULL;
  g_autofree char *email = NULL;
  const char *password = gtk_editable_get_text (GTK_EDITABLE (self->password_row));
  gboolean valid;

  if (self->sign_up)
    name = plz_validate_name ("display_name", gtk_editable_get_text (GTK_EDITABLE (self->name_row)),
                              &name_error);
  email = plz_validate_email ("email", gtk_editable_get_text (GTK_EDITABLE (self->email_row)),
                              &email_error);
  /* Signing in checks nothing but presence: old passwords may predate the rules. */
  if (self->sign_up && *password != '\0')
    plz_validate_password ("password", password, &password_error);

  valid = name_error == NULL && email_error == NULL && password_error == NULL && *password != '\0';

  plz_form_set_error (GTK_WIDGET (self->name_row), self->name_error,
                      self->name_touched && name_error ? name_error->message : NULL);
  plz_form_set_error (GTK_WIDGET (self->email_row), self->email_error,
                      self->email_touched && email_error ? email_error->message : NULL);
  plz_form_set_error (GTK_WIDGET (self->password_row), self->password_error,
                      password_error ? password_error->message : NULL);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "welcome.submit", valid && !self->busy);
  return valid;
}

static void
row_changed_cb (PlzWelcomePage *self)
{
  /* What the server said was about the text as it was. */
  plz_welcome_page_set_message (self, NULL);
  validate (self);
}

static void
row_left_cb (GtkEventControllerFocus *controller,
             PlzWelcomePage          *self)
{
  GtkWidget *row = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (controller));
  gboolean *touched = row == GTK_WIDGET (self->name_row) ? &self->name_touched : &self->email_touched;

  /* An empty row just passed through is not a mistake yet. */
  if (*gtk_editable_get_text (GTK_EDITABLE (row)) == '\0')
    return;
  *touched = TRUE;
  validate (self);
}

static void
set_busy (PlzWelcomePage *self,
          gboolean        busy)
{
  self->busy = busy;
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), busy);
  gtk_spinner_set_spinning (self->spinner, busy);
  /* Read-only rather than insensitive: the focused row keeps its focus. */
  gtk_editable_set_editable (GTK_EDITABLE (self->name_row), !busy);
  gtk_editable_set_editable (GTK_EDITABLE (self->email_row), !busy);
  gtk_editable_set_editable (GTK_EDITABLE (self->password_row), !busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "welcome.switch-mode", !busy);
  validate (self);
}

/* Puts a server error under the row it is about, or above the button. */
static void
show_server_error (PlzWelcomePage *self,
                   const GError   *error)
{
  const char *field = plz_error_get_field (error);

  if (g_strcmp0 (field, "email") == 0)
    plz_form_set_error (GTK_WIDGET (self->email_row), self->email_error, error->message);
  else if (g_strcmp0 (field, "password") == 0)
    plz_form_set_error (GTK_WIDGET (self->password_row), self->password_error, error->message);
  else if (g_strcmp0 (field, "display_name") == 0 && self->sign_up)
    plz_form_set_error (GTK_WIDGET (self->name_row), self->name_error, error->message);
  else
    plz_welcome_page_set_message (self, error->message);

  if (g_error_matches (error, PLZ_ERROR, PLZ_ERROR_INVALID_CREDENTIALS))
    gtk_widget_grab_focus (GTK_WIDGET (self->password_row));
}

static void
submitted_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(PlzWelcomePage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) answer = plz_account_call_finish (PLZ_ACCOUNT (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  set_busy (self, FALSE);
  if (answer == NULL)
    {
      show_server_error (self, error);
      return;
    }

  /* Signed in: the window shows the main view; nobody needs the password here now. */
  gtk_editable_set_text (GTK_EDITABLE (self->password_row), "");
  plz_welcome_page_set_message (self, NULL);
}

static void
submit_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  PlzWelcomePage *self = PLZ_WELCOME_PAGE (widget);
  g_autofree char *email = NULL;
  g_autofree char *name = NULL;
  const char *password = gtk_editable_get_text (GTK_EDITABLE (self->password_row));

  self->name_touched = self->email_touched = TRUE;
  if (self->busy || !validate (self))
    return;

  email = plz_validate_email ("email", gtk_editable_get_text (GTK_EDITABLE (self->email_row)), NULL);
  plz_welcome_page_set_message (self, NULL);
  set_busy (self, TRUE);
  if (self->sign_up)
    {
      name = plz_validate_name ("display_name", gtk_editable_get_text (GTK_EDITABLE (self->name_row)), NULL);
      plz_account_sign_up_async (self->account, email, password, name, self->cancellable,
                                 submitted_cb, g_object_ref (self));
    }
  else
    plz_account_sign_in_async (self->account, email, password, self->cancellable,
                               submitted_cb, g_object_ref (self));
}

static void
row_activated_cb (PlzWelcomePage *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "welcome.submit", NULL);
}

static void
switch_mode_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  PlzWelcomePage *self = PLZ_WELCOME_PAGE (widget);

  plz_welcome_page_set_sign_up (self, !self->sign_up);
}

static void
server_url_changed_cb (PlzWelcomePage *self)
{
  g_autoptr(GUri) uri = plz_server_address_parse (plz_account_get_server_url (self->account), NULL);

  gtk_widget_set_visible (self->demo_hint, uri != NULL && plz_server_address_is_local (uri));
}

gboolean
plz_welcome_page_get_sign_up (PlzWelcomePage *self)
{
  g_return_val_if_fail (PLZ_IS_WELCOME_PAGE (self), FALSE);
  return self->sign_up;
}

void
plz_welcome_page_set_sign_up (PlzWelcomePage *self,
                              gboolean        sign_up)
{
  const char *submit;

  g_return_if_fail (PLZ_IS_WELCOME_PAGE (self));

  sign_up = !!sign_up;
  if (self->sign_up == sign_up)
    return;
  self->sign_up = sign_up;

  submit = sign_up ? _("Create Account") : _("Sign In");
  gtk_label_set_label (self->form_title, sign_up ? _("Create an Account") : _("Sign In"));
  gtk_label_set_label (self->submit_label, submit);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->submit_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, submit, -1);
  gtk_button_set_label (self->switch_button,
                        sign_up ? _("Already Have an Account? Sign In")
                                : _("New to Plaza? Create an Account"));
  gtk_widget_set_visible (GTK_WIDGET (self->name_row), sign_up);
  gtk_widget_set_visible (self->demo_hint, FALSE);
  if (!sign_up)
    server_url_changed_cb (self);
  plz_welcome_page_set_message (self, NULL);
  validate (self);
  plz_welcome_page_focus (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SIGN_UP]);
}

void
plz_welcome_page_focus (PlzWelcomePage *self)
{
  g_return_if_fail (PLZ_IS_WELCOME_PAGE (self));
  gtk_widget_grab_focus (GTK_WIDGET (self->sign_up ? self->name_row : self->email_row));
}

void
plz_welcome_page_set_message (PlzWelcomePage *self,
                              const char     *message)
{
  g_return_if_fail (PLZ_IS_WELCOME_PAGE (self));
  plz_form_set_error (NULL, self->message_label, message);
}

GtkWidget *
plz_welcome_page_new (PlzAccount *account)
{
  g_return_val_if_fail (PLZ_IS_ACCOUNT (account), NULL);
  return g_object_new (PLZ_TYPE_WELCOME_PAGE, "account", account, NULL);
}

static void
plz_welcome_page_constructed (GObject *object)
{
  PlzWelcomePage *self = PLZ_WELCOME_PAGE (object);

  G_OBJECT_CLASS (plz_welcome_page_parent_class)->constructed (object);

  g_return_if_fail (self->account != NULL);
  g_signal_connect_object (self->account, "notify::server-url",
                           G_CALLBACK (server_url_changed_cb), self, G_CONNECT_SWAPPED);
  server_url_changed_cb (self);
}

static void
plz_welcome_page_dispose (GObject *object)
{
  PlzWelcomePage *self = PLZ_WELCOME_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), PLZ_TYPE_WELCOME_PAGE);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->account);

  G_OBJECT_CLASS (plz_welcome_page_parent_class)->dispose (object);
}

static void
plz_welcome_page_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  PlzWelcomePage *self = PLZ_WELCOME_PAGE (object);

  switch (prop_id)
    {
    case PROP_ACCOUNT: g_value_set_object (value, self->account); break;
    case PROP_SIGN_UP: g_value_set_boolean (value, self->sign_up); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
plz_welcome_page_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  PlzWelcomePage *self = PLZ_WELCOME_PAGE (object);

  switch (prop_id)
    {
    case PROP_ACCOUNT: self->account = g_value_dup_object (value); break;
    case PROP_SIGN_UP: plz_welcome_page_set_sign_up (self, g_value_get_boolean (value)); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
plz_welcome_page_class_init (PlzWelcomePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = plz_welcome_page_constructed;
  object_class->dispose = plz_welcome_page_dispose;
  object_class->get_property = plz_welcome_page_get_property;
  object_class->set_property = plz_welcome_page_set_property;

  properties[PROP_ACCOUNT] =
    g_param_spec_object ("account", NULL, NULL, PLZ_TYPE_ACCOUNT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SIGN_UP] =
    g_param_spec_boolean ("sign-up", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/plaza/Plaza/plz-welcome-page.ui");
  gtk_widget_class_bind_template_child (widget_class, PlzWelcomePage, form_title);
  gtk_widget_class_bind_template_child (widget_class, PlzWelcomePage, name_row);
  gtk_widget_class_bind_template_child (widget_class, PlzWelcomePage, email_row);
  gtk_widget_class_bind_template_child (widget_class, PlzWelcomePage, password_row);
  gtk_widget_class_bind_template_child (widget_class, PlzWelcomePage, name_error);
  gtk_widget_class_bind_template_child (widget_class, PlzWelcomePage, email_error);
  gtk_widget_class_bind_template_child (widget_class, PlzWelcomePage, password_error);
  gtk_widget_class_bind_template_child (widget_class, PlzWelcomePage, message_label);
  gtk_widget_class_bind_template_child (widget_class, PlzWelcomePage, submit_button);
  gtk_widget_class_bind_template_child (widget_class, PlzWelcomePage, submit_label);
  gtk_widget_class_bind_template_child (widget_class, PlzWelcomePage, spinner);
  gtk_widget_class_bind_template_child (widget_class, PlzWelcomePage, switch_button);
  gtk_widget_class_bind_template_child (widget_class, PlzWelcomePage, demo_hint);
  gtk_widget_class_bind_template_callback (widget_class, row_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, row_activated_cb);

  gtk_widget_class_install_action (widget_class, "welcome.submit", NULL, submit_action);
  gtk_widget_class_install_action (widget_class, "welcome.switch-mode", NULL, switch_mode_action);
}

static void
plz_welcome_page_init (PlzWelcomePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();

  for (guint i = 0; i < 2; i++)
    {
      GtkEventController *focus = gtk_event_controller_focus_new ();

      g_signal_connect (focus, "leave", G_CALLBACK (row_left_cb), self);
      gtk_widget_add_controller (GTK_WIDGET (i == 0 ? self->name_row : self->email_row), focus);
    }
  validate (self);
}
