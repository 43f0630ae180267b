/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "AmparoReport"

#include <string.h>

#include <glib/gi18n.h>

#include "amparo-codes.h"
#include "amparo-db.h"
#include "amparo-period.h"
#include "amparo-report-private.h"

/* How a period report counts (also in data/report-rules.md, which the
 * guide follows). P is the period, start..end inclusive. Only cases with
 * counted = 1 (the survivor agreed to be counted) and complete = 1 (both
 * halves of the intake committed) enter any table. A case is one survivor:
 * the coded store holds no per-person id, so a survivor who returns under
 * a new case number counts twice.
 *
 *  - Survivors served: cases open at any time in P,
 *    opened <= end AND (closed IS NULL OR closed >= start).
 *  - New / continuing ("cases"): a survivor is new in P when P holds her
 *    first day of service in a fiscal year: she was opened within P, or P
 *    holds the first day of a fiscal year and her case was open on it.
 *    Everyone else served is continuing. So a survivor is new once per
 *    fiscal year, as VOCA performance reports count, and when periods
 *    tile the fiscal year the "new" counts add up to the survivors served
 *    in that year. With a fiscal year starting in October, 2026-Q4 (and
 *    2026-H2, which holds 1 October) counts everyone served as new.
 *  - Age, gender, language, limited English, referral source: the case's
 *    own code, over survivors served. A code outside the catalogue counts
 *    as "other" (or "not reported" where a category has no "other").
 *  - Race and ethnicity, special classifications, victimization: each code
 *    counts the survivors served holding it, so these tables are not
 *    additive. A survivor with no race or victimization code counts as
 *    not reported; special classifications have no such default (none
 *    may apply). Codes outside the catalogue are not counted.
 *  - Victimization by age: the same, split by the survivor's age band.
 *  - Perpetrator relationship and sex: the case's first recorded
 *    perpetrator (lowest id); none recorded counts as not reported.
 *  - Accompanying children: every child recorded on a case served in P,
 *    by the child's age band.
 *  - Services, hours, survivors receiving services: services dated in P.
 *    Hours per category = the category's minutes / 60 rounded half up to
 *    a whole hour; the total is the sum of the rounded cells, so the table
 *    stays additive (it can differ from the rounded sum of all minutes by
 *    a couple of hours). Services whose category is not one of the five
 *    VOCA categories are not counted.
 *  - Shelter: a stay's nights are the dates slept there, entered ..
 *    exited - 1, and a same-day entry and exit is one night. A stay with
 *    no exit date runs to today. Only nights within P count. Survivors
 *    sheltered: those with at least one night in P; children sheltered: the
 *    largest children count of any such stay of hers (the same children
 *    usually come along each time); nights: the survivor's own nights.
 *  - Referrals: dated in P, out by partner sector x status, in by sector;
 *    a status outside the catalogue is not counted.
 *  - Outcome measures: cases closed in P (closed between start and end).
 *  - Completeness: for each field, the survivors served counted as not
 *    reported in that field's table; so each cell is a copy of a cell of
 *    another table, and amparo_report_suppressed() keeps them equal.
 *
 * Speed: SQLCipher decrypts every page it touches, and an index lookup per
 * row touches the table's pages in random order, so reading 100,000 cases
 * through an index costs seconds while reading the whole table in order
 * costs tens of milliseconds. Each table is therefore read once, in
 * storage order, and counted here against sorted arrays of the survivors
 * served and of the cases left out; and as few pages as possible are
 * read: the cases served (open, or closed since P began) and those left
 * out come from the covering indexes cases_report and cases_excluded, a
 * period's services and referrals from the covering indexes
 * services_period and referrals_period alone, and the codes, first
 * perpetrator and children of the survivors served from case_codes and
 * the covering indexes perpetrators_report and children_report, in case
 * order, between the lowest and the highest case served; when those are a
 * small part of every case, case by case, so only their pages are
 * decrypted (issue 9). */

