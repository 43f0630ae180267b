/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <glib/gstdio.h>
#include <adwaita.h>

#include "amparo-gui-test.h"
#include "amparo-cases.h"
#include "amparo-db.h"
#include "amparo-test-util.h"
#include "amparo-window.h"

/* Backups from the window: the reminder and its preference, and a backup
 * made and restored through the file choosers, as a person would (GTK 4.8
 * without a portal shows its own chooser dialog, which the test answers).
 * Runs under Xvfb; skips without a display. */

#define PASS "copper meadow lantern 64"

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

static gpointer
find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return window;
    }
  return NULL;
}

static gboolean
shows_chooser (gpointer data)
{
  return find_toplevel (GTK_TYPE_FILE_CHOOSER_DIALOG) != NULL;
}

static gboolean
shows_confirmation (gpointer data)
{
  return find_toplevel (ADW_TYPE_MESSAGE_DIALOG) != NULL;
}

/* Answers the open folder chooser with @folder. */
static void
choose_folder (const char *folder)
{
  g_autoptr(GFile) file = g_file_new_for_path (folder);
  g_autoptr(GError) error = NULL;
  GtkWidget *chooser;

  spin_until (shows_chooser, NULL);
  chooser = find_toplevel (GTK_TYPE_FILE_CHOOSER_DIALOG);
  g_assert_true (gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (chooser), file, &error));
  g_assert_no_error (error);
  spin_for (100);
  gtk_dialog_response (GTK_DIALOG (chooser), GTK_RESPONSE_ACCEPT);
}

/* The reminder banner's label, found by what only it says. */
static GtkLabel *
find_reminder (GtkWidget *widget)
{
  if (GTK_IS_LABEL (widget)
      && (g_str_has_prefix (gtk_label_get_label (GTK_LABEL (widget)), "The last backup was")
          || g_str_has_prefix (gtk_label_get_label (GTK_LABEL (widget)), "This vault has never")))
    return GTK_LABEL (widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkLabel *found = find_reminder (child);
      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
reminder_shown (Fixture *f)
{
  GtkLabel *label = find_reminder (GTK_WIDGET (f->window));
  GtkWidget *revealer;

  if (label == NULL)
    return FALSE;
  revealer = gtk_widget_get_ancestor (GTK_WIDGET (label), GTK_TYPE_REVEALER);
  g_assert_nonnull (revealer);
  return gtk_revealer_get_reveal_child (GTK_REVEALER (revealer));
}

static gint64
count_cases (Fixture *f)
{
  return amparo_db_query_int (amparo_vault_get_cases_db (amparo_window_get_vault (f->window),
                                                         NULL),
                              "SELECT count(*) FROM cases;", -1);
}

static void
add_case (AmparoVault *vault)
{
  g_autoptr(GPtrArray) drafts = g_ptr_array_new_with_free_func ((GDestroyNotify) amparo_case_draft_free);
  g_autoptr(GError) error = NULL;
  AmparoCaseDraft *d = amparo_case_draft_new ();

  d->opened = g_strdup ("2026-02-01");
  g_ptr_array_add (drafts, d);
  g_assert_true (amparo_cases_create (vault, drafts, NULL, &error));
  g_assert_no_error (error);
}

static void
setup (Fixture       *f,
       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AmparoVault) vault = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) then = g_date_time_add_days (now, -10);
  g_autofree char *stamp = g_date_time_format (then, "%Y-%m-%dT%H:%M:%SZ");

  f->root = amparo_test_make_dir ();
  f->dir = g_build_filename (f->root, "vault", NULL);
  vault = amparo_vault_create (f->dir, AMPARO_VAULT_KIND_AGENCY, "Agency", "sup", PASS, &error);
  g_assert_no_error (error);
  g_assert_true (amparo_vault_add_account (vault, "clerk", AMPARO_ROLE_REPORTING, PASS, &error));
  g_assert_true (amparo_vault_set_setting (vault, "last_backup", stamp, &error));
  g_assert_no_error (error);
  add_case (vault);
  amparo_vault_lock (vault);

  f->window = g_object_ref_sink (amparo_window_new (NULL, f->dir, FALSE));
  gtk_window_present (GTK_WINDOW (f->window));
}

