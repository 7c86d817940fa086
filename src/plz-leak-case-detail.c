/* plz-leak-case-detail.c — one leak case for admins: the person, their
 * counters, every caught attempt as evidence, and the decision */

#include "config.h"

#include <glib/gi18n.h>

#include "plz-contact-detector.h"
#include "plz-form.h"
#include "plz-leak-case-detail.h"

struct _PlzLeakCaseDetail
{
  AdwBin          parent_instance;

  /* Template children */
  GtkStack       *stack;
  GtkSpinner     *spinner;
  AdwStatusPage  *error_page;
  GtkLabel       *name_label;
  GtkLabel       *email_label;
  GtkLabel       *counters_label;
  GtkBox         *actions_box;
  GtkLabel       *resolution_label;
  GtkLabel       *evidence_heading;
  GtkListBox     *evidence_list;

  PlzAccount     *account;
  GCancellable   *cancellable;
  char           *id;
  JsonObject     *leak_case;
};

G_DEFINE_FINAL_TYPE (PlzLeakCaseDetail, plz_leak_case_detail, ADW_TYPE_BIN)

enum
{
  DECIDED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Words ------------------------------------------------------------------------ */

static const char *
kind_label (const char *kind)
{
  static const struct { const char *kind; const char *label; } labels[] = {
    { "phone", N_("Phone number") },
    { "email", N_("Email address") },
    { "handle", N_("Handle") },
    { "messaging_app", N_("Another app") },
    { "link", N_("Link") },
    { "payment", N_("Payment outside Plaza") },
    { "contact_request", N_("Asked for contact") },
    { "off_platform", N_("Dealing outside Plaza") },
  };

  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    if (g_strcmp0 (labels[i].kind, kind) == 0)
      return _(labels[i].label);
  return kind;
}

static const char *
stage_label (const char *stage)
{
  if (g_strcmp0 (stage, "pre_booking") == 0)
    return _("Before a booking");
  if (g_strcmp0 (stage, "booked") == 0)
    return _("After a booking");
  if (g_strcmp0 (stage, "public") == 0)
    return _("Listing or bio");
  return stage;
}

static const char *
action_label (const char *action)
{
  if (g_strcmp0 (action, "refused") == 0)
    return _("Not sent");
  if (g_strcmp0 (action, "redacted") == 0)
    return _("Sent with details hidden");
  return action;
}

/* "14:02" today, "12 Nov 14:02" before; "" for no time. */
static char *
format_time (const char *rfc3339)
{
  g_autoptr(GDateTime) utc = rfc3339 != NULL ? g_date_time_new_from_iso8601 (rfc3339, NULL) : NULL;
  g_autoptr(GDateTime) local = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  if (utc == NULL)
    return g_strdup ("");
  local = g_date_time_to_local (utc);
  if (g_date_time_get_year (local) == g_date_time_get_year (now)
      && g_date_time_get_day_of_year (local) == g_date_time_get_day_of_year (now))
    return g_date_time_format (local, "%H:%M");
  /* TRANSLATORS: a date and time, as in g_date_time_format */
  return g_date_time_format (local, _("%-d %b %H:%M"));
}

char *
plz_leak_evidence_markup (const char *excerpt)
{
  g_autofree char *text = g_utf8_make_valid (excerpt != NULL ? excerpt : "", -1);
  g_autoptr(PlzContactResult) result = plz_contact_scan (text, -1);
  gboolean any_sure = plz_contact_result_kinds (result, PLZ_CONTACT_REDACT_MIN) != 0;
  GString *out = g_string_new (NULL);
  g_autofree char *rest = NULL;
  gsize at = 0;

  for (guint i = 0; i < result->findings->len; i++)
    {
      const PlzContactFinding *f = &g_array_index (result->findings, PlzContactFinding, i);
      gsize start = MAX (f->start, at), end = f->end;
      g_autofree char *before = NULL, *found = NULL;

      if ((any_sure && f->confidence < PLZ_CONTACT_REDACT_MIN) || end <= at)
        continue;
      /* Overlapping findings make one mark. */
      for (guint j = i + 1; j < result->findings->len; j++)
        {
          const PlzContactFinding *g = &g_array_index (result->findings, PlzContactFinding, j);

          if (g->start > end)
            break;
          if (!any_sure || g->confidence >= PLZ_CONTACT_REDACT_MIN)
            end = MAX (end, g->end);
          i = j;
        }
      before = g_markup_escape_text (text + at, (gssize) (start - at));
      found = g_markup_escape_text (text + start, (gssize) (end - start));
      g_string_append_printf (out, "%s<span bgcolor=\"#f5c211\" bgalpha=\"45%%\" underline=\"error\">%s</span>",
                              before, found);
      at = end;
    }
  rest = g_markup_escape_text (text + at, -1);
  g_string_append (out, rest);
  return g_string_free (out, FALSE);
}

/* Showing --------------------------------------------------------------------- */

static void
show_state (PlzLeakCaseDetail *self,
            const char        *state)
{
  gtk_stack_set_visible_child_name (self->stack, state);
  plz_form_hide_other_pages (self->stack);
  gtk_spinner_set_spinning (self->spinner, g_str_equal (state, "loading"));
}

static GtkWidget *
evidence_row (JsonObject *event)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *top = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *kinds_label, *risk, *excerpt, *meta;
  JsonArray *kinds = json_object_get_array_member (event, "kinds");
  const char *risk_name = json_object_get_string_member_with_default (event, "risk", "");
  g_autoptr(GString) kinds_text = g_string_new (NULL);
  g_autofree char *markup = plz_leak_evidence_markup (json_object_get_string_member_with_default (event, "excerpt", ""));
  g_autofree char *when = format_time (json_object_get_string_member_with_default (event, "created_at", NULL));
  g_autofree char *meta_text = NULL;

