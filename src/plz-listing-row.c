/* plz-listing-row.c — one of an operator's listings in their list: photo,
 * title, price, status, counters, and the moves its status allows */

#include "config.h"

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <glib/gi18n.h>

#include "plz-listing-row.h"
#include "plz-listing-status.h"
#include "plz-money.h"

struct _PlzListingRow
{
  GtkListBoxRow   parent_instance;

  /* Template children */
  GtkStack       *thumbnail_stack;
  GtkImage       *thumbnail;
  GtkLabel       *title_label;
  GtkLabel       *status_label;
  GtkLabel       *price_label;
  GtkLabel       *counters_label;
  GtkButton      *primary_button;
  GtkButton      *edit_button;
  GtkMenuButton  *more_button;

  JsonObject     *listing;
  gboolean        narrow;
};

G_DEFINE_FINAL_TYPE (PlzListingRow, plz_listing_row, GTK_TYPE_LIST_BOX_ROW)

const char *
plz_listing_row_move_label (const char *from,
                            const char *status)
{
  if (g_strcmp0 (status, "active") == 0)
    return g_strcmp0 (from, "draft") == 0 ? _("Publish") : _("Re-publish");
  if (g_strcmp0 (status, "paused") == 0)
    return _("Pause");
  if (g_strcmp0 (status, "sold") == 0)
    return _("Mark Sold");
  if (g_strcmp0 (status, "archived") == 0)
    return _("Archive");
  return status;
}

GdkTexture *
plz_listing_row_make_thumbnail (GBytes  *bytes,
                                int      pixels,
                                GError **error)
{
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(GdkPixbuf) pixbuf = NULL;
  g_autoptr(GdkPixbuf) square = NULL;
  g_autoptr(GdkPixbuf) scaled = NULL;
  int width, height, side;

  g_return_val_if_fail (bytes != NULL, NULL);

  stream = g_memory_input_stream_new_from_bytes (bytes);
  pixbuf = gdk_pixbuf_new_from_stream (stream, NULL, error);
  if (pixbuf == NULL)
    return NULL;
  width = gdk_pixbuf_get_width (pixbuf);
  height = gdk_pixbuf_get_height (pixbuf);
  side = MIN (width, height);
  square = gdk_pixbuf_new_subpixbuf (pixbuf, (width - side) / 2, (height - side) / 2, side, side);
  scaled = gdk_pixbuf_scale_simple (square, pixels, pixels, GDK_INTERP_BILINEAR);
  return gdk_texture_new_for_pixbuf (scaled);
}

static gint64
counter (JsonObject *listing,
         const char *name)
{
  JsonNode *node = json_object_get_member (listing, "counters");

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return 0;
  return json_object_get_int_member_with_default (json_node_get_object (node), name, 0);
}

static char *
counters_text (JsonObject *listing)
{
  /* Counts past four billion would be a fine problem to have. */
  guint views = (guint) CLAMP (counter (listing, "views"), 0, G_MAXUINT);
  guint favorites = (guint) CLAMP (counter (listing, "favorites"), 0, G_MAXUINT);
  guint inquiries = (guint) CLAMP (counter (listing, "inquiries"), 0, G_MAXUINT);
  g_autofree char *v = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u view", "%u views", views), views);
  g_autofree char *f = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u favorite", "%u favorites", favorites),
                                        favorites);
  g_autofree char *q = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u inquiry", "%u inquiries", inquiries),
                                        inquiries);

  return g_strdup_printf ("%s · %s · %s", v, f, q);
}

static char *
price_text (JsonObject *listing)
{
  JsonNode *node = json_object_get_member (listing, "price");
  JsonObject *price = node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;

  return plz_money_format_price (price != NULL ? json_object_get_int_member_with_default (price, "amount_minor", 0) : 0,
                                 price != NULL ? json_object_get_string_member_with_default (price, "currency", "ZAR") : "ZAR",
                                 json_object_get_string_member_with_default (listing, "pricing_type", "fixed"));
}

/* A button's name says which listing it acts on: "Publish “Garden care”". */
static void
name_button (GtkWidget  *button,
             const char *verb,
             const char *title)
{
  /* TRANSLATORS: a button's accessible name: an action, then a listing's title */
  g_autofree char *label = g_strdup_printf (_("%s “%s”"), verb, title);

  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
}

