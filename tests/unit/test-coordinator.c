/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <sodium.h>

#include "amparo-card.h"
#include "amparo-coordinator.h"
#include "amparo-db.h"
#include "amparo-error.h"
#include "amparo-safe-file.h"
#include "amparo-test-summary.h"
#include "amparo-test-util.h"

#define PERIOD "2026-Q3"

typedef struct
{
  char        *dir;       /* holds the vault and the files */
  char        *vault_dir;
  char        *files;     /* a "stick" */
  AmparoVault *vault;
  sqlite3     *db;
  guint8       coord_pk[32];
  guint8       agency_pk[32], agency_sk[64];
  char        *agency_id;
} Fixture;

static void
setup (Fixture       *f,
       gconstpointer  data)
{
  g_autoptr(GBytes) card_bytes = NULL;
  g_autoptr(AmparoCard) card = NULL;
  g_autoptr(GError) error = NULL;

  f->dir = amparo_test_make_dir ();
  f->vault_dir = g_build_filename (f->dir, "vault", NULL);
  f->files = g_build_filename (f->dir, "stick", NULL);
  g_assert_cmpint (g_mkdir (f->files, 0700), ==, 0);
  f->vault = amparo_test_create_vault (f->vault_dir, AMPARO_VAULT_KIND_COORDINATOR);
  f->db = amparo_vault_get_cases_db (f->vault, NULL);
  g_assert_true (amparo_coordinator_card (f->vault, &card_bytes, NULL, &error));
  g_assert_no_error (error);
  card = amparo_card_from_bytes (card_bytes, &error);
  g_assert_no_error (error);
  memcpy (f->coord_pk, card->key, 32);
  amparo_test_agency_keys (1, f->agency_pk, f->agency_sk);
  f->agency_id = amparo_test_agency_id (1);
}

static void
teardown (Fixture       *f,
          gconstpointer  data)
{
  g_clear_object (&f->vault);
  amparo_test_remove_dir (f->dir);
  g_free (f->dir);
  g_free (f->vault_dir);
  g_free (f->files);
  g_free (f->agency_id);
}

static AmparoTestSummary *
make_summary (Fixture *f,
              gint64   sequence,
              guint32  seed,
              guint    max_tables)
{
  return amparo_test_summary_new (f->agency_id, "Casa Esperanza", PERIOD, sequence, 5, seed,
                                  max_tables);
}

static char *
write_sealed (Fixture           *f,
              const char        *name,
              AmparoTestSummary *ts)
{
  g_autoptr(GBytes) bytes = amparo_test_summary_seal (ts, f->coord_pk, f->agency_sk);

  return amparo_test_write_file (f->files, name, bytes);
}

static gint64
count_rows (Fixture    *f,
            const char *sql)
{
  return amparo_db_query_int (f->db, sql, -1);
}

static gboolean
import_ok (Fixture            *f,
           const char         *path,
           AmparoImportPolicy  policy,
           AmparoImportResult *result)
{
  g_autoptr(GError) error = NULL;
  gboolean ok = amparo_coordinator_import_file (f->vault, path, policy, result, &error);

  g_assert_no_error (error);
  g_assert_true (ok);
  g_assert_null (result->error);
  return ok;
}

/* ------------------------------------------------------------- cards */

static void
test_card_names_coordinator_and_key (Fixture       *f,
                                     gconstpointer  data)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(AmparoCard) card = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *fingerprint = NULL;
  g_autofree char *public_hex = amparo_db_query_text (f->db,
                                                      "SELECT lower (hex (public))"
                                                      " FROM coordinator_key;");
  char card_hex[65];

  g_assert_true (amparo_coordinator_card (f->vault, &bytes, &fingerprint, &error));
  card = amparo_card_from_bytes (bytes, &error);
  g_assert_no_error (error);
  g_assert_cmpint (card->kind, ==, AMPARO_CARD_KIND_COORDINATOR);
  g_assert_cmpstr (card->name, ==, "Test Agency");
  sodium_bin2hex (card_hex, sizeof card_hex, card->key, 32);
  g_assert_cmpstr (card_hex, ==, public_hex);
  {
    g_autofree char *expected = amparo_card_fingerprint (card);

    g_assert_cmpstr (fingerprint, ==, expected);
  }
}

static void
test_card_refused_on_agency_vault (void)
{
  g_autofree char *dir = amparo_test_make_dir ();
  g_autoptr(AmparoVault) vault = amparo_test_create_vault (dir, AMPARO_VAULT_KIND_AGENCY);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GBytes) agency_bytes = NULL;
  g_autoptr(AmparoCard) card = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(AmparoImportResult) result = { 0 };

  g_assert_false (amparo_coordinator_card (vault, &bytes, NULL, &error));
  g_assert_error (error, AMPARO_ERROR, AMPARO_ERROR_WRONG_KIND);
  g_clear_error (&error);
  g_assert_false (amparo_coordinator_import_file (vault, "/nonexistent.amps",
                                                  AMPARO_IMPORT_POLICY_TRUST_NEW, &result,
                                                  &error));
  g_assert_error (error, AMPARO_ERROR, AMPARO_ERROR_WRONG_KIND);
  g_clear_error (&error);

  /* The agency's own card is what a coordinator pins. */
  g_assert_true (amparo_agency_card (vault, &agency_bytes, NULL, &error));
  g_assert_no_error (error);
  card = amparo_card_from_bytes (agency_bytes, &error);
  g_assert_no_error (error);
  g_assert_cmpint (card->kind, ==, AMPARO_CARD_KIND_AGENCY);
  g_assert_true (amparo_agency_id_is_valid (card->agency_id));
  g_clear_object (&vault);
  amparo_test_remove_dir (dir);
}