typedef struct
{
  sqlite3      *db;
  const char   *start;
  const char   *end;
  guint32       start_j;
  guint32       end_j;
  guint32       today_j;
  char         *fy_start;       /* a fiscal year's first day within P, or NULL */
  GHashTable   *tables;         /* id → AmparoTable */
  GHashTable   *indexes;        /* category → (code → index + 1) */
  GArray       *served;         /* gint64 case ids, ascending */
  GArray       *served_age;     /* guint8 age_band index, per served case */
  GArray       *excluded;       /* gint64 ids of cases not counted or incomplete */
  guint         n_ids;          /* the span of case ids, about as many as cases */
} Counter;

/* When the survivors served are a small part of every case (a quarter out
 * of years), the per-case tables are read by case for them alone, through
 * their case_id keys and indexes, in case order; otherwise in one pass
 * from the lowest case served to the highest. */
static gboolean
few_served (Counter *c)
{
  return (gsize) c->served->len * 4 < c->n_ids || c->served->len == 0;
}

static gint64
served_id (Counter *c,
           guint    j)
{
  return g_array_index (c->served, gint64, j);
}

/* A statement over the case ids from the lowest to the highest served. */
static sqlite3_stmt *
prepare_served_range (Counter    *c,
                      const char *sql,
                      GError    **error)
{
  sqlite3_stmt *stmt = amparo_db_prepare (c->db, sql, error);

  if (stmt != NULL)
    {
      g_assert (c->served->len > 0);
      sqlite3_bind_int64 (stmt, 1, served_id (c, 0));
      sqlite3_bind_int64 (stmt, 2, served_id (c, c->served->len - 1));
    }
  return stmt;
}

static void
counter_clear (Counter *c)
{
  g_clear_pointer (&c->fy_start, g_free);
  g_clear_pointer (&c->tables, g_hash_table_unref);
  g_clear_pointer (&c->indexes, g_hash_table_unref);
  g_clear_pointer (&c->served, g_array_unref);
  g_clear_pointer (&c->served_age, g_array_unref);
  g_clear_pointer (&c->excluded, g_array_unref);
}

static AmparoTable *
table (Counter    *c,
       const char *id)
{
  AmparoTable *t = g_hash_table_lookup (c->tables, id);

  g_assert (t != NULL);
  return t;
}

static inline void
bump_index (AmparoTable *t,
            guint        i,
            gint64       n)
{
  ((AmparoCell *) g_ptr_array_index (t->cells, i))->count += n;
}

static void
sum_into_total (AmparoTable *t)
{
  t->total = 0;
  for (guint i = 0; i < t->cells->len; i++)
    t->total += ((AmparoCell *) g_ptr_array_index (t->cells, i))->count;
}

/* A code's position in its category (and so in a one-way table), or -1. */
static int
code_index (Counter    *c,
            const char *category,
            const char *code)
{
  GHashTable *index = g_hash_table_lookup (c->indexes, category);

  if (index == NULL)
    {
      const AmparoCategory *cat = amparo_category_lookup (category);
      guint i = 0;

      g_assert (cat != NULL);
      index = g_hash_table_new (g_str_hash, g_str_equal);
      for (const AmparoCode *code_ = cat->codes; code_->code != NULL; code_++)
        g_hash_table_insert (index, (gpointer) code_->code, GUINT_TO_POINTER (++i));
      g_hash_table_insert (c->indexes, (gpointer) cat->id, index);
    }
  if (code == NULL)
    return -1;
  return GPOINTER_TO_INT (g_hash_table_lookup (index, code)) - 1;
}

/* As counted: nothing recorded is not reported; a code outside the
 * catalogue is "other" where the category has one. -1: cannot be placed. */
static int
placed_index (Counter    *c,
              const char *category,
              const char *code)
{
  int i = code_index (c, category, code);

  if (i >= 0)
    return i;
  if (code != NULL && (i = code_index (c, category, "other")) >= 0)
    return i;
  return code_index (c, category, "not_reported");
}

static const char *
text (sqlite3_stmt *stmt,
      int           col)
{
  return (const char *) sqlite3_column_text (stmt, col);
}

static gboolean
step_error (Counter *c,
            int      rc,
            GError **error)
{
  if (rc == SQLITE_DONE)
    return TRUE;
  amparo_db_set_error (error, c->db, rc);
  return FALSE;
}

