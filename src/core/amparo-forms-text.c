/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "AmparoForms"

#include <stdlib.h>
#include <string.h>

#include "amparo-cases.h"
#include "amparo-codes.h"
#include "amparo-forms.h"
#include "amparo-forms-private.h"

/* The printed forms are documents a survivor reads and signs, in the
 * language she chooses, whatever language the staff member's screen is
 * in. Their wording therefore lives here, in both languages side by
 * side, rather than in the gettext catalogue:
 *
 *  - switching the process's gettext language for one form (LANGUAGE,
 *    setlocale) is global state: it races with other threads and leaves
 *    the interface in the wrong language if anything fails half-way;
 *  - gettext falls back to English, silently, for any sentence the
 *    catalogue lacks — an incomplete es.po would print a consent form
 *    that is half English, which a survivor cannot give informed consent
 *    on;
 *  - a consent form's wording is reviewed as a whole, like a contract,
 *    and both versions should be read together.
 *
 * So each sentence below has an English and a Spanish text, and a unit
 * test checks that every entry has both, with the same placeholders. The
 * labels of the codes a form shows (scope, purpose, sector, service)
 * are likewise kept here per language; the Spanish ones are the same
 * words es.po gives those codes (po/GLOSSARY-es.md), so a partner reads
 * on paper what staff see on screen. */

typedef struct
{
  const char *en;
  const char *es;
} Text;

static const Text texts[N_FORM_TEXTS] = {
  [FORM_YES] = { "Yes", "Sí" },
  [FORM_NO] = { "No", "No" },
  [FORM_NOT_SPECIFIED] = { "Not specified", "No especificado" },
  [FORM_PAGE] = { "Page %u", "Página %u" },
  [FORM_CONFIDENTIAL] = { "CONFIDENTIAL", "CONFIDENCIAL" },

  [FORM_REFERRAL_TITLE] = { "Referral form", "Formulario de referencia" },
  [FORM_FROM] = { "From", "De" },
  [FORM_TO] = { "To", "Para" },
  [FORM_SECTOR] = { "Sector", "Sector" },
  [FORM_DATE] = { "Date", "Fecha" },
  [FORM_REF_CODE] = { "Reference code", "Código de referencia" },
  [FORM_SERVICE] = { "Service needed", "Servicio que necesita" },
  [FORM_WARM] = { "Warm hand-off (we connect the survivor with you directly)",
                  "Referencia acompañada (la ponemos en contacto directo con ustedes)" },
  [FORM_PARTNER_CONTACT] = { "Your point of contact", "Su persona de contacto" },
  [FORM_IDENTIFYING] = { "Identifying details", "Datos de identificación" },
  [FORM_NAME] = { "Name", "Nombre" },
  [FORM_PREFERRED_NAME] = { "Preferred name", "Nombre preferido" },
  [FORM_BIRTH_DATE] = { "Date of birth", "Fecha de nacimiento" },
  [FORM_PHONE] = { "Phone", "Teléfono" },
  [FORM_PHONE_FLAGS] = { "safe to call: %s; text messages: %s; voicemail: %s",
                         "se puede llamar: %s; mensajes de texto: %s; buzón de voz: %s" },
  [FORM_EMAIL] = { "Email", "Correo electrónico" },
  [FORM_ADDRESS] = { "Address", "Dirección" },
  [FORM_CONFIDENTIAL_LOCATION] = { "Confidential location (not shared)",
                                   "Ubicación confidencial (no se comparte)" },
  [FORM_SAFE_CONTACT] = { "How to contact her safely", "Cómo comunicarse con ella de forma segura" },
  [FORM_NO_IDENTIFYING] = {
    "No identifying details are included: no current release of information signed by the "
    "survivor covers them. Please use the reference code whenever you contact us about this "
    "referral.",
    "No se incluyen datos de identificación: ninguna autorización vigente firmada por la "
    "sobreviviente lo permite. Por favor, use el código de referencia siempre que se comunique "
    "con nosotros sobre esta referencia." },
  [FORM_NO_IDENTITY] = {
    "Name and date of birth are not included: the survivor's release does not cover them.",
    "No se incluyen el nombre ni la fecha de nacimiento: la autorización de la sobreviviente no "
    "los incluye." },
  [FORM_NO_CONTACT] = {
    "Contact details are not included: the survivor's release does not cover them.",
    "No se incluyen datos de contacto: la autorización de la sobreviviente no los incluye." },
  [FORM_UNDER_RELEASE] = {
    "Shared under the survivor's release of information no. %s, valid until %s.",
    "Se comparte según la autorización de la sobreviviente n.º %s, vigente hasta el %s." },
  [FORM_REFERRAL_FOOTER] = {
    "Use this information only for the referral described here. Do not share it further "
    "without the survivor's consent unless the law requires it.",
    "Use esta información solo para la referencia descrita aquí. No la comparta con nadie "
    "más sin el consentimiento de la sobreviviente, salvo que la ley lo exija." },

  [FORM_RELEASE_TITLE] = { "Authorization to release information",
                           "Autorización para divulgar información" },
  [FORM_RELEASE_INTRO] = {
    "I, the undersigned, authorize %s to share the information marked below with %s.",
    "Yo, la persona que firma abajo, autorizo a %s a compartir la información marcada abajo "
    "con %s." },
  [FORM_RELEASE_RECEIVER] = { "Who will receive it", "Quién la recibirá" },
  [FORM_RELEASE_WHAT] = { "What may be shared", "Qué se puede compartir" },
  [FORM_RELEASE_PURPOSE] = { "Why it is shared", "Para qué se comparte" },
  [FORM_RELEASE_UNTIL_HEADING] = { "Until when", "Hasta cuándo" },
  [FORM_RELEASE_VALID] = {
    "This authorization is valid from %s through %s. After that date nothing more will be "
    "shared unless I sign a new authorization.",
    "Esta autorización es válida desde el %s hasta el %s, inclusive. Después de esa fecha no se "
    "compartirá nada más a menos que yo firme una nueva autorización." },
  [FORM_RELEASE_WRITTEN] = { "Consent given in writing.", "Consentimiento dado por escrito." },
  [FORM_RELEASE_VERBAL] = {
    "Consent given verbally; this form records what was agreed.",
    "Consentimiento dado de palabra; este formulario deja constancia de lo acordado." },
  [FORM_RELEASE_REVOKE_HEADING] = { "Your right to revoke", "Su derecho a revocar" },
  [FORM_RELEASE_REVOKE] = {
    "I may revoke this authorization at any time by telling any staff member of %s, in person, "
    "by phone or in writing. The revocation takes effect immediately: nothing more will be "
    "shared from that moment, although it cannot undo what was already shared.",
    "Puedo revocar esta autorización en cualquier momento diciéndoselo a cualquier persona del "
    "personal de %s, en persona, por teléfono o por escrito. La revocación tiene efecto "
    "inmediato: desde ese momento no se compartirá nada más, aunque no puede deshacer lo que ya "
    "se compartió." },
  [FORM_RELEASE_VOLUNTARY] = {
    "I do not have to sign this authorization to receive services. Signing it is my choice.",
    "No tengo que firmar esta autorización para recibir servicios. Firmarla es mi decisión." },
  [FORM_RELEASE_RISKS] = {
    "The receiving agency may have different confidentiality duties from those of %s, and the "
    "law may require it to pass information on.",
    "La agencia que recibe la información puede tener obligaciones de confidencialidad "
    "distintas de las de %s, y la ley puede obligarla a transmitir la información." },
  [FORM_RELEASE_DUTIES] = { "Confidentiality duties of the receiving agency",
                            "Obligaciones de confidencialidad de la agencia que recibe" },
  [FORM_RELEASE_STATE_REVOKED] = { "This authorization was revoked on %s.",
                                   "Esta autorización fue revocada el %s." },
  [FORM_RELEASE_STATE_EXPIRED] = { "This authorization expired after %s.",
                                   "Esta autorización venció después del %s." },
  [FORM_RELEASE_SIGNATURE] = { "Signature", "Firma" },
  [FORM_RELEASE_PRINTED_NAME] = { "Printed name", "Nombre en letra de molde" },
  [FORM_RELEASE_STAFF] = { "Signature of the staff member", "Firma del personal de la agencia" },
  [FORM_RELEASE_COPY] = { "The survivor keeps a copy of this form.",
                          "La sobreviviente se queda con una copia de este formulario." },
};

