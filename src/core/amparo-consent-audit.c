/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "AmparoConsent"

#include <string.h>
#include <glib/gi18n.h>

#include "amparo-cases.h"
#include "amparo-consent-private.h"
#include "amparo-db.h"
#include "amparo-error.h"
#include "amparo-vault.h"

/* Case alerts and the supervisor's confidentiality audit (the periodic
 * review the partnership agreements ask a confidentiality monitor to
 * run): releases that expired, were revoked or end soon; what left the
 * agency and on what grounds; who looked at contact records; and which
 * files were written. Everything here is read-only and coded. */

/* Audit actions that wrote a file someone could carry away. */
#define FILE_ACTIONS \
  "(action LIKE 'export%' OR action LIKE 'print.%' OR action = 'directory.export'" \
  " OR action = 'backup' OR action LIKE 'public%')"

static void
staff_count_free (AmparoStaffCount *c)
{
  g_free (c->staff);
  g_free (c);
}

static void
audit_entry_free (AmparoAuditEntry *e)
{
  g_free (e->at);
  g_free (e->actor);
  g_free (e->action);
  g_free (e->detail);
  g_free (e);
}

static gpointer
staff_count_from_row (sqlite3_stmt *stmt)
{
  AmparoStaffCount *c = g_new0 (AmparoStaffCount, 1);

  c->staff = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  c->count = sqlite3_column_int64 (stmt, 1);
  return c;
}

static gpointer
audit_entry_from_row (sqlite3_stmt *stmt)
{
  AmparoAuditEntry *e = g_new0 (AmparoAuditEntry, 1);

  e->at = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  e->actor = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
  e->action = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
  e->case_id = sqlite3_column_int64 (stmt, 3);
  e->detail = g_strdup ((const char *) sqlite3_column_text (stmt, 4));
  return e;
}

static void
add_alerts (GHashTable          *alerts,
            gint64               case_id,
            AmparoConsentAlerts  flags)
{
  gpointer old = NULL;

  if (g_hash_table_lookup_extended (alerts, &case_id, NULL, &old))
    flags |= GPOINTER_TO_UINT (old);
  g_hash_table_insert (alerts, g_memdup2 (&case_id, sizeof case_id), GUINT_TO_POINTER (flags));
}

/**
 * amparo_consent_alerts:
 * @on_date: `YYYY-MM-DD`, normally today
 * @within_days: how soon a release must end to count as expiring
 *
 * Every case with a consent alert, for filtering the case list.
 *
 * Returns: (transfer full) (element-type gint64 AmparoConsentAlerts): case
 *   number (a pointer to gint64) to alert flags (GUINT_TO_POINTER)
 */
GHashTable *
amparo_consent_alerts (AmparoVault *vault,
                       const char  *on_date,
                       int          within_days,
                       GError     **error)
{
  g_autoptr(GHashTable) alerts = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  g_autoptr(GPtrArray) expiring = NULL;
  g_autoptr(GPtrArray) due = NULL;

  g_return_val_if_fail (AMPARO_IS_VAULT (vault), NULL);
  g_return_val_if_fail (amparo_date_is_valid (on_date) && within_days >= 0, NULL);

  expiring = amparo_releases_expiring (vault, on_date, within_days, error);
  if (expiring == NULL)
    return NULL;
  due = amparo_referrals_follow_up_due (vault, on_date, error);
  if (due == NULL)
    return NULL;
  for (guint i = 0; i < expiring->len; i++)
    add_alerts (alerts, ((AmparoRelease *) g_ptr_array_index (expiring, i))->case_id,
                AMPARO_CONSENT_ALERT_RELEASE_EXPIRING);
  for (guint i = 0; i < due->len; i++)
    add_alerts (alerts, ((AmparoReferral *) g_ptr_array_index (due, i))->case_id,
                AMPARO_CONSENT_ALERT_FOLLOW_UP_DUE);
  return g_steal_pointer (&alerts);
}

/**
 * amparo_consent_case_alerts:
 *
 * Returns: the consent alerts of one case on @on_date
 */
AmparoConsentAlerts
amparo_consent_case_alerts (AmparoVault *vault,
                            gint64       case_id,
                            const char  *on_date,
                            int          within_days,
                            GError     **error)
{
  g_autoptr(GHashTable) alerts = amparo_consent_alerts (vault, on_date, within_days, error);

  if (alerts == NULL)
    return AMPARO_CONSENT_ALERT_NONE;
  return GPOINTER_TO_UINT (g_hash_table_lookup (alerts, &case_id));
}

