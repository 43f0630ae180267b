/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <signal.h>
#include <string.h>
#include <glib/gstdio.h>
#include <gio/gio.h>

#include "amparo-codes.h"
#include "amparo-db.h"
#include "amparo-demo.h"
#include "amparo-error.h"
#include "amparo-secret.h"
#include "amparo-vault.h"

#define PASSPHRASE "demo test passphrase 4 horses"

typedef struct
{
  char        *dir;         /* temporary parent */
  char        *dir_vault;   /* the vault inside it */
  AmparoVault *vault;
} Fixture;

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);
      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

static AmparoVault *
new_vault (char **out_dir)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *parent = g_dir_make_tmp ("amparo-demo-XXXXXX", &error);
  g_autofree char *dir = NULL;
  AmparoVault *vault;

  g_assert_no_error (error);
  dir = g_build_filename (parent, "vault", NULL);
  vault = amparo_vault_create (dir, AMPARO_VAULT_KIND_AGENCY, "Test Agency", "supervisor",
                               PASSPHRASE, &error);
  g_assert_no_error (error);
  g_assert_nonnull (vault);
  *out_dir = g_steal_pointer (&parent);
  return vault;
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  f->vault = new_vault (&f->dir);
  f->dir_vault = g_build_filename (f->dir, "vault", NULL);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_object (&f->vault);
  remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->dir_vault);
}

static gint64
count (sqlite3    *db,
       const char *sql)
{
  gint64 n = amparo_db_query_int (db, sql, -1);

  g_assert_cmpint (n, >=, 0);
  return n;
}

/* A digest of every coded table but the audit log, settings and keys
 * (which legitimately differ between vaults), rows in key order. */
static char *
coded_digest (AmparoVault *vault,
              gint64      *out_rows)
{
  sqlite3 *db = amparo_vault_get_cases_db (vault, NULL);
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autoptr(sqlite3_stmt) tables = NULL;
  gint64 rows = 0;

  g_assert_nonnull (db);
  tables = amparo_db_prepare (db, "SELECT name FROM sqlite_master WHERE type = 'table'"
                                  " AND name NOT IN ('audit', 'settings', 'signing_key')"
                                  " ORDER BY name;", NULL);
  g_assert_nonnull (tables);
  while (sqlite3_step (tables) == SQLITE_ROW)
    {
      const char *table = (const char *) sqlite3_column_text (tables, 0);
      g_autofree char *probe = g_strdup_printf ("SELECT * FROM \"%s\";", table);
      g_autoptr(sqlite3_stmt) stmt = amparo_db_prepare (db, probe, NULL);
      g_autoptr(GString) sql = g_string_new (NULL);
      int n_cols;

      g_assert_nonnull (stmt);
      n_cols = sqlite3_column_count (stmt);
      g_clear_pointer (&stmt, sqlite3_finalize);
      g_string_printf (sql, "SELECT * FROM \"%s\" ORDER BY ", table);
      for (int i = 1; i <= n_cols; i++)
        g_string_append_printf (sql, i > 1 ? ", %d" : "%d", i);
      stmt = amparo_db_prepare (db, sql->str, NULL);
      g_assert_nonnull (stmt);
      g_checksum_update (sum, (const guchar *) table, -1);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        {
          for (int i = 0; i < n_cols; i++)
            {
              const guchar *text = sqlite3_column_text (stmt, i);
              char tag = (char) ('0' + sqlite3_column_type (stmt, i));

              g_checksum_update (sum, (const guchar *) &tag, 1);
              if (text != NULL)
                g_checksum_update (sum, text, sqlite3_column_bytes (stmt, i));
              g_checksum_update (sum, (const guchar *) "\x1f", 1);
            }
          rows++;
        }
    }
  *out_rows = rows;
  return g_strdup (g_checksum_get_string (sum));
}

