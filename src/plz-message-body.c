/* plz-message-body.c — a chat message's text, with the contact details Plaza
 * hid shown as "contact hidden" pills, and the note that goes under the bubble */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "plz-contact-detector.h"
#include "plz-message-body.h"

#define NBSP "\xc2\xa0"

typedef struct
{
  guint start;  /* bytes of the shown text */
  guint end;
} Pill;

struct _PlzMessageBody
{
  GtkWidget  parent_instance;

  GtkLabel  *label;
  char      *text;
  GArray    *pills;  /* Pill */
};

G_DEFINE_FINAL_TYPE (PlzMessageBody, plz_message_body, GTK_TYPE_WIDGET)

guint
plz_message_count_hidden (const char *body)
{
  guint n = 0;

  for (const char *p = body; p != NULL && (p = strstr (p, PLZ_CONTACT_MARKER)) != NULL;
       p += strlen (PLZ_CONTACT_MARKER))
    n++;
  return n;
}

/* The pill's words, with no-break spaces so a pill never wraps and has room
 * on both sides inside its rounded ends. */
static char *
pill_words (void)
{
  g_auto(GStrv) words = g_strsplit (_("contact hidden"), " ", -1);
  g_autofree char *joined = g_strjoinv (NBSP, words);

  return g_strconcat (NBSP, joined, NBSP, NULL);
}

