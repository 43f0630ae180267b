/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "AmparoDemo"

#include <math.h>
#include <string.h>

#include "amparo-codes.h"
#include "amparo-db.h"
#include "amparo-demo-private.h"

/* One demo case: its codes, invented identifying details, services,
 * shelter stay, referrals, releases and disclosures, drawn from
 * distributions that look like a mid-sized US program's caseload. */

/* ------------------------------------------------------ code distributions */

static const DemoWeighted age_mix[] = {
  { "0_11", 5 }, { "12_17", 40 }, { "18_24", 150 }, { "25_59", 630 }, { "60_plus", 60 },
  { "not_reported", 115 }, W_END
};

static const DemoWeighted gender_mix[] = {
  { "woman", 820 }, { "man", 90 }, { "transgender", 20 }, { "nonbinary", 20 }, { "other", 5 },
  { "not_reported", 45 }, W_END
};

static const DemoWeighted language_mix[] = {
  { "en", 610 }, { "es", 280 }, { "vi", 8 }, { "zh", 7 }, { "ar", 7 }, { "ht", 5 },
  { "fr", 3 }, { "ko", 4 }, { "ru", 4 }, { "so", 4 }, { "tl", 5 }, { "pt", 4 }, { "uk", 3 },
  { "am", 2 }, { "other", 5 }, { "not_reported", 45 }, W_END
};

static const DemoWeighted race_mix[] = {
  { "white", 450 }, { "black_african_american", 250 }, { "hispanic_latino", 130 },
  { "asian", 50 }, { "american_indian_alaska_native", 35 },
  { "middle_eastern_north_african", 20 }, { "native_hawaiian_pacific_islander", 10 },
  { "other", 20 }, W_END
};

static const struct { const char *code; guint permille; } special_mix[] = {
  { "disability", 120 }, { "deaf_hoh", 20 }, { "homeless", 100 }, { "immigrant", 90 },
  { "lgbtq", 50 }, { "veteran", 20 }, { "rural", 200 },
};

static const DemoWeighted victimization_mix[] = {
  { "domestic_violence", 640 }, { "dating_violence", 80 }, { "sexual_assault", 150 },
  { "stalking", 60 }, { "child_sexual_abuse", 10 }, { "human_trafficking", 8 },
  { "elder_abuse", 15 }, { "child_abuse", 12 }, { "other", 25 }, W_END
};

/* what tends to come with the main victimization */
static const DemoWeighted second_victimization_mix[] = {
  { "stalking", 50 }, { "sexual_assault", 30 }, { "domestic_violence", 10 },
  { "human_trafficking", 2 }, { "other", 8 }, W_END
};

static const DemoWeighted relationship_partner[] = {
  { "current_partner", 45 }, { "former_partner", 45 }, { "family", 4 }, { "not_reported", 6 },
  W_END
};

static const DemoWeighted relationship_assault[] = {
  { "acquaintance", 35 }, { "former_partner", 18 }, { "current_partner", 10 },
  { "stranger", 17 }, { "family", 10 }, { "other", 4 }, { "not_reported", 6 }, W_END
};

static const DemoWeighted relationship_other[] = {
  { "family", 40 }, { "acquaintance", 20 }, { "former_partner", 10 }, { "stranger", 10 },
  { "other", 10 }, { "not_reported", 10 }, W_END
};

static const DemoWeighted perpetrator_sex_mix[] = {
  { "male", 880 }, { "female", 80 }, { "other", 5 }, { "not_reported", 35 }, W_END
};

static const DemoWeighted perpetrator_age_mix[] = {
  { "18_24", 150 }, { "25_59", 700 }, { "60_plus", 40 }, { "12_17", 10 },
  { "not_reported", 100 }, W_END
};

static const DemoWeighted children_count_mix[] = {
  { "0", 40 }, { "1", 22 }, { "2", 20 }, { "3", 12 }, { "4", 6 }, W_END
};

static const DemoWeighted child_age_mix[] = {
  { "0_4", 30 }, { "5_11", 40 }, { "12_17", 25 }, { "not_reported", 5 }, W_END
};

