/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "AmparoReportsPage"

#include <glib/gi18n.h>

#include "amparo-codes.h"
#include "amparo-gui-util.h"
#include "amparo-period-picker.h"
#include "amparo-reports-page.h"
#include "amparo-suppress.h"

/* The agency's period reports: pick a period, see every table of the
 * report with a bar chart, and save it as a spreadsheet, a PDF or CSV.
 * Reports count coded data only, so every role sees this page. Counting
 * runs on a worker thread with its own connection; the page shows a
 * spinner meanwhile. "As shared" shows the copy with small counts
 * suppressed, the way a summary leaves the agency, and says for each
 * hidden count whether it is small or hidden to protect a small one. */

struct _AmparoReportsPage
{
  AdwBin              parent_instance;

  AdwToastOverlay    *toast_overlay;
  AdwBin             *picker_bin;
  GtkSpinner         *spinner;
  GtkSwitch          *shared_switch;
  GtkMenuButton      *export_button;
  GtkBox             *tables_box;

  AmparoVault        *vault;
  AmparoPeriodPicker *picker;
  GCancellable       *cancellable;
  AmparoReport       *exact;
  AmparoReport       *shown;
  guint               busy;
  gboolean            loaded;
};

G_DEFINE_FINAL_TYPE (AmparoReportsPage, amparo_reports_page, ADW_TYPE_BIN)

/* the chart is laid out in print points; a screen wants it a bit larger */
#define CHART_SCALE 1.3

static const char *const format_names[] = { "pdf", "xlsx", "csv" };

static void
toast (AmparoReportsPage *self,
       const char        *text)
{
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (text));
}

static void
set_busy (AmparoReportsPage *self,
          gboolean           busy)
{
  self->busy = busy ? self->busy + 1 : self->busy - 1;
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), self->busy > 0);
  gtk_spinner_set_spinning (self->spinner, self->busy > 0);
  gtk_widget_set_sensitive (GTK_WIDGET (self->export_button),
                            self->busy == 0 && self->shown != NULL);
}

static void
clear_box (GtkBox *box)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (box))) != NULL)
    gtk_box_remove (box, child);
}

static int
report_k (AmparoReportsPage *self)
{
  gint64 k = amparo_vault_get_setting_int (self->vault, "k", AMPARO_K_DEFAULT);

  return (int) CLAMP (k, AMPARO_K_MIN, AMPARO_K_MAX);
}

/* ------------------------------------------------------------ display */

/* A count as shown: the number, or for a suppressed one why it is hidden
 * (the exact count stays inside the agency, so this page may tell). */
static char *
count_text (gint64 shown,
            gint64 exact,
            int    k,
            gboolean *suppressed)
{
  *suppressed = shown == AMPARO_COUNT_SUPPRESSED;
  if (!*suppressed)
    return g_strdup_printf ("%" G_GINT64_FORMAT, shown);
  if (exact >= 1 && exact < k)
    /* Translators: in place of a small count, e.g. “fewer than 5” */
    return g_strdup_printf (_("fewer than %d"), k);
  /* Translators: in place of a count hidden so that a small one cannot be
   * worked out from it */
  return g_strdup (C_("count", "hidden"));
}

static GtkWidget *
grid_label (const char *text,
            float       xalign,
            gboolean    bold)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), xalign);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  if (bold)
    gtk_widget_add_css_class (label, "heading");
  return label;
}

static GtkWidget *
count_label (gint64 shown,
             gint64 exact,
             int    k,
             gboolean bold)
{
  gboolean suppressed;
  g_autofree char *text = count_text (shown, exact, k, &suppressed);
  GtkWidget *label = grid_label (text, 1.0, bold);

  gtk_label_set_wrap (GTK_LABEL (label), FALSE);
  if (suppressed)
    {
      gtk_widget_add_css_class (label, "suppressed-count");
      gtk_widget_set_tooltip_text (label, _("Hidden in a shared summary so that nobody can be "
                                            "singled out"));
    }
  else
    gtk_widget_add_css_class (label, "numeric");
  return label;
}

