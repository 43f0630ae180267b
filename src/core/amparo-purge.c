/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "AmparoPurge"

#include <glib/gi18n.h>

#include "amparo-audit.h"
#include "amparo-cases.h"
#include "amparo-db.h"
#include "amparo-error.h"
#include "amparo-purge.h"
#include "amparo-vault.h"

/* Purging old closed cases (records retention).
 *
 *   1. cases.db: queue the case numbers in purge_queue and mark the cases
 *      incomplete, so no report counts them from now on; commit.
 *   2. contacts.db: delete their identifying records; commit.
 *   3. cases.db: delete the cases (services, stays, referrals, releases and
 *      the rest cascade) and empty the queue; one audit row with the count;
 *      commit.
 *   4. Both stores: VACUUM and a truncating WAL checkpoint, so with
 *      secure_delete on no page of either file still holds the old rows.
 * A crash anywhere is finished by amparo_purge_resume() at the next unlock.
 * The audit log keeps earlier rows about these case numbers — numbers,
 * never names — and the purge row holds only a count. */

static gboolean
compact (sqlite3 *db,
         GError **error)
{
  return amparo_db_exec (db, "VACUUM;", error)
         && amparo_db_exec (db, "PRAGMA wal_checkpoint(TRUNCATE);", error);
}

static gboolean
finish_queue (AmparoVault *vault,
              sqlite3     *cases,
              sqlite3     *contacts,
              guint        count,
              GError     **error)
{
  g_autofree char *detail = g_strdup_printf ("count=%u", count);

  if (!amparo_db_begin (contacts, error))
    return FALSE;
  /* the identifying store cannot see purge_queue: pass the numbers over */
  {
    g_autoptr(sqlite3_stmt) ids = amparo_db_prepare (cases, "SELECT case_id FROM purge_queue;",
                                                     error);
    g_autoptr(sqlite3_stmt) del = amparo_db_prepare (contacts, "DELETE FROM people"
                                                               " WHERE case_id = ?;", error);
    if (ids == NULL || del == NULL)
      goto fail_contacts;
    while (sqlite3_step (ids) == SQLITE_ROW)
      {
        sqlite3_bind_int64 (del, 1, sqlite3_column_int64 (ids, 0));
        if (!amparo_db_step_done (contacts, del, error))
          goto fail_contacts;
      }
  }
  if (!amparo_db_commit (contacts, error))
    goto fail_contacts;

  if (!amparo_db_begin (cases, error))
    return FALSE;
  if (!amparo_db_exec (cases, "DELETE FROM cases WHERE id IN (SELECT case_id FROM purge_queue);"
                              "DELETE FROM purge_queue;", error)
      || !amparo_audit_append (cases, amparo_vault_get_user (vault), "purge", 0, detail, error)
      || !amparo_db_commit (cases, error))
    {
      amparo_db_rollback (cases);
      return FALSE;
    }
  return compact (contacts, error) && compact (cases, error);

fail_contacts:
  amparo_db_rollback (contacts);
  return FALSE;
}

/**
 * amparo_purge_closed_before:
 * @date: `YYYY-MM-DD`; cases closed strictly before it are removed
 *
 * Supervisor only. Removes both halves of every such case for good.
 */
gboolean
amparo_purge_closed_before (AmparoVault *vault,
                            const char  *date,
                            guint       *out_purged,
                            GError     **error)
{
  g_autoptr(sqlite3_stmt) queue = NULL;
  sqlite3 *cases, *contacts;
  guint count;

  if (!amparo_vault_require_role (vault, TRUE, error))
    return FALSE;
  if (!amparo_date_is_valid (date))
    {
      g_set_error_literal (error, AMPARO_ERROR, AMPARO_ERROR_INVALID,
                           _("The date must be written YYYY-MM-DD"));
      return FALSE;
    }
  cases = amparo_vault_get_cases_db (vault, error);
  contacts = cases != NULL ? amparo_vault_get_contacts_db (vault, error) : NULL;
  if (contacts == NULL)
    return FALSE;

  if (!amparo_db_begin (cases, error))
    return FALSE;
  queue = amparo_db_prepare (cases,
                             "INSERT OR IGNORE INTO purge_queue (case_id)"
                             " SELECT id FROM cases WHERE status = 'closed' AND closed < ?;",
                             error);
  if (queue == NULL)
    goto fail;
  sqlite3_bind_text (queue, 1, date, -1, SQLITE_STATIC);
  if (!amparo_db_step_done (cases, queue, error)
      || !amparo_db_exec (cases, "UPDATE cases SET complete = 0"
                                 " WHERE id IN (SELECT case_id FROM purge_queue);", error))
    goto fail;
  count = (guint) amparo_db_query_int (cases, "SELECT count(*) FROM purge_queue;", 0);
  if (!amparo_db_commit (cases, error))
    goto fail;

  if (!finish_queue (vault, cases, contacts, count, error))
    return FALSE;
  if (out_purged != NULL)
    *out_purged = count;
  return TRUE;

fail:
  amparo_db_rollback (cases);
  return FALSE;
}

/**
 * amparo_purge_resume:
 *
 * Finishes a purge a crash interrupted. Called at unlock, before intake
 * recovery, by roles holding both keys.
 */
gboolean
amparo_purge_resume (AmparoVault *vault,
                     GError     **error)
{
  sqlite3 *cases = amparo_vault_get_cases_db (vault, error);
  sqlite3 *contacts;
  gint64 pending;

  if (cases == NULL)
    return FALSE;
  pending = amparo_db_query_int (cases, "SELECT count(*) FROM purge_queue;", 0);
  if (pending == 0 || !amparo_vault_can_see_contacts (vault))
    return TRUE;
  contacts = amparo_vault_get_contacts_db (vault, error);
  if (contacts == NULL)
    return FALSE;
  return finish_queue (vault, cases, contacts, (guint) pending, error);
}
