/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "AmparoCli"

#include <locale.h>
#include <stdio.h>
#include <glib/gi18n.h>

#include "amparo-cli.h"
#include "amparo-error.h"
#include "amparo-report.h"
#include "amparo-suppress.h"

#define REPORT_USAGE N_("report --period P [--format text|csv|json] [--xlsx FILE]" \
                        " [--pdf FILE] [--suppressed] [--lang LL]")

/* --lang: labels and titles in another language than the session's, for
 * a funder who reads Spanish or English. gettext ignores LANGUAGE under
 * the C locale, so that case moves to C.UTF-8, which honours it. */
static void
use_language (const char *lang)
{
  const char *current;

  g_setenv ("LANGUAGE", lang, TRUE);
  current = setlocale (LC_MESSAGES, NULL);
  if (current == NULL || g_str_equal (current, "C") || g_str_equal (current, "POSIX"))
    setlocale (LC_MESSAGES, "C.UTF-8");
  textdomain (GETTEXT_PACKAGE);
}

int
amparo_cli_report (AmparoCliContext *ctx,
                   int               argc,
                   char            **argv)
{
  g_autofree char *period = NULL;
  g_autofree char *format = NULL;
  g_autofree char *xlsx = NULL;
  g_autofree char *pdf = NULL;
  g_autofree char *lang = NULL;
  gboolean suppressed = FALSE;
  GOptionEntry entries[] = {
    { "period", 0, 0, G_OPTION_ARG_STRING, &period, NULL, NULL },
    { "format", 0, 0, G_OPTION_ARG_STRING, &format, NULL, NULL },
    { "xlsx", 0, 0, G_OPTION_ARG_FILENAME, &xlsx, NULL, NULL },
    { "pdf", 0, 0, G_OPTION_ARG_FILENAME, &pdf, NULL, NULL },
    { "suppressed", 0, 0, G_OPTION_ARG_NONE, &suppressed, NULL, NULL },
    { "lang", 0, 0, G_OPTION_ARG_STRING, &lang, NULL, NULL },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(AmparoVault) vault = NULL;
  g_autoptr(AmparoReport) report = NULL;
  g_autofree char *out = NULL;
  g_autofree char *detail = NULL;

  if (!amparo_cli_parse (entries, &argc, &argv, 0, 0) || period == NULL
      || (format != NULL && !g_str_equal (format, "text") && !g_str_equal (format, "csv")
          && !g_str_equal (format, "json")))
    return amparo_cli_usage (REPORT_USAGE);
  if (lang != NULL)
    use_language (lang);

  vault = amparo_cli_open_vault (ctx, &error);
  if (vault == NULL)
    return amparo_cli_fail (error);
  report = amparo_report_build (vault, period, &error);
  if (report == NULL)
    return amparo_cli_fail (error);
  if (suppressed)
    {
      gint64 k = amparo_vault_get_setting_int (vault, "k", AMPARO_K_DEFAULT);
      AmparoReport *safe = amparo_report_suppressed (report,
                                                     (int) CLAMP (k, AMPARO_K_MIN, AMPARO_K_MAX));

      amparo_report_free (report);
      report = safe;
    }

  if (xlsx != NULL && !amparo_report_write_xlsx (report, xlsx, &error))
    return amparo_cli_fail (error);
  if (pdf != NULL && !amparo_report_write_pdf (report, pdf, &error))
    return amparo_cli_fail (error);

  /* printing and saving reports is logged, by period and form only */
  detail = g_strdup_printf ("period=%s format=%s%s%s%s", report->period,
                            format != NULL ? format : (xlsx || pdf) ? "files" : "text",
                            xlsx != NULL ? " xlsx" : "", pdf != NULL ? " pdf" : "",
                            suppressed ? " suppressed" : "");
  if (!amparo_vault_audit (vault, "report", 0, detail, &error))
    return amparo_cli_fail (error);

  if (format == NULL && (xlsx != NULL || pdf != NULL))
    {
      if (xlsx != NULL)
        g_print ("%s\n", xlsx);
      if (pdf != NULL)
        g_print ("%s\n", pdf);
      return AMPARO_CLI_OK;
    }
  if (format == NULL || g_str_equal (format, "text"))
    out = amparo_report_to_text (report);
  else if (g_str_equal (format, "csv"))
    out = amparo_report_to_csv (report);
  else
    out = amparo_report_to_json (report);
  fputs (out, stdout);
  if (!g_str_has_suffix (out, "\n"))
    fputc ('\n', stdout);
  return fflush (stdout) == 0 ? AMPARO_CLI_OK : AMPARO_CLI_ERROR;
}
