/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "AmparoPartners"

#include <string.h>
#include <glib/gi18n.h>

#include "amparo-cases.h"
#include "amparo-codes.h"
#include "amparo-db.h"
#include "amparo-error.h"
#include "amparo-partners.h"
#include "amparo-partners-private.h"
#include "amparo-vault.h"

/* The partner directory: the organisations this agency works with, its
 * participation tier with each, their agreements and confidentiality
 * duties. Nothing in this unit reads a case. The file agencies hand each
 * other is in amparo-partners-file.c. */

G_DEFINE_BOXED_TYPE (AmparoPartner, amparo_partner, amparo_partner_copy, amparo_partner_free)

#define NAME_MAX_BYTES  200
#define SHORT_MAX_BYTES 200
#define TEXT_MAX_BYTES  2000
#define NOTE_MAX_BYTES  4000

/* Members of one partner in the directory file, in the order written. */
const AmparoPartnerField amparo_partner_fields[] = {
#define LINE AMPARO_PARTNER_FIELD_LINE
#define TEXT AMPARO_PARTNER_FIELD_TEXT
#define AT(member) G_STRUCT_OFFSET (AmparoPartner, member)
  { "organisation", AT (name), NAME_MAX_BYTES, LINE, TRUE, FALSE },
  { "sector", AT (sector), 64, LINE, TRUE, FALSE },
  { "services", AT (services), TEXT_MAX_BYTES, TEXT, FALSE, FALSE },
  { "eligibility", AT (eligibility), TEXT_MAX_BYTES, TEXT, FALSE, FALSE },
  { "languages", AT (languages), SHORT_MAX_BYTES, LINE, FALSE, FALSE },
  { "hours", AT (hours), TEXT_MAX_BYTES, TEXT, FALSE, FALSE },
  { "channels", AT (channels), TEXT_MAX_BYTES, TEXT, FALSE, FALSE },
  { "contact", AT (contact_person), SHORT_MAX_BYTES, LINE, FALSE, FALSE },
  { "agreement_signed", AT (agreement_signed), 10, LINE, FALSE, TRUE },
  { "next_review", AT (next_review), 10, LINE, FALSE, TRUE },
  { "duties", AT (duties), NOTE_MAX_BYTES, TEXT, FALSE, TRUE },
#undef AT
#undef TEXT
#undef LINE
};

G_STATIC_ASSERT (G_N_ELEMENTS (amparo_partner_fields) == AMPARO_N_PARTNER_FIELDS);

#define PARTNER_COLUMNS \
  "id, name, sector, services, eligibility, languages, hours, channels, contact_person, tier," \
  " agreement_signed, next_review, duties, active"

/* ------------------------------------------------------------ helpers */

AmparoPartner *
amparo_partner_new (void)
{
  AmparoPartner *p = g_new0 (AmparoPartner, 1);

  p->tier = 1;
  p->active = TRUE;
  return p;
}

AmparoPartner *
amparo_partner_copy (const AmparoPartner *src)
{
  AmparoPartner *p;

  g_return_val_if_fail (src != NULL, NULL);

  p = g_memdup2 (src, sizeof *src);
  for (guint i = 0; i < AMPARO_N_PARTNER_FIELDS; i++)
    *AMPARO_PARTNER_FIELD_PTR (p, &amparo_partner_fields[i]) = g_strdup (*AMPARO_PARTNER_FIELD_PTR (src, &amparo_partner_fields[i]));
  return p;
}

void
amparo_partner_free (AmparoPartner *p)
{
  if (p == NULL)
    return;
  for (guint i = 0; i < AMPARO_N_PARTNER_FIELDS; i++)
    g_free (*AMPARO_PARTNER_FIELD_PTR (p, &amparo_partner_fields[i]));
  g_free (p);
}

/* Cc controls are refused everywhere (newline only in notes), and so are
 * the bidirectional overrides that can make text read differently from
 * what it is. */
static gboolean
text_is_clean (const char *text,
               gsize       max_bytes,
               AmparoPartnerFieldKind   kind)
{
  if (strlen (text) > max_bytes || !g_utf8_validate (text, -1, NULL))
    return FALSE;
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == '\n' && kind == AMPARO_PARTNER_FIELD_TEXT)
        continue;
      if (g_unichar_iscntrl (c) || (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069))
        return FALSE;
    }
  return TRUE;
}

