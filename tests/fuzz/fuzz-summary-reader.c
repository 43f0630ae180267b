/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <glib.h>

#include "amparo-error.h"
#include "amparo-summary.h"
#include "amparo-suppress.h"

/* The summary payload reader, as the coordinator runs it once a file
 * was decrypted and its signature checked: amparo_summary_from_json()
 * and the suppression re-check. Besides "no crash, no leak", it checks:
 *
 * - a refusal is an AMPARO_ERROR with a UTF-8 message;
 * - what was read writes back canonically, and that reads back to the
 *   same text (the importer stores and digests the canonical form);
 * - a summary that passes the suppression check gives every cell a
 *   range with lo <= hi (the regional report builds on those). */

int LLVMFuzzerInitialize (int    *argc,
                          char ***argv);
int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  /* A g_return_if_fail() reached from a file is a bug. */
  g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
  return 0;
}

static void
check_ranges (const AmparoSummary *summary)
{
  for (guint t = 0; t < summary->tables->len; t++)
    {
      const AmparoTable *table = g_ptr_array_index (summary->tables, t);

      for (guint c = 0; c < table->cells->len; c++)
        {
          gint64 lo = -1, hi = -1;

          if (!amparo_suppress_cell_range (table, c, &lo, &hi) || lo < 0 || lo > hi)
            g_error ("table %s cell %u: no consistent range", table->id, c);
        }
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(AmparoSummary) summary = NULL;
  g_autoptr(AmparoSummary) again = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *json = NULL;
  g_autofree char *json_again = NULL;

  summary = amparo_summary_from_json ((const char *) data, size, &error);
  if (summary == NULL)
    {
      if (error == NULL || error->domain != AMPARO_ERROR
          || !g_utf8_validate (error->message, -1, NULL))
        g_error ("refused without an Amparo error");
      return 0;
    }

  json = amparo_summary_to_json (summary);
  again = amparo_summary_from_json (json, strlen (json), &error);
  if (again == NULL)
    g_error ("the canonical form of an accepted payload is refused: %s", error->message);
  json_again = amparo_summary_to_json (again);
  if (!g_str_equal (json, json_again))
    g_error ("the canonical form is not stable");

  if (amparo_summary_validate_suppression (summary, &error))
    check_ranges (summary);
  else if (!g_error_matches (error, AMPARO_ERROR, AMPARO_ERROR_SUPPRESSION))
    g_error ("suppression refused with another error");
  return 0;
}
