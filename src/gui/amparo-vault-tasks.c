/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "AmparoVaultTasks"

#include "amparo-vault-tasks.h"

/* Worker threads that use the vault's own connections or keys (backup,
 * adding an account) must not see them freed under their feet. The window
 * locks through amparo_vault_lock_soon(): at once when nothing runs,
 * otherwise as soon as the last worker releases the vault. The window
 * drops every view at once either way. Main thread only. */

#define TASKS_KEY "amparo-vault-tasks"
#define PENDING_KEY "amparo-vault-lock-pending"

void
amparo_vault_task_hold (AmparoVault *vault)
{
  guint n = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (vault), TASKS_KEY));

  g_return_if_fail (AMPARO_IS_VAULT (vault));
  g_object_set_data (G_OBJECT (vault), TASKS_KEY, GUINT_TO_POINTER (n + 1));
}

void
amparo_vault_task_release (AmparoVault *vault)
{
  guint n = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (vault), TASKS_KEY));

  g_return_if_fail (AMPARO_IS_VAULT (vault));
  g_return_if_fail (n > 0);

  g_object_set_data (G_OBJECT (vault), TASKS_KEY, GUINT_TO_POINTER (n - 1));
  if (n == 1 && g_object_get_data (G_OBJECT (vault), PENDING_KEY) != NULL)
    amparo_vault_lock (vault);
}

void
amparo_vault_lock_soon (AmparoVault *vault)
{
  g_return_if_fail (AMPARO_IS_VAULT (vault));

  if (GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (vault), TASKS_KEY)) == 0)
    amparo_vault_lock (vault);
  else
    g_object_set_data (G_OBJECT (vault), PENDING_KEY, GINT_TO_POINTER (TRUE));
}
