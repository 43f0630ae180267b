/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "AmparoConsentSection"

#include <string.h>
#include <glib/gi18n.h>

#include "amparo-case-section.h"
#include "amparo-cases.h"
#include "amparo-code-checklist.h"
#include "amparo-code-row.h"
#include "amparo-codes.h"
#include "amparo-consent-section.h"
#include "amparo-consent.h"
#include "amparo-date-row.h"
#include "amparo-forms.h"
#include "amparo-gui-util.h"
#include "amparo-partners.h"
#include "amparo-window.h"

/* A case's releases of information, referrals and mandated reports, and
 * the printed release and referral forms. Releases concern her contact
 * data, so the page builds this section only for roles that see it.
 * Every rule (expiry limits, one release per partner, what a referral
 * form may carry) is the core's; this section only asks and shows. A
 * form is written where the person chooses, in the language she reads. */

struct _AmparoConsentSection
{
  AdwPreferencesPage   parent_instance;

  AmparoVault         *vault;
  AmparoCase          *kase;

  GtkListBox          *releases_list;
  GtkListBox          *referrals_list;
  GtkListBox          *reports_list;
  AdwComboRow         *lang_row;
};

static void section_iface_init (AmparoCaseSectionInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (AmparoConsentSection, amparo_consent_section,
                               ADW_TYPE_PREFERENCES_PAGE,
                               G_IMPLEMENT_INTERFACE (AMPARO_TYPE_CASE_SECTION, section_iface_init))

static const char *const form_langs[] = { "en", "es" };

/* A page or section disposed on lock may still get a late callback. */
static gboolean
vault_gone (AmparoVault *vault)
{
  return vault == NULL || amparo_vault_is_locked (vault);
}

/* ------------------------------------------------------------ helpers */

static gint64
case_id (AmparoConsentSection *self)
{
  return amparo_case_get_id (self->kase);
}

static GtkWindow *
parent_window (AmparoConsentSection *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

static void
present (AmparoConsentSection *self,
         GtkWidget            *dialog)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (AMPARO_IS_WINDOW (root))
    amparo_window_track_dialog (AMPARO_WINDOW (root), GTK_WINDOW (dialog));
  gtk_window_present (GTK_WINDOW (dialog));
}

static gint64
widget_id (gpointer widget)
{
  gint64 *id = g_object_get_data (G_OBJECT (widget), "amparo-id");

  return id != NULL ? *id : 0;
}

static void
set_widget_id (gpointer widget,
               gint64   id)
{
  g_object_set_data_full (G_OBJECT (widget), "amparo-id", g_memdup2 (&id, sizeof id), g_free);
}

static char *
scope_text (const char *const *scope)
{
  g_autoptr(GString) s = g_string_new (NULL);

  for (guint i = 0; scope != NULL && scope[i] != NULL; i++)
    {
      if (s->len > 0)
        g_string_append (s, ", ");
      g_string_append (s, amparo_code_label ("release_scope", scope[i]));
    }
  return g_string_free (g_steal_pointer (&s), FALSE);
}

static const char *
service_label (const char *code)
{
  const char *label;

  if (code == NULL)
    return "";
  label = amparo_code_label ("service_type", code);
  return label != code ? label : amparo_code_label ("voca", code);
}

static GtkWidget *
badge (const char *text,
       const char *css_class)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_widget_set_valign (label, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (label, "badge");
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
  return label;
}

static GtkWidget *
row_button (const char *icon,
            const char *tooltip,
            const char *a11y,
            gint64      id)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_tooltip_text (button, tooltip);
  amparo_gui_set_label (button, a11y);
  set_widget_id (button, id);
  return button;
}

static void
changed (AmparoConsentSection *self)
{
  amparo_case_section_refresh (AMPARO_CASE_SECTION (self), self->kase);
  amparo_case_section_changed (AMPARO_CASE_SECTION (self));
}

/* The partners a new release or referral may name: the active directory. */
static GtkWidget *
partner_row (AmparoConsentSection *self,
             const char           *title,
             GArray              **out_ids)
{
  g_autoptr(GPtrArray) partners = amparo_partners_list (self->vault, FALSE, NULL);
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  GtkWidget *row = adw_combo_row_new ();

  for (guint i = 0; partners != NULL && i < partners->len; i++)
    {
      const AmparoPartner *p = g_ptr_array_index (partners, i);

      gtk_string_list_append (names, p->name);
      g_array_append_val (ids, p->id);
    }
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (names));
  *out_ids = ids;
  return row;
}

static gint64
selected_partner (GtkWidget *row,
                  GArray    *ids)
{
  guint i = adw_combo_row_get_selected (ADW_COMBO_ROW (row));

  return i < ids->len ? g_array_index (ids, gint64, i) : 0;
}

static GtkWidget *
form_list (void)
{
  GtkWidget *list = gtk_list_box_new ();

  gtk_widget_add_css_class (list, "boxed-list");
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  return list;
}

