/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "amparo-types.h"

G_BEGIN_DECLS

gboolean amparo_purge_closed_before (AmparoVault *vault,
                                     const char  *date,
                                     guint       *out_purged,
                                     GError     **error);
gboolean amparo_purge_resume        (AmparoVault *vault,
                                     GError     **error);

G_END_DECLS
