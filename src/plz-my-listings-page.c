/* plz-my-listings-page.c — an operator's listings: create, edit, publish, pause, archive, delete */

#include "config.h"

#include <glib/gi18n.h>
#include <libsoup/soup.h>

#include "plz-api.h"
#include "plz-categories.h"
#include "plz-form.h"
#include "plz-listing-row.h"
#include "plz-my-listings-page.h"

struct _PlzMyListingsPage
{
  AdwBin            parent_instance;

  /* Template children */
  GtkStack         *content_stack;
  GtkSpinner       *spinner;
  AdwStatusPage    *error_page;
  GtkLabel         *count_label;
  GtkListBox       *listings_list;

  PlzAccount       *account;
  PlzCategories    *categories;
  SoupSession      *session;          /* thumbnails */
  GHashTable       *thumbnails;       /* URL → GdkTexture; photos never change under a URL */
  GCancellable     *load_cancellable;
  GCancellable     *cancellable;
  PlzListingEditor *editor;           /* weak */
  gboolean          loaded;
  gboolean          narrow;
  guint             narrow_idle;
};

/* Below this width the rows drop their Edit button (the row opens the editor). */
#define NARROW_WIDTH 620

G_DEFINE_FINAL_TYPE (PlzMyListingsPage, plz_my_listings_page, ADW_TYPE_BIN)

static void
show_state (PlzMyListingsPage *self,
            const char        *state)
{
  gtk_stack_set_visible_child_name (self->content_stack, state);
  plz_form_hide_other_pages (self->content_stack);
  gtk_spinner_set_spinning (self->spinner, g_strcmp0 (state, "loading") == 0);
}

static void
show_error (PlzMyListingsPage *self,
            const GError      *error)
{
  adw_status_page_set_description (self->error_page,
                                   error != NULL ? error->message
                                                 : _("The server gave an answer Plaza does not understand"));
  show_state (self, "error");
}

static JsonArray *
array_member (JsonObject *o,
              const char *name)
{
  JsonNode *node = o != NULL ? json_object_get_member (o, name) : NULL;

  return node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

/* /api/v1/listings/ID@suffix */
static char *
listing_path (const char *id,
              const char *suffix)
{
  g_autofree char *escaped = g_uri_escape_string (id, NULL, FALSE);

  return g_strconcat ("/api/v1/listings/", escaped, suffix, NULL);
}

/* ---- loading ------------------------------------------------------------------------ */

static void
thumbnail_fetched_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(PlzListingRow) row = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = plz_api_fetch_finish (result, &error);
  g_autoptr(GdkTexture) texture = NULL;
  PlzMyListingsPage *page;

  if (bytes == NULL || (texture = plz_listing_row_make_thumbnail (bytes, 2 * 72, &error)) == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("A listing's photo could not be shown: %s", error->message);
      return;
    }
  page = PLZ_MY_LISTINGS_PAGE (gtk_widget_get_ancestor (GTK_WIDGET (row), PLZ_TYPE_MY_LISTINGS_PAGE));
  if (page != NULL)
    g_hash_table_replace (page->thumbnails, g_strdup (g_object_get_data (G_OBJECT (row), "thumbnail-url")),
                          g_object_ref (texture));
  plz_listing_row_set_thumbnail (row, GDK_PAINTABLE (texture));
}

static void
show_thumbnail (PlzMyListingsPage *self,
                PlzListingRow     *row)
{
  JsonObject *listing = plz_listing_row_get_listing (row);
  JsonNode *node = json_object_get_member (listing, "cover_thumbnail_url");
  const char *url = node != NULL && JSON_NODE_HOLDS_VALUE (node) ? json_node_get_string (node) : NULL;
  GdkTexture *known;

  if (url == NULL)
    return;
  known = g_hash_table_lookup (self->thumbnails, url);
  if (known != NULL)
    {
      plz_listing_row_set_thumbnail (row, GDK_PAINTABLE (known));
      return;
    }
  g_object_set_data_full (G_OBJECT (row), "thumbnail-url", g_strdup (url), g_free);
  plz_api_fetch_async (self->session, plz_account_get_server_url (self->account), url, self->load_cancellable,
                       thumbnail_fetched_cb, g_object_ref (row));
}

