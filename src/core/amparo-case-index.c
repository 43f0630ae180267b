/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "AmparoCaseIndex"

#include <stdio.h>
#include <string.h>

#include "amparo-case-index.h"
#include "amparo-cases.h"
#include "amparo-db.h"
#include "amparo-vault.h"

/* The case list: one row per case with what the list shows and nothing
 * more. Queries run in a worker thread on connections of their own, so the
 * window never waits for the disk, even with 100,000 cases. Names come from
 * the identifying store only for roles that hold its key; for the reporting
 * role that store is never opened and every name is NULL. */

struct _AmparoCaseRow
{
  GObject           parent_instance;

  gint64            id;
  char             *ref_code;
  char             *display_name;
  char             *status;
  char             *opened;
  char             *last_activity;
  char             *risk_level;
  AmparoCaseAlerts  alerts;
  /* the folded names amparo_case_index_filter() searches; never shown */
  char             *search_key;
};

G_DEFINE_FINAL_TYPE (AmparoCaseRow, amparo_case_row, G_TYPE_OBJECT)

G_DEFINE_BOXED_TYPE (AmparoCaseFilter, amparo_case_filter,
                     amparo_case_filter_copy, amparo_case_filter_free)

#define RELEASE_WARNING_DAYS 7

typedef struct
{
  AmparoVault      *vault;
  sqlite3          *cases;
  sqlite3          *contacts;   /* NULL for the reporting role */
  char             *search;
  AmparoCaseFilter *filter;
} Query;

/* ------------------------------------------------------------ filter */

AmparoCaseFilter *
amparo_case_filter_new (void)
{
  AmparoCaseFilter *filter = g_new0 (AmparoCaseFilter, 1);

  filter->status = AMPARO_CASE_STATUS_OPEN;
  return filter;
}

AmparoCaseFilter *
amparo_case_filter_copy (const AmparoCaseFilter *filter)
{
  AmparoCaseFilter *copy = g_new0 (AmparoCaseFilter, 1);

  if (filter == NULL)
    {
      copy->status = AMPARO_CASE_STATUS_ALL;
      return copy;
    }
  copy->status = filter->status;
  copy->risk_level = g_strdup (filter->risk_level);
  copy->alerts = filter->alerts;
  return copy;
}

void
amparo_case_filter_free (AmparoCaseFilter *filter)
{
  if (filter == NULL)
    return;
  g_free (filter->risk_level);
  g_free (filter);
}

/* --------------------------------------------------------------- row */

static void
amparo_case_row_finalize (GObject *object)
{
  AmparoCaseRow *self = AMPARO_CASE_ROW (object);

  g_free (self->ref_code);
  g_free (self->display_name);
  g_free (self->status);
  g_free (self->opened);
  g_free (self->last_activity);
  g_free (self->risk_level);
  g_free (self->search_key);
  G_OBJECT_CLASS (amparo_case_row_parent_class)->finalize (object);
}

static void
amparo_case_row_class_init (AmparoCaseRowClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = amparo_case_row_finalize;
}

static void
amparo_case_row_init (AmparoCaseRow *self)
{
}

gint64
amparo_case_row_get_id (AmparoCaseRow *self)
{
  g_return_val_if_fail (AMPARO_IS_CASE_ROW (self), 0);
  return self->id;
}

const char *
amparo_case_row_get_ref_code (AmparoCaseRow *self)
{
  g_return_val_if_fail (AMPARO_IS_CASE_ROW (self), NULL);
  return self->ref_code;
}

/**
 * amparo_case_row_get_display_name:
 *
 * Returns: (nullable): the survivor's name as the list shows it; always
 *   %NULL for the reporting role
 */
const char *
amparo_case_row_get_display_name (AmparoCaseRow *self)
{
  g_return_val_if_fail (AMPARO_IS_CASE_ROW (self), NULL);
  return self->display_name;
}

