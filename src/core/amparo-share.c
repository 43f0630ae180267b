/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "AmparoShare"

#include <errno.h>
#include <string.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <sodium.h>

#include "amparo-audit.h"
#include "amparo-cases.h"
#include "amparo-db.h"
#include "amparo-error.h"
#include "amparo-period.h"
#include "amparo-safe-file.h"
#include "amparo-secret.h"
#include "amparo-share.h"
#include "amparo-suppress.h"
#include "amparo-vault.h"

/* The agency side of the sync module (DESIGN 5): trusting a coordinator's
 * card, previewing the summary, and exporting it as a sealed, signed
 * `.amps` file.
 *
 * Only periods of the agreed kind (the period_kind setting, quarters by
 * default) are shared. Overlapping windows would undo suppression: with
 * 2026-Q3 and 2026-H2 both out, a reader subtracts one from the other and
 * gets 2026-Q1..Q2 combined with Q3 removed, cell by cell, and a count
 * hidden in one file reappears as a difference of published ones.
 *
 * The coordinator orders an agency's files for a period by their sequence
 * number (DESIGN 5.3), so a number must never stand for two different
 * files. The export therefore takes its number first, in a transaction of
 * its own that checks and moves export_sequence on (BEGIN IMMEDIATE: two
 * app instances exporting at once get two numbers). Then the file is
 * written, synced and read back, and only then, in one transaction, the
 * exports table gets a row and the audit log an "export" entry.
 *
 * On a failure that returns (full stick, read-only folder, stick pulled)
 * the number is given back, if no other export has taken the next one
 * meanwhile, so the vault is as it was; amparo_safe_file_write_new_full()
 * leaves no file under a final name. Only when the process dies between
 * the two transactions, or the removal of a failed file cannot be made
 * durable, is a number used up: gaps are harmless, only order matters.
 *
 * An export killed while writing leaves a hidden `.part` file; the next
 * export to the same folder removes those older than ten minutes, and
 * nothing else. File names hold the period and random letters only. */

#define STALE_PART_AGE (10 * 60)

typedef struct
{
  sqlite3      *db;
  gboolean      own_db;
  char         *user;
  char         *period;
  char         *to_dir;
  char         *agency_id;
  char         *agency_name;
  int           k;
  int           fy_start_month;
  gint64        sequence;
  char         *sequence_before;  /* export_sequence before this export took its number */
  gboolean      reserved;
  char         *today;
  gint64        coordinator_id;
  char         *coordinator_name;
  char         *coordinator_fingerprint;
  guint8        coordinator_key[AMPARO_BOX_PUBLIC_KEY_BYTES];
  AmparoSecret *sign_sk;
} ShareJob;

static void
share_job_free (ShareJob *job)
{
  if (job->own_db)
    g_clear_pointer (&job->db, amparo_db_close);
  g_free (job->user);
  g_free (job->period);
  g_free (job->to_dir);
  g_free (job->agency_id);
  g_free (job->agency_name);
  g_free (job->sequence_before);
  g_free (job->today);
  g_free (job->coordinator_name);
  g_free (job->coordinator_fingerprint);
  g_clear_pointer (&job->sign_sk, amparo_secret_free);
  g_free (job);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ShareJob, share_job_free)

void
amparo_share_preview_free (AmparoSharePreview *preview)
{
  if (preview == NULL)
    return;
  g_clear_pointer (&preview->summary, amparo_summary_free);
  g_free (preview->payload);
  g_clear_pointer (&preview->exact, amparo_report_free);
  g_clear_pointer (&preview->dropped, g_ptr_array_unref);
  g_free (preview->coordinator_name);
  g_free (preview->coordinator_fingerprint);
  g_free (preview);
}

static gboolean
require_agency (AmparoVault *vault,
                GError     **error)
{
  if (amparo_vault_get_cases_db (vault, error) == NULL)
    return FALSE;
  if (amparo_vault_get_kind (vault) != AMPARO_VAULT_KIND_AGENCY)
    {
      g_set_error_literal (error, AMPARO_ERROR, AMPARO_ERROR_WRONG_KIND,
                           _("This is a coordinator’s vault; summaries are shared from an "
                             "agency’s vault"));
      return FALSE;
    }
  return TRUE;
}

