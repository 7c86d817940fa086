/* plz-dispatch-offer.c — a live job offer with a countdown to its deadline */

#include "config.h"

#include <glib/gi18n.h>

#include "plz-booking-info.h"
#include "plz-dispatch-offer.h"
#include "plz-time.h"

/* Offers last 60 s by default; the bar shows the part of that still left. */
#define OFFER_WINDOW_S 60.0

struct _PlzDispatchOffer
{
  GtkBox       parent_instance;

  JsonObject  *offer;
  gint64       deadline;
  GtkLevelBar *level;
  GtkLabel    *countdown;
  GtkWidget   *accept;
  GtkWidget   *decline;
  guint        tick_id;
  gboolean     busy;
};

G_DEFINE_FINAL_TYPE (PlzDispatchOffer, plz_dispatch_offer, GTK_TYPE_BOX)

gint64
plz_dispatch_offer_get_seconds_left (PlzDispatchOffer *self)
{
  g_return_val_if_fail (PLZ_IS_DISPATCH_OFFER (self), 0);
  return MAX (0, (self->deadline - plz_time_now_us () + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC);
}

void
plz_dispatch_offer_tick (PlzDispatchOffer *self)
{
  gint64 left = plz_dispatch_offer_get_seconds_left (self);
  g_autofree char *text = NULL;

  g_return_if_fail (PLZ_IS_DISPATCH_OFFER (self));

  gtk_level_bar_set_value (self->level, MIN (1.0, left / OFFER_WINDOW_S));
  if (left > 0)
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d second left to answer", "%d seconds left to answer",
                                         (gulong) left), (int) left);
  else
    text = g_strdup (_("Expired: the job went to the next operator"));
  gtk_label_set_label (self->countdown, text);
  gtk_widget_set_sensitive (self->accept, left > 0 && !self->busy);
  gtk_widget_set_sensitive (self->decline, left > 0 && !self->busy);
  if (left == 0)
    g_clear_handle_id (&self->tick_id, g_source_remove);
}

static gboolean
tick_cb (gpointer user_data)
{
  plz_dispatch_offer_tick (PLZ_DISPATCH_OFFER (user_data));
  return G_SOURCE_CONTINUE;
}

static GtkWidget *
add_label (PlzDispatchOffer *self,
           const char       *text,
           const char       *style)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  if (style != NULL)
    gtk_widget_add_css_class (label, style);
  gtk_box_append (GTK_BOX (self), label);
  return label;
}

static GtkWidget *
add_button (GtkWidget  *box,
            const char *label,
            const char *action_name,
            const char *id,
            const char *answer)
{
  GtkWidget *button = gtk_button_new_with_label (label);

  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action_name);
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "(ss)", id, answer);
  gtk_box_append (GTK_BOX (box), button);
  return button;
}

