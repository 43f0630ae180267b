/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "AmparoFirstRunPage"

#include <sodium.h>
#include <glib/gi18n.h>

#include "amparo-first-run-page.h"
#include "amparo-passphrase-meter.h"
#include "amparo-vault.h"

/* Makes a new vault: agency name, the first supervisor and a passphrase.
 * Creating runs Argon2id, so it happens in a worker thread. */

struct _AmparoFirstRunPage
{
  AdwBin                 parent_instance;

  AdwEntryRow           *agency_row;
  GtkSwitch             *coordinator_switch;
  AdwEntryRow           *user_row;
  AdwPasswordEntryRow   *passphrase_row;
  AdwPasswordEntryRow   *confirm_row;
  AmparoPassphraseMeter *meter;
  GtkLabel              *message_label;
  GtkButton             *create_button;
  GtkSpinner            *spinner;

  char                  *vault_dir;
  gboolean               busy;
};

G_DEFINE_FINAL_TYPE (AmparoFirstRunPage, amparo_first_run_page, ADW_TYPE_BIN)

enum {
  VAULT_CREATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

typedef struct
{
  char            *dir;
  char            *agency;
  char            *user;
  char            *passphrase;
  AmparoVaultKind  kind;
} CreateData;

static void
create_data_free (CreateData *data)
{
  g_free (data->dir);
  g_free (data->agency);
  g_free (data->user);
  if (data->passphrase != NULL)
    sodium_memzero (data->passphrase, strlen (data->passphrase));
  g_free (data->passphrase);
  g_free (data);
}

static char *
row_text (gpointer row)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));
}

static void
update_state (AmparoFirstRunPage *self)
{
  g_autofree char *agency = row_text (self->agency_row);
  g_autofree char *user = row_text (self->user_row);
  const char *pass = gtk_editable_get_text (GTK_EDITABLE (self->passphrase_row));
  const char *confirm = gtk_editable_get_text (GTK_EDITABLE (self->confirm_row));
  const char *words[] = { agency, user, "amparo", NULL };
  gboolean match = g_strcmp0 (pass, confirm) == 0;

  amparo_passphrase_meter_set_user_words (self->meter, words);
  amparo_passphrase_meter_set_passphrase (self->meter, pass);

  if (*confirm != '\0' && !match)
    {
      gtk_label_set_label (self->message_label, _("The two passphrases are not the same."));
      gtk_widget_set_visible (GTK_WIDGET (self->message_label), TRUE);
    }
  else
    gtk_widget_set_visible (GTK_WIDGET (self->message_label), FALSE);

  gtk_widget_set_sensitive (GTK_WIDGET (self->create_button),
                            !self->busy && *agency != '\0' && *user != '\0' && match
                            && amparo_passphrase_meter_get_acceptable (self->meter));
}

static void
set_busy (AmparoFirstRunPage *self,
          gboolean            busy)
{
  self->busy = busy;
  gtk_spinner_set_spinning (self->spinner, busy);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->agency_row), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->user_row), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->passphrase_row), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->confirm_row), !busy);
  update_state (self);
}

static void
create_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  CreateData *data = task_data;
  GError *error = NULL;
  AmparoVault *vault = amparo_vault_create (data->dir, data->kind, data->agency, data->user,
                                            data->passphrase, &error);

  if (vault == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, vault, g_object_unref);
}

static void
create_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  AmparoFirstRunPage *self = AMPARO_FIRST_RUN_PAGE (source);
  g_autoptr(GError) error = NULL;
  g_autoptr(AmparoVault) vault = g_task_propagate_pointer (G_TASK (result), &error);

  set_busy (self, FALSE);
  if (vault == NULL)
    {
      gtk_label_set_label (self->message_label, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->message_label), TRUE);
      return;
    }
  gtk_editable_set_text (GTK_EDITABLE (self->passphrase_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->confirm_row), "");
  g_signal_emit (self, signals[VAULT_CREATED], 0, vault);
}

static void
entry_changed_cb (AmparoFirstRunPage *self)
{
  update_state (self);
}

static void
create_clicked_cb (AmparoFirstRunPage *self)
{
  amparo_first_run_page_create (self);
}

