/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "amparo-keys.h"
#include "amparo-vault.h"

G_BEGIN_DECLS

struct _AmparoVault
{
  GObject          parent_instance;

  char            *dir;
  char            *user;
  AmparoRole       role;
  AmparoVaultKind  kind;
  AmparoKeyFile   *key_file;
  AmparoSecret    *k_cases;
  AmparoSecret    *k_contacts;
  sqlite3         *cases;
  sqlite3         *contacts;
  gboolean         locked;

  /* one idle worker connection per store (cases, contacts), kept for the
   * next worker while unlocked; guarded by pool_lock */
  GMutex           pool_lock;
  sqlite3         *idle[2];
  gboolean         pool_open;
};

char *amparo_vault_path (const char *dir,
                         const char *file);

AmparoVault *amparo_vault_unlock_with_kek (const char         *dir,
                                           const char         *user,
                                           const AmparoSecret *kek,
                                           GError            **error);

G_END_DECLS
