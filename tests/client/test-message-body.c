/* test-message-body.c — hidden contact details shown as pills, and the notes
 * for the sender and the recipient */

#include "config.h"

#include <adwaita.h>

#include "plz-client-test.h"
#include "plz-message-body.h"

static void
test_pills (void)
{
  GtkWidget *body = g_object_ref_sink (plz_message_body_new ());
  PlzMessageBody *b = PLZ_MESSAGE_BODY (body);
  guint start, end;

  /* What the server delivers after hiding a number (plz_contact_redact). */
  plz_message_body_set_text (b, "Call me on [contact hidden] tomorrow");
  g_assert_cmpuint (plz_message_body_get_n_hidden (b), ==, 1);
  g_assert_cmpstr (plz_message_body_get_text (b), ==, "Call me on \u00a0contact\u00a0hidden\u00a0 tomorrow");
  g_assert_cmpstr (gtk_label_get_text (plz_message_body_get_label (b)), ==, plz_message_body_get_text (b));
  g_assert_true (plz_message_body_get_hidden_range (b, 0, &start, &end));
  g_assert_cmpuint (start, ==, 11);
  g_assert_cmpuint (end, ==, 27);
  g_assert_false (plz_message_body_get_hidden_range (b, 1, NULL, NULL));
  g_assert_nonnull (gtk_label_get_attributes (plz_message_body_get_label (b)));

  /* Two markers, one at the very start; character offsets after non-ASCII text. */
  plz_message_body_set_text (b, "[contact hidden] at [contact hidden] — dankie");
  g_assert_cmpuint (plz_message_body_get_n_hidden (b), ==, 2);
  g_assert_true (plz_message_body_get_hidden_range (b, 0, &start, &end));
  g_assert_cmpuint (start, ==, 0);
  g_assert_cmpuint (end, ==, 16);
  g_assert_true (plz_message_body_get_hidden_range (b, 1, &start, &end));
  g_assert_cmpuint (start, ==, 20);
  g_assert_cmpuint (end, ==, 36);

  /* Nothing hidden: the text as it is, no pills. */
  plz_message_body_set_text (b, "See you at 10:30, R350 is fine");
  g_assert_cmpuint (plz_message_body_get_n_hidden (b), ==, 0);
  g_assert_cmpstr (plz_message_body_get_text (b), ==, "See you at 10:30, R350 is fine");

  /* Bad input: NULL is empty, invalid UTF-8 is made valid, half a marker is text. */
  plz_message_body_set_text (b, NULL);
  g_assert_cmpstr (plz_message_body_get_text (b), ==, "");
  plz_message_body_set_text (b, "bad \xff bytes [contact hid");
  g_assert_true (g_utf8_validate (plz_message_body_get_text (b), -1, NULL));
  g_assert_cmpuint (plz_message_body_get_n_hidden (b), ==, 0);

  g_object_unref (body);
}

static void
test_count (void)
{
  g_assert_cmpuint (plz_message_count_hidden (NULL), ==, 0);
  g_assert_cmpuint (plz_message_count_hidden ("nothing"), ==, 0);
  g_assert_cmpuint (plz_message_count_hidden ("[contact hidden][contact hidden] and [contact hidden]"), ==, 3);
}

static void
test_notes (void)
{
  GtkWidget *mine = g_object_ref_sink (plz_message_hidden_note_new (TRUE));
  GtkWidget *theirs = g_object_ref_sink (plz_message_hidden_note_new (FALSE));

  g_assert_nonnull (plz_test_find_labelled (mine, GTK_TYPE_LABEL,
                                            "Contact details hidden — share them after booking"));
  g_assert_nonnull (plz_test_find_labelled (theirs, GTK_TYPE_LABEL, "Some details were hidden by Plaza"));
  g_assert_cmpint (gtk_widget_get_halign (mine), ==, GTK_ALIGN_END);
  g_assert_cmpint (gtk_widget_get_halign (theirs), ==, GTK_ALIGN_START);
  g_object_unref (mine);
  g_object_unref (theirs);
}

static gboolean
is_drawn (gpointer data)
{
  return gtk_widget_get_mapped (data) && gtk_widget_get_width (data) > 0;
}

/* The pill is painted: inside it the colour differs from the bubble's
 * background at the same height past the end of the text. */
static void
test_drawn (void)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *body = plz_message_body_new ();
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree guchar *pixels = NULL;
  graphene_rect_t pill;
  int width, height, stride;
  guint32 inside, outside;

  plz_message_body_set_text (PLZ_MESSAGE_BODY (body), "Hi [contact hidden] ok");
  gtk_widget_set_size_request (body, 400, -1);
  gtk_window_set_child (GTK_WINDOW (window), body);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (plz_test_wait_until (is_drawn, body, 5000));
  plz_test_spin (100);

  g_assert_true (plz_message_body_get_pill_bounds (PLZ_MESSAGE_BODY (body), 0, &pill));
  g_assert_cmpfloat (pill.size.width, >, 40);
  g_assert_cmpfloat (pill.size.height, >, 8);

  width = gtk_widget_get_width (body);
  height = gtk_widget_get_height (body);
  paintable = gtk_widget_paintable_new (body);
  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (window)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  stride = width * 4;
  pixels = g_malloc (stride * height);
  gdk_texture_download (texture, pixels, stride);
  /* Just inside the pill's left end (a no-break space, no glyph), and far right. */
  inside = *(guint32 *) (pixels + (int) (pill.origin.y + pill.size.height / 2) * stride
                         + (int) (pill.origin.x + pill.size.height / 2 + 1) * 4);
  outside = *(guint32 *) (pixels + (int) (pill.origin.y + pill.size.height / 2) * stride + (width - 2) * 4);
  g_assert_cmphex (inside, !=, outside);

  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  if (!plz_test_init_gtk (&argc, &argv))
    return 0;

  g_test_add_func ("/message-body/pills", test_pills);
  g_test_add_func ("/message-body/count", test_count);
  g_test_add_func ("/message-body/notes", test_notes);
  g_test_add_func ("/message-body/drawn", test_drawn);
  return g_test_run ();
}
