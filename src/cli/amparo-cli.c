/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "AmparoCli"

#include <locale.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>
#include <sodium.h>
#include <glib/gi18n.h>

#include "amparo-cli.h"
#include "amparo-error.h"
#include "amparo-secret.h"

/* amparo-cli: the fixed command-line contract of DESIGN section 7.
 * Exit 0 on success, 1 on an error (one line on stderr naming the
 * problem, never identifying data), 2 on bad usage. */

/* Translators: in these usage lines keep the command words, the option names
 * (--period) and the values offered (text|csv|json, a|b, en|es) as they are:
 * they are typed. Translate only the placeholders in capitals (NAME, FILE). */
static const AmparoCliCommand commands[] = {
  { "init", amparo_cli_init,
    N_("init --agency NAME [--user NAME] [--coordinator]") },
  { "demo", amparo_cli_demo, N_("demo --cases N [--seed S]") },
  { "user", amparo_cli_user, N_("user add NAME --role advocate|supervisor|reporting") },
  { "passwd", amparo_cli_passwd, N_("passwd") },
  { "csv-import", amparo_cli_csv_import, N_("csv-import FILE") },
  { "report", amparo_cli_report, N_("report --period P [--format text|csv|json] [--xlsx FILE]"
                                     " [--pdf FILE] [--suppressed] [--lang LL]") },
  { "trust", amparo_cli_trust, N_("trust CARD [--yes]") },
  { "preview", amparo_cli_preview, N_("preview --period P [--format text|json]") },
  { "export", amparo_cli_export, N_("export --period P --to DIR") },
  { "agency-card", amparo_cli_agency_card, N_("agency-card --to DIR") },
  { "check", amparo_cli_check, N_("check") },
  { "backup", amparo_cli_backup, N_("backup --to DIR") },
  { "restore", amparo_cli_restore, N_("restore FROM_DIR") },
  { "purge", amparo_cli_purge, N_("purge --closed-before YYYY-MM-DD") },
  { "partner", amparo_cli_partner,
    N_("partner add|update|remove|list|export --to FILE|import FILE") },
  { "release", amparo_cli_release,
    N_("release add CASE PARTNER --scope a|b --purpose P [--expires D] [--verbal]"
       " | revoke ID | list [--expiring DAYS] | form ID --lang en|es --to FILE") },
  { "referral", amparo_cli_referral,
    N_("referral add CASE --partner ID --service S [--warm] [--direction out|in]"
       " | update ID | list | form ID --lang en|es --to FILE") },
  { "mandated-report", amparo_cli_mandated_report,
    N_("mandated-report CASE --type child_abuse|vulnerable_adult_abuse --sector S --scope a|b") },
  { "confidentiality-audit", amparo_cli_confidentiality_audit,
    N_("confidentiality-audit --period 2026-H1") },
  { "card", amparo_cli_card, N_("card --to DIR") },
  { "pin", amparo_cli_pin, N_("pin CARD") },
  { "import", amparo_cli_import, N_("import FILE|DIR... [--trust-new]") },
  { "inspect", amparo_cli_inspect, N_("inspect FILE") },
  { "import-log", amparo_cli_import_log, N_("import-log") },
  { "agencies", amparo_cli_agencies, N_("agencies") },
  { "regional-report", amparo_cli_regional_report,
    N_("regional-report --period P [--period P...] [--format text|csv|json] [--combined-only]") },
  { "coverage", amparo_cli_coverage, N_("coverage [--period P...] [--format text|csv|json]") },
  { "public-report", amparo_cli_public_report, N_("public-report --period P --to DIR") },
};

static void
print_usage (FILE *out)
{
  fprintf (out, "%s\n", _("Usage: amparo-cli [--vault DIR] [--user NAME] COMMAND [OPTIONS]"));
  fprintf (out, "\n%s\n", _("Commands:"));
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    fprintf (out, "  %s\n", _(commands[i].usage));
  fprintf (out, "\n%s\n", _("Passphrases are read one per line from standard input when it is "
                            "not a terminal."));
}

