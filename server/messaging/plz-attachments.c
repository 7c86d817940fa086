/* plz-attachments.c — files, places and checklists sent in conversations */
#define G_LOG_DOMAIN "plaza-messaging"

#include "plz-attachments.h"
#include "plz-attachments-private.h"
#include "plz-attachments-store.h"
#include "plz-messaging-private.h"
#include "plz-error.h"
#include "plz-time.h"
#include "plz-validate.h"
#include "accounts/plz-crypto.h"
#include "catalogue/plz-media.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <string.h>

/* Uploads ------------------------------------------------------------------------ */

static gboolean
upload_error (GError     **error,
              PlzErrorCode code,
              const char  *message)
{
  g_set_error_literal (error, PLZ_ERROR, code, message);
  if (error != NULL && *error != NULL)
    plz_error_set_field (*error, "file");
  return FALSE;
}

/* A whole PDF: the header first and the end-of-file marker in the last 1 KiB
 * (a cut-off upload has none). */
static gboolean
is_pdf (const guint8 *p,
        gsize         n)
{
  gsize tail = MIN (n, 1024);

  if (n < 16 || memcmp (p, "%PDF-", 5) != 0)
    return FALSE;
  for (gsize i = n - tail; i + 5 <= n; i++)
    if (memcmp (p + i, "%%EOF", 5) == 0)
      return TRUE;
  return FALSE;
}

/* @filename as a plain name: the last path part, percent-decoded when it
 * was sent so, valid UTF-8 without control characters, at most
 * PLZ_ATTACHMENT_NAME_MAX characters; @fallback when nothing is left. */
static char *
clean_name (const char *filename,
            const char *fallback)
{
  g_autofree char *decoded = filename != NULL ? g_uri_unescape_string (filename, NULL) : NULL;
  g_autofree char *valid = NULL;
  const char *base;
  GString *out;

  if (filename == NULL)
    return g_strdup (fallback);
  valid = g_utf8_make_valid (decoded != NULL ? decoded : filename, -1);
  base = MAX (strrchr (valid, '/'), strrchr (valid, '\\'));
  base = base != NULL ? base + 1 : valid;
  out = g_string_new (NULL);
  for (const char *p = base; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_utf8_strlen (out->str, -1) >= PLZ_ATTACHMENT_NAME_MAX)
        break;
      if (!g_unichar_iscntrl (c) && c != 0x200e && c != 0x200f && !(c >= 0x202a && c <= 0x202e) &&
          !(c >= 0x2066 && c <= 0x2069))
        g_string_append_unichar (out, c);
    }
  g_strstrip (out->str);
  /* "." and ".." are no names, and a leading dot hides a file. */
  while (out->str[0] == '.')
    g_string_erase (out, 0, 1);
  if (out->str[0] == '\0')
    {
      g_string_free (out, TRUE);
      return g_strdup (fallback);
    }
  return g_string_free (out, FALSE);
}

static char *
document_path (const char *media_dir,
               const char *hash)
{
  g_autofree char *name = NULL;

  /* Hashes come from our own digest; refuse anything else outright. */
  g_return_val_if_fail (strspn (hash, "0123456789abcdef") == strlen (hash), NULL);
  name = g_strconcat (hash, ".pdf", NULL);
  return g_build_filename (media_dir, "documents", name, NULL);
}

/* Stores a document by its hash; the same file twice is written once. */
static gboolean
store_document (const char  *media_dir,
                const char  *hash,
                GBytes      *data,
                GError     **error)
{
  g_autofree char *path = document_path (media_dir, hash);
  g_autofree char *dir = g_path_get_dirname (path);
  gsize size = 0;
  const guint8 *bytes = g_bytes_get_data (data, &size);

  if (g_file_test (path, G_FILE_TEST_EXISTS))
    return TRUE;
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int errsv = errno;

      g_set_error (error, PLZ_ERROR, PLZ_ERROR_STORE, "Cannot create %s: %s", dir, g_strerror (errsv));
      return FALSE;
    }
  return g_file_set_contents_full (path, (const char *) bytes, (gssize) size, G_FILE_SET_CONTENTS_CONSISTENT,
                                   0600, error);
}

