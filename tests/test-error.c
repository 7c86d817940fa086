/* test-error.c — the shared error domain's wire codes and statuses */
#include "plz-error.h"

#include <gio/gio.h>

static void
test_codes_round_trip (void)
{
  for (PlzErrorCode c = PLZ_ERROR_INTERNAL; c <= PLZ_ERROR_LAST; c++)
    {
      const char *name = plz_error_code_name (c);

      g_assert_nonnull (name);
      g_assert_cmpint (plz_error_code_from_name (name), ==, c);
      g_assert_cmpuint (plz_error_code_status (c), >=, 400);
      g_assert_cmpuint (plz_error_code_status (c), <, 600);
    }
}

static void
test_statuses (void)
{
  g_assert_cmpstr (plz_error_code_name (PLZ_ERROR_NOT_FOUND), ==, "not_found");
  g_assert_cmpuint (plz_error_code_status (PLZ_ERROR_NOT_FOUND), ==, 404);
  g_assert_cmpuint (plz_error_code_status (PLZ_ERROR_METHOD_NOT_ALLOWED), ==, 405);
  g_assert_cmpuint (plz_error_code_status (PLZ_ERROR_PAYLOAD_TOO_LARGE), ==, 413);
  g_assert_cmpuint (plz_error_code_status (PLZ_ERROR_INVALID_JSON), ==, 400);
  g_assert_cmpuint (plz_error_code_status (PLZ_ERROR_INTERNAL), ==, 500);
  g_assert_cmpstr (plz_error_code_name (PLZ_ERROR_CONTACT_NOT_ALLOWED), ==, "contact_details_not_allowed");
  g_assert_cmpuint (plz_error_code_status (PLZ_ERROR_CONTACT_NOT_ALLOWED), ==, 422);
  g_assert_cmpstr (plz_error_code_name (PLZ_ERROR_SENDING_RESTRICTED), ==, "sending_restricted");
  g_assert_cmpuint (plz_error_code_status (PLZ_ERROR_SENDING_RESTRICTED), ==, 403);
  /* Out-of-range codes are internal errors, not crashes. */
  g_assert_cmpuint (plz_error_code_status ((PlzErrorCode) 999), ==, 500);
  g_assert_cmpstr (plz_error_code_name ((PlzErrorCode) 999), ==, "internal_error");
  g_assert_cmpint (plz_error_code_from_name ("no_such_code"), ==, PLZ_ERROR_INTERNAL);
}

static void
test_field (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) copy = NULL;
  g_autoptr(GError) other = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_FAILED, "x");

  plz_error_set_invalid (&error, "email", "Email is %s", "wrong");
  g_assert_error (error, PLZ_ERROR, PLZ_ERROR_INVALID_INPUT);
  g_assert_cmpstr (error->message, ==, "Email is wrong");
  g_assert_cmpstr (plz_error_get_field (error), ==, "email");
  copy = g_error_copy (error);
  g_assert_cmpstr (plz_error_get_field (copy), ==, "email");
  g_assert_null (plz_error_get_field (other));
  plz_error_set_invalid (NULL, "email", "ignored");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/error/codes-round-trip", test_codes_round_trip);
  g_test_add_func ("/error/statuses", test_statuses);
  g_test_add_func ("/error/field", test_field);
  return g_test_run ();
}
