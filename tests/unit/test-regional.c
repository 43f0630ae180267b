/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <string.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <sodium.h>

#include "amparo-card.h"
#include "amparo-coordinator.h"
#include "amparo-db.h"
#include "amparo-error.h"
#include "amparo-regional.h"
#include "amparo-suppress.h"
#include "amparo-test-summary.h"
#include "amparo-test-util.h"

#define Q2 "2026-Q2"
#define Q3 "2026-Q3"
#define PUBLIC_K 10

/* ------------------------------------------------ independent checks */

static const AmparoTable *
find_table (GPtrArray  *tables,
            const char *id)
{
  for (guint i = 0; i < tables->len; i++)
    if (g_str_equal (((AmparoTable *) g_ptr_array_index (tables, i))->id, id))
      return g_ptr_array_index (tables, i);
  return NULL;
}

static gint64
cell_count (const AmparoTable *table,
            guint              c)
{
  return c == table->cells->len ? table->total
                                : ((AmparoCell *) g_ptr_array_index (table->cells, c))->count;
}

/* The true value of a cell (c == n_cells: the total) over @ts, from the
 * exact counts the builder kept; sets @all_published when every
 * contributor published it. */
static gint64
true_sum (GPtrArray  *ts,
          const char *table_id,
          guint       c,
          gboolean   *all_published,
          guint      *n_contributors)
{
  gint64 sum = 0;

  *all_published = TRUE;
  *n_contributors = 0;
  for (guint a = 0; a < ts->len; a++)
    {
      AmparoTestSummary *s = g_ptr_array_index (ts, a);
      const AmparoTable *exact = find_table (s->exact, table_id);
      const AmparoTable *published = find_table (s->summary->tables, table_id);

      if (exact == NULL)
        continue;
      (*n_contributors)++;
      sum += cell_count (exact, c);
      if (cell_count (published, c) == AMPARO_COUNT_SUPPRESSED)
        *all_published = FALSE;
    }
  return sum;
}

/* Random agencies for one period; agency 2 leaves out some tables. */
static GPtrArray *
random_agencies (guint32    seed,
                 guint      n_agencies,
                 const char *period,
                 GPtrArray **out_agencies)
{
  GPtrArray *ts = g_ptr_array_new_with_free_func ((GDestroyNotify) amparo_test_summary_free);
  static const int ks[] = { 3, 5, 7 };

  *out_agencies = g_ptr_array_new_with_free_func ((GDestroyNotify) amparo_regional_agency_free);
  for (guint a = 0; a < n_agencies; a++)
    {
      g_autofree char *id = amparo_test_agency_id (a + 1);
      g_autofree char *name = g_strdup_printf ("Agencia %u", a + 1);
      AmparoTestSummary *s = amparo_test_summary_new (id, name, period, 1,
                                                      ks[(seed + a) % G_N_ELEMENTS (ks)],
                                                      seed * 7919 + a, 0);
      AmparoRegionalAgency *agency = g_new0 (AmparoRegionalAgency, 1);

      if (a == 2)
        for (guint t = s->summary->tables->len; t-- > 0;)
          if (t % 3 == 1)
            {
              g_ptr_array_remove_index (s->summary->tables, t);
              g_ptr_array_remove_index (s->exact, t);
            }
      agency->id = g_strdup (id);
      agency->name = g_strdup (name);
      agency->sequence = 1;
      agency->k = s->summary->k;
      agency->generated = g_strdup (s->summary->generated);
      g_ptr_array_add (*out_agencies, agency);
      g_ptr_array_add (ts, s);
    }
  return ts;
}

static AmparoRegionalReport *
report_for (GPtrArray  *ts,
            GPtrArray  *agencies,
            const char *period)
{
  g_autoptr(GPtrArray) summaries = g_ptr_array_new ();

  for (guint a = 0; a < ts->len; a++)
    g_ptr_array_add (summaries, ((AmparoTestSummary *) g_ptr_array_index (ts, a))->summary);
  return amparo_regional_report_new_from_summaries (period, agencies, summaries);
}

