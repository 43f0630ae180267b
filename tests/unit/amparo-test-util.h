/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <sqlite3.h>
#include <glib.h>

#include "amparo-vault.h"

G_BEGIN_DECLS

#define TEST_PASSPHRASE "correct horse battery staple"

char        *amparo_test_make_dir          (void);
void         amparo_test_remove_dir        (const char   *dir);
AmparoVault *amparo_test_create_vault      (const char   *dir,
                                            AmparoVaultKind kind);
int          amparo_test_run_cli           (const char   *stdin_text,
                                            char        **out_stdout,
                                            char        **out_stderr,
                                            ...) G_GNUC_NULL_TERMINATED;
char        *amparo_test_file_digest       (const char   *path);
char        *amparo_test_dir_digest        (const char   *dir,
                                            const char   *file);
gboolean     amparo_test_open_raw          (const char   *dir,
                                            const char   *user,
                                            const char   *passphrase,
                                            sqlite3     **cases,
                                            sqlite3     **contacts);
char        *amparo_test_table_digest      (sqlite3      *db,
                                            const char   *table);
void         amparo_test_flip_byte         (const char   *path,
                                            goffset       offset);

G_END_DECLS
