/* SPDX-License-Identifier: GPL-3.0-or-later */
#define _GNU_SOURCE
#include <string.h>

#include <openssl/evp.h>

#include "amparo-cases.h"
#include "amparo-db.h"
#include "amparo-error.h"
#include "amparo-keys.h"
#include "amparo-purge.h"
#include "amparo-secret.h"
#include "amparo-test-util.h"

typedef struct
{
  char        *dir;
  AmparoVault *vault;
} Fixture;

static void
add (AmparoVault *vault,
     const char  *name,
     const char  *opened,
     const char  *closed)
{
  g_autoptr(GPtrArray) drafts = g_ptr_array_new_with_free_func ((GDestroyNotify) amparo_case_draft_free);
  g_autoptr(GError) error = NULL;
  AmparoCaseDraft *d = amparo_case_draft_new ();

  d->first_name = g_strdup (name);
  d->notes = g_strdup_printf ("note about %s", name);
  d->opened = g_strdup (opened);
  d->closed = g_strdup (closed);
  g_ptr_array_add (drafts, d);
  amparo_cases_create (vault, drafts, NULL, &error);
  g_assert_no_error (error);
}

static void
setup (Fixture       *f,
       gconstpointer  data)
{
  f->dir = amparo_test_make_dir ();
  f->vault = amparo_test_create_vault (f->dir, AMPARO_VAULT_KIND_AGENCY);
  add (f->vault, "OLDMARKER1", "2019-01-02", "2019-06-30");
  add (f->vault, "OLDMARKER2", "2020-01-02", "2020-12-31");
  add (f->vault, "KEEPCLOSED", "2024-01-02", "2024-03-01");
  add (f->vault, "KEEPOPEN", "2018-01-02", NULL);
}

static void
teardown (Fixture       *f,
          gconstpointer  data)
{
  g_clear_object (&f->vault);
  amparo_test_remove_dir (f->dir);
  g_free (f->dir);
}

static gint64
count (sqlite3    *db,
       const char *sql)
{
  return amparo_db_query_int (db, sql, -1);
}

static void
test_purge_removes_both_halves (Fixture       *f,
                                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *detail = NULL;
  sqlite3 *cases = amparo_vault_get_cases_db (f->vault, NULL);
  sqlite3 *contacts = amparo_vault_get_contacts_db (f->vault, NULL);
  guint purged = 0;

  g_assert_true (amparo_purge_closed_before (f->vault, "2021-01-01", &purged, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (purged, ==, 2);
  g_assert_cmpint (count (cases, "SELECT count(*) FROM cases;"), ==, 2);
  g_assert_cmpint (count (contacts, "SELECT count(*) FROM people;"), ==, 2);
  g_assert_cmpint (count (contacts, "SELECT count(*) FROM people WHERE first_name LIKE "
                                    "'OLDMARKER%';"), ==, 0);
  g_assert_cmpint (count (contacts, "SELECT count(*) FROM notes WHERE body LIKE "
                                    "'%OLDMARKER%';"), ==, 0);
  g_assert_cmpint (count (cases, "SELECT count(*) FROM purge_queue;"), ==, 0);

  /* the audit keeps a count, not names */
  detail = amparo_db_query_text (cases, "SELECT detail FROM audit WHERE action = 'purge';");
  g_assert_cmpstr (detail, ==, "count=2");
  g_assert_cmpint (count (cases, "SELECT count(*) FROM audit WHERE detail LIKE '%MARKER%';"), ==,
                   0);
  /* nothing left in the WAL either */
  g_assert_cmpint (count (cases, "PRAGMA secure_delete;"), ==, 1);
  g_assert_true (amparo_vault_check (f->vault, NULL, &error));
  g_assert_no_error (error);
}

static void
test_purge_is_supervisor_only (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AmparoVault) advocate = NULL;

  g_assert_true (amparo_vault_add_account (f->vault, "ada", AMPARO_ROLE_ADVOCATE,
                                           "advocate passphrase", &error));
  advocate = amparo_vault_unlock (f->dir, "ada", "advocate passphrase", &error);
  g_assert_no_error (error);
  g_assert_false (amparo_purge_closed_before (advocate, "2030-01-01", NULL, &error));
  g_assert_error (error, AMPARO_ERROR, AMPARO_ERROR_NOT_PERMITTED);
  g_clear_error (&error);
  g_assert_false (amparo_purge_closed_before (f->vault, "2030-13-01", NULL, &error));
  g_assert_error (error, AMPARO_ERROR, AMPARO_ERROR_INVALID);
  g_assert_cmpint (count (amparo_vault_get_cases_db (f->vault, NULL),
                          "SELECT count(*) FROM cases;"), ==, 4);
}

static void
test_interrupted_purge_finishes_at_unlock (Fixture       *f,
                                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AmparoVault) again = NULL;
  sqlite3 *cases = amparo_vault_get_cases_db (f->vault, NULL);
  sqlite3 *contacts = amparo_vault_get_contacts_db (f->vault, NULL);

  /* a crash after step 2: queued, identifying half gone, cases still there */
  g_assert_true (amparo_db_exec (cases, "INSERT INTO purge_queue SELECT id FROM cases WHERE "
                                        "closed < '2021-01-01'; UPDATE cases SET complete = 0 "
                                        "WHERE id IN (SELECT case_id FROM purge_queue);", NULL));
  g_assert_true (amparo_db_exec (contacts, "DELETE FROM people WHERE first_name LIKE "
                                           "'OLDMARKER%';", NULL));
  g_clear_object (&f->vault);

  again = amparo_vault_unlock (f->dir, NULL, TEST_PASSPHRASE, &error);
  g_assert_no_error (error);
  cases = amparo_vault_get_cases_db (again, NULL);
  g_assert_cmpint (count (cases, "SELECT count(*) FROM cases;"), ==, 2);
  g_assert_cmpint (count (cases, "SELECT count(*) FROM purge_queue;"), ==, 0);
  g_assert_true (amparo_vault_check (again, NULL, &error));
  g_assert_no_error (error);
}


