/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "amparo-vault.h"

G_BEGIN_DECLS

typedef struct
{
  char *vault_dir;   /* --vault, or the default */
  char *user;        /* --user, or NULL */
} AmparoCliContext;

typedef int (*AmparoCliRun) (AmparoCliContext *ctx,
                             int               argc,
                             char            **argv);

typedef struct
{
  const char   *name;
  AmparoCliRun  run;
  const char   *usage;
} AmparoCliCommand;

/* Exit codes of the fixed contract (DESIGN 7). */
#define AMPARO_CLI_OK    0
#define AMPARO_CLI_ERROR 1
#define AMPARO_CLI_USAGE 2

char        *amparo_cli_read_passphrase (const char        *prompt);
AmparoVault *amparo_cli_open_vault      (AmparoCliContext  *ctx,
                                         GError           **error);
int          amparo_cli_fail            (const GError      *error);
int          amparo_cli_usage           (const char        *usage);
gboolean     amparo_cli_parse           (GOptionEntry      *entries,
                                         int               *argc,
                                         char            ***argv,
                                         int                min_args,
                                         int                max_args);
void         amparo_cli_free_passphrase (char              *passphrase);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (char, amparo_cli_free_passphrase)

/* Commands; each file of src/cli adds its own. */
int amparo_cli_init     (AmparoCliContext *ctx, int argc, char **argv);
int amparo_cli_user     (AmparoCliContext *ctx, int argc, char **argv);
int amparo_cli_passwd   (AmparoCliContext *ctx, int argc, char **argv);
int amparo_cli_check    (AmparoCliContext *ctx, int argc, char **argv);
int amparo_cli_backup   (AmparoCliContext *ctx, int argc, char **argv);
int amparo_cli_restore  (AmparoCliContext *ctx, int argc, char **argv);
int amparo_cli_demo     (AmparoCliContext *ctx, int argc, char **argv);
int amparo_cli_purge    (AmparoCliContext *ctx, int argc, char **argv);
int amparo_cli_partner  (AmparoCliContext *ctx, int argc, char **argv);
int amparo_cli_release  (AmparoCliContext *ctx, int argc, char **argv);
int amparo_cli_referral (AmparoCliContext *ctx, int argc, char **argv);
int amparo_cli_mandated_report (AmparoCliContext *ctx, int argc, char **argv);
int amparo_cli_confidentiality_audit (AmparoCliContext *ctx, int argc, char **argv);
int amparo_cli_csv_import (AmparoCliContext *ctx, int argc, char **argv);
int amparo_cli_report   (AmparoCliContext *ctx, int argc, char **argv);
int amparo_cli_trust    (AmparoCliContext *ctx, int argc, char **argv);
int amparo_cli_preview  (AmparoCliContext *ctx, int argc, char **argv);
int amparo_cli_export   (AmparoCliContext *ctx, int argc, char **argv);
int amparo_cli_agency_card (AmparoCliContext *ctx, int argc, char **argv);
int amparo_cli_card            (AmparoCliContext *ctx, int argc, char **argv);
int amparo_cli_pin             (AmparoCliContext *ctx, int argc, char **argv);
int amparo_cli_import          (AmparoCliContext *ctx, int argc, char **argv);
int amparo_cli_inspect         (AmparoCliContext *ctx, int argc, char **argv);
int amparo_cli_import_log      (AmparoCliContext *ctx, int argc, char **argv);
int amparo_cli_agencies        (AmparoCliContext *ctx, int argc, char **argv);
int amparo_cli_regional_report (AmparoCliContext *ctx, int argc, char **argv);
int amparo_cli_coverage        (AmparoCliContext *ctx, int argc, char **argv);
int amparo_cli_public_report   (AmparoCliContext *ctx, int argc, char **argv);

G_END_DECLS