static GtkWidget *
form_dialog (AmparoConsentSection *self,
             const char           *name,
             const char           *heading,
             const char           *body,
             const char           *ok_label,
             GtkWidget            *list)
{
  GtkWidget *dialog = adw_message_dialog_new (parent_window (self), heading, body);
  GtkWidget *scroller = gtk_scrolled_window_new ();

  gtk_widget_set_name (dialog, name);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scroller), TRUE);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scroller), 520);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), list);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), scroller);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "ok", ok_label,
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "ok",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "ok");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  gtk_window_set_default_size (GTK_WINDOW (dialog), 560, -1);
  return dialog;
}

static gpointer
dialog_data (AdwMessageDialog *dialog,
             const char       *key)
{
  return g_object_get_data (G_OBJECT (dialog), key);
}

/* ------------------------------------------------------------- lists */

static void print_release_clicked_cb  (GtkButton *button, AmparoConsentSection *self);
static void revoke_clicked_cb         (GtkButton *button, AmparoConsentSection *self);
static void print_referral_clicked_cb (GtkButton *button, AmparoConsentSection *self);
static void update_referral_clicked_cb (GtkButton *button, AmparoConsentSection *self);

static GtkWidget *
release_row (AmparoConsentSection *self,
             const AmparoRelease  *r,
             const char           *today)
{
  GtkWidget *row = adw_action_row_new ();
  AmparoReleaseState state = amparo_release_state (r, today);
  g_autofree char *scope = scope_text ((const char *const *) r->scope);
  g_autofree char *signed_on = amparo_gui_format_date (r->signed_date);
  g_autofree char *ends = amparo_gui_format_date (r->expires);
  g_autofree char *subtitle = NULL;
  const char *state_text = NULL, *state_class = NULL;
  GtkWidget *print, *revoke;

  /* Translators: purpose; information covered; signing date; end date; written or verbal */
  subtitle = g_strdup_printf (_("%s\nCovers: %s\nSigned %s · ends %s · %s"),
                              amparo_code_label ("release_purpose", r->purpose), scope, signed_on,
                              ends, amparo_code_label ("release_form",
                                                       r->verbal ? "verbal" : "written"));
  if (state == AMPARO_RELEASE_REVOKED)
    {
      g_autofree char *revoked = amparo_gui_format_date (r->revoked);
      g_autofree char *more = g_strdup_printf (_("Revoked %s"), revoked);
      g_autofree char *full = g_strdup_printf ("%s · %s", subtitle, more);

      g_free (subtitle);
      subtitle = g_steal_pointer (&full);
    }
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                 r->partner_name != NULL ? r->partner_name : "");
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);

  switch (state)
    {
    case AMPARO_RELEASE_CURRENT:
      /* Translators: the state of a release of information */
      state_text = C_("release", "Current");
      break;
    case AMPARO_RELEASE_NOT_YET:
      state_text = C_("release", "Not yet in effect");
      break;
    case AMPARO_RELEASE_EXPIRED:
      state_text = C_("release", "Expired");
      state_class = "alert-release";
      break;
    case AMPARO_RELEASE_REVOKED:
      state_text = C_("release", "Revoked");
      state_class = "alert-follow-up";
      break;
    default:
      g_assert_not_reached ();
    }
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), badge (state_text, state_class));

  print = row_button ("document-print-symbolic", _("Print Release Form…"),
                      _("Print the release form"), r->id);
  g_signal_connect (print, "clicked", G_CALLBACK (print_release_clicked_cb), self);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), print);
  if (state == AMPARO_RELEASE_CURRENT || state == AMPARO_RELEASE_NOT_YET)
    {
      revoke = row_button ("action-unavailable-symbolic", _("Revoke Release…"),
                           _("Revoke this release"), r->id);
      gtk_widget_set_name (revoke, "release-revoke");
      g_signal_connect (revoke, "clicked", G_CALLBACK (revoke_clicked_cb), self);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), revoke);
    }
  set_widget_id (row, r->id);
  return row;
}

static GtkWidget *
referral_row (AmparoConsentSection *self,
              const AmparoReferral *r)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *update, *print;
  g_autofree char *date = amparo_gui_format_date (r->date);
  g_autoptr(GString) subtitle = g_string_new (NULL);
  g_autofree char *title = NULL;

  /* Translators: direction of a referral, then the partner: "Referred out · Legal Aid" */
  title = g_strdup_printf (_("%s · %s"), amparo_code_label ("referral_direction", r->direction),
                           r->partner_name != NULL ? r->partner_name
                                                   : amparo_code_label ("sector", r->sector));
  g_string_append_printf (subtitle, "%s · %s", date, service_label (r->service_needed));
  if (r->warm)
    g_string_append_printf (subtitle, " · %s", _("warm hand-off"));
  if (r->follow_up != NULL)
    {
      g_autofree char *follow_up = amparo_gui_format_date (r->follow_up);
      /* Translators: %s is a date */
      g_string_append (subtitle, " · ");
      g_string_append_printf (subtitle, _("follow up %s"), follow_up);
    }
  if (r->outcome != NULL)
    {
      g_string_append (subtitle, "\n");
      /* Translators: %s is the outcome of a referral */
      g_string_append_printf (subtitle, _("Outcome: %s"),
                              amparo_code_label ("referral_outcome", r->outcome));
    }
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle->str);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                             badge (amparo_code_label ("referral_status", r->status), NULL));

  update = row_button ("document-edit-symbolic", _("Update Referral…"),
                       _("Update the referral's status, follow-up and outcome"), r->id);
  g_signal_connect (update, "clicked", G_CALLBACK (update_referral_clicked_cb), self);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), update);
  if (g_strcmp0 (r->direction, "out") == 0 && r->partner_id > 0)
    {
      print = row_button ("document-print-symbolic", _("Print Referral Form…"),
                          _("Print the referral form"), r->id);
      g_signal_connect (print, "clicked", G_CALLBACK (print_referral_clicked_cb), self);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), print);
    }
  set_widget_id (row, r->id);
  return row;
}

