/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "amparo-report.h"
#include "amparo-vault.h"

G_BEGIN_DECLS

#define AMPARO_TYPE_REPORTS_PAGE (amparo_reports_page_get_type ())

G_DECLARE_FINAL_TYPE (AmparoReportsPage, amparo_reports_page, AMPARO, REPORTS_PAGE, AdwBin)

GtkWidget          *amparo_reports_page_new            (AmparoVault            *vault);
gboolean            amparo_reports_page_set_period     (AmparoReportsPage      *self,
                                                        const char             *period);
void                amparo_reports_page_set_shared     (AmparoReportsPage      *self,
                                                        gboolean                shared);
gboolean            amparo_reports_page_is_busy        (AmparoReportsPage      *self);
const AmparoReport *amparo_reports_page_get_report     (AmparoReportsPage      *self);
void                amparo_reports_page_export_to_file (AmparoReportsPage      *self,
                                                        AmparoReportFileFormat  format,
                                                        GFile                  *file);

G_END_DECLS
