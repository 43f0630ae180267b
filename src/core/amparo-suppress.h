/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "amparo-table.h"

G_BEGIN_DECLS

#define AMPARO_K_MIN      3
#define AMPARO_K_MAX      20
#define AMPARO_K_DEFAULT  5
#define AMPARO_PUBLIC_K_DEFAULT 10

/**
 * amparo_suppress_table:
 * @table: a table holding exact counts (no suppressed cells yet)
 * @k: the threshold, AMPARO_K_MIN..AMPARO_K_MAX (public reports may use more)
 *
 * Applies primary suppression (every count in 1..k-1) and secondary
 * suppression, in place, so that amparo_suppress_check() holds.
 */
void     amparo_suppress_table (AmparoTable *table,
                                int          k);

/**
 * amparo_suppress_check:
 * @table: a published table
 * @k: the threshold it was published with
 *
 * Re-checks a published table: no published count lies in 1..k-1, and for
 * an additive table every suppressed cell can take at least two integer
 * values consistent with every published number (suppressed cells are
 * known to be >= 1).
 *
 * Returns: %TRUE if the table is safe, else %FALSE with
 *   %AMPARO_ERROR_SUPPRESSION naming the table
 */
gboolean amparo_suppress_check (const AmparoTable *table,
                                int                k,
                                GError           **error);

G_END_DECLS
