/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include <sys/mount.h>
#include <sodium.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "amparo-card.h"
#include "amparo-cases.h"
#include "amparo-db.h"
#include "amparo-error.h"
#include "amparo-safe-file.h"
#include "amparo-share.h"
#include "amparo-summary.h"
#include "amparo-test-fixture.h"
#include "amparo-test-util.h"

#define PERIOD "2026-Q1"

typedef struct
{
  char        *dir;        /* the agency's vault */
  char        *out;        /* where summaries go */
  AmparoVault *vault;
  sqlite3     *db;
  guint8       coord_pk[crypto_box_PUBLICKEYBYTES];
  guint8       coord_sk[crypto_box_SECRETKEYBYTES];
  char        *card_path;
} Fixture;

static char *
write_card (const char   *dir,
            const char   *name,
            const guint8  pk[32])
{
  g_autoptr(AmparoCard) card = amparo_card_new_coordinator (name, pk);
  g_autofree char *json = amparo_card_to_json (card);
  char *path = g_build_filename (dir, "coordinator.ampc", NULL);

  g_assert_true (g_file_set_contents (path, json, -1, NULL));
  return path;
}

static void
trust (Fixture *f)
{
  g_autoptr(GBytes) bytes = amparo_safe_file_read (f->card_path, AMPARO_CARD_MAX_SIZE, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *fingerprint = NULL;

  g_assert_true (amparo_share_trust_card (f->vault, bytes, &fingerprint, &error));
  g_assert_no_error (error);
  g_assert_nonnull (fingerprint);
}

static void
setup_untrusted (Fixture       *f,
                 gconstpointer  data)
{
  g_assert_cmpint (sodium_init (), >=, 0);
  f->dir = amparo_test_make_dir ();
  f->out = amparo_test_make_dir ();
  f->vault = amparo_test_create_vault (f->dir, AMPARO_VAULT_KIND_AGENCY);
  f->db = amparo_vault_get_cases_db (f->vault, NULL);
  crypto_box_keypair (f->coord_pk, f->coord_sk);
  f->card_path = write_card (f->out, "Regional Coalition", f->coord_pk);
  amparo_test_fill_cases (f->vault, 300, GPOINTER_TO_UINT (data) + 3, TRUE);
}

static void
setup (Fixture       *f,
       gconstpointer  data)
{
  setup_untrusted (f, data);
  trust (f);
}

static void
teardown (Fixture       *f,
          gconstpointer  data)
{
  g_clear_object (&f->vault);
  amparo_test_remove_dir (f->dir);
  amparo_test_remove_dir (f->out);
  g_free (f->dir);
  g_free (f->out);
  g_free (f->card_path);
}

static char *
open_summary (Fixture    *f,
              const char *path)
{
  g_autoptr(GBytes) bytes = amparo_safe_file_read (path, AMPARO_SUMMARY_MAX_SIZE, NULL);
  g_autoptr(GError) error = NULL;
  guint8 sign_pk[32];
  char *payload = NULL;

  g_assert_nonnull (bytes);
  g_assert_true (amparo_summary_open (bytes, f->coord_pk, f->coord_sk, &payload, sign_pk,
                                      &error));
  g_assert_no_error (error);
  return payload;
}

static char *
export_ok (Fixture    *f,
           const char *period)
{
  g_autoptr(GError) error = NULL;
  char *path = NULL;

  g_assert_true (amparo_share_export (f->vault, period, f->out, &path, &error));
  g_assert_no_error (error);
  return path;
}

static guint
count_files (const char *dir,
             const char *suffix)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;
  guint n = 0;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    n += suffix == NULL || g_str_has_suffix (name, suffix);
  return n;
}

/* Everything in the vault an export may change. */
static char *
vault_state (Fixture *f)
{
  const char *tables[] = { "settings", "exports", "audit", "coordinators", "cases" };
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
    {
      g_autofree char *digest = amparo_test_table_digest (f->db, tables[i]);
      g_string_append_printf (s, "%s=%s\n", tables[i], digest);
    }
  return g_string_free (s, FALSE);
}

/* ------------------------------------------------------- leak test */

typedef struct
{
  GHashTable *forbidden;   /* reference codes and case numbers, as strings */
  guint       strings;
  guint       ints;
} Walk;

static const char *const int_members[] = { "format", "k", "sequence", "total", "count", NULL };

