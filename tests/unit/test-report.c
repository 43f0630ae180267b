/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <string.h>
#include <cairo.h>
#include <pango/pangocairo.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "amparo-cases.h"
#include "amparo-codes.h"
#include "amparo-db.h"
#include "amparo-error.h"
#include "amparo-period.h"
#include "amparo-report.h"
#include "amparo-suppress.h"
#include "amparo-test-fixture.h"
#include "amparo-test-util.h"

/* Today, for open shelter stays, wherever a test fixes it. */
#define TODAY "2026-08-15"

typedef struct
{
  char        *dir;
  AmparoVault *vault;
  sqlite3     *db;
} Fixture;

static void
setup_empty (Fixture       *f,
             gconstpointer  data)
{
  f->dir = amparo_test_make_dir ();
  f->vault = amparo_test_create_vault (f->dir, AMPARO_VAULT_KIND_AGENCY);
  f->db = amparo_vault_get_cases_db (f->vault, NULL);
}

static void
setup_filled (Fixture       *f,
              gconstpointer  data)
{
  setup_empty (f, data);
  amparo_test_fill_cases (f->vault, 400, 7, FALSE);
}

static void
teardown (Fixture       *f,
          gconstpointer  data)
{
  g_clear_object (&f->vault);
  amparo_test_remove_dir (f->dir);
  g_free (f->dir);
}

/* ------------------------------------------------- expected, by SQL */

/* Counts written independently of the engine: one plain query per table,
 * keyed "code" or "code|code". */
typedef struct
{
  GHashTable *cells;   /* "table/key" → gint64 */
  GHashTable *totals;  /* table → gint64 */
} Expected;

static void
expected_clear (Expected *e)
{
  g_hash_table_unref (e->cells);
  g_hash_table_unref (e->totals);
}

static void
expect_cell (Expected   *e,
             const char *table,
             const char *key,
             gint64      n)
{
  char *k = g_strdup_printf ("%s/%s", table, key);
  gint64 *old = g_hash_table_lookup (e->cells, k);
  gint64 *v = g_new (gint64, 1);

  *v = n + (old != NULL ? *old : 0);
  g_hash_table_replace (e->cells, k, v);
}

static void
expect_total (Expected   *e,
              const char *table,
              gint64      n)
{
  gint64 *v = g_new (gint64, 1);

  *v = n;
  g_hash_table_replace (e->totals, g_strdup (table), v);
}

static void
bind_period (sqlite3_stmt *stmt,
             const char   *start,
             const char   *end,
             const char   *today)
{
  int n = sqlite3_bind_parameter_count (stmt);

  if (n >= 1)
    sqlite3_bind_text (stmt, 1, start, -1, SQLITE_STATIC);
  if (n >= 2)
    sqlite3_bind_text (stmt, 2, end, -1, SQLITE_STATIC);
  if (n >= 3)
    sqlite3_bind_text (stmt, 3, today, -1, SQLITE_STATIC);
}

/* Runs @sql (key columns, then a count) and adds each row to @table. */
static void
expect_query (Expected   *e,
              sqlite3    *db,
              const char *table,
              int         n_keys,
              const char *sql,
              const char *start,
              const char *end)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  bind_period (stmt, start, end, TODAY);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_autoptr(GString) key = g_string_new (NULL);

      for (int i = 0; i < n_keys; i++)
        {
          if (i > 0)
            g_string_append_c (key, '|');
          g_string_append (key, (const char *) sqlite3_column_text (stmt, i));
        }
      expect_cell (e, table, key->str, sqlite3_column_int64 (stmt, n_keys));
    }
}

static gint64
query_one (sqlite3    *db,
           const char *sql,
           const char *start,
           const char *end)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  bind_period (stmt, start, end, TODAY);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  return sqlite3_column_int64 (stmt, 0);
}

#define SERVED "(SELECT * FROM cases WHERE counted = 1 AND complete = 1 AND opened <= ?2" \
               " AND (closed IS NULL OR closed >= ?1))"
#define COUNTED "(SELECT id FROM cases WHERE counted = 1 AND complete = 1)"
#define FIRST_PERP "(SELECT * FROM perpetrators p WHERE NOT EXISTS (SELECT 1 FROM perpetrators q" \
                   " WHERE q.case_id = p.case_id AND q.id < p.id))"
#define STAY_NIGHTS \
  "(SELECT case_id, children, MAX(0, MIN(CASE WHEN exited IS NULL THEN julianday(?3)" \
  " WHEN exited = entered THEN julianday(entered) ELSE julianday(exited) - 1 END," \
  " julianday(?2)) - MAX(julianday(entered), julianday(?1)) + 1) AS nights" \
  " FROM shelter_stays WHERE case_id IN " COUNTED ")"

/* The 1st of October inside the period, if there is one. */
static char *
october_first_within (const char *start,
                      const char *end)
{
  for (int y = 2000; y <= 2100; y++)
    {
      g_autofree char *date = g_strdup_printf ("%04d-10-01", y);
      if (strcmp (date, start) >= 0 && strcmp (date, end) <= 0)
        return g_steal_pointer (&date);
    }
  return NULL;
}

static void
expect_cases (Expected   *e,
              sqlite3    *db,
              const char *start,
              const char *end)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *fy = october_first_within (start, end);

  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT opened, closed FROM " SERVED ";", -1, &stmt,
                                       NULL), ==, SQLITE_OK);
  bind_period (stmt, start, end, TODAY);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *opened = (const char *) sqlite3_column_text (stmt, 0);
      const char *closed = (const char *) sqlite3_column_text (stmt, 1);
      gboolean is_new = strcmp (opened, start) >= 0
                        || (fy != NULL && strcmp (opened, fy) <= 0
                            && (closed == NULL || strcmp (closed, fy) >= 0));

      expect_cell (e, "cases", is_new ? "new" : "continuing", 1);
    }
}

