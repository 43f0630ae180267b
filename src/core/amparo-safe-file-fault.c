/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "AmparoSafeFile"

/* Test-only fault injection and repeatable names for amparo-safe-file.c.
 * In product builds only the random names and no-op hooks remain. */

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "amparo-safe-file.h"
#include "amparo-safe-file-private.h"

#if AMPARO_ENABLE_TEST_HOOKS

static const char *const op_names[AMPARO_SAFE_FILE_N_OPS] = {
  "open", "read", "write", "fsync", "close", "rename", "link",
};

static const struct
{
  const char *name;
  int         value;
} fault_errnos[] = {
  { "EACCES", EACCES }, { "EDQUOT", EDQUOT }, { "EEXIST", EEXIST }, { "EFBIG", EFBIG },
  { "EINTR", EINTR }, { "EINVAL", EINVAL }, { "EIO", EIO }, { "ENODEV", ENODEV },
  { "ENOENT", ENOENT }, { "ENOSPC", ENOSPC }, { "ENOSYS", ENOSYS },
  { "ENOTCONN", ENOTCONN }, { "ENXIO", ENXIO }, { "EOPNOTSUPP", EOPNOTSUPP },
  { "EPERM", EPERM }, { "EROFS", EROFS }, { "ESTALE", ESTALE },
  { "SHORT", AMPARO_SAFE_FILE_FAULT_SHORT }, { "CORRUPT", AMPARO_SAFE_FILE_FAULT_CORRUPT },
};

#define MAX_FAULTS 8

typedef struct
{
  AmparoSafeFileOp op;
  int              errsv;
  guint            nth;
} Fault;

static GMutex   fault_lock;
static gboolean fault_spec_loaded;
static Fault    faults[MAX_FAULTS];
static guint    n_faults;
static guint    n_fired;
static guint    op_calls[AMPARO_SAFE_FILE_N_OPS];
static GRand   *name_rand;

static gboolean
parse_fault_item (const char *item,
                  Fault      *fault)
{
  g_auto(GStrv) parts = g_strsplit (item, ":", -1);
  guint64 nth;
  int op = -1;
  gsize e;

  if (g_strv_length (parts) != 3)
    return FALSE;
  for (int i = 0; i < AMPARO_SAFE_FILE_N_OPS; i++)
    if (g_str_equal (parts[0], op_names[i]))
      op = i;
  for (e = 0; e < G_N_ELEMENTS (fault_errnos); e++)
    if (g_str_equal (parts[1], fault_errnos[e].name))
      break;
  if (op < 0 || e == G_N_ELEMENTS (fault_errnos) ||
      !g_ascii_string_to_unsigned (parts[2], 10, 1, G_MAXUINT, &nth, NULL))
    return FALSE;

  fault->op = op;
  fault->errsv = fault_errnos[e].value;
  fault->nth = (guint) nth;
  return TRUE;
}

/* Several faults may be given, separated by commas: "rename:ENOSYS:1,link:EPERM:1" */
static void
load_fault_spec_locked (const char *spec)
{
  g_auto(GStrv) items = NULL;

  memset (op_calls, 0, sizeof op_calls);
  n_faults = 0;
  n_fired = 0;
  fault_spec_loaded = TRUE;

  if (spec == NULL || *spec == '\0')
    return;

  items = g_strsplit (spec, ",", -1);
  for (guint i = 0; items[i] != NULL; i++)
    {
      if (n_faults == MAX_FAULTS || !parse_fault_item (g_strstrip (items[i]), &faults[n_faults]))
        g_warning ("Ignoring fault “%s” (want op:ERRNO:n, at most %d)", items[i], MAX_FAULTS);
      else
        n_faults++;
    }
}

gboolean
amparo_safe_file_fault_hit (AmparoSafeFileOp  op,
                            int              *errsv)
{
  gboolean hit = FALSE;

  amparo_test_kill_point ();

  g_mutex_lock (&fault_lock);
  if (!fault_spec_loaded)
    load_fault_spec_locked (g_getenv ("AMPARO_TEST_FAULT"));
  op_calls[op]++;
  for (guint i = 0; i < n_faults && !hit; i++)
    if (faults[i].op == op && faults[i].nth == op_calls[op])
      {
        *errsv = faults[i].errsv;
        n_fired++;
        hit = TRUE;
      }
  g_mutex_unlock (&fault_lock);

  return hit;
}
#endif /* AMPARO_ENABLE_TEST_HOOKS */

