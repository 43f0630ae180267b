/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "AmparoAuditPage"

#include <glib/gi18n.h>

#include "amparo-audit.h"
#include "amparo-audit-page.h"
#include "amparo-cases.h"
#include "amparo-codes.h"
#include "amparo-consent.h"
#include "amparo-gui-util.h"
#include "amparo-history.h"
#include "amparo-period.h"
#include "amparo-vault-tasks.h"

/* The supervisor's confidentiality audit for a half-year or a year:
 * releases that expired, were revoked or end soon; disclosures and their
 * grounds; who viewed contact records; files written; and the audit
 * chain's check. It runs when the page is first shown (each run is
 * logged), in a worker thread holding the vault, so a lock waits for it;
 * a result for a period no longer chosen is dropped. Cases appear by
 * number, never by name. */

#define EXPIRING_DAYS 30

struct _AmparoAuditPage
{
  AdwBin           parent_instance;

  AdwToastOverlay *toast_overlay;
  GtkSpinner      *spinner;
  AdwComboRow     *period_row;
  GtkListBox      *chain_list;
  GtkListBox      *expired_list;
  GtkListBox      *revoked_list;
  GtkListBox      *expiring_list;
  GtkListBox      *disclosures_list;
  GtkListBox      *views_list;
  GtkListBox      *files_list;

  AmparoVault     *vault;
  GPtrArray       *periods;         /* char *: "FROM TO" */
  guint            generation;
  gboolean         loaded;
};

G_DEFINE_FINAL_TYPE (AmparoAuditPage, amparo_audit_page, ADW_TYPE_BIN)

typedef struct
{
  AmparoVault                *vault;
  char                       *from;
  char                       *to;
  char                       *today;
  guint                       generation;
  AmparoConfidentialityAudit *audit;
  gboolean                    chain_ok;
  gint64                      chain_rows;
  char                       *chain_problem;
} AuditJob;

static void
audit_job_free (AuditJob *job)
{
  g_clear_object (&job->vault);
  g_free (job->from);
  g_free (job->to);
  g_free (job->today);
  g_clear_pointer (&job->audit, amparo_confidentiality_audit_free);
  g_free (job->chain_problem);
  g_free (job);
}

/* A page or section disposed on lock may still get a late callback. */
static gboolean
vault_gone (AmparoVault *vault)
{
  return vault == NULL || amparo_vault_is_locked (vault);
}

/* ------------------------------------------------------------ helpers */

static GtkWidget *
info_row (const char *title,
          const char *subtitle)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (subtitle != NULL && *subtitle != '\0')
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
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
  if (s->len == 0)
    g_string_append (s, _("the reference code only"));
  return g_string_free (g_steal_pointer (&s), FALSE);
}

static const char *
grounds_label (const AmparoDisclosure *d)
{
  const char *grounds = amparo_disclosure_grounds (d);

  if (g_str_equal (grounds, "release"))
    return _("a signed release covered it");
  if (g_str_equal (grounds, "mandated_report"))
    return _("required by law (mandated report)");
  return _("nothing identifying was shared");
}

typedef enum { ENDED_EXPIRED, ENDED_REVOKED, ENDS_SOON } ReleaseList;

static void
fill_releases (GtkListBox  *list,
               GPtrArray   *releases,
               ReleaseList  kind)
{
  gboolean revoked = kind == ENDED_REVOKED;

  for (guint i = 0; i < releases->len; i++)
    {
      const AmparoRelease *r = g_ptr_array_index (releases, i);
      g_autofree char *date = amparo_gui_format_date (revoked ? r->revoked : r->expires);
      g_autofree char *scope = scope_text ((const char *const *) r->scope);
      g_autofree char *title = NULL;
      g_autofree char *subtitle = NULL;

      /* Translators: case number, then a partner organisation */
      title = g_strdup_printf (_("Case %lld · %s"), (long long) r->case_id,
                               r->partner_name != NULL ? r->partner_name : "");
      /* Translators: a date, then the information a release covered */
      subtitle = g_strdup_printf (kind == ENDED_REVOKED ? _("Revoked %s · %s")
                                  : kind == ENDED_EXPIRED ? _("Expired %s · %s")
                                  : _("Ends %s · %s"), date, scope);
      gtk_list_box_append (list, info_row (title, subtitle));
    }
  if (releases->len == 0)
    gtk_list_box_append (list, amparo_gui_empty_row (_("None")));
}

