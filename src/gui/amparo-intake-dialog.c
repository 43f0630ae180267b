/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "AmparoIntakeDialog"

#include <glib/gi18n.h>

#include "amparo-cases.h"
#include "amparo-code-checklist.h"
#include "amparo-code-row.h"
#include "amparo-codes.h"
#include "amparo-date-row.h"
#include "amparo-error.h"
#include "amparo-gui-util.h"
#include "amparo-intake-dialog.h"
#include "amparo-vault.h"

/* The intake assistant, in three short steps:
 *   1. identifying details, all optional, with the most protective
 *      defaults (no calls, texts or voicemail; confidential location);
 *   2. the coded profile (the opening date is the only required field);
 *   3. a review, then Create, which writes both stores at once through
 *      amparo_cases_create() and emits "case-created" with the number.
 * The reporting role may not open cases (it never holds the identifying
 * store's key): it sees a short explanation and nothing else. */

struct _AmparoIntakeDialog
{
  AdwWindow            parent_instance;

  AmparoVault         *vault;
  GPtrArray           *review_rows;      /* (widget, group) pairs to remove */
  gboolean             created;

  GtkWidget           *window_title;
  GtkWidget           *back_button;
  GtkWidget           *next_button;
  GtkWidget           *create_button;
  GtkStack            *steps;
  GtkWidget           *identifying_page;
  GtkWidget           *profile_page;

  AdwEntryRow         *first_name_row;
  AdwEntryRow         *last_name_row;
  AdwEntryRow         *preferred_name_row;
  AmparoDateRow       *birth_date_row;
  AdwEntryRow         *phone_row;
  GtkSwitch           *call_switch;
  GtkSwitch           *text_switch;
  GtkSwitch           *voicemail_switch;
  AdwEntryRow         *email_row;
  AdwEntryRow         *safe_contact_row;
  GtkSwitch           *confidential_switch;
  AdwEntryRow         *address_row;

  AmparoDateRow       *opened_row;
  GtkSwitch           *counted_switch;
  AmparoCodeRow       *referral_source_row;
  AmparoCodeRow       *age_band_row;
  AmparoCodeRow       *gender_row;
  AmparoCodeRow       *language_row;
  AmparoCodeRow       *perp_relationship_row;
  AmparoCodeChecklist *victimization_list;

  AdwPreferencesGroup *review_identifying;
  AdwPreferencesGroup *review_coded;
};

G_DEFINE_FINAL_TYPE (AmparoIntakeDialog, amparo_intake_dialog, ADW_TYPE_WINDOW)

enum {
  CASE_CREATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const char *const step_names[] = { "identifying", "profile", "review" };

/* ------------------------------------------------------------ helpers */

/* NULL for blank text, else a trimmed copy */
static char *
entry_value (gpointer editable)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (editable))));

  return *text != '\0' ? g_steal_pointer (&text) : NULL;
}

static void
toast (AmparoIntakeDialog *self,
       const char         *text)
{
  adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (adw_window_get_content (ADW_WINDOW (self))),
                               adw_toast_new (text));
}

static int
current_step (AmparoIntakeDialog *self)
{
  const char *name = gtk_stack_get_visible_child_name (self->steps);

  for (guint i = 0; i < G_N_ELEMENTS (step_names); i++)
    if (g_strcmp0 (name, step_names[i]) == 0)
      return i;
  return -1;
}

static void
update_header (AmparoIntakeDialog *self)
{
  int step = current_step (self);
  g_autofree char *subtitle = NULL;

  if (step < 0)
    {
      gtk_widget_set_visible (self->back_button, FALSE);
      gtk_widget_set_visible (self->next_button, FALSE);
      gtk_widget_set_visible (self->create_button, FALSE);
      return;
    }
  /* Translators: progress through the intake assistant, "Step 1 of 3" */
  subtitle = g_strdup_printf (_("Step %d of %d"), step + 1, (int) G_N_ELEMENTS (step_names));
  adw_window_title_set_subtitle (ADW_WINDOW_TITLE (self->window_title), subtitle);
  gtk_button_set_label (GTK_BUTTON (self->back_button), step == 0 ? _("_Cancel") : _("_Back"));
  gtk_widget_set_visible (self->next_button, step < 2);
  gtk_widget_set_visible (self->create_button, step == 2);
}

