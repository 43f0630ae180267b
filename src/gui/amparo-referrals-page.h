/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "amparo-vault.h"

G_BEGIN_DECLS

#define AMPARO_TYPE_REFERRALS_PAGE (amparo_referrals_page_get_type ())

G_DECLARE_FINAL_TYPE (AmparoReferralsPage, amparo_referrals_page, AMPARO, REFERRALS_PAGE, AdwBin)

GtkWidget *amparo_referrals_page_new    (AmparoVault         *vault);
void       amparo_referrals_page_reload (AmparoReferralsPage *self);

G_END_DECLS
