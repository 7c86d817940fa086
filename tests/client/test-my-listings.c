/* test-my-listings.c — an operator's listings against a real plaza-server:
 * create in the editor, add a photo through the file chooser, publish, and
 * the bad paths (server-refused fields, refused pictures, lifecycle, delete) */

#include "config.h"

#include <adwaita.h>
#include <gdk-pixbuf/gdk-pixbuf.h>

#include "plz-attribute-form.h"
#include "plz-client-test.h"
#include "plz-error.h"
#include "plz-listing-editor.h"
#include "plz-listing-row.h"
#include "plz-my-listings-page.h"

#define WAIT_MS 20000

typedef struct
{
  PlzTestServer     *server;
  PlzAccount        *account;
  GtkWindow         *window;
  PlzMyListingsPage *page;
  char              *dir;       /* pictures to choose */
} Fixture;

/* ---- the server, through the API ---------------------------------------------------- */

typedef struct
{
  gboolean    done;
  JsonObject *answer;
  GError     *error;
} Call;

static void
called_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  Call *call = user_data;

  call->answer = plz_account_call_finish (PLZ_ACCOUNT (source), result, &call->error);
  call->done = TRUE;
}

/* @method @path with @body_json (may be NULL) as the operator; the answer. */
static JsonObject *
api (Fixture    *fixture,
     const char *method,
     const char *path,
     const char *body_json)
{
  g_autoptr(JsonNode) body = body_json != NULL ? json_from_string (body_json, NULL) : NULL;
  Call call = { 0 };

  plz_account_call_async (fixture->account, method, path, body != NULL ? json_node_get_object (body) : NULL,
                          FALSE, NULL, called_cb, &call);
  g_assert_true (plz_test_wait_for_flag (&call.done, WAIT_MS));
  g_assert_no_error (call.error);
  return call.answer;
}

static guint
count_listings (Fixture *fixture)
{
  g_autoptr(JsonObject) answer = api (fixture, "GET", "/api/v1/me/listings", NULL);

  return json_array_get_length (json_object_get_array_member (answer, "listings"));
}

static JsonObject *
get_listing (Fixture    *fixture,
             const char *id)
{
  g_autofree char *path = g_strconcat ("/api/v1/listings/", id, NULL);
  g_autoptr(JsonObject) answer = api (fixture, "GET", path, NULL);

  return json_object_ref (json_object_get_object_member (answer, "listing"));
}

/* A draft made through the API, for the tests that start from one. */
static char *
create_draft (Fixture    *fixture,
              const char *title)
{
  g_autofree char *body = g_strdup_printf ("{\"category_id\":20,\"title\":\"%s\",\"description\":\"Lawns and beds\","
                                           "\"price\":{\"amount_minor\":45000,\"currency\":\"ZAR\"},"
                                           "\"pricing_type\":\"per_project\","
                                           "\"location\":{\"lat\":-33.9249,\"lng\":18.4241,\"city\":\"Cape Town\"}}",
                                           title);
  g_autoptr(JsonObject) answer = api (fixture, "POST", "/api/v1/listings", body);

  /* The page shows what it last fetched. */
  plz_my_listings_page_reload (fixture->page);
  return g_strdup (json_object_get_string_member (json_object_get_object_member (answer, "listing"), "id"));
}

/* ---- pictures to choose --------------------------------------------------------------- */

static char *
write_png (Fixture    *fixture,
           const char *name,
           int         side)
{
  g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, side, side * 3 / 4);
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (fixture->dir, name, NULL);

  gdk_pixbuf_fill (pixbuf, 0x3a8f5cff);
  gdk_pixbuf_save (pixbuf, path, "png", &error, NULL);
  g_assert_no_error (error);
  return path;
}

