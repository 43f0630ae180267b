/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "AmparoCsv"

#include <csv.h>
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <sodium.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "amparo-cases.h"
#include "amparo-codes.h"
#include "amparo-csv-import.h"
#include "amparo-error.h"
#include "amparo-vault.h"

/* Intake from a spreadsheet (DESIGN 7).
 *
 * A CSV file saved by a spreadsheet: UTF-8 with or without a byte order
 * mark, comma- or semicolon-separated (the header row decides which), one
 * header row naming the columns in English or Spanish, in any order.
 * Every row is checked before anything is written, and a single problem
 * means nothing is imported. Problems name the line and the column, and
 * never quote a cell: a cell may hold a survivor's name.
 *
 * Line numbers are those of the file, counting the header as line 1; a
 * row whose quoted cell spans several lines is reported by its first
 * line. Without such cells they are the spreadsheet's row numbers. */

typedef enum
{
  COL_FIRST_NAME,
  COL_LAST_NAME,
  COL_PREFERRED_NAME,
  COL_BIRTH_DATE,
  COL_PHONE,
  COL_EMAIL,
  COL_ADDRESS,
  COL_NOTES,
  COL_OPENED,
  COL_CLOSED,
  COL_AGE_BAND,
  COL_GENDER,
  COL_LANGUAGE,
  COL_VICTIMIZATION,
  COL_PERPETRATOR_RELATIONSHIP,
  COL_CHILDREN,
  COL_COUNTED,
  N_COLUMNS,
  COL_UNNAMED,     /* empty header cell: its cells must be empty too */
  COL_SKIPPED,     /* unknown or repeated: already reported */
} Column;

/* The names AmparoCaseDraft and amparo_case_draft_validate() use. */
static const char *const canonical[N_COLUMNS] = {
  "first_name", "last_name", "preferred_name", "birth_date", "phone", "email", "address",
  "notes", "opened", "closed", "age_band", "gender", "language", "victimization",
  "perpetrator_relationship", "children", "counted",
};

/* Header names, compared after folding case and accents and turning
 * spaces and hyphens into underscores: “Teléfono” and “telefono” match. */
static const struct
{
  const char *name;
  Column      column;
} header_names[] = {
  { "nombre", COL_FIRST_NAME },
  { "apellido", COL_LAST_NAME },
  { "apellidos", COL_LAST_NAME },
  { "nombre_preferido", COL_PREFERRED_NAME },
  { "fecha_nacimiento", COL_BIRTH_DATE },
  { "fecha_de_nacimiento", COL_BIRTH_DATE },
  { "telefono", COL_PHONE },
  { "correo", COL_EMAIL },
  { "correo_electronico", COL_EMAIL },
  { "direccion", COL_ADDRESS },
  { "notas", COL_NOTES },
  { "apertura", COL_OPENED },
  { "fecha_apertura", COL_OPENED },
  { "cierre", COL_CLOSED },
  { "fecha_cierre", COL_CLOSED },
  { "edad", COL_AGE_BAND },
  { "franja_edad", COL_AGE_BAND },
  { "genero", COL_GENDER },
  { "idioma", COL_LANGUAGE },
  { "victimizacion", COL_VICTIMIZATION },
  { "relacion_agresor", COL_PERPETRATOR_RELATIONSHIP },
  { "hijos", COL_CHILDREN },
  { "ninos", COL_CHILDREN },
  { "contado", COL_COUNTED },
};

#define MAX_TEXT     1000
#define MAX_NOTES    100000
#define MAX_CHILDREN 30

typedef struct
{
  char *text;   /* NULL when not valid UTF-8 */
} Field;

typedef struct
{
  struct csv_parser parser;
  gboolean          stop;

  /* where we are */
  guint             line;          /* physical line being fed */
  guint             record_line;   /* first line of the current record */
  gboolean          between;       /* no record under way */
  guint             n_records;

  /* the current record */
  GArray           *fields;        /* Field */

  /* the header */
  guint             n_columns;
  Column           *columns;       /* per file column */
  char            **column_names;  /* per file column, as written (known names only) */
  int               where[N_COLUMNS]; /* file column of each known column, or -1 */
  gboolean          counted_default;
  char             *today;

  GPtrArray        *drafts;
  GPtrArray        *problems;
  guint             n_problems;
  gboolean          row_ok;
} Parse;

