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

/* Releases of information: what a survivor agreed may go to one partner,
 * why, and until when.
 *
 * There is one release per case and partner. A new one replaces the old
 * only once the old has expired or been revoked; the old terms move to
 * release_history first, so nothing that was agreed is forgotten.
 *
 * Whether a release covers something is decided at the moment of use
 * (amparo_release_covers() takes the date): an expiry is never "cached"
 * into a flag, and a revocation takes effect at once — from the day it is
 * recorded, for every later use. */

G_DEFINE_BOXED_TYPE (AmparoRelease, amparo_release, amparo_release_copy, amparo_release_free)

/* ------------------------------------------------- shared (private.h) */

char *
amparo_consent_add_days (const char *date,
                         int         days)
{
  g_autoptr(GDate) d = g_date_new ();

  g_return_val_if_fail (amparo_date_is_valid (date), NULL);

  g_date_set_parse (d, date);
  if (days >= 0)
    g_date_add_days (d, (guint) days);
  else
    g_date_subtract_days (d, (guint) -days);
  return g_strdup_printf ("%04d-%02d-%02d", g_date_get_year (d), g_date_get_month (d),
                          g_date_get_day (d));
}

/* Validates and canonicalises a scope list: codes in the category's own
 * order, each once, joined with '|'. NULL when a code is unknown. */
char *
amparo_consent_scope_join (const char *const *scope,
                           gboolean           allow_empty)
{
  const AmparoCategory *cat = amparo_category_lookup ("release_scope");
  g_autoptr(GString) out = g_string_new (NULL);
  guint n = 0;

  for (guint i = 0; scope != NULL && scope[i] != NULL; i++)
    if (!amparo_code_is_valid ("release_scope", scope[i]))
      return NULL;
  for (const AmparoCode *c = cat->codes; c->code != NULL; c++)
    if (scope != NULL && g_strv_contains (scope, c->code))
      {
        g_string_append_printf (out, n++ > 0 ? "|%s" : "%s", c->code);
      }
  if (n == 0 && !allow_empty)
    return NULL;
  return g_string_free (g_steal_pointer (&out), FALSE);
}

GStrv
amparo_consent_scope_split (const char *joined)
{
  if (joined == NULL || joined[0] == '\0')
    return g_new0 (char *, 1);
  return g_strsplit (joined, "|", -1);
}

/* A case a release or referral may be attached to: it exists and its
 * intake finished. */
gboolean
amparo_consent_check_case (sqlite3 *db,
                           gint64   case_id,
                           GError **error)
{
  g_autoptr(sqlite3_stmt) stmt = amparo_db_prepare (db, "SELECT complete FROM cases WHERE id = ?;",
                                                    error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, case_id);
  if (sqlite3_step (stmt) != SQLITE_ROW || sqlite3_column_int (stmt, 0) != 1)
    {
      g_set_error_literal (error, AMPARO_ERROR, AMPARO_ERROR_NOT_FOUND, _("No such case"));
      return FALSE;
    }
  return TRUE;
}