static void
teardown (Fixture       *f,
          gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);

  g_settings_reset (settings, "backup-reminder-days");
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

static void
test_reminder_follows_preference (Fixture       *f,
                                  gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);

  g_assert_cmpint (g_settings_get_int (settings, "backup-reminder-days"), ==, 7);
  unlock_as (f, "sup");
  g_assert_true (reminder_shown (f));
  g_assert_cmpstr (gtk_label_get_label (find_reminder (GTK_WIDGET (f->window))), ==,
                   "The last backup was 10 days ago.");

  /* a longer limit: ten days is fine */
  g_settings_set_int (settings, "backup-reminder-days", 30);
  spin_for (50);
  g_assert_false (reminder_shown (f));
  g_settings_set_int (settings, "backup-reminder-days", 10);
  spin_for (50);
  g_assert_true (reminder_shown (f));

  /* a reporting account cannot back up, so it is not asked to */
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.lock", NULL);
  unlock_as (f, "clerk");
  g_assert_false (reminder_shown (f));
}

static gboolean
backup_made (gpointer data)
{
  Fixture *f = data;

  return !reminder_shown (f);
}

static gboolean
stack_sensitive_on_unlock (gpointer data)
{
  AmparoWindow *window = data;

  return gtk_widget_get_sensitive (GTK_WIDGET (amparo_window_get_unlock_page (window)))
         && gtk_widget_is_sensitive (GTK_WIDGET (amparo_window_get_unlock_page (window)))
         && g_strcmp0 (amparo_window_get_visible_page (window), "unlock") == 0;
}

static void
test_backup_then_restore (Fixture       *f,
                          gconstpointer  data)
{
  g_autofree char *stick = g_build_filename (f->root, "usb-stick", NULL);
  g_autofree char *made = NULL;
  g_autoptr(GDir) dir = NULL;
  const char *name;

  g_assert_cmpint (g_mkdir (stick, 0700), ==, 0);
  unlock_as (f, "sup");
  g_assert_true (reminder_shown (f));
  g_assert_cmpint (count_cases (f), ==, 1);

  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.backup", NULL);
  choose_folder (stick);
  spin_until (backup_made, f);

  /* one backup folder on the stick, with the encrypted stores and the keys */
  dir = g_dir_open (stick, 0, NULL);
  g_assert_nonnull (dir);
  name = g_dir_read_name (dir);
  g_assert_nonnull (name);
  made = g_build_filename (stick, name, NULL);
  g_assert_null (g_dir_read_name (dir));
  for (guint i = 0; i < 3; i++)
    {
      const char *files[] = { "keys", "cases.db", "contacts.db" };
      g_autofree char *path = g_build_filename (made, files[i], NULL);

      g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
    }

  /* work after the backup, then restore from the unlock page */
  add_case (amparo_window_get_vault (f->window));
  g_assert_cmpint (count_cases (f), ==, 2);
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.lock", NULL);
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.restore-backup", NULL);
  choose_folder (made);
  spin_until (shows_confirmation, NULL);
  adw_message_dialog_response (find_toplevel (ADW_TYPE_MESSAGE_DIALOG), "restore");
  spin_for (100);
  spin_until (stack_sensitive_on_unlock, f->window);

  unlock_as (f, "sup");
  g_assert_cmpint (count_cases (f), ==, 1);
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
      g_test_add_func ("/backup/skipped", skip_without_display);
      return g_test_run ();
    }

  /* the file chooser dialog, not a portal that a test cannot answer */
  g_setenv ("GTK_USE_PORTAL", "0", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  g_object_set (gtk_settings_get_default (), "gtk-cursor-blink", FALSE, NULL);

#define ADD(path, fn) g_test_add (path, Fixture, NULL, setup, fn, teardown)
  ADD ("/backup/reminder-follows-preference", test_reminder_follows_preference);
  ADD ("/backup/backup-then-restore", test_backup_then_restore);
#undef ADD
  return g_test_run ();
}