static void
test_pin_card_then_import_keeps_pinned_name (Fixture       *f,
                                             gconstpointer  data)
{
  g_autoptr(AmparoCard) card = amparo_card_new_agency ("Casa Esperanza (Norte)", f->agency_id,
                                                       f->agency_pk);
  g_autofree char *json = amparo_card_to_json (card);
  g_autoptr(GBytes) bytes = g_bytes_new (json, strlen (json));
  g_autoptr(AmparoTestSummary) ts = make_summary (f, 1, 11, 3);
  g_autofree char *path = write_sealed (f, "a.amps", ts);
  g_autofree char *fingerprint = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(AmparoImportResult) result = { 0 };
  guint8 other_pk[32], other_sk[64];

  g_assert_true (amparo_coordinator_pin_agency_card (f->vault, bytes, &fingerprint, &error));
  g_assert_no_error (error);
  {
    g_autofree char *expected = amparo_fingerprint (f->agency_pk, 32);

    g_assert_cmpstr (fingerprint, ==, expected);
  }
  /* the same card again is no change */
  g_assert_true (amparo_coordinator_pin_agency_card (f->vault, bytes, NULL, &error));
  g_assert_cmpint (count_rows (f, "SELECT count(*) FROM agencies;"), ==, 1);

  import_ok (f, path, AMPARO_IMPORT_POLICY_KNOWN_ONLY, &result);
  g_assert_cmpint (result.outcome, ==, AMPARO_IMPORT_OUTCOME_IMPORTED);
  g_assert_false (result.agency_pinned);
  g_assert_cmpstr (result.agency_name, ==, "Casa Esperanza (Norte)");
  g_assert_cmpstr (result.file_agency_name, ==, "Casa Esperanza");

  /* another key for the same agency, or a coordinator card, is refused */
  {
    g_autoptr(AmparoCard) changed = NULL;
    g_autoptr(AmparoCard) coord = amparo_card_new_coordinator ("Coalición", f->coord_pk);
    g_autofree char *changed_json = NULL;
    g_autofree char *coord_json = amparo_card_to_json (coord);
    g_autoptr(GBytes) changed_bytes = NULL;
    g_autoptr(GBytes) coord_bytes = g_bytes_new (coord_json, strlen (coord_json));
    g_autofree char *before = amparo_test_table_digest (f->db, "agencies");
    g_autofree char *after = NULL;

    amparo_test_agency_keys (2, other_pk, other_sk);
    changed = amparo_card_new_agency ("Casa Esperanza", f->agency_id, other_pk);
    changed_json = amparo_card_to_json (changed);
    changed_bytes = g_bytes_new (changed_json, strlen (changed_json));
    g_assert_false (amparo_coordinator_pin_agency_card (f->vault, changed_bytes, NULL, &error));
    g_assert_error (error, AMPARO_ERROR, AMPARO_ERROR_KEY_CHANGED);
    g_clear_error (&error);
    g_assert_false (amparo_coordinator_pin_agency_card (f->vault, coord_bytes, NULL, &error));
    g_assert_error (error, AMPARO_ERROR, AMPARO_ERROR_WRONG_KIND);
    g_clear_error (&error);
    after = amparo_test_table_digest (f->db, "agencies");
    g_assert_cmpstr (before, ==, after);
  }
}

/* ---------------------------------------------------------- trusting */

static void
test_unknown_agency_refused_until_confirmed (Fixture       *f,
                                             gconstpointer  data)
{
  g_autoptr(AmparoTestSummary) ts = make_summary (f, 1, 12, 3);
  g_autofree char *path = write_sealed (f, "a.amps", ts);
  g_autofree char *fingerprint = amparo_fingerprint (f->agency_pk, 32);
  g_autoptr(GError) error = NULL;
  g_auto(AmparoImportResult) result = { 0 };

  g_assert_false (amparo_coordinator_import_file (f->vault, path,
                                                  AMPARO_IMPORT_POLICY_KNOWN_ONLY, &result,
                                                  &error));
  g_assert_error (error, AMPARO_ERROR, AMPARO_ERROR_UNKNOWN_AGENCY);
  g_assert_nonnull (strstr (error->message, fingerprint));
  g_assert_cmpint (result.outcome, ==, AMPARO_IMPORT_OUTCOME_REFUSED);
  g_assert_cmpstr (result.fingerprint, ==, fingerprint);
  g_assert_cmpstr (result.agency_id, ==, f->agency_id);
  g_assert_cmpint (count_rows (f, "SELECT count(*) FROM agencies;"), ==, 0);
  g_assert_cmpint (count_rows (f, "SELECT count(*) FROM summaries;"), ==, 0);
  g_assert_cmpint (count_rows (f, "SELECT count(*) FROM import_log WHERE outcome = 'refused'"
                                  " AND reason = 'unknown_agency';"), ==, 1);
  g_clear_error (&error);

  /* what the CLI does after the person says yes */
  g_assert_true (amparo_coordinator_pin_agency_key (f->vault, result.agency_id,
                                                    result.file_agency_name, result.sign_key,
                                                    &error));
  g_assert_no_error (error);
  import_ok (f, path, AMPARO_IMPORT_POLICY_KNOWN_ONLY, &result);
  g_assert_cmpint (result.outcome, ==, AMPARO_IMPORT_OUTCOME_IMPORTED);
  g_assert_cmpint (count_rows (f, "SELECT count(*) FROM summaries;"), ==, 1);
}

