/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "AmparoPartners"

#include <string.h>
#include <json-glib/json-glib.h>
#include <glib/gi18n.h>

#include "amparo-cases.h"
#include "amparo-db.h"
#include "amparo-error.h"
#include "amparo-partners.h"
#include "amparo-partners-private.h"
#include "amparo-vault.h"

/* The directory file (.ampd) agencies hand each other to share their
 * partner lists. It carries partner organisations only: nothing here
 * reads a case, so no client data can reach it. Import validates the
 * whole file before touching the vault: format and version, only the
 * allowed members, sizes, UTF-8, no control characters, sector codes,
 * tiers 1..4, dates; at most 1 MiB and 2,000 partners.
 *
 * Import matches an entry to a stored partner by organisation name
 * (compared case-, accent-composition- and spacing-insensitively) and
 * sector. A match updates the directory facts (services, eligibility,
 * languages, hours, channels, point of contact) but keeps this agency's
 * own record of its relationship with the partner — tier, agreement
 * dates, confidentiality-duties note and whether it is retired — since
 * another agency's file cannot know those. Entries without a match are
 * added with every field from the file. */

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
      for (guint f = 0; f < AMPARO_N_PARTNER_FIELDS; f++)
        {
          const char *value = *AMPARO_PARTNER_FIELD_PTR (p, &amparo_partner_fields[f]);

          if (value == NULL)
            continue;
          json_builder_set_member_name (b, amparo_partner_fields[f].member);
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

static const AmparoPartnerField *
text_field_for (const char *member)
{
  for (guint f = 0; f < AMPARO_N_PARTNER_FIELDS; f++)
    if (g_str_equal (member, amparo_partner_fields[f].member))
      return &amparo_partner_fields[f];
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
      const AmparoPartnerField *field = text_field_for (name);

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
          *AMPARO_PARTNER_FIELD_PTR (p, field) = g_strdup (json_node_get_string (value));
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
      const AmparoPartnerField *field = text_field_for (bad);
      Problem problem = PROBLEM_TEXT;

      if (field != NULL && *AMPARO_PARTNER_FIELD_PTR (p, field) == NULL)
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

/* Validates a whole .ampd document without touching any vault (also
 * for the fuzz target); the entries are #AmparoPartner. */
GPtrArray *
amparo_partners_parse_directory (const char *data,
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

  /* an empty file may come as no buffer at all */
  if (data == NULL)
    {
      data = "";
      length = 0;
    }
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
      if (!g_hash_table_add (keys, amparo_partners_match_key (p->name, p->sector)))
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
  entries = amparo_partners_parse_directory (data, length, error);
  if (entries == NULL)
    return FALSE;
  db = amparo_vault_get_cases_db (vault, error);
  if (db == NULL || !amparo_db_begin (db, error))
    return FALSE;
  keys = amparo_partners_stored_keys (db, error);
  if (keys == NULL)
    goto fail;

  for (guint i = 0; i < entries->len; i++)
    {
      AmparoPartner *p = g_ptr_array_index (entries, i);
      gint64 match = amparo_partners_lookup_key (keys, p);

      if (match == 0)
        {
          if (!amparo_partners_write (db, p, 0, error))
            goto fail;
          added++;
        }
      else
        {
          g_autoptr(AmparoPartner) stored = amparo_partners_get (vault, match, error);

          if (stored == NULL)
            goto fail;
          for (guint f = 0; f < AMPARO_N_PARTNER_FIELDS; f++)
            if (!amparo_partner_fields[f].relationship)
              {
                char **field = AMPARO_PARTNER_FIELD_PTR (stored, &amparo_partner_fields[f]);

                g_free (*field);
                *field = g_strdup (*AMPARO_PARTNER_FIELD_PTR (p, &amparo_partner_fields[f]));
              }
          if (!amparo_partners_write (db, stored, match, error))
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
