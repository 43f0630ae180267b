/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "AmparoCard"

#include <string.h>

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <sodium.h>

#include "amparo-card.h"
#include "amparo-error.h"
#include "amparo-strict-json.h"
#include "amparo-summary.h"

#define KEY_BYTES 32

static const char *const coordinator_members[] = {
  "format", "kind", "name", "public_key", NULL
};
static const char *const agency_members[] = {
  "format", "kind", "name", "agency_id", "sign_key", NULL
};

static gboolean
malformed (GError    **error,
           const char *message)
{
  g_set_error_literal (error, AMPARO_ERROR, AMPARO_ERROR_MALFORMED, message);
  return FALSE;
}

/* g_base64_decode() skips characters outside the alphabet and ignores
 * stray padding bits; a key must have exactly one spelling, so decode
 * and require that encoding again gives back the same text. */
static gboolean
decode_key (const char *text,
            guint8      key[KEY_BYTES])
{
  g_autofree guchar *raw = NULL;
  g_autofree char *again = NULL;
  gsize len;

  if (strlen (text) != 44)
    return FALSE;
  raw = g_base64_decode (text, &len);
  if (len != KEY_BYTES)
    return FALSE;
  again = g_base64_encode (raw, len);
  if (!g_str_equal (again, text))
    return FALSE;
  memcpy (key, raw, KEY_BYTES);
  return TRUE;
}

/* A low-order X25519 point would let anyone read what is sealed to it;
 * crypto_scalarmult() refuses to produce the all-zero result they give. */
static gboolean
box_key_is_usable (const guint8 key[KEY_BYTES])
{
  guint8 scalar[crypto_scalarmult_SCALARBYTES];
  guint8 shared[crypto_scalarmult_BYTES];
  gboolean ok;

  randombytes_buf (scalar, sizeof scalar);
  ok = crypto_scalarmult (shared, scalar, key) == 0;
  sodium_memzero (scalar, sizeof scalar);
  sodium_memzero (shared, sizeof shared);
  return ok;
}

/**
 * amparo_card_new_coordinator:
 * @name: the coordinator's display name
 * @public_key: the X25519 key summaries are to be sealed to
 *
 * Returns: (transfer full): a coordinator card
 */
AmparoCard *
amparo_card_new_coordinator (const char   *name,
                             const guint8  public_key[32])
{
  AmparoCard *card;

  g_return_val_if_fail (name != NULL && public_key != NULL, NULL);

  card = g_new0 (AmparoCard, 1);
  card->kind = AMPARO_CARD_KIND_COORDINATOR;
  card->name = g_strdup (name);
  memcpy (card->key, public_key, KEY_BYTES);
  return card;
}

/**
 * amparo_card_new_agency:
 * @name: the agency's display name
 * @agency_id: the agency's UUID
 * @sign_key: the Ed25519 key that signs the agency's summaries
 *
 * Returns: (transfer full): an agency card
 */
AmparoCard *
amparo_card_new_agency (const char   *name,
                        const char   *agency_id,
                        const guint8  sign_key[32])
{
  AmparoCard *card;

  g_return_val_if_fail (name != NULL && agency_id != NULL && sign_key != NULL, NULL);

  card = g_new0 (AmparoCard, 1);
  card->kind = AMPARO_CARD_KIND_AGENCY;
  card->name = g_strdup (name);
  card->agency_id = g_strdup (agency_id);
  memcpy (card->key, sign_key, KEY_BYTES);
  return card;
}

void
amparo_card_free (AmparoCard *card)
{
  if (card == NULL)
    return;
  g_free (card->name);
  g_free (card->agency_id);
  g_free (card);
}

/**
 * amparo_card_to_json:
 * @card: a card
 *
 * Returns: (transfer full): the card file's text: compact JSON, members
 *   in a fixed order, and a final newline
 */
char *
amparo_card_to_json (const AmparoCard *card)
{
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *key = NULL;
  g_autofree char *text = NULL;
  gboolean agency;

  g_return_val_if_fail (card != NULL && card->name != NULL, NULL);
  agency = card->kind == AMPARO_CARD_KIND_AGENCY;
  g_return_val_if_fail (!agency || card->agency_id != NULL, NULL);

  key = g_base64_encode (card->key, KEY_BYTES);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "format");
  json_builder_add_int_value (builder, AMPARO_CARD_FORMAT);
  json_builder_set_member_name (builder, "kind");
  json_builder_add_string_value (builder, agency ? "agency" : "coordinator");
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, card->name);
  if (agency)
    {
      json_builder_set_member_name (builder, "agency_id");
      json_builder_add_string_value (builder, card->agency_id);
    }
  json_builder_set_member_name (builder, agency ? "sign_key" : "public_key");
  json_builder_add_string_value (builder, key);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, NULL);
  return g_strconcat (text, "\n", NULL);
}

