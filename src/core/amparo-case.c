/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "AmparoCase"

#include <glib/gi18n.h>

#include "amparo-case-private.h"
#include "amparo-db.h"
#include "amparo-error.h"
#include "amparo-vault.h"

/* One case as the case page shows it. The coded half is always loaded;
 * the identifying half only for roles that hold the identifying store's
 * key, and then the view is written to the audit log once per
 * amparo_case_load() (amparo_case_reload() refreshes the same view, so a
 * page that re-reads after each edit does not flood the log). For the
 * reporting role the identifying store is never queried at all. */

struct _AmparoCase
{
  GObject            parent_instance;

  AmparoVault       *vault;
  gint64             id;
  AmparoCaseProfile *profile;
  AmparoCaseContact *contact;          /* NULL for the reporting role */
  char              *safety_plan_text;
  GPtrArray         *services;
  GPtrArray         *stays;
  GPtrArray         *notes;            /* NULL for the reporting role */
};

G_DEFINE_FINAL_TYPE (AmparoCase, amparo_case, G_TYPE_OBJECT)

/* ------------------------------------------------------------ structs */

static void
service_free (AmparoService *s)
{
  g_free (s->category);
  g_free (s->type);
  g_free (s->date);
  g_free (s->staff);
  g_free (s);
}

static void
stay_free (AmparoShelterStay *s)
{
  g_free (s->entered);
  g_free (s->exited);
  g_free (s);
}

static void
note_free (AmparoNote *n)
{
  g_free (n->created);
  g_free (n->author);
  g_free (n->body);
  g_free (n);
}

void
amparo_case_profile_free (AmparoCaseProfile *p)
{
  if (p == NULL)
    return;
  g_free (p->ref_code);
  g_free (p->status);
  g_free (p->opened);
  g_free (p->closed);
  g_free (p->age_band);
  g_free (p->gender);
  g_free (p->language);
  g_free (p->limited_english);
  g_free (p->referral_source);
  g_strfreev (p->race_ethnicity);
  g_strfreev (p->special_class);
  g_strfreev (p->victimization);
  g_free (p->perpetrator_relationship);
  g_free (p->perpetrator_sex);
  g_free (p->perpetrator_age_band);
  g_strfreev (p->children);
  g_free (p->risk_level);
  g_strfreev (p->risk_indicators);
  g_free (p->follow_up);
  g_strfreev (p->safety_plan_done);
  g_free (p->outcome_safety_strategies);
  g_free (p->outcome_knows_resources);
  g_free (p->created_by);
  g_free (p->last_activity);
  g_free (p);
}

/**
 * amparo_case_profile_copy:
 *
 * A deep copy, for a page to edit and hand to amparo_case_update_profile().
 */
AmparoCaseProfile *
amparo_case_profile_copy (const AmparoCaseProfile *p)
{
  AmparoCaseProfile *c = g_new0 (AmparoCaseProfile, 1);

  c->id = p->id;
  c->ref_code = g_strdup (p->ref_code);
  c->status = g_strdup (p->status);
  c->opened = g_strdup (p->opened);
  c->closed = g_strdup (p->closed);
  c->counted = p->counted;
  c->age_band = g_strdup (p->age_band);
  c->gender = g_strdup (p->gender);
  c->language = g_strdup (p->language);
  c->limited_english = g_strdup (p->limited_english);
  c->referral_source = g_strdup (p->referral_source);
  c->race_ethnicity = g_strdupv (p->race_ethnicity);
  c->special_class = g_strdupv (p->special_class);
  c->victimization = g_strdupv (p->victimization);
  c->perpetrator_relationship = g_strdup (p->perpetrator_relationship);
  c->perpetrator_sex = g_strdup (p->perpetrator_sex);
  c->perpetrator_age_band = g_strdup (p->perpetrator_age_band);
  c->perpetrator_count = p->perpetrator_count;
  c->children = g_strdupv (p->children);
  c->risk_level = g_strdup (p->risk_level);
  c->risk_indicators = g_strdupv (p->risk_indicators);
  c->follow_up = g_strdup (p->follow_up);
  c->safety_plan_done = g_strdupv (p->safety_plan_done);
  c->safety_plan_completed = p->safety_plan_completed;
  c->outcome_safety_strategies = g_strdup (p->outcome_safety_strategies);
  c->outcome_knows_resources = g_strdup (p->outcome_knows_resources);
  c->created_by = g_strdup (p->created_by);
  c->last_activity = g_strdup (p->last_activity);
  return c;
}

