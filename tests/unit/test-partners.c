/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <string.h>
#include <json-glib/json-glib.h>
#include <glib/gstdio.h>

#include "amparo-cases.h"
#include "amparo-consent.h"
#include "amparo-db.h"
#include "amparo-error.h"
#include "amparo-partners.h"
#include "amparo-vault.h"

#define PASSPHRASE "harbour willow cobalt 5521"

typedef struct
{
  char        *dir;
  AmparoVault *vault;
} Fixture;

static AmparoVault *
make_vault (const char *parent,
            const char *name)
{
  g_autofree char *dir = g_build_filename (parent, name, NULL);
  g_autoptr(GError) error = NULL;
  AmparoVault *vault = amparo_vault_create (dir, AMPARO_VAULT_KIND_AGENCY, "Casa Refugio",
                                            "supervisor", PASSPHRASE, &error);

  g_assert_no_error (error);
  return vault;
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("amparo-partners-XXXXXX", &error);
  g_assert_no_error (error);
  f->vault = make_vault (f->dir, "vault");
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir == NULL)
    {
      g_unlink (path);
      return;
    }
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      remove_tree (child);
    }
  g_rmdir (path);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  amparo_vault_lock (f->vault);
  g_clear_object (&f->vault);
  remove_tree (f->dir);
  g_free (f->dir);
}

static AmparoPartner *
partner (const char *name,
         const char *sector,
         int         tier)
{
  AmparoPartner *p = amparo_partner_new ();

  p->name = g_strdup (name);
  p->sector = g_strdup (sector);
  p->tier = tier;
  return p;
}

static gint64
add (AmparoVault   *vault,
     AmparoPartner *p)
{
  g_autoptr(GError) error = NULL;
  gint64 id = amparo_partners_add (vault, p, &error);

  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  return id;
}

/* Every stored partner, every column, as one string: "nothing changed"
 * means this string did not change. */
static char *
snapshot (AmparoVault *vault)
{
  g_autoptr(GError) error = NULL;
  sqlite3 *db = amparo_vault_get_cases_db (vault, &error);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  GString *out = g_string_new (NULL);

  g_assert_no_error (error);
  stmt = amparo_db_prepare (db, "SELECT * FROM partners ORDER BY id;", &error);
  g_assert_no_error (error);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      for (int c = 0; c < sqlite3_column_count (stmt); c++)
        g_string_append_printf (out, "%s\x1f", (const char *) sqlite3_column_text (stmt, c));
      g_string_append_c (out, '\n');
    }
  return g_string_free (out, FALSE);
}

static void
seed_directory (AmparoVault *vault)
{
  g_autoptr(AmparoPartner) a = partner ("Clínica Norte", "health", 2);
  g_autoptr(AmparoPartner) b = partner ("Valley Legal Aid", "legal_aid", 3);

  a->services = g_strdup ("Forensic exams\nPrimary care");
  a->languages = g_strdup ("English, Español");
  a->hours = g_strdup ("Mon–Fri 8–17");
  a->channels = g_strdup ("Phone 555-0100; walk-in");
  a->contact_person = g_strdup ("Intake nurse");
  a->agreement_signed = g_strdup ("2026-01-15");
  a->next_review = g_strdup ("2027-01-15");
  a->duties = g_strdup ("Mandated reporter (child abuse).");
  add (vault, a);
  add (vault, b);
}

/* ---------------------------------------------------------------- CRUD */

