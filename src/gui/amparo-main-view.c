/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "AmparoMainView"

#include <glib/gi18n.h>

#include "amparo-accounts-page.h"
#include "amparo-audit-page.h"
#include "amparo-coordinator-page.h"
#include "amparo-main-view.h"
#include "amparo-partners-page.h"
#include "amparo-referrals-page.h"
#include "amparo-reports-page.h"
#include "amparo-share-page.h"

/* Everything shown while the vault is unlocked: the header bar with the
 * lock button, the pages that fit the vault's kind and the person's role,
 * and the case page slid in over them. The window destroys this whole
 * view on lock, so nothing that showed case data outlives the lock. */

struct _AmparoMainView
{
  AdwBin               parent_instance;

  AdwLeaflet          *leaflet;
  AdwViewSwitcherTitle *switcher_title;
  AdwViewStack        *view_stack;
  GtkSpinner          *busy_spinner;
  GtkRevealer         *demo_revealer;
  GtkRevealer         *backup_revealer;
  GtkLabel            *backup_label;
  AdwBin              *case_bin;

  AmparoVault         *vault;
  AmparoCaseList      *case_list;
};

G_DEFINE_FINAL_TYPE (AmparoMainView, amparo_main_view, ADW_TYPE_BIN)

typedef GtkWidget *(*PageNew) (AmparoVault *vault);

/* Pages other than the first are built the first time they are shown:
 * unlocking then costs one page, not seven, in time and in memory. */
static void
add_page (AmparoMainView *self,
          const char     *name,
          const char     *title,
          const char     *icon,
          PageNew         page_new,
          gboolean        now)
{
  GtkWidget *child;

  if (now)
    child = page_new (self->vault);
  else
    {
      child = adw_bin_new ();
      g_object_set_data (G_OBJECT (child), "amparo-page-new", page_new);
    }
  adw_view_stack_add_titled_with_icon (self->view_stack, child, name, title, icon);
}

static void
build_shown_page (AmparoMainView *self)
{
  GtkWidget *child = adw_view_stack_get_visible_child (self->view_stack);
  PageNew page_new;

  if (child == NULL || self->vault == NULL
      || (page_new = g_object_steal_data (G_OBJECT (child), "amparo-page-new")) == NULL)
    return;
  adw_bin_set_child (ADW_BIN (child), page_new (self->vault));
}

/* Which pages fit: an agency's staff see case work, a coordinator's vault
 * has no cases; the reporting role sees coded data and reports only. */
static void
build_pages (AmparoMainView *self)
{
  AmparoRole role = amparo_vault_get_role (self->vault);
  gboolean agency = amparo_vault_get_kind (self->vault) == AMPARO_VAULT_KIND_AGENCY;
  gboolean reporting = role == AMPARO_ROLE_REPORTING;
  gboolean supervisor = role == AMPARO_ROLE_SUPERVISOR;

  if (agency)
    {
      self->case_list = AMPARO_CASE_LIST (amparo_case_list_new (self->vault));
      adw_view_stack_add_titled_with_icon (self->view_stack, GTK_WIDGET (self->case_list), "cases",
                                           _("Cases"), "folder-documents-symbolic");
      if (!reporting)
        {
          add_page (self, "partners", _("Partners"), "x-office-address-book-symbolic",
                    amparo_partners_page_new, FALSE);
          add_page (self, "referrals", _("Referrals & Releases"), "mail-send-symbolic",
                    amparo_referrals_page_new, FALSE);
        }
      add_page (self, "reports", _("Reports"), "x-office-spreadsheet-symbolic",
                amparo_reports_page_new, FALSE);
      add_page (self, "share", _("Share"), "send-to-symbolic", amparo_share_page_new, FALSE);
    }
  else
    add_page (self, "coordinator", _("Coordinator"), "network-workgroup-symbolic",
              amparo_coordinator_page_new, TRUE);

  if (supervisor)
    {
      add_page (self, "audit", _("Audit"), "security-high-symbolic", amparo_audit_page_new, FALSE);
      add_page (self, "staff", _("Staff"), "system-users-symbolic", amparo_accounts_page_new,
                FALSE);
    }
  g_signal_connect_object (self->view_stack, "notify::visible-child",
                           G_CALLBACK (build_shown_page), self, G_CONNECT_SWAPPED);
}

static void
transition_running_cb (AmparoMainView *self)
{
  /* once back on the list, the case page goes away for good */
  if (!adw_leaflet_get_child_transition_running (self->leaflet)
      && g_strcmp0 (adw_leaflet_get_visible_child_name (self->leaflet), "browse") == 0)
    adw_bin_set_child (self->case_bin, NULL);
}

static void
back_clicked_cb (AmparoMainView *self)
{
  amparo_main_view_close_case (self);
}

static void
amparo_main_view_dispose (GObject *object)
{
  AmparoMainView *self = AMPARO_MAIN_VIEW (object);

  /* the bin's child is a template child: unparent it through AdwBin
   * before the template lets go of it */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), AMPARO_TYPE_MAIN_VIEW);
  self->case_list = NULL;
  g_clear_object (&self->vault);
  G_OBJECT_CLASS (amparo_main_view_parent_class)->dispose (object);
}

