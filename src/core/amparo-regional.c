/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "AmparoRegional"

#include <stdlib.h>
#include <string.h>

#include <glib/gi18n.h>

#include "amparo-db.h"
#include "amparo-error.h"
#include "amparo-regional-private.h"
#include "amparo-suppress.h"

/* The coordinator's combined report (DESIGN 5.3).
 *
 * Each agency's cell is known exactly when published, or as the range
 * amparo_suppress_cell_range() gives from that agency's own table: at
 * least 1, and at most what its total leaves in an additive table. A
 * reader cannot tell a primary suppression (1..k-1) from a secondary one
 * (any size), so k-1 is never used as a bound. Where the range has no
 * upper end (non-additive table, or suppressed total), the agency's
 * published total caps it, but only in tables whose every cell counts a
 * subset of what the total counts (cells_within_total()); in the others
 * (shelter nights against survivors sheltered) the range stays open.
 *
 * The combined count of a cell is the sum of the ranges of the agencies
 * that sent the table: exact when every one of them is exact. */

/* Tables whose cells can never exceed their total: each counts some of
 * the survivors the total counts. Additive tables need no entry. A table
 * missing here only gets wider ranges. */
static const char *const cells_within_total_tables[] = {
  "race_ethnicity",
  "special_class",
  "victimization",
  "victimization_age",
  "service_survivors",
  "completeness",
  NULL,
};

static gboolean
cells_within_total (const AmparoTableSpec *spec)
{
  return spec->additive || g_strv_contains (cells_within_total_tables, spec->id);
}

/* Both ends are >= 0; sums saturate rather than wrap. */
static gint64
add_bound (gint64 a,
           gint64 b)
{
  if (a == AMPARO_RANGE_UNBOUNDED || b == AMPARO_RANGE_UNBOUNDED
      || a >= AMPARO_RANGE_UNBOUNDED - b)
    return AMPARO_RANGE_UNBOUNDED;
  return a + b;
}

static void
range_add (AmparoRange       *into,
           const AmparoRange *r)
{
  into->lo = add_bound (into->lo, r->lo);
  if (into->lo == AMPARO_RANGE_UNBOUNDED)
    into->lo = AMPARO_RANGE_UNBOUNDED - 1;
  into->hi = add_bound (into->hi, r->hi);
}

static int period_compare_indirect (gconstpointer a,
                                    gconstpointer b);

/* ------------------------------------------------------ one agency */

static AmparoRange
agency_cell_range (const AmparoTable     *table,
                   const AmparoTableSpec *spec,
                   guint                  i)
{
  AmparoRange r = { 1, AMPARO_RANGE_UNBOUNDED };

  /* Only a table that contradicts itself fails here, and the importer
   * refused those; an open range is still true. */
  if (!amparo_suppress_cell_range (table, i, &r.lo, &r.hi))
    return (AmparoRange) { 0, AMPARO_RANGE_UNBOUNDED };
  if (r.hi == AMPARO_RANGE_UNBOUNDED && table->total >= 0 && cells_within_total (spec))
    r.hi = MAX (r.lo, table->total);
  return r;
}

static AmparoRange
agency_total_range (const AmparoTable     *table,
                    const AmparoTableSpec *spec,
                    const AmparoRange     *cells)
{
  AmparoRange r = { 0, 0 };

  if (table->total >= 0)
    return (AmparoRange) { table->total, table->total };

  /* A suppressed total is at least 1 (zeros are published). */
  if (spec->additive)
    {
      for (guint i = 0; i < table->cells->len; i++)
        range_add (&r, &cells[i]);
      r.lo = MAX (r.lo, 1);
      r.hi = MAX (r.hi, r.lo);
      return r;
    }
  r.lo = 1;
  r.hi = AMPARO_RANGE_UNBOUNDED;
  if (cells_within_total (spec))
    for (guint i = 0; i < table->cells->len; i++)
      r.lo = MAX (r.lo, cells[i].lo);
  return r;
}

/* ---------------------------------------------------------- report */

void
amparo_regional_agency_free (AmparoRegionalAgency *agency)
{
  if (agency == NULL)
    return;
  g_free (agency->id);
  g_free (agency->name);
  g_free (agency->generated);
  g_free (agency);
}

static void
regional_cell_free (AmparoRegionalCell *cell)
{
  g_strfreev (cell->key);
  g_free (cell->by_agency);
  g_free (cell);
}

