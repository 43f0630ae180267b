/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "AmparoReport"

#include <string.h>

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "amparo-codes.h"
#include "amparo-period.h"
#include "amparo-report-private.h"

/* Text, CSV and JSON forms of a report. Titles and labels are translated
 * in the program's language; codes stay as stored, so a CSV or JSON file
 * can be read by a program whatever language it was made in. */

static inline const AmparoCell *
cell_at (const AmparoTable *t,
         guint              i)
{
  return g_ptr_array_index (t->cells, i);
}

char *
amparo_report_cell_label (const AmparoTable *table,
                          const AmparoCell  *cell,
                          const char        *separator)
{
  GString *label = g_string_new (NULL);

  for (guint d = 0; table->dims[d] != NULL; d++)
    {
      if (d > 0)
        g_string_append (label, separator);
      g_string_append (label, amparo_code_label (table->dims[d], cell->key[d]));
    }
  return g_string_free (label, FALSE);
}

char *
amparo_report_count_text (gint64 count)
{
  if (count == AMPARO_COUNT_SUPPRESSED)
    /* Translators: shown instead of a count left out of a shared summary
     * because it is small, or could be worked out from other numbers */
    return g_strdup (C_("count", "hidden"));
  return g_strdup_printf ("%" G_GINT64_FORMAT, count);
}

char *
amparo_report_heading (const AmparoReport *report)
{
  AmparoPeriod period;
  g_autofree char *label = NULL;

  if (!amparo_period_parse (report->period, &period, NULL))
    return g_strdup (report->period);
  label = amparo_period_get_label (&period);
  /* Translators: “Report for July–September 2026 (2026-Q3)” */
  return g_strdup_printf (_("Report for %s (%s)"), label, report->period);
}

static const char *
note_for (const AmparoReport *report)
{
  if (report->k == 0)
    return _("Exact counts, for this agency’s own use only: do not share them.");
  return NULL;
}

/* ---------------------------------------------------------------- text */

static void
append_padded (GString    *out,
               const char *text,
               glong       width,
               gboolean    right)
{
  glong len = g_utf8_strlen (text, -1);

  if (right)
    for (glong i = len; i < width; i++)
      g_string_append_c (out, ' ');
  g_string_append (out, text);
  if (!right)
    for (glong i = len; i < width; i++)
      g_string_append_c (out, ' ');
}

static void
text_one_way (GString           *out,
              const AmparoTable *t)
{
  const char *total_label = amparo_report_total_label (t->id);
  g_autofree char *total = amparo_report_count_text (t->total);
  glong label_w = g_utf8_strlen (total_label, -1), count_w = g_utf8_strlen (total, -1);

  for (guint i = 0; i < t->cells->len; i++)
    {
      g_autofree char *label = amparo_report_cell_label (t, cell_at (t, i), " · ");
      g_autofree char *count = amparo_report_count_text (cell_at (t, i)->count);

      label_w = MAX (label_w, g_utf8_strlen (label, -1));
      count_w = MAX (count_w, g_utf8_strlen (count, -1));
    }
  for (guint i = 0; i < t->cells->len; i++)
    {
      g_autofree char *label = amparo_report_cell_label (t, cell_at (t, i), " · ");
      g_autofree char *count = amparo_report_count_text (cell_at (t, i)->count);

      g_string_append (out, "  ");
      append_padded (out, label, label_w + 2, FALSE);
      append_padded (out, count, count_w, TRUE);
      g_string_append_c (out, '\n');
    }
  g_string_append (out, "  ");
  for (glong i = 0; i < label_w + 2 + count_w; i++)
    g_string_append (out, "-");
  g_string_append (out, "\n  ");
  append_padded (out, total_label, label_w + 2, FALSE);
  append_padded (out, total, count_w, TRUE);
  g_string_append_c (out, '\n');
}

