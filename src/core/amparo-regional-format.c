/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "AmparoRegional"

#include <string.h>

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "amparo-codes.h"
#include "amparo-regional.h"
#include "amparo-regional-private.h"

/* Text, CSV and JSON for the regional report, the trend over periods and
 * the agencies × periods coverage. CSV is long (one row per number) so a
 * spreadsheet's pivot table can shape it; an upper bound that is not
 * known is an empty cell. */

/* ------------------------------------------------------------ helpers */

char *
amparo_range_to_text (AmparoRange r)
{
  if (AMPARO_RANGE_IS_MISSING (r))
    return g_strdup ("—");
  if (r.lo == r.hi)
    return g_strdup_printf ("%" G_GINT64_FORMAT, r.lo);
  if (r.hi == AMPARO_RANGE_UNBOUNDED)
    return g_strdup_printf ("≥%" G_GINT64_FORMAT, r.lo);
  return g_strdup_printf ("%" G_GINT64_FORMAT "–%" G_GINT64_FORMAT, r.lo, r.hi);
}

/* The translated labels of a cell's codes, "Domestic violence / 18–24". */
char *
amparo_key_label (const AmparoTableSpec *spec,
                  char                 **key)
{
  GString *label = g_string_new (NULL);

  for (guint d = 0; key[d] != NULL && spec->dims[d] != NULL; d++)
    {
      const char *text = amparo_code_label (spec->dims[d], key[d]);

      if (d > 0)
        g_string_append (label, " / ");
      g_string_append (label, text != NULL ? text : key[d]);
    }
  return g_string_free (label, FALSE);
}

/* A field a spreadsheet will not run as a formula (an agency's name is
 * typed by someone else). */
void
amparo_csv_field (GString    *out,
                  const char *field,
                  gboolean    last)
{
  const char *f = field != NULL ? field : "";
  gboolean formula = strchr ("=+-@\t\r", f[0]) != NULL && f[0] != '\0';

  if (formula || strpbrk (f, ",;\"\n\r") != NULL)
    {
      g_string_append_c (out, '"');
      if (formula)
        g_string_append_c (out, '\'');
      for (const char *p = f; *p != '\0'; p++)
        {
          if (*p == '"')
            g_string_append_c (out, '"');
          g_string_append_c (out, *p);
        }
      g_string_append_c (out, '"');
    }
  else
    g_string_append (out, f);
  g_string_append (out, last ? "\r\n" : ",");
}

static void
csv_row (GString    *out,
         const char *first,
         ...)
{
  const char *field = first;
  va_list ap;

  va_start (ap, first);
  while (field != NULL)
    {
      const char *next = va_arg (ap, const char *);

      amparo_csv_field (out, field, next == NULL);
      field = next;
    }
  va_end (ap);
}

static char *
bound_text (gint64 v)
{
  return v == AMPARO_RANGE_UNBOUNDED ? g_strdup ("") : g_strdup_printf ("%" G_GINT64_FORMAT, v);
}

static void
json_range (JsonBuilder *b,
            AmparoRange  r)
{
  if (AMPARO_RANGE_IS_MISSING (r))
    {
      json_builder_add_null_value (b);
      return;
    }
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "lo");
  json_builder_add_int_value (b, r.lo);
  json_builder_set_member_name (b, "hi");
  if (r.hi == AMPARO_RANGE_UNBOUNDED)
    json_builder_add_null_value (b);
  else
    json_builder_add_int_value (b, r.hi);
  json_builder_end_object (b);
}

static void
json_string (JsonBuilder *b,
             const char  *member,
             const char  *value)
{
  json_builder_set_member_name (b, member);
  json_builder_add_string_value (b, value);
}

static void
json_int (JsonBuilder *b,
          const char  *member,
          gint64       value)
{
  json_builder_set_member_name (b, member);
  json_builder_add_int_value (b, value);
}

static void
json_strv (JsonBuilder *b,
           const char  *member,
           char       **strv)
{
  json_builder_set_member_name (b, member);
  json_builder_begin_array (b);
  for (guint i = 0; strv[i] != NULL; i++)
    json_builder_add_string_value (b, strv[i]);
  json_builder_end_array (b);
}