static const DemoWeighted referral_source_mix[] = {
  { "self", 300 }, { "hotline", 200 }, { "law_enforcement", 150 }, { "health", 60 },
  { "dv_sa_program", 50 }, { "legal_aid", 40 }, { "court", 40 }, { "shelter", 30 },
  { "child_adult_protection", 30 }, { "mental_health", 30 }, { "school", 20 },
  { "faith_community", 10 }, { "housing", 10 }, { "other", 15 }, { "not_reported", 15 }, W_END
};

static const DemoWeighted risk_level_mix[] = {
  { "low", 30 }, { "moderate", 35 }, { "high", 20 }, { "not_assessed", 15 }, W_END
};

static const DemoWeighted outcome_safety_mix[] = {
  { "yes", 70 }, { "no", 8 }, { "not_asked", 22 }, W_END
};

static const DemoWeighted outcome_resources_mix[] = {
  { "yes", 75 }, { "no", 6 }, { "not_asked", 19 }, W_END
};

/* DemoService types with their share of all services and a typical length. */
static const struct
{
  const char *type;
  guint       weight;
  guint       min_minutes;
  guint       max_minutes;
} service_mix[] = {
  { "hotline_call", 140, 15, 45 },
  { "crisis_intervention", 120, 30, 90 },
  { "safety_planning", 100, 30, 75 },
  { "counseling", 100, 45, 90 },
  { "support_group", 80, 60, 120 },
  { "referral_other", 80, 15, 30 },
  { "victim_rights", 50, 15, 45 },
  { "justice_information", 40, 15, 45 },
  { "protection_order", 60, 60, 180 },
  { "court_accompaniment", 40, 90, 180 },
  { "law_enforcement_interview", 20, 60, 150 },
  { "civil_legal", 20, 45, 120 },
  { "impact_statement", 10, 45, 90 },
  { "medical_advocacy", 20, 90, 180 },
  { "benefits_advocacy", 30, 30, 90 },
  { "employment_advocacy", 10, 30, 60 },
  { "education_advocacy", 10, 30, 60 },
  { "immigration_advocacy", 10, 45, 120 },
  { "interpreter", 10, 30, 90 },
  { "transportation", 30, 30, 120 },
  { "transitional_housing", 10, 30, 90 },
  { "relocation", 10, 60, 180 },
  { "emergency_shelter", 0, 30, 60 },   /* only with a shelter stay */
};

#define SERVICE_INTERPRETER 18
#define SERVICE_IMMIGRATION 17
#define SERVICE_SHELTER     22
#define SERVICE_INTAKE_A    0
#define SERVICE_INTAKE_B    1

/* where survivors are referred, and what for */
static const DemoWeighted referral_sector_mix[] = {
  { "legal_aid", 200 }, { "housing", 150 }, { "mental_health", 120 }, { "health", 80 },
  { "court", 80 }, { "victim_compensation", 60 }, { "law_enforcement", 60 },
  { "prosecution", 50 }, { "shelter", 50 }, { "dv_sa_program", 40 }, { "government", 30 },
  { "child_adult_protection", 30 }, { "faith_community", 20 }, { "school", 20 },
  { "other", 40 }, W_END
};

static const struct
{
  const char *sector;
  const char *service;   /* service_type code */
  const char *purpose;   /* release_purpose code */
} sector_needs[] = {
  { "legal_aid", "civil_legal", "legal" },
  { "housing", "transitional_housing", "housing" },
  { "mental_health", "counseling", "health" },
  { "health", "medical_advocacy", "health" },
  { "court", "protection_order", "legal" },
  { "victim_compensation", "benefits_advocacy", "benefits" },
  { "law_enforcement", "law_enforcement_interview", "advocacy" },
  { "prosecution", "court_accompaniment", "legal" },
  { "shelter", "emergency_shelter", "housing" },
  { "dv_sa_program", "counseling", "referral" },
  { "government", "benefits_advocacy", "benefits" },
  { "child_adult_protection", "referral_other", "advocacy" },
  { "faith_community", "referral_other", "referral" },
  { "school", "education_advocacy", "advocacy" },
  { "research", "referral_other", "other" },
  { "other", "referral_other", "referral" },
};

static const DemoWeighted status_mix[] = {
  { "completed", 45 }, { "accepted", 18 }, { "made", 12 }, { "declined", 10 },
  { "no_response", 15 }, W_END
};

