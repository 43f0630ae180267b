/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "amparo-types.h"

G_BEGIN_DECLS

/**
 * AmparoCaseAlerts:
 * @AMPARO_CASE_ALERT_NONE: nothing needs attention
 * @AMPARO_CASE_ALERT_RELEASE_EXPIRING: a release that is not revoked
 *   expires within the next 7 days
 * @AMPARO_CASE_ALERT_SAFETY_PLAN: an open case whose safety plan is not complete
 * @AMPARO_CASE_ALERT_FOLLOW_UP: an open case whose follow-up date is today or past
 */
typedef enum
{
  AMPARO_CASE_ALERT_NONE             = 0,
  AMPARO_CASE_ALERT_RELEASE_EXPIRING = 1 << 0,
  AMPARO_CASE_ALERT_SAFETY_PLAN      = 1 << 1,
  AMPARO_CASE_ALERT_FOLLOW_UP        = 1 << 2,
} AmparoCaseAlerts;

#define AMPARO_CASE_ALERT_ALL (AMPARO_CASE_ALERT_RELEASE_EXPIRING | AMPARO_CASE_ALERT_SAFETY_PLAN \
                               | AMPARO_CASE_ALERT_FOLLOW_UP)

typedef enum
{
  AMPARO_CASE_STATUS_OPEN,
  AMPARO_CASE_STATUS_CLOSED,
  AMPARO_CASE_STATUS_ALL,
} AmparoCaseStatus;

/**
 * AmparoCaseFilter:
 * @status: which cases by status
 * @risk_level: (nullable): a `risk_level` code, or %NULL for any
 * @alerts: 0 for any case; otherwise only cases with at least one of these alerts
 */
typedef struct
{
  AmparoCaseStatus  status;
  char             *risk_level;
  AmparoCaseAlerts  alerts;
} AmparoCaseFilter;

#define AMPARO_TYPE_CASE_FILTER (amparo_case_filter_get_type ())

GType             amparo_case_filter_get_type (void) G_GNUC_CONST;
AmparoCaseFilter *amparo_case_filter_new      (void);
AmparoCaseFilter *amparo_case_filter_copy     (const AmparoCaseFilter *filter);
void              amparo_case_filter_free     (AmparoCaseFilter       *filter);

#define AMPARO_TYPE_CASE_ROW (amparo_case_row_get_type ())

G_DECLARE_FINAL_TYPE (AmparoCaseRow, amparo_case_row, AMPARO, CASE_ROW, GObject)

gint64            amparo_case_row_get_id            (AmparoCaseRow *self);
const char       *amparo_case_row_get_ref_code      (AmparoCaseRow *self);
const char       *amparo_case_row_get_display_name  (AmparoCaseRow *self);
const char       *amparo_case_row_get_status        (AmparoCaseRow *self);
const char       *amparo_case_row_get_opened        (AmparoCaseRow *self);
const char       *amparo_case_row_get_last_activity (AmparoCaseRow *self);
const char       *amparo_case_row_get_risk_level    (AmparoCaseRow *self);
AmparoCaseAlerts  amparo_case_row_get_alerts        (AmparoCaseRow *self);

gboolean          amparo_refcode_has_prefix         (const char    *code,
                                                     const char    *typed);

void              amparo_case_index_query_async     (AmparoVault         *vault,
                                                     const char          *search,
                                                     AmparoCaseFilter    *filter,
                                                     GCancellable        *cancellable,
                                                     GAsyncReadyCallback  callback,
                                                     gpointer             user_data);
GListModel       *amparo_case_index_query_finish    (AmparoVault         *vault,
                                                     GAsyncResult        *result,
                                                     GError             **error);
GListModel       *amparo_case_index_filter          (GListModel          *rows,
                                                     const char          *search);
GListModel       *amparo_case_index_query           (AmparoVault         *vault,
                                                     const char          *search,
                                                     AmparoCaseFilter    *filter,
                                                     GCancellable        *cancellable,
                                                     GError             **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AmparoCaseFilter, amparo_case_filter_free)

G_END_DECLS
