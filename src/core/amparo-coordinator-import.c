/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "AmparoCoordinator"

#include <string.h>

#include <glib/gi18n.h>
#include <sodium.h>

#include "amparo-audit.h"
#include "amparo-coordinator-private.h"
#include "amparo-db.h"
#include "amparo-error.h"
#include "amparo-regional-private.h"
#include "amparo-safe-file.h"
#include "amparo-summary.h"

/* Importing agency summaries (DESIGN 5.3). Each file goes through, in
 * order: a bounded read (refused before allocating past 1 MiB), the
 * sealed box and signature, the strict reader, the suppression rule,
 * the pinned key, then the sequence number against what is already
 * there. Content comes before trust so a coordinator is never asked to
 * trust a key for a file that would be refused anyway.
 *
 * A file is one transaction: the summary, a newly pinned key, the import
 * log row and the audit row are written together or not at all. A
 * refused file writes only its import log and audit rows. Importing many
 * files, each file is a savepoint inside one transaction for the lot,
 * so the disk is synced once, not once a file (200 files took seconds);
 * a crash midway then keeps none of them, and importing again is safe. What is stored
 * is the payload as Amparo writes it (amparo_summary_to_json() of what
 * was read), and its digest decides "the same summary again". */

#define FILE_NAME_MAX_CHARS 255
#define DIGEST_BYTES        32
#define SUMMARY_SUFFIX      ".amps"

typedef struct
{
  sqlite3            *db;
  gboolean            owns_db;
  char               *actor;
  guint8              coord_pk[crypto_box_PUBLICKEYBYTES];
  AmparoSecret       *coord_sk;
  AmparoImportPolicy  policy;
  gboolean            in_batch;   /* inside run_import()'s transaction */
} Importer;

/* A file's transaction, or its savepoint within a batch. */
static gboolean
file_begin (Importer  *imp,
            GError   **error)
{
  if (imp->in_batch)
    return amparo_db_exec (imp->db, "SAVEPOINT summary_file;", error);
  return amparo_db_begin (imp->db, error);
}

static gboolean
file_commit (Importer  *imp,
             GError   **error)
{
  if (imp->in_batch)
    return amparo_db_exec (imp->db, "RELEASE summary_file;", error);
  return amparo_db_commit (imp->db, error);
}

static void
file_rollback (Importer *imp)
{
  if (imp->in_batch)
    amparo_db_exec (imp->db, "ROLLBACK TO summary_file; RELEASE summary_file;", NULL);
  else
    amparo_db_rollback (imp->db);
}

/* One thing to import: a file, or a path that failed before that. */
typedef struct
{
  char   *path;
  GError *error;
} Item;

typedef struct
{
  Importer                 *importer;
  GStrv                     paths;
  AmparoImportProgressFunc  progress;
  gpointer                  progress_data;
} TaskData;

typedef struct
{
  AmparoImportProgressFunc  func;
  gpointer                  data;
  guint                     done;
  guint                     total;
  AmparoImportResult       *result;
} ProgressCall;

static void
importer_free (Importer *imp)
{
  if (imp == NULL)
    return;
  if (imp->owns_db)
    amparo_db_close (imp->db);
  g_free (imp->actor);
  amparo_secret_free (imp->coord_sk);
  g_free (imp);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Importer, importer_free)

static Importer *
importer_new (AmparoVault        *vault,
              AmparoImportPolicy  policy,
              gboolean            own_connection,
              GError            **error)
{
  g_autoptr(Importer) imp = g_new0 (Importer, 1);
  sqlite3 *db;

  db = amparo_coordinator_open_db (vault, policy == AMPARO_IMPORT_POLICY_TRUST_NEW, error);
  if (db == NULL)
    return NULL;
  if (own_connection)
    {
      imp->db = amparo_vault_open_extra (vault, FALSE, error);
      if (imp->db == NULL)
        return NULL;
      imp->owns_db = TRUE;
    }
  else
    imp->db = db;
  if (!amparo_coordinator_load_keys (imp->db, imp->coord_pk, &imp->coord_sk, error))
    return NULL;
  imp->actor = g_strdup (amparo_vault_get_user (vault));
  imp->policy = policy;
  return g_steal_pointer (&imp);
}

static void
item_free (Item *item)
{
  g_free (item->path);
  g_clear_error (&item->error);
  g_free (item);
}

