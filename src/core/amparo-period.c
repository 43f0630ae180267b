/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "AmparoPeriod"

#include <stdio.h>
#include <string.h>

#include <glib/gi18n.h>

#include "amparo-error.h"
#include "amparo-period.h"
#include "amparo-summary.h"

/* Month names are our own translatable strings rather than strftime's
 * %B: %B follows LC_TIME, which need not match the language the program
 * speaks (LANGUAGE=es with an English LC_TIME is common). */
static const char *const month_names[] = {
  NC_("month", "January"), NC_("month", "February"), NC_("month", "March"),
  NC_("month", "April"), NC_("month", "May"), NC_("month", "June"),
  NC_("month", "July"), NC_("month", "August"), NC_("month", "September"),
  NC_("month", "October"), NC_("month", "November"), NC_("month", "December"),
};

/* How many months each kind spans, by AmparoPeriodKind. */
static const int kind_months[] = { 1, 3, 6 };
static const int kind_count[] = { 12, 4, 2 };

/**
 * amparo_month_name:
 * @month: 1–12
 *
 * Returns: the translated name of @month, as used inside a date
 */
const char *
amparo_month_name (int month)
{
  g_return_val_if_fail (month >= 1 && month <= 12, "");

  return g_dpgettext2 (GETTEXT_PACKAGE, "month", month_names[month - 1]);
}

/**
 * amparo_date_to_string:
 *
 * Returns: @date as `YYYY-MM-DD`
 */
char *
amparo_date_to_string (const GDate *date)
{
  g_return_val_if_fail (date != NULL && g_date_valid (date), NULL);

  return g_strdup_printf ("%04u-%02u-%02u", g_date_get_year (date), g_date_get_month (date),
                          g_date_get_day (date));
}

/**
 * amparo_date_from_string:
 * @text: `YYYY-MM-DD`
 * @date: (out caller-allocates): the date
 *
 * Returns: whether @text is a valid date written that one way
 */
gboolean
amparo_date_from_string (const char *text,
                         GDate      *date)
{
  guint y = 0, m = 0, d = 0;

  g_return_val_if_fail (date != NULL, FALSE);

  g_date_clear (date, 1);
  if (text == NULL || strlen (text) != 10 || text[4] != '-' || text[7] != '-')
    return FALSE;
  for (int i = 0; i < 10; i++)
    {
      if (i == 4 || i == 7)
        continue;
      if (!g_ascii_isdigit (text[i]))
        return FALSE;
    }
  y = (guint) g_ascii_strtoull (text, NULL, 10);
  m = (guint) g_ascii_strtoull (text + 5, NULL, 10);
  d = (guint) g_ascii_strtoull (text + 8, NULL, 10);
  if (y < 1 || !g_date_valid_dmy ((GDateDay) d, (GDateMonth) m, (GDateYear) y))
    return FALSE;
  g_date_set_dmy (date, (GDateDay) d, (GDateMonth) m, (GDateYear) y);
  return TRUE;
}

const char *
amparo_period_kind_to_string (AmparoPeriodKind kind)
{
  switch (kind)
    {
    case AMPARO_PERIOD_MONTH:
      return "month";
    case AMPARO_PERIOD_QUARTER:
      return "quarter";
    case AMPARO_PERIOD_HALF:
      return "half";
    default:
      g_return_val_if_reached (NULL);
    }
}

/**
 * amparo_period_kind_from_string:
 * @text: `month`, `quarter` or `half` (the `period_kind` setting)
 */
gboolean
amparo_period_kind_from_string (const char       *text,
                                AmparoPeriodKind *kind)
{
  for (AmparoPeriodKind k = AMPARO_PERIOD_MONTH; k <= AMPARO_PERIOD_HALF; k++)
    if (g_strcmp0 (text, amparo_period_kind_to_string (k)) == 0)
      {
        if (kind != NULL)
          *kind = k;
        return TRUE;
      }
  return FALSE;
}

/**
 * amparo_period_kind_label:
 *
 * Returns: translated words for the kind, such as “quarter”
 */
const char *
amparo_period_kind_label (AmparoPeriodKind kind)
{
  switch (kind)
    {
    case AMPARO_PERIOD_MONTH:
      return C_("period kind", "month");
    case AMPARO_PERIOD_QUARTER:
      return C_("period kind", "quarter");
    case AMPARO_PERIOD_HALF:
      return C_("period kind", "half-year");
    default:
      g_return_val_if_reached (NULL);
    }
}

/**
 * amparo_period_init:
 * @period: (out caller-allocates): the period to fill in
 * @kind: its kind
 * @year: 2000–2100
 * @index: the month, quarter or half, from 1
 *
 * Returns: %FALSE if @year or @index is out of range
 */
gboolean
amparo_period_init (AmparoPeriod    *period,
                    AmparoPeriodKind kind,
                    int              year,
                    int              index)
{
  int first_month, last_month;

  g_return_val_if_fail (period != NULL, FALSE);
  g_return_val_if_fail (kind <= AMPARO_PERIOD_HALF, FALSE);

  if (year < 2000 || year > 2100 || index < 1 || index > kind_count[kind])
    return FALSE;

  period->kind = kind;
  period->year = year;
  period->index = index;
  first_month = (index - 1) * kind_months[kind] + 1;
  last_month = first_month + kind_months[kind] - 1;
  g_date_clear (&period->start, 1);
  g_date_clear (&period->end, 1);
  g_date_set_dmy (&period->start, 1, (GDateMonth) first_month, (GDateYear) year);
  g_date_set_dmy (&period->end, g_date_get_days_in_month ((GDateMonth) last_month,
                                                          (GDateYear) year),
                  (GDateMonth) last_month, (GDateYear) year);
  return TRUE;
}

