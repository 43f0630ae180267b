/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "amparo-case-index.h"
#include "amparo-cases.h"
#include "amparo-db.h"
#include "amparo-test-util.h"
#include "amparo-vault.h"

#define PASS "tin lantern orchard 42"

typedef struct
{
  char        *dir;
  AmparoVault *vault;
  gint64       jose, ana, beatriz, carla;
} Fixture;

static char *
day (int offset)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) then = g_date_time_add_days (now, offset);

  return g_date_time_format (then, "%Y-%m-%d");
}

static gint64
add_case (AmparoVault *vault,
          const char  *first,
          const char  *last,
          const char  *risk,
          gboolean     closed,
          int          follow_up_offset,
          gboolean     plan_done)
{
  g_autoptr(GPtrArray) drafts = g_ptr_array_new_with_free_func ((GDestroyNotify) amparo_case_draft_free);
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GError) error = NULL;
  AmparoCaseDraft *d = amparo_case_draft_new ();
  /* a plan is complete when every default checklist step is done */
  const char *plan[] = { "safe_place", "emergency_bag", "code_word", "documents",
                         "trusted_contacts", "phone_safety", "children_plan", "work_school_plan",
                         "protection_order", "hotline_number", NULL };

  d->first_name = g_strdup (first);
  d->last_name = g_strdup (last);
  d->opened = day (-60);
  d->closed = closed ? day (-10) : NULL;
  d->risk_level = g_strdup (risk);
  d->follow_up = follow_up_offset != G_MININT ? day (follow_up_offset) : NULL;
  d->safety_plan_done = plan_done ? g_strdupv ((char **) plan) : NULL;
  g_ptr_array_add (drafts, d);
  g_assert_true (amparo_cases_create (vault, drafts, ids, &error));
  g_assert_no_error (error);
  return g_array_index (ids, gint64, 0);
}

static void
add_release (AmparoVault *vault,
             gint64       case_id,
             int          expires_offset,
             gboolean     revoked)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *signed_on = day (-20);
  g_autofree char *expires = day (expires_offset);
  g_autofree char *sql = NULL;
  sqlite3 *db = amparo_vault_get_cases_db (vault, &error);

  g_assert_no_error (error);
  amparo_db_exec (db, "INSERT OR IGNORE INTO partners (id, name, sector)"
                      " VALUES (1, 'Legal aid', 'legal_aid');", &error);
  g_assert_no_error (error);
  sql = g_strdup_printf ("INSERT INTO releases (case_id, partner_id, scope, purpose, signed,"
                         " expires, form, revoked) VALUES (%" G_GINT64_FORMAT ", 1, 'name',"
                         " 'referral', '%s', '%s', 'written', %s);", case_id, signed_on,
                         expires, revoked ? "'2000-01-01'" : "NULL");
  amparo_db_exec (db, sql, &error);
  g_assert_no_error (error);
}

static void
set_activity (AmparoVault *vault,
              gint64       id,
              int          offset)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *date = day (offset);
  g_autofree char *sql = g_strdup_printf ("UPDATE cases SET last_activity = '%s' WHERE id = %"
                                          G_GINT64_FORMAT ";", date, id);

  amparo_db_exec (amparo_vault_get_cases_db (vault, NULL), sql, &error);
  g_assert_no_error (error);
}

static void
setup (Fixture       *f,
       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *tmp = amparo_test_make_dir ();

  f->dir = g_build_filename (tmp, "vault", NULL);
  f->vault = amparo_vault_create (f->dir, AMPARO_VAULT_KIND_AGENCY, "Agency", "sup", PASS, &error);
  g_assert_no_error (error);
  g_assert_true (amparo_vault_add_account (f->vault, "clerk", AMPARO_ROLE_REPORTING, PASS, &error));
  g_assert_no_error (error);

  f->jose = add_case (f->vault, "José", "Núñez", "high", FALSE, -1, FALSE);
  f->ana = add_case (f->vault, "Ana María", "López", "low", FALSE, G_MININT, TRUE);
  f->beatriz = add_case (f->vault, "Beatriz", "Soto", "high", TRUE, -5, FALSE);
  f->carla = add_case (f->vault, "Carla", "Díaz", "moderate", FALSE, 3, TRUE);

  add_release (f->vault, f->ana, 3, FALSE);       /* expiring soon */
  add_release (f->vault, f->carla, 2, TRUE);      /* revoked: no alert */
  add_release (f->vault, f->jose, 30, FALSE);     /* far off: no alert */

  set_activity (f->vault, f->jose, -3);
  set_activity (f->vault, f->ana, -1);
  set_activity (f->vault, f->beatriz, -2);
  set_activity (f->vault, f->carla, 0);
}