static void
fill (AmparoAuditPage *self,
      AuditJob        *job)
{
  AmparoConfidentialityAudit *a = job->audit;

  if (job->chain_ok)
    {
      g_autofree char *rows = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                            "%lld entry checked",
                                                            "%lld entries checked",
                                                            (gulong) job->chain_rows),
                                               (long long) job->chain_rows);
      GtkWidget *row = info_row (_("No record was altered"), rows);

      adw_action_row_add_prefix (ADW_ACTION_ROW (row),
                                 gtk_image_new_from_icon_name ("emblem-ok-symbolic"));
      gtk_widget_set_name (row, "audit-chain-ok");
      gtk_list_box_append (self->chain_list, row);
    }
  else
    {
      GtkWidget *row = info_row (_("The audit log was altered"), job->chain_problem);

      adw_action_row_add_prefix (ADW_ACTION_ROW (row),
                                 gtk_image_new_from_icon_name ("dialog-warning-symbolic"));
      adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
      gtk_widget_add_css_class (row, "error");
      gtk_widget_set_name (row, "audit-chain-broken");
      gtk_list_box_append (self->chain_list, row);
    }

  fill_releases (self->expired_list, a->expired, ENDED_EXPIRED);
  fill_releases (self->revoked_list, a->revoked, ENDED_REVOKED);
  fill_releases (self->expiring_list, a->expiring, ENDS_SOON);

  for (guint i = 0; i < a->disclosures->len; i++)
    {
      const AmparoDisclosure *d = g_ptr_array_index (a->disclosures, i);
      g_autofree char *date = amparo_gui_format_date (d->date);
      g_autofree char *scope = scope_text ((const char *const *) d->scope);
      const char *to = d->partner_name != NULL ? d->partner_name
                       : amparo_code_label ("sector", d->recipient_sector);
      g_autofree char *title = NULL;
      g_autofree char *subtitle = NULL;

      /* Translators: date · kind of disclosure · case number · recipient */
      title = g_strdup_printf (_("%s · %s · case %lld · %s"), date,
                               amparo_code_label ("disclosure_kind", d->kind), (long long) d->case_id,
                               to != NULL ? to : "");
      /* Translators: what was shared; grounds; the staff account */
      subtitle = g_strdup_printf (_("Shared: %s. Grounds: %s. By %s."), scope, grounds_label (d),
                                  d->staff != NULL ? d->staff : "");
      gtk_list_box_append (self->disclosures_list, info_row (title, subtitle));
    }
  if (a->disclosures->len == 0)
    gtk_list_box_append (self->disclosures_list,
                         amparo_gui_empty_row (_("Nothing left the agency in this period")));

  for (guint i = 0; i < a->views->len; i++)
    {
      const AmparoStaffCount *c = g_ptr_array_index (a->views, i);
      g_autofree char *count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                             "%lld view",
                                                             "%lld views",
                                                             (gulong) c->count), (long long) c->count);

      gtk_list_box_append (self->views_list, info_row (c->staff, count));
    }
  if (a->views->len == 0)
    gtk_list_box_append (self->views_list, amparo_gui_empty_row (_("None")));

  for (guint i = 0; i < a->files->len; i++)
    {
      const AmparoAuditEntry *e = g_ptr_array_index (a->files, i);
      g_autofree char *what = amparo_history_describe (e->action, e->actor, e->detail);
      g_autofree char *when = amparo_gui_format_timestamp (e->at);
      g_autofree char *subtitle = NULL;

      if (e->case_id > 0)
        /* Translators: a time, then a case number */
        subtitle = g_strdup_printf (_("%s · case %lld"), when, (long long) e->case_id);
      gtk_list_box_append (self->files_list, info_row (what, subtitle != NULL ? subtitle : when));
    }
  if (a->files->len == 0)
    gtk_list_box_append (self->files_list, amparo_gui_empty_row (_("None")));
}

