/* plz-server-address.c — parsing and checking the server's address */

#include "config.h"

#include <glib/gi18n.h>
#include <gio/gio.h>
#include <string.h>

#include "plz-client-error.h"
#include "plz-server-address.h"

GUri *
plz_server_address_parse (const char  *url,
                          GError     **error)
{
  g_autoptr(GUri) uri = NULL;
  g_autoptr(GError) parse_error = NULL;
  const char *scheme;
  const char *host;

  g_return_val_if_fail (url != NULL, NULL);

  uri = g_uri_parse (url, G_URI_FLAGS_NONE, &parse_error);
  if (uri == NULL
      && (g_ascii_strncasecmp (url, "http://", 7) == 0 || g_ascii_strncasecmp (url, "https://", 8) == 0))
    {
      g_set_error (error, PLZ_CLIENT_ERROR, PLZ_CLIENT_ERROR_INVALID_URL,
                   _("This address is not valid: %s"), parse_error->message);
      return NULL;
    }

  scheme = uri != NULL ? g_uri_get_scheme (uri) : NULL;
  if (scheme == NULL
      || (g_ascii_strcasecmp (scheme, "http") != 0 && g_ascii_strcasecmp (scheme, "https") != 0))
    {
      g_set_error_literal (error, PLZ_CLIENT_ERROR, PLZ_CLIENT_ERROR_INVALID_URL,
                           _("Enter an address that starts with http:// or https://, "
                             "such as http://127.0.0.1:8470"));
      return NULL;
    }

  host = g_uri_get_host (uri);
  if (host == NULL || *host == '\0')
    {
      g_set_error_literal (error, PLZ_CLIENT_ERROR, PLZ_CLIENT_ERROR_INVALID_URL,
                           _("The address needs a host name, such as http://127.0.0.1:8470"));
      return NULL;
    }

  if (g_uri_get_query (uri) != NULL || g_uri_get_fragment (uri) != NULL)
    {
      g_set_error_literal (error, PLZ_CLIENT_ERROR, PLZ_CLIENT_ERROR_INVALID_URL,
                           _("The address cannot contain “?” or “#”"));
      return NULL;
    }

  return g_steal_pointer (&uri);
}

gboolean
plz_server_address_is_local (GUri *uri)
{
  g_autoptr(GInetAddress) address = NULL;
  const char *host;

  g_return_val_if_fail (uri != NULL, FALSE);

  host = g_uri_get_host (uri);
  if (host == NULL)
    return FALSE;

  if (g_ascii_strcasecmp (host, "localhost") == 0)
    return TRUE;

  address = g_inet_address_new_from_string (host);
  return address != NULL && g_inet_address_get_is_loopback (address);
}

int
plz_server_address_get_port (GUri *uri)
{
  g_return_val_if_fail (uri != NULL, -1);

  if (g_uri_get_port (uri) > 0)
    return g_uri_get_port (uri);

  return g_ascii_strcasecmp (g_uri_get_scheme (uri), "https") == 0 ? 443 : 80;
}

char *
plz_server_address_listen_host (GUri *uri)
{
  g_autoptr(GInetAddress) address = NULL;

  g_return_val_if_fail (uri != NULL, NULL);

  /* "localhost" resolves to 127.0.0.1 first everywhere we run. */
  address = g_inet_address_new_from_string (g_uri_get_host (uri));
  if (address == NULL || !g_inet_address_get_is_loopback (address))
    return g_strdup ("127.0.0.1");

  return g_inet_address_to_string (address);
}

char *
plz_server_address_build (const char *base,
                          const char *path)
{
  gsize len;

  g_return_val_if_fail (base != NULL, NULL);
  g_return_val_if_fail (path != NULL && path[0] == '/', NULL);

  len = strlen (base);
  while (len > 0 && base[len - 1] == '/')
    len--;

  return g_strdup_printf ("%.*s%s", (int) len, base, path);
}
