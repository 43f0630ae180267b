/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <string.h>
#include <sodium.h>
#include <glib/gstdio.h>

#include "amparo-cases.h"
#include "amparo-db.h"
#include "amparo-error.h"
#include "amparo-keys.h"
#include "amparo-secret.h"
#include "amparo-test-util.h"
#include "amparo-vault.h"

typedef struct
{
  char        *dir;
  AmparoVault *vault;
} Fixture;

static void
setup (Fixture       *f,
       gconstpointer  data)
{
  f->dir = amparo_test_make_dir ();
  f->vault = amparo_test_create_vault (f->dir, AMPARO_VAULT_KIND_AGENCY);
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
add_case (AmparoVault *vault,
          const char  *first_name)
{
  g_autoptr(GPtrArray) drafts = g_ptr_array_new_with_free_func ((GDestroyNotify) amparo_case_draft_free);
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GError) error = NULL;
  AmparoCaseDraft *d = amparo_case_draft_new ();

  d->first_name = g_strdup (first_name);
  d->last_name = g_strdup ("Testperson");
  d->opened = g_strdup ("2026-07-15");
  d->gender = g_strdup ("woman");
  d->victimization = g_strsplit ("domestic_violence|stalking", "|", -1);
  g_ptr_array_add (drafts, d);
  amparo_cases_create (vault, drafts, ids, &error);
  g_assert_no_error (error);
  return g_array_index (ids, gint64, 0);
}

static void
test_files_are_not_plain_sqlite (Fixture       *f,
                                 gconstpointer  data)
{
  const char *files[] = { "cases.db", "contacts.db" };

  add_case (f->vault, "Marker");
  amparo_vault_lock (f->vault);
  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *path = g_build_filename (f->dir, files[i], NULL);
      g_autofree char *contents = NULL;
      gsize len;

      g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
      g_assert_cmpuint (len, >, 1024);
      g_assert_false (g_str_has_prefix (contents, "SQLite format 3"));
      /* nothing readable leaks either */
      g_assert_null (g_strstr_len (contents, len, "Testperson"));
      g_assert_null (g_strstr_len (contents, len, "CREATE TABLE"));
    }
}

static void
test_vault_permissions_are_private (Fixture       *f,
                                    gconstpointer  data)
{
  const char *files[] = { "keys", "cases.db", "contacts.db" };
  GStatBuf st;

  g_assert_cmpint (g_stat (f->dir, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0700);
  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *path = g_build_filename (f->dir, files[i], NULL);
      g_assert_cmpint (g_stat (path, &st), ==, 0);
      g_assert_cmpint (st.st_mode & 0077, ==, 0);
    }
}

static gboolean
shell_opens (const char *db_path,
             const char *key_pragma)
{
  g_autofree char *sql = g_strdup_printf ("%s SELECT count(*) FROM sqlite_master;", key_pragma);
  const char *argv[] = { "sqlcipher", db_path, sql, NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status = -1;

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out,
                               &err, &status, NULL));
  return g_spawn_check_wait_status (status, NULL) && (err == NULL || *err == '\0');
}

static void
test_sqlcipher_shell_needs_the_key (Fixture       *f,
                                    gconstpointer  data)
{
  g_autofree char *cases = g_build_filename (f->dir, "cases.db", NULL);
  g_autofree char *contacts = g_build_filename (f->dir, "contacts.db", NULL);
  g_autofree char *shell = g_find_program_in_path ("sqlcipher");

  if (shell == NULL)
    {
      g_test_skip ("the sqlcipher shell is not installed");
      return;
    }
  amparo_vault_lock (f->vault);
  g_assert_false (shell_opens (cases, ""));
  g_assert_false (shell_opens (contacts, ""));
  g_assert_false (shell_opens (cases, "PRAGMA key = \"x'00112233445566778899aabbccddeeff"
                                      "00112233445566778899aabbccddeeff'\"; "
                                      "PRAGMA cipher_page_size = 4096;"));
  g_assert_false (shell_opens (contacts, "PRAGMA key = 'correct horse battery staple';"));
}

