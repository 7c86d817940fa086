/* test-discover-page.c — the Discover page in a window against a real server:
 * its states, searching, filters, paging as it scrolls, the listing page and
 * saving with rollback */

#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "plz-catalogue-test.h"
#include "plz-client-test.h"
#include "plz-discover-filters.h"
#include "plz-discover-page.h"
#include "plz-listing-card.h"

#define N_LISTINGS 30

typedef struct
{
  PlzTestServer *server;
  char          *operator;
  PlzAccount    *account;
  GtkWindow     *window;
  GtkWidget     *page;
} Fixture;

static void
open_page (Fixture    *fixture,
           PlzAccount *account)
{
  fixture->account = account;
  fixture->page = plz_discover_page_new ();
  fixture->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (fixture->window, 1000, 700);
  gtk_window_set_child (fixture->window, fixture->page);
  plz_discover_page_set_account (PLZ_DISCOVER_PAGE (fixture->page), account);
  gtk_window_present (fixture->window);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (fixture->window));
}

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  fixture->server = plz_test_server_start (FALSE);
  if (fixture->server == NULL)
    return;
  fixture->operator = plz_test_sign_up (fixture->server->url, "op@example.org", TRUE);
  for (guint i = 0; i < N_LISTINGS; i++)
    {
      g_autofree char *title = g_strdup_printf ("Valet number %u", i);
      g_autofree char *id = plz_test_make_listing (fixture->server->url, fixture->operator, title,
                                                   100 + 10 * i, i >= N_LISTINGS - 2 ? 2 : 0);
    }
  open_page (fixture, plz_test_consumer (fixture->server->url, "thandi@example.org"));
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  if (fixture->window != NULL)
    {
      gtk_window_destroy (fixture->window);
      plz_test_spin (200);
    }
  if (fixture->account != NULL)
    g_assert_finalize_object (fixture->account);
  plz_test_server_stop (fixture->server);
  g_free (fixture->operator);
}

static const char *
state (Fixture *fixture)
{
  return plz_discover_page_get_state (PLZ_DISCOVER_PAGE (fixture->page));
}

typedef struct
{
  Fixture    *fixture;
  const char *state;
} StateWait;

static gboolean
in_state (gpointer data)
{
  StateWait *wait = data;

  return g_strcmp0 (state (wait->fixture), wait->state) == 0
         && !plz_listing_model_get_loading (plz_discover_page_get_model (PLZ_DISCOVER_PAGE (wait->fixture->page)));
}

static void
wait_state (Fixture    *fixture,
            const char *expected)
{
  StateWait wait = { fixture, expected };

  if (!plz_test_wait_until (in_state, &wait, 10000))
    g_error ("the page is “%s”, not “%s”", state (fixture), expected);
  /* Laid out and drawn, as a person would see it. */
  gtk_test_widget_wait_for_draw (GTK_WIDGET (fixture->window));
}

static guint
n_listed (Fixture *fixture)
{
  return g_list_model_get_n_items (G_LIST_MODEL (plz_discover_page_get_model (PLZ_DISCOVER_PAGE (fixture->page))));
}

