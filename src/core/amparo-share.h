/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "amparo-card.h"
#include "amparo-report.h"
#include "amparo-summary.h"
#include "amparo-types.h"

G_BEGIN_DECLS

/**
 * AmparoSharePreview:
 * @summary: exactly the summary an export would seal, sequence included
 * @payload: its canonical JSON, the very bytes that would be sealed
 * @exact: the exact report it was made from; stays in the agency and only
 *   serves to say “fewer than 5” rather than “hidden” in the preview
 * @dropped: (element-type AmparoReportDropped): tables left out, and why
 * @coordinator_name: (nullable): whom it would be sealed for, if anyone
 *   is trusted yet
 * @coordinator_fingerprint: (nullable): that coordinator's fingerprint
 *
 * What an agency summary would share, before anything is written.
 */
typedef struct
{
  AmparoSummary *summary;
  char          *payload;
  AmparoReport  *exact;
  GPtrArray     *dropped;
  char          *coordinator_name;
  char          *coordinator_fingerprint;
} AmparoSharePreview;

/**
 * AmparoShareExport:
 * @period: the period shared
 * @sequence: its sequence number
 * @generated: the day it was made, `YYYY-MM-DD`
 * @file_name: the file's name (period and random letters only)
 *
 * One summary written earlier, from the exports table.
 */
typedef struct
{
  char   *period;
  gint64  sequence;
  char   *generated;
  char   *file_name;
} AmparoShareExport;

void                amparo_share_export_free      (AmparoShareExport   *item);
GPtrArray          *amparo_share_list_exports     (AmparoVault         *vault,
                                                   GError             **error);

gboolean            amparo_share_trust_card       (AmparoVault         *vault,
                                                   GBytes              *card_bytes,
                                                   char               **out_fingerprint,
                                                   GError             **error);
gboolean            amparo_share_get_coordinator  (AmparoVault         *vault,
                                                   char               **out_name,
                                                   char               **out_fingerprint,
                                                   GError             **error);
AmparoCard         *amparo_share_agency_card      (AmparoVault         *vault,
                                                   GError             **error);
gboolean            amparo_share_write_agency_card (AmparoVault        *vault,
                                                    const char         *to_dir,
                                                    char              **out_path,
                                                    GError            **error);

gboolean            amparo_share_check_period     (AmparoVault         *vault,
                                                   const char          *period,
                                                   GError             **error);

AmparoSharePreview *amparo_share_preview          (AmparoVault         *vault,
                                                   const char          *period,
                                                   GError             **error);
void                amparo_share_preview_async    (AmparoVault         *vault,
                                                   const char          *period,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
AmparoSharePreview *amparo_share_preview_finish   (GAsyncResult        *result,
                                                   GError             **error);
void                amparo_share_preview_free     (AmparoSharePreview  *preview);
char               *amparo_share_preview_to_text  (const AmparoSharePreview *preview);

gboolean            amparo_share_export           (AmparoVault         *vault,
                                                   const char          *period,
                                                   const char          *to_dir,
                                                   char               **out_path,
                                                   GError             **error);
void                amparo_share_export_async     (AmparoVault         *vault,
                                                   const char          *period,
                                                   const char          *to_dir,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
gboolean            amparo_share_export_finish    (GAsyncResult        *result,
                                                   char               **out_path,
                                                   GError             **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AmparoShareExport, amparo_share_export_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AmparoSharePreview, amparo_share_preview_free)

G_END_DECLS
