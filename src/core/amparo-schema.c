/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "AmparoSchema"

#include <glib/gi18n.h>

#include "amparo-error.h"
#include "amparo-schema.h"

/* Schemas are versioned with PRAGMA user_version and only ever migrated
 * forward: append a step, never edit a shipped one. SQLite 3.15 (inside
 * SQLCipher 3.4.1): no window functions, UPSERT, RENAME COLUMN or JSON1.
 *
 * The coded store (cases.db) holds only codes, numbers and dates. Every
 * name and every free-text narrative lives in the identifying store
 * (contacts.db), linked by case id; that link exists only there. */

static const char *const cases_steps[] = {
  /* 1 */
  "CREATE TABLE settings ("
  "  key TEXT PRIMARY KEY NOT NULL,"
  "  value TEXT NOT NULL);"

  "CREATE TABLE signing_key ("
  "  id INTEGER PRIMARY KEY CHECK (id = 1),"
  "  public BLOB NOT NULL,"
  "  secret BLOB NOT NULL);"

  "CREATE TABLE cases ("
  "  id INTEGER PRIMARY KEY,"
  "  ref_code TEXT NOT NULL UNIQUE,"
  "  status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),"
  "  opened TEXT NOT NULL,"
  "  closed TEXT,"
  "  counted INTEGER NOT NULL DEFAULT 1 CHECK (counted IN (0, 1)),"
  /* 0 while the identifying half of an intake is not yet committed; see
   * amparo-cases.c. Incomplete cases never enter reports. */
  "  complete INTEGER NOT NULL DEFAULT 1 CHECK (complete IN (0, 1)),"
  "  age_band TEXT NOT NULL DEFAULT 'not_reported',"
  "  gender TEXT NOT NULL DEFAULT 'not_reported',"
  "  language TEXT NOT NULL DEFAULT 'not_reported',"
  "  limited_english TEXT NOT NULL DEFAULT 'not_reported',"
  "  referral_source TEXT NOT NULL DEFAULT 'not_reported',"
  "  risk_level TEXT NOT NULL DEFAULT 'not_assessed',"
  "  safety_plan_completed INTEGER NOT NULL DEFAULT 0,"
  "  follow_up TEXT,"
  "  outcome_safety_strategies TEXT NOT NULL DEFAULT 'not_asked',"
  "  outcome_knows_resources TEXT NOT NULL DEFAULT 'not_asked',"
  "  created_by TEXT,"
  "  last_activity TEXT NOT NULL);"
  "CREATE INDEX cases_status ON cases (status, opened);"
  "CREATE INDEX cases_opened ON cases (opened);"
  "CREATE INDEX cases_closed ON cases (closed);"

  /* multi-valued categories: race_ethnicity, special_class, victimization */
  "CREATE TABLE case_codes ("
  "  case_id INTEGER NOT NULL REFERENCES cases (id) ON DELETE CASCADE,"
  "  category TEXT NOT NULL,"
  "  code TEXT NOT NULL,"
  "  PRIMARY KEY (case_id, category, code)) WITHOUT ROWID;"
  "CREATE INDEX case_codes_category ON case_codes (category, code);"

  "CREATE TABLE perpetrators ("
  "  id INTEGER PRIMARY KEY,"
  "  case_id INTEGER NOT NULL REFERENCES cases (id) ON DELETE CASCADE,"
  "  relationship TEXT NOT NULL DEFAULT 'not_reported',"
  "  sex TEXT NOT NULL DEFAULT 'not_reported',"
  "  age_band TEXT NOT NULL DEFAULT 'not_reported',"
  "  count INTEGER NOT NULL DEFAULT 1 CHECK (count >= 1));"
  "CREATE INDEX perpetrators_case ON perpetrators (case_id);"

  "CREATE TABLE children ("
  "  id INTEGER PRIMARY KEY,"
  "  case_id INTEGER NOT NULL REFERENCES cases (id) ON DELETE CASCADE,"
  "  age_band TEXT NOT NULL DEFAULT 'not_reported');"
  "CREATE INDEX children_case ON children (case_id);"

  "CREATE TABLE services ("
  "  id INTEGER PRIMARY KEY,"
  "  case_id INTEGER NOT NULL REFERENCES cases (id) ON DELETE CASCADE,"
  "  category TEXT NOT NULL,"
  "  type TEXT NOT NULL,"
  "  date TEXT NOT NULL,"
  "  minutes INTEGER NOT NULL DEFAULT 0 CHECK (minutes >= 0),"
  "  staff TEXT);"
  "CREATE INDEX services_case ON services (case_id, date);"
  "CREATE INDEX services_date ON services (date);"

  "CREATE TABLE shelter_stays ("
  "  id INTEGER PRIMARY KEY,"
  "  case_id INTEGER NOT NULL REFERENCES cases (id) ON DELETE CASCADE,"
  "  entered TEXT NOT NULL,"
  "  exited TEXT,"
  "  children INTEGER NOT NULL DEFAULT 0 CHECK (children >= 0),"
  "  CHECK (exited IS NULL OR exited >= entered));"
  "CREATE INDEX shelter_case ON shelter_stays (case_id);"

  "CREATE TABLE partners ("
  "  id INTEGER PRIMARY KEY,"
  "  name TEXT NOT NULL,"
  "  sector TEXT NOT NULL,"
  "  services TEXT,"
  "  eligibility TEXT,"
  "  languages TEXT,"
  "  hours TEXT,"
  "  channels TEXT,"
  "  contact_person TEXT,"
  "  tier INTEGER NOT NULL DEFAULT 1 CHECK (tier BETWEEN 1 AND 4),"
  "  agreement_signed TEXT,"
  "  next_review TEXT,"
  "  duties TEXT,"
  "  active INTEGER NOT NULL DEFAULT 1);"

  "CREATE TABLE releases ("
  "  id INTEGER PRIMARY KEY,"
  "  case_id INTEGER NOT NULL REFERENCES cases (id) ON DELETE CASCADE,"
  "  partner_id INTEGER NOT NULL REFERENCES partners (id),"
  "  scope TEXT NOT NULL,"        /* release_scope codes joined with '|' */
  "  purpose TEXT NOT NULL,"
  "  signed TEXT NOT NULL,"
  "  expires TEXT NOT NULL,"
  "  form TEXT NOT NULL CHECK (form IN ('written', 'verbal')),"
  "  revoked TEXT,"
  "  created_by TEXT,"
  "  CHECK (expires >= signed),"
  "  UNIQUE (case_id, partner_id));"
  "CREATE INDEX releases_expires ON releases (expires);"

  "CREATE TABLE referrals ("
  "  id INTEGER PRIMARY KEY,"
  "  case_id INTEGER NOT NULL REFERENCES cases (id) ON DELETE CASCADE,"
  "  date TEXT NOT NULL,"
  "  direction TEXT NOT NULL CHECK (direction IN ('out', 'in')),"
  "  partner_id INTEGER REFERENCES partners (id),"
  "  sector TEXT NOT NULL DEFAULT 'not_reported',"
  "  service_needed TEXT,"
  "  warm INTEGER NOT NULL DEFAULT 0,"
  "  status TEXT NOT NULL DEFAULT 'made',"
  "  follow_up TEXT,"
  "  outcome TEXT,"
  "  release_id INTEGER REFERENCES releases (id));"
  "CREATE INDEX referrals_case ON referrals (case_id);"
  "CREATE INDEX referrals_date ON referrals (date);"

  /* Every time information about a case left the agency, and on what
   * grounds: a referral under a release, a printed release form, or a
   * mandated report (which needs no release). */
  "CREATE TABLE disclosures ("
  "  id INTEGER PRIMARY KEY,"
  "  case_id INTEGER NOT NULL REFERENCES cases (id) ON DELETE CASCADE,"
  "  date TEXT NOT NULL,"
  "  kind TEXT NOT NULL,"
  "  partner_id INTEGER REFERENCES partners (id),"
  "  recipient_sector TEXT,"
  "  report_type TEXT,"
  "  scope TEXT NOT NULL,"
  "  release_id INTEGER REFERENCES releases (id),"
  "  staff TEXT NOT NULL);"
  "CREATE INDEX disclosures_date ON disclosures (date);"

  /* configurable risk checklist; custom items carry their own label */
  "CREATE TABLE risk_items ("
  "  code TEXT PRIMARY KEY NOT NULL,"
  "  label TEXT,"
  "  position INTEGER NOT NULL,"
  "  active INTEGER NOT NULL DEFAULT 1);"
  "CREATE TABLE case_risk ("
  "  case_id INTEGER NOT NULL REFERENCES cases (id) ON DELETE CASCADE,"
  "  item TEXT NOT NULL,"
  "  PRIMARY KEY (case_id, item)) WITHOUT ROWID;"

  "CREATE TABLE safety_plan_items ("
  "  case_id INTEGER NOT NULL REFERENCES cases (id) ON DELETE CASCADE,"
  "  item TEXT NOT NULL,"
  "  done INTEGER NOT NULL DEFAULT 0,"
  "  PRIMARY KEY (case_id, item)) WITHOUT ROWID;"

  /* Hash-chained: hash = BLAKE2b(previous hash || this row); see amparo-audit.c */
  "CREATE TABLE audit ("
  "  id INTEGER PRIMARY KEY,"
  "  at TEXT NOT NULL,"
  "  actor TEXT NOT NULL,"
  "  action TEXT NOT NULL,"
  "  case_id INTEGER,"
  "  detail TEXT,"
  "  hash BLOB NOT NULL);"
  "CREATE INDEX audit_case ON audit (case_id);"

  /* agency side of the sync module */
  "CREATE TABLE coordinators ("
  "  id INTEGER PRIMARY KEY,"
  "  name TEXT NOT NULL,"
  "  public_key BLOB NOT NULL UNIQUE,"
  "  trusted_at TEXT NOT NULL,"
  "  active INTEGER NOT NULL DEFAULT 1);"
  "CREATE TABLE exports ("
  "  id INTEGER PRIMARY KEY,"
  "  period TEXT NOT NULL,"
  "  sequence INTEGER NOT NULL,"
  "  generated TEXT NOT NULL,"
  "  file_name TEXT NOT NULL,"
  "  coordinator_id INTEGER REFERENCES coordinators (id),"
  "  digest BLOB NOT NULL);"

  /* coordinator side */
  "CREATE TABLE coordinator_key ("
  "  id INTEGER PRIMARY KEY CHECK (id = 1),"
  "  public BLOB NOT NULL,"
  "  secret BLOB NOT NULL);"
  "CREATE TABLE agencies ("
  "  id TEXT PRIMARY KEY NOT NULL,"
  "  name TEXT NOT NULL,"
  "  sign_key BLOB NOT NULL,"
  "  pinned_at TEXT NOT NULL);"
  "CREATE TABLE summaries ("
  "  id INTEGER PRIMARY KEY,"
  "  agency_id TEXT NOT NULL REFERENCES agencies (id),"
  "  period TEXT NOT NULL,"
  "  sequence INTEGER NOT NULL,"
  "  k INTEGER NOT NULL,"
  "  generated TEXT NOT NULL,"
  "  payload TEXT NOT NULL,"
  "  digest BLOB NOT NULL,"
  "  imported_at TEXT NOT NULL,"
  "  UNIQUE (agency_id, period));"
  "CREATE TABLE import_log ("
  "  id INTEGER PRIMARY KEY,"
  "  at TEXT NOT NULL,"
  "  file_name TEXT,"
  "  agency_id TEXT,"
  "  period TEXT,"
  "  sequence INTEGER,"
  "  outcome TEXT NOT NULL,"
  "  reason TEXT);",

  /* 2: cases being purged. Purging deletes the identifying half first, so
   * a crash in between must not look like an unfinished intake. */
  "CREATE TABLE purge_queue ("
  "  case_id INTEGER PRIMARY KEY);",
  /* 3: a release replaced by a newer one for the same case and partner
   * (allowed only once it expired or was revoked) keeps its old terms
   * here, so the confidentiality audit and the disclosures made under it
   * still show what was agreed; see amparo-consent.c. */
  "CREATE TABLE release_history ("
  "  id INTEGER PRIMARY KEY,"
  "  release_id INTEGER NOT NULL REFERENCES releases (id) ON DELETE CASCADE,"
  "  case_id INTEGER NOT NULL REFERENCES cases (id) ON DELETE CASCADE,"
  "  partner_id INTEGER NOT NULL REFERENCES partners (id),"
  "  scope TEXT NOT NULL,"
  "  purpose TEXT NOT NULL,"
  "  signed TEXT NOT NULL,"
  "  expires TEXT NOT NULL,"
  "  form TEXT NOT NULL,"
  "  revoked TEXT,"
  "  created_by TEXT,"
  "  replaced TEXT NOT NULL);"
  "CREATE INDEX release_history_release ON release_history (release_id);"
  "CREATE INDEX disclosures_case ON disclosures (case_id);",
  /* 4: the case list (amparo-case-index.c) reads only this index, in the
   * order it shows: a status's rows, newest activity first, with no sort
   * and none of the table's other columns (issue 9) */
  "CREATE INDEX cases_list ON cases (status, last_activity, id, complete, ref_code, opened,"
  " risk_level, safety_plan_completed, follow_up);",
  /* 5: a period report reads a period's services from this index alone,
   * not a million rows of the table (amparo-report-count.c) */
  "CREATE INDEX services_period ON services (date, case_id, category, minutes);",
  /* 6: a coordinator's imported summaries, table by table, as checked at
   * import: the combined report reads these rows instead of parsing every
   * payload again (issue 9). @counts holds the cells' counts in catalogue
   * order, comma-separated, -1 where suppressed; @total is -1 where
   * suppressed. Summaries imported before this step have no rows until
   * the first report reads their payload (amparo-regional.c). */
  "CREATE TABLE summary_tables ("
  "  summary_id INTEGER NOT NULL REFERENCES summaries (id) ON DELETE CASCADE,"
  "  table_id TEXT NOT NULL,"
  "  total INTEGER NOT NULL,"
  "  counts TEXT NOT NULL,"
  "  PRIMARY KEY (summary_id, table_id)) WITHOUT ROWID;",
  /* 7: a period report finds the survivors served (open, or closed since
   * the period began) and the outcomes of cases closed in it in this
   * index alone, instead of reading every case; and the cases left out of
   * every count in the second (amparo-report-count.c, issue 9) */
  "CREATE INDEX cases_report ON cases (closed, opened, counted, complete, age_band, gender,"
  " language, limited_english, referral_source, outcome_safety_strategies,"
  " outcome_knows_resources);"
  "CREATE INDEX cases_excluded ON cases (id) WHERE counted != 1 OR complete != 1;",
  /* 8: a period report reads a period's referrals from this index alone,
   * not every referral (a quarter's are a twentieth of them); the first
   * perpetrator and the children of the survivors served from the next
   * two alone, only their pages, instead of an index and then the table
   * (they replace the indexes on case_id they begin with); and
   * cases_excluded gains the columns of its own condition: SQLite 3.15
   * evaluates that condition again on every row, and so read each left-out
   * case's row from the table, most of the table's pages (issue 9) */
  "CREATE INDEX referrals_period ON referrals (date, case_id, direction, sector, status);"
  "CREATE INDEX perpetrators_report ON perpetrators (case_id, id, relationship, sex);"
  "DROP INDEX perpetrators_case;"
  "CREATE INDEX children_report ON children (case_id, age_band);"
  "DROP INDEX children_case;"
  "DROP INDEX cases_excluded;"
  "CREATE INDEX cases_excluded ON cases (id, counted, complete)"
  " WHERE counted != 1 OR complete != 1;",

  /* 9: the Referrals & Releases page's lists (amparo_consent_watch_list)
   * from small partial indexes that also hold the columns of their own
   * condition, so SQLite 3.15 counts them without reading the table: the
   * follow-ups due and unanswered referrals were each a scan of every
   * referral, and the recently revoked releases one of every release */
  "CREATE INDEX referrals_waiting ON referrals (follow_up, status)"
  " WHERE status IN ('made', 'accepted') AND follow_up IS NOT NULL;"
  "CREATE INDEX referrals_unanswered ON referrals (date, status, direction)"
  " WHERE status = 'no_response' AND direction = 'out';"
  "CREATE INDEX releases_revoked ON releases (revoked) WHERE revoked IS NOT NULL;",
};