static GtkWidget *
report_row (const AmparoDisclosure *d)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *date = amparo_gui_format_date (d->date);
  g_autofree char *scope = scope_text ((const char *const *) d->scope);
  const char *to = d->partner_name != NULL ? d->partner_name
                   : amparo_code_label ("sector", d->recipient_sector);
  g_autofree char *subtitle = NULL;

  /* Translators: date · receiving agency; then what was shared and by whom */
  subtitle = g_strdup_printf (_("%s · to %s\nShared: %s · by %s"), date, to != NULL ? to : "",
                              scope, d->staff != NULL ? d->staff : "");
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                 amparo_code_label ("mandated_report_type", d->report_type));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
  return row;
}

static void
amparo_consent_section_refresh (AmparoCaseSection *section,
                                AmparoCase        *kase)
{
  AmparoConsentSection *self = AMPARO_CONSENT_SECTION (section);
  g_autofree char *today = amparo_date_today ();
  g_autoptr(GPtrArray) releases = NULL;
  g_autoptr(GPtrArray) referrals = NULL;
  g_autoptr(GPtrArray) disclosures = NULL;
  g_autoptr(GError) error = NULL;
  guint n_reports = 0;

  amparo_gui_list_box_clear (self->releases_list);
  amparo_gui_list_box_clear (self->referrals_list);
  amparo_gui_list_box_clear (self->reports_list);
  if (vault_gone (self->vault))
    return;

  releases = amparo_releases_list (self->vault, case_id (self), &error);
  for (guint i = 0; releases != NULL && i < releases->len; i++)
    gtk_list_box_append (self->releases_list,
                         release_row (self, g_ptr_array_index (releases, i), today));
  if (releases == NULL || releases->len == 0)
    gtk_list_box_append (self->releases_list,
                         amparo_gui_empty_row (releases == NULL ? error->message
                                                                : _("No release recorded")));
  g_clear_error (&error);

  referrals = amparo_referrals_list (self->vault, case_id (self), &error);
  for (guint i = 0; referrals != NULL && i < referrals->len; i++)
    gtk_list_box_append (self->referrals_list,
                         referral_row (self, g_ptr_array_index (referrals, i)));
  if (referrals == NULL || referrals->len == 0)
    gtk_list_box_append (self->referrals_list,
                         amparo_gui_empty_row (referrals == NULL ? error->message
                                                                 : _("No referral recorded")));
  g_clear_error (&error);

  disclosures = amparo_disclosures_list (self->vault, case_id (self), NULL, NULL, &error);
  for (guint i = 0; disclosures != NULL && i < disclosures->len; i++)
    {
      const AmparoDisclosure *d = g_ptr_array_index (disclosures, i);

      if (g_strcmp0 (d->kind, "mandated_report") != 0)
        continue;
      gtk_list_box_append (self->reports_list, report_row (d));
      n_reports++;
    }
  if (disclosures == NULL || n_reports == 0)
    gtk_list_box_append (self->reports_list,
                         amparo_gui_empty_row (disclosures == NULL ? error->message
                                                                   : _("No mandated report")));
}

static void
section_iface_init (AmparoCaseSectionInterface *iface)
{
  iface->refresh = amparo_consent_section_refresh;
}

/* ------------------------------------------------------------ releases */

static void
release_dialog_check_cb (AdwMessageDialog *dialog)
{
  AmparoCodeChecklist *scope = dialog_data (dialog, "scope");
  AmparoDateRow *signed_row = dialog_data (dialog, "signed");
  AmparoDateRow *expires_row = dialog_data (dialog, "expires");
  GArray *ids = dialog_data (dialog, "partner-ids");
  g_auto(GStrv) codes = amparo_code_checklist_get_selected (scope);
  g_autofree char *signed_date = amparo_date_row_get_date (signed_row);
  g_autofree char *expires = amparo_date_row_get_date (expires_row);
  GtkLabel *problem = dialog_data (dialog, "problem");
  const char *text = NULL;

  /* the add button stays off until the form can be saved; the line
   * under the form says why */
  if (ids->len == 0)
    text = _("Add the partner to the directory first.");
  else if (signed_date == NULL || expires == NULL)
    text = _("Write the dates as YYYY-MM-DD, for example 2026-03-31. A release must have an "
             "end date.");
  else if (strcmp (expires, signed_date) < 0)
    text = _("The end date comes before the signing date.");
  else if (codes == NULL || codes[0] == NULL)
    text = _("Tick the information she agrees to share.");
  gtk_label_set_text (problem, text != NULL ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (problem), text != NULL);
  adw_message_dialog_set_response_enabled (dialog, "ok", text == NULL);
}

