/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "amparo-vault.h"

G_BEGIN_DECLS

#define AMPARO_TYPE_ACCOUNTS_PAGE (amparo_accounts_page_get_type ())

G_DECLARE_FINAL_TYPE (AmparoAccountsPage, amparo_accounts_page, AMPARO, ACCOUNTS_PAGE, AdwBin)

GtkWidget *amparo_accounts_page_new    (AmparoVault        *vault);
void       amparo_accounts_page_reload (AmparoAccountsPage *self);

G_END_DECLS
