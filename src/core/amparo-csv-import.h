/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "amparo-types.h"

G_BEGIN_DECLS

/* Larger spreadsheets are refused: split them. */
#define AMPARO_CSV_MAX_BYTES (50 * 1024 * 1024)

/* At most this many problems are listed; the count covers all of them. */
#define AMPARO_CSV_MAX_LISTED_PROBLEMS 1000

gboolean amparo_csv_parse  (const guint8 *data,
                            gsize         len,
                            GPtrArray    *out_drafts,
                            GPtrArray    *out_problems);

gboolean amparo_csv_check  (const char   *path,
                            guint        *out_cases,
                            guint        *out_n_problems,
                            GPtrArray    *out_problems,
                            GError      **error);

gboolean amparo_csv_import (AmparoVault  *vault,
                            const char   *path,
                            guint        *out_imported,
                            GPtrArray    *out_problems,
                            GError      **error);

G_END_DECLS
