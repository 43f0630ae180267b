/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "AmparoTable"

#include <glib/gi18n.h>

#include "amparo-codes.h"
#include "amparo-table.h"

/* What may leave an agency. Each table counts survivors served in the
 * period unless its total says otherwise. Additive tables partition their
 * total (each survivor, service or referral falls in exactly one cell);
 * multi-valued categories make a table non-additive. */
static const AmparoTableSpec specs[] = {
  { "cases", N_("Survivors served"), { "case_flow", NULL }, TRUE, N_("Survivors served") },
  { "age_band", N_("Age"), { "age_band", NULL }, TRUE, N_("Survivors served") },
  { "gender", N_("Gender"), { "gender", NULL }, TRUE, N_("Survivors served") },
  { "language", N_("Language"), { "language", NULL }, TRUE, N_("Survivors served") },
  { "limited_english", N_("Limited English"), { "limited_english", NULL }, TRUE,
    N_("Survivors served") },
  { "race_ethnicity", N_("Race and ethnicity"), { "race_ethnicity", NULL }, FALSE,
    N_("Survivors served") },
  { "special_class", N_("Special classifications"), { "special_class", NULL }, FALSE,
    N_("Survivors served") },
  { "victimization", N_("Type of victimization"), { "victimization", NULL }, FALSE,
    N_("Survivors served") },
  { "victimization_age", N_("Type of victimization by age"),
    { "victimization", "age_band", NULL }, FALSE, N_("Survivors served") },
  { "perpetrator_relationship", N_("Relationship to the person who caused harm"),
    { "perpetrator_relationship", NULL }, TRUE, N_("Survivors served") },
  { "perpetrator_sex", N_("Sex of the person who caused harm"), { "perpetrator_sex", NULL },
    TRUE, N_("Survivors served") },
  { "referral_source", N_("Referral source"), { "referral_source", NULL }, TRUE,
    N_("Survivors served") },
  { "children", N_("Accompanying children by age"), { "child_age_band", NULL }, TRUE,
    N_("Accompanying children") },
  { "services", N_("Services given"), { "voca", NULL }, TRUE, N_("Services given") },
  { "service_hours", N_("Hours of service"), { "voca", NULL }, TRUE, N_("Hours of service") },
  { "service_survivors", N_("Survivors receiving each kind of service"), { "voca", NULL }, FALSE,
    N_("Survivors receiving services") },
  { "shelter", N_("Shelter"), { "shelter_measure", NULL }, FALSE, N_("Survivors sheltered") },
  { "referrals_out", N_("Referrals made to partners"), { "sector", "referral_status", NULL },
    TRUE, N_("Referrals out") },
  { "referrals_in", N_("Referrals received from partners"), { "sector", NULL }, TRUE,
    N_("Referrals in") },
  { "outcome_safety_strategies", N_("Knows more ways to plan for safety"),
    { "outcome_answer", NULL }, TRUE, N_("Cases closed") },
  { "outcome_knows_resources", N_("Knows more about community resources"),
    { "outcome_answer", NULL }, TRUE, N_("Cases closed") },
  { "completeness", N_("Information gaps (not reported)"), { "completeness_field", NULL }, FALSE,
    N_("Survivors served") },
};

const AmparoTableSpec *
amparo_table_specs (guint *n_specs)
{
  if (n_specs != NULL)
    *n_specs = G_N_ELEMENTS (specs);
  return specs;
}

const AmparoTableSpec *
amparo_table_spec_lookup (const char *id)
{
  g_return_val_if_fail (id != NULL, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (specs); i++)
    if (g_str_equal (specs[i].id, id))
      return &specs[i];
  return NULL;
}

static void
cell_free (gpointer data)
{
  AmparoCell *cell = data;

  g_strfreev (cell->key);
  g_free (cell);
}

AmparoTable *
amparo_table_new (const char         *id,
                  const char * const *dims,
                  gboolean            additive)
{
  AmparoTable *table;

  g_return_val_if_fail (id != NULL, NULL);
  g_return_val_if_fail (dims != NULL && dims[0] != NULL, NULL);

  table = g_new0 (AmparoTable, 1);
  table->id = g_strdup (id);
  table->dims = g_strdupv ((char **) dims);
  table->additive = additive;
  table->total = 0;
  table->cells = g_ptr_array_new_with_free_func (cell_free);
  return table;
}

