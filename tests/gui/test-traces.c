/* SPDX-License-Identifier: GPL-3.0-or-later */
#define _GNU_SOURCE
#include <stdlib.h>
#include <string.h>

#include <glib/gstdio.h>
#include <adwaita.h>

#include "amparo-gui-test.h"
#include "amparo-application.h"
#include "amparo-case-index.h"
#include "amparo-cases.h"
#include "amparo-test-fixture.h"
#include "amparo-test-util.h"
#include "amparo-window.h"

/* Traces: a whole session of the real application, from the command line
 * to Quit, leaves no survivor's name anywhere but in the vault.
 *
 * HOME, the XDG folders and TMPDIR point into a fresh folder; GSettings
 * writes to a key file there (instead of memory), and everything logged,
 * debug messages included, is kept. The vault, in its default place, is
 * filled with cases whose every identifying field and note holds a
 * marker. The session unlocks, searches for a survivor by name, opens
 * cases, locks and quits. Then every file under that folder except the
 * vault, and the log, must hold no marker; recently-used.xbel above all.
 * Runs under Xvfb; skips without a display. */

#define PASS "tin lantern orchard 42"
#define MARKER_FIRST AMPARO_TEST_MARKER "Xochitl"
#define MARKER_LAST AMPARO_TEST_MARKER "Quintero"

static char *root;
static char *vault_dir;
static GString *logged;

typedef struct
{
  AmparoApplication *app;
  gint64             marked_case;
  gint64             other_case;
  gboolean           saw_marker;
  gboolean           done;
} Session;

static GLogWriterOutput
keep_log (GLogLevelFlags   level,
          const GLogField *fields,
          gsize            n_fields,
          gpointer         user_data)
{
  for (gsize i = 0; i < n_fields; i++)
    if (fields[i].length < 0)
      g_string_append_printf (logged, "%s=%s\n", fields[i].key, (const char *) fields[i].value);
    else
      {
        g_string_append_printf (logged, "%s=", fields[i].key);
        g_string_append_len (logged, fields[i].value, fields[i].length);
        g_string_append_c (logged, '\n');
      }
  /* debug output is kept, not shown */
  if (level & G_LOG_LEVEL_DEBUG)
    return G_LOG_WRITER_HANDLED;
  return g_log_writer_default (level, fields, n_fields, user_data);
}

