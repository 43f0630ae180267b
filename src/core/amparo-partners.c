/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "AmparoPartners"

#include <string.h>
#include <json-glib/json-glib.h>
#include <glib/gi18n.h>

#include "amparo-cases.h"
#include "amparo-codes.h"
#include "amparo-db.h"
#include "amparo-error.h"
#include "amparo-partners.h"
#include "amparo-vault.h"

/* The partner directory, and the file agencies hand each other to share
 * it. The file carries partner organisations only: nothing in this unit
 * reads a case, so no client data can reach it.
 *
 * Import matches an entry to a stored partner by organisation name
 * (compared case-, accent-composition- and spacing-insensitively) and
 * sector. A match updates the directory facts (services, eligibility,
 * languages, hours, channels, point of contact) but keeps this agency's
 * own record of its relationship with the partner — tier, agreement
 * dates, confidentiality-duties note and whether it is retired — since
 * another agency's file cannot know those. Entries without a match are
 * added with every field from the file. */

G_DEFINE_BOXED_TYPE (AmparoPartner, amparo_partner, amparo_partner_copy, amparo_partner_free)

#define NAME_MAX_BYTES  200
#define SHORT_MAX_BYTES 200
#define TEXT_MAX_BYTES  2000
#define NOTE_MAX_BYTES  4000

typedef enum
{
  FIELD_SINGLE_LINE,
  FIELD_MULTI_LINE,
} FieldKind;

/* Members of one partner in the file, in the order they are written. */
typedef struct
{
  const char *member;
  gsize       offset;
  gsize       max_bytes;
  FieldKind   kind;
  gboolean    required;
  gboolean    relationship;   /* this agency's own record: kept on update */
} TextField;

static const TextField text_fields[] = {
  { "organisation", G_STRUCT_OFFSET (AmparoPartner, name), NAME_MAX_BYTES, FIELD_SINGLE_LINE, TRUE, FALSE },
  { "sector", G_STRUCT_OFFSET (AmparoPartner, sector), 64, FIELD_SINGLE_LINE, TRUE, FALSE },
  { "services", G_STRUCT_OFFSET (AmparoPartner, services), TEXT_MAX_BYTES, FIELD_MULTI_LINE, FALSE, FALSE },
  { "eligibility", G_STRUCT_OFFSET (AmparoPartner, eligibility), TEXT_MAX_BYTES, FIELD_MULTI_LINE, FALSE, FALSE },
  { "languages", G_STRUCT_OFFSET (AmparoPartner, languages), SHORT_MAX_BYTES, FIELD_SINGLE_LINE, FALSE, FALSE },
  { "hours", G_STRUCT_OFFSET (AmparoPartner, hours), TEXT_MAX_BYTES, FIELD_MULTI_LINE, FALSE, FALSE },
  { "channels", G_STRUCT_OFFSET (AmparoPartner, channels), TEXT_MAX_BYTES, FIELD_MULTI_LINE, FALSE, FALSE },
  { "contact", G_STRUCT_OFFSET (AmparoPartner, contact_person), SHORT_MAX_BYTES, FIELD_SINGLE_LINE, FALSE, FALSE },
  { "agreement_signed", G_STRUCT_OFFSET (AmparoPartner, agreement_signed), 10, FIELD_SINGLE_LINE, FALSE, TRUE },
  { "next_review", G_STRUCT_OFFSET (AmparoPartner, next_review), 10, FIELD_SINGLE_LINE, FALSE, TRUE },
  { "duties", G_STRUCT_OFFSET (AmparoPartner, duties), NOTE_MAX_BYTES, FIELD_MULTI_LINE, FALSE, TRUE },
};

#define FIELD_PTR(p, f) ((char **) G_STRUCT_MEMBER_P ((p), (f)->offset))

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
  for (guint i = 0; i < G_N_ELEMENTS (text_fields); i++)
    *FIELD_PTR (p, &text_fields[i]) = g_strdup (*FIELD_PTR (src, &text_fields[i]));
  return p;
}

void
amparo_partner_free (AmparoPartner *p)
{
  if (p == NULL)
    return;
  for (guint i = 0; i < G_N_ELEMENTS (text_fields); i++)
    g_free (*FIELD_PTR (p, &text_fields[i]));
  g_free (p);
}

/* Cc controls are refused everywhere (newline only in notes), and so are
 * the bidirectional overrides that can make text read differently from
 * what it is. */
