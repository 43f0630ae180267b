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
#define MAX_ROWS 20

/* ------------------------------------------------------------ helpers */

gboolean
amparo_case_invalid (GError    **error,
                     const char *message)
{
  g_set_error_literal (error, AMPARO_ERROR, AMPARO_ERROR_INVALID, message);
  return FALSE;
}

/* A date a person enters for something that happened: valid and not in
 * the future. */
gboolean
amparo_case_past_date_ok (const char *date)
{
  g_autofree char *today = amparo_date_today ();

  return amparo_date_is_valid (date) && strcmp (date, today) <= 0;
}

/* NULL for missing or blank text, else a trimmed copy */
char *
amparo_case_clean_text (const char *text)
{
  g_autofree char *copy = NULL;

  if (text == NULL)
    return NULL;
  copy = g_strstrip (g_strdup (text));
  return *copy != '\0' ? g_steal_pointer (&copy) : NULL;
}

gboolean
amparo_case_text_ok (const char *text,
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
gboolean
amparo_case_exists (sqlite3 *cases,
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

gboolean
amparo_case_begin (sqlite3 *cases,
                   gint64   id,
                   GError **error)
{
  if (!amparo_db_begin (cases, error))
    return FALSE;
  if (!amparo_case_exists (cases, id, error))
    {
      amparo_db_rollback (cases);
      return FALSE;
    }
  return TRUE;
}

/* Stamps last_activity, logs the change and commits; rolls back on failure. */
gboolean
amparo_case_finish (AmparoVault *vault,
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
gboolean
amparo_case_finish_contacts (AmparoVault *vault,
                             sqlite3     *cases,
                             sqlite3     *contacts,
                             gint64       id,
                             const char  *action,
                             const char  *detail,
                             GError     **error)
{
  if (!amparo_case_begin (cases, id, error)
      || !amparo_case_finish (vault, cases, id, action, detail, error))
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
gboolean
amparo_case_ensure_person (sqlite3 *contacts,
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

  if (!amparo_case_past_date_ok (p->opened))
    return amparo_case_invalid (error, _("The opening date must be a real date, written "
                                         "YYYY-MM-DD, and not in the future"));
  if (p->follow_up != NULL && !amparo_date_is_valid (p->follow_up))
    return amparo_case_invalid (error, _("The follow-up date must be a real date, written "
                                         "YYYY-MM-DD"));
  for (guint i = 0; i < G_N_ELEMENTS (single); i++)
    if (single[i].code != NULL && !amparo_code_is_valid (single[i].category, single[i].code))
      return amparo_case_invalid (error, _("A choice in the profile is not one Amparo knows"));
  for (guint i = 0; i < G_N_ELEMENTS (multi); i++)
    for (guint j = 0; multi[i].codes != NULL && multi[i].codes[j] != NULL; j++)
      if (!amparo_code_is_valid (multi[i].category, multi[i].codes[j]))
        return amparo_case_invalid (error, _("A choice in the profile is not one Amparo knows"));
  for (guint j = 0; p->risk_indicators != NULL && p->risk_indicators[j] != NULL; j++)
    if (!risk_item_ok (cases, p->risk_indicators[j]))
      return amparo_case_invalid (error, _("A risk indicator is not on this agency's checklist"));
  if (p->children != NULL && g_strv_length (p->children) > 30)
    return amparo_case_invalid (error, _("At most 30 accompanying children can be recorded"));
  if (p->perpetrator_count < 1 || p->perpetrator_count > 99)
    return amparo_case_invalid (error, _("The number of people who caused harm must be between 1 "
                                         "and 99"));
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
      amparo_case_invalid (error, _("A case cannot be opened after the date it was closed"));
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
  if (!same_codes ((const char *const *) p->race_ethnicity,
                   (const char *const *) old->race_ethnicity))
    g_ptr_array_add (changed, (gpointer) "race_ethnicity");
  if (!same_codes ((const char *const *) p->special_class,
                   (const char *const *) old->special_class))
    g_ptr_array_add (changed, (gpointer) "special_class");
  if (!same_codes ((const char *const *) p->victimization,
                   (const char *const *) old->victimization))
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
  if (!same_codes ((const char *const *) p->risk_indicators,
                   (const char *const *) old->risk_indicators))
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
  return amparo_case_finish (vault, cases, id, "case.update", detail, error);

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
    if (!amparo_case_text_ok (texts[i], MAX_TEXT))
      return amparo_case_invalid (error, _("A contact detail is too long or not valid text"));
  if (c->birth_date != NULL && *c->birth_date != '\0' && !amparo_case_past_date_ok (c->birth_date))
    return amparo_case_invalid (error, _("The birth date must be a real date, written YYYY-MM-DD, "
                                         "and not in the future"));
  if ((c->phones != NULL && c->phones->len > MAX_ROWS)
      || (c->emergency_contacts != NULL && c->emergency_contacts->len > MAX_ROWS))
    return amparo_case_invalid (error, _("Too many phones or emergency contacts"));
  for (guint i = 0; c->phones != NULL && i < c->phones->len; i++)
    {
      const AmparoPhone *p = g_ptr_array_index (c->phones, i);
      if (!amparo_case_text_ok (p->number, MAX_TEXT) || !amparo_case_text_ok (p->label, MAX_TEXT))
        return amparo_case_invalid (error, _("A phone number is too long or not valid text"));
    }
  for (guint i = 0; c->emergency_contacts != NULL && i < c->emergency_contacts->len; i++)
    {
      const AmparoEmergencyContact *e = g_ptr_array_index (c->emergency_contacts, i);
      if (!amparo_case_text_ok (e->name, MAX_TEXT)
          || !amparo_case_text_ok (e->relationship, MAX_TEXT)
          || !amparo_case_text_ok (e->phone, MAX_TEXT))
        return amparo_case_invalid (error, _("An emergency contact is too long or not valid text"));
    }
  return TRUE;
}

/* Blank text becomes NULL; rows without a number or name are dropped; an
 * address is not kept while the location is confidential. */
static AmparoCaseContact *
contact_normalize (const AmparoCaseContact *in)
{
  AmparoCaseContact *c = amparo_case_contact_new ();

  c->first_name = amparo_case_clean_text (in->first_name);
  c->last_name = amparo_case_clean_text (in->last_name);
  c->preferred_name = amparo_case_clean_text (in->preferred_name);
  c->aliases = amparo_case_clean_text (in->aliases);
  c->birth_date = amparo_case_clean_text (in->birth_date);
  c->email = amparo_case_clean_text (in->email);
  c->confidential_location = in->confidential_location;
  c->address = c->confidential_location ? NULL : amparo_case_clean_text (in->address);
  c->safe_contact = amparo_case_clean_text (in->safe_contact);
  for (guint i = 0; in->phones != NULL && i < in->phones->len; i++)
    {
      const AmparoPhone *p = g_ptr_array_index (in->phones, i);
      g_autofree char *number = amparo_case_clean_text (p->number);
      AmparoPhone *q;

      if (number == NULL)
        continue;
      q = amparo_phone_new (number);
      q->label = amparo_case_clean_text (p->label);
      q->safe_to_call = p->safe_to_call;
      q->text_ok = p->text_ok;
      q->voicemail_ok = p->voicemail_ok;
      g_ptr_array_add (c->phones, q);
    }
  for (guint i = 0; in->emergency_contacts != NULL && i < in->emergency_contacts->len; i++)
    {
      const AmparoEmergencyContact *e = g_ptr_array_index (in->emergency_contacts, i);
      g_autofree char *name = amparo_case_clean_text (e->name);
      AmparoEmergencyContact *f;

      if (name == NULL)
        continue;
      f = amparo_emergency_contact_new (name);
      f->relationship = amparo_case_clean_text (e->relationship);
      f->phone = amparo_case_clean_text (e->phone);
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

  if (!amparo_case_ensure_person (contacts, id, error))
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
  if (!amparo_case_exists (cases, id, error))
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
      || (!same_phones (c->phones, old->phones) && (!amparo_case_ensure_person (contacts, id, error)
                                                    || !write_phones (contacts, id, c->phones,
                                                                      error)))
      || (!same_emergency (c->emergency_contacts, old->emergency_contacts)
          && (!amparo_case_ensure_person (contacts, id, error)
              || !write_emergency (contacts, id, c->emergency_contacts, error))))
    goto fail;

  g_ptr_array_add (changed, NULL);
  fields = g_strjoinv (",", (GStrv) changed->pdata);
  detail = g_strdup_printf ("fields=%s", fields);
  return amparo_case_finish_contacts (vault, cases, contacts, id, "contact.update", detail, error);

fail:
  amparo_db_rollback (contacts);
  return FALSE;
}
