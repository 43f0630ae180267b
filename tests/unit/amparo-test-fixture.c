/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <string.h>

#include "amparo-cases.h"
#include "amparo-codes.h"
#include "amparo-db.h"
#include "amparo-test-fixture.h"

/* Deterministic synthetic cases for report and sync tests: every code of
 * every category turns up, with large and small counts, open and closed
 * cases around fiscal-year and period boundaries, a few not counted and a
 * few left incomplete, services, shelter stays (open ones too) and
 * referrals both ways. */

#define SPAN_DAYS 820

static const char *const service_types[][2] = {
  { "information_referral", "victim_rights" },
  { "personal_advocacy", "transportation" },
  { "emotional_support_safety", "counseling" },
  { "shelter_housing", "emergency_shelter" },
  { "criminal_civil_justice", "protection_order" },
};

static const char *
pick (GRand      *rand,
      const char *category)
{
  const AmparoCategory *cat = amparo_category_lookup (category);
  guint n = amparo_category_n_codes (category);

  return cat->codes[g_rand_int_range (rand, 0, n)].code;
}

static GStrv
pick_some (GRand      *rand,
           const char *category,
           guint       max)
{
  GStrvBuilder *b = g_strv_builder_new ();
  guint n = g_rand_int_range (rand, 0, max + 1);
  GStrv out;

  for (guint i = 0; i < n; i++)
    {
      const char *code = pick (rand, category);
      g_strv_builder_add (b, code);
    }
  out = g_strv_builder_end (b);
  g_strv_builder_unref (b);
  return out;
}

static char *
julian_string (guint32 julian)
{
  GDate d;

  g_date_clear (&d, 1);
  g_date_set_julian (&d, julian);
  return g_strdup_printf ("%04u-%02u-%02u", g_date_get_year (&d), g_date_get_month (&d),
                          g_date_get_day (&d));
}

static guint32
first_julian (void)
{
  GDate d;

  g_date_clear (&d, 1);
  g_date_set_parse (&d, AMPARO_TEST_FIRST_OPENED);
  g_assert_true (g_date_valid (&d));
  return g_date_get_julian (&d);
}

static char *
marker (gboolean markers,
        guint   *n,
        const char *plain)
{
  if (!markers)
    return plain != NULL ? g_strdup (plain) : NULL;
  return g_strdup_printf (AMPARO_TEST_MARKER "%u", (*n)++);
}

static AmparoCaseDraft *
make_draft (GRand   *rand,
            gboolean markers,
            guint   *n_marker,
            guint32  base)
{
  AmparoCaseDraft *d = amparo_case_draft_new ();
  guint32 opened = base + g_rand_int_range (rand, 0, SPAN_DAYS);

  d->first_name = marker (markers, n_marker, "Ana");
  d->last_name = marker (markers, n_marker, "Pérez");
  d->preferred_name = marker (markers, n_marker, NULL);
  d->aliases = marker (markers, n_marker, NULL);
  d->email = marker (markers, n_marker, NULL);
  d->address = marker (markers, n_marker, NULL);
  d->safe_contact = marker (markers, n_marker, NULL);
  d->phone = marker (markers, n_marker, "555-0100");
  d->notes = marker (markers, n_marker, "Called about housing.");
  d->safety_plan_text = marker (markers, n_marker, NULL);
  d->birth_date = g_strdup ("1990-05-17");

  d->opened = julian_string (opened);
  if (g_rand_int_range (rand, 0, 10) < 6)
    d->closed = julian_string (opened + g_rand_int_range (rand, 0, 300));
  d->counted = g_rand_int_range (rand, 0, 10) != 0;
  d->age_band = g_strdup (pick (rand, "age_band"));
  d->gender = g_strdup (g_rand_int_range (rand, 0, 10) < 7 ? "woman" : pick (rand, "gender"));
  d->language = g_strdup (g_rand_int_range (rand, 0, 10) < 5 ? "en" : pick (rand, "language"));
  d->limited_english = g_strdup (pick (rand, "limited_english"));
  d->referral_source = g_strdup (pick (rand, "referral_source"));
  d->race_ethnicity = pick_some (rand, "race_ethnicity", 2);
  d->special_class = pick_some (rand, "special_class", 2);
  d->victimization = pick_some (rand, "victimization", 3);
  if (g_rand_int_range (rand, 0, 10) < 8)
    {
      d->perpetrator_relationship = g_strdup (pick (rand, "perpetrator_relationship"));
      d->perpetrator_sex = g_strdup (pick (rand, "perpetrator_sex"));
      d->perpetrator_age_band = g_strdup (pick (rand, "perpetrator_age_band"));
    }
  d->children = pick_some (rand, "child_age_band", 3);
  d->outcome_safety_strategies = g_strdup (pick (rand, "outcome_answer"));
  d->outcome_knows_resources = g_strdup (pick (rand, "outcome_answer"));
  return d;
}

static void
exec_bound (sqlite3_stmt *stmt)
{
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
}

