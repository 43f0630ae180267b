/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <glib/gi18n.h>

#include "amparo-types.h"

const char *
amparo_role_to_string (AmparoRole role)
{
  switch (role)
    {
    case AMPARO_ROLE_ADVOCATE: return "advocate";
    case AMPARO_ROLE_SUPERVISOR: return "supervisor";
    case AMPARO_ROLE_REPORTING: return "reporting";
    default: g_return_val_if_reached ("reporting");
    }
}

gboolean
amparo_role_from_string (const char *str,
                         AmparoRole *role)
{
  if (g_strcmp0 (str, "advocate") == 0)
    *role = AMPARO_ROLE_ADVOCATE;
  else if (g_strcmp0 (str, "supervisor") == 0)
    *role = AMPARO_ROLE_SUPERVISOR;
  else if (g_strcmp0 (str, "reporting") == 0)
    *role = AMPARO_ROLE_REPORTING;
  else
    return FALSE;
  return TRUE;
}

const char *
amparo_role_label (AmparoRole role)
{
  switch (role)
    {
    case AMPARO_ROLE_ADVOCATE: return _("Advocate");
    case AMPARO_ROLE_SUPERVISOR: return _("Supervisor");
    case AMPARO_ROLE_REPORTING: return _("Reporting (no names)");
    default: g_return_val_if_reached ("");
    }
}
