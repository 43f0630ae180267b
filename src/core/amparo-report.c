/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "AmparoReport"

#include <string.h>

#include <glib/gi18n.h>

#include "amparo-cases.h"
#include "amparo-db.h"
#include "amparo-error.h"
#include "amparo-period.h"
#include "amparo-report-private.h"
#include "amparo-safe-file.h"
#include "amparo-vault.h"

static void
dropped_free (gpointer data)
{
  AmparoReportDropped *d = data;

  g_free (d->table_id);
  g_free (d->reason);
  g_free (d);
}

void
amparo_report_free (AmparoReport *report)
{
  if (report == NULL)
    return;
  g_free (report->period);
  g_free (report->start);
  g_free (report->end);
  g_free (report->fiscal_year_start);
  g_ptr_array_unref (report->tables);
  g_ptr_array_unref (report->dropped);
  g_free (report);
}

AmparoReport *
amparo_report_new_empty (void)
{
  AmparoReport *report = g_new0 (AmparoReport, 1);

  report->tables = g_ptr_array_new_with_free_func ((GDestroyNotify) amparo_table_free);
  report->dropped = g_ptr_array_new_with_free_func (dropped_free);
  return report;
}

/**
 * amparo_report_copy:
 *
 * Returns: (transfer full): a deep copy of @report
 */
AmparoReport *
amparo_report_copy (const AmparoReport *report)
{
  AmparoReport *copy;

  g_return_val_if_fail (report != NULL, NULL);

  copy = amparo_report_new_empty ();
  copy->period = g_strdup (report->period);
  copy->start = g_strdup (report->start);
  copy->end = g_strdup (report->end);
  copy->fiscal_year_start = g_strdup (report->fiscal_year_start);
  copy->k = report->k;
  for (guint i = 0; i < report->tables->len; i++)
    g_ptr_array_add (copy->tables, amparo_table_copy (g_ptr_array_index (report->tables, i)));
  for (guint i = 0; i < report->dropped->len; i++)
    {
      const AmparoReportDropped *d = g_ptr_array_index (report->dropped, i);
      amparo_report_add_dropped (copy, d->table_id, d->reason);
    }
  return copy;
}

/* See amparo-report-count.c for how each table is counted. */

/**
 * amparo_report_build_from_db:
 * @db: a connection to an agency's coded store (cases.db)
 * @period: `2026-Q3`, `2026-H2` or `2026-07`
 * @fiscal_year_start_month: 1–12 (the `fiscal_year_start_month` setting)
 * @today: (nullable): `YYYY-MM-DD`, up to which open shelter stays run;
 *   %NULL for today
 * @error: return location for an error
 *
 * Counts every table of the catalogue over @period, exactly. Safe to call
 * from a worker thread with a connection of its own.
 *
 * Returns: (transfer full): the report, or %NULL with
 *   %AMPARO_ERROR_INVALID for a bad period or a database error
 */
AmparoReport *
amparo_report_build_from_db (sqlite3    *db,
                             const char *period,
                             int         fiscal_year_start_month,
                             const char *today,
                             GError    **error)
{
  g_autoptr(AmparoReport) report = NULL;
  g_autofree char *now = NULL;
  const AmparoTableSpec *specs;
  AmparoPeriod p;
  guint n_specs;
  GDate fy;

  g_return_val_if_fail (db != NULL, NULL);
  g_return_val_if_fail (period != NULL, NULL);

  if (!amparo_period_parse (period, &p, error))
    return NULL;
  if (today != NULL && !amparo_date_is_valid (today))
    {
      g_set_error_literal (error, AMPARO_ERROR, AMPARO_ERROR_INVALID, _("Today’s date is not valid"));
      return NULL;
    }
  now = today != NULL ? g_strdup (today) : amparo_date_today ();

  report = amparo_report_new_empty ();
  report->period = amparo_period_to_string (&p);
  report->start = amparo_period_get_start_string (&p);
  report->end = amparo_period_get_end_string (&p);
  amparo_fiscal_year (&p.start, fiscal_year_start_month, &fy, NULL);
  report->fiscal_year_start = amparo_date_to_string (&fy);
  specs = amparo_table_specs (&n_specs);
  for (guint i = 0; i < n_specs; i++)
    g_ptr_array_add (report->tables, amparo_table_new_from_spec (&specs[i]));

  if (!amparo_report_count (db, &p, fiscal_year_start_month, now, report->tables, error))
    return NULL;
  return g_steal_pointer (&report);
}

