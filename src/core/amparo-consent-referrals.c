/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "AmparoConsent"

#include <string.h>
#include <glib/gi18n.h>

#include "amparo-cases.h"
#include "amparo-codes.h"
#include "amparo-consent-private.h"
#include "amparo-db.h"
#include "amparo-error.h"
#include "amparo-vault.h"

/* Referrals out and in, and disclosures: every time information about a
 * case left the agency and on what grounds. A mandated report (child or
 * vulnerable-adult abuse) is its own kind of disclosure: the law, not a
 * release, is its ground. Referral forms record theirs in
 * amparo-forms.c. */

G_DEFINE_BOXED_TYPE (AmparoReferral, amparo_referral, amparo_referral_copy, amparo_referral_free)
G_DEFINE_BOXED_TYPE (AmparoDisclosure, amparo_disclosure, amparo_disclosure_copy,
                     amparo_disclosure_free)

#define REFERRAL_SELECT \
  "SELECT f.id, f.case_id, c.ref_code, f.date, f.direction, f.partner_id, p.name, f.sector," \
  " f.service_needed, f.warm, f.status, f.follow_up, f.outcome, f.release_id" \
  " FROM referrals f JOIN cases c ON c.id = f.case_id LEFT JOIN partners p ON p.id = f.partner_id"

/* ------------------------------------------------------------ records */

AmparoReferral *
amparo_referral_new (void)
{
  return g_new0 (AmparoReferral, 1);
}

AmparoReferral *
amparo_referral_copy (const AmparoReferral *src)
{
  AmparoReferral *r;

  g_return_val_if_fail (src != NULL, NULL);

  r = g_memdup2 (src, sizeof *src);
  r->ref_code = g_strdup (src->ref_code);
  r->date = g_strdup (src->date);
  r->direction = g_strdup (src->direction);
  r->partner_name = g_strdup (src->partner_name);
  r->sector = g_strdup (src->sector);
  r->service_needed = g_strdup (src->service_needed);
  r->status = g_strdup (src->status);
  r->follow_up = g_strdup (src->follow_up);
  r->outcome = g_strdup (src->outcome);
  return r;
}

void
amparo_referral_free (AmparoReferral *r)
{
  if (r == NULL)
    return;
  g_free (r->ref_code);
  g_free (r->date);
  g_free (r->direction);
  g_free (r->partner_name);
  g_free (r->sector);
  g_free (r->service_needed);
  g_free (r->status);
  g_free (r->follow_up);
  g_free (r->outcome);
  g_free (r);
}

AmparoDisclosure *
amparo_disclosure_copy (const AmparoDisclosure *src)
{
  AmparoDisclosure *d;

  g_return_val_if_fail (src != NULL, NULL);

  d = g_memdup2 (src, sizeof *src);
  d->date = g_strdup (src->date);
  d->kind = g_strdup (src->kind);
  d->partner_name = g_strdup (src->partner_name);
  d->recipient_sector = g_strdup (src->recipient_sector);
  d->report_type = g_strdup (src->report_type);
  d->scope = g_strdupv (src->scope);
  d->staff = g_strdup (src->staff);
  return d;
}

void
amparo_disclosure_free (AmparoDisclosure *d)
{
  if (d == NULL)
    return;
  g_free (d->date);
  g_free (d->kind);
  g_free (d->partner_name);
  g_free (d->recipient_sector);
  g_free (d->report_type);
  g_strfreev (d->scope);
  g_free (d->staff);
  g_free (d);
}

/**
 * amparo_disclosure_grounds:
 *
 * Returns: why the disclosure was allowed, as a stable code: `release`
 *   (a release covered it), `mandated_report` (the law required it) or
 *   `none_identifying` (nothing identifying went out)
 */
const char *
amparo_disclosure_grounds (const AmparoDisclosure *d)
{
  g_return_val_if_fail (d != NULL, "none_identifying");

  if (g_strcmp0 (d->kind, "mandated_report") == 0)
    return "mandated_report";
  if (d->release_id > 0)
    return "release";
  return "none_identifying";
}

