/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "amparo-case.h"

G_BEGIN_DECLS

#define AMPARO_TYPE_SERVICES_SECTION (amparo_services_section_get_type ())

G_DECLARE_FINAL_TYPE (AmparoServicesSection, amparo_services_section, AMPARO, SERVICES_SECTION,
                      AdwPreferencesPage)

GtkWidget *amparo_services_section_new (AmparoVault *vault,
                                        AmparoCase  *kase);

G_END_DECLS
