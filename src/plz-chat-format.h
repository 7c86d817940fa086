/* plz-chat-format.h — the words and pictures chats share: times as people
 * read them, and server pictures loaded into widgets */
#pragma once

#include <gtk/gtk.h>

#include "plz-texture-cache.h"

G_BEGIN_DECLS

/* "14:05" today, "Yesterday", "Monday" this week, else "12 Nov". */
char *plz_chat_format_short_time (gint64 usec);

/* The clock time "14:05" of @usec in local time. */
char *plz_chat_format_clock      (gint64 usec);

/* A day separator: "Today", "Yesterday", else "Monday 16 November". */
char *plz_chat_format_day        (gint64 usec);

/* Whether @a and @b fall on the same local day. */
gboolean plz_chat_format_same_day (gint64 a,
                                   gint64 b);

/* "Usually responds within 2 hours" from a listing card's response_time_s, or NULL. */
char *plz_chat_format_response_time (double seconds);

/* Loads @base_url@path through @cache into @target, a GtkPicture or an
 * AdwAvatar (its custom image); nothing when @path is NULL. */
void  plz_chat_load_picture      (PlzTextureCache *cache,
                                  const char      *base_url,
                                  const char      *path,
                                  GtkWidget       *target);

G_END_DECLS