static char *
json_finish (JsonBuilder *b)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = json_builder_get_root (b);
  g_autofree char *text = NULL;

  json_generator_set_pretty (generator, TRUE);
  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, NULL);
  return g_strconcat (text, "\n", NULL);
}

/* Rows of text columns, the first left-aligned and the others right. */
typedef struct
{
  GPtrArray *rows;
} TextGrid;

static void
grid_row (TextGrid   *grid,
          GPtrArray  *cells)
{
  g_ptr_array_add (cells, NULL);
  g_ptr_array_add (grid->rows, g_ptr_array_free (cells, FALSE));
}

static void
grid_render (TextGrid *grid,
             GString  *out,
             guint     indent)
{
  g_autofree guint *widths = NULL;
  guint n_cols = 0;

  for (guint r = 0; r < grid->rows->len; r++)
    n_cols = MAX (n_cols, g_strv_length (g_ptr_array_index (grid->rows, r)));
  widths = g_new0 (guint, MAX (n_cols, 1));
  for (guint r = 0; r < grid->rows->len; r++)
    {
      char **row = g_ptr_array_index (grid->rows, r);

      for (guint c = 0; row[c] != NULL; c++)
        widths[c] = MAX (widths[c], (guint) g_utf8_strlen (row[c], -1));
    }
  for (guint r = 0; r < grid->rows->len; r++)
    {
      char **row = g_ptr_array_index (grid->rows, r);

      for (guint i = 0; i < indent; i++)
        g_string_append_c (out, ' ');
      for (guint c = 0; row[c] != NULL; c++)
        {
          guint pad = widths[c] - (guint) g_utf8_strlen (row[c], -1);

          if (c > 0)
            {
              g_string_append (out, "  ");
              for (guint i = 0; i < pad; i++)
                g_string_append_c (out, ' ');
            }
          g_string_append (out, row[c]);
          if (c == 0 && row[1] != NULL)
            for (guint i = 0; i < pad; i++)
              g_string_append_c (out, ' ');
        }
      g_string_append_c (out, '\n');
    }
  g_ptr_array_set_size (grid->rows, 0);
}

static TextGrid *
grid_new (void)
{
  TextGrid *grid = g_new0 (TextGrid, 1);

  grid->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  return grid;
}

static void
grid_free (TextGrid *grid)
{
  g_ptr_array_unref (grid->rows);
  g_free (grid);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TextGrid, grid_free)

static GPtrArray *
strings (void)
{
  return g_ptr_array_new ();
}

static const char *
ranges_note (void)
{
  return _("A range such as 3–9 means some agency suppressed a small count, so only bounds are "
           "known; ≥3 means no upper bound is known; — means the table was not sent.");
}

/* ------------------------------------------------------------- report */

static void
report_text_table (const AmparoRegionalReport *report,
                   const AmparoRegionalTable  *rt,
                   gboolean                    by_agency,
                   TextGrid                   *grid,
                   GString                    *out)
{
  GPtrArray *row = strings ();
  guint n_agencies = report->agencies->len;

  g_string_append_printf (out, "\n%s — ", _(rt->spec->title));
  g_string_append_printf (out, g_dngettext (GETTEXT_PACKAGE, "sent by %u of %u agency",
                                            "sent by %u of %u agencies", n_agencies),
                          rt->n_contributors, n_agencies);
  g_string_append_c (out, '\n');

  g_ptr_array_add (row, g_strdup (""));
  /* Translators: column heading: all agencies together, before one
   * column per agency */
  g_ptr_array_add (row, g_strdup (_("All")));
  for (guint a = 0; by_agency && a < n_agencies; a++)
    g_ptr_array_add (row, g_strdup_printf ("[%u]", a + 1));
  grid_row (grid, row);

  for (guint c = 0; c <= rt->cells->len; c++)
    {
      gboolean total = c == rt->cells->len;
      AmparoRegionalCell *cell = total ? NULL : g_ptr_array_index (rt->cells, c);

      row = strings ();
      g_ptr_array_add (row, total ? g_strdup_printf ("%s (%s)", _("Total"), _(rt->spec->total_label))
                                  : amparo_key_label (rt->spec, cell->key));
      g_ptr_array_add (row, amparo_range_to_text (total ? rt->total : cell->sum));
      for (guint a = 0; by_agency && a < n_agencies; a++)
        g_ptr_array_add (row, amparo_range_to_text (total ? rt->total_by_agency[a]
                                                          : cell->by_agency[a]));
      grid_row (grid, row);
    }
  grid_render (grid, out, 2);
}

