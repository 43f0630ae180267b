/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "AmparoContactSection"

#include <glib/gi18n.h>

#include "amparo-case-section.h"
#include "amparo-contact-section.h"
#include "amparo-date-row.h"
#include "amparo-gui-util.h"
#include "amparo-vault.h"

/* The identifying record: names, birth date, safe ways to reach her,
 * address or confidential location, phones and emergency contacts. The
 * case page builds this section only for roles that hold the identifying
 * store's key; for the reporting role it never exists.
 *
 * Text fields save when applied (Enter or ✓), switches when flipped; each
 * save writes the whole record through amparo_case_update_contact(),
 * which logs only the names of the fields that changed. */

typedef struct
{
  GtkWidget *expander;
  GtkWidget *number;
  GtkWidget *label;
  GtkWidget *call;
  GtkWidget *text;
  GtkWidget *voicemail;
} PhoneRow;

typedef struct
{
  GtkWidget *expander;
  GtkWidget *name;
  GtkWidget *relationship;
  GtkWidget *phone;
} EmergencyRow;

struct _AmparoContactSection
{
  AdwPreferencesPage   parent_instance;

  AmparoVault         *vault;
  AmparoCase          *kase;
  GPtrArray           *phones;           /* PhoneRow */
  GPtrArray           *emergency;        /* EmergencyRow */
  gboolean             refreshing;

  AdwEntryRow         *first_name_row;
  AdwEntryRow         *last_name_row;
  AdwEntryRow         *preferred_name_row;
  AdwEntryRow         *aliases_row;
  AmparoDateRow       *birth_date_row;
  AdwEntryRow         *safe_contact_row;
  AdwEntryRow         *email_row;
  GtkSwitch           *confidential_switch;
  AdwEntryRow         *address_row;
  AdwPreferencesGroup *phones_group;
  AdwPreferencesGroup *emergency_group;
};

static void section_iface_init (AmparoCaseSectionInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (AmparoContactSection, amparo_contact_section,
                               ADW_TYPE_PREFERENCES_PAGE,
                               G_IMPLEMENT_INTERFACE (AMPARO_TYPE_CASE_SECTION, section_iface_init))

static void contact_edited_cb (AmparoContactSection *self);

/* ------------------------------------------------------------ helpers */

static const char *
text_of (gpointer editable)
{
  return gtk_editable_get_text (GTK_EDITABLE (editable));
}

static void
set_text (gpointer    editable,
          const char *text)
{
  /* leave an unchanged field alone so the cursor stays put */
  if (g_strcmp0 (text_of (editable), text != NULL ? text : "") != 0)
    gtk_editable_set_text (GTK_EDITABLE (editable), text != NULL ? text : "");
}

static GtkWidget *
entry_row (const char           *title,
           AmparoContactSection *self)
{
  GtkWidget *row = adw_entry_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_entry_row_set_show_apply_button (ADW_ENTRY_ROW (row), TRUE);
  amparo_gui_label_entry_row (ADW_ENTRY_ROW (row));
  g_signal_connect_swapped (row, "apply", G_CALLBACK (contact_edited_cb), self);
  return row;
}

static GtkWidget *
switch_row (const char           *title,
            GtkWidget           **out_switch,
            AmparoContactSection *self)
{
  GtkWidget *row = amparo_gui_switch_row (title, NULL, out_switch);

  g_signal_connect_swapped (*out_switch, "notify::active", G_CALLBACK (contact_edited_cb), self);
  return row;
}

static GtkWidget *
remove_row (const char *title,
            GCallback   callback,
            gpointer    user_data)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *button = gtk_button_new_with_label (title);

  gtk_widget_add_css_class (button, "destructive-action");
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  g_signal_connect_swapped (button, "clicked", callback, user_data);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
  return row;
}

static char *
phone_summary (gboolean call,
               gboolean text,
               gboolean voicemail)
{
  return g_strjoin (" · ", call ? _("Safe to call") : _("Do not call"),
                    text ? _("Texts are safe") : _("No texts"),
                    voicemail ? _("Voicemail is safe") : _("No voicemail"), NULL);
}

