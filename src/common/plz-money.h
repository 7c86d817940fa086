/* plz-money.h — amounts in minor units: formatting for people, parsing what they type */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* How many minor units a major unit has for @currency (ISO 4217): 2 for most,
 * 0 for JPY and friends. Unknown codes are taken to have 2. */
guint     plz_money_exponent     (const char  *currency);

/* The symbol people expect ("R" for ZAR, "$" for USD), or the code itself. */
const char *plz_money_symbol     (const char  *currency);

/* "R1 200.00", "$45.99", "¥1 500": grouped with a thin space so that the text
 * reads the same in every locale, with the currency's own number of decimals.
 * Negative amounts get a leading minus. */
char     *plz_money_format       (gint64       amount_minor,
                                  const char  *currency);

/* A listing's price as a card shows it: "R350 / hour", "R1 200 / night",
 * "R900 per project", "R500 (negotiable)", "Contact for price". Whole amounts
 * drop their ".00". @pricing_type is one of fixed, hourly, per_night,
 * per_project, negotiable, contact. */
char     *plz_money_format_price (gint64       amount_minor,
                                  const char  *currency,
                                  const char  *pricing_type);

/* Parses what a person typed ("1200", "1 200.50", "R 1,200.5") into minor units
 * of @currency. Refuses negative amounts, more decimals than the currency has,
 * and anything that is not a number, with a message fit for a form. */
gboolean  plz_money_parse        (const char  *text,
                                  const char  *currency,
                                  gint64      *amount_minor,
                                  GError     **error);

G_END_DECLS
