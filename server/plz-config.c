/* plz-config.c — server settings: flags, then PLAZA_* environment, then a key file */
#define G_LOG_DOMAIN "plaza-server"

#include "plz-config.h"
#include "plz-error.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <string.h>

static void
replace_str (char       **slot,
             const char  *value)
{
  char *copy = g_strdup (value);

  g_free (*slot);
  *slot = copy;
}

PlzConfig *
plz_config_new (void)
{
  PlzConfig *config = g_new0 (PlzConfig, 1);

  config->listen = g_strdup ("127.0.0.1");
  config->port = PLZ_DEFAULT_PORT;
  config->data_dir = g_build_filename (g_get_user_data_dir (), "plaza", "server", NULL);
  config->max_body_size = PLZ_DEFAULT_MAX_BODY_SIZE;
  config->password_cost = 5;
  config->session_days = 30;
  config->signin_delay_ms = 250;
  config->currency = g_strdup ("ZAR");
  config->durable = TRUE;
  config->max_upload_size = PLZ_DEFAULT_MAX_UPLOAD_SIZE;
  config->moderation = (PlzModerationConfig) {
    .pre_booking_high = PLZ_MODERATION_REFUSE,
    .pre_booking_medium = PLZ_MODERATION_REDACT,
    .booked_high = PLZ_MODERATION_ALLOW,
    .booked_medium = PLZ_MODERATION_ALLOW,
    .public_refuse_from = PLZ_CONTACT_RISK_MEDIUM,
    .window_hours = 24,
    .restrict_after = 3,
    .restrict_minutes = 60,
    .case_after = 5,
  };
  config->send_burst = 30;
  config->send_rate = 20;
  config->attachment_grace_hours = 24;
  return config;
}

static const char * const action_names[] = { "allow", "redact", "refuse" };

const char *
plz_moderation_action_name (PlzModerationAction action)
{
  g_return_val_if_fail ((guint) action < G_N_ELEMENTS (action_names), NULL);
  return action_names[action];
}

gboolean
plz_moderation_action_from_name (const char          *name,
                                 PlzModerationAction *action)
{
  for (guint i = 0; name != NULL && i < G_N_ELEMENTS (action_names); i++)
    if (g_str_equal (action_names[i], name))
      {
        *action = (PlzModerationAction) i;
        return TRUE;
      }
  return FALSE;
}

void
plz_config_free (PlzConfig *config)
{
  if (config == NULL)
    return;
  g_free (config->listen);
  g_free (config->data_dir);
  g_free (config->config_file);
  g_free (config->currency);
  g_free (config);
}

static gboolean
parse_port (const char  *text,
            const char  *source,
            guint       *port,
            GError     **error)
{
  guint64 value;

  if (!g_ascii_string_to_unsigned (text, 10, 0, 65535, &value, NULL))
    {
      g_set_error (error, PLZ_ERROR, PLZ_ERROR_INVALID_INPUT,
                   "%s: “%s” is not a port number (0–65535)", source, text);
      return FALSE;
    }
  *port = (guint) value;
  return TRUE;
}

static gboolean
parse_size (const char  *text,
            const char  *source,
            gint64      *size,
            GError     **error)
{
  guint64 value;

  if (!g_ascii_string_to_unsigned (text, 10, 1, G_MAXINT32, &value, NULL))
    {
      g_set_error (error, PLZ_ERROR, PLZ_ERROR_INVALID_INPUT,
                   "%s: “%s” is not a size in bytes", source, text);
      return FALSE;
    }
  *size = (gint64) value;
  return TRUE;
}

/* "full" or "process"; see PlzConfig. */
static gboolean
parse_durability (const char  *text,
                  const char  *where,
                  gboolean    *durable,
                  GError     **error)
{
  if (g_strcmp0 (text, "full") == 0 || g_strcmp0 (text, "process") == 0)
    {
      *durable = g_str_equal (text, "full");
      return TRUE;
    }
  g_set_error (error, PLZ_ERROR, PLZ_ERROR_INVALID_INPUT,
               "%s: durability “%s” is neither “full” nor “process”", where, text);
  return FALSE;
}

static gboolean
parse_uint (const char  *text,
            const char  *source,
            guint        min,
            guint        max,
            guint       *out,
            GError     **error)
{
  guint64 value;

  if (!g_ascii_string_to_unsigned (text, 10, min, max, &value, NULL))
    {
      g_set_error (error, PLZ_ERROR, PLZ_ERROR_INVALID_INPUT,
                   "%s: “%s” is not a number from %u to %u", source, text, min, max);
      return FALSE;
    }
  *out = (guint) value;
  return TRUE;
}

