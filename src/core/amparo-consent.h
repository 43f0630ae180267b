/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "amparo-types.h"

G_BEGIN_DECLS

/* A release may last at most this long: the agreements ask for releases
 * that are "reasonably time-limited". */
#define AMPARO_RELEASE_MAX_DAYS 365
/* A release counts as ending soon within this many days of its end (the
 * case list's alert uses the same window), and as recently ended for this
 * many days after. */
#define AMPARO_RELEASE_WARNING_DAYS 7
#define AMPARO_RELEASE_ENDED_DAYS   30

#define AMPARO_TYPE_RELEASE    (amparo_release_get_type ())
#define AMPARO_TYPE_REFERRAL   (amparo_referral_get_type ())
#define AMPARO_TYPE_DISCLOSURE (amparo_disclosure_get_type ())

/**
 * AmparoRelease:
 * @id: release id (0 in a draft)
 * @case_id: the case number
 * @ref_code: (nullable): the case's reference code, filled by queries
 * @partner_id: the receiving partner
 * @partner_name: (nullable): the partner organisation, filled by queries
 * @scope: `release_scope` codes the survivor agreed to share
 * @purpose: a `release_purpose` code
 * @signed_date: `YYYY-MM-DD`; %NULL in a draft means today
 * @expires: `YYYY-MM-DD`, inclusive; %NULL in a draft means the
 *   `release_days` preference after @signed_date
 * @verbal: consent was given verbally rather than in writing
 * @revoked: (nullable): the date the survivor revoked it
 * @created_by: (nullable): the staff account that recorded it
 *
 * A release of information from one case to one partner.
 */
typedef struct
{
  gint64    id;
  gint64    case_id;
  char     *ref_code;
  gint64    partner_id;
  char     *partner_name;
  GStrv     scope;
  char     *purpose;
  char     *signed_date;
  char     *expires;
  gboolean  verbal;
  char     *revoked;
  char     *created_by;
} AmparoRelease;

typedef enum
{
  AMPARO_RELEASE_CURRENT,
  AMPARO_RELEASE_NOT_YET,
  AMPARO_RELEASE_EXPIRED,
  AMPARO_RELEASE_REVOKED,
} AmparoReleaseState;

/**
 * AmparoReferral:
 * @date: `YYYY-MM-DD`; %NULL in a draft means today
 * @direction: `out` or `in`
 * @partner_id: the partner referred to (out) or from (in); 0 for none
 * @sector: a `sector` code; taken from the partner when there is one
 * @service_needed: (nullable): a `service_type` or `voca` code
 * @warm: a warm (supported) hand-off
 * @status: a `referral_status` code; %NULL in a draft means `made`
 * @follow_up: (nullable): `YYYY-MM-DD`
 * @outcome: (nullable): a `referral_outcome` code
 * @release_id: the release that let identifying details go with the
 *   last printed form, or 0
 */
typedef struct
{
  gint64    id;
  gint64    case_id;
  char     *ref_code;
  char     *date;
  char     *direction;
  gint64    partner_id;
  char     *partner_name;
  char     *sector;
  char     *service_needed;
  gboolean  warm;
  char     *status;
  char     *follow_up;
  char     *outcome;
  gint64    release_id;
} AmparoReferral;

/**
 * AmparoDisclosure:
 * @kind: a `disclosure_kind` code: `referral` (a printed referral form)
 *   or `mandated_report`
 * @scope: the `release_scope` codes actually shared (may be empty: a
 *   referral form with the reference code only)
 * @release_id: the release it relied on, or 0
 * @report_type: (nullable): a `mandated_report_type` code
 *
 * One time information about a case left the agency.
 */
typedef struct
{
  gint64  id;
  gint64  case_id;
  char   *date;
  char   *kind;
  gint64  partner_id;
  char   *partner_name;
  char   *recipient_sector;
  char   *report_type;
  GStrv   scope;
  gint64  release_id;
  char   *staff;
} AmparoDisclosure;

