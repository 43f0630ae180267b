/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "AmparoVault"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <sys/stat.h>
#include <json-glib/json-glib.h>
#include <sodium.h>
#include <glib/gstdio.h>
#include <glib/gi18n.h>

#include "amparo-audit.h"
#include "amparo-db.h"
#include "amparo-error.h"
#include "amparo-safe-file.h"
#include "amparo-secret.h"
#include "amparo-vault-private.h"

/* check, backup and restore.
 *
 * A backup is a folder holding the two stores exactly as encrypted in the
 * vault (consistent copies made with sqlcipher_export), the `keys` file,
 * and a manifest with a BLAKE2b checksum of each. The folder is written
 * under a temporary name and renamed only when complete and read back. */

static const char *const backup_files[] = { "keys", "cases.db", "contacts.db" };

/* -------------------------------------------------------------- check */

static gboolean
cross_store_check (AmparoVault *self,
                   GString     *report,
                   GError     **error)
{
  g_autoptr(GHashTable) cases = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gint64 orphans = 0, missing = 0;

  /* incomplete cases (an intake or purge a crash interrupted) are settled
   * at the next unlock by a role holding both keys */
  stmt = amparo_db_prepare (self->cases, "SELECT id FROM cases;", error);
  if (stmt == NULL)
    return FALSE;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_array_append_val (ids, *(gint64[]){ sqlite3_column_int64 (stmt, 0) });
  for (guint i = 0; i < ids->len; i++)
    g_hash_table_add (cases, &g_array_index (ids, gint64, i));
  g_clear_pointer (&stmt, sqlite3_finalize);

  stmt = amparo_db_prepare (self->contacts, "SELECT case_id FROM people;", error);
  if (stmt == NULL)
    return FALSE;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      if (!g_hash_table_remove (cases, &id))
        orphans++;
    }
  missing = g_hash_table_size (cases);

  if (orphans > 0)
    {
      g_set_error (error, AMPARO_ERROR, AMPARO_ERROR_INTEGRITY,
                   g_dngettext (GETTEXT_PACKAGE,
                                "%u identifying record has no case",
                                "%u identifying records have no case", (gulong) orphans),
                   (guint) orphans);
      return FALSE;
    }
  if (missing > 0)
    {
      g_set_error (error, AMPARO_ERROR, AMPARO_ERROR_INTEGRITY,
                   g_dngettext (GETTEXT_PACKAGE,
                                "%u case has no identifying record",
                                "%u cases have no identifying record", (gulong) missing),
                   (guint) missing);
      return FALSE;
    }
  g_string_append_printf (report, g_dngettext (GETTEXT_PACKAGE, "Both stores agree on %u case\n",
                                               "Both stores agree on %u cases\n", ids->len),
                          ids->len);
  return TRUE;
}

static gboolean
foreign_keys_ok (sqlite3 *db,
                 GError **error)
{
  g_autoptr(sqlite3_stmt) stmt = amparo_db_prepare (db, "PRAGMA foreign_key_check;", error);

  if (stmt == NULL)
    return FALSE;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_set_error_literal (error, AMPARO_ERROR, AMPARO_ERROR_INTEGRITY,
                           _("A data file holds records that point to nothing"));
      return FALSE;
    }
  return TRUE;
}

/**
 * amparo_vault_check:
 * @report: (nullable): receives one line per check that passed
 *
 * Integrity of both stores, the audit chain, and agreement between the
 * stores (no identifying record without a case and back). Reporting
 * accounts check the coded store only.
 */
gboolean
amparo_vault_check (AmparoVault *self,
                    GString     *report,
                    GError     **error)
{
  g_autoptr(GString) local = g_string_new (NULL);
  gint64 rows = 0;

  if (report == NULL)
    report = local;
  if (amparo_vault_get_cases_db (self, error) == NULL)
    return FALSE;

  if (!amparo_db_integrity_check (self->cases, error) || !foreign_keys_ok (self->cases, error))
    {
      g_prefix_error (error, _("Coded store: "));
      return FALSE;
    }
  g_string_append (report, _("Coded store: integrity ok\n"));

  if (!amparo_audit_verify (self->cases, &rows, error))
    return FALSE;
  g_string_append_printf (report,
                          g_dngettext (GETTEXT_PACKAGE, "Audit log: %u entry, chain intact\n",
                                       "Audit log: %u entries, chain intact\n", (gulong) rows),
                          (guint) rows);

  if (self->contacts != NULL)
    {
      if (!amparo_db_integrity_check (self->contacts, error)
          || !foreign_keys_ok (self->contacts, error))
        {
          g_prefix_error (error, _("Identifying store: "));
          return FALSE;
        }
      g_string_append (report, _("Identifying store: integrity ok\n"));
      if (!cross_store_check (self, report, error))
        return FALSE;
    }
  return TRUE;
}