static void
expected_for_period (Expected   *e,
                     sqlite3    *db,
                     const char *start,
                     const char *end)
{
  const char *singles[] = { "age_band", "gender", "language", "limited_english",
                            "referral_source" };
  const char *per_survivor[] = { "cases", "age_band", "gender", "language", "limited_english",
                                 "race_ethnicity", "special_class", "victimization",
                                 "victimization_age", "perpetrator_relationship",
                                 "perpetrator_sex", "referral_source", "completeness" };
  gint64 served = query_one (db, "SELECT COUNT(*) FROM " SERVED ";", start, end);

  e->cells = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  e->totals = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  for (guint i = 0; i < G_N_ELEMENTS (per_survivor); i++)
    expect_total (e, per_survivor[i], served);

  expect_cases (e, db, start, end);
  for (guint i = 0; i < G_N_ELEMENTS (singles); i++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT %s, COUNT(*) FROM " SERVED " GROUP BY 1;",
                                              singles[i]);
      expect_query (e, db, singles[i], 1, sql, start, end);
    }

  expect_query (e, db, "race_ethnicity", 1,
                "SELECT code, COUNT(*) FROM case_codes WHERE category = 'race_ethnicity'"
                " AND case_id IN (SELECT id FROM " SERVED ") GROUP BY code;", start, end);
  expect_query (e, db, "race_ethnicity", 1,
                "SELECT 'not_reported', COUNT(*) FROM " SERVED " WHERE id NOT IN"
                " (SELECT case_id FROM case_codes WHERE category = 'race_ethnicity');",
                start, end);
  expect_query (e, db, "special_class", 1,
                "SELECT code, COUNT(*) FROM case_codes WHERE category = 'special_class'"
                " AND case_id IN (SELECT id FROM " SERVED ") GROUP BY code;", start, end);
  expect_query (e, db, "victimization", 1,
                "SELECT code, COUNT(*) FROM case_codes WHERE category = 'victimization'"
                " AND case_id IN (SELECT id FROM " SERVED ") GROUP BY code;", start, end);
  expect_query (e, db, "victimization", 1,
                "SELECT 'not_reported', COUNT(*) FROM " SERVED " WHERE id NOT IN"
                " (SELECT case_id FROM case_codes WHERE category = 'victimization');",
                start, end);
  expect_query (e, db, "victimization_age", 2,
                "SELECT cc.code, s.age_band, COUNT(*) FROM case_codes cc JOIN " SERVED " s"
                " ON s.id = cc.case_id WHERE cc.category = 'victimization' GROUP BY 1, 2;",
                start, end);
  expect_query (e, db, "victimization_age", 2,
                "SELECT 'not_reported', age_band, COUNT(*) FROM " SERVED " WHERE id NOT IN"
                " (SELECT case_id FROM case_codes WHERE category = 'victimization')"
                " GROUP BY 2;", start, end);

  expect_query (e, db, "perpetrator_relationship", 1,
                "SELECT COALESCE(p.relationship, 'not_reported'), COUNT(*) FROM " SERVED " s"
                " LEFT JOIN " FIRST_PERP " p ON p.case_id = s.id GROUP BY 1;", start, end);
  expect_query (e, db, "perpetrator_sex", 1,
                "SELECT COALESCE(p.sex, 'not_reported'), COUNT(*) FROM " SERVED " s"
                " LEFT JOIN " FIRST_PERP " p ON p.case_id = s.id GROUP BY 1;", start, end);

  expect_query (e, db, "children", 1,
                "SELECT age_band, COUNT(*) FROM children WHERE case_id IN (SELECT id FROM "
                SERVED ") GROUP BY 1;", start, end);
  expect_total (e, "children", query_one (db, "SELECT COUNT(*) FROM children WHERE case_id IN"
                                              " (SELECT id FROM " SERVED ");", start, end));

  expect_query (e, db, "services", 1,
                "SELECT category, COUNT(*) FROM services WHERE date >= ?1 AND date <= ?2"
                " AND case_id IN " COUNTED " GROUP BY 1;", start, end);
  expect_total (e, "services", query_one (db, "SELECT COUNT(*) FROM services WHERE date >= ?1"
                                              " AND date <= ?2 AND case_id IN " COUNTED ";",
                                          start, end));
  expect_query (e, db, "service_hours", 1,
                "SELECT category, CAST(ROUND(SUM(minutes) / 60.0) AS INTEGER) FROM services"
                " WHERE date >= ?1 AND date <= ?2 AND case_id IN " COUNTED " GROUP BY 1;",
                start, end);
  expect_total (e, "service_hours",
                query_one (db, "SELECT COALESCE(SUM(h), 0) FROM (SELECT CAST(ROUND(SUM(minutes)"
                               " / 60.0) AS INTEGER) AS h FROM services WHERE date >= ?1"
                               " AND date <= ?2 AND case_id IN " COUNTED " GROUP BY category);",
                           start, end));
  expect_query (e, db, "service_survivors", 1,
                "SELECT category, COUNT(DISTINCT case_id) FROM services WHERE date >= ?1"
                " AND date <= ?2 AND case_id IN " COUNTED " GROUP BY 1;", start, end);
  expect_total (e, "service_survivors",
                query_one (db, "SELECT COUNT(DISTINCT case_id) FROM services WHERE date >= ?1"
                               " AND date <= ?2 AND case_id IN " COUNTED ";", start, end));

  {
    gint64 survivors = query_one (db, "SELECT COUNT(DISTINCT case_id) FROM " STAY_NIGHTS
                                      " WHERE nights > 0;", start, end);
    expect_cell (e, "shelter", "survivors", survivors);
    expect_cell (e, "shelter", "nights",
                 query_one (db, "SELECT COALESCE(SUM(nights), 0) FROM " STAY_NIGHTS ";",
                            start, end));
    expect_cell (e, "shelter", "children",
                 query_one (db, "SELECT COALESCE(SUM(m), 0) FROM (SELECT MAX(children) AS m"
                                " FROM " STAY_NIGHTS " WHERE nights > 0 GROUP BY case_id);",
                            start, end));
    expect_total (e, "shelter", survivors);
  }

  expect_query (e, db, "referrals_out", 2,
                "SELECT sector, status, COUNT(*) FROM referrals WHERE direction = 'out'"
                " AND date >= ?1 AND date <= ?2 AND case_id IN " COUNTED " GROUP BY 1, 2;",
                start, end);
  expect_total (e, "referrals_out",
                query_one (db, "SELECT COUNT(*) FROM referrals WHERE direction = 'out'"
                               " AND date >= ?1 AND date <= ?2 AND case_id IN " COUNTED ";",
                           start, end));
  expect_query (e, db, "referrals_in", 1,
                "SELECT sector, COUNT(*) FROM referrals WHERE direction = 'in'"
                " AND date >= ?1 AND date <= ?2 AND case_id IN " COUNTED " GROUP BY 1;",
                start, end);
  expect_total (e, "referrals_in",
                query_one (db, "SELECT COUNT(*) FROM referrals WHERE direction = 'in'"
                               " AND date >= ?1 AND date <= ?2 AND case_id IN " COUNTED ";",
                           start, end));

  expect_query (e, db, "outcome_safety_strategies", 1,
                "SELECT outcome_safety_strategies, COUNT(*) FROM cases WHERE counted = 1"
                " AND complete = 1 AND closed >= ?1 AND closed <= ?2 GROUP BY 1;", start, end);
  expect_query (e, db, "outcome_knows_resources", 1,
                "SELECT outcome_knows_resources, COUNT(*) FROM cases WHERE counted = 1"
                " AND complete = 1 AND closed >= ?1 AND closed <= ?2 GROUP BY 1;", start, end);
  {
    gint64 closed = query_one (db, "SELECT COUNT(*) FROM cases WHERE counted = 1 AND complete = 1"
                                   " AND closed >= ?1 AND closed <= ?2;", start, end);
    expect_total (e, "outcome_safety_strategies", closed);
    expect_total (e, "outcome_knows_resources", closed);
  }

  for (guint i = 0; i < G_N_ELEMENTS (singles); i++)
    if (!g_str_equal (singles[i], "limited_english"))
      {
        g_autofree char *sql = g_strdup_printf ("SELECT COUNT(*) FROM " SERVED
                                                " WHERE %s = 'not_reported';", singles[i]);
        expect_cell (e, "completeness", singles[i], query_one (db, sql, start, end));
      }
  expect_cell (e, "completeness", "race_ethnicity",
               query_one (db, "SELECT COUNT(*) FROM " SERVED " s WHERE NOT EXISTS (SELECT 1"
                              " FROM case_codes cc WHERE cc.case_id = s.id AND cc.category ="
                              " 'race_ethnicity' AND cc.code <> 'not_reported') OR EXISTS"
                              " (SELECT 1 FROM case_codes cc WHERE cc.case_id = s.id AND"
                              " cc.category = 'race_ethnicity' AND cc.code = 'not_reported');",
                          start, end));
  expect_cell (e, "completeness", "victimization",
               query_one (db, "SELECT COUNT(*) FROM " SERVED " s WHERE NOT EXISTS (SELECT 1"
                              " FROM case_codes cc WHERE cc.case_id = s.id AND cc.category ="
                              " 'victimization' AND cc.code <> 'not_reported') OR EXISTS"
                              " (SELECT 1 FROM case_codes cc WHERE cc.case_id = s.id AND"
                              " cc.category = 'victimization' AND cc.code = 'not_reported');",
                          start, end));
  expect_cell (e, "completeness", "perpetrator_relationship",
               query_one (db, "SELECT COUNT(*) FROM " SERVED " s WHERE COALESCE((SELECT"
                              " relationship FROM perpetrators p WHERE p.case_id = s.id"
                              " ORDER BY p.id LIMIT 1), 'not_reported') = 'not_reported';",
                          start, end));
}

