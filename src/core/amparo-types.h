/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef struct _AmparoVault AmparoVault;
typedef struct _AmparoSecret AmparoSecret;
typedef struct _AmparoTable AmparoTable;

/**
 * AmparoRole:
 * @AMPARO_ROLE_ADVOCATE: case work; sees identifying details
 * @AMPARO_ROLE_SUPERVISOR: advocate, plus staff, audit, purge
 * @AMPARO_ROLE_REPORTING: coded data and reports only; never holds K_contacts
 */
typedef enum
{
  AMPARO_ROLE_ADVOCATE,
  AMPARO_ROLE_SUPERVISOR,
  AMPARO_ROLE_REPORTING,
} AmparoRole;

typedef enum
{
  AMPARO_VAULT_KIND_AGENCY,
  AMPARO_VAULT_KIND_COORDINATOR,
} AmparoVaultKind;

const char *amparo_role_to_string   (AmparoRole   role);
gboolean    amparo_role_from_string (const char  *str,
                                     AmparoRole  *role);
const char *amparo_role_label       (AmparoRole   role);

G_END_DECLS
