/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <string.h>

#include <sodium.h>

#include "amparo-error.h"
#include "amparo-strict-json.h"
#include "amparo-summary.h"
#include "amparo-table.h"

/* One small table, written the one canonical way. */
#define TINY \
  "{\"format\":1,\"agency\":{\"id\":\"6f1c2a8e-3b4d-4c5e-9f60-718293a4b5c6\"," \
  "\"name\":\"Casa Esperanza\"},\"period\":\"2026-Q3\",\"k\":5,\"sequence\":7," \
  "\"generated\":\"2026-10-02\",\"tables\":[{\"id\":\"limited_english\"," \
  "\"dims\":[\"limited_english\"],\"additive\":true,\"total\":null,\"cells\":[" \
  "{\"key\":[\"yes\"],\"count\":12},{\"key\":[\"no\"],\"suppressed\":true}," \
  "{\"key\":[\"not_reported\"],\"suppressed\":true}]}]}"

typedef struct
{
  guint8 coord_pk[32], coord_sk[32];
  guint8 other_pk[32], other_sk[32];
  guint8 agency_pk[32], agency_sk[64];
  guint8 forger_pk[32], forger_sk[64];
} Keys;

static Keys keys;

static AmparoSummary *
make_summary (void)
{
  AmparoSummary *s = amparo_summary_new ();
  guint n;
  const AmparoTableSpec *specs = amparo_table_specs (&n);

  s->agency_id = g_strdup ("6f1c2a8e-3b4d-4c5e-9f60-718293a4b5c6");
  s->agency_name = g_strdup ("Centro de Apoyo “La Esperanza” — Condado Norte");
  s->period = g_strdup ("2026-Q3");
  s->k = 5;
  s->sequence = 7;
  s->generated = g_strdup ("2026-10-02");
  for (guint i = 0; i < n; i++)
    {
      AmparoTable *t = amparo_table_new_from_spec (&specs[i]);
      gint64 total = 0;

      for (guint j = 0; j < t->cells->len; j++)
        {
          AmparoCell *cell = g_ptr_array_index (t->cells, j);
          gint64 count = (i * 31 + j * 7) % 23;

          cell->count = count >= 1 && count < 5 ? AMPARO_COUNT_SUPPRESSED : count;
          total += count;
        }
      t->total = i % 5 == 0 ? AMPARO_COUNT_SUPPRESSED : total;
      g_ptr_array_add (s->tables, t);
    }
  return s;
}

/* TINY with the first @needle replaced. */
static char *
edit (const char *json,
      const char *needle,
      const char *replacement)
{
  const char *at = strstr (json, needle);

  g_assert_nonnull (at);
  return g_strdup_printf ("%.*s%s%s", (int) (at - json), json, replacement, at + strlen (needle));
}

static void
assert_refused_with (const char *json,
                     gsize       len,
                     int         code)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AmparoSummary) s = amparo_summary_from_json (json, len, &error);

  if (s != NULL)
    g_test_message ("accepted: %.*s", (int) MIN (len, 300), json);
  g_assert_null (s);
  g_assert_nonnull (error);
  g_test_message ("refused: %s", error->message);
  g_assert_error (error, AMPARO_ERROR, code);
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
}

static void
assert_malformed (const char *json)
{
  assert_refused_with (json, strlen (json), AMPARO_ERROR_MALFORMED);
}

static void
assert_edit_malformed (const char *needle,
                       const char *replacement)
{
  g_autofree char *json = edit (TINY, needle, replacement);

  assert_malformed (json);
}

static void
assert_edit_accepted (const char *needle,
                      const char *replacement)
{
  g_autofree char *json = edit (TINY, needle, replacement);
  g_autoptr(GError) error = NULL;
  g_autoptr(AmparoSummary) s = amparo_summary_from_json (json, strlen (json), &error);

  g_assert_no_error (error);
  g_assert_nonnull (s);
}

static void
test_round_trip_is_equal_and_canonical (void)
{
  g_autoptr(AmparoSummary) s = make_summary ();
  g_autoptr(AmparoSummary) back = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *json = amparo_summary_to_json (s);
  g_autofree char *again = NULL;
  guint suppressed_totals = 0, suppressed_cells = 0;

  back = amparo_summary_from_json (json, strlen (json), &error);
  g_assert_no_error (error);
  g_assert_cmpint (back->format, ==, 1);
  g_assert_cmpstr (back->agency_id, ==, s->agency_id);
  g_assert_cmpstr (back->agency_name, ==, s->agency_name);
  g_assert_cmpstr (back->period, ==, s->period);
  g_assert_cmpint (back->k, ==, s->k);
  g_assert_cmpint (back->sequence, ==, s->sequence);
  g_assert_cmpstr (back->generated, ==, s->generated);
  g_assert_cmpuint (back->tables->len, ==, s->tables->len);
  for (guint i = 0; i < s->tables->len; i++)
    {
      AmparoTable *t = g_ptr_array_index (back->tables, i);

      g_assert_true (amparo_table_equal (g_ptr_array_index (s->tables, i), t));
      suppressed_totals += t->total == AMPARO_COUNT_SUPPRESSED;
      for (guint j = 0; j < t->cells->len; j++)
        suppressed_cells += ((AmparoCell *) g_ptr_array_index (t->cells, j))->count
                            == AMPARO_COUNT_SUPPRESSED;
    }
  /* the data exercise both spellings of a suppressed number */
  g_assert_cmpuint (suppressed_totals, >, 0);
  g_assert_cmpuint (suppressed_cells, >, 0);

  again = amparo_summary_to_json (back);
  g_assert_cmpstr (again, ==, json);
  g_assert_null (strchr (json, '\n'));
  g_assert_null (strstr (json, ": "));
}

