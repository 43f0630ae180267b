/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "AmparoVault"

#include <glib/gi18n.h>

#include "amparo-error.h"
#include "amparo-secret.h"
#include "amparo-vault-private.h"

/* Staff accounts live only in the `keys` file. Changing one rewrites that
 * file (atomically, with a backup while it runs) and never the databases. */

static gboolean
save_keys (AmparoVault *self,
           GError     **error)
{
  g_autofree char *path = amparo_vault_path (self->dir, "keys");

  return amparo_key_file_save (self->key_file, path, error);
}

static gboolean
set_account (AmparoVault *self,
             const char  *name,
             AmparoRole   role,
             const char  *passphrase,
             gboolean     must_be_new,
             GError     **error)
{
  const AmparoSecret *contacts = role == AMPARO_ROLE_REPORTING ? NULL : self->k_contacts;
  const char *action = must_be_new ? "account.add" : "account.reset";
  g_autofree char *detail = g_strdup_printf ("role=%s", amparo_role_to_string (role));
  gboolean ok;

  if (!amparo_vault_require_role (self, TRUE, error))
    return FALSE;
  if (!must_be_new && !amparo_key_file_has_account (self->key_file, name))
    {
      g_set_error_literal (error, AMPARO_ERROR, AMPARO_ERROR_NO_SUCH_ACCOUNT,
                           _("There is no such account"));
      return FALSE;
    }
  if (!must_be_new && g_strcmp0 (name, self->user) == 0 && role != AMPARO_ROLE_SUPERVISOR)
    {
      g_set_error_literal (error, AMPARO_ERROR, AMPARO_ERROR_INVALID,
                           _("You cannot take away your own supervisor role"));
      return FALSE;
    }

  ok = must_be_new
         ? amparo_key_file_add_account (self->key_file, name, role, passphrase, self->k_cases,
                                        contacts, error)
         : amparo_key_file_set_account (self->key_file, name, role, passphrase, self->k_cases,
                                        contacts, error);
  if (!ok || !save_keys (self, error))
    {
      /* reload what is on disk so memory matches the file */
      g_autofree char *path = amparo_vault_path (self->dir, "keys");
      AmparoKeyFile *kf = amparo_key_file_load (path, NULL);
      if (kf != NULL)
        {
          amparo_key_file_free (self->key_file);
          self->key_file = kf;
        }
      return FALSE;
    }
  /* staff account names are not survivors' data; the audit may name them */
  return amparo_vault_audit (self, action, 0, detail, error);
}

/**
 * amparo_vault_add_account:
 *
 * Supervisor only. A reporting account never receives K_contacts.
 */
gboolean
amparo_vault_add_account (AmparoVault *self,
                          const char  *name,
                          AmparoRole   role,
                          const char  *passphrase,
                          GError     **error)
{
  return set_account (self, name, role, passphrase, TRUE, error);
}

/**
 * amparo_vault_reset_account:
 *
 * Supervisor only: gives @name a new role and a new passphrase (a role
 * change needs one, since each role's keys are wrapped under the
 * account's own passphrase).
 */
gboolean
amparo_vault_reset_account (AmparoVault *self,
                            const char  *name,
                            AmparoRole   role,
                            const char  *passphrase,
                            GError     **error)
{
  return set_account (self, name, role, passphrase, FALSE, error);
}

gboolean
amparo_vault_remove_account (AmparoVault *self,
                             const char  *name,
                             GError     **error)
{
  if (!amparo_vault_require_role (self, TRUE, error))
    return FALSE;
  if (g_strcmp0 (name, self->user) == 0)
    {
      g_set_error_literal (error, AMPARO_ERROR, AMPARO_ERROR_INVALID,
                           _("You cannot remove the account you are using"));
      return FALSE;
    }
  if (!amparo_key_file_remove_account (self->key_file, name, error) || !save_keys (self, error))
    return FALSE;
  return amparo_vault_audit (self, "account.remove", 0, NULL, error);
}

GStrv
amparo_vault_get_accounts (AmparoVault *self)
{
  if (self->key_file == NULL)
    return g_new0 (char *, 1);
  return amparo_key_file_list_accounts (self->key_file);
}

/**
 * amparo_vault_change_passphrase:
 * @user: (nullable): as for amparo_vault_unlock()
 *
 * Re-wraps the account's keys under a new passphrase. Only the `keys`
 * file changes; both databases stay byte-for-byte the same.
 */
gboolean
amparo_vault_change_passphrase (const char *dir,
                                const char *user,
                                const char *old_passphrase,
                                const char *new_passphrase,
                                GError    **error)
{
  g_autofree char *path = amparo_vault_path (dir, "keys");
  g_autoptr(AmparoKeyFile) kf = NULL;
  g_autoptr(AmparoSecret) kek = NULL;
  g_autoptr(AmparoSecret) k_cases = NULL;
  g_autoptr(AmparoSecret) k_contacts = NULL;
  const char *account;
  AmparoRole role;

  if (!amparo_secure_init (error))
    return FALSE;
  kf = amparo_key_file_load (path, error);
  if (kf == NULL)
    return FALSE;
  account = user != NULL ? user : amparo_key_file_default_account (kf);
  if (account == NULL || !amparo_key_file_has_account (kf, account))
    {
      g_set_error_literal (error, AMPARO_ERROR, AMPARO_ERROR_NO_SUCH_ACCOUNT,
                           _("There is no such account in this vault"));
      return FALSE;
    }
  if (!amparo_check_passphrase_policy (new_passphrase, error))
    return FALSE;
  kek = amparo_key_file_derive_kek (kf, account, old_passphrase, error);
  if (kek == NULL
      || !amparo_key_file_unwrap (kf, account, kek, &role, &k_cases, &k_contacts, error))
    return FALSE;
  if (!amparo_key_file_set_account (kf, account, role, new_passphrase, k_cases, k_contacts, error))
    return FALSE;
  return amparo_key_file_save (kf, path, error);
}

/**
 * amparo_vault_get_account_role:
 * @role: (out): the account's role
 *
 * For the staff list. Returns %FALSE when the vault is locked or there is
 * no such account.
 */
gboolean
amparo_vault_get_account_role (AmparoVault *self,
                               const char  *name,
                               AmparoRole  *role)
{
  g_return_val_if_fail (AMPARO_IS_VAULT (self), FALSE);

  if (self->key_file == NULL)
    return FALSE;
  return amparo_key_file_get_role (self->key_file, name, role);
}