static AmparoReferral *
referral_from_row (sqlite3_stmt *stmt)
{
  AmparoReferral *r = amparo_referral_new ();

  r->id = sqlite3_column_int64 (stmt, 0);
  r->case_id = sqlite3_column_int64 (stmt, 1);
  r->ref_code = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
  r->date = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
  r->direction = g_strdup ((const char *) sqlite3_column_text (stmt, 4));
  r->partner_id = sqlite3_column_int64 (stmt, 5);
  r->partner_name = g_strdup ((const char *) sqlite3_column_text (stmt, 6));
  r->sector = g_strdup ((const char *) sqlite3_column_text (stmt, 7));
  r->service_needed = g_strdup ((const char *) sqlite3_column_text (stmt, 8));
  r->warm = sqlite3_column_int (stmt, 9) != 0;
  r->status = g_strdup ((const char *) sqlite3_column_text (stmt, 10));
  r->follow_up = g_strdup ((const char *) sqlite3_column_text (stmt, 11));
  r->outcome = g_strdup ((const char *) sqlite3_column_text (stmt, 12));
  r->release_id = sqlite3_column_int64 (stmt, 13);
  return r;
}

/* ---------------------------------------------------------- internals */

static gboolean
invalid (GError    **error,
         const char *field)
{
  g_set_error (error, AMPARO_ERROR, AMPARO_ERROR_INVALID, _("The field “%s” is not valid"), field);
  return FALSE;
}

/* The sector of a stored partner, which a referral or report to it
 * takes; NULL with an error when there is no such partner. */
static char *
partner_sector (sqlite3  *db,
                gint64    partner_id,
                gboolean  must_be_active,
                GError  **error)
{
  g_autoptr(sqlite3_stmt) stmt = amparo_db_prepare (db, "SELECT sector, active FROM partners"
                                                        " WHERE id = ?;", error);

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, partner_id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      g_set_error_literal (error, AMPARO_ERROR, AMPARO_ERROR_NOT_FOUND, _("No such partner"));
      return NULL;
    }
  if (must_be_active && sqlite3_column_int (stmt, 1) == 0)
    {
      g_set_error_literal (error, AMPARO_ERROR, AMPARO_ERROR_INVALID,
                           _("This partner has been retired from the directory"));
      return NULL;
    }
  return g_strdup ((const char *) sqlite3_column_text (stmt, 0));
}

static gboolean
service_is_valid (const char *code)
{
  return code == NULL || amparo_code_is_valid ("service_type", code)
         || amparo_code_is_valid ("voca", code);
}

static gboolean
validate_referral (const AmparoReferral *r,
                   GError              **error)
{
  if (r->date != NULL && !amparo_date_is_valid (r->date))
    return invalid (error, "date");
  if (!amparo_code_is_valid ("referral_direction", r->direction))
    return invalid (error, "direction");
  if (r->partner_id == 0 && !amparo_code_is_valid ("sector", r->sector))
    return invalid (error, "sector");
  if (!service_is_valid (r->service_needed))
    return invalid (error, "service_needed");
  if (r->status != NULL && !amparo_code_is_valid ("referral_status", r->status))
    return invalid (error, "status");
  if (r->follow_up != NULL && !amparo_date_is_valid (r->follow_up))
    return invalid (error, "follow_up");
  if (r->outcome != NULL && !amparo_code_is_valid ("referral_outcome", r->outcome))
    return invalid (error, "outcome");
  return TRUE;
}

static char *
referral_detail (gint64                id,
                 const AmparoReferral *r,
                 const char           *sector,
                 const char           *status)
{
  return g_strdup_printf ("referral=%" G_GINT64_FORMAT " direction=%s partner=%" G_GINT64_FORMAT
                          " sector=%s service=%s warm=%d status=%s outcome=%s",
                          id, r->direction, r->partner_id, sector,
                          r->service_needed != NULL ? r->service_needed : "-", r->warm ? 1 : 0,
                          status, r->outcome != NULL ? r->outcome : "-");
}

/* -------------------------------------------------------- referrals */

/**
 * amparo_referrals_add:
 * @draft: case, direction, partner (or a sector), service needed, warm;
 *   %NULL date and status mean today and `made`
 *
 * Records a referral out or in; the sector is taken from the partner
 * when there is one. Logged as `referral.add`. No information leaves the
 * agency here: printing the form does that (amparo-forms.h).
 *
 * Returns: the referral id, or 0 on error
 */
