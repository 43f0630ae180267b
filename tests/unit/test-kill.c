/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "AmparoTestKill"

/* Crash safety: amparo-cli is killed with SIGKILL at many points of a
 * large demo, a csv-import, passwd, backup and export. The points are
 * counted by the test hook AMPARO_TEST_KILL_AFTER (each file operation of
 * the safe-file layer, and just before and just after each SQLite
 * commit); the test measures how many a run has on a copy of the vault,
 * then kills runs at points drawn with a fixed seed. After each kill:
 * the vault opens, `check` passes (which includes the agreement of the
 * two stores: no identifying record without its case, no case without
 * its identifying record), no committed case is lost, an import is all
 * or nothing, and no backup or export exists under its final name
 * unless it is complete. */

#include <signal.h>
#include <string.h>
#include <unistd.h>
#include <utime.h>
#include <time.h>
#include <sodium.h>
#include <gio/gio.h>
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
#define DEMO_CASES "2000"
#define CSV_ROWS 150

typedef struct
{
  char   *dir;        /* the vault */
  char   *out;        /* backups and exports */
  char   *scratch;    /* copies used to count the kill points */
  guint8  coord_pk[crypto_box_PUBLICKEYBYTES];
  guint8  coord_sk[crypto_box_SECRETKEYBYTES];
  GRand  *rand;
  guint   kills;      /* runs that were killed */
  guint   completed;  /* runs that finished before their kill point */
} Fixture;

static guint total_kills;

static void
setup (Fixture       *f,
       gconstpointer  data)
{
  g_autoptr(AmparoVault) vault = NULL;
  g_autoptr(AmparoCard) card = NULL;
  g_autofree char *json = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *fingerprint = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (sodium_init (), >=, 0);
  f->dir = amparo_test_make_dir ();
  f->out = amparo_test_make_dir ();
  f->scratch = amparo_test_make_dir ();
  g_rmdir (f->dir);
  vault = amparo_test_create_vault (f->dir, AMPARO_VAULT_KIND_AGENCY);
  amparo_test_fill_cases (vault, 40, 11, TRUE);

  crypto_box_keypair (f->coord_pk, f->coord_sk);
  card = amparo_card_new_coordinator ("Regional Coalition", f->coord_pk);
  json = amparo_card_to_json (card);
  bytes = g_bytes_new (json, strlen (json));
  g_assert_true (amparo_share_trust_card (vault, bytes, &fingerprint, &error));
  g_assert_no_error (error);
  amparo_vault_lock (vault);

  f->rand = g_rand_new_with_seed (20261207);
}

static void
teardown (Fixture       *f,
          gconstpointer  data)
{
  g_test_message ("%u runs killed, %u ran to the end before their point", f->kills, f->completed);
  amparo_test_remove_dir (f->dir);
  amparo_test_remove_dir (f->out);
  amparo_test_remove_dir (f->scratch);
  g_free (f->dir);
  g_free (f->out);
  g_free (f->scratch);
  g_rand_free (f->rand);
}

/* ------------------------------------------------------------ helpers */

/* Runs amparo-cli with @args, the vault being @vault. @kill_after 0 only
 * counts the points. Returns the exit status, or -1 if it was killed. */
static int
run_cli (const char          *vault,
         guint                kill_after,
         const char          *input,
         const char * const  *args,
         guint               *out_points)
{
  const char *cli = g_getenv ("AMPARO_CLI");
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *n = g_strdup_printf ("%u", kill_after);
  g_autofree char *err = NULL;

  g_ptr_array_add (argv, (gpointer) cli);
  g_ptr_array_add (argv, (gpointer) "--vault");
  g_ptr_array_add (argv, (gpointer) vault);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE
                                        | G_SUBPROCESS_FLAGS_STDOUT_SILENCE
                                        | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_setenv (launcher, "AMPARO_TEST_KILL_AFTER", n, TRUE);
  proc = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (proc, input, NULL, NULL, &err, &error);
  g_assert_no_error (error);

  if (g_subprocess_get_if_signaled (proc))
    {
      g_assert_cmpint (g_subprocess_get_term_sig (proc), ==, SIGKILL);
      return -1;
    }
  if (out_points != NULL)
    {
      const char *line = strstr (err, "amparo-test-kill-points: ");

      g_assert_nonnull (line);
      *out_points = (guint) g_ascii_strtoull (line + strlen ("amparo-test-kill-points: "), NULL,
                                              10);
    }
  if (g_subprocess_get_exit_status (proc) != 0)
    g_test_message ("amparo-cli %s: %s", args[0], err);
  return g_subprocess_get_exit_status (proc);
}

