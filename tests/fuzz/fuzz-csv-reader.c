/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <glib.h>

#include "amparo-cases.h"
#include "amparo-csv-import.h"

/* The spreadsheet (CSV) reader behind `csv-import` and the app's import,
 * amparo_csv_parse(): decoding, the header, every row's validation; no
 * vault. Besides "no crash, no leak", it checks that the answer agrees
 * with the problems listed, that at most AMPARO_CSV_MAX_LISTED_PROBLEMS
 * (plus one "…and N more") are listed, each UTF-8, and that a file with
 * problems yields no drafts (nothing is imported in part). */

int LLVMFuzzerInitialize (int    *argc,
                          char ***argv);
int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GPtrArray) drafts = g_ptr_array_new_with_free_func ((GDestroyNotify) amparo_case_draft_free);
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  gboolean ok;

  ok = amparo_csv_parse (data, size, drafts, problems);
  if (ok != (problems->len == 0))
    g_error ("the answer disagrees with the problems listed");
  if (!ok && drafts->len != 0)
    g_error ("a file with problems gave drafts");
  if (problems->len > AMPARO_CSV_MAX_LISTED_PROBLEMS + 1)
    g_error ("%u problems listed", problems->len);
  for (guint i = 0; i < problems->len; i++)
    if (!g_utf8_validate (g_ptr_array_index (problems, i), -1, NULL))
      g_error ("a problem is not UTF-8");
  return 0;
}
