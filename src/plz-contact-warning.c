/* plz-contact-warning.c — the composer's live check for contact details:
 * highlights what was found, says why, and tells the composer when not to send */

#include "config.h"

#include <glib/gi18n.h>

#include "plz-contact-detector.h"
#include "plz-contact-warning.h"

#define CHECK_DELAY_MS 150
#define QUOTE_MAX      40

struct _PlzContactWarning
{
  AdwBin         parent_instance;

  /* Template children */
  GtkRevealer   *revealer;
  GtkBox        *box;
  GtkImage      *icon;
  GtkLabel      *message_label;
  GtkMenuButton *why_button;

  GtkTextBuffer *buffer;
  gulong         changed_id;
  guint          check_id;
  gboolean       booked;
  const char    *state;
  char          *message;
  char          *reason;
};

G_DEFINE_FINAL_TYPE (PlzContactWarning, plz_contact_warning, ADW_TYPE_BIN)

enum
{
  PROP_0,
  PROP_BLOCKED,
  PROP_REASON,
  PROP_STAGE,
  PROP_STATE,
  PROP_MESSAGE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* What to do when a finding of each kind blocks Send. */
static const char * const kind_reasons[] = {
  [PLZ_CONTACT_KIND_PHONE] =
    N_("Remove the phone number to send: "
       "contact details stay on Plaza until a booking is confirmed."),
  [PLZ_CONTACT_KIND_EMAIL] =
    N_("Remove the email address to send: "
       "contact details stay on Plaza until a booking is confirmed."),
  [PLZ_CONTACT_KIND_HANDLE] =
    N_("Remove the handle to send: "
       "contact details stay on Plaza until a booking is confirmed."),
  [PLZ_CONTACT_KIND_MESSAGING_APP] =
    N_("Remove the invitation to another app to send: "
       "chat stays on Plaza until a booking is confirmed."),
  [PLZ_CONTACT_KIND_LINK] =
    N_("Remove the link to send: "
       "contact details stay on Plaza until a booking is confirmed."),
  [PLZ_CONTACT_KIND_PAYMENT] =
    N_("Remove the request to pay outside Plaza to send: "
       "payments outside Plaza are not protected."),
  [PLZ_CONTACT_KIND_REQUEST] =
    N_("Remove the request for contact details to send: "
       "contact stays on Plaza until a booking is confirmed."),
  [PLZ_CONTACT_KIND_OFF_PLATFORM] =
    N_("Remove the invitation to deal outside Plaza to send: "
       "bookings and payments stay on Plaza."),
};

G_STATIC_ASSERT (G_N_ELEMENTS (kind_reasons) == PLZ_CONTACT_KIND_LAST + 1);

static void
set_string (char       **field,
            const char  *value,
            GObject     *object,
            GParamSpec  *pspec)
{
  if (g_strcmp0 (*field, value) == 0)
    return;
  g_free (*field);
  *field = g_strdup (value);
  g_object_notify_by_pspec (object, pspec);
}

/* Shows @state with @message (NULL hides the warning) and @reason (NULL: Send allowed). */
static void
show (PlzContactWarning *self,
      const char        *state,
      const char        *message,
      const char        *reason)
{
  static const char * const classes[] = { "note", "warning", "blocked", "refused", "notice" };
  gboolean was_blocked = self->reason != NULL;
  const char *icon = "dialog-warning-symbolic";

  state = g_intern_static_string (state);
  g_object_freeze_notify (G_OBJECT (self));
  for (guint i = 0; i < G_N_ELEMENTS (classes); i++)
    gtk_widget_remove_css_class (GTK_WIDGET (self->box), classes[i]);
  if (!g_str_equal (state, "clear"))
    gtk_widget_add_css_class (GTK_WIDGET (self->box), state);
  if (g_str_equal (state, "note") || g_str_equal (state, "notice"))
    icon = "dialog-information-symbolic";
  else if (g_str_equal (state, "blocked") || g_str_equal (state, "refused"))
    icon = "action-unavailable-symbolic";
  gtk_image_set_from_icon_name (self->icon, icon);
  gtk_label_set_text (self->message_label, message != NULL ? message : "");
  /* The Why? link explains keeping contact on Plaza; a refusal carries its own reasons. */
  gtk_widget_set_visible (GTK_WIDGET (self->why_button), !g_str_equal (state, "note"));
  gtk_revealer_set_reveal_child (self->revealer, message != NULL);

  if (self->state != state)
    {
      self->state = state;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
    }
  set_string (&self->message, message, G_OBJECT (self), properties[PROP_MESSAGE]);
  set_string (&self->reason, reason, G_OBJECT (self), properties[PROP_REASON]);
  if (was_blocked != (reason != NULL))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BLOCKED]);
  g_object_thaw_notify (G_OBJECT (self));
}