static void
walk_node (Walk       *w,
           JsonNode   *node,
           const char *member)
{
  switch (json_node_get_node_type (node))
    {
    case JSON_NODE_OBJECT:
      {
        JsonObjectIter iter;
        const char *name;
        JsonNode *child;

        json_object_iter_init (&iter, json_node_get_object (node));
        while (json_object_iter_next (&iter, &name, &child))
          walk_node (w, child, name);
        break;
      }
    case JSON_NODE_ARRAY:
      {
        JsonArray *array = json_node_get_array (node);
        for (guint i = 0; i < json_array_get_length (array); i++)
          walk_node (w, json_array_get_element (array, i), member);
        break;
      }
    case JSON_NODE_VALUE:
      if (json_node_get_value_type (node) == G_TYPE_STRING)
        {
          const char *s = json_node_get_string (node);
          g_assert_false (g_hash_table_contains (w->forbidden, s));
          g_assert_null (strstr (s, AMPARO_TEST_MARKER));
          w->strings++;
        }
      else if (json_node_get_value_type (node) == G_TYPE_INT64)
        {
          /* a number may only be a count, a total, k, the format or the
           * sequence: no member could carry a case number */
          g_assert_true (g_strv_contains (int_members, member));
          w->ints++;
        }
      break;
    case JSON_NODE_NULL:
      g_assert_cmpstr (member, ==, "total");
      break;
    }
}