/**
 * AmparoConsentAlerts:
 * @AMPARO_CONSENT_ALERT_RELEASE_EXPIRING: a current release ends soon
 * @AMPARO_CONSENT_ALERT_FOLLOW_UP_DUE: an open referral's follow-up date
 *   has come
 */
typedef enum
{
  AMPARO_CONSENT_ALERT_NONE = 0,
  AMPARO_CONSENT_ALERT_RELEASE_EXPIRING = 1 << 0,
  AMPARO_CONSENT_ALERT_FOLLOW_UP_DUE = 1 << 1,
} AmparoConsentAlerts;

/**
 * AmparoConsentWatch:
 * @AMPARO_CONSENT_WATCH_EXPIRING: current releases that end within
 *   %AMPARO_RELEASE_WARNING_DAYS (#AmparoRelease, soonest first)
 * @AMPARO_CONSENT_WATCH_ENDED: releases revoked or expired in the last
 *   %AMPARO_RELEASE_ENDED_DAYS (#AmparoRelease, most recently ended first)
 * @AMPARO_CONSENT_WATCH_FOLLOW_UP: referrals still made or accepted whose
 *   follow-up date has come (#AmparoReferral, oldest follow-up first)
 * @AMPARO_CONSENT_WATCH_NO_RESPONSE: referrals out that got no response
 *   (#AmparoReferral, newest first)
 *
 * The lists of what needs doing across every case.
 */
typedef enum
{
  AMPARO_CONSENT_WATCH_EXPIRING,
  AMPARO_CONSENT_WATCH_ENDED,
  AMPARO_CONSENT_WATCH_FOLLOW_UP,
  AMPARO_CONSENT_WATCH_NO_RESPONSE,
} AmparoConsentWatch;

typedef struct
{
  char   *staff;
  gint64  count;
} AmparoStaffCount;

typedef struct
{
  char   *at;
  char   *actor;
  char   *action;
  gint64  case_id;
  char   *detail;
} AmparoAuditEntry;

/**
 * AmparoConfidentialityAudit:
 * @from, @to: the period, inclusive
 * @on_date: the day the audit was run
 * @expired: (element-type AmparoRelease): releases that ran out in the
 *   period (replaced ones included)
 * @revoked: (element-type AmparoRelease): releases revoked in the period
 * @expiring: (element-type AmparoRelease): current releases ending soon
 * @disclosures: (element-type AmparoDisclosure): disclosures in the period
 * @views: (element-type AmparoStaffCount): contact records viewed, by staff
 * @files: (element-type AmparoAuditEntry): exports, backups and printed
 *   forms in the period
 */
typedef struct
{
  char      *from;
  char      *to;
  char      *on_date;
  GPtrArray *expired;
  GPtrArray *revoked;
  GPtrArray *expiring;
  GPtrArray *disclosures;
  GPtrArray *views;
  GPtrArray *files;
} AmparoConfidentialityAudit;

/* releases */
GType               amparo_release_get_type      (void) G_GNUC_CONST;
AmparoRelease      *amparo_release_new           (void);
AmparoRelease      *amparo_release_copy          (const AmparoRelease *release);
void                amparo_release_free          (AmparoRelease       *release);
AmparoReleaseState  amparo_release_state         (const AmparoRelease *release,
                                                  const char          *on_date);
gboolean            amparo_release_has_scope     (const AmparoRelease *release,
                                                  const char          *scope_code);

gint64              amparo_releases_add          (AmparoVault         *vault,
                                                  const AmparoRelease *draft,
                                                  GError             **error);
gboolean            amparo_releases_revoke       (AmparoVault         *vault,
                                                  gint64               release_id,
                                                  GError             **error);
AmparoRelease      *amparo_releases_get          (AmparoVault         *vault,
                                                  gint64               release_id,
                                                  GError             **error);
