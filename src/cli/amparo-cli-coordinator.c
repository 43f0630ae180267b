/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "AmparoCli"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <glib/gi18n.h>

#include "amparo-card.h"
#include "amparo-cli.h"
#include "amparo-coordinator.h"
#include "amparo-error.h"
#include "amparo-regional.h"
#include "amparo-safe-file.h"
#include "amparo-summary.h"

/* The coordinator's commands: card, pin, import, inspect, import-log,
 * agencies, regional-report, coverage, public-report.
 *
 * `import` prints one line per file, "NAME: OUTCOME …", OUTCOME being
 * the stable word of the import log (imported, replaced,
 * already_imported, refused (reason)). It exits 0 when every file is
 * now imported (imported, replaced or already there) and 1 as soon as one
 * was refused, or when no summary file was found: a script must notice a
 * stale or forged file even among good ones. */

static gboolean
ask_yes_no (const char *question)
{
  char line[16];

  fprintf (stderr, "%s ", question);
  fflush (stderr);
  if (fgets (line, sizeof line, stdin) == NULL)
    return FALSE;
  /* Translators: the first letter of the answer "yes" */
  return line[0] == 'y' || line[0] == 'Y' || line[0] == _("y")[0];
}

static void
print_result (const AmparoImportResult *r)
{
  const char *outcome = amparo_import_outcome_to_string (r->outcome);

  if (r->outcome == AMPARO_IMPORT_OUTCOME_REFUSED)
    {
      g_print ("%s: %s (%s): %s\n", r->file_name, outcome,
               amparo_import_reason_to_string (r->error), r->error->message);
      return;
    }
  if (r->outcome == AMPARO_IMPORT_OUTCOME_REPLACED)
    g_print (_("%s: %s — %s, sequence %lld (was %lld), “%s”\n"), r->file_name, outcome,
             r->period, (long long) r->sequence, (long long) r->previous_sequence,
             r->agency_name);
  else
    g_print (_("%s: %s — %s, sequence %lld, “%s”\n"), r->file_name, outcome, r->period,
             (long long) r->sequence, r->agency_name);
  if (r->agency_pinned)
    g_print (_("  trusted a new agency, key fingerprint %s\n"), r->fingerprint);
  if (g_strcmp0 (r->agency_name, r->file_agency_name) != 0)
    g_print (_("  the file calls the agency “%s”; the trusted name is kept\n"),
             r->file_agency_name);
}

static void
import_progress_cb (guint                     done,
                    guint                     total,
                    const AmparoImportResult *result,
                    gpointer                  user_data)
{
  print_result (result);
}

/* On a terminal, for each agency not trusted yet: show its fingerprint,
 * ask, pin on yes and import its files again. */
static void
confirm_unknown_agencies (AmparoVault *vault,
                          GPtrArray   *results)
{
  /* fingerprint → the answer */
  g_autoptr(GHashTable) asked = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < results->len; i++)
    {
      AmparoImportResult *r = g_ptr_array_index (results, i);
      g_autoptr(GError) error = NULL;
      gboolean trusted;

      if (!g_error_matches (r->error, AMPARO_ERROR, AMPARO_ERROR_UNKNOWN_AGENCY))
        continue;
      trusted = GPOINTER_TO_INT (g_hash_table_lookup (asked, r->fingerprint));
      if (!g_hash_table_contains (asked, r->fingerprint))
        {
          fprintf (stderr, _("\n“%s” (agency id %s) is not trusted yet.\n"
                             "Its key’s fingerprint is: %s\n"
                             "Ask the agency to read out the fingerprint on its screen.\n"),
                   r->file_agency_name, r->agency_id, r->fingerprint);
          trusted = ask_yes_no (_("Are they the same? Trust this agency? [y/N]"));
          if (trusted
              && !amparo_coordinator_pin_agency_key (vault, r->agency_id, r->file_agency_name,
                                                     r->sign_key, &error))
            {
              g_printerr ("amparo-cli: %s\n", error->message);
              trusted = FALSE;
            }
          g_hash_table_insert (asked, g_strdup (r->fingerprint), GINT_TO_POINTER (trusted));
        }
      if (trusted)
        {
          g_autoptr(AmparoImportResult) again = amparo_import_result_new ();

          amparo_coordinator_import_file (vault, r->path, AMPARO_IMPORT_POLICY_KNOWN_ONLY, again,
                                          NULL);
          print_result (again);
          g_ptr_array_index (results, i) = g_steal_pointer (&again);
          amparo_import_result_free (r);
        }
    }
}