static gint64
expected_cell (Expected          *e,
               const AmparoTable *t,
               const AmparoCell  *cell)
{
  g_autofree char *key = g_strjoinv ("|", cell->key);
  g_autofree char *k = g_strdup_printf ("%s/%s", t->id, key);
  gint64 *v = g_hash_table_lookup (e->cells, k);

  return v != NULL ? *v : 0;
}

static void
assert_report_matches (const AmparoReport *report,
                       Expected           *e)
{
  guint n_specs, n_cells = 0;

  amparo_table_specs (&n_specs);
  g_assert_cmpuint (report->tables->len, ==, n_specs);
  for (guint i = 0; i < report->tables->len; i++)
    {
      const AmparoTable *t = g_ptr_array_index (report->tables, i);
      gint64 *total = g_hash_table_lookup (e->totals, t->id);
      gint64 sum = 0;

      for (guint j = 0; j < t->cells->len; j++)
        {
          const AmparoCell *cell = g_ptr_array_index (t->cells, j);
          gint64 want = expected_cell (e, t, cell);

          if (cell->count != want)
            g_error ("%s %s: %" G_GINT64_FORMAT " != expected %" G_GINT64_FORMAT, t->id,
                     cell->key[0], cell->count, want);
          sum += cell->count;
        }
      if (total == NULL)
        g_error ("no expected total for %s", t->id);
      g_assert_cmpint (t->total, ==, *total);
      /* additive tables partition their total: nothing left unplaced */
      if (t->additive)
        g_assert_cmpint (sum, ==, t->total);
    }
  /* every expected cell exists in the report (no code left unplaced) */
  {
    GHashTableIter iter;
    gpointer key;

    g_hash_table_iter_init (&iter, e->cells);
    while (g_hash_table_iter_next (&iter, &key, NULL))
      {
        g_auto(GStrv) parts = g_strsplit (key, "/", 2);
        g_auto(GStrv) codes = g_strsplit (parts[1], "|", -1);
        const AmparoTable *t = amparo_report_get_table (report, parts[0]);

        g_assert_nonnull (t);
        g_assert_nonnull (amparo_table_lookup (t, (const char * const *) codes));
        n_cells++;
      }
  }
  g_assert_cmpuint (n_cells, >, 0);
}

