/* plz-discover-page.c — the consumer's Discover page: search, filters, the
 * results grid, the saved listings and a listing's own page */

#include "config.h"

#include <glib/gi18n.h>

#include "plz-discover-filters.h"
#include "plz-discover-page.h"
#include "plz-favorites.h"
#include "plz-form.h"
#include "plz-listing-card.h"
#include "plz-places.h"
#include "plz-texture-cache.h"

/* Decoded pictures kept: about 250 thumbnails or a few dozen full photos. */
#define TEXTURE_CACHE_BYTES (96 * 1024 * 1024)

struct _PlzDiscoverPage
{
  AdwBin              parent_instance;

  /* Template children */
  GtkStack           *view_stack;
  GtkWidget          *results_view;
  GtkSearchEntry     *search_entry;
  GtkMenuButton      *filter_button;
  GtkPopover         *filter_popover;
  PlzDiscoverFilters *filters;
  GtkLabel           *filter_count;
  GtkToggleButton    *saved_button;
  GtkWidget          *summary_box;
  GtkLabel           *summary_label;
  GtkStack           *results_stack;
  GtkSpinner         *spinner;
  AdwStatusPage      *empty_page;
  GtkWidget          *empty_clear_button;
  AdwStatusPage      *error_page;
  GtkScrolledWindow  *scroller;
  GtkGridView        *grid;
  GtkRevealer        *more_revealer;
  GtkSpinner         *more_spinner;
  GtkLabel           *more_label;
  GtkWidget          *more_retry;

  PlzAccount         *account;
  PlzTextureCache    *cache;
  PlzFavorites       *favorites;
  PlzListingModel    *model;
  PlzListingPage     *listing_page;
  PlzCategories      *categories;
  PlzSearchQuery     *query;
  GSettings          *settings;
  GCancellable       *categories_cancellable;
  guint               more_idle_id;
  gboolean            started;
};

G_DEFINE_FINAL_TYPE (PlzDiscoverPage, plz_discover_page, ADW_TYPE_BIN)

/* ---- what is shown ---------------------------------------------------------------- */

static void
show_view (PlzDiscoverPage *self,
           const char      *name)
{
  gtk_stack_set_visible_child_name (self->view_stack, name);
  plz_form_hide_other_pages (self->view_stack);
}

/* Nothing at all is not the same as nothing for these words and filters. */
static void
update_empty_page (PlzDiscoverPage *self)
{
  const PlzSearchQuery *query = plz_listing_model_get_query (self->model);
  guint filters = query != NULL ? plz_search_query_count_filters (query) : 0;
  gboolean text = query != NULL && query->text != NULL;

  if (filters == 0 && !text)
    {
      adw_status_page_set_title (self->empty_page, _("No Listings Yet"));
      adw_status_page_set_description (self->empty_page, _("When operators publish what they offer, it appears here."));
    }
  else
    {
      adw_status_page_set_title (self->empty_page, _("No Listings Match"));
      adw_status_page_set_description (self->empty_page, filters > 0 ? _("Try other words, or fewer filters.")
                                                                     : _("Try other words."));
    }
  gtk_widget_set_visible (self->empty_clear_button, filters > 0);
}

static void
update_state (PlzDiscoverPage *self)
{
  const char *state;

  switch (plz_listing_model_get_state (self->model))
    {
    case PLZ_LISTING_MODEL_READY:
      state = "results";
      break;
    case PLZ_LISTING_MODEL_EMPTY:
      state = plz_listing_model_get_favorites_only (self->model) ? "saved-empty" : "empty";
      update_empty_page (self);
      break;
    case PLZ_LISTING_MODEL_ERROR:
      state = "error";
      adw_status_page_set_description (self->error_page, plz_listing_model_get_error_message (self->model));
      break;
    case PLZ_LISTING_MODEL_IDLE:
    case PLZ_LISTING_MODEL_LOADING:
    default:
      state = "loading";
      break;
    }
  gtk_stack_set_visible_child_name (self->results_stack, state);
  plz_form_hide_other_pages (self->results_stack);
  gtk_spinner_set_spinning (self->spinner, g_str_equal (state, "loading"));
}

