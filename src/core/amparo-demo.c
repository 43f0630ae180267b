/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "AmparoDemo"

/* TEMPORARY stand-in written on the gui-shell branch so the app's --demo
 * mode links and can be tested. The real synthetic generator comes from
 * its own branch; the integrator keeps that one and drops this file. */

#include "amparo-cases.h"
#include "amparo-db.h"
#include "amparo-demo.h"
#include "amparo-vault.h"

static const char *const first_names[] = {
  "Ana", "Beatriz", "Carmen", "Dolores", "Elena", "Fátima", "Gloria", "Hilda", "Inés", "Julia",
  "Karen", "Laura", "María", "Nadia", "Olga", "Paula", "Rosa", "Sara", "Teresa", "Valeria",
};
static const char *const last_names[] = {
  "Álvarez", "Brown", "Castillo", "Díaz", "Evans", "Flores", "García", "Hughes", "Ibáñez",
  "Jones", "Lopez", "Martínez", "Núñez", "Ortiz", "Pérez", "Ramírez", "Smith", "Torres",
};
static const char *const risk[] = { "low", "moderate", "high", "not_assessed" };
static const char *const plan[] = { "safe_place", "emergency_bag", "code_word", "documents",
                                    "trusted_contacts", NULL };

static char *
day (GDateTime *today,
     int        offset)
{
  g_autoptr(GDateTime) d = g_date_time_add_days (today, offset);

  return g_date_time_format (d, "%Y-%m-%d");
}

gboolean
amparo_demo_generate (AmparoVault *vault,
                      guint        n_cases,
                      guint64      seed,
                      GError     **error)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed ((guint32) seed);
  g_autoptr(GDateTime) today = g_date_time_new_now_local ();
  g_autoptr(GPtrArray) drafts = g_ptr_array_new_with_free_func ((GDestroyNotify) amparo_case_draft_free);
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(sqlite3_stmt) activity = NULL;
  g_autoptr(sqlite3_stmt) release = NULL;
  sqlite3 *db;

  for (guint i = 0; i < n_cases; i++)
    {
      AmparoCaseDraft *d = amparo_case_draft_new ();
      int opened = -g_rand_int_range (rand, 1, 400);

      d->first_name = g_strdup (first_names[g_rand_int_range (rand, 0, G_N_ELEMENTS (first_names))]);
      d->last_name = g_strdup (last_names[g_rand_int_range (rand, 0, G_N_ELEMENTS (last_names))]);
      d->opened = day (today, opened);
      if (g_rand_int_range (rand, 0, 4) == 0)
        d->closed = day (today, opened + g_rand_int_range (rand, 0, -opened + 1));
      d->risk_level = g_strdup (risk[g_rand_int_range (rand, 0, G_N_ELEMENTS (risk))]);
      if (g_rand_boolean (rand))
        d->follow_up = day (today, g_rand_int_range (rand, -10, 20));
      if (g_rand_boolean (rand))
        d->safety_plan_done = g_strdupv ((char **) plan);
      g_ptr_array_add (drafts, d);
    }
  if (!amparo_cases_create (vault, drafts, ids, error))
    return FALSE;

  db = amparo_vault_get_cases_db (vault, error);
  if (db == NULL || !amparo_db_begin (db, error))
    return FALSE;
  if (!amparo_db_exec (db, "INSERT OR IGNORE INTO partners (id, name, sector) VALUES"
                           " (1, 'County legal aid', 'legal_aid'),"
                           " (2, 'Valley housing', 'housing');", error))
    goto fail;
  activity = amparo_db_prepare (db, "UPDATE cases SET last_activity = ? WHERE id = ?"
                                    " AND status = 'open';", error);
  release = activity ? amparo_db_prepare (db, "INSERT OR IGNORE INTO releases (case_id,"
                                              " partner_id, scope, purpose, signed, expires, form)"
                                              " VALUES (?, ?, 'name', 'referral', ?, ?,"
                                              " 'written');", error) : NULL;
  if (release == NULL)
    goto fail;
  for (guint i = 0; i < ids->len; i++)
    {
      gint64 id = g_array_index (ids, gint64, i);
      g_autofree char *last = day (today, -g_rand_int_range (rand, 0, 60));

      sqlite3_bind_text (activity, 1, last, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (activity, 2, id);
      if (!amparo_db_step_done (db, activity, error))
        goto fail;
      if (g_rand_int_range (rand, 0, 5) == 0)
        {
          int expires = g_rand_int_range (rand, -5, 30);
          g_autofree char *signed_on = day (today, expires - 30);
          g_autofree char *until = day (today, expires);

          sqlite3_bind_int64 (release, 1, id);
          sqlite3_bind_int (release, 2, g_rand_int_range (rand, 1, 3));
          sqlite3_bind_text (release, 3, signed_on, -1, SQLITE_TRANSIENT);
          sqlite3_bind_text (release, 4, until, -1, SQLITE_TRANSIENT);
          if (!amparo_db_step_done (db, release, error))
            goto fail;
        }
    }
  return amparo_db_commit (db, error);

fail:
  amparo_db_rollback (db);
  return FALSE;
}
