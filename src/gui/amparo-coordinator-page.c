/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "AmparoCoordinatorPage"

#include <string.h>

#include <glib/gi18n.h>

#include "amparo-codes.h"
#include "amparo-coordinator-page.h"
#include "amparo-coordinator.h"
#include "amparo-error.h"
#include "amparo-gui-util.h"
#include "amparo-period.h"
#include "amparo-regional-private.h"
#include "amparo-regional.h"
#include "amparo-safe-file.h"
#include "amparo-suppress.h"
#include "amparo-vault-tasks.h"
#include "amparo-window.h"

/* The coordinator's workspace (DESIGN 5.3): the coordinator card and its
 * fingerprint, importing summaries from a stick or a shared folder with a
 * per-file outcome, pinning an agency after its fingerprint is confirmed,
 * who has sent which period, the regional report (ranges where an agency
 * hid a count, a column per agency) with a trend chart, and the exports.
 * Everything that reads or writes the stores runs on a worker thread. */

struct _AmparoCoordinatorPage
{
  AdwBin                parent_instance;

  AdwToastOverlay      *toast_overlay;
  AdwActionRow         *card_row;
  GtkButton            *import_files_button;
  GtkButton            *import_folder_button;
  GtkProgressBar       *import_progress;
  GtkListBox           *results_list;
  GtkSpinner           *spinner;
  AdwBin               *matrix_bin;
  GtkDrawingArea       *trend_area;
  GtkDropDown          *period_dropdown;
  GtkMenuButton        *save_button;
  GtkSpinButton        *public_k_spin;
  GtkButton            *public_button;
  GtkBox               *report_box;

  AmparoVault          *vault;
  GPtrArray            *results;   /* AmparoImportResult */
  GStrv                 periods;
  AmparoRegionalReport *report;
  GPtrArray            *trend;     /* AmparoRegionalReport, oldest first */
  guint                 busy;
  guint                 load_serial;
  gboolean              updating;
};

G_DEFINE_FINAL_TYPE (AmparoCoordinatorPage, amparo_coordinator_page, ADW_TYPE_BIN)

static void reload_with_period (AmparoCoordinatorPage *self,
                                const char            *period);

static void
toast (AmparoCoordinatorPage *self,
       const char            *text)
{
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (text));
}

static void
set_busy (AmparoCoordinatorPage *self,
          gboolean               busy)
{
  self->busy = busy ? self->busy + 1 : self->busy - 1;
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), self->busy > 0);
  gtk_spinner_set_spinning (self->spinner, self->busy > 0);
  gtk_widget_set_sensitive (GTK_WIDGET (self->import_files_button), self->busy == 0);
  gtk_widget_set_sensitive (GTK_WIDGET (self->import_folder_button), self->busy == 0);
  gtk_widget_set_sensitive (GTK_WIDGET (self->save_button),
                            self->busy == 0 && self->report != NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self->public_button),
                            self->busy == 0 && self->report != NULL);
}

static GtkWidget *
cell_label (const char *text,
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

static void
clear_box (GtkBox *box)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (box))) != NULL)
    gtk_box_remove (box, child);
}

static GtkWindow *
parent_window (AmparoCoordinatorPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

static void
track (AmparoCoordinatorPage *self,
       GtkWidget             *dialog)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (AMPARO_IS_WINDOW (root))
    amparo_window_track_dialog (AMPARO_WINDOW (root), GTK_WINDOW (dialog));
}

/* ------------------------------------------------------------ the card */

static void
load_card (AmparoCoordinatorPage *self)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *fingerprint = NULL;
  g_autoptr(GError) error = NULL;

  if (amparo_coordinator_card (self->vault, &bytes, &fingerprint, &error))
    adw_action_row_set_subtitle (self->card_row, fingerprint);
  else
    adw_action_row_set_subtitle (self->card_row, error->message);
}

typedef struct
{
  char   *dir;
  GBytes *card;
} CardData;

static void
card_data_free (CardData *d)
{
  g_free (d->dir);
  g_bytes_unref (d->card);
  g_free (d);
}

/* Writing to a stick may be slow; the card itself was read already. */
static void
save_card_thread (GTask        *task,
                  gpointer      source,
                  gpointer      data,
                  GCancellable *cancellable)
{
  CardData *d = data;
  char *path = NULL;
  GError *error = NULL;

  /* the file name says what the card is, never whose */
  if (!amparo_safe_file_write_new (d->dir, "coordinator-", ".ampc", d->card, &path, &error))
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, path, g_free);
}

static void
save_card_done_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  AmparoCoordinatorPage *self = AMPARO_COORDINATOR_PAGE (source);
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_task_propagate_pointer (G_TASK (result), &error);
  g_autofree char *base = NULL;
  g_autofree char *text = NULL;

  if (self->vault == NULL)   /* the page went away (locked) meanwhile */
    return;
  set_busy (self, FALSE);
  if (path == NULL)
    {
      /* Translators: %s says why */
      text = g_strdup_printf (_("The card was not saved: %s"), error->message);
      toast (self, text);
      return;
    }
  base = g_path_get_basename (path);
  /* Translators: %s is a file name */
  text = g_strdup_printf (_("Card saved as “%s”. Read your fingerprint aloud to each agency."),
                          base);
  toast (self, text);
}

/**
 * amparo_coordinator_page_save_card:
 * @folder: where to write the card, `coordinator-XXXXXXXX.ampc`
 *
 * Writes the coordinator card on a worker thread; never over a file.
 */
