/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "amparo-vault.h"

G_BEGIN_DECLS

#define AMPARO_TYPE_CASE_LIST (amparo_case_list_get_type ())

G_DECLARE_FINAL_TYPE (AmparoCaseList, amparo_case_list, AMPARO, CASE_LIST, AdwBin)

GtkWidget     *amparo_case_list_new                (AmparoVault    *vault);
void           amparo_case_list_refresh            (AmparoCaseList *self);
void           amparo_case_list_focus_search       (AmparoCaseList *self);
void           amparo_case_list_set_search         (AmparoCaseList *self,
                                                    const char     *text);
GListModel    *amparo_case_list_get_model          (AmparoCaseList *self);
GtkColumnView *amparo_case_list_get_column_view    (AmparoCaseList *self);
gboolean       amparo_case_list_has_name_column    (AmparoCaseList *self);
gboolean       amparo_case_list_is_loading         (AmparoCaseList *self);

G_END_DECLS
