/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "amparo-vault.h"

G_BEGIN_DECLS

#define AMPARO_TYPE_PARTNERS_PAGE (amparo_partners_page_get_type ())

G_DECLARE_FINAL_TYPE (AmparoPartnersPage, amparo_partners_page, AMPARO, PARTNERS_PAGE, AdwBin)

GtkWidget *amparo_partners_page_new          (AmparoVault        *vault);
void       amparo_partners_page_reload       (AmparoPartnersPage *self);
guint      amparo_partners_page_get_n_shown  (AmparoPartnersPage *self);
void       amparo_partners_page_set_search   (AmparoPartnersPage *self,
                                              const char         *text);
gboolean   amparo_partners_page_import_file  (AmparoPartnersPage *self,
                                              GFile              *file);
gboolean   amparo_partners_page_export_file  (AmparoPartnersPage *self,
                                              GFile              *file);

G_END_DECLS
