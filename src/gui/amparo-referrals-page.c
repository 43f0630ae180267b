/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "AmparoReferralsPage"

#include <string.h>
#include <glib/gi18n.h>

#include "amparo-cases.h"
#include "amparo-codes.h"
#include "amparo-consent.h"
#include "amparo-gui-util.h"
#include "amparo-referrals-page.h"

/* What needs doing about consent and referrals across all cases: releases
 * that end soon or have ended, and referrals to chase. Rows name cases by
 * reference code and partners by organisation, never a survivor; a row
 * opens its case. Refreshed each time the page is shown, so an expiry is
 * always judged against today. */

/* Longer lists end in a "and N more" row; the case list filters the rest. */
#define MAX_ROWS 100

struct _AmparoReferralsPage
{
  AdwBin           parent_instance;

  AdwToastOverlay *toast_overlay;
  GtkListBox      *expiring_list;
  GtkListBox      *ended_list;
  GtkListBox      *follow_up_list;
  GtkListBox      *no_response_list;

  AmparoVault     *vault;
};

G_DEFINE_FINAL_TYPE (AmparoReferralsPage, amparo_referrals_page, ADW_TYPE_BIN)

/* A page or section disposed on lock may still get a late callback. */
static gboolean
vault_gone (AmparoVault *vault)
{
  return vault == NULL || amparo_vault_is_locked (vault);
}

/* ------------------------------------------------------------ helpers */

static char *
case_title (const char *ref_code,
            const char *partner)
{
  /* Translators: a row title: a case's reference code, then a partner
   * organisation: "Case K7M-42Q · Legal Aid of the Valley" */
  return g_strdup_printf (_("Case %s · %s"), ref_code != NULL ? ref_code : "?",
                          partner != NULL ? partner : _("No partner"));
}

static GtkWidget *
case_row (gint64      case_id,
          const char *title,
          const char *subtitle)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *arrow = gtk_image_new_from_icon_name ("go-next-symbolic");

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), arrow);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  gtk_widget_set_tooltip_text (row, _("Open the case"));
  g_object_set_data_full (G_OBJECT (row), "amparo-case-id",
                          g_memdup2 (&case_id, sizeof case_id), g_free);
  return row;
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

static GtkWidget *
release_row (const AmparoRelease *r,
             const char          *today)
{
  g_autofree char *title = case_title (r->ref_code, r->partner_name);
  g_autofree char *scope = scope_text ((const char *const *) r->scope);
  g_autofree char *when = NULL;
  g_autofree char *subtitle = NULL;

  if (amparo_release_state (r, today) == AMPARO_RELEASE_REVOKED)
    {
      g_autofree char *date = amparo_gui_format_date (r->revoked);
      /* Translators: %s is a date */
      when = g_strdup_printf (_("Revoked %s"), date);
    }
  else
    {
      g_autofree char *date = amparo_gui_format_date (r->expires);
      /* Translators: %s is a date; said of a release of information */
      when = g_strdup_printf (strcmp (r->expires, today) < 0 ? _("Expired %s") : _("Ends %s"),
                              date);
    }
  /* Translators: when a release ends · the information it covers */
  subtitle = g_strdup_printf (_("%s · %s"), when, scope);
  return case_row (r->case_id, title, subtitle);
}

/* The service needed is a service type or a whole VOCA category. */
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
referral_row (const AmparoReferral *r)
{
  g_autofree char *title = case_title (r->ref_code, r->partner_name);
  g_autofree char *date = amparo_gui_format_date (r->date);
  g_autofree char *follow_up = amparo_gui_format_date (r->follow_up);
  g_autofree char *subtitle = NULL;
  const char *service = service_label (r->service_needed);

  if (r->follow_up != NULL)
    /* Translators: referral date · status · service needed · follow-up date */
    subtitle = g_strdup_printf (_("Referred %s · %s · %s · follow up %s"), date,
                                amparo_code_label ("referral_status", r->status), service,
                                follow_up);
  else
    /* Translators: referral date · status · service needed */
    subtitle = g_strdup_printf (_("Referred %s · %s · %s"), date,
                                amparo_code_label ("referral_status", r->status), service);
  return case_row (r->case_id, title, subtitle);
}

static void
finish_list (GtkListBox *list,
             guint       total,
             const char *empty)
{
  if (total == 0)
    gtk_list_box_append (list, amparo_gui_empty_row (empty));
  else if (total > MAX_ROWS)
    {
      g_autofree char *more = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "and %u more",
                                                            "and %u more", total - MAX_ROWS),
                                               total - MAX_ROWS);
      gtk_list_box_append (list, amparo_gui_empty_row (more));
    }
}