static gboolean
text_is_clean (const char *text,
               gsize       max_bytes,
               FieldKind   kind)
{
  if (strlen (text) > max_bytes || !g_utf8_validate (text, -1, NULL))
    return FALSE;
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == '\n' && kind == FIELD_MULTI_LINE)
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

  for (guint i = 0; i < G_N_ELEMENTS (text_fields); i++)
    {
      const char *value = *FIELD_PTR (p, &text_fields[i]);

      if (value == NULL)
        {
          if (text_fields[i].required)
            return bad_field (bad, text_fields[i].member, error);
          continue;
        }
      if (!text_is_clean (value, text_fields[i].max_bytes, text_fields[i].kind))
        return bad_field (bad, text_fields[i].member, error);
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
static char *
match_key (const char *name,
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
  for (guint i = 0; i < G_N_ELEMENTS (text_fields); i++)
    *FIELD_PTR (p, &text_fields[i]) = g_strdup ((const char *) sqlite3_column_text (stmt, columns[i]));
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
static GHashTable *
stored_keys (sqlite3  *db,
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

      g_hash_table_insert (keys, match_key (p->name, p->sector), g_memdup2 (&p->id, sizeof p->id));
    }
  return keys;
}

static gint64
lookup_key (GHashTable          *keys,
            const AmparoPartner *p)
{
  g_autofree char *key = match_key (p->name, p->sector);
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
  g_autoptr(GHashTable) keys = stored_keys (db, error);
  gint64 id;

  if (keys == NULL)
    return -1;
  id = lookup_key (keys, p);
  return id == except_id ? 0 : id;
}

static gboolean
write_partner (sqlite3             *db,
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
  for (guint i = 0; i < G_N_ELEMENTS (text_fields); i++)
    bind_nullable (stmt, (int) i + 1, *FIELD_PTR (p, &text_fields[i]));
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
  if (!write_partner (db, partner, 0, error))
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
  if (!write_partner (db, partner, partner->id, error))
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

/* ------------------------------------------------------ export/import */

/**
 * amparo_partners_export_data:
 * @out_count: (out) (optional): partners written
 *
 * The active directory as a `.ampd` JSON document.
 *
 * Returns: (transfer full): the document, or %NULL
 */
char *
amparo_partners_export_data (AmparoVault *vault,
                             guint       *out_count,
                             GError     **error)
{
  g_autoptr(GPtrArray) partners = NULL;
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *today = amparo_date_today ();

  g_return_val_if_fail (AMPARO_IS_VAULT (vault), NULL);

  if (!amparo_vault_require_role (vault, FALSE, error))
    return NULL;
  partners = amparo_partners_list (vault, FALSE, error);
  if (partners == NULL)
    return NULL;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "format");
  json_builder_add_string_value (b, AMPARO_DIRECTORY_FORMAT);
  json_builder_set_member_name (b, "version");
  json_builder_add_int_value (b, AMPARO_DIRECTORY_VERSION);
  json_builder_set_member_name (b, "generated");
  json_builder_add_string_value (b, today);
  json_builder_set_member_name (b, "partners");
  json_builder_begin_array (b);
  for (guint i = 0; i < partners->len; i++)
    {
      AmparoPartner *p = g_ptr_array_index (partners, i);

      json_builder_begin_object (b);
      for (guint f = 0; f < G_N_ELEMENTS (text_fields); f++)
        {
          const char *value = *FIELD_PTR (p, &text_fields[f]);

          if (value == NULL)
            continue;
          json_builder_set_member_name (b, text_fields[f].member);
          json_builder_add_string_value (b, value);
        }
      json_builder_set_member_name (b, "tier");
      json_builder_add_int_value (b, p->tier);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);

  root = json_builder_get_root (b);
  json_generator_set_root (gen, root);
  json_generator_set_pretty (gen, TRUE);
  if (out_count != NULL)
    *out_count = partners->len;
  return json_generator_to_data (gen, NULL);
}

/**
 * amparo_partners_export:
 * @path: the file to write; replaced atomically if it exists
 *
 * Writes the active directory to @path and logs `directory.export`.
 */
gboolean
amparo_partners_export (AmparoVault *vault,
                        const char  *path,
                        guint       *out_count,
                        GError     **error)
{
  g_autofree char *data = NULL;
  g_autofree char *detail = NULL;
  g_autoptr(GError) local = NULL;
  guint count = 0;

  g_return_val_if_fail (AMPARO_IS_VAULT (vault), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  data = amparo_partners_export_data (vault, &count, error);
  if (data == NULL)
    return FALSE;
  if (!g_file_set_contents_full (path, data, -1,
                                 G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_DURABLE,
                                 0600, &local))
    {
      g_set_error (error, AMPARO_ERROR, AMPARO_ERROR_IO,
                   _("Could not write the directory file: %s"), local->message);
      return FALSE;
    }
  detail = g_strdup_printf ("partners=%u", count);
  if (!amparo_vault_audit (vault, "directory.export", 0, detail, error))
    return FALSE;
  if (out_count != NULL)
    *out_count = count;
  return TRUE;
}

typedef enum
{
  PROBLEM_MISSING,
  PROBLEM_NOT_TEXT,
  PROBLEM_NOT_NUMBER,
  PROBLEM_SECTOR,
  PROBLEM_TIER,
  PROBLEM_DATE,
  PROBLEM_TEXT,
} Problem;

/* Whole sentences per problem so translators never assemble fragments;
 * they name the entry's position and the member, never a value. */
static gboolean
malformed_member (GError    **error,
                  guint       entry,
                  const char *member,
                  Problem     problem)
{
  const char *format = NULL;

  switch (problem)
    {
    case PROBLEM_MISSING:
      /* Translators: %u is the position of a partner in the file, %s a member name */
      format = _("This is not a valid partner directory file: in partner %u, “%s” is missing");
      break;
    case PROBLEM_NOT_TEXT:
      format = _("This is not a valid partner directory file: in partner %u, “%s” is not text");
      break;
    case PROBLEM_NOT_NUMBER:
      format = _("This is not a valid partner directory file: in partner %u, “%s” is not a "
                 "whole number");
      break;
    case PROBLEM_SECTOR:
      format = _("This is not a valid partner directory file: in partner %u, “%s” is not a "
                 "known sector code");
      break;
    case PROBLEM_TIER:
      format = _("This is not a valid partner directory file: in partner %u, “%s” must be 1, 2, "
                 "3 or 4");
      break;
    case PROBLEM_DATE:
      format = _("This is not a valid partner directory file: in partner %u, “%s” is not a "
                 "valid date (YYYY-MM-DD)");
      break;
    case PROBLEM_TEXT:
    default:
      format = _("This is not a valid partner directory file: in partner %u, “%s” is too long "
                 "or holds characters that are not allowed");
      break;
    }
  g_set_error (error, AMPARO_ERROR, AMPARO_ERROR_MALFORMED, format, entry, member);
  return FALSE;
}

static gpointer
malformed (GError    **error,
           int         code,
           const char *message)
{
  g_set_error_literal (error, AMPARO_ERROR, code, message);
  return NULL;
}

static gboolean
is_string_node (JsonNode *node)
{
  return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING;
}

static gboolean
is_int_node (JsonNode *node)
{
  return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_INT64;
}

static const TextField *
text_field_for (const char *member)
{
  for (guint f = 0; f < G_N_ELEMENTS (text_fields); f++)
    if (g_str_equal (member, text_fields[f].member))
      return &text_fields[f];
  return NULL;
}

static AmparoPartner *
parse_partner (JsonNode *node,
               guint     entry,
               GError  **error)
{
  g_autoptr(AmparoPartner) p = amparo_partner_new ();
  g_autoptr(GList) members = NULL;
  JsonObject *obj;
  const char *bad = NULL;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, AMPARO_ERROR, AMPARO_ERROR_MALFORMED,
                   _("This is not a valid partner directory file: partner %u is not an object"),
                   entry);
      return NULL;
    }
  obj = json_node_get_object (node);
  members = json_object_get_members (obj);
  for (GList *l = members; l != NULL; l = l->next)
    {
      const char *name = l->data;
      JsonNode *value = json_object_get_member (obj, name);
      const TextField *field = text_field_for (name);

      if (g_str_equal (name, "tier"))
        {
          if (!is_int_node (value))
            return malformed_member (error, entry, name, PROBLEM_NOT_NUMBER), NULL;
          /* clamp before narrowing so a huge number cannot wrap into 1..4 */
          p->tier = (int) CLAMP (json_node_get_int (value), -1, 99);
        }
      else if (field != NULL)
        {
          if (!is_string_node (value))
            return malformed_member (error, entry, name, PROBLEM_NOT_TEXT), NULL;
          *FIELD_PTR (p, field) = g_strdup (json_node_get_string (value));
        }
      else
        {
          /* the member's name is not echoed: it could be anything */
          g_set_error (error, AMPARO_ERROR, AMPARO_ERROR_MALFORMED,
                       _("This is not a valid partner directory file: partner %u has a member "
                         "that is not allowed"), entry);
          return NULL;
        }
    }
  if (!json_object_has_member (obj, "tier"))
    return malformed_member (error, entry, "tier", PROBLEM_MISSING), NULL;
  if (!amparo_partner_validate (p, &bad, NULL))
    {
      const TextField *field = text_field_for (bad);
      Problem problem = PROBLEM_TEXT;

      if (field != NULL && *FIELD_PTR (p, field) == NULL)
        problem = PROBLEM_MISSING;
      else if (g_str_equal (bad, "sector"))
        problem = PROBLEM_SECTOR;
      else if (g_str_equal (bad, "tier"))
        problem = PROBLEM_TIER;
      else if (g_str_equal (bad, "agreement_signed") || g_str_equal (bad, "next_review"))
        problem = PROBLEM_DATE;
      return malformed_member (error, entry, bad, problem), NULL;
    }
  return g_steal_pointer (&p);
}