static void
test_canonical_bytes_follow_design (void)
{
  g_autoptr(AmparoSummary) s = amparo_summary_new ();
  g_autoptr(AmparoSummary) back = NULL;
  g_autoptr(GError) error = NULL;
  const AmparoTableSpec *spec = amparo_table_spec_lookup ("limited_english");
  AmparoTable *t = amparo_table_new_from_spec (spec);
  g_autofree char *json = NULL;
  g_autofree char *again = NULL;

  s->agency_id = g_strdup ("6f1c2a8e-3b4d-4c5e-9f60-718293a4b5c6");
  s->agency_name = g_strdup ("Casa Esperanza");
  s->period = g_strdup ("2026-Q3");
  s->sequence = 7;
  s->generated = g_strdup ("2026-10-02");
  t->total = AMPARO_COUNT_SUPPRESSED;
  ((AmparoCell *) g_ptr_array_index (t->cells, 0))->count = 12;
  ((AmparoCell *) g_ptr_array_index (t->cells, 1))->count = AMPARO_COUNT_SUPPRESSED;
  ((AmparoCell *) g_ptr_array_index (t->cells, 2))->count = AMPARO_COUNT_SUPPRESSED;
  g_ptr_array_add (s->tables, t);

  json = amparo_summary_to_json (s);
  g_assert_cmpstr (json, ==, TINY);

  back = amparo_summary_from_json (TINY, strlen (TINY), &error);
  g_assert_no_error (error);
  again = amparo_summary_to_json (back);
  g_assert_cmpstr (again, ==, TINY);
}

static void
test_unknown_member_refused_at_every_level (void)
{
  assert_edit_malformed ("{\"format\"", "{\"extra\":1,\"format\"");
  assert_edit_malformed ("\"name\":", "\"city\":\"x\",\"name\":");
  assert_edit_malformed ("\"additive\"", "\"note\":\"x\",\"additive\"");
  assert_edit_malformed ("\"count\":12", "\"count\":12,\"case\":1");
  /* both spellings of a cell at once */
  assert_edit_malformed ("\"count\":12", "\"count\":12,\"suppressed\":true");
  assert_edit_malformed ("\"suppressed\":true", "\"suppressed\":true,\"count\":1");
}

static void
test_missing_member_refused (void)
{
  assert_edit_malformed ("\"k\":5,", "");
  assert_edit_malformed ("\"period\":\"2026-Q3\",", "");
  assert_edit_malformed (",\"name\":\"Casa Esperanza\"", "");
  assert_edit_malformed ("\"total\":null,", "");
  assert_edit_malformed ("\"additive\":true,", "");
  assert_edit_malformed (",\"count\":12", "");
  assert_edit_malformed ("{\"key\":[\"yes\"],", "{");
}

static void
test_duplicate_member_refused (void)
{
  assert_edit_malformed ("\"k\":5", "\"k\":5,\"k\":5");
  assert_edit_malformed ("\"k\":5", "\"k\":20,\"k\":5");
  assert_edit_malformed ("\"name\":", "\"name\":\"Other\",\"name\":");
  assert_edit_malformed ("\"total\":null", "\"total\":null,\"total\":3");
  assert_edit_malformed ("\"count\":12", "\"count\":1,\"count\":12");
  assert_edit_malformed ("{\"key\":[\"yes\"]", "{\"key\":[\"no\"],\"key\":[\"yes\"]");
}

/* The strict reader itself: a name given twice in any object is refused
 * (also when written differently, or when the object is deep in a list),
 * and the same name in different objects is not. */