static void
test_trust_new_pins_and_imports_canonical_payload (Fixture       *f,
                                                   gconstpointer  data)
{
  g_autoptr(AmparoTestSummary) ts = make_summary (f, 4, 13, 0);
  g_autofree char *path = write_sealed (f, "a.amps", ts);
  g_autofree char *json = amparo_test_summary_json (ts);
  g_autofree char *stored = NULL;
  g_autofree char *audit = NULL;
  g_auto(AmparoImportResult) result = { 0 };
  g_autoptr(GError) error = NULL;

  import_ok (f, path, AMPARO_IMPORT_POLICY_TRUST_NEW, &result);
  g_assert_cmpint (result.outcome, ==, AMPARO_IMPORT_OUTCOME_IMPORTED);
  g_assert_true (result.agency_pinned);
  g_assert_cmpstr (result.file_name, ==, "a.amps");
  g_assert_cmpstr (result.period, ==, PERIOD);
  g_assert_cmpint (result.sequence, ==, 4);
  stored = amparo_db_query_text (f->db, "SELECT payload FROM summaries;");
  g_assert_cmpstr (stored, ==, json);
  g_assert_cmpint (count_rows (f, "SELECT count(*) FROM agencies WHERE name = 'Casa Esperanza';"),
                   ==, 1);
  g_assert_cmpint (count_rows (f, "SELECT count(*) FROM import_log WHERE outcome = 'imported'"
                                  " AND file_name = 'a.amps' AND sequence = 4;"), ==, 1);
  audit = amparo_db_query_text (f->db, "SELECT group_concat (action || ':' || detail, ';')"
                                       " FROM audit WHERE action IN ('summary.import',"
                                       " 'agency.pin');");
  g_assert_nonnull (strstr (audit, "agency.pin:agency="));
  g_assert_nonnull (strstr (audit, "summary.import:imported agency="));
  /* file paths and agency names stay out of the audit log */
  g_assert_null (strstr (audit, "Casa"));
  g_assert_null (strstr (audit, f->files));
  g_assert_true (amparo_vault_check (f->vault, NULL, &error));
  g_assert_no_error (error);
}

/* ------------------------------------------------------------ refusals */

typedef struct
{
  char *summaries;
  char *agencies;
  gint64 log_rows;
} Snapshot;

static void
snapshot (Fixture  *f,
          Snapshot *s)
{
  s->summaries = amparo_test_table_digest (f->db, "summaries");
  s->agencies = amparo_test_table_digest (f->db, "agencies");
  s->log_rows = count_rows (f, "SELECT count(*) FROM import_log;");
}

static void
snapshot_clear (Snapshot *s)
{
  g_free (s->summaries);
  g_free (s->agencies);
}

/* Refused with @code, nothing imported, the refusal logged. Returns the
 * code for the caller's tally. */
static int
assert_refused (Fixture    *f,
                const char *path,
                int         code)
{
  g_auto(AmparoImportResult) result = { 0 };
  g_autoptr(GError) error = NULL;
  Snapshot before, after;
  int got;

  snapshot (f, &before);
  g_assert_false (amparo_coordinator_import_file (f->vault, path, AMPARO_IMPORT_POLICY_TRUST_NEW,
                                                  &result, &error));
  g_assert_nonnull (error);
  g_test_message ("%s: %s", result.file_name, error->message);
  if (code >= 0)
    g_assert_error (error, AMPARO_ERROR, code);
  g_assert_cmpint (result.outcome, ==, AMPARO_IMPORT_OUTCOME_REFUSED);
  g_assert_true (g_error_matches (result.error, error->domain, error->code));
  g_assert_false (result.agency_pinned);
  snapshot (f, &after);
  g_assert_cmpstr (before.summaries, ==, after.summaries);
  g_assert_cmpstr (before.agencies, ==, after.agencies);
  g_assert_cmpint (after.log_rows, ==, before.log_rows + 1);
  g_assert_cmpint (count_rows (f, "SELECT count(*) FROM import_log WHERE id ="
                                  " (SELECT max (id) FROM import_log) AND outcome = 'refused'"
                                  " AND reason IS NOT NULL;"), ==, 1);
  got = error->code;
  snapshot_clear (&before);
  snapshot_clear (&after);
  return got;
}

static GBytes *
edit_bytes (GBytes *bytes,
            gssize  keep,
            const char *append)
{
  gsize len;
  const guint8 *data = g_bytes_get_data (bytes, &len);
  GByteArray *out = g_byte_array_new ();

  g_byte_array_append (out, data, keep < 0 ? (guint) len : (guint) keep);
  if (append != NULL)
    g_byte_array_append (out, (const guint8 *) append, (guint) strlen (append));
  return g_byte_array_free_to_bytes (out);
}

static char *
replace_once (const char *text,
              const char *needle,
              const char *replacement)
{
  const char *at = strstr (text, needle);

  g_assert_nonnull (at);
  return g_strdup_printf ("%.*s%s%s", (int) (at - text), text, replacement, at + strlen (needle));
}