static void
listings_loaded_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(PlzMyListingsPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) answer = plz_account_call_finish (PLZ_ACCOUNT (source), result, &error);
  JsonArray *listings = array_member (answer, "listings");
  g_autofree char *count = NULL;
  GtkWidget *child;
  guint n = 0;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (listings == NULL)
    {
      show_error (self, error);
      return;
    }

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->listings_list))) != NULL)
    gtk_list_box_remove (self->listings_list, child);
  for (guint i = 0; i < json_array_get_length (listings); i++)
    {
      JsonNode *node = json_array_get_element (listings, i);
      GtkWidget *row;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      row = plz_listing_row_new (json_node_get_object (node));
      plz_listing_row_set_narrow (PLZ_LISTING_ROW (row), self->narrow);
      gtk_list_box_append (self->listings_list, row);
      show_thumbnail (self, PLZ_LISTING_ROW (row));
      n++;
    }
  count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u Listing", "%u Listings", n), n);
  gtk_label_set_label (self->count_label, count);
  show_state (self, n > 0 ? "list" : "empty");
}

static void
load_listings (PlzMyListingsPage *self)
{
  plz_account_call_async (self->account, "GET", "/api/v1/me/listings", NULL, FALSE, self->load_cancellable,
                          listings_loaded_cb, g_object_ref (self));
}

static void
categories_loaded_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(PlzMyListingsPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) answer = plz_account_call_finish (PLZ_ACCOUNT (source), result, &error);
  JsonArray *categories = array_member (answer, "categories");

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  /* The editor cannot work without them, so this is the page's error too. */
  if (categories == NULL)
    {
      show_error (self, error);
      return;
    }
  self->categories = plz_categories_new (categories);
  load_listings (self);
}

/* Fetches again; @quietly keeps the list on screen meanwhile (after a change). */
static void
reload (PlzMyListingsPage *self,
        gboolean           quietly)
{
  const char *state = gtk_stack_get_visible_child_name (self->content_stack);

  if (self->account == NULL || !plz_account_get_is_operator (self->account))
    return;
  g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  self->load_cancellable = g_cancellable_new ();
  self->loaded = TRUE;

  if (!quietly || (g_strcmp0 (state, "list") != 0 && g_strcmp0 (state, "empty") != 0))
    show_state (self, "loading");
  if (self->categories == NULL)
    plz_account_call_async (self->account, "GET", "/api/v1/categories", NULL, FALSE, self->load_cancellable,
                            categories_loaded_cb, g_object_ref (self));
  else
    load_listings (self);
}

void
plz_my_listings_page_reload (PlzMyListingsPage *self)
{
  g_return_if_fail (PLZ_IS_MY_LISTINGS_PAGE (self));
  reload (self, FALSE);
}

const char *
plz_my_listings_page_get_state (PlzMyListingsPage *self)
{
  g_return_val_if_fail (PLZ_IS_MY_LISTINGS_PAGE (self), NULL);
  return gtk_stack_get_visible_child_name (self->content_stack);
}

PlzListingEditor *
plz_my_listings_page_get_editor (PlzMyListingsPage *self)
{
  g_return_val_if_fail (PLZ_IS_MY_LISTINGS_PAGE (self), NULL);
  return self->editor;
}

/* ---- finding a listing ------------------------------------------------------------ */

static JsonObject *
find_listing (PlzMyListingsPage *self,
              const char        *id)
{
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->listings_list));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      JsonObject *listing = PLZ_IS_LISTING_ROW (child) ? plz_listing_row_get_listing (PLZ_LISTING_ROW (child)) : NULL;

      if (listing != NULL && g_strcmp0 (json_object_get_string_member_with_default (listing, "id", NULL), id) == 0)
        return listing;
    }
  return NULL;
}

