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
};

G_DEFINE_FINAL_TYPE (AmparoCaseRow, amparo_case_row, G_TYPE_OBJECT)

G_DEFINE_BOXED_TYPE (AmparoCaseFilter, amparo_case_filter,
                     amparo_case_filter_copy, amparo_case_filter_free)

#define RELEASE_WARNING_DAYS 7

typedef struct
{
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
  g_autoptr(GString) s = g_string_new (NULL);

  if (first != NULL && *first != '\0')
    g_string_append (s, first);
  if (last != NULL && *last != '\0')
    g_string_append_printf (s, "%s%s", s->len > 0 ? " " : "", last);
  if (preferred != NULL && *preferred != '\0' && g_strcmp0 (preferred, first) != 0)
    {
      if (s->len > 0)
        g_string_append_printf (s, " (%s)", preferred);
      else
        g_string_append (s, preferred);
    }
  return s->len > 0 ? g_string_free (g_steal_pointer (&s), FALSE) : NULL;
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

/* Names by case id, for display; with a search, @matches receives the ids
 * of people whose folded name holds every word typed. */
static GHashTable *
load_names (sqlite3       *db,
            const char    *search,
            GHashTable    *matches,
            GCancellable  *cancellable,
            GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GHashTable) names = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  g_autofree char *folded = amparo_search_key (search);
  g_auto(GStrv) words = g_strsplit_set (g_strstrip (folded), " \t", -1);
  gboolean searching = *folded != '\0';
  guint n = 0;
  int rc;

  stmt = amparo_db_prepare (db, "SELECT case_id, first_name, last_name, preferred_name,"
                                " search_key FROM people;", error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      const char *key = (const char *) sqlite3_column_text (stmt, 4);
      gboolean match = searching;

      if ((++n & 1023) == 0 && g_cancellable_set_error_if_cancelled (cancellable, error))
        return NULL;
      for (guint i = 0; words[i] != NULL && match; i++)
        if (*words[i] != '\0' && (key == NULL || strstr (key, words[i]) == NULL))
          match = FALSE;
      if (match)
        g_hash_table_add (matches, g_memdup2 (&id, sizeof id));
      g_hash_table_insert (names, g_memdup2 (&id, sizeof id),
                           display_name ((const char *) sqlite3_column_text (stmt, 1),
                                         (const char *) sqlite3_column_text (stmt, 2),
                                         (const char *) sqlite3_column_text (stmt, 3)));
    }
  if (rc != SQLITE_DONE)
    {
      amparo_db_set_error (error, db, rc);
      return NULL;
    }
  return g_steal_pointer (&names);
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
  g_autoptr(GHashTable) matches = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  g_autoptr(GHashTable) names = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GString) sql = g_string_new (NULL);
  g_autofree char *today = amparo_date_today ();
  g_autofree char *search = g_strstrip (g_strdup (q->search != NULL ? q->search : ""));
  AmparoCaseFilter *f = q->filter;
  gboolean searching = *search != '\0';
  int rc;

  expiring = expiring_releases (q->cases, today, error);
  if (expiring == NULL)
    return NULL;
  if (q->contacts != NULL)
    {
      names = load_names (q->contacts, search, matches, cancellable, error);
      if (names == NULL)
        return NULL;
    }

  g_string_append (sql, "SELECT id, ref_code, status, opened, last_activity, risk_level,"
                        " safety_plan_completed, follow_up FROM cases WHERE complete = 1");
  /* "+status": most cases match, so one pass over the table beats going
   * through the status index (three times faster with 100,000 cases) */
  if (f->status != AMPARO_CASE_STATUS_ALL)
    g_string_append (sql, " AND +status = ?1");
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
      const char *code = (const char *) sqlite3_column_text (stmt, 1);
      const char *status = (const char *) sqlite3_column_text (stmt, 2);
      const char *follow_up = (const char *) sqlite3_column_text (stmt, 7);
      gboolean open = g_strcmp0 (status, "open") == 0;
      AmparoCaseAlerts alerts = AMPARO_CASE_ALERT_NONE;
      AmparoCaseRow *row;

      if ((rows->len & 1023) == 1023 && g_cancellable_set_error_if_cancelled (cancellable, error))
        return NULL;
      if (searching && !amparo_refcode_has_prefix (code, search)
          && !g_hash_table_contains (matches, &id))
        continue;

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
      row->ref_code = g_strdup (code);
      row->status = g_strdup (status);
      row->opened = dup_column (stmt, 3);
      row->last_activity = dup_column (stmt, 4);
      row->risk_level = dup_column (stmt, 5);
      row->alerts = alerts;
      if (names != NULL)
        row->display_name = g_strdup (g_hash_table_lookup (names, &id));
      g_ptr_array_add (rows, row);
    }
  if (rc != SQLITE_DONE)
    {
      amparo_db_set_error (error, q->cases, rc);
      return NULL;
    }

  /* one splice: appending 100,000 rows one by one would be far slower */
  g_list_store_splice (store, 0, 0, rows->pdata, rows->len);
  return G_LIST_MODEL (g_steal_pointer (&store));
}

static void
query_free (Query *q)
{
  g_clear_pointer (&q->cases, amparo_db_close);
  g_clear_pointer (&q->contacts, amparo_db_close);
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

  /* close as soon as possible: the connections hold the keys */
  g_clear_pointer (&q->cases, amparo_db_close);
  g_clear_pointer (&q->contacts, amparo_db_close);
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
