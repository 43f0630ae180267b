/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <string.h>
#include <glib/gstdio.h>
#include <gio/gio.h>

#include "amparo-cases.h"
#include "amparo-csv-import.h"
#include "amparo-db.h"
#include "amparo-error.h"
#include "amparo-secret.h"
#include "amparo-vault.h"

#define PASSPHRASE "csv test passphrase 9 kites"
#define MARKER "ZZMARKER"

typedef struct
{
  char        *dir;
  char        *vault_dir;
  AmparoVault *vault;
} Fixture;

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);
      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("amparo-csv-XXXXXX", &error);
  g_assert_no_error (error);
  f->vault_dir = g_build_filename (f->dir, "vault", NULL);
  f->vault = amparo_vault_create (f->vault_dir, AMPARO_VAULT_KIND_AGENCY, "Test Agency",
                                  "supervisor", PASSPHRASE, &error);
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_object (&f->vault);
  remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->vault_dir);
}

static char *
write_file (Fixture    *f,
            const char *name,
            const char *content,
            gssize      len)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (f->dir, name, NULL);

  g_file_set_contents (path, content, len, &error);
  g_assert_no_error (error);
  return path;
}

static gint64
count (sqlite3    *db,
       const char *sql)
{
  gint64 n = amparo_db_query_int (db, sql, -1);

  g_assert_cmpint (n, >=, 0);
  return n;
}

static GPtrArray *
new_drafts (void)
{
  return g_ptr_array_new_with_free_func ((GDestroyNotify) amparo_case_draft_free);
}

static GPtrArray *
new_problems (void)
{
  return g_ptr_array_new_with_free_func (g_free);
}

static gboolean
parse_string (const char *csv,
              GPtrArray  *drafts,
              GPtrArray  *problems)
{
  return amparo_csv_parse ((const guint8 *) csv, strlen (csv), drafts, problems);
}

static void
assert_problem (GPtrArray  *problems,
                const char *prefix)
{
  for (guint i = 0; i < problems->len; i++)
    if (g_str_has_prefix (g_ptr_array_index (problems, i), prefix))
      return;
  for (guint i = 0; i < problems->len; i++)
    g_test_message ("problem: %s", (const char *) g_ptr_array_index (problems, i));
  g_error ("no problem starting “%s”", prefix);
}

/* -------------------------------------------------------------- tests */