/* ---- the UI ------------------------------------------------------------------------------ */

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  GtkWidget *overlay;
  Call call = { 0 };
  g_autoptr(JsonNode) profile = NULL;

  fixture->server = plz_test_server_start (FALSE);
  if (fixture->server == NULL)
    return;
  fixture->dir = g_dir_make_tmp ("plaza-listing-photos-XXXXXX", &error);
  g_assert_no_error (error);

  fixture->account = plz_account_new (fixture->server->url);
  plz_account_sign_up_async (fixture->account, "zanele@example.org", "a long and fine password",
                             "Zanele Mokoena", NULL, called_cb, &call);
  g_assert_true (plz_test_wait_for_flag (&call.done, WAIT_MS));
  g_assert_no_error (call.error);
  g_clear_pointer (&call.answer, json_object_unref);
  profile = json_from_string ("{\"business_name\":\"Zanele Cleans\",\"service_area\":{\"lat\":-26.2,"
                              "\"lng\":28.04,\"radius_km\":20},\"expertise\":[\"cleaning\"]}", NULL);
  call = (Call) { 0 };
  plz_account_become_operator_async (fixture->account, json_node_get_object (profile), NULL, called_cb, &call);
  g_assert_true (plz_test_wait_for_flag (&call.done, WAIT_MS));
  g_assert_no_error (call.error);
  g_clear_pointer (&call.answer, json_object_unref);
  g_assert_true (plz_account_get_is_operator (fixture->account));

  fixture->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (fixture->window, 900, 640);
  overlay = adw_toast_overlay_new ();
  fixture->page = PLZ_MY_LISTINGS_PAGE (plz_my_listings_page_new ());
  plz_my_listings_page_set_account (fixture->page, fixture->account);
  adw_toast_overlay_set_child (ADW_TOAST_OVERLAY (overlay), GTK_WIDGET (fixture->page));
  gtk_window_set_child (fixture->window, overlay);
  gtk_window_present (fixture->window);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  /* Editors and dialogs first, then the window. */
  while (g_list_model_get_n_items (toplevels) > 0)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, 0);
      gtk_window_destroy (window);
    }
  plz_test_spin (50);
  g_clear_object (&fixture->account);
  plz_test_server_stop (fixture->server);
  if (fixture->dir != NULL)
    plz_test_remove_tree (fixture->dir);
  g_free (fixture->dir);
}

typedef struct
{
  PlzMyListingsPage *page;
  const char        *state;
} StateWait;

static gboolean
page_in_state (gpointer data)
{
  StateWait *wait = data;

  return g_strcmp0 (plz_my_listings_page_get_state (wait->page), wait->state) == 0;
}

static void
wait_for_state (Fixture    *fixture,
                const char *state)
{
  StateWait wait = { fixture->page, state };

  if (!plz_test_wait_until (page_in_state, &wait, WAIT_MS))
    g_error ("the page shows “%s”, not “%s”", plz_my_listings_page_get_state (fixture->page), state);
}

/* The toplevel of @type that is shown, or NULL. */
static GtkWidget *
find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWidget) window = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type) && gtk_widget_get_visible (window))
        return window;
    }
  return NULL;
}

static gboolean
toplevel_shown (gpointer data)
{
  return find_toplevel ((GType) GPOINTER_TO_SIZE (data)) != NULL;
}

static GtkWidget *
wait_for_toplevel (GType type)
{
  g_assert_true (plz_test_wait_until (toplevel_shown, GSIZE_TO_POINTER (type), WAIT_MS));
  return find_toplevel (type);
}

static GtkWidget *
row_titled (GtkWidget  *root,
            GType       type,
            const char *title)
{
  GtkWidget *row = plz_test_find_labelled (root, type, title);

  if (row == NULL)
    g_error ("no shown %s titled “%s”", g_type_name (type), title);
  return row;
}

static void
type_into (GtkWidget  *root,
           const char *title,
           const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (row_titled (root, ADW_TYPE_ENTRY_ROW, title)), text);
}

