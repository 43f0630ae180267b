/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <sqlite3.h>

#include "amparo-case.h"

G_BEGIN_DECLS

/* Shared by amparo-case.c (loading) and amparo-case-edit.c (changes),
 * which reads the current values to record which fields changed. */

AmparoCaseProfile *amparo_case_profile_read (sqlite3  *cases,
                                             gint64    id,
                                             GError  **error);
AmparoCaseContact *amparo_case_contact_read (sqlite3  *contacts,
                                             gint64    id,
                                             GError  **error);
char              *amparo_case_dup_column   (sqlite3_stmt *stmt,
                                             int           column);

G_END_DECLS