static gboolean
is_blank (const char *text)
{
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    if (!g_unichar_isspace (g_utf8_get_char (p)))
      return FALSE;
  return TRUE;
}

static gboolean
bad_field (const char **bad,
           const char  *field,
           GError     **error)
{
  if (bad != NULL)
    *bad = field;
  g_set_error (error, AMPARO_ERROR, AMPARO_ERROR_INVALID, _("The partner field “%s” is not valid"),
               field);
  return FALSE;
}

/**
 * amparo_partner_validate:
 * @bad_field: (out) (optional): the member name of the first problem
 *
 * Checks sizes, UTF-8, control characters, the sector code, the tier and
 * the dates. Messages name the field, never its value.
 */
gboolean
amparo_partner_validate (const AmparoPartner *p,
                         const char         **bad,
                         GError             **error)
{
  g_return_val_if_fail (p != NULL, FALSE);

  for (guint i = 0; i < AMPARO_N_PARTNER_FIELDS; i++)
    {
      const char *value = *AMPARO_PARTNER_FIELD_PTR (p, &amparo_partner_fields[i]);

      if (value == NULL)
        {
          if (amparo_partner_fields[i].required)
            return bad_field (bad, amparo_partner_fields[i].member, error);
          continue;
        }
      if (!text_is_clean (value, amparo_partner_fields[i].max_bytes, amparo_partner_fields[i].kind))
        return bad_field (bad, amparo_partner_fields[i].member, error);
    }
  if (is_blank (p->name))
    return bad_field (bad, "organisation", error);
  if (!amparo_code_is_valid ("sector", p->sector) || g_str_equal (p->sector, "not_reported"))
    return bad_field (bad, "sector", error);
  if (p->tier < 1 || p->tier > 4)
    return bad_field (bad, "tier", error);
  if (p->agreement_signed != NULL && !amparo_date_is_valid (p->agreement_signed))
    return bad_field (bad, "agreement_signed", error);
  if (p->next_review != NULL
      && (!amparo_date_is_valid (p->next_review)
          || (p->agreement_signed != NULL && strcmp (p->next_review, p->agreement_signed) < 0)))
    return bad_field (bad, "next_review", error);
  return TRUE;
}

/**
 * amparo_partner_tier_label:
 *
 * Returns: the translated name of a participation tier
 */
const char *
amparo_partner_tier_label (int tier)
{
  switch (tier)
    {
    case 1: return _("Directory listing");
    case 2: return _("Referrals and coordination");
    case 3: return _("Shared indicators");
    case 4: return _("Data exchange");
    default: return _("Unknown tier");
    }
}

/* Organisation names match whatever their case, Unicode composition or
 * spacing, so "Casa  Esperanza" and "casa esperanza" are one partner. */
char *
amparo_partners_match_key (const char *name,
           const char *sector)
{
  g_autofree char *norm = g_utf8_normalize (name, -1, G_NORMALIZE_ALL_COMPOSE);
  g_autofree char *folded = g_utf8_casefold (norm != NULL ? norm : name, -1);
  g_auto(GStrv) words = g_strsplit_set (folded, " \t\n", -1);
  g_autoptr(GString) key = g_string_new (sector);

  g_string_append_c (key, '\n');
  for (guint i = 0, n = 0; words[i] != NULL; i++)
    if (words[i][0] != '\0')
      g_string_append_printf (key, n++ > 0 ? " %s" : "%s", words[i]);
  return g_string_free (g_steal_pointer (&key), FALSE);
}

static AmparoPartner *
partner_from_row (sqlite3_stmt *stmt)
{
  AmparoPartner *p = amparo_partner_new ();
  const int columns[] = { 1, 2, 3, 4, 5, 6, 7, 8, 10, 11, 12 };

  p->id = sqlite3_column_int64 (stmt, 0);
  for (guint i = 0; i < AMPARO_N_PARTNER_FIELDS; i++)
    *AMPARO_PARTNER_FIELD_PTR (p, &amparo_partner_fields[i]) = g_strdup ((const char *) sqlite3_column_text (stmt, columns[i]));
  p->tier = sqlite3_column_int (stmt, 9);
  p->active = sqlite3_column_int (stmt, 13) != 0;
  return p;
}

