/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "AmparoSummary"

#include <string.h>

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "amparo-codes.h"
#include "amparo-error.h"
#include "amparo-strict-json.h"
#include "amparo-summary.h"
#include "amparo-suppress.h"

/* Integers beyond 2^53 do not survive a trip through a double, which
 * most other JSON readers use; no count comes anywhere near. */
#define MAX_INT ((G_GINT64_CONSTANT (1) << 53) - 1)

/* root { tables [ table { cells [ cell { key [ */
#define SUMMARY_MAX_DEPTH 6

static const char *const summary_members[] = {
  "format", "agency", "period", "k", "sequence", "generated", "tables", NULL
};
static const char *const agency_members[] = { "id", "name", NULL };
static const char *const table_members[] = { "id", "dims", "additive", "total", "cells", NULL };
static const char *const count_cell_members[] = { "key", "count", NULL };
static const char *const suppressed_cell_members[] = { "key", "suppressed", NULL };

static gboolean
malformed (GError     **error,
           const char  *format,
           ...) G_GNUC_PRINTF (2, 3);

/* Always FALSE, so a check can end in "return malformed (...)". */
static gboolean
malformed (GError     **error,
           const char  *format,
           ...)
{
  va_list args;

  va_start (args, format);
  if (error != NULL)
    {
      g_assert (*error == NULL);
      *error = g_error_new_valist (AMPARO_ERROR, AMPARO_ERROR_MALFORMED, format, args);
    }
  va_end (args);
  return FALSE;
}

static gboolean
parse_digits (const char *s,
              guint       n,
              guint      *out)
{
  guint v = 0;

  for (guint i = 0; i < n; i++)
    {
      if (!g_ascii_isdigit (s[i]))
        return FALSE;
      v = v * 10 + (guint) (s[i] - '0');
    }
  *out = v;
  return TRUE;
}

static gboolean
date_is_valid (const char *date)
{
  guint y, m, d;

  return strlen (date) == 10
         && parse_digits (date, 4, &y) && date[4] == '-'
         && parse_digits (date + 5, 2, &m) && date[7] == '-'
         && parse_digits (date + 8, 2, &d)
         && y >= 2000 && y <= 2100 && m >= 1 && m <= 12 && d >= 1 && d <= 31
         && g_date_valid_dmy ((GDateDay) d, (GDateMonth) m, (GDateYear) y);
}

/* Every object and list a complete summary can hold: a bound that grows
 * with the catalogue, so a hostile file cannot make us build more. */
static guint
summary_max_containers (void)
{
  guint n_specs, n = 3; /* root, agency, tables */
  const AmparoTableSpec *specs = amparo_table_specs (&n_specs);

  for (guint i = 0; i < n_specs; i++)
    {
      guint cells = 1;

      for (guint d = 0; specs[i].dims[d] != NULL; d++)
        cells *= amparo_category_n_codes (specs[i].dims[d]);
      n += 3 + 2 * cells; /* table, dims, cells; each cell and its key */
    }
  return n;
}

/**
 * amparo_agency_name_is_valid:
 * @name: a display name
 *
 * An agency or coordinator name: 1 to %AMPARO_AGENCY_NAME_MAX characters
 * of UTF-8, not only spaces, without control characters, line breaks or
 * bidirectional overrides (which could make one name look like another).
 */
gboolean
amparo_agency_name_is_valid (const char *name)
{
  guint n = 0;
  gboolean visible = FALSE;

  g_return_val_if_fail (name != NULL, FALSE);

  if (!g_utf8_validate (name, -1, NULL))
    return FALSE;
  for (const char *p = name; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      GUnicodeType type = g_unichar_type (c);

      if (++n > AMPARO_AGENCY_NAME_MAX)
        return FALSE;
      if (type == G_UNICODE_CONTROL || type == G_UNICODE_LINE_SEPARATOR
          || type == G_UNICODE_PARAGRAPH_SEPARATOR || type == G_UNICODE_SURROGATE)
        return FALSE;
      if ((c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069))
        return FALSE;
      if (!g_unichar_isspace (c))
        visible = TRUE;
    }
  return visible;
}

