/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <glib.h>

#include "amparo-card.h"
#include "amparo-error.h"

/* The card reader, amparo_card_from_bytes(), as `card --from` and the
 * coordinator's pinning run it on a file from a stick. Besides "no
 * crash, no leak", it checks that a refusal is an AMPARO_ERROR with a
 * UTF-8 message, and that an accepted card writes back to JSON that
 * reads back to the same card, with a fingerprint. */

int LLVMFuzzerInitialize (int    *argc,
                          char ***argv);
int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GBytes) bytes = g_bytes_new_static (data, size);
  g_autoptr(GBytes) written_bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(AmparoCard) card = NULL;
  g_autoptr(AmparoCard) again = NULL;
  g_autofree char *written = NULL;
  g_autofree char *fingerprint = NULL;
  g_autofree char *fingerprint_again = NULL;

  card = amparo_card_from_bytes (bytes, &error);
  if (card == NULL)
    {
      if (error == NULL || error->domain != AMPARO_ERROR
          || !g_utf8_validate (error->message, -1, NULL))
        g_error ("refused without an Amparo error");
      return 0;
    }
  if (card->name == NULL || !g_utf8_validate (card->name, -1, NULL))
    g_error ("an accepted card has no valid name");
  if ((card->kind == AMPARO_CARD_KIND_AGENCY) != (card->agency_id != NULL))
    g_error ("an agency id on the wrong kind of card");

  written = amparo_card_to_json (card);
  written_bytes = g_bytes_new (written, strlen (written));
  again = amparo_card_from_bytes (written_bytes, &error);
  if (again == NULL)
    g_error ("a card as written is refused: %s", error->message);
  if (again->kind != card->kind || g_strcmp0 (again->name, card->name) != 0
      || g_strcmp0 (again->agency_id, card->agency_id) != 0
      || memcmp (again->key, card->key, sizeof card->key) != 0)
    g_error ("a card does not read back the same");
  fingerprint = amparo_card_fingerprint (card);
  fingerprint_again = amparo_card_fingerprint (again);
  if (fingerprint == NULL || !g_str_equal (fingerprint, fingerprint_again))
    g_error ("the fingerprint changed");
  return 0;
}
