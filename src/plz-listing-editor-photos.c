/* plz-listing-editor-photos.c — the listing editor's photos: thumbnails with
 * remove buttons, and uploads one by one, each with its progress bar */

#include "config.h"

#include <glib/gi18n.h>

#include "plz-api.h"
#include "plz-form.h"
#include "plz-listing-editor-private.h"
#include "plz-listing-photo.h"
#include "plz-listing-row.h"

/* The server's limit (PLZ_LISTING_MAX_PHOTOS there). */
#define MAX_PHOTOS 12
/* Square tiles, four to a line in the editor's width. */
#define TILE_SIZE 128

/* One file on its way: prepared, then uploaded. */
typedef struct
{
  PlzListingEditor *self;
  GtkWidget        *row;
  GtkProgressBar   *bar;
  GFile            *file;
  GBytes           *bytes;
} Job;

static void
job_free (Job *job)
{
  g_clear_object (&job->self);
  g_clear_object (&job->row);
  g_clear_object (&job->bar);
  g_clear_object (&job->file);
  g_clear_pointer (&job->bytes, g_bytes_unref);
  g_free (job);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Job, job_free)

static JsonArray *
photos_of (JsonObject *listing)
{
  JsonNode *node = listing != NULL ? json_object_get_member (listing, "photos") : NULL;

  return node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

static guint
n_photos (PlzListingEditor *self)
{
  JsonArray *photos = photos_of (self->listing);

  return photos != NULL ? json_array_get_length (photos) : 0;
}

/* ---- thumbnails -------------------------------------------------------------------- */

static void
thumbnail_fetched_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GtkImage) picture = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = plz_api_fetch_finish (result, &error);
  g_autoptr(GdkTexture) texture = NULL;
  PlzListingEditor *self;
  const char *id = g_object_get_data (G_OBJECT (picture), "photo-id");

  if (bytes == NULL || (texture = plz_listing_row_make_thumbnail (bytes, 2 * TILE_SIZE, &error)) == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("A photo's thumbnail could not be shown: %s", error->message);
      return;
    }
  self = PLZ_LISTING_EDITOR (gtk_widget_get_ancestor (GTK_WIDGET (picture), PLZ_TYPE_LISTING_EDITOR));
  if (self != NULL && self->thumbnails != NULL)
    g_hash_table_replace (self->thumbnails, g_strdup (id), g_object_ref (texture));
  gtk_image_set_from_paintable (picture, GDK_PAINTABLE (texture));
}