int
amparo_cli_import (AmparoCliContext *ctx,
                   int               argc,
                   char            **argv)
{
  static const char usage[] = "import FILE|DIR... [--trust-new]";
  gboolean trust_new = FALSE;
  GOptionEntry entries[] = {
    { "trust-new", 0, 0, G_OPTION_ARG_NONE, &trust_new, NULL, NULL },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(AmparoVault) vault = NULL;
  g_autoptr(GPtrArray) results = NULL;
  guint refused = 0;

  if (!amparo_cli_parse (entries, &argc, &argv, 1, -1))
    return amparo_cli_usage (usage);
  vault = amparo_cli_open_vault (ctx, &error);
  if (vault == NULL)
    return amparo_cli_fail (error);

  results = amparo_coordinator_import_paths (vault, (const char * const *) argv + 1,
                                             trust_new ? AMPARO_IMPORT_POLICY_TRUST_NEW
                                                       : AMPARO_IMPORT_POLICY_KNOWN_ONLY,
                                             import_progress_cb, NULL, NULL, &error);
  if (results == NULL)
    return amparo_cli_fail (error);
  if (!trust_new && isatty (STDIN_FILENO))
    confirm_unknown_agencies (vault, results);

  if (results->len == 0)
    {
      g_set_error_literal (&error, AMPARO_ERROR, AMPARO_ERROR_NOT_FOUND,
                           _("No summary files (*.amps) were found"));
      return amparo_cli_fail (error);
    }
  for (guint i = 0; i < results->len; i++)
    refused += !amparo_import_result_is_ok (g_ptr_array_index (results, i));
  if (refused > 0)
    {
      g_printerr ("amparo-cli: ");
      g_printerr (g_dngettext (GETTEXT_PACKAGE, "%u of %u files was refused\n",
                               "%u of %u files were refused\n", results->len),
                  refused, results->len);
      return AMPARO_CLI_ERROR;
    }
  return AMPARO_CLI_OK;
}

int
amparo_cli_inspect (AmparoCliContext *ctx,
                    int               argc,
                    char            **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AmparoVault) vault = NULL;
  g_autofree char *payload = NULL;
  g_auto(AmparoImportResult) result = { 0 };

  if (!amparo_cli_parse (NULL, &argc, &argv, 1, 1))
    return amparo_cli_usage ("inspect FILE");
  vault = amparo_cli_open_vault (ctx, &error);
  if (vault == NULL)
    return amparo_cli_fail (error);
  if (!amparo_coordinator_inspect_file (vault, argv[1], &payload, &result, &error))
    return amparo_cli_fail (error);

  g_print ("%s\n", payload);
  g_printerr (_("Signed with the key whose fingerprint is %s.\n"), result.fingerprint);
  if (result.error != NULL)
    g_printerr (_("Importing it now would be refused (%s): %s\n"),
                amparo_import_reason_to_string (result.error), result.error->message);
  else
    g_printerr (_("Importing it now: %s.\n"), amparo_import_outcome_to_string (result.outcome));
  return AMPARO_CLI_OK;
}

