/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sodium.h>
#include <glib/gstdio.h>
#include <gio/gio.h>

#include "amparo-case.h"
#include "amparo-case-index.h"
#include "amparo-consent.h"
#include "amparo-coordinator.h"
#include "amparo-db.h"
#include "amparo-demo.h"
#include "amparo-history.h"
#include "amparo-keys.h"
#include "amparo-regional.h"
#include "amparo-report.h"
#include "amparo-secret.h"
#include "amparo-share.h"
#include "amparo-test-summary.h"
#include "amparo-test-util.h"
#include "amparo-vault-private.h"

/* amparo-bench: the figures of issue 9 ("Performance"), one line each,
 *
 *   WORKLOAD FIGURE VALUE UNIT
 *
 * on standard output (progress goes to standard error):
 *
 *   W1 unlock: both stores opened once the passphrase's key is derived;
 *      the key derivation is reported apart, with the product's limits
 *   W2 case search: one keystroke's query over the case list
 *   W3 open case: everything the case page shows (profile, contact,
 *      services, stays, notes, history, releases, referrals, reports)
 *   W4 period report, suppression, signing, sealing and writing
 *   W5 coordinator import of 200 summaries and the combined report
 *   W6 peak resident memory of the app with the large case list shown
 *
 * W2 to W4 also run on a plain copy of the same vault (made with
 * sqlcipher_export and opened without a key; test builds only), and
 * their "tax" line is encrypted time / plain time, measured in the same
 * run with the two interleaved.
 *
 * Vaults are made once with the demo generator and kept in the cache
 * folder, so later runs start at once. Figures are medians. */

#define USER       "bench"
#define PASSPHRASE "correct horse battery staple"
#define SEED       1
#define PERIOD     "2026-Q3"
#define COORD_PERIOD "2026-Q3"

static char    *cache_dir;
static gint     small_cases = 2000;
static gint     large_cases = 100000;
static gint     n_summaries = 200;
static gint     repeat = 5;
static char    *sizes = NULL;
static char    *workloads = NULL;
static GStrv    chosen = NULL;
static char    *app_path = NULL;
static gboolean quick = FALSE;
static gboolean no_app = FALSE;
static gboolean have_plain = FALSE;

static void
figure (const char *workload,
        const char *name,
        const char *size,
        double      value,
        const char *unit)
{
  if (size != NULL)
    printf ("%s %s.%s %.*f %s\n", workload, name, size,
            value < 10 ? 2 : value < 100 ? 1 : 0, value, unit);
  else
    printf ("%s %s %.*f %s\n", workload, name, value < 10 ? 2 : value < 100 ? 1 : 0, value, unit);
  fflush (stdout);
}

static void
note (const char *format,
      ...) G_GNUC_PRINTF (1, 2);

static void
note (const char *format,
      ...)
{
  va_list args;

  va_start (args, format);
  fprintf (stderr, "amparo-bench: ");
  vfprintf (stderr, format, args);
  fprintf (stderr, "\n");
  va_end (args);
}

static G_GNUC_NORETURN void
die (const char   *what,
     const GError *error)
{
  note ("%s: %s", what, error != NULL ? error->message : "failed");
  exit (1);
}

static double
now_ms (void)
{
  return g_get_monotonic_time () / 1000.0;
}

/* The process's CPU time: on a machine shared with other work the wall
 * clock also counts the waits for a core; the "-cpu" figures do not. */
static double
cpu_ms (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &ts);
  return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

/* the CPU time of the last timed call */
static double last_cpu;

#define TIMED_START double start = now_ms (), cpu_start = cpu_ms ()
#define TIMED_END   (last_cpu = cpu_ms () - cpu_start, now_ms () - start)

