/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "AmparoSuppress"

#include <glib/gi18n.h>

#include "amparo-error.h"
#include "amparo-suppress.h"

/* What a reader can work out from one published table. A suppressed cell
 * is known to be >= 1 (zeros are always published), and a secondary
 * suppression may hide a large count, so a suppressed cell has no upper
 * bound but the total. In an additive table with a published total T the
 * hidden cells share the remainder R = T - (sum of published cells), each
 * >= 1, so each one lies in [1, R - (|S| - 1)]. */
typedef struct
{
  guint    n_suppressed;
  guint64  published_sum;
  gboolean overflow;  /* only a hostile file gets here */
} Tally;

static inline AmparoCell *
cell_at (const AmparoTable *table,
         guint              i)
{
  return g_ptr_array_index (table->cells, i);
}

static inline gboolean
is_small (gint64 count,
          int    k)
{
  return count >= 1 && count < k;
}

static inline gboolean
is_valid_count (gint64 count)
{
  return count >= 0 || count == AMPARO_COUNT_SUPPRESSED;
}

/* Callers have rejected negative counts other than the marker. */
static Tally
tally (const AmparoTable *table)
{
  Tally t = { 0, 0, FALSE };

  for (guint i = 0; i < table->cells->len; i++)
    {
      gint64 count = cell_at (table, i)->count;

      if (count == AMPARO_COUNT_SUPPRESSED)
        t.n_suppressed++;
      else if (!g_uint64_checked_add (&t.published_sum, t.published_sum, (guint64) count))
        t.overflow = TRUE;
    }
  return t;
}

/* The suppressed cells are protected: at least two of them, hiding at
 * least k between them, and (additive) loose enough that none of them is
 * pinned to one value by the total. @original holds the exact counts. */
static gboolean
secondary_is_enough (const AmparoTable *table,
                     const gint64      *original,
                     int                k)
{
  Tally t = tally (table);
  gint64 hidden_sum = 0;

  if (t.n_suppressed == 0)
    return TRUE;
  if (t.n_suppressed < 2)
    return FALSE;

  for (guint i = 0; i < table->cells->len; i++)
    if (cell_at (table, i)->count == AMPARO_COUNT_SUPPRESSED)
      hidden_sum += original[i];
  if (hidden_sum < k)
    return FALSE;

  if (table->additive)
    {
      gint64 remainder;

      g_assert (!t.overflow);
      remainder = table->total - (gint64) t.published_sum;
      if (remainder < (gint64) t.n_suppressed + 1)
        return FALSE;
    }
  return TRUE;
}

/* The smallest published non-zero cell, the first one on ties so the
 * same data always gives the same file; -1 when there is none. Zeros are
 * never hidden: a reader takes every suppressed cell to be >= 1. */
static gint
next_to_suppress (const AmparoTable *table,
                  const gint64      *original)
{
  gint best = -1;

  for (guint i = 0; i < table->cells->len; i++)
    {
      gint64 count = cell_at (table, i)->count;

      if (count <= 0)
        continue;
      if (best < 0 || original[i] < original[best])
        best = (gint) i;
    }
  return best;
}

static gboolean
fail (GError            **error,
      const AmparoTable  *table,
      const char         *format)
{
  g_set_error (error, AMPARO_ERROR, AMPARO_ERROR_SUPPRESSION, format, table->id);
  return FALSE;
}

/* Hiding goes cell by cell, smallest first; the total is never hidden to
 * protect a cell because other tables publish the same total. */