static GtkWidget *
find_entry_row (GtkWidget  *root,
                const char *title)
{
  if (ADW_IS_ENTRY_ROW (root) && g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (root)), title) == 0)
    return root;
  for (GtkWidget *c = gtk_widget_get_first_child (root); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_entry_row (c, title);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The first card the grid shows. */
static PlzListingCard *
first_card (Fixture *fixture)
{
  GtkWidget *grid = plz_test_find_widget (fixture->page, GTK_TYPE_GRID_VIEW);
  GtkWidget *card = plz_test_find_widget (grid, PLZ_TYPE_LISTING_CARD);

  g_assert_nonnull (card);
  return PLZ_LISTING_CARD (card);
}

static gboolean
has_visible_star (GtkWidget *root)
{
  if (GTK_IS_IMAGE (root) && g_strcmp0 (gtk_image_get_icon_name (GTK_IMAGE (root)), "starred-symbolic") == 0)
    return plz_test_widget_is_shown (root);
  for (GtkWidget *c = gtk_widget_get_first_child (root); c != NULL; c = gtk_widget_get_next_sibling (c))
    if (has_visible_star (c))
      return TRUE;
  return FALSE;
}

static void
test_search_filters_paging (Fixture *fixture, gconstpointer data)
{
  GtkWidget *entry, *filters, *max_row, *grid, *scroller, *count;
  GtkAdjustment *adjustment;
  PlzListingModel *model;

  if (fixture->server == NULL)
    return;
  model = plz_discover_page_get_model (PLZ_DISCOVER_PAGE (fixture->page));
  wait_state (fixture, "results");
  g_assert_cmpuint (n_listed (fixture), ==, 24);
  g_assert_nonnull (first_card (fixture));

  /* Scrolling to the end brings the next page, once. */
  grid = plz_test_find_widget (fixture->page, GTK_TYPE_GRID_VIEW);
  scroller = gtk_widget_get_parent (grid);
  g_assert_true (GTK_IS_SCROLLED_WINDOW (scroller));
  adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller));
  g_assert_cmpfloat (gtk_adjustment_get_upper (adjustment), >, gtk_adjustment_get_page_size (adjustment));
  /* Half a screen at a time, as a wheel would. */
  for (guint i = 0; i < 20 && !plz_listing_model_get_loading (model) && plz_listing_model_get_has_more (model); i++)
    {
      gtk_adjustment_set_value (adjustment, gtk_adjustment_get_value (adjustment)
                                            + gtk_adjustment_get_page_size (adjustment) / 2);
      gtk_test_widget_wait_for_draw (GTK_WIDGET (fixture->window));
    }
  g_assert_true (plz_listing_model_get_loading (model) || !plz_listing_model_get_has_more (model));
  g_assert_cmpfloat (gtk_adjustment_get_value (adjustment), >, 0);
  wait_state (fixture, "results");
  g_assert_cmpuint (n_listed (fixture), ==, N_LISTINGS);
  g_assert_false (plz_listing_model_get_has_more (model));

  /* Typing searches after a pause; nothing matching says so. */
  entry = plz_test_find_widget (fixture->page, GTK_TYPE_SEARCH_ENTRY);
  gtk_editable_set_text (GTK_EDITABLE (entry), "zeppelin");
  plz_test_spin (100);
  g_assert_cmpuint (n_listed (fixture), ==, N_LISTINGS);   /* not yet: debounced */
  wait_state (fixture, "empty");
  g_assert_nonnull (plz_test_find_labelled (fixture->page, GTK_TYPE_LABEL, "No Listings Match"));
  g_assert_cmpstr (plz_listing_model_get_query (model)->text, ==, "zeppelin");
  gtk_editable_set_text (GTK_EDITABLE (entry), "number 7");
  wait_state (fixture, "results");
  g_assert_cmpuint (n_listed (fixture), >=, 1);
  gtk_editable_set_text (GTK_EDITABLE (entry), "");
  wait_state (fixture, "results");

  /* A price that is not one is refused inline and changes nothing. */
  filters = plz_test_find_widget (fixture->page, PLZ_TYPE_DISCOVER_FILTERS);
  max_row = find_entry_row (filters, "_Highest Price");
  g_assert_nonnull (max_row);
  gtk_editable_set_text (GTK_EDITABLE (max_row), "cheap");
  g_assert_false (plz_discover_filters_apply (PLZ_DISCOVER_FILTERS (filters)));
  g_assert_true (gtk_widget_has_css_class (max_row, "error"));
  g_assert_cmpint (plz_listing_model_get_query (model)->max_price, ==, -1);
  count = plz_test_find_widget (plz_test_find_widget (fixture->page, GTK_TYPE_MENU_BUTTON), GTK_TYPE_LABEL);
  g_assert_nonnull (count);

  /* Up to R150: the listings at R100 to R150. */
  gtk_editable_set_text (GTK_EDITABLE (max_row), "R150");
  g_assert_true (plz_discover_filters_apply (PLZ_DISCOVER_FILTERS (filters)));
  g_assert_false (gtk_widget_has_css_class (max_row, "error"));
  wait_state (fixture, "results");
  g_assert_cmpint (plz_listing_model_get_query (model)->max_price, ==, 15000);
  g_assert_cmpuint (n_listed (fixture), ==, 6);
  g_assert_nonnull (plz_test_find_labelled (fixture->page, GTK_TYPE_LABEL, "1 filter on"));

  /* Clear Filters brings everything back. */
  gtk_widget_activate_action (fixture->page, "discover.clear-filters", NULL);
  wait_state (fixture, "results");
  g_assert_cmpint (plz_listing_model_get_query (model)->max_price, ==, -1);
  /* The first page at least; the grid may already have paged in more. */
  g_assert_cmpuint (n_listed (fixture), >=, 24);
  g_assert_null (plz_test_find_labelled (fixture->page, GTK_TYPE_LABEL, "1 filter on"));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (max_row)), ==, "");
}

