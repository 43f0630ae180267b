/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "AmparoTestFaults"

/* Write faults at every step: saving `keys` (init, user add, passwd), a
 * backup and an export, with the disk full (ENOSPC) or failing (EIO) at
 * the n-th open, read, write, fsync, close, rename or link of the
 * safe-file layer, for every n the operation reaches. After each failure
 * nothing that existed changed, no file is left under a final name, the
 * vault opens and the message names the problem. Then the same on a real
 * full tmpfs when the test may mount one. */

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include <sys/mount.h>
#include <sodium.h>
#include <glib/gstdio.h>

#include "amparo-card.h"
#include "amparo-db.h"
#include "amparo-error.h"
#include "amparo-safe-file.h"
#include "amparo-share.h"
#include "amparo-summary.h"
#include "amparo-test-fixture.h"
#include "amparo-test-util.h"

#define OTHER_PASSPHRASE "a different passphrase 42 owls"
#define PERIOD "2026-Q1"

typedef struct
{
  char        *dir;      /* the vault */
  char        *out;      /* where backups and exports go */
  AmparoVault *vault;
  const char  *pass;     /* the passphrase that opens "ana" now */
  guint        serial;   /* for new account names */
  guint8       coord_pk[crypto_box_PUBLICKEYBYTES];
  guint8       coord_sk[crypto_box_SECRETKEYBYTES];
  char        *mnt;      /* a tmpfs mounted by the test, or NULL */
} Fixture;

static void
setup (Fixture       *f,
       gconstpointer  data)
{
  g_assert_cmpint (sodium_init (), >=, 0);
  amparo_safe_file_set_fault (NULL);
  f->dir = amparo_test_make_dir ();
  f->out = amparo_test_make_dir ();
  /* amparo_vault_create() wants an empty or missing folder */
  g_rmdir (f->dir);
  f->vault = amparo_test_create_vault (f->dir, AMPARO_VAULT_KIND_AGENCY);
  f->pass = TEST_PASSPHRASE;
  amparo_test_fill_cases (f->vault, 40, 8, TRUE);
}

static void
teardown (Fixture       *f,
          gconstpointer  data)
{
  amparo_safe_file_set_fault (NULL);
  g_clear_object (&f->vault);
  if (f->mnt != NULL)
    {
      umount2 (f->mnt, MNT_DETACH);
      g_rmdir (f->mnt);
      g_free (f->mnt);
    }
  amparo_test_remove_dir (f->dir);
  amparo_test_remove_dir (f->out);
  g_free (f->dir);
  g_free (f->out);
}

/* ------------------------------------------------------------ helpers */

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

/* Every name in @dir with the digest of each regular file */
static char *
dir_state (const char *dir,
           gboolean    with_digests)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  GString *s = g_string_new (NULL);
  const char *name;

  if (d == NULL)
    return g_string_free (s, FALSE);
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autofree char *digest = NULL;

      /* SQLite's own shared-memory index and WAL move while a store is open */
      if (g_str_has_suffix (name, "-shm") || g_str_has_suffix (name, "-wal"))
        continue;
      if (with_digests && g_file_test (path, G_FILE_TEST_IS_REGULAR))
        digest = amparo_test_file_digest (path);
      g_ptr_array_add (names, g_strdup_printf ("%s %s", name, digest ? digest : "-"));
    }
  g_ptr_array_sort (names, compare_names);
  for (guint i = 0; i < names->len; i++)
    g_string_append_printf (s, "%s\n", (const char *) g_ptr_array_index (names, i));
  return g_string_free (s, FALSE);
}

static gint64
count_cases (AmparoVault *vault)
{
  return amparo_db_query_int (amparo_vault_get_cases_db (vault, NULL),
                              "SELECT count(*) FROM cases;", -1);
}

static gboolean
opens_with (const char *dir,
            const char *user,
            const char *passphrase)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AmparoVault) v = amparo_vault_unlock (dir, user, passphrase, &error);

  return v != NULL;
}

static const char *current_spec = "";
/* Unlocking costs an Argon2id run: the checks that unlock run at the first
 * fault point of each operation and error; the others compare bytes,
 * which shows the same (a byte-identical keys file opens as before). */
static gboolean deep;