static void
test_strict_json_repeated_names (void)
{
  const char *twice[] = {
    "{\"a\":1,\"a\":1}",
    "{\"a\":1,\"\\u0061\":2}",
    "{\"x\":[{\"b\":1},{\"c\":{\"d\":1,\"d\":2}}]}",
    "{\"o\":{\"p\":1},\"o\":{\"p\":1}}",
    "{\"l\":[[{}],[{\"e\":[],\"e\":[]}]]}",
  };
  const char *once[] = {
    "{}",
    "{\"a\":\"a\",\"b\":{\"a\":\"b\"},\"c\":[{\"a\":1},{\"a\":2}]}",
    "{\"l\":[[{}],[{\"e\":[],\"f\":{\"e\":{}}}]],\"e\":\"e:e,e\"}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (twice); i++)
    {
      g_autoptr(GError) error = NULL;
      JsonNode *root = amparo_json_parse_strict (twice[i], strlen (twice[i]), 8, 32, &error);

      g_assert_null (root);
      g_assert_error (error, AMPARO_ERROR, AMPARO_ERROR_MALFORMED);
      g_assert_nonnull (strstr (error->message, "twice"));
    }
  for (guint i = 0; i < G_N_ELEMENTS (once); i++)
    {
      g_autoptr(GError) error = NULL;
      JsonNode *root = amparo_json_parse_strict (once[i], strlen (once[i]), 8, 32, &error);

      g_assert_no_error (error);
      g_assert_nonnull (root);
      json_node_unref (root);
    }
}

static void
test_wrong_dims_refused (void)
{
  assert_edit_malformed ("\"dims\":[\"limited_english\"]", "\"dims\":[\"gender\"]");
  assert_edit_malformed ("\"dims\":[\"limited_english\"]", "\"dims\":[]");
  assert_edit_malformed ("\"dims\":[\"limited_english\"]",
                         "\"dims\":[\"limited_english\",\"age_band\"]");
  assert_edit_malformed ("\"dims\":[\"limited_english\"]", "\"dims\":\"limited_english\"");
  assert_edit_malformed ("\"dims\":[\"limited_english\"]", "\"dims\":[1]");
  assert_edit_malformed ("\"additive\":true", "\"additive\":false");
  assert_edit_malformed ("\"additive\":true", "\"additive\":1");
}

static void
test_unknown_code_refused (void)
{
  assert_edit_malformed ("[\"yes\"]", "[\"si\"]");
  assert_edit_malformed ("[\"yes\"]", "[\"Yes\"]");
  assert_edit_malformed ("[\"yes\"]", "[\"woman\"]");
  assert_edit_malformed ("[\"yes\"]", "[\"yes\",\"yes\"]");
  assert_edit_malformed ("[\"yes\"]", "[]");
  assert_edit_malformed ("[\"yes\"]", "[1]");
  assert_edit_malformed ("[\"yes\"]", "\"yes\"");
}

static void
test_missing_and_extra_cells_refused (void)
{
  /* the last cell gone, the first gone, a cell added, repeated, reordered */
  assert_edit_malformed (",{\"key\":[\"not_reported\"],\"suppressed\":true}", "");
  assert_edit_malformed ("{\"key\":[\"yes\"],\"count\":12},", "");
  assert_edit_malformed ("{\"key\":[\"not_reported\"],\"suppressed\":true}",
                         "{\"key\":[\"not_reported\"],\"suppressed\":true},"
                         "{\"key\":[\"yes\"],\"count\":1}");
  assert_edit_malformed ("{\"key\":[\"no\"],\"suppressed\":true}",
                         "{\"key\":[\"yes\"],\"suppressed\":true}");
  assert_edit_malformed ("{\"key\":[\"yes\"],\"count\":12},{\"key\":[\"no\"],\"suppressed\":true}",
                         "{\"key\":[\"no\"],\"suppressed\":true},{\"key\":[\"yes\"],\"count\":12}");
  assert_edit_malformed ("\"cells\":[", "\"cells\":[[],");
}

static void
test_counts_must_be_whole_and_not_negative (void)
{
  assert_edit_malformed ("\"count\":12", "\"count\":12.0");
  assert_edit_malformed ("\"count\":12", "\"count\":1.2e1");
  assert_edit_malformed ("\"count\":12", "\"count\":12.5");
  assert_edit_malformed ("\"count\":12", "\"count\":-1");
  assert_edit_malformed ("\"count\":12", "\"count\":\"12\"");
  assert_edit_malformed ("\"count\":12", "\"count\":true");
  assert_edit_malformed ("\"count\":12", "\"count\":null");
  assert_edit_malformed ("\"count\":12", "\"count\":012");
  assert_edit_malformed ("\"count\":12", "\"count\":0x0c");
  assert_edit_malformed ("\"count\":12", "\"count\":+12");
  assert_edit_malformed ("\"count\":12", "\"count\":- 12");
  /* 2^53 is too large; 2^64 + 5 and 2^63 would wrap in json-glib */
  assert_edit_malformed ("\"count\":12", "\"count\":9007199254740992");
  assert_edit_malformed ("\"count\":12", "\"count\":18446744073709551621");
  assert_edit_malformed ("\"count\":12", "\"count\":9223372036854775808");
  assert_edit_accepted ("\"count\":12", "\"count\":9007199254740991");
  assert_edit_accepted ("\"count\":12", "\"count\":0");

  assert_edit_malformed ("\"total\":null", "\"total\":-3");
  assert_edit_malformed ("\"total\":null", "\"total\":3.0");
  assert_edit_malformed ("\"total\":null", "\"total\":\"3\"");
  assert_edit_malformed ("\"total\":null", "\"total\":false");
  assert_edit_accepted ("\"total\":null", "\"total\":30");

  assert_edit_malformed ("\"suppressed\":true", "\"suppressed\":false");
  assert_edit_malformed ("\"suppressed\":true", "\"suppressed\":1");
  assert_edit_malformed ("\"suppressed\":true", "\"suppressed\":null");
}

static void
test_bad_periods_refused (void)
{
  static const char *const bad[] = {
    "2026-Q0", "2026-Q5", "2026-H0", "2026-H3", "2026-00", "2026-13", "1999-Q1", "2101-01",
    "2026Q3", "2026-q3", "26-Q3", "2026-Q3 ", " 2026-Q3", "2026-Q", "2026-Q33", "2026-7",
    "2026-W30", "2026", "", "２０２６-Q3", "2026-Y1", "2026-01-01", "2026-Q3\\u00a0",
  };
  static const char *const good[] = { "2026-Q1", "2026-Q4", "2026-H1", "2026-H2", "2026-01",
                                      "2026-12", "2000-Q1", "2100-H2" };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *to = g_strdup_printf ("\"period\":\"%s\"", bad[i]);
      assert_edit_malformed ("\"period\":\"2026-Q3\"", to);
    }
  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autofree char *to = g_strdup_printf ("\"period\":\"%s\"", good[i]);
      assert_edit_accepted ("\"period\":\"2026-Q3\"", to);
    }
  assert_edit_malformed ("\"period\":\"2026-Q3\"", "\"period\":20263");
}

