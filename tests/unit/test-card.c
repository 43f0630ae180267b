/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <string.h>

#include <sodium.h>

#include "amparo-card.h"
#include "amparo-error.h"
#include "amparo-summary.h"

#define AGENCY_ID "6f1c2a8e-3b4d-4c5e-9f60-718293a4b5c6"

static guint8 box_pk[32], box_sk[32];
static guint8 sign_pk[32], sign_sk[64];

static char *
coordinator_json (void)
{
  g_autoptr(AmparoCard) card = amparo_card_new_coordinator ("Coalición del Valle", box_pk);

  return amparo_card_to_json (card);
}

static char *
agency_json (void)
{
  g_autoptr(AmparoCard) card = amparo_card_new_agency ("Casa Esperanza", AGENCY_ID, sign_pk);

  return amparo_card_to_json (card);
}

static char *
edit (const char *json,
      const char *needle,
      const char *replacement)
{
  const char *at = strstr (json, needle);

  g_assert_nonnull (at);
  return g_strdup_printf ("%.*s%s%s", (int) (at - json), json, replacement, at + strlen (needle));
}

static AmparoCard *
read_text (const char *text,
           GError    **error)
{
  g_autoptr(GBytes) bytes = g_bytes_new (text, strlen (text));

  return amparo_card_from_bytes (bytes, error);
}

static void
assert_refused_with (const char *text,
                     int         code)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AmparoCard) card = read_text (text, &error);

  if (card != NULL)
    g_test_message ("accepted: %s", text);
  g_assert_null (card);
  g_assert_nonnull (error);
  g_test_message ("refused: %s", error->message);
  g_assert_error (error, AMPARO_ERROR, code);
  g_assert_null (strstr (error->message, "SECRET"));
}

static void
assert_edit_refused (const char *json,
                     const char *needle,
                     const char *replacement)
{
  g_autofree char *text = edit (json, needle, replacement);

  assert_refused_with (text, AMPARO_ERROR_MALFORMED);
}

static void
test_coordinator_round_trip (void)
{
  g_autofree char *json = coordinator_json ();
  g_autoptr(GError) error = NULL;
  g_autoptr(AmparoCard) card = read_text (json, &error);
  g_autofree char *again = NULL;

  g_assert_no_error (error);
  g_assert_cmpint (card->kind, ==, AMPARO_CARD_KIND_COORDINATOR);
  g_assert_cmpstr (card->name, ==, "Coalición del Valle");
  g_assert_null (card->agency_id);
  g_assert_cmpmem (card->key, 32, box_pk, 32);
  again = amparo_card_to_json (card);
  g_assert_cmpstr (again, ==, json);
}

static void
test_agency_round_trip (void)
{
  g_autofree char *json = agency_json ();
  g_autoptr(GError) error = NULL;
  g_autoptr(AmparoCard) card = read_text (json, &error);
  g_autofree char *again = NULL;

  g_assert_no_error (error);
  g_assert_cmpint (card->kind, ==, AMPARO_CARD_KIND_AGENCY);
  g_assert_cmpstr (card->name, ==, "Casa Esperanza");
  g_assert_cmpstr (card->agency_id, ==, AGENCY_ID);
  g_assert_cmpmem (card->key, 32, sign_pk, 32);
  again = amparo_card_to_json (card);
  g_assert_cmpstr (again, ==, json);
}

static void
test_exact_text (void)
{
  guint8 key[32];
  g_autoptr(AmparoCard) coordinator = NULL;
  g_autoptr(AmparoCard) agency = NULL;
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;

  for (guint i = 0; i < 32; i++)
    key[i] = i;
  coordinator = amparo_card_new_coordinator ("Coalición", key);
  agency = amparo_card_new_agency ("Casa", AGENCY_ID, key);
  a = amparo_card_to_json (coordinator);
  b = amparo_card_to_json (agency);
  g_assert_cmpstr (a, ==, "{\"format\":1,\"kind\":\"coordinator\",\"name\":\"Coalición\","
                          "\"public_key\":\"AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=\"}\n");
  g_assert_cmpstr (b, ==, "{\"format\":1,\"kind\":\"agency\",\"name\":\"Casa\",\"agency_id\":\""
                          AGENCY_ID "\",\"sign_key\":"
                          "\"AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=\"}\n");
}