/* The message names the problem in words a person understands */
static void
assert_clear_message (const GError *error,
                      const char   *errname,
                      const char   *starts_with)
{
  if (error != NULL)
    g_test_message ("%s: %s", current_spec, error->message);
  g_assert_error (error, AMPARO_ERROR, AMPARO_ERROR_IO);
  if (starts_with != NULL)
    g_assert_true (g_str_has_prefix (error->message, starts_with));
  if (g_str_equal (errname, "ENOSPC"))
    g_assert_nonnull (strstr (error->message, "is full"));
  else
    g_assert_true (strstr (error->message, "failed") != NULL
                   || strstr (error->message, "could not be read") != NULL);
  /* never the raw file names of the layer's temporary files */
  g_assert_null (strstr (error->message, ".tmp-"));
  g_assert_null (strstr (error->message, ".part"));
}

typedef gboolean (*Attempt) (Fixture *f, GError **error);
typedef void     (*Verify)  (Fixture *f, const char *errname, gboolean ok, const GError *error);
typedef void     (*Before)  (Fixture *f);

/* Runs @attempt once per fault point: each operation of the safe-file
 * layer, each error, each n until the operation no longer reaches the
 * n-th call. Returns how many fault points fired. */
static guint
every_fault_point (Fixture    *f,
                   const char *what,
                   Before      before,
                   Attempt     attempt,
                   Verify      verify)
{
  static const char *const ops[] = { "open", "read", "write", "fsync", "close", "rename", "link" };
  static const char *const errnames[] = { "ENOSPC", "EIO" };
  guint points = 0, survived = 0;

  for (guint o = 0; o < G_N_ELEMENTS (ops); o++)
    for (guint e = 0; e < G_N_ELEMENTS (errnames); e++)
      {
        /* a full disk does not fail reads */
        if (g_str_equal (ops[o], "read") && e == 0)
          continue;
        for (guint nth = 1; nth < 200; nth++)
          {
            g_autofree char *spec = g_strdup_printf ("%s:%s:%u", ops[o], errnames[e], nth);
            g_autoptr(GError) error = NULL;
            gboolean ok;
            guint fired;

            if (before != NULL)
              before (f);
            current_spec = spec;
            deep = nth == 1;
            amparo_safe_file_set_fault (spec);
            ok = attempt (f, &error);
            fired = amparo_safe_file_faults_fired ();
            amparo_safe_file_set_fault (NULL);
            g_assert_true (ok || error != NULL);
            verify (f, errnames[e], ok, error);
            if (fired == 0)
              {
                /* not reached that often: the operation ran undisturbed */
                g_assert_true (ok);
                break;
              }
            points++;
            survived += ok;
          }
      }
  g_test_message ("%s: %u fault points tried (%u of them tolerated), nothing lost", what, points,
                  survived);
  return points;
}

static gboolean
hooks_built (void)
{
  amparo_safe_file_set_fault ("open:EIO:1");
  g_free (amparo_safe_file_read ("/", 1, NULL));
  if (amparo_safe_file_faults_fired () == 0)
    {
      amparo_safe_file_set_fault (NULL);
      g_test_skip ("built without test hooks");
      return FALSE;
    }
  amparo_safe_file_set_fault (NULL);
  return TRUE;
}

/* ------------------------------------------------------------- init */

static char *init_dir;

static void
init_before (Fixture *f)
{
  g_free (init_dir);
  init_dir = g_strdup_printf ("%s/init-%u", f->out, ++f->serial);
}

static gboolean
init_attempt (Fixture  *f,
              GError  **error)
{
  g_autoptr(AmparoVault) v = amparo_vault_create (init_dir, AMPARO_VAULT_KIND_AGENCY,
                                                  "Test Agency", "ana", TEST_PASSPHRASE, error);

  return v != NULL;
}

static void
init_verify (Fixture      *f,
             const char   *errname,
             gboolean      ok,
             const GError *error)
{
  g_autofree char *left = dir_state (init_dir, FALSE);

  if (ok)
    {
      g_assert_true (opens_with (init_dir, NULL, TEST_PASSPHRASE));
      return;
    }
  assert_clear_message (error, errname, "The keys file was not saved");
  /* nothing half made: no keys, no stores, no temporary file */
  g_assert_cmpstr (left, ==, "");
  g_assert_false (amparo_vault_exists (init_dir));
}

