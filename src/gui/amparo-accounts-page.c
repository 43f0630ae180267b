/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "AmparoAccountsPage"

#include <sodium.h>
#include <glib/gi18n.h>

#include "amparo-account-dialog.h"
#include "amparo-accounts-page.h"
#include "amparo-vault-tasks.h"
#include "amparo-window.h"

/* Staff accounts, for supervisors: add, change role and passphrase,
 * remove. Adding or changing derives a key with Argon2id, so it runs in a
 * worker thread; the vault is held so a lock waits for it. */

struct _AmparoAccountsPage
{
  AdwBin               parent_instance;

  AdwToastOverlay     *toast_overlay;
  AdwPreferencesGroup *accounts_group;
  GtkButton           *add_button;
  GtkSpinner          *spinner;

  AmparoVault         *vault;
  GPtrArray           *rows;
};

G_DEFINE_FINAL_TYPE (AmparoAccountsPage, amparo_accounts_page, ADW_TYPE_BIN)

typedef struct
{
  AmparoVault *vault;
  char        *name;
  AmparoRole   role;
  char        *passphrase;
  gboolean     is_new;
} SaveData;

static void
save_data_free (SaveData *data)
{
  g_clear_object (&data->vault);
  g_free (data->name);
  if (data->passphrase != NULL)
    sodium_memzero (data->passphrase, strlen (data->passphrase));
  g_free (data->passphrase);
  g_free (data);
}

static void
toast (AmparoAccountsPage *self,
       const char         *text)
{
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (text));
}

static void
save_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  SaveData *data = task_data;
  GError *error = NULL;
  gboolean ok = data->is_new
                  ? amparo_vault_add_account (data->vault, data->name, data->role,
                                              data->passphrase, &error)
                  : amparo_vault_reset_account (data->vault, data->name, data->role,
                                                data->passphrase, &error);

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
  AmparoAccountsPage *self = AMPARO_ACCOUNTS_PAGE (source);
  SaveData *data = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;

  amparo_vault_task_release (data->vault);
  gtk_spinner_stop (self->spinner);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), FALSE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->accounts_group), TRUE);
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      toast (self, error->message);
      return;
    }
  toast (self, data->is_new ? _("Account added") : _("Account changed"));
  amparo_accounts_page_reload (self);
}

static void
account_dialog_response_cb (AmparoAccountDialog *dialog,
                            const char          *response,
                            AmparoAccountsPage  *self)
{
  g_autoptr(GTask) task = NULL;
  SaveData *data;

  if (g_strcmp0 (response, "save") != 0 || amparo_vault_is_locked (self->vault))
    return;

  data = g_new0 (SaveData, 1);
  data->vault = g_object_ref (self->vault);
  data->name = amparo_account_dialog_dup_name (dialog);
  data->role = amparo_account_dialog_get_role (dialog);
  data->passphrase = g_strdup (amparo_account_dialog_get_passphrase (dialog));
  data->is_new = g_object_get_data (G_OBJECT (dialog), "amparo-change") == NULL;

  amparo_vault_task_hold (self->vault);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), TRUE);
  gtk_spinner_start (self->spinner);
  gtk_widget_set_sensitive (GTK_WIDGET (self->accounts_group), FALSE);
  task = g_task_new (self, NULL, save_done_cb, NULL);
  g_task_set_task_data (task, data, (GDestroyNotify) save_data_free);
  g_task_run_in_thread (task, save_thread);
}

/* closed on lock with everything else */
static void
track (AmparoAccountsPage *self,
       GtkWidget          *dialog)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (AMPARO_IS_WINDOW (root))
    amparo_window_track_dialog (AMPARO_WINDOW (root), GTK_WINDOW (dialog));
}

static void
open_dialog (AmparoAccountsPage *self,
             const char         *name,
             AmparoRole          role)
{
  GtkWidget *dialog = amparo_account_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                                 name, role);

  if (name != NULL)
    g_object_set_data (G_OBJECT (dialog), "amparo-change", GINT_TO_POINTER (TRUE));
  g_signal_connect_object (dialog, "response", G_CALLBACK (account_dialog_response_cb), self, 0);
  track (self, dialog);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
add_clicked_cb (AmparoAccountsPage *self)
{
  open_dialog (self, NULL, AMPARO_ROLE_ADVOCATE);
}

static void
change_clicked_cb (GtkButton          *button,
                   AmparoAccountsPage *self)
{
  const char *name = g_object_get_data (G_OBJECT (button), "amparo-account");
  AmparoRole role = AMPARO_ROLE_ADVOCATE;

  amparo_vault_get_account_role (self->vault, name, &role);
  open_dialog (self, name, role);
}

static void
remove_response_cb (AdwMessageDialog   *dialog,
                    const char         *response,
                    AmparoAccountsPage *self)
{
  const char *name = g_object_get_data (G_OBJECT (dialog), "amparo-account");
  g_autoptr(GError) error = NULL;

  if (g_strcmp0 (response, "remove") != 0 || amparo_vault_is_locked (self->vault))
    return;
  if (!amparo_vault_remove_account (self->vault, name, &error))
    {
      toast (self, error->message);
      return;
    }
  toast (self, _("Account removed"));
  amparo_accounts_page_reload (self);
}

