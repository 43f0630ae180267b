/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "AmparoCasePage"

#include <glib/gi18n.h>

#include "amparo-case-page.h"
#include "amparo-case-section.h"
#include "amparo-case.h"
#include "amparo-cases.h"
#include "amparo-code-row.h"
#include "amparo-codes.h"
#include "amparo-consent-section.h"
#include "amparo-contact-section.h"
#include "amparo-date-row.h"
#include "amparo-gui-util.h"
#include "amparo-history.h"
#include "amparo-notes-section.h"
#include "amparo-profile-section.h"
#include "amparo-safety-plan-section.h"
#include "amparo-services-section.h"
#include "amparo-shelter-section.h"
#include "amparo-vault.h"

/* One case: an overview, then a section per topic, chosen from a sidebar.
 *
 * The contact and notes sections hold identifying data; for the reporting
 * role they are never constructed (not built and hidden: absent), and the
 * identifying store is never read (amparo_case_load() skips it). Loading
 * the page is one logged view of the contact record.
 *
 * A section writes its own edits and emits "changed"; the page then
 * reloads the case, refreshes the other sections, the overview and the
 * history, and emits its own "changed" so the case list can refresh.
 * When the vault locks, the page drops every widget that held case data
 * and asks to be closed. */

struct _AmparoCasePage
{
  AdwBin       parent_instance;

  AmparoVault *vault;
  gint64       case_id;
  AmparoCase  *kase;
  GPtrArray   *sections;                /* AmparoCaseSection */
  GtkWidget   *history_list;

  GtkWidget   *outer_stack;
  GtkWidget   *error_page;
  GtkWidget   *stack;
  GtkWidget   *sidebar;
  GtkWidget   *title_label;
  GtkWidget   *status_label;
  GtkWidget   *close_case_button;
  GtkWidget   *reopen_button;
  GtkWidget   *ref_label;
  GtkWidget   *summary_group;

  /* overview values */
  GtkWidget   *status_value;
  GtkWidget   *opened_value;
  GtkWidget   *closed_row;
  GtkWidget   *closed_value;
  GtkWidget   *activity_value;
  GtkWidget   *risk_value;
  GtkWidget   *plan_value;
  GtkWidget   *services_value;
  GtkWidget   *nights_value;
  GtkWidget   *follow_up_value;
  GtkWidget   *outcomes_row;
  GtkWidget   *outcomes_value;
};

G_DEFINE_FINAL_TYPE (AmparoCasePage, amparo_case_page, ADW_TYPE_BIN)

enum {
  CHANGED,
  CLOSE_REQUESTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* ----------------------------------------------------------- overview */

static GtkWidget *
info_row (AmparoCasePage *self,
          const char     *title,
          GtkWidget     **out_row)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *value = gtk_label_new (NULL);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  gtk_label_set_xalign (GTK_LABEL (value), 1);
  gtk_label_set_justify (GTK_LABEL (value), GTK_JUSTIFY_RIGHT);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), value);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (self->summary_group), row);
  if (out_row != NULL)
    *out_row = row;
  return value;
}

static void
build_overview (AmparoCasePage *self)
{
  self->status_value = info_row (self, _("Status"), NULL);
  self->opened_value = info_row (self, _("Opened"), NULL);
  self->closed_value = info_row (self, _("Closed"), &self->closed_row);
  self->outcomes_value = info_row (self, _("Outcomes at closing"), &self->outcomes_row);
  self->activity_value = info_row (self, _("Last activity"), NULL);
  self->follow_up_value = info_row (self, _("Next follow-up"), NULL);
  self->risk_value = info_row (self, _("Risk level"), NULL);
  self->plan_value = info_row (self, _("Safety plan"), NULL);
  self->services_value = info_row (self, _("Services"), NULL);
  self->nights_value = info_row (self, _("Shelter nights"), NULL);
}

static void
set_date_value (GtkWidget  *label,
                const char *date,
                const char *none)
{
  g_autofree char *text = date != NULL ? amparo_gui_format_date (date) : g_strdup (none);

  gtk_label_set_text (GTK_LABEL (label), text);
}