static void
test_init_faults (Fixture       *f,
                  gconstpointer  data)
{
  if (!hooks_built ())
    return;
  g_assert_cmpuint (every_fault_point (f, "init (keys)", init_before, init_attempt, init_verify),
                    >=, 8);
  g_clear_pointer (&init_dir, g_free);
}

/* --------------------------------------------------------- user add */

static char *keys_state_before;

static void
vault_before (Fixture *f)
{
  g_free (keys_state_before);
  keys_state_before = dir_state (f->dir, FALSE);
  /* keys and both stores, byte for byte */
  {
    g_autofree char *keys = amparo_test_dir_digest (f->dir, "keys");
    char *joined = g_strconcat (keys_state_before, keys, NULL);

    g_free (keys_state_before);
    keys_state_before = joined;
  }
}

static char *
vault_now (Fixture *f)
{
  g_autofree char *names = dir_state (f->dir, FALSE);
  g_autofree char *keys = amparo_test_dir_digest (f->dir, "keys");

  return g_strconcat (names, keys, NULL);
}

static gboolean
user_add_attempt (Fixture  *f,
                  GError  **error)
{
  g_autofree char *name = g_strdup_printf ("staff%u", ++f->serial);

  return amparo_vault_add_account (f->vault, name, AMPARO_ROLE_ADVOCATE, OTHER_PASSPHRASE, error);
}

static void
user_add_verify (Fixture      *f,
                 const char   *errname,
                 gboolean      ok,
                 const GError *error)
{
  g_autofree char *name = g_strdup_printf ("staff%u", f->serial);
  g_autofree char *now = vault_now (f);
  g_autoptr(GError) check_error = NULL;

  g_assert_true (amparo_vault_check (f->vault, NULL, &check_error));
  g_assert_no_error (check_error);
  if (ok)
    {
      g_assert_cmpstr (now, !=, keys_state_before);
      g_assert_true (opens_with (f->dir, name, OTHER_PASSPHRASE));
      return;
    }
  assert_clear_message (error, errname, "The keys file was not saved");
  g_assert_cmpstr (now, ==, keys_state_before);
  if (deep)
    {
      g_assert_false (opens_with (f->dir, name, OTHER_PASSPHRASE));
      g_assert_true (opens_with (f->dir, "ana", f->pass));
    }
  /* memory matches the file again */
  {
    g_auto(GStrv) accounts = amparo_vault_get_accounts (f->vault);
    g_assert_false (g_strv_contains ((const char * const *) accounts, name));
  }
}

static void
test_user_add_faults (Fixture       *f,
                      gconstpointer  data)
{
  if (!hooks_built ())
    return;
  g_assert_cmpuint (every_fault_point (f, "user add (keys)", vault_before, user_add_attempt,
                                       user_add_verify), >=, 10);
}

/* ----------------------------------------------------------- passwd */

static char *stores_before;

static char *
stores_digest (Fixture *f)
{
  g_autofree char *cases = amparo_test_dir_digest (f->dir, "cases.db");
  g_autofree char *contacts = amparo_test_dir_digest (f->dir, "contacts.db");

  return g_strconcat (cases, " ", contacts, NULL);
}

static void
passwd_before (Fixture *f)
{
  vault_before (f);
  g_free (stores_before);
  stores_before = stores_digest (f);
}

static gboolean
passwd_attempt (Fixture  *f,
                GError  **error)
{
  const char *next = g_str_equal (f->pass, TEST_PASSPHRASE) ? OTHER_PASSPHRASE : TEST_PASSPHRASE;

  if (!amparo_vault_change_passphrase (f->dir, "ana", f->pass, next, error))
    return FALSE;
  f->pass = next;
  return TRUE;
}