/* Characters (code points) in @text between the byte offsets @from and @to:
 * the detector counts bytes, GtkTextBuffer characters. */
static gsize
count_chars (const char *text,
             gsize       from,
             gsize       to)
{
  gsize n = 0;

  for (gsize i = from; i < to; i++)
    if (((guchar) text[i] & 0xC0) != 0x80)
      n++;
  return n;
}

static GtkTextTag *
ensure_tag (GtkTextBuffer *buffer)
{
  GtkTextTagTable *table = gtk_text_buffer_get_tag_table (buffer);
  GtkTextTag *tag = gtk_text_tag_table_lookup (table, PLZ_CONTACT_WARNING_TAG);
  GdkRGBA background = { 0.9, 0.65, 0.04, 0.28 };

  if (tag == NULL)
    tag = gtk_text_buffer_create_tag (buffer, PLZ_CONTACT_WARNING_TAG,
                                      "underline", PANGO_UNDERLINE_ERROR,
                                      "background-rgba", &background,
                                      NULL);
  return tag;
}

static void
clear_tags (GtkTextBuffer *buffer)
{
  GtkTextTag *tag = gtk_text_tag_table_lookup (gtk_text_buffer_get_tag_table (buffer), PLZ_CONTACT_WARNING_TAG);
  GtkTextIter start, end;

  if (tag == NULL)
    return;
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  gtk_text_buffer_remove_tag (buffer, tag, &start, &end);
}

/* Marks the findings worth showing (those the server would hide; all of
 * them when none is that sure) in the buffer holding @text. */
static void
tag_findings (PlzContactWarning      *self,
              const char             *text,
              const PlzContactResult *result)
{
  GtkTextTag *tag = ensure_tag (self->buffer);
  gboolean any_sure = plz_contact_result_kinds (result, PLZ_CONTACT_REDACT_MIN) != 0;
  gsize byte = 0, chars = 0;

  for (guint i = 0; i < result->findings->len; i++)
    {
      const PlzContactFinding *f = &g_array_index (result->findings, PlzContactFinding, i);
      GtkTextIter start, end;
      gsize start_char;

      if (any_sure && f->confidence < PLZ_CONTACT_REDACT_MIN)
        continue;
      /* Findings come by start, so counting goes on from the last one. */
      if (f->start >= byte)
        {
          chars += count_chars (text, byte, f->start);
          byte = f->start;
        }
      else
        {
          chars = count_chars (text, 0, f->start);
          byte = f->start;
        }
      start_char = chars;
      gtk_text_buffer_get_iter_at_offset (self->buffer, &start, (int) start_char);
      gtk_text_buffer_get_iter_at_offset (self->buffer, &end,
                                          (int) (start_char + count_chars (text, f->start, f->end)));
      gtk_text_buffer_apply_tag (self->buffer, tag, &start, &end);
    }
}

/* The finding to name: the surest, the first of equals. */
static const PlzContactFinding *
main_finding (const PlzContactResult *result)
{
  const PlzContactFinding *best = NULL;

  for (guint i = 0; i < result->findings->len; i++)
    {
      const PlzContactFinding *f = &g_array_index (result->findings, PlzContactFinding, i);

      if (best == NULL || f->confidence > best->confidence)
        best = f;
    }
  return best;
}