/* ------------------------------------------------------------- problems */

static void
add_problem (Parse      *st,
             guint       line,
             const char *column,
             const char *what)
{
  st->n_problems++;
  st->row_ok = FALSE;
  if (st->problems == NULL || st->n_problems > AMPARO_CSV_MAX_LISTED_PROBLEMS)
    return;
  if (column != NULL)
    /* Translators: “line 12, column phone: this is not a phone number” */
    g_ptr_array_add (st->problems, g_strdup_printf (_("line %u, column %s: %s"), line, column,
                                                    what));
  else
    g_ptr_array_add (st->problems, g_strdup_printf (_("line %u: %s"), line, what));
}

/* "3 (C)": a header cell may not be a column name at all (a file without
 * a header row starts with someone's name), so it is named by position,
 * as spreadsheets label it. */
static char *
column_position (guint index)
{
  char letters[8];
  int i = G_N_ELEMENTS (letters) - 1;

  letters[i] = '\0';
  for (guint n = index + 1; n > 0 && i > 0; n = (n - 1) / 26)
    letters[--i] = (char) ('A' + (n - 1) % 26);
  return g_strdup_printf ("%u (%s)", index + 1, letters + i);
}

static void
add_position_problem (Parse      *st,
                      guint       line,
                      guint       index,
                      const char *what)
{
  g_autofree char *position = column_position (index);

  add_problem (st, line, position, what);
}

/* ------------------------------------------------------------- headers */

static char *
normalize_header (const char *text)
{
  g_autofree char *ascii = NULL;
  g_autofree char *stripped = g_strstrip (g_strdup (text));
  char *lower;

  ascii = g_str_to_ascii (stripped, "C");
  lower = g_ascii_strdown (ascii, -1);
  g_strdelimit (lower, " -", '_');
  return lower;
}

static Column
lookup_header (const char *text)
{
  g_autofree char *key = NULL;

  if (text == NULL)
    return COL_SKIPPED;
  key = normalize_header (text);
  if (*key == '\0')
    return COL_UNNAMED;
  for (guint i = 0; i < N_COLUMNS; i++)
    if (g_str_equal (key, canonical[i]))
      return (Column) i;
  for (guint i = 0; i < G_N_ELEMENTS (header_names); i++)
    if (g_str_equal (key, header_names[i].name))
      return header_names[i].column;
  return COL_SKIPPED;
}

static void
handle_header (Parse *st)
{
  st->n_columns = st->fields->len;
  st->columns = g_new0 (Column, st->n_columns);
  st->column_names = g_new0 (char *, st->n_columns + 1);
  for (guint i = 0; i < N_COLUMNS; i++)
    st->where[i] = -1;

  for (guint i = 0; i < st->n_columns; i++)
    {
      const char *text = g_array_index (st->fields, Field, i).text;
      Column col;

      if (text == NULL)
        {
          add_position_problem (st, st->record_line, i,
                                _("this column name is not UTF-8 text; save the file as "
                                  "“CSV UTF-8” and try again"));
          st->columns[i] = COL_SKIPPED;
          continue;
        }
      col = lookup_header (text);
      if (col == COL_SKIPPED)
        add_position_problem (st, st->record_line, i,
                              _("this is not a column name Amparo knows; the guide lists them"));
      else if (col < N_COLUMNS && st->where[col] >= 0)
        {
          g_autofree char *first = column_position ((guint) st->where[col]);
          g_autofree char *what = g_strdup_printf (_("this column repeats column %s"), first);

          add_position_problem (st, st->record_line, i, what);
          col = COL_SKIPPED;
        }
      else if (col < N_COLUMNS)
        {
          st->where[col] = (int) i;
          /* a known name, so safe to repeat in messages */
          st->column_names[i] = g_strstrip (g_strdup (text));
        }
      st->columns[i] = col;
    }
  if (st->where[COL_OPENED] < 0)
    add_problem (st, st->record_line, NULL,
                 _("there is no column for the date each case was opened (“opened” or "
                   "“apertura”); it is required"));
}

