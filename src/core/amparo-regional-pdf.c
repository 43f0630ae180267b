/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "AmparoRegional"

#include <cairo-pdf.h>
#include <glib/gi18n.h>
#include <pango/pangocairo.h>

#include "amparo-error.h"
#include "amparo-regional-private.h"
#include "amparo-safe-file.h"

/* The coordinator's regional report as an A4 PDF: a table per catalogue
 * table, the region's figure and a column per agency, ranges written as
 * ranges. Rows that are zero everywhere are counted, not printed. */

#define PAGE_WIDTH   595.0   /* A4, in points */
#define PAGE_HEIGHT  842.0
#define MARGIN       48.0
#define FONT         "Sans"
#define LINE         13.0
#define LABEL_WIDTH  190.0

typedef struct
{
  cairo_t      *cr;
  PangoContext *context;
  double        y;
} Page;

static void
show (Page       *p,
      const char *text,
      double      x,
      double      width,
      double      size,
      gboolean    bold,
      gboolean    right,
      double     *out_height)
{
  PangoLayout *layout = pango_layout_new (p->context);
  PangoFontDescription *font = pango_font_description_from_string (FONT);
  int w, h;

  pango_font_description_set_absolute_size (font, size * PANGO_SCALE);
  if (bold)
    pango_font_description_set_weight (font, PANGO_WEIGHT_BOLD);
  pango_layout_set_font_description (layout, font);
  pango_layout_set_width (layout, (int) (width * PANGO_SCALE));
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_alignment (layout, right ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT);
  pango_layout_set_text (layout, text, -1);
  pango_layout_get_size (layout, &w, &h);
  cairo_set_source_rgb (p->cr, 0.1, 0.1, 0.1);
  cairo_move_to (p->cr, x, p->y);
  pango_cairo_show_layout (p->cr, layout);
  if (out_height != NULL)
    *out_height = (double) h / PANGO_SCALE;
  pango_font_description_free (font);
  g_object_unref (layout);
}

static void
need (Page  *p,
      double height)
{
  if (p->y + height <= PAGE_HEIGHT - MARGIN)
    return;
  cairo_show_page (p->cr);
  p->y = MARGIN;
}

static void
paragraph (Page       *p,
           const char *text,
           double      size,
           gboolean    bold)
{
  double h = 0;

  need (p, size * 2.5);
  show (p, text, MARGIN, PAGE_WIDTH - 2 * MARGIN, size, bold, FALSE, &h);
  p->y += h + 4;
}

/* One line: a label, then the region and each agency, right-aligned. */
static void
row (Page        *p,
     const char  *label,
     AmparoRange  region,
     AmparoRange *by_agency,
     guint        n_agencies,
     gboolean     bold)
{
  double col = (PAGE_WIDTH - 2 * MARGIN - LABEL_WIDTH) / (n_agencies + 1);
  double h = 0;

  need (p, LINE * 2);
  show (p, label, MARGIN, LABEL_WIDTH - 6, 8.5, bold, FALSE, &h);
  for (guint a = 0; a <= n_agencies; a++)
    {
      AmparoRange r = a == 0 ? region : by_agency[a - 1];
      g_autofree char *text = amparo_range_to_text (r);

      show (p, text, MARGIN + LABEL_WIDTH + a * col, col - 4, 8.5, bold, TRUE, NULL);
    }
  p->y += MAX (h, LINE);
}

static cairo_status_t
append_cb (void                *closure,
           const unsigned char *data,
           unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

/**
 * amparo_regional_report_write_pdf:
 * @report: a regional report
 * @path: the file to write; an existing file is replaced atomically
 * @error: return location for an error
 *
 * Writes the regional report, a column per agency, as an A4 PDF.
 *
 * Returns: %TRUE, or %FALSE with %AMPARO_ERROR_IO
 */
gboolean
amparo_regional_report_write_pdf (const AmparoRegionalReport *report,
                                  const char                 *path,
                                  GError                    **error)
{
  g_autoptr(GByteArray) data = g_byte_array_new ();
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *heading = NULL;
  guint n = report->agencies->len;
  cairo_surface_t *surface;
  cairo_status_t status;
  PangoFontMap *font_map;
  Page p = { 0 };

  g_return_val_if_fail (report != NULL && path != NULL, FALSE);

  /* Translators: %s is a period such as 2026-Q3 */
  heading = g_strdup_printf (_("Regional report for %s"), report->period);
  surface = cairo_pdf_surface_create_for_stream (append_cb, data, PAGE_WIDTH, PAGE_HEIGHT);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, heading);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "Amparo");
  p.cr = cairo_create (surface);
  /* a font map of its own, freed with the PDF (see amparo-report-pdf.c) */
  font_map = pango_cairo_font_map_new ();
  p.context = pango_font_map_create_context (font_map);
  p.y = MARGIN;

  paragraph (&p, heading, 16, TRUE);
  paragraph (&p, _("Where an agency hid a small count, the figure is a range: the smallest and "
                   "largest values consistent with what was sent."), 9, FALSE);
  p.y += 8;

  for (guint i = 0; i < report->tables->len; i++)
    {
      const AmparoRegionalTable *t = g_ptr_array_index (report->tables, i);
      g_autofree AmparoRange *none = g_new0 (AmparoRange, MAX (n, 1));
      double col = (PAGE_WIDTH - 2 * MARGIN - LABEL_WIDTH) / (n + 1);
      guint n_zero = 0;

      need (&p, 6 * LINE);
      paragraph (&p, _(t->spec->title), 11, TRUE);
      show (&p, _("Region"), MARGIN + LABEL_WIDTH, col - 4, 8, TRUE, TRUE, NULL);
      for (guint a = 0; a < n; a++)
        show (&p, ((AmparoRegionalAgency *) g_ptr_array_index (report->agencies, a))->name,
              MARGIN + LABEL_WIDTH + (a + 1) * col, col - 4, 8, TRUE, TRUE, NULL);
      p.y += 1.4 * LINE;
      for (guint c = 0; c < t->cells->len; c++)
        {
          const AmparoRegionalCell *cell = g_ptr_array_index (t->cells, c);
          g_autofree char *label = NULL;

          if (cell->sum.lo == 0 && cell->sum.hi == 0)
            {
              n_zero++;
              continue;
            }
          label = amparo_key_label (t->spec, cell->key);
          row (&p, label, cell->sum, cell->by_agency, n, FALSE);
        }
      if (n_zero > 0)
        {
          g_autofree char *count = g_strdup_printf ("%u", n_zero);
          /* Translators: %s is how many rows of a table are zero everywhere */
          g_autofree char *text = g_strdup_printf (_("%s more rows: 0 everywhere"), count);

          need (&p, LINE * 2);
          show (&p, text, MARGIN, PAGE_WIDTH - 2 * MARGIN, 8, FALSE, FALSE, NULL);
          p.y += LINE;
        }
      row (&p, _(t->spec->total_label), t->total, n > 0 ? t->total_by_agency : none, n, TRUE);
      p.y += 10;
    }

  cairo_show_page (p.cr);
  cairo_destroy (p.cr);
  g_object_unref (p.context);
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
