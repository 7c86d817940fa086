/* plz-moderation-scan.h — `plaza-server moderation scan`: one message per line
 * in, one JSON verdict per line out */
#pragma once

#include <gio/gio.h>
#include <stdio.h>

#include "plz-moderation.h"

G_BEGIN_DECLS

/* The verdict on @line (@len bytes; invalid UTF-8 becomes U+FFFD first) as one
 * line of compact JSON: risk, score, what @policy does at @stage, findings
 * with kind, start and end in characters (code points) of the line, confidence
 * and text, and the redacted line. No newline at the end. */
char     *plz_moderation_verdict_json (const PlzModerationConfig *policy,
                                       PlzModerationStage         stage,
                                       const char                *line,
                                       gsize                      len);

/* Reads lines from @in until its end and writes a verdict line for each to
 * @out (flushed per line, so that a pipe can talk to it); a final line
 * without a newline counts too, a trailing CR is dropped. Returns how many
 * lines were read. */
gboolean  plz_moderation_scan_stream  (const PlzModerationConfig *policy,
                                       PlzModerationStage         stage,
                                       GInputStream              *in,
                                       FILE                      *out,
                                       guint64                   *lines,
                                       GError                   **error);

G_END_DECLS