void
plz_message_body_set_text (PlzMessageBody *self,
                           const char     *body)
{
  g_autofree char *valid = g_utf8_make_valid (body != NULL ? body : "", -1);
  g_autofree char *words = pill_words ();
  g_autoptr(PangoAttrList) attrs = pango_attr_list_new ();
  GString *shown = g_string_new (NULL);
  const char *p = valid, *marker;

  g_return_if_fail (PLZ_IS_MESSAGE_BODY (self));

  g_array_set_size (self->pills, 0);
  while ((marker = strstr (p, PLZ_CONTACT_MARKER)) != NULL)
    {
      Pill pill;
      PangoAttribute *attr;

      g_string_append_len (shown, p, marker - p);
      pill.start = shown->len;
      g_string_append (shown, words);
      pill.end = shown->len;
      g_array_append_val (self->pills, pill);

      attr = pango_attr_weight_new (PANGO_WEIGHT_SEMIBOLD);
      attr->start_index = pill.start;
      attr->end_index = pill.end;
      pango_attr_list_insert (attrs, attr);
      attr = pango_attr_scale_new (0.9);
      attr->start_index = pill.start;
      attr->end_index = pill.end;
      pango_attr_list_insert (attrs, attr);
      p = marker + strlen (PLZ_CONTACT_MARKER);
    }
  g_string_append (shown, p);

  g_free (self->text);
  self->text = g_string_free (shown, FALSE);
  gtk_label_set_text (self->label, self->text);
  gtk_label_set_attributes (self->label, attrs);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

const char *
plz_message_body_get_text (PlzMessageBody *self)
{
  g_return_val_if_fail (PLZ_IS_MESSAGE_BODY (self), NULL);
  return self->text;
}

guint
plz_message_body_get_n_hidden (PlzMessageBody *self)
{
  g_return_val_if_fail (PLZ_IS_MESSAGE_BODY (self), 0);
  return self->pills->len;
}

gboolean
plz_message_body_get_hidden_range (PlzMessageBody *self,
                                   guint           index,
                                   guint          *start,
                                   guint          *end)
{
  const Pill *pill;

  g_return_val_if_fail (PLZ_IS_MESSAGE_BODY (self), FALSE);

  if (index >= self->pills->len)
    return FALSE;
  pill = &g_array_index (self->pills, Pill, index);
  if (start != NULL)
    *start = (guint) g_utf8_pointer_to_offset (self->text, self->text + pill->start);
  if (end != NULL)
    *end = (guint) g_utf8_pointer_to_offset (self->text, self->text + pill->end);
  return TRUE;
}

GtkLabel *
plz_message_body_get_label (PlzMessageBody *self)
{
  g_return_val_if_fail (PLZ_IS_MESSAGE_BODY (self), NULL);
  return self->label;
}

/* Calls @draw for each piece of @pill on each line it covers, in the
 * body's coordinates; stops when it returns FALSE. */
static void
foreach_pill_rect (PlzMessageBody *self,
                   const Pill     *pill,
                   gboolean      (*draw) (const graphene_rect_t *rect, gpointer data),
                   gpointer        data)
{
  PangoLayout *layout = gtk_label_get_layout (self->label);
  PangoLayoutIter *iter;
  double dx = 0, dy = 0;
  int lx, ly;

  gtk_label_get_layout_offsets (self->label, &lx, &ly);
  gtk_widget_translate_coordinates (GTK_WIDGET (self->label), GTK_WIDGET (self), lx, ly, &dx, &dy);
  iter = pango_layout_get_iter (layout);
  do
    {
      PangoLayoutLine *line = pango_layout_iter_get_line_readonly (iter);
      int *ranges = NULL, n_ranges = 0, y0, y1;
      gboolean more = TRUE;

      if ((guint) (line->start_index + line->length) <= pill->start || (guint) line->start_index >= pill->end)
        continue;
      pango_layout_iter_get_line_yrange (iter, &y0, &y1);
      pango_layout_line_get_x_ranges (line, (int) pill->start, (int) pill->end, &ranges, &n_ranges);
      for (int i = 0; i < n_ranges && more; i++)
        {
          graphene_rect_t rect;

          graphene_rect_init (&rect, dx + ranges[2 * i] / (double) PANGO_SCALE, dy + y0 / (double) PANGO_SCALE,
                              (ranges[2 * i + 1] - ranges[2 * i]) / (double) PANGO_SCALE,
                              (y1 - y0) / (double) PANGO_SCALE);
          more = draw (&rect, data);
        }
      g_free (ranges);
      if (!more)
        break;
    }
  while (pango_layout_iter_next_line (iter));
  pango_layout_iter_free (iter);
}

static gboolean
first_rect (const graphene_rect_t *rect,
            gpointer               data)
{
  *(graphene_rect_t *) data = *rect;
  return FALSE;
}

gboolean
plz_message_body_get_pill_bounds (PlzMessageBody  *self,
                                  guint            index,
                                  graphene_rect_t *out)
{
  g_return_val_if_fail (PLZ_IS_MESSAGE_BODY (self), FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  if (index >= self->pills->len || gtk_widget_get_width (GTK_WIDGET (self)) == 0)
    return FALSE;
  graphene_rect_init (out, 0, 0, 0, 0);
  foreach_pill_rect (self, &g_array_index (self->pills, Pill, index), first_rect, out);
  return out->size.width > 0;
}

typedef struct
{
  GtkSnapshot *snapshot;
  GdkRGBA      color;
} PillPaint;

static gboolean
paint_rect (const graphene_rect_t *rect,
            gpointer               data)
{
  PillPaint *paint = data;
  GskRoundedRect rounded;
  graphene_rect_t inset = *rect;

  /* A little shorter than the line, so pills on lines above and below never touch. */
  graphene_rect_inset (&inset, 0, MIN (2, rect->size.height / 8));
  gsk_rounded_rect_init_from_rect (&rounded, &inset, inset.size.height / 2);
  gtk_snapshot_push_rounded_clip (paint->snapshot, &rounded);
  gtk_snapshot_append_color (paint->snapshot, &paint->color, &inset);
  gtk_snapshot_pop (paint->snapshot);
  return TRUE;
}

static void
plz_message_body_snapshot (GtkWidget   *widget,
                           GtkSnapshot *snapshot)
{
  PlzMessageBody *self = PLZ_MESSAGE_BODY (widget);
  PillPaint paint = { snapshot, { 0.21, 0.52, 0.89, 1 } };

  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_style_context_lookup_color (gtk_widget_get_style_context (widget), "accent_bg_color", &paint.color);
  G_GNUC_END_IGNORE_DEPRECATIONS
  paint.color.alpha = 0.2;
  /* Pills go under the text, so that it stays as sharp and selectable as the rest. */
  for (guint i = 0; i < self->pills->len; i++)
    foreach_pill_rect (self, &g_array_index (self->pills, Pill, i), paint_rect, &paint);
  gtk_widget_snapshot_child (widget, GTK_WIDGET (self->label), snapshot);
}

GtkWidget *
plz_message_body_new (void)
{
  return g_object_new (PLZ_TYPE_MESSAGE_BODY, NULL);
}

const char *
plz_message_hidden_note_text (gboolean from_me)
{
  return from_me ? _("Contact details hidden — share them after booking")
                 : _("Some details were hidden by Plaza");
}

GtkWidget *
plz_message_hidden_note_new (gboolean from_me)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 4);
  GtkWidget *icon = gtk_image_new_from_icon_name ("view-conceal-symbolic");
  GtkWidget *label = gtk_label_new (plz_message_hidden_note_text (from_me));

  gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL, "", -1);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_box_append (GTK_BOX (box), icon);
  gtk_box_append (GTK_BOX (box), label);
  gtk_widget_add_css_class (box, "contact-hidden-note");
  gtk_widget_add_css_class (box, "dim-label");
  gtk_widget_set_halign (box, from_me ? GTK_ALIGN_END : GTK_ALIGN_START);
  return box;
}

static void
plz_message_body_dispose (GObject *object)
{
  PlzMessageBody *self = PLZ_MESSAGE_BODY (object);

  g_clear_pointer ((GtkWidget **) &self->label, gtk_widget_unparent);
  G_OBJECT_CLASS (plz_message_body_parent_class)->dispose (object);
}

static void
plz_message_body_finalize (GObject *object)
{
  PlzMessageBody *self = PLZ_MESSAGE_BODY (object);

  g_free (self->text);
  g_array_unref (self->pills);
  G_OBJECT_CLASS (plz_message_body_parent_class)->finalize (object);
}

static void
plz_message_body_class_init (PlzMessageBodyClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = plz_message_body_dispose;
  object_class->finalize = plz_message_body_finalize;
  widget_class->snapshot = plz_message_body_snapshot;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "messagebody");
}

static void
plz_message_body_init (PlzMessageBody *self)
{
  self->pills = g_array_new (FALSE, FALSE, sizeof (Pill));
  self->text = g_strdup ("");
  self->label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->label, TRUE);
  gtk_label_set_wrap_mode (self->label, PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (self->label, 0);
  gtk_label_set_selectable (self->label, TRUE);
  gtk_widget_set_parent (GTK_WIDGET (self->label), GTK_WIDGET (self));
}