/* Chooses the item that reads @choice in the drop-down row titled @title. */
static void
choose (GtkWidget  *root,
        const char *title,
        const char *choice)
{
  AdwComboRow *row = ADW_COMBO_ROW (row_titled (root, ADW_TYPE_COMBO_ROW, title));
  GListModel *model = adw_combo_row_get_model (row);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(GtkStringObject) item = g_list_model_get_item (model, i);

      if (g_strcmp0 (gtk_string_object_get_string (item), choice) == 0)
        {
          adw_combo_row_set_selected (row, i);
          return;
        }
    }
  g_error ("“%s” offers no “%s”", title, choice);
}

static gboolean
label_shown (GtkWidget  *root,
             const char *text)
{
  return plz_test_find_labelled (root, GTK_TYPE_LABEL, text) != NULL;
}

typedef struct
{
  GtkWidget  *root;
  const char *text;
} LabelWait;

static gboolean
label_appeared (gpointer data)
{
  LabelWait *wait = data;

  return label_shown (wait->root, wait->text);
}

static void
wait_for_label (GtkWidget  *root,
                const char *text)
{
  LabelWait wait = { root, text };

  if (!plz_test_wait_until (label_appeared, &wait, WAIT_MS))
    g_error ("“%s” never showed", text);
}

static void
click (GtkWidget  *root,
       const char *label)
{
  GtkWidget *button = plz_test_find_labelled (root, GTK_TYPE_BUTTON, label);

  if (button == NULL)
    g_error ("no shown button “%s”", label);
  g_signal_emit_by_name (button, "clicked");
}

static PlzListingEditor *
open_new_editor (Fixture *fixture)
{
  PlzListingEditor *editor;

  wait_for_state (fixture, "empty");
  click (GTK_WIDGET (fixture->page), "New Listing");
  editor = PLZ_LISTING_EDITOR (wait_for_toplevel (PLZ_TYPE_LISTING_EDITOR));
  g_assert_true (editor == plz_my_listings_page_get_editor (fixture->page));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (editor));
  return editor;
}

/* Fills the editor as a person would, for a listing the server accepts. */
static void
fill_editor (GtkWidget  *editor,
             const char *title)
{
  GtkTextView *description = GTK_TEXT_VIEW (plz_test_find_widget (editor, GTK_TYPE_TEXT_VIEW));
  PlzAttributeForm *form = PLZ_ATTRIBUTE_FORM (plz_test_find_widget (editor, PLZ_TYPE_ATTRIBUTE_FORM));
  GtkWidget *bedrooms;

  type_into (editor, "Title", title);
  choose (editor, "Category", "Home cleaning");
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (description), "Kitchens, bathrooms and floors.", -1);
  choose (editor, "Pricing", "Per hour");
  type_into (editor, "Price", "350");
  choose (editor, "City or Town", "Johannesburg");
  /* The category's attributes appear once it is chosen. */
  g_assert_true (plz_test_widget_is_shown (GTK_WIDGET (form)));
  bedrooms = plz_test_find_widget (plz_attribute_form_get_row (form, "bedrooms"), GTK_TYPE_SPIN_BUTTON);
  gtk_editable_set_text (GTK_EDITABLE (bedrooms), "3");
}

static guint
editor_photos (PlzListingEditor *editor)
{
  JsonObject *listing = plz_listing_editor_get_listing (editor);

  return listing != NULL ? json_array_get_length (json_object_get_array_member (listing, "photos")) : 0;
}

static gboolean
editor_has_photo (gpointer data)
{
  return editor_photos (data) == 1;
}

static gboolean
photo_tile_shown (gpointer data)
{
  GtkWidget *box = plz_test_find_widget (GTK_WIDGET (data), GTK_TYPE_FLOW_BOX);

  GtkWidget *image = box != NULL ? plz_test_find_widget (box, GTK_TYPE_IMAGE) : NULL;

  /* The tile shows the thumbnail once it is there. */
  return plz_test_widget_is_shown (box) && image != NULL
         && gtk_image_get_storage_type (GTK_IMAGE (image)) == GTK_IMAGE_PAINTABLE;
}