/* What @quote, a finding of @kind, is, in words. */
static char *
what_found (PlzContactKind  kind,
            const char     *quote)
{
  switch (kind)
    {
    case PLZ_CONTACT_KIND_PHONE:
      return g_strdup_printf (_("“%s” looks like a phone number."), quote);
    case PLZ_CONTACT_KIND_EMAIL:
      return g_strdup_printf (_("“%s” looks like an email address."), quote);
    case PLZ_CONTACT_KIND_HANDLE:
      return g_strdup_printf (_("“%s” looks like a social media or messaging handle."), quote);
    case PLZ_CONTACT_KIND_MESSAGING_APP:
      return g_strdup_printf (_("“%s” invites them to another messaging app."), quote);
    case PLZ_CONTACT_KIND_LINK:
      return g_strdup_printf (_("“%s” is a link away from Plaza."), quote);
    case PLZ_CONTACT_KIND_PAYMENT:
      return g_strdup_printf (_("“%s” asks for payment outside Plaza."), quote);
    case PLZ_CONTACT_KIND_REQUEST:
      return g_strdup_printf (_("“%s” asks for contact details."), quote);
    case PLZ_CONTACT_KIND_OFF_PLATFORM:
    default:
      return g_strdup_printf (_("“%s” suggests dealing outside Plaza."), quote);
    }
}

/* "“082 555 1234” looks like a phone number." (with the quote cut short). */
static char *
describe (const char              *text,
          const PlzContactFinding *f,
          guint                    n_findings)
{
  g_autofree char *found = g_utf8_make_valid (text + f->start, (gssize) (f->end - f->start));
  g_autofree char *quote = NULL;
  g_autofree char *what = NULL;

  g_strstrip (found);
  if (g_utf8_strlen (found, -1) > QUOTE_MAX)
    {
      g_autofree char *cut = g_utf8_substring (found, 0, QUOTE_MAX - 1);

      quote = g_strconcat (cut, "…", NULL);
    }
  else
    quote = g_steal_pointer (&found);
  what = what_found (f->kind, quote);
  if (n_findings <= 1)
    return g_steal_pointer (&what);
  return g_strdup_printf (ngettext ("%s One more is highlighted.", "%s %u more are highlighted.",
                                    n_findings - 1), what, n_findings - 1);
}

static guint
count_shown (const PlzContactResult *result)
{
  gboolean any_sure = plz_contact_result_kinds (result, PLZ_CONTACT_REDACT_MIN) != 0;
  guint n = 0;

  for (guint i = 0; i < result->findings->len; i++)
    if (!any_sure || g_array_index (result->findings, PlzContactFinding, i).confidence >= PLZ_CONTACT_REDACT_MIN)
      n++;
  return n;
}

/* Mirrors the server's default policy (server/moderation/plz-moderation.c):
 * before a booking, high risk is refused and medium risk delivered with the
 * details hidden; after one, sharing is allowed; low risk always goes. */
static void
check (PlzContactWarning *self)
{
  g_autoptr(PlzContactResult) result = NULL;
  g_autofree char *text = NULL;
  g_autofree char *what = NULL;
  g_autofree char *message = NULL;
  const PlzContactFinding *f;
  GtkTextIter start, end;
  guint payment_kinds = (1u << PLZ_CONTACT_KIND_PAYMENT) | (1u << PLZ_CONTACT_KIND_OFF_PLATFORM);

  g_clear_handle_id (&self->check_id, g_source_remove);
  if (self->buffer == NULL)
    {
      show (self, "clear", NULL, NULL);
      return;
    }

  /* The slice keeps U+FFFC for embedded objects, so byte and character
   * offsets both match the buffer's. */
  gtk_text_buffer_get_bounds (self->buffer, &start, &end);
  text = gtk_text_buffer_get_slice (self->buffer, &start, &end, TRUE);
  result = plz_contact_scan (text, -1);
  clear_tags (self->buffer);
  f = main_finding (result);

  if (result->risk < PLZ_CONTACT_RISK_MEDIUM || f == NULL)
    {
      show (self, "clear", NULL, NULL);
      return;
    }

  if (self->booked)
    {
      /* Sharing is fine now; paying outside Plaza still loses its protection. */
      if ((plz_contact_result_kinds (result, PLZ_CONTACT_REDACT_MIN) & payment_kinds) != 0)
        show (self, "note", _("Your booking is confirmed, so sharing contact details is fine. "
                              "Payments outside Plaza are not protected, though."), NULL);
      else
        show (self, "clear", NULL, NULL);
      return;
    }

  tag_findings (self, text, result);
  what = describe (text, f, count_shown (result));
  if (result->risk == PLZ_CONTACT_RISK_HIGH)
    {
      message = g_strdup_printf ("%s %s", what, _("Until a booking is confirmed, contact and payment "
                                                  "stay on Plaza. Remove it to send."));
      show (self, "blocked", message, _(kind_reasons[f->kind]));
    }
  else
    {
      message = g_strdup_printf ("%s %s", what, _("You can send this, but Plaza will hide it from them "
                                                  "until a booking is confirmed."));
      show (self, "warning", message, NULL);
    }
}