static void
assert_payload_clean (Fixture    *f,
                      const char *payload)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AmparoSummary) summary = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GRegex) dates = g_regex_new ("[0-9]{4}-[0-9]{2}-[0-9]{2}", 0, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *today = amparo_date_today ();
  Walk w = { 0 };
  guint n_dates = 0;

  /* no marker anywhere, not even inside a longer string */
  g_assert_null (strstr (payload, AMPARO_TEST_MARKER));
  g_assert_null (strstr (payload, "ZZQ"));

  /* only the members of DESIGN 5.2, suppression intact */
  summary = amparo_summary_from_json (payload, strlen (payload), &error);
  g_assert_no_error (error);
  g_assert_true (amparo_summary_validate_suppression (summary, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (summary->tables->len, >, 10);

  /* no date finer than the period but the generation date */
  g_regex_match (dates, payload, 0, &match);
  while (g_match_info_matches (match))
    {
      g_autofree char *d = g_match_info_fetch (match, 0);
      g_assert_cmpstr (d, ==, today);
      n_dates++;
      g_match_info_next (match, NULL);
    }
  g_assert_cmpuint (n_dates, ==, 1);
  g_assert_cmpstr (summary->generated, ==, today);

  /* no reference code or case number as a string; numbers only as counts */
  w.forbidden = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_assert_cmpint (sqlite3_prepare_v2 (f->db, "SELECT ref_code, id FROM cases;", -1, &stmt, NULL),
                   ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_hash_table_add (w.forbidden, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
      g_hash_table_add (w.forbidden, g_strdup_printf ("%" G_GINT64_FORMAT,
                                                      (gint64) sqlite3_column_int64 (stmt, 1)));
      g_assert_null (strstr (payload, (const char *) sqlite3_column_text (stmt, 0)));
    }
  g_assert_cmpuint (g_hash_table_size (w.forbidden), >=, 600);
  g_assert_true (json_parser_load_from_data (parser, payload, -1, &error));
  walk_node (&w, json_parser_get_root (parser), NULL);
  g_assert_cmpuint (w.strings, >, 100);
  g_assert_cmpuint (w.ints, >, 100);
  g_hash_table_unref (w.forbidden);
}

static void
test_leak (Fixture       *f,
           gconstpointer  data)
{
  g_autofree char *path = NULL;
  g_autofree char *sealed_payload = NULL;
  g_autofree char *cli_payload = NULL;
  g_autofree char *err = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *base = NULL;
  g_autoptr(GRegex) name = g_regex_new ("^amparo-2026-Q1-[" AMPARO_SAFE_FILE_NAME_ALPHABET "]{8}"
                                        "\\.amps$", 0, 0, NULL);
  int status;

  /* the markers really are in the vault */
  g_assert_cmpint (amparo_db_query_int (f->db, "SELECT COUNT(*) FROM services"
                                               " WHERE staff LIKE 'ZZQMARKER-%';", 0), >, 0);

  path = export_ok (f, PERIOD);
  base = g_path_get_basename (path);
  g_assert_true (g_regex_match (name, base, 0, NULL));
  g_assert_null (strstr (base, "Test"));
  /* sealed: nothing readable in the file itself */
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_null (strstr (contents, "Test Agency"));
  g_assert_null (strstr (contents, "age_band"));

  sealed_payload = open_summary (f, path);
  assert_payload_clean (f, sealed_payload);

  status = amparo_test_run_cli (TEST_PASSPHRASE "\n", &cli_payload, &err, "--vault", f->dir,
                                "--user", "ana", "preview", "--period", PERIOD, "--format",
                                "json", NULL);
  g_assert_cmpint (status, ==, 0);
  g_assert_cmpstr (err, ==, "");
  assert_payload_clean (f, cli_payload);
}

/* -------------------------------------------------- failing writes */

static gboolean
mount_tmpfs (const char *dir,
             const char *options)
{
  if (mount ("tmpfs", dir, "tmpfs", 0, options) != 0)
    return FALSE;
  return TRUE;
}

static void
assert_export_fails_cleanly (Fixture    *f,
                             const char *dir,
                             const char *expect_word)
{
  g_autofree char *before = vault_state (f);
  g_autofree char *after = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  gint64 sequence = amparo_vault_get_setting_int (f->vault, "export_sequence", -1);
  guint files = count_files (dir, NULL);

  g_assert_false (amparo_share_export (f->vault, PERIOD, dir, &path, &error));
  g_assert_error (error, AMPARO_ERROR, AMPARO_ERROR_IO);
  g_assert_null (path);
  g_assert_null (strchr (error->message, '\n'));
  g_assert_nonnull (strstr (error->message, expect_word));
  /* no file under a final name, no half file either */
  g_assert_cmpuint (count_files (dir, ".amps"), ==, 0);
  g_assert_cmpuint (count_files (dir, NULL), ==, files);
  /* nothing changed in the vault */
  after = vault_state (f);
  g_assert_cmpstr (after, ==, before);
  g_assert_cmpint (amparo_vault_get_setting_int (f->vault, "export_sequence", -1), ==, sequence);
  g_assert_cmpint (amparo_db_query_int (f->db, "SELECT COUNT(*) FROM exports;", -1), ==, 0);
}

static void
test_full_stick (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *stick = g_build_filename (f->out, "stick", NULL);
  g_autofree char *filler = g_build_filename (stick, "photos.bin", NULL);
  char block[1024] = { 0 };
  int fd;

  g_mkdir (stick, 0700);
  if (!mount_tmpfs (stick, "size=64k"))
    {
      g_test_skip ("cannot mount a tmpfs here");
      return;
    }
  fd = open (filler, O_WRONLY | O_CREAT, 0600);
  g_assert_cmpint (fd, >=, 0);
  while (write (fd, block, sizeof block) > 0)
    ;
  close (fd);

  assert_export_fails_cleanly (f, stick, "full");

  g_assert_cmpint (umount (stick), ==, 0);
  /* with room again, the same export goes through */
  g_free (export_ok (f, PERIOD));
}

static void
test_read_only_folder (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *stick = g_build_filename (f->out, "ro", NULL);

  g_mkdir (stick, 0700);
  if (!mount_tmpfs (stick, "size=1m"))
    {
      g_test_skip ("cannot mount a tmpfs here");
      return;
    }
  if (mount ("tmpfs", stick, "tmpfs", MS_REMOUNT | MS_RDONLY, "size=1m") != 0)
    {
      umount (stick);
      g_test_skip ("cannot remount read-only here");
      return;
    }
  assert_export_fails_cleanly (f, stick, "read-only");
  g_assert_cmpint (umount (stick), ==, 0);
}

static void
test_faults_mid_write (Fixture       *f,
                       gconstpointer  data)
{
  /* the stick pulled at each step, the data read back wrong */
  const char *faults[] = { "open:ENODEV:1", "write:EIO:1", "fsync:EIO:1",
                           "rename:ENODEV:1", "read:CORRUPT:1", "close:EIO:1" };

  for (guint i = 0; i < G_N_ELEMENTS (faults); i++)
    {
      g_autofree char *before = vault_state (f);
      g_autofree char *after = NULL;
      g_autoptr(GError) error = NULL;

      amparo_safe_file_set_fault (faults[i]);
      g_assert_false (amparo_share_export (f->vault, PERIOD, f->out, NULL, &error));
      if (amparo_safe_file_faults_fired () == 0)
        {
          amparo_safe_file_set_fault (NULL);
          g_test_skip ("built without test hooks");
          return;
        }
      amparo_safe_file_set_fault (NULL);
      g_assert_error (error, AMPARO_ERROR, AMPARO_ERROR_IO);
      g_assert_cmpuint (count_files (f->out, ".amps"), ==, 0);
      g_assert_cmpuint (count_files (f->out, ".part"), ==, 0);
      after = vault_state (f);
      g_assert_cmpstr (after, ==, before);
    }
  g_free (export_ok (f, PERIOD));
  g_assert_cmpuint (count_files (f->out, ".amps"), ==, 1);
}

/* A file that reached its final name and whose removal could not be
 * synced either may turn up on the stick later: its number is not given
 * back, so the next export is still newer than it. */
static void
test_unsure_removal_keeps_number (Fixture       *f,
                                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *payload = NULL;
  g_autoptr(AmparoSummary) summary = NULL;

  /* fsync 1 is the file's, 2 the folder's after the rename, 3 the
   * folder's after the removal */
  amparo_safe_file_set_fault ("fsync:EIO:2,fsync:EIO:3");
  g_assert_false (amparo_share_export (f->vault, PERIOD, f->out, NULL, &error));
  if (amparo_safe_file_faults_fired () == 0)
    {
      amparo_safe_file_set_fault (NULL);
      g_test_skip ("built without test hooks");
      return;
    }
  g_assert_cmpuint (amparo_safe_file_faults_fired (), ==, 2);
  amparo_safe_file_set_fault (NULL);
  g_assert_error (error, AMPARO_ERROR, AMPARO_ERROR_IO);
  g_assert_cmpint (amparo_vault_get_setting_int (f->vault, "export_sequence", -1), ==, 1);
  g_assert_cmpint (amparo_db_query_int (f->db, "SELECT COUNT(*) FROM exports;", -1), ==, 0);

  path = export_ok (f, PERIOD);
  payload = open_summary (f, path);
  summary = amparo_summary_from_json (payload, strlen (payload), NULL);
  g_assert_cmpint (summary->sequence, ==, 2);
}

static void
test_missing_folder (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *gone = g_build_filename (f->out, "pulled", NULL);
  g_autofree char *before = vault_state (f);
  g_autofree char *after = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_false (amparo_share_export (f->vault, PERIOD, gone, NULL, &error));
  g_assert_error (error, AMPARO_ERROR, AMPARO_ERROR_IO);
  after = vault_state (f);
  g_assert_cmpstr (after, ==, before);
}

/* ----------------------------------------------------- sequences */

static void
test_second_export_higher_sequence (Fixture       *f,
                                    gconstpointer  data)
{
  g_autofree char *first = export_ok (f, PERIOD);
  g_autofree char *second = export_ok (f, PERIOD);
  g_autofree char *p1 = open_summary (f, first);
  g_autofree char *p2 = open_summary (f, second);
  g_autoptr(AmparoSummary) s1 = amparo_summary_from_json (p1, strlen (p1), NULL);
  g_autoptr(AmparoSummary) s2 = amparo_summary_from_json (p2, strlen (p2), NULL);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *b1 = g_path_get_basename (first);
  guint n = 0;

  g_assert_cmpstr (first, !=, second);
  g_assert_cmpint (s1->sequence, ==, 1);
  g_assert_cmpint (s2->sequence, >, s1->sequence);
  g_assert_cmpint (amparo_vault_get_setting_int (f->vault, "export_sequence", 0), ==,
                   s2->sequence);
  g_assert_cmpuint (count_files (f->out, ".amps"), ==, 2);

  /* each export is recorded, file name and digest, and audited */
  g_assert_cmpint (sqlite3_prepare_v2 (f->db, "SELECT period, sequence, file_name,"
                                              " length(digest) FROM exports ORDER BY id;", -1,
                                       &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, PERIOD);
      g_assert_cmpint (sqlite3_column_int64 (stmt, 1), ==, n + 1);
      if (n == 0)
        g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 2), ==, b1);
      g_assert_cmpint (sqlite3_column_int (stmt, 3), ==, 32);
      n++;
    }
  g_assert_cmpuint (n, ==, 2);
  g_assert_cmpint (amparo_db_query_int (f->db, "SELECT COUNT(*) FROM audit WHERE action = 'export'"
                                               " AND detail LIKE 'period=2026-Q1 sequence=%';",
                                        0), ==, 2);
  /* the preview now announces the next number */
  {
    g_autoptr(AmparoSharePreview) preview = amparo_share_preview (f->vault, PERIOD, NULL);
    g_assert_cmpint (preview->summary->sequence, ==, 3);
  }
}

static void
test_preview_is_what_leaves (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AmparoSharePreview) preview = amparo_share_preview (f->vault, PERIOD, &error);
  g_autofree char *path = NULL;
  g_autofree char *payload = NULL;
  g_autofree char *text = NULL;

  g_assert_no_error (error);
  path = export_ok (f, PERIOD);
  payload = open_summary (f, path);
  g_assert_cmpstr (payload, ==, preview->payload);

  text = amparo_share_preview_to_text (preview);
  g_assert_nonnull (strstr (text, "Regional Coalition"));
  g_assert_nonnull (strstr (text, "January–March 2026"));
  g_assert_nonnull (strstr (text, "fewer than 5"));
  g_assert_null (strstr (text, AMPARO_TEST_MARKER));
  for (guint i = 0; i < preview->summary->tables->len; i++)
    {
      const AmparoTable *t = g_ptr_array_index (preview->summary->tables, i);
      g_assert_nonnull (strstr (text, amparo_report_table_title (t->id)));
    }
}