AmparoPhone *
amparo_phone_new (const char *number)
{
  AmparoPhone *p = g_new0 (AmparoPhone, 1);

  p->number = g_strdup (number);
  return p;
}

void
amparo_phone_free (AmparoPhone *p)
{
  if (p == NULL)
    return;
  g_free (p->number);
  g_free (p->label);
  g_free (p);
}

AmparoEmergencyContact *
amparo_emergency_contact_new (const char *name)
{
  AmparoEmergencyContact *e = g_new0 (AmparoEmergencyContact, 1);

  e->name = g_strdup (name);
  return e;
}

void
amparo_emergency_contact_free (AmparoEmergencyContact *e)
{
  if (e == NULL)
    return;
  g_free (e->name);
  g_free (e->relationship);
  g_free (e->phone);
  g_free (e);
}

/**
 * amparo_case_contact_new:
 *
 * An empty contact record with the most protective defaults
 * (confidential location on).
 */
AmparoCaseContact *
amparo_case_contact_new (void)
{
  AmparoCaseContact *c = g_new0 (AmparoCaseContact, 1);

  c->confidential_location = TRUE;
  c->phones = g_ptr_array_new_with_free_func ((GDestroyNotify) amparo_phone_free);
  c->emergency_contacts =
    g_ptr_array_new_with_free_func ((GDestroyNotify) amparo_emergency_contact_free);
  return c;
}

AmparoCaseContact *
amparo_case_contact_copy (const AmparoCaseContact *c)
{
  AmparoCaseContact *n = amparo_case_contact_new ();

  n->first_name = g_strdup (c->first_name);
  n->last_name = g_strdup (c->last_name);
  n->preferred_name = g_strdup (c->preferred_name);
  n->aliases = g_strdup (c->aliases);
  n->birth_date = g_strdup (c->birth_date);
  n->email = g_strdup (c->email);
  n->address = g_strdup (c->address);
  n->confidential_location = c->confidential_location;
  n->safe_contact = g_strdup (c->safe_contact);
  for (guint i = 0; c->phones != NULL && i < c->phones->len; i++)
    {
      const AmparoPhone *p = g_ptr_array_index (c->phones, i);
      AmparoPhone *q = amparo_phone_new (p->number);

      q->label = g_strdup (p->label);
      q->safe_to_call = p->safe_to_call;
      q->text_ok = p->text_ok;
      q->voicemail_ok = p->voicemail_ok;
      g_ptr_array_add (n->phones, q);
    }
  for (guint i = 0; c->emergency_contacts != NULL && i < c->emergency_contacts->len; i++)
    {
      const AmparoEmergencyContact *e = g_ptr_array_index (c->emergency_contacts, i);
      AmparoEmergencyContact *f = amparo_emergency_contact_new (e->name);

      f->relationship = g_strdup (e->relationship);
      f->phone = g_strdup (e->phone);
      g_ptr_array_add (n->emergency_contacts, f);
    }
  return n;
}

void
amparo_case_contact_free (AmparoCaseContact *c)
{
  if (c == NULL)
    return;
  g_free (c->first_name);
  g_free (c->last_name);
  g_free (c->preferred_name);
  g_free (c->aliases);
  g_free (c->birth_date);
  g_free (c->email);
  g_free (c->address);
  g_free (c->safe_contact);
  g_clear_pointer (&c->phones, g_ptr_array_unref);
  g_clear_pointer (&c->emergency_contacts, g_ptr_array_unref);
  g_free (c);
}

/* ------------------------------------------------------------ reading */

char *
amparo_case_dup_column (sqlite3_stmt *stmt,
                        int           column)
{
  const unsigned char *text = sqlite3_column_text (stmt, column);

  return text != NULL ? g_strdup ((const char *) text) : NULL;
}

