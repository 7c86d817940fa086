/* plz-dispatch-score.c — how well an operator fits an on-demand request, and why */
#define G_LOG_DOMAIN "plaza-bookings"

#include "plz-dispatch-score.h"
#include "plz-error.h"
#include "plz-json.h"

#include <math.h>
#include <string.h>

G_STATIC_ASSERT (PLZ_DISPATCH_WEIGHT_DISTANCE + PLZ_DISPATCH_WEIGHT_EXPERTISE
                 + PLZ_DISPATCH_WEIGHT_LOAD + PLZ_DISPATCH_WEIGHT_RATING > 0.999);

/* A strong component (worth naming in the reason) is at least this good. */
#define STRONG 0.5

static const char *fit_names[] = {
  [PLZ_DISPATCH_CAN_SERVE] = "ok",
  [PLZ_DISPATCH_SKIP_NOT_ACCEPTING] = "not_accepting",
  [PLZ_DISPATCH_SKIP_TOO_FAR] = "too_far",
  [PLZ_DISPATCH_SKIP_AT_CAPACITY] = "at_capacity",
  [PLZ_DISPATCH_SKIP_NO_MATCHING_TAG] = "no_matching_tag",
};

const char *
plz_dispatch_fit_name (PlzDispatchFit fit)
{
  g_return_val_if_fail (fit < G_N_ELEMENTS (fit_names), NULL);

  return fit_names[fit];
}

gboolean
plz_dispatch_fit_from_name (const char     *name,
                            PlzDispatchFit *out)
{
  for (guint i = 0; i < G_N_ELEMENTS (fit_names); i++)
    if (g_strcmp0 (name, fit_names[i]) == 0)
      {
        *out = (PlzDispatchFit) i;
        return TRUE;
      }
  return FALSE;
}

PlzDispatchCandidate *
plz_dispatch_candidate_new (const char *operator_id,
                            const char *display_name)
{
  PlzDispatchCandidate *c = g_new0 (PlzDispatchCandidate, 1);

  c->operator_id = g_strdup (operator_id);
  c->display_name = g_strdup (display_name);
  c->tags = g_new0 (char *, 1);
  c->capacity = 1;
  c->accepting = TRUE;
  return c;
}

PlzDispatchCandidate *
plz_dispatch_candidate_copy (const PlzDispatchCandidate *c)
{
  PlzDispatchCandidate *copy;

  g_return_val_if_fail (c != NULL, NULL);

  copy = g_memdup2 (c, sizeof *c);
  copy->operator_id = g_strdup (c->operator_id);
  copy->display_name = g_strdup (c->display_name);
  copy->tags = g_strdupv (c->tags != NULL ? c->tags : (GStrv) (const char *[]) { NULL });
  return copy;
}

void
plz_dispatch_candidate_free (PlzDispatchCandidate *c)
{
  if (c == NULL)
    return;
  g_free (c->operator_id);
  g_free (c->display_name);
  g_strfreev (c->tags);
  g_free (c);
}

JsonNode *
plz_dispatch_candidate_to_json (const PlzDispatchCandidate *c)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "operator_id");
  json_builder_add_string_value (b, c->operator_id);
  json_builder_set_member_name (b, "display_name");
  json_builder_add_string_value (b, c->display_name);
  json_builder_set_member_name (b, "distance_km");
  json_builder_add_double_value (b, c->distance_km);
  json_builder_set_member_name (b, "load");
  json_builder_add_int_value (b, c->load);
  json_builder_set_member_name (b, "capacity");
  json_builder_add_int_value (b, c->capacity);
  json_builder_set_member_name (b, "tags");
  json_builder_begin_array (b);
  for (guint i = 0; c->tags != NULL && c->tags[i] != NULL; i++)
    json_builder_add_string_value (b, c->tags[i]);
  json_builder_end_array (b);
  json_builder_set_member_name (b, "rating");
  json_builder_add_double_value (b, c->rating);
  json_builder_set_member_name (b, "rating_count");
  json_builder_add_int_value (b, c->rating_count);
  json_builder_set_member_name (b, "accepting");
  json_builder_add_boolean_value (b, c->accepting);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

static gboolean
get_double (JsonObject  *o,
            const char  *member,
            double       min,
            double       max,
            double      *out,
            GError     **error)
{
  JsonNode *node = json_object_get_member (o, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node)
      || (json_node_get_value_type (node) != G_TYPE_DOUBLE
          && json_node_get_value_type (node) != G_TYPE_INT64))
    {
      plz_error_set_invalid (error, member, "“%s” must be a number", member);
      return FALSE;
    }
  *out = json_node_get_double (node);
  if (!(*out >= min && *out <= max))
    {
      plz_error_set_invalid (error, member, "“%s” is out of range", member);
      return FALSE;
    }
  return TRUE;
}