/* -------------------------------------------------------- opening */

static void
test_sealed_for_the_coordinator_only (Fixture       *f,
                                      gconstpointer  data)
{
  g_autofree char *path = export_ok (f, PERIOD);
  g_autoptr(GBytes) bytes = amparo_safe_file_read (path, AMPARO_SUMMARY_MAX_SIZE, NULL);
  guint8 other_pk[32], other_sk[32], sign_pk[32];
  g_autoptr(GError) error = NULL;
  char *payload = NULL;
  gsize len = g_bytes_get_size (bytes);
  const goffset offsets[] = { 0, 4, 5, 40, (goffset) len / 2, (goffset) len - 1 };

  crypto_box_keypair (other_pk, other_sk);
  g_assert_false (amparo_summary_open (bytes, other_pk, other_sk, &payload, sign_pk, &error));
  g_assert_nonnull (error);
  g_assert_null (payload);

  for (guint i = 0; i < G_N_ELEMENTS (offsets); i++)
    {
      g_autofree char *copy = g_build_filename (f->out, "flipped.amps", NULL);
      g_autoptr(GBytes) flipped = NULL;
      g_autoptr(GError) e = NULL;
      char *p = NULL;

      g_assert_true (g_file_set_contents (copy, g_bytes_get_data (bytes, NULL), len, NULL));
      amparo_test_flip_byte (copy, offsets[i]);
      flipped = amparo_safe_file_read (copy, AMPARO_SUMMARY_MAX_SIZE, NULL);
      g_assert_false (amparo_summary_open (flipped, f->coord_pk, f->coord_sk, &p, sign_pk, &e));
      g_assert_nonnull (e);
      g_assert_null (p);
    }

  /* and the untouched file opens, signed with the agency's key */
  {
    g_autoptr(AmparoCard) card = amparo_share_agency_card (f->vault, NULL);
    g_autofree char *good = NULL;

    g_assert_true (amparo_summary_open (bytes, f->coord_pk, f->coord_sk, &good, sign_pk, NULL));
    g_assert_true (memcmp (sign_pk, card->key, 32) == 0);
  }
}

