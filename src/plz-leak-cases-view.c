/* plz-leak-cases-view.c — for admins: the queue of leak cases (people who
 * kept sharing contact details) beside the case chosen */

#include "config.h"

#include <glib/gi18n.h>

#include "plz-form.h"
#include "plz-leak-cases-view.h"

/* The statuses in the order of the drop-down in the .ui file. */
static const char * const statuses[] = { "open", "warned", "restricted", "suspended", "dismissed", "all" };

struct _PlzLeakCasesView
{
  AdwBin             parent_instance;

  /* Template children */
  AdwLeaflet        *leaflet;
  GtkDropDown       *status_dropdown;
  GtkStack          *list_stack;
  GtkSpinner        *spinner;
  AdwStatusPage     *empty_page;
  AdwStatusPage     *error_page;
  GtkListBox        *cases_list;
  GtkBox            *content_box;
  GtkButton         *back_button;

  PlzLeakCaseDetail *detail;
  PlzAccount        *account;
  GCancellable      *cancellable;
  gboolean           loaded;
  guint              n_cases;
};

G_DEFINE_FINAL_TYPE (PlzLeakCasesView, plz_leak_cases_view, ADW_TYPE_BIN)

static void
show_state (PlzLeakCasesView *self,
            const char       *state)
{
  gtk_stack_set_visible_child_name (self->list_stack, state);
  plz_form_hide_other_pages (self->list_stack);
  gtk_spinner_set_spinning (self->spinner, g_str_equal (state, "loading"));
}

static const char *
current_status (PlzLeakCasesView *self)
{
  guint i = gtk_drop_down_get_selected (self->status_dropdown);

  return i < G_N_ELEMENTS (statuses) ? statuses[i] : "open";
}

/* "14:02" today, "12 Nov" before. */
static char *
format_day_or_time (const char *rfc3339)
{
  g_autoptr(GDateTime) utc = rfc3339 != NULL ? g_date_time_new_from_iso8601 (rfc3339, NULL) : NULL;
  g_autoptr(GDateTime) local = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  if (utc == NULL)
    return g_strdup ("—");
  local = g_date_time_to_local (utc);
  if (g_date_time_get_year (local) == g_date_time_get_year (now)
      && g_date_time_get_day_of_year (local) == g_date_time_get_day_of_year (now))
    return g_date_time_format (local, "%H:%M");
  /* TRANSLATORS: a day, as in g_date_time_format */
  return g_date_time_format (local, _("%-d %b"));
}

static GtkWidget *
case_row (JsonObject *c)
{
  JsonObject *user = json_object_get_object_member (c, "user");
  JsonObject *counters = json_object_get_object_member (c, "counters");
  JsonArray *evidence = json_object_get_array_member (c, "evidence");
  const char *name = user != NULL ? json_object_get_string_member_with_default (user, "display_name", NULL) : NULL;
  const char *email = user != NULL ? json_object_get_string_member_with_default (user, "email", "") : "";
  const char *last = json_object_get_string_member_with_default (c, "updated_at", NULL);
  gint64 attempts = counters != NULL ? json_object_get_int_member_with_default (counters, "attempts", 0)
                                     : json_object_get_int_member_with_default (c, "attempts", 0);
  gboolean high = FALSE;
  g_autofree char *when = NULL, *subtitle = NULL, *accessible = NULL;
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *level;

  /* The level is the worst of the latest attempts; the newest comes first. */
  for (guint i = 0; evidence != NULL && i < json_array_get_length (evidence); i++)
    {
      JsonObject *e = json_array_get_object_element (evidence, i);

      if (e == NULL)
        continue;
      if (i == 0)
        last = json_object_get_string_member_with_default (e, "created_at", last);
      high |= g_strcmp0 (json_object_get_string_member_with_default (e, "risk", ""), "high") == 0;
    }
  when = format_day_or_time (last);
  /* TRANSLATORS: email, then how many attempts, then when the last one was */
  subtitle = g_strdup_printf (ngettext ("%s\n%" G_GINT64_FORMAT " attempt · last %s",
                                        "%s\n%" G_GINT64_FORMAT " attempts · last %s", attempts),
                              email, attempts, when);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), name != NULL && *name != '\0' ? name : email);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 2);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);

  level = gtk_label_new (high ? _("High") : _("Medium"));
  gtk_widget_add_css_class (level, "risk-pill");
  gtk_widget_add_css_class (level, high ? "high" : "medium");
  gtk_widget_set_valign (level, GTK_ALIGN_CENTER);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), level);

  accessible = g_strdup_printf (high ? _("%s, high risk") : _("%s, medium risk"),
                                name != NULL && *name != '\0' ? name : email);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
  g_object_set_data_full (G_OBJECT (row), "case-id",
                          g_strdup (json_object_get_string_member_with_default (c, "id", "")), g_free);
  return row;
}