static gboolean
parse_action (GKeyFile             *kf,
              const char           *key,
              const char           *path,
              PlzModerationAction  *out,
              GError              **error)
{
  g_autofree char *text = g_key_file_get_string (kf, "moderation", key, NULL);

  if (text != NULL && !plz_moderation_action_from_name (g_strstrip (text), out))
    {
      g_set_error (error, PLZ_ERROR, PLZ_ERROR_INVALID_INPUT,
                   "%s: [moderation] %s must be allow, redact or refuse, not “%s”", path, key, text);
      return FALSE;
    }
  return TRUE;
}

static gboolean
parse_moderation_uint (GKeyFile    *kf,
                       const char  *key,
                       const char  *path,
                       guint        max,
                       guint       *out,
                       GError     **error)
{
  g_autofree char *text = g_key_file_get_string (kf, "moderation", key, NULL);
  g_autofree char *source = g_strdup_printf ("%s: [moderation] %s", path, key);

  return text == NULL || parse_uint (g_strstrip (text), source, 1, max, out, error);
}

/* All of [moderation] or nothing: @config changes only when every key is good. */
static gboolean
load_moderation (GKeyFile    *kf,
                 const char  *path,
                 PlzConfig   *config,
                 GError     **error)
{
  PlzModerationConfig m = config->moderation;
  g_autofree char *from = g_key_file_get_string (kf, "moderation", "public-refuse-from", NULL);

  if (!parse_action (kf, "pre-booking-high", path, &m.pre_booking_high, error) ||
      !parse_action (kf, "pre-booking-medium", path, &m.pre_booking_medium, error) ||
      !parse_action (kf, "booked-high", path, &m.booked_high, error) ||
      !parse_action (kf, "booked-medium", path, &m.booked_medium, error) ||
      !parse_moderation_uint (kf, "window-hours", path, 24 * 30, &m.window_hours, error) ||
      !parse_moderation_uint (kf, "restrict-after", path, 1000, &m.restrict_after, error) ||
      !parse_moderation_uint (kf, "restrict-minutes", path, 60 * 24 * 30, &m.restrict_minutes, error) ||
      !parse_moderation_uint (kf, "case-after", path, 1000, &m.case_after, error))
    return FALSE;
  if (from != NULL)
    {
      g_strstrip (from);
      if (g_str_equal (from, "medium"))
        m.public_refuse_from = PLZ_CONTACT_RISK_MEDIUM;
      else if (g_str_equal (from, "high"))
        m.public_refuse_from = PLZ_CONTACT_RISK_HIGH;
      else
        {
          g_set_error (error, PLZ_ERROR, PLZ_ERROR_INVALID_INPUT,
                       "%s: [moderation] public-refuse-from must be medium or high, not “%s”", path, from);
          return FALSE;
        }
    }
  config->moderation = m;
  return TRUE;
}

