/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <string.h>

#include <glib/gstdio.h>
#include <sodium.h>

#include "amparo-card.h"
#include "amparo-keys.h"
#include "amparo-secret.h"
#include "amparo-test-summary.h"
#include "fuzz-keys.h"

/* Writes the seed corpus of the fuzz targets, once, into
 * tests/fuzz/corpus/<target>/: valid payloads and files made with the
 * test summary builder, and broken ones. Sealed files differ on every
 * run (the sealed box is randomized); the corpus is committed as made.
 * Run it with AMPARO_TEST_KDF=interactive in a -Dtest_hooks=true build,
 * or the keys files take the full Argon2id cost to make.
 *
 *   build/tests/fuzz/make-corpus tests/fuzz/corpus */

static void
put (const char *dir,
     const char *name,
     const void *data,
     gsize       len)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;

  if (!g_file_set_contents (path, data, (gssize) len, &error))
    g_error ("%s", error->message);
}

static void
put_bytes (const char *dir,
           const char *name,
           GBytes     *bytes)
{
  gsize len;
  const void *data = g_bytes_get_data (bytes, &len);

  put (dir, name, data, len);
}

static void
put_text (const char *dir,
          const char *name,
          const char *text)
{
  put (dir, name, text, strlen (text));
}

static char *
replace_once (const char *text,
              const char *needle,
              const char *replacement)
{
  const char *at = strstr (text, needle);

  g_assert (at != NULL);
  return g_strdup_printf ("%.*s%s%s", (int) (at - text), text, replacement, at + strlen (needle));
}

static AmparoTestSummary *
summary (guint32 seed,
         guint   max_tables,
         int     k)
{
  g_autofree char *id = amparo_test_agency_id (1);

  return amparo_test_summary_new (id, "Casa Esperanza — Condado Norte", "2026-Q3", 7, k, seed,
                                  max_tables);
}

static void
reader_corpus (const char *dir)
{
  g_autoptr(AmparoTestSummary) full = summary (1, 0, 5);
  g_autoptr(AmparoTestSummary) small = summary (2, 3, 5);
  g_autoptr(AmparoTestSummary) k3 = summary (3, 6, 3);
  g_autofree char *full_json = amparo_test_summary_json (full);
  g_autofree char *small_json = amparo_test_summary_json (small);
  g_autofree char *k3_json = amparo_test_summary_json (k3);
  g_autofree char *empty_tables = NULL;
  g_autofree char *t1 = NULL, *t2 = NULL, *t3 = NULL, *t4 = NULL, *t5 = NULL, *t6 = NULL;
  g_autofree char *t7 = NULL, *t8 = NULL, *t9 = NULL;
  GString *deep = g_string_new ("{\"format\":");

  put_text (dir, "valid-full.json", full_json);
  put_text (dir, "valid-small.json", small_json);
  put_text (dir, "valid-k3.json", k3_json);
  empty_tables = g_strdup_printf ("%.*s[]}", (int) (strstr (small_json, "[{") - small_json),
                                  small_json);
  put_text (dir, "valid-no-tables.json", empty_tables);

  t1 = replace_once (small_json, "\"k\":5,", "\"k\":5,\"note\":\"x\",");
  put_text (dir, "bad-unknown-member.json", t1);
  t2 = replace_once (small_json, "[\"new\"]", "[\"brand_new\"]");
  put_text (dir, "bad-unknown-code.json", t2);
  t3 = replace_once (small_json, "2026-Q3", "2026-Q5");
  put_text (dir, "bad-period.json", t3);
  t4 = replace_once (small_json, "\"k\":5,", "\"k\":5,\"k\":5,");
  put_text (dir, "bad-duplicate-member.json", t4);
  t5 = replace_once (small_json, "\"sequence\":7", "\"sequence\":99999999999999999999");
  put_text (dir, "bad-huge-number.json", t5);
  t6 = replace_once (small_json, "\"count\":", "\"count\":-");
  put_text (dir, "bad-negative.json", t6);
  t7 = replace_once (small_json, "\"suppressed\":true", "\"suppressed\":false");
  put_text (dir, "bad-suppressed-false.json", t7);
  /* valid syntax, but a small count published: fails suppression only */
  t8 = replace_once (small_json, "\"suppressed\":true", "\"count\":2");
  put_text (dir, "bad-small-count.json", t8);
  t9 = g_strndup (full_json, strlen (full_json) / 2);
  put_text (dir, "bad-truncated.json", t9);
  for (guint i = 0; i < 200; i++)
    g_string_append (deep, "[");
  put_text (dir, "bad-deep.json", deep->str);
  g_string_free (deep, TRUE);
  put_text (dir, "bad-not-object.json", "[1,2,3]");
  put_text (dir, "bad-comment.json", "{/* */\"format\":1}");
  put (dir, "bad-nul.json", "{\"format\":1,\0}", 14);
  put_text (dir, "bad-utf8.json", "{\"format\":1,\"agency\":{\"id\":\"\xc3\x28\"}}");
  put (dir, "empty", "", 0);
}