static GStrv
query_strv (sqlite3     *db,
            const char  *sql,
            gint64       id,
            const char  *category,
            GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = amparo_db_prepare (db, sql, error);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  if (category != NULL)
    sqlite3_bind_text (stmt, 2, category, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_strv_builder_add (builder, (const char *) sqlite3_column_text (stmt, 0));
  if (rc != SQLITE_DONE)
    {
      amparo_db_set_error (error, db, rc);
      return NULL;
    }
  return g_strv_builder_end (builder);
}

AmparoCaseProfile *
amparo_case_profile_read (sqlite3 *db,
                          gint64   id,
                          GError **error)
{
  g_autoptr(AmparoCaseProfile) p = g_new0 (AmparoCaseProfile, 1);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  const char *codes_sql = "SELECT code FROM case_codes WHERE case_id = ? AND category = ?"
                          " ORDER BY code;";
  int rc;

  stmt = amparo_db_prepare (db,
    "SELECT ref_code, status, opened, closed, counted, age_band, gender, language,"
    " limited_english, referral_source, risk_level, safety_plan_completed, follow_up,"
    " outcome_safety_strategies, outcome_knows_resources, created_by, last_activity"
    " FROM cases WHERE id = ? AND complete = 1;", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    {
      g_set_error_literal (error, AMPARO_ERROR, AMPARO_ERROR_NOT_FOUND, _("There is no such case"));
      return NULL;
    }
  if (rc != SQLITE_ROW)
    {
      amparo_db_set_error (error, db, rc);
      return NULL;
    }
  p->id = id;
  p->ref_code = amparo_case_dup_column (stmt, 0);
  p->status = amparo_case_dup_column (stmt, 1);
  p->opened = amparo_case_dup_column (stmt, 2);
  p->closed = amparo_case_dup_column (stmt, 3);
  p->counted = sqlite3_column_int (stmt, 4) != 0;
  p->age_band = amparo_case_dup_column (stmt, 5);
  p->gender = amparo_case_dup_column (stmt, 6);
  p->language = amparo_case_dup_column (stmt, 7);
  p->limited_english = amparo_case_dup_column (stmt, 8);
  p->referral_source = amparo_case_dup_column (stmt, 9);
  p->risk_level = amparo_case_dup_column (stmt, 10);
  p->safety_plan_completed = sqlite3_column_int (stmt, 11) != 0;
  p->follow_up = amparo_case_dup_column (stmt, 12);
  p->outcome_safety_strategies = amparo_case_dup_column (stmt, 13);
  p->outcome_knows_resources = amparo_case_dup_column (stmt, 14);
  p->created_by = amparo_case_dup_column (stmt, 15);
  p->last_activity = amparo_case_dup_column (stmt, 16);
  g_clear_pointer (&stmt, sqlite3_finalize);

  /* the page edits the first perpetrator; intake and import only make one */
  stmt = amparo_db_prepare (db, "SELECT relationship, sex, age_band, count FROM perpetrators"
                                " WHERE case_id = ? ORDER BY id LIMIT 1;", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      p->perpetrator_relationship = amparo_case_dup_column (stmt, 0);
      p->perpetrator_sex = amparo_case_dup_column (stmt, 1);
      p->perpetrator_age_band = amparo_case_dup_column (stmt, 2);
      p->perpetrator_count = sqlite3_column_int (stmt, 3);
    }
  else
    {
      p->perpetrator_relationship = g_strdup ("not_reported");
      p->perpetrator_sex = g_strdup ("not_reported");
      p->perpetrator_age_band = g_strdup ("not_reported");
      p->perpetrator_count = 1;
    }

  if ((p->race_ethnicity = query_strv (db, codes_sql, id, "race_ethnicity", error)) == NULL
      || (p->special_class = query_strv (db, codes_sql, id, "special_class", error)) == NULL
      || (p->victimization = query_strv (db, codes_sql, id, "victimization", error)) == NULL
      || (p->children = query_strv (db, "SELECT age_band FROM children WHERE case_id = ?"
                                        " ORDER BY id;", id, NULL, error)) == NULL
      || (p->risk_indicators = query_strv (db, "SELECT item FROM case_risk WHERE case_id = ?"
                                               " ORDER BY item;", id, NULL, error)) == NULL
      || (p->safety_plan_done = query_strv (db, "SELECT item FROM safety_plan_items"
                                                " WHERE case_id = ? AND done = 1 ORDER BY item;",
                                            id, NULL, error)) == NULL)
    return NULL;
  return g_steal_pointer (&p);
}

AmparoCaseContact *
amparo_case_contact_read (sqlite3 *db,
                          gint64   id,
                          GError **error)
{
  g_autoptr(AmparoCaseContact) c = amparo_case_contact_new ();
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  stmt = amparo_db_prepare (db, "SELECT first_name, last_name, preferred_name, aliases,"
                                " birth_date, email, address, confidential_location, safe_contact"
                                " FROM people WHERE case_id = ?;", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      c->first_name = amparo_case_dup_column (stmt, 0);
      c->last_name = amparo_case_dup_column (stmt, 1);
      c->preferred_name = amparo_case_dup_column (stmt, 2);
      c->aliases = amparo_case_dup_column (stmt, 3);
      c->birth_date = amparo_case_dup_column (stmt, 4);
      c->email = amparo_case_dup_column (stmt, 5);
      c->address = amparo_case_dup_column (stmt, 6);
      c->confidential_location = sqlite3_column_int (stmt, 7) != 0;
      c->safe_contact = amparo_case_dup_column (stmt, 8);
    }
  else if (rc != SQLITE_DONE)
    {
      amparo_db_set_error (error, db, rc);
      return NULL;
    }
  g_clear_pointer (&stmt, sqlite3_finalize);

  stmt = amparo_db_prepare (db, "SELECT number, label, safe_to_call, text_ok, voicemail_ok"
                                " FROM phones WHERE case_id = ? ORDER BY id;", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      AmparoPhone *p = amparo_phone_new ((const char *) sqlite3_column_text (stmt, 0));

      p->label = amparo_case_dup_column (stmt, 1);
      p->safe_to_call = sqlite3_column_int (stmt, 2) != 0;
      p->text_ok = sqlite3_column_int (stmt, 3) != 0;
      p->voicemail_ok = sqlite3_column_int (stmt, 4) != 0;
      g_ptr_array_add (c->phones, p);
    }
  if (rc != SQLITE_DONE)
    {
      amparo_db_set_error (error, db, rc);
      return NULL;
    }
  g_clear_pointer (&stmt, sqlite3_finalize);

  stmt = amparo_db_prepare (db, "SELECT name, relationship, phone FROM emergency_contacts"
                                " WHERE case_id = ? ORDER BY id;", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      AmparoEmergencyContact *e =
        amparo_emergency_contact_new ((const char *) sqlite3_column_text (stmt, 0));

      e->relationship = amparo_case_dup_column (stmt, 1);
      e->phone = amparo_case_dup_column (stmt, 2);
      g_ptr_array_add (c->emergency_contacts, e);
    }
  if (rc != SQLITE_DONE)
    {
      amparo_db_set_error (error, db, rc);
      return NULL;
    }
  return g_steal_pointer (&c);
}

static GPtrArray *
read_services (sqlite3 *db,
               gint64   id,
               GError **error)
{
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify) service_free);
  g_autoptr(sqlite3_stmt) stmt = amparo_db_prepare (db,
    "SELECT id, category, type, date, minutes, staff FROM services WHERE case_id = ?"
    " ORDER BY date DESC, id DESC;", error);
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      AmparoService *s = g_new0 (AmparoService, 1);

      s->id = sqlite3_column_int64 (stmt, 0);
      s->category = amparo_case_dup_column (stmt, 1);
      s->type = amparo_case_dup_column (stmt, 2);
      s->date = amparo_case_dup_column (stmt, 3);
      s->minutes = sqlite3_column_int (stmt, 4);
      s->staff = amparo_case_dup_column (stmt, 5);
      g_ptr_array_add (out, s);
    }
  if (rc != SQLITE_DONE)
    {
      amparo_db_set_error (error, db, rc);
      return NULL;
    }
  return g_steal_pointer (&out);
}