static GtkWidget *
photo_tile (PlzListingEditor *self,
            JsonObject       *photo,
            guint             index)
{
  const char *id = json_object_get_string_member_with_default (photo, "id", "");
  const char *url = json_object_get_string_member_with_default (photo, "thumbnail_url", NULL);
  GdkTexture *known = g_hash_table_lookup (self->thumbnails, id);
  GtkWidget *overlay = gtk_overlay_new ();
  GtkWidget *picture = gtk_image_new ();
  GtkWidget *remove = gtk_button_new_from_icon_name ("user-trash-symbolic");
  /* TRANSLATORS: a button on a listing's photo; %u counts from 1 */
  g_autofree char *remove_label = g_strdup_printf (_("Remove photo %u"), index + 1);
  g_autofree char *picture_label = g_strdup_printf (_("Photo %u"), index + 1);

  gtk_widget_set_size_request (overlay, TILE_SIZE, TILE_SIZE);
  gtk_widget_set_halign (overlay, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (overlay, "listing-photo");
  gtk_widget_set_overflow (overlay, GTK_OVERFLOW_HIDDEN);
  gtk_image_set_pixel_size (GTK_IMAGE (picture), TILE_SIZE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (picture), GTK_ACCESSIBLE_PROPERTY_LABEL, picture_label, -1);
  g_object_set_data_full (G_OBJECT (picture), "photo-id", g_strdup (id), g_free);
  gtk_overlay_set_child (GTK_OVERLAY (overlay), picture);
  if (known != NULL)
    gtk_image_set_from_paintable (GTK_IMAGE (picture), GDK_PAINTABLE (known));
  else if (url != NULL)
    plz_api_fetch_async (self->session, plz_account_get_server_url (self->account), url, self->cancellable,
                         thumbnail_fetched_cb, g_object_ref (picture));

  gtk_widget_set_halign (remove, GTK_ALIGN_END);
  gtk_widget_set_valign (remove, GTK_ALIGN_START);
  gtk_widget_set_margin_top (remove, 6);
  gtk_widget_set_margin_end (remove, 6);
  gtk_widget_add_css_class (remove, "circular");
  gtk_widget_add_css_class (remove, "osd");
  gtk_widget_set_tooltip_text (remove, _("Remove Photo"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (remove), GTK_ACCESSIBLE_PROPERTY_LABEL, remove_label, -1);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (remove), "editor.remove-photo");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (remove), "s", id);
  gtk_overlay_add_overlay (GTK_OVERLAY (overlay), remove);

  /* Search results and cards show the first photo. */
  if (index == 0)
    {
      GtkWidget *cover = gtk_label_new (_("Cover"));

      gtk_widget_set_halign (cover, GTK_ALIGN_START);
      gtk_widget_set_valign (cover, GTK_ALIGN_END);
      gtk_widget_set_margin_start (cover, 6);
      gtk_widget_set_margin_bottom (cover, 6);
      gtk_widget_add_css_class (cover, "osd");
      gtk_widget_add_css_class (cover, "caption");
      gtk_widget_add_css_class (cover, "photo-badge");
      gtk_overlay_add_overlay (GTK_OVERLAY (overlay), cover);
    }
  return overlay;
}