static const char *
title_of (JsonObject *listing)
{
  return listing != NULL ? json_object_get_string_member_with_default (listing, "title", "") : "";
}

/* ---- editing ---------------------------------------------------------------------- */

static void
editor_saved_cb (PlzMyListingsPage *self)
{
  reload (self, TRUE);
}

static void
open_editor (PlzMyListingsPage *self,
             JsonObject        *listing)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  PlzListingEditor *editor;

  if (self->categories == NULL || self->account == NULL)
    return;
  editor = plz_listing_editor_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, self->account,
                                   self->categories, listing);
  g_signal_connect_object (editor, "saved", G_CALLBACK (editor_saved_cb), self, G_CONNECT_SWAPPED);
  g_set_weak_pointer (&self->editor, editor);
  gtk_window_present (GTK_WINDOW (editor));
}

static void
new_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  open_editor (PLZ_MY_LISTINGS_PAGE (widget), NULL);
}

static void
edit_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  PlzMyListingsPage *self = PLZ_MY_LISTINGS_PAGE (widget);
  JsonObject *listing = find_listing (self, g_variant_get_string (parameter, NULL));

  if (listing != NULL)
    open_editor (self, listing);
}

static void
row_activated_cb (PlzMyListingsPage *self,
                  GtkListBoxRow     *row)
{
  if (PLZ_IS_LISTING_ROW (row) && gtk_list_box_row_get_activatable (row))
    open_editor (self, plz_listing_row_get_listing (PLZ_LISTING_ROW (row)));
}

static void
reload_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  reload (PLZ_MY_LISTINGS_PAGE (widget), FALSE);
}

/* ---- status and deletion ----------------------------------------------------------- */

/* What a change of status or a deletion is about, until the server answers. */
typedef struct
{
  PlzMyListingsPage *self;
  char              *title;
  char              *status;  /* NULL for a deletion */
} Change;

static void
change_free (Change *change)
{
  g_clear_object (&change->self);
  g_free (change->title);
  g_free (change->status);
  g_free (change);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Change, change_free)

static Change *
change_new (PlzMyListingsPage *self,
            const char        *title,
            const char        *status)
{
  Change *change = g_new0 (Change, 1);

  change->self = g_object_ref (self);
  change->title = g_strdup (title);
  change->status = g_strdup (status);
  return change;
}

static char *
done_message (Change *change)
{
  const char *status = change->status;

  if (status == NULL)
    /* TRANSLATORS: %s is a listing's title */
    return g_strdup_printf (_("“%s” is deleted"), change->title);
  if (g_str_equal (status, "active"))
    return g_strdup_printf (_("“%s” is live: customers can find it"), change->title);
  if (g_str_equal (status, "paused"))
    return g_strdup_printf (_("“%s” is paused: customers cannot find it until you re-publish it"), change->title);
  if (g_str_equal (status, "sold"))
    return g_strdup_printf (_("“%s” is marked sold"), change->title);
  return g_strdup_printf (_("“%s” is archived"), change->title);
}

static void
changed_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(Change) change = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) answer = plz_account_call_finish (PLZ_ACCOUNT (source), result, &error);
  g_autofree char *message = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (answer == NULL)
    {
      plz_form_add_toast (GTK_WIDGET (change->self), error->message);
      reload (change->self, TRUE);
      return;
    }
  message = done_message (change);
  plz_form_add_toast (GTK_WIDGET (change->self), message);
  reload (change->self, TRUE);
}

static void
set_status (PlzMyListingsPage *self,
            const char        *id,
            const char        *status)
{
  g_autoptr(JsonObject) body = json_object_new ();
  g_autofree char *path = listing_path (id, "/status");

  json_object_set_string_member (body, "status", status);
  plz_account_call_async (self->account, "POST", path, body, FALSE, self->cancellable, changed_cb,
                          change_new (self, title_of (find_listing (self, id)), status));
}

