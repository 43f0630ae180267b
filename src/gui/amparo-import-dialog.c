/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "AmparoImportDialog"

#include <glib/gi18n.h>

#include "amparo-csv-import.h"
#include "amparo-error.h"
#include "amparo-gui-util.h"
#include "amparo-help-window.h"
#include "amparo-import-dialog.h"
#include "amparo-vault-tasks.h"
#include "amparo-vault.h"

/* Cases from a spreadsheet (DESIGN 7), in four steps:
 *   1. what the file must look like, the templates and the guide;
 *   2. choosing the file;
 *   3. checking every row in a worker thread: either "N cases ready" or
 *      every problem by line and column (the core never quotes a cell);
 *   4. importing in a worker thread, all or nothing, then a summary and
 *      "cases-imported" so the window refreshes its list.
 * The file's name is never shown: it may be a person's name. The
 * reporting role may not import (the file holds names) and sees only a
 * short explanation. */

struct _AmparoImportDialog
{
  AdwWindow             parent_instance;

  AmparoVault          *vault;
  GFile                *file;
  GtkFileChooserNative *chooser;
  GCancellable         *cancellable;
  guint                 n_cases;
  guint                 pulse_source;
  gboolean              busy;

  AdwToastOverlay      *toast_overlay;
  AdwWindowTitle       *window_title;
  GtkWidget            *back_button;
  GtkWidget            *next_button;
  GtkWidget            *import_button;
  GtkWidget            *done_button;
  GtkStack             *steps;
  GtkSpinner           *check_spinner;
  AdwStatusPage        *ready_page;
  AdwStatusPage        *problems_page;
  GtkListBox           *problem_list;
  AdwStatusPage        *importing_page;
  GtkProgressBar       *progress_bar;
  AdwStatusPage        *done_page;
  AdwStatusPage        *failed_page;
};

G_DEFINE_FINAL_TYPE (AmparoImportDialog, amparo_import_dialog, ADW_TYPE_WINDOW)

enum {
  CASES_IMPORTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* The step of the four each page belongs to. */
static const struct
{
  const char *page;
  int         step;
} pages[] = {
  { "format", 1 }, { "choose", 2 }, { "checking", 3 }, { "ready", 3 }, { "problems", 3 },
  { "importing", 4 }, { "done", 4 }, { "failed", 4 }, { "refused", 0 },
};

typedef struct
{
  AmparoVault *vault;        /* import only */
  char        *path;
  guint        n_cases;
  guint        n_problems;
  GPtrArray   *problems;
} Job;

static void
job_free (Job *job)
{
  g_clear_object (&job->vault);
  g_free (job->path);
  g_clear_pointer (&job->problems, g_ptr_array_unref);
  g_free (job);
}

/* ------------------------------------------------------------ helpers */

static void
toast (AmparoImportDialog *self,
       const char         *text)
{
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (text));
}

static gboolean
pulse_cb (gpointer user_data)
{
  AmparoImportDialog *self = user_data;

  gtk_progress_bar_pulse (self->progress_bar);
  return G_SOURCE_CONTINUE;
}

static void
show_page (AmparoImportDialog *self,
           const char         *name)
{
  int step = 0;
  gboolean can_go_back;

  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    if (g_str_equal (pages[i].page, name))
      step = pages[i].step;

  gtk_stack_set_visible_child_name (self->steps, name);
  gtk_spinner_set_spinning (self->check_spinner, g_str_equal (name, "checking"));
  g_clear_handle_id (&self->pulse_source, g_source_remove);
  if (g_str_equal (name, "importing"))
    self->pulse_source = g_timeout_add (100, pulse_cb, self);

  if (step > 0)
    {
      /* Translators: progress through the import assistant, "Step 1 of 4" */
      g_autofree char *subtitle = g_strdup_printf (_("Step %d of %d"), step, 4);

      adw_window_title_set_subtitle (self->window_title, subtitle);
    }
  else
    adw_window_title_set_subtitle (self->window_title, NULL);

  can_go_back = !self->busy && !g_str_equal (name, "done");
  gtk_widget_set_visible (self->back_button, can_go_back);
  gtk_button_set_label (GTK_BUTTON (self->back_button),
                        step == 1 ? _("_Cancel") : step == 0 ? _("_Close") : _("_Back"));
  gtk_widget_set_visible (self->next_button, step == 1);
  gtk_widget_set_visible (self->import_button, g_str_equal (name, "ready"));
  gtk_widget_set_visible (self->done_button, g_str_equal (name, "done"));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "import.run", g_str_equal (name, "ready"));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "import.choose", !self->busy && step > 0);
}

