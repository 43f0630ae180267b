/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <sqlite3.h>

#include "amparo-consent.h"

G_BEGIN_DECLS

/* Shared by amparo-consent.c, amparo-consent-referrals.c and
 * amparo-consent-audit.c, which together implement amparo-consent.h. */

/* Columns read by amparo_consent_release_from_row(); @table is `releases`
 * or `release_history` (whose release_id stands in for the id). */
#define AMPARO_RELEASE_COLUMNS(id_column) \
  id_column ", r.case_id, c.ref_code, r.partner_id, p.name, r.scope, r.purpose, r.signed," \
  " r.expires, r.form, r.revoked, r.created_by"
#define AMPARO_RELEASE_JOINS \
  " JOIN cases c ON c.id = r.case_id LEFT JOIN partners p ON p.id = r.partner_id"

/* Releases current on ?1 that end by ?2. */
#define AMPARO_RELEASES_EXPIRING_WHERE \
  "r.revoked IS NULL AND r.signed <= ?1 AND r.expires >= ?1 AND r.expires <= ?2"

#define AMPARO_DISCLOSURE_COLUMNS \
  "d.id, d.case_id, d.date, d.kind, d.partner_id, p.name, d.recipient_sector, d.report_type," \
  " d.scope, d.release_id, d.staff"
#define AMPARO_DISCLOSURE_JOINS " LEFT JOIN partners p ON p.id = d.partner_id"

char             *amparo_consent_add_days        (const char         *date,
                                                  int                 days);
char             *amparo_consent_scope_join      (const char *const  *scope,
                                                  gboolean            allow_empty);
GStrv             amparo_consent_scope_split     (const char         *joined);
gboolean          amparo_consent_check_case      (sqlite3            *db,
                                                  gint64              case_id,
                                                  GError            **error);
void              amparo_consent_bind_text       (sqlite3_stmt       *stmt,
                                                  int                 index,
                                                  const char         *value);
AmparoRelease    *amparo_consent_release_from_row (sqlite3_stmt      *stmt);
AmparoDisclosure *amparo_consent_disclosure_from_row (sqlite3_stmt   *stmt);
GPtrArray        *amparo_consent_query           (sqlite3            *db,
                                                  const char         *sql,
                                                  gpointer          (*from_row) (sqlite3_stmt *),
                                                  GDestroyNotify      free_func,
                                                  const char *const  *params,
                                                  GError            **error);

G_END_DECLS
