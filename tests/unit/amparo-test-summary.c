/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <string.h>

#include <sodium.h>

#include "amparo-suppress.h"
#include "amparo-test-summary.h"
#include "fuzz-keys.h"

#define SIGN_CONTEXT "amparo-summary-v1" /* as amparo-summary-file.c, with its NUL */

/* Many zeros, many small counts, some large ones: enough suppression,
 * primary and secondary, to matter. */
static gint64
random_count (GRand *rand)
{
  gint32 r = g_rand_int_range (rand, 0, 100);

  if (r < 30)
    return 0;
  if (r < 60)
    return g_rand_int_range (rand, 1, 7);
  return g_rand_int_range (rand, 5, 80);
}

/* A table that passes the suppression check once suppressed; the few
 * draws amparo_suppress_table() cannot fix are drawn again. */
static void
make_table (const AmparoTableSpec *spec,
            int                    k,
            GRand                 *rand,
            AmparoTable          **out_published,
            AmparoTable          **out_exact)
{
  for (;;)
    {
      g_autoptr(AmparoTable) table = amparo_table_new_from_spec (spec);
      gint64 sum = 0, max = 0;

      for (guint i = 0; i < table->cells->len; i++)
        {
          AmparoCell *cell = g_ptr_array_index (table->cells, i);

          cell->count = random_count (rand);
          sum += cell->count;
          max = MAX (max, cell->count);
        }
      /* A non-additive table's cells each count part of its total. */
      table->total = spec->additive ? sum : max + g_rand_int_range (rand, 0, 12);
      *out_exact = amparo_table_copy (table);
      amparo_suppress_table (table, k);
      if (amparo_suppress_check (table, k, NULL))
        {
          *out_published = g_steal_pointer (&table);
          return;
        }
      g_clear_pointer (out_exact, amparo_table_free);
    }
}

/**
 * amparo_test_summary_new:
 * @max_tables: how many catalogue tables, from the first; 0 for all
 *
 * Returns: a summary with random counts drawn from @seed
 */
AmparoTestSummary *
amparo_test_summary_new (const char *agency_id,
                         const char *agency_name,
                         const char *period,
                         gint64      sequence,
                         int         k,
                         guint32     seed,
                         guint       max_tables)
{
  AmparoTestSummary *ts = g_new0 (AmparoTestSummary, 1);
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  const AmparoTableSpec *specs;
  guint n_specs;

  specs = amparo_table_specs (&n_specs);
  if (max_tables > 0)
    n_specs = MIN (n_specs, max_tables);

  ts->summary = amparo_summary_new ();
  ts->summary->agency_id = g_strdup (agency_id);
  ts->summary->agency_name = g_strdup (agency_name);
  ts->summary->period = g_strdup (period);
  ts->summary->sequence = sequence;
  ts->summary->k = k;
  ts->summary->generated = g_strdup ("2026-10-02");
  ts->exact = g_ptr_array_new_with_free_func ((GDestroyNotify) amparo_table_free);
  for (guint i = 0; i < n_specs; i++)
    {
      AmparoTable *published, *exact;

      make_table (&specs[i], k, rand, &published, &exact);
      g_ptr_array_add (ts->summary->tables, published);
      g_ptr_array_add (ts->exact, exact);
    }
  return ts;
}

void
amparo_test_summary_free (AmparoTestSummary *ts)
{
  if (ts == NULL)
    return;
  amparo_summary_free (ts->summary);
  g_ptr_array_unref (ts->exact);
  g_free (ts);
}

char *
amparo_test_summary_json (const AmparoTestSummary *ts)
{
  return amparo_summary_to_json (ts->summary);
}

GBytes *
amparo_test_summary_seal (const AmparoTestSummary *ts,
                          const guint8             coord_pk[32],
                          const guint8             sign_sk[64])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *json = amparo_test_summary_json (ts);
  GBytes *bytes = amparo_summary_seal (json, coord_pk, sign_sk, &error);

  g_assert_no_error (error);
  return bytes;
}

