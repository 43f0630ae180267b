/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>
#include <sqlite3.h>

#include "amparo-types.h"

G_BEGIN_DECLS

typedef enum
{
  AMPARO_STORE_CASES,
  AMPARO_STORE_CONTACTS,
} AmparoStore;

gboolean  amparo_db_init          (void);
sqlite3  *amparo_db_open          (const char          *path,
                                   const AmparoSecret  *key,
                                   gboolean             create,
                                   GError             **error);
void      amparo_db_close         (sqlite3             *db);
gboolean  amparo_db_has_cipher    (sqlite3             *db);
gboolean  amparo_db_exec          (sqlite3             *db,
                                   const char          *sql,
                                   GError             **error);
sqlite3_stmt *amparo_db_prepare   (sqlite3             *db,
                                   const char          *sql,
                                   GError             **error);
gboolean  amparo_db_step_done     (sqlite3             *db,
                                   sqlite3_stmt        *stmt,
                                   GError             **error);
gint64    amparo_db_query_int     (sqlite3             *db,
                                   const char          *sql,
                                   gint64               fallback);
char     *amparo_db_query_text    (sqlite3             *db,
                                   const char          *sql);
gboolean  amparo_db_begin         (sqlite3             *db,
                                   GError             **error);
gboolean  amparo_db_commit        (sqlite3             *db,
                                   GError             **error);
void      amparo_db_rollback      (sqlite3             *db);
void      amparo_db_set_error     (GError             **error,
                                   sqlite3             *db,
                                   int                  rc);
gboolean  amparo_db_integrity_check (sqlite3           *db,
                                     GError           **error);
gboolean  amparo_db_export_to     (sqlite3             *db,
                                   const char          *dest_path,
                                   const AmparoSecret  *dest_key,
                                   GError             **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, sqlite3_finalize)

G_END_DECLS