gint64
amparo_referrals_add (AmparoVault          *vault,
                      const AmparoReferral *draft,
                      GError              **error)
{
  g_autofree char *today = amparo_date_today ();
  g_autofree char *sector = NULL;
  g_autofree char *detail = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  const char *status;
  sqlite3 *db;
  gint64 id;

  g_return_val_if_fail (AMPARO_IS_VAULT (vault), 0);
  g_return_val_if_fail (draft != NULL, 0);

  if (!amparo_vault_require_role (vault, FALSE, error) || !validate_referral (draft, error))
    return 0;
  status = draft->status != NULL ? draft->status : "made";
  db = amparo_vault_get_cases_db (vault, error);
  if (db == NULL || !amparo_db_begin (db, error))
    return 0;
  if (!amparo_consent_check_case (db, draft->case_id, error))
    goto fail;
  if (draft->partner_id != 0)
    sector = partner_sector (db, draft->partner_id, TRUE, error);
  else
    sector = g_strdup (draft->sector);
  if (sector == NULL)
    goto fail;

  stmt = amparo_db_prepare (db,
                            "INSERT INTO referrals (case_id, date, direction, partner_id, sector,"
                            " service_needed, warm, status, follow_up, outcome)"
                            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?);",
                            error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, draft->case_id);
  sqlite3_bind_text (stmt, 2, draft->date != NULL ? draft->date : today, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, draft->direction, -1, SQLITE_TRANSIENT);
  if (draft->partner_id != 0)
    sqlite3_bind_int64 (stmt, 4, draft->partner_id);
  else
    sqlite3_bind_null (stmt, 4);
  sqlite3_bind_text (stmt, 5, sector, -1, SQLITE_TRANSIENT);
  amparo_consent_bind_text (stmt, 6, draft->service_needed);
  sqlite3_bind_int (stmt, 7, draft->warm ? 1 : 0);
  sqlite3_bind_text (stmt, 8, status, -1, SQLITE_TRANSIENT);
  amparo_consent_bind_text (stmt, 9, draft->follow_up);
  amparo_consent_bind_text (stmt, 10, draft->outcome);
  if (!amparo_db_step_done (db, stmt, error))
    goto fail;
  id = sqlite3_last_insert_rowid (db);
  detail = referral_detail (id, draft, sector, status);
  if (!amparo_vault_audit (vault, "referral.add", draft->case_id, detail, error)
      || !amparo_db_commit (db, error))
    goto fail;
  return id;

fail:
  amparo_db_rollback (db);
  return 0;
}

/**
 * amparo_referrals_update:
 *
 * Saves the service needed, warm hand-off, status, follow-up date and
 * outcome of the referral @referral->id (its case, direction, partner
 * and date stay). Logged as `referral.update`.
 */
gboolean
amparo_referrals_update (AmparoVault          *vault,
                         const AmparoReferral *referral,
                         GError              **error)
{
  g_autoptr(AmparoReferral) stored = NULL;
  g_autoptr(AmparoReferral) merged = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *detail = NULL;
  sqlite3 *db;

  g_return_val_if_fail (AMPARO_IS_VAULT (vault), FALSE);
  g_return_val_if_fail (referral != NULL, FALSE);

  if (!amparo_vault_require_role (vault, FALSE, error))
    return FALSE;
  stored = amparo_referrals_get (vault, referral->id, error);
  if (stored == NULL)
    return FALSE;
  merged = amparo_referral_copy (stored);
  g_free (merged->service_needed);
  merged->service_needed = g_strdup (referral->service_needed);
  merged->warm = referral->warm;
  g_free (merged->status);
  merged->status = g_strdup (referral->status != NULL ? referral->status : stored->status);
  g_free (merged->follow_up);
  merged->follow_up = g_strdup (referral->follow_up);
  g_free (merged->outcome);
  merged->outcome = g_strdup (referral->outcome);
  if (!validate_referral (merged, error))
    return FALSE;

  db = amparo_vault_get_cases_db (vault, error);
  if (db == NULL || !amparo_db_begin (db, error))
    return FALSE;
  stmt = amparo_db_prepare (db,
                            "UPDATE referrals SET service_needed = ?2, warm = ?3, status = ?4,"
                            " follow_up = ?5, outcome = ?6 WHERE id = ?1;",
                            error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, merged->id);
  amparo_consent_bind_text (stmt, 2, merged->service_needed);
  sqlite3_bind_int (stmt, 3, merged->warm ? 1 : 0);
  sqlite3_bind_text (stmt, 4, merged->status, -1, SQLITE_TRANSIENT);
  amparo_consent_bind_text (stmt, 5, merged->follow_up);
  amparo_consent_bind_text (stmt, 6, merged->outcome);
  if (!amparo_db_step_done (db, stmt, error))
    goto fail;
  detail = referral_detail (merged->id, merged, merged->sector, merged->status);
  if (!amparo_vault_audit (vault, "referral.update", merged->case_id, detail, error)
      || !amparo_db_commit (db, error))
    goto fail;
  return TRUE;

fail:
  amparo_db_rollback (db);
  return FALSE;
}