static void
test_tables_match_independent_sql (Fixture       *f,
                                   gconstpointer  data)
{
  const char *periods[] = { "2024-12", "2025-Q4", "2026-Q1", "2026-H1", "2026-03", "2026-Q3",
                            "2026-H2" };
  gint64 seen_nights = 0, seen_referrals = 0, seen_closed = 0, seen_new = 0, seen_cont = 0;

  for (guint i = 0; i < G_N_ELEMENTS (periods); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(AmparoReport) report = amparo_report_build_from_db (f->db, periods[i], 10, TODAY,
                                                                    &error);
      Expected e;

      g_assert_no_error (error);
      g_assert_nonnull (report);
      g_assert_cmpstr (report->period, ==, periods[i]);
      expected_for_period (&e, f->db, report->start, report->end);
      assert_report_matches (report, &e);
      expected_clear (&e);

      seen_nights += amparo_table_lookup (amparo_report_get_table (report, "shelter"),
                                          (const char *[]) { "nights", NULL })->count;
      seen_referrals += amparo_report_get_table (report, "referrals_out")->total;
      seen_closed += amparo_report_get_table (report, "outcome_knows_resources")->total;
      seen_new += amparo_table_lookup (amparo_report_get_table (report, "cases"),
                                       (const char *[]) { "new", NULL })->count;
      seen_cont += amparo_table_lookup (amparo_report_get_table (report, "cases"),
                                        (const char *[]) { "continuing", NULL })->count;
    }
  /* the fixture is not empty where it matters */
  g_assert_cmpint (seen_nights, >, 0);
  g_assert_cmpint (seen_referrals, >, 0);
  g_assert_cmpint (seen_closed, >, 0);
  g_assert_cmpint (seen_new, >, 0);
  g_assert_cmpint (seen_cont, >, 0);
}

static void
test_vault_build_uses_settings (Fixture       *f,
                                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AmparoReport) via_vault = NULL;
  g_autoptr(AmparoReport) direct = NULL;
  g_autoptr(AmparoReport) january = NULL;
  g_autofree char *today = amparo_date_today ();

  via_vault = amparo_report_build (f->vault, "2025-Q4", &error);
  g_assert_no_error (error);
  direct = amparo_report_build_from_db (f->db, "2025-Q4", 10, today, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < direct->tables->len; i++)
    g_assert_true (amparo_table_equal (g_ptr_array_index (via_vault->tables, i),
                                       g_ptr_array_index (direct->tables, i)));
  g_assert_cmpstr (via_vault->fiscal_year_start, ==, "2025-10-01");

  /* a calendar fiscal year moves what counts as new */
  g_assert_true (amparo_vault_set_setting (f->vault, "fiscal_year_start_month", "1", &error));
  january = amparo_report_build (f->vault, "2025-Q4", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (january->fiscal_year_start, ==, "2025-01-01");
  g_assert_false (amparo_table_equal (amparo_report_get_table (january, "cases"),
                                      amparo_report_get_table (direct, "cases")));
  g_assert_cmpint (amparo_report_get_table (january, "cases")->total, ==,
                   amparo_report_get_table (direct, "cases")->total);
}

/* --------------------------------------------- excluded cases, rules */

static void
test_uncounted_and_incomplete_cases_appear_nowhere (Fixture       *f,
                                                    gconstpointer  data)
{
  const char *periods[] = { "2025-Q1", "2025-Q4", "2026-H1", "2026-Q3" };
  gint64 activity;

  amparo_test_fill_cases (f->vault, 120, 11, FALSE);
  g_assert_true (amparo_db_exec (f->db, "UPDATE cases SET counted = 0 WHERE id % 2 = 0;"
                                        "UPDATE cases SET complete = 0 WHERE id % 2 = 1;", NULL));
  activity = amparo_db_query_int (f->db, "SELECT (SELECT COUNT(*) FROM services)"
                                         " + (SELECT COUNT(*) FROM shelter_stays)"
                                         " + (SELECT COUNT(*) FROM referrals)"
                                         " + (SELECT COUNT(*) FROM children);", 0);
  g_assert_cmpint (activity, >, 100);

  for (guint i = 0; i < G_N_ELEMENTS (periods); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(AmparoReport) report = amparo_report_build_from_db (f->db, periods[i], 10, TODAY,
                                                                    &error);

      g_assert_no_error (error);
      for (guint t = 0; t < report->tables->len; t++)
        {
          const AmparoTable *table = g_ptr_array_index (report->tables, t);

          g_assert_cmpint (table->total, ==, 0);
          for (guint c = 0; c < table->cells->len; c++)
            g_assert_cmpint (((AmparoCell *) g_ptr_array_index (table->cells, c))->count, ==, 0);
        }
    }
}

static gint64
add_case (Fixture    *f,
          const char *opened,
          const char *closed)
{
  g_autoptr(GPtrArray) drafts = g_ptr_array_new_with_free_func ((GDestroyNotify) amparo_case_draft_free);
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GError) error = NULL;
  AmparoCaseDraft *d = amparo_case_draft_new ();

  d->opened = g_strdup (opened);
  d->closed = g_strdup (closed);
  g_ptr_array_add (drafts, d);
  g_assert_true (amparo_cases_create (f->vault, drafts, ids, &error));
  g_assert_no_error (error);
  return g_array_index (ids, gint64, 0);
}

static void
add_stay (Fixture    *f,
          gint64      case_id,
          const char *entered,
          const char *exited,
          int         children)
{
  g_autofree char *sql = NULL;

  if (exited != NULL)
    sql = g_strdup_printf ("INSERT INTO shelter_stays (case_id, entered, exited, children)"
                           " VALUES (%" G_GINT64_FORMAT ", '%s', '%s', %d);", case_id, entered,
                           exited, children);
  else
    sql = g_strdup_printf ("INSERT INTO shelter_stays (case_id, entered, children)"
                           " VALUES (%" G_GINT64_FORMAT ", '%s', %d);", case_id, entered,
                           children);
  g_assert_true (amparo_db_exec (f->db, sql, NULL));
}

static gint64
shelter (const AmparoReport *report,
         const char         *measure)
{
  const char *key[] = { measure, NULL };

  return amparo_table_lookup (amparo_report_get_table (report, "shelter"), key)->count;
}

