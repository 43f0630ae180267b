/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <string.h>
#include <sqlite3.h>
#include <glib/gstdio.h>

#include "amparo-db.h"
#include "amparo-error.h"
#include "amparo-secret.h"

/* This program is linked with plain libsqlite3 ahead of SQLCipher — the
 * exact mistake that makes `PRAGMA key` a silent no-op and writes data in
 * clear. The vault must refuse to open anything. */

static void
test_plain_sqlite_is_refused (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AmparoSecret) key = amparo_secret_new_random (32);
  g_autofree char *dir = g_dir_make_tmp ("amparo-nocipher-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "cases.db", NULL);
  g_autofree char *contents = NULL;
  gsize len = 0;
  sqlite3 *db;

  /* prove the premise: the SQLite in use is not SQLCipher's 3.15 */
  g_test_message ("linked SQLite %s", sqlite3_libversion ());
  g_assert_cmpstr (sqlite3_libversion (), !=, "3.15.2");

  db = amparo_db_open (path, key, TRUE, &error);
  g_assert_null (db);
  g_assert_error (error, AMPARO_ERROR, AMPARO_ERROR_NO_CIPHER);
  g_assert_nonnull (strstr (error->message, "SQLCipher"));

  /* and nothing was written in clear */
  if (g_file_get_contents (path, &contents, &len, NULL))
    g_assert_cmpuint (len, ==, 0);
  g_unlink (path);
  g_rmdir (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/db/refuses-without-sqlcipher", test_plain_sqlite_is_refused);
  return g_test_run ();
}
