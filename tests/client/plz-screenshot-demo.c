/* plz-screenshot-demo.c — windows of real widgets for plaza-screenshot --demo:
 * a conversation whose contact details Plaza hid, and a composer the contact
 * warning stops, as the Messages page will put them together */

#include "config.h"

#include <adwaita.h>

#include "plz-contact-warning.h"
#include "plz-message-body.h"
#include "plz-screenshot-demo.h"

static const char *demo_css =
  ".demo-bubble { padding: 8px 12px; border-radius: 14px; background-color: alpha(@window_fg_color, 0.07); }"
  ".demo-bubble.mine { background-color: alpha(@accent_bg_color, 0.16); }"
  ".demo-composer { padding: 6px 10px; border-radius: 10px; background-color: @view_bg_color;"
  "  border: 1px solid alpha(@window_fg_color, 0.15); }";

static GtkWidget *
bubble (const char *body,
        gboolean    from_me)
{
  GtkWidget *column = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  GtkWidget *frame = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *text = plz_message_body_new ();

  plz_message_body_set_text (PLZ_MESSAGE_BODY (text), body);
  gtk_box_append (GTK_BOX (frame), text);
  gtk_widget_add_css_class (frame, "demo-bubble");
  if (from_me)
    gtk_widget_add_css_class (frame, "mine");
  gtk_widget_set_halign (frame, from_me ? GTK_ALIGN_END : GTK_ALIGN_START);
  gtk_widget_set_size_request (frame, -1, -1);
  gtk_box_append (GTK_BOX (column), frame);
  if (plz_message_count_hidden (body) > 0)
    gtk_box_append (GTK_BOX (column), plz_message_hidden_note_new (from_me));
  gtk_widget_set_halign (column, from_me ? GTK_ALIGN_END : GTK_ALIGN_START);
  gtk_widget_set_margin_start (column, from_me ? 120 : 0);
  gtk_widget_set_margin_end (column, from_me ? 0 : 120);
  return column;
}

static void
blocked_changed_cb (PlzContactWarning *warning,
                    GParamSpec        *pspec,
                    GtkWidget         *send)
{
  const char *reason = plz_contact_warning_get_reason (warning);

  /* What the composer does with the warning: Send says why it is off. */
  gtk_widget_set_sensitive (send, !plz_contact_warning_get_blocked (warning));
  gtk_widget_set_tooltip_text (send, reason);
  gtk_accessible_update_property (GTK_ACCESSIBLE (send), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  reason != NULL ? reason : "", -1);
}

static GtkWidget *
contact_warning_demo (void)
{
  GtkWidget *window = adw_window_new ();
  GtkWidget *content = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *chat = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *bottom = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *composer = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *view = gtk_text_view_new ();
  GtkWidget *send = gtk_button_new_with_label ("Send");
  PlzContactWarning *warning = plz_contact_warning_new ();
  g_autoptr(GtkCssProvider) css = gtk_css_provider_new ();
  g_autoptr(GtkCssProvider) plaza_css = gtk_css_provider_new ();
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (view));

  /* AdwApplication loads Plaza's style sheet by itself; here there is none. */
  gtk_css_provider_load_from_resource (plaza_css, "/org/plaza/Plaza/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (plaza_css),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  gtk_css_provider_load_from_data (css, demo_css, -1);
  gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (css),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  gtk_window_set_title (GTK_WINDOW (window), "Shine Valet — Full wash and valet");
  adw_header_bar_set_title_widget (ADW_HEADER_BAR (header),
                                   adw_window_title_new ("Shine Valet", "Full wash and valet · R350"));
  gtk_box_append (GTK_BOX (content), header);

  gtk_widget_set_vexpand (chat, TRUE);
  gtk_widget_set_valign (chat, GTK_ALIGN_END);
  gtk_widget_set_margin_start (chat, 18);
  gtk_widget_set_margin_end (chat, 18);
  gtk_widget_set_margin_top (chat, 18);
  gtk_widget_set_margin_bottom (chat, 12);
  /* Bodies as the server delivers them after hiding the details. */
  gtk_box_append (GTK_BOX (chat), bubble ("Hi! Is Saturday at 10:30 free for a full valet?", TRUE));
  gtk_box_append (GTK_BOX (chat), bubble ("Yes, Saturday works. [contact hidden] and I'll send the address.",
                                          FALSE));
  gtk_box_append (GTK_BOX (chat), bubble ("Great, my email is [contact hidden] if easier.", TRUE));
  gtk_box_append (GTK_BOX (content), chat);

  gtk_widget_set_margin_start (bottom, 18);
  gtk_widget_set_margin_end (bottom, 18);
  gtk_widget_set_margin_bottom (bottom, 18);
  gtk_box_append (GTK_BOX (bottom), GTK_WIDGET (warning));
  gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (view), GTK_WRAP_WORD_CHAR);
  gtk_widget_set_hexpand (view, TRUE);
  gtk_widget_set_valign (view, GTK_ALIGN_CENTER);
  gtk_widget_set_size_request (view, -1, 24);
  gtk_accessible_update_property (GTK_ACCESSIBLE (view), GTK_ACCESSIBLE_PROPERTY_LABEL, "Message", -1);
  gtk_box_append (GTK_BOX (composer), view);
  gtk_widget_add_css_class (send, "suggested-action");
  gtk_widget_set_valign (send, GTK_ALIGN_END);
  gtk_box_append (GTK_BOX (composer), send);
  gtk_widget_add_css_class (composer, "demo-composer");
  gtk_box_append (GTK_BOX (bottom), composer);
  gtk_box_append (GTK_BOX (content), bottom);
  adw_window_set_content (ADW_WINDOW (window), content);

  g_signal_connect_object (warning, "notify::blocked", G_CALLBACK (blocked_changed_cb), send, 0);
  plz_contact_warning_attach (warning, buffer);
  gtk_text_buffer_set_text (buffer, "Perfect. Rather call me on 082 555 1234 and we sort out the price.", -1);
  plz_contact_warning_check_now (warning);
  /* The composer has the focus, as when someone is typing. */
  gtk_window_set_focus (GTK_WINDOW (window), view);
  return window;
}

GtkWidget *
plz_screenshot_demo_new (const char  *name,
                         GError     **error)
{
  if (g_strcmp0 (name, "contact-warning") == 0)
    return contact_warning_demo ();
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, "There is no demo called “%s”", name);
  return NULL;
}
