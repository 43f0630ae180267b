/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "amparo-types.h"

G_BEGIN_DECLS

/**
 * AmparoHistoryEntry:
 * @at: when, in UTC (ISO 8601, as the audit log stores it)
 * @actor: the staff account
 * @action: the stable action code
 * @text: the event in words, translated; names staff, never a survivor
 */
typedef struct
{
  char *at;
  char *actor;
  char *action;
  char *text;
} AmparoHistoryEntry;

GPtrArray *amparo_case_history        (AmparoVault  *vault,
                                       gint64        id,
                                       GError      **error);
char      *amparo_history_describe    (const char   *action,
                                       const char   *actor,
                                       const char   *detail);
void       amparo_history_entry_free  (AmparoHistoryEntry *entry);

G_END_DECLS