static const DemoWeighted recent_status_mix[] = {
  { "made", 60 }, { "accepted", 25 }, { "no_response", 15 }, W_END
};

/* Referrals made more than three months ago have mostly been settled:
 * an agency chases open ones, so only a few are still waiting. */
static const DemoWeighted settled_status_mix[] = {
  { "completed", 62 }, { "declined", 13 }, { "no_response", 23 }, { "accepted", 2 }, W_END
};

static const DemoWeighted declined_outcome_mix[] = {
  { "not_eligible", 40 }, { "survivor_declined", 35 }, { "waitlisted", 25 }, W_END
};

/* --------------------------------------------------------- reference codes */

static const char refcode_alphabet[] = "23456789ABCDEFGHJKMNPQRSTVWXYZ";
#define REFCODE_RADIX 30

static guint64
refcode_value (const char *code)
{
  guint64 v = 0;

  for (const char *p = code; *p != '\0'; p++)
    {
      const char *at = strchr (refcode_alphabet, *p);

      if (*p == '-')
        continue;
      if (at == NULL)
        return 0;
      v = v * REFCODE_RADIX + (guint64) (at - refcode_alphabet);
    }
  return v;
}

/* A code from the stream that no case in this vault uses yet, so the
 * database never has to fall back to a random one. */
static char *
next_refcode (DemoGenerator *g)
{
  char code[10];

  for (;;)
    {
      guint64 v = 0;

      for (guint i = 0, j = 0; i < 8; i++)
        {
          guint s = rng_below (&g->rng, REFCODE_RADIX);

          if (i == 4)
            code[j++] = '-';
          code[j++] = refcode_alphabet[s];
          v = v * REFCODE_RADIX + s;
        }
      code[9] = '\0';
      if (g_hash_table_add (g->refcodes, GSIZE_TO_POINTER ((gsize) v + 1)))
        return g_strdup (code);
    }
}

gboolean
amparo_demo_load_refcodes (DemoGenerator  *g,
                           sqlite3        *db,
                           GError        **error)
{
  g_autoptr(sqlite3_stmt) stmt = amparo_db_prepare (db, "SELECT ref_code FROM cases;", error);

  if (stmt == NULL)
    return FALSE;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      guint64 v = refcode_value ((const char *) sqlite3_column_text (stmt, 0));
      g_hash_table_add (g->refcodes, GSIZE_TO_POINTER ((gsize) v + 1));
    }
  return TRUE;
}

static guint
partner_for_sector (DemoGenerator *g,
                    const char    *sector)
{
  GArray *list = g_hash_table_lookup (g->sector_partners, g_intern_string (sector));

  if (list == NULL || list->len == 0)
    return rng_below (&g->rng, g->partners->len);
  return g_array_index (list, guint, rng_below (&g->rng, list->len));
}

static guint
sector_need (const char *sector)
{
  for (guint i = 0; i < G_N_ELEMENTS (sector_needs); i++)
    if (g_str_equal (sector_needs[i].sector, sector))
      return i;
  return G_N_ELEMENTS (sector_needs) - 1;
}

/* --------------------------------------------------------------- one case */

static GStrv
strv_from_array (GPtrArray *codes)
{
  if (codes->len == 0)
    {
      g_ptr_array_free (codes, TRUE);
      return NULL;
    }
  g_ptr_array_add (codes, NULL);
  return (GStrv) g_ptr_array_free (codes, FALSE);
}

/* @k distinct codes of a category, in the category's own order */
static GStrv
pick_distinct (DemoRng    *r,
               const char *category,
               guint       k)
{
  const AmparoCategory *cat = amparo_category_lookup (category);
  GPtrArray *out = g_ptr_array_new ();
  guint n = 0, left;

  for (const AmparoCode *c = cat->codes; c->code != NULL; c++)
    if (!g_str_equal (c->code, "not_reported"))
      n++;
  left = MIN (k, n);
  /* selection sampling: each code in turn, kept with probability
   * (still needed) / (still left) */
  for (guint i = 0; i < n && left > 0; i++)
    if (rng_below (r, n - i) < left)
      {
        g_ptr_array_add (out, g_strdup (cat->codes[i].code));
        left--;
      }
  return strv_from_array (out);
}

