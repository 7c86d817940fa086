/* validate-ui.c — plaza-validate-ui FILE.ui: builds one .ui file the way
 * gtk4-builder-tool validate does, but with libadwaita's and Plaza's types
 * registered, so that templates deriving from Adw widgets and holding Plaza
 * widgets can be checked.
 *
 * A <template class="X" parent="Y"> is built onto a stand-in subclass of Y called
 * X (X itself is left unregistered for that), so the file is checked as written
 * rather than the copy compiled into the GResource. Signal handlers are accepted
 * by name; test-window and test-preferences build the real classes, which
 * checks that every handler and template child is bound.
 *
 * Exit status: 0 valid, 1 invalid, 77 skipped (no display).
 */

#include "config.h"

#include <adwaita.h>
#include <stdlib.h>

#include "plz-admin-page.h"
#include "plz-attribute-form.h"
#include "plz-availability-dialog.h"
#include "plz-booking-dialog.h"
#include "plz-booking-sheet.h"
#include "plz-bookings-page.h"
#include "plz-connection-indicator.h"
#include "plz-contact-warning.h"
#include "plz-chat-view.h"
#include "plz-composer.h"
#include "plz-connection-indicator.h"
#include "plz-conversation-row.h"
#include "plz-discover-filters.h"
#include "plz-discover-page.h"
#include "plz-leak-cases-view.h"
#include "plz-listing-card.h"
#include "plz-listing-page.h"
#include "plz-listing-editor.h"
#include "plz-listing-row.h"
#include "plz-messages-page.h"
#include "plz-my-listings-page.h"
#include "plz-operator-group.h"
#include "plz-preferences-window.h"
#include "plz-profile-window.h"
#include "plz-schedule-page.h"
#include "plz-services-dialog.h"
#include "plz-sessions-group.h"
#include "plz-welcome-page.h"
#include "plz-server-banner.h"
#include "plz-window.h"

#define EXIT_SKIP 77

static const struct
{
  const char *name;
  GType     (*get_type) (void);
} plaza_types[] = {
  { "PlzConnectionIndicator", plz_connection_indicator_get_type },
  { "PlzServerBanner", plz_server_banner_get_type },
  { "PlzPreferencesWindow", plz_preferences_window_get_type },
  { "PlzWindow", plz_window_get_type },
  { "PlzWelcomePage", plz_welcome_page_get_type },
  { "PlzAdminPage", plz_admin_page_get_type },
  { "PlzProfileWindow", plz_profile_window_get_type },
  { "PlzOperatorGroup", plz_operator_group_get_type },
  { "PlzSessionsGroup", plz_sessions_group_get_type },
  { "PlzDiscoverFilters", plz_discover_filters_get_type },
  { "PlzDiscoverPage", plz_discover_page_get_type },
  { "PlzListingCard", plz_listing_card_get_type },
  { "PlzListingPage", plz_listing_page_get_type },
  { "PlzAttributeForm", plz_attribute_form_get_type },
  { "PlzListingEditor", plz_listing_editor_get_type },
  { "PlzListingRow", plz_listing_row_get_type },
  { "PlzChatView", plz_chat_view_get_type },
  { "PlzComposer", plz_composer_get_type },
  { "PlzConversationRow", plz_conversation_row_get_type },
  { "PlzMessagesPage", plz_messages_page_get_type },
  { "PlzMyListingsPage", plz_my_listings_page_get_type },
  { "PlzAvailabilityDialog", plz_availability_dialog_get_type },
  { "PlzBookingDialog", plz_booking_dialog_get_type },
  { "PlzBookingSheet", plz_booking_sheet_get_type },
  { "PlzBookingsPage", plz_bookings_page_get_type },
  { "PlzSchedulePage", plz_schedule_page_get_type },
  { "PlzServicesDialog", plz_services_dialog_get_type },
  { "PlzWeekView", plz_week_view_get_type },
  { "PlzContactWarning", plz_contact_warning_get_type },
  { "PlzLeakCaseDetail", plz_leak_case_detail_get_type },
  { "PlzLeakCasesView", plz_leak_cases_view_get_type },
};