static void
assert_report_brackets_truth (const AmparoRegionalReport *report,
                              GPtrArray                  *ts)
{
  for (guint t = 0; t < report->tables->len; t++)
    {
      const AmparoRegionalTable *rt = g_ptr_array_index (report->tables, t);

      for (guint c = 0; c <= rt->cells->len; c++)
        {
          gboolean total = c == rt->cells->len;
          AmparoRange r = total ? rt->total
                                : ((AmparoRegionalCell *) g_ptr_array_index (rt->cells, c))->sum;
          gboolean all_published;
          guint n;
          gint64 truth = true_sum (ts, rt->spec->id, c, &all_published, &n);

          g_assert_cmpuint (n, ==, rt->n_contributors);
          if (n == 0)
            {
              g_assert_true (AMPARO_RANGE_IS_MISSING (r));
              continue;
            }
          if (r.lo > truth || r.hi < truth)
            g_error ("%s cell %u: %" G_GINT64_FORMAT " not in [%" G_GINT64_FORMAT ", %"
                     G_GINT64_FORMAT "]", rt->spec->id, c, truth, r.lo, r.hi);
          g_assert_cmpint (AMPARO_RANGE_IS_EXACT (r), ==, all_published);

          /* each agency's own part brackets its own exact count */
          for (guint a = 0; a < ts->len; a++)
            {
              AmparoTestSummary *s = g_ptr_array_index (ts, a);
              const AmparoTable *exact = find_table (s->exact, rt->spec->id);
              AmparoRange mine = total ? rt->total_by_agency[a]
                                       : ((AmparoRegionalCell *) g_ptr_array_index (rt->cells, c))
                                           ->by_agency[a];

              if (exact == NULL)
                {
                  g_assert_true (AMPARO_RANGE_IS_MISSING (mine));
                  continue;
                }
              g_assert_cmpint (mine.lo, <=, cell_count (exact, c));
              g_assert_cmpint (mine.hi, >=, cell_count (exact, c));
            }
        }
    }
}

static void
assert_public_tables_safe (const AmparoRegionalReport *report,
                           GPtrArray                  *ts,
                           int                         public_k)
{
  g_autoptr(GPtrArray) tables = amparo_public_tables_new (report, public_k);
  guint published = 0;

  for (guint t = 0; t < tables->len; t++)
    {
      const AmparoTable *table = g_ptr_array_index (tables, t);
      const AmparoRegionalTable *rt = NULL;
      g_autoptr(GError) error = NULL;

      for (guint i = 0; i < report->tables->len; i++)
        if (g_str_equal (((AmparoRegionalTable *) g_ptr_array_index (report->tables, i))->spec->id,
                         table->id))
          rt = g_ptr_array_index (report->tables, i);
      g_assert_nonnull (rt);
      g_assert_cmpuint (rt->n_contributors, >, 0);
      g_assert_true (amparo_suppress_check (table, public_k, &error));
      g_assert_no_error (error);

      for (guint c = 0; c <= table->cells->len; c++)
        {
          gint64 count = cell_count (table, c);
          gboolean all_published;
          guint n;
          gint64 truth = true_sum (ts, table->id, c, &all_published, &n);

          if (count == AMPARO_COUNT_SUPPRESSED)
            continue;
          g_assert_false (count >= 1 && count < public_k);
          /* only exact sums are published, and they are true */
          g_assert_true (all_published);
          g_assert_cmpint (count, ==, truth);
          published++;
        }
    }
  g_assert_cmpuint (published, >, 0);
}

static void
test_ranges_bracket_true_sums_and_public_is_safe (void)
{
  for (guint32 seed = 1; seed <= 120; seed++)
    {
      g_autoptr(GPtrArray) agencies = NULL;
      g_autoptr(GPtrArray) ts = random_agencies (seed, 1 + seed % 4, Q3, &agencies);
      g_autoptr(AmparoRegionalReport) report = report_for (ts, agencies, Q3);

      g_assert_cmpuint (report->tables->len, >, 0);
      assert_report_brackets_truth (report, ts);
      assert_public_tables_safe (report, ts, PUBLIC_K);
      assert_public_tables_safe (report, ts, 3 + seed % 17);
    }
}

/* The spreadsheet is written whole or not at all. */
static void
test_xlsx_written_or_refused (void)
{
  g_autoptr(GPtrArray) agencies = NULL;
  g_autoptr(GPtrArray) ts = random_agencies (5, 3, Q3, &agencies);
  g_autoptr(AmparoRegionalReport) report = report_for (ts, agencies, Q3);
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("amparo-regional-xlsx-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "regional.xlsx", NULL);
  g_autofree char *missing = g_build_filename (dir, "no-such-folder", "regional.xlsx", NULL);
  g_autofree char *contents = NULL;
  gsize length = 0;

  g_assert_no_error (error);
  if (!amparo_regional_report_write_xlsx (report, path, &error)
      && g_error_matches (error, AMPARO_ERROR, AMPARO_ERROR_FAILED))
    {
      g_test_skip ("built without libxlsxwriter");
      g_rmdir (dir);
      return;
    }
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &contents, &length, &error));
  g_assert_cmpuint (length, >, 1000);
  g_assert_true (memcmp (contents, "PK\x03\x04", 4) == 0);

  g_assert_false (amparo_regional_report_write_xlsx (report, missing, &error));
  g_assert_error (error, AMPARO_ERROR, AMPARO_ERROR_IO);
  g_assert_false (g_file_test (missing, G_FILE_TEST_EXISTS));
  g_unlink (path);
  g_assert_cmpint (g_rmdir (dir), ==, 0);   /* no temporary file left behind */
}