int
amparo_cli_usage (const char *usage)
{
  if (usage != NULL)
    g_printerr ("%s: amparo-cli %s\n", _("Usage"), _(usage));
  else
    print_usage (stderr);
  return AMPARO_CLI_USAGE;
}

static const char *vault_dir_for_hints;

/* The newest backup folder next to the vault, or NULL */
static char *
find_adjacent_backup (const char *vault_dir)
{
  g_autofree char *parent = g_path_get_dirname (vault_dir);
  g_autoptr(GDir) dir = g_dir_open (parent, 0, NULL);
  g_autofree char *best = NULL;
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = NULL;
      g_autofree char *manifest = NULL;

      /* backup folders are named amparo-backup-DATE-LETTERS, so the
       * newest date sorts last */
      if (!g_str_has_prefix (name, "amparo-backup-"))
        continue;
      path = g_build_filename (parent, name, NULL);
      manifest = g_build_filename (path, "manifest.json", NULL);
      if (!g_file_test (manifest, G_FILE_TEST_IS_REGULAR))
        continue;
      if (best == NULL || strcmp (name, best) > 0)
        {
          g_free (best);
          best = g_strdup (name);
        }
    }
  return best != NULL ? g_build_filename (parent, best, NULL) : NULL;
}

int
amparo_cli_fail (const GError *error)
{
  g_autofree char *hint = NULL;

  /* a damaged vault: say how to get the data back, on the same line */
  if (error != NULL && error->domain == AMPARO_ERROR
      && (error->code == AMPARO_ERROR_DAMAGED_KEYS || error->code == AMPARO_ERROR_DAMAGED_DATABASE
          || error->code == AMPARO_ERROR_INTEGRITY))
    {
      g_autofree char *backup = vault_dir_for_hints != NULL
                                  ? find_adjacent_backup (vault_dir_for_hints) : NULL;

      if (backup != NULL)
        /* Translators: %s is a backup folder; keep the command as it is */
        hint = g_strdup_printf (_("To recover, restore the latest backup into a new folder: "
                                  "amparo-cli --vault NEW_FOLDER restore %s"), backup);
      else
        hint = g_strdup (_("To recover, restore your latest backup into a new folder: "
                           "amparo-cli --vault NEW_FOLDER restore BACKUP_FOLDER"));
    }
  if (hint != NULL)
    g_printerr ("amparo-cli: %s%s%s\n", error->message,
                g_str_has_suffix (error->message, ".") ? " " : ". ", hint);
  else
    g_printerr ("amparo-cli: %s\n", error != NULL ? error->message : _("Failed"));
  return AMPARO_CLI_ERROR;
}

void
amparo_cli_free_passphrase (char *passphrase)
{
  if (passphrase != NULL)
    sodium_free (passphrase);
}

/**
 * amparo_cli_read_passphrase:
 *
 * Reads one line: from standard input when it is not a terminal (for
 * automation), else prompts without echo. The buffer is sodium_malloc'd.
 *
 * Returns: (nullable): the passphrase, or %NULL at end of input
 */
char *
amparo_cli_read_passphrase (const char *prompt)
{
  gboolean tty = isatty (STDIN_FILENO);
  struct termios old, quiet;
  const gsize max = 1024;
  char *buf;
  gsize len = 0;
  int c;

  if (sodium_init () < 0)
    return NULL;
  buf = sodium_malloc (max + 1);
  if (tty)
    {
      fprintf (stderr, "%s", prompt);
      fflush (stderr);
      tcgetattr (STDIN_FILENO, &old);
      quiet = old;
      quiet.c_lflag &= ~ECHO;
      tcsetattr (STDIN_FILENO, TCSAFLUSH, &quiet);
    }
  while ((c = getchar ()) != EOF && c != '\n')
    if (len < max)
      buf[len++] = (char) c;
  if (tty)
    {
      tcsetattr (STDIN_FILENO, TCSAFLUSH, &old);
      fprintf (stderr, "\n");
    }
  if (len > 0 && buf[len - 1] == '\r')
    len--;
  buf[len] = '\0';
  if (c == EOF && len == 0)
    {
      sodium_free (buf);
      return NULL;
    }
  return buf;
}

