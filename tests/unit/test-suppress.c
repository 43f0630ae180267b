/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <string.h>

#include "amparo-error.h"
#include "amparo-suppress.h"

#define S AMPARO_COUNT_SUPPRESSED

#define N_RANDOM_TABLES 10000
#define MAX_CELLS       7

#define COUNTS(...) ((const gint64[]) { __VA_ARGS__ })
#define N_COUNTS(...) G_N_ELEMENTS (COUNTS (__VA_ARGS__))
#define TABLE_1D(id, additive, total, ...) \
  table_1d (id, additive, total, COUNTS (__VA_ARGS__), N_COUNTS (__VA_ARGS__))
#define ASSERT_COUNTS(table, ...) \
  assert_counts (table, COUNTS (__VA_ARGS__), N_COUNTS (__VA_ARGS__))

static AmparoTable *
table_1d (const char   *id,
          gboolean      additive,
          gint64        total,
          const gint64 *counts,
          guint         n_counts)
{
  const char *dims[] = { "dim", NULL };
  AmparoTable *table = amparo_table_new (id, dims, additive);

  for (guint i = 0; i < n_counts; i++)
    {
      g_autofree char *code = g_strdup_printf ("c%u", i);
      const char *key[] = { code, NULL };

      amparo_table_add (table, key, counts[i]);
    }
  table->total = total;
  return table;
}

static void
assert_counts (const AmparoTable *table,
               const gint64      *expected,
               guint              n_expected)
{
  g_assert_cmpuint (table->cells->len, ==, n_expected);
  for (guint i = 0; i < n_expected; i++)
    {
      const AmparoCell *cell = g_ptr_array_index (table->cells, i);

      g_assert_cmpint (cell->count, ==, expected[i]);
    }
}

static gint64
count_at (const AmparoTable *table,
          guint              i)
{
  return ((const AmparoCell *) g_ptr_array_index (table->cells, i))->count;
}

static void
assert_check_fails (const AmparoTable *table,
                    int                k)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (amparo_suppress_check (table, k, &error));
  g_assert_error (error, AMPARO_ERROR, AMPARO_ERROR_SUPPRESSION);
  g_assert_nonnull (strstr (error->message, table->id));
}

static void
assert_check_passes (const AmparoTable *table,
                     int                k)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (amparo_suppress_check (table, k, &error));
  g_assert_no_error (error);
}

static void
assert_range (const AmparoTable *table,
              guint              cell_index,
              gint64             lo,
              gint64             hi)
{
  gint64 got_lo = -7, got_hi = -7;

  g_assert_true (amparo_suppress_cell_range (table, cell_index, &got_lo, &got_hi));
  g_assert_cmpint (got_lo, ==, lo);
  g_assert_cmpint (got_hi, ==, hi);
}

/* An independent reader. It knows what a file tells: the published total,
 * the published cells, and that each hidden cell is an integer from 1 to
 * the total. It searches every assignment of the hidden cells that adds
 * up to the total and records the values each hidden cell takes in some
 * assignment. The search remembers which (cell, remainder) states it has
 * expanded: what can follow a state does not depend on how it was reached,
 * so the result is the same as listing every assignment, only faster. */
typedef struct
{
  guint     n_hidden;
  gint64    total;
  gint64    remainder;
  gint8    *state;     /* (n_hidden + 1) x (remainder + 1): 0 new, 1 completes, 2 dead end */
  gboolean *feasible;  /* n_hidden x (total + 1) */
} Reader;

static gboolean
reader_search (Reader *r,
               guint   depth,
               gint64  left)
{
  gint8 *state = &r->state[depth * (r->remainder + 1) + left];
  gboolean completes = FALSE;

  if (depth == r->n_hidden)
    return left == 0;
  if (*state != 0)
    return *state == 1;

  for (gint64 v = 1; v <= left && v <= r->total; v++)
    if (reader_search (r, depth + 1, left - v))
      {
        r->feasible[depth * (r->total + 1) + v] = TRUE;
        completes = TRUE;
      }
  *state = completes ? 1 : 2;
  return completes;
}

