/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define AMPARO_TYPE_UNLOCK_PAGE (amparo_unlock_page_get_type ())

G_DECLARE_FINAL_TYPE (AmparoUnlockPage, amparo_unlock_page, AMPARO, UNLOCK_PAGE, AdwBin)

void        amparo_unlock_page_set_vault_dir       (AmparoUnlockPage *self,
                                                    const char       *vault_dir);
void        amparo_unlock_page_set_demo_passphrase (AmparoUnlockPage *self,
                                                    const char       *passphrase);
void        amparo_unlock_page_reload              (AmparoUnlockPage *self);
void        amparo_unlock_page_submit              (AmparoUnlockPage *self,
                                                    const char       *account,
                                                    const char       *passphrase);
gboolean    amparo_unlock_page_get_busy            (AmparoUnlockPage *self);
const char *amparo_unlock_page_get_message         (AmparoUnlockPage *self);
gboolean    amparo_unlock_page_offers_restore      (AmparoUnlockPage *self);

G_END_DECLS