static void
bind_nullable (sqlite3_stmt *stmt,
               int           index,
               const char   *value)
{
  if (value != NULL)
    sqlite3_bind_text (stmt, index, value, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (stmt, index);
}

static GPtrArray *
query_partners (sqlite3     *db,
                const char  *where,
                const char  *on_date,
                GError     **error)
{
  g_autofree char *sql = g_strdup_printf ("SELECT " PARTNER_COLUMNS " FROM partners %s"
                                          " ORDER BY name COLLATE NOCASE, id;", where);
  g_autoptr(sqlite3_stmt) stmt = amparo_db_prepare (db, sql, error);
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify) amparo_partner_free);
  int rc;

  if (stmt == NULL)
    return NULL;
  if (on_date != NULL)
    sqlite3_bind_text (stmt, 1, on_date, -1, SQLITE_TRANSIENT);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (out, partner_from_row (stmt));
  if (rc != SQLITE_DONE)
    {
      amparo_db_set_error (error, db, rc);
      return NULL;
    }
  return g_steal_pointer (&out);
}

/* Match keys of every stored partner, mapped to their ids. */
GHashTable *
amparo_partners_stored_keys (sqlite3  *db,
             GError  **error)
{
  g_autoptr(GPtrArray) all = query_partners (db, "", NULL, error);
  GHashTable *keys;

  if (all == NULL)
    return NULL;
  keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  for (guint i = 0; i < all->len; i++)
    {
      AmparoPartner *p = g_ptr_array_index (all, i);

      g_hash_table_insert (keys, amparo_partners_match_key (p->name, p->sector), g_memdup2 (&p->id, sizeof p->id));
    }
  return keys;
}

gint64
amparo_partners_lookup_key (GHashTable          *keys,
            const AmparoPartner *p)
{
  g_autofree char *key = amparo_partners_match_key (p->name, p->sector);
  gint64 *id = g_hash_table_lookup (keys, key);

  return id != NULL ? *id : 0;
}

/* Another stored partner with the same organisation and sector: its id,
 * 0 if none, -1 on error. */
static gint64
find_match (sqlite3             *db,
            const AmparoPartner *p,
            gint64               except_id,
            GError             **error)
{
  g_autoptr(GHashTable) keys = amparo_partners_stored_keys (db, error);
  gint64 id;

  if (keys == NULL)
    return -1;
  id = amparo_partners_lookup_key (keys, p);
  return id == except_id ? 0 : id;
}

gboolean
amparo_partners_write (sqlite3             *db,
               const AmparoPartner *p,
               gint64               id,
               GError             **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (id == 0)
    stmt = amparo_db_prepare (db,
                              "INSERT INTO partners (name, sector, services, eligibility, languages,"
                              " hours, channels, contact_person, agreement_signed, next_review,"
                              " duties, tier, active) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?);",
                              error);
  else
    stmt = amparo_db_prepare (db,
                              "UPDATE partners SET name = ?, sector = ?, services = ?,"
                              " eligibility = ?, languages = ?, hours = ?, channels = ?,"
                              " contact_person = ?, agreement_signed = ?, next_review = ?,"
                              " duties = ?, tier = ?, active = ? WHERE id = ?;",
                              error);
  if (stmt == NULL)
    return FALSE;
  for (guint i = 0; i < AMPARO_N_PARTNER_FIELDS; i++)
    bind_nullable (stmt, (int) i + 1, *AMPARO_PARTNER_FIELD_PTR (p, &amparo_partner_fields[i]));
  sqlite3_bind_int (stmt, 12, p->tier);
  sqlite3_bind_int (stmt, 13, p->active ? 1 : 0);
  if (id != 0)
    sqlite3_bind_int64 (stmt, 14, id);
  return amparo_db_step_done (db, stmt, error);
}

static gboolean
audit_partner (AmparoVault         *vault,
               const char          *action,
               gint64               id,
               const AmparoPartner *p,
               GError             **error)
{
  g_autofree char *detail = NULL;

  if (p != NULL)
    detail = g_strdup_printf ("partner=%" G_GINT64_FORMAT " sector=%s tier=%d", id, p->sector,
                              p->tier);
  else
    detail = g_strdup_printf ("partner=%" G_GINT64_FORMAT, id);
  return amparo_vault_audit (vault, action, 0, detail, error);
}