static gboolean
check_agency_vault (AmparoVault *vault,
                    GError     **error)
{
  if (amparo_vault_get_cases_db (vault, error) == NULL)
    return FALSE;
  if (amparo_vault_get_kind (vault) != AMPARO_VAULT_KIND_AGENCY)
    {
      g_set_error_literal (error, AMPARO_ERROR, AMPARO_ERROR_WRONG_KIND,
                           _("This is a coordinator’s vault; period reports are made in an "
                             "agency’s vault"));
      return FALSE;
    }
  return TRUE;
}

/**
 * amparo_report_build:
 * @vault: an unlocked agency vault (any role: reports use coded data only)
 * @period: `2026-Q3`, `2026-H2` or `2026-07`
 * @error: return location for an error
 *
 * Counts every table of the catalogue over @period, exactly, by the rules
 * of data/report-rules.md. Takes well under a second on 100,000 cases;
 * amparo_report_build_async() keeps a window responsive meanwhile.
 *
 * Returns: (transfer full): the report, or %NULL
 */
AmparoReport *
amparo_report_build (AmparoVault *vault,
                     const char  *period,
                     GError     **error)
{
  g_return_val_if_fail (AMPARO_IS_VAULT (vault), NULL);

  if (!check_agency_vault (vault, error))
    return NULL;
  return amparo_report_build_from_db (amparo_vault_get_cases_db (vault, NULL), period,
                                      (int) amparo_vault_get_setting_int (vault,
                                        "fiscal_year_start_month",
                                        AMPARO_FISCAL_YEAR_START_DEFAULT),
                                      NULL, error);
}

typedef struct
{
  AmparoVault *vault;
  sqlite3     *db;
  char        *period;
  int          fy_start_month;
} BuildTask;

static void
build_task_free (gpointer data)
{
  BuildTask *t = data;

  amparo_vault_close_extra (t->vault, FALSE, g_steal_pointer (&t->db));
  g_clear_object (&t->vault);
  g_free (t->period);
  g_free (t);
}

static void
build_thread (GTask        *task,
              gpointer      source,
              gpointer      data,
              GCancellable *cancellable)
{
  BuildTask *t = data;
  GError *error = NULL;
  AmparoReport *report;

  report = amparo_report_build_from_db (t->db, t->period, t->fy_start_month, NULL, &error);
  /* back to the vault now, not whenever the task happens to be freed: it
   * keeps the connection for the next worker, and closes it on lock */
  amparo_vault_close_extra (t->vault, FALSE, g_steal_pointer (&t->db));
  if (report == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, report, (GDestroyNotify) amparo_report_free);
}

/**
 * amparo_report_build_async:
 *
 * Builds the report on a worker thread, with a connection of its own.
 */
