/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "AmparoSummary"

#include <string.h>

#include <glib/gi18n.h>
#include <sodium.h>

#include "amparo-error.h"
#include "amparo-summary.h"

/* The .amps file, all integers big-endian:
 *
 *   "AMPS"  u8 version = 1  crypto_box_seal (coordinator's X25519 key, inner)
 *
 * and the sealed inner message:
 *
 *   "AMPI"  u8 version = 1  u32 n  payload[n]  agency Ed25519 key[32]  signature[64]
 *
 * with nothing after the signature. The signature is Ed25519 over
 * "amparo-summary-v1\0" followed by the payload: the prefix, with its
 * NUL, keeps a summary signature from ever being valid for anything else
 * the same key might sign, and a future format would sign a new prefix.
 *
 * The sealed box hides the payload and the agency's key from anyone but
 * the coordinator but does not say who wrote it; the signature does, and
 * the importer compares the key with the one it pinned. */

#define FILE_MAGIC       "AMPS"
#define INNER_MAGIC      "AMPI"
#define FILE_VERSION     1
#define INNER_VERSION    1
#define SIGN_CONTEXT     "amparo-summary-v1" /* signed with its NUL */
#define FILE_HEADER      (4 + 1)
#define INNER_HEADER     (4 + 1 + 4)
#define INNER_TRAILER    (crypto_sign_PUBLICKEYBYTES + crypto_sign_BYTES)
#define FILE_OVERHEAD    (FILE_HEADER + crypto_box_SEALBYTES + INNER_HEADER + INNER_TRAILER)
#define MAX_PAYLOAD      (AMPARO_SUMMARY_MAX_SIZE - FILE_OVERHEAD)

#define FINGERPRINT_CONTEXT "amparo-fingerprint-v1" /* hashed with its NUL */
#define FINGERPRINT_GROUPS  5

G_STATIC_ASSERT (MAX_PAYLOAD < G_MAXUINT32);
G_STATIC_ASSERT (AMPARO_SIGN_PUBLIC_KEY_BYTES == crypto_sign_PUBLICKEYBYTES);
G_STATIC_ASSERT (AMPARO_SIGN_SECRET_KEY_BYTES == crypto_sign_SECRETKEYBYTES);
G_STATIC_ASSERT (AMPARO_BOX_PUBLIC_KEY_BYTES == crypto_box_PUBLICKEYBYTES);
G_STATIC_ASSERT (AMPARO_BOX_SECRET_KEY_BYTES == crypto_box_SECRETKEYBYTES);

/* Plaintext payloads and messages live in guarded memory that
 * sodium_free() wipes. */
typedef guint8 SecureBuf;
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SecureBuf, sodium_free)

static gboolean
ensure_sodium (GError **error)
{
  if (sodium_init () < 0)
    {
      g_set_error_literal (error, AMPARO_ERROR, AMPARO_ERROR_FAILED,
                           _("The cryptography library could not start."));
      return FALSE;
    }
  return TRUE;
}

static SecureBuf *
secure_alloc (gsize    size,
              GError **error)
{
  SecureBuf *buf = sodium_malloc (size);

  if (buf == NULL)
    g_set_error_literal (error, AMPARO_ERROR, AMPARO_ERROR_FAILED,
                         _("Not enough memory to handle the summary."));
  return buf;
}

static gboolean
refuse (GError    **error,
        AmparoError code,
        const char *message)
{
  g_set_error_literal (error, AMPARO_ERROR, code, message);
  return FALSE;
}

/* "amparo-summary-v1\0" || payload */
static SecureBuf *
signed_message_new (const guint8 *payload,
                    gsize         len,
                    gsize        *out_len,
                    GError      **error)
{
  SecureBuf *msg = secure_alloc (sizeof SIGN_CONTEXT + len, error);

  if (msg == NULL)
    return NULL;
  memcpy (msg, SIGN_CONTEXT, sizeof SIGN_CONTEXT);
  memcpy (msg + sizeof SIGN_CONTEXT, payload, len);
  *out_len = sizeof SIGN_CONTEXT + len;
  return msg;
}

/**
 * amparo_summary_seal:
 * @payload_json: a canonical payload (amparo_summary_to_json())
 * @coord_pk: the trusted coordinator's X25519 public key
 * @agency_sign_sk: the agency's Ed25519 secret key
 * @error: return location for an error
 *
 * Signs and seals a payload into the bytes of an `.amps` file. The
 * payload is read back with amparo_summary_from_json() first, so nothing
 * the coordinator would refuse is ever signed.
 *
 * Returns: (transfer full): the file's bytes, or %NULL with
 *   %AMPARO_ERROR_TOO_LARGE, %AMPARO_ERROR_MALFORMED (payload),
 *   %AMPARO_ERROR_INVALID (unusable coordinator key) or
 *   %AMPARO_ERROR_FAILED (damaged signing key)
 */