static gboolean
strv_has (GStrv       v,
          const char *code)
{
  return v != NULL && g_strv_contains ((const char *const *) v, code);
}

static void
add_code (GPtrArray  *codes,
          const char *code)
{
  for (guint i = 0; i < codes->len; i++)
    if (g_str_equal (g_ptr_array_index (codes, i), code))
      return;
  g_ptr_array_add (codes, g_strdup (code));
}

static void
generate_identity (DemoGenerator   *g,
                   AmparoCaseDraft *d,
                   DemoDay          opened)
{
  DemoRng *r = &g->rng;
  gboolean spanish = g_strcmp0 (d->language, "es") == 0
                     || (strv_has (d->race_ethnicity, "hispanic_latino") && rng_percent (r, 60));
  gboolean es_names = spanish ? rng_percent (r, 90) : rng_percent (r, 8);
  AmparoDemoNameList first_list;

  if (g_str_equal (d->gender, "man"))
    first_list = es_names ? AMPARO_DEMO_NAMES_MEN_ES : AMPARO_DEMO_NAMES_MEN_EN;
  else if ((g_str_equal (d->gender, "nonbinary") || g_str_equal (d->gender, "transgender"))
           && rng_percent (r, 50))
    first_list = AMPARO_DEMO_NAMES_NEUTRAL;
  else
    first_list = es_names ? AMPARO_DEMO_NAMES_WOMEN_ES : AMPARO_DEMO_NAMES_WOMEN_EN;

  d->first_name = g_strdup (rng_item (r, first_list));
  d->last_name = es_names && rng_percent (r, 40)
                   ? g_strdup_printf ("%s %s", rng_item (r, AMPARO_DEMO_NAMES_LAST_ES),
                                      rng_item (r, AMPARO_DEMO_NAMES_LAST_ES))
                   : g_strdup (rng_item (r, es_names ? AMPARO_DEMO_NAMES_LAST_ES
                                                     : AMPARO_DEMO_NAMES_LAST_EN));
  if (rng_percent (r, 12))
    d->preferred_name = g_strdup (rng_item (r, AMPARO_DEMO_NAMES_NEUTRAL));
  if (rng_percent (r, 4))
    d->aliases = g_strdup (rng_item (r, es_names ? AMPARO_DEMO_NAMES_LAST_ES
                                                 : AMPARO_DEMO_NAMES_LAST_EN));

  if (!g_str_equal (d->age_band, "not_reported") && rng_percent (r, 90))
    {
      guint lo = 25, hi = 59, age;

      if (g_str_equal (d->age_band, "0_11"))
        lo = 0, hi = 11;
      else if (g_str_equal (d->age_band, "12_17"))
        lo = 12, hi = 17;
      else if (g_str_equal (d->age_band, "18_24"))
        lo = 18, hi = 24;
      else if (g_str_equal (d->age_band, "60_plus"))
        lo = 60, hi = 88;
      age = rng_range (r, lo, hi);
      d->birth_date = day_dup (opened - age * 36525 / 100 - rng_below (r, 365));
    }

  if (rng_percent (r, 90))
    {
      d->phone = g_strdup_printf ("555-01%02u", rng_below (r, 100));
      d->phone_safe_to_call = rng_percent (r, 60);
      d->phone_text_ok = rng_percent (r, 50);
      d->phone_voicemail_ok = d->phone_safe_to_call && rng_percent (r, 40);
    }
  if (rng_percent (r, 35))
    {
      g_autofree char *first = g_str_to_ascii (d->first_name, "C");
      g_autofree char *last = g_str_to_ascii (d->last_name, "C");
      g_autofree char *user = g_strdup_printf ("%s.%s%u", first, last, rng_below (r, 100));
      g_autofree char *lower = NULL;

      g_strdelimit (user, " ", '.');
      lower = g_ascii_strdown (user, -1);
      d->email = g_strdup_printf ("%s@example.org", lower);
    }
  if (rng_percent (r, 25))
    {
      d->address = g_strdup_printf ("%u %s, %s", rng_range (r, 100, 9899),
                                    rng_item (r, AMPARO_DEMO_NAMES_STREETS),
                                    rng_item (r, AMPARO_DEMO_NAMES_TOWNS));
      d->confidential_location = rng_percent (r, 50);
    }
  if (rng_percent (r, 30))
    d->safe_contact = g_strdup (rng_item (r, spanish ? AMPARO_DEMO_NAMES_SAFE_CONTACT_ES
                                                     : AMPARO_DEMO_NAMES_SAFE_CONTACT_EN));
  d->notes = g_strdup (rng_item (r, spanish ? AMPARO_DEMO_NAMES_NOTES_ES
                                            : AMPARO_DEMO_NAMES_NOTES_EN));
  if (d->safety_plan_done != NULL)
    d->safety_plan_text = g_strdup (rng_item (r, spanish ? AMPARO_DEMO_NAMES_PLANS_ES
                                                         : AMPARO_DEMO_NAMES_PLANS_EN));
}