static void
show_problems (AmparoImportDialog *self,
               guint               n_problems,
               GPtrArray          *problems)
{
  g_autofree char *title = NULL;

  amparo_gui_list_box_clear (self->problem_list);
  for (guint i = 0; problems != NULL && i < problems->len; i++)
    {
      GtkWidget *label = gtk_label_new (g_ptr_array_index (problems, i));

      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_widget_set_margin_top (label, 10);
      gtk_widget_set_margin_bottom (label, 10);
      gtk_widget_set_margin_start (label, 12);
      gtk_widget_set_margin_end (label, 12);
      gtk_list_box_append (self->problem_list, label);
    }
  title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                        "%u Problem — Nothing Will Be Imported",
                                        "%u Problems — Nothing Will Be Imported", n_problems),
                           n_problems);
  adw_status_page_set_title (self->problems_page, title);
  show_page (self, "problems");
}

static void
show_failed (AmparoImportDialog *self,
             const GError       *error)
{
  adw_status_page_set_description (self->failed_page, error->message);
  show_page (self, "failed");
}

/* -------------------------------------------------------------- check */

static void
check_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  Job *job = task_data;
  GError *error = NULL;

  if (amparo_csv_check (job->path, &job->n_cases, &job->n_problems, job->problems, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
check_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  AmparoImportDialog *self = AMPARO_IMPORT_DIALOG (source);
  Job *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      self->busy = FALSE;
      show_failed (self, error);
      return;
    }
  self->busy = FALSE;
  if (job->n_problems > 0)
    {
      show_problems (self, job->n_problems, job->problems);
      return;
    }
  self->n_cases = job->n_cases;
  title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u Case Ready to Import",
                                        "%u Cases Ready to Import", job->n_cases),
                           job->n_cases);
  adw_status_page_set_title (self->ready_page, title);
  show_page (self, "ready");
}

/* ------------------------------------------------------------- import */

static void
import_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  Job *job = task_data;
  GError *error = NULL;

  if (amparo_csv_import (job->vault, job->path, &job->n_cases, job->problems, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
import_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  AmparoImportDialog *self = AMPARO_IMPORT_DIALOG (source);
  Job *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL;

  /* first, whatever happened: a lock may be waiting for this */
  amparo_vault_task_release (job->vault);
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      self->busy = FALSE;
      /* the file changed since it was checked */
      if (g_error_matches (error, AMPARO_ERROR, AMPARO_ERROR_INVALID) && job->problems->len > 0)
        show_problems (self, job->problems->len, job->problems);
      else
        show_failed (self, error);
      return;
    }
  self->busy = FALSE;
  title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u Case Imported",
                                        "%u Cases Imported", job->n_cases),
                           job->n_cases);
  adw_status_page_set_title (self->done_page, title);
  show_page (self, "done");
  g_signal_emit (self, signals[CASES_IMPORTED], 0, job->n_cases);
}

/* ------------------------------------------------------------ actions */

static void
next_action_cb (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  AmparoImportDialog *self = AMPARO_IMPORT_DIALOG (widget);

  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->steps), "format") == 0)
    show_page (self, "choose");
}

static void
back_action_cb (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  AmparoImportDialog *self = AMPARO_IMPORT_DIALOG (widget);
  const char *page = gtk_stack_get_visible_child_name (self->steps);

  if (self->busy)
    return;
  if (g_strcmp0 (page, "format") == 0 || g_strcmp0 (page, "refused") == 0)
    gtk_window_close (GTK_WINDOW (self));
  else if (g_strcmp0 (page, "choose") == 0)
    show_page (self, "format");
  else
    show_page (self, "choose");
}

static void
chooser_response_cb (GtkNativeDialog    *chooser,
                     int                 response,
                     AmparoImportDialog *self)
{
  g_autoptr(GtkFileChooserNative) owned = g_steal_pointer (&self->chooser);
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  if (file != NULL)
    amparo_import_dialog_check_file (self, file);
}