static void
test_refusals_have_distinct_codes_and_change_nothing (Fixture       *f,
                                                      gconstpointer  data)
{
  g_autoptr(AmparoTestSummary) ts = make_summary (f, 3, 21, 4);
  g_autofree char *json = amparo_test_summary_json (ts);
  g_autoptr(GBytes) good = amparo_test_summary_seal (ts, f->coord_pk, f->agency_sk);
  g_autofree char *good_path = amparo_test_write_file (f->files, "good.amps", good);
  g_autoptr(GHashTable) codes = g_hash_table_new (NULL, NULL);
  g_auto(AmparoImportResult) result = { 0 };
  guint8 other_pk[32], other_sk[32], forger_pk[32], forger_sk[64];
  guint8 zero_sig[64] = { 0 };

  /* an accepted file first, so the agency and period exist */
  import_ok (f, good_path, AMPARO_IMPORT_POLICY_TRUST_NEW, &result);

  /* sealed to another coordinator */
  {
    g_autoptr(GBytes) b = NULL;
    g_autofree char *p = NULL;

    crypto_box_keypair (other_pk, other_sk);
    b = amparo_test_summary_seal (ts, other_pk, f->agency_sk);
    p = amparo_test_write_file (f->files, "other.amps", b);
    g_hash_table_add (codes, GINT_TO_POINTER (assert_refused (f, p, AMPARO_ERROR_NOT_FOR_US)));
  }
  /* forged signature: the agency's key, a signature that is not its */
  {
    g_autoptr(GBytes) inner = amparo_test_inner_message ((const guint8 *) json, strlen (json),
                                                         f->agency_pk, zero_sig, 64);
    g_autoptr(GBytes) b = amparo_test_seal_inner (inner, f->coord_pk);
    g_autofree char *p = amparo_test_write_file (f->files, "forged.amps", b);

    g_hash_table_add (codes, GINT_TO_POINTER (assert_refused (f, p, AMPARO_ERROR_BAD_SIGNATURE)));
  }
  /* no signature at all */
  {
    g_autoptr(GBytes) inner = amparo_test_inner_message ((const guint8 *) json, strlen (json),
                                                         f->agency_pk, NULL, 0);
    g_autoptr(GBytes) b = amparo_test_seal_inner (inner, f->coord_pk);
    g_autofree char *p = amparo_test_write_file (f->files, "unsigned.amps", b);

    g_hash_table_add (codes, GINT_TO_POINTER (assert_refused (f, p, AMPARO_ERROR_MALFORMED)));
  }
  /* validly signed by someone else claiming to be the agency */
  {
    g_autoptr(GBytes) b = NULL;
    g_autofree char *p = NULL;

    amparo_test_agency_keys (99, forger_pk, forger_sk);
    b = amparo_test_summary_seal (ts, f->coord_pk, forger_sk);
    p = amparo_test_write_file (f->files, "changed.amps", b);
    g_hash_table_add (codes, GINT_TO_POINTER (assert_refused (f, p, AMPARO_ERROR_KEY_CHANGED)));
  }
  /* a replayed lower sequence */
  {
    g_autoptr(AmparoTestSummary) old = make_summary (f, 2, 22, 4);
    g_autofree char *p = write_sealed (f, "old.amps", old);

    g_hash_table_add (codes, GINT_TO_POINTER (assert_refused (f, p, AMPARO_ERROR_STALE)));
  }
  /* the same sequence with other figures */
  {
    g_autoptr(AmparoTestSummary) other = make_summary (f, 3, 23, 4);
    g_autofree char *p = write_sealed (f, "conflict.amps", other);

    g_hash_table_add (codes, GINT_TO_POINTER (assert_refused (f, p, AMPARO_ERROR_CONFLICT)));
  }
  /* validly signed payloads that break the format or the rule */
  {
    g_autofree char *member = replace_once (json, "\"k\":5,", "\"k\":5,\"note\":\"x\",");
    g_autofree char *code = replace_once (json, "\"key\":[\"new\"]", "\"key\":[\"brand_new\"]");
    g_autoptr(AmparoTestSummary) leaky = make_summary (f, 9, 24, 4);
    g_autoptr(GBytes) b1 = amparo_test_seal_unchecked (member, f->coord_pk, f->agency_sk);
    g_autoptr(GBytes) b2 = amparo_test_seal_unchecked (code, f->coord_pk, f->agency_sk);
    g_autoptr(GBytes) b3 = NULL;
    g_autofree char *p1 = amparo_test_write_file (f->files, "member.amps", b1);
    g_autofree char *p2 = amparo_test_write_file (f->files, "code.amps", b2);
    g_autofree char *p3 = NULL;
    AmparoTable *age = g_ptr_array_index (leaky->summary->tables, 1);
    AmparoTable *age_exact = g_ptr_array_index (leaky->exact, 1);

    g_assert_cmpint (assert_refused (f, p1, AMPARO_ERROR_MALFORMED), ==, AMPARO_ERROR_MALFORMED);
    g_assert_cmpint (assert_refused (f, p2, AMPARO_ERROR_MALFORMED), ==, AMPARO_ERROR_MALFORMED);

    /* publish the exact counts, small ones included */
    g_assert_cmpstr (age->id, ==, "age_band");
    for (guint i = 0; i < age->cells->len; i++)
      ((AmparoCell *) g_ptr_array_index (age->cells, i))->count
        = ((AmparoCell *) g_ptr_array_index (age_exact->cells, i))->count == 0 ? 0 : 2;
    ((AmparoCell *) g_ptr_array_index (age->cells, 0))->count = 2;
    age->total = AMPARO_COUNT_SUPPRESSED;
    b3 = amparo_test_summary_seal (leaky, f->coord_pk, f->agency_sk);
    p3 = amparo_test_write_file (f->files, "leaky.amps", b3);
    g_hash_table_add (codes, GINT_TO_POINTER (assert_refused (f, p3, AMPARO_ERROR_SUPPRESSION)));
  }
  /* cut short, or with bytes after the end */
  {
    gsize len = g_bytes_get_size (good);
    g_autoptr(GBytes) cut = edit_bytes (good, (gssize) len - 1, NULL);
    g_autoptr(GBytes) header_only = edit_bytes (good, 5, NULL);
    g_autoptr(GBytes) trailing = edit_bytes (good, -1, "\n");
    g_autofree char *p1 = amparo_test_write_file (f->files, "cut.amps", cut);
    g_autofree char *p2 = amparo_test_write_file (f->files, "header.amps", header_only);
    g_autofree char *p3 = amparo_test_write_file (f->files, "trailing.amps", trailing);
    int c1 = assert_refused (f, p1, -1);
    int c3 = assert_refused (f, p3, -1);

    g_assert_true (c1 == AMPARO_ERROR_NOT_FOR_US || c1 == AMPARO_ERROR_MALFORMED);
    g_assert_true (c3 == AMPARO_ERROR_NOT_FOR_US || c3 == AMPARO_ERROR_MALFORMED);
    assert_refused (f, p2, AMPARO_ERROR_MALFORMED);
  }
  /* too large: refused from its size, before reading (a sparse file of
   * 64 GiB would exhaust memory otherwise) */
  {
    g_autofree char *p1 = g_build_filename (f->files, "huge.amps", NULL);
    g_autofree char *p2 = g_build_filename (f->files, "big.amps", NULL);
    int fd = open (p1, O_CREAT | O_WRONLY | O_EXCL, 0600);

    g_assert_cmpint (fd, >=, 0);
    g_assert_cmpint (ftruncate (fd, (off_t) 64 << 30), ==, 0);
    close (fd);
    fd = open (p2, O_CREAT | O_WRONLY | O_EXCL, 0600);
    g_assert_cmpint (ftruncate (fd, AMPARO_SUMMARY_MAX_SIZE + 1), ==, 0);
    close (fd);
    g_hash_table_add (codes, GINT_TO_POINTER (assert_refused (f, p1, AMPARO_ERROR_TOO_LARGE)));
    assert_refused (f, p2, AMPARO_ERROR_TOO_LARGE);
  }
  /* not there */
  {
    g_autofree char *p = g_build_filename (f->files, "missing.amps", NULL);

    g_hash_table_add (codes, GINT_TO_POINTER (assert_refused (f, p, AMPARO_ERROR_NOT_FOUND)));
  }

  /* NOT_FOR_US, BAD_SIGNATURE, MALFORMED, KEY_CHANGED, STALE, CONFLICT,
   * SUPPRESSION, TOO_LARGE, NOT_FOUND */
  g_assert_cmpuint (g_hash_table_size (codes), ==, 9);
  g_assert_cmpint (count_rows (f, "SELECT count(*) FROM summaries;"), ==, 1);
  g_assert_cmpint (count_rows (f, "SELECT sequence FROM summaries;"), ==, 3);
}