static gboolean
check_dates (AmparoIntakeDialog *self,
             gboolean            opened_too)
{
  g_autofree char *opened = NULL;
  g_autofree char *today = amparo_date_today ();

  if (!amparo_date_row_is_valid (self->birth_date_row))
    {
      gtk_stack_set_visible_child_name (self->steps, "identifying");
      update_header (self);
      toast (self, _("Write the date of birth as YYYY-MM-DD, or leave it empty"));
      return FALSE;
    }
  if (!opened_too)
    return TRUE;
  opened = amparo_date_row_get_date (self->opened_row);
  if (opened == NULL || g_strcmp0 (opened, today) > 0)
    {
      gtk_stack_set_visible_child_name (self->steps, "profile");
      update_header (self);
      toast (self, _("The opening date is needed, as YYYY-MM-DD, and cannot be in the "
                     "future"));
      return FALSE;
    }
  return TRUE;
}

/* ------------------------------------------------------------- review */

static void
review_add (AmparoIntakeDialog  *self,
            AdwPreferencesGroup *group,
            const char          *title,
            const char          *value)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *label = gtk_label_new (value != NULL ? value : _("Not recorded"));

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  gtk_label_set_xalign (GTK_LABEL (label), 1);
  gtk_label_set_justify (GTK_LABEL (label), GTK_JUSTIFY_RIGHT);
  if (value == NULL)
    gtk_widget_add_css_class (label, "dim-label");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
  adw_preferences_group_add (group, row);
  g_ptr_array_add (self->review_rows, row);
  g_ptr_array_add (self->review_rows, group);
}

static void
review_clear (AmparoIntakeDialog *self)
{
  for (guint i = 0; i + 1 < self->review_rows->len; i += 2)
    adw_preferences_group_remove (g_ptr_array_index (self->review_rows, i + 1),
                                  g_ptr_array_index (self->review_rows, i));
  g_ptr_array_set_size (self->review_rows, 0);
}

static void
build_review (AmparoIntakeDialog *self)
{
  g_autofree char *first = entry_value (self->first_name_row);
  g_autofree char *last = entry_value (self->last_name_row);
  g_autofree char *preferred = entry_value (self->preferred_name_row);
  g_autofree char *birth = amparo_date_row_get_date (self->birth_date_row);
  g_autofree char *birth_text = birth != NULL ? amparo_gui_format_date (birth) : NULL;
  g_autofree char *phone = entry_value (self->phone_row);
  g_autofree char *email = entry_value (self->email_row);
  g_autofree char *safe = entry_value (self->safe_contact_row);
  g_autofree char *address = entry_value (self->address_row);
  g_autofree char *name = NULL;
  g_autofree char *phone_text = NULL;
  g_autofree char *opened = amparo_date_row_get_date (self->opened_row);
  g_autofree char *opened_text = amparo_gui_format_date (opened);
  g_auto(GStrv) victimization = amparo_code_checklist_get_selected (self->victimization_list);
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();
  g_autofree char *victimization_text = NULL;
  gboolean can_see = amparo_vault_can_see_contacts (self->vault);

  review_clear (self);
  if (first != NULL || last != NULL)
    name = g_strjoin (" ", first != NULL ? first : "", last != NULL ? last : "", NULL);
  if (phone != NULL)
    phone_text = g_strdup_printf ("%s\n%s · %s · %s", phone,
                                  gtk_switch_get_active (self->call_switch) ? _("Safe to call")
                                                                            : _("Do not call"),
                                  gtk_switch_get_active (self->text_switch) ? _("Texts are safe")
                                                                            : _("No texts"),
                                  gtk_switch_get_active (self->voicemail_switch)
                                    ? _("Voicemail is safe") : _("No voicemail"));

  gtk_widget_set_visible (GTK_WIDGET (self->review_identifying), can_see);
  if (can_see)
    {
      review_add (self, self->review_identifying, _("Name"), name);
      review_add (self, self->review_identifying, _("Name she prefers"), preferred);
      review_add (self, self->review_identifying, _("Date of birth"), birth_text);
      review_add (self, self->review_identifying, _("Phone"), phone_text);
      review_add (self, self->review_identifying, _("Email"), email);
      review_add (self, self->review_identifying, _("How to contact her safely"), safe);
      review_add (self, self->review_identifying, _("Where she stays"),
                  gtk_switch_get_active (self->confidential_switch) ? _("Confidential location")
                                                                    : address);
    }

  for (guint i = 0; victimization[i] != NULL; i++)
    g_ptr_array_add (labels, (gpointer) amparo_code_label ("victimization", victimization[i]));
  g_ptr_array_add (labels, NULL);
  if (victimization[0] != NULL)
    victimization_text = g_strjoinv ("\n", (GStrv) labels->pdata);
  review_add (self, self->review_coded, _("Opened"), opened_text);
  review_add (self, self->review_coded, _("Counted in statistics"),
              gtk_switch_get_active (self->counted_switch) ? _("Yes") : _("No"));
  review_add (self, self->review_coded, _("Referred by"),
              amparo_code_label ("referral_source",
                                 amparo_code_row_get_code (self->referral_source_row)));
  review_add (self, self->review_coded, _("Age"),
              amparo_code_label ("age_band", amparo_code_row_get_code (self->age_band_row)));
  review_add (self, self->review_coded, _("Gender"),
              amparo_code_label ("gender", amparo_code_row_get_code (self->gender_row)));
  review_add (self, self->review_coded, _("Preferred language"),
              amparo_code_label ("language", amparo_code_row_get_code (self->language_row)));
  review_add (self, self->review_coded, _("Type of victimization"), victimization_text);
  review_add (self, self->review_coded, _("Relationship of the person who caused harm"),
              amparo_code_label ("perpetrator_relationship",
                                 amparo_code_row_get_code (self->perp_relationship_row)));
}

