/* plz-ics.h — a booking as an iCalendar invite (.ics, libical) */
#pragma once

#include <glib.h>

#include "plz-recurrence.h"

G_BEGIN_DECLS

/* What the invite says about a booking. Text may be anything a user typed:
 * it is escaped and folded as RFC 5545 asks. */
typedef struct
{
  const char          *booking_id;      /* UID is made from it (or from @series_id) */
  const char          *series_id;       /* NULL for a one-off */
  const char          *status;          /* wire status: "requested", "confirmed" … */
  const char          *service_name;    /* SUMMARY */
  const char          *listing_title;   /* DESCRIPTION; may be NULL */
  const char          *location;        /* LOCATION; may be NULL */
  const char          *operator_id;
  const char          *operator_name;   /* ORGANIZER's CN */
  const char          *consumer_id;
  const char          *consumer_name;   /* ATTENDEE's CN */
  GDateTime           *start;
  GDateTime           *end;
  const char          *time_zone;       /* the operator's IANA zone: TZID and VTIMEZONE */
  gint64               stamp_us;        /* DTSTAMP: when the booking last changed */
  const PlzRecurrence *series;          /* RRULE, EXDATE, moved occurrences; NULL for one-off */
} PlzIcsBooking;

/* The VEVENT STATUS for a wire booking status ("CONFIRMED", "TENTATIVE",
 * "CANCELLED"), or NULL when @status is not one. */
const char *plz_ics_event_status (const char          *status);

/* The UID of @booking's event: the same every time for the same booking (or
 * series), so a calendar updates the event instead of adding another. */
char       *plz_ics_uid          (const PlzIcsBooking *booking);

/* A VCALENDAR (METHOD:PUBLISH) with the zone's VTIMEZONE and one VEVENT, plus
 * one VEVENT with RECURRENCE-ID for each moved occurrence of a series. CRLF
 * line ends, lines folded at 75 octets. Missing or bad fields fail with
 * PLZ_ERROR_INVALID_INPUT naming the field. */
char       *plz_ics_build        (const PlzIcsBooking *booking,
                                  GError             **error);

G_END_DECLS
