/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "AmparoDb"

#include <string.h>
#include <sodium.h>
#include <glib/gi18n.h>

#include "amparo-db.h"
#include "amparo-error.h"
#include "amparo-safe-file.h"
#include "amparo-secret.h"

/* Settings applied to every connection, right after keying. The page size
 * must match the one the file was created with; 4096 roughly halves the
 * encryption tax on reads compared with SQLCipher 3's default of 1024. */
static const char connection_pragmas[] =
  "PRAGMA cipher_page_size = 4096;";

static const char session_pragmas[] =
  "PRAGMA temp_store = MEMORY;"
  "PRAGMA secure_delete = ON;"
  "PRAGMA foreign_keys = ON;"
  "PRAGMA busy_timeout = 5000;"
  "PRAGMA synchronous = FULL;";

/* Test builds only: the benchmark measures the encryption tax by running
 * the same code on a plain copy of a vault (made with sqlcipher_export),
 * opened without a key when it lies under $AMPARO_TEST_PLAIN_DIR. */
static gboolean
plain_for_tests (const char *path)
{
#if AMPARO_ENABLE_TEST_HOOKS
  const char *dir = g_getenv ("AMPARO_TEST_PLAIN_DIR");
  gsize len = dir != NULL ? strlen (dir) : 0;

  return len > 0 && strncmp (path, dir, len) == 0 && (path[len] == '/' || path[len] == '\0');
#else
  return FALSE;
#endif
}

/* ------------------------------------------------ a wiping allocator */

/* SQLite and SQLCipher keep copies of what they handle in their own
 * allocations: the key string given to sqlite3_key() and ATTACH,
 * decrypted pages, rows, statement text. SQLCipher wipes its key
 * buffers itself; everything else would linger in freed heap until
 * reused. Every SQLite allocation goes through these functions, which
 * wipe a block before giving it back. The size is kept in front of the
 * block (16 bytes, so the block stays aligned for any type). */

#define HEADER 16

static void *
wipe_malloc (int n)
{
  guint8 *p;

  if (n <= 0)
    return NULL;
  p = malloc ((gsize) n + HEADER);
  if (p == NULL)
    return NULL;
  *(gsize *) p = (gsize) n;
  return p + HEADER;
}

static void
wipe_free (void *block)
{
  guint8 *p;

  if (block == NULL)
    return;
  p = (guint8 *) block - HEADER;
  sodium_memzero (block, *(gsize *) p);
  free (p);
}

static int
wipe_size (void *block)
{
  return block != NULL ? (int) *(gsize *) ((guint8 *) block - HEADER) : 0;
}

static void *
wipe_realloc (void *block,
              int   n)
{
  void *grown;
  int old;

  if (block == NULL)
    return wipe_malloc (n);
  /* never realloc(): it may move the block and leave the old one as is */
  grown = wipe_malloc (n);
  if (grown == NULL)
    return NULL;
  old = wipe_size (block);
  memcpy (grown, block, (gsize) MIN (old, n));
  wipe_free (block);
  return grown;
}

static int
wipe_roundup (int n)
{
  return (n + 7) & ~7;
}

static int
wipe_init (void *data)
{
  return SQLITE_OK;
}

static void
wipe_shutdown (void *data)
{
}

static gsize allocator_set = 0;

/**
 * amparo_db_init:
 *
 * Installs the wiping allocator. It must come before SQLite starts, so
 * amparo_db_open() calls it; call it earlier if anything else uses
 * SQLite first. Returns whether the allocator is in place.
 */
gboolean
amparo_db_init (void)
{
  static gboolean installed = FALSE;

  if (g_once_init_enter (&allocator_set))
    {
      static const sqlite3_mem_methods methods = {
        wipe_malloc, wipe_free, wipe_realloc, wipe_size, wipe_roundup, wipe_init,
        wipe_shutdown, NULL,
      };

      installed = sqlite3_config (SQLITE_CONFIG_MALLOC, &methods) == SQLITE_OK;
      if (!installed)
        g_warning ("SQLite started before its allocator could be set; freed memory is "
                   "not wiped");
      g_once_init_leave (&allocator_set, 1);
    }
  return installed;
}

