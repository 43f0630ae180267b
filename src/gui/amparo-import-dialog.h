/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "amparo-types.h"

G_BEGIN_DECLS

#define AMPARO_TYPE_IMPORT_DIALOG (amparo_import_dialog_get_type ())

G_DECLARE_FINAL_TYPE (AmparoImportDialog, amparo_import_dialog, AMPARO, IMPORT_DIALOG, AdwWindow)

GtkWidget  *amparo_import_dialog_new        (GtkWindow          *parent,
                                             AmparoVault        *vault);
void        amparo_import_dialog_check_file (AmparoImportDialog *self,
                                             GFile              *file);
const char *amparo_import_dialog_get_state  (AmparoImportDialog *self);

G_END_DECLS
