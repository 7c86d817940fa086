/* plz-chat-format.c — the words and pictures chats share */

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "plz-chat-format.h"

static GDateTime *
local_time (gint64 usec)
{
  return g_date_time_new_from_unix_local (usec / G_USEC_PER_SEC);
}

/* Days from @usec's local day to today's (0 today, 1 yesterday...). */
static int
days_ago (gint64 usec)
{
  g_autoptr(GDateTime) then = local_time (usec);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  GDate a, b;

  g_date_set_dmy (&a, g_date_time_get_day_of_month (then), g_date_time_get_month (then),
                  g_date_time_get_year (then));
  g_date_set_dmy (&b, g_date_time_get_day_of_month (now), g_date_time_get_month (now),
                  g_date_time_get_year (now));
  return g_date_days_between (&a, &b);
}

char *
plz_chat_format_clock (gint64 usec)
{
  g_autoptr(GDateTime) then = local_time (usec);

  return g_date_time_format (then, "%H:%M");
}

char *
plz_chat_format_short_time (gint64 usec)
{
  g_autoptr(GDateTime) then = NULL;
  int days;

  if (usec <= 0)
    return g_strdup ("");
  then = local_time (usec);
  days = days_ago (usec);
  if (days <= 0)
    return g_date_time_format (then, "%H:%M");
  if (days == 1)
    return g_strdup (_("Yesterday"));
  if (days < 7)
    return g_date_time_format (then, "%A");
  return g_date_time_format (then, "%-d %b");
}

char *
plz_chat_format_day (gint64 usec)
{
  g_autoptr(GDateTime) then = local_time (usec);
  int days = days_ago (usec);

  if (days <= 0)
    return g_strdup (_("Today"));
  if (days == 1)
    return g_strdup (_("Yesterday"));
  if (days < 180)
    return g_date_time_format (then, "%A %-d %B");
  return g_date_time_format (then, "%-d %B %Y");
}

gboolean
plz_chat_format_same_day (gint64 a,
                          gint64 b)
{
  g_autoptr(GDateTime) x = local_time (a);
  g_autoptr(GDateTime) y = local_time (b);

  return g_date_time_get_year (x) == g_date_time_get_year (y)
         && g_date_time_get_day_of_year (x) == g_date_time_get_day_of_year (y);
}

char *
plz_chat_format_response_time (double seconds)
{
  if (seconds < 0)
    return NULL;
  if (seconds < 3600)
    {
      guint minutes = MAX (1, (guint) ((seconds + 59) / 60));
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Usually responds within %u minute",
                                           "Usually responds within %u minutes", minutes), minutes);
    }
  if (seconds < 86400)
    {
      guint hours = (guint) ((seconds + 3599) / 3600);
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Usually responds within %u hour",
                                           "Usually responds within %u hours", hours), hours);
    }
  return g_strdup (_("Usually responds within a few days"));
}

static void
picture_loaded_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GtkWidget) target = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkTexture) texture = plz_texture_cache_load_finish (PLZ_TEXTURE_CACHE (source), result, &error);

  /* A picture that cannot be had leaves the placeholder (initials, an empty frame). */
  if (texture == NULL)
    return;
  if (GTK_IS_PICTURE (target))
    gtk_picture_set_paintable (GTK_PICTURE (target), GDK_PAINTABLE (texture));
  else if (ADW_IS_AVATAR (target))
    adw_avatar_set_custom_image (ADW_AVATAR (target), GDK_PAINTABLE (texture));
}

void
plz_chat_load_picture (PlzTextureCache *cache,
                       const char      *base_url,
                       const char      *path,
                       GtkWidget       *target)
{
  g_return_if_fail (PLZ_IS_TEXTURE_CACHE (cache));
  g_return_if_fail (GTK_IS_WIDGET (target));

  if (path == NULL || *path == '\0' || base_url == NULL)
    return;
  plz_texture_cache_load_async (cache, base_url, path, NULL, picture_loaded_cb, g_object_ref (target));
}