/* ------------------------------------------------ reading the pages */

/* SQLCipher 3 pages, as the stores are written: 4096 bytes; AES-256-CBC
 * under the raw key; at the end of each page a reserve of 48 bytes (a
 * 16-byte IV, a 20-byte HMAC-SHA1, rounded up to the AES block) of
 * which the IV comes first; page 1 starts with the 16-byte salt, which
 * is not encrypted. The WAL: a 32-byte header, then frames of a 24-byte
 * header (the page number first, big-endian) and one page. */
#define PAGE 4096
#define RESERVE 48
#define SALT 16
#define WAL_HEADER 32
#define FRAME_HEADER 24

static void
decrypt_page (const guint8       *page,
              guint32             pgno,
              const AmparoSecret *key,
              GByteArray         *out)
{
  EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new ();
  gsize offset = pgno == 1 ? SALT : 0;
  int size = PAGE - RESERVE - (int) offset;
  guint8 plain[PAGE];
  int n = 0, tail = 0;

  g_assert_nonnull (ctx);
  memset (plain, 0, sizeof plain);
  g_assert_cmpint (EVP_DecryptInit_ex (ctx, EVP_aes_256_cbc (), NULL,
                                       amparo_secret_get_data (key), page + PAGE - RESERVE), ==, 1);
  EVP_CIPHER_CTX_set_padding (ctx, 0);
  g_assert_cmpint (EVP_DecryptUpdate (ctx, plain + offset, &n, page + offset, size), ==, 1);
  g_assert_cmpint (EVP_DecryptFinal_ex (ctx, plain + offset + n, &tail), ==, 1);
  g_assert_cmpint (n + tail, ==, size);
  EVP_CIPHER_CTX_free (ctx);
  g_byte_array_append (out, plain, PAGE);
}

/* Every page of a store and of its WAL, decrypted; the number of pages
 * in *n_pages. Free pages and stale WAL frames included. */
static GByteArray *
decrypt_store (const char         *path,
               const AmparoSecret *key,
               guint              *n_pages)
{
  g_autofree char *wal_path = g_strconcat (path, "-wal", NULL);
  g_autofree guint8 *data = NULL;
  g_autofree guint8 *wal = NULL;
  GByteArray *out = g_byte_array_new ();
  gsize len = 0, wal_len = 0;

  *n_pages = 0;
  g_assert_true (g_file_get_contents (path, (char **) &data, &len, NULL));
  g_assert_cmpuint (len % PAGE, ==, 0);
  for (gsize at = 0; at < len; at += PAGE)
    {
      decrypt_page (data + at, (guint32) (at / PAGE) + 1, key, out);
      (*n_pages)++;
    }
  /* page 1 decrypted right: the header's page size and payload fractions */
  g_assert_cmpuint (out->len, >=, PAGE);
  g_assert_cmpuint (out->data[16], ==, 0x10);
  g_assert_cmpuint (out->data[17], ==, 0x00);
  g_assert_cmpuint (out->data[21], ==, 64);
  g_assert_cmpuint (out->data[22], ==, 32);
  g_assert_cmpuint (out->data[23], ==, 32);

  if (g_file_get_contents (wal_path, (char **) &wal, &wal_len, NULL) && wal_len > WAL_HEADER)
    for (gsize at = WAL_HEADER; at + FRAME_HEADER + PAGE <= wal_len; at += FRAME_HEADER + PAGE)
      {
        guint32 pgno = ((guint32) wal[at] << 24) | ((guint32) wal[at + 1] << 16)
                       | ((guint32) wal[at + 2] << 8) | wal[at + 3];

        decrypt_page (wal + at + FRAME_HEADER, pgno, key, out);
        (*n_pages)++;
      }
  return out;
}

static gboolean
contains (const GByteArray *pages,
          const char       *marker)
{
  return memmem (pages->data, pages->len, marker, strlen (marker)) != NULL;
}