int
amparo_cli_card (AmparoCliContext *ctx,
                 int               argc,
                 char            **argv)
{
  static const char usage[] = "card --to DIR";
  g_autofree char *to = NULL;
  GOptionEntry entries[] = {
    { "to", 0, 0, G_OPTION_ARG_FILENAME, &to, NULL, NULL },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(AmparoVault) vault = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *fingerprint = NULL;
  g_autofree char *path = NULL;
  gboolean coordinator;

  if (!amparo_cli_parse (entries, &argc, &argv, 0, 0) || to == NULL)
    return amparo_cli_usage (usage);
  vault = amparo_cli_open_vault (ctx, &error);
  if (vault == NULL)
    return amparo_cli_fail (error);
  coordinator = amparo_vault_get_kind (vault) == AMPARO_VAULT_KIND_COORDINATOR;
  if (!(coordinator ? amparo_coordinator_card (vault, &bytes, &fingerprint, &error)
                    : amparo_agency_card (vault, &bytes, &fingerprint, &error)))
    return amparo_cli_fail (error);
  /* The file name says what the card is, never whose. */
  if (!amparo_safe_file_write_new (to, coordinator ? "coordinator-" : "agency-", ".ampc", bytes,
                                   &path, &error))
    return amparo_cli_fail (error);
  g_print ("%s\n", path);
  g_print (_("Fingerprint: %s\n"), fingerprint);
  return AMPARO_CLI_OK;
}

int
amparo_cli_pin (AmparoCliContext *ctx,
                int               argc,
                char            **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AmparoVault) vault = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *fingerprint = NULL;

  if (!amparo_cli_parse (NULL, &argc, &argv, 1, 1))
    return amparo_cli_usage ("pin CARD");
  vault = amparo_cli_open_vault (ctx, &error);
  if (vault == NULL)
    return amparo_cli_fail (error);
  bytes = amparo_safe_file_read (argv[1], AMPARO_CARD_MAX_SIZE, &error);
  if (bytes == NULL || !amparo_coordinator_pin_agency_card (vault, bytes, &fingerprint, &error))
    return amparo_cli_fail (error);
  g_print (_("Trusted the agency’s key with fingerprint %s\n"), fingerprint);
  return AMPARO_CLI_OK;
}

int
amparo_cli_import_log (AmparoCliContext *ctx,
                       int               argc,
                       char            **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AmparoVault) vault = NULL;
  g_autoptr(GPtrArray) log = NULL;

  if (!amparo_cli_parse (NULL, &argc, &argv, 0, 0))
    return amparo_cli_usage ("import-log");
  vault = amparo_cli_open_vault (ctx, &error);
  if (vault == NULL)
    return amparo_cli_fail (error);
  log = amparo_coordinator_import_log (vault, &error);
  if (log == NULL)
    return amparo_cli_fail (error);
  for (guint i = 0; i < log->len; i++)
    {
      AmparoImportLogEntry *e = g_ptr_array_index (log, i);
      g_autofree char *seq = e->sequence > 0 ? g_strdup_printf ("%lld", (long long) e->sequence)
                                             : g_strdup ("-");

      g_print ("%s\t%s\t%s\t%s\t%s\t%s\t%s\n", e->at, e->outcome,
               e->reason != NULL ? e->reason : "-", e->period != NULL ? e->period : "-", seq,
               e->agency_name != NULL ? e->agency_name
                                      : e->agency_id != NULL ? e->agency_id : "-",
               e->file_name);
    }
  return AMPARO_CLI_OK;
}

int
amparo_cli_agencies (AmparoCliContext *ctx,
                     int               argc,
                     char            **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AmparoVault) vault = NULL;
  g_autoptr(GPtrArray) list = NULL;

  if (!amparo_cli_parse (NULL, &argc, &argv, 0, 0))
    return amparo_cli_usage ("agencies");
  vault = amparo_cli_open_vault (ctx, &error);
  if (vault == NULL)
    return amparo_cli_fail (error);
  list = amparo_coordinator_list_agencies (vault, &error);
  if (list == NULL)
    return amparo_cli_fail (error);
  for (guint i = 0; i < list->len; i++)
    {
      AmparoAgencyInfo *a = g_ptr_array_index (list, i);

      g_print ("%s\t%s\t%u\t%s\n", a->id, a->fingerprint, a->n_summaries, a->name);
    }
  return AMPARO_CLI_OK;
}