static void
regional_table_free (AmparoRegionalTable *table)
{
  g_free (table->total_by_agency);
  g_ptr_array_unref (table->cells);
  g_free (table);
}

void
amparo_regional_report_free (AmparoRegionalReport *report)
{
  if (report == NULL)
    return;
  g_free (report->period);
  g_ptr_array_unref (report->agencies);
  g_ptr_array_unref (report->tables);
  g_free (report);
}

static const AmparoTable *
find_table (const AmparoSummary *summary,
            const char          *id)
{
  for (guint i = 0; i < summary->tables->len; i++)
    {
      const AmparoTable *t = g_ptr_array_index (summary->tables, i);

      if (g_str_equal (t->id, id))
        return t;
    }
  return NULL;
}

static AmparoRegionalTable *
combine_table (const AmparoTableSpec *spec,
               GPtrArray             *summaries)
{
  AmparoRegionalTable *rt = g_new0 (AmparoRegionalTable, 1);
  g_autoptr(AmparoTable) shape = amparo_table_new_from_spec (spec);
  guint n_agencies = summaries->len;
  guint n_cells = shape->cells->len;

  rt->spec = spec;
  rt->cells = g_ptr_array_new_with_free_func ((GDestroyNotify) regional_cell_free);
  rt->total_by_agency = g_new (AmparoRange, MAX (n_agencies, 1));
  for (guint c = 0; c < n_cells; c++)
    {
      AmparoRegionalCell *cell = g_new0 (AmparoRegionalCell, 1);
      const AmparoCell *from = g_ptr_array_index (shape->cells, c);

      cell->key = g_strdupv (from->key);
      cell->by_agency = g_new (AmparoRange, MAX (n_agencies, 1));
      g_ptr_array_add (rt->cells, cell);
    }

  for (guint a = 0; a < n_agencies; a++)
    {
      const AmparoTable *table = find_table (g_ptr_array_index (summaries, a), spec->id);
      g_autofree AmparoRange *ranges = g_new (AmparoRange, MAX (n_cells, 1));

      if (table == NULL || table->cells->len != n_cells)
        {
          rt->total_by_agency[a] = (AmparoRange) { -1, -1 };
          for (guint c = 0; c < n_cells; c++)
            ((AmparoRegionalCell *) g_ptr_array_index (rt->cells, c))->by_agency[a]
              = (AmparoRange) { -1, -1 };
          continue;
        }
      for (guint c = 0; c < n_cells; c++)
        {
          ranges[c] = agency_cell_range (table, spec, c);
          ((AmparoRegionalCell *) g_ptr_array_index (rt->cells, c))->by_agency[a] = ranges[c];
        }
      rt->total_by_agency[a] = agency_total_range (table, spec, ranges);
      rt->n_contributors++;
    }

  if (rt->n_contributors == 0)
    {
      rt->total = (AmparoRange) { -1, -1 };
      for (guint c = 0; c < n_cells; c++)
        ((AmparoRegionalCell *) g_ptr_array_index (rt->cells, c))->sum = (AmparoRange) { -1, -1 };
      return rt;
    }
  for (guint a = 0; a < n_agencies; a++)
    {
      if (AMPARO_RANGE_IS_MISSING (rt->total_by_agency[a]))
        continue;
      range_add (&rt->total, &rt->total_by_agency[a]);
      for (guint c = 0; c < n_cells; c++)
        {
          AmparoRegionalCell *cell = g_ptr_array_index (rt->cells, c);

          range_add (&cell->sum, &cell->by_agency[a]);
        }
    }
  return rt;
}

/**
 * amparo_regional_report_new_from_summaries:
 * @period: the period
 * @agencies: (element-type AmparoRegionalAgency): the agencies, in the
 *   order of @summaries; the report keeps a reference
 * @summaries: (element-type AmparoSummary): each agency's summary
 *
 * Combines summaries already read and checked; no database involved.
 *
 * Returns: (transfer full): the report
 */