static sqlite3_stmt *
prepare (Counter    *c,
         const char *sql,
         GError    **error)
{
  sqlite3_stmt *stmt = amparo_db_prepare (c->db, sql, error);

  if (stmt != NULL && sqlite3_bind_parameter_count (stmt) >= 2)
    {
      sqlite3_bind_text (stmt, 1, c->start, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, c->end, -1, SQLITE_STATIC);
    }
  return stmt;
}

static gboolean
contains (GArray *sorted,
          gint64  id,
          guint  *position)
{
  guint lo = 0, hi = sorted->len;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;
      gint64 v = g_array_index (sorted, gint64, mid);

      if (v == id)
        {
          if (position != NULL)
            *position = mid;
          return TRUE;
        }
      if (v < id)
        lo = mid + 1;
      else
        hi = mid;
    }
  return FALSE;
}

static guint32
julian (const char *date)
{
  GDate d;

  return amparo_date_from_string (date, &d) ? g_date_get_julian (&d) : 0;
}

/* ------------------------------------------------------------ cases */

static const char *const case_fields[] = {
  "age_band", "gender", "language", "limited_english", "referral_source",
};

typedef struct
{
  gint64 id;
  guint8 age;
} ServedCase;

static int
served_case_compare (gconstpointer a,
                     gconstpointer b)
{
  gint64 x = ((const ServedCase *) a)->id, y = ((const ServedCase *) b)->id;

  return x < y ? -1 : x > y;
}

/* Who is served, as what, and the outcomes of those closed in P: every
 * such case is open, or closed on or after P's start, so both come from
 * the covering index cases_report without reading the rest (issue 9). */
static gboolean
count_cases (Counter *c,
             GError **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GArray) served = g_array_new (FALSE, FALSE, sizeof (ServedCase));
  AmparoTable *flow = table (c, "cases");
  AmparoTable *fields[G_N_ELEMENTS (case_fields)];
  AmparoTable *safety = table (c, "outcome_safety_strategies");
  AmparoTable *resources = table (c, "outcome_knows_resources");
  int new_i = code_index (c, "case_flow", "new");
  int continuing_i = code_index (c, "case_flow", "continuing");
  int not_asked = code_index (c, "outcome_answer", "not_asked");
  gint64 n_ids;
  int rc;

  for (guint i = 0; i < G_N_ELEMENTS (case_fields); i++)
    fields[i] = table (c, case_fields[i]);

  /* counting the cases would read a whole index; this reads a few pages */
  n_ids = amparo_db_query_int (c->db, "SELECT ifnull ((SELECT max(id) FROM cases)"
                                      " - (SELECT min(id) FROM cases) + 1, 0);", -1);
  if (n_ids < 0)
    {
      amparo_db_set_error (error, c->db, sqlite3_errcode (c->db));
      return FALSE;
    }
  c->n_ids = (guint) MIN (n_ids, G_MAXUINT);

  /* the cases left out of every count, in id order */
  stmt = amparo_db_prepare (c->db, "SELECT id FROM cases INDEXED BY cases_excluded"
                                   " WHERE counted != 1 OR complete != 1 ORDER BY id;", error);
  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);

      g_array_append_val (c->excluded, id);
    }
  if (!step_error (c, rc, error))
    return FALSE;
  g_clear_pointer (&stmt, sqlite3_finalize);

#define CASE_COLUMNS "id, counted, complete, opened, closed, age_band, gender, language," \
  " limited_english, referral_source, outcome_safety_strategies, outcome_knows_resources"
  stmt = amparo_db_prepare (c->db,
    "SELECT " CASE_COLUMNS " FROM cases INDEXED BY cases_report"
    " WHERE closed IS NULL AND opened <= ?2"
    " UNION ALL SELECT " CASE_COLUMNS " FROM cases INDEXED BY cases_report"
    " WHERE closed >= ?1;", error);
