/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "AmparoUnlockPage"

#include <sodium.h>
#include <glib/gi18n.h>

#include "amparo-error.h"
#include "amparo-unlock-page.h"
#include "amparo-vault.h"

/* Account and passphrase. Argon2id takes a second on purpose, so it runs
 * in a worker thread behind a spinner. A wrong passphrase and a damaged
 * vault get different messages; only the second offers a restore. */

struct _AmparoUnlockPage
{
  AdwBin               parent_instance;

  AdwComboRow         *account_row;
  GtkStringList       *accounts;
  AdwPasswordEntryRow *passphrase_row;
  GtkLabel            *message_label;
  GtkButton           *restore_button;
  GtkButton           *unlock_button;
  GtkSpinner          *spinner;
  GtkWidget           *demo_box;
  GtkLabel            *demo_label;

  char                *vault_dir;
  gboolean             busy;
  gboolean             damaged;
};

G_DEFINE_FINAL_TYPE (AmparoUnlockPage, amparo_unlock_page, ADW_TYPE_BIN)

enum {
  UNLOCKED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

typedef struct
{
  char *dir;
  char *user;
  char *passphrase;
} UnlockData;

static void
unlock_data_free (UnlockData *data)
{
  g_free (data->dir);
  g_free (data->user);
  if (data->passphrase != NULL)
    sodium_memzero (data->passphrase, strlen (data->passphrase));
  g_free (data->passphrase);
  g_free (data);
}

static void
show_message (AmparoUnlockPage *self,
              const char       *message,
              gboolean          damaged)
{
  self->damaged = damaged;
  gtk_label_set_label (self->message_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->message_label), message != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->restore_button), damaged);
}

static void
show_error (AmparoUnlockPage *self,
            const GError     *error)
{
  if (g_error_matches (error, AMPARO_ERROR, AMPARO_ERROR_WRONG_PASSPHRASE))
    show_message (self, _("That passphrase does not open this account. Check Caps Lock and "
                          "try again."), FALSE);
  else if (g_error_matches (error, AMPARO_ERROR, AMPARO_ERROR_NO_SUCH_ACCOUNT))
    show_message (self, _("There is no such account in this vault."), FALSE);
  else if (g_error_matches (error, AMPARO_ERROR, AMPARO_ERROR_DAMAGED_KEYS)
           || g_error_matches (error, AMPARO_ERROR, AMPARO_ERROR_DAMAGED_DATABASE)
           || g_error_matches (error, AMPARO_ERROR, AMPARO_ERROR_WEAK_KDF)
           || g_error_matches (error, AMPARO_ERROR, AMPARO_ERROR_INTEGRITY))
    show_message (self, _("This vault’s files are damaged or were changed outside Amparo, so "
                          "it cannot be opened. Nothing has been changed. You can restore it "
                          "from a backup; the damaged files are kept aside."), TRUE);
  else
    show_message (self, error->message, FALSE);
}

static void
update_state (AmparoUnlockPage *self)
{
  gboolean has_account = g_list_model_get_n_items (G_LIST_MODEL (self->accounts)) > 0;
  const char *pass = gtk_editable_get_text (GTK_EDITABLE (self->passphrase_row));

  gtk_widget_set_sensitive (GTK_WIDGET (self->unlock_button),
                            !self->busy && has_account && *pass != '\0');
  gtk_widget_set_sensitive (GTK_WIDGET (self->passphrase_row), !self->busy && has_account);
  gtk_widget_set_sensitive (GTK_WIDGET (self->account_row), !self->busy && has_account);
  gtk_spinner_set_spinning (self->spinner, self->busy);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), self->busy);
}

static void
unlock_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  UnlockData *data = task_data;
  GError *error = NULL;
  AmparoVault *vault = amparo_vault_unlock (data->dir, data->user, data->passphrase, &error);

  if (vault == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, vault, g_object_unref);
}

static void
unlock_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  AmparoUnlockPage *self = AMPARO_UNLOCK_PAGE (source);
  g_autoptr(GError) error = NULL;
  g_autoptr(AmparoVault) vault = g_task_propagate_pointer (G_TASK (result), &error);

  self->busy = FALSE;
  update_state (self);
  if (vault == NULL)
    {
      show_error (self, error);
      gtk_widget_grab_focus (GTK_WIDGET (self->passphrase_row));
      return;
    }
  show_message (self, NULL, FALSE);
  gtk_editable_set_text (GTK_EDITABLE (self->passphrase_row), "");
  g_signal_emit (self, signals[UNLOCKED], 0, vault);
}

static void
start_unlock (AmparoUnlockPage *self)
{
  g_autoptr(GTask) task = NULL;
  UnlockData *data;
  guint selected = adw_combo_row_get_selected (self->account_row);
  const char *user = gtk_string_list_get_string (self->accounts, selected);

  if (self->busy || self->vault_dir == NULL || user == NULL
      || !gtk_widget_get_sensitive (GTK_WIDGET (self->unlock_button)))
    return;

  data = g_new0 (UnlockData, 1);
  data->dir = g_strdup (self->vault_dir);
  data->user = g_strdup (user);
  data->passphrase = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->passphrase_row)));
  self->busy = TRUE;
  show_message (self, NULL, self->damaged);
  update_state (self);

  task = g_task_new (self, NULL, unlock_done_cb, NULL);
  g_task_set_task_data (task, data, (GDestroyNotify) unlock_data_free);
  g_task_run_in_thread (task, unlock_thread);
}

static void
passphrase_changed_cb (AmparoUnlockPage *self)
{
  update_state (self);
}