static void
test_flipped_byte_anywhere_is_refused (Fixture       *f,
                                       gconstpointer  data)
{
  g_autoptr(AmparoTestSummary) ts = make_summary (f, 1, 31, 1);
  g_autoptr(GBytes) good = amparo_test_summary_seal (ts, f->coord_pk, f->agency_sk);
  g_autofree char *path = g_build_filename (f->files, "flip.amps", NULL);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  gsize len = g_bytes_get_size (good);
  const guint8 *data_bytes = g_bytes_get_data (good, NULL);
  guint refused = 0;

  before = amparo_test_table_digest (f->db, "summaries");
  for (gsize i = 0; i < len; i++)
    {
      g_autofree guint8 *copy = g_memdup2 (data_bytes, len);
      g_auto(AmparoImportResult) result = { 0 };

      copy[i] ^= 1u << (i % 8);
      g_assert_true (g_file_set_contents (path, (const char *) copy, (gssize) len, NULL));
      if (!amparo_coordinator_import_file (f->vault, path, AMPARO_IMPORT_POLICY_TRUST_NEW,
                                           &result, NULL))
        refused++;
      g_assert_cmpint (result.outcome, ==, AMPARO_IMPORT_OUTCOME_REFUSED);
    }
  g_assert_cmpuint (refused, ==, len);
  after = amparo_test_table_digest (f->db, "summaries");
  g_assert_cmpstr (before, ==, after);
  g_assert_cmpint (count_rows (f, "SELECT count(*) FROM agencies;"), ==, 0);

  /* and the unflipped file is fine */
  {
    g_auto(AmparoImportResult) result = { 0 };
    g_autofree char *ok = amparo_test_write_file (f->files, "ok.amps", good);

    import_ok (f, ok, AMPARO_IMPORT_POLICY_TRUST_NEW, &result);
  }
}

/* ----------------------------------------------------- sequence, again */

static void
test_higher_sequence_replaces_same_file_is_already_imported (Fixture       *f,
                                                             gconstpointer  data)
{
  g_autoptr(AmparoTestSummary) first = make_summary (f, 1, 41, 5);
  g_autoptr(AmparoTestSummary) second = make_summary (f, 2, 42, 5);
  g_autofree char *p1 = write_sealed (f, "1.amps", first);
  g_autofree char *p2 = write_sealed (f, "2.amps", second);
  g_autofree char *p2_again = write_sealed (f, "2-resealed.amps", second);
  g_autofree char *json2 = amparo_test_summary_json (second);
  g_autofree char *stored = NULL;
  g_autofree char *digest = NULL;
  g_autofree char *digest_again = NULL;
  g_auto(AmparoImportResult) result = { 0 };

  import_ok (f, p1, AMPARO_IMPORT_POLICY_TRUST_NEW, &result);
  g_assert_cmpint (result.outcome, ==, AMPARO_IMPORT_OUTCOME_IMPORTED);
  import_ok (f, p2, AMPARO_IMPORT_POLICY_KNOWN_ONLY, &result);
  g_assert_cmpint (result.outcome, ==, AMPARO_IMPORT_OUTCOME_REPLACED);
  g_assert_cmpint (result.previous_sequence, ==, 1);
  stored = amparo_db_query_text (f->db, "SELECT payload FROM summaries;");
  g_assert_cmpstr (stored, ==, json2);
  g_assert_cmpint (count_rows (f, "SELECT count(*) FROM summaries;"), ==, 1);

  digest = amparo_test_table_digest (f->db, "summaries");
  import_ok (f, p2, AMPARO_IMPORT_POLICY_KNOWN_ONLY, &result);
  g_assert_cmpint (result.outcome, ==, AMPARO_IMPORT_OUTCOME_ALREADY_IMPORTED);
  /* sealed again, so other bytes, but the same summary */
  import_ok (f, p2_again, AMPARO_IMPORT_POLICY_KNOWN_ONLY, &result);
  g_assert_cmpint (result.outcome, ==, AMPARO_IMPORT_OUTCOME_ALREADY_IMPORTED);
  digest_again = amparo_test_table_digest (f->db, "summaries");
  g_assert_cmpstr (digest, ==, digest_again);
  g_assert_cmpint (count_rows (f, "SELECT count(*) FROM import_log WHERE outcome ="
                                  " 'already_imported';"), ==, 2);
  g_assert_cmpint (count_rows (f, "SELECT count(*) FROM import_log WHERE outcome ="
                                  " 'replaced';"), ==, 1);
}

