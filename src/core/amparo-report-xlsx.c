/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "AmparoReport"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "amparo-error.h"
#include "amparo-report-private.h"
#include "amparo-safe-file.h"

#if AMPARO_HAVE_XLSX
#include <xlsxwriter.h>

/* One sheet, one section per table: title, column names, one row per
 * cell with the count as a number (a hidden one as a word), the total. */
static lxw_error
fill_workbook (lxw_workbook       *wb,
               const AmparoReport *report)
{
  /* Translators: name of the spreadsheet's sheet; at most 31 characters,
   * none of []:*?/\ */
  lxw_worksheet *ws = workbook_add_worksheet (wb, C_("sheet", "Report"));
  lxw_format *bold = workbook_add_format (wb);
  lxw_format *title = workbook_add_format (wb);
  g_autofree char *heading = amparo_report_heading (report);
  g_autofree char *dates = NULL;
  lxw_row_t row = 0;

  if (ws == NULL)
    return LXW_ERROR_MEMORY_MALLOC_FAILED;
  format_set_bold (bold);
  format_set_bold (title);
  format_set_font_size (title, 13);
  worksheet_set_column (ws, 0, 0, 28, NULL);
  worksheet_set_column (ws, 1, 1, 52, NULL);
  worksheet_set_column (ws, 2, 2, 12, NULL);

  worksheet_write_string (ws, row++, 0, heading, title);
  dates = g_strdup_printf (_("From %s to %s; fiscal year from %s"), report->start, report->end,
                           report->fiscal_year_start);
  worksheet_write_string (ws, row++, 0, dates, NULL);
  if (report->k == 0)
    worksheet_write_string (ws, row++, 0,
                            _("Exact counts, for this agency’s own use only: do not share them."),
                            bold);
  else
    {
      g_autofree char *note = g_strdup_printf (_("Counts from 1 to %d are hidden, and some larger "
                                                 "ones too, so that no hidden count can be worked "
                                                 "out."), report->k - 1);
      worksheet_write_string (ws, row++, 0, note, NULL);
    }
  row++;

  for (guint i = 0; i < report->tables->len; i++)
    {
      const AmparoTable *t = g_ptr_array_index (report->tables, i);

      worksheet_write_string (ws, row, 0, t->id, bold);
      worksheet_write_string (ws, row++, 1, amparo_report_table_title (t->id), bold);
      worksheet_write_string (ws, row, 0, C_("csv", "code"), NULL);
      worksheet_write_string (ws, row, 1, C_("csv", "label"), NULL);
      worksheet_write_string (ws, row++, 2, C_("csv", "count"), NULL);
      for (guint j = 0; j <= t->cells->len; j++)
        {
          const AmparoCell *cell = j < t->cells->len ? g_ptr_array_index (t->cells, j) : NULL;
          gint64 count = cell != NULL ? cell->count : t->total;
          g_autofree char *code = cell != NULL ? g_strjoinv ("/", cell->key) : g_strdup ("total");
          g_autofree char *label = cell != NULL ? amparo_report_cell_label (t, cell, " / ")
                                                : g_strdup (amparo_report_total_label (t->id));
          lxw_format *format = cell != NULL ? NULL : bold;

          worksheet_write_string (ws, row, 0, code, format);
          worksheet_write_string (ws, row, 1, label, format);
          if (count == AMPARO_COUNT_SUPPRESSED)
            worksheet_write_string (ws, row, 2, C_("count", "hidden"), format);
          else
            worksheet_write_number (ws, row, 2, (double) count, format);
          row++;
        }
      row++;
    }
  for (guint i = 0; i < report->dropped->len; i++)
    {
      const AmparoReportDropped *d = g_ptr_array_index (report->dropped, i);

      worksheet_write_string (ws, row, 0, d->table_id, NULL);
      worksheet_write_string (ws, row, 1, amparo_report_table_title (d->table_id), NULL);
      worksheet_write_string (ws, row++, 2, d->reason, NULL);
    }
  return LXW_NO_ERROR;
}

