/* test-server-address.c — parsing and checking the server's address */

#include "config.h"

#include <gio/gio.h>
#include <string.h>

#include "plz-client-error.h"
#include "plz-server-address.h"

static void
test_parse_valid (void)
{
  const char *valid[] = {
    "http://127.0.0.1:8470",
    "https://plaza.example.org",
    "http://localhost:8470/",
    "http://[::1]:8470",
    "HTTP://Example.COM/plaza",
  };

  for (guint i = 0; i < G_N_ELEMENTS (valid); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GUri) uri = plz_server_address_parse (valid[i], &error);

      g_test_message ("%s", valid[i]);
      g_assert_no_error (error);
      g_assert_nonnull (uri);
    }
}

static void
test_parse_invalid (void)
{
  const struct { const char *url; const char *says; } invalid[] = {
    { "", "http://" },
    { "127.0.0.1:8470", "http://" },
    { "ftp://127.0.0.1", "http://" },
    { "http://", "host" },
    { "http:///path", "host" },
    { "http://127.0.0.1:8470/?debug=1", "?" },
    { "http://127.0.0.1:8470/#top", "#" },
    { "http://127.0.0.1:99999", "not valid" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (invalid); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GUri) uri = plz_server_address_parse (invalid[i].url, &error);

      g_test_message ("“%s”", invalid[i].url);
      g_assert_null (uri);
      g_assert_error (error, PLZ_CLIENT_ERROR, PLZ_CLIENT_ERROR_INVALID_URL);
      g_assert_nonnull (strstr (error->message, invalid[i].says));
    }
}

static void
test_is_local (void)
{
  const struct { const char *url; gboolean local; } cases[] = {
    { "http://127.0.0.1:8470", TRUE },
    { "http://127.0.0.2:8470", TRUE },
    { "http://localhost:8470", TRUE },
    { "http://LOCALHOST", TRUE },
    { "http://[::1]:8470", TRUE },
    { "http://192.168.1.20:8470", FALSE },
    { "https://plaza.example.org", FALSE },
    { "http://0.0.0.0:8470", FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GUri) uri = plz_server_address_parse (cases[i].url, NULL);

      g_test_message ("%s", cases[i].url);
      g_assert_nonnull (uri);
      g_assert_cmpint (plz_server_address_is_local (uri), ==, cases[i].local);
    }
}

static void
test_port_and_listen_host (void)
{
  const struct { const char *url; int port; const char *listen; } cases[] = {
    { "http://127.0.0.1:8470", 8470, "127.0.0.1" },
    { "http://localhost", 80, "127.0.0.1" },
    { "https://localhost", 443, "127.0.0.1" },
    { "http://[::1]:9000", 9000, "::1" },
    { "http://127.0.0.5:1234", 1234, "127.0.0.5" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GUri) uri = plz_server_address_parse (cases[i].url, NULL);
      g_autofree char *listen = NULL;

      g_assert_nonnull (uri);
      listen = plz_server_address_listen_host (uri);
      g_assert_cmpint (plz_server_address_get_port (uri), ==, cases[i].port);
      g_assert_cmpstr (listen, ==, cases[i].listen);
    }
}

static void
test_build (void)
{
  const struct { const char *base; const char *built; } cases[] = {
    { "http://127.0.0.1:8470", "http://127.0.0.1:8470/api/v1/health" },
    { "http://127.0.0.1:8470/", "http://127.0.0.1:8470/api/v1/health" },
    { "https://example.org/plaza//", "https://example.org/plaza/api/v1/health" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *built = plz_server_address_build (cases[i].base, "/api/v1/health");

      g_assert_cmpstr (built, ==, cases[i].built);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/server-address/parse-valid", test_parse_valid);
  g_test_add_func ("/server-address/parse-invalid", test_parse_invalid);
  g_test_add_func ("/server-address/is-local", test_is_local);
  g_test_add_func ("/server-address/port-and-listen-host", test_port_and_listen_host);
  g_test_add_func ("/server-address/build", test_build);

  return g_test_run ();
}
