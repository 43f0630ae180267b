/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "AmparoCase"

#include <stdio.h>
#include <string.h>
#include <glib/gi18n.h>

#include "amparo-case-private.h"
#include "amparo-cases.h"
#include "amparo-codes.h"
#include "amparo-db.h"
#include "amparo-error.h"
#include "amparo-vault.h"

/* The safety plan (checklist in the coded store, text in the identifying
 * store), case notes (identifying store), and closing and reopening a
 * case. Each change runs in a transaction and is logged like every case
 * change; see amparo-case-edit.c. */

#define MAX_NARRATIVE 100000

/* -------------------------------------------------------- safety plan */

/**
 * amparo_safety_plan_is_complete:
 * @done: (nullable): the `safety_plan_item` codes marked done
 *
 * The rule for `cases.safety_plan_completed`: complete when every step of
 * the default checklist is done. A step that does not apply (no children,
 * no job) is marked done once the advocate has talked it through.
 */
gboolean
amparo_safety_plan_is_complete (const char *const *done)
{
  const AmparoCategory *items = amparo_category_lookup ("safety_plan_item");

  if (done == NULL)
    return FALSE;
  for (const AmparoCode *c = items->codes; c->code != NULL; c++)
    if (!g_strv_contains (done, c->code))
      return FALSE;
  return TRUE;
}

/**
 * amparo_case_set_safety_plan_item:
 * @item: a `safety_plan_item` code
 *
 * Marks a checklist step done or not, and recomputes the case's completed
 * flag (see amparo_safety_plan_is_complete()). Logs `safety_plan.done` or
 * `safety_plan.undone` with the step's code.
 */
