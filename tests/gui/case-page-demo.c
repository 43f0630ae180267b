/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Opens a case page (or the intake assistant) on a throw-away vault with
 * one synthetic case, so the screens can be looked at and captured:
 *
 *   case-page-demo [advocate|reporting] [SECTION|intake|close] [SECONDS]
 *
 * The names are invented. The vault is removed on exit. */
#include <locale.h>
#include <string.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "amparo-case-page.h"
#include "amparo-case.h"
#include "amparo-cases.h"
#include "amparo-consent-section.h"
#include "amparo-consent.h"
#include "amparo-intake-dialog.h"
#include "amparo-partner-dialog.h"
#include "amparo-partners.h"
#include "amparo-secret.h"
#include "amparo-vault.h"

#define PASS "demo passphrase words"

static GtkWidget *
find_consent (GtkWidget *root)
{
  if (AMPARO_IS_CONSENT_SECTION (root))
    return root;
  for (GtkWidget *c = gtk_widget_get_first_child (root); c != NULL;
       c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_consent (c);
      if (found != NULL)
        return found;
    }
  return NULL;
}

/* A partner with a current release and a referral, one with a revoked
 * release, for the "releases" section. */
static void
add_consent (AmparoVault *vault,
             gint64       id)
{
  g_autoptr(AmparoPartner) legal = amparo_partner_new ();
  g_autoptr(AmparoPartner) housing = amparo_partner_new ();
  g_autoptr(AmparoRelease) release = amparo_release_new ();
  g_autoptr(AmparoReferral) referral = amparo_referral_new ();
  const char *scope[] = { "identity", "contact", NULL };
  const char *case_scope[] = { "case_details", NULL };
  gint64 revoked;

  legal->name = g_strdup ("Valley Legal Aid");
  legal->sector = g_strdup ("legal_aid");
  legal->tier = 2;
  legal->active = TRUE;
  housing->name = g_strdup ("Hope Street Housing");
  housing->sector = g_strdup ("housing");
  housing->tier = 2;
  housing->active = TRUE;
  release->case_id = id;
  release->partner_id = amparo_partners_add (vault, legal, NULL);
  release->scope = g_strdupv ((GStrv) scope);
  release->purpose = g_strdup ("legal");
  amparo_releases_add (vault, release, NULL);
  referral->case_id = id;
  referral->direction = g_strdup ("out");
  referral->partner_id = release->partner_id;
  referral->service_needed = g_strdup ("protection_order");
  referral->warm = TRUE;
  amparo_referrals_add (vault, referral, NULL);

  g_clear_pointer (&release->scope, g_strfreev);
  release->scope = g_strdupv ((GStrv) case_scope);
  release->partner_id = amparo_partners_add (vault, housing, NULL);
  g_free (release->purpose);
  release->purpose = g_strdup ("housing");
  revoked = amparo_releases_add (vault, release, NULL);
  amparo_releases_revoke (vault, revoked, NULL);
}

static gint64
make_case (AmparoVault *vault)
{
  g_autoptr(GPtrArray) drafts =
    g_ptr_array_new_with_free_func ((GDestroyNotify) amparo_case_draft_free);
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  AmparoCaseDraft *d = amparo_case_draft_new ();
  const char *victimization[] = { "domestic_violence", "stalking", NULL };
  const char *risks[] = { "weapon_access", "recent_separation", NULL };
  const char *children[] = { "0_4", "5_11", NULL };
  const char *plan[] = { "safe_place", "code_word", "hotline_number", NULL };
  gint64 id;

  d->first_name = g_strdup ("Ana Sofía");
  d->last_name = g_strdup ("Ejemplo");
  d->preferred_name = g_strdup ("Sofi");
  d->phone = g_strdup ("555-0142");
  d->phone_text_ok = TRUE;
  d->safe_contact = g_strdup ("Texts only; say it is the pharmacy");
  d->opened = g_strdup ("2026-01-05");
  d->age_band = g_strdup ("25_59");
  d->gender = g_strdup ("woman");
  d->language = g_strdup ("es");
  d->referral_source = g_strdup ("hotline");
  d->risk_level = g_strdup ("high");
  d->victimization = g_strdupv ((GStrv) victimization);
  d->risk_indicators = g_strdupv ((GStrv) risks);
  d->children = g_strdupv ((GStrv) children);
  d->safety_plan_done = g_strdupv ((GStrv) plan);
  d->perpetrator_relationship = g_strdup ("former_partner");
  d->notes = g_strdup ("Called the hotline from a friend's phone. Wants help with a protection order.");
  d->safety_plan_text = g_strdup ("Go to her sister's; the bag is at work.");
  g_ptr_array_add (drafts, d);
  if (!amparo_cases_create (vault, drafts, ids, NULL))
    g_error ("could not create the demo case");
  id = g_array_index (ids, gint64, 0);
  amparo_case_add_service (vault, id, "emotional_support_safety", "hotline_call", "2026-01-05", 25,
                           NULL);
  amparo_case_add_service (vault, id, "criminal_civil_justice", "protection_order", "2026-01-12",
                           90, NULL);
  amparo_case_add_shelter_stay (vault, id, "2026-01-06", "2026-01-20", 2, NULL);
  amparo_case_add_shelter_stay (vault, id, "2026-02-02", NULL, 2, NULL);
  add_consent (vault, id);
  return id;
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

/* Scrolls every scrolled window that is showing to its end. */
static void
scroll_to_end (GtkWidget *widget)
{
  if (!gtk_widget_get_mapped (widget))
    return;
  if (GTK_IS_SCROLLED_WINDOW (widget))
    {
      GtkAdjustment *adj = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (widget));
      gtk_adjustment_set_value (adj, gtk_adjustment_get_upper (adj));
    }
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL;
       c = gtk_widget_get_next_sibling (c))
    scroll_to_end (c);
}

