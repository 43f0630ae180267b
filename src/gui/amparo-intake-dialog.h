/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "amparo-types.h"

G_BEGIN_DECLS

#define AMPARO_TYPE_INTAKE_DIALOG (amparo_intake_dialog_get_type ())

G_DECLARE_FINAL_TYPE (AmparoIntakeDialog, amparo_intake_dialog, AMPARO, INTAKE_DIALOG, AdwWindow)

GtkWidget *amparo_intake_dialog_new (GtkWindow   *parent,
                                     AmparoVault *vault);

G_END_DECLS