/* --------------------------------------------------------------- cells */

static gboolean
has_control_chars (const char *text,
                   gboolean    multiline)
{
  for (const char *p = text; *p != '\0'; p++)
    if ((guchar) *p < 0x20 && !(*p == '\t' || (multiline && (*p == '\n' || *p == '\r'))))
      return TRUE;
  return FALSE;
}

static char *
normalize_code (const char *text)
{
  g_autofree char *stripped = g_strstrip (g_strdup (text));
  char *lower = g_ascii_strdown (stripped, -1);

  g_strdelimit (lower, " -", '_');
  return lower;
}

static gboolean
check_text (Parse      *st,
            const char *column,
            const char *value,
            gsize       max,
            gboolean    multiline)
{
  if ((gsize) g_utf8_strlen (value, -1) > max)
    {
      g_autofree char *what = g_strdup_printf (_("this cell is longer than %u characters"),
                                               (guint) max);
      add_problem (st, st->record_line, column, what);
      return FALSE;
    }
  if (has_control_chars (value, multiline))
    {
      add_problem (st, st->record_line, column,
                   multiline ? _("this cell holds a control character")
                             : _("this cell holds a line break or a control character"));
      return FALSE;
    }
  return TRUE;
}

static char *
check_date (Parse      *st,
            const char *column,
            const char *value)
{
  if (!amparo_date_is_valid (value))
    {
      add_problem (st, st->record_line, column,
                   _("this is not a date written YYYY-MM-DD, for example 2025-03-14"));
      return NULL;
    }
  if (strcmp (value, st->today) > 0)
    {
      add_problem (st, st->record_line, column, _("this date is in the future"));
      return NULL;
    }
  return g_strdup (value);
}

static char *
check_code (Parse      *st,
            const char *column,
            const char *category,
            const char *value)
{
  g_autofree char *code = normalize_code (value);

  if (!amparo_code_is_valid (category, code))
    {
      add_problem (st, st->record_line, column,
                   _("this is not one of the codes for this column; the guide lists them"));
      return NULL;
    }
  return g_steal_pointer (&code);
}

static GStrv
check_codes (Parse      *st,
             const char *column,
             const char *category,
             const char *value)
{
  g_auto(GStrv) parts = g_strsplit (value, "|", -1);
  g_autoptr(GPtrArray) codes = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; parts[i] != NULL; i++)
    {
      g_autofree char *code = normalize_code (parts[i]);

      if (*code == '\0')
        continue;
      if (!amparo_code_is_valid (category, code))
        {
          add_problem (st, st->record_line, column,
                       _("a code in this cell is not one of the codes for this column; the "
                         "guide lists them"));
          return NULL;
        }
      if (!g_ptr_array_find_with_equal_func (codes, code, g_str_equal, NULL))
        g_ptr_array_add (codes, g_steal_pointer (&code));
    }
  if (codes->len == 0)
    return NULL;
  g_ptr_array_add (codes, NULL);
  return (GStrv) g_ptr_array_steal (codes, NULL);
}