static gboolean
get_count (JsonObject  *o,
           const char  *member,
           guint       *out,
           GError     **error)
{
  gint64 v = 0;

  if (!plz_json_get_int (o, member, TRUE, &v, error))
    return FALSE;
  if (v < 0 || v > G_MAXINT32)
    {
      plz_error_set_invalid (error, member, "“%s” is out of range", member);
      return FALSE;
    }
  *out = (guint) v;
  return TRUE;
}

PlzDispatchCandidate *
plz_dispatch_candidate_from_json (JsonObject  *o,
                                  GError     **error)
{
  const char *id = NULL, *name = NULL;
  g_autoptr(PlzDispatchCandidate) c = NULL;
  JsonNode *node;
  JsonArray *tags;

  if (!plz_json_get_string (o, "operator_id", TRUE, &id, error)
      || !plz_json_get_string (o, "display_name", TRUE, &name, error))
    return NULL;
  c = plz_dispatch_candidate_new (id, name);
  if (!get_double (o, "distance_km", 0, G_MAXDOUBLE, &c->distance_km, error)
      || !get_count (o, "load", &c->load, error)
      || !get_count (o, "capacity", &c->capacity, error)
      || !get_double (o, "rating", 0, 5, &c->rating, error)
      || !get_count (o, "rating_count", &c->rating_count, error)
      || !plz_json_get_bool (o, "accepting", TRUE, &c->accepting, error))
    return NULL;

  node = json_object_get_member (o, "tags");
  tags = node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
  if (tags == NULL)
    {
      plz_error_set_invalid (error, "tags", "“tags” must be a list of words");
      return NULL;
    }
  g_strfreev (c->tags);
  c->tags = g_new0 (char *, json_array_get_length (tags) + 1);
  for (guint i = 0; i < json_array_get_length (tags); i++)
    {
      JsonNode *t = json_array_get_element (tags, i);

      if (!JSON_NODE_HOLDS_VALUE (t) || json_node_get_value_type (t) != G_TYPE_STRING)
        {
          plz_error_set_invalid (error, "tags", "“tags” must be a list of words");
          return NULL;
        }
      c->tags[i] = g_strdup (json_node_get_string (t));
    }
  return g_steal_pointer (&c);
}

static char *
format_number (double value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  /* Not printf: the server's locale may write 2,1. */
  return g_strdup (g_ascii_formatd (buf, sizeof buf, "%.1f", value));
}

static gboolean
has_tag (const PlzDispatchCandidate *c,
         const char                 *tag)
{
  for (guint i = 0; c->tags != NULL && c->tags[i] != NULL; i++)
    if (g_ascii_strcasecmp (c->tags[i], tag) == 0)
      return TRUE;
  return FALSE;
}

/* "a", "a and b", "a, b and c" */
static char *
join_words (GPtrArray  *words,
            const char *last_joint)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < words->len; i++)
    {
      if (i > 0)
        g_string_append (out, i + 1 == words->len ? last_joint : ", ");
      g_string_append (out, words->pdata[i]);
    }
  return g_string_free (out, FALSE);
}

static void
skip (PlzDispatchScore *out,
      PlzDispatchFit    fit,
      char             *reason)
{
  out->fit = fit;
  out->score = 0;
  out->reason = reason;
}

typedef struct
{
  double  weighted;
  double  value;
  char   *phrase;    /* NULL: nothing worth saying */
} Part;

static int
compare_parts (gconstpointer a,
               gconstpointer b,
               gpointer      user_data)
{
  const Part *pa = a, *pb = b;

  return pa->weighted < pb->weighted ? 1 : pa->weighted > pb->weighted ? -1 : 0;
}