static void
test_bad_agency_ids_refused (void)
{
  static const char *const bad[] = {
    "6F1C2A8E-3B4D-4C5E-9F60-718293A4B5C6", "6f1c2a8e-3b4d-4c5e-9f60-718293a4b5c",
    "6f1c2a8e3b4d4c5e9f60718293a4b5c6", "{6f1c2a8e-3b4d-4c5e-9f60-718293a4b5c6}",
    "6f1c2a8e-3b4d-4c5e-9f60-718293a4b5cg", "6f1c2a8e-3b4d-4c5e-9f60-718293a4b5c6 ",
    "", "Casa Esperanza",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *to = g_strdup_printf ("\"id\":\"%s\"", bad[i]);
      assert_edit_malformed ("\"id\":\"6f1c2a8e-3b4d-4c5e-9f60-718293a4b5c6\"", to);
    }
  assert_edit_malformed ("\"id\":\"6f1c2a8e-3b4d-4c5e-9f60-718293a4b5c6\"", "\"id\":7");
  /* the agency as a bare string */
  assert_edit_malformed ("{\"id\":\"6f1c2a8e-3b4d-4c5e-9f60-718293a4b5c6\","
                         "\"name\":\"Casa Esperanza\"}", "\"Casa Esperanza\"");
}

static void
test_bad_agency_names_refused (void)
{
  static const char *const bad[] = {
    "", "   ", "Casa\\nEsperanza", "Casa\\u0007", "Casa\\u0000Esperanza", "Casa\\u202eazna",
    "Casa\\u2028", "Casa\\u007f", "\\ud800",
  };
  GString *name = g_string_new (NULL);
  g_autofree char *at_limit = NULL;
  g_autofree char *past_limit = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *to = g_strdup_printf ("\"name\":\"%s\"", bad[i]);
      assert_edit_malformed ("\"name\":\"Casa Esperanza\"", to);
    }
  for (guint i = 0; i < 200; i++)
    g_string_append (name, "ñ");
  at_limit = g_strdup_printf ("\"name\":\"%s\"", name->str);
  assert_edit_accepted ("\"name\":\"Casa Esperanza\"", at_limit);
  g_string_append (name, "a");
  past_limit = g_strdup_printf ("\"name\":\"%s\"", name->str);
  assert_edit_malformed ("\"name\":\"Casa Esperanza\"", past_limit);
  g_string_free (name, TRUE);

  assert_edit_accepted ("\"name\":\"Casa Esperanza\"",
                        "\"name\":\"Casa \\\"Esperanza\\\" \\u00e9\"");
  g_assert_false (amparo_agency_name_is_valid ("a\xff"));
}

static void
test_header_members_checked (void)
{
  assert_edit_malformed ("\"format\":1", "\"format\":2");
  assert_edit_malformed ("\"format\":1", "\"format\":1.0");
  assert_edit_malformed ("\"format\":1", "\"format\":\"1\"");
  assert_edit_malformed ("\"k\":5", "\"k\":2");
  assert_edit_malformed ("\"k\":5", "\"k\":21");
  assert_edit_malformed ("\"k\":5", "\"k\":5.5");
  assert_edit_accepted ("\"k\":5", "\"k\":3");
  assert_edit_accepted ("\"k\":5", "\"k\":20");
  assert_edit_malformed ("\"sequence\":7", "\"sequence\":0");
  assert_edit_malformed ("\"sequence\":7", "\"sequence\":-7");
  assert_edit_malformed ("\"sequence\":7", "\"sequence\":9007199254740992");
  assert_edit_accepted ("\"sequence\":7", "\"sequence\":9007199254740991");
  assert_edit_malformed ("\"generated\":\"2026-10-02\"", "\"generated\":\"2026-02-30\"");
  assert_edit_malformed ("\"generated\":\"2026-10-02\"", "\"generated\":\"2026-10-2\"");
  assert_edit_malformed ("\"generated\":\"2026-10-02\"", "\"generated\":\"2026-10-02T10:00\"");
  assert_edit_malformed ("\"generated\":\"2026-10-02\"", "\"generated\":\"02/10/2026\"");
  assert_edit_malformed ("\"generated\":\"2026-10-02\"", "\"generated\":\"2026-13-01\"");
  assert_edit_accepted ("\"generated\":\"2026-10-02\"", "\"generated\":\"2028-02-29\"");
}

static void
test_tables_checked_against_catalogue (void)
{
  const char *table = strstr (TINY, "{\"id\":\"limited_english\"");
  g_autofree char *one = g_strndup (table, strlen (table) - 2);
  g_autofree char *twice = g_strdup_printf ("\"tables\":[%s,%s]}", one, one);

  assert_edit_malformed ("\"id\":\"limited_english\"", "\"id\":\"limited_english_x\"");
  assert_edit_malformed ("\"id\":\"limited_english\"", "\"id\":\"LIMITED_ENGLISH\"");
  assert_edit_malformed ("\"id\":\"limited_english\"", "\"id\":3");
  assert_edit_malformed ("\"tables\":[", "\"tables\":[1,");
  assert_edit_malformed ("\"tables\":[", "\"tables\":[[],");
  assert_edit_malformed (strstr (TINY, "\"tables\":["), "\"tables\":{}}");
  assert_edit_malformed (strstr (TINY, "\"tables\":["), twice);
  assert_edit_accepted (strstr (TINY, "\"tables\":["), "\"tables\":[]}");
}