static void
draw_chart_cb (GtkDrawingArea *area,
               cairo_t        *cr,
               int             width,
               int             height,
               gpointer        data)
{
  const AmparoTable *table = data;

  /* the chart is drawn in black and grey, for print: give it paper */
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_rectangle (cr, 0, 0, width, height);
  cairo_fill (cr);
  cairo_translate (cr, 12, 8);
  cairo_scale (cr, CHART_SCALE, CHART_SCALE);
  amparo_report_draw_table_chart (cr, table, (width - 24) / CHART_SCALE,
                                  (height - 16) / CHART_SCALE);
}

static GtkWidget *
make_chart (const AmparoTable *table)
{
  GtkWidget *frame = gtk_frame_new (NULL);
  GtkWidget *area = gtk_drawing_area_new ();
  g_autofree char *label = NULL;

  gtk_drawing_area_set_content_height (GTK_DRAWING_AREA (area),
                                       (int) (amparo_report_chart_get_height (table) * CHART_SCALE) + 16);
  gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (area), draw_chart_cb, (gpointer) table, NULL);
  /* Translators: the accessible name of a bar chart; %s is the table's title */
  label = g_strdup_printf (_("Bar chart: %s"), amparo_report_table_title (table->id));
  gtk_accessible_update_property (GTK_ACCESSIBLE (area), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  gtk_frame_set_child (GTK_FRAME (frame), area);
  return frame;
}

static GtkWidget *
make_grid (const AmparoTable *t,
           const AmparoTable *exact,
           int                k)
{
  GtkWidget *grid = gtk_grid_new ();
  guint n_dims = amparo_table_n_dims (t);
  int row = 0;

  gtk_grid_set_column_spacing (GTK_GRID (grid), 18);
  gtk_grid_set_row_spacing (GTK_GRID (grid), 4);
  gtk_widget_add_css_class (grid, "report-grid");

  if (n_dims == 2)
    {
      guint n_cols = amparo_category_n_codes (t->dims[1]);
      const AmparoCategory *cols = amparo_category_lookup (t->dims[1]);
      guint n_rows = n_cols > 0 ? t->cells->len / n_cols : 0;

      for (guint c = 0; c < n_cols; c++)
        {
          GtkWidget *head = grid_label (amparo_code_label (t->dims[1], cols->codes[c].code), 1.0,
                                        TRUE);
          gtk_label_set_max_width_chars (GTK_LABEL (head), 12);
          gtk_label_set_justify (GTK_LABEL (head), GTK_JUSTIFY_RIGHT);
          gtk_grid_attach (GTK_GRID (grid), head, (int) c + 1, 0, 1, 1);
        }
      row = 1;
      for (guint r = 0; r < n_rows; r++, row++)
        {
          const AmparoCell *first = g_ptr_array_index (t->cells, r * n_cols);
          GtkWidget *name = grid_label (amparo_code_label (t->dims[0], first->key[0]), 0.0, FALSE);

          gtk_widget_set_hexpand (name, TRUE);
          gtk_grid_attach (GTK_GRID (grid), name, 0, row, 1, 1);
          for (guint c = 0; c < n_cols; c++)
            {
              const AmparoCell *cell = g_ptr_array_index (t->cells, r * n_cols + c);
              const AmparoCell *ex = g_ptr_array_index (exact->cells, r * n_cols + c);
              gtk_grid_attach (GTK_GRID (grid), count_label (cell->count, ex->count, k, FALSE),
                               (int) c + 1, row, 1, 1);
            }
        }
    }
  else
    for (guint i = 0; i < t->cells->len; i++, row++)
      {
        const AmparoCell *cell = g_ptr_array_index (t->cells, i);
        const AmparoCell *ex = g_ptr_array_index (exact->cells, i);
        GtkWidget *name = grid_label (amparo_code_label (t->dims[0], cell->key[0]), 0.0, FALSE);

        gtk_widget_set_hexpand (name, TRUE);
        gtk_grid_attach (GTK_GRID (grid), name, 0, row, 1, 1);
        gtk_grid_attach (GTK_GRID (grid), count_label (cell->count, ex->count, k, FALSE), 1, row,
                         1, 1);
      }

  gtk_grid_attach (GTK_GRID (grid), gtk_separator_new (GTK_ORIENTATION_HORIZONTAL), 0, row++,
                   n_dims == 2 ? (int) amparo_category_n_codes (t->dims[1]) + 1 : 2, 1);
  gtk_grid_attach (GTK_GRID (grid), grid_label (amparo_report_total_label (t->id), 0.0, TRUE), 0,
                   row, 1, 1);
  gtk_grid_attach (GTK_GRID (grid), count_label (t->total, exact->total, k, TRUE),
                   n_dims == 2 ? (int) amparo_category_n_codes (t->dims[1]) : 1, row, 1, 1);
  return grid;
}

