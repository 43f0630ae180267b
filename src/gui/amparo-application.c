/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "AmparoApplication"

#include <glib/gi18n.h>

#include "amparo-application.h"

struct _AmparoApplication
{
  AdwApplication parent_instance;
};

G_DEFINE_FINAL_TYPE (AmparoApplication, amparo_application, ADW_TYPE_APPLICATION)

static void
amparo_application_activate (GApplication *app)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  if (window == NULL)
    {
      window = GTK_WINDOW (adw_application_window_new (GTK_APPLICATION (app)));
      gtk_window_set_title (window, _("Amparo"));
    }
  gtk_window_present (window);
}

static void
amparo_application_class_init (AmparoApplicationClass *klass)
{
  G_APPLICATION_CLASS (klass)->activate = amparo_application_activate;
}

static void
amparo_application_init (AmparoApplication *self)
{
}

AmparoApplication *
amparo_application_new (void)
{
  return g_object_new (AMPARO_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_NON_UNIQUE,
                       "resource-base-path", "/org/amparo/Amparo",
                       NULL);
}