static char *
report_text (const AmparoRegionalReport *report,
             gboolean                    by_agency)
{
  GString *out = g_string_new (NULL);
  g_autoptr(TextGrid) grid = grid_new ();
  guint n = report->agencies->len;

  g_string_append_printf (out, _("Regional report for %s"), report->period);
  g_string_append_c (out, '\n');
  g_string_append_printf (out, g_dngettext (GETTEXT_PACKAGE,
                                            "%u agency sent a summary for this period.",
                                            "%u agencies sent a summary for this period.", n), n);
  g_string_append_c (out, '\n');
  for (guint a = 0; by_agency && a < n; a++)
    {
      AmparoRegionalAgency *agency = g_ptr_array_index (report->agencies, a);

      g_string_append_printf (out, "  [%u] %s — ", a + 1, agency->name);
      g_string_append_printf (out, _("sequence %lld, k %d, made %s"),
                              (long long) agency->sequence, agency->k, agency->generated);
      g_string_append_c (out, '\n');
    }
  for (guint t = 0; n > 0 && t < report->tables->len; t++)
    report_text_table (report, g_ptr_array_index (report->tables, t), by_agency, grid, out);
  g_string_append_printf (out, "\n%s\n", ranges_note ());
  return g_string_free (out, FALSE);
}

static void
report_csv_rows (GString                    *out,
                 const AmparoRegionalReport *report,
                 const AmparoRegionalTable  *rt,
                 gboolean                    by_agency)
{
  guint n_agencies = report->agencies->len;

  for (guint c = 0; c <= rt->cells->len; c++)
    {
      gboolean total = c == rt->cells->len;
      AmparoRegionalCell *cell = total ? NULL : g_ptr_array_index (rt->cells, c);
      g_autofree char *key = total ? g_strdup ("") : g_strjoinv ("|", cell->key);
      g_autofree char *label = total ? g_strdup (_(rt->spec->total_label))
                                     : amparo_key_label (rt->spec, cell->key);

      for (gint a = -1; a < (gint) (by_agency ? n_agencies : 0); a++)
        {
          AmparoRegionalAgency *agency = a >= 0 ? g_ptr_array_index (report->agencies, a) : NULL;
          AmparoRange r = a < 0 ? (total ? rt->total : cell->sum)
                                : (total ? rt->total_by_agency[a] : cell->by_agency[a]);
          g_autofree char *lo = NULL;
          g_autofree char *hi = NULL;

          if (AMPARO_RANGE_IS_MISSING (r))
            continue;
          lo = bound_text (r.lo);
          hi = bound_text (r.hi);
          csv_row (out, report->period, rt->spec->id, total ? "total" : "cell", key, label,
                   agency != NULL ? "agency" : "all", agency != NULL ? agency->id : "",
                   agency != NULL ? agency->name : "", lo, hi, NULL);
        }
    }
}

static char *
report_csv (const AmparoRegionalReport *report,
            gboolean                    by_agency)
{
  GString *out = g_string_new (NULL);

  csv_row (out, "period", "table", "row", "key", "label", "scope", "agency_id", "agency", "lo",
           "hi", NULL);
  for (guint t = 0; t < report->tables->len; t++)
    report_csv_rows (out, report, g_ptr_array_index (report->tables, t), by_agency);
  return g_string_free (out, FALSE);
}

