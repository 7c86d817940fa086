/* plz-catalogue-routes.h — HTTP routes of categories, listings, photos and favorites */
#pragma once

#include "plz-request.h"

G_BEGIN_DECLS

/* GET /api/v1/categories */
void plz_catalogue_route_categories     (PlzRequest *request);
/* GET /api/v1/listings?q=&category=&min_price=&max_price=&lat=&lng=&radius_km=&operator=&attr.KEY=&attr.KEY.min=&attr.KEY.max=&sort=&cursor=&limit= */
void plz_catalogue_route_search         (PlzRequest *request);
/* POST /api/v1/listings */
void plz_catalogue_route_create         (PlzRequest *request);
/* GET /api/v1/listings/{id} */
void plz_catalogue_route_get            (PlzRequest *request);
/* PATCH /api/v1/listings/{id} */
void plz_catalogue_route_update         (PlzRequest *request);
/* DELETE /api/v1/listings/{id} */
void plz_catalogue_route_delete         (PlzRequest *request);
/* POST /api/v1/listings/{id}/status */
void plz_catalogue_route_set_status     (PlzRequest *request);
/* POST /api/v1/listings/{id}/photos (image body) */
void plz_catalogue_route_add_photo      (PlzRequest *request);
/* DELETE /api/v1/listings/{id}/photos/{photo_id} */
void plz_catalogue_route_remove_photo   (PlzRequest *request);
/* GET /api/v1/photos/{id} */
void plz_catalogue_route_photo          (PlzRequest *request);
/* GET /api/v1/photos/{id}/thumbnail */
void plz_catalogue_route_thumbnail      (PlzRequest *request);
/* GET /api/v1/me/listings */
void plz_catalogue_route_mine           (PlzRequest *request);
/* PUT /api/v1/listings/{id}/favorite */
void plz_catalogue_route_favorite       (PlzRequest *request);
/* DELETE /api/v1/listings/{id}/favorite */
void plz_catalogue_route_unfavorite     (PlzRequest *request);
/* GET /api/v1/me/favorites */
void plz_catalogue_route_favorites      (PlzRequest *request);

G_END_DECLS
