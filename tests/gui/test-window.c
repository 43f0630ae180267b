/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <glib/gstdio.h>
#include <adwaita.h>

#include "amparo-gui-test.h"
#include "amparo-case-index.h"
#include "amparo-cases.h"
#include "amparo-error.h"
#include "amparo-first-run-page.h"
#include "amparo-preferences-window.h"
#include "amparo-test-util.h"
#include "amparo-window.h"

/* The window driven through its actions and public hooks (GTK 4.8 has no
 * event synthesis). Runs under Xvfb; skips without a display. */

#define PASS "tin lantern orchard 42"
#define SURVIVOR_FIRST "José"
#define SURVIVOR_LAST "Núñez"

typedef struct
{
  char         *root;
  char         *dir;
  AmparoWindow *window;
  gint64        jose;
  char         *jose_code;
} Fixture;

static gboolean
unlock_idle (gpointer data)
{
  return !amparo_unlock_page_get_busy (amparo_window_get_unlock_page (data));
}

static gboolean
shows_main (gpointer data)
{
  return g_strcmp0 (amparo_window_get_visible_page (data), "main") == 0;
}

static gboolean
shows_unlock (gpointer data)
{
  return g_strcmp0 (amparo_window_get_visible_page (data), "unlock") == 0;
}

static gboolean
list_loaded (gpointer data)
{
  return amparo_case_list_get_model (data) != NULL && !amparo_case_list_is_loading (data);
}

static gboolean
shows_one_row (gpointer data)
{
  GListModel *model = amparo_case_list_get_model (data);

  return !amparo_case_list_is_loading (data) && model != NULL
         && g_list_model_get_n_items (model) == 1;
}

static void
setup (Fixture       *f,
       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AmparoVault) vault = NULL;
  g_autoptr(GPtrArray) drafts = g_ptr_array_new_with_free_func ((GDestroyNotify) amparo_case_draft_free);
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GListModel) rows = NULL;
  const char *names[][2] = { { SURVIVOR_FIRST, SURVIVOR_LAST }, { "Ana", "López" },
                             { "Carla", "Díaz" } };

  f->root = amparo_test_make_dir ();
  f->dir = g_build_filename (f->root, "vault", NULL);
  vault = amparo_vault_create (f->dir, AMPARO_VAULT_KIND_AGENCY, "Agency", "sup", PASS, &error);
  g_assert_no_error (error);
  g_assert_true (amparo_vault_add_account (vault, "clerk", AMPARO_ROLE_REPORTING, PASS, &error));
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      AmparoCaseDraft *d = amparo_case_draft_new ();
      d->first_name = g_strdup (names[i][0]);
      d->last_name = g_strdup (names[i][1]);
      d->opened = g_strdup ("2026-01-10");
      g_ptr_array_add (drafts, d);
    }
  g_assert_true (amparo_cases_create (vault, drafts, ids, &error));
  g_assert_no_error (error);
  f->jose = g_array_index (ids, gint64, 0);
  rows = amparo_case_index_query (vault, SURVIVOR_LAST, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (rows), ==, 1);
  {
    g_autoptr(AmparoCaseRow) row = g_list_model_get_item (rows, 0);
    f->jose_code = g_strdup (amparo_case_row_get_ref_code (row));
  }
  amparo_vault_lock (vault);

  f->window = g_object_ref_sink (amparo_window_new (NULL, f->dir, FALSE));
  gtk_window_present (GTK_WINDOW (f->window));
  g_assert_cmpstr (amparo_window_get_visible_page (f->window), ==, "unlock");
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
  g_free (f->jose_code);
}

static void
unlock_as (Fixture    *f,
           const char *user)
{
  amparo_unlock_page_submit (amparo_window_get_unlock_page (f->window), user, PASS);
  spin_until (shows_main, f->window);
}