static void
test_fingerprint_is_of_the_key (void)
{
  g_autoptr(AmparoCard) card = amparo_card_new_coordinator ("Coalición", box_pk);
  g_autofree char *fp = amparo_card_fingerprint (card);
  g_autofree char *expected = amparo_fingerprint (box_pk, 32);
  g_autofree char *name_changed = NULL;

  g_assert_cmpstr (fp, ==, expected);
  g_free (card->name);
  card->name = g_strdup ("Otra");
  name_changed = amparo_card_fingerprint (card);
  g_assert_cmpstr (name_changed, ==, fp);
}

static void
test_oversized_refused (void)
{
  g_autofree char *json = coordinator_json ();
  g_autoptr(GString) big = g_string_new (json);

  while (big->len <= AMPARO_CARD_MAX_SIZE)
    g_string_append_c (big, ' ');
  assert_refused_with (big->str, AMPARO_ERROR_TOO_LARGE);
}

static void
test_members_checked (void)
{
  g_autofree char *c = coordinator_json ();
  g_autofree char *a = agency_json ();

  assert_edit_refused (c, "{\"format\"", "{\"SECRET\":1,\"format\"");
  assert_edit_refused (a, "{\"format\"", "{\"phone\":\"1\",\"format\"");
  /* the other kind's members */
  assert_edit_refused (c, "\"public_key\"", "\"agency_id\":\"" AGENCY_ID "\",\"public_key\"");
  assert_edit_refused (c, "\"public_key\"", "\"sign_key\"");
  assert_edit_refused (a, "\"sign_key\"", "\"public_key\"");
  assert_edit_refused (a, "\"kind\":\"agency\"", "\"kind\":\"coordinator\"");
  assert_edit_refused (c, "\"kind\":\"coordinator\"", "\"kind\":\"agency\"");
  assert_edit_refused (c, "\"kind\":\"coordinator\"", "\"kind\":\"Coordinator\"");
  assert_edit_refused (c, "\"kind\":\"coordinator\"", "\"kind\":1");
  /* missing */
  assert_edit_refused (c, "\"kind\":\"coordinator\",", "");
  assert_edit_refused (a, ",\"agency_id\":\"" AGENCY_ID "\"", "");
  assert_edit_refused (c, "\"name\":\"Coalición del Valle\",", "");
  /* repeated */
  assert_edit_refused (c, "\"name\":", "\"name\":\"Evil\",\"name\":");
  assert_edit_refused (a, "\"sign_key\":", "\"sign_key\":\"x\",\"sign_key\":");
  /* format */
  assert_edit_refused (c, "\"format\":1", "\"format\":2");
  assert_edit_refused (c, "\"format\":1", "\"format\":1.0");
  assert_edit_refused (c, "\"format\":1,", "");
}

static void
test_keys_checked (void)
{
  g_autofree char *c = coordinator_json ();
  g_autofree char *a = agency_json ();
  g_autofree char *b64 = g_base64_encode (box_pk, 32);
  g_autofree char *short_key = NULL;
  g_autofree char *long_key = NULL;
  g_autofree char *zero_key = NULL;
  g_autofree char *sign_b64 = g_base64_encode (sign_pk, 32);
  guint8 raw[33] = { 0 };
  g_autofree char *no_pad = g_strndup (b64, 43);
  g_autofree char *bad_char = g_strdup (b64);
  g_autofree char *loose_bits = g_strdup (b64);
  g_autofree char *spaced = g_strdup_printf (" %s", b64);
  const char *alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  g_autofree char *identity = NULL;

  memcpy (raw, box_pk, 32);
  short_key = g_base64_encode (raw, 31);
  long_key = g_base64_encode (raw, 33);
  bad_char[10] = '*';
  /* the last character before '=' carries 2 unused bits: set one */
  loose_bits[42] = alphabet[(strchr (alphabet, b64[42]) - alphabet) | 1];
  if (loose_bits[42] == b64[42])
    loose_bits[42] = alphabet[(strchr (alphabet, b64[42]) - alphabet) | 2];
  memset (raw, 0, sizeof raw);
  zero_key = g_base64_encode (raw, 32);
  raw[0] = 1;
  identity = g_base64_encode (raw, 32);

  assert_edit_refused (c, b64, short_key);
  assert_edit_refused (c, b64, long_key);
  assert_edit_refused (c, b64, no_pad);
  assert_edit_refused (c, b64, bad_char);
  assert_edit_refused (c, b64, loose_bits);
  assert_edit_refused (c, b64, spaced);
  assert_edit_refused (c, b64, "");
  /* keys that decode but would be unsafe to use */
  assert_edit_refused (c, b64, zero_key);
  assert_edit_refused (a, sign_b64, zero_key);
  assert_edit_refused (a, sign_b64, identity);
  {
    g_autofree char *quoted = g_strdup_printf ("\"%s\"", b64);
    assert_edit_refused (c, quoted, "32");
  }
}

