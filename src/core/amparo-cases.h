/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "amparo-types.h"

G_BEGIN_DECLS

/**
 * AmparoCaseDraft:
 *
 * A new case as taken at intake, from a spreadsheet or by the demo
 * generator. Strings are owned; %NULL means "not given". Identifying
 * fields go to contacts.db, coded fields to cases.db.
 */
typedef struct
{
  /* identifying store */
  char     *first_name;
  char     *last_name;
  char     *preferred_name;
  char     *aliases;
  char     *birth_date;
  char     *email;
  char     *address;
  gboolean  confidential_location;
  char     *safe_contact;
  char     *phone;
  gboolean  phone_safe_to_call;
  gboolean  phone_text_ok;
  gboolean  phone_voicemail_ok;
  char     *notes;
  char     *safety_plan_text;

  /* coded store */
  char     *ref_code;        /* NULL: a fresh random code */
  char     *opened;          /* required, YYYY-MM-DD */
  char     *closed;
  gboolean  counted;
  char     *age_band;
  char     *gender;
  char     *language;
  char     *limited_english;
  char     *referral_source;
  char     *risk_level;
  GStrv     race_ethnicity;
  GStrv     special_class;
  GStrv     victimization;
  GStrv     risk_indicators;
  GStrv     safety_plan_done;
  char     *perpetrator_relationship;
  char     *perpetrator_sex;
  char     *perpetrator_age_band;
  GStrv     children;        /* one child_age_band code per child */
  char     *outcome_safety_strategies;
  char     *outcome_knows_resources;
  char     *follow_up;
} AmparoCaseDraft;

AmparoCaseDraft *amparo_case_draft_new      (void);
void             amparo_case_draft_free     (AmparoCaseDraft  *draft);
gboolean         amparo_case_draft_validate (AmparoCaseDraft  *draft,
                                             const char      **bad_field,
                                             GError          **error);

gboolean         amparo_cases_create        (AmparoVault      *vault,
                                             GPtrArray        *drafts,
                                             GArray           *out_ids,
                                             GError          **error);
gboolean         amparo_cases_recover       (AmparoVault      *vault,
                                             GError          **error);

gboolean         amparo_date_is_valid       (const char       *date);
char            *amparo_date_today          (void);
char            *amparo_search_key          (const char       *text);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AmparoCaseDraft, amparo_case_draft_free)

G_END_DECLS