AmparoVault *
amparo_cli_open_vault (AmparoCliContext *ctx,
                       GError          **error)
{
  g_autoptr(char) passphrase = NULL;

  if (!amparo_vault_exists (ctx->vault_dir))
    {
      g_set_error_literal (error, AMPARO_ERROR, AMPARO_ERROR_NO_VAULT,
                           _("There is no vault in this folder"));
      return NULL;
    }
  passphrase = amparo_cli_read_passphrase (_("Passphrase: "));
  if (passphrase == NULL)
    {
      g_set_error_literal (error, AMPARO_ERROR, AMPARO_ERROR_INVALID,
                           _("No passphrase was given"));
      return NULL;
    }
  return amparo_vault_unlock (ctx->vault_dir, ctx->user, passphrase, error);
}

/**
 * amparo_cli_parse:
 *
 * Parses a command's own options; positional arguments stay in argv
 * (argv[0] is the command). Returns %FALSE on bad usage.
 */
gboolean
amparo_cli_parse (GOptionEntry *entries,
                  int          *argc,
                  char       ***argv,
                  int           min_args,
                  int           max_args)
{
  g_autoptr(GOptionContext) oc = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;

  g_option_context_set_help_enabled (oc, FALSE);
  if (entries != NULL)
    g_option_context_add_main_entries (oc, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (oc, argc, argv, &error))
    {
      g_printerr ("amparo-cli: %s\n", error->message);
      return FALSE;
    }
  return *argc - 1 >= min_args && (max_args < 0 || *argc - 1 <= max_args);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *vault_dir = NULL;
  g_autofree char *user = NULL;
  AmparoCliContext ctx = { 0 };
  int i = 1;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  if (!amparo_secure_init (&error))
    return amparo_cli_fail (error);

  /* global options come before the command */
  while (i < argc && argv[i][0] == '-')
    {
      if (g_str_equal (argv[i], "--vault") && i + 1 < argc)
        {
          g_free (vault_dir);
          vault_dir = g_strdup (argv[i + 1]);
          i += 2;
        }
      else if (g_str_has_prefix (argv[i], "--vault="))
        {
          g_free (vault_dir);
          vault_dir = g_strdup (argv[i] + strlen ("--vault="));
          i++;
        }
      else if (g_str_equal (argv[i], "--user") && i + 1 < argc)
        {
          g_free (user);
          user = g_strdup (argv[i + 1]);
          i += 2;
        }
      else if (g_str_has_prefix (argv[i], "--user="))
        {
          g_free (user);
          user = g_strdup (argv[i] + strlen ("--user="));
          i++;
        }
      else if (g_str_equal (argv[i], "--help") || g_str_equal (argv[i], "-h"))
        {
          print_usage (stdout);
          return AMPARO_CLI_OK;
        }
      else
        return amparo_cli_usage (NULL);
    }
  if (i >= argc)
    return amparo_cli_usage (NULL);

  ctx.vault_dir = vault_dir != NULL ? vault_dir : amparo_vault_default_dir ();
  if (vault_dir == NULL)
    vault_dir = ctx.vault_dir;
  ctx.user = user;
  vault_dir_for_hints = ctx.vault_dir;

  for (guint c = 0; c < G_N_ELEMENTS (commands); c++)
    if (g_str_equal (argv[i], commands[c].name))
      return commands[c].run (&ctx, argc - i, argv + i);

  g_printerr ("amparo-cli: %s\n", _("Unknown command"));
  return amparo_cli_usage (NULL);
}