static void
listed_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(PlzLeakCasesView) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) answer = plz_account_call_finish (PLZ_ACCOUNT (source), result, &error);
  const char *shown = plz_leak_case_detail_get_id (self->detail);
  JsonArray *cases;
  GtkWidget *child;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (answer == NULL || !json_object_has_member (answer, "cases")
      || !JSON_NODE_HOLDS_ARRAY (json_object_get_member (answer, "cases")))
    {
      adw_status_page_set_description (self->error_page, error != NULL ? error->message
                                       : _("The server gave an answer Plaza does not understand"));
      show_state (self, "error");
      return;
    }

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->cases_list))) != NULL)
    gtk_list_box_remove (self->cases_list, child);
  cases = json_object_get_array_member (answer, "cases");
  self->n_cases = 0;
  for (guint i = 0; i < json_array_get_length (cases); i++)
    {
      JsonNode *node = json_array_get_element (cases, i);
      GtkWidget *row;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      row = case_row (json_node_get_object (node));
      gtk_list_box_append (self->cases_list, row);
      self->n_cases++;
      if (g_strcmp0 (g_object_get_data (G_OBJECT (row), "case-id"), shown) == 0)
        gtk_list_box_select_row (self->cases_list, GTK_LIST_BOX_ROW (row));
    }
  show_state (self, self->n_cases > 0 ? "results" : "empty");
}

void
plz_leak_cases_view_reload (PlzLeakCasesView *self)
{
  g_autofree char *path = NULL;

  g_return_if_fail (PLZ_IS_LEAK_CASES_VIEW (self));

  if (!plz_account_get_is_admin (self->account))
    return;
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->loaded = TRUE;
  path = g_strdup_printf ("/api/v1/admin/leak-cases?status=%s&limit=100", current_status (self));
  show_state (self, "loading");
  plz_account_call_async (self->account, "GET", path, NULL, FALSE, self->cancellable, listed_cb,
                          g_object_ref (self));
}

gboolean
plz_leak_cases_view_set_status (PlzLeakCasesView *self,
                                const char       *status)
{
  g_return_val_if_fail (PLZ_IS_LEAK_CASES_VIEW (self), FALSE);

  for (guint i = 0; status != NULL && i < G_N_ELEMENTS (statuses); i++)
    if (g_str_equal (statuses[i], status))
      {
        /* The drop-down's notify reloads. */
        gtk_drop_down_set_selected (self->status_dropdown, i);
        return TRUE;
      }
  return FALSE;
}

const char *
plz_leak_cases_view_get_state (PlzLeakCasesView *self)
{
  g_return_val_if_fail (PLZ_IS_LEAK_CASES_VIEW (self), NULL);
  return gtk_stack_get_visible_child_name (self->list_stack);
}

guint
plz_leak_cases_view_get_n_cases (PlzLeakCasesView *self)
{
  g_return_val_if_fail (PLZ_IS_LEAK_CASES_VIEW (self), 0);
  return self->n_cases;
}

void
plz_leak_cases_view_open_case (PlzLeakCasesView *self,
                               const char       *id)
{
  g_return_if_fail (PLZ_IS_LEAK_CASES_VIEW (self));

  plz_leak_case_detail_show (self->detail, id);
  adw_leaflet_set_visible_child (self->leaflet, GTK_WIDGET (self->content_box));
}

PlzLeakCaseDetail *
plz_leak_cases_view_get_detail (PlzLeakCasesView *self)
{
  g_return_val_if_fail (PLZ_IS_LEAK_CASES_VIEW (self), NULL);
  return self->detail;
}

