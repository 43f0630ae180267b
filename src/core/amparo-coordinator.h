/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "amparo-vault.h"

G_BEGIN_DECLS

/**
 * AmparoImportPolicy:
 * @AMPARO_IMPORT_POLICY_KNOWN_ONLY: import only from agencies whose
 *   signing key is pinned already; anything else is refused with
 *   %AMPARO_ERROR_UNKNOWN_AGENCY, its fingerprint in the message
 * @AMPARO_IMPORT_POLICY_TRUST_NEW: an agency never seen before has its
 *   signing key pinned by this import (the person confirmed the
 *   fingerprint the agency read out)
 */
typedef enum
{
  AMPARO_IMPORT_POLICY_KNOWN_ONLY,
  AMPARO_IMPORT_POLICY_TRUST_NEW,
} AmparoImportPolicy;

/**
 * AmparoImportOutcome:
 * @AMPARO_IMPORT_OUTCOME_REFUSED: nothing was imported; the result's
 *   error says why
 * @AMPARO_IMPORT_OUTCOME_IMPORTED: a first summary of this agency and period
 * @AMPARO_IMPORT_OUTCOME_REPLACED: a later export replaced an older one
 * @AMPARO_IMPORT_OUTCOME_ALREADY_IMPORTED: the very same summary was
 *   imported before; nothing changed (not an error)
 */
typedef enum
{
  AMPARO_IMPORT_OUTCOME_REFUSED,
  AMPARO_IMPORT_OUTCOME_IMPORTED,
  AMPARO_IMPORT_OUTCOME_REPLACED,
  AMPARO_IMPORT_OUTCOME_ALREADY_IMPORTED,
} AmparoImportOutcome;

/**
 * AmparoImportResult:
 * @path: the file's path as given, to import it again after the person
 *   confirmed a fingerprint; never logged
 * @file_name: the file's base name, for display and the import log
 * @outcome: what happened
 * @error: why it was refused (%AMPARO_ERROR codes), or %NULL
 * @agency_id: the agency's UUID once the payload was read, else %NULL
 * @agency_name: the pinned name of a known agency; for one not pinned
 *   yet, the name its file gives
 * @file_agency_name: the name the file gives (may differ from the pinned one)
 * @period: the period, once read
 * @sequence: the file's sequence number, once read, else 0
 * @previous_sequence: the sequence already imported for this agency and
 *   period (replaced, kept as newer, or in conflict), else 0
 * @agency_pinned: this import pinned a new agency's key
 * @has_sign_key: @sign_key and @fingerprint are set (the file opened)
 * @sign_key: the Ed25519 key that signed the file
 * @fingerprint: amparo_fingerprint() of @sign_key, to read aloud
 *
 * What importing (or inspecting) one file did. A GUI can show a list of
 * them; amparo_import_result_copy() and amparo_import_result_free() make
 * it a boxed type.
 */
typedef struct
{
  char                *path;
  char                *file_name;
  AmparoImportOutcome  outcome;
  GError              *error;
  char                *agency_id;
  char                *agency_name;
  char                *file_agency_name;
  char                *period;
  gint64               sequence;
  gint64               previous_sequence;
  gboolean             agency_pinned;
  gboolean             has_sign_key;
  guint8               sign_key[32];
  char                *fingerprint;
} AmparoImportResult;

/**
 * AmparoImportProgressFunc:
 * @done: files handled so far, including this one
 * @total: files to handle in all
 * @result: what happened to the file just handled
 * @user_data: data passed with the function
 *
 * Called in the thread-default main context of the caller of
 * amparo_coordinator_import_paths_async(), once per file.
 */
typedef void (*AmparoImportProgressFunc) (guint                     done,
                                          guint                     total,
                                          const AmparoImportResult *result,
                                          gpointer                  user_data);

/**
 * AmparoAgencyInfo:
 * @id: the agency's UUID
 * @name: its pinned display name
 * @fingerprint: its signing key's fingerprint
 * @pinned_at: when the key was pinned, ISO 8601 UTC
 * @n_summaries: how many periods it has sent
 */
typedef struct
{
  char   *id;
  char   *name;
  char   *fingerprint;
  char   *pinned_at;
  guint   n_summaries;
} AmparoAgencyInfo;