/**
 * amparo_agency_id_is_valid:
 * @agency_id: a string
 *
 * Returns: whether @agency_id is a UUID written the one way Amparo writes
 *   them (`g_uuid_string_random()`: lower case, with dashes)
 */
gboolean
amparo_agency_id_is_valid (const char *agency_id)
{
  g_return_val_if_fail (agency_id != NULL, FALSE);

  if (!g_uuid_string_is_valid (agency_id))
    return FALSE;
  for (const char *p = agency_id; *p != '\0'; p++)
    if (g_ascii_isupper (*p))
      return FALSE;
  return TRUE;
}

/**
 * amparo_period_is_valid:
 * @period: a string
 *
 * Returns: whether @period is a fixed calendar period, `YYYY-Qn` (n 1–4),
 *   `YYYY-Hn` (n 1–2) or `YYYY-MM`, with the year in 2000–2100
 */
gboolean
amparo_period_is_valid (const char *period)
{
  guint year, month;

  g_return_val_if_fail (period != NULL, FALSE);

  if (strlen (period) != 7 || !parse_digits (period, 4, &year) || period[4] != '-'
      || year < 2000 || year > 2100)
    return FALSE;
  switch (period[5])
    {
    case 'Q':
      return period[6] >= '1' && period[6] <= '4';
    case 'H':
      return period[6] >= '1' && period[6] <= '2';
    default:
      return parse_digits (period + 5, 2, &month) && month >= 1 && month <= 12;
    }
}

/**
 * amparo_summary_new:
 *
 * Returns: (transfer full): an empty summary to fill in, format 1,
 *   %AMPARO_K_DEFAULT
 */
AmparoSummary *
amparo_summary_new (void)
{
  AmparoSummary *summary = g_new0 (AmparoSummary, 1);

  summary->format = AMPARO_SUMMARY_FORMAT;
  summary->k = AMPARO_K_DEFAULT;
  summary->tables = g_ptr_array_new_with_free_func ((GDestroyNotify) amparo_table_free);
  return summary;
}

void
amparo_summary_free (AmparoSummary *summary)
{
  if (summary == NULL)
    return;
  g_free (summary->agency_id);
  g_free (summary->agency_name);
  g_free (summary->period);
  g_free (summary->generated);
  g_ptr_array_unref (summary->tables);
  g_free (summary);
}

static void
add_string (JsonBuilder *builder,
            const char  *member,
            const char  *value)
{
  json_builder_set_member_name (builder, member);
  json_builder_add_string_value (builder, value);
}

static void
add_int (JsonBuilder *builder,
         const char  *member,
         gint64       value)
{
  json_builder_set_member_name (builder, member);
  json_builder_add_int_value (builder, value);
}

static void
add_strv (JsonBuilder        *builder,
          const char         *member,
          const char * const *strv)
{
  json_builder_set_member_name (builder, member);
  json_builder_begin_array (builder);
  for (guint i = 0; strv[i] != NULL; i++)
    json_builder_add_string_value (builder, strv[i]);
  json_builder_end_array (builder);
}

