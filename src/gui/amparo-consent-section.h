/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "amparo-case.h"
#include "amparo-vault.h"

G_BEGIN_DECLS

#define AMPARO_TYPE_CONSENT_SECTION (amparo_consent_section_get_type ())

G_DECLARE_FINAL_TYPE (AmparoConsentSection, amparo_consent_section, AMPARO, CONSENT_SECTION,
                      AdwPreferencesPage)

GtkWidget  *amparo_consent_section_new           (AmparoVault          *vault,
                                                  AmparoCase           *kase);
const char *amparo_consent_section_get_form_lang (AmparoConsentSection *self);
gboolean    amparo_consent_section_print_release (AmparoConsentSection *self,
                                                  gint64                release_id,
                                                  GFile                *file);
gboolean    amparo_consent_section_print_referral (AmparoConsentSection *self,
                                                   gint64                referral_id,
                                                   GFile                *file);

G_END_DECLS
