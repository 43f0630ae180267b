/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "AmparoRegional"

#include <glib/gi18n.h>

#include "amparo-error.h"
#include "amparo-regional-private.h"
#include "amparo-report-private.h"

/* The coordinator's regional report as a spreadsheet: one sheet, a
 * section per table, a row per cell with the region's figure and one
 * column per agency. An exact figure is a number a spreadsheet can add
 * up; a range (an agency hid a small count) is written as text, “2–8”,
 * so that nobody mistakes a bound for a count. */

#if AMPARO_HAVE_XLSX
#include <xlsxwriter.h>

static void
write_range (lxw_worksheet *ws,
             lxw_row_t      row,
             lxw_col_t      col,
             AmparoRange    r,
             lxw_format    *format)
{
  if (AMPARO_RANGE_IS_EXACT (r))
    worksheet_write_number (ws, row, col, (double) r.lo, format);
  else
    {
      g_autofree char *text = amparo_range_to_text (r);
      worksheet_write_string (ws, row, col, text, format);
    }
}

static lxw_error
fill_workbook (lxw_workbook               *wb,
               const AmparoRegionalReport *report)
{
  /* Translators: name of the spreadsheet's sheet; at most 31 characters,
   * none of []:*?/\ */
  lxw_worksheet *ws = workbook_add_worksheet (wb, C_("sheet", "Regional report"));
  lxw_format *bold = workbook_add_format (wb);
  g_autofree char *heading = NULL;
  guint n_agencies = report->agencies->len;
  lxw_row_t row = 0;

  if (ws == NULL)
    return LXW_ERROR_MEMORY_MALLOC_FAILED;
  format_set_bold (bold);
  worksheet_set_column (ws, 0, 0, 28, NULL);
  worksheet_set_column (ws, 1, 1, 44, NULL);
  worksheet_set_column (ws, 2, (lxw_col_t) (2 + n_agencies), 16, NULL);

  /* Translators: %s is a period such as 2026-Q3 */
  heading = g_strdup_printf (_("Regional report for %s"), report->period);
  worksheet_write_string (ws, row++, 0, heading, bold);
  worksheet_write_string (ws, row++, 0,
                          _("Where an agency hid a small count, the figure is a range: the "
                            "smallest and largest values consistent with what was sent."), NULL);
  row++;

  for (guint i = 0; i < report->tables->len; i++)
    {
      const AmparoRegionalTable *t = g_ptr_array_index (report->tables, i);

      worksheet_write_string (ws, row, 0, t->spec->id, bold);
      worksheet_write_string (ws, row++, 1, _(t->spec->title), bold);
      worksheet_write_string (ws, row, 0, C_("csv", "code"), NULL);
      worksheet_write_string (ws, row, 1, C_("csv", "label"), NULL);
      worksheet_write_string (ws, row, 2, _("Region"), NULL);
      for (guint a = 0; a < n_agencies; a++)
        worksheet_write_string (ws, row, (lxw_col_t) (3 + a),
                                ((AmparoRegionalAgency *) g_ptr_array_index (report->agencies,
                                                                             a))->name, NULL);
      row++;
      for (guint j = 0; j <= t->cells->len; j++)
        {
          const AmparoRegionalCell *cell = j < t->cells->len ? g_ptr_array_index (t->cells, j)
                                                             : NULL;
          g_autofree char *code = cell != NULL ? g_strjoinv ("/", cell->key) : g_strdup ("total");
          g_autofree char *label = cell != NULL ? amparo_key_label (t->spec, cell->key)
                                                : g_strdup (_(t->spec->total_label));
          lxw_format *format = cell != NULL ? NULL : bold;

          worksheet_write_string (ws, row, 0, code, format);
          worksheet_write_string (ws, row, 1, label, format);
          write_range (ws, row, 2, cell != NULL ? cell->sum : t->total, format);
          for (guint a = 0; a < n_agencies; a++)
            write_range (ws, row, (lxw_col_t) (3 + a),
                         cell != NULL ? cell->by_agency[a] : t->total_by_agency[a], format);
          row++;
        }
      row++;
    }
  return LXW_NO_ERROR;
}

static lxw_error
fill_regional (lxw_workbook  *wb,
               gconstpointer  data)
{
  return fill_workbook (wb, data);
}

/**
 * amparo_regional_report_write_xlsx:
 * @report: a regional report
 * @path: the spreadsheet to write; an existing file is replaced atomically
 * @error: return location for an error
 *
 * Writes the regional report, with a column per agency, as an Excel
 * workbook (see amparo_xlsx_write()).
 *
 * Returns: %TRUE, or %FALSE with %AMPARO_ERROR_IO
 */
gboolean
amparo_regional_report_write_xlsx (const AmparoRegionalReport *report,
                                   const char                 *path,
                                   GError                    **error)
{
  g_return_val_if_fail (report != NULL && path != NULL, FALSE);

  return amparo_xlsx_write (path, NULL, fill_regional, report, error);
}

#else

gboolean
amparo_regional_report_write_xlsx (const AmparoRegionalReport *report,
                                   const char                 *path,
                                   GError                    **error)
{
  g_set_error_literal (error, AMPARO_ERROR, AMPARO_ERROR_FAILED,
                       _("This copy of Amparo was built without spreadsheet support"));
  return FALSE;
}

#endif
