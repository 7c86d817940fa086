/* test-attachments-sweep.c — uploads never sent are deleted after the grace period, row and file */
#include "plz-test-server.h"
#include "plz-server.h"
#include "plz-error.h"
#include "plz-time.h"
#include "jobs/plz-jobs.h"
#include "messaging/plz-attachments.h"
#include "messaging/plz-attachments-store.h"
#include "messaging/plz-attachments-sweep.h"
#include "catalogue/plz-media.h"

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <glib/gstdio.h>
#include <string.h>

#define HOUR_US  (G_GINT64_CONSTANT (3600) * G_USEC_PER_SEC)
#define GRACE_US (24 * HOUR_US)

typedef struct
{
  char          *data_dir;
  char          *files_dir;   /* where attachments' files live */
  PlzTestServer *ts;
  char          *buyer;
  char          *conversation;
  /* For the restart test: the store opened without a server. */
  PlzStore      *store;
  PlzJobs       *jobs;
  PlzAttachmentsSweep *sweep;
  gint64         now;
} Fixture;

static const char pdf_text[] = "%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n";

static JsonObject *
root (PlzTestResponse *r)
{
  g_assert_nonnull (r->json);
  return json_node_get_object (r->json);
}

static void
start_server (Fixture *f)
{
  PlzConfig *config = plz_config_new ();

  g_free (config->data_dir);
  config->data_dir = g_strdup (f->data_dir);
  config->password_cost = 1;
  f->ts = plz_test_server_new_with (config);
}

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  g_autofree char *op = NULL;
  g_autofree char *listing = NULL;
  g_autofree char *path = NULL;
  g_autoptr(PlzTestResponse) r = NULL;

  f->data_dir = g_dir_make_tmp ("plaza-sweep-XXXXXX", NULL);
  g_assert_nonnull (f->data_dir);
  start_server (f);
  f->files_dir = plz_attachments_dir (plz_server_get_catalogue (plz_test_server_get_server (f->ts)));
  op = plz_test_sign_up (f->ts, "op@example.com", TRUE, NULL);
  f->buyer = plz_test_sign_up (f->ts, "buyer@example.com", FALSE, NULL);
  listing = plz_test_make_listing (f->ts, op, "Sparkle car wash", TRUE);
  path = g_strdup_printf ("/api/v1/listings/%s/inquiries", listing);
  r = plz_test_request_auth (f->ts, "POST", path, "{\"body\":\"Hello\"}", f->buyer);
  g_assert_cmpuint (r->status, ==, 201);
  f->conversation = g_strdup (json_object_get_string_member (json_object_get_object_member (root (r),
                                                                                            "conversation"), "id"));
}

static void
close_store (Fixture *f)
{
  g_clear_pointer (&f->jobs, plz_jobs_free);
  g_clear_pointer (&f->sweep, plz_attachments_sweep_free);
  if (f->store != NULL)
    plz_store_close (f->store);
  g_clear_object (&f->store);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  close_store (f);
  g_clear_pointer (&f->ts, plz_test_server_free);
  plz_test_rm_rf (f->data_dir);
  g_free (f->data_dir);
  g_free (f->files_dir);
  g_free (f->buyer);
  g_free (f->conversation);
}

static GBytes *
make_png (guint32 rgba)
{
  g_autoptr(GdkPixbuf) pb = gdk_pixbuf_new (GDK_COLORSPACE_RGB, TRUE, 8, 80, 64);
  char *buf = NULL;
  gsize len = 0;

  gdk_pixbuf_fill (pb, rgba);
  g_assert_true (gdk_pixbuf_save_to_buffer (pb, &buf, &len, "png", NULL, NULL));
  return g_bytes_new_take (buf, len);
}

/* Uploads @bytes into the conversation; returns the attachment's id. */
static char *
upload (Fixture *f, GBytes *bytes, const char *content_type)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/conversations/%s/attachments", f->conversation);
  g_autoptr(PlzTestResponse) r = plz_test_request_bytes (f->ts, "POST", path, bytes, content_type, f->buyer);

  if (r->status != 201)
    g_error ("upload: %u %s", r->status, r->body);
  return g_strdup (json_object_get_string_member (json_object_get_object_member (root (r), "attachment"), "id"));
}