GPtrArray          *amparo_releases_list         (AmparoVault         *vault,
                                                  gint64               case_id,
                                                  GError             **error);
GPtrArray          *amparo_releases_expiring     (AmparoVault         *vault,
                                                  const char          *on_date,
                                                  int                  within_days,
                                                  GError             **error);
AmparoRelease      *amparo_releases_find_current (AmparoVault         *vault,
                                                  gint64               case_id,
                                                  gint64               partner_id,
                                                  const char          *on_date,
                                                  GError             **error);
char               *amparo_release_default_expiry (AmparoVault        *vault,
                                                   const char         *signed_date);
gboolean            amparo_release_covers        (AmparoVault         *vault,
                                                  gint64               case_id,
                                                  gint64               partner_id,
                                                  const char          *scope_code,
                                                  const char          *on_date);

/* referrals */
GType               amparo_referral_get_type     (void) G_GNUC_CONST;
AmparoReferral     *amparo_referral_new          (void);
AmparoReferral     *amparo_referral_copy         (const AmparoReferral *referral);
void                amparo_referral_free         (AmparoReferral       *referral);

gint64              amparo_referrals_add         (AmparoVault          *vault,
                                                  const AmparoReferral *draft,
                                                  GError              **error);
gboolean            amparo_referrals_update      (AmparoVault          *vault,
                                                  const AmparoReferral *referral,
                                                  GError              **error);
AmparoReferral     *amparo_referrals_get         (AmparoVault          *vault,
                                                  gint64                referral_id,
                                                  GError              **error);
GPtrArray          *amparo_referrals_list        (AmparoVault          *vault,
                                                  gint64                case_id,
                                                  GError              **error);
GPtrArray          *amparo_referrals_follow_up_due (AmparoVault        *vault,
                                                    const char         *on_date,
                                                    GError            **error);
GPtrArray          *amparo_consent_watch_list    (AmparoVault          *vault,
                                                  AmparoConsentWatch    which,
                                                  const char           *on_date,
                                                  guint                 max_items,
                                                  guint                *n_total,
                                                  GError              **error);

/* disclosures */
GType               amparo_disclosure_get_type   (void) G_GNUC_CONST;
AmparoDisclosure   *amparo_disclosure_copy       (const AmparoDisclosure *disclosure);
void                amparo_disclosure_free       (AmparoDisclosure       *disclosure);
const char         *amparo_disclosure_grounds    (const AmparoDisclosure *disclosure);

gint64              amparo_mandated_report_add   (AmparoVault          *vault,
                                                  gint64                case_id,
                                                  const char           *report_type,
                                                  const char           *recipient_sector,
                                                  gint64                partner_id,
                                                  const char *const    *scope,
                                                  const char           *date,
                                                  GError              **error);
GPtrArray          *amparo_disclosures_list      (AmparoVault          *vault,
                                                  gint64                case_id,
                                                  const char           *from,
                                                  const char           *to,
                                                  GError              **error);

/* alerts and the confidentiality audit */
GHashTable         *amparo_consent_alerts        (AmparoVault          *vault,
                                                  const char           *on_date,
                                                  int                   within_days,
                                                  GError              **error);
AmparoConsentAlerts amparo_consent_case_alerts   (AmparoVault          *vault,
                                                  gint64                case_id,
                                                  const char           *on_date,
                                                  int                   within_days,
                                                  GError              **error);

AmparoConfidentialityAudit *amparo_confidentiality_audit (AmparoVault  *vault,
                                                          const char   *from,
                                                          const char   *to,
                                                          const char   *on_date,
                                                          int           expiring_days,
                                                          GError      **error);
void                amparo_confidentiality_audit_free (AmparoConfidentialityAudit *audit);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AmparoRelease, amparo_release_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AmparoReferral, amparo_referral_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AmparoDisclosure, amparo_disclosure_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AmparoConfidentialityAudit, amparo_confidentiality_audit_free)

G_END_DECLS
