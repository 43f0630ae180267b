/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "AmparoCodes"

#include <glib/gi18n.h>

#include "amparo-codes.h"

/* Codes are stable strings stored in the databases and in summaries.
 * Extend these lists; never rename or remove a code. Labels are marked
 * with N_() and translated where shown. */

#define NR { "not_reported", N_("Not reported") }
#define END { NULL, NULL }

static const AmparoCode case_status[] = {
  /* Translators: status of a case (open or closed) */
  { "open", N_("Open") }, { "closed", N_("Closed") }, END
};

static const AmparoCode age_band[] = {
  { "0_11", N_("0–11") }, { "12_17", N_("12–17") }, { "18_24", N_("18–24") },
  { "25_59", N_("25–59") }, { "60_plus", N_("60 and over") }, NR, END
};

static const AmparoCode gender[] = {
  { "woman", N_("Woman") }, { "man", N_("Man") },
  { "transgender", N_("Transgender") }, { "nonbinary", N_("Non-binary") },
  { "other", N_("Another gender") }, NR, END
};

/* ISO 639-1 codes most often met by US agencies, plus a catch-all. */
static const AmparoCode language[] = {
  { "en", N_("English") }, { "es", N_("Spanish") }, { "ar", N_("Arabic") },
  { "fr", N_("French") }, { "ht", N_("Haitian Creole") }, { "hi", N_("Hindi") },
  { "ko", N_("Korean") }, { "pt", N_("Portuguese") }, { "ru", N_("Russian") },
  { "so", N_("Somali") }, { "tl", N_("Tagalog") }, { "uk", N_("Ukrainian") },
  { "vi", N_("Vietnamese") }, { "zh", N_("Chinese") }, { "fa", N_("Persian") },
  { "am", N_("Amharic") }, { "sw", N_("Swahili") }, { "pl", N_("Polish") },
  { "other", N_("Another language") }, NR, END
};

static const AmparoCode yes_no[] = {
  { "yes", N_("Yes") }, { "no", N_("No") }, NR, END
};

/* Baseline US federal categories (OMB SPD 15, 2024). */
static const AmparoCode race_ethnicity[] = {
  { "american_indian_alaska_native", N_("American Indian or Alaska Native") },
  { "asian", N_("Asian") },
  { "black_african_american", N_("Black or African American") },
  { "hispanic_latino", N_("Hispanic or Latino") },
  { "middle_eastern_north_african", N_("Middle Eastern or North African") },
  { "native_hawaiian_pacific_islander", N_("Native Hawaiian or Pacific Islander") },
  { "white", N_("White") },
  { "other", N_("Another race or ethnicity") }, NR, END
};

static const AmparoCode special_class[] = {
  { "disability", N_("Person with a disability") },
  { "deaf_hoh", N_("Deaf or hard of hearing") },
  { "homeless", N_("Homeless") },
  { "immigrant", N_("Immigrant, refugee or asylum seeker") },
  { "lgbtq", N_("LGBTQ+") },
  { "veteran", N_("Veteran") },
  { "rural", N_("Lives in a rural area") }, NR, END
};

static const AmparoCode victimization[] = {
  { "domestic_violence", N_("Domestic violence") },
  { "dating_violence", N_("Dating violence") },
  { "sexual_assault", N_("Sexual assault") },
  { "child_sexual_abuse", N_("Child sexual abuse") },
  { "stalking", N_("Stalking") },
  { "human_trafficking", N_("Human trafficking") },
  { "elder_abuse", N_("Elder abuse") },
  { "child_abuse", N_("Child abuse") },
  { "other", N_("Other victimization") }, NR, END
};

static const AmparoCode perpetrator_relationship[] = {
  { "current_partner", N_("Current partner") },
  { "former_partner", N_("Former partner") },
  { "family", N_("Family member") },
  { "acquaintance", N_("Acquaintance") },
  { "stranger", N_("Stranger") },
  { "other", N_("Other relationship") }, NR, END
};

static const AmparoCode sex[] = {
  { "female", N_("Female") }, { "male", N_("Male") },
  { "other", N_("Another sex") }, NR, END
};

static const AmparoCode child_age_band[] = {
  { "0_4", N_("0–4") }, { "5_11", N_("5–11") }, { "12_17", N_("12–17") }, NR, END
};

