/* plz-bookings-rules.c — the rules of a booking: who takes part, what each
 * party may do now and when it is too late, whether a time may be booked,
 * and what the contact policy makes of a note or a reason */
#define G_LOG_DOMAIN "plaza-bookings"

#include "plz-bookings-private.h"
#include "plz-error.h"
#include "moderation/plz-moderation.h"

#define MINUTE_US (G_USEC_PER_SEC * G_GINT64_CONSTANT (60))
#define HOUR_US   (MINUTE_US * 60)

/* Who may do what -------------------------------------------------------------------- */

/* The party @user_id is in @b, or 0 for neither. */
PlzParty
_plz_bookings_party_of (const PlzBooking *b,
                        const char       *user_id)
{
  if (g_strcmp0 (b->consumer_id, user_id) == 0)
    return PLZ_PARTY_CONSUMER;
  if (g_strcmp0 (b->operator_id, user_id) == 0)
    return PLZ_PARTY_OPERATOR;
  return 0;
}

/* Why @party may not take @action on @b now (a time rule), or 0 when it may.
 * The lifecycle table has already said the step exists and is theirs. */
PlzErrorCode
_plz_bookings_time_rule (const PlzBooking *b,
                         const char       *action,
                         PlzParty          party,
                         gint64            cancel_window_us,
                         gint64            now,
                         const char      **message)
{
  gboolean accepted = g_strcmp0 (b->status, "confirmed") == 0 || g_strcmp0 (b->status, "preparation") == 0;

  if (g_str_equal (action, "cancel") || g_str_equal (action, "reschedule"))
    {
      /* Operators may always cancel (it is recorded); consumers free of
       * charge until the window before an accepted booking starts. */
      if (party == PLZ_PARTY_CONSUMER && accepted && now > b->start_at - cancel_window_us)
        {
          *message = "It is too late to cancel or move this booking; talk to the operator";
          return PLZ_ERROR_TOO_LATE_TO_CANCEL;
        }
      if (g_str_equal (action, "reschedule") && now >= b->start_at)
        {
          *message = "This booking has already started";
          return PLZ_ERROR_INVALID_TRANSITION;
        }
    }
  if (g_str_equal (action, "no_show") && now < b->start_at)
    {
      *message = "A no-show can only be recorded after the start";
      return PLZ_ERROR_INVALID_TRANSITION;
    }
  return 0;
}

/* Whether @party may reschedule @b at all (ignoring time rules). */
gboolean
_plz_bookings_may_reschedule (const PlzBooking *b,
                              PlzParty          party)
{
  return party != 0 && (g_strcmp0 (b->status, "requested") == 0 || g_strcmp0 (b->status, "confirmed") == 0);
}

JsonArray *
_plz_bookings_actions_for (const PlzBooking *b,
                           PlzParty          party,
                           gint64            cancel_window_us,
                           gint64            now)
{
  const char * const *actions = plz_booking_actions ();
  JsonArray *out = json_array_new ();
  const char *message;

  for (guint i = 0; actions[i] != NULL; i++)
    {
      const PlzBookingStep *step = plz_booking_step_find (actions[i], b->status);

      if (step != NULL && (step->parties & party) != 0 &&
          _plz_bookings_time_rule (b, actions[i], party, cancel_window_us, now, &message) == 0)
        json_array_add_string_element (out, actions[i]);
    }
  if (_plz_bookings_may_reschedule (b, party)
      && _plz_bookings_time_rule (b, "reschedule", party, cancel_window_us, now, &message) == 0)
    json_array_add_string_element (out, "reschedule");
  return out;
}

gint64
_plz_bookings_cancel_window_us (PlzBookings *self,
                                const char  *operator_id)
{
  g_autoptr(PlzAvailability) a = _plz_bookings_availability (self, operator_id, NULL);

  return (a != NULL ? a->cancel_window_minutes : PLZ_BOOKINGS_DEFAULT_CANCEL_MINUTES) * MINUTE_US;
}

/* Checking a time -------------------------------------------------------------------------- */

static gboolean
verdict_error (PlzSlotVerdict   verdict,
               GError         **error)
{
  switch (verdict)
    {
    case PLZ_SLOT_OK:
      return TRUE;
    case PLZ_SLOT_TOO_SOON:
      g_set_error_literal (error, PLZ_ERROR, PLZ_ERROR_TOO_SOON, "This time is too soon: the operator needs more notice");
      break;
    case PLZ_SLOT_TOO_FAR:
      g_set_error_literal (error, PLZ_ERROR, PLZ_ERROR_TOO_FAR, "This time is too far ahead to book yet");
      break;
    case PLZ_SLOT_OUTSIDE_HOURS:
      g_set_error_literal (error, PLZ_ERROR, PLZ_ERROR_OUTSIDE_HOURS, "The operator is not open at this time");
      break;
    case PLZ_SLOT_DAILY_LIMIT:
      g_set_error_literal (error, PLZ_ERROR, PLZ_ERROR_DAILY_LIMIT, "This service is fully booked on that day");
      break;
    case PLZ_SLOT_UNAVAILABLE:
    default:
      g_set_error_literal (error, PLZ_ERROR, PLZ_ERROR_SLOT_UNAVAILABLE, "This time has just been taken");
      break;
    }
  plz_error_set_field (*error, "start");
  return FALSE;
}

/* Checks that @service may start at @start now, against the bookings in the
 * database (leaving out @except_id); call it inside the write transaction,
 * so that nobody else can take the seat between the check and the insert. */
gboolean
_plz_bookings_check_time (PlzBookings            *self,
                          const PlzService       *service,
                          const PlzAvailability  *a,
                          gint64                  start,
                          const char             *except_id,
                          GError                **error)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier (a->time_zone);
  g_autoptr(GArray) busy = NULL;
  PlzSlotsInput input;

  if (tz == NULL)
    tz = g_time_zone_new_utc ();
  /* A day and a half either side covers the local day for the daily limit. */
  busy = plz_bookings_store_busy (self->store, service->operator_id, service->id, except_id,
                                  start - 36 * HOUR_US, start + 36 * HOUR_US, error);
  if (busy == NULL)
    return FALSE;
  _plz_bookings_slots_input (self, a, service, tz, busy, &input);
  return verdict_error (plz_slots_check (&input, start), error);
}

/* @text (a note or a reason) after the contact-details policy at the stage
 * @accepted says: as it is, redacted, or NULL when refused (naming @field). */
char *
_plz_bookings_moderate (PlzBookings    *self,
                        const PlzUser  *user,
                        const char     *conversation_id,
                        gboolean        accepted,
                        const char     *field,
                        const char     *text,
                        GError        **error)
{
  PlzModerationAction action = PLZ_MODERATION_ALLOW;
  g_autofree char *redacted = NULL;

  if (self->moderation == NULL || text == NULL || *text == '\0')
    return g_strdup (text);
  if (!plz_moderation_check_message (self->moderation, user->id, conversation_id,
                                     accepted ? PLZ_MODERATION_STAGE_BOOKED : PLZ_MODERATION_STAGE_PRE_BOOKING,
                                     text, &action, &redacted, NULL, error))
    {
      if (error != NULL && *error != NULL)
        plz_error_set_field (*error, field);
      return NULL;
    }
  return action == PLZ_MODERATION_REDACT && redacted != NULL ? g_steal_pointer (&redacted) : g_strdup (text);
}

gboolean
_plz_bookings_is_accepted (const PlzBooking *b)
{
  return g_strcmp0 (b->status, "requested") != 0 && plz_booking_status_holds_seat (b->status);
}
