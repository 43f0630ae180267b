/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "AmparoSummary"

/* Kept apart from amparo-summary.c so the summary reader builds and is
 * tested without the suppression engine; core_sources lists it once
 * amparo-suppress.c is there. */

#include "amparo-summary.h"
#include "amparo-suppress.h"

/**
 * amparo_summary_validate_suppression:
 * @summary: a summary read with amparo_summary_from_json()
 * @error: return location for an error
 *
 * Re-checks every table against the suppression rule at the summary's
 * own k (DESIGN 5.3): an importer must refuse a summary that fails,
 * whatever the sending agency's program claims to have done.
 *
 * Returns: %TRUE if every table is safe, else %FALSE with
 *   %AMPARO_ERROR_SUPPRESSION naming the first table that is not
 */
gboolean
amparo_summary_validate_suppression (const AmparoSummary *summary,
                                     GError             **error)
{
  g_return_val_if_fail (summary != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  for (guint i = 0; i < summary->tables->len; i++)
    if (!amparo_suppress_check (g_ptr_array_index (summary->tables, i), summary->k, error))
      return FALSE;
  return TRUE;
}
