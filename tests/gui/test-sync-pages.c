/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The Reports, Share and Coordinator pages on real vaults: an agency with
 * synthetic cases counts a period, saves it, exports its summary to a
 * "stick" folder; a coordinator imports that folder, confirms the
 * agency's fingerprint, and sees the agency in its table of who has sent. */
#include <glib/gstdio.h>

#include "amparo-gui-test.h"
#include "amparo-coordinator-page.h"
#include "amparo-coordinator.h"
#include "amparo-db.h"
#include "amparo-demo.h"
#include "amparo-error.h"
#include "amparo-regional.h"
#include "amparo-report.h"
#include "amparo-reports-page.h"
#include "amparo-share-page.h"
#include "amparo-share.h"
#include "amparo-suppress.h"
#include "amparo-vault.h"

#define PASS "correct horse battery"
#define PERIOD "2026-Q3"
#define AGENCY_NAME "Refugio Norte"

typedef struct
{
  char        *dir;
  AmparoVault *agency;        /* supervisor "sara" */
  AmparoVault *reporting;     /* reporting "rita" */
  AmparoVault *coordinator;
} Fixture;

/* ------------------------------------------------------------ helpers */

static gboolean
wake_cb (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

typedef gboolean (*BusyFunc) (gpointer page);

/* Runs the main loop until @busy says the page is done, 60 s at most. */
static void
wait_idle (gpointer page,
           BusyFunc busy)
{
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
  guint wake = g_timeout_add (20, wake_cb, NULL);

  spin ();
  while (busy (page))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
  g_source_remove (wake);
  spin ();
}

/* Every control a person operates carries a name for screen readers. */
static void
assert_controls_named (GtkWidget *root,
                       guint     *n_checked)
{
  if (!gtk_widget_get_visible (root))
    return;
  if (GTK_IS_TEXT (root) || GTK_IS_SWITCH (root) || GTK_IS_CHECK_BUTTON (root)
      || GTK_IS_SPIN_BUTTON (root) || GTK_IS_DROP_DOWN (root))
    {
      gboolean named = gtk_test_accessible_has_property (GTK_ACCESSIBLE (root),
                                                         GTK_ACCESSIBLE_PROPERTY_LABEL)
                       || gtk_test_accessible_has_relation (GTK_ACCESSIBLE (root),
                                                            GTK_ACCESSIBLE_RELATION_LABELLED_BY);
      if (!named)
        g_error ("An unnamed control: %s (widget name “%s”)", G_OBJECT_TYPE_NAME (root),
                 gtk_widget_get_name (root));
      (*n_checked)++;
    }
  for (GtkWidget *c = gtk_widget_get_first_child (root); c != NULL;
       c = gtk_widget_get_next_sibling (c))
    assert_controls_named (c, n_checked);
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

static guint
count_files (const char *path,
             const char *suffix)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;
  guint n = 0;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_suffix (name, suffix))
      n++;
  return n;
}

/* ------------------------------------------------------------ fixture */

static gboolean
shows_chooser (gpointer data)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (GTK_IS_FILE_CHOOSER_DIALOG (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
        {
          *(GtkWidget **) data = GTK_WIDGET (window);
          return TRUE;
        }
    }
  return FALSE;
}

/* Answers the open folder chooser with @folder, as a person would. */
static void
answer_folder_chooser (const char *folder)
{
  g_autoptr(GFile) file = g_file_new_for_path (folder);
  g_autoptr(GError) error = NULL;
  GtkWidget *chooser = NULL;

  spin_until (shows_chooser, &chooser);
  g_assert_true (gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (chooser), file, &error));
  g_assert_no_error (error);
  spin_for (100);
  gtk_dialog_response (GTK_DIALOG (chooser), GTK_RESPONSE_ACCEPT);
}