/* ------------------------------------------------------------- backup */

static gboolean
io_error (GError    **error,
          int         saved_errno,
          const char *what)
{
  if (saved_errno == ENOSPC)
    g_set_error (error, AMPARO_ERROR, AMPARO_ERROR_IO,
                 _("%s: the destination is full; nothing was written"), what);
  else
    g_set_error (error, AMPARO_ERROR, AMPARO_ERROR_IO, "%s: %s", what, g_strerror (saved_errno));
  return FALSE;
}

/* Backup failures say first that no backup was made, then why, in the
 * words of amparo-safe-file.c or amparo-db.c */
static gboolean
backup_failed (GError **error)
{
  if (error != NULL && *error != NULL)
    g_prefix_error (error, "%s ", _("The backup was not made."));
  return FALSE;
}

static gboolean
create_file (const char   *path,
             const guint8 *data,
             gsize         len,
             GError      **error)
{
  g_autoptr(GBytes) bytes = g_bytes_new_static (data, len);

  return amparo_safe_file_create (path, bytes, error);
}

static char *
file_digest_hex (const char *path,
                 GError    **error)
{
  g_autoptr(GMappedFile) map = g_mapped_file_new (path, FALSE, NULL);
  guint8 digest[32];
  char hex[65];

  if (map == NULL)
    {
      g_set_error_literal (error, AMPARO_ERROR, AMPARO_ERROR_IO,
                           _("A backup file could not be read back"));
      return NULL;
    }
  crypto_generichash (digest, sizeof digest, (const guint8 *) g_mapped_file_get_contents (map),
                      g_mapped_file_get_length (map), NULL, 0);
  sodium_bin2hex (hex, sizeof hex, digest, sizeof digest);
  return g_strdup (hex);
}

static void
remove_tree (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  if (d == NULL)
    return;
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_unlink (path);
    }
  g_rmdir (dir);
}

/* A backup killed midway leaves its hidden folder behind (still
 * encrypted, never under a final name). The next backup to the same
 * place removes those older than ten minutes, so one running right now
 * in another process is left alone. */
static void
remove_stale_parts (const char *to_dir)
{
  g_autoptr(GDir) d = g_dir_open (to_dir, 0, NULL);
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = NULL;
      GStatBuf st;

      if (!g_str_has_prefix (name, ".amparo-backup-") || !g_str_has_suffix (name, ".part"))
        continue;
      path = g_build_filename (to_dir, name, NULL);
      if (g_lstat (path, &st) == 0 && S_ISDIR (st.st_mode) && now - st.st_mtime > 600)
        remove_tree (path);
    }
}

static char *
fresh_backup_name (const char *to_dir)
{
  static const char letters[] = "abcdefghjkmnpqrstvwxyz23456789";
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *date = g_date_time_format (now, "%Y-%m-%d");

  for (;;)
    {
      char rnd[7];
      g_autofree char *path = NULL;

      for (guint i = 0; i < 6; i++)
        rnd[i] = letters[randombytes_uniform (sizeof letters - 1)];
      rnd[6] = '\0';
      path = g_strdup_printf ("%s/amparo-backup-%s-%s", to_dir, date, rnd);
      if (!g_file_test (path, G_FILE_TEST_EXISTS))
        return g_steal_pointer (&path);
    }
}

/**
 * amparo_vault_backup:
 * @to_dir: an existing folder (a USB stick, a shared drive)
 * @out_path: (out) (optional): the backup folder made
 *
 * Copies the vault, still encrypted, into a new folder in @to_dir named
 * by date and random letters — never by agency. The copy is verified
 * against its manifest before it is given its final name. Needs both
 * keys, so not for the reporting role.
 */
