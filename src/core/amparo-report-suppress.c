/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "AmparoReport"

#include <glib/gi18n.h>

#include "amparo-codes.h"
#include "amparo-report-private.h"
#include "amparo-suppress.h"

/* Suppression across a whole report. amparo_suppress_table() protects
 * each table on its own; a report also publishes the same quantity twice,
 * or one table as the margin of another, and a count hidden in one place
 * must not be published, or worked out, in another:
 *
 *  - Every "survivors served" total is the same number, and so are the two
 *    outcome totals: their suppression depends on the total alone, so it
 *    agrees everywhere by itself.
 *  - Completeness cells are copies of the not-reported cells of other
 *    tables: they are copied after those are suppressed, so each is hidden
 *    exactly when its original is. If that leaves it the only hidden cell
 *    beside a published total, its total (the survivors served, published
 *    in the "cases" table anyway) is hidden instead of another cell.
 *  - Shelter: the "survivors" cell is the table's total; it is published
 *    exactly when the total is, and secondary suppression works on the
 *    children and nights cells only.
 *  - Victimization by age: each row adds up to the victimization table's
 *    cell, and each cell is at most the age table's cell (and the column
 *    adds up to at least it). A row whose victimization count is hidden, and
 *    a column whose age count is hidden, are hidden whole; a row whose
 *    count is published is protected like an additive table with that
 *    total.
 *  - Survivors receiving a kind of service are at most the services of
 *    that kind, so a hidden services cell hides the survivors cell too.
 *
 * A table that still cannot be protected is left out, with the reason. */

typedef struct
{
  GHashTable *exact;      /* id → const AmparoTable */
  GHashTable *published;  /* id → AmparoTable, owned */
  GHashTable *reasons;    /* id → reason of dropped tables */
  int         k;
} Suppressor;

static inline AmparoCell *
cell_at (const AmparoTable *t,
         guint              i)
{
  return g_ptr_array_index (t->cells, i);
}

static inline gboolean
hidden (const AmparoTable *t,
        guint              i)
{
  return cell_at (t, i)->count == AMPARO_COUNT_SUPPRESSED;
}

static guint
n_hidden (const AmparoTable *t)
{
  guint n = 0;

  for (guint i = 0; i < t->cells->len; i++)
    n += hidden (t, i);
  return n;
}

/* Hides the smallest published non-zero cell among @cells (all cells when
 * %NULL), by exact count, the first on ties. */
static gboolean
hide_next (AmparoTable       *t,
           const AmparoTable *exact,
           const GArray      *cells)
{
  guint n = cells != NULL ? cells->len : t->cells->len;
  gint best = -1;

  for (guint j = 0; j < n; j++)
    {
      guint i = cells != NULL ? g_array_index (cells, guint, j) : j;

      if (hidden (t, i) || cell_at (exact, i)->count == 0)
        continue;
      if (best < 0 || cell_at (exact, i)->count < cell_at (exact, best)->count)
        best = (gint) i;
    }
  if (best < 0)
    return FALSE;
  cell_at (t, best)->count = AMPARO_COUNT_SUPPRESSED;
  return TRUE;
}

static gboolean
hide_if_nonzero (AmparoTable       *t,
                 const AmparoTable *exact,
                 guint              i)
{
  if (hidden (t, i) || cell_at (exact, i)->count == 0)
    return FALSE;
  cell_at (t, i)->count = AMPARO_COUNT_SUPPRESSED;
  return TRUE;
}

static void
drop (Suppressor *s,
      const char *id,
      const char *reason)
{
  g_hash_table_remove (s->published, id);
  g_hash_table_insert (s->reasons, (gpointer) id, (gpointer) reason);
}

static const char *
reason_unprotectable (const AmparoTable *exact)
{
  if (exact->additive)
    return _("Nearly everyone it counts is alone in their group, so no count in it could be "
             "shown without singling someone out.");
  return _("Its only count is too small to show without singling someone out.");
}

static const char *
reason_linked (void)
{
  return _("Its small counts could not be hidden without their being worked out from the other "
           "tables.");
}

static const AmparoTable *
exact_table (Suppressor *s,
             const char *id)
{
  const AmparoTable *t = g_hash_table_lookup (s->exact, id);

  g_assert (t != NULL);
  return t;
}

/* NULL when the table was dropped. */
static AmparoTable *
published_table (Suppressor *s,
                 const char *id)
{
  return g_hash_table_lookup (s->published, id);
}