/* The bar under the grid: loading the next page, or why it failed. */
static void
update_more (PlzDiscoverPage *self)
{
  gboolean ready = plz_listing_model_get_state (self->model) == PLZ_LISTING_MODEL_READY;
  gboolean loading = ready && plz_listing_model_get_loading (self->model);
  const char *error = ready ? plz_listing_model_get_error_message (self->model) : NULL;

  gtk_revealer_set_reveal_child (self->more_revealer, loading || error != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->more_spinner), loading);
  gtk_spinner_set_spinning (self->more_spinner, loading);
  gtk_widget_set_visible (self->more_retry, !loading && error != NULL);
  gtk_label_set_text (self->more_label, loading ? _("Loading more listings…")
                                        : error != NULL ? error : "");
}

static void
update_filter_summary (PlzDiscoverPage *self)
{
  guint n = plz_search_query_count_filters (self->query);
  gboolean saved = gtk_toggle_button_get_active (self->saved_button);
  g_autofree char *count = g_strdup_printf ("%u", n);
  g_autofree char *summary = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u filter on", "%u filters on", n), n);
  g_autoptr(GString) details = g_string_new (summary);
  const PlzCategory *category = self->categories != NULL && self->query->category_id > 0
                                ? plz_categories_lookup (self->categories, self->query->category_id) : NULL;

  if (category != NULL)
    g_string_append_printf (details, " · %s", category->name);
  if (self->query->place != NULL)
    /* TRANSLATORS: a place filter, "within 25 km of Durban" */
    g_string_append_printf (details, _(" · within %.0f km of %s"), self->query->radius_km, self->query->place);

  gtk_label_set_text (self->filter_count, count);
  gtk_widget_set_visible (GTK_WIDGET (self->filter_count), n > 0);
  gtk_label_set_text (self->summary_label, details->str);
  gtk_widget_set_visible (self->summary_box, n > 0 && !saved);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->filter_button),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, n > 0 ? summary : _("No filters on"), -1);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "discover.clear-filters", n > 0);
}

static void
model_state_changed_cb (PlzDiscoverPage *self)
{
  update_state (self);
  update_more (self);
}

/* ---- paging ----------------------------------------------------------------------- */

/* Asks for the next page once the person is within a screen of the end, and
 * also when the first pages do not fill the window. */
static void
maybe_load_more (PlzDiscoverPage *self)
{
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (self->scroller);
  double value = gtk_adjustment_get_value (adjustment);
  double page = gtk_adjustment_get_page_size (adjustment);
  double upper = gtk_adjustment_get_upper (adjustment);

  if (!gtk_widget_get_mapped (GTK_WIDGET (self->scroller)))
    return;
  if (value + page >= upper - page)
    plz_listing_model_load_more (self->model);
}

static gboolean
more_idle_cb (gpointer user_data)
{
  PlzDiscoverPage *self = user_data;

  self->more_idle_id = 0;
  maybe_load_more (self);
  return G_SOURCE_REMOVE;
}

static void
queue_maybe_load_more (PlzDiscoverPage *self)
{
  if (self->more_idle_id == 0)
    self->more_idle_id = g_idle_add_full (G_PRIORITY_LOW, more_idle_cb, self, NULL);
}

static void
model_loading_changed_cb (PlzDiscoverPage *self)
{
  update_more (self);
  /* A page arrived: the grid may still not reach the bottom of the window. */
  if (!plz_listing_model_get_loading (self->model))
    queue_maybe_load_more (self);
}

/* ---- searching -------------------------------------------------------------------- */

static void
run_search (PlzDiscoverPage *self)
{
  if (self->account == NULL || !plz_account_get_signed_in (self->account))
    return;
  update_filter_summary (self);
  /* Back to the top while the grid still has items to scroll to: GTK 4.8's
   * grid warns when asked to scroll an empty model. */
  if (g_list_model_get_n_items (G_LIST_MODEL (self->model)) > 0)
    gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->scroller), 0);
  if (gtk_toggle_button_get_active (self->saved_button))
    plz_listing_model_show_favorites (self->model);
  else
    plz_listing_model_search (self->model, self->query);
}

static void
search_changed_cb (PlzDiscoverPage *self)
{
  g_autofree char *text = plz_form_get_text (GTK_EDITABLE (self->search_entry));

  if (g_strcmp0 (text, self->query->text != NULL ? self->query->text : "") == 0)
    return;
  g_free (self->query->text);
  self->query->text = *text != '\0' ? g_steal_pointer (&text) : NULL;
  plz_discover_filters_set_query (self->filters, self->query);
  if (gtk_toggle_button_get_active (self->saved_button))
    gtk_toggle_button_set_active (self->saved_button, FALSE);  /* searches, via saved_toggled_cb */
  else
    run_search (self);
}

