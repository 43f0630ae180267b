/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <sqlite3.h>

#include "amparo-case.h"

G_BEGIN_DECLS

/* Shared by amparo-case.c (loading) and the files making changes
 * (amparo-case-edit.c, -services.c, -plan.c), which read the current
 * values to record which fields changed. */

AmparoCaseProfile *amparo_case_profile_read (sqlite3  *cases,
                                             gint64    id,
                                             GError  **error);
AmparoCaseContact *amparo_case_contact_read (sqlite3  *contacts,
                                             gint64    id,
                                             GError  **error);
char              *amparo_case_dup_column   (sqlite3_stmt *stmt,
                                             int           column);

/* amparo-case-edit.c: what every change shares */
gboolean  amparo_case_invalid          (GError      **error,
                                        const char   *message);
gboolean  amparo_case_past_date_ok     (const char   *date);
char     *amparo_case_clean_text       (const char   *text);
gboolean  amparo_case_text_ok          (const char   *text,
                                        gsize         max);
gboolean  amparo_case_exists           (sqlite3      *cases,
                                        gint64        id,
                                        GError      **error);
gboolean  amparo_case_begin            (sqlite3      *cases,
                                        gint64        id,
                                        GError      **error);
gboolean  amparo_case_finish           (AmparoVault  *vault,
                                        sqlite3      *cases,
                                        gint64        id,
                                        const char   *action,
                                        const char   *detail,
                                        GError      **error);
gboolean  amparo_case_finish_contacts  (AmparoVault  *vault,
                                        sqlite3      *cases,
                                        sqlite3      *contacts,
                                        gint64        id,
                                        const char   *action,
                                        const char   *detail,
                                        GError      **error);
gboolean  amparo_case_ensure_person    (sqlite3      *contacts,
                                        gint64        id,
                                        GError      **error);

G_END_DECLS