static void
refresh_overview (AmparoCasePage *self)
{
  const AmparoCaseProfile *p = amparo_case_get_profile (self->kase);
  GPtrArray *services = amparo_case_get_services (self->kase);
  GPtrArray *stays = amparo_case_get_shelter_stays (self->kase);
  gboolean closed = g_strcmp0 (p->status, "closed") == 0;
  g_autofree char *title = g_strdup_printf (_("Case %s"), p->ref_code);
  g_autofree char *services_text = NULL;
  g_autofree char *nights_text = NULL;
  g_autofree char *outcomes = NULL;
  g_autofree char *plan = NULL;
  g_autofree char *today = amparo_date_today ();
  int nights = 0;

  gtk_label_set_text (GTK_LABEL (self->title_label), title);
  gtk_label_set_text (GTK_LABEL (self->ref_label), p->ref_code);
  gtk_label_set_text (GTK_LABEL (self->status_label), amparo_code_label ("case_status", p->status));
  gtk_label_set_text (GTK_LABEL (self->status_value), amparo_code_label ("case_status", p->status));
  gtk_widget_set_visible (self->close_case_button, !closed);
  gtk_widget_set_visible (self->reopen_button, closed);

  set_date_value (self->opened_value, p->opened, "");
  set_date_value (self->closed_value, p->closed, "");
  gtk_widget_set_visible (self->closed_row, closed);
  outcomes = g_strdup_printf ("%s: %s\n%s: %s",
                              amparo_code_label ("outcome", "safety_strategies"),
                              amparo_code_label ("outcome_answer", p->outcome_safety_strategies),
                              amparo_code_label ("outcome", "knows_resources"),
                              amparo_code_label ("outcome_answer", p->outcome_knows_resources));
  gtk_label_set_text (GTK_LABEL (self->outcomes_value), outcomes);
  gtk_widget_set_visible (self->outcomes_row, closed);
  set_date_value (self->activity_value, p->last_activity, "");
  set_date_value (self->follow_up_value, p->follow_up, _("None planned"));
  gtk_label_set_text (GTK_LABEL (self->risk_value),
                      amparo_code_label ("risk_level", p->risk_level));

  if (p->safety_plan_completed)
    plan = g_strdup (C_("safety plan", "Completed"));
  else
    {
      guint total = amparo_category_n_codes ("safety_plan_item");
      guint done = p->safety_plan_done != NULL ? g_strv_length (p->safety_plan_done) : 0;
      plan = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u of %u step done",
                                           "%u of %u steps done", total), done, total);
    }
  gtk_label_set_text (GTK_LABEL (self->plan_value), plan);

  services_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u service", "%u services",
                                                services->len), services->len);
  gtk_label_set_text (GTK_LABEL (self->services_value), services_text);
  for (guint i = 0; i < stays->len; i++)
    {
      const AmparoShelterStay *s = g_ptr_array_index (stays, i);
      nights += amparo_shelter_nights (s->entered, s->exited, today);
    }
  nights_text = g_strdup_printf ("%d", nights);
  gtk_label_set_text (GTK_LABEL (self->nights_value), nights_text);
}

/* ------------------------------------------------------------ history */

static GtkWidget *
build_history (AmparoCasePage *self)
{
  GtkWidget *page = adw_preferences_page_new ();
  GtkWidget *group = adw_preferences_group_new ();

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("History"));
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group),
                                         _("Everything done with this case, newest first"));
  self->history_list = gtk_list_box_new ();
  gtk_widget_set_name (self->history_list, "history-list");
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (self->history_list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (self->history_list, "boxed-list");
  amparo_gui_set_label (self->history_list, _("History"));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), self->history_list);
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (group));
  return page;
}

static void
refresh_history (AmparoCasePage *self)
{
  g_autoptr(GPtrArray) history = NULL;
  g_autoptr(GError) error = NULL;

  amparo_gui_list_box_clear (GTK_LIST_BOX (self->history_list));
  history = amparo_case_history (self->vault, self->case_id, &error);
  if (history == NULL)
    {
      gtk_list_box_append (GTK_LIST_BOX (self->history_list),
                           amparo_gui_empty_row (error->message));
      return;
    }
  for (guint i = 0; i < history->len; i++)
    {
      AmparoHistoryEntry *e = g_ptr_array_index (history, i);
      GtkWidget *row = adw_action_row_new ();
      g_autofree char *when = amparo_gui_format_timestamp (e->at);

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), e->text);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), when);
      gtk_list_box_append (GTK_LIST_BOX (self->history_list), row);
    }
}