AmparoRegionalReport *
amparo_regional_report_new_from_summaries (const char *period,
                                           GPtrArray  *agencies,
                                           GPtrArray  *summaries)
{
  AmparoRegionalReport *report;
  const AmparoTableSpec *specs;
  guint n_specs;

  g_return_val_if_fail (period != NULL, NULL);
  g_return_val_if_fail (agencies != NULL && summaries != NULL, NULL);
  g_return_val_if_fail (agencies->len == summaries->len, NULL);

  report = g_new0 (AmparoRegionalReport, 1);
  report->period = g_strdup (period);
  report->agencies = g_ptr_array_ref (agencies);
  report->tables = g_ptr_array_new_with_free_func ((GDestroyNotify) regional_table_free);
  specs = amparo_table_specs (&n_specs);
  for (guint i = 0; i < n_specs; i++)
    g_ptr_array_add (report->tables, combine_table (&specs[i], summaries));
  return report;
}

static sqlite3 *
coordinator_db (AmparoVault *vault,
                GError     **error)
{
  sqlite3 *db = amparo_vault_get_cases_db (vault, error);

  if (db != NULL && amparo_vault_get_kind (vault) != AMPARO_VAULT_KIND_COORDINATOR)
    {
      g_set_error_literal (error, AMPARO_ERROR, AMPARO_ERROR_WRONG_KIND,
                           _("This is an agency’s vault; regional reports are made in a "
                             "coordinator’s vault."));
      return NULL;
    }
  return db;
}

/* ------------------------------------------------- stored tables */

/**
 * amparo_summary_tables_store:
 * @db: the coordinator's store, inside the caller's transaction
 * @summary_id: the row of `summaries` @summary was stored as
 * @summary: the summary, already fully checked
 * @error: return location for an error
 *
 * Replaces the `summary_tables` rows of @summary_id with @summary's
 * catalogue tables, so the combined report need not parse the payload.
 *
 * Returns: whether the rows were written
 */