static void
choose_action_cb (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  AmparoImportDialog *self = AMPARO_IMPORT_DIALOG (widget);
  g_autoptr(GtkFileFilter) csv = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();

  if (self->busy || self->chooser != NULL)
    return;
  gtk_file_filter_set_name (csv, _("CSV files"));
  gtk_file_filter_add_pattern (csv, "*.csv");
  gtk_file_filter_add_pattern (csv, "*.CSV");
  gtk_file_filter_add_mime_type (csv, "text/csv");
  gtk_file_filter_set_name (all, _("All files"));
  gtk_file_filter_add_pattern (all, "*");

  self->chooser = gtk_file_chooser_native_new (_("Choose the Spreadsheet"), GTK_WINDOW (self),
                                               GTK_FILE_CHOOSER_ACTION_OPEN, _("_Check"),
                                               _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), csv);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), all);
  g_signal_connect_object (self->chooser, "response", G_CALLBACK (chooser_response_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
template_saved_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(AmparoImportDialog) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_file_replace_contents_finish (G_FILE (source), result, NULL, &error))
    toast (self, _("The template could not be saved. Check that the drive has room and is "
                   "not write-protected."));
  else if (!gtk_widget_in_destruction (GTK_WIDGET (self)))
    toast (self, _("Template saved"));
}

static void
template_chooser_response_cb (GtkNativeDialog    *chooser,
                              int                 response,
                              AmparoImportDialog *self)
{
  g_autoptr(GtkFileChooserNative) owned = g_steal_pointer (&self->chooser);
  const char *resource = g_object_get_data (G_OBJECT (chooser), "amparo-resource");
  g_autoptr(GFile) dest = NULL;
  g_autoptr(GBytes) bytes = NULL;

  if (response != GTK_RESPONSE_ACCEPT
      || (dest = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser))) == NULL)
    return;
  bytes = g_resources_lookup_data (resource, G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
  g_return_if_fail (bytes != NULL);
  /* the chooser already asked before replacing a file */
  g_file_replace_contents_bytes_async (dest, bytes, NULL, FALSE, G_FILE_CREATE_NONE, NULL,
                                       template_saved_cb, g_object_ref (self));
}

static void
save_template_action_cb (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  AmparoImportDialog *self = AMPARO_IMPORT_DIALOG (widget);
  gboolean spanish = g_str_equal (g_variant_get_string (parameter, NULL), "es");
  const char *documents = g_get_user_special_dir (G_USER_DIRECTORY_DOCUMENTS);
  g_autoptr(GFile) folder = g_file_new_for_path (documents != NULL ? documents
                                                                   : g_get_home_dir ());

  if (self->chooser != NULL)
    return;
  self->chooser = gtk_file_chooser_native_new (_("Save the Template"), GTK_WINDOW (self),
                                               GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"),
                                               _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  /* a file name, so not translated: the two templates differ in their headers */
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser),
                                     spanish ? "plantilla-casos.csv" : "cases-template.csv");
  gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (self->chooser), folder, NULL);
  g_object_set_data (G_OBJECT (self->chooser), "amparo-resource",
                     spanish ? "/org/amparo/Amparo/csv-template.es.csv"
                             : "/org/amparo/Amparo/csv-template.csv");
  g_signal_connect_object (self->chooser, "response", G_CALLBACK (template_chooser_response_cb),
                           self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
guide_action_cb (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  amparo_help_show (GTK_WINDOW (widget), "import");
}

static void
run_action_cb (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  AmparoImportDialog *self = AMPARO_IMPORT_DIALOG (widget);
  g_autoptr(GTask) task = NULL;
  g_autofree char *title = NULL;
  Job *job;

  if (self->busy || self->file == NULL || amparo_vault_is_locked (self->vault))
    return;
  job = g_new0 (Job, 1);
  job->vault = g_object_ref (self->vault);
  job->path = g_file_get_path (self->file);
  job->problems = g_ptr_array_new_with_free_func (g_free);
  if (job->path == NULL)
    {
      job_free (job);
      return;
    }

  title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Importing %u Case…",
                                        "Importing %u Cases…", self->n_cases),
                           self->n_cases);
  adw_status_page_set_title (self->importing_page, title);
  self->busy = TRUE;
  show_page (self, "importing");

  /* a lock waits for the import to finish before it closes the stores */
  amparo_vault_task_hold (job->vault);
  task = g_task_new (self, self->cancellable, import_done_cb, NULL);
  g_task_set_task_data (task, job, (GDestroyNotify) job_free);
  g_task_run_in_thread (task, import_thread);
}

/* ---------------------------------------------------------- callbacks */

static gboolean
close_request_cb (GtkWindow          *window,
                  AmparoImportDialog *self)
{
  /* while importing, the window stays until the outcome is known */
  return self->busy;
}

/* ---------------------------------------------------------- GObject */

static void
amparo_import_dialog_dispose (GObject *object)
{
  AmparoImportDialog *self = AMPARO_IMPORT_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->pulse_source, g_source_remove);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  g_clear_object (&self->vault);
  g_clear_object (&self->file);
  gtk_widget_dispose_template (GTK_WIDGET (self), AMPARO_TYPE_IMPORT_DIALOG);

  G_OBJECT_CLASS (amparo_import_dialog_parent_class)->dispose (object);
}