static void
show_report (AmparoReportsPage *self)
{
  const AmparoReport *r = self->shown;
  AmparoPeriod period;
  g_autofree char *label = NULL;
  g_autofree char *heading = NULL;
  GtkWidget *title, *note;

  clear_box (self->tables_box);
  if (r == NULL)
    return;

  label = amparo_period_parse (r->period, &period, NULL) ? amparo_period_get_label (&period)
                                                         : g_strdup (r->period);
  /* Translators: “Report for July–September 2026 (2026-Q3)” */
  heading = g_strdup_printf (_("Report for %s (%s)"), label, r->period);
  title = grid_label (heading, 0.0, FALSE);
  gtk_widget_add_css_class (title, "title-2");
  gtk_widget_set_name (title, "reports-heading");
  gtk_box_append (self->tables_box, title);

  if (r->k == 0)
    note = grid_label (_("Exact counts, for this agency’s own use only: do not share them. "
                         "Turn on “As shared” to see what a summary for the coalition "
                         "would show."), 0.0, FALSE);
  else
    {
      g_autofree char *text =
        g_strdup_printf (_("As a shared summary shows it: every count from 1 to %d reads "
                           "“fewer than %d”, and a few larger ones read “hidden”, so that no "
                           "small count can be worked out by subtracting the others."),
                         r->k - 1, r->k);
      note = grid_label (text, 0.0, FALSE);
    }
  gtk_widget_set_name (note, "reports-note");
  gtk_widget_add_css_class (note, "dim-label");
  gtk_box_append (self->tables_box, note);

  for (guint i = 0; i < r->tables->len; i++)
    {
      const AmparoTable *t = g_ptr_array_index (r->tables, i);
      const AmparoTable *exact = amparo_report_get_table (self->exact, t->id);
      GtkWidget *group = adw_preferences_group_new ();
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
      g_autofree char *name = g_strdup_printf ("report-table-%s", t->id);

      adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group),
                                       amparo_report_table_title (t->id));
      gtk_widget_set_name (group, name);
      if (amparo_table_n_dims (t) == 1)
        gtk_box_append (GTK_BOX (box), make_chart (t));
      gtk_box_append (GTK_BOX (box), make_grid (t, exact, r->k));
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), box);
      gtk_box_append (self->tables_box, group);
    }

  if (r->dropped != NULL && r->dropped->len > 0)
    {
      GtkWidget *group = adw_preferences_group_new ();

      adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group),
                                       _("Left Out of a Shared Summary"));
      for (guint i = 0; i < r->dropped->len; i++)
        {
          const AmparoReportDropped *d = g_ptr_array_index (r->dropped, i);
          GtkWidget *row = adw_action_row_new ();

          adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
          adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                         amparo_report_table_title (d->table_id));
          adw_action_row_set_subtitle (ADW_ACTION_ROW (row), d->reason);
          adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
        }
      gtk_box_append (self->tables_box, group);
    }
}

static void
update_shown (AmparoReportsPage *self)
{
  g_clear_pointer (&self->shown, amparo_report_free);
  if (self->exact != NULL)
    self->shown = gtk_switch_get_active (self->shared_switch)
                    ? amparo_report_suppressed (self->exact, report_k (self))
                    : amparo_report_copy (self->exact);
  show_report (self);
  gtk_widget_set_sensitive (GTK_WIDGET (self->export_button),
                            self->busy == 0 && self->shown != NULL);
}

/* ------------------------------------------------------------ loading */

static void
build_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(AmparoReportsPage) self = user_data;
  g_autoptr(GError) error = NULL;
  AmparoReport *report = amparo_report_build_finish (result, &error);

  if (self->vault == NULL)   /* the page went away (locked) meanwhile */
    return;
  set_busy (self, FALSE);
  /* a newer count replaced this one */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (report == NULL)
    {
      GtkWidget *label;

      clear_box (self->tables_box);
      label = grid_label (error->message, 0.0, FALSE);
      gtk_widget_set_name (label, "reports-error");
      gtk_box_append (self->tables_box, label);
      return;
    }
  g_clear_pointer (&self->exact, amparo_report_free);
  self->exact = report;
  update_shown (self);
}

