/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "amparo-period.h"
#include "amparo-report.h"

G_BEGIN_DECLS

AmparoReport *amparo_report_new_empty   (void);
gboolean      amparo_report_count       (sqlite3            *db,
                                         const AmparoPeriod *period,
                                         int                 fy_start_month,
                                         const char         *today,
                                         GPtrArray          *tables,
                                         GError            **error);
void          amparo_report_add_dropped (AmparoReport      *report,
                                         const char        *table_id,
                                         const char        *reason);

/* Labels shared by the text, CSV, spreadsheet and PDF writers. */
char         *amparo_report_cell_label  (const AmparoTable *table,
                                         const AmparoCell  *cell,
                                         const char        *separator);
char         *amparo_report_count_text  (gint64             count);
char         *amparo_report_heading     (const AmparoReport *report);

#if AMPARO_HAVE_XLSX
#include <xlsxwriter.h>

/* amparo-report-xlsx.c: the atomic workbook writer both reports use */
typedef lxw_error (*AmparoXlsxFill) (lxw_workbook  *wb,
                                     gconstpointer  data);

gboolean      amparo_xlsx_write         (const char        *path,
                                         const char        *title,
                                         AmparoXlsxFill     fill,
                                         gconstpointer      data,
                                         GError           **error);
#endif

G_END_DECLS