static void
test_add_validates_every_field (Fixture       *f,
                                gconstpointer  data)
{
  struct { const char *field; const char *value; int tier; } bad[] = {
    { "sector", "police", 1 },
    { "sector", "not_reported", 1 },
    { "tier", NULL, 7 },
    { "tier", NULL, 0 },
    { "organisation", "   ", 1 },
    { "organisation", "Bad\x01name", 1 },
    { "organisation", "Line\nbreak", 1 },
    { "organisation", "Spoof \u202Eevil", 1 },
    { "agreement_signed", "2026-13-01", 1 },
    { "next_review", "yesterday", 1 },
  };
  g_autofree char *before = snapshot (f->vault);
  g_autofree char *after = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(AmparoPartner) p = partner ("Casa Esperanza", "shelter", bad[i].tier);
      g_autoptr(GError) error = NULL;
      const char *bad_field = NULL;

      if (g_str_equal (bad[i].field, "sector"))
        {
          g_free (p->sector);
          p->sector = g_strdup (bad[i].value);
        }
      else if (g_str_equal (bad[i].field, "organisation"))
        {
          g_free (p->name);
          p->name = g_strdup (bad[i].value);
        }
      else if (g_str_equal (bad[i].field, "agreement_signed"))
        p->agreement_signed = g_strdup (bad[i].value);
      else if (g_str_equal (bad[i].field, "next_review"))
        p->next_review = g_strdup (bad[i].value);
      g_assert_false (amparo_partner_validate (p, &bad_field, NULL));
      g_assert_cmpstr (bad_field, ==, bad[i].field);
      g_assert_cmpint (amparo_partners_add (f->vault, p, &error), ==, 0);
      g_assert_error (error, AMPARO_ERROR, AMPARO_ERROR_INVALID);
    }
  {
    g_autoptr(AmparoPartner) p = partner ("Casa Esperanza", "shelter", 1);
    g_autoptr(GError) error = NULL;

    /* a review before the signing makes no sense */
    p->agreement_signed = g_strdup ("2026-03-01");
    p->next_review = g_strdup ("2026-02-01");
    g_assert_cmpint (amparo_partners_add (f->vault, p, &error), ==, 0);
    g_assert_error (error, AMPARO_ERROR, AMPARO_ERROR_INVALID);
  }
  after = snapshot (f->vault);
  g_assert_cmpstr (before, ==, after);
}

static void
test_same_organisation_and_sector_not_added_twice (Fixture       *f,
                                                   gconstpointer  data)
{
  g_autoptr(AmparoPartner) first = partner ("Casa Esperanza", "shelter", 1);
  g_autoptr(AmparoPartner) again = partner ("  casa   ESPERANZA ", "shelter", 2);
  g_autoptr(AmparoPartner) other_sector = partner ("Casa Esperanza", "housing", 1);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = NULL;

  add (f->vault, first);
  g_assert_cmpint (amparo_partners_add (f->vault, again, &error), ==, 0);
  g_assert_error (error, AMPARO_ERROR, AMPARO_ERROR_EXISTS);
  add (f->vault, other_sector);
  list = amparo_partners_list (f->vault, FALSE, NULL);
  g_assert_cmpuint (list->len, ==, 2);
}

static void
test_update_and_get (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(AmparoPartner) p = partner ("Casa Esperanza", "shelter", 1);
  g_autoptr(AmparoPartner) stored = NULL;
  g_autoptr(GError) error = NULL;

  p->id = add (f->vault, p);
  p->tier = 4;
  p->hours = g_strdup ("24/7");
  g_assert_true (amparo_partners_update (f->vault, p, &error));
  g_assert_no_error (error);
  stored = amparo_partners_get (f->vault, p->id, &error);
  g_assert_cmpint (stored->tier, ==, 4);
  g_assert_cmpstr (stored->hours, ==, "24/7");
  g_assert_true (stored->active);
  g_assert_null (amparo_partners_get (f->vault, p->id + 100, &error));
}

