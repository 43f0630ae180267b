/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "AmparoPreferencesWindow"

#include <glib/gi18n.h>

#include "amparo-preferences-window.h"

/* Per-computer settings live in GSettings. Two of them also belong to the
 * vault (the default release length and the suppression threshold k):
 * everyone who opens the vault must get the same, so a supervisor's change
 * is written to the vault's settings too, and unlocking copies the vault's
 * values back into GSettings. */

struct _AmparoPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  GtkSpinButton        *idle_spin;
  GtkSpinButton        *backup_spin;
  AdwComboRow          *language_row;
  AdwPreferencesGroup  *vault_group;
  GtkSpinButton        *release_spin;
  GtkSpinButton        *k_spin;

  GSettings            *settings;
  AmparoVault          *vault;
};

G_DEFINE_FINAL_TYPE (AmparoPreferencesWindow, amparo_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

static const char *const languages[] = { "system", "en", "es" };

static const struct {
  const char *gsettings_key;
  const char *vault_key;
} vault_keys[] = {
  { "release-days", "release_days" },
  { "suppression-k", "k" },
};

static gboolean
language_get_mapping (GValue   *value,
                      GVariant *variant,
                      gpointer  user_data)
{
  const char *lang = g_variant_get_string (variant, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (languages); i++)
    if (g_str_equal (lang, languages[i]))
      {
        g_value_set_uint (value, i);
        return TRUE;
      }
  g_value_set_uint (value, 0);
  return TRUE;
}

static GVariant *
language_set_mapping (const GValue       *value,
                      const GVariantType *expected_type,
                      gpointer            user_data)
{
  guint i = g_value_get_uint (value);

  return g_variant_new_string (languages[i < G_N_ELEMENTS (languages) ? i : 0]);
}

static gboolean
may_change_vault (AmparoVault *vault)
{
  return vault != NULL && !amparo_vault_is_locked (vault)
         && amparo_vault_get_role (vault) == AMPARO_ROLE_SUPERVISOR;
}

static void
settings_changed_cb (GSettings               *settings,
                     const char              *key,
                     AmparoPreferencesWindow *self)
{
  if (!may_change_vault (self->vault))
    return;
  for (guint i = 0; i < G_N_ELEMENTS (vault_keys); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *value = NULL;
      g_autofree char *stored = NULL;

      if (!g_str_equal (key, vault_keys[i].gsettings_key))
        continue;
      value = g_strdup_printf ("%d", g_settings_get_int (settings, key));
      stored = amparo_vault_get_setting (self->vault, vault_keys[i].vault_key);
      if (g_strcmp0 (stored, value) != 0
          && !amparo_vault_set_setting (self->vault, vault_keys[i].vault_key, value, &error))
        adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self),
                                          adw_toast_new (error->message));
    }
}

static void
vault_locked_cb (AmparoPreferencesWindow *self)
{
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
amparo_preferences_window_dispose (GObject *object)
{
  AmparoPreferencesWindow *self = AMPARO_PREFERENCES_WINDOW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), AMPARO_TYPE_PREFERENCES_WINDOW);
  if (self->vault != NULL)
    g_signal_handlers_disconnect_by_data (self->vault, self);
  g_clear_object (&self->vault);
  if (self->settings != NULL)
    g_signal_handlers_disconnect_by_data (self->settings, self);
  g_clear_object (&self->settings);
  G_OBJECT_CLASS (amparo_preferences_window_parent_class)->dispose (object);
}

static void
amparo_preferences_window_class_init (AmparoPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = amparo_preferences_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/amparo/Amparo/amparo-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, AmparoPreferencesWindow, idle_spin);
  gtk_widget_class_bind_template_child (widget_class, AmparoPreferencesWindow, backup_spin);
  gtk_widget_class_bind_template_child (widget_class, AmparoPreferencesWindow, language_row);
  gtk_widget_class_bind_template_child (widget_class, AmparoPreferencesWindow, vault_group);
  gtk_widget_class_bind_template_child (widget_class, AmparoPreferencesWindow, release_spin);
  gtk_widget_class_bind_template_child (widget_class, AmparoPreferencesWindow, k_spin);
}

static void
amparo_preferences_window_init (AmparoPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = g_settings_new (APP_ID);
  g_settings_bind (self->settings, "idle-lock-minutes", self->idle_spin, "value",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "backup-reminder-days", self->backup_spin, "value",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "release-days", self->release_spin, "value",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "suppression-k", self->k_spin, "value",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind_with_mapping (self->settings, "language", self->language_row, "selected",
                                G_SETTINGS_BIND_DEFAULT, language_get_mapping,
                                language_set_mapping, NULL, NULL);
  g_signal_connect (self->settings, "changed", G_CALLBACK (settings_changed_cb), self);
}

/**
 * amparo_preferences_window_new:
 * @vault: (nullable): the unlocked vault, if any
 *
 * Returns: (transfer none): a new preferences window. It closes itself
 *   when @vault is locked.
 */
GtkWidget *
amparo_preferences_window_new (GtkWindow   *parent,
                               AmparoVault *vault)
{
  AmparoPreferencesWindow *self = g_object_new (AMPARO_TYPE_PREFERENCES_WINDOW,
                                                "transient-for", parent,
                                                "modal", TRUE,
                                                NULL);
  gboolean supervisor = may_change_vault (vault);

  if (vault != NULL)
    {
      self->vault = g_object_ref (vault);
      g_signal_connect_swapped (vault, "notify::locked", G_CALLBACK (vault_locked_cb), self);
    }
  gtk_widget_set_sensitive (GTK_WIDGET (self->release_spin), supervisor);
  gtk_widget_set_sensitive (GTK_WIDGET (self->k_spin), supervisor);
  if (vault != NULL && !supervisor)
    adw_preferences_group_set_description (self->vault_group,
                                           _("Shared by everyone who uses this vault. Only a "
                                             "supervisor can change them."));
  else if (vault == NULL)
    adw_preferences_group_set_description (self->vault_group,
                                           _("Shared by everyone who uses the vault. Unlock it "
                                             "as a supervisor to change them."));
  return GTK_WIDGET (self);
}

/**
 * amparo_preferences_sync_from_vault:
 *
 * Copies the vault-wide values into @settings, so what Preferences shows
 * is what the vault uses.
 */
void
amparo_preferences_sync_from_vault (GSettings   *settings,
                                    AmparoVault *vault)
{
  g_autoptr(GSettingsSchema) schema = NULL;

  g_return_if_fail (G_IS_SETTINGS (settings));
  g_return_if_fail (AMPARO_IS_VAULT (vault));

  g_object_get (settings, "settings-schema", &schema, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (vault_keys); i++)
    {
      g_autoptr(GSettingsSchemaKey) key = g_settings_schema_get_key (schema, vault_keys[i].gsettings_key);
      g_autoptr(GVariant) value = NULL;
      gint64 stored = amparo_vault_get_setting_int (vault, vault_keys[i].vault_key, -1);

      if (stored < G_MININT32 || stored > G_MAXINT32)
        continue;
      value = g_variant_ref_sink (g_variant_new_int32 ((gint32) stored));
      if (g_settings_schema_key_range_check (key, value))
        g_settings_set_int (settings, vault_keys[i].gsettings_key, (int) stored);
    }
}
