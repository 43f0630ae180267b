/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "amparo-case.h"

G_BEGIN_DECLS

#define AMPARO_TYPE_PROFILE_SECTION (amparo_profile_section_get_type ())

G_DECLARE_FINAL_TYPE (AmparoProfileSection, amparo_profile_section, AMPARO, PROFILE_SECTION,
                      AdwPreferencesPage)

GtkWidget *amparo_profile_section_new (AmparoVault *vault,
                                       AmparoCase  *kase);

G_END_DECLS