  for (guint i = 0; kinds != NULL && i < json_array_get_length (kinds); i++)
    {
      if (kinds_text->len > 0)
        g_string_append (kinds_text, ", ");
      g_string_append (kinds_text, kind_label (json_array_get_string_element (kinds, i)));
    }
  kinds_label = gtk_label_new (kinds_text->len > 0 ? kinds_text->str : _("Contact details"));
  gtk_widget_add_css_class (kinds_label, "heading");
  gtk_label_set_xalign (GTK_LABEL (kinds_label), 0);
  gtk_widget_set_hexpand (kinds_label, TRUE);
  gtk_box_append (GTK_BOX (top), kinds_label);
  risk = gtk_label_new (g_str_equal (risk_name, "high") ? _("High risk") : _("Medium risk"));
  gtk_widget_add_css_class (risk, "risk-pill");
  gtk_widget_add_css_class (risk, g_str_equal (risk_name, "high") ? "high" : "medium");
  gtk_widget_set_valign (risk, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (top), risk);
  gtk_box_append (GTK_BOX (box), top);

  excerpt = gtk_label_new (NULL);
  gtk_label_set_markup (GTK_LABEL (excerpt), markup);
  gtk_label_set_wrap (GTK_LABEL (excerpt), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (excerpt), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (GTK_LABEL (excerpt), 0);
  gtk_label_set_selectable (GTK_LABEL (excerpt), TRUE);
  gtk_widget_add_css_class (excerpt, "leak-evidence");
  gtk_box_append (GTK_BOX (box), excerpt);

  /* TRANSLATORS: stage · what happened · time, e.g. "Before a booking · Not sent · 14:02" */
  meta_text = g_strdup_printf (_("%s · %s · %s"), stage_label (json_object_get_string_member_with_default (event, "stage", "")),
                               action_label (json_object_get_string_member_with_default (event, "action", "")), when);
  meta = gtk_label_new (meta_text);
  gtk_label_set_xalign (GTK_LABEL (meta), 0);
  gtk_widget_add_css_class (meta, "dim-label");
  gtk_widget_add_css_class (meta, "caption");
  gtk_box_append (GTK_BOX (box), meta);

  gtk_widget_set_margin_top (box, 10);
  gtk_widget_set_margin_bottom (box, 10);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  return box;
}

static const char *
status_words (const char *status)
{
  if (g_strcmp0 (status, "dismissed") == 0)
    return _("Dismissed");
  if (g_strcmp0 (status, "warned") == 0)
    return _("Warned");
  if (g_strcmp0 (status, "restricted") == 0)
    return _("Messages paused");
  if (g_strcmp0 (status, "suspended") == 0)
    return _("Account suspended");
  return _("Open");
}

static void
show_case (PlzLeakCaseDetail *self,
           JsonObject        *c)
{
  JsonObject *user = json_object_get_object_member (c, "user");
  JsonObject *counters = json_object_get_object_member (c, "counters");
  JsonObject *resolution = json_object_get_member (c, "resolution") != NULL
                           && JSON_NODE_HOLDS_OBJECT (json_object_get_member (c, "resolution"))
                           ? json_object_get_object_member (c, "resolution") : NULL;
  JsonArray *evidence = json_object_get_array_member (c, "evidence");
  const char *name = user != NULL ? json_object_get_string_member_with_default (user, "display_name", NULL) : NULL;
  const char *email = user != NULL ? json_object_get_string_member_with_default (user, "email", "") : "";
  const char *status = json_object_get_string_member_with_default (c, "status", "open");
  gint64 n_evidence = json_object_get_int_member_with_default (c, "evidence_count", 0);
  g_autofree char *counts = NULL, *heading = NULL, *opened = NULL, *email_line = NULL;
  g_autofree char *paused = NULL;
  GtkWidget *child;

  g_clear_pointer (&self->leak_case, json_object_unref);
  self->leak_case = json_object_ref (c);

  gtk_label_set_text (self->name_label, name != NULL && *name != '\0' ? name : email);
  opened = format_time (json_object_get_string_member_with_default (c, "opened_at", NULL));
  /* TRANSLATORS: email · case status · when the case opened */
  email_line = g_strdup_printf (_("%s · %s · opened %s"), email, status_words (status), opened);
  gtk_label_set_text (self->email_label, email_line);

  if (counters != NULL)
    {
      const char *until = json_object_get_string_member_with_default (counters, "restricted_until", NULL);
      g_autoptr(GDateTime) until_time = until != NULL ? g_date_time_new_from_iso8601 (until, NULL) : NULL;
      g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

      if (until_time != NULL && g_date_time_compare (until_time, now) > 0)
        {
          g_autofree char *clock = format_time (until);

          paused = g_strdup_printf (_(", messages paused until %s"), clock);
        }
      counts = g_strdup_printf (_("%" G_GINT64_FORMAT " attempts: %" G_GINT64_FORMAT " not sent, %"
                                  G_GINT64_FORMAT " sent with details hidden; %" G_GINT64_FORMAT " warnings%s"),
                                json_object_get_int_member_with_default (counters, "attempts", 0),
                                json_object_get_int_member_with_default (counters, "refused", 0),
                                json_object_get_int_member_with_default (counters, "redacted", 0),
                                json_object_get_int_member_with_default (counters, "warnings", 0),
                                paused != NULL ? paused : "");
    }
  gtk_label_set_text (self->counters_label, counts != NULL ? counts : "");

  gtk_widget_set_visible (GTK_WIDGET (self->actions_box), g_str_equal (status, "open"));
  gtk_widget_set_visible (GTK_WIDGET (self->resolution_label), resolution != NULL);
  if (resolution != NULL)
    {
      g_autofree char *at = format_time (json_object_get_string_member_with_default (resolution, "at", NULL));
      /* TRANSLATORS: outcome, time, the admin's reason */
      g_autofree char *text = g_strdup_printf (_("%s at %s: “%s”"), status_words (status), at,
                                               json_object_get_string_member_with_default (resolution, "reason", ""));

      gtk_label_set_text (self->resolution_label, text);
    }

  heading = g_strdup_printf (ngettext ("Evidence: %" G_GINT64_FORMAT " attempt",
                                       "Evidence: %" G_GINT64_FORMAT " attempts", n_evidence), n_evidence);
  gtk_label_set_text (self->evidence_heading, heading);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->evidence_list))) != NULL)
    gtk_list_box_remove (self->evidence_list, child);
  for (guint i = 0; evidence != NULL && i < json_array_get_length (evidence); i++)
    {
      JsonNode *node = json_array_get_element (evidence, i);

      if (JSON_NODE_HOLDS_OBJECT (node))
        gtk_list_box_append (self->evidence_list, evidence_row (json_node_get_object (node)));
    }
  show_state (self, "case");
}

