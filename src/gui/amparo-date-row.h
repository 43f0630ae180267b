/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define AMPARO_TYPE_DATE_ROW (amparo_date_row_get_type ())

G_DECLARE_FINAL_TYPE (AmparoDateRow, amparo_date_row, AMPARO, DATE_ROW, AdwEntryRow)

GtkWidget  *amparo_date_row_new       (const char    *title);
char       *amparo_date_row_get_date  (AmparoDateRow *self);
void        amparo_date_row_set_date  (AmparoDateRow *self,
                                       const char    *date);
gboolean    amparo_date_row_is_valid  (AmparoDateRow *self);

G_END_DECLS