void
_plz_listing_editor_update_photos (PlzListingEditor *self)
{
  JsonArray *photos = photos_of (self->listing);
  guint n = n_photos (self);
  guint queued = g_queue_get_length (&self->queue) + (self->upload_row != NULL ? 1 : 0);
  const char *hint = NULL;

  GtkWidget *child;

  /* gtk_flow_box_remove_all arrives in GTK 4.12. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->photos_box))) != NULL)
    gtk_flow_box_remove (self->photos_box, child);
  for (guint i = 0; i < n; i++)
    {
      JsonNode *node = json_array_get_element (photos, i);

      if (JSON_NODE_HOLDS_OBJECT (node))
        gtk_flow_box_append (self->photos_box, photo_tile (self, json_node_get_object (node), i));
    }
  gtk_widget_set_visible (GTK_WIDGET (self->photos_box), n > 0);

  if (self->photos_loading)
    hint = _("Loading photos…");
  else if (self->listing == NULL)
    hint = _("Photos are added to a saved draft: “Add Photos…” saves this listing as a draft first.");
  else if (n + queued >= MAX_PHOTOS)
    hint = _("A listing can have at most 12 photos. Remove one to add another.");
  else if (n == 0 && queued == 0)
    hint = _("No photos yet. Listings with photos get more questions and bookings. PNG, JPEG or WebP, up to 8 MB each.");
  gtk_label_set_label (self->photos_hint, hint != NULL ? hint : "");
  gtk_widget_set_visible (GTK_WIDGET (self->photos_hint), hint != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.add-photos",
                                 self->chooser == NULL && n + queued < MAX_PHOTOS);
}

/* ---- uploads ------------------------------------------------------------------------ */

static void start_next (PlzListingEditor *self);

static void
dismiss_clicked_cb (GtkButton *button,
                    GtkWidget *row)
{
  GtkWidget *list = gtk_widget_get_parent (row);

  gtk_list_box_remove (GTK_LIST_BOX (list), row);
  gtk_widget_set_visible (list, gtk_widget_get_first_child (list) != NULL);
}

/* The row says what went wrong, and stays until dismissed. */
static void
job_failed (Job        *job,
            const char *message)
{
  g_autofree char *name = g_file_get_basename (job->file);
  /* TRANSLATORS: %s is a file name */
  g_autofree char *dismiss_label = g_strdup_printf (_("Dismiss the error about %s"), name);
  GtkWidget *dismiss = gtk_button_new_from_icon_name ("window-close-symbolic");

  adw_action_row_set_subtitle (ADW_ACTION_ROW (job->row), message);
  gtk_widget_add_css_class (job->row, "upload-failed");
  gtk_widget_set_visible (GTK_WIDGET (job->bar), FALSE);
  gtk_widget_set_valign (dismiss, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (dismiss, "flat");
  gtk_widget_set_tooltip_text (dismiss, _("Dismiss"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (dismiss), GTK_ACCESSIBLE_PROPERTY_LABEL, dismiss_label, -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (job->row), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, message, -1);
  g_signal_connect_object (dismiss, "clicked", G_CALLBACK (dismiss_clicked_cb), job->row, 0);
  adw_action_row_add_suffix (ADW_ACTION_ROW (job->row), dismiss);
}

static void
job_done (Job *job)
{
  PlzListingEditor *self = job->self;

  if (self->upload_row == job->row)
    self->upload_row = NULL;
  start_next (self);
  _plz_listing_editor_update_photos (self);
}

static void
upload_progress_cb (guint64  sent,
                    guint64  total,
                    gpointer user_data)
{
  GtkProgressBar *bar = user_data;

  gtk_progress_bar_set_fraction (bar, total > 0 ? (double) sent / total : 1.0);
}

/* The photo just uploaded is the one the listing had not got before. */
static void
remember_thumbnail (PlzListingEditor *self,
                    JsonObject       *listing,
                    GBytes           *bytes)
{
  JsonArray *before = photos_of (self->listing);
  JsonArray *after = photos_of (listing);
  g_autoptr(GdkTexture) texture = NULL;

  for (guint i = 0; after != NULL && i < json_array_get_length (after); i++)
    {
      const char *id = json_object_get_string_member_with_default (json_array_get_object_element (after, i), "id", "");
      gboolean known = FALSE;

      for (guint j = 0; before != NULL && j < json_array_get_length (before); j++)
        known |= g_strcmp0 (id, json_object_get_string_member_with_default (json_array_get_object_element (before, j),
                                                                             "id", NULL)) == 0;
      if (!known && (texture = plz_listing_row_make_thumbnail (bytes, 2 * TILE_SIZE, NULL)) != NULL)
        {
          g_hash_table_replace (self->thumbnails, g_strdup (id), g_steal_pointer (&texture));
          return;
        }
    }
}

static void
uploaded_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(Job) job = user_data;
  PlzListingEditor *self = job->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) listing = plz_listing_photo_upload_finish (result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (listing == NULL)
    {
      job_failed (job, error->message);
      job_done (job);
      return;
    }
  remember_thumbnail (self, listing, job->bytes);
  gtk_list_box_remove (self->uploads_list, job->row);
  gtk_widget_set_visible (GTK_WIDGET (self->uploads_list),
                          gtk_widget_get_first_child (GTK_WIDGET (self->uploads_list)) != NULL);
  _plz_listing_editor_set_listing (self, listing);
  job_done (job);
}

static void
prepared_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(Job) job = user_data;
  PlzListingEditor *self = job->self;
  g_autoptr(GError) error = NULL;
  const char *content_type = NULL;

  job->bytes = plz_listing_photo_prepare_finish (result, &content_type, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (job->bytes == NULL)
    {
      job_failed (job, error->message);
      job_done (job);
      return;
    }
  adw_action_row_set_subtitle (ADW_ACTION_ROW (job->row), _("Uploading…"));
  plz_listing_photo_upload_async (self->session, self->account,
                                  json_object_get_string_member (self->listing, "id"),
                                  job->bytes, content_type,
                                  upload_progress_cb, g_object_ref (job->bar), g_object_unref,
                                  self->cancellable, uploaded_cb, job);
  g_steal_pointer (&job);
}

static void
start_next (PlzListingEditor *self)
{
  g_autoptr(GFile) file = NULL;
  g_autofree char *name = NULL;
  g_autofree char *bar_label = NULL;
  Job *job;

  if (self->upload_row != NULL || self->listing == NULL || (file = g_queue_pop_head (&self->queue)) == NULL)
    return;

  name = g_file_get_basename (file);
  job = g_new0 (Job, 1);
  job->self = g_object_ref (self);
  job->file = g_object_ref (file);
  job->row = g_object_ref_sink (adw_action_row_new ());
  job->bar = GTK_PROGRESS_BAR (g_object_ref_sink (gtk_progress_bar_new ()));
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (job->row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (job->row), name);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (job->row), _("Preparing…"));
  gtk_widget_set_valign (GTK_WIDGET (job->bar), GTK_ALIGN_CENTER);
  gtk_widget_set_size_request (GTK_WIDGET (job->bar), 120, -1);
  /* TRANSLATORS: %s is a file name */
  bar_label = g_strdup_printf (_("Uploading %s"), name);
  gtk_accessible_update_property (GTK_ACCESSIBLE (job->bar), GTK_ACCESSIBLE_PROPERTY_LABEL, bar_label, -1);
  adw_action_row_add_suffix (ADW_ACTION_ROW (job->row), GTK_WIDGET (job->bar));
  gtk_list_box_append (self->uploads_list, job->row);
  gtk_widget_set_visible (GTK_WIDGET (self->uploads_list), TRUE);
  self->upload_row = job->row;

  plz_listing_photo_prepare_async (file, self->cancellable, prepared_cb, job);
}

static void
chooser_response_cb (GtkNativeDialog  *chooser,
                     int               response,
                     PlzListingEditor *self)
{
  g_autoptr(GListModel) files = NULL;
  guint room = MAX_PHOTOS - MIN (MAX_PHOTOS, n_photos (self) + g_queue_get_length (&self->queue)
                                             + (self->upload_row != NULL ? 1 : 0));
  guint n;

  if (response == GTK_RESPONSE_ACCEPT)
    files = gtk_file_chooser_get_files (GTK_FILE_CHOOSER (chooser));
  gtk_native_dialog_destroy (chooser);
  g_clear_object (&self->chooser);
  n = files != NULL ? g_list_model_get_n_items (files) : 0;
  if (n > room)
    _plz_listing_editor_toast (self, _("A listing can have at most 12 photos: only the first ones are added"));
  for (guint i = 0; i < MIN (n, room); i++)
    g_queue_push_tail (&self->queue, g_list_model_get_item (files, i));
  start_next (self);
  _plz_listing_editor_update_photos (self);
}

void
_plz_listing_editor_choose_photos (PlzListingEditor *self)
{
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  if (self->chooser != NULL)
    return;
  gtk_file_filter_set_name (filter, _("Pictures"));
  gtk_file_filter_add_pixbuf_formats (filter);
  gtk_file_filter_add_mime_type (filter, "image/webp");
  self->chooser = GTK_NATIVE_DIALOG (gtk_file_chooser_native_new (_("Add Photos"), GTK_WINDOW (self),
                                                                  GTK_FILE_CHOOSER_ACTION_OPEN,
                                                                  _("_Add"), _("_Cancel")));
  gtk_file_chooser_set_select_multiple (GTK_FILE_CHOOSER (self->chooser), TRUE);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), filter);
  gtk_native_dialog_set_modal (self->chooser, TRUE);
  g_signal_connect_object (self->chooser, "response", G_CALLBACK (chooser_response_cb), self, 0);
  gtk_native_dialog_show (self->chooser);
  _plz_listing_editor_update_photos (self);
}