static void
task_data_free (TaskData *data)
{
  importer_free (data->importer);
  g_strfreev (data->paths);
  g_free (data);
}

static void
progress_call_free (ProgressCall *call)
{
  amparo_import_result_free (call->result);
  g_free (call);
}

/* ---------------------------------------------------------- helpers */

/* Only the base name is kept: a folder's path may say whose laptop or
 * stick it is. */
static char *
display_file_name (const char *path)
{
  g_autofree char *name = g_filename_display_basename (path);

  if (g_utf8_strlen (name, -1) > FILE_NAME_MAX_CHARS)
    return g_utf8_substring (name, 0, FILE_NAME_MAX_CHARS);
  return g_steal_pointer (&name);
}

static void
refuse (AmparoImportResult *result,
        GError             *error)
{
  g_assert (error != NULL);
  result->outcome = AMPARO_IMPORT_OUTCOME_REFUSED;
  g_clear_error (&result->error);
  result->error = error;
}

static char *
audit_detail (const AmparoImportResult *result)
{
  GString *detail = g_string_new (amparo_import_outcome_to_string (result->outcome));

  if (result->error != NULL)
    g_string_append_printf (detail, " reason=%s", amparo_import_reason_to_string (result->error));
  if (result->agency_id != NULL)
    g_string_append_printf (detail, " agency=%s period=%s sequence=%" G_GINT64_FORMAT,
                            result->agency_id, result->period, result->sequence);
  if (result->previous_sequence > 0)
    g_string_append_printf (detail, " previous=%" G_GINT64_FORMAT, result->previous_sequence);
  return g_string_free (detail, FALSE);
}

/* Inside the caller's transaction, or on its own. */
static gboolean
log_outcome (Importer                 *imp,
             const AmparoImportResult *result,
             GError                  **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *now = amparo_coordinator_now ();
  g_autofree char *detail = audit_detail (result);

  stmt = amparo_db_prepare (imp->db, "INSERT INTO import_log (at, file_name, agency_id, period,"
                                     " sequence, outcome, reason)"
                                     " VALUES (?, ?, ?, ?, ?, ?, ?);", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, now, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, result->file_name, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, result->agency_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, result->period, -1, SQLITE_STATIC);
  if (result->sequence > 0)
    sqlite3_bind_int64 (stmt, 5, result->sequence);
  else
    sqlite3_bind_null (stmt, 5);
  sqlite3_bind_text (stmt, 6, amparo_import_outcome_to_string (result->outcome), -1,
                     SQLITE_STATIC);
  sqlite3_bind_text (stmt, 7, amparo_import_reason_to_string (result->error), -1, SQLITE_STATIC);
  if (!amparo_db_step_done (imp->db, stmt, error))
    return FALSE;
  return amparo_audit_append (imp->db, imp->actor, "summary.import", 0, detail, error);
}

static void
log_refusal (Importer                 *imp,
             const AmparoImportResult *result)
{
  g_autoptr(GError) error = NULL;

  if (!file_begin (imp, &error) || !log_outcome (imp, result, &error)
      || !file_commit (imp, &error))
    {
      file_rollback (imp);
      g_warning ("A refused summary could not be logged: %s", error->message);
    }
}

/* ----------------------------------------------------- trust, sequence */