/* Apart from listing photos: the catalogue deletes a photo's file once no
 * listing uses its hash, and knows nothing of messages. */
char *
plz_attachments_dir (PlzCatalogue *catalogue)
{
  return g_build_filename (plz_catalogue_get_media_dir (catalogue), "attachments", NULL);
}

static char *
attachments_dir (PlzMessaging *self)
{
  return plz_attachments_dir (self->catalogue);
}

static gboolean
remove_file (const char  *path,
             GError     **error)
{
  int errsv;

  if (g_unlink (path) == 0)
    return TRUE;
  errsv = errno;
  if (errsv == ENOENT)
    return TRUE;
  g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (errsv), "Cannot delete %s: %s", path,
               g_strerror (errsv));
  return FALSE;
}

gboolean
_plz_attachments_remove_files (const char           *dir,
                               const PlzAttachment  *a,
                               GError              **error)
{
  g_autofree char *original = NULL;
  g_autofree char *thumbnail = NULL;

  if (!g_str_equal (a->kind, "image"))
    {
      original = document_path (dir, a->hash);
      return remove_file (original, error);
    }
  original = plz_media_photo_path (dir, a->hash, a->content_type, FALSE);
  thumbnail = plz_media_photo_path (dir, a->hash, a->content_type, TRUE);
  return remove_file (original, error) && remove_file (thumbnail, error);
}

static JsonObject *
attachment_to_json (const PlzAttachment *a)
{
  JsonObject *o = json_object_new ();
  g_autofree char *url = g_strconcat ("/api/v1/attachments/", a->id, NULL);
  gboolean image = g_str_equal (a->kind, "image");

  json_object_set_string_member (o, "id", a->id);
  json_object_set_string_member (o, "kind", a->kind);
  json_object_set_string_member (o, "content_type", a->content_type);
  json_object_set_string_member (o, "name", a->name);
  json_object_set_int_member (o, "size", a->size);
  json_object_set_string_member (o, "url", url);
  if (image)
    {
      g_autofree char *thumb = g_strconcat (url, "/thumbnail", NULL);

      json_object_set_string_member (o, "thumbnail_url", thumb);
      json_object_set_int_member (o, "width", a->width);
      json_object_set_int_member (o, "height", a->height);
    }
  else
    {
      json_object_set_null_member (o, "thumbnail_url");
      json_object_set_null_member (o, "width");
      json_object_set_null_member (o, "height");
    }
  return o;
}

