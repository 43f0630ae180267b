/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "AmparoTestSafeFile"

#include <errno.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "amparo-error.h"
#include "amparo-safe-file.h"

#define FULL_MSG "The destination is full: the file was not written. " \
                 "Free some space or use another drive."
#define READ_ONLY_MSG "The destination is read-only or not writable: the file was not written."
#define REMOVED_MSG "The drive was removed or failed during writing: the file was not " \
                    "written. Check the drive and try again."
#define SECRET "SURVIVOR-NAME-Maria"

typedef struct
{
  char *dir;
  char *mnt;  /* a tmpfs mounted by the test, or NULL */
} Fixture;

static void
rm_rf (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir != NULL)
    while ((name = g_dir_read_name (dir)) != NULL)
      {
        g_autofree char *child = g_build_filename (path, name, NULL);
        rm_rf (child);
      }
  g_remove (path);
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("amparo-safe-file-XXXXXX", &error);
  g_assert_no_error (error);
  amparo_safe_file_set_fault (NULL);
  amparo_safe_file_set_name_seed (0);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  amparo_safe_file_set_fault (NULL);
  amparo_safe_file_set_name_seed (0);
  if (f->mnt != NULL && umount2 (f->mnt, 0) < 0)
    umount2 (f->mnt, MNT_DETACH);
  g_clear_pointer (&f->mnt, g_free);
  rm_rf (f->dir);
  g_clear_pointer (&f->dir, g_free);
}

/* Mounts a small tmpfs standing in for a USB stick; skips the test when
 * that is not possible (not root, no mount namespace rights). */
static gboolean
mount_stick (Fixture    *f,
             const char *options)
{
  g_autofree char *mnt = g_build_filename (f->dir, "stick", NULL);

  g_assert_cmpint (g_mkdir (mnt, 0700), ==, 0);
  if (mount ("tmpfs", mnt, "tmpfs", MS_NOSUID | MS_NODEV, options) < 0)
    {
      g_autofree char *reason = g_strdup_printf ("cannot mount a tmpfs: %s", g_strerror (errno));
      g_test_skip (reason);
      return FALSE;
    }
  f->mnt = g_steal_pointer (&mnt);

  return TRUE;
}

static gboolean
remount_read_only (Fixture *f)
{
  if (mount (NULL, f->mnt, NULL, MS_REMOUNT | MS_RDONLY, NULL) < 0)
    {
      g_autofree char *reason = g_strdup_printf ("cannot remount read-only: %s", g_strerror (errno));
      g_test_skip (reason);
      return FALSE;
    }

  return TRUE;
}

static GBytes *
make_contents (gsize       size,
               const char *tag)
{
  guint8 *data = g_malloc (size);
  gsize tag_len = strlen (tag);

  for (gsize i = 0; i < size; i++)
    data[i] = (guint8) (i * 31 + 7);
  memcpy (data, SECRET, MIN (size, strlen (SECRET)));
  if (size > 64 + tag_len)
    memcpy (data + 64, tag, tag_len);

  return g_bytes_new_take (data, size);
}

static void
write_file (const char *dir,
            const char *name,
            const char *text)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, text, -1, &error);
  g_assert_no_error (error);
}

static void
assert_file_is (const char *path,
                GBytes     *expected)
{
  g_autofree char *data = NULL;
  g_autoptr(GError) error = NULL;
  gsize len;

  g_file_get_contents (path, &data, &len, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (data, len, g_bytes_get_data (expected, NULL), g_bytes_get_size (expected));
}

static void
assert_file_text (const char *dir,
                  const char *name,
                  const char *text)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GBytes) bytes = g_bytes_new_static (text, strlen (text));

  assert_file_is (path, bytes);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

/* The sorted names in @path, separated by spaces */
static char *
dir_listing (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);
  g_ptr_array_add (names, NULL);

  return g_strjoinv (" ", (char **) names->pdata);
}