static AmparoCaseList *
loaded_case_list (Fixture *f)
{
  AmparoCaseList *list = amparo_main_view_get_case_list (amparo_window_get_main_view (f->window));

  g_assert_nonnull (list);
  spin_until (list_loaded, list);
  return list;
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

static void
test_unlock_wrong_then_right (Fixture       *f,
                              gconstpointer  data)
{
  AmparoUnlockPage *page = amparo_window_get_unlock_page (f->window);

  amparo_unlock_page_submit (page, "sup", "not the passphrase");
  g_assert_true (amparo_unlock_page_get_busy (page));
  spin_until (unlock_idle, f->window);
  g_assert_nonnull (amparo_unlock_page_get_message (page));
  g_assert_false (amparo_unlock_page_offers_restore (page));
  g_assert_cmpstr (amparo_window_get_visible_page (f->window), ==, "unlock");
  g_assert_null (amparo_window_get_vault (f->window));

  unlock_as (f, "sup");
  g_assert_nonnull (amparo_window_get_vault (f->window));
  g_assert_false (amparo_vault_is_locked (amparo_window_get_vault (f->window)));
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (f->window)), ==, "Amparo");
}

static void
test_damaged_vault_message_differs (Fixture       *f,
                                    gconstpointer  data)
{
  AmparoUnlockPage *page = amparo_window_get_unlock_page (f->window);
  g_autofree char *wrong = NULL;
  g_autofree char *cases = g_build_filename (f->dir, "cases.db", NULL);

  amparo_unlock_page_submit (page, "sup", "not the passphrase");
  spin_until (unlock_idle, f->window);
  wrong = g_strdup (amparo_unlock_page_get_message (page));

  /* the keys open, but the coded store is not what it should be */
  for (goffset off = 5000; off < 9000; off += 512)
    amparo_test_flip_byte (cases, off);
  amparo_unlock_page_submit (page, "sup", PASS);
  spin_until (unlock_idle, f->window);
  g_assert_cmpstr (amparo_window_get_visible_page (f->window), ==, "unlock");
  g_assert_nonnull (amparo_unlock_page_get_message (page));
  g_assert_cmpstr (amparo_unlock_page_get_message (page), !=, wrong);
  g_assert_true (amparo_unlock_page_offers_restore (page));
}

static void
test_search_by_code_and_name (Fixture       *f,
                              gconstpointer  data)
{
  AmparoCaseList *list;
  g_autofree char *typed = NULL;
  GListModel *model;
  g_autoptr(AmparoCaseRow) row = NULL;

  unlock_as (f, "sup");
  list = loaded_case_list (f);
  g_assert_cmpuint (g_list_model_get_n_items (amparo_case_list_get_model (list)), ==, 3);
  g_assert_true (amparo_case_list_has_name_column (list));

  /* lower case and without the dash, as people type it */
  typed = g_ascii_strdown (f->jose_code, -1);
  memmove (typed + 4, typed + 5, strlen (typed + 5) + 1);
  amparo_case_list_set_search (list, typed);
  spin_until (shows_one_row, list);
  model = amparo_case_list_get_model (list);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 1);
  row = g_list_model_get_item (model, 0);
  g_assert_cmpint (amparo_case_row_get_id (row), ==, f->jose);
  g_clear_object (&row);

  amparo_case_list_set_search (list, "");
  spin_until (list_loaded, list);
  g_assert_cmpuint (g_list_model_get_n_items (amparo_case_list_get_model (list)), ==, 3);
  amparo_case_list_set_search (list, "NUNEZ");
  spin_until (shows_one_row, list);
  model = amparo_case_list_get_model (list);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 1);
  row = g_list_model_get_item (model, 0);
  g_assert_cmpint (amparo_case_row_get_id (row), ==, f->jose);
  g_assert_cmpstr (amparo_case_row_get_display_name (row), ==, SURVIVOR_FIRST " " SURVIVOR_LAST);
}