/**
 * amparo_xlsx_write:
 * @path: the spreadsheet to write; an existing file is replaced atomically
 * @title: (nullable): the workbook's title property
 * @fill: writes the sheets
 * @data: what @fill writes
 * @error: return location for an error
 *
 * Builds a workbook in a hidden temporary file in the target folder
 * (libxlsxwriter's own scratch files go there too, never to a shared
 * /tmp), then puts it in place with amparo_safe_file_replace(), so @path
 * never holds half a file.
 *
 * Returns: %TRUE, or %FALSE with %AMPARO_ERROR_IO
 */
gboolean
amparo_xlsx_write (const char     *path,
                   const char     *title,
                   AmparoXlsxFill  fill,
                   gconstpointer   data,
                   GError        **error)
{
  g_autofree char *dir = NULL;
  g_autofree char *tmp = NULL;
  g_autoptr(GBytes) bytes = NULL;
  lxw_workbook_options options = { 0 };
  lxw_doc_properties properties = { 0 };
  lxw_workbook *wb;
  lxw_error status;
  int fd;

  dir = g_path_get_dirname (path);
  tmp = g_build_filename (dir, ".amparo-XXXXXX.xlsx", NULL);
  fd = g_mkstemp_full (tmp, O_RDWR | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      int errsv = errno;
      g_set_error (error, AMPARO_ERROR, AMPARO_ERROR_IO,
                   _("The spreadsheet could not be written: %s"), g_strerror (errsv));
      return FALSE;
    }
  close (fd);

  options.tmpdir = dir;
  wb = workbook_new_opt (tmp, &options);
  if (wb == NULL)
    {
      g_unlink (tmp);
      g_set_error_literal (error, AMPARO_ERROR, AMPARO_ERROR_IO,
                           _("The spreadsheet could not be written"));
      return FALSE;
    }
  if (title != NULL)
    {
      properties.title = (char *) title;
      workbook_set_properties (wb, &properties);
    }
  status = fill (wb, data);
  if (status == LXW_NO_ERROR)
    status = workbook_close (wb);
  else
    workbook_close (wb);
  if (status != LXW_NO_ERROR)
    {
      g_unlink (tmp);
      g_set_error (error, AMPARO_ERROR, AMPARO_ERROR_IO,
                   _("The spreadsheet could not be written: %s"), lxw_strerror (status));
      return FALSE;
    }

  bytes = amparo_safe_file_read (tmp, 64 * 1024 * 1024, error);
  g_unlink (tmp);
  return bytes != NULL && amparo_safe_file_replace (path, bytes, NULL, error);
}

static lxw_error
fill_report (lxw_workbook  *wb,
             gconstpointer  data)
{
  return fill_workbook (wb, data);
}

/**
 * amparo_report_write_xlsx:
 * @report: a report, exact or suppressed
 * @path: the spreadsheet to write; an existing file is replaced atomically
 * @error: return location for an error
 *
 * Writes the report as an Excel workbook (see amparo_xlsx_write()).
 *
 * Returns: %TRUE, or %FALSE with %AMPARO_ERROR_IO
 */
gboolean
amparo_report_write_xlsx (const AmparoReport *report,
                          const char         *path,
                          GError            **error)
{
  g_autofree char *title = NULL;

  g_return_val_if_fail (report != NULL && path != NULL, FALSE);

  title = amparo_report_heading (report);
  return amparo_xlsx_write (path, title, fill_report, report, error);
}

#else

gboolean
amparo_report_write_xlsx (const AmparoReport *report,
                          const char         *path,
                          GError            **error)
{
  g_set_error_literal (error, AMPARO_ERROR, AMPARO_ERROR_FAILED,
                       _("This copy of Amparo was built without spreadsheet support"));
  return FALSE;
}

#endif
