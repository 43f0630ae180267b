/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <glib/gstdio.h>
#include <adwaita.h>

#include "amparo-gui-test.h"
#include "amparo-cases.h"
#include "amparo-db.h"
#include "amparo-import-dialog.h"
#include "amparo-test-util.h"
#include "amparo-window.h"

/* The import assistant in the real window, driven through its actions
 * (GTK 4.8 has no event synthesis). Runs under Xvfb; skips without a
 * display. */

#define PASS "lantern quiet harbor 58"
/* in the bad row: neither may ever be shown */
#define BAD_NAME "Quintanar"
#define BAD_CELL "Marisol-Ybarra"

typedef struct
{
  char         *root;
  char         *dir;
  AmparoWindow *window;
} Fixture;

static gboolean
shows_main (gpointer data)
{
  return g_strcmp0 (amparo_window_get_visible_page (data), "main") == 0;
}

static gboolean
settled (gpointer data)
{
  const char *state = amparo_import_dialog_get_state (data);

  return g_strcmp0 (state, "checking") != 0 && g_strcmp0 (state, "importing") != 0;
}

static gboolean
list_loaded (gpointer data)
{
  return amparo_case_list_get_model (data) != NULL && !amparo_case_list_is_loading (data);
}

static AmparoCaseList *
case_list (Fixture *f)
{
  AmparoCaseList *list = amparo_main_view_get_case_list (amparo_window_get_main_view (f->window));

  g_assert_nonnull (list);
  spin_until (list_loaded, list);
  return list;
}

static guint
rows_shown (Fixture *f)
{
  return g_list_model_get_n_items (amparo_case_list_get_model (case_list (f)));
}

static gint64
count (Fixture    *f,
       gboolean    contacts,
       const char *sql)
{
  AmparoVault *vault = amparo_window_get_vault (f->window);
  sqlite3 *db = contacts ? amparo_vault_get_contacts_db (vault, NULL)
                         : amparo_vault_get_cases_db (vault, NULL);

  g_assert_nonnull (db);
  return amparo_db_query_int (db, sql, -1);
}

/* Every text a person could read in @widget and below. */
static void
collect_text (GtkWidget *widget,
              GString   *out)
{
  if (GTK_IS_LABEL (widget))
    g_string_append_printf (out, "%s\n", gtk_label_get_label (GTK_LABEL (widget)));
  else if (GTK_IS_EDITABLE (widget))
    g_string_append_printf (out, "%s\n", gtk_editable_get_text (GTK_EDITABLE (widget)));
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_text (child, out);
}

static AmparoImportDialog *
find_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (AMPARO_IS_IMPORT_DIALOG (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return AMPARO_IMPORT_DIALOG (window);
    }
  return NULL;
}

static AmparoImportDialog *
open_dialog (Fixture *f)
{
  AmparoImportDialog *dialog;

  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.import-cases", NULL);
  spin_for (50);
  dialog = find_dialog ();
  g_assert_nonnull (dialog);
  return dialog;
}

static void
check_file (AmparoImportDialog *dialog,
            const char         *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);

  amparo_import_dialog_check_file (dialog, file);
  spin_until (settled, dialog);
}

static void
setup (Fixture       *f,
       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AmparoVault) vault = NULL;
  g_autoptr(GPtrArray) drafts = g_ptr_array_new_with_free_func ((GDestroyNotify) amparo_case_draft_free);
  AmparoCaseDraft *d = amparo_case_draft_new ();

  f->root = amparo_test_make_dir ();
  f->dir = g_build_filename (f->root, "vault", NULL);
  vault = amparo_vault_create (f->dir, AMPARO_VAULT_KIND_AGENCY, "Agency", "sup", PASS, &error);
  g_assert_no_error (error);
  g_assert_true (amparo_vault_add_account (vault, "clerk", AMPARO_ROLE_REPORTING, PASS, &error));
  /* one case already there, to see that a refused file changes nothing */
  d->first_name = g_strdup ("Ana");
  d->opened = g_strdup ("2026-01-10");
  g_ptr_array_add (drafts, d);
  g_assert_true (amparo_cases_create (vault, drafts, NULL, &error));
  g_assert_no_error (error);
  amparo_vault_lock (vault);

  f->window = g_object_ref_sink (amparo_window_new (NULL, f->dir, FALSE));
  gtk_window_present (GTK_WINDOW (f->window));
}

static void
teardown (Fixture       *f,
          gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (f->window));
  g_clear_object (&f->window);
  amparo_test_remove_dir (f->root);
  g_free (f->root);
  g_free (f->dir);
}

static void
unlock_as (Fixture    *f,
           const char *user)
{
  amparo_unlock_page_submit (amparo_window_get_unlock_page (f->window), user, PASS);
  spin_until (shows_main, f->window);
}