typedef struct
{
  const char *url;
  const char *token;
  const char *id;
} SavedCheck;

static gboolean
saved_on_server (gpointer data)
{
  SavedCheck *check = data;
  g_autoptr(JsonObject) mine = NULL;
  JsonArray *listings;

  plz_test_spin (50);  /* lets the app's own request go out */
  mine = plz_test_api (check->url, "GET", "/api/v1/me/favorites", NULL, check->token, 200);
  listings = json_object_get_array_member (mine, "listings");
  for (guint i = 0; i < json_array_get_length (listings); i++)
    if (g_strcmp0 (json_object_get_string_member (json_array_get_object_element (listings, i), "id"), check->id) == 0)
      return TRUE;
  return FALSE;
}

static gboolean
operator_shown (gpointer data)
{
  return g_strcmp0 (plz_listing_page_get_operator_state (data), "card") == 0;
}

static gboolean
item_saved (gpointer data)
{
  return plz_listing_item_get_favorite (data);
}

static void
test_listing_and_saving (Fixture *fixture, gconstpointer data)
{
  PlzListingPage *listing_page;
  PlzListingCard *card;
  PlzListingItem *item;
  GtkWidget *save, *saved_view;
  g_autofree char *id = NULL;
  SavedCheck check;

  if (fixture->server == NULL)
    return;
  wait_state (fixture, "results");

  /* The saved view starts empty. */
  saved_view = plz_test_find_labelled (fixture->page, GTK_TYPE_TOGGLE_BUTTON, "Saved");
  g_assert_nonnull (saved_view);
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (saved_view), TRUE);
  wait_state (fixture, "saved-empty");
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (saved_view), FALSE);
  wait_state (fixture, "results");

  /* The newest listing has photos: the card shows one, then the page opens. */
  card = first_card (fixture);
  item = plz_listing_card_get_item (card);
  id = g_strdup (plz_listing_item_get_id (item));
  g_assert_nonnull (plz_listing_item_get_thumbnail_url (item));
  g_signal_emit_by_name (card, "clicked");
  g_assert_cmpstr (state (fixture), ==, "listing");
  listing_page = plz_discover_page_get_listing_page (PLZ_DISCOVER_PAGE (fixture->page));
  g_assert_true (plz_listing_page_get_item (listing_page) == item);
  g_assert_nonnull (plz_test_find_labelled (GTK_WIDGET (listing_page), GTK_TYPE_LABEL, "Valet number 29"));
  g_assert_true (plz_test_wait_until (operator_shown, listing_page, 10000));
  g_assert_nonnull (plz_test_find_labelled (GTK_WIDGET (listing_page), GTK_TYPE_LABEL, "Shine Valet"));
  g_assert_nonnull (plz_test_find_labelled (GTK_WIDGET (listing_page), GTK_TYPE_LABEL, "Vehicle size"));
  g_assert_nonnull (plz_test_find_labelled (GTK_WIDGET (listing_page), GTK_TYPE_LABEL, "45 min"));
  g_assert_cmpuint (adw_carousel_get_n_pages (ADW_CAROUSEL (plz_test_find_widget (GTK_WIDGET (listing_page),
                                                                                   ADW_TYPE_CAROUSEL))), ==, 2);

  /* Saving shows at once, reaches the server, and marks the card. */
  save = plz_test_find_widget (GTK_WIDGET (listing_page), GTK_TYPE_TOGGLE_BUTTON);
  g_assert_nonnull (save);
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (save), TRUE);
  g_assert_true (plz_listing_item_get_favorite (item));
  check = (SavedCheck) { fixture->server->url, plz_account_get_token (fixture->account), id };
  g_assert_true (plz_test_wait_until (saved_on_server, &check, 10000));
  g_assert_true (has_visible_star (GTK_WIDGET (card)));

  /* Back to the results where they were. */
  gtk_widget_activate_action (fixture->page, "discover.back", NULL);
  g_assert_cmpstr (state (fixture), ==, "results");

  /* The server goes away: unsaving shows at once, then goes back, with a word why. */
  g_assert_true (plz_discover_page_open_listing (PLZ_DISCOVER_PAGE (fixture->page), id));
  plz_test_server_stop (g_steal_pointer (&fixture->server));
  g_test_expect_message ("plaza", G_LOG_LEVEL_MESSAGE, "Could not change your saved listings*");
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (save), FALSE);
  g_assert_false (plz_listing_item_get_favorite (item));
  g_assert_true (plz_test_wait_until (item_saved, item, 10000));
  g_assert_true (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (save)));
  g_test_assert_expected_messages ();

  /* Opening a listing that is not listed does nothing. */
  g_assert_false (plz_discover_page_open_listing (PLZ_DISCOVER_PAGE (fixture->page), "nope"));
}