static void
test_remove_retires_a_partner_that_was_used (Fixture       *f,
                                             gconstpointer  data)
{
  g_autoptr(AmparoPartner) unused = partner ("Unused Org", "school", 1);
  g_autoptr(AmparoPartner) used = partner ("Used Org", "court", 2);
  g_autoptr(GPtrArray) drafts = g_ptr_array_new_with_free_func ((GDestroyNotify) amparo_case_draft_free);
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(AmparoReferral) referral = amparo_referral_new ();
  g_autoptr(GPtrArray) active = NULL;
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GError) error = NULL;
  AmparoCaseDraft *d = amparo_case_draft_new ();
  gboolean retired = TRUE;
  gint64 unused_id = add (f->vault, unused), used_id = add (f->vault, used);

  d->opened = amparo_date_today ();
  g_ptr_array_add (drafts, d);
  g_assert_true (amparo_cases_create (f->vault, drafts, ids, &error));
  referral->case_id = g_array_index (ids, gint64, 0);
  referral->direction = g_strdup ("out");
  referral->partner_id = used_id;
  g_assert_cmpint (amparo_referrals_add (f->vault, referral, &error), >, 0);

  g_assert_true (amparo_partners_remove (f->vault, unused_id, &retired, &error));
  g_assert_false (retired);
  g_assert_true (amparo_partners_remove (f->vault, used_id, &retired, &error));
  g_assert_true (retired);
  g_assert_no_error (error);
  active = amparo_partners_list (f->vault, FALSE, NULL);
  all = amparo_partners_list (f->vault, TRUE, NULL);
  g_assert_cmpuint (active->len, ==, 0);
  g_assert_cmpuint (all->len, ==, 1);
  /* no new referral to a retired partner */
  g_assert_cmpint (amparo_referrals_add (f->vault, referral, &error), ==, 0);
  g_assert_error (error, AMPARO_ERROR, AMPARO_ERROR_INVALID);
}

static void
test_review_due (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(AmparoPartner) due = partner ("Due Soon", "court", 2);
  g_autoptr(AmparoPartner) later = partner ("Later", "court", 2);
  g_autoptr(AmparoPartner) unsigned_tier2 = partner ("Never Signed", "housing", 2);
  g_autoptr(AmparoPartner) listing_only = partner ("Listing Only", "school", 1);
  g_autoptr(GPtrArray) list = NULL;

  due->agreement_signed = g_strdup ("2025-06-01");
  due->next_review = g_strdup ("2026-06-10");
  later->agreement_signed = g_strdup ("2026-01-01");
  later->next_review = g_strdup ("2027-01-01");
  add (f->vault, due);
  add (f->vault, later);
  add (f->vault, unsigned_tier2);
  add (f->vault, listing_only);
  list = amparo_partners_review_due (f->vault, "2026-06-01", 30, NULL);
  g_assert_cmpuint (list->len, ==, 2);
  g_assert_cmpstr (((AmparoPartner *) g_ptr_array_index (list, 0))->name, ==, "Due Soon");
  g_assert_cmpstr (((AmparoPartner *) g_ptr_array_index (list, 1))->name, ==, "Never Signed");
}

/* ------------------------------------------------------ export/import */

