/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <sqlite3.h>
#include <glib.h>

G_BEGIN_DECLS

gboolean amparo_audit_append (sqlite3    *db,
                              const char *actor,
                              const char *action,
                              gint64      case_id,
                              const char *detail,
                              GError    **error);
gboolean amparo_audit_verify (sqlite3    *db,
                              gint64     *n_rows,
                              GError    **error);

G_END_DECLS