gboolean
amparo_summary_tables_store (sqlite3              *db,
                             gint64                summary_id,
                             const AmparoSummary  *summary,
                             GError              **error)
{
  g_autoptr(sqlite3_stmt) clear = NULL;
  g_autoptr(sqlite3_stmt) insert = NULL;
  g_autoptr(GString) counts = g_string_new (NULL);

  clear = amparo_db_prepare (db, "DELETE FROM summary_tables WHERE summary_id = ?;", error);
  if (clear == NULL)
    return FALSE;
  sqlite3_bind_int64 (clear, 1, summary_id);
  if (!amparo_db_step_done (db, clear, error))
    return FALSE;

  insert = amparo_db_prepare (db, "INSERT INTO summary_tables (summary_id, table_id, total,"
                                  " counts) VALUES (?, ?, ?, ?);", error);
  if (insert == NULL)
    return FALSE;
  for (guint t = 0; t < summary->tables->len; t++)
    {
      const AmparoTable *table = g_ptr_array_index (summary->tables, t);

      /* The report reads catalogue tables only (find_table()). */
      if (amparo_table_spec_lookup (table->id) == NULL)
        continue;
      g_string_truncate (counts, 0);
      for (guint c = 0; c < table->cells->len; c++)
        {
          const AmparoCell *cell = g_ptr_array_index (table->cells, c);

          g_string_append_printf (counts, c > 0 ? ",%" G_GINT64_FORMAT : "%" G_GINT64_FORMAT,
                                  cell->count);
        }
      sqlite3_bind_int64 (insert, 1, summary_id);
      sqlite3_bind_text (insert, 2, table->id, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (insert, 3, table->total);
      sqlite3_bind_text (insert, 4, counts->str, (int) counts->len, SQLITE_STATIC);
      if (!amparo_db_step_done (db, insert, error))
        return FALSE;
      sqlite3_clear_bindings (insert);
    }
  return TRUE;
}

/* A count as stored: >= 0, or AMPARO_COUNT_SUPPRESSED. */
static gboolean
parse_count (const char  *text,
             const char **end,
             gint64      *count)
{
  char *after = NULL;

  if (text == NULL || !(g_ascii_isdigit (*text) || *text == '-'))
    return FALSE;
  *count = g_ascii_strtoll (text, &after, 10);
  if (after == text || *count < AMPARO_COUNT_SUPPRESSED)
    return FALSE;
  *end = after;
  return TRUE;
}

/* One stored table back into an AmparoTable shaped by the catalogue;
 * NULL when the row does not fit its table (a damaged store). */
static AmparoTable *
table_from_row (const char *table_id,
                gint64      total,
                const char *counts)
{
  const AmparoTableSpec *spec = table_id != NULL ? amparo_table_spec_lookup (table_id) : NULL;
  g_autoptr(AmparoTable) table = NULL;
  const char *p = counts;

  if (spec == NULL || total < AMPARO_COUNT_SUPPRESSED || counts == NULL)
    return NULL;
  table = amparo_table_new_from_spec (spec);
  table->total = total;
  for (guint c = 0; c < table->cells->len; c++)
    {
      AmparoCell *cell = g_ptr_array_index (table->cells, c);

      if (c > 0 && *p++ != ',')
        return NULL;
      if (!parse_count (p, &p, &cell->count))
        return NULL;
    }
  if (*p != '\0')
    return NULL;
  return g_steal_pointer (&table);
}

/* @summary's tables from `summary_tables`; FALSE with nothing added when
 * it has no rows (imported before they were kept). */
static gboolean
read_stored_tables (sqlite3       *db,
                    sqlite3_stmt  *stmt,
                    gint64         summary_id,
                    AmparoSummary *summary,
                    GError       **error)
{
  int rc;

  sqlite3_reset (stmt);
  sqlite3_bind_int64 (stmt, 1, summary_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      AmparoTable *table = table_from_row ((const char *) sqlite3_column_text (stmt, 0),
                                           sqlite3_column_int64 (stmt, 1),
                                           (const char *) sqlite3_column_text (stmt, 2));

      if (table == NULL)
        {
          sqlite3_reset (stmt);
          g_set_error_literal (error, AMPARO_ERROR, AMPARO_ERROR_DAMAGED_DATABASE,
                               _("An imported summary in the vault can no longer be read."));
          return FALSE;
        }
      g_ptr_array_add (summary->tables, table);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      amparo_db_set_error (error, db, rc);
      return FALSE;
    }
  return summary->tables->len > 0;
}

/* Summaries imported before `summary_tables` existed get their rows the
 * first time a report reads them. The report does not depend on this:
 * a failure leaves them to be read from the payload again. */
static void
backfill_stored_tables (sqlite3   *db,
                        GArray    *ids,
                        GPtrArray *summaries)
{
  g_autoptr(GError) error = NULL;

  if (!amparo_db_begin (db, &error))
    {
      g_warning ("Could not keep the tables of older summaries: %s", error->message);
      return;
    }
  for (guint i = 0; i < ids->len; i++)
    if (!amparo_summary_tables_store (db, g_array_index (ids, gint64, i),
                                      g_ptr_array_index (summaries, i), &error))
      {
        amparo_db_rollback (db);
        g_warning ("Could not keep the tables of older summaries: %s", error->message);
        return;
      }
  if (!amparo_db_commit (db, &error))
    {
      amparo_db_rollback (db);
      g_warning ("Could not keep the tables of older summaries: %s", error->message);
    }
}

static AmparoRegionalReport *
load_report (sqlite3    *db,
             const char *period,
             GError    **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(sqlite3_stmt) tables = NULL;
  g_autoptr(sqlite3_stmt) payloads = NULL;
  g_autoptr(GPtrArray) agencies = NULL;
  g_autoptr(GPtrArray) summaries = NULL;
  g_autoptr(GArray) backfill_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GPtrArray) backfill = g_ptr_array_new ();
  int rc;

  if (!amparo_period_is_valid (period))
    {
      g_set_error_literal (error, AMPARO_ERROR, AMPARO_ERROR_INVALID,
                           _("The period must be written 2026-Q3, 2026-H2 or 2026-07."));
      return NULL;
    }
  stmt = amparo_db_prepare (db, "SELECT s.agency_id, a.name, s.sequence, s.k, s.generated,"
                                " s.id FROM summaries s JOIN agencies a ON a.id = s.agency_id"
                                " WHERE s.period = ? ORDER BY a.name, s.agency_id;", error);
  if (stmt == NULL)
    return NULL;
  tables = amparo_db_prepare (db, "SELECT table_id, total, counts FROM summary_tables"
                                  " WHERE summary_id = ?;", error);
  if (tables == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, period, -1, SQLITE_STATIC);

  agencies = g_ptr_array_new_with_free_func ((GDestroyNotify) amparo_regional_agency_free);
  summaries = g_ptr_array_new_with_free_func ((GDestroyNotify) amparo_summary_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      AmparoRegionalAgency *agency = g_new0 (AmparoRegionalAgency, 1);
      gint64 summary_id = sqlite3_column_int64 (stmt, 5);
      g_autoptr(GError) local_error = NULL;
      AmparoSummary *summary;

      agency->id = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      agency->name = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      agency->sequence = sqlite3_column_int64 (stmt, 2);
      agency->k = sqlite3_column_int (stmt, 3);
      agency->generated = g_strdup ((const char *) sqlite3_column_text (stmt, 4));
      g_ptr_array_add (agencies, agency);

      /* The tables as checked at import, without parsing the payload. */
      summary = amparo_summary_new ();
      summary->period = g_strdup (period);
      if (read_stored_tables (db, tables, summary_id, summary, &local_error))
        {
          g_ptr_array_add (summaries, summary);
          continue;
        }
      g_clear_pointer (&summary, amparo_summary_free);
      if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }

      /* Imported before the tables were kept: checked at import, read
       * again because the catalogue is the program's, and the row could
       * only be wrong if the store was. */
      if (payloads == NULL
          && (payloads = amparo_db_prepare (db, "SELECT payload FROM summaries WHERE id = ?;",
                                            error)) == NULL)
        return NULL;
      sqlite3_reset (payloads);
      sqlite3_bind_int64 (payloads, 1, summary_id);
      if (sqlite3_step (payloads) == SQLITE_ROW && sqlite3_column_text (payloads, 0) != NULL)
        {
          const char *payload = (const char *) sqlite3_column_text (payloads, 0);

          summary = amparo_summary_from_json (payload, strlen (payload), NULL);
        }
      else
        summary = NULL;
      sqlite3_reset (payloads);
      if (summary == NULL || !g_str_equal (summary->period, period))
        {
          amparo_summary_free (summary);
          g_set_error_literal (error, AMPARO_ERROR, AMPARO_ERROR_DAMAGED_DATABASE,
                               _("An imported summary in the vault can no longer be read."));
          return NULL;
        }
      g_ptr_array_add (summaries, summary);
      g_array_append_val (backfill_ids, summary_id);
      g_ptr_array_add (backfill, summary);
    }
  if (rc != SQLITE_DONE)
    {
      amparo_db_set_error (error, db, rc);
      return NULL;
    }
  g_clear_pointer (&stmt, sqlite3_finalize);
  g_clear_pointer (&tables, sqlite3_finalize);
  g_clear_pointer (&payloads, sqlite3_finalize);
  if (backfill->len > 0)
    backfill_stored_tables (db, backfill_ids, backfill);
  return amparo_regional_report_new_from_summaries (period, agencies, summaries);
}

