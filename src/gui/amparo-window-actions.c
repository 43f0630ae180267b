/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "AmparoWindow"

#include <glib/gi18n.h>

#include "amparo-db.h"
#include "amparo-restore.h"
#include "amparo-vault-tasks.h"
#include "amparo-window-private.h"

#include "amparo-case-page.h"
#include "amparo-import-dialog.h"
#include "amparo-intake-dialog.h"

/* The window's actions: lock, search, open and start cases, back up and
 * restore. Which are enabled follows the lock state, the vault's kind and
 * the person's role. */

/* --------------------------------------------------------------- cases */

static void
lock_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  amparo_window_lock (AMPARO_WINDOW (widget));
}

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  AmparoWindow *self = AMPARO_WINDOW (widget);

  if (self->main_view != NULL)
    amparo_main_view_focus_search (self->main_view);
}


static void
open_case_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  AmparoWindow *self = AMPARO_WINDOW (widget);
  gint64 case_id = g_variant_get_int64 (param);

  if (self->vault == NULL || case_id <= 0)
    return;
  amparo_window_show_case_widget (self, GTK_WIDGET (amparo_case_page_new (self->vault, case_id)));
}

static void
case_created_cb (GtkWidget    *dialog,
                 gint64        case_id,
                 AmparoWindow *self)
{
  AmparoCaseList *list;

  if (self->main_view == NULL)
    return;
  list = amparo_main_view_get_case_list (self->main_view);
  if (list != NULL)
    amparo_case_list_refresh (list);
  gtk_widget_activate_action (GTK_WIDGET (self), "win.open-case", "x", case_id);
}

static void
new_case_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *param)
{
  AmparoWindow *self = AMPARO_WINDOW (widget);

  if (self->vault == NULL)
    return;
  {
    GtkWidget *dialog = GTK_WIDGET (amparo_intake_dialog_new (GTK_WINDOW (self), self->vault));

    g_signal_connect_object (dialog, "case-created", G_CALLBACK (case_created_cb), self, 0);
    amparo_window_track_dialog (self, GTK_WINDOW (dialog));
    gtk_window_present (GTK_WINDOW (dialog));
  }
}

static void
cases_imported_cb (GtkWidget    *dialog,
                   guint         n_cases,
                   AmparoWindow *self)
{
  AmparoCaseList *list = self->main_view != NULL
                           ? amparo_main_view_get_case_list (self->main_view) : NULL;

  if (list != NULL)
    amparo_case_list_refresh (list);
}

static void
import_cases_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  AmparoWindow *self = AMPARO_WINDOW (widget);
  GtkWidget *dialog;

  if (self->vault == NULL)
    return;
  dialog = amparo_import_dialog_new (GTK_WINDOW (self), self->vault);
  g_signal_connect_object (dialog, "cases-imported", G_CALLBACK (cases_imported_cb), self, 0);
  amparo_window_track_dialog (self, GTK_WINDOW (dialog));
  gtk_window_present (GTK_WINDOW (dialog));
}

/* -------------------------------------------------------------- backup */

typedef struct
{
  AmparoVault *vault;
  char        *folder;
  char        *made;
} BackupData;

static void
backup_data_free (BackupData *data)
{
  g_clear_object (&data->vault);
  g_free (data->folder);
  g_free (data->made);
  g_free (data);
}