static void
delete_listing (PlzMyListingsPage *self,
                const char        *id)
{
  g_autofree char *path = listing_path (id, "");

  plz_account_call_async (self->account, "DELETE", path, NULL, FALSE, self->cancellable, changed_cb,
                          change_new (self, title_of (find_listing (self, id)), NULL));
}

static void
confirm_response_cb (AdwMessageDialog  *dialog,
                     const char        *response,
                     PlzMyListingsPage *self)
{
  const char *id = g_object_get_data (G_OBJECT (dialog), "listing-id");

  if (g_str_equal (response, "archive"))
    set_status (self, id, "archived");
  else if (g_str_equal (response, "delete"))
    delete_listing (self, id);
}

/* Archiving and deleting cannot be undone: ask first. */
static void
confirm (PlzMyListingsPage *self,
         const char        *id,
         gboolean           deleting)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  const char *title = title_of (find_listing (self, id));
  /* TRANSLATORS: %s is a listing's title */
  g_autofree char *heading = g_strdup_printf (deleting ? _("Delete “%s”?") : _("Archive “%s”?"), title);
  const char *body = deleting
                     ? _("The listing and its photos are removed for good. Customers who saved it will not see it again.")
                     : _("Customers will no longer find it, and an archived listing cannot be changed or published again.");
  AdwMessageDialog *dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                                                         heading, body));
  const char *response = deleting ? "delete" : "archive";

  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), response,
                                    deleting ? _("_Delete") : _("_Archive"), NULL);
  adw_message_dialog_set_response_appearance (dialog, response, ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "listing-id", g_strdup (id), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (confirm_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
set_status_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  PlzMyListingsPage *self = PLZ_MY_LISTINGS_PAGE (widget);
  const char *id, *status;

  g_variant_get (parameter, "(&s&s)", &id, &status);
  if (g_str_equal (status, "archived"))
    confirm (self, id, FALSE);
  else
    set_status (self, id, status);
}

static void
delete_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  confirm (PLZ_MY_LISTINGS_PAGE (widget), g_variant_get_string (parameter, NULL), TRUE);
}

/* ---- the account -------------------------------------------------------------------- */

static void
account_changed_cb (PlzMyListingsPage *self)
{
  GtkWidget *child;

  /* Someone else (or nobody) is signed in: what was listed is not theirs. */
  g_cancellable_cancel (self->load_cancellable);
  self->loaded = FALSE;
  g_clear_object (&self->categories);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->listings_list))) != NULL)
    gtk_list_box_remove (self->listings_list, child);
  show_state (self, "loading");
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    reload (self, FALSE);
}

void
plz_my_listings_page_set_account (PlzMyListingsPage *self,
                                  PlzAccount        *account)
{
  g_return_if_fail (PLZ_IS_MY_LISTINGS_PAGE (self));
  g_return_if_fail (PLZ_IS_ACCOUNT (account));

  if (self->account != NULL)
    g_signal_handlers_disconnect_by_data (self->account, self);
  g_set_object (&self->account, account);
  g_signal_connect_object (account, "notify::token", G_CALLBACK (account_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (account, "notify::is-operator", G_CALLBACK (account_changed_cb), self,
                           G_CONNECT_SWAPPED);
  account_changed_cb (self);
}

/* ---- GObject ---------------------------------------------------------------------- */

static gboolean
apply_narrow_cb (gpointer user_data)
{
  PlzMyListingsPage *self = user_data;

  self->narrow_idle = 0;
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->listings_list));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (PLZ_IS_LISTING_ROW (child))
      plz_listing_row_set_narrow (PLZ_LISTING_ROW (child), self->narrow);
  return G_SOURCE_REMOVE;
}

/* The page lays its child out itself (instead of AdwBin's layout manager)
 * to learn its width. */
