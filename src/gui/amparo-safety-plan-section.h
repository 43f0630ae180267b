/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "amparo-case.h"

G_BEGIN_DECLS

#define AMPARO_TYPE_SAFETY_PLAN_SECTION (amparo_safety_plan_section_get_type ())

G_DECLARE_FINAL_TYPE (AmparoSafetyPlanSection, amparo_safety_plan_section, AMPARO,
                      SAFETY_PLAN_SECTION, AdwPreferencesPage)

GtkWidget *amparo_safety_plan_section_new (AmparoVault *vault,
                                           AmparoCase  *kase);

G_END_DECLS