static int
cmp_double (gconstpointer a,
            gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static double
median (GArray *times)
{
  g_array_sort (times, cmp_double);
  if (times->len == 0)
    return 0;
  if (times->len % 2 == 1)
    return g_array_index (times, double, times->len / 2);
  return (g_array_index (times, double, times->len / 2 - 1)
          + g_array_index (times, double, times->len / 2)) / 2;
}

static double
max_of (GArray *times)
{
  double m = 0;

  for (guint i = 0; i < times->len; i++)
    m = MAX (m, g_array_index (times, double, i));
  return m;
}

/* ---------------------------------------------------------------- vaults */

typedef struct
{
  const char  *name;        /* "small", "large" */
  guint        n_cases;
  char        *dir;         /* encrypted vault */
  char        *plain_dir;   /* its plain copy, or NULL */
  AmparoVault *vault;
  AmparoVault *plain;
} Dataset;

static char *
ready_marker (const char *dir)
{
  return g_strconcat (dir, ".ready", NULL);
}

static AmparoVault *
unlock (const char *dir)
{
  g_autoptr(GError) error = NULL;
  AmparoVault *vault = amparo_vault_unlock (dir, USER, PASSPHRASE, &error);

  if (vault == NULL)
    die ("unlock", error);
  return vault;
}

/* A coordinator whose card every agency vault trusts, so W4 can seal. */
static GBytes *
coordinator_card (void)
{
  g_autofree char *dir = g_build_filename (cache_dir, "coordinator", NULL);
  g_autofree char *ready = ready_marker (dir);
  g_autoptr(AmparoVault) vault = NULL;
  g_autoptr(GError) error = NULL;
  GBytes *card = NULL;

  if (!g_file_test (ready, G_FILE_TEST_EXISTS))
    {
      amparo_test_remove_dir (dir);
      vault = amparo_vault_create (dir, AMPARO_VAULT_KIND_COORDINATOR, "Benchmark Coalition",
                                   USER, PASSPHRASE, &error);
      if (vault == NULL || !g_file_set_contents (ready, "", 0, &error))
        die ("coordinator vault", error);
    }
  else
    vault = unlock (dir);
  if (!amparo_coordinator_card (vault, &card, NULL, &error))
    die ("coordinator card", error);
  return card;
}

static void
make_agency (Dataset *d)
{
  g_autofree char *ready = ready_marker (d->dir);
  g_autoptr(AmparoVault) vault = NULL;
  g_autoptr(GError) error = NULL;

  if (g_file_test (ready, G_FILE_TEST_EXISTS))
    return;
  amparo_test_remove_dir (d->dir);
  note ("making the %s vault (%u cases); it is kept in %s", d->name, d->n_cases, d->dir);
  vault = amparo_vault_create (d->dir, AMPARO_VAULT_KIND_AGENCY, "Benchmark Agency", USER,
                               PASSPHRASE, &error);
  if (vault == NULL)
    die ("create", error);
  {
    TIMED_START;
    if (!amparo_demo_generate (vault, d->n_cases, SEED, &error))
      die ("demo", error);
    figure ("setup", "generate", d->name, TIMED_END / 1000, "s");
    figure ("setup", "generate-cpu", d->name, last_cpu / 1000, "s");
  }
  if (!g_file_set_contents (ready, "", 0, &error))
    die ("cache", error);
}

static void
trust_coordinator (AmparoVault *vault)
{
  g_autoptr(GBytes) card = NULL;
  g_autoptr(GError) error = NULL;

  if (amparo_share_get_coordinator (vault, NULL, NULL, NULL))
    return;
  card = coordinator_card ();
  if (!amparo_share_trust_card (vault, card, NULL, &error))
    die ("trust the coordinator", error);
}

static void
export_plain (sqlite3    *db,
              const char *to)
{
  g_autoptr(sqlite3_stmt) attach = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *version = NULL;
  g_autofree char *sql = NULL;

  attach = amparo_db_prepare (db, "ATTACH DATABASE ?1 AS plain KEY '';", &error);
  if (attach == NULL)
    die ("attach", error);
  sqlite3_bind_text (attach, 1, to, -1, SQLITE_STATIC);
  if (!amparo_db_step_done (db, attach, &error))
    die ("attach", error);
  version = amparo_db_query_text (db, "PRAGMA main.user_version;");
  sql = g_strdup_printf ("PRAGMA plain.page_size = 4096;"
                         "SELECT sqlcipher_export ('plain');"
                         "PRAGMA plain.user_version = %d;", atoi (version));
  if (!amparo_db_exec (db, sql, &error) || !amparo_db_exec (db, "DETACH DATABASE plain;", &error))
    die ("sqlcipher_export", error);
}

/* The same vault, unencrypted, under cache/plain: the same code opens it
 * without a key (AMPARO_TEST_PLAIN_DIR, test builds only). */
static void
make_plain (Dataset *d)
{
  g_autofree char *ready = ready_marker (d->plain_dir);
  g_autofree char *keys_from = g_build_filename (d->dir, "keys", NULL);
  g_autofree char *keys_to = g_build_filename (d->plain_dir, "keys", NULL);
  g_autofree char *cases = g_build_filename (d->plain_dir, "cases.db", NULL);
  g_autofree char *contacts = g_build_filename (d->plain_dir, "contacts.db", NULL);
  g_autofree char *keys = NULL;
  g_autoptr(AmparoVault) vault = NULL;
  g_autoptr(GError) error = NULL;
  gsize len;

  if (g_file_test (ready, G_FILE_TEST_EXISTS))
    return;
  note ("making a plain copy of the %s vault", d->name);
  amparo_test_remove_dir (d->plain_dir);
  if (g_mkdir_with_parents (d->plain_dir, 0700) != 0)
    die ("plain copy folder", NULL);
  vault = unlock (d->dir);
  export_plain (amparo_vault_get_cases_db (vault, NULL), cases);
  export_plain (amparo_vault_get_contacts_db (vault, NULL), contacts);
  if (!g_file_get_contents (keys_from, &keys, &len, &error)
      || !g_file_set_contents (keys_to, keys, len, &error)
      || !g_file_set_contents (ready, "", 0, &error))
    die ("plain copy", error);
}

static void
dataset_open (Dataset *d)
{
  make_agency (d);
  d->vault = unlock (d->dir);
  trust_coordinator (d->vault);
  if (have_plain)
    make_plain (d);
  if (d->plain_dir != NULL && have_plain)
    d->plain = unlock (d->plain_dir);
}

/* ------------------------------------------------------------------- W1 */

static void
bench_kdf_product (void)
{
  guint8 key[32], salt[crypto_pwhash_SALTBYTES] = { 0 };
  double start = now_ms ();

  if (crypto_pwhash (key, sizeof key, PASSPHRASE, strlen (PASSPHRASE), salt,
                     crypto_pwhash_OPSLIMIT_MODERATE, crypto_pwhash_MEMLIMIT_MODERATE,
                     crypto_pwhash_ALG_ARGON2ID13) != 0)
    die ("Argon2id", NULL);
  figure ("W1", "kdf-product", NULL, now_ms () - start, "ms");
}

static void
bench_unlock (Dataset *d)
{
  g_autofree char *keys_path = g_build_filename (d->dir, "keys", NULL);
  g_autoptr(AmparoKeyFile) kf = NULL;
  g_autoptr(AmparoSecret) kek = NULL;
  g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) cpu = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GError) error = NULL;

  kf = amparo_key_file_load (keys_path, &error);
  if (kf == NULL || (kek = amparo_key_file_derive_kek (kf, USER, PASSPHRASE, &error)) == NULL)
    die ("key file", error);
  /* one unlock to warm the file cache, as the passphrase prompt does */
  for (int i = 0; i <= repeat; i++)
    {
      TIMED_START;
      g_autoptr(AmparoVault) vault = amparo_vault_unlock_with_kek (d->dir, USER, kek, &error);
      double t = TIMED_END;

      if (vault == NULL)
        die ("unlock", error);
      if (i > 0)
        {
          g_array_append_val (times, t);
          g_array_append_val (cpu, last_cpu);
        }
    }
  figure ("W1", "unlock", d->name, median (times), "ms");
  figure ("W1", "unlock-cpu", d->name, median (cpu), "ms");
}