/**
 * amparo_period_parse:
 * @text: `2026-Q3`, `2026-H2` or `2026-07`
 * @period: (out caller-allocates): the period
 * @error: return location for an error
 *
 * Accepts exactly the spellings amparo_period_is_valid() accepts.
 *
 * Returns: %TRUE, or %FALSE with %AMPARO_ERROR_INVALID
 */
gboolean
amparo_period_parse (const char   *text,
                     AmparoPeriod *period,
                     GError      **error)
{
  AmparoPeriodKind kind;
  int year, index;

  g_return_val_if_fail (period != NULL, FALSE);

  if (text == NULL || !amparo_period_is_valid (text))
    {
      g_set_error_literal (error, AMPARO_ERROR, AMPARO_ERROR_INVALID,
                           _("The period is not valid: write a quarter (2026-Q3), a half-year "
                             "(2026-H2) or a month (2026-07), between 2000 and 2100"));
      return FALSE;
    }
  year = (int) g_ascii_strtoll (text, NULL, 10);
  switch (text[5])
    {
    case 'Q':
      kind = AMPARO_PERIOD_QUARTER;
      index = text[6] - '0';
      break;
    case 'H':
      kind = AMPARO_PERIOD_HALF;
      index = text[6] - '0';
      break;
    default:
      kind = AMPARO_PERIOD_MONTH;
      index = (int) g_ascii_strtoll (text + 5, NULL, 10);
      break;
    }
  return amparo_period_init (period, kind, year, index);
}

/**
 * amparo_period_containing:
 * @period: (out caller-allocates): the period
 * @kind: which kind of period
 * @date: a date in 2000–2100
 *
 * Finds the period of @kind that holds @date.
 */
void
amparo_period_containing (AmparoPeriod    *period,
                          AmparoPeriodKind kind,
                          const GDate     *date)
{
  int month;

  g_return_if_fail (date != NULL && g_date_valid (date));

  month = g_date_get_month (date);
  amparo_period_init (period, kind, g_date_get_year (date), (month - 1) / kind_months[kind] + 1);
}

/**
 * amparo_period_previous:
 *
 * The period of the same kind just before @period (for a default of
 * “the last complete quarter”).
 */
void
amparo_period_previous (const AmparoPeriod *period,
                        AmparoPeriod       *previous)
{
  if (period->index > 1)
    amparo_period_init (previous, period->kind, period->year, period->index - 1);
  else
    amparo_period_init (previous, period->kind, period->year - 1, kind_count[period->kind]);
}

/**
 * amparo_period_to_string:
 *
 * Returns: the period as written in files: `2026-Q3`, `2026-H2`, `2026-07`
 */
char *
amparo_period_to_string (const AmparoPeriod *period)
{
  g_return_val_if_fail (period != NULL, NULL);

  switch (period->kind)
    {
    case AMPARO_PERIOD_QUARTER:
      return g_strdup_printf ("%04d-Q%d", period->year, period->index);
    case AMPARO_PERIOD_HALF:
      return g_strdup_printf ("%04d-H%d", period->year, period->index);
    case AMPARO_PERIOD_MONTH:
    default:
      return g_strdup_printf ("%04d-%02d", period->year, period->index);
    }
}

char *
amparo_period_get_start_string (const AmparoPeriod *period)
{
  return amparo_date_to_string (&period->start);
}

char *
amparo_period_get_end_string (const AmparoPeriod *period)
{
  return amparo_date_to_string (&period->end);
}

/**
 * amparo_period_get_label:
 *
 * Returns: the period in words, in the program's language:
 *   “July 2026”, “July–September 2026”
 */
char *
amparo_period_get_label (const AmparoPeriod *period)
{
  const char *first, *last;

  g_return_val_if_fail (period != NULL, NULL);

  first = amparo_month_name (g_date_get_month (&period->start));
  if (period->kind == AMPARO_PERIOD_MONTH)
    /* Translators: a month and its year, e.g. “July 2026” (es: “julio de 2026”) */
    return g_strdup_printf (C_("period", "%1$s %2$d"), first, period->year);

  last = amparo_month_name (g_date_get_month (&period->end));
  /* Translators: first month, last month and year of a quarter or a
   * half-year, e.g. “July–September 2026” (es: “julio–septiembre de 2026”) */
  return g_strdup_printf (C_("period", "%1$s–%2$s %3$d"), first, last, period->year);
}

/**
 * amparo_fiscal_year:
 * @date: a valid date
 * @start_month: the month the fiscal year starts in, 1–12 (10, October,
 *   for the US federal fiscal year that VOCA grants follow)
 * @start: (out caller-allocates) (optional): its first day
 * @end: (out caller-allocates) (optional): its last day
 *
 * Finds the fiscal year holding @date.
 *
 * Returns: the fiscal year's number, named for the calendar year it ends
 *   in (federal FY 2027 runs from October 2026 to September 2027)
 */
int
amparo_fiscal_year (const GDate *date,
                    int          start_month,
                    GDate       *start,
                    GDate       *end)
{
  int year, month, first_year;
  GDate s;

  g_return_val_if_fail (date != NULL && g_date_valid (date), 0);

  if (start_month < 1 || start_month > 12)
    start_month = AMPARO_FISCAL_YEAR_START_DEFAULT;
  year = g_date_get_year (date);
  month = g_date_get_month (date);
  first_year = month >= start_month ? year : year - 1;

  g_date_clear (&s, 1);
  g_date_set_dmy (&s, 1, (GDateMonth) start_month, (GDateYear) first_year);
  if (start != NULL)
    *start = s;
  if (end != NULL)
    {
      *end = s;
      g_date_add_years (end, 1);
      g_date_subtract_days (end, 1);
    }
  return start_month == 1 ? first_year : first_year + 1;
}