static void
amparo_main_view_class_init (AmparoMainViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = amparo_main_view_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/amparo/Amparo/amparo-main-view.ui");
  gtk_widget_class_bind_template_child (widget_class, AmparoMainView, leaflet);
  gtk_widget_class_bind_template_child (widget_class, AmparoMainView, view_stack);
  gtk_widget_class_bind_template_child (widget_class, AmparoMainView, switcher_title);
  gtk_widget_class_bind_template_child (widget_class, AmparoMainView, busy_spinner);
  gtk_widget_class_bind_template_child (widget_class, AmparoMainView, demo_revealer);
  gtk_widget_class_bind_template_child (widget_class, AmparoMainView, backup_revealer);
  gtk_widget_class_bind_template_child (widget_class, AmparoMainView, backup_label);
  gtk_widget_class_bind_template_child (widget_class, AmparoMainView, case_bin);
  gtk_widget_class_bind_template_callback (widget_class, transition_running_cb);
  gtk_widget_class_bind_template_callback (widget_class, back_clicked_cb);
}

static void
amparo_main_view_init (AmparoMainView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * amparo_main_view_new:
 * @demo: whether @vault is the throw-away demo vault
 *
 * Returns: (transfer floating): the view for an unlocked vault
 */
GtkWidget *
amparo_main_view_new (AmparoVault *vault,
                      gboolean     demo)
{
  AmparoMainView *self;

  g_return_val_if_fail (AMPARO_IS_VAULT (vault), NULL);

  self = g_object_new (AMPARO_TYPE_MAIN_VIEW, NULL);
  self->vault = g_object_ref (vault);
  gtk_revealer_set_reveal_child (self->demo_revealer, demo);
  if (demo)
    adw_view_switcher_title_set_title (self->switcher_title, _("Amparo — demo"));
  build_pages (self);
  return GTK_WIDGET (self);
}

AmparoVault *
amparo_main_view_get_vault (AmparoMainView *self)
{
  g_return_val_if_fail (AMPARO_IS_MAIN_VIEW (self), NULL);
  return self->vault;
}

/**
 * amparo_main_view_get_case_list:
 *
 * Returns: (transfer none) (nullable): the Cases page; %NULL in a
 *   coordinator's vault
 */
AmparoCaseList *
amparo_main_view_get_case_list (AmparoMainView *self)
{
  g_return_val_if_fail (AMPARO_IS_MAIN_VIEW (self), NULL);
  return self->case_list;
}

void
amparo_main_view_show_case_widget (AmparoMainView *self,
                                   GtkWidget      *widget)
{
  g_return_if_fail (AMPARO_IS_MAIN_VIEW (self));
  g_return_if_fail (GTK_IS_WIDGET (widget));

  adw_bin_set_child (self->case_bin, widget);
  adw_leaflet_set_visible_child_name (self->leaflet, "case");
}

void
amparo_main_view_close_case (AmparoMainView *self)
{
  g_return_if_fail (AMPARO_IS_MAIN_VIEW (self));

  adw_leaflet_set_visible_child_name (self->leaflet, "browse");
  if (!adw_leaflet_get_child_transition_running (self->leaflet))
    adw_bin_set_child (self->case_bin, NULL);
}

GtkWidget *
amparo_main_view_get_case_widget (AmparoMainView *self)
{
  g_return_val_if_fail (AMPARO_IS_MAIN_VIEW (self), NULL);
  return adw_bin_get_child (self->case_bin);
}

gboolean
amparo_main_view_set_page (AmparoMainView *self,
                           const char     *name)
{
  g_return_val_if_fail (AMPARO_IS_MAIN_VIEW (self), FALSE);

  if (!amparo_main_view_has_page (self, name))
    return FALSE;
  adw_view_stack_set_visible_child_name (self->view_stack, name);
  amparo_main_view_close_case (self);
  return TRUE;
}

const char *
amparo_main_view_get_page (AmparoMainView *self)
{
  g_return_val_if_fail (AMPARO_IS_MAIN_VIEW (self), NULL);
  return adw_view_stack_get_visible_child_name (self->view_stack);
}

gboolean
amparo_main_view_has_page (AmparoMainView *self,
                           const char     *name)
{
  g_return_val_if_fail (AMPARO_IS_MAIN_VIEW (self), FALSE);
  return name != NULL && adw_view_stack_get_child_by_name (self->view_stack, name) != NULL;
}

void
amparo_main_view_focus_search (AmparoMainView *self)
{
  g_return_if_fail (AMPARO_IS_MAIN_VIEW (self));

  if (self->case_list == NULL)
    return;
  amparo_main_view_set_page (self, "cases");
  amparo_case_list_focus_search (self->case_list);
}

void
amparo_main_view_set_busy (AmparoMainView *self,
                           gboolean        busy)
{
  g_return_if_fail (AMPARO_IS_MAIN_VIEW (self));

  gtk_widget_set_visible (GTK_WIDGET (self->busy_spinner), busy);
  gtk_spinner_set_spinning (self->busy_spinner, busy);
}

/**
 * amparo_main_view_set_backup_reminder:
 * @text: (nullable): the reminder, or %NULL to hide it
 */
void
amparo_main_view_set_backup_reminder (AmparoMainView *self,
                                      const char     *text)
{
  g_return_if_fail (AMPARO_IS_MAIN_VIEW (self));

  if (text != NULL)
    gtk_label_set_label (self->backup_label, text);
  gtk_revealer_set_reveal_child (self->backup_revealer, text != NULL);
}