/* --------------------------------------------------------- public API */

/**
 * amparo_partners_add:
 *
 * Stores a new partner. An organisation already in the directory under
 * the same sector is refused with %AMPARO_ERROR_EXISTS.
 *
 * Returns: the new partner's id, or 0 on error
 */
gint64
amparo_partners_add (AmparoVault         *vault,
                     const AmparoPartner *partner,
                     GError             **error)
{
  sqlite3 *db;
  gint64 match, id;

  g_return_val_if_fail (AMPARO_IS_VAULT (vault), 0);
  g_return_val_if_fail (partner != NULL, 0);

  if (!amparo_vault_require_role (vault, FALSE, error)
      || !amparo_partner_validate (partner, NULL, error))
    return 0;
  db = amparo_vault_get_cases_db (vault, error);
  if (db == NULL || !amparo_db_begin (db, error))
    return 0;
  match = find_match (db, partner, 0, error);
  if (match < 0)
    goto fail;
  if (match > 0)
    {
      g_set_error_literal (error, AMPARO_ERROR, AMPARO_ERROR_EXISTS,
                           _("This organisation is already in the directory under that sector"));
      goto fail;
    }
  if (!amparo_partners_write (db, partner, 0, error))
    goto fail;
  id = sqlite3_last_insert_rowid (db);
  if (!audit_partner (vault, "partner.add", id, partner, error)
      || !amparo_db_commit (db, error))
    goto fail;
  return id;

fail:
  amparo_db_rollback (db);
  return 0;
}

/**
 * amparo_partners_update:
 *
 * Replaces every field of the partner with id @partner->id.
 */
gboolean
amparo_partners_update (AmparoVault         *vault,
                        const AmparoPartner *partner,
                        GError             **error)
{
  sqlite3 *db;
  gint64 match;

  g_return_val_if_fail (AMPARO_IS_VAULT (vault), FALSE);
  g_return_val_if_fail (partner != NULL && partner->id > 0, FALSE);

  if (!amparo_vault_require_role (vault, FALSE, error)
      || !amparo_partner_validate (partner, NULL, error))
    return FALSE;
  db = amparo_vault_get_cases_db (vault, error);
  if (db == NULL || !amparo_db_begin (db, error))
    return FALSE;
  match = find_match (db, partner, partner->id, error);
  if (match < 0)
    goto fail;
  if (match > 0)
    {
      g_set_error_literal (error, AMPARO_ERROR, AMPARO_ERROR_EXISTS,
                           _("This organisation is already in the directory under that sector"));
      goto fail;
    }
  if (!amparo_partners_write (db, partner, partner->id, error))
    goto fail;
  if (sqlite3_changes (db) == 0)
    {
      g_set_error_literal (error, AMPARO_ERROR, AMPARO_ERROR_NOT_FOUND, _("No such partner"));
      goto fail;
    }
  if (!audit_partner (vault, "partner.update", partner->id, partner, error)
      || !amparo_db_commit (db, error))
    goto fail;
  return TRUE;

fail:
  amparo_db_rollback (db);
  return FALSE;
}

/**
 * amparo_partners_remove:
 * @out_retired: (out) (optional): %TRUE when the partner was kept as
 *   retired rather than deleted
 *
 * Deletes a partner that no release, referral or disclosure mentions;
 * one that is mentioned is retired instead (hidden from the directory and
 * from new releases and referrals), so the record of what was shared with
 * whom stays whole.
 */
