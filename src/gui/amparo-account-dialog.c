/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "AmparoAccountDialog"

#include <glib/gi18n.h>

#include "amparo-account-dialog.h"
#include "amparo-passphrase-meter.h"

/* Adding a staff account, or giving one a new role and passphrase (a role
 * change needs a new passphrase: each role's keys are wrapped under the
 * account's own passphrase). */

struct _AmparoAccountDialog
{
  AdwMessageDialog       parent_instance;

  AdwEntryRow           *name_row;
  AdwComboRow           *role_row;
  AdwPasswordEntryRow   *passphrase_row;
  AdwPasswordEntryRow   *confirm_row;
  AmparoPassphraseMeter *meter;
  GtkLabel              *message_label;
};

G_DEFINE_FINAL_TYPE (AmparoAccountDialog, amparo_account_dialog, ADW_TYPE_MESSAGE_DIALOG)

static void
update_state (AmparoAccountDialog *self)
{
  g_autofree char *name = amparo_account_dialog_dup_name (self);
  const char *pass = gtk_editable_get_text (GTK_EDITABLE (self->passphrase_row));
  const char *confirm = gtk_editable_get_text (GTK_EDITABLE (self->confirm_row));
  const char *words[] = { name, "amparo", NULL };
  gboolean match = g_strcmp0 (pass, confirm) == 0;

  amparo_passphrase_meter_set_user_words (self->meter, words);
  amparo_passphrase_meter_set_passphrase (self->meter, pass);
  gtk_widget_set_visible (GTK_WIDGET (self->message_label), *confirm != '\0' && !match);
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (self), "save",
                                           *name != '\0' && match
                                           && amparo_passphrase_meter_get_acceptable (self->meter));
}

static void
entry_changed_cb (AmparoAccountDialog *self)
{
  update_state (self);
}

static void
amparo_account_dialog_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), AMPARO_TYPE_ACCOUNT_DIALOG);
  G_OBJECT_CLASS (amparo_account_dialog_parent_class)->dispose (object);
}

static void
amparo_account_dialog_class_init (AmparoAccountDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = amparo_account_dialog_dispose;

  g_type_ensure (AMPARO_TYPE_PASSPHRASE_METER);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/amparo/Amparo/amparo-account-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, AmparoAccountDialog, name_row);
  gtk_widget_class_bind_template_child (widget_class, AmparoAccountDialog, role_row);
  gtk_widget_class_bind_template_child (widget_class, AmparoAccountDialog, passphrase_row);
  gtk_widget_class_bind_template_child (widget_class, AmparoAccountDialog, confirm_row);
  gtk_widget_class_bind_template_child (widget_class, AmparoAccountDialog, meter);
  gtk_widget_class_bind_template_child (widget_class, AmparoAccountDialog, message_label);
  gtk_widget_class_bind_template_callback (widget_class, entry_changed_cb);
}

static void
amparo_account_dialog_init (AmparoAccountDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * amparo_account_dialog_new:
 * @name: (nullable): the account to change, or %NULL to add one
 * @role: the role shown at first
 *
 * Returns: (transfer none): a new dialog; it answers "save" or "cancel"
 */
GtkWidget *
amparo_account_dialog_new (GtkWindow  *parent,
                           const char *name,
                           AmparoRole  role)
{
  AmparoAccountDialog *self = g_object_new (AMPARO_TYPE_ACCOUNT_DIALOG,
                                            "transient-for", parent,
                                            "modal", TRUE,
                                            NULL);

  if (name != NULL)
    {
      g_autofree char *body = NULL;

      adw_message_dialog_set_heading (ADW_MESSAGE_DIALOG (self), _("Change Account"));
      /* Translators: %s is a staff member's account name */
      body = g_strdup_printf (_("Give “%s” a role and a new passphrase. Tell them the new "
                                "passphrase in person."), name);
      adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (self), body);
      adw_message_dialog_set_response_label (ADW_MESSAGE_DIALOG (self), "save", _("_Change"));
      gtk_editable_set_text (GTK_EDITABLE (self->name_row), name);
      gtk_widget_set_sensitive (GTK_WIDGET (self->name_row), FALSE);
    }
  else
    {
      adw_message_dialog_set_heading (ADW_MESSAGE_DIALOG (self), _("Add Account"));
      adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (self),
                                   _("Each person gets their own account. Choose the passphrase "
                                     "together, or tell it to them in person."));
      adw_message_dialog_set_response_label (ADW_MESSAGE_DIALOG (self), "save", _("_Add"));
    }
  adw_combo_row_set_selected (self->role_row, role);
  update_state (self);
  return GTK_WIDGET (self);
}

char *
amparo_account_dialog_dup_name (AmparoAccountDialog *self)
{
  g_return_val_if_fail (AMPARO_IS_ACCOUNT_DIALOG (self), NULL);
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->name_row))));
}

AmparoRole
amparo_account_dialog_get_role (AmparoAccountDialog *self)
{
  g_return_val_if_fail (AMPARO_IS_ACCOUNT_DIALOG (self), AMPARO_ROLE_REPORTING);

  switch (adw_combo_row_get_selected (self->role_row))
    {
    case 0:
      return AMPARO_ROLE_ADVOCATE;
    case 1:
      return AMPARO_ROLE_SUPERVISOR;
    default:
      return AMPARO_ROLE_REPORTING;
    }
}

const char *
amparo_account_dialog_get_passphrase (AmparoAccountDialog *self)
{
  g_return_val_if_fail (AMPARO_IS_ACCOUNT_DIALOG (self), NULL);
  return gtk_editable_get_text (GTK_EDITABLE (self->passphrase_row));
}