void
amparo_suppress_table (AmparoTable *table,
                       int          k)
{
  g_autofree gint64 *original = NULL;
  guint n_cells;

  g_return_if_fail (table != NULL);
  g_return_if_fail (k >= AMPARO_K_MIN);
  g_return_if_fail (table->total >= 0);

  n_cells = table->cells->len;
  for (guint i = 0; i < n_cells; i++)
    g_return_if_fail (cell_at (table, i)->count >= 0);

  /* Secondary choices are made on the exact counts, which primary
   * suppression overwrites. */
  original = g_new (gint64, MAX (n_cells, 1));
  for (guint i = 0; i < n_cells; i++)
    original[i] = cell_at (table, i)->count;

  for (guint i = 0; i < n_cells; i++)
    if (is_small (original[i], k))
      cell_at (table, i)->count = AMPARO_COUNT_SUPPRESSED;

  /* A hidden total leaves nothing to subtract from. In an additive table
   * every non-zero cell is below it, hence already hidden. */
  if (is_small (table->total, k))
    {
      table->total = AMPARO_COUNT_SUPPRESSED;
      return;
    }

  /* Each step hides one more non-zero cell, which never makes any of the
   * conditions worse, so stopping at the first success is also the least
   * hiding this order allows. */
  while (!secondary_is_enough (table, original, k))
    {
      gint next = next_to_suppress (table, original);

      if (next < 0)
        break;
      cell_at (table, next)->count = AMPARO_COUNT_SUPPRESSED;
    }
}

gboolean
amparo_suppress_check (const AmparoTable  *table,
                       int                 k,
                       GError            **error)
{
  Tally t;
  guint64 total, remainder;

  g_return_val_if_fail (table != NULL, FALSE);
  g_return_val_if_fail (k >= AMPARO_K_MIN, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!is_valid_count (table->total))
    return fail (error, table, _("Table “%s” holds a negative count"));
  for (guint i = 0; i < table->cells->len; i++)
    if (!is_valid_count (cell_at (table, i)->count))
      return fail (error, table, _("Table “%s” holds a negative count"));

  if (is_small (table->total, k))
    return fail (error, table,
                 _("Table “%s” publishes a count small enough to single someone out"));
  for (guint i = 0; i < table->cells->len; i++)
    if (is_small (cell_at (table, i)->count, k))
      return fail (error, table,
                   _("Table “%s” publishes a count small enough to single someone out"));

  if (table->total == AMPARO_COUNT_SUPPRESSED)
    return TRUE;

  t = tally (table);
  if (t.n_suppressed == 1)
    return fail (error, table,
                 _("Table “%s” hides a single count, which its total gives away"));

  if (!table->additive)
    return TRUE;

  total = (guint64) table->total;
  if (t.overflow || t.published_sum > total)
    return fail (error, table, _("Table “%s” has counts adding up to more than its total"));
  if (t.n_suppressed == 0)
    return TRUE;

  remainder = total - t.published_sum;
  if (remainder < (guint64) t.n_suppressed + 1)
    return fail (error, table, _("Table “%s” hides counts that its total gives away"));
  /* The hidden cells' sum is itself published, by subtraction. */
  if (remainder < (guint64) k)
    return fail (error, table,
                 _("Table “%s” hides counts whose sum is small enough to single someone out"));

  return TRUE;
}

gboolean
amparo_suppress_cell_range (const AmparoTable *table,
                            guint              cell_index,
                            gint64            *lo,
                            gint64            *hi)
{
  const AmparoCell *cell;
  gint64 low, high;

  g_return_val_if_fail (table != NULL, FALSE);
  g_return_val_if_fail (cell_index < table->cells->len, FALSE);

  cell = cell_at (table, cell_index);
  if (cell->count != AMPARO_COUNT_SUPPRESSED)
    {
      if (cell->count < 0)
        return FALSE;
      low = high = cell->count;
    }
  else if (!table->additive || table->total == AMPARO_COUNT_SUPPRESSED)
    {
      low = 1;
      high = G_MAXINT64;
    }
  else
    {
      Tally t;
      guint64 remainder;

      if (table->total < 0)
        return FALSE;
      for (guint i = 0; i < table->cells->len; i++)
        if (!is_valid_count (cell_at (table, i)->count))
          return FALSE;

      t = tally (table);
      if (t.overflow || t.published_sum > (guint64) table->total)
        return FALSE;
      remainder = (guint64) table->total - t.published_sum;
      if (remainder < t.n_suppressed)
        return FALSE;

      low = 1;
      high = (gint64) (remainder - (t.n_suppressed - 1));
    }

  if (lo != NULL)
    *lo = low;
  if (hi != NULL)
    *hi = high;
  return TRUE;
}