/* The expander shows the number and what is safe, so the advocate sees
 * "do not call" before she opens it. */
static void
phone_row_update_header (PhoneRow *p,
                         guint     position)
{
  const char *number = gtk_editable_get_text (GTK_EDITABLE (p->number));
  const char *label = gtk_editable_get_text (GTK_EDITABLE (p->label));
  g_autofree char *title = NULL;
  g_autofree char *summary = phone_summary (gtk_switch_get_active (GTK_SWITCH (p->call)),
                                            gtk_switch_get_active (GTK_SWITCH (p->text)),
                                            gtk_switch_get_active (GTK_SWITCH (p->voicemail)));

  if (*number == '\0')
    /* Translators: a phone with no number yet: "Phone 1", "Phone 2" */
    title = g_strdup_printf (_("Phone %u"), position);
  else if (*label != '\0')
    title = g_strdup_printf ("%s (%s)", number, label);
  else
    title = g_strdup (number);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (p->expander), title);
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (p->expander), summary);
}

static void
emergency_row_update_header (EmergencyRow *e,
                             guint         position)
{
  const char *name = gtk_editable_get_text (GTK_EDITABLE (e->name));
  const char *relationship = gtk_editable_get_text (GTK_EDITABLE (e->relationship));
  /* Translators: an emergency contact with no name yet: "Contact 1" */
  g_autofree char *title = *name != '\0' ? g_strdup (name) : g_strdup_printf (_("Contact %u"),
                                                                              position);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (e->expander), title);
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (e->expander), relationship);
}

static void
phone_row_free (PhoneRow *p)
{
  g_free (p);
}

static void
emergency_row_free (EmergencyRow *e)
{
  g_free (e);
}

/* ------------------------------------------------ phones, emergency */

static void
remove_phone_cb (GtkWidget *expander)
{
  AmparoContactSection *self = AMPARO_CONTACT_SECTION (gtk_widget_get_ancestor (
    expander, AMPARO_TYPE_CONTACT_SECTION));

  for (guint i = 0; i < self->phones->len; i++)
    {
      PhoneRow *p = g_ptr_array_index (self->phones, i);
      if (p->expander == expander)
        {
          adw_preferences_group_remove (self->phones_group, expander);
          g_ptr_array_remove_index (self->phones, i);
          break;
        }
    }
  contact_edited_cb (self);
}

static PhoneRow *
add_phone_row (AmparoContactSection *self,
               const AmparoPhone    *phone)
{
  PhoneRow *p = g_new0 (PhoneRow, 1);

  p->expander = adw_expander_row_new ();
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (p->expander), FALSE);
  p->number = entry_row (_("Number"), self);
  p->label = entry_row (_("Whose or which phone"), self);
  adw_entry_row_set_input_purpose (ADW_ENTRY_ROW (p->number), GTK_INPUT_PURPOSE_PHONE);
  gtk_widget_set_name (p->number, "phone-number");
  adw_expander_row_add_row (ADW_EXPANDER_ROW (p->expander), p->number);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (p->expander), p->label);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (p->expander),
                            switch_row (_("Safe to call"), &p->call, self));
  adw_expander_row_add_row (ADW_EXPANDER_ROW (p->expander),
                            switch_row (_("Safe to send texts"), &p->text, self));
  adw_expander_row_add_row (ADW_EXPANDER_ROW (p->expander),
                            switch_row (_("Safe to leave voicemail"), &p->voicemail, self));
  gtk_widget_set_name (p->call, "phone-safe-to-call");
  adw_expander_row_add_row (ADW_EXPANDER_ROW (p->expander),
                            remove_row (_("Remove Phone"), G_CALLBACK (remove_phone_cb),
                                        p->expander));

  gtk_editable_set_text (GTK_EDITABLE (p->number), phone != NULL ? phone->number : "");
  gtk_editable_set_text (GTK_EDITABLE (p->label),
                         phone != NULL && phone->label != NULL ? phone->label : "");
  gtk_switch_set_active (GTK_SWITCH (p->call), phone != NULL && phone->safe_to_call);
  gtk_switch_set_active (GTK_SWITCH (p->text), phone != NULL && phone->text_ok);
  gtk_switch_set_active (GTK_SWITCH (p->voicemail), phone != NULL && phone->voicemail_ok);
  phone_row_update_header (p, self->phones->len + 1);
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (p->expander), phone == NULL);
  adw_preferences_group_add (self->phones_group, p->expander);
  g_ptr_array_add (self->phones, p);
  return p;
}

