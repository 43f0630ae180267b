/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <string.h>
#include <glib/gstdio.h>

#include "amparo-gui-test.h"
#include "amparo-audit-page.h"
#include "amparo-case-page.h"
#include "amparo-cases.h"
#include "amparo-code-checklist.h"
#include "amparo-code-row.h"
#include "amparo-consent-section.h"
#include "amparo-consent.h"
#include "amparo-db.h"
#include "amparo-demo.h"
#include "amparo-main-view.h"
#include "amparo-partner-dialog.h"
#include "amparo-partners-page.h"
#include "amparo-partners.h"
#include "amparo-referrals-page.h"
#include "amparo-vault.h"

/* The consent pages on a demo vault: the partner directory, the case's
 * releases section, the audit page, and what the reporting role is
 * never given. */

#define PASS "correct horse battery"

typedef struct
{
  char        *dir;
  char        *vault_dir;
  AmparoVault *supervisor;           /* "sara" */
  AmparoVault *reporting;            /* "rita" */
  gint64       case_id;              /* a demo case */
} Fixture;

/* ------------------------------------------------------------ helpers */

/* A shown top-level window with this widget name, or of this type. */
static GtkWidget *
find_toplevel (const char *name,
               GType       type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWidget) w = g_list_model_get_item (toplevels, i);

      if (!gtk_widget_get_visible (w))
        continue;
      if ((name != NULL && g_strcmp0 (gtk_widget_get_name (w), name) == 0)
          || (type != G_TYPE_NONE && G_TYPE_CHECK_INSTANCE_TYPE (w, type)))
        return w;
    }
  return NULL;
}

static gint64
query_int (AmparoVault *vault,
           const char  *format,
           ...)
{
  g_autofree char *sql = NULL;
  va_list args;

  va_start (args, format);
  sql = g_strdup_vprintf (format, args);
  va_end (args);
  return amparo_db_query_int (amparo_vault_get_cases_db (vault, NULL), sql, -1);
}

static guint
n_partners (AmparoVault *vault)
{
  g_autoptr(GPtrArray) partners = amparo_partners_list (vault, FALSE, NULL);

  g_assert_nonnull (partners);
  return partners->len;
}

/* Every control a person operates carries a name for screen readers. */
static void
assert_controls_named (GtkWidget *root,
                       guint     *n_checked)
{
  if (!gtk_widget_get_visible (root))
    return;
  if (GTK_IS_TEXT (root) || GTK_IS_SWITCH (root) || GTK_IS_CHECK_BUTTON (root)
      || GTK_IS_SPIN_BUTTON (root) || GTK_IS_TEXT_VIEW (root) || GTK_IS_SEARCH_ENTRY (root))
    {
      gboolean named = gtk_test_accessible_has_property (GTK_ACCESSIBLE (root),
                                                         GTK_ACCESSIBLE_PROPERTY_LABEL)
                       || gtk_test_accessible_has_relation (GTK_ACCESSIBLE (root),
                                                            GTK_ACCESSIBLE_RELATION_LABELLED_BY);
      if (!named)
        {
          g_autoptr(GString) path = g_string_new (NULL);

          for (GtkWidget *w = root; w != NULL; w = gtk_widget_get_parent (w))
            g_string_prepend (path, G_OBJECT_TYPE_NAME (w)), g_string_prepend_c (path, '/');
          g_error ("An unnamed control: %s", path->str);
        }
      (*n_checked)++;
    }
  for (GtkWidget *c = gtk_widget_get_first_child (root); c != NULL;
       c = gtk_widget_get_next_sibling (c))
    assert_controls_named (c, n_checked);
}

static char *
days_from_today (int days)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) then = g_date_time_add_days (now, days);

  return g_date_time_format (then, "%Y-%m-%d");
}

static void
open_case_cb (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  *(gint64 *) user_data = g_variant_get_int64 (parameter);
}

/* ------------------------------------------------------------ fixture */

static void
fixture_setup (Fixture      *f,
               gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("amparo-consent-gui-XXXXXX", &error);
  g_assert_no_error (error);
  f->vault_dir = g_build_filename (f->dir, "vault", NULL);
  f->supervisor = amparo_vault_create (f->vault_dir, AMPARO_VAULT_KIND_AGENCY, "Refugio", "sara",
                                       PASS, &error);
  g_assert_no_error (error);
  g_assert_true (amparo_vault_add_account (f->supervisor, "rita", AMPARO_ROLE_REPORTING, PASS,
                                           &error));
  g_assert_true (amparo_demo_generate (f->supervisor, 30, 7, &error));
  g_assert_no_error (error);
  f->case_id = query_int (f->supervisor, "SELECT MIN(id) FROM cases;");
  g_assert_cmpint (f->case_id, >, 0);
  f->reporting = amparo_vault_unlock (f->vault_dir, "rita", PASS, &error);
  g_assert_no_error (error);
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);
      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