static void
remember_place (PlzDiscoverPage *self)
{
  g_settings_delay (self->settings);
  g_settings_set_string (self->settings, "discover-place", self->query->place != NULL ? self->query->place : "");
  if (self->query->place != NULL)
    g_settings_set_int (self->settings, "discover-radius-km", (int) self->query->radius_km);
  g_settings_apply (self->settings);
}

static void
filters_applied_cb (PlzDiscoverPage      *self,
                    const PlzSearchQuery *query)
{
  g_autofree char *text = g_strdup (self->query->text);

  plz_search_query_free (self->query);
  self->query = plz_search_query_copy (query);
  /* The entry may have changed while the popover was open. */
  g_free (self->query->text);
  self->query->text = g_steal_pointer (&text);
  remember_place (self);
  gtk_popover_popdown (self->filter_popover);
  run_search (self);
}

static void
saved_toggled_cb (PlzDiscoverPage *self)
{
  gboolean saved = gtk_toggle_button_get_active (self->saved_button);

  gtk_widget_set_sensitive (GTK_WIDGET (self->filter_button), !saved);
  run_search (self);
}

static void
categories_loaded_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(PlzDiscoverPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) answer = plz_account_call_finish (PLZ_ACCOUNT (source), result, &error);
  JsonNode *rows = answer != NULL ? json_object_get_member (answer, "categories") : NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->categories_cancellable);
  if (rows == NULL || !JSON_NODE_HOLDS_ARRAY (rows))
    {
      /* The filters say so and ask again when opened. */
      plz_discover_filters_set_categories (self->filters, NULL);
      return;
    }
  g_clear_object (&self->categories);
  self->categories = plz_categories_new (json_node_get_array (rows));
  plz_discover_filters_set_categories (self->filters, self->categories);
  plz_discover_filters_set_query (self->filters, self->query);
  plz_listing_page_set_categories (self->listing_page, self->categories);
  update_filter_summary (self);
}

static void
load_categories (PlzDiscoverPage *self)
{
  if (self->categories_cancellable != NULL)
    return;
  self->categories_cancellable = g_cancellable_new ();
  plz_account_call_async (self->account, "GET", "/api/v1/categories", NULL, FALSE,
                          self->categories_cancellable, categories_loaded_cb, g_object_ref (self));
}

static void
filters_shown_cb (PlzDiscoverPage *self)
{
  if (self->categories == NULL)
    load_categories (self);
  plz_discover_filters_set_query (self->filters, self->query);
}

/* The remembered place, if any, is where searches start. */
static void
restore_place (PlzDiscoverPage *self)
{
  g_autofree char *name = g_settings_get_string (self->settings, "discover-place");
  const PlzPlace *place = plz_places_lookup (name);

  if (place != NULL)
    plz_search_query_set_place (self->query, place->name, place->lat, place->lng,
                                MAX (1, g_settings_get_int (self->settings, "discover-radius-km")));
}

void
plz_discover_page_reload (PlzDiscoverPage *self)
{
  g_return_if_fail (PLZ_IS_DISCOVER_PAGE (self));

  if (self->account == NULL || !plz_account_get_signed_in (self->account))
    return;
  self->started = TRUE;
  if (self->categories == NULL)
    load_categories (self);
  run_search (self);
}

static void
account_changed_cb (PlzDiscoverPage *self)
{
  /* Someone else signed in, or nobody: start afresh when shown. */
  g_cancellable_cancel (self->categories_cancellable);
  g_clear_object (&self->categories_cancellable);
  self->started = FALSE;
  show_view (self, "results");
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    plz_discover_page_reload (self);
}

/* ---- the listing page ------------------------------------------------------------- */

gboolean
plz_discover_page_open_listing (PlzDiscoverPage *self,
                                const char      *id)
{
  PlzListingItem *item;

  g_return_val_if_fail (PLZ_IS_DISCOVER_PAGE (self), FALSE);

  item = self->model != NULL ? plz_listing_model_lookup (self->model, id) : NULL;
  if (item == NULL)
    return FALSE;
  plz_listing_page_show (self->listing_page, item);
  show_view (self, "listing");
  return TRUE;
}

static void
open_listing_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  plz_discover_page_open_listing (PLZ_DISCOVER_PAGE (widget), g_variant_get_string (parameter, NULL));
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  PlzDiscoverPage *self = PLZ_DISCOVER_PAGE (widget);

  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->view_stack), "listing") != 0)
    return;
  show_view (self, "results");
  gtk_widget_grab_focus (GTK_WIDGET (self->grid));
}

static void
focus_search_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  PlzDiscoverPage *self = PLZ_DISCOVER_PAGE (widget);

  show_view (self, "results");
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