static GPtrArray *
read_stays (sqlite3 *db,
            gint64   id,
            GError **error)
{
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify) stay_free);
  g_autoptr(sqlite3_stmt) stmt = amparo_db_prepare (db,
    "SELECT id, entered, exited, children FROM shelter_stays WHERE case_id = ?"
    " ORDER BY entered DESC, id DESC;", error);
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      AmparoShelterStay *s = g_new0 (AmparoShelterStay, 1);

      s->id = sqlite3_column_int64 (stmt, 0);
      s->entered = amparo_case_dup_column (stmt, 1);
      s->exited = amparo_case_dup_column (stmt, 2);
      s->children = sqlite3_column_int (stmt, 3);
      g_ptr_array_add (out, s);
    }
  if (rc != SQLITE_DONE)
    {
      amparo_db_set_error (error, db, rc);
      return NULL;
    }
  return g_steal_pointer (&out);
}

static GPtrArray *
read_notes (sqlite3 *db,
            gint64   id,
            GError **error)
{
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify) note_free);
  g_autoptr(sqlite3_stmt) stmt = amparo_db_prepare (db,
    "SELECT id, created, author, body FROM notes WHERE case_id = ?"
    " ORDER BY created DESC, id DESC;", error);
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      AmparoNote *n = g_new0 (AmparoNote, 1);

      n->id = sqlite3_column_int64 (stmt, 0);
      n->created = amparo_case_dup_column (stmt, 1);
      n->author = amparo_case_dup_column (stmt, 2);
      n->body = amparo_case_dup_column (stmt, 3);
      g_ptr_array_add (out, n);
    }
  if (rc != SQLITE_DONE)
    {
      amparo_db_set_error (error, db, rc);
      return NULL;
    }
  return g_steal_pointer (&out);
}