#define SECTORS \
  { "dv_sa_program", N_("Domestic violence or sexual assault program") }, \
  { "shelter", N_("Shelter") }, \
  { "law_enforcement", N_("Law enforcement") }, \
  { "prosecution", N_("Prosecution") }, \
  { "court", N_("Court") }, \
  { "legal_aid", N_("Legal aid") }, \
  { "health", N_("Health care") }, \
  { "mental_health", N_("Mental health") }, \
  { "child_adult_protection", N_("Child or adult protective services") }, \
  { "housing", N_("Housing") }, \
  { "faith_community", N_("Faith community") }, \
  { "school", N_("School") }, \
  { "victim_compensation", N_("Victim compensation") }, \
  { "government", N_("Government agency") }, \
  { "research", N_("Research") }, \
  { "other", N_("Other sector") }

static const AmparoCode sector[] = { SECTORS, NR, END };

static const AmparoCode referral_source[] = {
  { "self", N_("Self-referred") },
  { "hotline", N_("Hotline") },
  SECTORS, NR, END
};

static const AmparoCode voca[] = {
  { "information_referral", N_("Information and referral") },
  { "personal_advocacy", N_("Personal advocacy and accompaniment") },
  { "emotional_support_safety", N_("Emotional support and safety services") },
  { "shelter_housing", N_("Shelter and housing") },
  { "criminal_civil_justice", N_("Criminal and civil justice assistance") },
  END
};

/* Service types, each prefixed in the table below by its VOCA category. */
static const struct { const char *category; AmparoCode type; } service_types[] = {
  { "information_referral", { "justice_information", N_("Information about the justice system") } },
  { "information_referral", { "victim_rights", N_("Information about victims' rights") } },
  { "information_referral", { "referral_other", N_("Referral to other services") } },
  { "personal_advocacy", { "medical_advocacy", N_("Medical or forensic exam accompaniment") } },
  { "personal_advocacy", { "benefits_advocacy", N_("Help with public benefits") } },
  { "personal_advocacy", { "employment_advocacy", N_("Employment advocacy") } },
  { "personal_advocacy", { "education_advocacy", N_("Education advocacy") } },
  { "personal_advocacy", { "immigration_advocacy", N_("Immigration assistance") } },
  { "personal_advocacy", { "interpreter", N_("Interpreter services") } },
  { "personal_advocacy", { "transportation", N_("Transportation") } },
  { "emotional_support_safety", { "crisis_intervention", N_("Crisis intervention") } },
  { "emotional_support_safety", { "hotline_call", N_("Hotline call") } },
  { "emotional_support_safety", { "support_group", N_("Support group") } },
  { "emotional_support_safety", { "counseling", N_("Individual counseling") } },
  { "emotional_support_safety", { "safety_planning", N_("Safety planning") } },
  { "shelter_housing", { "emergency_shelter", N_("Emergency shelter") } },
  { "shelter_housing", { "transitional_housing", N_("Transitional housing") } },
  { "shelter_housing", { "relocation", N_("Relocation help") } },
  { "criminal_civil_justice", { "protection_order", N_("Protection order assistance") } },
  { "criminal_civil_justice", { "court_accompaniment", N_("Court accompaniment") } },
  { "criminal_civil_justice", { "law_enforcement_interview", N_("Law enforcement interview") } },
  { "criminal_civil_justice", { "civil_legal", N_("Civil legal assistance") } },
  { "criminal_civil_justice", { "impact_statement", N_("Victim impact statement") } },
};

static AmparoCode service_type[G_N_ELEMENTS (service_types) + 1];

static const AmparoCode referral_status[] = {
  /* Translators: status of a referral to a partner agency: made (sent),
   * accepted, declined by the partner, completed, no response */
  { "made", N_("Made") }, { "accepted", N_("Accepted") },
  { "declined", N_("Declined") }, { "completed", N_("Completed") },
  { "no_response", N_("No response") }, END
};

static const AmparoCode referral_direction[] = {
  { "out", N_("Referred out") }, { "in", N_("Referred in") }, END
};

static const AmparoCode referral_outcome[] = {
  { "service_received", N_("Service received") },
  { "waitlisted", N_("Waitlisted") },
  { "not_eligible", N_("Not eligible") },
  { "survivor_declined", N_("Survivor declined") },
  { "unknown", N_("Unknown") }, END
};

static const AmparoCode outcome_answer[] = {
  { "yes", N_("Yes") }, { "no", N_("No") }, { "not_asked", N_("Not asked") }, END
};

static const AmparoCode outcome[] = {
  { "safety_strategies", N_("Knows more ways to plan for safety") },
  { "knows_resources", N_("Knows more about community resources") }, END
};

static const AmparoCode risk_level[] = {
  { "low", N_("Low") }, { "moderate", N_("Moderate") }, { "high", N_("High") },
  { "not_assessed", N_("Not assessed") }, END
};