static void
clear_filters_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  plz_discover_filters_clear (PLZ_DISCOVER_PAGE (widget)->filters);
}

static void
retry_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  PlzDiscoverPage *self = PLZ_DISCOVER_PAGE (widget);

  if (self->categories == NULL)
    load_categories (self);
  if (plz_listing_model_get_state (self->model) == PLZ_LISTING_MODEL_IDLE)
    run_search (self);
  else
    plz_listing_model_retry (self->model);
}

/* ---- the grid --------------------------------------------------------------------- */

static void
card_setup_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               PlzDiscoverPage          *self)
{
  /* The card is the button: the cell itself need not be activated. */
  gtk_list_item_set_activatable (item, FALSE);
  gtk_list_item_set_child (item, plz_listing_card_new (self->cache, self->account));
}

static void
card_bind_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              PlzDiscoverPage          *self)
{
  plz_listing_card_set_item (PLZ_LISTING_CARD (gtk_list_item_get_child (item)), gtk_list_item_get_item (item));
}

static void
card_unbind_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *item,
                PlzDiscoverPage          *self)
{
  plz_listing_card_set_item (PLZ_LISTING_CARD (gtk_list_item_get_child (item)), NULL);
}

void
plz_discover_page_set_account (PlzDiscoverPage *self,
                               PlzAccount      *account)
{
  g_autoptr(GtkListItemFactory) factory = NULL;
  g_autoptr(GtkNoSelection) selection = NULL;

  g_return_if_fail (PLZ_IS_DISCOVER_PAGE (self));
  g_return_if_fail (PLZ_IS_ACCOUNT (account));
  g_return_if_fail (self->account == NULL);

  self->account = g_object_ref (account);
  self->favorites = plz_favorites_new (account);
  self->model = plz_listing_model_new (account, self->favorites);
  self->listing_page = PLZ_LISTING_PAGE (plz_listing_page_new (account, self->cache, self->favorites));
  gtk_stack_add_named (self->view_stack, GTK_WIDGET (self->listing_page), "listing");
  plz_form_hide_other_pages (self->view_stack);

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (card_setup_cb), self);
  g_signal_connect (factory, "bind", G_CALLBACK (card_bind_cb), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (card_unbind_cb), self);
  gtk_grid_view_set_factory (self->grid, factory);
  selection = gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->model)));
  gtk_grid_view_set_model (self->grid, GTK_SELECTION_MODEL (selection));

  g_signal_connect_object (self->model, "notify::state", G_CALLBACK (model_state_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->model, "notify::loading", G_CALLBACK (model_loading_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->model, "notify::error-message", G_CALLBACK (update_more), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (account, "notify::token", G_CALLBACK (account_changed_cb), self,
                           G_CONNECT_SWAPPED);
  update_state (self);
  update_more (self);
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    plz_discover_page_reload (self);
}

const char *
plz_discover_page_get_state (PlzDiscoverPage *self)
{
  g_return_val_if_fail (PLZ_IS_DISCOVER_PAGE (self), NULL);

  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->view_stack), "listing") == 0)
    return "listing";
  return gtk_stack_get_visible_child_name (self->results_stack);
}

PlzListingModel *
plz_discover_page_get_model (PlzDiscoverPage *self)
{
  g_return_val_if_fail (PLZ_IS_DISCOVER_PAGE (self), NULL);
  return self->model;
}

PlzListingPage *
plz_discover_page_get_listing_page (PlzDiscoverPage *self)
{
  g_return_val_if_fail (PLZ_IS_DISCOVER_PAGE (self), NULL);
  return self->listing_page;
}

PlzCategories *
plz_discover_page_get_categories (PlzDiscoverPage *self)
{
  g_return_val_if_fail (PLZ_IS_DISCOVER_PAGE (self), NULL);
  return self->categories;
}

/* ---- object ----------------------------------------------------------------------- */

static void
plz_discover_page_map (GtkWidget *widget)
{
  PlzDiscoverPage *self = PLZ_DISCOVER_PAGE (widget);

  GTK_WIDGET_CLASS (plz_discover_page_parent_class)->map (widget);
  if (!self->started)
    plz_discover_page_reload (self);
}

GtkWidget *
plz_discover_page_new (void)
{
  return g_object_new (PLZ_TYPE_DISCOVER_PAGE, NULL);
}

