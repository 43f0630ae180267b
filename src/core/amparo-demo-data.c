/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "AmparoDemo"

#include "amparo-demo-data.h"

/* Word lists and the partner directory of the demo generator. Names are
 * among the most common in English- and Spanish-speaking communities, so
 * no combination points to anyone; phone numbers, e-mail domains and towns
 * are the ones reserved or invented for examples; partner names are
 * generic. These strings are data, not UI: they are not translated. */

static const char *const women_en[] = {
  "Mary", "Jennifer", "Linda", "Patricia", "Elizabeth", "Susan", "Jessica", "Sarah",
  "Karen", "Lisa", "Nancy", "Sandra", "Ashley", "Emily", "Michelle", "Amanda", "Melissa",
  "Stephanie", "Rebecca", "Laura", "Amy", "Angela", "Heather", "Nicole", "Brittany",
  "Samantha", "Rachel", "Megan", "Hannah", "Olivia", "Emma", "Chloe", "Grace", "Tiffany",
  "Crystal", "Danielle", "Kimberly", "Donna", "Brenda", "Tanya",
};

static const char *const women_es[] = {
  "María", "Guadalupe", "Juana", "Rosa", "Ana", "Carmen", "Verónica", "Alejandra",
  "Gabriela", "Leticia", "Patricia", "Sofía", "Isabel", "Lucía", "Elena", "Adriana",
  "Claudia", "Yesenia", "Marisol", "Daniela", "Fernanda", "Paola", "Lorena", "Beatriz",
  "Araceli", "Silvia", "Mónica", "Rocío", "Esperanza", "Josefina", "Maribel", "Norma",
};

static const char *const men_en[] = {
  "James", "John", "Robert", "Michael", "David", "William", "Daniel", "Joseph", "Thomas",
  "Christopher", "Brian", "Kevin", "Mark", "Steven", "Anthony", "Eric",
};

static const char *const men_es[] = {
  "José", "Juan", "Luis", "Carlos", "Miguel", "Jorge", "Francisco", "Pedro", "Javier",
  "Antonio", "Manuel", "Ricardo", "Alejandro", "Raúl",
};

static const char *const neutral[] = {
  "Alex", "Jordan", "Taylor", "Casey", "Riley", "Morgan", "Sam", "Jamie", "Avery", "Quinn",
  "Cruz", "Ariel",
};

static const char *const last_en[] = {
  "Smith", "Johnson", "Williams", "Brown", "Jones", "Miller", "Davis", "Wilson",
  "Anderson", "Taylor", "Thomas", "Moore", "Jackson", "Martin", "Lee", "Thompson", "White",
  "Harris", "Clark", "Lewis", "Walker", "Hall", "Allen", "Young", "King", "Wright", "Scott",
  "Green", "Baker", "Adams", "Nelson", "Hill", "Campbell", "Mitchell", "Carter", "Roberts",
};

static const char *const last_es[] = {
  "García", "Rodríguez", "Martínez", "Hernández", "López", "González", "Pérez", "Sánchez",
  "Ramírez", "Torres", "Flores", "Rivera", "Gómez", "Díaz", "Cruz", "Morales", "Reyes",
  "Gutiérrez", "Ortiz", "Ramos", "Castillo", "Mendoza", "Vargas", "Romero", "Herrera",
  "Medina", "Aguilar", "Jiménez", "Ruiz", "Álvarez",
};

static const char *const streets[] = {
  "Oak Street", "Maple Avenue", "Cedar Lane", "Pine Road", "Elm Street", "Main Street",
  "Lake Drive", "Hillside Avenue", "River Road", "Sunset Boulevard", "Willow Way",
  "Meadow Lane", "Park Avenue", "Orchard Street", "Mesa Drive", "Calle Primavera",
};

static const char *const towns[] = {
  "Anytown", "Exampleville", "Sampleton", "Demo Springs", "Placeholder Falls",
  "Fictional Creek",
};

static const char *const safe_contact_en[] = {
  "Text only, after 6 pm.",
  "Call the work number, never the home phone.",
  "E-mail only; do not leave voicemail.",
  "Ask for them by first name only; say it is the clinic.",
  "Only call on weekdays between 9 and 11 am.",
};

static const char *const safe_contact_es[] = {
  "Solo mensajes de texto, después de las 6 de la tarde.",
  "Llamar al número del trabajo, nunca al de casa.",
  "Solo correo electrónico; no dejar mensajes de voz.",
  "Preguntar solo por el nombre de pila; decir que llaman de la clínica.",
  "Llamar solo entre semana, de 9 a 11 de la mañana.",
};

