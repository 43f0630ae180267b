/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <locale.h>
#include <stdarg.h>
#include <string.h>
#include <gio/gio.h>
#include <glib/gstdio.h>

#include "amparo-cases.h"
#include "amparo-codes.h"
#include "amparo-consent.h"
#include "amparo-db.h"
#include "amparo-error.h"
#include "amparo-forms.h"
#include "amparo-forms-private.h"
#include "amparo-partners.h"
#include "amparo-vault.h"

#define PASSPHRASE "orchard lantern velvet 2931"

/* Unusual strings that can only come from the survivor's record: if one
 * shows up in a form, a log or an output, identifying data leaked. */
static const char *const identity_markers[] = { "Zorayda", "Quintanilla", "1987", NULL };
static const char *const contact_markers[] = { "555-0142", "zq.marker@example.org", "Marcador",
                                               "Solamente-de-tarde", NULL };

typedef struct
{
  char        *dir;
  AmparoVault *vault;
  gint64       case_id;
  gint64       partner_id;
  char        *ref_code;
  char        *pdf;
} Fixture;

static char *
date_from_today (int days)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) then = g_date_time_add_days (now, days);

  return g_date_time_format (then, "%Y-%m-%d");
}

static gint64
create_case (AmparoVault *vault,
             gboolean     confidential_location)
{
  g_autoptr(GPtrArray) drafts = g_ptr_array_new_with_free_func ((GDestroyNotify) amparo_case_draft_free);
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GError) error = NULL;
  AmparoCaseDraft *d = amparo_case_draft_new ();

  d->first_name = g_strdup ("Zorayda");
  d->last_name = g_strdup ("Quintanilla");
  d->birth_date = g_strdup ("1987-04-17");
  d->phone = g_strdup ("555-0142");
  d->email = g_strdup ("zq.marker@example.org");
  d->address = g_strdup ("77 Calle Marcador");
  d->confidential_location = confidential_location;
  d->safe_contact = g_strdup ("Solamente-de-tarde");
  d->opened = date_from_today (-40);
  g_ptr_array_add (drafts, d);
  g_assert_true (amparo_cases_create (vault, drafts, ids, &error));
  g_assert_no_error (error);
  return g_array_index (ids, gint64, 0);
}

static gint64
add_partner (AmparoVault *vault,
             const char  *name,
             const char  *sector)
{
  g_autoptr(AmparoPartner) p = amparo_partner_new ();
  g_autoptr(GError) error = NULL;
  gint64 id;

  p->name = g_strdup (name);
  p->sector = g_strdup (sector);
  p->tier = 2;
  p->contact_person = g_strdup ("Intake desk");
  p->duties = g_strdup ("Mandated reporter for child abuse.");
  id = amparo_partners_add (vault, p, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  return id;
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *vault_dir = NULL;
  sqlite3 *db;

  f->dir = g_dir_make_tmp ("amparo-consent-XXXXXX", &error);
  g_assert_no_error (error);
  vault_dir = g_build_filename (f->dir, "vault", NULL);
  f->vault = amparo_vault_create (vault_dir, AMPARO_VAULT_KIND_AGENCY, "Casa Refugio del Valle",
                                  "supervisor", PASSPHRASE, &error);
  g_assert_no_error (error);
  f->case_id = create_case (f->vault, FALSE);
  f->partner_id = add_partner (f->vault, "Clínica Norte", "health");
  db = amparo_vault_get_cases_db (f->vault, &error);
  g_assert_no_error (error);
  {
    g_autofree char *sql = g_strdup_printf ("SELECT ref_code FROM cases WHERE id = %" G_GINT64_FORMAT,
                                            f->case_id);
    f->ref_code = amparo_db_query_text (db, sql);
  }
  g_assert_nonnull (f->ref_code);
  f->pdf = g_build_filename (f->dir, "form.pdf", NULL);
}

static gboolean
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir == NULL)
    return g_unlink (path) == 0;
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      remove_tree (child);
    }
  return g_rmdir (path) == 0;
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  if (f->vault != NULL)
    amparo_vault_lock (f->vault);
  g_clear_object (&f->vault);
  remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->ref_code);
  g_free (f->pdf);
}

static gint64
add_release (Fixture    *f,
             const char *scope,
             const char *signed_date,
             const char *expires,
             GError    **error)
{
  g_autoptr(AmparoRelease) r = amparo_release_new ();

  r->case_id = f->case_id;
  r->partner_id = f->partner_id;
  r->scope = g_strsplit (scope, "|", -1);
  r->purpose = g_strdup ("referral");
  r->signed_date = g_strdup (signed_date);
  r->expires = g_strdup (expires);
  return amparo_releases_add (f->vault, r, error);
}

static gint64
add_referral (Fixture *f)
{
  g_autoptr(AmparoReferral) r = amparo_referral_new ();
  g_autoptr(GError) error = NULL;
  gint64 id;

  r->case_id = f->case_id;
  r->direction = g_strdup ("out");
  r->partner_id = f->partner_id;
  r->service_needed = g_strdup ("medical_advocacy");
  r->warm = TRUE;
  id = amparo_referrals_add (f->vault, r, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  return id;
}

/* The PDF's text as pdftotext reads it, or NULL (test skipped) when
 * pdftotext is not installed. */
static char *
pdf_text (const char *path)
{
  g_autofree char *tool = g_find_program_in_path ("pdftotext");
  const char *argv[] = { "pdftotext", "-enc", "UTF-8", path, "-", NULL };
  g_autoptr(GError) error = NULL;
  char *out = NULL;
  int status = 0;

  if (tool == NULL)
    {
      g_test_skip ("pdftotext is not installed");
      return NULL;
    }
  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out,
                               NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  return out;
}

static void
assert_none (const char        *text,
             const char *const *markers)
{
  for (guint i = 0; markers[i] != NULL; i++)
    if (strstr (text, markers[i]) != NULL)
      g_error ("identifying marker %s found where it must not be", markers[i]);
}

static void
assert_all (const char        *text,
            const char *const *markers)
{
  for (guint i = 0; markers[i] != NULL; i++)
    if (strstr (text, markers[i]) == NULL)
      g_error ("marker %s missing where a release covers it", markers[i]);
}

/* Prints the referral form and returns its text. */
static char *
referral_form_text (Fixture    *f,
                    gint64      referral_id,
                    const char *lang)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (amparo_forms_referral_pdf (f->vault, referral_id, lang, f->pdf, &error));
  g_assert_no_error (error);
  return pdf_text (f->pdf);
}