/* ------------------------------------------------------------------- W2 */

static GListModel *
list_cases (AmparoVault *vault,
            const char  *search)
{
  g_autoptr(AmparoCaseFilter) filter = amparo_case_filter_new ();
  g_autoptr(GError) error = NULL;
  GListModel *model;

  /* the case list's default: open cases */
  model = amparo_case_index_query (vault, search, filter, NULL, &error);
  if (model == NULL)
    die ("case list", error);
  return model;
}

/* What someone types to find a case: the start of a name, letter by
 * letter, then the start of a reference code. */
static GPtrArray *
keystrokes (AmparoVault *vault)
{
  g_autoptr(GListModel) all = list_cases (vault, NULL);
  GPtrArray *typed = g_ptr_array_new_with_free_func (g_free);
  guint n = g_list_model_get_n_items (all);

  for (guint i = n / 3; i < n; i++)
    {
      g_autoptr(AmparoCaseRow) row = g_list_model_get_item (all, i);
      const char *name = amparo_case_row_get_display_name (row);
      const char *code = amparo_case_row_get_ref_code (row);

      if (name == NULL || strlen (name) < 4)
        continue;
      for (int len = 1; len <= 4; len++)
        g_ptr_array_add (typed, g_utf8_substring (name, 0, len));
      for (int len = 1; len <= 4; len++)
        g_ptr_array_add (typed, g_strndup (code, len));
      break;
    }
  if (typed->len == 0)
    die ("no case with a name to search for", NULL);
  return typed;
}

static double
time_list (AmparoVault *vault)
{
  TIMED_START;
  g_autoptr(GListModel) model = list_cases (vault, NULL);

  return TIMED_END;
}

/* A keystroke as the case list handles it: its rows, loaded once per
 * filter, narrowed in memory. */
static double
time_keystroke (GListModel *all,
                const char *typed)
{
  TIMED_START;
  g_autoptr(GListModel) found = amparo_case_index_filter (all, typed);

  return TIMED_END;
}

/* The same search as a query of its own (the command line's path). */
static double
time_search_query (AmparoVault *vault,
                   const char  *typed)
{
  TIMED_START;
  g_autoptr(GListModel) model = list_cases (vault, typed);

  return TIMED_END;
}