static void
set_cell (Parse           *st,
          AmparoCaseDraft *d,
          Column           col,
          const char      *column,
          const char      *value,
          gboolean        *counted_given)
{
  switch (col)
    {
    case COL_FIRST_NAME:
      if (check_text (st, column, value, MAX_TEXT, FALSE))
        d->first_name = g_strdup (value);
      break;
    case COL_LAST_NAME:
      if (check_text (st, column, value, MAX_TEXT, FALSE))
        d->last_name = g_strdup (value);
      break;
    case COL_PREFERRED_NAME:
      if (check_text (st, column, value, MAX_TEXT, FALSE))
        d->preferred_name = g_strdup (value);
      break;
    case COL_BIRTH_DATE:
      d->birth_date = check_date (st, column, value);
      break;
    case COL_PHONE:
      if (!check_text (st, column, value, 100, FALSE))
        break;
      if (strpbrk (value, "0123456789") == NULL)
        add_problem (st, st->record_line, column,
                     _("this is not a phone number: it has no digits"));
      else
        d->phone = g_strdup (value);
      break;
    case COL_EMAIL:
      if (!check_text (st, column, value, MAX_TEXT, FALSE))
        break;
      if (strchr (value, '@') == NULL || strpbrk (value, " \t") != NULL
          || value[0] == '@' || value[strlen (value) - 1] == '@')
        add_problem (st, st->record_line, column, _("this is not an email address"));
      else
        d->email = g_strdup (value);
      break;
    case COL_ADDRESS:
      if (check_text (st, column, value, MAX_TEXT, TRUE))
        d->address = g_strdup (value);
      break;
    case COL_NOTES:
      if (check_text (st, column, value, MAX_NOTES, TRUE))
        d->notes = g_strdup (value);
      break;
    case COL_OPENED:
      d->opened = check_date (st, column, value);
      break;
    case COL_CLOSED:
      d->closed = check_date (st, column, value);
      break;
    case COL_AGE_BAND:
      d->age_band = check_code (st, column, "age_band", value);
      break;
    case COL_GENDER:
      d->gender = check_code (st, column, "gender", value);
      break;
    case COL_LANGUAGE:
      d->language = check_code (st, column, "language", value);
      break;
    case COL_VICTIMIZATION:
      d->victimization = check_codes (st, column, "victimization", value);
      break;
    case COL_PERPETRATOR_RELATIONSHIP:
      d->perpetrator_relationship = check_code (st, column, "perpetrator_relationship", value);
      break;
    case COL_CHILDREN:
      {
        guint64 n;

        if (!g_ascii_string_to_unsigned (value, 10, 0, MAX_CHILDREN, &n, NULL))
          add_problem (st, st->record_line, column, _("this is not a whole number from 0 to 30"));
        else if (n > 0)
          {
            /* a count only: each child's age is not reported */
            d->children = g_new0 (char *, n + 1);
            for (guint i = 0; i < n; i++)
              d->children[i] = g_strdup ("not_reported");
          }
      }
      break;
    case COL_COUNTED:
      {
        /* folded, so “Sí”, “SI” and “si” are all yes */
        g_autofree char *ascii = g_str_to_ascii (value, "C");
        g_autofree char *answer = normalize_code (ascii);

        *counted_given = TRUE;
        if (g_str_equal (answer, "yes") || g_str_equal (answer, "si"))
          d->counted = TRUE;
        else if (g_str_equal (answer, "no"))
          d->counted = FALSE;
        else
          add_problem (st, st->record_line, column, _("write yes or no (or sí or no)"));
      }
      break;
    case N_COLUMNS:
    case COL_UNNAMED:
    case COL_SKIPPED:
    default:
      g_assert_not_reached ();
    }
}

static const char *
name_of (Parse  *st,
         Column  col)
{
  return st->where[col] >= 0 ? st->column_names[st->where[col]] : canonical[col];
}