static AmparoReport *
build (Fixture    *f,
       const char *period,
       int         fy_month,
       const char *today)
{
  g_autoptr(GError) error = NULL;
  AmparoReport *report = amparo_report_build_from_db (f->db, period, fy_month, today, &error);

  g_assert_no_error (error);
  return report;
}

static void
test_shelter_nights_rule (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(AmparoReport) q3 = NULL;
  g_autoptr(AmparoReport) q3_later = NULL;
  g_autoptr(AmparoReport) q4 = NULL;
  gint64 a = add_case (f, "2026-01-05", NULL);
  gint64 b = add_case (f, "2026-01-05", NULL);
  gint64 c = add_case (f, "2026-01-05", NULL);
  gint64 d = add_case (f, "2026-01-05", NULL);
  gint64 e = add_case (f, "2026-01-05", NULL);
  gint64 g = add_case (f, "2026-01-05", NULL);

  add_stay (f, a, "2026-07-10", "2026-07-10", 2);   /* same day: 1 night */
  add_stay (f, a, "2026-08-01", "2026-08-03", 1);   /* 2 nights; same survivor */
  add_stay (f, b, "2026-07-01", "2026-07-04", 0);   /* 3 nights */
  add_stay (f, c, "2026-06-25", "2026-07-05", 1);   /* 4 of its nights in Q3 */
  add_stay (f, d, "2026-06-30", "2026-07-01", 3);   /* its one night is in Q2 */
  add_stay (f, e, "2026-09-27", NULL, 1);           /* still there */
  add_stay (f, g, "2026-09-30", "2026-10-02", 0);   /* 1 night in Q3, 1 in Q4 */

  q3 = build (f, "2026-Q3", 10, "2026-09-29");
  g_assert_cmpint (shelter (q3, "survivors"), ==, 5);
  g_assert_cmpint (amparo_report_get_table (q3, "shelter")->total, ==, 5);
  g_assert_cmpint (shelter (q3, "nights"), ==, 1 + 2 + 3 + 4 + 3 + 1);
  g_assert_cmpint (shelter (q3, "children"), ==, 2 + 0 + 1 + 1 + 0);

  /* an open stay runs to the period's end once today is past it */
  q3_later = build (f, "2026-Q3", 10, "2026-12-01");
  g_assert_cmpint (shelter (q3_later, "nights"), ==, 1 + 2 + 3 + 4 + 4 + 1);

  q4 = build (f, "2026-Q4", 10, "2026-12-01");
  g_assert_cmpint (shelter (q4, "survivors"), ==, 2);
  g_assert_cmpint (shelter (q4, "nights"), ==, 1 + (31 + 30 + 1));
}

static gint64
flow (const AmparoReport *report,
      const char         *code)
{
  const char *key[] = { code, NULL };

  return amparo_table_lookup (amparo_report_get_table (report, "cases"), key)->count;
}

static void
test_new_once_per_fiscal_year (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(AmparoReport) q3 = NULL;
  g_autoptr(AmparoReport) q4 = NULL;
  g_autoptr(AmparoReport) h2 = NULL;
  g_autoptr(AmparoReport) q4_calendar = NULL;
  g_autoptr(AmparoReport) q1_calendar = NULL;

  add_case (f, "2026-08-01", NULL);            /* opened in Q3 */
  add_case (f, "2026-01-01", NULL);            /* carried over */
  add_case (f, "2026-01-01", "2026-08-31");    /* closed before FY 2027 */

  q3 = build (f, "2026-Q3", 10, TODAY);
  g_assert_cmpint (flow (q3, "new"), ==, 1);
  g_assert_cmpint (flow (q3, "continuing"), ==, 2);

  /* Q4 opens federal FY 2027: whoever is served is new again */
  q4 = build (f, "2026-Q4", 10, TODAY);
  g_assert_cmpint (flow (q4, "new"), ==, 2);
  g_assert_cmpint (flow (q4, "continuing"), ==, 0);

  /* H2 holds 1 October: open then, so new; closed before it, continuing */
  h2 = build (f, "2026-H2", 10, TODAY);
  g_assert_cmpint (flow (h2, "new"), ==, 2);
  g_assert_cmpint (flow (h2, "continuing"), ==, 1);

  q4_calendar = build (f, "2026-Q4", 1, TODAY);
  g_assert_cmpint (flow (q4_calendar, "new"), ==, 0);
  g_assert_cmpint (flow (q4_calendar, "continuing"), ==, 2);
  q1_calendar = build (f, "2026-Q1", 1, TODAY);
  g_assert_cmpint (flow (q1_calendar, "new"), ==, 2);
}

static void
test_bad_period_and_coordinator_vault (Fixture       *f,
                                       gconstpointer  data)
{
  const char *bad[] = { "2026-Q5", "2026-H3", "2026-13", "2026-00", "26-Q3", "2026Q3", "",
                        "2026-q3", "1999-Q1", "2026-Q3 ", "2026-07-01" };
  g_autofree char *dir = amparo_test_make_dir ();
  g_autoptr(AmparoVault) coord = amparo_test_create_vault (dir, AMPARO_VAULT_KIND_COORDINATOR);
  g_autoptr(GError) error = NULL;
  AmparoReport *report;

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) e = NULL;
      report = amparo_report_build (f->vault, bad[i], &e);
      g_assert_null (report);
      g_assert_error (e, AMPARO_ERROR, AMPARO_ERROR_INVALID);
    }
  report = amparo_report_build (coord, "2026-Q3", &error);
  g_assert_null (report);
  g_assert_error (error, AMPARO_ERROR, AMPARO_ERROR_WRONG_KIND);
  g_clear_object (&coord);
  amparo_test_remove_dir (dir);
}

/* ------------------------------------------------------ suppression */

static gboolean
is_hidden (const AmparoTable *t,
           const char        *a,
           const char        *b)
{
  const char *key[] = { a, b, NULL };

  return amparo_table_lookup (t, key)->count == AMPARO_COUNT_SUPPRESSED;
}