static gboolean
check_cb (gpointer user_data)
{
  PlzContactWarning *self = user_data;

  self->check_id = 0;
  check (self);
  return G_SOURCE_REMOVE;
}

static void
buffer_changed_cb (PlzContactWarning *self)
{
  /* Scanning waits for a pause in typing, so every key stays quick. */
  g_clear_handle_id (&self->check_id, g_source_remove);
  self->check_id = g_timeout_add (CHECK_DELAY_MS, check_cb, self);
}

void
plz_contact_warning_check_now (PlzContactWarning *self)
{
  g_return_if_fail (PLZ_IS_CONTACT_WARNING (self));
  check (self);
}

static void
detach (PlzContactWarning *self)
{
  g_clear_handle_id (&self->check_id, g_source_remove);
  if (self->buffer == NULL)
    return;
  g_clear_signal_handler (&self->changed_id, self->buffer);
  clear_tags (self->buffer);
  g_clear_object (&self->buffer);
}

void
plz_contact_warning_attach (PlzContactWarning *self,
                            GtkTextBuffer     *buffer)
{
  g_return_if_fail (PLZ_IS_CONTACT_WARNING (self));
  g_return_if_fail (buffer == NULL || GTK_IS_TEXT_BUFFER (buffer));

  if (buffer == self->buffer)
    return;
  detach (self);
  if (buffer != NULL)
    {
      self->buffer = g_object_ref (buffer);
      self->changed_id = g_signal_connect_swapped (buffer, "changed", G_CALLBACK (buffer_changed_cb), self);
    }
  check (self);
}

void
plz_contact_warning_set_stage (PlzContactWarning *self,
                               const char        *stage)
{
  gboolean booked;

  g_return_if_fail (PLZ_IS_CONTACT_WARNING (self));
  g_return_if_fail (stage != NULL);

  if (g_str_equal (stage, "pre_booking"))
    booked = FALSE;
  else if (g_str_equal (stage, "post_booking") || g_str_equal (stage, "booked"))
    booked = TRUE;
  else
    {
      g_warning ("Unknown conversation stage “%s”; it stays %s", stage,
                 plz_contact_warning_get_stage (self));
      return;
    }
  if (booked == self->booked)
    return;
  self->booked = booked;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STAGE]);
  check (self);
}

const char *
plz_contact_warning_get_stage (PlzContactWarning *self)
{
  g_return_val_if_fail (PLZ_IS_CONTACT_WARNING (self), NULL);
  return self->booked ? "post_booking" : "pre_booking";
}

void
plz_contact_warning_show_refusal (PlzContactWarning *self,
                                  const char        *code,
                                  const char        *message)
{
  g_return_if_fail (PLZ_IS_CONTACT_WARNING (self));

  if (message == NULL || *message == '\0')
    {
      if (g_strcmp0 (code, "sending_restricted") == 0)
        message = _("Messages before a booking are paused for a while because contact details were "
                    "shared again and again.");
      else if (g_strcmp0 (code, "contact_details_not_allowed") == 0)
        message = _("This message was not sent: it includes contact details. Until a booking is "
                    "confirmed, please keep contact and payment on Plaza.");
      else
        message = _("The server did not accept this message.");
    }
  /* The scheduled check would replace the server's words with ours. */
  g_clear_handle_id (&self->check_id, g_source_remove);
  show (self, "refused", message, message);
}