gboolean
amparo_partners_remove (AmparoVault *vault,
                        gint64       partner_id,
                        gboolean    *out_retired,
                        GError     **error)
{
  g_autoptr(sqlite3_stmt) used = NULL;
  g_autoptr(sqlite3_stmt) change = NULL;
  sqlite3 *db;
  gboolean retire;

  g_return_val_if_fail (AMPARO_IS_VAULT (vault), FALSE);

  if (!amparo_vault_require_role (vault, FALSE, error))
    return FALSE;
  db = amparo_vault_get_cases_db (vault, error);
  if (db == NULL || !amparo_db_begin (db, error))
    return FALSE;
  used = amparo_db_prepare (db,
                            "SELECT EXISTS (SELECT 1 FROM releases WHERE partner_id = ?1)"
                            " OR EXISTS (SELECT 1 FROM referrals WHERE partner_id = ?1)"
                            " OR EXISTS (SELECT 1 FROM disclosures WHERE partner_id = ?1);",
                            error);
  if (used == NULL)
    goto fail;
  sqlite3_bind_int64 (used, 1, partner_id);
  if (sqlite3_step (used) != SQLITE_ROW)
    {
      amparo_db_set_error (error, db, sqlite3_errcode (db));
      goto fail;
    }
  retire = sqlite3_column_int (used, 0) != 0;
  change = amparo_db_prepare (db, retire ? "UPDATE partners SET active = 0 WHERE id = ?;"
                                         : "DELETE FROM partners WHERE id = ?;", error);
  if (change == NULL)
    goto fail;
  sqlite3_bind_int64 (change, 1, partner_id);
  if (!amparo_db_step_done (db, change, error))
    goto fail;
  if (sqlite3_changes (db) == 0)
    {
      g_set_error_literal (error, AMPARO_ERROR, AMPARO_ERROR_NOT_FOUND, _("No such partner"));
      goto fail;
    }
  if (!audit_partner (vault, retire ? "partner.retire" : "partner.remove", partner_id, NULL,
                      error)
      || !amparo_db_commit (db, error))
    goto fail;
  if (out_retired != NULL)
    *out_retired = retire;
  return TRUE;

fail:
  amparo_db_rollback (db);
  return FALSE;
}

/**
 * amparo_partners_get:
 *
 * Returns: (transfer full): the partner, or %NULL with
 *   %AMPARO_ERROR_NOT_FOUND
 */
AmparoPartner *
amparo_partners_get (AmparoVault *vault,
                     gint64       partner_id,
                     GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  sqlite3 *db;

  g_return_val_if_fail (AMPARO_IS_VAULT (vault), NULL);

  db = amparo_vault_get_cases_db (vault, error);
  if (db == NULL)
    return NULL;
  stmt = amparo_db_prepare (db, "SELECT " PARTNER_COLUMNS " FROM partners WHERE id = ?;", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, partner_id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      g_set_error_literal (error, AMPARO_ERROR, AMPARO_ERROR_NOT_FOUND, _("No such partner"));
      return NULL;
    }
  return partner_from_row (stmt);
}

/**
 * amparo_partners_list:
 *
 * Returns: (transfer full) (element-type AmparoPartner): partners by name
 */
GPtrArray *
amparo_partners_list (AmparoVault *vault,
                      gboolean     include_retired,
                      GError     **error)
{
  sqlite3 *db;

  g_return_val_if_fail (AMPARO_IS_VAULT (vault), NULL);

  db = amparo_vault_get_cases_db (vault, error);
  if (db == NULL)
    return NULL;
  return query_partners (db, include_retired ? "" : "WHERE active = 1", NULL, error);
}

/**
 * amparo_partners_review_due:
 * @on_date: `YYYY-MM-DD`, normally today
 * @within_days: how far ahead to look
 *
 * Active partners whose agreement is due for review by @on_date plus
 * @within_days, or who have a tier above 1 and no signed agreement.
 *
 * Returns: (transfer full) (element-type AmparoPartner):
 */
GPtrArray *
amparo_partners_review_due (AmparoVault *vault,
                            const char  *on_date,
                            int          within_days,
                            GError     **error)
{
  g_autoptr(GDate) date = g_date_new ();
  char limit[11];
  sqlite3 *db;

  g_return_val_if_fail (AMPARO_IS_VAULT (vault), NULL);
  g_return_val_if_fail (amparo_date_is_valid (on_date) && within_days >= 0, NULL);

  db = amparo_vault_get_cases_db (vault, error);
  if (db == NULL)
    return NULL;
  g_date_set_parse (date, on_date);
  g_date_add_days (date, (guint) within_days);
  g_snprintf (limit, sizeof limit, "%04d-%02d-%02d", g_date_get_year (date),
              g_date_get_month (date), g_date_get_day (date));
  return query_partners (db,
                         "WHERE active = 1 AND ((next_review IS NOT NULL AND next_review <= ?1)"
                         " OR (tier > 1 AND agreement_signed IS NULL))",
                         limit, error);
}