GBytes *
amparo_summary_seal (const char   *payload_json,
                     const guint8  coord_pk[32],
                     const guint8  agency_sign_sk[64],
                     GError      **error)
{
  g_autoptr(AmparoSummary) check = NULL;
  g_autoptr(SecureBuf) inner = NULL;
  g_autoptr(SecureBuf) msg = NULL;
  g_autofree guint8 *file = NULL;
  gsize len, inner_len, msg_len, file_len;
  guint8 *pk, *sig;

  g_return_val_if_fail (payload_json != NULL, NULL);
  g_return_val_if_fail (coord_pk != NULL && agency_sign_sk != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!ensure_sodium (error))
    return NULL;
  len = strlen (payload_json);
  if (len > MAX_PAYLOAD)
    {
      refuse (error, AMPARO_ERROR_TOO_LARGE, _("The summary is too large to be sent."));
      return NULL;
    }
  check = amparo_summary_from_json (payload_json, len, error);
  if (check == NULL)
    return NULL;

  inner_len = INNER_HEADER + len + INNER_TRAILER;
  inner = secure_alloc (inner_len, error);
  if (inner == NULL)
    return NULL;
  memcpy (inner, INNER_MAGIC, 4);
  inner[4] = INNER_VERSION;
  inner[5] = (len >> 24) & 0xff;
  inner[6] = (len >> 16) & 0xff;
  inner[7] = (len >> 8) & 0xff;
  inner[8] = len & 0xff;
  memcpy (inner + INNER_HEADER, payload_json, len);
  pk = inner + INNER_HEADER + len;
  sig = pk + crypto_sign_PUBLICKEYBYTES;
  crypto_sign_ed25519_sk_to_pk (pk, agency_sign_sk);

  msg = signed_message_new ((const guint8 *) payload_json, len, &msg_len, error);
  if (msg == NULL)
    return NULL;
  /* Check our own signature: a damaged key must fail here, at the
   * agency, and not months later at the coordinator's. */
  if (crypto_sign_detached (sig, NULL, msg, msg_len, agency_sign_sk) != 0
      || crypto_sign_verify_detached (sig, msg, msg_len, pk) != 0)
    {
      refuse (error, AMPARO_ERROR_FAILED, _("The agency’s signing key is damaged."));
      return NULL;
    }

  file_len = FILE_HEADER + crypto_box_SEALBYTES + inner_len;
  file = g_malloc (file_len);
  memcpy (file, FILE_MAGIC, 4);
  file[4] = FILE_VERSION;
  if (crypto_box_seal (file + FILE_HEADER, inner, inner_len, coord_pk) != 0)
    {
      refuse (error, AMPARO_ERROR_INVALID,
              _("The coordinator’s key cannot be used. Import the coordinator’s card again."));
      return NULL;
    }
  return g_bytes_new_take (g_steal_pointer (&file), file_len);
}

/**
 * amparo_summary_open:
 * @file: the bytes of an `.amps` file
 * @coord_pk: this coordinator's X25519 public key
 * @coord_sk: this coordinator's X25519 secret key
 * @out_payload_json: (out) (transfer full): the payload, not yet read
 * @out_agency_sign_pk: (out): the key that signed it, to compare with the
 *   pinned one
 * @error: return location for an error
 *
 * Opens a sealed summary and checks its signature. The caller must still
 * check the signing key, read the payload with amparo_summary_from_json()
 * and check its suppression. On failure the out arguments are untouched.
 *
 * Returns: %TRUE on success, else %FALSE with %AMPARO_ERROR_TOO_LARGE
 *   (checked before anything is allocated), %AMPARO_ERROR_MALFORMED,
 *   %AMPARO_ERROR_NOT_FOR_US (sealed to another coordinator, or damaged)
 *   or %AMPARO_ERROR_BAD_SIGNATURE
 */