/* ---------------------------------------------------------------- */

void
amparo_db_set_error (GError **error,
                     sqlite3 *db,
                     int      rc)
{
  int code = rc & 0xff;

  /* Statements run inside a function (sqlcipher_export) report their
   * failure as a plain SQLITE_ERROR carrying the inner error's text */
  if (code == SQLITE_ERROR && db != NULL)
    {
      static const int inner[] = { SQLITE_FULL, SQLITE_IOERR, SQLITE_CORRUPT, SQLITE_NOTADB };

      for (guint i = 0; i < G_N_ELEMENTS (inner); i++)
        if (g_strcmp0 (sqlite3_errmsg (db), sqlite3_errstr (inner[i])) == 0)
          code = rc = inner[i];
    }

  switch (code)
    {
    case SQLITE_NOTADB:
    case SQLITE_CORRUPT:
      g_set_error_literal (error, AMPARO_ERROR, AMPARO_ERROR_DAMAGED_DATABASE,
                           _("A data file is damaged or was not made with this vault’s keys"));
      break;
    case SQLITE_FULL:
      g_set_error_literal (error, AMPARO_ERROR, AMPARO_ERROR_IO,
                           _("The disk is full: nothing was saved"));
      break;
    case SQLITE_IOERR:
    case SQLITE_CANTOPEN:
    case SQLITE_READONLY:
    case SQLITE_PERM:
      g_set_error (error, AMPARO_ERROR, AMPARO_ERROR_IO,
                   _("A data file could not be read or written (%s)"), sqlite3_errstr (rc));
      break;
    case SQLITE_CONSTRAINT:
      /* SQLite's constraint messages name tables and columns, never values */
      g_set_error (error, AMPARO_ERROR, AMPARO_ERROR_INVALID,
                   _("The change breaks a rule of the data (%s)"),
                   db != NULL ? sqlite3_errmsg (db) : sqlite3_errstr (rc));
      break;
    default:
      g_set_error (error, AMPARO_ERROR, AMPARO_ERROR_FAILED,
                   _("Database error: %s"),
                   db != NULL ? sqlite3_errmsg (db) : sqlite3_errstr (rc));
      break;
    }
}

/**
 * amparo_db_has_cipher:
 *
 * If plain libsqlite3 got linked before SQLCipher, `PRAGMA key` is silently
 * ignored and everything would be written in clear. SQLCipher answers
 * `PRAGMA cipher_version` with a row; plain SQLite answers nothing.
 */
gboolean
amparo_db_has_cipher (sqlite3 *db)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (sqlite3_prepare_v2 (db, "PRAGMA cipher_version;", -1, &stmt, NULL) != SQLITE_OK)
    return FALSE;
  return sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_text (stmt, 0) != NULL
         && *sqlite3_column_text (stmt, 0) != '\0';
}

#if AMPARO_ENABLE_TEST_HOOKS
static int
kill_before_commit (void *data)
{
  amparo_test_kill_point ();
  return 0;
}