static gboolean
read_card (JsonObject *object,
           AmparoCard *card,
           GError    **error)
{
  /* Translators: fills the %s of messages such as “There is a member
   * that is not allowed in %s.” */
  const char *where = _("the card");
  const char *kind, *name, *key;
  gint64 format;
  gboolean agency;

  /* The format first: a newer card may have other members. */
  if (!amparo_json_get_int (object, "format", where, G_MININT64, G_MAXINT64, &format, error))
    return FALSE;
  if (format != AMPARO_CARD_FORMAT)
    return malformed (error, _("The card is in a format this version of Amparo cannot read."));
  kind = amparo_json_get_string (object, "kind", where, error);
  if (kind == NULL)
    return FALSE;
  if (g_str_equal (kind, "coordinator"))
    agency = FALSE;
  else if (g_str_equal (kind, "agency"))
    agency = TRUE;
  else
    return malformed (error, _("The card is neither a coordinator’s nor an agency’s."));
  card->kind = agency ? AMPARO_CARD_KIND_AGENCY : AMPARO_CARD_KIND_COORDINATOR;

  if (!amparo_json_check_members (object, agency ? agency_members : coordinator_members, where,
                                  error))
    return FALSE;
  name = amparo_json_get_string (object, "name", where, error);
  if (name == NULL)
    return FALSE;
  if (!amparo_agency_name_is_valid (name))
    return malformed (error, _("The name on the card is empty, too long or holds forbidden "
                               "characters."));
  card->name = g_strdup (name);

  if (agency)
    {
      const char *id = amparo_json_get_string (object, "agency_id", where, error);

      if (id == NULL)
        return FALSE;
      if (!amparo_agency_id_is_valid (id))
        return malformed (error, _("The agency id on the card is not a valid id."));
      card->agency_id = g_strdup (id);
    }

  key = amparo_json_get_string (object, agency ? "sign_key" : "public_key", where, error);
  if (key == NULL)
    return FALSE;
  if (!decode_key (key, card->key))
    return malformed (error, _("The key on the card is not written correctly."));
  if (agency ? crypto_core_ed25519_is_valid_point (card->key) != 1
             : !box_key_is_usable (card->key))
    return malformed (error, _("The key on the card cannot be used."));
  return TRUE;
}

/**
 * amparo_card_from_bytes:
 * @bytes: the contents of a card file
 * @error: return location for an error
 *
 * Reads a card strictly: exactly the members of its kind, a valid name
 * and agency id, and a key of 32 bytes in canonical base64 that is a
 * usable point for its purpose.
 *
 * Returns: (transfer full): the card, or %NULL with
 *   %AMPARO_ERROR_TOO_LARGE past %AMPARO_CARD_MAX_SIZE or
 *   %AMPARO_ERROR_MALFORMED
 */
AmparoCard *
amparo_card_from_bytes (GBytes  *bytes,
                        GError **error)
{
  g_autoptr(AmparoCard) card = NULL;
  g_autoptr(JsonNode) root = NULL;
  const char *data;
  gsize len;

  g_return_val_if_fail (bytes != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  data = g_bytes_get_data (bytes, &len);
  if (len > AMPARO_CARD_MAX_SIZE)
    {
      g_set_error_literal (error, AMPARO_ERROR, AMPARO_ERROR_TOO_LARGE,
                           _("The file is much larger than a card; it was not read."));
      return NULL;
    }
  if (sodium_init () < 0)
    {
      g_set_error_literal (error, AMPARO_ERROR, AMPARO_ERROR_FAILED,
                           _("The cryptography library could not start."));
      return NULL;
    }
  root = amparo_json_parse_strict (data != NULL ? data : "", len, 1, 1, error);
  if (root == NULL)
    return NULL;
  card = g_new0 (AmparoCard, 1);
  if (!read_card (json_node_get_object (root), card, error))
    return NULL;
  return g_steal_pointer (&card);
}

/**
 * amparo_card_fingerprint:
 * @card: a card
 *
 * Returns: (transfer full): amparo_fingerprint() of the card's key, to
 *   read aloud and compare before trusting it
 */
char *
amparo_card_fingerprint (const AmparoCard *card)
{
  g_return_val_if_fail (card != NULL, NULL);

  return amparo_fingerprint (card->key, KEY_BYTES);
}