static void
handle_row (Parse *st)
{
  g_autoptr(AmparoCaseDraft) d = NULL;
  gboolean empty = TRUE, counted_given = FALSE;
  const char *bad_field = NULL;

  for (guint i = 0; i < st->fields->len && empty; i++)
    {
      const char *text = g_array_index (st->fields, Field, i).text;
      if (text == NULL || *text != '\0')
        empty = FALSE;
    }
  /* spreadsheets write empty rows as a line of separators */
  if (empty)
    return;

  st->row_ok = TRUE;
  if (st->fields->len != st->n_columns)
    {
      const char *format = g_dngettext (GETTEXT_PACKAGE,
                                        "this row has %u cell, but the header row has %u",
                                        "this row has %u cells, but the header row has %u",
                                        st->fields->len);
      g_autofree char *what = g_strdup_printf (format, st->fields->len, st->n_columns);

      add_problem (st, st->record_line, NULL, what);
      return;
    }

  d = amparo_case_draft_new ();
  for (guint i = 0; i < st->n_columns; i++)
    {
      const char *text = g_array_index (st->fields, Field, i).text;
      Column col = st->columns[i];

      if (col == COL_SKIPPED)
        continue;
      if (text == NULL)
        {
          if (col == COL_UNNAMED)
            add_position_problem (st, st->record_line, i,
                                  _("this cell is not UTF-8 text; save the file as “CSV UTF-8” "
                                    "and try again"));
          else
            add_problem (st, st->record_line, st->column_names[i],
                         _("this cell is not UTF-8 text; save the file as “CSV UTF-8” and try "
                           "again"));
          continue;
        }
      if (*text == '\0')
        continue;
      if (col == COL_UNNAMED)
        {
          add_position_problem (st, st->record_line, i,
                                _("this cell is in a column with no name in the header row"));
          continue;
        }
      set_cell (st, d, col, st->column_names[i], text, &counted_given);
    }
  if (!st->row_ok)
    return;

  if (d->opened == NULL)
    {
      /* without the column, the header row's problem says it all */
      if (st->where[COL_OPENED] >= 0)
        add_problem (st, st->record_line, name_of (st, COL_OPENED),
                     _("this cell is empty, but every case needs the date it was opened"));
      return;
    }
  if (d->closed != NULL && strcmp (d->closed, d->opened) < 0)
    add_problem (st, st->record_line, name_of (st, COL_CLOSED),
                 _("the case is closed before the date it was opened"));
  if (d->birth_date != NULL && strcmp (d->birth_date, d->opened) > 0)
    add_problem (st, st->record_line, name_of (st, COL_BIRTH_DATE),
                 _("this birth date is after the date the case was opened"));
  if (!counted_given)
    d->counted = st->counted_default;
  if (st->row_ok && !amparo_case_draft_validate (d, &bad_field, NULL))
    {
      /* the checks above should have caught it; name the field anyway */
      Column col = N_COLUMNS;

      for (guint i = 0; i < N_COLUMNS; i++)
        if (g_strcmp0 (bad_field, canonical[i]) == 0)
          col = (Column) i;
      if (col < N_COLUMNS)
        add_problem (st, st->record_line, name_of (st, col), _("this cell is not valid"));
      else
        add_problem (st, st->record_line, NULL, _("this row is not valid"));
    }
  if (st->row_ok)
    g_ptr_array_add (st->drafts, g_steal_pointer (&d));
}

/* ------------------------------------------------------------- parsing */

static void
clear_fields (Parse *st)
{
  for (guint i = 0; i < st->fields->len; i++)
    {
      Field *f = &g_array_index (st->fields, Field, i);

      if (f->text != NULL)
        sodium_memzero (f->text, strlen (f->text));
      g_clear_pointer (&f->text, g_free);
    }
  g_array_set_size (st->fields, 0);
}

static void
field_cb (void   *data,
          size_t  len,
          void   *user_data)
{
  Parse *st = user_data;
  Field f = { NULL };

  if (st->stop)
    return;
  if (len == 0)
    f.text = g_strdup ("");
  else if (g_utf8_validate_len (data, len, NULL))
    f.text = g_strstrip (g_strndup (data, len));
  g_array_append_val (st->fields, f);
}

static void
record_cb (int   c,
           void *user_data)
{
  Parse *st = user_data;

  st->between = TRUE;
  if (st->stop)
    return;
  if (st->n_records == 0)
    handle_header (st);
  else
    handle_row (st);
  st->n_records++;
  clear_fields (st);
}

static gboolean
is_blank (const guint8 *p,
          gsize         len)
{
  for (gsize i = 0; i < len; i++)
    if (p[i] != ' ' && p[i] != '\t' && p[i] != '\r' && p[i] != '\n')
      return FALSE;
  return TRUE;
}

/* Feeds the parser one physical line at a time, to know on which line
 * each record starts. */
