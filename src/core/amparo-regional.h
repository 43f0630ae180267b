/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "amparo-summary.h"
#include "amparo-table.h"
#include "amparo-vault.h"

G_BEGIN_DECLS

/* The upper end of a range that has none. */
#define AMPARO_RANGE_UNBOUNDED G_MAXINT64

/**
 * AmparoRange:
 * @lo: the smallest value consistent with what was published
 * @hi: the largest, or %AMPARO_RANGE_UNBOUNDED
 *
 * A count known exactly (@lo == @hi) or only within bounds. A range with
 * @lo < 0 means "not sent" (the agency's summary lacks the table).
 */
typedef struct
{
  gint64 lo;
  gint64 hi;
} AmparoRange;

#define AMPARO_RANGE_IS_EXACT(r) ((r).lo >= 0 && (r).lo == (r).hi)
#define AMPARO_RANGE_IS_MISSING(r) ((r).lo < 0)

/**
 * AmparoRegionalAgency:
 * @id: the agency's UUID
 * @name: its pinned name (coordinator only: never in public figures)
 * @sequence: the sequence number of its summary for the period
 * @k: the threshold it published with
 * @generated: the summary's generation date
 */
typedef struct
{
  char   *id;
  char   *name;
  gint64  sequence;
  int     k;
  char   *generated;
} AmparoRegionalAgency;

/**
 * AmparoRegionalCell:
 * @key: one code per dimension
 * @sum: the combined count over the agencies that sent the table
 * @by_agency: one range per agency of the report, in its order;
 *   missing where that agency did not send the table
 */
typedef struct
{
  char        **key;
  AmparoRange   sum;
  AmparoRange  *by_agency;
} AmparoRegionalCell;

/**
 * AmparoRegionalTable:
 * @spec: the catalogue entry
 * @n_contributors: how many agencies sent this table
 * @total: the combined total
 * @total_by_agency: one range per agency, as for cells
 * @cells: (element-type AmparoRegionalCell): in catalogue order
 */
typedef struct
{
  const AmparoTableSpec *spec;
  guint                  n_contributors;
  AmparoRange            total;
  AmparoRange           *total_by_agency;
  GPtrArray             *cells;
} AmparoRegionalTable;

/**
 * AmparoRegionalReport:
 * @period: the period
 * @agencies: (element-type AmparoRegionalAgency): agencies with a summary
 *   for the period, by name
 * @tables: (element-type AmparoRegionalTable): every catalogue table, in
 *   catalogue order
 */
typedef struct
{
  char      *period;
  GPtrArray *agencies;
  GPtrArray *tables;
} AmparoRegionalReport;

/**
 * AmparoCoverage:
 * @periods: the periods, oldest first
 * @agencies: (element-type AmparoRegionalAgency): every pinned agency, by
 *   name (sequence, k and generated unset)
 * @sequences: agencies × periods, row by row: the sequence number of the
 *   summary the agency sent for the period, 0 when none
 *
 * Who has and has not sent each period.
 */
typedef struct
{
  GStrv      periods;
  GPtrArray *agencies;
  gint64    *sequences;
} AmparoCoverage;

typedef enum
{
  AMPARO_REGIONAL_FORMAT_TEXT,
  AMPARO_REGIONAL_FORMAT_CSV,
  AMPARO_REGIONAL_FORMAT_JSON,
} AmparoRegionalFormat;

gboolean              amparo_regional_format_from_string (const char            *str,
                                                          AmparoRegionalFormat  *format);
int                   amparo_period_compare     (const char *a,
                                                 const char *b);

AmparoRegionalReport *amparo_regional_report_new_from_summaries (const char      *period,
                                                                 GPtrArray       *agencies,
                                                                 GPtrArray       *summaries);
AmparoRegionalReport *amparo_regional_report_new (AmparoVault          *vault,
                                                  const char           *period,
                                                  GError              **error);
void                  amparo_regional_report_free (AmparoRegionalReport *report);
GPtrArray            *amparo_regional_trend_new  (AmparoVault          *vault,
                                                  const char * const   *periods,
                                                  GError              **error);
AmparoCoverage       *amparo_coverage_new        (AmparoVault          *vault,
                                                  const char * const   *periods,
                                                  GError              **error);
void                  amparo_coverage_free       (AmparoCoverage       *coverage);
GStrv                 amparo_regional_list_periods (AmparoVault        *vault,
                                                    GError            **error);

char *amparo_regional_report_format (const AmparoRegionalReport *report,
                                     AmparoRegionalFormat        format,
                                     gboolean                    by_agency);
char *amparo_regional_trend_format  (GPtrArray                  *reports,
                                     AmparoRegionalFormat        format);
char *amparo_coverage_format        (const AmparoCoverage       *coverage,
                                     AmparoRegionalFormat        format);

gboolean amparo_regional_report_write_pdf  (const AmparoRegionalReport *report,
                                            const char                 *path,
                                            GError                    **error);
gboolean amparo_regional_report_write_xlsx (const AmparoRegionalReport *report,
                                            const char                 *path,
                                            GError                    **error);

/* Public figures (amparo-regional-public.c). */
GPtrArray *amparo_public_tables_new   (const AmparoRegionalReport *report,
                                       int                         public_k);
char      *amparo_public_tables_to_csv (const char                *period,
                                        GPtrArray                 *tables);
gboolean   amparo_public_report_write  (AmparoVault               *vault,
                                        const char                *period,
                                        const char                *to_dir,
                                        char                     **out_path,
                                        GError                   **error);

void amparo_regional_agency_free (AmparoRegionalAgency *agency);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AmparoRegionalReport, amparo_regional_report_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AmparoCoverage, amparo_coverage_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AmparoRegionalAgency, amparo_regional_agency_free)

G_END_DECLS