static void
test_same_seed_gives_same_coded_data (void)
{
  g_autofree char *dir_a = NULL, *dir_b = NULL, *dir_c = NULL;
  g_autoptr(AmparoVault) a = new_vault (&dir_a);
  g_autoptr(AmparoVault) b = new_vault (&dir_b);
  g_autoptr(AmparoVault) c = new_vault (&dir_c);
  g_autoptr(GError) error = NULL;
  g_autofree char *digest_a = NULL, *digest_b = NULL, *digest_c = NULL;
  gint64 rows_a, rows_b, rows_c;

  g_assert_true (amparo_demo_generate (a, 300, 42, &error));
  g_assert_no_error (error);
  g_assert_true (amparo_demo_generate (b, 300, 42, &error));
  g_assert_no_error (error);
  g_assert_true (amparo_demo_generate (c, 300, 43, &error));
  g_assert_no_error (error);

  digest_a = coded_digest (a, &rows_a);
  digest_b = coded_digest (b, &rows_b);
  digest_c = coded_digest (c, &rows_c);
  /* not a vacuous comparison: thousands of rows across the tables */
  g_assert_cmpint (rows_a, >, 5000);
  g_assert_cmpint (rows_a, ==, rows_b);
  g_assert_cmpstr (digest_a, ==, digest_b);
  g_assert_cmpstr (digest_a, !=, digest_c);

  /* the agencies themselves differ, so the equality is the generator's */
  {
    g_autofree char *id_a = amparo_vault_get_setting (a, "agency_id");
    g_autofree char *id_b = amparo_vault_get_setting (b, "agency_id");
    g_assert_cmpstr (id_a, !=, id_b);
  }

  remove_tree (dir_a);
  remove_tree (dir_b);
  remove_tree (dir_c);
}

static void
assert_column_codes (sqlite3    *db,
                     const char *sql,
                     const char *category)
{
  g_autoptr(sqlite3_stmt) stmt = amparo_db_prepare (db, sql, NULL);
  guint n = 0;

  g_assert_nonnull (stmt);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *value = (const char *) sqlite3_column_text (stmt, 0);
      g_auto(GStrv) codes = g_strsplit (value, "|", -1);

      for (guint i = 0; codes[i] != NULL; i++)
        if (!amparo_code_is_valid (category, codes[i]))
          g_error ("“%s” is not a %s code (%s)", codes[i], category, sql);
      n++;
    }
  g_assert_cmpuint (n, >, 0);
}

