/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <signal.h>
#include <string.h>
#include <gio/gio.h>
#include <glib/gstdio.h>

#include "amparo-audit.h"
#include "amparo-cases.h"
#include "amparo-db.h"
#include "amparo-test-util.h"

#define OLD_PASS TEST_PASSPHRASE
#define NEW_PASS "a brand new passphrase"

typedef struct
{
  char *dir;
} Fixture;

static void
setup (Fixture       *f,
       gconstpointer  data)
{
  g_autofree char *out = NULL;
  g_autofree char *parent = amparo_test_make_dir ();

  f->dir = g_build_filename (parent, "vault", NULL);
  g_assert_cmpint (amparo_test_run_cli (OLD_PASS "\n", &out, NULL, "--vault", f->dir, "init",
                                        "--agency", "CLI Agency", "--user", "ana", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "ana"));
}

static void
teardown (Fixture       *f,
          gconstpointer  data)
{
  g_autofree char *parent = g_path_get_dirname (f->dir);

  amparo_test_remove_dir (parent);
  g_free (f->dir);
}

static void
add_cases (const char *dir,
           int         n)
{
  g_autoptr(AmparoVault) vault = amparo_vault_unlock (dir, NULL, OLD_PASS, NULL);
  g_autoptr(GPtrArray) drafts = g_ptr_array_new_with_free_func ((GDestroyNotify) amparo_case_draft_free);
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (vault);
  for (int i = 0; i < n; i++)
    {
      AmparoCaseDraft *d = amparo_case_draft_new ();
      d->first_name = g_strdup_printf ("Name%d", i);
      d->opened = g_strdup ("2026-03-01");
      g_ptr_array_add (drafts, d);
    }
  amparo_cases_create (vault, drafts, NULL, &error);
  g_assert_no_error (error);
}

static void
test_usage_errors_exit_2 (Fixture       *f,
                          gconstpointer  data)
{
  g_autofree char *err = NULL;

  g_assert_cmpint (amparo_test_run_cli (NULL, NULL, NULL, NULL), ==, 2);
  g_assert_cmpint (amparo_test_run_cli (NULL, NULL, &err, "--vault", f->dir, "frobnicate", NULL),
                   ==, 2);
  g_assert_nonnull (strstr (err, "Usage"));
  g_assert_cmpint (amparo_test_run_cli (NULL, NULL, NULL, "--vault", f->dir, "init", NULL), ==, 2);
  g_assert_cmpint (amparo_test_run_cli (NULL, NULL, NULL, "--vault", f->dir, "user", "add", "bo",
                                        "--role", "king", NULL), ==, 2);
}

static void
test_errors_exit_1_with_one_line (Fixture       *f,
                                  gconstpointer  data)
{
  g_autofree char *err = NULL;
  g_autofree char *err2 = NULL;

  g_assert_cmpint (amparo_test_run_cli ("wrong passphrase\n", NULL, &err, "--vault", f->dir,
                                        "check", NULL), ==, 1);
  g_assert_true (g_str_has_prefix (err, "amparo-cli: "));
  g_assert_cmpint (strlen (err) - 1, ==, strcspn (err, "\n"));
  g_assert_cmpint (amparo_test_run_cli (OLD_PASS "\n", NULL, &err2, "--vault", f->dir, "init",
                                        "--agency", "Again", NULL), ==, 1);
  g_assert_nonnull (strstr (err2, "already"));
}

static void
test_user_add_and_default_account (Fixture       *f,
                                   gconstpointer  data)
{
  g_autofree char *err = NULL;

  g_assert_cmpint (amparo_test_run_cli (OLD_PASS "\nrita's passphrase\n", NULL, NULL, "--vault",
                                        f->dir, "user", "add", "rita", "--role", "reporting", NULL),
                   ==, 0);
  /* without --user the first supervisor is used */
  g_assert_cmpint (amparo_test_run_cli (OLD_PASS "\n", NULL, NULL, "--vault", f->dir, "check",
                                        NULL), ==, 0);
  g_assert_cmpint (amparo_test_run_cli ("rita's passphrase\n", NULL, NULL, "--vault", f->dir,
                                        "--user", "rita", "check", NULL), ==, 0);
  /* a reporting account may not add staff */
  g_assert_cmpint (amparo_test_run_cli ("rita's passphrase\nxxxxxxxxxx\n", NULL, &err, "--vault",
                                        f->dir, "--user", "rita", "user", "add", "eve", "--role",
                                        "supervisor", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "Not permitted"));
}