gboolean
amparo_vault_backup (AmparoVault *self,
                     const char  *to_dir,
                     char       **out_path,
                     GError     **error)
{
  g_autofree char *tmp = NULL;
  g_autofree char *final = NULL;
  g_autoptr(JsonBuilder) b = json_builder_new_immutable ();
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *stamp = g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");
  g_autofree char *manifest = NULL;
  g_autofree char *manifest_path = NULL;
  g_autofree char *keys_src = NULL;
  g_autoptr(GBytes) keys_data = NULL;
  g_autofree char *keys_text = NULL;
  gsize keys_len;
  g_auto(GStrv) digests = g_new0 (char *, G_N_ELEMENTS (backup_files) + 1);
  gsize manifest_len;

  if (!amparo_vault_require_role (self, FALSE, error))
    return FALSE;
  if (!g_file_test (to_dir, G_FILE_TEST_IS_DIR))
    {
      g_set_error_literal (error, AMPARO_ERROR, AMPARO_ERROR_IO,
                           _("The backup destination is not a folder"));
      return FALSE;
    }

  remove_stale_parts (to_dir);
  tmp = g_build_filename (to_dir, ".amparo-backup-XXXXXX.part", NULL);
  if (g_mkdtemp_full (tmp, 0700) == NULL)
    {
      io_error (error, errno, _("The backup could not be started"));
      return backup_failed (error);
    }

  keys_src = amparo_vault_path (self->dir, "keys");
  if (g_file_get_contents (keys_src, &keys_text, &keys_len, NULL))
    keys_data = g_bytes_new_take (g_steal_pointer (&keys_text), keys_len);
  else
    {
      g_set_error_literal (error, AMPARO_ERROR, AMPARO_ERROR_IO,
                           _("The vault’s keys file could not be read"));
      goto fail;
    }

  for (guint i = 0; i < G_N_ELEMENTS (backup_files); i++)
    {
      g_autofree char *dest = g_build_filename (tmp, backup_files[i], NULL);
      gboolean ok;

      if (i == 0)
        ok = amparo_safe_file_create (dest, keys_data, error);
      else
        ok = amparo_db_export_to (i == 1 ? self->cases : self->contacts, dest,
                                  i == 1 ? self->k_cases : self->k_contacts, error)
             && amparo_safe_file_sync (dest, error);
      if (!ok)
        goto fail;
      digests[i] = file_digest_hex (dest, error);
      if (digests[i] == NULL)
        goto fail;
    }

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "format");
  json_builder_add_string_value (b, "amparo-backup");
  json_builder_set_member_name (b, "version");
  json_builder_add_int_value (b, 1);
  json_builder_set_member_name (b, "vault");
  json_builder_add_string_value (b, amparo_key_file_get_vault_id (self->key_file));
  json_builder_set_member_name (b, "created");
  json_builder_add_string_value (b, stamp);
  json_builder_set_member_name (b, "files");
  json_builder_begin_object (b);
  for (guint i = 0; i < G_N_ELEMENTS (backup_files); i++)
    {
      json_builder_set_member_name (b, backup_files[i]);
      json_builder_add_string_value (b, digests[i]);
    }
  json_builder_end_object (b);
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  json_generator_set_root (gen, root);
  json_generator_set_pretty (gen, TRUE);
  manifest = json_generator_to_data (gen, &manifest_len);
  manifest_path = g_build_filename (tmp, "manifest.json", NULL);
  if (!create_file (manifest_path, (const guint8 *) manifest, manifest_len, error)
      || !amparo_fsync_directory (tmp, error))
    goto fail;

  /* read back before the folder gets its final name */
  for (guint i = 0; i < G_N_ELEMENTS (backup_files); i++)
    {
      g_autofree char *path = g_build_filename (tmp, backup_files[i], NULL);
      g_autofree char *again = file_digest_hex (path, error);

      if (again == NULL || !g_str_equal (again, digests[i]))
        {
          if (again != NULL)
            g_set_error_literal (error, AMPARO_ERROR, AMPARO_ERROR_IO,
                                 _("The backup did not read back correctly; the drive may be "
                                   "failing"));
          goto fail;
        }
    }

  final = fresh_backup_name (to_dir);
  if (!amparo_safe_file_rename_new (tmp, final, error))
    goto fail;
  if (!amparo_fsync_directory (to_dir, error))
    {
      /* not durable under its final name: take it away again */
      remove_tree (final);
      return backup_failed (error);
    }

  amparo_vault_set_setting (self, "last_backup", stamp, NULL);
  amparo_vault_audit (self, "backup", 0, NULL, NULL);
  if (out_path != NULL)
    *out_path = g_steal_pointer (&final);
  return TRUE;

fail:
  remove_tree (tmp);
  return backup_failed (error);
}

/* ------------------------------------------------------------ restore */