/* Pinned key check; on success the result names the agency as pinned. */
static gboolean
check_agency (Importer           *imp,
              gboolean            dry_run,
              AmparoImportResult *result,
              GError            **error)
{
  guint8 pinned[crypto_sign_PUBLICKEYBYTES];
  g_autofree char *name = NULL;
  g_autofree char *owner = NULL;

  switch (amparo_coordinator_lookup_agency (imp->db, result->agency_id, &name, pinned, error))
    {
    case AGENCY_LOOKUP_FAILED:
      return FALSE;
    case AGENCY_FOUND:
      if (sodium_memcmp (pinned, result->sign_key, sizeof pinned) != 0)
        {
          g_autofree char *expected = amparo_fingerprint (pinned, sizeof pinned);

          g_set_error (error, AMPARO_ERROR, AMPARO_ERROR_KEY_CHANGED,
                       _("The summary is signed with key %s, not with the key %s trusted for "
                         "this agency. It may be forged; it was not imported."),
                       result->fingerprint, expected);
          return FALSE;
        }
      g_free (result->agency_name);
      result->agency_name = g_steal_pointer (&name);
      return TRUE;
    case AGENCY_UNKNOWN:
    default:
      break;
    }

  switch (amparo_coordinator_lookup_key (imp->db, result->sign_key, &owner, error))
    {
    case AGENCY_LOOKUP_FAILED:
      return FALSE;
    case AGENCY_FOUND:
      g_set_error_literal (error, AMPARO_ERROR, AMPARO_ERROR_KEY_CHANGED,
                           _("The summary is signed with a key trusted for another agency, under "
                             "a new agency id. It was not imported."));
      return FALSE;
    case AGENCY_UNKNOWN:
    default:
      break;
    }

  if (imp->policy != AMPARO_IMPORT_POLICY_TRUST_NEW)
    {
      g_set_error (error, AMPARO_ERROR, AMPARO_ERROR_UNKNOWN_AGENCY,
                   _("The summary comes from an agency that is not trusted yet, signed with the "
                     "key whose fingerprint is %s. Compare it with the fingerprint the agency "
                     "reads out, then import the file again, trusting it."),
                   result->fingerprint);
      return FALSE;
    }
  if (!dry_run
      && !amparo_coordinator_insert_agency (imp->db, imp->actor, result->agency_id,
                                            result->file_agency_name, result->sign_key,
                                            "import", error))
    return FALSE;
  result->agency_pinned = TRUE;
  return TRUE;
}