/**
 * amparo_regional_report_new:
 * @vault: an unlocked coordinator vault
 * @period: a period, `2026-Q3`, `2026-H2` or `2026-07`
 * @error: return location for an error
 *
 * Combines the summaries imported for @period (exactly that period: a
 * quarter does not include the months agencies sent separately).
 *
 * Returns: (transfer full): the report (possibly with no agencies), or
 *   %NULL with %AMPARO_ERROR_INVALID, %AMPARO_ERROR_WRONG_KIND, …
 */
AmparoRegionalReport *
amparo_regional_report_new (AmparoVault *vault,
                            const char  *period,
                            GError     **error)
{
  g_autoptr(AmparoRegionalReport) report = NULL;
  g_autofree char *detail = NULL;
  sqlite3 *db;

  g_return_val_if_fail (AMPARO_IS_VAULT (vault), NULL);
  g_return_val_if_fail (period != NULL, NULL);

  db = coordinator_db (vault, error);
  if (db == NULL)
    return NULL;
  report = load_report (db, period, error);
  if (report == NULL)
    return NULL;
  detail = g_strdup_printf ("period=%s agencies=%u", period, report->agencies->len);
  if (!amparo_vault_audit (vault, "report.regional", 0, detail, error))
    return NULL;
  return g_steal_pointer (&report);
}

/**
 * amparo_regional_trend_new:
 * @vault: an unlocked coordinator vault
 * @periods: (array zero-terminated=1): the periods to follow
 * @error: return location for an error
 *
 * Returns: (transfer container) (element-type AmparoRegionalReport): one
 *   report per period, oldest first, or %NULL with an error
 */