/* ---------------------------------------------------------- periods */

static void
test_wrong_kind_of_period (Fixture       *f,
                           gconstpointer  data)
{
  const char *refused[] = { "2026-H1", "2026-03", "2026-Q7", "2026" };
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autoptr(GError) e = NULL;
      g_autoptr(GError) e2 = NULL;

      g_assert_false (amparo_share_export (f->vault, refused[i], f->out, NULL, &e));
      g_assert_error (e, AMPARO_ERROR, AMPARO_ERROR_INVALID);
      g_assert_null (amparo_share_preview (f->vault, refused[i], &e2));
      g_assert_error (e2, AMPARO_ERROR, AMPARO_ERROR_INVALID);
    }
  g_assert_cmpuint (count_files (f->out, ".amps"), ==, 0);
  g_assert_cmpint (amparo_vault_get_setting_int (f->vault, "export_sequence", -1), ==, 0);

  /* an agreement on half-years refuses quarters instead */
  g_assert_true (amparo_vault_set_setting (f->vault, "period_kind", "half", &error));
  g_free (export_ok (f, "2026-H1"));
  g_assert_false (amparo_share_export (f->vault, "2026-Q1", f->out, NULL, &error));
  g_assert_error (error, AMPARO_ERROR, AMPARO_ERROR_INVALID);
}