static void
remove_emergency_cb (GtkWidget *expander)
{
  AmparoContactSection *self = AMPARO_CONTACT_SECTION (gtk_widget_get_ancestor (
    expander, AMPARO_TYPE_CONTACT_SECTION));

  for (guint i = 0; i < self->emergency->len; i++)
    {
      EmergencyRow *e = g_ptr_array_index (self->emergency, i);
      if (e->expander == expander)
        {
          adw_preferences_group_remove (self->emergency_group, expander);
          g_ptr_array_remove_index (self->emergency, i);
          break;
        }
    }
  contact_edited_cb (self);
}

static EmergencyRow *
add_emergency_row (AmparoContactSection         *self,
                   const AmparoEmergencyContact *contact)
{
  EmergencyRow *e = g_new0 (EmergencyRow, 1);

  e->expander = adw_expander_row_new ();
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (e->expander), FALSE);
  e->name = entry_row (_("Name"), self);
  e->relationship = entry_row (_("Relationship to her"), self);
  e->phone = entry_row (_("Phone"), self);
  adw_entry_row_set_input_purpose (ADW_ENTRY_ROW (e->phone), GTK_INPUT_PURPOSE_PHONE);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (e->expander), e->name);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (e->expander), e->relationship);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (e->expander), e->phone);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (e->expander),
                            remove_row (_("Remove Contact"), G_CALLBACK (remove_emergency_cb),
                                        e->expander));
  gtk_editable_set_text (GTK_EDITABLE (e->name), contact != NULL ? contact->name : "");
  gtk_editable_set_text (GTK_EDITABLE (e->relationship),
                         contact != NULL && contact->relationship ? contact->relationship : "");
  gtk_editable_set_text (GTK_EDITABLE (e->phone),
                         contact != NULL && contact->phone ? contact->phone : "");
  emergency_row_update_header (e, self->emergency->len + 1);
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (e->expander), contact == NULL);
  adw_preferences_group_add (self->emergency_group, e->expander);
  g_ptr_array_add (self->emergency, e);
  return e;
}

static void
clear_lists (AmparoContactSection *self)
{
  for (guint i = 0; i < self->phones->len; i++)
    adw_preferences_group_remove (self->phones_group,
                                  ((PhoneRow *) g_ptr_array_index (self->phones, i))->expander);
  g_ptr_array_set_size (self->phones, 0);
  for (guint i = 0; i < self->emergency->len; i++)
    {
      EmergencyRow *e = g_ptr_array_index (self->emergency, i);
      adw_preferences_group_remove (self->emergency_group, e->expander);
    }
  g_ptr_array_set_size (self->emergency, 0);
}

/* ---------------------------------------------------------- callbacks */

