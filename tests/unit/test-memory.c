/* SPDX-License-Identifier: GPL-3.0-or-later */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/uio.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <sodium.h>

#include "amparo-case-index.h"
#include "amparo-keys.h"
#include "amparo-secret.h"
#include "amparo-test-fixture.h"
#include "amparo-test-util.h"
#include "amparo-vault.h"

/* After lock, no key is left in the process's memory.
 *
 * The test learns the vault's keys the way unlocking does (the keys
 * file and the passphrase), and keeps them only masked (XOR 0xa5), so
 * its own copies never match. Then it unlocks the vault, works with it
 * (cases, a backup, whose ATTACH carries a key), locks it, and reads
 * every readable mapping of its own address space with
 * process_vm_readv() (which reports unreadable pages instead of
 * faulting), looking for the raw K_cases, K_contacts and the key
 * derived from the passphrase, and for the x'<hex>' strings SQLCipher
 * is keyed with. A scan while the vault is still open must find
 * K_cases: that proves the scanner sees the memory keys live in. */

#define MASK 0xa5
#define CHUNK (1024 * 1024)
#define OVERLAP 128
/* Larger mappings are reservations (AddressSanitizer's shadow), not data */
#define MAX_REGION ((gsize) 1 << 30)

typedef struct
{
  const char *what;
  guint8      masked[64];
  gsize       len;
} Pattern;

typedef struct
{
  Pattern patterns[5];
  guint   n_patterns;
} Keys;

static void
add_pattern (Keys         *keys,
             const char   *what,
             const guint8 *data,
             gsize         len)
{
  Pattern *p = &keys->patterns[keys->n_patterns++];

  g_assert_cmpuint (len, <=, sizeof p->masked);
  p->what = what;
  p->len = len;
  for (gsize i = 0; i < len; i++)
    p->masked[i] = data[i] ^ MASK;
}

static void
add_key (Keys               *keys,
         const char         *what,
         const char         *hex_what,
         const AmparoSecret *secret)
{
  add_pattern (keys, what, amparo_secret_get_data (secret), amparo_secret_get_size (secret));
  if (hex_what != NULL)
    {
      /* in secure memory, wiped on free, like the product's own copy */
      char *sql_key = amparo_secret_to_sql_key (secret);

      add_pattern (keys, hex_what, (const guint8 *) sql_key + 2, 2 * AMPARO_KEY_BYTES);
      amparo_secret_free_sql_key (sql_key);
    }
}

