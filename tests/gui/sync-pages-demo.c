/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Opens the Reports, Share or Coordinator page on throw-away vaults with
 * synthetic data, so the screens can be looked at and captured:
 *
 *   sync-pages-demo reports|reports-shared|share|share-done|coordinator [SECONDS]
 *
 * For the coordinator, two made-up agencies export summaries (one of
 * them for two quarters) and the coordinator imports them all. The vaults
 * are removed on exit. */
#include <locale.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "amparo-coordinator-page.h"
#include "amparo-coordinator.h"
#include "amparo-demo.h"
#include "amparo-reports-page.h"
#include "amparo-share-page.h"
#include "amparo-share.h"
#include "amparo-vault.h"

#define PASS "demo passphrase words"

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

static AmparoVault *
make_agency (const char *tmp,
             const char *dirname,
             const char *name,
             guint       n,
             guint64     seed)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_build_filename (tmp, dirname, NULL);
  AmparoVault *vault = amparo_vault_create (dir, AMPARO_VAULT_KIND_AGENCY, name, "sara", PASS,
                                            &error);

  if (vault == NULL || !amparo_demo_generate (vault, n, seed, &error))
    g_error ("%s", error->message);
  return vault;
}

static gboolean
quit_cb (gpointer loop)
{
  g_main_loop_quit (loop);
  return G_SOURCE_REMOVE;
}

static GtkWidget *
find_named (GtkWidget  *root,
            const char *name)
{
  if (g_strcmp0 (gtk_widget_get_name (root), name) == 0)
    return root;
  for (GtkWidget *c = gtk_widget_get_first_child (root); c != NULL;
       c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_named (c, name);
      if (found != NULL)
        return found;
    }
  return NULL;
}

static GtkWidget *window;

/* Scrolls the page so that the widget named @data is at the top. */
static gboolean
scroll_cb (gpointer data)
{
  GtkWidget *target = find_named (window, data);
  GtkWidget *scrolled = target != NULL ? gtk_widget_get_ancestor (target, GTK_TYPE_SCROLLED_WINDOW)
                                       : NULL;
  double x = 0, y = 0;

  if (scrolled == NULL)
    return G_SOURCE_REMOVE;
  gtk_widget_translate_coordinates (target, gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (scrolled)),
                                    0, 0, &x, &y);
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled)),
                            y - 40);
  return G_SOURCE_REMOVE;
}

static gboolean
export_cb (gpointer page)
{
  g_autoptr(GFile) stick = g_file_new_for_path (g_object_get_data (page, "stick"));

  amparo_share_page_export_to_folder (page, stick);
  return G_SOURCE_REMOVE;
}

