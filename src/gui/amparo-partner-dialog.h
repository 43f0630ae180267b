/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "amparo-partners.h"
#include "amparo-vault.h"

G_BEGIN_DECLS

#define AMPARO_TYPE_PARTNER_DIALOG (amparo_partner_dialog_get_type ())

G_DECLARE_FINAL_TYPE (AmparoPartnerDialog, amparo_partner_dialog, AMPARO, PARTNER_DIALOG,
                      AdwWindow)

GtkWidget *amparo_partner_dialog_new (GtkWindow           *parent,
                                      AmparoVault         *vault,
                                      const AmparoPartner *partner);

G_END_DECLS