static void
plz_discover_page_dispose (GObject *object)
{
  PlzDiscoverPage *self = PLZ_DISCOVER_PAGE (object);

  g_clear_handle_id (&self->more_idle_id, g_source_remove);
  g_cancellable_cancel (self->categories_cancellable);
  g_clear_object (&self->categories_cancellable);
  if (self->grid != NULL)
    gtk_grid_view_set_model (self->grid, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), PLZ_TYPE_DISCOVER_PAGE);
  g_clear_object (&self->model);
  g_clear_object (&self->favorites);
  g_clear_object (&self->categories);
  g_clear_object (&self->cache);
  g_clear_object (&self->settings);
  g_clear_object (&self->account);
  g_clear_pointer (&self->query, plz_search_query_free);
  G_OBJECT_CLASS (plz_discover_page_parent_class)->dispose (object);
}

static void
plz_discover_page_class_init (PlzDiscoverPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = plz_discover_page_dispose;
  widget_class->map = plz_discover_page_map;

  g_type_ensure (PLZ_TYPE_DISCOVER_FILTERS);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/plaza/Plaza/plz-discover-page.ui");
  gtk_widget_class_bind_template_child (widget_class, PlzDiscoverPage, view_stack);
  gtk_widget_class_bind_template_child (widget_class, PlzDiscoverPage, results_view);
  gtk_widget_class_bind_template_child (widget_class, PlzDiscoverPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, PlzDiscoverPage, filter_button);
  gtk_widget_class_bind_template_child (widget_class, PlzDiscoverPage, filter_popover);
  gtk_widget_class_bind_template_child (widget_class, PlzDiscoverPage, filters);
  gtk_widget_class_bind_template_child (widget_class, PlzDiscoverPage, filter_count);
  gtk_widget_class_bind_template_child (widget_class, PlzDiscoverPage, saved_button);
  gtk_widget_class_bind_template_child (widget_class, PlzDiscoverPage, summary_box);
  gtk_widget_class_bind_template_child (widget_class, PlzDiscoverPage, summary_label);
  gtk_widget_class_bind_template_child (widget_class, PlzDiscoverPage, results_stack);
  gtk_widget_class_bind_template_child (widget_class, PlzDiscoverPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, PlzDiscoverPage, empty_page);
  gtk_widget_class_bind_template_child (widget_class, PlzDiscoverPage, empty_clear_button);
  gtk_widget_class_bind_template_child (widget_class, PlzDiscoverPage, error_page);
  gtk_widget_class_bind_template_child (widget_class, PlzDiscoverPage, scroller);
  gtk_widget_class_bind_template_child (widget_class, PlzDiscoverPage, grid);
  gtk_widget_class_bind_template_child (widget_class, PlzDiscoverPage, more_revealer);
  gtk_widget_class_bind_template_child (widget_class, PlzDiscoverPage, more_spinner);
  gtk_widget_class_bind_template_child (widget_class, PlzDiscoverPage, more_label);
  gtk_widget_class_bind_template_child (widget_class, PlzDiscoverPage, more_retry);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, filters_applied_cb);
  gtk_widget_class_bind_template_callback (widget_class, filters_shown_cb);
  gtk_widget_class_bind_template_callback (widget_class, saved_toggled_cb);

  gtk_widget_class_install_action (widget_class, "discover.open-listing", "s", open_listing_action);
  gtk_widget_class_install_action (widget_class, "discover.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "discover.clear-filters", NULL, clear_filters_action);
  gtk_widget_class_install_action (widget_class, "discover.retry", NULL, retry_action);
  gtk_widget_class_install_action (widget_class, "discover.focus-search", NULL, focus_search_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "discover.focus-search", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK, "discover.back", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "discover.back", NULL);
}

static void
plz_discover_page_init (PlzDiscoverPage *self)
{
  GtkAdjustment *adjustment;

  gtk_widget_init_template (GTK_WIDGET (self));
  self->cache = plz_texture_cache_new (TEXTURE_CACHE_BYTES);
  self->settings = g_settings_new (APP_ID);
  self->query = plz_search_query_new ();
  restore_place (self);
  plz_discover_filters_set_query (self->filters, self->query);
  update_filter_summary (self);
  /* Typing anywhere on the results goes to the search. */
  gtk_search_entry_set_key_capture_widget (self->search_entry, self->results_view);

  adjustment = gtk_scrolled_window_get_vadjustment (self->scroller);
  g_signal_connect_object (adjustment, "value-changed", G_CALLBACK (maybe_load_more), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (adjustment, "changed", G_CALLBACK (queue_maybe_load_more), self, G_CONNECT_SWAPPED);
  show_view (self, "results");
}
