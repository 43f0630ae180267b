/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <locale.h>
#include <glib/gi18n.h>
#include <adwaita.h>

#include "amparo-gui-test.h"
#include "amparo-language.h"
#include "amparo-test-util.h"
#include "amparo-window.h"

/* The language preference: chosen on the unlock screen it changes the
 * window's language at once; chosen while unlocked it waits for the lock,
 * and the open view (with whatever is typed in it) stays as it is. Runs
 * under Xvfb with the build's Spanish catalogue; skips without a display. */

#define PASS "tin lantern orchard 42"
#define LOCKED_EN "Amparo Is Locked"
#define LOCKED_ES "Amparo está bloqueado"
#define SEARCH_TEXT "half-typed search"

typedef struct
{
  char      *root;
  char      *dir;
  GSettings *settings;
} Fixture;

/* The one AmparoWindow among the toplevels, or NULL. */
static AmparoWindow *
the_window (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();
  AmparoWindow *found = NULL;

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) w = g_list_model_get_item (toplevels, i);

      if (AMPARO_IS_WINDOW (w) && !gtk_widget_in_destruction (GTK_WIDGET (w)))
        {
          g_assert_null (found);
          found = AMPARO_WINDOW (w);
        }
    }
  return found;
}

static gboolean
has_label (GtkWidget  *widget,
           const char *text)
{
  if (GTK_IS_LABEL (widget) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), text) == 0)
    return TRUE;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (has_label (child, text))
      return TRUE;
  return FALSE;
}

static GtkWidget *
find_search_entry (GtkWidget *widget)
{
  if (GTK_IS_SEARCH_ENTRY (widget))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_search_entry (child);
      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
shows_locked_in (gpointer text)
{
  AmparoWindow *window = the_window ();

  return window != NULL && g_strcmp0 (amparo_window_get_visible_page (window), "unlock") == 0
         && has_label (GTK_WIDGET (window), text);
}

static gboolean
shows_main (gpointer data)
{
  return g_strcmp0 (amparo_window_get_visible_page (data), "main") == 0;
}

static void
setup (Fixture       *f,
       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AmparoVault) vault = NULL;

  f->root = amparo_test_make_dir ();
  f->dir = g_build_filename (f->root, "vault", NULL);
  vault = amparo_vault_create (f->dir, AMPARO_VAULT_KIND_AGENCY, "Agency", "sup", PASS, &error);
  g_assert_no_error (error);
  amparo_vault_lock (vault);

  f->settings = g_settings_new (APP_ID);
  g_settings_set_string (f->settings, "language", "system");
  g_unsetenv ("LANGUAGE");
  amparo_language_init ();
  gtk_window_present (GTK_WINDOW (amparo_window_new (NULL, f->dir, FALSE)));
  spin_until (shows_locked_in, (gpointer) LOCKED_EN);
}

static void
teardown (Fixture       *f,
          gconstpointer  data)
{
  AmparoWindow *window;

  while ((window = the_window ()) != NULL)
    gtk_window_destroy (GTK_WINDOW (window));
  g_settings_set_string (f->settings, "language", "system");
  amparo_language_apply ("system");
  g_clear_object (&f->settings);
  amparo_test_remove_dir (f->root);
  g_free (f->root);
  g_free (f->dir);
}

/* On the unlock screen nothing typed can be lost: the change is at once. */
static void
test_locked_switches_at_once (Fixture       *f,
                              gconstpointer  data)
{
  AmparoWindow *before = the_window ();

  g_object_add_weak_pointer (G_OBJECT (before), (gpointer *) &before);
  g_settings_set_string (f->settings, "language", "es");
  spin_until (shows_locked_in, (gpointer) LOCKED_ES);
  g_assert_false (has_label (GTK_WIDGET (the_window ()), LOCKED_EN));
  g_assert_cmpstr (amparo_language_get_choice (), ==, "es");
  g_assert_null (before);       /* a new window, not a half-translated old one */

  g_settings_set_string (f->settings, "language", "en");
  spin_until (shows_locked_in, (gpointer) LOCKED_EN);

  /* back to the computer's language, which is English here */
  g_settings_set_string (f->settings, "language", "es");
  spin_until (shows_locked_in, (gpointer) LOCKED_ES);
  g_settings_set_string (f->settings, "language", "system");
  spin_until (shows_locked_in, (gpointer) LOCKED_EN);
  g_assert_null (g_getenv ("LANGUAGE"));
}

/* While unlocked the open view stays, typing and all, until the lock. */
static void
test_unlocked_waits_for_lock (Fixture       *f,
                              gconstpointer  data)
{
  AmparoWindow *window = the_window ();
  AmparoMainView *view;
  GtkWidget *search;

  amparo_unlock_page_submit (amparo_window_get_unlock_page (window), "sup", PASS);
  spin_until (shows_main, window);
  view = amparo_window_get_main_view (window);
  search = find_search_entry (GTK_WIDGET (view));
  g_assert_nonnull (search);
  gtk_editable_set_text (GTK_EDITABLE (search), SEARCH_TEXT);

  g_settings_set_string (f->settings, "language", "es");
  spin_for (300);
  g_assert_true (the_window () == window);
  g_assert_true (amparo_window_get_main_view (window) == view);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (search)), ==, SEARCH_TEXT);
  g_assert_true (has_label (GTK_WIDGET (view), "Cases"));
  g_assert_false (has_label (GTK_WIDGET (view), "Casos"));

  amparo_window_lock (window);
  spin_until (shows_locked_in, (gpointer) LOCKED_ES);

  /* and the next unlock is in Spanish throughout */
  window = the_window ();
  amparo_unlock_page_submit (amparo_window_get_unlock_page (window), "sup", PASS);
  spin_until (shows_main, window);
  g_assert_true (has_label (GTK_WIDGET (amparo_window_get_main_view (window)), "Casos"));
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
  g_autofree char *exe_dir = NULL;
  g_autofree char *po_dir = NULL;

  if (g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL)
    {
      g_test_init (&argc, &argv, NULL);
      g_test_add_func ("/language/skipped", skip_without_display);
      return g_test_run ();
    }

  setlocale (LC_ALL, "");
  /* the build's catalogue: <build>/tests/test-gui-language -> <build>/po */
  exe_dir = g_path_get_dirname (argv[0]);
  po_dir = g_build_filename (exe_dir, "..", "po", NULL);
  bindtextdomain (GETTEXT_PACKAGE, po_dir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  g_object_set (gtk_settings_get_default (), "gtk-cursor-blink", FALSE, NULL);

#define ADD(path, fn) g_test_add (path, Fixture, NULL, setup, fn, teardown)
  ADD ("/language/locked/at-once", test_locked_switches_at_once);
  ADD ("/language/unlocked/waits-for-lock", test_unlocked_waits_for_lock);
#undef ADD
  return g_test_run ();
}