/* ----------------------------------------------------------- sections */

static void
refresh_all (AmparoCasePage    *self,
             AmparoCaseSection *except)
{
  for (guint i = 0; i < self->sections->len; i++)
    {
      AmparoCaseSection *s = g_ptr_array_index (self->sections, i);
      if (s != except)
        amparo_case_section_refresh (s, self->kase);
    }
  refresh_overview (self);
  refresh_history (self);
}

static void
case_changed (AmparoCasePage    *self,
              AmparoCaseSection *source)
{
  g_autoptr(GError) error = NULL;

  if (self->kase == NULL)
    return;
  if (!amparo_case_reload (self->kase, &error))
    {
      amparo_gui_error (GTK_WIDGET (self), error);
      return;
    }
  refresh_all (self, source);
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
section_changed_cb (AmparoCaseSection *section,
                    AmparoCasePage    *self)
{
  case_changed (self, section);
}

static void
add_section (AmparoCasePage *self,
             GtkWidget      *section,
             const char     *name,
             const char     *title)
{
  gtk_stack_add_titled (GTK_STACK (self->stack), section, name, title);
  if (AMPARO_IS_CASE_SECTION (section))
    {
      g_ptr_array_add (self->sections, section);
      g_signal_connect_object (section, "changed", G_CALLBACK (section_changed_cb), self, 0);
    }
}

/* GtkStackSidebar's rows have no accessible name of their own; a screen
 * reader (and the e2e test) gets the section's title. */
static void
name_sidebar_rows (GtkWidget *widget)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_LIST_BOX_ROW (child))
        {
          GtkWidget *label = gtk_list_box_row_get_child (GTK_LIST_BOX_ROW (child));

          if (GTK_IS_LABEL (label))
            gtk_accessible_update_property (GTK_ACCESSIBLE (child), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                            gtk_label_get_text (GTK_LABEL (label)), -1);
        }
      else
        name_sidebar_rows (child);
    }
}

static void
build_sections (AmparoCasePage *self)
{
  /* the identifying sections only when the case carries identifying data,
   * which amparo_case_load() gives only to roles allowed to see it */
  gboolean identifying = amparo_case_get_contact (self->kase) != NULL;

  build_overview (self);
  add_section (self, amparo_profile_section_new (self->vault, self->kase), "profile",
               _("Profile"));
  if (identifying)
    add_section (self, amparo_contact_section_new (self->vault, self->kase), "contact",
                 _("Contact"));
  add_section (self, amparo_services_section_new (self->vault, self->kase), "services",
               _("Services"));
  add_section (self, amparo_shelter_section_new (self->vault, self->kase), "shelter",
               _("Shelter"));
  if (identifying)
    add_section (self, amparo_consent_section_new (self->vault, self->kase), "releases",
                 _("Releases & referrals"));
  add_section (self, amparo_safety_plan_section_new (self->vault, self->kase), "safety-plan",
               _("Safety plan"));
  if (identifying)
    add_section (self, amparo_notes_section_new (self->vault, self->kase), "notes", _("Notes"));
  add_section (self, build_history (self), "history", _("History"));
  name_sidebar_rows (self->sidebar);
  refresh_overview (self);
  refresh_history (self);
}

/* Locking wipes the keys; every widget that showed case data goes. */
static void
drop_case (AmparoCasePage *self)
{
  GtkWidget *content = gtk_stack_get_child_by_name (GTK_STACK (self->outer_stack), "case");

  g_ptr_array_set_size (self->sections, 0);
  if (content != NULL)
    gtk_stack_remove (GTK_STACK (self->outer_stack), content);
  self->stack = self->sidebar = self->ref_label = self->history_list = NULL;
  g_clear_object (&self->kase);
  adw_status_page_set_title (ADW_STATUS_PAGE (self->error_page), _("Locked"));
  gtk_stack_set_visible_child_name (GTK_STACK (self->outer_stack), "error");
}

static void
vault_locked_cb (AmparoVault    *vault,
                 GParamSpec     *pspec,
                 AmparoCasePage *self)
{
  if (!amparo_vault_is_locked (vault))
    return;
  drop_case (self);
  g_signal_emit (self, signals[CLOSE_REQUESTED], 0);
}

/* ------------------------------------------------------------ closing */