static void
file_corpus (const char *dir)
{
  g_autoptr(AmparoTestSummary) full = summary (1, 0, 5);
  g_autoptr(AmparoTestSummary) small = summary (2, 3, 5);
  g_autofree char *small_json = amparo_test_summary_json (small);
  g_autoptr(GBytes) full_file = NULL;
  g_autoptr(GBytes) small_file = NULL;
  g_autoptr(GBytes) inner = NULL;
  g_autoptr(GBytes) inner_nosig = NULL;
  guint8 coord_pk[32], coord_sk[32], other_pk[32], other_sk[32];
  guint8 agency_pk[32], agency_sk[64];
  guint8 sig[64] = { 0 };

  amparo_fuzz_coordinator_keys (coord_pk, coord_sk);
  amparo_test_agency_keys (1, agency_pk, agency_sk);
  full_file = amparo_test_summary_seal (full, coord_pk, agency_sk);
  small_file = amparo_test_summary_seal (small, coord_pk, agency_sk);
  put_bytes (dir, "valid-full.amps", full_file);
  put_bytes (dir, "valid-small.amps", small_file);

  /* payload mode: the harness signs and seals */
  put_text (dir, "payload-small.json", small_json);

  /* inner mode: "I" then the inner message */
  {
    g_autoptr(GBytes) raw = amparo_test_inner_message ((const guint8 *) small_json,
                                                       strlen (small_json), agency_pk, sig, 64);
    g_autoptr(GBytes) raw_nosig = amparo_test_inner_message ((const guint8 *) small_json,
                                                             strlen (small_json), agency_pk,
                                                             NULL, 0);
    GByteArray *a = g_byte_array_new ();
    GByteArray *b = g_byte_array_new ();

    g_byte_array_append (a, (const guint8 *) "I", 1);
    g_byte_array_append (a, g_bytes_get_data (raw, NULL), (guint) g_bytes_get_size (raw));
    g_byte_array_append (b, (const guint8 *) "I", 1);
    g_byte_array_append (b, g_bytes_get_data (raw_nosig, NULL),
                         (guint) g_bytes_get_size (raw_nosig));
    inner = g_byte_array_free_to_bytes (a);
    inner_nosig = g_byte_array_free_to_bytes (b);
    put_bytes (dir, "inner-bad-signature.bin", inner);
    put_bytes (dir, "inner-no-signature.bin", inner_nosig);
  }

  /* damaged files */
  {
    gsize len;
    const guint8 *data = g_bytes_get_data (small_file, &len);
    g_autofree guint8 *copy = g_memdup2 (data, len + 1);
    g_autoptr(GBytes) other = NULL;

    put (dir, "bad-truncated.amps", data, len - 1);
    copy[len] = '\n';
    put (dir, "bad-trailing.amps", copy, len + 1);
    copy[len / 2] ^= 0x20;
    put (dir, "bad-flipped.amps", copy, len);
    copy[len / 2] ^= 0x20;
    copy[4] = 2;
    put (dir, "bad-version.amps", copy, len);
    put (dir, "bad-magic-only.amps", "AMPS\001", 5);
    crypto_box_keypair (other_pk, other_sk);
    other = amparo_test_summary_seal (small, other_pk, agency_sk);
    put_bytes (dir, "bad-other-coordinator.amps", other);
  }
}


/* The body of a keys file: what follows its first line. */
static const char *
keys_body (GBytes *file)
{
  const char *data = g_bytes_get_data (file, NULL);
  const char *nl = strchr (data, '\n');

  g_assert (nl != NULL);
  return nl + 1;
}

