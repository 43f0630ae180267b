/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "AmparoApplication"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <glib-unix.h>

#include "amparo-application.h"
#include "amparo-help-window.h"
#include "amparo-preferences-window.h"
#include "amparo-window.h"

/* The application: command line (--demo, --vault DIR), app-wide actions
 * and shortcuts, and the safety settings that are not per window: no
 * recent-files list, and every window locks when the screen saver starts.
 * Demo vaults live in private temporary folders removed on exit. */

struct _AmparoApplication
{
  AdwApplication  parent_instance;

  gboolean        demo;
  char           *vault_dir;
  GPtrArray      *demo_dirs;
};

G_DEFINE_FINAL_TYPE (AmparoApplication, amparo_application, ADW_TYPE_APPLICATION)

static const GOptionEntry options[] = {
  { "demo", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Open a throw-away vault full of made-up cases"), NULL },
  { "vault", 0, 0, G_OPTION_ARG_FILENAME, NULL,
    N_("Use the vault in DIR"), N_("DIR") },
  { NULL }
};

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

static AmparoWindow *
active_window (AmparoApplication *self)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  /* a dialog may be active; its transient parent is the window */
  while (window != NULL && !AMPARO_IS_WINDOW (window))
    window = gtk_window_get_transient_for (window);
  return window != NULL ? AMPARO_WINDOW (window) : NULL;
}

/* ------------------------------------------------------------ actions */

static void
quit_activated (GSimpleAction *action,
                GVariant      *param,
                gpointer       user_data)
{
  AmparoApplication *self = user_data;
  GList *windows;

  /* destroying each window locks its vault before the demo folders go */
  while ((windows = gtk_application_get_windows (GTK_APPLICATION (self))) != NULL)
    gtk_window_destroy (GTK_WINDOW (windows->data));
  g_application_quit (G_APPLICATION (self));
}

static void
help_activated (GSimpleAction *action,
                GVariant      *param,
                gpointer       user_data)
{
  AmparoApplication *self = user_data;

  amparo_help_show (gtk_application_get_active_window (GTK_APPLICATION (self)), NULL);
}

static void
about_activated (GSimpleAction *action,
                 GVariant      *param,
                 gpointer       user_data)
{
  AmparoApplication *self = user_data;
  const char *developers[] = { _("The Amparo developers"), NULL };
  GtkWidget *about;

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", gtk_application_get_active_window (GTK_APPLICATION (self)),
                        "application-name", _("Amparo"),
                        "application-icon", APP_ID,
                        "version", PACKAGE_VERSION,
                        "developer-name", _("The Amparo developers"),
                        "developers", developers,
                        "comments", _("A case tracker for domestic-violence and sexual-assault "
                                      "programs. Survivors’ records stay on this computer, "
                                      "encrypted; only anonymous numbers are ever shared."),
                        "license-type", GTK_LICENSE_GPL_3_0,
                        /* Translators: your names, one per line */
                        "translator-credits", _("translator-credits"),
                        NULL);
  gtk_window_present (GTK_WINDOW (about));
}

static void
preferences_activated (GSimpleAction *action,
                       GVariant      *param,
                       gpointer       user_data)
{
  AmparoWindow *window = active_window (user_data);
  GtkWidget *prefs;

  prefs = amparo_preferences_window_new (GTK_WINDOW (window),
                                         window != NULL ? amparo_window_get_vault (window) : NULL);
  if (window != NULL)
    amparo_window_track_dialog (window, GTK_WINDOW (prefs));
  gtk_window_present (GTK_WINDOW (prefs));
}

static void
demo_activated (GSimpleAction *action,
                GVariant      *param,
                gpointer       user_data)
{
  amparo_application_open_demo (user_data);
}

static const GActionEntry app_actions[] = {
  { "quit", quit_activated },
  { "about", about_activated },
  { "help", help_activated },
  { "preferences", preferences_activated },
  { "demo", demo_activated },
};

/* A terminal's Ctrl+C or a logout still locks and removes demo folders. */
static gboolean
quit_signal_cb (gpointer user_data)
{
  g_action_group_activate_action (G_ACTION_GROUP (user_data), "quit", NULL);
  return G_SOURCE_CONTINUE;
}

static void
screensaver_active_cb (AmparoApplication *self)
{
  gboolean active = FALSE;

  g_object_get (self, "screensaver-active", &active, NULL);
  if (active)
    amparo_application_lock_all (self);
}

/* ------------------------------------------------------------ GApplication */

static int
amparo_application_handle_local_options (GApplication *app,
                                         GVariantDict *opts)
{
  AmparoApplication *self = AMPARO_APPLICATION (app);
  g_autofree char *vault = NULL;

  self->demo = g_variant_dict_contains (opts, "demo");
  if (g_variant_dict_lookup (opts, "vault", "^ay", &vault))
    {
      if (self->demo)
        {
          g_printerr ("%s\n", _("--demo and --vault cannot be used together"));
          return 2;
        }
      self->vault_dir = g_canonicalize_filename (vault, NULL);
    }
  return -1;
}