static void
contact_edited_cb (AmparoContactSection *self)
{
  g_autoptr(AmparoCaseContact) c = amparo_case_contact_new ();
  g_autoptr(GError) error = NULL;

  if (self->refreshing || self->kase == NULL)
    return;
  if (!amparo_date_row_is_valid (self->birth_date_row))
    {
      amparo_gui_toast (GTK_WIDGET (self), _("Write dates as YYYY-MM-DD, for example 2026-03-31"));
      return;
    }

  c->first_name = g_strdup (text_of (self->first_name_row));
  c->last_name = g_strdup (text_of (self->last_name_row));
  c->preferred_name = g_strdup (text_of (self->preferred_name_row));
  c->aliases = g_strdup (text_of (self->aliases_row));
  c->birth_date = amparo_date_row_get_date (self->birth_date_row);
  c->safe_contact = g_strdup (text_of (self->safe_contact_row));
  c->email = g_strdup (text_of (self->email_row));
  c->confidential_location = gtk_switch_get_active (self->confidential_switch);
  c->address = g_strdup (text_of (self->address_row));
  for (guint i = 0; i < self->phones->len; i++)
    {
      PhoneRow *p = g_ptr_array_index (self->phones, i);
      AmparoPhone *phone = amparo_phone_new (text_of (p->number));

      phone->label = g_strdup (text_of (p->label));
      phone->safe_to_call = gtk_switch_get_active (GTK_SWITCH (p->call));
      phone->text_ok = gtk_switch_get_active (GTK_SWITCH (p->text));
      phone->voicemail_ok = gtk_switch_get_active (GTK_SWITCH (p->voicemail));
      phone_row_update_header (p, i + 1);
      g_ptr_array_add (c->phones, phone);
    }
  for (guint i = 0; i < self->emergency->len; i++)
    {
      EmergencyRow *e = g_ptr_array_index (self->emergency, i);
      AmparoEmergencyContact *contact = amparo_emergency_contact_new (text_of (e->name));

      contact->relationship = g_strdup (text_of (e->relationship));
      contact->phone = g_strdup (text_of (e->phone));
      emergency_row_update_header (e, i + 1);
      g_ptr_array_add (c->emergency_contacts, contact);
    }

  if (!amparo_case_update_contact (self->vault, amparo_case_get_id (self->kase), c, &error))
    {
      amparo_gui_error (GTK_WIDGET (self), error);
      return;
    }
  amparo_case_section_changed (AMPARO_CASE_SECTION (self));
}

static void
confidential_toggled_cb (AmparoContactSection *self)
{
  gboolean confidential = gtk_switch_get_active (self->confidential_switch);

  gtk_widget_set_sensitive (GTK_WIDGET (self->address_row), !confidential);
  /* what is not kept is not shown */
  if (confidential)
    gtk_editable_set_text (GTK_EDITABLE (self->address_row), "");
  contact_edited_cb (self);
}

static void
add_phone_action_cb (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  PhoneRow *p = add_phone_row (AMPARO_CONTACT_SECTION (widget), NULL);

  gtk_widget_grab_focus (p->number);
}

static void
add_emergency_action_cb (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  EmergencyRow *e = add_emergency_row (AMPARO_CONTACT_SECTION (widget), NULL);

  gtk_widget_grab_focus (e->name);
}

/* ---------------------------------------------------------- section */

static void
amparo_contact_section_refresh (AmparoCaseSection *section,
                                AmparoCase        *kase)
{
  AmparoContactSection *self = AMPARO_CONTACT_SECTION (section);
  const AmparoCaseContact *c = amparo_case_get_contact (kase);

  g_return_if_fail (c != NULL);

  self->refreshing = TRUE;
  set_text (self->first_name_row, c->first_name);
  set_text (self->last_name_row, c->last_name);
  set_text (self->preferred_name_row, c->preferred_name);
  set_text (self->aliases_row, c->aliases);
  set_text (self->birth_date_row, c->birth_date);
  set_text (self->safe_contact_row, c->safe_contact);
  set_text (self->email_row, c->email);
  gtk_switch_set_active (self->confidential_switch, c->confidential_location);
  gtk_widget_set_sensitive (GTK_WIDGET (self->address_row), !c->confidential_location);
  set_text (self->address_row, c->address);
  clear_lists (self);
  for (guint i = 0; i < c->phones->len; i++)
    add_phone_row (self, g_ptr_array_index (c->phones, i));
  for (guint i = 0; i < c->emergency_contacts->len; i++)
    add_emergency_row (self, g_ptr_array_index (c->emergency_contacts, i));
  self->refreshing = FALSE;
}