static int
kill_after_commit (void       *data,
                   sqlite3    *db,
                   const char *name,
                   int         n_pages)
{
  amparo_test_kill_point ();
  /* this hook replaces SQLite's automatic checkpoint; do what it does */
  if (n_pages >= 1000)
    sqlite3_wal_checkpoint_v2 (db, name, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
  return SQLITE_OK;
}
#endif

/**
 * amparo_db_open:
 * @path: the store's file
 * @key: its raw 32-byte key
 * @create: whether a missing file may be created
 *
 * Opens and keys a SQLCipher store. A wrong key only shows on the first
 * read, so this reads `sqlite_master` before returning.
 *
 * Returns: (transfer full): the connection, or %NULL with
 *   %AMPARO_ERROR_DAMAGED_DATABASE, %AMPARO_ERROR_NO_CIPHER or
 *   %AMPARO_ERROR_IO
 */
sqlite3 *
amparo_db_open (const char         *path,
                const AmparoSecret *key,
                gboolean            create,
                GError            **error)
{
  sqlite3 *db = NULL;
  char *sql_key;
  /* CREATE always: attached databases (backups) inherit these flags; a
   * missing store is caught by the check below instead */
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX;
  int rc;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (key != NULL, NULL);

  amparo_db_init ();
  if (!create && !g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error_literal (error, AMPARO_ERROR, AMPARO_ERROR_DAMAGED_DATABASE,
                           _("A data file of the vault is missing"));
      return NULL;
    }

  rc = sqlite3_open_v2 (path, &db, flags, NULL);
  if (rc != SQLITE_OK)
    {
      amparo_db_set_error (error, db, rc);
      sqlite3_close (db);
      return NULL;
    }

  if (!amparo_db_has_cipher (db))
    {
      g_set_error_literal (error, AMPARO_ERROR, AMPARO_ERROR_NO_CIPHER,
                           _("This program was built without database encryption "
                             "(SQLCipher is missing); refusing to touch any data"));
      sqlite3_close (db);
      return NULL;
    }

  if (plain_for_tests (path))
    rc = SQLITE_OK;
  else
    {
      sql_key = amparo_secret_to_sql_key (key);
      rc = sqlite3_key (db, sql_key, strlen (sql_key));
      amparo_secret_free_sql_key (sql_key);
      if (rc != SQLITE_OK)
        {
          amparo_db_set_error (error, db, rc);
          sqlite3_close (db);
          return NULL;
        }
      rc = sqlite3_exec (db, connection_pragmas, NULL, NULL, NULL);
    }
  if (rc == SQLITE_OK)
    rc = sqlite3_exec (db, "SELECT count(*) FROM sqlite_master;", NULL, NULL, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_exec (db, session_pragmas, NULL, NULL, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_exec (db, "PRAGMA journal_mode = WAL;", NULL, NULL, NULL);
  if (rc != SQLITE_OK)
    {
      amparo_db_set_error (error, db, rc);
      sqlite3_close (db);
      return NULL;
    }
#if AMPARO_ENABLE_TEST_HOOKS
  /* crash tests: every commit is a point where the process may die, once
   * just before and once just after it */
  if (g_getenv ("AMPARO_TEST_KILL_AFTER") != NULL)
    {
      sqlite3_commit_hook (db, kill_before_commit, NULL);
      sqlite3_wal_hook (db, kill_after_commit, NULL);
    }
#endif
  return db;
}

void
amparo_db_close (sqlite3 *db)
{
  if (db != NULL)
    sqlite3_close_v2 (db);
}

gboolean
amparo_db_exec (sqlite3    *db,
                const char *sql,
                GError    **error)
{
  int rc = sqlite3_exec (db, sql, NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    {
      amparo_db_set_error (error, db, rc);
      return FALSE;
    }
  return TRUE;
}

sqlite3_stmt *
amparo_db_prepare (sqlite3    *db,
                   const char *sql,
                   GError    **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc = sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL);

  if (rc != SQLITE_OK)
    {
      amparo_db_set_error (error, db, rc);
      return NULL;
    }
  return stmt;
}

/* Steps a statement that returns no rows; resets it for reuse. */
gboolean
amparo_db_step_done (sqlite3      *db,
                     sqlite3_stmt *stmt,
                     GError      **error)
{
  int rc = sqlite3_step (stmt);

  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    {
      amparo_db_set_error (error, db, rc);
      return FALSE;
    }
  return TRUE;
}

gint64
amparo_db_query_int (sqlite3    *db,
                     const char *sql,
                     gint64      fallback)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    return fallback;
  if (sqlite3_step (stmt) != SQLITE_ROW || sqlite3_column_type (stmt, 0) == SQLITE_NULL)
    return fallback;
  return sqlite3_column_int64 (stmt, 0);
}

char *
amparo_db_query_text (sqlite3    *db,
                      const char *sql)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    return NULL;
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return NULL;
  return g_strdup ((const char *) sqlite3_column_text (stmt, 0));
}

gboolean
amparo_db_begin (sqlite3 *db,
                 GError **error)
{
  return amparo_db_exec (db, "BEGIN IMMEDIATE;", error);
}

gboolean
amparo_db_commit (sqlite3 *db,
                  GError **error)
{
  return amparo_db_exec (db, "COMMIT;", error);
}

void
amparo_db_rollback (sqlite3 *db)
{
  if (!sqlite3_get_autocommit (db))
    sqlite3_exec (db, "ROLLBACK;", NULL, NULL, NULL);
}

gboolean
amparo_db_integrity_check (sqlite3 *db,
                           GError **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  stmt = amparo_db_prepare (db, "PRAGMA integrity_check;", error);
  if (stmt == NULL)
    return FALSE;
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      amparo_db_set_error (error, db, rc);
      return FALSE;
    }
  if (g_strcmp0 ((const char *) sqlite3_column_text (stmt, 0), "ok") != 0)
    {
      g_set_error_literal (error, AMPARO_ERROR, AMPARO_ERROR_INTEGRITY,
                           _("A data file failed its integrity check"));
      return FALSE;
    }
  return TRUE;
}