GtkWidget *
plz_dispatch_offer_new (JsonObject *offer,
                        const char *group)
{
  PlzDispatchOffer *self;
  JsonArray *tags = plz_booking_get_array (offer, "tags");
  g_autoptr(GString) what = g_string_new (NULL);
  g_autofree char *details = NULL, *action_name = NULL;
  const char *id = plz_booking_get_string (offer, "id");
  const char *reason = plz_booking_get_string (offer, "reason");
  const char *note = plz_booking_get_string (offer, "note");
  JsonNode *distance = json_object_get_member (offer, "distance_km");
  GtkWidget *buttons;

  g_return_val_if_fail (offer != NULL, NULL);

  self = g_object_new (PLZ_TYPE_DISPATCH_OFFER, NULL);
  self->offer = json_object_ref (offer);
  if (!plz_booking_get_time (offer, "deadline", &self->deadline))
    self->deadline = 0;

  for (guint i = 0; tags != NULL && i < json_array_get_length (tags); i++)
    {
      const char *tag = json_array_get_string_element (tags, i);

      g_string_append_printf (what, "%s%s", what->len > 0 ? ", " : "", tag != NULL ? tag : "");
    }
  {
    /* TRANSLATORS: %s is what the customer needs ("plumbing") */
    g_autofree char *title = what->len > 0 ? g_strdup_printf (_("Job Offer: %s"), what->str)
                                           : g_strdup (_("Job Offer"));

    add_label (self, title, "heading");
  }
  if (reason != NULL)
    {
      /* TRANSLATORS: why the dispatcher chose this operator */
      g_autofree char *why = g_strdup_printf (_("Why you: %s"), reason);

      add_label (self, why, NULL);
    }
  if (distance != NULL && JSON_NODE_HOLDS_VALUE (distance))
    details = g_strdup_printf (_("%.1f km away"), json_node_get_double (distance));
  if (note != NULL && *note != '\0')
    {
      g_autofree char *with_note = details != NULL ? g_strdup_printf ("%s · “%s”", details, note)
                                                   : g_strdup_printf ("“%s”", note);
      g_free (details);
      details = g_steal_pointer (&with_note);
    }
  if (details != NULL)
    add_label (self, details, "dim-label");

  self->level = GTK_LEVEL_BAR (gtk_level_bar_new_for_interval (0, 1));
  gtk_level_bar_set_mode (self->level, GTK_LEVEL_BAR_MODE_CONTINUOUS);
  gtk_box_append (GTK_BOX (self), GTK_WIDGET (self->level));
  self->countdown = GTK_LABEL (add_label (self, "", "caption"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->level), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Time left to answer"), -1);

  buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_widget_set_halign (buttons, GTK_ALIGN_END);
  action_name = g_strconcat (group, ".offer", NULL);
  self->decline = add_button (buttons, _("Decline"), action_name, id != NULL ? id : "", "decline");
  self->accept = add_button (buttons, _("Accept Job"), action_name, id != NULL ? id : "", "accept");
  gtk_widget_add_css_class (self->accept, "suggested-action");
  gtk_box_append (GTK_BOX (self), buttons);

  plz_dispatch_offer_tick (self);
  if (plz_dispatch_offer_get_seconds_left (self) > 0)
    self->tick_id = g_timeout_add_seconds (1, tick_cb, self);
  return GTK_WIDGET (self);
}

const char *
plz_dispatch_offer_get_id (PlzDispatchOffer *self)
{
  g_return_val_if_fail (PLZ_IS_DISPATCH_OFFER (self), NULL);
  return plz_booking_get_string (self->offer, "id");
}

const char *
plz_dispatch_offer_get_countdown (PlzDispatchOffer *self)
{
  g_return_val_if_fail (PLZ_IS_DISPATCH_OFFER (self), NULL);
  return gtk_label_get_label (self->countdown);
}

void
plz_dispatch_offer_set_busy (PlzDispatchOffer *self,
                             gboolean          busy)
{
  g_return_if_fail (PLZ_IS_DISPATCH_OFFER (self));
  self->busy = busy;
  plz_dispatch_offer_tick (self);
}

static void
plz_dispatch_offer_dispose (GObject *object)
{
  PlzDispatchOffer *self = PLZ_DISPATCH_OFFER (object);

  g_clear_handle_id (&self->tick_id, g_source_remove);
  g_clear_pointer (&self->offer, json_object_unref);
  G_OBJECT_CLASS (plz_dispatch_offer_parent_class)->dispose (object);
}

static void
plz_dispatch_offer_class_init (PlzDispatchOfferClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = plz_dispatch_offer_dispose;
}

static void
plz_dispatch_offer_init (PlzDispatchOffer *self)
{
  gtk_orientable_set_orientation (GTK_ORIENTABLE (self), GTK_ORIENTATION_VERTICAL);
  gtk_box_set_spacing (GTK_BOX (self), 6);
  gtk_widget_add_css_class (GTK_WIDGET (self), "card");
  gtk_widget_add_css_class (GTK_WIDGET (self), "dispatch-offer");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Job offer"), -1);
}
