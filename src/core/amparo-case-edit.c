/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "AmparoCase"

#include <stdio.h>
#include <string.h>
#include <glib/gi18n.h>

#include "amparo-case-private.h"
#include "amparo-cases.h"
#include "amparo-codes.h"
#include "amparo-db.h"
#include "amparo-error.h"
#include "amparo-vault.h"

/* Changes to one case. Each runs in a transaction, updates
 * cases.last_activity and writes one audit row with the case number and
 * codes saying what changed (field names, service types) — never a value
 * a person typed.
 *
 * Changes to the identifying store touch two files, which no transaction
 * spans. The audit row is committed first and the identifying change
 * second, so a failure in between can leave the log saying a change was
 * made that was not — never a change without its log entry. */

#define MAX_TEXT 1000
#define MAX_NARRATIVE 100000
#define MAX_ROWS 20

/* ------------------------------------------------------------ helpers */

static gboolean
invalid (GError    **error,
         const char *message)
{
  g_set_error_literal (error, AMPARO_ERROR, AMPARO_ERROR_INVALID, message);
  return FALSE;
}

/* A date a person enters for something that happened: valid and not in
 * the future. */
static gboolean
past_date_ok (const char *date)
{
  g_autofree char *today = amparo_date_today ();

  return amparo_date_is_valid (date) && strcmp (date, today) <= 0;
}

/* NULL for missing or blank text, else a trimmed copy */
static char *
clean_text (const char *text)
{
  g_autofree char *copy = NULL;

  if (text == NULL)
    return NULL;
  copy = g_strstrip (g_strdup (text));
  return *copy != '\0' ? g_steal_pointer (&copy) : NULL;
}