static void
test_pdf_written_or_refused (void)
{
  g_autoptr(GPtrArray) agencies = NULL;
  g_autoptr(GPtrArray) ts = random_agencies (9, 3, Q3, &agencies);
  g_autoptr(AmparoRegionalReport) report = report_for (ts, agencies, Q3);
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("amparo-regional-pdf-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "regional.pdf", NULL);
  g_autofree char *missing = g_build_filename (dir, "no-such-folder", "regional.pdf", NULL);
  g_autofree char *contents = NULL;
  gsize length = 0;

  g_assert_no_error (error);
  g_assert_true (amparo_regional_report_write_pdf (report, path, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &contents, &length, &error));
  g_assert_cmpuint (length, >, 1000);
  g_assert_true (g_str_has_prefix (contents, "%PDF-"));
  g_assert_false (amparo_regional_report_write_pdf (report, missing, &error));
  g_assert_error (error, AMPARO_ERROR, AMPARO_ERROR_IO);
  g_unlink (path);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

/* A suppressed cell of an additive table with a published total is
 * bounded by what the total leaves; of a non-additive table whose cells
 * are parts of the total, by the total. */
static void
test_suppressed_cells_bounded_by_their_table (void)
{
  const AmparoTableSpec *age = amparo_table_spec_lookup ("age_band");
  const AmparoTableSpec *vict = amparo_table_spec_lookup ("victimization");
  g_autoptr(AmparoSummary) s = amparo_summary_new ();
  g_autoptr(GPtrArray) agencies = g_ptr_array_new_with_free_func (
    (GDestroyNotify) amparo_regional_agency_free);
  g_autoptr(GPtrArray) summaries = g_ptr_array_new ();
  g_autoptr(AmparoRegionalReport) report = NULL;
  AmparoTable *a = amparo_table_new_from_spec (age);
  AmparoTable *v = amparo_table_new_from_spec (vict);
  AmparoRegionalAgency *agency = g_new0 (AmparoRegionalAgency, 1);
  const AmparoRegionalTable *rt;
  AmparoRange r;

  /* age: 20, 3, 4 (hidden), total 27: each hidden cell in [1, 6] */
  ((AmparoCell *) g_ptr_array_index (a->cells, 0))->count = 20;
  ((AmparoCell *) g_ptr_array_index (a->cells, 1))->count = 3;
  ((AmparoCell *) g_ptr_array_index (a->cells, 2))->count = 4;
  a->total = 27;
  amparo_suppress_table (a, 5);
  /* victimization: 30 and 2 (hidden) and 6 (hidden), total 33 */
  ((AmparoCell *) g_ptr_array_index (v->cells, 0))->count = 30;
  ((AmparoCell *) g_ptr_array_index (v->cells, 1))->count = 2;
  ((AmparoCell *) g_ptr_array_index (v->cells, 2))->count = 6;
  v->total = 33;
  amparo_suppress_table (v, 5);
  s->agency_id = amparo_test_agency_id (1);
  s->period = g_strdup (Q3);
  g_ptr_array_add (s->tables, a);
  g_ptr_array_add (s->tables, v);
  agency->id = g_strdup (s->agency_id);
  agency->name = g_strdup ("A");
  agency->k = 5;
  g_ptr_array_add (agencies, agency);
  g_ptr_array_add (summaries, s);
  report = amparo_regional_report_new_from_summaries (Q3, agencies, summaries);

  rt = g_ptr_array_index (report->tables, 1);
  g_assert_cmpstr (rt->spec->id, ==, "age_band");
  r = ((AmparoRegionalCell *) g_ptr_array_index (rt->cells, 1))->sum;
  g_assert_cmpint (r.lo, ==, 1);
  g_assert_cmpint (r.hi, ==, 6);
  for (guint i = 0; i < report->tables->len; i++)
    if (g_str_equal (((AmparoRegionalTable *) g_ptr_array_index (report->tables, i))->spec->id,
                     "victimization"))
      rt = g_ptr_array_index (report->tables, i);
  r = ((AmparoRegionalCell *) g_ptr_array_index (rt->cells, 1))->sum;
  g_assert_cmpint (r.lo, ==, 1);
  g_assert_cmpint (r.hi, ==, 33);
}

/* ------------------------------------------------------ with a vault */

typedef struct
{
  char        *dir;
  char        *vault_dir;
  char        *files;
  AmparoVault *vault;
  guint8       coord_pk[32];
  GPtrArray   *q3;        /* AmparoTestSummary per agency */
  GPtrArray   *payloads;  /* the JSON each agency sealed for Q3 */
} Fixture;

static void
import_summary (Fixture           *f,
                AmparoTestSummary *s,
                guint              agency)
{
  g_autofree char *name = g_strdup_printf ("%s-%u-%u.amps", s->summary->period, agency,
                                           (guint) s->summary->sequence);
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(AmparoImportResult) result = { 0 };
  guint8 pk[32], sk[64];

  amparo_test_agency_keys (agency, pk, sk);
  bytes = amparo_test_summary_seal (s, f->coord_pk, sk);
  path = amparo_test_write_file (f->files, name, bytes);
  g_assert_true (amparo_coordinator_import_file (f->vault, path, AMPARO_IMPORT_POLICY_TRUST_NEW,
                                                 &result, &error));
  g_assert_no_error (error);
}

static void
setup (Fixture       *f,
       gconstpointer  data)
{
  g_autoptr(GBytes) card_bytes = NULL;
  g_autoptr(AmparoCard) card = NULL;
  g_autoptr(GError) error = NULL;

  f->dir = amparo_test_make_dir ();
  f->vault_dir = g_build_filename (f->dir, "vault", NULL);
  f->files = g_build_filename (f->dir, "stick", NULL);
  g_assert_cmpint (g_mkdir (f->files, 0700), ==, 0);
  f->vault = amparo_test_create_vault (f->vault_dir, AMPARO_VAULT_KIND_COORDINATOR);
  g_assert_true (amparo_coordinator_card (f->vault, &card_bytes, NULL, &error));
  card = amparo_card_from_bytes (card_bytes, &error);
  g_assert_no_error (error);
  memcpy (f->coord_pk, card->key, 32);

  f->q3 = g_ptr_array_new_with_free_func ((GDestroyNotify) amparo_test_summary_free);
  f->payloads = g_ptr_array_new_with_free_func (g_free);
  for (guint a = 1; a <= 3; a++)
    {
      g_autofree char *id = amparo_test_agency_id (a);
      g_autofree char *name = g_strdup_printf ("Refugio Número %u", a);
      AmparoTestSummary *s = amparo_test_summary_new (id, name, Q3, 2, 5, 100 + a, 0);
      /* an older export, replaced, must not count */
      g_autoptr(AmparoTestSummary) older = amparo_test_summary_new (id, name, Q3, 1, 5, 200 + a,
                                                                    0);

      import_summary (f, older, a);
      import_summary (f, s, a);
      g_ptr_array_add (f->q3, s);
      g_ptr_array_add (f->payloads, amparo_test_summary_json (s));
    }
  /* another period for agency 1 only */
  {
    g_autofree char *id = amparo_test_agency_id (1);
    g_autoptr(AmparoTestSummary) s = amparo_test_summary_new (id, "Refugio Número 1", Q2, 1, 5,
                                                              300, 0);

    import_summary (f, s, 1);
  }
}

static void
teardown (Fixture       *f,
          gconstpointer  data)
{
  g_clear_object (&f->vault);
  amparo_test_remove_dir (f->dir);
  g_free (f->dir);
  g_free (f->vault_dir);
  g_free (f->files);
  g_ptr_array_unref (f->q3);
  g_ptr_array_unref (f->payloads);
}

static JsonNode *
parse_json (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  return json_node_copy (json_parser_get_root (parser));
}

/* Straight from the payloads' JSON, without Amparo's reader: the sum of
 * published counts of table @t cell @c (or its total), and whether any
 * agency suppressed it. */
static gint64
sum_payloads (GPtrArray  *payloads,
              const char *table_id,
              gint        c,
              gboolean   *suppressed)
{
  gint64 sum = 0;

  *suppressed = FALSE;
  for (guint a = 0; a < payloads->len; a++)
    {
      g_autoptr(JsonNode) root = parse_json (g_ptr_array_index (payloads, a));
      JsonArray *tables = json_object_get_array_member (json_node_get_object (root), "tables");

      for (guint t = 0; t < json_array_get_length (tables); t++)
        {
          JsonObject *table = json_array_get_object_element (tables, t);
          JsonObject *cell;

          if (!g_str_equal (json_object_get_string_member (table, "id"), table_id))
            continue;
          if (c < 0)
            {
              if (json_object_get_null_member (table, "total"))
                *suppressed = TRUE;
              else
                sum += json_object_get_int_member (table, "total");
              continue;
            }
          cell = json_array_get_object_element (json_object_get_array_member (table, "cells"),
                                                (guint) c);
          if (json_object_has_member (cell, "suppressed"))
            *suppressed = TRUE;
          else
            sum += json_object_get_int_member (cell, "count");
        }
    }
  return sum;
}

static void
assert_json_range (JsonObject *range,
                   gint64      exact,
                   gboolean    suppressed,
                   gint64      truth)
{
  gint64 lo = json_object_get_int_member (range, "lo");
  gboolean unbounded = json_object_get_null_member (range, "hi");
  gint64 hi = unbounded ? G_MAXINT64 : json_object_get_int_member (range, "hi");

  if (!suppressed)
    {
      g_assert_cmpint (lo, ==, exact);
      g_assert_cmpint (hi, ==, exact);
      g_assert_cmpint (truth, ==, exact);
      return;
    }
  /* a range: above what was published, around the truth */
  g_assert_cmpint (lo, >, exact);
  g_assert_cmpint (lo, <=, truth);
  g_assert_cmpint (hi, >=, truth);
  g_assert_cmpint (lo, <, hi);
}

static void
test_report_equals_independent_sum (Fixture       *f,
                                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AmparoRegionalReport) report = amparo_regional_report_new (f->vault, Q3, &error);
  g_autofree char *json = NULL;
  g_autofree char *text = NULL;
  g_autofree char *csv = NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonObject *obj;
  JsonArray *tables;
  guint ranges = 0, exact = 0;

  g_assert_no_error (error);
  g_assert_cmpuint (report->agencies->len, ==, 3);
  json = amparo_regional_report_format (report, AMPARO_REGIONAL_FORMAT_JSON, TRUE);
  root = parse_json (json);
  obj = json_node_get_object (root);
  g_assert_cmpstr (json_object_get_string_member (obj, "period"), ==, Q3);
  g_assert_cmpint (json_array_get_length (json_object_get_array_member (obj, "agencies")), ==, 3);
  tables = json_object_get_array_member (obj, "tables");
  for (guint t = 0; t < json_array_get_length (tables); t++)
    {
      JsonObject *table = json_array_get_object_element (tables, t);
      const char *id = json_object_get_string_member (table, "id");
      JsonArray *cells = json_object_get_array_member (table, "cells");
      gboolean suppressed, all_published;
      guint n;
      gint64 sum, truth;

      g_assert_cmpint (json_object_get_int_member (table, "contributors"), ==, 3);
      for (guint c = 0; c < json_array_get_length (cells); c++)
        {
          JsonObject *cell = json_array_get_object_element (cells, c);

          sum = sum_payloads (f->payloads, id, (gint) c, &suppressed);
          truth = true_sum (f->q3, id, c, &all_published, &n);
          assert_json_range (json_object_get_object_member (cell, "sum"), sum, suppressed, truth);
          ranges += suppressed;
          exact += !suppressed;
        }
    }
  /* the random summaries exercise both */
  g_assert_cmpuint (ranges, >, 10);
  g_assert_cmpuint (exact, >, 10);

  text = amparo_regional_report_format (report, AMPARO_REGIONAL_FORMAT_TEXT, TRUE);
  g_assert_nonnull (strstr (text, "Refugio Número 2"));
  g_assert_nonnull (strstr (text, Q3));
  csv = amparo_regional_report_format (report, AMPARO_REGIONAL_FORMAT_CSV, FALSE);
  g_assert_true (g_str_has_prefix (csv, "period,table,row,key,label,scope,agency_id,agency,lo,hi\r\n"));
  g_assert_null (strstr (csv, "Refugio"));
}

/* The report reads each summary's tables as kept at import; a vault whose
 * summaries were imported before those rows existed reads the payloads,
 * keeps their rows, and the report is the same either way. */
static void
test_stored_tables_match_payloads (Fixture       *f,
                                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AmparoRegionalReport) stored = amparo_regional_report_new (f->vault, Q3, &error);
  g_autoptr(AmparoRegionalReport) parsed = NULL;
  g_autoptr(AmparoRegionalReport) again = NULL;
  g_autoptr(AmparoRegionalReport) damaged = NULL;
  g_autoptr(GPtrArray) summaries = g_ptr_array_new_with_free_func ((GDestroyNotify)
                                                                   amparo_summary_free);
  g_autofree char *stored_json = NULL;
  g_autofree char *parsed_json = NULL;
  g_autofree char *again_json = NULL;
  sqlite3 *db = amparo_vault_get_cases_db (f->vault, &error);
  gint64 rows, expected = 0;

  g_assert_no_error (error);
  g_assert_nonnull (db);
  g_assert_nonnull (stored);

  /* the same summaries, parsed from their payloads here */
  for (guint a = 0; a < f->payloads->len; a++)
    {
      const char *payload = g_ptr_array_index (f->payloads, a);
      AmparoSummary *s = amparo_summary_from_json (payload, strlen (payload), &error);

      g_assert_no_error (error);
      for (guint t = 0; t < s->tables->len; t++)
        expected += amparo_table_spec_lookup (((AmparoTable *) g_ptr_array_index (s->tables,
                                                                                 t))->id)
                    != NULL;
      g_ptr_array_add (summaries, s);
    }
  parsed = amparo_regional_report_new_from_summaries (Q3, stored->agencies, summaries);
  stored_json = amparo_regional_report_format (stored, AMPARO_REGIONAL_FORMAT_JSON, TRUE);
  parsed_json = amparo_regional_report_format (parsed, AMPARO_REGIONAL_FORMAT_JSON, TRUE);
  g_assert_cmpstr (stored_json, ==, parsed_json);

  /* one row per catalogue table of the current exports: the replaced
   * older exports left none behind */
  rows = amparo_db_query_int (db, "SELECT count(*) FROM summary_tables t JOIN summaries s"
                                  " ON s.id = t.summary_id WHERE s.period = '" Q3 "';", -1);
  g_assert_cmpint (expected, >, 0);
  g_assert_cmpint (rows, ==, expected);

  /* as if imported by an older Amparo */
  g_assert_true (amparo_db_exec (db, "DELETE FROM summary_tables;", &error));
  g_assert_no_error (error);
  again = amparo_regional_report_new (f->vault, Q3, &error);
  g_assert_no_error (error);
  again_json = amparo_regional_report_format (again, AMPARO_REGIONAL_FORMAT_JSON, TRUE);
  g_assert_cmpstr (again_json, ==, parsed_json);
  rows = amparo_db_query_int (db, "SELECT count(*) FROM summary_tables t JOIN summaries s"
                                  " ON s.id = t.summary_id WHERE s.period = '" Q3 "';", -1);
  g_assert_cmpint (rows, ==, expected);
  g_clear_pointer (&again, amparo_regional_report_free);
  g_clear_pointer (&again_json, g_free);
  again = amparo_regional_report_new (f->vault, Q3, &error);
  g_assert_no_error (error);
  again_json = amparo_regional_report_format (again, AMPARO_REGIONAL_FORMAT_JSON, TRUE);
  g_assert_cmpstr (again_json, ==, parsed_json);

  /* a row that no longer fits its table is a damaged store, not a count */
  g_assert_true (amparo_db_exec (db, "UPDATE summary_tables SET counts = counts || ',7'"
                                     " WHERE table_id = (SELECT min(table_id)"
                                     " FROM summary_tables);", &error));
  g_assert_no_error (error);
  damaged = amparo_regional_report_new (f->vault, Q3, &error);
  g_assert_null (damaged);
  g_assert_error (error, AMPARO_ERROR, AMPARO_ERROR_DAMAGED_DATABASE);
}

