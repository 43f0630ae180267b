/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define AMPARO_CARD_FORMAT   1
#define AMPARO_CARD_MAX_SIZE (16 * 1024)

/**
 * AmparoCardKind:
 * @AMPARO_CARD_KIND_COORDINATOR: names a coordinator and the X25519 key
 *   summaries are sealed to (`coordinator.ampc`)
 * @AMPARO_CARD_KIND_AGENCY: names an agency, its id and the Ed25519 key
 *   that signs its summaries, so a coordinator can pin it ahead of time
 */
typedef enum
{
  AMPARO_CARD_KIND_COORDINATOR,
  AMPARO_CARD_KIND_AGENCY,
} AmparoCardKind;

/**
 * AmparoCard:
 * @kind: which card it is
 * @name: display name (amparo_agency_name_is_valid())
 * @agency_id: the agency's UUID; %NULL on a coordinator card
 * @key: the coordinator's X25519 public key or the agency's Ed25519 one
 *
 * A small JSON file that hands a public key from one vault to another,
 * checked by reading its fingerprint aloud:
 *
 * |[
 * {"format":1,"kind":"coordinator","name":"…","public_key":"<base64>"}
 * {"format":1,"kind":"agency","name":"…","agency_id":"<uuid>","sign_key":"<base64>"}
 * ]|
 */
typedef struct
{
  AmparoCardKind kind;
  char          *name;
  char          *agency_id;
  guint8         key[32];
} AmparoCard;

AmparoCard *amparo_card_new_coordinator (const char       *name,
                                         const guint8      public_key[32]);
AmparoCard *amparo_card_new_agency      (const char       *name,
                                         const char       *agency_id,
                                         const guint8      sign_key[32]);
void        amparo_card_free            (AmparoCard       *card);

char       *amparo_card_to_json         (const AmparoCard *card);
AmparoCard *amparo_card_from_bytes      (GBytes           *bytes,
                                         GError          **error);
char       *amparo_card_fingerprint     (const AmparoCard *card);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AmparoCard, amparo_card_free)

G_END_DECLS