static void
clear_lists (AmparoAuditPage *self)
{
  GtkListBox *lists[] = {
    self->chain_list, self->expired_list, self->revoked_list, self->expiring_list,
    self->disclosures_list, self->views_list, self->files_list,
  };

  for (guint i = 0; i < G_N_ELEMENTS (lists); i++)
    amparo_gui_list_box_clear (lists[i]);
}

/* ------------------------------------------------------------- worker */

static void
audit_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  AuditJob *job = task_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) chain_error = NULL;
  sqlite3 *db;

  job->audit = amparo_confidentiality_audit (job->vault, job->from, job->to, job->today,
                                             EXPIRING_DAYS, &error);
  if (job->audit == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  db = amparo_vault_get_cases_db (job->vault, &error);
  if (db == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  job->chain_ok = amparo_audit_verify (db, &job->chain_rows, &chain_error);
  if (!job->chain_ok)
    job->chain_problem = g_strdup (chain_error->message);
  g_task_return_boolean (task, TRUE);
}

static void
audit_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  AmparoAuditPage *self = AMPARO_AUDIT_PAGE (source);
  AuditJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  gboolean ok = g_task_propagate_boolean (G_TASK (result), &error);

  amparo_vault_task_release (job->vault);
  if (job->generation != self->generation || vault_gone (self->vault))
    return;
  gtk_spinner_set_spinning (self->spinner, FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), FALSE);
  clear_lists (self);
  if (!ok)
    {
      gtk_list_box_append (self->chain_list, amparo_gui_empty_row (error->message));
      return;
    }
  fill (self, job);
  self->loaded = TRUE;
}

/* ---------------------------------------------------------- callbacks */

static void
period_changed_cb (AmparoAuditPage *self)
{
  if (self->vault != NULL && gtk_widget_get_mapped (GTK_WIDGET (self)))
    amparo_audit_page_reload (self);
}

/* The audit runs when first shown, not when the page is built: running it
 * is logged, and unlocking is not an audit. */
static void
amparo_audit_page_map (GtkWidget *widget)
{
  AmparoAuditPage *self = AMPARO_AUDIT_PAGE (widget);

  GTK_WIDGET_CLASS (amparo_audit_page_parent_class)->map (widget);
  if (self->generation == 0)
    amparo_audit_page_reload (self);
}

/* ------------------------------------------------------------ GObject */

static void
amparo_audit_page_dispose (GObject *object)
{
  AmparoAuditPage *self = AMPARO_AUDIT_PAGE (object);

  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), AMPARO_TYPE_AUDIT_PAGE);
  g_clear_pointer (&self->periods, g_ptr_array_unref);
  g_clear_object (&self->vault);
  G_OBJECT_CLASS (amparo_audit_page_parent_class)->dispose (object);
}

static void
amparo_audit_page_class_init (AmparoAuditPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = amparo_audit_page_dispose;
  widget_class->map = amparo_audit_page_map;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/amparo/Amparo/amparo-audit-page.ui");
  gtk_widget_class_bind_template_child (widget_class, AmparoAuditPage, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, AmparoAuditPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, AmparoAuditPage, period_row);
  gtk_widget_class_bind_template_child (widget_class, AmparoAuditPage, chain_list);
  gtk_widget_class_bind_template_child (widget_class, AmparoAuditPage, expired_list);
  gtk_widget_class_bind_template_child (widget_class, AmparoAuditPage, revoked_list);
  gtk_widget_class_bind_template_child (widget_class, AmparoAuditPage, expiring_list);
  gtk_widget_class_bind_template_child (widget_class, AmparoAuditPage, disclosures_list);
  gtk_widget_class_bind_template_child (widget_class, AmparoAuditPage, views_list);
  gtk_widget_class_bind_template_child (widget_class, AmparoAuditPage, files_list);
  gtk_widget_class_bind_template_callback (widget_class, period_changed_cb);
}