static void
report_json_table (JsonBuilder                *b,
                   const AmparoRegionalReport *report,
                   const AmparoRegionalTable  *rt,
                   gboolean                    by_agency)
{
  guint n_agencies = report->agencies->len;

  json_builder_begin_object (b);
  json_string (b, "id", rt->spec->id);
  json_string (b, "title", _(rt->spec->title));
  json_strv (b, "dims", (char **) rt->spec->dims);
  json_builder_set_member_name (b, "additive");
  json_builder_add_boolean_value (b, rt->spec->additive);
  json_int (b, "contributors", rt->n_contributors);
  json_builder_set_member_name (b, "total");
  json_range (b, rt->total);
  if (by_agency)
    {
      json_builder_set_member_name (b, "total_by_agency");
      json_builder_begin_array (b);
      for (guint a = 0; a < n_agencies; a++)
        json_range (b, rt->total_by_agency[a]);
      json_builder_end_array (b);
    }
  json_builder_set_member_name (b, "cells");
  json_builder_begin_array (b);
  for (guint c = 0; c < rt->cells->len; c++)
    {
      AmparoRegionalCell *cell = g_ptr_array_index (rt->cells, c);
      g_autofree char *label = amparo_key_label (rt->spec, cell->key);

      json_builder_begin_object (b);
      json_strv (b, "key", cell->key);
      json_string (b, "label", label);
      json_builder_set_member_name (b, "sum");
      json_range (b, cell->sum);
      if (by_agency)
        {
          json_builder_set_member_name (b, "by_agency");
          json_builder_begin_array (b);
          for (guint a = 0; a < n_agencies; a++)
            json_range (b, cell->by_agency[a]);
          json_builder_end_array (b);
        }
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
}

static char *
report_json (const AmparoRegionalReport *report,
             gboolean                    by_agency)
{
  g_autoptr(JsonBuilder) b = json_builder_new_immutable ();

  json_builder_begin_object (b);
  json_string (b, "period", report->period);
  json_int (b, "n_agencies", report->agencies->len);
  if (by_agency)
    {
      json_builder_set_member_name (b, "agencies");
      json_builder_begin_array (b);
      for (guint a = 0; a < report->agencies->len; a++)
        {
          AmparoRegionalAgency *agency = g_ptr_array_index (report->agencies, a);

          json_builder_begin_object (b);
          json_string (b, "id", agency->id);
          json_string (b, "name", agency->name);
          json_int (b, "sequence", agency->sequence);
          json_int (b, "k", agency->k);
          json_string (b, "generated", agency->generated);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
    }
  json_builder_set_member_name (b, "tables");
  json_builder_begin_array (b);
  for (guint t = 0; t < report->tables->len; t++)
    report_json_table (b, report, g_ptr_array_index (report->tables, t), by_agency);
  json_builder_end_array (b);
  json_builder_end_object (b);
  return json_finish (b);
}

/**
 * amparo_regional_report_format:
 * @report: a regional report
 * @format: text, CSV or JSON
 * @by_agency: include each agency's name and figures (for the
 *   coordinator only), not just the combined ones
 *
 * Returns: (transfer full): the report, UTF-8
 */
char *
amparo_regional_report_format (const AmparoRegionalReport *report,
                               AmparoRegionalFormat        format,
                               gboolean                    by_agency)
{
  g_return_val_if_fail (report != NULL, NULL);

  switch (format)
    {
    case AMPARO_REGIONAL_FORMAT_CSV:
      return report_csv (report, by_agency);
    case AMPARO_REGIONAL_FORMAT_JSON:
      return report_json (report, by_agency);
    case AMPARO_REGIONAL_FORMAT_TEXT:
    default:
      return report_text (report, by_agency);
    }
}

/* -------------------------------------------------------------- trend */

static AmparoRange
trend_value (GPtrArray *reports,
             guint      p,
             guint      t,
             guint      c)
{
  AmparoRegionalReport *report = g_ptr_array_index (reports, p);
  AmparoRegionalTable *rt = g_ptr_array_index (report->tables, t);

  if (c == rt->cells->len)
    return rt->total;
  return ((AmparoRegionalCell *) g_ptr_array_index (rt->cells, c))->sum;
}

static char *
trend_text (GPtrArray *reports)
{
  GString *out = g_string_new (_("Regional trend"));
  g_autoptr(TextGrid) grid = grid_new ();
  AmparoRegionalReport *first;

  g_string_append_c (out, '\n');
  if (reports->len == 0)
    return g_string_free (out, FALSE);
  first = g_ptr_array_index (reports, 0);
  for (guint t = 0; t < first->tables->len; t++)
    {
      AmparoRegionalTable *rt = g_ptr_array_index (first->tables, t);
      GPtrArray *row = strings ();

      g_string_append_printf (out, "\n%s\n", _(rt->spec->title));
      g_ptr_array_add (row, g_strdup (""));
      for (guint p = 0; p < reports->len; p++)
        g_ptr_array_add (row, g_strdup (((AmparoRegionalReport *) g_ptr_array_index (reports, p))
                                        ->period));
      grid_row (grid, row);
      for (guint c = 0; c <= rt->cells->len; c++)
        {
          gboolean total = c == rt->cells->len;

          row = strings ();
          g_ptr_array_add (row, total ? g_strdup (_("Total"))
                                      : amparo_key_label (rt->spec,
                                                          ((AmparoRegionalCell *)
                                                           g_ptr_array_index (rt->cells, c))->key));
          for (guint p = 0; p < reports->len; p++)
            g_ptr_array_add (row, amparo_range_to_text (trend_value (reports, p, t, c)));
          grid_row (grid, row);
        }
      grid_render (grid, out, 2);
    }
  g_string_append_printf (out, "\n%s\n", ranges_note ());
  return g_string_free (out, FALSE);
}

static char *
trend_json (GPtrArray *reports)
{
  g_autoptr(JsonBuilder) b = json_builder_new_immutable ();
  AmparoRegionalReport *first = reports->len > 0 ? g_ptr_array_index (reports, 0) : NULL;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "periods");
  json_builder_begin_array (b);
  for (guint p = 0; p < reports->len; p++)
    json_builder_add_string_value (b, ((AmparoRegionalReport *) g_ptr_array_index (reports, p))
                                      ->period);
  json_builder_end_array (b);
  json_builder_set_member_name (b, "n_agencies");
  json_builder_begin_array (b);
  for (guint p = 0; p < reports->len; p++)
    json_builder_add_int_value (b, ((AmparoRegionalReport *) g_ptr_array_index (reports, p))
                                   ->agencies->len);
  json_builder_end_array (b);
  json_builder_set_member_name (b, "tables");
  json_builder_begin_array (b);
  for (guint t = 0; first != NULL && t < first->tables->len; t++)
    {
      AmparoRegionalTable *rt = g_ptr_array_index (first->tables, t);

      json_builder_begin_object (b);
      json_string (b, "id", rt->spec->id);
      json_string (b, "title", _(rt->spec->title));
      json_builder_set_member_name (b, "total");
      json_builder_begin_array (b);
      for (guint p = 0; p < reports->len; p++)
        json_range (b, trend_value (reports, p, t, rt->cells->len));
      json_builder_end_array (b);
      json_builder_set_member_name (b, "cells");
      json_builder_begin_array (b);
      for (guint c = 0; c < rt->cells->len; c++)
        {
          AmparoRegionalCell *cell = g_ptr_array_index (rt->cells, c);
          g_autofree char *label = amparo_key_label (rt->spec, cell->key);

          json_builder_begin_object (b);
          json_strv (b, "key", cell->key);
          json_string (b, "label", label);
          json_builder_set_member_name (b, "values");
          json_builder_begin_array (b);
          for (guint p = 0; p < reports->len; p++)
            json_range (b, trend_value (reports, p, t, c));
          json_builder_end_array (b);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
  return json_finish (b);
}

/**
 * amparo_regional_trend_format:
 * @reports: (element-type AmparoRegionalReport): reports from
 *   amparo_regional_trend_new()
 * @format: text, CSV or JSON
 *
 * The combined figures only, one column (text) or row (CSV) per period.
 *
 * Returns: (transfer full): the trend, UTF-8
 */
char *
amparo_regional_trend_format (GPtrArray            *reports,
                              AmparoRegionalFormat  format)
{
  GString *out;

  g_return_val_if_fail (reports != NULL, NULL);

  if (format == AMPARO_REGIONAL_FORMAT_TEXT)
    return trend_text (reports);
  if (format == AMPARO_REGIONAL_FORMAT_JSON)
    return trend_json (reports);

  out = g_string_new (NULL);
  csv_row (out, "period", "table", "row", "key", "label", "scope", "agency_id", "agency", "lo",
           "hi", NULL);
  for (guint p = 0; p < reports->len; p++)
    {
      AmparoRegionalReport *report = g_ptr_array_index (reports, p);

      for (guint t = 0; t < report->tables->len; t++)
        report_csv_rows (out, report, g_ptr_array_index (report->tables, t), FALSE);
    }
  return g_string_free (out, FALSE);
}

/* ----------------------------------------------------------- coverage */

/**
 * amparo_coverage_format:
 * @coverage: who sent what
 * @format: text, CSV or JSON
 *
 * Returns: (transfer full): the agencies × periods matrix, UTF-8; a
 *   period an agency sent shows its sequence number
 */
char *
amparo_coverage_format (const AmparoCoverage *coverage,
                        AmparoRegionalFormat  format)
{
  guint n_periods;
  GString *out;

  g_return_val_if_fail (coverage != NULL, NULL);

  n_periods = g_strv_length (coverage->periods);
  if (format == AMPARO_REGIONAL_FORMAT_JSON)
    {
      g_autoptr(JsonBuilder) b = json_builder_new_immutable ();

      json_builder_begin_object (b);
      json_strv (b, "periods", coverage->periods);
      json_builder_set_member_name (b, "agencies");
      json_builder_begin_array (b);
      for (guint a = 0; a < coverage->agencies->len; a++)
        {
          AmparoRegionalAgency *agency = g_ptr_array_index (coverage->agencies, a);

          json_builder_begin_object (b);
          json_string (b, "id", agency->id);
          json_string (b, "name", agency->name);
          json_builder_set_member_name (b, "sequences");
          json_builder_begin_array (b);
          for (guint p = 0; p < n_periods; p++)
            {
              gint64 seq = coverage->sequences[a * n_periods + p];

              if (seq > 0)
                json_builder_add_int_value (b, seq);
              else
                json_builder_add_null_value (b);
            }
          json_builder_end_array (b);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      json_builder_end_object (b);
      return json_finish (b);
    }

  out = g_string_new (NULL);
  if (format == AMPARO_REGIONAL_FORMAT_CSV)
    {
      amparo_csv_field (out, "agency_id", FALSE);
      amparo_csv_field (out, "agency", n_periods == 0);
      for (guint p = 0; p < n_periods; p++)
        amparo_csv_field (out, coverage->periods[p], p + 1 == n_periods);
      for (guint a = 0; a < coverage->agencies->len; a++)
        {
          AmparoRegionalAgency *agency = g_ptr_array_index (coverage->agencies, a);

          amparo_csv_field (out, agency->id, FALSE);
          amparo_csv_field (out, agency->name, n_periods == 0);
          for (guint p = 0; p < n_periods; p++)
            {
              g_autofree char *seq = bound_text (coverage->sequences[a * n_periods + p]);

              amparo_csv_field (out, g_str_equal (seq, "0") ? "" : seq, p + 1 == n_periods);
            }
        }
      return g_string_free (out, FALSE);
    }

  {
    g_autoptr(TextGrid) grid = grid_new ();
    GPtrArray *row = strings ();

    g_string_append_printf (out, "%s\n", _("Summaries received (sequence number), by agency and "
                                           "period"));
    g_ptr_array_add (row, g_strdup (_("Agency")));
    for (guint p = 0; p < n_periods; p++)
      g_ptr_array_add (row, g_strdup (coverage->periods[p]));
    grid_row (grid, row);
    for (guint a = 0; a < coverage->agencies->len; a++)
      {
        AmparoRegionalAgency *agency = g_ptr_array_index (coverage->agencies, a);

        row = strings ();
        g_ptr_array_add (row, g_strdup (agency->name));
        for (guint p = 0; p < n_periods; p++)
          {
            gint64 seq = coverage->sequences[a * n_periods + p];

            g_ptr_array_add (row, seq > 0 ? g_strdup_printf ("#%" G_GINT64_FORMAT, seq)
                                          : g_strdup ("—"));
          }
        grid_row (grid, row);
      }
    grid_render (grid, out, 0);
  }
  return g_string_free (out, FALSE);
}
