/* plz-moderation-routes.c — HTTP routes of the leak-case queue for admins */
#define G_LOG_DOMAIN "plaza-moderation"

#include "plz-moderation-routes.h"
#include "plz-moderation.h"
#include "plz-json.h"
#include "plz-server.h"
#include "plz-time.h"
#include "accounts/plz-accounts-store.h"

#define PAGE_MAX         100
#define EVIDENCE_IN_LIST 5
#define EVIDENCE_MAX     200

static PlzModeration *
moderation (PlzRequest *request)
{
  return plz_server_get_moderation (request->server);
}

static void
set_time (JsonObject *o,
          const char *name,
          gint64      usec)
{
  g_autofree char *text = usec != 0 ? plz_time_format_rfc3339 (usec) : NULL;

  if (text == NULL)
    json_object_set_null_member (o, name);
  else
    json_object_set_string_member (o, name, text);
}

static void
set_text_or_null (JsonObject *o,
                  const char *name,
                  const char *value)
{
  if (value == NULL)
    json_object_set_null_member (o, name);
  else
    json_object_set_string_member (o, name, value);
}

static JsonObject *
event_to_json (const PlzModerationEvent *e)
{
  JsonObject *o = json_object_new ();
  JsonNode *kinds = json_from_string (e->kinds, NULL);

  json_object_set_int_member (o, "id", e->id);
  json_object_set_string_member (o, "context", e->context);
  set_text_or_null (o, "reference_id", e->reference_id);
  set_text_or_null (o, "conversation_id", e->conversation_id);
  if (kinds != NULL)
    json_object_set_member (o, "kinds", kinds);
  else
    json_object_set_array_member (o, "kinds", json_array_new ());
  json_object_set_string_member (o, "risk", e->risk);
  json_object_set_string_member (o, "stage", e->stage);
  json_object_set_string_member (o, "action", e->action);
  json_object_set_string_member (o, "excerpt", e->excerpt);
  set_time (o, "created_at", e->created_at);
  return o;
}

/* A case with the person, their counters and the evidence (at most @evidence events). */
static JsonObject *
case_to_json (PlzRequest         *request,
              const PlzLeakCase  *c,
              guint               evidence,
              GError            **error)
{
  PlzStore *store = plz_moderation_get_store (moderation (request));
  g_autoptr(JsonObject) o = json_object_new ();
  g_autoptr(GPtrArray) events = plz_moderation_store_case_events (store, c->id, evidence, error);
  g_autoptr(PlzUser) user = plz_accounts_store_get_user (store, c->user_id, NULL);
  PlzModerationCounters counters;
  JsonObject *person = json_object_new ();
  JsonObject *count = json_object_new ();
  JsonArray *array = json_array_new ();
  gint64 total;

  json_object_set_string_member (o, "id", c->id);
  json_object_set_string_member (o, "status", c->status);
  json_object_set_int_member (o, "attempts", c->attempts);
  set_time (o, "opened_at", c->opened_at);
  set_time (o, "updated_at", c->updated_at);

  json_object_set_string_member (person, "id", c->user_id);
  set_text_or_null (person, "display_name", user != NULL ? user->display_name : NULL);
  set_text_or_null (person, "email", user != NULL ? user->email : NULL);
  set_text_or_null (person, "account_status",
                    user != NULL ? plz_account_status_to_string (user->status) : NULL);
  json_object_set_object_member (o, "user", person);

  if (events == NULL || !plz_moderation_get_counters (moderation (request), c->user_id, &counters, error) ||
      (total = plz_moderation_store_count_case_events (store, c->id, error)) < 0)
    {
      json_object_unref (count);
      json_array_unref (array);
      return NULL;
    }
  json_object_set_int_member (count, "attempts", counters.attempts);
  json_object_set_int_member (count, "refused", counters.refused);
  json_object_set_int_member (count, "redacted", counters.redacted);
  json_object_set_int_member (count, "warnings", counters.warnings);
  set_time (count, "restricted_until", counters.restricted_until);
  json_object_set_object_member (o, "counters", count);

  for (guint i = 0; i < events->len; i++)
    json_array_add_object_element (array, event_to_json (events->pdata[i]));
  json_object_set_array_member (o, "evidence", array);
  json_object_set_int_member (o, "evidence_count", total);

  if (c->resolved_at == 0)
    json_object_set_null_member (o, "resolution");
  else
    {
      JsonObject *r = json_object_new ();

      json_object_set_string_member (r, "status", c->status);
      set_text_or_null (r, "by", c->resolved_by);
      set_time (r, "at", c->resolved_at);
      set_text_or_null (r, "reason", c->resolution);
      json_object_set_object_member (o, "resolution", r);
    }
  return g_steal_pointer (&o);
}