static void
fill_folder (Fixture *f,
             guint    n_agencies)
{
  g_autofree char *sub = g_build_filename (f->files, "older", NULL);

  for (guint a = 0; a < n_agencies; a++)
    {
      g_autofree char *id = amparo_test_agency_id (10 + a);
      g_autofree char *name = g_strdup_printf ("Agency %u", a);
      g_autofree char *file = g_strdup_printf ("%s-%u.amps", PERIOD, a);
      g_autoptr(AmparoTestSummary) ts = amparo_test_summary_new (id, name, PERIOD, 1, 5, 50 + a,
                                                                 0);
      guint8 pk[32], sk[64];
      g_autoptr(GBytes) b = NULL;

      amparo_test_agency_keys (10 + a, pk, sk);
      b = amparo_test_summary_seal (ts, f->coord_pk, sk);
      g_free (amparo_test_write_file (f->files, file, b));
      if (a == 0)
        {
          /* what a folder also holds: a half-written file, a hidden one,
           * something else, and a subfolder that is not looked into */
          g_free (amparo_test_write_file (f->files, "x.amps.part", b));
          g_free (amparo_test_write_file (f->files, "._x.amps", b));
          g_free (amparo_test_write_file (f->files, "notes.txt", b));
          g_assert_cmpint (g_mkdir (sub, 0700), ==, 0);
          g_free (amparo_test_write_file (sub, "y.amps", b));
        }
    }
}