static void
test_export_then_import_round_trips (Fixture       *f,
                                     gconstpointer  data)
{
  g_autoptr(AmparoVault) other = make_vault (f->dir, "other");
  g_autofree char *path = g_build_filename (f->dir, "directory.ampd", NULL);
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GError) error = NULL;
  AmparoPartner *clinic = NULL;
  guint count = 0, added = 0, updated = 0;

  seed_directory (f->vault);
  g_assert_true (amparo_partners_export (f->vault, path, &count, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count, ==, 2);

  g_assert_true (amparo_partners_import (other, path, &added, &updated, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (added, ==, 2);
  g_assert_cmpuint (updated, ==, 0);
  list = amparo_partners_list (other, FALSE, NULL);
  g_assert_cmpuint (list->len, ==, 2);
  for (guint i = 0; i < list->len; i++)
    if (g_str_equal (((AmparoPartner *) g_ptr_array_index (list, i))->name, "Clínica Norte"))
      clinic = g_ptr_array_index (list, i);
  g_assert_nonnull (clinic);
  g_assert_cmpstr (clinic->services, ==, "Forensic exams\nPrimary care");
  g_assert_cmpstr (clinic->hours, ==, "Mon–Fri 8–17");
  g_assert_cmpint (clinic->tier, ==, 2);
  g_assert_cmpstr (clinic->next_review, ==, "2027-01-15");
  g_assert_cmpstr (clinic->duties, ==, "Mandated reporter (child abuse).");

  /* the same file again updates; it never duplicates */
  g_assert_true (amparo_partners_import (other, path, &added, &updated, &error));
  g_assert_cmpuint (added, ==, 0);
  g_assert_cmpuint (updated, ==, 2);
  g_clear_pointer (&list, g_ptr_array_unref);
  list = amparo_partners_list (other, TRUE, NULL);
  g_assert_cmpuint (list->len, ==, 2);
  amparo_vault_lock (other);
}

static void
test_import_keeps_own_relationship_fields (Fixture       *f,
                                          gconstpointer  data)
{
  g_autoptr(AmparoPartner) mine = partner ("CLÍNICA  NORTE", "health", 4);
  g_autoptr(AmparoPartner) stored = NULL;
  g_autoptr(AmparoVault) other = make_vault (f->dir, "other");
  g_autofree char *file = NULL;
  g_autoptr(GError) error = NULL;
  guint added = 0, updated = 0;
  gint64 id;

  mine->duties = g_strdup ("Our own note");
  mine->agreement_signed = g_strdup ("2025-05-05");
  mine->hours = g_strdup ("old hours");
  id = add (f->vault, mine);
  seed_directory (other);
  file = amparo_partners_export_data (other, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (amparo_partners_import_data (f->vault, file, strlen (file), &added, &updated,
                                              &error));
  g_assert_no_error (error);
  g_assert_cmpuint (added, ==, 1);
  g_assert_cmpuint (updated, ==, 1);
  stored = amparo_partners_get (f->vault, id, &error);
  g_assert_cmpstr (stored->hours, ==, "Mon–Fri 8–17");           /* directory fact: updated */
  g_assert_cmpint (stored->tier, ==, 4);                          /* ours: kept */
  g_assert_cmpstr (stored->duties, ==, "Our own note");
  g_assert_cmpstr (stored->agreement_signed, ==, "2025-05-05");
  amparo_vault_lock (other);
}

static void
test_export_holds_partners_only (Fixture       *f,
                                 gconstpointer  data)
{
  g_autoptr(GPtrArray) drafts = g_ptr_array_new_with_free_func ((GDestroyNotify) amparo_case_draft_free);
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(AmparoRelease) release = amparo_release_new ();
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GList) members = NULL;
  g_autofree char *data_out = NULL;
  AmparoCaseDraft *d = amparo_case_draft_new ();
  JsonArray *partners;

  seed_directory (f->vault);
  d->first_name = g_strdup ("Zorayda");
  d->phone = g_strdup ("555-0142");
  d->opened = amparo_date_today ();
  g_ptr_array_add (drafts, d);
  g_assert_true (amparo_cases_create (f->vault, drafts, ids, &error));
  release->case_id = g_array_index (ids, gint64, 0);
  release->partner_id = 1;
  release->scope = g_strsplit ("identity|contact", "|", -1);
  release->purpose = g_strdup ("referral");
  g_assert_cmpint (amparo_releases_add (f->vault, release, &error), >, 0);

  data_out = amparo_partners_export_data (f->vault, NULL, &error);
  g_assert_no_error (error);
  g_assert_null (strstr (data_out, "Zorayda"));
  g_assert_null (strstr (data_out, "555-0142"));
  g_assert_true (json_parser_load_from_data (parser, data_out, -1, &error));
  members = json_object_get_members (json_node_get_object (json_parser_get_root (parser)));
  g_assert_cmpuint (g_list_length (members), ==, 4);
  partners = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)),
                                           "partners");
  g_assert_cmpuint (json_array_get_length (partners), ==, 2);
  for (guint i = 0; i < json_array_get_length (partners); i++)
    {
      g_autoptr(GList) keys = json_object_get_members (json_array_get_object_element (partners, i));

      for (GList *l = keys; l != NULL; l = l->next)
        g_assert_true (strstr ("organisation sector services eligibility languages hours channels "
                               "contact agreement_signed next_review duties tier",
                               l->data) != NULL);
    }
}