static void
remove_clicked_cb (GtkButton          *button,
                   AmparoAccountsPage *self)
{
  const char *name = g_object_get_data (G_OBJECT (button), "amparo-account");
  GtkWindow *parent = GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self)));
  GtkWidget *dialog;

  /* Translators: %s is a staff member's account name */
  dialog = adw_message_dialog_new (parent, _("Remove Account?"), NULL);
  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                  _("“%s” will no longer be able to unlock this vault. Their "
                                    "past work stays in the records and the audit log."), name);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "remove", _("_Remove"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "remove",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "amparo-account", g_strdup (name), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (remove_response_cb), self, 0);
  track (self, dialog);
  gtk_window_present (GTK_WINDOW (dialog));
}

static GtkWidget *
make_row (AmparoAccountsPage *self,
          const char         *name)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *change = gtk_button_new_with_mnemonic (_("_Change…"));
  GtkWidget *remove = gtk_button_new_from_icon_name ("user-trash-symbolic");
  AmparoRole role = AMPARO_ROLE_REPORTING;
  gboolean me = g_strcmp0 (name, amparo_vault_get_user (self->vault)) == 0;
  g_autofree char *subtitle = NULL;
  g_autofree char *remove_label = NULL;

  amparo_vault_get_account_role (self->vault, name, &role);
  /* Translators: "%s" is a role such as "Supervisor"; said of the signed-in account */
  subtitle = me ? g_strdup_printf (_("%s — this is you"), amparo_role_label (role))
                : g_strdup (amparo_role_label (role));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), name);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);

  for (GtkWidget *w = change; w != NULL; w = w == change ? remove : NULL)
    {
      gtk_widget_set_valign (w, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (w, "flat");
      g_object_set_data_full (G_OBJECT (w), "amparo-account", g_strdup (name), g_free);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), w);
    }
  /* Translators: %s is a staff member's account name */
  remove_label = g_strdup_printf (_("Remove account %s"), name);
  gtk_widget_set_tooltip_text (remove, _("Remove Account"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (remove), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  remove_label, -1);
  gtk_widget_set_sensitive (remove, !me);
  g_signal_connect (change, "clicked", G_CALLBACK (change_clicked_cb), self);
  g_signal_connect (remove, "clicked", G_CALLBACK (remove_clicked_cb), self);
  return row;
}

static void
amparo_accounts_page_dispose (GObject *object)
{
  AmparoAccountsPage *self = AMPARO_ACCOUNTS_PAGE (object);

  /* the bin's child is a template child: unparent it through AdwBin */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), AMPARO_TYPE_ACCOUNTS_PAGE);
  g_clear_pointer (&self->rows, g_ptr_array_unref);
  g_clear_object (&self->vault);
  G_OBJECT_CLASS (amparo_accounts_page_parent_class)->dispose (object);
}

static void
amparo_accounts_page_class_init (AmparoAccountsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = amparo_accounts_page_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/amparo/Amparo/amparo-accounts-page.ui");
  gtk_widget_class_bind_template_child (widget_class, AmparoAccountsPage, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, AmparoAccountsPage, accounts_group);
  gtk_widget_class_bind_template_child (widget_class, AmparoAccountsPage, add_button);
  gtk_widget_class_bind_template_child (widget_class, AmparoAccountsPage, spinner);
  gtk_widget_class_bind_template_callback (widget_class, add_clicked_cb);
}

static void
amparo_accounts_page_init (AmparoAccountsPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->rows = g_ptr_array_new ();
}

/**
 * amparo_accounts_page_new:
 *
 * Returns: (transfer floating): the Staff page; supervisors only
 */
GtkWidget *
amparo_accounts_page_new (AmparoVault *vault)
{
  AmparoAccountsPage *self;

  g_return_val_if_fail (AMPARO_IS_VAULT (vault), NULL);

  self = g_object_new (AMPARO_TYPE_ACCOUNTS_PAGE, NULL);
  self->vault = g_object_ref (vault);
  amparo_accounts_page_reload (self);
  return GTK_WIDGET (self);
}

void
amparo_accounts_page_reload (AmparoAccountsPage *self)
{
  g_auto(GStrv) names = NULL;

  g_return_if_fail (AMPARO_IS_ACCOUNTS_PAGE (self));

  for (guint i = 0; i < self->rows->len; i++)
    adw_preferences_group_remove (self->accounts_group, g_ptr_array_index (self->rows, i));
  g_ptr_array_set_size (self->rows, 0);
  if (amparo_vault_is_locked (self->vault))
    return;

  names = amparo_vault_get_accounts (self->vault);
  for (guint i = 0; names[i] != NULL; i++)
    {
      GtkWidget *row = make_row (self, names[i]);

      adw_preferences_group_add (self->accounts_group, row);
      g_ptr_array_add (self->rows, row);
    }
}