static void
keys_corpus (const char *dir)
{
  g_autoptr(AmparoKeyFile) agency = amparo_key_file_new ("6f1c2a4e-9b1d-4c3e-8a55-0d2f7e9b1c11",
                                                         AMPARO_VAULT_KIND_AGENCY);
  g_autoptr(AmparoKeyFile) coordinator = amparo_key_file_new ("0b7e6d1a-3c2f-4e8d-9a10-5f4c3b2a1d09",
                                                              AMPARO_VAULT_KIND_COORDINATOR);
  g_autoptr(AmparoSecret) k_cases = amparo_secret_new_random (AMPARO_KEY_BYTES);
  g_autoptr(AmparoSecret) k_contacts = amparo_secret_new_random (AMPARO_KEY_BYTES);
  g_autoptr(GBytes) agency_file = NULL;
  g_autoptr(GBytes) coordinator_file = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *t1 = NULL, *t2 = NULL, *t3 = NULL, *t4 = NULL, *t5 = NULL, *t6 = NULL;
  const char *body;

  if (!amparo_key_file_add_account (agency, "supervisor", AMPARO_ROLE_SUPERVISOR,
                                    "fuzz corpus passphrase 1", k_cases, k_contacts, &error)
      || !amparo_key_file_add_account (agency, "advocate", AMPARO_ROLE_ADVOCATE,
                                       "fuzz corpus passphrase 2", k_cases, k_contacts, &error)
      || !amparo_key_file_add_account (agency, "reports", AMPARO_ROLE_REPORTING,
                                       "fuzz corpus passphrase 3", k_cases, NULL, &error)
      || !amparo_key_file_add_account (coordinator, "coordinator", AMPARO_ROLE_SUPERVISOR,
                                       "fuzz corpus passphrase 4", k_cases, k_contacts, &error))
    g_error ("%s", error->message);
  agency_file = amparo_key_file_serialize (agency);
  coordinator_file = amparo_key_file_serialize (coordinator);
  put_bytes (dir, "valid-agency.keys", agency_file);
  put_bytes (dir, "valid-coordinator.keys", coordinator_file);

  /* bodies only: the harness puts the right header in front */
  body = keys_body (agency_file);
  put_text (dir, "body-agency.json", body);
  t1 = replace_once (body, "\"ops\" : ", "\"ops\" : 1");
  put_text (dir, "body-weak-ops.json", t1);
  t2 = replace_once (body, "argon2id13", "scrypt");
  put_text (dir, "body-other-kdf.json", t2);
  t3 = replace_once (body, "\"role\" : \"advocate\"", "\"role\" : \"admin\"");
  put_text (dir, "body-bad-role.json", t3);
  t4 = replace_once (body, "\"name\" : \"advocate\"", "\"name\" : \"supervisor\"");
  put_text (dir, "body-duplicate-account.json", t4);
  t5 = replace_once (body, "\"kind\" : \"agency\"", "\"kind\" : \"agency\", \"extra\" : 1");
  put_text (dir, "body-unknown-member.json", t5);
  t6 = g_strndup (body, strlen (body) / 2);
  put_text (dir, "body-truncated.json", t6);
  put_text (dir, "body-no-accounts.json",
            "{\"vault\":\"6f1c2a4e-9b1d-4c3e-8a55-0d2f7e9b1c11\",\"kind\":\"agency\","
            "\"accounts\":[]}");

  /* whole files, damaged */
  {
    gsize len;
    const guint8 *data = g_bytes_get_data (agency_file, &len);
    g_autofree guint8 *copy = g_memdup2 (data, len);

    copy[len / 2] ^= 0x01;
    put (dir, "bad-flipped.keys", copy, len);
    put (dir, "bad-truncated.keys", data, len - 10);
  }
  put_text (dir, "bad-version.keys", "AMPARO-KEYS 2 00\n{}");
  put_text (dir, "bad-no-header.keys", "{\"vault\":1}");
  put (dir, "empty", "", 0);
}