static const char *const notes_en[] = {
  "Synthetic demo record. Intake completed by phone; discussed options and safety planning.",
  "Synthetic demo record. Came in with a neighbor; wants help with a protection order.",
  "Synthetic demo record. Referred by the hotline; follow-up call scheduled.",
  "Synthetic demo record. Needs help with housing and school transfer for the children.",
  "Synthetic demo record. Attended the support group; asked about counseling.",
};

static const char *const notes_es[] = {
  "Registro de demostración."
  " Entrevista inicial por teléfono; hablamos de opciones y de un plan de seguridad.",
  "Registro de demostración. Vino con una vecina; quiere ayuda con una orden de protección.",
  "Registro de demostración. La refirió la línea de crisis; llamada de seguimiento programada.",
  "Registro de demostración. Necesita ayuda con vivienda y con el cambio de escuela de los niños.",
  "Registro de demostración. Asistió al grupo de apoyo; preguntó por terapia individual.",
};

static const char *const plans_en[] = {
  "Synthetic demo safety plan. Safe place: a friend's house across town."
  " Code word agreed with a trusted friend.",
  "Synthetic demo safety plan. Emergency bag kept at work."
  " Documents copied and stored at the office.",
  "Synthetic demo safety plan. Children know to go to the neighbor's and call 911.",
};

static const char *const plans_es[] = {
  "Plan de seguridad de demostración. Lugar seguro: casa de una amiga."
  " Palabra clave acordada con una persona de confianza.",
  "Plan de seguridad de demostración. Bolsa de emergencia en el trabajo."
  " Copias de documentos en la oficina.",
  "Plan de seguridad de demostración. Los niños saben ir con la vecina y llamar al 911.",
};

/* Generic names; no real organisation is meant. */
static const AmparoDemoPartnerInfo partners[] = {
  { "County Legal Aid Office", "legal_aid", "civil_legal|protection_order",
    "Low-income residents of the county", "English, Spanish", "Mon–Fri 9:00–17:00",
    "phone, email, in person",
    "Priority appointments for protection orders; shares no data without a release" },
  { "Regional Legal Services Clinic", "legal_aid", "civil_legal",
    "Adults in the region", "English", "Tue–Thu 10:00–16:00", "phone, in person",
    "Family law consultations twice a month" },
  { "Immigrant Rights Legal Project", "legal_aid", "immigration_advocacy|civil_legal",
    "Immigrant survivors of any status", "English, Spanish, Vietnamese", "Mon–Fri 9:00–17:00",
    "phone, email",
    "U-visa and VAWA petitions" },
  { "City Police Department Victim Unit", "law_enforcement", "law_enforcement_interview",
    "Anyone", "English, Spanish", "24 hours", "phone, in person",
    "Notifies the program of DV calls with the survivor's consent" },
  { "County Sheriff's Office", "law_enforcement", "law_enforcement_interview",
    "Unincorporated county", "English", "24 hours", "phone", "Service of protection orders" },
  { "District Attorney Victim-Witness Program", "prosecution", "court_accompaniment|victim_rights",
    "Victims in charged cases", "English, Spanish", "Mon–Fri 8:00–17:00", "phone, email",
    "Case status updates; victim impact statements" },
  { "Family Court Self-Help Center", "court", "protection_order",
    "Anyone filing in family court", "English, Spanish", "Mon–Fri 8:30–16:00", "in person",
    "Help with protection order forms" },
  { "Community Health Clinic", "health", "medical_advocacy",
    "Uninsured and underinsured patients", "English, Spanish", "Mon–Sat 8:00–19:00",
    "phone, in person",
    "Screens for abuse; warm referrals" },
  { "Regional Hospital Emergency Department", "health", "medical_advocacy",
    "Anyone", "English, Spanish, Arabic, Chinese", "24 hours", "phone, in person",
    "Forensic exams; calls an advocate on request" },
  { "Valley Counseling Center", "mental_health", "counseling|support_group",
    "Adults and teens", "English, Spanish", "Mon–Fri 9:00–20:00", "phone, email, in person",
    "Trauma-informed counseling; sliding scale" },
  { "Family Mental Health Services", "mental_health", "counseling",
    "Families with children", "English", "Mon–Fri 9:00–17:00", "phone",
    "Child and family therapy" },
  { "County Child Protective Services", "child_adult_protection", "referral_other",
    "Children at risk", "English, Spanish", "24 hours", "phone",
    "Mandated reports; joint safety plans" },
  { "Adult Protective Services", "child_adult_protection", "referral_other",
    "Elders and dependent adults", "English, Spanish", "Mon–Fri 8:00–17:00", "phone",
    "Mandated reports for vulnerable adults" },
  { "Housing Authority", "housing", "transitional_housing|relocation",
    "Income-eligible households", "English, Spanish", "Mon–Fri 8:00–16:30", "phone, in person",
    "Emergency transfer vouchers for survivors" },
  { "Transitional Housing Partnership", "housing", "transitional_housing",
    "Survivors leaving shelter", "English, Spanish", "Mon–Fri 9:00–17:00", "phone, email",
    "Up to 24 months of housing with case management" },
  { "Interfaith Community Network", "faith_community", "referral_other|transportation",
    "Anyone", "English, Spanish, Korean", "Mon–Sun 9:00–21:00", "phone",
    "Volunteer drivers; donated goods" },
  { "Unified School District Family Center", "school", "education_advocacy",
    "Families with children in district schools", "English, Spanish", "School days 8:00–15:30",
    "phone, in person", "Confidential school transfers" },
  { "State Victim Compensation Program", "victim_compensation", "benefits_advocacy",
    "Victims of crime in the state", "English, Spanish", "Mon–Fri 8:00–17:00",
    "email, secure portal",
    "Reimburses medical, counseling and relocation costs" },
  { "County Social Services Department", "government", "benefits_advocacy",
    "County residents", "English, Spanish, Vietnamese, Tagalog", "Mon–Fri 8:00–17:00",
    "phone, in person",
    "Expedited benefits for survivors" },
  { "Neighboring County Safe House", "shelter", "emergency_shelter",
    "Women and children fleeing violence", "English, Spanish", "24 hours", "phone",
    "Takes transfers when our shelter is full" },
  { "Rural Outreach Shelter Network", "shelter", "emergency_shelter|transportation",
    "Rural survivors", "English", "24 hours", "phone", "Safe homes in outlying towns" },
  { "Sexual Assault Response Program", "dv_sa_program", "medical_advocacy|counseling",
    "Survivors of sexual assault", "English, Spanish", "24 hours", "phone, in person",
    "Hospital accompaniment" },
  { "Tri-County Domestic Violence Coalition", "dv_sa_program", "referral_other",
    "Member programs", "English, Spanish", "Mon–Fri 9:00–17:00", "email",
    "Receives quarterly de-identified summaries" },
  { "University Research Partnership", "research", "referral_other",
    "Not for individual referrals", "English", "By appointment", "email",
    "Aggregate data only; no identifying information" },
  { "Workforce Development Center", "other", "employment_advocacy",
    "Job seekers", "English, Spanish", "Mon–Fri 8:00–17:00", "phone, in person",
    "Job training slots for survivors" },
  { "Food Bank and Family Resource Center", "other", "referral_other",
    "Anyone", "English, Spanish, Somali", "Mon, Wed, Fri 10:00–18:00", "in person",
    "Food and clothing" },
};