static void
test_names_shown_to_supervisor (Fixture       *f,
                                gconstpointer  data)
{
  g_autoptr(GString) text = g_string_new (NULL);

  unlock_as (f, "sup");
  loaded_case_list (f);
  spin_for (300);
  collect_text (GTK_WIDGET (f->window), text);
  /* proves the scan below sees the list's rows */
  g_assert_nonnull (strstr (text->str, SURVIVOR_LAST));
}

static void
test_reporting_role_never_gets_names (Fixture       *f,
                                      gconstpointer  data)
{
  g_autoptr(GString) text = g_string_new (NULL);
  AmparoCaseList *list;

  unlock_as (f, "clerk");
  list = loaded_case_list (f);
  g_assert_false (amparo_case_list_has_name_column (list));
  g_assert_cmpuint (g_list_model_get_n_items (amparo_case_list_get_model (list)), ==, 3);
  g_assert_true (gtk_widget_is_visible (GTK_WIDGET (list)));
  g_assert_false (amparo_main_view_has_page (amparo_window_get_main_view (f->window), "staff"));

  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.open-case", "x", f->jose);
  spin_for (300);
  g_assert_nonnull (amparo_main_view_get_case_widget (amparo_window_get_main_view (f->window)));
  collect_text (GTK_WIDGET (f->window), text);
  g_assert_null (strstr (text->str, SURVIVOR_LAST));
  g_assert_null (strstr (text->str, SURVIVOR_FIRST));
  g_assert_nonnull (strstr (text->str, f->jose_code));
}

static void
test_lock_drops_every_view (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(AmparoVault) vault = NULL;
  g_autoptr(GError) error = NULL;
  GtkColumnView *column_view;
  GtkWidget *case_widget;
  GtkWidget *main_view;

  unlock_as (f, "sup");
  column_view = amparo_case_list_get_column_view (loaded_case_list (f));
  g_object_add_weak_pointer (G_OBJECT (column_view), (gpointer *) &column_view);
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.open-case", "x", f->jose);
  case_widget = amparo_main_view_get_case_widget (amparo_window_get_main_view (f->window));
  g_assert_nonnull (case_widget);
  g_object_add_weak_pointer (G_OBJECT (case_widget), (gpointer *) &case_widget);
  vault = g_object_ref (amparo_window_get_vault (f->window));

  main_view = GTK_WIDGET (amparo_window_get_main_view (f->window));
  g_object_add_weak_pointer (G_OBJECT (main_view), (gpointer *) &main_view);

  /* no main-loop turn in between: the views go at once, not later */
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.lock", NULL);
  g_assert_null (main_view);
  g_assert_cmpstr (amparo_window_get_visible_page (f->window), ==, "unlock");
  g_assert_null (amparo_window_get_main_view (f->window));
  g_assert_null (amparo_window_get_vault (f->window));
  g_assert_null (column_view);
  g_assert_null (case_widget);
  g_assert_true (amparo_vault_is_locked (vault));
  g_assert_null (amparo_vault_get_cases_db (vault, &error));
  g_assert_error (error, AMPARO_ERROR, AMPARO_ERROR_LOCKED);
  g_clear_error (&error);
  g_assert_null (amparo_vault_get_contacts_db (vault, &error));
  g_assert_error (error, AMPARO_ERROR, AMPARO_ERROR_LOCKED);
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (f->window)), ==, "Amparo");
  /* case actions do nothing while locked */
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.open-case", "x", f->jose);
  g_assert_null (amparo_window_get_main_view (f->window));
}

static void
test_idle_lock_fires (Fixture       *f,
                      gconstpointer  data)
{
  AmparoVault *vault;

  unlock_as (f, "sup");
  vault = g_object_ref (amparo_window_get_vault (f->window));
  amparo_window_set_idle_timeout_ms_for_testing (f->window, 200);
  spin_until (shows_unlock, f->window);
  g_assert_null (amparo_window_get_main_view (f->window));
  g_assert_true (amparo_vault_is_locked (vault));
  g_object_unref (vault);
}