/* The default risk checklist; agencies may add their own items. */
static const AmparoCode risk_indicator[] = {
  { "threats_to_kill", N_("Threatened to kill her or the children") },
  { "weapon_access", N_("Has access to a gun or other weapon") },
  { "strangulation", N_("Has choked or strangled her") },
  { "escalation", N_("Violence is getting worse or more frequent") },
  { "recent_separation", N_("Recent or planned separation") },
  { "stalking", N_("Follows, watches or monitors her") },
  { "forced_sex", N_("Has forced sex") },
  { "threats_children", N_("Has threatened or harmed the children") },
  { "controlling_jealousy", N_("Constantly jealous or controlling") },
  { "substance_use", N_("Heavy alcohol or drug use") },
  { "pregnancy", N_("Abused while pregnant") },
  { "suicide_threats", N_("Has threatened suicide") }, END
};

static const AmparoCode safety_plan_item[] = {
  { "safe_place", N_("A safe place to go has been identified") },
  { "emergency_bag", N_("Emergency bag with money, keys and medicine") },
  { "code_word", N_("Code word agreed with trusted people") },
  { "documents", N_("Copies of important documents kept safe") },
  { "trusted_contacts", N_("Trusted contacts know how to help") },
  { "phone_safety", N_("Phone and location sharing checked") },
  { "children_plan", N_("Plan for the children's safety") },
  { "work_school_plan", N_("Plan for work or school") },
  { "protection_order", N_("Knows how to seek a protection order") },
  { "hotline_number", N_("Knows the hotline number") }, END
};

static const AmparoCode release_scope[] = {
  { "identity", N_("Name and date of birth") },
  { "contact", N_("Contact details (phone, email, address)") },
  { "case_details", N_("Case details (services, dates, needs)") },
  { "safety_plan", N_("Safety plan") }, END
};

static const AmparoCode release_purpose[] = {
  { "referral", N_("Referral for services") },
  { "advocacy", N_("Advocacy on the survivor's behalf") },
  { "legal", N_("Legal assistance") },
  { "housing", N_("Housing") },
  { "health", N_("Health care") },
  { "benefits", N_("Benefits or compensation") },
  { "other", N_("Other purpose") }, END
};

static const AmparoCode release_form[] = {
  /* Translators: how the survivor gave consent to a release of
   * information: in writing or verbally */
  { "written", N_("Written") }, { "verbal", N_("Verbal") }, END
};

static const AmparoCode disclosure_kind[] = {
  { "referral", N_("Referral") },
  { "release_form", N_("Release form") },
  { "mandated_report", N_("Mandated report") }, END
};

static const AmparoCode mandated_report_type[] = {
  { "child_abuse", N_("Child abuse or neglect") },
  { "vulnerable_adult_abuse", N_("Abuse of a vulnerable adult") }, END
};

static const AmparoCode case_flow[] = {
  { "new", N_("New this fiscal year") }, { "continuing", N_("Continuing") }, END
};

static const AmparoCode shelter_measure[] = {
  { "survivors", N_("Survivors sheltered") },
  { "children", N_("Accompanying children sheltered") },
  { "nights", N_("Shelter nights") }, END
};

/* Fields checked by the yearly information-gap table. */
static const AmparoCode completeness_field[] = {
  { "age_band", N_("Age") },
  { "gender", N_("Gender") },
  { "language", N_("Language") },
  { "race_ethnicity", N_("Race and ethnicity") },
  { "victimization", N_("Type of victimization") },
  { "perpetrator_relationship", N_("Relationship to the person who caused harm") },
  { "referral_source", N_("Referral source") }, END
};

#define CAT(id, title, multi, codes) { id, title, multi, codes }