int
main (int    argc,
      char **argv)
{
  const char *what = argc > 1 ? argv[1] : "reports";
  int seconds = argc > 2 ? atoi (argv[2]) : 8;
  g_autoptr(GError) error = NULL;
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autofree char *tmp = g_dir_make_tmp ("amparo-demo-XXXXXX", &error);
  g_autofree char *stick = g_build_filename (tmp, "stick", NULL);
  g_autoptr(AmparoVault) agency = NULL;
  g_autoptr(AmparoVault) other = NULL;
  g_autoptr(AmparoVault) coordinator = NULL;
  g_autoptr(GBytes) card = NULL;
  GtkWidget *box, *header, *page;

  g_setenv ("AMPARO_TEST_KDF", "interactive", TRUE);
  setlocale (LC_ALL, "");
  /* AMPARO_LOCALEDIR: the build's po/ directory, for LANGUAGE=es */
  if (g_getenv ("AMPARO_LOCALEDIR") != NULL)
    bindtextdomain (GETTEXT_PACKAGE, g_getenv ("AMPARO_LOCALEDIR"));
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  gtk_init ();
  adw_init ();
  {
    g_autoptr(GtkCssProvider) css = gtk_css_provider_new ();
    gtk_css_provider_load_from_resource (css, "/org/amparo/Amparo/style.css");
    gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (css),
                                                GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  }
  g_mkdir (stick, 0700);

  agency = make_agency (tmp, "agency", "Refugio Demo", 600, 11);
  {
    g_autofree char *dir = g_build_filename (tmp, "coordinator", NULL);
    coordinator = amparo_vault_create (dir, AMPARO_VAULT_KIND_COORDINATOR, "Coalición Demo",
                                       "cora", PASS, &error);
    if (coordinator == NULL
        || !amparo_coordinator_card (coordinator, &card, NULL, &error)
        || !amparo_share_trust_card (agency, card, NULL, &error))
      g_error ("%s", error->message);
  }

  if (g_str_has_prefix (what, "reports"))
    {
      page = amparo_reports_page_new (agency);
      amparo_reports_page_set_period (AMPARO_REPORTS_PAGE (page), "2026-Q3");
      if (g_str_equal (what, "reports-shared"))
        amparo_reports_page_set_shared (AMPARO_REPORTS_PAGE (page), TRUE);
    }
  else if (g_str_has_prefix (what, "share"))
    {
      page = amparo_share_page_new (agency);
      amparo_share_page_set_period (AMPARO_SHARE_PAGE (page), "2026-Q3");
      g_object_set_data_full (G_OBJECT (page), "stick", g_strdup (stick), g_free);
      if (g_str_equal (what, "share-done"))
        g_timeout_add (1500, export_cb, page);
    }
  else
    {
      const char *paths[] = { stick, NULL };
      g_autoptr(AmparoVault) third = NULL;
      g_autoptr(GBytes) agency_card = NULL;
      g_autofree char *junk = g_build_filename (stick, "amparo-2026-Q3-DAMAGED.amps", NULL);

      /* two agencies pinned ahead of time from their cards, a third one
       * unknown, and a damaged file: each outcome shows */
      other = make_agency (tmp, "other", "Casa Esperanza Demo", 150, 23);
      third = make_agency (tmp, "third", "Puerta Abierta Demo", 80, 31);
      if (!amparo_share_trust_card (other, card, NULL, &error)
          || !amparo_share_trust_card (third, card, NULL, &error)
          || !amparo_share_export (agency, "2026-Q2", stick, NULL, &error)
          || !amparo_share_export (agency, "2026-Q3", stick, NULL, &error)
          || !amparo_share_export (other, "2026-Q3", stick, NULL, &error)
          || !amparo_share_export (third, "2026-Q3", stick, NULL, &error)
          || !g_file_set_contents (junk, "not a summary", -1, &error))
        g_error ("%s", error->message);
      for (AmparoVault *v = agency; v != NULL; v = v == agency ? other : NULL)
        {
          g_clear_pointer (&agency_card, g_bytes_unref);
          if (!amparo_agency_card (v, &agency_card, NULL, &error)
              || !amparo_coordinator_pin_agency_card (coordinator, agency_card, NULL, &error))
            g_error ("%s", error->message);
        }
      amparo_vault_lock (third);
      page = amparo_coordinator_page_new (coordinator);
      amparo_coordinator_page_import (AMPARO_COORDINATOR_PAGE (page), paths, FALSE);
      if (g_str_equal (what, "coordinator-report"))
        g_timeout_add (4000, scroll_cb, (gpointer) "coordinator-trend");
    }

  window = adw_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  gtk_window_set_title (GTK_WINDOW (window), "Amparo");
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  header = adw_header_bar_new ();
  gtk_box_append (GTK_BOX (box), header);
  gtk_widget_set_vexpand (page, TRUE);
  gtk_box_append (GTK_BOX (box), page);
  adw_window_set_content (ADW_WINDOW (window), box);
  gtk_window_present (GTK_WINDOW (window));

  g_timeout_add_seconds (seconds, quit_cb, loop);
  g_main_loop_run (loop);

  gtk_window_destroy (GTK_WINDOW (window));
  amparo_vault_lock (agency);
  if (other != NULL)
    amparo_vault_lock (other);
  amparo_vault_lock (coordinator);
  remove_tree (tmp);
  return 0;
}