JsonObject *
plz_messaging_upload_attachment (PlzMessaging  *self,
                                 const PlzUser *user,
                                 const char    *conversation_id,
                                 const char    *content_type,
                                 const char    *filename,
                                 GBytes        *data,
                                 GError       **error)
{
  g_autoptr(PlzConversation) c = _plz_messaging_conversation_for (self, user->id, conversation_id, error);
  g_autoptr(PlzAttachment) a = NULL;
  g_autoptr(PlzStoredPhoto) photo = NULL;
  g_autofree char *media_dir = attachments_dir (self);
  gsize size = 0;
  const guint8 *bytes = data != NULL ? g_bytes_get_data (data, &size) : NULL;
  const char *sniffed;

  if (c == NULL)
    return NULL;
  if (size == 0)
    return upload_error (error, PLZ_ERROR_INVALID_INPUT, "The file is empty"), NULL;
  if (size > PLZ_ATTACHMENT_MAX_BYTES)
    return upload_error (error, PLZ_ERROR_PAYLOAD_TOO_LARGE, "A file can be at most 10 MB"), NULL;
  /* The bytes say what the file is; a header that disagrees is refused. */
  sniffed = plz_media_sniff (bytes, size);
  if (sniffed == NULL && size >= 5 && memcmp (bytes, "%PDF-", 5) == 0)
    sniffed = "application/pdf";
  if (sniffed == NULL || g_strcmp0 (content_type, sniffed) != 0)
    return upload_error (error, PLZ_ERROR_UNSUPPORTED_MEDIA,
                         "A file must be a PNG, JPEG or WebP image or a PDF document, sent as what it is"), NULL;

  a = g_new0 (PlzAttachment, 1);
  a->id = plz_random_id ();
  a->conversation_id = g_strdup (c->id);
  a->uploader_id = g_strdup (user->id);
  a->content_type = g_strdup (sniffed);
  a->size = (gint64) size;
  a->created_at = plz_time_now_us ();
  if (g_str_equal (sniffed, "application/pdf"))
    {
      if (!is_pdf (bytes, size))
        return upload_error (error, PLZ_ERROR_INVALID_INPUT, "This document is damaged or incomplete"), NULL;
      a->kind = g_strdup ("document");
      a->hash = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, data);
      a->name = clean_name (filename, "document.pdf");
      if (!store_document (media_dir, a->hash, data, error))
        return NULL;
    }
  else
    {
      g_autofree char *fallback = g_strconcat ("image.", plz_media_extension (sniffed), NULL);

      /* Decoded in full and thumbnailed like a listing photo, by the same code. */
      photo = plz_media_store_photo (media_dir, data, error);
      if (photo == NULL)
        {
          if (error != NULL && *error != NULL && (*error)->domain == PLZ_ERROR)
            plz_error_set_field (*error, "file");
          return NULL;
        }
      a->kind = g_strdup ("image");
      a->hash = g_strdup (photo->hash);
      a->width = photo->width;
      a->height = photo->height;
      a->name = clean_name (filename, fallback);
    }
  if (!plz_attachments_store_insert (self->store, a, error))
    return NULL;
  return attachment_to_json (a);
}

gboolean
plz_messaging_attachment_file (PlzMessaging  *self,
                               const PlzUser *user,
                               const char    *id,
                               gboolean       thumbnail,
                               char         **path,
                               char         **mime,
                               char         **etag,
                               GError       **error)
{
  g_autoptr(PlzAttachment) a = plz_attachments_store_get (self->store, id, error);
  g_autoptr(PlzConversation) c = NULL;
  g_autofree char *media_dir = attachments_dir (self);

  if (a == NULL)
    return FALSE;
  /* Not theirs to see: the same answer as for no attachment at all. */
  c = _plz_messaging_conversation_for (self, user->id, a->conversation_id, NULL);
  if (c == NULL)
    {
      g_set_error_literal (error, PLZ_ERROR, PLZ_ERROR_NOT_FOUND, "There is no such attachment");
      return FALSE;
    }
  if (thumbnail && !g_str_equal (a->kind, "image"))
    {
      g_set_error_literal (error, PLZ_ERROR, PLZ_ERROR_NOT_FOUND, "A document has no thumbnail");
      return FALSE;
    }
  if (g_str_equal (a->kind, "image"))
    *path = plz_media_photo_path (media_dir, a->hash, a->content_type, thumbnail);
  else
    *path = document_path (media_dir, a->hash);
  *mime = g_strdup (thumbnail ? "image/jpeg" : a->content_type);
  *etag = g_strdup_printf ("\"%s%s\"", a->hash, thumbnail ? "-t" : "");
  return TRUE;
}

/* Sending ------------------------------------------------------------------------ */

static gboolean
invalid (GError    **error,
         guint       index,
         const char *message)
{
  g_autofree char *field = g_strdup_printf ("attachments[%u]", index);

  plz_error_set_invalid (error, field, "%s", message);
  return FALSE;
}

/* Whether @o has members other than @allowed. */
static gboolean
has_other_members (JsonObject         *o,
                   const char * const *allowed)
{
  g_autoptr(GList) names = json_object_get_members (o);

  for (GList *l = names; l != NULL; l = l->next)
    if (!g_strv_contains (allowed, l->data))
      return TRUE;
  return FALSE;
}