void
amparo_coordinator_page_save_card (AmparoCoordinatorPage *self,
                                   GFile                 *folder)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) card = NULL;
  CardData *d;
  char *dir;

  g_return_if_fail (AMPARO_IS_COORDINATOR_PAGE (self));
  g_return_if_fail (G_IS_FILE (folder));

  if (amparo_vault_is_locked (self->vault))
    return;
  if ((dir = g_file_get_path (folder)) == NULL)
    {
      toast (self, _("Choose a folder on this computer, a USB stick or a shared drive."));
      return;
    }
  if (!amparo_coordinator_card (self->vault, &card, NULL, &error))
    {
      g_free (dir);
      toast (self, error->message);
      return;
    }
  d = g_new0 (CardData, 1);
  d->dir = dir;
  d->card = g_steal_pointer (&card);
  set_busy (self, TRUE);
  task = g_task_new (self, NULL, save_card_done_cb, NULL);
  g_task_set_task_data (task, d, (GDestroyNotify) card_data_free);
  g_task_run_in_thread (task, save_card_thread);
}

static GtkFileChooserNative *
folder_chooser (AmparoCoordinatorPage *self,
                const char            *title,
                const char            *accept)
{
  GtkFileChooserNative *chooser =
    gtk_file_chooser_native_new (title, parent_window (self), GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER,
                                 accept, _("_Cancel"));

  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  return chooser;
}

static void
save_card_clicked_cb (AmparoCoordinatorPage *self)
{
  GtkFileChooserNative *chooser = folder_chooser (self, _("Choose Where to Save the Card"),
                                                  _("_Save Here"));

  amparo_gui_choose (chooser, self, (AmparoGuiChosenFunc) amparo_coordinator_page_save_card);
}

/* ------------------------------------------------------------ import */

static char *
outcome_text (const AmparoImportResult *r)
{
  g_autofree char *seq = g_strdup_printf ("%" G_GINT64_FORMAT, r->sequence);
  g_autofree char *prev = g_strdup_printf ("%" G_GINT64_FORMAT, r->previous_sequence);

  switch (r->outcome)
    {
    case AMPARO_IMPORT_OUTCOME_IMPORTED:
      /* Translators: agency name, period, summary number */
      return g_strdup_printf (_("Imported: %s, %s, number %s"), r->agency_name, r->period, seq);
    case AMPARO_IMPORT_OUTCOME_REPLACED:
      /* Translators: agency name, period, new and old summary numbers */
      return g_strdup_printf (_("Replaced: %s, %s, number %s instead of number %s"),
                              r->agency_name, r->period, seq, prev);
    case AMPARO_IMPORT_OUTCOME_ALREADY_IMPORTED:
      return g_strdup_printf (_("Already imported: %s, %s, number %s; nothing changed"),
                              r->agency_name != NULL ? r->agency_name : "", r->period, seq);
    case AMPARO_IMPORT_OUTCOME_REFUSED:
    default:
      /* Translators: %s says why a file was refused */
      return g_strdup_printf (_("Refused: %s"),
                              r->error != NULL ? r->error->message : _("unknown reason"));
    }
}

static void import_paths (AmparoCoordinatorPage *self,
                          const char * const    *paths,
                          gboolean               trust_new);

static void
pin_response_cb (AdwMessageDialog      *dialog,
                 const char            *response,
                 AmparoCoordinatorPage *self)
{
  const char *path = g_object_get_data (G_OBJECT (dialog), "amparo-path");
  const char *paths[] = { path, NULL };

  if (g_strcmp0 (response, "trust") != 0 || amparo_vault_is_locked (self->vault))
    return;
  import_paths (self, paths, TRUE);
}

static void
pin_clicked_cb (GtkButton             *button,
                AmparoCoordinatorPage *self)
{
  const AmparoImportResult *r = g_object_get_data (G_OBJECT (button), "amparo-result");
  GtkWidget *dialog = adw_message_dialog_new (parent_window (self), _("Trust This Agency?"), NULL);

  /* Translators: the agency's name as its file gives it, and its fingerprint */
  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                  _("Agency, as the file names it: %s\n\nFingerprint:\n%s\n\n"
                                    "Call the agency and ask them to read their fingerprint "
                                    "aloud. Trust it only if every group matches: from then on, "
                                    "only summaries signed with this key are accepted as theirs."),
                                  r->file_agency_name != NULL ? r->file_agency_name : "",
                                  r->fingerprint);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "trust", _("It Matches: _Trust and Import"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "trust",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "amparo-path", g_strdup (r->path), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (pin_response_cb), self, 0);
  track (self, dialog);
  gtk_window_present (GTK_WINDOW (dialog));
}

static GtkWidget *
result_row (AmparoCoordinatorPage    *self,
            const AmparoImportResult *r)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *icon;
  g_autofree char *subtitle = outcome_text (r);
  gboolean ok = amparo_import_result_is_ok (r);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), r->file_name);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  icon = gtk_image_new_from_icon_name (ok ? "emblem-ok-symbolic" : "dialog-warning-symbolic");
  gtk_widget_add_css_class (icon, ok ? "success" : "warning");
  gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  ok ? _("Accepted") : _("Refused"), -1);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
  if (r->outcome == AMPARO_IMPORT_OUTCOME_REFUSED && r->has_sign_key
      && g_error_matches (r->error, AMPARO_ERROR, AMPARO_ERROR_UNKNOWN_AGENCY))
    {
      GtkWidget *button = gtk_button_new_with_mnemonic (_("_Check Fingerprint…"));

      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      gtk_widget_set_name (button, "coordinator-pin");
      g_object_set_data (G_OBJECT (button), "amparo-result", (gpointer) r);
      g_signal_connect (button, "clicked", G_CALLBACK (pin_clicked_cb), self);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
    }
  return row;
}

