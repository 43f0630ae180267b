/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "amparo-summary.h"
#include "amparo-table.h"

G_BEGIN_DECLS

/* Agency summaries for coordinator tests and the fuzz corpus, made
 * straight from the table catalogue (no agency vault, no report engine).
 * Each keeps its exact counts next to the published, suppressed ones. */

typedef struct
{
  AmparoSummary *summary;  /* as published: suppressed at summary->k */
  GPtrArray     *exact;    /* AmparoTable, same order, exact counts */
} AmparoTestSummary;

AmparoTestSummary *amparo_test_summary_new   (const char        *agency_id,
                                              const char        *agency_name,
                                              const char        *period,
                                              gint64             sequence,
                                              int                k,
                                              guint32            seed,
                                              guint              max_tables);
void               amparo_test_summary_free  (AmparoTestSummary *ts);
char              *amparo_test_summary_json  (const AmparoTestSummary *ts);
GBytes            *amparo_test_summary_seal  (const AmparoTestSummary *ts,
                                              const guint8       coord_pk[32],
                                              const guint8       sign_sk[64]);

char   *amparo_test_agency_id        (guint32            n);
void    amparo_test_agency_keys      (guint32            n,
                                      guint8             pk[32],
                                      guint8             sk[64]);
void    amparo_test_coordinator_keys (guint8             pk[32],
                                      guint8             sk[32]);

/* The sealed-file layout by hand, for forged and damaged files. */
GBytes *amparo_test_inner_message    (const guint8      *payload,
                                      gsize              len,
                                      const guint8       sign_pk[32],
                                      const guint8      *signature,
                                      gsize              signature_len);
GBytes *amparo_test_seal_inner       (GBytes            *inner,
                                      const guint8       coord_pk[32]);
GBytes *amparo_test_seal_unchecked   (const char        *payload,
                                      const guint8       coord_pk[32],
                                      const guint8       sign_sk[64]);

char   *amparo_test_write_file       (const char        *dir,
                                      const char        *name,
                                      GBytes            *bytes);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AmparoTestSummary, amparo_test_summary_free)

G_END_DECLS