/* No server: an error with a Retry that asks again. */
static void
test_error_state (Fixture *fixture, gconstpointer data)
{
  g_autofree char *url = g_strdup_printf ("http://127.0.0.1:%u", plz_test_free_port ());
  PlzAccount *account = plz_account_new (url);
  g_autoptr(JsonNode) user = json_from_string ("{\"id\":\"u1\",\"display_name\":\"Thandi\","
                                               "\"roles\":{\"consumer\":true}}", NULL);
  AdwStatusPage *error_page;

  plz_account_set_session (account, "token", json_node_get_object (user));
  open_page (fixture, account);
  wait_state (fixture, "error");
  g_assert_nonnull (plz_test_find_labelled (fixture->page, GTK_TYPE_BUTTON, "Retry"));
  error_page = ADW_STATUS_PAGE (gtk_widget_get_ancestor (plz_test_find_labelled (fixture->page, GTK_TYPE_BUTTON,
                                                                                 "Retry"),
                                                         ADW_TYPE_STATUS_PAGE));
  g_assert_cmpstr (adw_status_page_get_title (error_page), ==, "Could Not Load Listings");
  g_assert_nonnull (strstr (adw_status_page_get_description (error_page), "127.0.0.1"));

  gtk_widget_activate_action (fixture->page, "discover.retry", NULL);
  g_assert_true (plz_listing_model_get_loading (plz_discover_page_get_model (PLZ_DISCOVER_PAGE (fixture->page))));
  g_assert_cmpstr (state (fixture), ==, "loading");
  wait_state (fixture, "error");
}

static void
empty_setup (Fixture       *fixture,
             gconstpointer  data)
{
}

int
main (int   argc,
      char *argv[])
{
  if (!plz_test_init_gtk (&argc, &argv))
    return 0;

  g_test_add ("/discover-page/search-filters-paging", Fixture, NULL, fixture_setup,
              test_search_filters_paging, fixture_teardown);
  g_test_add ("/discover-page/listing-and-saving", Fixture, NULL, fixture_setup,
              test_listing_and_saving, fixture_teardown);
  g_test_add ("/discover-page/error-state", Fixture, NULL, empty_setup,
              test_error_state, fixture_teardown);

  return g_test_run ();
}
