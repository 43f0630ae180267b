/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "AmparoProfileSection"

#include <glib/gi18n.h>

#include "amparo-case-section.h"
#include "amparo-code-checklist.h"
#include "amparo-code-row.h"
#include "amparo-codes.h"
#include "amparo-date-row.h"
#include "amparo-gui-util.h"
#include "amparo-profile-section.h"
#include "amparo-vault.h"

/* The coded profile: demographics, victimization, the person who caused
 * harm, children and risk. Every change is saved at once (choices and
 * boxes when changed, dates when applied) through
 * amparo_case_update_profile(), which logs only the names of the fields
 * that changed. */

struct _AmparoProfileSection
{
  AdwPreferencesPage   parent_instance;

  AmparoVault         *vault;
  AmparoCase          *kase;
  GPtrArray           *child_spins;     /* GtkSpinButton, data "code" */
  gboolean             refreshing;

  AmparoDateRow       *opened_row;
  GtkSwitch           *counted_switch;
  AmparoDateRow       *follow_up_row;
  AmparoCodeRow       *referral_source_row;
  AmparoCodeRow       *age_band_row;
  AmparoCodeRow       *gender_row;
  AmparoCodeRow       *language_row;
  AmparoCodeRow       *limited_english_row;
  AmparoCodeChecklist *victimization_list;
  AmparoCodeChecklist *race_list;
  AmparoCodeChecklist *special_list;
  AmparoCodeRow       *perp_relationship_row;
  AmparoCodeRow       *perp_sex_row;
  AmparoCodeRow       *perp_age_band_row;
  GtkSpinButton       *perp_count_spin;
  AdwPreferencesGroup *children_group;
  AmparoCodeRow       *risk_level_row;
  AmparoCodeChecklist *risk_list;
};

static void section_iface_init (AmparoCaseSectionInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (AmparoProfileSection, amparo_profile_section,
                               ADW_TYPE_PREFERENCES_PAGE,
                               G_IMPLEMENT_INTERFACE (AMPARO_TYPE_CASE_SECTION, section_iface_init))

static GStrv
children_from_spins (AmparoProfileSection *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; i < self->child_spins->len; i++)
    {
      GtkSpinButton *spin = g_ptr_array_index (self->child_spins, i);
      int n = gtk_spin_button_get_value_as_int (spin);

      for (int j = 0; j < n; j++)
        g_strv_builder_add (builder, g_object_get_data (G_OBJECT (spin), "code"));
    }
  return g_strv_builder_end (builder);
}

#define SET_CODE(field, row) \
  g_free (p->field); \
  p->field = g_strdup (amparo_code_row_get_code (self->row))
#define SET_CODES(field, list) \
  g_strfreev (p->field); \
  p->field = amparo_code_checklist_get_selected (self->list)

static void
profile_edited_cb (AmparoProfileSection *self)
{
  g_autoptr(AmparoCaseProfile) p = NULL;
  g_autoptr(GError) error = NULL;

  if (self->refreshing)
    return;
  if (!amparo_date_row_is_valid (self->opened_row)
      || !amparo_date_row_is_valid (self->follow_up_row))
    {
      amparo_gui_toast (GTK_WIDGET (self), _("Write dates as YYYY-MM-DD, for example 2026-03-31"));
      return;
    }

  p = amparo_case_profile_copy (amparo_case_get_profile (self->kase));
  g_free (p->opened);
  p->opened = amparo_date_row_get_date (self->opened_row);
  g_free (p->follow_up);
  p->follow_up = amparo_date_row_get_date (self->follow_up_row);
  p->counted = gtk_switch_get_active (self->counted_switch);
  SET_CODE (referral_source, referral_source_row);
  SET_CODE (age_band, age_band_row);
  SET_CODE (gender, gender_row);
  SET_CODE (language, language_row);
  SET_CODE (limited_english, limited_english_row);
  SET_CODE (perpetrator_relationship, perp_relationship_row);
  SET_CODE (perpetrator_sex, perp_sex_row);
  SET_CODE (perpetrator_age_band, perp_age_band_row);
  SET_CODE (risk_level, risk_level_row);
  SET_CODES (victimization, victimization_list);
  SET_CODES (race_ethnicity, race_list);
  SET_CODES (special_class, special_list);
  SET_CODES (risk_indicators, risk_list);
  p->perpetrator_count = gtk_spin_button_get_value_as_int (self->perp_count_spin);
  g_strfreev (p->children);
  p->children = children_from_spins (self);

  if (!amparo_case_update_profile (self->vault, amparo_case_get_id (self->kase), p, &error))
    {
      amparo_gui_error (GTK_WIDGET (self), error);
      amparo_case_section_refresh (AMPARO_CASE_SECTION (self), self->kase);
      return;
    }
  amparo_case_section_changed (AMPARO_CASE_SECTION (self));
}

#undef SET_CODE
#undef SET_CODES

