/* plz-profile-window.c — the signed-in person's profile, picture, phone and sessions */

#include "config.h"

#include <glib/gi18n.h>

#include "plz-error.h"
#include "plz-form.h"
#include "plz-image.h"
#include "plz-operator-group.h"
#include "plz-profile-window.h"
#include "plz-sessions-group.h"
#include "plz-validate.h"

/* National numbers (starting with 0) are read as South African: the pilot's home. */
#define PHONE_REGION "ZA"

struct _PlzProfileWindow
{
  AdwPreferencesWindow  parent_instance;

  /* Template children */
  AdwAvatar            *avatar;
  GtkLabel             *email_label;
  GtkSpinner           *avatar_spinner;
  GtkLabel             *avatar_error;
  AdwEntryRow          *name_row;
  AdwEntryRow          *timezone_row;
  GtkLabel             *name_error;
  GtkLabel             *timezone_error;
  GtkTextView          *bio_view;
  GtkWidget            *bio_frame;
  GtkLabel             *bio_error;
  AdwPreferencesGroup  *phone_group;
  AdwEntryRow          *phone_row;
  AdwEntryRow          *code_row;
  GtkLabel             *phone_error;
  PlzOperatorGroup     *operator_group;
  PlzSessionsGroup     *sessions_group;

  PlzAccount           *account;
  GCancellable         *cancellable;
  GtkNativeDialog      *chooser;
  gboolean              saving;
};

G_DEFINE_FINAL_TYPE (PlzProfileWindow, plz_profile_window, ADW_TYPE_PREFERENCES_WINDOW)

static char *
bio_text (PlzProfileWindow *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->bio_view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return g_strstrip (gtk_text_buffer_get_text (buffer, &start, &end, FALSE));
}

/* The changed fields, validated; NULL (and errors shown) when one is invalid. */
static JsonObject *
collect_changes (PlzProfileWindow *self)
{
  g_autoptr(JsonObject) changes = json_object_new ();
  g_autoptr(GError) name_error = NULL;
  g_autoptr(GError) timezone_error = NULL;
  g_autoptr(GError) bio_error = NULL;
  g_autofree char *name = plz_validate_name ("display_name", gtk_editable_get_text (GTK_EDITABLE (self->name_row)), &name_error);
  g_autofree char *timezone = plz_form_get_text (GTK_EDITABLE (self->timezone_row));
  g_autofree char *raw_bio = bio_text (self);
  g_autofree char *bio = plz_validate_text ("bio", raw_bio, PLZ_BIO_MAX_CHARS, &bio_error);

  plz_validate_timezone ("timezone", timezone, &timezone_error);
  plz_form_set_error (GTK_WIDGET (self->name_row), self->name_error, name_error ? name_error->message : NULL);
  plz_form_set_error (GTK_WIDGET (self->timezone_row), self->timezone_error,
                      timezone_error ? timezone_error->message : NULL);
  plz_form_set_error (self->bio_frame, self->bio_error, bio_error ? bio_error->message : NULL);
  if (name_error || timezone_error || bio_error)
    return NULL;

  if (g_strcmp0 (name, plz_account_get_display_name (self->account)) != 0)
    json_object_set_string_member (changes, "display_name", name);
  if (g_strcmp0 (timezone, plz_account_get_user_string (self->account, "timezone")) != 0)
    json_object_set_string_member (changes, "timezone", timezone);
  if (g_strcmp0 (bio, plz_account_get_user_string (self->account, "bio")) != 0)
    json_object_set_string_member (changes, "bio", bio);
  return g_steal_pointer (&changes);
}

static void
field_changed_cb (PlzProfileWindow *self)
{
  g_autoptr(JsonObject) changes = collect_changes (self);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "profile.save",
                                 !self->saving && changes != NULL && json_object_get_size (changes) > 0);
}

