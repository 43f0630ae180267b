/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "AmparoServicesSection"

#include <glib/gi18n.h>

#include "amparo-case-section.h"
#include "amparo-cases.h"
#include "amparo-code-row.h"
#include "amparo-codes.h"
#include "amparo-date-row.h"
#include "amparo-gui-util.h"
#include "amparo-services-section.h"
#include "amparo-vault.h"

/* The service log: a form to record a service by VOCA category and type
 * (the type list follows the category), and the services given, newest
 * first. Coded data only, so every role sees it. */

struct _AmparoServicesSection
{
  AdwPreferencesPage   parent_instance;

  AmparoVault         *vault;
  AmparoCase          *kase;

  AmparoCodeRow       *category_row;
  AmparoCodeRow       *type_row;
  AmparoDateRow       *date_row;
  GtkSpinButton       *minutes_spin;
  AdwPreferencesGroup *list_group;
  GtkListBox          *list;
};

static void section_iface_init (AmparoCaseSectionInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (AmparoServicesSection, amparo_services_section,
                               ADW_TYPE_PREFERENCES_PAGE,
                               G_IMPLEMENT_INTERFACE (AMPARO_TYPE_CASE_SECTION, section_iface_init))

/* Only the types of the chosen VOCA category are offered. */
static void
category_changed_cb (AmparoServicesSection *self)
{
  const char *category = amparo_code_row_get_code (self->category_row);
  const AmparoCategory *types = amparo_category_lookup ("service_type");
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) codes = NULL;

  for (const AmparoCode *c = types->codes; c->code != NULL; c++)
    if (g_strcmp0 (amparo_service_type_category (c->code), category) == 0)
      g_strv_builder_add (builder, c->code);
  codes = g_strv_builder_end (builder);
  amparo_code_row_set_codes (self->type_row, (const char *const *) codes);
}

static GtkWidget *
service_row (const AmparoService *s)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *date = amparo_gui_format_date (s->date);
  g_autofree char *minutes = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d minute",
                                                           "%d minutes", s->minutes),
                                              s->minutes);
  g_autofree char *subtitle = NULL;

  /* Translators: date · service category · duration · staff account */
  subtitle = g_strdup_printf (_("%s · %s · %s · %s"), date,
                              amparo_code_label ("voca", s->category), minutes,
                              s->staff != NULL ? s->staff : "");
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                 amparo_code_label ("service_type", s->type));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  return row;
}

static void
amparo_services_section_refresh (AmparoCaseSection *section,
                                 AmparoCase        *kase)
{
  AmparoServicesSection *self = AMPARO_SERVICES_SECTION (section);
  GPtrArray *services = amparo_case_get_services (kase);
  g_autofree char *summary = NULL;
  g_autofree char *count = NULL;
  int minutes = 0;

  amparo_gui_list_box_clear (self->list);
  for (guint i = 0; i < services->len; i++)
    {
      const AmparoService *s = g_ptr_array_index (services, i);

      gtk_list_box_append (self->list, service_row (s));
      minutes += s->minutes;
    }
  if (services->len == 0)
    gtk_list_box_append (self->list, amparo_gui_empty_row (_("No services recorded yet")));

  count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u service", "%u services",
                                        services->len), services->len);
  /* Translators: a count of services and their total time: "3 services, 2 h 15 min in all" */
  summary = g_strdup_printf (_("%s, %d h %02d min in all"), count, minutes / 60, minutes % 60);
  adw_preferences_group_set_description (self->list_group, summary);
}

static void
section_iface_init (AmparoCaseSectionInterface *iface)
{
  iface->refresh = amparo_services_section_refresh;
}

static void
add_action_cb (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  AmparoServicesSection *self = AMPARO_SERVICES_SECTION (widget);
  g_autoptr(GError) error = NULL;
  g_autofree char *date = amparo_date_row_get_date (self->date_row);

  if (date == NULL)
    {
      amparo_gui_toast (widget, _("Write the date as YYYY-MM-DD, for example 2026-03-31"));
      return;
    }
  if (amparo_case_add_service (self->vault, amparo_case_get_id (self->kase),
                               amparo_code_row_get_code (self->category_row),
                               amparo_code_row_get_code (self->type_row), date,
                               gtk_spin_button_get_value_as_int (self->minutes_spin), &error) == 0)
    {
      amparo_gui_error (widget, error);
      return;
    }
  amparo_case_section_changed (AMPARO_CASE_SECTION (self));
  amparo_case_section_refresh (AMPARO_CASE_SECTION (self), self->kase);
  amparo_gui_toast (widget, _("Service added"));
}

static void
amparo_services_section_dispose (GObject *object)
{
  AmparoServicesSection *self = AMPARO_SERVICES_SECTION (object);

  g_clear_object (&self->kase);
  g_clear_object (&self->vault);

  G_OBJECT_CLASS (amparo_services_section_parent_class)->dispose (object);
}

static void
amparo_services_section_class_init (AmparoServicesSectionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = amparo_services_section_dispose;

  g_type_ensure (AMPARO_TYPE_CODE_ROW);
  g_type_ensure (AMPARO_TYPE_DATE_ROW);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/amparo/Amparo/amparo-services-section.ui");
  gtk_widget_class_bind_template_child (widget_class, AmparoServicesSection, category_row);
  gtk_widget_class_bind_template_child (widget_class, AmparoServicesSection, type_row);
  gtk_widget_class_bind_template_child (widget_class, AmparoServicesSection, date_row);
  gtk_widget_class_bind_template_child (widget_class, AmparoServicesSection, minutes_spin);
  gtk_widget_class_bind_template_child (widget_class, AmparoServicesSection, list_group);
  gtk_widget_class_bind_template_child (widget_class, AmparoServicesSection, list);
  gtk_widget_class_bind_template_callback (widget_class, category_changed_cb);

  gtk_widget_class_install_action (widget_class, "services.add", NULL, add_action_cb);
}

static void
amparo_services_section_init (AmparoServicesSection *self)
{
  g_autofree char *today = amparo_date_today ();

  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_widget_set_name (GTK_WIDGET (self), "services-section");
  category_changed_cb (self);
  amparo_gui_set_label (GTK_WIDGET (self->minutes_spin), _("Minutes"));
  amparo_date_row_set_date (self->date_row, today);
}

GtkWidget *
amparo_services_section_new (AmparoVault *vault,
                             AmparoCase  *kase)
{
  AmparoServicesSection *self = g_object_new (AMPARO_TYPE_SERVICES_SECTION, NULL);

  self->vault = g_object_ref (vault);
  self->kase = g_object_ref (kase);
  amparo_case_section_refresh (AMPARO_CASE_SECTION (self), kase);
  return GTK_WIDGET (self);
}
