/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "amparo-vault.h"

G_BEGIN_DECLS

void amparo_vault_task_hold    (AmparoVault *vault);
void amparo_vault_task_release (AmparoVault *vault);
void amparo_vault_lock_soon    (AmparoVault *vault);

G_END_DECLS