static void
learn_keys (const char *vault_dir,
            Keys       *keys)
{
  g_autofree char *path = g_build_filename (vault_dir, "keys", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(AmparoKeyFile) kf = amparo_key_file_load (path, &error);
  g_autoptr(AmparoSecret) kek = NULL;
  g_autoptr(AmparoSecret) k_cases = NULL;
  g_autoptr(AmparoSecret) k_contacts = NULL;

  g_assert_no_error (error);
  kek = amparo_key_file_derive_kek (kf, "ana", TEST_PASSPHRASE, &error);
  g_assert_no_error (error);
  g_assert_true (amparo_key_file_unwrap (kf, "ana", kek, NULL, &k_cases, &k_contacts, &error));
  g_assert_nonnull (k_contacts);
  /* K_cases first: the positive control looks for it */
  add_key (keys, "K_cases", "K_cases as hex", k_cases);
  add_key (keys, "K_contacts", "K_contacts as hex", k_contacts);
  add_key (keys, "the passphrase-derived key", NULL, kek);
}

static gboolean
matches_at (const guint8  *at,
            const Pattern *p)
{
  for (gsize i = 1; i < p->len; i++)
    if ((at[i] ^ MASK) != p->masked[i])
      return FALSE;
  return TRUE;
}

/* Counts matches of each pattern in buf[0..len); *found[i] += count. */
static void
scan_buffer (const guint8 *buf,
             gsize         len,
             const Keys   *keys,
             guint        *found)
{
  for (guint k = 0; k < keys->n_patterns; k++)
    {
      const Pattern *p = &keys->patterns[k];
      int first = p->masked[0] ^ MASK;
      const guint8 *at = buf;
      const guint8 *end = buf + len;

      while (at + p->len <= end && (at = memchr (at, first, (gsize) (end - at) - p->len + 1)))
        {
          if (matches_at (at, p))
            found[k]++;
          at++;
        }
    }
}

/* Reads the whole readable address space, chunk by chunk. */
static void
scan_memory (const Keys *keys,
             guint      *found,
             gsize      *out_scanned)
{
  g_autofree char *maps = NULL;
  g_auto(GStrv) lines = NULL;
  guint8 *buf;
  gsize scanned = 0;
  pid_t self = getpid ();

  memset (found, 0, keys->n_patterns * sizeof *found);
  g_assert_true (g_file_get_contents ("/proc/self/maps", &maps, NULL, NULL));
  lines = g_strsplit (maps, "\n", -1);
  buf = mmap (NULL, CHUNK + OVERLAP, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  g_assert_true (buf != MAP_FAILED);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      unsigned long start, end;
      char perms[5] = "";

      if (sscanf (lines[i], "%lx-%lx %4s", &start, &end, perms) != 3 || perms[0] != 'r')
        continue;
      if (strstr (lines[i], "[vvar]") != NULL || strstr (lines[i], "[vsyscall]") != NULL)
        continue;
      if (end - start > MAX_REGION)
        continue;
      /* the scanner's own buffer holds copies of what it read */
      if (start == (unsigned long) buf)
        continue;
      for (unsigned long at = start; at < end; at += CHUNK)
        {
          unsigned long from = at > start + OVERLAP ? at - OVERLAP : start;
          gsize want = MIN ((gsize) (end - from), (gsize) (at - from) + CHUNK);
          struct iovec local = { buf, want };
          struct iovec remote = { (void *) from, want };
          ssize_t got = process_vm_readv (self, &local, 1, &remote, 1, 0);

          if (got <= 0)
            continue;
          scan_buffer (buf, (gsize) got, keys, found);
          scanned += (gsize) got;
        }
    }
  /* the buffer may hold the tail of a key it read: wipe before unmapping */
  sodium_memzero (buf, CHUNK + OVERLAP);
  munmap (buf, CHUNK + OVERLAP);
  *out_scanned = scanned;
}

static void
test_no_key_bytes_after_lock (void)
{
  g_autofree char *dir = amparo_test_make_dir ();
  g_autofree char *vault_dir = g_build_filename (dir, "vault", NULL);
  g_autofree char *backups = g_build_filename (dir, "backups", NULL);
  g_autofree char *backup_path = NULL;
  g_autoptr(GError) error = NULL;
  GListModel *rows;
  AmparoVault *vault;
  struct rlimit core = { 1, 1 };
  Keys keys = { 0 };
  guint found[G_N_ELEMENTS (keys.patterns)];
  gsize scanned = 0;

  vault = amparo_test_create_vault (vault_dir, AMPARO_VAULT_KIND_AGENCY);
  amparo_vault_lock (vault);
  g_object_unref (vault);
  learn_keys (vault_dir, &keys);

  vault = amparo_vault_unlock (vault_dir, NULL, TEST_PASSPHRASE, &error);
  g_assert_no_error (error);

  /* the vault hardened the process: no core file, not dumpable */
  g_assert_cmpint (getrlimit (RLIMIT_CORE, &core), ==, 0);
  g_assert_cmpuint (core.rlim_cur, ==, 0);
  g_assert_cmpuint (core.rlim_max, ==, 0);
  g_assert_cmpint (prctl (PR_GET_DUMPABLE, 0, 0, 0, 0), ==, 0);

  amparo_test_fill_cases (vault, 30, 7, TRUE);
  g_assert_cmpint (g_mkdir (backups, 0700), ==, 0);
  g_assert_true (amparo_vault_backup (vault, backups, &backup_path, &error));
  g_assert_no_error (error);
  /* a case list query leaves its two keyed connections with the vault,
   * for the next query: lock must close them too */
  rows = amparo_case_index_query (vault, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (rows), >, 0);
  g_clear_object (&rows);

  /* positive control: while unlocked, K_cases is found where it lives */
  scan_memory (&keys, found, &scanned);
  g_test_message ("unlocked: scanned %" G_GSIZE_FORMAT " MiB", scanned >> 20);
  for (guint k = 0; k < keys.n_patterns; k++)
    g_test_message ("unlocked: %s found %u time(s)", keys.patterns[k].what, found[k]);
  g_assert_cmpuint (found[0], >=, 1);
  g_assert_cmpuint (scanned, >, 1 << 20);

  amparo_vault_lock (vault);
  g_assert_true (amparo_vault_is_locked (vault));
  scan_memory (&keys, found, &scanned);
  g_test_message ("locked: scanned %" G_GSIZE_FORMAT " MiB", scanned >> 20);
  for (guint k = 0; k < keys.n_patterns; k++)
    if (found[k] != 0)
      g_error ("after lock, %s is still in memory (%u copies)", keys.patterns[k].what, found[k]);

  /* and the scanner sees freed heap: a copy of K_contacts left in a
   * freed block is found (past glibc's and ASan's bookkeeping at the
   * start of a freed block) */
  {
    /* an odd size the scanner's own allocations do not reuse */
    volatile guint8 *leak = g_malloc (1000);
    gpointer after = g_malloc (1000);

    for (gsize i = 0; i < keys.patterns[2].len; i++)
      leak[512 + i] = keys.patterns[2].masked[i] ^ MASK;
    g_free ((gpointer) leak);
    scan_memory (&keys, found, &scanned);
    g_free (after);
  }
  g_assert_cmpuint (found[2], >=, 1);

  g_object_unref (vault);
  sodium_memzero (&keys, sizeof keys);
  amparo_test_remove_dir (dir);
}

int
main (int    argc,
      char **argv)
{
  /* glibc's MALLOC_PERTURB_ (set by meson test) scrambles freed memory,
   * which would hide a key left there: run without it */
  if (g_strcmp0 (g_getenv ("MALLOC_PERTURB_"), "0") != 0)
    {
      g_setenv ("MALLOC_PERTURB_", "0", TRUE);
      execv ("/proc/self/exe", argv);
      g_error ("could not restart the test: %s", g_strerror (errno));
    }
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/memory/no-key-bytes-after-lock", test_no_key_bytes_after_lock);
  return g_test_run ();
}