gboolean
amparo_case_set_safety_plan_item (AmparoVault *vault,
                                  gint64       id,
                                  const char  *item,
                                  gboolean     done,
                                  GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_auto(GStrv) all_done = NULL;
  g_autofree char *detail = NULL;
  sqlite3 *cases;

  cases = amparo_vault_get_cases_db (vault, error);
  if (cases == NULL)
    return FALSE;
  if (!amparo_code_is_valid ("safety_plan_item", item))
    return amparo_case_invalid (error, _("That is not a step of the safety plan checklist"));
  if (!amparo_case_begin (cases, id, error))
    return FALSE;

  stmt = amparo_db_prepare (cases, "SELECT done FROM safety_plan_items WHERE case_id = ?"
                                   " AND item = ?;", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, id);
  sqlite3_bind_text (stmt, 2, item, -1, SQLITE_STATIC);
  if ((sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_int (stmt, 0) != 0) == (done != FALSE))
    {
      amparo_db_rollback (cases);
      return TRUE;
    }
  g_clear_pointer (&stmt, sqlite3_finalize);

  stmt = amparo_db_prepare (cases, "INSERT OR REPLACE INTO safety_plan_items (case_id, item, done)"
                                   " VALUES (?, ?, ?);", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, id);
  sqlite3_bind_text (stmt, 2, item, -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 3, done ? 1 : 0);
  if (!amparo_db_step_done (cases, stmt, error))
    goto fail;
  g_clear_pointer (&stmt, sqlite3_finalize);

  {
    g_autoptr(AmparoCaseProfile) p = amparo_case_profile_read (cases, id, error);
    if (p == NULL)
      goto fail;
    all_done = g_steal_pointer (&p->safety_plan_done);
  }
  stmt = amparo_db_prepare (cases, "UPDATE cases SET safety_plan_completed = ? WHERE id = ?;",
                            error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int (stmt, 1, amparo_safety_plan_is_complete ((const char *const *) all_done));
  sqlite3_bind_int64 (stmt, 2, id);
  if (!amparo_db_step_done (cases, stmt, error))
    goto fail;
  detail = g_strdup_printf ("item=%s", item);
  return amparo_case_finish (vault, cases, id, done ? "safety_plan.done" : "safety_plan.undone",
                             detail, error);

fail:
  amparo_db_rollback (cases);
  return FALSE;
}

/**
 * amparo_case_set_safety_plan_text:
 * @text: (nullable): the written plan; %NULL or blank removes it
 *
 * Identifying store: not permitted for the reporting role. Logs
 * `safety_plan.text`.
 */
gboolean
amparo_case_set_safety_plan_text (AmparoVault *vault,
                                  gint64       id,
                                  const char  *text,
                                  GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *body = NULL;
  g_autofree char *old = NULL;
  g_autofree char *today = amparo_date_today ();
  sqlite3 *cases, *contacts;

  if (!amparo_vault_require_role (vault, FALSE, error))
    return FALSE;
  cases = amparo_vault_get_cases_db (vault, error);
  contacts = cases != NULL ? amparo_vault_get_contacts_db (vault, error) : NULL;
  if (contacts == NULL)
    return FALSE;
  if (!amparo_case_text_ok (text, MAX_NARRATIVE))
    return amparo_case_invalid (error, _("The safety plan is too long or not valid text"));
  body = amparo_case_clean_text (text);

  if (!amparo_db_begin (contacts, error))
    return FALSE;
  stmt = amparo_db_prepare (contacts, "SELECT body FROM safety_plans WHERE case_id = ?;", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    old = amparo_case_dup_column (stmt, 0);
  g_clear_pointer (&stmt, sqlite3_finalize);
  if (g_strcmp0 (old, body) == 0)
    {
      amparo_db_rollback (contacts);
      return TRUE;
    }

  if (body == NULL)
    stmt = amparo_db_prepare (contacts, "DELETE FROM safety_plans WHERE case_id = ?1;", error);
  else if (amparo_case_ensure_person (contacts, id, error))
    stmt = amparo_db_prepare (contacts, "INSERT OR REPLACE INTO safety_plans (case_id, body,"
                                        " updated) VALUES (?1, ?2, ?3);", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, id);
  if (body != NULL)
    {
      sqlite3_bind_text (stmt, 2, body, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 3, today, -1, SQLITE_STATIC);
    }
  if (!amparo_db_step_done (contacts, stmt, error))
    goto fail;
  return amparo_case_finish_contacts (vault, cases, contacts, id, "safety_plan.text", NULL, error);

fail:
  amparo_db_rollback (contacts);
  return FALSE;
}

/**
 * amparo_case_add_note:
 * @body: the note; blank notes are refused
 *
 * Identifying store: not permitted for the reporting role. Logs
 * `note.add` (never the text).
 *
 * Returns: the note's id, or 0 on error
 */
gint64
amparo_case_add_note (AmparoVault *vault,
                      gint64       id,
                      const char  *body,
                      GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *created = g_date_time_format (now, "%Y-%m-%d %H:%M:%S");
  g_autofree char *text = NULL;
  sqlite3 *cases, *contacts;
  gint64 note_id;

  if (!amparo_vault_require_role (vault, FALSE, error))
    return 0;
  cases = amparo_vault_get_cases_db (vault, error);
  contacts = cases != NULL ? amparo_vault_get_contacts_db (vault, error) : NULL;
  if (contacts == NULL)
    return 0;
  if (!amparo_case_text_ok (body, MAX_NARRATIVE))
    return amparo_case_invalid (error, _("The note is too long or not valid text"));
  text = amparo_case_clean_text (body);
  if (text == NULL)
    return amparo_case_invalid (error, _("The note is empty"));

  if (!amparo_db_begin (contacts, error))
    return 0;
  if (!amparo_case_ensure_person (contacts, id, error))
    goto fail;
  stmt = amparo_db_prepare (contacts, "INSERT INTO notes (case_id, created, author, body)"
                                      " VALUES (?, ?, ?, ?);", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, id);
  sqlite3_bind_text (stmt, 2, created, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, amparo_vault_get_user (vault), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, text, -1, SQLITE_STATIC);
  if (!amparo_db_step_done (contacts, stmt, error))
    goto fail;
  note_id = sqlite3_last_insert_rowid (contacts);
  return amparo_case_finish_contacts (vault, cases, contacts, id, "note.add", NULL, error)
           ? note_id : 0;

fail:
  amparo_db_rollback (contacts);
  return 0;
}

/* ------------------------------------------------------------ closing */

/**
 * amparo_case_close:
 * @closed_date: YYYY-MM-DD, not before opening and not in the future
 * @safety_strategies: an `outcome_answer` code (yes, no, not_asked)
 * @knows_resources: an `outcome_answer` code
 *
 * Closes an open case with the two outcome answers. Logs `case.close`.
 */
gboolean
amparo_case_close (AmparoVault *vault,
                   gint64       id,
                   const char  *closed_date,
                   const char  *safety_strategies,
                   const char  *knows_resources,
                   GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(AmparoCaseProfile) p = NULL;
  sqlite3 *cases;

  cases = amparo_vault_get_cases_db (vault, error);
  if (cases == NULL)
    return FALSE;
  if (!amparo_case_past_date_ok (closed_date))
    return amparo_case_invalid (error, _("The closing date must be a real date, written "
                                         "YYYY-MM-DD, and not in the future"));
  if (!amparo_code_is_valid ("outcome_answer", safety_strategies)
      || !amparo_code_is_valid ("outcome_answer", knows_resources))
    return amparo_case_invalid (error, _("Answer each outcome question with yes, no or not asked"));

  if (!amparo_db_begin (cases, error))
    return FALSE;
  p = amparo_case_profile_read (cases, id, error);
  if (p == NULL)
    goto fail;
  if (g_strcmp0 (p->status, "closed") == 0)
    {
      amparo_case_invalid (error, _("The case is already closed"));
      goto fail;
    }
  if (strcmp (closed_date, p->opened) < 0)
    {
      amparo_case_invalid (error, _("A case cannot be closed before the date it was opened"));
      goto fail;
    }
  stmt = amparo_db_prepare (cases, "UPDATE cases SET status = 'closed', closed = ?,"
                                   " outcome_safety_strategies = ?, outcome_knows_resources = ?"
                                   " WHERE id = ?;", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_text (stmt, 1, closed_date, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, safety_strategies, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, knows_resources, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 4, id);
  if (!amparo_db_step_done (cases, stmt, error))
    goto fail;
  return amparo_case_finish (vault, cases, id, "case.close", NULL, error);

fail:
  amparo_db_rollback (cases);
  return FALSE;
}

/**
 * amparo_case_reopen:
 *
 * Opens a closed case again. The closing date goes; the outcome answers
 * stay, to be asked again at the next closing. Logs `case.reopen`.
 */
gboolean
amparo_case_reopen (AmparoVault *vault,
                    gint64       id,
                    GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  sqlite3 *cases;

  cases = amparo_vault_get_cases_db (vault, error);
  if (cases == NULL || !amparo_case_begin (cases, id, error))
    return FALSE;
  stmt = amparo_db_prepare (cases, "UPDATE cases SET status = 'open', closed = NULL"
                                   " WHERE id = ? AND status = 'closed';", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, id);
  if (!amparo_db_step_done (cases, stmt, error))
    goto fail;
  if (sqlite3_changes (cases) == 0)
    {
      amparo_case_invalid (error, _("The case is not closed"));
      goto fail;
    }
  return amparo_case_finish (vault, cases, id, "case.reopen", NULL, error);

fail:
  amparo_db_rollback (cases);
  return FALSE;
}