static void
load_user (PlzProfileWindow *self)
{
  const char *phone = plz_account_get_user_string (self->account, "phone");
  const char *verified = plz_account_get_user_string (self->account, "phone_verified_at");
  const char *bio = plz_account_get_user_string (self->account, "bio");

  adw_avatar_set_text (self->avatar, plz_account_get_display_name (self->account));
  adw_avatar_set_custom_image (self->avatar, GDK_PAINTABLE (plz_account_get_avatar (self->account)));
  gtk_label_set_label (self->email_label, plz_account_get_user_string (self->account, "email"));
  gtk_editable_set_text (GTK_EDITABLE (self->name_row), plz_account_get_display_name (self->account) ?: "");
  gtk_editable_set_text (GTK_EDITABLE (self->timezone_row),
                         plz_account_get_user_string (self->account, "timezone") ?: "");
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->bio_view), bio ? bio : "", -1);
  if (phone != NULL && *gtk_editable_get_text (GTK_EDITABLE (self->phone_row)) == '\0')
    gtk_editable_set_text (GTK_EDITABLE (self->phone_row), phone);
  adw_preferences_group_set_description (self->phone_group,
                                         phone != NULL && verified != NULL
                                         ? _("Your number is verified.")
                                         : _("Operators can reach you by text message about your bookings. We send a code to check the number."));
  gtk_widget_set_visible (GTK_WIDGET (self->operator_group), !plz_account_get_is_operator (self->account));
  field_changed_cb (self);
}

static void
user_changed_cb (PlzProfileWindow *self)
{
  if (!plz_account_get_signed_in (self->account))
    {
      /* Signed out from here or elsewhere: nothing here is theirs to see any more. */
      gtk_window_close (GTK_WINDOW (self));
      return;
    }
  load_user (self);
}

static void
saved_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(PlzProfileWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) answer = plz_account_call_finish (PLZ_ACCOUNT (source), result, &error);
  const char *field;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->saving = FALSE;
  if (answer != NULL)
    {
      plz_form_add_toast (GTK_WIDGET (self), _("Profile saved"));
      field_changed_cb (self);
      return;
    }
  field = plz_error_get_field (error);
  if (g_strcmp0 (field, "timezone") == 0)
    plz_form_set_error (GTK_WIDGET (self->timezone_row), self->timezone_error, error->message);
  else if (g_strcmp0 (field, "bio") == 0)
    plz_form_set_error (self->bio_frame, self->bio_error, error->message);
  else if (g_strcmp0 (field, "display_name") == 0)
    plz_form_set_error (GTK_WIDGET (self->name_row), self->name_error, error->message);
  else
    plz_form_add_toast (GTK_WIDGET (self), error->message);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "profile.save", TRUE);
}

static void
save_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  PlzProfileWindow *self = PLZ_PROFILE_WINDOW (widget);
  g_autoptr(JsonObject) changes = collect_changes (self);

  if (changes == NULL || json_object_get_size (changes) == 0 || self->saving)
    return;
  self->saving = TRUE;
  gtk_widget_action_set_enabled (widget, "profile.save", FALSE);
  plz_account_update_profile_async (self->account, changes, self->cancellable, saved_cb, g_object_ref (self));
}

/* ---- picture ------------------------------------------------------------------ */

static void
avatar_busy (PlzProfileWindow *self,
             gboolean          busy)
{
  gtk_widget_set_visible (GTK_WIDGET (self->avatar_spinner), busy);
  gtk_spinner_set_spinning (self->avatar_spinner, busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "profile.choose-avatar", !busy);
}

