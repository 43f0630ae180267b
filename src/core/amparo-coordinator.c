/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "AmparoCoordinator"

#include <string.h>

#include <glib/gi18n.h>
#include <sodium.h>

#include "amparo-audit.h"
#include "amparo-card.h"
#include "amparo-coordinator-private.h"
#include "amparo-db.h"
#include "amparo-error.h"
#include "amparo-summary.h"

/* The coordinator's side of the sync module (DESIGN 5.2, 5.3): its card,
 * the agencies whose signing keys it pinned, and what was imported. The
 * import itself is in amparo-coordinator-import.c.
 *
 * An agency's display name is the one pinned with its key (from its card,
 * or from its first summary when the person confirmed the fingerprint).
 * A later summary never renames it: the name the coordinator checked is
 * the name shown in every report, so no agency can make its figures
 * appear under another's name. amparo_coordinator_rename_agency() is for
 * the coordinator to change it on purpose. */

G_DEFINE_BOXED_TYPE (AmparoImportResult, amparo_import_result,
                     amparo_import_result_copy, amparo_import_result_free)

/* ----------------------------------------------------------- results */

AmparoImportResult *
amparo_import_result_new (void)
{
  return g_new0 (AmparoImportResult, 1);
}

AmparoImportResult *
amparo_import_result_copy (const AmparoImportResult *result)
{
  AmparoImportResult *copy;

  g_return_val_if_fail (result != NULL, NULL);

  copy = g_memdup2 (result, sizeof *result);
  copy->path = g_strdup (result->path);
  copy->file_name = g_strdup (result->file_name);
  copy->error = result->error != NULL ? g_error_copy (result->error) : NULL;
  copy->agency_id = g_strdup (result->agency_id);
  copy->agency_name = g_strdup (result->agency_name);
  copy->file_agency_name = g_strdup (result->file_agency_name);
  copy->period = g_strdup (result->period);
  copy->fingerprint = g_strdup (result->fingerprint);
  return copy;
}

/**
 * amparo_import_result_clear:
 * @result: a result on the stack or inside another structure
 *
 * Frees what @result holds and zeroes it, ready for reuse.
 */
void
amparo_import_result_clear (AmparoImportResult *result)
{
  if (result == NULL)
    return;
  g_free (result->path);
  g_free (result->file_name);
  g_clear_error (&result->error);
  g_free (result->agency_id);
  g_free (result->agency_name);
  g_free (result->file_agency_name);
  g_free (result->period);
  g_free (result->fingerprint);
  memset (result, 0, sizeof *result);
}

void
amparo_import_result_free (AmparoImportResult *result)
{
  if (result == NULL)
    return;
  amparo_import_result_clear (result);
  g_free (result);
}

/**
 * amparo_import_result_is_ok:
 * @result: a result
 *
 * Returns: whether the file is now imported: imported, replaced or
 *   already there
 */
gboolean
amparo_import_result_is_ok (const AmparoImportResult *result)
{
  g_return_val_if_fail (result != NULL, FALSE);

  return result->outcome != AMPARO_IMPORT_OUTCOME_REFUSED;
}

/**
 * amparo_import_outcome_to_string:
 * @outcome: an outcome
 *
 * Returns: the stable word stored in the import log (`imported`,
 *   `replaced`, `already_imported`, `refused`); not translated
 */
const char *
amparo_import_outcome_to_string (AmparoImportOutcome outcome)
{
  switch (outcome)
    {
    case AMPARO_IMPORT_OUTCOME_IMPORTED:
      return "imported";
    case AMPARO_IMPORT_OUTCOME_REPLACED:
      return "replaced";
    case AMPARO_IMPORT_OUTCOME_ALREADY_IMPORTED:
      return "already_imported";
    case AMPARO_IMPORT_OUTCOME_REFUSED:
    default:
      return "refused";
    }
}