/* ------------------------------------------------------ referral forms */

static void
test_referral_form_without_release_has_reference_code_only (Fixture       *f,
                                                            gconstpointer  data)
{
  gint64 referral = add_referral (f);
  g_autofree char *text = referral_form_text (f, referral, "en");

  if (text == NULL)
    return;
  g_assert_nonnull (strstr (text, f->ref_code));
  g_assert_nonnull (strstr (text, "Clínica Norte"));
  g_assert_nonnull (strstr (text, "No identifying details are included"));
  assert_none (text, identity_markers);
  assert_none (text, contact_markers);
}

static void
test_referral_form_with_expired_release_has_no_identifying_data (Fixture       *f,
                                                                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *signed_date = date_from_today (-20);
  g_autofree char *yesterday = date_from_today (-1);
  g_autofree char *text = NULL;
  gint64 referral;

  g_assert_cmpint (add_release (f, "identity|contact", signed_date, yesterday, &error), >, 0);
  g_assert_no_error (error);
  referral = add_referral (f);
  text = referral_form_text (f, referral, "en");
  if (text == NULL)
    return;
  g_assert_nonnull (strstr (text, f->ref_code));
  assert_none (text, identity_markers);
  assert_none (text, contact_markers);
}

static void
test_referral_form_with_revoked_release_has_no_identifying_data (Fixture       *f,
                                                                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  gint64 release, referral;

  release = add_release (f, "identity|contact", NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (amparo_releases_revoke (f->vault, release, &error));
  g_assert_no_error (error);
  referral = add_referral (f);
  text = referral_form_text (f, referral, "es");
  if (text == NULL)
    return;
  g_assert_nonnull (strstr (text, f->ref_code));
  g_assert_nonnull (strstr (text, "No se incluyen datos de identificación"));
  assert_none (text, identity_markers);
  assert_none (text, contact_markers);
}

static void
test_referral_form_scope_without_contact_leaves_contact_out (Fixture       *f,
                                                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  gint64 referral;

  g_assert_cmpint (add_release (f, "identity|case_details", NULL, NULL, &error), >, 0);
  g_assert_no_error (error);
  referral = add_referral (f);
  text = referral_form_text (f, referral, "en");
  if (text == NULL)
    return;
  assert_all (text, identity_markers);
  assert_none (text, contact_markers);
}

static void
test_referral_form_scope_without_identity_leaves_name_out (Fixture       *f,
                                                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  gint64 referral;

  g_assert_cmpint (add_release (f, "contact", NULL, NULL, &error), >, 0);
  g_assert_no_error (error);
  referral = add_referral (f);
  text = referral_form_text (f, referral, "en");
  if (text == NULL)
    return;
  assert_none (text, identity_markers);
  assert_all (text, contact_markers);
}

static void
test_referral_form_with_covering_release_has_identifying_data (Fixture       *f,
                                                               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_auto(GStrv) scope = NULL;
  g_autoptr(AmparoReferral) stored = NULL;
  g_autofree char *today = amparo_date_today ();
  gint64 release, referral;

  release = add_release (f, "identity|contact", NULL, NULL, &error);
  g_assert_no_error (error);
  referral = add_referral (f);
  scope = amparo_forms_referral_scope (f->vault, referral, today, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (scope), ==, 2);
  text = referral_form_text (f, referral, "en");
  if (text == NULL)
    return;
  g_assert_nonnull (strstr (text, f->ref_code));
  assert_all (text, identity_markers);
  assert_all (text, contact_markers);
  stored = amparo_referrals_get (f->vault, referral, &error);
  g_assert_cmpint (stored->release_id, ==, release);
}

static void
test_referral_form_never_prints_confidential_location (Fixture       *f,
                                                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  gint64 referral;

  /* a second case whose address is marked confidential */
  f->case_id = create_case (f->vault, TRUE);
  g_assert_cmpint (add_release (f, "identity|contact", NULL, NULL, &error), >, 0);
  g_assert_no_error (error);
  referral = add_referral (f);
  text = referral_form_text (f, referral, "en");
  if (text == NULL)
    return;
  g_assert_null (strstr (text, "Marcador"));
  g_assert_nonnull (strstr (text, "Confidential location"));
  g_assert_nonnull (strstr (text, "555-0142"));
}

static void
test_revoking_takes_effect_for_the_very_next_form (Fixture       *f,
                                                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  gint64 release, referral;

  release = add_release (f, "identity|contact", NULL, NULL, &error);
  g_assert_no_error (error);
  referral = add_referral (f);
  before = referral_form_text (f, referral, "en");
  if (before == NULL)
    return;
  assert_all (before, identity_markers);

  g_assert_true (amparo_releases_revoke (f->vault, release, &error));
  g_assert_no_error (error);
  after = referral_form_text (f, referral, "en");
  assert_none (after, identity_markers);
  assert_none (after, contact_markers);
  g_assert_nonnull (strstr (after, f->ref_code));
}

static void
test_referral_form_only_for_referrals_out (Fixture       *f,
                                           gconstpointer  data)
{
  g_autoptr(AmparoReferral) r = amparo_referral_new ();
  g_autoptr(GError) error = NULL;
  gint64 id;

  r->case_id = f->case_id;
  r->direction = g_strdup ("in");
  r->partner_id = f->partner_id;
  id = amparo_referrals_add (f->vault, r, &error);
  g_assert_no_error (error);
  g_assert_false (amparo_forms_referral_pdf (f->vault, id, "en", f->pdf, &error));
  g_assert_error (error, AMPARO_ERROR, AMPARO_ERROR_INVALID);
  g_assert_false (g_file_test (f->pdf, G_FILE_TEST_EXISTS));
  g_clear_error (&error);
  g_assert_false (amparo_forms_referral_pdf (f->vault, id, "fr", f->pdf, &error));
  g_assert_error (error, AMPARO_ERROR, AMPARO_ERROR_INVALID);
}

/* ------------------------------------------------------------ releases */

static void
test_expiry_is_evaluated_at_time_of_use (Fixture       *f,
                                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *today = amparo_date_today ();
  g_autofree char *tomorrow = date_from_today (1);
  g_autofree char *yesterday = date_from_today (-1);
  g_autofree char *text = NULL;
  g_autoptr(AmparoRelease) current = NULL;
  gint64 referral;

  g_assert_cmpint (add_release (f, "identity|contact", today, today, &error), >, 0);
  g_assert_no_error (error);
  g_assert_true (amparo_release_covers (f->vault, f->case_id, f->partner_id, "identity", today));
  g_assert_true (amparo_release_covers (f->vault, f->case_id, f->partner_id, "contact", today));
  g_assert_false (amparo_release_covers (f->vault, f->case_id, f->partner_id, "identity", tomorrow));
  /* not before it was signed either */
  g_assert_false (amparo_release_covers (f->vault, f->case_id, f->partner_id, "identity",
                                         yesterday));
  g_assert_false (amparo_release_covers (f->vault, f->case_id, f->partner_id, "safety_plan",
                                         today));
  g_assert_false (amparo_release_covers (f->vault, f->case_id, f->partner_id + 99, "identity",
                                         today));
  current = amparo_releases_find_current (f->vault, f->case_id, f->partner_id, tomorrow, &error);
  g_assert_no_error (error);
  g_assert_null (current);

  /* and a form printed today still carries what the release covers */
  referral = add_referral (f);
  text = referral_form_text (f, referral, "en");
  if (text != NULL)
    assert_all (text, identity_markers);
}

static void
test_revoked_release_never_covers (Fixture       *f,
                                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *today = amparo_date_today ();
  g_autofree char *yesterday = date_from_today (-1);
  g_autofree char *ten_days_ago = date_from_today (-10);
  g_autoptr(AmparoRelease) stored = NULL;
  gint64 id;

  id = add_release (f, "identity", ten_days_ago, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (amparo_release_covers (f->vault, f->case_id, f->partner_id, "identity", today));
  g_assert_true (amparo_releases_revoke (f->vault, id, &error));
  g_assert_no_error (error);
  g_assert_false (amparo_release_covers (f->vault, f->case_id, f->partner_id, "identity", today));
  g_assert_false (amparo_release_covers (f->vault, f->case_id, f->partner_id, "identity",
                                         yesterday));
  stored = amparo_releases_get (f->vault, id, &error);
  g_assert_cmpstr (stored->revoked, ==, today);
  g_assert_cmpint (amparo_release_state (stored, today), ==, AMPARO_RELEASE_REVOKED);
  g_assert_false (amparo_releases_revoke (f->vault, id, &error));
  g_assert_error (error, AMPARO_ERROR, AMPARO_ERROR_INVALID);
}

static void
test_new_release_replaces_only_expired_or_revoked (Fixture       *f,
                                                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *today = amparo_date_today ();
  g_autoptr(AmparoRelease) replaced = NULL;
  sqlite3 *db;
  gint64 first, again;

  first = add_release (f, "identity", NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (add_release (f, "identity|contact", NULL, NULL, &error), ==, 0);
  g_assert_error (error, AMPARO_ERROR, AMPARO_ERROR_EXISTS);
  g_clear_error (&error);
  g_assert_false (amparo_release_covers (f->vault, f->case_id, f->partner_id, "contact", today));

  g_assert_true (amparo_releases_revoke (f->vault, first, &error));
  again = add_release (f, "identity|contact", NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (again, ==, first);
  g_assert_true (amparo_release_covers (f->vault, f->case_id, f->partner_id, "contact", today));
  replaced = amparo_releases_get (f->vault, again, &error);
  g_assert_null (replaced->revoked);

  /* the old terms are kept */
  db = amparo_vault_get_cases_db (f->vault, &error);
  g_assert_cmpint (amparo_db_query_int (db, "SELECT COUNT(*) FROM release_history"
                                            " WHERE scope = 'identity' AND revoked IS NOT NULL;",
                                        -1), ==, 1);
}

static void
test_release_validation (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *today = amparo_date_today ();
  g_autofree char *tomorrow = date_from_today (1);
  g_autofree char *yesterday = date_from_today (-1);
  g_autofree char *too_far = date_from_today (AMPARO_RELEASE_MAX_DAYS + 1);
  struct { const char *scope; const char *signed_date; const char *expires; } bad[] = {
    { "identity", today, yesterday },          /* expires before signed */
    { "identity", today, too_far },            /* not time-limited enough */
    { "identity", tomorrow, NULL },            /* signed in the future */
    { "identity", "2026-02-30", NULL },        /* no such date */
    { "name", today, NULL },                   /* unknown scope */
    { "", today, NULL },                       /* empty scope */
  };
  sqlite3 *db;

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_cmpint (add_release (f, bad[i].scope, bad[i].signed_date, bad[i].expires, &error),
                       ==, 0);
      g_assert_error (error, AMPARO_ERROR, AMPARO_ERROR_INVALID);
    }
  db = amparo_vault_get_cases_db (f->vault, NULL);
  g_assert_cmpint (amparo_db_query_int (db, "SELECT COUNT(*) FROM releases;", -1), ==, 0);
}

static void
test_default_expiry_comes_from_preferences (Fixture       *f,
                                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AmparoRelease) stored = NULL;
  g_autofree char *in_30 = date_from_today (30);
  g_autofree char *in_45 = date_from_today (45);
  g_autofree char *default_expiry = NULL;
  g_autofree char *today = amparo_date_today ();
  gint64 id;

  default_expiry = amparo_release_default_expiry (f->vault, today);
  g_assert_cmpstr (default_expiry, ==, in_30);
  g_assert_true (amparo_vault_set_setting (f->vault, "release_days", "45", &error));
  id = add_release (f, "identity", NULL, NULL, &error);
  g_assert_no_error (error);
  stored = amparo_releases_get (f->vault, id, &error);
  g_assert_cmpstr (stored->expires, ==, in_45);
  g_assert_cmpstr (stored->signed_date, ==, today);
  g_assert_false (stored->verbal);
}

/* ------------------------------------------ referrals and disclosures */

static void
test_referral_takes_sector_from_partner_and_validates_codes (Fixture       *f,
                                                             gconstpointer  data)
{
  g_autoptr(AmparoReferral) r = amparo_referral_new ();
  g_autoptr(AmparoReferral) stored = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id;

  r->case_id = f->case_id;
  r->direction = g_strdup ("out");
  r->partner_id = f->partner_id;
  r->sector = g_strdup ("court");
  r->service_needed = g_strdup ("not_a_service");
  g_assert_cmpint (amparo_referrals_add (f->vault, r, &error), ==, 0);
  g_assert_error (error, AMPARO_ERROR, AMPARO_ERROR_INVALID);
  g_clear_error (&error);

  g_free (r->service_needed);
  r->service_needed = g_strdup ("personal_advocacy");   /* a VOCA category is fine */
  id = amparo_referrals_add (f->vault, r, &error);
  g_assert_no_error (error);
  stored = amparo_referrals_get (f->vault, id, &error);
  g_assert_cmpstr (stored->sector, ==, "health");
  g_assert_cmpstr (stored->status, ==, "made");

  g_free (stored->status);
  stored->status = g_strdup ("lost");
  g_assert_false (amparo_referrals_update (f->vault, stored, &error));
  g_assert_error (error, AMPARO_ERROR, AMPARO_ERROR_INVALID);
  g_clear_error (&error);
  g_free (stored->status);
  stored->status = g_strdup ("completed");
  stored->outcome = g_strdup ("service_received");
  g_assert_true (amparo_referrals_update (f->vault, stored, &error));
  g_assert_no_error (error);
  g_clear_pointer (&stored, amparo_referral_free);
  stored = amparo_referrals_get (f->vault, id, &error);
  g_assert_cmpstr (stored->status, ==, "completed");
  g_assert_cmpstr (stored->outcome, ==, "service_received");
}

static void
test_mandated_report_is_its_own_disclosure (Fixture       *f,
                                            gconstpointer  data)
{
  const char *scope[] = { "identity", "case_details", NULL };
  const char *bad_scope[] = { "everything", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = NULL;
  AmparoDisclosure *d;
  gint64 id;

  g_assert_cmpint (amparo_mandated_report_add (f->vault, f->case_id, "spousal_abuse",
                                               "child_adult_protection", 0, scope, NULL, &error),
                   ==, 0);
  g_assert_error (error, AMPARO_ERROR, AMPARO_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (amparo_mandated_report_add (f->vault, f->case_id, "child_abuse",
                                               "child_adult_protection", 0, bad_scope, NULL,
                                               &error), ==, 0);
  g_assert_error (error, AMPARO_ERROR, AMPARO_ERROR_INVALID);
  g_clear_error (&error);

  id = amparo_mandated_report_add (f->vault, f->case_id, "child_abuse", "child_adult_protection",
                                   0, scope, NULL, &error);
  g_assert_no_error (error);
  list = amparo_disclosures_list (f->vault, f->case_id, NULL, NULL, &error);
  g_assert_cmpuint (list->len, ==, 1);
  d = g_ptr_array_index (list, 0);
  g_assert_cmpint (d->id, ==, id);
  g_assert_cmpstr (d->kind, ==, "mandated_report");
  g_assert_cmpstr (d->report_type, ==, "child_abuse");
  g_assert_cmpstr (d->recipient_sector, ==, "child_adult_protection");
  g_assert_cmpstr (d->staff, ==, "supervisor");
  g_assert_cmpuint (g_strv_length (d->scope), ==, 2);
  g_assert_cmpstr (amparo_disclosure_grounds (d), ==, "mandated_report");
  g_assert_cmpint (d->release_id, ==, 0);
}

/* Every disclosure has its audit row with the case number and partner;
 * no audit row holds a survivor's name or contact details. */
static void
test_audit_logs_each_disclosure_without_names (Fixture       *f,
                                               gconstpointer  data)
{
  const char *scope[] = { "identity", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) disclosures = NULL;
  g_autoptr(sqlite3_stmt) rows = NULL;
  g_autofree char *release_pdf = g_build_filename (f->dir, "release.pdf", NULL);
  gint64 release, referral;
  sqlite3 *db;
  guint n_rows = 0;

  referral = add_referral (f);
  g_assert_true (amparo_forms_referral_pdf (f->vault, referral, "en", f->pdf, &error));
  release = add_release (f, "identity|contact", NULL, NULL, &error);
  g_assert_true (amparo_forms_referral_pdf (f->vault, referral, "es", f->pdf, &error));
  g_assert_true (amparo_forms_release_pdf (f->vault, release, "es", release_pdf, &error));
  g_assert_true (amparo_releases_revoke (f->vault, release, &error));
  g_assert_true (amparo_forms_referral_pdf (f->vault, referral, "en", f->pdf, &error));
  g_assert_cmpint (amparo_mandated_report_add (f->vault, f->case_id, "child_abuse", NULL,
                                               f->partner_id, scope, NULL, &error), >, 0);
  g_assert_no_error (error);

  db = amparo_vault_get_cases_db (f->vault, &error);
  disclosures = amparo_disclosures_list (f->vault, 0, NULL, NULL, &error);
  /* three referral forms and the report; the release form went to the
   * survivor, not the partner */
  g_assert_cmpuint (disclosures->len, ==, 4);
  for (guint i = 0; i < disclosures->len; i++)
    {
      AmparoDisclosure *d = g_ptr_array_index (disclosures, i);
      g_autofree char *sql = g_strdup_printf ("SELECT COUNT(*) FROM audit WHERE case_id = %"
                                              G_GINT64_FORMAT " AND detail LIKE '%%disclosure=%"
                                              G_GINT64_FORMAT " %%' AND detail LIKE '%%partner=%"
                                              G_GINT64_FORMAT " %%';",
                                              f->case_id, d->id, f->partner_id);

      g_assert_cmpint (d->partner_id, ==, f->partner_id);
      g_assert_cmpint (amparo_db_query_int (db, sql, -1), ==, 1);
    }
  /* the forms printed with and without identifying data say so */
  g_assert_cmpstr (((AmparoDisclosure *) g_ptr_array_index (disclosures, 0))->scope[0], ==, NULL);
  g_assert_cmpstr (amparo_disclosure_grounds (g_ptr_array_index (disclosures, 0)), ==,
                   "none_identifying");
  g_assert_cmpint (((AmparoDisclosure *) g_ptr_array_index (disclosures, 1))->release_id, ==,
                   release);
  g_assert_cmpuint (g_strv_length (((AmparoDisclosure *) g_ptr_array_index (disclosures, 1))->scope),
                    ==, 2);
  g_assert_cmpstr (((AmparoDisclosure *) g_ptr_array_index (disclosures, 2))->scope[0], ==, NULL);
  g_assert_cmpstr (((AmparoDisclosure *) g_ptr_array_index (disclosures, 3))->kind, ==,
                   "mandated_report");
  g_assert_cmpint (amparo_db_query_int (db, "SELECT COUNT(*) FROM audit WHERE action ="
                                            " 'print.release' AND detail LIKE 'release=% partner=%';",
                                        -1), ==, 1);

  rows = amparo_db_prepare (db, "SELECT actor, action, IFNULL(detail, '') FROM audit;", &error);
  while (sqlite3_step (rows) == SQLITE_ROW)
    {
      g_autofree char *row = g_strdup_printf ("%s %s %s", sqlite3_column_text (rows, 0),
                                              sqlite3_column_text (rows, 1),
                                              sqlite3_column_text (rows, 2));
      assert_none (row, identity_markers);
      assert_none (row, contact_markers);
      g_assert_null (strstr (row, "Clínica"));
      n_rows++;
    }
  g_assert_cmpuint (n_rows, >, 8);
}

/* ---------------------------------------------------------------- forms */

static void
test_release_form_language_is_chosen_not_inherited (Fixture       *f,
                                                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *es = NULL;
  g_autofree char *en = NULL;
  gint64 release;

  /* main() set LANGUAGE=en: the interface language is English */
  release = add_release (f, "identity|case_details", NULL, NULL, &error);
  g_assert_no_error (error);

  g_assert_true (amparo_forms_release_pdf (f->vault, release, "es", f->pdf, &error));
  g_assert_no_error (error);
  es = pdf_text (f->pdf);
  if (es == NULL)
    return;
  g_assert_nonnull (strstr (es, "Autorización para divulgar información"));
  g_assert_nonnull (strstr (es, "Su derecho a revocar"));
  g_assert_nonnull (strstr (es, "Clínica Norte"));
  g_assert_nonnull (strstr (es, "Referencia a servicios"));    /* purpose, in Spanish */
  g_assert_nonnull (strstr (es, f->ref_code));
  g_assert_null (strstr (es, "right to revoke"));
  /* she writes her own name: the form prints none */
  assert_none (es, identity_markers);
  assert_none (es, contact_markers);

  g_assert_true (amparo_forms_release_pdf (f->vault, release, "en", f->pdf, &error));
  en = pdf_text (f->pdf);
  g_assert_nonnull (strstr (en, "Authorization to release information"));
  g_assert_nonnull (strstr (en, "Your right to revoke"));
  g_assert_nonnull (strstr (en, "Mandated reporter for child abuse."));   /* partner's duties */
  g_assert_null (strstr (en, "Autorización"));
}

static guint
count_conversions (const char *format)
{
  guint n = 0;

  for (const char *p = strchr (format, '%'); p != NULL; p = strchr (p + 2, '%'))
    n++;
  return n;
}

static void
test_form_texts_are_complete_in_both_languages (void)
{
  const char *categories[] = { "release_scope", "release_purpose", "sector", "voca",
                               "service_type", NULL };

  for (guint i = 0; i < N_FORM_TEXTS; i++)
    {
      const char *en = amparo_forms_text (i, "en");
      const char *es = amparo_forms_text (i, "es");

      g_assert_nonnull (en);
      g_assert_nonnull (es);
      g_assert_cmpuint (strlen (en), >, 0);
      g_assert_cmpuint (count_conversions (en), ==, count_conversions (es));
    }
  for (guint c = 0; categories[c] != NULL; c++)
    {
      const AmparoCategory *cat = amparo_category_lookup (categories[c]);

      for (const AmparoCode *code = cat->codes; code->code != NULL; code++)
        {
          const char *en = amparo_forms_code_label (categories[c], code->code, "en");
          const char *es = amparo_forms_code_label (categories[c], code->code, "es");

          g_assert_cmpstr (en, ==, code->label);
          if (g_str_equal (en, es))
            g_error ("no Spanish form label for %s/%s", categories[c], code->code);
        }
    }
  g_assert_false (amparo_forms_lang_is_valid ("fr"));
}

static void
test_forms_refused_for_reporting_role (Fixture       *f,
                                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AmparoVault) reporting = NULL;
  g_autofree char *vault_dir = g_build_filename (f->dir, "vault", NULL);
  gint64 release, referral;

  release = add_release (f, "identity|contact", NULL, NULL, &error);
  referral = add_referral (f);
  g_assert_true (amparo_vault_add_account (f->vault, "clerk", AMPARO_ROLE_REPORTING,
                                           "clerk passphrase 7781", &error));
  g_assert_no_error (error);
  reporting = amparo_vault_unlock (vault_dir, "clerk", "clerk passphrase 7781", &error);
  g_assert_no_error (error);
  g_assert_false (amparo_forms_referral_pdf (reporting, referral, "en", f->pdf, &error));
  g_assert_error (error, AMPARO_ERROR, AMPARO_ERROR_NOT_PERMITTED);
  g_assert_false (g_file_test (f->pdf, G_FILE_TEST_EXISTS));
  g_clear_error (&error);
  g_assert_false (amparo_releases_revoke (reporting, release, &error));
  g_assert_error (error, AMPARO_ERROR, AMPARO_ERROR_NOT_PERMITTED);
  amparo_vault_lock (reporting);
}

/* ------------------------------------------ alerts and the audit view */

static void
test_alerts_for_expiring_release_and_due_follow_up (Fixture       *f,
                                                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *today = amparo_date_today ();
  g_autofree char *in_5 = date_from_today (5);
  g_autoptr(GPtrArray) expiring = NULL;
  g_autoptr(AmparoReferral) r = amparo_referral_new ();
  g_autoptr(AmparoReferral) stored = NULL;
  gint64 other_case = create_case (f->vault, TRUE);
  gint64 referral;

  g_assert_cmpint (add_release (f, "identity", NULL, in_5, &error), >, 0);
  g_assert_cmpint (amparo_consent_case_alerts (f->vault, f->case_id, today, 14, &error), ==,
                   AMPARO_CONSENT_ALERT_RELEASE_EXPIRING);
  g_assert_cmpint (amparo_consent_case_alerts (f->vault, f->case_id, today, 3, &error), ==,
                   AMPARO_CONSENT_ALERT_NONE);
  expiring = amparo_releases_expiring (f->vault, today, 14, &error);
  g_assert_cmpuint (expiring->len, ==, 1);

  r->case_id = other_case;
  r->direction = g_strdup ("out");
  r->partner_id = f->partner_id;
  r->follow_up = g_strdup (today);
  referral = amparo_referrals_add (f->vault, r, &error);
  g_assert_no_error (error);
  g_assert_cmpint (amparo_consent_case_alerts (f->vault, other_case, today, 14, &error), ==,
                   AMPARO_CONSENT_ALERT_FOLLOW_UP_DUE);
  stored = amparo_referrals_get (f->vault, referral, &error);
  g_free (stored->status);
  stored->status = g_strdup ("completed");
  g_assert_true (amparo_referrals_update (f->vault, stored, &error));
  g_assert_cmpint (amparo_consent_case_alerts (f->vault, other_case, today, 14, &error), ==,
                   AMPARO_CONSENT_ALERT_NONE);
  g_assert_no_error (error);
}

static gint64
add_referral_with (Fixture    *f,
                   const char *direction,
                   const char *date,
                   const char *follow_up,
                   const char *status)
{
  g_autoptr(AmparoReferral) r = amparo_referral_new ();
  g_autoptr(AmparoReferral) stored = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id;

  r->case_id = f->case_id;
  r->direction = g_strdup (direction);
  r->partner_id = f->partner_id;
  r->service_needed = g_strdup ("medical_advocacy");
  r->date = g_strdup (date);
  r->follow_up = g_strdup (follow_up);
  id = amparo_referrals_add (f->vault, r, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  if (status != NULL)
    {
      stored = amparo_referrals_get (f->vault, id, &error);
      g_assert_no_error (error);
      g_free (stored->status);
      stored->status = g_strdup (status);
      g_assert_true (amparo_referrals_update (f->vault, stored, &error));
      g_assert_no_error (error);
    }
  return id;
}

static GArray *
watch_ids (Fixture            *f,
           AmparoConsentWatch  which,
           guint               max_items,
           guint              *total)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *today = amparo_date_today ();
  g_autoptr(GPtrArray) items = amparo_consent_watch_list (f->vault, which, today, max_items,
                                                          total, &error);
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  g_assert_no_error (error);
  g_assert_nonnull (items);
  for (guint i = 0; i < items->len; i++)
    {
      gint64 id = which == AMPARO_CONSENT_WATCH_EXPIRING || which == AMPARO_CONSENT_WATCH_ENDED
                  ? ((AmparoRelease *) g_ptr_array_index (items, i))->id
                  : ((AmparoReferral *) g_ptr_array_index (items, i))->id;

      g_array_append_val (ids, id);
    }
  return ids;
}

#define assert_ids(ids, ...) G_STMT_START {                                   \
    const gint64 expected_[] = { __VA_ARGS__ };                               \
    g_assert_cmpmem ((ids)->data, (ids)->len * sizeof (gint64),               \
                     expected_, sizeof expected_);                            \
  } G_STMT_END

/* The Referrals & Releases page's lists come filtered, ordered and cut by
 * the store: each holds exactly its items, and a long list is counted,
 * not loaded. */
static void
test_watch_lists_hold_exactly_their_items (Fixture       *f,
                                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *d_200 = date_from_today (-200);
  g_autofree char *d_100 = date_from_today (-100);
  g_autofree char *d_40 = date_from_today (-40);
  g_autofree char *d_20 = date_from_today (-20);
  g_autofree char *d_10 = date_from_today (-10);
  g_autofree char *d_5 = date_from_today (-5);
  g_autofree char *d_3 = date_from_today (-3);
  g_autofree char *d_1 = date_from_today (-1);
  g_autofree char *in_1 = date_from_today (1);
  g_autofree char *in_3 = date_from_today (3);
  g_autofree char *in_6 = date_from_today (6);
  g_autofree char *in_30 = date_from_today (30);
  g_autoptr(GArray) ids = NULL;
  gint64 soon, sooner, later, expired, expired_long_ago, revoked;
  gint64 due_old, due_new, not_due, answered, silent_old, silent_mid, silent_new;
  guint total = 0;

  /* releases: one per partner */
  soon = add_release (f, "identity", NULL, in_6, &error);
  f->partner_id = add_partner (f->vault, "Partner B", "legal_aid");
  sooner = add_release (f, "identity", NULL, in_3, &error);
  f->partner_id = add_partner (f->vault, "Partner C", "housing");
  later = add_release (f, "identity", NULL, in_30, &error);
  f->partner_id = add_partner (f->vault, "Partner D", "housing");
  expired = add_release (f, "identity", d_100, d_10, &error);
  f->partner_id = add_partner (f->vault, "Partner E", "housing");
  expired_long_ago = add_release (f, "identity", d_200, d_40, &error);
  f->partner_id = add_partner (f->vault, "Partner F", "housing");
  revoked = add_release (f, "contact", NULL, in_3, &error);
  g_assert_no_error (error);
  g_assert_cmpint (soon * sooner * later * expired * expired_long_ago * revoked, >, 0);
  g_assert_true (amparo_releases_revoke (f->vault, revoked, &error));
  g_assert_no_error (error);

  ids = watch_ids (f, AMPARO_CONSENT_WATCH_EXPIRING, 100, &total);
  assert_ids (ids, sooner, soon);
  g_assert_cmpuint (total, ==, 2);
  g_clear_pointer (&ids, g_array_unref);
  /* revoked today, then expired 10 days ago; 40 days ago is too long */
  ids = watch_ids (f, AMPARO_CONSENT_WATCH_ENDED, 100, &total);
  assert_ids (ids, revoked, expired);
  g_assert_cmpuint (total, ==, 2);
  g_clear_pointer (&ids, g_array_unref);
  ids = watch_ids (f, AMPARO_CONSENT_WATCH_ENDED, 1, &total);
  assert_ids (ids, revoked);
  g_assert_cmpuint (total, ==, 2);
  g_clear_pointer (&ids, g_array_unref);

  /* referrals */
  due_new = add_referral_with (f, "out", d_20, d_1, NULL);
  due_old = add_referral_with (f, "out", d_20, d_3, "accepted");
  not_due = add_referral_with (f, "out", d_20, in_1, NULL);
  answered = add_referral_with (f, "out", d_20, d_5, "completed");
  silent_mid = add_referral_with (f, "out", d_5, NULL, "no_response");
  silent_old = add_referral_with (f, "out", d_20, NULL, "no_response");
  silent_new = add_referral_with (f, "out", d_1, NULL, "no_response");
  g_assert_cmpint (not_due * answered, >, 0);
  ids = watch_ids (f, AMPARO_CONSENT_WATCH_FOLLOW_UP, 100, &total);
  assert_ids (ids, due_old, due_new);
  g_assert_cmpuint (total, ==, 2);
  g_clear_pointer (&ids, g_array_unref);
  ids = watch_ids (f, AMPARO_CONSENT_WATCH_NO_RESPONSE, 2, &total);
  assert_ids (ids, silent_new, silent_mid);
  g_assert_cmpuint (total, ==, 3);
  g_clear_pointer (&ids, g_array_unref);
  ids = watch_ids (f, AMPARO_CONSENT_WATCH_NO_RESPONSE, 100, &total);
  assert_ids (ids, silent_new, silent_mid, silent_old);
  g_clear_pointer (&ids, g_array_unref);
}

static void
test_confidentiality_audit_for_a_period (Fixture       *f,
                                         gconstpointer  data)
{
  const char *scope[] = { "identity", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(AmparoConfidentialityAudit) audit = NULL;
  g_autoptr(AmparoVault) advocate = NULL;
  g_autofree char *vault_dir = g_build_filename (f->dir, "vault", NULL);
  g_autofree char *today = amparo_date_today ();
  g_autofree char *from = date_from_today (-60);
  g_autofree char *to = date_from_today (30);
  g_autofree char *signed_date = date_from_today (-30);
  g_autofree char *expired_on = date_from_today (-2);
  g_autofree char *in_7 = date_from_today (7);
  gint64 partner2 = add_partner (f->vault, "Legal Aid Valley", "legal_aid");
  gint64 partner3 = add_partner (f->vault, "Housing First", "housing");
  gint64 revoked, referral;
  gboolean found_grounds = FALSE;

  g_assert_cmpint (add_release (f, "identity", signed_date, expired_on, &error), >, 0);
  f->partner_id = partner2;
  revoked = add_release (f, "contact", NULL, NULL, &error);
  g_assert_true (amparo_releases_revoke (f->vault, revoked, &error));
  f->partner_id = partner3;
  g_assert_cmpint (add_release (f, "identity|contact", NULL, in_7, &error), >, 0);
  referral = add_referral (f);
  g_assert_true (amparo_forms_referral_pdf (f->vault, referral, "en", f->pdf, &error));
  g_assert_cmpint (amparo_mandated_report_add (f->vault, f->case_id, "vulnerable_adult_abuse",
                                               "law_enforcement", 0, scope, NULL, &error), >, 0);
  g_assert_true (amparo_vault_audit (f->vault, "contact.view", f->case_id, NULL, &error));
  g_assert_true (amparo_vault_audit (f->vault, "contact.view", f->case_id, NULL, &error));
  g_assert_no_error (error);

  audit = amparo_confidentiality_audit (f->vault, from, to, today, 14, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (audit->expired->len, ==, 1);
  g_assert_cmpstr (((AmparoRelease *) g_ptr_array_index (audit->expired, 0))->expires, ==,
                   expired_on);
  g_assert_cmpuint (audit->revoked->len, ==, 1);
  g_assert_cmpint (((AmparoRelease *) g_ptr_array_index (audit->revoked, 0))->partner_id, ==,
                   partner2);
  g_assert_cmpuint (audit->expiring->len, ==, 1);
  g_assert_cmpuint (audit->disclosures->len, ==, 2);
  for (guint i = 0; i < audit->disclosures->len; i++)
    if (g_str_equal (amparo_disclosure_grounds (g_ptr_array_index (audit->disclosures, i)),
                     "release"))
      found_grounds = TRUE;
  g_assert_true (found_grounds);
  g_assert_cmpuint (audit->views->len, ==, 1);
  g_assert_cmpint (((AmparoStaffCount *) g_ptr_array_index (audit->views, 0))->count, ==, 2);
  g_assert_cmpuint (audit->files->len, ==, 1);
  g_assert_cmpstr (((AmparoAuditEntry *) g_ptr_array_index (audit->files, 0))->action, ==,
                   "print.referral");

  /* a period before any of it is empty */
  g_clear_pointer (&audit, amparo_confidentiality_audit_free);
  audit = amparo_confidentiality_audit (f->vault, "2020-01-01", "2020-06-30", today, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (audit->expired->len + audit->revoked->len + audit->disclosures->len
                    + audit->views->len + audit->files->len, ==, 0);

  /* supervisors only */
  g_assert_true (amparo_vault_add_account (f->vault, "advocate", AMPARO_ROLE_ADVOCATE,
                                           "advocate passphrase 4410", &error));
  advocate = amparo_vault_unlock (vault_dir, "advocate", "advocate passphrase 4410", &error);
  g_assert_no_error (error);
  g_assert_null (amparo_confidentiality_audit (advocate, from, to, today, 14, &error));
  g_assert_error (error, AMPARO_ERROR, AMPARO_ERROR_NOT_PERMITTED);
  amparo_vault_lock (advocate);
}

/* ----------------------------------------------------------------- CLI */

/* Runs amparo-cli on the fixture's vault with the passphrase on stdin;
 * returns its exit status and what it printed. */
static int
run_cli (Fixture     *f,
         char       **out,
         char       **err,
         const char  *first,
         ...)
{
  const char *cli = g_getenv ("AMPARO_CLI");
  g_autofree char *vault_dir = g_build_filename (f->dir, "vault", NULL);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  va_list ap;

  g_ptr_array_add (argv, (char *) cli);
  g_ptr_array_add (argv, "--vault");
  g_ptr_array_add (argv, vault_dir);
  va_start (ap, first);
  for (const char *a = first; a != NULL; a = va_arg (ap, const char *))
    g_ptr_array_add (argv, (char *) a);
  va_end (ap);
  g_ptr_array_add (argv, NULL);
  proc = g_subprocess_newv ((const char *const *) argv->pdata,
                            G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE
                              | G_SUBPROCESS_FLAGS_STDERR_PIPE,
                            &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate_utf8 (proc, PASSPHRASE "\n", NULL, out, err, &error));
  g_assert_no_error (error);
  assert_none (*out, identity_markers);
  assert_none (*out, contact_markers);
  assert_none (*err, identity_markers);
  assert_none (*err, contact_markers);
  return g_subprocess_get_exit_status (proc);
}

static gint64
parse_line_id (const char *out)
{
  gint64 id = g_ascii_strtoll (out, NULL, 10);

  g_assert_cmpint (id, >, 0);
  return id;
}

static void
test_cli_release_referral_form_and_audit (Fixture       *f,
                                          gconstpointer  data)
{
  g_autofree char *partner = g_strdup_printf ("%" G_GINT64_FORMAT, f->partner_id);
  g_autofree char *case_number = g_strdup_printf ("%" G_GINT64_FORMAT, f->case_id);
  g_autofree char *bad_dir = g_build_filename (f->dir, "bad.ampd", NULL);
  g_autofree char *today = amparo_date_today ();
  g_autofree char *year = g_strndup (today, 4);
  g_autofree char *release_id = NULL;
  g_autofree char *referral_id = NULL;
  g_autofree char *text = NULL;
  char *out = NULL, *err = NULL;

  if (g_getenv ("AMPARO_CLI") == NULL)
    {
      g_test_skip ("AMPARO_CLI is not set");
      return;
    }
  amparo_vault_lock (f->vault);

#define RUN(expect, ...)                                              \
  G_STMT_START {                                                      \
    g_clear_pointer (&out, g_free);                                   \
    g_clear_pointer (&err, g_free);                                   \
    g_assert_cmpint (run_cli (f, &out, &err, __VA_ARGS__, NULL), ==, expect); \
  } G_STMT_END

  /* the case by its reference code */
  RUN (0, "release", "add", f->ref_code, partner, "--scope", "identity|contact", "--purpose",
       "referral");
  release_id = g_strdup_printf ("%" G_GINT64_FORMAT, parse_line_id (out));
  RUN (1, "release", "add", case_number, partner, "--scope", "identity", "--purpose", "referral");
  g_assert_nonnull (strstr (err, "current release"));
  g_assert_true (g_str_has_suffix (err, "\n") && strchr (err, '\n') == err + strlen (err) - 1);
  RUN (2, "release", "add", case_number, partner, "--purpose", "referral");

  RUN (0, "referral", "add", case_number, "--partner", partner, "--service", "counseling",
       "--warm");
  referral_id = g_strdup_printf ("%" G_GINT64_FORMAT, parse_line_id (out));
  RUN (0, "referral", "form", referral_id, "--lang", "es", "--to", f->pdf);
  g_assert_nonnull (strstr (out, "identity|contact"));
  text = pdf_text (f->pdf);
  if (text != NULL)
    assert_all (text, identity_markers);
  g_clear_pointer (&text, g_free);

  RUN (0, "release", "revoke", release_id);
  RUN (0, "referral", "form", referral_id, "--lang", "en", "--to", f->pdf);
  text = pdf_text (f->pdf);
  if (text != NULL)
    {
      assert_none (text, identity_markers);
      assert_none (text, contact_markers);
      g_assert_nonnull (strstr (text, f->ref_code));
    }

  RUN (0, "release", "list");
  g_assert_nonnull (strstr (out, f->ref_code));
  RUN (0, "mandated-report", case_number, "--type", "child_abuse", "--sector",
       "child_adult_protection", "--scope", "identity");
  RUN (0, "confidentiality-audit", "--period", year);
  g_assert_nonnull (strstr (out, "Disclosures in the period: 3"));
  g_assert_nonnull (strstr (out, "Releases revoked in the period: 1"));
  RUN (2, "confidentiality-audit", "--period", "2026-Q5");

  g_assert_true (g_file_set_contents (bad_dir, "{\"format\": \"amparo-directory\"", -1, NULL));
  RUN (1, "partner", "import", bad_dir);
  g_assert_nonnull (strstr (err, "damaged or incomplete"));
  RUN (0, "partner", "list");
  g_assert_nonnull (strstr (out, "Clínica Norte"));
#undef RUN
  g_free (out);
  g_free (err);
}

int
main (int    argc,
      char **argv)
{
  /* the interface in English, as a staff member might have it; forms
   * must still come out in the language asked for */
  g_setenv ("LANGUAGE", "en", TRUE);
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_setup, fn, fixture_teardown)
  ADD ("/consent/referral-form/no-release-reference-code-only",
       test_referral_form_without_release_has_reference_code_only);
  ADD ("/consent/referral-form/expired-release-no-identifying-data",
       test_referral_form_with_expired_release_has_no_identifying_data);
  ADD ("/consent/referral-form/revoked-release-no-identifying-data",
       test_referral_form_with_revoked_release_has_no_identifying_data);
  ADD ("/consent/referral-form/scope-without-contact",
       test_referral_form_scope_without_contact_leaves_contact_out);
  ADD ("/consent/referral-form/scope-without-identity",
       test_referral_form_scope_without_identity_leaves_name_out);
  ADD ("/consent/referral-form/covering-release-includes-details",
       test_referral_form_with_covering_release_has_identifying_data);
  ADD ("/consent/referral-form/confidential-location-never-printed",
       test_referral_form_never_prints_confidential_location);
  ADD ("/consent/referral-form/revoke-takes-effect-for-next-form",
       test_revoking_takes_effect_for_the_very_next_form);
  ADD ("/consent/referral-form/only-for-referrals-out", test_referral_form_only_for_referrals_out);
  ADD ("/consent/release/expiry-evaluated-at-time-of-use", test_expiry_is_evaluated_at_time_of_use);
  ADD ("/consent/release/revoked-never-covers", test_revoked_release_never_covers);
  ADD ("/consent/release/replace-only-expired-or-revoked",
       test_new_release_replaces_only_expired_or_revoked);
  ADD ("/consent/release/validation", test_release_validation);
  ADD ("/consent/release/default-expiry-from-preferences",
       test_default_expiry_comes_from_preferences);
  ADD ("/consent/referral/sector-from-partner-and-codes-validated",
       test_referral_takes_sector_from_partner_and_validates_codes);
  ADD ("/consent/mandated-report/own-disclosure", test_mandated_report_is_its_own_disclosure);
  ADD ("/consent/audit/each-disclosure-logged-without-names",
       test_audit_logs_each_disclosure_without_names);
  ADD ("/consent/release-form/language-chosen-not-inherited",
       test_release_form_language_is_chosen_not_inherited);
  ADD ("/consent/forms/refused-for-reporting-role", test_forms_refused_for_reporting_role);
  ADD ("/consent/alerts/expiring-release-and-follow-up",
       test_alerts_for_expiring_release_and_due_follow_up);
  ADD ("/consent/watch/lists-hold-exactly-their-items", test_watch_lists_hold_exactly_their_items);
  ADD ("/consent/confidentiality-audit/period", test_confidentiality_audit_for_a_period);
  ADD ("/consent/cli/release-referral-form-audit", test_cli_release_referral_form_and_audit);
#undef ADD
  g_test_add_func ("/consent/forms/texts-complete-in-both-languages",
                   test_form_texts_are_complete_in_both_languages);

  return g_test_run ();
}