static gboolean
scroll_cb (gpointer window)
{
  scroll_to_end (window);
  return G_SOURCE_REMOVE;
}

static gboolean
quit_cb (gpointer loop)
{
  g_main_loop_quit (loop);
  return G_SOURCE_REMOVE;
}

int
main (int    argc,
      char **argv)
{
  const char *role = argc > 1 ? argv[1] : "advocate";
  g_autofree char *section = g_strdup (argc > 2 ? argv[2] : "overview");
  char *end = strstr (section, ":end");
  GtkWidget *shown;
  int seconds = argc > 3 ? atoi (argv[3]) : 8;
  g_autoptr(GError) error = NULL;
  g_autoptr(AmparoVault) boss = NULL;
  g_autoptr(AmparoVault) vault = NULL;
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autofree char *tmp = g_dir_make_tmp ("amparo-demo-XXXXXX", &error);
  g_autofree char *dir = g_build_filename (tmp, "vault", NULL);
  GtkWidget *window, *page;
  gint64 id;

  if (end != NULL)
    *end = '\0';
  g_setenv ("AMPARO_TEST_KDF", "interactive", TRUE);
  /* LANGUAGE=es with AMPARO_LOCALEDIR=<build>/po for Spanish shots */
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, g_getenv ("AMPARO_LOCALEDIR") != NULL
                                     ? g_getenv ("AMPARO_LOCALEDIR") : LOCALEDIR);
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

  boss = amparo_vault_create (dir, AMPARO_VAULT_KIND_AGENCY, "Demo Shelter", "sara", PASS, &error);
  if (boss == NULL || !amparo_vault_add_account (boss, "rita", AMPARO_ROLE_REPORTING, PASS, &error))
    g_error ("%s", error->message);
  id = make_case (boss);
  if (g_str_equal (role, "reporting"))
    {
      vault = amparo_vault_unlock (dir, "rita", PASS, &error);
      if (vault == NULL)
        g_error ("%s", error->message);
    }
  else
    vault = g_object_ref (boss);

  window = adw_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 760);
  gtk_window_set_title (GTK_WINDOW (window), "Amparo");
  page = amparo_case_page_new (vault, id);
  adw_window_set_content (ADW_WINDOW (window), page);
  gtk_window_present (GTK_WINDOW (window));

  shown = window;
  if (g_str_equal (section, "intake"))
    {
      shown = amparo_intake_dialog_new (GTK_WINDOW (window), vault);
      gtk_window_present (GTK_WINDOW (shown));
    }
  else if (g_str_has_prefix (section, "intake-"))
    {
      shown = amparo_intake_dialog_new (GTK_WINDOW (window), vault);
      gtk_window_present (GTK_WINDOW (shown));
      for (int i = 0; i < atoi (section + 7) - 1; i++)
        gtk_widget_activate_action (shown, "intake.next", NULL);
    }
  else if (g_str_equal (section, "close"))
    gtk_widget_activate_action (page, "case-page.close-case", NULL);
  else if (g_str_equal (section, "partner-add"))
    {
      shown = amparo_partner_dialog_new (GTK_WINDOW (window), vault, NULL);
      gtk_window_present (GTK_WINDOW (shown));
    }
  else if (g_str_equal (section, "release-add"))
    {
      amparo_case_page_show_section (AMPARO_CASE_PAGE (page), "releases");
      gtk_widget_activate_action (find_consent (page), "consent.add-release", NULL);
    }
  else
    amparo_case_page_show_section (AMPARO_CASE_PAGE (page), section);

  if (end != NULL)
    g_timeout_add (1500, scroll_cb, shown);
  g_timeout_add_seconds (seconds, quit_cb, loop);
  g_main_loop_run (loop);

  amparo_vault_lock (vault);
  amparo_vault_lock (boss);
  remove_tree (tmp);
  return 0;
}
