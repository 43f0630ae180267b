/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "amparo-types.h"

G_BEGIN_DECLS

/**
 * AmparoCaseProfile:
 *
 * The coded half of a case (cases.db): only codes, numbers and dates.
 * amparo_case_update_profile() writes the fields marked "editable"; the
 * others change through their own functions (closing, safety plan).
 */
typedef struct
{
  gint64    id;
  char     *ref_code;
  char     *status;                 /* case_status */
  char     *opened;                 /* editable */
  char     *closed;
  gboolean  counted;                /* editable */
  char     *age_band;               /* editable, and every field down to follow_up */
  char     *gender;
  char     *language;
  char     *limited_english;
  char     *referral_source;
  GStrv     race_ethnicity;
  GStrv     special_class;
  GStrv     victimization;
  char     *perpetrator_relationship;
  char     *perpetrator_sex;
  char     *perpetrator_age_band;
  int       perpetrator_count;
  GStrv     children;               /* one child_age_band code per child */
  char     *risk_level;
  GStrv     risk_indicators;
  char     *follow_up;              /* editable; NULL for none */
  GStrv     safety_plan_done;       /* safety_plan_item codes marked done */
  gboolean  safety_plan_completed;
  char     *outcome_safety_strategies;
  char     *outcome_knows_resources;
  char     *created_by;
  char     *last_activity;
} AmparoCaseProfile;

/**
 * AmparoPhone:
 *
 * Every flag defaults to %FALSE: no call, text or voicemail until the
 * survivor says it is safe.
 */
typedef struct
{
  char     *number;
  char     *label;
  gboolean  safe_to_call;
  gboolean  text_ok;
  gboolean  voicemail_ok;
} AmparoPhone;

typedef struct
{
  char *name;
  char *relationship;
  char *phone;
} AmparoEmergencyContact;

/**
 * AmparoCaseContact:
 *
 * The identifying half (contacts.db). Never loaded for the reporting role.
 * @phones and @emergency_contacts are replaced as a whole on update.
 */
typedef struct
{
  char      *first_name;
  char      *last_name;
  char      *preferred_name;
  char      *aliases;
  char      *birth_date;
  char      *email;
  char      *address;
  gboolean   confidential_location;
  char      *safe_contact;
  GPtrArray *phones;                /* (element-type AmparoPhone) */
  GPtrArray *emergency_contacts;    /* (element-type AmparoEmergencyContact) */
} AmparoCaseContact;

typedef struct
{
  gint64  id;
  char   *category;                 /* voca */
  char   *type;                     /* service_type */
  char   *date;
  int     minutes;
  char   *staff;
} AmparoService;

typedef struct
{
  gint64  id;
  char   *entered;
  char   *exited;                   /* NULL while still in shelter */
  int     children;
} AmparoShelterStay;

typedef struct
{
  gint64  id;
  char   *created;                  /* YYYY-MM-DD or YYYY-MM-DD HH:MM:SS, local */
  char   *author;
  char   *body;
} AmparoNote;

#define AMPARO_TYPE_CASE (amparo_case_get_type ())

G_DECLARE_FINAL_TYPE (AmparoCase, amparo_case, AMPARO, CASE, GObject)

AmparoCase              *amparo_case_load                (AmparoVault        *vault,
                                                          gint64              id,
                                                          GError            **error);
gboolean                 amparo_case_reload              (AmparoCase         *self,
                                                          GError            **error);
gint64                   amparo_case_get_id              (AmparoCase         *self);
const AmparoCaseProfile *amparo_case_get_profile         (AmparoCase         *self);
const AmparoCaseContact *amparo_case_get_contact         (AmparoCase         *self);
const char              *amparo_case_get_safety_plan_text (AmparoCase        *self);
GPtrArray               *amparo_case_get_services        (AmparoCase         *self);
GPtrArray               *amparo_case_get_shelter_stays   (AmparoCase         *self);
GPtrArray               *amparo_case_get_notes           (AmparoCase         *self);

gboolean  amparo_case_update_profile       (AmparoVault              *vault,
                                            gint64                    id,
                                            const AmparoCaseProfile  *profile,
                                            GError                  **error);
gboolean  amparo_case_update_contact       (AmparoVault              *vault,
                                            gint64                    id,
                                            const AmparoCaseContact  *contact,
                                            GError                  **error);
gint64    amparo_case_add_service          (AmparoVault              *vault,
                                            gint64                    id,
                                            const char               *category,
                                            const char               *type,
                                            const char               *date,
                                            int                       minutes,
                                            GError                  **error);
gint64    amparo_case_add_shelter_stay     (AmparoVault              *vault,
                                            gint64                    id,
                                            const char               *entered,
                                            const char               *exited,
                                            int                       children,
                                            GError                  **error);
gboolean  amparo_case_set_shelter_exit     (AmparoVault              *vault,
                                            gint64                    id,
                                            gint64                    stay_id,
                                            const char               *exited,
                                            GError                  **error);
gboolean  amparo_case_set_safety_plan_item (AmparoVault              *vault,
                                            gint64                    id,
                                            const char               *item,
                                            gboolean                  done,
                                            GError                  **error);
gboolean  amparo_case_set_safety_plan_text (AmparoVault              *vault,
                                            gint64                    id,
                                            const char               *text,
                                            GError                  **error);
gint64    amparo_case_add_note             (AmparoVault              *vault,
                                            gint64                    id,
                                            const char               *body,
                                            GError                  **error);
gboolean  amparo_case_close                (AmparoVault              *vault,
                                            gint64                    id,
                                            const char               *closed_date,
                                            const char               *safety_strategies,
                                            const char               *knows_resources,
                                            GError                  **error);
gboolean  amparo_case_reopen               (AmparoVault              *vault,
                                            gint64                    id,
                                            GError                  **error);

int       amparo_shelter_nights            (const char               *entered,
                                            const char               *exited,
                                            const char               *today);
gboolean  amparo_safety_plan_is_complete   (const char *const        *done);

AmparoCaseProfile *amparo_case_profile_copy (const AmparoCaseProfile *profile);
void      amparo_case_profile_free         (AmparoCaseProfile        *profile);
AmparoCaseContact *amparo_case_contact_new (void);
AmparoCaseContact *amparo_case_contact_copy (const AmparoCaseContact *contact);
void      amparo_case_contact_free         (AmparoCaseContact        *contact);
AmparoPhone *amparo_phone_new              (const char               *number);
void      amparo_phone_free                (AmparoPhone              *phone);
AmparoEmergencyContact *amparo_emergency_contact_new (const char     *name);
void      amparo_emergency_contact_free    (AmparoEmergencyContact   *contact);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AmparoCaseProfile, amparo_case_profile_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AmparoCaseContact, amparo_case_contact_free)

G_END_DECLS