static void
amparo_profile_section_refresh (AmparoCaseSection *section,
                                AmparoCase        *kase)
{
  AmparoProfileSection *self = AMPARO_PROFILE_SECTION (section);
  const AmparoCaseProfile *p = amparo_case_get_profile (kase);

  self->refreshing = TRUE;
  amparo_date_row_set_date (self->opened_row, p->opened);
  amparo_date_row_set_date (self->follow_up_row, p->follow_up);
  gtk_switch_set_active (self->counted_switch, p->counted);
  amparo_code_row_set_code (self->referral_source_row, p->referral_source);
  amparo_code_row_set_code (self->age_band_row, p->age_band);
  amparo_code_row_set_code (self->gender_row, p->gender);
  amparo_code_row_set_code (self->language_row, p->language);
  amparo_code_row_set_code (self->limited_english_row, p->limited_english);
  amparo_code_row_set_code (self->perp_relationship_row, p->perpetrator_relationship);
  amparo_code_row_set_code (self->perp_sex_row, p->perpetrator_sex);
  amparo_code_row_set_code (self->perp_age_band_row, p->perpetrator_age_band);
  amparo_code_row_set_code (self->risk_level_row, p->risk_level);
  amparo_code_checklist_set_selected (self->victimization_list,
                                      (const char *const *) p->victimization);
  amparo_code_checklist_set_selected (self->race_list, (const char *const *) p->race_ethnicity);
  amparo_code_checklist_set_selected (self->special_list, (const char *const *) p->special_class);
  amparo_code_checklist_set_selected (self->risk_list, (const char *const *) p->risk_indicators);
  gtk_spin_button_set_value (self->perp_count_spin, MAX (1, p->perpetrator_count));
  for (guint i = 0; i < self->child_spins->len; i++)
    {
      GtkSpinButton *spin = g_ptr_array_index (self->child_spins, i);
      const char *code = g_object_get_data (G_OBJECT (spin), "code");
      int n = 0;

      for (guint j = 0; p->children != NULL && p->children[j] != NULL; j++)
        n += g_str_equal (p->children[j], code);
      gtk_spin_button_set_value (spin, n);
    }
  self->refreshing = FALSE;
}

static void
section_iface_init (AmparoCaseSectionInterface *iface)
{
  iface->refresh = amparo_profile_section_refresh;
}

static void
build_children_rows (AmparoProfileSection *self)
{
  const AmparoCategory *cat = amparo_category_lookup ("child_age_band");

  for (const AmparoCode *c = cat->codes; c->code != NULL; c++)
    {
      GtkWidget *spin;
      /* Translators: a row counting accompanying children of one age band, e.g. "Aged 0–4" */
      g_autofree char *title = g_str_equal (c->code, "not_reported")
                                 ? g_strdup (_("Age not reported"))
                                 : g_strdup_printf (_("Aged %s"), _(c->label));
      GtkWidget *row = amparo_gui_spin_row (title, 0, 30, 1, &spin);

      g_object_set_data (G_OBJECT (spin), "code", (gpointer) c->code);
      g_signal_connect_swapped (spin, "value-changed", G_CALLBACK (profile_edited_cb), self);
      adw_preferences_group_add (self->children_group, row);
      g_ptr_array_add (self->child_spins, spin);
    }
}

static void
amparo_profile_section_dispose (GObject *object)
{
  AmparoProfileSection *self = AMPARO_PROFILE_SECTION (object);

  g_clear_object (&self->kase);
  g_clear_object (&self->vault);
  g_clear_pointer (&self->child_spins, g_ptr_array_unref);

  G_OBJECT_CLASS (amparo_profile_section_parent_class)->dispose (object);
}

static void
amparo_profile_section_class_init (AmparoProfileSectionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = amparo_profile_section_dispose;

  g_type_ensure (AMPARO_TYPE_CODE_ROW);
  g_type_ensure (AMPARO_TYPE_CODE_CHECKLIST);
  g_type_ensure (AMPARO_TYPE_DATE_ROW);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/amparo/Amparo/amparo-profile-section.ui");
  gtk_widget_class_bind_template_child (widget_class, AmparoProfileSection, opened_row);
  gtk_widget_class_bind_template_child (widget_class, AmparoProfileSection, counted_switch);
  gtk_widget_class_bind_template_child (widget_class, AmparoProfileSection, follow_up_row);
  gtk_widget_class_bind_template_child (widget_class, AmparoProfileSection, referral_source_row);
  gtk_widget_class_bind_template_child (widget_class, AmparoProfileSection, age_band_row);
  gtk_widget_class_bind_template_child (widget_class, AmparoProfileSection, gender_row);
  gtk_widget_class_bind_template_child (widget_class, AmparoProfileSection, language_row);
  gtk_widget_class_bind_template_child (widget_class, AmparoProfileSection, limited_english_row);
  gtk_widget_class_bind_template_child (widget_class, AmparoProfileSection, victimization_list);
  gtk_widget_class_bind_template_child (widget_class, AmparoProfileSection, race_list);
  gtk_widget_class_bind_template_child (widget_class, AmparoProfileSection, special_list);
  gtk_widget_class_bind_template_child (widget_class, AmparoProfileSection, perp_relationship_row);
  gtk_widget_class_bind_template_child (widget_class, AmparoProfileSection, perp_sex_row);
  gtk_widget_class_bind_template_child (widget_class, AmparoProfileSection, perp_age_band_row);
  gtk_widget_class_bind_template_child (widget_class, AmparoProfileSection, perp_count_spin);
  gtk_widget_class_bind_template_child (widget_class, AmparoProfileSection, children_group);
  gtk_widget_class_bind_template_child (widget_class, AmparoProfileSection, risk_level_row);
  gtk_widget_class_bind_template_child (widget_class, AmparoProfileSection, risk_list);
  gtk_widget_class_bind_template_callback (widget_class, profile_edited_cb);
}

static void
amparo_profile_section_init (AmparoProfileSection *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_widget_set_name (GTK_WIDGET (self), "profile-section");
  self->child_spins = g_ptr_array_new ();
  build_children_rows (self);
  amparo_gui_set_label (GTK_WIDGET (self->perp_count_spin), _("Number of people who caused harm"));
}

GtkWidget *
amparo_profile_section_new (AmparoVault *vault,
                            AmparoCase  *kase)
{
  AmparoProfileSection *self = g_object_new (AMPARO_TYPE_PROFILE_SECTION, NULL);

  self->vault = g_object_ref (vault);
  self->kase = g_object_ref (kase);
  amparo_case_section_refresh (AMPARO_CASE_SECTION (self), kase);
  return GTK_WIDGET (self);
}