/**
 * amparo_referrals_get:
 *
 * Returns: (transfer full): the referral, or %NULL with
 *   %AMPARO_ERROR_NOT_FOUND
 */
AmparoReferral *
amparo_referrals_get (AmparoVault *vault,
                      gint64       referral_id,
                      GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  sqlite3 *db;

  g_return_val_if_fail (AMPARO_IS_VAULT (vault), NULL);

  db = amparo_vault_get_cases_db (vault, error);
  if (db == NULL)
    return NULL;
  stmt = amparo_db_prepare (db, REFERRAL_SELECT " WHERE f.id = ?;", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, referral_id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      g_set_error_literal (error, AMPARO_ERROR, AMPARO_ERROR_NOT_FOUND, _("No such referral"));
      return NULL;
    }
  return referral_from_row (stmt);
}

/**
 * amparo_referrals_list:
 * @case_id: a case number, or 0 for every case
 *
 * Returns: (transfer full) (element-type AmparoReferral): newest first
 */
GPtrArray *
amparo_referrals_list (AmparoVault *vault,
                       gint64       case_id,
                       GError     **error)
{
  g_autofree char *sql = NULL;
  sqlite3 *db;

  g_return_val_if_fail (AMPARO_IS_VAULT (vault), NULL);

  db = amparo_vault_get_cases_db (vault, error);
  if (db == NULL)
    return NULL;
  if (case_id > 0)
    sql = g_strdup_printf (REFERRAL_SELECT " WHERE f.case_id = %" G_GINT64_FORMAT
                           " ORDER BY f.date DESC, f.id DESC;", case_id);
  else
    sql = g_strdup (REFERRAL_SELECT " ORDER BY f.date DESC, f.id DESC;");
  return amparo_consent_query (db, sql, (gpointer) referral_from_row,
                               (GDestroyNotify) amparo_referral_free, NULL, error);
}

/**
 * amparo_consent_watch_list:
 * @which: which list
 * @on_date: `YYYY-MM-DD`, normally today
 * @max_items: how many items to return at most
 * @n_total: (out) (optional): how many there are in all
 *
 * One of the lists of what needs doing across every case, filtered and
 * ordered by the store, so a long history costs neither memory nor time
 * on the main thread. Items are #AmparoRelease or #AmparoReferral (see
 * #AmparoConsentWatch).
 *
 * Returns: (transfer full) (element-type gpointer): the first @max_items
 */