/* Member @name of @o as one line of cleaned text of at most
 * PLZ_ATTACHMENT_TEXT_MAX characters; "" when absent and not @required. */
static char *
line_member (JsonObject  *o,
             const char  *name,
             gboolean     required,
             guint        index,
             GError     **error)
{
  JsonNode *node = json_object_get_member (o, name);
  g_autofree char *field = g_strdup_printf ("attachments[%u].%s", index, name);
  g_autofree char *clean = NULL;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      if (!required)
        return g_strdup ("");
      plz_error_set_invalid (error, field, "Write a %s", name);
      return NULL;
    }
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      plz_error_set_invalid (error, field, "“%s” must be text", name);
      return NULL;
    }
  clean = plz_validate_text (field, json_node_get_string (node), PLZ_ATTACHMENT_TEXT_MAX, error);
  if (clean == NULL)
    return NULL;
  /* One line each: the policy reads them a line apiece (see moderation_text). */
  if (strchr (clean, '\n') != NULL)
    {
      plz_error_set_invalid (error, field, "“%s” must be one line", name);
      return NULL;
    }
  if (required && *clean == '\0')
    {
      plz_error_set_invalid (error, field, "Write a %s", name);
      return NULL;
    }
  return g_steal_pointer (&clean);
}

/* Member @name of @o as a number from @min to @max. */
static gboolean
coordinate (JsonObject  *o,
            const char  *name,
            double       min,
            double       max,
            guint        index,
            double      *out,
            GError     **error)
{
  JsonNode *node = json_object_get_member (o, name);
  g_autofree char *field = g_strdup_printf ("attachments[%u].%s", index, name);
  GType type = node != NULL && JSON_NODE_HOLDS_VALUE (node) ? json_node_get_value_type (node) : G_TYPE_INVALID;

  if (type != G_TYPE_DOUBLE && type != G_TYPE_INT64)
    {
      plz_error_set_invalid (error, field, "“%s” must be a number", name);
      return FALSE;
    }
  *out = json_node_get_double (node);
  if (!(*out >= min && *out <= max))
    {
      plz_error_set_invalid (error, field, "“%s” must be from %g to %g", name, min, max);
      return FALSE;
    }
  return TRUE;
}

static JsonObject *
check_location (JsonObject  *in,
                guint        index,
                GError     **error)
{
  static const char * const allowed[] = { "kind", "lat", "lng", "label", NULL };
  g_autofree char *label = NULL;
  JsonObject *o;
  double lat, lng;

  if (has_other_members (in, allowed))
    return invalid (error, index, "A location has only kind, lat, lng and label"), NULL;
  if (!coordinate (in, "lat", -90, 90, index, &lat, error) ||
      !coordinate (in, "lng", -180, 180, index, &lng, error))
    return NULL;
  label = line_member (in, "label", FALSE, index, error);
  if (label == NULL)
    return NULL;
  o = json_object_new ();
  json_object_set_string_member (o, "kind", "location");
  json_object_set_double_member (o, "lat", lat);
  json_object_set_double_member (o, "lng", lng);
  json_object_set_string_member (o, "label", label);
  return o;
}