static void
copy_dir (const char *from,
          const char *to)
{
  g_autoptr(GDir) d = g_dir_open (from, 0, NULL);
  const char *name;

  g_assert_nonnull (d);
  g_mkdir_with_parents (to, 0700);
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *a = g_build_filename (from, name, NULL);
      g_autofree char *b = g_build_filename (to, name, NULL);
      g_autoptr(GFile) fa = g_file_new_for_path (a);
      g_autoptr(GFile) fb = g_file_new_for_path (b);
      g_autoptr(GError) error = NULL;

      if (g_file_test (a, G_FILE_TEST_IS_REGULAR))
        {
          g_file_copy (fa, fb, G_FILE_COPY_OVERWRITE, NULL, NULL, NULL, &error);
          g_assert_no_error (error);
        }
    }
}

/* How many kill points a whole run of @args has, measured on a copy */
static guint
count_points (Fixture            *f,
              const char         *input,
              const char * const *args)
{
  g_autofree char *copy = g_build_filename (f->scratch, "count", NULL);
  guint points = 0;

  amparo_test_remove_dir (copy);
  copy_dir (f->dir, copy);
  g_assert_cmpint (run_cli (copy, 0, input, args, &points), ==, 0);
  amparo_test_remove_dir (copy);
  g_assert_cmpuint (points, >, 2);
  return points;
}

/* @n kill points between 1 and @total: the first, the last, the others
 * drawn with the fixture's fixed seed; all of them if @n >= @total */
static GArray *
pick_points (Fixture *f,
             guint    total,
             guint    n)
{
  GArray *points = g_array_new (FALSE, FALSE, sizeof (guint));

  if (n >= total)
    {
      for (guint i = 1; i <= total; i++)
        g_array_append_val (points, i);
      return points;
    }
  g_array_append_val (points, (guint){ 1 });
  for (guint i = 2; i < n; i++)
    g_array_append_val (points, (guint){ (guint) g_rand_int_range (f->rand, 2, (gint32) total) });
  g_array_append_val (points, total);
  return points;
}

/* The vault opens with @passphrase and passes check (both stores agree);
 * returns how many cases it holds */
static gint64
verified_cases (Fixture    *f,
                const char *passphrase)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AmparoVault) vault = amparo_vault_unlock (f->dir, "ana", passphrase, &error);
  g_autoptr(GString) report = g_string_new (NULL);
  gint64 cases, people;

  g_assert_no_error (error);
  g_assert_nonnull (vault);
  g_assert_true (amparo_vault_check (vault, report, &error));
  g_assert_no_error (error);
  cases = amparo_db_query_int (amparo_vault_get_cases_db (vault, NULL),
                               "SELECT count(*) FROM cases;", -1);
  people = amparo_db_query_int (amparo_vault_get_contacts_db (vault, NULL),
                                "SELECT count(*) FROM people;", -1);
  g_assert_cmpint (cases, ==, people);
  amparo_vault_lock (vault);
  return cases;
}

static void
tally (Fixture *f,
       int      status)
{
  if (status < 0)
    {
      f->kills++;
      total_kills++;
    }
  else
    {
      g_assert_cmpint (status, ==, 0);
      f->completed++;
    }
}

/* -------------------------------------------------------------- demo */