static void
reload (AmparoReportsPage *self)
{
  g_autofree char *period = amparo_period_picker_dup_period (self->picker);

  if (period == NULL || amparo_vault_is_locked (self->vault))
    return;
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  g_clear_pointer (&self->exact, amparo_report_free);
  g_clear_pointer (&self->shown, amparo_report_free);
  set_busy (self, TRUE);
  self->loaded = TRUE;
  /* the count runs on a connection of its own: a lock need not wait */
  amparo_report_build_async (self->vault, period, self->cancellable, build_done_cb,
                             g_object_ref (self));
}

static void
shared_changed_cb (AmparoReportsPage *self)
{
  update_shown (self);
}

/* ------------------------------------------------------------ export */

typedef struct
{
  AmparoReportsPage     *self;
  AmparoReportFileFormat format;
  char                  *period;
  gboolean               shared;
} ExportData;

static void
export_data_free (ExportData *data)
{
  g_clear_object (&data->self);
  g_free (data->period);
  g_free (data);
}

static void
write_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  ExportData *data = user_data;
  AmparoReportsPage *self = data->self;
  g_autoptr(GError) error = NULL;
  g_autofree char *detail = NULL;
  gboolean ok = amparo_report_write_file_finish (result, &error);

  if (self->vault == NULL)   /* the page went away (locked) meanwhile */
    {
      export_data_free (data);
      return;
    }
  set_busy (self, FALSE);
  if (!ok)
    {
      /* Translators: %s says why, e.g. “No space left on the device” */
      g_autofree char *text = g_strdup_printf (_("The report was not saved: %s"), error->message);
      toast (self, text);
      export_data_free (data);
      return;
    }
  /* saving a report is logged, by period and form only (as the CLI does) */
  if (!amparo_vault_is_locked (self->vault))
    {
      detail = g_strdup_printf ("period=%s format=files %s%s", data->period,
                                format_names[data->format], data->shared ? " suppressed" : "");
      if (!amparo_vault_audit (self->vault, "report", 0, detail, &error))
        g_warning ("Could not log the report: %s", error->message);
    }
  toast (self, _("Report saved"));
  export_data_free (data);
}

/**
 * amparo_reports_page_export_to_file:
 * @format: the file's form
 * @file: where to write; the file chooser asked before replacing one
 *
 * Writes the report as shown (exact, or as shared) on a worker thread.
 */
void
amparo_reports_page_export_to_file (AmparoReportsPage      *self,
                                    AmparoReportFileFormat  format,
                                    GFile                  *file)
{
  g_autofree char *path = NULL;
  ExportData *data;

  g_return_if_fail (AMPARO_IS_REPORTS_PAGE (self));
  g_return_if_fail (G_IS_FILE (file));

  path = g_file_get_path (file);
  if (path == NULL || self->shown == NULL)
    {
      toast (self, _("The report was not saved: choose a folder on this computer or a USB stick"));
      return;
    }
  data = g_new0 (ExportData, 1);
  data->self = g_object_ref (self);
  data->format = format;
  data->period = g_strdup (self->shown->period);
  data->shared = self->shown->k > 0;
  set_busy (self, TRUE);
  amparo_report_write_file_async (self->shown, format, path, NULL, write_done_cb, data);
}

