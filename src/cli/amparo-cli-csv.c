/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "AmparoCli"

#include <glib/gi18n.h>

#include "amparo-cli.h"
#include "amparo-csv-import.h"
#include "amparo-error.h"

/* csv-import FILE: on problems, the first line on stderr says how many
 * there are and that nothing was imported; one line per problem follows.
 * None of them quotes a cell. */
int
amparo_cli_csv_import (AmparoCliContext  *ctx,
                       int                argc,
                       char             **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AmparoVault) vault = NULL;
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  guint imported = 0;

  if (!amparo_cli_parse (NULL, &argc, &argv, 1, 1))
    return amparo_cli_usage (N_("csv-import FILE"));

  vault = amparo_cli_open_vault (ctx, &error);
  if (vault == NULL)
    return amparo_cli_fail (error);
  if (!amparo_csv_import (vault, argv[1], &imported, problems, &error))
    {
      int status = amparo_cli_fail (error);

      for (guint i = 0; i < problems->len; i++)
        g_printerr ("%s\n", (const char *) g_ptr_array_index (problems, i));
      return status;
    }
  g_print (g_dngettext (GETTEXT_PACKAGE, "Imported %u case\n", "Imported %u cases\n", imported),
           imported);
  return AMPARO_CLI_OK;
}
