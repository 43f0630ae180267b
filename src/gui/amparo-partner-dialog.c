/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "AmparoPartnerDialog"

#include <glib/gi18n.h>

#include "amparo-code-row.h"
#include "amparo-codes.h"
#include "amparo-date-row.h"
#include "amparo-gui-util.h"
#include "amparo-partner-dialog.h"

/* Adding or changing one partner in the directory: every field of the
 * issue, checked by the core before anything is written. A problem is
 * shown above the form and the row it concerns is marked; nothing is
 * saved until it is fixed. Emits "saved" with the partner's id. */

struct _AmparoPartnerDialog
{
  AdwWindow       parent_instance;

  AmparoVault    *vault;
  gint64          partner_id;
  gboolean        active;

  AdwWindowTitle *window_title;
  GtkRevealer    *error_revealer;
  GtkLabel       *error_label;
  AdwEntryRow    *name_row;
  AmparoCodeRow  *sector_row;
  AdwComboRow    *tier_row;
  AdwEntryRow    *services_row;
  AdwEntryRow    *eligibility_row;
  AdwEntryRow    *languages_row;
  AdwEntryRow    *hours_row;
  AdwEntryRow    *channels_row;
  AdwEntryRow    *contact_row;
  AmparoDateRow  *signed_row;
  AmparoDateRow  *review_row;
  GtkTextView    *duties_view;
};

G_DEFINE_FINAL_TYPE (AmparoPartnerDialog, amparo_partner_dialog, ADW_TYPE_WINDOW)

enum {
  SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* The core names a bad field by its directory-file member. */
static GtkWidget *
row_for_field (AmparoPartnerDialog *self,
               const char          *field)
{
  const struct { const char *field; gsize offset; } rows[] = {
    { "organisation", G_STRUCT_OFFSET (AmparoPartnerDialog, name_row) },
    { "sector", G_STRUCT_OFFSET (AmparoPartnerDialog, sector_row) },
    { "tier", G_STRUCT_OFFSET (AmparoPartnerDialog, tier_row) },
    { "services", G_STRUCT_OFFSET (AmparoPartnerDialog, services_row) },
    { "eligibility", G_STRUCT_OFFSET (AmparoPartnerDialog, eligibility_row) },
    { "languages", G_STRUCT_OFFSET (AmparoPartnerDialog, languages_row) },
    { "hours", G_STRUCT_OFFSET (AmparoPartnerDialog, hours_row) },
    { "channels", G_STRUCT_OFFSET (AmparoPartnerDialog, channels_row) },
    { "contact", G_STRUCT_OFFSET (AmparoPartnerDialog, contact_row) },
    { "agreement_signed", G_STRUCT_OFFSET (AmparoPartnerDialog, signed_row) },
    { "next_review", G_STRUCT_OFFSET (AmparoPartnerDialog, review_row) },
    { "duties", G_STRUCT_OFFSET (AmparoPartnerDialog, duties_view) },
  };

  for (guint i = 0; field != NULL && i < G_N_ELEMENTS (rows); i++)
    if (g_str_equal (rows[i].field, field))
      return G_STRUCT_MEMBER (GtkWidget *, self, rows[i].offset);
  return NULL;
}

static const char *
field_label (AmparoPartnerDialog *self,
             GtkWidget           *row)
{
  if (ADW_IS_PREFERENCES_ROW (row))
    return adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row));
  return _("Confidentiality duties");
}

static void
show_problem (AmparoPartnerDialog *self,
              GtkWidget           *row,
              const char          *text)
{
  gtk_label_set_text (self->error_label, text);
  gtk_revealer_set_reveal_child (self->error_revealer, TRUE);
  if (row != NULL)
    {
      gtk_widget_add_css_class (row, "error");
      gtk_widget_grab_focus (row);
    }
}

static void
clear_problems (AmparoPartnerDialog *self)
{
  GtkWidget *rows[] = {
    GTK_WIDGET (self->name_row), GTK_WIDGET (self->sector_row), GTK_WIDGET (self->tier_row),
    GTK_WIDGET (self->services_row), GTK_WIDGET (self->eligibility_row),
    GTK_WIDGET (self->languages_row), GTK_WIDGET (self->hours_row),
    GTK_WIDGET (self->channels_row), GTK_WIDGET (self->contact_row),
    GTK_WIDGET (self->duties_view),
  };

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    gtk_widget_remove_css_class (rows[i], "error");
  gtk_revealer_set_reveal_child (self->error_revealer, FALSE);
}