static void
release_response_cb (AdwMessageDialog     *dialog,
                     const char           *response,
                     AmparoConsentSection *self)
{
  g_autoptr(AmparoRelease) draft = amparo_release_new ();
  GtkWidget *partner = dialog_data (dialog, "partner");
  g_autoptr(GError) error = NULL;

  if (!g_str_equal (response, "ok") || vault_gone (self->vault))
    return;
  draft->case_id = case_id (self);
  draft->partner_id = selected_partner (partner, dialog_data (dialog, "partner-ids"));
  draft->scope = amparo_code_checklist_get_selected (dialog_data (dialog, "scope"));
  draft->purpose = g_strdup (amparo_code_row_get_code (dialog_data (dialog, "purpose")));
  draft->signed_date = amparo_date_row_get_date (dialog_data (dialog, "signed"));
  draft->expires = amparo_date_row_get_date (dialog_data (dialog, "expires"));
  draft->verbal = gtk_switch_get_active (dialog_data (dialog, "verbal"));
  if (amparo_releases_add (self->vault, draft, &error) == 0)
    {
      amparo_gui_error (GTK_WIDGET (self), error);
      return;
    }
  changed (self);
  amparo_gui_toast (GTK_WIDGET (self), _("Release recorded"));
}

/* The default length is the preference (30 days unless changed). */
static char *
default_expiry (AmparoConsentSection *self,
                const char           *signed_date)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  int days = CLAMP (g_settings_get_int (settings, "release-days"), 1, AMPARO_RELEASE_MAX_DAYS);
  g_autoptr(GDate) date = g_date_new ();
  char text[11];

  g_date_set_parse (date, signed_date);
  if (!g_date_valid (date))
    return amparo_release_default_expiry (self->vault, signed_date);
  g_date_add_days (date, (guint) days);
  g_snprintf (text, sizeof text, "%04d-%02d-%02d", g_date_get_year (date),
              g_date_get_month (date), g_date_get_day (date));
  return g_strdup (text);
}

static void
add_release_action_cb (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  AmparoConsentSection *self = AMPARO_CONSENT_SECTION (widget);
  g_autofree char *today = amparo_date_today ();
  g_autofree char *expires = default_expiry (self, today);
  GtkWidget *list = form_list ();
  GtkWidget *partner, *scope, *purpose, *signed_row, *expires_row, *verbal_row, *verbal;
  GtkWidget *dialog, *problem;
  GArray *ids = NULL;

  partner = partner_row (self, _("Partner receiving the information"), &ids);
  gtk_widget_set_name (partner, "release-partner");
  purpose = amparo_code_row_new ("release_purpose", _("Purpose"));
  gtk_widget_set_name (purpose, "release-purpose");
  signed_row = amparo_date_row_new (_("Signed (YYYY-MM-DD)"));
  gtk_widget_set_name (signed_row, "release-signed");
  amparo_date_row_set_date (AMPARO_DATE_ROW (signed_row), today);
  expires_row = amparo_date_row_new (_("Ends (YYYY-MM-DD)"));
  gtk_widget_set_name (expires_row, "release-expires");
  amparo_date_row_set_date (AMPARO_DATE_ROW (expires_row), expires);
  verbal_row = amparo_gui_switch_row (_("Consent given verbally"),
                                      _("Off: she signed a written release"), &verbal);
  gtk_widget_set_name (verbal, "release-verbal");
  gtk_list_box_append (GTK_LIST_BOX (list), partner);
  gtk_list_box_append (GTK_LIST_BOX (list), purpose);
  gtk_list_box_append (GTK_LIST_BOX (list), signed_row);
  gtk_list_box_append (GTK_LIST_BOX (list), expires_row);
  gtk_list_box_append (GTK_LIST_BOX (list), verbal_row);

  scope = amparo_code_checklist_new ("release_scope", _("Information she agrees to share"));
  gtk_widget_set_name (scope, "release-scope");
  gtk_widget_set_margin_top (scope, 12);
  {
    GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
    problem = gtk_label_new (NULL);
    gtk_widget_set_name (problem, "release-problem");
    gtk_label_set_wrap (GTK_LABEL (problem), TRUE);
    gtk_label_set_xalign (GTK_LABEL (problem), 0);
    gtk_widget_add_css_class (problem, "error");
    gtk_widget_set_margin_bottom (problem, 12);
    gtk_box_append (GTK_BOX (box), problem);
    gtk_box_append (GTK_BOX (box), list);
    gtk_box_append (GTK_BOX (box), scope);
    dialog = form_dialog (self, "release-dialog", _("Add Release of Information"),
                          ids->len > 0
                            ? _("Only what she agrees to, only to this partner, and only until "
                                "the end date. She may revoke it at any time.")
                            : _("Add the partner to the directory first."),
                          _("_Add Release"), box);
  }
  g_object_set_data_full (G_OBJECT (dialog), "partner-ids", ids, (GDestroyNotify) g_array_unref);
  g_object_set_data (G_OBJECT (dialog), "partner", partner);
  g_object_set_data (G_OBJECT (dialog), "scope", scope);
  g_object_set_data (G_OBJECT (dialog), "purpose", purpose);
  g_object_set_data (G_OBJECT (dialog), "signed", signed_row);
  g_object_set_data (G_OBJECT (dialog), "expires", expires_row);
  g_object_set_data (G_OBJECT (dialog), "verbal", verbal);
  g_object_set_data (G_OBJECT (dialog), "problem", problem);
  g_signal_connect_swapped (scope, "toggled", G_CALLBACK (release_dialog_check_cb), dialog);
  g_signal_connect_swapped (signed_row, "changed", G_CALLBACK (release_dialog_check_cb), dialog);
  g_signal_connect_swapped (expires_row, "changed", G_CALLBACK (release_dialog_check_cb), dialog);
  release_dialog_check_cb (ADW_MESSAGE_DIALOG (dialog));
  g_signal_connect_object (dialog, "response", G_CALLBACK (release_response_cb), self, 0);
  present (self, dialog);
}