static void
test_kill_demo (Fixture       *f,
                gconstpointer  data)
{
  const char *args[] = { "demo", "--cases", DEMO_CASES, "--seed", "5", NULL };
  g_autoptr(GArray) points = NULL;
  guint total;

  total = count_points (f, TEST_PASSPHRASE "\n", args);
  points = pick_points (f, total, 10);
  for (guint i = 0; i < points->len; i++)
    {
      guint at = g_array_index (points, guint, i);
      g_autofree char *seed = g_strdup_printf ("%u", 100 + i);
      const char *run[] = { "demo", "--cases", DEMO_CASES, "--seed", seed, NULL };
      gint64 before = verified_cases (f, TEST_PASSPHRASE);
      gint64 after;
      int status = run_cli (f->dir, at, TEST_PASSPHRASE "\n", run, NULL);

      tally (f, status);
      after = verified_cases (f, TEST_PASSPHRASE);
      /* nothing committed before is lost; a finished run added all */
      g_assert_cmpint (after, >=, before);
      if (status == 0)
        g_assert_cmpint (after, ==, before + atoi (DEMO_CASES));
    }
  g_test_message ("demo --cases %s: %u kill points in a run, %u tried", DEMO_CASES, total,
                  points->len);
}

/* -------------------------------------------------------- csv-import */

static void
test_kill_csv_import (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *csv = g_build_filename (f->out, "intake.csv", NULL);
  g_autoptr(GString) text = g_string_new ("first_name,last_name,opened,age_band,gender\n");
  g_autoptr(GArray) points = NULL;
  const char *args[] = { "csv-import", csv, NULL };
  guint total;

  for (guint i = 0; i < CSV_ROWS; i++)
    g_string_append_printf (text, "Zed%u,Imported%u,2025-%02u-%02u,25_59,woman\n", i, i,
                            1 + i % 12, 1 + i % 28);
  g_assert_true (g_file_set_contents (csv, text->str, (gssize) text->len, NULL));

  total = count_points (f, TEST_PASSPHRASE "\n", args);
  points = pick_points (f, total, 10);
  for (guint i = 0; i < points->len; i++)
    {
      gint64 before = verified_cases (f, TEST_PASSPHRASE);
      gint64 after;
      int status = run_cli (f->dir, g_array_index (points, guint, i), TEST_PASSPHRASE "\n", args,
                            NULL);

      tally (f, status);
      after = verified_cases (f, TEST_PASSPHRASE);
      /* all or nothing */
      if (status == 0)
        g_assert_cmpint (after, ==, before + CSV_ROWS);
      else
        g_assert_true (after == before || after == before + CSV_ROWS);
    }
  g_test_message ("csv-import of %u rows: %u kill points in a run, %u tried", CSV_ROWS, total,
                  points->len);
}

/* ------------------------------------------------------------ passwd */

static gboolean
opens_with (const char *dir,
            const char *passphrase)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AmparoVault) v = amparo_vault_unlock (dir, "ana", passphrase, &error);

  return v != NULL;
}

static void
test_kill_passwd (Fixture       *f,
                  gconstpointer  data)
{
  const char *args[] = { "passwd", NULL };
  const char *current = TEST_PASSPHRASE;
  g_autoptr(GArray) points = NULL;
  gint64 cases = verified_cases (f, TEST_PASSPHRASE);
  guint total;

  total = count_points (f, TEST_PASSPHRASE "\n" OTHER_PASSPHRASE "\n", args);
  /* few points: try every one */
  points = pick_points (f, total, 64);
  for (guint i = 0; i < points->len; i++)
    {
      const char *next = g_str_equal (current, TEST_PASSPHRASE) ? OTHER_PASSPHRASE
                                                                : TEST_PASSPHRASE;
      g_autofree char *input = g_strdup_printf ("%s\n%s\n", current, next);
      g_autofree char *cases_db = amparo_test_dir_digest (f->dir, "cases.db");
      g_autofree char *contacts_db = amparo_test_dir_digest (f->dir, "contacts.db");
      g_autofree char *cases_after = NULL;
      g_autofree char *contacts_after = NULL;
      gboolean with_old, with_new;
      int status = run_cli (f->dir, g_array_index (points, guint, i), input, args, NULL);

      tally (f, status);
      /* the stores are never touched */
      cases_after = amparo_test_dir_digest (f->dir, "cases.db");
      contacts_after = amparo_test_dir_digest (f->dir, "contacts.db");
      g_assert_cmpstr (cases_after, ==, cases_db);
      g_assert_cmpstr (contacts_after, ==, contacts_db);

      with_old = opens_with (f->dir, current);
      with_new = opens_with (f->dir, next);
      g_assert_true (with_old != with_new);
      if (status == 0)
        g_assert_true (with_new);
      if (with_new)
        current = next;
    }
  g_assert_cmpint (verified_cases (f, current), ==, cases);
  g_test_message ("passwd: %u kill points in a run, %u tried", total, points->len);
}