static void
assert_suppression_consistent (const AmparoReport *exact,
                               const AmparoReport *safe,
                               int                 k)
{
  const char *fields[] = { "age_band", "gender", "language", "race_ethnicity", "victimization",
                           "perpetrator_relationship", "referral_source" };
  const AmparoTable *completeness = amparo_report_get_table (safe, "completeness");
  const AmparoTable *va = amparo_report_get_table (safe, "victimization_age");
  const AmparoTable *v = amparo_report_get_table (safe, "victimization");
  const AmparoTable *age = amparo_report_get_table (safe, "age_band");
  const AmparoTable *sh = amparo_report_get_table (safe, "shelter");
  const AmparoTable *services = amparo_report_get_table (safe, "services");
  const AmparoTable *people = amparo_report_get_table (safe, "service_survivors");
  guint n_specs;

  amparo_table_specs (&n_specs);
  g_assert_cmpuint (safe->tables->len + safe->dropped->len, ==, n_specs);
  g_assert_cmpint (safe->k, ==, k);

  for (guint i = 0; i < safe->tables->len; i++)
    {
      const AmparoTable *t = g_ptr_array_index (safe->tables, i);
      const AmparoTable *x = amparo_report_get_table (exact, t->id);
      g_autoptr(GError) error = NULL;

      g_assert_true (amparo_suppress_check (t, k, &error));
      g_assert_no_error (error);
      /* what is published is the exact count */
      if (t->total != AMPARO_COUNT_SUPPRESSED)
        g_assert_cmpint (t->total, ==, x->total);
      for (guint j = 0; j < t->cells->len; j++)
        {
          gint64 n = ((AmparoCell *) g_ptr_array_index (t->cells, j))->count;
          gint64 want = ((AmparoCell *) g_ptr_array_index (x->cells, j))->count;

          if (n == AMPARO_COUNT_SUPPRESSED)
            g_assert_cmpint (want, >, 0);
          else
            g_assert_cmpint (n, ==, want);
        }
    }

  /* completeness cells are hidden exactly when their originals are */
  if (completeness != NULL)
    for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
      {
        const AmparoTable *base = amparo_report_get_table (safe, fields[i]);
        const char *key[] = { fields[i], NULL };
        const char *nr[] = { "not_reported", NULL };
        gint64 copy = amparo_table_lookup (completeness, key)->count;

        if (base != NULL)
          g_assert_cmpint (copy, ==, amparo_table_lookup (base, nr)->count);
        else
          g_assert_true (copy == 0 || copy == AMPARO_COUNT_SUPPRESSED);
      }

  /* the shelter survivors cell is its total */
  if (sh != NULL)
    g_assert_cmpint (amparo_table_lookup (sh, (const char *[]) { "survivors", NULL })->count, ==,
                     sh->total);

  /* a hidden margin hides its whole row or column of the two-way table */
  if (va != NULL)
    {
      const AmparoCategory *vc = amparo_category_lookup ("victimization");
      const AmparoCategory *ac = amparo_category_lookup ("age_band");
      const AmparoTable *xva = amparo_report_get_table (exact, "victimization_age");

      for (const AmparoCode *r = vc->codes; r->code != NULL; r++)
        for (const AmparoCode *c = ac->codes; c->code != NULL; c++)
          {
            const char *key[] = { r->code, c->code, NULL };
            gboolean zero = amparo_table_lookup (xva, key)->count == 0;

            if (!zero && (is_hidden (v, r->code, NULL) || is_hidden (age, c->code, NULL)))
              g_assert_true (is_hidden (va, r->code, c->code));
          }
    }
  if (services != NULL && people != NULL)
    for (guint i = 0; i < services->cells->len; i++)
      if (((AmparoCell *) g_ptr_array_index (services->cells, i))->count == AMPARO_COUNT_SUPPRESSED)
        g_assert_true (((AmparoCell *) g_ptr_array_index (people->cells, i))->count
                       == AMPARO_COUNT_SUPPRESSED);
}

static void
test_suppressed_report_is_consistent (Fixture       *f,
                                      gconstpointer  data)
{
  const char *periods[] = { "2025-Q4", "2026-Q1", "2026-Q2", "2026-03", "2026-H2", "2024-11" };
  const int ks[] = { 3, 5, 10, 20 };
  guint hidden_seen = 0;

  for (guint i = 0; i < G_N_ELEMENTS (periods); i++)
    for (guint j = 0; j < G_N_ELEMENTS (ks); j++)
      {
        g_autoptr(AmparoReport) exact = build (f, periods[i], 10, TODAY);
        g_autoptr(AmparoReport) safe = amparo_report_suppressed (exact, ks[j]);

        assert_suppression_consistent (exact, safe, ks[j]);
        for (guint t = 0; t < safe->tables->len; t++)
          {
            const AmparoTable *table = g_ptr_array_index (safe->tables, t);
            for (guint c = 0; c < table->cells->len; c++)
              hidden_seen += ((AmparoCell *) g_ptr_array_index (table->cells, c))->count
                             == AMPARO_COUNT_SUPPRESSED;
          }
      }
  g_assert_cmpuint (hidden_seen, >, 50);
}