static void
fixture_setup (Fixture      *f,
               gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *agency_dir = NULL;
  g_autofree char *coord_dir = NULL;

  f->dir = g_dir_make_tmp ("amparo-gui-sync-XXXXXX", &error);
  g_assert_no_error (error);
  agency_dir = g_build_filename (f->dir, "agency", NULL);
  coord_dir = g_build_filename (f->dir, "coordinator", NULL);
  f->agency = amparo_vault_create (agency_dir, AMPARO_VAULT_KIND_AGENCY, AGENCY_NAME, "sara", PASS,
                                   &error);
  g_assert_no_error (error);
  g_assert_true (amparo_demo_generate (f->agency, 400, 7, &error));
  g_assert_no_error (error);
  g_assert_true (amparo_vault_add_account (f->agency, "rita", AMPARO_ROLE_REPORTING, PASS,
                                           &error));
  f->reporting = amparo_vault_unlock (agency_dir, "rita", PASS, &error);
  g_assert_no_error (error);
  f->coordinator = amparo_vault_create (coord_dir, AMPARO_VAULT_KIND_COORDINATOR, "Coalición Sur",
                                        "cora", PASS, &error);
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture      *f,
                  gconstpointer data)
{
  amparo_vault_lock (f->agency);
  amparo_vault_lock (f->reporting);
  amparo_vault_lock (f->coordinator);
  spin ();
  g_clear_object (&f->agency);
  g_clear_object (&f->reporting);
  g_clear_object (&f->coordinator);
  remove_tree (f->dir);
  g_free (f->dir);
}

/* -------------------------------------------------------------- tests */

static void
assert_reports_equal (const AmparoReport *shown,
                      const AmparoReport *expected)
{
  g_assert_cmpstr (shown->period, ==, expected->period);
  g_assert_cmpint (shown->k, ==, expected->k);
  g_assert_cmpuint (shown->tables->len, ==, expected->tables->len);
  for (guint i = 0; i < expected->tables->len; i++)
    g_assert_true (amparo_table_equal (g_ptr_array_index (shown->tables, i),
                                       g_ptr_array_index (expected->tables, i)));
}