/* A two-way table as a grid: first dimension down, second across. */
static void
text_two_way (GString           *out,
              const AmparoTable *t)
{
  const AmparoCategory *cols = amparo_category_lookup (t->dims[1]);
  guint n_cols = amparo_category_n_codes (t->dims[1]);
  guint n_rows = t->cells->len / n_cols;
  g_autofree glong *col_w = g_new0 (glong, n_cols);
  g_autofree char *total = amparo_report_count_text (t->total);
  glong row_w = 0;

  for (guint c = 0; c < n_cols; c++)
    col_w[c] = g_utf8_strlen (amparo_code_label (t->dims[1], cols->codes[c].code), -1);
  for (guint r = 0; r < n_rows; r++)
    {
      row_w = MAX (row_w, g_utf8_strlen (amparo_code_label (t->dims[0],
                                                            cell_at (t, r * n_cols)->key[0]), -1));
      for (guint c = 0; c < n_cols; c++)
        {
          g_autofree char *count = amparo_report_count_text (cell_at (t, r * n_cols + c)->count);
          col_w[c] = MAX (col_w[c], g_utf8_strlen (count, -1));
        }
    }

  g_string_append (out, "  ");
  append_padded (out, "", row_w, FALSE);
  for (guint c = 0; c < n_cols; c++)
    {
      g_string_append (out, "  ");
      append_padded (out, amparo_code_label (t->dims[1], cols->codes[c].code), col_w[c], TRUE);
    }
  g_string_append_c (out, '\n');
  for (guint r = 0; r < n_rows; r++)
    {
      g_string_append (out, "  ");
      append_padded (out, amparo_code_label (t->dims[0], cell_at (t, r * n_cols)->key[0]), row_w,
                     FALSE);
      for (guint c = 0; c < n_cols; c++)
        {
          g_autofree char *count = amparo_report_count_text (cell_at (t, r * n_cols + c)->count);
          g_string_append (out, "  ");
          append_padded (out, count, col_w[c], TRUE);
        }
      g_string_append_c (out, '\n');
    }
  g_string_append_printf (out, "  %s: %s\n", amparo_report_total_label (t->id), total);
}

/**
 * amparo_report_to_text:
 *
 * Returns: (transfer full): the report for a terminal or a plain text
 *   file: each table titled, labels and counts in aligned columns
 */
char *
amparo_report_to_text (const AmparoReport *report)
{
  GString *out = g_string_new (NULL);
  g_autofree char *heading = NULL;
  const char *note;

  g_return_val_if_fail (report != NULL, NULL);

  heading = amparo_report_heading (report);
  g_string_append_printf (out, "%s\n", heading);
  /* Translators: the first and last day of the report's period */
  g_string_append_printf (out, _("From %s to %s; fiscal year from %s"), report->start,
                          report->end, report->fiscal_year_start);
  g_string_append_c (out, '\n');
  note = note_for (report);
  if (note != NULL)
    g_string_append (out, note);
  else
    g_string_append_printf (out, _("Counts from 1 to %d are hidden, and some larger ones too, so "
                                   "that no hidden count can be worked out."), report->k - 1);
  g_string_append_c (out, '\n');

  for (guint i = 0; i < report->tables->len; i++)
    {
      const AmparoTable *t = g_ptr_array_index (report->tables, i);

      g_string_append_printf (out, "\n%s\n", amparo_report_table_title (t->id));
      if (amparo_table_n_dims (t) == 2)
        text_two_way (out, t);
      else
        text_one_way (out, t);
    }
  for (guint i = 0; i < report->dropped->len; i++)
    {
      const AmparoReportDropped *d = g_ptr_array_index (report->dropped, i);

      if (i == 0)
        g_string_append_printf (out, "\n%s\n", _("Left out"));
      g_string_append_printf (out, "  %s: %s\n", amparo_report_table_title (d->table_id),
                              d->reason);
    }
  return g_string_free (out, FALSE);
}

/* ----------------------------------------------------------------- CSV */

static void
csv_field (GString    *out,
           const char *text,
           gboolean    last)
{
  if (strpbrk (text, ",\"\r\n") != NULL)
    {
      g_string_append_c (out, '"');
      for (const char *p = text; *p != '\0'; p++)
        {
          if (*p == '"')
            g_string_append_c (out, '"');
          g_string_append_c (out, *p);
        }
      g_string_append_c (out, '"');
    }
  else
    g_string_append (out, text);
  g_string_append (out, last ? "\r\n" : ",");
}

static void
csv_row (GString    *out,
         const char *a,
         const char *b,
         const char *c)
{
  csv_field (out, a, FALSE);
  csv_field (out, b, FALSE);
  csv_field (out, c, TRUE);
}

/**
 * amparo_report_to_csv:
 *
 * One section per table: a row with the table id and its title, then one
 * `code,label,count` row per cell (two-way keys are written `a/b`), a
 * `total` row and an empty row. The first row names the columns in the
 * program's language. RFC 4180: CRLF line ends, fields holding a comma, a
 * quote or a line break quoted. A hidden count is written as a word.
 *
 * Returns: (transfer full): the CSV text
 */