static void
show_results (AmparoCoordinatorPage *self)
{
  amparo_gui_list_box_clear (self->results_list);
  if (self->results->len == 0)
    {
      gtk_list_box_append (self->results_list,
                           amparo_gui_empty_row (_("Nothing imported in this session yet.")));
      return;
    }
  for (guint i = 0; i < self->results->len; i++)
    gtk_list_box_append (self->results_list,
                         result_row (self, g_ptr_array_index (self->results, i)));
}

static void
import_progress_cb (guint                     done,
                    guint                     total,
                    const AmparoImportResult *result,
                    gpointer                  user_data)
{
  AmparoCoordinatorPage *self = user_data;
  g_autofree char *a = g_strdup_printf ("%u", done);
  g_autofree char *b = g_strdup_printf ("%u", total);
  g_autofree char *text = NULL;

  if (self->import_progress == NULL)
    return;
  /* Translators: “3 of 12 files” */
  text = g_strdup_printf (_("%s of %s files"), a, b);
  gtk_progress_bar_set_fraction (self->import_progress, total > 0 ? (double) done / total : 1.0);
  gtk_progress_bar_set_text (self->import_progress, text);
}

static void
import_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(AmparoCoordinatorPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) results = amparo_coordinator_import_paths_finish (AMPARO_VAULT (source),
                                                                         result, &error);
  guint n_ok = 0, n_refused = 0;

  amparo_vault_task_release (AMPARO_VAULT (source));
  if (self->vault == NULL)   /* the page went away (locked) meanwhile */
    return;
  set_busy (self, FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->import_progress), FALSE);
  if (results == NULL)
    {
      toast (self, error->message);
      return;
    }
  /* a re-import of one file after pinning replaces that file's row */
  for (guint i = 0; i < results->len; i++)
    {
      AmparoImportResult *r = g_ptr_array_index (results, i);

      for (guint j = 0; j < self->results->len; j++)
        if (g_strcmp0 (((AmparoImportResult *) g_ptr_array_index (self->results, j))->path,
                       r->path) == 0)
          {
            g_ptr_array_remove_index (self->results, j);
            break;
          }
      if (amparo_import_result_is_ok (r))
        n_ok++;
      else
        n_refused++;
      g_ptr_array_add (self->results, amparo_import_result_copy (r));
    }
  show_results (self);
  {
    g_autofree char *text = NULL;
    g_autofree char *a = g_strdup_printf ("%u", n_ok);
    g_autofree char *b = g_strdup_printf ("%u", n_refused);

    /* Translators: counts of files accepted and refused */
    text = g_strdup_printf (_("Import finished: %s accepted, %s refused"), a, b);
    toast (self, text);
  }
  amparo_coordinator_page_reload (self);
}

static void
import_paths (AmparoCoordinatorPage *self,
              const char * const    *paths,
              gboolean               trust_new)
{
  if (paths == NULL || paths[0] == NULL || amparo_vault_is_locked (self->vault))
    return;
  set_busy (self, TRUE);
  gtk_progress_bar_set_fraction (self->import_progress, 0);
  gtk_progress_bar_set_text (self->import_progress, _("Reading the files…"));
  gtk_widget_set_visible (GTK_WIDGET (self->import_progress), TRUE);
  amparo_vault_task_hold (self->vault);
  amparo_coordinator_import_paths_async (self->vault, paths,
                                         trust_new ? AMPARO_IMPORT_POLICY_TRUST_NEW
                                                   : AMPARO_IMPORT_POLICY_KNOWN_ONLY,
                                         import_progress_cb, self, NULL, import_done_cb,
                                         g_object_ref (self));
}

static void
import_chooser_response_cb (GtkNativeDialog       *chooser,
                            int                    response,
                            AmparoCoordinatorPage *self)
{
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GListModel) files = gtk_file_chooser_get_files (GTK_FILE_CHOOSER (chooser));

      for (guint i = 0; i < g_list_model_get_n_items (files); i++)
        {
          g_autoptr(GFile) file = g_list_model_get_item (files, i);
          char *path = g_file_get_path (file);

          if (path != NULL)
            g_ptr_array_add (paths, path);
        }
    }
  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
  g_ptr_array_add (paths, NULL);
  import_paths (self, (const char * const *) paths->pdata, FALSE);
}