static void
test_first_run_refuses_weak_then_creates (Fixture       *f,
                                          gconstpointer  data)
{
  g_autofree char *fresh = g_build_filename (f->root, "fresh", NULL);
  g_autoptr(AmparoWindow) window = g_object_ref_sink (amparo_window_new (NULL, fresh, FALSE));
  AmparoFirstRunPage *page;

  gtk_window_present (GTK_WINDOW (window));
  g_assert_cmpstr (amparo_window_get_visible_page (window), ==, "first-run");
  page = amparo_window_get_first_run_page (window);

  amparo_first_run_page_fill (page, "Agency", "sup", "password", FALSE);
  amparo_first_run_page_create (page);
  spin_for (200);
  g_assert_cmpstr (amparo_window_get_visible_page (window), ==, "first-run");
  g_assert_false (amparo_vault_exists (fresh));

  amparo_first_run_page_fill (page, "Agency", "sup", "maple kettle orbit 93 quiet", FALSE);
  amparo_first_run_page_create (page);
  spin_until (shows_main, window);
  g_assert_true (amparo_vault_exists (fresh));
  g_assert_cmpint (amparo_vault_get_role (amparo_window_get_vault (window)), ==,
                   AMPARO_ROLE_SUPERVISOR);
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_preferences_write_vault_values_for_supervisor_only (Fixture       *f,
                                                         gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autofree char *stored = NULL;
  g_autofree char *unchanged = NULL;
  AmparoVault *vault;
  GtkWidget *prefs;

  unlock_as (f, "sup");
  vault = amparo_window_get_vault (f->window);
  prefs = amparo_preferences_window_new (GTK_WINDOW (f->window), vault);
  gtk_window_present (GTK_WINDOW (prefs));
  g_settings_set_int (settings, "release-days", 45);
  spin_for (50);
  stored = amparo_vault_get_setting (vault, "release_days");
  g_assert_cmpstr (stored, ==, "45");
  gtk_window_destroy (GTK_WINDOW (prefs));

  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.lock", NULL);
  unlock_as (f, "clerk");
  /* unlocking copied the vault's value back */
  g_assert_cmpint (g_settings_get_int (settings, "release-days"), ==, 45);
  vault = amparo_window_get_vault (f->window);
  prefs = amparo_preferences_window_new (GTK_WINDOW (f->window), vault);
  g_settings_set_int (settings, "release-days", 12);
  spin_for (50);
  unchanged = amparo_vault_get_setting (vault, "release_days");
  g_assert_cmpstr (unchanged, ==, "45");
  /* the window closes itself when the vault locks */
  g_object_add_weak_pointer (G_OBJECT (prefs), (gpointer *) &prefs);
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.lock", NULL);
  spin_for (50);
  g_assert_null (prefs);
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
      g_test_add_func ("/window/skipped", skip_without_display);
      return g_test_run ();
    }

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  /* without a window manager the window is never active, and a blinking
   * cursor in an unfocused window warns */
  g_object_set (gtk_settings_get_default (), "gtk-cursor-blink", FALSE, NULL);

#define ADD(path, fn) g_test_add (path, Fixture, NULL, setup, fn, teardown)
  ADD ("/window/unlock/wrong-then-right", test_unlock_wrong_then_right);
  ADD ("/window/unlock/damaged-differs", test_damaged_vault_message_differs);
  ADD ("/window/cases/search-code-and-name", test_search_by_code_and_name);
  ADD ("/window/cases/names-for-supervisor", test_names_shown_to_supervisor);
  ADD ("/window/cases/reporting-never-names", test_reporting_role_never_gets_names);
  ADD ("/window/lock/drops-every-view", test_lock_drops_every_view);
  ADD ("/window/lock/idle", test_idle_lock_fires);
  ADD ("/window/first-run/weak-then-create", test_first_run_refuses_weak_then_creates);
  ADD ("/window/preferences/vault-values", test_preferences_write_vault_values_for_supervisor_only);
#undef ADD
  return g_test_run ();
}
