/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <glib/gstdio.h>

#include "amparo-case-page.h"
#include "amparo-cases.h"
#include "amparo-code-checklist.h"
#include "amparo-code-row.h"
#include "amparo-contact-section.h"
#include "amparo-gui-test.h"
#include "amparo-db.h"
#include "amparo-intake-dialog.h"
#include "amparo-notes-section.h"
#include "amparo-vault.h"

#define PASS "correct horse battery"

typedef struct
{
  char        *dir;
  char        *vault_dir;
  AmparoVault *supervisor;           /* "sara" */
  AmparoVault *reporting;            /* "rita" */
  gint64       id;                   /* a case made at setup */
} Fixture;

/* ------------------------------------------------------------ helpers */

/* Is @text shown anywhere under @root, in a label or an editable? */

/* Every control a person operates carries a name for screen readers. */
static void
assert_controls_named (GtkWidget *root,
                       guint     *n_checked)
{
  /* hidden parts of other widgets (an expander row's unused switch) are
   * never shown, so never read */
  if (!gtk_widget_get_visible (root))
    return;
  if (GTK_IS_TEXT (root) || GTK_IS_SWITCH (root) || GTK_IS_CHECK_BUTTON (root)
      || GTK_IS_SPIN_BUTTON (root) || GTK_IS_TEXT_VIEW (root))
    {
      gboolean named = gtk_test_accessible_has_property (GTK_ACCESSIBLE (root),
                                                         GTK_ACCESSIBLE_PROPERTY_LABEL)
                       || gtk_test_accessible_has_relation (GTK_ACCESSIBLE (root),
                                                            GTK_ACCESSIBLE_RELATION_LABELLED_BY);
      if (!named)
        {
          g_autoptr(GString) path = g_string_new (NULL);
          for (GtkWidget *w = root; w != NULL; w = gtk_widget_get_parent (w))
            {
              g_string_prepend (path, G_OBJECT_TYPE_NAME (w));
              g_string_prepend_c (path, '/');
            }
          g_error ("An unnamed control: %s (widget name “%s”)", path->str,
                   gtk_widget_get_name (root));
        }
      (*n_checked)++;
    }
  for (GtkWidget *c = gtk_widget_get_first_child (root); c != NULL;
       c = gtk_widget_get_next_sibling (c))
    assert_controls_named (c, n_checked);
}

static gint64
query_int (sqlite3    *db,
           const char *format,
           ...)
{
  g_autofree char *sql = NULL;
  va_list args;

  va_start (args, format);
  sql = g_strdup_vprintf (format, args);
  va_end (args);
  return amparo_db_query_int (db, sql, -1);
}

/* ------------------------------------------------------------ fixture */

static void
fixture_setup (Fixture      *f,
               gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) drafts =
    g_ptr_array_new_with_free_func ((GDestroyNotify) amparo_case_draft_free);
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  AmparoCaseDraft *d = amparo_case_draft_new ();

  f->dir = g_dir_make_tmp ("amparo-gui-XXXXXX", &error);
  g_assert_no_error (error);
  f->vault_dir = g_build_filename (f->dir, "vault", NULL);
  f->supervisor = amparo_vault_create (f->vault_dir, AMPARO_VAULT_KIND_AGENCY, "Refugio", "sara",
                                       PASS, &error);
  g_assert_no_error (error);
  g_assert_true (amparo_vault_add_account (f->supervisor, "rita", AMPARO_ROLE_REPORTING, PASS,
                                           &error));
  d->first_name = g_strdup ("Lucia");
  d->last_name = g_strdup ("Ferrer");
  d->opened = g_strdup ("2026-01-05");
  d->notes = g_strdup ("First call from Ferrer");
  g_ptr_array_add (drafts, d);
  g_assert_true (amparo_cases_create (f->supervisor, drafts, ids, &error));
  g_assert_no_error (error);
  f->id = g_array_index (ids, gint64, 0);
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
case_created_cb (GtkWidget *dialog,
                 gint64     id,
                 gint64    *out)
{
  *out = id;
}

