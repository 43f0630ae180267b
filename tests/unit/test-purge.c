/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <string.h>

#include "amparo-cases.h"
#include "amparo-db.h"
#include "amparo-error.h"
#include "amparo-purge.h"
#include "amparo-test-util.h"

typedef struct
{
  char        *dir;
  AmparoVault *vault;
} Fixture;

static void
add (AmparoVault *vault,
     const char  *name,
     const char  *opened,
     const char  *closed)
{
  g_autoptr(GPtrArray) drafts = g_ptr_array_new_with_free_func ((GDestroyNotify) amparo_case_draft_free);
  g_autoptr(GError) error = NULL;
  AmparoCaseDraft *d = amparo_case_draft_new ();

  d->first_name = g_strdup (name);
  d->notes = g_strdup_printf ("note about %s", name);
  d->opened = g_strdup (opened);
  d->closed = g_strdup (closed);
  g_ptr_array_add (drafts, d);
  amparo_cases_create (vault, drafts, NULL, &error);
  g_assert_no_error (error);
}

static void
setup (Fixture       *f,
       gconstpointer  data)
{
  f->dir = amparo_test_make_dir ();
  f->vault = amparo_test_create_vault (f->dir, AMPARO_VAULT_KIND_AGENCY);
  add (f->vault, "OLDMARKER1", "2019-01-02", "2019-06-30");
  add (f->vault, "OLDMARKER2", "2020-01-02", "2020-12-31");
  add (f->vault, "KEEPCLOSED", "2024-01-02", "2024-03-01");
  add (f->vault, "KEEPOPEN", "2018-01-02", NULL);
}

static void
teardown (Fixture       *f,
          gconstpointer  data)
{
  g_clear_object (&f->vault);
  amparo_test_remove_dir (f->dir);
  g_free (f->dir);
}

static gint64
count (sqlite3    *db,
       const char *sql)
{
  return amparo_db_query_int (db, sql, -1);
}

static void
test_purge_removes_both_halves (Fixture       *f,
                                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *detail = NULL;
  sqlite3 *cases = amparo_vault_get_cases_db (f->vault, NULL);
  sqlite3 *contacts = amparo_vault_get_contacts_db (f->vault, NULL);
  guint purged = 0;

  g_assert_true (amparo_purge_closed_before (f->vault, "2021-01-01", &purged, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (purged, ==, 2);
  g_assert_cmpint (count (cases, "SELECT count(*) FROM cases;"), ==, 2);
  g_assert_cmpint (count (contacts, "SELECT count(*) FROM people;"), ==, 2);
  g_assert_cmpint (count (contacts, "SELECT count(*) FROM people WHERE first_name LIKE "
                                    "'OLDMARKER%';"), ==, 0);
  g_assert_cmpint (count (contacts, "SELECT count(*) FROM notes WHERE body LIKE "
                                    "'%OLDMARKER%';"), ==, 0);
  g_assert_cmpint (count (cases, "SELECT count(*) FROM purge_queue;"), ==, 0);

  /* the audit keeps a count, not names */
  detail = amparo_db_query_text (cases, "SELECT detail FROM audit WHERE action = 'purge';");
  g_assert_cmpstr (detail, ==, "count=2");
  g_assert_cmpint (count (cases, "SELECT count(*) FROM audit WHERE detail LIKE '%MARKER%';"), ==,
                   0);
  /* nothing left in the WAL either */
  g_assert_cmpint (count (cases, "PRAGMA secure_delete;"), ==, 1);
  g_assert_true (amparo_vault_check (f->vault, NULL, &error));
  g_assert_no_error (error);
}

static void
test_purge_is_supervisor_only (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AmparoVault) advocate = NULL;

  g_assert_true (amparo_vault_add_account (f->vault, "ada", AMPARO_ROLE_ADVOCATE,
                                           "advocate passphrase", &error));
  advocate = amparo_vault_unlock (f->dir, "ada", "advocate passphrase", &error);
  g_assert_no_error (error);
  g_assert_false (amparo_purge_closed_before (advocate, "2030-01-01", NULL, &error));
  g_assert_error (error, AMPARO_ERROR, AMPARO_ERROR_NOT_PERMITTED);
  g_clear_error (&error);
  g_assert_false (amparo_purge_closed_before (f->vault, "2030-13-01", NULL, &error));
  g_assert_error (error, AMPARO_ERROR, AMPARO_ERROR_INVALID);
  g_assert_cmpint (count (amparo_vault_get_cases_db (f->vault, NULL),
                          "SELECT count(*) FROM cases;"), ==, 4);
}

static void
test_interrupted_purge_finishes_at_unlock (Fixture       *f,
                                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AmparoVault) again = NULL;
  sqlite3 *cases = amparo_vault_get_cases_db (f->vault, NULL);
  sqlite3 *contacts = amparo_vault_get_contacts_db (f->vault, NULL);

  /* a crash after step 2: queued, identifying half gone, cases still there */
  g_assert_true (amparo_db_exec (cases, "INSERT INTO purge_queue SELECT id FROM cases WHERE "
                                        "closed < '2021-01-01'; UPDATE cases SET complete = 0 "
                                        "WHERE id IN (SELECT case_id FROM purge_queue);", NULL));
  g_assert_true (amparo_db_exec (contacts, "DELETE FROM people WHERE first_name LIKE "
                                           "'OLDMARKER%';", NULL));
  g_clear_object (&f->vault);

  again = amparo_vault_unlock (f->dir, NULL, TEST_PASSPHRASE, &error);
  g_assert_no_error (error);
  cases = amparo_vault_get_cases_db (again, NULL);
  g_assert_cmpint (count (cases, "SELECT count(*) FROM cases;"), ==, 2);
  g_assert_cmpint (count (cases, "SELECT count(*) FROM purge_queue;"), ==, 0);
  g_assert_true (amparo_vault_check (again, NULL, &error));
  g_assert_no_error (error);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/purge/removes-both-halves", Fixture, NULL, setup, test_purge_removes_both_halves,
              teardown);
  g_test_add ("/purge/supervisor-only", Fixture, NULL, setup, test_purge_is_supervisor_only,
              teardown);
  g_test_add ("/purge/interrupted-finishes", Fixture, NULL, setup,
              test_interrupted_purge_finishes_at_unlock, teardown);
  return g_test_run ();
}