static JsonObject *
check_checklist (JsonObject  *in,
                 guint        index,
                 GError     **error)
{
  static const char * const allowed[] = { "kind", "title", "items", NULL };
  static const char * const item_allowed[] = { "text", "done", NULL };
  g_autofree char *title = NULL;
  g_autoptr(JsonObject) o = NULL;
  g_autoptr(JsonArray) items = NULL;
  JsonNode *node = json_object_get_member (in, "items");
  JsonArray *in_items;
  g_autofree char *field = g_strdup_printf ("attachments[%u].items", index);

  if (has_other_members (in, allowed))
    return invalid (error, index, "A checklist has only kind, title and items"), NULL;
  title = line_member (in, "title", TRUE, index, error);
  if (title == NULL)
    return NULL;
  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return plz_error_set_invalid (error, field, "A checklist needs a list of items"), NULL;
  in_items = json_node_get_array (node);
  if (json_array_get_length (in_items) == 0 || json_array_get_length (in_items) > PLZ_CHECKLIST_ITEMS_MAX)
    return plz_error_set_invalid (error, field, "A checklist has from 1 to %d items", PLZ_CHECKLIST_ITEMS_MAX), NULL;
  items = json_array_new ();
  for (guint i = 0; i < json_array_get_length (in_items); i++)
    {
      JsonNode *item_node = json_array_get_element (in_items, i);
      JsonObject *item = JSON_NODE_HOLDS_OBJECT (item_node) ? json_node_get_object (item_node) : NULL;
      JsonNode *done = item != NULL ? json_object_get_member (item, "done") : NULL;
      g_autofree char *text = NULL;
      JsonObject *out;

      if (item == NULL || has_other_members (item, item_allowed))
        return plz_error_set_invalid (error, field, "Each item is {\"text\", \"done\"}"), NULL;
      if (done != NULL && (!JSON_NODE_HOLDS_VALUE (done) || json_node_get_value_type (done) != G_TYPE_BOOLEAN))
        return plz_error_set_invalid (error, field, "An item's “done” must be true or false"), NULL;
      text = line_member (item, "text", TRUE, index, error);
      if (text == NULL)
        return NULL;
      out = json_object_new ();
      json_object_set_string_member (out, "text", text);
      json_object_set_boolean_member (out, "done", done != NULL && json_node_get_boolean (done));
      json_array_add_object_element (items, out);
    }
  o = json_object_new ();
  json_object_set_string_member (o, "kind", "checklist");
  json_object_set_string_member (o, "title", title);
  json_object_set_array_member (o, "items", g_steal_pointer (&items));
  return g_steal_pointer (&o);
}