/* Fills @n_values[h] with how many values the h-th hidden cell may take;
 * @has_truth[h] says whether its real count @truth[h] is among them. */
static void
reader_solve (const AmparoTable *table,
              const gint64      *truth,
              guint             *n_values,
              gboolean          *has_truth)
{
  Reader r = { 0 };
  gint64 published = 0;
  guint h = 0;

  for (guint i = 0; i < table->cells->len; i++)
    {
      if (count_at (table, i) == S)
        r.n_hidden++;
      else
        published += count_at (table, i);
    }
  r.total = table->total;
  r.remainder = table->total - published;
  g_assert_cmpint (r.remainder, >=, 0);

  r.state = g_new0 (gint8, (r.n_hidden + 1) * (r.remainder + 1));
  r.feasible = g_new0 (gboolean, r.n_hidden * (r.total + 1));
  reader_search (&r, 0, r.remainder);

  for (guint i = 0; i < table->cells->len; i++)
    {
      if (count_at (table, i) != S)
        continue;
      n_values[h] = 0;
      for (gint64 v = 0; v <= r.total; v++)
        n_values[h] += r.feasible[h * (r.total + 1) + v] ? 1 : 0;
      has_truth[h] = truth[i] <= r.total && r.feasible[h * (r.total + 1) + truth[i]];
      h++;
    }
  g_free (r.state);
  g_free (r.feasible);
}

static gint64
random_count (GRand *rand,
              gint32 scale)
{
  /* Plenty of zeros and of cells just under k, where the rules bite. */
  if (g_rand_int_range (rand, 0, 5) == 0)
    return 0;
  /* Scale 0: many 1s among large counts, where hidden cells add up to k
   * yet are each pinned to 1 unless a large one is hidden too. */
  if (scale == 0)
    return g_rand_int_range (rand, 0, 3) ? 1 : g_rand_int_range (rand, 5, 31);
  return g_rand_int_range (rand, 0, scale + 1);
}

static AmparoTable *
random_table (GRand *rand)
{
  static const gint32 scales[] = { 0, 1, 2, 4, 8, 8, 15, 30, 30 };
  gint32 scale = scales[g_rand_int_range (rand, 0, G_N_ELEMENTS (scales))];
  AmparoTable *table;
  gint64 total = 0;

  if (g_rand_boolean (rand))
    {
      const char *dims[] = { "dim", NULL };
      guint n = g_rand_int_range (rand, 2, MAX_CELLS + 1);

      table = amparo_table_new ("random_1d", dims, TRUE);
      for (guint i = 0; i < n; i++)
        {
          g_autofree char *code = g_strdup_printf ("c%u", i);
          const char *key[] = { code, NULL };

          amparo_table_add (table, key, random_count (rand, scale));
        }
    }
  else
    {
      /* sector x status style: 2x2, 2x3 or 3x2, one grand total */
      const char *dims[] = { "row", "col", NULL };
      guint rows = g_rand_int_range (rand, 2, 4);
      guint cols = rows == 3 ? 2 : g_rand_int_range (rand, 2, 4);

      table = amparo_table_new ("random_2d", dims, TRUE);
      for (guint i = 0; i < rows; i++)
        for (guint j = 0; j < cols; j++)
          {
            g_autofree char *row = g_strdup_printf ("r%u", i);
            g_autofree char *col = g_strdup_printf ("c%u", j);
            const char *key[] = { row, col, NULL };

            amparo_table_add (table, key, random_count (rand, scale));
          }
    }

  for (guint i = 0; i < table->cells->len; i++)
    total += count_at (table, i);
  table->total = total;
  return table;
}