static void
revoke_response_cb (AdwMessageDialog     *dialog,
                    const char           *response,
                    AmparoConsentSection *self)
{
  g_autoptr(GError) error = NULL;

  if (!g_str_equal (response, "revoke") || vault_gone (self->vault))
    return;
  if (!amparo_releases_revoke (self->vault, widget_id (dialog), &error))
    {
      amparo_gui_error (GTK_WIDGET (self), error);
      return;
    }
  changed (self);
  amparo_gui_toast (GTK_WIDGET (self), _("Release revoked. Nothing more may be shared under it."));
}

static void
revoke_clicked_cb (GtkButton            *button,
                   AmparoConsentSection *self)
{
  GtkWidget *dialog;

  dialog = adw_message_dialog_new (parent_window (self), _("Revoke This Release?"),
                                   _("It ends today. No form printed from now on will carry her "
                                     "details to this partner. Tell the partner she has revoked "
                                     "it."));
  gtk_widget_set_name (dialog, "revoke-dialog");
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "revoke", _("_Revoke"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "revoke",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  set_widget_id (dialog, widget_id (button));
  g_signal_connect_object (dialog, "response", G_CALLBACK (revoke_response_cb), self, 0);
  present (self, dialog);
}

/* -------------------------------------------------------------- forms */

typedef enum { FORM_RELEASE, FORM_REFERRAL } FormKind;

static void
save_form_response_cb (GtkNativeDialog      *chooser,
                       int                   response,
                       AmparoConsentSection *self)
{
  FormKind kind = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (chooser), "amparo-form"));
  gint64 id = widget_id (chooser);

  if (response == GTK_RESPONSE_ACCEPT && !vault_gone (self->vault))
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

      if (kind == FORM_RELEASE)
        amparo_consent_section_print_release (self, id, file);
      else
        amparo_consent_section_print_referral (self, id, file);
    }
  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
}