static gboolean
read_safety_plan_text (sqlite3 *db,
                       gint64   id,
                       char   **out,
                       GError **error)
{
  g_autoptr(sqlite3_stmt) stmt = amparo_db_prepare (db, "SELECT body FROM safety_plans"
                                                        " WHERE case_id = ?;", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      amparo_db_set_error (error, db, rc);
      return FALSE;
    }
  *out = rc == SQLITE_ROW ? amparo_case_dup_column (stmt, 0) : NULL;
  return TRUE;
}

/* Reads everything into fresh fields, then swaps them in, so a failed
 * read leaves the object as it was. */
static gboolean
read_all (AmparoCase *self,
          GError    **error)
{
  g_autoptr(AmparoCaseProfile) profile = NULL;
  g_autoptr(AmparoCaseContact) contact = NULL;
  g_autoptr(GPtrArray) services = NULL;
  g_autoptr(GPtrArray) stays = NULL;
  g_autoptr(GPtrArray) notes = NULL;
  g_autofree char *plan = NULL;
  sqlite3 *cases = amparo_vault_get_cases_db (self->vault, error);

  if (cases == NULL
      || (profile = amparo_case_profile_read (cases, self->id, error)) == NULL
      || (services = read_services (cases, self->id, error)) == NULL
      || (stays = read_stays (cases, self->id, error)) == NULL)
    return FALSE;

  /* the reporting role never touches the identifying store */
  if (amparo_vault_can_see_contacts (self->vault))
    {
      sqlite3 *contacts = amparo_vault_get_contacts_db (self->vault, error);

      if (contacts == NULL
          || (contact = amparo_case_contact_read (contacts, self->id, error)) == NULL
          || (notes = read_notes (contacts, self->id, error)) == NULL
          || !read_safety_plan_text (contacts, self->id, &plan, error))
        return FALSE;
    }

  amparo_case_profile_free (self->profile);
  self->profile = g_steal_pointer (&profile);
  amparo_case_contact_free (self->contact);
  self->contact = g_steal_pointer (&contact);
  g_free (self->safety_plan_text);
  self->safety_plan_text = g_steal_pointer (&plan);
  g_clear_pointer (&self->services, g_ptr_array_unref);
  self->services = g_steal_pointer (&services);
  g_clear_pointer (&self->stays, g_ptr_array_unref);
  self->stays = g_steal_pointer (&stays);
  g_clear_pointer (&self->notes, g_ptr_array_unref);
  self->notes = g_steal_pointer (&notes);
  return TRUE;
}

/* ---------------------------------------------------------- GObject */