/* ------------------------------------------------------------ backup */

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

/* Every backup under its final name restores (its manifest's checksums
 * match); returns how many were checked this time */
static guint
check_new_backups (Fixture    *f,
                   GHashTable *seen)
{
  g_autoptr(GDir) d = g_dir_open (f->out, 0, NULL);
  const char *name;
  guint checked = 0;

  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *from = NULL;
      g_autofree char *to = NULL;
      g_autoptr(GError) error = NULL;

      if (!g_str_has_prefix (name, "amparo-backup-") || g_hash_table_contains (seen, name))
        continue;
      from = g_build_filename (f->out, name, NULL);
      to = g_build_filename (f->scratch, "restored", NULL);
      g_assert_true (amparo_vault_restore (from, to, &error));
      g_assert_no_error (error);
      amparo_test_remove_dir (to);
      g_hash_table_add (seen, g_strdup (name));
      checked++;
    }
  return checked;
}

static void
test_kill_backup (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *count_out = g_build_filename (f->scratch, "out", NULL);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GArray) points = NULL;
  const char *count_args[] = { "backup", "--to", count_out, NULL };
  const char *args[] = { "backup", "--to", f->out, NULL };
  gint64 cases;
  guint total;

  /* a vault of some size, so the copies take a while */
  g_assert_cmpint (run_cli (f->dir, G_MAXUINT, TEST_PASSPHRASE "\n",
                            (const char *[]){ "demo", "--cases", "800", NULL }, NULL), ==, 0);
  cases = verified_cases (f, TEST_PASSPHRASE);
  g_mkdir (count_out, 0700);
  total = count_points (f, TEST_PASSPHRASE "\n", count_args);
  amparo_test_remove_dir (count_out);
  points = pick_points (f, total, 10);
  for (guint i = 0; i < points->len; i++)
    {
      guint backups = count_named (f->out, "amparo-backup-", NULL);
      int status = run_cli (f->dir, g_array_index (points, guint, i), TEST_PASSPHRASE "\n", args,
                            NULL);

      tally (f, status);
      g_assert_cmpint (verified_cases (f, TEST_PASSPHRASE), ==, cases);
      check_new_backups (f, seen);
      if (status == 0)
        g_assert_cmpuint (count_named (f->out, "amparo-backup-", NULL), ==, backups + 1);
    }
  g_test_message ("backup: %u kill points in a run, %u tried; %u complete backups, "
                  "%u hidden unfinished folders left", total, points->len,
                  g_hash_table_size (seen), count_named (f->out, ".amparo-backup-", NULL));

  /* the next backup clears leftovers older than ten minutes, and only those */
  {
    g_autoptr(GDir) d = g_dir_open (f->out, 0, NULL);
    const char *name;
    guint aged = 0;
    g_autofree char *fresh = g_build_filename (f->out, ".amparo-backup-RUNNING.part", NULL);

    while ((name = g_dir_read_name (d)) != NULL)
      if (g_str_has_prefix (name, ".amparo-backup-"))
        {
          g_autofree char *path = g_build_filename (f->out, name, NULL);
          struct utimbuf old = { time (NULL) - 3600, time (NULL) - 3600 };

          g_assert_cmpint (utime (path, &old), ==, 0);
          aged++;
        }
    g_mkdir (fresh, 0700);
    g_assert_cmpint (run_cli (f->dir, G_MAXUINT, TEST_PASSPHRASE "\n", args, NULL), ==, 0);
    g_assert_cmpuint (count_named (f->out, ".amparo-backup-", NULL), ==, 1);
    g_assert_true (g_file_test (fresh, G_FILE_TEST_IS_DIR));
    g_test_message ("a later backup removed %u stale hidden folders", aged);
  }
}

/* ------------------------------------------------------------ export */

