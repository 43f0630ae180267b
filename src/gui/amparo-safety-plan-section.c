/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "AmparoSafetyPlanSection"

#include <glib/gi18n.h>

#include "amparo-case-section.h"
#include "amparo-code-checklist.h"
#include "amparo-codes.h"
#include "amparo-gui-util.h"
#include "amparo-safety-plan-section.h"
#include "amparo-vault.h"

/* The safety plan: the checklist (coded store, every role) and the
 * written plan (identifying store). The written part is built only for
 * roles that may see the identifying store. */

struct _AmparoSafetyPlanSection
{
  AdwPreferencesPage   parent_instance;

  AmparoVault         *vault;
  AmparoCase          *kase;

  AmparoCodeChecklist *checklist;
  GtkTextView         *plan_view;       /* NULL for the reporting role */
};

static void section_iface_init (AmparoCaseSectionInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (AmparoSafetyPlanSection, amparo_safety_plan_section,
                               ADW_TYPE_PREFERENCES_PAGE,
                               G_IMPLEMENT_INTERFACE (AMPARO_TYPE_CASE_SECTION, section_iface_init))

static void
show_progress (AmparoSafetyPlanSection *self)
{
  const AmparoCaseProfile *p = amparo_case_get_profile (self->kase);
  guint total = amparo_category_n_codes ("safety_plan_item");
  guint done = p->safety_plan_done != NULL ? g_strv_length (p->safety_plan_done) : 0;
  g_autofree char *text = NULL;

  if (p->safety_plan_completed)
    text = g_strdup (_("Completed: every step is done"));
  else
    /* Translators: progress through the safety plan checklist, "4 of 10 steps done" */
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u of %u step done",
                                         "%u of %u steps done", total), done, total);
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (self->checklist), text);
}

static void
item_toggled_cb (AmparoSafetyPlanSection *self,
                 const char              *code,
                 gboolean                 active)
{
  g_autoptr(GError) error = NULL;

  if (self->kase == NULL)
    return;
  if (!amparo_case_set_safety_plan_item (self->vault, amparo_case_get_id (self->kase), code,
                                         active, &error))
    {
      amparo_gui_error (GTK_WIDGET (self), error);
      amparo_case_section_refresh (AMPARO_CASE_SECTION (self), self->kase);
      return;
    }
  amparo_case_section_changed (AMPARO_CASE_SECTION (self));
  show_progress (self);
}

static void
save_plan_clicked_cb (AmparoSafetyPlanSection *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->plan_view);
  GtkTextIter start, end;
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  if (!amparo_case_set_safety_plan_text (self->vault, amparo_case_get_id (self->kase), text,
                                         &error))
    {
      amparo_gui_error (GTK_WIDGET (self), error);
      return;
    }
  amparo_case_section_changed (AMPARO_CASE_SECTION (self));
  amparo_gui_toast (GTK_WIDGET (self), _("Safety plan saved"));
}

static void
build_written_plan (AmparoSafetyPlanSection *self)
{
  GtkWidget *group = adw_preferences_group_new ();
  GtkWidget *view = gtk_text_view_new ();
  GtkWidget *button = gtk_button_new_with_mnemonic (_("_Save Plan"));

  gtk_widget_set_name (group, "safety-plan-text");
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("Written plan"));
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group),
                                         _("Kept with her contact details, never in reports"));
  gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (view), GTK_WRAP_WORD_CHAR);
  gtk_text_view_set_top_margin (GTK_TEXT_VIEW (view), 12);
  gtk_text_view_set_bottom_margin (GTK_TEXT_VIEW (view), 12);
  gtk_text_view_set_left_margin (GTK_TEXT_VIEW (view), 12);
  gtk_text_view_set_right_margin (GTK_TEXT_VIEW (view), 12);
  gtk_widget_set_size_request (view, -1, 160);
  gtk_widget_add_css_class (view, "card");
  amparo_gui_set_label (view, _("Written plan"));
  gtk_widget_set_halign (button, GTK_ALIGN_END);
  gtk_widget_set_margin_top (button, 12);
  g_signal_connect_swapped (button, "clicked", G_CALLBACK (save_plan_clicked_cb), self);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), view);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), button);
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (self), ADW_PREFERENCES_GROUP (group));
  self->plan_view = GTK_TEXT_VIEW (view);
}

static void
amparo_safety_plan_section_refresh (AmparoCaseSection *section,
                                    AmparoCase        *kase)
{
  AmparoSafetyPlanSection *self = AMPARO_SAFETY_PLAN_SECTION (section);
  const AmparoCaseProfile *p = amparo_case_get_profile (kase);

  amparo_code_checklist_set_selected (self->checklist, (const char *const *) p->safety_plan_done);
  show_progress (self);
  if (self->plan_view != NULL)
    {
      GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->plan_view);
      const char *text = amparo_case_get_safety_plan_text (kase);
      GtkTextIter start, end;
      g_autofree char *shown = NULL;

      gtk_text_buffer_get_bounds (buffer, &start, &end);
      shown = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
      if (g_strcmp0 (shown, text != NULL ? text : "") != 0)
        gtk_text_buffer_set_text (buffer, text != NULL ? text : "", -1);
    }
}

static void
section_iface_init (AmparoCaseSectionInterface *iface)
{
  iface->refresh = amparo_safety_plan_section_refresh;
}

static void
amparo_safety_plan_section_dispose (GObject *object)
{
  AmparoSafetyPlanSection *self = AMPARO_SAFETY_PLAN_SECTION (object);

  g_clear_object (&self->kase);
  g_clear_object (&self->vault);

  G_OBJECT_CLASS (amparo_safety_plan_section_parent_class)->dispose (object);
}

static void
amparo_safety_plan_section_class_init (AmparoSafetyPlanSectionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = amparo_safety_plan_section_dispose;

  g_type_ensure (AMPARO_TYPE_CODE_CHECKLIST);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/amparo/Amparo/amparo-safety-plan-section.ui");
  gtk_widget_class_bind_template_child (widget_class, AmparoSafetyPlanSection, checklist);
  gtk_widget_class_bind_template_callback (widget_class, item_toggled_cb);
}

static void
amparo_safety_plan_section_init (AmparoSafetyPlanSection *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_widget_set_name (GTK_WIDGET (self), "safety-plan-section");
}

GtkWidget *
amparo_safety_plan_section_new (AmparoVault *vault,
                                AmparoCase  *kase)
{
  AmparoSafetyPlanSection *self = g_object_new (AMPARO_TYPE_SAFETY_PLAN_SECTION, NULL);

  self->vault = g_object_ref (vault);
  self->kase = g_object_ref (kase);
  if (amparo_case_get_contact (kase) != NULL)
    build_written_plan (self);
  amparo_case_section_refresh (AMPARO_CASE_SECTION (self), kase);
  return GTK_WIDGET (self);
}