static void
reply_case (PlzRequest        *request,
            const PlzLeakCase *c)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) o = json_object_new ();
  JsonObject *cj = case_to_json (request, c, EVIDENCE_MAX, &error);

  if (cj == NULL)
    {
      plz_request_reply_gerror (request, error);
      return;
    }
  json_object_set_object_member (o, "case", cj);
  plz_request_reply_object (request, SOUP_STATUS_OK, o);
}

static gboolean
query_uint (PlzRequest  *request,
            const char  *name,
            guint        fallback,
            guint        max,
            guint       *out)
{
  const char *text = plz_request_get_query (request, name);
  guint64 value;

  *out = fallback;
  if (text == NULL)
    return TRUE;
  if (!g_ascii_string_to_unsigned (text, 10, 0, max, &value, NULL))
    {
      g_autofree char *message = g_strdup_printf ("“%s” must be a number from 0 to %u", name, max);

      plz_request_reply_error (request, PLZ_ERROR_INVALID_INPUT, message, name);
      return FALSE;
    }
  *out = (guint) value;
  return TRUE;
}

void
plz_moderation_route_list_cases (PlzRequest *request)
{
  static const char * const statuses[] = {
    "open", "dismissed", "warned", "restricted", "suspended", "all", NULL
  };
  const char *status = plz_request_get_query (request, "status");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) cases = NULL;
  g_autoptr(JsonObject) o = NULL;
  JsonArray *array;
  guint limit, offset;

  if (status == NULL)
    status = "open";
  if (!g_strv_contains (statuses, status))
    {
      plz_request_reply_error (request, PLZ_ERROR_INVALID_INPUT,
                               "Status must be open, dismissed, warned, restricted, suspended or all",
                               "status");
      return;
    }
  if (!query_uint (request, "limit", 50, PAGE_MAX, &limit) ||
      !query_uint (request, "offset", 0, G_MAXINT32, &offset))
    return;
  cases = plz_moderation_list_cases (moderation (request), g_str_equal (status, "all") ? NULL : status,
                                     limit, offset, &error);
  if (cases == NULL)
    {
      plz_request_reply_gerror (request, error);
      return;
    }
  o = json_object_new ();
  array = json_array_new ();
  json_object_set_array_member (o, "cases", array);
  for (guint i = 0; i < cases->len; i++)
    {
      JsonObject *cj = case_to_json (request, cases->pdata[i], EVIDENCE_IN_LIST, &error);

      if (cj == NULL)
        {
          plz_request_reply_gerror (request, error);
          return;
        }
      json_array_add_object_element (array, cj);
    }
  plz_request_reply_object (request, SOUP_STATUS_OK, o);
}

void
plz_moderation_route_get_case (PlzRequest *request)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PlzLeakCase) c = plz_moderation_get_case (moderation (request),
                                                      plz_request_get_param (request, "id"), &error);

  if (c == NULL)
    plz_request_reply_gerror (request, error);
  else
    reply_case (request, c);
}

void
plz_moderation_route_act (PlzRequest *request)
{
  static const char * const allowed[] = { "action", "reason", NULL };
  g_autoptr(JsonObject) body = plz_request_parse_body (request);
  g_autoptr(GError) error = NULL;
  g_autoptr(PlzLeakCase) c = NULL;
  const char *action_name = NULL, *reason = NULL;
  PlzLeakCaseAction action;

  if (body == NULL || !plz_request_check_members (request, body, allowed))
    return;
  if (!plz_json_get_string (body, "action", TRUE, &action_name, &error) ||
      !plz_json_get_string (body, "reason", TRUE, &reason, &error))
    {
      plz_request_reply_gerror (request, error);
      return;
    }
  if (!plz_leak_case_action_from_name (action_name, &action))
    {
      plz_request_reply_error (request, PLZ_ERROR_INVALID_INPUT,
                               "Action must be dismiss, warn, restrict or suspend", "action");
      return;
    }
  c = plz_moderation_act_on_case (moderation (request), request->user, plz_request_get_param (request, "id"),
                                  action, reason, &error);
  if (c == NULL)
    plz_request_reply_gerror (request, error);
  else
    reply_case (request, c);
}