static void
run (Parse        *st,
     const guint8 *data,
     gsize         len,
     char          delimiter)
{
  gsize pos = 0;

  csv_init (&st->parser, CSV_STRICT | CSV_STRICT_FINI);
  csv_set_delim (&st->parser, (unsigned char) delimiter);
  st->between = TRUE;
  st->line = 0;
  st->record_line = 1;

  while (pos < len && !st->stop)
    {
      gsize end = pos;

      while (end < len && data[end] != '\n'
             && !(data[end] == '\r' && (end + 1 >= len || data[end + 1] != '\n')))
        end++;
      if (end < len)
        end++;
      st->line++;
      if (st->between && !is_blank (data + pos, end - pos))
        {
          st->record_line = st->line;
          st->between = FALSE;
        }
      if (csv_parse (&st->parser, data + pos, end - pos, field_cb, record_cb, st) != end - pos)
        {
          add_problem (st, st->record_line, NULL,
                       _("a quotation mark is out of place; put the whole cell in quotation "
                         "marks and double any quotation mark inside it"));
          st->stop = TRUE;
        }
      pos = end;
    }
  if (!st->stop && csv_fini (&st->parser, field_cb, record_cb, st) != 0)
    add_problem (st, st->record_line, NULL,
                 _("a quoted cell is never closed: a quotation mark is missing"));
  if (st->parser.entry_buf != NULL)
    sodium_memzero (st->parser.entry_buf, st->parser.entry_size);
  csv_free (&st->parser);
  clear_fields (st);
}

static void
parse_clear (Parse *st)
{
  for (guint i = 0; st->column_names != NULL && i < st->n_columns; i++)
    g_free (st->column_names[i]);
  g_clear_pointer (&st->column_names, g_free);
  g_clear_pointer (&st->fields, g_array_unref);
  g_clear_pointer (&st->columns, g_free);
  g_clear_pointer (&st->today, g_free);
}

/* How many cells of the first row are column names when split by
 * @delimiter. Spreadsheets never break a header cell over lines. */
static guint
score_delimiter (const guint8 *data,
                 gsize         len,
                 char          delimiter)
{
  Parse probe = { 0 };
  gsize end;
  guint known = 0;

  while (len > 0 && (*data == '\n' || *data == '\r' || *data == ' ' || *data == '\t'))
    data++, len--;
  end = 0;
  while (end < len && data[end] != '\n' && data[end] != '\r')
    end++;
  probe.fields = g_array_new (FALSE, TRUE, sizeof (Field));
  csv_init (&probe.parser, 0);
  csv_set_delim (&probe.parser, (unsigned char) delimiter);
  csv_parse (&probe.parser, data, end, field_cb, NULL, &probe);
  csv_fini (&probe.parser, field_cb, NULL, &probe);
  csv_free (&probe.parser);
  for (guint i = 0; i < probe.fields->len; i++)
    if (lookup_header (g_array_index (probe.fields, Field, i).text) < N_COLUMNS)
      known++;
  clear_fields (&probe);
  parse_clear (&probe);
  return known;
}