gboolean
plz_config_load_file (PlzConfig   *config,
                      const char  *path,
                      GError     **error)
{
  g_autoptr(GKeyFile) kf = g_key_file_new ();
  g_autofree char *listen = NULL;
  g_autofree char *port = NULL;
  g_autofree char *data_dir = NULL;
  g_autofree char *max_body = NULL;
  g_autofree char *cost = NULL;
  g_autofree char *days = NULL;
  g_autofree char *delay = NULL;
  g_autofree char *currency = NULL;
  g_autofree char *durability = NULL;
  g_autofree char *send_burst = NULL;
  g_autofree char *send_rate = NULL;
  g_autofree char *grace = NULL;

  g_return_val_if_fail (config != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (!g_key_file_load_from_file (kf, path, G_KEY_FILE_NONE, error))
    {
      g_prefix_error (error, "Cannot read config file “%s”: ", path);
      return FALSE;
    }

  listen = g_key_file_get_string (kf, "server", "listen", NULL);
  port = g_key_file_get_string (kf, "server", "port", NULL);
  data_dir = g_key_file_get_string (kf, "server", "data-dir", NULL);
  max_body = g_key_file_get_string (kf, "server", "max-body-size", NULL);
  cost = g_key_file_get_string (kf, "server", "password-cost", NULL);
  days = g_key_file_get_string (kf, "server", "session-days", NULL);
  delay = g_key_file_get_string (kf, "server", "signin-delay-ms", NULL);
  currency = g_key_file_get_string (kf, "server", "currency", NULL);
  durability = g_key_file_get_string (kf, "server", "durability", NULL);
  send_burst = g_key_file_get_string (kf, "server", "send-burst", NULL);
  send_rate = g_key_file_get_string (kf, "server", "send-rate", NULL);
  grace = g_key_file_get_string (kf, "server", "attachment-grace-hours", NULL);

  if (port != NULL && !parse_port (port, path, &config->port, error))
    return FALSE;
  if (max_body != NULL && !parse_size (max_body, path, &config->max_body_size, error))
    return FALSE;
  if (cost != NULL && !parse_uint (cost, path, 1, 11, &config->password_cost, error))
    return FALSE;
  if (days != NULL && !parse_uint (days, path, 1, 365, &config->session_days, error))
    return FALSE;
  if (delay != NULL && !parse_uint (delay, path, 0, 10000, &config->signin_delay_ms, error))
    return FALSE;
  if (currency != NULL)
    {
      if (strlen (currency) != 3 || !g_ascii_isupper (currency[0]) || !g_ascii_isupper (currency[1]) ||
          !g_ascii_isupper (currency[2]))
        {
          g_set_error (error, PLZ_ERROR, PLZ_ERROR_INVALID_INPUT,
                       "%s: currency “%s” is not an ISO 4217 code such as ZAR", path, currency);
          return FALSE;
        }
      replace_str (&config->currency, currency);
    }
  if (durability != NULL && !parse_durability (durability, path, &config->durable, error))
    return FALSE;
  if (!load_moderation (kf, path, config, error))
    return FALSE;
  if (send_burst != NULL && !parse_uint (send_burst, path, 1, 1000000, &config->send_burst, error))
    return FALSE;
  if (send_rate != NULL && !parse_uint (send_rate, path, 1, 1000000, &config->send_rate, error))
    return FALSE;
  if (grace != NULL && !parse_uint (grace, path, 1, 8760, &config->attachment_grace_hours, error))
    return FALSE;
  if (listen != NULL)
    replace_str (&config->listen, listen);
  if (data_dir != NULL)
    replace_str (&config->data_dir, data_dir);
  replace_str (&config->config_file, path);
  return TRUE;
}

gboolean
plz_config_load_env (PlzConfig           *config,
                     const char * const  *envp,
                     GError             **error)
{
  const char *value;

  g_return_val_if_fail (config != NULL, FALSE);

  if ((value = g_environ_getenv ((char **) envp, "PLAZA_PORT")) != NULL &&
      !parse_port (value, "PLAZA_PORT", &config->port, error))
    return FALSE;
  if ((value = g_environ_getenv ((char **) envp, "PLAZA_MAX_BODY_SIZE")) != NULL &&
      !parse_size (value, "PLAZA_MAX_BODY_SIZE", &config->max_body_size, error))
    return FALSE;
  if ((value = g_environ_getenv ((char **) envp, "PLAZA_PASSWORD_COST")) != NULL &&
      !parse_uint (value, "PLAZA_PASSWORD_COST", 1, 11, &config->password_cost, error))
    return FALSE;
  if ((value = g_environ_getenv ((char **) envp, "PLAZA_SESSION_DAYS")) != NULL &&
      !parse_uint (value, "PLAZA_SESSION_DAYS", 1, 365, &config->session_days, error))
    return FALSE;
  if ((value = g_environ_getenv ((char **) envp, "PLAZA_DURABILITY")) != NULL &&
      !parse_durability (value, "PLAZA_DURABILITY", &config->durable, error))
    return FALSE;
  if ((value = g_environ_getenv ((char **) envp, "PLAZA_SEND_BURST")) != NULL &&
      !parse_uint (value, "PLAZA_SEND_BURST", 1, 1000000, &config->send_burst, error))
    return FALSE;
  if ((value = g_environ_getenv ((char **) envp, "PLAZA_SEND_RATE")) != NULL &&
      !parse_uint (value, "PLAZA_SEND_RATE", 1, 1000000, &config->send_rate, error))
    return FALSE;
  if ((value = g_environ_getenv ((char **) envp, "PLAZA_ATTACHMENT_GRACE_HOURS")) != NULL &&
      !parse_uint (value, "PLAZA_ATTACHMENT_GRACE_HOURS", 1, 8760, &config->attachment_grace_hours, error))
    return FALSE;
  if ((value = g_environ_getenv ((char **) envp, "PLAZA_LISTEN")) != NULL)
    replace_str (&config->listen, value);
  if ((value = g_environ_getenv ((char **) envp, "PLAZA_DATA_DIR")) != NULL)
    replace_str (&config->data_dir, value);
  return TRUE;
}

char *
plz_config_get_db_path (const PlzConfig *config)
{
  return g_build_filename (config->data_dir, "plaza.db", NULL);
}

gboolean
plz_config_ensure_data_dir (const PlzConfig  *config,
                            GError          **error)
{
  if (g_mkdir_with_parents (config->data_dir, 0700) != 0)
    {
      int errsv = errno;

      g_set_error (error, PLZ_ERROR, PLZ_ERROR_STORE, "Cannot create data directory “%s”: %s",
                   config->data_dir, g_strerror (errsv));
      return FALSE;
    }
  return TRUE;
}
