/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "amparo-case-list.h"
#include "amparo-vault.h"

G_BEGIN_DECLS

#define AMPARO_TYPE_MAIN_VIEW (amparo_main_view_get_type ())

G_DECLARE_FINAL_TYPE (AmparoMainView, amparo_main_view, AMPARO, MAIN_VIEW, AdwBin)

GtkWidget      *amparo_main_view_new                 (AmparoVault    *vault,
                                                      gboolean        demo);
AmparoVault    *amparo_main_view_get_vault           (AmparoMainView *self);
AmparoCaseList *amparo_main_view_get_case_list       (AmparoMainView *self);
void            amparo_main_view_show_case_widget    (AmparoMainView *self,
                                                      GtkWidget      *widget);
void            amparo_main_view_close_case          (AmparoMainView *self);
GtkWidget      *amparo_main_view_get_case_widget     (AmparoMainView *self);
gboolean        amparo_main_view_set_page            (AmparoMainView *self,
                                                      const char     *name);
const char     *amparo_main_view_get_page            (AmparoMainView *self);
gboolean        amparo_main_view_has_page            (AmparoMainView *self,
                                                      const char     *name);
void            amparo_main_view_focus_search        (AmparoMainView *self);
void            amparo_main_view_set_busy            (AmparoMainView *self,
                                                      gboolean        busy);
void            amparo_main_view_set_backup_reminder (AmparoMainView *self,
                                                      const char     *text);

G_END_DECLS