static gboolean
answer_has_case (JsonObject *answer)
{
  return answer != NULL && json_object_has_member (answer, "case")
         && JSON_NODE_HOLDS_OBJECT (json_object_get_member (answer, "case"));
}

static void
loaded_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(PlzLeakCaseDetail) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) answer = plz_account_call_finish (PLZ_ACCOUNT (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (!answer_has_case (answer))
    {
      adw_status_page_set_description (self->error_page, error != NULL ? error->message
                                       : _("The server gave an answer Plaza does not understand"));
      show_state (self, "error");
      return;
    }
  show_case (self, json_object_get_object_member (answer, "case"));
}

static void
load (PlzLeakCaseDetail *self)
{
  g_autofree char *escaped = NULL, *path = NULL;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->id == NULL)
    {
      show_state (self, "none");
      return;
    }
  self->cancellable = g_cancellable_new ();
  escaped = g_uri_escape_string (self->id, NULL, FALSE);
  path = g_strconcat ("/api/v1/admin/leak-cases/", escaped, NULL);
  show_state (self, "loading");
  plz_account_call_async (self->account, "GET", path, NULL, FALSE, self->cancellable, loaded_cb,
                          g_object_ref (self));
}

void
plz_leak_case_detail_show (PlzLeakCaseDetail *self,
                           const char        *id)
{
  g_return_if_fail (PLZ_IS_LEAK_CASE_DETAIL (self));

  g_free (self->id);
  self->id = g_strdup (id);
  g_clear_pointer (&self->leak_case, json_object_unref);
  load (self);
}

