/* plz-routes.c — the API's index: every route the server answers, and who may call it */
#include "plz-routes.h"

#include "accounts/plz-accounts-routes.h"
#include "bookings/plz-bookings-routes.h"
#include "bookings/plz-dispatch-routes.h"
#include "catalogue/plz-catalogue-routes.h"
#include "messaging/plz-attachments-routes.h"
#include "messaging/plz-messaging-routes.h"
#include "moderation/plz-moderation-routes.h"
#include "system/plz-system-routes.h"

#define ANYONE    PLZ_ACCESS_ANYONE
#define SIGNED_IN PLZ_ACCESS_SIGNED_IN
#define OPERATOR  PLZ_ACCESS_OPERATOR
#define ADMIN     PLZ_ACCESS_ADMIN

static const PlzRoute routes[] = {
  { "GET",    "/api/v1/health",                          ANYONE,    plz_system_health },

  /* Accounts and sessions */
  { "POST",   "/api/v1/accounts",                        ANYONE,    plz_accounts_route_sign_up },
  { "POST",   "/api/v1/sessions",                        ANYONE,    plz_accounts_route_sign_in },
  { "GET",    "/api/v1/sessions",                        SIGNED_IN, plz_accounts_route_list_sessions },
  { "DELETE", "/api/v1/sessions/current",                SIGNED_IN, plz_accounts_route_sign_out },
  { "DELETE", "/api/v1/sessions/{id}",                   SIGNED_IN, plz_accounts_route_revoke_session },
  { "GET",    "/api/v1/me",                              SIGNED_IN, plz_accounts_route_get_me },
  { "PATCH",  "/api/v1/me",                              SIGNED_IN, plz_accounts_route_update_me },
  { "PUT",    "/api/v1/me/avatar",                       SIGNED_IN, plz_accounts_route_set_avatar },
  { "POST",   "/api/v1/me/operator",                     SIGNED_IN, plz_accounts_route_become_operator },
  { "POST",   "/api/v1/me/email-verification",           SIGNED_IN, plz_accounts_route_send_email_code },
  { "POST",   "/api/v1/email-verification/confirm",      ANYONE,    plz_accounts_route_confirm_email },
  { "POST",   "/api/v1/password-reset",                  ANYONE,    plz_accounts_route_request_reset },
  { "POST",   "/api/v1/password-reset/confirm",          ANYONE,    plz_accounts_route_confirm_reset },
  { "POST",   "/api/v1/me/phone-verification",           SIGNED_IN, plz_accounts_route_send_phone_code },
  { "POST",   "/api/v1/me/phone-verification/confirm",   SIGNED_IN, plz_accounts_route_confirm_phone },
  { "GET",    "/api/v1/users/{id}",                      SIGNED_IN, plz_accounts_route_get_user },
  { "GET",    "/api/v1/users/{id}/avatar",               ANYONE,    plz_accounts_route_get_avatar },

  /* Catalogue */
  { "GET",    "/api/v1/categories",                      ANYONE,    plz_catalogue_route_categories },
  { "GET",    "/api/v1/listings",                        ANYONE,    plz_catalogue_route_search },
  { "POST",   "/api/v1/listings",                        OPERATOR,  plz_catalogue_route_create },
  { "GET",    "/api/v1/listings/{id}",                   ANYONE,    plz_catalogue_route_get },
  { "PATCH",  "/api/v1/listings/{id}",                   OPERATOR,  plz_catalogue_route_update },
  { "DELETE", "/api/v1/listings/{id}",                   OPERATOR,  plz_catalogue_route_delete },
  { "POST",   "/api/v1/listings/{id}/status",            OPERATOR,  plz_catalogue_route_set_status },
  { "POST",   "/api/v1/listings/{id}/photos",            OPERATOR,  plz_catalogue_route_add_photo },
  { "DELETE", "/api/v1/listings/{id}/photos/{photo_id}", OPERATOR,  plz_catalogue_route_remove_photo },
  { "PUT",    "/api/v1/listings/{id}/favorite",          SIGNED_IN, plz_catalogue_route_favorite },
  { "DELETE", "/api/v1/listings/{id}/favorite",          SIGNED_IN, plz_catalogue_route_unfavorite },
  { "GET",    "/api/v1/photos/{id}",                     ANYONE,    plz_catalogue_route_photo },
  { "GET",    "/api/v1/photos/{id}/thumbnail",           ANYONE,    plz_catalogue_route_thumbnail },
  { "GET",    "/api/v1/me/listings",                     OPERATOR,  plz_catalogue_route_mine },
  { "GET",    "/api/v1/me/favorites",                    SIGNED_IN, plz_catalogue_route_favorites },
  { "POST",   "/api/v1/listings/{id}/inquiries",         SIGNED_IN, plz_messaging_route_inquire },
  { "GET",    "/api/v1/conversations",                   SIGNED_IN, plz_messaging_route_conversations },
  { "GET",    "/api/v1/conversations/{id}",              SIGNED_IN, plz_messaging_route_conversation },
  { "GET",    "/api/v1/conversations/{id}/messages",     SIGNED_IN, plz_messaging_route_history },
  { "POST",   "/api/v1/conversations/{id}/messages",     SIGNED_IN, plz_messaging_route_send },
  { "POST",   "/api/v1/conversations/{id}/read",         SIGNED_IN, plz_messaging_route_read },
  { "POST",   "/api/v1/conversations/{id}/attachments",  SIGNED_IN, plz_attachments_route_upload },
  { "GET",    "/api/v1/attachments/{id}",                SIGNED_IN, plz_attachments_route_file },
  { "GET",    "/api/v1/attachments/{id}/thumbnail",      SIGNED_IN, plz_attachments_route_thumbnail },
  { "GET",    "/api/v1/events",                          SIGNED_IN, plz_messaging_route_events },
  /* The first frame authenticates (a browser cannot set headers on a WebSocket). */
  { "GET",    "/api/v1/stream",                          ANYONE,    plz_messaging_route_stream },

  /* Bookings */
  { "GET",    "/api/v1/listings/{id}/services",          ANYONE,    plz_bookings_route_listing_services },
  { "GET",    "/api/v1/operators/{id}/services",         ANYONE,    plz_bookings_route_operator_services },
  { "GET",    "/api/v1/me/services",                     OPERATOR,  plz_bookings_route_my_services },
  { "POST",   "/api/v1/me/services",                     OPERATOR,  plz_bookings_route_create_service },
  { "PATCH",  "/api/v1/me/services/{id}",                OPERATOR,  plz_bookings_route_update_service },
  { "DELETE", "/api/v1/me/services/{id}",                OPERATOR,  plz_bookings_route_delete_service },
  { "GET",    "/api/v1/me/availability",                 OPERATOR,  plz_bookings_route_get_availability },
  { "PUT",    "/api/v1/me/availability",                 OPERATOR,  plz_bookings_route_put_availability },
  { "GET",    "/api/v1/services/{id}/slots",             ANYONE,    plz_bookings_route_slots },
  { "GET",    "/api/v1/me/schedule",                     OPERATOR,  plz_bookings_route_schedule },
  { "POST",   "/api/v1/bookings",                        SIGNED_IN, plz_bookings_route_create },
  { "GET",    "/api/v1/me/bookings",                     SIGNED_IN, plz_bookings_route_list },
  { "GET",    "/api/v1/bookings/{id}",                   SIGNED_IN, plz_bookings_route_get },
  { "POST",   "/api/v1/bookings/{id}/actions",           SIGNED_IN, plz_bookings_route_act },
  { "POST",   "/api/v1/bookings/{id}/reschedule",        SIGNED_IN, plz_bookings_route_reschedule },
  { "POST",   "/api/v1/bookings/{id}/skip",              SIGNED_IN, plz_bookings_route_skip },
  { "GET",    "/api/v1/bookings/{id}/calendar.ics",      SIGNED_IN, plz_bookings_route_calendar },
  { "GET",    "/api/v1/me/customers/{user_id}/bookings", OPERATOR,  plz_bookings_route_customer },
  /* On-demand dispatch */
  { "GET",    "/api/v1/me/dispatch/settings",            OPERATOR,  plz_dispatch_route_get_settings },
  { "PUT",    "/api/v1/me/dispatch/settings",            OPERATOR,  plz_dispatch_route_put_settings },
  { "GET",    "/api/v1/me/dispatch/offers",              OPERATOR,  plz_dispatch_route_offers },
  { "POST",   "/api/v1/dispatch/requests",               SIGNED_IN, plz_dispatch_route_create },
  { "GET",    "/api/v1/dispatch/requests/{id}",          SIGNED_IN, plz_dispatch_route_get },
  { "POST",   "/api/v1/dispatch/requests/{id}/cancel",   SIGNED_IN, plz_dispatch_route_cancel },
  { "POST",   "/api/v1/dispatch/offers/{id}/accept",     OPERATOR,  plz_dispatch_route_accept },
  { "POST",   "/api/v1/dispatch/offers/{id}/decline",    OPERATOR,  plz_dispatch_route_decline },

  /* Admin */
  { "GET",    "/api/v1/admin/users",                     ADMIN,     plz_accounts_route_admin_search },
  { "GET",    "/api/v1/admin/users/{id}",                ADMIN,     plz_accounts_route_admin_get_user },
  { "POST",   "/api/v1/admin/users/{id}/status",         ADMIN,     plz_accounts_route_admin_set_status },
  { "GET",    "/api/v1/admin/audit",                     ADMIN,     plz_accounts_route_admin_audit },
  { "GET",    "/api/v1/admin/leak-cases",                ADMIN,     plz_moderation_route_list_cases },
  { "GET",    "/api/v1/admin/leak-cases/{id}",           ADMIN,     plz_moderation_route_get_case },
  { "POST",   "/api/v1/admin/leak-cases/{id}/actions",   ADMIN,     plz_moderation_route_act },
};

const PlzRoute *
plz_routes_get (gsize *n_routes)
{
  *n_routes = G_N_ELEMENTS (routes);
  return routes;
}