static void
section_iface_init (AmparoCaseSectionInterface *iface)
{
  iface->refresh = amparo_contact_section_refresh;
}

static void
amparo_contact_section_dispose (GObject *object)
{
  AmparoContactSection *self = AMPARO_CONTACT_SECTION (object);

  g_clear_object (&self->kase);
  g_clear_object (&self->vault);
  g_clear_pointer (&self->phones, g_ptr_array_unref);
  g_clear_pointer (&self->emergency, g_ptr_array_unref);

  G_OBJECT_CLASS (amparo_contact_section_parent_class)->dispose (object);
}

static void
amparo_contact_section_class_init (AmparoContactSectionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = amparo_contact_section_dispose;

  g_type_ensure (AMPARO_TYPE_DATE_ROW);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/amparo/Amparo/amparo-contact-section.ui");
  gtk_widget_class_bind_template_child (widget_class, AmparoContactSection, first_name_row);
  gtk_widget_class_bind_template_child (widget_class, AmparoContactSection, last_name_row);
  gtk_widget_class_bind_template_child (widget_class, AmparoContactSection, preferred_name_row);
  gtk_widget_class_bind_template_child (widget_class, AmparoContactSection, aliases_row);
  gtk_widget_class_bind_template_child (widget_class, AmparoContactSection, birth_date_row);
  gtk_widget_class_bind_template_child (widget_class, AmparoContactSection, safe_contact_row);
  gtk_widget_class_bind_template_child (widget_class, AmparoContactSection, email_row);
  gtk_widget_class_bind_template_child (widget_class, AmparoContactSection, confidential_switch);
  gtk_widget_class_bind_template_child (widget_class, AmparoContactSection, address_row);
  gtk_widget_class_bind_template_child (widget_class, AmparoContactSection, phones_group);
  gtk_widget_class_bind_template_child (widget_class, AmparoContactSection, emergency_group);
  gtk_widget_class_bind_template_callback (widget_class, contact_edited_cb);
  gtk_widget_class_bind_template_callback (widget_class, confidential_toggled_cb);

  gtk_widget_class_install_action (widget_class, "contact.add-phone", NULL, add_phone_action_cb);
  gtk_widget_class_install_action (widget_class, "contact.add-emergency", NULL,
                                   add_emergency_action_cb);
}

static void
amparo_contact_section_init (AmparoContactSection *self)
{
  AdwEntryRow *rows[5];

  self->phones = g_ptr_array_new_with_free_func ((GDestroyNotify) phone_row_free);
  self->emergency = g_ptr_array_new_with_free_func ((GDestroyNotify) emergency_row_free);
  self->refreshing = TRUE;
  gtk_widget_init_template (GTK_WIDGET (self));
  self->refreshing = FALSE;
  gtk_widget_set_name (GTK_WIDGET (self), "contact-section");

  rows[0] = self->first_name_row;
  rows[1] = self->last_name_row;
  rows[2] = self->preferred_name_row;
  rows[3] = self->aliases_row;
  rows[4] = self->safe_contact_row;
  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    amparo_gui_label_entry_row (rows[i]);
  amparo_gui_label_entry_row (self->email_row);
  amparo_gui_label_entry_row (self->address_row);
  amparo_gui_label_entry_row (ADW_ENTRY_ROW (self->birth_date_row));
}

/**
 * amparo_contact_section_new:
 *
 * Only for roles that may see the identifying store: @kase must carry its
 * contact record.
 */
GtkWidget *
amparo_contact_section_new (AmparoVault *vault,
                            AmparoCase  *kase)
{
  AmparoContactSection *self;

  g_return_val_if_fail (amparo_case_get_contact (kase) != NULL, NULL);

  self = g_object_new (AMPARO_TYPE_CONTACT_SECTION, NULL);
  self->vault = g_object_ref (vault);
  self->kase = g_object_ref (kase);
  amparo_case_section_refresh (AMPARO_CASE_SECTION (self), kase);
  return GTK_WIDGET (self);
}