static void
avatar_uploaded_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(PlzProfileWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) answer = plz_account_call_finish (PLZ_ACCOUNT (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  avatar_busy (self, FALSE);
  if (answer == NULL)
    {
      plz_form_set_error (NULL, self->avatar_error, error->message);
      adw_avatar_set_custom_image (self->avatar, GDK_PAINTABLE (plz_account_get_avatar (self->account)));
      return;
    }
  plz_form_add_toast (GTK_WIDGET (self), _("Picture saved"));
}

static void
image_prepared_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(PlzProfileWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  const char *content_type = NULL;
  g_autoptr(GBytes) bytes = plz_image_prepare_finish (result, &content_type, &error);
  g_autoptr(GdkTexture) preview = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (bytes == NULL)
    {
      avatar_busy (self, FALSE);
      plz_form_set_error (NULL, self->avatar_error, error->message);
      return;
    }
  /* Show it at once; the upload follows. */
  preview = gdk_texture_new_from_bytes (bytes, NULL);
  if (preview != NULL)
    adw_avatar_set_custom_image (self->avatar, GDK_PAINTABLE (preview));
  plz_account_set_avatar_async (self->account, bytes, content_type, self->cancellable,
                                avatar_uploaded_cb, g_object_ref (self));
}

static void
chooser_response_cb (GtkNativeDialog  *chooser,
                     int               response,
                     PlzProfileWindow *self)
{
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  g_clear_object (&self->chooser);
  if (file == NULL)
    return;

  plz_form_set_error (NULL, self->avatar_error, NULL);
  avatar_busy (self, TRUE);
  plz_image_prepare_async (file, self->cancellable, image_prepared_cb, g_object_ref (self));
}

static void
choose_avatar_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  PlzProfileWindow *self = PLZ_PROFILE_WINDOW (widget);
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  if (self->chooser != NULL)
    return;
  gtk_file_filter_set_name (filter, _("Pictures"));
  gtk_file_filter_add_mime_type (filter, "image/png");
  gtk_file_filter_add_mime_type (filter, "image/jpeg");
  gtk_file_filter_add_mime_type (filter, "image/webp");
  self->chooser = GTK_NATIVE_DIALOG (gtk_file_chooser_native_new (_("Choose a Picture"), GTK_WINDOW (self),
                                                                  GTK_FILE_CHOOSER_ACTION_OPEN,
                                                                  _("_Choose"), _("_Cancel")));
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), filter);
  gtk_native_dialog_set_modal (self->chooser, TRUE);
  g_signal_connect_object (self->chooser, "response", G_CALLBACK (chooser_response_cb), self, 0);
  gtk_native_dialog_show (self->chooser);
}

/* ---- phone -------------------------------------------------------------------- */

static void
phone_changed_cb (PlzProfileWindow *self)
{
  plz_form_set_error (GTK_WIDGET (self->phone_row), self->phone_error, NULL);
}

static void
phone_answered_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(PlzProfileWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) answer = plz_account_call_finish (PLZ_ACCOUNT (source), result, &error);
  gboolean confirming = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (self), "confirming"));

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (answer == NULL)
    {
      GtkWidget *row = confirming ? GTK_WIDGET (self->code_row) : GTK_WIDGET (self->phone_row);
      plz_form_set_error (row, self->phone_error, error->message);
      return;
    }
  if (confirming)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->code_row), FALSE);
      gtk_editable_set_text (GTK_EDITABLE (self->code_row), "");
      plz_form_add_toast (GTK_WIDGET (self), _("Your phone number is verified"));
    }
  else
    {
      gtk_widget_set_visible (GTK_WIDGET (self->code_row), TRUE);
      gtk_widget_grab_focus (GTK_WIDGET (self->code_row));
      plz_form_add_toast (GTK_WIDGET (self), _("A code is on its way by text message"));
    }
}

static void
send_code_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  PlzProfileWindow *self = PLZ_PROFILE_WINDOW (widget);
  g_autoptr(GError) error = NULL;
  g_autofree char *phone = plz_validate_phone ("phone", gtk_editable_get_text (GTK_EDITABLE (self->phone_row)),
                                               PHONE_REGION, &error);

  if (phone == NULL)
    {
      plz_form_set_error (GTK_WIDGET (self->phone_row), self->phone_error, error->message);
      return;
    }
  gtk_editable_set_text (GTK_EDITABLE (self->phone_row), phone);
  g_object_set_data (G_OBJECT (self), "confirming", GINT_TO_POINTER (FALSE));
  plz_account_request_phone_code_async (self->account, phone, self->cancellable,
                                        phone_answered_cb, g_object_ref (self));
}

static void
verify_phone_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  PlzProfileWindow *self = PLZ_PROFILE_WINDOW (widget);
  g_autofree char *code = plz_form_get_text (GTK_EDITABLE (self->code_row));

  if (*code == '\0')
    {
      plz_form_set_error (GTK_WIDGET (self->code_row), self->phone_error,
                          _("Type the code from the text message"));
      return;
    }
  g_object_set_data (G_OBJECT (self), "confirming", GINT_TO_POINTER (TRUE));
  plz_form_set_error (GTK_WIDGET (self->code_row), self->phone_error, NULL);
  plz_account_confirm_phone_async (self->account, code, self->cancellable,
                                   phone_answered_cb, g_object_ref (self));
}