static void
test_no_coordinator (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AmparoSharePreview) preview = NULL;
  g_autofree char *text = NULL;
  g_autofree char *before = vault_state (f);
  g_autofree char *after = NULL;

  g_assert_false (amparo_share_export (f->vault, PERIOD, f->out, NULL, &error));
  g_assert_error (error, AMPARO_ERROR, AMPARO_ERROR_NO_COORDINATOR);
  g_assert_cmpuint (count_files (f->out, ".amps"), ==, 0);
  after = vault_state (f);
  g_assert_cmpstr (after, ==, before);

  /* the preview still shows what would leave, and says why it cannot */
  preview = amparo_share_preview (f->vault, PERIOD, NULL);
  g_assert_nonnull (preview);
  g_assert_null (preview->coordinator_name);
  text = amparo_share_preview_to_text (preview);
  g_assert_nonnull (strstr (text, "No coordinator is trusted"));
}

/* ---------------------------------------------------------- trust */

static void
test_trust_rules (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AmparoCard) agency = amparo_share_agency_card (f->vault, &error);
  g_autofree char *agency_json = amparo_card_to_json (agency);
  g_autoptr(GBytes) agency_bytes = g_bytes_new (agency_json, strlen (agency_json));
  g_autoptr(GBytes) junk = g_bytes_new_static ("{\"format\":1}", 12);
  g_autoptr(GBytes) card = amparo_safe_file_read (f->card_path, AMPARO_CARD_MAX_SIZE, NULL);
  g_autoptr(AmparoVault) advocate = NULL;
  g_autofree char *name = NULL;
  g_autofree char *fingerprint = NULL;
  guint8 pk2[32], sk2[32];
  g_autofree char *path = NULL;
  g_autofree char *card2 = NULL;
  g_autoptr(GBytes) bytes = NULL;
  char *payload = NULL;
  guint8 sign_pk[32];

  g_assert_false (amparo_share_trust_card (f->vault, agency_bytes, NULL, &error));
  g_assert_error (error, AMPARO_ERROR, AMPARO_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (amparo_share_trust_card (f->vault, junk, NULL, &error));
  g_assert_error (error, AMPARO_ERROR, AMPARO_ERROR_MALFORMED);
  g_clear_error (&error);

  /* only a supervisor decides where the numbers go */
  g_assert_true (amparo_vault_add_account (f->vault, "bea", AMPARO_ROLE_ADVOCATE,
                                           TEST_PASSPHRASE " two", &error));
  advocate = amparo_vault_unlock (f->dir, "bea", TEST_PASSPHRASE " two", &error);
  g_assert_no_error (error);
  g_assert_false (amparo_share_trust_card (advocate, card, NULL, &error));
  g_assert_error (error, AMPARO_ERROR, AMPARO_ERROR_NOT_PERMITTED);
  g_clear_error (&error);

  trust (f);
  g_assert_true (amparo_share_get_coordinator (f->vault, &name, &fingerprint, &error));
  g_assert_cmpstr (name, ==, "Regional Coalition");
  g_assert_cmpint (amparo_db_query_int (f->db, "SELECT COUNT(*) FROM audit WHERE action ="
                                               " 'coordinator.trust';", 0), ==, 1);

  /* a new card replaces the old one: the old key no longer opens */
  crypto_box_keypair (pk2, sk2);
  g_unlink (f->card_path);
  card2 = write_card (f->out, "New Coalition", pk2);
  g_free (f->card_path);
  f->card_path = g_steal_pointer (&card2);
  trust (f);
  path = export_ok (f, PERIOD);
  bytes = amparo_safe_file_read (path, AMPARO_SUMMARY_MAX_SIZE, NULL);
  g_assert_false (amparo_summary_open (bytes, f->coord_pk, f->coord_sk, &payload, sign_pk, NULL));
  g_assert_true (amparo_summary_open (bytes, pk2, sk2, &payload, sign_pk, NULL));
  g_free (payload);
  g_assert_cmpint (amparo_db_query_int (f->db, "SELECT coordinator_id = (SELECT id FROM"
                                               " coordinators WHERE name = 'New Coalition')"
                                               " FROM exports;", 0), ==, 1);
}

