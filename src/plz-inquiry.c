/* plz-inquiry.c — "Message" on a listing: the first question, then the conversation */

#include "config.h"

#include <glib/gi18n.h>

#include "plz-inquiry.h"
#include "plz-message-sender.h"

typedef struct
{
  GtkWindow  *parent;
  PlzAccount *account;
  char       *listing_id;
  char       *listing_title;
  char       *client_id;      /* one per question, so that asking again after an error creates one message */
  GtkTextView *text_view;
} Ask;

static void
ask_free (Ask *ask)
{
  g_clear_object (&ask->parent);
  g_clear_object (&ask->account);
  g_free (ask->listing_id);
  g_free (ask->listing_title);
  g_free (ask->client_id);
  g_free (ask);
}

static void show_dialog (GTask *task, const char *text, const char *error_message);

static void
posted_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) answer = plz_account_call_finish (PLZ_ACCOUNT (source), result, &error);
  JsonObject *conversation;

  if (answer != NULL && (conversation = json_object_get_object_member (answer, "conversation")) != NULL)
    {
      g_task_return_pointer (task, json_object_ref (conversation), (GDestroyNotify) json_object_unref);
      return;
    }
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  /* Back to the dialog with what was written and why it did not go. */
  show_dialog (task, g_object_get_data (G_OBJECT (task), "text"),
               error != NULL ? error->message : _("The server's answer had no conversation"));
}

static void
response_cb (AdwMessageDialog *dialog,
             const char       *response,
             gpointer          user_data)
{
  GTask *task = user_data;
  Ask *ask = g_task_get_task_data (task);
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (ask->text_view);
  g_autoptr(JsonObject) body = NULL;
  g_autofree char *escaped = NULL, *path = NULL;
  GtkTextIter start, end;
  char *text;

  if (!g_str_equal (response, "send"))
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, "Not sent");
      g_object_unref (task);
      return;
    }
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = g_strstrip (gtk_text_buffer_get_text (buffer, &start, &end, FALSE));
  g_object_set_data_full (G_OBJECT (task), "text", text, g_free);
  if (*text == '\0')
    {
      show_dialog (task, "", _("Write a question first"));
      g_object_unref (task);
      return;
    }
  body = json_object_new ();
  json_object_set_string_member (body, "body", text);
  json_object_set_string_member (body, "client_id", ask->client_id);
  escaped = g_uri_escape_string (ask->listing_id, NULL, FALSE);
  path = g_strconcat ("/api/v1/listings/", escaped, "/inquiries", NULL);
  plz_account_call_async (ask->account, "POST", path, body, FALSE, g_task_get_cancellable (task),
                          posted_cb, task);
}

static void
show_dialog (GTask      *task,
             const char *text,
             const char *error_message)
{
  Ask *ask = g_task_get_task_data (task);
  g_autofree char *heading = g_strdup_printf (_("Ask about “%s”"), ask->listing_title);
  AdwMessageDialog *dialog;
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *frame = gtk_frame_new (NULL);
  GtkWidget *scroller = gtk_scrolled_window_new ();

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (ask->parent, heading,
                                                       _("The operator gets your question in Messages.")));
  ask->text_view = GTK_TEXT_VIEW (gtk_text_view_new ());
  gtk_text_view_set_wrap_mode (ask->text_view, GTK_WRAP_WORD_CHAR);
  gtk_text_view_set_top_margin (ask->text_view, 8);
  gtk_text_view_set_bottom_margin (ask->text_view, 8);
  gtk_text_view_set_left_margin (ask->text_view, 8);
  gtk_text_view_set_right_margin (ask->text_view, 8);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (ask->text_view), text, -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (ask->text_view), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Your question"), -1);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), GTK_WIDGET (ask->text_view));
  gtk_scrolled_window_set_min_content_height (GTK_SCROLLED_WINDOW (scroller), 80);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_frame_set_child (GTK_FRAME (frame), scroller);
  gtk_box_append (GTK_BOX (box), frame);
  if (error_message != NULL)
    {
      GtkWidget *label = gtk_label_new (error_message);

      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_widget_add_css_class (label, "error");
      gtk_box_append (GTK_BOX (box), label);
    }
  adw_message_dialog_set_extra_child (dialog, box);
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "send", _("_Send"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "send", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "send");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_signal_connect (dialog, "response", G_CALLBACK (response_cb), g_object_ref (task));
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (GTK_WIDGET (ask->text_view));
}

void
plz_inquiry_ask_async (GtkWindow           *parent,
                       PlzAccount          *account,
                       const char          *listing_id,
                       const char          *listing_title,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Ask *ask;

  g_return_if_fail (parent == NULL || GTK_IS_WINDOW (parent));
  g_return_if_fail (PLZ_IS_ACCOUNT (account));
  g_return_if_fail (listing_id != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, plz_inquiry_ask_async);
  ask = g_new0 (Ask, 1);
  ask->parent = parent != NULL ? g_object_ref (parent) : NULL;
  ask->account = g_object_ref (account);
  ask->listing_id = g_strdup (listing_id);
  ask->listing_title = g_strdup (listing_title != NULL ? listing_title : _("this listing"));
  ask->client_id = plz_message_sender_new_client_id ();
  g_task_set_task_data (task, ask, (GDestroyNotify) ask_free);
  show_dialog (task, _("Hi, is this available?"), NULL);
}

JsonObject *
plz_inquiry_ask_finish (GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