static void
teardown (Fixture       *f,
          gconstpointer  data)
{
  g_autofree char *parent = g_path_get_dirname (f->dir);

  g_clear_object (&f->vault);
  amparo_test_remove_dir (parent);
  g_free (f->dir);
}

static GListModel *
query (AmparoVault      *vault,
       const char       *search,
       AmparoCaseFilter *filter)
{
  g_autoptr(GError) error = NULL;
  GListModel *model = amparo_case_index_query (vault, search, filter, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (model);
  return model;
}

static AmparoCaseRow *
row_for (GListModel *model,
         gint64      id)
{
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(AmparoCaseRow) row = g_list_model_get_item (model, i);
      if (amparo_case_row_get_id (row) == id)
        return row;
    }
  return NULL;
}

static gint64
only_id (GListModel *model)
{
  g_autoptr(AmparoCaseRow) row = NULL;

  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 1);
  row = g_list_model_get_item (model, 0);
  return amparo_case_row_get_id (row);
}

static void
test_lists_newest_activity_first (Fixture       *f,
                                  gconstpointer  data)
{
  g_autoptr(GListModel) all = query (f->vault, NULL, NULL);
  gint64 expected[] = { f->carla, f->ana, f->beatriz, f->jose };

  g_assert_cmpuint (g_list_model_get_n_items (all), ==, 4);
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_autoptr(AmparoCaseRow) row = g_list_model_get_item (all, i);
      g_assert_cmpint (amparo_case_row_get_id (row), ==, expected[i]);
    }
}

static void
test_search_by_reference_code (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(GListModel) all = query (f->vault, NULL, NULL);
  AmparoCaseRow *carla = row_for (all, f->carla);
  const char *code = amparo_case_row_get_ref_code (carla);
  g_autofree char *lower = g_ascii_strdown (code, -1);
  g_autofree char *no_dash = g_strndup (lower, 4);
  g_autofree char *typed = g_strconcat (no_dash, lower + 5, NULL);
  g_autoptr(GListModel) full = query (f->vault, code, NULL);
  g_autoptr(GListModel) compact = query (f->vault, typed, NULL);
  g_autoptr(GListModel) none = query (f->vault, "ZZZZ-ZZZZ-Z", NULL);

  g_assert_cmpint (only_id (full), ==, f->carla);
  g_assert_cmpint (only_id (compact), ==, f->carla);
  g_assert_cmpuint (g_list_model_get_n_items (none), ==, 0);
  g_assert_true (amparo_refcode_has_prefix ("K7QM-4TD2", "k7qm 4t"));
  g_assert_true (amparo_refcode_has_prefix ("K7QM-4TD2", "K7Q"));
  g_assert_false (amparo_refcode_has_prefix ("K7QM-4TD2", "7QM"));
  g_assert_false (amparo_refcode_has_prefix ("K7QM-4TD2", ""));
}

static void
test_search_by_name_ignores_case_and_accents (Fixture       *f,
                                              gconstpointer  data)
{
  g_autoptr(GListModel) plain = query (f->vault, "jose nunez", NULL);
  g_autoptr(GListModel) accented = query (f->vault, "NÚÑEZ", NULL);
  g_autoptr(GListModel) part = query (f->vault, "maria lop", NULL);
  g_autoptr(GListModel) wrong = query (f->vault, "jose lopez", NULL);
  g_autoptr(AmparoCaseRow) row = NULL;

  g_assert_cmpint (only_id (plain), ==, f->jose);
  g_assert_cmpint (only_id (accented), ==, f->jose);
  g_assert_cmpint (only_id (part), ==, f->ana);
  g_assert_cmpuint (g_list_model_get_n_items (wrong), ==, 0);
  row = g_list_model_get_item (plain, 0);
  g_assert_cmpstr (amparo_case_row_get_display_name (row), ==, "José Núñez");
}