static gboolean
read_manifest (const char *from_dir,
               GStrv      *digests_out,
               GError    **error)
{
  static const char *const allowed[] = { "format", "version", "vault", "created", "files", NULL };
  g_autofree char *path = g_build_filename (from_dir, "manifest.json", NULL);
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_auto(GStrv) digests = g_new0 (char *, G_N_ELEMENTS (backup_files) + 1);
  g_autofree char *data = NULL;
  gsize len;
  JsonObject *obj, *files;
  JsonNode *root, *files_node;
  g_autoptr(GList) members = NULL;

  if (!g_file_get_contents (path, &data, &len, NULL) || len > 64 * 1024
      || !json_parser_load_from_data (parser, data, len, NULL))
    goto bad;
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    goto bad;
  obj = json_node_get_object (root);
  members = json_object_get_members (obj);
  for (GList *l = members; l != NULL; l = l->next)
    if (!g_strv_contains (allowed, l->data))
      goto bad;
  if (g_strcmp0 (json_object_get_string_member_with_default (obj, "format", ""),
                 "amparo-backup") != 0
      || json_object_get_int_member_with_default (obj, "version", 0) != 1)
    goto bad;
  files_node = json_object_get_member (obj, "files");
  if (files_node == NULL || !JSON_NODE_HOLDS_OBJECT (files_node))
    goto bad;
  files = json_node_get_object (files_node);
  for (guint i = 0; i < G_N_ELEMENTS (backup_files); i++)
    {
      const char *hex = json_object_get_string_member_with_default (files, backup_files[i], "");
      if (strlen (hex) != 64)
        goto bad;
      digests[i] = g_strdup (hex);
    }
  *digests_out = g_steal_pointer (&digests);
  return TRUE;

bad:
  g_set_error_literal (error, AMPARO_ERROR, AMPARO_ERROR_MALFORMED,
                       _("This folder is not an Amparo backup, or its manifest is damaged"));
  return FALSE;
}

/**
 * amparo_vault_restore:
 * @from_dir: a backup folder made by amparo_vault_backup()
 * @vault_dir: a vault folder that does not exist or is empty
 *
 * Checks every file of the backup against its manifest, then copies it
 * into @vault_dir. Never overwrites an existing vault.
 */
gboolean
amparo_vault_restore (const char *from_dir,
                      const char *vault_dir,
                      GError    **error)
{
  g_auto(GStrv) digests = NULL;
  g_autoptr(GDir) listing = NULL;

  if (!amparo_secure_init (error))
    return FALSE;
  if (!read_manifest (from_dir, &digests, error))
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (backup_files); i++)
    {
      g_autofree char *path = g_build_filename (from_dir, backup_files[i], NULL);
      g_autofree char *hex = file_digest_hex (path, NULL);

      if (hex == NULL || !g_str_equal (hex, digests[i]))
        {
          g_set_error_literal (error, AMPARO_ERROR, AMPARO_ERROR_INTEGRITY,
                               _("The backup is damaged: a file does not match its manifest; "
                                 "nothing was restored"));
          return FALSE;
        }
    }

  if (g_mkdir_with_parents (vault_dir, 0700) != 0)
    return io_error (error, errno, _("The vault folder could not be made"));
  listing = g_dir_open (vault_dir, 0, NULL);
  if (listing == NULL || g_dir_read_name (listing) != NULL)
    {
      g_set_error_literal (error, AMPARO_ERROR, AMPARO_ERROR_EXISTS,
                           _("The vault folder is not empty; restore into a new folder so "
                             "nothing is overwritten"));
      return FALSE;
    }

  for (guint i = 0; i < G_N_ELEMENTS (backup_files); i++)
    {
      g_autofree char *src = g_build_filename (from_dir, backup_files[i], NULL);
      g_autofree char *dest = g_build_filename (vault_dir, backup_files[i], NULL);
      g_autofree char *tmp = g_strconcat (dest, ".restoring", NULL);
      g_autoptr(GMappedFile) map = g_mapped_file_new (src, FALSE, NULL);

      if (map == NULL
          || !create_file (tmp, (const guint8 *) g_mapped_file_get_contents (map),
                           g_mapped_file_get_length (map), error)
          || !amparo_safe_file_rename_new (tmp, dest, error))
        {
          if (map == NULL)
            g_set_error_literal (error, AMPARO_ERROR, AMPARO_ERROR_IO,
                                 _("A backup file could not be read"));
          g_unlink (tmp);
          for (guint j = 0; j < G_N_ELEMENTS (backup_files); j++)
            {
              g_autofree char *done = g_build_filename (vault_dir, backup_files[j], NULL);
              g_unlink (done);
            }
          return FALSE;
        }
    }
  return amparo_fsync_directory (vault_dir, error);
}