static void
generate_codes (DemoGenerator   *g,
                AmparoCaseDraft *d,
                gboolean         closed)
{
  DemoRng *r = &g->rng;
  g_autoptr(GPtrArray) race = g_ptr_array_new ();
  g_autoptr(GPtrArray) special = g_ptr_array_new ();
  g_autoptr(GPtrArray) victim = g_ptr_array_new ();
  g_autoptr(GPtrArray) children = g_ptr_array_new ();
  const char *main_victim;
  const DemoWeighted *relationships;
  guint n_children, n_risk = 0, n_plan;

  d->counted = !rng_percent (r, 10);
  d->gender = g_strdup (rng_pick (r, gender_mix));
  d->age_band = g_strdup (rng_pick (r, age_mix));
  d->language = g_strdup (rng_pick (r, language_mix));
  if (g_str_equal (d->language, "en"))
    d->limited_english = g_strdup (rng_percent (r, 97) ? "no" : "not_reported");
  else if (g_str_equal (d->language, "not_reported"))
    d->limited_english = g_strdup ("not_reported");
  else
    d->limited_english = g_strdup (rng_percent (r, 65) ? "yes"
                                   : rng_percent (r, 85) ? "no" : "not_reported");

  /* race and ethnicity: several may apply; 15% not reported */
  if (rng_percent (r, 15))
    g_ptr_array_add (race, g_strdup ("not_reported"));
  else
    {
      if (g_str_equal (d->language, "es"))
        add_code (race, "hispanic_latino");
      else
        add_code (race, rng_pick (r, race_mix));
      if (rng_percent (r, 12))
        add_code (race, rng_pick (r, race_mix));
    }
  d->race_ethnicity = strv_from_array (g_steal_pointer (&race));

  if (rng_percent (r, 10))
    g_ptr_array_add (special, g_strdup ("not_reported"));
  else
    for (guint i = 0; i < G_N_ELEMENTS (special_mix); i++)
      {
        guint permille = special_mix[i].permille;

        if (g_str_equal (special_mix[i].code, "immigrant")
            && !g_str_equal (d->language, "en") && !g_str_equal (d->language, "not_reported"))
          permille = 450;
        if (rng_permille (r, permille))
          g_ptr_array_add (special, g_strdup (special_mix[i].code));
      }
  d->special_class = strv_from_array (g_steal_pointer (&special));

  if (rng_percent (r, 3))
    {
      main_victim = "not_reported";
      g_ptr_array_add (victim, g_strdup (main_victim));
    }
  else
    {
      main_victim = rng_pick (r, victimization_mix);
      g_ptr_array_add (victim, g_strdup (main_victim));
      if (rng_percent (r, 25))
        add_code (victim, rng_pick (r, second_victimization_mix));
    }
  d->victimization = strv_from_array (g_steal_pointer (&victim));

  if (g_str_equal (main_victim, "domestic_violence") || g_str_equal (main_victim, "dating_violence")
      || g_str_equal (main_victim, "stalking"))
    relationships = relationship_partner;
  else if (g_str_equal (main_victim, "sexual_assault"))
    relationships = relationship_assault;
  else
    relationships = relationship_other;
  if (rng_percent (r, 92))
    {
      d->perpetrator_relationship = g_strdup (rng_pick (r, relationships));
      d->perpetrator_sex = g_strdup (rng_pick (r, perpetrator_sex_mix));
      d->perpetrator_age_band = g_strdup (rng_pick (r, perpetrator_age_mix));
    }

  n_children = (guint) g_ascii_strtoull (rng_pick (r, children_count_mix), NULL, 10);
  if (g_str_equal (d->age_band, "0_11") || g_str_equal (d->age_band, "12_17")
      || g_str_equal (d->age_band, "60_plus"))
    n_children = 0;
  for (guint i = 0; i < n_children; i++)
    g_ptr_array_add (children, g_strdup (rng_pick (r, child_age_mix)));
  d->children = strv_from_array (g_steal_pointer (&children));

  d->referral_source = g_strdup (rng_pick (r, referral_source_mix));
  d->risk_level = g_strdup (rng_pick (r, risk_level_mix));
  if (g_str_equal (d->risk_level, "high"))
    n_risk = rng_range (r, 4, 8);
  else if (g_str_equal (d->risk_level, "moderate"))
    n_risk = rng_range (r, 2, 5);
  else if (g_str_equal (d->risk_level, "low"))
    n_risk = rng_range (r, 0, 2);
  d->risk_indicators = pick_distinct (r, "risk_indicator", n_risk);

  /* most advocates finish the plan in the first meetings; some are still
   * working on it, a few survivors decline one */
  if (rng_percent (r, 65))
    n_plan = 10;
  else if (rng_percent (r, 70))
    n_plan = rng_range (r, 1, 9);
  else
    n_plan = 0;
  d->safety_plan_done = pick_distinct (r, "safety_plan_item", n_plan);

  if (closed)
    {
      d->outcome_safety_strategies = g_strdup (rng_pick (r, outcome_safety_mix));
      d->outcome_knows_resources = g_strdup (rng_pick (r, outcome_resources_mix));
    }
}