#undef CASE_COLUMNS
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, c->start, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, c->end, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *opened = text (stmt, 3);
      const char *closed = text (stmt, 4);
      ServedCase sc;
      gboolean is_new;
      int i;

      if (sqlite3_column_int (stmt, 1) != 1 || sqlite3_column_int (stmt, 2) != 1)
        continue;
      if (opened == NULL)
        continue;

      if (closed != NULL && strcmp (closed, c->start) >= 0 && strcmp (closed, c->end) <= 0)
        {
          i = code_index (c, "outcome_answer", text (stmt, 10));
          bump_index (safety, i >= 0 ? i : not_asked, 1);
          i = code_index (c, "outcome_answer", text (stmt, 11));
          bump_index (resources, i >= 0 ? i : not_asked, 1);
        }

      if (strcmp (opened, c->end) > 0 || (closed != NULL && strcmp (closed, c->start) < 0))
        continue;

      is_new = strcmp (opened, c->start) >= 0
               || (c->fy_start != NULL && strcmp (opened, c->fy_start) <= 0
                   && (closed == NULL || strcmp (closed, c->fy_start) >= 0));
      bump_index (flow, is_new ? new_i : continuing_i, 1);
      for (guint f = 0; f < G_N_ELEMENTS (case_fields); f++)
        bump_index (fields[f], placed_index (c, case_fields[f], text (stmt, 5 + f)), 1);
      sc.id = sqlite3_column_int64 (stmt, 0);
      sc.age = (guint8) placed_index (c, "age_band", text (stmt, 5));
      g_array_append_val (served, sc);
    }
  if (!step_error (c, rc, error))
    return FALSE;

  /* the index gives them by date; every other pass wants case order */
  g_array_sort (served, served_case_compare);
  for (guint s = 0; s < served->len; s++)
    {
      const ServedCase *sc = &g_array_index (served, ServedCase, s);

      g_array_append_val (c->served, sc->id);
      g_array_append_val (c->served_age, sc->age);
    }

  flow->total = c->served->len;
  for (guint i = 0; i < G_N_ELEMENTS (case_fields); i++)
    fields[i]->total = c->served->len;
  sum_into_total (safety);
  sum_into_total (resources);
  return TRUE;
}

static const char *const code_categories[] = { "race_ethnicity", "special_class",
                                                "victimization" };

/* One case_codes row (case_id, category, code) into a survivor's bits. */
static void
code_bits (Counter      *c,
           sqlite3_stmt *stmt,
           guint32      *masks)
{
  const char *category = text (stmt, 1);
  int code;

  if (category == NULL)
    return;
  for (guint k = 0; k < G_N_ELEMENTS (code_categories); k++)
    if (g_str_equal (category, code_categories[k])
        && (code = code_index (c, category, text (stmt, 2))) >= 0)
      masks[k] |= 1u << code;
}

/* Race and ethnicity, special classifications, victimization (by age):
 * one bit per code and survivor, so each survivor counts once per code.
 * case_codes is stored in case order, like the survivors served. */
static gboolean
count_codes (Counter *c,
             GError **error)
{
  const char *const *categories = code_categories;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree guint32 *masks = g_new0 (guint32, 3 * MAX (c->served->len, 1));
  AmparoTable *va = table (c, "victimization_age");
  AmparoTable *v = table (c, "victimization");
  guint n_age = amparo_category_n_codes ("age_band");
  guint j = 0;
  int rc;

  /* one bit per code */
  for (guint k = 0; k < G_N_ELEMENTS (code_categories); k++)
    g_assert (amparo_category_n_codes (categories[k]) <= 32);
  if (few_served (c))
    {
      stmt = amparo_db_prepare (c->db, "SELECT case_id, category, code FROM case_codes"
                                       " WHERE case_id = ?;", error);
      if (stmt == NULL)
        return FALSE;
      for (j = 0; j < c->served->len; j++)
        {
          sqlite3_bind_int64 (stmt, 1, g_array_index (c->served, gint64, j));
          while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
            code_bits (c, stmt, masks + 3 * j);
          sqlite3_reset (stmt);
          if (!step_error (c, rc, error))
            return FALSE;
        }
    }
  else
    {
      stmt = prepare_served_range (c, "SELECT case_id, category, code FROM case_codes"
                                      " WHERE case_id >= ?1 AND case_id <= ?2"
                                      " ORDER BY case_id;", error);
      if (stmt == NULL)
        return FALSE;
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          gint64 id = sqlite3_column_int64 (stmt, 0);

          while (j < c->served->len && g_array_index (c->served, gint64, j) < id)
            j++;
          if (j == c->served->len)
            break;
          if (g_array_index (c->served, gint64, j) == id)
            code_bits (c, stmt, masks + 3 * j);
        }
      if (rc != SQLITE_ROW && !step_error (c, rc, error))
        return FALSE;
    }

  for (guint s = 0; s < c->served->len; s++)
    for (guint k = 0; k < G_N_ELEMENTS (code_categories); k++)
      {
        guint32 mask = masks[3 * s + k];
        guint age = g_array_index (c->served_age, guint8, s);

        /* no race or victimization recorded: not reported */
        if (mask == 0 && k != 1)
          mask = 1u << code_index (c, categories[k], "not_reported");
        for (int code = 0; mask != 0; code++, mask >>= 1)
          if (mask & 1)
            {
              if (k == 2)
                bump_index (va, code * n_age + age, 1);
              else
                bump_index (table (c, categories[k]), code, 1);
            }
      }
  /* each survivor has one age band: victimization is the row sums */
  for (guint i = 0; i < va->cells->len; i++)
    bump_index (v, i / n_age, ((AmparoCell *) g_ptr_array_index (va->cells, i))->count);

  table (c, "race_ethnicity")->total = c->served->len;
  table (c, "special_class")->total = c->served->len;
  v->total = va->total = c->served->len;
  return TRUE;
}