static void
amparo_application_startup (GApplication *app)
{
  const struct { const char *action; const char *accels[3]; } accels[] = {
    { "app.quit", { "<Control>q", NULL } },
    { "app.preferences", { "<Control>comma", NULL } },
    { "win.lock", { "<Control>l", NULL } },
    { "win.search", { "<Control>f", NULL } },
    { "win.new-case", { "<Control>n", NULL } },
    { "win.show-help-overlay", { "<Control>question", NULL } },
    { "app.help", { "F1", NULL } },
  };

  G_APPLICATION_CLASS (amparo_application_parent_class)->startup (app);

  /* no file name, even of a backup folder, in the desktop's recent list */
  g_object_set (gtk_settings_get_default (), "gtk-recent-files-enabled", FALSE, NULL);
  g_action_map_add_action_entries (G_ACTION_MAP (app), app_actions, G_N_ELEMENTS (app_actions),
                                   app);
  for (guint i = 0; i < G_N_ELEMENTS (accels); i++)
    gtk_application_set_accels_for_action (GTK_APPLICATION (app), accels[i].action,
                                           accels[i].accels);
  g_signal_connect (app, "notify::screensaver-active", G_CALLBACK (screensaver_active_cb), NULL);
  g_unix_signal_add (SIGINT, quit_signal_cb, app);
  g_unix_signal_add (SIGTERM, quit_signal_cb, app);
  g_unix_signal_add (SIGHUP, quit_signal_cb, app);
}

static void
amparo_application_activate (GApplication *app)
{
  AmparoApplication *self = AMPARO_APPLICATION (app);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  if (window != NULL)
    {
      gtk_window_present (window);
      return;
    }
  if (self->demo)
    amparo_application_open_demo (self);
  else
    gtk_window_present (GTK_WINDOW (amparo_window_new (GTK_APPLICATION (app), self->vault_dir,
                                                       FALSE)));
}

static void
amparo_application_shutdown (GApplication *app)
{
  AmparoApplication *self = AMPARO_APPLICATION (app);
  GList *windows;

  while ((windows = gtk_application_get_windows (GTK_APPLICATION (app))) != NULL)
    gtk_window_destroy (GTK_WINDOW (windows->data));
  for (guint i = 0; i < self->demo_dirs->len; i++)
    remove_tree (g_ptr_array_index (self->demo_dirs, i));
  G_APPLICATION_CLASS (amparo_application_parent_class)->shutdown (app);
}

static void
amparo_application_finalize (GObject *object)
{
  AmparoApplication *self = AMPARO_APPLICATION (object);

  g_free (self->vault_dir);
  g_ptr_array_unref (self->demo_dirs);
  G_OBJECT_CLASS (amparo_application_parent_class)->finalize (object);
}

static void
amparo_application_class_init (AmparoApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = amparo_application_finalize;
  app_class->handle_local_options = amparo_application_handle_local_options;
  app_class->startup = amparo_application_startup;
  app_class->activate = amparo_application_activate;
  app_class->shutdown = amparo_application_shutdown;
}

static void
amparo_application_init (AmparoApplication *self)
{
  GOptionEntry entries[G_N_ELEMENTS (options)];

  self->demo_dirs = g_ptr_array_new_with_free_func (g_free);
  memcpy (entries, options, sizeof options);
  for (guint i = 0; entries[i].long_name != NULL; i++)
    {
      entries[i].description = _(entries[i].description);
      if (entries[i].arg_description != NULL)
        entries[i].arg_description = _(entries[i].arg_description);
    }
  g_application_add_main_option_entries (G_APPLICATION (self), entries);
}

AmparoApplication *
amparo_application_new (void)
{
  return g_object_new (AMPARO_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_NON_UNIQUE,
                       "resource-base-path", "/org/amparo/Amparo",
                       /* needed to hear about the screen saver */
                       "register-session", TRUE,
                       NULL);
}

/**
 * amparo_application_open_demo:
 *
 * Opens a new window on a throw-away demo vault in a private temporary
 * folder, removed when the application exits.
 */
void
amparo_application_open_demo (AmparoApplication *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *tmp = g_dir_make_tmp ("amparo-demo-XXXXXX", &error);
  g_autofree char *vault = NULL;

  if (tmp == NULL)
    {
      g_printerr ("%s\n", error->message);
      return;
    }
  g_ptr_array_add (self->demo_dirs, g_strdup (tmp));
  vault = g_build_filename (tmp, "vault", NULL);
  gtk_window_present (GTK_WINDOW (amparo_window_new (GTK_APPLICATION (self), vault, TRUE)));
}

void
amparo_application_lock_all (AmparoApplication *self)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL; l = l->next)
    if (AMPARO_IS_WINDOW (l->data))
      amparo_window_lock (l->data);
}
