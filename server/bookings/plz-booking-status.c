/* plz-booking-status.c — the booking lifecycle: which step leads where, and who may take it */
#define G_LOG_DOMAIN "plaza-bookings"

#include "plz-booking-status.h"

#include <string.h>

#define CONSUMER PLZ_PARTY_CONSUMER
#define OPERATOR PLZ_PARTY_OPERATOR
#define SYSTEM   PLZ_PARTY_SYSTEM

static const char * const statuses[] = {
  "requested", "confirmed", "preparation", "active", "completed", "reviewed",
  "declined", "expired", "cancelled", "no_show", NULL
};

static const char * const actions[] = {
  "confirm", "decline", "prepare", "start", "complete", "cancel", "no_show", NULL
};

/* Time rules on top of this table (the cancellation window, no-show only
 * after the start) are the service's: see plz-bookings-book.c. "review" is
 * taken by the reviews domain when it lands. */
static const PlzBookingStep steps[] = {
  { "confirm",  "requested",   "confirmed",   OPERATOR },
  { "decline",  "requested",   "declined",    OPERATOR },
  { "expire",   "requested",   "expired",     SYSTEM },
  { "cancel",   "requested",   "cancelled",   CONSUMER | OPERATOR },
  { "cancel",   "confirmed",   "cancelled",   CONSUMER | OPERATOR },
  { "cancel",   "preparation", "cancelled",   CONSUMER | OPERATOR },
  { "prepare",  "confirmed",   "preparation", OPERATOR },
  { "start",    "confirmed",   "active",      OPERATOR },
  { "start",    "preparation", "active",      OPERATOR },
  { "no_show",  "confirmed",   "no_show",     OPERATOR },
  { "no_show",  "preparation", "no_show",     OPERATOR },
  { "complete", "active",      "completed",   OPERATOR },
  { "review",   "completed",   "reviewed",    CONSUMER },
};

const char * const *
plz_booking_statuses (void)
{
  return statuses;
}

const char * const *
plz_booking_actions (void)
{
  return actions;
}

const PlzBookingStep *
plz_booking_steps (guint *n)
{
  *n = G_N_ELEMENTS (steps);
  return steps;
}

const PlzBookingStep *
plz_booking_step_find (const char *action,
                       const char *from)
{
  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    if (g_strcmp0 (steps[i].action, action) == 0 && g_strcmp0 (steps[i].from, from) == 0)
      return &steps[i];
  return NULL;
}

gboolean
plz_booking_status_is_valid (const char *status)
{
  return status != NULL && g_strv_contains (statuses, status);
}

gboolean
plz_booking_status_holds_seat (const char *status)
{
  static const char * const holding[] = { "requested", "confirmed", "preparation", "active", NULL };

  return status != NULL && g_strv_contains (holding, status);
}

gboolean
plz_booking_status_is_final (const char *status)
{
  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    if (g_strcmp0 (steps[i].from, status) == 0)
      return FALSE;
  return plz_booking_status_is_valid (status);
}

const char *
plz_party_name (PlzParty party)
{
  switch (party)
    {
    case PLZ_PARTY_CONSUMER:
      return "consumer";
    case PLZ_PARTY_OPERATOR:
      return "operator";
    case PLZ_PARTY_SYSTEM:
    default:
      return "system";
    }
}
