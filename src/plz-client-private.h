/* plz-client-private.h — small helpers shared inside libplaza-client */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Replaces *@str_pointer with a copy of @new_str; TRUE when the value changed.
 * (g_set_str arrives in GLib 2.76; we target 2.74.) */
static inline gboolean
_plz_set_str (char       **str_pointer,
              const char  *new_str)
{
  if (g_strcmp0 (*str_pointer, new_str) == 0)
    return FALSE;

  g_free (*str_pointer);
  *str_pointer = g_strdup (new_str);
  return TRUE;
}

G_END_DECLS