static void
bench_search (Dataset *d)
{
  g_autoptr(GPtrArray) typed = keystrokes (d->vault);
  g_autoptr(GListModel) all = list_cases (d->vault, NULL);
  g_autoptr(GArray) keys = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) queries = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) keys_cpu = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) enc = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) plain = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) enc_cpu = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) plain_cpu = g_array_new (FALSE, FALSE, sizeof (double));

  if (d->plain != NULL)
    time_list (d->plain);
  for (int r = 0; r < repeat; r++)
    {
      double t = time_list (d->vault);

      g_array_append_val (enc, t);
      g_array_append_val (enc_cpu, last_cpu);
      if (d->plain != NULL)
        {
          t = time_list (d->plain);
          g_array_append_val (plain, t);
          g_array_append_val (plain_cpu, last_cpu);
        }
    }
  for (int r = 0; r < repeat; r++)
    for (guint i = 0; i < typed->len; i++)
      {
        double t = time_keystroke (all, g_ptr_array_index (typed, i));

        g_array_append_val (keys, t);
        g_array_append_val (keys_cpu, last_cpu);
      }
  for (guint i = 0; i < typed->len; i++)
    {
      double t = time_search_query (d->vault, g_ptr_array_index (typed, i));

      g_array_append_val (queries, t);
    }
  figure ("W2", "keystroke", d->name, median (keys), "ms");
  figure ("W2", "keystroke-cpu", d->name, median (keys_cpu), "ms");
  figure ("W2", "keystroke-max", d->name, max_of (keys), "ms");
  figure ("W2", "search-query", d->name, median (queries), "ms");
  figure ("W2", "full-list", d->name, median (enc), "ms");
  figure ("W2", "full-list-cpu", d->name, median (enc_cpu), "ms");
  if (plain->len > 0)
    {
      figure ("W2", "tax", d->name, median (enc) / median (plain), "ratio");
      figure ("W2", "tax-cpu", d->name, median (enc_cpu) / median (plain_cpu), "ratio");
    }
}

/* ------------------------------------------------------------------- W3 */

static GArray *
sample_cases (AmparoVault *vault,
              guint        n)
{
  /* spread over the case list's order; read with SQL, not by loading the
   * whole list, whose 100,000 freed rows would make the first timed open
   * pay for glibc consolidating them */
  sqlite3 *db = amparo_vault_get_cases_db (vault, NULL);
  gint64 total = amparo_db_query_int (db, "SELECT count(*) FROM cases WHERE complete = 1;", 0);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GError) error = NULL;

  stmt = amparo_db_prepare (db, "SELECT id FROM cases WHERE complete = 1"
                                " ORDER BY last_activity DESC, id DESC LIMIT 1 OFFSET ?;", &error);
  if (stmt == NULL)
    die ("case sample", error);
  for (guint i = 0; i < n && total > 0; i++)
    {
      sqlite3_bind_int64 (stmt, 1, (gint64) i * total / n);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        {
          gint64 id = sqlite3_column_int64 (stmt, 0);

          g_array_append_val (ids, id);
        }
      sqlite3_reset (stmt);
    }
  return ids;
}

static double
time_open_case (AmparoVault *vault,
                gint64       id)
{
  g_autoptr(GError) error = NULL;
  TIMED_START;
  g_autoptr(AmparoCase) kase = amparo_case_load (vault, id, &error);
  g_autoptr(GPtrArray) history = kase != NULL ? amparo_case_history (vault, id, &error) : NULL;
  /* the case page's releases and referrals section */
  g_autoptr(GPtrArray) releases = history != NULL ? amparo_releases_list (vault, id, &error)
                                                  : NULL;
  g_autoptr(GPtrArray) referrals = releases != NULL ? amparo_referrals_list (vault, id, &error)
                                                    : NULL;
  g_autoptr(GPtrArray) disclosures = referrals != NULL
                                     ? amparo_disclosures_list (vault, id, NULL, NULL, &error)
                                     : NULL;

  if (disclosures == NULL)
    die ("open case", error);
  return TIMED_END;
}

