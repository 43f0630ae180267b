/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "AmparoRegional"

#include <string.h>

#include <glib/gi18n.h>

#include "amparo-error.h"
#include "amparo-regional.h"
#include "amparo-regional-private.h"
#include "amparo-safe-file.h"
#include "amparo-suppress.h"

/* Public figures (DESIGN 5.3): every agency merged, no agency named, and
 * a higher threshold applied again with secondary suppression.
 *
 * A merged cell is exact when every agency published its part; one that
 * is only known as a range is published suppressed. Suppression then runs
 * on the exact sums as amparo_suppress_table() does (a range cell takes
 * part with its lower bound, which is at most its true value), and the
 * range cells are hidden on top. Hiding them can leave a table that
 * amparo_suppress_check() refuses (a single hidden cell, or hidden cells
 * the total gives away), so the next smallest published cells are hidden
 * until it passes, and the total last of all. A table whose total is not
 * known exactly publishes no total. */

static gint
smallest_published (const AmparoTable *table)
{
  gint best = -1;

  for (guint i = 0; i < table->cells->len; i++)
    {
      const AmparoCell *cell = g_ptr_array_index (table->cells, i);

      if (cell->count <= 0)
        continue;
      if (best < 0 || cell->count < ((AmparoCell *) g_ptr_array_index (table->cells, best))->count)
        best = (gint) i;
    }
  return best;
}

static AmparoTable *
public_table (const AmparoRegionalTable *rt,
              int                        public_k)
{
  AmparoTable *table = amparo_table_new_from_spec (rt->spec);
  guint n = table->cells->len;
  g_autofree gboolean *unknown = g_new0 (gboolean, MAX (n, 1));

  for (guint i = 0; i < n; i++)
    {
      AmparoRegionalCell *rc = g_ptr_array_index (rt->cells, i);
      AmparoCell *cell = g_ptr_array_index (table->cells, i);

      unknown[i] = !AMPARO_RANGE_IS_EXACT (rc->sum);
      cell->count = MAX (rc->sum.lo, 0);
    }

  if (!AMPARO_RANGE_IS_EXACT (rt->total))
    {
      table->total = AMPARO_COUNT_SUPPRESSED;
      for (guint i = 0; i < n; i++)
        {
          AmparoCell *cell = g_ptr_array_index (table->cells, i);

          if (unknown[i] || (cell->count >= 1 && cell->count < public_k))
            cell->count = AMPARO_COUNT_SUPPRESSED;
        }
      return table;
    }

  table->total = rt->total.lo;
  amparo_suppress_table (table, public_k);
  for (guint i = 0; i < n; i++)
    if (unknown[i])
      ((AmparoCell *) g_ptr_array_index (table->cells, i))->count = AMPARO_COUNT_SUPPRESSED;
  while (!amparo_suppress_check (table, public_k, NULL))
    {
      gint next = smallest_published (table);

      if (next < 0)
        {
          table->total = AMPARO_COUNT_SUPPRESSED;
          break;
        }
      ((AmparoCell *) g_ptr_array_index (table->cells, next))->count = AMPARO_COUNT_SUPPRESSED;
    }
  g_assert (amparo_suppress_check (table, public_k, NULL));
  return table;
}

/**
 * amparo_public_tables_new:
 * @report: a regional report
 * @public_k: the public threshold; raised to the highest k any agency
 *   used, so public figures are never less protected than the agencies'
 *
 * Returns: (transfer container) (element-type AmparoTable): the tables
 *   at least one agency sent, suppressed at the public threshold
 */
GPtrArray *
amparo_public_tables_new (const AmparoRegionalReport *report,
                          int                         public_k)
{
  GPtrArray *tables;

  g_return_val_if_fail (report != NULL, NULL);

  public_k = CLAMP (public_k, AMPARO_K_MIN, 1000);
  for (guint a = 0; a < report->agencies->len; a++)
    public_k = MAX (public_k, ((AmparoRegionalAgency *) g_ptr_array_index (report->agencies, a))->k);

  tables = g_ptr_array_new_with_free_func ((GDestroyNotify) amparo_table_free);
  for (guint t = 0; t < report->tables->len; t++)
    {
      const AmparoRegionalTable *rt = g_ptr_array_index (report->tables, t);

      if (rt->n_contributors > 0)
        g_ptr_array_add (tables, public_table (rt, public_k));
    }
  return tables;
}

