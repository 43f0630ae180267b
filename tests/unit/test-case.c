/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <glib/gstdio.h>

#include "amparo-case.h"
#include "amparo-cases.h"
#include "amparo-db.h"
#include "amparo-error.h"
#include "amparo-history.h"
#include "amparo-vault.h"

#define PASS "correct horse battery"

typedef struct
{
  char        *dir;
  AmparoVault *advocate;            /* "ana" */
  AmparoVault *reporting;           /* "rita" */
  gint64       id;
} Fixture;

static void
fixture_setup (Fixture      *f,
               gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AmparoVault) boss = NULL;
  g_autoptr(GPtrArray) drafts =
    g_ptr_array_new_with_free_func ((GDestroyNotify) amparo_case_draft_free);
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  AmparoCaseDraft *d = amparo_case_draft_new ();
  g_autofree char *vault_dir = NULL;

  f->dir = g_dir_make_tmp ("amparo-case-XXXXXX", &error);
  g_assert_no_error (error);
  vault_dir = g_build_filename (f->dir, "vault", NULL);
  boss = amparo_vault_create (vault_dir, AMPARO_VAULT_KIND_AGENCY, "Refugio", "sara", PASS, &error);
  g_assert_no_error (error);
  g_assert_true (amparo_vault_add_account (boss, "ana", AMPARO_ROLE_ADVOCATE, PASS, &error));
  g_assert_no_error (error);
  g_assert_true (amparo_vault_add_account (boss, "rita", AMPARO_ROLE_REPORTING, PASS, &error));
  g_assert_no_error (error);

  d->first_name = g_strdup ("Maria");
  d->last_name = g_strdup ("Quintanilla");
  d->phone = g_strdup ("555-0100");
  d->opened = g_strdup ("2026-01-05");
  d->gender = g_strdup ("woman");
  d->victimization = g_strsplit ("domestic_violence", ",", -1);
  d->notes = g_strdup ("Came in with Quintanilla's sister");
  d->safety_plan_text = g_strdup ("Stay at Quintanilla cousin's house");
  g_ptr_array_add (drafts, d);
  g_assert_true (amparo_cases_create (boss, drafts, ids, &error));
  g_assert_no_error (error);
  f->id = g_array_index (ids, gint64, 0);
  amparo_vault_lock (boss);

  f->advocate = amparo_vault_unlock (vault_dir, "ana", PASS, &error);
  g_assert_no_error (error);
  f->reporting = amparo_vault_unlock (vault_dir, "rita", PASS, &error);
  g_assert_no_error (error);
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);
      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

static void
fixture_teardown (Fixture      *f,
                  gconstpointer data)
{
  amparo_vault_lock (f->advocate);
  amparo_vault_lock (f->reporting);
  g_clear_object (&f->advocate);
  g_clear_object (&f->reporting);
  remove_tree (f->dir);
  g_free (f->dir);
}

static gint64
count (Fixture    *f,
       const char *sql_format,
       ...)
{
  g_autofree char *sql = NULL;
  va_list args;

  va_start (args, sql_format);
  sql = g_strdup_vprintf (sql_format, args);
  va_end (args);
  return amparo_db_query_int (amparo_vault_get_cases_db (f->advocate, NULL), sql, -1);
}

static gint64
audit_rows (Fixture    *f,
            const char *action)
{
  return count (f, "SELECT COUNT(*) FROM audit WHERE action = '%s' AND case_id = %" G_GINT64_FORMAT
                ";", action, f->id);
}