GPtrArray *
amparo_regional_trend_new (AmparoVault        *vault,
                           const char * const *periods,
                           GError            **error)
{
  g_autoptr(GPtrArray) reports = NULL;
  g_autoptr(GPtrArray) sorted = NULL;
  g_autofree char *detail = NULL;
  sqlite3 *db;

  g_return_val_if_fail (AMPARO_IS_VAULT (vault), NULL);
  g_return_val_if_fail (periods != NULL, NULL);

  db = coordinator_db (vault, error);
  if (db == NULL)
    return NULL;
  sorted = g_ptr_array_new ();
  for (guint i = 0; periods[i] != NULL; i++)
    if (!g_ptr_array_find_with_equal_func (sorted, periods[i], g_str_equal, NULL))
      g_ptr_array_add (sorted, (gpointer) periods[i]);
  g_ptr_array_sort (sorted, period_compare_indirect);

  reports = g_ptr_array_new_with_free_func ((GDestroyNotify) amparo_regional_report_free);
  for (guint i = 0; i < sorted->len; i++)
    {
      AmparoRegionalReport *report = load_report (db, g_ptr_array_index (sorted, i), error);

      if (report == NULL)
        return NULL;
      g_ptr_array_add (reports, report);
    }
  detail = g_strdup_printf ("trend periods=%u", reports->len);
  if (!amparo_vault_audit (vault, "report.regional", 0, detail, error))
    return NULL;
  return g_steal_pointer (&reports);
}

/* ------------------------------------------------------------ periods */

static void
period_span (const char *period,
             guint      *year,
             guint      *start,
             guint      *months)
{
  *year = (guint) g_ascii_strtoull (period, NULL, 10);
  switch (period[5])
    {
    case 'Q':
      *start = 3 * (guint) (period[6] - '1') + 1;
      *months = 3;
      break;
    case 'H':
      *start = 6 * (guint) (period[6] - '1') + 1;
      *months = 6;
      break;
    default:
      *start = (guint) g_ascii_strtoull (period + 5, NULL, 10);
      *months = 1;
      break;
    }
}

/**
 * amparo_period_compare:
 * @a: a period
 * @b: another
 *
 * Orders periods by when they start, then the shorter first; strings
 * that are not periods sort by bytes, after the periods.
 *
 * Returns: <0, 0 or >0
 */
int
amparo_period_compare (const char *a,
                       const char *b)
{
  gboolean va = amparo_period_is_valid (a), vb = amparo_period_is_valid (b);
  guint ya, sa, ma, yb, sb, mb;

  if (!va || !vb)
    return va != vb ? (va ? -1 : 1) : strcmp (a, b);
  period_span (a, &ya, &sa, &ma);
  period_span (b, &yb, &sb, &mb);
  if (ya != yb)
    return ya < yb ? -1 : 1;
  if (sa != sb)
    return sa < sb ? -1 : 1;
  if (ma != mb)
    return ma < mb ? -1 : 1;
  return 0;
}

static int
period_compare_indirect (gconstpointer a,
                         gconstpointer b)
{
  return amparo_period_compare (*(const char * const *) a, *(const char * const *) b);
}