static const char *const contacts_steps[] = {
  /* 1 */
  "CREATE TABLE people ("
  "  case_id INTEGER PRIMARY KEY,"
  "  first_name TEXT,"
  "  last_name TEXT,"
  "  preferred_name TEXT,"
  "  aliases TEXT,"
  "  birth_date TEXT,"
  "  email TEXT,"
  "  address TEXT,"
  "  confidential_location INTEGER NOT NULL DEFAULT 1,"
  "  safe_contact TEXT,"
  /* lower-cased, accent-folded names for search-as-you-type */
  "  search_key TEXT NOT NULL DEFAULT '',"
  "  updated TEXT NOT NULL);"

  "CREATE TABLE phones ("
  "  id INTEGER PRIMARY KEY,"
  "  case_id INTEGER NOT NULL REFERENCES people (case_id) ON DELETE CASCADE,"
  "  number TEXT NOT NULL,"
  "  label TEXT,"
  /* the most protective default: no calls, texts or voicemail until the
   * survivor says they are safe */
  "  safe_to_call INTEGER NOT NULL DEFAULT 0,"
  "  text_ok INTEGER NOT NULL DEFAULT 0,"
  "  voicemail_ok INTEGER NOT NULL DEFAULT 0);"
  "CREATE INDEX phones_case ON phones (case_id);"

  "CREATE TABLE emergency_contacts ("
  "  id INTEGER PRIMARY KEY,"
  "  case_id INTEGER NOT NULL REFERENCES people (case_id) ON DELETE CASCADE,"
  "  name TEXT NOT NULL,"
  "  relationship TEXT,"
  "  phone TEXT);"
  "CREATE INDEX emergency_case ON emergency_contacts (case_id);"

  "CREATE TABLE notes ("
  "  id INTEGER PRIMARY KEY,"
  "  case_id INTEGER NOT NULL REFERENCES people (case_id) ON DELETE CASCADE,"
  "  created TEXT NOT NULL,"
  "  author TEXT NOT NULL,"
  "  body TEXT NOT NULL);"
  "CREATE INDEX notes_case ON notes (case_id, created);"

  "CREATE TABLE safety_plans ("
  "  case_id INTEGER PRIMARY KEY REFERENCES people (case_id) ON DELETE CASCADE,"
  "  body TEXT NOT NULL,"
  "  updated TEXT NOT NULL);",

  /* 2: the case list's names in a covering index, a third the size of
   * the table, so listing the open cases decrypts a third of the pages
   * (amparo-case-index.c, issue 9) */
  "CREATE INDEX people_names ON people (case_id, first_name, last_name, preferred_name,"
  " search_key);",
};

