/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "AmparoCli"

#include <glib/gi18n.h>

#include "amparo-cli.h"
#include "amparo-demo.h"
#include "amparo-error.h"

int
amparo_cli_demo (AmparoCliContext *ctx,
                 int               argc,
                 char            **argv)
{
  static const char usage[] = "demo --cases N [--seed S]";
  g_autofree char *cases_str = NULL;
  g_autofree char *seed_str = NULL;
  GOptionEntry entries[] = {
    { "cases", 0, 0, G_OPTION_ARG_STRING, &cases_str, NULL, NULL },
    { "seed", 0, 0, G_OPTION_ARG_STRING, &seed_str, NULL, NULL },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(AmparoVault) vault = NULL;
  guint64 n_cases = 0, seed = 1;

  if (!amparo_cli_parse (entries, &argc, &argv, 0, 0) || cases_str == NULL
      || !g_ascii_string_to_unsigned (cases_str, 10, 1, AMPARO_DEMO_MAX_CASES, &n_cases, NULL)
      || (seed_str != NULL
          && !g_ascii_string_to_unsigned (seed_str, 10, 0, G_MAXUINT64, &seed, NULL)))
    return amparo_cli_usage (usage);

  vault = amparo_cli_open_vault (ctx, &error);
  if (vault == NULL)
    return amparo_cli_fail (error);
  if (!amparo_demo_generate (vault, (guint) n_cases, seed, &error))
    return amparo_cli_fail (error);
  g_print (g_dngettext (GETTEXT_PACKAGE, "Added %u demo case (seed %" G_GUINT64_FORMAT ")\n",
                        "Added %u demo cases (seed %" G_GUINT64_FORMAT ")\n", n_cases),
           (guint) n_cases, seed);
  return AMPARO_CLI_OK;
}