/* The template the assistant offers, as it would be saved. */
static char *
write_template (Fixture    *f,
                const char *resource)
{
  g_autoptr(GBytes) bytes = g_resources_lookup_data (resource, 0, NULL);
  g_autofree char *path = g_build_filename (f->root, "template.csv", NULL);
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (bytes);
  g_assert_true (g_file_set_contents (path, g_bytes_get_data (bytes, NULL),
                                      (gssize) g_bytes_get_size (bytes), &error));
  g_assert_no_error (error);
  return g_steal_pointer (&path);
}

static void
cases_imported_cb (AmparoImportDialog *dialog,
                   guint               n_cases,
                   guint              *out)
{
  *out += n_cases;
}

static void
test_template_imports (Fixture       *f,
                       gconstpointer  data)
{
  const char *resource = data;
  g_autofree char *path = write_template (f, resource);
  g_autoptr(GString) text = g_string_new (NULL);
  AmparoImportDialog *dialog;
  guint imported = 0;

  unlock_as (f, "sup");
  g_assert_cmpuint (rows_shown (f), ==, 1);
  dialog = open_dialog (f);
  g_assert_cmpstr (amparo_import_dialog_get_state (dialog), ==, "format");
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (find_named (GTK_WIDGET (dialog),
                                                                  "import-run"))));
  gtk_widget_activate_action (GTK_WIDGET (dialog), "import.next", NULL);
  g_assert_cmpstr (amparo_import_dialog_get_state (dialog), ==, "choose");

  {
    g_autoptr(GFile) file = g_file_new_for_path (path);

    /* the rows are checked in a worker thread: the window keeps drawing */
    amparo_import_dialog_check_file (dialog, file);
    g_assert_cmpstr (amparo_import_dialog_get_state (dialog), ==, "checking");
    spin_until (settled, dialog);
  }
  g_assert_cmpstr (amparo_import_dialog_get_state (dialog), ==, "ready");
  g_assert_true (gtk_widget_get_visible (find_named (GTK_WIDGET (dialog), "import-run")));
  collect_text (GTK_WIDGET (dialog), text);
  g_assert_nonnull (strstr (text->str, "3 Cases Ready to Import"));
  /* checking wrote nothing */
  g_assert_cmpint (count (f, FALSE, "SELECT count(*) FROM cases;"), ==, 1);

  g_signal_connect (dialog, "cases-imported", G_CALLBACK (cases_imported_cb), &imported);
  gtk_widget_activate_action (GTK_WIDGET (dialog), "import.run", NULL);
  g_assert_cmpstr (amparo_import_dialog_get_state (dialog), ==, "importing");
  spin_until (settled, dialog);
  g_assert_cmpstr (amparo_import_dialog_get_state (dialog), ==, "done");
  g_assert_cmpuint (imported, ==, 3);

  g_assert_cmpint (count (f, FALSE, "SELECT count(*) FROM cases WHERE complete = 1;"), ==, 4);
  g_assert_cmpint (count (f, TRUE, "SELECT count(*) FROM people;"), ==, 4);
  g_assert_cmpint (count (f, FALSE, "SELECT count(*) FROM audit WHERE action = 'cases.import';"),
                   ==, 1);
  /* the list refreshed itself; it shows open cases, and one example row
   * is a closed case */
  spin_for (100);
  g_assert_cmpint (count (f, FALSE, "SELECT count(*) FROM cases WHERE status = 'open';"), ==, 3);
  g_assert_cmpuint (rows_shown (f), ==, 3);

  gtk_widget_activate_action (GTK_WIDGET (dialog), "window.close", NULL);
  spin_for (50);
  g_assert_null (find_dialog ());
}

