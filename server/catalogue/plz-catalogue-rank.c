/* plz-catalogue-rank.c — plz_rank(), the FTS5 ranking function search orders by.
 *
 * bm25() reads each matching row's length from the index's docsize table: at
 * 100,000 listings a common word matches 20,000 rows and those lookups alone
 * cost ~15 ms. Listing texts are short and alike in length, so plz_rank keeps
 * bm25's term weighting (idf, saturating term frequency, column weights) and
 * drops length normalisation, which needs nothing beyond the position lists
 * FTS5 has already decoded. The row's number breaks ties inside the value so
 * that ORDER BY rank alone gives a total order, which keyset paging needs and
 * which lets FTS5 sort without SQLite sorting again. */
#define G_LOG_DOMAIN "plaza-catalogue"

#include "plz-catalogue-store.h"

#include <math.h>
#include <sqlite3.h>

#define MAX_PHRASES 16
#define MAX_COLUMNS 8
#define K1 1.2

typedef struct
{
  int    n_phrases;
  double idf[MAX_PHRASES];
} QueryStats;

static int
count_row (const Fts5ExtensionApi *api,
           Fts5Context            *fts,
           void                   *user_data)
{
  (*(sqlite3_int64 *) user_data)++;
  return SQLITE_OK;
}

/* Inverse document frequency of each phrase, computed once per query. */
static QueryStats *
query_stats (const Fts5ExtensionApi *api,
             Fts5Context            *fts,
             int                    *rc)
{
  QueryStats *stats = api->xGetAuxdata (fts, 0);
  sqlite3_int64 n_rows = 0;

  if (stats != NULL)
    return stats;

  stats = sqlite3_malloc (sizeof *stats);
  if (stats == NULL)
    {
      *rc = SQLITE_NOMEM;
      return NULL;
    }
  stats->n_phrases = MIN (api->xPhraseCount (fts), MAX_PHRASES);
  *rc = api->xRowCount (fts, &n_rows);
  for (int i = 0; *rc == SQLITE_OK && i < stats->n_phrases; i++)
    {
      sqlite3_int64 hits = 0;

      *rc = api->xQueryPhrase (fts, i, &hits, count_row);
      /* bm25's idf, floored so that very common words still count a little. */
      stats->idf[i] = MAX (1e-6, log ((n_rows - hits + 0.5) / (hits + 0.5)));
    }
  if (*rc == SQLITE_OK)
    *rc = api->xSetAuxdata (fts, stats, sqlite3_free);
  else
    sqlite3_free (stats);
  return *rc == SQLITE_OK ? stats : NULL;
}

/* plz_rank(w0, w1, ...): optional weights per column, 1.0 when left out. */
static void
plz_rank (const Fts5ExtensionApi  *api,
          Fts5Context             *fts,
          sqlite3_context         *ctx,
          int                      n_args,
          sqlite3_value          **args)
{
  double tf[MAX_PHRASES][MAX_COLUMNS] = { { 0 } };
  int rc = SQLITE_OK, n_inst = 0;
  int n_columns = MIN (api->xColumnCount (fts), MAX_COLUMNS);
  QueryStats *stats = query_stats (api, fts, &rc);
  double score = 0;
  sqlite3_int64 row;

  if (stats != NULL)
    rc = api->xInstCount (fts, &n_inst);
  for (int i = 0; rc == SQLITE_OK && i < n_inst; i++)
    {
      int phrase, column, offset;

      rc = api->xInst (fts, i, &phrase, &column, &offset);
      if (rc == SQLITE_OK && phrase < MAX_PHRASES && column < n_columns)
        tf[phrase][column] += 1;
    }
  if (rc != SQLITE_OK)
    {
      sqlite3_result_error_code (ctx, rc);
      return;
    }

  for (int p = 0; p < stats->n_phrases; p++)
    for (int c = 0; c < n_columns; c++)
      if (tf[p][c] > 0)
        {
          double w = c < n_args ? sqlite3_value_double (args[c]) : 1.0;

          score += stats->idf[p] * w * tf[p][c] * (K1 + 1) / (tf[p][c] + K1);
        }

  /* Lower is better, as with bm25. Scores are rounded to 1e-4 and the row
   * number added in units of 1e-13, below that rounding for any row number
   * under 10^9, so equal scores order by row and no two rows tie. */
  row = api->xRowid (fts);
  sqlite3_result_double (ctx, -floor (score * 1e4 + 0.5) / 1e4 + (double) row * 1e-13);
}

static fts5_api *
fts5_api_of (sqlite3 *db)
{
  fts5_api *api = NULL;
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (db, "SELECT fts5(?1)", -1, &stmt, NULL) == SQLITE_OK)
    {
      sqlite3_bind_pointer (stmt, 1, (void *) &api, "fts5_api_ptr", NULL);
      sqlite3_step (stmt);
    }
  sqlite3_finalize (stmt);
  return api;
}

gboolean
plz_catalogue_store_register_rank (PlzStore  *store,
                                   GError   **error)
{
  fts5_api *api = fts5_api_of (plz_store_get_db (store));

  if (api == NULL || api->iVersion < 2 ||
      api->xCreateFunction (api, "plz_rank", NULL, plz_rank, NULL) != SQLITE_OK)
    return plz_store_set_error (store, "Cannot register the search ranking function", error);
  return TRUE;
}