static void
test_random_tables_leave_every_hidden_cell_two_values (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (20261002);
  guint n_hidden_total = 0, n_secondary = 0, n_pinned = 0, n_beyond_two = 0, n_unfixable = 0;
  gint64 start = g_get_monotonic_time ();

  for (guint t = 0; t < N_RANDOM_TABLES; t++)
    {
      g_autoptr(AmparoTable) table = random_table (rand);
      g_autoptr(AmparoTable) original = amparo_table_copy (table);
      g_autoptr(AmparoTable) again = amparo_table_copy (table);
      g_autoptr(GError) error = NULL;
      int k = g_rand_int_range (rand, AMPARO_K_MIN, AMPARO_K_MAX + 1);
      guint n_cells = table->cells->len;
      guint n_hidden = 0, n_nonzero = 0, h = 0;
      guint n_values[MAX_CELLS];
      gboolean has_truth[MAX_CELLS];
      gint64 truth[MAX_CELLS];
      gint64 hidden_sum = 0, largest_secondary = -1;
      gboolean all_two = TRUE, all_ones = TRUE;
      gboolean passes;

      amparo_suppress_table (table, k);

      /* Same data, same file. */
      amparo_suppress_table (again, k);
      g_assert_true (amparo_table_equal (table, again));

      for (guint i = 0; i < n_cells; i++)
        {
          gint64 before = count_at (original, i);
          gint64 after = count_at (table, i);

          g_assert_false (after >= 1 && after < k);
          if (before == 0)
            g_assert_cmpint (after, ==, 0);
          else if (after != S)
            g_assert_cmpint (after, ==, before);
          else
            {
              n_hidden++;
              hidden_sum += before;
              all_ones = all_ones && before == 1;
              if (before >= k)
                largest_secondary = MAX (largest_secondary, before);
            }
          if (before != 0)
            n_nonzero++;
        }
      g_assert_false (table->total >= 1 && table->total < k);

      if (table->total == S)
        {
          /* Only a small total is hidden, and then every non-zero cell is. */
          g_assert_cmpint (original->total, >=, 1);
          g_assert_cmpint (original->total, <, k);
          g_assert_cmpuint (n_hidden, ==, n_nonzero);
          assert_check_passes (table, k);
          n_hidden_total++;
          continue;
        }
      g_assert_cmpint (table->total, ==, original->total);
      if (n_hidden == 0)
        {
          assert_check_passes (table, k);
          continue;
        }

      /* Secondary picks are the smallest published values, first on ties:
       * every cell still published is larger, or equal and later. */
      for (guint i = 0; i < n_cells; i++)
        {
          gint64 before = count_at (original, i);

          if (before < k || count_at (table, i) != S)
            continue;
          for (guint j = 0; j < n_cells; j++)
            if (count_at (table, j) > 0)
              g_assert_true (count_at (original, j) > before
                             || (count_at (original, j) == before && j > i));
        }

      for (guint i = 0; i < n_cells; i++)
        truth[i] = count_at (original, i);
      reader_solve (table, truth, n_values, has_truth);
      for (h = 0; h < n_hidden; h++)
        {
          /* The reader is never misled ... */
          g_assert_true (has_truth[h]);
          g_assert_cmpuint (n_values[h], >=, 1);
          all_two = all_two && n_values[h] >= 2;
        }

      /* ... and the check agrees with it exactly. */
      passes = amparo_suppress_check (table, k, &error);
      g_assert_cmpint (passes, ==, all_two);
      if (passes)
        {
          g_assert_no_error (error);
          g_assert_cmpuint (n_hidden, >=, 2);
          g_assert_cmpint (hidden_sum, >=, k);
        }
      else
        {
          /* The one table hiding cells cannot fix: every non-zero cell is
           * already hidden and each is exactly 1. */
          g_assert_error (error, AMPARO_ERROR, AMPARO_ERROR_SUPPRESSION);
          g_assert_cmpuint (n_hidden, ==, n_nonzero);
          g_assert_true (all_ones);
          n_unfixable++;
          continue;
        }

      if (largest_secondary >= 0)
        {
          /* No more hiding than needed: showing the last pick again (the
           * largest, the latest on ties) breaks the rule. */
          g_autoptr(AmparoTable) fewer = amparo_table_copy (table);
          g_autoptr(GError) fewer_error = NULL;
          guint last = 0;

          for (guint i = 0; i < n_cells; i++)
            if (count_at (table, i) == S && count_at (original, i) == largest_secondary)
              last = i;
          ((AmparoCell *) g_ptr_array_index (fewer->cells, last))->count = largest_secondary;
          g_assert_false (amparo_suppress_check (fewer, k, &fewer_error));

          /* Count the tables where only the two-value rule asked for it. */
          if (n_hidden - 1 >= 2 && hidden_sum - largest_secondary >= k)
            n_pinned++;
          n_secondary++;
        }
      if (n_hidden > 2)
        n_beyond_two++;
    }

  g_test_message ("%u random tables in %.2f s: %u hid their total, %u needed secondary "
                  "suppression (%u only for the two-value rule), %u hid more than two cells, "
                  "%u could not be protected",
                  N_RANDOM_TABLES, (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC,
                  n_hidden_total, n_secondary, n_pinned, n_beyond_two, n_unfixable);
  /* The draw reaches every branch, or the test proves less than it says. */
  g_assert_cmpuint (n_hidden_total, >, 0);
  g_assert_cmpuint (n_secondary, >, 0);
  g_assert_cmpuint (n_pinned, >, 0);
  g_assert_cmpuint (n_beyond_two, >, 0);
  g_assert_cmpuint (n_unfixable, >, 0);
}

static void
test_single_small_cell_forces_a_second (void)
{
  g_autoptr(AmparoTable) table = TABLE_1D ("age_band", TRUE, 45, 3, 10, 12, 20);

  amparo_suppress_table (table, 5);

  /* Alone, the 3 would be 45 - 42; the 10 joins it as the next smallest. */
  ASSERT_COUNTS (table, S, S, 12, 20);
  g_assert_cmpint (table->total, ==, 45);
  assert_check_passes (table, 5);
  assert_range (table, 0, 1, 12);
  assert_range (table, 1, 1, 12);
}

static void
test_cells_pinned_to_one_force_more (void)
{
  g_autoptr(AmparoTable) table = TABLE_1D ("language", TRUE, 55, 1, 1, 1, 1, 1, 20, 30);

  amparo_suppress_table (table, 5);

  /* Five hidden 1s add up to k, but 5 shared by five cells >= 1 leaves
   * each exactly 1. Hiding the 20 makes each 1..20. */
  ASSERT_COUNTS (table, S, S, S, S, S, S, 30);
  g_assert_cmpint (table->total, ==, 55);
  assert_check_passes (table, 5);
  for (guint i = 0; i < 6; i++)
    assert_range (table, i, 1, 20);
}

static void
test_small_total_is_suppressed (void)
{
  g_autoptr(AmparoTable) table = TABLE_1D ("gender", TRUE, 3, 2, 1, 0);

  amparo_suppress_table (table, 5);

  ASSERT_COUNTS (table, S, S, 0);
  g_assert_cmpint (table->total, ==, S);
  assert_check_passes (table, 5);
  assert_range (table, 0, 1, G_MAXINT64);
  assert_range (table, 2, 0, 0);
}

static void
test_zeros_are_never_suppressed (void)
{
  g_autoptr(AmparoTable) table = TABLE_1D ("referral_source", TRUE, 11, 0, 2, 0, 0, 9, 0);

  amparo_suppress_table (table, 5);

  /* The zeros are smaller than the 9 but a hidden zero would read as >= 1. */
  ASSERT_COUNTS (table, 0, S, 0, 0, S, 0);
  g_assert_cmpint (table->total, ==, 11);
  assert_check_passes (table, 5);
}

static void
test_ties_go_to_the_first_cell (void)
{
  g_autoptr(AmparoTable) table = TABLE_1D ("gender", TRUE, 23, 2, 7, 7, 7);

  amparo_suppress_table (table, 5);

  ASSERT_COUNTS (table, S, S, 7, 7);
  assert_check_passes (table, 5);
}

static void
test_non_additive_gets_a_second_suppression (void)
{
  /* Cells overlap: 2 + 8 + 9 exceeds the total and nothing subtracts. */
  g_autoptr(AmparoTable) table = TABLE_1D ("victimization", FALSE, 10, 2, 9, 8);

  amparo_suppress_table (table, 5);

  ASSERT_COUNTS (table, S, 9, S);
  g_assert_cmpint (table->total, ==, 10);
  assert_check_passes (table, 5);
  assert_range (table, 0, 1, G_MAXINT64);
}

static void
test_two_way_table_with_grand_total (void)
{
  const char *dims[] = { "sector", "referral_status", NULL };
  const char *keys[][3] = {
    { "legal", "made", NULL }, { "legal", "completed", NULL },
    { "health", "made", NULL }, { "health", "completed", NULL },
  };
  const gint64 counts[] = { 1, 6, 7, 9 };
  g_autoptr(AmparoTable) table = amparo_table_new ("referrals_out", dims, TRUE);

  for (guint i = 0; i < G_N_ELEMENTS (counts); i++)
    amparo_table_add (table, keys[i], counts[i]);
  table->total = 23;

  amparo_suppress_table (table, 5);

  ASSERT_COUNTS (table, S, S, 7, 9);
  assert_check_passes (table, 5);
  assert_range (table, 0, 1, 6);
}

static void
test_all_ones_cannot_be_protected (void)
{
  g_autoptr(AmparoTable) table = TABLE_1D ("language", TRUE, 5, 1, 1, 0, 1, 1, 1);

  amparo_suppress_table (table, 5);

  /* Five people, five languages: the total (published by other tables
   * too) pins each hidden cell to 1, so the table must not leave. */
  ASSERT_COUNTS (table, S, S, 0, S, S, S);
  g_assert_cmpint (table->total, ==, 5);
  assert_check_fails (table, 5);
}

static void
test_check_rejects_published_small_count (void)
{
  g_autoptr(AmparoTable) cell = TABLE_1D ("age_band", TRUE, 20, 2, 18);
  g_autoptr(AmparoTable) total = TABLE_1D ("gender", FALSE, 4, S, S);
  g_autoptr(AmparoTable) non_additive = TABLE_1D ("victimization", FALSE, 20, 2, 12);
  g_autoptr(AmparoTable) three = TABLE_1D ("age_band", TRUE, 20, 3, 17);

  assert_check_fails (cell, 5);
  assert_check_fails (total, 5);
  assert_check_fails (non_additive, 5);
  /* The threshold is the one the table was published with. */
  assert_check_passes (three, 3);
  assert_check_fails (three, 5);
}

static void
test_check_rejects_lone_suppressed_cell (void)
{
  g_autoptr(AmparoTable) additive = TABLE_1D ("age_band", TRUE, 20, S, 0, 17);
  g_autoptr(AmparoTable) non_additive = TABLE_1D ("victimization", FALSE, 20, S, 17, 9);

  assert_check_fails (additive, 5);
  assert_check_fails (non_additive, 5);
}

static void
test_check_rejects_pinned_cells (void)
{
  /* R = 2 shared by two cells >= 1: both are exactly 1. */
  g_autoptr(AmparoTable) pinned = TABLE_1D ("age_band", TRUE, 12, S, S, 10);
  /* Six hidden cells share 6, at least k, yet each is exactly 1. */
  g_autoptr(AmparoTable) six = TABLE_1D ("language", TRUE, 36, S, S, S, S, S, S, 30);

  assert_check_fails (pinned, 5);
  assert_check_fails (six, 5);
}

static void
test_check_rejects_small_hidden_sum (void)
{
  /* Each hidden cell may be 1..3, but together they are 4 < k. */
  g_autoptr(AmparoTable) table = TABLE_1D ("age_band", TRUE, 24, S, S, 20);

  assert_check_fails (table, 5);
}

static void
test_check_rejects_cells_over_total (void)
{
  g_autoptr(AmparoTable) table = TABLE_1D ("age_band", TRUE, 15, 10, 10);
  g_autoptr(AmparoTable) hidden = TABLE_1D ("age_band", TRUE, 15, S, S, 10, 10);

  assert_check_fails (table, 5);
  assert_check_fails (hidden, 5);
}

static void
test_check_rejects_negative_counts (void)
{
  g_autoptr(AmparoTable) cell = TABLE_1D ("age_band", TRUE, 20, -2, 22);
  g_autoptr(AmparoTable) total = TABLE_1D ("age_band", TRUE, -20, 0, 0);

  assert_check_fails (cell, 5);
  assert_check_fails (total, 5);
}

static void
test_check_accepts_correct_tables (void)
{
  g_autoptr(AmparoTable) additive = TABLE_1D ("age_band", TRUE, 20, S, S, 0, 12);
  g_autoptr(AmparoTable) small_total = TABLE_1D ("gender", TRUE, S, S, 0, S);
  g_autoptr(AmparoTable) no_secondary_rule = TABLE_1D ("shelter", FALSE, S, 40, S);
  g_autoptr(AmparoTable) overlapping = TABLE_1D ("victimization", FALSE, 10, 9, 8, 0);

  assert_check_passes (additive, 5);
  assert_check_passes (small_total, 5);
  assert_check_passes (no_secondary_rule, 5);
  assert_check_passes (overlapping, 5);
}

static void
test_cell_range_refuses_contradictions (void)
{
  g_autoptr(AmparoTable) over = TABLE_1D ("age_band", TRUE, 15, S, S, 20);
  g_autoptr(AmparoTable) short_total = TABLE_1D ("age_band", TRUE, 11, S, S, S, 9);

  g_assert_false (amparo_suppress_cell_range (over, 0, NULL, NULL));
  /* 2 left for three cells >= 1 */
  g_assert_false (amparo_suppress_cell_range (short_total, 0, NULL, NULL));
  assert_range (over, 2, 20, 20);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/suppress/random/every-hidden-cell-has-two-values",
                   test_random_tables_leave_every_hidden_cell_two_values);
  g_test_add_func ("/suppress/secondary/single-small-cell", test_single_small_cell_forces_a_second);
  g_test_add_func ("/suppress/secondary/cells-pinned-to-one", test_cells_pinned_to_one_force_more);
  g_test_add_func ("/suppress/secondary/ties-first-cell", test_ties_go_to_the_first_cell);
  g_test_add_func ("/suppress/secondary/non-additive", test_non_additive_gets_a_second_suppression);
  g_test_add_func ("/suppress/secondary/two-way", test_two_way_table_with_grand_total);
  g_test_add_func ("/suppress/secondary/all-ones-unprotectable", test_all_ones_cannot_be_protected);
  g_test_add_func ("/suppress/primary/small-total", test_small_total_is_suppressed);
  g_test_add_func ("/suppress/primary/zeros-published", test_zeros_are_never_suppressed);
  g_test_add_func ("/suppress/check/small-count", test_check_rejects_published_small_count);
  g_test_add_func ("/suppress/check/lone-suppressed-cell", test_check_rejects_lone_suppressed_cell);
  g_test_add_func ("/suppress/check/pinned-cells", test_check_rejects_pinned_cells);
  g_test_add_func ("/suppress/check/small-hidden-sum", test_check_rejects_small_hidden_sum);
  g_test_add_func ("/suppress/check/cells-over-total", test_check_rejects_cells_over_total);
  g_test_add_func ("/suppress/check/negative", test_check_rejects_negative_counts);
  g_test_add_func ("/suppress/check/accepts-correct", test_check_accepts_correct_tables);
  g_test_add_func ("/suppress/cell-range/contradictions", test_cell_range_refuses_contradictions);
  return g_test_run ();
}