static void
test_each_key_opens_only_its_store (Fixture       *f,
                                    gconstpointer  data)
{
  g_autofree char *keys = g_build_filename (f->dir, "keys", NULL);
  g_autofree char *cases_path = g_build_filename (f->dir, "cases.db", NULL);
  g_autofree char *contacts_path = g_build_filename (f->dir, "contacts.db", NULL);
  g_autoptr(AmparoKeyFile) kf = NULL;
  g_autoptr(AmparoSecret) kek = NULL;
  g_autoptr(AmparoSecret) k_cases = NULL;
  g_autoptr(AmparoSecret) k_contacts = NULL;
  g_autoptr(GError) error = NULL;
  sqlite3 *db;

  amparo_vault_lock (f->vault);
  kf = amparo_key_file_load (keys, &error);
  g_assert_no_error (error);
  kek = amparo_key_file_derive_kek (kf, "ana", TEST_PASSPHRASE, &error);
  g_assert_no_error (error);
  g_assert_true (amparo_key_file_unwrap (kf, "ana", kek, NULL, &k_cases, &k_contacts, &error));
  g_assert_false (amparo_secret_equal (k_cases, k_contacts));

  db = amparo_db_open (contacts_path, k_cases, FALSE, &error);
  g_assert_null (db);
  g_assert_error (error, AMPARO_ERROR, AMPARO_ERROR_DAMAGED_DATABASE);
  g_clear_error (&error);

  db = amparo_db_open (cases_path, k_contacts, FALSE, &error);
  g_assert_null (db);
  g_assert_error (error, AMPARO_ERROR, AMPARO_ERROR_DAMAGED_DATABASE);
  g_clear_error (&error);

  db = amparo_db_open (cases_path, k_cases, FALSE, &error);
  g_assert_no_error (error);
  g_assert_true (amparo_db_has_cipher (db));
  g_assert_cmpint (amparo_db_query_int (db, "PRAGMA cipher_page_size;", 0), ==, 4096);
  g_assert_cmpint (amparo_db_query_int (db, "PRAGMA secure_delete;", 0), ==, 1);
  amparo_db_close (db);
}

static void
test_reporting_role_cannot_reach_identifying_store (Fixture       *f,
                                                    gconstpointer  data)
{
  g_autoptr(AmparoVault) reporting = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) drafts = g_ptr_array_new_with_free_func ((GDestroyNotify) amparo_case_draft_free);
  g_autofree char *keys_text = NULL;
  g_autofree char *keys = g_build_filename (f->dir, "keys", NULL);
  AmparoCaseDraft *d;
  sqlite3 *cases;

  add_case (f->vault, "Marker");
  amparo_vault_add_account (f->vault, "rita", AMPARO_ROLE_REPORTING, "reporting passphrase",
                            &error);
  g_assert_no_error (error);

  /* the reporting entry does not hold K_contacts at all */
  g_assert_true (g_file_get_contents (keys, &keys_text, NULL, NULL));
  {
    const char *entry = strstr (keys_text, "\"rita\"");
    g_assert_nonnull (entry);
    g_assert_null (strstr (entry, "\"contacts\""));
  }

  reporting = amparo_vault_unlock (f->dir, "rita", "reporting passphrase", &error);
  g_assert_no_error (error);
  g_assert_cmpint (amparo_vault_get_role (reporting), ==, AMPARO_ROLE_REPORTING);

  cases = amparo_vault_get_cases_db (reporting, &error);
  g_assert_no_error (error);
  g_assert_cmpint (amparo_db_query_int (cases, "SELECT count(*) FROM cases;", -1), ==, 1);

  g_assert_null (amparo_vault_get_contacts_db (reporting, &error));
  g_assert_error (error, AMPARO_ERROR, AMPARO_ERROR_NOT_PERMITTED);
  g_assert_nonnull (strstr (error->message, "Not permitted for this role"));
  g_clear_error (&error);

  d = amparo_case_draft_new ();
  d->opened = g_strdup ("2026-07-01");
  g_ptr_array_add (drafts, d);
  g_assert_false (amparo_cases_create (reporting, drafts, NULL, &error));
  g_assert_error (error, AMPARO_ERROR, AMPARO_ERROR_NOT_PERMITTED);
  g_clear_error (&error);

  g_assert_null (amparo_vault_open_extra (reporting, TRUE, &error));
  g_assert_error (error, AMPARO_ERROR, AMPARO_ERROR_NOT_PERMITTED);
}

typedef struct
{
  const char *name;
  char       *digest;
} Snapshot;

static GPtrArray *
snapshot (const char *dir)
{
  const char *files[] = { "keys", "cases.db", "contacts.db", "cases.db-wal", "contacts.db-wal" };
  GPtrArray *snap = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    g_ptr_array_add (snap, amparo_test_dir_digest (dir, files[i]));
  return snap;
}

static void
assert_same_snapshot (GPtrArray *a,
                      GPtrArray *b)
{
  g_assert_cmpuint (a->len, ==, b->len);
  for (guint i = 0; i < a->len; i++)
    g_assert_cmpstr (g_ptr_array_index (a, i), ==, g_ptr_array_index (b, i));
}

