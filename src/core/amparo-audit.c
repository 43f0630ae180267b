/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "AmparoAudit"

#include <sodium.h>
#include <string.h>
#include <glib/gi18n.h>

#include "amparo-audit.h"
#include "amparo-db.h"
#include "amparo-error.h"

/* The audit log records who did what and when, and the case number it
 * concerned — never a name. Each row's hash covers the previous row's
 * hash and every field of the row, including its id, so an edited,
 * deleted or reordered row breaks the chain. The id and hash of the last
 * row are kept in settings too, so dropping rows from the end shows. */

#define HASH_BYTES 32

static void
row_hash (const guint8 *prev,
          gint64        id,
          const char   *at,
          const char   *actor,
          const char   *action,
          gint64        case_id,
          const char   *detail,
          guint8        out[HASH_BYTES])
{
  crypto_generichash_state st;
  g_autofree char *numbers = g_strdup_printf ("%" G_GINT64_FORMAT "|%" G_GINT64_FORMAT, id,
                                              case_id);
  const char *fields[] = { numbers, at, actor, action, detail != NULL ? detail : "" };

  crypto_generichash_init (&st, NULL, 0, HASH_BYTES);
  crypto_generichash_update (&st, (const guint8 *) "amparo-audit-v1", 16);
  crypto_generichash_update (&st, prev, HASH_BYTES);
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      /* length-prefixed, so no two rows hash the same by shifting text
       * between fields */
      guint32 len = GUINT32_TO_BE ((guint32) strlen (fields[i]));
      crypto_generichash_update (&st, (const guint8 *) &len, sizeof len);
      crypto_generichash_update (&st, (const guint8 *) fields[i], strlen (fields[i]));
    }
  crypto_generichash_final (&st, out, HASH_BYTES);
}

static char *
head_string (gint64        id,
             const guint8 *hash)
{
  char hex[2 * HASH_BYTES + 1];

  sodium_bin2hex (hex, sizeof hex, hash, HASH_BYTES);
  return g_strdup_printf ("%" G_GINT64_FORMAT ":%s", id, hex);
}

/**
 * amparo_audit_append:
 * @actor: the staff account
 * @action: a stable action code such as `case.create` or `contact.view`
 * @case_id: the case number, or 0
 * @detail: (nullable): codes only; never a name or free text
 *
 * Appends a row; joins the caller's transaction if there is one.
 */
gboolean
amparo_audit_append (sqlite3    *db,
                     const char *actor,
                     const char *action,
                     gint64      case_id,
                     const char *detail,
                     GError    **error)
{
  g_autoptr(sqlite3_stmt) last = NULL;
  g_autoptr(sqlite3_stmt) insert = NULL;
  g_autoptr(sqlite3_stmt) head = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *at = g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");
  g_autofree char *head_value = NULL;
  guint8 prev[HASH_BYTES] = { 0 };
  guint8 hash[HASH_BYTES];
  gint64 id = 1;

  g_return_val_if_fail (actor != NULL && action != NULL, FALSE);

  if (!amparo_db_exec (db, "SAVEPOINT audit_append;", error))
    return FALSE;

  last = amparo_db_prepare (db, "SELECT id, hash FROM audit ORDER BY id DESC LIMIT 1;", error);
  if (last == NULL)
    goto fail;
  if (sqlite3_step (last) == SQLITE_ROW)
    {
      id = sqlite3_column_int64 (last, 0) + 1;
      if (sqlite3_column_bytes (last, 1) == HASH_BYTES)
        memcpy (prev, sqlite3_column_blob (last, 1), HASH_BYTES);
    }

  /* If the last row is not the one the head names, rows were dropped from
   * the end (or the head edited). Chaining onto it would hide that, so the
   * break is recorded for good before appending. */
  {
    g_autofree char *head_now = amparo_db_query_text (db, "SELECT value FROM settings"
                                                          " WHERE key = 'audit_head';");
    g_autofree char *expected = id > 1 ? head_string (id - 1, prev) : NULL;

    if (g_strcmp0 (head_now, expected) != 0
        && !amparo_db_exec (db, "INSERT OR IGNORE INTO settings (key, value)"
                                " VALUES ('audit_break', 'head');", error))
      goto fail;
  }

  row_hash (prev, id, at, actor, action, case_id, detail, hash);

  insert = amparo_db_prepare (db,
                              "INSERT INTO audit (id, at, actor, action, case_id, detail, hash)"
                              " VALUES (?, ?, ?, ?, ?, ?, ?);",
                              error);
  if (insert == NULL)
    goto fail;
  sqlite3_bind_int64 (insert, 1, id);
  sqlite3_bind_text (insert, 2, at, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert, 3, actor, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert, 4, action, -1, SQLITE_STATIC);
  if (case_id > 0)
    sqlite3_bind_int64 (insert, 5, case_id);
  else
    sqlite3_bind_null (insert, 5);
  if (detail != NULL)
    sqlite3_bind_text (insert, 6, detail, -1, SQLITE_STATIC);
  else
    sqlite3_bind_null (insert, 6);
  sqlite3_bind_blob (insert, 7, hash, HASH_BYTES, SQLITE_STATIC);
  if (!amparo_db_step_done (db, insert, error))
    goto fail;

  head_value = head_string (id, hash);
  head = amparo_db_prepare (db, "INSERT OR REPLACE INTO settings (key, value)"
                                " VALUES ('audit_head', ?);", error);
  if (head == NULL)
    goto fail;
  sqlite3_bind_text (head, 1, head_value, -1, SQLITE_STATIC);
  if (!amparo_db_step_done (db, head, error))
    goto fail;

  return amparo_db_exec (db, "RELEASE audit_append;", error);

fail:
  sqlite3_exec (db, "ROLLBACK TO audit_append; RELEASE audit_append;", NULL, NULL, NULL);
  return FALSE;
}