static void
import_files_clicked_cb (AmparoCoordinatorPage *self)
{
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, _("Agency summaries"));
  gtk_file_filter_add_pattern (filter, "*.amps");
  chooser = gtk_file_chooser_native_new (_("Choose Summaries to Import"), parent_window (self),
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Import"),
                                         _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  gtk_file_chooser_set_select_multiple (GTK_FILE_CHOOSER (chooser), TRUE);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  g_signal_connect_object (chooser, "response", G_CALLBACK (import_chooser_response_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
import_folder_clicked_cb (AmparoCoordinatorPage *self)
{
  GtkFileChooserNative *chooser = folder_chooser (self, _("Choose the USB Stick or Shared Folder"),
                                                  _("_Import"));

  g_signal_connect_object (chooser, "response", G_CALLBACK (import_chooser_response_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* ------------------------------------------------------------ loading */

typedef struct
{
  AmparoVault          *vault;
  char                 *period;
  guint                 serial;
  GStrv                 periods;
  AmparoCoverage       *coverage;
  AmparoRegionalReport *report;
  GPtrArray            *trend;
} LoadData;

static void
load_data_free (LoadData *d)
{
  g_clear_object (&d->vault);
  g_free (d->period);
  g_strfreev (d->periods);
  g_clear_pointer (&d->coverage, amparo_coverage_free);
  g_clear_pointer (&d->report, amparo_regional_report_free);
  g_clear_pointer (&d->trend, g_ptr_array_unref);
  g_free (d);
}

static void
load_thread (GTask        *task,
             gpointer      source,
             gpointer      task_data,
             GCancellable *cancellable)
{
  LoadData *d = task_data;
  GError *error = NULL;

  d->periods = amparo_regional_list_periods (d->vault, &error);
  if (d->periods == NULL)
    goto fail;
  d->coverage = amparo_coverage_new (d->vault, (const char * const *) d->periods, &error);
  if (d->coverage == NULL)
    goto fail;
  if (d->periods[0] != NULL)
    {
      guint n = g_strv_length (d->periods);

      if (d->period == NULL || !g_strv_contains ((const char * const *) d->periods, d->period))
        {
          g_free (d->period);
          d->period = g_strdup (d->periods[n - 1]);
        }
      d->report = amparo_regional_report_new (d->vault, d->period, &error);
      if (d->report == NULL)
        goto fail;
      d->trend = amparo_regional_trend_new (d->vault, (const char * const *) d->periods, &error);
      if (d->trend == NULL)
        goto fail;
    }
  g_task_return_boolean (task, TRUE);
  return;

fail:
  g_task_return_error (task, error);
}

static char *
sequence_text (gint64 seq)
{
  g_autofree char *n = g_strdup_printf ("%" G_GINT64_FORMAT, seq);

  /* Translators: a summary's number in the who-has-sent table, “No. 3” */
  return g_strdup_printf (_("No. %s"), n);
}

/* the matrix scrolls sideways when there are many periods: no wrapping */
static GtkWidget *
matrix_label (const char *text,
              float       xalign,
              gboolean    bold)
{
  GtkWidget *label = cell_label (text, xalign, bold);

  gtk_label_set_wrap (GTK_LABEL (label), FALSE);
  return label;
}

static void
show_matrix (AmparoCoordinatorPage *self,
             const AmparoCoverage  *coverage)
{
  GtkWidget *grid;
  guint n_periods = g_strv_length (coverage->periods);

  if (coverage->agencies->len == 0)
    {
      adw_bin_set_child (self->matrix_bin,
                         cell_label (_("No agency yet. Import a summary, or pin an agency’s "
                                       "card, and it appears here."), 0.0, FALSE));
      return;
    }
  grid = gtk_grid_new ();
  gtk_grid_set_column_spacing (GTK_GRID (grid), 18);
  gtk_grid_set_row_spacing (GTK_GRID (grid), 6);
  gtk_grid_attach (GTK_GRID (grid), matrix_label (_("Agency"), 0.0, TRUE), 0, 0, 1, 1);
  for (guint p = 0; p < n_periods; p++)
    gtk_grid_attach (GTK_GRID (grid), matrix_label (coverage->periods[p], 0.5, TRUE), (int) p + 1,
                     0, 1, 1);
  for (guint a = 0; a < coverage->agencies->len; a++)
    {
      const AmparoRegionalAgency *agency = g_ptr_array_index (coverage->agencies, a);
      GtkWidget *name = matrix_label (agency->name, 0.0, FALSE);

      gtk_widget_set_hexpand (name, TRUE);
      gtk_grid_attach (GTK_GRID (grid), name, 0, (int) a + 1, 1, 1);
      for (guint p = 0; p < n_periods; p++)
        {
          gint64 seq = coverage->sequences[a * n_periods + p];
          g_autofree char *text = seq > 0 ? sequence_text (seq) : g_strdup ("—");
          GtkWidget *cell = matrix_label (text, 0.5, FALSE);

          if (seq > 0)
            gtk_widget_add_css_class (cell, "success");
          else
            {
              gtk_widget_add_css_class (cell, "dim-label");
              gtk_widget_set_tooltip_text (cell, _("Not sent"));
              gtk_accessible_update_property (GTK_ACCESSIBLE (cell),
                                              GTK_ACCESSIBLE_PROPERTY_LABEL, _("Not sent"), -1);
            }
          gtk_grid_attach (GTK_GRID (grid), cell, (int) p + 1, (int) a + 1, 1, 1);
        }
    }
  adw_bin_set_child (self->matrix_bin, grid);
}

static GtkWidget *
range_label (AmparoRange r,
             gboolean    bold)
{
  g_autofree char *text = AMPARO_RANGE_IS_MISSING (r) ? g_strdup ("—") : amparo_range_to_text (r);
  GtkWidget *label = cell_label (text, 1.0, bold);

  gtk_label_set_wrap (GTK_LABEL (label), FALSE);
  if (AMPARO_RANGE_IS_MISSING (r))
    gtk_widget_set_tooltip_text (label, _("This agency did not send this table"));
  else if (!AMPARO_RANGE_IS_EXACT (r))
    {
      gtk_widget_add_css_class (label, "suppressed-count");
      gtk_widget_set_tooltip_text (label, _("A range: an agency hid a small count here"));
    }
  return label;
}

static gboolean
range_is_zero (AmparoRange r)
{
  return r.lo == 0 && r.hi == 0;
}

static GtkWidget *
regional_table (const AmparoRegionalReport *report,
                const AmparoRegionalTable  *t)
{
  GtkWidget *group = adw_preferences_group_new ();
  GtkWidget *grid = gtk_grid_new ();
  guint n_agencies = report->agencies->len;
  guint n_zero = 0;
  int row = 1;

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _(t->spec->title));
  gtk_grid_set_column_spacing (GTK_GRID (grid), 18);
  gtk_grid_set_row_spacing (GTK_GRID (grid), 4);
  gtk_grid_attach (GTK_GRID (grid), cell_label (_("Region"), 1.0, TRUE), 1, 0, 1, 1);
  for (guint a = 0; a < n_agencies; a++)
    {
      const AmparoRegionalAgency *agency = g_ptr_array_index (report->agencies, a);
      GtkWidget *head = cell_label (agency->name, 1.0, TRUE);

      gtk_label_set_max_width_chars (GTK_LABEL (head), 14);
      gtk_label_set_justify (GTK_LABEL (head), GTK_JUSTIFY_RIGHT);
      gtk_grid_attach (GTK_GRID (grid), head, (int) a + 2, 0, 1, 1);
    }
  for (guint i = 0; i < t->cells->len; i++)
    {
      const AmparoRegionalCell *cell = g_ptr_array_index (t->cells, i);
      g_autofree char *label = NULL;
      GtkWidget *name;

      /* every combination of a two-way table is listed; zeros only count */
      if (range_is_zero (cell->sum))
        {
          n_zero++;
          continue;
        }
      label = amparo_key_label (t->spec, cell->key);
      name = cell_label (label, 0.0, FALSE);
      gtk_widget_set_hexpand (name, TRUE);
      gtk_grid_attach (GTK_GRID (grid), name, 0, row, 1, 1);
      gtk_grid_attach (GTK_GRID (grid), range_label (cell->sum, FALSE), 1, row, 1, 1);
      for (guint a = 0; a < n_agencies; a++)
        gtk_grid_attach (GTK_GRID (grid), range_label (cell->by_agency[a], FALSE), (int) a + 2,
                         row, 1, 1);
      row++;
    }
  if (n_zero > 0)
    {
      g_autofree char *n = g_strdup_printf ("%u", n_zero);
      /* Translators: %s is how many rows of a table are zero everywhere */
      g_autofree char *text = g_strdup_printf (_("%s more rows: 0 everywhere"), n);
      GtkWidget *label = cell_label (text, 0.0, FALSE);

      gtk_widget_add_css_class (label, "dim-label");
      gtk_grid_attach (GTK_GRID (grid), label, 0, row++, (int) n_agencies + 2, 1);
    }
  gtk_grid_attach (GTK_GRID (grid), gtk_separator_new (GTK_ORIENTATION_HORIZONTAL), 0, row++,
                   (int) n_agencies + 2, 1);
  gtk_grid_attach (GTK_GRID (grid), cell_label (_(t->spec->total_label), 0.0, TRUE), 0, row, 1, 1);
  gtk_grid_attach (GTK_GRID (grid), range_label (t->total, TRUE), 1, row, 1, 1);
  for (guint a = 0; a < n_agencies; a++)
    gtk_grid_attach (GTK_GRID (grid), range_label (t->total_by_agency[a], TRUE), (int) a + 2, row,
                     1, 1);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), grid);
  return group;
}

static void
show_report (AmparoCoordinatorPage *self)
{
  clear_box (self->report_box);
  if (self->report == NULL)
    {
      gtk_box_append (self->report_box,
                      cell_label (_("No summary has been imported yet."), 0.0, FALSE));
      return;
    }
  for (guint i = 0; i < self->report->tables->len; i++)
    gtk_box_append (self->report_box,
                    regional_table (self->report, g_ptr_array_index (self->report->tables, i)));
}

static void
fill_periods (AmparoCoordinatorPage *self,
              const char            *selected)
{
  g_autoptr(GtkStringList) list = gtk_string_list_new ((const char * const *) self->periods);
  guint index = GTK_INVALID_LIST_POSITION;

  self->updating = TRUE;
  gtk_drop_down_set_model (self->period_dropdown, G_LIST_MODEL (list));
  for (guint i = 0; self->periods != NULL && self->periods[i] != NULL; i++)
    if (g_strcmp0 (self->periods[i], selected) == 0)
      index = i;
  gtk_drop_down_set_selected (self->period_dropdown, index);
  self->updating = FALSE;
}

static void
load_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  AmparoCoordinatorPage *self = AMPARO_COORDINATOR_PAGE (source);
  LoadData *d = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;

  amparo_vault_task_release (d->vault);
  if (self->vault == NULL)   /* the page went away (locked) meanwhile */
    return;
  set_busy (self, FALSE);
  if (d->serial != self->load_serial)
    return;
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      toast (self, error->message);
      return;
    }
  g_strfreev (self->periods);
  self->periods = g_steal_pointer (&d->periods);
  g_clear_pointer (&self->report, amparo_regional_report_free);
  self->report = g_steal_pointer (&d->report);
  g_clear_pointer (&self->trend, g_ptr_array_unref);
  self->trend = g_steal_pointer (&d->trend);
  fill_periods (self, d->period);
  show_matrix (self, d->coverage);
  show_report (self);
  gtk_widget_queue_draw (GTK_WIDGET (self->trend_area));
  set_busy (self, TRUE);
  set_busy (self, FALSE);
}

static void
reload_with_period (AmparoCoordinatorPage *self,
                    const char            *period)
{
  g_autoptr(GTask) task = NULL;
  LoadData *d;

  if (amparo_vault_is_locked (self->vault))
    return;
  d = g_new0 (LoadData, 1);
  d->vault = g_object_ref (self->vault);
  d->period = g_strdup (period);
  d->serial = ++self->load_serial;
  set_busy (self, TRUE);
  amparo_vault_task_hold (self->vault);
  task = g_task_new (self, NULL, load_done_cb, NULL);
  g_task_set_task_data (task, d, (GDestroyNotify) load_data_free);
  g_task_run_in_thread (task, load_thread);
}

static const char *
selected_period (AmparoCoordinatorPage *self)
{
  guint i = gtk_drop_down_get_selected (self->period_dropdown);

  if (self->periods == NULL || i == GTK_INVALID_LIST_POSITION || i >= g_strv_length (self->periods))
    return NULL;
  return self->periods[i];
}

static void
period_selected_cb (AmparoCoordinatorPage *self)
{
  if (!self->updating && self->vault != NULL)
    reload_with_period (self, selected_period (self));
}

/* ------------------------------------------------------------ trend */

static void
draw_trend_cb (GtkDrawingArea *area,
               cairo_t        *cr,
               int             width,
               int             height,
               gpointer        data)
{
  AmparoCoordinatorPage *self = data;
  GtkWidget *widget = GTK_WIDGET (area);
  GdkRGBA fg;
  gint64 top = 1;
  guint n;
  double left = 16, bottom = 28, top_pad = 22, slot, bar_w;

  if (self->trend == NULL || self->trend->len == 0)
    return;
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &fg);
  n = self->trend->len;
  for (guint i = 0; i < n; i++)
    {
      const AmparoRegionalReport *r = g_ptr_array_index (self->trend, i);
      const AmparoRegionalTable *t = g_ptr_array_index (r->tables, 0);
      AmparoRange total = t->total;

      if (!AMPARO_RANGE_IS_MISSING (total))
        top = MAX (top, total.hi != AMPARO_RANGE_UNBOUNDED ? total.hi : total.lo);
    }
  slot = (width - 2 * left) / n;
  bar_w = MIN (slot * 0.6, 64);
  for (guint i = 0; i < n; i++)
    {
      const AmparoRegionalReport *r = g_ptr_array_index (self->trend, i);
      const AmparoRegionalTable *t = g_ptr_array_index (r->tables, 0);
      AmparoRange total = t->total;
      double x = left + slot * i + (slot - bar_w) / 2;
      double scale = (height - bottom - top_pad) / (double) top;
      g_autofree char *value = NULL;
      PangoLayout *layout;
      int lw, lh;

      if (!AMPARO_RANGE_IS_MISSING (total))
        {
          double lo_h = total.lo * scale;
          double hi_h = (total.hi != AMPARO_RANGE_UNBOUNDED ? total.hi : total.lo) * scale;

          /* the certain part solid, the uncertain part of a range faint */
          cairo_set_source_rgba (cr, 0.21, 0.52, 0.89, 1.0);
          cairo_rectangle (cr, x, height - bottom - lo_h, bar_w, lo_h);
          cairo_fill (cr);
          if (hi_h > lo_h)
            {
              cairo_set_source_rgba (cr, 0.21, 0.52, 0.89, 0.35);
              cairo_rectangle (cr, x, height - bottom - hi_h, bar_w, hi_h - lo_h);
              cairo_fill (cr);
            }
          value = amparo_range_to_text (total);
          layout = gtk_widget_create_pango_layout (widget, value);
          pango_layout_get_pixel_size (layout, &lw, &lh);
          gdk_cairo_set_source_rgba (cr, &fg);
          cairo_move_to (cr, x + bar_w / 2 - lw / 2.0, height - bottom - hi_h - lh - 2);
          pango_cairo_show_layout (cr, layout);
          g_object_unref (layout);
        }
      layout = gtk_widget_create_pango_layout (widget, r->period);
      pango_layout_get_pixel_size (layout, &lw, &lh);
      gdk_cairo_set_source_rgba (cr, &fg);
      cairo_move_to (cr, x + bar_w / 2 - lw / 2.0, height - bottom + 6);
      pango_cairo_show_layout (cr, layout);
      g_object_unref (layout);
    }
}