static void
plz_my_listings_page_measure (GtkWidget      *widget,
                              GtkOrientation  orientation,
                              int             for_size,
                              int            *minimum,
                              int            *natural,
                              int            *minimum_baseline,
                              int            *natural_baseline)
{
  GtkWidget *child = adw_bin_get_child (ADW_BIN (widget));

  if (child != NULL)
    gtk_widget_measure (child, orientation, for_size, minimum, natural, minimum_baseline, natural_baseline);
}

static void
plz_my_listings_page_size_allocate (GtkWidget *widget,
                                    int        width,
                                    int        height,
                                    int        baseline)
{
  PlzMyListingsPage *self = PLZ_MY_LISTINGS_PAGE (widget);
  GtkWidget *child = adw_bin_get_child (ADW_BIN (widget));
  gboolean narrow = width < NARROW_WIDTH;

  if (child != NULL)
    gtk_widget_allocate (child, width, height, baseline, NULL);
  /* Rows change after this allocation, not in the middle of it. */
  if (narrow != self->narrow)
    {
      self->narrow = narrow;
      if (self->narrow_idle == 0)
        self->narrow_idle = g_idle_add (apply_narrow_cb, self);
    }
}

static void
plz_my_listings_page_map (GtkWidget *widget)
{
  PlzMyListingsPage *self = PLZ_MY_LISTINGS_PAGE (widget);

  GTK_WIDGET_CLASS (plz_my_listings_page_parent_class)->map (widget);
  if (!self->loaded)
    reload (self, FALSE);
}

GtkWidget *
plz_my_listings_page_new (void)
{
  return g_object_new (PLZ_TYPE_MY_LISTINGS_PAGE, NULL);
}

static void
plz_my_listings_page_dispose (GObject *object)
{
  PlzMyListingsPage *self = PLZ_MY_LISTINGS_PAGE (object);

  g_cancellable_cancel (self->load_cancellable);
  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->narrow_idle, g_source_remove);
  /* The stack is both the bin's child and a template child: let go of it once. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), PLZ_TYPE_MY_LISTINGS_PAGE);
  g_clear_weak_pointer (&self->editor);
  g_clear_object (&self->load_cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->account);
  g_clear_object (&self->categories);
  g_clear_object (&self->session);
  g_clear_pointer (&self->thumbnails, g_hash_table_unref);

  G_OBJECT_CLASS (plz_my_listings_page_parent_class)->dispose (object);
}

static void
plz_my_listings_page_class_init (PlzMyListingsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = plz_my_listings_page_dispose;
  widget_class->map = plz_my_listings_page_map;
  widget_class->measure = plz_my_listings_page_measure;
  widget_class->size_allocate = plz_my_listings_page_size_allocate;

  gtk_widget_class_set_template_from_resource (widget_class, "/org/plaza/Plaza/plz-my-listings-page.ui");
  gtk_widget_class_bind_template_child (widget_class, PlzMyListingsPage, content_stack);
  gtk_widget_class_bind_template_child (widget_class, PlzMyListingsPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, PlzMyListingsPage, error_page);
  gtk_widget_class_bind_template_child (widget_class, PlzMyListingsPage, count_label);
  gtk_widget_class_bind_template_child (widget_class, PlzMyListingsPage, listings_list);
  gtk_widget_class_bind_template_callback (widget_class, row_activated_cb);

  gtk_widget_class_install_action (widget_class, "listings.new", NULL, new_action);
  gtk_widget_class_install_action (widget_class, "listings.edit", "s", edit_action);
  gtk_widget_class_install_action (widget_class, "listings.set-status", "(ss)", set_status_action);
  gtk_widget_class_install_action (widget_class, "listings.delete", "s", delete_action);
  gtk_widget_class_install_action (widget_class, "listings.reload", NULL, reload_action);
}

static void
plz_my_listings_page_init (PlzMyListingsPage *self)
{
  gtk_widget_set_layout_manager (GTK_WIDGET (self), NULL);
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  self->session = soup_session_new ();
  self->thumbnails = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  show_state (self, "loading");
}