static gboolean
editor_saved (gpointer data)
{
  return plz_listing_editor_get_listing (data) != NULL;
}

static gboolean
file_selected (gpointer data)
{
  g_autoptr(GListModel) files = gtk_file_chooser_get_files (GTK_FILE_CHOOSER (data));

  return g_list_model_get_n_items (files) == 1;
}

/* Picks @path in the file chooser "Add Photos…" opened, and accepts it. */
static void
choose_file (const char *path)
{
  GtkWidget *dialog = wait_for_toplevel (GTK_TYPE_FILE_CHOOSER_DIALOG);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;

  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (dialog)), ==, "Add Photos");
  gtk_file_chooser_set_file (GTK_FILE_CHOOSER (dialog), file, &error);
  g_assert_no_error (error);
  /* The chooser selects the file once it has read the folder. */
  g_assert_true (plz_test_wait_until (file_selected, dialog, WAIT_MS));
  gtk_dialog_response (GTK_DIALOG (dialog), GTK_RESPONSE_ACCEPT);
}

/* ---- tests ------------------------------------------------------------------------------- */

static void
test_create_photo_publish (Fixture       *fixture,
                           gconstpointer  data)
{
  PlzListingEditor *editor;
  g_autofree char *png = NULL;
  g_autofree char *id = NULL;
  g_autoptr(JsonObject) listing = NULL;
  JsonObject *price, *location, *attributes;
  GtkWidget *row;
  GMenuModel *menu;

  if (fixture->server == NULL)
    return;
  png = write_png (fixture, "kitchen.png", 320);

  /* Nothing yet: the empty page offers a first listing. */
  editor = open_new_editor (fixture);
  g_assert_true (label_shown (GTK_WIDGET (fixture->page), "No Listings Yet"));
  fill_editor (GTK_WIDGET (editor), "Spotless home cleaning");

  /* "Add Photos…" on a new listing saves it as a draft first, then asks for files. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "editor.add-photos", NULL));
  g_assert_true (plz_test_wait_until (editor_saved, editor, WAIT_MS));
  choose_file (png);
  g_assert_true (plz_test_wait_until (editor_has_photo, editor, WAIT_MS));
  g_assert_false (plz_listing_editor_get_dirty (editor));
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (editor)), ==, "Edit Listing");
  id = g_strdup (json_object_get_string_member (plz_listing_editor_get_listing (editor), "id"));
  /* The thumbnail shows, with its remove button. */
  g_assert_true (photo_tile_shown (editor));
  gtk_window_close (GTK_WINDOW (editor));

  /* Back on the page: the draft, with the moves a draft has. */
  wait_for_state (fixture, "list");
  wait_for_label (GTK_WIDGET (fixture->page), "Spotless home cleaning");
  row = plz_test_find_widget (GTK_WIDGET (fixture->page), PLZ_TYPE_LISTING_ROW);
  g_assert_true (label_shown (row, "Draft"));
  g_assert_true (label_shown (row, "R350 / hour"));
  g_assert_true (label_shown (row, "0 views · 0 favorites · 0 inquiries"));
  g_assert_null (plz_test_find_labelled (row, GTK_TYPE_BUTTON, "Pause"));
  click (row, "Publish");
  wait_for_label (GTK_WIDGET (fixture->page), "Active");

  /* Live now: pausing is offered, publishing is not; selling and archiving are in the menu. */
  row = plz_test_find_widget (GTK_WIDGET (fixture->page), PLZ_TYPE_LISTING_ROW);
  g_assert_nonnull (plz_test_find_labelled (row, GTK_TYPE_BUTTON, "Pause"));
  g_assert_null (plz_test_find_labelled (row, GTK_TYPE_BUTTON, "Publish"));
  menu = gtk_menu_button_get_menu_model (GTK_MENU_BUTTON (plz_test_find_widget (row, GTK_TYPE_MENU_BUTTON)));
  g_assert_cmpint (g_menu_model_get_n_items (menu), ==, 3);

  /* Editing it again shows its photo (lists of listings carry none: fetched). */
  click (row, "Edit");
  editor = PLZ_LISTING_EDITOR (wait_for_toplevel (PLZ_TYPE_LISTING_EDITOR));
  g_assert_true (plz_test_wait_until (editor_has_photo, editor, WAIT_MS));
  g_assert_true (plz_test_wait_until (photo_tile_shown, editor, WAIT_MS));
  g_assert_nonnull (plz_test_find_labelled (GTK_WIDGET (editor), GTK_TYPE_BUTTON, "Add Photos…"));
  gtk_window_close (GTK_WINDOW (editor));

  /* And the server agrees. */
  listing = get_listing (fixture, id);
  g_assert_cmpstr (json_object_get_string_member (listing, "status"), ==, "active");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (listing, "photos")), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (listing, "title"), ==, "Spotless home cleaning");
  g_assert_cmpstr (json_object_get_string_member (listing, "category"), ==, "home-cleaning");
  g_assert_cmpstr (json_object_get_string_member (listing, "description"), ==, "Kitchens, bathrooms and floors.");
  g_assert_cmpstr (json_object_get_string_member (listing, "pricing_type"), ==, "hourly");
  price = json_object_get_object_member (listing, "price");
  g_assert_cmpint (json_object_get_int_member (price, "amount_minor"), ==, 35000);
  location = json_object_get_object_member (listing, "location");
  g_assert_cmpstr (json_object_get_string_member (location, "city"), ==, "Johannesburg");
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (location, "lat"), -26.2041, 1e-6);
  attributes = json_object_get_object_member (listing, "attributes");
  g_assert_cmpint (json_object_get_int_member (attributes, "bedrooms"), ==, 3);
}