static void
test_passwd_touches_only_keys (Fixture       *f,
                               gconstpointer  data)
{
  g_autofree char *cases_before = NULL;
  g_autofree char *contacts_before = NULL;
  g_autofree char *cases_after = NULL;
  g_autofree char *contacts_after = NULL;
  g_autofree char *keys_before = NULL;
  g_autofree char *keys_after = NULL;
  g_autofree char *bak = g_build_filename (f->dir, "keys.bak", NULL);

  add_cases (f->dir, 5);
  cases_before = amparo_test_dir_digest (f->dir, "cases.db");
  contacts_before = amparo_test_dir_digest (f->dir, "contacts.db");
  keys_before = amparo_test_dir_digest (f->dir, "keys");

  g_assert_cmpint (amparo_test_run_cli (OLD_PASS "\n" NEW_PASS "\n", NULL, NULL, "--vault",
                                        f->dir, "passwd", NULL), ==, 0);
  cases_after = amparo_test_dir_digest (f->dir, "cases.db");
  contacts_after = amparo_test_dir_digest (f->dir, "contacts.db");
  keys_after = amparo_test_dir_digest (f->dir, "keys");
  g_assert_cmpstr (cases_before, ==, cases_after);
  g_assert_cmpstr (contacts_before, ==, contacts_after);
  g_assert_cmpstr (keys_before, !=, keys_after);
  g_assert_false (g_file_test (bak, G_FILE_TEST_EXISTS));

  g_assert_cmpint (amparo_test_run_cli (OLD_PASS "\n", NULL, NULL, "--vault", f->dir, "check",
                                        NULL), ==, 1);
  g_assert_cmpint (amparo_test_run_cli (NEW_PASS "\n", NULL, NULL, "--vault", f->dir, "check",
                                        NULL), ==, 0);
}

static gboolean
opens_with (const char *dir,
            const char *passphrase)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AmparoVault) v = amparo_vault_unlock (dir, NULL, passphrase, &error);

  return v != NULL;
}

static void
test_passwd_killed_anywhere_leaves_old_or_new (Fixture       *f,
                                               gconstpointer  data)
{
  const char *cli = g_getenv ("AMPARO_CLI");
  guint old_ok = 0, new_ok = 0;
  gboolean current_is_new = FALSE;

  for (int i = 0; i < 40; i++)
    {
      g_autoptr(GSubprocess) proc = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *input = g_strdup_printf ("%s\n%s\n", current_is_new ? NEW_PASS : OLD_PASS,
                                                current_is_new ? OLD_PASS : NEW_PASS);
      gboolean with_old, with_new;

      proc = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_SILENCE
                               | G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error, cli, "--vault", f->dir,
                               "passwd", NULL);
      g_assert_no_error (error);
      g_output_stream_write_all (g_subprocess_get_stdin_pipe (proc), input, strlen (input), NULL,
                                 NULL, NULL);
      g_output_stream_close (g_subprocess_get_stdin_pipe (proc), NULL, NULL);
      /* two Argon2id runs take ~0.1 s with test limits: spread kills over it */
      g_usleep (g_test_rand_int_range (0, 200000));
      g_subprocess_send_signal (proc, SIGKILL);
      g_subprocess_wait (proc, NULL, NULL);

      with_old = opens_with (f->dir, OLD_PASS);
      with_new = opens_with (f->dir, NEW_PASS);
      g_assert_true (with_old != with_new);
      current_is_new = with_new;
      old_ok += with_old;
      new_ok += with_new;
    }
  g_test_message ("40 kills: %u left the old passphrase, %u the new one", old_ok, new_ok);
  g_assert_cmpint (amparo_test_run_cli (current_is_new ? NEW_PASS "\n" : OLD_PASS "\n", NULL, NULL,
                                        "--vault", f->dir, "check", NULL), ==, 0);
}