static void
test_unprotectable_table_is_left_out (Fixture       *f,
                                      gconstpointer  data)
{
  const char *bands[] = { "0_11", "12_17", "18_24", "25_59", "60_plus" };
  g_autoptr(AmparoReport) exact = NULL;
  g_autoptr(AmparoReport) safe = NULL;
  g_autofree char *text = NULL;
  g_autofree char *json = NULL;
  gboolean age_dropped = FALSE, va_dropped = FALSE;

  /* five survivors, each alone in an age band: no way to publish ages */
  for (guint i = 0; i < G_N_ELEMENTS (bands); i++)
    {
      g_autofree char *sql = NULL;
      gint64 id = add_case (f, "2026-07-02", NULL);

      sql = g_strdup_printf ("UPDATE cases SET age_band = '%s', gender = 'woman' WHERE id = %"
                             G_GINT64_FORMAT ";", bands[i], id);
      g_assert_true (amparo_db_exec (f->db, sql, NULL));
    }
  exact = build (f, "2026-Q3", 10, TODAY);
  safe = amparo_report_suppressed (exact, 5);
  assert_suppression_consistent (exact, safe, 5);

  for (guint i = 0; i < safe->dropped->len; i++)
    {
      const AmparoReportDropped *d = g_ptr_array_index (safe->dropped, i);

      g_assert_cmpuint (strlen (d->reason), >, 20);
      age_dropped |= g_str_equal (d->table_id, "age_band");
      va_dropped |= g_str_equal (d->table_id, "victimization_age");
    }
  g_assert_true (age_dropped);
  g_assert_true (va_dropped);
  g_assert_null (amparo_report_get_table (safe, "age_band"));
  /* the gender table, all five women, is still there */
  g_assert_cmpint (amparo_table_lookup (amparo_report_get_table (safe, "gender"),
                                        (const char *[]) { "woman", NULL })->count, ==, 5);

  text = amparo_report_to_text (safe);
  g_assert_nonnull (strstr (text, "Left out"));
  g_assert_nonnull (strstr (text, amparo_report_table_title ("age_band")));
  json = amparo_report_to_json (safe);
  g_assert_nonnull (strstr (json, "\"dropped\""));
}

/* --------------------------------------------------------- outputs */

static void
test_outputs (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(AmparoReport) exact = build (f, "2026-Q1", 10, TODAY);
  g_autoptr(AmparoReport) safe = amparo_report_suppressed (exact, 5);
  g_autofree char *text = amparo_report_to_text (exact);
  g_autofree char *csv = amparo_report_to_csv (safe);
  g_autofree char *json = amparo_report_to_json (exact);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) lines = NULL;
  JsonArray *tables;
  const AmparoTable *services = amparo_report_get_table (exact, "services");
  g_autofree char *services_line = NULL;

  /* text: titles, and each count where its label says */
  g_assert_nonnull (strstr (text, "Report for January–March 2026 (2026-Q1)"));
  g_assert_nonnull (strstr (text, amparo_report_table_title ("victimization_age")));
  services_line = g_strdup_printf ("%" G_GINT64_FORMAT "\n", services->total);
  g_assert_nonnull (strstr (text, services_line));

  /* CSV: CRLF rows, three fields each, quoted where a label has a comma */
  g_assert_true (g_str_has_suffix (csv, "\r\n"));
  g_assert_nonnull (strstr (csv, "immigrant,\"Immigrant, refugee or asylum seeker\","));
  lines = g_strsplit (csv, "\r\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      guint commas = 0;
      gboolean quoted = FALSE;

      g_assert_null (strchr (lines[i], '\n'));
      if (lines[i][0] == '\0')
        continue;
      for (const char *p = lines[i]; *p != '\0'; p++)
        {
          if (*p == '"')
            quoted = !quoted;
          else if (*p == ',' && !quoted)
            commas++;
        }
      g_assert_cmpuint (commas, ==, 2);
    }
  g_assert_nonnull (strstr (csv, ",hidden\r\n"));

  /* JSON: exact counts, table by table */
  g_assert_true (json_parser_load_from_data (parser, json, -1, &error));
  g_assert_no_error (error);
  tables = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)),
                                         "tables");
  g_assert_cmpuint (json_array_get_length (tables), ==, exact->tables->len);
  for (guint i = 0; i < exact->tables->len; i++)
    {
      JsonObject *t = json_array_get_object_element (tables, i);
      const AmparoTable *table = g_ptr_array_index (exact->tables, i);

      g_assert_cmpstr (json_object_get_string_member (t, "id"), ==, table->id);
      g_assert_cmpint (json_object_get_int_member (t, "total"), ==, table->total);
      g_assert_cmpuint (json_array_get_length (json_object_get_array_member (t, "cells")), ==,
                        table->cells->len);
    }
}

static gboolean
dir_has_only (const char *dir,
              const char *name)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *entry;
  guint n = 0;

  while ((entry = g_dir_read_name (d)) != NULL)
    {
      if (!g_str_equal (entry, name))
        return FALSE;
      n++;
    }
  return n == 1;
}

static void
test_xlsx_and_pdf_files (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(AmparoReport) exact = build (f, "2026-Q1", 10, TODAY);
  g_autoptr(AmparoReport) safe = amparo_report_suppressed (exact, 5);
  g_autofree char *out = amparo_test_make_dir ();
  g_autofree char *xlsx = g_build_filename (out, "report.xlsx", NULL);
  g_autofree char *pdf = g_build_filename (out, "report.pdf", NULL);
  g_autofree char *xlsx_dir = g_build_filename (out, "x", NULL);
  g_autofree char *pdf_dir = g_build_filename (out, "p", NULL);
  g_autofree char *contents = NULL;
  g_autofree char *pdftotext = NULL;
  g_autoptr(GError) error = NULL;
  gsize len;

  g_mkdir (xlsx_dir, 0700);
  g_mkdir (pdf_dir, 0700);
  g_free (xlsx);
  g_free (pdf);
  xlsx = g_build_filename (xlsx_dir, "report.xlsx", NULL);
  pdf = g_build_filename (pdf_dir, "report.pdf", NULL);

  g_assert_true (amparo_report_write_xlsx (exact, xlsx, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (xlsx, &contents, &len, NULL));
  g_assert_cmpuint (len, >, 1000);
  g_assert_true (memcmp (contents, "PK", 2) == 0);
  g_assert_true (dir_has_only (xlsx_dir, "report.xlsx"));
  g_clear_pointer (&contents, g_free);

  g_assert_true (amparo_report_write_pdf (safe, pdf, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (pdf, &contents, &len, NULL));
  g_assert_true (g_str_has_prefix (contents, "%PDF"));
  g_assert_true (dir_has_only (pdf_dir, "report.pdf"));

  /* what a reader sees: hidden counts as a word */
  if ((pdftotext = g_find_program_in_path ("pdftotext")) != NULL)
    {
      g_autofree char *text = NULL;
      const char *argv[] = { "pdftotext", pdf, "-", NULL };
      int status;

      g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                                   &text, NULL, &status, &error));
      g_assert_no_error (error);
      g_assert_nonnull (strstr (text, amparo_report_table_title ("perpetrator_sex")));
      g_assert_nonnull (strstr (text, "hidden"));
    }

  /* a folder that is not there: an error, not a crash */
  {
    g_autofree char *nowhere = g_build_filename (out, "missing", "r.pdf", NULL);
    g_autoptr(GError) e = NULL;

    g_assert_false (amparo_report_write_pdf (exact, nowhere, &e));
    g_assert_error (e, AMPARO_ERROR, AMPARO_ERROR_IO);
  }
  amparo_test_remove_dir (out);
}