static gboolean
count_perpetrators (Counter *c,
                    GError **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree guint8 *seen = g_new0 (guint8, MAX (c->served->len, 1));
  AmparoTable *rel = table (c, "perpetrator_relationship");
  AmparoTable *sex = table (c, "perpetrator_sex");
  guint first = 0;
  int rc;

  if (few_served (c))
    {
      stmt = amparo_db_prepare (c->db, "SELECT case_id, relationship, sex FROM perpetrators"
                                       " INDEXED BY perpetrators_report"
                                       " WHERE case_id = ? ORDER BY id LIMIT 1;", error);
      if (stmt == NULL)
        return FALSE;
      for (guint j = 0; j < c->served->len; j++)
        {
          sqlite3_bind_int64 (stmt, 1, g_array_index (c->served, gint64, j));
          if ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
            {
              first++;
              bump_index (rel, placed_index (c, "perpetrator_relationship", text (stmt, 1)), 1);
              bump_index (sex, placed_index (c, "perpetrator_sex", text (stmt, 2)), 1);
              rc = SQLITE_DONE;
            }
          sqlite3_reset (stmt);
          if (!step_error (c, rc, error))
            return FALSE;
        }
      goto done;
    }
  /* in id order within each case, so the first row met for a case is its
   * first perpetrator */
  stmt = prepare_served_range (c, "SELECT case_id, relationship, sex FROM perpetrators"
                                  " INDEXED BY perpetrators_report"
                                  " WHERE case_id >= ?1 AND case_id <= ?2"
                                  " ORDER BY case_id, id;", error);
  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      guint j;

      if (!contains (c->served, sqlite3_column_int64 (stmt, 0), &j) || seen[j])
        continue;
      seen[j] = 1;
      first++;
      bump_index (rel, placed_index (c, "perpetrator_relationship", text (stmt, 1)), 1);
      bump_index (sex, placed_index (c, "perpetrator_sex", text (stmt, 2)), 1);
    }
  if (!step_error (c, rc, error))
    return FALSE;
done:
  bump_index (rel, code_index (c, "perpetrator_relationship", "not_reported"),
              c->served->len - first);
  bump_index (sex, code_index (c, "perpetrator_sex", "not_reported"), c->served->len - first);
  rel->total = sex->total = c->served->len;
  return TRUE;
}

