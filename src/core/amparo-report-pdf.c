/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "AmparoReport"

#include <cairo-pdf.h>
#include <glib/gi18n.h>
#include <pango/pangocairo.h>

#include "amparo-error.h"
#include "amparo-report-private.h"
#include "amparo-safe-file.h"

/* Bar charts of report tables, drawn with cairo: into a PDF here and into
 * a GtkDrawingArea by the Reports page. A hidden count is drawn as a
 * hatched stub with the word, never as a number or a length. */

#define ROW_HEIGHT     18.0
#define ROW_MIN        10.0
#define TOTAL_HEIGHT   20.0
#define GAP            8.0
#define FONT_FAMILY    "Sans"

#define PAGE_WIDTH     595.0   /* A4, in points */
#define PAGE_HEIGHT    842.0
#define MARGIN         48.0

/* A PDF is drawn with a font map of its own, made and freed with it:
 * the default one lives as long as the thread that drew, which for a
 * worker thread is never quite freed. */
static const cairo_user_data_key_t context_key;

typedef struct
{
  const AmparoCell *cell;
  char             *label;
} Bar;

static void
bar_clear (gpointer data)
{
  g_free (((Bar *) data)->label);
}

/* Every cell of a one-way table; the cells of a two-way table that are
 * not zero (a grid of zeros says nothing a chart should show). */
static GArray *
chart_bars (const AmparoTable *table)
{
  GArray *bars = g_array_new (FALSE, FALSE, sizeof (Bar));
  gboolean two_way = amparo_table_n_dims (table) == 2;

  g_array_set_clear_func (bars, bar_clear);
  for (guint i = 0; i < table->cells->len; i++)
    {
      const AmparoCell *cell = g_ptr_array_index (table->cells, i);
      Bar bar;

      if (two_way && cell->count == 0)
        continue;
      bar.cell = cell;
      bar.label = amparo_report_cell_label (table, cell, " · ");
      g_array_append_val (bars, bar);
    }
  return bars;
}

/**
 * amparo_report_chart_get_height:
 * @table: a report table
 *
 * Returns: the height amparo_report_draw_table_chart() draws @table at
 *   without squeezing its rows, in the same units as its width
 */
double
amparo_report_chart_get_height (const AmparoTable *table)
{
  g_autoptr(GArray) bars = NULL;

  g_return_val_if_fail (table != NULL, 0);

  bars = chart_bars (table);
  return MAX (bars->len, 1) * ROW_HEIGHT + TOTAL_HEIGHT;
}

static PangoLayout *
make_layout (cairo_t    *cr,
             double      size,
             gboolean    bold,
             const char *text)
{
  PangoContext *context = cairo_get_user_data (cr, &context_key);
  PangoLayout *layout;
  PangoFontDescription *font = pango_font_description_from_string (FONT_FAMILY);

  if (context != NULL)
    {
      pango_cairo_update_context (cr, context);
      layout = pango_layout_new (context);
    }
  else
    layout = pango_cairo_create_layout (cr);
  pango_font_description_set_absolute_size (font, size * PANGO_SCALE);
  if (bold)
    pango_font_description_set_weight (font, PANGO_WEIGHT_BOLD);
  pango_layout_set_font_description (layout, font);
  pango_font_description_free (font);
  pango_layout_set_text (layout, text, -1);
  return layout;
}

static double
text_width (cairo_t    *cr,
            double      size,
            const char *text)
{
  g_autoptr(PangoLayout) layout = make_layout (cr, size, FALSE, text);
  int w, h;

  pango_layout_get_pixel_size (layout, &w, &h);
  return w;
}

/* Draws @text with its left edge at @x (right edge, if @right) and
 * centred on @y, cut short with an ellipsis past @max_width. */
static void
draw_text (cairo_t    *cr,
           double      size,
           gboolean    bold,
           const char *text,
           double      x,
           double      y,
           double      max_width,
           gboolean    right)
{
  g_autoptr(PangoLayout) layout = make_layout (cr, size, bold, text);
  int w, h;

  if (max_width > 0)
    {
      pango_layout_set_width (layout, (int) (max_width * PANGO_SCALE));
      pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
    }
  pango_layout_get_pixel_size (layout, &w, &h);
  cairo_move_to (cr, right ? x - w : x, y - h / 2.0);
  pango_cairo_show_layout (cr, layout);
}