static void
backup_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  BackupData *data = task_data;
  GError *error = NULL;

  if (amparo_vault_backup (data->vault, data->folder, &data->made, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
backup_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  AmparoWindow *self = AMPARO_WINDOW (source);
  BackupData *data = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  amparo_vault_task_release (data->vault);
  if (self->main_view != NULL)
    amparo_main_view_set_busy (self->main_view, FALSE);
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    message = g_strdup_printf (_("The backup failed: %s"), error->message);
  else
    {
      g_autofree char *name = g_path_get_basename (data->made);
      g_autofree char *folder = g_filename_display_name (data->folder);

      /* Translators: the first %s is the new backup folder's name, the second the folder it is in */
      message = g_strdup_printf (_("Backed up as “%s” in %s"), name, folder);
    }
  amparo_window_add_toast (self, adw_toast_new (message));
  amparo_window_check_backup_age (self);
}

static void
backup_chooser_response_cb (GtkNativeDialog *chooser,
                            int              response,
                            AmparoWindow    *self)
{
  g_autoptr(GFile) folder = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GTask) task = NULL;
  BackupData *data;

  if (response == GTK_RESPONSE_ACCEPT)
    folder = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  g_object_unref (chooser);
  if (folder != NULL)
    path = g_file_get_path (folder);
  if (path == NULL || self->vault == NULL)
    return;

  data = g_new0 (BackupData, 1);
  data->vault = g_object_ref (self->vault);
  data->folder = g_steal_pointer (&path);
  amparo_vault_task_hold (data->vault);
  amparo_main_view_set_busy (self->main_view, TRUE);
  task = g_task_new (self, NULL, backup_done_cb, NULL);
  g_task_set_task_data (task, data, (GDestroyNotify) backup_data_free);
  g_task_run_in_thread (task, backup_thread);
}

