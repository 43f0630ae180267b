/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "AmparoSafeFile"

#include <string.h>
#include <sys/stat.h>

#include <glib/gi18n.h>

#include "amparo-error.h"
#include "amparo-safe-file.h"
#include "amparo-safe-file-private.h"

#define PART_RANDOM_LEN 12
#define MAX_NAME_TRIES  100
#define IO_CHUNK        (64 * 1024)

/* Helpers: each returns FALSE or -1 with errno set */

static int
open_retry (int         dirfd,
            const char *name,
            int         flags,
            mode_t      mode)
{
  int fd;

  do
    fd = sf_openat (dirfd, name, flags, mode);
  while (fd < 0 && errno == EINTR);

  return fd;
}

static int
open_dir (const char *dir)
{
  return open_retry (AT_FDCWD, dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0);
}

static gboolean
write_all (int           fd,
           const guint8 *data,
           gsize         len)
{
  while (len > 0)
    {
      ssize_t n = sf_write (fd, data, MIN (len, (gsize) G_MAXSSIZE));

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        return FALSE;
      if (n == 0)
        {
          errno = EIO;
          return FALSE;
        }

      data += n;
      len -= n;
    }

  return TRUE;
}

static ssize_t
read_retry (int    fd,
            void  *buf,
            size_t len)
{
  ssize_t n;

  do
    n = sf_read (fd, buf, len);
  while (n < 0 && errno == EINTR);

  return n;
}

static gboolean
fsync_retry (int fd)
{
  int r;

  do
    r = sf_fsync (fd);
  while (r < 0 && errno == EINTR);

  return r == 0;
}

/* For descriptors we wrote to; read-only ones use plain close(). */
static gboolean
close_checked (int fd)
{
  /* EINTR: Linux has closed the descriptor, and the data was synced before */
  return sf_close (fd) == 0 || errno == EINTR;
}

static gboolean
fsync_dirfd (int dirfd)
{
  if (fsync_retry (dirfd))
    return TRUE;

  /* Some file systems (some FUSE and network ones) cannot sync a directory */
  return errno == EINVAL || errno == EOPNOTSUPP;
}

static char *
random_name (const char *prefix,
             gsize       n_random,
             const char *suffix)
{
  char letters[32];

  g_assert (n_random < sizeof letters);
  amparo_safe_file_random_chars (letters, n_random);

  return g_strconcat (prefix, letters, suffix, NULL);
}

static int
create_exclusive (int          dirfd,
                  const char  *prefix,
                  const char  *suffix,
                  char       **out_name)
{
  for (guint i = 0; i < MAX_NAME_TRIES; i++)
    {
      g_autofree char *name = random_name (prefix, PART_RANDOM_LEN, suffix);
      int fd;

      fd = open_retry (dirfd, name,
                       O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC | O_NOFOLLOW | O_NOCTTY,
                       0600);
      if (fd >= 0)
        {
          *out_name = g_steal_pointer (&name);
          return fd;
        }
      if (errno != EEXIST)
        return -1;
    }

  return fail_errno (EEXIST);
}

typedef enum
{
  STAGE_START,    /* opening the destination folder */
  STAGE_WRITING,
} Stage;

static void
set_write_error (GError **error,
                 int      errsv,
                 Stage    stage)
{
  switch (errsv)
    {
    case ENOSPC:
    case EDQUOT:
      g_set_error_literal (error, AMPARO_ERROR, AMPARO_ERROR_IO,
                           _("The destination is full: the file was not written. "
                             "Free some space or use another drive."));
      return;

    case EROFS:
    case EACCES:
    case EPERM:
      g_set_error_literal (error, AMPARO_ERROR, AMPARO_ERROR_IO,
                           _("The destination is read-only or not writable: "
                             "the file was not written."));
      return;

    case ENOENT:
    case ENOTDIR:
      if (stage == STAGE_START)
        {
          g_set_error_literal (error, AMPARO_ERROR, AMPARO_ERROR_IO,
                               _("The destination folder was not found: the file was not "
                                 "written. Check that the drive is connected."));
          return;
        }
      G_GNUC_FALLTHROUGH;
    case ENODEV:
    case ENXIO:
    case EIO:
    case ESTALE:
    case ENOTCONN:
      g_set_error_literal (error, AMPARO_ERROR, AMPARO_ERROR_IO,
                           _("The drive was removed or failed during writing: the file "
                             "was not written. Check the drive and try again."));
      return;

    case EEXIST:
      g_set_error_literal (error, AMPARO_ERROR, AMPARO_ERROR_IO,
                           _("No free file name was found in the destination: "
                             "the file was not written."));
      return;

    default:
      /* Translators: %s is a system error description */
      g_set_error (error, AMPARO_ERROR, AMPARO_ERROR_IO,
                   _("The file was not written: %s."), g_strerror (errsv));
      return;
    }
}