/* Returns: the number of problems */
static guint
parse (const guint8 *data,
       gsize         len,
       gboolean      counted_default,
       GPtrArray    *out_drafts,
       GPtrArray    *out_problems)
{
  Parse st = { 0 };
  g_autoptr(GPtrArray) drafts = NULL;
  char delimiter;

  drafts = g_ptr_array_new_with_free_func ((GDestroyNotify) amparo_case_draft_free);
  st.problems = out_problems;
  st.drafts = drafts;
  st.counted_default = counted_default;
  st.today = amparo_date_today ();
  st.fields = g_array_new (FALSE, TRUE, sizeof (Field));

  if (len > AMPARO_CSV_MAX_BYTES)
    {
      add_problem (&st, 1, NULL, _("the file is larger than 50 MiB; split it into smaller files"));
      goto out;
    }
  if (len >= 3 && memcmp (data, "\xef\xbb\xbf", 3) == 0)
    {
      data += 3;
      len -= 3;
    }
  if (is_blank (data, len))
    {
      add_problem (&st, 1, NULL, _("the file is empty"));
      goto out;
    }

  delimiter = score_delimiter (data, len, ';') > score_delimiter (data, len, ',') ? ';' : ',';
  run (&st, data, len, delimiter);
  if (st.n_problems == 0 && st.drafts->len == 0)
    add_problem (&st, st.line + 1, NULL, _("there are no cases below the header row"));

out:
  if (st.problems != NULL && st.n_problems > AMPARO_CSV_MAX_LISTED_PROBLEMS)
    g_ptr_array_add (st.problems,
                     g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                   "…and %u more problem not listed here",
                                                   "…and %u more problems not listed here",
                                                   st.n_problems - AMPARO_CSV_MAX_LISTED_PROBLEMS),
                                      st.n_problems - AMPARO_CSV_MAX_LISTED_PROBLEMS));
  if (st.n_problems == 0 && out_drafts != NULL)
    for (guint i = 0; i < drafts->len; i++)
      g_ptr_array_add (out_drafts, g_steal_pointer (&g_ptr_array_index (drafts, i)));
  parse_clear (&st);
  return st.n_problems;
}

/**
 * amparo_csv_parse:
 * @out_drafts: (element-type AmparoCaseDraft) (transfer full) (nullable):
 *   receives one draft per row, only when there is no problem; give it
 *   amparo_case_draft_free() as its free function
 * @out_problems: (element-type utf8) (transfer full) (nullable): receives
 *   one line per problem, “line N, column NAME: what is wrong”, never the
 *   content of a cell; give it g_free() as its free function
 *
 * Reads a spreadsheet's CSV export without touching any vault (for tests
 * and fuzzing). Cases are counted unless the file says otherwise.
 *
 * Returns: %TRUE if every row is good
 */
gboolean
amparo_csv_parse (const guint8 *data,
                  gsize         len,
                  GPtrArray    *out_drafts,
                  GPtrArray    *out_problems)
{
  g_return_val_if_fail (data != NULL || len == 0, FALSE);

  return parse (data != NULL ? data : (const guint8 *) "", len, TRUE, out_drafts,
                out_problems) == 0;
}

static gboolean
read_file (const char  *path,
           guint8     **out_data,
           gsize       *out_len,
           GError     **error)
{
  g_autofree guint8 *data = NULL;
  struct stat st;
  gsize got = 0;
  int fd;

  /* messages never name the file: its name may be a survivor's */
  fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);
  if (fd < 0)
    {
      g_set_error_literal (error, AMPARO_ERROR, errno == ENOENT ? AMPARO_ERROR_NOT_FOUND
                                                                : AMPARO_ERROR_IO,
                           errno == ENOENT ? _("The spreadsheet file does not exist")
                                           : _("The spreadsheet file could not be opened"));
      return FALSE;
    }
  if (fstat (fd, &st) != 0 || !S_ISREG (st.st_mode))
    {
      close (fd);
      g_set_error_literal (error, AMPARO_ERROR, AMPARO_ERROR_INVALID,
                           _("This is not a spreadsheet file"));
      return FALSE;
    }
  if (st.st_size > AMPARO_CSV_MAX_BYTES)
    {
      close (fd);
      g_set_error_literal (error, AMPARO_ERROR, AMPARO_ERROR_TOO_LARGE,
                           _("The spreadsheet file is larger than 50 MiB; split it into "
                             "smaller files"));
      return FALSE;
    }
  data = g_malloc ((gsize) st.st_size + 1);
  while (got < (gsize) st.st_size)
    {
      ssize_t n = read (fd, data + got, (gsize) st.st_size - got);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        break;
      got += (gsize) n;
    }
  close (fd);
  if (got != (gsize) st.st_size)
    {
      sodium_memzero (data, got);
      g_set_error_literal (error, AMPARO_ERROR, AMPARO_ERROR_IO,
                           _("The spreadsheet file could not be read"));
      return FALSE;
    }
  *out_data = g_steal_pointer (&data);
  *out_len = got;
  return TRUE;
}