/* ---- a builder scope that accepts any handler name -------------------------- */

#define VALIDATE_TYPE_SCOPE (validate_scope_get_type ())
G_DECLARE_FINAL_TYPE (ValidateScope, validate_scope, VALIDATE, SCOPE, GObject)

struct _ValidateScope
{
  GObject parent_instance;
};

static void
ignore_signal (void)
{
}

static GClosure *
validate_scope_create_closure (GtkBuilderScope        *scope,
                               GtkBuilder             *builder,
                               const char             *function_name,
                               GtkBuilderClosureFlags  flags,
                               GObject                *object,
                               GError                **error)
{
  if (!g_regex_match_simple ("^[A-Za-z_][A-Za-z0-9_]*$", function_name, 0, 0))
    {
      g_set_error (error, GTK_BUILDER_ERROR, GTK_BUILDER_ERROR_INVALID_FUNCTION,
                   "“%s” is not a C function name", function_name);
      return NULL;
    }

  return g_cclosure_new (G_CALLBACK (ignore_signal), NULL, NULL);
}

static void
validate_scope_iface_init (GtkBuilderScopeInterface *iface)
{
  iface->create_closure = validate_scope_create_closure;
}

G_DEFINE_FINAL_TYPE_WITH_CODE (ValidateScope, validate_scope, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (GTK_TYPE_BUILDER_SCOPE, validate_scope_iface_init))

static void
validate_scope_class_init (ValidateScopeClass *klass)
{
}

static void
validate_scope_init (ValidateScope *self)
{
}

/* ---- finding the template ----------------------------------------------------- */

typedef struct
{
  char *class_name;
  char *parent_name;
} TemplateInfo;

static void
start_element (GMarkupParseContext  *context,
               const char           *element_name,
               const char          **attribute_names,
               const char          **attribute_values,
               gpointer              user_data,
               GError              **error)
{
  TemplateInfo *info = user_data;
  const char *class_name = NULL;
  const char *parent_name = NULL;

  if (!g_str_equal (element_name, "template") || info->class_name != NULL)
    return;

  g_markup_collect_attributes (element_name, attribute_names, attribute_values, error,
                               G_MARKUP_COLLECT_STRING, "class", &class_name,
                               G_MARKUP_COLLECT_STRING | G_MARKUP_COLLECT_OPTIONAL, "parent", &parent_name,
                               G_MARKUP_COLLECT_INVALID);
  info->class_name = g_strdup (class_name);
  info->parent_name = g_strdup (parent_name);
}

static gboolean
find_template (const char    *contents,
               gsize          length,
               TemplateInfo  *info,
               GError       **error)
{
  static const GMarkupParser parser = { start_element, NULL, NULL, NULL, NULL };
  g_autoptr(GMarkupParseContext) context = g_markup_parse_context_new (&parser, 0, info, NULL);

  return g_markup_parse_context_parse (context, contents, (gssize) length, error)
         && g_markup_parse_context_end_parse (context, error);
}

/* ---- validating --------------------------------------------------------------- */

static void
register_plaza_types_except (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (plaza_types); i++)
    if (g_strcmp0 (plaza_types[i].name, name) != 0)
      g_type_ensure (plaza_types[i].get_type ());
}

static GType
make_stand_in_type (const char  *class_name,
                    const char  *parent_name,
                    GError     **error)
{
  GType parent_type;
  GTypeQuery query;

  /* GTK registers a class only when it is first used. */
  g_type_ensure (GTK_TYPE_BUTTON);
  parent_type = g_type_from_name (parent_name);

  if (parent_type == G_TYPE_INVALID)
    {
      g_set_error (error, GTK_BUILDER_ERROR, GTK_BUILDER_ERROR_INVALID_VALUE,
                   "Unknown template parent class %s", parent_name);
      return G_TYPE_INVALID;
    }

  g_type_query (parent_type, &query);
  return g_type_register_static_simple (parent_type, class_name,
                                        query.class_size, NULL,
                                        query.instance_size, NULL, 0);
}