static void
bench_open_case (Dataset *d)
{
  g_autoptr(GArray) ids = sample_cases (d->vault, 12);
  g_autoptr(GArray) enc = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) plain = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) enc_cpu = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) plain_cpu = g_array_new (FALSE, FALSE, sizeof (double));

  for (int r = 0; r < MAX (1, repeat / 2); r++)
    for (guint i = 0; i < ids->len; i++)
      {
        gint64 id = g_array_index (ids, gint64, i);
        double t = time_open_case (d->vault, id);

        g_array_append_val (enc, t);
        g_array_append_val (enc_cpu, last_cpu);
        if (d->plain != NULL)
          {
            t = time_open_case (d->plain, id);
            g_array_append_val (plain, t);
            g_array_append_val (plain_cpu, last_cpu);
          }
      }
  figure ("W3", "open-case", d->name, median (enc), "ms");
  figure ("W3", "open-case-cpu", d->name, median (enc_cpu), "ms");
  figure ("W3", "open-case-max", d->name, max_of (enc), "ms");
  if (plain->len > 0)
    {
      figure ("W3", "tax", d->name, median (enc) / median (plain), "ratio");
      figure ("W3", "tax-cpu", d->name, median (enc_cpu) / median (plain_cpu), "ratio");
    }
}

/* ------------------------------------------------------------------- W4 */

static double
time_export (AmparoVault *vault,
             const char  *to_dir)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  double t;
  TIMED_START;

  if (!amparo_share_export (vault, PERIOD, to_dir, &path, &error))
    die ("export", error);
  t = TIMED_END;
  g_unlink (path);
  return t;
}

static double
time_report (AmparoVault *vault)
{
  g_autoptr(GError) error = NULL;
  TIMED_START;
  g_autoptr(AmparoReport) report = amparo_report_build (vault, PERIOD, &error);

  if (report == NULL)
    die ("report", error);
  return TIMED_END;
}

static void
bench_report (Dataset *d)
{
  g_autofree char *out = g_build_filename (cache_dir, "out", NULL);
  g_autoptr(GArray) enc = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) plain = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) report = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) enc_cpu = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) plain_cpu = g_array_new (FALSE, FALSE, sizeof (double));

  g_mkdir_with_parents (out, 0700);
  for (int r = 0; r < repeat; r++)
    {
      double t = time_export (d->vault, out);

      g_array_append_val (enc, t);
      g_array_append_val (enc_cpu, last_cpu);
      if (d->plain != NULL)
        {
          t = time_export (d->plain, out);
          g_array_append_val (plain, t);
          g_array_append_val (plain_cpu, last_cpu);
        }
      t = time_report (d->vault);
      g_array_append_val (report, t);
    }
  figure ("W4", "report-only", d->name, median (report), "ms");
  figure ("W4", "report-sealed", d->name, median (enc), "ms");
  figure ("W4", "report-sealed-cpu", d->name, median (enc_cpu), "ms");
  if (plain->len > 0)
    {
      figure ("W4", "tax", d->name, median (enc) / median (plain), "ratio");
      figure ("W4", "tax-cpu", d->name, median (enc_cpu) / median (plain_cpu), "ratio");
    }
}

/* ------------------------------------------------------------------- W5 */

static void
bench_coordinator (void)
{
  g_autofree char *dir = g_build_filename (cache_dir, "w5", NULL);
  g_autofree char *vault_dir = g_build_filename (dir, "vault", NULL);
  g_autofree char *files = g_build_filename (dir, "stick", NULL);
  g_autoptr(AmparoVault) vault = NULL;
  g_autoptr(GBytes) card_bytes = NULL;
  g_autoptr(AmparoCard) card = NULL;
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(AmparoRegionalReport) combined = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  double imported, imported_cpu;

  amparo_test_remove_dir (dir);
  g_mkdir_with_parents (files, 0700);
  vault = amparo_vault_create (vault_dir, AMPARO_VAULT_KIND_COORDINATOR, "Benchmark Coalition",
                               USER, PASSPHRASE, &error);
  if (vault == NULL || !amparo_coordinator_card (vault, &card_bytes, NULL, &error)
      || (card = amparo_card_from_bytes (card_bytes, &error)) == NULL)
    die ("coordinator", error);
  note ("sealing %d summaries for W5", n_summaries);
  for (gint a = 1; a <= n_summaries; a++)
    {
      g_autofree char *id = amparo_test_agency_id ((guint32) a);
      g_autofree char *name = g_strdup_printf ("Agency %d", a);
      g_autofree char *file = g_strdup_printf ("summary-%03d.amparo", a);
      g_autoptr(AmparoTestSummary) ts = amparo_test_summary_new (id, name, COORD_PERIOD, 1, 5,
                                                                 (guint32) a, 0);
      g_autoptr(GBytes) sealed = NULL;
      guint8 pk[32], sk[64];

      amparo_test_agency_keys ((guint32) a, pk, sk);
      sealed = amparo_test_summary_seal (ts, card->key, sk);
      g_ptr_array_add (paths, amparo_test_write_file (files, file, sealed));
    }
  g_ptr_array_add (paths, NULL);

  TIMED_START;
  results = amparo_coordinator_import_paths (vault, (const char * const *) paths->pdata,
                                             AMPARO_IMPORT_POLICY_TRUST_NEW, NULL, NULL, NULL,
                                             &error);
  if (results == NULL)
    die ("import", error);
  imported = TIMED_END;
  imported_cpu = last_cpu;
  for (guint i = 0; i < results->len; i++)
    if (!amparo_import_result_is_ok (g_ptr_array_index (results, i)))
      die ("a summary was not imported", NULL);
  combined = amparo_regional_report_new (vault, COORD_PERIOD, &error);
  if (combined == NULL)
    die ("combined report", error);
  text = amparo_regional_report_format (combined, AMPARO_REGIONAL_FORMAT_TEXT, TRUE);
  figure ("W5", "import", NULL, imported, "ms");
  figure ("W5", "import-cpu", NULL, imported_cpu, "ms");
  figure ("W5", "import-and-report", NULL, TIMED_END, "ms");
  figure ("W5", "import-and-report-cpu", NULL, last_cpu, "ms");
  figure ("W5", "files", NULL, n_summaries, "files");
  g_clear_object (&vault);
  amparo_test_remove_dir (dir);
}

