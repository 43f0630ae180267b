/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "amparo-table.h"

G_BEGIN_DECLS

#define AMPARO_SUMMARY_FORMAT      1
/* Largest payload, and largest .amps file, a reader will look at. */
#define AMPARO_SUMMARY_MAX_SIZE    (1024 * 1024)
#define AMPARO_AGENCY_NAME_MAX     200

#define AMPARO_SIGN_PUBLIC_KEY_BYTES 32
#define AMPARO_SIGN_SECRET_KEY_BYTES 64
#define AMPARO_BOX_PUBLIC_KEY_BYTES  32
#define AMPARO_BOX_SECRET_KEY_BYTES  32

/**
 * AmparoSummary:
 * @format: %AMPARO_SUMMARY_FORMAT
 * @agency_id: the agency's random UUID, canonical lower case
 * @agency_name: the agency's display name
 * @period: `2026-Q3`, `2026-H2` or `2026-07`
 * @k: the suppression threshold the tables were published with
 * @sequence: grows with every export of the same period, from 1
 * @generated: generation date, `YYYY-MM-DD`
 * @tables: (element-type AmparoTable): the published tables
 *
 * The payload of an agency summary (`.amps`), as in DESIGN 5.2.
 */
typedef struct
{
  int        format;
  char      *agency_id;
  char      *agency_name;
  char      *period;
  int        k;
  gint64     sequence;
  char      *generated;
  GPtrArray *tables;
} AmparoSummary;

AmparoSummary *amparo_summary_new       (void);
void           amparo_summary_free      (AmparoSummary      *summary);

char          *amparo_summary_to_json   (const AmparoSummary *summary);
AmparoSummary *amparo_summary_from_json (const char          *data,
                                         gsize                len,
                                         GError             **error);

/* In amparo-summary-check.c, built together with amparo-suppress.c. */
gboolean       amparo_summary_validate_suppression (const AmparoSummary *summary,
                                                    GError             **error);

GBytes        *amparo_summary_seal      (const char          *payload_json,
                                         const guint8         coord_pk[32],
                                         const guint8         agency_sign_sk[64],
                                         GError             **error);
gboolean       amparo_summary_open      (GBytes              *file,
                                         const guint8         coord_pk[32],
                                         const guint8         coord_sk[32],
                                         char               **out_payload_json,
                                         guint8               out_agency_sign_pk[32],
                                         GError             **error);

gboolean       amparo_agency_name_is_valid (const char *name);
gboolean       amparo_agency_id_is_valid   (const char *agency_id);
gboolean       amparo_period_is_valid      (const char *period);

char          *amparo_fingerprint       (const guint8        *key,
                                         gsize                len);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AmparoSummary, amparo_summary_free)

G_END_DECLS