static void
assert_failed_cleanly (GError *error)
{
  g_assert_error (error, AMPARO_ERROR, AMPARO_ERROR_IO);
  g_assert_cmpstr (error->message, !=, "");
  g_assert_null (strstr (error->message, SECRET));
}

static gboolean
name_has_shape (const char *path,
                const char *prefix,
                const char *suffix)
{
  g_autofree char *base = g_path_get_basename (path);
  gsize len = strlen (base);
  gsize plen = strlen (prefix);
  gsize slen = strlen (suffix);

  if (len != plen + AMPARO_SAFE_FILE_NAME_RANDOM_LEN + slen ||
      !g_str_has_prefix (base, prefix) || !g_str_has_suffix (base, suffix))
    return FALSE;
  for (gsize i = plen; i < plen + AMPARO_SAFE_FILE_NAME_RANDOM_LEN; i++)
    if (strchr (AMPARO_SAFE_FILE_NAME_ALPHABET, base[i]) == NULL)
      return FALSE;

  return TRUE;
}

static void
test_write_new_creates_private_verified_file (Fixture       *f,
                                              gconstpointer  data)
{
  g_autoptr(GBytes) contents = make_contents (300 * 1024, "one");
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *listing = NULL;
  g_autofree char *base = NULL;
  struct stat st;

  g_assert_true (amparo_safe_file_write_new (f->dir, "summary-2026-Q3-", ".amps", contents,
                                             &path, &error));
  g_assert_no_error (error);

  g_assert_true (name_has_shape (path, "summary-2026-Q3-", ".amps"));
  g_assert_true (g_str_has_prefix (path, f->dir));
  assert_file_is (path, contents);
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 07777, ==, 0600);

  /* Nothing else, in particular no .part */
  listing = dir_listing (f->dir);
  base = g_path_get_basename (path);
  g_assert_cmpstr (listing, ==, base);
}

static void
test_write_new_never_overwrites (Fixture       *f,
                                 gconstpointer  data)
{
  g_autoptr(GHashTable) written = g_hash_table_new_full (g_str_hash, g_str_equal,
                                                         g_free, (GDestroyNotify) g_bytes_unref);
  g_autoptr(GDir) dir = NULL;
  GHashTableIter iter;
  gpointer key, value;
  guint n_files = 0;

  write_file (f->dir, "keep.txt", "kept");

  for (guint i = 0; i < 60; i++)
    {
      g_autofree char *tag = g_strdup_printf ("file %u", i);
      g_autoptr(GBytes) contents = make_contents (100 + i, tag);
      g_autoptr(GError) error = NULL;
      char *path = NULL;

      g_assert_true (amparo_safe_file_write_new (f->dir, "s-", ".amps", contents, &path, &error));
      g_assert_no_error (error);
      g_assert_false (g_hash_table_contains (written, path));
      g_hash_table_insert (written, path, g_bytes_ref (contents));
    }

  /* Every file still holds what was written to it */
  g_hash_table_iter_init (&iter, written);
  while (g_hash_table_iter_next (&iter, &key, &value))
    assert_file_is (key, value);
  assert_file_text (f->dir, "keep.txt", "kept");

  dir = g_dir_open (f->dir, 0, NULL);
  while (g_dir_read_name (dir) != NULL)
    n_files++;
  g_assert_cmpuint (n_files, ==, 61);
}

