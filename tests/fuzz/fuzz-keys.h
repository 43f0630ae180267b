/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <sodium.h>

/* The fixed coordinator key pair the summary-file fuzzer opens files
 * with, and the corpus generator and tests seal them to. Test keys only:
 * derived from a public seed. */
#define AMPARO_FUZZ_COORDINATOR_SEED "amparo fuzz coordinator seed 32b"

static inline void
amparo_fuzz_coordinator_keys (unsigned char pk[crypto_box_PUBLICKEYBYTES],
                              unsigned char sk[crypto_box_SECRETKEYBYTES])
{
  _Static_assert (sizeof AMPARO_FUZZ_COORDINATOR_SEED - 1 == crypto_box_SEEDBYTES,
                  "the seed is crypto_box_SEEDBYTES long");
  if (sodium_init () < 0)
    __builtin_trap ();
  crypto_box_seed_keypair (pk, sk, (const unsigned char *) AMPARO_FUZZ_COORDINATOR_SEED);
}