static void
add_photos_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  PlzListingEditor *self = PLZ_LISTING_EDITOR (widget);

  if (self->listing == NULL)
    _plz_listing_editor_save_then_photos (self);
  else
    _plz_listing_editor_choose_photos (self);
}

/* ---- removing ---------------------------------------------------------------------- */

static void
removed_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(PlzListingEditor) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) answer = plz_account_call_finish (PLZ_ACCOUNT (source), result, &error);
  JsonNode *listing = answer != NULL ? json_object_get_member (answer, "listing") : NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (listing == NULL || !JSON_NODE_HOLDS_OBJECT (listing))
    {
      _plz_listing_editor_toast (self, error != NULL ? error->message
                                                     : _("The server gave an answer Plaza does not understand"));
      _plz_listing_editor_update_photos (self);
      return;
    }
  _plz_listing_editor_set_listing (self, json_node_get_object (listing));
  _plz_listing_editor_toast (self, _("Photo removed"));
}

static void
remove_photo_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  PlzListingEditor *self = PLZ_LISTING_EDITOR (widget);
  g_autofree char *listing_id = NULL;
  g_autofree char *photo_id = NULL;
  g_autofree char *path = NULL;

  if (self->listing == NULL)
    return;
  listing_id = g_uri_escape_string (json_object_get_string_member (self->listing, "id"), NULL, FALSE);
  photo_id = g_uri_escape_string (g_variant_get_string (parameter, NULL), NULL, FALSE);
  path = g_strdup_printf ("/api/v1/listings/%s/photos/%s", listing_id, photo_id);
  plz_account_call_async (self->account, "DELETE", path, NULL, FALSE, self->cancellable,
                          removed_cb, g_object_ref (self));
}