static void
check_summaries (Fixture *f)
{
  g_autoptr(GDir) d = g_dir_open (f->out, 0, NULL);
  const char *name;

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
    }
}

/* The sequence number and digest of the summary at @path */
static gint64
summary_sequence (Fixture    *f,
                  const char *path,
                  char      **out_digest)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *payload = NULL;
  g_autoptr(AmparoSummary) summary = NULL;
  guint8 digest[crypto_generichash_BYTES];
  guint8 sign_pk[32];
  const guint8 *data;
  gsize len;

  bytes = amparo_safe_file_read (path, AMPARO_SUMMARY_MAX_SIZE, &error);
  g_assert_no_error (error);
  g_assert_true (amparo_summary_open (bytes, f->coord_pk, f->coord_sk, &payload, sign_pk,
                                      &error));
  g_assert_no_error (error);
  summary = amparo_summary_from_json (payload, strlen (payload), &error);
  g_assert_no_error (error);
  data = g_bytes_get_data (bytes, &len);
  crypto_generichash (digest, sizeof digest, data, len, NULL, 0);
  *out_digest = g_malloc (sizeof digest * 2 + 1);
  sodium_bin2hex (*out_digest, sizeof digest * 2 + 1, digest, sizeof digest);
  return summary->sequence;
}

static void
note_sequence (GHashTable *by_sequence,
               gint64      sequence,
               const char *digest,
               const char *where)
{
  const char *known = g_hash_table_lookup (by_sequence, &sequence);

  if (known != NULL && !g_str_equal (known, digest))
    g_test_message ("sequence %" G_GINT64_FORMAT " stands for two different summaries (%s)",
                    sequence, where);
  g_assert_true (known == NULL || g_str_equal (known, digest));
  g_hash_table_insert (by_sequence, g_memdup2 (&sequence, sizeof sequence), g_strdup (digest));
}

/* No sequence number stands for two different summaries: not two files
 * in the folder, nor a file and a row of the exports table. Otherwise
 * the coordinator, who orders an agency's files by number, could take
 * the newer one for the one it has already imported. Returns the
 * highest number of a file other than @except. */
static gint64
check_sequences (Fixture    *f,
                 const char *except)
{
  g_autoptr(GHashTable) by_sequence = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                                             g_free);
  g_autoptr(GDir) d = g_dir_open (f->out, 0, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(AmparoVault) vault = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  const char *name;
  gint64 highest = 0;

  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (f->out, name, NULL);
      g_autofree char *digest = NULL;
      gint64 sequence;

      if (!g_str_has_suffix (name, ".amps"))
        continue;
      sequence = summary_sequence (f, path, &digest);
      note_sequence (by_sequence, sequence, digest, "two files in the folder");
      if (g_strcmp0 (name, except) != 0)
        highest = MAX (highest, sequence);
    }

  vault = amparo_vault_unlock (f->dir, "ana", TEST_PASSPHRASE, &error);
  g_assert_no_error (error);
  stmt = amparo_db_prepare (amparo_vault_get_cases_db (vault, NULL),
                            "SELECT sequence, hex(digest) FROM exports;", &error);
  g_assert_no_error (error);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_autofree char *digest = g_ascii_strdown ((const char *) sqlite3_column_text (stmt, 1), -1);

      note_sequence (by_sequence, sqlite3_column_int64 (stmt, 0), digest,
                     "a file and the exports table");
    }
  g_clear_pointer (&stmt, sqlite3_finalize);
  amparo_vault_lock (vault);
  return highest;
}

/* The one name in @after that is not in @before */
static char *
new_summary_name (const char *dir,
                  GHashTable *before)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;
  char *found = NULL;

  while ((name = g_dir_read_name (d)) != NULL)
    if (g_str_has_suffix (name, ".amps") && !g_hash_table_contains (before, name))
      {
        g_assert_null (found);
        found = g_strdup (name);
      }
  g_assert_nonnull (found);
  return found;
}

static GHashTable *
summary_names (const char *dir)
{
  GHashTable *names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while ((name = g_dir_read_name (d)) != NULL)
    if (g_str_has_suffix (name, ".amps"))
      g_hash_table_add (names, g_strdup (name));
  return names;
}

