/* plz-user.h — an account as the server holds it */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef enum
{
  PLZ_ACCOUNT_ACTIVE,
  PLZ_ACCOUNT_SUSPENDED,
  PLZ_ACCOUNT_BANNED,
} PlzAccountStatus;

typedef struct
{
  char             *id;
  char             *email;
  char             *password_hash;
  char             *display_name;
  char             *avatar;
  char             *bio;
  char             *phone;
  char             *timezone;
  char             *locale;
  gboolean          is_consumer;
  gboolean          is_operator;
  gboolean          is_admin;
  char             *business_name;
  gboolean          has_area;
  double            area_lat;
  double            area_lng;
  double            area_radius_km;
  char             *expertise;        /* JSON array text */
  gint64            email_verified_at; /* 0 when not verified */
  gint64            phone_verified_at;
  gint64            kyc_verified_at;
  PlzAccountStatus  status;
  char             *status_reason;
  gint64            created_at;
  gint64            updated_at;
  gint64            last_login_at;
} PlzUser;

/* Frees @user. */
void        plz_user_free              (PlzUser          *user);

/* "active", "suspended" or "banned". */
const char *plz_account_status_to_string (PlzAccountStatus status);

/* Parses a status name; FALSE for anything else. */
gboolean    plz_account_status_from_string (const char   *text,
                                            PlzAccountStatus *status);

/* The user as the owner (or an admin) sees it: no password hash, ever. */
JsonObject *plz_user_to_json_private   (const PlzUser    *user);

/* The public card other people see: name, avatar, badges, operator profile. */
JsonObject *plz_user_to_json_public    (const PlzUser    *user);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PlzUser, plz_user_free)

G_END_DECLS
