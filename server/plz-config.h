/* plz-config.h — server settings: flags, then PLAZA_* environment, then a key file */
#pragma once

#include <glib.h>

#include "plz-contact-detector.h"

G_BEGIN_DECLS

#define PLZ_DEFAULT_PORT          8470
#define PLZ_DEFAULT_MAX_BODY_SIZE (1024 * 1024)
#define PLZ_DEFAULT_MAX_UPLOAD_SIZE (8 * 1024 * 1024)

/* What the moderation policy does with a message that shares contact details
 * (server/moderation): "allow", "redact" (deliver with them hidden), "refuse". */
typedef enum
{
  PLZ_MODERATION_ALLOW,
  PLZ_MODERATION_REDACT,
  PLZ_MODERATION_REFUSE,
} PlzModerationAction;

/* The [moderation] group of the key file. */
typedef struct
{
  PlzModerationAction pre_booking_high;    /* before a confirmed booking (refuse) */
  PlzModerationAction pre_booking_medium;  /* (redact) */
  PlzModerationAction booked_high;         /* once a booking is confirmed (allow) */
  PlzModerationAction booked_medium;       /* (allow) */
  PlzContactRisk      public_refuse_from;  /* listings and bios refuse this risk and up (medium) */
  guint               window_hours;        /* attempts count over this window (24) */
  guint               restrict_after;      /* attempts in the window that pause sending (3) */
  guint               restrict_minutes;    /* how long sending is paused (60) */
  guint               case_after;          /* attempts in the window that open a case (5) */
} PlzModerationConfig;

typedef struct
{
  char   *listen;          /* address to bind, e.g. 127.0.0.1 */
  guint   port;            /* 0 picks a free port */
  char   *data_dir;        /* holds plaza.db and media */
  gint64  max_body_size;   /* request bodies above this get 413 */
  char   *config_file;     /* the key file these came from, or NULL */
  guint   password_cost;   /* yescrypt cost, 1–11; raising it rehashes at sign-in */
  guint   session_days;    /* a session lasts this long after its last use */
  guint   signin_delay_ms; /* first hold-back after repeated failures; doubles */
  char   *currency;        /* ISO 4217 code prices default to */
  gboolean durable;        /* "durability = full": fsync every commit (default);
                            * "process": survive a crash of the server, not of the machine */
  gint64  max_upload_size; /* bodies of photo and avatar uploads */
  PlzModerationConfig moderation;
  guint   send_burst;      /* frames a user may send at once over the stream */
  guint   send_rate;       /* and then this many a second */
  guint   attachment_grace_hours; /* an upload not sent in a message by then is deleted (24) */
} PlzConfig;

/* A config holding the built-in defaults. */
PlzConfig *plz_config_new       (void);

/* Frees @config. */
void       plz_config_free      (PlzConfig   *config);

/* "allow", "redact", "refuse". */
const char *plz_moderation_action_name (PlzModerationAction action);

/* Parses an action name; FALSE when unknown. */
gboolean   plz_moderation_action_from_name (const char          *name,
                                            PlzModerationAction *action);

/* Reads the [server] and [moderation] groups of @path; absent keys keep their value. */
gboolean   plz_config_load_file (PlzConfig   *config,
                                 const char  *path,
                                 GError     **error);

/* Applies PLAZA_LISTEN, PLAZA_PORT, PLAZA_DATA_DIR, PLAZA_MAX_BODY_SIZE,
 * PLAZA_PASSWORD_COST, PLAZA_SESSION_DAYS, PLAZA_DURABILITY, PLAZA_SEND_BURST,
 * PLAZA_SEND_RATE and PLAZA_ATTACHMENT_GRACE_HOURS from @envp. */
gboolean   plz_config_load_env  (PlzConfig   *config,
                                 const char * const *envp,
                                 GError     **error);

/* The database file inside the data directory. */
char      *plz_config_get_db_path (const PlzConfig *config);

/* Creates the data directory (mode 0700) if needed. */
gboolean   plz_config_ensure_data_dir (const PlzConfig *config,
                                       GError         **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PlzConfig, plz_config_free)

G_END_DECLS
