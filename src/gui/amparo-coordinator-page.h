/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "amparo-vault.h"

G_BEGIN_DECLS

#define AMPARO_TYPE_COORDINATOR_PAGE (amparo_coordinator_page_get_type ())

G_DECLARE_FINAL_TYPE (AmparoCoordinatorPage, amparo_coordinator_page, AMPARO, COORDINATOR_PAGE,
                      AdwBin)

GtkWidget *amparo_coordinator_page_new         (AmparoVault           *vault);
void       amparo_coordinator_page_reload      (AmparoCoordinatorPage *self);
void       amparo_coordinator_page_import      (AmparoCoordinatorPage *self,
                                                const char * const    *paths,
                                                gboolean               trust_new);
gboolean   amparo_coordinator_page_is_busy     (AmparoCoordinatorPage *self);
GPtrArray *amparo_coordinator_page_get_results (AmparoCoordinatorPage *self);
gboolean   amparo_coordinator_page_set_period  (AmparoCoordinatorPage *self,
                                                const char            *period);
void       amparo_coordinator_page_save_card   (AmparoCoordinatorPage *self,
                                                GFile                 *folder);
void       amparo_coordinator_page_save_public (AmparoCoordinatorPage *self,
                                                GFile                 *folder);
void       amparo_coordinator_page_save_report (AmparoCoordinatorPage *self,
                                                const char            *format,
                                                GFile                 *file);

G_END_DECLS
