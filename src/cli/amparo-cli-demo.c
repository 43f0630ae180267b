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
  static const char usage[] = N_("demo --cases N [--seed S]");
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
  g_autofree char *seed_text = NULL;

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
  /* The seed goes in as text: xgettext cannot see through G_GUINT64_FORMAT,
   * so a format macro inside the message would cut its msgid short. */
  seed_text = g_strdup_printf ("%" G_GUINT64_FORMAT, seed);
  g_print (g_dngettext (GETTEXT_PACKAGE, "Added %u demo case (seed %s)\n",
                        "Added %u demo cases (seed %s)\n", (gulong) n_cases),
           (guint) n_cases, seed_text);
  return AMPARO_CLI_OK;
}
