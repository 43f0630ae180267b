/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define AMPARO_TYPE_CODE_CHECKLIST (amparo_code_checklist_get_type ())

G_DECLARE_FINAL_TYPE (AmparoCodeChecklist, amparo_code_checklist, AMPARO, CODE_CHECKLIST,
                      AdwPreferencesGroup)

GtkWidget *amparo_code_checklist_new          (const char        *category,
                                               const char        *title);
GStrv      amparo_code_checklist_get_selected (AmparoCodeChecklist *self);
void       amparo_code_checklist_set_selected (AmparoCodeChecklist *self,
                                               const char *const   *codes);
void       amparo_code_checklist_set_active   (AmparoCodeChecklist *self,
                                               const char          *code,
                                               gboolean             active);

G_END_DECLS
