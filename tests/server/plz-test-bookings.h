/* plz-test-bookings.h — an operator with a service and opening hours, and local times to book */
#pragma once

#include "plz-test-server.h"

G_BEGIN_DECLS

/* "YYYY-MM-DDTHH:00:00+02:00": @hour o'clock in Johannesburg, @days from today there. */
char       *plz_test_local_time       (guint           days,
                                       guint           hour);

/* Opens every day 06:00–20:00 in Africa/Johannesburg for @token's operator,
 * with @capacity, no minimum notice, 60 days ahead and @extra_json members
 * (",\"request_ttl_minutes\":5" …, or ""). */
void        plz_test_open_hours       (PlzTestServer  *ts,
                                       const char     *token,
                                       guint           capacity,
                                       const char     *extra_json);

/* Creates a 60-minute service for R350 on @listing_id (or none) with
 * @extra_json members; returns its id. */
char       *plz_test_make_service     (PlzTestServer  *ts,
                                       const char     *token,
                                       const char     *listing_id,
                                       const char     *extra_json);

/* Books @service_id at @start as @token with @client_id; returns the response. */
PlzTestResponse *plz_test_book        (PlzTestServer  *ts,
                                       const char     *token,
                                       const char     *service_id,
                                       const char     *start,
                                       const char     *client_id);

/* The booking's member @name (a string) of a {"booking"} answer. */
const char *plz_test_booking_string   (PlzTestResponse *r,
                                       const char      *name);

G_END_DECLS