static void
test_edit_sends_changes (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autofree char *id = NULL;
  g_autoptr(JsonObject) listing = NULL;
  PlzListingEditor *editor;
  GtkWidget *save;

  if (fixture->server == NULL)
    return;
  id = create_draft (fixture, "Garden care");
  wait_for_state (fixture, "list");

  click (GTK_WIDGET (fixture->page), "Edit");
  editor = PLZ_LISTING_EDITOR (wait_for_toplevel (PLZ_TYPE_LISTING_EDITOR));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (editor));

  /* Loaded as saved: nothing to save yet. */
  save = plz_test_find_labelled (GTK_WIDGET (editor), GTK_TYPE_BUTTON, "Save");
  g_assert_nonnull (save);
  g_assert_false (gtk_widget_get_sensitive (save));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row_titled (GTK_WIDGET (editor), ADW_TYPE_ENTRY_ROW, "Price"))),
                   ==, "450");
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (row_titled (GTK_WIDGET (editor), ADW_TYPE_COMBO_ROW,
                                                                           "City or Town"))), ==, 2);

  /* Contact for price leaves the amount out of it. */
  choose (GTK_WIDGET (editor), "Pricing", "Contact for price");
  g_assert_false (gtk_widget_get_sensitive (row_titled (GTK_WIDGET (editor), ADW_TYPE_ENTRY_ROW, "Price")));
  type_into (GTK_WIDGET (editor), "Title", "Garden care and lawns");
  g_assert_true (plz_listing_editor_get_dirty (editor));
  g_assert_true (gtk_widget_get_sensitive (save));
  g_signal_emit_by_name (save, "clicked");
  wait_for_label (GTK_WIDGET (editor), "Changes saved");
  g_assert_false (plz_listing_editor_get_dirty (editor));

  listing = get_listing (fixture, id);
  g_assert_cmpstr (json_object_get_string_member (listing, "title"), ==, "Garden care and lawns");
  g_assert_cmpstr (json_object_get_string_member (listing, "pricing_type"), ==, "contact");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (listing, "location"), "city"),
                   ==, "Cape Town");
  /* The page follows. */
  wait_for_label (GTK_WIDGET (fixture->page), "Garden care and lawns");
  g_assert_true (label_shown (GTK_WIDGET (fixture->page), "Contact for price"));
}