static void
suppress_plain (Suppressor *s,
                const char *id)
{
  AmparoTable *t = amparo_table_copy (exact_table (s, id));

  amparo_suppress_table (t, s->k);
  g_hash_table_insert (s->published, t->id, t);
  if (!amparo_suppress_check (t, s->k, NULL))
    drop (s, id, reason_unprotectable (exact_table (s, id)));
}

static void
suppress_service_survivors (Suppressor *s)
{
  const AmparoTable *exact = exact_table (s, "service_survivors");
  const AmparoTable *services = published_table (s, "services");
  AmparoTable *t = amparo_table_copy (exact);

  amparo_suppress_table (t, s->k);
  g_hash_table_insert (s->published, t->id, t);
  /* cells in the same catalogue order: both are by VOCA category */
  for (guint i = 0; services != NULL && i < t->cells->len; i++)
    if (hidden (services, i))
      hide_if_nonzero (t, exact, i);
  if (t->total != AMPARO_COUNT_SUPPRESSED && n_hidden (t) == 1 && !hide_next (t, exact, NULL))
    drop (s, "service_survivors", reason_linked ());
}

static void
suppress_shelter (Suppressor *s)
{
  const AmparoTable *exact = exact_table (s, "shelter");
  g_autoptr(AmparoTable) rest = amparo_table_copy (exact);
  AmparoTable *t = amparo_table_copy (exact);
  const char *survivors_key[] = { "survivors", NULL };
  AmparoCell *survivors;

  /* protect children and nights against the total, then copy the total's
   * fate to the survivors cell, which is the same number */
  g_ptr_array_remove_index (rest->cells, 0);
  g_assert (g_str_equal (cell_at (exact, 0)->key[0], "survivors"));
  amparo_suppress_table (rest, s->k);
  for (guint i = 0; i < rest->cells->len; i++)
    cell_at (t, i + 1)->count = cell_at (rest, i)->count;
  t->total = rest->total;
  survivors = amparo_table_lookup (t, survivors_key);
  if (t->total == AMPARO_COUNT_SUPPRESSED && survivors->count > 0)
    survivors->count = AMPARO_COUNT_SUPPRESSED;
  g_hash_table_insert (s->published, t->id, t);
}

/* Rows of victimization_age are victimization codes, columns age bands,
 * in catalogue order. */
static gboolean
protect_victimization_age (Suppressor  *s,
                           AmparoTable *t)
{
  const AmparoTable *exact = exact_table (s, "victimization_age");
  const AmparoTable *v = published_table (s, "victimization");
  const AmparoTable *age = published_table (s, "age_band");
  guint n_cols = age->cells->len;
  guint n_rows = v->cells->len;
  g_autoptr(GArray) row = g_array_new (FALSE, FALSE, sizeof (guint));

  g_assert (n_rows * n_cols == t->cells->len);

  /* every step hides one more cell, so this ends */
  for (gboolean changed = TRUE; changed;)
    {
      changed = FALSE;
      for (guint c = 0; c < n_cols; c++)
        if (hidden (age, c))
          for (guint r = 0; r < n_rows; r++)
            changed |= hide_if_nonzero (t, exact, r * n_cols + c);

      for (guint r = 0; r < n_rows; r++)
        {
          guint n = 0;
          gint64 sum = 0;

          g_array_set_size (row, 0);
          for (guint c = 0; c < n_cols; c++)
            {
              guint i = r * n_cols + c;

              g_array_append_val (row, i);
              if (hidden (v, r))
                changed |= hide_if_nonzero (t, exact, i);
              if (hidden (t, i))
                {
                  n++;
                  sum += cell_at (exact, i)->count;
                }
            }
          if (hidden (v, r) || n == 0)
            continue;
          /* the row's total is published: protect it as an additive table */
          if (n < 2 || sum < s->k || sum < (gint64) n + 1)
            {
              if (!hide_next (t, exact, row))
                return FALSE;
              changed = TRUE;
            }
        }

      if (t->total != AMPARO_COUNT_SUPPRESSED && n_hidden (t) == 1)
        {
          if (!hide_next (t, exact, NULL))
            return FALSE;
          changed = TRUE;
        }
    }
  return TRUE;
}

static void
suppress_victimization_age (Suppressor *s)
{
  AmparoTable *t;

  if (published_table (s, "victimization") == NULL || published_table (s, "age_band") == NULL)
    {
      drop (s, "victimization_age", reason_linked ());
      return;
    }
  t = amparo_table_copy (exact_table (s, "victimization_age"));
  amparo_suppress_table (t, s->k);
  g_hash_table_insert (s->published, t->id, t);
  if (!protect_victimization_age (s, t))
    drop (s, "victimization_age", reason_linked ());
}