static void
choose_form_file (AmparoConsentSection *self,
                  FormKind              kind,
                  gint64                id)
{
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  g_autofree char *name = NULL;

  chooser = gtk_file_chooser_native_new (kind == FORM_RELEASE ? _("Save Release Form")
                                                              : _("Save Referral Form"),
                                         parent_window (self), GTK_FILE_CHOOSER_ACTION_SAVE,
                                         _("_Save"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  gtk_file_filter_set_name (filter, _("PDF documents"));
  gtk_file_filter_add_mime_type (filter, "application/pdf");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  /* the file name carries the form's number, never her name */
  name = g_strdup_printf (kind == FORM_RELEASE ? "release-%" G_GINT64_FORMAT ".pdf"
                                               : "referral-%" G_GINT64_FORMAT ".pdf", id);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  g_object_set_data (G_OBJECT (chooser), "amparo-form", GINT_TO_POINTER (kind));
  set_widget_id (chooser, id);
  g_signal_connect_object (chooser, "response", G_CALLBACK (save_form_response_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
print_release_clicked_cb (GtkButton            *button,
                          AmparoConsentSection *self)
{
  choose_form_file (self, FORM_RELEASE, widget_id (button));
}

static void
print_referral_clicked_cb (GtkButton            *button,
                           AmparoConsentSection *self)
{
  choose_form_file (self, FORM_REFERRAL, widget_id (button));
}

/* ----------------------------------------------------------- referrals */

static void
referral_response_cb (AdwMessageDialog     *dialog,
                      const char           *response,
                      AmparoConsentSection *self)
{
  g_autoptr(AmparoReferral) draft = amparo_referral_new ();
  g_autoptr(GError) error = NULL;
  AmparoCodeRow *direction = dialog_data (dialog, "direction");

  if (!g_str_equal (response, "ok") || vault_gone (self->vault))
    return;
  draft->case_id = case_id (self);
  draft->direction = g_strdup (amparo_code_row_get_code (direction));
  draft->partner_id = selected_partner (dialog_data (dialog, "partner"),
                                        dialog_data (dialog, "partner-ids"));
  draft->service_needed = g_strdup (amparo_code_row_get_code (dialog_data (dialog, "service")));
  draft->warm = gtk_switch_get_active (dialog_data (dialog, "warm"));
  draft->date = amparo_date_row_get_date (dialog_data (dialog, "date"));
  draft->follow_up = amparo_date_row_get_date (dialog_data (dialog, "follow-up"));
  if (amparo_referrals_add (self->vault, draft, &error) == 0)
    {
      amparo_gui_error (GTK_WIDGET (self), error);
      return;
    }
  changed (self);
  amparo_gui_toast (GTK_WIDGET (self), _("Referral recorded"));
}

static void
referral_dialog_check_cb (AdwMessageDialog *dialog)
{
  GArray *ids = dialog_data (dialog, "partner-ids");
  gboolean ok = ids->len > 0 && amparo_date_row_is_valid (dialog_data (dialog, "date"))
                && amparo_date_row_is_valid (dialog_data (dialog, "follow-up"));

  adw_message_dialog_set_response_enabled (dialog, "ok", ok);
}

static void
add_referral_action_cb (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  AmparoConsentSection *self = AMPARO_CONSENT_SECTION (widget);
  g_autofree char *today = amparo_date_today ();
  GtkWidget *list = form_list ();
  GtkWidget *direction, *partner, *service, *date, *follow_up, *warm_row, *warm, *dialog;
  GArray *ids = NULL;

  direction = amparo_code_row_new ("referral_direction", _("Direction"));
  gtk_widget_set_name (direction, "referral-direction");
  partner = partner_row (self, _("Partner"), &ids);
  gtk_widget_set_name (partner, "referral-partner");
  service = amparo_code_row_new ("service_type", _("Service needed"));
  gtk_widget_set_name (service, "referral-service");
  warm_row = amparo_gui_switch_row (_("Warm hand-off"),
                                    _("You introduce her to the partner in person or by phone"),
                                    &warm);
  date = amparo_date_row_new (_("Date (YYYY-MM-DD)"));
  amparo_date_row_set_date (AMPARO_DATE_ROW (date), today);
  follow_up = amparo_date_row_new (_("Follow up on (YYYY-MM-DD, optional)"));
  g_object_set (follow_up, "optional", TRUE, NULL);
  gtk_widget_set_name (follow_up, "referral-follow-up");
  gtk_list_box_append (GTK_LIST_BOX (list), direction);
  gtk_list_box_append (GTK_LIST_BOX (list), partner);
  gtk_list_box_append (GTK_LIST_BOX (list), service);
  gtk_list_box_append (GTK_LIST_BOX (list), warm_row);
  gtk_list_box_append (GTK_LIST_BOX (list), date);
  gtk_list_box_append (GTK_LIST_BOX (list), follow_up);

  dialog = form_dialog (self, "referral-dialog", _("Add Referral"),
                        ids->len > 0 ? NULL : _("Add the partner to the directory first."),
                        _("_Add Referral"), list);
  g_object_set_data_full (G_OBJECT (dialog), "partner-ids", ids, (GDestroyNotify) g_array_unref);
  g_object_set_data (G_OBJECT (dialog), "direction", direction);
  g_object_set_data (G_OBJECT (dialog), "partner", partner);
  g_object_set_data (G_OBJECT (dialog), "service", service);
  g_object_set_data (G_OBJECT (dialog), "warm", warm);
  g_object_set_data (G_OBJECT (dialog), "date", date);
  g_object_set_data (G_OBJECT (dialog), "follow-up", follow_up);
  g_signal_connect_swapped (date, "changed", G_CALLBACK (referral_dialog_check_cb), dialog);
  g_signal_connect_swapped (follow_up, "changed", G_CALLBACK (referral_dialog_check_cb), dialog);
  referral_dialog_check_cb (ADW_MESSAGE_DIALOG (dialog));
  g_signal_connect_object (dialog, "response", G_CALLBACK (referral_response_cb), self, 0);
  present (self, dialog);
}

static void
update_response_cb (AdwMessageDialog     *dialog,
                    const char           *response,
                    AmparoConsentSection *self)
{
  g_autoptr(AmparoReferral) r = NULL;
  g_autoptr(GError) error = NULL;
  AmparoCodeRow *outcome = dialog_data (dialog, "outcome");
  const char *outcome_code;

  if (!g_str_equal (response, "ok") || vault_gone (self->vault))
    return;
  r = amparo_referrals_get (self->vault, widget_id (dialog), &error);
  if (r == NULL)
    {
      amparo_gui_error (GTK_WIDGET (self), error);
      return;
    }
  g_free (r->status);
  r->status = g_strdup (amparo_code_row_get_code (dialog_data (dialog, "status")));
  g_free (r->follow_up);
  r->follow_up = amparo_date_row_get_date (dialog_data (dialog, "follow-up"));
  outcome_code = amparo_code_row_get_code (outcome);
  g_free (r->outcome);
  r->outcome = g_strcmp0 (outcome_code, "unknown") != 0 || r->outcome != NULL
                 ? g_strdup (outcome_code) : NULL;
  if (!amparo_referrals_update (self->vault, r, &error))
    {
      amparo_gui_error (GTK_WIDGET (self), error);
      return;
    }
  changed (self);
  amparo_gui_toast (GTK_WIDGET (self), _("Referral updated"));
}

static void
update_dialog_check_cb (AdwMessageDialog *dialog)
{
  adw_message_dialog_set_response_enabled (dialog, "ok",
                                           amparo_date_row_is_valid (dialog_data (dialog,
                                                                                  "follow-up")));
}

static void
update_referral_clicked_cb (GtkButton            *button,
                            AmparoConsentSection *self)
{
  g_autoptr(AmparoReferral) r = amparo_referrals_get (self->vault, widget_id (button), NULL);
  GtkWidget *list = form_list ();
  GtkWidget *status, *follow_up, *outcome, *dialog;

  if (r == NULL)
    return;
  status = amparo_code_row_new ("referral_status", _("Status"));
  amparo_code_row_set_code (AMPARO_CODE_ROW (status), r->status);
  gtk_widget_set_name (status, "referral-status");
  follow_up = amparo_date_row_new (_("Follow up on (YYYY-MM-DD, optional)"));
  g_object_set (follow_up, "optional", TRUE, NULL);
  amparo_date_row_set_date (AMPARO_DATE_ROW (follow_up), r->follow_up);
  outcome = amparo_code_row_new ("referral_outcome", _("Outcome"));
  amparo_code_row_set_code (AMPARO_CODE_ROW (outcome), r->outcome != NULL ? r->outcome
                                                                           : "unknown");
  gtk_list_box_append (GTK_LIST_BOX (list), status);
  gtk_list_box_append (GTK_LIST_BOX (list), follow_up);
  gtk_list_box_append (GTK_LIST_BOX (list), outcome);

  dialog = form_dialog (self, "referral-update-dialog", _("Update Referral"), NULL, _("_Save"),
                        list);
  set_widget_id (dialog, r->id);
  g_object_set_data (G_OBJECT (dialog), "status", status);
  g_object_set_data (G_OBJECT (dialog), "follow-up", follow_up);
  g_object_set_data (G_OBJECT (dialog), "outcome", outcome);
  g_signal_connect_swapped (follow_up, "changed", G_CALLBACK (update_dialog_check_cb), dialog);
  g_signal_connect_object (dialog, "response", G_CALLBACK (update_response_cb), self, 0);
  present (self, dialog);
}

/* ---------------------------------------------------- mandated reports */

static void
report_response_cb (AdwMessageDialog     *dialog,
                    const char           *response,
                    AmparoConsentSection *self)
{
  g_auto(GStrv) scope = NULL;
  g_autofree char *date = NULL;
  g_autoptr(GError) error = NULL;

  if (!g_str_equal (response, "ok") || vault_gone (self->vault))
    return;
  scope = amparo_code_checklist_get_selected (dialog_data (dialog, "scope"));
  date = amparo_date_row_get_date (dialog_data (dialog, "date"));
  if (amparo_mandated_report_add (self->vault, case_id (self),
                                  amparo_code_row_get_code (dialog_data (dialog, "type")),
                                  amparo_code_row_get_code (dialog_data (dialog, "sector")), 0,
                                  (const char *const *) scope, date, &error) == 0)
    {
      amparo_gui_error (GTK_WIDGET (self), error);
      return;
    }
  changed (self);
  amparo_gui_toast (GTK_WIDGET (self), _("Mandated report recorded"));
}

static void
report_dialog_check_cb (AdwMessageDialog *dialog)
{
  adw_message_dialog_set_response_enabled (dialog, "ok",
                                           amparo_date_row_is_valid (dialog_data (dialog, "date")));
}

static void
add_report_action_cb (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  AmparoConsentSection *self = AMPARO_CONSENT_SECTION (widget);
  g_autofree char *today = amparo_date_today ();
  GtkWidget *list = form_list ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *type, *sector, *date, *scope, *dialog;

  type = amparo_code_row_new ("mandated_report_type", _("Kind of report"));
  sector = amparo_code_row_new ("sector", _("Agency reported to"));
  amparo_code_row_set_code (AMPARO_CODE_ROW (sector), "child_adult_protection");
  date = amparo_date_row_new (_("Date (YYYY-MM-DD)"));
  amparo_date_row_set_date (AMPARO_DATE_ROW (date), today);
  gtk_list_box_append (GTK_LIST_BOX (list), type);
  gtk_list_box_append (GTK_LIST_BOX (list), sector);
  gtk_list_box_append (GTK_LIST_BOX (list), date);
  scope = amparo_code_checklist_new ("release_scope", _("What was shared"));
  gtk_box_append (GTK_BOX (box), list);
  gtk_box_append (GTK_BOX (box), scope);

  dialog = form_dialog (self, "mandated-dialog", _("Record Mandated Report"),
                        _("A report the law required, such as child abuse or abuse of a "
                          "vulnerable adult. Your name is recorded with it."),
                        _("_Record"), box);
  g_object_set_data (G_OBJECT (dialog), "type", type);
  g_object_set_data (G_OBJECT (dialog), "sector", sector);
  g_object_set_data (G_OBJECT (dialog), "date", date);
  g_object_set_data (G_OBJECT (dialog), "scope", scope);
  g_signal_connect_swapped (date, "changed", G_CALLBACK (report_dialog_check_cb), dialog);
  g_signal_connect_object (dialog, "response", G_CALLBACK (report_response_cb), self, 0);
  present (self, dialog);
}

/* ------------------------------------------------------------ GObject */

static void
amparo_consent_section_dispose (GObject *object)
{
  AmparoConsentSection *self = AMPARO_CONSENT_SECTION (object);

  g_clear_object (&self->kase);
  g_clear_object (&self->vault);
  G_OBJECT_CLASS (amparo_consent_section_parent_class)->dispose (object);
}

static void
amparo_consent_section_class_init (AmparoConsentSectionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = amparo_consent_section_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/amparo/Amparo/amparo-consent-section.ui");
  gtk_widget_class_bind_template_child (widget_class, AmparoConsentSection, releases_list);
  gtk_widget_class_bind_template_child (widget_class, AmparoConsentSection, referrals_list);
  gtk_widget_class_bind_template_child (widget_class, AmparoConsentSection, reports_list);
  gtk_widget_class_bind_template_child (widget_class, AmparoConsentSection, lang_row);

  gtk_widget_class_install_action (widget_class, "consent.add-release", NULL,
                                   add_release_action_cb);
  gtk_widget_class_install_action (widget_class, "consent.add-referral", NULL,
                                   add_referral_action_cb);
  gtk_widget_class_install_action (widget_class, "consent.add-mandated-report", NULL,
                                   add_report_action_cb);
}

static void
amparo_consent_section_init (AmparoConsentSection *self)
{
  /* each language named in itself, so she can find her own */
  const char *const lang_names[] = { "English", "Español", NULL };
  g_autoptr(GtkStringList) langs = gtk_string_list_new (lang_names);

  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_widget_set_name (GTK_WIDGET (self), "consent-section");
  adw_combo_row_set_model (self->lang_row, G_LIST_MODEL (langs));
}

/* --------------------------------------------------------- public API */

/**
 * amparo_consent_section_new:
 *
 * Returns: (transfer floating): the releases and referrals section; only
 *   for roles that see contact data
 */
GtkWidget *
amparo_consent_section_new (AmparoVault *vault,
                            AmparoCase  *kase)
{
  AmparoConsentSection *self = g_object_new (AMPARO_TYPE_CONSENT_SECTION, NULL);
  const AmparoCaseProfile *p = amparo_case_get_profile (kase);

  self->vault = g_object_ref (vault);
  self->kase = g_object_ref (kase);
  /* the forms default to the language she speaks, when it is recorded */
  adw_combo_row_set_selected (self->lang_row, g_strcmp0 (p->language, "es") == 0 ? 1 : 0);
  amparo_case_section_refresh (AMPARO_CASE_SECTION (self), kase);
  return GTK_WIDGET (self);
}

const char *
amparo_consent_section_get_form_lang (AmparoConsentSection *self)
{
  guint i;

  g_return_val_if_fail (AMPARO_IS_CONSENT_SECTION (self), "en");

  i = adw_combo_row_get_selected (self->lang_row);
  return form_langs[i < G_N_ELEMENTS (form_langs) ? i : 0];
}

static gboolean
write_form (AmparoConsentSection *self,
            FormKind              kind,
            gint64                id,
            GFile                *file)
{
  g_autofree char *path = g_file_get_path (file);
  g_autoptr(GError) error = NULL;
  const char *lang = amparo_consent_section_get_form_lang (self);
  gboolean ok;

  if (path == NULL)
    {
      amparo_gui_toast (GTK_WIDGET (self), _("Choose a file on this computer or on a USB drive"));
      return FALSE;
    }
  ok = kind == FORM_RELEASE ? amparo_forms_release_pdf (self->vault, id, lang, path, &error)
                            : amparo_forms_referral_pdf (self->vault, id, lang, path, &error);
  if (!ok)
    {
      amparo_gui_error (GTK_WIDGET (self), error);
      return FALSE;
    }
  /* printing is logged: the history shows it */
  amparo_case_section_changed (AMPARO_CASE_SECTION (self));
  amparo_gui_toast (GTK_WIDGET (self), _("Form saved"));
  return TRUE;
}

/**
 * amparo_consent_section_print_release:
 *
 * Writes the release form to @file in the chosen language.
 */
gboolean
amparo_consent_section_print_release (AmparoConsentSection *self,
                                      gint64                release_id,
                                      GFile                *file)
{
  g_return_val_if_fail (AMPARO_IS_CONSENT_SECTION (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  return write_form (self, FORM_RELEASE, release_id, file);
}

/**
 * amparo_consent_section_print_referral:
 *
 * Writes the referral form to @file; the core decides which of her
 * details, if any, it may carry.
 */
gboolean
amparo_consent_section_print_referral (AmparoConsentSection *self,
                                       gint64                referral_id,
                                       GFile                *file)
{
  g_return_val_if_fail (AMPARO_IS_CONSENT_SECTION (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  return write_form (self, FORM_REFERRAL, referral_id, file);
}