static const AmparoCategory categories[] = {
  CAT ("case_status", N_("Status"), FALSE, case_status),
  CAT ("age_band", N_("Age"), FALSE, age_band),
  CAT ("gender", N_("Gender"), FALSE, gender),
  CAT ("language", N_("Language"), FALSE, language),
  CAT ("limited_english", N_("Limited English"), FALSE, yes_no),
  CAT ("race_ethnicity", N_("Race and ethnicity"), TRUE, race_ethnicity),
  CAT ("special_class", N_("Special classifications"), TRUE, special_class),
  CAT ("victimization", N_("Type of victimization"), TRUE, victimization),
  CAT ("perpetrator_relationship", N_("Relationship to the person who caused harm"), FALSE,
       perpetrator_relationship),
  CAT ("perpetrator_sex", N_("Sex of the person who caused harm"), FALSE, sex),
  CAT ("perpetrator_age_band", N_("Age of the person who caused harm"), FALSE, age_band),
  CAT ("child_age_band", N_("Age of accompanying children"), FALSE, child_age_band),
  CAT ("sector", N_("Partner sector"), FALSE, sector),
  CAT ("referral_source", N_("Referral source"), FALSE, referral_source),
  CAT ("voca", N_("Service category"), FALSE, voca),
  CAT ("service_type", N_("Service"), FALSE, service_type),
  CAT ("referral_status", N_("Referral status"), FALSE, referral_status),
  CAT ("referral_direction", N_("Direction"), FALSE, referral_direction),
  CAT ("referral_outcome", N_("Referral outcome"), FALSE, referral_outcome),
  CAT ("outcome", N_("Outcome measure"), FALSE, outcome),
  CAT ("outcome_answer", N_("Answer"), FALSE, outcome_answer),
  CAT ("risk_level", N_("Risk level"), FALSE, risk_level),
  CAT ("risk_indicator", N_("Risk indicator"), TRUE, risk_indicator),
  CAT ("safety_plan_item", N_("Safety plan step"), TRUE, safety_plan_item),
  CAT ("release_scope", N_("Information covered"), TRUE, release_scope),
  CAT ("release_purpose", N_("Purpose"), FALSE, release_purpose),
  CAT ("release_form", N_("Form of consent"), FALSE, release_form),
  CAT ("disclosure_kind", N_("Kind of disclosure"), FALSE, disclosure_kind),
  CAT ("mandated_report_type", N_("Mandated report"), FALSE, mandated_report_type),
  CAT ("case_flow", N_("Cases"), FALSE, case_flow),
  CAT ("shelter_measure", N_("Shelter"), FALSE, shelter_measure),
  /* Translators: header of the column that names the piece of information
   * left unrecorded, in the information-gap table */
  CAT ("completeness_field", N_("Field"), FALSE, completeness_field),
};

static const AmparoCategory *category_ptrs[G_N_ELEMENTS (categories)];

static void
ensure_tables (void)
{
  static gsize done = 0;

  if (g_once_init_enter (&done))
    {
      AmparoCode *types = service_type;

      for (guint i = 0; i < G_N_ELEMENTS (service_types); i++)
        types[i] = service_types[i].type;
      for (guint i = 0; i < G_N_ELEMENTS (categories); i++)
        category_ptrs[i] = &categories[i];
      g_once_init_leave (&done, 1);
    }
}

/**
 * amparo_categories:
 * @n_categories: (out) (optional): number of categories
 *
 * Returns: (transfer none): every category, in a stable order
 */
const AmparoCategory *const *
amparo_categories (guint *n_categories)
{
  ensure_tables ();
  if (n_categories != NULL)
    *n_categories = G_N_ELEMENTS (categories);
  return category_ptrs;
}

const AmparoCategory *
amparo_category_lookup (const char *category_id)
{
  g_return_val_if_fail (category_id != NULL, NULL);

  ensure_tables ();
  for (guint i = 0; i < G_N_ELEMENTS (categories); i++)
    if (g_str_equal (categories[i].id, category_id))
      return &categories[i];
  return NULL;
}

static const AmparoCode *
find_code (const char *category_id,
           const char *code)
{
  const AmparoCategory *cat;

  if (category_id == NULL || code == NULL)
    return NULL;
  cat = amparo_category_lookup (category_id);
  if (cat == NULL)
    return NULL;
  for (const AmparoCode *c = cat->codes; c->code != NULL; c++)
    if (g_str_equal (c->code, code))
      return c;
  return NULL;
}

gboolean
amparo_code_is_valid (const char *category_id,
                      const char *code)
{
  return find_code (category_id, code) != NULL;
}

/**
 * amparo_code_label:
 *
 * Returns: the translated label of @code, or @code itself when unknown
 *   (custom checklist items keep their code)
 */
const char *
amparo_code_label (const char *category_id,
                   const char *code)
{
  const AmparoCode *c = find_code (category_id, code);

  return c != NULL ? _(c->label) : code;
}

const char *
amparo_category_title (const char *category_id)
{
  const AmparoCategory *cat = amparo_category_lookup (category_id);

  return cat != NULL ? _(cat->title) : category_id;
}

guint
amparo_category_n_codes (const char *category_id)
{
  const AmparoCategory *cat = amparo_category_lookup (category_id);
  guint n = 0;

  if (cat == NULL)
    return 0;
  for (const AmparoCode *c = cat->codes; c->code != NULL; c++)
    n++;
  return n;
}

const char *
amparo_service_type_category (const char *type)
{
  g_return_val_if_fail (type != NULL, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (service_types); i++)
    if (g_str_equal (service_types[i].type.code, type))
      return service_types[i].category;
  return NULL;
}