/* ------------------------------------------------------------------- W6 */

typedef struct
{
  GMainLoop        *loop;
  GDataInputStream *out;
  gboolean          loaded;
  const char       *pid;
  gint64            max_before;   /* KiB, sampled until the list is shown */
  gint64            max_after;    /* KiB, sampled after */
} AppRun;

static void
app_line_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  AppRun *run = user_data;
  g_autofree char *line = g_data_input_stream_read_line_finish (run->out, result, NULL, NULL);

  if (line == NULL)
    {
      g_main_loop_quit (run->loop);
      return;
    }
  if (g_str_equal (line, "amparo-test: case list loaded"))
    {
      run->loaded = TRUE;
      g_main_loop_quit (run->loop);
      return;
    }
  g_data_input_stream_read_line_async (run->out, G_PRIORITY_DEFAULT, NULL, app_line_cb, run);
}

static gboolean
quit_cb (gpointer loop)
{
  g_main_loop_quit (loop);
  return G_SOURCE_REMOVE;
}

static void
app_exited_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      loop)
{
  g_subprocess_wait_finish (G_SUBPROCESS (source), result, NULL);
  g_main_loop_quit (loop);
}

static gint64 status_kib (const char *pid,
                          const char *field);

/* VmHWM is not enough: on this kernel it missed the 256 MiB that the
 * product key derivation (Argon2id) touches during unlock, so the
 * resident size is also sampled every 10 ms. */
static gboolean
sample_rss_cb (gpointer data)
{
  AppRun *run = data;
  gint64 rss = status_kib (run->pid, "VmRSS:");

  if (run->loaded)
    run->max_after = MAX (run->max_after, rss);
  else
    run->max_before = MAX (run->max_before, rss);
  return G_SOURCE_CONTINUE;
}

static gint64
status_kib (const char *pid,
            const char *field)
{
  g_autofree char *path = g_strdup_printf ("/proc/%s/status", pid);
  g_autofree char *text = NULL;
  const char *p;

  if (!g_file_get_contents (path, &text, NULL, NULL) || (p = strstr (text, field)) == NULL)
    return -1;
  return g_ascii_strtoll (p + strlen (field) + 1, NULL, 10);
}

static void
bench_app (Dataset    *d,
           gboolean    without_gl)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) app = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  AppRun run = { loop, NULL, FALSE, NULL, 0, 0 };
  const char *pid;
  guint timeout, sampler;
  gint64 peak, rss, anon;

  if (app_path == NULL || !g_file_test (app_path, G_FILE_TEST_IS_EXECUTABLE)
      || g_getenv ("DISPLAY") == NULL)
    {
      note ("W6 skipped: it needs the app (--app) and a display (run under xvfb-run)");
      return;
    }
  /* the app gets the vault to itself */
  g_clear_object (&d->vault);
  g_clear_object (&d->plain);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_subprocess_launcher_setenv (launcher, "GSK_RENDERER", "cairo", TRUE);
  g_subprocess_launcher_setenv (launcher, "GSETTINGS_BACKEND", "memory", TRUE);
  g_subprocess_launcher_setenv (launcher, "NO_AT_BRIDGE", "1", TRUE);
  g_subprocess_launcher_setenv (launcher, "AMPARO_TEST_UNLOCK_USER", USER, TRUE);
  g_subprocess_launcher_setenv (launcher, "AMPARO_TEST_UNLOCK_PASSPHRASE", PASSPHRASE, TRUE);
  g_subprocess_launcher_unsetenv (launcher, "AMPARO_TEST_PLAIN_DIR");
  /* Xvfb has no GPU: GTK's GL probe loads Mesa's software renderer */
  if (without_gl)
    g_subprocess_launcher_setenv (launcher, "GDK_DEBUG", "gl-disable", TRUE);