#define LIST(a) { a, G_N_ELEMENTS (a) }

static const struct { const char *const *items; guint n; } lists[] = {
  [AMPARO_DEMO_NAMES_WOMEN_EN] = LIST (women_en),
  [AMPARO_DEMO_NAMES_WOMEN_ES] = LIST (women_es),
  [AMPARO_DEMO_NAMES_MEN_EN] = LIST (men_en),
  [AMPARO_DEMO_NAMES_MEN_ES] = LIST (men_es),
  [AMPARO_DEMO_NAMES_NEUTRAL] = LIST (neutral),
  [AMPARO_DEMO_NAMES_LAST_EN] = LIST (last_en),
  [AMPARO_DEMO_NAMES_LAST_ES] = LIST (last_es),
  [AMPARO_DEMO_NAMES_STREETS] = LIST (streets),
  [AMPARO_DEMO_NAMES_TOWNS] = LIST (towns),
  [AMPARO_DEMO_NAMES_SAFE_CONTACT_EN] = LIST (safe_contact_en),
  [AMPARO_DEMO_NAMES_SAFE_CONTACT_ES] = LIST (safe_contact_es),
  [AMPARO_DEMO_NAMES_NOTES_EN] = LIST (notes_en),
  [AMPARO_DEMO_NAMES_NOTES_ES] = LIST (notes_es),
  [AMPARO_DEMO_NAMES_PLANS_EN] = LIST (plans_en),
  [AMPARO_DEMO_NAMES_PLANS_ES] = LIST (plans_es),
};

G_STATIC_ASSERT (G_N_ELEMENTS (lists) == AMPARO_DEMO_NAMES_N_LISTS);

const char *const *
amparo_demo_names (AmparoDemoNameList  list,
                   guint              *n_items)
{
  g_return_val_if_fail (list < AMPARO_DEMO_NAMES_N_LISTS, NULL);

  *n_items = lists[list].n;
  return lists[list].items;
}

const AmparoDemoPartnerInfo *
amparo_demo_partner_directory (guint *n_items)
{
  *n_items = G_N_ELEMENTS (partners);
  return partners;
}