static void
draw_hatched (cairo_t *cr,
              double   x,
              double   y,
              double   w,
              double   h)
{
  cairo_save (cr);
  cairo_rectangle (cr, x, y, w, h);
  cairo_set_source_rgb (cr, 0.45, 0.45, 0.45);
  cairo_set_line_width (cr, 1.0);
  cairo_stroke_preserve (cr);
  cairo_clip (cr);
  for (double d = -h; d < w; d += 4.0)
    {
      cairo_move_to (cr, x + d, y + h);
      cairo_line_to (cr, x + d + h, y);
    }
  cairo_set_line_width (cr, 0.8);
  cairo_stroke (cr);
  cairo_restore (cr);
}

/**
 * amparo_report_draw_table_chart:
 * @cr: where to draw, with the origin at the chart's top left corner
 * @table: a report table, exact or suppressed
 * @width: the width to fill
 * @height: the height to fill; amparo_report_chart_get_height() gives the
 *   natural one, and less squeezes the rows down to a minimum
 *
 * Draws @table as horizontal bars, one per cell, each labelled with its
 * count, and its total underneath. A hidden count is drawn as a hatched
 * stub marked “hidden”. Drawn in black and grey on whatever is there, so
 * it prints well and suits a light window.
 */
void
amparo_report_draw_table_chart (cairo_t           *cr,
                                const AmparoTable *table,
                                double             width,
                                double             height)
{
  g_autoptr(GArray) bars = NULL;
  g_autofree char *total = NULL;
  g_autofree char *total_line = NULL;
  double row_h, font, label_w = 0, count_w, bar_x, bar_w, stub;
  gint64 max = 0;

  g_return_if_fail (cr != NULL && table != NULL);

  bars = chart_bars (table);
  row_h = bars->len > 0 ? CLAMP ((height - TOTAL_HEIGHT) / bars->len, ROW_MIN, ROW_HEIGHT)
                        : ROW_HEIGHT;
  font = MIN (9.0, row_h * 0.62);

  for (guint i = 0; i < bars->len; i++)
    {
      const Bar *bar = &g_array_index (bars, Bar, i);

      label_w = MAX (label_w, text_width (cr, font, bar->label));
      max = MAX (max, bar->cell->count);
    }
  label_w = MIN (label_w + GAP, width * 0.45);
  count_w = text_width (cr, font, C_("count", "hidden")) + GAP;
  count_w = MAX (count_w, text_width (cr, font, "000000") + GAP);
  bar_x = label_w;
  bar_w = MAX (width - label_w - count_w, 10.0);
  stub = MIN (bar_w * 0.06, 24.0);

  cairo_save (cr);
  if (bars->len == 0)
    {
      cairo_set_source_rgb (cr, 0.3, 0.3, 0.3);
      draw_text (cr, font, FALSE, _("No one was counted in this table."), 0, row_h / 2, width,
                 FALSE);
    }
  for (guint i = 0; i < bars->len; i++)
    {
      const Bar *bar = &g_array_index (bars, Bar, i);
      double y = i * row_h, mid = y + row_h / 2, len;
      g_autofree char *count = amparo_report_count_text (bar->cell->count);

      cairo_set_source_rgb (cr, 0.1, 0.1, 0.1);
      draw_text (cr, font, FALSE, bar->label, 0, mid, label_w - GAP, FALSE);
      if (bar->cell->count == AMPARO_COUNT_SUPPRESSED)
        {
          draw_hatched (cr, bar_x, y + row_h * 0.2, stub, row_h * 0.6);
          len = stub;
          cairo_set_source_rgb (cr, 0.35, 0.35, 0.35);
        }
      else
        {
          len = max > 0 ? bar_w * (double) bar->cell->count / (double) max : 0;
          cairo_rectangle (cr, bar_x, y + row_h * 0.2, len, row_h * 0.6);
          cairo_set_source_rgb (cr, 0.2, 0.4, 0.65);
          cairo_fill (cr);
          cairo_set_source_rgb (cr, 0.1, 0.1, 0.1);
        }
      draw_text (cr, font, FALSE, count, bar_x + len + 4, mid, 0, FALSE);
    }

  total = amparo_report_count_text (table->total);
  total_line = g_strdup_printf ("%s: %s", amparo_report_total_label (table->id), total);
  cairo_set_source_rgb (cr, 0.1, 0.1, 0.1);
  draw_text (cr, font, TRUE, total_line, 0, MAX (bars->len, 1) * row_h + TOTAL_HEIGHT / 2,
             width, FALSE);
  cairo_restore (cr);
}

/* ----------------------------------------------------------------- PDF */