/**
 * AmparoImportLogEntry:
 * @at: when, ISO 8601 UTC
 * @file_name: the file's base name
 * @agency_id: (nullable): the agency, when the file got that far
 * @agency_name: (nullable): its pinned name, if pinned
 * @period: (nullable): the period, when read
 * @sequence: the sequence number, or 0
 * @outcome: amparo_import_outcome_to_string()
 * @reason: (nullable): amparo_import_reason_to_string() of a refusal
 */
typedef struct
{
  char   *at;
  char   *file_name;
  char   *agency_id;
  char   *agency_name;
  char   *period;
  gint64  sequence;
  char   *outcome;
  char   *reason;
} AmparoImportLogEntry;

#define AMPARO_TYPE_IMPORT_RESULT (amparo_import_result_get_type ())

GType               amparo_import_result_get_type  (void) G_GNUC_CONST;
AmparoImportResult *amparo_import_result_new       (void);
AmparoImportResult *amparo_import_result_copy      (const AmparoImportResult *result);
void                amparo_import_result_clear     (AmparoImportResult       *result);
void                amparo_import_result_free      (AmparoImportResult       *result);
gboolean            amparo_import_result_is_ok     (const AmparoImportResult *result);

const char         *amparo_import_outcome_to_string (AmparoImportOutcome      outcome);
const char         *amparo_import_reason_to_string  (const GError            *error);

void                amparo_agency_info_free        (AmparoAgencyInfo         *info);
void                amparo_import_log_entry_free   (AmparoImportLogEntry     *entry);

gboolean   amparo_coordinator_card          (AmparoVault               *vault,
                                             GBytes                   **out_bytes,
                                             char                     **out_fingerprint,
                                             GError                   **error);
gboolean   amparo_agency_card               (AmparoVault               *vault,
                                             GBytes                   **out_bytes,
                                             char                     **out_fingerprint,
                                             GError                   **error);
gboolean   amparo_coordinator_pin_agency_card (AmparoVault             *vault,
                                               GBytes                  *card_bytes,
                                               char                   **out_fingerprint,
                                               GError                 **error);
gboolean   amparo_coordinator_pin_agency_key (AmparoVault              *vault,
                                              const char               *agency_id,
                                              const char               *name,
                                              const guint8              sign_key[32],
                                              GError                  **error);
gboolean   amparo_coordinator_rename_agency (AmparoVault               *vault,
                                             const char                *agency_id,
                                             const char                *name,
                                             GError                   **error);

gboolean   amparo_coordinator_import_file   (AmparoVault               *vault,
                                             const char                *path,
                                             AmparoImportPolicy         policy,
                                             AmparoImportResult        *result,
                                             GError                   **error);
gboolean   amparo_coordinator_inspect_file  (AmparoVault               *vault,
                                             const char                *path,
                                             char                     **out_payload_json,
                                             AmparoImportResult        *result,
                                             GError                   **error);

GPtrArray *amparo_coordinator_import_paths  (AmparoVault               *vault,
                                             const char * const        *paths,
                                             AmparoImportPolicy         policy,
                                             AmparoImportProgressFunc   progress,
                                             gpointer                   progress_data,
                                             GCancellable              *cancellable,
                                             GError                   **error);
void       amparo_coordinator_import_paths_async  (AmparoVault               *vault,
                                                   const char * const        *paths,
                                                   AmparoImportPolicy         policy,
                                                   AmparoImportProgressFunc   progress,
                                                   gpointer                   progress_data,
                                                   GCancellable              *cancellable,
                                                   GAsyncReadyCallback        callback,
                                                   gpointer                   user_data);
GPtrArray *amparo_coordinator_import_paths_finish (AmparoVault               *vault,
                                                   GAsyncResult              *result,
                                                   GError                   **error);

GPtrArray *amparo_coordinator_list_agencies (AmparoVault               *vault,
                                             GError                   **error);
GPtrArray *amparo_coordinator_import_log    (AmparoVault               *vault,
                                             GError                   **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AmparoImportResult, amparo_import_result_free)
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (AmparoImportResult, amparo_import_result_clear)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AmparoAgencyInfo, amparo_agency_info_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AmparoImportLogEntry, amparo_import_log_entry_free)

G_END_DECLS