static void
test_kill_export (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *count_out = g_build_filename (f->scratch, "out", NULL);
  g_autoptr(GArray) points = NULL;
  const char *count_args[] = { "export", "--period", PERIOD, "--to", count_out, NULL };
  const char *args[] = { "export", "--period", PERIOD, "--to", f->out, NULL };
  gint64 cases = verified_cases (f, TEST_PASSPHRASE);
  guint total;

  g_mkdir (count_out, 0700);
  total = count_points (f, TEST_PASSPHRASE "\n", count_args);
  amparo_test_remove_dir (count_out);
  /* few points: try every one */
  points = pick_points (f, total, 64);
  for (guint i = 0; i < points->len; i++)
    {
      guint exports = count_named (f->out, NULL, ".amps");
      g_autoptr(GHashTable) before = NULL;
      g_autofree char *added = NULL;
      g_autofree char *added_path = NULL;
      g_autofree char *digest = NULL;
      gint64 highest;
      int status = run_cli (f->dir, g_array_index (points, guint, i), TEST_PASSPHRASE "\n", args,
                            NULL);

      tally (f, status);
      g_assert_cmpint (verified_cases (f, TEST_PASSPHRASE), ==, cases);
      /* whatever has a final name opens for the coordinator */
      check_summaries (f);
      if (status == 0)
        g_assert_cmpuint (count_named (f->out, NULL, ".amps"), ==, exports + 1);
      check_sequences (f, NULL);

      /* the next export after the kill is newer than anything on the
       * stick, and no number stands for two summaries */
      before = summary_names (f->out);
      g_assert_cmpint (run_cli (f->dir, G_MAXUINT, TEST_PASSPHRASE "\n", args, NULL), ==, 0);
      added = new_summary_name (f->out, before);
      added_path = g_build_filename (f->out, added, NULL);
      highest = check_sequences (f, added);
      g_assert_cmpint (summary_sequence (f, added_path, &digest), >, highest);
    }
  g_test_message ("export: %u kill points in a run, %u tried; %u summaries written, "
                  "%u hidden unfinished files left", total, points->len,
                  count_named (f->out, NULL, ".amps"), count_named (f->out, NULL, ".part"));
}

static void
age_file (const char *path)
{
  struct utimbuf old = { time (NULL) - 3600, time (NULL) - 3600 };

  g_assert_cmpint (utime (path, &old), ==, 0);
}

/* An export killed while writing leaves its hidden .part file; the next
 * export to the same folder removes it once it is clearly abandoned, and
 * touches nothing else. */
