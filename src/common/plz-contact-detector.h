/* plz-contact-detector.h — finds contact details and off-platform deals in chat
 * text, sees through disguise, leaves prices, times and addresses alone */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* What a finding is. The names (plz_contact_kind_name) are the wire codes. */
typedef enum
{
  PLZ_CONTACT_KIND_PHONE,         /* "phone": a phone number, however written */
  PLZ_CONTACT_KIND_EMAIL,         /* "email": an address, or "my gmail is …" */
  PLZ_CONTACT_KIND_HANDLE,        /* "handle": @name, or a name on a named app */
  PLZ_CONTACT_KIND_MESSAGING_APP, /* "messaging_app": "WhatsApp me", "add me on insta" */
  PLZ_CONTACT_KIND_LINK,          /* "link": a URL or a bare domain */
  PLZ_CONTACT_KIND_PAYMENT,       /* "payment": pay outside the platform */
  PLZ_CONTACT_KIND_REQUEST,       /* "contact_request": "what's your number?" */
  PLZ_CONTACT_KIND_OFF_PLATFORM,  /* "off_platform": "let's take this off the app" */
} PlzContactKind;

#define PLZ_CONTACT_KIND_LAST PLZ_CONTACT_KIND_OFF_PLATFORM

typedef enum
{
  PLZ_CONTACT_RISK_NONE,
  PLZ_CONTACT_RISK_LOW,     /* a hint only (a lone app name, "call me"): let it be */
  PLZ_CONTACT_RISK_MEDIUM,  /* an invitation or request without the details themselves */
  PLZ_CONTACT_RISK_HIGH,    /* the details themselves, an off-platform payment, or several signals */
} PlzContactRisk;

/* Findings at or above this confidence are hidden by plz_contact_redact(). */
#define PLZ_CONTACT_REDACT_MIN 0.5

/* The marker that replaces a hidden span. */
#define PLZ_CONTACT_MARKER "[contact hidden]"

typedef struct
{
  PlzContactKind kind;
  gsize          start;       /* byte offsets into the text given to plz_contact_scan() */
  gsize          end;
  double         confidence;  /* 0..1 */
} PlzContactFinding;

typedef struct
{
  GArray         *findings;  /* PlzContactFinding, by start */
  PlzContactRisk  risk;
  double          score;     /* the findings' combined confidence, 0..1 */
} PlzContactResult;

/* Scans @len bytes of @text (-1: NUL-terminated). Any bytes are accepted:
 * invalid UTF-8 is read as spaces. Thread-safe; the patterns are compiled once. */
PlzContactResult *plz_contact_scan            (const char             *text,
                                               gssize                  len);

/* Frees @result. */
void              plz_contact_result_free     (PlzContactResult       *result);

/* @text (the same bytes given to plz_contact_scan()) with every finding of
 * confidence ≥ PLZ_CONTACT_REDACT_MIN replaced by PLZ_CONTACT_MARKER; valid UTF-8. */
char             *plz_contact_redact          (const char             *text,
                                               gssize                  len,
                                               const PlzContactResult *result);

/* The kinds in @result at or above @min_confidence, as a bit set (1 << kind). */
guint             plz_contact_result_kinds    (const PlzContactResult *result,
                                               double                  min_confidence);

/* "phone", "email", "handle", "messaging_app", "link", "payment",
 * "contact_request", "off_platform". */
const char       *plz_contact_kind_name       (PlzContactKind          kind);

/* Parses a kind name; FALSE when unknown. */
gboolean          plz_contact_kind_from_name  (const char             *name,
                                               PlzContactKind         *kind);

/* Words for people: "a phone number", "a request to pay outside Plaza" … */
const char       *plz_contact_kind_describe   (PlzContactKind          kind);

/* "none", "low", "medium", "high". */
const char       *plz_contact_risk_name       (PlzContactRisk          risk);

/* Parses a risk name; FALSE when unknown. */
gboolean          plz_contact_risk_from_name  (const char             *name,
                                               PlzContactRisk         *risk);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PlzContactResult, plz_contact_result_free)

G_END_DECLS