static guint
send_with (Fixture *f, const char *id)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/conversations/%s/messages", f->conversation);
  g_autofree char *body = g_strdup_printf ("{\"attachments\":[{\"id\":\"%s\"}]}", id);
  g_autoptr(PlzTestResponse) r = plz_test_request_auth (f->ts, "POST", path, body, f->buyer);

  return r->status;
}

static guint
fetch (Fixture *f, const char *id, const char *suffix)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/attachments/%s%s", id, suffix);
  g_autoptr(PlzTestResponse) r = plz_test_request_auth (f->ts, "GET", path, NULL, f->buyer);

  return r->status;
}

/* The live server: its jobs timer sweeps once the grace is over; before, nothing goes. */
static void
test_live (Fixture *f, gconstpointer data)
{
  g_autoptr(GBytes) png = make_png (0x33aa66ff);
  g_autoptr(GBytes) pdf = g_bytes_new_static (pdf_text, strlen (pdf_text));
  g_autofree char *unsent = upload (f, png, "image/png");
  g_autofree char *document = upload (f, pdf, "application/pdf");
  g_autofree char *sent = upload (f, png, "image/png");   /* the same bytes: one file for both */
  PlzJobs *jobs = plz_server_get_jobs (plz_test_server_get_server (f->ts));
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  g_assert_cmpuint (send_with (f, sent), ==, 201);

  /* 23 hours on: all still there. */
  plz_time_shift (23 * HOUR_US);
  plz_jobs_poke (jobs);
  g_usleep (200000);
  g_assert_cmpuint (fetch (f, unsent, ""), ==, 200);
  g_assert_cmpuint (fetch (f, document, ""), ==, 200);

  /* 25: the unsent ones go; the sent one and the file it shares stay. */
  plz_time_shift (2 * HOUR_US);
  plz_jobs_poke (jobs);
  while ((fetch (f, unsent, "") != 404 || fetch (f, document, "") != 404) && g_get_monotonic_time () < deadline)
    g_usleep (20000);
  plz_time_shift (-25 * HOUR_US);
  g_assert_cmpuint (fetch (f, unsent, ""), ==, 404);
  g_assert_cmpuint (fetch (f, unsent, "/thumbnail"), ==, 404);
  g_assert_cmpuint (fetch (f, document, ""), ==, 404);
  g_assert_cmpuint (send_with (f, unsent), ==, 404);
  g_assert_cmpuint (fetch (f, sent, ""), ==, 200);
  g_assert_cmpuint (fetch (f, sent, "/thumbnail"), ==, 200);
}

static gint64
fake_clock (gpointer user_data)
{
  Fixture *f = user_data;

  return f->now;
}

/* The store, jobs and sweep as the server has them, one upload a run; the
 * server's sweep is not scheduled again, so only the durable job row runs. */
static void
open_store (Fixture *f)
{
  g_autofree char *db = g_build_filename (f->data_dir, "plaza.db", NULL);
  g_autoptr(GError) error = NULL;

  f->store = plz_store_open_and_migrate (db, &error);
  g_assert_no_error (error);
  f->jobs = plz_jobs_new (f->store);
  plz_jobs_set_clock (f->jobs, fake_clock, f);
  f->sweep = plz_attachments_sweep_new (f->store, f->jobs, f->files_dir, GRACE_US);
  plz_attachments_sweep_set_batch (f->sweep, 1);
}

static void
run (Fixture *f, gint expected)
{
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (plz_jobs_run_due (f->jobs, &error), ==, expected);
  g_assert_no_error (error);
}

static PlzAttachment *
get_row (Fixture *f, const char *id)
{
  g_autoptr(GError) error = NULL;
  PlzAttachment *a = plz_attachments_store_get (f->store, id, &error);

  if (a == NULL)
    g_assert_error (error, PLZ_ERROR, PLZ_ERROR_NOT_FOUND);
  return a;
}

