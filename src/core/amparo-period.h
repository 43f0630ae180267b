/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * AmparoPeriodKind:
 * @AMPARO_PERIOD_MONTH: a calendar month, `2026-07`
 * @AMPARO_PERIOD_QUARTER: a calendar quarter, `2026-Q3`
 * @AMPARO_PERIOD_HALF: a calendar half-year, `2026-H2`
 *
 * The fixed calendar periods reports and summaries cover (DESIGN 5.1).
 * There is no rolling or year-to-date kind on purpose: overlapping
 * windows let a reader subtract one from another.
 */
typedef enum
{
  AMPARO_PERIOD_MONTH,
  AMPARO_PERIOD_QUARTER,
  AMPARO_PERIOD_HALF,
} AmparoPeriodKind;

/**
 * AmparoPeriod:
 * @kind: month, quarter or half-year
 * @year: the calendar year, 2000–2100
 * @index: the month (1–12), quarter (1–4) or half (1–2)
 * @start: the first day
 * @end: the last day (inclusive)
 */
typedef struct
{
  AmparoPeriodKind kind;
  int              year;
  int              index;
  GDate            start;
  GDate            end;
} AmparoPeriod;

#define AMPARO_FISCAL_YEAR_START_DEFAULT 10

gboolean    amparo_period_parse             (const char         *text,
                                             AmparoPeriod       *period,
                                             GError            **error);
gboolean    amparo_period_init              (AmparoPeriod       *period,
                                             AmparoPeriodKind    kind,
                                             int                 year,
                                             int                 index);
void        amparo_period_containing        (AmparoPeriod       *period,
                                             AmparoPeriodKind    kind,
                                             const GDate        *date);
void        amparo_period_previous          (const AmparoPeriod *period,
                                             AmparoPeriod       *previous);
char       *amparo_period_to_string         (const AmparoPeriod *period);
char       *amparo_period_get_start_string  (const AmparoPeriod *period);
char       *amparo_period_get_end_string    (const AmparoPeriod *period);
char       *amparo_period_get_label         (const AmparoPeriod *period);

const char *amparo_period_kind_to_string    (AmparoPeriodKind    kind);
gboolean    amparo_period_kind_from_string  (const char         *text,
                                             AmparoPeriodKind   *kind);
const char *amparo_period_kind_label        (AmparoPeriodKind    kind);

const char *amparo_month_name               (int                 month);
char       *amparo_date_to_string           (const GDate        *date);
gboolean    amparo_date_from_string         (const char         *text,
                                             GDate              *date);

int         amparo_fiscal_year              (const GDate        *date,
                                             int                 start_month,
                                             GDate              *start,
                                             GDate              *end);

G_END_DECLS
