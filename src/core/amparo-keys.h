/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "amparo-types.h"

G_BEGIN_DECLS

#define AMPARO_KEYS_FORMAT_VERSION 1
#define AMPARO_KEYS_MAX_SIZE (256 * 1024)

typedef struct _AmparoKeyFile AmparoKeyFile;

AmparoKeyFile *amparo_key_file_new             (const char          *vault_id,
                                                AmparoVaultKind      kind);
AmparoKeyFile *amparo_key_file_load            (const char          *path,
                                                GError             **error);
AmparoKeyFile *amparo_key_file_parse           (const guint8        *data,
                                                gsize                len,
                                                GError             **error);
GBytes        *amparo_key_file_serialize       (AmparoKeyFile       *kf);
gboolean       amparo_key_file_save            (AmparoKeyFile       *kf,
                                                const char          *path,
                                                GError             **error);
void           amparo_key_file_free            (AmparoKeyFile       *kf);

const char    *amparo_key_file_get_vault_id    (AmparoKeyFile       *kf);
AmparoVaultKind amparo_key_file_get_kind       (AmparoKeyFile       *kf);
GStrv          amparo_key_file_list_accounts   (AmparoKeyFile       *kf);
gboolean       amparo_key_file_has_account     (AmparoKeyFile       *kf,
                                                const char          *name);
gboolean       amparo_key_file_get_role        (AmparoKeyFile       *kf,
                                                const char          *name,
                                                AmparoRole          *role);
const char    *amparo_key_file_default_account (AmparoKeyFile       *kf);
gboolean       amparo_key_file_add_account     (AmparoKeyFile       *kf,
                                                const char          *name,
                                                AmparoRole           role,
                                                const char          *passphrase,
                                                const AmparoSecret  *k_cases,
                                                const AmparoSecret  *k_contacts,
                                                GError             **error);
gboolean       amparo_key_file_set_account     (AmparoKeyFile       *kf,
                                                const char          *name,
                                                AmparoRole           role,
                                                const char          *passphrase,
                                                const AmparoSecret  *k_cases,
                                                const AmparoSecret  *k_contacts,
                                                GError             **error);
gboolean       amparo_key_file_remove_account  (AmparoKeyFile       *kf,
                                                const char          *name,
                                                GError             **error);
AmparoSecret  *amparo_key_file_derive_kek      (AmparoKeyFile       *kf,
                                                const char          *name,
                                                const char          *passphrase,
                                                GError             **error);
gboolean       amparo_key_file_unwrap          (AmparoKeyFile       *kf,
                                                const char          *name,
                                                const AmparoSecret  *kek,
                                                AmparoRole          *role,
                                                AmparoSecret       **k_cases,
                                                AmparoSecret       **k_contacts,
                                                GError             **error);

gboolean       amparo_check_passphrase_policy  (const char          *passphrase,
                                                GError             **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AmparoKeyFile, amparo_key_file_free)

G_END_DECLS