/* Moves @from to @to in @dirfd without ever replacing an existing @to.
 * *strategy starts at MOVE_RENAMEAT2 and falls back for file systems that
 * lack an operation; it persists across candidate names. */
typedef enum
{
  MOVE_RENAMEAT2,
  MOVE_LINK,
  MOVE_CHECK_THEN_RENAME,
} MoveStrategy;

static int
move_no_replace (int           dirfd,
                 const char   *from,
                 const char   *to,
                 MoveStrategy *strategy)
{
  for (;;)
    {
      switch (*strategy)
        {
        case MOVE_RENAMEAT2:
          if (sf_rename_noreplace (dirfd, from, to) == 0)
            return 0;
          if (errno != ENOSYS && errno != EINVAL && errno != EOPNOTSUPP)
            return -1;
          g_debug ("renameat2 not supported here, falling back to link");
          *strategy = MOVE_LINK;
          break;

        case MOVE_LINK:
          if (sf_linkat (dirfd, from, to) == 0)
            {
              int errsv;

              if (unlinkat (dirfd, from, 0) == 0)
                return 0;
              errsv = errno;
              unlinkat (dirfd, to, 0);
              return fail_errno (errsv);
            }
          /* FAT returns EPERM: it has no hard links */
          if (errno != EPERM && errno != EOPNOTSUPP && errno != ENOSYS)
            return -1;
          g_debug ("Hard links not supported here, falling back to check and rename");
          *strategy = MOVE_CHECK_THEN_RENAME;
          break;

        case MOVE_CHECK_THEN_RENAME:
          {
            struct stat st;

            if (fstatat (dirfd, to, &st, AT_SYMLINK_NOFOLLOW) == 0)
              return fail_errno (EEXIST);
            if (errno != ENOENT)
              return -1;
            return sf_renameat (dirfd, from, to);
          }

        default:
          g_assert_not_reached ();
        }
    }
}

/* Reads @name back and compares it with @data. Returns FALSE with errno
 * set if reading failed, otherwise sets *matches. */
static gboolean
read_back (int           dirfd,
           const char   *name,
           const guint8 *data,
           gsize         len,
           gboolean     *matches)
{
  g_autofree guint8 *buf = g_malloc (IO_CHUNK);
  gsize done = 0;
  int fd;

  fd = open_retry (dirfd, name, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NOCTTY, 0);
  if (fd < 0)
    return FALSE;

  /* The pages are clean after fsync(), so this drops them and the read
   * below comes from the drive rather than from memory. */
  posix_fadvise (fd, 0, 0, POSIX_FADV_DONTNEED);

  *matches = TRUE;
  for (;;)
    {
      ssize_t n = read_retry (fd, buf, IO_CHUNK);

      if (n < 0)
        {
          int errsv = errno;

          close (fd);
          errno = errsv;
          return FALSE;
        }
      if (n == 0)
        break;
      if ((gsize) n > len - done || memcmp (buf, data + done, n) != 0)
        {
          *matches = FALSE;
          break;
        }
      done += n;
    }
  close (fd);

  if (done != len)
    *matches = FALSE;

  return TRUE;
}

typedef struct
{
  int       dirfd;
  char     *part_name;   /* ours, to remove on failure */
  char     *final_name;  /* ours, to remove on failure */
  gboolean  may_remain;  /* a complete file may survive under its final name */
} NewFile;

