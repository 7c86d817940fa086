/* plz-catalogue-test.h — listings for client tests, made through the real API */
#pragma once

#include <json-glib/json-glib.h>

#include "plz-account.h"

G_BEGIN_DECLS

#define PLZ_TEST_PASSWORD "a long and fine password"

/* Sends @method @path with the JSON text @body (may be NULL) as @token (may
 * be NULL) and returns the answer; fails the test unless the status is
 * @expected_status. */
JsonObject *plz_test_api            (const char *url,
                                     const char *method,
                                     const char *path,
                                     const char *body,
                                     const char *token,
                                     guint       expected_status);

/* Signs up @email (as an operator when @operator) and returns the token. */
char       *plz_test_sign_up        (const char *url,
                                     const char *email,
                                     gboolean    operator);

/* Creates and publishes a car-wash listing in Johannesburg priced @rand,
 * with @n_photos generated PNG photos; returns its id. */
char       *plz_test_make_listing   (const char *url,
                                     const char *token,
                                     const char *title,
                                     gint64      rand,
                                     guint       n_photos);

/* A @width × @height PNG of one colour. */
GBytes     *plz_test_png            (int        width,
                                     int        height,
                                     guint32    rgba);

/* An account signed in as a new consumer @email at @url (waits for it). */
PlzAccount *plz_test_consumer       (const char *url,
                                     const char *email);

G_END_DECLS