static cairo_status_t
append_bytes_cb (void                *closure,
                 const unsigned char *data,
                 unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

typedef struct
{
  cairo_t *cr;
  double   y;
  int      page;
} Pager;

static void
new_page (Pager *p)
{
  g_autofree char *number = NULL;

  if (p->page > 0)
    cairo_show_page (p->cr);
  p->page++;
  p->y = MARGIN;
  number = g_strdup_printf ("%d", p->page);
  cairo_set_source_rgb (p->cr, 0.4, 0.4, 0.4);
  draw_text (p->cr, 8, FALSE, number, PAGE_WIDTH - MARGIN, PAGE_HEIGHT - MARGIN / 2, 0, TRUE);
}

static void
paragraph (Pager      *p,
           const char *text,
           double      size,
           gboolean    bold)
{
  g_autoptr(PangoLayout) layout = make_layout (p->cr, size, bold, text);
  int w, h;

  pango_layout_set_width (layout, (int) ((PAGE_WIDTH - 2 * MARGIN) * PANGO_SCALE));
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_get_pixel_size (layout, &w, &h);
  if (p->y + h > PAGE_HEIGHT - MARGIN)
    new_page (p);
  cairo_set_source_rgb (p->cr, 0.1, 0.1, 0.1);
  cairo_move_to (p->cr, MARGIN, p->y);
  pango_cairo_show_layout (p->cr, layout);
  p->y += h + 4;
}

/**
 * amparo_report_write_pdf:
 * @report: a report, exact or suppressed
 * @path: the file to write; an existing file is replaced atomically
 * @error: return location for an error
 *
 * Writes the report as an A4 PDF, one titled bar chart per table.
 *
 * Returns: %TRUE, or %FALSE with %AMPARO_ERROR_IO
 */
gboolean
amparo_report_write_pdf (const AmparoReport *report,
                         const char         *path,
                         GError            **error)
{
  g_autoptr(GByteArray) data = g_byte_array_new ();
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *heading = NULL;
  g_autofree char *dates = NULL;
  cairo_surface_t *surface;
  cairo_status_t status;
  PangoFontMap *font_map;
  Pager p = { 0 };
  const double content_h = PAGE_HEIGHT - 2 * MARGIN;

  g_return_val_if_fail (report != NULL && path != NULL, FALSE);

  surface = cairo_pdf_surface_create_for_stream (append_bytes_cb, data, PAGE_WIDTH, PAGE_HEIGHT);
  heading = amparo_report_heading (report);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, heading);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "Amparo");
  p.cr = cairo_create (surface);
  font_map = pango_cairo_font_map_new ();
  cairo_set_user_data (p.cr, &context_key, pango_font_map_create_context (font_map),
                       g_object_unref);
  new_page (&p);

  paragraph (&p, heading, 16, TRUE);
  dates = g_strdup_printf (_("From %s to %s; fiscal year from %s"), report->start, report->end,
                           report->fiscal_year_start);
  paragraph (&p, dates, 9, FALSE);
  if (report->k == 0)
    paragraph (&p, _("Exact counts, for this agency’s own use only: do not share them."), 9, TRUE);
  else
    {
      g_autofree char *note = g_strdup_printf (_("Counts from 1 to %d are hidden, and some larger "
                                                 "ones too, so that no hidden count can be worked "
                                                 "out."), report->k - 1);
      paragraph (&p, note, 9, FALSE);
    }
  p.y += GAP;

  for (guint i = 0; i < report->tables->len; i++)
    {
      const AmparoTable *t = g_ptr_array_index (report->tables, i);
      double h = MIN (amparo_report_chart_get_height (t), content_h - 24);

      if (p.y + 24 + h > PAGE_HEIGHT - MARGIN)
        new_page (&p);
      paragraph (&p, amparo_report_table_title (t->id), 11, TRUE);
      cairo_save (p.cr);
      cairo_translate (p.cr, MARGIN, p.y);
      amparo_report_draw_table_chart (p.cr, t, PAGE_WIDTH - 2 * MARGIN, h);
      cairo_restore (p.cr);
      p.y += h + 2 * GAP;
    }
  for (guint i = 0; i < report->dropped->len; i++)
    {
      const AmparoReportDropped *d = g_ptr_array_index (report->dropped, i);
      g_autofree char *line = g_strdup_printf ("%s: %s", amparo_report_table_title (d->table_id),
                                               d->reason);
      if (i == 0)
        paragraph (&p, _("Left out"), 11, TRUE);
      paragraph (&p, line, 9, FALSE);
    }

  cairo_show_page (p.cr);
  cairo_destroy (p.cr);
  g_object_unref (font_map);
  cairo_surface_finish (surface);
  status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, AMPARO_ERROR, AMPARO_ERROR_FAILED, _("The PDF could not be drawn: %s"),
                   cairo_status_to_string (status));
      return FALSE;
    }
  bytes = g_byte_array_free_to_bytes (g_steal_pointer (&data));
  return amparo_safe_file_replace (path, bytes, NULL, error);
}