/* ---------------------------------------------------------- coordinator */

static gboolean
load_coordinator (sqlite3  *db,
                  ShareJob *job)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(AmparoCard) card = NULL;

  stmt = amparo_db_prepare (db, "SELECT id, name, public_key FROM coordinators WHERE active = 1"
                                " ORDER BY id DESC LIMIT 1;", NULL);
  if (stmt == NULL || sqlite3_step (stmt) != SQLITE_ROW
      || sqlite3_column_bytes (stmt, 2) != AMPARO_BOX_PUBLIC_KEY_BYTES)
    return FALSE;
  job->coordinator_id = sqlite3_column_int64 (stmt, 0);
  job->coordinator_name = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
  memcpy (job->coordinator_key, sqlite3_column_blob (stmt, 2), AMPARO_BOX_PUBLIC_KEY_BYTES);
  card = amparo_card_new_coordinator (job->coordinator_name, job->coordinator_key);
  job->coordinator_fingerprint = amparo_card_fingerprint (card);
  return TRUE;
}

/**
 * amparo_share_get_coordinator:
 * @out_name: (out) (optional): the trusted coordinator's name
 * @out_fingerprint: (out) (optional): its fingerprint
 *
 * Returns: %TRUE if a coordinator is trusted, else %FALSE with
 *   %AMPARO_ERROR_NO_COORDINATOR
 */
gboolean
amparo_share_get_coordinator (AmparoVault *vault,
                              char       **out_name,
                              char       **out_fingerprint,
                              GError     **error)
{
  g_autoptr(ShareJob) job = g_new0 (ShareJob, 1);

  g_return_val_if_fail (AMPARO_IS_VAULT (vault), FALSE);

  if (!require_agency (vault, error))
    return FALSE;
  if (!load_coordinator (amparo_vault_get_cases_db (vault, NULL), job))
    {
      g_set_error_literal (error, AMPARO_ERROR, AMPARO_ERROR_NO_COORDINATOR,
                           _("No coordinator is trusted yet: add the coordinator’s card first"));
      return FALSE;
    }
  if (out_name != NULL)
    *out_name = g_steal_pointer (&job->coordinator_name);
  if (out_fingerprint != NULL)
    *out_fingerprint = g_steal_pointer (&job->coordinator_fingerprint);
  return TRUE;
}

/**
 * amparo_share_trust_card:
 * @vault: an unlocked agency vault, opened by a supervisor
 * @card_bytes: the coordinator card file's contents
 * @out_fingerprint: (out) (optional): the card's fingerprint
 * @error: return location for an error
 *
 * Makes the coordinator on @card_bytes the one summaries are sealed to,
 * replacing any coordinator trusted before. Show the fingerprint first and
 * let the person compare it with the one the coordinator reads aloud:
 * read it with amparo_card_from_bytes() and amparo_card_fingerprint().
 *
 * Returns: %TRUE, or %FALSE with %AMPARO_ERROR_MALFORMED (not a card),
 *   %AMPARO_ERROR_INVALID (an agency card), %AMPARO_ERROR_NOT_PERMITTED
 *   or %AMPARO_ERROR_WRONG_KIND
 */