void
amparo_report_build_async (AmparoVault         *vault,
                           const char          *period,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  GError *error = NULL;
  BuildTask *t;

  g_return_if_fail (AMPARO_IS_VAULT (vault));
  g_return_if_fail (period != NULL);

  task = g_task_new (vault, cancellable, callback, user_data);
  g_task_set_source_tag (task, amparo_report_build_async);
  if (!check_agency_vault (vault, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  t = g_new0 (BuildTask, 1);
  t->vault = g_object_ref (vault);
  t->period = g_strdup (period);
  t->fy_start_month = (int) amparo_vault_get_setting_int (vault, "fiscal_year_start_month",
                                                          AMPARO_FISCAL_YEAR_START_DEFAULT);
  t->db = amparo_vault_open_extra (vault, FALSE, &error);
  g_task_set_task_data (task, t, build_task_free);
  if (t->db == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_run_in_thread (task, build_thread);
}

AmparoReport *
amparo_report_build_finish (GAsyncResult *result,
                            GError      **error)
{
  g_return_val_if_fail (G_IS_TASK (result), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * amparo_report_get_table:
 *
 * Returns: (transfer none) (nullable): the table with @table_id, or %NULL
 *   when the report does not hold it (a suppressed report drops tables)
 */
const AmparoTable *
amparo_report_get_table (const AmparoReport *report,
                         const char         *table_id)
{
  g_return_val_if_fail (report != NULL && table_id != NULL, NULL);

  for (guint i = 0; i < report->tables->len; i++)
    {
      const AmparoTable *t = g_ptr_array_index (report->tables, i);
      if (g_str_equal (t->id, table_id))
        return t;
    }
  return NULL;
}

/**
 * amparo_report_table_title:
 *
 * Returns: the translated title of a catalogue table
 */
const char *
amparo_report_table_title (const char *table_id)
{
  const AmparoTableSpec *spec = amparo_table_spec_lookup (table_id);

  return spec != NULL ? _(spec->title) : table_id;
}

/**
 * amparo_report_total_label:
 *
 * Returns: translated words for what a catalogue table's total counts
 */
const char *
amparo_report_total_label (const char *table_id)
{
  const AmparoTableSpec *spec = amparo_table_spec_lookup (table_id);

  return spec != NULL ? _(spec->total_label) : _("Total");
}

/**
 * amparo_report_write_file:
 * @report: a report, exact or suppressed
 * @format: PDF, spreadsheet or CSV
 * @path: the file; an existing one is replaced atomically
 * @error: return location for an error
 *
 * Returns: %TRUE, or %FALSE with %AMPARO_ERROR_IO
 */
gboolean
amparo_report_write_file (const AmparoReport     *report,
                          AmparoReportFileFormat  format,
                          const char             *path,
                          GError                **error)
{
  g_return_val_if_fail (report != NULL && path != NULL, FALSE);

  switch (format)
    {
    case AMPARO_REPORT_FILE_PDF:
      return amparo_report_write_pdf (report, path, error);
    case AMPARO_REPORT_FILE_XLSX:
      return amparo_report_write_xlsx (report, path, error);
    case AMPARO_REPORT_FILE_CSV:
    default:
      {
        g_autofree char *csv = amparo_report_to_csv (report);
        g_autofree char *with_bom = g_strconcat ("\xef\xbb\xbf", csv, NULL);
        gsize len = strlen (with_bom);
        g_autoptr(GBytes) bytes = g_bytes_new_take (g_steal_pointer (&with_bom), len);

        return amparo_safe_file_replace (path, bytes, NULL, error);
      }
    }
}

typedef struct
{
  AmparoReport          *report;
  AmparoReportFileFormat format;
  char                  *path;
} WriteTask;

static void
write_task_free (gpointer data)
{
  WriteTask *t = data;

  amparo_report_free (t->report);
  g_free (t->path);
  g_free (t);
}

static void
write_thread (GTask        *task,
              gpointer      source,
              gpointer      data,
              GCancellable *cancellable)
{
  WriteTask *t = data;
  GError *error = NULL;

  if (amparo_report_write_file (t->report, t->format, t->path, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

/**
 * amparo_report_write_file_async:
 *
 * Writes a copy of @report on a worker thread: drawing a PDF and syncing
 * a file to a USB stick may take longer than a frame.
 */
void
amparo_report_write_file_async (const AmparoReport     *report,
                                AmparoReportFileFormat  format,
                                const char             *path,
                                GCancellable           *cancellable,
                                GAsyncReadyCallback     callback,
                                gpointer                user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  WriteTask *t = g_new0 (WriteTask, 1);

  g_return_if_fail (report != NULL && path != NULL);

  g_task_set_source_tag (task, amparo_report_write_file_async);
  t->report = amparo_report_copy (report);
  t->format = format;
  t->path = g_strdup (path);
  g_task_set_task_data (task, t, write_task_free);
  g_task_run_in_thread (task, write_thread);
}

gboolean
amparo_report_write_file_finish (GAsyncResult *result,
                                 GError      **error)
{
  g_return_val_if_fail (G_IS_TASK (result), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
