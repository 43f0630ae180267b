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

/* Services and shelter stays of one case (coded store). Each change runs
 * in a transaction and is logged like every case change; see
 * amparo-case-edit.c. */

/* ------------------------------------------------- services, shelter */

/**
 * amparo_case_add_service:
 * @category: a `voca` code
 * @type: a `service_type` code belonging to @category
 * @date: YYYY-MM-DD, not in the future
 * @minutes: 0 to 1440
 *
 * Records a service given by the signed-in staff member. Logs
 * `service.add` with the service type.
 *
 * Returns: the new service's id, or 0 on error
 */
gint64
amparo_case_add_service (AmparoVault *vault,
                         gint64       id,
                         const char  *category,
                         const char  *type,
                         const char  *date,
                         int          minutes,
                         GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *detail = NULL;
  sqlite3 *cases;
  gint64 service_id;

  cases = amparo_vault_get_cases_db (vault, error);
  if (cases == NULL)
    return 0;
  if (!amparo_code_is_valid ("voca", category) || !amparo_code_is_valid ("service_type", type))
    return amparo_case_invalid (error, _("Choose a service category and a service"));
  if (g_strcmp0 (amparo_service_type_category (type), category) != 0)
    return amparo_case_invalid (error, _("That service does not belong to the chosen category"));
  if (!amparo_case_past_date_ok (date))
    return amparo_case_invalid (error, _("The service date must be a real date, written "
                                         "YYYY-MM-DD, and not in the future"));
  if (minutes < 0 || minutes > 24 * 60)
    return amparo_case_invalid (error, _("The minutes must be between 0 and 1440"));

  if (!amparo_case_begin (cases, id, error))
    return 0;
  stmt = amparo_db_prepare (cases, "INSERT INTO services (case_id, category, type, date, minutes,"
                                   " staff) VALUES (?, ?, ?, ?, ?, ?);", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, id);
  sqlite3_bind_text (stmt, 2, category, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, type, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, date, -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 5, minutes);
  sqlite3_bind_text (stmt, 6, amparo_vault_get_user (vault), -1, SQLITE_STATIC);
  if (!amparo_db_step_done (cases, stmt, error))
    goto fail;
  service_id = sqlite3_last_insert_rowid (cases);
  detail = g_strdup_printf ("type=%s", type);
  return amparo_case_finish (vault, cases, id, "service.add", detail, error) ? service_id : 0;

fail:
  amparo_db_rollback (cases);
  return 0;
}

/**
 * amparo_shelter_nights:
 * @entered: YYYY-MM-DD
 * @exited: (nullable): YYYY-MM-DD, or %NULL while still in shelter
 * @today: (nullable): the date an open stay counts to; %NULL for today
 *
 * Nights counted the funders' way: the number of dates crossed, but at
 * least one, so arriving and leaving the same day is one night. A stay
 * from the 1st to the 3rd is 2 nights. An open stay counts to @today.
 *
 * Returns: the nights, or 0 when a date is not valid
 */
int
amparo_shelter_nights (const char *entered,
                       const char *exited,
                       const char *today)
{
  g_autofree char *now = NULL;
  const char *until = exited;
  GDate a, b;
  int y, m, d;

  if (until == NULL)
    until = today != NULL ? today : (now = amparo_date_today ());
  if (!amparo_date_is_valid (entered) || !amparo_date_is_valid (until))
    return 0;
  sscanf (entered, "%d-%d-%d", &y, &m, &d);
  g_date_clear (&a, 1);
  g_date_set_dmy (&a, d, m, y);
  sscanf (until, "%d-%d-%d", &y, &m, &d);
  g_date_clear (&b, 1);
  g_date_set_dmy (&b, d, m, y);
  return MAX (1, g_date_days_between (&a, &b));
}

/**
 * amparo_case_add_shelter_stay:
 * @exited: (nullable): %NULL while she is still in the shelter
 * @children: accompanying children in this stay
 *
 * Refuses a second open stay for the same case. Logs `shelter.enter`.
 *
 * Returns: the stay's id, or 0 on error
 */
