/* plz-window-live.c — the main window's part in live events: the account's
 * link feeds Messages, Bookings and Schedule (Messages sends through it on
 * its own, see plz_messages_page_set_account) */

#include "config.h"

#include "plz-window-private.h"

static void
link_event_cb (PlzWindow  *self,
               const char *kind,
               JsonObject *data,
               gint64      seq)
{
  if (g_str_has_prefix (kind, "message.") || g_str_has_prefix (kind, "conversation."))
    plz_messages_page_apply_event (self->messages_page, kind, data, seq);
  else if (g_str_has_prefix (kind, "booking."))
    {
      plz_bookings_page_reload (self->bookings_page);
      plz_schedule_page_apply_event (self->schedule_page, kind, data);
      /* The chat's context card shows the booking's stage. */
      plz_messages_page_reload (self->messages_page);
    }
  else if (g_str_has_prefix (kind, "dispatch."))
    plz_schedule_page_apply_event (self->schedule_page, kind, data);
}

static void
link_typing_cb (PlzWindow  *self,
                const char *conversation_id,
                const char *user_id)
{
  plz_messages_page_apply_typing (self->messages_page, conversation_id, user_id);
}

static void
link_changed_cb (PlzWindow *self)
{
  PlzLink *link = plz_account_get_link (self->account);

  if (link == self->live_link)
    return;
  if (self->live_link != NULL)
    g_signal_handlers_disconnect_by_data (self->live_link, self);
  g_set_object (&self->live_link, link);
  if (link == NULL)
    return;
  g_signal_connect_object (link, "event", G_CALLBACK (link_event_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (link, "typing", G_CALLBACK (link_typing_cb), self, G_CONNECT_SWAPPED);
}

void
_plz_window_setup_live (PlzWindow *self)
{
  g_signal_connect_object (self->account, "notify::link", G_CALLBACK (link_changed_cb), self, G_CONNECT_SWAPPED);
  link_changed_cb (self);
}
