/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "AmparoCases"

#include <stdio.h>
#include <string.h>
#include <glib/gi18n.h>

#include "amparo-audit.h"
#include "amparo-case.h"
#include "amparo-cases.h"
#include "amparo-codes.h"
#include "amparo-db.h"
#include "amparo-error.h"
#include "amparo-refcode.h"
#include "amparo-vault.h"

/* Creating cases across two stores.
 *
 * The stores are separate SQLCipher files in WAL mode, so one transaction
 * cannot span both atomically. Intake is therefore two-phase:
 *   1. cases.db: insert the coded rows with complete = 0; commit.
 *   2. contacts.db: insert the identifying rows; commit.
 *   3. cases.db: mark them complete = 1; commit.
 * A crash after 1 leaves incomplete cases that no report counts; the next
 * unlock by a role holding both keys (amparo_cases_recover()) finishes
 * those whose identifying half was committed and deletes the rest. So an
 * import is all-or-nothing, and no identifying record is ever left
 * without its case. */

AmparoCaseDraft *
amparo_case_draft_new (void)
{
  AmparoCaseDraft *d = g_new0 (AmparoCaseDraft, 1);

  /* the most protective defaults */
  d->confidential_location = TRUE;
  d->phone_safe_to_call = FALSE;
  d->phone_text_ok = FALSE;
  d->phone_voicemail_ok = FALSE;
  d->counted = TRUE;
  return d;
}

void
amparo_case_draft_free (AmparoCaseDraft *d)
{
  if (d == NULL)
    return;
  g_free (d->first_name);
  g_free (d->last_name);
  g_free (d->preferred_name);
  g_free (d->aliases);
  g_free (d->birth_date);
  g_free (d->email);
  g_free (d->address);
  g_free (d->safe_contact);
  g_free (d->phone);
  g_free (d->notes);
  g_free (d->safety_plan_text);
  g_free (d->ref_code);
  g_free (d->opened);
  g_free (d->closed);
  g_free (d->age_band);
  g_free (d->gender);
  g_free (d->language);
  g_free (d->limited_english);
  g_free (d->referral_source);
  g_free (d->risk_level);
  g_strfreev (d->race_ethnicity);
  g_strfreev (d->special_class);
  g_strfreev (d->victimization);
  g_strfreev (d->risk_indicators);
  g_strfreev (d->safety_plan_done);
  g_free (d->perpetrator_relationship);
  g_free (d->perpetrator_sex);
  g_free (d->perpetrator_age_band);
  g_strfreev (d->children);
  g_free (d->outcome_safety_strategies);
  g_free (d->outcome_knows_resources);
  g_free (d->follow_up);
  g_free (d);
}