const char *
amparo_case_row_get_status (AmparoCaseRow *self)
{
  g_return_val_if_fail (AMPARO_IS_CASE_ROW (self), NULL);
  return self->status;
}

const char *
amparo_case_row_get_opened (AmparoCaseRow *self)
{
  g_return_val_if_fail (AMPARO_IS_CASE_ROW (self), NULL);
  return self->opened;
}

const char *
amparo_case_row_get_last_activity (AmparoCaseRow *self)
{
  g_return_val_if_fail (AMPARO_IS_CASE_ROW (self), NULL);
  return self->last_activity;
}

const char *
amparo_case_row_get_risk_level (AmparoCaseRow *self)
{
  g_return_val_if_fail (AMPARO_IS_CASE_ROW (self), NULL);
  return self->risk_level;
}

AmparoCaseAlerts
amparo_case_row_get_alerts (AmparoCaseRow *self)
{
  g_return_val_if_fail (AMPARO_IS_CASE_ROW (self), AMPARO_CASE_ALERT_NONE);
  return self->alerts;
}

/* ----------------------------------------------------------- helpers */

/* Reference codes as typed: "k7q", "K7QM-4T", "k7qm 4" all match K7QM-4TD2. */
static char *
refcode_compact (const char *text)
{
  GString *s = g_string_new (NULL);

  for (const char *p = text; p != NULL && *p != '\0'; p++)
    {
      if (*p == '-' || *p == ' ')
        continue;
      if (!g_ascii_isalnum (*p))
        {
          g_string_free (s, TRUE);
          return NULL;
        }
      g_string_append_c (s, g_ascii_toupper (*p));
    }
  return g_string_free (s, FALSE);
}

/**
 * amparo_refcode_has_prefix:
 * @code: a stored reference code (`XXXX-XXXX`)
 * @typed: what a person typed, in any case, with or without the dash
 *
 * Returns: whether @typed is a non-empty start of @code
 */
gboolean
amparo_refcode_has_prefix (const char *code,
                           const char *typed)
{
  g_autofree char *want = refcode_compact (typed);
  g_autofree char *have = refcode_compact (code);

  if (want == NULL || have == NULL || *want == '\0' || strlen (want) > 8)
    return FALSE;
  return g_str_has_prefix (have, want);
}

static char *
display_name (const char *first,
              const char *last,
              const char *preferred)
{
  gboolean has_first = first != NULL && *first != '\0';
  gboolean has_last = last != NULL && *last != '\0';
  gboolean has_preferred = preferred != NULL && *preferred != '\0'
                           && g_strcmp0 (preferred, first) != 0;
  const char *name = NULL;
  g_autofree char *joined = NULL;

  if (has_first && has_last)
    name = joined = g_strconcat (first, " ", last, NULL);
  else if (has_first)
    name = first;
  else if (has_last)
    name = last;
  if (!has_preferred)
    return name != NULL ? g_strdup (name) : NULL;
  if (name == NULL)
    return g_strdup (preferred);
  return g_strconcat (name, " (", preferred, ")", NULL);
}

static char *
date_plus_days (const char *iso,
                int         days)
{
  int y, m, d;
  GDate date;
  char out[11];

  if (sscanf (iso, "%4d-%2d-%2d", &y, &m, &d) != 3)
    return g_strdup (iso);
  g_date_clear (&date, 1);
  g_date_set_dmy (&date, d, m, y);
  g_date_add_days (&date, days);
  g_snprintf (out, sizeof out, "%04d-%02d-%02d", g_date_get_year (&date),
              g_date_get_month (&date), g_date_get_day (&date));
  return g_strdup (out);
}