static void
row_activated_cb (PlzLeakCasesView *self,
                  GtkListBoxRow    *row)
{
  plz_leak_cases_view_open_case (self, g_object_get_data (G_OBJECT (row), "case-id"));
}

static void
status_changed_cb (PlzLeakCasesView *self)
{
  if (self->loaded)
    plz_leak_cases_view_reload (self);
}

static void
back_clicked_cb (PlzLeakCasesView *self)
{
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

static void
decided_cb (PlzLeakCasesView *self,
            const char       *id)
{
  /* A decided case leaves the open queue. */
  plz_leak_cases_view_reload (self);
}

static void
reload_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  plz_leak_cases_view_reload (PLZ_LEAK_CASES_VIEW (widget));
}

static void
admin_changed_cb (PlzLeakCasesView *self)
{
  /* Another admin (or none) signed in: what was listed is not theirs. */
  self->loaded = FALSE;
  plz_leak_case_detail_show (self->detail, NULL);
  if (plz_account_get_is_admin (self->account) && gtk_widget_get_mapped (GTK_WIDGET (self)))
    plz_leak_cases_view_reload (self);
}

static void
plz_leak_cases_view_map (GtkWidget *widget)
{
  PlzLeakCasesView *self = PLZ_LEAK_CASES_VIEW (widget);

  GTK_WIDGET_CLASS (plz_leak_cases_view_parent_class)->map (widget);
  if (!self->loaded)
    plz_leak_cases_view_reload (self);
}

GtkWidget *
plz_leak_cases_view_new (PlzAccount *account)
{
  PlzLeakCasesView *self;

  g_return_val_if_fail (PLZ_IS_ACCOUNT (account), NULL);

  self = g_object_new (PLZ_TYPE_LEAK_CASES_VIEW, NULL);
  self->account = g_object_ref (account);
  self->detail = PLZ_LEAK_CASE_DETAIL (plz_leak_case_detail_new (account));
  gtk_box_append (self->content_box, GTK_WIDGET (self->detail));
  g_signal_connect_object (self->detail, "decided", G_CALLBACK (decided_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (account, "notify::is-admin", G_CALLBACK (admin_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (account, "notify::token", G_CALLBACK (admin_changed_cb), self, G_CONNECT_SWAPPED);
  return GTK_WIDGET (self);
}

static void
plz_leak_cases_view_dispose (GObject *object)
{
  PlzLeakCasesView *self = PLZ_LEAK_CASES_VIEW (object);

  g_cancellable_cancel (self->cancellable);
  /* The leaflet is the bin's child and a template child: the bin lets go first. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), PLZ_TYPE_LEAK_CASES_VIEW);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->account);
  G_OBJECT_CLASS (plz_leak_cases_view_parent_class)->dispose (object);
}

static void
plz_leak_cases_view_class_init (PlzLeakCasesViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = plz_leak_cases_view_dispose;
  widget_class->map = plz_leak_cases_view_map;

  gtk_widget_class_set_template_from_resource (widget_class, "/org/plaza/Plaza/plz-leak-cases-view.ui");
  gtk_widget_class_bind_template_child (widget_class, PlzLeakCasesView, leaflet);
  gtk_widget_class_bind_template_child (widget_class, PlzLeakCasesView, status_dropdown);
  gtk_widget_class_bind_template_child (widget_class, PlzLeakCasesView, list_stack);
  gtk_widget_class_bind_template_child (widget_class, PlzLeakCasesView, spinner);
  gtk_widget_class_bind_template_child (widget_class, PlzLeakCasesView, empty_page);
  gtk_widget_class_bind_template_child (widget_class, PlzLeakCasesView, error_page);
  gtk_widget_class_bind_template_child (widget_class, PlzLeakCasesView, cases_list);
  gtk_widget_class_bind_template_child (widget_class, PlzLeakCasesView, content_box);
  gtk_widget_class_bind_template_child (widget_class, PlzLeakCasesView, back_button);
  gtk_widget_class_bind_template_callback (widget_class, row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, status_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, back_clicked_cb);

  gtk_widget_class_install_action (widget_class, "leaks.reload", NULL, reload_action);
}

static void
plz_leak_cases_view_init (PlzLeakCasesView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  show_state (self, "loading");
}