static void
test_totals_from_payloads (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AmparoRegionalReport) report = amparo_regional_report_new (f->vault, Q3, &error);

  g_assert_no_error (error);
  for (guint t = 0; t < report->tables->len; t++)
    {
      AmparoRegionalTable *rt = g_ptr_array_index (report->tables, t);
      gboolean suppressed;
      gint64 sum = sum_payloads (f->payloads, rt->spec->id, -1, &suppressed);

      if (!suppressed)
        {
          g_assert_cmpint (rt->total.lo, ==, sum);
          g_assert_cmpint (rt->total.hi, ==, sum);
        }
    }
  assert_report_brackets_truth (report, f->q3);
}

static void
test_trend_and_coverage (Fixture       *f,
                         gconstpointer  data)
{
  const char *periods[] = { Q3, Q2, NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) trend = amparo_regional_trend_new (f->vault, periods, &error);
  g_autoptr(AmparoCoverage) coverage = NULL;
  g_autoptr(AmparoRegionalReport) q2 = NULL;
  g_autofree char *text = NULL;
  g_autofree char *trend_csv = NULL;
  g_autoptr(AmparoCard) card = NULL;
  g_autofree char *card_json = NULL;
  g_autoptr(GBytes) card_bytes = NULL;
  g_autofree char *silent_id = amparo_test_agency_id (7);
  guint8 pk[32], sk[64];

  g_assert_no_error (error);
  g_assert_cmpuint (trend->len, ==, 2);
  g_assert_cmpstr (((AmparoRegionalReport *) g_ptr_array_index (trend, 0))->period, ==, Q2);
  g_assert_cmpuint (((AmparoRegionalReport *) g_ptr_array_index (trend, 0))->agencies->len, ==, 1);
  g_assert_cmpuint (((AmparoRegionalReport *) g_ptr_array_index (trend, 1))->agencies->len, ==, 3);
  q2 = amparo_regional_report_new (f->vault, Q2, &error);
  g_assert_cmpint (((AmparoRegionalTable *) g_ptr_array_index (q2->tables, 0))->total.lo, ==,
                   ((AmparoRegionalTable *) g_ptr_array_index (
                      ((AmparoRegionalReport *) g_ptr_array_index (trend, 0))->tables, 0))
                     ->total.lo);
  text = amparo_regional_trend_format (trend, AMPARO_REGIONAL_FORMAT_TEXT);
  g_assert_true (strstr (text, Q2) < strstr (text, Q3));
  trend_csv = amparo_regional_trend_format (trend, AMPARO_REGIONAL_FORMAT_CSV);
  g_assert_nonnull (strstr (trend_csv, "\r\n" Q2 ",cases,"));
  g_assert_nonnull (strstr (trend_csv, "\r\n" Q3 ",cases,"));

  /* an agency pinned ahead of time that never sent anything */
  amparo_test_agency_keys (7, pk, sk);
  card = amparo_card_new_agency ("Zafiro", silent_id, pk);
  card_json = amparo_card_to_json (card);
  card_bytes = g_bytes_new (card_json, strlen (card_json));
  g_assert_true (amparo_coordinator_pin_agency_card (f->vault, card_bytes, NULL, &error));

  coverage = amparo_coverage_new (f->vault, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (coverage->periods), ==, 2);
  g_assert_cmpstr (coverage->periods[0], ==, Q2);
  g_assert_cmpuint (coverage->agencies->len, ==, 4);
  /* by name: Refugio Número 1, 2, 3, Zafiro */
  g_assert_cmpint (coverage->sequences[0 * 2 + 0], ==, 1);
  g_assert_cmpint (coverage->sequences[0 * 2 + 1], ==, 2);
  g_assert_cmpint (coverage->sequences[1 * 2 + 0], ==, 0);
  g_assert_cmpint (coverage->sequences[1 * 2 + 1], ==, 2);
  g_assert_cmpint (coverage->sequences[3 * 2 + 0], ==, 0);
  g_assert_cmpint (coverage->sequences[3 * 2 + 1], ==, 0);
  g_clear_pointer (&text, g_free);
  text = amparo_coverage_format (coverage, AMPARO_REGIONAL_FORMAT_CSV);
  g_assert_nonnull (strstr (text, "agency_id,agency," Q2 "," Q3 "\r\n"));
  g_assert_nonnull (strstr (text, ",Zafiro,,\r\n"));
}