static void
card_corpus (const char *dir)
{
  guint8 coord_pk[32], coord_sk[32], agency_pk[32], agency_sk[64];
  g_autoptr(AmparoCard) coordinator = NULL;
  g_autoptr(AmparoCard) agency = NULL;
  g_autofree char *agency_id = amparo_test_agency_id (1);
  g_autofree char *coordinator_json = NULL;
  g_autofree char *agency_json = NULL;
  g_autofree char *t1 = NULL, *t2 = NULL, *t3 = NULL, *t4 = NULL, *t5 = NULL;

  amparo_fuzz_coordinator_keys (coord_pk, coord_sk);
  amparo_test_agency_keys (1, agency_pk, agency_sk);
  coordinator = amparo_card_new_coordinator ("Red Regional de Refugios", coord_pk);
  agency = amparo_card_new_agency ("Casa Esperanza — Condado Norte", agency_id, agency_pk);
  coordinator_json = amparo_card_to_json (coordinator);
  agency_json = amparo_card_to_json (agency);
  put_text (dir, "valid-coordinator.ampc", coordinator_json);
  put_text (dir, "valid-agency.ampc", agency_json);

  t1 = replace_once (agency_json, "\"agency\"", "\"coordinator\"");
  put_text (dir, "bad-kind.ampc", t1);
  t2 = replace_once (coordinator_json, "\"format\":1", "\"format\":2");
  put_text (dir, "bad-format.ampc", t2);
  t3 = replace_once (coordinator_json, "\"name\":", "\"extra\":1,\"name\":");
  put_text (dir, "bad-member.ampc", t3);
  t4 = g_strndup (agency_json, strlen (agency_json) - 5);
  put_text (dir, "bad-truncated.ampc", t4);
  t5 = replace_once (agency_json, agency_id, "not-a-uuid");
  put_text (dir, "bad-agency-id.ampc", t5);
  put_text (dir, "bad-short-key.ampc",
            "{\"format\":1,\"kind\":\"coordinator\",\"name\":\"X\",\"public_key\":\"AAAA\"}");
  put (dir, "empty", "", 0);
}

#define DIRECTORY_HEAD "{\"format\": \"amparo-directory\", \"version\": 1, " \
                       "\"generated\": \"2026-05-01\", \"partners\": ["

static void
directory_corpus (const char *dir)
{
  put_text (dir, "valid-one.ampd",
            DIRECTORY_HEAD "{\"organisation\": \"Casa Nueva\", \"sector\": \"shelter\", "
            "\"tier\": 1}]}");
  put_text (dir, "valid-full.ampd",
            DIRECTORY_HEAD "{\"organisation\": \"Clínica Norte\", \"sector\": \"health\", "
            "\"tier\": 2, \"services\": \"Atención médica\\nUrgencias\", \"eligibility\": "
            "\"Mayores de 18\", \"languages\": \"es, en\", \"hours\": \"L-V 9-17\", "
            "\"channels\": \"Teléfono\", \"contact\": \"Recepción\", \"agreement_signed\": "
            "\"2025-01-10\", \"next_review\": \"2026-01-10\", \"duties\": \"Aviso previo\"}, "
            "{\"organisation\": \"Legal Aid North\", \"sector\": \"legal\", \"tier\": 4}]}");
  put_text (dir, "valid-empty.ampd",
            "{\"format\": \"amparo-directory\", \"version\": 1, \"partners\": []}");
  put_text (dir, "bad-sector.ampd",
            DIRECTORY_HEAD "{\"organisation\": \"X\", \"sector\": \"police\", \"tier\": 1}]}");
  put_text (dir, "bad-tier.ampd",
            DIRECTORY_HEAD "{\"organisation\": \"X\", \"sector\": \"court\", \"tier\": 7}]}");
  put_text (dir, "bad-huge-tier.ampd",
            DIRECTORY_HEAD "{\"organisation\": \"X\", \"sector\": \"court\", "
            "\"tier\": 4294967297}]}");
  put_text (dir, "bad-date.ampd",
            DIRECTORY_HEAD "{\"organisation\": \"X\", \"sector\": \"court\", \"tier\": 1, "
            "\"next_review\": \"2026-02-30\"}]}");
  put_text (dir, "bad-member.ampd",
            DIRECTORY_HEAD "{\"organisation\": \"X\", \"sector\": \"shelter\", \"tier\": 1, "
            "\"client_name\": \"Z\"}]}");
  put_text (dir, "bad-repeat.ampd",
            DIRECTORY_HEAD "{\"organisation\": \"Casa  Nueva\", \"sector\": \"shelter\", "
            "\"tier\": 1}, {\"organisation\": \"casa nueva\", \"sector\": \"shelter\", "
            "\"tier\": 2}]}");
  put_text (dir, "bad-control.ampd",
            DIRECTORY_HEAD "{\"organisation\": \"X\\u0007Y\", \"sector\": \"shelter\", "
            "\"tier\": 1}]}");
  put_text (dir, "bad-version.ampd",
            "{\"format\": \"amparo-directory\", \"version\": 2, \"partners\": []}");
  put_text (dir, "bad-truncated.ampd", DIRECTORY_HEAD "{\"organisation\": \"X\", \"sec");
  put_text (dir, "bad-not-object.ampd", "[1, 2, 3]");
  put (dir, "empty", "", 0);
}