static void
close_response_cb (AdwMessageDialog *dialog,
                   const char       *response,
                   AmparoCasePage   *self)
{
  AmparoDateRow *date_row = g_object_get_data (G_OBJECT (dialog), "date-row");
  AmparoCodeRow *strategies = g_object_get_data (G_OBJECT (dialog), "strategies-row");
  AmparoCodeRow *resources = g_object_get_data (G_OBJECT (dialog), "resources-row");
  g_autofree char *date = NULL;
  g_autoptr(GError) error = NULL;

  if (!g_str_equal (response, "close") || self->kase == NULL)
    return;
  date = amparo_date_row_get_date (date_row);
  if (date == NULL)
    {
      amparo_gui_toast (GTK_WIDGET (self),
                        _("Write the date as YYYY-MM-DD, for example 2026-03-31"));
      return;
    }
  if (!amparo_case_close (self->vault, self->case_id, date, amparo_code_row_get_code (strategies),
                          amparo_code_row_get_code (resources), &error))
    {
      amparo_gui_error (GTK_WIDGET (self), error);
      return;
    }
  case_changed (self, NULL);
  amparo_gui_toast (GTK_WIDGET (self), _("Case closed"));
}

static void
close_case_action_cb (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  AmparoCasePage *self = AMPARO_CASE_PAGE (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  g_autofree char *today = amparo_date_today ();
  GtkWidget *dialog, *list, *date_row, *strategies, *resources;

  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                   _("Close This Case?"),
                                   _("Before closing, ask her the two outcome questions, if it "
                                     "is safe to do so. Her answers are counted, never linked "
                                     "to her name."));
  list = gtk_list_box_new ();
  gtk_widget_add_css_class (list, "boxed-list");
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  date_row = amparo_date_row_new (_("Closing date (YYYY-MM-DD)"));
  amparo_date_row_set_date (AMPARO_DATE_ROW (date_row), today);
  strategies = amparo_code_row_new ("outcome_answer", _("Does she know more ways to plan for her "
                                                       "safety?"));
  resources = amparo_code_row_new ("outcome_answer", _("Does she know more about community "
                                                      "resources?"));
  amparo_code_row_set_code (AMPARO_CODE_ROW (strategies), "not_asked");
  amparo_code_row_set_code (AMPARO_CODE_ROW (resources), "not_asked");
  adw_action_row_set_title_lines (ADW_ACTION_ROW (strategies), 0);
  adw_action_row_set_title_lines (ADW_ACTION_ROW (resources), 0);
  gtk_list_box_append (GTK_LIST_BOX (list), date_row);
  gtk_list_box_append (GTK_LIST_BOX (list), strategies);
  gtk_list_box_append (GTK_LIST_BOX (list), resources);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), list);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "close", _("C_lose Case"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "close",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data (G_OBJECT (dialog), "date-row", date_row);
  g_object_set_data (G_OBJECT (dialog), "strategies-row", strategies);
  g_object_set_data (G_OBJECT (dialog), "resources-row", resources);
  g_signal_connect_object (dialog, "response", G_CALLBACK (close_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
reopen_case_action_cb (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  AmparoCasePage *self = AMPARO_CASE_PAGE (widget);
  g_autoptr(GError) error = NULL;

  if (!amparo_case_reopen (self->vault, self->case_id, &error))
    {
      amparo_gui_error (widget, error);
      return;
    }
  case_changed (self, NULL);
  amparo_gui_toast (widget, _("Case reopened"));
}

/* The reference code is not identifying, so it may go on the clipboard. */
static void
copy_reference_action_cb (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  AmparoCasePage *self = AMPARO_CASE_PAGE (widget);

  if (self->kase == NULL)
    return;
  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget),
                          amparo_case_get_profile (self->kase)->ref_code);
  amparo_gui_toast (widget, _("Reference code copied"));
}

static void
close_action_cb (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  g_signal_emit (widget, signals[CLOSE_REQUESTED], 0);
}

/* ---------------------------------------------------------- GObject */

static void
amparo_case_page_dispose (GObject *object)
{
  AmparoCasePage *self = AMPARO_CASE_PAGE (object);

  g_clear_pointer (&self->sections, g_ptr_array_unref);
  g_clear_object (&self->kase);
  g_clear_object (&self->vault);

  G_OBJECT_CLASS (amparo_case_page_parent_class)->dispose (object);
}

static void
amparo_case_page_class_init (AmparoCasePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = amparo_case_page_dispose;

  /**
   * AmparoCasePage::changed:
   *
   * Emitted after any edit was saved, so lists showing the case refresh.
   */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                   NULL, NULL, NULL, G_TYPE_NONE, 0);
  /**
   * AmparoCasePage::close-requested:
   *
   * The person asked to close the page, or the vault locked.
   */
  signals[CLOSE_REQUESTED] = g_signal_new ("close-requested", G_TYPE_FROM_CLASS (klass),
                                           G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE,
                                           0);

  amparo_gui_ensure_resources ();
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/amparo/Amparo/amparo-case-page.ui");
  gtk_widget_class_bind_template_child (widget_class, AmparoCasePage, outer_stack);
  gtk_widget_class_bind_template_child (widget_class, AmparoCasePage, error_page);
  gtk_widget_class_bind_template_child (widget_class, AmparoCasePage, stack);
  gtk_widget_class_bind_template_child (widget_class, AmparoCasePage, sidebar);
  gtk_widget_class_bind_template_child (widget_class, AmparoCasePage, title_label);
  gtk_widget_class_bind_template_child (widget_class, AmparoCasePage, status_label);
  gtk_widget_class_bind_template_child (widget_class, AmparoCasePage, close_case_button);
  gtk_widget_class_bind_template_child (widget_class, AmparoCasePage, reopen_button);
  gtk_widget_class_bind_template_child (widget_class, AmparoCasePage, ref_label);
  gtk_widget_class_bind_template_child (widget_class, AmparoCasePage, summary_group);

  gtk_widget_class_install_action (widget_class, "case-page.close-case", NULL,
                                   close_case_action_cb);
  gtk_widget_class_install_action (widget_class, "case-page.reopen-case", NULL,
                                   reopen_case_action_cb);
  gtk_widget_class_install_action (widget_class, "case-page.copy-reference", NULL,
                                   copy_reference_action_cb);
  gtk_widget_class_install_action (widget_class, "case-page.close", NULL, close_action_cb);
}