static void
store_keys (const char    *dir,
            AmparoSecret **k_cases,
            AmparoSecret **k_contacts)
{
  g_autofree char *path = g_build_filename (dir, "keys", NULL);
  g_autoptr(AmparoKeyFile) kf = amparo_key_file_load (path, NULL);
  g_autoptr(AmparoSecret) kek = NULL;

  g_assert_nonnull (kf);
  kek = amparo_key_file_derive_kek (kf, "ana", TEST_PASSPHRASE, NULL);
  g_assert_nonnull (kek);
  g_assert_true (amparo_key_file_unwrap (kf, "ana", kek, NULL, k_cases, k_contacts, NULL));
}

/* Looks for each marker in every decrypted page of both stores (and
 * their WALs) and in the raw bytes of every file in the vault. */
static void
find_markers (const char         *dir,
              const AmparoSecret *k_cases,
              const AmparoSecret *k_contacts,
              const char * const *markers,
              gboolean           *found)
{
  g_autofree char *cases_path = g_build_filename (dir, "cases.db", NULL);
  g_autofree char *contacts_path = g_build_filename (dir, "contacts.db", NULL);
  g_autoptr(GByteArray) cases = NULL;
  g_autoptr(GByteArray) contacts = NULL;
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;
  guint n_cases, n_contacts;

  cases = decrypt_store (cases_path, k_cases, &n_cases);
  contacts = decrypt_store (contacts_path, k_contacts, &n_contacts);
  g_test_message ("%u pages of cases.db and its WAL, %u of contacts.db and its WAL", n_cases,
                  n_contacts);
  for (guint m = 0; markers[m] != NULL; m++)
    found[m] = contains (cases, markers[m]) || contains (contacts, markers[m]);

  g_assert_nonnull (d);
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autofree char *raw = NULL;
      gsize len;

      if (!g_file_get_contents (path, &raw, &len, NULL))
        continue;
      for (guint m = 0; markers[m] != NULL; m++)
        if (memmem (raw, len, markers[m], strlen (markers[m])) != NULL)
          found[m] = TRUE;
    }
}

static void
test_purged_pages_hold_no_trace (Fixture       *f,
                                 gconstpointer  data)
{
  g_autoptr(AmparoSecret) k_cases = NULL;
  g_autoptr(AmparoSecret) k_contacts = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *ref1 = NULL, *ref2 = NULL, *kept_ref = NULL;
  sqlite3 *cases = amparo_vault_get_cases_db (f->vault, NULL);
  guint purged = 0;
  gboolean found[8];

  /* the coded half gets markers too: its reference codes, and a marker
   * in a free-text column of the case row */
  ref1 = amparo_db_query_text (cases, "SELECT ref_code FROM cases WHERE closed = '2019-06-30';");
  ref2 = amparo_db_query_text (cases, "SELECT ref_code FROM cases WHERE closed = '2020-12-31';");
  kept_ref = amparo_db_query_text (cases, "SELECT ref_code FROM cases WHERE closed = "
                                          "'2024-03-01';");
  g_assert_nonnull (ref1);
  g_assert_nonnull (ref2);
  g_assert_nonnull (kept_ref);
  g_assert_true (amparo_db_exec (cases, "UPDATE cases SET follow_up = 'CODEDMARKER-' || id"
                                        " WHERE closed < '2021-01-01';", &error));
  g_assert_no_error (error);
  {
    const char *markers[] = { "OLDMARKER1", "OLDMARKER2", "CODEDMARKER-", ref1, ref2,
                              "KEEPCLOSED", kept_ref, NULL };

    store_keys (f->dir, &k_cases, &k_contacts);

    /* before: every marker is there to be found */
    find_markers (f->dir, k_cases, k_contacts, markers, found);
    for (guint m = 0; markers[m] != NULL; m++)
      if (!found[m])
        g_error ("before the purge, marker %u was not found: the pages were not read right", m);

    g_assert_true (amparo_purge_closed_before (f->vault, "2021-01-01", &purged, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (purged, ==, 2);

    /* after, with the vault open, and again once it is locked */
    for (guint round = 0; round < 2; round++)
      {
        find_markers (f->dir, k_cases, k_contacts, markers, found);
        for (guint m = 0; m < 5; m++)
          if (found[m])
            g_error ("after the purge (%s), marker %u of a purged case is still in the pages",
                     round == 0 ? "open" : "locked", m);
        /* what was kept is still there, so the search did read the pages */
        g_assert_true (found[5]);
        g_assert_true (found[6]);
        amparo_vault_lock (f->vault);
      }
  }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/purge/removes-both-halves", Fixture, NULL, setup, test_purge_removes_both_halves,
              teardown);
  g_test_add ("/purge/supervisor-only", Fixture, NULL, setup, test_purge_is_supervisor_only,
              teardown);
  g_test_add ("/purge/no-trace-in-decrypted-pages", Fixture, NULL, setup,
              test_purged_pages_hold_no_trace, teardown);
  g_test_add ("/purge/interrupted-finishes", Fixture, NULL, setup,
              test_interrupted_purge_finishes_at_unlock, teardown);
  return g_test_run ();
}
