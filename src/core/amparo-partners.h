/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "amparo-types.h"

G_BEGIN_DECLS

/* The shared directory file (.ampd): partners only, never client data. */
#define AMPARO_DIRECTORY_FORMAT    "amparo-directory"
#define AMPARO_DIRECTORY_VERSION   1
#define AMPARO_DIRECTORY_MAX_BYTES (1024 * 1024)
#define AMPARO_DIRECTORY_MAX_PARTNERS 2000

#define AMPARO_TYPE_PARTNER (amparo_partner_get_type ())

/**
 * AmparoPartner:
 * @id: row id, 0 for a partner not yet stored
 * @name: organisation name (required)
 * @sector: a `sector` code other than `not_reported` (required)
 * @services, @eligibility, @languages, @hours, @channels: directory text
 * @contact_person: the partner's point of contact
 * @tier: participation tier: 1 directory, 2 referral, 3 shared indicators,
 *   4 data exchange
 * @agreement_signed, @next_review: `YYYY-MM-DD` or %NULL
 * @duties: the partner's confidentiality duties, as a note
 * @active: %FALSE once retired (kept because releases and referrals point
 *   at it)
 *
 * A partner organisation. Every string is owned and may be %NULL except
 * @name and @sector.
 */
typedef struct
{
  gint64    id;
  char     *name;
  char     *sector;
  char     *services;
  char     *eligibility;
  char     *languages;
  char     *hours;
  char     *channels;
  char     *contact_person;
  int       tier;
  char     *agreement_signed;
  char     *next_review;
  char     *duties;
  gboolean  active;
} AmparoPartner;

GType          amparo_partner_get_type   (void) G_GNUC_CONST;
AmparoPartner *amparo_partner_new        (void);
AmparoPartner *amparo_partner_copy       (const AmparoPartner *partner);
void           amparo_partner_free       (AmparoPartner       *partner);
gboolean       amparo_partner_validate   (const AmparoPartner *partner,
                                          const char         **bad_field,
                                          GError             **error);
const char    *amparo_partner_tier_label (int                  tier);

gint64         amparo_partners_add       (AmparoVault         *vault,
                                          const AmparoPartner *partner,
                                          GError             **error);
gboolean       amparo_partners_update    (AmparoVault         *vault,
                                          const AmparoPartner *partner,
                                          GError             **error);
gboolean       amparo_partners_remove    (AmparoVault         *vault,
                                          gint64               partner_id,
                                          gboolean            *out_retired,
                                          GError             **error);
AmparoPartner *amparo_partners_get       (AmparoVault         *vault,
                                          gint64               partner_id,
                                          GError             **error);
GPtrArray     *amparo_partners_list      (AmparoVault         *vault,
                                          gboolean             include_retired,
                                          GError             **error);
GPtrArray     *amparo_partners_review_due (AmparoVault        *vault,
                                           const char         *on_date,
                                           int                 within_days,
                                           GError            **error);

char          *amparo_partners_export_data (AmparoVault       *vault,
                                            guint             *out_count,
                                            GError           **error);
gboolean       amparo_partners_export    (AmparoVault         *vault,
                                          const char          *path,
                                          guint               *out_count,
                                          GError             **error);
gboolean       amparo_partners_import_data (AmparoVault       *vault,
                                            const char        *data,
                                            gsize              length,
                                            guint             *out_added,
                                            guint             *out_updated,
                                            GError           **error);
gboolean       amparo_partners_import    (AmparoVault         *vault,
                                          const char          *path,
                                          guint               *out_added,
                                          guint               *out_updated,
                                          GError             **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AmparoPartner, amparo_partner_free)

G_END_DECLS