static void
test_bad_row_imports_nothing (Fixture       *f,
                              gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->root, "intake.csv", NULL);
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  AmparoImportDialog *dialog;

  g_assert_true (g_file_set_contents (path,
                                      "first_name,last_name,opened,gender\n"
                                      "Alma,Reyes,2025-01-02,woman\n"
                                      "Rosa," BAD_NAME "," BAD_CELL ",woman\n"
                                      "Elena,Soto,2025-03-04,woman\n", -1, &error));
  g_assert_no_error (error);

  unlock_as (f, "sup");
  dialog = open_dialog (f);
  gtk_widget_activate_action (GTK_WIDGET (dialog), "import.next", NULL);
  check_file (dialog, path);
  g_assert_cmpstr (amparo_import_dialog_get_state (dialog), ==, "problems");

  collect_text (GTK_WIDGET (dialog), text);
  g_test_message ("%s", text->str);
  g_assert_nonnull (strstr (text->str, "1 Problem — Nothing Will Be Imported"));
  g_assert_nonnull (strstr (text->str, "line 3, column opened: "));
  g_assert_null (strstr (text->str, BAD_CELL));
  g_assert_null (strstr (text->str, "Marisol"));
  g_assert_null (strstr (text->str, BAD_NAME));
  g_assert_null (strstr (text->str, "Rosa"));
  g_assert_null (strstr (text->str, "intake.csv"));

  /* there is nothing to import, even by asking */
  gtk_widget_activate_action (GTK_WIDGET (dialog), "import.run", NULL);
  spin_for (200);
  g_assert_cmpstr (amparo_import_dialog_get_state (dialog), ==, "problems");
  g_assert_cmpint (count (f, FALSE, "SELECT count(*) FROM cases;"), ==, 1);
  g_assert_cmpint (count (f, TRUE, "SELECT count(*) FROM people;"), ==, 1);
  g_assert_cmpuint (rows_shown (f), ==, 1);

  /* back to choosing a file, as after fixing the spreadsheet */
  gtk_widget_activate_action (GTK_WIDGET (dialog), "import.back", NULL);
  g_assert_cmpstr (amparo_import_dialog_get_state (dialog), ==, "choose");
}

static void
test_missing_file_says_so (Fixture       *f,
                           gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->root, "gone.csv", NULL);
  g_autoptr(GString) text = g_string_new (NULL);
  AmparoImportDialog *dialog;

  unlock_as (f, "sup");
  dialog = open_dialog (f);
  check_file (dialog, path);
  g_assert_cmpstr (amparo_import_dialog_get_state (dialog), ==, "failed");
  collect_text (GTK_WIDGET (dialog), text);
  g_assert_nonnull (strstr (text->str, "does not exist"));
  g_assert_null (strstr (text->str, "gone"));
  g_assert_cmpint (count (f, FALSE, "SELECT count(*) FROM cases;"), ==, 1);
}

static void
test_reporting_cannot_import (Fixture       *f,
                              gconstpointer  data)
{
  g_autofree char *path = write_template (f, "/org/amparo/Amparo/csv-template.csv");
  AmparoImportDialog *dialog;

  unlock_as (f, "clerk");
  /* the menu item is off */
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.import-cases", NULL);
  spin_for (50);
  g_assert_null (find_dialog ());

  /* and the assistant itself refuses */
  dialog = AMPARO_IMPORT_DIALOG (amparo_import_dialog_new (GTK_WINDOW (f->window),
                                                           amparo_window_get_vault (f->window)));
  gtk_window_present (GTK_WINDOW (dialog));
  g_assert_cmpstr (amparo_import_dialog_get_state (dialog), ==, "refused");
  check_file (dialog, path);
  g_assert_cmpstr (amparo_import_dialog_get_state (dialog), ==, "refused");
  gtk_window_destroy (GTK_WINDOW (dialog));
}

static void
test_lock_closes_assistant (Fixture       *f,
                            gconstpointer  data)
{
  g_autofree char *path = write_template (f, "/org/amparo/Amparo/csv-template.csv");
  AmparoImportDialog *dialog;

  unlock_as (f, "sup");
  dialog = open_dialog (f);
  check_file (dialog, path);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.lock", NULL);
  spin_for (50);
  g_assert_null (dialog);
  g_assert_null (find_dialog ());
  g_assert_cmpstr (amparo_window_get_visible_page (f->window), ==, "unlock");
}

static void
skip_without_display (void)
{
  g_test_skip ("no display: run under xvfb-run");
}

int
main (int   argc,
      char *argv[])
{
  if (g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL)
    {
      g_test_init (&argc, &argv, NULL);
      g_test_add_func ("/import-dialog/skipped", skip_without_display);
      return g_test_run ();
    }

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  g_object_set (gtk_settings_get_default (), "gtk-cursor-blink", FALSE, NULL);

#define ADD(path, fn, data) g_test_add (path, Fixture, data, setup, fn, teardown)
  ADD ("/import-dialog/english-template-imports", test_template_imports,
       "/org/amparo/Amparo/csv-template.csv");
  ADD ("/import-dialog/spanish-template-imports", test_template_imports,
       "/org/amparo/Amparo/csv-template.es.csv");
  ADD ("/import-dialog/bad-row-imports-nothing", test_bad_row_imports_nothing, NULL);
  ADD ("/import-dialog/missing-file-says-so", test_missing_file_says_so, NULL);
  ADD ("/import-dialog/reporting-cannot-import", test_reporting_cannot_import, NULL);
  ADD ("/import-dialog/lock-closes-assistant", test_lock_closes_assistant, NULL);
#undef ADD
  return g_test_run ();
}