static void
test_server_refuses_field (Fixture       *fixture,
                           gconstpointer  data)
{
  PlzListingEditor *editor;
  GtkWidget *title_row, *lat_row, *price_row;

  if (fixture->server == NULL)
    return;
  editor = open_new_editor (fixture);
  fill_editor (GTK_WIDGET (editor), "ab");

  /* Too short a title is the server's call; its words land under the title. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "editor.save", NULL));
  wait_for_label (GTK_WIDGET (editor), "Title needs at least 3 characters, on one line");
  title_row = row_titled (GTK_WIDGET (editor), ADW_TYPE_ENTRY_ROW, "Title");
  g_assert_true (gtk_widget_has_css_class (title_row, "error"));
  g_assert_null (plz_listing_editor_get_listing (editor));
  g_assert_cmpuint (count_listings (fixture), ==, 0);

  /* Typing in the row takes the complaint away. */
  type_into (GTK_WIDGET (editor), "Title", "Deep clean");
  g_assert_false (gtk_widget_has_css_class (title_row, "error"));
  g_assert_false (label_shown (GTK_WIDGET (editor), "Title needs at least 3 characters, on one line"));

  /* A latitude off the globe: the server names location.lat, the row shows it. */
  choose (GTK_WIDGET (editor), "City or Town", "Somewhere else");
  type_into (GTK_WIDGET (editor), "Latitude, Such as -26.2041", "95");
  type_into (GTK_WIDGET (editor), "Longitude, Such as 28.0473", "28.1");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "editor.save", NULL));
  wait_for_label (GTK_WIDGET (editor), "This must be between -90 and 90");
  lat_row = row_titled (GTK_WIDGET (editor), ADW_TYPE_ENTRY_ROW, "Latitude, Such as -26.2041");
  g_assert_true (gtk_widget_has_css_class (lat_row, "error"));
  g_assert_cmpuint (count_listings (fixture), ==, 0);

  /* What the app can tell by itself never reaches the server. */
  type_into (GTK_WIDGET (editor), "Latitude, Such as -26.2041", "-25.9");
  type_into (GTK_WIDGET (editor), "Price", "three fifty");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "editor.save", NULL));
  g_assert_true (label_shown (GTK_WIDGET (editor), "Enter an amount such as 350 or 1 200.50"));
  price_row = row_titled (GTK_WIDGET (editor), ADW_TYPE_ENTRY_ROW, "Price");
  g_assert_true (gtk_widget_has_css_class (price_row, "error"));
  g_assert_true (gtk_widget_has_focus (price_row) || gtk_widget_get_focus_child (price_row) != NULL);
  g_assert_cmpuint (count_listings (fixture), ==, 0);

  /* Put right, it saves. */
  type_into (GTK_WIDGET (editor), "Price", "1 200.50");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "editor.save", NULL));
  g_assert_true (plz_test_wait_until (editor_saved, editor, WAIT_MS));
  g_assert_cmpuint (count_listings (fixture), ==, 1);
}

