/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "amparo-vault.h"

G_BEGIN_DECLS

#define AMPARO_TYPE_AUDIT_PAGE (amparo_audit_page_get_type ())

G_DECLARE_FINAL_TYPE (AmparoAuditPage, amparo_audit_page, AMPARO, AUDIT_PAGE, AdwBin)

GtkWidget *amparo_audit_page_new       (AmparoVault     *vault);
void       amparo_audit_page_reload    (AmparoAuditPage *self);
gboolean   amparo_audit_page_is_loaded (AmparoAuditPage *self);

G_END_DECLS