gint64
amparo_case_add_shelter_stay (AmparoVault *vault,
                              gint64       id,
                              const char  *entered,
                              const char  *exited,
                              int          children,
                              GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  sqlite3 *cases;
  gint64 stay_id;

  cases = amparo_vault_get_cases_db (vault, error);
  if (cases == NULL)
    return 0;
  if (!amparo_case_past_date_ok (entered))
    return amparo_case_invalid (error, _("The arrival date must be a real date, written "
                                         "YYYY-MM-DD, and not in the future"));
  if (exited != NULL && (!amparo_case_past_date_ok (exited) || strcmp (exited, entered) < 0))
    return amparo_case_invalid (error, _("The leaving date must be a real date, not before "
                                         "arrival and not in the future"));
  if (children < 0 || children > 30)
    return amparo_case_invalid (error, _("The number of children must be between 0 and 30"));

  if (!amparo_case_begin (cases, id, error))
    return 0;
  if (exited == NULL)
    {
      stmt = amparo_db_prepare (cases, "SELECT 1 FROM shelter_stays WHERE case_id = ?"
                                       " AND exited IS NULL;", error);
      if (stmt == NULL)
        goto fail;
      sqlite3_bind_int64 (stmt, 1, id);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        {
          amparo_case_invalid (error, _("A shelter stay is still open for this case; record when "
                                        "it ended first"));
          goto fail;
        }
      g_clear_pointer (&stmt, sqlite3_finalize);
    }
  stmt = amparo_db_prepare (cases, "INSERT INTO shelter_stays (case_id, entered, exited, children)"
                                   " VALUES (?, ?, ?, ?);", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, id);
  sqlite3_bind_text (stmt, 2, entered, -1, SQLITE_STATIC);
  if (exited != NULL)
    sqlite3_bind_text (stmt, 3, exited, -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 4, children);
  if (!amparo_db_step_done (cases, stmt, error))
    goto fail;
  stay_id = sqlite3_last_insert_rowid (cases);
  return amparo_case_finish (vault, cases, id, "shelter.enter", NULL, error) ? stay_id : 0;

fail:
  amparo_db_rollback (cases);
  return 0;
}

/**
 * amparo_case_set_shelter_exit:
 *
 * Records (or corrects) when a stay ended. Logs `shelter.exit`.
 */
gboolean
amparo_case_set_shelter_exit (AmparoVault *vault,
                              gint64       id,
                              gint64       stay_id,
                              const char  *exited,
                              GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *entered = NULL;
  sqlite3 *cases;

  cases = amparo_vault_get_cases_db (vault, error);
  if (cases == NULL)
    return FALSE;
  if (!amparo_case_past_date_ok (exited))
    return amparo_case_invalid (error, _("The leaving date must be a real date, written "
                                         "YYYY-MM-DD, and not in the future"));
  if (!amparo_case_begin (cases, id, error))
    return FALSE;
  stmt = amparo_db_prepare (cases, "SELECT entered FROM shelter_stays WHERE id = ?"
                                   " AND case_id = ?;", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, stay_id);
  sqlite3_bind_int64 (stmt, 2, id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      g_set_error_literal (error, AMPARO_ERROR, AMPARO_ERROR_NOT_FOUND,
                           _("There is no such shelter stay"));
      goto fail;
    }
  entered = amparo_case_dup_column (stmt, 0);
  g_clear_pointer (&stmt, sqlite3_finalize);
  if (strcmp (exited, entered) < 0)
    {
      amparo_case_invalid (error, _("A stay cannot end before it began"));
      goto fail;
    }
  stmt = amparo_db_prepare (cases, "UPDATE shelter_stays SET exited = ? WHERE id = ?;", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_text (stmt, 1, exited, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, stay_id);
  if (!amparo_db_step_done (cases, stmt, error))
    goto fail;
  return amparo_case_finish (vault, cases, id, "shelter.exit", NULL, error);

fail:
  amparo_db_rollback (cases);
  return FALSE;
}