static void
test_advocate_load_includes_names_and_logs_one_view (Fixture      *f,
                                                     gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AmparoCase) c = amparo_case_load (f->advocate, f->id, &error);
  const AmparoCaseContact *contact;
  const AmparoPhone *phone;

  g_assert_no_error (error);
  contact = amparo_case_get_contact (c);
  g_assert_nonnull (contact);
  g_assert_cmpstr (contact->first_name, ==, "Maria");
  g_assert_cmpstr (contact->last_name, ==, "Quintanilla");
  g_assert_true (contact->confidential_location);
  g_assert_cmpuint (contact->phones->len, ==, 1);
  phone = g_ptr_array_index (contact->phones, 0);
  g_assert_cmpstr (phone->number, ==, "555-0100");
  g_assert_false (phone->safe_to_call || phone->text_ok || phone->voicemail_ok);
  g_assert_cmpstr (amparo_case_get_safety_plan_text (c), ==, "Stay at Quintanilla cousin's house");
  g_assert_cmpuint (amparo_case_get_notes (c)->len, ==, 1);
  g_assert_cmpstr (amparo_case_get_profile (c)->gender, ==, "woman");
  g_assert_cmpint (audit_rows (f, "contact.view"), ==, 1);

  /* re-reading after an edit is the same view, not a new one */
  g_assert_true (amparo_case_reload (c, &error));
  g_assert_no_error (error);
  g_assert_cmpint (audit_rows (f, "contact.view"), ==, 1);
}

static void
test_reporting_load_has_no_identifying_fields (Fixture      *f,
                                               gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AmparoCase) c = amparo_case_load (f->reporting, f->id, &error);
  const AmparoCaseProfile *p;

  g_assert_no_error (error);
  g_assert_null (amparo_case_get_contact (c));
  g_assert_null (amparo_case_get_notes (c));
  g_assert_null (amparo_case_get_safety_plan_text (c));
  p = amparo_case_get_profile (c);
  g_assert_cmpstr (p->opened, ==, "2026-01-05");
  g_assert_true (g_strv_contains ((const char *const *) p->victimization, "domestic_violence"));
  g_assert_cmpuint (strlen (p->ref_code), ==, 9);
  g_assert_cmpint (audit_rows (f, "contact.view"), ==, 0);
}

static void
test_reporting_cannot_update_contact (Fixture      *f,
                                      gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AmparoCaseContact) changed = amparo_case_contact_new ();
  g_autoptr(AmparoCase) c = NULL;

  changed->first_name = g_strdup ("Someone");
  g_assert_false (amparo_case_update_contact (f->reporting, f->id, changed, &error));
  g_assert_error (error, AMPARO_ERROR, AMPARO_ERROR_NOT_PERMITTED);
  g_clear_error (&error);
  g_assert_cmpint (amparo_case_add_note (f->reporting, f->id, "x", &error), ==, 0);
  g_assert_error (error, AMPARO_ERROR, AMPARO_ERROR_NOT_PERMITTED);
  g_clear_error (&error);

  c = amparo_case_load (f->advocate, f->id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (amparo_case_get_contact (c)->first_name, ==, "Maria");
  g_assert_cmpuint (amparo_case_get_notes (c)->len, ==, 1);
  g_assert_cmpint (audit_rows (f, "contact.update"), ==, 0);
}

static void
test_contact_update_logs_field_names_only (Fixture      *f,
                                           gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AmparoCase) c = amparo_case_load (f->advocate, f->id, &error);
  g_autoptr(AmparoCaseContact) edit = amparo_case_contact_copy (amparo_case_get_contact (c));
  g_autofree char *detail = NULL;
  AmparoPhone *phone;

  g_assert_no_error (error);
  g_free (edit->preferred_name);
  edit->preferred_name = g_strdup ("  Mari ");
  phone = g_ptr_array_index (edit->phones, 0);
  phone->text_ok = TRUE;
  edit->address = g_strdup ("12 Elm Street");   /* dropped: location is confidential */
  g_assert_true (amparo_case_update_contact (f->advocate, f->id, edit, &error));
  g_assert_no_error (error);

  detail = amparo_db_query_text (amparo_vault_get_cases_db (f->advocate, NULL),
                                 "SELECT detail FROM audit WHERE action = 'contact.update';");
  g_assert_cmpstr (detail, ==, "fields=preferred_name,phones");

  g_assert_true (amparo_case_reload (c, &error));
  g_assert_cmpstr (amparo_case_get_contact (c)->preferred_name, ==, "Mari");
  g_assert_null (amparo_case_get_contact (c)->address);
  phone = g_ptr_array_index (amparo_case_get_contact (c)->phones, 0);
  g_assert_true (phone->text_ok);
  g_assert_false (phone->safe_to_call);

  /* the same record again changes nothing and logs nothing */
  g_assert_true (amparo_case_update_contact (f->advocate, f->id, amparo_case_get_contact (c),
                                             &error));
  g_assert_cmpint (audit_rows (f, "contact.update"), ==, 1);
}