/* An upload named by id: the sender's own, in this conversation. */
static JsonObject *
check_upload (PlzMessaging *self,
              JsonObject   *in,
              const char   *user_id,
              const char   *conversation_id,
              guint         index,
              GError      **error)
{
  JsonNode *node = json_object_get_member (in, "id");
  g_autoptr(PlzAttachment) a = NULL;
  GError *local = NULL;

  if (json_object_get_size (in) != 1 || node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return invalid (error, index, "An uploaded file is named by its id alone: {\"id\": \"…\"}"), NULL;
  a = plz_attachments_store_get (self->store, json_node_get_string (node), &local);
  if (a == NULL || !g_str_equal (a->uploader_id, user_id) || !g_str_equal (a->conversation_id, conversation_id))
    {
      g_autofree char *field = g_strdup_printf ("attachments[%u].id", index);

      if (local != NULL && local->code != PLZ_ERROR_NOT_FOUND)
        {
          g_propagate_error (error, local);
          return NULL;
        }
      g_clear_error (&local);
      g_set_error_literal (error, PLZ_ERROR, PLZ_ERROR_NOT_FOUND, "There is no such upload in this conversation");
      if (error != NULL)
        plz_error_set_field (*error, field);
      return NULL;
    }
  return attachment_to_json (a);
}

JsonArray *
_plz_attachments_check (PlzMessaging  *self,
                        const char    *user_id,
                        const char    *conversation_id,
                        JsonArray     *list,
                        GError       **error)
{
  g_autoptr(JsonArray) out = json_array_new ();
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  guint n = json_array_get_length (list);

  if (n > PLZ_ATTACHMENTS_MAX)
    {
      plz_error_set_invalid (error, "attachments", "A message can carry at most %d attachments",
                             PLZ_ATTACHMENTS_MAX);
      return NULL;
    }
  for (guint i = 0; i < n; i++)
    {
      JsonNode *node = json_array_get_element (list, i);
      JsonObject *in = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      JsonNode *kind_node = in != NULL ? json_object_get_member (in, "kind") : NULL;
      const char *kind = kind_node != NULL && JSON_NODE_HOLDS_VALUE (kind_node) &&
                         json_node_get_value_type (kind_node) == G_TYPE_STRING
                         ? json_node_get_string (kind_node) : NULL;
      JsonObject *a;

      if (in == NULL)
        return invalid (error, i, "Each attachment is an object"), NULL;
      if (kind_node == NULL)
        a = check_upload (self, in, user_id, conversation_id, i, error);
      else if (g_strcmp0 (kind, "location") == 0)
        a = check_location (in, i, error);
      else if (g_strcmp0 (kind, "checklist") == 0)
        a = check_checklist (in, i, error);
      else
        return invalid (error, i, "An attachment is an upload's id, a location or a checklist"), NULL;
      if (a == NULL)
        return NULL;
      if (json_object_has_member (a, "id"))
        {
          const char *id = json_object_get_string_member (a, "id");

          if (g_hash_table_contains (seen, id))
            {
              json_object_unref (a);
              return invalid (error, i, "This file is attached already"), NULL;
            }
          /* Held by @out, which outlives @seen. */
          g_hash_table_add (seen, (gpointer) id);
        }
      json_array_add_object_element (out, a);
    }
  return g_steal_pointer (&out);
}

/* Calls @func on each text member of @list, in a fixed order. */
static void
foreach_text (JsonArray *list,
              void     (*func) (JsonObject *o, const char *member, gpointer data),
              gpointer   data)
{
  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      JsonObject *a = json_array_get_object_element (list, i);
      const char *kind = json_object_get_string_member (a, "kind");

      if (g_str_equal (kind, "location"))
        func (a, "label", data);
      else if (g_str_equal (kind, "checklist"))
        {
          JsonArray *items = json_object_get_array_member (a, "items");

          func (a, "title", data);
          for (guint j = 0; j < json_array_get_length (items); j++)
            func (json_array_get_object_element (items, j), "text", data);
        }
    }
}

static void
append_line_cb (JsonObject *o,
                const char *member,
                gpointer    data)
{
  g_string_append (data, json_object_get_string_member (o, member));
  g_string_append_c (data, '\n');
}

char *
_plz_attachments_moderation_text (JsonArray  *list,
                                  const char *body)
{
  GString *text = g_string_new (NULL);

  foreach_text (list, append_line_cb, text);
  g_string_append (text, body);
  return g_string_free (text, FALSE);
}

typedef struct
{
  char **lines;
  guint  next;
} Lines;

static void
take_line_cb (JsonObject *o,
              const char *member,
              gpointer    data)
{
  Lines *lines = data;

  json_object_set_string_member (o, member, lines->lines[lines->next++]);
}

static void
count_cb (JsonObject *o,
          const char *member,
          gpointer    data)
{
  (*(guint *) data)++;
}

char *
_plz_attachments_take_moderated (JsonArray   *list,
                                 const char  *moderated,
                                 GError     **error)
{
  guint n = 0;
  g_auto(GStrv) parts = NULL;
  Lines lines;

  foreach_text (list, count_cb, &n);
  if (n == 0)
    return g_strdup (moderated);  /* g_strsplit() gives no parts for "" */
  parts = g_strsplit (moderated, "\n", (gint) n + 1);
  /* A redaction that swallowed a line break cannot be put back line by line. */
  if (g_strv_length (parts) != n + 1)
    {
      g_set_error_literal (error, PLZ_ERROR, PLZ_ERROR_CONTACT_NOT_ALLOWED,
                           "Contact details cannot be shared in attachments here");
      if (error != NULL)
        plz_error_set_field (*error, "attachments");
      return NULL;
    }
  lines.lines = parts;
  lines.next = 0;
  foreach_text (list, take_line_cb, &lines);
  return g_strdup (parts[n]);
}