static GHashTable *
expiring_releases (sqlite3     *db,
                   const char  *today,
                   GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GHashTable) ids = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  g_autofree char *until = date_plus_days (today, RELEASE_WARNING_DAYS);
  int rc;

  stmt = amparo_db_prepare (db, "SELECT DISTINCT case_id FROM releases"
                                " WHERE revoked IS NULL AND expires BETWEEN ? AND ?;", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, today, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, until, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      g_hash_table_add (ids, g_memdup2 (&id, sizeof id));
    }
  if (rc != SQLITE_DONE)
    {
      amparo_db_set_error (error, db, rc);
      return NULL;
    }
  return g_steal_pointer (&ids);
}

static void
set_names (AmparoCaseRow *row,
           sqlite3_stmt  *stmt)
{
  row->display_name = display_name ((const char *) sqlite3_column_text (stmt, 1),
                                    (const char *) sqlite3_column_text (stmt, 2),
                                    (const char *) sqlite3_column_text (stmt, 3));
  row->search_key = g_strdup ((const char *) sqlite3_column_text (stmt, 4));
}

static int
cmp_row_id (gconstpointer a,
            gconstpointer b)
{
  gint64 x = (*(AmparoCaseRow * const *) a)->id, y = (*(AmparoCaseRow * const *) b)->id;

  return x < y ? -1 : x > y;
}

/* A few rows out of many people (the open cases, say): one lookup each,
 * in case id order, so each page of the names index is read once. */
static gboolean
lookup_names (sqlite3       *db,
              GPtrArray     *rows,
              GCancellable  *cancellable,
              GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  /* not g_ptr_array_copy(): that would take @rows' free function too */
  g_autoptr(GPtrArray) sorted = g_ptr_array_sized_new (rows->len);
  int rc;

  for (guint i = 0; i < rows->len; i++)
    g_ptr_array_add (sorted, g_ptr_array_index (rows, i));

  stmt = amparo_db_prepare (db, "SELECT case_id, first_name, last_name, preferred_name,"
                                " search_key FROM people INDEXED BY people_names"
                                " WHERE case_id = ?;", error);
  if (stmt == NULL)
    return FALSE;
  g_ptr_array_sort (sorted, cmp_row_id);
  /* one read transaction for all the lookups, not one each */
  if (!amparo_db_exec (db, "BEGIN;", error))
    return FALSE;
  for (guint i = 0; i < sorted->len; i++)
    {
      AmparoCaseRow *row = g_ptr_array_index (sorted, i);

      if ((i & 1023) == 1023 && g_cancellable_set_error_if_cancelled (cancellable, error))
        goto fail;
      sqlite3_bind_int64 (stmt, 1, row->id);
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        set_names (row, stmt);
      else if (rc != SQLITE_DONE)
        {
          amparo_db_set_error (error, db, rc);
          goto fail;
        }
      sqlite3_reset (stmt);
    }
  return amparo_db_exec (db, "COMMIT;", error);

fail:
  sqlite3_reset (stmt);
  amparo_db_exec (db, "ROLLBACK;", NULL);
  return FALSE;
}

/* Gives the listed rows their names and search keys, by case id: by
 * lookups for a few rows, else in one pass over everyone, where people
 * whose case is not listed cost one step and no copy. */
static gboolean
load_names (sqlite3       *db,
            GPtrArray     *rows,
            GHashTable    *rows_by_id,
            GCancellable  *cancellable,
            GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gint64 people = amparo_db_query_int (db, "SELECT max(case_id) FROM people;", 0);
  guint n = 0;
  int rc;

  if ((gint64) rows->len * 4 < people)
    return lookup_names (db, rows, cancellable, error);

  stmt = amparo_db_prepare (db, "SELECT case_id, first_name, last_name, preferred_name,"
                                " search_key FROM people INDEXED BY people_names;", error);
  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      AmparoCaseRow *row;

      if ((++n & 1023) == 0 && g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      row = g_hash_table_lookup (rows_by_id, &id);
      if (row != NULL)
        set_names (row, stmt);
    }
  if (rc != SQLITE_DONE)
    {
      amparo_db_set_error (error, db, rc);
      return FALSE;
    }
  return TRUE;
}

