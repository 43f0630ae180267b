/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "amparo-types.h"

G_BEGIN_DECLS

#define AMPARO_TYPE_CASE_PAGE (amparo_case_page_get_type ())

G_DECLARE_FINAL_TYPE (AmparoCasePage, amparo_case_page, AMPARO, CASE_PAGE, AdwBin)

GtkWidget *amparo_case_page_new          (AmparoVault    *vault,
                                          gint64          case_id);
gint64     amparo_case_page_get_case_id  (AmparoCasePage *self);
void       amparo_case_page_show_section (AmparoCasePage *self,
                                          const char     *name);

G_END_DECLS