/**
 * amparo_db_export_to:
 * @dest_path: a file that must not exist yet
 * @dest_key: the key for the copy
 *
 * Writes a consistent, encrypted copy of the open store with
 * sqlcipher_export(), for backups and key rotation.
 */
gboolean
amparo_db_export_to (sqlite3            *db,
                     const char         *dest_path,
                     const AmparoSecret *dest_key,
                     GError            **error)
{
  g_autoptr(sqlite3_stmt) attach = NULL;
  char *sql_key;
  gboolean ok;
  int rc;

  if (g_file_test (dest_path, G_FILE_TEST_EXISTS))
    {
      g_set_error_literal (error, AMPARO_ERROR, AMPARO_ERROR_EXISTS,
                           _("The copy’s destination already exists"));
      return FALSE;
    }

  /* The key is bound, never formatted into the statement's text: text
   * is copied by the formatter and the parser, the binding only into
   * SQLite's (wiped) memory. */
  rc = sqlite3_prepare_v2 (db, "ATTACH DATABASE ?1 AS amparo_export KEY ?2;", -1, &attach,
                           NULL);
  if (rc != SQLITE_OK)
    {
      amparo_db_set_error (error, db, rc);
      return FALSE;
    }
  sql_key = amparo_secret_to_sql_key (dest_key);
  sqlite3_bind_text (attach, 1, dest_path, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (attach, 2, sql_key, -1, SQLITE_STATIC);
  rc = sqlite3_step (attach);
  sqlite3_clear_bindings (attach);
  amparo_secret_free_sql_key (sql_key);
  if (rc != SQLITE_DONE)
    {
      amparo_db_set_error (error, db, rc);
      return FALSE;
    }

  ok = amparo_db_exec (db,
                       "PRAGMA amparo_export.cipher_page_size = 4096;"
                       "SELECT sqlcipher_export('amparo_export');"
                       "PRAGMA amparo_export.user_version = 0;",
                       error);
  if (ok)
    {
      gint64 version = amparo_db_query_int (db, "PRAGMA main.user_version;", 0);
      g_autofree char *sql = g_strdup_printf ("PRAGMA amparo_export.user_version = %"
                                              G_GINT64_FORMAT ";", version);
      ok = amparo_db_exec (db, sql, error);
    }
  sqlite3_exec (db, "DETACH DATABASE amparo_export;", NULL, NULL, NULL);
  return ok;
}