typedef struct
{
  const char *category;
  const char *code;
  const char *es;
} CodeText;

/* Spanish labels of the codes that appear on forms; English comes from
 * amparo-codes.c untranslated. */
static const CodeText code_texts[] = {
  { "release_scope", "identity", "Nombre y fecha de nacimiento" },
  { "release_scope", "contact", "Datos de contacto (teléfono, correo electrónico, dirección)" },
  { "release_scope", "case_details", "Detalles del caso (servicios, fechas, necesidades)" },
  { "release_scope", "safety_plan", "Plan de seguridad" },

  { "release_purpose", "referral", "Referencia a servicios" },
  { "release_purpose", "advocacy", "Defensoría en nombre de la persona sobreviviente" },
  { "release_purpose", "legal", "Asistencia legal" },
  { "release_purpose", "housing", "Vivienda" },
  { "release_purpose", "health", "Atención médica" },
  { "release_purpose", "benefits", "Beneficios o compensación" },
  { "release_purpose", "other", "Otra finalidad" },

  { "sector", "dv_sa_program", "Programa de violencia doméstica o agresión sexual" },
  { "sector", "shelter", "Albergue" },
  { "sector", "law_enforcement", "Fuerzas del orden" },
  { "sector", "prosecution", "Fiscalía" },
  { "sector", "court", "Tribunal" },
  { "sector", "legal_aid", "Asistencia legal gratuita" },
  { "sector", "health", "Atención médica" },
  { "sector", "mental_health", "Salud mental" },
  { "sector", "child_adult_protection", "Servicios de protección de menores o adultos" },
  { "sector", "housing", "Vivienda" },
  { "sector", "faith_community", "Comunidad de fe" },
  { "sector", "school", "Escuela" },
  { "sector", "victim_compensation", "Compensación para víctimas" },
  { "sector", "government", "Agencia gubernamental" },
  { "sector", "research", "Investigación" },
  { "sector", "other", "Otro sector" },
  { "sector", "not_reported", "Sin información" },

  { "voca", "information_referral", "Información y referencia" },
  { "voca", "personal_advocacy", "Defensoría y acompañamiento individual" },
  { "voca", "emotional_support_safety", "Apoyo emocional y servicios de seguridad" },
  { "voca", "shelter_housing", "Albergue y vivienda" },
  { "voca", "criminal_civil_justice", "Asistencia en justicia penal y civil" },

  { "service_type", "justice_information", "Información sobre el sistema de justicia" },
  { "service_type", "victim_rights", "Información sobre los derechos de las víctimas" },
  { "service_type", "referral_other", "Referencia a otros servicios" },
  { "service_type", "medical_advocacy", "Acompañamiento a un examen médico o forense" },
  { "service_type", "benefits_advocacy", "Ayuda con beneficios públicos" },
  { "service_type", "employment_advocacy", "Defensoría en materia de empleo" },
  { "service_type", "education_advocacy", "Defensoría en materia de educación" },
  { "service_type", "immigration_advocacy", "Asistencia en temas de inmigración" },
  { "service_type", "interpreter", "Servicios de interpretación" },
  { "service_type", "transportation", "Transporte" },
  { "service_type", "crisis_intervention", "Intervención en crisis" },
  { "service_type", "hotline_call", "Llamada a la línea de ayuda" },
  { "service_type", "support_group", "Grupo de apoyo" },
  { "service_type", "counseling", "Consejería individual" },
  { "service_type", "safety_planning", "Planificación de seguridad" },
  { "service_type", "emergency_shelter", "Albergue de emergencia" },
  { "service_type", "transitional_housing", "Vivienda de transición" },
  { "service_type", "relocation", "Ayuda para reubicarse" },
  { "service_type", "protection_order", "Ayuda con órdenes de protección" },
  { "service_type", "court_accompaniment", "Acompañamiento al tribunal" },
  { "service_type", "law_enforcement_interview", "Entrevista con las fuerzas del orden" },
  { "service_type", "civil_legal", "Asistencia legal civil" },
  { "service_type", "impact_statement", "Declaración del impacto en la víctima" },
};