static GPtrArray *
parse_directory (const char *data,
                 gsize       length,
                 GError    **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify) amparo_partner_free);
  g_autoptr(GHashTable) keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GList) members = NULL;
  JsonNode *root, *node;
  JsonObject *obj;
  JsonArray *array;

  if (length > AMPARO_DIRECTORY_MAX_BYTES)
    {
      g_set_error (error, AMPARO_ERROR, AMPARO_ERROR_TOO_LARGE,
                   _("The directory file is larger than %d KiB and was not read"),
                   AMPARO_DIRECTORY_MAX_BYTES / 1024);
      return NULL;
    }
  if (!g_utf8_validate (data, (gssize) length, NULL))
    return malformed (error, AMPARO_ERROR_MALFORMED,
                      _("This is not a valid partner directory file: it is not UTF-8 text"));
  if (!json_parser_load_from_data (parser, data, (gssize) length, NULL)
      || (root = json_parser_get_root (parser)) == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return malformed (error, AMPARO_ERROR_MALFORMED,
                      _("This is not a valid partner directory file: it is damaged or "
                        "incomplete"));

  obj = json_node_get_object (root);
  node = json_object_get_member (obj, "format");
  if (node == NULL || !is_string_node (node)
      || !g_str_equal (json_node_get_string (node), AMPARO_DIRECTORY_FORMAT))
    return malformed (error, AMPARO_ERROR_MALFORMED,
                      _("This is not an Amparo partner directory file"));
  node = json_object_get_member (obj, "version");
  if (node == NULL || !is_int_node (node) || json_node_get_int (node) != AMPARO_DIRECTORY_VERSION)
    return malformed (error, AMPARO_ERROR_MALFORMED,
                      _("This partner directory file was written by a different version of "
                        "Amparo"));
  members = json_object_get_members (obj);
  for (GList *l = members; l != NULL; l = l->next)
    if (!g_str_equal (l->data, "format") && !g_str_equal (l->data, "version")
        && !g_str_equal (l->data, "generated") && !g_str_equal (l->data, "partners"))
      return malformed (error, AMPARO_ERROR_MALFORMED,
                        _("This is not a valid partner directory file: it has a member that is "
                          "not allowed"));
  node = json_object_get_member (obj, "generated");
  if (node != NULL && (!is_string_node (node) || !amparo_date_is_valid (json_node_get_string (node))))
    return malformed (error, AMPARO_ERROR_MALFORMED,
                      _("This is not a valid partner directory file: its date is not valid"));
  node = json_object_get_member (obj, "partners");
  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return malformed (error, AMPARO_ERROR_MALFORMED,
                      _("This is not a valid partner directory file: it has no list of "
                        "partners"));
  array = json_node_get_array (node);
  if (json_array_get_length (array) > AMPARO_DIRECTORY_MAX_PARTNERS)
    {
      g_set_error (error, AMPARO_ERROR, AMPARO_ERROR_TOO_LARGE,
                   _("The directory file lists more than %d partners and was not read"),
                   AMPARO_DIRECTORY_MAX_PARTNERS);
      return NULL;
    }

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      AmparoPartner *p = parse_partner (json_array_get_element (array, i), i + 1, error);

      if (p == NULL)
        return NULL;
      g_ptr_array_add (out, p);
      if (!g_hash_table_add (keys, match_key (p->name, p->sector)))
        {
          g_set_error (error, AMPARO_ERROR, AMPARO_ERROR_MALFORMED,
                       _("This is not a valid partner directory file: partner %u repeats an "
                         "organisation listed earlier"), i + 1);
          return NULL;
        }
    }
  return g_steal_pointer (&out);
}