/* ---- fetching ---------------------------------------------------------------------- */

static void
fetched_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(PlzListingEditor) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) answer = plz_account_call_finish (PLZ_ACCOUNT (source), result, &error);
  JsonNode *listing = answer != NULL ? json_object_get_member (answer, "listing") : NULL;
  JsonNode *photos = listing != NULL && JSON_NODE_HOLDS_OBJECT (listing)
                     ? json_object_get_member (json_node_get_object (listing), "photos") : NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->photos_loading = FALSE;
  /* Only the photos: the form already shows the rest, maybe with changes typed since. */
  if (photos != NULL && JSON_NODE_HOLDS_ARRAY (photos) && self->listing != NULL)
    json_object_set_member (self->listing, "photos", json_node_copy (photos));
  else
    _plz_listing_editor_toast (self, error != NULL ? error->message
                                                   : _("The server gave an answer Plaza does not understand"));
  _plz_listing_editor_update_photos (self);
}

void
_plz_listing_editor_fetch_photos (PlzListingEditor *self)
{
  g_autofree char *id = g_uri_escape_string (json_object_get_string_member (self->listing, "id"), NULL, FALSE);
  g_autofree char *path = g_strconcat ("/api/v1/listings/", id, NULL);

  self->photos_loading = TRUE;
  plz_account_call_async (self->account, "GET", path, NULL, FALSE, self->cancellable,
                          fetched_cb, g_object_ref (self));
  _plz_listing_editor_update_photos (self);
}

/* ---- life ---------------------------------------------------------------------------- */

void
_plz_listing_editor_class_init_photos (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "editor.add-photos", NULL, add_photos_action);
  gtk_widget_class_install_action (widget_class, "editor.remove-photo", "s", remove_photo_action);
}

void
_plz_listing_editor_dispose_photos (PlzListingEditor *self)
{
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (self->chooser);
  g_clear_object (&self->chooser);
  g_queue_clear_full (&self->queue, g_object_unref);
  g_clear_pointer (&self->thumbnails, g_hash_table_unref);
  self->upload_row = NULL;
}