static void
test_reports_page (Fixture      *f,
                   gconstpointer data)
{
  GtkWidget *page = amparo_reports_page_new (f->reporting);
  AmparoReportsPage *rp = AMPARO_REPORTS_PAGE (page);
  GtkWidget *window;
  g_autoptr(GError) error = NULL;
  g_autoptr(AmparoReport) expected = NULL;
  g_autoptr(AmparoReport) expected_shared = NULL;
  g_autofree char *csv_path = g_build_filename (f->dir, "summary.csv", NULL);
  g_autoptr(GFile) csv_file = g_file_new_for_path (csv_path);
  g_autofree char *written = NULL;
  g_autofree char *expected_csv = NULL;
  const AmparoTable *cases;
  g_autofree char *total = NULL;
  gint64 k = amparo_vault_get_setting_int (f->agency, "k", AMPARO_K_DEFAULT);
  gboolean small = FALSE;
  gint64 logged;

  /* nothing is counted until the page is shown … */
  g_object_ref_sink (page);
  spin ();
  g_assert_false (amparo_reports_page_is_busy (rp));
  g_assert_null (amparo_reports_page_get_report (rp));
  window = show_in_window (page);
  g_object_unref (page);
  /* … then it starts on its own, on the last complete quarter */
  wait_idle (rp, (BusyFunc) amparo_reports_page_is_busy);
  g_assert_nonnull (amparo_reports_page_get_report (rp));

  /* a period picked while another is counted replaces it */
  g_assert_true (amparo_reports_page_set_period (rp, "2026-05"));
  g_assert_true (amparo_reports_page_set_period (rp, PERIOD));
  g_assert_true (amparo_reports_page_is_busy (rp));
  wait_idle (rp, (BusyFunc) amparo_reports_page_is_busy);

  /* the page's numbers are the core's report, table by table */
  expected = amparo_report_build (f->agency, PERIOD, &error);
  g_assert_no_error (error);
  assert_reports_equal (amparo_reports_page_get_report (rp), expected);
  cases = amparo_report_get_table (expected, "cases");
  g_assert_cmpint (cases->total, >, 0);
  total = g_strdup_printf ("%" G_GINT64_FORMAT, cases->total);
  g_assert_true (shows_text (find_named (page, "report-table-cases"), total));
  g_assert_true (shows_text (page, "2026-Q3"));
  {
    guint n = 0;
    assert_controls_named (page, &n);
    g_assert_cmpuint (n, >=, 4);   /* kind, months, year (and its text), as shared */
  }

  /* as shared: the suppressed copy, with small counts named as such */
  amparo_reports_page_set_shared (rp, TRUE);
  spin ();
  expected_shared = amparo_report_suppressed (expected, (int) k);
  assert_reports_equal (amparo_reports_page_get_report (rp), expected_shared);
  for (guint i = 0; i < expected->tables->len && !small; i++)
    {
      const AmparoTable *t = g_ptr_array_index (expected->tables, i);
      for (guint j = 0; j < t->cells->len; j++)
        {
          gint64 c = ((AmparoCell *) g_ptr_array_index (t->cells, j))->count;
          small = small || (c >= 1 && c < k);
        }
    }
  g_assert_true (small);   /* the demo data has some */
  {
    g_autofree char *fewer = g_strdup_printf ("fewer than %" G_GINT64_FORMAT, k);
    g_assert_true (shows_text (page, fewer));
  }

  /* saved through the page's code path: the CSV of what is shown */
  logged = amparo_db_query_int (amparo_vault_get_cases_db (f->agency, NULL),
                                "SELECT COUNT(*) FROM audit WHERE action = 'report';", -1);
  amparo_reports_page_export_to_file (rp, AMPARO_REPORT_FILE_CSV, csv_file);
  wait_idle (rp, (BusyFunc) amparo_reports_page_is_busy);
  g_assert_true (g_file_get_contents (csv_path, &written, NULL, &error));
  g_assert_no_error (error);
  expected_csv = amparo_report_to_csv (expected_shared);
  g_assert_true (g_str_has_prefix (written, "\xEF\xBB\xBF"));
  g_assert_cmpstr (written + 3, ==, expected_csv);
  g_assert_cmpint (amparo_db_query_int (amparo_vault_get_cases_db (f->agency, NULL),
                                        "SELECT COUNT(*) FROM audit WHERE action = 'report';", -1),
                   ==, logged + 1);
  gtk_window_destroy (GTK_WINDOW (window));
}

static AdwMessageDialog *
wait_for_message_dialog (void)
{
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
  guint wake = g_timeout_add (20, wake_cb, NULL);
  AdwMessageDialog *dialog = NULL;

  while (dialog == NULL)
    {
      GList *toplevels = gtk_window_list_toplevels ();

      for (GList *l = toplevels; l != NULL; l = l->next)
        if (ADW_IS_MESSAGE_DIALOG (l->data))
          dialog = l->data;
      g_list_free (toplevels);
      if (dialog == NULL)
        {
          g_assert_cmpint (g_get_monotonic_time (), <, deadline);
          g_main_context_iteration (NULL, TRUE);
        }
    }
  g_source_remove (wake);
  return dialog;
}

/* A supervisor adds the coordinator's card: nothing is trusted until the
 * fingerprint shown is confirmed. */
