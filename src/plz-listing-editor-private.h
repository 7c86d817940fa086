/* plz-listing-editor-private.h — the listing editor's insides, shared by its two files */
#pragma once

#include <libsoup/soup.h>

#include "plz-attribute-form.h"
#include "plz-listing-editor.h"

G_BEGIN_DECLS

struct _PlzListingEditor
{
  AdwWindow            parent_instance;

  /* Template children */
  AdwWindowTitle      *window_title;
  GtkWidget           *save_button;
  GtkSpinner          *saving_spinner;
  AdwToastOverlay     *toast_overlay;
  GtkScrolledWindow   *scroller;
  AdwEntryRow         *title_row;
  GtkLabel            *title_error;
  AdwComboRow         *category_row;
  GtkLabel            *category_error;
  GtkWidget           *description_frame;
  GtkTextView         *description_view;
  GtkLabel            *description_error;
  AdwComboRow         *pricing_row;
  AdwEntryRow         *price_row;
  GtkLabel            *currency_label;
  GtkLabel            *price_error;
  AdwComboRow         *city_row;
  AdwEntryRow         *place_row;
  AdwEntryRow         *lat_row;
  AdwEntryRow         *lng_row;
  GtkLabel            *location_error;
  PlzAttributeForm    *attribute_form;
  AdwPreferencesGroup *photos_group;
  GtkWidget           *add_photos_button;
  GtkLabel            *photos_hint;
  GtkFlowBox          *photos_box;
  GtkListBox          *uploads_list;

  PlzAccount          *account;
  PlzCategories       *categories;
  JsonObject          *listing;           /* the server's copy; NULL until first saved */
  JsonObject          *saved_attributes;  /* the form's values when last loaded or saved */
  SoupSession         *session;           /* photos: uploads and thumbnails */
  GCancellable        *cancellable;
  GtkNativeDialog     *chooser;
  GHashTable          *thumbnails;        /* photo id → GdkTexture, fetched or uploaded */
  GQueue               queue;             /* GFile, waiting for their turn to upload */
  GtkWidget           *upload_row;        /* the upload under way, or NULL */
  gboolean             saving;
  gboolean             dirty;
  gboolean             loading;           /* filling the form from a listing */
  gboolean             photos_after_save; /* "Add Photos…" on an unsaved listing */
  gboolean             photos_loading;    /* lists of listings carry no photos: fetching them */
};

/* plz-listing-editor.c */
void _plz_listing_editor_set_listing        (PlzListingEditor *self,
                                             JsonObject       *listing);
void _plz_listing_editor_toast              (PlzListingEditor *self,
                                             const char       *message);
/* Saves a new listing as a draft, then opens the photo chooser. */
void _plz_listing_editor_save_then_photos   (PlzListingEditor *self);

/* plz-listing-editor-photos.c: the photos section. */
void _plz_listing_editor_class_init_photos  (GtkWidgetClass   *widget_class);
void _plz_listing_editor_update_photos      (PlzListingEditor *self);
void _plz_listing_editor_choose_photos      (PlzListingEditor *self);
void _plz_listing_editor_fetch_photos       (PlzListingEditor *self);
void _plz_listing_editor_dispose_photos     (PlzListingEditor *self);

G_END_DECLS