#ifdef BENCH_SCHEMA_DIR
  g_subprocess_launcher_setenv (launcher, "GSETTINGS_SCHEMA_DIR", BENCH_SCHEMA_DIR, FALSE);
#endif
  app = g_subprocess_launcher_spawn (launcher, &error, app_path, "--vault", d->dir, NULL);
  if (app == NULL)
    die ("start the app", error);
  pid = g_subprocess_get_identifier (app);
  run.pid = pid;
  sampler = g_timeout_add (10, sample_rss_cb, &run);
  run.out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (app));
  g_data_input_stream_read_line_async (run.out, G_PRIORITY_DEFAULT, NULL, app_line_cb, &run);
  timeout = g_timeout_add_seconds (300, quit_cb, loop);
  g_main_loop_run (loop);
  g_source_remove (timeout);
  if (!run.loaded)
    {
      g_source_remove (sampler);
      g_subprocess_force_exit (app);
      g_object_unref (run.out);
      note ("W6: the app did not show its case list (a build without test hooks?)");
      return;
    }
  /* let it draw the first rows */
  g_timeout_add (2000, quit_cb, loop);
  g_main_loop_run (loop);
  peak = status_kib (pid, "VmHWM:");
  rss = status_kib (pid, "VmRSS:");
  anon = status_kib (pid, "RssAnon:");
  g_source_remove (sampler);
  g_subprocess_send_signal (app, SIGTERM);
  timeout = g_timeout_add_seconds (20, quit_cb, loop);
  g_subprocess_wait_async (app, NULL, app_exited_cb, loop);
  g_main_loop_run (loop);
  g_source_remove (timeout);
  g_subprocess_force_exit (app);
  g_object_unref (run.out);
  if (without_gl)
    {
      figure ("W6", "rss-peak-no-gl", d->name, peak / 1024.0, "MiB");
      return;
    }
  figure ("W6", "rss-peak", d->name, peak / 1024.0, "MiB");
  figure ("W6", "rss-shown", d->name, rss / 1024.0, "MiB");
  /* the highest sample once the list is loaded, and before: unlocking
   * derives the key with Argon2id, which touches 256 MiB by design */
  figure ("W6", "rss-sampled-max-shown", d->name, MAX (run.max_after, rss) / 1024.0, "MiB");
  figure ("W6", "rss-sampled-max-unlock", d->name, run.max_before / 1024.0, "MiB");
  /* the app's own memory, without the libraries mapped from disk (under
   * Xvfb, Mesa's software GL brings libLLVM: about 44 MiB) */
  figure ("W6", "rss-anon", d->name, anon / 1024.0, "MiB");
}

/* ------------------------------------------------------------------ main */

static gboolean
wanted (const char *workload)
{
  return chosen == NULL || g_strv_contains ((const char * const *) chosen, workload);
}

static const GOptionEntry entries[] = {
  { "cache", 'c', 0, G_OPTION_ARG_FILENAME, &cache_dir,
    "Keep the vaults in DIR (made the first time)", "DIR" },
  { "workloads", 'w', 0, G_OPTION_ARG_STRING, &workloads,
    "Which workloads, e.g. W2,W4 (all by default)", "LIST" },
  { "sizes", 0, 0, G_OPTION_ARG_STRING, &sizes,
    "Which datasets: small, large or small,large (the default)", "LIST" },
  { "small-cases", 0, 0, G_OPTION_ARG_INT, &small_cases, "Cases in the small vault (2000)", "N" },
  { "large-cases", 0, 0, G_OPTION_ARG_INT, &large_cases, "Cases in the large vault (100000)", "N" },
  { "summaries", 0, 0, G_OPTION_ARG_INT, &n_summaries, "Summaries for W5 (200)", "N" },
  { "repeat", 0, 0, G_OPTION_ARG_INT, &repeat, "Runs of each timing (5)", "N" },
  { "app", 0, 0, G_OPTION_ARG_FILENAME, &app_path, "The desktop app, for W6", "PATH" },
  { "no-app", 0, 0, G_OPTION_ARG_NONE, &no_app, "Skip W6", NULL },
  { "quick", 0, 0, G_OPTION_ARG_NONE, &quick,
    "Skip the product key derivation and W6 (for the smoke test)", NULL },
  { NULL }
};

int
main (int    argc,
      char **argv)
{
  g_autoptr(GOptionContext) oc = g_option_context_new ("- Amparo's benchmark");
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) which = NULL;
  g_autofree char *plain_root = NULL;
  Dataset sets[2] = { { "small", 0 }, { "large", 0 } };
  g_auto(GStrv) original_argv = g_strdupv (argv);

  g_option_context_add_main_entries (oc, entries, NULL);
  if (!g_option_context_parse (oc, &argc, &argv, &error) || cache_dir == NULL
      || small_cases < 1 || large_cases < 1 || n_summaries < 1 || repeat < 1)
    {
      g_printerr ("%s\n", error != NULL ? error->message
                                        : "usage: amparo-bench --cache DIR [OPTIONS]");
      return 2;
    }