static void
test_profile_update_logs_changed_fields (Fixture      *f,
                                         gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AmparoCase) c = amparo_case_load (f->reporting, f->id, &error);
  g_autoptr(AmparoCaseProfile) p = amparo_case_profile_copy (amparo_case_get_profile (c));
  g_autofree char *detail = NULL;
  const char *children[] = { "0_4", "5_11", NULL };

  g_free (p->age_band);
  p->age_band = g_strdup ("25_59");
  g_strfreev (p->victimization);
  p->victimization = g_strsplit ("stalking,domestic_violence", ",", -1);
  g_strfreev (p->children);
  p->children = g_strdupv ((GStrv) children);
  g_assert_true (amparo_case_update_profile (f->reporting, f->id, p, &error));
  g_assert_no_error (error);
  detail = amparo_db_query_text (amparo_vault_get_cases_db (f->advocate, NULL),
                                 "SELECT detail FROM audit WHERE action = 'case.update';");
  g_assert_cmpstr (detail, ==, "fields=age_band,victimization,children");
  g_assert_cmpint (count (f, "SELECT COUNT(*) FROM children WHERE case_id = %" G_GINT64_FORMAT,
                          f->id), ==, 2);

  /* unchanged: nothing logged; a code Amparo does not know: refused */
  g_assert_true (amparo_case_update_profile (f->reporting, f->id, p, &error));
  g_assert_cmpint (audit_rows (f, "case.update"), ==, 1);
  g_free (p->gender);
  p->gender = g_strdup ("Woman");
  g_assert_false (amparo_case_update_profile (f->reporting, f->id, p, &error));
  g_assert_error (error, AMPARO_ERROR, AMPARO_ERROR_INVALID);
  g_assert_cmpint (audit_rows (f, "case.update"), ==, 1);
}

