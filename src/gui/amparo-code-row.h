/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define AMPARO_TYPE_CODE_ROW (amparo_code_row_get_type ())

G_DECLARE_FINAL_TYPE (AmparoCodeRow, amparo_code_row, AMPARO, CODE_ROW, AdwComboRow)

GtkWidget  *amparo_code_row_new       (const char        *category,
                                       const char        *title);
const char *amparo_code_row_get_code  (AmparoCodeRow     *self);
void        amparo_code_row_set_code  (AmparoCodeRow     *self,
                                       const char        *code);
void        amparo_code_row_set_codes (AmparoCodeRow     *self,
                                       const char *const *codes);

G_END_DECLS