/* ------------------------------------------------------------ exports */

typedef struct
{
  AmparoVault *vault;
  char        *period;
  char        *path;
  char        *format;   /* csv, xlsx or pdf */
} SaveData;

static void
save_data_free (SaveData *d)
{
  g_clear_object (&d->vault);
  g_free (d->period);
  g_free (d->path);
  g_free (d->format);
  g_free (d);
}

/* The report is made again in the thread: the one on screen may be
 * replaced meanwhile. */
static void
save_thread (GTask        *task,
             gpointer      source,
             gpointer      task_data,
             GCancellable *cancellable)
{
  SaveData *d = task_data;
  g_autoptr(AmparoRegionalReport) report = NULL;
  GError *error = NULL;
  gboolean ok;

  report = amparo_regional_report_new (d->vault, d->period, &error);
  if (report == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  if (g_str_equal (d->format, "xlsx"))
    ok = amparo_regional_report_write_xlsx (report, d->path, &error);
  else if (g_str_equal (d->format, "pdf"))
    ok = amparo_regional_report_write_pdf (report, d->path, &error);
  else
    {
      char *csv = amparo_regional_report_format (report, AMPARO_REGIONAL_FORMAT_CSV, TRUE);
      g_autoptr(GBytes) bytes = g_bytes_new_take (csv, strlen (csv));

      ok = amparo_safe_file_replace (d->path, bytes, NULL, &error);
    }
  if (ok)
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
save_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  AmparoCoordinatorPage *self = AMPARO_COORDINATOR_PAGE (source);
  SaveData *d = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;

  amparo_vault_task_release (d->vault);
  if (self->vault == NULL)   /* the page went away (locked) meanwhile */
    return;
  set_busy (self, FALSE);
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      /* Translators: %s says why */
      g_autofree char *text = g_strdup_printf (_("The report was not saved: %s"), error->message);
      toast (self, text);
      return;
    }
  toast (self, _("Report saved"));
}