void
amparo_consent_bind_text (sqlite3_stmt *stmt,
                          int           index,
                          const char   *value)
{
  if (value != NULL)
    sqlite3_bind_text (stmt, index, value, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (stmt, index);
}

static char *
column_dup (sqlite3_stmt *stmt,
            int           column)
{
  return g_strdup ((const char *) sqlite3_column_text (stmt, column));
}

AmparoRelease *
amparo_consent_release_from_row (sqlite3_stmt *stmt)
{
  AmparoRelease *r = amparo_release_new ();

  r->id = sqlite3_column_int64 (stmt, 0);
  r->case_id = sqlite3_column_int64 (stmt, 1);
  r->ref_code = column_dup (stmt, 2);
  r->partner_id = sqlite3_column_int64 (stmt, 3);
  r->partner_name = column_dup (stmt, 4);
  r->scope = amparo_consent_scope_split ((const char *) sqlite3_column_text (stmt, 5));
  r->purpose = column_dup (stmt, 6);
  r->signed_date = column_dup (stmt, 7);
  r->expires = column_dup (stmt, 8);
  r->verbal = g_strcmp0 ((const char *) sqlite3_column_text (stmt, 9), "verbal") == 0;
  r->revoked = column_dup (stmt, 10);
  r->created_by = column_dup (stmt, 11);
  return r;
}

AmparoDisclosure *
amparo_consent_disclosure_from_row (sqlite3_stmt *stmt)
{
  AmparoDisclosure *d = g_new0 (AmparoDisclosure, 1);

  d->id = sqlite3_column_int64 (stmt, 0);
  d->case_id = sqlite3_column_int64 (stmt, 1);
  d->date = column_dup (stmt, 2);
  d->kind = column_dup (stmt, 3);
  d->partner_id = sqlite3_column_int64 (stmt, 4);
  d->partner_name = column_dup (stmt, 5);
  d->recipient_sector = column_dup (stmt, 6);
  d->report_type = column_dup (stmt, 7);
  d->scope = amparo_consent_scope_split ((const char *) sqlite3_column_text (stmt, 8));
  d->release_id = sqlite3_column_int64 (stmt, 9);
  d->staff = column_dup (stmt, 10);
  return d;
}

/* Runs @sql with text @params bound to ?1, ?2, … and builds one item per
 * row. */
GPtrArray *
amparo_consent_query (sqlite3            *db,
                      const char         *sql,
                      gpointer          (*from_row) (sqlite3_stmt *),
                      GDestroyNotify      free_func,
                      const char *const  *params,
                      GError            **error)
{
  g_autoptr(sqlite3_stmt) stmt = amparo_db_prepare (db, sql, error);
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func (free_func);
  int rc;

  if (stmt == NULL)
    return NULL;
  for (guint i = 0; params != NULL && params[i] != NULL; i++)
    sqlite3_bind_text (stmt, (int) i + 1, params[i], -1, SQLITE_TRANSIENT);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (out, from_row (stmt));
  if (rc != SQLITE_DONE)
    {
      amparo_db_set_error (error, db, rc);
      return NULL;
    }
  return g_steal_pointer (&out);
}

/* ------------------------------------------------------------ records */

AmparoRelease *
amparo_release_new (void)
{
  return g_new0 (AmparoRelease, 1);
}

AmparoRelease *
amparo_release_copy (const AmparoRelease *src)
{
  AmparoRelease *r;

  g_return_val_if_fail (src != NULL, NULL);

  r = g_memdup2 (src, sizeof *src);
  r->ref_code = g_strdup (src->ref_code);
  r->partner_name = g_strdup (src->partner_name);
  r->scope = g_strdupv (src->scope);
  r->purpose = g_strdup (src->purpose);
  r->signed_date = g_strdup (src->signed_date);
  r->expires = g_strdup (src->expires);
  r->revoked = g_strdup (src->revoked);
  r->created_by = g_strdup (src->created_by);
  return r;
}

void
amparo_release_free (AmparoRelease *r)
{
  if (r == NULL)
    return;
  g_free (r->ref_code);
  g_free (r->partner_name);
  g_strfreev (r->scope);
  g_free (r->purpose);
  g_free (r->signed_date);
  g_free (r->expires);
  g_free (r->revoked);
  g_free (r->created_by);
  g_free (r);
}

/**
 * amparo_release_state:
 * @on_date: `YYYY-MM-DD`, the day of use
 *
 * A revoked release stays revoked whatever the date; otherwise it is
 * current from its signing date through its expiry date, inclusive.
 */
AmparoReleaseState
amparo_release_state (const AmparoRelease *release,
                      const char          *on_date)
{
  g_return_val_if_fail (release != NULL, AMPARO_RELEASE_REVOKED);
  g_return_val_if_fail (on_date != NULL, AMPARO_RELEASE_REVOKED);

  if (release->revoked != NULL)
    return AMPARO_RELEASE_REVOKED;
  if (release->signed_date == NULL || strcmp (on_date, release->signed_date) < 0)
    return AMPARO_RELEASE_NOT_YET;
  if (release->expires == NULL || strcmp (on_date, release->expires) > 0)
    return AMPARO_RELEASE_EXPIRED;
  return AMPARO_RELEASE_CURRENT;
}

gboolean
amparo_release_has_scope (const AmparoRelease *release,
                          const char          *scope_code)
{
  g_return_val_if_fail (release != NULL, FALSE);

  return release->scope != NULL && scope_code != NULL
         && g_strv_contains ((const char *const *) release->scope, scope_code);
}

/* ---------------------------------------------------------- internals */

static AmparoRelease *
release_for (sqlite3  *db,
             gint64    case_id,
             gint64    partner_id,
             gint64    release_id,
             GError  **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (release_id > 0)
    stmt = amparo_db_prepare (db, "SELECT " AMPARO_RELEASE_COLUMNS ("r.id") " FROM releases r"
                                  AMPARO_RELEASE_JOINS " WHERE r.id = ?1;", error);
  else
    stmt = amparo_db_prepare (db, "SELECT " AMPARO_RELEASE_COLUMNS ("r.id") " FROM releases r"
                                  AMPARO_RELEASE_JOINS " WHERE r.case_id = ?1 AND r.partner_id = ?2;",
                              error);
  if (stmt == NULL)
    return NULL;
  if (release_id > 0)
    sqlite3_bind_int64 (stmt, 1, release_id);
  else
    {
      sqlite3_bind_int64 (stmt, 1, case_id);
      sqlite3_bind_int64 (stmt, 2, partner_id);
    }
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return NULL;
  return amparo_consent_release_from_row (stmt);
}

static gboolean
partner_is_active (sqlite3 *db,
                   gint64   partner_id,
                   GError **error)
{
  g_autoptr(sqlite3_stmt) stmt = amparo_db_prepare (db, "SELECT active FROM partners WHERE id = ?;",
                                                    error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, partner_id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      g_set_error_literal (error, AMPARO_ERROR, AMPARO_ERROR_NOT_FOUND, _("No such partner"));
      return FALSE;
    }
  if (sqlite3_column_int (stmt, 0) == 0)
    {
      g_set_error_literal (error, AMPARO_ERROR, AMPARO_ERROR_INVALID,
                           _("This partner has been retired from the directory"));
      return FALSE;
    }
  return TRUE;
}

static gboolean
invalid (GError    **error,
         const char *field)
{
  g_set_error (error, AMPARO_ERROR, AMPARO_ERROR_INVALID, _("The field “%s” is not valid"), field);
  return FALSE;
}

static gboolean
archive_release (sqlite3       *db,
                 gint64         release_id,
                 const char    *today,
                 GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt =
    amparo_db_prepare (db,
                       "INSERT INTO release_history (release_id, case_id, partner_id, scope,"
                       " purpose, signed, expires, form, revoked, created_by, replaced)"
                       " SELECT id, case_id, partner_id, scope, purpose, signed, expires, form,"
                       " revoked, created_by, ?2 FROM releases WHERE id = ?1;",
                       error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, release_id);
  sqlite3_bind_text (stmt, 2, today, -1, SQLITE_TRANSIENT);
  return amparo_db_step_done (db, stmt, error);
}

/* -------------------------------------------------------- public API */

/**
 * amparo_release_default_expiry:
 * @signed_date: `YYYY-MM-DD`
 *
 * Returns: (transfer full): @signed_date plus the `release_days`
 *   preference (30 unless changed), kept within
 *   1..%AMPARO_RELEASE_MAX_DAYS
 */
char *
amparo_release_default_expiry (AmparoVault *vault,
                               const char  *signed_date)
{
  gint64 days;

  g_return_val_if_fail (AMPARO_IS_VAULT (vault), NULL);
  g_return_val_if_fail (amparo_date_is_valid (signed_date), NULL);

  days = amparo_vault_get_setting_int (vault, "release_days", 30);
  return amparo_consent_add_days (signed_date, (int) CLAMP (days, 1, AMPARO_RELEASE_MAX_DAYS));
}

/**
 * amparo_releases_add:
 * @draft: case, partner, scope, purpose and form; %NULL dates take
 *   today and the default expiry
 *
 * Records a release. The signing date may not be in the future, the
 * expiry may not precede it nor lie more than %AMPARO_RELEASE_MAX_DAYS
 * after it. If the case already has a release for this partner, it is
 * replaced only when it has expired or been revoked; otherwise
 * %AMPARO_ERROR_EXISTS. Logged as `release.add` or `release.replace`.
 *
 * Returns: the release id, or 0 on error
 */
gint64
amparo_releases_add (AmparoVault         *vault,
                     const AmparoRelease *draft,
                     GError             **error)
{
  g_autofree char *today = amparo_date_today ();
  g_autofree char *scope = NULL;
  g_autofree char *signed_date = NULL;
  g_autofree char *expires = NULL;
  g_autofree char *latest = NULL;
  g_autofree char *detail = NULL;
  g_autoptr(AmparoRelease) old = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  const char *action = "release.add";
  sqlite3 *db;
  gint64 id;

  g_return_val_if_fail (AMPARO_IS_VAULT (vault), 0);
  g_return_val_if_fail (draft != NULL, 0);

  if (!amparo_vault_require_role (vault, FALSE, error))
    return 0;
  scope = amparo_consent_scope_join ((const char *const *) draft->scope, FALSE);
  if (scope == NULL)
    return invalid (error, "scope");
  if (!amparo_code_is_valid ("release_purpose", draft->purpose))
    return invalid (error, "purpose");
  signed_date = g_strdup (draft->signed_date != NULL ? draft->signed_date : today);
  if (!amparo_date_is_valid (signed_date) || strcmp (signed_date, today) > 0)
    return invalid (error, "signed");
  expires = draft->expires != NULL ? g_strdup (draft->expires)
                                   : amparo_release_default_expiry (vault, signed_date);
  latest = amparo_consent_add_days (signed_date, AMPARO_RELEASE_MAX_DAYS);
  if (!amparo_date_is_valid (expires) || strcmp (expires, signed_date) < 0
      || strcmp (expires, latest) > 0)
    return invalid (error, "expires");

  db = amparo_vault_get_cases_db (vault, error);
  if (db == NULL || !amparo_db_begin (db, error))
    return 0;
  if (!amparo_consent_check_case (db, draft->case_id, error)
      || !partner_is_active (db, draft->partner_id, error))
    goto fail;

  old = release_for (db, draft->case_id, draft->partner_id, 0, NULL);
  if (old != NULL)
    {
      AmparoReleaseState state = amparo_release_state (old, today);

      if (state != AMPARO_RELEASE_EXPIRED && state != AMPARO_RELEASE_REVOKED)
        {
          g_set_error_literal (error, AMPARO_ERROR, AMPARO_ERROR_EXISTS,
                               _("This case already has a current release for this partner; "
                                 "revoke it or let it expire before recording a new one"));
          goto fail;
        }
      if (!archive_release (db, old->id, today, error))
        goto fail;
      stmt = amparo_db_prepare (db,
                                "UPDATE releases SET scope = ?3, purpose = ?4, signed = ?5,"
                                " expires = ?6, form = ?7, revoked = NULL, created_by = ?8"
                                " WHERE id = ?1 AND case_id = ?2;",
                                error);
      if (stmt == NULL)
        goto fail;
      sqlite3_bind_int64 (stmt, 1, old->id);
      sqlite3_bind_int64 (stmt, 2, draft->case_id);
      action = "release.replace";
    }
  else
    {
      stmt = amparo_db_prepare (db,
                                "INSERT INTO releases (case_id, partner_id, scope, purpose, signed,"
                                " expires, form, created_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8);",
                                error);
      if (stmt == NULL)
        goto fail;
      sqlite3_bind_int64 (stmt, 1, draft->case_id);
      sqlite3_bind_int64 (stmt, 2, draft->partner_id);
    }
  sqlite3_bind_text (stmt, 3, scope, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, draft->purpose, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 5, signed_date, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 6, expires, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 7, draft->verbal ? "verbal" : "written", -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 8, amparo_vault_get_user (vault), -1, SQLITE_TRANSIENT);
  if (!amparo_db_step_done (db, stmt, error))
    goto fail;
  id = old != NULL ? old->id : sqlite3_last_insert_rowid (db);

  detail = g_strdup_printf ("release=%" G_GINT64_FORMAT " partner=%" G_GINT64_FORMAT
                            " scope=%s purpose=%s form=%s signed=%s expires=%s",
                            id, draft->partner_id, scope, draft->purpose,
                            draft->verbal ? "verbal" : "written", signed_date, expires);
  if (!amparo_vault_audit (vault, action, draft->case_id, detail, error)
      || !amparo_db_commit (db, error))
    goto fail;
  return id;

fail:
  amparo_db_rollback (db);
  return 0;
}

/**
 * amparo_releases_revoke:
 *
 * Records today as the revocation date. From this moment no form or
 * other use relies on the release. Logged as `release.revoke`.
 */
gboolean
amparo_releases_revoke (AmparoVault *vault,
                        gint64       release_id,
                        GError     **error)
{
  g_autofree char *today = amparo_date_today ();
  g_autofree char *detail = NULL;
  g_autoptr(AmparoRelease) release = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  sqlite3 *db;

  g_return_val_if_fail (AMPARO_IS_VAULT (vault), FALSE);

  if (!amparo_vault_require_role (vault, FALSE, error))
    return FALSE;
  db = amparo_vault_get_cases_db (vault, error);
  if (db == NULL || !amparo_db_begin (db, error))
    return FALSE;
  release = release_for (db, 0, 0, release_id, NULL);
  if (release == NULL)
    {
      g_set_error_literal (error, AMPARO_ERROR, AMPARO_ERROR_NOT_FOUND, _("No such release"));
      goto fail;
    }
  if (release->revoked != NULL)
    {
      g_set_error_literal (error, AMPARO_ERROR, AMPARO_ERROR_INVALID,
                           _("This release has already been revoked"));
      goto fail;
    }
  stmt = amparo_db_prepare (db, "UPDATE releases SET revoked = ?2 WHERE id = ?1;", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, release_id);
  sqlite3_bind_text (stmt, 2, today, -1, SQLITE_TRANSIENT);
  if (!amparo_db_step_done (db, stmt, error))
    goto fail;
  detail = g_strdup_printf ("release=%" G_GINT64_FORMAT " partner=%" G_GINT64_FORMAT,
                            release_id, release->partner_id);
  if (!amparo_vault_audit (vault, "release.revoke", release->case_id, detail, error)
      || !amparo_db_commit (db, error))
    goto fail;
  return TRUE;

fail:
  amparo_db_rollback (db);
  return FALSE;
}

/**
 * amparo_releases_get:
 *
 * Returns: (transfer full): the release, or %NULL with
 *   %AMPARO_ERROR_NOT_FOUND
 */
AmparoRelease *
amparo_releases_get (AmparoVault *vault,
                     gint64       release_id,
                     GError     **error)
{
  g_autoptr(GError) local = NULL;
  AmparoRelease *release;
  sqlite3 *db;

  g_return_val_if_fail (AMPARO_IS_VAULT (vault), NULL);

  db = amparo_vault_get_cases_db (vault, error);
  if (db == NULL)
    return NULL;
  release = release_for (db, 0, 0, release_id, &local);
  if (release == NULL)
    {
      if (local != NULL)
        g_propagate_error (error, g_steal_pointer (&local));
      else
        g_set_error_literal (error, AMPARO_ERROR, AMPARO_ERROR_NOT_FOUND, _("No such release"));
    }
  return release;
}

/**
 * amparo_releases_list:
 * @case_id: a case number, or 0 for every case
 *
 * Returns: (transfer full) (element-type AmparoRelease): by expiry date
 */
GPtrArray *
amparo_releases_list (AmparoVault *vault,
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
    sql = g_strdup_printf ("SELECT " AMPARO_RELEASE_COLUMNS ("r.id") " FROM releases r"
                           AMPARO_RELEASE_JOINS " WHERE r.case_id = %" G_GINT64_FORMAT
                           " ORDER BY r.expires, r.id;", case_id);
  else
    sql = g_strdup ("SELECT " AMPARO_RELEASE_COLUMNS ("r.id") " FROM releases r"
                    AMPARO_RELEASE_JOINS " ORDER BY r.expires, r.id;");
  return amparo_consent_query (db, sql, (gpointer) amparo_consent_release_from_row,
                               (GDestroyNotify) amparo_release_free, NULL, error);
}

/**
 * amparo_releases_expiring:
 * @on_date: `YYYY-MM-DD`, normally today
 * @within_days: how far ahead to look
 *
 * Releases still current on @on_date that end within @within_days.
 *
 * Returns: (transfer full) (element-type AmparoRelease): soonest first
 */
GPtrArray *
amparo_releases_expiring (AmparoVault *vault,
                          const char  *on_date,
                          int          within_days,
                          GError     **error)
{
  g_autofree char *limit = NULL;
  const char *params[3] = { on_date, NULL, NULL };
  sqlite3 *db;

  g_return_val_if_fail (AMPARO_IS_VAULT (vault), NULL);
  g_return_val_if_fail (amparo_date_is_valid (on_date) && within_days >= 0, NULL);

  db = amparo_vault_get_cases_db (vault, error);
  if (db == NULL)
    return NULL;
  params[1] = limit = amparo_consent_add_days (on_date, within_days);
  return amparo_consent_query (db,
                               "SELECT " AMPARO_RELEASE_COLUMNS ("r.id") " FROM releases r"
                               AMPARO_RELEASE_JOINS " WHERE " AMPARO_RELEASES_EXPIRING_WHERE
                               " ORDER BY r.expires, r.id;",
                               (gpointer) amparo_consent_release_from_row,
                               (GDestroyNotify) amparo_release_free, params, error);
}

/**
 * amparo_releases_find_current:
 * @on_date: `YYYY-MM-DD`, the day of use
 *
 * Returns: (transfer full) (nullable): the release from this case to this
 *   partner if it is current on @on_date; %NULL without an error if
 *   there is none
 */
AmparoRelease *
amparo_releases_find_current (AmparoVault *vault,
                              gint64       case_id,
                              gint64       partner_id,
                              const char  *on_date,
                              GError     **error)
{
  g_autoptr(AmparoRelease) release = NULL;
  sqlite3 *db;

  g_return_val_if_fail (AMPARO_IS_VAULT (vault), NULL);
  g_return_val_if_fail (on_date != NULL, NULL);

  db = amparo_vault_get_cases_db (vault, error);
  if (db == NULL)
    return NULL;
  if (!amparo_date_is_valid (on_date))
    return NULL;
  release = release_for (db, case_id, partner_id, 0, error);
  if (release == NULL || amparo_release_state (release, on_date) != AMPARO_RELEASE_CURRENT)
    return NULL;
  return g_steal_pointer (&release);
}

/**
 * amparo_release_covers:
 * @scope_code: a `release_scope` code, such as `identity` or `contact`
 * @on_date: `YYYY-MM-DD`, the day of use; callers pass today
 *
 * Whether this case's release to this partner, evaluated on @on_date,
 * allows sharing @scope_code: it exists, is not revoked, was signed on
 * or before @on_date, expires on or after it, and names @scope_code.
 * Any error (locked vault, unreadable store, bad date) answers %FALSE:
 * when in doubt, nothing identifying is shared.
 */
gboolean
amparo_release_covers (AmparoVault *vault,
                       gint64       case_id,
                       gint64       partner_id,
                       const char  *scope_code,
                       const char  *on_date)
{
  g_autoptr(AmparoRelease) release = NULL;

  g_return_val_if_fail (AMPARO_IS_VAULT (vault), FALSE);

  if (scope_code == NULL || on_date == NULL || amparo_vault_is_locked (vault))
    return FALSE;
  release = amparo_releases_find_current (vault, case_id, partner_id, on_date, NULL);
  return release != NULL && amparo_release_has_scope (release, scope_code);
}