static void
test_write_new_collision_picks_another_name (Fixture       *f,
                                             gconstpointer  data)
{
#if AMPARO_ENABLE_TEST_HOOKS
  /* Each strategy: renameat2, then link() (renameat2 missing), then
   * check-and-rename (no hard links, as on FAT) */
  static const char *const strategies[] = {
    "", "rename:ENOSYS:1", "rename:EINVAL:1,link:EPERM:1",
  };

  for (guint s = 0; s < G_N_ELEMENTS (strategies); s++)
    {
      g_autoptr(GBytes) first = make_contents (500, "first");
      g_autoptr(GBytes) second = make_contents (700, "second");
      g_autoptr(GError) error = NULL;
      g_autofree char *path1 = NULL;
      g_autofree char *path2 = NULL;
      g_autofree char *listing = NULL;
      g_autofree char *expected = NULL;
      g_autofree char *base1 = NULL;
      g_autofree char *base2 = NULL;

      rm_rf (f->dir);
      g_assert_cmpint (g_mkdir (f->dir, 0700), ==, 0);

      amparo_safe_file_set_name_seed (4242);
      g_assert_true (amparo_safe_file_write_new (f->dir, "c-", ".amps", first, &path1, &error));
      g_assert_no_error (error);

      /* Same seed: the first candidate name is taken now */
      amparo_safe_file_set_name_seed (4242);
      amparo_safe_file_set_fault (strategies[s]);
      g_assert_true (amparo_safe_file_write_new (f->dir, "c-", ".amps", second, &path2, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (amparo_safe_file_faults_fired (), ==, s);
      amparo_safe_file_set_fault (NULL);

      g_assert_cmpstr (path1, !=, path2);
      assert_file_is (path1, first);
      assert_file_is (path2, second);

      base1 = g_path_get_basename (path1);
      base2 = g_path_get_basename (path2);
      expected = g_strcmp0 (base1, base2) < 0 ? g_strjoin (" ", base1, base2, NULL)
                                              : g_strjoin (" ", base2, base1, NULL);
      listing = dir_listing (f->dir);
      g_assert_cmpstr (listing, ==, expected);
    }
#else
  g_test_skip ("needs -Dtest_hooks=true");
#endif
}

static void
test_write_new_full_drive (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GBytes) contents = make_contents (1024 * 1024, "big");
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *listing = NULL;

  if (!mount_stick (f, "size=64k,mode=0700"))
    return;
  write_file (f->mnt, "keep.txt", "kept");

  g_assert_false (amparo_safe_file_write_new (f->mnt, "s-", ".amps", contents, &path, &error));
  assert_failed_cleanly (error);
  g_assert_cmpstr (error->message, ==, FULL_MSG);
  g_assert_null (path);

  listing = dir_listing (f->mnt);
  g_assert_cmpstr (listing, ==, "keep.txt");
  assert_file_text (f->mnt, "keep.txt", "kept");
}

static void
test_write_new_read_only_drive (Fixture       *f,
                                gconstpointer  data)
{
  g_autoptr(GBytes) contents = make_contents (1000, "ro");
  g_autoptr(GError) error = NULL;
  g_autofree char *listing = NULL;

  if (!mount_stick (f, "size=256k,mode=0700"))
    return;
  write_file (f->mnt, "keep.txt", "kept");
  if (!remount_read_only (f))
    return;

  g_assert_false (amparo_safe_file_write_new (f->mnt, "s-", ".amps", contents, NULL, &error));
  assert_failed_cleanly (error);
  g_assert_cmpstr (error->message, ==, READ_ONLY_MSG);
  g_clear_error (&error);

  {
    g_autofree char *keep = g_build_filename (f->mnt, "keep.txt", NULL);

    g_assert_false (amparo_safe_file_replace (keep, contents, NULL, &error));
    assert_failed_cleanly (error);
    g_assert_cmpstr (error->message, ==, READ_ONLY_MSG);
  }

  listing = dir_listing (f->mnt);
  g_assert_cmpstr (listing, ==, "keep.txt");
  assert_file_text (f->mnt, "keep.txt", "kept");
}

static void
test_write_new_missing_folder (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(GBytes) contents = make_contents (10, "x");
  g_autoptr(GError) error = NULL;
  g_autofree char *gone = g_build_filename (f->dir, "unplugged", NULL);

  g_assert_false (amparo_safe_file_write_new (gone, "s-", ".amps", contents, NULL, &error));
  assert_failed_cleanly (error);
  g_assert_false (g_file_test (gone, G_FILE_TEST_EXISTS));
}

#if AMPARO_ENABLE_TEST_HOOKS
static const char *const fault_ops[] = { "open", "read", "write", "fsync", "close", "rename", "link" };
static const char *const fault_errnos[] = { "ENOSPC", "EIO" };

/* Makes the nth call of @op fail, for nth = @first_nth, @first_nth + 1, ...
 * until write_new gets through; @base holds @n_base faults that must not
 * make it fail on their own. Returns how many calls failed. */
static guint
write_new_fault_loop (Fixture    *f,
                      GBytes     *contents,
                      const char *base,
                      guint       n_base,
                      const char *op,
                      guint       first_nth)
{
  guint points = 0;

  for (guint e = 0; e < G_N_ELEMENTS (fault_errnos); e++)
    for (guint nth = first_nth; ; nth++)
      {
        g_autofree char *spec = g_strdup_printf ("%s%s%s:%s:%u", base, *base ? "," : "",
                                                 op, fault_errnos[e], nth);
        g_autoptr(GError) error = NULL;
        g_autofree char *path = NULL;
        g_autofree char *listing = NULL;
        gboolean ok;
        guint fired;

        g_assert_cmpuint (nth, <, 100);
        amparo_safe_file_set_fault (spec);
        ok = amparo_safe_file_write_new (f->dir, "s-", ".amps", contents, &path, &error);
        fired = amparo_safe_file_faults_fired ();
        amparo_safe_file_set_fault (NULL);
        g_assert_cmpuint (fired, >=, n_base);

        if (fired == n_base)
          {
            /* Past the last call of @op: a plain success */
            g_assert_no_error (error);
            g_assert_true (ok);
            assert_file_is (path, contents);
            g_assert_cmpint (g_unlink (path), ==, 0);
            break;
          }

        g_test_message ("%s -> %s", spec, error ? error->message : "(success!)");
        g_assert_false (ok);
        assert_failed_cleanly (error);
        g_assert_null (path);
        listing = dir_listing (f->dir);
        g_assert_cmpstr (listing, ==, "keep.txt");
        points++;
      }

  return points;
}
#endif

static void
test_write_new_faults_leave_nothing (Fixture       *f,
                                     gconstpointer  data)
{
#if AMPARO_ENABLE_TEST_HOOKS
  g_autoptr(GBytes) contents = make_contents (200 * 1024, "fault");
  guint total = 0;
  guint points;

  write_file (f->dir, "keep.txt", "kept");

  for (guint o = 0; o < G_N_ELEMENTS (fault_ops); o++)
    {
      points = write_new_fault_loop (f, contents, "", 0, fault_ops[o], 1);
      /* link() is only used where renameat2 is missing */
      if (!g_str_equal (fault_ops[o], "link"))
        g_assert_cmpuint (points, >, 0);
      g_test_message ("write_new: %u fault points for %s", points, fault_ops[o]);
      total += points;
    }

  /* Without renameat2: link() then unlink() */
  points = write_new_fault_loop (f, contents, "rename:ENOSYS:1", 1, "link", 1);
  g_assert_cmpuint (points, >, 0);
  g_test_message ("write_new without renameat2: %u fault points for link", points);
  total += points;

  /* Without renameat2 nor hard links (FAT): check, then rename() */
  points = write_new_fault_loop (f, contents, "rename:EINVAL:1,link:EPERM:1", 2, "rename", 2);
  g_assert_cmpuint (points, >, 0);
  g_test_message ("write_new without hard links: %u fault points for rename", points);
  total += points;

  assert_file_text (f->dir, "keep.txt", "kept");
  g_test_message ("write_new: %u fault points tried in all", total);
#else
  g_test_skip ("needs -Dtest_hooks=true");
#endif
}

#if AMPARO_ENABLE_TEST_HOOKS
static guint
n_faults (const char *spec)
{
  g_auto(GStrv) items = g_strsplit (spec, ",", -1);

  return g_strv_length (items);
}
#endif

static void
test_write_new_fault_messages (Fixture       *f,
                               gconstpointer  data)
{
#if AMPARO_ENABLE_TEST_HOOKS
  static const struct
  {
    const char *spec;
    const char *message;  /* NULL: must succeed */
  } cases[] = {
    { "write:ENOSPC:1", FULL_MSG },
    { "write:EDQUOT:1", FULL_MSG },
    { "open:EROFS:2", READ_ONLY_MSG },
    { "open:EACCES:1", READ_ONLY_MSG },
    { "rename:EPERM:1", READ_ONLY_MSG },
    { "write:ENODEV:1", REMOVED_MSG },
    { "fsync:EIO:1", REMOVED_MSG },
    { "open:ENOENT:3", REMOVED_MSG },  /* reading back: the stick is gone */
    { "read:CORRUPT:1", "Verification failed: the written file did not read back the same, "
                        "so it was removed. The drive may be failing; try another drive." },
    { "write:EINTR:1", NULL },
    { "open:EINTR:2", NULL },
    { "fsync:EINTR:1", NULL },
    { "read:EINTR:1", NULL },
    { "write:SHORT:1,write:SHORT:2,write:SHORT:3", NULL },
    { "open:EINTR:1,open:EINTR:2,fsync:EINTR:2,read:EINTR:3", NULL },
  };
  g_autoptr(GBytes) contents = make_contents (100 * 1024, "messages");

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *path = NULL;
      g_autofree char *listing = NULL;
      gboolean ok;

      amparo_safe_file_set_fault (cases[i].spec);
      ok = amparo_safe_file_write_new (f->dir, "m-", ".amps", contents, &path, &error);
      g_assert_cmpuint (amparo_safe_file_faults_fired (), ==, n_faults (cases[i].spec));
      amparo_safe_file_set_fault (NULL);

      if (cases[i].message == NULL)
        {
          g_assert_no_error (error);
          g_assert_true (ok);
          assert_file_is (path, contents);
          g_assert_cmpint (g_unlink (path), ==, 0);
        }
      else
        {
          g_assert_false (ok);
          assert_failed_cleanly (error);
          g_assert_cmpstr (error->message, ==, cases[i].message);
        }
      listing = dir_listing (f->dir);
      g_assert_cmpstr (listing, ==, "");
    }
#else
  g_test_skip ("needs -Dtest_hooks=true");
#endif
}