/**
 * amparo_partners_import_data:
 * @out_added: (out) (optional): partners added
 * @out_updated: (out) (optional): existing partners updated
 *
 * Validates the whole document first, then applies it in one
 * transaction: either every entry is added or updated, or nothing
 * changes. See the top of this file for how entries are matched.
 */
gboolean
amparo_partners_import_data (AmparoVault *vault,
                             const char  *data,
                             gsize        length,
                             guint       *out_added,
                             guint       *out_updated,
                             GError     **error)
{
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GHashTable) keys = NULL;
  g_autofree char *detail = NULL;
  sqlite3 *db;
  guint added = 0, updated = 0;

  g_return_val_if_fail (AMPARO_IS_VAULT (vault), FALSE);
  g_return_val_if_fail (data != NULL, FALSE);

  if (!amparo_vault_require_role (vault, FALSE, error))
    return FALSE;
  entries = parse_directory (data, length, error);
  if (entries == NULL)
    return FALSE;
  db = amparo_vault_get_cases_db (vault, error);
  if (db == NULL || !amparo_db_begin (db, error))
    return FALSE;
  keys = stored_keys (db, error);
  if (keys == NULL)
    goto fail;

  for (guint i = 0; i < entries->len; i++)
    {
      AmparoPartner *p = g_ptr_array_index (entries, i);
      gint64 match = lookup_key (keys, p);

      if (match == 0)
        {
          if (!write_partner (db, p, 0, error))
            goto fail;
          added++;
        }
      else
        {
          g_autoptr(AmparoPartner) stored = amparo_partners_get (vault, match, error);

          if (stored == NULL)
            goto fail;
          for (guint f = 0; f < G_N_ELEMENTS (text_fields); f++)
            if (!text_fields[f].relationship)
              {
                char **field = FIELD_PTR (stored, &text_fields[f]);

                g_free (*field);
                *field = g_strdup (*FIELD_PTR (p, &text_fields[f]));
              }
          if (!write_partner (db, stored, match, error))
            goto fail;
          updated++;
        }
    }

  detail = g_strdup_printf ("added=%u updated=%u", added, updated);
  if (!amparo_vault_audit (vault, "directory.import", 0, detail, error)
      || !amparo_db_commit (db, error))
    goto fail;
  if (out_added != NULL)
    *out_added = added;
  if (out_updated != NULL)
    *out_updated = updated;
  return TRUE;

