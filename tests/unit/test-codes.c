/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "amparo-codes.h"
#include "amparo-table.h"

static void
test_every_case_category_has_not_reported (void)
{
  static const char *const with_nr[] = {
    "age_band", "gender", "language", "limited_english", "race_ethnicity", "special_class",
    "victimization", "perpetrator_relationship", "perpetrator_sex", "child_age_band",
    "referral_source", NULL
  };

  for (guint i = 0; with_nr[i] != NULL; i++)
    g_assert_true (amparo_code_is_valid (with_nr[i], "not_reported"));
  g_assert_false (amparo_code_is_valid ("voca", "not_reported"));
  g_assert_false (amparo_code_is_valid ("gender", "Woman"));
  g_assert_false (amparo_code_is_valid ("no_such_category", "woman"));
}

static void
test_codes_are_unique_within_a_category (void)
{
  guint n;
  const AmparoCategory *const *cats = amparo_categories (&n);

  g_assert_cmpuint (n, >, 20);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
      for (const AmparoCode *c = cats[i]->codes; c->code != NULL; c++)
        {
          g_assert_false (g_hash_table_contains (seen, c->code));
          g_hash_table_add (seen, (gpointer) c->code);
          g_assert_nonnull (c->label);
        }
      g_assert_cmpuint (g_hash_table_size (seen), >, 0);
    }
}

static void
test_service_types_map_to_voca (void)
{
  const AmparoCategory *types = amparo_category_lookup ("service_type");

  g_assert_nonnull (types);
  for (const AmparoCode *c = types->codes; c->code != NULL; c++)
    g_assert_true (amparo_code_is_valid ("voca", amparo_service_type_category (c->code)));
  g_assert_null (amparo_service_type_category ("no_such_type"));
}

static void
test_table_specs_use_known_categories (void)
{
  guint n;
  const AmparoTableSpec *specs = amparo_table_specs (&n);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(AmparoTable) t = amparo_table_new_from_spec (&specs[i]);
      guint expected = 1;

      for (guint d = 0; specs[i].dims[d] != NULL; d++)
        {
          g_assert_nonnull (amparo_category_lookup (specs[i].dims[d]));
          expected *= amparo_category_n_codes (specs[i].dims[d]);
        }
      g_assert_cmpuint (t->cells->len, ==, expected);
      g_assert_true (amparo_table_spec_lookup (specs[i].id) == &specs[i]);
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/codes/not-reported", test_every_case_category_has_not_reported);
  g_test_add_func ("/codes/unique", test_codes_are_unique_within_a_category);
  g_test_add_func ("/codes/service-types", test_service_types_map_to_voca);
  g_test_add_func ("/codes/table-specs", test_table_specs_use_known_categories);
  return g_test_run ();
}