/* ------------------------------------------------------------ search */

typedef struct
{
  char  *code;      /* the typed reference code, compacted; NULL if it cannot be one */
  GStrv  words;     /* the typed words, folded as search keys are */
} Search;

static void
search_clear (Search *search)
{
  g_clear_pointer (&search->code, g_free);
  g_clear_pointer (&search->words, g_strfreev);
}

/* Returns FALSE for an empty search, which matches every row. */
static gboolean
search_init (Search     *search,
             const char *typed)
{
  g_autofree char *folded = NULL;
  g_autoptr(GPtrArray) words = g_ptr_array_new ();
  g_auto(GStrv) split = NULL;

  search->code = NULL;
  search->words = NULL;
  if (typed == NULL)
    return FALSE;
  folded = g_strstrip (amparo_search_key (typed));
  if (*folded == '\0')
    return FALSE;
  search->code = refcode_compact (typed);
  if (search->code != NULL && (*search->code == '\0' || strlen (search->code) > 8))
    g_clear_pointer (&search->code, g_free);
  split = g_strsplit_set (folded, " \t", -1);
  for (guint i = 0; split[i] != NULL; i++)
    if (*split[i] != '\0')
      g_ptr_array_add (words, g_strdup (split[i]));
  g_ptr_array_add (words, NULL);
  search->words = (GStrv) g_ptr_array_free (g_steal_pointer (&words), FALSE);
  return TRUE;
}

/* @code is stored as XXXX-XXXX; the compacted typed code is compared
 * with it, dashes skipped, with no copy per row. */
static gboolean
code_matches (const char *code,
              const char *want)
{
  if (code == NULL)
    return FALSE;
  for (; *want != '\0'; want++, code++)
    {
      while (*code == '-' || *code == ' ')
        code++;
      if (g_ascii_toupper (*code) != *want)
        return FALSE;
    }
  return TRUE;
}

static gboolean
search_matches (const Search  *search,
                AmparoCaseRow *row)
{
  if (search->code != NULL && code_matches (row->ref_code, search->code))
    return TRUE;
  if (row->search_key == NULL || search->words[0] == NULL)
    return FALSE;
  for (guint i = 0; search->words[i] != NULL; i++)
    if (strstr (row->search_key, search->words[i]) == NULL)
      return FALSE;
  return TRUE;
}

static GListModel *
filter_rows (GListModel   *rows,
             const char   *typed,
             GCancellable *cancellable,
             GError      **error)
{
  g_autoptr(GListStore) store = g_list_store_new (AMPARO_TYPE_CASE_ROW);
  g_autoptr(GPtrArray) kept = g_ptr_array_new_with_free_func (g_object_unref);
  Search search;
  guint n = g_list_model_get_n_items (rows);

  if (!search_init (&search, typed))
    {
      for (guint i = 0; i < n; i++)
        g_ptr_array_add (kept, g_list_model_get_item (rows, i));
    }
  else
    {
      for (guint i = 0; i < n; i++)
        {
          AmparoCaseRow *row = g_list_model_get_item (rows, i);

          if ((i & 4095) == 4095 && g_cancellable_set_error_if_cancelled (cancellable, error))
            {
              g_object_unref (row);
              search_clear (&search);
              return NULL;
            }
          if (search_matches (&search, row))
            g_ptr_array_add (kept, row);
          else
            g_object_unref (row);
        }
      search_clear (&search);
    }
  /* one splice: appending 100,000 rows one by one would be far slower */
  g_list_store_splice (store, 0, 0, kept->pdata, kept->len);
  return G_LIST_MODEL (g_steal_pointer (&store));
}