static const char valid_entry[] =
  "{\"organisation\": \"Casa Nueva\", \"sector\": \"shelter\", \"tier\": 1}";

static char *
doc_with (const char *entries)
{
  return g_strdup_printf ("{\"format\": \"amparo-directory\", \"version\": 1,"
                          " \"generated\": \"2026-05-01\", \"partners\": [%s]}", entries);
}

static void
test_import_rejects_malformed_files_and_changes_nothing (Fixture       *f,
                                                        gconstpointer  data)
{
  g_autofree char *good = doc_with (valid_entry);
  g_autofree char *valid_then_bad = NULL;
  g_autofree char *oversized = NULL;
  g_autofree char *truncated = NULL;
  g_autofree char *long_name = NULL;
  g_autofree char *long_entry = NULL;
  g_autofree char *before = NULL;
  struct { const char *what; char *doc; int code; const char *says; } cases[] = {
    { "bad JSON", g_strdup ("{\"format\": \"amparo-directory\", \"version\": 1, partners: ["),
      AMPARO_ERROR_MALFORMED, "damaged or incomplete" },
    { "not an object", g_strdup ("[1, 2, 3]"), AMPARO_ERROR_MALFORMED, "damaged or incomplete" },
    { "wrong format", g_strdup ("{\"format\": \"amps\", \"version\": 1, \"partners\": []}"),
      AMPARO_ERROR_MALFORMED, "not an Amparo partner directory" },
    { "wrong version", g_strdup ("{\"format\": \"amparo-directory\", \"version\": 2,"
                                 " \"partners\": []}"), AMPARO_ERROR_MALFORMED, "version" },
    { "unknown top member", g_strdup ("{\"format\": \"amparo-directory\", \"version\": 1,"
                                      " \"partners\": [], \"clients\": []}"),
      AMPARO_ERROR_MALFORMED, "not allowed" },
    { "unknown partner member",
      doc_with ("{\"organisation\": \"X\", \"sector\": \"shelter\", \"tier\": 1,"
                " \"client_name\": \"Zorayda\"}"),
      AMPARO_ERROR_MALFORMED, "partner 1 has a member that is not allowed" },
    { "bad sector", doc_with ("{\"organisation\": \"X\", \"sector\": \"police\", \"tier\": 1}"),
      AMPARO_ERROR_MALFORMED, "“sector” is not a known sector code" },
    { "tier 7", doc_with ("{\"organisation\": \"X\", \"sector\": \"court\", \"tier\": 7}"),
      AMPARO_ERROR_MALFORMED, "“tier” must be 1, 2, 3 or 4" },
    { "huge tier", doc_with ("{\"organisation\": \"X\", \"sector\": \"court\","
                             " \"tier\": 4294967297}"),
      AMPARO_ERROR_MALFORMED, "“tier” must be 1, 2, 3 or 4" },
    { "tier as text", doc_with ("{\"organisation\": \"X\", \"sector\": \"court\", \"tier\": \"2\"}"),
      AMPARO_ERROR_MALFORMED, "“tier” is not a whole number" },
    { "missing tier", doc_with ("{\"organisation\": \"X\", \"sector\": \"court\"}"),
      AMPARO_ERROR_MALFORMED, "“tier” is missing" },
    { "missing organisation", doc_with ("{\"sector\": \"court\", \"tier\": 1}"),
      AMPARO_ERROR_MALFORMED, "“organisation” is missing" },
    { "number as text", doc_with ("{\"organisation\": 5, \"sector\": \"court\", \"tier\": 1}"),
      AMPARO_ERROR_MALFORMED, "“organisation” is not text" },
    { "bad date", doc_with ("{\"organisation\": \"X\", \"sector\": \"court\", \"tier\": 1,"
                            " \"next_review\": \"2026-02-30\"}"),
      AMPARO_ERROR_MALFORMED, "“next_review” is not a valid date" },
    { "control character", doc_with ("{\"organisation\": \"X\\u0007Y\", \"sector\": \"court\","
                                     " \"tier\": 1}"),
      AMPARO_ERROR_MALFORMED, "characters that are not allowed" },
    { "not UTF-8", doc_with ("{\"organisation\": \"Cl\xednica\", \"sector\": \"court\","
                             " \"tier\": 1}"),
      AMPARO_ERROR_MALFORMED, "not UTF-8" },
    { "repeated organisation", doc_with ("{\"organisation\": \"Casa Nueva\", \"sector\": \"shelter\","
                                         " \"tier\": 1}, {\"organisation\": \"casa nueva\","
                                         " \"sector\": \"shelter\", \"tier\": 2}"),
      AMPARO_ERROR_MALFORMED, "partner 2 repeats" },
    { "entry not an object", doc_with ("\"Casa Nueva\""), AMPARO_ERROR_MALFORMED,
      "partner 1 is not an object" },
    { NULL, NULL, 0, NULL },   /* valid then bad */
    { NULL, NULL, 0, NULL },   /* truncated */
    { NULL, NULL, 0, NULL },   /* oversized */
    { NULL, NULL, 0, NULL },   /* a name too long */
  };
  guint n = G_N_ELEMENTS (cases);
  GString *big;

  seed_directory (f->vault);
  before = snapshot (f->vault);

  valid_then_bad = doc_with ("{\"organisation\": \"Casa Nueva\", \"sector\": \"shelter\","
                             " \"tier\": 1}, {\"organisation\": \"Y\", \"sector\": \"nowhere\","
                             " \"tier\": 1}");
  cases[n - 4] = (typeof (cases[0])) { "valid entry then a bad one", g_strdup (valid_then_bad),
                                       AMPARO_ERROR_MALFORMED, "partner 2" };
  truncated = g_strndup (good, strlen (good) - 7);
  cases[n - 3] = (typeof (cases[0])) { "truncated", g_strdup (truncated), AMPARO_ERROR_MALFORMED,
                                       "damaged or incomplete" };
  big = g_string_new ("{\"format\": \"amparo-directory\", \"version\": 1, \"partners\": [");
  while (big->len <= AMPARO_DIRECTORY_MAX_BYTES)
    g_string_append (big, "                                                                ");
  g_string_append (big, "]}");
  oversized = g_string_free (big, FALSE);
  cases[n - 2] = (typeof (cases[0])) { "oversized", g_strdup (oversized), AMPARO_ERROR_TOO_LARGE,
                                       "larger than" };
  long_name = g_strnfill (201, 'a');
  long_entry = g_strdup_printf ("{\"organisation\": \"%s\", \"sector\": \"court\", \"tier\": 1}",
                                long_name);
  cases[n - 1] = (typeof (cases[0])) { "name too long", doc_with (long_entry),
                                       AMPARO_ERROR_MALFORMED, "too long" };

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *after = NULL;
      guint added = 99, updated = 99;

      g_test_message ("%s", cases[i].what);
      g_assert_false (amparo_partners_import_data (f->vault, cases[i].doc, strlen (cases[i].doc),
                                                   &added, &updated, &error));
      g_assert_error (error, AMPARO_ERROR, cases[i].code);
      if (strstr (error->message, cases[i].says) == NULL)
        g_error ("%s: message “%s” does not say “%s”", cases[i].what, error->message,
                 cases[i].says);
      /* values from the file are never echoed */
      g_assert_null (strstr (error->message, "Zorayda"));
      g_assert_null (strstr (error->message, "police"));
      g_assert_cmpuint (added, ==, 99);
      after = snapshot (f->vault);
      g_assert_cmpstr (before, ==, after);
      g_free (cases[i].doc);
    }

  /* and the same well-formed entry alone is accepted */
  {
    g_autoptr(GError) error = NULL;
    guint added = 0;

    g_assert_true (amparo_partners_import_data (f->vault, good, strlen (good), &added, NULL,
                                                &error));
    g_assert_no_error (error);
    g_assert_cmpuint (added, ==, 1);
  }
}

