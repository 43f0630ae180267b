/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <locale.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <glib/gi18n.h>

#include "amparo-application.h"
#include "amparo-language.h"
#include "amparo-secret.h"

int
main (int    argc,
      char **argv)
{
  g_autoptr(AmparoApplication) app = NULL;
  g_autoptr(GError) error = NULL;

#ifdef __GLIBC__
  /* Big buffers (window surfaces, a list's scratch) always come from mmap
   * and go back on free: glibc's sliding threshold otherwise moves them
   * onto the heap, where one freed below live data stays resident (10 MB
   * more in about one start in four with a large case list). */
  mallopt (M_MMAP_THRESHOLD, 256 * 1024);
#endif
  setlocale (LC_ALL, "");
  /* AMPARO_LOCALEDIR: translations of an uninstalled build (<build>/po) */
  bindtextdomain (GETTEXT_PACKAGE, g_getenv ("AMPARO_LOCALEDIR") != NULL
                                     ? g_getenv ("AMPARO_LOCALEDIR") : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  /* the language chosen in Preferences, before anything is translated */
  amparo_language_init ();

  if (!amparo_secure_init (&error))
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  app = amparo_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