static void
save_chooser_response_cb (GtkNativeDialog       *chooser,
                          int                    response,
                          AmparoCoordinatorPage *self)
{
  g_autoptr(GFile) file = NULL;
  g_autofree char *format = g_strdup (g_object_get_data (G_OBJECT (chooser), "amparo-format"));

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
  if (file != NULL)
    amparo_coordinator_page_save_report (self, format, file);
}

/**
 * amparo_coordinator_page_save_report:
 * @format: `xlsx`, `pdf` or `csv`
 * @file: where to write; the file chooser asked before replacing one
 *
 * Saves the regional report of the period shown, a column per agency,
 * on a worker thread.
 */
void
amparo_coordinator_page_save_report (AmparoCoordinatorPage *self,
                                     const char            *format,
                                     GFile                 *file)
{
  g_autoptr(GTask) task = NULL;
  SaveData *d;
  char *path;

  g_return_if_fail (AMPARO_IS_COORDINATOR_PAGE (self));
  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (g_strcmp0 (format, "xlsx") == 0 || g_strcmp0 (format, "pdf") == 0
                    || g_strcmp0 (format, "csv") == 0);

  if (self->report == NULL || amparo_vault_is_locked (self->vault))
    return;
  if ((path = g_file_get_path (file)) == NULL)
    {
      toast (self, _("The report was not saved: choose a folder on this computer or a USB stick"));
      return;
    }
  d = g_new0 (SaveData, 1);
  d->vault = g_object_ref (self->vault);
  d->period = g_strdup (self->report->period);
  d->path = path;
  d->format = g_strdup (format);
  set_busy (self, TRUE);
  amparo_vault_task_hold (self->vault);
  task = g_task_new (self, NULL, save_done_cb, NULL);
  g_task_set_task_data (task, d, (GDestroyNotify) save_data_free);
  g_task_run_in_thread (task, save_thread);
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  AmparoCoordinatorPage *self = AMPARO_COORDINATOR_PAGE (widget);
  const char *format = g_variant_get_string (parameter, NULL);
  GtkFileChooserNative *chooser;
  g_autofree char *name = NULL;

  if (self->report == NULL
      || !(g_str_equal (format, "xlsx") || g_str_equal (format, "pdf")
           || g_str_equal (format, "csv")))
    return;
  /* the period only, never an agency's name */
  name = g_strdup_printf ("regional-%s.%s", self->report->period, format);
  chooser = gtk_file_chooser_native_new (_("Save the Regional Report"), parent_window (self),
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  g_object_set_data_full (G_OBJECT (chooser), "amparo-format", g_strdup (format), g_free);
  g_signal_connect_object (chooser, "response", G_CALLBACK (save_chooser_response_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

typedef struct
{
  AmparoVault *vault;
  char        *period;
  char        *dir;
} PublicData;

static void
public_data_free (PublicData *d)
{
  g_clear_object (&d->vault);
  g_free (d->period);
  g_free (d->dir);
  g_free (d);
}

static void
public_thread (GTask        *task,
               gpointer      source,
               gpointer      task_data,
               GCancellable *cancellable)
{
  PublicData *d = task_data;
  GError *error = NULL;
  char *path = NULL;

  if (amparo_public_report_write (d->vault, d->period, d->dir, &path, &error))
    g_task_return_pointer (task, path, g_free);
  else
    g_task_return_error (task, error);
}

static void
public_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  AmparoCoordinatorPage *self = AMPARO_COORDINATOR_PAGE (source);
  PublicData *d = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_task_propagate_pointer (G_TASK (result), &error);
  g_autofree char *text = NULL;
  g_autofree char *base = NULL;

  amparo_vault_task_release (d->vault);
  if (self->vault == NULL)
    return;
  set_busy (self, FALSE);
  if (path == NULL)
    {
      /* Translators: %s says why */
      text = g_strdup_printf (_("The public figures were not saved: %s"), error->message);
      toast (self, text);
      return;
    }
  base = g_path_get_basename (path);
  /* Translators: %s is a file name */
  text = g_strdup_printf (_("Public figures saved as “%s”"), base);
  toast (self, text);
}

/**
 * amparo_coordinator_page_save_public:
 * @folder: where to write `amparo-public-<period>-XXXXXXXX.csv`
 *
 * Writes the public figures of the period shown, at the threshold the
 * page shows (kept as the vault's `public_k`), on a worker thread.
 */
void
amparo_coordinator_page_save_public (AmparoCoordinatorPage *self,
                                     GFile                 *folder)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *k = NULL;
  PublicData *d;
  char *dir;

  g_return_if_fail (AMPARO_IS_COORDINATOR_PAGE (self));
  g_return_if_fail (G_IS_FILE (folder));

  if (self->report == NULL || amparo_vault_is_locked (self->vault))
    return;
  if ((dir = g_file_get_path (folder)) == NULL)
    {
      toast (self, _("Choose a folder on this computer, a USB stick or a shared drive."));
      return;
    }
  k = g_strdup_printf ("%d", gtk_spin_button_get_value_as_int (self->public_k_spin));
  if (!amparo_vault_set_setting (self->vault, "public_k", k, &error))
    {
      g_free (dir);
      toast (self, error->message);
      return;
    }
  d = g_new0 (PublicData, 1);
  d->vault = g_object_ref (self->vault);
  d->period = g_strdup (self->report->period);
  d->dir = dir;
  set_busy (self, TRUE);
  amparo_vault_task_hold (self->vault);
  task = g_task_new (self, NULL, public_done_cb, NULL);
  g_task_set_task_data (task, d, (GDestroyNotify) public_data_free);
  g_task_run_in_thread (task, public_thread);
}

static void
public_clicked_cb (AmparoCoordinatorPage *self)
{
  GtkFileChooserNative *chooser = folder_chooser (self, _("Choose Where to Save the Public Figures"),
                                                  _("_Save Here"));

  amparo_gui_choose (chooser, self, (AmparoGuiChosenFunc) amparo_coordinator_page_save_public);
}

/* ------------------------------------------------------------ boilerplate */

static void
amparo_coordinator_page_dispose (GObject *object)
{
  AmparoCoordinatorPage *self = AMPARO_COORDINATOR_PAGE (object);

  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), AMPARO_TYPE_COORDINATOR_PAGE);
  g_clear_pointer (&self->results, g_ptr_array_unref);
  g_clear_pointer (&self->periods, g_strfreev);
  g_clear_pointer (&self->report, amparo_regional_report_free);
  g_clear_pointer (&self->trend, g_ptr_array_unref);
  g_clear_object (&self->vault);
  G_OBJECT_CLASS (amparo_coordinator_page_parent_class)->dispose (object);
}