static void
test_cli_trust_export_card (Fixture       *f,
                            gconstpointer  data)
{
  g_autofree char *out = NULL, *err = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(AmparoCard) card = NULL;
  g_autoptr(AmparoCard) mine = amparo_share_agency_card (f->vault, NULL);
  g_auto(GStrv) lines = NULL;
  int status;

  /* no coordinator yet: one clear line, exit 1 */
  status = amparo_test_run_cli (TEST_PASSPHRASE "\n", &out, &err, "--vault", f->dir, "--user",
                                "ana", "export", "--period", PERIOD, "--to", f->out, NULL);
  g_assert_cmpint (status, ==, 1);
  g_assert_cmpstr (out, ==, "");
  g_assert_true (g_str_has_prefix (err, "amparo-cli: "));
  g_assert_true (strchr (err, '\n') == err + strlen (err) - 1);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* a fingerprint not confirmed is not trusted */
  status = amparo_test_run_cli (TEST_PASSPHRASE "\nno\n", &out, &err, "--vault", f->dir,
                                "--user", "ana", "trust", f->card_path, NULL);
  g_assert_cmpint (status, ==, 1);
  g_assert_nonnull (strstr (out, "Fingerprint: "));
  g_assert_cmpint (amparo_db_query_int (f->db, "SELECT COUNT(*) FROM coordinators;", -1), ==, 0);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  status = amparo_test_run_cli (TEST_PASSPHRASE "\nyes\n", &out, &err, "--vault", f->dir,
                                "--user", "ana", "trust", f->card_path, NULL);
  g_assert_cmpint (status, ==, 0);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  /* --yes for scripts that checked the fingerprint another way */
  status = amparo_test_run_cli (TEST_PASSPHRASE "\n", &out, &err, "--vault", f->dir,
                                "--user", "ana", "trust", f->card_path, "--yes", NULL);
  g_assert_cmpint (status, ==, 0);
  g_assert_nonnull (strstr (out, "Fingerprint: "));
  g_assert_cmpint (amparo_db_query_int (f->db, "SELECT COUNT(*) FROM coordinators;", -1), ==, 1);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  status = amparo_test_run_cli (TEST_PASSPHRASE "\n", &out, &err, "--vault", f->dir, "--user",
                                "ana", "export", "--period", PERIOD, "--to", f->out, NULL);
  g_assert_cmpint (status, ==, 0);
  path = g_strstrip (g_strdup (out));
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
  g_free (open_summary (f, path));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  status = amparo_test_run_cli (TEST_PASSPHRASE "\n", &out, &err, "--vault", f->dir, "--user",
                                "ana", "agency-card", "--to", f->out, NULL);
  g_assert_cmpint (status, ==, 0);
  lines = g_strsplit (out, "\n", -1);
  bytes = amparo_safe_file_read (lines[0], AMPARO_CARD_MAX_SIZE, NULL);
  g_assert_nonnull (bytes);
  card = amparo_card_from_bytes (bytes, NULL);
  g_assert_nonnull (card);
  g_assert_cmpint (card->kind, ==, AMPARO_CARD_KIND_AGENCY);
  g_assert_true (memcmp (card->key, mine->key, 32) == 0);
  g_assert_cmpstr (card->agency_id, ==, mine->agency_id);
}

static void
test_reporting_role_shares (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AmparoVault) clerk = NULL;
  g_autoptr(AmparoSharePreview) preview = NULL;
  g_autofree char *path = NULL;
  g_autofree char *payload = NULL;

  g_assert_true (amparo_vault_add_account (f->vault, "clerk", AMPARO_ROLE_REPORTING,
                                           TEST_PASSPHRASE " three", &error));
  clerk = amparo_vault_unlock (f->dir, "clerk", TEST_PASSPHRASE " three", &error);
  g_assert_no_error (error);
  g_assert_false (amparo_vault_can_see_contacts (clerk));

  /* coded data is all a summary needs */
  preview = amparo_share_preview (clerk, PERIOD, &error);
  g_assert_no_error (error);
  g_assert_true (amparo_share_export (clerk, PERIOD, f->out, &path, &error));
  g_assert_no_error (error);
  payload = open_summary (f, path);
  g_assert_cmpstr (payload, ==, preview->payload);
  g_assert_cmpint (amparo_db_query_int (f->db, "SELECT COUNT(*) FROM audit WHERE action = 'export'"
                                               " AND actor = 'clerk';", 0), ==, 1);
}

/* ------------------------------------------------------------ async */

static void
export_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      data)
{
  char **path = data;
  g_autoptr(GError) error = NULL;

  g_assert_true (amparo_share_export_finish (result, path, &error));
  g_assert_no_error (error);
}