/* What is there for this agency and period decides the outcome. */
static gboolean
check_sequence (Importer           *imp,
                const guint8        digest[DIGEST_BYTES],
                AmparoImportResult *result,
                GError            **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gint64 old;
  int rc;

  stmt = amparo_db_prepare (imp->db, "SELECT sequence, digest FROM summaries"
                                     " WHERE agency_id = ? AND period = ?;", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, result->agency_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, result->period, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    {
      result->outcome = AMPARO_IMPORT_OUTCOME_IMPORTED;
      return TRUE;
    }
  if (rc != SQLITE_ROW)
    {
      amparo_db_set_error (error, imp->db, rc);
      return FALSE;
    }

  old = sqlite3_column_int64 (stmt, 0);
  result->previous_sequence = old;
  if (sqlite3_column_bytes (stmt, 1) == DIGEST_BYTES
      && sodium_memcmp (sqlite3_column_blob (stmt, 1), digest, DIGEST_BYTES) == 0)
    {
      result->outcome = AMPARO_IMPORT_OUTCOME_ALREADY_IMPORTED;
      return TRUE;
    }
  if (result->sequence > old)
    {
      result->outcome = AMPARO_IMPORT_OUTCOME_REPLACED;
      return TRUE;
    }
  if (result->sequence == old)
    g_set_error (error, AMPARO_ERROR, AMPARO_ERROR_CONFLICT,
                 _("A different summary of this period with the same sequence number (%lld) is "
                   "already imported. Ask the agency to export the period again."),
                 (long long) old);
  else
    g_set_error (error, AMPARO_ERROR, AMPARO_ERROR_STALE,
                 _("A later export of this period (sequence %lld) is already imported; this "
                   "older one (sequence %lld) was refused."),
                 (long long) old, (long long) result->sequence);
  return FALSE;
}

static gboolean
store_summary (Importer            *imp,
               const AmparoSummary *summary,
               const char          *payload,
               const guint8         digest[DIGEST_BYTES],
               AmparoImportOutcome  outcome,
               GError             **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *now = amparo_coordinator_now ();

  if (outcome == AMPARO_IMPORT_OUTCOME_IMPORTED)
    stmt = amparo_db_prepare (imp->db, "INSERT INTO summaries (sequence, k, generated, payload,"
                                       " digest, imported_at, agency_id, period)"
                                       " VALUES (?, ?, ?, ?, ?, ?, ?, ?);", error);
  else
    stmt = amparo_db_prepare (imp->db, "UPDATE summaries SET sequence = ?, k = ?, generated = ?,"
                                       " payload = ?, digest = ?, imported_at = ?"
                                       " WHERE agency_id = ? AND period = ?;", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, summary->sequence);
  sqlite3_bind_int (stmt, 2, summary->k);
  sqlite3_bind_text (stmt, 3, summary->generated, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, payload, -1, SQLITE_STATIC);
  sqlite3_bind_blob (stmt, 5, digest, DIGEST_BYTES, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 6, now, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 7, summary->agency_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 8, summary->period, -1, SQLITE_STATIC);
  if (!amparo_db_step_done (imp->db, stmt, error))
    return FALSE;

  /* Its tables too, as just checked, for the combined report. */
  g_clear_pointer (&stmt, sqlite3_finalize);
  stmt = amparo_db_prepare (imp->db, "SELECT id FROM summaries WHERE agency_id = ?"
                                     " AND period = ?;", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, summary->agency_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, summary->period, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      amparo_db_set_error (error, imp->db, sqlite3_errcode (imp->db));
      return FALSE;
    }
  return amparo_summary_tables_store (imp->db, sqlite3_column_int64 (stmt, 0), summary, error);
}

/* --------------------------------------------------------- one file */

/* Everything that needs no database: read, open, parse, suppression. */
static AmparoSummary *
read_summary (Importer           *imp,
              const char         *path,
              AmparoImportResult *result,
              GError            **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(AmparoSummary) summary = NULL;
  g_autofree char *payload = NULL;

  bytes = amparo_safe_file_read (path, AMPARO_SUMMARY_MAX_SIZE, error);
  if (bytes == NULL)
    return NULL;
  if (!amparo_summary_open (bytes, imp->coord_pk, amparo_secret_get_data (imp->coord_sk),
                            &payload, result->sign_key, error))
    return NULL;
  result->has_sign_key = TRUE;
  result->fingerprint = amparo_fingerprint (result->sign_key, sizeof result->sign_key);

  summary = amparo_summary_from_json (payload, strlen (payload), error);
  if (summary == NULL)
    return NULL;
  result->agency_id = g_strdup (summary->agency_id);
  result->agency_name = g_strdup (summary->agency_name);
  result->file_agency_name = g_strdup (summary->agency_name);
  result->period = g_strdup (summary->period);
  result->sequence = summary->sequence;

  if (!amparo_summary_validate_suppression (summary, error))
    return NULL;
  return g_steal_pointer (&summary);
}

/* Fills @result; with @dry_run nothing at all is written. Returns the
 * canonical payload once the file was read, even if refused later. */
static char *
import_one (Importer           *imp,
            const char         *path,
            gboolean            dry_run,
            AmparoImportResult *result)
{
  g_autoptr(AmparoSummary) summary = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *payload = NULL;
  guint8 digest[DIGEST_BYTES];

  amparo_import_result_clear (result);
  result->path = g_strdup (path);
  result->file_name = display_file_name (path);

  summary = read_summary (imp, path, result, &error);
  if (summary == NULL)
    goto refused;

  payload = amparo_summary_to_json (summary);
  crypto_generichash (digest, sizeof digest, (const guint8 *) payload, strlen (payload), NULL, 0);

  if (!dry_run && !file_begin (imp, &error))
    goto refused;
  if (!check_agency (imp, dry_run, result, &error)
      || !check_sequence (imp, digest, result, &error))
    goto rollback;
  if (dry_run)
    return g_steal_pointer (&payload);

  if ((result->outcome == AMPARO_IMPORT_OUTCOME_IMPORTED
       || result->outcome == AMPARO_IMPORT_OUTCOME_REPLACED)
      && !store_summary (imp, summary, payload, digest, result->outcome, &error))
    goto rollback;
  if (!log_outcome (imp, result, &error) || !file_commit (imp, &error))
    goto rollback;
  return g_steal_pointer (&payload);

rollback:
  if (!dry_run)
    file_rollback (imp);
  /* A key pinned in the rolled-back transaction is not pinned. */
  result->agency_pinned = FALSE;
refused:
  refuse (result, g_steal_pointer (&error));
  if (!dry_run)
    log_refusal (imp, result);
  return g_steal_pointer (&payload);
}

/* --------------------------------------------------------- many files */

static gboolean
is_summary_file_name (const char *name)
{
  gsize len = strlen (name);
  gsize suffix = strlen (SUMMARY_SUFFIX);

  /* Hidden files include the ones other systems leave on sticks
   * ("._x.amps"); a .part is a write that never finished. */
  return name[0] != '.' && len > suffix
         && g_ascii_strcasecmp (name + len - suffix, SUMMARY_SUFFIX) == 0;
}

static int
compare_paths (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static void
add_item (GPtrArray  *items,
          const char *path,
          GError     *error)
{
  Item *item = g_new0 (Item, 1);

  item->path = g_strdup (path);
  item->error = error;
  g_ptr_array_add (items, item);
}

/* Files are imported as given; folders give their *.amps files, not
 * recursively, in name order. */
static GPtrArray *
expand_paths (const char * const *paths)
{
  GPtrArray *items = g_ptr_array_new_with_free_func ((GDestroyNotify) item_free);

  for (guint i = 0; paths[i] != NULL; i++)
    {
      g_autoptr(GDir) dir = NULL;
      g_autoptr(GPtrArray) names = NULL;
      g_autoptr(GError) error = NULL;
      const char *name;

      if (!g_file_test (paths[i], G_FILE_TEST_IS_DIR))
        {
          add_item (items, paths[i], NULL);
          continue;
        }
      dir = g_dir_open (paths[i], 0, &error);
      if (dir == NULL)
        {
          add_item (items, paths[i],
                    g_error_new (AMPARO_ERROR, AMPARO_ERROR_IO,
                                 _("The folder could not be read: %s."), error->message));
          continue;
        }
      names = g_ptr_array_new_with_free_func (g_free);
      while ((name = g_dir_read_name (dir)) != NULL)
        if (is_summary_file_name (name))
          g_ptr_array_add (names, g_build_filename (paths[i], name, NULL));
      g_ptr_array_sort (names, compare_paths);
      for (guint j = 0; j < names->len; j++)
        if (g_file_test (g_ptr_array_index (names, j), G_FILE_TEST_IS_REGULAR))
          add_item (items, g_ptr_array_index (names, j), NULL);
    }
  return items;
}

static GPtrArray *
run_import (Importer                 *imp,
            const char * const       *paths,
            AmparoImportProgressFunc  progress,
            gpointer                  progress_data,
            GCancellable             *cancellable,
            GError                  **error)
{
  g_autoptr(GPtrArray) items = expand_paths (paths);
  g_autoptr(GPtrArray) results = NULL;

  results = g_ptr_array_new_with_free_func ((GDestroyNotify) amparo_import_result_free);
  /* one transaction for the lot when there is more than one file; if it
   * cannot start, each file has its own */
  imp->in_batch = items->len > 1 && amparo_db_begin (imp->db, NULL);
  for (guint i = 0; i < items->len; i++)
    {
      Item *item = g_ptr_array_index (items, i);
      AmparoImportResult *result = amparo_import_result_new ();

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        {
          amparo_import_result_free (result);
          /* the files done so far are whole: keep them */
          if (imp->in_batch && !amparo_db_commit (imp->db, NULL))
            amparo_db_rollback (imp->db);
          imp->in_batch = FALSE;
          return NULL;
        }
      if (item->error != NULL)
        {
          result->path = g_strdup (item->path);
          result->file_name = display_file_name (item->path);
          refuse (result, g_error_copy (item->error));
          log_refusal (imp, result);
        }
      else
        g_free (import_one (imp, item->path, FALSE, result));
      g_ptr_array_add (results, result);
      if (progress != NULL)
        progress (i + 1, items->len, result, progress_data);
    }
  if (imp->in_batch)
    {
      imp->in_batch = FALSE;
      if (!amparo_db_commit (imp->db, error))
        {
          amparo_db_rollback (imp->db);
          return NULL;
        }
    }
  return g_steal_pointer (&results);
}

/* ----------------------------------------------------------- async */

static gboolean
progress_call_cb (gpointer data)
{
  ProgressCall *call = data;

  call->func (call->done, call->total, call->result, call->data);
  return G_SOURCE_REMOVE;
}

/* In the worker: hands a copy of the result to the caller's context. */
static void
thread_progress_cb (guint                     done,
                    guint                     total,
                    const AmparoImportResult *result,
                    gpointer                  user_data)
{
  GTask *task = user_data;
  TaskData *data = g_task_get_task_data (task);
  ProgressCall *call = g_new0 (ProgressCall, 1);

  call->func = data->progress;
  call->data = data->progress_data;
  call->done = done;
  call->total = total;
  call->result = amparo_import_result_copy (result);
  g_main_context_invoke_full (g_task_get_context (task), G_PRIORITY_DEFAULT, progress_call_cb,
                              call, (GDestroyNotify) progress_call_free);
}

static void
import_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  TaskData *data = task_data;
  GError *error = NULL;
  GPtrArray *results;

  results = run_import (data->importer, (const char * const *) data->paths,
                        data->progress != NULL ? thread_progress_cb : NULL, task, cancellable,
                        &error);
  /* The worker's connection holds the store's key: close it now rather
   * than when the task is finalized. */
  g_clear_pointer (&data->importer, importer_free);
  if (results == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, results, (GDestroyNotify) g_ptr_array_unref);
}

/* ---------------------------------------------------------- public API */

/**
 * amparo_coordinator_import_file:
 * @vault: an unlocked coordinator vault
 * @path: an `.amps` file
 * @policy: whether an agency seen for the first time is trusted
 * @result: (out caller-allocates): what happened; clear it with
 *   amparo_import_result_clear()
 * @error: return location for the reason of a refusal
 *
 * Imports one agency summary (DESIGN 5.3), logging the outcome in the
 * import log and the audit log. A refused file changes nothing else.
 *
 * Returns: %TRUE if the file was imported, replaced an older export or
 *   was imported already; else %FALSE with the reason in @error and in
 *   @result: %AMPARO_ERROR_TOO_LARGE, %AMPARO_ERROR_NOT_FOUND,
 *   %AMPARO_ERROR_IO, %AMPARO_ERROR_MALFORMED, %AMPARO_ERROR_NOT_FOR_US,
 *   %AMPARO_ERROR_BAD_SIGNATURE, %AMPARO_ERROR_SUPPRESSION,
 *   %AMPARO_ERROR_UNKNOWN_AGENCY, %AMPARO_ERROR_KEY_CHANGED,
 *   %AMPARO_ERROR_STALE, %AMPARO_ERROR_CONFLICT; or the vault's own
 *   errors (%AMPARO_ERROR_LOCKED, %AMPARO_ERROR_WRONG_KIND, …)
 */
gboolean
amparo_coordinator_import_file (AmparoVault        *vault,
                                const char         *path,
                                AmparoImportPolicy  policy,
                                AmparoImportResult *result,
                                GError            **error)
{
  g_autoptr(Importer) imp = NULL;
  GError *local = NULL;

  g_return_val_if_fail (AMPARO_IS_VAULT (vault), FALSE);
  g_return_val_if_fail (path != NULL && result != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  amparo_import_result_clear (result);
  imp = importer_new (vault, policy, FALSE, &local);
  if (imp == NULL)
    {
      result->path = g_strdup (path);
      result->file_name = display_file_name (path);
      refuse (result, g_error_copy (local));
      g_propagate_error (error, local);
      return FALSE;
    }
  g_free (import_one (imp, path, FALSE, result));
  if (result->error != NULL)
    {
      g_propagate_error (error, g_error_copy (result->error));
      return FALSE;
    }
  return TRUE;
}

/**
 * amparo_coordinator_inspect_file:
 * @vault: an unlocked coordinator vault
 * @path: an `.amps` file
 * @out_payload_json: (out) (optional) (transfer full): the verified payload
 * @result: (out caller-allocates): what importing it would do now
 * @error: return location for an error
 *
 * Opens, verifies and reads a summary without importing or logging
 * anything. Whether its agency is trusted and how its sequence number
 * compares are not checked here but reported in @result (its outcome and
 * error say what amparo_coordinator_import_file() would do with
 * %AMPARO_IMPORT_POLICY_KNOWN_ONLY).
 *
 * Returns: %TRUE if the file is a summary for this coordinator, signed by
 *   the key it carries, well formed and suppressed as the rule asks; else
 *   %FALSE with the errors of amparo_coordinator_import_file()
 */
gboolean
amparo_coordinator_inspect_file (AmparoVault         *vault,
                                 const char          *path,
                                 char               **out_payload_json,
                                 AmparoImportResult  *result,
                                 GError             **error)
{
  g_autoptr(Importer) imp = NULL;
  g_autofree char *payload = NULL;
  GError *local = NULL;

  g_return_val_if_fail (AMPARO_IS_VAULT (vault), FALSE);
  g_return_val_if_fail (path != NULL && result != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  amparo_import_result_clear (result);
  imp = importer_new (vault, AMPARO_IMPORT_POLICY_KNOWN_ONLY, FALSE, &local);
  if (imp == NULL)
    {
      result->path = g_strdup (path);
      result->file_name = display_file_name (path);
      refuse (result, g_error_copy (local));
      g_propagate_error (error, local);
      return FALSE;
    }
  payload = import_one (imp, path, TRUE, result);
  /* Refusals for trust or sequence leave the file verified. */
  if (result->error != NULL
      && (payload == NULL
          || !(g_error_matches (result->error, AMPARO_ERROR, AMPARO_ERROR_UNKNOWN_AGENCY)
               || g_error_matches (result->error, AMPARO_ERROR, AMPARO_ERROR_KEY_CHANGED)
               || g_error_matches (result->error, AMPARO_ERROR, AMPARO_ERROR_STALE)
               || g_error_matches (result->error, AMPARO_ERROR, AMPARO_ERROR_CONFLICT))))
    {
      g_propagate_error (error, g_error_copy (result->error));
      return FALSE;
    }
  if (!amparo_vault_audit (vault, "summary.inspect", 0, NULL, error))
    return FALSE;
  if (out_payload_json != NULL)
    *out_payload_json = g_steal_pointer (&payload);
  return TRUE;
}

/**
 * amparo_coordinator_import_paths:
 * @vault: an unlocked coordinator vault
 * @paths: (array zero-terminated=1): files and folders; a folder gives its
 *   `*.amps` files (not those of its subfolders; hidden files skipped)
 * @policy: whether agencies seen for the first time are trusted
 * @progress: (nullable) (scope call): called after each file
 * @progress_data: data for @progress
 * @cancellable: (nullable): checked between files
 * @error: return location for an error
 *
 * Imports every file in turn, as amparo_coordinator_import_file(): one
 * refused file never stops the others.
 *
 * Returns: (transfer container) (element-type AmparoImportResult): one
 *   result per file (possibly none), or %NULL with an error if the vault
 *   cannot import at all or @cancellable was cancelled (files handled
 *   until then stay imported)
 */
GPtrArray *
amparo_coordinator_import_paths (AmparoVault               *vault,
                                 const char * const        *paths,
                                 AmparoImportPolicy         policy,
                                 AmparoImportProgressFunc   progress,
                                 gpointer                   progress_data,
                                 GCancellable              *cancellable,
                                 GError                   **error)
{
  g_autoptr(Importer) imp = NULL;

  g_return_val_if_fail (AMPARO_IS_VAULT (vault), NULL);
  g_return_val_if_fail (paths != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  imp = importer_new (vault, policy, FALSE, error);
  if (imp == NULL)
    return NULL;
  return run_import (imp, paths, progress, progress_data, cancellable, error);
}

/**
 * amparo_coordinator_import_paths_async:
 * @vault: an unlocked coordinator vault
 * @paths: (array zero-terminated=1): as amparo_coordinator_import_paths()
 * @policy: whether agencies seen for the first time are trusted
 * @progress: (nullable) (scope notified): called in the caller's
 *   thread-default main context after each file, with a copy of its result
 * @progress_data: data for @progress; it must live until @callback runs
 * @cancellable: (nullable): checked between files
 * @callback: called when done
 * @user_data: data for @callback
 *
 * amparo_coordinator_import_paths() in a worker thread, on a connection
 * of its own. Cancel it and wait for @callback before locking the vault.
 */
void
amparo_coordinator_import_paths_async (AmparoVault               *vault,
                                       const char * const        *paths,
                                       AmparoImportPolicy         policy,
                                       AmparoImportProgressFunc   progress,
                                       gpointer                   progress_data,
                                       GCancellable              *cancellable,
                                       GAsyncReadyCallback        callback,
                                       gpointer                   user_data)
{
  g_autoptr(GTask) task = NULL;
  GError *error = NULL;
  TaskData *data;

  g_return_if_fail (AMPARO_IS_VAULT (vault));
  g_return_if_fail (paths != NULL);

  task = g_task_new (vault, cancellable, callback, user_data);
  g_task_set_source_tag (task, amparo_coordinator_import_paths_async);
  data = g_new0 (TaskData, 1);
  data->paths = g_strdupv ((char **) paths);
  data->progress = progress;
  data->progress_data = progress_data;
  g_task_set_task_data (task, data, (GDestroyNotify) task_data_free);

  data->importer = importer_new (vault, policy, TRUE, &error);
  if (data->importer == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_run_in_thread (task, import_thread);
}

/**
 * amparo_coordinator_import_paths_finish:
 * @vault: the vault
 * @result: the #GAsyncResult
 * @error: return location for an error
 *
 * Returns: (transfer container) (element-type AmparoImportResult): as
 *   amparo_coordinator_import_paths()
 */
GPtrArray *
amparo_coordinator_import_paths_finish (AmparoVault   *vault,
                                        GAsyncResult  *result,
                                        GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, vault), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
