/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "amparo-case.h"

G_BEGIN_DECLS

#define AMPARO_TYPE_CONTACT_SECTION (amparo_contact_section_get_type ())

G_DECLARE_FINAL_TYPE (AmparoContactSection, amparo_contact_section, AMPARO, CONTACT_SECTION,
                      AdwPreferencesPage)

GtkWidget *amparo_contact_section_new (AmparoVault *vault,
                                       AmparoCase  *kase);

G_END_DECLS