static void
add_service (DemoGenerator *g,
             guint          case_index,
             guint          type,
             DemoDay        date)
{
  DemoService s = { case_index, service_mix[type].type, date, 0 };
  guint lo = service_mix[type].min_minutes, hi = service_mix[type].max_minutes;

  s.minutes = lo + 5 * rng_below (&g->rng, (hi - lo) / 5 + 1);
  g_array_append_val (g->services, s);
}

static guint
pick_service_type (DemoGenerator   *g,
                   AmparoCaseDraft *d)
{
  guint total = 0, x;

  if (g_strcmp0 (d->limited_english, "yes") == 0 && rng_percent (&g->rng, 15))
    return SERVICE_INTERPRETER;
  if (strv_has (d->special_class, "immigrant") && rng_percent (&g->rng, 8))
    return SERVICE_IMMIGRATION;
  for (guint i = 0; i < G_N_ELEMENTS (service_mix); i++)
    total += service_mix[i].weight;
  x = rng_below (&g->rng, total);
  for (guint i = 0; i < G_N_ELEMENTS (service_mix); i++)
    {
      if (x < service_mix[i].weight)
        return i;
      x -= service_mix[i].weight;
    }
  g_assert_not_reached ();
}

static gint
find_or_add_release (DemoGenerator *g,
                     guint          case_index,
                     guint          partner,
                     DemoDay        date,
                     DemoDay        opened,
                     const char    *purpose)
{
  DemoRng *r = &g->rng;
  DemoRelease rel = { case_index, partner, NULL, purpose, NULL, 0, 0, 0, 0 };
  guint validity;

  /* one release per receiving partner */
  for (guint i = g->releases->len; i > 0; i--)
    {
      DemoRelease *other = &g_array_index (g->releases, DemoRelease, i - 1);

      if (other->case_index != case_index)
        break;
      if (other->partner == partner)
        return (gint) (i - 1);
    }

  rel.signed_on = MAX (opened, date - rng_below (r, 3));
  validity = rng_percent (r, 80) ? g->release_days
                                 : (guint[]){ 60, 90, 180 }[rng_below (r, 3)];
  rel.expires = rel.signed_on + validity;
  if (rng_percent (r, 5))
    {
      DemoDay revoked = rel.signed_on + rng_below (r, validity + 1);
      if (revoked <= g->end)
        rel.revoked = revoked;
    }
  rel.form = rng_percent (r, 75) ? "written" : "verbal";
  if (rng_percent (r, 5))
    rel.scope = "identity|contact|case_details|safety_plan";
  else if (rng_percent (r, 50))
    rel.scope = "identity|contact|case_details";
  else
    rel.scope = "identity|contact";
  g_array_append_val (g->releases, rel);
  return (gint) g->releases->len - 1;
}

