/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <cairo.h>
#include <gio/gio.h>
#include <sqlite3.h>

#include "amparo-table.h"
#include "amparo-types.h"

G_BEGIN_DECLS

/**
 * AmparoReportDropped:
 * @table_id: a catalogue table left out of a suppressed report
 * @reason: why, in words (translated)
 */
typedef struct
{
  char *table_id;
  char *reason;
} AmparoReportDropped;

/**
 * AmparoReport:
 * @period: `2026-Q3`, `2026-H2` or `2026-07`
 * @start: the period's first day, `YYYY-MM-DD`
 * @end: the period's last day (inclusive)
 * @fiscal_year_start: first day of the fiscal year holding @start
 * @k: 0 for exact counts, else the threshold suppression was applied with
 * @tables: (element-type AmparoTable): the tables, in catalogue order
 * @dropped: (element-type AmparoReportDropped): tables of the catalogue
 *   left out because they could not be protected (only when @k > 0)
 *
 * A period report: every table of the catalogue, counted by the rules of
 * data/report-rules.md. With @k = 0 the counts are exact and meant for
 * the agency's own use only; amparo_report_suppressed() makes the copy
 * that may leave the agency.
 */
/**
 * AmparoReportFileFormat:
 * @AMPARO_REPORT_FILE_PDF: bar charts, A4
 * @AMPARO_REPORT_FILE_XLSX: one spreadsheet sheet, a section per table
 * @AMPARO_REPORT_FILE_CSV: amparo_report_to_csv(), with a UTF-8 byte order
 *   mark so spreadsheet programs read the accents right
 */
typedef enum
{
  AMPARO_REPORT_FILE_PDF,
  AMPARO_REPORT_FILE_XLSX,
  AMPARO_REPORT_FILE_CSV,
} AmparoReportFileFormat;

typedef struct
{
  char      *period;
  char      *start;
  char      *end;
  char      *fiscal_year_start;
  int        k;
  GPtrArray *tables;
  GPtrArray *dropped;
} AmparoReport;

AmparoReport      *amparo_report_build         (AmparoVault         *vault,
                                                const char          *period,
                                                GError             **error);
void               amparo_report_build_async   (AmparoVault         *vault,
                                                const char          *period,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
AmparoReport      *amparo_report_build_finish  (GAsyncResult        *result,
                                                GError             **error);
AmparoReport      *amparo_report_build_from_db (sqlite3             *db,
                                                const char          *period,
                                                int                  fiscal_year_start_month,
                                                const char          *today,
                                                GError             **error);
void               amparo_report_free          (AmparoReport        *report);
AmparoReport      *amparo_report_copy          (const AmparoReport  *report);

AmparoReport      *amparo_report_suppressed    (const AmparoReport  *report,
                                                int                  k);
const AmparoTable *amparo_report_get_table     (const AmparoReport  *report,
                                                const char          *table_id);
const char        *amparo_report_table_title   (const char          *table_id);
const char        *amparo_report_total_label   (const char          *table_id);

char              *amparo_report_to_text       (const AmparoReport  *report);
char              *amparo_report_to_csv        (const AmparoReport  *report);
char              *amparo_report_to_json       (const AmparoReport  *report);
gboolean           amparo_report_write_xlsx    (const AmparoReport  *report,
                                                const char          *path,
                                                GError             **error);
gboolean           amparo_report_write_pdf     (const AmparoReport  *report,
                                                const char          *path,
                                                GError             **error);
gboolean           amparo_report_write_file    (const AmparoReport  *report,
                                                AmparoReportFileFormat format,
                                                const char          *path,
                                                GError             **error);
void               amparo_report_write_file_async  (const AmparoReport    *report,
                                                    AmparoReportFileFormat format,
                                                    const char            *path,
                                                    GCancellable          *cancellable,
                                                    GAsyncReadyCallback    callback,
                                                    gpointer               user_data);
gboolean           amparo_report_write_file_finish (GAsyncResult          *result,
                                                    GError               **error);

double             amparo_report_chart_get_height (const AmparoTable *table);
void               amparo_report_draw_table_chart (cairo_t           *cr,
                                                   const AmparoTable *table,
                                                   double             width,
                                                   double             height);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AmparoReport, amparo_report_free)

G_END_DECLS