static void
test_chart_draws_hidden_cells (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(AmparoReport) exact = build (f, "2026-Q1", 10, TODAY);
  g_autoptr(AmparoReport) safe = amparo_report_suppressed (exact, 10);
  const AmparoTable *language = amparo_report_get_table (safe, "language");
  double height = amparo_report_chart_get_height (language);
  cairo_surface_t *surface;
  cairo_t *cr;
  guint dark = 0;

  g_assert_nonnull (language);
  g_assert_cmpfloat (height, >, 20 * 10);
  surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 400, (int) height);
  cr = cairo_create (surface);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  amparo_report_draw_table_chart (cr, language, 400, height);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  for (int y = 0; y < cairo_image_surface_get_height (surface); y++)
    {
      guint32 *row = (guint32 *) (cairo_image_surface_get_data (surface)
                                  + y * cairo_image_surface_get_stride (surface));
      for (int x = 0; x < 400; x++)
        dark += (row[x] & 0xff) < 0x80;
    }
  cairo_surface_destroy (surface);
  /* drop this thread's font caches, for leak checkers */
  pango_cairo_font_map_set_default (NULL);
  g_assert_cmpuint (dark, >, 500);
}

static void
async_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      data)
{
  AmparoReport **out = data;
  g_autoptr(GError) error = NULL;

  *out = amparo_report_build_finish (result, &error);
  g_assert_no_error (error);
}

static void
write_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      data)
{
  int *done = data;
  g_autoptr(GError) error = NULL;

  *done = amparo_report_write_file_finish (result, &error) ? 1 : -1;
  g_assert_no_error (error);
}

static void
test_write_file_async (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(AmparoReport) exact = build (f, "2026-Q1", 10, TODAY);
  g_autofree char *out = amparo_test_make_dir ();
  g_autofree char *csv_path = g_build_filename (out, "r.csv", NULL);
  g_autofree char *pdf_path = g_build_filename (out, "r.pdf", NULL);
  g_autofree char *csv = amparo_report_to_csv (exact);
  g_autofree char *written = NULL;
  gsize len;
  int done = 0;

  amparo_report_write_file_async (exact, AMPARO_REPORT_FILE_CSV, csv_path, NULL, write_done_cb,
                                  &done);
  /* the task works on its own copy */
  g_clear_pointer (&exact, amparo_report_free);
  while (done == 0)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpint (done, ==, 1);
  g_assert_true (g_file_get_contents (csv_path, &written, &len, NULL));
  g_assert_true (memcmp (written, "\xef\xbb\xbf", 3) == 0);
  g_assert_cmpstr (written + 3, ==, csv);

  exact = build (f, "2026-Q1", 10, TODAY);
  done = 0;
  amparo_report_write_file_async (exact, AMPARO_REPORT_FILE_PDF, pdf_path, NULL, write_done_cb,
                                  &done);
  while (done == 0)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (g_file_test (pdf_path, G_FILE_TEST_IS_REGULAR));
  amparo_test_remove_dir (out);
}

static void
test_build_async_matches_sync (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(AmparoReport) sync = NULL;
  g_autoptr(AmparoReport) async = NULL;
  g_autoptr(GError) error = NULL;

  sync = amparo_report_build (f->vault, "2026-Q1", &error);
  g_assert_no_error (error);
  amparo_report_build_async (f->vault, "2026-Q1", NULL, async_done_cb, &async);
  while (async == NULL)
    g_main_context_iteration (NULL, TRUE);
  for (guint i = 0; i < sync->tables->len; i++)
    g_assert_true (amparo_table_equal (g_ptr_array_index (sync->tables, i),
                                       g_ptr_array_index (async->tables, i)));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/report/tables/match-independent-sql", Fixture, NULL, setup_filled,
              test_tables_match_independent_sql, teardown);
  g_test_add ("/report/tables/vault-settings", Fixture, NULL, setup_filled,
              test_vault_build_uses_settings, teardown);
  g_test_add ("/report/tables/uncounted-incomplete-nowhere", Fixture, NULL, setup_empty,
              test_uncounted_and_incomplete_cases_appear_nowhere, teardown);
  g_test_add ("/report/rules/shelter-nights", Fixture, NULL, setup_empty,
              test_shelter_nights_rule, teardown);
  g_test_add ("/report/rules/new-once-per-fiscal-year", Fixture, NULL, setup_empty,
              test_new_once_per_fiscal_year, teardown);
  g_test_add ("/report/errors/period-and-kind", Fixture, NULL, setup_empty,
              test_bad_period_and_coordinator_vault, teardown);
  g_test_add ("/report/suppressed/consistent", Fixture, NULL, setup_filled,
              test_suppressed_report_is_consistent, teardown);
  g_test_add ("/report/suppressed/unprotectable-left-out", Fixture, NULL, setup_empty,
              test_unprotectable_table_is_left_out, teardown);
  g_test_add ("/report/output/text-csv-json", Fixture, NULL, setup_filled, test_outputs,
              teardown);
  g_test_add ("/report/output/xlsx-pdf", Fixture, NULL, setup_filled, test_xlsx_and_pdf_files,
              teardown);
  g_test_add ("/report/output/write-async", Fixture, NULL, setup_filled, test_write_file_async,
              teardown);
  g_test_add ("/report/output/chart", Fixture, NULL, setup_filled,
              test_chart_draws_hidden_cells, teardown);
  g_test_add ("/report/async", Fixture, NULL, setup_filled, test_build_async_matches_sync,
              teardown);
  return g_test_run ();
}