static gboolean
chain_broken (GError **error,
              gint64   id)
{
  g_set_error (error, AMPARO_ERROR, AMPARO_ERROR_AUDIT_CHAIN,
               _("The audit log was altered: entry %u was edited, deleted or moved"), (guint) id);
  return FALSE;
}

/**
 * amparo_audit_verify:
 * @n_rows: (out) (optional): how many rows were checked
 *
 * Walks the whole chain. Fails with %AMPARO_ERROR_AUDIT_CHAIN naming the
 * first row that does not fit.
 */
gboolean
amparo_audit_verify (sqlite3 *db,
                     gint64  *n_rows,
                     GError **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *head = NULL;
  g_autofree char *expected_head = NULL;
  guint8 prev[HASH_BYTES] = { 0 };
  gint64 expected_id = 1, count = 0;
  int rc;

  stmt = amparo_db_prepare (db, "SELECT id, at, actor, action, case_id, detail, hash"
                                " FROM audit ORDER BY rowid;", error);
  if (stmt == NULL)
    return FALSE;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      guint8 hash[HASH_BYTES];

      if (id != expected_id || sqlite3_column_bytes (stmt, 6) != HASH_BYTES)
        return chain_broken (error, expected_id);
      row_hash (prev, id, (const char *) sqlite3_column_text (stmt, 1),
                (const char *) sqlite3_column_text (stmt, 2),
                (const char *) sqlite3_column_text (stmt, 3),
                sqlite3_column_int64 (stmt, 4),
                (const char *) sqlite3_column_text (stmt, 5), hash);
      if (sodium_memcmp (hash, sqlite3_column_blob (stmt, 6), HASH_BYTES) != 0)
        return chain_broken (error, id);
      memcpy (prev, hash, HASH_BYTES);
      expected_id++;
      count++;
    }
  if (rc != SQLITE_DONE)
    {
      amparo_db_set_error (error, db, rc);
      return FALSE;
    }

  head = amparo_db_query_text (db, "SELECT value FROM settings WHERE key = 'audit_head';");
  if (count > 0)
    expected_head = head_string (expected_id - 1, prev);
  if (g_strcmp0 (head, expected_head) != 0)
    return chain_broken (error, expected_id);

  {
    g_autofree char *brk = amparo_db_query_text (db, "SELECT value FROM settings"
                                                     " WHERE key = 'audit_break';");
    if (brk != NULL)
      return chain_broken (error, expected_id);
  }

  if (n_rows != NULL)
    *n_rows = count;
  return TRUE;
}