/**
 * amparo_import_reason_to_string:
 * @error: (nullable): why a file was refused
 *
 * Returns: (nullable): the stable reason code stored in the import log
 *   (`not_for_us`, `bad_signature`, `key_changed`, `stale`, …), or %NULL
 *   without an error; not translated
 */
const char *
amparo_import_reason_to_string (const GError *error)
{
  static const struct { AmparoError code; const char *reason; } reasons[] = {
    { AMPARO_ERROR_TOO_LARGE, "too_large" },
    { AMPARO_ERROR_MALFORMED, "malformed" },
    { AMPARO_ERROR_NOT_FOR_US, "not_for_us" },
    { AMPARO_ERROR_BAD_SIGNATURE, "bad_signature" },
    { AMPARO_ERROR_KEY_CHANGED, "key_changed" },
    { AMPARO_ERROR_UNKNOWN_AGENCY, "unknown_agency" },
    { AMPARO_ERROR_STALE, "stale" },
    { AMPARO_ERROR_CONFLICT, "conflict" },
    { AMPARO_ERROR_SUPPRESSION, "suppression" },
    { AMPARO_ERROR_NOT_FOUND, "not_found" },
    { AMPARO_ERROR_IO, "io" },
  };

  if (error == NULL)
    return NULL;
  if (error->domain == AMPARO_ERROR)
    for (guint i = 0; i < G_N_ELEMENTS (reasons); i++)
      if (reasons[i].code == (AmparoError) error->code)
        return reasons[i].reason;
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return "cancelled";
  return "failed";
}

void
amparo_agency_info_free (AmparoAgencyInfo *info)
{
  if (info == NULL)
    return;
  g_free (info->id);
  g_free (info->name);
  g_free (info->fingerprint);
  g_free (info->pinned_at);
  g_free (info);
}

void
amparo_import_log_entry_free (AmparoImportLogEntry *entry)
{
  if (entry == NULL)
    return;
  g_free (entry->at);
  g_free (entry->file_name);
  g_free (entry->agency_id);
  g_free (entry->agency_name);
  g_free (entry->period);
  g_free (entry->outcome);
  g_free (entry->reason);
  g_free (entry);
}

/* ---------------------------------------------------------- internals */

char *
amparo_coordinator_now (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  return g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");
}

/* The coded store of an unlocked coordinator vault. @will_pin: the call
 * may pin a key, a trust decision the reporting role does not make. */
sqlite3 *
amparo_coordinator_open_db (AmparoVault *vault,
                            gboolean     will_pin,
                            GError     **error)
{
  sqlite3 *db = amparo_vault_get_cases_db (vault, error);

  if (db == NULL)
    return NULL;
  if (amparo_vault_get_kind (vault) != AMPARO_VAULT_KIND_COORDINATOR)
    {
      g_set_error_literal (error, AMPARO_ERROR, AMPARO_ERROR_WRONG_KIND,
                           _("This is an agency’s vault; only a coordinator’s vault imports "
                             "summaries."));
      return NULL;
    }
  if (will_pin && !amparo_vault_require_role (vault, FALSE, error))
    return NULL;
  return db;
}

gboolean
amparo_coordinator_load_keys (sqlite3       *db,
                              guint8         pk[32],
                              AmparoSecret **sk,
                              GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = amparo_db_prepare (db, "SELECT public, secret FROM coordinator_key WHERE id = 1;", error);
  if (stmt == NULL)
    return FALSE;
  if (sqlite3_step (stmt) != SQLITE_ROW
      || sqlite3_column_bytes (stmt, 0) != crypto_box_PUBLICKEYBYTES
      || sqlite3_column_bytes (stmt, 1) != crypto_box_SECRETKEYBYTES)
    {
      g_set_error_literal (error, AMPARO_ERROR, AMPARO_ERROR_DAMAGED_DATABASE,
                           _("The coordinator’s key is missing from the vault."));
      return FALSE;
    }
  memcpy (pk, sqlite3_column_blob (stmt, 0), crypto_box_PUBLICKEYBYTES);
  *sk = amparo_secret_new (crypto_box_SECRETKEYBYTES);
  memcpy (amparo_secret_get_data_mut (*sk), sqlite3_column_blob (stmt, 1),
          crypto_box_SECRETKEYBYTES);
  return TRUE;
}