static void
import_template (Fixture    *f,
                 const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) problems = new_problems ();
  g_autofree char *path = g_build_filename (SOURCE_DATADIR, name, NULL);
  g_autoptr(GString) report = g_string_new (NULL);
  sqlite3 *cases = amparo_vault_get_cases_db (f->vault, NULL);
  sqlite3 *contacts = amparo_vault_get_contacts_db (f->vault, NULL);
  g_autofree char *case_ids = NULL, *person_ids = NULL;
  guint imported = 0;

  g_assert_true (amparo_csv_import (f->vault, path, &imported, problems, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (problems->len, ==, 0);
  g_assert_cmpuint (imported, ==, 3);

  g_assert_cmpint (count (cases, "SELECT count(*) FROM cases WHERE complete = 1;"), ==, 3);
  case_ids = amparo_db_query_text (cases, "SELECT group_concat(id) FROM"
                                          " (SELECT id FROM cases ORDER BY id);");
  person_ids = amparo_db_query_text (contacts, "SELECT group_concat(case_id) FROM"
                                               " (SELECT case_id FROM people ORDER BY case_id);");
  g_assert_cmpstr (case_ids, ==, person_ids);

  /* the first example row, in both stores */
  g_assert_cmpint (count (cases, "SELECT count(*) FROM cases WHERE opened = '2025-01-15'"
                                 " AND closed IS NULL AND counted = 1 AND age_band = '25_59'"
                                 " AND gender = 'woman';"), ==, 1);
  g_assert_cmpint (count (cases, "SELECT count(*) FROM case_codes WHERE category = 'victimization'"
                                 " AND code IN ('domestic_violence', 'stalking');"), ==, 2);
  g_assert_cmpint (count (cases, "SELECT count(*) FROM children WHERE age_band = 'not_reported';"),
                   ==, 2);
  g_assert_cmpint (count (cases, "SELECT count(*) FROM perpetrators"
                                 " WHERE relationship = 'former_partner';"), ==, 1);
  g_assert_cmpint (count (cases, "SELECT count(*) FROM cases WHERE counted = 0"
                                 " AND closed = '2025-02-20';"), ==, 1);
  g_assert_cmpint (count (contacts, "SELECT count(*) FROM people WHERE birth_date = '1990-04-12'"
                                    " AND email LIKE '%@example.org';"), ==, 1);
  g_assert_cmpint (count (contacts, "SELECT count(*) FROM phones;"), ==, 2);
  /* the quoted note with a line break stays one note */
  g_assert_cmpint (count (contacts, "SELECT count(*) FROM notes WHERE body LIKE '%' || char(10)"
                                    " || '%';"), ==, 1);
  g_assert_cmpint (count (cases, "SELECT count(*) FROM audit WHERE action = 'cases.import'"
                                 " AND detail = 'count=3';"), ==, 1);

  g_assert_true (amparo_vault_check (f->vault, report, &error));
  g_assert_no_error (error);
}

static void
test_english_template_imports (Fixture       *f,
                               gconstpointer  data)
{
  import_template (f, "csv-template.csv");
}

static void
test_spanish_template_imports (Fixture       *f,
                               gconstpointer  data)
{
  import_template (f, "csv-template.es.csv");
}

static void
test_one_bad_row_imports_nothing (Fixture       *f,
                                  gconstpointer  data)
{
  const char *csv =
    "first_name,last_name,opened,gender\n"
    "Alpha,One,2025-01-02,woman\n"
    "Beta,Two,2025-02-30,woman\n"          /* no such date */
    "Gamma,Three,2025-03-04,woman\n";
  g_autofree char *path = write_file (f, "intake.csv", csv, -1);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) problems = new_problems ();
  sqlite3 *cases = amparo_vault_get_cases_db (f->vault, NULL);
  sqlite3 *contacts = amparo_vault_get_contacts_db (f->vault, NULL);
  gint64 audit_before = count (cases, "SELECT count(*) FROM audit;");
  guint imported = 99;

  g_assert_false (amparo_csv_import (f->vault, path, &imported, problems, &error));
  g_assert_error (error, AMPARO_ERROR, AMPARO_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, "1 problem; nothing was imported");
  g_assert_cmpuint (imported, ==, 0);
  g_assert_cmpuint (problems->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (problems, 0), ==,
                   "line 3, column opened: this is not a date written YYYY-MM-DD, "
                   "for example 2025-03-14");

  g_assert_cmpint (count (cases, "SELECT count(*) FROM cases;"), ==, 0);
  g_assert_cmpint (count (cases, "SELECT count(*) FROM case_codes;"), ==, 0);
  g_assert_cmpint (count (contacts, "SELECT count(*) FROM people;"), ==, 0);
  g_assert_cmpint (count (contacts, "SELECT count(*) FROM phones;"), ==, 0);
  g_assert_cmpint (count (cases, "SELECT count(*) FROM audit;"), ==, audit_before);
}

/* What the import assistant shows before saving: the same verdict as the
 * import, from the file alone, with nothing written. */