static void
test_intake_creates_linked_records (Fixture      *f,
                                    gconstpointer data)
{
  GtkWidget *dialog = amparo_intake_dialog_new (NULL, f->supervisor);
  sqlite3 *cases = amparo_vault_get_cases_db (f->supervisor, NULL);
  sqlite3 *contacts = amparo_vault_get_contacts_db (f->supervisor, NULL);
  g_autofree char *first = NULL;
  gint64 created = 0;

  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  g_signal_connect (dialog, "case-created", G_CALLBACK (case_created_cb), &created);
  gtk_window_present (GTK_WINDOW (dialog));
  spin ();

  gtk_editable_set_text (GTK_EDITABLE (find_named (dialog, "intake-first-name")), "Rosa");
  gtk_editable_set_text (GTK_EDITABLE (find_named (dialog, "intake-last-name")), "Benitez");
  gtk_editable_set_text (GTK_EDITABLE (find_named (dialog, "intake-phone")), "555-0199");
  /* the protective defaults */
  g_assert_false (gtk_switch_get_active (GTK_SWITCH (find_named (dialog, "intake-safe-to-call"))));
  g_assert_true (gtk_switch_get_active (GTK_SWITCH (find_named (dialog, "intake-confidential"))));
  g_assert_true (gtk_switch_get_active (GTK_SWITCH (find_named (dialog, "intake-counted"))));
  gtk_widget_activate_action (dialog, "intake.next", NULL);
  amparo_code_row_set_code (AMPARO_CODE_ROW (find_named (dialog, "intake-gender")), "woman");
  amparo_code_checklist_set_active (AMPARO_CODE_CHECKLIST (find_named (dialog,
                                                                       "intake-victimization")),
                                    "stalking", TRUE);
  gtk_widget_activate_action (dialog, "intake.next", NULL);
  spin ();
  g_assert_true (shows_text (dialog, "Rosa Benitez"));
  g_assert_true (shows_text (dialog, "Stalking"));
  g_assert_true (gtk_widget_get_visible (find_named (dialog, "intake-create")));

  g_signal_emit_by_name (find_named (dialog, "intake-create"), "clicked");
  spin ();
  g_assert_null (dialog);
  g_assert_cmpint (created, >, 0);
  g_assert_cmpint (created, !=, f->id);

  /* both stores hold the case, linked by its number */
  g_assert_cmpint (query_int (cases, "SELECT complete FROM cases WHERE id = %" G_GINT64_FORMAT,
                              created), ==, 1);
  g_assert_cmpint (query_int (cases, "SELECT COUNT(*) FROM case_codes WHERE case_id = %"
                              G_GINT64_FORMAT " AND code = 'stalking'", created), ==, 1);
  first = amparo_db_query_text (contacts, "SELECT first_name FROM people ORDER BY case_id DESC"
                                          " LIMIT 1;");
  g_assert_cmpstr (first, ==, "Rosa");
  g_assert_cmpint (query_int (contacts, "SELECT case_id FROM people WHERE first_name = 'Rosa'"),
                   ==, created);
  g_assert_cmpint (query_int (contacts, "SELECT safe_to_call + text_ok + voicemail_ok FROM phones"
                              " WHERE case_id = %" G_GINT64_FORMAT, created), ==, 0);
  g_assert_cmpint (query_int (contacts, "SELECT confidential_location FROM people WHERE case_id = %"
                              G_GINT64_FORMAT, created), ==, 1);
  /* what nobody asked stays "not reported" */
  g_assert_cmpint (query_int (cases, "SELECT COUNT(*) FROM cases WHERE id = %" G_GINT64_FORMAT
                              " AND age_band = 'not_reported' AND referral_source = 'not_reported'"
                              " AND gender = 'woman'", created), ==, 1);
}

static void
test_intake_refused_for_reporting (Fixture      *f,
                                   gconstpointer data)
{
  GtkWidget *dialog = amparo_intake_dialog_new (NULL, f->reporting);
  gint64 before = query_int (amparo_vault_get_cases_db (f->reporting, NULL),
                             "SELECT COUNT(*) FROM cases;");

  gtk_window_present (GTK_WINDOW (dialog));
  spin ();
  g_assert_nonnull (find_named (dialog, "intake-not-permitted"));
  g_assert_null (find_named (dialog, "intake-first-name"));
  g_assert_null (find_named (dialog, "intake-phone"));
  gtk_widget_activate_action (dialog, "intake.create", NULL);
  spin ();
  g_assert_cmpint (query_int (amparo_vault_get_cases_db (f->reporting, NULL),
                              "SELECT COUNT(*) FROM cases;"), ==, before);
  gtk_window_destroy (GTK_WINDOW (dialog));
}