GPtrArray *
amparo_consent_watch_list (AmparoVault        *vault,
                           AmparoConsentWatch  which,
                           const char         *on_date,
                           guint               max_items,
                           guint              *n_total,
                           GError            **error)
{
  /* each condition matches a partial index of schema step 9 term by term,
   * or the expiry index */
  static const struct
  {
    gboolean    releases;
    const char *where;
    const char *order;
  } lists[] = {
    [AMPARO_CONSENT_WATCH_EXPIRING] =
      { TRUE, AMPARO_RELEASES_EXPIRING_WHERE, "r.expires, r.id" },
    /* revoked (whatever its dates), or expired: past its end date */
    [AMPARO_CONSENT_WATCH_ENDED] =
      { TRUE, "(r.revoked IS NOT NULL AND r.revoked >= ?2)"
              " OR (r.revoked IS NULL AND r.expires >= ?2 AND r.expires < ?1)",
        "coalesce (r.revoked, r.expires) DESC, r.id DESC" },
    [AMPARO_CONSENT_WATCH_FOLLOW_UP] =
      { FALSE, "f.status IN ('made', 'accepted') AND f.follow_up IS NOT NULL"
               " AND f.follow_up <= ?1", "f.follow_up, f.id" },
    [AMPARO_CONSENT_WATCH_NO_RESPONSE] =
      { FALSE, "f.status = 'no_response' AND f.direction = 'out'", "f.date DESC, f.id DESC" },
  };
  g_autoptr(sqlite3_stmt) count = NULL;
  g_autofree char *other = NULL;
  g_autofree char *sql = NULL;
  const char *params[3] = { on_date, NULL, NULL };
  sqlite3 *db;
  int rc;

  g_return_val_if_fail (AMPARO_IS_VAULT (vault), NULL);
  g_return_val_if_fail ((guint) which < G_N_ELEMENTS (lists), NULL);
  g_return_val_if_fail (amparo_date_is_valid (on_date), NULL);

  if (which == AMPARO_CONSENT_WATCH_EXPIRING)
    params[1] = other = amparo_consent_add_days (on_date, AMPARO_RELEASE_WARNING_DAYS);
  else if (which == AMPARO_CONSENT_WATCH_ENDED)
    params[1] = other = amparo_consent_add_days (on_date, -AMPARO_RELEASE_ENDED_DAYS);
  else if (which == AMPARO_CONSENT_WATCH_NO_RESPONSE)
    params[0] = NULL;

  db = amparo_vault_get_cases_db (vault, error);
  if (db == NULL)
    return NULL;
  /* the count from the index alone; the rows shown, joined, from the top */
  if (n_total != NULL)
    {
      sql = g_strdup_printf ("SELECT count(*) FROM %s WHERE %s;",
                             lists[which].releases ? "releases r" : "referrals f",
                             lists[which].where);
      count = amparo_db_prepare (db, sql, error);
      if (count == NULL)
        return NULL;
      for (guint i = 0; params[i] != NULL; i++)
        sqlite3_bind_text (count, (int) i + 1, params[i], -1, SQLITE_STATIC);
      rc = sqlite3_step (count);
      if (rc != SQLITE_ROW)
        {
          amparo_db_set_error (error, db, rc);
          return NULL;
        }
      *n_total = (guint) sqlite3_column_int64 (count, 0);
      g_clear_pointer (&sql, g_free);
    }
  sql = g_strdup_printf ("%s WHERE %s ORDER BY %s LIMIT %u;",
                         lists[which].releases
                         ? "SELECT " AMPARO_RELEASE_COLUMNS ("r.id") " FROM releases r"
                           AMPARO_RELEASE_JOINS
                         : REFERRAL_SELECT,
                         lists[which].where, lists[which].order, MIN (max_items, G_MAXINT));
  if (lists[which].releases)
    return amparo_consent_query (db, sql, (gpointer) amparo_consent_release_from_row,
                                 (GDestroyNotify) amparo_release_free, params, error);
  return amparo_consent_query (db, sql, (gpointer) referral_from_row,
                               (GDestroyNotify) amparo_referral_free, params, error);
}

/**
 * amparo_referrals_follow_up_due:
 * @on_date: `YYYY-MM-DD`, normally today
 *
 * Referrals still `made` or `accepted` whose follow-up date has come.
 *
 * Returns: (transfer full) (element-type AmparoReferral): oldest first
 */
GPtrArray *
amparo_referrals_follow_up_due (AmparoVault *vault,
                                const char  *on_date,
                                GError     **error)
{
  return amparo_consent_watch_list (vault, AMPARO_CONSENT_WATCH_FOLLOW_UP, on_date, G_MAXUINT,
                                    NULL, error);
}

/* ------------------------------------------------------ disclosures */

/**
 * amparo_mandated_report_add:
 * @report_type: a `mandated_report_type` code
 * @recipient_sector: the receiving agency's `sector` code; ignored when
 *   @partner_id names a directory partner, whose sector is used
 * @partner_id: the receiving partner, or 0 if it is not in the directory
 * @scope: the `release_scope` codes that were shared
 * @date: (nullable): `YYYY-MM-DD`, not in the future; %NULL for today
 *
 * Records a mandated report (child or vulnerable-adult abuse) as a
 * disclosure made by the current staff account. It needs no release: the
 * law is its ground. Logged as `disclosure.mandated_report`.
 *
 * Returns: the disclosure id, or 0 on error
 */
