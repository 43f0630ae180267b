/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "amparo-case.h"

G_BEGIN_DECLS

#define AMPARO_TYPE_SHELTER_SECTION (amparo_shelter_section_get_type ())

G_DECLARE_FINAL_TYPE (AmparoShelterSection, amparo_shelter_section, AMPARO, SHELTER_SECTION,
                      AdwPreferencesPage)

GtkWidget *amparo_shelter_section_new (AmparoVault *vault,
                                       AmparoCase  *kase);

G_END_DECLS