static void
passwd_verify (Fixture      *f,
               const char   *errname,
               gboolean      ok,
               const GError *error)
{
  const char *other = g_str_equal (f->pass, TEST_PASSPHRASE) ? OTHER_PASSPHRASE : TEST_PASSPHRASE;
  g_autofree char *now = vault_now (f);
  g_autofree char *stores = stores_digest (f);
  g_autofree char *bak = g_build_filename (f->dir, "keys.bak", NULL);

  /* only `keys` ever changes */
  g_assert_cmpstr (stores, ==, stores_before);
  g_assert_false (g_file_test (bak, G_FILE_TEST_EXISTS));
  if (!ok)
    {
      assert_clear_message (error, errname, "The keys file was not saved");
      g_assert_cmpstr (now, ==, keys_state_before);
    }
  else
    {
      g_assert_cmpstr (now, !=, keys_state_before);
    }
  /* f->pass is the old one after a failure, the new one after success */
  if (deep || ok)
    {
      g_assert_true (opens_with (f->dir, "ana", f->pass));
      g_assert_false (opens_with (f->dir, "ana", other));
    }
}

static void
test_passwd_faults (Fixture       *f,
                    gconstpointer  data)
{
  if (!hooks_built ())
    return;
  /* passwd works on a locked vault */
  g_clear_object (&f->vault);
  g_assert_cmpuint (every_fault_point (f, "passwd (keys)", passwd_before, passwd_attempt,
                                       passwd_verify), >=, 10);
  g_clear_pointer (&stores_before, g_free);
  g_clear_pointer (&keys_state_before, g_free);
}

/* ----------------------------------------------------------- backup */

static gint64 cases_before;
static guint  backups_before;

static guint
count_named (const char *dir,
             const char *prefix,
             const char *suffix)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;
  guint n = 0;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    if ((prefix == NULL || g_str_has_prefix (name, prefix))
        && (suffix == NULL || g_str_has_suffix (name, suffix)))
      n++;
  return n;
}

static void
backup_before (Fixture *f)
{
  vault_before (f);
  cases_before = count_cases (f->vault);
  backups_before = count_named (f->out, "amparo-backup-", NULL);
}

static gboolean
backup_attempt (Fixture  *f,
                GError  **error)
{
  g_autofree char *path = NULL;

  return amparo_vault_backup (f->vault, f->out, &path, error);
}

static void
backup_verify (Fixture      *f,
               const char   *errname,
               gboolean      ok,
               const GError *error)
{
  g_autofree char *now = vault_now (f);
  g_autoptr(GError) check_error = NULL;

  g_assert_cmpstr (now, ==, keys_state_before);
  g_assert_cmpint (count_cases (f->vault), ==, cases_before);
  g_assert_true (amparo_vault_check (f->vault, NULL, &check_error));
  g_assert_no_error (check_error);
  /* no half-written backup, hidden or under its final name */
  g_assert_cmpuint (count_named (f->out, ".amparo-backup-", NULL), ==, 0);
  if (ok)
    {
      g_assert_cmpuint (count_named (f->out, "amparo-backup-", NULL), ==, backups_before + 1);
      return;
    }
  assert_clear_message (error, errname, "The backup was not made.");
  g_assert_cmpuint (count_named (f->out, "amparo-backup-", NULL), ==, backups_before);
}

static void
test_backup_faults (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GDir) d = NULL;
  const char *name;
  guint restored = 0;

  if (!hooks_built ())
    return;
  g_assert_cmpuint (every_fault_point (f, "backup", backup_before, backup_attempt,
                                       backup_verify), >=, 10);
  g_clear_pointer (&keys_state_before, g_free);

  /* every backup that got its final name is complete */
  d = g_dir_open (f->out, 0, NULL);
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *from = g_build_filename (f->out, name, NULL);
      g_autofree char *to = g_strdup_printf ("%s/restored-%u", f->dir, restored);
      g_autoptr(GError) error = NULL;

      if (!g_str_has_prefix (name, "amparo-backup-"))
        continue;
      g_assert_true (amparo_vault_restore (from, to, &error));
      g_assert_no_error (error);
      /* the manifest's checksums matched; unlock one of them as well */
      if (restored == 0)
        g_assert_true (opens_with (to, "ana", TEST_PASSPHRASE));
      amparo_test_remove_dir (to);
      restored++;
    }
  g_assert_cmpuint (restored, >=, 1);
}

/* ----------------------------------------------------------- export */

static char *export_settings_before;
static guint exports_before;

static void
trust_coordinator (Fixture *f)
{
  g_autoptr(AmparoCard) card = NULL;
  g_autofree char *json = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *fingerprint = NULL;
  g_autoptr(GError) error = NULL;

  crypto_box_keypair (f->coord_pk, f->coord_sk);
  card = amparo_card_new_coordinator ("Regional Coalition", f->coord_pk);
  json = amparo_card_to_json (card);
  bytes = g_bytes_new (json, strlen (json));
  g_assert_true (amparo_share_trust_card (f->vault, bytes, &fingerprint, &error));
  g_assert_no_error (error);
}