static GStrv
list_periods (sqlite3 *db,
              GError **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) periods = g_ptr_array_new_with_free_func (g_free);
  int rc;

  stmt = amparo_db_prepare (db, "SELECT DISTINCT period FROM summaries;", error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (periods, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
  if (rc != SQLITE_DONE)
    {
      amparo_db_set_error (error, db, rc);
      return NULL;
    }
  g_ptr_array_sort (periods, period_compare_indirect);
  g_ptr_array_add (periods, NULL);
  return (GStrv) g_ptr_array_free (g_steal_pointer (&periods), FALSE);
}

/**
 * amparo_regional_list_periods:
 * @vault: an unlocked coordinator vault
 * @error: return location for an error
 *
 * Returns: (transfer full): every period some summary was imported for,
 *   oldest first, or %NULL with an error
 */
GStrv
amparo_regional_list_periods (AmparoVault *vault,
                              GError     **error)
{
  sqlite3 *db;

  g_return_val_if_fail (AMPARO_IS_VAULT (vault), NULL);

  db = coordinator_db (vault, error);
  return db != NULL ? list_periods (db, error) : NULL;
}

/* ----------------------------------------------------------- coverage */

void
amparo_coverage_free (AmparoCoverage *coverage)
{
  if (coverage == NULL)
    return;
  g_strfreev (coverage->periods);
  g_ptr_array_unref (coverage->agencies);
  g_free (coverage->sequences);
  g_free (coverage);
}

/**
 * amparo_coverage_new:
 * @vault: an unlocked coordinator vault
 * @periods: (nullable) (array zero-terminated=1): the periods to show;
 *   %NULL for every period something was imported for
 * @error: return location for an error
 *
 * Returns: (transfer full): which pinned agency sent which period, or
 *   %NULL with an error
 */
AmparoCoverage *
amparo_coverage_new (AmparoVault        *vault,
                     const char * const *periods,
                     GError            **error)
{
  g_autoptr(AmparoCoverage) coverage = g_new0 (AmparoCoverage, 1);
  g_autoptr(sqlite3_stmt) agencies = NULL;
  g_autoptr(sqlite3_stmt) sent = NULL;
  g_autoptr(GHashTable) period_index = NULL;
  guint n_periods;
  sqlite3 *db;
  int rc;

  g_return_val_if_fail (AMPARO_IS_VAULT (vault), NULL);

  coverage->agencies = g_ptr_array_new_with_free_func ((GDestroyNotify) amparo_regional_agency_free);
  db = coordinator_db (vault, error);
  if (db == NULL)
    return NULL;
  if (periods != NULL)
    {
      for (guint i = 0; periods[i] != NULL; i++)
        if (!amparo_period_is_valid (periods[i]))
          {
            g_set_error_literal (error, AMPARO_ERROR, AMPARO_ERROR_INVALID,
                                 _("The period must be written 2026-Q3, 2026-H2 or 2026-07."));
            return NULL;
          }
      coverage->periods = g_strdupv ((char **) periods);
      qsort (coverage->periods, g_strv_length (coverage->periods), sizeof (char *),
             period_compare_indirect);
    }
  else if ((coverage->periods = list_periods (db, error)) == NULL)
    return NULL;

  n_periods = g_strv_length (coverage->periods);
  period_index = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint p = 0; p < n_periods; p++)
    g_hash_table_insert (period_index, coverage->periods[p], GUINT_TO_POINTER (p + 1));

  agencies = amparo_db_prepare (db, "SELECT id, name FROM agencies ORDER BY name, id;", error);
  if (agencies == NULL)
    return NULL;
  while ((rc = sqlite3_step (agencies)) == SQLITE_ROW)
    {
      AmparoRegionalAgency *agency = g_new0 (AmparoRegionalAgency, 1);

      agency->id = g_strdup ((const char *) sqlite3_column_text (agencies, 0));
      agency->name = g_strdup ((const char *) sqlite3_column_text (agencies, 1));
      g_ptr_array_add (coverage->agencies, agency);
    }
  if (rc != SQLITE_DONE)
    {
      amparo_db_set_error (error, db, rc);
      return NULL;
    }

  coverage->sequences = g_new0 (gint64, MAX (coverage->agencies->len * n_periods, 1));
  sent = amparo_db_prepare (db, "SELECT period, sequence FROM summaries WHERE agency_id = ?;",
                            error);
  if (sent == NULL)
    return NULL;
  for (guint a = 0; a < coverage->agencies->len; a++)
    {
      AmparoRegionalAgency *agency = g_ptr_array_index (coverage->agencies, a);

      sqlite3_reset (sent);
      sqlite3_bind_text (sent, 1, agency->id, -1, SQLITE_STATIC);
      while ((rc = sqlite3_step (sent)) == SQLITE_ROW)
        {
          guint p = GPOINTER_TO_UINT (g_hash_table_lookup (period_index,
                                                           sqlite3_column_text (sent, 0)));

          if (p > 0)
            coverage->sequences[a * n_periods + p - 1] = sqlite3_column_int64 (sent, 1);
        }
      if (rc != SQLITE_DONE)
        {
          amparo_db_set_error (error, db, rc);
          return NULL;
        }
    }
  if (!amparo_vault_audit (vault, "report.coverage", 0, NULL, error))
    return NULL;
  return g_steal_pointer (&coverage);
}

/**
 * amparo_regional_format_from_string:
 * @str: `text`, `csv` or `json`
 * @format: (out): the format
 *
 * Returns: whether @str names a format
 */
gboolean
amparo_regional_format_from_string (const char           *str,
                                    AmparoRegionalFormat *format)
{
  static const char *const names[] = { "text", "csv", "json" };

  g_return_val_if_fail (format != NULL, FALSE);

  for (guint i = 0; str != NULL && i < G_N_ELEMENTS (names); i++)
    if (g_str_equal (str, names[i]))
      {
        *format = (AmparoRegionalFormat) i;
        return TRUE;
      }
  return FALSE;
}