/* A tiny CSV reader for our own output: quoted fields, CRLF rows. */
static GPtrArray *
csv_rows (const char *text)
{
  GPtrArray *rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  GPtrArray *row = g_ptr_array_new ();
  GString *field = g_string_new (NULL);
  gboolean quoted = FALSE;

  for (const char *p = text; *p != '\0'; p++)
    {
      if (quoted)
        {
          if (*p == '"' && p[1] == '"')
            g_string_append_c (field, *p++);
          else if (*p == '"')
            quoted = FALSE;
          else
            g_string_append_c (field, *p);
        }
      else if (*p == '"')
        quoted = TRUE;
      else if (*p == ',')
        g_ptr_array_add (row, g_strdup (field->str)), g_string_truncate (field, 0);
      else if (*p == '\r' && p[1] == '\n')
        {
          p++;
          g_ptr_array_add (row, g_strdup (field->str));
          g_string_truncate (field, 0);
          g_ptr_array_add (row, NULL);
          g_ptr_array_add (rows, g_ptr_array_free (row, FALSE));
          row = g_ptr_array_new ();
        }
      else
        g_string_append_c (field, *p);
    }
  g_assert_cmpuint (row->len, ==, 0);
  g_ptr_array_free (row, TRUE);
  g_string_free (field, TRUE);
  return rows;
}