static void
generate_referrals (DemoGenerator   *g,
                    AmparoCaseDraft *d,
                    guint            case_index,
                    DemoDay          opened,
                    DemoDay          until)
{
  DemoRng *r = &g->rng;
  guint n = (guint[]){ 0, 0, 0, 1, 1, 1, 1, 2, 2, 3 }[rng_below (r, 10)]
            + (rng_percent (r, 5) ? 2 : 0);

  if (g->partners->len == 0)
    return;

  /* referred in by a partner of the sector that sent her */
  if (amparo_code_is_valid ("sector", d->referral_source)
      && !g_str_equal (d->referral_source, "not_reported") && rng_percent (r, 60))
    {
      DemoReferral in = { case_index, opened, FALSE, partner_for_sector (g, d->referral_source),
                          NULL, rng_percent (r, 50), "completed", 0, "service_received", -1 };
      g_array_append_val (g->referrals, in);
    }

  for (guint i = 0; i < n; i++)
    {
      const char *sector = rng_pick (r, referral_sector_mix);
      guint need = sector_need (sector);
      DemoReferral ref = { case_index, opened + rng_below (r, until - opened + 1), TRUE, 0,
                           sector_needs[need].service, rng_percent (r, 60), NULL, 0, NULL, -1 };

      ref.partner = partner_for_sector (g, sector);
      ref.status = ref.date + 14 > g->end ? rng_pick (r, recent_status_mix)
                   : ref.date + 90 > g->end ? rng_pick (r, status_mix)
                   : rng_pick (r, settled_status_mix);
      if (g_str_equal (ref.status, "completed"))
        ref.outcome = "service_received";
      else if (g_str_equal (ref.status, "declined"))
        ref.outcome = rng_pick (r, declined_outcome_mix);
      else if (g_str_equal (ref.status, "accepted") && rng_percent (r, 30))
        ref.outcome = "waitlisted";
      else if (g_str_equal (ref.status, "no_response") && rng_percent (r, 50))
        ref.outcome = "unknown";
      if (g_str_equal (ref.status, "made") || g_str_equal (ref.status, "accepted")
          || g_str_equal (ref.status, "no_response"))
        ref.follow_up = ref.date + rng_range (r, 7, 14);

      if (rng_percent (r, 75))
        {
          const char *purpose = sector_needs[need].purpose;
          DemoDisclosure dis = { case_index, ref.date, "referral", (gint) ref.partner,
                                 g_array_index (g->partners, DemoPartner, ref.partner).sector,
                                 NULL, NULL, 0 };
          gint release = find_or_add_release (g, case_index, ref.partner, ref.date, opened,
                                              purpose);
          const DemoRelease *rel = &g_array_index (g->releases, DemoRelease, release);

          /* details go only under a release that still stands */
          if (rel->signed_on <= ref.date && ref.date <= rel->expires
              && (rel->revoked == 0 || rel->revoked > ref.date))
            {
              ref.release = dis.release = release;
              dis.scope = rel->scope;
              g_array_append_val (g->disclosures, dis);
            }
        }
      g_array_append_val (g->referrals, ref);
    }

  /* now and then a release with no referral (yet) */
  if (rng_percent (r, 4))
    find_or_add_release (g, case_index, rng_below (r, g->partners->len),
                         opened + rng_below (r, until - opened + 1), opened, "advocacy");
}

