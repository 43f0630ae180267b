/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define AMPARO_TYPE_FIRST_RUN_PAGE (amparo_first_run_page_get_type ())

G_DECLARE_FINAL_TYPE (AmparoFirstRunPage, amparo_first_run_page, AMPARO, FIRST_RUN_PAGE, AdwBin)

void amparo_first_run_page_set_vault_dir (AmparoFirstRunPage *self,
                                          const char         *vault_dir);
void amparo_first_run_page_fill          (AmparoFirstRunPage *self,
                                          const char         *agency,
                                          const char         *user,
                                          const char         *passphrase,
                                          gboolean            coordinator);
void amparo_first_run_page_create        (AmparoFirstRunPage *self);

G_END_DECLS