static void
test_refused_pictures (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autofree char *id = NULL;
  g_autofree char *notes = g_build_filename (fixture->dir != NULL ? fixture->dir : ".", "notes.png", NULL);
  g_autofree char *tiny = NULL;
  g_autofree char *good = NULL;
  g_autoptr(JsonObject) listing = NULL;
  PlzListingEditor *editor;
  GtkWidget *remove;

  if (fixture->server == NULL)
    return;
  id = create_draft (fixture, "Garden care");
  wait_for_state (fixture, "list");
  click (GTK_WIDGET (fixture->page), "Edit");
  editor = PLZ_LISTING_EDITOR (wait_for_toplevel (PLZ_TYPE_LISTING_EDITOR));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (editor));

  /* Named like a picture, but it is not one: the app says so, nothing is sent. */
  g_assert_true (g_file_set_contents (notes, "Remember the gate code", -1, NULL));
  click (GTK_WIDGET (editor), "Add Photos…");
  choose_file (notes);
  wait_for_label (GTK_WIDGET (editor), "“notes.png” is not a picture. Choose a PNG, JPEG or WebP photo.");

  /* A real picture the server refuses (too small): its reason shows on the upload. */
  tiny = write_png (fixture, "icon.png", 40);
  click (GTK_WIDGET (editor), "Add Photos…");
  choose_file (tiny);
  wait_for_label (GTK_WIDGET (editor), "A photo must be at least 64 × 64 pixels");

  listing = get_listing (fixture, id);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (listing, "photos")), ==, 0);
  g_clear_pointer (&listing, json_object_unref);

  /* A good one goes up; its tile's remove button takes it off again. */
  good = write_png (fixture, "lawn.png", 320);
  click (GTK_WIDGET (editor), "Add Photos…");
  choose_file (good);
  g_assert_true (plz_test_wait_until (editor_has_photo, editor, WAIT_MS));
  remove = plz_test_find_widget (plz_test_find_widget (GTK_WIDGET (editor), GTK_TYPE_FLOW_BOX), GTK_TYPE_BUTTON);
  g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (remove)), ==, "editor.remove-photo");
  g_signal_emit_by_name (remove, "clicked");
  wait_for_label (GTK_WIDGET (editor), "Photo removed");
  g_assert_cmpuint (editor_photos (editor), ==, 0);
  listing = get_listing (fixture, id);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (listing, "photos")), ==, 0);
}

static gboolean
row_count_is (gpointer data)
{
  Fixture *fixture = data;
  GtkWidget *list = plz_test_find_widget (GTK_WIDGET (fixture->page), GTK_TYPE_LIST_BOX);

  return list != NULL && gtk_widget_get_first_child (list) == NULL;
}

/* Clicks the dialog's button labelled @button, as a person would. */
static void
answer_dialog (const char *heading,
               const char *button)
{
  AdwMessageDialog *dialog = ADW_MESSAGE_DIALOG (wait_for_toplevel (ADW_TYPE_MESSAGE_DIALOG));

  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, heading);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (dialog));
  click (GTK_WIDGET (dialog), button);
  g_assert_null (find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
}