static void
add_table (JsonBuilder       *builder,
           const AmparoTable *table)
{
  json_builder_begin_object (builder);
  add_string (builder, "id", table->id);
  add_strv (builder, "dims", (const char * const *) table->dims);
  json_builder_set_member_name (builder, "additive");
  json_builder_add_boolean_value (builder, table->additive);
  json_builder_set_member_name (builder, "total");
  if (table->total == AMPARO_COUNT_SUPPRESSED)
    json_builder_add_null_value (builder);
  else
    json_builder_add_int_value (builder, table->total);

  json_builder_set_member_name (builder, "cells");
  json_builder_begin_array (builder);
  for (guint i = 0; i < table->cells->len; i++)
    {
      const AmparoCell *cell = g_ptr_array_index (table->cells, i);

      json_builder_begin_object (builder);
      add_strv (builder, "key", (const char * const *) cell->key);
      if (cell->count == AMPARO_COUNT_SUPPRESSED)
        {
          json_builder_set_member_name (builder, "suppressed");
          json_builder_add_boolean_value (builder, TRUE);
        }
      else
        add_int (builder, "count", cell->count);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
}

/**
 * amparo_summary_to_json:
 * @summary: a complete summary
 *
 * Writes the canonical payload: compact JSON with the members in the
 * order of DESIGN 5.2, so the same summary always gives the same bytes.
 * A suppressed count is `"suppressed": true` and a suppressed total
 * `null`.
 *
 * Returns: (transfer full): the payload
 */
char *
amparo_summary_to_json (const AmparoSummary *summary)
{
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;

  g_return_val_if_fail (summary != NULL, NULL);
  g_return_val_if_fail (summary->format == AMPARO_SUMMARY_FORMAT, NULL);
  g_return_val_if_fail (summary->agency_id != NULL && summary->agency_name != NULL, NULL);
  g_return_val_if_fail (summary->period != NULL && summary->generated != NULL, NULL);
  g_return_val_if_fail (summary->tables != NULL, NULL);

  json_builder_begin_object (builder);
  add_int (builder, "format", summary->format);
  json_builder_set_member_name (builder, "agency");
  json_builder_begin_object (builder);
  add_string (builder, "id", summary->agency_id);
  add_string (builder, "name", summary->agency_name);
  json_builder_end_object (builder);
  add_string (builder, "period", summary->period);
  add_int (builder, "k", summary->k);
  add_int (builder, "sequence", summary->sequence);
  add_string (builder, "generated", summary->generated);
  json_builder_set_member_name (builder, "tables");
  json_builder_begin_array (builder);
  for (guint i = 0; i < summary->tables->len; i++)
    add_table (builder, g_ptr_array_index (summary->tables, i));
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_pretty (generator, FALSE);
  json_generator_set_root (generator, root);
  return json_generator_to_data (generator, NULL);
}

static gboolean
read_cell (JsonNode              *node,
           const AmparoTableSpec *spec,
           guint                  index,
           AmparoCell            *cell,
           GError               **error)
{
  /* Translators: fills the %s of messages such as “There is a member
   * that is not allowed in %s.”; the table id is not translated */
  g_autofree char *where = g_strdup_printf (_("cell %u of table “%s”"), index + 1, spec->id);
  guint n_dims = g_strv_length (cell->key);
  JsonObject *object;
  JsonArray *key;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return malformed (error, _("Cell %u of table “%s” is not an object."), index + 1, spec->id);
  object = json_node_get_object (node);
  if (!amparo_json_check_members (object,
                                  json_object_has_member (object, "suppressed")
                                    ? suppressed_cell_members : count_cell_members,
                                  where, error))
    return FALSE;

  key = amparo_json_get_array (object, "key", where, error);
  if (key == NULL)
    return FALSE;
  if (json_array_get_length (key) != n_dims)
    return malformed (error, _("The key of cell %u of table “%s” does not hold one code per "
                               "dimension."), index + 1, spec->id);
  for (guint d = 0; d < n_dims; d++)
    {
      JsonNode *code = json_array_get_element (key, d);

      if (!JSON_NODE_HOLDS_VALUE (code) || json_node_get_value_type (code) != G_TYPE_STRING)
        return malformed (error, _("The key of cell %u of table “%s” must hold only codes."),
                          index + 1, spec->id);
      if (!amparo_code_is_valid (spec->dims[d], json_node_get_string (code)))
        return malformed (error, _("The key of cell %u of table “%s” holds an unknown code."),
                          index + 1, spec->id);
      /* One fixed order makes a missing, repeated or swapped cell visible
       * and keeps the payload canonical. */
      if (!g_str_equal (json_node_get_string (code), cell->key[d]))
        return malformed (error, _("Cell %u of table “%s” is out of place: a table lists every "
                                   "code once, in catalogue order."), index + 1, spec->id);
    }

  if (json_object_has_member (object, "suppressed"))
    {
      gboolean suppressed;

      if (!amparo_json_get_boolean (object, "suppressed", where, &suppressed, error))
        return FALSE;
      if (!suppressed)
        return malformed (error, _("The member “suppressed” of %s may only be true."), where);
      cell->count = AMPARO_COUNT_SUPPRESSED;
      return TRUE;
    }
  return amparo_json_get_int (object, "count", where, 0, MAX_INT, &cell->count, error);
}

static gboolean
read_dims (JsonArray             *dims,
           const AmparoTableSpec *spec,
           GError               **error)
{
  guint n = g_strv_length ((char **) spec->dims);

  if (json_array_get_length (dims) != n)
    goto wrong;
  for (guint d = 0; d < n; d++)
    {
      JsonNode *dim = json_array_get_element (dims, d);

      if (!JSON_NODE_HOLDS_VALUE (dim) || json_node_get_value_type (dim) != G_TYPE_STRING
          || !g_str_equal (json_node_get_string (dim), spec->dims[d]))
        goto wrong;
    }
  return TRUE;

wrong:
  return malformed (error, _("The dimensions of table “%s” are not the ones it has."), spec->id);
}

static gboolean
read_table (JsonNode   *node,
            guint       index,
            GHashTable *seen,
            GPtrArray  *tables,
            GError    **error)
{
  /* Translators: fills the %s of messages such as “There is a member
   * that is not allowed in %s.” */
  g_autofree char *where = g_strdup_printf (_("table %u"), index + 1);
  g_autoptr(AmparoTable) table = NULL;
  const AmparoTableSpec *spec;
  JsonObject *object;
  JsonArray *dims, *cells;
  JsonNode *total;
  const char *id;
  gboolean additive;
  guint n_cells;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return malformed (error, _("Table %u of the summary is not an object."), index + 1);
  object = json_node_get_object (node);
  if (!amparo_json_check_members (object, table_members, where, error))
    return FALSE;
  id = amparo_json_get_string (object, "id", where, error);
  if (id == NULL)
    return FALSE;
  spec = amparo_table_spec_lookup (id);
  if (spec == NULL)
    return malformed (error, _("Table %u of the summary is not one this version of Amparo "
                               "knows."), index + 1);
  if (!g_hash_table_add (seen, (gpointer) spec))
    return malformed (error, _("The summary holds table “%s” twice."), spec->id);

  /* From here on the catalogue's id, never the file's, names the table. */
  g_free (where);
  /* Translators: as “table %u” above; the table id is not translated */
  where = g_strdup_printf (_("table “%s”"), spec->id);

  dims = amparo_json_get_array (object, "dims", where, error);
  if (dims == NULL || !read_dims (dims, spec, error))
    return FALSE;
  if (!amparo_json_get_boolean (object, "additive", where, &additive, error))
    return FALSE;
  if (additive != spec->additive)
    return malformed (error, _("Table “%s” is wrongly marked as additive or not."), spec->id);

  table = amparo_table_new_from_spec (spec);
  total = json_object_get_member (object, "total");
  if (total == NULL)
    return malformed (error, _("The member “%s” is missing from %s."), "total", where);
  if (JSON_NODE_HOLDS_NULL (total))
    table->total = AMPARO_COUNT_SUPPRESSED;
  else if (!amparo_json_node_is_int (total))
    return malformed (error, _("The member “%s” of %s must be %s."), "total", where,
                      _("a whole number or null"));
  else if (json_node_get_int (total) < 0 || json_node_get_int (total) > MAX_INT)
    return malformed (error, _("The member “%s” of %s is out of range."), "total", where);
  else
    table->total = json_node_get_int (total);

  cells = amparo_json_get_array (object, "cells", where, error);
  if (cells == NULL)
    return FALSE;
  n_cells = json_array_get_length (cells);
  for (guint i = 0; i < MIN (n_cells, table->cells->len); i++)
    if (!read_cell (json_array_get_element (cells, i), spec, i,
                    g_ptr_array_index (table->cells, i), error))
      return FALSE;
  if (n_cells < table->cells->len)
    return malformed (error, _("Table “%s” lacks some of its cells."), spec->id);
  if (n_cells > table->cells->len)
    return malformed (error, _("Table “%s” has more cells than it can have."), spec->id);

  g_ptr_array_add (tables, g_steal_pointer (&table));
  return TRUE;
}

static gboolean
read_agency (JsonObject    *root,
             AmparoSummary *summary,
             GError       **error)
{
  const char *where = _("the agency");
  JsonObject *agency;
  const char *id, *name;

  agency = amparo_json_get_object (root, "agency", _("the summary"), error);
  if (agency == NULL || !amparo_json_check_members (agency, agency_members, where, error))
    return FALSE;
  id = amparo_json_get_string (agency, "id", where, error);
  if (id == NULL)
    return FALSE;
  if (!amparo_agency_id_is_valid (id))
    return malformed (error, _("The agency’s id is not a valid id."));
  name = amparo_json_get_string (agency, "name", where, error);
  if (name == NULL)
    return FALSE;
  if (!amparo_agency_name_is_valid (name))
    return malformed (error, _("The agency’s name is empty, too long or holds forbidden "
                               "characters."));
  summary->agency_id = g_strdup (id);
  summary->agency_name = g_strdup (name);
  return TRUE;
}

static gboolean
read_summary (JsonObject    *root,
              AmparoSummary *summary,
              GError       **error)
{
  /* Translators: fills the %s of messages such as “There is a member
   * that is not allowed in %s.” */
  const char *where = _("the summary");
  g_autoptr(GHashTable) seen = g_hash_table_new (NULL, NULL);
  JsonArray *tables;
  const char *text;
  gint64 v;

  if (!amparo_json_check_members (root, summary_members, where, error))
    return FALSE;

  if (!amparo_json_get_int (root, "format", where, G_MININT64, G_MAXINT64, &v, error))
    return FALSE;
  if (v != AMPARO_SUMMARY_FORMAT)
    return malformed (error, _("The summary is in a format this version of Amparo cannot "
                               "read."));
  if (!read_agency (root, summary, error))
    return FALSE;

  text = amparo_json_get_string (root, "period", where, error);
  if (text == NULL)
    return FALSE;
  if (!amparo_period_is_valid (text))
    return malformed (error, _("The summary’s period is not a month, quarter or half-year "
                               "between 2000 and 2100."));
  summary->period = g_strdup (text);

  if (!amparo_json_get_int (root, "k", where, AMPARO_K_MIN, AMPARO_K_MAX, &v, error))
    return FALSE;
  summary->k = (int) v;
  if (!amparo_json_get_int (root, "sequence", where, 1, MAX_INT, &summary->sequence, error))
    return FALSE;

  text = amparo_json_get_string (root, "generated", where, error);
  if (text == NULL)
    return FALSE;
  if (!date_is_valid (text))
    return malformed (error, _("The summary’s generation date is not a valid date."));
  summary->generated = g_strdup (text);

  tables = amparo_json_get_array (root, "tables", where, error);
  if (tables == NULL)
    return FALSE;
  for (guint i = 0; i < json_array_get_length (tables); i++)
    if (!read_table (json_array_get_element (tables, i), i, seen, summary->tables, error))
      return FALSE;
  return TRUE;
}

/**
 * amparo_summary_from_json:
 * @data: a payload, not necessarily NUL-terminated
 * @len: its length in bytes
 * @error: return location for an error
 *
 * Reads a payload strictly: exactly the members of DESIGN 5.2 at every
 * level, each of the right type and range, every table from the
 * catalogue at most once, with the catalogue's dimensions and every code
 * combination once in catalogue order. It does not check suppression
 * (amparo_summary_validate_suppression()) nor who signed it.
 *
 * Returns: (transfer full): the summary, or %NULL with
 *   %AMPARO_ERROR_TOO_LARGE past %AMPARO_SUMMARY_MAX_SIZE or
 *   %AMPARO_ERROR_MALFORMED naming the table or member at fault
 */
AmparoSummary *
amparo_summary_from_json (const char *data,
                          gsize       len,
                          GError    **error)
{
  g_autoptr(AmparoSummary) summary = NULL;
  g_autoptr(JsonNode) root = NULL;

  g_return_val_if_fail (data != NULL || len == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (len > AMPARO_SUMMARY_MAX_SIZE)
    {
      g_set_error_literal (error, AMPARO_ERROR, AMPARO_ERROR_TOO_LARGE,
                           _("The summary is larger than any real summary can be; it was not "
                             "read."));
      return NULL;
    }
  root = amparo_json_parse_strict (data, len, SUMMARY_MAX_DEPTH, summary_max_containers (),
                                   error);
  if (root == NULL)
    return NULL;
  summary = amparo_summary_new ();
  if (!read_summary (json_node_get_object (root), summary, error))
    return NULL;
  return g_steal_pointer (&summary);
}
