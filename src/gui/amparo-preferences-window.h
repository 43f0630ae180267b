/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "amparo-vault.h"

G_BEGIN_DECLS

#define AMPARO_TYPE_PREFERENCES_WINDOW (amparo_preferences_window_get_type ())

G_DECLARE_FINAL_TYPE (AmparoPreferencesWindow, amparo_preferences_window, AMPARO, PREFERENCES_WINDOW, AdwPreferencesWindow)

GtkWidget *amparo_preferences_window_new (GtkWindow   *parent,
                                          AmparoVault *vault);

void       amparo_preferences_sync_from_vault (GSettings   *settings,
                                               AmparoVault *vault);

G_END_DECLS