static void
add_activity (sqlite3  *db,
              sqlite3  *contacts,
              GRand    *rand,
              gboolean  markers,
              guint    *n_marker)
{
  g_autoptr(sqlite3_stmt) cases = NULL;
  g_autoptr(sqlite3_stmt) perp = NULL, service = NULL, stay = NULL, referral = NULL;
  g_autoptr(sqlite3_stmt) partner = NULL, incomplete = NULL, emergency = NULL;
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) opened = g_array_new (FALSE, FALSE, sizeof (guint32));
  g_autoptr(GArray) closed = g_array_new (FALSE, FALSE, sizeof (guint32));

  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT id, opened, closed FROM cases ORDER BY id;",
                                       -1, &cases, NULL), ==, SQLITE_OK);
  while (sqlite3_step (cases) == SQLITE_ROW)
    {
      GDate d;
      gint64 id = sqlite3_column_int64 (cases, 0);
      guint32 o, c = 0;

      g_date_clear (&d, 1);
      g_date_set_parse (&d, (const char *) sqlite3_column_text (cases, 1));
      o = g_date_get_julian (&d);
      if (sqlite3_column_type (cases, 2) != SQLITE_NULL)
        {
          g_date_set_parse (&d, (const char *) sqlite3_column_text (cases, 2));
          c = g_date_get_julian (&d);
        }
      g_array_append_val (ids, id);
      g_array_append_val (opened, o);
      g_array_append_val (closed, c);
    }

  g_assert_cmpint (sqlite3_exec (db, "BEGIN;", NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (contacts, "BEGIN;", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_prepare_v2 (db, "INSERT INTO partners (id, name, sector, services, contact_person,"
                          " duties) VALUES (?, ?, ?, ?, ?, ?);", -1, &partner, NULL);
  for (int p = 1; p <= 5; p++)
    {
      g_autofree char *name = marker (markers, n_marker, "Partner");
      g_autofree char *services = marker (markers, n_marker, NULL);
      g_autofree char *person = marker (markers, n_marker, NULL);
      g_autofree char *duties = marker (markers, n_marker, NULL);

      sqlite3_bind_int (partner, 1, p);
      sqlite3_bind_text (partner, 2, name, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (partner, 3, pick (rand, "sector"), -1, SQLITE_STATIC);
      sqlite3_bind_text (partner, 4, services, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (partner, 5, person, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (partner, 6, duties, -1, SQLITE_TRANSIENT);
      exec_bound (partner);
    }

  sqlite3_prepare_v2 (db, "INSERT INTO perpetrators (case_id, relationship, sex, age_band)"
                          " VALUES (?, ?, ?, ?);", -1, &perp, NULL);
  sqlite3_prepare_v2 (db, "INSERT INTO services (case_id, category, type, date, minutes, staff)"
                          " VALUES (?, ?, ?, ?, ?, ?);", -1, &service, NULL);
  sqlite3_prepare_v2 (db, "INSERT INTO shelter_stays (case_id, entered, exited, children)"
                          " VALUES (?, ?, ?, ?);", -1, &stay, NULL);
  sqlite3_prepare_v2 (db, "INSERT INTO referrals (case_id, date, direction, partner_id, sector,"
                          " service_needed, status, outcome) VALUES (?, ?, ?, ?, ?, ?, ?, ?);",
                      -1, &referral, NULL);
  sqlite3_prepare_v2 (db, "UPDATE cases SET complete = 0 WHERE id = ?;", -1, &incomplete, NULL);
  sqlite3_prepare_v2 (contacts, "INSERT INTO emergency_contacts (case_id, name, relationship,"
                                " phone) VALUES (?, ?, ?, ?);", -1, &emergency, NULL);

  for (guint i = 0; i < ids->len; i++)
    {
      gint64 id = g_array_index (ids, gint64, i);
      guint32 o = g_array_index (opened, guint32, i);
      guint32 c = g_array_index (closed, guint32, i);
      guint32 length = c != 0 ? c - o : 200;
      guint n;

      if (g_rand_int_range (rand, 0, 5) == 0)
        {
          sqlite3_bind_int64 (perp, 1, id);
          sqlite3_bind_text (perp, 2, pick (rand, "perpetrator_relationship"), -1, SQLITE_STATIC);
          sqlite3_bind_text (perp, 3, pick (rand, "perpetrator_sex"), -1, SQLITE_STATIC);
          sqlite3_bind_text (perp, 4, pick (rand, "perpetrator_age_band"), -1, SQLITE_STATIC);
          exec_bound (perp);
        }

      n = g_rand_int_range (rand, 0, 6);
      for (guint s = 0; s < n; s++)
        {
          guint t = g_rand_int_range (rand, 0, G_N_ELEMENTS (service_types));
          g_autofree char *date = julian_string (o + g_rand_int_range (rand, 0, length + 1));
          g_autofree char *staff = marker (markers, n_marker, "ana");

          sqlite3_bind_int64 (service, 1, id);
          sqlite3_bind_text (service, 2, service_types[t][0], -1, SQLITE_STATIC);
          sqlite3_bind_text (service, 3, service_types[t][1], -1, SQLITE_STATIC);
          sqlite3_bind_text (service, 4, date, -1, SQLITE_TRANSIENT);
          sqlite3_bind_int (service, 5, g_rand_int_range (rand, 0, 151));
          sqlite3_bind_text (service, 6, staff, -1, SQLITE_TRANSIENT);
          exec_bound (service);
        }

      if (g_rand_int_range (rand, 0, 100) < 15)
        {
          guint32 entered = o + g_rand_int_range (rand, 0, 21);
          g_autofree char *in = julian_string (entered);
          g_autofree char *out = julian_string (entered + g_rand_int_range (rand, 0, 41));

          sqlite3_bind_int64 (stay, 1, id);
          sqlite3_bind_text (stay, 2, in, -1, SQLITE_TRANSIENT);
          if (g_rand_int_range (rand, 0, 5) == 0)
            sqlite3_bind_null (stay, 3);
          else
            sqlite3_bind_text (stay, 3, out, -1, SQLITE_TRANSIENT);
          sqlite3_bind_int (stay, 4, g_rand_int_range (rand, 0, 4));
          exec_bound (stay);
        }

      n = g_rand_int_range (rand, 0, 3);
      for (guint r = 0; r < n; r++)
        {
          g_autofree char *date = julian_string (o + g_rand_int_range (rand, 0, length + 1));
          g_autofree char *need = marker (markers, n_marker, NULL);

          sqlite3_bind_int64 (referral, 1, id);
          sqlite3_bind_text (referral, 2, date, -1, SQLITE_TRANSIENT);
          sqlite3_bind_text (referral, 3, g_rand_int_range (rand, 0, 10) < 7 ? "out" : "in", -1,
                             SQLITE_STATIC);
          sqlite3_bind_int (referral, 4, g_rand_int_range (rand, 1, 6));
          sqlite3_bind_text (referral, 5, pick (rand, "sector"), -1, SQLITE_STATIC);
          sqlite3_bind_text (referral, 6, need, -1, SQLITE_TRANSIENT);
          sqlite3_bind_text (referral, 7, pick (rand, "referral_status"), -1, SQLITE_STATIC);
          sqlite3_bind_text (referral, 8, pick (rand, "referral_outcome"), -1, SQLITE_STATIC);
          exec_bound (referral);
        }

      if (contacts != NULL && g_rand_int_range (rand, 0, 10) < 3)
        {
          g_autofree char *name = marker (markers, n_marker, "Rosa");
          g_autofree char *rel = marker (markers, n_marker, "sister");
          g_autofree char *phone = marker (markers, n_marker, "555-0199");

          sqlite3_bind_int64 (emergency, 1, id);
          sqlite3_bind_text (emergency, 2, name, -1, SQLITE_TRANSIENT);
          sqlite3_bind_text (emergency, 3, rel, -1, SQLITE_TRANSIENT);
          sqlite3_bind_text (emergency, 4, phone, -1, SQLITE_TRANSIENT);
          exec_bound (emergency);
        }

      /* an intake whose identifying half never committed */
      if (g_rand_int_range (rand, 0, 100) < 3)
        {
          sqlite3_bind_int64 (incomplete, 1, id);
          exec_bound (incomplete);
        }
    }
  g_assert_cmpint (sqlite3_exec (contacts, "COMMIT;", NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "COMMIT;", NULL, NULL, NULL), ==, SQLITE_OK);
}

/**
 * amparo_test_fill_cases:
 * @vault: an unlocked agency vault, opened by an advocate or supervisor
 * @n_cases: how many cases
 * @seed: the same seed gives the same data
 * @markers: write `ZZQMARKER-<n>` into every identifying field, narrative
 *   and free-text column (names, phones, notes, staff, partners…)
 */
void
amparo_test_fill_cases (AmparoVault *vault,
                        guint        n_cases,
                        guint32      seed,
                        gboolean     markers)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  guint32 base = first_julian ();
  guint n_marker = 0;
  sqlite3 *db = amparo_vault_get_cases_db (vault, NULL);
  sqlite3 *contacts = amparo_vault_get_contacts_db (vault, NULL);

  g_assert_nonnull (db);
  g_assert_nonnull (contacts);
  for (guint done = 0; done < n_cases;)
    {
      g_autoptr(GPtrArray) drafts = g_ptr_array_new_with_free_func ((GDestroyNotify) amparo_case_draft_free);
      g_autoptr(GError) error = NULL;
      guint batch = MIN (n_cases - done, 5000);

      for (guint i = 0; i < batch; i++)
        g_ptr_array_add (drafts, make_draft (rand, markers, &n_marker, base));
      amparo_cases_create (vault, drafts, NULL, &error);
      g_assert_no_error (error);
      done += batch;
    }
  add_activity (db, contacts, rand, markers, &n_marker);
}