static void
test_demo_data_is_plausible (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) report = g_string_new (NULL);
  g_autoptr(sqlite3_stmt) top = NULL;
  sqlite3 *db, *contacts;
  gint64 n, services, stays;

  g_assert_true (amparo_demo_generate (f->vault, 2000, 1, &error));
  g_assert_no_error (error);
  db = amparo_vault_get_cases_db (f->vault, NULL);
  contacts = amparo_vault_get_contacts_db (f->vault, NULL);

  n = count (db, "SELECT count(*) FROM cases WHERE complete = 1;");
  g_assert_cmpint (n, ==, 2000);
  g_assert_cmpint (count (db, "SELECT count(*) FROM cases;"), ==, 2000);
  g_assert_cmpint (count (contacts, "SELECT count(*) FROM people WHERE first_name IS NOT NULL"
                                    " AND last_name IS NOT NULL;"), ==, 2000);

  /* the mix: mostly women aged 25–59, domestic violence the most common,
   * trafficking rare, most counted but not all */
  g_assert_cmpint (count (db, "SELECT count(*) FROM cases WHERE gender = 'woman';") * 2, >, n);
  g_assert_cmpint (count (db, "SELECT count(*) FROM cases WHERE age_band = '25_59';") * 2, >, n);
  top = amparo_db_prepare (db, "SELECT code FROM case_codes WHERE category = 'victimization'"
                               " GROUP BY code ORDER BY count(*) DESC LIMIT 1;", NULL);
  g_assert_cmpint (sqlite3_step (top), ==, SQLITE_ROW);
  g_assert_cmpstr ((const char *) sqlite3_column_text (top, 0), ==, "domestic_violence");
  g_assert_cmpint (count (db, "SELECT count(*) FROM case_codes WHERE code = 'human_trafficking';")
                   * 20, <, n);
  g_assert_cmpint (count (db, "SELECT count(*) FROM case_codes WHERE code = 'sexual_assault';"),
                   >, 0);
  g_assert_cmpint (count (db, "SELECT count(*) FROM case_codes WHERE category = 'race_ethnicity'"
                              " AND code = 'not_reported';") * 100, >, n * 5);
  g_assert_cmpint (count (db, "SELECT count(*) FROM (SELECT case_id FROM case_codes"
                              " WHERE category = 'race_ethnicity' GROUP BY case_id"
                              " HAVING count(*) > 1);"), >, 0);
  g_assert_cmpint (count (db, "SELECT count(*) FROM cases WHERE language IN ('en', 'es');") * 10,
                   >, n * 8);
  g_assert_cmpint (count (db, "SELECT count(*) FROM cases WHERE counted = 1;") * 10, >, n * 8);
  g_assert_cmpint (count (db, "SELECT count(*) FROM cases WHERE counted = 0;"), >, 0);
  g_assert_cmpint (count (db, "SELECT count(*) FROM cases WHERE status = 'closed';"), >, n / 2);
  g_assert_cmpint (count (db, "SELECT count(*) FROM cases WHERE status = 'open';"), >, 0);
  g_assert_cmpint (count (db, "SELECT max(n) FROM (SELECT count(*) AS n FROM children"
                              " GROUP BY case_id);"), <=, 4);

  /* every code valid */
  assert_column_codes (db, "SELECT age_band FROM cases;", "age_band");
  assert_column_codes (db, "SELECT gender FROM cases;", "gender");
  assert_column_codes (db, "SELECT language FROM cases;", "language");
  assert_column_codes (db, "SELECT limited_english FROM cases;", "limited_english");
  assert_column_codes (db, "SELECT referral_source FROM cases;", "referral_source");
  assert_column_codes (db, "SELECT risk_level FROM cases;", "risk_level");
  assert_column_codes (db, "SELECT outcome_safety_strategies FROM cases;", "outcome_answer");
  assert_column_codes (db, "SELECT outcome_knows_resources FROM cases;", "outcome_answer");
  assert_column_codes (db, "SELECT code FROM case_codes WHERE category = 'race_ethnicity';",
                       "race_ethnicity");
  assert_column_codes (db, "SELECT code FROM case_codes WHERE category = 'special_class';",
                       "special_class");
  assert_column_codes (db, "SELECT code FROM case_codes WHERE category = 'victimization';",
                       "victimization");
  assert_column_codes (db, "SELECT relationship FROM perpetrators;", "perpetrator_relationship");
  assert_column_codes (db, "SELECT sex FROM perpetrators;", "perpetrator_sex");
  assert_column_codes (db, "SELECT age_band FROM perpetrators;", "perpetrator_age_band");
  assert_column_codes (db, "SELECT age_band FROM children;", "child_age_band");
  assert_column_codes (db, "SELECT item FROM case_risk;", "risk_indicator");
  assert_column_codes (db, "SELECT item FROM safety_plan_items;", "safety_plan_item");
  assert_column_codes (db, "SELECT category FROM services;", "voca");
  assert_column_codes (db, "SELECT type FROM services;", "service_type");
  assert_column_codes (db, "SELECT sector FROM partners;", "sector");
  assert_column_codes (db, "SELECT sector FROM referrals;", "sector");
  assert_column_codes (db, "SELECT status FROM referrals;", "referral_status");
  assert_column_codes (db, "SELECT direction FROM referrals;", "referral_direction");
  assert_column_codes (db, "SELECT outcome FROM referrals WHERE outcome IS NOT NULL;",
                       "referral_outcome");
  assert_column_codes (db, "SELECT service_needed FROM referrals WHERE service_needed IS NOT NULL;",
                       "service_type");
  assert_column_codes (db, "SELECT scope FROM releases;", "release_scope");
  assert_column_codes (db, "SELECT purpose FROM releases;", "release_purpose");
  assert_column_codes (db, "SELECT form FROM releases;", "release_form");
  assert_column_codes (db, "SELECT kind FROM disclosures;", "disclosure_kind");
  assert_column_codes (db, "SELECT scope FROM disclosures;", "release_scope");

  /* services: about ten a case, their type in their category, within the case's dates */
  {
    g_autoptr(sqlite3_stmt) stmt = amparo_db_prepare (db, "SELECT DISTINCT category, type"
                                                          " FROM services;", NULL);
    guint pairs = 0;

    while (sqlite3_step (stmt) == SQLITE_ROW)
      {
        const char *type = (const char *) sqlite3_column_text (stmt, 1);

        g_assert_cmpstr (amparo_service_type_category (type), ==,
                         (const char *) sqlite3_column_text (stmt, 0));
        pairs++;
      }
    g_assert_cmpuint (pairs, >, 15);
  }
  services = count (db, "SELECT count(*) FROM services;");
  g_assert_cmpint (services, >, n * 7);
  g_assert_cmpint (services, <, n * 13);
  g_assert_cmpint (count (db, "SELECT count(*) FROM services WHERE minutes < 15 OR minutes > 180;"),
                   ==, 0);
  g_assert_cmpint (count (db, "SELECT count(*) FROM services s JOIN cases c ON c.id = s.case_id"
                              " WHERE s.date < c.opened"
                              " OR s.date > coalesce(c.closed, '" AMPARO_DEMO_REFERENCE_DATE "');"),
                   ==, 0);
  g_assert_cmpint (count (db, "SELECT count(*) FROM cases WHERE opened > '"
                              AMPARO_DEMO_REFERENCE_DATE "' OR opened < '2021-10-01';"), ==, 0);

  /* shelter for about 15%, same-day stays included, never leaving before arriving */
  stays = count (db, "SELECT count(DISTINCT case_id) FROM shelter_stays;");
  g_assert_cmpint (stays * 100, >, n * 8);
  g_assert_cmpint (stays * 100, <, n * 25);
  g_assert_cmpint (count (db, "SELECT count(*) FROM shelter_stays WHERE exited = entered;"), >, 0);
  g_assert_cmpint (count (db, "SELECT count(*) FROM shelter_stays WHERE exited < entered;"), ==, 0);

  /* releases: expire after signing, 30 days by default, some revoked, some
   * about to expire at the reference date */
  g_assert_cmpint (count (db, "SELECT count(*) FROM releases WHERE expires <= signed;"), ==, 0);
  g_assert_cmpint (count (db, "SELECT count(*) FROM releases"
                              " WHERE julianday(expires) - julianday(signed) = 30;") * 2,
                   >, count (db, "SELECT count(*) FROM releases;"));
  g_assert_cmpint (count (db, "SELECT count(*) FROM releases WHERE revoked IS NOT NULL;"), >, 0);
  g_assert_cmpint (count (db, "SELECT count(*) FROM releases WHERE expires > '"
                              AMPARO_DEMO_REFERENCE_DATE "' AND expires <= date('"
                              AMPARO_DEMO_REFERENCE_DATE "', '+14 days');"), >, 0);
  /* a referral names only a release it was made under */
  g_assert_cmpint (count (db, "SELECT count(*) FROM referrals r JOIN releases l"
                              " ON l.id = r.release_id WHERE l.case_id != r.case_id"
                              " OR l.partner_id != r.partner_id OR r.date < l.signed"
                              " OR r.date > l.expires;"), ==, 0);
  g_assert_cmpint (count (db, "SELECT count(*) FROM referrals WHERE direction = 'in';"), >, 0);
  g_assert_cmpint (count (db, "SELECT count(*) FROM partners;"), >=, 25);

  /* identifying details obviously invented, and only in the identifying store */
  g_assert_cmpint (count (contacts, "SELECT count(*) FROM phones"
                                    " WHERE number NOT LIKE '555-01__';"), ==, 0);
  g_assert_cmpint (count (contacts, "SELECT count(*) FROM people WHERE email IS NOT NULL"
                                    " AND email NOT LIKE '%@example.org';"), ==, 0);
  g_assert_cmpint (count (contacts, "SELECT count(*) FROM notes;"), ==, n);
  g_assert_cmpint (count (contacts, "SELECT count(*) FROM safety_plans;"), >, 0);

  /* one audit row of the demo's own */
  g_assert_cmpint (count (db, "SELECT count(*) FROM audit WHERE action = 'demo.generate'"
                              " AND detail = 'count=2000 seed=1';"), ==, 1);

  g_assert_true (amparo_vault_check (f->vault, report, &error));
  g_assert_no_error (error);
  g_assert_nonnull (strstr (report->str, "2000"));
}

