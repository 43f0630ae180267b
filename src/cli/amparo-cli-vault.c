/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "AmparoCli"

#include <stdio.h>
#include <glib/gi18n.h>

#include "amparo-cli.h"
#include "amparo-error.h"
#include "amparo-purge.h"

int
amparo_cli_init (AmparoCliContext *ctx,
                 int               argc,
                 char            **argv)
{
  g_autofree char *agency = NULL;
  g_autofree char *user = NULL;
  gboolean coordinator = FALSE;
  GOptionEntry entries[] = {
    { "agency", 0, 0, G_OPTION_ARG_STRING, &agency, NULL, NULL },
    { "user", 0, 0, G_OPTION_ARG_STRING, &user, NULL, NULL },
    { "coordinator", 0, 0, G_OPTION_ARG_NONE, &coordinator, NULL, NULL },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(AmparoVault) vault = NULL;
  g_autoptr(char) passphrase = NULL;
  const char *account;

  if (!amparo_cli_parse (entries, &argc, &argv, 0, 0) || agency == NULL)
    return amparo_cli_usage (N_("init --agency NAME [--user NAME] [--coordinator]"));

  account = user != NULL ? user : ctx->user != NULL ? ctx->user : "supervisor";
  if (amparo_vault_exists (ctx->vault_dir))
    {
      g_set_error_literal (&error, AMPARO_ERROR, AMPARO_ERROR_EXISTS,
                           _("A vault already exists in this folder"));
      return amparo_cli_fail (error);
    }
  passphrase = amparo_cli_read_passphrase (_("New passphrase: "));
  if (passphrase == NULL)
    {
      g_set_error_literal (&error, AMPARO_ERROR, AMPARO_ERROR_INVALID, _("No passphrase was given"));
      return amparo_cli_fail (error);
    }
  vault = amparo_vault_create (ctx->vault_dir,
                               coordinator ? AMPARO_VAULT_KIND_COORDINATOR
                                           : AMPARO_VAULT_KIND_AGENCY,
                               agency, account, passphrase, &error);
  if (vault == NULL)
    return amparo_cli_fail (error);
  g_print (_("Created a vault in %s with the supervisor account “%s”\n"), ctx->vault_dir, account);
  return AMPARO_CLI_OK;
}

int
amparo_cli_user (AmparoCliContext *ctx,
                 int               argc,
                 char            **argv)
{
  static const char usage[] = N_("user add NAME --role advocate|supervisor|reporting");
  g_autofree char *role_str = NULL;
  GOptionEntry entries[] = {
    { "role", 0, 0, G_OPTION_ARG_STRING, &role_str, NULL, NULL },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(AmparoVault) vault = NULL;
  g_autoptr(char) passphrase = NULL;
  AmparoRole role;

  if (!amparo_cli_parse (entries, &argc, &argv, 2, 2) || !g_str_equal (argv[1], "add")
      || role_str == NULL || !amparo_role_from_string (role_str, &role))
    return amparo_cli_usage (usage);

  vault = amparo_cli_open_vault (ctx, &error);
  if (vault == NULL)
    return amparo_cli_fail (error);
  passphrase = amparo_cli_read_passphrase (_("New account’s passphrase: "));
  if (passphrase == NULL)
    {
      g_set_error_literal (&error, AMPARO_ERROR, AMPARO_ERROR_INVALID, _("No passphrase was given"));
      return amparo_cli_fail (error);
    }
  if (!amparo_vault_add_account (vault, argv[2], role, passphrase, &error))
    return amparo_cli_fail (error);
  g_print (_("Added the account “%s” (%s)\n"), argv[2], amparo_role_label (role));
  return AMPARO_CLI_OK;
}

int
amparo_cli_passwd (AmparoCliContext *ctx,
                   int               argc,
                   char            **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(char) old_pass = NULL;
  g_autoptr(char) new_pass = NULL;

  if (!amparo_cli_parse (NULL, &argc, &argv, 0, 0))
    return amparo_cli_usage (N_("passwd"));
  if (!amparo_vault_exists (ctx->vault_dir))
    {
      g_set_error_literal (&error, AMPARO_ERROR, AMPARO_ERROR_NO_VAULT,
                           _("There is no vault in this folder"));
      return amparo_cli_fail (error);
    }
  old_pass = amparo_cli_read_passphrase (_("Current passphrase: "));
  new_pass = amparo_cli_read_passphrase (_("New passphrase: "));
  if (old_pass == NULL || new_pass == NULL)
    {
      g_set_error_literal (&error, AMPARO_ERROR, AMPARO_ERROR_INVALID, _("No passphrase was given"));
      return amparo_cli_fail (error);
    }
  if (!amparo_vault_change_passphrase (ctx->vault_dir, ctx->user, old_pass, new_pass, &error))
    return amparo_cli_fail (error);
  g_print ("%s\n", _("The passphrase was changed"));
  return AMPARO_CLI_OK;
}

int
amparo_cli_check (AmparoCliContext *ctx,
                  int               argc,
                  char            **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AmparoVault) vault = NULL;
  g_autoptr(GString) report = g_string_new (NULL);

  if (!amparo_cli_parse (NULL, &argc, &argv, 0, 0))
    return amparo_cli_usage (N_("check"));
  vault = amparo_cli_open_vault (ctx, &error);
  if (vault == NULL)
    return amparo_cli_fail (error);
  if (!amparo_vault_check (vault, report, &error))
    return amparo_cli_fail (error);
  g_print ("%s", report->str);
  return AMPARO_CLI_OK;
}

int
amparo_cli_backup (AmparoCliContext *ctx,
                   int               argc,
                   char            **argv)
{
  g_autofree char *to = NULL;
  g_autofree char *path = NULL;
  GOptionEntry entries[] = {
    { "to", 0, 0, G_OPTION_ARG_FILENAME, &to, NULL, NULL },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(AmparoVault) vault = NULL;

  if (!amparo_cli_parse (entries, &argc, &argv, 0, 0) || to == NULL)
    return amparo_cli_usage (N_("backup --to DIR"));
  vault = amparo_cli_open_vault (ctx, &error);
  if (vault == NULL)
    return amparo_cli_fail (error);
  if (!amparo_vault_backup (vault, to, &path, &error))
    return amparo_cli_fail (error);
  g_print ("%s\n", path);
  return AMPARO_CLI_OK;
}

int
amparo_cli_restore (AmparoCliContext *ctx,
                    int               argc,
                    char            **argv)
{
  g_autoptr(GError) error = NULL;

  if (!amparo_cli_parse (NULL, &argc, &argv, 1, 1))
    return amparo_cli_usage (N_("restore FROM_DIR"));
  if (!amparo_vault_restore (argv[1], ctx->vault_dir, &error))
    return amparo_cli_fail (error);
  g_print (_("Restored the vault into %s\n"), ctx->vault_dir);
  return AMPARO_CLI_OK;
}

int
amparo_cli_purge (AmparoCliContext *ctx,
                  int               argc,
                  char            **argv)
{
  g_autofree char *before = NULL;
  GOptionEntry entries[] = {
    { "closed-before", 0, 0, G_OPTION_ARG_STRING, &before, NULL, NULL },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(AmparoVault) vault = NULL;
  guint purged = 0;

  if (!amparo_cli_parse (entries, &argc, &argv, 0, 0) || before == NULL)
    return amparo_cli_usage (N_("purge --closed-before YYYY-MM-DD"));
  vault = amparo_cli_open_vault (ctx, &error);
  if (vault == NULL)
    return amparo_cli_fail (error);
  if (!amparo_purge_closed_before (vault, before, &purged, &error))
    return amparo_cli_fail (error);
  g_print (g_dngettext (GETTEXT_PACKAGE, "Purged %u closed case\n", "Purged %u closed cases\n",
                        purged), purged);
  return AMPARO_CLI_OK;
}