void
amparo_confidentiality_audit_free (AmparoConfidentialityAudit *a)
{
  if (a == NULL)
    return;
  g_free (a->from);
  g_free (a->to);
  g_free (a->on_date);
  g_clear_pointer (&a->expired, g_ptr_array_unref);
  g_clear_pointer (&a->revoked, g_ptr_array_unref);
  g_clear_pointer (&a->expiring, g_ptr_array_unref);
  g_clear_pointer (&a->disclosures, g_ptr_array_unref);
  g_clear_pointer (&a->views, g_ptr_array_unref);
  g_clear_pointer (&a->files, g_ptr_array_unref);
  g_free (a);
}

static GPtrArray *
query_releases (sqlite3     *db,
                const char  *where,
                const char  *const *params,
                GError     **error)
{
  /* current releases and the replaced terms kept in release_history */
  g_autofree char *sql =
    g_strdup_printf ("SELECT " AMPARO_RELEASE_COLUMNS ("r.id") " FROM releases r"
                     AMPARO_RELEASE_JOINS " WHERE %s"
                     " UNION ALL SELECT " AMPARO_RELEASE_COLUMNS ("r.release_id")
                     " FROM release_history r" AMPARO_RELEASE_JOINS " WHERE %s"
                     " ORDER BY 9, 1;", where, where);

  return amparo_consent_query (db, sql, (gpointer) amparo_consent_release_from_row,
                               (GDestroyNotify) amparo_release_free, params, error);
}

/**
 * amparo_confidentiality_audit:
 * @from: first day of the period, `YYYY-MM-DD`
 * @to: last day of the period, `YYYY-MM-DD`
 * @on_date: the day the audit is run, normally today
 * @expiring_days: how far ahead of @on_date to list expiring releases
 *
 * The supervisor's confidentiality audit for a period. Supervisors only;
 * opening it is itself logged (`audit.confidentiality`).
 *
 * Returns: (transfer full): the audit, or %NULL
 */
AmparoConfidentialityAudit *
amparo_confidentiality_audit (AmparoVault *vault,
                              const char  *from,
                              const char  *to,
                              const char  *on_date,
                              int          expiring_days,
                              GError     **error)
{
  g_autoptr(AmparoConfidentialityAudit) a = g_new0 (AmparoConfidentialityAudit, 1);
  g_autofree char *detail = NULL;
  const char *period[] = { from, to, on_date, NULL };
  sqlite3 *db;

  g_return_val_if_fail (AMPARO_IS_VAULT (vault), NULL);

  if (!amparo_vault_require_role (vault, TRUE, error))
    return NULL;
  if (!amparo_date_is_valid (from) || !amparo_date_is_valid (to) || strcmp (from, to) > 0
      || !amparo_date_is_valid (on_date) || expiring_days < 0)
    {
      g_set_error_literal (error, AMPARO_ERROR, AMPARO_ERROR_INVALID,
                           _("The audit period is not valid"));
      return NULL;
    }
  db = amparo_vault_get_cases_db (vault, error);
  if (db == NULL)
    return NULL;

  a->from = g_strdup (from);
  a->to = g_strdup (to);
  a->on_date = g_strdup (on_date);
  /* expired: ran out inside the period, before today, while not revoked */
  a->expired = query_releases (db, "r.expires >= ?1 AND r.expires <= ?2 AND r.expires < ?3"
                                   " AND (r.revoked IS NULL OR r.revoked > r.expires)",
                               period, error);
  if (a->expired == NULL)
    return NULL;
  a->revoked = query_releases (db, "r.revoked >= ?1 AND r.revoked <= ?2", period, error);
  if (a->revoked == NULL)
    return NULL;
  a->expiring = amparo_releases_expiring (vault, on_date, expiring_days, error);
  if (a->expiring == NULL)
    return NULL;
  a->disclosures = amparo_disclosures_list (vault, 0, from, to, error);
  if (a->disclosures == NULL)
    return NULL;
  a->views = amparo_consent_query (db,
                                   "SELECT actor, COUNT(*) FROM audit WHERE action = 'contact.view'"
                                   " AND substr(at, 1, 10) >= ?1 AND substr(at, 1, 10) <= ?2"
                                   " GROUP BY actor ORDER BY actor;",
                                   staff_count_from_row, (GDestroyNotify) staff_count_free,
                                   period, error);
  if (a->views == NULL)
    return NULL;
  a->files = amparo_consent_query (db,
                                   "SELECT at, actor, action, case_id, detail FROM audit WHERE "
                                   FILE_ACTIONS " AND substr(at, 1, 10) >= ?1"
                                   " AND substr(at, 1, 10) <= ?2 ORDER BY id;",
                                   audit_entry_from_row, (GDestroyNotify) audit_entry_free,
                                   period, error);
  if (a->files == NULL)
    return NULL;

  detail = g_strdup_printf ("from=%s to=%s", from, to);
  if (!amparo_vault_audit (vault, "audit.confidentiality", 0, detail, error))
    return NULL;
  return g_steal_pointer (&a);
}