static void
preview_done_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      data)
{
  AmparoSharePreview **preview = data;
  g_autoptr(GError) error = NULL;

  *preview = amparo_share_preview_finish (result, &error);
  g_assert_no_error (error);
}

static void
test_async (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(AmparoSharePreview) preview = NULL;
  g_autofree char *path = NULL;
  g_autofree char *payload = NULL;

  amparo_share_preview_async (f->vault, PERIOD, NULL, preview_done_cb, &preview);
  while (preview == NULL)
    g_main_context_iteration (NULL, TRUE);
  amparo_share_export_async (f->vault, PERIOD, f->out, NULL, export_done_cb, &path);
  while (path == NULL)
    g_main_context_iteration (NULL, TRUE);
  payload = open_summary (f, path);
  g_assert_cmpstr (payload, ==, preview->payload);
  g_assert_cmpint (amparo_vault_get_setting_int (f->vault, "export_sequence", 0), ==, 1);
}

/* Two exports at once (two windows, two app instances) each take a
 * number of their own: neither fails, and no number is used twice. */
static void
test_concurrent_exports_take_distinct_numbers (Fixture       *f,
                                               gconstpointer  data)
{
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autofree char *p1 = NULL;
  g_autofree char *p2 = NULL;
  g_autoptr(AmparoSummary) s1 = NULL;
  g_autoptr(AmparoSummary) s2 = NULL;

  /* both start, and so both read the vault, before either has finished */
  amparo_share_export_async (f->vault, PERIOD, f->out, NULL, export_done_cb, &first);
  amparo_share_export_async (f->vault, PERIOD, f->out, NULL, export_done_cb, &second);
  while (first == NULL || second == NULL)
    g_main_context_iteration (NULL, TRUE);

  p1 = open_summary (f, first);
  p2 = open_summary (f, second);
  s1 = amparo_summary_from_json (p1, strlen (p1), NULL);
  s2 = amparo_summary_from_json (p2, strlen (p2), NULL);
  g_assert_cmpint (s1->sequence, !=, s2->sequence);
  g_assert_cmpint (MIN (s1->sequence, s2->sequence), ==, 1);
  g_assert_cmpint (MAX (s1->sequence, s2->sequence), ==, 2);
  g_assert_cmpint (amparo_vault_get_setting_int (f->vault, "export_sequence", 0), ==, 2);
  g_assert_cmpint (amparo_db_query_int (f->db, "SELECT COUNT(DISTINCT sequence) FROM exports;",
                                        -1), ==, 2);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/share/leak", Fixture, NULL, setup, test_leak, teardown);
  g_test_add ("/share/export/full-stick", Fixture, NULL, setup, test_full_stick, teardown);
  g_test_add ("/share/export/read-only", Fixture, NULL, setup, test_read_only_folder, teardown);
  g_test_add ("/share/export/faults", Fixture, NULL, setup, test_faults_mid_write, teardown);
  g_test_add ("/share/export/missing-folder", Fixture, NULL, setup, test_missing_folder,
              teardown);
  g_test_add ("/share/export/sequence", Fixture, NULL, setup, test_second_export_higher_sequence,
              teardown);
  g_test_add ("/share/preview/what-leaves", Fixture, NULL, setup, test_preview_is_what_leaves,
              teardown);
  g_test_add ("/share/open/coordinator-only", Fixture, NULL, setup,
              test_sealed_for_the_coordinator_only, teardown);
  g_test_add ("/share/period/wrong-kind", Fixture, NULL, setup, test_wrong_kind_of_period,
              teardown);
  g_test_add ("/share/no-coordinator", Fixture, NULL, setup_untrusted, test_no_coordinator,
              teardown);
  g_test_add ("/share/trust", Fixture, NULL, setup_untrusted, test_trust_rules, teardown);
  g_test_add ("/share/cli", Fixture, NULL, setup_untrusted, test_cli_trust_export_card,
              teardown);
  g_test_add ("/share/async", Fixture, NULL, setup, test_async, teardown);
  g_test_add ("/share/export/concurrent-take-distinct-numbers", Fixture, NULL, setup,
              test_concurrent_exports_take_distinct_numbers, teardown);
  g_test_add ("/share/export/unsure-removal-keeps-number", Fixture, NULL, setup,
              test_unsure_removal_keeps_number, teardown);
  g_test_add ("/share/reporting-role", Fixture, NULL, setup, test_reporting_role_shares,
              teardown);
  return g_test_run ();
}