void
plz_contact_warning_show_notice (PlzContactWarning *self,
                                 const char        *notice)
{
  g_return_if_fail (PLZ_IS_CONTACT_WARNING (self));

  if (notice == NULL || *notice == '\0')
    return;
  /* The composer empties its text after a send: that check must not hide the notice. */
  g_clear_handle_id (&self->check_id, g_source_remove);
  show (self, "notice", notice, NULL);
}

gboolean
plz_contact_warning_get_blocked (PlzContactWarning *self)
{
  g_return_val_if_fail (PLZ_IS_CONTACT_WARNING (self), FALSE);
  return self->reason != NULL;
}

const char *
plz_contact_warning_get_reason (PlzContactWarning *self)
{
  g_return_val_if_fail (PLZ_IS_CONTACT_WARNING (self), NULL);
  return self->reason;
}

const char *
plz_contact_warning_get_state (PlzContactWarning *self)
{
  g_return_val_if_fail (PLZ_IS_CONTACT_WARNING (self), NULL);
  return self->state;
}

const char *
plz_contact_warning_get_message (PlzContactWarning *self)
{
  g_return_val_if_fail (PLZ_IS_CONTACT_WARNING (self), NULL);
  return self->message;
}

PlzContactWarning *
plz_contact_warning_new (void)
{
  return g_object_new (PLZ_TYPE_CONTACT_WARNING, NULL);
}

static void
plz_contact_warning_dispose (GObject *object)
{
  PlzContactWarning *self = PLZ_CONTACT_WARNING (object);

  detach (self);
  /* The revealer is the bin's child and a template child: the bin lets go first. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), PLZ_TYPE_CONTACT_WARNING);
  G_OBJECT_CLASS (plz_contact_warning_parent_class)->dispose (object);
}

static void
plz_contact_warning_finalize (GObject *object)
{
  PlzContactWarning *self = PLZ_CONTACT_WARNING (object);

  g_free (self->message);
  g_free (self->reason);
  G_OBJECT_CLASS (plz_contact_warning_parent_class)->finalize (object);
}

static void
plz_contact_warning_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  PlzContactWarning *self = PLZ_CONTACT_WARNING (object);

  switch (prop_id)
    {
    case PROP_BLOCKED:
      g_value_set_boolean (value, self->reason != NULL);
      break;
    case PROP_REASON:
      g_value_set_string (value, self->reason);
      break;
    case PROP_STAGE:
      g_value_set_string (value, plz_contact_warning_get_stage (self));
      break;
    case PROP_STATE:
      g_value_set_string (value, self->state);
      break;
    case PROP_MESSAGE:
      g_value_set_string (value, self->message);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
plz_contact_warning_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  switch (prop_id)
    {
    case PROP_STAGE:
      plz_contact_warning_set_stage (PLZ_CONTACT_WARNING (object), g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
plz_contact_warning_class_init (PlzContactWarningClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GParamFlags ro = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->dispose = plz_contact_warning_dispose;
  object_class->finalize = plz_contact_warning_finalize;
  object_class->get_property = plz_contact_warning_get_property;
  object_class->set_property = plz_contact_warning_set_property;

  properties[PROP_BLOCKED] = g_param_spec_boolean ("blocked", NULL, NULL, FALSE, ro);
  properties[PROP_REASON] = g_param_spec_string ("reason", NULL, NULL, NULL, ro);
  properties[PROP_STAGE] = g_param_spec_string ("stage", NULL, NULL, "pre_booking",
                                                G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS
                                                | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_STATE] = g_param_spec_string ("state", NULL, NULL, "clear", ro);
  properties[PROP_MESSAGE] = g_param_spec_string ("message", NULL, NULL, NULL, ro);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/plaza/Plaza/plz-contact-warning.ui");
  gtk_widget_class_bind_template_child (widget_class, PlzContactWarning, revealer);
  gtk_widget_class_bind_template_child (widget_class, PlzContactWarning, box);
  gtk_widget_class_bind_template_child (widget_class, PlzContactWarning, icon);
  gtk_widget_class_bind_template_child (widget_class, PlzContactWarning, message_label);
  gtk_widget_class_bind_template_child (widget_class, PlzContactWarning, why_button);
}

static void
plz_contact_warning_init (PlzContactWarning *self)
{
  self->state = g_intern_static_string ("clear");
  gtk_widget_init_template (GTK_WIDGET (self));
}