static gboolean
count_children (Counter *c,
                GError **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  AmparoTable *t = table (c, "children");
  int rc;

  if (few_served (c))
    {
      stmt = amparo_db_prepare (c->db, "SELECT case_id, age_band FROM children"
                                       " INDEXED BY children_report WHERE case_id = ?;", error);
      if (stmt == NULL)
        return FALSE;
      for (guint j = 0; j < c->served->len; j++)
        {
          sqlite3_bind_int64 (stmt, 1, g_array_index (c->served, gint64, j));
          while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
            {
              int i = placed_index (c, "child_age_band", text (stmt, 1));
              if (i >= 0)
                bump_index (t, i, 1);
            }
          sqlite3_reset (stmt);
          if (!step_error (c, rc, error))
            return FALSE;
        }
      sum_into_total (t);
      return TRUE;
    }
  stmt = prepare_served_range (c, "SELECT case_id, age_band FROM children"
                                  " INDEXED BY children_report"
                                  " WHERE case_id >= ?1 AND case_id <= ?2;", error);
  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    if (contains (c->served, sqlite3_column_int64 (stmt, 0), NULL))
      {
        int i = placed_index (c, "child_age_band", text (stmt, 1));
        if (i >= 0)
          bump_index (t, i, 1);
      }
  sum_into_total (t);
  return step_error (c, rc, error);
}

/* ------------------------------------------------------------ events */

static gboolean
count_services (Counter *c,
                GError **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GHashTable) people = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  AmparoTable *services = table (c, "services");
  AmparoTable *hours = table (c, "service_hours");
  AmparoTable *survivors = table (c, "service_survivors");
  gint64 minutes[32] = { 0 };
  GHashTableIter iter;
  gpointer key, value;
  int rc;

  G_STATIC_ASSERT (sizeof minutes / sizeof minutes[0] >= 5);
  /* the covering index holds exactly the period's services, in a range */
  stmt = prepare (c, "SELECT case_id, category, minutes FROM services INDEXED BY services_period"
                     " WHERE date >= ?1 AND date <= ?2;", error);
  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      int i = code_index (c, "voca", text (stmt, 1));
      guint32 *mask;

      if (i < 0 || contains (c->excluded, id, NULL))
        continue;
      bump_index (services, i, 1);
      minutes[i] += MAX (sqlite3_column_int64 (stmt, 2), 0);
      mask = g_hash_table_lookup (people, &id);
      if (mask == NULL)
        {
          gint64 *k = g_memdup2 (&id, sizeof id);
          mask = g_new0 (guint32, 1);
          g_hash_table_insert (people, k, mask);
        }
      *mask |= 1u << i;
    }
  if (!step_error (c, rc, error))
    return FALSE;

  for (guint i = 0; i < hours->cells->len; i++)
    bump_index (hours, i, (minutes[i] + 30) / 60);
  g_hash_table_iter_init (&iter, people);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      guint32 mask = *(guint32 *) value;

      for (int i = 0; mask != 0; i++, mask >>= 1)
        if (mask & 1)
          bump_index (survivors, i, 1);
      g_free (value);
    }
  sum_into_total (services);
  sum_into_total (hours);
  survivors->total = g_hash_table_size (people);
  return TRUE;
}

/* Nights of one stay within P, all in julian days. */
static gint64
stay_nights (guint32 entered,
             guint32 exited,    /* 0: still there */
             guint32 today,
             guint32 start,
             guint32 end)
{
  guint32 first = MAX (entered, start), last;

  if (exited == 0)
    last = today;
  else if (exited <= entered)
    last = entered;
  else
    last = exited - 1;
  last = MIN (last, end);
  return last >= first ? (gint64) (last - first) + 1 : 0;
}

static gboolean
count_shelter (Counter *c,
               GError **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  AmparoTable *t = table (c, "shelter");
  gint64 current = -1, current_children = 0;
  gint64 survivors = 0, children = 0, nights = 0;
  int rc;

  stmt = prepare (c, "SELECT case_id, entered, exited, children FROM shelter_stays NOT INDEXED"
                     " WHERE entered <= ?2 AND (exited IS NULL OR exited >= ?1)"
                     " ORDER BY case_id;", error);
  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      guint32 entered = julian (text (stmt, 1));
      guint32 exited = julian (text (stmt, 2));
      gint64 n;

      if (entered == 0 || contains (c->excluded, id, NULL))
        continue;
      n = stay_nights (entered, exited, c->today_j, c->start_j, c->end_j);
      if (n == 0)
        continue;
      nights += n;
      if (id != current)
        {
          children += current_children;
          current_children = 0;
          current = id;
          survivors++;
        }
      current_children = MAX (current_children, sqlite3_column_int64 (stmt, 3));
    }
  children += current_children;
  bump_index (t, code_index (c, "shelter_measure", "survivors"), survivors);
  bump_index (t, code_index (c, "shelter_measure", "children"), children);
  bump_index (t, code_index (c, "shelter_measure", "nights"), nights);
  t->total = survivors;
  return step_error (c, rc, error);
}