static void
sign_out_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (widget));

  /* The main window signs out and says how it went. */
  if (parent != NULL)
    gtk_widget_activate_action (GTK_WIDGET (parent), "win.sign-out", NULL);
  gtk_window_close (GTK_WINDOW (widget));
}

/* ---- GObject ------------------------------------------------------------------- */

PlzProfileWindow *
plz_profile_window_new (GtkWindow  *parent,
                        PlzAccount *account)
{
  PlzProfileWindow *self;

  g_return_val_if_fail (!parent || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (PLZ_IS_ACCOUNT (account), NULL);

  self = g_object_new (PLZ_TYPE_PROFILE_WINDOW,
                       "transient-for", parent,
                       "modal", parent != NULL,
                       NULL);
  self->account = g_object_ref (account);
  plz_operator_group_set_account (self->operator_group, account);
  plz_sessions_group_set_account (self->sessions_group, account);
  g_signal_connect_object (account, "notify::user", G_CALLBACK (user_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (account, "notify::avatar", G_CALLBACK (load_user), self, G_CONNECT_SWAPPED);
  load_user (self);
  return self;
}

static void
plz_profile_window_dispose (GObject *object)
{
  PlzProfileWindow *self = PLZ_PROFILE_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (self->chooser);
  g_clear_object (&self->chooser);
  gtk_widget_dispose_template (GTK_WIDGET (self), PLZ_TYPE_PROFILE_WINDOW);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->account);

  G_OBJECT_CLASS (plz_profile_window_parent_class)->dispose (object);
}

static void
plz_profile_window_class_init (PlzProfileWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = plz_profile_window_dispose;

  g_type_ensure (PLZ_TYPE_OPERATOR_GROUP);
  g_type_ensure (PLZ_TYPE_SESSIONS_GROUP);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/plaza/Plaza/plz-profile-window.ui");
  gtk_widget_class_bind_template_child (widget_class, PlzProfileWindow, avatar);
  gtk_widget_class_bind_template_child (widget_class, PlzProfileWindow, email_label);
  gtk_widget_class_bind_template_child (widget_class, PlzProfileWindow, avatar_spinner);
  gtk_widget_class_bind_template_child (widget_class, PlzProfileWindow, avatar_error);
  gtk_widget_class_bind_template_child (widget_class, PlzProfileWindow, name_row);
  gtk_widget_class_bind_template_child (widget_class, PlzProfileWindow, timezone_row);
  gtk_widget_class_bind_template_child (widget_class, PlzProfileWindow, name_error);
  gtk_widget_class_bind_template_child (widget_class, PlzProfileWindow, timezone_error);
  gtk_widget_class_bind_template_child (widget_class, PlzProfileWindow, bio_view);
  gtk_widget_class_bind_template_child (widget_class, PlzProfileWindow, bio_frame);
  gtk_widget_class_bind_template_child (widget_class, PlzProfileWindow, bio_error);
  gtk_widget_class_bind_template_child (widget_class, PlzProfileWindow, phone_group);
  gtk_widget_class_bind_template_child (widget_class, PlzProfileWindow, phone_row);
  gtk_widget_class_bind_template_child (widget_class, PlzProfileWindow, code_row);
  gtk_widget_class_bind_template_child (widget_class, PlzProfileWindow, phone_error);
  gtk_widget_class_bind_template_child (widget_class, PlzProfileWindow, operator_group);
  gtk_widget_class_bind_template_child (widget_class, PlzProfileWindow, sessions_group);
  gtk_widget_class_bind_template_callback (widget_class, field_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, phone_changed_cb);

  gtk_widget_class_install_action (widget_class, "profile.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "profile.choose-avatar", NULL, choose_avatar_action);
  gtk_widget_class_install_action (widget_class, "profile.send-code", NULL, send_code_action);
  gtk_widget_class_install_action (widget_class, "profile.verify-phone", NULL, verify_phone_action);
  gtk_widget_class_install_action (widget_class, "profile.sign-out", NULL, sign_out_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
plz_profile_window_init (PlzProfileWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  g_signal_connect_object (gtk_text_view_get_buffer (self->bio_view), "changed",
                           G_CALLBACK (field_changed_cb), self, G_CONNECT_SWAPPED);
}