static void
test_only_strict_json_is_read (void)
{
  g_autofree char *nul = NULL;
  gsize len = strlen (TINY);

  assert_malformed (TINY " x");
  assert_malformed (TINY "{}");
  assert_malformed (TINY TINY);
  assert_malformed (TINY "]");
  assert_malformed ("");
  assert_malformed ("  \n");
  assert_malformed ("[" TINY "]");
  assert_malformed ("\"x\"");
  assert_edit_malformed ("{\"format\"", "{/* note */\"format\"");
  assert_edit_malformed ("{\"format\"", "{//\n\"format\"");
  assert_edit_malformed ("\"period\":\"2026-Q3\"", "\"period\":'2026-Q3'");
  assert_edit_malformed ("\"period\":\"2026-Q3\"", "period:\"2026-Q3\"");
  assert_edit_malformed ("\"name\":\"Casa Esperanza\"", "\"name\":\"Casa\nEsperanza\"");
  assert_edit_malformed ("\"name\":\"Casa Esperanza\"", "\"name\":\"Casa \\x41\"");
  assert_edit_malformed ("\"name\":\"Casa Esperanza\"", "\"name\":\"Casa \\ud83d\"");
  assert_edit_malformed ("\"name\":\"Casa Esperanza\"", "\"name\":\"Casa \\ude00\\ud83d\"");
  assert_edit_malformed ("\"name\":\"Casa Esperanza\"", "\"name\":\"Casa \xc3\x28\"");
  assert_edit_malformed ("\"k\":5", "\"k\":5,");
  assert_edit_malformed ("\"k\":5", "\"k\":tru");
  assert_edit_malformed ("\"k\":5", "\"k\":NaN");
  assert_edit_malformed (TINY, TINY "\x01");
  assert_edit_accepted ("\"name\":\"Casa Esperanza\"", "\"name\":\"Casa \\ud83d\\ude00\"");
  assert_edit_accepted ("{\"format\":1,", "{ \"format\" : 1 ,\r\n\t");

  /* a NUL inside the given length */
  nul = g_strdup (TINY);
  nul[len - 1] = '\0';
  assert_refused_with (nul, len, AMPARO_ERROR_MALFORMED);
  /* the given length, not the NUL, ends the text */
  assert_refused_with (TINY, len - 1, AMPARO_ERROR_MALFORMED);
}

static void
test_nesting_and_size_are_bounded (void)
{
  g_autofree char *deep = g_strnfill (500000, '[');
  g_autofree char *deep_obj = g_strdup_printf ("{\"k\":%s", deep);
  g_autoptr(GString) many = g_string_new ("\"tables\":[");
  g_autoptr(GString) big = g_string_new (TINY);

  assert_edit_malformed ("[\"yes\"]", "[[\"yes\"]]");
  assert_edit_malformed ("\"k\":5", "\"k\":[[[[[[[[5]]]]]]]]");
  assert_malformed (deep_obj);

  /* more objects than a full catalogue holds, each nested legally */
  for (guint i = 0; i < 20000; i++)
    g_string_append (many, "{},");
  assert_edit_malformed ("\"tables\":[", many->str);

  /* just over 1 MiB of otherwise valid text */
  while (big->len <= AMPARO_SUMMARY_MAX_SIZE)
    g_string_append_c (big, ' ');
  assert_refused_with (big->str, big->len, AMPARO_ERROR_TOO_LARGE);
  g_string_truncate (big, AMPARO_SUMMARY_MAX_SIZE);
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(AmparoSummary) s = amparo_summary_from_json (big->str, big->len, &error);

    g_assert_no_error (error);
  }
}

static void
test_messages_never_quote_the_file (void)
{
  static const char *const edits[][2] = {
    { "{\"format\"", "{\"SECRETNAME\":1,\"format\"" },
    { "\"period\":\"2026-Q3\"", "\"period\":\"SECRETNAME\"" },
    { "\"id\":\"limited_english\"", "\"id\":\"SECRETNAME\"" },
    { "[\"yes\"]", "[\"SECRETNAME\"]" },
    { "\"name\":\"Casa Esperanza\"", "\"name\":\"SECRETNAME\\u0007\"" },
    { "\"k\":5", "\"k\":SECRETNAME" },
    { "\"k\":5", "\"k\":\"SECRETNAME\":" },
    { "\"k\":5", "\"k\":5,\"SECRETNAME\"" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (edits); i++)
    {
      g_autofree char *json = edit (TINY, edits[i][0], edits[i][1]);
      g_autoptr(GError) error = NULL;
      g_autoptr(AmparoSummary) s = amparo_summary_from_json (json, strlen (json), &error);

      g_assert_null (s);
      g_assert_error (error, AMPARO_ERROR, AMPARO_ERROR_MALFORMED);
      g_assert_null (strstr (error->message, "SECRET"));
    }
}

/* The documented inner layout, built by hand. */
static GByteArray *
inner_new (const char   *payload,
           gsize         len,
           const guint8 *claimed_pk,
           const guint8 *signing_sk,
           gboolean      with_context)
{
  GByteArray *inner = g_byte_array_new ();
  g_autoptr(GByteArray) msg = g_byte_array_new ();
  guint8 be[4] = { len >> 24, len >> 16, len >> 8, len };
  guint8 sig[64];

  if (with_context)
    g_byte_array_append (msg, (const guint8 *) "amparo-summary-v1", 18);
  g_byte_array_append (msg, (const guint8 *) payload, len);
  crypto_sign_detached (sig, NULL, msg->data, msg->len, signing_sk);

  g_byte_array_append (inner, (const guint8 *) "AMPI\x01", 5);
  g_byte_array_append (inner, be, 4);
  g_byte_array_append (inner, (const guint8 *) payload, len);
  g_byte_array_append (inner, claimed_pk, 32);
  g_byte_array_append (inner, sig, 64);
  return inner;
}

static GBytes *
seal_inner (const GByteArray *inner,
            const guint8     *coord_pk)
{
  gsize len = 5 + crypto_box_SEALBYTES + inner->len;
  guint8 *file = g_malloc (len);

  memcpy (file, "AMPS\x01", 5);
  g_assert_cmpint (crypto_box_seal (file + 5, inner->data, inner->len, coord_pk), ==, 0);
  return g_bytes_new_take (file, len);
}

static gboolean
contains (const guint8 *data,
          gsize         len,
          const char   *needle)
{
  gsize n = strlen (needle);

  for (gsize i = 0; i + n <= len; i++)
    if (memcmp (data + i, needle, n) == 0)
      return TRUE;
  return FALSE;
}

static GBytes *
seal_tiny (void)
{
  g_autoptr(GError) error = NULL;
  GBytes *file = amparo_summary_seal (TINY, keys.coord_pk, keys.agency_sk, &error);

  g_assert_no_error (error);
  return file;
}

static void
assert_open_fails (GBytes *file,
                   int     code)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *payload = NULL;
  guint8 pk[32];

  g_assert_false (amparo_summary_open (file, keys.coord_pk, keys.coord_sk, &payload, pk, &error));
  g_assert_error (error, AMPARO_ERROR, code);
  g_assert_null (payload);
}

