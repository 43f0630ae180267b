/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "amparo-case.h"

G_BEGIN_DECLS

#define AMPARO_TYPE_CASE_SECTION (amparo_case_section_get_type ())

G_DECLARE_INTERFACE (AmparoCaseSection, amparo_case_section, AMPARO, CASE_SECTION, GtkWidget)

/**
 * AmparoCaseSectionInterface:
 * @refresh: show the values of the (reloaded) case
 *
 * One section of the case page. A section writes its own edits through
 * the core API and then emits #AmparoCaseSection::changed; the page
 * reloads the case and refreshes every other section.
 */
struct _AmparoCaseSectionInterface
{
  GTypeInterface parent_iface;

  void (*refresh) (AmparoCaseSection *self,
                   AmparoCase        *kase);
};

void amparo_case_section_refresh (AmparoCaseSection *self,
                                  AmparoCase        *kase);
void amparo_case_section_changed (AmparoCaseSection *self);

G_END_DECLS