gboolean
amparo_date_is_valid (const char *date)
{
  g_autoptr(GDateTime) dt = NULL;
  int y, m, d;
  char tail;

  if (date == NULL || strlen (date) != 10 || date[4] != '-' || date[7] != '-')
    return FALSE;
  if (sscanf (date, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3)
    return FALSE;
  for (int i = 0; i < 10; i++)
    if (i != 4 && i != 7 && !g_ascii_isdigit (date[i]))
      return FALSE;
  return y >= 1900 && y <= 2200 && g_date_valid_dmy (d, m, y);
}

char *
amparo_date_today (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  return g_date_time_format (now, "%Y-%m-%d");
}

/**
 * amparo_search_key:
 *
 * Lower-cased, accent-folded text for search-as-you-type ("José" and
 * "jose" both match).
 */
char *
amparo_search_key (const char *text)
{
  g_autofree char *ascii = NULL;

  if (text == NULL)
    return g_strdup ("");
  ascii = g_str_to_ascii (text, "C");
  return g_ascii_strdown (ascii, -1);
}

static gboolean
bad (const char **bad_field,
     const char  *field,
     GError     **error)
{
  if (bad_field != NULL)
    *bad_field = field;
  /* never echo the value: it may be a name */
  g_set_error (error, AMPARO_ERROR, AMPARO_ERROR_INVALID, _("The field “%s” is not valid"), field);
  return FALSE;
}

static gboolean
code_ok (const char *category,
         const char *code)
{
  return code == NULL || amparo_code_is_valid (category, code);
}

static gboolean
codes_ok (const char *category,
          GStrv       codes)
{
  for (guint i = 0; codes != NULL && codes[i] != NULL; i++)
    if (!amparo_code_is_valid (category, codes[i]))
      return FALSE;
  return TRUE;
}

static gboolean
text_ok (const char *text,
         gsize       max)
{
  return text == NULL || (g_utf8_validate (text, -1, NULL) && strlen (text) <= max);
}

/**
 * amparo_case_draft_validate:
 * @bad_field: (out) (optional): the field name of the first problem
 *
 * Checks codes, dates and lengths. Messages name the field, never a value.
 */
gboolean
amparo_case_draft_validate (AmparoCaseDraft *d,
                            const char     **bad_field,
                            GError         **error)
{
  struct { const char *field; const char *category; const char *value; } single[] = {
    { "age_band", "age_band", d->age_band },
    { "gender", "gender", d->gender },
    { "language", "language", d->language },
    { "limited_english", "limited_english", d->limited_english },
    { "referral_source", "referral_source", d->referral_source },
    { "risk_level", "risk_level", d->risk_level },
    { "perpetrator_relationship", "perpetrator_relationship", d->perpetrator_relationship },
    { "perpetrator_sex", "perpetrator_sex", d->perpetrator_sex },
    { "perpetrator_age_band", "perpetrator_age_band", d->perpetrator_age_band },
    { "outcome_safety_strategies", "outcome_answer", d->outcome_safety_strategies },
    { "outcome_knows_resources", "outcome_answer", d->outcome_knows_resources },
  };
  struct { const char *field; const char *category; GStrv values; } multi[] = {
    { "race_ethnicity", "race_ethnicity", d->race_ethnicity },
    { "special_class", "special_class", d->special_class },
    { "victimization", "victimization", d->victimization },
    { "risk_indicators", "risk_indicator", d->risk_indicators },
    { "safety_plan", "safety_plan_item", d->safety_plan_done },
    { "children", "child_age_band", d->children },
  };
  const char *texts[] = { d->first_name, d->last_name, d->preferred_name, d->aliases, d->email,
                          d->address, d->safe_contact, d->phone };
  const char *text_fields[] = { "first_name", "last_name", "preferred_name", "aliases", "email",
                                "address", "safe_contact", "phone" };

  if (!amparo_date_is_valid (d->opened))
    return bad (bad_field, "opened", error);
  if (d->closed != NULL && (!amparo_date_is_valid (d->closed) || strcmp (d->closed, d->opened) < 0))
    return bad (bad_field, "closed", error);
  if (d->birth_date != NULL && !amparo_date_is_valid (d->birth_date))
    return bad (bad_field, "birth_date", error);
  if (d->follow_up != NULL && !amparo_date_is_valid (d->follow_up))
    return bad (bad_field, "follow_up", error);
  if (d->ref_code != NULL && !amparo_refcode_is_valid (d->ref_code))
    return bad (bad_field, "ref_code", error);
  for (guint i = 0; i < G_N_ELEMENTS (single); i++)
    if (!code_ok (single[i].category, single[i].value))
      return bad (bad_field, single[i].field, error);
  for (guint i = 0; i < G_N_ELEMENTS (multi); i++)
    if (!codes_ok (multi[i].category, multi[i].values))
      return bad (bad_field, multi[i].field, error);
  if (d->children != NULL && g_strv_length (d->children) > 30)
    return bad (bad_field, "children", error);
  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    if (!text_ok (texts[i], 1000))
      return bad (bad_field, text_fields[i], error);
  if (!text_ok (d->notes, 100000))
    return bad (bad_field, "notes", error);
  if (!text_ok (d->safety_plan_text, 100000))
    return bad (bad_field, "safety_plan", error);
  return TRUE;
}

/* ------------------------------------------------------------ writing */

typedef struct
{
  sqlite3_stmt *cases;
  sqlite3_stmt *codes;
  sqlite3_stmt *perp;
  sqlite3_stmt *child;
  sqlite3_stmt *risk;
  sqlite3_stmt *plan;
} CodedStatements;

static void
coded_statements_clear (CodedStatements *s)
{
  g_clear_pointer (&s->cases, sqlite3_finalize);
  g_clear_pointer (&s->codes, sqlite3_finalize);
  g_clear_pointer (&s->perp, sqlite3_finalize);
  g_clear_pointer (&s->child, sqlite3_finalize);
  g_clear_pointer (&s->risk, sqlite3_finalize);
  g_clear_pointer (&s->plan, sqlite3_finalize);
}

static void
bind_text_or (sqlite3_stmt *stmt,
              int           index,
              const char   *value,
              const char   *fallback)
{
  const char *v = value != NULL ? value : fallback;

  if (v != NULL)
    sqlite3_bind_text (stmt, index, v, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (stmt, index);
}

static gboolean
insert_codes (sqlite3      *db,
              sqlite3_stmt *stmt,
              gint64        id,
              const char   *category,
              GStrv         codes,
              GError      **error)
{
  for (guint i = 0; codes != NULL && codes[i] != NULL; i++)
    {
      sqlite3_bind_int64 (stmt, 1, id);
      sqlite3_bind_text (stmt, 2, category, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 3, codes[i], -1, SQLITE_TRANSIENT);
      if (!amparo_db_step_done (db, stmt, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
insert_coded (sqlite3         *db,
              CodedStatements *s,
              AmparoCaseDraft *d,
              const char      *user,
              gint64          *out_id,
              GError         **error)
{
  g_autofree char *ref = NULL;
  gint64 id;
  int rc;

  for (int attempt = 0;; attempt++)
    {
      g_free (ref);
      ref = d->ref_code != NULL && attempt == 0 ? g_strdup (d->ref_code)
                                                : amparo_refcode_generate ();
      sqlite3_bind_text (s->cases, 1, ref, -1, SQLITE_STATIC);
      sqlite3_bind_text (s->cases, 2, d->closed != NULL ? "closed" : "open", -1, SQLITE_STATIC);
      sqlite3_bind_text (s->cases, 3, d->opened, -1, SQLITE_STATIC);
      bind_text_or (s->cases, 4, d->closed, NULL);
      sqlite3_bind_int (s->cases, 5, d->counted ? 1 : 0);
      bind_text_or (s->cases, 6, d->age_band, "not_reported");
      bind_text_or (s->cases, 7, d->gender, "not_reported");
      bind_text_or (s->cases, 8, d->language, "not_reported");
      bind_text_or (s->cases, 9, d->limited_english, "not_reported");
      bind_text_or (s->cases, 10, d->referral_source, "not_reported");
      bind_text_or (s->cases, 11, d->risk_level, "not_assessed");
      bind_text_or (s->cases, 12, d->follow_up, NULL);
      bind_text_or (s->cases, 13, d->outcome_safety_strategies, "not_asked");
      bind_text_or (s->cases, 14, d->outcome_knows_resources, "not_asked");
      sqlite3_bind_text (s->cases, 15, user, -1, SQLITE_STATIC);
      bind_text_or (s->cases, 16, d->closed != NULL ? d->closed : d->opened, NULL);
      sqlite3_bind_int (s->cases, 17,
                        amparo_safety_plan_is_complete ((const char *const *) d->safety_plan_done));
      rc = sqlite3_step (s->cases);
      sqlite3_reset (s->cases);
      if (rc == SQLITE_DONE)
        break;
      /* a reference code collision is astronomically rare; try another */
      if ((rc & 0xff) != SQLITE_CONSTRAINT || attempt > 5)
        {
          amparo_db_set_error (error, db, rc);
          return FALSE;
        }
    }
  id = sqlite3_last_insert_rowid (db);

  if (!insert_codes (db, s->codes, id, "race_ethnicity", d->race_ethnicity, error)
      || !insert_codes (db, s->codes, id, "special_class", d->special_class, error)
      || !insert_codes (db, s->codes, id, "victimization", d->victimization, error))
    return FALSE;

  if (d->perpetrator_relationship != NULL || d->perpetrator_sex != NULL
      || d->perpetrator_age_band != NULL)
    {
      sqlite3_bind_int64 (s->perp, 1, id);
      bind_text_or (s->perp, 2, d->perpetrator_relationship, "not_reported");
      bind_text_or (s->perp, 3, d->perpetrator_sex, "not_reported");
      bind_text_or (s->perp, 4, d->perpetrator_age_band, "not_reported");
      if (!amparo_db_step_done (db, s->perp, error))
        return FALSE;
    }
  for (guint i = 0; d->children != NULL && d->children[i] != NULL; i++)
    {
      sqlite3_bind_int64 (s->child, 1, id);
      sqlite3_bind_text (s->child, 2, d->children[i], -1, SQLITE_TRANSIENT);
      if (!amparo_db_step_done (db, s->child, error))
        return FALSE;
    }
  for (guint i = 0; d->risk_indicators != NULL && d->risk_indicators[i] != NULL; i++)
    {
      sqlite3_bind_int64 (s->risk, 1, id);
      sqlite3_bind_text (s->risk, 2, d->risk_indicators[i], -1, SQLITE_TRANSIENT);
      if (!amparo_db_step_done (db, s->risk, error))
        return FALSE;
    }
  for (guint i = 0; d->safety_plan_done != NULL && d->safety_plan_done[i] != NULL; i++)
    {
      sqlite3_bind_int64 (s->plan, 1, id);
      sqlite3_bind_text (s->plan, 2, d->safety_plan_done[i], -1, SQLITE_TRANSIENT);
      if (!amparo_db_step_done (db, s->plan, error))
        return FALSE;
    }
  *out_id = id;
  return TRUE;
}

static gboolean
prepare_coded (sqlite3         *db,
               CodedStatements *s,
               GError         **error)
{
  s->cases = amparo_db_prepare (db,
    "INSERT INTO cases (ref_code, status, opened, closed, counted, complete, age_band, gender,"
    " language, limited_english, referral_source, risk_level, follow_up,"
    " outcome_safety_strategies, outcome_knows_resources, created_by, last_activity,"
    " safety_plan_completed)"
    " VALUES (?1, ?2, ?3, ?4, ?5, 0, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17);",
    error);
  if (s->cases == NULL)
    return FALSE;
  s->codes = amparo_db_prepare (db, "INSERT OR IGNORE INTO case_codes (case_id, category, code)"
                                    " VALUES (?, ?, ?);", error);
  s->perp = s->codes ? amparo_db_prepare (db, "INSERT INTO perpetrators (case_id, relationship,"
                                              " sex, age_band) VALUES (?, ?, ?, ?);", error) : NULL;
  s->child = s->perp ? amparo_db_prepare (db, "INSERT INTO children (case_id, age_band)"
                                              " VALUES (?, ?);", error) : NULL;
  s->risk = s->child ? amparo_db_prepare (db, "INSERT OR IGNORE INTO case_risk (case_id, item)"
                                              " VALUES (?, ?);", error) : NULL;
  s->plan = s->risk ? amparo_db_prepare (db, "INSERT OR IGNORE INTO safety_plan_items"
                                             " (case_id, item, done) VALUES (?, ?, 1);", error)
                    : NULL;
  return s->plan != NULL;
}

static gboolean
insert_identifying (sqlite3   *db,
                    GPtrArray *drafts,
                    GArray    *ids,
                    const char *user,
                    GError   **error)
{
  g_autoptr(sqlite3_stmt) person = NULL;
  g_autoptr(sqlite3_stmt) phone = NULL;
  g_autoptr(sqlite3_stmt) note = NULL;
  g_autoptr(sqlite3_stmt) plan = NULL;
  g_autofree char *now = amparo_date_today ();

  person = amparo_db_prepare (db,
    "INSERT INTO people (case_id, first_name, last_name, preferred_name, aliases, birth_date,"
    " email, address, confidential_location, safe_contact, search_key, updated)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?);", error);
  phone = person ? amparo_db_prepare (db,
    "INSERT INTO phones (case_id, number, safe_to_call, text_ok, voicemail_ok)"
    " VALUES (?, ?, ?, ?, ?);", error) : NULL;
  note = phone ? amparo_db_prepare (db, "INSERT INTO notes (case_id, created, author, body)"
                                        " VALUES (?, ?, ?, ?);", error) : NULL;
  plan = note ? amparo_db_prepare (db, "INSERT INTO safety_plans (case_id, body, updated)"
                                       " VALUES (?, ?, ?);", error) : NULL;
  if (plan == NULL)
    return FALSE;

  for (guint i = 0; i < drafts->len; i++)
    {
      AmparoCaseDraft *d = g_ptr_array_index (drafts, i);
      gint64 id = g_array_index (ids, gint64, i);
      g_autofree char *joined = g_strjoin (" ", d->first_name ? d->first_name : "",
                                           d->last_name ? d->last_name : "",
                                           d->preferred_name ? d->preferred_name : "",
                                           d->aliases ? d->aliases : "", NULL);
      g_autofree char *key = amparo_search_key (joined);

      sqlite3_bind_int64 (person, 1, id);
      bind_text_or (person, 2, d->first_name, NULL);
      bind_text_or (person, 3, d->last_name, NULL);
      bind_text_or (person, 4, d->preferred_name, NULL);
      bind_text_or (person, 5, d->aliases, NULL);
      bind_text_or (person, 6, d->birth_date, NULL);
      bind_text_or (person, 7, d->email, NULL);
      bind_text_or (person, 8, d->address, NULL);
      sqlite3_bind_int (person, 9, d->confidential_location ? 1 : 0);
      bind_text_or (person, 10, d->safe_contact, NULL);
      sqlite3_bind_text (person, 11, key, -1, SQLITE_STATIC);
      sqlite3_bind_text (person, 12, now, -1, SQLITE_STATIC);
      if (!amparo_db_step_done (db, person, error))
        return FALSE;

      if (d->phone != NULL)
        {
          sqlite3_bind_int64 (phone, 1, id);
          sqlite3_bind_text (phone, 2, d->phone, -1, SQLITE_STATIC);
          sqlite3_bind_int (phone, 3, d->phone_safe_to_call);
          sqlite3_bind_int (phone, 4, d->phone_text_ok);
          sqlite3_bind_int (phone, 5, d->phone_voicemail_ok);
          if (!amparo_db_step_done (db, phone, error))
            return FALSE;
        }
      if (d->notes != NULL && *d->notes != '\0')
        {
          sqlite3_bind_int64 (note, 1, id);
          sqlite3_bind_text (note, 2, d->opened, -1, SQLITE_STATIC);
          sqlite3_bind_text (note, 3, user, -1, SQLITE_STATIC);
          sqlite3_bind_text (note, 4, d->notes, -1, SQLITE_STATIC);
          if (!amparo_db_step_done (db, note, error))
            return FALSE;
        }
      if (d->safety_plan_text != NULL && *d->safety_plan_text != '\0')
        {
          sqlite3_bind_int64 (plan, 1, id);
          sqlite3_bind_text (plan, 2, d->safety_plan_text, -1, SQLITE_STATIC);
          sqlite3_bind_text (plan, 3, now, -1, SQLITE_STATIC);
          if (!amparo_db_step_done (db, plan, error))
            return FALSE;
        }
    }
  return TRUE;
}

static void
delete_cases (sqlite3 *db,
              GArray  *ids)
{
  g_autoptr(sqlite3_stmt) del = amparo_db_prepare (db, "DELETE FROM cases WHERE id = ?"
                                                       " AND complete = 0;", NULL);

  if (del == NULL || !amparo_db_begin (db, NULL))
    return;
  for (guint i = 0; i < ids->len; i++)
    {
      sqlite3_bind_int64 (del, 1, g_array_index (ids, gint64, i));
      amparo_db_step_done (db, del, NULL);
    }
  amparo_db_commit (db, NULL);
}

/**
 * amparo_cases_create:
 * @drafts: (element-type AmparoCaseDraft): validated or not; all are
 *   checked before anything is written
 * @out_ids: (nullable) (element-type gint64): receives the case numbers
 *
 * Creates every case or none (see the two-phase note above). Needs a role
 * that holds the identifying store's key.
 */
gboolean
amparo_cases_create (AmparoVault *vault,
                     GPtrArray   *drafts,
                     GArray      *out_ids,
                     GError     **error)
{
  CodedStatements s = { 0 };
  g_autoptr(GArray) ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), drafts->len);
  g_autoptr(sqlite3_stmt) done = NULL;
  const char *user = amparo_vault_get_user (vault);
  sqlite3 *cases, *contacts;

  cases = amparo_vault_get_cases_db (vault, error);
  if (cases == NULL)
    return FALSE;
  contacts = amparo_vault_get_contacts_db (vault, error);
  if (contacts == NULL || !amparo_vault_require_role (vault, FALSE, error))
    return FALSE;

  for (guint i = 0; i < drafts->len; i++)
    if (!amparo_case_draft_validate (g_ptr_array_index (drafts, i), NULL, error))
      return FALSE;

  /* phase 1: coded rows, incomplete */
  if (!amparo_db_begin (cases, error))
    return FALSE;
  if (!prepare_coded (cases, &s, error))
    goto fail_coded;
  for (guint i = 0; i < drafts->len; i++)
    {
      gint64 id;
      if (!insert_coded (cases, &s, g_ptr_array_index (drafts, i), user, &id, error))
        goto fail_coded;
      g_array_append_val (ids, id);
    }
  coded_statements_clear (&s);
  if (!amparo_db_commit (cases, error))
    goto fail_coded;

  /* phase 2: identifying rows */
  if (!amparo_db_begin (contacts, error))
    goto fail_identifying;
  if (!insert_identifying (contacts, drafts, ids, user, error)
      || !amparo_db_commit (contacts, error))
    {
      amparo_db_rollback (contacts);
      goto fail_identifying;
    }

  /* phase 3: complete, with one audit row (case numbers only) */
  if (!amparo_db_begin (cases, error))
    return FALSE;
  done = amparo_db_prepare (cases, "UPDATE cases SET complete = 1 WHERE id = ?;", error);
  if (done == NULL)
    goto fail_phase3;
  for (guint i = 0; i < ids->len; i++)
    {
      sqlite3_bind_int64 (done, 1, g_array_index (ids, gint64, i));
      if (!amparo_db_step_done (cases, done, error))
        goto fail_phase3;
    }
  if (ids->len == 1)
    {
      if (!amparo_audit_append (cases, user, "case.create", g_array_index (ids, gint64, 0), NULL,
                                error))
        goto fail_phase3;
    }
  else
    {
      g_autofree char *detail = g_strdup_printf ("count=%u", ids->len);
      if (!amparo_audit_append (cases, user, "cases.import", 0, detail, error))
        goto fail_phase3;
    }
  if (!amparo_db_commit (cases, error))
    goto fail_phase3;

  if (out_ids != NULL)
    g_array_append_vals (out_ids, ids->data, ids->len);
  return TRUE;

fail_coded:
  coded_statements_clear (&s);
  amparo_db_rollback (cases);
  return FALSE;

fail_identifying:
  delete_cases (cases, ids);
  return FALSE;

fail_phase3:
  /* identifying rows are in; the next unlock completes these cases */
  amparo_db_rollback (cases);
  return FALSE;
}

/**
 * amparo_cases_recover:
 *
 * Finishes or undoes intakes a crash interrupted. Runs at unlock for roles
 * holding both keys; a no-op otherwise.
 */
gboolean
amparo_cases_recover (AmparoVault *vault,
                      GError     **error)
{
  g_autoptr(sqlite3_stmt) pending = NULL;
  g_autoptr(sqlite3_stmt) has_person = NULL;
  g_autoptr(GArray) finish = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) undo = g_array_new (FALSE, FALSE, sizeof (gint64));
  sqlite3 *cases = amparo_vault_get_cases_db (vault, error);
  sqlite3 *contacts;

  if (cases == NULL)
    return FALSE;
  if (!amparo_vault_can_see_contacts (vault))
    return TRUE;
  contacts = amparo_vault_get_contacts_db (vault, error);
  if (contacts == NULL)
    return FALSE;

  pending = amparo_db_prepare (cases, "SELECT id FROM cases WHERE complete = 0"
                                      " AND id NOT IN (SELECT case_id FROM purge_queue);", error);
  has_person = pending ? amparo_db_prepare (contacts, "SELECT 1 FROM people WHERE case_id = ?;",
                                            error) : NULL;
  if (has_person == NULL)
    return FALSE;
  while (sqlite3_step (pending) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (pending, 0);

      sqlite3_bind_int64 (has_person, 1, id);
      g_array_append_val (sqlite3_step (has_person) == SQLITE_ROW ? finish : undo, id);
      sqlite3_reset (has_person);
    }
  if (finish->len == 0 && undo->len == 0)
    return TRUE;

  if (!amparo_db_begin (cases, error))
    return FALSE;
  for (guint i = 0; i < finish->len + undo->len; i++)
    {
      gboolean fin = i < finish->len;
      gint64 id = fin ? g_array_index (finish, gint64, i) : g_array_index (undo, gint64, i - finish->len);
      g_autofree char *sql = g_strdup_printf (fin ? "UPDATE cases SET complete = 1 WHERE id = %"
                                                    G_GINT64_FORMAT ";"
                                                  : "DELETE FROM cases WHERE id = %"
                                                    G_GINT64_FORMAT ";", id);
      if (!amparo_db_exec (cases, sql, error))
        {
          amparo_db_rollback (cases);
          return FALSE;
        }
    }
  {
    g_autofree char *detail = g_strdup_printf ("completed=%u undone=%u", finish->len, undo->len);
    if (!amparo_audit_append (cases, amparo_vault_get_user (vault), "intake.recover", 0, detail,
                              error))
      {
        amparo_db_rollback (cases);
        return FALSE;
      }
  }
  return amparo_db_commit (cases, error);
}