static void
test_reporting_role_gets_no_names (Fixture       *f,
                                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AmparoVault) clerk = NULL;
  g_autoptr(GListModel) all = NULL;
  g_autoptr(GListModel) by_name = NULL;
  g_autoptr(GListModel) by_code = NULL;
  AmparoCaseRow *jose;

  amparo_vault_lock (f->vault);
  clerk = amparo_vault_unlock (f->dir, "clerk", PASS, &error);
  g_assert_no_error (error);
  all = query (clerk, NULL, NULL);
  g_assert_cmpuint (g_list_model_get_n_items (all), ==, 4);
  for (guint i = 0; i < 4; i++)
    {
      g_autoptr(AmparoCaseRow) row = g_list_model_get_item (all, i);
      g_assert_null (amparo_case_row_get_display_name (row));
      g_assert_nonnull (amparo_case_row_get_ref_code (row));
    }
  by_name = query (clerk, "nunez", NULL);
  g_assert_cmpuint (g_list_model_get_n_items (by_name), ==, 0);
  jose = row_for (all, f->jose);
  by_code = query (clerk, amparo_case_row_get_ref_code (jose), NULL);
  g_assert_cmpint (only_id (by_code), ==, f->jose);
}

static void
test_filters_by_status_and_risk (Fixture       *f,
                                 gconstpointer  data)
{
  g_autoptr(AmparoCaseFilter) filter = amparo_case_filter_new ();
  g_autoptr(GListModel) open = NULL;
  g_autoptr(GListModel) closed = NULL;
  g_autoptr(GListModel) high_any = NULL;
  g_autoptr(GListModel) high_open = NULL;

  g_assert_cmpint (filter->status, ==, AMPARO_CASE_STATUS_OPEN);
  open = query (f->vault, NULL, filter);
  g_assert_cmpuint (g_list_model_get_n_items (open), ==, 3);
  g_assert_null (row_for (open, f->beatriz));

  filter->status = AMPARO_CASE_STATUS_CLOSED;
  closed = query (f->vault, NULL, filter);
  g_assert_cmpint (only_id (closed), ==, f->beatriz);

  filter->status = AMPARO_CASE_STATUS_ALL;
  filter->risk_level = g_strdup ("high");
  high_any = query (f->vault, NULL, filter);
  g_assert_cmpuint (g_list_model_get_n_items (high_any), ==, 2);

  filter->status = AMPARO_CASE_STATUS_OPEN;
  high_open = query (f->vault, NULL, filter);
  g_assert_cmpint (only_id (high_open), ==, f->jose);
}

static void
test_alert_flags (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(AmparoCaseFilter) filter = amparo_case_filter_new ();
  g_autoptr(GListModel) all = query (f->vault, NULL, NULL);
  g_autoptr(GListModel) expiring = NULL;
  g_autoptr(GListModel) due = NULL;
  g_autoptr(GListModel) plan = NULL;

  g_assert_cmpint (amparo_case_row_get_alerts (row_for (all, f->jose)), ==,
                   AMPARO_CASE_ALERT_FOLLOW_UP | AMPARO_CASE_ALERT_SAFETY_PLAN);
  g_assert_cmpint (amparo_case_row_get_alerts (row_for (all, f->ana)), ==,
                   AMPARO_CASE_ALERT_RELEASE_EXPIRING);
  /* closed: no follow-up or safety-plan alert */
  g_assert_cmpint (amparo_case_row_get_alerts (row_for (all, f->beatriz)), ==,
                   AMPARO_CASE_ALERT_NONE);
  /* follow-up in the future, release revoked */
  g_assert_cmpint (amparo_case_row_get_alerts (row_for (all, f->carla)), ==,
                   AMPARO_CASE_ALERT_NONE);

  filter->status = AMPARO_CASE_STATUS_ALL;
  filter->alerts = AMPARO_CASE_ALERT_RELEASE_EXPIRING;
  expiring = query (f->vault, NULL, filter);
  g_assert_cmpint (only_id (expiring), ==, f->ana);
  filter->alerts = AMPARO_CASE_ALERT_FOLLOW_UP;
  due = query (f->vault, NULL, filter);
  g_assert_cmpint (only_id (due), ==, f->jose);
  filter->alerts = AMPARO_CASE_ALERT_ALL;
  plan = query (f->vault, NULL, filter);
  g_assert_cmpuint (g_list_model_get_n_items (plan), ==, 2);
}

static void
query_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  GListModel **out = user_data;
  g_autoptr(GError) error = NULL;

  *out = amparo_case_index_query_finish (AMPARO_VAULT (source), result, &error);
  g_assert_no_error (error);
}