/**
 * amparo_table_new_from_spec:
 *
 * Returns: a table with one zero cell for every combination of codes of
 *   the spec's dimensions, in catalogue order
 */
AmparoTable *
amparo_table_new_from_spec (const AmparoTableSpec *spec)
{
  AmparoTable *table;
  const AmparoCategory *a, *b = NULL;

  g_return_val_if_fail (spec != NULL, NULL);

  table = amparo_table_new (spec->id, spec->dims, spec->additive);
  a = amparo_category_lookup (spec->dims[0]);
  if (spec->dims[1] != NULL)
    b = amparo_category_lookup (spec->dims[1]);
  g_assert (a != NULL);

  for (const AmparoCode *ca = a->codes; ca->code != NULL; ca++)
    {
      if (b == NULL)
        {
          const char *key[] = { ca->code, NULL };
          amparo_table_add (table, key, 0);
          continue;
        }
      for (const AmparoCode *cb = b->codes; cb->code != NULL; cb++)
        {
          const char *key[] = { ca->code, cb->code, NULL };
          amparo_table_add (table, key, 0);
        }
    }
  return table;
}

void
amparo_table_free (AmparoTable *table)
{
  if (table == NULL)
    return;
  g_free (table->id);
  g_strfreev (table->dims);
  g_ptr_array_unref (table->cells);
  g_free (table);
}

AmparoTable *
amparo_table_copy (const AmparoTable *table)
{
  AmparoTable *copy;

  g_return_val_if_fail (table != NULL, NULL);

  copy = amparo_table_new (table->id, (const char * const *) table->dims, table->additive);
  copy->total = table->total;
  for (guint i = 0; i < table->cells->len; i++)
    {
      const AmparoCell *cell = g_ptr_array_index (table->cells, i);
      amparo_table_add (copy, (const char * const *) cell->key, cell->count);
    }
  return copy;
}

guint
amparo_table_n_dims (const AmparoTable *table)
{
  return g_strv_length (table->dims);
}

AmparoCell *
amparo_table_add (AmparoTable        *table,
                  const char * const *key,
                  gint64              count)
{
  AmparoCell *cell;

  g_return_val_if_fail (table != NULL, NULL);
  g_return_val_if_fail (key != NULL, NULL);
  g_return_val_if_fail (g_strv_length ((char **) key) == amparo_table_n_dims (table), NULL);

  cell = g_new0 (AmparoCell, 1);
  cell->key = g_strdupv ((char **) key);
  cell->count = count;
  g_ptr_array_add (table->cells, cell);
  return cell;
}

AmparoCell *
amparo_table_lookup (const AmparoTable  *table,
                     const char * const *key)
{
  g_return_val_if_fail (table != NULL, NULL);
  g_return_val_if_fail (key != NULL, NULL);

  for (guint i = 0; i < table->cells->len; i++)
    {
      AmparoCell *cell = g_ptr_array_index (table->cells, i);
      if (g_strv_equal ((const char * const *) cell->key, key))
        return cell;
    }
  return NULL;
}

void
amparo_table_increment (AmparoTable        *table,
                        const char * const *key,
                        gint64              by)
{
  AmparoCell *cell = amparo_table_lookup (table, key);

  if (cell == NULL)
    cell = amparo_table_add (table, key, 0);
  g_return_if_fail (cell->count != AMPARO_COUNT_SUPPRESSED);
  cell->count += by;
}

gboolean
amparo_table_equal (const AmparoTable *a,
                    const AmparoTable *b)
{
  if (!g_str_equal (a->id, b->id) || a->additive != b->additive || a->total != b->total
      || !g_strv_equal ((const char * const *) a->dims, (const char * const *) b->dims)
      || a->cells->len != b->cells->len)
    return FALSE;
  for (guint i = 0; i < a->cells->len; i++)
    {
      const AmparoCell *ca = g_ptr_array_index (a->cells, i);
      const AmparoCell *cb = g_ptr_array_index (b->cells, i);
      if (ca->count != cb->count
          || !g_strv_equal ((const char * const *) ca->key, (const char * const *) cb->key))
        return FALSE;
    }
  return TRUE;
}