static void
backup_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  AmparoWindow *self = AMPARO_WINDOW (widget);
  GtkFileChooserNative *chooser;

  if (self->vault == NULL)
    return;
  chooser = gtk_file_chooser_native_new (_("Choose Where to Save the Backup"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER,
                                         _("_Back Up"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect_object (chooser, "response", G_CALLBACK (backup_chooser_response_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* ------------------------------------------------------------- restore */

typedef struct
{
  char *from;
  char *vault_dir;
  char *aside;
} RestoreData;

static void
restore_data_free (RestoreData *data)
{
  g_free (data->from);
  g_free (data->vault_dir);
  g_free (data->aside);
  g_free (data);
}

static void
restore_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  RestoreData *data = task_data;
  GError *error = NULL;

  if (amparo_restore_replacing (data->from, data->vault_dir, &data->aside, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
restore_done_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  AmparoWindow *self = AMPARO_WINDOW (source);
  RestoreData *data = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  gtk_widget_set_sensitive (GTK_WIDGET (self->stack), TRUE);
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    message = g_strdup_printf (_("Nothing was restored: %s"), error->message);
  else if (data->aside != NULL)
    {
      g_autofree char *aside = g_filename_display_name (data->aside);
      /* Translators: %s is the folder where the old, damaged vault was moved */
      message = g_strdup_printf (_("Backup restored. The old vault was kept in %s"), aside);
    }
  else
    message = g_strdup (_("Backup restored"));
  amparo_window_add_toast (self, adw_toast_new (message));
  if (amparo_vault_exists (self->vault_dir))
    {
      amparo_unlock_page_set_vault_dir (self->unlock_page, self->vault_dir);
      gtk_stack_set_visible_child_name (self->stack, "unlock");
    }
  amparo_window_update_actions (self);
}

static void
start_restore (AmparoWindow *self,
               const char   *from)
{
  g_autoptr(GTask) task = g_task_new (self, NULL, restore_done_cb, NULL);
  RestoreData *data = g_new0 (RestoreData, 1);

  data->from = g_strdup (from);
  data->vault_dir = g_strdup (self->vault_dir);
  gtk_widget_set_sensitive (GTK_WIDGET (self->stack), FALSE);
  g_task_set_task_data (task, data, (GDestroyNotify) restore_data_free);
  g_task_run_in_thread (task, restore_thread);
}

static void
restore_confirm_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    AmparoWindow     *self)
{
  if (g_strcmp0 (response, "restore") == 0 && self->vault == NULL)
    start_restore (self, g_object_get_data (G_OBJECT (dialog), "amparo-from"));
}

static void
restore_chooser_response_cb (GtkNativeDialog *chooser,
                             int              response,
                             AmparoWindow    *self)
{
  g_autoptr(GFile) folder = NULL;
  g_autofree char *from = NULL;
  GtkWidget *dialog;

  if (response == GTK_RESPONSE_ACCEPT)
    folder = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  g_object_unref (chooser);
  if (folder == NULL || (from = g_file_get_path (folder)) == NULL || self->vault != NULL)
    return;
  if (!g_file_test (self->vault_dir, G_FILE_TEST_EXISTS))
    {
      start_restore (self, from);
      return;
    }

  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Restore This Backup?"),
                                   _("The vault will be replaced by the backup. The current "
                                     "vault is not deleted: it is renamed and kept beside it. "
                                     "Work done after the backup was made is not in the backup."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "restore", _("_Restore"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "restore",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "amparo-from", g_steal_pointer (&from), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (restore_confirm_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
restore_backup_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *param)
{
  AmparoWindow *self = AMPARO_WINDOW (widget);
  GtkFileChooserNative *chooser;

  if (self->vault != NULL)
    return;
  chooser = gtk_file_chooser_native_new (_("Choose a Backup Folder"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER,
                                         _("_Restore"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect_object (chooser, "response", G_CALLBACK (restore_chooser_response_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* -------------------------------------------------------------- public */

void
amparo_window_install_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.lock", NULL, lock_action);
  gtk_widget_class_install_action (widget_class, "win.search", NULL, search_action);
  gtk_widget_class_install_action (widget_class, "win.open-case", "x", open_case_action);
  gtk_widget_class_install_action (widget_class, "win.new-case", NULL, new_case_action);
  gtk_widget_class_install_action (widget_class, "win.import-cases", NULL, import_cases_action);
  gtk_widget_class_install_action (widget_class, "win.backup", NULL, backup_action);
  gtk_widget_class_install_action (widget_class, "win.restore-backup", NULL,
                                   restore_backup_action);
}

void
amparo_window_update_actions (AmparoWindow *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  gboolean open = self->vault != NULL;
  gboolean agency = open && amparo_vault_get_kind (self->vault) == AMPARO_VAULT_KIND_AGENCY;
  gboolean names = open && amparo_vault_can_see_contacts (self->vault);

  gtk_widget_action_set_enabled (widget, "win.lock", open);
  gtk_widget_action_set_enabled (widget, "win.search", agency);
  gtk_widget_action_set_enabled (widget, "win.open-case", agency);
  gtk_widget_action_set_enabled (widget, "win.new-case", agency && names);
  /* a spreadsheet of cases holds names: not for the reporting role */
  gtk_widget_action_set_enabled (widget, "win.import-cases", agency && names);
  /* a backup copies both stores, so it needs both keys */
  gtk_widget_action_set_enabled (widget, "win.backup", names);
  gtk_widget_action_set_enabled (widget, "win.restore-backup", !open);
}

/**
 * amparo_window_check_backup_age:
 *
 * Shows a reminder when the last backup (or, before the first one, the
 * vault's creation) is older than the backup-reminder-days setting.
 */
void
amparo_window_check_backup_age (AmparoWindow *self)
{
  g_autofree char *last = NULL;
  g_autofree char *created = NULL;
  g_autoptr(GDateTime) since = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *text = NULL;
  int limit, days;

  if (self->main_view == NULL)
    return;
  if (self->demo || !amparo_vault_can_see_contacts (self->vault))
    {
      amparo_main_view_set_backup_reminder (self->main_view, NULL);
      return;
    }

  limit = g_settings_get_int (self->settings, "backup-reminder-days");
  last = amparo_vault_get_setting (self->vault, "last_backup");
  if (last != NULL)
    since = g_date_time_new_from_iso8601 (last, NULL);
  else if ((created = amparo_vault_get_setting (self->vault, "created")) != NULL)
    {
      g_autofree char *midnight = g_strconcat (created, "T00:00:00Z", NULL);
      since = g_date_time_new_from_iso8601 (midnight, NULL);
    }
  days = since != NULL ? (int) (g_date_time_difference (now, since) / G_TIME_SPAN_DAY) : limit;
  if (days < limit)
    {
      amparo_main_view_set_backup_reminder (self->main_view, NULL);
      return;
    }
  if (last == NULL)
    text = g_strdup (_("This vault has never been backed up. Keep a backup on a USB stick or "
                       "drive stored somewhere safe."));
  else
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "The last backup was %d day ago.",
                                         "The last backup was %d days ago.", days), days);
  amparo_main_view_set_backup_reminder (self->main_view, text);
}
