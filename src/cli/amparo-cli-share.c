/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "AmparoCli"

#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <glib/gi18n.h>

#include "amparo-card.h"
#include "amparo-cli.h"
#include "amparo-error.h"
#include "amparo-safe-file.h"
#include "amparo-share.h"

/* The agency side of the sync module: trust, preview, export and
 * agency-card. */

/* One line from standard input, for a yes/no question; the prompt goes to
 * stderr so stdout stays clean for scripts. */
static gboolean
confirm (const char *prompt)
{
  char line[64];
  g_autofree char *answer = NULL;
  g_autofree char *plain_answer = NULL;
  g_autofree char *plain_yes = NULL;
  /* Translators: the word a person types to say yes, in lower case */
  const char *yes_word = C_("answer", "yes");

  if (isatty (STDIN_FILENO))
    {
      fprintf (stderr, "%s", prompt);
      fflush (stderr);
    }
  if (fgets (line, sizeof line, stdin) == NULL)
    return FALSE;
  answer = g_utf8_strdown (g_strstrip (line), -1);
  if (g_str_equal (answer, "yes") || g_str_equal (answer, "y") || g_str_equal (answer, yes_word))
    return TRUE;
  /* Accents are hard to type in a terminal: “si” stands for “sí”. Only when
   * the word has a plain-letter spelling (g_str_to_ascii writes “?” for what
   * it cannot spell, and “?” must not count as yes). */
  plain_yes = g_str_to_ascii (yes_word, NULL);
  plain_answer = g_str_to_ascii (answer, NULL);
  for (const char *c = plain_yes; *c != '\0'; c++)
    if (!g_ascii_isalpha (*c))
      return FALSE;
  return plain_yes[0] != '\0' && g_str_equal (plain_answer, plain_yes);
}

int
amparo_cli_trust (AmparoCliContext *ctx,
                  int               argc,
                  char            **argv)
{
  static const char usage[] = N_("trust CARD [--yes]");
  gboolean yes = FALSE;
  GOptionEntry entries[] = {
    { "yes", 0, 0, G_OPTION_ARG_NONE, &yes, NULL, NULL },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(AmparoVault) vault = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(AmparoCard) card = NULL;
  g_autofree char *fingerprint = NULL;

  if (!amparo_cli_parse (entries, &argc, &argv, 1, 1))
    return amparo_cli_usage (usage);

  bytes = amparo_safe_file_read (argv[1], AMPARO_CARD_MAX_SIZE, &error);
  if (bytes == NULL)
    return amparo_cli_fail (error);
  card = amparo_card_from_bytes (bytes, &error);
  if (card == NULL)
    return amparo_cli_fail (error);

  vault = amparo_cli_open_vault (ctx, &error);
  if (vault == NULL)
    return amparo_cli_fail (error);

  fingerprint = amparo_card_fingerprint (card);
  g_print (_("Coordinator: %s\n"), card->name);
  g_print (_("Fingerprint: %s\n"), fingerprint);
  if (!yes && !confirm (_("Does this fingerprint match the one the coordinator read to you? "
                          "Type “yes” to trust it: ")))
    {
      g_set_error_literal (&error, AMPARO_ERROR, AMPARO_ERROR_INVALID,
                           _("Not trusted: the fingerprint was not confirmed"));
      return amparo_cli_fail (error);
    }
  g_clear_pointer (&fingerprint, g_free);
  if (!amparo_share_trust_card (vault, bytes, &fingerprint, &error))
    return amparo_cli_fail (error);
  g_print (_("Summaries will now be sealed for this coordinator.\n"));
  return AMPARO_CLI_OK;
}

int
amparo_cli_preview (AmparoCliContext *ctx,
                    int               argc,
                    char            **argv)
{
  static const char usage[] = N_("preview --period P [--format text|json]");
  g_autofree char *period = NULL;
  g_autofree char *format = NULL;
  GOptionEntry entries[] = {
    { "period", 0, 0, G_OPTION_ARG_STRING, &period, NULL, NULL },
    { "format", 0, 0, G_OPTION_ARG_STRING, &format, NULL, NULL },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(AmparoVault) vault = NULL;
  g_autoptr(AmparoSharePreview) preview = NULL;
  gboolean json;

  if (!amparo_cli_parse (entries, &argc, &argv, 0, 0) || period == NULL
      || (format != NULL && !g_str_equal (format, "text") && !g_str_equal (format, "json")))
    return amparo_cli_usage (usage);
  json = format != NULL && g_str_equal (format, "json");

  vault = amparo_cli_open_vault (ctx, &error);
  if (vault == NULL)
    return amparo_cli_fail (error);
  preview = amparo_share_preview (vault, period, &error);
  if (preview == NULL)
    return amparo_cli_fail (error);

  if (json)
    /* the very bytes that would be sealed, nothing added */
    fwrite (preview->payload, 1, strlen (preview->payload), stdout);
  else
    {
      g_autofree char *text = amparo_share_preview_to_text (preview);
      fputs (text, stdout);
    }
  return fflush (stdout) == 0 ? AMPARO_CLI_OK : AMPARO_CLI_ERROR;
}

int
amparo_cli_export (AmparoCliContext *ctx,
                   int               argc,
                   char            **argv)
{
  static const char usage[] = N_("export --period P --to DIR");
  g_autofree char *period = NULL;
  g_autofree char *to = NULL;
  GOptionEntry entries[] = {
    { "period", 0, 0, G_OPTION_ARG_STRING, &period, NULL, NULL },
    { "to", 0, 0, G_OPTION_ARG_FILENAME, &to, NULL, NULL },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(AmparoVault) vault = NULL;
  g_autofree char *path = NULL;

  if (!amparo_cli_parse (entries, &argc, &argv, 0, 0) || period == NULL || to == NULL)
    return amparo_cli_usage (usage);

  vault = amparo_cli_open_vault (ctx, &error);
  if (vault == NULL)
    return amparo_cli_fail (error);
  if (!amparo_share_export (vault, period, to, &path, &error))
    return amparo_cli_fail (error);
  g_print ("%s\n", path);
  return AMPARO_CLI_OK;
}

int
amparo_cli_agency_card (AmparoCliContext *ctx,
                        int               argc,
                        char            **argv)
{
  static const char usage[] = N_("agency-card --to DIR");
  g_autofree char *to = NULL;
  GOptionEntry entries[] = {
    { "to", 0, 0, G_OPTION_ARG_FILENAME, &to, NULL, NULL },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(AmparoVault) vault = NULL;
  g_autoptr(AmparoCard) card = NULL;
  g_autofree char *path = NULL;
  g_autofree char *fingerprint = NULL;

  if (!amparo_cli_parse (entries, &argc, &argv, 0, 0) || to == NULL)
    return amparo_cli_usage (usage);

  vault = amparo_cli_open_vault (ctx, &error);
  if (vault == NULL)
    return amparo_cli_fail (error);
  card = amparo_share_agency_card (vault, &error);
  if (card == NULL || !amparo_share_write_agency_card (vault, to, &path, &error))
    return amparo_cli_fail (error);
  fingerprint = amparo_card_fingerprint (card);
  g_print ("%s\n", path);
  g_print (_("Fingerprint to read to the coordinator: %s\n"), fingerprint);
  return AMPARO_CLI_OK;
}