/* The stand-in class has no dispose of its own to take the template apart. */
static void
destroy_object (GObject *object)
{
  GtkWidget *child;

  if (GTK_IS_WINDOW (object))
    {
      gtk_window_destroy (GTK_WINDOW (object));  /* GTK owns toplevels */
      return;
    }

  if (GTK_IS_WIDGET (object))
    while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))) != NULL)
      gtk_widget_unparent (child);

  g_object_ref_sink (object);
  g_object_unref (object);
}

static gboolean
validate_template (const char    *contents,
                   gsize          length,
                   TemplateInfo  *info,
                   GError       **error)
{
  g_autoptr(GtkBuilder) builder = gtk_builder_new ();
  g_autoptr(GtkBuilderScope) scope = g_object_new (VALIDATE_TYPE_SCOPE, NULL);
  GObject *object;
  gboolean ok;
  GType type;

  if (info->parent_name == NULL)
    {
      g_set_error (error, GTK_BUILDER_ERROR, GTK_BUILDER_ERROR_MISSING_ATTRIBUTE,
                   "The template of %s names no parent class", info->class_name);
      return FALSE;
    }

  register_plaza_types_except (info->class_name);
  type = make_stand_in_type (info->class_name, info->parent_name, error);
  if (type == G_TYPE_INVALID)
    return FALSE;

  object = g_object_new (type, NULL);
  gtk_builder_set_scope (builder, scope);
  ok = gtk_builder_extend_with_template (builder, object, type, contents, (gssize) length, error);
  destroy_object (object);

  return ok;
}

static gboolean
validate_objects (const char  *contents,
                  gsize        length,
                  GError     **error)
{
  g_autoptr(GtkBuilder) builder = gtk_builder_new ();
  g_autoptr(GtkBuilderScope) scope = g_object_new (VALIDATE_TYPE_SCOPE, NULL);
  g_autoptr(GSList) objects = NULL;

  register_plaza_types_except (NULL);
  gtk_builder_set_scope (builder, scope);
  if (!gtk_builder_add_from_string (builder, contents, (gssize) length, error))
    return FALSE;

  objects = gtk_builder_get_objects (builder);
  for (GSList *l = objects; l != NULL; l = l->next)
    if (GTK_IS_WINDOW (l->data))
      gtk_window_destroy (GTK_WINDOW (l->data));

  return TRUE;
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  TemplateInfo info = { NULL, NULL };
  gsize length = 0;
  gboolean ok;

  if (argc != 2)
    {
      g_printerr ("Usage: %s FILE.ui\n", argv[0]);
      return EXIT_FAILURE;
    }

  if (!gtk_init_check ())
    {
      g_print ("SKIP: no display to validate %s on\n", argv[1]);
      return EXIT_SKIP;
    }
  adw_init ();

  if (!g_file_get_contents (argv[1], &contents, &length, &error)
      || !find_template (contents, length, &info, &error))
    {
      g_printerr ("%s: %s\n", argv[1], error->message);
      return EXIT_FAILURE;
    }

  if (info.class_name != NULL)
    ok = validate_template (contents, length, &info, &error);
  else
    ok = validate_objects (contents, length, &error);

  if (!ok)
    g_printerr ("%s: %s\n", argv[1], error->message);
  else
    g_print ("%s: valid%s%s\n", argv[1],
             info.class_name != NULL ? " template of " : "",
             info.class_name != NULL ? info.class_name : "");

  g_free (info.class_name);
  g_free (info.parent_name);
  return ok ? EXIT_SUCCESS : EXIT_FAILURE;
}