gboolean
amparo_summary_open (GBytes       *file,
                     const guint8  coord_pk[32],
                     const guint8  coord_sk[32],
                     char        **out_payload_json,
                     guint8        out_agency_sign_pk[32],
                     GError      **error)
{
  g_autoptr(SecureBuf) inner = NULL;
  g_autoptr(SecureBuf) msg = NULL;
  const guint8 *data, *payload, *pk, *sig;
  gsize len, inner_len, payload_len, msg_len;

  g_return_val_if_fail (file != NULL, FALSE);
  g_return_val_if_fail (coord_pk != NULL && coord_sk != NULL, FALSE);
  g_return_val_if_fail (out_payload_json != NULL && out_agency_sign_pk != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  data = g_bytes_get_data (file, &len);
  if (len > AMPARO_SUMMARY_MAX_SIZE)
    return refuse (error, AMPARO_ERROR_TOO_LARGE,
                   _("The file is larger than any real summary can be; it was not read."));
  if (len < FILE_HEADER || memcmp (data, FILE_MAGIC, 4) != 0)
    return refuse (error, AMPARO_ERROR_MALFORMED, _("The file is not an Amparo summary."));
  if (data[4] != FILE_VERSION)
    return refuse (error, AMPARO_ERROR_MALFORMED,
                   _("The summary was made by a version of Amparo that this one cannot read."));
  if (len < FILE_OVERHEAD + 1)
    return refuse (error, AMPARO_ERROR_MALFORMED, _("The summary file is cut short."));
  if (!ensure_sodium (error))
    return FALSE;

  inner_len = len - FILE_HEADER - crypto_box_SEALBYTES;
  inner = secure_alloc (inner_len, error);
  if (inner == NULL)
    return FALSE;
  if (crypto_box_seal_open (inner, data + FILE_HEADER, len - FILE_HEADER, coord_pk,
                            coord_sk) != 0)
    return refuse (error, AMPARO_ERROR_NOT_FOR_US,
                   _("The summary was sealed for another coordinator, or the file is damaged."));

  payload_len = ((gsize) inner[5] << 24) | ((gsize) inner[6] << 16) | ((gsize) inner[7] << 8)
                | inner[8];
  if (memcmp (inner, INNER_MAGIC, 4) != 0 || inner[4] != INNER_VERSION
      || payload_len == 0 || payload_len != inner_len - INNER_HEADER - INNER_TRAILER)
    return refuse (error, AMPARO_ERROR_MALFORMED,
                   _("The summary’s contents are not laid out as they should be."));
  payload = inner + INNER_HEADER;
  pk = payload + payload_len;
  sig = pk + crypto_sign_PUBLICKEYBYTES;

  msg = signed_message_new (payload, payload_len, &msg_len, error);
  if (msg == NULL)
    return FALSE;
  if (crypto_sign_verify_detached (sig, msg, msg_len, pk) != 0)
    return refuse (error, AMPARO_ERROR_BAD_SIGNATURE,
                   _("The summary’s signature is not valid: it was altered or forged."));

  /* Handed on as a C string: an embedded NUL would hide what follows. */
  if (memchr (payload, '\0', payload_len) != NULL
      || !g_utf8_validate_len ((const char *) payload, payload_len, NULL))
    return refuse (error, AMPARO_ERROR_MALFORMED, _("The summary’s contents are not text."));

  *out_payload_json = g_strndup ((const char *) payload, payload_len);
  memcpy (out_agency_sign_pk, pk, crypto_sign_PUBLICKEYBYTES);
  return TRUE;
}

/**
 * amparo_fingerprint:
 * @key: a public key
 * @len: its length in bytes
 *
 * A short fingerprint for two people to compare over the phone: the
 * unkeyed 32-byte BLAKE2b (crypto_generichash) of "amparo-fingerprint-v1"
 * with its NUL followed by @key; each of bytes 0–3, 4–7, … 16–19 read as
 * a big-endian 32-bit number modulo 10000 gives a group of four digits
 * (about 66 bits in all), e.g. `0412 8831 0097 5521 3310`. The prefix
 * keeps it from matching any other hash of the key.
 *
 * Returns: (transfer full): five groups of four digits, separated by spaces
 */
char *
amparo_fingerprint (const guint8 *key,
                    gsize         len)
{
  crypto_generichash_state state;
  guint8 hash[crypto_generichash_BYTES];
  GString *out = g_string_sized_new (FINGERPRINT_GROUPS * 5);

  g_return_val_if_fail (key != NULL || len == 0, NULL);
  G_STATIC_ASSERT (sizeof hash >= 4 * FINGERPRINT_GROUPS);

  if (sodium_init () < 0)
    g_error ("libsodium could not start");
  crypto_generichash_init (&state, NULL, 0, sizeof hash);
  crypto_generichash_update (&state, (const guint8 *) FINGERPRINT_CONTEXT,
                             sizeof FINGERPRINT_CONTEXT);
  crypto_generichash_update (&state, key, len);
  crypto_generichash_final (&state, hash, sizeof hash);

  for (guint i = 0; i < FINGERPRINT_GROUPS; i++)
    {
      const guint8 *b = hash + 4 * i;
      guint32 v = ((guint32) b[0] << 24) | ((guint32) b[1] << 16) | ((guint32) b[2] << 8) | b[3];

      /* 2^32 is not a multiple of 10000, but the bias is 1 in 430,000. */
      g_string_append_printf (out, i == 0 ? "%04u" : " %04u", v % 10000);
    }
  return g_string_free (out, FALSE);
}