const char *
plz_leak_case_detail_get_id (PlzLeakCaseDetail *self)
{
  g_return_val_if_fail (PLZ_IS_LEAK_CASE_DETAIL (self), NULL);
  return self->id;
}

const char *
plz_leak_case_detail_get_state (PlzLeakCaseDetail *self)
{
  g_return_val_if_fail (PLZ_IS_LEAK_CASE_DETAIL (self), NULL);
  return gtk_stack_get_visible_child_name (self->stack);
}

JsonObject *
plz_leak_case_detail_get_case (PlzLeakCaseDetail *self)
{
  g_return_val_if_fail (PLZ_IS_LEAK_CASE_DETAIL (self), NULL);
  return self->leak_case;
}

/* Deciding -------------------------------------------------------------------- */

static void
decided_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(PlzLeakCaseDetail) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) answer = plz_account_call_finish (PLZ_ACCOUNT (source), result, &error);
  g_autofree char *id = g_strdup (self->id);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (!answer_has_case (answer))
    {
      /* Another admin may have decided first: show what the case is now. */
      plz_form_add_toast (GTK_WIDGET (self), error != NULL ? error->message
                          : _("The server gave an answer Plaza does not understand"));
      load (self);
      return;
    }
  show_case (self, json_object_get_object_member (answer, "case"));
  plz_form_add_toast (GTK_WIDGET (self), _("Decision saved"));
  g_signal_emit (self, signals[DECIDED], 0, id);
}

static void
reason_changed_cb (GtkEditable      *entry,
                   AdwMessageDialog *dialog)
{
  g_autofree char *reason = plz_form_get_text (entry);

  adw_message_dialog_set_response_enabled (dialog, "confirm", *reason != '\0');
}

static void
dialog_response_cb (AdwMessageDialog  *dialog,
                    const char        *response,
                    PlzLeakCaseDetail *self)
{
  GtkEditable *entry = GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog));
  g_autofree char *reason = plz_form_get_text (entry);
  const char *action = g_object_get_data (G_OBJECT (dialog), "action");
  const char *id = g_object_get_data (G_OBJECT (dialog), "case-id");
  g_autoptr(JsonObject) body = NULL;
  g_autofree char *escaped = NULL, *path = NULL;

  if (!g_str_equal (response, "confirm") || *reason == '\0' || g_strcmp0 (id, self->id) != 0)
    return;
  body = json_object_new ();
  json_object_set_string_member (body, "action", action);
  json_object_set_string_member (body, "reason", reason);
  escaped = g_uri_escape_string (id, NULL, FALSE);
  path = g_strconcat ("/api/v1/admin/leak-cases/", escaped, "/actions", NULL);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  show_state (self, "loading");
  plz_account_call_async (self->account, "POST", path, body, FALSE, self->cancellable, decided_cb,
                          g_object_ref (self));
}