AgencyLookup
amparo_coordinator_lookup_agency (sqlite3    *db,
                                  const char *agency_id,
                                  char      **out_name,
                                  guint8      out_key[32],
                                  GError    **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  stmt = amparo_db_prepare (db, "SELECT name, sign_key FROM agencies WHERE id = ?;", error);
  if (stmt == NULL)
    return AGENCY_LOOKUP_FAILED;
  sqlite3_bind_text (stmt, 1, agency_id, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    return AGENCY_UNKNOWN;
  if (rc != SQLITE_ROW)
    {
      amparo_db_set_error (error, db, rc);
      return AGENCY_LOOKUP_FAILED;
    }
  if (sqlite3_column_bytes (stmt, 1) != crypto_sign_PUBLICKEYBYTES)
    {
      g_set_error_literal (error, AMPARO_ERROR, AMPARO_ERROR_DAMAGED_DATABASE,
                           _("An agency’s pinned key is damaged in the vault."));
      return AGENCY_LOOKUP_FAILED;
    }
  if (out_name != NULL)
    *out_name = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  if (out_key != NULL)
    memcpy (out_key, sqlite3_column_blob (stmt, 1), crypto_sign_PUBLICKEYBYTES);
  return AGENCY_FOUND;
}

AgencyLookup
amparo_coordinator_lookup_key (sqlite3      *db,
                               const guint8  key[32],
                               char        **out_agency_id,
                               GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  stmt = amparo_db_prepare (db, "SELECT id FROM agencies WHERE sign_key = ?;", error);
  if (stmt == NULL)
    return AGENCY_LOOKUP_FAILED;
  sqlite3_bind_blob (stmt, 1, key, crypto_sign_PUBLICKEYBYTES, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    return AGENCY_UNKNOWN;
  if (rc != SQLITE_ROW)
    {
      amparo_db_set_error (error, db, rc);
      return AGENCY_LOOKUP_FAILED;
    }
  if (out_agency_id != NULL)
    *out_agency_id = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  return AGENCY_FOUND;
}

/* Inside the caller's transaction. @how is `card`, `confirmed` or
 * `import`, for the audit log. */
gboolean
amparo_coordinator_insert_agency (sqlite3      *db,
                                  const char   *actor,
                                  const char   *agency_id,
                                  const char   *name,
                                  const guint8  key[32],
                                  const char   *how,
                                  GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *now = amparo_coordinator_now ();
  g_autofree char *fingerprint = amparo_fingerprint (key, crypto_sign_PUBLICKEYBYTES);
  g_autofree char *detail = NULL;

  stmt = amparo_db_prepare (db, "INSERT INTO agencies (id, name, sign_key, pinned_at)"
                                " VALUES (?, ?, ?, ?);", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, agency_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, name, -1, SQLITE_STATIC);
  sqlite3_bind_blob (stmt, 3, key, crypto_sign_PUBLICKEYBYTES, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, now, -1, SQLITE_STATIC);
  if (!amparo_db_step_done (db, stmt, error))
    return FALSE;
  detail = g_strdup_printf ("agency=%s key=%s via=%s", agency_id, fingerprint, how);
  return amparo_audit_append (db, actor, "agency.pin", 0, detail, error);
}

/* A key may be pinned for one agency only: the same key under a second
 * id would let one agency be counted twice. */
static gboolean
pin_agency (sqlite3      *db,
            const char   *actor,
            const char   *agency_id,
            const char   *name,
            const guint8  key[32],
            const char   *how,
            GError      **error)
{
  guint8 pinned[crypto_sign_PUBLICKEYBYTES];
  g_autofree char *owner = NULL;

  switch (amparo_coordinator_lookup_agency (db, agency_id, NULL, pinned, error))
    {
    case AGENCY_LOOKUP_FAILED:
      return FALSE;
    case AGENCY_FOUND:
      if (sodium_memcmp (pinned, key, sizeof pinned) == 0)
        return TRUE;
      g_set_error_literal (error, AMPARO_ERROR, AMPARO_ERROR_KEY_CHANGED,
                           _("This agency is already trusted with a different key. The new key "
                             "was not pinned."));
      return FALSE;
    case AGENCY_UNKNOWN:
    default:
      break;
    }
  switch (amparo_coordinator_lookup_key (db, key, &owner, error))
    {
    case AGENCY_LOOKUP_FAILED:
      return FALSE;
    case AGENCY_FOUND:
      g_set_error_literal (error, AMPARO_ERROR, AMPARO_ERROR_KEY_CHANGED,
                           _("This key is already trusted for another agency. It was not pinned "
                             "again."));
      return FALSE;
    case AGENCY_UNKNOWN:
    default:
      break;
    }
  return amparo_coordinator_insert_agency (db, actor, agency_id, name, key, how, error);
}

static gboolean
pin_in_transaction (AmparoVault  *vault,
                    const char   *agency_id,
                    const char   *name,
                    const guint8  key[32],
                    const char   *how,
                    GError      **error)
{
  sqlite3 *db = amparo_coordinator_open_db (vault, TRUE, error);

  if (db == NULL || !amparo_db_begin (db, error))
    return FALSE;
  if (!pin_agency (db, amparo_vault_get_user (vault), agency_id, name, key, how, error)
      || !amparo_db_commit (db, error))
    {
      amparo_db_rollback (db);
      return FALSE;
    }
  return TRUE;
}

/* ---------------------------------------------------------- public API */

static gboolean
card_bytes (AmparoCard  *card,
            GBytes     **out_bytes,
            char       **out_fingerprint)
{
  char *json = amparo_card_to_json (card);

  *out_bytes = g_bytes_new_take (json, strlen (json));
  if (out_fingerprint != NULL)
    *out_fingerprint = amparo_card_fingerprint (card);
  return TRUE;
}

/**
 * amparo_coordinator_card:
 * @vault: an unlocked coordinator vault
 * @out_bytes: (out) (transfer full): the card file's contents
 * @out_fingerprint: (out) (optional) (transfer full): its fingerprint,
 *   for the agency to compare when it imports the card
 * @error: return location for an error
 *
 * Makes the coordinator card (DESIGN 5.2): the vault's name and the
 * X25519 key that agencies seal their summaries to.
 *
 * Returns: %TRUE, or %FALSE with %AMPARO_ERROR_WRONG_KIND on an agency's
 *   vault, %AMPARO_ERROR_LOCKED, or a database error
 */
gboolean
amparo_coordinator_card (AmparoVault  *vault,
                         GBytes      **out_bytes,
                         char        **out_fingerprint,
                         GError      **error)
{
  g_autoptr(AmparoSecret) sk = NULL;
  g_autoptr(AmparoCard) card = NULL;
  g_autofree char *name = NULL;
  guint8 pk[crypto_box_PUBLICKEYBYTES];
  sqlite3 *db;

  g_return_val_if_fail (AMPARO_IS_VAULT (vault), FALSE);
  g_return_val_if_fail (out_bytes != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  db = amparo_coordinator_open_db (vault, FALSE, error);
  if (db == NULL || !amparo_coordinator_load_keys (db, pk, &sk, error))
    return FALSE;
  name = amparo_vault_get_setting (vault, "agency_name");
  if (name == NULL || !amparo_agency_name_is_valid (name))
    {
      g_set_error_literal (error, AMPARO_ERROR, AMPARO_ERROR_INVALID,
                           _("The coordinator’s name cannot go on a card: it is empty, too long "
                             "or holds forbidden characters."));
      return FALSE;
    }
  card = amparo_card_new_coordinator (name, pk);
  if (!amparo_vault_audit (vault, "card.write", 0, "coordinator", error))
    return FALSE;
  return card_bytes (card, out_bytes, out_fingerprint);
}

/**
 * amparo_agency_card:
 * @vault: an unlocked agency vault
 * @out_bytes: (out) (transfer full): the card file's contents
 * @out_fingerprint: (out) (optional) (transfer full): its fingerprint,
 *   for the coordinator to compare when it pins the card
 * @error: return location for an error
 *
 * Makes the agency card a coordinator pins ahead of the first summary:
 * the agency's name, id and the public half of its signing key.
 *
 * Returns: %TRUE, or %FALSE with %AMPARO_ERROR_WRONG_KIND on a
 *   coordinator's vault, %AMPARO_ERROR_LOCKED, or a database error
 */
gboolean
amparo_agency_card (AmparoVault  *vault,
                    GBytes      **out_bytes,
                    char        **out_fingerprint,
                    GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(AmparoCard) card = NULL;
  g_autofree char *name = NULL;
  g_autofree char *agency_id = NULL;
  sqlite3 *db;

  g_return_val_if_fail (AMPARO_IS_VAULT (vault), FALSE);
  g_return_val_if_fail (out_bytes != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  db = amparo_vault_get_cases_db (vault, error);
  if (db == NULL)
    return FALSE;
  if (amparo_vault_get_kind (vault) != AMPARO_VAULT_KIND_AGENCY)
    {
      g_set_error_literal (error, AMPARO_ERROR, AMPARO_ERROR_WRONG_KIND,
                           _("This is a coordinator’s vault; it has no agency card."));
      return FALSE;
    }
  name = amparo_vault_get_setting (vault, "agency_name");
  agency_id = amparo_vault_get_setting (vault, "agency_id");
  stmt = amparo_db_prepare (db, "SELECT public FROM signing_key WHERE id = 1;", error);
  if (stmt == NULL)
    return FALSE;
  if (sqlite3_step (stmt) != SQLITE_ROW
      || sqlite3_column_bytes (stmt, 0) != crypto_sign_PUBLICKEYBYTES
      || agency_id == NULL || !amparo_agency_id_is_valid (agency_id))
    {
      g_set_error_literal (error, AMPARO_ERROR, AMPARO_ERROR_DAMAGED_DATABASE,
                           _("The agency’s signing key or id is missing from the vault."));
      return FALSE;
    }
  if (name == NULL || !amparo_agency_name_is_valid (name))
    {
      g_set_error_literal (error, AMPARO_ERROR, AMPARO_ERROR_INVALID,
                           _("The agency’s name cannot go on a card: it is empty, too long or "
                             "holds forbidden characters."));
      return FALSE;
    }
  card = amparo_card_new_agency (name, agency_id, sqlite3_column_blob (stmt, 0));
  if (!amparo_vault_audit (vault, "card.write", 0, "agency", error))
    return FALSE;
  return card_bytes (card, out_bytes, out_fingerprint);
}

/**
 * amparo_coordinator_pin_agency_card:
 * @vault: an unlocked coordinator vault
 * @card_bytes: the contents of an agency card
 * @out_fingerprint: (out) (optional) (transfer full): the card's
 *   fingerprint, also on failure once the card was read
 * @error: return location for an error
 *
 * Pins an agency's signing key ahead of its first summary. Pinning the
 * same card again does nothing and succeeds.
 *
 * Returns: %TRUE, or %FALSE with %AMPARO_ERROR_MALFORMED or
 *   %AMPARO_ERROR_TOO_LARGE (not a card), %AMPARO_ERROR_WRONG_KIND (a
 *   coordinator's card), %AMPARO_ERROR_KEY_CHANGED (the agency is pinned
 *   with another key, or the key belongs to another agency),
 *   %AMPARO_ERROR_NOT_PERMITTED (reporting role)
 */
gboolean
amparo_coordinator_pin_agency_card (AmparoVault  *vault,
                                    GBytes       *card_bytes,
                                    char        **out_fingerprint,
                                    GError      **error)
{
  g_autoptr(AmparoCard) card = NULL;

  g_return_val_if_fail (AMPARO_IS_VAULT (vault), FALSE);
  g_return_val_if_fail (card_bytes != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (amparo_coordinator_open_db (vault, TRUE, error) == NULL)
    return FALSE;
  card = amparo_card_from_bytes (card_bytes, error);
  if (card == NULL)
    return FALSE;
  if (out_fingerprint != NULL)
    *out_fingerprint = amparo_card_fingerprint (card);
  if (card->kind != AMPARO_CARD_KIND_AGENCY)
    {
      g_set_error_literal (error, AMPARO_ERROR, AMPARO_ERROR_WRONG_KIND,
                           _("This is a coordinator’s card; a coordinator pins agency cards."));
      return FALSE;
    }
  return pin_in_transaction (vault, card->agency_id, card->name, card->key, "card", error);
}

/**
 * amparo_coordinator_pin_agency_key:
 * @vault: an unlocked coordinator vault
 * @agency_id: the agency's UUID
 * @name: its display name
 * @sign_key: its Ed25519 signing key
 * @error: return location for an error
 *
 * Pins a key the person confirmed by its fingerprint, typically the
 * @sign_key of a result refused with %AMPARO_ERROR_UNKNOWN_AGENCY; import
 * the file again afterwards. The same key again does nothing.
 *
 * Returns: %TRUE, or %FALSE as amparo_coordinator_pin_agency_card()
 */
gboolean
amparo_coordinator_pin_agency_key (AmparoVault  *vault,
                                   const char   *agency_id,
                                   const char   *name,
                                   const guint8  sign_key[32],
                                   GError      **error)
{
  g_return_val_if_fail (AMPARO_IS_VAULT (vault), FALSE);
  g_return_val_if_fail (agency_id != NULL && name != NULL && sign_key != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!amparo_agency_id_is_valid (agency_id) || !amparo_agency_name_is_valid (name)
      || crypto_core_ed25519_is_valid_point (sign_key) != 1)
    {
      g_set_error_literal (error, AMPARO_ERROR, AMPARO_ERROR_INVALID,
                           _("The agency’s id, name or key is not valid."));
      return FALSE;
    }
  return pin_in_transaction (vault, agency_id, name, sign_key, "confirmed", error);
}

/**
 * amparo_coordinator_rename_agency:
 * @vault: an unlocked coordinator vault
 * @agency_id: a pinned agency
 * @name: the name to show from now on
 * @error: return location for an error
 *
 * Returns: %TRUE, or %FALSE with %AMPARO_ERROR_NOT_FOUND or
 *   %AMPARO_ERROR_INVALID
 */
gboolean
amparo_coordinator_rename_agency (AmparoVault *vault,
                                  const char  *agency_id,
                                  const char  *name,
                                  GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *detail = NULL;
  sqlite3 *db;

  g_return_val_if_fail (AMPARO_IS_VAULT (vault), FALSE);
  g_return_val_if_fail (agency_id != NULL && name != NULL, FALSE);

  db = amparo_coordinator_open_db (vault, TRUE, error);
  if (db == NULL)
    return FALSE;
  if (!amparo_agency_name_is_valid (name))
    {
      g_set_error_literal (error, AMPARO_ERROR, AMPARO_ERROR_INVALID,
                           _("The name is empty, too long or holds forbidden characters."));
      return FALSE;
    }
  if (!amparo_db_begin (db, error))
    return FALSE;
  stmt = amparo_db_prepare (db, "UPDATE agencies SET name = ? WHERE id = ?;", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, agency_id, -1, SQLITE_STATIC);
  if (!amparo_db_step_done (db, stmt, error))
    goto fail;
  if (sqlite3_changes (db) != 1)
    {
      g_set_error_literal (error, AMPARO_ERROR, AMPARO_ERROR_NOT_FOUND,
                           _("No agency with this id is trusted."));
      goto fail;
    }
  detail = g_strdup_printf ("agency=%s", agency_id);
  if (!amparo_audit_append (db, amparo_vault_get_user (vault), "agency.rename", 0, detail, error)
      || !amparo_db_commit (db, error))
    goto fail;
  return TRUE;

fail:
  amparo_db_rollback (db);
  return FALSE;
}

/**
 * amparo_coordinator_list_agencies:
 * @vault: an unlocked coordinator vault
 * @error: return location for an error
 *
 * Returns: (transfer container) (element-type AmparoAgencyInfo): the
 *   pinned agencies by name, or %NULL with an error
 */
GPtrArray *
amparo_coordinator_list_agencies (AmparoVault *vault,
                                  GError     **error)
{
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  sqlite3 *db;
  int rc;

  g_return_val_if_fail (AMPARO_IS_VAULT (vault), NULL);

  db = amparo_coordinator_open_db (vault, FALSE, error);
  if (db == NULL)
    return NULL;
  stmt = amparo_db_prepare (db, "SELECT a.id, a.name, a.sign_key, a.pinned_at,"
                                " (SELECT count(*) FROM summaries s WHERE s.agency_id = a.id)"
                                " FROM agencies a ORDER BY a.name, a.id;", error);
  if (stmt == NULL)
    return NULL;
  list = g_ptr_array_new_with_free_func ((GDestroyNotify) amparo_agency_info_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      AmparoAgencyInfo *info = g_new0 (AmparoAgencyInfo, 1);

      info->id = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      info->name = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      info->fingerprint = amparo_fingerprint (sqlite3_column_blob (stmt, 2),
                                              (gsize) sqlite3_column_bytes (stmt, 2));
      info->pinned_at = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
      info->n_summaries = (guint) sqlite3_column_int (stmt, 4);
      g_ptr_array_add (list, info);
    }
  if (rc != SQLITE_DONE)
    {
      amparo_db_set_error (error, db, rc);
      return NULL;
    }
  return g_steal_pointer (&list);
}

static char *
column_text (sqlite3_stmt *stmt,
             int           column)
{
  return g_strdup ((const char *) sqlite3_column_text (stmt, column));
}

/**
 * amparo_coordinator_import_log:
 * @vault: an unlocked coordinator vault
 * @error: return location for an error
 *
 * Returns: (transfer container) (element-type AmparoImportLogEntry):
 *   every import, replacement and refusal, oldest first, or %NULL with
 *   an error
 */
GPtrArray *
amparo_coordinator_import_log (AmparoVault *vault,
                               GError     **error)
{
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  sqlite3 *db;
  int rc;

  g_return_val_if_fail (AMPARO_IS_VAULT (vault), NULL);

  db = amparo_coordinator_open_db (vault, FALSE, error);
  if (db == NULL)
    return NULL;
  stmt = amparo_db_prepare (db, "SELECT l.at, l.file_name, l.agency_id, a.name, l.period,"
                                " l.sequence, l.outcome, l.reason"
                                " FROM import_log l LEFT JOIN agencies a ON a.id = l.agency_id"
                                " ORDER BY l.id;", error);
  if (stmt == NULL)
    return NULL;
  list = g_ptr_array_new_with_free_func ((GDestroyNotify) amparo_import_log_entry_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      AmparoImportLogEntry *entry = g_new0 (AmparoImportLogEntry, 1);

      entry->at = column_text (stmt, 0);
      entry->file_name = column_text (stmt, 1);
      entry->agency_id = column_text (stmt, 2);
      entry->agency_name = column_text (stmt, 3);
      entry->period = column_text (stmt, 4);
      entry->sequence = sqlite3_column_int64 (stmt, 5);
      entry->outcome = column_text (stmt, 6);
      entry->reason = column_text (stmt, 7);
      g_ptr_array_add (list, entry);
    }
  if (rc != SQLITE_DONE)
    {
      amparo_db_set_error (error, db, rc);
      return NULL;
    }
  return g_steal_pointer (&list);
}