static char *
file_of (Fixture *f, const PlzAttachment *a, gboolean thumbnail)
{
  g_autofree char *name = NULL;

  if (g_str_equal (a->kind, "image"))
    return plz_media_photo_path (f->files_dir, a->hash, a->content_type, thumbnail);
  name = g_strconcat (a->hash, ".pdf", NULL);
  return g_build_filename (f->files_dir, "documents", name, NULL);
}

static gint64
count (Fixture *f, const char *sql)
{
  return plz_store_query_int (f->store, sql, NULL, NULL);
}

/* Killed after the first of several deletions, the sweep goes on from its
 * job row; a file already gone does not stop it, a shared one stays. */
static void
test_restart (Fixture *f, gconstpointer data)
{
  g_autoptr(GBytes) png = make_png (0x2266ccff);
  g_autoptr(GBytes) other = make_png (0xcc6622ff);
  g_autoptr(GBytes) pdf = g_bytes_new_static (pdf_text, strlen (pdf_text));
  g_autofree char *first = upload (f, other, "image/png");
  g_autofree char *document = upload (f, pdf, "application/pdf");
  g_autofree char *sent = upload (f, png, "image/png");
  g_autofree char *copy = upload (f, png, "image/png");   /* unsent, sharing the sent one's file */
  g_autoptr(PlzAttachment) a_first = NULL, a_document = NULL, a_sent = NULL;
  g_autofree char *first_file = NULL, *first_thumb = NULL, *document_file = NULL;
  g_autofree char *sent_file = NULL, *sent_thumb = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(PlzAttachment) gone = NULL;

  g_assert_cmpuint (send_with (f, sent), ==, 201);
  g_clear_pointer (&f->ts, plz_test_server_free);

  f->now = plz_time_now_us () + 25 * HOUR_US;
  open_store (f);
  a_first = get_row (f, first);
  a_document = get_row (f, document);
  a_sent = get_row (f, sent);
  first_file = file_of (f, a_first, FALSE);
  first_thumb = file_of (f, a_first, TRUE);
  document_file = file_of (f, a_document, FALSE);
  sent_file = file_of (f, a_sent, FALSE);
  sent_thumb = file_of (f, a_sent, TRUE);
  g_assert_true (g_file_test (first_file, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (first_thumb, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (document_file, G_FILE_TEST_EXISTS));
  /* Someone removed the document's file by hand. */
  g_assert_cmpint (g_unlink (document_file), ==, 0);

  /* The row the server left, due a grace period after it started. */
  g_assert_cmpint (count (f, "SELECT count(*) FROM jobs WHERE kind = 'attachments.sweep'"), ==, 1);
  g_assert_cmpint (plz_jobs_next_run (f->jobs, &error), <=, f->now);
  run (f, 1);
  gone = get_row (f, first);
  g_assert_null (gone);
  g_assert_false (g_file_test (first_file, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (first_thumb, G_FILE_TEST_EXISTS));
  g_assert_cmpint (count (f, "SELECT count(*) FROM attachments"), ==, 3);

  /* "Killed" here; the next start finds the job due and goes on. */
  close_store (f);
  open_store (f);
  g_assert_cmpint (plz_jobs_next_run (f->jobs, &error), ==, f->now);
  run (f, 1);   /* the document: its row goes though its file was gone */
  g_assert_cmpint (count (f, "SELECT count(*) FROM attachments"), ==, 2);
  run (f, 1);   /* the sent one: kept, and not looked at again */
  g_assert_cmpint (count (f, "SELECT count(*) FROM attachments WHERE kept_at IS NOT NULL"), ==, 1);
  run (f, 1);   /* the unsent copy: its row goes, the file it shares stays */
  g_assert_cmpint (count (f, "SELECT count(*) FROM attachments"), ==, 1);
  g_clear_pointer (&gone, plz_attachment_free);
  gone = get_row (f, copy);
  g_assert_null (gone);
  g_assert_true (g_file_test (sent_file, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (sent_thumb, G_FILE_TEST_EXISTS));

  /* Nothing left to look at: the next run is a grace period away. */
  run (f, 1);
  g_assert_cmpint (plz_jobs_next_run (f->jobs, &error), ==, f->now + GRACE_US);
  g_assert_cmpint (count (f, "SELECT count(*) FROM attachments"), ==, 1);
  g_clear_pointer (&a_sent, plz_attachment_free);
  a_sent = get_row (f, sent);
  g_assert_nonnull (a_sent);
}

/* An upload comes due exactly a grace period after it was made, and the
 * sweep wakes for it then, not before. */
static void
test_grace (Fixture *f, gconstpointer data)
{
  g_autoptr(GBytes) png = make_png (0x123456ff);
  g_autofree char *id = upload (f, png, "image/png");
  g_autoptr(PlzAttachment) a = NULL;
  g_autoptr(PlzAttachment) after = NULL;
  g_autoptr(GError) error = NULL;

  g_clear_pointer (&f->ts, plz_test_server_free);
  f->now = plz_time_now_us ();
  open_store (f);
  a = get_row (f, id);
  g_assert_true (plz_attachments_sweep_schedule (f->sweep, &error));
  g_assert_no_error (error);
  run (f, 1);
  g_assert_cmpint (plz_jobs_next_run (f->jobs, &error), ==, a->created_at + GRACE_US);
  f->now = a->created_at + GRACE_US - 1;
  run (f, 0);
  f->now = a->created_at + GRACE_US;
  run (f, 1);
  after = get_row (f, id);
  g_assert_null (after);
}

/* Bad settings are refused with a clear error and change nothing. */
static void
test_config (void)
{
  g_autoptr(PlzConfig) config = plz_config_new ();
  g_autoptr(GError) error = NULL;
  const char *env_ok[] = { "PLAZA_ATTACHMENT_GRACE_HOURS=48", NULL };
  const char *env_bad[] = { "PLAZA_ATTACHMENT_GRACE_HOURS=0", NULL };
  const char *env_text[] = { "PLAZA_ATTACHMENT_GRACE_HOURS=a day", NULL };
  g_autofree char *dir = g_dir_make_tmp ("plaza-sweep-config-XXXXXX", NULL);
  g_autofree char *file = g_build_filename (dir, "plaza.conf", NULL);

  g_assert_cmpuint (config->attachment_grace_hours, ==, 24);
  g_assert_true (plz_config_load_env (config, env_ok, &error));
  g_assert_cmpuint (config->attachment_grace_hours, ==, 48);
  g_assert_false (plz_config_load_env (config, env_bad, &error));
  g_assert_error (error, PLZ_ERROR, PLZ_ERROR_INVALID_INPUT);
  g_assert_nonnull (strstr (error->message, "PLAZA_ATTACHMENT_GRACE_HOURS"));
  g_clear_error (&error);
  g_assert_false (plz_config_load_env (config, env_text, &error));
  g_clear_error (&error);
  g_assert_cmpuint (config->attachment_grace_hours, ==, 48);

  g_assert_true (g_file_set_contents (file, "[server]\nattachment-grace-hours=2\n", -1, &error));
  g_assert_true (plz_config_load_file (config, file, &error));
  g_assert_cmpuint (config->attachment_grace_hours, ==, 2);
  g_assert_true (g_file_set_contents (file, "[server]\nattachment-grace-hours=8761\n", -1, &error));
  g_assert_false (plz_config_load_file (config, file, &error));
  g_assert_error (error, PLZ_ERROR, PLZ_ERROR_INVALID_INPUT);
  g_assert_cmpuint (config->attachment_grace_hours, ==, 2);
  plz_test_rm_rf (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/attachments-sweep/live", Fixture, NULL, fixture_setup, test_live, fixture_teardown);
  g_test_add ("/attachments-sweep/restart", Fixture, NULL, fixture_setup, test_restart, fixture_teardown);
  g_test_add ("/attachments-sweep/grace", Fixture, NULL, fixture_setup, test_grace, fixture_teardown);
  g_test_add_func ("/attachments-sweep/config", test_config);
  return g_test_run ();
}