static void
amparo_coordinator_page_class_init (AmparoCoordinatorPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = amparo_coordinator_page_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/amparo/Amparo/amparo-coordinator-page.ui");
  gtk_widget_class_bind_template_child (widget_class, AmparoCoordinatorPage, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, AmparoCoordinatorPage, card_row);
  gtk_widget_class_bind_template_child (widget_class, AmparoCoordinatorPage, import_files_button);
  gtk_widget_class_bind_template_child (widget_class, AmparoCoordinatorPage, import_folder_button);
  gtk_widget_class_bind_template_child (widget_class, AmparoCoordinatorPage, import_progress);
  gtk_widget_class_bind_template_child (widget_class, AmparoCoordinatorPage, results_list);
  gtk_widget_class_bind_template_child (widget_class, AmparoCoordinatorPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, AmparoCoordinatorPage, matrix_bin);
  gtk_widget_class_bind_template_child (widget_class, AmparoCoordinatorPage, trend_area);
  gtk_widget_class_bind_template_child (widget_class, AmparoCoordinatorPage, period_dropdown);
  gtk_widget_class_bind_template_child (widget_class, AmparoCoordinatorPage, save_button);
  gtk_widget_class_bind_template_child (widget_class, AmparoCoordinatorPage, public_k_spin);
  gtk_widget_class_bind_template_child (widget_class, AmparoCoordinatorPage, public_button);
  gtk_widget_class_bind_template_child (widget_class, AmparoCoordinatorPage, report_box);
  gtk_widget_class_bind_template_callback (widget_class, save_card_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, import_files_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, import_folder_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, period_selected_cb);
  gtk_widget_class_install_action (widget_class, "coordinator.save", "s", save_action);
  gtk_widget_class_bind_template_callback (widget_class, public_clicked_cb);
}