static void
csv_corpus (const char *dir,
            const char *source_root)
{
  for (guint i = 0; i < 2; i++)
    {
      const char *name = i == 0 ? "csv-template.csv" : "csv-template.es.csv";
      g_autofree char *path = g_build_filename (source_root, "data", name, NULL);
      g_autofree char *data = NULL;
      g_autoptr(GError) error = NULL;
      gsize len;

      if (!g_file_get_contents (path, &data, &len, &error))
        g_error ("%s", error->message);
      put (dir, i == 0 ? "valid-template.csv" : "valid-template-es.csv", data, len);
    }
  put_text (dir, "valid-minimal.csv",
            "first_name,last_name,opened,gender\nAlpha,One,2025-01-02,woman\n");
  put_text (dir, "valid-crlf.csv",
            "first_name,last_name,opened,counted\r\nBeta,Two,2024-12-31,no\r\n");
  put_text (dir, "bad-date.csv",
            "first_name,last_name,opened\nAlpha,One,2025-02-30\n");
  put_text (dir, "bad-code.csv",
            "first_name,last_name,opened,victimization\nAlpha,One,2025-01-02,burglary|stalking\n");
  put_text (dir, "bad-unknown-column.csv",
            "first_name,last_name,opened,ssn\nAlpha,One,2025-01-02,123\n");
  put_text (dir, "bad-missing-name.csv", "first_name,last_name,opened\n,,2025-01-02\n");
  put_text (dir, "bad-closed-before-opened.csv",
            "first_name,last_name,opened,closed\nAlpha,One,2025-01-02,2024-01-01\n");
  put_text (dir, "bad-quote.csv", "first_name,last_name,opened\n\"Alpha,One,2025-01-02\n");
  put_text (dir, "bad-extra-cells.csv", "first_name,last_name,opened\nA,B,2025-01-02,x,y\n");
  put (dir, "bad-latin1.csv", "first_name,last_name,opened\nJos\xe9,P,2025-01-02\n", 43);
  put (dir, "bad-nul.csv", "first_name,last_name\0,opened\n", 28);
  put (dir, "empty", "", 0);
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *reader = NULL;
  g_autofree char *file = NULL;

  if (argc != 2)
    {
      g_printerr ("usage: make-corpus CORPUS_DIR\n");
      return 2;
    }
  g_assert (sodium_init () >= 0);
  reader = g_build_filename (argv[1], "summary-reader", NULL);
  file = g_build_filename (argv[1], "summary-file", NULL);
  g_mkdir_with_parents (reader, 0755);
  g_mkdir_with_parents (file, 0755);
  reader_corpus (reader);
  file_corpus (file);
  {
    const char *targets[] = { "keys-reader", "card-reader", "directory-reader", "csv-reader" };
    const char *root = g_getenv ("AMPARO_SOURCE_ROOT");

    for (guint i = 0; i < G_N_ELEMENTS (targets); i++)
      {
        g_autofree char *sub = g_build_filename (argv[1], targets[i], NULL);

        g_mkdir_with_parents (sub, 0755);
        if (i == 0)
          keys_corpus (sub);
        else if (i == 1)
          card_corpus (sub);
        else if (i == 2)
          directory_corpus (sub);
        else
          csv_corpus (sub, root != NULL ? root : ".");
      }
  }
  return 0;
}