gboolean
amparo_share_trust_card (AmparoVault *vault,
                         GBytes      *card_bytes,
                         char       **out_fingerprint,
                         GError     **error)
{
  g_autoptr(AmparoCard) card = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *fingerprint = NULL;
  g_autofree char *today = NULL;
  g_autofree char *detail = NULL;
  sqlite3 *db;

  g_return_val_if_fail (AMPARO_IS_VAULT (vault), FALSE);
  g_return_val_if_fail (card_bytes != NULL, FALSE);

  if (!require_agency (vault, error) || !amparo_vault_require_role (vault, TRUE, error))
    return FALSE;
  card = amparo_card_from_bytes (card_bytes, error);
  if (card == NULL)
    return FALSE;
  if (card->kind != AMPARO_CARD_KIND_COORDINATOR)
    {
      g_set_error_literal (error, AMPARO_ERROR, AMPARO_ERROR_INVALID,
                           _("This is an agency’s card; an agency trusts a coordinator’s card"));
      return FALSE;
    }
  fingerprint = amparo_card_fingerprint (card);
  today = amparo_date_today ();
  detail = g_strdup_printf ("fingerprint=%s", fingerprint);

  db = amparo_vault_get_cases_db (vault, NULL);
  if (!amparo_db_begin (db, error))
    return FALSE;
  if (!amparo_db_exec (db, "UPDATE coordinators SET active = 0;", error))
    goto fail;
  stmt = amparo_db_prepare (db, "INSERT OR REPLACE INTO coordinators (id, name, public_key,"
                                " trusted_at, active) VALUES ((SELECT id FROM coordinators"
                                " WHERE public_key = ?3), ?1, ?3, ?2, 1);", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_text (stmt, 1, card->name, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, today, -1, SQLITE_STATIC);
  sqlite3_bind_blob (stmt, 3, card->key, sizeof card->key, SQLITE_STATIC);
  if (!amparo_db_step_done (db, stmt, error)
      || !amparo_audit_append (db, amparo_vault_get_user (vault), "coordinator.trust", 0, detail,
                               error)
      || !amparo_db_commit (db, error))
    goto fail;

  if (out_fingerprint != NULL)
    *out_fingerprint = g_steal_pointer (&fingerprint);
  return TRUE;

fail:
  amparo_db_rollback (db);
  return FALSE;
}

/* -------------------------------------------------------- agency card */

/**
 * amparo_share_agency_card:
 *
 * The agency's card, for the coordinator to pin its signing key ahead of
 * the first summary.
 *
 * Returns: (transfer full): the card, or %NULL
 */
AmparoCard *
amparo_share_agency_card (AmparoVault *vault,
                          GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *name = NULL;
  g_autofree char *id = NULL;

  g_return_val_if_fail (AMPARO_IS_VAULT (vault), NULL);

  if (!require_agency (vault, error))
    return NULL;
  name = amparo_vault_get_setting (vault, "agency_name");
  id = amparo_vault_get_setting (vault, "agency_id");
  stmt = amparo_db_prepare (amparo_vault_get_cases_db (vault, NULL),
                            "SELECT public FROM signing_key WHERE id = 1;", error);
  if (stmt == NULL)
    return NULL;
  if (sqlite3_step (stmt) != SQLITE_ROW
      || sqlite3_column_bytes (stmt, 0) != AMPARO_SIGN_PUBLIC_KEY_BYTES
      || name == NULL || !amparo_agency_name_is_valid (name)
      || id == NULL || !amparo_agency_id_is_valid (id))
    {
      g_set_error_literal (error, AMPARO_ERROR, AMPARO_ERROR_INTEGRITY,
                           _("The agency’s name, id or signing key is missing or damaged"));
      return NULL;
    }
  return amparo_card_new_agency (name, id, sqlite3_column_blob (stmt, 0));
}

/**
 * amparo_share_write_agency_card:
 * @to_dir: the folder to write to
 * @out_path: (out) (optional): the file written
 *
 * Writes the agency card as `amparo-agency-XXXXXXXX.ampa`.
 */
gboolean
amparo_share_write_agency_card (AmparoVault *vault,
                                const char  *to_dir,
                                char       **out_path,
                                GError     **error)
{
  g_autoptr(AmparoCard) card = amparo_share_agency_card (vault, error);
  g_autoptr(GBytes) bytes = NULL;
  char *json;

  if (card == NULL)
    return FALSE;
  json = amparo_card_to_json (card);
  bytes = g_bytes_new_take (json, strlen (json));
  return amparo_safe_file_write_new (to_dir, "amparo-agency-", ".ampa", bytes, out_path, error);
}

/* ------------------------------------------------------------- jobs */

/**
 * amparo_share_check_period:
 *
 * Whether @period may be shared: a valid period of the kind the agreement
 * sets (the `period_kind` setting, quarters by default).
 *
 * Returns: %TRUE, or %FALSE with %AMPARO_ERROR_INVALID
 */
gboolean
amparo_share_check_period (AmparoVault *vault,
                           const char  *period,
                           GError     **error)
{
  g_autofree char *kind_text = amparo_vault_get_setting (vault, "period_kind");
  AmparoPeriodKind agreed = AMPARO_PERIOD_QUARTER;
  AmparoPeriod p;

  if (!amparo_period_parse (period, &p, error))
    return FALSE;
  if (kind_text != NULL && !amparo_period_kind_from_string (kind_text, &agreed))
    agreed = AMPARO_PERIOD_QUARTER;
  if (p.kind != agreed)
    {
      g_set_error (error, AMPARO_ERROR, AMPARO_ERROR_INVALID,
                   /* Translators: both %s are period kinds: month, quarter, half-year */
                   _("Summaries are shared by %s, as agreed, and this period is a %s: sharing "
                     "periods that overlap would let a reader subtract one from the other"),
                   amparo_period_kind_label (agreed), amparo_period_kind_label (p.kind));
      return FALSE;
    }
  return TRUE;
}

static ShareJob *
share_job_new (AmparoVault *vault,
               const char  *period,
               gboolean     for_export,
               GError     **error)
{
  g_autoptr(ShareJob) job = g_new0 (ShareJob, 1);
  sqlite3 *db;
  gint64 k;

  if (!require_agency (vault, error) || !amparo_share_check_period (vault, period, error))
    return NULL;
  db = amparo_vault_get_cases_db (vault, NULL);

  job->db = db;
  job->user = g_strdup (amparo_vault_get_user (vault));
  job->period = g_strdup (period);
  job->agency_id = amparo_vault_get_setting (vault, "agency_id");
  job->agency_name = amparo_vault_get_setting (vault, "agency_name");
  if (job->agency_id == NULL || !amparo_agency_id_is_valid (job->agency_id)
      || job->agency_name == NULL || !amparo_agency_name_is_valid (job->agency_name))
    {
      g_set_error_literal (error, AMPARO_ERROR, AMPARO_ERROR_INVALID,
                           _("The agency’s name may not be shared as it is: it is empty, too long "
                             "or holds line breaks or control characters"));
      return NULL;
    }
  k = amparo_vault_get_setting_int (vault, "k", AMPARO_K_DEFAULT);
  if (k < AMPARO_K_MIN || k > AMPARO_K_MAX)
    {
      g_set_error (error, AMPARO_ERROR, AMPARO_ERROR_INVALID,
                   _("The smallest count to publish (k) must be between %d and %d"),
                   AMPARO_K_MIN, AMPARO_K_MAX);
      return NULL;
    }
  job->k = (int) k;
  job->fy_start_month = (int) amparo_vault_get_setting_int (vault, "fiscal_year_start_month",
                                                            AMPARO_FISCAL_YEAR_START_DEFAULT);
  job->sequence = amparo_vault_get_setting_int (vault, "export_sequence", 0) + 1;
  job->today = amparo_date_today ();

  if (!load_coordinator (db, job) && for_export)
    {
      g_set_error_literal (error, AMPARO_ERROR, AMPARO_ERROR_NO_COORDINATOR,
                           _("No coordinator is trusted yet: add the coordinator’s card before "
                             "exporting"));
      return NULL;
    }

  if (for_export)
    {
      g_autoptr(sqlite3_stmt) stmt = NULL;

      stmt = amparo_db_prepare (db, "SELECT secret FROM signing_key WHERE id = 1;", error);
      if (stmt == NULL)
        return NULL;
      if (sqlite3_step (stmt) != SQLITE_ROW
          || sqlite3_column_bytes (stmt, 0) != AMPARO_SIGN_SECRET_KEY_BYTES)
        {
          g_set_error_literal (error, AMPARO_ERROR, AMPARO_ERROR_INTEGRITY,
                               _("The agency’s signing key is missing or damaged"));
          return NULL;
        }
      job->sign_sk = amparo_secret_new (AMPARO_SIGN_SECRET_KEY_BYTES);
      memcpy (amparo_secret_get_data_mut (job->sign_sk), sqlite3_column_blob (stmt, 0),
              AMPARO_SIGN_SECRET_KEY_BYTES);
    }
  return g_steal_pointer (&job);
}

/* Hands the job a connection of its own, for a worker thread. */
static gboolean
share_job_detach (ShareJob    *job,
                  AmparoVault *vault,
                  GError     **error)
{
  job->db = amparo_vault_open_extra (vault, FALSE, error);
  job->own_db = job->db != NULL;
  return job->own_db;
}

static AmparoSharePreview *
share_job_preview (ShareJob *job,
                   GError  **error)
{
  g_autoptr(AmparoSharePreview) preview = g_new0 (AmparoSharePreview, 1);
  g_autoptr(AmparoReport) published = NULL;
  g_autoptr(AmparoSummary) check = NULL;
  g_autofree char *again = NULL;
  AmparoSummary *summary;

  preview->exact = amparo_report_build_from_db (job->db, job->period, job->fy_start_month, NULL,
                                                error);
  if (preview->exact == NULL)
    return NULL;
  published = amparo_report_suppressed (preview->exact, job->k);

  summary = preview->summary = amparo_summary_new ();
  summary->agency_id = g_strdup (job->agency_id);
  summary->agency_name = g_strdup (job->agency_name);
  summary->period = g_strdup (published->period);
  summary->k = job->k;
  summary->sequence = job->sequence;
  summary->generated = g_strdup (job->today);
  for (guint i = 0; i < published->tables->len; i++)
    g_ptr_array_add (summary->tables, amparo_table_copy (g_ptr_array_index (published->tables, i)));
  preview->dropped = g_ptr_array_ref (published->dropped);
  preview->coordinator_name = g_strdup (job->coordinator_name);
  preview->coordinator_fingerprint = g_strdup (job->coordinator_fingerprint);

  /* Read it back as the coordinator will, and refuse anything that reader
   * or the suppression check would refuse. */
  preview->payload = amparo_summary_to_json (summary);
  check = amparo_summary_from_json (preview->payload, strlen (preview->payload), error);
  if (check == NULL || !amparo_summary_validate_suppression (check, error))
    return NULL;
  again = amparo_summary_to_json (check);
  if (!g_str_equal (again, preview->payload))
    {
      g_set_error_literal (error, AMPARO_ERROR, AMPARO_ERROR_FAILED,
                           _("The summary did not read back the same; nothing was written"));
      return NULL;
    }
  return g_steal_pointer (&preview);
}

/* Takes the next sequence number and commits it before anything is
 * written: a number that may have reached a drive is never handed out
 * again, even if the process dies before the export is recorded. */
static gboolean
share_job_reserve (ShareJob *job,
                   GError  **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *next = NULL;

  /* BEGIN IMMEDIATE takes the write lock: read and increment are atomic
   * against another instance doing the same */
  if (!amparo_db_begin (job->db, error))
    return FALSE;
  g_clear_pointer (&job->sequence_before, g_free);
  job->sequence_before = amparo_db_query_text (job->db, "SELECT value FROM settings"
                                                        " WHERE key = 'export_sequence';");
  job->sequence = amparo_db_query_int (job->db, "SELECT value FROM settings"
                                                " WHERE key = 'export_sequence';", 0) + 1;
  next = g_strdup_printf ("%" G_GINT64_FORMAT, job->sequence);
  stmt = amparo_db_prepare (job->db, "INSERT OR REPLACE INTO settings (key, value)"
                                     " VALUES ('export_sequence', ?);", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_text (stmt, 1, next, -1, SQLITE_STATIC);
  if (!amparo_db_step_done (job->db, stmt, error) || !amparo_db_commit (job->db, error))
    goto fail;
  job->reserved = TRUE;
  return TRUE;

fail:
  amparo_db_rollback (job->db);
  return FALSE;
}

/* The export failed and its file is surely gone: the number goes back, so
 * the vault is as it was. Compare and set: if another export has taken
 * the next number meanwhile, ours stays a gap. */
static void
share_job_release (ShareJob *job)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *ours = g_strdup_printf ("%" G_GINT64_FORMAT, job->sequence);

  if (!job->reserved)
    return;
  job->reserved = FALSE;
  if (job->sequence_before != NULL)
    stmt = amparo_db_prepare (job->db, "UPDATE settings SET value = ?2"
                                       " WHERE key = 'export_sequence' AND value = ?1;", NULL);
  else
    stmt = amparo_db_prepare (job->db, "DELETE FROM settings"
                                       " WHERE key = 'export_sequence' AND value = ?1;", NULL);
  if (stmt == NULL)
    return;
  sqlite3_bind_text (stmt, 1, ours, -1, SQLITE_STATIC);
  if (job->sequence_before != NULL)
    sqlite3_bind_text (stmt, 2, job->sequence_before, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    g_debug ("Could not give sequence number %" G_GINT64_FORMAT " back: %s", job->sequence,
             sqlite3_errmsg (job->db));
}

/* Removes a written file that could not be recorded; whether it is
 * surely gone from the drive */
static gboolean
remove_written (const char *path)
{
  g_autofree char *dir = g_path_get_dirname (path);

  if (g_unlink (path) != 0 && errno != ENOENT)
    return FALSE;
  return amparo_fsync_directory (dir, NULL);
}

/* The file is written and verified: now, and only now, the vault records
 * it. If that fails the file goes again, so vault and folder agree. */
static gboolean
share_job_record (ShareJob   *job,
                  const char *path,
                  GBytes     *bytes,
                  GError    **error)
{
  g_autoptr(sqlite3_stmt) row = NULL;
  g_autofree char *basename = g_path_get_basename (path);
  g_autofree char *detail = NULL;
  g_autofree char *digest_hex = NULL;
  g_autofree char *check = NULL;
  guint8 digest[crypto_generichash_BYTES];
  gsize len;
  const guint8 *data = g_bytes_get_data (bytes, &len);

  crypto_generichash (digest, sizeof digest, data, len, NULL, 0);
  digest_hex = g_malloc (sizeof digest * 2 + 1);
  sodium_bin2hex (digest_hex, sizeof digest * 2 + 1, digest, sizeof digest);
  detail = g_strdup_printf ("period=%s sequence=%" G_GINT64_FORMAT " digest=%s", job->period,
                            job->sequence, digest_hex);

  if (!amparo_db_begin (job->db, error))
    return FALSE;
  /* The number is still ours: export_sequence has not gone back below it
   * (a restored backup, say) and no recorded export carries it */
  check = g_strdup_printf ("SELECT (SELECT CAST(value AS INTEGER) FROM settings"
                           " WHERE key = 'export_sequence') >= %" G_GINT64_FORMAT
                           " AND NOT EXISTS (SELECT 1 FROM exports WHERE sequence = %"
                           G_GINT64_FORMAT ");", job->sequence, job->sequence);
  if (amparo_db_query_int (job->db, check, 0) != 1)
    {
      g_set_error_literal (error, AMPARO_ERROR, AMPARO_ERROR_FAILED,
                           _("Another summary was exported at the same time; export this one "
                             "again"));
      goto fail;
    }
  row = amparo_db_prepare (job->db, "INSERT INTO exports (period, sequence, generated, file_name,"
                                    " coordinator_id, digest) VALUES (?, ?, ?, ?, ?, ?);", error);
  if (row == NULL)
    goto fail;
  sqlite3_bind_text (row, 1, job->period, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (row, 2, job->sequence);
  sqlite3_bind_text (row, 3, job->today, -1, SQLITE_STATIC);
  sqlite3_bind_text (row, 4, basename, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (row, 5, job->coordinator_id);
  sqlite3_bind_blob (row, 6, digest, sizeof digest, SQLITE_STATIC);
  if (!amparo_db_step_done (job->db, row, error)
      || !amparo_audit_append (job->db, job->user, "export", 0, detail, error)
      || !amparo_db_commit (job->db, error))
    goto fail;
  return TRUE;

fail:
  amparo_db_rollback (job->db);
  return FALSE;
}

static gboolean
share_job_export (ShareJob *job,
                  char    **out_path,
                  GError  **error)
{
  g_autoptr(AmparoSharePreview) preview = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *prefix = NULL;
  g_autofree char *path = NULL;

  gboolean may_remain = FALSE;

  if (!share_job_reserve (job, error))
    return FALSE;
  preview = share_job_preview (job, error);
  if (preview == NULL)
    goto fail;
  bytes = amparo_summary_seal (preview->payload, job->coordinator_key,
                               amparo_secret_get_data (job->sign_sk), error);
  if (bytes == NULL)
    goto fail;

  amparo_safe_file_remove_stale_parts (job->to_dir, ".amps", STALE_PART_AGE);
  /* the period and random letters; never the agency's name */
  prefix = g_strdup_printf ("amparo-%s-", job->period);
  if (!amparo_safe_file_write_new_full (job->to_dir, prefix, ".amps", bytes, &path, &may_remain,
                                        error))
    goto fail;
  if (!share_job_record (job, path, bytes, error))
    {
      may_remain = !remove_written (path);
      goto fail;
    }
  job->reserved = FALSE;
  if (out_path != NULL)
    *out_path = g_steal_pointer (&path);
  return TRUE;

fail:
  /* a file that may still turn up keeps its number for itself */
  if (may_remain)
    g_debug ("A failed summary may remain on the drive; sequence %" G_GINT64_FORMAT " is used up",
             job->sequence);
  else
    share_job_release (job);
  return FALSE;
}

/* ------------------------------------------------------------- public */

/**
 * amparo_share_preview:
 * @vault: an unlocked agency vault (any role)
 * @period: a period of the agreed kind
 * @error: return location for an error
 *
 * Builds exactly the summary amparo_share_export() would seal now,
 * without writing anything: agency id and name, period, k, the next
 * sequence number, today's date and the suppressed tables.
 *
 * Returns: (transfer full): the preview, or %NULL
 */
AmparoSharePreview *
amparo_share_preview (AmparoVault *vault,
                      const char  *period,
                      GError     **error)
{
  g_autoptr(ShareJob) job = NULL;

  g_return_val_if_fail (AMPARO_IS_VAULT (vault), NULL);
  g_return_val_if_fail (period != NULL, NULL);

  job = share_job_new (vault, period, FALSE, error);
  return job != NULL ? share_job_preview (job, error) : NULL;
}

static void
preview_thread (GTask        *task,
                gpointer      source,
                gpointer      data,
                GCancellable *cancellable)
{
  ShareJob *job = data;
  GError *error = NULL;
  AmparoSharePreview *preview = share_job_preview (job, &error);

  g_clear_pointer (&job->db, amparo_db_close);
  if (preview == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, preview, (GDestroyNotify) amparo_share_preview_free);
}

void
amparo_share_preview_async (AmparoVault         *vault,
                            const char          *period,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (vault, cancellable, callback, user_data);
  GError *error = NULL;
  ShareJob *job;

  g_task_set_source_tag (task, amparo_share_preview_async);
  job = share_job_new (vault, period, FALSE, &error);
  if (job == NULL || !share_job_detach (job, vault, &error))
    {
      if (job != NULL)
        share_job_free (job);
      g_task_return_error (task, error);
      return;
    }
  g_task_set_task_data (task, job, (GDestroyNotify) share_job_free);
  g_task_run_in_thread (task, preview_thread);
}

AmparoSharePreview *
amparo_share_preview_finish (GAsyncResult *result,
                             GError      **error)
{
  g_return_val_if_fail (G_IS_TASK (result), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * amparo_share_export:
 * @vault: an unlocked agency vault (any role, the reporting one included)
 * @period: a period of the agreed kind
 * @to_dir: the folder to write to: a USB stick, a shared drive
 * @out_path: (out) (optional): the file written, `amparo-<period>-XXXXXXXX.amps`
 * @error: return location for an error
 *
 * Writes the summary amparo_share_preview() shows, sealed to the trusted
 * coordinator and signed with the agency's key, to a new file in @to_dir;
 * then records it (exports row, audit entry). The sequence number is
 * taken before the file is written, so it is never used for two different
 * files. Nothing is written that the coordinator's reader or suppression
 * check would refuse. On failure the vault is unchanged (the number is
 * given back) and no file is left under a final name. Hidden `.part`
 * files that a killed export left in @to_dir are removed first.
 *
 * Returns: %TRUE, or %FALSE with %AMPARO_ERROR_NO_COORDINATOR,
 *   %AMPARO_ERROR_INVALID (wrong kind of period), %AMPARO_ERROR_IO (the
 *   folder is full, read-only or gone) among others
 */
gboolean
amparo_share_export (AmparoVault *vault,
                     const char  *period,
                     const char  *to_dir,
                     char       **out_path,
                     GError     **error)
{
  g_autoptr(ShareJob) job = NULL;

  g_return_val_if_fail (AMPARO_IS_VAULT (vault), FALSE);
  g_return_val_if_fail (period != NULL && to_dir != NULL, FALSE);

  job = share_job_new (vault, period, TRUE, error);
  if (job == NULL)
    return FALSE;
  job->to_dir = g_strdup (to_dir);
  return share_job_export (job, out_path, error);
}

static void
export_thread (GTask        *task,
               gpointer      source,
               gpointer      data,
               GCancellable *cancellable)
{
  ShareJob *job = data;
  GError *error = NULL;
  char *path = NULL;

  if (!share_job_export (job, &path, &error))
    {
      g_clear_pointer (&job->db, amparo_db_close);
      g_task_return_error (task, error);
      return;
    }
  g_clear_pointer (&job->db, amparo_db_close);
  g_task_return_pointer (task, path, g_free);
}

void
amparo_share_export_async (AmparoVault         *vault,
                           const char          *period,
                           const char          *to_dir,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (vault, cancellable, callback, user_data);
  GError *error = NULL;
  ShareJob *job;

  g_task_set_source_tag (task, amparo_share_export_async);
  job = share_job_new (vault, period, TRUE, &error);
  if (job == NULL || !share_job_detach (job, vault, &error))
    {
      if (job != NULL)
        share_job_free (job);
      g_task_return_error (task, error);
      return;
    }
  job->to_dir = g_strdup (to_dir);
  g_task_set_task_data (task, job, (GDestroyNotify) share_job_free);
  g_task_run_in_thread (task, export_thread);
}

gboolean
amparo_share_export_finish (GAsyncResult *result,
                            char        **out_path,
                            GError      **error)
{
  g_autofree char *path = NULL;

  g_return_val_if_fail (G_IS_TASK (result), FALSE);

  path = g_task_propagate_pointer (G_TASK (result), error);
  if (path == NULL)
    return FALSE;
  if (out_path != NULL)
    *out_path = g_steal_pointer (&path);
  return TRUE;
}

/* ------------------------------------------------------------ history */

void
amparo_share_export_free (AmparoShareExport *item)
{
  if (item == NULL)
    return;
  g_free (item->period);
  g_free (item->generated);
  g_free (item->file_name);
  g_free (item);
}

/**
 * amparo_share_list_exports:
 * @vault: an unlocked agency vault (any role)
 *
 * The summaries exported so far, newest first, so a person can see what
 * was sent and when.
 *
 * Returns: (transfer full) (element-type AmparoShareExport): the list,
 *   or %NULL with @error set
 */
GPtrArray *
amparo_share_list_exports (AmparoVault *vault,
                           GError     **error)
{
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  sqlite3 *db;
  int rc;

  g_return_val_if_fail (AMPARO_IS_VAULT (vault), NULL);

  if (!require_agency (vault, error))
    return NULL;
  db = amparo_vault_get_cases_db (vault, NULL);
  stmt = amparo_db_prepare (db, "SELECT period, sequence, generated, file_name FROM exports"
                                " ORDER BY id DESC;", error);
  if (stmt == NULL)
    return NULL;
  items = g_ptr_array_new_with_free_func ((GDestroyNotify) amparo_share_export_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      AmparoShareExport *item = g_new0 (AmparoShareExport, 1);

      item->period = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      item->sequence = sqlite3_column_int64 (stmt, 1);
      item->generated = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
      item->file_name = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
      g_ptr_array_add (items, item);
    }
  if (rc != SQLITE_DONE)
    {
      amparo_db_set_error (error, db, rc);
      return NULL;
    }
  return g_steal_pointer (&items);
}