/**
 * amparo_case_index_filter:
 * @rows: a #GListModel of #AmparoCaseRow, as amparo_case_index_query()
 *   gave it without a search
 * @search: (nullable): what was typed: a reference code (or its start) or
 *   part of a name
 *
 * The rows of @rows that @search finds, in the same order; the same rows
 * amparo_case_index_query() would give with @search, but without touching
 * the disk, so the case list can narrow itself at every keystroke. The rows
 * are shared, not copied.
 *
 * Returns: (transfer full): a #GListModel of #AmparoCaseRow
 */
GListModel *
amparo_case_index_filter (GListModel *rows,
                          const char *search)
{
  g_return_val_if_fail (G_IS_LIST_MODEL (rows), NULL);

  return filter_rows (rows, search, NULL, NULL);
}

static char *
dup_column (sqlite3_stmt *stmt,
            int           col)
{
  return g_strdup ((const char *) sqlite3_column_text (stmt, col));
}

static GListModel *
query_run (Query         *q,
           GCancellable  *cancellable,
           GError       **error)
{
  g_autoptr(GListStore) store = g_list_store_new (AMPARO_TYPE_CASE_ROW);
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GHashTable) expiring = NULL;
  g_autoptr(GHashTable) by_id = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GString) sql = g_string_new (NULL);
  g_autofree char *today = amparo_date_today ();
  AmparoCaseFilter *f = q->filter;
  int rc;

  expiring = expiring_releases (q->cases, today, error);
  if (expiring == NULL)
    return NULL;

  g_string_append (sql, "SELECT id, ref_code, status, opened, last_activity, risk_level,"
                        " safety_plan_completed, follow_up FROM cases WHERE complete = 1");
  /* the covering index cases_list gives one status's rows in order */
  if (f->status != AMPARO_CASE_STATUS_ALL)
    g_string_append (sql, " AND status = ?1");
  if (f->risk_level != NULL)
    g_string_append (sql, " AND risk_level = ?2");
  g_string_append (sql, " ORDER BY last_activity DESC, id DESC;");
  stmt = amparo_db_prepare (q->cases, sql->str, error);
  if (stmt == NULL)
    return NULL;
  if (f->status != AMPARO_CASE_STATUS_ALL)
    sqlite3_bind_text (stmt, 1, f->status == AMPARO_CASE_STATUS_OPEN ? "open" : "closed", -1,
                       SQLITE_STATIC);
  if (f->risk_level != NULL)
    sqlite3_bind_text (stmt, 2, f->risk_level, -1, SQLITE_STATIC);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      const char *status = (const char *) sqlite3_column_text (stmt, 2);
      const char *follow_up = (const char *) sqlite3_column_text (stmt, 7);
      gboolean open = g_strcmp0 (status, "open") == 0;
      AmparoCaseAlerts alerts = AMPARO_CASE_ALERT_NONE;
      AmparoCaseRow *row;

      if ((rows->len & 1023) == 1023 && g_cancellable_set_error_if_cancelled (cancellable, error))
        return NULL;
      if (g_hash_table_contains (expiring, &id))
        alerts |= AMPARO_CASE_ALERT_RELEASE_EXPIRING;
      if (open && sqlite3_column_int (stmt, 6) == 0)
        alerts |= AMPARO_CASE_ALERT_SAFETY_PLAN;
      if (open && follow_up != NULL && strcmp (follow_up, today) <= 0)
        alerts |= AMPARO_CASE_ALERT_FOLLOW_UP;
      if (f->alerts != 0 && (alerts & f->alerts) == 0)
        continue;

      row = g_object_new (AMPARO_TYPE_CASE_ROW, NULL);
      row->id = id;
      row->ref_code = dup_column (stmt, 1);
      row->status = g_strdup (status);
      row->opened = dup_column (stmt, 3);
      row->last_activity = dup_column (stmt, 4);
      row->risk_level = dup_column (stmt, 5);
      row->alerts = alerts;
      g_ptr_array_add (rows, row);
      g_hash_table_insert (by_id, &row->id, row);
    }
  if (rc != SQLITE_DONE)
    {
      amparo_db_set_error (error, q->cases, rc);
      return NULL;
    }
  if (q->contacts != NULL && !load_names (q->contacts, rows, by_id, cancellable, error))
    return NULL;

  g_list_store_splice (store, 0, 0, rows->pdata, rows->len);
  if (q->search == NULL || *q->search == '\0')
    return G_LIST_MODEL (g_steal_pointer (&store));
  return filter_rows (G_LIST_MODEL (store), q->search, cancellable, error);
}