char *
amparo_report_to_csv (const AmparoReport *report)
{
  GString *out = g_string_new (NULL);
  g_autofree char *heading = NULL;

  g_return_val_if_fail (report != NULL, NULL);

  heading = amparo_report_heading (report);
  /* Translators: column headings of a report spreadsheet */
  csv_row (out, C_("csv", "code"), C_("csv", "label"), C_("csv", "count"));
  csv_row (out, "period", heading, report->period);
  if (note_for (report) != NULL)
    csv_row (out, "note", note_for (report), "");
  else
    {
      g_autofree char *k = g_strdup_printf ("%d", report->k);
      csv_row (out, "k", _("Counts below this number are hidden"), k);
    }
  g_string_append (out, "\r\n");

  for (guint i = 0; i < report->tables->len; i++)
    {
      const AmparoTable *t = g_ptr_array_index (report->tables, i);
      g_autofree char *total = amparo_report_count_text (t->total);

      csv_row (out, t->id, amparo_report_table_title (t->id), "");
      for (guint j = 0; j < t->cells->len; j++)
        {
          const AmparoCell *cell = cell_at (t, j);
          g_autofree char *code = g_strjoinv ("/", cell->key);
          g_autofree char *label = amparo_report_cell_label (t, cell, " / ");
          g_autofree char *count = amparo_report_count_text (cell->count);

          csv_row (out, code, label, count);
        }
      csv_row (out, "total", amparo_report_total_label (t->id), total);
      g_string_append (out, "\r\n");
    }
  for (guint i = 0; i < report->dropped->len; i++)
    {
      const AmparoReportDropped *d = g_ptr_array_index (report->dropped, i);
      csv_row (out, d->table_id, amparo_report_table_title (d->table_id), d->reason);
    }
  return g_string_free (out, FALSE);
}

/* ---------------------------------------------------------------- JSON */

static void
json_count (JsonBuilder *b,
            const char  *member,
            gint64       count)
{
  json_builder_set_member_name (b, member);
  if (count == AMPARO_COUNT_SUPPRESSED)
    json_builder_add_null_value (b);
  else
    json_builder_add_int_value (b, count);
}

static void
json_string (JsonBuilder *b,
             const char  *member,
             const char  *value)
{
  json_builder_set_member_name (b, member);
  json_builder_add_string_value (b, value);
}

/**
 * amparo_report_to_json:
 *
 * The report for the agency's own programs: period, dates, k (0 for exact
 * counts), and each table with its id, translated title, dimensions,
 * total and cells (`key`, `label`, `count`; a hidden count is `null`),
 * then the tables left out with the reason.
 *
 * Returns: (transfer full): pretty-printed JSON
 */
char *
amparo_report_to_json (const AmparoReport *report)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;

  g_return_val_if_fail (report != NULL, NULL);

  json_builder_begin_object (b);
  json_string (b, "period", report->period);
  json_string (b, "start", report->start);
  json_string (b, "end", report->end);
  json_string (b, "fiscal_year_start", report->fiscal_year_start);
  json_builder_set_member_name (b, "k");
  json_builder_add_int_value (b, report->k);
  json_builder_set_member_name (b, "tables");
  json_builder_begin_array (b);
  for (guint i = 0; i < report->tables->len; i++)
    {
      const AmparoTable *t = g_ptr_array_index (report->tables, i);

      json_builder_begin_object (b);
      json_string (b, "id", t->id);
      json_string (b, "title", amparo_report_table_title (t->id));
      json_builder_set_member_name (b, "dims");
      json_builder_begin_array (b);
      for (guint d = 0; t->dims[d] != NULL; d++)
        json_builder_add_string_value (b, t->dims[d]);
      json_builder_end_array (b);
      json_builder_set_member_name (b, "additive");
      json_builder_add_boolean_value (b, t->additive);
      json_count (b, "total", t->total);
      json_string (b, "total_label", amparo_report_total_label (t->id));
      json_builder_set_member_name (b, "cells");
      json_builder_begin_array (b);
      for (guint j = 0; j < t->cells->len; j++)
        {
          const AmparoCell *cell = cell_at (t, j);
          g_autofree char *label = amparo_report_cell_label (t, cell, " / ");

          json_builder_begin_object (b);
          json_builder_set_member_name (b, "key");
          json_builder_begin_array (b);
          for (guint d = 0; cell->key[d] != NULL; d++)
            json_builder_add_string_value (b, cell->key[d]);
          json_builder_end_array (b);
          json_string (b, "label", label);
          json_count (b, "count", cell->count);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_set_member_name (b, "dropped");
  json_builder_begin_array (b);
  for (guint i = 0; i < report->dropped->len; i++)
    {
      const AmparoReportDropped *d = g_ptr_array_index (report->dropped, i);

      json_builder_begin_object (b);
      json_string (b, "id", d->table_id);
      json_string (b, "reason", d->reason);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);

  root = json_builder_get_root (b);
  json_generator_set_pretty (gen, TRUE);
  json_generator_set_root (gen, root);
  return json_generator_to_data (gen, NULL);
}