static void
count_fields (GString *out,
              gint64   count)
{
  g_autofree char *text = NULL;

  if (count == AMPARO_COUNT_SUPPRESSED)
    {
      amparo_csv_field (out, "", FALSE);
      amparo_csv_field (out, "yes", TRUE);
      return;
    }
  text = g_strdup_printf ("%" G_GINT64_FORMAT, count);
  amparo_csv_field (out, text, FALSE);
  amparo_csv_field (out, "no", TRUE);
}

/**
 * amparo_public_tables_to_csv:
 * @period: the period
 * @tables: (element-type AmparoTable): from amparo_public_tables_new()
 *
 * One row per cell and one per total: `period, table, title, row, key,
 * label, count, suppressed`, a suppressed count being empty.
 *
 * Returns: (transfer full): the CSV text
 */
char *
amparo_public_tables_to_csv (const char *period,
                             GPtrArray  *tables)
{
  GString *out = g_string_new ("period,table,title,row,key,label,count,suppressed\r\n");

  g_return_val_if_fail (period != NULL && tables != NULL, NULL);

  for (guint t = 0; t < tables->len; t++)
    {
      const AmparoTable *table = g_ptr_array_index (tables, t);
      const AmparoTableSpec *spec = amparo_table_spec_lookup (table->id);

      for (guint c = 0; c <= table->cells->len; c++)
        {
          gboolean total = c == table->cells->len;
          const AmparoCell *cell = total ? NULL : g_ptr_array_index (table->cells, c);
          g_autofree char *key = total ? g_strdup ("") : g_strjoinv ("|", cell->key);
          g_autofree char *label = total ? g_strdup (_(spec->total_label))
                                         : amparo_key_label (spec, cell->key);

          amparo_csv_field (out, period, FALSE);
          amparo_csv_field (out, table->id, FALSE);
          amparo_csv_field (out, _(spec->title), FALSE);
          amparo_csv_field (out, total ? "total" : "cell", FALSE);
          amparo_csv_field (out, key, FALSE);
          amparo_csv_field (out, label, FALSE);
          count_fields (out, total ? table->total : cell->count);
        }
    }
  return g_string_free (out, FALSE);
}

/**
 * amparo_public_report_write:
 * @vault: an unlocked coordinator vault
 * @period: the period
 * @to_dir: the folder to write to (a stick, a shared drive)
 * @out_path: (out) (optional) (transfer full): the new file's path,
 *   `amparo-public-<period>-XXXXXXXX.csv`
 * @error: return location for an error
 *
 * Writes the public figures of @period at the vault's `public_k` (default
 * 10) with amparo_safe_file_write_new(): never over an existing file.
 *
 * Returns: %TRUE, or %FALSE with %AMPARO_ERROR_NOT_FOUND when nothing
 *   was imported for @period, %AMPARO_ERROR_IO, …
 */
gboolean
amparo_public_report_write (AmparoVault *vault,
                            const char  *period,
                            const char  *to_dir,
                            char       **out_path,
                            GError     **error)
{
  g_autoptr(AmparoRegionalReport) report = NULL;
  g_autoptr(GPtrArray) tables = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *prefix = NULL;
  g_autofree char *csv = NULL;
  g_autofree char *path = NULL;
  g_autofree char *detail = NULL;
  int public_k;

  g_return_val_if_fail (AMPARO_IS_VAULT (vault), FALSE);
  g_return_val_if_fail (period != NULL && to_dir != NULL, FALSE);

  report = amparo_regional_report_new (vault, period, error);
  if (report == NULL)
    return FALSE;
  if (report->agencies->len == 0)
    {
      g_set_error_literal (error, AMPARO_ERROR, AMPARO_ERROR_NOT_FOUND,
                           _("No agency’s summary for this period has been imported."));
      return FALSE;
    }
  public_k = (int) amparo_vault_get_setting_int (vault, "public_k", AMPARO_PUBLIC_K_DEFAULT);
  if (public_k < AMPARO_K_MIN)
    public_k = AMPARO_PUBLIC_K_DEFAULT;
  tables = amparo_public_tables_new (report, public_k);
  csv = amparo_public_tables_to_csv (period, tables);
  bytes = g_bytes_new (csv, strlen (csv));
  prefix = g_strdup_printf ("amparo-public-%s-", period);
  if (!amparo_safe_file_write_new (to_dir, prefix, ".csv", bytes, &path, error))
    return FALSE;
  detail = g_strdup_printf ("public period=%s agencies=%u k=%d", period,
                            report->agencies->len, public_k);
  if (!amparo_vault_audit (vault, "export.public", 0, detail, error))
    return FALSE;
  if (out_path != NULL)
    *out_path = g_steal_pointer (&path);
  return TRUE;
}
