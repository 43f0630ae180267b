/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <sqlite3.h>

#include "amparo-db.h"

G_BEGIN_DECLS

int      amparo_schema_latest_version (AmparoStore  store);
gboolean amparo_schema_migrate        (sqlite3     *db,
                                       AmparoStore  store,
                                       GError     **error);

G_END_DECLS