static gboolean
text_ok (const char *text,
         gsize       max)
{
  return text == NULL || (g_utf8_validate (text, -1, NULL) && strlen (text) <= max);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

/* Equal as multisets: order does not matter, repeats do (children). */
static gboolean
same_codes (const char *const *a,
            const char *const *b)
{
  guint na = a != NULL ? g_strv_length ((GStrv) a) : 0;
  guint nb = b != NULL ? g_strv_length ((GStrv) b) : 0;
  g_autofree const char **sa = NULL;
  g_autofree const char **sb = NULL;

  if (na != nb)
    return FALSE;
  if (na == 0)
    return TRUE;
  sa = g_memdup2 (a, na * sizeof (char *));
  sb = g_memdup2 (b, nb * sizeof (char *));
  qsort (sa, na, sizeof (char *), compare_strings);
  qsort (sb, nb, sizeof (char *), compare_strings);
  for (guint i = 0; i < na; i++)
    if (strcmp (sa[i], sb[i]) != 0)
      return FALSE;
  return TRUE;
}

static const char *
or_code (const char *code,
         const char *fallback)
{
  return code != NULL ? code : fallback;
}

/* Looks the case up inside the caller's transaction. */
static gboolean
case_exists (sqlite3 *cases,
             gint64   id,
             GError **error)
{
  g_autoptr(sqlite3_stmt) stmt = amparo_db_prepare (cases, "SELECT 1 FROM cases WHERE id = ?"
                                                           " AND complete = 1;", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      g_set_error_literal (error, AMPARO_ERROR, AMPARO_ERROR_NOT_FOUND, _("There is no such case"));
      return FALSE;
    }
  return TRUE;
}

static gboolean
begin_case (sqlite3 *cases,
            gint64   id,
            GError **error)
{
  if (!amparo_db_begin (cases, error))
    return FALSE;
  if (!case_exists (cases, id, error))
    {
      amparo_db_rollback (cases);
      return FALSE;
    }
  return TRUE;
}

/* Stamps last_activity, logs the change and commits; rolls back on failure. */
static gboolean
finish_case (AmparoVault *vault,
             sqlite3     *cases,
             gint64       id,
             const char  *action,
             const char  *detail,
             GError     **error)
{
  g_autoptr(sqlite3_stmt) touch = NULL;
  g_autofree char *today = amparo_date_today ();

  touch = amparo_db_prepare (cases, "UPDATE cases SET last_activity = ? WHERE id = ?;", error);
  if (touch != NULL)
    {
      sqlite3_bind_text (touch, 1, today, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (touch, 2, id);
    }
  if (touch == NULL || !amparo_db_step_done (cases, touch, error)
      || !amparo_vault_audit (vault, action, id, detail, error)
      || !amparo_db_commit (cases, error))
    {
      amparo_db_rollback (cases);
      return FALSE;
    }
  return TRUE;
}

/* For identifying-store changes: @contacts holds an open transaction with
 * the change. Log it in cases.db first, then commit the change. */
static gboolean
finish_contacts (AmparoVault *vault,
                 sqlite3     *cases,
                 sqlite3     *contacts,
                 gint64       id,
                 const char  *action,
                 const char  *detail,
                 GError     **error)
{
  if (!begin_case (cases, id, error) || !finish_case (vault, cases, id, action, detail, error))
    {
      amparo_db_rollback (contacts);
      return FALSE;
    }
  if (!amparo_db_commit (contacts, error))
    {
      amparo_db_rollback (contacts);
      return FALSE;
    }
  return TRUE;
}

/* The identifying store needs its people row before notes or a plan. */
static gboolean
ensure_person (sqlite3 *contacts,
               gint64   id,
               GError **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *today = amparo_date_today ();

  stmt = amparo_db_prepare (contacts, "INSERT OR IGNORE INTO people (case_id, updated)"
                                      " VALUES (?, ?);", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  sqlite3_bind_text (stmt, 2, today, -1, SQLITE_STATIC);
  return amparo_db_step_done (contacts, stmt, error);
}

static gboolean
replace_rows (sqlite3            *db,
              const char         *delete_sql,
              const char         *insert_sql,
              gint64              id,
              const char         *category,
              const char *const  *codes,
              GError            **error)
{
  g_autoptr(sqlite3_stmt) del = amparo_db_prepare (db, delete_sql, error);
  g_autoptr(sqlite3_stmt) ins = del != NULL ? amparo_db_prepare (db, insert_sql, error) : NULL;
  int code_at = category != NULL ? 3 : 2;

  if (ins == NULL)
    return FALSE;
  sqlite3_bind_int64 (del, 1, id);
  if (category != NULL)
    sqlite3_bind_text (del, 2, category, -1, SQLITE_STATIC);
  if (!amparo_db_step_done (db, del, error))
    return FALSE;
  for (guint i = 0; codes != NULL && codes[i] != NULL; i++)
    {
      sqlite3_bind_int64 (ins, 1, id);
      if (category != NULL)
        sqlite3_bind_text (ins, 2, category, -1, SQLITE_STATIC);
      sqlite3_bind_text (ins, code_at, codes[i], -1, SQLITE_STATIC);
      if (!amparo_db_step_done (db, ins, error))
        return FALSE;
    }
  return TRUE;
}

/* ------------------------------------------------------------ profile */

static gboolean
risk_item_ok (sqlite3    *cases,
              const char *item)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (amparo_code_is_valid ("risk_indicator", item))
    return TRUE;
  /* an agency's own checklist items */
  stmt = amparo_db_prepare (cases, "SELECT 1 FROM risk_items WHERE code = ?;", NULL);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, item, -1, SQLITE_STATIC);
  return sqlite3_step (stmt) == SQLITE_ROW;
}

static gboolean
profile_valid (sqlite3                 *cases,
               const AmparoCaseProfile *p,
               GError                 **error)
{
  struct { const char *category; const char *code; } single[] = {
    { "age_band", p->age_band },
    { "gender", p->gender },
    { "language", p->language },
    { "limited_english", p->limited_english },
    { "referral_source", p->referral_source },
    { "perpetrator_relationship", p->perpetrator_relationship },
    { "perpetrator_sex", p->perpetrator_sex },
    { "perpetrator_age_band", p->perpetrator_age_band },
    { "risk_level", p->risk_level },
  };
  struct { const char *category; GStrv codes; } multi[] = {
    { "race_ethnicity", p->race_ethnicity },
    { "special_class", p->special_class },
    { "victimization", p->victimization },
    { "child_age_band", p->children },
  };

  if (!past_date_ok (p->opened))
    return invalid (error, _("The opening date must be a real date, written YYYY-MM-DD, and not in the future"));
  if (p->follow_up != NULL && !amparo_date_is_valid (p->follow_up))
    return invalid (error, _("The follow-up date must be a real date, written YYYY-MM-DD"));
  for (guint i = 0; i < G_N_ELEMENTS (single); i++)
    if (single[i].code != NULL && !amparo_code_is_valid (single[i].category, single[i].code))
      return invalid (error, _("A choice in the profile is not one Amparo knows"));
  for (guint i = 0; i < G_N_ELEMENTS (multi); i++)
    for (guint j = 0; multi[i].codes != NULL && multi[i].codes[j] != NULL; j++)
      if (!amparo_code_is_valid (multi[i].category, multi[i].codes[j]))
        return invalid (error, _("A choice in the profile is not one Amparo knows"));
  for (guint j = 0; p->risk_indicators != NULL && p->risk_indicators[j] != NULL; j++)
    if (!risk_item_ok (cases, p->risk_indicators[j]))
      return invalid (error, _("A risk indicator is not on this agency's checklist"));
  if (p->children != NULL && g_strv_length (p->children) > 30)
    return invalid (error, _("At most 30 accompanying children can be recorded"));
  if (p->perpetrator_count < 1 || p->perpetrator_count > 99)
    return invalid (error, _("The number of people who caused harm must be between 1 and 99"));
  return TRUE;
}

static gboolean
write_perpetrator (sqlite3                 *cases,
                   const AmparoCaseProfile *p,
                   GError                 **error)
{
  g_autoptr(sqlite3_stmt) upd = NULL;
  g_autoptr(sqlite3_stmt) ins = NULL;

  upd = amparo_db_prepare (cases, "UPDATE perpetrators SET relationship = ?2, sex = ?3,"
                                  " age_band = ?4, count = ?5 WHERE id ="
                                  " (SELECT MIN(id) FROM perpetrators WHERE case_id = ?1);", error);
  if (upd == NULL)
    return FALSE;
  sqlite3_bind_int64 (upd, 1, p->id);
  sqlite3_bind_text (upd, 2, or_code (p->perpetrator_relationship, "not_reported"), -1,
                     SQLITE_STATIC);
  sqlite3_bind_text (upd, 3, or_code (p->perpetrator_sex, "not_reported"), -1, SQLITE_STATIC);
  sqlite3_bind_text (upd, 4, or_code (p->perpetrator_age_band, "not_reported"), -1,
                     SQLITE_STATIC);
  sqlite3_bind_int (upd, 5, p->perpetrator_count);
  if (!amparo_db_step_done (cases, upd, error))
    return FALSE;
  if (sqlite3_changes (cases) > 0)
    return TRUE;

  ins = amparo_db_prepare (cases, "INSERT INTO perpetrators (relationship, sex, age_band, count,"
                                  " case_id) VALUES (?2, ?3, ?4, ?5, ?1);", error);
  if (ins == NULL)
    return FALSE;
  sqlite3_bind_int64 (ins, 1, p->id);
  sqlite3_bind_text (ins, 2, or_code (p->perpetrator_relationship, "not_reported"), -1,
                     SQLITE_STATIC);
  sqlite3_bind_text (ins, 3, or_code (p->perpetrator_sex, "not_reported"), -1, SQLITE_STATIC);
  sqlite3_bind_text (ins, 4, or_code (p->perpetrator_age_band, "not_reported"), -1,
                     SQLITE_STATIC);
  sqlite3_bind_int (ins, 5, p->perpetrator_count);
  return amparo_db_step_done (cases, ins, error);
}

/**
 * amparo_case_update_profile:
 * @profile: the coded fields; only those documented as editable in
 *   #AmparoCaseProfile are written (status, outcomes and the safety plan
 *   change through their own functions). %NULL codes mean not reported.
 *
 * Writes what differs from the stored case, logging `case.update` with
 * the names of the changed fields. Nothing changed: nothing written.
 */
gboolean
amparo_case_update_profile (AmparoVault             *vault,
                            gint64                   id,
                            const AmparoCaseProfile *profile,
                            GError                 **error)
{
  g_autoptr(AmparoCaseProfile) p = NULL;
  g_autoptr(AmparoCaseProfile) old = NULL;
  g_autoptr(GPtrArray) changed = g_ptr_array_new ();
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *detail = NULL;
  sqlite3 *cases;

  g_return_val_if_fail (profile != NULL, FALSE);

  cases = amparo_vault_get_cases_db (vault, error);
  if (cases == NULL || !profile_valid (cases, profile, error))
    return FALSE;
  p = amparo_case_profile_copy (profile);
  p->id = id;
  if (p->perpetrator_count == 0)
    p->perpetrator_count = 1;

  if (!amparo_db_begin (cases, error))
    return FALSE;
  old = amparo_case_profile_read (cases, id, error);
  if (old == NULL)
    goto fail;
  if (old->closed != NULL && strcmp (p->opened, old->closed) > 0)
    {
      invalid (error, _("A case cannot be opened after the date it was closed"));
      goto fail;
    }

#define CHANGED_TEXT(field, fallback) \
  if (g_strcmp0 (or_code (p->field, fallback), or_code (old->field, fallback)) != 0) \
    g_ptr_array_add (changed, (gpointer) #field)
  CHANGED_TEXT (opened, NULL);
  if (p->counted != old->counted)
    g_ptr_array_add (changed, (gpointer) "counted");
  CHANGED_TEXT (age_band, "not_reported");
  CHANGED_TEXT (gender, "not_reported");
  CHANGED_TEXT (language, "not_reported");
  CHANGED_TEXT (limited_english, "not_reported");
  CHANGED_TEXT (referral_source, "not_reported");
  CHANGED_TEXT (risk_level, "not_assessed");
  CHANGED_TEXT (follow_up, NULL);
#undef CHANGED_TEXT
  if (!same_codes ((const char *const *) p->race_ethnicity, (const char *const *) old->race_ethnicity))
    g_ptr_array_add (changed, (gpointer) "race_ethnicity");
  if (!same_codes ((const char *const *) p->special_class, (const char *const *) old->special_class))
    g_ptr_array_add (changed, (gpointer) "special_class");
  if (!same_codes ((const char *const *) p->victimization, (const char *const *) old->victimization))
    g_ptr_array_add (changed, (gpointer) "victimization");
  if (g_strcmp0 (or_code (p->perpetrator_relationship, "not_reported"),
                 old->perpetrator_relationship) != 0
      || g_strcmp0 (or_code (p->perpetrator_sex, "not_reported"), old->perpetrator_sex) != 0
      || g_strcmp0 (or_code (p->perpetrator_age_band, "not_reported"),
                    old->perpetrator_age_band) != 0
      || p->perpetrator_count != old->perpetrator_count)
    g_ptr_array_add (changed, (gpointer) "perpetrator");
  if (!same_codes ((const char *const *) p->children, (const char *const *) old->children))
    g_ptr_array_add (changed, (gpointer) "children");
  if (!same_codes ((const char *const *) p->risk_indicators, (const char *const *) old->risk_indicators))
    g_ptr_array_add (changed, (gpointer) "risk_indicators");

  if (changed->len == 0)
    {
      amparo_db_rollback (cases);
      return TRUE;
    }

  stmt = amparo_db_prepare (cases, "UPDATE cases SET opened = ?, counted = ?, age_band = ?,"
                                   " gender = ?, language = ?, limited_english = ?,"
                                   " referral_source = ?, risk_level = ?, follow_up = ?"
                                   " WHERE id = ?;", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_text (stmt, 1, p->opened, -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 2, p->counted ? 1 : 0);
  sqlite3_bind_text (stmt, 3, or_code (p->age_band, "not_reported"), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, or_code (p->gender, "not_reported"), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, or_code (p->language, "not_reported"), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 6, or_code (p->limited_english, "not_reported"), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 7, or_code (p->referral_source, "not_reported"), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 8, or_code (p->risk_level, "not_assessed"), -1, SQLITE_STATIC);
  if (p->follow_up != NULL)
    sqlite3_bind_text (stmt, 9, p->follow_up, -1, SQLITE_STATIC);
  else
    sqlite3_bind_null (stmt, 9);
  sqlite3_bind_int64 (stmt, 10, id);
  if (!amparo_db_step_done (cases, stmt, error))
    goto fail;

  for (guint i = 0; i < changed->len; i++)
    {
      const char *field = g_ptr_array_index (changed, i);
      const char *delete_codes = "DELETE FROM case_codes WHERE case_id = ? AND category = ?;";
      const char *insert_codes = "INSERT OR IGNORE INTO case_codes (case_id, category, code)"
                                 " VALUES (?, ?, ?);";
      gboolean ok = TRUE;

      if (g_str_equal (field, "race_ethnicity"))
        ok = replace_rows (cases, delete_codes, insert_codes, id, field,
                           (const char *const *) p->race_ethnicity, error);
      else if (g_str_equal (field, "special_class"))
        ok = replace_rows (cases, delete_codes, insert_codes, id, field,
                           (const char *const *) p->special_class, error);
      else if (g_str_equal (field, "victimization"))
        ok = replace_rows (cases, delete_codes, insert_codes, id, field,
                           (const char *const *) p->victimization, error);
      else if (g_str_equal (field, "children"))
        ok = replace_rows (cases, "DELETE FROM children WHERE case_id = ?;",
                           "INSERT INTO children (case_id, age_band) VALUES (?, ?);", id, NULL,
                           (const char *const *) p->children, error);
      else if (g_str_equal (field, "risk_indicators"))
        ok = replace_rows (cases, "DELETE FROM case_risk WHERE case_id = ?;",
                           "INSERT OR IGNORE INTO case_risk (case_id, item) VALUES (?, ?);", id,
                           NULL, (const char *const *) p->risk_indicators, error);
      else if (g_str_equal (field, "perpetrator"))
        ok = write_perpetrator (cases, p, error);
      if (!ok)
        goto fail;
    }

  g_ptr_array_add (changed, NULL);
  {
    g_autofree char *fields = g_strjoinv (",", (GStrv) changed->pdata);
    detail = g_strdup_printf ("fields=%s", fields);
  }
  return finish_case (vault, cases, id, "case.update", detail, error);

fail:
  amparo_db_rollback (cases);
  return FALSE;
}

/* ------------------------------------------------------------ contact */

static gboolean
contact_valid (const AmparoCaseContact *c,
               GError                 **error)
{
  const char *texts[] = { c->first_name, c->last_name, c->preferred_name, c->aliases, c->email,
                          c->address, c->safe_contact };

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    if (!text_ok (texts[i], MAX_TEXT))
      return invalid (error, _("A contact detail is too long or not valid text"));
  if (c->birth_date != NULL && *c->birth_date != '\0' && !past_date_ok (c->birth_date))
    return invalid (error, _("The birth date must be a real date, written YYYY-MM-DD, and not in the future"));
  if ((c->phones != NULL && c->phones->len > MAX_ROWS)
      || (c->emergency_contacts != NULL && c->emergency_contacts->len > MAX_ROWS))
    return invalid (error, _("Too many phones or emergency contacts"));
  for (guint i = 0; c->phones != NULL && i < c->phones->len; i++)
    {
      const AmparoPhone *p = g_ptr_array_index (c->phones, i);
      if (!text_ok (p->number, MAX_TEXT) || !text_ok (p->label, MAX_TEXT))
        return invalid (error, _("A phone number is too long or not valid text"));
    }
  for (guint i = 0; c->emergency_contacts != NULL && i < c->emergency_contacts->len; i++)
    {
      const AmparoEmergencyContact *e = g_ptr_array_index (c->emergency_contacts, i);
      if (!text_ok (e->name, MAX_TEXT) || !text_ok (e->relationship, MAX_TEXT)
          || !text_ok (e->phone, MAX_TEXT))
        return invalid (error, _("An emergency contact is too long or not valid text"));
    }
  return TRUE;
}

/* Blank text becomes NULL; rows without a number or name are dropped; an
 * address is not kept while the location is confidential. */
static AmparoCaseContact *
contact_normalize (const AmparoCaseContact *in)
{
  AmparoCaseContact *c = amparo_case_contact_new ();

  c->first_name = clean_text (in->first_name);
  c->last_name = clean_text (in->last_name);
  c->preferred_name = clean_text (in->preferred_name);
  c->aliases = clean_text (in->aliases);
  c->birth_date = clean_text (in->birth_date);
  c->email = clean_text (in->email);
  c->confidential_location = in->confidential_location;
  c->address = c->confidential_location ? NULL : clean_text (in->address);
  c->safe_contact = clean_text (in->safe_contact);
  for (guint i = 0; in->phones != NULL && i < in->phones->len; i++)
    {
      const AmparoPhone *p = g_ptr_array_index (in->phones, i);
      g_autofree char *number = clean_text (p->number);
      AmparoPhone *q;

      if (number == NULL)
        continue;
      q = amparo_phone_new (number);
      q->label = clean_text (p->label);
      q->safe_to_call = p->safe_to_call;
      q->text_ok = p->text_ok;
      q->voicemail_ok = p->voicemail_ok;
      g_ptr_array_add (c->phones, q);
    }
  for (guint i = 0; in->emergency_contacts != NULL && i < in->emergency_contacts->len; i++)
    {
      const AmparoEmergencyContact *e = g_ptr_array_index (in->emergency_contacts, i);
      g_autofree char *name = clean_text (e->name);
      AmparoEmergencyContact *f;

      if (name == NULL)
        continue;
      f = amparo_emergency_contact_new (name);
      f->relationship = clean_text (e->relationship);
      f->phone = clean_text (e->phone);
      g_ptr_array_add (c->emergency_contacts, f);
    }
  return c;
}

static gboolean
same_phones (GPtrArray *a,
             GPtrArray *b)
{
  if (a->len != b->len)
    return FALSE;
  for (guint i = 0; i < a->len; i++)
    {
      const AmparoPhone *p = g_ptr_array_index (a, i), *q = g_ptr_array_index (b, i);
      if (g_strcmp0 (p->number, q->number) != 0 || g_strcmp0 (p->label, q->label) != 0
          || p->safe_to_call != q->safe_to_call || p->text_ok != q->text_ok
          || p->voicemail_ok != q->voicemail_ok)
        return FALSE;
    }
  return TRUE;
}

static gboolean
same_emergency (GPtrArray *a,
                GPtrArray *b)
{
  if (a->len != b->len)
    return FALSE;
  for (guint i = 0; i < a->len; i++)
    {
      const AmparoEmergencyContact *e = g_ptr_array_index (a, i), *f = g_ptr_array_index (b, i);
      if (g_strcmp0 (e->name, f->name) != 0 || g_strcmp0 (e->relationship, f->relationship) != 0
          || g_strcmp0 (e->phone, f->phone) != 0)
        return FALSE;
    }
  return TRUE;
}

static gboolean
write_person (sqlite3                 *contacts,
              gint64                   id,
              const AmparoCaseContact *c,
              GError                 **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *today = amparo_date_today ();
  g_autofree char *joined = g_strjoin (" ", c->first_name ? c->first_name : "",
                                       c->last_name ? c->last_name : "",
                                       c->preferred_name ? c->preferred_name : "",
                                       c->aliases ? c->aliases : "", NULL);
  g_autofree char *key = amparo_search_key (joined);
  const char *texts[] = { c->first_name, c->last_name, c->preferred_name, c->aliases,
                          c->birth_date, c->email, c->address };

  if (!ensure_person (contacts, id, error))
    return FALSE;
  stmt = amparo_db_prepare (contacts, "UPDATE people SET first_name = ?, last_name = ?,"
                                      " preferred_name = ?, aliases = ?, birth_date = ?,"
                                      " email = ?, address = ?, confidential_location = ?,"
                                      " safe_contact = ?, search_key = ?, updated = ?"
                                      " WHERE case_id = ?;", error);
  if (stmt == NULL)
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    if (texts[i] != NULL)
      sqlite3_bind_text (stmt, i + 1, texts[i], -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 8, c->confidential_location ? 1 : 0);
  if (c->safe_contact != NULL)
    sqlite3_bind_text (stmt, 9, c->safe_contact, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 10, key, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 11, today, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 12, id);
  return amparo_db_step_done (contacts, stmt, error);
}

static gboolean
write_phones (sqlite3   *contacts,
              gint64     id,
              GPtrArray *phones,
              GError   **error)
{
  g_autoptr(sqlite3_stmt) del = amparo_db_prepare (contacts, "DELETE FROM phones"
                                                             " WHERE case_id = ?;", error);
  g_autoptr(sqlite3_stmt) ins = NULL;

  if (del == NULL)
    return FALSE;
  sqlite3_bind_int64 (del, 1, id);
  ins = amparo_db_prepare (contacts, "INSERT INTO phones (case_id, number, label, safe_to_call,"
                                     " text_ok, voicemail_ok) VALUES (?, ?, ?, ?, ?, ?);", error);
  if (ins == NULL || !amparo_db_step_done (contacts, del, error))
    return FALSE;
  for (guint i = 0; i < phones->len; i++)
    {
      const AmparoPhone *p = g_ptr_array_index (phones, i);

      sqlite3_bind_int64 (ins, 1, id);
      sqlite3_bind_text (ins, 2, p->number, -1, SQLITE_STATIC);
      if (p->label != NULL)
        sqlite3_bind_text (ins, 3, p->label, -1, SQLITE_STATIC);
      else
        sqlite3_bind_null (ins, 3);
      sqlite3_bind_int (ins, 4, p->safe_to_call ? 1 : 0);
      sqlite3_bind_int (ins, 5, p->text_ok ? 1 : 0);
      sqlite3_bind_int (ins, 6, p->voicemail_ok ? 1 : 0);
      if (!amparo_db_step_done (contacts, ins, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
write_emergency (sqlite3   *contacts,
                 gint64     id,
                 GPtrArray *list,
                 GError   **error)
{
  g_autoptr(sqlite3_stmt) del = amparo_db_prepare (contacts, "DELETE FROM emergency_contacts"
                                                             " WHERE case_id = ?;", error);
  g_autoptr(sqlite3_stmt) ins = NULL;

  if (del == NULL)
    return FALSE;
  sqlite3_bind_int64 (del, 1, id);
  ins = amparo_db_prepare (contacts, "INSERT INTO emergency_contacts (case_id, name,"
                                     " relationship, phone) VALUES (?, ?, ?, ?);", error);
  if (ins == NULL || !amparo_db_step_done (contacts, del, error))
    return FALSE;
  for (guint i = 0; i < list->len; i++)
    {
      const AmparoEmergencyContact *e = g_ptr_array_index (list, i);

      sqlite3_bind_int64 (ins, 1, id);
      sqlite3_bind_text (ins, 2, e->name, -1, SQLITE_STATIC);
      if (e->relationship != NULL)
        sqlite3_bind_text (ins, 3, e->relationship, -1, SQLITE_STATIC);
      else
        sqlite3_bind_null (ins, 3);
      if (e->phone != NULL)
        sqlite3_bind_text (ins, 4, e->phone, -1, SQLITE_STATIC);
      else
        sqlite3_bind_null (ins, 4);
      if (!amparo_db_step_done (contacts, ins, error))
        return FALSE;
    }
  return TRUE;
}

/**
 * amparo_case_update_contact:
 * @contact: the whole identifying record; phones and emergency contacts
 *   replace the stored ones. Blank text is stored as nothing, and an
 *   address is dropped while the location is confidential.
 *
 * Not permitted for the reporting role (%AMPARO_ERROR_NOT_PERMITTED),
 * which is refused before either store is touched. Logs `contact.update`
 * with the names of the changed fields.
 */
gboolean
amparo_case_update_contact (AmparoVault             *vault,
                            gint64                   id,
                            const AmparoCaseContact *contact,
                            GError                 **error)
{
  g_autoptr(AmparoCaseContact) c = NULL;
  g_autoptr(AmparoCaseContact) old = NULL;
  g_autoptr(GPtrArray) changed = g_ptr_array_new ();
  g_autofree char *detail = NULL;
  g_autofree char *fields = NULL;
  sqlite3 *cases, *contacts;
  gboolean person_changed = FALSE;

  g_return_val_if_fail (contact != NULL, FALSE);

  if (!amparo_vault_require_role (vault, FALSE, error))
    return FALSE;
  cases = amparo_vault_get_cases_db (vault, error);
  contacts = cases != NULL ? amparo_vault_get_contacts_db (vault, error) : NULL;
  if (contacts == NULL || !contact_valid (contact, error))
    return FALSE;
  if (!case_exists (cases, id, error))
    return FALSE;

  c = contact_normalize (contact);
  if (!amparo_db_begin (contacts, error))
    return FALSE;
  old = amparo_case_contact_read (contacts, id, error);
  if (old == NULL)
    goto fail;

#define CHANGED(field) \
  if (g_strcmp0 (c->field, old->field) != 0) \
    { g_ptr_array_add (changed, (gpointer) #field); person_changed = TRUE; }
  CHANGED (first_name);
  CHANGED (last_name);
  CHANGED (preferred_name);
  CHANGED (aliases);
  CHANGED (birth_date);
  CHANGED (email);
  CHANGED (address);
  CHANGED (safe_contact);
#undef CHANGED
  if (c->confidential_location != old->confidential_location)
    {
      g_ptr_array_add (changed, (gpointer) "confidential_location");
      person_changed = TRUE;
    }
  if (!same_phones (c->phones, old->phones))
    g_ptr_array_add (changed, (gpointer) "phones");
  if (!same_emergency (c->emergency_contacts, old->emergency_contacts))
    g_ptr_array_add (changed, (gpointer) "emergency_contacts");
  if (changed->len == 0)
    {
      amparo_db_rollback (contacts);
      return TRUE;
    }

  if ((person_changed && !write_person (contacts, id, c, error))
      || (!same_phones (c->phones, old->phones) && (!ensure_person (contacts, id, error)
                                                    || !write_phones (contacts, id, c->phones,
                                                                      error)))
      || (!same_emergency (c->emergency_contacts, old->emergency_contacts)
          && (!ensure_person (contacts, id, error)
              || !write_emergency (contacts, id, c->emergency_contacts, error))))
    goto fail;

  g_ptr_array_add (changed, NULL);
  fields = g_strjoinv (",", (GStrv) changed->pdata);
  detail = g_strdup_printf ("fields=%s", fields);
  return finish_contacts (vault, cases, contacts, id, "contact.update", detail, error);

fail:
  amparo_db_rollback (contacts);
  return FALSE;
}

/* ------------------------------------------------- services, shelter */

/**
 * amparo_case_add_service:
 * @category: a `voca` code
 * @type: a `service_type` code belonging to @category
 * @date: YYYY-MM-DD, not in the future
 * @minutes: 0 to 1440
 *
 * Records a service given by the signed-in staff member. Logs
 * `service.add` with the service type.
 *
 * Returns: the new service's id, or 0 on error
 */
gint64
amparo_case_add_service (AmparoVault *vault,
                         gint64       id,
                         const char  *category,
                         const char  *type,
                         const char  *date,
                         int          minutes,
                         GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *detail = NULL;
  sqlite3 *cases;
  gint64 service_id;

  cases = amparo_vault_get_cases_db (vault, error);
  if (cases == NULL)
    return 0;
  if (!amparo_code_is_valid ("voca", category) || !amparo_code_is_valid ("service_type", type))
    return invalid (error, _("Choose a service category and a service"));
  if (g_strcmp0 (amparo_service_type_category (type), category) != 0)
    return invalid (error, _("That service does not belong to the chosen category"));
  if (!past_date_ok (date))
    return invalid (error, _("The service date must be a real date, written YYYY-MM-DD, and not in the future"));
  if (minutes < 0 || minutes > 24 * 60)
    return invalid (error, _("The minutes must be between 0 and 1440"));

  if (!begin_case (cases, id, error))
    return 0;
  stmt = amparo_db_prepare (cases, "INSERT INTO services (case_id, category, type, date, minutes,"
                                   " staff) VALUES (?, ?, ?, ?, ?, ?);", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, id);
  sqlite3_bind_text (stmt, 2, category, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, type, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, date, -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 5, minutes);
  sqlite3_bind_text (stmt, 6, amparo_vault_get_user (vault), -1, SQLITE_STATIC);
  if (!amparo_db_step_done (cases, stmt, error))
    goto fail;
  service_id = sqlite3_last_insert_rowid (cases);
  detail = g_strdup_printf ("type=%s", type);
  return finish_case (vault, cases, id, "service.add", detail, error) ? service_id : 0;

fail:
  amparo_db_rollback (cases);
  return 0;
}

/**
 * amparo_shelter_nights:
 * @entered: YYYY-MM-DD
 * @exited: (nullable): YYYY-MM-DD, or %NULL while still in shelter
 * @today: (nullable): the date an open stay counts to; %NULL for today
 *
 * Nights counted the funders' way: the number of dates crossed, but at
 * least one, so arriving and leaving the same day is one night. A stay
 * from the 1st to the 3rd is 2 nights. An open stay counts to @today.
 *
 * Returns: the nights, or 0 when a date is not valid
 */
int
amparo_shelter_nights (const char *entered,
                       const char *exited,
                       const char *today)
{
  g_autofree char *now = NULL;
  const char *until = exited;
  GDate a, b;
  int y, m, d;

  if (until == NULL)
    until = today != NULL ? today : (now = amparo_date_today ());
  if (!amparo_date_is_valid (entered) || !amparo_date_is_valid (until))
    return 0;
  sscanf (entered, "%d-%d-%d", &y, &m, &d);
  g_date_clear (&a, 1);
  g_date_set_dmy (&a, d, m, y);
  sscanf (until, "%d-%d-%d", &y, &m, &d);
  g_date_clear (&b, 1);
  g_date_set_dmy (&b, d, m, y);
  return MAX (1, g_date_days_between (&a, &b));
}

/**
 * amparo_case_add_shelter_stay:
 * @exited: (nullable): %NULL while she is still in the shelter
 * @children: accompanying children in this stay
 *
 * Refuses a second open stay for the same case. Logs `shelter.enter`.
 *
 * Returns: the stay's id, or 0 on error
 */
gint64
amparo_case_add_shelter_stay (AmparoVault *vault,
                              gint64       id,
                              const char  *entered,
                              const char  *exited,
                              int          children,
                              GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  sqlite3 *cases;
  gint64 stay_id;

  cases = amparo_vault_get_cases_db (vault, error);
  if (cases == NULL)
    return 0;
  if (!past_date_ok (entered))
    return invalid (error, _("The arrival date must be a real date, written YYYY-MM-DD, and not in the future"));
  if (exited != NULL && (!past_date_ok (exited) || strcmp (exited, entered) < 0))
    return invalid (error, _("The leaving date must be a real date, not before arrival and not in the future"));
  if (children < 0 || children > 30)
    return invalid (error, _("The number of children must be between 0 and 30"));

  if (!begin_case (cases, id, error))
    return 0;
  if (exited == NULL)
    {
      stmt = amparo_db_prepare (cases, "SELECT 1 FROM shelter_stays WHERE case_id = ?"
                                       " AND exited IS NULL;", error);
      if (stmt == NULL)
        goto fail;
      sqlite3_bind_int64 (stmt, 1, id);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        {
          invalid (error, _("A shelter stay is still open for this case; record when it ended first"));
          goto fail;
        }
      g_clear_pointer (&stmt, sqlite3_finalize);
    }
  stmt = amparo_db_prepare (cases, "INSERT INTO shelter_stays (case_id, entered, exited, children)"
                                   " VALUES (?, ?, ?, ?);", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, id);
  sqlite3_bind_text (stmt, 2, entered, -1, SQLITE_STATIC);
  if (exited != NULL)
    sqlite3_bind_text (stmt, 3, exited, -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 4, children);
  if (!amparo_db_step_done (cases, stmt, error))
    goto fail;
  stay_id = sqlite3_last_insert_rowid (cases);
  return finish_case (vault, cases, id, "shelter.enter", NULL, error) ? stay_id : 0;

fail:
  amparo_db_rollback (cases);
  return 0;
}

/**
 * amparo_case_set_shelter_exit:
 *
 * Records (or corrects) when a stay ended. Logs `shelter.exit`.
 */
gboolean
amparo_case_set_shelter_exit (AmparoVault *vault,
                              gint64       id,
                              gint64       stay_id,
                              const char  *exited,
                              GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *entered = NULL;
  sqlite3 *cases;

  cases = amparo_vault_get_cases_db (vault, error);
  if (cases == NULL)
    return FALSE;
  if (!past_date_ok (exited))
    return invalid (error, _("The leaving date must be a real date, written YYYY-MM-DD, and not in the future"));
  if (!begin_case (cases, id, error))
    return FALSE;
  stmt = amparo_db_prepare (cases, "SELECT entered FROM shelter_stays WHERE id = ?"
                                   " AND case_id = ?;", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, stay_id);
  sqlite3_bind_int64 (stmt, 2, id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      g_set_error_literal (error, AMPARO_ERROR, AMPARO_ERROR_NOT_FOUND,
                           _("There is no such shelter stay"));
      goto fail;
    }
  entered = amparo_case_dup_column (stmt, 0);
  g_clear_pointer (&stmt, sqlite3_finalize);
  if (strcmp (exited, entered) < 0)
    {
      invalid (error, _("A stay cannot end before it began"));
      goto fail;
    }
  stmt = amparo_db_prepare (cases, "UPDATE shelter_stays SET exited = ? WHERE id = ?;", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_text (stmt, 1, exited, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, stay_id);
  if (!amparo_db_step_done (cases, stmt, error))
    goto fail;
  return finish_case (vault, cases, id, "shelter.exit", NULL, error);

fail:
  amparo_db_rollback (cases);
  return FALSE;
}

/* -------------------------------------------------------- safety plan */

/**
 * amparo_safety_plan_is_complete:
 * @done: (nullable): the `safety_plan_item` codes marked done
 *
 * The rule for `cases.safety_plan_completed`: complete when every step of
 * the default checklist is done. A step that does not apply (no children,
 * no job) is marked done once the advocate has talked it through.
 */
gboolean
amparo_safety_plan_is_complete (const char *const *done)
{
  const AmparoCategory *items = amparo_category_lookup ("safety_plan_item");

  if (done == NULL)
    return FALSE;
  for (const AmparoCode *c = items->codes; c->code != NULL; c++)
    if (!g_strv_contains (done, c->code))
      return FALSE;
  return TRUE;
}

/**
 * amparo_case_set_safety_plan_item:
 * @item: a `safety_plan_item` code
 *
 * Marks a checklist step done or not, and recomputes the case's completed
 * flag (see amparo_safety_plan_is_complete()). Logs `safety_plan.done` or
 * `safety_plan.undone` with the step's code.
 */
gboolean
amparo_case_set_safety_plan_item (AmparoVault *vault,
                                  gint64       id,
                                  const char  *item,
                                  gboolean     done,
                                  GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_auto(GStrv) all_done = NULL;
  g_autofree char *detail = NULL;
  sqlite3 *cases;

  cases = amparo_vault_get_cases_db (vault, error);
  if (cases == NULL)
    return FALSE;
  if (!amparo_code_is_valid ("safety_plan_item", item))
    return invalid (error, _("That is not a step of the safety plan checklist"));
  if (!begin_case (cases, id, error))
    return FALSE;

  stmt = amparo_db_prepare (cases, "SELECT done FROM safety_plan_items WHERE case_id = ?"
                                   " AND item = ?;", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, id);
  sqlite3_bind_text (stmt, 2, item, -1, SQLITE_STATIC);
  if ((sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_int (stmt, 0) != 0) == (done != FALSE))
    {
      amparo_db_rollback (cases);
      return TRUE;
    }
  g_clear_pointer (&stmt, sqlite3_finalize);

  stmt = amparo_db_prepare (cases, "INSERT OR REPLACE INTO safety_plan_items (case_id, item, done)"
                                   " VALUES (?, ?, ?);", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, id);
  sqlite3_bind_text (stmt, 2, item, -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 3, done ? 1 : 0);
  if (!amparo_db_step_done (cases, stmt, error))
    goto fail;
  g_clear_pointer (&stmt, sqlite3_finalize);

  {
    g_autoptr(AmparoCaseProfile) p = amparo_case_profile_read (cases, id, error);
    if (p == NULL)
      goto fail;
    all_done = g_steal_pointer (&p->safety_plan_done);
  }
  stmt = amparo_db_prepare (cases, "UPDATE cases SET safety_plan_completed = ? WHERE id = ?;",
                            error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int (stmt, 1, amparo_safety_plan_is_complete ((const char *const *) all_done));
  sqlite3_bind_int64 (stmt, 2, id);
  if (!amparo_db_step_done (cases, stmt, error))
    goto fail;
  detail = g_strdup_printf ("item=%s", item);
  return finish_case (vault, cases, id, done ? "safety_plan.done" : "safety_plan.undone", detail,
                      error);

fail:
  amparo_db_rollback (cases);
  return FALSE;
}

/**
 * amparo_case_set_safety_plan_text:
 * @text: (nullable): the written plan; %NULL or blank removes it
 *
 * Identifying store: not permitted for the reporting role. Logs
 * `safety_plan.text`.
 */
gboolean
amparo_case_set_safety_plan_text (AmparoVault *vault,
                                  gint64       id,
                                  const char  *text,
                                  GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *body = NULL;
  g_autofree char *old = NULL;
  g_autofree char *today = amparo_date_today ();
  sqlite3 *cases, *contacts;

  if (!amparo_vault_require_role (vault, FALSE, error))
    return FALSE;
  cases = amparo_vault_get_cases_db (vault, error);
  contacts = cases != NULL ? amparo_vault_get_contacts_db (vault, error) : NULL;
  if (contacts == NULL)
    return FALSE;
  if (!text_ok (text, MAX_NARRATIVE))
    return invalid (error, _("The safety plan is too long or not valid text"));
  body = clean_text (text);

  if (!amparo_db_begin (contacts, error))
    return FALSE;
  stmt = amparo_db_prepare (contacts, "SELECT body FROM safety_plans WHERE case_id = ?;", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    old = amparo_case_dup_column (stmt, 0);
  g_clear_pointer (&stmt, sqlite3_finalize);
  if (g_strcmp0 (old, body) == 0)
    {
      amparo_db_rollback (contacts);
      return TRUE;
    }

  if (body == NULL)
    stmt = amparo_db_prepare (contacts, "DELETE FROM safety_plans WHERE case_id = ?1;", error);
  else if (ensure_person (contacts, id, error))
    stmt = amparo_db_prepare (contacts, "INSERT OR REPLACE INTO safety_plans (case_id, body,"
                                        " updated) VALUES (?1, ?2, ?3);", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, id);
  if (body != NULL)
    {
      sqlite3_bind_text (stmt, 2, body, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 3, today, -1, SQLITE_STATIC);
    }
  if (!amparo_db_step_done (contacts, stmt, error))
    goto fail;
  return finish_contacts (vault, cases, contacts, id, "safety_plan.text", NULL, error);

fail:
  amparo_db_rollback (contacts);
  return FALSE;
}

/**
 * amparo_case_add_note:
 * @body: the note; blank notes are refused
 *
 * Identifying store: not permitted for the reporting role. Logs
 * `note.add` (never the text).
 *
 * Returns: the note's id, or 0 on error
 */
gint64
amparo_case_add_note (AmparoVault *vault,
                      gint64       id,
                      const char  *body,
                      GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *created = g_date_time_format (now, "%Y-%m-%d %H:%M:%S");
  g_autofree char *text = NULL;
  sqlite3 *cases, *contacts;
  gint64 note_id;

  if (!amparo_vault_require_role (vault, FALSE, error))
    return 0;
  cases = amparo_vault_get_cases_db (vault, error);
  contacts = cases != NULL ? amparo_vault_get_contacts_db (vault, error) : NULL;
  if (contacts == NULL)
    return 0;
  if (!text_ok (body, MAX_NARRATIVE))
    return invalid (error, _("The note is too long or not valid text"));
  text = clean_text (body);
  if (text == NULL)
    return invalid (error, _("The note is empty"));

  if (!amparo_db_begin (contacts, error))
    return 0;
  if (!ensure_person (contacts, id, error))
    goto fail;
  stmt = amparo_db_prepare (contacts, "INSERT INTO notes (case_id, created, author, body)"
                                      " VALUES (?, ?, ?, ?);", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, id);
  sqlite3_bind_text (stmt, 2, created, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, amparo_vault_get_user (vault), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, text, -1, SQLITE_STATIC);
  if (!amparo_db_step_done (contacts, stmt, error))
    goto fail;
  note_id = sqlite3_last_insert_rowid (contacts);
  return finish_contacts (vault, cases, contacts, id, "note.add", NULL, error) ? note_id : 0;

fail:
  amparo_db_rollback (contacts);
  return 0;
}

/* ------------------------------------------------------------ closing */

/**
 * amparo_case_close:
 * @closed_date: YYYY-MM-DD, not before opening and not in the future
 * @safety_strategies: an `outcome_answer` code (yes, no, not_asked)
 * @knows_resources: an `outcome_answer` code
 *
 * Closes an open case with the two outcome answers. Logs `case.close`.
 */
gboolean
amparo_case_close (AmparoVault *vault,
                   gint64       id,
                   const char  *closed_date,
                   const char  *safety_strategies,
                   const char  *knows_resources,
                   GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(AmparoCaseProfile) p = NULL;
  sqlite3 *cases;

  cases = amparo_vault_get_cases_db (vault, error);
  if (cases == NULL)
    return FALSE;
  if (!past_date_ok (closed_date))
    return invalid (error, _("The closing date must be a real date, written YYYY-MM-DD, and not in the future"));
  if (!amparo_code_is_valid ("outcome_answer", safety_strategies)
      || !amparo_code_is_valid ("outcome_answer", knows_resources))
    return invalid (error, _("Answer each outcome question with yes, no or not asked"));

  if (!amparo_db_begin (cases, error))
    return FALSE;
  p = amparo_case_profile_read (cases, id, error);
  if (p == NULL)
    goto fail;
  if (g_strcmp0 (p->status, "closed") == 0)
    {
      invalid (error, _("The case is already closed"));
      goto fail;
    }
  if (strcmp (closed_date, p->opened) < 0)
    {
      invalid (error, _("A case cannot be closed before the date it was opened"));
      goto fail;
    }
  stmt = amparo_db_prepare (cases, "UPDATE cases SET status = 'closed', closed = ?,"
                                   " outcome_safety_strategies = ?, outcome_knows_resources = ?"
                                   " WHERE id = ?;", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_text (stmt, 1, closed_date, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, safety_strategies, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, knows_resources, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 4, id);
  if (!amparo_db_step_done (cases, stmt, error))
    goto fail;
  return finish_case (vault, cases, id, "case.close", NULL, error);

fail:
  amparo_db_rollback (cases);
  return FALSE;
}

/**
 * amparo_case_reopen:
 *
 * Opens a closed case again. The closing date goes; the outcome answers
 * stay, to be asked again at the next closing. Logs `case.reopen`.
 */
gboolean
amparo_case_reopen (AmparoVault *vault,
                    gint64       id,
                    GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  sqlite3 *cases;

  cases = amparo_vault_get_cases_db (vault, error);
  if (cases == NULL || !begin_case (cases, id, error))
    return FALSE;
  stmt = amparo_db_prepare (cases, "UPDATE cases SET status = 'open', closed = NULL"
                                   " WHERE id = ? AND status = 'closed';", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, id);
  if (!amparo_db_step_done (cases, stmt, error))
    goto fail;
  if (sqlite3_changes (cases) == 0)
    {
      invalid (error, _("The case is not closed"));
      goto fail;
    }
  return finish_case (vault, cases, id, "case.reopen", NULL, error);

fail:
  amparo_db_rollback (cases);
  return FALSE;
}
