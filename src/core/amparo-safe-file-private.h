/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* Shared by amparo-safe-file.c and amparo-safe-file-fault.c only. */

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <glib.h>

G_BEGIN_DECLS

#ifndef RENAME_NOREPLACE
# define RENAME_NOREPLACE (1 << 0)
#endif

/* Every call that can lose data goes through a sf_*() wrapper so tests
 * can make it fail; in product builds FAULT_HIT() is a constant FALSE and
 * the wrappers reduce to the plain calls. */
typedef enum
{
  AMPARO_SAFE_FILE_OP_OPEN,
  AMPARO_SAFE_FILE_OP_READ,
  AMPARO_SAFE_FILE_OP_WRITE,
  AMPARO_SAFE_FILE_OP_FSYNC,
  AMPARO_SAFE_FILE_OP_CLOSE,
  AMPARO_SAFE_FILE_OP_RENAME,
  AMPARO_SAFE_FILE_OP_LINK,
  AMPARO_SAFE_FILE_N_OPS
} AmparoSafeFileOp;

/* Pseudo error numbers a fault may carry besides real ones */
#define AMPARO_SAFE_FILE_FAULT_SHORT   (-1)  /* write: only write half of the buffer */
#define AMPARO_SAFE_FILE_FAULT_CORRUPT (-2)  /* read: flip a bit in what was read */

#if AMPARO_ENABLE_TEST_HOOKS
gboolean amparo_safe_file_fault_hit (AmparoSafeFileOp  op,
                                     int              *errsv);
# define FAULT_HIT(op, errsv) amparo_safe_file_fault_hit ((op), (errsv))
#else
# define FAULT_HIT(op, errsv) FALSE
#endif

/* Fills @out with @n characters of AMPARO_SAFE_FILE_NAME_ALPHABET and a nul */
void amparo_safe_file_random_chars (char  *out,
                                    gsize  n);

/* Sets errno and returns -1, as the system calls do */
static inline int
fail_errno (int errsv)
{
  errno = errsv;
  return -1;
}

static inline int
sf_openat (int         dirfd,
           const char *name,
           int         flags,
           mode_t      mode)
{
  int fe;

  if (FAULT_HIT (AMPARO_SAFE_FILE_OP_OPEN, &fe))
    return fail_errno (fe);
  return openat (dirfd, name, flags, mode);
}

static inline ssize_t
sf_read (int    fd,
         void  *buf,
         size_t len)
{
  int fe;

  if (FAULT_HIT (AMPARO_SAFE_FILE_OP_READ, &fe))
    {
#if AMPARO_ENABLE_TEST_HOOKS
      if (fe == AMPARO_SAFE_FILE_FAULT_CORRUPT)
        {
          ssize_t n = read (fd, buf, len);

          if (n > 0)
            ((guint8 *) buf)[n / 2] ^= 0x01;
          return n;
        }
#endif
      return fail_errno (fe);
    }
  return read (fd, buf, len);
}

static inline ssize_t
sf_write (int         fd,
          const void *buf,
          size_t      len)
{
  int fe;

  if (FAULT_HIT (AMPARO_SAFE_FILE_OP_WRITE, &fe))
    {
#if AMPARO_ENABLE_TEST_HOOKS
      if (fe == AMPARO_SAFE_FILE_FAULT_SHORT)
        return write (fd, buf, len > 1 ? len / 2 : len);
#endif
      return fail_errno (fe);
    }
  return write (fd, buf, len);
}

static inline int
sf_fsync (int fd)
{
  int fe;

  if (FAULT_HIT (AMPARO_SAFE_FILE_OP_FSYNC, &fe))
    return fail_errno (fe);
  return fsync (fd);
}

static inline int
sf_close (int fd)
{
  int fe;

  if (FAULT_HIT (AMPARO_SAFE_FILE_OP_CLOSE, &fe))
    {
      /* A failing close() still releases the descriptor on Linux */
      close (fd);
      return fail_errno (fe);
    }
  return close (fd);
}

static inline int
sf_renameat (int         dirfd,
             const char *from,
             const char *to)
{
  int fe;

  if (FAULT_HIT (AMPARO_SAFE_FILE_OP_RENAME, &fe))
    return fail_errno (fe);
  return renameat (dirfd, from, dirfd, to);
}

static inline int
sf_rename_noreplace (int         dirfd,
                     const char *from,
                     const char *to)
{
  int fe;

  if (FAULT_HIT (AMPARO_SAFE_FILE_OP_RENAME, &fe))
    return fail_errno (fe);
#ifdef SYS_renameat2
  return syscall (SYS_renameat2, dirfd, from, dirfd, to, RENAME_NOREPLACE);
#else
  return fail_errno (ENOSYS);
#endif
}

static inline int
sf_linkat (int         dirfd,
           const char *from,
           const char *to)
{
  int fe;

  if (FAULT_HIT (AMPARO_SAFE_FILE_OP_LINK, &fe))
    return fail_errno (fe);
  return linkat (dirfd, from, dirfd, to, 0);
}

G_END_DECLS
