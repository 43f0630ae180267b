/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "amparo-types.h"

G_BEGIN_DECLS

#define AMPARO_TYPE_ACCOUNT_DIALOG (amparo_account_dialog_get_type ())

G_DECLARE_FINAL_TYPE (AmparoAccountDialog, amparo_account_dialog, AMPARO, ACCOUNT_DIALOG, AdwMessageDialog)

GtkWidget  *amparo_account_dialog_new            (GtkWindow           *parent,
                                                  const char          *name,
                                                  AmparoRole           role);
char       *amparo_account_dialog_dup_name       (AmparoAccountDialog *self);
AmparoRole  amparo_account_dialog_get_role       (AmparoAccountDialog *self);
const char *amparo_account_dialog_get_passphrase (AmparoAccountDialog *self);

G_END_DECLS