/* Gives the connections back to the vault, which keeps them for the next
 * query while it is unlocked and closes them, with their keys, on lock. */
static void
query_give_back (Query *q)
{
  amparo_vault_close_extra (q->vault, FALSE, g_steal_pointer (&q->cases));
  amparo_vault_close_extra (q->vault, TRUE, g_steal_pointer (&q->contacts));
}

static void
query_free (Query *q)
{
  if (q->vault != NULL)
    query_give_back (q);
  g_clear_object (&q->vault);
  g_free (q->search);
  amparo_case_filter_free (q->filter);
  g_free (q);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Query, query_free)

/* Connections are opened here, on the caller's thread, so a lock that
 * happens while the worker runs can never race with reading the keys. */
static Query *
query_new (AmparoVault      *vault,
           const char       *search,
           AmparoCaseFilter *filter,
           GError          **error)
{
  g_autoptr(Query) q = g_new0 (Query, 1);

  q->search = g_strdup (search);
  q->filter = filter != NULL ? amparo_case_filter_copy (filter) : amparo_case_filter_copy (NULL);
  q->vault = g_object_ref (vault);
  q->cases = amparo_vault_open_extra (vault, FALSE, error);
  if (q->cases == NULL)
    return NULL;
  if (amparo_vault_can_see_contacts (vault))
    {
      q->contacts = amparo_vault_open_extra (vault, TRUE, error);
      if (q->contacts == NULL)
        return NULL;
    }
  return g_steal_pointer (&q);
}

static void
query_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  Query *q = task_data;
  GError *error = NULL;
  GListModel *model = query_run (q, cancellable, &error);

  query_give_back (q);
  if (model == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, model, g_object_unref);
}

/**
 * amparo_case_index_query_async:
 * @search: (nullable): a reference code (or its start) or part of a name
 * @filter: (nullable): %NULL for every case
 *
 * Lists cases, newest activity first, in a worker thread with its own
 * database connections.
 */
void
amparo_case_index_query_async (AmparoVault         *vault,
                               const char          *search,
                               AmparoCaseFilter    *filter,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  GError *error = NULL;
  Query *q;

  g_return_if_fail (AMPARO_IS_VAULT (vault));

  task = g_task_new (vault, cancellable, callback, user_data);
  g_task_set_source_tag (task, amparo_case_index_query_async);
  g_task_set_return_on_cancel (task, FALSE);
  q = query_new (vault, search, filter, &error);
  if (q == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_set_task_data (task, q, (GDestroyNotify) query_free);
  g_task_run_in_thread (task, query_thread);
}

/**
 * amparo_case_index_query_finish:
 *
 * Returns: (transfer full): a #GListModel of #AmparoCaseRow
 */
GListModel *
amparo_case_index_query_finish (AmparoVault   *vault,
                                GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, vault), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * amparo_case_index_query:
 *
 * The same as amparo_case_index_query_async(), on the calling thread.
 */
GListModel *
amparo_case_index_query (AmparoVault       *vault,
                         const char        *search,
                         AmparoCaseFilter  *filter,
                         GCancellable      *cancellable,
                         GError           **error)
{
  g_autoptr(Query) q = NULL;

  g_return_val_if_fail (AMPARO_IS_VAULT (vault), NULL);

  q = query_new (vault, search, filter, error);
  return q != NULL ? query_run (q, cancellable, error) : NULL;
}