fail:
  amparo_db_rollback (db);
  return FALSE;
}

/**
 * amparo_partners_import:
 *
 * Reads @path, refusing before allocating more than
 * %AMPARO_DIRECTORY_MAX_BYTES, then amparo_partners_import_data().
 */
gboolean
amparo_partners_import (AmparoVault *vault,
                        const char  *path,
                        guint       *out_added,
                        guint       *out_updated,
                        GError     **error)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFileInputStream) in = NULL;
  g_autoptr(GError) local = NULL;
  g_autofree char *buffer = NULL;
  gsize n_read = 0;

  g_return_val_if_fail (AMPARO_IS_VAULT (vault), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  file = g_file_new_for_path (path);
  in = g_file_read (file, NULL, &local);
  if (in == NULL)
    {
      g_set_error (error, AMPARO_ERROR, AMPARO_ERROR_IO, _("Could not read the directory file: %s"),
                   local->message);
      return FALSE;
    }
  /* one byte more than allowed tells a file at the limit from a larger one */
  buffer = g_malloc (AMPARO_DIRECTORY_MAX_BYTES + 1);
  if (!g_input_stream_read_all (G_INPUT_STREAM (in), buffer, AMPARO_DIRECTORY_MAX_BYTES + 1,
                                &n_read, NULL, &local))
    {
      g_set_error (error, AMPARO_ERROR, AMPARO_ERROR_IO, _("Could not read the directory file: %s"),
                   local->message);
      return FALSE;
    }
  return amparo_partners_import_data (vault, buffer, n_read, out_added, out_updated, error);
}