static void
test_reporting_page_has_no_identifying_widgets (Fixture      *f,
                                                gconstpointer data)
{
  GtkWidget *page = amparo_case_page_new (f->reporting, f->id);
  GtkWidget *window = show_in_window (page);
  GtkWidget *advocate_page;
  const char *views = "SELECT COUNT(*) FROM audit WHERE action = 'contact.view'";

  g_assert_nonnull (find_named (page, "profile-section"));
  g_assert_nonnull (find_named (page, "services-section"));
  g_assert_null (find_named (page, "contact-section"));
  g_assert_null (find_named (page, "notes-section"));
  g_assert_null (find_named (page, "safety-plan-text"));
  g_assert_null (find_type (page, AMPARO_TYPE_CONTACT_SECTION));
  g_assert_null (find_type (page, AMPARO_TYPE_NOTES_SECTION));
  g_assert_false (contains_text (page, "Lucia"));
  g_assert_false (contains_text (page, "Ferrer"));
  g_assert_cmpint (query_int (amparo_vault_get_cases_db (f->supervisor, NULL), "%s", views), ==, 0);
  gtk_window_destroy (GTK_WINDOW (window));

  /* the same walk finds them for a role that may see them */
  advocate_page = amparo_case_page_new (f->supervisor, f->id);
  window = show_in_window (advocate_page);
  g_assert_nonnull (find_named (advocate_page, "contact-section"));
  g_assert_nonnull (find_named (advocate_page, "notes-section"));
  g_assert_nonnull (find_named (advocate_page, "safety-plan-text"));
  g_assert_true (shows_text (advocate_page, "Lucia"));
  g_assert_cmpint (query_int (amparo_vault_get_cases_db (f->supervisor, NULL), "%s", views), ==, 1);
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
count_changed_cb (GtkWidget *page,
                  guint     *n)
{
  (*n)++;
}

static void
test_adding_service_shows_in_list_and_database (Fixture      *f,
                                                gconstpointer data)
{
  GtkWidget *page = amparo_case_page_new (f->supervisor, f->id);
  GtkWidget *window = show_in_window (page);
  GtkWidget *section = find_named (page, "services-section");
  GtkWidget *list = find_named (page, "service-list");
  sqlite3 *cases = amparo_vault_get_cases_db (f->supervisor, NULL);
  guint changed = 0;

  g_signal_connect (page, "changed", G_CALLBACK (count_changed_cb), &changed);
  g_assert_false (contains_text (list, "Hotline call"));
  amparo_code_row_set_code (AMPARO_CODE_ROW (find_named (page, "service-category")),
                            "emotional_support_safety");
  amparo_code_row_set_code (AMPARO_CODE_ROW (find_named (page, "service-type")), "hotline_call");
  g_assert_cmpstr (amparo_code_row_get_code (AMPARO_CODE_ROW (find_named (page, "service-type"))),
                   ==, "hotline_call");
  gtk_editable_set_text (GTK_EDITABLE (find_named (page, "service-date")), "2026-01-10");
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (find_named (page, "service-minutes")), 20);
  g_assert_true (gtk_widget_activate_action (section, "services.add", NULL));
  spin ();

  g_assert_true (shows_text (list, "Hotline call"));
  g_assert_cmpuint (changed, ==, 1);
  g_assert_cmpint (query_int (cases, "SELECT COUNT(*) FROM services WHERE case_id = %"
                              G_GINT64_FORMAT " AND type = 'hotline_call' AND minutes = 20"
                              " AND date = '2026-01-10'", f->id), ==, 1);
  /* the overview and history follow */
  g_assert_true (shows_text (find_named (page, "history-list"),
                             "Service added by sara: Hotline call"));

  /* a type from another category is not offered */
  amparo_code_row_set_code (AMPARO_CODE_ROW (find_named (page, "service-category")),
                            "shelter_housing");
  amparo_code_row_set_code (AMPARO_CODE_ROW (find_named (page, "service-type")), "hotline_call");
  g_assert_cmpstr (amparo_code_row_get_code (AMPARO_CODE_ROW (find_named (page, "service-type"))),
                   !=, "hotline_call");
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_profile_box_saves_at_once (Fixture      *f,
                                gconstpointer data)
{
  GtkWidget *page = amparo_case_page_new (f->reporting, f->id);
  GtkWidget *window = show_in_window (page);
  GtkWidget *profile = find_named (page, "profile-section");
  AmparoCodeChecklist *victimization = AMPARO_CODE_CHECKLIST (find_type (profile,
                                                                         AMPARO_TYPE_CODE_CHECKLIST));
  sqlite3 *cases = amparo_vault_get_cases_db (f->reporting, NULL);
  g_autofree char *category = NULL;

  g_object_get (victimization, "category", &category, NULL);
  g_assert_cmpstr (category, ==, "victimization");
  amparo_code_checklist_set_active (victimization, "dating_violence", TRUE);
  spin ();
  g_assert_cmpint (query_int (cases, "SELECT COUNT(*) FROM case_codes WHERE case_id = %"
                              G_GINT64_FORMAT " AND code = 'dating_violence'", f->id), ==, 1);
  g_assert_cmpint (query_int (cases, "SELECT COUNT(*) FROM audit WHERE action = 'case.update'"),
                   ==, 1);
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_phone_saved_with_flags_and_logged_by_field (Fixture      *f,
                                                 gconstpointer data)
{
  GtkWidget *page = amparo_case_page_new (f->supervisor, f->id);
  GtkWidget *window = show_in_window (page);
  GtkWidget *contact = find_named (page, "contact-section");
  sqlite3 *contacts = amparo_vault_get_contacts_db (f->supervisor, NULL);
  sqlite3 *cases = amparo_vault_get_cases_db (f->supervisor, NULL);
  g_autofree char *details = NULL;
  GtkWidget *number;

  gtk_widget_activate_action (contact, "contact.add-phone", NULL);
  spin ();
  number = find_named (contact, "phone-number");
  gtk_editable_set_text (GTK_EDITABLE (number), "555-0123");
  g_signal_emit_by_name (number, "apply");
  spin ();
  g_assert_cmpint (query_int (contacts, "SELECT safe_to_call FROM phones WHERE case_id = %"
                              G_GINT64_FORMAT " AND number = '555-0123'", f->id), ==, 0);

  gtk_switch_set_active (GTK_SWITCH (find_named (contact, "phone-safe-to-call")), TRUE);
  spin ();
  g_assert_cmpint (query_int (contacts, "SELECT safe_to_call FROM phones WHERE case_id = %"
                              G_GINT64_FORMAT " AND number = '555-0123'", f->id), ==, 1);
  details = amparo_db_query_text (cases, "SELECT group_concat (detail, ';') FROM audit"
                                         " WHERE action = 'contact.update';");
  g_assert_cmpstr (details, ==, "fields=phones;fields=phones");
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_locking_drops_the_page (Fixture      *f,
                             gconstpointer data)
{
  GtkWidget *page = amparo_case_page_new (f->supervisor, f->id);
  GtkWidget *window = show_in_window (page);
  guint close_requests = 0;

  g_signal_connect (page, "close-requested", G_CALLBACK (count_changed_cb), &close_requests);
  g_assert_true (shows_text (page, "Lucia"));
  amparo_vault_lock (f->supervisor);
  spin ();
  g_assert_cmpuint (close_requests, ==, 1);
  g_assert_false (contains_text (page, "Lucia"));
  g_assert_null (find_named (page, "contact-section"));
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_controls_have_accessible_names (Fixture      *f,
                                     gconstpointer data)
{
  GtkWidget *page = amparo_case_page_new (f->supervisor, f->id);
  GtkWidget *window = show_in_window (page);
  GtkWidget *dialog = amparo_intake_dialog_new (GTK_WINDOW (window), f->supervisor);
  guint n = 0;

  gtk_widget_activate_action (find_named (page, "contact-section"), "contact.add-phone", NULL);
  spin ();
  assert_controls_named (page, &n);
  assert_controls_named (dialog, &n);
  g_assert_cmpuint (n, >, 60);
  gtk_window_destroy (GTK_WINDOW (dialog));
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_skip_without_display (void)
{
  g_test_skip ("No display: run under xvfb-run");
}

int
main (int    argc,
      char **argv)
{
  if (g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL)
    {
      g_test_init (&argc, &argv, NULL);
      g_test_add_func ("/gui/case-page/skipped", test_skip_without_display);
      return g_test_run ();
    }
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_setup, fn, fixture_teardown)
  ADD ("/gui/intake/creates-linked-records", test_intake_creates_linked_records);
  ADD ("/gui/intake/refused-for-reporting", test_intake_refused_for_reporting);
  ADD ("/gui/case-page/reporting-has-no-identifying-widgets",
       test_reporting_page_has_no_identifying_widgets);
  ADD ("/gui/case-page/adding-service-shows-in-list-and-database",
       test_adding_service_shows_in_list_and_database);
  ADD ("/gui/case-page/profile-box-saves-at-once", test_profile_box_saves_at_once);
  ADD ("/gui/case-page/phone-saved-with-flags-and-logged-by-field",
       test_phone_saved_with_flags_and_logged_by_field);
  ADD ("/gui/case-page/locking-drops-the-page", test_locking_drops_the_page);
  ADD ("/gui/case-page/controls-have-accessible-names", test_controls_have_accessible_names);
#undef ADD

  return g_test_run ();
}
