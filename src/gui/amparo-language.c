/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "AmparoLanguage"

#include <locale.h>
#include <glib/gi18n.h>
#include <gio/gio.h>

#include "amparo-language.h"

/* The language preference (GSettings "language": "system", "en" or "es"),
 * for staff who share one laptop. gettext, GTK and libadwaita all take
 * the language from the LANGUAGE variable, so choosing one sets it, and
 * "system" puts back what the environment had when Amparo started.
 *
 * amparo_language_init() applies the saved choice in main(), before any
 * string is translated or any widget made. A later change is applied by
 * the window when nothing can be lost (amparo-window.c): at once while
 * locked, else the next time it locks; the window is then made anew. */

static char *startup_language;          /* LANGUAGE as the environment set it, or NULL */
static gboolean startup_recorded;
static char *choice;                    /* what is applied now */

static void
record_startup (void)
{
  if (startup_recorded)
    return;
  startup_language = g_strdup (g_getenv ("LANGUAGE"));
  startup_recorded = TRUE;
}

static gboolean
valid_choice (const char *value)
{
  return g_strcmp0 (value, "system") == 0 || g_strcmp0 (value, "en") == 0
         || g_strcmp0 (value, "es") == 0;
}

/**
 * amparo_language_init:
 *
 * Remembers the environment's language and applies the saved choice. Call
 * once, after bindtextdomain() and before anything is translated.
 */
void
amparo_language_init (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;
  g_autoptr(GSettings) settings = NULL;
  g_autofree char *saved = NULL;

  record_startup ();
  if (source == NULL || (schema = g_settings_schema_source_lookup (source, APP_ID, TRUE)) == NULL)
    return;
  settings = g_settings_new (APP_ID);
  saved = g_settings_get_string (settings, "language");
  amparo_language_apply (saved);
}

/**
 * amparo_language_apply:
 * @value: "system", "en" or "es"; anything else counts as "system"
 *
 * Makes @value the language of every string translated from now on.
 * Widgets already made keep their text: the caller remakes them.
 *
 * Returns: %TRUE when the language in use changed
 */
gboolean
amparo_language_apply (const char *value)
{
  const char *wanted;
  g_autofree char *before = NULL;

  record_startup ();
  if (!valid_choice (value))
    value = "system";
  before = g_strdup (g_getenv ("LANGUAGE"));
  g_free (choice);
  choice = g_strdup (value);

  if (g_str_equal (value, "system"))
    wanted = startup_language;
  else
    wanted = value;
  if (wanted != NULL)
    {
      const char *messages = setlocale (LC_MESSAGES, NULL);

      g_setenv ("LANGUAGE", wanted, TRUE);
      /* gettext ignores LANGUAGE under the plain C locale */
      if (messages != NULL && (g_str_equal (messages, "C") || g_str_equal (messages, "POSIX")))
        setlocale (LC_MESSAGES, "C.UTF-8");
    }
  else
    g_unsetenv ("LANGUAGE");

  if (g_strcmp0 (before, wanted) == 0)
    return FALSE;
  /* gettext caches translations per language; setting the domain again
   * makes it look the new language up */
  textdomain (GETTEXT_PACKAGE);
  g_debug ("Language now %s", wanted != NULL ? wanted : "the environment's");
  return TRUE;
}

/**
 * amparo_language_get_choice:
 *
 * Returns: the choice applied last: "system", "en" or "es"
 */
const char *
amparo_language_get_choice (void)
{
  return choice != NULL ? choice : "system";
}
