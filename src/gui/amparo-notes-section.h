/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "amparo-case.h"

G_BEGIN_DECLS

#define AMPARO_TYPE_NOTES_SECTION (amparo_notes_section_get_type ())

G_DECLARE_FINAL_TYPE (AmparoNotesSection, amparo_notes_section, AMPARO, NOTES_SECTION,
                      AdwPreferencesPage)

GtkWidget *amparo_notes_section_new (AmparoVault *vault,
                                     AmparoCase  *kase);

G_END_DECLS