static void
test_failures_are_distinct_and_change_nothing (Fixture       *f,
                                               gconstpointer  data)
{
  g_autofree char *keys = g_build_filename (f->dir, "keys", NULL);
  g_autofree char *cases = g_build_filename (f->dir, "cases.db", NULL);
  g_autofree char *keys_copy = NULL;
  g_autoptr(GPtrArray) before = NULL;
  g_autoptr(GPtrArray) after = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(AmparoVault) v = NULL;
  g_autofree char *cases_copy = NULL;
  gsize keys_len, cases_len;

  add_case (f->vault, "Marker");
  g_clear_object (&f->vault);
  before = snapshot (f->dir);

  /* wrong passphrase */
  v = amparo_vault_unlock (f->dir, NULL, "not the passphrase", &error);
  g_assert_null (v);
  g_assert_error (error, AMPARO_ERROR, AMPARO_ERROR_WRONG_PASSPHRASE);
  g_clear_error (&error);
  after = snapshot (f->dir);
  assert_same_snapshot (before, after);
  g_clear_pointer (&after, g_ptr_array_unref);

  /* damaged keys file: one flipped byte in a wrapped key */
  g_assert_true (g_file_get_contents (keys, &keys_copy, &keys_len, NULL));
  amparo_test_flip_byte (keys, keys_len - 40);
  g_clear_pointer (&before, g_ptr_array_unref);
  before = snapshot (f->dir);
  v = amparo_vault_unlock (f->dir, NULL, TEST_PASSPHRASE, &error);
  g_assert_null (v);
  g_assert_error (error, AMPARO_ERROR, AMPARO_ERROR_DAMAGED_KEYS);
  g_clear_error (&error);
  after = snapshot (f->dir);
  assert_same_snapshot (before, after);
  g_clear_pointer (&after, g_ptr_array_unref);
  g_assert_true (g_file_set_contents (keys, keys_copy, keys_len, NULL));

  /* damaged database: the first page's salt and header */
  g_assert_true (g_file_get_contents (cases, &cases_copy, &cases_len, NULL));
  amparo_test_flip_byte (cases, 100);
  g_clear_pointer (&before, g_ptr_array_unref);
  before = snapshot (f->dir);
  v = amparo_vault_unlock (f->dir, NULL, TEST_PASSPHRASE, &error);
  g_assert_null (v);
  g_assert_error (error, AMPARO_ERROR, AMPARO_ERROR_DAMAGED_DATABASE);
  g_clear_error (&error);
  after = snapshot (f->dir);
  assert_same_snapshot (before, after);
  g_clear_pointer (&after, g_ptr_array_unref);

  /* restoring the byte brings the vault back */
  g_assert_true (g_file_set_contents (cases, cases_copy, cases_len, NULL));
  v = amparo_vault_unlock (f->dir, NULL, TEST_PASSPHRASE, &error);
  g_assert_no_error (error);
  g_assert_nonnull (v);
}

static void
test_keys_file_refuses_weak_or_foreign_kdf (Fixture       *f,
                                            gconstpointer  data)
{
  g_autofree char *keys = g_build_filename (f->dir, "keys", NULL);
  g_autoptr(AmparoKeyFile) kf = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  struct { const char *from; const char *to; int code; } edits[] = {
    { "\"argon2id13\"", "\"argon2i13\"", AMPARO_ERROR_WEAK_KDF },
    { "\"ops\" : [0-9]+", "\"ops\" : 1", AMPARO_ERROR_WEAK_KDF },
    { "\"ops\" : [0-9]+", "\"ops\" : 4000000", AMPARO_ERROR_WEAK_KDF },
    { "\"mem\" : [0-9]+", "\"mem\" : 1048576", AMPARO_ERROR_WEAK_KDF },
    { "\"mem\" : [0-9]+", "\"mem\" : 68719476736", AMPARO_ERROR_WEAK_KDF },
    { "\"role\" : \"supervisor\"", "\"role\" : \"reporting\"", AMPARO_ERROR_DAMAGED_KEYS },
  };

  amparo_vault_lock (f->vault);
  kf = amparo_key_file_load (keys, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (edits); i++)
    {
      g_autofree char *text = NULL;
      g_autoptr(GRegex) re = NULL;
      g_autofree char *edited = NULL;
      g_autofree char *digest = NULL;
      g_autofree char *file = NULL;
      g_autoptr(AmparoKeyFile) parsed = NULL;
      const char *nl;
      guint8 hash[32];

      bytes = amparo_key_file_serialize (kf);
      text = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
      g_clear_pointer (&bytes, g_bytes_unref);
      nl = strchr (text, '\n');
      re = g_regex_new (edits[i].from, 0, 0, NULL);
      g_assert_true (g_regex_match_simple (edits[i].from, nl + 1, 0, 0));
      edited = g_regex_replace_literal (re, nl + 1, -1, 0, edits[i].to, 0, NULL);

      /* recompute the checksum, as a deliberate forger would */
      crypto_generichash (hash, sizeof hash, (const guint8 *) edited, strlen (edited), NULL, 0);
      digest = g_malloc (65);
      sodium_bin2hex (digest, 65, hash, sizeof hash);
      file = g_strdup_printf ("AMPARO-KEYS 1 %s\n%s", digest, edited);
      parsed = amparo_key_file_parse ((const guint8 *) file, strlen (file), &error);
      if (edits[i].code == AMPARO_ERROR_DAMAGED_KEYS)
        {
          /* the role edit parses (the AEAD catches it) or is refused as damaged */
          if (parsed != NULL)
            {
              g_autoptr(AmparoSecret) kek = amparo_key_file_derive_kek (parsed, "ana",
                                                                        TEST_PASSPHRASE, &error);
              g_autoptr(AmparoSecret) kc = NULL;
              g_assert_no_error (error);
              g_assert_false (amparo_key_file_unwrap (parsed, "ana", kek, NULL, &kc, NULL, &error));
            }
          g_assert_nonnull (error);
        }
      else
        {
          g_assert_null (parsed);
          g_assert_error (error, AMPARO_ERROR, edits[i].code);
        }
      g_clear_error (&error);
    }
}

