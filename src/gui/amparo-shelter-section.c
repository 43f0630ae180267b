/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "AmparoShelterSection"

#include <glib/gi18n.h>

#include "amparo-case-section.h"
#include "amparo-cases.h"
#include "amparo-date-row.h"
#include "amparo-gui-util.h"
#include "amparo-shelter-section.h"
#include "amparo-vault.h"

/* Shelter stays with their nights (amparo_shelter_nights(): same-day in
 * and out is one night; a stay still open counts to today), a form to
 * record a stay, and a dialog to record when an open stay ended. */

struct _AmparoShelterSection
{
  AdwPreferencesPage   parent_instance;

  AmparoVault         *vault;
  AmparoCase          *kase;

  AdwPreferencesGroup *stays_group;
  GtkListBox          *stays_list;
  AmparoDateRow       *entered_row;
  AmparoDateRow       *exited_row;
  GtkSpinButton       *children_spin;
};

static void section_iface_init (AmparoCaseSectionInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (AmparoShelterSection, amparo_shelter_section,
                               ADW_TYPE_PREFERENCES_PAGE,
                               G_IMPLEMENT_INTERFACE (AMPARO_TYPE_CASE_SECTION, section_iface_init))

static char *
nights_text (int nights)
{
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d night", "%d nights", nights), nights);
}

static GtkWidget *
stay_row (const AmparoShelterStay *s,
          const char              *today)
{
  GtkWidget *row = adw_action_row_new ();
  int nights = amparo_shelter_nights (s->entered, s->exited, today);
  g_autofree char *title = nights_text (nights);
  g_autofree char *entered = amparo_gui_format_date (s->entered);
  g_autofree char *exited = amparo_gui_format_date (s->exited);
  g_autofree char *children = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d child",
                                                            "%d children", s->children),
                                               s->children);
  g_autofree char *subtitle = NULL;

  if (s->exited != NULL)
    /* Translators: arrival date, leaving date, children:
     * "Arrived 03/01/26 · left 03/04/26 · 2 children" */
    subtitle = g_strdup_printf (_("Arrived %s · left %s · %s"), entered, exited, children);
  else
    subtitle = g_strdup_printf (_("Arrived %s · still in shelter · %s"), entered, children);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);

  if (s->exited == NULL)
    {
      GtkWidget *button = gtk_button_new_with_mnemonic (_("Record _Exit…"));

      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "shelter.record-exit");
      gtk_actionable_set_action_target_value (GTK_ACTIONABLE (button), g_variant_new_int64 (s->id));
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
    }
  return row;
}

static void
amparo_shelter_section_refresh (AmparoCaseSection *section,
                                AmparoCase        *kase)
{
  AmparoShelterSection *self = AMPARO_SHELTER_SECTION (section);
  GPtrArray *stays = amparo_case_get_shelter_stays (kase);
  g_autofree char *today = amparo_date_today ();
  g_autofree char *total = NULL;
  g_autofree char *nights_all = NULL;
  int nights = 0;

  amparo_gui_list_box_clear (self->stays_list);
  for (guint i = 0; i < stays->len; i++)
    {
      const AmparoShelterStay *s = g_ptr_array_index (stays, i);

      gtk_list_box_append (self->stays_list, stay_row (s, today));
      nights += amparo_shelter_nights (s->entered, s->exited, today);
    }
  if (stays->len == 0)
    gtk_list_box_append (self->stays_list, amparo_gui_empty_row (_("No shelter stays recorded")));
  nights_all = nights_text (nights);
  /* Translators: total shelter nights for this case, e.g. "12 nights in all" */
  total = stays->len > 0 ? g_strdup_printf (_("%s in all"), nights_all) : NULL;
  adw_preferences_group_set_description (self->stays_group, total);
}

static void
section_iface_init (AmparoCaseSectionInterface *iface)
{
  iface->refresh = amparo_shelter_section_refresh;
}

static void
changed_and_refresh (AmparoShelterSection *self)
{
  amparo_case_section_changed (AMPARO_CASE_SECTION (self));
  amparo_case_section_refresh (AMPARO_CASE_SECTION (self), self->kase);
}

