/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "AmparoRestore"

#include <errno.h>
#include <string.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "amparo-error.h"
#include "amparo-restore.h"
#include "amparo-safe-file.h"
#include "amparo-vault.h"

/* Restoring over a damaged vault: amparo_vault_restore() only writes into
 * an empty folder, so the backup goes into a sibling folder first and the
 * two are then swapped. The damaged vault is renamed aside and never
 * deleted — it may still hold the only copy of recent work. */

static gboolean
dir_is_empty_or_missing (const char *dir)
{
  g_autoptr(GDir) d = NULL;

  if (!g_file_test (dir, G_FILE_TEST_EXISTS))
    return TRUE;
  d = g_dir_open (dir, 0, NULL);
  return d != NULL && g_dir_read_name (d) == NULL;
}

static char *
free_sibling (const char *vault_dir,
              const char *what,
              const char *stamp)
{
  g_autofree char *trimmed = g_strdup (vault_dir);
  size_t len = strlen (trimmed);

  while (len > 1 && trimmed[len - 1] == G_DIR_SEPARATOR)
    trimmed[--len] = '\0';
  for (guint n = 1;; n++)
    {
      g_autofree char *path = n == 1 ? g_strdup_printf ("%s.%s-%s", trimmed, what, stamp)
                                     : g_strdup_printf ("%s.%s-%s-%u", trimmed, what, stamp, n);
      if (!g_file_test (path, G_FILE_TEST_EXISTS))
        return g_steal_pointer (&path);
    }
}

static void
remove_restored_copy (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_unlink (path);
    }
  g_rmdir (dir);
}

/**
 * amparo_restore_replacing:
 * @from_dir: a backup folder made by amparo_vault_backup()
 * @vault_dir: the vault to replace; it may be missing, empty or damaged
 * @out_set_aside: (out) (optional) (nullable): where the old vault was
 *   moved, or %NULL when there was nothing to move
 *
 * Restores @from_dir as @vault_dir. An existing vault is renamed to
 * `<vault_dir>.damaged-<date>` beside it, never deleted. On failure
 * @vault_dir is as it was.
 */
gboolean
amparo_restore_replacing (const char  *from_dir,
                          const char  *vault_dir,
                          char       **out_set_aside,
                          GError     **error)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *stamp = g_date_time_format (now, "%Y-%m-%d-%H%M%S");
  g_autofree char *restored = NULL;
  g_autofree char *aside = NULL;
  g_autofree char *parent = NULL;

  g_return_val_if_fail (from_dir != NULL && vault_dir != NULL, FALSE);

  if (out_set_aside != NULL)
    *out_set_aside = NULL;
  if (dir_is_empty_or_missing (vault_dir))
    return amparo_vault_restore (from_dir, vault_dir, error);

  restored = free_sibling (vault_dir, "restored", stamp);
  if (!amparo_vault_restore (from_dir, restored, error))
    {
      remove_restored_copy (restored);
      return FALSE;
    }

  aside = free_sibling (vault_dir, "damaged", stamp);
  if (g_rename (vault_dir, aside) != 0)
    {
      int saved = errno;
      remove_restored_copy (restored);
      g_set_error (error, AMPARO_ERROR, AMPARO_ERROR_IO,
                   _("The damaged vault could not be moved aside: %s"), g_strerror (saved));
      return FALSE;
    }
  if (g_rename (restored, vault_dir) != 0)
    {
      int saved = errno;
      g_rename (aside, vault_dir);
      remove_restored_copy (restored);
      g_set_error (error, AMPARO_ERROR, AMPARO_ERROR_IO,
                   _("The restored vault could not be put in place: %s"), g_strerror (saved));
      return FALSE;
    }
  parent = g_path_get_dirname (vault_dir);
  amparo_fsync_directory (parent, NULL);
  if (out_set_aside != NULL)
    *out_set_aside = g_steal_pointer (&aside);
  return TRUE;
}