void
amparo_safe_file_random_chars (char  *out,
                               gsize  n)
{
  const gint32 alphabet_len = sizeof AMPARO_SAFE_FILE_NAME_ALPHABET - 1;

#if AMPARO_ENABLE_TEST_HOOKS
  g_mutex_lock (&fault_lock);
  if (name_rand != NULL)
    {
      for (gsize i = 0; i < n; i++)
        out[i] = AMPARO_SAFE_FILE_NAME_ALPHABET[g_rand_int_range (name_rand, 0, alphabet_len)];
      out[n] = '\0';
      g_mutex_unlock (&fault_lock);
      return;
    }
  g_mutex_unlock (&fault_lock);
#endif

  for (gsize i = 0; i < n; i++)
    out[i] = AMPARO_SAFE_FILE_NAME_ALPHABET[g_random_int_range (0, alphabet_len)];
  out[n] = '\0';
}

/**
 * amparo_safe_file_set_fault:
 * @spec: (nullable): faults such as `write:ENOSPC:3` (the third write fails
 *   with ENOSPC), up to eight separated by commas; %NULL or "" for none
 *
 * Test builds only: makes the n-th call of an operation (open, read,
 * write, fsync, close, rename, link) in this module fail once, counting
 * from now. Besides errno names, `write:SHORT:n` makes a short write and
 * `read:CORRUPT:n` alters what is read. Replaces the `AMPARO_TEST_FAULT`
 * environment variable. Does nothing in product builds.
 */
void
amparo_safe_file_set_fault (const char *spec)
{
#if AMPARO_ENABLE_TEST_HOOKS
  g_mutex_lock (&fault_lock);
  load_fault_spec_locked (spec);
  g_mutex_unlock (&fault_lock);
#endif
}

/**
 * amparo_safe_file_faults_fired:
 *
 * Test builds only.
 *
 * Returns: how many of the faults set by the last
 *   amparo_safe_file_set_fault() have happened; always 0 in product builds
 */
guint
amparo_safe_file_faults_fired (void)
{
#if AMPARO_ENABLE_TEST_HOOKS
  guint fired;

  g_mutex_lock (&fault_lock);
  fired = n_fired;
  g_mutex_unlock (&fault_lock);

  return fired;
#else
  return 0;
#endif
}

/**
 * amparo_safe_file_set_name_seed:
 * @seed: a seed, or 0 for unpredictable names again
 *
 * Test builds only: makes the random names repeat, so a test can make
 * two writes pick the same candidate name. Does nothing in product builds.
 */
void
amparo_safe_file_set_name_seed (guint32 seed)
{
#if AMPARO_ENABLE_TEST_HOOKS
  g_mutex_lock (&fault_lock);
  g_clear_pointer (&name_rand, g_rand_free);
  if (seed != 0)
    name_rand = g_rand_new_with_seed (seed);
  g_mutex_unlock (&fault_lock);
#endif
}

#if AMPARO_ENABLE_TEST_HOOKS
static gint64 kill_after = -1;   /* -1: not read yet; 0: count only */
static guint  kill_points;

static void
print_kill_points (void)
{
  fprintf (stderr, "amparo-test-kill-points: %u\n", kill_points);
}
#endif

/**
 * amparo_test_kill_point:
 *
 * Test builds only: one more point where a crash may happen (a file
 * operation of this module, or just before and just after an SQLite
 * commit). With `AMPARO_TEST_KILL_AFTER=N` in the environment the
 * process kills itself with SIGKILL at the N-th point; with N = 0 it
 * only counts them and prints `amparo-test-kill-points: COUNT` on
 * standard error at exit. Does nothing in product builds.
 */
void
amparo_test_kill_point (void)
{
#if AMPARO_ENABLE_TEST_HOOKS
  gboolean fire = FALSE;

  g_mutex_lock (&fault_lock);
  if (kill_after < 0)
    {
      const char *env = g_getenv ("AMPARO_TEST_KILL_AFTER");
      guint64 n = 0;

      kill_after = 0;
      if (env != NULL && g_ascii_string_to_unsigned (env, 10, 0, G_MAXUINT, &n, NULL))
        {
          kill_after = (gint64) n;
          if (n == 0)
            atexit (print_kill_points);
        }
      else
        {
          kill_after = G_MAXINT64;  /* not asked for: never fires */
        }
    }
  kill_points++;
  fire = kill_after > 0 && kill_points == (guint64) kill_after;
  g_mutex_unlock (&fault_lock);

  if (fire)
    raise (SIGKILL);
#endif
}