static void
test_backup_restore_round_trip (Fixture       *f,
                                gconstpointer  data)
{
  g_autofree char *dest = amparo_test_make_dir ();
  g_autofree char *backup = NULL;
  g_autofree char *restored = g_build_filename (dest, "restored-vault", NULL);
  g_autoptr(AmparoVault) again = NULL;
  g_autoptr(GError) error = NULL;
  /* unlocking appends to the audit log, which moves settings.audit_head */
  const char *cases_tables[] = { "cases", "case_codes", "signing_key", "risk_items",
                                 "(SELECT * FROM settings WHERE key NOT IN ('audit_head'))" };
  const char *contacts_tables[] = { "people", "phones", "notes" };
  g_autoptr(GPtrArray) digests = g_ptr_array_new_with_free_func (g_free);
  sqlite3 *cases, *contacts;

  for (int i = 0; i < 20; i++)
    {
      g_autofree char *name = g_strdup_printf ("Person%d", i);
      add_case (f->vault, name);
    }
  cases = amparo_vault_get_cases_db (f->vault, NULL);
  contacts = amparo_vault_get_contacts_db (f->vault, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (cases_tables); i++)
    g_ptr_array_add (digests, amparo_test_table_digest (cases, cases_tables[i]));
  for (guint i = 0; i < G_N_ELEMENTS (contacts_tables); i++)
    g_ptr_array_add (digests, amparo_test_table_digest (contacts, contacts_tables[i]));

  /* the digests are taken first: a backup records its own date in settings */
  g_assert_true (amparo_vault_backup (f->vault, dest, &backup, &error));
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (backup, dest));
  g_assert_null (strstr (backup, "Test Agency"));

  g_assert_true (amparo_vault_restore (backup, restored, &error));
  g_assert_no_error (error);
  again = amparo_vault_unlock (restored, NULL, TEST_PASSPHRASE, &error);
  g_assert_no_error (error);
  cases = amparo_vault_get_cases_db (again, NULL);
  contacts = amparo_vault_get_contacts_db (again, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (cases_tables); i++)
    {
      g_autofree char *d = amparo_test_table_digest (cases, cases_tables[i]);
      g_assert_cmpstr (d, ==, g_ptr_array_index (digests, i));
    }
  for (guint i = 0; i < G_N_ELEMENTS (contacts_tables); i++)
    {
      g_autofree char *d = amparo_test_table_digest (contacts, contacts_tables[i]);
      g_assert_cmpstr (d, ==, g_ptr_array_index (digests, G_N_ELEMENTS (cases_tables) + i));
    }
  g_assert_cmpint (amparo_db_query_int (cases, "SELECT count(*) FROM cases;", 0), ==, 20);
  g_assert_true (amparo_vault_check (again, NULL, &error));
  g_assert_no_error (error);

  /* never over an existing vault */
  g_assert_false (amparo_vault_restore (backup, f->dir, &error));
  g_assert_error (error, AMPARO_ERROR, AMPARO_ERROR_EXISTS);
  g_clear_error (&error);

  /* a damaged backup is refused, nothing restored */
  {
    g_autofree char *bad_target = g_build_filename (dest, "other", NULL);
    g_autofree char *bcases = g_build_filename (backup, "cases.db", NULL);
    amparo_test_flip_byte (bcases, 5000);
    g_assert_false (amparo_vault_restore (backup, bad_target, &error));
    g_assert_error (error, AMPARO_ERROR, AMPARO_ERROR_INTEGRITY);
    g_assert_false (g_file_test (bad_target, G_FILE_TEST_EXISTS));
  }
  amparo_test_remove_dir (dest);
}

