/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "AmparoHistory"

#include <glib/gi18n.h>

#include "amparo-case-private.h"
#include "amparo-codes.h"
#include "amparo-db.h"
#include "amparo-history.h"
#include "amparo-vault.h"

/* A case's history is its rows in the audit log, in words. The log holds
 * only action codes, staff account names and codes in the detail, so the
 * sentences can never show a survivor's name. Every action a case can log
 * has one sentence here; add new actions to this table. */

static const struct
{
  const char *action;
  const char *sentence;            /* %s: the staff account */
} sentences[] = {
  /* Translators: in every sentence of the case history, %s is the name of
   * a staff account */
  { "case.create", N_("Case opened by %s") },
  { "case.update", N_("Profile changed by %s") },
  { "case.close", N_("Case closed by %s") },
  { "case.reopen", N_("Case reopened by %s") },
  { "contact.view", N_("Contact details viewed by %s") },
  { "contact.update", N_("Contact details changed by %s") },
  { "service.add", N_("Service added by %s") },
  { "shelter.enter", N_("Shelter stay recorded by %s") },
  { "shelter.exit", N_("Shelter exit recorded by %s") },
  { "safety_plan.done", N_("Safety plan step checked by %s") },
  { "safety_plan.undone", N_("Safety plan step unchecked by %s") },
  { "safety_plan.text", N_("Written safety plan changed by %s") },
  { "note.add", N_("Note added by %s") },
};

/* Details that are codes worth showing: which service, which step. */
static char *
detail_label (const char *action,
              const char *detail)
{
  if (detail == NULL)
    return NULL;
  if (g_str_equal (action, "service.add") && g_str_has_prefix (detail, "type="))
    return g_strdup (amparo_code_label ("service_type", detail + 5));
  if (g_str_has_prefix (action, "safety_plan.") && g_str_has_prefix (detail, "item="))
    return g_strdup (amparo_code_label ("safety_plan_item", detail + 5));
  return NULL;
}

/**
 * amparo_history_describe:
 * @action: an audit action code
 * @actor: the staff account
 * @detail: (nullable): the audit row's detail (codes only)
 *
 * Returns: (transfer full): the event in words, translated
 */
char *
amparo_history_describe (const char *action,
                         const char *actor,
                         const char *detail)
{
  g_autofree char *sentence = NULL;
  g_autofree char *extra = NULL;

  g_return_val_if_fail (action != NULL, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (sentences); i++)
    if (g_str_equal (sentences[i].action, action))
      {
        sentence = g_strdup_printf (_(sentences[i].sentence), actor);
        break;
      }
  if (sentence == NULL)
    /* Translators: an event the program has no words for; the first %s is
     * its code, the second a staff account */
    sentence = g_strdup_printf (_("Other change (%s) by %s"), action, actor);

  extra = detail_label (action, detail);
  if (extra != NULL)
    /* Translators: an event and, after the colon, what it was about, e.g.
     * "Service added by ana: Crisis intervention" */
    return g_strdup_printf (_("%s: %s"), sentence, extra);
  return g_steal_pointer (&sentence);
}

void
amparo_history_entry_free (AmparoHistoryEntry *entry)
{
  if (entry == NULL)
    return;
  g_free (entry->at);
  g_free (entry->actor);
  g_free (entry->action);
  g_free (entry->text);
  g_free (entry);
}

/**
 * amparo_case_history:
 *
 * Returns: (transfer full) (element-type AmparoHistoryEntry): the case's
 *   audit rows, newest first, in words
 */
GPtrArray *
amparo_case_history (AmparoVault *vault,
                     gint64       id,
                     GError     **error)
{
  g_autoptr(GPtrArray) out = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  sqlite3 *cases;
  int rc;

  g_return_val_if_fail (AMPARO_IS_VAULT (vault), NULL);

  cases = amparo_vault_get_cases_db (vault, error);
  if (cases == NULL)
    return NULL;
  stmt = amparo_db_prepare (cases, "SELECT at, actor, action, detail FROM audit"
                                   " WHERE case_id = ? ORDER BY id DESC;", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  out = g_ptr_array_new_with_free_func ((GDestroyNotify) amparo_history_entry_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      AmparoHistoryEntry *e = g_new0 (AmparoHistoryEntry, 1);
      g_autofree char *detail = amparo_case_dup_column (stmt, 3);

      e->at = amparo_case_dup_column (stmt, 0);
      e->actor = amparo_case_dup_column (stmt, 1);
      e->action = amparo_case_dup_column (stmt, 2);
      e->text = amparo_history_describe (e->action, e->actor, detail);
      g_ptr_array_add (out, e);
    }
  if (rc != SQLITE_DONE)
    {
      amparo_db_set_error (error, cases, rc);
      return NULL;
    }
  return g_steal_pointer (&out);
}
