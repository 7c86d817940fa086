/* plz-leak-case-detail.h — one leak case for admins: the person, their
 * counters, every caught attempt as evidence, and the decision */
#pragma once

#include <adwaita.h>

#include "plz-account.h"

G_BEGIN_DECLS

#define PLZ_TYPE_LEAK_CASE_DETAIL (plz_leak_case_detail_get_type ())

G_DECLARE_FINAL_TYPE (PlzLeakCaseDetail, plz_leak_case_detail, PLZ, LEAK_CASE_DETAIL, AdwBin)

/* Shows no case yet; acts as the admin signed in to @account. Emits
 * ::decided (with the case id) after an admin's decision reached the server. */
GtkWidget  *plz_leak_case_detail_new       (PlzAccount        *account);

/* Loads and shows case @id (NULL: none). */
void        plz_leak_case_detail_show      (PlzLeakCaseDetail *self,
                                            const char        *id);

/* The case shown, or NULL. */
const char *plz_leak_case_detail_get_id    (PlzLeakCaseDetail *self);

/* "none", "loading", "error" or "case". */
const char *plz_leak_case_detail_get_state (PlzLeakCaseDetail *self);

/* The case as the server last sent it, or NULL. */
JsonObject *plz_leak_case_detail_get_case  (PlzLeakCaseDetail *self);

/* Pango markup of @excerpt with what the contact detector finds in it
 * marked (the server keeps the text, not the spans). */
char       *plz_leak_evidence_markup       (const char        *excerpt);

G_END_DECLS