static void
tamper (const char *dir,
        const char *sql)
{
  sqlite3 *cases = NULL;

  amparo_test_open_raw (dir, "ana", OLD_PASS, &cases, NULL);
  g_assert_nonnull (cases);
  g_assert_true (amparo_db_exec (cases, sql, NULL));
  amparo_db_close (cases);
}

static void
assert_check_fails (const char *dir,
                    const char *expected)
{
  g_autofree char *err = NULL;

  g_assert_cmpint (amparo_test_run_cli (OLD_PASS "\n", NULL, &err, "--vault", dir, "check", NULL),
                   ==, 1);
  g_assert_nonnull (strstr (err, expected));
}

static void
test_check_detects_audit_tampering (Fixture       *f,
                                    gconstpointer  data)
{
  g_autofree char *err = NULL;
  g_autofree char *backup_dir = amparo_test_make_dir ();
  g_autofree char *backup = NULL;
  g_autofree char *copy = NULL;
  const char *edits[] = {
    "UPDATE audit SET detail = 'something else' WHERE id = 2;",
    "DELETE FROM audit WHERE id = 2;",
    /* reorder: swap the contents of two rows, hashes included */
    "UPDATE audit SET id = -1 WHERE id = 2; UPDATE audit SET id = 2 WHERE id = 3;"
    " UPDATE audit SET id = 3 WHERE id = -1;",
    "UPDATE audit SET actor = 'mallory';",
    /* drop the newest entries, and rewrite nothing else */
    "DELETE FROM audit WHERE id = (SELECT max(id) FROM audit);",
  };

  add_cases (f->dir, 3);
  g_assert_cmpint (amparo_test_run_cli (OLD_PASS "\n", NULL, &err, "--vault", f->dir, "check",
                                        NULL), ==, 0);
  g_assert_cmpint (amparo_test_run_cli (OLD_PASS "\n", &backup, NULL, "--vault", f->dir, "backup",
                                        "--to", backup_dir, NULL), ==, 0);
  g_strstrip (backup);

  for (guint i = 0; i < G_N_ELEMENTS (edits); i++)
    {
      g_autofree char *restored = g_strdup_printf ("%s/restored-%u", backup_dir, i);

      g_assert_cmpint (amparo_test_run_cli (NULL, NULL, NULL, "--vault", restored, "restore",
                                            backup, NULL), ==, 0);
      g_assert_cmpint (amparo_test_run_cli (OLD_PASS "\n", NULL, NULL, "--vault", restored,
                                            "check", NULL), ==, 0);
      tamper (restored, edits[i]);
      assert_check_fails (restored, "audit log was altered");
    }
  amparo_test_remove_dir (backup_dir);
}

static void
test_check_detects_damaged_database (Fixture       *f,
                                     gconstpointer  data)
{
  g_autofree char *cases = g_build_filename (f->dir, "cases.db", NULL);
  g_autofree char *err = NULL;
  goffset size;

  add_cases (f->dir, 200);
  /* fold the WAL into the file so the damage is in what check reads */
  tamper (f->dir, "PRAGMA wal_checkpoint(TRUNCATE);");
  {
    g_autoptr(GFile) file = g_file_new_for_path (cases);
    g_autoptr(GFileInfo) info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE, 0, NULL,
                                                   NULL);
    size = g_file_info_get_size (info);
  }
  g_assert_cmpint (size, >, 5 * 4096);
  /* a byte in the middle of a later page: unlock still reads page 1 */
  amparo_test_flip_byte (cases, size - 4096 - 300);
  g_assert_cmpint (amparo_test_run_cli (OLD_PASS "\n", NULL, &err, "--vault", f->dir, "check",
                                        NULL), ==, 1);
  g_assert_true (strstr (err, "damaged") != NULL || strstr (err, "integrity") != NULL);
}