/* ------------------------------------------------------------ actions */

static void
show_step (AmparoIntakeDialog *self,
           int                 step)
{
  if (step == 2)
    build_review (self);
  gtk_stack_set_visible_child_name (self->steps, step_names[step]);
  update_header (self);
}

static void
next_action_cb (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  AmparoIntakeDialog *self = AMPARO_INTAKE_DIALOG (widget);
  int step = current_step (self);

  if (step < 0 || step >= 2 || !check_dates (self, step == 1))
    return;
  show_step (self, step + 1);
}

static void
back_action_cb (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  AmparoIntakeDialog *self = AMPARO_INTAKE_DIALOG (widget);
  int step = current_step (self);

  if (step <= 0)
    {
      gtk_window_close (GTK_WINDOW (self));
      return;
    }
  show_step (self, step - 1);
}

static AmparoCaseDraft *
make_draft (AmparoIntakeDialog *self)
{
  AmparoCaseDraft *d = amparo_case_draft_new ();

  d->first_name = entry_value (self->first_name_row);
  d->last_name = entry_value (self->last_name_row);
  d->preferred_name = entry_value (self->preferred_name_row);
  d->birth_date = amparo_date_row_get_date (self->birth_date_row);
  d->phone = entry_value (self->phone_row);
  d->phone_safe_to_call = gtk_switch_get_active (self->call_switch);
  d->phone_text_ok = gtk_switch_get_active (self->text_switch);
  d->phone_voicemail_ok = gtk_switch_get_active (self->voicemail_switch);
  d->email = entry_value (self->email_row);
  d->safe_contact = entry_value (self->safe_contact_row);
  d->confidential_location = gtk_switch_get_active (self->confidential_switch);
  d->address = d->confidential_location ? NULL : entry_value (self->address_row);

  d->opened = amparo_date_row_get_date (self->opened_row);
  d->counted = gtk_switch_get_active (self->counted_switch);
  d->referral_source = g_strdup (amparo_code_row_get_code (self->referral_source_row));
  d->age_band = g_strdup (amparo_code_row_get_code (self->age_band_row));
  d->gender = g_strdup (amparo_code_row_get_code (self->gender_row));
  d->language = g_strdup (amparo_code_row_get_code (self->language_row));
  d->perpetrator_relationship = g_strdup (amparo_code_row_get_code (self->perp_relationship_row));
  d->victimization = amparo_code_checklist_get_selected (self->victimization_list);
  return d;
}

static void
create_action_cb (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  AmparoIntakeDialog *self = AMPARO_INTAKE_DIALOG (widget);
  g_autoptr(GPtrArray) drafts =
    g_ptr_array_new_with_free_func ((GDestroyNotify) amparo_case_draft_free);
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GError) error = NULL;
  gint64 id;

  if (self->created || current_step (self) < 0 || !check_dates (self, TRUE))
    return;
  g_ptr_array_add (drafts, make_draft (self));
  if (!amparo_cases_create (self->vault, drafts, ids, &error))
    {
      toast (self, error->message);
      return;
    }
  self->created = TRUE;
  id = g_array_index (ids, gint64, 0);
  g_signal_emit (self, signals[CASE_CREATED], 0, id);
  gtk_window_destroy (GTK_WINDOW (self));
}