static void
act_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  PlzLeakCaseDetail *self = PLZ_LEAK_CASE_DETAIL (widget);
  const char *action = g_variant_get_string (parameter, NULL);
  const char *name = gtk_label_get_text (self->name_label);
  g_autofree char *heading = NULL;
  const char *body, *verb;
  gboolean destructive = TRUE;
  AdwMessageDialog *dialog;
  GtkWidget *entry;

  if (self->id == NULL || self->leak_case == NULL)
    return;
  if (g_str_equal (action, "dismiss"))
    {
      heading = g_strdup (_("Dismiss This Case?"));
      body = _("Nothing happens to the person; the case closes as a false alarm.");
      verb = _("_Dismiss");
      destructive = FALSE;
    }
  else if (g_str_equal (action, "warn"))
    {
      heading = g_strdup_printf (_("Warn %s?"), name);
      body = _("They get a formal warning by email, with your reason.");
      verb = _("_Warn");
    }
  else if (g_str_equal (action, "restrict"))
    {
      heading = g_strdup_printf (_("Pause Messages from %s?"), name);
      body = _("Their messages before a booking are paused for a while; messages about confirmed "
               "bookings still go through. They are told by email.");
      verb = _("_Pause Messages");
    }
  else if (g_str_equal (action, "suspend"))
    {
      heading = g_strdup_printf (_("Suspend %s?"), name);
      body = _("They cannot sign in or use Plaza until an admin reactivates the account. They will see the reason.");
      verb = _("_Suspend");
    }
  else
    {
      g_warning ("Unknown leak case action “%s”", action);
      return;
    }

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (widget)), heading, body));
  entry = gtk_entry_new ();
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("Reason (required, kept in the audit log)"));
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Reason"), -1);
  adw_message_dialog_set_extra_child (dialog, entry);
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "confirm", verb, NULL);
  adw_message_dialog_set_response_appearance (dialog, "confirm",
                                              destructive ? ADW_RESPONSE_DESTRUCTIVE : ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_response_enabled (dialog, "confirm", FALSE);
  adw_message_dialog_set_default_response (dialog, "confirm");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "case-id", g_strdup (self->id), g_free);
  g_object_set_data_full (G_OBJECT (dialog), "action", g_strdup (action), g_free);
  g_signal_connect (entry, "changed", G_CALLBACK (reason_changed_cb), dialog);
  g_signal_connect_object (dialog, "response", G_CALLBACK (dialog_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (entry);
}

static void
reload_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  load (PLZ_LEAK_CASE_DETAIL (widget));
}

/* Life ------------------------------------------------------------------------ */

GtkWidget *
plz_leak_case_detail_new (PlzAccount *account)
{
  PlzLeakCaseDetail *self;

  g_return_val_if_fail (PLZ_IS_ACCOUNT (account), NULL);

  self = g_object_new (PLZ_TYPE_LEAK_CASE_DETAIL, NULL);
  self->account = g_object_ref (account);
  return GTK_WIDGET (self);
}

static void
plz_leak_case_detail_dispose (GObject *object)
{
  PlzLeakCaseDetail *self = PLZ_LEAK_CASE_DETAIL (object);

  g_cancellable_cancel (self->cancellable);
  /* The stack is the bin's child and a template child: the bin lets go first. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), PLZ_TYPE_LEAK_CASE_DETAIL);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->account);
  g_clear_pointer (&self->leak_case, json_object_unref);
  g_clear_pointer (&self->id, g_free);
  G_OBJECT_CLASS (plz_leak_case_detail_parent_class)->dispose (object);
}

static void
plz_leak_case_detail_class_init (PlzLeakCaseDetailClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = plz_leak_case_detail_dispose;

  signals[DECIDED] = g_signal_new ("decided", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                                   NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/plaza/Plaza/plz-leak-case-detail.ui");
  gtk_widget_class_bind_template_child (widget_class, PlzLeakCaseDetail, stack);
  gtk_widget_class_bind_template_child (widget_class, PlzLeakCaseDetail, spinner);
  gtk_widget_class_bind_template_child (widget_class, PlzLeakCaseDetail, error_page);
  gtk_widget_class_bind_template_child (widget_class, PlzLeakCaseDetail, name_label);
  gtk_widget_class_bind_template_child (widget_class, PlzLeakCaseDetail, email_label);
  gtk_widget_class_bind_template_child (widget_class, PlzLeakCaseDetail, counters_label);
  gtk_widget_class_bind_template_child (widget_class, PlzLeakCaseDetail, actions_box);
  gtk_widget_class_bind_template_child (widget_class, PlzLeakCaseDetail, resolution_label);
  gtk_widget_class_bind_template_child (widget_class, PlzLeakCaseDetail, evidence_heading);
  gtk_widget_class_bind_template_child (widget_class, PlzLeakCaseDetail, evidence_list);

  gtk_widget_class_install_action (widget_class, "case.act", "s", act_action);
  gtk_widget_class_install_action (widget_class, "case.reload", NULL, reload_action);
}

static void
plz_leak_case_detail_init (PlzLeakCaseDetail *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  show_state (self, "none");
}