static void
new_file_clear (NewFile *nf)
{
  if (nf->dirfd >= 0)
    close (nf->dirfd);
  g_clear_pointer (&nf->part_name, g_free);
  g_clear_pointer (&nf->final_name, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (NewFile, new_file_clear)

static void
new_file_discard (NewFile *nf)
{
  if (nf->part_name != NULL)
    unlinkat (nf->dirfd, nf->part_name, 0);
  /* Once renamed, the file is only surely gone when its removal has
   * reached the drive: a stick pulled now may still show it later. */
  if (nf->final_name != NULL
      && ((unlinkat (nf->dirfd, nf->final_name, 0) < 0 && errno != ENOENT)
          || !fsync_dirfd (nf->dirfd)))
    nf->may_remain = TRUE;
  g_clear_pointer (&nf->part_name, g_free);
  g_clear_pointer (&nf->final_name, g_free);
}

static gboolean
new_file_fail (NewFile     *nf,
               const char  *step,
               int          errsv,
               GError     **error)
{
  g_debug ("Writing a new file failed at %s: %s", step, g_strerror (errsv));
  new_file_discard (nf);
  set_write_error (error, errsv, STAGE_WRITING);

  return FALSE;
}

static gboolean
new_file_move (NewFile    *nf,
               const char *prefix,
               const char *suffix)
{
  MoveStrategy strategy = MOVE_RENAMEAT2;

  for (guint i = 0; i < MAX_NAME_TRIES; i++)
    {
      g_autofree char *name = random_name (prefix, AMPARO_SAFE_FILE_NAME_RANDOM_LEN, suffix);

      if (move_no_replace (nf->dirfd, nf->part_name, name, &strategy) == 0)
        {
          g_clear_pointer (&nf->part_name, g_free);
          nf->final_name = g_steal_pointer (&name);
          return TRUE;
        }
      if (errno != EEXIST)
        return FALSE;
    }

  errno = EEXIST;
  return FALSE;
}

/* Replacing a file: the new contents go to a temporary file which is then
 * renamed over the target. While that happens, an extra hard link keeps
 * the previous file so it can be put back if the directory sync fails. */
typedef struct
{
  int   dirfd;
  char *tmp_name;  /* ours, to remove on failure */
  char *old_name;  /* extra link to the previous target, to remove */
} Swap;

static void
swap_clear (Swap *sw)
{
  if (sw->dirfd >= 0)
    close (sw->dirfd);
  g_clear_pointer (&sw->tmp_name, g_free);
  g_clear_pointer (&sw->old_name, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Swap, swap_clear)

static gboolean
swap_fail (Swap        *sw,
           const char  *step,
           int          errsv,
           GError     **error)
{
  g_debug ("Replacing a file failed at %s: %s", step, g_strerror (errsv));
  if (sw->tmp_name != NULL)
    unlinkat (sw->dirfd, sw->tmp_name, 0);
  if (sw->old_name != NULL)
    unlinkat (sw->dirfd, sw->old_name, 0);
  set_write_error (error, errsv, STAGE_WRITING);

  return FALSE;
}

/* Sets *had_old to whether @base exists; links it to sw->old_name when
 * the file system allows. */
static gboolean
swap_keep_old (Swap       *sw,
               const char *base,
               gboolean   *had_old)
{
  g_autofree char *prefix = g_strconcat (base, ".old-", NULL);
  struct stat st;

  for (guint i = 0; i < MAX_NAME_TRIES; i++)
    {
      g_autofree char *name = random_name (prefix, PART_RANDOM_LEN, "");

      if (sf_linkat (sw->dirfd, base, name) == 0)
        {
          sw->old_name = g_steal_pointer (&name);
          *had_old = TRUE;
          return TRUE;
        }
      if (errno == ENOENT)
        {
          *had_old = FALSE;
          return TRUE;
        }
      if (errno != EEXIST)
        break;
    }

  if (errno != EPERM && errno != EOPNOTSUPP && errno != ENOSYS && errno != EMLINK)
    return FALSE;

  /* No hard links here: replace without a way back */
  if (fstatat (sw->dirfd, base, &st, AT_SYMLINK_NOFOLLOW) == 0)
    *had_old = TRUE;
  else if (errno == ENOENT)
    *had_old = FALSE;
  else
    return FALSE;

  return TRUE;
}

/* Atomically replaces @target with @data, or with what @src_fd reads if
 * it is not -1. */
static gboolean
swap_in (const char    *target,
         int            src_fd,
         const guint8  *data,
         gsize          len,
         GError       **error)
{
  g_auto(Swap) sw = { -1, NULL, NULL };
  g_autofree char *dir = g_path_get_dirname (target);
  g_autofree char *base = g_path_get_basename (target);
  g_autofree char *tmp_prefix = g_strconcat (base, ".tmp-", NULL);
  gboolean had_old = FALSE;
  gboolean ok;
  int errsv;
  int fd;

  sw.dirfd = open_dir (dir);
  if (sw.dirfd < 0)
    {
      errsv = errno;
      g_debug ("Opening the folder failed: %s", g_strerror (errsv));
      set_write_error (error, errsv, STAGE_START);
      return FALSE;
    }

  fd = create_exclusive (sw.dirfd, tmp_prefix, "", &sw.tmp_name);
  if (fd < 0)
    return swap_fail (&sw, "create", errno, error);

  if (src_fd >= 0)
    {
      g_autofree guint8 *buf = g_malloc (IO_CHUNK);
      ssize_t n;

      while ((n = read_retry (src_fd, buf, IO_CHUNK)) > 0)
        if (!write_all (fd, buf, n))
          break;
      ok = n == 0;
    }
  else
    {
      ok = write_all (fd, data, len);
    }

  if (!ok || !fsync_retry (fd))
    {
      errsv = errno;
      close (fd);
      return swap_fail (&sw, "write", errsv, error);
    }
  if (!close_checked (fd))
    return swap_fail (&sw, "close", errno, error);

  if (!swap_keep_old (&sw, base, &had_old))
    return swap_fail (&sw, "link", errno, error);

  if (sf_renameat (sw.dirfd, sw.tmp_name, base) < 0)
    return swap_fail (&sw, "rename", errno, error);
  g_clear_pointer (&sw.tmp_name, g_free);

  if (!fsync_dirfd (sw.dirfd))
    {
      errsv = errno;

      /* The new file may not be durable: put the old one back so that a
       * failure always means "nothing changed". */
      if (sw.old_name != NULL)
        {
          if (sf_renameat (sw.dirfd, sw.old_name, base) < 0)
            g_debug ("Could not restore the previous file: %s", g_strerror (errno));
          /* Either moved back, or the only copy left: never unlink it */
          g_clear_pointer (&sw.old_name, g_free);
        }
      else if (!had_old)
        {
          unlinkat (sw.dirfd, base, 0);
        }
      fsync (sw.dirfd);

      return swap_fail (&sw, "folder sync", errsv, error);
    }

  if (sw.old_name != NULL && unlinkat (sw.dirfd, sw.old_name, 0) < 0)
    g_debug ("Could not remove the link to the previous file: %s", g_strerror (errno));

  return TRUE;
}

/* The steps of amparo_safe_file_write_new_full() once the folder is open */
static gboolean
new_file_write (NewFile       *nf,
                const char    *prefix,
                const char    *suffix,
                const guint8  *data,
                gsize          len,
                GError       **error)
{
  g_autofree char *part_suffix = g_strconcat (suffix, ".part", NULL);
  gboolean matches;
  int errsv;
  int fd;

  fd = create_exclusive (nf->dirfd, ".", part_suffix, &nf->part_name);
  if (fd < 0)
    return new_file_fail (nf, "create", errno, error);

  if (!write_all (fd, data, len) || !fsync_retry (fd))
    {
      errsv = errno;
      close (fd);
      return new_file_fail (nf, "write", errsv, error);
    }
  if (!close_checked (fd))
    return new_file_fail (nf, "close", errno, error);

  if (!new_file_move (nf, prefix, suffix))
    return new_file_fail (nf, "rename", errno, error);

  if (!fsync_dirfd (nf->dirfd))
    return new_file_fail (nf, "folder sync", errno, error);

  if (!read_back (nf->dirfd, nf->final_name, data, len, &matches))
    return new_file_fail (nf, "read back", errno, error);

  if (!matches)
    {
      g_debug ("Writing a new file failed: it read back differently");
      new_file_discard (nf);
      g_set_error_literal (error, AMPARO_ERROR, AMPARO_ERROR_IO,
                           _("Verification failed: the written file did not read back the "
                             "same, so it was removed. The drive may be failing; try "
                             "another drive."));
      return FALSE;
    }

  return TRUE;
}

/**
 * amparo_safe_file_write_new:
 * @dir: the destination folder, such as a USB stick or a shared drive
 * @name_prefix: (nullable): start of the file name; no `/`
 * @suffix: (nullable): end of the file name, such as `.amps`; no `/`
 * @contents: what to write
 * @out_path: (out) (optional): where the file was written
 * @error: return location for a #GError
 *
 * Writes @contents to a new file named @name_prefix, eight random
 * characters from %AMPARO_SAFE_FILE_NAME_ALPHABET, then @suffix. An
 * existing file is never replaced. Made for drives without a journal
 * (FAT): the data goes to a hidden `.part` file first, is synced, renamed
 * to the final name, the folder is synced and the file is read back and
 * compared.
 *
 * The hidden file is named a dot, twelve random characters from
 * %AMPARO_SAFE_FILE_NAME_ALPHABET, @suffix and `.part`: if the process is
 * killed while writing, amparo_safe_file_remove_stale_parts() recognises
 * it later.
 *
 * On failure no file of ours is left behind and @error (%AMPARO_ERROR_IO)
 * says what happened in words: full, read-only, drive removed, or the
 * verification failed.
 *
 * Returns: %TRUE if the file was written and verified
 */
gboolean
amparo_safe_file_write_new (const char  *dir,
                            const char  *name_prefix,
                            const char  *suffix,
                            GBytes      *contents,
                            char       **out_path,
                            GError     **error)
{
  return amparo_safe_file_write_new_full (dir, name_prefix, suffix, contents, out_path, NULL,
                                          error);
}

/**
 * amparo_safe_file_write_new_full:
 * @dir: the destination folder
 * @name_prefix: (nullable): start of the file name; no `/`
 * @suffix: (nullable): end of the file name; no `/`
 * @contents: what to write
 * @out_path: (out) (optional): where the file was written
 * @out_may_remain: (out) (optional): on failure, whether the complete file
 *   may still be found under a final name later
 * @error: return location for a #GError
 *
 * As amparo_safe_file_write_new(). A failure after the file got its
 * final name removes it again, but if that removal cannot be made durable
 * either (the drive is gone) the file may reappear when the drive is
 * plugged back in; *@out_may_remain then says so, for callers that number
 * their files and must not hand that number out again.
 *
 * Returns: %TRUE if the file was written and verified
 */
gboolean
amparo_safe_file_write_new_full (const char  *dir,
                                 const char  *name_prefix,
                                 const char  *suffix,
                                 GBytes      *contents,
                                 char       **out_path,
                                 gboolean    *out_may_remain,
                                 GError     **error)
{
  g_auto(NewFile) nf = { -1, NULL, NULL, FALSE };
  const guint8 *data;
  gsize len;
  int errsv;

  g_return_val_if_fail (dir != NULL, FALSE);
  g_return_val_if_fail (name_prefix == NULL || strchr (name_prefix, '/') == NULL, FALSE);
  g_return_val_if_fail (suffix == NULL || strchr (suffix, '/') == NULL, FALSE);
  g_return_val_if_fail (contents != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  data = g_bytes_get_data (contents, &len);
  if (out_may_remain != NULL)
    *out_may_remain = FALSE;

  nf.dirfd = open_dir (dir);
  if (nf.dirfd < 0)
    {
      errsv = errno;
      g_debug ("Opening the destination folder failed: %s", g_strerror (errsv));
      set_write_error (error, errsv, STAGE_START);
      return FALSE;
    }

  if (!new_file_write (&nf, name_prefix ? name_prefix : "", suffix ? suffix : "", data, len,
                       error))
    {
      if (out_may_remain != NULL)
        *out_may_remain = nf.may_remain;
      return FALSE;
    }

  if (out_path != NULL)
    *out_path = g_build_filename (dir, nf.final_name, NULL);

  return TRUE;
}

/* Whether @name is exactly a hidden file amparo_safe_file_write_new()
 * makes for @suffix: a dot, PART_RANDOM_LEN characters of the alphabet,
 * @suffix, `.part`. */
static gboolean
is_part_name (const char *name,
              const char *suffix)
{
  gsize suffix_len = strlen (suffix);

  if (name[0] != '.')
    return FALSE;
  for (guint i = 1; i <= PART_RANDOM_LEN; i++)
    if (name[i] == '\0' || strchr (AMPARO_SAFE_FILE_NAME_ALPHABET, name[i]) == NULL)
      return FALSE;
  name += 1 + PART_RANDOM_LEN;
  return strncmp (name, suffix, suffix_len) == 0 && g_str_equal (name + suffix_len, ".part");
}

/**
 * amparo_safe_file_remove_stale_parts:
 * @dir: a folder amparo_safe_file_write_new() writes to
 * @suffix: the suffix it was given there, such as `.amps`; not empty
 * @min_age: seconds since a file was last written before it counts as
 *   abandoned
 *
 * A process killed while amparo_safe_file_write_new() writes leaves its
 * hidden `.part` file behind, on a stick that may go anywhere. This
 * removes such leftovers: regular files named exactly as
 * amparo_safe_file_write_new() names them for @suffix and not written to
 * for @min_age seconds, so that a write going on right now in another
 * process is left alone. Nothing else in the folder is touched, and
 * failures are ignored: this is tidying, not part of any write.
 *
 * Returns: how many files were removed
 */
guint
amparo_safe_file_remove_stale_parts (const char *dir,
                                     const char *suffix,
                                     gint64      min_age)
{
  g_autoptr(GDir) d = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  const char *name;
  guint removed = 0;
  int dirfd;

  g_return_val_if_fail (dir != NULL, 0);
  g_return_val_if_fail (suffix != NULL && *suffix != '\0' && strchr (suffix, '/') == NULL, 0);

  /* plain calls, not the sf_*() ones: tidying is no step of a write
   * that fault tests would count */
  d = g_dir_open (dir, 0, NULL);
  if (d == NULL)
    return 0;
  dirfd = open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dirfd < 0)
    return 0;

  while ((name = g_dir_read_name (d)) != NULL)
    {
      struct stat st;

      if (!is_part_name (name, suffix))
        continue;
      if (fstatat (dirfd, name, &st, AT_SYMLINK_NOFOLLOW) < 0 || !S_ISREG (st.st_mode)
          || now - st.st_mtime <= min_age)
        continue;
      if (unlinkat (dirfd, name, 0) == 0)
        removed++;
      else
        g_debug ("Could not remove an unfinished file: %s", g_strerror (errno));
    }
  if (removed > 0)
    fsync (dirfd);
  close (dirfd);

  return removed;
}

/**
 * amparo_safe_file_replace:
 * @path: the file to replace; it need not exist yet
 * @contents: the new contents
 * @backup_path: (nullable): where to keep a copy of the current file
 * @error: return location for a #GError
 *
 * Atomically replaces @path with @contents (mode 0600). If @backup_path is
 * given and @path exists, the current file is first copied to
 * @backup_path, itself replaced atomically.
 *
 * Whenever the process or the machine stops, @path holds either the old
 * or the new complete file. On failure (%AMPARO_ERROR_IO) @path is left as
 * it was and the temporary files are removed; the backup may already hold
 * the current file. (Only on a file system without hard links can a
 * failed folder sync after the rename leave the new file in place.) Temporary names start with the file name followed by
 * `.tmp-` or `.old-`; any found later are leftovers of a crash.
 *
 * Returns: %TRUE if @path now holds @contents
 */
gboolean
amparo_safe_file_replace (const char  *path,
                          GBytes      *contents,
                          const char  *backup_path,
                          GError     **error)
{
  const guint8 *data;
  gsize len;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (contents != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (backup_path != NULL)
    {
      gboolean ok;
      int src;

      src = open_retry (AT_FDCWD, path, O_RDONLY | O_CLOEXEC | O_NOCTTY, 0);
      if (src < 0 && errno != ENOENT)
        {
          int errsv = errno;

          g_debug ("Opening the file to back up failed: %s", g_strerror (errsv));
          set_write_error (error, errsv, STAGE_WRITING);
          return FALSE;
        }
      if (src >= 0)
        {
          ok = swap_in (backup_path, src, NULL, 0, error);
          close (src);
          if (!ok)
            return FALSE;
        }
    }

  data = g_bytes_get_data (contents, &len);

  return swap_in (path, -1, data, len, error);
}

/**
 * amparo_safe_file_create:
 * @path: a file that must not exist yet
 * @contents: what to write
 * @error: return location for a #GError
 *
 * Writes @contents to a new file at @path (mode 0600) and syncs it to
 * the drive. Made for files inside a folder that is itself still hidden
 * under a temporary name (a backup being written): the file's own name
 * is final, so the folder's rename is what makes it visible. An existing
 * file is never replaced. On failure the new file is removed and @error
 * (%AMPARO_ERROR_IO) says what happened, as for amparo_safe_file_write_new().
 *
 * Returns: %TRUE if the file was written and synced
 */
gboolean
amparo_safe_file_create (const char  *path,
                         GBytes      *contents,
                         GError     **error)
{
  g_autofree char *dir = NULL;
  g_autofree char *base = NULL;
  const guint8 *data;
  gsize len;
  int dirfd;
  int errsv;
  int fd;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (contents != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  dir = g_path_get_dirname (path);
  base = g_path_get_basename (path);
  data = g_bytes_get_data (contents, &len);

  dirfd = open_dir (dir);
  if (dirfd < 0)
    {
      set_write_error (error, errno, STAGE_START);
      return FALSE;
    }

  fd = open_retry (dirfd, base,
                   O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC | O_NOFOLLOW | O_NOCTTY, 0600);
  if (fd < 0)
    {
      errsv = errno;
      close (dirfd);
      g_debug ("Creating a file failed: %s", g_strerror (errsv));
      set_write_error (error, errsv, STAGE_WRITING);
      return FALSE;
    }

  if (!write_all (fd, data, len) || !fsync_retry (fd))
    {
      errsv = errno;
      close (fd);
      goto fail;
    }
  if (!close_checked (fd))
    {
      errsv = errno;
      goto fail;
    }
  close (dirfd);
  return TRUE;

fail:
  g_debug ("Writing a file failed: %s", g_strerror (errsv));
  unlinkat (dirfd, base, 0);
  close (dirfd);
  set_write_error (error, errsv, STAGE_WRITING);
  return FALSE;
}

/**
 * amparo_safe_file_sync:
 * @path: a regular file
 * @error: return location for a #GError
 *
 * Makes the contents of @path durable, for files written by others (such
 * as SQLite) that are about to be given their final name.
 *
 * Returns: %TRUE on success, %FALSE with %AMPARO_ERROR_IO
 */
gboolean
amparo_safe_file_sync (const char  *path,
                       GError     **error)
{
  int errsv;
  int fd;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  fd = open_retry (AT_FDCWD, path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NOCTTY, 0);
  if (fd < 0)
    {
      set_write_error (error, errno, STAGE_WRITING);
      return FALSE;
    }
  if (!fsync_retry (fd))
    {
      errsv = errno;
      close (fd);
      set_write_error (error, errsv, STAGE_WRITING);
      return FALSE;
    }
  close (fd);
  return TRUE;
}

/**
 * amparo_safe_file_rename_new:
 * @from: a file or folder
 * @to: its new name in the same folder; must not exist
 * @error: return location for a #GError
 *
 * Renames @from to @to without ever replacing an existing @to (where the
 * file system cannot promise that, it checks first). The caller syncs the
 * folder afterwards.
 *
 * Returns: %TRUE on success, %FALSE with %AMPARO_ERROR_IO
 */
gboolean
amparo_safe_file_rename_new (const char  *from,
                             const char  *to,
                             GError     **error)
{
  struct stat st;
  int errsv;

  g_return_val_if_fail (from != NULL && to != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (sf_rename_noreplace (AT_FDCWD, from, to) == 0)
    return TRUE;
  errsv = errno;
  if (errsv == ENOSYS || errsv == EINVAL || errsv == EOPNOTSUPP)
    {
      if (fstatat (AT_FDCWD, to, &st, AT_SYMLINK_NOFOLLOW) == 0)
        errsv = EEXIST;
      else if (sf_renameat (AT_FDCWD, from, to) == 0)
        return TRUE;
      else
        errsv = errno;
    }
  g_debug ("Renaming failed: %s", g_strerror (errsv));
  set_write_error (error, errsv, STAGE_WRITING);
  return FALSE;
}

/**
 * amparo_safe_file_read:
 * @path: the file to read
 * @max_size: the largest size accepted, below %G_MAXSIZE
 * @error: return location for a #GError
 *
 * Reads a whole regular file, refusing it before allocating if it is
 * larger than @max_size, and never reading more than @max_size + 1 bytes
 * of a file that grows meanwhile.
 *
 * Returns: (transfer full): the contents, or %NULL with %AMPARO_ERROR_NOT_FOUND,
 *   %AMPARO_ERROR_TOO_LARGE or %AMPARO_ERROR_IO
 */
GBytes *
amparo_safe_file_read (const char  *path,
                       gsize        max_size,
                       GError     **error)
{
  g_autofree guint8 *buf = NULL;
  struct stat st;
  gsize cap;
  gsize len = 0;
  int errsv;
  int fd;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (max_size < G_MAXSIZE, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* O_NONBLOCK: a FIFO put in place of the file must not hang us */
  fd = open_retry (AT_FDCWD, path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK, 0);
  if (fd < 0)
    {
      errsv = errno;
      if (errsv == ENOENT || errsv == ENOTDIR)
        g_set_error_literal (error, AMPARO_ERROR, AMPARO_ERROR_NOT_FOUND,
                             _("The file was not found."));
      else
        g_set_error (error, AMPARO_ERROR, AMPARO_ERROR_IO,
                     _("The file could not be read: %s."), g_strerror (errsv));
      return NULL;
    }

  if (fstat (fd, &st) < 0 || !S_ISREG (st.st_mode))
    {
      close (fd);
      g_set_error_literal (error, AMPARO_ERROR, AMPARO_ERROR_IO,
                           _("The file could not be read: it is not a regular file."));
      return NULL;
    }

  if ((guint64) st.st_size > max_size)
    {
      close (fd);
      g_set_error_literal (error, AMPARO_ERROR, AMPARO_ERROR_TOO_LARGE,
                           _("The file is larger than allowed and was not read."));
      return NULL;
    }

  cap = (gsize) st.st_size + 1;
  buf = g_malloc (cap);

  for (;;)
    {
      ssize_t n;

      if (len == cap)
        {
          if (len > max_size)
            {
              close (fd);
              g_set_error_literal (error, AMPARO_ERROR, AMPARO_ERROR_TOO_LARGE,
                                   _("The file is larger than allowed and was not read."));
              return NULL;
            }
          cap = (max_size + 1) - cap <= cap ? max_size + 1 : cap * 2;
          buf = g_realloc (buf, cap);
        }

      n = read_retry (fd, buf + len, cap - len);
      if (n < 0)
        {
          errsv = errno;
          close (fd);
          g_set_error (error, AMPARO_ERROR, AMPARO_ERROR_IO,
                       _("The file could not be read: %s."), g_strerror (errsv));
          return NULL;
        }
      if (n == 0)
        break;
      len += n;
    }
  close (fd);

  return g_bytes_new_take (g_steal_pointer (&buf), len);
}

/**
 * amparo_fsync_directory:
 * @dir: a folder
 * @error: return location for a #GError
 *
 * Makes the folder's entries (new, renamed or removed files) durable.
 * File systems that cannot sync a folder count as success.
 *
 * Returns: %TRUE on success, %FALSE with %AMPARO_ERROR_IO
 */
gboolean
amparo_fsync_directory (const char  *dir,
                        GError     **error)
{
  int errsv;
  int fd;

  g_return_val_if_fail (dir != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  fd = open_dir (dir);
  if (fd < 0)
    {
      set_write_error (error, errno, STAGE_START);
      return FALSE;
    }

  if (!fsync_dirfd (fd))
    {
      errsv = errno;
      close (fd);
      set_write_error (error, errsv, STAGE_WRITING);
      return FALSE;
    }
  close (fd);

  return TRUE;
}