#ifdef BENCH_APP_PATH
  if (app_path == NULL)
    app_path = g_strdup (BENCH_APP_PATH);
#endif
  if (no_app || quick)
    g_clear_pointer (&app_path, g_free);

  /* W6 needs a display: run again under xvfb-run when there is none */
  if (app_path != NULL && g_getenv ("DISPLAY") == NULL && g_getenv ("AMPARO_BENCH_XVFB") == NULL)
    {
      g_autofree char *xvfb_run = g_find_program_in_path ("xvfb-run");
      g_autofree char *self_exe = g_file_read_link ("/proc/self/exe", NULL);
      g_autoptr(GPtrArray) args = g_ptr_array_new ();

      if (xvfb_run != NULL && self_exe != NULL)
        {
          g_setenv ("AMPARO_BENCH_XVFB", "1", TRUE);
          g_ptr_array_add (args, xvfb_run);
          g_ptr_array_add (args, "-a");
          g_ptr_array_add (args, "-s");
          g_ptr_array_add (args, "-screen 0 1280x800x24");
          g_ptr_array_add (args, self_exe);
          for (int i = 1; original_argv[i] != NULL; i++)
            g_ptr_array_add (args, original_argv[i]);
          g_ptr_array_add (args, NULL);
          fflush (stdout);
          execv (xvfb_run, (char **) args->pdata);
          note ("could not run xvfb-run: W6 will be skipped");
        }
    }

  if (sodium_init () < 0)
    die ("libsodium", NULL);
  /* building vaults may use the cheap test KDF (test builds only); W1's
   * figure for the product's key derivation is measured apart */
  g_setenv ("AMPARO_TEST_KDF", "interactive", FALSE);
  {
    char *given = cache_dir;

    cache_dir = g_canonicalize_filename (given, NULL);
    g_free (given);
  }
  if (g_mkdir_with_parents (cache_dir, 0700) != 0)
    die ("cache folder", NULL);
  plain_root = g_build_filename (cache_dir, "plain", NULL);
#if AMPARO_ENABLE_TEST_HOOKS
  have_plain = TRUE;
  g_setenv ("AMPARO_TEST_PLAIN_DIR", plain_root, TRUE);
#else
  note ("no encryption-tax ratios: they need a build with -Dtest_hooks=true");
#endif

  which = g_strsplit (sizes != NULL ? sizes : "small,large", ",", -1);
  sets[0].n_cases = (guint) small_cases;
  sets[1].n_cases = (guint) large_cases;
  for (guint s = 0; s < G_N_ELEMENTS (sets); s++)
    {
      g_autofree char *base = g_strdup_printf ("%s-%u", sets[s].name, sets[s].n_cases);

      sets[s].dir = g_build_filename (cache_dir, base, NULL);
      sets[s].plain_dir = g_build_filename (plain_root, base, NULL);
    }

  if (workloads != NULL)
    chosen = g_strsplit (workloads, ",", -1);
  if (!quick && wanted ("W1"))
    bench_kdf_product ();
  for (guint s = 0; s < G_N_ELEMENTS (sets); s++)
    {
      Dataset *d = &sets[s];

      if (!g_strv_contains ((const char * const *) which, d->name))
        continue;
      dataset_open (d);
      if (wanted ("W1"))
        bench_unlock (d);
      if (wanted ("W2"))
        bench_search (d);
      if (wanted ("W3"))
        bench_open_case (d);
      if (wanted ("W4"))
        bench_report (d);
    }
  if (wanted ("W5"))
    bench_coordinator ();
  for (int s = G_N_ELEMENTS (sets) - 1; s >= 0 && app_path != NULL && wanted ("W6"); s--)
    if (g_strv_contains ((const char * const *) which, sets[s].name))
      {
        note ("%s vault: W6 app memory", sets[s].name);
        bench_app (&sets[s], FALSE);
        bench_app (&sets[s], TRUE);
        break;
      }

  for (guint s = 0; s < G_N_ELEMENTS (sets); s++)
    {
      g_clear_object (&sets[s].vault);
      g_clear_object (&sets[s].plain);
      g_free (sets[s].dir);
      g_free (sets[s].plain_dir);
    }
  g_clear_pointer (&chosen, g_strfreev);
  g_free (cache_dir);
  g_free (sizes);
  g_free (workloads);
  g_free (app_path);
  return 0;
}