static void
test_service_type_must_belong_to_category (Fixture      *f,
                                           gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *today = amparo_date_today ();
  g_autofree char *last = NULL;
  gint64 sid;

  sid = amparo_case_add_service (f->advocate, f->id, "personal_advocacy", "crisis_intervention",
                                 "2026-02-01", 30, &error);
  g_assert_cmpint (sid, ==, 0);
  g_assert_error (error, AMPARO_ERROR, AMPARO_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (count (f, "SELECT COUNT(*) FROM services;"), ==, 0);
  g_assert_cmpint (audit_rows (f, "service.add"), ==, 0);

  sid = amparo_case_add_service (f->advocate, f->id, "emotional_support_safety",
                                 "crisis_intervention", "2026-02-01", 30, &error);
  g_assert_no_error (error);
  g_assert_cmpint (sid, >, 0);
  g_assert_cmpint (count (f, "SELECT minutes FROM services WHERE id = %" G_GINT64_FORMAT, sid),
                   ==, 30);
  g_assert_cmpint (audit_rows (f, "service.add"), ==, 1);
  last = amparo_db_query_text (amparo_vault_get_cases_db (f->advocate, NULL),
                               "SELECT last_activity FROM cases;");
  g_assert_cmpstr (last, ==, today);

  /* a date in the future is a typing mistake */
  g_assert_cmpint (amparo_case_add_service (f->advocate, f->id, "emotional_support_safety",
                                            "hotline_call", "2999-01-01", 5, &error), ==, 0);
  g_assert_error (error, AMPARO_ERROR, AMPARO_ERROR_INVALID);
}

static void
test_shelter_nights_counted_funders_way (void)
{
  g_assert_cmpint (amparo_shelter_nights ("2026-03-01", "2026-03-01", NULL), ==, 1);
  g_assert_cmpint (amparo_shelter_nights ("2026-03-01", "2026-03-02", NULL), ==, 1);
  g_assert_cmpint (amparo_shelter_nights ("2026-03-01", "2026-03-03", NULL), ==, 2);
  g_assert_cmpint (amparo_shelter_nights ("2026-02-27", "2026-03-02", NULL), ==, 3);
  g_assert_cmpint (amparo_shelter_nights ("2026-03-01", NULL, "2026-03-11"), ==, 10);
  g_assert_cmpint (amparo_shelter_nights ("2026-03-01", NULL, "2026-03-01"), ==, 1);
  g_assert_cmpint (amparo_shelter_nights ("2026-02-30", NULL, "2026-03-01"), ==, 0);
}

static void
test_shelter_stays_open_and_close (Fixture      *f,
                                   gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AmparoCase) c = NULL;
  g_autofree char *today = amparo_date_today ();
  const AmparoShelterStay *stay;
  gint64 stay_id;

  stay_id = amparo_case_add_shelter_stay (f->advocate, f->id, "2026-01-06", NULL, 2, &error);
  g_assert_no_error (error);
  g_assert_cmpint (stay_id, >, 0);
  /* one open stay at a time */
  g_assert_cmpint (amparo_case_add_shelter_stay (f->advocate, f->id, "2026-01-07", NULL, 0,
                                                 &error), ==, 0);
  g_assert_error (error, AMPARO_ERROR, AMPARO_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (amparo_case_set_shelter_exit (f->advocate, f->id, stay_id, "2026-01-01", &error));
  g_assert_error (error, AMPARO_ERROR, AMPARO_ERROR_INVALID);
  g_clear_error (&error);

  g_assert_true (amparo_case_set_shelter_exit (f->advocate, f->id, stay_id, "2026-01-09", &error));
  g_assert_no_error (error);
  c = amparo_case_load (f->reporting, f->id, &error);
  g_assert_cmpuint (amparo_case_get_shelter_stays (c)->len, ==, 1);
  stay = g_ptr_array_index (amparo_case_get_shelter_stays (c), 0);
  g_assert_cmpstr (stay->exited, ==, "2026-01-09");
  g_assert_cmpint (stay->children, ==, 2);
  g_assert_cmpint (amparo_shelter_nights (stay->entered, stay->exited, today), ==, 3);
  g_assert_cmpint (audit_rows (f, "shelter.exit"), ==, 1);
}

static void
test_safety_plan_completed_when_every_step_done (Fixture      *f,
                                                 gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  const char *steps[] = { "safe_place", "emergency_bag", "code_word", "documents",
                          "trusted_contacts", "phone_safety", "children_plan", "work_school_plan",
                          "protection_order", "hotline_number" };
  const char *completed = "SELECT safety_plan_completed FROM cases;";

  for (guint i = 0; i + 1 < G_N_ELEMENTS (steps); i++)
    g_assert_true (amparo_case_set_safety_plan_item (f->advocate, f->id, steps[i], TRUE, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count (f, "%s", completed), ==, 0);
  g_assert_true (amparo_case_set_safety_plan_item (f->advocate, f->id, "hotline_number", TRUE,
                                                   &error));
  g_assert_cmpint (count (f, "%s", completed), ==, 1);
  g_assert_true (amparo_case_set_safety_plan_item (f->advocate, f->id, "code_word", FALSE, &error));
  g_assert_cmpint (count (f, "%s", completed), ==, 0);
  g_assert_false (amparo_case_set_safety_plan_item (f->advocate, f->id, "not_a_step", TRUE, &error));
  g_assert_error (error, AMPARO_ERROR, AMPARO_ERROR_INVALID);
  g_assert_cmpint (audit_rows (f, "safety_plan.done"), ==, 10);
  g_assert_cmpint (audit_rows (f, "safety_plan.undone"), ==, 1);
}

static void
test_closing_records_outcomes (Fixture      *f,
                               gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AmparoCase) c = NULL;
  const AmparoCaseProfile *p;

  g_assert_false (amparo_case_close (f->advocate, f->id, "2026-01-01", "yes", "no", &error));
  g_assert_error (error, AMPARO_ERROR, AMPARO_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (amparo_case_close (f->advocate, f->id, "2026-02-01", "maybe", "no", &error));
  g_assert_error (error, AMPARO_ERROR, AMPARO_ERROR_INVALID);
  g_clear_error (&error);

  g_assert_true (amparo_case_close (f->advocate, f->id, "2026-02-01", "yes", "not_asked", &error));
  g_assert_no_error (error);
  c = amparo_case_load (f->reporting, f->id, &error);
  p = amparo_case_get_profile (c);
  g_assert_cmpstr (p->status, ==, "closed");
  g_assert_cmpstr (p->closed, ==, "2026-02-01");
  g_assert_cmpstr (p->outcome_safety_strategies, ==, "yes");
  g_assert_cmpstr (p->outcome_knows_resources, ==, "not_asked");
  g_assert_false (amparo_case_close (f->advocate, f->id, "2026-02-02", "yes", "yes", &error));
  g_assert_error (error, AMPARO_ERROR, AMPARO_ERROR_INVALID);
  g_clear_error (&error);

  g_assert_true (amparo_case_reopen (f->advocate, f->id, &error));
  g_assert_true (amparo_case_reload (c, &error));
  p = amparo_case_get_profile (c);
  g_assert_cmpstr (p->status, ==, "open");
  g_assert_null (p->closed);
  g_assert_false (amparo_case_reopen (f->advocate, f->id, &error));
  g_assert_error (error, AMPARO_ERROR, AMPARO_ERROR_INVALID);
}

static void
test_history_in_words_without_names (Fixture      *f,
                                     gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AmparoCase) c = amparo_case_load (f->advocate, f->id, &error);
  g_autoptr(GPtrArray) history = NULL;
  gboolean saw_view = FALSE, saw_service = FALSE, saw_note = FALSE, saw_create = FALSE;

  g_assert_cmpint (amparo_case_add_service (f->advocate, f->id, "emotional_support_safety",
                                            "hotline_call", "2026-01-05", 10, &error), >, 0);
  g_assert_cmpint (amparo_case_add_note (f->advocate, f->id, "Quintanilla called", &error), >, 0);
  g_assert_no_error (error);

  history = amparo_case_history (f->reporting, f->id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (history->len, ==, 4);
  for (guint i = 0; i < history->len; i++)
    {
      AmparoHistoryEntry *e = g_ptr_array_index (history, i);

      g_assert_null (strstr (e->text, "Maria"));
      g_assert_null (strstr (e->text, "Quintanilla"));
      saw_view |= g_str_equal (e->text, "Contact details viewed by ana");
      saw_service |= g_str_equal (e->text, "Service added by ana: Hotline call");
      saw_note |= g_str_equal (e->text, "Note added by ana");
      saw_create |= g_str_equal (e->text, "Case opened by sara");
    }
  g_assert_true (saw_view && saw_service && saw_note && saw_create);
  /* newest first */
  g_assert_cmpstr (((AmparoHistoryEntry *) g_ptr_array_index (history, 0))->action, ==,
                   "note.add");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_setup, fn, fixture_teardown)
  ADD ("/case/load/advocate-sees-contact-and-logs-one-view",
       test_advocate_load_includes_names_and_logs_one_view);
  ADD ("/case/load/reporting-has-no-identifying-fields",
       test_reporting_load_has_no_identifying_fields);
  ADD ("/case/contact/reporting-not-permitted", test_reporting_cannot_update_contact);
  ADD ("/case/contact/update-logs-field-names-only", test_contact_update_logs_field_names_only);
  ADD ("/case/profile/update-logs-changed-fields", test_profile_update_logs_changed_fields);
  ADD ("/case/service/type-must-belong-to-category", test_service_type_must_belong_to_category);
  ADD ("/case/shelter/stays-open-and-close", test_shelter_stays_open_and_close);
  ADD ("/case/safety-plan/completed-when-every-step-done",
       test_safety_plan_completed_when_every_step_done);
  ADD ("/case/close/records-outcomes", test_closing_records_outcomes);
  ADD ("/case/history/in-words-without-names", test_history_in_words_without_names);
#undef ADD
  g_test_add_func ("/case/shelter/nights-counted-funders-way",
                   test_shelter_nights_counted_funders_way);

  return g_test_run ();
}