/* ---------------------------------------------------------- GObject */

static void
amparo_intake_dialog_dispose (GObject *object)
{
  AmparoIntakeDialog *self = AMPARO_INTAKE_DIALOG (object);

  g_clear_object (&self->vault);
  g_clear_pointer (&self->review_rows, g_ptr_array_unref);

  G_OBJECT_CLASS (amparo_intake_dialog_parent_class)->dispose (object);
}

static void
amparo_intake_dialog_class_init (AmparoIntakeDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = amparo_intake_dialog_dispose;

  /**
   * AmparoIntakeDialog::case-created:
   * @case_id: the new case's number
   */
  signals[CASE_CREATED] = g_signal_new ("case-created", G_TYPE_FROM_CLASS (klass),
                                        G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 1,
                                        G_TYPE_INT64);

  g_type_ensure (AMPARO_TYPE_CODE_ROW);
  g_type_ensure (AMPARO_TYPE_CODE_CHECKLIST);
  g_type_ensure (AMPARO_TYPE_DATE_ROW);
  amparo_gui_ensure_resources ();
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/amparo/Amparo/amparo-intake-dialog.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, AmparoIntakeDialog, name)
  BIND (window_title);
  BIND (back_button);
  BIND (next_button);
  BIND (create_button);
  BIND (steps);
  BIND (identifying_page);
  BIND (profile_page);
  BIND (first_name_row);
  BIND (last_name_row);
  BIND (preferred_name_row);
  BIND (birth_date_row);
  BIND (phone_row);
  BIND (call_switch);
  BIND (text_switch);
  BIND (voicemail_switch);
  BIND (email_row);
  BIND (safe_contact_row);
  BIND (confidential_switch);
  BIND (address_row);
  BIND (opened_row);
  BIND (counted_switch);
  BIND (referral_source_row);
  BIND (age_band_row);
  BIND (gender_row);
  BIND (language_row);
  BIND (perp_relationship_row);
  BIND (victimization_list);
  BIND (review_identifying);
  BIND (review_coded);
#undef BIND

  gtk_widget_class_install_action (widget_class, "intake.next", NULL, next_action_cb);
  gtk_widget_class_install_action (widget_class, "intake.back", NULL, back_action_cb);
  gtk_widget_class_install_action (widget_class, "intake.create", NULL, create_action_cb);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
amparo_intake_dialog_init (AmparoIntakeDialog *self)
{
  AdwEntryRow *rows[] = { NULL, NULL, NULL, NULL, NULL, NULL, NULL };
  g_autofree char *today = amparo_date_today ();

  gtk_widget_init_template (GTK_WIDGET (self));
  self->review_rows = g_ptr_array_new ();

  rows[0] = self->first_name_row;
  rows[1] = self->last_name_row;
  rows[2] = self->preferred_name_row;
  rows[3] = self->phone_row;
  rows[4] = self->email_row;
  rows[5] = self->safe_contact_row;
  rows[6] = self->address_row;
  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    amparo_gui_label_entry_row (rows[i]);
  amparo_date_row_set_date (self->opened_row, today);
}

/**
 * amparo_intake_dialog_new:
 * @parent: (nullable): the window it belongs to
 * @vault: an unlocked vault
 *
 * A modal intake assistant. For the reporting role it only explains that
 * this account cannot open cases.
 */
GtkWidget *
amparo_intake_dialog_new (GtkWindow   *parent,
                          AmparoVault *vault)
{
  AmparoIntakeDialog *self;
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (AMPARO_IS_VAULT (vault), NULL);

  self = g_object_new (AMPARO_TYPE_INTAKE_DIALOG, "transient-for", parent, NULL);
  self->vault = g_object_ref (vault);
  gtk_switch_set_active (self->counted_switch,
                         amparo_vault_get_setting_int (vault, "counted_default", 1) != 0);

  if (!amparo_vault_require_role (vault, FALSE, &error))
    {
      /* the identifying step is not merely skipped: it goes */
      gtk_stack_set_visible_child_name (self->steps, "not-permitted");
      gtk_stack_remove (self->steps, self->identifying_page);
      gtk_stack_remove (self->steps, self->profile_page);
      self->identifying_page = self->profile_page = NULL;
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "intake.create", FALSE);
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "intake.next", FALSE);
    }
  else
    gtk_stack_set_visible_child_name (self->steps, "identifying");
  update_header (self);
  return GTK_WIDGET (self);
}