static void
test_share_trusts_card_on_confirm (Fixture      *f,
                                   gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) card = NULL;
  g_autofree char *fingerprint = NULL;
  g_autofree char *card_path = g_build_filename (f->dir, "coordinator.ampc", NULL);
  g_autofree char *agency_card_path = g_build_filename (f->dir, "agency.ampc", NULL);
  g_autoptr(GFile) card_file = g_file_new_for_path (card_path);
  g_autoptr(GFile) agency_card_file = g_file_new_for_path (agency_card_path);
  g_autoptr(GBytes) agency_card = NULL;
  GtkWidget *page = amparo_share_page_new (f->agency);
  GtkWidget *window = show_in_window (page);
  AmparoSharePage *sp = AMPARO_SHARE_PAGE (page);
  AdwMessageDialog *dialog;

  wait_idle (sp, (BusyFunc) amparo_share_page_is_busy);
  g_assert_true (gtk_widget_get_visible (find_named (page, "share-trust")));
  g_assert_true (shows_text (page, "No coordinator trusted yet"));
  g_assert_false (gtk_widget_get_sensitive (find_named (page, "share-export")));
  g_assert_true (amparo_coordinator_card (f->coordinator, &card, &fingerprint, &error));
  g_assert_true (g_file_set_contents (card_path, g_bytes_get_data (card, NULL),
                                      g_bytes_get_size (card), &error));

  /* cancelled: still nobody trusted */
  amparo_share_page_open_card (sp, card_file);
  dialog = wait_for_message_dialog ();
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), fingerprint));
  adw_message_dialog_response (dialog, "cancel");
  gtk_window_destroy (GTK_WINDOW (dialog));
  spin ();
  g_assert_false (amparo_share_get_coordinator (f->agency, NULL, NULL, NULL));

  /* confirmed: trusted, shown, and the export is possible */
  amparo_share_page_open_card (sp, card_file);
  dialog = wait_for_message_dialog ();
  adw_message_dialog_response (dialog, "trust");
  gtk_window_destroy (GTK_WINDOW (dialog));
  wait_idle (sp, (BusyFunc) amparo_share_page_is_busy);
  g_assert_true (amparo_share_get_coordinator (f->agency, NULL, NULL, NULL));
  g_assert_true (shows_text (page, "Coalición Sur"));
  g_assert_true (shows_text (page, fingerprint));
  g_assert_true (gtk_widget_get_sensitive (find_named (page, "share-export")));

  /* an agency's card is not a coordinator's: refused, nothing asked */
  g_assert_true (amparo_agency_card (f->agency, &agency_card, NULL, &error));
  g_assert_true (g_file_set_contents (agency_card_path, g_bytes_get_data (agency_card, NULL),
                                      g_bytes_get_size (agency_card), &error));
  amparo_share_page_open_card (sp, agency_card_file);
  for (int i = 0; i < 20; i++)
    {
      g_usleep (10000);
      spin ();
    }
  {
    GList *toplevels = gtk_window_list_toplevels ();
    for (GList *l = toplevels; l != NULL; l = l->next)
      g_assert_false (ADW_IS_MESSAGE_DIALOG (l->data));
    g_list_free (toplevels);
  }
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_share_then_coordinator_imports (Fixture      *f,
                                     gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) card = NULL;
  g_autofree char *fingerprint = NULL;
  g_autofree char *stick = g_build_filename (f->dir, "stick", NULL);
  g_autofree char *gone = g_build_filename (f->dir, "pulled-stick", NULL);
  g_autofree char *card_stick = g_build_filename (f->dir, "card-stick", NULL);
  g_autoptr(GFile) card_stick_file = g_file_new_for_path (card_stick);
  g_autoptr(GFile) stick_file = g_file_new_for_path (stick);
  g_autoptr(GFile) gone_file = g_file_new_for_path (gone);
  const char *stick_paths[] = { stick, NULL };
  GtkWidget *share, *coord, *window, *pin;
  AmparoSharePage *sp;
  AmparoCoordinatorPage *cp;
  GPtrArray *results;
  const AmparoImportResult *r;
  GList *toplevels;
  AdwMessageDialog *dialog = NULL;

  g_assert_cmpint (g_mkdir (stick, 0700), ==, 0);

  /* the agency trusts the coordinator's card */
  g_assert_true (amparo_coordinator_card (f->coordinator, &card, &fingerprint, &error));
  g_assert_true (amparo_share_trust_card (f->agency, card, NULL, &error));
  g_assert_no_error (error);

  /* the reporting role may share; it sees the coordinator, not the card button */
  share = amparo_share_page_new (f->reporting);
  window = show_in_window (share);
  sp = AMPARO_SHARE_PAGE (share);
  wait_idle (sp, (BusyFunc) amparo_share_page_is_busy);
  g_assert_true (shows_text (share, fingerprint));
  g_assert_false (gtk_widget_get_visible (find_named (share, "share-trust")));
  g_assert_true (amparo_share_page_set_period (sp, "2026-Q2"));
  g_assert_true (amparo_share_page_set_period (sp, PERIOD));
  wait_idle (sp, (BusyFunc) amparo_share_page_is_busy);
  /* only periods of the agreed kind (quarters) are offered */
  g_assert_false (amparo_share_page_set_period (sp, "2026-H1"));
  g_assert_true (shows_text (find_named (share, "share-preview"), "will share exactly this"));
  g_assert_true (shows_text (find_named (share, "share-preview"), "Coalición Sur"));
  g_assert_true (gtk_widget_get_sensitive (find_named (share, "share-export")));
  g_assert_true (shows_text (share, "No summary has been exported yet."));

  /* a folder that is gone: named, and nothing recorded */
  amparo_share_page_export_to_folder (sp, gone_file);
  wait_idle (sp, (BusyFunc) amparo_share_page_is_busy);
  g_assert_cmpint (amparo_share_page_get_state (sp), ==, AMPARO_SHARE_STATE_FAILED);
  g_assert_true (shows_text (share, "The summary was not written"));
  g_assert_true (shows_text (share, "folder was not found"));
  g_assert_true (shows_text (share, "No summary has been exported yet."));

  /* the stick, chosen in the folder chooser the Export button opens:
   * written, read back, then safe to remove */
  g_signal_emit_by_name (find_named (share, "share-export"), "clicked");
  answer_folder_chooser (stick);
  g_assert_cmpint (amparo_share_page_get_state (sp), ==, AMPARO_SHARE_STATE_WRITING);
  wait_idle (sp, (BusyFunc) amparo_share_page_is_busy);
  g_assert_cmpint (amparo_share_page_get_state (sp), ==, AMPARO_SHARE_STATE_SAFE);
  g_assert_true (gtk_widget_get_visible (find_named (share, "share-status")));
  g_assert_true (shows_text (share, "Safe to remove the USB stick"));
  g_assert_nonnull (amparo_share_page_get_written_path (sp));
  g_assert_true (g_file_test (amparo_share_page_get_written_path (sp), G_FILE_TEST_IS_REGULAR));
  g_assert_cmpuint (count_files (stick, ".amps"), ==, 1);
  g_assert_cmpuint (count_files (stick, ".part"), ==, 0);
  g_assert_true (shows_text (find_named (share, "share-history"), "(2026-Q3)"));
  g_assert_false (shows_text (share, "No summary has been exported yet."));
  gtk_window_destroy (GTK_WINDOW (window));

  /* the coordinator imports the stick: an unknown agency is refused … */
  coord = amparo_coordinator_page_new (f->coordinator);
  window = show_in_window (coord);
  cp = AMPARO_COORDINATOR_PAGE (coord);
  wait_idle (cp, (BusyFunc) amparo_coordinator_page_is_busy);
  g_assert_true (shows_text (find_named (coord, "coordinator-card"), fingerprint));

  /* its card, saved to a stick, is the card the agency trusted */
  g_assert_cmpint (g_mkdir (card_stick, 0700), ==, 0);
  amparo_coordinator_page_save_card (cp, card_stick_file);
  wait_idle (cp, (BusyFunc) amparo_coordinator_page_is_busy);
  g_assert_cmpuint (count_files (card_stick, ".ampc"), ==, 1);
  {
    g_autoptr(GDir) d = g_dir_open (card_stick, 0, NULL);
    const char *name;

    while ((name = g_dir_read_name (d)) != NULL)
      if (g_str_has_suffix (name, ".ampc"))
        {
          g_autofree char *path = g_build_filename (card_stick, name, NULL);
          g_autofree char *contents = NULL;
          gsize length = 0;

          g_assert_true (g_str_has_prefix (name, "coordinator-"));
          g_assert_true (g_file_get_contents (path, &contents, &length, &error));
          g_assert_cmpmem (contents, length, g_bytes_get_data (card, NULL), g_bytes_get_size (card));
        }
  }

  g_assert_false (shows_text (find_named (coord, "coordinator-matrix"), AGENCY_NAME));
  amparo_coordinator_page_import (cp, stick_paths, FALSE);
  wait_idle (cp, (BusyFunc) amparo_coordinator_page_is_busy);
  results = amparo_coordinator_page_get_results (cp);
  g_assert_cmpuint (results->len, ==, 1);
  r = g_ptr_array_index (results, 0);
  g_assert_cmpint (r->outcome, ==, AMPARO_IMPORT_OUTCOME_REFUSED);
  g_assert_error (r->error, AMPARO_ERROR, AMPARO_ERROR_UNKNOWN_AGENCY);
  g_assert_true (shows_text (find_named (coord, "coordinator-results"), "Refused"));

  /* … until the coordinator checks its fingerprint and trusts it */
  pin = find_named (coord, "coordinator-pin");
  g_assert_nonnull (pin);
  g_signal_emit_by_name (pin, "clicked");
  spin ();
  toplevels = gtk_window_list_toplevels ();
  for (GList *l = toplevels; l != NULL; l = l->next)
    if (ADW_IS_MESSAGE_DIALOG (l->data))
      dialog = l->data;
  g_list_free (toplevels);
  g_assert_nonnull (dialog);
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), r->fingerprint));
  adw_message_dialog_response (dialog, "trust");
  gtk_window_destroy (GTK_WINDOW (dialog));
  wait_idle (cp, (BusyFunc) amparo_coordinator_page_is_busy);
  results = amparo_coordinator_page_get_results (cp);
  g_assert_cmpuint (results->len, ==, 1);
  r = g_ptr_array_index (results, 0);
  g_assert_cmpint (r->outcome, ==, AMPARO_IMPORT_OUTCOME_IMPORTED);
  g_assert_true (shows_text (find_named (coord, "coordinator-results"), "Imported"));

  /* the matrix shows who has sent, the report shows the period */
  g_assert_true (shows_text (find_named (coord, "coordinator-matrix"), AGENCY_NAME));
  g_assert_true (shows_text (find_named (coord, "coordinator-matrix"), PERIOD));
  g_assert_true (shows_text (find_named (coord, "coordinator-matrix"), "No. 1"));
  g_assert_true (shows_text (find_named (coord, "coordinator-report"), AGENCY_NAME));
  {
    guint n = 0;
    assert_controls_named (coord, &n);
    g_assert_cmpuint (n, >=, 2);   /* the period, the threshold */
  }

  /* the regional report saved through the page: CSV as the core makes it,
   * and a spreadsheet */
  {
    g_autofree char *csv_path = g_build_filename (f->dir, "regional.csv", NULL);
    g_autofree char *xlsx_path = g_build_filename (f->dir, "regional.xlsx", NULL);
    g_autoptr(GFile) csv_file = g_file_new_for_path (csv_path);
    g_autoptr(GFile) xlsx_file = g_file_new_for_path (xlsx_path);
    g_autofree char *pdf_path = g_build_filename (f->dir, "regional.pdf", NULL);
    g_autoptr(GFile) pdf_file = g_file_new_for_path (pdf_path);
    g_autoptr(AmparoRegionalReport) regional = amparo_regional_report_new (f->coordinator, PERIOD,
                                                                           &error);
    g_autofree char *expected = NULL;
    g_autofree char *written = NULL;
    gsize length = 0;

    g_assert_no_error (error);
    g_assert_cmpuint (regional->agencies->len, ==, 1);
    amparo_coordinator_page_save_report (cp, "csv", csv_file);
    wait_idle (cp, (BusyFunc) amparo_coordinator_page_is_busy);
    expected = amparo_regional_report_format (regional, AMPARO_REGIONAL_FORMAT_CSV, TRUE);
    g_assert_true (g_file_get_contents (csv_path, &written, NULL, &error));
    g_assert_cmpstr (written, ==, expected);
    g_assert_nonnull (strstr (written, AGENCY_NAME));
    g_clear_pointer (&written, g_free);
    amparo_coordinator_page_save_report (cp, "xlsx", xlsx_file);
    wait_idle (cp, (BusyFunc) amparo_coordinator_page_is_busy);
    g_assert_true (g_file_get_contents (xlsx_path, &written, &length, &error));
    g_assert_cmpuint (length, >, 1000);
    g_assert_true (memcmp (written, "PK\x03\x04", 4) == 0);   /* an Office Open XML zip */
    g_clear_pointer (&written, g_free);
    amparo_coordinator_page_save_report (cp, "pdf", pdf_file);
    wait_idle (cp, (BusyFunc) amparo_coordinator_page_is_busy);
    g_assert_true (g_file_get_contents (pdf_path, &written, &length, &error));
    g_assert_cmpuint (length, >, 1000);
    g_assert_true (g_str_has_prefix (written, "%PDF-"));
  }

  /* public figures at the threshold the page shows: no agency named */
  {
    g_autofree char *pub = g_build_filename (f->dir, "public", NULL);
    g_autoptr(GFile) pub_file = g_file_new_for_path (pub);
    g_autoptr(GDir) d = NULL;
    const char *name;
    guint n = 0;

    g_assert_cmpint (g_mkdir (pub, 0700), ==, 0);
    gtk_spin_button_set_value (GTK_SPIN_BUTTON (find_named (coord, "coordinator-public-k")), 12);
    amparo_coordinator_page_save_public (cp, pub_file);
    wait_idle (cp, (BusyFunc) amparo_coordinator_page_is_busy);
    g_assert_cmpint (amparo_vault_get_setting_int (f->coordinator, "public_k", 0), ==, 12);
    d = g_dir_open (pub, 0, NULL);
    while ((name = g_dir_read_name (d)) != NULL)
      {
        g_autofree char *path = g_build_filename (pub, name, NULL);
        g_autofree char *contents = NULL;

        g_assert_true (g_str_has_prefix (name, "amparo-public-" PERIOD "-"));
        g_assert_true (g_file_get_contents (path, &contents, NULL, &error));
        g_assert_null (strstr (contents, AGENCY_NAME));
        n++;
      }
    g_assert_cmpuint (n, ==, 1);
  }

  /* the same folder again changes nothing */
  amparo_coordinator_page_import (cp, stick_paths, FALSE);
  wait_idle (cp, (BusyFunc) amparo_coordinator_page_is_busy);
  r = g_ptr_array_index (amparo_coordinator_page_get_results (cp), 0);
  g_assert_cmpint (r->outcome, ==, AMPARO_IMPORT_OUTCOME_ALREADY_IMPORTED);
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
      g_test_add_func ("/gui/sync-pages/skipped", test_skip_without_display);
      g_test_run ();
      return 77;   /* skipped, for meson */
    }
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_setup, fn, fixture_teardown)
  ADD ("/gui/sync-pages/reports", test_reports_page);
  ADD ("/gui/sync-pages/share-trusts-card-on-confirm", test_share_trusts_card_on_confirm);
  ADD ("/gui/sync-pages/share-then-coordinator-imports", test_share_then_coordinator_imports);
#undef ADD

  return g_test_run ();
}