static void
amparo_first_run_page_dispose (GObject *object)
{
  AmparoFirstRunPage *self = AMPARO_FIRST_RUN_PAGE (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), AMPARO_TYPE_FIRST_RUN_PAGE);
  g_clear_pointer (&self->vault_dir, g_free);
  G_OBJECT_CLASS (amparo_first_run_page_parent_class)->dispose (object);
}

static void
amparo_first_run_page_class_init (AmparoFirstRunPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = amparo_first_run_page_dispose;

  /**
   * AmparoFirstRunPage::vault-created:
   * @vault: the new vault, unlocked for its first supervisor
   */
  signals[VAULT_CREATED] =
    g_signal_new ("vault-created", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 1, AMPARO_TYPE_VAULT);

  g_type_ensure (AMPARO_TYPE_PASSPHRASE_METER);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/amparo/Amparo/amparo-first-run-page.ui");
  gtk_widget_class_bind_template_child (widget_class, AmparoFirstRunPage, agency_row);
  gtk_widget_class_bind_template_child (widget_class, AmparoFirstRunPage, coordinator_switch);
  gtk_widget_class_bind_template_child (widget_class, AmparoFirstRunPage, user_row);
  gtk_widget_class_bind_template_child (widget_class, AmparoFirstRunPage, passphrase_row);
  gtk_widget_class_bind_template_child (widget_class, AmparoFirstRunPage, confirm_row);
  gtk_widget_class_bind_template_child (widget_class, AmparoFirstRunPage, meter);
  gtk_widget_class_bind_template_child (widget_class, AmparoFirstRunPage, message_label);
  gtk_widget_class_bind_template_child (widget_class, AmparoFirstRunPage, create_button);
  gtk_widget_class_bind_template_child (widget_class, AmparoFirstRunPage, spinner);
  gtk_widget_class_bind_template_callback (widget_class, entry_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, create_clicked_cb);
}

static void
amparo_first_run_page_init (AmparoFirstRunPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  update_state (self);
}

void
amparo_first_run_page_set_vault_dir (AmparoFirstRunPage *self,
                                     const char         *vault_dir)
{
  g_return_if_fail (AMPARO_IS_FIRST_RUN_PAGE (self));

  g_free (self->vault_dir);
  self->vault_dir = g_strdup (vault_dir);
}

/* For tests and the screenshot script: the same as typing. */
void
amparo_first_run_page_fill (AmparoFirstRunPage *self,
                            const char         *agency,
                            const char         *user,
                            const char         *passphrase,
                            gboolean            coordinator)
{
  g_return_if_fail (AMPARO_IS_FIRST_RUN_PAGE (self));

  gtk_editable_set_text (GTK_EDITABLE (self->agency_row), agency);
  gtk_editable_set_text (GTK_EDITABLE (self->user_row), user);
  gtk_editable_set_text (GTK_EDITABLE (self->passphrase_row), passphrase);
  gtk_editable_set_text (GTK_EDITABLE (self->confirm_row), passphrase);
  gtk_switch_set_active (self->coordinator_switch, coordinator);
}

void
amparo_first_run_page_create (AmparoFirstRunPage *self)
{
  g_autoptr(GTask) task = NULL;
  CreateData *data;

  g_return_if_fail (AMPARO_IS_FIRST_RUN_PAGE (self));

  update_state (self);
  if (self->busy || self->vault_dir == NULL
      || !gtk_widget_get_sensitive (GTK_WIDGET (self->create_button)))
    return;

  data = g_new0 (CreateData, 1);
  data->dir = g_strdup (self->vault_dir);
  data->agency = row_text (self->agency_row);
  data->user = row_text (self->user_row);
  data->passphrase = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->passphrase_row)));
  data->kind = gtk_switch_get_active (self->coordinator_switch) ? AMPARO_VAULT_KIND_COORDINATOR
                                                                : AMPARO_VAULT_KIND_AGENCY;
  set_busy (self, TRUE);
  task = g_task_new (self, NULL, create_done_cb, NULL);
  g_task_set_task_data (task, data, (GDestroyNotify) create_data_free);
  g_task_run_in_thread (task, create_thread);
}