static char *
export_state (Fixture *f)
{
  g_autofree char *keys = vault_now (f);
  g_autofree char *settings = amparo_test_table_digest (amparo_vault_get_cases_db (f->vault, NULL),
                                                        "settings");
  g_autofree char *exports = amparo_test_table_digest (amparo_vault_get_cases_db (f->vault, NULL),
                                                       "exports");

  return g_strjoin ("\n", keys, settings, exports, NULL);
}

static void
export_before (Fixture *f)
{
  g_free (export_settings_before);
  export_settings_before = export_state (f);
  exports_before = count_named (f->out, NULL, ".amps");
}

static gboolean
export_attempt (Fixture  *f,
                GError  **error)
{
  g_autofree char *path = NULL;

  return amparo_share_export (f->vault, PERIOD, f->out, &path, error);
}

static void
export_verify (Fixture      *f,
               const char   *errname,
               gboolean      ok,
               const GError *error)
{
  g_autofree char *now = export_state (f);

  g_assert_cmpuint (count_named (f->out, NULL, ".part"), ==, 0);
  if (ok)
    {
      g_assert_cmpuint (count_named (f->out, NULL, ".amps"), ==, exports_before + 1);
      return;
    }
  assert_clear_message (error, errname, NULL);
  g_assert_cmpuint (count_named (f->out, NULL, ".amps"), ==, exports_before);
  g_assert_cmpstr (now, ==, export_settings_before);
}

static void
test_export_faults (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GDir) d = NULL;
  const char *name;
  guint opened = 0;

  if (!hooks_built ())
    return;
  trust_coordinator (f);
  g_assert_cmpuint (every_fault_point (f, "export", export_before, export_attempt,
                                       export_verify), >=, 10);
  g_clear_pointer (&export_settings_before, g_free);

  /* every summary under a final name opens for the coordinator */
  d = g_dir_open (f->out, 0, NULL);
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (f->out, name, NULL);
      g_autoptr(GBytes) bytes = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *payload = NULL;
      guint8 sign_pk[32];

      if (!g_str_has_suffix (name, ".amps"))
        continue;
      bytes = amparo_safe_file_read (path, AMPARO_SUMMARY_MAX_SIZE, &error);
      g_assert_no_error (error);
      g_assert_true (amparo_summary_open (bytes, f->coord_pk, f->coord_sk, &payload, sign_pk,
                                          &error));
      g_assert_no_error (error);
      opened++;
    }
  g_assert_cmpuint (opened, >=, 1);
}

/* ------------------------------------------------- a real full disk */

static gboolean
mount_small_tmpfs (Fixture    *f,
                   const char *size)
{
  g_autofree char *options = g_strdup_printf ("size=%s,mode=0700", size);

  f->mnt = g_build_filename (f->out, "stick", NULL);
  g_mkdir (f->mnt, 0700);
  if (getuid () != 0 || mount ("tmpfs", f->mnt, "tmpfs", 0, options) != 0)
    {
      g_rmdir (f->mnt);
      g_clear_pointer (&f->mnt, g_free);
      g_test_skip ("needs root to mount a small tmpfs");
      return FALSE;
    }
  return TRUE;
}

/* Fills the file system holding @dir, leaving @spare bytes free */
static char *
fill_up (const char *dir,
         goffset     spare)
{
  char *path = g_build_filename (dir, "filler", NULL);
  char block[4096] = { 0 };
  int fd = open (path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);

  g_assert_cmpint (fd, >=, 0);
  while (write (fd, block, sizeof block) > 0)
    ;
  while (write (fd, block, 1) > 0)
    ;
  g_assert_cmpint (errno, ==, ENOSPC);
  if (spare > 0)
    {
      off_t size = lseek (fd, 0, SEEK_END);

      g_assert_cmpint (ftruncate (fd, size > spare ? size - spare : 0), ==, 0);
    }
  close (fd);
  return path;
}