static void
test_demo_refuses_reporting_role (Fixture       *f,
                                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AmparoVault) reporting = NULL;

  g_assert_true (amparo_vault_add_account (f->vault, "clerk", AMPARO_ROLE_REPORTING,
                                           "clerk passphrase 7 lanterns", &error));
  g_assert_no_error (error);
  reporting = amparo_vault_unlock (f->dir_vault, "clerk", "clerk passphrase 7 lanterns", &error);
  g_assert_no_error (error);
  g_assert_false (amparo_demo_generate (reporting, 10, 1, &error));
  g_assert_error (error, AMPARO_ERROR, AMPARO_ERROR_NOT_PERMITTED);
  g_assert_cmpint (count (amparo_vault_get_cases_db (reporting, NULL),
                          "SELECT count(*) FROM cases;"), ==, 0);
  g_clear_error (&error);

  g_assert_false (amparo_demo_generate (f->vault, 0, 1, &error));
  g_assert_error (error, AMPARO_ERROR, AMPARO_ERROR_INVALID);
}

/* A demo run killed at any moment leaves a vault that passes check, with
 * every case complete and linked to its identifying record. */
static void
test_demo_killed_midway_leaves_consistent_vault (Fixture       *f,
                                                 gconstpointer  data)
{
  const char *cli = g_getenv ("AMPARO_CLI");
  gboolean killed_after_writing = FALSE;
  gint64 before = 0;

  if (cli == NULL)
    {
      g_test_skip ("AMPARO_CLI is not set");
      return;
    }
  g_clear_object (&f->vault);

  /* at least four runs, and more (waiting longer) on a slow machine until
   * one was killed with some cases already written */
  for (guint run = 0; run < 4 || (!killed_after_writing && run < 10); run++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GSubprocess) proc = NULL;
      g_autoptr(AmparoVault) vault = NULL;
      g_autoptr(GString) report = g_string_new (NULL);
      /* from just after unlock to well into the run */
      gulong delay_ms = (gulong) g_test_rand_int_range (150 + 300 * (gint) run,
                                                        450 + 400 * (gint) run);
      sqlite3 *db;
      gint64 cases;

      proc = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_SILENCE
                               | G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error,
                               cli, "--vault", f->dir_vault, "demo", "--cases", "20000",
                               "--seed", run % 2 ? "7" : "8", NULL);
      g_assert_no_error (error);
      g_assert_true (g_output_stream_write_all (g_subprocess_get_stdin_pipe (proc),
                                                PASSPHRASE "\n", strlen (PASSPHRASE) + 1,
                                                NULL, NULL, &error));
      g_assert_no_error (error);
      g_usleep (delay_ms * 1000);
      g_subprocess_send_signal (proc, SIGKILL);
      g_assert_true (g_subprocess_wait (proc, NULL, &error));
      g_assert_no_error (error);

      vault = amparo_vault_unlock (f->dir_vault, NULL, PASSPHRASE, &error);
      g_assert_no_error (error);
      g_assert_true (amparo_vault_check (vault, report, &error));
      g_assert_no_error (error);
      db = amparo_vault_get_cases_db (vault, NULL);
      g_assert_cmpint (count (db, "SELECT count(*) FROM cases WHERE complete = 0;"), ==, 0);
      cases = count (db, "SELECT count(*) FROM cases;");
      g_assert_cmpint (count (amparo_vault_get_contacts_db (vault, NULL),
                              "SELECT count(*) FROM people;"), ==, cases);
      g_assert_cmpint (cases, >=, before);
      if (g_subprocess_get_if_signaled (proc) && cases > 0)
        killed_after_writing = TRUE;
      g_test_message ("run %u: killed after %lu ms, %" G_GINT64_FORMAT " cases", run, delay_ms,
                      cases);
      before = cases;
    }
  g_assert_true (killed_after_writing);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  amparo_secure_init (NULL);

  g_test_add_func ("/demo/same-seed-gives-same-coded-data", test_same_seed_gives_same_coded_data);
  g_test_add ("/demo/data-is-plausible", Fixture, NULL, fixture_setup,
              test_demo_data_is_plausible, fixture_teardown);
  g_test_add ("/demo/refuses-reporting-role", Fixture, NULL, fixture_setup,
              test_demo_refuses_reporting_role, fixture_teardown);
  g_test_add ("/demo/killed-midway-leaves-consistent-vault", Fixture, NULL, fixture_setup,
              test_demo_killed_midway_leaves_consistent_vault, fixture_teardown);
  return g_test_run ();
}