static void
chooser_response_cb (GtkNativeDialog   *chooser,
                     int                response,
                     AmparoReportsPage *self)
{
  g_autoptr(GFile) file = NULL;
  AmparoReportFileFormat format = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (chooser),
                                                                       "amparo-format"));

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
  if (file != NULL)
    amparo_reports_page_export_to_file (self, format, file);
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  AmparoReportsPage *self = AMPARO_REPORTS_PAGE (widget);
  const char *form = g_variant_get_string (parameter, NULL);
  AmparoReportFileFormat format = AMPARO_REPORT_FILE_CSV;
  GtkFileChooserNative *chooser;
  g_autofree char *name = NULL;

  if (self->shown == NULL)
    return;
  for (guint i = 0; i < G_N_ELEMENTS (format_names); i++)
    if (g_str_equal (form, format_names[i]))
      format = (AmparoReportFileFormat) i;
  /* the period only: never the agency's name */
  name = g_strdup_printf ("report-%s%s.%s", self->shown->period,
                          self->shown->k > 0 ? "-shared" : "", format_names[format]);
  chooser = gtk_file_chooser_native_new (_("Save the Report"),
                                         GTK_WINDOW (gtk_widget_get_root (widget)),
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  g_object_set_data (G_OBJECT (chooser), "amparo-format", GINT_TO_POINTER (format));
  g_signal_connect_object (chooser, "response", G_CALLBACK (chooser_response_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
map_cb (AmparoReportsPage *self)
{
  if (!self->loaded)
    reload (self);
}

/* ------------------------------------------------------------ boilerplate */

static void
amparo_reports_page_dispose (GObject *object)
{
  AmparoReportsPage *self = AMPARO_REPORTS_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), AMPARO_TYPE_REPORTS_PAGE);
  g_clear_pointer (&self->exact, amparo_report_free);
  g_clear_pointer (&self->shown, amparo_report_free);
  g_clear_object (&self->vault);
  G_OBJECT_CLASS (amparo_reports_page_parent_class)->dispose (object);
}

static void
amparo_reports_page_class_init (AmparoReportsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = amparo_reports_page_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/amparo/Amparo/amparo-reports-page.ui");
  gtk_widget_class_bind_template_child (widget_class, AmparoReportsPage, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, AmparoReportsPage, picker_bin);
  gtk_widget_class_bind_template_child (widget_class, AmparoReportsPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, AmparoReportsPage, shared_switch);
  gtk_widget_class_bind_template_child (widget_class, AmparoReportsPage, export_button);
  gtk_widget_class_bind_template_child (widget_class, AmparoReportsPage, tables_box);
  gtk_widget_class_bind_template_callback (widget_class, shared_changed_cb);
  gtk_widget_class_install_action (widget_class, "reports.export", "s", export_action);
}

static void
amparo_reports_page_init (AmparoReportsPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->picker = AMPARO_PERIOD_PICKER (amparo_period_picker_new ());
  gtk_widget_set_name (GTK_WIDGET (self->picker), "reports-period");
  adw_bin_set_child (self->picker_bin, GTK_WIDGET (self->picker));
  gtk_widget_set_sensitive (GTK_WIDGET (self->export_button), FALSE);
}

/**
 * amparo_reports_page_new:
 *
 * Returns: (transfer floating): the Reports page of an agency vault; it
 *   counts the last complete quarter at once
 */
GtkWidget *
amparo_reports_page_new (AmparoVault *vault)
{
  AmparoReportsPage *self;

  g_return_val_if_fail (AMPARO_IS_VAULT (vault), NULL);

  self = g_object_new (AMPARO_TYPE_REPORTS_PAGE, NULL);
  self->vault = g_object_ref (vault);
  g_signal_connect_swapped (self->picker, "changed", G_CALLBACK (reload), self);
  /* counted when first shown, not when the vault opens */
  g_signal_connect (self, "map", G_CALLBACK (map_cb), NULL);
  return GTK_WIDGET (self);
}

/**
 * amparo_reports_page_set_period:
 * @period: `2026-Q3`, `2026-H2` or `2026-07`
 *
 * Picks @period and counts it (asynchronously).
 *
 * Returns: %FALSE if @period is not a period
 */
gboolean
amparo_reports_page_set_period (AmparoReportsPage *self,
                                const char        *period)
{
  g_return_val_if_fail (AMPARO_IS_REPORTS_PAGE (self), FALSE);
  return amparo_period_picker_set_period (self->picker, period);
}

void
amparo_reports_page_set_shared (AmparoReportsPage *self,
                                gboolean           shared)
{
  g_return_if_fail (AMPARO_IS_REPORTS_PAGE (self));
  gtk_switch_set_active (self->shared_switch, shared);
}

gboolean
amparo_reports_page_is_busy (AmparoReportsPage *self)
{
  g_return_val_if_fail (AMPARO_IS_REPORTS_PAGE (self), FALSE);
  return self->busy > 0;
}

/**
 * amparo_reports_page_get_report:
 *
 * Returns: (transfer none) (nullable): the report as shown
 */
const AmparoReport *
amparo_reports_page_get_report (AmparoReportsPage *self)
{
  g_return_val_if_fail (AMPARO_IS_REPORTS_PAGE (self), NULL);
  return self->shown;
}