static void
test_name_and_id_checked (void)
{
  g_autofree char *c = coordinator_json ();
  g_autofree char *a = agency_json ();
  g_autofree char *long_name = g_strnfill (201, 'x');
  g_autofree char *long_member = g_strdup_printf ("\"name\":\"%s\"", long_name);

  assert_edit_refused (c, "\"name\":\"Coalición del Valle\"", "\"name\":\"\"");
  assert_edit_refused (c, "\"name\":\"Coalición del Valle\"", "\"name\":\" \"");
  assert_edit_refused (c, "\"name\":\"Coalición del Valle\"", "\"name\":\"SECRET\\u0007\"");
  assert_edit_refused (c, "\"name\":\"Coalición del Valle\"", "\"name\":\"SECRET\\u202e\"");
  assert_edit_refused (c, "\"name\":\"Coalición del Valle\"", long_member);
  assert_edit_refused (c, "\"name\":\"Coalición del Valle\"", "\"name\":7");
  assert_edit_refused (a, AGENCY_ID, "6F1C2A8E-3B4D-4C5E-9F60-718293A4B5C6");
  assert_edit_refused (a, AGENCY_ID, "SECRET");
}

static void
test_only_strict_json_is_read (void)
{
  g_autofree char *c = coordinator_json ();
  g_autofree char *trailing = g_strconcat (c, "x", NULL);
  g_autofree char *twice = g_strconcat (c, c, NULL);
  g_autoptr(GBytes) empty = g_bytes_new (NULL, 0);
  g_autoptr(GError) error = NULL;
  g_autoptr(AmparoCard) card = NULL;

  assert_refused_with (trailing, AMPARO_ERROR_MALFORMED);
  assert_refused_with (twice, AMPARO_ERROR_MALFORMED);
  assert_refused_with ("", AMPARO_ERROR_MALFORMED);
  assert_refused_with ("[]", AMPARO_ERROR_MALFORMED);
  assert_refused_with ("AMPS\x01", AMPARO_ERROR_MALFORMED);
  assert_edit_refused (c, "\"format\":1", "\"format\":[1]");
  assert_edit_refused (c, "\"format\":1", "\"format\":{\"v\":1}");
  assert_edit_refused (c, "{\"format\"", "{/* SECRET */\"format\"");
  assert_edit_refused (c, "\"Coalición del Valle\"", "'SECRET'");

  card = amparo_card_from_bytes (empty, &error);
  g_assert_null (card);
  g_assert_error (error, AMPARO_ERROR, AMPARO_ERROR_MALFORMED);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_assert_cmpint (sodium_init (), >=, 0);
  crypto_box_keypair (box_pk, box_sk);
  crypto_sign_keypair (sign_pk, sign_sk);

  g_test_add_func ("/card/round-trip/coordinator", test_coordinator_round_trip);
  g_test_add_func ("/card/round-trip/agency", test_agency_round_trip);
  g_test_add_func ("/card/exact-text", test_exact_text);
  g_test_add_func ("/card/fingerprint", test_fingerprint_is_of_the_key);
  g_test_add_func ("/card/refuse/too-large", test_oversized_refused);
  g_test_add_func ("/card/refuse/members", test_members_checked);
  g_test_add_func ("/card/refuse/keys", test_keys_checked);
  g_test_add_func ("/card/refuse/name-and-id", test_name_and_id_checked);
  g_test_add_func ("/card/refuse/strict-syntax", test_only_strict_json_is_read);
  return g_test_run ();
}
