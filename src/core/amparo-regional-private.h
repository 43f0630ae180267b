/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "amparo-db.h"
#include "amparo-regional.h"

G_BEGIN_DECLS

/* Shared by the amparo-regional*.c files. */

char *amparo_range_to_text (AmparoRange             r);
char *amparo_key_label     (const AmparoTableSpec  *spec,
                            char                  **key);
void  amparo_csv_field     (GString                *out,
                            const char             *field,
                            gboolean                last);

/* In amparo-regional.c; also called by the importer, in its transaction. */
gboolean amparo_summary_tables_store (sqlite3              *db,
                                      gint64                summary_id,
                                      const AmparoSummary  *summary,
                                      GError              **error);

G_END_DECLS