static void
test_seal_open_round_trip (void)
{
  g_autoptr(AmparoSummary) s = make_summary ();
  g_autofree char *json = amparo_summary_to_json (s);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) file = NULL;
  g_autofree char *payload = NULL;
  guint8 pk[32] = { 0 };
  const guint8 *data;
  gsize len;

  file = amparo_summary_seal (json, keys.coord_pk, keys.agency_sk, &error);
  g_assert_no_error (error);
  data = g_bytes_get_data (file, &len);
  g_assert_cmpmem (data, 5, "AMPS\x01", 5);
  /* header, seal, inner header, payload, key, signature: nothing else */
  g_assert_cmpuint (len, ==, 5 + crypto_box_SEALBYTES + 9 + strlen (json) + 32 + 64);
  g_assert_false (contains (data, len, "Centro"));

  g_assert_true (amparo_summary_open (file, keys.coord_pk, keys.coord_sk, &payload, pk, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (payload, ==, json);
  g_assert_cmpmem (pk, 32, keys.agency_pk, 32);
}

static void
test_hand_built_layout_opens (void)
{
  g_autoptr(GByteArray) inner = inner_new (TINY, strlen (TINY), keys.agency_pk, keys.agency_sk,
                                           TRUE);
  g_autoptr(GBytes) file = seal_inner (inner, keys.coord_pk);
  g_autoptr(GError) error = NULL;
  g_autofree char *payload = NULL;
  guint8 pk[32];

  g_assert_true (amparo_summary_open (file, keys.coord_pk, keys.coord_sk, &payload, pk, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (payload, ==, TINY);
  g_assert_cmpmem (pk, 32, keys.agency_pk, 32);
}

static void
test_open_for_another_coordinator_refused (void)
{
  g_autoptr(GBytes) file = seal_tiny ();
  g_autoptr(GError) error = NULL;
  g_autofree char *payload = NULL;
  guint8 pk[32];

  g_assert_false (amparo_summary_open (file, keys.other_pk, keys.other_sk, &payload, pk, &error));
  g_assert_error (error, AMPARO_ERROR, AMPARO_ERROR_NOT_FOR_US);
  g_clear_error (&error);
  /* the right secret key with the wrong public one is no better */
  g_assert_false (amparo_summary_open (file, keys.other_pk, keys.coord_sk, &payload, pk, &error));
  g_assert_error (error, AMPARO_ERROR, AMPARO_ERROR_NOT_FOR_US);
}

static void
test_every_flipped_bit_refused (void)
{
  g_autoptr(GBytes) file = seal_tiny ();
  gsize len;
  const guint8 *data = g_bytes_get_data (file, &len);

  for (gsize i = 0; i < len; i++)
    for (guint bit = 0; bit < 8; bit++)
      {
        g_autoptr(GBytes) bad = NULL;
        guint8 *copy = g_memdup2 (data, len);

        copy[i] ^= 1u << bit;
        bad = g_bytes_new_take (copy, len);
        assert_open_fails (bad, i < 5 ? AMPARO_ERROR_MALFORMED : AMPARO_ERROR_NOT_FOR_US);
      }
}

static void
test_every_truncation_refused (void)
{
  g_autoptr(GBytes) file = seal_tiny ();
  gsize len;
  const guint8 *data = g_bytes_get_data (file, &len);

  for (gsize n = 0; n < len; n++)
    {
      g_autoptr(GBytes) cut = g_bytes_new (data, n);
      g_autoptr(GError) error = NULL;
      g_autofree char *payload = NULL;
      guint8 pk[32];

      g_assert_false (amparo_summary_open (cut, keys.coord_pk, keys.coord_sk, &payload, pk,
                                           &error));
      g_assert_nonnull (error);
      if (n < 5 + crypto_box_SEALBYTES + 9 + 32 + 64 + 1)
        g_assert_error (error, AMPARO_ERROR, AMPARO_ERROR_MALFORMED);
      else
        g_assert_error (error, AMPARO_ERROR, AMPARO_ERROR_NOT_FOR_US);
    }
}

static void
test_trailing_byte_refused (void)
{
  g_autoptr(GBytes) file = seal_tiny ();
  g_autoptr(GByteArray) longer = g_byte_array_new ();
  g_autoptr(GBytes) bad = NULL;
  gsize len;
  const guint8 *data = g_bytes_get_data (file, &len);

  g_byte_array_append (longer, data, len);
  g_byte_array_append (longer, (const guint8 *) "", 1);
  bad = g_bytes_new (longer->data, longer->len);
  assert_open_fails (bad, AMPARO_ERROR_NOT_FOR_US);
}

static void
test_bad_header_refused (void)
{
  g_autoptr(GBytes) file = seal_tiny ();
  gsize len;
  const guint8 *data = g_bytes_get_data (file, &len);
  g_autofree guint8 *copy = g_memdup2 (data, len);
  g_autoptr(GBytes) v2 = NULL;
  g_autoptr(GBytes) text = g_bytes_new_static (TINY, strlen (TINY));

  copy[4] = 2;
  v2 = g_bytes_new (copy, len);
  assert_open_fails (v2, AMPARO_ERROR_MALFORMED);
  assert_open_fails (text, AMPARO_ERROR_MALFORMED);
}

static void
test_oversized_file_refused_first (void)
{
  gsize len = AMPARO_SUMMARY_MAX_SIZE + 1;
  guint8 *data = g_malloc0 (len);
  g_autoptr(GBytes) file = NULL;

  memcpy (data, "AMPS\x01", 5);
  file = g_bytes_new_take (data, len);
  assert_open_fails (file, AMPARO_ERROR_TOO_LARGE);
}

static void
test_forged_signature_refused (void)
{
  gsize n = strlen (TINY);
  gsize count_at = strstr (TINY, "\"count\":12") - TINY + strlen ("\"count\":1");
  GByteArray *cases[3];

  /* signed by another key while claiming the agency's */
  cases[0] = inner_new (TINY, n, keys.agency_pk, keys.forger_sk, TRUE);
  /* the agency's own key, but over the payload alone, without the prefix */
  cases[1] = inner_new (TINY, n, keys.agency_pk, keys.agency_sk, FALSE);
  /* a valid signature, then 12 changed to 13 */
  cases[2] = inner_new (TINY, n, keys.agency_pk, keys.agency_sk, TRUE);
  g_assert_cmpint (cases[2]->data[9 + count_at], ==, '2');
  cases[2]->data[9 + count_at] = '3';

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GBytes) file = seal_inner (cases[i], keys.coord_pk);

      assert_open_fails (file, AMPARO_ERROR_BAD_SIGNATURE);
      g_byte_array_unref (cases[i]);
    }
}

static void
test_inner_layout_errors_refused (void)
{
  gsize n = strlen (TINY);

  for (guint i = 0; i < 7; i++)
    {
      g_autoptr(GByteArray) inner = inner_new (TINY, n, keys.agency_pk, keys.agency_sk, TRUE);
      g_autoptr(GBytes) file = NULL;

      switch (i)
        {
        case 0: inner->data[0] = 'X'; break;                       /* magic */
        case 1: inner->data[4] = 2; break;                         /* version */
        case 2: inner->data[8] += 1; break;                        /* length too long */
        case 3: inner->data[8] -= 1; break;                        /* length too short */
        case 4: inner->data[5] = 0x80; break;                      /* absurd length */
        case 5: g_byte_array_append (inner, (const guint8 *) "x", 1); break; /* trailing */
        case 6: g_byte_array_set_size (inner, inner->len - 1); break;        /* short sig */
        default: g_assert_not_reached ();
        }
      file = seal_inner (inner, keys.coord_pk);
      assert_open_fails (file, AMPARO_ERROR_MALFORMED);
    }

  {
    /* a correctly signed payload with a NUL in it */
    static const char with_nul[] = "{\"format\":1}\0{\"x\":2}";
    g_autoptr(GByteArray) inner = inner_new (with_nul, sizeof with_nul - 1, keys.agency_pk,
                                             keys.agency_sk, TRUE);
    g_autoptr(GBytes) file = seal_inner (inner, keys.coord_pk);

    assert_open_fails (file, AMPARO_ERROR_MALFORMED);
  }
}

static void
test_seal_refuses_what_would_be_refused (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *bad = edit (TINY, "\"k\":5", "\"k\":2");
  g_autoptr(GString) big = g_string_new (TINY);
  guint8 zero[32] = { 0 };
  GBytes *file;

  file = amparo_summary_seal (bad, keys.coord_pk, keys.agency_sk, &error);
  g_assert_null (file);
  g_assert_error (error, AMPARO_ERROR, AMPARO_ERROR_MALFORMED);
  g_clear_error (&error);

  file = amparo_summary_seal (TINY, zero, keys.agency_sk, &error);
  g_assert_null (file);
  g_assert_error (error, AMPARO_ERROR, AMPARO_ERROR_INVALID);
  g_clear_error (&error);

  /* a payload the reader takes, but whose file would pass 1 MiB */
  while (big->len < AMPARO_SUMMARY_MAX_SIZE - 50)
    g_string_append_c (big, ' ');
  file = amparo_summary_seal (big->str, keys.coord_pk, keys.agency_sk, &error);
  g_assert_null (file);
  g_assert_error (error, AMPARO_ERROR, AMPARO_ERROR_TOO_LARGE);
}

static void
test_largest_payload_fits_in_largest_file (void)
{
  /* header, seal, inner header, key and signature */
  gsize overhead = 5 + crypto_box_SEALBYTES + 9 + 32 + 64;
  g_autoptr(GString) big = g_string_new (TINY);
  g_autoptr(GBytes) file = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *payload = NULL;
  guint8 pk[32];

  while (big->len < AMPARO_SUMMARY_MAX_SIZE - overhead)
    g_string_append_c (big, ' ');
  file = amparo_summary_seal (big->str, keys.coord_pk, keys.agency_sk, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_bytes_get_size (file), ==, AMPARO_SUMMARY_MAX_SIZE);
  g_assert_true (amparo_summary_open (file, keys.coord_pk, keys.coord_sk, &payload, pk, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (payload, ==, big->str);

  g_string_append_c (big, ' ');
  g_clear_pointer (&file, g_bytes_unref);
  file = amparo_summary_seal (big->str, keys.coord_pk, keys.agency_sk, &error);
  g_assert_null (file);
  g_assert_error (error, AMPARO_ERROR, AMPARO_ERROR_TOO_LARGE);
}

static void
test_fingerprint_reads_aloud (void)
{
  guint8 key[32];
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  g_autofree char *c = NULL;

  for (guint i = 0; i < 32; i++)
    key[i] = i;
  a = amparo_fingerprint (key, sizeof key);
  /* fixed, so two versions of Amparo always agree; computed independently
   * with Python: blake2b(b"amparo-fingerprint-v1\0" + key, digest_size=32) */
  g_assert_cmpstr (a, ==, "7024 9795 4498 5082 1267");
  g_assert_true (g_regex_match_simple ("^[0-9]{4}( [0-9]{4}){4}$", a, 0, 0));

  b = amparo_fingerprint (keys.agency_pk, 32);
  key[31] ^= 1;
  c = amparo_fingerprint (key, sizeof key);
  g_assert_cmpstr (a, !=, b);
  g_assert_cmpstr (a, !=, c);
  g_assert_cmpuint (strlen (b), ==, 24);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_assert_cmpint (sodium_init (), >=, 0);
  crypto_box_keypair (keys.coord_pk, keys.coord_sk);
  crypto_box_keypair (keys.other_pk, keys.other_sk);
  crypto_sign_keypair (keys.agency_pk, keys.agency_sk);
  crypto_sign_keypair (keys.forger_pk, keys.forger_sk);

  g_test_add_func ("/summary/json/round-trip", test_round_trip_is_equal_and_canonical);
  g_test_add_func ("/summary/json/canonical", test_canonical_bytes_follow_design);
  g_test_add_func ("/summary/json/unknown-member", test_unknown_member_refused_at_every_level);
  g_test_add_func ("/summary/json/missing-member", test_missing_member_refused);
  g_test_add_func ("/summary/json/duplicate-member", test_duplicate_member_refused);
  g_test_add_func ("/summary/json/strict-repeated-names", test_strict_json_repeated_names);
  g_test_add_func ("/summary/json/wrong-dims", test_wrong_dims_refused);
  g_test_add_func ("/summary/json/unknown-code", test_unknown_code_refused);
  g_test_add_func ("/summary/json/cells", test_missing_and_extra_cells_refused);
  g_test_add_func ("/summary/json/counts", test_counts_must_be_whole_and_not_negative);
  g_test_add_func ("/summary/json/period", test_bad_periods_refused);
  g_test_add_func ("/summary/json/agency-id", test_bad_agency_ids_refused);
  g_test_add_func ("/summary/json/agency-name", test_bad_agency_names_refused);
  g_test_add_func ("/summary/json/header", test_header_members_checked);
  g_test_add_func ("/summary/json/tables", test_tables_checked_against_catalogue);
  g_test_add_func ("/summary/json/strict-syntax", test_only_strict_json_is_read);
  g_test_add_func ("/summary/json/bounded", test_nesting_and_size_are_bounded);
  g_test_add_func ("/summary/json/no-echo", test_messages_never_quote_the_file);
  g_test_add_func ("/summary/file/round-trip", test_seal_open_round_trip);
  g_test_add_func ("/summary/file/layout", test_hand_built_layout_opens);
  g_test_add_func ("/summary/file/not-for-us", test_open_for_another_coordinator_refused);
  g_test_add_func ("/summary/file/bit-flips", test_every_flipped_bit_refused);
  g_test_add_func ("/summary/file/truncation", test_every_truncation_refused);
  g_test_add_func ("/summary/file/trailing-byte", test_trailing_byte_refused);
  g_test_add_func ("/summary/file/bad-header", test_bad_header_refused);
  g_test_add_func ("/summary/file/too-large", test_oversized_file_refused_first);
  g_test_add_func ("/summary/file/forged-signature", test_forged_signature_refused);
  g_test_add_func ("/summary/file/inner-layout", test_inner_layout_errors_refused);
  g_test_add_func ("/summary/file/seal-refuses", test_seal_refuses_what_would_be_refused);
  g_test_add_func ("/summary/file/size-limit", test_largest_payload_fits_in_largest_file);
  g_test_add_func ("/summary/fingerprint", test_fingerprint_reads_aloud);
  return g_test_run ();
}