static void
unlock_activated_cb (AmparoUnlockPage *self)
{
  start_unlock (self);
}

static void
amparo_unlock_page_dispose (GObject *object)
{
  AmparoUnlockPage *self = AMPARO_UNLOCK_PAGE (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), AMPARO_TYPE_UNLOCK_PAGE);
  g_clear_pointer (&self->vault_dir, g_free);
  G_OBJECT_CLASS (amparo_unlock_page_parent_class)->dispose (object);
}

static void
amparo_unlock_page_class_init (AmparoUnlockPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = amparo_unlock_page_dispose;

  /**
   * AmparoUnlockPage::unlocked:
   * @vault: the unlocked vault
   */
  signals[UNLOCKED] =
    g_signal_new ("unlocked", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 1, AMPARO_TYPE_VAULT);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/amparo/Amparo/amparo-unlock-page.ui");
  gtk_widget_class_bind_template_child (widget_class, AmparoUnlockPage, account_row);
  gtk_widget_class_bind_template_child (widget_class, AmparoUnlockPage, accounts);
  gtk_widget_class_bind_template_child (widget_class, AmparoUnlockPage, passphrase_row);
  gtk_widget_class_bind_template_child (widget_class, AmparoUnlockPage, message_label);
  gtk_widget_class_bind_template_child (widget_class, AmparoUnlockPage, restore_button);
  gtk_widget_class_bind_template_child (widget_class, AmparoUnlockPage, unlock_button);
  gtk_widget_class_bind_template_child (widget_class, AmparoUnlockPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, AmparoUnlockPage, demo_box);
  gtk_widget_class_bind_template_child (widget_class, AmparoUnlockPage, demo_label);
  gtk_widget_class_bind_template_callback (widget_class, passphrase_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, unlock_activated_cb);
}

static void
amparo_unlock_page_init (AmparoUnlockPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  update_state (self);
}

void
amparo_unlock_page_set_vault_dir (AmparoUnlockPage *self,
                                  const char       *vault_dir)
{
  g_return_if_fail (AMPARO_IS_UNLOCK_PAGE (self));

  g_free (self->vault_dir);
  self->vault_dir = g_strdup (vault_dir);
  amparo_unlock_page_reload (self);
}

/**
 * amparo_unlock_page_set_demo_passphrase:
 *
 * Shows the demo vault's well-known passphrase. Only ever for the
 * throw-away demo vault.
 */
void
amparo_unlock_page_set_demo_passphrase (AmparoUnlockPage *self,
                                        const char       *passphrase)
{
  g_autofree char *text = NULL;

  g_return_if_fail (AMPARO_IS_UNLOCK_PAGE (self));

  gtk_widget_set_visible (self->demo_box, passphrase != NULL);
  if (passphrase == NULL)
    return;
  /* Translators: %s is the demo vault's passphrase, shown as is */
  text = g_strdup_printf (_("This is a demo with made-up cases. Every account’s passphrase is "
                            "“%s”."), passphrase);
  gtk_label_set_label (self->demo_label, text);
}

/**
 * amparo_unlock_page_reload:
 *
 * Reads the account list again and clears the passphrase and any message.
 */
void
amparo_unlock_page_reload (AmparoUnlockPage *self)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) names = NULL;
  guint n;

  g_return_if_fail (AMPARO_IS_UNLOCK_PAGE (self));

  gtk_editable_set_text (GTK_EDITABLE (self->passphrase_row), "");
  show_message (self, NULL, FALSE);
  n = g_list_model_get_n_items (G_LIST_MODEL (self->accounts));
  gtk_string_list_splice (self->accounts, 0, n, NULL);
  if (self->vault_dir == NULL)
    return;

  names = amparo_vault_list_accounts (self->vault_dir, &error);
  if (names == NULL)
    show_error (self, error);
  else
    gtk_string_list_splice (self->accounts, 0, 0, (const char *const *) names);
  update_state (self);
}

/* The same as choosing an account, typing and pressing Unlock; for tests
 * and the demo's screenshot mode. */
void
amparo_unlock_page_submit (AmparoUnlockPage *self,
                           const char       *account,
                           const char       *passphrase)
{
  guint n;

  g_return_if_fail (AMPARO_IS_UNLOCK_PAGE (self));

  n = g_list_model_get_n_items (G_LIST_MODEL (self->accounts));
  for (guint i = 0; account != NULL && i < n; i++)
    if (g_strcmp0 (gtk_string_list_get_string (self->accounts, i), account) == 0)
      adw_combo_row_set_selected (self->account_row, i);
  gtk_editable_set_text (GTK_EDITABLE (self->passphrase_row), passphrase);
  start_unlock (self);
}

gboolean
amparo_unlock_page_get_busy (AmparoUnlockPage *self)
{
  g_return_val_if_fail (AMPARO_IS_UNLOCK_PAGE (self), FALSE);
  return self->busy;
}

/**
 * amparo_unlock_page_get_message:
 *
 * Returns: (nullable): the message shown after a failed unlock
 */
const char *
amparo_unlock_page_get_message (AmparoUnlockPage *self)
{
  g_return_val_if_fail (AMPARO_IS_UNLOCK_PAGE (self), NULL);

  if (!gtk_widget_get_visible (GTK_WIDGET (self->message_label)))
    return NULL;
  return gtk_label_get_label (self->message_label);
}

gboolean
amparo_unlock_page_offers_restore (AmparoUnlockPage *self)
{
  g_return_val_if_fail (AMPARO_IS_UNLOCK_PAGE (self), FALSE);
  return gtk_widget_get_visible (GTK_WIDGET (self->restore_button));
}