/* Empty text is "not given": stored as NULL. */
static char *
entry_text (AdwEntryRow *row)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));

  return *text != '\0' ? g_steal_pointer (&text) : NULL;
}

static void
set_entry (AdwEntryRow *row,
           const char  *text)
{
  gtk_editable_set_text (GTK_EDITABLE (row), text != NULL ? text : "");
}

/* Returns FALSE, with the problem shown, when a date row holds text that
 * is not a date. */
static gboolean
read_date (AmparoPartnerDialog *self,
           AmparoDateRow       *row,
           char               **out)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));
  g_autofree char *message = NULL;

  *out = amparo_date_row_get_date (row);
  if (*out != NULL || *text == '\0')
    return TRUE;
  /* Translators: %s is the name of a date field */
  message = g_strdup_printf (_("“%s”: write the date as YYYY-MM-DD, for example 2026-03-31"),
                             adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)));
  show_problem (self, GTK_WIDGET (row), message);
  return FALSE;
}

static AmparoPartner *
read_form (AmparoPartnerDialog *self)
{
  g_autoptr(AmparoPartner) p = amparo_partner_new ();
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->duties_view);
  GtkTextIter start, end;
  g_autofree char *duties = NULL;

  p->id = self->partner_id;
  p->active = self->active;
  p->name = entry_text (self->name_row);
  p->sector = g_strdup (amparo_code_row_get_code (self->sector_row));
  p->tier = (int) adw_combo_row_get_selected (self->tier_row) + 1;
  p->services = entry_text (self->services_row);
  p->eligibility = entry_text (self->eligibility_row);
  p->languages = entry_text (self->languages_row);
  p->hours = entry_text (self->hours_row);
  p->channels = entry_text (self->channels_row);
  p->contact_person = entry_text (self->contact_row);
  if (!read_date (self, self->signed_row, &p->agreement_signed)
      || !read_date (self, self->review_row, &p->next_review))
    return NULL;
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  duties = g_strstrip (gtk_text_buffer_get_text (buffer, &start, &end, FALSE));
  p->duties = *duties != '\0' ? g_steal_pointer (&duties) : NULL;
  return g_steal_pointer (&p);
}

static void
save_action_cb (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  AmparoPartnerDialog *self = AMPARO_PARTNER_DIALOG (widget);
  g_autoptr(AmparoPartner) p = NULL;
  g_autoptr(GError) error = NULL;
  const char *bad = NULL;
  gint64 id;

  clear_problems (self);
  p = read_form (self);
  if (p == NULL)
    return;
  if (p->name == NULL)
    {
      show_problem (self, GTK_WIDGET (self->name_row), _("Give the organisation’s name"));
      return;
    }
  if (!amparo_partner_validate (p, &bad, &error))
    {
      GtkWidget *row = row_for_field (self, bad);
      g_autofree char *message = NULL;

      /* Translators: %s is the name of a field in the partner form */
      message = row != NULL ? g_strdup_printf (_("“%s” is not valid: it is too long or holds "
                                                 "characters that cannot be stored."),
                                               field_label (self, row))
                            : g_strdup (error->message);
      show_problem (self, row, message);
      return;
    }
  if (self->partner_id > 0)
    id = amparo_partners_update (self->vault, p, &error) ? self->partner_id : 0;
  else
    id = amparo_partners_add (self->vault, p, &error);
  if (id == 0)
    {
      show_problem (self, NULL, error->message);
      return;
    }
  g_signal_emit (self, signals[SAVED], 0, id);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
entry_activated_cb (AmparoPartnerDialog *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "partner.save", NULL);
}

static void
amparo_partner_dialog_dispose (GObject *object)
{
  AmparoPartnerDialog *self = AMPARO_PARTNER_DIALOG (object);

  g_clear_object (&self->vault);
  gtk_widget_dispose_template (GTK_WIDGET (object), AMPARO_TYPE_PARTNER_DIALOG);
  G_OBJECT_CLASS (amparo_partner_dialog_parent_class)->dispose (object);
}