/* One file, one place: a flipped byte there */
typedef struct
{
  const char *file;
  gint64      offset;      /* from the start, or from the end if negative */
  const char *names;       /* what the message must say */
} Damage;

static char *
vault_files_state (const char *dir)
{
  const char *files[] = { "keys", "cases.db", "contacts.db", "cases.db-wal", "contacts.db-wal",
                          "keys.bak" };
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *digest = amparo_test_dir_digest (dir, files[i]);
      g_string_append_printf (s, "%s=%s\n", files[i], digest);
    }
  return g_string_free (s, FALSE);
}

static void
copy_file (const char *from_dir,
           const char *to_dir,
           const char *name)
{
  g_autofree char *from = g_build_filename (from_dir, name, NULL);
  g_autofree char *to = g_build_filename (to_dir, name, NULL);
  g_autofree char *data = NULL;
  gsize len;

  g_assert_true (g_file_get_contents (from, &data, &len, NULL));
  g_assert_true (g_file_set_contents (to, data, (gssize) len, NULL));
}

static void
test_damaged_files_distinct_and_offer_backup (Fixture       *f,
                                              gconstpointer  data)
{
  g_autofree char *parent = g_path_get_dirname (f->dir);
  g_autofree char *pristine = g_build_filename (parent, "pristine", NULL);
  g_autofree char *cases_path = g_build_filename (f->dir, "cases.db", NULL);
  g_autofree char *backup = NULL;
  g_autofree char *err = NULL;
  const Damage damages[] = {
    { "keys", 20, "keys file" },
    { "keys", -40, "keys file" },
    { "cases.db", 100, "Coded store" },
    { "cases.db", -4096 - 300, "Coded store" },
    { "contacts.db", 100, "Identifying store" },
    { "contacts.db", -4096 - 300, "Identifying store" },
  };
  const char *names[] = { "keys", "cases.db", "contacts.db" };

  add_cases (f->dir, 200);
  /* fold the WAL into the files, so the damage is in what is read */
  tamper (f->dir, "PRAGMA wal_checkpoint(TRUNCATE);");
  {
    sqlite3 *contacts = NULL;

    amparo_test_open_raw (f->dir, "ana", OLD_PASS, NULL, &contacts);
    g_assert_true (amparo_db_exec (contacts, "PRAGMA wal_checkpoint(TRUNCATE);", NULL));
    amparo_db_close (contacts);
  }

  /* without a backup next to the vault, the message says how to restore one */
  amparo_test_flip_byte (cases_path, 100);
  g_assert_cmpint (amparo_test_run_cli (OLD_PASS "\n", NULL, &err, "--vault", f->dir, "check",
                                        NULL), ==, 1);
  g_assert_nonnull (strstr (err, "restore BACKUP_FOLDER"));
  g_clear_pointer (&err, g_free);
  amparo_test_flip_byte (cases_path, 100);

  /* a backup next to the vault, as a USB stick's folder would be */
  g_assert_cmpint (amparo_test_run_cli (OLD_PASS "\n", &backup, NULL, "--vault", f->dir, "backup",
                                        "--to", parent, NULL), ==, 0);
  g_strstrip (backup);
  g_mkdir (pristine, 0700);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    copy_file (f->dir, pristine, names[i]);

  for (guint d = 0; d < G_N_ELEMENTS (damages); d++)
    {
      g_autofree char *path = g_build_filename (f->dir, damages[d].file, NULL);
      g_autofree char *before = NULL;
      g_autofree char *after = NULL;
      g_autofree char *restored = g_strdup_printf ("%s/restored-%u", parent, d);
      g_autofree char *contents = NULL;
      gsize len;
      gint64 offset;
      int status;
      char page_before[4096];

      for (guint i = 0; i < G_N_ELEMENTS (names); i++)
        copy_file (pristine, f->dir, names[i]);
      g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
      offset = damages[d].offset >= 0 ? damages[d].offset : (gint64) len + damages[d].offset;
      g_assert_cmpint (offset, >, 0);
      amparo_test_flip_byte (path, offset);
      before = vault_files_state (f->dir);
      {
        g_autofree char *damaged = NULL;
        gsize damaged_len;

        g_assert_true (g_file_get_contents (path, &damaged, &damaged_len, NULL));
        /* only the stores have whole pages; keys is shorter than one */
        memset (page_before, 0, sizeof page_before);
        memcpy (page_before, damaged + (offset - offset % 4096),
                MIN (sizeof page_before, damaged_len - (gsize) (offset - offset % 4096)));
      }

      status = amparo_test_run_cli (OLD_PASS "\n", NULL, &err, "--vault", f->dir, "check", NULL);
      g_test_message ("%s at %" G_GINT64_FORMAT ": %s", damages[d].file, offset, err);
      /* a clear message, not a crash, on one line */
      g_assert_cmpint (status, ==, 1);
      g_assert_true (g_str_has_prefix (err, "amparo-cli: "));
      g_assert_cmpint (strlen (err) - 1, ==, strcspn (err, "\n"));
      g_assert_nonnull (strstr (err, damages[d].names));
      g_assert_true (strstr (err, "damaged") != NULL || strstr (err, "integrity check") != NULL);
      /* and the way back, naming the backup next to the vault */
      g_assert_nonnull (strstr (err, "restore the latest backup"));
      g_assert_nonnull (strstr (err, backup));
      /* nothing changed. Damage found at unlock stops before any write;
       * damage in a later page is only found by check, after unlock wrote
       * its audit entry: there the damaged page itself stays as it was */
      after = vault_files_state (f->dir);
      if (damages[d].offset >= 0 || g_str_equal (damages[d].file, "keys"))
        g_assert_cmpstr (after, ==, before);
      else
        {
          g_autofree char *now = NULL;
          gsize now_len;
          gint64 page = offset - offset % 4096;

          g_assert_true (g_file_get_contents (path, &now, &now_len, NULL));
          g_assert_cmpuint (now_len, >=, (gsize) page + 4096);
          g_assert_cmpmem (now + page, 4096, page_before, 4096);
        }
      g_clear_pointer (&err, g_free);

      /* following the advice works */
      g_assert_cmpint (amparo_test_run_cli (NULL, NULL, NULL, "--vault", restored, "restore",
                                            backup, NULL), ==, 0);
      if (d == 0)
        g_assert_cmpint (amparo_test_run_cli (OLD_PASS "\n", NULL, NULL, "--vault", restored,
                                              "check", NULL), ==, 0);
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/cli/usage-exits-2", Fixture, NULL, setup, test_usage_errors_exit_2, teardown);
  g_test_add ("/cli/errors-exit-1", Fixture, NULL, setup, test_errors_exit_1_with_one_line,
              teardown);
  g_test_add ("/cli/user-add", Fixture, NULL, setup, test_user_add_and_default_account, teardown);
  g_test_add ("/cli/passwd/only-keys-change", Fixture, NULL, setup, test_passwd_touches_only_keys,
              teardown);
  g_test_add ("/cli/passwd/killed-anywhere", Fixture, NULL, setup,
              test_passwd_killed_anywhere_leaves_old_or_new, teardown);
  g_test_add ("/cli/check/audit-tampering", Fixture, NULL, setup,
              test_check_detects_audit_tampering, teardown);
  g_test_add ("/cli/check/damaged-database", Fixture, NULL, setup,
              test_check_detects_damaged_database, teardown);
  g_test_add ("/cli/damaged-files-offer-backup", Fixture, NULL, setup,
              test_damaged_files_distinct_and_offer_backup, teardown);
  return g_test_run ();
}