static void
test_kill_export_leftover (Fixture       *f,
                           gconstpointer  data)
{
  g_autofree char *count_out = g_build_filename (f->scratch, "out", NULL);
  const char *count_args[] = { "export", "--period", PERIOD, "--to", count_out, NULL };
  const char *args[] = { "export", "--period", PERIOD, "--to", f->out, NULL };
  /* close to what the safe-file layer makes, and yet not it: another
   * writer's file, the user's, or one still being written */
  const char *others[] = {
    ".23456789ABCD.part",          /* not an .amps */
    ".23456789ABCD.ampa.part",     /* an agency card */
    ".23456789abcd.amps.part",     /* lower case */
    ".23456789ABC.amps.part",      /* one letter short */
    ".23456789ABCDE.amps.part",    /* one letter more */
    ".23456789ABC0.amps.part",     /* not from the alphabet */
    "._23456789ABC.amps.part",     /* another system's metadata */
    ".23456789ABCD.amps.part.bak",
    "23456789ABCD.amps.part",      /* not hidden */
    ".23456789ABCD.AMPS.part",
  };
  const char *fresh = ".XYZXYZXYZXYZ.amps.part";  /* the right shape, but recent */
  const char *dir_shaped = ".DDDDDDDDDDDD.amps.part";  /* the right shape, a folder */
  g_autoptr(GPtrArray) leftovers = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GDir) d = NULL;
  const char *name;
  guint total;
  guint at;

  g_mkdir (count_out, 0700);
  total = count_points (f, TEST_PASSPHRASE "\n", count_args);
  amparo_test_remove_dir (count_out);

  /* kill at each point in turn until one leaves a hidden file behind:
   * the one while the summary is being written */
  for (at = 1; at <= total && count_named (f->out, ".", ".part") == 0; at++)
    tally (f, run_cli (f->dir, at, TEST_PASSPHRASE "\n", args, NULL));
  g_assert_cmpuint (count_named (f->out, ".", ".part"), ==, 1);
  g_assert_cmpuint (count_named (f->out, NULL, ".amps"), ==, 0);
  g_test_message ("export killed at point %u of %u left a hidden file", at - 1, total);

  d = g_dir_open (f->out, 0, NULL);
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (f->out, name, NULL);

      /* random letters only: nothing that identifies the agency */
      g_assert_true (g_regex_match_simple ("^\\.[" AMPARO_SAFE_FILE_NAME_ALPHABET "]{12}"
                                           "(\\.amps)?\\.part$", name, 0, 0));
      age_file (path);
      g_ptr_array_add (leftovers, g_steal_pointer (&path));
    }

  for (guint i = 0; i < G_N_ELEMENTS (others); i++)
    {
      g_autofree char *path = g_build_filename (f->out, others[i], NULL);

      g_assert_true (g_file_set_contents (path, "keep", -1, NULL));
      age_file (path);
    }
  {
    g_autofree char *path = g_build_filename (f->out, fresh, NULL);
    g_autofree char *dir = g_build_filename (f->out, dir_shaped, NULL);

    g_assert_true (g_file_set_contents (path, "being written", -1, NULL));
    g_assert_cmpint (g_mkdir (dir, 0700), ==, 0);
    age_file (dir);
  }

  g_assert_cmpint (run_cli (f->dir, G_MAXUINT, TEST_PASSPHRASE "\n", args, NULL), ==, 0);

  for (guint i = 0; i < leftovers->len; i++)
    g_assert_false (g_file_test (g_ptr_array_index (leftovers, i), G_FILE_TEST_EXISTS));
  for (guint i = 0; i < G_N_ELEMENTS (others); i++)
    {
      g_autofree char *path = g_build_filename (f->out, others[i], NULL);
      g_autofree char *text = NULL;

      g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
      g_assert_cmpstr (text, ==, "keep");
    }
  {
    g_autofree char *path = g_build_filename (f->out, fresh, NULL);
    g_autofree char *dir = g_build_filename (f->out, dir_shaped, NULL);

    g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
    g_assert_true (g_file_test (dir, G_FILE_TEST_IS_DIR));
    g_rmdir (dir);
  }
  g_assert_cmpuint (count_named (f->out, NULL, ".amps"), ==, 1);
  check_summaries (f);
}

static void
test_total (void)
{
  if (total_kills == 0)
    {
      g_test_skip ("the kill tests did not run");
      return;
    }
  g_test_message ("%u runs of amparo-cli killed in all; nothing committed was lost",
                  total_kills);
  g_assert_cmpuint (total_kills, >=, 30);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  if (g_getenv ("AMPARO_CLI") == NULL)
    {
      g_printerr ("AMPARO_CLI is not set\n");
      return 77;
    }
  /* SIGKILL does not lose what the kernel already holds, so memory is as
   * good as a disk here, and does not make the test wait on others' I/O */
  if (g_file_test ("/dev/shm", G_FILE_TEST_IS_DIR) && access ("/dev/shm", W_OK) == 0)
    g_setenv ("TMPDIR", "/dev/shm", TRUE);
  g_test_add ("/kill/demo", Fixture, NULL, setup, test_kill_demo, teardown);
  g_test_add ("/kill/csv-import", Fixture, NULL, setup, test_kill_csv_import, teardown);
  g_test_add ("/kill/passwd", Fixture, NULL, setup, test_kill_passwd, teardown);
  g_test_add ("/kill/backup", Fixture, NULL, setup, test_kill_backup, teardown);
  g_test_add ("/kill/export", Fixture, NULL, setup, test_kill_export, teardown);
  g_test_add ("/kill/export-leftover", Fixture, NULL, setup, test_kill_export_leftover, teardown);
  g_test_add_func ("/kill/total", test_total);
  return g_test_run ();
}