static void
steps_for (AmparoStore         store,
           const char *const **steps,
           int                *n_steps)
{
  if (store == AMPARO_STORE_CASES)
    {
      *steps = cases_steps;
      *n_steps = G_N_ELEMENTS (cases_steps);
    }
  else
    {
      *steps = contacts_steps;
      *n_steps = G_N_ELEMENTS (contacts_steps);
    }
}

int
amparo_schema_latest_version (AmparoStore store)
{
  const char *const *steps;
  int n;

  steps_for (store, &steps, &n);
  return n;
}

/**
 * amparo_schema_migrate:
 *
 * Brings @db up to the latest schema, one transaction per step. A store
 * newer than this program is refused rather than touched.
 */
gboolean
amparo_schema_migrate (sqlite3    *db,
                       AmparoStore store,
                       GError    **error)
{
  const char *const *steps;
  int n, version;

  steps_for (store, &steps, &n);
  version = (int) amparo_db_query_int (db, "PRAGMA user_version;", -1);
  if (version < 0 || version > n)
    {
      g_set_error_literal (error, AMPARO_ERROR, AMPARO_ERROR_DAMAGED_DATABASE,
                           _("A data file was written by a newer version of Amparo; "
                             "update the program before opening it"));
      return FALSE;
    }

  for (int i = version; i < n; i++)
    {
      g_autofree char *bump = g_strdup_printf ("PRAGMA user_version = %d;", i + 1);

      if (!amparo_db_begin (db, error))
        return FALSE;
      if (!amparo_db_exec (db, steps[i], error) || !amparo_db_exec (db, bump, error)
          || !amparo_db_commit (db, error))
        {
          amparo_db_rollback (db);
          return FALSE;
        }
    }
  return TRUE;
}