static void
test_check_counts_without_writing (Fixture       *f,
                                   gconstpointer  data)
{
  g_autofree char *good = g_build_filename (SOURCE_DATADIR, "csv-template.csv", NULL);
  g_autofree char *bad = write_file (f, "check.csv",
                                     "first_name,opened\nAlpha,2025-01-02\nBeta,2025-13-01\n"
                                     "Gamma,\n", -1);
  g_autofree char *missing = g_build_filename (f->dir, "missing.csv", NULL);
  g_autoptr(GPtrArray) problems = new_problems ();
  g_autoptr(GError) error = NULL;
  sqlite3 *cases = amparo_vault_get_cases_db (f->vault, NULL);
  guint n_cases = 99, n_problems = 99;

  g_assert_true (amparo_csv_check (good, &n_cases, &n_problems, problems, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_cases, ==, 3);
  g_assert_cmpuint (n_problems, ==, 0);
  g_assert_cmpuint (problems->len, ==, 0);

  g_assert_true (amparo_csv_check (bad, &n_cases, &n_problems, problems, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_cases, ==, 0);
  g_assert_cmpuint (n_problems, ==, 2);
  g_assert_cmpuint (problems->len, ==, 2);
  assert_problem (problems, "line 3, column opened:");
  assert_problem (problems, "line 4, column opened:");

  g_assert_false (amparo_csv_check (missing, &n_cases, &n_problems, problems, &error));
  g_assert_error (error, AMPARO_ERROR, AMPARO_ERROR_NOT_FOUND);
  g_assert_null (strstr (error->message, "missing"));

  g_assert_cmpint (count (cases, "SELECT count(*) FROM cases;"), ==, 0);
}

static void
assert_no_marker (GPtrArray  *problems,
                  const char *message)
{
  g_assert_cmpuint (problems->len, >, 0);
  for (guint i = 0; i < problems->len; i++)
    {
      g_autofree char *lower = g_ascii_strdown (g_ptr_array_index (problems, i), -1);

      g_test_message ("%s", (const char *) g_ptr_array_index (problems, i));
      g_assert_null (strstr (lower, "zzmarker"));
      g_assert_true (g_utf8_validate (g_ptr_array_index (problems, i), -1, NULL));
    }
  if (message != NULL)
    g_assert_null (strstr (message, MARKER));
}

static void
test_problems_never_echo_cells (Fixture       *f,
                                gconstpointer  data)
{
  g_autofree char *long_cell = NULL;
  const char *files[] = {
    /* every cell of a bad row holds the marker */
    "first_name,last_name,preferred_name,birth_date,phone,email,address,notes,opened,closed,"
    "age_band,gender,language,victimization,perpetrator_relationship,children,counted\n"
    "Alpha,One,,,,,,,2025-01-02,,,,,,,,\n"
    MARKER "\x01,\"" MARKER "\n" MARKER "\"," MARKER "\x02," MARKER "," MARKER "," MARKER ","
    MARKER "\x03," MARKER "\x04," MARKER "," MARKER "," MARKER "," MARKER "," MARKER ","
    MARKER "|" MARKER "," MARKER "," MARKER "," MARKER "\n",
    /* a file with no header row: the first row is someone's details */
    MARKER "," MARKER "-name,2025-01-02\n" MARKER "," MARKER ",2025-01-03\n",
    /* unknown and repeated column names */
    "opened," MARKER ",opened\n2025-01-02,x,2025-01-02\n",
    /* wrong number of cells, misplaced quotes, unclosed quotes */
    "first_name,opened\n" MARKER "," MARKER "," MARKER "\n",
    "first_name,opened\n" MARKER "\"" MARKER "\",2025-01-02\n",
    "first_name,opened\n\"" MARKER "\"" MARKER ",2025-01-02\n",
    "first_name,opened\n\"" MARKER ",2025-01-02\n",
    /* not UTF-8 */
    "first_name,opened\n" MARKER "\xff\xfe,2025-01-02\n",
    "first_name," MARKER "\xff\n" MARKER ",2025-01-02\n",
    /* a cell in a column without a name */
    "first_name,opened,\n" MARKER ",2025-01-02," MARKER "\n",
    /* dates in the future and out of order */
    "first_name,opened,closed,birth_date\n" MARKER ",2099-01-02,2025-01-01,2100-01-01\n",
    "first_name,opened,closed,birth_date\n" MARKER ",2025-01-02,2025-01-01,2025-02-01\n",
    /* empty opened */
    "first_name,opened\n" MARKER ",\n",
    NULL,
  };

  for (guint i = 0; files[i] != NULL; i++)
    {
      g_autoptr(GPtrArray) drafts = new_drafts ();
      g_autoptr(GPtrArray) problems = new_problems ();

      g_test_message ("file %u", i);
      g_assert_false (parse_string (files[i], drafts, problems));
      g_assert_cmpuint (drafts->len, ==, 0);
      assert_no_marker (problems, NULL);
    }

  /* an over-long name made of markers */
  {
    g_autoptr(GString) s = g_string_new ("first_name,opened\n");
    g_autoptr(GPtrArray) problems = new_problems ();

    for (guint i = 0; i < 200; i++)
      g_string_append (s, MARKER);
    g_string_append (s, ",2025-01-02\n");
    g_assert_false (parse_string (s->str, NULL, problems));
    assert_problem (problems, "line 2, column first_name: this cell is longer than 1000");
    assert_no_marker (problems, NULL);
  }

  /* and through the vault: the error message too */
  {
    g_autofree char *path = write_file (f, MARKER ".csv", files[0], -1);
    g_autoptr(GError) error = NULL;
    g_autoptr(GPtrArray) problems = new_problems ();

    g_assert_false (amparo_csv_import (f->vault, path, NULL, problems, &error));
    g_assert_error (error, AMPARO_ERROR, AMPARO_ERROR_INVALID);
    assert_no_marker (problems, error->message);
    g_assert_cmpint (count (amparo_vault_get_cases_db (f->vault, NULL),
                            "SELECT count(*) FROM cases;"), ==, 0);
  }

  /* and a file that is not there is not named */
  {
    g_autofree char *path = g_build_filename (f->dir, MARKER "-missing.csv", NULL);
    g_autoptr(GError) error = NULL;

    g_assert_false (amparo_csv_import (f->vault, path, NULL, NULL, &error));
    g_assert_error (error, AMPARO_ERROR, AMPARO_ERROR_NOT_FOUND);
    g_assert_null (strstr (error->message, MARKER));
  }
}

static void
test_problems_name_line_and_column (void)
{
  const char *csv =
    "notes,opened,Gender,Foo,opened,children,counted,email\n"       /* 1 */
    "\"Multi\nline\",2025-01-02,woman,,2025-01-02,1,yes,\n"       /* 2–3 */
    "\n"                                                           /* 4: blank */
    "Ok,2025-01-02,WOMAN,,2025-01-02,31,maybe,not-an-address\n"    /* 5 */
    "Ok,2025-01-02\n";                                             /* 6 */
  g_autoptr(GPtrArray) problems = new_problems ();

  g_assert_false (parse_string (csv, NULL, problems));
  assert_problem (problems, "line 1, column 4 (D): this is not a column name Amparo knows");
  assert_problem (problems, "line 1, column 5 (E): this column repeats column 2 (B)");
  assert_problem (problems, "line 5, column children: this is not a whole number from 0 to 30");
  assert_problem (problems, "line 5, column counted: write yes or no");
  assert_problem (problems, "line 5, column email: this is not an email address");
  assert_problem (problems, "line 6: this row has 2 cells, but the header row has 8");
  /* WOMAN is the code woman, in capitals */
  for (guint i = 0; i < problems->len; i++)
    g_assert_null (strstr (g_ptr_array_index (problems, i), "Gender"));
  g_assert_cmpuint (problems->len, ==, 6);
}

static void
test_bom_is_skipped (void)
{
  g_autoptr(GPtrArray) with = new_drafts ();
  g_autoptr(GPtrArray) without = new_drafts ();
  g_autoptr(GPtrArray) problems = new_problems ();
  AmparoCaseDraft *d;

  g_assert_true (parse_string ("\xef\xbb\xbf" "first_name,opened\r\nAna,2025-01-02\r\n", with,
                               problems));
  g_assert_cmpuint (problems->len, ==, 0);
  g_assert_true (parse_string ("first_name,opened\nAna,2025-01-02\n", without, problems));
  g_assert_cmpuint (with->len, ==, 1);
  g_assert_cmpuint (without->len, ==, 1);
  d = g_ptr_array_index (with, 0);
  g_assert_cmpstr (d->first_name, ==, "Ana");
  g_assert_cmpstr (d->opened, ==, "2025-01-02");

  /* a BOM alone is an empty file */
  g_assert_false (parse_string ("\xef\xbb\xbf", NULL, problems));
  assert_problem (problems, "line 1: the file is empty");
}

static void
test_semicolons_and_spanish_headers (void)
{
  const char *csv =
    "Nombre;Apellidos;Nombre preferido;Fecha de nacimiento;Teléfono;Correo electrónico;"
    "Dirección;Notas;Fecha apertura;Fecha cierre;Franja edad;Género;Idioma;Victimización;"
    "Relación agresor;Niños;Contado\n"
    "José;Pérez Núñez;Pepe;1980-05-06;555-0100;jp@example.org;Calle 1, Pueblo;Nota, con coma;"
    "2024-02-03;2024-03-04;25_59;man;es;Stalking | dating_violence;former_partner;3;Sí\n";
  g_autoptr(GPtrArray) drafts = new_drafts ();
  g_autoptr(GPtrArray) problems = new_problems ();
  AmparoCaseDraft *d;

  g_assert_true (parse_string (csv, drafts, problems));
  g_assert_cmpuint (problems->len, ==, 0);
  g_assert_cmpuint (drafts->len, ==, 1);
  d = g_ptr_array_index (drafts, 0);
  g_assert_cmpstr (d->first_name, ==, "José");
  g_assert_cmpstr (d->last_name, ==, "Pérez Núñez");
  g_assert_cmpstr (d->preferred_name, ==, "Pepe");
  g_assert_cmpstr (d->birth_date, ==, "1980-05-06");
  g_assert_cmpstr (d->phone, ==, "555-0100");
  g_assert_cmpstr (d->email, ==, "jp@example.org");
  g_assert_cmpstr (d->address, ==, "Calle 1, Pueblo");
  g_assert_cmpstr (d->notes, ==, "Nota, con coma");
  g_assert_cmpstr (d->opened, ==, "2024-02-03");
  g_assert_cmpstr (d->closed, ==, "2024-03-04");
  g_assert_cmpstr (d->age_band, ==, "25_59");
  g_assert_cmpstr (d->gender, ==, "man");
  g_assert_cmpstr (d->language, ==, "es");
  g_assert_cmpuint (g_strv_length (d->victimization), ==, 2);
  g_assert_cmpstr (d->victimization[0], ==, "stalking");
  g_assert_cmpstr (d->victimization[1], ==, "dating_violence");
  g_assert_cmpstr (d->perpetrator_relationship, ==, "former_partner");
  g_assert_cmpuint (g_strv_length (d->children), ==, 3);
  g_assert_cmpstr (d->children[2], ==, "not_reported");
  g_assert_true (d->counted);

  /* the other short Spanish names */
  g_ptr_array_set_size (drafts, 0);
  g_assert_true (parse_string ("nombre;apellido;telefono;correo;direccion;apertura;cierre;edad;"
                               "genero;hijos;contado;relacion_agresor;victimizacion\n"
                               "Ana;Ruiz;555-0199;a@example.org;X;2025-01-01;;18_24;woman;0;no;"
                               "stranger;sexual_assault\n", drafts, problems));
  g_assert_cmpuint (drafts->len, ==, 1);
  d = g_ptr_array_index (drafts, 0);
  g_assert_cmpstr (d->last_name, ==, "Ruiz");
  g_assert_false (d->counted);
  g_assert_null (d->children);
  g_assert_null (d->closed);
}

static void
test_quoted_fields (void)
{
  const char *csv =
    "first_name,notes,address,opened\n"
    "\"Ann \"\"Annie\"\"\",\"first line, with a comma\nsecond line\",\"1 Road,\r\nTown\","
    "2025-01-02\n"
    "Bea,,,2025-01-03\n"
    "Cy,\"two\nlines\",,2025-13-01\n";     /* starts on line 6 */
  g_autoptr(GPtrArray) drafts = new_drafts ();
  g_autoptr(GPtrArray) problems = new_problems ();
  AmparoCaseDraft *d;

  g_assert_false (parse_string (csv, drafts, problems));
  g_assert_cmpuint (problems->len, ==, 1);
  assert_problem (problems, "line 6, column opened:");

  g_assert_true (parse_string ("first_name,notes,address,opened\n"
                               "\"Ann \"\"Annie\"\"\",\"first line, with a comma\nsecond line\","
                               "\"1 Road,\r\nTown\",2025-01-02\n", drafts, problems));
  g_assert_cmpuint (drafts->len, ==, 1);
  d = g_ptr_array_index (drafts, 0);
  g_assert_cmpstr (d->first_name, ==, "Ann \"Annie\"");
  g_assert_cmpstr (d->notes, ==, "first line, with a comma\nsecond line");
  g_assert_cmpstr (d->address, ==, "1 Road,\r\nTown");

  /* names hold no line breaks */
  g_ptr_array_set_size (problems, 0);
  g_assert_false (parse_string ("first_name,opened\n\"A\nB\",2025-01-02\n", NULL, problems));
  assert_problem (problems, "line 2, column first_name: this cell holds a line break");
}

static void
test_empty_and_header_only_files (void)
{
  g_autoptr(GPtrArray) problems = new_problems ();

  g_assert_false (parse_string ("", NULL, problems));
  assert_problem (problems, "line 1: the file is empty");
  g_ptr_array_set_size (problems, 0);
  g_assert_false (parse_string ("first_name,opened\n,\n", NULL, problems));
  assert_problem (problems, "line 3: there are no cases below the header row");
  g_ptr_array_set_size (problems, 0);
  g_assert_false (parse_string ("first_name,last_name\nA,B\n", NULL, problems));
  assert_problem (problems, "line 1: there is no column for the date each case was opened");
}

static void
test_counted_follows_agency_default (Fixture       *f,
                                     gconstpointer  data)
{
  g_autofree char *path = write_file (f, "counted.csv",
                                      "first_name,opened,counted\n"
                                      "A,2025-01-02,\nB,2025-01-02,SI\nC,2025-01-02,No\n", -1);
  g_autoptr(GError) error = NULL;
  sqlite3 *cases = amparo_vault_get_cases_db (f->vault, NULL);
  guint imported;

  g_assert_true (amparo_vault_set_setting (f->vault, "counted_default", "0", &error));
  g_assert_no_error (error);
  g_assert_true (amparo_csv_import (f->vault, path, &imported, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (imported, ==, 3);
  g_assert_cmpint (count (cases, "SELECT count(*) FROM cases WHERE counted = 1;"), ==, 1);
  g_assert_cmpint (count (cases, "SELECT count(*) FROM cases WHERE counted = 0;"), ==, 2);
}

static void
test_reporting_role_not_permitted (Fixture       *f,
                                   gconstpointer  data)
{
  g_autofree char *path = g_build_filename (SOURCE_DATADIR, "csv-template.csv", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(AmparoVault) reporting = NULL;
  g_autoptr(GPtrArray) problems = new_problems ();

  g_assert_true (amparo_vault_add_account (f->vault, "clerk", AMPARO_ROLE_REPORTING,
                                           "clerk passphrase 3 rivers", &error));
  g_assert_no_error (error);
  reporting = amparo_vault_unlock (f->vault_dir, "clerk", "clerk passphrase 3 rivers", &error);
  g_assert_no_error (error);
  g_assert_false (amparo_csv_import (reporting, path, NULL, problems, &error));
  g_assert_error (error, AMPARO_ERROR, AMPARO_ERROR_NOT_PERMITTED);
  g_assert_cmpuint (problems->len, ==, 0);
  g_assert_cmpint (count (amparo_vault_get_cases_db (f->vault, NULL),
                          "SELECT count(*) FROM cases;"), ==, 0);
}

static void
test_large_file_refused (Fixture       *f,
                         gconstpointer  data)
{
  gsize len = AMPARO_CSV_MAX_BYTES + 1;
  g_autofree char *big = g_malloc (len);
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) problems = new_problems ();

  memset (big, 'a', len);
  memcpy (big, "first_name,opened\n", 18);
  for (gsize i = 100; i < len; i += 100)
    big[i] = '\n';
  g_assert_false (amparo_csv_parse ((const guint8 *) big, len, NULL, problems));
  assert_problem (problems, "line 1: the file is larger than 50 MiB");

  path = write_file (f, "big.csv", big, (gssize) len);
  g_assert_false (amparo_csv_import (f->vault, path, NULL, NULL, &error));
  g_assert_error (error, AMPARO_ERROR, AMPARO_ERROR_TOO_LARGE);
}

static void
test_cli_reports_problems_on_stderr (Fixture       *f,
                                     gconstpointer  data)
{
  const char *cli = g_getenv ("AMPARO_CLI");
  g_autofree char *bad = write_file (f, "bad.csv", "first_name,opened\nA,2025-01-02\n"
                                                   "B,yesterday\nC,\n", -1);
  g_autofree char *good = g_build_filename (SOURCE_DATADIR, "csv-template.es.csv", NULL);
  g_autoptr(GError) error = NULL;

  if (cli == NULL)
    {
      g_test_skip ("AMPARO_CLI is not set");
      return;
    }
  g_clear_object (&f->vault);

  for (guint run = 0; run < 2; run++)
    {
      g_autoptr(GSubprocess) proc = NULL;
      g_autofree char *out = NULL, *err = NULL;

      proc = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE
                               | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error,
                               cli, "--vault", f->vault_dir, "csv-import", run == 0 ? bad : good,
                               NULL);
      g_assert_no_error (error);
      g_assert_true (g_subprocess_communicate_utf8 (proc, PASSPHRASE "\n", NULL, &out, &err,
                                                    &error));
      g_assert_no_error (error);
      if (run == 0)
        {
          g_assert_cmpint (g_subprocess_get_exit_status (proc), ==, 1);
          g_assert_cmpstr (err, ==,
                           "amparo-cli: 2 problems; nothing was imported\n"
                           "line 3, column opened: this is not a date written YYYY-MM-DD, "
                           "for example 2025-03-14\n"
                           "line 4, column opened: this cell is empty, but every case needs "
                           "the date it was opened\n");
          g_assert_cmpstr (out, ==, "");
        }
      else
        {
          g_assert_cmpint (g_subprocess_get_exit_status (proc), ==, 0);
          g_assert_cmpstr (out, ==, "Imported 3 cases\n");
        }
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  amparo_secure_init (NULL);

#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_setup, fn, fixture_teardown)
  ADD ("/csv-import/english-template-imports", test_english_template_imports);
  ADD ("/csv-import/spanish-template-imports", test_spanish_template_imports);
  ADD ("/csv-import/one-bad-row-imports-nothing", test_one_bad_row_imports_nothing);
  ADD ("/csv-import/check-counts-without-writing", test_check_counts_without_writing);
  ADD ("/csv-import/problems-never-echo-cells", test_problems_never_echo_cells);
  g_test_add_func ("/csv-import/problems-name-line-and-column", test_problems_name_line_and_column);
  g_test_add_func ("/csv-import/bom-is-skipped", test_bom_is_skipped);
  g_test_add_func ("/csv-import/semicolons-and-spanish-headers",
                   test_semicolons_and_spanish_headers);
  g_test_add_func ("/csv-import/quoted-fields", test_quoted_fields);
  g_test_add_func ("/csv-import/empty-and-header-only-files", test_empty_and_header_only_files);
  ADD ("/csv-import/counted-follows-agency-default", test_counted_follows_agency_default);
  ADD ("/csv-import/reporting-role-not-permitted", test_reporting_role_not_permitted);
  ADD ("/csv-import/large-file-refused", test_large_file_refused);
  ADD ("/csv-import/cli-reports-problems-on-stderr", test_cli_reports_problems_on_stderr);
#undef ADD
  return g_test_run ();
}
