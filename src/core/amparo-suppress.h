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
 *
 * Secondary suppression hides the next smallest non-zero cells (first
 * one on ties), never zeros and never the total. So two kinds of table
 * cannot be fixed and keep failing amparo_suppress_check(); they must not
 * be published as they are: an additive table whose non-zero cells are
 * all exactly 1, and a non-additive table with a published total whose
 * only non-zero cell is below @k.
 */
void     amparo_suppress_table (AmparoTable *table,
                                int          k);

/**
 * amparo_suppress_check:
 * @table: a published table
 * @k: the threshold it was published with
 *
 * Re-checks a published table: no count is negative (other than
 * %AMPARO_COUNT_SUPPRESSED), no published count lies in 1..k-1, and with a
 * published total, no cell is the only suppressed one. For an additive
 * table with a published total, the published cells do not exceed the
 * total, the suppressed cells add up to at least @k (their sum is known by
 * subtraction), and every suppressed cell can take at least two integer
 * values consistent with every published number (suppressed cells are
 * known to be >= 1).
 *
 * Returns: %TRUE if the table is safe, else %FALSE with
 *   %AMPARO_ERROR_SUPPRESSION naming the table
 */
gboolean amparo_suppress_check (const AmparoTable *table,
                                int                k,
                                GError           **error);

/**
 * amparo_suppress_cell_range:
 * @table: a published table
 * @cell_index: index into @table's cells
 * @lo: (out) (optional): the smallest value consistent with @table
 * @hi: (out) (optional): the largest, or %G_MAXINT64 when unbounded
 *
 * The values a cell may hold given every number in @table. A published
 * cell holds exactly its count. A suppressed cell is at least 1; in an
 * additive table with a published total it is at most what the total
 * leaves for the suppressed cells, less 1 for each other suppressed cell.
 * Otherwise it is unbounded: cells of a non-additive table may exceed the
 * total, and a suppressed total is not known here.
 *
 * Returns: %TRUE, or %FALSE if no value fits (the table contradicts
 *   itself; amparo_suppress_check() rejects such tables)
 */
gboolean amparo_suppress_cell_range (const AmparoTable *table,
                                     guint              cell_index,
                                     gint64            *lo,
                                     gint64            *hi);

G_END_DECLS
