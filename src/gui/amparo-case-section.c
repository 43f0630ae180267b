/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "AmparoCaseSection"

#include "amparo-case-section.h"

G_DEFINE_INTERFACE (AmparoCaseSection, amparo_case_section, GTK_TYPE_WIDGET)

static void
amparo_case_section_default_init (AmparoCaseSectionInterface *iface)
{
  /**
   * AmparoCaseSection::changed:
   *
   * The section has written a change to the vault.
   */
  g_signal_new ("changed", G_TYPE_FROM_INTERFACE (iface), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                NULL, G_TYPE_NONE, 0);
}

void
amparo_case_section_refresh (AmparoCaseSection *self,
                             AmparoCase        *kase)
{
  g_return_if_fail (AMPARO_IS_CASE_SECTION (self));

  AMPARO_CASE_SECTION_GET_IFACE (self)->refresh (self, kase);
}

void
amparo_case_section_changed (AmparoCaseSection *self)
{
  g_return_if_fail (AMPARO_IS_CASE_SECTION (self));

  g_signal_emit_by_name (self, "changed");
}