/* Deterministic ids and keys, so the corpus generator gives the same
 * files every run. */
char *
amparo_test_agency_id (guint32 n)
{
  return g_strdup_printf ("6f1c2a8e-3b4d-4c5e-9f60-%012x", n);
}

void
amparo_test_agency_keys (guint32 n,
                         guint8  pk[32],
                         guint8  sk[64])
{
  guint8 seed[crypto_sign_SEEDBYTES] = { 0 };

  g_assert_cmpint (sodium_init (), >=, 0);
  memcpy (seed, "agency", 6);
  seed[28] = (n >> 24) & 0xff;
  seed[29] = (n >> 16) & 0xff;
  seed[30] = (n >> 8) & 0xff;
  seed[31] = n & 0xff;
  crypto_sign_seed_keypair (pk, sk, seed);
}

void
amparo_test_coordinator_keys (guint8 pk[32],
                              guint8 sk[32])
{
  amparo_fuzz_coordinator_keys (pk, sk);
}

/* "AMPI" 1 u32 n payload[n] pk[32] signature — @signature_len may be
 * short or 0 to make a damaged message. */
GBytes *
amparo_test_inner_message (const guint8 *payload,
                           gsize         len,
                           const guint8  sign_pk[32],
                           const guint8 *signature,
                           gsize         signature_len)
{
  GByteArray *inner = g_byte_array_new ();
  guint8 header[9] = { 'A', 'M', 'P', 'I', 1,
                       (len >> 24) & 0xff, (len >> 16) & 0xff, (len >> 8) & 0xff, len & 0xff };

  g_byte_array_append (inner, header, sizeof header);
  g_byte_array_append (inner, payload, (guint) len);
  g_byte_array_append (inner, sign_pk, 32);
  if (signature_len > 0)
    g_byte_array_append (inner, signature, (guint) signature_len);
  return g_byte_array_free_to_bytes (inner);
}

GBytes *
amparo_test_seal_inner (GBytes       *inner,
                        const guint8  coord_pk[32])
{
  gsize len;
  const guint8 *data = g_bytes_get_data (inner, &len);
  gsize file_len = 5 + crypto_box_SEALBYTES + len;
  guint8 *file = g_malloc (file_len);

  memcpy (file, "AMPS", 4);
  file[4] = 1;
  g_assert_cmpint (crypto_box_seal (file + 5, data, len, coord_pk), ==, 0);
  return g_bytes_new_take (file, file_len);
}

/* Signed properly, but without amparo_summary_seal()'s own check of the
 * payload: how a hostile or buggy agency program would write. */
GBytes *
amparo_test_seal_unchecked (const char   *payload,
                            const guint8  coord_pk[32],
                            const guint8  sign_sk[64])
{
  gsize len = strlen (payload);
  g_autofree guint8 *msg = g_malloc (sizeof SIGN_CONTEXT + len);
  g_autoptr(GBytes) inner = NULL;
  guint8 pk[crypto_sign_PUBLICKEYBYTES];
  guint8 sig[crypto_sign_BYTES];

  memcpy (msg, SIGN_CONTEXT, sizeof SIGN_CONTEXT);
  memcpy (msg + sizeof SIGN_CONTEXT, payload, len);
  crypto_sign_detached (sig, NULL, msg, sizeof SIGN_CONTEXT + len, sign_sk);
  crypto_sign_ed25519_sk_to_pk (pk, sign_sk);
  inner = amparo_test_inner_message ((const guint8 *) payload, len, pk, sig, sizeof sig);
  return amparo_test_seal_inner (inner, coord_pk);
}

char *
amparo_test_write_file (const char *dir,
                        const char *name,
                        GBytes     *bytes)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (dir, name, NULL);
  gsize len;
  const char *data = g_bytes_get_data (bytes, &len);

  g_file_set_contents (path, data != NULL ? data : "", (gssize) len, &error);
  g_assert_no_error (error);
  return path;
}