static void
test_locking_wipes_and_closes (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (amparo_vault_get_cases_db (f->vault, NULL));
  amparo_vault_lock (f->vault);
  g_assert_true (amparo_vault_is_locked (f->vault));
  g_assert_null (amparo_vault_get_cases_db (f->vault, &error));
  g_assert_error (error, AMPARO_ERROR, AMPARO_ERROR_LOCKED);
}

static void
test_interrupted_intake_is_undone_at_unlock (Fixture       *f,
                                             gconstpointer  data)
{
  g_autoptr(AmparoVault) again = NULL;
  g_autoptr(GError) error = NULL;
  sqlite3 *cases, *contacts;
  gint64 kept;

  kept = add_case (f->vault, "Kept");
  cases = amparo_vault_get_cases_db (f->vault, NULL);
  contacts = amparo_vault_get_contacts_db (f->vault, NULL);
  /* a crash after phase 1 of an intake: coded row, no identity */
  g_assert_true (amparo_db_exec (cases, "INSERT INTO cases (ref_code, opened, complete, "
                                        "last_activity) VALUES ('2222-3333', '2026-01-01', 0, "
                                        "'2026-01-01');", NULL));
  /* and one after phase 2: both halves, not yet marked complete */
  g_assert_true (amparo_db_exec (cases, "INSERT INTO cases (id, ref_code, opened, complete, "
                                        "last_activity) VALUES (900, '4444-5555', '2026-01-01', 0,"
                                        " '2026-01-01');", NULL));
  g_assert_true (amparo_db_exec (contacts, "INSERT INTO people (case_id, first_name, updated)"
                                           " VALUES (900, 'Half', '2026-01-01');", NULL));
  g_clear_object (&f->vault);

  again = amparo_vault_unlock (f->dir, NULL, TEST_PASSPHRASE, &error);
  g_assert_no_error (error);
  cases = amparo_vault_get_cases_db (again, NULL);
  g_assert_cmpint (amparo_db_query_int (cases, "SELECT count(*) FROM cases WHERE complete = 0;",
                                        -1), ==, 0);
  g_assert_cmpint (amparo_db_query_int (cases, "SELECT count(*) FROM cases;", -1), ==, 2);
  g_assert_cmpint (amparo_db_query_int (cases, "SELECT count(*) FROM cases WHERE id = 900;", -1),
                   ==, 1);
  g_assert_cmpint (kept, >, 0);
  g_assert_true (amparo_vault_check (again, NULL, &error));
  g_assert_no_error (error);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/vault/files-not-plain-sqlite", Fixture, NULL, setup,
              test_files_are_not_plain_sqlite, teardown);
  g_test_add ("/vault/private-permissions", Fixture, NULL, setup,
              test_vault_permissions_are_private, teardown);
  g_test_add ("/vault/sqlcipher-shell-needs-key", Fixture, NULL, setup,
              test_sqlcipher_shell_needs_the_key, teardown);
  g_test_add ("/vault/keys-open-only-their-store", Fixture, NULL, setup,
              test_each_key_opens_only_its_store, teardown);
  g_test_add ("/vault/reporting-not-permitted-contacts", Fixture, NULL, setup,
              test_reporting_role_cannot_reach_identifying_store, teardown);
  g_test_add ("/vault/unlock/distinct-failures-change-nothing", Fixture, NULL, setup,
              test_failures_are_distinct_and_change_nothing, teardown);
  g_test_add ("/vault/keys/refuses-weak-or-foreign-kdf", Fixture, NULL, setup,
              test_keys_file_refuses_weak_or_foreign_kdf, teardown);
  g_test_add ("/vault/backup-restore-round-trip", Fixture, NULL, setup,
              test_backup_restore_round_trip, teardown);
  g_test_add ("/vault/lock-wipes-and-closes", Fixture, NULL, setup,
              test_locking_wipes_and_closes, teardown);
  g_test_add ("/vault/intake/interrupted-recovered", Fixture, NULL, setup,
              test_interrupted_intake_is_undone_at_unlock, teardown);
  return g_test_run ();
}