AmparoCaseDraft *
amparo_demo_generate_case (DemoGenerator *g,
                           guint          case_index)
{
  DemoRng *r = &g->rng;
  g_autoptr(AmparoCaseDraft) d = amparo_case_draft_new ();
  guint span = g->end - g->start;
  DemoDay opened, closed = 0, until, latest;
  guint duration, n_services, n_children;
  gboolean is_closed;

  /* Case numbers follow the order cases were opened, as in a real agency
   * (and index pages then fill in order, which keeps a large run fast):
   * one stratified draw per case from a density that rises towards the
   * reference date, f(x) = 1/2 + x on [0, 1], so F(x) = (x + x²) / 2. */
  {
    double t = ((double) g->generated + (double) (rng_next (r) >> 11) * 0x1.0p-53)
               / (double) g->n_cases;
    double x = sqrt (0.25 + 2.0 * t) - 0.5;

    opened = g->start + MIN (span, (guint) (x * (span + 1)));
    g->generated++;
  }
  switch (rng_below (r, 20))
    {
    case 0 ... 4:
      duration = rng_below (r, 15);
      n_services = rng_range (r, 1, 6);
      break;
    case 5 ... 13:
      duration = rng_range (r, 15, 120);
      n_services = rng_range (r, 4, 16);
      break;
    case 14 ... 18:
      duration = rng_range (r, 121, 700);
      n_services = rng_range (r, 8, 25);
      break;
    default:
      /* long-running cases: transitional housing, court cases */
      duration = rng_range (r, 121, rng_percent (r, 50) ? 700 : 1600);
      n_services = rng_range (r, 10, 30);
      break;
    }
  is_closed = opened + duration <= g->end;
  if (is_closed)
    closed = opened + duration;
  until = is_closed ? closed : g->end;

  d->ref_code = next_refcode (g);
  d->opened = day_dup (opened);
  if (is_closed)
    d->closed = day_dup (closed);
  generate_codes (g, d, is_closed);
  if (!is_closed && rng_percent (r, 60))
    d->follow_up = day_dup (g->end - 10 + rng_below (r, 32));
  generate_identity (g, d, opened);
  n_children = d->children != NULL ? g_strv_length (d->children) : 0;

  /* services: intake on the day the case opened, the rest spread out */
  add_service (g, case_index, rng_percent (r, 50) ? SERVICE_INTAKE_A : SERVICE_INTAKE_B, opened);
  latest = opened;
  for (guint i = 1; i < n_services; i++)
    {
      DemoDay date = opened + rng_below (r, until - opened + 1);

      add_service (g, case_index, pick_service_type (g, d), date);
      latest = MAX (latest, date);
    }

  /* shelter: more likely the higher the risk */
  {
    guint chance = g_str_equal (d->risk_level, "high") ? 30
                   : g_str_equal (d->risk_level, "moderate") ? 15
                   : g_str_equal (d->risk_level, "low") ? 8 : 10;

    if (rng_percent (r, chance))
      {
        DemoStay stay = { case_index, opened + rng_below (r, MIN (15, until - opened + 1)), 0, 0 };
        guint nights;

        if (rng_percent (r, 10))
          nights = 0;           /* in and out the same day: one night, the funders' way */
        else if (rng_percent (r, 45))
          nights = rng_range (r, 1, 7);
        else if (rng_percent (r, 65))
          nights = rng_range (r, 8, 30);
        else
          nights = rng_range (r, 31, 90);
        stay.exited = stay.entered + nights;
        if (is_closed && stay.exited > closed)
          stay.exited = closed;
        else if (!is_closed && stay.exited > g->end)
          stay.exited = 0;
        stay.children = n_children > 0 && rng_percent (r, 20) ? rng_below (r, n_children)
                                                             : n_children;
        g_array_append_val (g->stays, stay);
        add_service (g, case_index, SERVICE_SHELTER, stay.entered);
        latest = MAX (latest, stay.exited != 0 ? stay.exited : stay.entered);
      }
  }

  generate_referrals (g, d, case_index, opened, until);
  if (n_children > 0 && (strv_has (d->victimization, "child_abuse") || rng_percent (r, 2)))
    {
      DemoDisclosure dis = { case_index, opened + rng_below (r, MIN (10, until - opened + 1)),
                         "mandated_report", -1, "child_adult_protection", "child_abuse",
                         "identity|case_details", -1 };
      GArray *cps = g_hash_table_lookup (g->sector_partners,
                                         g_intern_string ("child_adult_protection"));

      if (cps != NULL && cps->len > 0)
        dis.partner = (gint) g_array_index (cps, guint, 0);
      g_array_append_val (g->disclosures, dis);
    }

  if (is_closed)
    latest = closed;
  g_array_append_val (g->days, ((DemoCaseDays) { opened, latest }));
  return g_steal_pointer (&d);
}