gint64
amparo_mandated_report_add (AmparoVault       *vault,
                            gint64             case_id,
                            const char        *report_type,
                            const char        *recipient_sector,
                            gint64             partner_id,
                            const char *const *scope,
                            const char        *date,
                            GError           **error)
{
  g_autofree char *today = amparo_date_today ();
  g_autofree char *joined = NULL;
  g_autofree char *sector = NULL;
  g_autofree char *detail = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  sqlite3 *db;
  gint64 id;

  g_return_val_if_fail (AMPARO_IS_VAULT (vault), 0);

  if (!amparo_vault_require_role (vault, FALSE, error))
    return 0;
  if (!amparo_code_is_valid ("mandated_report_type", report_type))
    return invalid (error, "report_type");
  if (partner_id == 0 && (!amparo_code_is_valid ("sector", recipient_sector)
                          || g_str_equal (recipient_sector, "not_reported")))
    return invalid (error, "sector");
  joined = amparo_consent_scope_join (scope, FALSE);
  if (joined == NULL)
    return invalid (error, "scope");
  if (date != NULL && (!amparo_date_is_valid (date) || strcmp (date, today) > 0))
    return invalid (error, "date");

  db = amparo_vault_get_cases_db (vault, error);
  if (db == NULL || !amparo_db_begin (db, error))
    return 0;
  if (!amparo_consent_check_case (db, case_id, error))
    goto fail;
  /* a report may go to a partner since retired: the law does not wait */
  sector = partner_id != 0 ? partner_sector (db, partner_id, FALSE, error)
                           : g_strdup (recipient_sector);
  if (sector == NULL)
    goto fail;
  stmt = amparo_db_prepare (db,
                            "INSERT INTO disclosures (case_id, date, kind, partner_id,"
                            " recipient_sector, report_type, scope, release_id, staff)"
                            " VALUES (?, ?, 'mandated_report', ?, ?, ?, ?, NULL, ?);",
                            error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, case_id);
  sqlite3_bind_text (stmt, 2, date != NULL ? date : today, -1, SQLITE_TRANSIENT);
  if (partner_id != 0)
    sqlite3_bind_int64 (stmt, 3, partner_id);
  else
    sqlite3_bind_null (stmt, 3);
  sqlite3_bind_text (stmt, 4, sector, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 5, report_type, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 6, joined, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 7, amparo_vault_get_user (vault), -1, SQLITE_TRANSIENT);
  if (!amparo_db_step_done (db, stmt, error))
    goto fail;
  id = sqlite3_last_insert_rowid (db);
  detail = g_strdup_printf ("disclosure=%" G_GINT64_FORMAT " partner=%" G_GINT64_FORMAT
                            " sector=%s type=%s scope=%s",
                            id, partner_id, sector, report_type, joined);
  if (!amparo_vault_audit (vault, "disclosure.mandated_report", case_id, detail, error)
      || !amparo_db_commit (db, error))
    goto fail;
  return id;

fail:
  amparo_db_rollback (db);
  return 0;
}

/**
 * amparo_disclosures_list:
 * @case_id: a case number, or 0 for every case
 * @from: (nullable): first day, `YYYY-MM-DD`
 * @to: (nullable): last day, `YYYY-MM-DD`
 *
 * Returns: (transfer full) (element-type AmparoDisclosure): oldest first
 */
GPtrArray *
amparo_disclosures_list (AmparoVault *vault,
                         gint64       case_id,
                         const char  *from,
                         const char  *to,
                         GError     **error)
{
  g_autofree char *sql = NULL;
  const char *params[] = { from != NULL ? from : "0000-00-00", to != NULL ? to : "9999-99-99",
                           NULL };
  sqlite3 *db;

  g_return_val_if_fail (AMPARO_IS_VAULT (vault), NULL);

  db = amparo_vault_get_cases_db (vault, error);
  if (db == NULL)
    return NULL;
  /* one case: through disclosures_case; "(id = 0 OR d.case_id = id)"
   * kept SQLite on the date index, a pass over every case's disclosures
   * (150 ms with 100,000 cases, on every case page) */
  if (case_id != 0)
    sql = g_strdup_printf ("SELECT " AMPARO_DISCLOSURE_COLUMNS " FROM disclosures d"
                           AMPARO_DISCLOSURE_JOINS " WHERE d.case_id = %" G_GINT64_FORMAT
                           " AND d.date >= ?1 AND d.date <= ?2 ORDER BY d.date, d.id;", case_id);
  else
    sql = g_strdup ("SELECT " AMPARO_DISCLOSURE_COLUMNS " FROM disclosures d"
                    AMPARO_DISCLOSURE_JOINS " WHERE d.date >= ?1 AND d.date <= ?2"
                    " ORDER BY d.date, d.id;");
  return amparo_consent_query (db, sql, (gpointer) amparo_consent_disclosure_from_row,
                               (GDestroyNotify) amparo_disclosure_free, params, error);
}
