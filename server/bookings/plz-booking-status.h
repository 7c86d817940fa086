/* plz-booking-status.h — the booking lifecycle: which step leads where, and who may take it */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  PLZ_PARTY_CONSUMER = 1 << 0,
  PLZ_PARTY_OPERATOR = 1 << 1,
  PLZ_PARTY_SYSTEM   = 1 << 2,   /* the scheduler: expiry */
} PlzParty;

/* One step of the lifecycle. */
typedef struct
{
  const char *action;     /* "confirm", … ; "expire" is the system's */
  const char *from;       /* a status the step may start from */
  const char *to;         /* the status it leads to */
  guint       parties;    /* PlzParty flags: who may take it */
} PlzBookingStep;

/* Every status, in lifecycle order then the ends. */
const char * const   *plz_booking_statuses           (void);

/* Every action a caller may name in POST …/actions. */
const char * const   *plz_booking_actions            (void);

/* The whole table, for tests and docs; *@n gets its length. */
const PlzBookingStep *plz_booking_steps              (guint      *n);

/* The step @action from @from, or NULL when the lifecycle has none. */
const PlzBookingStep *plz_booking_step_find          (const char *action,
                                                      const char *from);

/* TRUE for a known status name. */
gboolean              plz_booking_status_is_valid    (const char *status);

/* TRUE while the booking holds a seat (requested … active). */
gboolean              plz_booking_status_holds_seat  (const char *status);

/* TRUE for statuses nothing moves on from. */
gboolean              plz_booking_status_is_final    (const char *status);

/* "consumer", "operator" or "system". */
const char           *plz_party_name                 (PlzParty    party);

G_END_DECLS
