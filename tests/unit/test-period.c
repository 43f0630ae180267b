/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <string.h>

#include "amparo-error.h"
#include "amparo-period.h"
#include "amparo-summary.h"

static void
check (const char      *text,
       AmparoPeriodKind kind,
       const char      *start,
       const char      *end,
       const char      *label)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *s = NULL, *e = NULL, *back = NULL, *l = NULL;
  AmparoPeriod p;

  g_assert_true (amparo_period_parse (text, &p, &error));
  g_assert_no_error (error);
  g_assert_cmpint (p.kind, ==, kind);
  s = amparo_period_get_start_string (&p);
  e = amparo_period_get_end_string (&p);
  back = amparo_period_to_string (&p);
  l = amparo_period_get_label (&p);
  g_assert_cmpstr (s, ==, start);
  g_assert_cmpstr (e, ==, end);
  g_assert_cmpstr (back, ==, text);
  g_assert_cmpstr (l, ==, label);
}

static void
test_parse_good (void)
{
  check ("2026-Q3", AMPARO_PERIOD_QUARTER, "2026-07-01", "2026-09-30", "July–September 2026");
  check ("2026-Q1", AMPARO_PERIOD_QUARTER, "2026-01-01", "2026-03-31", "January–March 2026");
  check ("2026-Q4", AMPARO_PERIOD_QUARTER, "2026-10-01", "2026-12-31", "October–December 2026");
  check ("2026-H2", AMPARO_PERIOD_HALF, "2026-07-01", "2026-12-31", "July–December 2026");
  check ("2026-H1", AMPARO_PERIOD_HALF, "2026-01-01", "2026-06-30", "January–June 2026");
  check ("2026-07", AMPARO_PERIOD_MONTH, "2026-07-01", "2026-07-31", "July 2026");
  check ("2028-02", AMPARO_PERIOD_MONTH, "2028-02-01", "2028-02-29", "February 2028");
  check ("2027-02", AMPARO_PERIOD_MONTH, "2027-02-01", "2027-02-28", "February 2027");
  check ("2000-01", AMPARO_PERIOD_MONTH, "2000-01-01", "2000-01-31", "January 2000");
  check ("2100-Q4", AMPARO_PERIOD_QUARTER, "2100-10-01", "2100-12-31", "October–December 2100");
}

static void
test_parse_bad (void)
{
  const char *bad[] = { "", "2026", "2026-Q0", "2026-Q5", "2026-H0", "2026-H3", "2026-00",
                        "2026-13", "2026-7", "2026-q3", "2026-h2", "26-Q3", "2026Q3",
                        " 2026-Q3", "2026-Q3 ", "1999-12", "2101-01", "2026-07-01", "abcd-Q1",
                        "2026-Y1", "２026-Q1", "2026-1a" };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      AmparoPeriod p;

      g_assert_false (amparo_period_parse (bad[i], &p, &error));
      g_assert_error (error, AMPARO_ERROR, AMPARO_ERROR_INVALID);
      /* the same verdict as the summary reader's */
      g_assert_false (amparo_period_is_valid (bad[i]));
    }
  {
    g_autoptr(GError) error = NULL;
    AmparoPeriod p;
    g_assert_false (amparo_period_parse (NULL, &p, &error));
    g_assert_error (error, AMPARO_ERROR, AMPARO_ERROR_INVALID);
  }
}

static void
test_containing_and_previous (void)
{
  GDate d;
  AmparoPeriod p, prev;
  g_autofree char *a = NULL, *b = NULL, *c = NULL;

  g_date_clear (&d, 1);
  g_assert_true (amparo_date_from_string ("2026-01-15", &d));
  amparo_period_containing (&p, AMPARO_PERIOD_QUARTER, &d);
  a = amparo_period_to_string (&p);
  g_assert_cmpstr (a, ==, "2026-Q1");
  amparo_period_previous (&p, &prev);
  b = amparo_period_to_string (&prev);
  g_assert_cmpstr (b, ==, "2025-Q4");
  amparo_period_containing (&p, AMPARO_PERIOD_HALF, &d);
  amparo_period_previous (&p, &prev);
  c = amparo_period_to_string (&prev);
  g_assert_cmpstr (c, ==, "2025-H2");

  g_assert_false (amparo_date_from_string ("2026-02-30", &d));
  g_assert_false (amparo_date_from_string ("2026-2-03", &d));
}

static void
fy (const char *date,
    int         start_month,
    int         number,
    const char *start,
    const char *end)
{
  GDate d, s, e;
  g_autofree char *ss = NULL, *es = NULL;

  g_assert_true (amparo_date_from_string (date, &d));
  g_assert_cmpint (amparo_fiscal_year (&d, start_month, &s, &e), ==, number);
  ss = amparo_date_to_string (&s);
  es = amparo_date_to_string (&e);
  g_assert_cmpstr (ss, ==, start);
  g_assert_cmpstr (es, ==, end);
}

static void
test_fiscal_year (void)
{
  /* US federal: FY 2027 runs October 2026 to September 2027 */
  fy ("2026-10-01", 10, 2027, "2026-10-01", "2027-09-30");
  fy ("2026-09-30", 10, 2026, "2025-10-01", "2026-09-30");
  fy ("2027-03-15", 10, 2027, "2026-10-01", "2027-09-30");
  /* many states: July to June */
  fy ("2026-07-01", 7, 2027, "2026-07-01", "2027-06-30");
  fy ("2026-06-30", 7, 2026, "2025-07-01", "2026-06-30");
  /* calendar years */
  fy ("2026-12-31", 1, 2026, "2026-01-01", "2026-12-31");
  /* a nonsense setting falls back to October */
  fy ("2026-11-02", 0, 2027, "2026-10-01", "2027-09-30");
  fy ("2028-02-29", 3, 2028, "2027-03-01", "2028-02-29");
}

static void
test_kinds (void)
{
  AmparoPeriodKind k;

  g_assert_true (amparo_period_kind_from_string ("quarter", &k));
  g_assert_cmpint (k, ==, AMPARO_PERIOD_QUARTER);
  g_assert_true (amparo_period_kind_from_string ("half", &k));
  g_assert_cmpint (k, ==, AMPARO_PERIOD_HALF);
  g_assert_true (amparo_period_kind_from_string ("month", &k));
  g_assert_cmpint (k, ==, AMPARO_PERIOD_MONTH);
  g_assert_false (amparo_period_kind_from_string ("year", &k));
  g_assert_false (amparo_period_kind_from_string (NULL, &k));
  g_assert_cmpstr (amparo_month_name (9), ==, "September");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/period/parse/good", test_parse_good);
  g_test_add_func ("/period/parse/bad", test_parse_bad);
  g_test_add_func ("/period/containing-previous", test_containing_and_previous);
  g_test_add_func ("/period/fiscal-year", test_fiscal_year);
  g_test_add_func ("/period/kinds", test_kinds);
  return g_test_run ();
}
