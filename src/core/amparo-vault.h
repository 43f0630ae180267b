/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <sqlite3.h>

#include "amparo-types.h"

G_BEGIN_DECLS

#define AMPARO_TYPE_VAULT (amparo_vault_get_type ())

G_DECLARE_FINAL_TYPE (AmparoVault, amparo_vault, AMPARO, VAULT, GObject)

char            *amparo_vault_default_dir     (void);
gboolean         amparo_vault_exists          (const char   *dir);
GStrv            amparo_vault_list_accounts   (const char   *dir,
                                               GError      **error);

AmparoVault     *amparo_vault_create          (const char   *dir,
                                               AmparoVaultKind kind,
                                               const char   *agency_name,
                                               const char   *user,
                                               const char   *passphrase,
                                               GError      **error);
AmparoVault     *amparo_vault_unlock          (const char   *dir,
                                               const char   *user,
                                               const char   *passphrase,
                                               GError      **error);
void             amparo_vault_lock            (AmparoVault  *self);
gboolean         amparo_vault_is_locked       (AmparoVault  *self);

const char      *amparo_vault_get_dir         (AmparoVault  *self);
const char      *amparo_vault_get_user        (AmparoVault  *self);
AmparoRole       amparo_vault_get_role        (AmparoVault  *self);
AmparoVaultKind  amparo_vault_get_kind        (AmparoVault  *self);
gboolean         amparo_vault_can_see_contacts (AmparoVault *self);

sqlite3         *amparo_vault_get_cases_db    (AmparoVault  *self,
                                               GError      **error);
sqlite3         *amparo_vault_get_contacts_db (AmparoVault  *self,
                                               GError      **error);
sqlite3         *amparo_vault_open_extra      (AmparoVault  *self,
                                               gboolean      contacts,
                                               GError      **error);
void             amparo_vault_close_extra     (AmparoVault  *self,
                                               gboolean      contacts,
                                               sqlite3      *db);

char            *amparo_vault_get_setting     (AmparoVault  *self,
                                               const char   *key);
gint64           amparo_vault_get_setting_int (AmparoVault  *self,
                                               const char   *key,
                                               gint64        fallback);
gboolean         amparo_vault_set_setting     (AmparoVault  *self,
                                               const char   *key,
                                               const char   *value,
                                               GError      **error);
gboolean         amparo_vault_audit           (AmparoVault  *self,
                                               const char   *action,
                                               gint64        case_id,
                                               const char   *detail,
                                               GError      **error);
gboolean         amparo_vault_require_role    (AmparoVault  *self,
                                               gboolean      supervisor_only,
                                               GError      **error);

gboolean         amparo_vault_add_account     (AmparoVault  *self,
                                               const char   *name,
                                               AmparoRole    role,
                                               const char   *passphrase,
                                               GError      **error);
gboolean         amparo_vault_reset_account   (AmparoVault  *self,
                                               const char   *name,
                                               AmparoRole    role,
                                               const char   *passphrase,
                                               GError      **error);
gboolean         amparo_vault_remove_account  (AmparoVault  *self,
                                               const char   *name,
                                               GError      **error);
GStrv            amparo_vault_get_accounts    (AmparoVault  *self);
gboolean         amparo_vault_get_account_role (AmparoVault *self,
                                                const char  *name,
                                                AmparoRole  *role);
gboolean         amparo_vault_change_passphrase (const char *dir,
                                                 const char *user,
                                                 const char *old_passphrase,
                                                 const char *new_passphrase,
                                                 GError    **error);

gboolean         amparo_vault_check           (AmparoVault  *self,
                                               GString      *report,
                                               GError      **error);
gboolean         amparo_vault_backup          (AmparoVault  *self,
                                               const char   *to_dir,
                                               char        **out_path,
                                               GError      **error);
gboolean         amparo_vault_restore         (const char   *from_dir,
                                               const char   *vault_dir,
                                               GError      **error);

G_END_DECLS