static void
fixture_teardown (Fixture      *f,
                  gconstpointer data)
{
  amparo_vault_lock (f->supervisor);
  amparo_vault_lock (f->reporting);
  spin ();
  g_clear_object (&f->supervisor);
  g_clear_object (&f->reporting);
  remove_tree (f->dir);
  g_free (f->vault_dir);
  g_free (f->dir);
}

/* -------------------------------------------------------------- tests */

static void
test_partners_page_lists_and_adds (Fixture      *f,
                                   gconstpointer data)
{
  GtkWidget *page = amparo_partners_page_new (f->supervisor);
  GtkWidget *window = show_in_window (page);
  GtkWidget *dialog;
  guint before = n_partners (f->supervisor);
  g_autoptr(GPtrArray) partners = NULL;
  const AmparoPartner *added = NULL;

  g_assert_cmpuint (before, >, 0);
  g_assert_cmpuint (amparo_partners_page_get_n_shown (AMPARO_PARTNERS_PAGE (page)), ==, before);

  gtk_widget_activate_action (page, "partners.add", NULL);
  spin ();
  dialog = find_toplevel (NULL, AMPARO_TYPE_PARTNER_DIALOG);
  g_assert_nonnull (dialog);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  gtk_editable_set_text (GTK_EDITABLE (find_named (dialog, "partner-name")),
                         "Casa Nueva Esperanza");
  gtk_editable_set_text (GTK_EDITABLE (find_named (dialog, "partner-services")),
                         "Legal clinic, protection orders");
  gtk_editable_set_text (GTK_EDITABLE (find_named (dialog, "partner-languages")), "en, es");
  gtk_editable_set_text (GTK_EDITABLE (find_named (dialog, "partner-hours")), "Mon–Fri 9–5");
  gtk_editable_set_text (GTK_EDITABLE (find_named (dialog, "partner-contact")), "Intake desk");
  amparo_code_row_set_code (AMPARO_CODE_ROW (find_named (dialog, "partner-sector")), "legal_aid");
  adw_combo_row_set_selected (ADW_COMBO_ROW (find_named (dialog, "partner-tier")), 2);
  gtk_editable_set_text (GTK_EDITABLE (find_named (dialog, "partner-signed")), "2026-01-15");

  /* a date that is no date is refused, and nothing is written */
  gtk_editable_set_text (GTK_EDITABLE (find_named (dialog, "partner-review")), "2027-13-45");
  g_signal_emit_by_name (find_named (dialog, "partner-save"), "clicked");
  spin ();
  g_assert_nonnull (dialog);
  {
    GtkWidget *problem = find_named (dialog, "partner-error");

    g_assert_true (gtk_revealer_get_reveal_child (GTK_REVEALER (gtk_widget_get_parent (problem))));
    g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (problem)), "Next review"));
  }
  g_assert_cmpuint (n_partners (f->supervisor), ==, before);

  gtk_editable_set_text (GTK_EDITABLE (find_named (dialog, "partner-review")), "2027-01-15");
  g_signal_emit_by_name (find_named (dialog, "partner-save"), "clicked");
  spin ();
  g_assert_null (dialog);

  /* it is in the core with every field, and on the page */
  g_assert_cmpuint (n_partners (f->supervisor), ==, before + 1);
  partners = amparo_partners_list (f->supervisor, FALSE, NULL);
  for (guint i = 0; i < partners->len; i++)
    {
      const AmparoPartner *p = g_ptr_array_index (partners, i);
      if (g_str_equal (p->name, "Casa Nueva Esperanza"))
        added = p;
    }
  g_assert_nonnull (added);
  g_assert_cmpstr (added->sector, ==, "legal_aid");
  g_assert_cmpint (added->tier, ==, 3);
  g_assert_cmpstr (added->languages, ==, "en, es");
  g_assert_cmpstr (added->contact_person, ==, "Intake desk");
  g_assert_cmpstr (added->agreement_signed, ==, "2026-01-15");
  g_assert_cmpstr (added->next_review, ==, "2027-01-15");
  g_assert_true (shows_text (page, "Casa Nueva Esperanza"));

  /* search as you type */
  amparo_partners_page_set_search (AMPARO_PARTNERS_PAGE (page), "nueva esperanza");
  g_assert_cmpuint (amparo_partners_page_get_n_shown (AMPARO_PARTNERS_PAGE (page)), ==, 1);
  amparo_partners_page_set_search (AMPARO_PARTNERS_PAGE (page), "");
  g_assert_cmpuint (amparo_partners_page_get_n_shown (AMPARO_PARTNERS_PAGE (page)), ==,
                    before + 1);
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_directory_file_round_trip_and_bad_file (Fixture      *f,
                                             gconstpointer data)
{
  GtkWidget *page = amparo_partners_page_new (f->supervisor);
  GtkWidget *window = show_in_window (page);
  g_autofree char *good = g_build_filename (f->dir, "directory.ampd", NULL);
  g_autofree char *bad = g_build_filename (f->dir, "broken.ampd", NULL);
  g_autoptr(GFile) good_file = g_file_new_for_path (good);
  g_autoptr(GFile) bad_file = g_file_new_for_path (bad);
  guint before = n_partners (f->supervisor);
  GtkWidget *error_dialog;

  g_assert_true (amparo_partners_page_export_file (AMPARO_PARTNERS_PAGE (page), good_file));
  g_assert_true (g_file_test (good, G_FILE_TEST_IS_REGULAR));
  g_assert_true (amparo_partners_page_import_file (AMPARO_PARTNERS_PAGE (page), good_file));
  g_assert_cmpuint (n_partners (f->supervisor), ==, before);

  g_assert_true (g_file_set_contents (bad, "{\"format\": \"amparo-directory\", \"version\": 1,"
                                           " \"partners\": [{\"organisation\": 7}]}", -1, NULL));
  g_assert_false (amparo_partners_page_import_file (AMPARO_PARTNERS_PAGE (page), bad_file));
  spin ();
  error_dialog = find_toplevel ("partners-import-error", G_TYPE_NONE);
  g_assert_nonnull (error_dialog);
  g_assert_true (shows_text (error_dialog, "Nothing in your directory was changed"));
  g_assert_cmpuint (n_partners (f->supervisor), ==, before);
  gtk_window_destroy (GTK_WINDOW (error_dialog));
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_release_added_then_revoked (Fixture      *f,
                                 gconstpointer data)
{
  g_autoptr(AmparoPartner) partner = amparo_partner_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) releases = NULL;
  g_autoptr(AmparoRelease) after = NULL;
  g_autofree char *today = amparo_date_today ();
  g_autofree char *pdf = g_build_filename (f->dir, "release.pdf", NULL);
  g_autoptr(GFile) pdf_file = g_file_new_for_path (pdf);
  g_autofree char *pdf_head = NULL;
  GtkWidget *page, *window, *section, *dialog, *confirm, *revoke;
  const AmparoRelease *made = NULL;
  GArray *ids;
  gint64 partner_id, revokes_before;
  guint index = G_MAXUINT;

  partner->name = g_strdup ("Riverside Legal Project");
  partner->sector = g_strdup ("legal_aid");
  partner->tier = 2;
  partner->active = TRUE;
  partner_id = amparo_partners_add (f->supervisor, partner, &error);
  g_assert_no_error (error);

  page = amparo_case_page_new (f->supervisor, f->case_id);
  window = show_in_window (page);
  amparo_case_page_show_section (AMPARO_CASE_PAGE (page), "releases");
  section = find_named (page, "consent-section");
  g_assert_nonnull (section);

  gtk_widget_activate_action (section, "consent.add-release", NULL);
  spin ();
  dialog = find_toplevel ("release-dialog", G_TYPE_NONE);
  g_assert_nonnull (dialog);
  /* the end date defaults to the preference: 30 days */
  {
    g_autofree char *expected = NULL;
    g_autoptr(GDate) d = g_date_new ();
    char text[11];

    g_date_set_parse (d, today);
    g_date_add_days (d, 30);
    g_snprintf (text, sizeof text, "%04d-%02d-%02d", g_date_get_year (d), g_date_get_month (d),
                g_date_get_day (d));
    expected = g_strdup (text);
    g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (find_named (dialog, "release-expires"))),
                     ==, expected);
  }
  ids = g_object_get_data (G_OBJECT (dialog), "partner-ids");
  for (guint i = 0; i < ids->len; i++)
    if (g_array_index (ids, gint64, i) == partner_id)
      index = i;
  g_assert_cmpuint (index, !=, G_MAXUINT);
  adw_combo_row_set_selected (ADW_COMBO_ROW (find_named (dialog, "release-partner")), index);
  amparo_code_checklist_set_active (AMPARO_CODE_CHECKLIST (find_named (dialog, "release-scope")),
                                    "contact", TRUE);
  /* nothing to share ticked until now: typing a date re-checks the form */
  gtk_editable_set_text (GTK_EDITABLE (find_named (dialog, "release-expires")), "");
  g_assert_false (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "ok"));
  g_assert_true (gtk_widget_get_visible (find_named (dialog, "release-problem")));
  g_assert_true (shows_text (dialog, "must have an end date"));
  {
    g_autoptr(GDate) d = g_date_new ();
    char text[11];

    g_date_set_parse (d, today);
    g_date_add_days (d, 10);
    g_snprintf (text, sizeof text, "%04d-%02d-%02d", g_date_get_year (d), g_date_get_month (d),
                g_date_get_day (d));
    gtk_editable_set_text (GTK_EDITABLE (find_named (dialog, "release-expires")), text);
  }
  g_assert_true (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "ok"));
  g_assert_false (gtk_widget_get_visible (find_named (dialog, "release-problem")));
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "ok");
  spin ();

  releases = amparo_releases_list (f->supervisor, f->case_id, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < releases->len; i++)
    {
      const AmparoRelease *r = g_ptr_array_index (releases, i);
      if (r->partner_id == partner_id)
        made = r;
    }
  g_assert_nonnull (made);
  g_assert_cmpint (amparo_release_state (made, today), ==, AMPARO_RELEASE_CURRENT);
  g_assert_true (amparo_release_has_scope (made, "contact"));
  g_assert_false (amparo_release_has_scope (made, "safety_plan"));
  g_assert_true (shows_text (section, "Riverside Legal Project"));

  /* the form prints */
  g_assert_true (amparo_consent_section_print_release (AMPARO_CONSENT_SECTION (section), made->id,
                                                       pdf_file));
  g_assert_true (g_file_get_contents (pdf, &pdf_head, NULL, NULL));
  g_assert_true (g_str_has_prefix (pdf_head, "%PDF"));

  /* revoke at once, after a confirmation */
  revokes_before = query_int (f->supervisor, "SELECT COUNT(*) FROM audit WHERE action ="
                                             " 'release.revoke' AND case_id = %" G_GINT64_FORMAT,
                              f->case_id);
  revoke = NULL;
  for (GtkWidget *row = gtk_widget_get_first_child (find_named (section, "consent-releases"));
       row != NULL; row = gtk_widget_get_next_sibling (row))
    if (shows_text (row, "Riverside Legal Project"))
      revoke = find_named (row, "release-revoke");
  g_assert_nonnull (revoke);
  g_signal_emit_by_name (revoke, "clicked");
  spin ();
  confirm = find_toplevel ("revoke-dialog", G_TYPE_NONE);
  g_assert_nonnull (confirm);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (confirm), "revoke");
  spin ();

  after = amparo_releases_get (f->supervisor, made->id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (amparo_release_state (after, today), ==, AMPARO_RELEASE_REVOKED);
  g_assert_cmpstr (after->revoked, ==, today);
  g_assert_cmpint (query_int (f->supervisor, "SELECT COUNT(*) FROM audit WHERE action ="
                                             " 'release.revoke' AND case_id = %" G_GINT64_FORMAT,
                              f->case_id), ==, revokes_before + 1);
  g_assert_false (amparo_release_covers (f->supervisor, f->case_id, partner_id, "contact", today));
  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
audit_loaded (gpointer page)
{
  return amparo_audit_page_is_loaded (page);
}

static void
test_audit_page_checks_the_chain (Fixture      *f,
                                  gconstpointer data)
{
  gint64 before = query_int (f->supervisor, "SELECT COUNT(*) FROM audit WHERE action ="
                                            " 'audit.confidentiality'");
  GtkWidget *page = amparo_audit_page_new (f->supervisor);
  GtkWidget *window;

  /* building the page (at every unlock) is not running an audit */
  g_assert_cmpint (query_int (f->supervisor, "SELECT COUNT(*) FROM audit WHERE action ="
                                             " 'audit.confidentiality'"), ==, before);
  window = show_in_window (page);

  spin_until (audit_loaded, page);
  g_assert_nonnull (find_named (page, "audit-chain-ok"));
  g_assert_null (find_named (page, "audit-chain-broken"));
  /* running the audit is itself logged */
  g_assert_cmpint (query_int (f->supervisor, "SELECT COUNT(*) FROM audit WHERE action ="
                                             " 'audit.confidentiality'"), ==, before + 1);

  /* someone edits an entry behind the program's back: the page says so */
  g_assert_true (amparo_db_exec (amparo_vault_get_cases_db (f->supervisor, NULL),
                                 "UPDATE audit SET actor = 'someone' WHERE id = 2;", NULL));
  amparo_audit_page_reload (AMPARO_AUDIT_PAGE (page));
  spin_until (audit_loaded, page);
  g_assert_null (find_named (page, "audit-chain-ok"));
  g_assert_nonnull (find_named (page, "audit-chain-broken"));
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_reporting_role_gets_no_consent_views (Fixture      *f,
                                           gconstpointer data)
{
  GtkWidget *view = amparo_main_view_new (f->reporting, FALSE);
  GtkWidget *window = show_in_window (view);
  GtkWidget *page;

  g_assert_true (amparo_main_view_has_page (AMPARO_MAIN_VIEW (view), "cases"));
  g_assert_false (amparo_main_view_has_page (AMPARO_MAIN_VIEW (view), "partners"));
  g_assert_false (amparo_main_view_has_page (AMPARO_MAIN_VIEW (view), "referrals"));
  g_assert_false (amparo_main_view_has_page (AMPARO_MAIN_VIEW (view), "audit"));
  g_assert_null (find_type (view, AMPARO_TYPE_PARTNERS_PAGE));
  gtk_window_destroy (GTK_WINDOW (window));

  page = amparo_case_page_new (f->reporting, f->case_id);
  window = show_in_window (page);
  g_assert_nonnull (find_named (page, "services-section"));
  g_assert_null (find_named (page, "consent-section"));
  g_assert_null (find_type (page, AMPARO_TYPE_CONSENT_SECTION));
  gtk_window_destroy (GTK_WINDOW (window));

  /* the same checks find them for a supervisor */
  view = amparo_main_view_new (f->supervisor, FALSE);
  window = show_in_window (view);
  /* a page is built when first shown, not at unlock */
  g_assert_null (find_type (view, AMPARO_TYPE_PARTNERS_PAGE));
  g_assert_true (amparo_main_view_set_page (AMPARO_MAIN_VIEW (view), "partners"));
  g_assert_nonnull (find_type (view, AMPARO_TYPE_PARTNERS_PAGE));
  g_assert_true (amparo_main_view_has_page (AMPARO_MAIN_VIEW (view), "partners"));
  g_assert_true (amparo_main_view_has_page (AMPARO_MAIN_VIEW (view), "referrals"));
  g_assert_true (amparo_main_view_has_page (AMPARO_MAIN_VIEW (view), "audit"));
  gtk_window_destroy (GTK_WINDOW (window));
  page = amparo_case_page_new (f->supervisor, f->case_id);
  window = show_in_window (page);
  g_assert_nonnull (find_type (page, AMPARO_TYPE_CONSENT_SECTION));
  gtk_window_destroy (GTK_WINDOW (window));
  spin ();
}

static void
test_referrals_page_lists_and_opens_cases (Fixture      *f,
                                           gconstpointer data)
{
  g_autoptr(AmparoPartner) partner = amparo_partner_new ();
  g_autoptr(AmparoRelease) release = amparo_release_new ();
  g_autoptr(AmparoReferral) referral = amparo_referral_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GSimpleActionGroup) win = g_simple_action_group_new ();
  g_autoptr(GSimpleAction) open_case = g_simple_action_new ("open-case", G_VARIANT_TYPE_INT64);
  g_autofree char *ref_code = NULL;
  g_autofree char *last_name = NULL;
  g_autofree char *sql = NULL;
  const char *scope[] = { "contact", NULL };
  GtkWidget *page, *window, *list, *row = NULL;
  gint64 opened = 0;

  partner->name = g_strdup ("Harbor Light Counseling");
  partner->sector = g_strdup ("mental_health");
  partner->tier = 2;
  partner->active = TRUE;
  release->case_id = f->case_id;
  release->partner_id = amparo_partners_add (f->supervisor, partner, &error);
  g_assert_no_error (error);
  release->scope = g_strdupv ((GStrv) scope);
  release->purpose = g_strdup ("referral");
  release->expires = days_from_today (3);
  g_assert_cmpint (amparo_releases_add (f->supervisor, release, &error), >, 0);
  g_assert_no_error (error);
  referral->case_id = f->case_id;
  referral->direction = g_strdup ("out");
  referral->partner_id = release->partner_id;
  referral->service_needed = g_strdup ("counseling");
  referral->date = days_from_today (-10);
  referral->follow_up = days_from_today (-1);
  g_assert_cmpint (amparo_referrals_add (f->supervisor, referral, &error), >, 0);
  g_assert_no_error (error);
  sql = g_strdup_printf ("SELECT ref_code FROM cases WHERE id = %" G_GINT64_FORMAT, f->case_id);
  ref_code = amparo_db_query_text (amparo_vault_get_cases_db (f->supervisor, NULL), sql);
  g_free (sql);
  sql = g_strdup_printf ("SELECT last_name FROM people WHERE case_id = %" G_GINT64_FORMAT,
                         f->case_id);
  last_name = amparo_db_query_text (amparo_vault_get_contacts_db (f->supervisor, NULL), sql);
  g_assert_nonnull (last_name);

  page = amparo_referrals_page_new (f->supervisor);
  window = show_in_window (page);
  g_signal_connect (open_case, "activate", G_CALLBACK (open_case_cb), &opened);
  g_action_map_add_action (G_ACTION_MAP (win), G_ACTION (open_case));
  gtk_widget_insert_action_group (window, "win", G_ACTION_GROUP (win));

  /* rows name the case by reference code and the partner, never her */
  list = find_named (page, "referrals-expiring");
  for (GtkWidget *c = gtk_widget_get_first_child (list); c != NULL;
       c = gtk_widget_get_next_sibling (c))
    if (shows_text (c, "Harbor Light Counseling"))
      row = c;
  g_assert_nonnull (row);
  g_assert_true (shows_text (row, ref_code));
  g_assert_true (shows_text (find_named (page, "referrals-follow-up"), "Harbor Light Counseling"));
  g_assert_false (contains_text (page, last_name));

  g_signal_emit_by_name (list, "row-activated", row);
  spin ();
  g_assert_cmpint (opened, ==, f->case_id);
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_controls_have_accessible_names (Fixture      *f,
                                     gconstpointer data)
{
  GtkWidget *page = amparo_partners_page_new (f->supervisor);
  GtkWidget *window = show_in_window (page);
  GtkWidget *dialog;
  guint n = 0;

  assert_controls_named (page, &n);
  gtk_widget_activate_action (page, "partners.add", NULL);
  spin ();
  dialog = find_toplevel (NULL, AMPARO_TYPE_PARTNER_DIALOG);
  g_assert_nonnull (dialog);
  assert_controls_named (dialog, &n);
  gtk_window_destroy (GTK_WINDOW (dialog));
  gtk_window_destroy (GTK_WINDOW (window));

  page = amparo_case_page_new (f->supervisor, f->case_id);
  window = show_in_window (page);
  amparo_case_page_show_section (AMPARO_CASE_PAGE (page), "releases");
  spin ();
  assert_controls_named (find_named (page, "consent-section"), &n);
  gtk_widget_activate_action (find_named (page, "consent-section"), "consent.add-release", NULL);
  spin ();
  dialog = find_toplevel ("release-dialog", G_TYPE_NONE);
  g_assert_nonnull (dialog);
  assert_controls_named (dialog, &n);
  gtk_window_destroy (GTK_WINDOW (dialog));
  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_cmpuint (n, >=, 15);
}

int
main (int    argc,
      char **argv)
{
  if (g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL)
    {
      g_printerr ("No display: run under xvfb-run\n");
      return 77;
    }
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_setup, fn, fixture_teardown)
  ADD ("/gui/consent/partners-page-lists-and-adds", test_partners_page_lists_and_adds);
  ADD ("/gui/consent/directory-file-round-trip-and-bad-file",
       test_directory_file_round_trip_and_bad_file);
  ADD ("/gui/consent/release-added-then-revoked", test_release_added_then_revoked);
  ADD ("/gui/consent/referrals-page-lists-and-opens-cases",
       test_referrals_page_lists_and_opens_cases);
  ADD ("/gui/consent/audit-page-checks-the-chain", test_audit_page_checks_the_chain);
  ADD ("/gui/consent/controls-have-accessible-names", test_controls_have_accessible_names);
  ADD ("/gui/consent/reporting-role-gets-no-consent-views",
       test_reporting_role_gets_no_consent_views);
#undef ADD

  return g_test_run ();
}