/**
 * amparo_csv_check:
 * @path: a CSV file
 * @out_cases: (out) (optional): how many cases the file holds, when it
 *   has no problem
 * @out_n_problems: (out) (optional): how many problems there are, listed
 *   or not
 * @out_problems: (element-type utf8) (nullable): see amparo_csv_parse()
 *
 * Checks every row of a file as amparo_csv_import() would, without a
 * vault and without writing anything: what the import assistant shows
 * before anything is saved.
 *
 * Returns: %FALSE with @error set only when the file cannot be read;
 *   problems in its content are counted in @out_n_problems
 */
gboolean
amparo_csv_check (const char  *path,
                  guint       *out_cases,
                  guint       *out_n_problems,
                  GPtrArray   *out_problems,
                  GError     **error)
{
  g_autoptr(GPtrArray) drafts = NULL;
  guint8 *data = NULL;
  gsize len = 0;
  guint n_problems;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (out_cases != NULL)
    *out_cases = 0;
  if (out_n_problems != NULL)
    *out_n_problems = 0;
  if (!read_file (path, &data, &len, error))
    return FALSE;
  drafts = g_ptr_array_new_with_free_func ((GDestroyNotify) amparo_case_draft_free);
  n_problems = parse (data, len, TRUE, drafts, out_problems);
  sodium_memzero (data, len);
  g_free (data);
  if (out_cases != NULL)
    *out_cases = drafts->len;
  if (out_n_problems != NULL)
    *out_n_problems = n_problems;
  return TRUE;
}

/**
 * amparo_csv_import:
 * @path: a CSV file
 * @out_imported: (out) (optional): how many cases were created
 * @out_problems: (element-type utf8) (nullable): see amparo_csv_parse()
 *
 * Creates one case per row, all or none. With any problem in the file
 * nothing is written and @error is %AMPARO_ERROR_INVALID, saying how many
 * problems there are. Needs a role that holds the identifying store's
 * key. amparo_cases_create() writes the audit row.
 */
gboolean
amparo_csv_import (AmparoVault  *vault,
                   const char   *path,
                   guint        *out_imported,
                   GPtrArray    *out_problems,
                   GError      **error)
{
  g_autoptr(GPtrArray) drafts = NULL;
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  guint8 *data = NULL;
  gsize len = 0;
  guint n_problems;

  g_return_val_if_fail (AMPARO_IS_VAULT (vault), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (out_imported != NULL)
    *out_imported = 0;
  if (!amparo_vault_require_role (vault, FALSE, error))
    return FALSE;
  if (amparo_vault_get_kind (vault) != AMPARO_VAULT_KIND_AGENCY)
    {
      g_set_error_literal (error, AMPARO_ERROR, AMPARO_ERROR_WRONG_KIND,
                           _("Cases can only be imported into an agency vault"));
      return FALSE;
    }
  if (!read_file (path, &data, &len, error))
    return FALSE;
  drafts = g_ptr_array_new_with_free_func ((GDestroyNotify) amparo_case_draft_free);

  n_problems = parse (data, len,
                      amparo_vault_get_setting_int (vault, "counted_default", 1) != 0,
                      drafts, problems);
  sodium_memzero (data, len);
  g_free (data);
  if (n_problems > 0)
    {
      g_set_error (error, AMPARO_ERROR, AMPARO_ERROR_INVALID,
                   g_dngettext (GETTEXT_PACKAGE, "%u problem; nothing was imported",
                                "%u problems; nothing was imported", n_problems),
                   n_problems);
      if (out_problems != NULL)
        for (guint i = 0; i < problems->len; i++)
          g_ptr_array_add (out_problems, g_strdup (g_ptr_array_index (problems, i)));
      return FALSE;
    }

  if (!amparo_cases_create (vault, drafts, NULL, error))
    return FALSE;
  if (out_imported != NULL)
    *out_imported = drafts->len;
  return TRUE;
}