static void
test_lifecycle_and_delete (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autofree char *id = NULL;
  g_autoptr(JsonObject) listing = NULL;
  g_autoptr(JsonObject) published = NULL;
  g_autofree char *status_path = NULL;
  GtkWidget *row;

  if (fixture->server == NULL)
    return;
  id = create_draft (fixture, "Garden care");
  status_path = g_strdup_printf ("/api/v1/listings/%s/status", id);
  published = api (fixture, "POST", status_path, "{\"status\":\"active\"}");
  plz_my_listings_page_reload (fixture->page);
  wait_for_state (fixture, "list");
  wait_for_label (GTK_WIDGET (fixture->page), "Active");
  row = plz_test_find_widget (GTK_WIDGET (fixture->page), PLZ_TYPE_LISTING_ROW);

  click (row, "Pause");
  wait_for_label (GTK_WIDGET (fixture->page), "Paused");
  wait_for_label (GTK_WIDGET (fixture->window), "“Garden care” is paused: customers cannot find it until you re-publish it");
  row = plz_test_find_widget (GTK_WIDGET (fixture->page), PLZ_TYPE_LISTING_ROW);
  g_assert_nonnull (plz_test_find_labelled (row, GTK_TYPE_BUTTON, "Re-publish"));

  /* Archiving is for good: asked first; "Cancel" changes nothing. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "listings.set-status", "(ss)", id, "archived"));
  answer_dialog ("Archive “Garden care”?", "_Cancel");
  plz_test_spin (200);
  listing = get_listing (fixture, id);
  g_assert_cmpstr (json_object_get_string_member (listing, "status"), ==, "paused");
  g_clear_pointer (&listing, json_object_unref);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "listings.set-status", "(ss)", id, "archived"));
  answer_dialog ("Archive “Garden care”?", "_Archive");
  wait_for_label (GTK_WIDGET (fixture->page), "Archived");
  row = plz_test_find_widget (GTK_WIDGET (fixture->page), PLZ_TYPE_LISTING_ROW);
  /* Final: no moves, nothing to edit. */
  g_assert_null (plz_test_find_labelled (row, GTK_TYPE_BUTTON, "Edit"));
  g_assert_null (plz_test_find_labelled (row, GTK_TYPE_BUTTON, "Re-publish"));

  /* A move the server refuses (a stale page) comes back as a toast, and changes nothing. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "listings.set-status", "(ss)", id, "active"));
  wait_for_label (GTK_WIDGET (fixture->window), "A listing that is archived cannot become active");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "listings.delete", "s", id));
  answer_dialog ("Delete “Garden care”?", "_Delete");
  g_assert_true (plz_test_wait_until (row_count_is, fixture, WAIT_MS));
  wait_for_state (fixture, "empty");
  g_assert_cmpuint (count_listings (fixture), ==, 0);
}

static void
test_error_state (void)
{
  g_autofree char *url = g_strdup_printf ("http://127.0.0.1:%u", plz_test_free_port ());
  g_autoptr(PlzAccount) account = plz_account_new (url);
  g_autoptr(JsonNode) user = json_from_string ("{\"id\":\"u1\",\"display_name\":\"Sipho\",\"avatar_url\":null,"
                                               "\"roles\":{\"consumer\":false,\"operator\":true,\"admin\":false}}",
                                               NULL);
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());
  PlzMyListingsPage *page = PLZ_MY_LISTINGS_PAGE (plz_my_listings_page_new ());
  StateWait wait = { page, "error" };

  plz_account_set_session (account, "test-token", json_node_get_object (user));
  plz_my_listings_page_set_account (page, account);
  gtk_window_set_child (window, GTK_WIDGET (page));
  gtk_window_present (window);

  /* Nobody answers: the page says so and offers to try again. */
  g_assert_true (plz_test_wait_until (page_in_state, &wait, WAIT_MS));
  g_assert_nonnull (plz_test_find_labelled (GTK_WIDGET (page), GTK_TYPE_LABEL, "Could Not Load Your Listings"));
  g_assert_nonnull (plz_test_find_labelled (GTK_WIDGET (page), GTK_TYPE_BUTTON, "Try Again"));
  click (GTK_WIDGET (page), "Try Again");
  g_assert_cmpstr (plz_my_listings_page_get_state (page), ==, "loading");
  g_assert_true (plz_test_wait_until (page_in_state, &wait, WAIT_MS));
  gtk_window_destroy (window);
}

int
main (int   argc,
      char *argv[])
{
  if (!plz_test_init_gtk (&argc, &argv))
    return 0;

#define ADD(path, func) \
  g_test_add ("/my-listings/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("create-photo-publish", test_create_photo_publish);
  ADD ("edit-sends-changes", test_edit_sends_changes);
  ADD ("server-refuses-field", test_server_refuses_field);
  ADD ("refused-pictures", test_refused_pictures);
  ADD ("lifecycle-and-delete", test_lifecycle_and_delete);
  g_test_add_func ("/my-listings/error-state", test_error_state);
  return g_test_run ();
}