static void
test_public_report_has_no_small_counts_nor_names (Fixture       *f,
                                                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *base = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  guint counts = 0, suppressed = 0;

  g_assert_true (amparo_public_report_write (f->vault, Q3, f->files, &path, &error));
  g_assert_no_error (error);
  base = g_path_get_basename (path);
  g_assert_true (g_str_has_prefix (base, "amparo-public-" Q3 "-"));
  g_assert_true (g_str_has_suffix (base, ".csv"));
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_null (strstr (contents, "Refugio"));
  g_assert_null (strstr (contents, "6f1c2a8e"));

  rows = csv_rows (contents);
  g_assert_cmpstrv (g_ptr_array_index (rows, 0),
                    ((const char *[]) { "period", "table", "title", "row", "key", "label",
                                        "count", "suppressed", NULL }));
  for (guint r = 1; r < rows->len; r++)
    {
      char **row = g_ptr_array_index (rows, r);

      g_assert_cmpuint (g_strv_length (row), ==, 8);
      g_assert_cmpstr (row[0], ==, Q3);
      if (g_str_equal (row[7], "yes"))
        {
          g_assert_cmpstr (row[6], ==, "");
          suppressed++;
        }
      else
        {
          gint64 count = g_ascii_strtoll (row[6], NULL, 10);

          g_assert_cmpstr (row[7], ==, "no");
          g_assert_false (count >= 1 && count < PUBLIC_K);
          counts++;
        }
    }
  g_assert_cmpuint (counts, >, 0);
  g_assert_cmpuint (suppressed, >, 0);

  /* and nothing for a period nobody sent */
  g_assert_false (amparo_public_report_write (f->vault, "2025-Q1", f->files, NULL, &error));
  g_assert_error (error, AMPARO_ERROR, AMPARO_ERROR_NOT_FOUND);
}