void
plz_dispatch_score (const PlzDispatchNeed      *need,
                    const PlzDispatchCandidate *c,
                    PlzDispatchScore           *out)
{
  double radius = need->radius_km > 0 ? need->radius_km : PLZ_DISPATCH_DEFAULT_RADIUS_KM;
  guint n_wanted = need->tags != NULL ? g_strv_length ((char **) need->tags) : 0;
  g_autoptr(GPtrArray) matched = g_ptr_array_new ();
  g_autofree char *km = format_number (c->distance_km);
  g_autofree char *radius_text = format_number (radius);
  g_autofree char *matched_text = NULL;
  g_autofree char *rating_text = NULL;
  PlzDispatchComponents *k = &out->components;
  Part parts[4];
  g_autoptr(GPtrArray) phrases = g_ptr_array_new ();
  double rating;

  memset (out, 0, sizeof *out);
  for (guint i = 0; i < n_wanted; i++)
    if (has_tag (c, need->tags[i]))
      g_ptr_array_add (matched, (gpointer) need->tags[i]);

  /* The components, also for skipped candidates: the record shows them. */
  k->distance = isfinite (c->distance_km) && c->distance_km >= 0
                ? CLAMP (1.0 - c->distance_km / radius, 0.0, 1.0) : 0.0;
  k->load = c->capacity > 0 && c->load < c->capacity
            ? 1.0 - (double) c->load / c->capacity : 0.0;
  k->expertise = n_wanted > 0 ? (double) matched->len / n_wanted : 1.0;
  rating = (CLAMP (c->rating, 0.0, 5.0) * c->rating_count
            + PLZ_DISPATCH_RATING_PRIOR * PLZ_DISPATCH_RATING_PRIOR_COUNT)
           / (c->rating_count + PLZ_DISPATCH_RATING_PRIOR_COUNT);
  k->rating = CLAMP ((rating - 1.0) / 4.0, 0.0, 1.0);

  if (!c->accepting)
    {
      skip (out, PLZ_DISPATCH_SKIP_NOT_ACCEPTING, g_strdup ("not taking on-demand jobs now"));
      return;
    }
  if (!isfinite (c->distance_km) || c->distance_km < 0)
    {
      skip (out, PLZ_DISPATCH_SKIP_TOO_FAR, g_strdup ("distance unknown"));
      return;
    }
  if (c->distance_km > radius)
    {
      skip (out, PLZ_DISPATCH_SKIP_TOO_FAR,
            g_strdup_printf ("%s km away, beyond the %s km radius", km, radius_text));
      return;
    }
  if (n_wanted > 0 && matched->len == 0)
    {
      g_autoptr(GPtrArray) wanted = g_ptr_array_new ();
      g_autofree char *words = NULL;

      for (guint i = 0; i < n_wanted; i++)
        g_ptr_array_add (wanted, (gpointer) need->tags[i]);
      words = join_words (wanted, " or ");
      skip (out, PLZ_DISPATCH_SKIP_NO_MATCHING_TAG, g_strdup_printf ("does not do %s", words));
      return;
    }
  if (c->load >= c->capacity)
    {
      skip (out, PLZ_DISPATCH_SKIP_AT_CAPACITY,
            g_strdup_printf ("fully booked now (%u of %u jobs under way)", c->load, c->capacity));
      return;
    }

  matched_text = join_words (matched, " and ");
  rating_text = format_number (c->rating);
  out->fit = PLZ_DISPATCH_CAN_SERVE;
  out->score = PLZ_DISPATCH_WEIGHT_DISTANCE * k->distance
               + PLZ_DISPATCH_WEIGHT_EXPERTISE * k->expertise
               + PLZ_DISPATCH_WEIGHT_LOAD * k->load
               + PLZ_DISPATCH_WEIGHT_RATING * k->rating;

  parts[0] = (Part) { PLZ_DISPATCH_WEIGHT_DISTANCE * k->distance, k->distance,
                      g_strdup_printf ("%s km away", km) };
  parts[1] = (Part) { PLZ_DISPATCH_WEIGHT_EXPERTISE * k->expertise, k->expertise,
                      matched->len > 0 ? g_strdup_printf ("matches %s", matched_text) : NULL };
  parts[2] = (Part) { PLZ_DISPATCH_WEIGHT_LOAD * k->load, k->load,
                      c->load == 0 ? g_strdup ("free now")
                      : g_strdup_printf ("room for %u more", c->capacity - c->load) };
  parts[3] = (Part) { PLZ_DISPATCH_WEIGHT_RATING * k->rating, k->rating,
                      c->rating_count > 0 ? g_strdup_printf ("rated %s", rating_text) : NULL };
  /* Stable on equal weights: the order above (distance first) decides. */
  g_qsort_with_data (parts, G_N_ELEMENTS (parts), sizeof (Part), compare_parts, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
    if (parts[i].phrase != NULL && (parts[i].value >= STRONG || phrases->len == 0))
      g_ptr_array_add (phrases, parts[i].phrase);
  out->reason = join_words (phrases, ", ");
  for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
    g_free (parts[i].phrase);
}

void
plz_dispatch_score_clear (PlzDispatchScore *score)
{
  g_clear_pointer (&score->reason, g_free);
}
