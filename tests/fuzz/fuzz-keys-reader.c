/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <glib.h>
#include <sodium.h>

#include "amparo-error.h"
#include "amparo-keys.h"
#include "amparo-secret.h"

/* The vault's `keys` file reader, amparo_key_file_parse(), as unlocking
 * runs it on whatever is on the disk. Each input is read twice:
 *
 * - as the whole file, header and checksum included;
 * - as the body only, with a correct header put in front, so the fuzzer
 *   reaches the JSON reader past the checksum.
 *
 * Besides "no crash, no leak", it checks that a refusal is an
 * AMPARO_ERROR with a UTF-8 message, that an accepted file writes back
 * to a file that reads back the same, and that unwrapping with a wrong
 * key is refused as a wrong passphrase (no Argon2id here: too slow). */

int LLVMFuzzerInitialize (int    *argc,
                          char ***argv);
int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
  if (sodium_init () < 0)
    g_error ("libsodium did not start");
  return 0;
}

static void
check_accepted (AmparoKeyFile *kf)
{
  g_autoptr(GBytes) written = amparo_key_file_serialize (kf);
  g_autoptr(GBytes) rewritten = NULL;
  g_autoptr(AmparoKeyFile) again = NULL;
  g_autoptr(AmparoSecret) kek = amparo_secret_new (AMPARO_KEY_BYTES);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) names = amparo_key_file_list_accounts (kf);
  gsize len;
  const guint8 *bytes = g_bytes_get_data (written, &len);

  if (names == NULL || names[0] == NULL)
    g_error ("an accepted keys file lists no account");
  if (!g_uuid_string_is_valid (amparo_key_file_get_vault_id (kf)))
    g_error ("an accepted keys file has an invalid vault id");
  again = amparo_key_file_parse (bytes, len, &error);
  if (again == NULL)
    g_error ("a keys file as written is refused: %s", error->message);
  rewritten = amparo_key_file_serialize (again);
  if (!g_bytes_equal (written, rewritten))
    g_error ("a keys file does not write back the same");

  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autoptr(AmparoSecret) k_cases = NULL;
      g_autoptr(AmparoSecret) k_contacts = NULL;
      AmparoRole role;

      if (!amparo_key_file_has_account (kf, names[i])
          || !amparo_key_file_get_role (kf, names[i], &role))
        g_error ("a listed account is not found");
      g_clear_error (&error);
      if (amparo_key_file_unwrap (kf, names[i], kek, &role, &k_cases, &k_contacts, &error))
        g_error ("a wrapped key opened with a key of zeros");
      if (!g_error_matches (error, AMPARO_ERROR, AMPARO_ERROR_WRONG_PASSPHRASE))
        g_error ("a wrong key is not refused as a wrong passphrase");
    }
}

static void
read_one (const guint8 *data,
          gsize         size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AmparoKeyFile) kf = amparo_key_file_parse (data, size, &error);

  if (kf == NULL)
    {
      if (error == NULL || error->domain != AMPARO_ERROR
          || !g_utf8_validate (error->message, -1, NULL))
        g_error ("refused without an Amparo error");
      return;
    }
  check_accepted (kf);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  guint8 digest[32];
  char hex[65];
  g_autofree char *header = NULL;
  g_autofree guint8 *whole = NULL;
  gsize header_len;

  read_one (data, size);

  if (size > AMPARO_KEYS_MAX_SIZE)
    return 0;
  crypto_generichash (digest, sizeof digest, data, size, NULL, 0);
  sodium_bin2hex (hex, sizeof hex, digest, sizeof digest);
  header = g_strdup_printf ("AMPARO-KEYS %d %s\n", AMPARO_KEYS_FORMAT_VERSION, hex);
  header_len = strlen (header);
  /* exactly the size, so a read past the end is seen */
  whole = g_malloc (header_len + size);
  memcpy (whole, header, header_len);
  if (size > 0)
    memcpy (whole + header_len, data, size);
  read_one (whole, header_len + size);
  return 0;
}