static void
test_cli_reports (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *vault_arg = g_strdup (f->vault_dir);

  g_clear_object (&f->vault);
  g_assert_cmpint (amparo_test_run_cli (TEST_PASSPHRASE "\n", &out, &err, "--vault", vault_arg,
                                        "regional-report", "--period", Q3, "--format", "json",
                                        NULL), ==, 0);
  root = parse_json (out);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (root), "n_agencies"), ==, 3);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (amparo_test_run_cli (TEST_PASSPHRASE "\n", &out, &err, "--vault", vault_arg,
                                        "regional-report", "--period", Q2, "--period", Q3,
                                        "--format", "csv", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "\r\n" Q2 ",cases,"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (amparo_test_run_cli (TEST_PASSPHRASE "\n", &out, &err, "--vault", vault_arg,
                                        "coverage", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "Refugio Número 3"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (amparo_test_run_cli (TEST_PASSPHRASE "\n", &out, &err, "--vault", vault_arg,
                                        "public-report", "--period", Q3, "--to", f->files,
                                        NULL), ==, 0);
  g_assert_true (g_file_test (g_strchomp (out), G_FILE_TEST_IS_REGULAR));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (amparo_test_run_cli (TEST_PASSPHRASE "\n", &out, &err, "--vault", vault_arg,
                                        "regional-report", "--period", "2026-Q5", NULL), ==, 2);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_assert_cmpint (sodium_init (), >=, 0);

  g_test_add_func ("/regional/ranges-bracket-true-sums-and-public-is-safe",
                   test_ranges_bracket_true_sums_and_public_is_safe);
  g_test_add_func ("/regional/suppressed-cells-bounded-by-their-table",
                   test_suppressed_cells_bounded_by_their_table);
  g_test_add_func ("/regional/xlsx-written-or-refused", test_xlsx_written_or_refused);
  g_test_add_func ("/regional/pdf-written-or-refused", test_pdf_written_or_refused);
#define ADD(path, fn) g_test_add (path, Fixture, NULL, setup, fn, teardown)
  ADD ("/regional/report-equals-independent-sum", test_report_equals_independent_sum);
  ADD ("/regional/stored-tables-match-payloads", test_stored_tables_match_payloads);
  ADD ("/regional/totals-from-payloads", test_totals_from_payloads);
  ADD ("/regional/trend-and-coverage", test_trend_and_coverage);
  ADD ("/regional/public-report-no-small-counts-nor-names",
       test_public_report_has_no_small_counts_nor_names);
  ADD ("/regional/cli-reports", test_cli_reports);
#undef ADD

  return g_test_run ();
}