static void
test_import_refuses_a_large_file_before_reading_it_all (Fixture       *f,
                                                        gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "big.ampd", NULL);
  g_autofree char *filler = g_strnfill (AMPARO_DIRECTORY_MAX_BYTES + 10, ' ');
  g_autofree char *missing = g_build_filename (f->dir, "missing.ampd", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  seed_directory (f->vault);
  before = snapshot (f->vault);
  g_assert_true (g_file_set_contents (path, filler, -1, NULL));
  g_assert_false (amparo_partners_import (f->vault, path, NULL, NULL, &error));
  g_assert_error (error, AMPARO_ERROR, AMPARO_ERROR_TOO_LARGE);
  g_clear_error (&error);
  g_assert_false (amparo_partners_import (f->vault, missing, NULL, NULL, &error));
  g_assert_error (error, AMPARO_ERROR, AMPARO_ERROR_IO);
  after = snapshot (f->vault);
  g_assert_cmpstr (before, ==, after);
}

static void
test_directory_changes_are_audited_by_id (Fixture       *f,
                                          gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "directory.ampd", NULL);
  g_autoptr(GError) error = NULL;
  sqlite3 *db;

  seed_directory (f->vault);
  g_assert_true (amparo_partners_export (f->vault, path, NULL, &error));
  g_assert_true (amparo_partners_import (f->vault, path, NULL, NULL, &error));
  g_assert_no_error (error);
  db = amparo_vault_get_cases_db (f->vault, NULL);
  g_assert_cmpint (amparo_db_query_int (db, "SELECT COUNT(*) FROM audit WHERE action = 'partner.add'"
                                            " AND detail LIKE 'partner=%';", -1), ==, 2);
  g_assert_cmpint (amparo_db_query_int (db, "SELECT COUNT(*) FROM audit WHERE action ="
                                            " 'directory.export' AND detail = 'partners=2';", -1),
                   ==, 1);
  g_assert_cmpint (amparo_db_query_int (db, "SELECT COUNT(*) FROM audit WHERE action ="
                                            " 'directory.import' AND detail = 'added=0 updated=2';",
                                        -1), ==, 1);
  g_assert_cmpint (amparo_db_query_int (db, "SELECT COUNT(*) FROM audit WHERE detail LIKE"
                                            " '%Clínica%';", -1), ==, 0);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_setup, fn, fixture_teardown)
  ADD ("/partners/add/validates-every-field", test_add_validates_every_field);
  ADD ("/partners/add/no-duplicate-organisation", test_same_organisation_and_sector_not_added_twice);
  ADD ("/partners/update-and-get", test_update_and_get);
  ADD ("/partners/remove/retires-when-used", test_remove_retires_a_partner_that_was_used);
  ADD ("/partners/review-due", test_review_due);
  ADD ("/partners/directory/round-trip", test_export_then_import_round_trips);
  ADD ("/partners/directory/import-keeps-own-relationship",
       test_import_keeps_own_relationship_fields);
  ADD ("/partners/directory/export-holds-partners-only", test_export_holds_partners_only);
  ADD ("/partners/directory/import-rejects-malformed",
       test_import_rejects_malformed_files_and_changes_nothing);
  ADD ("/partners/directory/import-refuses-large-file",
       test_import_refuses_a_large_file_before_reading_it_all);
  ADD ("/partners/directory/audited-by-id", test_directory_changes_are_audited_by_id);
#undef ADD

  return g_test_run ();
}