static void
amparo_coordinator_page_init (AmparoCoordinatorPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->results = g_ptr_array_new_with_free_func ((GDestroyNotify) amparo_import_result_free);
  gtk_drawing_area_set_draw_func (self->trend_area, draw_trend_cb, self, NULL);
  show_results (self);
}

/**
 * amparo_coordinator_page_new:
 *
 * Returns: (transfer floating): the Coordinator page of a coordinator vault
 */
GtkWidget *
amparo_coordinator_page_new (AmparoVault *vault)
{
  AmparoCoordinatorPage *self;

  g_return_val_if_fail (AMPARO_IS_VAULT (vault), NULL);

  self = g_object_new (AMPARO_TYPE_COORDINATOR_PAGE, NULL);
  self->vault = g_object_ref (vault);
  amparo_gui_set_label (GTK_WIDGET (self->public_k_spin), _("Threshold for public figures"));
  gtk_spin_button_set_value (self->public_k_spin,
                             (double) amparo_vault_get_setting_int (vault, "public_k",
                                                                    AMPARO_PUBLIC_K_DEFAULT));
  load_card (self);
  amparo_coordinator_page_reload (self);
  return GTK_WIDGET (self);
}

/**
 * amparo_coordinator_page_reload:
 *
 * Reads who has sent what and the regional report again (in a thread).
 */
void
amparo_coordinator_page_reload (AmparoCoordinatorPage *self)
{
  g_return_if_fail (AMPARO_IS_COORDINATOR_PAGE (self));
  reload_with_period (self, selected_period (self));
}

/**
 * amparo_coordinator_page_import:
 * @paths: files or folders to import
 * @trust_new: pin the key of an agency not seen before (only after its
 *   fingerprint was confirmed)
 *
 * Imports on a worker thread, with progress; each file's outcome joins
 * the list.
 */
void
amparo_coordinator_page_import (AmparoCoordinatorPage *self,
                                const char * const    *paths,
                                gboolean               trust_new)
{
  g_return_if_fail (AMPARO_IS_COORDINATOR_PAGE (self));
  import_paths (self, paths, trust_new);
}

gboolean
amparo_coordinator_page_is_busy (AmparoCoordinatorPage *self)
{
  g_return_val_if_fail (AMPARO_IS_COORDINATOR_PAGE (self), FALSE);
  return self->busy > 0;
}

/**
 * amparo_coordinator_page_get_results:
 *
 * Returns: (transfer none) (element-type AmparoImportResult): the
 *   outcome of each file imported through this page
 */
GPtrArray *
amparo_coordinator_page_get_results (AmparoCoordinatorPage *self)
{
  g_return_val_if_fail (AMPARO_IS_COORDINATOR_PAGE (self), NULL);
  return self->results;
}

gboolean
amparo_coordinator_page_set_period (AmparoCoordinatorPage *self,
                                    const char            *period)
{
  g_return_val_if_fail (AMPARO_IS_COORDINATOR_PAGE (self), FALSE);

  if (self->periods == NULL || !g_strv_contains ((const char * const *) self->periods, period))
    return FALSE;
  reload_with_period (self, period);
  return TRUE;
}