static void
add_period (AmparoAuditPage *self,
            GtkStringList   *labels,
            const char      *label,
            const char      *from,
            const char      *to)
{
  gtk_string_list_append (labels, label);
  g_ptr_array_add (self->periods, g_strdup_printf ("%s %s", from, to));
}

/* The last two half-years and the last two calendar years, newest first:
 * the agreements ask for a semiannual or an annual audit. */
static void
build_periods (AmparoAuditPage *self)
{
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
  g_autoptr(GDate) today = g_date_new ();
  AmparoPeriod half, previous;
  int year;

  g_date_set_time_t (today, time (NULL));
  year = g_date_get_year (today);
  amparo_period_containing (&half, AMPARO_PERIOD_HALF, today);
  amparo_period_previous (&half, &previous);
  for (AmparoPeriod *p = &half; p != NULL; p = p == &half ? &previous : NULL)
    {
      g_autofree char *label = amparo_period_get_label (p);
      g_autofree char *from = amparo_period_get_start_string (p);
      g_autofree char *to = amparo_period_get_end_string (p);

      add_period (self, labels, label, from, to);
    }
  for (int y = year; y >= year - 1; y--)
    {
      g_autofree char *label = g_strdup_printf ("%d", y);
      g_autofree char *from = g_strdup_printf ("%04d-01-01", y);
      g_autofree char *to = g_strdup_printf ("%04d-12-31", y);

      add_period (self, labels, label, from, to);
    }
  adw_combo_row_set_model (self->period_row, G_LIST_MODEL (labels));
}

static void
amparo_audit_page_init (AmparoAuditPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_widget_set_name (GTK_WIDGET (self), "audit-page");
  self->periods = g_ptr_array_new_with_free_func (g_free);
  build_periods (self);
}

/* --------------------------------------------------------- public API */

/**
 * amparo_audit_page_new:
 *
 * Returns: (transfer floating): the Audit page; supervisors only
 */
GtkWidget *
amparo_audit_page_new (AmparoVault *vault)
{
  AmparoAuditPage *self;

  g_return_val_if_fail (AMPARO_IS_VAULT (vault), NULL);

  self = g_object_new (AMPARO_TYPE_AUDIT_PAGE, NULL);
  self->vault = g_object_ref (vault);
  return GTK_WIDGET (self);
}

/**
 * amparo_audit_page_reload:
 *
 * Runs the audit for the chosen period in a worker thread; each run is
 * logged (`audit.confidentiality`).
 */
void
amparo_audit_page_reload (AmparoAuditPage *self)
{
  g_autoptr(GTask) task = NULL;
  g_auto(GStrv) range = NULL;
  guint selected;
  AuditJob *job;

  g_return_if_fail (AMPARO_IS_AUDIT_PAGE (self));

  if (vault_gone (self->vault))
    return;
  selected = adw_combo_row_get_selected (self->period_row);
  if (selected >= self->periods->len)
    selected = 0;
  range = g_strsplit (g_ptr_array_index (self->periods, selected), " ", 2);

  self->loaded = FALSE;
  job = g_new0 (AuditJob, 1);
  job->vault = g_object_ref (self->vault);
  job->from = g_strdup (range[0]);
  job->to = g_strdup (range[1]);
  job->today = amparo_date_today ();
  job->generation = ++self->generation;
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), TRUE);
  gtk_spinner_set_spinning (self->spinner, TRUE);

  amparo_vault_task_hold (self->vault);
  task = g_task_new (self, NULL, audit_done_cb, NULL);
  g_task_set_task_data (task, job, (GDestroyNotify) audit_job_free);
  g_task_run_in_thread (task, audit_thread);
}

/**
 * amparo_audit_page_is_loaded:
 *
 * Returns: whether the latest audit has been shown
 */
gboolean
amparo_audit_page_is_loaded (AmparoAuditPage *self)
{
  g_return_val_if_fail (AMPARO_IS_AUDIT_PAGE (self), FALSE);

  return self->loaded;
}
