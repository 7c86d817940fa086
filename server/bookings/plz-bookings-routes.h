/* plz-bookings-routes.h — HTTP routes of services, availability, slots and bookings */
#pragma once

#include "plz-request.h"

G_BEGIN_DECLS

void plz_bookings_route_listing_services  (PlzRequest *request);
void plz_bookings_route_operator_services (PlzRequest *request);
void plz_bookings_route_my_services       (PlzRequest *request);
void plz_bookings_route_create_service    (PlzRequest *request);
void plz_bookings_route_update_service    (PlzRequest *request);
void plz_bookings_route_delete_service    (PlzRequest *request);
void plz_bookings_route_get_availability  (PlzRequest *request);
void plz_bookings_route_put_availability  (PlzRequest *request);
void plz_bookings_route_slots             (PlzRequest *request);
void plz_bookings_route_schedule          (PlzRequest *request);
void plz_bookings_route_create            (PlzRequest *request);
void plz_bookings_route_list              (PlzRequest *request);
void plz_bookings_route_get               (PlzRequest *request);
void plz_bookings_route_act               (PlzRequest *request);
void plz_bookings_route_reschedule        (PlzRequest *request);
void plz_bookings_route_calendar          (PlzRequest *request);
void plz_bookings_route_skip              (PlzRequest *request);
void plz_bookings_route_customer          (PlzRequest *request);

G_END_DECLS