static void
test_real_disk_full (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *vault_dir = NULL;
  g_autofree char *filler = NULL;
  g_autofree char *state = NULL;
  g_autofree char *after = NULL;
  g_autoptr(AmparoVault) small = NULL;
  g_autoptr(GError) error = NULL;
  char *path = NULL;

  if (!mount_small_tmpfs (f, "256k"))
    return;

  /* a backup of a vault larger than the room left on the stick */
  filler = fill_up (f->mnt, 16 * 1024);
  g_assert_false (amparo_vault_backup (f->vault, f->mnt, &path, &error));
  g_assert_null (path);
  g_test_message ("backup onto a full stick: %s", error->message);
  g_assert_error (error, AMPARO_ERROR, AMPARO_ERROR_IO);
  g_assert_true (g_str_has_prefix (error->message, "The backup was not made."));
  g_assert_nonnull (strstr (error->message, "is full"));
  g_clear_error (&error);
  g_assert_cmpuint (count_named (f->mnt, NULL, NULL), ==, 1);
  g_unlink (filler);
  g_clear_pointer (&filler, g_free);

  /* an export onto a stick with no room left */
  trust_coordinator (f);
  filler = fill_up (f->mnt, 0);
  g_assert_false (amparo_share_export (f->vault, PERIOD, f->mnt, &path, &error));
  g_test_message ("export onto a full stick: %s", error->message);
  g_assert_error (error, AMPARO_ERROR, AMPARO_ERROR_IO);
  g_assert_nonnull (strstr (error->message, "is full"));
  g_clear_error (&error);
  g_assert_cmpuint (count_named (f->mnt, NULL, NULL), ==, 1);
  g_unlink (filler);
  g_clear_pointer (&filler, g_free);

  /* a vault on a disk that fills up: passwd and user add fail, nothing changes */
  /* a vault's stores and their WAL need more than the small stick */
  g_assert_cmpint (mount ("tmpfs", f->mnt, "tmpfs", MS_REMOUNT, "size=8m,mode=0700"), ==, 0);
  vault_dir = g_build_filename (f->mnt, "vault", NULL);
  small = amparo_test_create_vault (vault_dir, AMPARO_VAULT_KIND_AGENCY);
  amparo_vault_lock (small);
  g_clear_object (&small);
  filler = fill_up (f->mnt, 0);
  state = dir_state (vault_dir, TRUE);
  g_assert_false (amparo_vault_change_passphrase (vault_dir, "ana", TEST_PASSPHRASE,
                                                  OTHER_PASSPHRASE, &error));
  g_test_message ("passwd on a full disk: %s", error->message);
  g_assert_error (error, AMPARO_ERROR, AMPARO_ERROR_IO);
  g_assert_true (g_str_has_prefix (error->message, "The keys file was not saved"));
  g_assert_nonnull (strstr (error->message, "is full"));
  g_clear_error (&error);
  after = dir_state (vault_dir, TRUE);
  g_assert_cmpstr (after, ==, state);
  g_unlink (filler);
  g_assert_true (opens_with (vault_dir, "ana", TEST_PASSPHRASE));
  g_assert_true (amparo_vault_change_passphrase (vault_dir, "ana", TEST_PASSPHRASE,
                                                 OTHER_PASSPHRASE, &error));
  g_assert_no_error (error);
  g_assert_true (opens_with (vault_dir, "ana", OTHER_PASSPHRASE));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  /* The faults are injected, so the test needs no real disk: in memory,
   * the many fsyncs do not make it wait on other programs' writes. */
  if (g_file_test ("/dev/shm", G_FILE_TEST_IS_DIR) && access ("/dev/shm", W_OK) == 0)
    g_setenv ("TMPDIR", "/dev/shm", TRUE);
  g_test_add ("/faults/init", Fixture, NULL, setup, test_init_faults, teardown);
  g_test_add ("/faults/user-add", Fixture, NULL, setup, test_user_add_faults, teardown);
  g_test_add ("/faults/passwd", Fixture, NULL, setup, test_passwd_faults, teardown);
  g_test_add ("/faults/backup", Fixture, NULL, setup, test_backup_faults, teardown);
  g_test_add ("/faults/export", Fixture, NULL, setup, test_export_faults, teardown);
  g_test_add ("/faults/real-disk-full", Fixture, NULL, setup, test_real_disk_full, teardown);
  return g_test_run ();
}
