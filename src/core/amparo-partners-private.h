/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <sqlite3.h>

#include "amparo-partners.h"

G_BEGIN_DECLS

/* Shared by amparo-partners.c (the directory) and amparo-partners-file.c
 * (the .ampd file), which together implement amparo-partners.h. */

typedef enum
{
  AMPARO_PARTNER_FIELD_LINE,   /* one line: no control characters at all */
  AMPARO_PARTNER_FIELD_TEXT,   /* a note: newlines allowed */
} AmparoPartnerFieldKind;

/**
 * AmparoPartnerField:
 * @member: the member name in the directory file
 * @offset: where the string sits in #AmparoPartner
 * @relationship: this agency's own record of the partnership, kept when
 *   an imported file updates the partner
 */
typedef struct
{
  const char             *member;
  gsize                   offset;
  gsize                   max_bytes;
  AmparoPartnerFieldKind  kind;
  gboolean                required;
  gboolean                relationship;
} AmparoPartnerField;

#define AMPARO_N_PARTNER_FIELDS 11
extern const AmparoPartnerField amparo_partner_fields[];

#define AMPARO_PARTNER_FIELD_PTR(p, f) ((char **) G_STRUCT_MEMBER_P ((p), (f)->offset))

char       *amparo_partners_match_key   (const char          *name,
                                         const char          *sector);
GHashTable *amparo_partners_stored_keys (sqlite3             *db,
                                         GError             **error);
gint64      amparo_partners_lookup_key  (GHashTable          *keys,
                                         const AmparoPartner *partner);
gboolean    amparo_partners_write       (sqlite3             *db,
                                         const AmparoPartner *partner,
                                         gint64               id,
                                         GError             **error);
GPtrArray  *amparo_partners_parse_directory (const char      *data,
                                             gsize            length,
                                             GError         **error);

G_END_DECLS
