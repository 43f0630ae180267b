/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <string.h>

#include <glib/gstdio.h>
#include <sodium.h>

#include "amparo-test-summary.h"
#include "fuzz-keys.h"

/* Writes the seed corpus of the fuzz targets, once, into
 * tests/fuzz/corpus/<target>/: valid payloads and files made with the
 * test summary builder, and broken ones. Sealed files differ on every
 * run (the sealed box is randomized); the corpus is committed as made.
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
  return 0;
}