static const char *const months_en[] = {
  "January", "February", "March", "April", "May", "June", "July", "August", "September",
  "October", "November", "December"
};

static const char *const months_es[] = {
  "enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre",
  "octubre", "noviembre", "diciembre"
};

static gboolean
is_spanish (const char *lang)
{
  return g_strcmp0 (lang, "es") == 0;
}

/**
 * amparo_forms_lang_is_valid:
 *
 * Returns: whether forms can be printed in @lang (`en` or `es`)
 */
gboolean
amparo_forms_lang_is_valid (const char *lang)
{
  return g_strcmp0 (lang, "en") == 0 || g_strcmp0 (lang, "es") == 0;
}

const char *
amparo_forms_text (FormText    id,
                   const char *lang)
{
  g_return_val_if_fail (id < N_FORM_TEXTS, "");

  return is_spanish (lang) ? texts[id].es : texts[id].en;
}

/**
 * amparo_forms_code_label:
 * @lang: `en` or `es`
 *
 * The label of a code as printed on a form in @lang, independent of the
 * interface language.
 *
 * Returns: (transfer none): the label; the English one when @lang has
 *   none, or @code itself when it is unknown
 */
const char *
amparo_forms_code_label (const char *category_id,
                         const char *code,
                         const char *lang)
{
  const AmparoCategory *cat;

  g_return_val_if_fail (category_id != NULL && code != NULL, "");

  if (is_spanish (lang))
    for (guint i = 0; i < G_N_ELEMENTS (code_texts); i++)
      if (g_str_equal (code_texts[i].category, category_id)
          && g_str_equal (code_texts[i].code, code))
        return code_texts[i].es;
  cat = amparo_category_lookup (category_id);
  if (cat != NULL)
    for (const AmparoCode *c = cat->codes; c->code != NULL; c++)
      if (g_str_equal (c->code, code))
        return c->label;
  return code;
}

/* "March 5, 2026" or "5 de marzo de 2026": spelled out, since a
 * survivor may misread 03/05 either way. */
char *
amparo_forms_format_date (const char *date,
                          const char *lang)
{
  int y, m, d;

  if (!amparo_date_is_valid (date))
    return g_strdup (amparo_forms_text (FORM_NOT_SPECIFIED, lang));
  y = atoi (date);
  m = atoi (date + 5);
  d = atoi (date + 8);
  if (is_spanish (lang))
    return g_strdup_printf ("%d de %s de %d", d, months_es[m - 1], y);
  return g_strdup_printf ("%s %d, %d", months_en[m - 1], d, y);
}