static void
test_same_folder_twice_changes_nothing (Fixture       *f,
                                        gconstpointer  data)
{
  const char *paths[] = { f->files, NULL };
  g_autoptr(GPtrArray) first = NULL;
  g_autoptr(GPtrArray) again = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *summaries = NULL;
  g_autofree char *agencies = NULL;
  g_autofree char *summaries_again = NULL;
  g_autofree char *agencies_again = NULL;

  fill_folder (f, 3);
  first = amparo_coordinator_import_paths (f->vault, paths, AMPARO_IMPORT_POLICY_TRUST_NEW, NULL,
                                           NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (first->len, ==, 3);
  for (guint i = 0; i < first->len; i++)
    {
      AmparoImportResult *r = g_ptr_array_index (first, i);
      g_autofree char *expected = g_strdup_printf ("%s-%u.amps", PERIOD, i);

      g_assert_cmpstr (r->file_name, ==, expected);
      g_assert_cmpint (r->outcome, ==, AMPARO_IMPORT_OUTCOME_IMPORTED);
    }
  summaries = amparo_test_table_digest (f->db, "summaries");
  agencies = amparo_test_table_digest (f->db, "agencies");
  g_assert_true (g_str_has_prefix (summaries, "3:"));

  again = amparo_coordinator_import_paths (f->vault, paths, AMPARO_IMPORT_POLICY_TRUST_NEW, NULL,
                                           NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (again->len, ==, 3);
  for (guint i = 0; i < again->len; i++)
    g_assert_cmpint (((AmparoImportResult *) g_ptr_array_index (again, i))->outcome, ==,
                     AMPARO_IMPORT_OUTCOME_ALREADY_IMPORTED);
  summaries_again = amparo_test_table_digest (f->db, "summaries");
  agencies_again = amparo_test_table_digest (f->db, "agencies");
  g_assert_cmpstr (summaries, ==, summaries_again);
  g_assert_cmpstr (agencies, ==, agencies_again);
}

static void
test_bad_file_never_stops_the_others (Fixture       *f,
                                      gconstpointer  data)
{
  g_autofree char *bad = g_build_filename (f->files, "0-bad.amps", NULL);
  g_autofree char *missing = g_build_filename (f->dir, "gone", NULL);
  const char *paths[] = { missing, f->files, NULL };
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(GError) error = NULL;
  guint ok = 0;

  fill_folder (f, 2);
  g_assert_true (g_file_set_contents (bad, "AMPS\001garbage", -1, NULL));
  results = amparo_coordinator_import_paths (f->vault, paths, AMPARO_IMPORT_POLICY_TRUST_NEW,
                                             NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (results->len, ==, 4);
  g_assert_error (((AmparoImportResult *) g_ptr_array_index (results, 0))->error, AMPARO_ERROR,
                  AMPARO_ERROR_NOT_FOUND);
  g_assert_error (((AmparoImportResult *) g_ptr_array_index (results, 1))->error, AMPARO_ERROR,
                  AMPARO_ERROR_MALFORMED);
  for (guint i = 0; i < results->len; i++)
    ok += amparo_import_result_is_ok (g_ptr_array_index (results, i));
  g_assert_cmpuint (ok, ==, 2);
  g_assert_cmpint (count_rows (f, "SELECT count(*) FROM summaries;"), ==, 2);
}

/* --------------------------------------------------------------- async */

typedef struct
{
  GPtrArray *results;
  GError    *error;
  guint      progress_calls;
  guint      last_done;
  guint      total;
  gboolean   done;
} AsyncState;

static void
progress_cb (guint                     done,
             guint                     total,
             const AmparoImportResult *result,
             gpointer                  user_data)
{
  AsyncState *state = user_data;

  g_assert_cmpuint (done, ==, state->last_done + 1);
  g_assert_nonnull (result->file_name);
  g_assert_false (state->done);
  state->last_done = done;
  state->total = total;
  state->progress_calls++;
}

static void
import_done_cb (GObject      *source,
                GAsyncResult *res,
                gpointer      user_data)
{
  AsyncState *state = user_data;

  state->results = amparo_coordinator_import_paths_finish (AMPARO_VAULT (source), res,
                                                           &state->error);
  state->done = TRUE;
}

static void
test_async_import_reports_progress (Fixture       *f,
                                    gconstpointer  data)
{
  const char *paths[] = { f->files, NULL };
  AsyncState state = { 0 };

  fill_folder (f, 4);
  amparo_coordinator_import_paths_async (f->vault, paths, AMPARO_IMPORT_POLICY_TRUST_NEW,
                                         progress_cb, &state, NULL, import_done_cb, &state);
  while (!state.done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_no_error (state.error);
  g_assert_cmpuint (state.results->len, ==, 4);
  g_assert_cmpuint (state.progress_calls, ==, 4);
  g_assert_cmpuint (state.total, ==, 4);
  g_assert_cmpint (count_rows (f, "SELECT count(*) FROM summaries;"), ==, 4);
  g_ptr_array_unref (state.results);

  /* cancelled before it starts: nothing imported, the error says so */
  {
    g_autoptr(GCancellable) cancellable = g_cancellable_new ();
    AsyncState again = { 0 };

    g_cancellable_cancel (cancellable);
    amparo_coordinator_import_paths_async (f->vault, paths, AMPARO_IMPORT_POLICY_TRUST_NEW,
                                           NULL, NULL, cancellable, import_done_cb, &again);
    while (!again.done)
      g_main_context_iteration (NULL, TRUE);
    g_assert_error (again.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    g_assert_null (again.results);
    g_clear_error (&again.error);
  }
}

/* ------------------------------------------------------------- inspect */

static void
test_inspect_verifies_without_importing (Fixture       *f,
                                         gconstpointer  data)
{
  g_autoptr(AmparoTestSummary) ts = make_summary (f, 2, 61, 3);
  g_autofree char *path = write_sealed (f, "i.amps", ts);
  g_autofree char *json = amparo_test_summary_json (ts);
  g_autofree char *payload = NULL;
  g_autofree char *payload2 = NULL;
  g_auto(AmparoImportResult) result = { 0 };
  g_autoptr(GError) error = NULL;
  guint8 other_pk[32], other_sk[32];

  g_assert_true (amparo_coordinator_inspect_file (f->vault, path, &payload, &result, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (payload, ==, json);
  g_assert_error (result.error, AMPARO_ERROR, AMPARO_ERROR_UNKNOWN_AGENCY);
  g_assert_cmpint (count_rows (f, "SELECT count(*) FROM import_log;"), ==, 0);
  g_assert_cmpint (count_rows (f, "SELECT count(*) FROM agencies;"), ==, 0);

  g_assert_true (amparo_coordinator_pin_agency_key (f->vault, f->agency_id, "Casa", f->agency_pk,
                                                    &error));
  g_assert_true (amparo_coordinator_inspect_file (f->vault, path, &payload2, &result, &error));
  g_assert_null (result.error);
  g_assert_cmpint (result.outcome, ==, AMPARO_IMPORT_OUTCOME_IMPORTED);
  g_assert_cmpint (count_rows (f, "SELECT count(*) FROM summaries;"), ==, 0);

  /* a file it cannot verify is an error */
  {
    g_autoptr(GBytes) b = NULL;
    g_autofree char *p = NULL;

    crypto_box_keypair (other_pk, other_sk);
    b = amparo_test_summary_seal (ts, other_pk, f->agency_sk);
    p = amparo_test_write_file (f->files, "other.amps", b);
    g_assert_false (amparo_coordinator_inspect_file (f->vault, p, NULL, &result, &error));
    g_assert_error (error, AMPARO_ERROR, AMPARO_ERROR_NOT_FOR_US);
  }
}

/* ----------------------------------------------------------------- CLI */

static int
cli (Fixture  *f,
     char    **out,
     char    **err,
     ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  const char *arg;
  va_list ap;

  g_ptr_array_add (args, (gpointer) g_getenv ("AMPARO_CLI"));
  g_ptr_array_add (args, "--vault");
  g_ptr_array_add (args, f->vault_dir);
  va_start (ap, err);
  while ((arg = va_arg (ap, const char *)) != NULL)
    g_ptr_array_add (args, (gpointer) arg);
  va_end (ap);
  g_ptr_array_add (args, NULL);
  proc = g_subprocess_newv ((const char * const *) args->pdata,
                            G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE
                            | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (proc, TEST_PASSPHRASE "\n", NULL, out, err, &error);
  g_assert_no_error (error);
  return g_subprocess_get_exit_status (proc);
}

static void
test_cli_import_inspect_log (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(AmparoTestSummary) ts = make_summary (f, 1, 71, 3);
  g_autofree char *one = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  /* the CLI runs in its own process on the same vault */
  g_clear_object (&f->vault);
  f->db = NULL;
  fill_folder (f, 2);
  one = write_sealed (f, "one.amps", ts);

  g_assert_cmpint (cli (f, &out, &err, "inspect", one, NULL), ==, 0);
  g_assert_true (json_parser_load_from_data (parser, out, -1, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (
                     json_parser_get_root (parser)), "period"), ==, PERIOD);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* unknown agencies without --trust-new and without a terminal: refused */
  g_assert_cmpint (cli (f, &out, &err, "import", f->files, NULL), ==, 1);
  g_assert_nonnull (strstr (out, "refused"));
  g_assert_nonnull (strstr (out, "unknown_agency"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (cli (f, &out, &err, "import", f->files, "--trust-new", NULL), ==, 0);
  {
    g_auto(GStrv) lines = g_strsplit (out, "\n", -1);
    guint imported = 0, trusted = 0;

    for (guint i = 0; lines[i] != NULL; i++)
      {
        imported += strstr (lines[i], ".amps: imported") != NULL;
        trusted += g_str_has_prefix (lines[i], "  trusted a new agency");
      }
    g_assert_cmpuint (imported, ==, 3);
    g_assert_cmpuint (trusted, ==, 3);
  }
  g_assert_nonnull (strstr (out, "one.amps: imported"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* again: already imported, still success */
  g_assert_cmpint (cli (f, &out, &err, "import", one, NULL), ==, 0);
  g_assert_nonnull (strstr (out, "already_imported"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (cli (f, &out, &err, "import-log", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "unknown_agency"));
  g_assert_nonnull (strstr (out, "already_imported"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (cli (f, &out, &err, "import", NULL), ==, 2);
}

static void
test_cli_card_and_pin (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(AmparoCard) card = amparo_card_new_agency ("Casa", f->agency_id, f->agency_pk);
  g_autofree char *json = amparo_card_to_json (card);
  g_autoptr(GBytes) bytes = g_bytes_new (json, strlen (json));
  g_autofree char *card_path = amparo_test_write_file (f->dir, "agency.ampc", bytes);
  g_autofree char *fingerprint = amparo_fingerprint (f->agency_pk, 32);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GBytes) written = NULL;
  g_autoptr(AmparoCard) back = NULL;
  g_autoptr(GError) error = NULL;

  g_clear_object (&f->vault);
  g_assert_cmpint (cli (f, &out, &err, "card", "--to", f->files, NULL), ==, 0);
  lines = g_strsplit (g_strchomp (out), "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 2);
  g_assert_true (g_str_has_prefix (lines[0], f->files));
  g_assert_true (g_str_has_suffix (lines[0], ".ampc"));
  written = amparo_safe_file_read (lines[0], AMPARO_CARD_MAX_SIZE, &error);
  g_assert_no_error (error);
  back = amparo_card_from_bytes (written, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (back->key, 32, f->coord_pk, 32);
  {
    g_autofree char *expected = amparo_card_fingerprint (back);

    g_assert_nonnull (strstr (lines[1], expected));
  }
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (cli (f, &out, &err, "pin", card_path, NULL), ==, 0);
  g_assert_nonnull (strstr (out, fingerprint));
}

/* The committed fuzz seeds that should be valid are: a key or format
 * drift would leave the fuzzers with no valid seed to mutate. */
static void
test_fuzz_corpus_valid_seeds_open (void)
{
  const char *root = g_getenv ("AMPARO_SOURCE_ROOT");
  const char *files[] = { "summary-file/valid-full.amps", "summary-file/valid-small.amps" };
  const char *payloads[] = { "summary-reader/valid-full.json", "summary-reader/valid-small.json",
                             "summary-reader/valid-k3.json", "summary-file/payload-small.json" };
  guint8 pk[32], sk[32];

  g_assert_nonnull (root);
  amparo_test_coordinator_keys (pk, sk);
  for (guint i = 0; i < G_N_ELEMENTS (files) + G_N_ELEMENTS (payloads); i++)
    {
      gboolean sealed = i < G_N_ELEMENTS (files);
      g_autofree char *path = g_build_filename (root, "tests", "fuzz", "corpus",
                                                sealed ? files[i]
                                                       : payloads[i - G_N_ELEMENTS (files)],
                                                NULL);
      g_autofree char *data = NULL;
      g_autofree char *payload = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(AmparoSummary) summary = NULL;
      gsize len;
      guint8 signer[32];

      g_assert_true (g_file_get_contents (path, &data, &len, NULL));
      if (sealed)
        {
          g_autoptr(GBytes) bytes = g_bytes_new (data, len);

          g_assert_true (amparo_summary_open (bytes, pk, sk, &payload, signer, &error));
          g_assert_no_error (error);
        }
      else
        payload = g_strndup (data, len);
      summary = amparo_summary_from_json (payload, strlen (payload), &error);
      g_assert_no_error (error);
      g_assert_true (amparo_summary_validate_suppression (summary, &error));
      g_assert_no_error (error);
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_assert_cmpint (sodium_init (), >=, 0);

#define ADD(path, fn) g_test_add (path, Fixture, NULL, setup, fn, teardown)
  ADD ("/coordinator/card/names-coordinator-and-key", test_card_names_coordinator_and_key);
  g_test_add_func ("/coordinator/card/refused-on-agency-vault", test_card_refused_on_agency_vault);
  ADD ("/coordinator/pin/card-then-import-keeps-pinned-name",
       test_pin_card_then_import_keeps_pinned_name);
  ADD ("/coordinator/trust/unknown-refused-until-confirmed",
       test_unknown_agency_refused_until_confirmed);
  ADD ("/coordinator/trust/new-pins-and-imports-canonical-payload",
       test_trust_new_pins_and_imports_canonical_payload);
  ADD ("/coordinator/refuse/distinct-codes-change-nothing",
       test_refusals_have_distinct_codes_and_change_nothing);
  ADD ("/coordinator/refuse/flipped-byte-anywhere", test_flipped_byte_anywhere_is_refused);
  ADD ("/coordinator/sequence/replace-and-already-imported",
       test_higher_sequence_replaces_same_file_is_already_imported);
  ADD ("/coordinator/folder/twice-changes-nothing", test_same_folder_twice_changes_nothing);
  ADD ("/coordinator/folder/bad-file-never-stops-others", test_bad_file_never_stops_the_others);
  ADD ("/coordinator/async/progress", test_async_import_reports_progress);
  ADD ("/coordinator/inspect/verifies-without-importing",
       test_inspect_verifies_without_importing);
  ADD ("/coordinator/cli/import-inspect-log", test_cli_import_inspect_log);
  ADD ("/coordinator/cli/card-and-pin", test_cli_card_and_pin);
#undef ADD
  g_test_add_func ("/coordinator/fuzz-corpus/valid-seeds-open", test_fuzz_corpus_valid_seeds_open);

  return g_test_run ();
}