static void
show_error (GtkListBox   *list,
            const GError *error)
{
  gtk_list_box_append (list, amparo_gui_empty_row (error->message));
}

/* ---------------------------------------------------------- callbacks */

static void
row_activated_cb (GtkListBox          *list,
                  GtkListBoxRow       *row,
                  AmparoReferralsPage *self)
{
  gint64 *case_id = g_object_get_data (G_OBJECT (row), "amparo-case-id");

  if (case_id != NULL && !vault_gone (self->vault))
    gtk_widget_activate_action (GTK_WIDGET (self), "win.open-case", "x", *case_id);
}

static void
mapped_cb (AmparoReferralsPage *self)
{
  amparo_referrals_page_reload (self);
}

/* ------------------------------------------------------------ GObject */

static void
amparo_referrals_page_dispose (GObject *object)
{
  AmparoReferralsPage *self = AMPARO_REFERRALS_PAGE (object);

  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), AMPARO_TYPE_REFERRALS_PAGE);
  g_clear_object (&self->vault);
  G_OBJECT_CLASS (amparo_referrals_page_parent_class)->dispose (object);
}

static void
amparo_referrals_page_class_init (AmparoReferralsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = amparo_referrals_page_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/amparo/Amparo/amparo-referrals-page.ui");
  gtk_widget_class_bind_template_child (widget_class, AmparoReferralsPage, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, AmparoReferralsPage, expiring_list);
  gtk_widget_class_bind_template_child (widget_class, AmparoReferralsPage, ended_list);
  gtk_widget_class_bind_template_child (widget_class, AmparoReferralsPage, follow_up_list);
  gtk_widget_class_bind_template_child (widget_class, AmparoReferralsPage, no_response_list);
  gtk_widget_class_bind_template_callback (widget_class, row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, mapped_cb);
}

static void
amparo_referrals_page_init (AmparoReferralsPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_widget_set_name (GTK_WIDGET (self), "referrals-page");
}

/* --------------------------------------------------------- public API */

/**
 * amparo_referrals_page_new:
 *
 * Returns: (transfer floating): the Referrals & Releases page; advocates
 *   and supervisors only
 */
GtkWidget *
amparo_referrals_page_new (AmparoVault *vault)
{
  AmparoReferralsPage *self;

  g_return_val_if_fail (AMPARO_IS_VAULT (vault), NULL);

  self = g_object_new (AMPARO_TYPE_REFERRALS_PAGE, NULL);
  self->vault = g_object_ref (vault);
  /* filled each time it is shown (see mapped_cb) */
  return GTK_WIDGET (self);
}

/* One list: its rows, an "and N more" row, or why it could not be read. */
static void
fill_list (AmparoReferralsPage *self,
           GtkListBox          *list,
           AmparoConsentWatch   which,
           const char          *today,
           const char          *empty)
{
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GError) error = NULL;
  gboolean releases = which == AMPARO_CONSENT_WATCH_EXPIRING || which == AMPARO_CONSENT_WATCH_ENDED;
  guint total = 0;

  amparo_gui_list_box_clear (list);
  items = amparo_consent_watch_list (self->vault, which, today, MAX_ROWS, &total, &error);
  if (items == NULL)
    {
      show_error (list, error);
      return;
    }
  for (guint i = 0; i < items->len; i++)
    gtk_list_box_append (list, releases ? release_row (g_ptr_array_index (items, i), today)
                                        : referral_row (g_ptr_array_index (items, i)));
  finish_list (list, total, empty);
}

void
amparo_referrals_page_reload (AmparoReferralsPage *self)
{
  g_autofree char *today = amparo_date_today ();

  g_return_if_fail (AMPARO_IS_REFERRALS_PAGE (self));

  if (vault_gone (self->vault))
    {
      amparo_gui_list_box_clear (self->expiring_list);
      amparo_gui_list_box_clear (self->ended_list);
      amparo_gui_list_box_clear (self->follow_up_list);
      amparo_gui_list_box_clear (self->no_response_list);
      return;
    }
  fill_list (self, self->expiring_list, AMPARO_CONSENT_WATCH_EXPIRING, today,
             _("No release ends in the next 7 days"));
  fill_list (self, self->ended_list, AMPARO_CONSENT_WATCH_ENDED, today,
             _("No release ended in the last 30 days"));
  fill_list (self, self->follow_up_list, AMPARO_CONSENT_WATCH_FOLLOW_UP, today,
             _("No referral is waiting for a follow-up"));
  fill_list (self, self->no_response_list, AMPARO_CONSENT_WATCH_NO_RESPONSE, today,
             _("Every partner has answered"));
}