/* The environment variable is read at the first wrapped call, so this
 * runs in a fresh process that has not set a fault yet. */
static void
test_fault_from_environment (void)
{
#if AMPARO_ENABLE_TEST_HOOKS
  if (g_test_subprocess ())
    {
      g_autoptr(GBytes) contents = make_contents (4096, "env");
      g_autoptr(GError) error = NULL;
      g_autofree char *dir = g_dir_make_tmp ("amparo-safe-file-XXXXXX", NULL);
      g_autofree char *listing = NULL;
      gboolean ok;

      g_assert_nonnull (dir);
      g_setenv ("AMPARO_TEST_FAULT", "fsync:ENOSPC:2", TRUE);
      ok = amparo_safe_file_write_new (dir, "e-", ".amps", contents, NULL, &error);
      listing = dir_listing (dir);
      rm_rf (dir);

      g_assert_false (ok);
      g_assert_cmpuint (amparo_safe_file_faults_fired (), ==, 1);
      g_assert_cmpstr (error->message, ==, FULL_MSG);
      g_assert_cmpstr (listing, ==, "");
      return;
    }

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
#else
  g_test_skip ("needs -Dtest_hooks=true");
#endif
}

static void
test_replace_keeps_backup (Fixture       *f,
                           gconstpointer  data)
{
  g_autofree char *keys = g_build_filename (f->dir, "keys", NULL);
  g_autofree char *backup = g_build_filename (f->dir, "keys.bak", NULL);
  g_autoptr(GBytes) v1 = make_contents (3000, "version 1");
  g_autoptr(GBytes) v2 = make_contents (2000, "version 2");
  g_autoptr(GBytes) v3 = make_contents (4000, "version 3");
  g_autoptr(GError) error = NULL;
  g_autofree char *listing = NULL;
  struct stat st;

  /* No file yet: created, and there is nothing to back up */
  g_assert_true (amparo_safe_file_replace (keys, v1, backup, &error));
  g_assert_no_error (error);
  assert_file_is (keys, v1);
  g_assert_false (g_file_test (backup, G_FILE_TEST_EXISTS));

  g_assert_true (amparo_safe_file_replace (keys, v2, backup, &error));
  g_assert_no_error (error);
  assert_file_is (keys, v2);
  assert_file_is (backup, v1);

  g_assert_true (amparo_safe_file_replace (keys, v3, backup, &error));
  g_assert_no_error (error);
  assert_file_is (keys, v3);
  assert_file_is (backup, v2);

  g_assert_true (amparo_safe_file_replace (keys, v1, NULL, &error));
  g_assert_no_error (error);
  assert_file_is (keys, v1);
  assert_file_is (backup, v2);

  g_assert_cmpint (g_stat (keys, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 07777, ==, 0600);
  g_assert_cmpint (st.st_nlink, ==, 1);
  g_assert_cmpint (g_stat (backup, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 07777, ==, 0600);

  listing = dir_listing (f->dir);
  g_assert_cmpstr (listing, ==, "keys keys.bak");
}

static void
test_replace_without_hard_links (Fixture       *f,
                                 gconstpointer  data)
{
#if AMPARO_ENABLE_TEST_HOOKS
  g_autofree char *keys = g_build_filename (f->dir, "keys", NULL);
  g_autofree char *backup = g_build_filename (f->dir, "keys.bak", NULL);
  g_autoptr(GBytes) v1 = make_contents (3000, "version 1");
  g_autoptr(GBytes) v2 = make_contents (2000, "version 2");
  g_autoptr(GError) error = NULL;
  g_autofree char *listing = NULL;

  g_assert_true (amparo_safe_file_replace (keys, v1, NULL, &error));
  g_assert_no_error (error);

  /* As on FAT: link() fails with EPERM, for the backup and for the file */
  amparo_safe_file_set_fault ("link:EPERM:1,link:EPERM:2");
  g_assert_true (amparo_safe_file_replace (keys, v2, backup, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (amparo_safe_file_faults_fired (), ==, 2);
  amparo_safe_file_set_fault (NULL);

  assert_file_is (keys, v2);
  assert_file_is (backup, v1);
  listing = dir_listing (f->dir);
  g_assert_cmpstr (listing, ==, "keys keys.bak");
#else
  g_test_skip ("needs -Dtest_hooks=true");
#endif
}

static void
test_replace_full_drive_keeps_old (Fixture       *f,
                                   gconstpointer  data)
{
  g_autoptr(GBytes) old = make_contents (2000, "old");
  g_autoptr(GBytes) big = make_contents (1024 * 1024, "big");
  g_autoptr(GError) error = NULL;
  g_autofree char *keys = NULL;
  g_autofree char *listing = NULL;

  if (!mount_stick (f, "size=64k,mode=0700"))
    return;
  keys = g_build_filename (f->mnt, "keys", NULL);
  g_assert_true (amparo_safe_file_replace (keys, old, NULL, &error));
  g_assert_no_error (error);

  g_assert_false (amparo_safe_file_replace (keys, big, NULL, &error));
  assert_failed_cleanly (error);
  g_assert_cmpstr (error->message, ==, FULL_MSG);
  assert_file_is (keys, old);

  listing = dir_listing (f->mnt);
  g_assert_cmpstr (listing, ==, "keys");
}

static void
test_replace_faults_keep_old (Fixture       *f,
                              gconstpointer  data)
{
#if AMPARO_ENABLE_TEST_HOOKS
  g_autofree char *keys = g_build_filename (f->dir, "keys", NULL);
  g_autofree char *backup = g_build_filename (f->dir, "keys.bak", NULL);
  g_autoptr(GBytes) older = make_contents (1500, "older");
  g_autoptr(GBytes) old = make_contents (2500, "old");
  g_autoptr(GBytes) new = make_contents (150 * 1024, "new");
  guint total = 0;

  for (int with_backup = 0; with_backup <= 1; with_backup++)
    for (guint o = 0; o < G_N_ELEMENTS (fault_ops); o++)
      {
        guint points = 0;

        for (guint e = 0; e < G_N_ELEMENTS (fault_errnos); e++)
          for (guint nth = 1; ; nth++)
            {
              g_autofree char *spec = g_strdup_printf ("%s:%s:%u", fault_ops[o], fault_errnos[e], nth);
              g_autoptr(GError) error = NULL;
              g_autofree char *listing = NULL;
              g_autofree char *bak = NULL;
              gsize bak_len;
              gboolean ok, fired;

              g_assert_cmpuint (nth, <, 100);
              g_file_set_contents (keys, g_bytes_get_data (old, NULL), g_bytes_get_size (old), NULL);
              g_file_set_contents (backup, g_bytes_get_data (older, NULL), g_bytes_get_size (older), NULL);

              amparo_safe_file_set_fault (spec);
              ok = amparo_safe_file_replace (keys, new, with_backup ? backup : NULL, &error);
              fired = amparo_safe_file_faults_fired () > 0;
              amparo_safe_file_set_fault (NULL);

              listing = dir_listing (f->dir);
              g_assert_cmpstr (listing, ==, "keys keys.bak");

              if (!fired)
                {
                  g_assert_no_error (error);
                  g_assert_true (ok);
                  assert_file_is (keys, new);
                  assert_file_is (backup, with_backup ? old : older);
                  break;
                }

              g_test_message ("%s -> %s", spec, error ? error->message : "(success!)");
              g_assert_false (ok);
              assert_failed_cleanly (error);
              assert_file_is (keys, old);

              /* The backup is the previous backup or the current file */
              g_assert_true (g_file_get_contents (backup, &bak, &bak_len, NULL));
              g_assert_true ((bak_len == g_bytes_get_size (older) &&
                              memcmp (bak, g_bytes_get_data (older, NULL), bak_len) == 0) ||
                             (bak_len == g_bytes_get_size (old) &&
                              memcmp (bak, g_bytes_get_data (old, NULL), bak_len) == 0));
              points++;
            }

        if (!g_str_equal (fault_ops[o], "read") || with_backup)
          g_assert_cmpuint (points, >, 0);
        g_test_message ("replace%s: %u fault points for %s",
                        with_backup ? " with backup" : "", points, fault_ops[o]);
        total += points;
      }

  g_test_message ("replace: %u fault points tried in all", total);
#else
  g_test_skip ("needs -Dtest_hooks=true");
#endif
}

static void
test_read_refuses_large_files (Fixture       *f,
                               gconstpointer  data)
{
  g_autofree char *small = g_build_filename (f->dir, "small", NULL);
  g_autofree char *empty = g_build_filename (f->dir, "empty", NULL);
  g_autofree char *missing = g_build_filename (f->dir, "missing", NULL);
  g_autoptr(GBytes) contents = make_contents (1000, "read");
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (amparo_safe_file_replace (small, contents, NULL, &error));
  g_assert_no_error (error);
  write_file (f->dir, "empty", "");

  bytes = amparo_safe_file_read (small, 1000, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (bytes, contents));
  g_clear_pointer (&bytes, g_bytes_unref);

  bytes = amparo_safe_file_read (small, 999, &error);
  g_assert_error (error, AMPARO_ERROR, AMPARO_ERROR_TOO_LARGE);
  g_assert_null (bytes);
  g_clear_error (&error);

  bytes = amparo_safe_file_read (empty, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_bytes_get_size (bytes), ==, 0);
  g_clear_pointer (&bytes, g_bytes_unref);

  bytes = amparo_safe_file_read (missing, 1000, &error);
  g_assert_error (error, AMPARO_ERROR, AMPARO_ERROR_NOT_FOUND);
  g_assert_null (bytes);
  g_clear_error (&error);

  bytes = amparo_safe_file_read (f->dir, 1000, &error);
  g_assert_error (error, AMPARO_ERROR, AMPARO_ERROR_IO);
  g_assert_null (bytes);
  g_clear_error (&error);
}

/* /proc files claim size 0 but hold more: the stand-in for a file that
 * grows between fstat() and read() */
static void
test_read_stops_at_limit_when_size_lies (Fixture       *f,
                                         gconstpointer  data)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  struct stat st;

  if (g_stat ("/proc/self/status", &st) < 0 || st.st_size != 0)
    {
      g_test_skip ("no /proc/self/status of size 0");
      return;
    }

  bytes = amparo_safe_file_read ("/proc/self/status", 64, &error);
  g_assert_error (error, AMPARO_ERROR, AMPARO_ERROR_TOO_LARGE);
  g_assert_null (bytes);
  g_clear_error (&error);

  bytes = amparo_safe_file_read ("/proc/self/status", 1024 * 1024, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_bytes_get_size (bytes), >, 64);
  g_assert_nonnull (g_strstr_len (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), "Pid:"));
}

static void
test_fsync_directory (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *missing = g_build_filename (f->dir, "missing", NULL);
  g_autoptr(GError) error = NULL;

  g_assert_true (amparo_fsync_directory (f->dir, &error));
  g_assert_no_error (error);

  g_assert_false (amparo_fsync_directory (missing, &error));
  g_assert_error (error, AMPARO_ERROR, AMPARO_ERROR_IO);
  g_clear_error (&error);

#if AMPARO_ENABLE_TEST_HOOKS
  amparo_safe_file_set_fault ("fsync:EIO:1");
  g_assert_false (amparo_fsync_directory (f->dir, &error));
  g_assert_cmpuint (amparo_safe_file_faults_fired (), ==, 1);
  g_assert_error (error, AMPARO_ERROR, AMPARO_ERROR_IO);
  g_assert_cmpstr (error->message, ==, REMOVED_MSG);
#endif
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/safe-file/write-new/private-verified-file", test_write_new_creates_private_verified_file);
  ADD ("/safe-file/write-new/never-overwrites", test_write_new_never_overwrites);
  ADD ("/safe-file/write-new/collision-picks-another-name", test_write_new_collision_picks_another_name);
  ADD ("/safe-file/write-new/full-drive", test_write_new_full_drive);
  ADD ("/safe-file/write-new/read-only-drive", test_write_new_read_only_drive);
  ADD ("/safe-file/write-new/missing-folder", test_write_new_missing_folder);
  ADD ("/safe-file/write-new/faults-leave-nothing", test_write_new_faults_leave_nothing);
  ADD ("/safe-file/write-new/fault-messages", test_write_new_fault_messages);
  g_test_add_func ("/safe-file/write-new/fault-from-environment", test_fault_from_environment);
  ADD ("/safe-file/replace/keeps-backup", test_replace_keeps_backup);
  ADD ("/safe-file/replace/without-hard-links", test_replace_without_hard_links);
  ADD ("/safe-file/replace/full-drive-keeps-old", test_replace_full_drive_keeps_old);
  ADD ("/safe-file/replace/faults-keep-old", test_replace_faults_keep_old);
  ADD ("/safe-file/read/refuses-large-files", test_read_refuses_large_files);
  ADD ("/safe-file/read/stops-at-limit-when-size-lies", test_read_stops_at_limit_when_size_lies);
  ADD ("/safe-file/fsync-directory", test_fsync_directory);
#undef ADD

  return g_test_run ();
}
