/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "AmparoDemo"

#include <string.h>
#include <glib/gi18n.h>

#include "amparo-cases.h"
#include "amparo-codes.h"
#include "amparo-db.h"
#include "amparo-demo.h"
#include "amparo-demo-private.h"
#include "amparo-error.h"
#include "amparo-vault.h"

/* Synthetic data for demonstrations, training and load tests.
 *
 * Everything comes from one xoshiro256** stream seeded with the caller's
 * seed, and every date is measured from the fixed AMPARO_DEMO_REFERENCE_DATE,
 * so the same seed and number of cases written into a fresh vault give the
 * same coded store (only the audit log, settings and keys differ). Names,
 * phones and notes are invented and obviously so (555-01xx numbers,
 * example.org, Anytown).
 *
 * Cases and their identifying records go through amparo_cases_create() in
 * batches, which is all-or-nothing per batch; services, stays, referrals,
 * releases and disclosures follow in their own transactions, committed at
 * case boundaries. A run killed midway therefore leaves a consistent vault
 * with fewer cases, some of them with fewer services. */

#define BATCH_CASES     2000
#define ROWS_PER_COMMIT 10000

static void
generator_clear (DemoGenerator *g)
{
  g_clear_pointer (&g->partners, g_array_unref);
  g_clear_pointer (&g->sector_partners, g_hash_table_unref);
  g_clear_pointer (&g->refcodes, g_hash_table_unref);
  g_clear_pointer (&g->days, g_array_unref);
  g_clear_pointer (&g->services, g_array_unref);
  g_clear_pointer (&g->stays, g_array_unref);
  g_clear_pointer (&g->releases, g_array_unref);
  g_clear_pointer (&g->referrals, g_array_unref);
  g_clear_pointer (&g->disclosures, g_array_unref);
}

static void
generator_reset_batch (DemoGenerator *g)
{
  g_array_set_size (g->days, 0);
  g_array_set_size (g->services, 0);
  g_array_set_size (g->stays, 0);
  g_array_set_size (g->releases, 0);
  g_array_set_size (g->referrals, 0);
  g_array_set_size (g->disclosures, 0);
}

/* ---------------------------------------------------------------- partners */

/* The directory's services are free text staff type: "Civil legal help,
 * Protection order" rather than the codes the demo table lists them by */
static char *
services_in_words (const char *codes)
{
  g_auto(GStrv) parts = g_strsplit (codes, "|", -1);
  g_autoptr(GString) words = g_string_new (NULL);

  for (guint i = 0; parts[i] != NULL; i++)
    {
      if (i > 0)
        g_string_append (words, ", ");
      g_string_append (words, amparo_code_label ("service_type", parts[i]));
    }
  return g_string_free (g_steal_pointer (&words), FALSE);
}