static void
amparo_import_dialog_finalize (GObject *object)
{
  AmparoImportDialog *self = AMPARO_IMPORT_DIALOG (object);

  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (amparo_import_dialog_parent_class)->finalize (object);
}

static void
amparo_import_dialog_class_init (AmparoImportDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = amparo_import_dialog_dispose;
  object_class->finalize = amparo_import_dialog_finalize;

  /**
   * AmparoImportDialog::cases-imported:
   * @n_cases: how many cases were created
   */
  signals[CASES_IMPORTED] = g_signal_new ("cases-imported", G_TYPE_FROM_CLASS (klass),
                                          G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE,
                                          1, G_TYPE_UINT);

  amparo_gui_ensure_resources ();
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/amparo/Amparo/amparo-import-dialog.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, AmparoImportDialog, name)
  BIND (toast_overlay);
  BIND (window_title);
  BIND (back_button);
  BIND (next_button);
  BIND (import_button);
  BIND (done_button);
  BIND (steps);
  BIND (check_spinner);
  BIND (ready_page);
  BIND (problems_page);
  BIND (problem_list);
  BIND (importing_page);
  BIND (progress_bar);
  BIND (done_page);
  BIND (failed_page);
#undef BIND
  gtk_widget_class_bind_template_callback (widget_class, close_request_cb);

  gtk_widget_class_install_action (widget_class, "import.next", NULL, next_action_cb);
  gtk_widget_class_install_action (widget_class, "import.back", NULL, back_action_cb);
  gtk_widget_class_install_action (widget_class, "import.choose", NULL, choose_action_cb);
  gtk_widget_class_install_action (widget_class, "import.save-template", "s",
                                   save_template_action_cb);
  gtk_widget_class_install_action (widget_class, "import.guide", NULL, guide_action_cb);
  gtk_widget_class_install_action (widget_class, "import.run", NULL, run_action_cb);
}

static void
amparo_import_dialog_init (AmparoImportDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
}

/* ------------------------------------------------------------- public */

/**
 * amparo_import_dialog_new:
 * @parent: the main window
 * @vault: an unlocked agency vault
 */
GtkWidget *
amparo_import_dialog_new (GtkWindow   *parent,
                          AmparoVault *vault)
{
  AmparoImportDialog *self;

  g_return_val_if_fail (AMPARO_IS_VAULT (vault), NULL);

  self = g_object_new (AMPARO_TYPE_IMPORT_DIALOG, "transient-for", parent, NULL);
  self->vault = g_object_ref (vault);
  show_page (self, amparo_vault_can_see_contacts (vault) ? "format" : "refused");
  return GTK_WIDGET (self);
}

/**
 * amparo_import_dialog_check_file:
 * @file: the chosen spreadsheet
 *
 * Checks every row of @file in a worker thread, then shows how many cases
 * are ready or every problem found. What choosing a file does.
 */
void
amparo_import_dialog_check_file (AmparoImportDialog *self,
                                 GFile              *file)
{
  g_autoptr(GTask) task = NULL;
  Job *job;

  g_return_if_fail (AMPARO_IS_IMPORT_DIALOG (self));
  g_return_if_fail (G_IS_FILE (file));

  if (self->busy || !amparo_vault_can_see_contacts (self->vault))
    return;
  g_set_object (&self->file, file);
  job = g_new0 (Job, 1);
  job->path = g_file_get_path (file);
  job->problems = g_ptr_array_new_with_free_func (g_free);
  task = g_task_new (self, self->cancellable, check_done_cb, NULL);
  g_task_set_task_data (task, job, (GDestroyNotify) job_free);
  if (job->path == NULL)
    {
      g_task_return_new_error (task, AMPARO_ERROR, AMPARO_ERROR_NOT_FOUND, "%s",
                               _("Only a file on this computer or a drive plugged into it can "
                                 "be imported"));
      return;
    }
  self->busy = TRUE;
  show_page (self, "checking");
  g_task_run_in_thread (task, check_thread);
}

/**
 * amparo_import_dialog_get_state:
 *
 * Returns: the page shown: "format", "choose", "checking", "ready",
 *   "problems", "importing", "done", "failed" or "refused"
 */
const char *
amparo_import_dialog_get_state (AmparoImportDialog *self)
{
  g_return_val_if_fail (AMPARO_IS_IMPORT_DIALOG (self), NULL);
  return gtk_stack_get_visible_child_name (self->steps);
}