static void
suppress_completeness (Suppressor *s)
{
  const AmparoTable *exact = exact_table (s, "completeness");
  AmparoTable *t = amparo_table_copy (exact);
  const char *nr[] = { "not_reported", NULL };

  for (guint i = 0; i < t->cells->len; i++)
    {
      AmparoCell *cell = cell_at (t, i);
      const AmparoTable *base = published_table (s, cell->key[0]);

      if (base != NULL)
        cell->count = amparo_table_lookup (base, nr)->count;
      else if (cell->count > 0)
        cell->count = AMPARO_COUNT_SUPPRESSED;
    }
  /* the same total as the "cases" table, hidden when that one is */
  if ((t->total >= 1 && t->total < s->k) || n_hidden (t) == 1)
    t->total = AMPARO_COUNT_SUPPRESSED;
  g_hash_table_insert (s->published, t->id, t);
}

void
amparo_report_add_dropped (AmparoReport *report,
                           const char   *table_id,
                           const char   *reason)
{
  AmparoReportDropped *d = g_new0 (AmparoReportDropped, 1);

  d->table_id = g_strdup (table_id);
  d->reason = g_strdup (reason);
  g_ptr_array_add (report->dropped, d);
}

/**
 * amparo_report_suppressed:
 * @report: an exact report (k = 0)
 * @k: the threshold, %AMPARO_K_MIN..%AMPARO_K_MAX
 *
 * Makes the copy of @report that may leave the agency: every table
 * suppressed at @k, with the cross-table rules described at the top of
 * amparo-report-suppress.c, and every table that cannot be protected left
 * out and listed in the result's @dropped with the reason in words. Every
 * table of the result passes amparo_suppress_check().
 *
 * Returns: (transfer full): the suppressed report
 */
AmparoReport *
amparo_report_suppressed (const AmparoReport *report,
                          int                 k)
{
  static const char *const special[] = {
    "service_survivors", "shelter", "victimization_age", "completeness", NULL
  };
  Suppressor s = { 0 };
  AmparoReport *out;
  const AmparoTableSpec *specs;
  guint n_specs;

  g_return_val_if_fail (report != NULL, NULL);
  g_return_val_if_fail (report->k == 0, NULL);
  g_return_val_if_fail (k >= AMPARO_K_MIN, NULL);

  s.k = k;
  s.exact = g_hash_table_new (g_str_hash, g_str_equal);
  s.published = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                       (GDestroyNotify) amparo_table_free);
  s.reasons = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < report->tables->len; i++)
    {
      const AmparoTable *t = g_ptr_array_index (report->tables, i);
      g_hash_table_insert (s.exact, t->id, (gpointer) t);
    }

  specs = amparo_table_specs (&n_specs);
  for (guint i = 0; i < n_specs; i++)
    if (g_hash_table_contains (s.exact, specs[i].id)
        && !g_strv_contains (special, specs[i].id))
      suppress_plain (&s, specs[i].id);
  suppress_service_survivors (&s);
  suppress_shelter (&s);
  suppress_victimization_age (&s);
  suppress_completeness (&s);

  out = amparo_report_new_empty ();
  out->period = g_strdup (report->period);
  out->start = g_strdup (report->start);
  out->end = g_strdup (report->end);
  out->fiscal_year_start = g_strdup (report->fiscal_year_start);
  out->k = k;
  for (guint i = 0; i < n_specs; i++)
    {
      AmparoTable *t = NULL;
      const char *reason;

      /* the last line of defence: nothing leaves that fails the check the
       * coordinator's importer makes */
      if (g_hash_table_steal_extended (s.published, specs[i].id, NULL, (gpointer *) &t)
          && !amparo_suppress_check (t, k, NULL))
        {
          g_clear_pointer (&t, amparo_table_free);
          g_hash_table_insert (s.reasons, (gpointer) specs[i].id, (gpointer) reason_linked ());
        }
      if (t != NULL)
        g_ptr_array_add (out->tables, t);
      else if ((reason = g_hash_table_lookup (s.reasons, specs[i].id)) != NULL)
        amparo_report_add_dropped (out, specs[i].id, reason);
    }

  g_hash_table_unref (s.exact);
  g_hash_table_unref (s.published);
  g_hash_table_unref (s.reasons);
  return out;
}