static gboolean
insert_partners (DemoGenerator  *g,
                 sqlite3        *db,
                 GError        **error)
{
  g_autoptr(sqlite3_stmt) insert = NULL;
  guint n;
  const AmparoDemoPartnerInfo *directory = amparo_demo_partner_directory (&n);

  insert = amparo_db_prepare (db,
    "INSERT INTO partners (name, sector, services, eligibility, languages, hours, channels,"
    " contact_person, tier, agreement_signed, next_review, duties, active)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1);", error);
  if (insert == NULL)
    return FALSE;

  for (guint i = 0; i < n; i++)
    {
      /* agreements signed over the years, reviewed yearly; a few reviews
       * are overdue at the reference date */
      DemoDay signed_on = g->start - 365 + rng_below (&g->rng, 365 * (DEMO_YEARS + 1) - 30);
      DemoDay review = signed_on + 365;
      char signed_str[11], review_str[11];

      while (review < g->end)
        review += 365;
      if (rng_percent (&g->rng, 15))
        review = g->end - rng_range (&g->rng, 5, 60);
      day_format (signed_on, signed_str);
      day_format (review, review_str);

      sqlite3_bind_text (insert, 1, directory[i].name, -1, SQLITE_STATIC);
      sqlite3_bind_text (insert, 2, directory[i].sector, -1, SQLITE_STATIC);
      sqlite3_bind_text (insert, 3, services_in_words (directory[i].services), -1, g_free);
      sqlite3_bind_text (insert, 4, directory[i].eligibility, -1, SQLITE_STATIC);
      sqlite3_bind_text (insert, 5, directory[i].languages, -1, SQLITE_STATIC);
      sqlite3_bind_text (insert, 6, directory[i].hours, -1, SQLITE_STATIC);
      sqlite3_bind_text (insert, 7, directory[i].channels, -1, SQLITE_STATIC);
      /* a role, not a person: the directory needs no one's name */
      sqlite3_bind_text (insert, 8, "Intake coordinator", -1, SQLITE_STATIC);
      sqlite3_bind_int (insert, 9, (int) rng_range (&g->rng, 1, 4));
      sqlite3_bind_text (insert, 10, signed_str, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (insert, 11, review_str, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (insert, 12, directory[i].duties, -1, SQLITE_STATIC);
      if (!amparo_db_step_done (db, insert, error))
        return FALSE;
    }
  return TRUE;
}

/* The demo directory goes in once; later runs reuse whatever directory
 * the vault has. */
static gboolean
load_partners (DemoGenerator  *g,
               sqlite3        *db,
               GError        **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (amparo_db_query_int (db, "SELECT count(*) FROM partners WHERE active = 1;", 0) == 0)
    {
      if (!amparo_db_begin (db, error))
        return FALSE;
      if (!insert_partners (g, db, error) || !amparo_db_commit (db, error))
        {
          amparo_db_rollback (db);
          return FALSE;
        }
    }

  stmt = amparo_db_prepare (db, "SELECT id, sector FROM partners WHERE active = 1 ORDER BY id;",
                            error);
  if (stmt == NULL)
    return FALSE;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *sector = (const char *) sqlite3_column_text (stmt, 1);
      DemoPartner p = { sqlite3_column_int64 (stmt, 0),
                    g_intern_string (amparo_code_is_valid ("sector", sector) ? sector
                                                                              : "other") };
      GArray *list;
      guint index = g->partners->len;

      g_array_append_val (g->partners, p);
      list = g_hash_table_lookup (g->sector_partners, p.sector);
      if (list == NULL)
        {
          list = g_array_new (FALSE, FALSE, sizeof (guint));
          g_hash_table_insert (g->sector_partners, (gpointer) p.sector, list);
        }
      g_array_append_val (list, index);
    }
  return TRUE;
}

/* ---------------------------------------------------------------- writing */

typedef struct
{
  sqlite3_stmt *service;
  sqlite3_stmt *stay;
  sqlite3_stmt *release;
  sqlite3_stmt *referral;
  sqlite3_stmt *disclosure;
  sqlite3_stmt *activity;
} Statements;

static void
statements_clear (Statements *s)
{
  g_clear_pointer (&s->service, sqlite3_finalize);
  g_clear_pointer (&s->stay, sqlite3_finalize);
  g_clear_pointer (&s->release, sqlite3_finalize);
  g_clear_pointer (&s->referral, sqlite3_finalize);
  g_clear_pointer (&s->disclosure, sqlite3_finalize);
  g_clear_pointer (&s->activity, sqlite3_finalize);
}

static gboolean
statements_prepare (Statements  *s,
                    sqlite3     *db,
                    GError     **error)
{
  s->service = amparo_db_prepare (db,
    "INSERT INTO services (case_id, category, type, date, minutes, staff)"
    " VALUES (?, ?, ?, ?, ?, ?);", error);
  s->stay = s->service ? amparo_db_prepare (db,
    "INSERT INTO shelter_stays (case_id, entered, exited, children) VALUES (?, ?, ?, ?);",
    error) : NULL;
  s->release = s->stay ? amparo_db_prepare (db,
    "INSERT INTO releases (case_id, partner_id, scope, purpose, signed, expires, form, revoked,"
    " created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?);", error) : NULL;
  s->referral = s->release ? amparo_db_prepare (db,
    "INSERT INTO referrals (case_id, date, direction, partner_id, sector, service_needed, warm,"
    " status, follow_up, outcome, release_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?);",
    error) : NULL;
  s->disclosure = s->referral ? amparo_db_prepare (db,
    "INSERT INTO disclosures (case_id, date, kind, partner_id, recipient_sector, report_type,"
    " scope, release_id, staff) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?);", error) : NULL;
  s->activity = s->disclosure ? amparo_db_prepare (db,
    "UPDATE cases SET last_activity = ? WHERE id = ?;", error) : NULL;
  return s->activity != NULL;
}

static void
bind_day (sqlite3_stmt *stmt,
          int           index,
          DemoDay       day)
{
  char buf[11];

  if (day == 0)
    {
      sqlite3_bind_null (stmt, index);
      return;
    }
  day_format (day, buf);
  sqlite3_bind_text (stmt, index, buf, 10, SQLITE_TRANSIENT);
}

static void
bind_text (sqlite3_stmt *stmt,
           int           index,
           const char   *text)
{
  if (text != NULL)
    sqlite3_bind_text (stmt, index, text, -1, SQLITE_STATIC);
  else
    sqlite3_bind_null (stmt, index);
}

typedef struct
{
  guint service;
  guint stay;
  guint release;
  guint referral;
  guint disclosure;
} Cursors;

/* Writes one case's extras; returns the number of rows written, or -1. */
static gint
write_case_extras (DemoGenerator  *g,
                   sqlite3        *db,
                   Statements     *s,
                   Cursors        *c,
                   guint           case_index,
                   gint64          case_id,
                   GError        **error)
{
  gint rows = 0;
  const DemoCaseDays *days = &g_array_index (g->days, DemoCaseDays, case_index);

  for (; c->service < g->services->len; c->service++, rows++)
    {
      DemoService *sv = &g_array_index (g->services, DemoService, c->service);
      const char *type = sv->type;

      if (sv->case_index != case_index)
        break;
      sqlite3_bind_int64 (s->service, 1, case_id);
      bind_text (s->service, 2, amparo_service_type_category (type));
      bind_text (s->service, 3, type);
      bind_day (s->service, 4, sv->date);
      sqlite3_bind_int (s->service, 5, (int) sv->minutes);
      bind_text (s->service, 6, g->user);
      if (!amparo_db_step_done (db, s->service, error))
        return -1;
    }
  for (; c->stay < g->stays->len; c->stay++, rows++)
    {
      DemoStay *st = &g_array_index (g->stays, DemoStay, c->stay);

      if (st->case_index != case_index)
        break;
      sqlite3_bind_int64 (s->stay, 1, case_id);
      bind_day (s->stay, 2, st->entered);
      bind_day (s->stay, 3, st->exited);
      sqlite3_bind_int (s->stay, 4, (int) st->children);
      if (!amparo_db_step_done (db, s->stay, error))
        return -1;
    }
  for (; c->release < g->releases->len; c->release++, rows++)
    {
      DemoRelease *rel = &g_array_index (g->releases, DemoRelease, c->release);

      if (rel->case_index != case_index)
        break;
      sqlite3_bind_int64 (s->release, 1, case_id);
      sqlite3_bind_int64 (s->release, 2, g_array_index (g->partners, DemoPartner, rel->partner).id);
      bind_text (s->release, 3, rel->scope);
      bind_text (s->release, 4, rel->purpose);
      bind_day (s->release, 5, rel->signed_on);
      bind_day (s->release, 6, rel->expires);
      bind_text (s->release, 7, rel->form);
      bind_day (s->release, 8, rel->revoked);
      bind_text (s->release, 9, g->user);
      if (!amparo_db_step_done (db, s->release, error))
        return -1;
      rel->id = sqlite3_last_insert_rowid (db);
    }
  for (; c->referral < g->referrals->len; c->referral++, rows++)
    {
      DemoReferral *ref = &g_array_index (g->referrals, DemoReferral, c->referral);
      const DemoPartner *p = &g_array_index (g->partners, DemoPartner, ref->partner);

      if (ref->case_index != case_index)
        break;
      sqlite3_bind_int64 (s->referral, 1, case_id);
      bind_day (s->referral, 2, ref->date);
      bind_text (s->referral, 3, ref->out ? "out" : "in");
      sqlite3_bind_int64 (s->referral, 4, p->id);
      bind_text (s->referral, 5, p->sector);
      bind_text (s->referral, 6, ref->service_needed);
      sqlite3_bind_int (s->referral, 7, ref->warm);
      bind_text (s->referral, 8, ref->status);
      bind_day (s->referral, 9, ref->follow_up);
      bind_text (s->referral, 10, ref->outcome);
      if (ref->release >= 0)
        sqlite3_bind_int64 (s->referral, 11, g_array_index (g->releases, DemoRelease,
                                                            ref->release).id);
      else
        sqlite3_bind_null (s->referral, 11);
      if (!amparo_db_step_done (db, s->referral, error))
        return -1;
    }
  for (; c->disclosure < g->disclosures->len; c->disclosure++, rows++)
    {
      DemoDisclosure *dis = &g_array_index (g->disclosures, DemoDisclosure, c->disclosure);

      if (dis->case_index != case_index)
        break;
      sqlite3_bind_int64 (s->disclosure, 1, case_id);
      bind_day (s->disclosure, 2, dis->date);
      bind_text (s->disclosure, 3, dis->kind);
      if (dis->partner >= 0)
        sqlite3_bind_int64 (s->disclosure, 4, g_array_index (g->partners, DemoPartner,
                                                             dis->partner).id);
      else
        sqlite3_bind_null (s->disclosure, 4);
      bind_text (s->disclosure, 5, dis->sector);
      bind_text (s->disclosure, 6, dis->report_type);
      bind_text (s->disclosure, 7, dis->scope);
      if (dis->release >= 0)
        sqlite3_bind_int64 (s->disclosure, 8, g_array_index (g->releases, DemoRelease,
                                                             dis->release).id);
      else
        sqlite3_bind_null (s->disclosure, 8);
      bind_text (s->disclosure, 9, g->user);
      if (!amparo_db_step_done (db, s->disclosure, error))
        return -1;
    }
  if (days->latest > days->opened)
    {
      bind_day (s->activity, 1, days->latest);
      sqlite3_bind_int64 (s->activity, 2, case_id);
      if (!amparo_db_step_done (db, s->activity, error))
        return -1;
      rows++;
    }
  return rows;
}

static gboolean
write_batch_extras (DemoGenerator  *g,
                    sqlite3        *db,
                    GArray         *ids,
                    GError        **error)
{
  Statements s = { 0 };
  Cursors c = { 0 };
  guint pending = 0;

  if (!statements_prepare (&s, db, error) || !amparo_db_begin (db, error))
    goto fail;
  for (guint i = 0; i < ids->len; i++)
    {
      gint rows = write_case_extras (g, db, &s, &c, i, g_array_index (ids, gint64, i), error);

      if (rows < 0)
        goto fail_rollback;
      pending += (guint) rows;
      if (pending >= ROWS_PER_COMMIT)
        {
          if (!amparo_db_commit (db, error) || !amparo_db_begin (db, error))
            goto fail_rollback;
          pending = 0;
        }
    }
  statements_clear (&s);
  if (!amparo_db_commit (db, error))
    goto fail_rollback;
  return TRUE;

fail_rollback:
  amparo_db_rollback (db);
fail:
  statements_clear (&s);
  return FALSE;
}

/**
 * amparo_demo_generate:
 * @n_cases: how many cases, 1 to %AMPARO_DEMO_MAX_CASES
 * @seed: the same seed and number of cases give the same coded data in a
 *   fresh vault
 *
 * Fills an agency vault with invented but realistic cases over the five
 * years before %AMPARO_DEMO_REFERENCE_DATE: demographics, victimization,
 * perpetrators, children, risk, safety plans, services, shelter stays,
 * referrals, releases and disclosures, plus a partner directory the first
 * time. Needs a role that holds the identifying store's key. Writes one
 * `demo.generate` audit row at the end (amparo_cases_create() adds one
 * `cases.import` row per batch of cases).
 */
gboolean
amparo_demo_generate (AmparoVault  *vault,
                      guint         n_cases,
                      guint64       seed,
                      GError      **error)
{
  DemoGenerator g = { 0 };
  sqlite3 *cases, *contacts;
  gint64 cache_kib[2];
  char *restore;
  g_autofree char *detail = NULL;
  gboolean ok = FALSE;

  g_return_val_if_fail (AMPARO_IS_VAULT (vault), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (n_cases < 1 || n_cases > AMPARO_DEMO_MAX_CASES)
    {
      g_set_error (error, AMPARO_ERROR, AMPARO_ERROR_INVALID,
                   _("The number of demo cases must be between 1 and %u"),
                   AMPARO_DEMO_MAX_CASES);
      return FALSE;
    }
  if (!amparo_vault_require_role (vault, FALSE, error))
    return FALSE;
  if (amparo_vault_get_kind (vault) != AMPARO_VAULT_KIND_AGENCY)
    {
      g_set_error_literal (error, AMPARO_ERROR, AMPARO_ERROR_WRONG_KIND,
                           _("Demo cases can only be added to an agency vault"));
      return FALSE;
    }
  cases = amparo_vault_get_cases_db (vault, error);
  contacts = cases != NULL ? amparo_vault_get_contacts_db (vault, error) : NULL;
  if (contacts == NULL)
    return FALSE;

  rng_seed (&g.rng, seed);
  g.user = amparo_vault_get_user (vault);
  g.end = day_from_dmy (30, 9, 2026);   /* AMPARO_DEMO_REFERENCE_DATE */
  g.start = day_from_dmy (1, 10, 2026 - DEMO_YEARS);
  g.n_cases = n_cases;
  g.release_days = (guint) CLAMP (amparo_vault_get_setting_int (vault, "release_days", 30), 1, 365);
  g.partners = g_array_new (FALSE, FALSE, sizeof (DemoPartner));
  g.sector_partners = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) g_array_unref);
  g.refcodes = g_hash_table_new (NULL, NULL);
  g.days = g_array_new (FALSE, FALSE, sizeof (DemoCaseDays));
  g.services = g_array_new (FALSE, FALSE, sizeof (DemoService));
  g.stays = g_array_new (FALSE, FALSE, sizeof (DemoStay));
  g.releases = g_array_new (FALSE, FALSE, sizeof (DemoRelease));
  g.referrals = g_array_new (FALSE, FALSE, sizeof (DemoReferral));
  g.disclosures = g_array_new (FALSE, FALSE, sizeof (DemoDisclosure));

  /* A million services go into three indexes in date order, not in the
   * order they are written: with SQLite's 2 MiB page cache most inserts
   * would read and decrypt a page again. A bigger cache for the run only. */
  cache_kib[0] = amparo_db_query_int (cases, "PRAGMA cache_size;", -2000);
  cache_kib[1] = amparo_db_query_int (contacts, "PRAGMA cache_size;", -2000);
  amparo_db_exec (cases, "PRAGMA cache_size = -65536;", NULL);
  amparo_db_exec (contacts, "PRAGMA cache_size = -16384;", NULL);

  if (!load_partners (&g, cases, error) || !amparo_demo_load_refcodes (&g, cases, error))
    goto out;

  for (guint done = 0; done < n_cases;)
    {
      guint n = MIN (BATCH_CASES, n_cases - done);
      g_autoptr(GPtrArray) drafts = NULL;
      g_autoptr(GArray) ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), n);

      drafts = g_ptr_array_new_full (n, (GDestroyNotify) amparo_case_draft_free);
      generator_reset_batch (&g);
      for (guint i = 0; i < n; i++)
        g_ptr_array_add (drafts, amparo_demo_generate_case (&g, i));
      if (!amparo_cases_create (vault, drafts, ids, error)
          || !write_batch_extras (&g, cases, ids, error))
        goto out;
      done += n;
    }

  detail = g_strdup_printf ("count=%u seed=%" G_GUINT64_FORMAT, n_cases, seed);
  ok = amparo_vault_audit (vault, "demo.generate", 0, detail, error);

out:
  restore = g_strdup_printf ("PRAGMA cache_size = %" G_GINT64_FORMAT ";", cache_kib[0]);
  amparo_db_exec (cases, restore, NULL);
  g_free (restore);
  restore = g_strdup_printf ("PRAGMA cache_size = %" G_GINT64_FORMAT ";", cache_kib[1]);
  amparo_db_exec (contacts, restore, NULL);
  g_free (restore);
  generator_clear (&g);
  return ok;
}