static void
add_action_cb (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  AmparoShelterSection *self = AMPARO_SHELTER_SECTION (widget);
  g_autoptr(GError) error = NULL;
  g_autofree char *entered = amparo_date_row_get_date (self->entered_row);
  g_autofree char *exited = amparo_date_row_get_date (self->exited_row);

  if (entered == NULL || !amparo_date_row_is_valid (self->exited_row))
    {
      amparo_gui_toast (widget, _("Write dates as YYYY-MM-DD, for example 2026-03-31"));
      return;
    }
  if (amparo_case_add_shelter_stay (self->vault, amparo_case_get_id (self->kase), entered, exited,
                                    gtk_spin_button_get_value_as_int (self->children_spin),
                                    &error) == 0)
    {
      amparo_gui_error (widget, error);
      return;
    }
  amparo_date_row_set_date (self->exited_row, NULL);
  changed_and_refresh (self);
}

static void
exit_response_cb (AdwMessageDialog     *dialog,
                  const char           *response,
                  AmparoShelterSection *self)
{
  AmparoDateRow *row = g_object_get_data (G_OBJECT (dialog), "date-row");
  gint64 stay_id = *(gint64 *) g_object_get_data (G_OBJECT (dialog), "stay-id");
  g_autofree char *date = NULL;
  g_autoptr(GError) error = NULL;

  if (!g_str_equal (response, "record"))
    return;
  date = amparo_date_row_get_date (row);
  if (date == NULL)
    {
      amparo_gui_toast (GTK_WIDGET (self),
                        _("Write the date as YYYY-MM-DD, for example 2026-03-31"));
      return;
    }
  if (!amparo_case_set_shelter_exit (self->vault, amparo_case_get_id (self->kase), stay_id, date,
                                     &error))
    {
      amparo_gui_error (GTK_WIDGET (self), error);
      return;
    }
  changed_and_refresh (self);
}

static void
record_exit_action_cb (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  AmparoShelterSection *self = AMPARO_SHELTER_SECTION (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  g_autofree char *today = amparo_date_today ();
  GtkWidget *dialog, *list, *row;
  gint64 stay_id;

  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                   _("When Did She Leave?"), NULL);
  list = gtk_list_box_new ();
  gtk_widget_add_css_class (list, "boxed-list");
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  row = amparo_date_row_new (_("Left (YYYY-MM-DD)"));
  amparo_date_row_set_date (AMPARO_DATE_ROW (row), today);
  gtk_list_box_append (GTK_LIST_BOX (list), row);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), list);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "record", _("_Record Exit"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "record",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "record");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data (G_OBJECT (dialog), "date-row", row);
  stay_id = g_variant_get_int64 (parameter);
  g_object_set_data_full (G_OBJECT (dialog), "stay-id", g_memdup2 (&stay_id, sizeof stay_id),
                          g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (exit_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
amparo_shelter_section_dispose (GObject *object)
{
  AmparoShelterSection *self = AMPARO_SHELTER_SECTION (object);

  g_clear_object (&self->kase);
  g_clear_object (&self->vault);

  G_OBJECT_CLASS (amparo_shelter_section_parent_class)->dispose (object);
}

static void
amparo_shelter_section_class_init (AmparoShelterSectionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = amparo_shelter_section_dispose;

  g_type_ensure (AMPARO_TYPE_DATE_ROW);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/amparo/Amparo/amparo-shelter-section.ui");
  gtk_widget_class_bind_template_child (widget_class, AmparoShelterSection, stays_group);
  gtk_widget_class_bind_template_child (widget_class, AmparoShelterSection, stays_list);
  gtk_widget_class_bind_template_child (widget_class, AmparoShelterSection, entered_row);
  gtk_widget_class_bind_template_child (widget_class, AmparoShelterSection, exited_row);
  gtk_widget_class_bind_template_child (widget_class, AmparoShelterSection, children_spin);

  gtk_widget_class_install_action (widget_class, "shelter.add", NULL, add_action_cb);
  gtk_widget_class_install_action (widget_class, "shelter.record-exit", "x",
                                   record_exit_action_cb);
}

static void
amparo_shelter_section_init (AmparoShelterSection *self)
{
  g_autofree char *today = amparo_date_today ();

  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_widget_set_name (GTK_WIDGET (self), "shelter-section");
  amparo_date_row_set_date (self->entered_row, today);
  amparo_gui_set_label (GTK_WIDGET (self->children_spin), _("Children with her"));
}

GtkWidget *
amparo_shelter_section_new (AmparoVault *vault,
                            AmparoCase  *kase)
{
  AmparoShelterSection *self = g_object_new (AMPARO_TYPE_SHELTER_SECTION, NULL);

  self->vault = g_object_ref (vault);
  self->kase = g_object_ref (kase);
  amparo_case_section_refresh (AMPARO_CASE_SECTION (self), kase);
  return GTK_WIDGET (self);
}
