/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <sqlite3.h>

#include "amparo-coordinator.h"
#include "amparo-secret.h"

G_BEGIN_DECLS

/* Shared by amparo-coordinator.c and amparo-coordinator-import.c. */

typedef enum
{
  AGENCY_UNKNOWN,
  AGENCY_FOUND,
  AGENCY_LOOKUP_FAILED,
} AgencyLookup;

sqlite3     *amparo_coordinator_open_db        (AmparoVault  *vault,
                                                gboolean      will_pin,
                                                GError      **error);
gboolean     amparo_coordinator_load_keys      (sqlite3      *db,
                                                guint8        pk[32],
                                                AmparoSecret **sk,
                                                GError      **error);
AgencyLookup amparo_coordinator_lookup_agency  (sqlite3      *db,
                                                const char   *agency_id,
                                                char        **out_name,
                                                guint8        out_key[32],
                                                GError      **error);
AgencyLookup amparo_coordinator_lookup_key     (sqlite3      *db,
                                                const guint8  key[32],
                                                char        **out_agency_id,
                                                GError      **error);
gboolean     amparo_coordinator_insert_agency  (sqlite3      *db,
                                                const char   *actor,
                                                const char   *agency_id,
                                                const char   *name,
                                                const guint8  key[32],
                                                const char   *how,
                                                GError      **error);
char        *amparo_coordinator_now            (void);

G_END_DECLS
