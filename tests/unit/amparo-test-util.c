/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <stdarg.h>
#include <stdio.h>
#include <sodium.h>
#include <glib/gstdio.h>
#include <gio/gio.h>

#include "amparo-db.h"
#include "amparo-keys.h"
#include "amparo-secret.h"
#include "amparo-test-util.h"

char *
amparo_test_make_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("amparo-test-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

void
amparo_test_remove_dir (const char *dir)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFileEnumerator) e = NULL;
  GFileInfo *info;

  if (dir == NULL)
    return;
  file = g_file_new_for_path (dir);
  e = g_file_enumerate_children (file, G_FILE_ATTRIBUTE_STANDARD_NAME ","
                                 G_FILE_ATTRIBUTE_STANDARD_TYPE,
                                 G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, NULL, NULL);
  while (e != NULL && (info = g_file_enumerator_next_file (e, NULL, NULL)) != NULL)
    {
      g_autofree char *child = g_build_filename (dir, g_file_info_get_name (info), NULL);
      if (g_file_info_get_file_type (info) == G_FILE_TYPE_DIRECTORY)
        amparo_test_remove_dir (child);
      else
        g_unlink (child);
      g_object_unref (info);
    }
  g_rmdir (dir);
}

AmparoVault *
amparo_test_create_vault (const char     *dir,
                          AmparoVaultKind kind)
{
  g_autoptr(GError) error = NULL;
  AmparoVault *vault = amparo_vault_create (dir, kind, "Test Agency", "ana", TEST_PASSPHRASE,
                                            &error);

  g_assert_no_error (error);
  g_assert_nonnull (vault);
  return vault;
}

/**
 * amparo_test_run_cli:
 * @...: arguments after the program, %NULL-terminated
 *
 * Runs $AMPARO_CLI with @stdin_text on standard input.
 *
 * Returns: the exit status
 */
int
amparo_test_run_cli (const char *stdin_text,
                     char      **out_stdout,
                     char      **out_stderr,
                     ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  const char *cli = g_getenv ("AMPARO_CLI");
  const char *arg;
  va_list ap;

  g_assert_nonnull (cli);
  g_ptr_array_add (argv, (gpointer) cli);
  va_start (ap, out_stderr);
  while ((arg = va_arg (ap, const char *)) != NULL)
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (ap);
  g_ptr_array_add (argv, NULL);

  proc = g_subprocess_newv ((const char * const *) argv->pdata,
                            G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE
                            | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (proc, stdin_text != NULL ? stdin_text : "", NULL, &out, &err,
                                 &error);
  g_assert_no_error (error);
  if (out_stdout != NULL)
    *out_stdout = g_steal_pointer (&out);
  if (out_stderr != NULL)
    *out_stderr = g_steal_pointer (&err);
  return g_subprocess_get_if_exited (proc) ? g_subprocess_get_exit_status (proc) : -1;
}

char *
amparo_test_file_digest (const char *path)
{
  g_autofree char *data = NULL;
  gsize len;

  if (!g_file_get_contents (path, &data, &len, NULL))
    return g_strdup ("missing");
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) data, len);
}

char *
amparo_test_dir_digest (const char *dir,
                        const char *file)
{
  g_autofree char *path = g_build_filename (dir, file, NULL);

  return amparo_test_file_digest (path);
}

/* Opens the stores as an attacker holding the keys would: straight
 * through SQLite, for tests that tamper with rows. */
gboolean
amparo_test_open_raw (const char *dir,
                      const char *user,
                      const char *passphrase,
                      sqlite3   **cases,
                      sqlite3   **contacts)
{
  g_autofree char *keys = g_build_filename (dir, "keys", NULL);
  g_autofree char *cases_path = g_build_filename (dir, "cases.db", NULL);
  g_autofree char *contacts_path = g_build_filename (dir, "contacts.db", NULL);
  g_autoptr(AmparoKeyFile) kf = amparo_key_file_load (keys, NULL);
  g_autoptr(AmparoSecret) kek = NULL;
  g_autoptr(AmparoSecret) k_cases = NULL;
  g_autoptr(AmparoSecret) k_contacts = NULL;

  g_assert_nonnull (kf);
  kek = amparo_key_file_derive_kek (kf, user, passphrase, NULL);
  g_assert_nonnull (kek);
  g_assert_true (amparo_key_file_unwrap (kf, user, kek, NULL, &k_cases, &k_contacts, NULL));
  if (cases != NULL)
    *cases = amparo_db_open (cases_path, k_cases, FALSE, NULL);
  if (contacts != NULL)
    *contacts = k_contacts != NULL ? amparo_db_open (contacts_path, k_contacts, FALSE, NULL)
                                   : NULL;
  return TRUE;
}

char *
amparo_test_table_digest (sqlite3    *db,
                          const char *table)
{
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autofree char *sql = g_strdup_printf ("SELECT * FROM %s ORDER BY 1, 2;", table);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gint64 rows = 0;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      for (int c = 0; c < sqlite3_column_count (stmt); c++)
        {
          const void *blob = sqlite3_column_blob (stmt, c);
          int n = sqlite3_column_bytes (stmt, c);
          g_checksum_update (sum, blob != NULL ? blob : (const void *) "\0null", blob ? n : 5);
          g_checksum_update (sum, (const guchar *) "\x1f", 1);
        }
      rows++;
    }
  return g_strdup_printf ("%" G_GINT64_FORMAT ":%s", rows, g_checksum_get_string (sum));
}

void
amparo_test_flip_byte (const char *path,
                       goffset     offset)
{
  FILE *f = fopen (path, "r+b");
  int c;

  g_assert_nonnull (f);
  g_assert_cmpint (fseeko (f, offset, SEEK_SET), ==, 0);
  c = fgetc (f);
  g_assert_cmpint (c, !=, EOF);
  g_assert_cmpint (fseeko (f, offset, SEEK_SET), ==, 0);
  fputc (c ^ 0x5a, f);
  fclose (f);
}