static gboolean
shows_main (gpointer data)
{
  return g_strcmp0 (amparo_window_get_visible_page (data), "main") == 0;
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

static gboolean
drive_session (gpointer data)
{
  static const char *const pages[] = { "partners", "referrals", "reports", "share", "audit",
                                       "staff", "cases" };
  Session *s = data;
  GList *windows = gtk_application_get_windows (GTK_APPLICATION (s->app));
  AmparoWindow *window;
  AmparoCaseList *list;
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(AmparoCaseRow) row = NULL;

  g_assert_nonnull (windows);
  window = AMPARO_WINDOW (windows->data);
  g_assert_cmpstr (amparo_window_get_visible_page (window), ==, "unlock");

  amparo_unlock_page_submit (amparo_window_get_unlock_page (window), "sup", PASS);
  spin_until (shows_main, window);
  list = amparo_main_view_get_case_list (amparo_window_get_main_view (window));
  spin_until (list_loaded, list);

  /* a search by a survivor's name, as typed */
  amparo_case_list_set_search (list, "quintero");
  spin_until (shows_one_row, list);
  row = g_list_model_get_item (amparo_case_list_get_model (list), 0);
  g_assert_cmpint (amparo_case_row_get_id (row), ==, s->marked_case);

  gtk_widget_activate_action (GTK_WIDGET (window), "win.open-case", "x", s->marked_case);
  spin_for (300);
  /* the session did show marked data */
  collect_text (GTK_WIDGET (window), text);
  s->saw_marker = strstr (text->str, MARKER_LAST) != NULL;

  gtk_widget_activate_action (GTK_WIDGET (window), "win.open-case", "x", s->other_case);
  spin_for (300);
  amparo_case_list_set_search (list, "");
  spin_for (200);

  /* every page, each built when first shown */
  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    {
      g_assert_true (amparo_main_view_set_page (amparo_window_get_main_view (window), pages[i]));
      spin_for (200);
    }

  gtk_widget_activate_action (GTK_WIDGET (window), "win.lock", NULL);
  spin_for (100);
  g_assert_cmpstr (amparo_window_get_visible_page (window), ==, "unlock");
  g_action_group_activate_action (G_ACTION_GROUP (s->app), "quit", NULL);
  s->done = TRUE;
  return G_SOURCE_REMOVE;
}

static void
startup_cb (GApplication *app,
            gpointer      data)
{
  /* without a window manager the window is never active, and a blinking
   * cursor in an unfocused window warns */
  g_object_set (gtk_settings_get_default (), "gtk-cursor-blink", FALSE, NULL);
}

static void
activate_cb (GApplication *app,
             gpointer      data)
{
  g_idle_add (drive_session, data);
}

static void
make_vault (Session *s)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AmparoVault) vault = NULL;
  g_autoptr(GPtrArray) drafts = g_ptr_array_new_with_free_func ((GDestroyNotify) amparo_case_draft_free);
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  AmparoCaseDraft *d = amparo_case_draft_new ();

  vault = amparo_vault_create (vault_dir, AMPARO_VAULT_KIND_AGENCY, "Agency", "sup", PASS, &error);
  g_assert_no_error (error);
  amparo_test_fill_cases (vault, 12, 5, TRUE);
  d->first_name = g_strdup (MARKER_FIRST);
  d->last_name = g_strdup (MARKER_LAST);
  d->preferred_name = g_strdup (AMPARO_TEST_MARKER "Xo");
  d->phone = g_strdup ("555-0199");
  d->email = g_strdup ("zzqmarker-xochitl@example.org");
  d->address = g_strdup (AMPARO_TEST_MARKER "12 Calle Secreta");
  d->aliases = g_strdup (AMPARO_TEST_MARKER "Xochi");
  d->safe_contact = g_strdup (AMPARO_TEST_MARKER "sister");
  d->notes = g_strdup (AMPARO_TEST_MARKER "She is staying with her sister.");
  d->safety_plan_text = g_strdup (AMPARO_TEST_MARKER "bag packed at the neighbour's");
  d->opened = g_strdup ("2026-01-10");
  g_ptr_array_add (drafts, d);
  g_assert_true (amparo_cases_create (vault, drafts, ids, &error));
  g_assert_no_error (error);
  s->marked_case = g_array_index (ids, gint64, 0);
  s->other_case = s->marked_case - 1;
  amparo_vault_lock (vault);
}

/* Every regular file under @dir but @skip, into @files. */
static void
list_files (const char *dir,
            const char *skip,
            GPtrArray  *files)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      if (g_str_equal (path, skip) || g_file_test (path, G_FILE_TEST_IS_SYMLINK))
        continue;
      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        list_files (path, skip, files);
      else if (g_file_test (path, G_FILE_TEST_IS_REGULAR))
        g_ptr_array_add (files, g_steal_pointer (&path));
    }
}

static gboolean
has_marker (const char *data,
            gsize       len)
{
  /* case-insensitive: a file could hold the name folded, as in a search */
  static const char *const markers[] = { "zzqmarker", "xochitl", "quintero", NULL };
  g_autofree char *folded = g_malloc (len + 1);

  for (gsize i = 0; i < len; i++)
    folded[i] = g_ascii_tolower (data[i]);

  for (guint i = 0; markers[i] != NULL; i++)
    if (memmem (folded, len, markers[i], strlen (markers[i])) != NULL)
      return TRUE;
  return FALSE;
}