static void
amparo_partner_dialog_class_init (AmparoPartnerDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = amparo_partner_dialog_dispose;

  /**
   * AmparoPartnerDialog::saved:
   * @id: the partner's id
   *
   * The partner was written to the directory.
   */
  signals[SAVED] = g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                 NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);

  g_type_ensure (AMPARO_TYPE_CODE_ROW);
  g_type_ensure (AMPARO_TYPE_DATE_ROW);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/amparo/Amparo/amparo-partner-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, AmparoPartnerDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, AmparoPartnerDialog, error_revealer);
  gtk_widget_class_bind_template_child (widget_class, AmparoPartnerDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, AmparoPartnerDialog, name_row);
  gtk_widget_class_bind_template_child (widget_class, AmparoPartnerDialog, sector_row);
  gtk_widget_class_bind_template_child (widget_class, AmparoPartnerDialog, tier_row);
  gtk_widget_class_bind_template_child (widget_class, AmparoPartnerDialog, services_row);
  gtk_widget_class_bind_template_child (widget_class, AmparoPartnerDialog, eligibility_row);
  gtk_widget_class_bind_template_child (widget_class, AmparoPartnerDialog, languages_row);
  gtk_widget_class_bind_template_child (widget_class, AmparoPartnerDialog, hours_row);
  gtk_widget_class_bind_template_child (widget_class, AmparoPartnerDialog, channels_row);
  gtk_widget_class_bind_template_child (widget_class, AmparoPartnerDialog, contact_row);
  gtk_widget_class_bind_template_child (widget_class, AmparoPartnerDialog, signed_row);
  gtk_widget_class_bind_template_child (widget_class, AmparoPartnerDialog, review_row);
  gtk_widget_class_bind_template_child (widget_class, AmparoPartnerDialog, duties_view);
  gtk_widget_class_bind_template_callback (widget_class, entry_activated_cb);

  gtk_widget_class_install_action (widget_class, "partner.save", NULL, save_action_cb);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
amparo_partner_dialog_init (AmparoPartnerDialog *self)
{
  const AmparoCategory *sectors = amparo_category_lookup ("sector");
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) codes = NULL;
  g_autoptr(GtkStringList) tiers = gtk_string_list_new (NULL);

  gtk_widget_init_template (GTK_WIDGET (self));
  self->active = TRUE;

  /* a partner always has a real sector */
  for (const AmparoCode *c = sectors->codes; c->code != NULL; c++)
    if (!g_str_equal (c->code, "not_reported"))
      g_strv_builder_add (builder, c->code);
  codes = g_strv_builder_end (builder);
  amparo_code_row_set_codes (self->sector_row, (const char *const *) codes);

  for (int tier = 1; tier <= 4; tier++)
    {
      /* Translators: a partner's participation tier: "2 — Referrals and coordination" */
      g_autofree char *label = g_strdup_printf (_("%d — %s"), tier,
                                                amparo_partner_tier_label (tier));
      gtk_string_list_append (tiers, label);
    }
  adw_combo_row_set_model (self->tier_row, G_LIST_MODEL (tiers));
  adw_combo_row_set_selected (self->tier_row, 0);

  {
    AdwEntryRow *entries[] = {
      self->name_row, self->services_row, self->eligibility_row, self->languages_row,
      self->hours_row, self->channels_row, self->contact_row,
    };

    for (guint i = 0; i < G_N_ELEMENTS (entries); i++)
      amparo_gui_label_entry_row (entries[i]);
  }
}

/**
 * amparo_partner_dialog_new:
 * @partner: (nullable): the partner to change, or %NULL to add one
 *
 * Returns: (transfer floating): the dialog, not yet shown
 */
GtkWidget *
amparo_partner_dialog_new (GtkWindow           *parent,
                           AmparoVault         *vault,
                           const AmparoPartner *partner)
{
  AmparoPartnerDialog *self;

  g_return_val_if_fail (AMPARO_IS_VAULT (vault), NULL);

  self = g_object_new (AMPARO_TYPE_PARTNER_DIALOG, "transient-for", parent, NULL);
  self->vault = g_object_ref (vault);
  if (partner == NULL)
    return GTK_WIDGET (self);

  self->partner_id = partner->id;
  self->active = partner->active;
  adw_window_title_set_title (self->window_title, _("Change Partner"));
  set_entry (self->name_row, partner->name);
  amparo_code_row_set_code (self->sector_row, partner->sector);
  adw_combo_row_set_selected (self->tier_row, (guint) CLAMP (partner->tier, 1, 4) - 1);
  set_entry (self->services_row, partner->services);
  set_entry (self->eligibility_row, partner->eligibility);
  set_entry (self->languages_row, partner->languages);
  set_entry (self->hours_row, partner->hours);
  set_entry (self->channels_row, partner->channels);
  set_entry (self->contact_row, partner->contact_person);
  amparo_date_row_set_date (self->signed_row, partner->agreement_signed);
  amparo_date_row_set_date (self->review_row, partner->next_review);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->duties_view),
                            partner->duties != NULL ? partner->duties : "", -1);
  return GTK_WIDGET (self);
}