int
amparo_cli_regional_report (AmparoCliContext *ctx,
                            int               argc,
                            char            **argv)
{
  static const char usage[] =
    "regional-report --period P [--period P...] [--format text|csv|json] [--combined-only]";
  g_auto(GStrv) periods = NULL;
  g_autofree char *format_str = NULL;
  gboolean combined_only = FALSE;
  GOptionEntry entries[] = {
    { "period", 0, 0, G_OPTION_ARG_STRING_ARRAY, &periods, NULL, NULL },
    { "format", 0, 0, G_OPTION_ARG_STRING, &format_str, NULL, NULL },
    { "combined-only", 0, 0, G_OPTION_ARG_NONE, &combined_only, NULL, NULL },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(AmparoVault) vault = NULL;
  g_autofree char *text = NULL;
  AmparoRegionalFormat format = AMPARO_REGIONAL_FORMAT_TEXT;

  if (!amparo_cli_parse (entries, &argc, &argv, 0, 0) || periods == NULL
      || (format_str != NULL && !amparo_regional_format_from_string (format_str, &format)))
    return amparo_cli_usage (usage);
  for (guint i = 0; periods[i] != NULL; i++)
    if (!amparo_period_is_valid (periods[i]))
      return amparo_cli_usage (usage);
  vault = amparo_cli_open_vault (ctx, &error);
  if (vault == NULL)
    return amparo_cli_fail (error);

  if (g_strv_length (periods) == 1)
    {
      g_autoptr(AmparoRegionalReport) report = amparo_regional_report_new (vault, periods[0],
                                                                           &error);

      if (report == NULL)
        return amparo_cli_fail (error);
      text = amparo_regional_report_format (report, format, !combined_only);
    }
  else
    {
      g_autoptr(GPtrArray) reports = amparo_regional_trend_new (vault,
                                                                (const char * const *) periods,
                                                                &error);

      if (reports == NULL)
        return amparo_cli_fail (error);
      text = amparo_regional_trend_format (reports, format);
    }
  fputs (text, stdout);
  return AMPARO_CLI_OK;
}

int
amparo_cli_coverage (AmparoCliContext *ctx,
                     int               argc,
                     char            **argv)
{
  static const char usage[] = "coverage [--period P...] [--format text|csv|json]";
  g_auto(GStrv) periods = NULL;
  g_autofree char *format_str = NULL;
  GOptionEntry entries[] = {
    { "period", 0, 0, G_OPTION_ARG_STRING_ARRAY, &periods, NULL, NULL },
    { "format", 0, 0, G_OPTION_ARG_STRING, &format_str, NULL, NULL },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(AmparoVault) vault = NULL;
  g_autoptr(AmparoCoverage) coverage = NULL;
  g_autofree char *text = NULL;
  AmparoRegionalFormat format = AMPARO_REGIONAL_FORMAT_TEXT;

  if (!amparo_cli_parse (entries, &argc, &argv, 0, 0)
      || (format_str != NULL && !amparo_regional_format_from_string (format_str, &format)))
    return amparo_cli_usage (usage);
  vault = amparo_cli_open_vault (ctx, &error);
  if (vault == NULL)
    return amparo_cli_fail (error);
  coverage = amparo_coverage_new (vault, (const char * const *) periods, &error);
  if (coverage == NULL)
    return amparo_cli_fail (error);
  text = amparo_coverage_format (coverage, format);
  fputs (text, stdout);
  return AMPARO_CLI_OK;
}

int
amparo_cli_public_report (AmparoCliContext *ctx,
                          int               argc,
                          char            **argv)
{
  static const char usage[] = "public-report --period P --to DIR";
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

  if (!amparo_cli_parse (entries, &argc, &argv, 0, 0) || period == NULL || to == NULL
      || !amparo_period_is_valid (period))
    return amparo_cli_usage (usage);
  vault = amparo_cli_open_vault (ctx, &error);
  if (vault == NULL)
    return amparo_cli_fail (error);
  if (!amparo_public_report_write (vault, period, to, &path, &error))
    return amparo_cli_fail (error);
  g_print ("%s\n", path);
  return AMPARO_CLI_OK;
}