static void
test_session_leaves_no_trace (void)
{
  Session s = { 0 };
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *xbel = g_build_filename (g_get_user_data_dir (), "recently-used.xbel", NULL);
  char *argv[] = { (char *) "amparo", (char *) "--vault", vault_dir, NULL };
  int status;

  make_vault (&s);
  g_string_truncate (logged, 0);

  s.app = amparo_application_new ();
  g_signal_connect_after (s.app, "startup", G_CALLBACK (startup_cb), &s);
  g_signal_connect_after (s.app, "activate", G_CALLBACK (activate_cb), &s);
  status = g_application_run (G_APPLICATION (s.app), 3, argv);
  g_assert_cmpint (status, ==, 0);
  g_assert_true (s.done);
  g_assert_true (s.saw_marker);
  g_settings_sync ();
  g_clear_object (&s.app);

  list_files (root, vault_dir, files);
  g_test_message ("%u files written outside the vault", files->len);
  for (guint i = 0; i < files->len; i++)
    {
      const char *path = g_ptr_array_index (files, i);
      g_autofree char *data = NULL;
      gsize len;

      g_test_message ("checked %s", path + strlen (root));
      g_assert_true (g_file_get_contents (path, &data, &len, NULL));
      if (has_marker (data, len))
        g_error ("a survivor's marker was written to %s", path + strlen (root));
    }
  /* the desktop's recent-files list in particular: none, or no trace */
  if (g_file_test (xbel, G_FILE_TEST_EXISTS))
    {
      g_autofree char *data = NULL;
      gsize len;

      g_assert_true (g_file_get_contents (xbel, &data, &len, NULL));
      g_assert_false (has_marker (data, len));
      g_assert_null (strstr (data, vault_dir));
    }
  g_test_message ("%" G_GSIZE_FORMAT " bytes logged", logged->len);
  g_assert_cmpuint (logged->len, >, 0);
  if (has_marker (logged->str, logged->len))
    g_error ("a survivor's marker was logged");
}

static void
skip_without_display (void)
{
  g_test_skip ("no display: run under xvfb-run");
}

static void
make_home (void)
{
  const struct { const char *var; const char *sub; } dirs[] = {
    { "HOME", "home" },
    { "XDG_CACHE_HOME", "home/.cache" },
    { "XDG_CONFIG_HOME", "home/.config" },
    { "XDG_DATA_HOME", "home/.local/share" },
    { "XDG_STATE_HOME", "home/.local/state" },
    { "TMPDIR", "tmp" },
  };

  root = g_strdup ("/tmp/amparo-traces-XXXXXX");
  g_assert_nonnull (g_mkdtemp (root));
  for (guint i = 0; i < G_N_ELEMENTS (dirs); i++)
    {
      g_autofree char *path = g_build_filename (root, dirs[i].sub, NULL);

      g_assert_cmpint (g_mkdir_with_parents (path, 0700), ==, 0);
      g_setenv (dirs[i].var, path, TRUE);
    }
  /* GSettings to a file that can be read afterwards */
  g_setenv ("GSETTINGS_BACKEND", "keyfile", TRUE);
  g_setenv ("G_MESSAGES_DEBUG", "all", TRUE);
  vault_dir = g_build_filename (root, "home/.local/share/amparo", NULL);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  if (g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL)
    {
      g_test_init (&argc, &argv, NULL);
      g_test_add_func ("/traces/skipped", skip_without_display);
      return g_test_run ();
    }

  /* before anything asks GLib for these folders */
  make_home ();
  logged = g_string_new (NULL);
  g_log_set_writer_func (keep_log, NULL, NULL);
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/traces/session-leaves-no-trace", test_session_leaves_no_trace);
  status = g_test_run ();
  amparo_test_remove_dir (root);
  g_string_free (logged, TRUE);
  g_free (vault_dir);
  g_free (root);
  return status;
}