static void
amparo_case_finalize (GObject *object)
{
  AmparoCase *self = AMPARO_CASE (object);

  g_clear_object (&self->vault);
  g_clear_pointer (&self->profile, amparo_case_profile_free);
  g_clear_pointer (&self->contact, amparo_case_contact_free);
  g_clear_pointer (&self->safety_plan_text, g_free);
  g_clear_pointer (&self->services, g_ptr_array_unref);
  g_clear_pointer (&self->stays, g_ptr_array_unref);
  g_clear_pointer (&self->notes, g_ptr_array_unref);

  G_OBJECT_CLASS (amparo_case_parent_class)->finalize (object);
}

static void
amparo_case_class_init (AmparoCaseClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = amparo_case_finalize;
}

static void
amparo_case_init (AmparoCase *self)
{
}

/* ------------------------------------------------------------ public */

/**
 * amparo_case_load:
 * @id: the case number
 *
 * Loads a case. Roles that may see the identifying store also get its
 * contact record, safety-plan text and notes, and that view is logged as
 * one `contact.view` audit row (the case number only). If the view cannot
 * be logged, nothing is returned.
 *
 * Returns: (transfer full): the case, or %NULL with %AMPARO_ERROR_NOT_FOUND
 *   or a database error
 */
AmparoCase *
amparo_case_load (AmparoVault *vault,
                  gint64       id,
                  GError     **error)
{
  g_autoptr(AmparoCase) self = NULL;

  g_return_val_if_fail (AMPARO_IS_VAULT (vault), NULL);
  g_return_val_if_fail (id > 0, NULL);

  self = g_object_new (AMPARO_TYPE_CASE, NULL);
  self->vault = g_object_ref (vault);
  self->id = id;
  if (!read_all (self, error))
    return NULL;
  if (self->contact != NULL && !amparo_vault_audit (vault, "contact.view", id, NULL, error))
    return NULL;
  return g_steal_pointer (&self);
}

/**
 * amparo_case_reload:
 *
 * Re-reads the case after an edit. Part of the view amparo_case_load()
 * logged, so it writes no audit row. On failure the old values stay.
 */
gboolean
amparo_case_reload (AmparoCase *self,
                    GError    **error)
{
  g_return_val_if_fail (AMPARO_IS_CASE (self), FALSE);

  return read_all (self, error);
}

gint64
amparo_case_get_id (AmparoCase *self)
{
  g_return_val_if_fail (AMPARO_IS_CASE (self), 0);

  return self->id;
}

const AmparoCaseProfile *
amparo_case_get_profile (AmparoCase *self)
{
  g_return_val_if_fail (AMPARO_IS_CASE (self), NULL);

  return self->profile;
}

/**
 * amparo_case_get_contact:
 *
 * Returns: (nullable): the identifying record; %NULL for the reporting role
 */
const AmparoCaseContact *
amparo_case_get_contact (AmparoCase *self)
{
  g_return_val_if_fail (AMPARO_IS_CASE (self), NULL);

  return self->contact;
}

/**
 * amparo_case_get_safety_plan_text:
 *
 * Returns: (nullable): the written safety plan; %NULL when there is none
 *   or the role may not see it
 */
const char *
amparo_case_get_safety_plan_text (AmparoCase *self)
{
  g_return_val_if_fail (AMPARO_IS_CASE (self), NULL);

  return self->safety_plan_text;
}

/**
 * amparo_case_get_services:
 *
 * Returns: (transfer none) (element-type AmparoService): newest first
 */
GPtrArray *
amparo_case_get_services (AmparoCase *self)
{
  g_return_val_if_fail (AMPARO_IS_CASE (self), NULL);

  return self->services;
}

/**
 * amparo_case_get_shelter_stays:
 *
 * Returns: (transfer none) (element-type AmparoShelterStay): newest first
 */
GPtrArray *
amparo_case_get_shelter_stays (AmparoCase *self)
{
  g_return_val_if_fail (AMPARO_IS_CASE (self), NULL);

  return self->stays;
}

/**
 * amparo_case_get_notes:
 *
 * Returns: (transfer none) (nullable) (element-type AmparoNote): newest
 *   first; %NULL for the reporting role
 */
GPtrArray *
amparo_case_get_notes (AmparoCase *self)
{
  g_return_val_if_fail (AMPARO_IS_CASE (self), NULL);

  return self->notes;
}
