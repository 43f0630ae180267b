/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <glib.h>
#include <sodium.h>

#include "amparo-error.h"
#include "amparo-summary.h"
#include "fuzz-keys.h"

/* The whole path of an .amps file at the coordinator: open (size, magic,
 * sealed box, inner layout, signature), then the strict reader and the
 * suppression re-check, with the fixed test coordinator keys.
 *
 * A mutated sealed box almost never opens, so the input says what it is:
 *
 * - "AMPS…": a whole file, opened as it is;
 * - "I…": the rest is the inner message (layout, key, signature), sealed
 *   here to the test coordinator first;
 * - anything else: a payload, signed here with a fixed agency key and
 *   sealed, so mutations reach the reader through the real file path. */

#define SIGN_CONTEXT "amparo-summary-v1" /* signed with its NUL */

int LLVMFuzzerInitialize (int    *argc,
                          char ***argv);
int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

static guint8 coord_pk[crypto_box_PUBLICKEYBYTES];
static guint8 coord_sk[crypto_box_SECRETKEYBYTES];
static guint8 agency_pk[crypto_sign_PUBLICKEYBYTES];
static guint8 agency_sk[crypto_sign_SECRETKEYBYTES];

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  guint8 seed[crypto_sign_SEEDBYTES] = "amparo fuzz agency seed 32 bytes";

  g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
  amparo_fuzz_coordinator_keys (coord_pk, coord_sk);
  crypto_sign_seed_keypair (agency_pk, agency_sk, seed);
  return 0;
}

static GBytes *
seal (const guint8 *inner,
      gsize         len)
{
  gsize file_len = 5 + crypto_box_SEALBYTES + len;
  guint8 *file = g_malloc (file_len);

  memcpy (file, "AMPS", 4);
  file[4] = 1;
  if (crypto_box_seal (file + 5, inner, len, coord_pk) != 0)
    g_error ("sealing failed");
  return g_bytes_new_take (file, file_len);
}

static GBytes *
sign_and_seal (const guint8 *payload,
               gsize         len)
{
  gsize inner_len = 9 + len + crypto_sign_PUBLICKEYBYTES + crypto_sign_BYTES;
  g_autofree guint8 *inner = g_malloc (inner_len);
  g_autofree guint8 *msg = g_malloc (sizeof SIGN_CONTEXT + len);

  memcpy (inner, "AMPI\001", 5);
  inner[5] = (len >> 24) & 0xff;
  inner[6] = (len >> 16) & 0xff;
  inner[7] = (len >> 8) & 0xff;
  inner[8] = len & 0xff;
  memcpy (inner + 9, payload, len);
  memcpy (inner + 9 + len, agency_pk, sizeof agency_pk);
  memcpy (msg, SIGN_CONTEXT, sizeof SIGN_CONTEXT);
  memcpy (msg + sizeof SIGN_CONTEXT, payload, len);
  crypto_sign_detached (inner + 9 + len + sizeof agency_pk, NULL, msg, sizeof SIGN_CONTEXT + len,
                        agency_sk);
  return seal (inner, inner_len);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GBytes) file = NULL;
  g_autoptr(AmparoSummary) summary = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *payload = NULL;
  guint8 signer[crypto_sign_PUBLICKEYBYTES] = { 0 };

  /* Bigger inputs only test the size check, already covered. */
  if (size > AMPARO_SUMMARY_MAX_SIZE + 1)
    return 0;
  if (size >= 4 && memcmp (data, "AMPS", 4) == 0)
    file = g_bytes_new (data, size);
  else if (size >= 1 && data[0] == 'I')
    file = seal (data + 1, size - 1);
  else
    file = sign_and_seal (data, size);

  if (!amparo_summary_open (file, coord_pk, coord_sk, &payload, signer, &error))
    {
      if (error == NULL || error->domain != AMPARO_ERROR || payload != NULL)
        g_error ("open refused without an Amparo error, or left a payload");
      return 0;
    }
  if (strlen (payload) == 0 || !g_utf8_validate (payload, -1, NULL))
    g_error ("open handed on a payload that is not text");

  summary = amparo_summary_from_json (payload, strlen (payload), &error);
  if (summary == NULL)
    return 0;
  if (!amparo_summary_validate_suppression (summary, &error)
      && !g_error_matches (error, AMPARO_ERROR, AMPARO_ERROR_SUPPRESSION))
    g_error ("suppression refused with another error");
  return 0;
}
