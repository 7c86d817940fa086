/* plz-listing-status.c — a listing's lifecycle: its statuses and the moves between them */
#include "config.h"

#include "plz-listing-status.h"

#include <glib/gi18n.h>

typedef struct
{
  const char *status;
  const char *label;
  const char *moves[4];
} Status;

/* One table for the server's rules and the app's buttons. */
static const Status statuses[] = {
  { "draft",    N_("Draft"),    { "active", "archived", NULL } },
  { "active",   N_("Active"),   { "paused", "sold", "archived", NULL } },
  { "paused",   N_("Paused"),   { "active", "archived", NULL } },
  { "sold",     N_("Sold"),     { "active", "archived", NULL } },
  { "archived", N_("Archived"), { NULL } },
};

static const Status *
find (const char *status)
{
  for (guint i = 0; status != NULL && i < G_N_ELEMENTS (statuses); i++)
    if (g_str_equal (statuses[i].status, status))
      return &statuses[i];
  return NULL;
}

gboolean
plz_listing_status_is_valid (const char *status)
{
  return find (status) != NULL;
}

const char * const *
plz_listing_status_moves (const char *from)
{
  static const char * const none[] = { NULL };
  const Status *s = find (from);

  return s != NULL ? s->moves : none;
}

gboolean
plz_listing_status_can_move (const char *from,
                             const char *to)
{
  return to != NULL && g_strv_contains (plz_listing_status_moves (from), to);
}

const char *
plz_listing_status_label (const char *status)
{
  const Status *s = find (status);

  return s != NULL ? _(s->label) : status;
}