/* The likely move as a button, the others (and Delete) in the menu. */
static void
build_actions (PlzListingRow *self)
{
  JsonObject *l = self->listing;
  const char *id = json_object_get_string_member_with_default (l, "id", "");
  const char *title = json_object_get_string_member_with_default (l, "title", "");
  const char *status = json_object_get_string_member_with_default (l, "status", "draft");
  const char * const *moves = plz_listing_status_moves (status);
  g_autoptr(GMenu) menu = g_menu_new ();
  g_autoptr(GMenu) danger = g_menu_new ();
  g_autoptr(GMenuItem) delete = g_menu_item_new (_("Delete…"), NULL);

  if (self->narrow && !g_str_equal (status, "archived"))
    {
      g_autoptr(GMenuItem) edit = g_menu_item_new (_("Edit"), NULL);

      g_menu_item_set_action_and_target (edit, "listings.edit", "s", id);
      g_menu_append_item (menu, edit);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->primary_button), moves[0] != NULL && !g_str_equal (moves[0], "archived"));
  for (guint i = 0; moves[i] != NULL; i++)
    {
      const char *verb = plz_listing_row_move_label (status, moves[i]);

      if (i == 0 && !g_str_equal (moves[i], "archived"))
        {
          gtk_button_set_label (self->primary_button, verb);
          gtk_actionable_set_action_name (GTK_ACTIONABLE (self->primary_button), "listings.set-status");
          gtk_actionable_set_action_target (GTK_ACTIONABLE (self->primary_button), "(ss)", id, moves[i]);
          name_button (GTK_WIDGET (self->primary_button), verb, title);
          /* Publishing a draft is the step the operator is here for. */
          if (g_str_equal (status, "draft"))
            gtk_widget_add_css_class (GTK_WIDGET (self->primary_button), "suggested-action");
        }
      else
        {
          g_autoptr(GMenuItem) item = g_menu_item_new (verb, NULL);

          g_menu_item_set_action_and_target (item, "listings.set-status", "(ss)", id, moves[i]);
          g_menu_append_item (menu, item);
        }
    }
  g_menu_item_set_action_and_target (delete, "listings.delete", "s", id);
  g_menu_append_item (danger, delete);
  g_menu_append_section (menu, NULL, G_MENU_MODEL (danger));
  gtk_menu_button_set_menu_model (self->more_button, G_MENU_MODEL (menu));
  name_button (GTK_WIDGET (self->more_button), _("More actions for"), title);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->more_button), _("More Actions"));
}

static void
fill (PlzListingRow *self)
{
  JsonObject *l = self->listing;
  const char *id = json_object_get_string_member_with_default (l, "id", "");
  const char *title = json_object_get_string_member_with_default (l, "title", "");
  const char *status = json_object_get_string_member_with_default (l, "status", "draft");
  g_autofree char *price = price_text (l);
  g_autofree char *counters = counters_text (l);
  g_autofree char *status_class = g_strconcat ("status-", status, NULL);
  g_autofree char *summary = NULL;
  gboolean archived = g_str_equal (status, "archived");

  gtk_label_set_label (self->title_label, title);
  gtk_label_set_label (self->status_label, plz_listing_status_label (status));
  gtk_widget_add_css_class (GTK_WIDGET (self->status_label), status_class);
  gtk_label_set_label (self->price_label, price);
  gtk_label_set_label (self->counters_label, counters);

  build_actions (self);

  /* Archived listings are final: nothing to edit. */
  gtk_widget_set_visible (GTK_WIDGET (self->edit_button), !archived && !self->narrow);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (self), !archived);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->edit_button), "listings.edit");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->edit_button), "s", id);
  name_button (GTK_WIDGET (self->edit_button), _("Edit"), title);

  summary = g_strdup_printf ("%s, %s, %s, %s", title, plz_listing_status_label (status), price, counters);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, summary, -1);
}

GtkWidget *
plz_listing_row_new (JsonObject *listing)
{
  PlzListingRow *self;

  g_return_val_if_fail (listing != NULL, NULL);

  self = g_object_new (PLZ_TYPE_LISTING_ROW, NULL);
  self->listing = json_object_ref (listing);
  fill (self);
  return GTK_WIDGET (self);
}

void
plz_listing_row_set_narrow (PlzListingRow *self,
                            gboolean       narrow)
{
  g_return_if_fail (PLZ_IS_LISTING_ROW (self));

  if (self->narrow == !!narrow)
    return;
  self->narrow = !!narrow;
  build_actions (self);
  gtk_widget_set_visible (GTK_WIDGET (self->edit_button),
                          !narrow && g_strcmp0 (json_object_get_string_member_with_default (self->listing, "status", ""),
                                                "archived") != 0);
}

JsonObject *
plz_listing_row_get_listing (PlzListingRow *self)
{
  g_return_val_if_fail (PLZ_IS_LISTING_ROW (self), NULL);
  return self->listing;
}

void
plz_listing_row_set_thumbnail (PlzListingRow *self,
                               GdkPaintable  *thumbnail)
{
  g_return_if_fail (PLZ_IS_LISTING_ROW (self));

  gtk_image_set_from_paintable (self->thumbnail, thumbnail);
  gtk_stack_set_visible_child_name (self->thumbnail_stack, thumbnail != NULL ? "picture" : "none");
}

static void
plz_listing_row_dispose (GObject *object)
{
  PlzListingRow *self = PLZ_LISTING_ROW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), PLZ_TYPE_LISTING_ROW);
  g_clear_pointer (&self->listing, json_object_unref);

  G_OBJECT_CLASS (plz_listing_row_parent_class)->dispose (object);
}

static void
plz_listing_row_class_init (PlzListingRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = plz_listing_row_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/org/plaza/Plaza/plz-listing-row.ui");
  gtk_widget_class_bind_template_child (widget_class, PlzListingRow, thumbnail_stack);
  gtk_widget_class_bind_template_child (widget_class, PlzListingRow, thumbnail);
  gtk_widget_class_bind_template_child (widget_class, PlzListingRow, title_label);
  gtk_widget_class_bind_template_child (widget_class, PlzListingRow, status_label);
  gtk_widget_class_bind_template_child (widget_class, PlzListingRow, price_label);
  gtk_widget_class_bind_template_child (widget_class, PlzListingRow, counters_label);
  gtk_widget_class_bind_template_child (widget_class, PlzListingRow, primary_button);
  gtk_widget_class_bind_template_child (widget_class, PlzListingRow, edit_button);
  gtk_widget_class_bind_template_child (widget_class, PlzListingRow, more_button);
}

static void
plz_listing_row_init (PlzListingRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