static void
amparo_case_page_init (AmparoCasePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->sections = g_ptr_array_new ();
}

/**
 * amparo_case_page_new:
 * @vault: an unlocked vault
 * @case_id: the case number
 *
 * Loads the case (one logged view of its contact record, for roles that
 * may see it) and builds the page. If the case cannot be loaded, the page
 * says so and offers to close.
 */
GtkWidget *
amparo_case_page_new (AmparoVault *vault,
                      gint64       case_id)
{
  AmparoCasePage *self;
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (AMPARO_IS_VAULT (vault), NULL);

  self = g_object_new (AMPARO_TYPE_CASE_PAGE, NULL);
  self->vault = g_object_ref (vault);
  self->case_id = case_id;
  g_signal_connect_object (vault, "notify::locked", G_CALLBACK (vault_locked_cb), self, 0);

  self->kase = case_id > 0 ? amparo_case_load (vault, case_id, &error) : NULL;
  if (self->kase == NULL)
    {
      adw_status_page_set_description (ADW_STATUS_PAGE (self->error_page),
                                       error != NULL ? error->message : NULL);
      gtk_stack_set_visible_child_name (GTK_STACK (self->outer_stack), "error");
      return GTK_WIDGET (self);
    }
  build_sections (self);
  gtk_stack_set_visible_child_name (GTK_STACK (self->outer_stack), "case");
  return GTK_WIDGET (self);
}

gint64
amparo_case_page_get_case_id (AmparoCasePage *self)
{
  g_return_val_if_fail (AMPARO_IS_CASE_PAGE (self), 0);

  return self->case_id;
}

/**
 * amparo_case_page_show_section:
 * @name: "overview", "profile", "contact", "services", "shelter",
 *   "releases", "safety-plan", "notes" or "history"
 *
 * Shows a section if this page has it (the reporting role has no
 * "contact", "releases" or "notes").
 */
void
amparo_case_page_show_section (AmparoCasePage *self,
                               const char     *name)
{
  g_return_if_fail (AMPARO_IS_CASE_PAGE (self));

  if (self->stack != NULL && gtk_stack_get_child_by_name (GTK_STACK (self->stack), name) != NULL)
    gtk_stack_set_visible_child_name (GTK_STACK (self->stack), name);
}