static gboolean
count_referrals (Counter *c,
                 GError **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  AmparoTable *out = table (c, "referrals_out");
  AmparoTable *in = table (c, "referrals_in");
  guint n_status = amparo_category_n_codes ("referral_status");
  int rc;

  /* the covering index holds exactly the period's referrals, in a range */
  stmt = prepare (c, "SELECT case_id, direction, sector, status FROM referrals"
                     " INDEXED BY referrals_period WHERE date >= ?1 AND date <= ?2;", error);
  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *direction = text (stmt, 1);
      int sector = placed_index (c, "sector", text (stmt, 2));
      int status = code_index (c, "referral_status", text (stmt, 3));

      if (direction == NULL || contains (c->excluded, sqlite3_column_int64 (stmt, 0), NULL))
        continue;
      if (g_str_equal (direction, "in"))
        bump_index (in, sector, 1);
      else if (g_str_equal (direction, "out") && status >= 0)
        bump_index (out, sector * n_status + status, 1);
    }
  sum_into_total (out);
  sum_into_total (in);
  return step_error (c, rc, error);
}

/* Each completeness cell is the not-reported cell of its field's table. */
static void
count_completeness (Counter *c)
{
  AmparoTable *t = table (c, "completeness");
  const char *key[] = { "not_reported", NULL };

  for (guint i = 0; i < t->cells->len; i++)
    {
      AmparoCell *cell = g_ptr_array_index (t->cells, i);
      cell->count = amparo_table_lookup (table (c, cell->key[0]), key)->count;
    }
  t->total = c->served->len;
}

/**
 * amparo_report_count:
 * @db: a connection to the coded store
 * @period: the period
 * @fy_start_month: the month fiscal years start in
 * @today: `YYYY-MM-DD`, to which open shelter stays run
 * @tables: (element-type AmparoTable): every catalogue table, all zeros
 *
 * Fills @tables by the rules above, inside one read transaction so all
 * of them see the same data.
 */
gboolean
amparo_report_count (sqlite3            *db,
                     const AmparoPeriod *period,
                     int                 fy_start_month,
                     const char         *today,
                     GPtrArray          *tables,
                     GError            **error)
{
  g_autofree char *start = amparo_period_get_start_string (period);
  g_autofree char *end = amparo_period_get_end_string (period);
  Counter c = { 0 };
  gboolean ok;
  GDate fy;

  c.db = db;
  c.start = start;
  c.end = end;
  c.start_j = g_date_get_julian (&period->start);
  c.end_j = g_date_get_julian (&period->end);
  c.today_j = julian (today);
  /* a fiscal year starts inside P when the one holding P's end began on
   * or after P's start */
  amparo_fiscal_year (&period->end, fy_start_month, &fy, NULL);
  if (g_date_compare (&fy, &period->start) >= 0)
    c.fy_start = amparo_date_to_string (&fy);
  c.tables = g_hash_table_new (g_str_hash, g_str_equal);
  c.indexes = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                     (GDestroyNotify) g_hash_table_unref);
  c.served = g_array_new (FALSE, FALSE, sizeof (gint64));
  c.served_age = g_array_new (FALSE, FALSE, sizeof (guint8));
  c.excluded = g_array_new (FALSE, FALSE, sizeof (gint64));
  for (guint i = 0; i < tables->len; i++)
    {
      AmparoTable *t = g_ptr_array_index (tables, i);
      g_hash_table_insert (c.tables, t->id, t);
    }

  if (!amparo_db_exec (db, "BEGIN DEFERRED;", error))
    {
      counter_clear (&c);
      return FALSE;
    }
  ok = count_cases (&c, error)
       && count_codes (&c, error)
       && count_perpetrators (&c, error)
       && count_children (&c, error)
       && count_services (&c, error)
       && count_shelter (&c, error)
       && count_referrals (&c, error);
  if (ok)
    count_completeness (&c);
  amparo_db_exec (db, "COMMIT;", NULL);
  counter_clear (&c);
  return ok;
}