static void
test_async_query_matches_sync (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(GListModel) model = NULL;
  g_autoptr(GListModel) sync = query (f->vault, "carla", NULL);

  amparo_case_index_query_async (f->vault, "carla", NULL, NULL, query_done_cb, &model);
  while (model == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpint (only_id (model), ==, only_id (sync));
  g_assert_cmpint (only_id (model), ==, f->carla);
}

/* The case list narrows its rows in memory at each keystroke: that must
 * find exactly what a query with the same search finds, in the same order,
 * sharing the rows. */
static void
test_filter_in_memory_matches_query (Fixture       *f,
                                     gconstpointer  data)
{
  g_autoptr(GListModel) all = query (f->vault, NULL, NULL);
  AmparoCaseRow *carla = row_for (all, f->carla);
  g_autofree char *code_start = g_ascii_strdown (amparo_case_row_get_ref_code (carla), 6);
  const char *searches[] = { "", "  ", "jose nunez", "NÚÑEZ", "maria lop", "jose lopez", "a",
                             "zz", "ZZZZ-ZZZZ-Z", "-", code_start };

  for (guint i = 0; i < G_N_ELEMENTS (searches); i++)
    {
      g_autoptr(GListModel) queried = query (f->vault, searches[i], NULL);
      g_autoptr(GListModel) filtered = amparo_case_index_filter (all, searches[i]);
      guint n = g_list_model_get_n_items (queried);

      g_assert_cmpuint (g_list_model_get_n_items (filtered), ==, n);
      for (guint j = 0; j < n; j++)
        {
          g_autoptr(AmparoCaseRow) a = g_list_model_get_item (queried, j);
          g_autoptr(AmparoCaseRow) b = g_list_model_get_item (filtered, j);

          g_assert_cmpint (amparo_case_row_get_id (a), ==, amparo_case_row_get_id (b));
          g_assert_true (row_for (all, amparo_case_row_get_id (b)) == b);
        }
    }
  {
    g_autoptr(GListModel) found = amparo_case_index_filter (all, code_start);
    g_assert_cmpint (only_id (found), ==, f->carla);
  }
}

/* Names come by lookups when a filter keeps a few rows out of many
 * people, and in one pass otherwise: either way, the same names. */
static void
test_names_same_under_every_filter (Fixture       *f,
                                    gconstpointer  data)
{
  const char *risks[] = { NULL, "low", "moderate", "high", "not_assessed" };
  g_autoptr(GListModel) all = NULL;

  for (guint i = 0; i < 40; i++)
    {
      g_autofree char *first = g_strdup_printf ("Person%u", i);

      add_case (f->vault, first, i % 3 == 0 ? NULL : "Roe", risks[1 + i % 4], i % 5 == 0,
                G_MININT, FALSE);
    }
  all = query (f->vault, NULL, NULL);
  for (int status = AMPARO_CASE_STATUS_OPEN; status <= AMPARO_CASE_STATUS_ALL; status++)
    for (guint r = 0; r < G_N_ELEMENTS (risks); r++)
      {
        g_autoptr(AmparoCaseFilter) filter = amparo_case_filter_new ();
        g_autoptr(GListModel) some = NULL;

        filter->status = status;
        filter->risk_level = g_strdup (risks[r]);
        some = query (f->vault, NULL, filter);
        for (guint i = 0; i < g_list_model_get_n_items (some); i++)
          {
            g_autoptr(AmparoCaseRow) row = g_list_model_get_item (some, i);
            AmparoCaseRow *same = row_for (all, amparo_case_row_get_id (row));

            g_assert_nonnull (same);
            g_assert_cmpstr (amparo_case_row_get_display_name (row), ==,
                             amparo_case_row_get_display_name (same));
            g_assert_nonnull (amparo_case_row_get_display_name (row));
          }
      }
}

static void
test_locked_vault_refuses_query (Fixture       *f,
                                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) model = NULL;

  amparo_vault_lock (f->vault);
  model = amparo_case_index_query (f->vault, NULL, NULL, NULL, &error);
  g_assert_null (model);
  g_assert_nonnull (error);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn) g_test_add (path, Fixture, NULL, setup, fn, teardown)
  ADD ("/case-index/order/newest-activity-first", test_lists_newest_activity_first);
  ADD ("/case-index/search/reference-code", test_search_by_reference_code);
  ADD ("/case-index/search/name-folded", test_search_by_name_ignores_case_and_accents);
  ADD ("/case-index/role/reporting-gets-no-names", test_reporting_role_gets_no_names);
  ADD ("/case-index/filter/status-and-risk", test_filters_by_status_and_risk);
  ADD ("/case-index/filter/alerts", test_alert_flags);
  ADD ("/case-index/async", test_async_query_matches_sync);
  ADD ("/case-index/locked", test_locked_vault_refuses_query);
  ADD ("/case-index/search/in-memory", test_filter_in_memory_matches_query);
  ADD ("/case-index/names/every-filter", test_names_same_under_every_filter);
#undef ADD
  return g_test_run ();
}
